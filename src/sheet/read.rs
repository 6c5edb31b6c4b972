//! Reading a master sheet back: CSV in whatever bytes Excel or LibreOffice left it (UTF-8
//! with or without BOM, or Windows-1252; `,`, `;` or tab; CRLF or LF), or XLSX through
//! calamine, with the user's formulas kept as formulas and every text cell's hyperlink
//! (`links`) kept as a link.

use super::{links, Kind, Sheet, SheetError};
use crate::export::cells::Cell;
use crate::export::csv_out::{CsvStyle, Encoding};
use calamine::{Data, Reader, Xlsx};

pub fn csv(bytes: &[u8]) -> Result<Sheet, SheetError> {
    let (bom, body) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    let (text, encoding) = match std::str::from_utf8(body) {
        Ok(t) => (t.to_string(), Encoding::Utf8),
        // Not UTF-8: Excel's "CSV" on Western Windows, every byte a character.
        Err(_) => (
            encoding_rs::WINDOWS_1252.decode(body).0.into_owned(),
            Encoding::Windows1252,
        ),
    };
    let style = CsvStyle {
        delimiter: sniff_delimiter(&text),
        encoding,
        bom,
        crlf: text.contains("\r\n"),
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(style.delimiter)
        .from_reader(text.as_bytes());
    let mut records = rdr.records();
    let header: Vec<String> = match records.next() {
        Some(r) => r
            .map_err(|e| SheetError::Format(e.to_string()))?
            .iter()
            .map(str::to_string)
            .collect(),
        None => Vec::new(),
    };
    let mut rows = Vec::new();
    for r in records {
        let r = r.map_err(|e| SheetError::Format(e.to_string()))?;
        rows.push(
            r.iter()
                .map(|s| {
                    if s.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(s.to_string())
                    }
                })
                .collect(),
        );
    }
    Ok(Sheet::new(header, rows, Kind::Csv(style)))
}

/// The delimiter the header line uses most: `,`, `;` (Excel in much of Europe) or tab.
fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| (first.bytes().filter(|b| b == d).count(), *d == b','))
        .unwrap_or(b',')
}

pub fn xlsx(bytes: &[u8]) -> Result<Sheet, SheetError> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).map_err(
        |e: calamine::XlsxError| {
            // Often a CSV or an old .xls under an .xlsx name: say what was expected.
            SheetError::Format(format!(
                "not an XLSX workbook ({e}); a CSV sheet needs a .csv name"
            ))
        },
    )?;
    let names = book.sheet_names();
    let name = names
        .iter()
        .find(|n| n.as_str() == "jobs")
        .or(names.first())
        .cloned()
        .ok_or_else(|| SheetError::Format("the workbook has no sheet".into()))?;
    let values = book
        .worksheet_range(&name)
        .map_err(|e| SheetError::Format(e.to_string()))?;
    let formulas = book
        .worksheet_formula(&name)
        .map_err(|e| SheetError::Format(e.to_string()))?;
    let Some((end_row, end_col)) = values.end() else {
        return Ok(Sheet::new(Vec::new(), Vec::new(), Kind::Xlsx));
    };
    let links = links::read(std::io::Cursor::new(bytes), &name)?;
    let cell = |r: u32, c: u32| -> Cell {
        if let Some(f) = formulas.get_value((r, c)).filter(|f| !f.is_empty()) {
            return Cell::Formula(f.clone());
        }
        match (value(&values, r, c), links.get(&(r, c))) {
            (Cell::Text(text), Some(url)) => Cell::Hyperlink {
                url: url.clone(),
                text,
            },
            (cell, _) => cell,
        }
    };
    let header: Vec<String> = (0..=end_col).map(|c| cell(0, c).to_text()).collect();
    let rows = (1..=end_row)
        .map(|r| (0..=end_col).map(|c| cell(r, c)).collect())
        .collect();
    Ok(Sheet::new(header, rows, Kind::Xlsx))
}

/// The value calamine read at (`r`, `c`) as a cell.
fn value(values: &calamine::Range<Data>, r: u32, c: u32) -> Cell {
    match values.get_value((r, c)).cloned() {
        None | Some(Data::Empty | Data::Error(_)) => Cell::Empty,
        Some(Data::String(s)) if s.is_empty() => Cell::Empty,
        Some(Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s)) => Cell::Text(s),
        Some(Data::Float(f)) => Cell::Number(f),
        Some(Data::Int(i)) => Cell::Number(i as f64),
        Some(Data::Bool(b)) => Cell::Bool(b),
        Some(Data::DateTime(d)) => Cell::Date(d.as_f64()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_no_workbook_is_named_as_such() {
        let Err(SheetError::Format(why)) = xlsx(b"id,title\n1,Chat agent\n") else {
            panic!("CSV bytes read as a workbook");
        };
        assert!(why.starts_with("not an XLSX workbook ("), "{why}");
    }

    #[test]
    fn excel_resaved_csv_is_understood() {
        let bytes = b"id;title;notes\r\n1;Caf\xe9 host;\"call; soon\"\r\n";
        let sheet = csv(bytes).unwrap();
        assert_eq!(sheet.header, ["id", "title", "notes"]);
        assert_eq!(sheet.rows[0][1], Cell::Text("Café host".into()));
        assert_eq!(sheet.rows[0][2], Cell::Text("call; soon".into()));
        let Kind::Csv(style) = &sheet.kind else {
            panic!()
        };
        assert_eq!(
            *style,
            CsvStyle {
                delimiter: b';',
                encoding: Encoding::Windows1252,
                bom: false,
                crlf: true
            }
        );
        let bom = csv("\u{feff}id,title\nx,Crème\n".as_bytes()).unwrap();
        assert_eq!(bom.rows[0][1], Cell::Text("Crème".into()));
        assert!(matches!(
            bom.kind,
            Kind::Csv(CsvStyle {
                bom: true,
                encoding: Encoding::Utf8,
                delimiter: b',',
                ..
            })
        ));
    }
}
