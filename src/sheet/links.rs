//! The hyperlinks of a workbook's sheet, which calamine does not read: a cell's link is a
//! `<hyperlink ref="E2" r:id="rId1"/>` after the sheet's data, its address in the sheet's
//! relationships (`xl/worksheets/_rels/sheet1.xml.rels`), or a place in the workbook
//! (`location="Other!A1"`). Read so a merge writes back every link a row had.

use super::SheetError;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Seek};
use zip::ZipArchive;

/// Where each linked cell (row, column; from 0) points.
pub type Links = HashMap<(u32, u32), String>;

/// The links of the sheet named `sheet` in the workbook `bytes`.
pub fn read<R: Read + Seek>(book: R, sheet: &str) -> Result<Links, SheetError> {
    let mut zip = ZipArchive::new(book).map_err(format_error)?;
    let Some(path) = sheet_path(&mut zip, sheet)? else {
        return Ok(Links::new());
    };
    let targets = match part(&mut zip, &rels_path(&path))? {
        Some(rels) => relationships(rels)?,
        None => HashMap::new(),
    };
    let Some(xml) = part(&mut zip, &path)? else {
        return Ok(Links::new());
    };
    let mut links = Links::new();
    each_element(xml, b"hyperlink", |e| {
        let [at, id, location] = attributes(e, [b"ref", b"id", b"location"]);
        let target = match (id.and_then(|id| targets.get(&id)), location) {
            (Some(t), Some(l)) => format!("{t}#{l}"),
            (Some(t), None) => t.clone(),
            (None, Some(l)) => format!("internal:{l}"),
            (None, None) => return,
        };
        for cell in at.as_deref().map(cells_of).into_iter().flatten() {
            links.insert(cell, target.clone());
        }
    })?;
    Ok(links)
}

/// The part holding the sheet named `name`: workbook.xml gives its relationship id, the
/// workbook's relationships its file.
fn sheet_path<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    name: &str,
) -> Result<Option<String>, SheetError> {
    let Some(workbook) = part(zip, "xl/workbook.xml")? else {
        return Ok(None);
    };
    let mut id = None;
    each_element(workbook, b"sheet", |e| {
        if let [Some(n), Some(i)] = attributes(e, [b"name", b"id"]) {
            if n == name && id.is_none() {
                id = Some(i);
            }
        }
    })?;
    let Some(id) = id else { return Ok(None) };
    let Some(rels) = part(zip, "xl/_rels/workbook.xml.rels")? else {
        return Ok(None);
    };
    Ok(relationships(rels)?.remove(&id).map(|target| {
        // Relative to xl/, or absolute within the package.
        match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("xl/{target}"),
        }
    }))
}

/// `xl/worksheets/sheet1.xml` -> `xl/worksheets/_rels/sheet1.xml.rels`.
fn rels_path(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// A relationships part as id -> target.
fn relationships(xml: impl BufRead) -> Result<HashMap<String, String>, SheetError> {
    let mut targets = HashMap::new();
    each_element(xml, b"Relationship", |e| {
        if let [Some(id), Some(target)] = attributes(e, [b"Id", b"Target"]) {
            targets.insert(id, target);
        }
    })?;
    Ok(targets)
}

/// A part of the package, read as it is inflated; `None` when the package has none.
fn part<'a, R: Read + Seek>(
    zip: &'a mut ZipArchive<R>,
    name: &str,
) -> Result<Option<impl BufRead + 'a>, SheetError> {
    match zip.by_name(name) {
        Ok(file) => Ok(Some(BufReader::with_capacity(1 << 16, file))),
        Err(zip::result::ZipError::FileNotFound) => Ok(None),
        Err(e) => Err(format_error(e)),
    }
}

/// Calls `found` on every element named `name` (by its local name, whatever its prefix).
fn each_element(
    xml: impl BufRead,
    name: &[u8],
    mut found: impl FnMut(&BytesStart),
) -> Result<(), SheetError> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).map_err(format_error)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == name => found(&e),
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// The values of an element's attributes named `keys` (by local name: `r:id` is `id`).
fn attributes<const N: usize>(e: &BytesStart, keys: [&[u8]; N]) -> [Option<String>; N] {
    let mut values = [const { None }; N];
    for a in e.attributes().flatten() {
        if let Some(i) = keys.iter().position(|k| *k == a.key.local_name().as_ref()) {
            values[i] = a
                .normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned());
        }
    }
    values
}

/// The cells of `E2` or of a range `B2:C3`, as (row, column) from 0.
fn cells_of(range: &str) -> Vec<(u32, u32)> {
    let (first, last) = range.split_once(':').unwrap_or((range, range));
    let (Some((r0, c0)), Some((r1, c1))) = (cell_ref(first), cell_ref(last)) else {
        return Vec::new();
    };
    // A link over a whole column or more is no cell's own: nothing to keep.
    if (r1.saturating_sub(r0) as u64 + 1) * (c1.saturating_sub(c0) as u64 + 1) > 65_536 {
        return Vec::new();
    }
    (r0..=r1)
        .flat_map(|r| (c0..=c1).map(move |c| (r, c)))
        .collect()
}

/// `AA10` -> (9, 26); `$A$1` as `A1`.
fn cell_ref(a1: &str) -> Option<(u32, u32)> {
    let a1 = a1.replace('$', "");
    let digits = a1.find(|c: char| c.is_ascii_digit())?;
    let (letters, number) = a1.split_at(digits);
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let col = letters.bytes().try_fold(0u32, |n, b| {
        b.is_ascii_uppercase()
            .then(|| n * 26 + u32::from(b - b'A') + 1)
    })?;
    let row: u32 = number.parse().ok()?;
    (row >= 1).then(|| (row - 1, col - 1))
}

fn format_error(e: impl std::fmt::Display) -> SheetError {
    SheetError::Format(format!("reading the sheet's links: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_are_read_as_rows_and_columns() {
        assert_eq!(cell_ref("A1"), Some((0, 0)));
        assert_eq!(cell_ref("E2"), Some((1, 4)));
        assert_eq!(cell_ref("AA10"), Some((9, 26)));
        assert_eq!(cell_ref("$B$3"), Some((2, 1)));
        assert_eq!(cell_ref("A0"), None);
        assert_eq!(cell_ref("12"), None);
        assert_eq!(cell_ref("e2"), None);
        assert_eq!(cells_of("B2:C3"), [(1, 1), (1, 2), (2, 1), (2, 2)]);
        assert_eq!(cells_of("A1:A1048576"), []);
    }

    #[test]
    fn relationship_parts_sit_beside_their_part() {
        assert_eq!(
            rels_path("xl/worksheets/sheet1.xml"),
            "xl/worksheets/_rels/sheet1.xml.rels"
        );
    }
}
