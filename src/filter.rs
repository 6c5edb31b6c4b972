//! The user's narrowing of results: query words, location, posting date, tags.

use crate::posting::{Posting, SalaryPeriod, Workplace};
use chrono::{DateTime, NaiveDate, Utc};

#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Lower-case words that must all appear in the title, company or description.
    pub query_words: Vec<String>,
    pub location: Option<String>,
    /// Postings older than this are dropped; postings with no date are kept, since
    /// dropping them would hide postings we cannot judge.
    pub since: Option<DateTime<Utc>>,
    /// Keep only postings with at least one of these tags (`--tag`).
    pub tags_any: Vec<String>,
    /// Drop postings with any of these tags (`--not-tag`).
    pub tags_none: Vec<String>,
    /// Convert pay to this period (`--pay-per`); never done unless asked.
    pub pay_per: Option<SalaryPeriod>,
}

impl Filter {
    pub fn new(query: Option<&str>, location: Option<&str>, since: Option<DateTime<Utc>>) -> Self {
        Filter {
            query_words: query
                .unwrap_or("")
                .split_whitespace()
                .map(str::to_lowercase)
                .collect(),
            location: location
                .map(|l| l.trim().to_lowercase())
                .filter(|l| !l.is_empty()),
            since,
            tags_any: Vec::new(),
            tags_none: Vec::new(),
            pay_per: None,
        }
    }

    /// Whether a posting passes; `query` false when the source already searched for it.
    pub fn accepts(&self, p: &Posting, query: bool) -> bool {
        self.accepts_date(p)
            && self.accepts_tags(p)
            && self.accepts_location(p)
            && (!query || self.accepts_query(p))
    }

    fn accepts_tags(&self, p: &Posting) -> bool {
        (self.tags_any.is_empty() || self.tags_any.iter().any(|t| p.tags.contains(t)))
            && !self.tags_none.iter().any(|t| p.tags.contains(t))
    }

    fn accepts_date(&self, p: &Posting) -> bool {
        match (self.since, p.posted_at) {
            (Some(since), Some(posted)) => posted >= since,
            _ => true,
        }
    }

    fn accepts_location(&self, p: &Posting) -> bool {
        let Some(want) = &self.location else {
            return true;
        };
        if want == "remote" {
            return p.workplace == Workplace::Remote;
        }
        let has = |f: &Option<String>| {
            f.as_ref()
                .is_some_and(|v| v.to_lowercase().contains(want.as_str()))
        };
        has(&p.location) || has(&p.city) || has(&p.region) || has(&p.country)
    }

    fn accepts_query(&self, p: &Posting) -> bool {
        if self.query_words.is_empty() {
            return true;
        }
        let hay = format!(
            "{}\n{}\n{}",
            p.title,
            p.company.as_deref().unwrap_or(""),
            p.description
        )
        .to_lowercase();
        self.query_words.iter().all(|w| hay.contains(w.as_str()))
    }
}

/// `--since`: a duration back from `now` ("24h", "7d") or a date ("2026-11-01") or an
/// RFC 3339 instant.
pub fn parse_since(s: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let s = s.trim();
    if let Ok(d) = humantime::parse_duration(s) {
        let d = chrono::Duration::from_std(d).map_err(|e| e.to_string())?;
        return Ok(now - d);
    }
    if let Ok(date) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(date
            .and_hms_opt(0, 0, 0)
            .expect("midnight exists")
            .and_utc());
    }
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|_| format!("{s:?}: --since takes a duration (24h, 7d) or a date (2026-11-01)"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn posting() -> Posting {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap();
        let mut p = Posting::new("x", "1", now);
        p.title = "Customer Support Agent".into();
        p.description = "Answer chats overnight.".into();
        p.location = Some("Austin, TX".into());
        p.region = Some("TX".into());
        p.posted_at = Some(now - chrono::Duration::days(3));
        p
    }

    #[test]
    fn query_words_all_required() {
        let p = posting();
        assert!(Filter::new(Some("support CHATS"), None, None).accepts(&p, true));
        assert!(!Filter::new(Some("support nurse"), None, None).accepts(&p, true));
        assert!(Filter::new(Some("support nurse"), None, None).accepts(&p, false));
    }

    #[test]
    fn location_and_since() {
        let p = posting();
        assert!(Filter::new(None, Some("austin"), None).accepts(&p, true));
        assert!(!Filter::new(None, Some("remote"), None).accepts(&p, true));
        let now = p.fetched_at;
        let week = parse_since("7d", now).unwrap();
        let day = parse_since("24h", now).unwrap();
        assert!(Filter::new(None, None, Some(week)).accepts(&p, true));
        assert!(!Filter::new(None, None, Some(day)).accepts(&p, true));
        let mut undated = p.clone();
        undated.posted_at = None;
        assert!(Filter::new(None, None, Some(day)).accepts(&undated, true));
        assert_eq!(
            parse_since("2026-11-01", now).unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap()
        );
        assert!(parse_since("last tuesday", now).is_err());
    }

    #[test]
    fn tags_any_and_none() {
        let mut p = posting();
        p.tags = vec!["chat".into(), "overnight".into()];
        let mut f = Filter {
            tags_any: vec!["helpdesk".into(), "chat".into()],
            ..Filter::default()
        };
        assert!(f.accepts(&p, true));
        f.tags_none = vec!["overnight".into()];
        assert!(!f.accepts(&p, true));
        f.tags_none.clear();
        f.tags_any = vec!["helpdesk".into()];
        assert!(!f.accepts(&p, true));
    }
}
