//! The postings delivered: the output (stdout or a file, written atomically), the
//! `--html` page, then the master sheet, then the alerts of the postings new in this run
//! (and those earlier alerts failed to deliver) to each `--notify` target.

use super::prepare::Master;
use super::{Classified, Invocation, Job, RunError};
use crate::export::{self, Delivered, Format, Sink};
use crate::fetch::Fetcher;
use crate::notify::{Alert, Sending, Target};
use crate::posting::Posting;
use crate::report::Report;
use crate::sheet;
use crate::state::State;
use chrono::{DateTime, Utc};

/// Whether stdout's reader took every posting; or, when the master sheet was opened in a
/// spreadsheet application while this run was fetching, who has it (nothing merged then).
pub(super) fn deliver(
    job: &Job,
    sink: Option<&Sink>,
    master: Option<Master>,
    found: &Classified,
    emitted: &[&Posting],
    now: DateTime<Utc>,
    report: &dyn Report,
) -> Result<Result<Delivered, String>, RunError> {
    let delivered = match sink {
        Some(sink) => sink.write_with(|w| {
            export::write_postings(w, job.format, &job.export, emitted.iter().copied())
        })?,
        None => Delivered::All,
    };
    if let Some(page) = &job.html {
        Sink::File(page.clone()).write_with(|w| {
            export::write_postings(w, Format::Html, &job.export, emitted.iter().copied())
        })?;
    }
    if let Some(master) = master {
        if let Some(why) = merge(master, &found.kept, job.export.raw_cells, now, report)? {
            return Ok(Err(why));
        }
    }
    Ok(Ok(delivered))
}

fn merge(
    Master {
        mut sheet,
        known,
        path,
    }: Master,
    postings: &[Posting],
    raw_cells: bool,
    now: DateTime<Utc>,
    report: &dyn Report,
) -> Result<Option<String>, RunError> {
    // Opened while this run was fetching: the postings are left unrecorded in the state,
    // so the next run merges them.
    if let Some(why) = sheet::open_in_app(path) {
        return Ok(Some(why));
    }
    let merged = sheet.merge(postings, &known, now);
    if let Some(note) = sheet.save(path, raw_cells)? {
        report.note(&note);
    }
    sheet::write_known_ids(path, &known, &sheet.ids())?;
    report.merged(path, &merged);
    Ok(None)
}

/// The alerts of one search's run.
pub(super) struct Alerts<'a> {
    job: &'a Job,
    fetcher: &'a Fetcher,
    state: Option<&'a State>,
}

/// One target's alert: what it carried (`(id, JSON line)`), and whether it got there.
pub(super) struct Alerted {
    pub target: String,
    pub postings: Vec<(String, String)>,
    pub sent: bool,
}

impl<'a> Alerts<'a> {
    pub fn new(job: &'a Job, fetcher: &'a Fetcher, state: Option<&'a State>) -> Alerts<'a> {
        Alerts {
            job,
            fetcher,
            state,
        }
    }

    /// Each target is sent what is new in this run and what it is still owed; a search's
    /// first run alerts nobody (every posting is new), unless `notify_first_run`.
    pub fn send(
        &self,
        found: &Classified,
        invocation: &Invocation,
        report: &dyn Report,
    ) -> Result<Vec<Alerted>, RunError> {
        let Some(st) = self.state.filter(|_| !self.job.notify.is_empty()) else {
            return Ok(Vec::new());
        };
        let fresh = if self.job.notify_first_run || st.has_seen(&self.job.scope)? {
            lines(found)
        } else {
            Vec::new()
        };
        let sending = Sending {
            fetcher: self.fetcher,
            format: self.job.notify_format,
            timeout: self.job.fetch.timeout,
            retry_after: self.job.fetch.retry.base,
        };
        let mut alerted = Vec::new();
        for target in &self.job.notify {
            let postings = self.due(st, target, &fresh)?;
            if postings.is_empty() {
                continue;
            }
            let alert = Alert {
                search: &self.job.scope,
                postings: &postings,
            };
            let result = invocation.block_on(sending.send(target, &alert))?;
            report.alerted(&target.shown(), postings.len(), result.as_ref().err());
            alerted.push(Alerted {
                target: target.key(),
                postings,
                sent: result.is_ok(),
            });
        }
        Ok(alerted)
    }

    /// What `target` is owed from earlier runs, then this run's new postings.
    fn due(
        &self,
        st: &State,
        target: &Target,
        fresh: &[(String, String)],
    ) -> Result<Vec<(String, String)>, RunError> {
        let mut due = st.owed(&self.job.scope, &target.key())?;
        let owed: std::collections::HashSet<String> =
            due.iter().map(|(id, _)| id.clone()).collect();
        due.extend(fresh.iter().filter(|(id, _)| !owed.contains(id)).cloned());
        Ok(due)
    }
}

/// The postings new in this run, each as its JSON line.
fn lines(found: &Classified) -> Vec<(String, String)> {
    found
        .kept
        .iter()
        .filter(|p| found.new.contains(&p.id))
        .map(|p| {
            let mut line = Vec::new();
            export::write_posting_json(&mut line, p);
            (p.id.clone(), String::from_utf8_lossy(&line).into_owned())
        })
        .collect()
}
