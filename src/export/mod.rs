//! The one place postings become bytes: CSV, JSON or JSON Lines, streamed to any writer,
//! and the atomic file sink that keeps a previous output intact when a run fails.

mod csv_out;
mod sink;

pub use sink::{Sink, SinkError};

use crate::posting::Posting;
use clap::ValueEnum;
use std::io::{self, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Csv,
    Json,
    /// JSON Lines: one posting per line.
    #[value(alias = "jsonl")]
    Ndjson,
}

/// Writes postings in `format`. Streaming: memory does not grow with the number of postings.
pub fn write_postings<'a, W: Write>(
    out: W,
    format: Format,
    postings: impl IntoIterator<Item = &'a Posting>,
) -> io::Result<()> {
    match format {
        Format::Csv => csv_out::write(out, postings),
        Format::Json => write_json_array(out, postings),
        Format::Ndjson => write_json_lines(out, postings),
    }
}

fn write_json_array<'a, W: Write>(
    out: W,
    postings: impl IntoIterator<Item = &'a Posting>,
) -> io::Result<()> {
    let mut out = io::BufWriter::new(out);
    out.write_all(b"[")?;
    for (i, p) in postings.into_iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut out, p)?;
    }
    out.write_all(b"\n]\n")?;
    out.flush()
}

fn write_json_lines<'a, W: Write>(
    out: W,
    postings: impl IntoIterator<Item = &'a Posting>,
) -> io::Result<()> {
    let mut out = io::BufWriter::new(out);
    for p in postings {
        serde_json::to_writer(&mut out, p)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}
