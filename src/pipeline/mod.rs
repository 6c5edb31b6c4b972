//! One search, end to end, for `jobtap scrape` and each saved search of `jobtap run`, in
//! stages: prepare (locks, the sheet not open elsewhere, state, sheet) → select (sources
//! due for their `min_interval`) → scrape → classify (cross-source duplicates, new and
//! changed) → deliver (output, master sheet) → record (state). The state is written last,
//! so a run that fails to write anything never marks postings as seen. What happens on the
//! way is told to a `Report`; how the run ended is the `Outcome`.

mod classify;
mod deliver;
mod prepare;
mod record;
mod select;

use crate::definition::{Registry, SourceSpec};
use crate::export::{Delivered, ExportOptions, Format, Sink, SinkError};
use crate::fetch::{self, FetchError, FetchOptions, Fetcher};
use crate::lock::LockError;
use crate::report::{Report, SourceSummary, Summary};
use crate::scrape::{ScrapeOptions, Scraper, SourceRun};
use crate::secrets::Secrets;
use crate::sheet::SheetError;
use crate::state::StateError;
use crate::tag::Pending;
use classify::Classified;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use thiserror::Error;

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
    /// `--html`: a page of the postings written, beside the other outputs.
    pub html: Option<PathBuf>,
    pub state: Option<PathBuf>,
    /// Whose record of postings seen the state keeps: the saved search's name, or `""`
    /// for `jobtap scrape`.
    pub scope: String,
    pub new_only: bool,
    pub include_changed: bool,
    pub force: bool,
    pub wait: bool,
    /// Where alerts of this run's new postings go (`--notify`, `notify = [...]`).
    pub notify: Vec<crate::notify::Target>,
    pub notify_format: crate::notify::Format,
    /// Alert on a search's first run too, when every posting is new.
    pub notify_first_run: bool,
}

impl Job {
    /// The files a run writes (the output, the master sheet), for saying they were left alone.
    fn files(&self) -> Vec<&std::path::Path> {
        let output = self.output.iter().filter(|p| p.as_os_str() != "-");
        output
            .chain(&self.html)
            .chain(&self.merge_into)
            .map(PathBuf::as_path)
            .collect()
    }

    fn sink(&self) -> Option<Sink> {
        match (&self.output, &self.merge_into) {
            (None, Some(_)) => None,
            (out, _) => Some(Sink::from_arg(out.as_deref())),
        }
    }
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
    /// One runtime for the command's scrapes and alerts: the connections a client keeps
    /// are driven by the runtime that opened them.
    runtime: std::sync::OnceLock<tokio::runtime::Runtime>,
}

impl Invocation {
    pub fn new(fetch: &FetchOptions, searches: usize) -> Invocation {
        Invocation {
            shared: Arc::new(fetch::Shared::new(fetch.default_rate, searches)),
            fetched: Mutex::new(HashSet::new()),
            runtime: std::sync::OnceLock::new(),
        }
    }

    /// Runs `work` to its end on the command's runtime (started on first use).
    fn block_on<T>(&self, work: impl std::future::Future<Output = T>) -> Result<T, RunError> {
        let runtime = match self.runtime.get() {
            Some(r) => r,
            None => {
                let built = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(RunError::Runtime)?;
                self.runtime.get_or_init(|| built)
            }
        };
        Ok(runtime.block_on(work))
    }

    fn fetched(&self) -> std::sync::MutexGuard<'_, HashSet<String>> {
        self.fetched.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// How a search ended, when it could run at all.
#[derive(Debug)]
pub enum Outcome {
    /// Asked for something that cannot work (an unknown source, a missing argument, XLSX
    /// to stdout); found before anything was fetched.
    Usage(String),
    /// Another run holds the state or the master sheet, or a spreadsheet application has
    /// the sheet open; nothing was recorded.
    Busy(String),
    /// The output cannot be written; found before anything was fetched.
    Unwritable(SinkError),
    /// Every source was skipped for its interval: nothing was fetched or written.
    Skipped,
    /// The sources ran; unless every one failed with nothing fetched, the postings were
    /// written (see `nothing_fetched`).
    Ran {
        runs: Vec<SourceRun>,
        /// None when nothing was written.
        summary: Option<Summary>,
    },
}

#[derive(Debug, Error)]
pub enum RunError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error(transparent)]
    Lock(#[from] LockError),
    #[error(transparent)]
    State(#[from] StateError),
    #[error(transparent)]
    Sheet(#[from] SheetError),
    #[error(transparent)]
    Write(#[from] SinkError),
    #[error("starting the async runtime: {0}")]
    Runtime(std::io::Error),
    #[error(transparent)]
    Interval(#[from] chrono::OutOfRangeError),
}

/// Whether `failed` of `total` sources failing with `postings` fetched in all means that
/// nothing came: then nothing is written, and earlier files are left as they were.
pub fn nothing_fetched(failed: usize, total: usize, postings: usize) -> bool {
    failed > 0 && failed == total && postings == 0
}

pub fn run(
    job: &Job,
    registry: &Registry,
    tagger: &Pending,
    invocation: &Invocation,
    report: &dyn Report,
) -> Result<Outcome, RunError> {
    let fetcher = Fetcher::new(job.fetch.clone(), invocation.shared.clone())?;
    let scraper = Scraper {
        registry,
        fetcher: &fetcher,
        tagger,
        opts: &job.opts,
        secrets: &job.secrets,
        report,
    };
    let sink = job.sink();
    if let Err(e) = check(job, &scraper, sink.as_ref()) {
        return Ok(Outcome::Usage(e));
    }
    let mut locks = prepare::locks(job)?;
    let _held = match prepare::acquire(&mut locks, job.wait, report)? {
        Ok(held) => held,
        Err(busy) => return Ok(Outcome::Busy(busy)),
    };
    let mut ready = match prepare::open(job, sink.as_ref())? {
        Ok(ready) => ready,
        Err(outcome) => return Ok(outcome),
    };
    let started = crate::clock::now();
    let due = select::due(
        job,
        registry,
        ready.state.as_ref(),
        invocation,
        started,
        report,
    )?;
    if due.specs.is_empty() {
        report.all_skipped(&job.files());
        return Ok(Outcome::Skipped);
    }
    let runs = fetch(&scraper, invocation, &due.specs, report)?;
    let alerting = Alerting::new(job, &fetcher, invocation, started, report);
    let failed = runs.iter().filter(|r| r.error.is_some()).count();
    let fetched: usize = runs.iter().map(|r| r.postings.len()).sum();
    if nothing_fetched(failed, runs.len(), fetched) {
        // What alerts still owe goes: a webhook may be back while the sources are not.
        alerting.send(ready.state.as_mut(), &Classified::default())?;
        return nothing_came(job, ready.state.as_ref(), runs, started, report);
    }
    let found = classify::classify(&runs, ready.state.as_ref(), &job.scope, started)?;
    let emitted = found.emitted(job.new_only, job.include_changed);
    let delivered = match deliver::deliver(
        job,
        sink.as_ref(),
        ready.master,
        &found,
        &emitted,
        started,
        report,
    )? {
        Ok(delivered) => delivered,
        Err(busy) => return Ok(Outcome::Busy(busy)),
    };
    // Postings stdout's reader never took stay new: they are alerted in the next run.
    if delivered == Delivered::All {
        alerting.send(ready.state.as_mut(), &found)?;
    }
    if let Some(st) = &mut ready.state {
        record::state(st, &job.scope, &runs, &found, delivered, started, report)?;
    }
    let mut summary = summary(&runs, &found, ready.state.is_some(), &emitted);
    summary.skipped = due.skipped;
    Ok(Outcome::Ran {
        runs,
        summary: Some(summary),
    })
}

/// The sources that are due, scraped.
fn fetch(
    scraper: &Scraper,
    invocation: &Invocation,
    specs: &[SourceSpec],
    report: &dyn Report,
) -> Result<Vec<SourceRun>, RunError> {
    let runs = invocation.block_on(scraper.run(specs))?;
    invocation
        .fetched()
        .extend(specs.iter().map(ToString::to_string));
    report.scraped(&runs);
    Ok(runs)
}

/// What the alerts of a run need besides the postings.
struct Alerting<'a> {
    job: &'a Job,
    fetcher: &'a Fetcher,
    invocation: &'a Invocation,
    now: chrono::DateTime<chrono::Utc>,
    report: &'a dyn Report,
}

impl<'a> Alerting<'a> {
    fn new(
        job: &'a Job,
        fetcher: &'a Fetcher,
        invocation: &'a Invocation,
        now: chrono::DateTime<chrono::Utc>,
        report: &'a dyn Report,
    ) -> Self {
        Alerting {
            job,
            fetcher,
            invocation,
            now,
            report,
        }
    }

    /// The alerts of this run sent, and what each target is owed now recorded. Before the
    /// postings are recorded as seen: whether the search saw any before tells a first run.
    fn send(
        &self,
        state: Option<&mut crate::state::State>,
        found: &Classified,
    ) -> Result<(), RunError> {
        let alerts = deliver::Alerts::new(self.job, self.fetcher, state.as_deref());
        let alerted = alerts.send(found, self.invocation, self.report)?;
        if let Some(st) = state {
            record::alerts(st, &self.job.scope, &alerted, self.now)?;
        }
        Ok(())
    }
}

/// Every source failed with nothing fetched: the output and the sheet are left as they
/// were, and only how each source ended is recorded.
fn nothing_came(
    job: &Job,
    state: Option<&crate::state::State>,
    runs: Vec<SourceRun>,
    now: chrono::DateTime<chrono::Utc>,
    report: &dyn Report,
) -> Result<Outcome, RunError> {
    report.left_alone(&job.files());
    if let Some(st) = state {
        record::runs_of(st, &runs, None, now)?;
    }
    Ok(Outcome::Ran {
        runs,
        summary: None,
    })
}

/// Command-line mistakes, reported before anything is locked or fetched.
fn check(job: &Job, scraper: &Scraper, sink: Option<&Sink>) -> Result<(), String> {
    scraper.check(&job.specs)?;
    if job.format == Format::Xlsx && matches!(sink, Some(Sink::Stdout)) {
        return Err("--format xlsx needs an output file: add -o FILE.xlsx".into());
    }
    Ok(())
}

/// Per source what came and what was new, per tag how many of the postings written
/// carry it.
fn summary(
    runs: &[SourceRun],
    found: &Classified,
    stateful: bool,
    emitted: &[&crate::posting::Posting],
) -> Summary {
    let mut tags = std::collections::BTreeMap::new();
    for t in emitted.iter().flat_map(|p| &p.tags) {
        *tags.entry(t.clone()).or_default() += 1;
    }
    let mut filtered = crate::scrape::Filtered::new();
    for (why, n) in runs.iter().flat_map(|r| &r.filtered) {
        *filtered.entry(*why).or_default() += n;
    }
    Summary {
        sources: runs
            .iter()
            .map(|r| SourceSummary {
                spec: r.spec.clone(),
                fetched: r.postings.len(),
                new: stateful.then(|| found.new_in(r)),
                expired: r.expired,
                failed: r.error.is_some(),
            })
            .collect(),
        skipped: Vec::new(),
        fetched: runs.iter().map(|r| r.postings.len()).sum(),
        written: emitted.len(),
        expired: runs.iter().map(|r| r.expired).sum(),
        tags,
        filtered,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_came_only_when_every_source_failed_empty() {
        assert!(nothing_fetched(2, 2, 0));
        assert!(
            !nothing_fetched(2, 2, 5),
            "what failing sources fetched is written"
        );
        assert!(!nothing_fetched(1, 2, 0), "one source answered, empty");
        assert!(!nothing_fetched(0, 0, 0));
    }
}
