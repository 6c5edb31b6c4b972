//! XLSX: a bold, frozen header row with an autofilter, readable column widths, dates as
//! Excel dates, links as hyperlinks, and every text cell written as a string, so a title
//! that starts with `=` is text, never a formula.
//!
//! Rows are streamed: the worksheet is rust_xlsxwriter's "constant memory" kind, which
//! writes each row's XML to a temporary file (in the system's temporary directory) as the
//! next row begins, and the workbook is zipped straight into the output. Memory holds one
//! row, the sheet's links (at most `MAX_LINKS`) and the zip's buffers, however many rows
//! there are. Rows must come in order, which they always do here. (`Rows::Held` is the
//! exception: a master sheet whose last row is folded away.)

use super::cells::{posting_cells, Cell};
use crate::posting::{column_named, Posting};
use rust_xlsxwriter::{Format, FormatUnderline, Url, Workbook, Worksheet, XlsxError};
use std::borrow::Borrow;
use std::io::{self, Write};

/// Excel's limits: characters in a cell, length of a link, links in a sheet.
const MAX_CELL_CHARS: usize = 32_767;
const MAX_URL_CHARS: usize = 2_079;
const MAX_LINKS: usize = 65_530;

/// One row to write; hidden rows are kept but folded away (a master sheet's `hide` rows).
pub struct Row {
    pub cells: Vec<Cell>,
    pub hidden: bool,
}

/// Where a sheet's rows are held until the workbook is zipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rows {
    /// Each row written out as the next begins.
    Streamed,
    /// Every row in memory: for a sheet whose last row is folded away, which
    /// rust_xlsxwriter 0.96 streams twice (a row's options are flushed once more at the
    /// end, and Excel calls a row written twice a corrupt file).
    Held,
}

impl Rows {
    pub fn for_last_row(hidden: bool) -> Rows {
        if hidden {
            Rows::Held
        } else {
            Rows::Streamed
        }
    }
}

/// Postings as an XLSX workbook, written to `out` as they come.
pub fn write_postings<P: Borrow<Posting>>(
    out: impl Write + Send,
    postings: impl IntoIterator<Item = P>,
) -> io::Result<()> {
    let header = crate::posting::header();
    let rows = postings.into_iter().map(|p| Row {
        cells: posting_cells(p.borrow()),
        hidden: false,
    });
    write_rows(out, &header, rows, Rows::Streamed)
}

/// Rows of cells under `header` as an XLSX workbook with one sheet, "jobs", written to `out`.
pub fn write_rows(
    out: impl Write + Send,
    header: &[String],
    rows: impl IntoIterator<Item = Row>,
    held: Rows,
) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    build(header, rows, held)
        .and_then(|mut book| book.save_to_writer(&mut out))
        .map_err(|e| match e {
            XlsxError::IoError(e) => e,
            e => io::Error::other(format!("xlsx: {e}")),
        })?;
    out.flush()
}

/// The formats every sheet uses.
struct Styles {
    date: Format,
    link: Format,
}

fn build(
    header: &[String],
    rows: impl IntoIterator<Item = Row>,
    held: Rows,
) -> Result<Workbook, XlsxError> {
    let mut book = Workbook::new();
    let sheet = match held {
        Rows::Streamed => book.add_worksheet_with_constant_memory(),
        Rows::Held => book.add_worksheet(),
    };
    sheet.set_name("jobs")?;
    let styles = Styles {
        date: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
        link: Format::new()
            .set_font_color("0563C1")
            .set_underline(FormatUnderline::Single),
    };
    let bold = Format::new().set_bold();
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
            write_cell(sheet, (r, c as u16), cell, &styles, &mut links)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    if !header.is_empty() {
        sheet.autofilter(0, 0, last, header.len() as u16 - 1)?;
    }
    Ok(book)
}

fn write_cell(
    sheet: &mut Worksheet,
    (r, c): (u32, u16),
    cell: &Cell,
    styles: &Styles,
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
            sheet.write_number_with_format(r, c, *d, &styles.date)?;
        }
        Cell::Formula(f) => {
            sheet.write_formula(r, c, f.as_str())?;
        }
        // A posting's address is linked only when it is a web address: the source chose it.
        Cell::Link(u) => {
            let web = u.starts_with("http://") || u.starts_with("https://");
            if !(web && link(sheet, (r, c), Url::new(u.as_str()), u, styles, links)) {
                sheet.write_string(r, c, fit(u))?;
            }
        }
        // A link the sheet had is written back as it was: the user (or jobtap) made it.
        Cell::Hyperlink { url, text } => {
            let linked = Url::new(url.as_str()).set_text(text.as_str());
            if !link(sheet, (r, c), linked, url, styles, links) {
                sheet.write_string(r, c, fit(text))?;
            }
        }
    }
    Ok(())
}

/// Writes a link if Excel can hold one more (and this one); false when it cannot.
fn link(
    sheet: &mut Worksheet,
    (r, c): (u32, u16),
    url: Url,
    address: &str,
    styles: &Styles,
    links: &mut usize,
) -> bool {
    let fits = *links < MAX_LINKS && address.chars().count() <= MAX_URL_CHARS;
    let written = fits && sheet.write_url_with_format(r, c, url, &styles.link).is_ok();
    *links += usize::from(written);
    written
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
    use std::io::Read;

    /// A part of a workbook as text.
    fn part(book: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(io::Cursor::new(book)).unwrap();
        let mut xml = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
        xml
    }

    /// The style index (`s`) of the cell at `at` in the sheet's XML.
    fn style_of<'a>(sheet: &'a str, at: &str) -> &'a str {
        let start = sheet.find(&format!("<c r=\"{at}\"")).expect(at);
        let cell = &sheet[start..start + sheet[start..].find('>').unwrap()];
        cell.split("s=\"")
            .nth(1)
            .map_or("0", |s| &s[..s.find('"').unwrap()])
    }

    #[test]
    fn streamed_rows_keep_the_header_style_dates_links_and_folded_rows() {
        let header = ["title".to_string(), "url".into(), "posted_at".into()];
        let row = |title: &str, hidden| Row {
            cells: vec![
                Cell::Text(title.into()),
                Cell::Link("https://board.example/jobs/1".into()),
                Cell::Date(46345.5),
            ],
            hidden,
        };
        let mut book = Vec::new();
        let rows = [
            row("Night Agent", false),
            row("Chat Agent", true),
            row("Day Agent", false),
        ];
        write_rows(&mut book, &header, rows, Rows::Streamed).unwrap();
        let sheet = part(&book, "xl/worksheets/sheet1.xml");
        let styles = part(&book, "xl/styles.xml");
        assert!(sheet.contains(r#"<row r="3" hidden="1">"#), "{sheet}");
        assert_eq!(sheet.matches("<row ").count(), 4, "{sheet}");
        for at in ["B2", "B3", "B4"] {
            assert!(
                sheet.contains(&format!(r#"<hyperlink ref="{at}""#)),
                "{sheet}"
            );
        }
        assert!(sheet.contains(r#"<pane ySplit="1""#), "{sheet}");
        assert!(sheet.contains(r#"<autoFilter ref="A1:C4"/>"#), "{sheet}");
        // Each kind of cell has its own style: the header bold, links blue and underlined,
        // dates in the date format; the same in every row.
        let xfs: Vec<&str> = styles
            .split("<cellXfs")
            .nth(1)
            .unwrap()
            .split("<xf ")
            .skip(1)
            .collect();
        let xf = |at: &str| xfs[style_of(&sheet, at).parse::<usize>().unwrap()];
        let fonts: Vec<&str> = styles.split("<font>").skip(1).collect();
        let font = |at: &str| {
            let id = xf(at).split("fontId=\"").nth(1).unwrap();
            fonts[id[..id.find('"').unwrap()].parse::<usize>().unwrap()]
        };
        assert!(font("A1").contains("<b/>"), "{styles}");
        assert!(!font("A2").contains("<b/>"), "{styles}");
        for at in ["B2", "B3", "B4"] {
            assert!(
                font(at).contains("<u/>") && font(at).contains("0563C1"),
                "{styles}"
            );
        }
        assert!(
            styles.contains(r#"formatCode="yyyy-mm-dd hh:mm""#),
            "{styles}"
        );
        for at in ["C2", "C3", "C4"] {
            assert!(xf(at).contains(r#"numFmtId="164""#), "{}", xf(at));
        }
    }

    #[test]
    fn long_text_is_cut_at_excels_limit() {
        let long = "é".repeat(MAX_CELL_CHARS + 5);
        assert_eq!(fit(&long).chars().count(), MAX_CELL_CHARS);
        assert_eq!(fit("short"), "short");
    }

    #[test]
    fn a_folded_last_row_is_written_once() {
        let row = |hidden| Row {
            cells: vec![Cell::Text("Night Agent".into())],
            hidden,
        };
        let rows = [row(false), row(true)];
        let held = Rows::for_last_row(rows.last().unwrap().hidden);
        let mut book = Vec::new();
        write_rows(&mut book, &["title".to_string()], rows, held).unwrap();
        let sheet = part(&book, "xl/worksheets/sheet1.xml");
        assert_eq!(sheet.matches(r#"<row r="3""#).count(), 1, "{sheet}");
        assert!(sheet.contains(r#"hidden="1""#), "{sheet}");
    }
}
