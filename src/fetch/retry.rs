//! When and how long to wait before trying a request again.

use backon::{BackoffBuilder, ExponentialBuilder};
use chrono::{DateTime, Utc};
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Tries after the first.
    pub retries: usize,
    /// First backoff; doubles each try.
    pub base: Duration,
    /// Cap on any one wait, including a server's `Retry-After`.
    pub max_wait: Duration,
    /// Cap on all waits for one request together.
    pub max_total: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            retries: 3,
            base: Duration::from_millis(500),
            max_wait: Duration::from_secs(60),
            max_total: Duration::from_secs(180),
        }
    }
}

impl RetryPolicy {
    pub fn backoff(&self) -> impl BackoffBuilder {
        ExponentialBuilder::default()
            .with_min_delay(self.base)
            .with_max_delay(self.max_wait)
            .with_max_times(self.retries)
            .with_total_delay(Some(self.max_total))
            .with_jitter()
    }

    /// A `Retry-After` longer than `max_wait`: not waited for, the source ends at once.
    pub fn asked_wait(&self, retry_after: Option<Duration>) -> Option<Duration> {
        retry_after.filter(|asked| *asked > self.max_wait)
    }

    /// The wait before the next try: the server's `Retry-After` when it sent one, capped.
    pub fn adjust(&self, retry_after: Option<Duration>, backoff: Duration) -> Duration {
        retry_after.unwrap_or(backoff).min(self.max_wait)
    }
}

/// `Retry-After` as seconds or an HTTP date (RFC 9110 §10.2.3).
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = DateTime::parse_from_rfc2822(v).ok()?.with_timezone(&Utc);
    Some((when - now).to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn retry_after_forms() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap();
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Mon, 23 Nov 2026 12:00:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Mon, 23 Nov 2026 11:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn waits_are_capped() {
        let p = RetryPolicy {
            max_wait: Duration::from_secs(5),
            ..RetryPolicy::default()
        };
        assert_eq!(
            p.adjust(Some(Duration::from_secs(3600)), Duration::from_secs(1)),
            Duration::from_secs(5)
        );
        assert_eq!(
            p.adjust(None, Duration::from_secs(1)),
            Duration::from_secs(1)
        );
    }
}
