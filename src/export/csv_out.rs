//! CSV: RFC 4180 quoting (the csv crate), list fields joined with "; ", text cells that a
//! spreadsheet would run as formulas neutralized, and the byte-level style a master sheet
//! came in (delimiter, encoding, BOM, line ends) kept when it is written back.

use super::cells::{neutralize, posting_cells, Cell};
use crate::posting::Posting;
use std::borrow::Borrow;
use std::io::{self, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// What Excel writes for "CSV" on Western-European Windows.
    Windows1252,
}

/// How a CSV file is laid out in bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvStyle {
    pub delimiter: u8,
    pub encoding: Encoding,
    /// A UTF-8 byte-order mark first, which Excel needs to read UTF-8.
    pub bom: bool,
    pub crlf: bool,
}

impl Default for CsvStyle {
    fn default() -> Self {
        CsvStyle {
            delimiter: b',',
            encoding: Encoding::Utf8,
            bom: false,
            crlf: false,
        }
    }
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Postings as CSV with every column (`COLUMNS`); `neutralize` guards text cells.
pub fn write<W: Write>(
    out: W,
    style: &CsvStyle,
    neutralize_cells: bool,
    postings: impl IntoIterator<Item = impl Borrow<Posting>>,
) -> io::Result<()> {
    let header = crate::posting::header();
    let protect = vec![neutralize_cells; header.len()];
    write_rows(
        out,
        style,
        &header,
        &protect,
        postings.into_iter().map(|p| posting_cells(p.borrow())),
    )
}

/// Rows of cells under `header`; columns with `protect` set have their text neutralized.
pub fn write_rows<W: Write>(
    mut out: W,
    style: &CsvStyle,
    header: &[String],
    protect: &[bool],
    rows: impl IntoIterator<Item = Vec<Cell>>,
) -> io::Result<()> {
    if style.encoding == Encoding::Windows1252 {
        // Encoded whole: a master sheet is small, and exports are always UTF-8.
        let mut utf8 = Vec::new();
        write_rows(
            &mut utf8,
            &CsvStyle {
                encoding: Encoding::Utf8,
                bom: false,
                ..style.clone()
            },
            header,
            protect,
            rows,
        )?;
        let text = String::from_utf8(utf8).map_err(io::Error::other)?;
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
        out.write_all(&bytes)?;
        return out.flush();
    }
    if style.bom {
        out.write_all(UTF8_BOM)?;
    }
    let mut w = csv::WriterBuilder::new()
        .delimiter(style.delimiter)
        .terminator(if style.crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(out);
    w.write_record(header).map_err(io_error)?;
    let mut record: Vec<String> = Vec::with_capacity(header.len());
    for row in rows {
        record.clear();
        for (i, cell) in row.iter().enumerate() {
            let text = cell.to_text();
            let guard = matches!(cell, Cell::Text(_)) && protect.get(i).copied().unwrap_or(false);
            record.push(if guard {
                neutralize(&text).into_owned()
            } else {
                text
            });
        }
        w.write_record(&record).map_err(io_error)?;
    }
    w.flush()
}

/// A csv error as an I/O error, its own I/O cause kept as it was: a reader that closed the
/// pipe (`jobtap ... | head`) must stay a closed pipe, which is not a failure.
fn io_error(e: csv::Error) -> io::Error {
    if !e.is_io_error() {
        return io::Error::other(e);
    }
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        kind => io::Error::other(format!("{kind:?}")),
    }
}

/// Whether every character of `text` has a Windows-1252 byte.
pub fn fits_windows_1252(text: &str) -> bool {
    let (_, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    !unmappable
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(style: &CsvStyle, cells: Vec<Cell>, protect: bool) -> Vec<u8> {
        let mut out = Vec::new();
        write_rows(
            &mut out,
            style,
            &["a".into(), "b".into()],
            &[protect, protect],
            [cells],
        )
        .unwrap();
        out
    }

    #[test]
    fn text_is_neutralized_numbers_are_not() {
        let out = rows(
            &CsvStyle::default(),
            vec![Cell::Text("=HYPERLINK(1)".into()), Cell::Number(-5.0)],
            true,
        );
        assert_eq!(String::from_utf8(out).unwrap(), "a,b\n'=HYPERLINK(1),-5\n");
        let raw = rows(
            &CsvStyle::default(),
            vec![Cell::Text("=1".into()), Cell::Empty],
            false,
        );
        assert_eq!(String::from_utf8(raw).unwrap(), "a,b\n=1,\n");
    }

    #[test]
    fn excel_style_bytes() {
        let style = CsvStyle {
            delimiter: b';',
            encoding: Encoding::Windows1252,
            bom: false,
            crlf: true,
        };
        let out = rows(
            &style,
            vec![Cell::Text("Café".into()), Cell::Text("a;b".into())],
            true,
        );
        assert_eq!(out, b"a;b\r\nCaf\xe9;\"a;b\"\r\n");
        let bom = CsvStyle {
            bom: true,
            ..CsvStyle::default()
        };
        assert!(rows(&bom, vec![Cell::Empty, Cell::Empty], true).starts_with(UTF8_BOM));
        assert!(fits_windows_1252("Café €"));
        assert!(!fits_windows_1252("日本"));
    }
}
