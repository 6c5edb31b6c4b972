//! The one clock: every time jobtap stamps (a fetch, a run's start, a log line) is read
//! here, in whole seconds, the schema's precision.

use chrono::{DateTime, Utc};

pub fn now() -> DateTime<Utc> {
    let t = Utc::now();
    DateTime::from_timestamp(t.timestamp(), 0).unwrap_or(t)
}
