//! The one posting model every source is normalized into (schema v1).
//!
//! Field order here is the column order of every export: spreadsheets depend on it, so new
//! fields are only ever appended.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Serialize, Serializer};
use std::fmt;

/// The schema v1 columns, in order.
pub const COLUMNS: [&str; 21] = [
    "id",
    "source",
    "source_id",
    "title",
    "company",
    "location",
    "city",
    "region",
    "country",
    "workplace",
    "employment_type",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "salary_text",
    "posted_at",
    "url",
    "tags",
    "description",
    "fetched_at",
];

/// Columns appended after v1, in order. CSV and XLSX always carry them (empty where they do
/// not apply); JSON carries them only when they have a value.
pub const APPENDED_COLUMNS: [&str; 3] = ["first_seen", "last_seen", "sources"];

/// Every column of CSV and XLSX exports: v1, then the appended ones.
pub const ALL_COLUMNS: [&str; COLUMNS.len() + APPENDED_COLUMNS.len()] = all_columns();

const fn all_columns() -> [&'static str; COLUMNS.len() + APPENDED_COLUMNS.len()] {
    let mut out = [""; COLUMNS.len() + APPENDED_COLUMNS.len()];
    let mut i = 0;
    while i < COLUMNS.len() {
        out[i] = COLUMNS[i];
        i += 1;
    }
    let mut j = 0;
    while j < APPENDED_COLUMNS.len() {
        out[i + j] = APPENDED_COLUMNS[j];
        j += 1;
    }
    out
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Posting {
    pub id: String,
    pub source: String,
    pub source_id: String,
    pub title: String,
    pub company: Option<String>,
    pub location: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub country: Option<String>,
    pub workplace: Workplace,
    pub employment_type: Vec<EmploymentType>,
    #[serde(flatten)]
    pub salary: Salary,
    #[serde(serialize_with = "ser_time_opt")]
    pub posted_at: Option<DateTime<Utc>>,
    pub url: String,
    pub tags: Vec<String>,
    pub description: String,
    #[serde(serialize_with = "ser_time")]
    pub fetched_at: DateTime<Utc>,
    /// When jobtap first saw this posting (from its state database or a master sheet).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_time_opt"
    )]
    pub first_seen: Option<DateTime<Utc>>,
    /// When jobtap last saw it: this run, or an earlier one for a row kept in a master sheet.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_time_opt"
    )]
    pub last_seen: Option<DateTime<Utc>>,
    /// Every source that listed this job in one run, its own first; empty when only one did.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

impl Posting {
    /// A posting with only its identity filled; adapters set the rest.
    pub fn new(source: &str, source_id: impl Into<String>, fetched_at: DateTime<Utc>) -> Self {
        let source_id = source_id.into();
        Posting {
            id: posting_id(source, &source_id),
            source: source.to_string(),
            source_id,
            title: String::new(),
            company: None,
            location: None,
            city: None,
            region: None,
            country: None,
            workplace: Workplace::Unknown,
            employment_type: Vec::new(),
            salary: Salary::default(),
            posted_at: None,
            url: String::new(),
            tags: Vec::new(),
            description: String::new(),
            fetched_at,
            first_seen: None,
            last_seen: None,
            sources: Vec::new(),
        }
    }

    /// Adds an employment type once, keeping the canonical order.
    pub fn add_employment_type(&mut self, t: EmploymentType) {
        if !self.employment_type.contains(&t) {
            self.employment_type.push(t);
            self.employment_type.sort();
        }
    }
}

/// Stable across runs and machines: a 64-bit XXH3 of `source` and `source_id`, in hex.
pub fn posting_id(source: &str, source_id: &str) -> String {
    let mut key = Vec::with_capacity(source.len() + source_id.len() + 1);
    key.extend_from_slice(source.as_bytes());
    key.push(0);
    key.extend_from_slice(source_id.as_bytes());
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&key))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Workplace {
    Onsite,
    Remote,
    Hybrid,
    #[default]
    Unknown,
}

impl Workplace {
    pub fn as_str(self) -> &'static str {
        match self {
            Workplace::Onsite => "onsite",
            Workplace::Remote => "remote",
            Workplace::Hybrid => "hybrid",
            Workplace::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EmploymentType {
    FullTime,
    PartTime,
    Contract,
    Temporary,
    Seasonal,
    Internship,
    Volunteer,
    PerDiem,
}

impl EmploymentType {
    pub fn as_str(self) -> &'static str {
        match self {
            EmploymentType::FullTime => "full_time",
            EmploymentType::PartTime => "part_time",
            EmploymentType::Contract => "contract",
            EmploymentType::Temporary => "temporary",
            EmploymentType::Seasonal => "seasonal",
            EmploymentType::Internship => "internship",
            EmploymentType::Volunteer => "volunteer",
            EmploymentType::PerDiem => "per_diem",
        }
    }
}

impl fmt::Display for EmploymentType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SalaryPeriod {
    Hour,
    Day,
    Week,
    Month,
    Year,
}

impl SalaryPeriod {
    pub fn as_str(self) -> &'static str {
        match self {
            SalaryPeriod::Hour => "hour",
            SalaryPeriod::Day => "day",
            SalaryPeriod::Week => "week",
            SalaryPeriod::Month => "month",
            SalaryPeriod::Year => "year",
        }
    }
}

/// Pay as the source gave it: never annualized or converted behind the user's back.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Salary {
    #[serde(rename = "salary_min")]
    pub min: Option<f64>,
    #[serde(rename = "salary_max")]
    pub max: Option<f64>,
    /// ISO 4217 code.
    #[serde(rename = "salary_currency")]
    pub currency: Option<String>,
    #[serde(rename = "salary_period")]
    pub period: Option<SalaryPeriod>,
    /// The source's own words, when it gave text.
    #[serde(rename = "salary_text")]
    pub text: Option<String>,
}

impl Salary {
    pub fn is_empty(&self) -> bool {
        self.min.is_none() && self.max.is_none() && self.text.is_none()
    }
}

/// RFC 3339, UTC, whole seconds: the one time format of every export.
pub fn format_time(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn ser_time<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_time(t))
}

fn ser_time_opt<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => ser_time(t, s),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_is_stable_and_source_scoped() {
        assert_eq!(posting_id("lever", "abc"), posting_id("lever", "abc"));
        assert_ne!(posting_id("lever", "abc"), posting_id("greenhouse", "abc"));
        // The separator keeps ("ab","c") and ("a","bc") apart.
        assert_ne!(posting_id("ab", "c"), posting_id("a", "bc"));
        assert_eq!(posting_id("lever", "abc").len(), 16);
    }

    #[test]
    fn json_has_schema_order_and_nulls() {
        let t = DateTime::parse_from_rfc3339("2026-11-01T10:00:00.123Z")
            .unwrap()
            .with_timezone(&Utc);
        let p = Posting::new("x", "1", t);
        let text = serde_json::to_string(&p).unwrap();
        let positions: Vec<usize> = COLUMNS
            .iter()
            .map(|c| text.find(&format!("\"{c}\":")).unwrap())
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v.as_object().unwrap().len(), COLUMNS.len());
        assert!(v["salary_min"].is_null());
        assert_eq!(v["fetched_at"], "2026-11-01T10:00:00Z");
        assert_eq!(v["workplace"], "unknown");
    }

    #[test]
    fn appended_columns_follow_v1_and_show_in_json_only_when_set() {
        assert_eq!(ALL_COLUMNS[..COLUMNS.len()], COLUMNS);
        assert_eq!(ALL_COLUMNS[COLUMNS.len()..], APPENDED_COLUMNS);
        let t = DateTime::parse_from_rfc3339("2026-11-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let mut p = Posting::new("x", "1", t);
        p.first_seen = Some(t);
        p.sources = vec!["x".into(), "y".into()];
        let v: serde_json::Value = serde_json::to_value(&p).unwrap();
        assert_eq!(v["first_seen"], "2026-11-01T10:00:00Z");
        assert_eq!(v["sources"], serde_json::json!(["x", "y"]));
        assert!(v.get("last_seen").is_none());
    }
}
