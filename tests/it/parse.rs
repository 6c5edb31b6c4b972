//! `jobtap parse` on saved responses: every field each source carries lands in the schema.

use crate::support::*;
use serde_json::json;

#[test]
fn greenhouse_fields() {
    let rows = parse_fixture("greenhouse:acme", "greenhouse/board.json");
    assert_eq!(rows.len(), 2);
    let a = &rows[0];
    assert_eq!(a["source"], "greenhouse");
    assert_eq!(a["source_id"], "4001001");
    assert_eq!(
        a["title"],
        "Customer Support Specialist (Live Chat, Overnight)"
    );
    assert_eq!(a["company"], "Acme Widgets");
    assert_eq!(a["location"], "Remote - US");
    assert_eq!(a["country"], "US");
    assert_eq!(a["workplace"], "remote");
    assert_eq!(a["employment_type"], json!(["part_time"]));
    assert_eq!(a["posted_at"], "2026-11-18T13:00:00Z");
    assert_eq!(
        a["url"],
        "https://job-boards.greenhouse.io/acme/jobs/4001001"
    );
    assert_eq!(
        a["tags"],
        json!(["chat", "overnight", "remote", "part-time"]),
        "paid holidays is not holiday hiring"
    );
    assert_eq!(
        a["description"],
        "About Acme\n\nWe make widgets people love & need.\n\nWhat you'll do\n\n- Answer customers through live chat and email\n- Work the overnight shift, 11pm\u{2013}7am\n\nBenefits include paid holidays."
    );
    assert!(a["salary_min"].is_null() && a["salary_text"].is_null());
    assert_eq!(a["id"].as_str().unwrap().len(), 16);

    let b = &rows[1];
    assert_eq!(
        (
            b["city"].as_str(),
            b["region"].as_str(),
            b["country"].as_str()
        ),
        (Some("Austin"), Some("TX"), Some("US"))
    );
    assert_eq!(b["workplace"], "hybrid");
    // No first_published: the update time is the best date the board gives.
    assert_eq!(b["posted_at"], "2026-11-21T16:00:00Z");
    assert_eq!(b["tags"], json!(["helpdesk"]));
    assert_eq!(b["employment_type"], json!([]));
}

#[test]
fn lever_fields() {
    let rows = parse_fixture("lever:acme", "lever/page1.json");
    assert_eq!(rows.len(), 2);
    let a = &rows[0];
    assert_eq!(a["source_id"], "aaaaaaaa-1111-4111-8111-000000000001");
    assert_eq!(a["title"], "Part-Time Customer Care Associate");
    // Lever's postings carry no company name: the site as the user named it stands in.
    assert_eq!(a["company"], "acme");
    assert_eq!(
        (
            a["city"].as_str(),
            a["region"].as_str(),
            a["country"].as_str()
        ),
        (Some("Denver"), Some("CO"), Some("US"))
    );
    assert_eq!(a["workplace"], "onsite");
    assert_eq!(a["employment_type"], json!(["part_time"]));
    assert_eq!(a["salary_min"], 18.5);
    assert_eq!(a["salary_max"], 22.0);
    assert_eq!(a["salary_currency"], "USD");
    assert_eq!(a["salary_period"], "hour");
    assert_eq!(a["salary_text"], "$18.50 - $22.00 per hour");
    assert_eq!(a["posted_at"], "2026-11-18T10:00:00Z");
    assert_eq!(
        a["url"],
        "https://jobs.lever.co/acme/aaaaaaaa-1111-4111-8111-000000000001"
    );
    let d = a["description"].as_str().unwrap();
    assert!(
        d.starts_with("Help our customers by phone and chat on weekends."),
        "{d}"
    );
    assert!(
        d.contains("What you'll do\n\n- Resolve tickets\n- Chat support for our app"),
        "{d}"
    );
    assert!(d.ends_with("We are an equal opportunity employer."), "{d}");
    assert_eq!(a["tags"], json!(["chat", "part-time", "weekend"]));

    let b = &rows[1];
    assert_eq!(b["workplace"], "remote");
    assert_eq!(b["employment_type"], json!(["full_time"]));
    assert_eq!(b["tags"], json!(["helpdesk", "remote"]));
}

#[test]
fn remotive_fields() {
    let rows = parse_fixture("remotive", "remotive/jobs.json");
    assert_eq!(rows.len(), 2);
    let a = &rows[0];
    assert_eq!(a["title"], "Chat Support Agent & Moderator");
    assert_eq!(a["company"], "Widgetly");
    assert_eq!(a["workplace"], "remote");
    assert_eq!(a["country"], "US");
    assert_eq!(a["employment_type"], json!(["part_time"]));
    // No zone in publication_date: read as UTC.
    assert_eq!(a["posted_at"], "2026-11-19T14:30:00Z");
    assert_eq!(a["salary_min"], 17.25);
    assert_eq!(a["salary_max"], 19.0);
    assert_eq!(a["salary_currency"], "USD");
    assert_eq!(a["salary_period"], "hour");
    assert_eq!(a["salary_text"], "$17.25 - $19/hr");
    assert_eq!(
        a["description"],
        "Answer live chat from customers.\n\n- 20\u{2013}25 hours a week"
    );
    assert_eq!(a["tags"], json!(["chat", "remote", "part-time"]));
    let b = &rows[1];
    assert!(b["salary_text"].is_null(), "an empty salary is no salary");
    assert!(b["country"].is_null(), "Worldwide names no country");
    assert_eq!(b["location"], "Worldwide");
}

#[test]
fn csv_has_schema_header_and_joined_lists() {
    let out = jobtap_sync(&[
        "parse",
        "--source",
        "greenhouse",
        fixture("greenhouse/board.json").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        header.join(","),
        "id,source,source_id,title,company,location,city,region,country,workplace,employment_type,salary_min,salary_max,salary_currency,salary_period,salary_text,posted_at,url,tags,description,fetched_at,first_seen,last_seen,sources,valid_through"
    );
    let first = rdr.records().next().unwrap().unwrap();
    assert_eq!(&first[18], "chat; overnight; remote; part-time");
    assert!(
        first[19].contains("live chat and email\n- Work"),
        "line breaks survive CSV quoting"
    );
}

#[test]
fn bad_file_is_one_clear_line_and_other_files_still_parse() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"jobs": [{"id": "not-a-number"}]}"#).unwrap();
    let good = fixture("greenhouse/board.json");
    let out = jobtap_sync(&[
        "parse",
        "--source",
        "greenhouse",
        bad.to_str().unwrap(),
        good.to_str().unwrap(),
        "--format",
        "ndjson",
    ]);
    assert_eq!(out.status.code(), Some(3), "partial");
    assert_eq!(json_lines(&out).len(), 2);
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("bad.json") && err.contains("jobs[0].id"),
        "{err}"
    );
}

/// A file that reads without error but holds no postings is named on stderr (an empty
/// board, or a page the adapter no longer understands); the other files still count, and
/// the run is not a failure.
#[test]
fn a_file_with_no_postings_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.rss");
    std::fs::write(
        &empty,
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>"#,
    )
    .unwrap();
    let full = dir.path().join("full.rss");
    std::fs::write(
        &full,
        r#"<rss version="2.0"><channel><item><title>Night chat agent</title>
        <link>https://example.com/1</link></item></channel></rss>"#,
    )
    .unwrap();
    let out = jobtap_sync(&[
        "parse",
        "--source",
        "rss",
        empty.to_str().unwrap(),
        full.to_str().unwrap(),
        "--format",
        "ndjson",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json_lines(&out).len(), 1);
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("empty.rss: no postings") && !err.contains("full.rss"),
        "{err}"
    );
}

#[test]
fn filters_apply_to_parse() {
    let out = jobtap_sync(&[
        "parse",
        "--source",
        "lever:acme",
        fixture("lever/page1.json").to_str().unwrap(),
        "--format",
        "ndjson",
        "-q",
        "service desk",
    ]);
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["title"], "Service Desk Analyst");
    let out = jobtap_sync(&[
        "parse",
        "--source",
        "lever:acme",
        fixture("lever/page1.json").to_str().unwrap(),
        "--format",
        "ndjson",
        "--limit",
        "1",
    ]);
    assert_eq!(json_lines(&out).len(), 1);
}

#[test]
fn text_fills_what_fields_leave_empty_and_pay_converts_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("jobs.json");
    std::fs::write(
        &feed,
        r#"{"jobs": [{"id": 7, "url": "https://x.test/7", "title": "Weekend Receptionist",
            "description": "<p>Front desk, 20 hours a week.</p><p>Pay: $18 - $20 per hour, plus a $300 bonus</p>"}]}"#,
    )
    .unwrap();
    let file = feed.to_str().unwrap();
    let rows = json_lines(&jobtap_sync(&[
        "parse", "--source", "remotive", file, "--format", "ndjson",
    ]));
    let r = &rows[0];
    assert_eq!(
        r["employment_type"],
        json!(["part_time"]),
        "from 20 hours a week"
    );
    assert_eq!(
        (r["salary_min"].as_f64(), r["salary_max"].as_f64()),
        (Some(18.0), Some(20.0))
    );
    assert_eq!(r["salary_period"], "hour");
    assert_eq!(
        r["salary_text"], "Pay: $18 - $20 per hour",
        "the statement, not the bonus after it"
    );
    let rows = json_lines(&jobtap_sync(&[
        "parse",
        "--source",
        "remotive",
        file,
        "--format",
        "ndjson",
        "--pay-per",
        "year",
    ]));
    assert_eq!(
        (
            rows[0]["salary_min"].as_f64(),
            rows[0]["salary_max"].as_f64()
        ),
        (Some(37440.0), Some(41600.0))
    );
    assert_eq!(rows[0]["salary_period"], "year");
}

#[test]
fn double_encoded_text_is_repaired_for_every_source() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("jobs.json");
    std::fs::write(
        &feed,
        r#"{"jobs": [{"id": 8, "url": "https://x.test/8", "title": "MecÃ¡nico de Soporte",
            "company_name": "CafÃ© Norte", "description": "<p>AtenciÃ³n al cliente â€“ turno de noche.</p><p>Café, déjà vu: fine as is.</p>"}]}"#,
    )
    .unwrap();
    let rows = json_lines(&jobtap_sync(&[
        "parse",
        "--source",
        "remotive",
        feed.to_str().unwrap(),
        "--format",
        "ndjson",
    ]));
    assert_eq!(rows[0]["title"], "Mecánico de Soporte");
    assert_eq!(rows[0]["company"], "Café Norte");
    assert_eq!(
        rows[0]["description"],
        "Atención al cliente \u{2013} turno de noche.\n\nCafé, déjà vu: fine as is."
    );
}

/// An RSS feed in `dir` of `items` items, each its guid (its number) and `item(number)`.
fn long_feed(
    dir: &std::path::Path,
    items: usize,
    item: impl Fn(usize) -> String,
) -> std::path::PathBuf {
    let items: String = (0..items)
        .map(|i| format!("<item><guid>{i}</guid>{}</item>", item(i)))
        .collect();
    let feed = dir.join("long.rss");
    std::fs::write(
        &feed,
        format!(r#"<rss version="2.0"><channel><title>t</title>{items}</channel></rss>"#),
    )
    .unwrap();
    feed
}

/// A long feed comes out whole. JSON and JSON Lines output once stopped, with exit 0, after
/// 28,608 postings: the batch size doubled by a shift until its bit fell off and it read 0,
/// the end of the stream. (CSV and XLSX are written a posting at a time.)
#[test]
fn a_feed_of_tens_of_thousands_comes_out_whole_as_json() {
    const ITEMS: usize = 30_000;
    let dir = tempfile::tempdir().unwrap();
    let feed = long_feed(dir.path(), ITEMS, |i| {
        format!("<title>Chat agent {i}</title><link>https://example.com/{i}</link>")
    });
    let parse = |format: &str| {
        let out = jobtap_sync(&[
            "parse",
            "--source",
            "rss",
            feed.to_str().unwrap(),
            "--format",
            format,
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        out
    };
    let lines = json_lines(&parse("ndjson"));
    assert_eq!(lines.len(), ITEMS);
    assert_eq!(lines[ITEMS - 1]["source_id"], format!("{}", ITEMS - 1));
    assert_eq!(json_array(&parse("json")).len(), ITEMS);
}

/// The pool's size changes where postings are worked on, never what comes out: a long feed
/// gives the same postings in the same order with one pool thread (the default on two
/// cores, where the main thread is the other stage), with several, and with the default.
#[test]
fn the_thread_pool_size_leaves_the_output_as_it_is() {
    const ITEMS: usize = 3_000;
    let descriptions = [
        "&lt;p&gt;Answer customers by &lt;b&gt;live chat&lt;/b&gt;, working from home.&lt;/p&gt;",
        "&lt;ul&gt;&lt;li&gt;Overnight shift&lt;/li&gt;&lt;li&gt;$18/hour&lt;/li&gt;&lt;/ul&gt;",
        "Seasonal help desk role &amp;amp; part-time hours through the holidays.",
        "&lt;p&gt;Caf\u{e9} team lead &amp;#8211; full-time&lt;/p&gt;",
    ];
    let dir = tempfile::tempdir().unwrap();
    let feed = long_feed(dir.path(), ITEMS, |i| {
        format!(
            "<title>Support agent {i}</title><link>https://example.com/{i}</link>\
             <description>{}</description>",
            descriptions[i % descriptions.len()]
        )
    });
    let parse = |threads: Option<&str>| {
        let env: Vec<(&str, &str)> = threads
            .map(|n| ("RAYON_NUM_THREADS", n))
            .into_iter()
            .collect();
        let args = [
            "parse",
            "--source",
            "rss",
            feed.to_str().unwrap(),
            "--format",
            "ndjson",
        ];
        let out = jobtap_sync_env(&args, &env);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let mut lines = json_lines(&out);
        for line in &mut lines {
            // The one field that differs between runs.
            line.as_object_mut().unwrap().remove("fetched_at");
        }
        lines
    };
    let one = parse(Some("1"));
    assert_eq!(one.len(), ITEMS);
    assert_eq!(one[ITEMS - 1]["source_id"], format!("{}", ITEMS - 1));
    assert_eq!(one[0]["tags"], json!(["chat", "remote"]));
    assert_eq!(one[1]["tags"], json!(["overnight"]));
    assert_eq!(one[1]["salary_min"], json!(18.0));
    assert_eq!(one[2]["tags"], json!(["helpdesk", "part-time", "seasonal"]));
    assert_eq!(parse(Some("3")), one);
    assert_eq!(parse(None), one);
}
