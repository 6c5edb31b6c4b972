//! One scrape: every requested source runs concurrently (hosts are protected by their rate
//! limiters), each page is parsed by its adapter, and postings are tagged, filtered,
//! de-duplicated and cut at `--limit`. A source that fails keeps what it fetched before the
//! failure and never stops the others.

use crate::adapters::{self, Adapter, AdapterError, Detail, ParseCtx, Search};
use crate::definition::{Definition, Registry, SourceSpec};
use crate::fetch::{host_key, Deadline, FetchError, Fetcher, ForSource, Rate};
use crate::filter::Filter;
use crate::normalize::{employment, salary, text};
use crate::posting::Posting;
use crate::posting::{EmploymentType, Workplace};
use crate::secrets::Secrets;
use crate::tag::{Pending, Tagger};
use chrono::{DateTime, Utc};
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
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
    pub error: Option<SourceError>,
}

pub struct Scraper<'a> {
    pub registry: &'a Registry,
    pub fetcher: &'a Fetcher,
    pub tagger: &'a Pending,
    pub opts: &'a ScrapeOptions,
    pub secrets: &'a Secrets,
    /// Progress bars, one per source, for a person at a terminal; none in cron.
    pub progress: Option<&'a MultiProgress>,
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
        futures::future::join_all(specs.iter().map(|s| self.run_source(s))).await
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

    async fn run_source(&self, spec: &SourceSpec) -> SourceRun {
        let mut run = SourceRun {
            spec: spec.clone(),
            postings: Vec::new(),
            pages: 0,
            error: None,
        };
        let bar = self.progress.map(|m| {
            let bar = m.add(ProgressBar::new_spinner());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg}").expect("a valid progress template"),
            );
            bar.set_message(format!("{spec}: starting"));
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        });
        // On the deadline the paging future is dropped: what it had put in `run` stays.
        let deadline = self.fetcher.deadline();
        let filled = tokio::select! {
            filled = self.fill(spec, &mut run, bar.as_ref(), &deadline) => filled,
            () = deadline.passed() => Err(SourceError::Deadline {
                limit: deadline.limit(),
            }),
        };
        if let Err(e) = filled {
            run.error = Some(e);
        }
        if let Some(bar) = bar {
            let outcome = if run.error.is_some() {
                "failed"
            } else {
                "done"
            };
            let count = |n: usize, one: &str, many: &str| {
                format!("{n} {}", if n == 1 { one } else { many })
            };
            bar.finish_with_message(format!(
                "{spec}: {outcome}, {} from {}",
                count(run.postings.len(), "posting", "postings"),
                count(run.pages, "page", "pages")
            ));
        }
        run
    }

    async fn fill(
        &self,
        spec: &SourceSpec,
        run: &mut SourceRun,
        bar: Option<&ProgressBar>,
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
        let source = ForSource {
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
        };
        let filter_query = !adapter.searches_query();
        let mut seen_ids = HashSet::new();
        let mut requested = HashSet::new();
        // Set once detail pages refuse us: the rest keep what the list gave.
        let mut details_refused: Option<FetchError> = None;
        let mut next = Some(request.url.clone());
        'pages: while let Some(url) = next.take() {
            if run.pages >= def.max_pages || !requested.insert(url.clone()) {
                break;
            }
            let body = self.fetcher.get(&url, &source).await?;
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
            for mut p in page.postings {
                if !seen_ids.insert(p.id.clone()) {
                    continue;
                }
                if self.opts.details && details_refused.is_none() {
                    match self
                        .fetch_detail(adapter, spec, &mut p, &ctx, &source)
                        .await
                    {
                        Ok(Detail::Gone) => continue,
                        Ok(Detail::Updated) => {}
                        Err(e) => details_refused = Some(e),
                    }
                }
                if finish(
                    &mut p,
                    self.tagger.get(),
                    &self.opts.filter,
                    filter_query,
                    self.opts.explain,
                ) {
                    run.postings.push(p);
                }
                if self.opts.limit.is_some_and(|l| run.postings.len() >= l) {
                    break 'pages;
                }
            }
            if let Some(bar) = bar {
                bar.set_message(format!(
                    "{spec}: page {}, {} postings",
                    run.pages,
                    run.postings.len()
                ));
            }
            next = page.next;
        }
        match details_refused {
            Some(e) => Err(SourceError::Details(e)),
            None => Ok(()),
        }
    }
}

impl Scraper<'_> {
    /// Completes a posting from its detail page. A detail that cannot be had leaves the
    /// posting as the list gave it (with a warning); one the site says is gone drops it.
    /// A refusal (401, 403, 429 after retries, a link jobtap does not follow) is returned: asking again for the next
    /// posting would only hammer a site that said no.
    async fn fetch_detail(
        &self,
        adapter: &dyn Adapter,
        spec: &SourceSpec,
        p: &mut Posting,
        ctx: &ParseCtx<'_>,
        source: &ForSource<'_>,
    ) -> Result<Detail, FetchError> {
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

/// `finish` over many postings (a parsed file of thousands), in place on every core; the
/// order is kept. With `explain` the lines must come out in order, so it stays on one thread.
pub fn finish_all(
    mut postings: Vec<Posting>,
    tagger: &Tagger,
    filter: &Filter,
    query: bool,
    explain: bool,
) -> Vec<Posting> {
    let keep: Vec<bool> = if explain {
        postings
            .iter_mut()
            .map(|p| finish(p, tagger, filter, query, true))
            .collect()
    } else {
        crate::parallel::chunks(&mut postings, |chunk| {
            chunk
                .iter_mut()
                .map(|p| finish(p, tagger, filter, query, false))
                .collect::<Vec<bool>>()
        })
        .concat()
    };
    let mut keep = keep.into_iter();
    postings.retain(|_| keep.next().unwrap_or(false));
    postings
}

/// The last steps for every posting, scraped or parsed: tags, then the user's filters.
/// `query` is false when the source already searched for the query. False when a filter
/// turns the posting away.
pub fn finish(
    p: &mut Posting,
    tagger: &Tagger,
    filter: &Filter,
    query: bool,
    explain: bool,
) -> bool {
    // Double-encoded UTF-8 ("MecÃ¡nico") from any source is repaired here once, before the
    // hidden characters go: a repair can make one ("â€®" is U+202E read as Windows-1252).
    for field in [&mut p.title, &mut p.description]
        .into_iter()
        .chain(p.company.as_mut())
    {
        if let std::borrow::Cow::Owned(fixed) = text::repair_mojibake(field) {
            *field = fixed;
        }
    }
    // Whatever an adapter did, text leaves as inert text: no control characters or
    // bidirectional overrides in any field.
    for field in [&mut p.title, &mut p.url, &mut p.source_id] {
        text::strip_hidden(field, false);
    }
    // A link in someone's feed may carry a user name and password: they never reach output.
    if let Some(bare) = crate::fetch::link_without_userinfo(&p.url) {
        p.url = bare;
    }
    for field in [
        &mut p.company,
        &mut p.location,
        &mut p.city,
        &mut p.region,
        &mut p.salary.text,
    ]
    .into_iter()
    .flatten()
    {
        text::strip_hidden(field, false);
    }
    text::strip_hidden(&mut p.description, true);
    // The reasons are worded only when asked for: tagging alone allocates no explanations.
    p.tags = if explain {
        let hits = tagger.explain(p);
        let why: Vec<String> = hits
            .iter()
            .map(|h| format!("{} <- {}", h.tag, h.because))
            .collect();
        eprintln!(
            "jobtap: explain {} {:?}: {}",
            p.id,
            p.title,
            if why.is_empty() {
                "no tags".into()
            } else {
                why.join("; ")
            }
        );
        hits.into_iter().map(|h| h.tag).collect()
    } else {
        tagger.tags(p)
    };
    fill_from_text(p);
    if let Some(period) = filter.pay_per {
        salary::convert(&mut p.salary, period);
    }
    filter.accepts(p, query)
}

/// Fields the source left empty, from what the text says: fields first, text only as a
/// fallback. Workplace and job type come from the tags (which understand negation: "not a
/// remote role" sets nothing); pay from a pay line in the description.
fn fill_from_text(p: &mut Posting) {
    let tagged = |t: &str| p.tags.iter().any(|x| x == t);
    if p.workplace == Workplace::Unknown && tagged("remote") {
        p.workplace = Workplace::Remote;
    }
    if p.employment_type.is_empty() {
        let mut types = employment::employment_types(&p.title);
        if tagged("part-time") {
            types.push(EmploymentType::PartTime);
        }
        if tagged("seasonal") {
            types.push(EmploymentType::Seasonal);
        }
        for t in types {
            p.add_employment_type(t);
        }
    }
    if p.salary.is_empty() {
        if let Some(found) = salary::from_description(&p.description) {
            p.salary = found;
        }
    }
}

/// Fetch time, in whole seconds (the schema's precision).
pub fn now() -> DateTime<Utc> {
    let t = Utc::now();
    DateTime::from_timestamp(t.timestamp(), 0).unwrap_or(t)
}
