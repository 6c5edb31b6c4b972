//! Output held to recorded bytes: every format (CSV, JSON, JSON Lines, and XLSX's cells,
//! column widths, links and folded rows) and a master-sheet merge into a CSV and an XLSX
//! sheet, over the postings of the project's fixtures read with a fixed clock. A column that
//! moves or a value that changes fails here.
//!
//! After a change of output that is meant, `JOBTAP_GOLDEN=write cargo test --test it
//! golden` records the new outputs in `tests/fixtures/golden/`; read their diff before
//! committing it.

use crate::support::fixture;
use calamine::{Data, Reader, Xlsx};
use chrono::{DateTime, Utc};
use jobtap::adapters::{self, ParseCtx};
use jobtap::definition::Registry;
use jobtap::export::csv_out::CsvStyle;
use jobtap::export::{write_postings, ExportOptions, Format};
use jobtap::filter::Filter;
use jobtap::finish::Finish;
use jobtap::posting::{EmploymentType, Posting, SalaryPeriod, Workplace};
use jobtap::sheet::{Kind, Sheet};
use jobtap::tag::Tagger;
use std::collections::HashSet;
use std::io::Read;
use std::path::Path;

/// Each source with the argument and the saved body it is read from.
const INPUTS: &[(&str, Option<&str>, &str)] = &[
    ("greenhouse", Some("acme"), "greenhouse/board.json"),
    ("lever", Some("acme"), "lever/page1.json"),
    ("remotive", None, "remotive/jobs.json"),
    ("remoteok", None, "remoteok/api.json"),
    ("himalayas", None, "himalayas/page1.json"),
    ("jobicy", None, "jobicy/jobs.json"),
    ("arbeitnow", None, "arbeitnow/page1.json"),
    ("themuse", None, "themuse/page0.json"),
    ("ashby", Some("acme"), "ashby/board.json"),
    (
        "smartrecruiters",
        Some("acme"),
        "smartrecruiters/page1.json",
    ),
    ("recruitee", Some("acme"), "recruitee/offers.json"),
    ("workable", Some("acme"), "workable/account.json"),
    ("usajobs", None, "usajobs/page1.json"),
    ("adzuna", Some("gb"), "adzuna/page1.json"),
    ("hn", None, "hn/thread.json"),
    (
        "craigslist",
        Some("madison"),
        "craigslist/search_madison.html",
    ),
    ("rss", Some("https://jobs.example/feed"), "rss/jobs.rss"),
    ("rss", Some("https://jobs.example/feed"), "rss/jobs.atom"),
    ("rss", Some("https://jobs.example/feed"), "rss/jobs.rdf"),
    (
        "weworkremotely",
        None,
        "weworkremotely/customer-support.rss",
    ),
    (
        "page",
        Some("https://acme.example/jobs/1"),
        "page/single.html",
    ),
    (
        "page",
        Some("https://acme.example/jobs/2"),
        "page/remote-graph.html",
    ),
];

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// When the fixtures were "fetched", and when the merge ran.
fn fetched_at() -> DateTime<Utc> {
    at("2026-11-23T16:25:39Z")
}

fn parsed() -> Vec<Posting> {
    let registry = Registry::builtin();
    let list_def = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples/list-community-board.toml")
        .display()
        .to_string();
    let list = ("list", Some(list_def.as_str()), "list/community-page1.html");
    let mut all = Vec::new();
    for &(source, arg, file) in INPUTS.iter().chain([&list]) {
        let def = registry.get(source).expect("a built-in source");
        let adapter = adapters::by_name(&def.adapter).expect("a known adapter");
        let ctx = ParseCtx {
            source: &def.name,
            arg,
            url: &def.base_url,
            fetched_at: fetched_at(),
        };
        let body = std::fs::read(fixture(file)).unwrap();
        let page = adapter
            .parse(&body, &ctx)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(!page.postings.is_empty(), "{file}: no postings");
        all.extend(page.postings);
    }
    all
}

/// A posting that fills every column, with what each format must take care of: a formula
/// start, a negative number, quotes, line breaks, a tab, a control character and text
/// beyond Latin-1.
fn edge_posting() -> Posting {
    let mut p = Posting::new("greenhouse", "edge-1", fetched_at());
    p.title = "=HYPERLINK(\"http://evil.test\") \"Nachtschicht\" Agent".into();
    p.company = Some("Ünïcode, Ltd; 日本".into());
    p.location = Some("Austin, TX".into());
    p.city = Some("Austin".into());
    p.region = Some("TX".into());
    p.country = Some("US".into());
    p.workplace = Workplace::Hybrid;
    p.add_employment_type(EmploymentType::Seasonal);
    p.add_employment_type(EmploymentType::PartTime);
    p.salary.min = Some(-5.5);
    p.salary.max = Some(1e21);
    p.salary.currency = Some("USD".into());
    p.salary.period = Some(SalaryPeriod::Hour);
    p.salary.text = Some("+$18/hr".into());
    p.posted_at = Some(at("2026-11-19T14:30:05Z"));
    p.url = "https://acme.example/jobs/edge?a=1&b=\"2\"".into();
    p.description =
        "Line one,\n\"quoted\"\tand a bell\u{7} and a backslash \\.\n\n- €20 a week".into();
    p
}

/// The postings every golden output is made of: the fixtures' and the edge posting,
/// finished with the built-in tags, duplicates across sources collapsed (one greenhouse
/// posting is also listed by a mirror), and the times a kept state would give.
fn postings() -> Vec<Posting> {
    let mut all = parsed();
    all.push(edge_posting());
    let mut mirrored = all[0].clone();
    mirrored.source = "rss".into();
    mirrored.id = jobtap::posting::posting_id("rss", &mirrored.source_id);
    all.push(mirrored);
    let tagger = Tagger::builtin();
    let finish = Finish {
        tagger: &tagger,
        filter: &Filter::default(),
        query: false,
        explain: None,
    };
    let finished = finish.all(all);
    let (mut kept, _) = jobtap::dedupe::collapse(finished);
    for (i, p) in kept.iter_mut().enumerate() {
        if i % 3 != 2 {
            p.first_seen = Some(at("2026-11-01T08:00:00Z"));
        }
        if i % 2 == 0 {
            p.last_seen = Some(fetched_at());
        }
    }
    kept
}

fn exported(format: Format, postings: &[Posting]) -> Vec<u8> {
    let mut out = Vec::new();
    write_postings(&mut out, format, &ExportOptions::default(), postings).unwrap();
    out
}

/// Compares `actual` with the recorded file, or records it under JOBTAP_GOLDEN=write.
fn check(name: &str, actual: &[u8]) {
    let path = fixture("golden").join(name);
    if std::env::var_os("JOBTAP_GOLDEN").is_some_and(|v| v == "write") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (JOBTAP_GOLDEN=write records it)", path.display()));
    if expected != actual {
        let (exp, act) = (
            String::from_utf8_lossy(&expected),
            String::from_utf8_lossy(actual),
        );
        let line = exp
            .lines()
            .zip(act.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(exp.lines().count().min(act.lines().count()));
        panic!(
            "{name} differs from its recording at line {}:\nrecorded: {:?}\nnow:      {:?}",
            line + 1,
            exp.lines().nth(line).unwrap_or("<end>"),
            act.lines().nth(line).unwrap_or("<end>"),
        );
    }
}

/// A workbook as text: its cells with their types, one row a line, then the column widths,
/// the folded rows and the cells that are links (from the sheet's XML, which calamine does
/// not read).
fn describe_xlsx(bytes: &[u8]) -> Vec<u8> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["jobs"]);
    let range = book.worksheet_range("jobs").unwrap();
    let mut text = String::new();
    for row in range.rows() {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Data::Empty => "_".to_string(),
                Data::String(s) => format!("s{}", serde_json::to_string(s).unwrap()),
                Data::Float(f) => format!("n{f}"),
                Data::Int(i) => format!("i{i}"),
                Data::Bool(b) => format!("b{b}"),
                Data::DateTime(d) => format!("d{}", d.as_f64()),
                other => format!("?{other:?}"),
            })
            .collect();
        text.push_str(&cells.join("\t"));
        text.push('\n');
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let found = |pattern: &str| -> Vec<String> {
        regex::Regex::new(pattern)
            .unwrap()
            .captures_iter(&xml)
            .map(|c| {
                c.iter()
                    .skip(1)
                    .flatten()
                    .map(|m| m.as_str())
                    .collect::<Vec<_>>()
                    .join(":")
            })
            .collect()
    };
    for (what, pattern) in [
        ("widths", r#"<col min="(\d+)" max="(\d+)" width="([\d.]+)""#),
        ("hidden rows", r#"<row r="(\d+)"[^>]*hidden="1""#),
        ("links", r#"<hyperlink ref="([A-Z]+\d+)""#),
        ("frozen", r#"<pane ([^/]*)/>"#),
        ("filter", r#"<autoFilter ref="([^"]+)""#),
    ] {
        text.push_str(&format!("{what}: {}\n", found(pattern).join(" ")));
    }
    text.into_bytes()
}

#[test]
fn every_format_writes_what_was_recorded() {
    let postings = postings();
    assert!(postings.len() > 40, "{} postings", postings.len());
    assert!(
        postings.iter().any(|p| p.sources.len() == 2),
        "the mirrored posting is collapsed into its original"
    );
    check("postings.csv", &exported(Format::Csv, &postings));
    check("postings.json", &exported(Format::Json, &postings));
    check("postings.jsonl", &exported(Format::Ndjson, &postings));
    check(
        "postings.xlsx.txt",
        &describe_xlsx(&exported(Format::Xlsx, &postings)),
    );
}

/// The sheet a user keeps: a few of jobtap's columns in an order of their own, columns of
/// their own (`notes`, `status`), a row they hid, one jobtap no longer lists and one found
/// by its URL under another id; the sidecar remembers a row they deleted.
fn merged_into(dir: &Path, kind: &str, postings: &[Posting]) -> std::path::PathBuf {
    let kept = |i: usize| &postings[i];
    let before = format!(
        "notes,id,title,status,url,first_seen\n\
         applied Monday,{},Old title,,{},2026-10-01T09:00:00Z\n\
         ,{},Hidden title,HIDE,{},\n\
         \"gone, but kept\",0000000000000000,Gone job,,https://gone.example/1,2026-09-01T00:00:00Z\n\
         found by url,ffffffffffffffff,Same job elsewhere,,{},\n",
        kept(0).id,
        kept(0).url,
        kept(1).id,
        kept(1).url,
        kept(2).url,
    );
    let csv = dir.join("before.csv");
    std::fs::write(&csv, before).unwrap();
    let path = dir.join(format!("master.{kind}"));
    let sheet = Sheet::load(&csv, CsvStyle::default()).unwrap();
    if kind == "xlsx" {
        Sheet {
            kind: Kind::Xlsx,
            ..sheet
        }
        .save(&path, false)
        .unwrap();
    } else {
        std::fs::copy(&csv, &path).unwrap();
    }
    let mut sheet = Sheet::load(&path, CsvStyle::default()).unwrap();
    let deleted: HashSet<String> = [kept(3).id.clone()].into();
    let merged = sheet.merge(postings, &deleted, fetched_at());
    assert_eq!(
        (merged.added, merged.updated, merged.left_out),
        (postings.len() - 4, 2, 2),
        "{merged:?}"
    );
    sheet.save(&path, false).unwrap();
    path
}

#[test]
fn a_master_sheet_merge_writes_what_was_recorded() {
    let postings = postings();
    let dir = tempfile::tempdir().unwrap();
    let csv = merged_into(dir.path(), "csv", &postings);
    check("master.csv", &std::fs::read(csv).unwrap());
    let xlsx = merged_into(dir.path(), "xlsx", &postings);
    check(
        "master.xlsx.txt",
        &describe_xlsx(&std::fs::read(xlsx).unwrap()),
    );
}
