//! Dates as sources write them, to UTC instants.
//!
//! Rule for dates without a zone: they are taken as UTC (documented in the README), because
//! every API that omits the zone (Remotive, many JSON-LD pages) serves UTC timestamps.
//! A date more than a day after the fetch time or before 1995 is not trusted: `None`.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// Parses a date string in any of the forms sources use.
pub fn parse_date(s: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let s = s.trim();
    read(s, now).and_then(|d| trusted(d, now))
}

/// A closing date (`validThrough`, an application deadline): the forms `parse_date`
/// reads, in the future too (up to ten years ahead). A date written without a time of day
/// is open until the end of that day, so it stands for its last second (UTC).
pub fn parse_deadline(s: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let s = s.trim();
    let d = read(s, now)?;
    let floor = Utc.with_ymd_and_hms(1995, 1, 1, 0, 0, 0).single()?;
    if d < floor || d > now + Duration::days(3653) {
        return None;
    }
    let bare_date = !s.contains(':') && s.parse::<i64>().is_err();
    Some(match bare_date {
        true => d.date_naive().and_hms_opt(23, 59, 59)?.and_utc(),
        false => d,
    })
}

/// Any form `parse_date` reads, without its check that the date is a plausible past one.
fn read(s: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if s.is_empty() {
        return None;
    }
    if let Ok(n) = s.parse::<i64>() {
        return unix(n);
    }
    DateTime::parse_from_rfc3339(s)
        .ok()
        .or_else(|| DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%z").ok())
        .or_else(|| DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f%z").ok())
        .or_else(|| DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M%z").ok())
        .or_else(|| DateTime::parse_from_rfc2822(s).ok())
        .map(|d| d.with_timezone(&Utc))
        .or_else(|| naive_utc(s))
        .or_else(|| written_out(s))
        .or_else(|| relative(s, now))
}

/// Parses a date in a site's own chrono format (list definitions' `date_format`, e.g.
/// "%m/%d/%Y"), under the same trust rules. A format without a year ("%b %d") means the
/// latest such date not after `now`, as list pages write this year's dates.
pub fn parse_date_with(s: &str, format: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let s = s.trim();
    let read = |s: &str, format: &str| {
        DateTime::parse_from_str(s, format)
            .map(|d| d.with_timezone(&Utc))
            .ok()
            .or_else(|| {
                NaiveDateTime::parse_from_str(s, format)
                    .ok()
                    .map(|n| n.and_utc())
            })
            .or_else(|| {
                NaiveDate::parse_from_str(s, format)
                    .ok()
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
                    .map(|n| n.and_utc())
            })
    };
    if ["%Y", "%y", "%G", "%C", "%s", "%+", "%c", "%D", "%F", "%x"]
        .iter()
        .any(|y| format.contains(y))
    {
        return read(s, format).and_then(|d| trusted(d, now));
    }
    let year = now.year();
    let this_year = read(&format!("{s} {year}"), &format!("{format} %Y"))?;
    let d = if this_year > now + Duration::days(1) {
        read(&format!("{s} {}", year - 1), &format!("{format} %Y"))?
    } else {
        this_year
    };
    trusted(d, now)
}

/// Unix time in seconds or milliseconds (told apart by magnitude: 1e11 seconds is the year
/// 5138, so anything larger is milliseconds).
pub fn from_unix(n: i64, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    unix(n).and_then(|d| trusted(d, now))
}

fn unix(n: i64) -> Option<DateTime<Utc>> {
    if n.abs() >= 100_000_000_000 {
        Utc.timestamp_millis_opt(n).single()
    } else {
        Utc.timestamp_opt(n, 0).single()
    }
}

fn naive_utc(s: &str) -> Option<DateTime<Utc>> {
    let s = s
        .strip_suffix(" UTC")
        .or_else(|| s.strip_suffix(" GMT"))
        .or_else(|| s.strip_suffix('Z'))
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

/// Dates as list pages print them: "November 3, 2026", "Nov 3, 2026", "3 Nov 2026",
/// "2026/11/03". Numeric day/month orders other than year-first are ambiguous and left to a
/// definition's `date_format`.
fn written_out(s: &str) -> Option<DateTime<Utc>> {
    // chrono's %B also reads abbreviations; a trailing dot ("Nov.") is not one of them.
    let s = s.replace(". ", " ");
    [
        "%B %d, %Y",
        "%B %d %Y",
        "%d %B %Y",
        "%d %B, %Y",
        "%Y/%m/%d",
        "%a, %d %B %Y",
    ]
    .iter()
    .find_map(|f| NaiveDate::parse_from_str(&s, f).ok())
    .and_then(|d| d.and_hms_opt(0, 0, 0))
    .map(|n| n.and_utc())
}

/// "today", "yesterday", "just now", "3 days ago", "an hour ago", "30+ days ago", "2d ago",
/// optionally after "posted" or "updated". Day-sized and longer spans give the start of that
/// day (UTC): the page says which day, not what time.
fn relative(s: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let lower = s.to_lowercase();
    let mut t = lower.trim().trim_end_matches('.');
    for prefix in ["posted", "updated"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            t = rest.trim_start_matches(':').trim();
        }
    }
    let start_of_day = |d: DateTime<Utc>| d.date_naive().and_hms_opt(0, 0, 0).map(|n| n.and_utc());
    match t {
        "just now" | "now" => return Some(now),
        "today" => return start_of_day(now),
        "yesterday" => return start_of_day(now - Duration::days(1)),
        _ => {}
    }
    let span = t.strip_suffix("ago")?.trim();
    let split = span
        .find(|c: char| !(c.is_ascii_digit() || c == '+'))
        .unwrap_or(span.len());
    let (number, unit) = match span.split_once(' ') {
        Some((n, u)) if split == 0 => (n, u),
        _ => (&span[..split], &span[split..]),
    };
    let n: i64 = match number.trim_end_matches('+') {
        "a" | "an" | "one" => 1,
        digits => digits.parse().ok()?,
    };
    let unit = unit.trim();
    let unit = unit
        .strip_suffix('s')
        .filter(|u| u.len() > 1)
        .unwrap_or(unit);
    let (seconds, whole_days) = match unit {
        "second" | "sec" => (1, false),
        "minute" | "min" | "m" => (60, false),
        "hour" | "hr" | "h" => (3_600, false),
        "day" | "d" => (86_400, true),
        "week" | "wk" | "w" => (7 * 86_400, true),
        "month" | "mo" => (30 * 86_400, true),
        "year" | "yr" | "y" => (365 * 86_400, true),
        _ => return None,
    };
    let d = now.checked_sub_signed(Duration::try_seconds(n.checked_mul(seconds)?)?)?;
    if whole_days {
        start_of_day(d)
    } else {
        Some(d)
    }
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
    fn unpadded_and_written_out() {
        assert_eq!(p("2026-9-5"), Some("2026-09-05T00:00:00Z".into()));
        assert_eq!(
            p("2026-9-5T08:00:00-05:00"),
            Some("2026-09-05T13:00:00Z".into())
        );
        assert_eq!(
            p("2026-09-05T08:00:00Z"),
            Some("2026-09-05T08:00:00Z".into())
        );
        for s in [
            "November 3, 2026",
            "Nov 3, 2026",
            "Nov. 3, 2026",
            "3 Nov 2026",
            "3 November 2026",
            "2026/11/03",
            "Tue, 3 Nov 2026",
        ] {
            assert_eq!(p(s), Some("2026-11-03T00:00:00Z".into()), "{s}");
        }
        assert_eq!(p("11/03/2026"), None, "ambiguous without a date_format");
    }

    #[test]
    fn relative_phrases() {
        // now() is 2026-11-23T12:00:00Z
        for (s, want) in [
            ("today", "2026-11-23T00:00:00Z"),
            ("Today", "2026-11-23T00:00:00Z"),
            ("yesterday", "2026-11-22T00:00:00Z"),
            ("just now", "2026-11-23T12:00:00Z"),
            ("3 days ago", "2026-11-20T00:00:00Z"),
            ("Posted 3 days ago", "2026-11-20T00:00:00Z"),
            ("posted: 1 day ago", "2026-11-22T00:00:00Z"),
            ("a day ago", "2026-11-22T00:00:00Z"),
            ("30+ days ago", "2026-10-24T00:00:00Z"),
            ("2d ago", "2026-11-21T00:00:00Z"),
            ("2 weeks ago", "2026-11-09T00:00:00Z"),
            ("an hour ago", "2026-11-23T11:00:00Z"),
            ("5 hours ago", "2026-11-23T07:00:00Z"),
            ("45 minutes ago", "2026-11-23T11:15:00Z"),
            ("2 months ago", "2026-09-24T00:00:00Z"),
        ] {
            assert_eq!(p(s), Some(want.to_string()), "{s}");
        }
        for s in [
            "ago",
            "3 parsecs ago",
            "many days ago",
            "99999999999999999 days ago",
            "40 years ago",
            "days ago",
            "tomorrow",
        ] {
            assert_eq!(p(s), None, "{s}");
        }
    }

    #[test]
    fn site_formats() {
        let f = |s: &str, fmt: &str| {
            parse_date_with(s, fmt, now()).map(|d| crate::posting::format_time(&d))
        };
        assert_eq!(
            f("11/03/2026", "%m/%d/%Y"),
            Some("2026-11-03T00:00:00Z".into())
        );
        assert_eq!(
            f("03.11.2026", "%d.%m.%Y"),
            Some("2026-11-03T00:00:00Z".into())
        );
        assert_eq!(
            f("11/03/2026 14:05", "%m/%d/%Y %H:%M"),
            Some("2026-11-03T14:05:00Z".into())
        );
        assert_eq!(f("Nov 3", "%b %d"), Some("2026-11-03T00:00:00Z".into()));
        assert_eq!(
            f("Dec 30", "%b %d"),
            Some("2025-12-30T00:00:00Z".into()),
            "no year: the latest such date not after now"
        );
        assert_eq!(f("13/45/2026", "%m/%d/%Y"), None);
        assert_eq!(f("11/03/2031", "%m/%d/%Y"), None, "future");
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

    #[test]
    fn deadlines_are_read_in_the_future_and_bare_dates_last_the_day() {
        let d = |s: &str| parse_deadline(s, now()).map(|d| crate::posting::format_time(&d));
        assert_eq!(d("2027-01-31"), Some("2027-01-31T23:59:59Z".into()));
        assert_eq!(d("2026-11-23"), Some("2026-11-23T23:59:59Z".into()));
        assert_eq!(
            d("2026-12-01T23:59:59.9970"),
            Some("2026-12-01T23:59:59Z".into())
        );
        assert_eq!(d("2027-01-31T23:59"), Some("2027-01-31T23:59:00Z".into()));
        assert_eq!(
            d("1800187200"),
            Some("2027-01-17T12:00:00Z".into()),
            "Unix seconds are an instant"
        );
        assert_eq!(d("2099-01-01"), None, "not a closing date anyone means");
        assert_eq!(d("soon"), None);
        assert_eq!(
            parse_date("2027-01-31", now()),
            None,
            "a posting date stays past"
        );
    }
}
