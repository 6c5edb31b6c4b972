//! Which sources this run fetches: those a kept state says were fetched within their
//! definition's `min_interval` wait (unless `--force`, or this command already fetched them).

use super::{Invocation, Job, RunError};
use crate::definition::{Registry, SourceSpec};
use crate::report::Report;
use crate::state::State;
use chrono::{DateTime, Utc};

/// The sources to fetch now, and those left out for their interval (each told to `report`).
pub(super) struct Due {
    pub specs: Vec<SourceSpec>,
    pub skipped: Vec<SourceSpec>,
}

pub(super) fn due(
    job: &Job,
    registry: &Registry,
    state: Option<&State>,
    invocation: &Invocation,
    now: DateTime<Utc>,
    report: &dyn Report,
) -> Result<Due, RunError> {
    let mut specs = Vec::new();
    let mut skipped = Vec::new();
    for spec in &job.specs {
        let interval = registry.get(&spec.name).and_then(|d| d.min_interval);
        let last = match (state, interval) {
            (Some(st), Some(_)) if !job.force => st.last_fetch(&spec.to_string())?,
            _ => None,
        };
        match (last, interval) {
            (Some(last), Some(every))
                if !invocation.fetched().contains(&spec.to_string())
                    && now - last < chrono::Duration::from_std(every)? =>
            {
                let ago = (now - last).to_std().unwrap_or_default();
                report.skipped(spec, ago, every);
                skipped.push(spec.clone());
            }
            _ => specs.push(spec.clone()),
        }
    }
    Ok(Due { specs, skipped })
}
