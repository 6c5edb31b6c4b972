//! CSV in schema column order; list fields joined with "; ".

use crate::posting::{format_time, Posting, COLUMNS};
use std::io::{self, Write};

pub fn write<'a, W: Write>(
    out: W,
    postings: impl IntoIterator<Item = &'a Posting>,
) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS)?;
    let mut row: Vec<String> = Vec::with_capacity(COLUMNS.len());
    for p in postings {
        row.clear();
        row.extend(record(p));
        w.write_record(&row)?;
    }
    w.flush()
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn num(n: Option<f64>) -> String {
    n.map(|v| v.to_string()).unwrap_or_default()
}

fn record(p: &Posting) -> [String; COLUMNS.len()] {
    [
        p.id.clone(),
        p.source.clone(),
        p.source_id.clone(),
        p.title.clone(),
        opt(&p.company),
        opt(&p.location),
        opt(&p.city),
        opt(&p.region),
        opt(&p.country),
        p.workplace.as_str().to_string(),
        p.employment_type
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        num(p.salary.min),
        num(p.salary.max),
        opt(&p.salary.currency),
        p.salary
            .period
            .map(|x| x.as_str().to_string())
            .unwrap_or_default(),
        opt(&p.salary.text),
        p.posted_at.as_ref().map(format_time).unwrap_or_default(),
        p.url.clone(),
        p.tags.join("; "),
        p.description.clone(),
        format_time(&p.fetched_at),
    ]
}
