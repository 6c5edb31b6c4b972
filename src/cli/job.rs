//! One search for `jobtap scrape` and each saved search of `jobtap run`: the pipeline runs
//! it (`crate::pipeline`); this words what it reports for a person (and the log file),
//! draws each source's progress on a terminal, and turns its outcome into an exit code.

use super::{log, Exit};
use crate::definition::{Registry, SourceSpec};
use crate::pipeline::{self, Invocation, Job, Outcome};
use crate::posting::Posting;
use crate::report::{Progress, Report, Summary};
use crate::scrape::{SourceError, SourceRun};
use crate::sheet::Merged;
use crate::tag::{Pending, TagHit};
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

pub fn execute(
    job: &Job,
    registry: &Registry,
    tagger: &Pending,
    invocation: &Invocation,
) -> anyhow::Result<Exit> {
    let person = Person::new();
    Ok(
        match pipeline::run(job, registry, tagger, invocation, &person)? {
            Outcome::Usage(why) => {
                log::error(why);
                Exit::Usage
            }
            Outcome::Busy(why) => {
                log::error(why);
                Exit::Busy
            }
            Outcome::Unwritable(e) => {
                log::error(e);
                Exit::Error
            }
            Outcome::Skipped => Exit::Ok,
            Outcome::Ran { runs, summary } => {
                if let Some(summary) = summary {
                    summarize(&summary);
                }
                let failed = runs.iter().filter(|r| r.error.is_some()).count();
                let fetched = runs.iter().map(|r| r.postings.len()).sum();
                Exit::for_outcome(failed, runs.len(), fetched)
            }
        },
    )
}

/// What a person at stderr is told, and (on a terminal, unless --quiet) a progress bar
/// per source; never bars in cron or pipes.
struct Person {
    bars: Option<MultiProgress>,
    /// The bar of each source of the run, by its index.
    open: Mutex<HashMap<usize, ProgressBar>>,
}

impl Person {
    fn new() -> Person {
        Person {
            bars: (std::io::stderr().is_terminal() && !log::quiet()).then(MultiProgress::new),
            open: Mutex::new(HashMap::new()),
        }
    }
}

impl Report for Person {
    fn progress(&self, index: usize, spec: &SourceSpec, progress: Progress) {
        let Some(bars) = &self.bars else {
            return;
        };
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let count =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        match progress {
            Progress::Started => {
                let bar = bars.add(ProgressBar::new_spinner());
                bar.set_style(
                    ProgressStyle::with_template("{spinner} {msg}")
                        .expect("a valid progress template"),
                );
                bar.set_message(format!("{spec}: starting"));
                bar.enable_steady_tick(Duration::from_millis(120));
                open.insert(index, bar);
            }
            Progress::Page { pages, postings } => {
                if let Some(bar) = open.get(&index) {
                    bar.set_message(format!("{spec}: page {pages}, {postings} postings"));
                }
            }
            Progress::Ended {
                pages,
                postings,
                failed,
            } => {
                if let Some(bar) = open.remove(&index) {
                    let outcome = if failed { "failed" } else { "done" };
                    bar.finish_with_message(format!(
                        "{spec}: {outcome}, {} from {}",
                        count(postings, "posting", "postings"),
                        count(pages, "page", "pages")
                    ));
                }
            }
        }
    }

    fn explain(&self, posting: &Posting, hits: &[TagHit]) {
        log::explain(posting, hits);
    }

    fn waiting(&self, guarded: &Path) {
        log::note(format!(
            "waiting for another jobtap run to finish with {} (--wait)",
            guarded.display()
        ));
    }

    fn skipped(&self, spec: &SourceSpec, ago: Duration, every: Duration) {
        log::note(format!(
            "{spec} skipped: fetched {} ago, next after {} (its min_interval is {}); --force to fetch now",
            roughly(ago),
            roughly(every.saturating_sub(ago)),
            humantime::format_duration(every)
        ));
    }

    fn all_skipped(&self, kept: &[&Path]) {
        let left: Vec<String> = kept.iter().map(|p| p.display().to_string()).collect();
        log::note(match left.is_empty() {
            true => {
                "every source was skipped for its min_interval: nothing fetched, nothing written"
                    .to_string()
            }
            false => format!(
                "every source was skipped for its min_interval: nothing fetched; {} left as it was",
                left.join(" and ")
            ),
        });
    }

    fn scraped(&self, runs: &[SourceRun]) {
        if self.bars.is_some() {
            // The bars leave the cursor at the end of their last line.
            eprintln!();
        }
        for r in runs {
            if let Some(e) = &r.error {
                log::error(format!("{}: {e}", r.spec));
            }
            if r.expired > 0 {
                log::note(format!(
                    "{}: {} expired (valid_through has passed), left out",
                    r.spec,
                    postings(r.expired)
                ));
            }
        }
        let unresolved = |r: &SourceRun| r.error.as_ref().is_some_and(SourceError::is_unresolved);
        if runs.iter().all(unresolved) {
            log::error("no host name could be resolved: this machine seems to be offline");
        }
    }

    fn left_alone(&self, kept: &[&Path]) {
        for path in kept {
            log::error(format!(
                "every source failed; {} left as it was",
                path.display()
            ));
        }
    }

    fn note(&self, text: &str) {
        log::note(text);
    }

    fn merged(&self, sheet: &Path, merged: &Merged) {
        log::note(format!(
            "{}: {} added, {} updated, {} left out (deleted or hidden), {} rows",
            sheet.display(),
            merged.added,
            merged.updated,
            merged.left_out,
            merged.rows
        ));
    }

    fn alerted(&self, target: &str, postings: usize, failed: Option<&crate::notify::AlertError>) {
        let n = format!("{postings} posting{}", if postings == 1 { "" } else { "s" });
        match failed {
            None => log::note(format!("alert {target}: {n} sent")),
            Some(e) => log::error(format!(
                "alert {target}: {n}: {e} (tried twice; sent again with the next run's alert)"
            )),
        }
    }

    fn cut_short(&self) {
        log::note(
            "stdout was closed before the end: no posting is marked as seen, \
             so the next --new-only run lists them again",
        );
    }
}

/// A wait as a person reads it: to the minute from a minute up ("2h 5m", "40s").
fn roughly(d: Duration) -> String {
    let secs = d.as_secs();
    let secs = match secs {
        0..60 => secs,
        _ => (secs + 30) / 60 * 60,
    };
    humantime::format_duration(Duration::from_secs(secs)).to_string()
}

/// The end-of-run summary (`log::summary`: a terminal's stderr, and the log file).
fn summarize(summary: &Summary) {
    let skipped = summary.skipped.iter().map(|s| format!("{s} skipped"));
    let parts: Vec<String> = summary
        .sources
        .iter()
        .map(|s| {
            let mut part = format!("{} {}", s.spec, s.fetched);
            if let Some(new) = s.new {
                part.push_str(&format!(" ({new} new)"));
            }
            if s.expired > 0 {
                part.push_str(&format!(", {} expired", s.expired));
            }
            if s.failed {
                part.push_str(", failed");
            }
            part
        })
        .chain(skipped)
        .collect();
    let expired = match summary.expired {
        0 => String::new(),
        n => format!(", {n} expired left out"),
    };
    log::summary(format!(
        "{} postings fetched, {} written{expired} ({})",
        summary.fetched,
        summary.written,
        parts.join(", ")
    ));
    if !summary.filtered.is_empty() {
        let counts: Vec<String> = summary
            .filtered
            .iter()
            .map(|(why, n)| format!("{} {n}", why.as_str()))
            .collect();
        let total: usize = summary.filtered.values().sum();
        log::summary(format!("filtered out: {total} ({})", counts.join(", ")));
    }
    if !summary.tags.is_empty() {
        let counts: Vec<String> = summary
            .tags
            .iter()
            .map(|(t, n)| format!("{t} {n}"))
            .collect();
        log::summary(format!("tags: {}", counts.join(", ")));
    }
}

/// "1 posting", "3 postings".
fn postings(n: usize) -> String {
    match n {
        1 => "1 posting".to_string(),
        n => format!("{n} postings"),
    }
}

#[cfg(test)]
mod tests {
    use super::roughly;
    use std::time::Duration;

    #[test]
    fn waits_are_told_to_the_minute() {
        let told = |secs| roughly(Duration::from_secs(secs));
        assert_eq!(told(40), "40s");
        assert_eq!(told(7213), "2h");
        assert_eq!(told(14_350), "3h 59m");
        assert_eq!(told(21_599), "6h");
    }
}
