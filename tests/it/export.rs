//! Files spreadsheets open safely: CSV quoting, BOM and formula neutralization; XLSX cells
//! typed (strings stay strings), dates, links, header.

use crate::support::*;
use calamine::{Data, Reader, Xlsx};

fn parse_to(board: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["parse", "--source", "greenhouse", board.to_str().unwrap()];
    args.extend(extra);
    jobtap_sync(&args)
}

#[test]
fn csv_neutralizes_formula_cells_unless_raw() {
    let dir = tempfile::tempdir().unwrap();
    let board = gh_board_file(
        dir.path(),
        "b.json",
        &[
            (1, "=HYPERLINK(\"http://evil.test\",\"Apply\")"),
            (2, "+1 Support"),
            (3, "Plain"),
        ],
    );
    let out = parse_to(&board, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    let header = rdr.headers().unwrap().clone();
    assert_eq!(
        header.iter().skip(21).collect::<Vec<_>>(),
        ["first_seen", "last_seen", "sources", "valid_through"]
    );
    let titles: Vec<String> = rdr.records().map(|r| r.unwrap()[3].to_string()).collect();
    assert_eq!(
        titles,
        [
            "'=HYPERLINK(\"http://evil.test\",\"Apply\")",
            "'+1 Support",
            "Plain"
        ]
    );
    assert!(!stdout(&out).starts_with('\u{feff}'));

    let raw = parse_to(&board, &["--raw-cells", "--bom"]);
    let text = stdout(&raw);
    let body = text
        .strip_prefix('\u{feff}')
        .expect("--bom writes a UTF-8 BOM");
    let mut rdr = csv::Reader::from_reader(body.as_bytes());
    let first = rdr.records().next().unwrap().unwrap();
    assert_eq!(&first[3], "=HYPERLINK(\"http://evil.test\",\"Apply\")");
}

#[test]
fn xlsx_keeps_text_as_strings_with_dates_links_and_header() {
    let dir = tempfile::tempdir().unwrap();
    let board = gh_board_file(dir.path(), "b.json", &[(7, "=1+1"), (8, "-Night Agent")]);
    let path = dir.path().join("jobs.xlsx");
    let out = parse_to(&board, &["-o", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let range = book.worksheet_range("jobs").unwrap();
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header[3], "title");
    assert_eq!(header.len(), 25);
    // Strings, exactly as given: no formula, no neutralizing quote.
    assert_eq!(range.get((1, 3)), Some(&Data::String("=1+1".into())));
    assert_eq!(
        range.get((2, 3)),
        Some(&Data::String("-Night Agent".into()))
    );
    let formulas = book.worksheet_formula("jobs").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formulas"
    );
    // fetched_at is a real date.
    match range.get((1, 20)) {
        Some(Data::DateTime(d)) => assert!(d.as_f64() > 45000.0, "{d:?}"),
        other => panic!("fetched_at should be a date, got {other:?}"),
    }
    assert_eq!(
        range.get((1, 17)),
        Some(&Data::String("https://acme.example/jobs/7".into()))
    );
    // The link is a hyperlink: the sheet's XML names it.
    let zip = std::fs::read(&path).unwrap();
    assert!(
        String::from_utf8_lossy(&zip).contains("xl/worksheets/_rels/sheet1.xml.rels"),
        "hyperlinks get a relationships part"
    );
}

#[test]
fn xlsx_to_stdout_is_a_usage_error() {
    let out = jobtap_sync(&[
        "parse",
        "--source",
        "greenhouse",
        fixture("greenhouse/board.json").to_str().unwrap(),
        "--format",
        "xlsx",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("needs an output file"),
        "{}",
        stderr(&out)
    );
}

/// The article titles and link targets of an HTML page written by jobtap.
fn page_links(path: &std::path::Path) -> (scraper::Html, Vec<(String, Option<String>)>) {
    let doc = scraper::Html::parse_document(&std::fs::read_to_string(path).unwrap());
    let h2 = scraper::Selector::parse("article.job h2").unwrap();
    let a = scraper::Selector::parse("a").unwrap();
    let links = doc
        .select(&h2)
        .map(|h| {
            let href = h.select(&a).next().and_then(|a| a.attr("href"));
            (h.text().collect(), href.map(str::to_string))
        })
        .collect();
    (doc, links)
}

#[test]
fn an_html_page_by_extension_holds_every_posting_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let board = gh_board_file(
        dir.path(),
        "b.json",
        &[(1, "<script>alert(1)</script>"), (2, "Chat & Email Agent")],
    );
    let page = dir.path().join("jobs.html");
    let out = parse_to(&board, &["-o", page.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let (doc, mut links) = page_links(&page);
    links.sort();
    assert_eq!(
        links,
        [
            (
                "<script>alert(1)</script>".to_string(),
                Some("https://acme.example/jobs/1".to_string())
            ),
            (
                "Chat & Email Agent".to_string(),
                Some("https://acme.example/jobs/2".to_string())
            ),
        ]
    );
    let count = |css: &str| doc.select(&scraper::Selector::parse(css).unwrap()).count();
    assert_eq!(count("script"), 1, "the page's own script only");
    assert_eq!(
        count("[src], link[href]"),
        0,
        "nothing loaded from elsewhere"
    );
    assert_eq!(count(".who"), 2, "company and place of each");
}
