//! What a run tells the person who started it, as events: the library says what happened,
//! the command line (`cli/job.rs`, through `cli/log.rs`) words it for stderr, `--quiet` and
//! `--log-file`, and draws each source's progress on a terminal.

use crate::definition::SourceSpec;
use crate::posting::Posting;
use crate::scrape::SourceRun;
use crate::sheet::Merged;
use crate::tag::TagHit;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

pub trait Report: Sync {
    /// How far the `index`th source of the run has got.
    fn progress(&self, index: usize, spec: &SourceSpec, progress: Progress);
    /// Why each tag of `posting` fired (asked for with `--explain`).
    fn explain(&self, posting: &Posting, hits: &[TagHit]);
    /// With `--wait`: another run holds `guarded` (the state, the master sheet), and this
    /// one waits for it to finish.
    fn waiting(&self, guarded: &Path);
    /// A source left out of this run: fetched `ago`, it asks for `every` between fetches.
    fn skipped(&self, spec: &SourceSpec, ago: Duration, every: Duration);
    /// Every source was left out for its interval: nothing was fetched, and `kept` (the
    /// output file, the master sheet) were left as they were.
    fn all_skipped(&self, kept: &[&Path]);
    /// The sources have run; each says how it ended.
    fn scraped(&self, runs: &[SourceRun]);
    /// Every source failed: `kept` (the output file, the master sheet) were left as they were.
    fn left_alone(&self, kept: &[&Path]);
    /// A note worded where it arose (a master sheet that had to change its encoding).
    fn note(&self, text: &str);
    /// The master sheet was merged.
    fn merged(&self, sheet: &Path, merged: &Merged);
    /// stdout's reader stopped before the end: no posting was marked as seen.
    fn cut_short(&self);
    /// An alert of `postings` postings went to `target` (as `notify::Target::shown`
    /// names it), or failed twice with `failed` (they stay owed to it).
    fn alerted(&self, target: &str, postings: usize, failed: Option<&crate::notify::AlertError>);
}

/// A source's progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Started,
    /// A page was read: `pages` so far, `postings` kept so far.
    Page {
        pages: usize,
        postings: usize,
    },
    Ended {
        pages: usize,
        postings: usize,
        failed: bool,
    },
}

/// What a run fetched and wrote, for the summary at its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub sources: Vec<SourceSummary>,
    /// The sources left out of this run for their `min_interval`.
    pub skipped: Vec<SourceSpec>,
    /// Postings fetched, over every source.
    pub fetched: usize,
    pub written: usize,
    /// Postings left out because their closing date had passed, over every source.
    pub expired: usize,
    /// How many of the postings written carry each tag.
    pub tags: BTreeMap<String, usize>,
    /// How many postings the filters turned away, over every source, by reason.
    pub filtered: crate::scrape::Filtered,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSummary {
    pub spec: SourceSpec,
    pub fetched: usize,
    /// How many of them no earlier run saw; unknown without a state.
    pub new: Option<usize>,
    /// Left out for having expired (not counted in `fetched`).
    pub expired: usize,
    pub failed: bool,
}
