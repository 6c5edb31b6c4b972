//! One scrape: every requested source runs concurrently (hosts are protected by their rate
//! limiters), each page is parsed by its adapter, and postings are tagged, filtered,
//! de-duplicated and cut at `--limit`. A source that fails keeps what it fetched before the
//! failure and never stops the others.

use crate::adapters::{self, Adapter, AdapterError, Detail, ParseCtx, Search};
use crate::clock::now;
use crate::definition::{Definition, Registry, SourceSpec};
use crate::fetch::{host_key, Deadline, FetchError, Fetcher, ForSource, Rate};
use crate::filter::{Filter, Rejection};
use crate::finish::Finish;
use crate::posting::Posting;
use crate::report::{Progress, Report};
use crate::secrets::Secrets;
use crate::tag::{Pending, TagHit};
use std::collections::{HashMap, HashSet};
use thiserror::Error;
use url::Url;

#[derive(Debug, Default, Clone)]
pub struct ScrapeOptions {
    pub query: Option<String>,
    pub location: Option<String>,
    /// At most this many postings per source.
    pub limit: Option<usize>,
    pub filter: Filter,
    /// Print on stderr why each tag fired (`--explain`).
    pub explain: bool,
    /// Replacement base URLs by source name (`--endpoint`).
    pub endpoints: HashMap<String, Url>,
    /// Rate overrides by source name (`--rate`).
    pub rates: HashMap<String, Rate>,
    /// Fetch detail pages for sources whose lists lack details (`--details`).
    pub details: bool,
    /// Settings replacing a definition's `[settings]`, by source name (saved searches).
    pub settings: HashMap<String, toml::Table>,
}

#[derive(Debug, Error)]
pub enum SourceError {
    #[error("unknown source (known: {known})")]
    Unknown { known: String },
    #[error(transparent)]
    Adapter(#[from] AdapterError),
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("detail pages refused, the rest kept as listed: {0}")]
    Details(FetchError),
    #[error(
        "stopped after {} on the network (--source-timeout; waits for its rate not counted), what it fetched before is kept",
        humantime::format_duration(*.limit)
    )]
    Deadline { limit: std::time::Duration },
    #[error("page {page} ({url}): {error}")]
    Page {
        page: usize,
        url: String,
        error: AdapterError,
    },
}

impl SourceError {
    /// The source failed because a host name did not resolve.
    pub fn is_unresolved(&self) -> bool {
        matches!(self, SourceError::Fetch(e) | SourceError::Details(e) if e.is_unresolved())
    }
}

/// What one source gave: its postings, and why it stopped early if it did.
#[derive(Debug)]
pub struct SourceRun {
    pub spec: SourceSpec,
    pub postings: Vec<Posting>,
    pub pages: usize,
    /// Postings left out because their closing date (`valid_through`) had passed.
    pub expired: usize,
    pub error: Option<SourceError>,
    /// How many postings the filters turned away, by reason.
    pub filtered: Filtered,
}

/// Postings turned away by the filters, counted by reason.
pub type Filtered = std::collections::BTreeMap<Rejection, usize>;

pub struct Scraper<'a> {
    pub registry: &'a Registry,
    pub fetcher: &'a Fetcher,
    pub tagger: &'a Pending,
    pub opts: &'a ScrapeOptions,
    pub secrets: &'a Secrets,
    /// Where each source's progress is told.
    pub report: &'a dyn Report,
}

impl Scraper<'_> {
    pub async fn run(&self, specs: &[SourceSpec]) -> Vec<SourceRun> {
        // Rates first, so a host shared by several sources gets the slowest before any
        // request goes out (the fetcher also applies a source's rate to every other host
        // it reaches for that source).
        for spec in specs {
            if let Some(def) = self.registry.get(&spec.name) {
                let rate = self.opts.rates.get(&spec.name).copied().unwrap_or(def.rate);
                self.fetcher
                    .limits()
                    .set_rate(&host_key(self.base_url(spec, &def.base_url)), rate);
            }
        }
        let runs = specs.iter().enumerate();
        futures::future::join_all(runs.map(|(i, s)| self.run_source(i, s))).await
    }

    /// Checks every spec names a known source with the argument it needs, so command-line
    /// mistakes are reported before anything is fetched.
    pub fn check(&self, specs: &[SourceSpec]) -> Result<(), String> {
        for spec in specs {
            let def = self.registry.get(&spec.name).ok_or_else(|| {
                format!(
                    "{spec}: unknown source (known: {})",
                    self.registry.names().join(", ")
                )
            })?;
            let adapter = adapters::by_name(&def.adapter).expect("definitions name known adapters");
            // Any other error (a missing key) fails that source alone, in the run.
            match adapter.request(&self.search(spec, def)) {
                Err(e @ AdapterError::MissingArg { .. }) => return Err(format!("{spec}: {e}")),
                // Named without the spec, which would show a password the URL holds.
                Ok(request) => {
                    if let Some(why) = crate::fetch::refusal(&request.url) {
                        let url = crate::fetch::redact(&request.url);
                        return Err(format!("{}: {url}: {why}", spec.name));
                    }
                }
                Err(_) => {}
            }
        }
        for name in self.opts.endpoints.keys().chain(self.opts.rates.keys()) {
            if self.registry.get(name).is_none() {
                return Err(format!("{name}: unknown source in --endpoint or --rate"));
            }
        }
        Ok(())
    }

    fn search<'s>(&'s self, spec: &'s SourceSpec, def: &'s Definition) -> Search<'s> {
        Search {
            source: &def.name,
            arg: spec.arg.as_deref(),
            query: self.opts.query.as_deref().or(spec.query.as_deref()),
            location: self.opts.location.as_deref(),
            limit: self.opts.limit,
            details: self.opts.details,
            base: self.base_url(spec, &def.base_url),
            settings: self.opts.settings.get(&def.name).unwrap_or(&def.settings),
            secrets: self.secrets,
        }
    }

    fn base_url<'u>(&'u self, spec: &SourceSpec, default: &'u Url) -> &'u Url {
        self.opts.endpoints.get(&spec.name).unwrap_or(default)
    }

    async fn run_source(&self, index: usize, spec: &SourceSpec) -> SourceRun {
        let mut run = SourceRun {
            spec: spec.clone(),
            postings: Vec::new(),
            pages: 0,
            expired: 0,
            error: None,
            filtered: Filtered::new(),
        };
        let progress = |p: Progress| self.report.progress(index, spec, p);
        progress(Progress::Started);
        // On the deadline the paging future is dropped: what it had put in `run` stays.
        let deadline = self.fetcher.deadline();
        let filled = tokio::select! {
            filled = self.fill(spec, &mut run, &progress, &deadline) => filled,
            () = deadline.passed() => Err(SourceError::Deadline {
                limit: deadline.limit(),
            }),
        };
        if let Err(e) = filled {
            run.error = Some(e);
        }
        progress(Progress::Ended {
            pages: run.pages,
            postings: run.postings.len(),
            failed: run.error.is_some(),
        });
        run
    }

    async fn fill(
        &self,
        spec: &SourceSpec,
        run: &mut SourceRun,
        progress: &dyn Fn(Progress),
        deadline: &Deadline,
    ) -> Result<(), SourceError> {
        let def = self
            .registry
            .get(&spec.name)
            .ok_or_else(|| SourceError::Unknown {
                known: self.registry.names().join(", "),
            })?;
        let adapter = adapters::by_name(&def.adapter).expect("definitions name known adapters");
        let request = adapter.request(&self.search(spec, def))?;
        let name = spec.to_string();
        let mut paging = Paging {
            spec,
            adapter,
            source: ForSource {
                name: &name,
                rate: self
                    .opts
                    .rates
                    .get(&spec.name)
                    .copied()
                    .or(request.rate)
                    .unwrap_or(def.rate),
                headers: &request.headers,
                deadline,
            },
            seen_ids: HashSet::new(),
            details_refused: None,
        };
        let mut requested = HashSet::new();
        let mut next = Some(request.url.clone());
        while let Some(url) = next.take() {
            if run.pages >= def.max_pages || !requested.insert(url.clone()) {
                break;
            }
            let body = self.fetcher.get(&url, &paging.source).await?;
            run.pages += 1;
            let ctx = ParseCtx {
                source: &def.name,
                arg: spec.arg.as_deref(),
                url: &body.url,
                fetched_at: now(),
            };
            let page = adapter
                .parse(&body.bytes, &ctx)
                .map_err(|error| SourceError::Page {
                    page: run.pages,
                    url: crate::fetch::redact(&url),
                    error,
                })?;
            // A first page with no postings and nowhere to go next is either an empty board
            // or a changed format; a first step that only leads on (hn's thread search) is
            // neither.
            if run.pages == 1 && page.postings.is_empty() && page.next.is_none() {
                tracing::warn!(
                    "{spec}: the first page held no postings (an empty board, or the site's format changed)"
                );
            }
            let full = self.take(&mut paging, page.postings, &ctx, run).await;
            progress(Progress::Page {
                pages: run.pages,
                postings: run.postings.len(),
            });
            if full {
                break;
            }
            next = page.next;
        }
        match paging.details_refused {
            Some(e) => Err(SourceError::Details(e)),
            None => Ok(()),
        }
    }

    /// Takes a page's postings into `run`: each once, completed from its detail page when
    /// asked, finished, and kept if the filters accept it. True once `--limit` is reached.
    async fn take(
        &self,
        paging: &mut Paging<'_>,
        postings: Vec<Posting>,
        ctx: &ParseCtx<'_>,
        run: &mut SourceRun,
    ) -> bool {
        let explain = |p: &Posting, hits: &[TagHit]| self.report.explain(p, hits);
        for mut p in postings {
            if !paging.seen_ids.insert(p.id.clone()) {
                continue;
            }
            if self.opts.details && paging.details_refused.is_none() {
                match self.fetch_detail(paging, &mut p, ctx).await {
                    Ok(Detail::Gone) => continue,
                    Ok(Detail::Updated) => {}
                    Err(e) => paging.details_refused = Some(e),
                }
            }
            // Read after the detail page, which may be the one that gives the date.
            if p.has_expired(ctx.fetched_at) {
                run.expired += 1;
                continue;
            }
            // The tagger is asked for only now, so it builds while the first page is fetched.
            let finish = Finish {
                tagger: self.tagger.get(),
                filter: &self.opts.filter,
                query: !paging.adapter.searches_query(),
                explain: self.opts.explain.then_some(&explain),
            };
            match finish.one(&mut p) {
                Ok(()) => run.postings.push(p),
                Err(why) => *run.filtered.entry(why).or_default() += 1,
            }
            if self.opts.limit.is_some_and(|l| run.postings.len() >= l) {
                return true;
            }
        }
        false
    }
}

/// What the pages of one source share while they are read.
struct Paging<'s> {
    spec: &'s SourceSpec,
    adapter: &'static dyn Adapter,
    /// Its name, rate, headers and deadline, for every request it makes.
    source: ForSource<'s>,
    /// Postings already taken: a site that repeats one on the next page lists it once.
    seen_ids: HashSet<String>,
    /// Set once detail pages refuse us: the rest keep what the list gave.
    details_refused: Option<FetchError>,
}

impl Scraper<'_> {
    /// Completes a posting from its detail page. A detail that cannot be had leaves the
    /// posting as the list gave it (with a warning); one the site says is gone drops it.
    /// A refusal (401, 403, 429 after retries, a link jobtap does not follow) is returned: asking again for the next
    /// posting would only hammer a site that said no.
    async fn fetch_detail(
        &self,
        paging: &Paging<'_>,
        p: &mut Posting,
        ctx: &ParseCtx<'_>,
    ) -> Result<Detail, FetchError> {
        let Paging {
            spec,
            adapter,
            ref source,
            ..
        } = *paging;
        let Some(url) = adapter.detail_url(p, ctx) else {
            return Ok(Detail::Updated);
        };
        match self.fetcher.get(&url, source).await {
            Ok(body) => {
                let dctx = ParseCtx {
                    url: &body.url,
                    fetched_at: now(),
                    ..*ctx
                };
                Ok(adapter
                    .parse_detail(&body.bytes, p, &dctx)
                    .unwrap_or_else(|e| {
                        tracing::warn!("{spec}: details of {}: {e}", p.url);
                        Detail::Updated
                    }))
            }
            Err(e) if matches!(e.status(), Some(404 | 410)) => Ok(Detail::Gone),
            Err(e) if matches!(e.status(), Some(401 | 403 | 429)) || e.is_refused_url() => Err(e),
            Err(e) => {
                tracing::warn!("{spec}: details of {}: {e}", p.url);
                Ok(Detail::Updated)
            }
        }
    }
}
