//! The one posting model every source is normalized into (schema v1).
//!
//! `COLUMNS` is the one table of the columns every export writes, in their order:
//! spreadsheets depend on it, so new ones are only ever appended.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Serialize, Serializer};
use std::fmt;

/// One column of every export: CSV and XLSX carry them all in this order, JSON writes
/// them as the fields of an object, and a master sheet refreshes them on each merge.
/// Adding a column is adding an entry here (and its tests); new ones are only ever
/// appended, since spreadsheets depend on the order.
pub struct Column {
    pub name: &'static str,
    /// How the column is read from a posting; the variant is the column's kind.
    pub read: Read,
    /// Added after schema v1: JSON carries it only when it has a value.
    pub appended: bool,
    /// Its width in an XLSX sheet, in characters.
    pub width: f64,
    /// What a master-sheet merge does with it.
    pub merge: Merge,
}

/// A column's kind and how to read it from a posting.
#[derive(Clone, Copy)]
pub enum Read {
    /// Text; `None` is an absent value (`null` in JSON, an empty cell).
    Text(fn(&Posting) -> Option<&str>),
    /// A web address (a hyperlink in XLSX); always a string in JSON.
    Url(fn(&Posting) -> &str),
    Number(fn(&Posting) -> Option<f64>),
    /// A point in time (an Excel date in XLSX, RFC 3339 elsewhere).
    Date(fn(&Posting) -> Option<&DateTime<Utc>>),
    /// Words (an array in JSON, joined with "; " in a cell).
    List(fn(&Posting) -> Words<'_>),
}

/// The words of a list column.
#[derive(Clone, Copy)]
pub enum Words<'a> {
    Text(&'a [String]),
    Types(&'a [EmploymentType]),
}

impl<'a> Words<'a> {
    /// Calls `f` with each word, in order.
    pub fn each(self, mut f: impl FnMut(&'a str)) {
        match self {
            Words::Text(words) => words.iter().for_each(|w| f(w)),
            Words::Types(types) => types.iter().for_each(|t| f(t.as_str())),
        }
    }

    pub fn is_empty(self) -> bool {
        match self {
            Words::Text(t) => t.is_empty(),
            Words::Types(t) => t.is_empty(),
        }
    }
}

/// What a master-sheet merge writes in a column of a row it adds or refreshes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Merge {
    /// The posting's value.
    Refresh,
    /// What the sheet has once it has something; else the posting's value, else when this
    /// run saw the posting.
    Keep,
    /// The posting's value, else when this run saw the posting.
    Seen,
    /// Every source that ever listed the row: the sheet's, then this posting's.
    Sources,
}

/// What `each_column` shows the columns to. Marked `#[inline(always)]` where it is
/// implemented, its code is laid out once per column with that column's name and kind.
pub trait Visit {
    fn column(&mut self, index: usize, column: &'static Column);
}

/// The table: `name: width, Kind(read)`, and for a column added after v1 `, appended`
/// with its merge. Besides `COLUMNS` it makes `each_column`, the same list as straight-line
/// code, so a writer that visits every column of every posting (JSON's) compiles to what
/// it would be written out by hand.
macro_rules! columns {
    ($($name:ident: $width:literal, $kind:ident($read:expr) $(, appended $merge:ident)?;)*) => {
        /// Every column, in order: schema v1, then the appended ones.
        pub const COLUMNS: [Column; 0 $(+ { let _ = stringify!($name); 1 })*] = [$(
            Column {
                name: stringify!($name),
                read: Read::$kind($read),
                appended: columns!(@appended $($merge)?),
                width: $width,
                merge: columns!(@merge $($merge)?),
            },
        )*];

        /// Shows `visit` each column's index and entry, in order.
        #[inline(always)]
        pub fn each_column(visit: &mut impl Visit) {
            let mut i = 0;
            $(
                let _ = stringify!($name);
                visit.column(i, &COLUMNS[i]);
                i += 1;
            )*
            debug_assert_eq!(i, COLUMNS.len());
        }
    };
    (@appended) => { false };
    (@appended $merge:ident) => { true };
    (@merge) => { Merge::Refresh };
    (@merge $merge:ident) => { Merge::$merge };
}

columns! {
    id: 17.0, Text(|p| Some(&p.id));
    source: 12.0, Text(|p| Some(&p.source));
    source_id: 12.0, Text(|p| Some(&p.source_id));
    title: 40.0, Text(|p| Some(&p.title));
    company: 24.0, Text(|p| p.company.as_deref());
    location: 24.0, Text(|p| p.location.as_deref());
    city: 12.0, Text(|p| p.city.as_deref());
    region: 12.0, Text(|p| p.region.as_deref());
    country: 12.0, Text(|p| p.country.as_deref());
    workplace: 12.0, Text(|p| Some(p.workplace.as_str()));
    employment_type: 12.0, List(|p| Words::Types(&p.employment_type));
    salary_min: 12.0, Number(|p| p.salary.min);
    salary_max: 12.0, Number(|p| p.salary.max);
    salary_currency: 12.0, Text(|p| p.salary.currency.as_deref());
    salary_period: 12.0, Text(|p| p.salary.period.map(|x| x.as_str()));
    salary_text: 24.0, Text(|p| p.salary.text.as_deref());
    posted_at: 17.0, Date(|p| p.posted_at.as_ref());
    url: 40.0, Url(|p| &p.url);
    tags: 24.0, List(|p| Words::Text(&p.tags));
    description: 60.0, Text(|p| Some(&p.description));
    fetched_at: 17.0, Date(|p| Some(&p.fetched_at));
    first_seen: 17.0, Date(|p| p.first_seen.as_ref()), appended Keep;
    last_seen: 17.0, Date(|p| p.last_seen.as_ref()), appended Seen;
    sources: 12.0, List(|p| Words::Text(&p.sources)), appended Sources;
    valid_through: 17.0, Date(|p| p.valid_through.as_ref()), appended Refresh;
}

/// The header row of every export: the columns' names.
pub fn header() -> Vec<String> {
    COLUMNS.iter().map(|c| c.name.to_string()).collect()
}

/// The column named `name`.
pub fn column_named(name: &str) -> Option<&'static Column> {
    COLUMNS.iter().find(|c| c.name == name)
}

impl Column {
    /// Whether the column has no value in `p` (an appended one is then left out of JSON).
    #[inline]
    pub fn is_absent(&self, p: &Posting) -> bool {
        match self.read {
            Read::Text(f) => f(p).is_none(),
            Read::Url(f) => f(p).is_empty(),
            Read::Number(f) => f(p).is_none(),
            Read::Date(f) => f(p).is_none(),
            Read::List(f) => f(p).is_empty(),
        }
    }
}

/// A job posting in the one schema. Its `Serialize` form is only the reference the JSON
/// writer is tested against (`export/json_out.rs`): fields in column order, the appended
/// ones left out when they have no value.
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
    /// The last moment the source says the posting is open for applications (JSON-LD
    /// `validThrough`, a closing date); a date without a time of day is the end of that day.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_time_opt"
    )]
    pub valid_through: Option<DateTime<Utc>>,
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
            valid_through: None,
        }
    }

    /// Whether the source's closing date had passed at `now`.
    pub fn has_expired(&self, now: DateTime<Utc>) -> bool {
        self.valid_through.is_some_and(|t| t < now)
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

/// An enum of the schema with the one string each variant is written as, everywhere: in
/// every export (serde's form too), in tag rules' `fields`, in `--pay-per`.
macro_rules! named {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$meta])*
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
        }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }

            /// The variant written as `text`.
            pub fn from_name(text: &str) -> Option<$name> {
                match text {
                    $($text => Some($name::$variant),)*
                    _ => None,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

named! {
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    pub enum Workplace {
        Onsite = "onsite",
        Remote = "remote",
        Hybrid = "hybrid",
        #[default]
        Unknown = "unknown",
    }
}

named! {
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum EmploymentType {
        FullTime = "full_time",
        PartTime = "part_time",
        Contract = "contract",
        Temporary = "temporary",
        Seasonal = "seasonal",
        Internship = "internship",
        Volunteer = "volunteer",
        PerDiem = "per_diem",
    }
}

named! {
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum SalaryPeriod {
        Hour = "hour",
        Day = "day",
        Week = "week",
        Month = "month",
        Year = "year",
    }
}

/// One value of one posting field: what a tag rule's `fields` test a posting for, and
/// what its `sets` fill in when the source left the field empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldValue {
    Workplace(Workplace),
    EmploymentType(EmploymentType),
}

impl FieldValue {
    /// `workplace=remote`, `employment_type=part_time`: a field and one of its values, as
    /// every export writes them.
    pub fn parse(text: &str) -> Option<FieldValue> {
        let (field, value) = text.split_once('=')?;
        match field.trim() {
            "workplace" => Workplace::from_name(value.trim()).map(FieldValue::Workplace),
            "employment_type" => {
                EmploymentType::from_name(value.trim()).map(FieldValue::EmploymentType)
            }
            _ => None,
        }
    }

    pub fn workplace(self) -> Option<Workplace> {
        match self {
            FieldValue::Workplace(w) => Some(w),
            FieldValue::EmploymentType(_) => None,
        }
    }

    pub fn employment_type(self) -> Option<EmploymentType> {
        match self {
            FieldValue::EmploymentType(t) => Some(t),
            FieldValue::Workplace(_) => None,
        }
    }

    /// Whether `p` has this value.
    pub fn holds(self, p: &Posting) -> bool {
        match self {
            FieldValue::Workplace(w) => p.workplace == w,
            FieldValue::EmploymentType(t) => p.employment_type.contains(&t),
        }
    }
}

impl fmt::Display for FieldValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldValue::Workplace(w) => write!(f, "workplace={w}"),
            FieldValue::EmploymentType(t) => write!(f, "employment_type={t}"),
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
        let v1: Vec<&Column> = COLUMNS.iter().filter(|c| !c.appended).collect();
        let positions: Vec<usize> = v1
            .iter()
            .map(|c| text.find(&format!("\"{}\":", c.name)).unwrap())
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v.as_object().unwrap().len(), v1.len());
        assert!(v["salary_min"].is_null());
        assert_eq!(v["fetched_at"], "2026-11-01T10:00:00Z");
        assert_eq!(v["workplace"], "unknown");
    }

    #[test]
    fn appended_columns_follow_v1_and_show_in_json_only_when_set() {
        let first = COLUMNS.iter().position(|c| c.appended).unwrap();
        assert!(COLUMNS[first..].iter().all(|c| c.appended));
        assert_eq!(first, 21, "schema v1 has 21 columns");
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
        assert!(column_named("last_seen").unwrap().is_absent(&p));
        assert!(!column_named("sources").unwrap().is_absent(&p));
    }

    #[test]
    fn names_are_unique_and_read_back() {
        for (i, c) in COLUMNS.iter().enumerate() {
            assert!(
                COLUMNS[..i].iter().all(|d| d.name != c.name),
                "{} twice",
                c.name
            );
        }
        for t in [EmploymentType::PerDiem, EmploymentType::FullTime] {
            assert_eq!(EmploymentType::from_name(t.as_str()), Some(t));
        }
        assert_eq!(SalaryPeriod::from_name("month"), Some(SalaryPeriod::Month));
        assert_eq!(Workplace::from_name("remote"), Some(Workplace::Remote));
        assert_eq!(Workplace::from_name("Remote"), None);
        for text in ["workplace=remote", "employment_type=per_diem"] {
            assert_eq!(FieldValue::parse(text).unwrap().to_string(), text);
        }
        for bad in ["workplace=Remote", "salary_period=hour", "remote"] {
            assert_eq!(FieldValue::parse(bad), None, "{bad}");
        }
    }
}
