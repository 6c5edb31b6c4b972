//! XLSX: a bold, frozen header row with an autofilter, readable column widths, dates as
//! Excel dates, links as hyperlinks, and every text cell written as a string, so a title
//! that starts with `=` is text, never a formula.

use super::cells::{posting_cells, Cell};
use crate::posting::{column_named, Posting};
use rust_xlsxwriter::{Format, Url, Workbook, Worksheet, XlsxError};
use std::io;

/// Excel's limits: characters in a cell, length of a link, links in a sheet.
const MAX_CELL_CHARS: usize = 32_767;
const MAX_URL_CHARS: usize = 2_079;
const MAX_LINKS: usize = 65_530;

/// One row to write; hidden rows are kept but folded away (a master sheet's `hide` rows).
pub struct Row {
    pub cells: Vec<Cell>,
    pub hidden: bool,
}

/// Postings as an XLSX workbook (in memory: the sink writes it atomically).
pub fn postings_xlsx<'a>(postings: impl IntoIterator<Item = &'a Posting>) -> io::Result<Vec<u8>> {
    let header = crate::posting::header();
    let rows = postings.into_iter().map(|p| Row {
        cells: posting_cells(p),
        hidden: false,
    });
    rows_xlsx(&header, rows)
}

/// Rows of cells under `header` as an XLSX workbook with one sheet, "jobs".
pub fn rows_xlsx(header: &[String], rows: impl IntoIterator<Item = Row>) -> io::Result<Vec<u8>> {
    build(header, rows).map_err(|e| io::Error::other(format!("xlsx: {e}")))
}

fn build(header: &[String], rows: impl IntoIterator<Item = Row>) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("jobs")?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let link = Format::new()
        .set_font_color("0563C1")
        .set_underline(rust_xlsxwriter::FormatUnderline::Single);
    for (c, name) in header.iter().enumerate() {
        let col = c as u16;
        sheet.write_string_with_format(0, col, name, &bold)?;
        sheet.set_column_width(col, width(name))?;
    }
    let mut links = 0;
    let mut last = 0;
    for (r, row) in rows.into_iter().enumerate() {
        let r = r as u32 + 1;
        last = r;
        if row.hidden {
            sheet.set_row_hidden(r)?;
        }
        for (c, cell) in row.cells.iter().enumerate() {
            write_cell(sheet, r, c as u16, cell, &date, &link, &mut links)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    if !header.is_empty() {
        sheet.autofilter(0, 0, last, header.len() as u16 - 1)?;
    }
    book.save_to_buffer()
}

fn write_cell(
    sheet: &mut Worksheet,
    r: u32,
    c: u16,
    cell: &Cell,
    date: &Format,
    link: &Format,
    links: &mut usize,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Empty => {}
        Cell::Text(s) => {
            sheet.write_string(r, c, fit(s))?;
        }
        Cell::Number(n) => {
            sheet.write_number(r, c, *n)?;
        }
        Cell::Bool(b) => {
            sheet.write_boolean(r, c, *b)?;
        }
        Cell::Date(d) => {
            sheet.write_number_with_format(r, c, *d, date)?;
        }
        Cell::Formula(f) => {
            sheet.write_formula(r, c, f.as_str())?;
        }
        Cell::Link(u) => {
            let linkable = *links < MAX_LINKS
                && u.chars().count() <= MAX_URL_CHARS
                && (u.starts_with("http://") || u.starts_with("https://"));
            if linkable
                && sheet
                    .write_url_with_format(r, c, Url::new(u.as_str()), link)
                    .is_ok()
            {
                *links += 1;
            } else {
                sheet.write_string(r, c, fit(u))?;
            }
        }
    }
    Ok(())
}

/// Excel holds at most 32,767 characters in a cell; longer text is cut there.
fn fit(s: &str) -> &str {
    match s.char_indices().nth(MAX_CELL_CHARS) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// A jobtap column's width from the column table; a column of the user's, a readable
/// default (wider for `notes`, the column most sheets add).
fn width(header: &str) -> f64 {
    match column_named(header) {
        Some(c) => c.width,
        None if header == "notes" => 24.0,
        None => 12.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_at_excels_limit() {
        let long = "é".repeat(MAX_CELL_CHARS + 5);
        assert_eq!(fit(&long).chars().count(), MAX_CELL_CHARS);
        assert_eq!(fit("short"), "short");
    }
}
