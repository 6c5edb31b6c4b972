//! Dates as sources write them, to UTC instants.
//!
//! Rule for dates without a zone: they are taken as UTC (documented in the README), because
//! every API that omits the zone (Remotive, many JSON-LD pages) serves UTC timestamps.
//! A date more than a day after the fetch time or before 1995 is not trusted: `None`.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// Parses a date string in any of the forms sources use.
pub fn parse_date(s: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(n) = s.parse::<i64>() {
        return from_unix(n, now);
    }
    let parsed = DateTime::parse_from_rfc3339(s)
        .ok()
        .or_else(|| DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%z").ok())
        .or_else(|| DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f%z").ok())
        .or_else(|| DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M%z").ok())
        .or_else(|| DateTime::parse_from_rfc2822(s).ok())
        .map(|d| d.with_timezone(&Utc))
        .or_else(|| naive_utc(s));
    parsed.and_then(|d| trusted(d, now))
}

/// Unix time in seconds or milliseconds (told apart by magnitude: 1e11 seconds is the year
/// 5138, so anything larger is milliseconds).
pub fn from_unix(n: i64, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let d = if n.abs() >= 100_000_000_000 {
        Utc.timestamp_millis_opt(n).single()
    } else {
        Utc.timestamp_opt(n, 0).single()
    }?;
    trusted(d, now)
}

fn naive_utc(s: &str) -> Option<DateTime<Utc>> {
    let s = s
        .strip_suffix(" UTC")
        .or_else(|| s.strip_suffix(" GMT"))
        .unwrap_or(s);
    const FORMATS: [&str; 4] = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ];
    FORMATS
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .or_else(|| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
        .map(|n| n.and_utc())
}

fn trusted(d: DateTime<Utc>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let floor = Utc.with_ymd_and_hms(1995, 1, 1, 0, 0, 0).single()?;
    (d >= floor && d <= now + Duration::days(1)).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()
    }

    fn p(s: &str) -> Option<String> {
        parse_date(s, now()).map(|d| crate::posting::format_time(&d))
    }

    #[test]
    fn forms() {
        let want = Some("2026-09-24T17:34:54Z".to_string());
        assert_eq!(p("2026-09-24T13:34:54-04:00"), want);
        assert_eq!(p("2026-09-24T13:34:54-0400"), want);
        assert_eq!(p("2026-09-24T17:34:54"), want);
        assert_eq!(p("2026-09-24 17:34:54 UTC"), want);
        assert_eq!(p("Thu, 24 Sep 2026 17:34:54 +0000"), want);
        assert_eq!(p("1790271294"), want);
        assert_eq!(p("1790271294000"), want);
        assert_eq!(p("2026-09-24"), Some("2026-09-24T00:00:00Z".into()));
        assert_eq!(p("2026-09-24T17:34:54.250Z"), want);
    }

    #[test]
    fn untrusted_and_garbage() {
        assert_eq!(p("1990-01-01"), None);
        assert_eq!(p("2030-01-01"), None);
        assert_eq!(p("0"), None);
        assert_eq!(p("yesterday-ish"), None);
        assert_eq!(p(""), None);
        assert_eq!(p("99999999999999999"), None);
    }
}
