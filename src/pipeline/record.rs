//! Last, the state: the postings this search has now seen, and how each source's run
//! ended (for `min_interval` and the next summary).

use super::deliver::Alerted;
use super::{Classified, RunError};
use crate::export::Delivered;
use crate::report::Report;
use crate::scrape::SourceRun;
use crate::state::{Outcome, State};
use chrono::{DateTime, Utc};

pub(super) fn state(
    st: &mut State,
    scope: &str,
    runs: &[SourceRun],
    found: &Classified,
    delivered: Delivered,
    now: DateTime<Utc>,
    report: &dyn Report,
) -> Result<(), RunError> {
    // Postings the reader never took (`jobtap scrape --new-only | head`) are not marked
    // as seen: the next run still lists them as new.
    if delivered == Delivered::Cut {
        report.cut_short();
    } else {
        st.record_postings(scope, found.kept.iter().chain(&found.dropped), now)?;
    }
    runs_of(st, runs, Some(found), now)
}

/// What each alert target is owed now: what an alert delivered no longer, what a failed
/// one carried until the next run's alert gets there.
pub(super) fn alerts(
    st: &mut State,
    scope: &str,
    alerted: &[Alerted],
    now: DateTime<Utc>,
) -> Result<(), RunError> {
    for a in alerted {
        st.record_alert(scope, &a.target, &a.postings, a.sent, now)?;
    }
    Ok(())
}

/// How each source's run ended; `found` tells the new postings (none when nothing came).
pub(super) fn runs_of(
    st: &State,
    runs: &[SourceRun],
    found: Option<&Classified>,
    at: DateTime<Utc>,
) -> Result<(), RunError> {
    for r in runs {
        let outcome = match (&r.error, r.pages) {
            (None, _) => Outcome::Ok,
            (Some(_), 0) => Outcome::Failed,
            (Some(_), _) => Outcome::Partial,
        };
        let new = found.map_or(0, |f| f.new_in(r));
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
