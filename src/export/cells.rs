//! Postings as rows of typed cells: what CSV writes as text and XLSX writes as strings,
//! numbers, dates and links. Master sheets use the same cells for the user's own columns.

use crate::posting::{format_time, Column, Posting, Read, COLUMNS};
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
    /// A posting's web address, written as a hyperlink in XLSX.
    Link(String),
    /// A link an XLSX master sheet had (jobtap's or the user's), kept as it was: the text
    /// shown and where it points.
    Hyperlink {
        url: String,
        text: String,
    },
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

    /// The cell as CSV text: dates in RFC 3339, like every other export.
    pub fn to_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) | Cell::Link(s) | Cell::Hyperlink { text: s, .. } => s.clone(),
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

/// A posting's cells, one per column of `COLUMNS`.
pub fn posting_cells(p: &Posting) -> Vec<Cell> {
    COLUMNS.iter().map(|c| cell(c, p)).collect()
}

/// The cell of `column` in `p`: its kind decides the cell's type.
pub fn cell(column: &Column, p: &Posting) -> Cell {
    match column.read {
        Read::Text(read) => read(p).map_or(Cell::Empty, Cell::text),
        Read::Url(read) => match read(p) {
            "" => Cell::Empty,
            url => Cell::Link(url.to_string()),
        },
        Read::Number(read) => read(p).map_or(Cell::Empty, Cell::Number),
        Read::Date(read) => read(p).map_or(Cell::Empty, |t| Cell::Date(excel_serial(t))),
        Read::List(read) => {
            let mut words = Vec::new();
            read(p).each(|w| words.push(w));
            Cell::text(&words.join("; "))
        }
    }
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
