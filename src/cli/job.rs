//! One search, end to end, for `jobtap scrape` and each saved search of `jobtap run`:
//! locks, sources skipped for their interval, the scrape, cross-source duplicates collapsed,
//! new and changed postings told apart by the state database, the output file, the master
//! sheet, and only then the state updated, so a run that fails to write anything never
//! marks postings as seen.

use super::{log, Exit};
use crate::dedupe;
use crate::definition::{Registry, SourceSpec};
use crate::export::{self, csv_out::CsvStyle, ExportOptions, Format, Sink};
use crate::fetch::{self, FetchOptions, Fetcher};
use crate::lock::{LockError, LockFile};
use crate::posting::Posting;
use crate::scrape::{now, ScrapeOptions, Scraper, SourceError, SourceRun};
use crate::secrets::Secrets;
use crate::sheet::{self, Sheet};
use crate::state::{self, content_hash, Outcome, State};
use crate::tag::Pending;
use anyhow::Context;
use indicatif::MultiProgress;
use std::collections::{BTreeMap, HashSet};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

pub struct Job {
    pub specs: Vec<SourceSpec>,
    pub opts: ScrapeOptions,
    pub fetch: FetchOptions,
    pub secrets: Secrets,
    pub format: Format,
    pub export: ExportOptions,
    /// `None` is stdout, unless the job merges into a master sheet (then nothing).
    pub output: Option<PathBuf>,
    pub merge_into: Option<PathBuf>,
    pub state: Option<PathBuf>,
    /// Whose record of postings seen the state keeps: the saved search's name, or `""`
    /// for `jobtap scrape`.
    pub scope: String,
    pub new_only: bool,
    pub include_changed: bool,
    pub force: bool,
    pub wait: bool,
}

/// What the searches of one command share. A source's `min_interval` does not count the
/// fetches this command made: a second search of one `jobtap run` that names a source the
/// first one fetched gets it too, instead of being left without it. The pages the first
/// search fetched answer the second's same requests without asking the site again; its
/// other requests keep the host's rate, counted from the first search's, since both wait
/// on the same per-host limits.
pub struct Invocation {
    shared: Arc<fetch::Shared>,
    fetched: Mutex<HashSet<String>>,
}

impl Invocation {
    pub fn new(fetch: &FetchOptions, searches: usize) -> Invocation {
        Invocation {
            shared: Arc::new(fetch::Shared::new(fetch.default_rate, searches)),
            fetched: Mutex::new(HashSet::new()),
        }
    }

    fn fetched(&self) -> std::sync::MutexGuard<'_, HashSet<String>> {
        self.fetched.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Job {
    fn sink(&self) -> Option<Sink> {
        match (&self.output, &self.merge_into) {
            (None, Some(_)) => None,
            (out, _) => Some(Sink::from_arg(out.as_deref())),
        }
    }
}

pub fn execute(
    job: &Job,
    registry: &Registry,
    tagger: &Pending,
    invocation: &Invocation,
) -> anyhow::Result<Exit> {
    let fetcher = Fetcher::new(job.fetch.clone(), invocation.shared.clone())?;
    // Progress bars only for a person watching: never in cron, pipes or --quiet.
    let bars = (std::io::stderr().is_terminal() && !log::quiet()).then(MultiProgress::new);
    let scraper = Scraper {
        registry,
        fetcher: &fetcher,
        tagger,
        opts: &job.opts,
        secrets: &job.secrets,
        progress: bars.as_ref(),
    };
    if let Err(e) = scraper.check(&job.specs) {
        log::error(e);
        return Ok(Exit::Usage);
    }
    let sink = job.sink();
    if job.format == Format::Xlsx && matches!(sink, Some(Sink::Stdout)) {
        log::error("--format xlsx needs an output file: add -o FILE.xlsx");
        return Ok(Exit::Usage);
    }

    // Locks first, in one order (state, then sheet), so two waiting runs cannot deadlock.
    let mut locks = Vec::new();
    if let Some(s) = &job.state {
        locks.push(LockFile::open(state::lock_path(s), s)?);
    }
    if let Some(m) = &job.merge_into {
        locks.push(LockFile::open(sheet::lock_path(m), m)?);
    }
    let mut _held = Vec::new();
    for l in &mut locks {
        match l.acquire(job.wait) {
            Ok(g) => _held.push(g),
            Err(e @ LockError::Busy(_)) => {
                log::error(e);
                return Ok(Exit::Busy);
            }
            Err(e) => return Err(e.into()),
        }
    }
    // A sheet open in a spreadsheet application would lose this run's rows when it is next
    // saved there: the run stops before anything is fetched, and the next one merges.
    if let Some(why) = job.merge_into.as_deref().and_then(sheet::open_in_app) {
        log::error(why);
        return Ok(Exit::Busy);
    }
    // After the locks, which make the sheet's directory (often the output's too).
    if let Some(Err(e)) = sink.as_ref().map(Sink::check) {
        log::error(e);
        return Ok(Exit::Error);
    }
    let mut state = job.state.as_deref().map(State::open).transpose()?;
    // A master sheet that cannot be read stops the run before anything is fetched.
    let master = match &job.merge_into {
        Some(path) => {
            let style = CsvStyle {
                bom: job.export.bom,
                ..CsvStyle::default()
            };
            Some((
                Sheet::load(path, style)?,
                sheet::read_known_ids(path)?,
                path,
            ))
        }
        None => None,
    };

    let started = now();
    let mut specs = Vec::new();
    for spec in &job.specs {
        let interval = registry.get(&spec.name).and_then(|d| d.min_interval);
        let last = match (&state, interval) {
            (Some(st), Some(_)) if !job.force => st.last_fetch(&spec.to_string())?,
            _ => None,
        };
        match (last, interval) {
            (Some(last), Some(every))
                if !invocation.fetched().contains(&spec.to_string())
                    && started - last < chrono::Duration::from_std(every)? =>
            {
                log::note(format!(
                    "{spec}: skipped: fetched {} ago and asks for at least {} between fetches (--force fetches anyway)",
                    ago(started - last),
                    humantime::format_duration(every)
                ));
            }
            _ => specs.push(spec.clone()),
        }
    }
    if specs.is_empty() {
        log::note("every source was skipped for its interval; nothing written");
        return Ok(Exit::Ok);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let runs = runtime.block_on(scraper.run(&specs));
    invocation
        .fetched()
        .extend(specs.iter().map(ToString::to_string));
    if bars.is_some() {
        // The bars leave the cursor at the end of their last line.
        eprintln!();
    }
    for r in &runs {
        if let Some(e) = &r.error {
            log::error(format!("{}: {e}", r.spec));
        }
    }
    let unresolved = |r: &SourceRun| r.error.as_ref().is_some_and(SourceError::is_unresolved);
    if runs.iter().all(unresolved) {
        log::error("no host name could be resolved: this machine seems to be offline");
    }
    let failed = runs.iter().filter(|r| r.error.is_some()).count();
    let fetched: usize = runs.iter().map(|r| r.postings.len()).sum();
    let exit = Exit::for_outcome(failed, runs.len(), fetched);
    if exit == Exit::NothingFetched {
        for path in job.output.iter().chain(job.merge_into.iter()) {
            log::error(format!(
                "every source failed; {} left as it was",
                path.display()
            ));
        }
        if let Some(st) = &state {
            record_runs(st, &runs, &HashSet::new(), started)?;
        }
        return Ok(exit);
    }

    let all: Vec<Posting> = runs
        .iter()
        .flat_map(|r| r.postings.iter().cloned())
        .collect();
    let (mut kept, dropped) = dedupe::collapse(all);
    let mut new_ids = HashSet::new();
    let mut changed_ids = HashSet::new();
    if let Some(st) = &state {
        let ids = kept.iter().chain(&dropped).map(|p| p.id.as_str());
        let seen = st.seen(&job.scope, ids)?;
        for p in kept.iter().chain(&dropped) {
            match seen.get(&p.id) {
                None => {
                    new_ids.insert(p.id.clone());
                }
                Some(s) if s.hash != content_hash(p) => {
                    changed_ids.insert(p.id.clone());
                }
                Some(_) => {}
            }
        }
        for p in &mut kept {
            p.first_seen = Some(seen.get(&p.id).map_or(started, |s| s.first_seen));
            p.last_seen = Some(started);
        }
    }
    let emitted: Vec<&Posting> = kept
        .iter()
        .filter(|p| {
            !job.new_only
                || new_ids.contains(&p.id)
                || (job.include_changed && changed_ids.contains(&p.id))
        })
        .collect();
    let delivered = match &sink {
        Some(sink) => sink.write_with(|w| {
            export::write_postings(w, job.format, &job.export, emitted.iter().copied())
        })?,
        None => export::Delivered::All,
    };
    if let Some((mut sheet, known, path)) = master {
        // Opened while this run was fetching: the postings are left unrecorded in the state,
        // so the next run merges them.
        if let Some(why) = sheet::open_in_app(path) {
            log::error(why);
            return Ok(Exit::Busy);
        }
        let merged = sheet.merge(&kept, &known, started);
        if let Some(note) = sheet.save(path, job.export.raw_cells)? {
            log::note(note);
        }
        sheet::write_known_ids(path, &known, &sheet.ids())?;
        log::note(format!(
            "{}: {} added, {} updated, {} left out (deleted or hidden), {} rows",
            path.display(),
            merged.added,
            merged.updated,
            merged.left_out,
            merged.rows
        ));
    }
    if let Some(st) = &mut state {
        // Postings the reader never took (`jobtap scrape --new-only | head`) are not marked
        // as seen: the next run still lists them as new.
        if delivered == export::Delivered::Cut {
            log::note(
                "stdout was closed before the end: no posting is marked as seen, \
                 so the next --new-only run lists them again",
            );
        } else {
            st.record_postings(&job.scope, kept.iter().chain(&dropped), started)?;
        }
        record_runs(st, &runs, &new_ids, started)?;
    }
    if std::io::stderr().is_terminal() {
        summary(&runs, &new_ids, state.is_some(), &emitted);
    }
    Ok(exit)
}

fn record_runs(
    st: &State,
    runs: &[SourceRun],
    new_ids: &HashSet<String>,
    at: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<()> {
    for r in runs {
        let outcome = match (&r.error, r.pages) {
            (None, _) => Outcome::Ok,
            (Some(_), 0) => Outcome::Failed,
            (Some(_), _) => Outcome::Partial,
        };
        let new = r
            .postings
            .iter()
            .filter(|p| new_ids.contains(&p.id))
            .count();
        let error = r.error.as_ref().map(|e| e.to_string());
        st.record_source(
            &r.spec.to_string(),
            at,
            outcome,
            r.postings.len(),
            new,
            error.as_deref(),
        )?;
    }
    Ok(())
}

/// The end-of-run summary for a person at a terminal: per source what came and what was
/// new, per tag how many of the postings written carry it.
fn summary(runs: &[SourceRun], new_ids: &HashSet<String>, stateful: bool, emitted: &[&Posting]) {
    let parts: Vec<String> = runs
        .iter()
        .map(|r| {
            let mut s = format!("{} {}", r.spec, r.postings.len());
            if stateful {
                let new = r
                    .postings
                    .iter()
                    .filter(|p| new_ids.contains(&p.id))
                    .count();
                s.push_str(&format!(" ({new} new)"));
            }
            if r.error.is_some() {
                s.push_str(", failed");
            }
            s
        })
        .collect();
    let fetched: usize = runs.iter().map(|r| r.postings.len()).sum();
    log::note(format!(
        "{fetched} postings fetched, {} written ({})",
        emitted.len(),
        parts.join(", ")
    ));
    let mut tags: BTreeMap<&str, usize> = BTreeMap::new();
    for p in emitted {
        for t in &p.tags {
            *tags.entry(t.as_str()).or_default() += 1;
        }
    }
    if !tags.is_empty() {
        let counts: Vec<String> = tags.iter().map(|(t, n)| format!("{t} {n}")).collect();
        log::note(format!("tags: {}", counts.join(", ")));
    }
}

fn ago(d: chrono::Duration) -> String {
    let secs = d.num_seconds().max(0) as u64;
    humantime::format_duration(std::time::Duration::from_secs(secs)).to_string()
}
