//! The one place postings become bytes: CSV, XLSX, JSON, JSON Lines or an HTML page, and
//! the atomic file sink that keeps a previous output intact when a run fails.

pub mod cells;
pub mod csv_out;
mod html_out;
mod json_out;
mod sink;
pub mod xlsx_out;

pub use json_out::write_posting as write_posting_json;
pub use sink::{remove_temporary_files_on_signal, Delivered, Sink, SinkError};

use crate::posting::Posting;
use clap::ValueEnum;
use serde::Deserialize;
use std::borrow::Borrow;
use std::io::{self, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Csv,
    /// Excel workbook (needs an output file).
    Xlsx,
    Json,
    /// JSON Lines: one posting per line.
    #[value(alias = "jsonl")]
    #[serde(alias = "jsonl")]
    Ndjson,
    /// One self-contained page to read in a browser: newest first, a filter box, tag toggles.
    Html,
}

/// How CSV cells are written.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// Start CSV with a UTF-8 byte-order mark (Excel needs it to read UTF-8).
    pub bom: bool,
    /// Leave text cells that start with `=`, `+`, `-`, `@`, tab or CR as they are.
    pub raw_cells: bool,
}

/// Writes postings in `format`. CSV, JSON and XLSX stream; HTML (sorted newest first)
/// holds them all first.
pub fn write_postings<W: Write + Send, P: Borrow<Posting> + Send>(
    out: W,
    format: Format,
    opts: &ExportOptions,
    postings: impl IntoIterator<Item = P>,
) -> io::Result<()> {
    match format {
        Format::Csv => {
            let style = csv_out::CsvStyle {
                bom: opts.bom,
                ..Default::default()
            };
            csv_out::write(out, &style, !opts.raw_cells, postings)
        }
        Format::Xlsx => xlsx_out::write_postings(out, postings),
        Format::Json => write_json(out, postings, true),
        Format::Ndjson => write_json(out, postings, false),
        Format::Html => html_out::write(out, postings),
    }
}

/// JSON (an array) or JSON Lines. Postings are encoded in batches, one buffer per core, and
/// written in order, so output streams with bounded memory.
fn write_json<W: Write, P: Borrow<Posting> + Send>(
    out: W,
    postings: impl IntoIterator<Item = P>,
    array: bool,
) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    let mut postings = postings.into_iter();
    let mut first = true;
    if array {
        out.write_all(b"[")?;
    }
    // In an array every posting is written after ",\n"; the very first drops the comma.
    let encode = |chunk: &mut [P]| -> Vec<u8> {
        let mut buf = Vec::with_capacity(chunk.len() * 2048);
        for p in chunk {
            if array {
                buf.extend_from_slice(b",\n");
            }
            json_out::write_posting(&mut buf, (*p).borrow());
            if !array {
                buf.push(b'\n');
            }
        }
        buf
    };
    for size in (0..).map(crate::parallel::batch_size) {
        let mut batch: Vec<P> = postings.by_ref().take(size).collect();
        if batch.is_empty() {
            break;
        }
        for encoded in crate::parallel::chunks(&mut batch, encode) {
            let skip = usize::from(array && first && !encoded.is_empty());
            first &= encoded.is_empty();
            out.write_all(&encoded[skip..])?;
        }
    }
    if array {
        out.write_all(b"\n]\n")?;
    }
    out.flush()
}
