//! The master sheet: a CSV or XLSX file the user keeps and edits, that every run updates.
//!
//! - New postings are appended; known ones (same `id`) have their jobtap columns refreshed
//!   from the source; postings no longer listed stay, with their last `last_seen`.
//! - The user's own columns (any header jobtap does not write) and everything in them are
//!   never touched, in the user's column order.
//! - A row whose `status` column says `hide` is left exactly as it is (and folded away in
//!   XLSX); a row the user deleted stays deleted: every id ever merged is remembered in a
//!   sidecar file, `FILE.jobtap-ids`, beside the sheet.
//! - CSV comes back in the bytes it came in (encoding, delimiter, BOM, line ends).

mod in_use;
mod links;
mod read;

pub use in_use::open_in_app;

use crate::dedupe;
use crate::export::cells::{self, excel_serial, Cell};
use crate::export::csv_out::{self, CsvStyle, Encoding};
use crate::export::xlsx_out::{self, Row, Rows};
use crate::export::{Sink, SinkError};
use crate::posting::{column_named, Merge, Posting, Read, COLUMNS};
use chrono::{DateTime, Utc};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// The `status` value that keeps a row out of every later merge.
pub const HIDE: &str = "hide";

#[derive(Debug, Error)]
pub enum SheetError {
    #[error("{0}")]
    Format(String),
    #[error("{path}: {cause}")]
    Io { path: String, cause: std::io::Error },
    #[error(transparent)]
    Write(#[from] SinkError),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Csv(CsvStyle),
    Xlsx,
}

#[derive(Debug, Clone)]
pub struct Sheet {
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub kind: Kind,
}

/// What a merge did, for the run's summary.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Merged {
    pub added: usize,
    pub updated: usize,
    /// Postings the user deleted or hid, left out.
    pub left_out: usize,
    /// Rows in the sheet after the merge.
    pub rows: usize,
}

impl Sheet {
    fn new(header: Vec<String>, mut rows: Vec<Vec<Cell>>, kind: Kind) -> Sheet {
        let mut header = header;
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        // Cells past the header (a row longer than its header) keep a column of their own.
        while header.len() < width {
            header.push(String::new());
        }
        for r in &mut rows {
            r.resize(header.len(), Cell::Empty);
        }
        // Lines left entirely blank (Excel keeps some at the end) are not rows.
        rows.retain(|r| !r.iter().all(Cell::is_empty));
        Sheet { header, rows, kind }
    }

    /// Reads `path`; a missing or empty file is a new sheet of the kind its extension names.
    pub fn load(path: &Path, new_csv: CsvStyle) -> Result<Sheet, SheetError> {
        let xlsx = is_xlsx(path);
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(cause) => {
                return Err(SheetError::Io {
                    path: path.display().to_string(),
                    cause,
                })
            }
        };
        let where_ = |e: SheetError| match e {
            SheetError::Format(m) => SheetError::Format(format!("{}: {m}", path.display())),
            e => e,
        };
        let mut sheet = if bytes.is_empty() {
            Sheet::new(
                Vec::new(),
                Vec::new(),
                if xlsx { Kind::Xlsx } else { Kind::Csv(new_csv) },
            )
        } else if xlsx {
            read::xlsx(&bytes).map_err(where_)?
        } else {
            read::csv(&bytes).map_err(where_)?
        };
        if !sheet.rows.is_empty() && sheet.column("id").is_none() {
            return Err(SheetError::Format(format!(
                "{}: no `id` column: jobtap merges only into a sheet it wrote (keep its columns, add your own)",
                path.display()
            )));
        }
        sheet.ensure_columns();
        Ok(sheet)
    }

    fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h.trim() == name)
    }

    /// jobtap's columns missing from the sheet are appended, in schema order.
    fn ensure_columns(&mut self) {
        for c in &COLUMNS {
            if self.column(c.name).is_none() {
                self.header.push(c.name.to_string());
                for r in &mut self.rows {
                    r.push(Cell::Empty);
                }
            }
        }
    }

    fn status_column(&self) -> Option<usize> {
        self.header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case("status"))
    }

    fn is_hidden(&self, row: &[Cell]) -> bool {
        self.status_column()
            .is_some_and(|c| row[c].to_text().trim().eq_ignore_ascii_case(HIDE))
    }

    /// Ids of every row.
    pub fn ids(&self) -> HashSet<String> {
        let c = self.column("id").expect("ensure_columns adds id");
        self.rows
            .iter()
            .map(|r| r[c].to_text().trim().to_string())
            .filter(|id| !id.is_empty())
            .collect()
    }

    /// Merges this run's postings. `known` holds every id merged before (the sidecar): an id
    /// known but not in the sheet is a row the user deleted.
    pub fn merge(
        &mut self,
        postings: &[Posting],
        known: &HashSet<String>,
        now: DateTime<Utc>,
    ) -> Merged {
        let mut out = Merged::default();
        // Where each of jobtap's columns is in this sheet.
        let cols: Vec<usize> = COLUMNS
            .iter()
            .map(|c| {
                self.column(c.name)
                    .expect("ensure_columns adds every column")
            })
            .collect();
        let col = |name: &str| cols[COLUMNS.iter().position(|c| c.name == name).unwrap()];
        let id_c = col("id");
        // Rows by id and by the cross-source keys, so a job first listed by one source and
        // now by another stays one row.
        let mut index: HashMap<String, usize> = HashMap::new();
        for (i, row) in self.rows.iter().enumerate() {
            let id = row[id_c].to_text().trim().to_string();
            if !id.is_empty() {
                index.entry(format!("id:{id}")).or_insert(i);
            }
            for k in row_keys(row, &col) {
                index.entry(k).or_insert(i);
            }
        }
        // Within one source only the id says two postings are one (a Craigslist repost has
        // a token of its own and the same title): a row another posting of this source
        // already has is matched by URL alone, never by company, title and location.
        let listed_by = |row: &[Cell], source: &str| {
            let sources = row[col("sources")].to_text();
            row[col("source")].to_text().trim() == source
                || sources.split(';').any(|s| s.trim() == source)
        };
        for p in postings {
            let found = std::iter::once(format!("id:{}", p.id))
                .chain(dedupe::keys(p))
                .filter_map(|k| Some((index.get(&k).copied()?, k)))
                .find(|(i, k)| !k.starts_with("job:") || !listed_by(&self.rows[*i], &p.source))
                .map(|(i, _)| i);
            match found {
                Some(i) if self.is_hidden(&self.rows[i]) => out.left_out += 1,
                Some(i) => {
                    fill(&mut self.rows[i], &cols, p, now);
                    out.updated += 1;
                }
                None if known.contains(&p.id) => out.left_out += 1,
                None => {
                    let mut row = vec![Cell::Empty; self.header.len()];
                    fill(&mut row, &cols, p, now);
                    let i = self.rows.len();
                    index.insert(format!("id:{}", p.id), i);
                    for k in dedupe::keys(p) {
                        index.entry(k).or_insert(i);
                    }
                    self.rows.push(row);
                    out.added += 1;
                }
            }
        }
        out.rows = self.rows.len();
        out
    }

    /// Writes the sheet to `path` atomically, CSV in its own style. Returns a note when a
    /// Windows-1252 sheet had to become UTF-8 to hold new characters.
    pub fn save(&self, path: &Path, raw_cells: bool) -> Result<Option<String>, SheetError> {
        let protect: Vec<bool> = self
            .header
            .iter()
            .map(|h| !raw_cells && column_named(h.trim()).is_some())
            .collect();
        let sink = Sink::File(path.to_path_buf());
        match &self.kind {
            Kind::Xlsx => {
                let held = Rows::for_last_row(self.rows.last().is_some_and(|r| self.is_hidden(r)));
                sink.write_with(|w| xlsx_out::write_rows(w, &self.header, self.xlsx_rows(), held))?;
                Ok(None)
            }
            Kind::Csv(style) => {
                let mut style = style.clone();
                let mut note = None;
                if style.encoding == Encoding::Windows1252 && !self.fits_windows_1252() {
                    // Better UTF-8 that Excel reads (with a BOM) than characters lost.
                    style.encoding = Encoding::Utf8;
                    style.bom = true;
                    note = Some(format!(
                        "{}: new text has characters Windows-1252 lacks; written as UTF-8 with a BOM",
                        path.display()
                    ));
                }
                sink.write_with(|w| {
                    csv_out::write_rows(
                        w,
                        &style,
                        &self.header,
                        &protect,
                        self.rows.iter().cloned(),
                    )
                })?;
                Ok(note)
            }
        }
    }

    /// The rows as XLSX writes them: `hide` rows folded away, and every address in one of
    /// jobtap's link columns a link, also where the sheet held it as text (a CSV sheet made
    /// XLSX, a link the user's application dropped).
    fn xlsx_rows(&self) -> impl Iterator<Item = Row> + '_ {
        let links: Vec<bool> = self
            .header
            .iter()
            .map(|h| column_named(h.trim()).is_some_and(|c| matches!(c.read, Read::Url(_))))
            .collect();
        self.rows.iter().map(move |row| Row {
            cells: row
                .iter()
                .zip(&links)
                .map(|(cell, &link)| match cell {
                    Cell::Text(address) if link => Cell::Link(address.clone()),
                    cell => cell.clone(),
                })
                .collect(),
            hidden: self.is_hidden(row),
        })
    }

    fn fits_windows_1252(&self) -> bool {
        self.header.iter().all(|h| csv_out::fits_windows_1252(h))
            && self
                .rows
                .iter()
                .flatten()
                .all(|c| csv_out::fits_windows_1252(&c.to_text()))
    }
}

/// Writes `p` into `row` (a new one, or a known one refreshed), each of jobtap's columns
/// (at `cols` in the sheet) as the column table says. `now` is when the run saw `p` unless
/// the posting says otherwise.
fn fill(row: &mut [Cell], cols: &[usize], p: &Posting, now: DateTime<Utc>) {
    let seen = || Cell::Date(excel_serial(&p.last_seen.unwrap_or(now)));
    for (column, &at) in COLUMNS.iter().zip(cols) {
        let posting = || cells::cell(column, p);
        row[at] = match column.merge {
            Merge::Refresh => posting(),
            // Kept through the refresh (also for a row found by its cross-source key, whose
            // id becomes this posting's).
            Merge::Keep if row[at] != Cell::Empty => continue,
            Merge::Keep | Merge::Seen => Some(posting())
                .filter(|c| *c != Cell::Empty)
                .unwrap_or_else(seen),
            Merge::Sources => union_sources(&row[at], p),
        };
    }
}

fn row_keys(row: &[Cell], col: &dyn Fn(&str) -> usize) -> Vec<String> {
    let text = |name: &str| row[col(name)].to_text();
    let opt = |s: String| (!s.trim().is_empty()).then_some(s);
    let mut keys = Vec::new();
    if let Some(k) = dedupe::url_key(&text("url")) {
        keys.push(format!("url:{k}"));
    }
    if let Some(k) = dedupe::job_key(
        opt(text("company")).as_deref(),
        &text("title"),
        opt(text("location")).as_deref(),
    ) {
        keys.push(format!("job:{k}"));
    }
    keys
}

/// The sources a row has been listed by: what the sheet had, plus this run's.
fn union_sources(had: &Cell, p: &Posting) -> Cell {
    let mut all: Vec<String> = had
        .to_text()
        .split(';')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    for s in std::iter::once(&p.source).chain(&p.sources) {
        if !all.contains(s) {
            all.push(s.clone());
        }
    }
    Cell::Text(all.join("; "))
}

pub fn is_xlsx(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// The sidecar that remembers every id ever merged into `sheet`.
pub fn sidecar_path(sheet: &Path) -> PathBuf {
    let mut name = sheet.file_name().unwrap_or_default().to_os_string();
    name.push(".jobtap-ids");
    sheet.with_file_name(name)
}

pub fn read_known_ids(sheet: &Path) -> Result<HashSet<String>, SheetError> {
    let path = sidecar_path(sheet);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(HashSet::new()),
        Err(cause) => Err(SheetError::Io {
            path: path.display().to_string(),
            cause,
        }),
    }
}

/// Saves the ids: those known before and every id now in the sheet. Written after the
/// sheet, so a crash between the two can only forget a deletion, never drop a posting.
pub fn write_known_ids(
    sheet: &Path,
    known: &HashSet<String>,
    now_in_sheet: &HashSet<String>,
) -> Result<(), SheetError> {
    let all: BTreeSet<&String> = known.iter().chain(now_in_sheet).collect();
    let mut text = String::from(
        "# jobtap: ids of every posting merged into the sheet beside this file, so rows you\n# delete stay deleted. Delete this file to let them come back.\n",
    );
    for id in all {
        text.push_str(id);
        text.push('\n');
    }
    Sink::File(sidecar_path(sheet)).write_with(|w| w.write_all(text.as_bytes()))?;
    Ok(())
}
