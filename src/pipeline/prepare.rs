//! Before anything is fetched: the locks, the master sheet not open in a spreadsheet
//! application, the output writable, the state and the sheet read.

use super::{Job, Outcome, RunError};
use crate::export::csv_out::CsvStyle;
use crate::export::Sink;
use crate::lock::{LockError, LockFile};
use crate::report::Report;
use crate::sheet::{self, Sheet};
use crate::state::State;
use std::collections::HashSet;
use std::fs::File;
use std::path::Path;

/// The master sheet as read, with the ids ever merged into it (its sidecar).
pub(super) struct Master<'j> {
    pub sheet: Sheet,
    pub known: HashSet<String>,
    pub path: &'j Path,
}

pub(super) struct Ready<'j> {
    pub state: Option<State>,
    pub master: Option<Master<'j>>,
}

/// The lock files, in one order (state, then sheet), so two waiting runs cannot deadlock.
pub(super) fn locks(job: &Job) -> Result<Vec<LockFile>, LockError> {
    let mut locks = Vec::new();
    if let Some(s) = &job.state {
        locks.push(LockFile::beside(s)?);
    }
    if let Some(m) = &job.merge_into {
        locks.push(LockFile::beside(m)?);
    }
    Ok(locks)
}

/// Takes every lock, or says which another run holds.
pub(super) fn acquire<'l>(
    locks: &'l mut [LockFile],
    wait: bool,
    report: &dyn Report,
) -> Result<Result<Vec<fd_lock::RwLockWriteGuard<'l, File>>, String>, LockError> {
    let mut held = Vec::new();
    for l in locks {
        match l.acquire(wait, &|guarded| report.waiting(guarded)) {
            Ok(g) => held.push(g),
            Err(e @ LockError::Busy(_)) => return Ok(Err(e.to_string())),
            Err(e) => return Err(e),
        }
    }
    Ok(Ok(held))
}

/// With the locks held: the checks that stop a run before it fetches, then the state and
/// the master sheet read (a sheet that cannot be read stops it too).
pub(super) fn open<'j>(
    job: &'j Job,
    sink: Option<&Sink>,
) -> Result<Result<Ready<'j>, Outcome>, RunError> {
    // A sheet open in a spreadsheet application would lose this run's rows when it is next
    // saved there: the run stops before anything is fetched, and the next one merges.
    if let Some(why) = job.merge_into.as_deref().and_then(sheet::open_in_app) {
        return Ok(Err(Outcome::Busy(why)));
    }
    // After the locks, which make the sheet's directory (often the output's too).
    let page = job.html.as_ref().map(|p| Sink::File(p.clone()));
    for s in sink.into_iter().chain(page.as_ref()) {
        if let Err(e) = s.prepare() {
            return Ok(Err(Outcome::Unwritable(e)));
        }
    }
    let state = job.state.as_deref().map(State::open).transpose()?;
    let master = match &job.merge_into {
        Some(path) => {
            let style = CsvStyle {
                bom: job.export.bom,
                ..CsvStyle::default()
            };
            Some(Master {
                sheet: Sheet::load(path, style)?,
                known: sheet::read_known_ids(path)?,
                path,
            })
        }
        None => None,
    };
    Ok(Ok(Ready { state, master }))
}
