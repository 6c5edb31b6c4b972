//! Postings as rows of typed cells: what CSV writes as text and XLSX writes as strings,
//! numbers, dates and links. Master sheets use the same cells for the user's own columns.

use crate::posting::{format_time, Posting, ALL_COLUMNS};
use chrono::{DateTime, Utc};

/// One spreadsheet cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A point in time as an Excel serial day number (days since 1899-12-30, UTC).
    Date(f64),
    /// A web address, written as a hyperlink in XLSX.
    Link(String),
    /// A formula the user typed in an XLSX master sheet (jobtap never makes one).
    Formula(String),
}

/// Days between Excel's epoch (1899-12-30) and the Unix epoch.
const EXCEL_UNIX_EPOCH_DAYS: f64 = 25569.0;

pub fn excel_serial(t: &DateTime<Utc>) -> f64 {
    t.timestamp() as f64 / 86400.0 + EXCEL_UNIX_EPOCH_DAYS
}

/// The time an Excel serial stands for, to the nearest second.
pub fn from_excel_serial(serial: f64) -> Option<DateTime<Utc>> {
    let secs = ((serial - EXCEL_UNIX_EPOCH_DAYS) * 86400.0).round();
    if !secs.is_finite() {
        return None;
    }
    DateTime::from_timestamp(secs as i64, 0)
}

impl Cell {
    fn text(s: &str) -> Cell {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.to_string())
        }
    }

    fn opt(s: &Option<String>) -> Cell {
        s.as_deref().map_or(Cell::Empty, Cell::text)
    }

    fn date(t: &Option<DateTime<Utc>>) -> Cell {
        t.as_ref()
            .map_or(Cell::Empty, |t| Cell::Date(excel_serial(t)))
    }

    fn list<T: AsRef<str>>(items: &[T]) -> Cell {
        let joined: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
        Cell::text(&joined.join("; "))
    }

    /// The cell as CSV text: dates in RFC 3339, like every other export.
    pub fn to_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) | Cell::Link(s) => s.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Date(d) => from_excel_serial(*d)
                .map(|t| format_time(&t))
                .unwrap_or_else(|| d.to_string()),
            Cell::Formula(f) => format!("={}", f.trim_start_matches('=')),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// A posting's cells in `ALL_COLUMNS` order.
pub fn posting_cells(p: &Posting) -> Vec<Cell> {
    let num = |n: Option<f64>| n.map_or(Cell::Empty, Cell::Number);
    let cells = vec![
        Cell::text(&p.id),
        Cell::text(&p.source),
        Cell::text(&p.source_id),
        Cell::text(&p.title),
        Cell::opt(&p.company),
        Cell::opt(&p.location),
        Cell::opt(&p.city),
        Cell::opt(&p.region),
        Cell::opt(&p.country),
        Cell::text(p.workplace.as_str()),
        Cell::list(
            &p.employment_type
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>(),
        ),
        num(p.salary.min),
        num(p.salary.max),
        Cell::opt(&p.salary.currency),
        p.salary
            .period
            .map_or(Cell::Empty, |x| Cell::text(x.as_str())),
        Cell::opt(&p.salary.text),
        Cell::date(&p.posted_at),
        if p.url.is_empty() {
            Cell::Empty
        } else {
            Cell::Link(p.url.clone())
        },
        Cell::list(&p.tags),
        Cell::text(&p.description),
        Cell::Date(excel_serial(&p.fetched_at)),
        Cell::date(&p.first_seen),
        Cell::date(&p.last_seen),
        Cell::list(&p.sources),
    ];
    debug_assert_eq!(cells.len(), ALL_COLUMNS.len());
    cells
}

/// Whether `column` (a jobtap column name) holds a point in time.
pub fn is_date_column(column: &str) -> bool {
    matches!(
        column,
        "posted_at" | "fetched_at" | "first_seen" | "last_seen"
    )
}

/// Whether `column` (a jobtap column name) holds a number.
pub fn is_number_column(column: &str) -> bool {
    matches!(column, "salary_min" | "salary_max")
}

/// OWASP's advice against CSV injection: a text cell that a spreadsheet would read as a
/// formula (or that starts with a control character) gets a leading `'`, which
/// spreadsheets show as text. Numbers are never text cells, so `-5` stays a number.
pub fn neutralize(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_round_trip_to_the_second() {
        let t = DateTime::parse_from_rfc3339("2026-11-19T14:30:05Z")
            .unwrap()
            .with_timezone(&Utc);
        let s = excel_serial(&t);
        assert!((s - 46345.6042245).abs() < 1e-6, "{s}");
        assert_eq!(from_excel_serial(s), Some(t));
    }

    #[test]
    fn neutralizes_formula_starts_only() {
        for bad in ["=1+1", "+1", "-cmd", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralize(bad), format!("'{bad}"));
        }
        for ok in ["Support", "'=already", "", "a=b"] {
            assert_eq!(neutralize(ok), ok);
        }
    }
}
