//! Hostile content: what strangers put in postings comes out as inert text in every format.

use crate::support::*;

fn hostile_feed() -> tempfile::NamedTempFile {
    let long_line = "x".repeat(1_000_000);
    let doc = serde_json::json!({"jobs": [{
        "id": 1,
        "url": "https://remotive.com/remote-jobs/1",
        "title": "=HYPERLINK(\"http://evil.test\",\"Support\u{202E}gpj.exe\u{0}\")",
        "company_name": "+cmd|' /C calc'!A0\u{7}",
        "candidate_required_location": "@SUM(1+1)\u{2066}",
        "job_type": "part_time",
        "salary": "\u{0}$18/hr",
        "description": format!(
            "<p>Hi<script>alert('owned')</script><style>p{{}}</style></p><p>nul\u{0}bell\u{7}rtl\u{202E}done</p><p>{long_line}</p>"
        )
    }]});
    let mut f = tempfile::NamedTempFile::new().unwrap();
    serde_json::to_writer(&mut f, &doc).unwrap();
    f
}

fn hidden(s: &str) -> Vec<char> {
    s.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || ('\u{202A}'..='\u{202E}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
        })
        .collect()
}

#[test]
fn every_format_carries_inert_text() {
    let feed = hostile_feed();
    for format in ["ndjson", "json", "csv"] {
        let out = jobtap_sync(&[
            "parse",
            "--source",
            "remotive",
            feed.path().to_str().unwrap(),
            "--format",
            format,
        ]);
        assert!(out.status.success(), "{format}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(
            !text.contains("alert("),
            "{format}: script bodies are dropped"
        );
        let (title, company, description) = match format {
            "csv" => {
                let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
                let row = rdr.records().next().unwrap().unwrap();
                (row[3].to_string(), row[4].to_string(), row[19].to_string())
            }
            _ => {
                let rows = if format == "json" {
                    json_array(&out)
                } else {
                    json_lines(&out)
                };
                let r = &rows[0];
                (
                    r["title"].as_str().unwrap().to_string(),
                    r["company"].as_str().unwrap().to_string(),
                    r["description"].as_str().unwrap().to_string(),
                )
            }
        };
        for (field, value) in [
            ("title", &title),
            ("company", &company),
            ("description", &description),
        ] {
            assert!(
                hidden(value).is_empty(),
                "{format} {field}: {:?}",
                hidden(value)
            );
        }
        assert!(
            title.contains("HYPERLINK"),
            "the text is kept, only made inert: {title}"
        );
        assert!(
            description.starts_with("Hi\n\nnulbellrtldone\n\nxxx"),
            "{format}: {}",
            &description[..40]
        );
        assert_eq!(
            description.lines().last().unwrap().len(),
            1_000_000,
            "a 1 MB line survives whole"
        );
    }
}

/// An override can arrive double-encoded: U+202E's UTF-8 bytes read as Windows-1252 are
/// "â€®", which jobtap repairs to the character. The repair came after the hidden
/// characters were stripped, so the override came out in title, company and description.
#[test]
fn a_double_encoded_override_is_repaired_and_then_dropped() {
    let override_read_as_1252 = "\u{e2}\u{20ac}\u{ae}";
    let doc = serde_json::json!({"jobs": [{
        "id": 1,
        "url": "https://remotive.com/remote-jobs/1",
        "title": format!("Support {override_read_as_1252}gpj.exe"),
        "company_name": format!("Caf\u{c3}\u{a9} {override_read_as_1252}Ltd"),
        "description": format!("<p>Caf\u{c3}\u{a9} team {override_read_as_1252}done</p>"),
    }]});
    let mut feed = tempfile::NamedTempFile::new().unwrap();
    serde_json::to_writer(&mut feed, &doc).unwrap();
    let args = [
        "parse",
        "--source",
        "remotive",
        feed.path().to_str().unwrap(),
    ];
    let out = jobtap_sync(&[&args[..], &["--format", "ndjson"]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let row = &json_lines(&out)[0];
    assert_eq!(row["title"], "Support gpj.exe");
    assert_eq!(row["company"], "Caf\u{e9} Ltd");
    assert_eq!(row["description"], "Caf\u{e9} team done");
}

#[test]
fn formulas_are_neutralized_in_csv_and_inert_strings_in_xlsx() {
    let feed = hostile_feed();
    let out = jobtap_sync(&[
        "parse",
        "--source",
        "remotive",
        feed.path().to_str().unwrap(),
        "--format",
        "csv",
    ]);
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    let row = rdr.records().next().unwrap().unwrap();
    assert!(row[3].starts_with("'=HYPERLINK"), "{}", &row[3]);
    assert!(row[4].starts_with("'+cmd"), "{}", &row[4]);
    assert!(row[5].starts_with("'@SUM"), "{}", &row[5]);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jobs.xlsx");
    let out = jobtap_sync(&[
        "parse",
        "--source",
        "remotive",
        feed.path().to_str().unwrap(),
        "-o",
        path.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let range = book.worksheet_range("jobs").unwrap();
    for col in [3, 4, 5, 19] {
        match range.get((1, col)) {
            Some(Data::String(s)) => assert!(hidden(s).is_empty(), "column {col}: {:?}", hidden(s)),
            other => panic!("column {col} should be a string, got {other:?}"),
        }
    }
    let formulas = book.worksheet_formula("jobs").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formulas in the workbook"
    );
}
