//! The postings delivered: the output (stdout or a file, written atomically), the
//! `--html` page, then the master sheet. (Alerts, when they come, are one more step here.)

use super::prepare::Master;
use super::{Classified, Job, RunError};
use crate::export::{self, Delivered, Format, Sink};
use crate::posting::Posting;
use crate::report::Report;
use crate::sheet;
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
