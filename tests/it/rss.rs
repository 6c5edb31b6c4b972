//! `rss:URL`: RSS 2.0, Atom and RSS 1.0 feeds, parsed offline and fetched from local servers.

use crate::support::*;
use serde_json::json;
use wiremock::ResponseTemplate;

const FEED_URL: &str = "rss:https://careers.lakeside.example/feed.rss";

fn feed_body(rel: &str) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("content-type", "application/rss+xml")
        .set_body_bytes(fixture_bytes(rel))
}

#[test]
fn rss2_fields() {
    let rows = parse_fixture(FEED_URL, "rss/jobs.rss");
    assert_eq!(rows.len(), 3);
    let a = &rows[0];
    assert_eq!(a["source"], "rss");
    assert_eq!(a["source_id"], "lakeside-4411", "guid first");
    assert_eq!(a["title"], "Overnight Chat Support Agent (Part-Time)");
    assert_eq!(a["company"], "Lakeside Outfitters", "dc:creator");
    assert_eq!(a["workplace"], "remote", "a Remote category");
    assert_eq!(a["employment_type"], json!(["part_time"]));
    assert_eq!(a["posted_at"], "2026-11-17T14:15:00Z");
    assert_eq!(
        a["url"],
        "https://careers.lakeside.example/jobs/4411-overnight-chat-support"
    );
    assert_eq!(
        a["description"],
        "About the role\n\nAnswer customers by live chat & email, 10pm\u{2013}6am.\n\n- 20 hours a week\n- Paid training",
        "content:encoded (CDATA) wins over the short description"
    );
    assert_eq!(
        a["tags"],
        json!(["chat", "overnight", "remote", "part-time"])
    );
    assert!(a["location"].is_null() && a["salary_min"].is_null());

    let b = &rows[1];
    assert_eq!(
        b["source_id"],
        "https://careers.lakeside.example/jobs/4412-returns-associate"
    );
    assert_eq!(b["title"], "Returns & Exchanges Associate");
    assert_eq!(b["company"], "Lakeside Outfitters Warehouse");
    assert_eq!(
        (&b["location"], &b["city"], &b["region"], &b["country"]),
        (
            &json!("Duluth, MN"),
            &json!("Duluth"),
            &json!("MN"),
            &json!("US")
        )
    );
    assert_eq!(b["employment_type"], json!(["full_time"]));
    assert_eq!(
        (
            &b["salary_min"],
            &b["salary_max"],
            &b["salary_currency"],
            &b["salary_period"],
            &b["salary_text"]
        ),
        (
            &json!(18.25),
            &json!(21.0),
            &json!("USD"),
            &json!("hour"),
            &json!("$18.25 - $21 per hour")
        )
    );
    assert_eq!(
        b["url"], "https://careers.lakeside.example/jobs/4412-returns-associate",
        "a relative link resolves against the feed URL"
    );
    assert_eq!(b["workplace"], "unknown");
    assert_eq!(
        b["description"],
        "Process returns & exchanges at our Duluth warehouse.\n\nWeekend shifts."
    );

    let c = &rows[2];
    assert_eq!(
        c["source_id"], "https://careers.lakeside.example/jobs/4413-help-desk",
        "no guid: the link"
    );
    assert_eq!(c["company"], "Lakeside IT", "the name in an RSS author");
    assert!(c["posted_at"].is_null());
    assert_eq!(c["tags"], json!(["holiday", "helpdesk", "seasonal"]));
}

#[test]
fn atom_fields() {
    let rows = parse_fixture("rss", "rss/jobs.atom");
    assert_eq!(rows.len(), 2);
    let a = &rows[0];
    assert_eq!(a["source_id"], "tag:jobs.pinecrest.example,2026:job-88");
    assert_eq!(a["title"], "Weekend Circulation Clerk");
    assert_eq!(
        a["url"], "https://jobs.pinecrest.example/jobs/88",
        "rel=alternate"
    );
    assert_eq!(a["company"], "Pinecrest Public Library");
    assert_eq!(a["employment_type"], json!(["seasonal"]));
    assert_eq!(
        a["posted_at"], "2026-11-19T15:30:00Z",
        "published, not updated"
    );
    assert_eq!(
        a["description"], "Check books in & out.\n\n- Saturdays 9\u{2013}5",
        "inline XHTML content"
    );
    let b = &rows[1];
    assert_eq!(b["title"], "Phone & Email Support Specialist");
    assert_eq!(b["url"], "https://jobs.pinecrest.example/jobs/89");
    assert_eq!(
        b["posted_at"], "2026-11-18T10:00:00Z",
        "updated when unpublished"
    );
    assert_eq!(
        b["description"], "Help patrons with <accounts> by phone.",
        "type=text summaries are text, not markup"
    );
    assert!(b["company"].is_null());
}

#[test]
fn rdf_fields_in_a_declared_charset() {
    let rows = parse_fixture("rss", "rss/jobs.rdf");
    assert_eq!(rows.len(), 1);
    let a = &rows[0];
    assert_eq!(a["source_id"], "https://board.harbor.example/job/5501");
    assert_eq!(a["title"], "Caf\u{e9} Cashier", "ISO-8859-1 decoded");
    assert_eq!(a["url"], "https://board.harbor.example/job/5501");
    assert_eq!(a["company"], "Harbor Bean Co.");
    assert_eq!(a["employment_type"], json!(["temporary"]));
    assert_eq!(a["posted_at"], "2026-11-15T15:45:00Z");
    assert_eq!(a["description"], "Morning shifts at the harbor caf\u{e9}.");
}

#[test]
fn a_page_that_is_not_a_feed_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    std::fs::write(&page, "<!DOCTYPE html><html><body>Jobs</body></html>").unwrap();
    let out = jobtap_sync(&["parse", "--source", "rss", page.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("not an RSS, Atom or RDF feed: the document is <html>"),
        "{}",
        stderr(&out)
    );
}

/// A feed of `n` items, each with a chat phrase, as the large feeds `parse` streams.
fn long_feed(n: usize) -> String {
    let items: String = (0..n)
        .map(|i| {
            format!(
                "<item><guid>{i}</guid><title>Support agent {i}</title>\
                 <link>https://jobs.lakeside.example/{i}</link>\
                 <description>&lt;p&gt;Answer live chat overnight.&lt;/p&gt;</description></item>"
            )
        })
        .collect();
    format!("<rss version=\"2.0\"><channel><title>Lakeside</title>{items}")
}

/// Large feeds are read, finished and written in batches; the order, `--limit` across
/// batches and every item before a cut-off all hold as for a small one.
#[test]
fn a_long_feed_streams_in_order_and_a_cut_off_loses_no_item_before_the_cut() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole.rss");
    std::fs::write(&whole, long_feed(5000) + "</channel></rss>").unwrap();
    let whole = whole.to_str().unwrap();
    let lines = |extra: &[&str]| {
        let mut args = vec!["parse", "--source", "rss", whole, "-f", "ndjson"];
        args.extend(extra);
        let out = jobtap_sync(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        json_lines(&out)
    };
    let rows = lines(&[]);
    assert_eq!(rows.len(), 5000);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row["source_id"], i.to_string());
        assert_eq!(row["tags"], json!(["chat", "overnight"]), "row {i}");
    }
    let rows = lines(&["--limit", "3000"]);
    assert_eq!(rows.len(), 3000);
    assert_eq!(rows[2999]["source_id"], "2999");

    let cut = dir.path().join("cut.rss");
    std::fs::write(&cut, long_feed(5000) + "<item><title>Half an ite").unwrap();
    let csv = dir.path().join("jobs.csv");
    let out = jobtap_sync(&[
        "parse",
        "--source",
        "rss",
        cut.to_str().unwrap(),
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cut.rss") && stderr(&out).contains("invalid feed XML"),
        "{}",
        stderr(&out)
    );
    let written = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(
        written.lines().count(),
        1 + 5000,
        "header and every whole item"
    );
}

#[test]
fn bad_or_missing_url_is_a_usage_error() {
    for (spec, want) in [
        ("rss", "needs an argument: rss:URL"),
        (
            "rss:careers.lakeside.example/feed",
            "is not an absolute http or https URL",
        ),
    ] {
        let out = jobtap_sync(&["scrape", spec]);
        assert_eq!(out.status.code(), Some(2), "{spec}: {}", stderr(&out));
        assert!(stderr(&out).contains(want), "{spec}: {}", stderr(&out));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scrape_through_an_endpoint() {
    let (server, hits) = serve("/feed.rss", vec![feed_body("rss/jobs.rss")]).await;
    let out = jobtap(&[
        "scrape",
        FEED_URL,
        "--endpoint",
        &endpoint("rss", &server),
        "--rate",
        "rss=100/s",
        "--format",
        "ndjson",
    ])
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(hits.targets(), ["/feed.rss"], "one request, no pagination");
    let rows = json_lines(&out);
    let ids: Vec<&str> = rows
        .iter()
        .map(|r| r["source_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "lakeside-4411",
            "https://careers.lakeside.example/jobs/4412-returns-associate",
            "https://careers.lakeside.example/jobs/4413-help-desk"
        ]
    );
    assert_eq!(
        rows[1]["url"],
        format!("{}/jobs/4412-returns-associate", server.uri()),
        "relative links resolve against where the feed came from"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scrape_the_url_itself() {
    let (server, hits) = serve("/jobs/feed.atom", vec![feed_body("rss/jobs.atom")]).await;
    let spec = format!("rss:{}/jobs/feed.atom?team=support", server.uri());
    // No robots.txt request, so the one feed request needs no wait at the default rate.
    let out = jobtap(&["scrape", &spec, "--ignore-robots", "--format", "ndjson"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(hits.targets(), ["/jobs/feed.atom?team=support"]);
    assert_eq!(json_lines(&out).len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_name_the_source_and_the_cause() {
    let html = ResponseTemplate::new(200)
        .insert_header("content-type", "text/html")
        .set_body_string("<html><body>Maintenance</body></html>");
    for (response, want) in [
        (html, "not an RSS, Atom or RDF feed"),
        (ResponseTemplate::new(404), "404"),
    ] {
        let (server, hits) = serve("/feed.rss", vec![response]).await;
        let out = jobtap(&[
            "scrape",
            FEED_URL,
            "--endpoint",
            &endpoint("rss", &server),
            "--rate",
            "rss=100/s",
            "--retries",
            "0",
        ])
        .await;
        assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(FEED_URL) && err.contains(want), "{err}");
        assert_eq!(hits.targets(), ["/feed.rss"]);
        assert!(out.stdout.is_empty());
    }
}

/// A reader that stops after the first bytes (`jobtap parse ... | head`) is the reader's
/// choice: jobtap stops quietly, in every format, with success.
#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("long.rss");
    std::fs::write(&feed, long_feed(20_000) + "</channel></rss>").unwrap();
    for format in ["csv", "ndjson", "json"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jobtap"))
            .args([
                "parse",
                "--source",
                "rss",
                feed.to_str().unwrap(),
                "-f",
                format,
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 100];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // The read end is closed here, with megabytes still to come.
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{format}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{format}");
    }
}

/// `jobtap parse` of `doc` (bytes) as `rss`, with its stdout rows and stderr.
fn parse_bytes(doc: &[u8]) -> (std::process::Output, Vec<serde_json::Value>) {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.xml");
    std::fs::write(&feed, doc).unwrap();
    let out = jobtap_sync(&[
        "parse",
        "--source",
        "rss",
        feed.to_str().unwrap(),
        "-f",
        "ndjson",
    ]);
    let rows = json_lines(&out);
    (out, rows)
}

#[test]
fn atom_text_by_its_type_links_by_xml_base_and_items_with_neither_title_nor_link_left_out() {
    let out = jobtap_sync(&[
        "parse",
        "--source",
        "rss",
        fixture("rss/dialects.atom").to_str().unwrap(),
        "-f",
        "ndjson",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = json_lines(&out);
    let field = |k: &str| -> Vec<&serde_json::Value> { rows.iter().map(|r| &r[k]).collect() };
    assert_eq!(
        field("title"),
        [
            "Evening Reference Desk Assistant",
            "Weekend Shelver",
            "Q&A <Forum> Moderator"
        ],
        "html (a script's text dropped), xhtml, text; not media:title"
    );
    assert_eq!(
        field("url"),
        [
            "https://jobs.birchwood.example/postings/101-reference-desk",
            "https://apply.birchwood.example/102-shelver",
            "https://jobs.birchwood.example/postings/103"
        ],
        "the alternate link, against the feed's and the entry's xml:base; a link's own"
    );
    assert_eq!(
        field("description"),
        [
            "Help patrons find books & answer the <chat> line.",
            "Shelve returns <carefully> &amp; tidy the stacks.",
            "Moderate the Q&A forum."
        ],
        "xhtml decoded once, text as it is, html"
    );
    assert_eq!(
        rows[0]["company"], "Birchwood Public Library",
        "author's name"
    );
    assert_eq!(
        rows[0]["employment_type"],
        json!(["part_time"]),
        "category term"
    );
    assert_eq!(
        stderr(&out).trim(),
        "WARN rss: 2 feed items with neither a title nor a link left out",
        "one warning counts them"
    );
}

#[test]
fn core_elements_before_modules_and_the_declared_encoding() {
    let rows = parse_fixture(
        "rss:https://classifieds.shorewood.example/feed.rss",
        "rss/namespaces.rss",
    );
    assert_eq!(rows.len(), 2);
    let (a, b) = (&rows[0], &rows[1]);
    assert_eq!(
        a["title"], "Caf\u{e9} Counter Help (nights)",
        "escaped HTML, not media:title"
    );
    assert_eq!(
        a["description"], "We don\u{2019}t close till midnight.",
        "&#146; is Windows-1252's apostrophe, as HTML5 reads it; not szf:description"
    );
    assert_eq!(
        a["company"], "Harbor Light Diner",
        "dc:creator without an author"
    );
    assert_eq!(
        a["posted_at"], "2026-11-18T07:30:00Z",
        "dc:date without a pubDate"
    );
    assert_eq!(
        b["title"], "Stock clerk \u{2013} Sundays",
        "byte 0x96 of windows-1252"
    );
    assert_eq!(
        b["company"], "Harbor Hardware",
        "the author, not dc:creator"
    );
    assert_eq!(
        b["posted_at"], "2026-11-17T08:00:00Z",
        "pubDate, not dc:date"
    );
    assert_eq!(b["url"], "https://classifieds.shorewood.example/ads/7782");
    assert_eq!(
        b["description"], "Unpack deliveries & stock shelves.",
        "content:encoded"
    );
}

#[test]
fn atom_0_3_modes() {
    let rows = parse_fixture("rss", "rss/atom03.xml");
    let titles: Vec<&str> = rows.iter().map(|r| r["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        ["Night Auditor", "Desk clerk"],
        "escaped; inline markup"
    );
    assert_eq!(
        rows[0]["description"], "Balance the <night> ledger quietly.",
        "inline XHTML decoded once"
    );
    assert_eq!(rows[0]["posted_at"], "2026-11-10T22:00:00Z", "issued");
    assert_eq!(rows[1]["description"], "Front desk & phones.", "base64");
}

#[test]
fn utf16_with_and_without_a_byte_order_mark() {
    let doc = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss version=\"2.0\"><channel>\
               <item><title>Caf\u{e9} host, \u{20ac}15/hr</title><link>https://x.example/1</link>\
               </item></channel></rss>";
    for big_endian in [false, true] {
        for bom in [false, true] {
            let mut bytes: Vec<u8> = Vec::new();
            if bom {
                bytes.extend(if big_endian {
                    [0xFE, 0xFF]
                } else {
                    [0xFF, 0xFE]
                });
            }
            for unit in doc.encode_utf16() {
                bytes.extend(if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                });
            }
            let (out, rows) = parse_bytes(&bytes);
            assert!(
                out.status.success(),
                "BE {big_endian} BOM {bom}: {}",
                stderr(&out)
            );
            assert_eq!(rows[0]["title"], "Caf\u{e9} host, \u{20ac}15/hr");
        }
    }
}

#[test]
fn an_encoding_jobtap_cannot_read_is_one_printable_line() {
    let mut utf32 = Vec::new();
    for c in "<?xml version=\"1.0\" encoding=\"UTF-32\"?><rss/>".chars() {
        utf32.extend((c as u32).to_le_bytes());
    }
    let klingon = b"<?xml version=\"1.0\" encoding=\"x-klingon\x01\"?><rss><channel><item>\
                    <title>\xe9</title></item></channel></rss>";
    // `<?xml` and a space in IBM037, as an EBCDIC feed begins.
    let ebcdic = vec![0x4C, 0x6F, 0xA7, 0x94, 0x93, 0x40, 0xA5, 0x85];
    for (doc, want) in [
        (utf32, "the feed is in UTF-32"),
        (ebcdic, "the feed is in EBCDIC"),
        (
            klingon.to_vec(),
            "declares the encoding \"x-klingon\\u{1}\", which jobtap cannot read",
        ),
    ] {
        let (out, _) = parse_bytes(&doc);
        assert_eq!(out.status.code(), Some(4));
        let err = stderr(&out);
        assert!(err.contains(want), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(!err.trim_end().chars().any(char::is_control), "{err:?}");
    }
}

#[test]
fn doctype_entities_are_neither_fetched_nor_expanded() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "hunter2").unwrap();
    // An external entity naming a local file (XXE), and ten levels of entities each ten
    // times the last ("billion laughs": 10^9 bytes if expanded).
    let mut entities = format!(
        "<!ENTITY leak SYSTEM \"file://{}\"><!ENTITY a0 \"lol\">",
        secret.display()
    );
    for i in 1..10 {
        let refs = format!("&a{};", i - 1).repeat(10);
        entities.push_str(&format!("<!ENTITY a{i} \"{refs}\">"));
    }
    let doc = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE rss [{entities}]><rss version=\"2.0\"><channel>\
         <item><title>Night clerk &leak;</title><link>https://x.example/1</link></item>\
         <item><title>Day clerk &a9;</title><link>https://x.example/2</link></item>\
         </channel></rss>"
    );
    let started = std::time::Instant::now();
    let (out, rows) = parse_bytes(doc.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let titles: Vec<&serde_json::Value> = rows.iter().map(|r| &r["title"]).collect();
    assert_eq!(
        titles,
        ["Night clerk &leak;", "Day clerk &a9;"],
        "references to the feed's own entities stay as written"
    );
    assert!(!stdout(&out).contains("hunter2") && out.stdout.len() < 10_000);
}

#[test]
fn media_group_children_are_the_items_and_its_end_does_not_end_the_item() {
    let doc = r#"<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
        <item>
          <media:group>
            <media:credit role="author">Harbor Ferries</media:credit>
            <media:description type="plain">Greet riders &amp; sell tickets.</media:description>
          </media:group>
          <title>Ticket Booth Attendant</title>
          <link>https://ferries.example/jobs/7</link>
        </item>
        <item><title>Deckhand</title><link>https://ferries.example/jobs/8</link>
          <description>Lines and fenders.</description>
          <media:group><media:description>Not the description</media:description></media:group>
        </item>
      </channel></rss>"#;
    let (out, rows) = parse_bytes(doc.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let field = |k: &str| -> Vec<&serde_json::Value> { rows.iter().map(|r| &r[k]).collect() };
    assert_eq!(
        field("title"),
        ["Ticket Booth Attendant", "Deckhand"],
        "the elements after a group are the item's own"
    );
    assert_eq!(
        field("description"),
        ["Greet riders & sell tickets.", "Lines and fenders."],
        "a grouped media:description where the core has none, and only there"
    );
}

#[test]
fn c1_controls_are_the_windows_1252_characters_they_stand_for() {
    let doc = "<rss version=\"2.0\"><channel><item><title>Caf\u{e9} \u{93}Barista\u{94}</title>\
               <link>https://x.example/1</link><description>Don\u{92}t miss it, \u{80}15/hr \
               &#146;</description></item></channel></rss>";
    let (out, rows) = parse_bytes(doc.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(rows[0]["title"], "Caf\u{e9} \u{201c}Barista\u{201d}");
    assert_eq!(
        rows[0]["description"], "Don\u{2019}t miss it, \u{20ac}15/hr \u{2019}",
        "written as they are, as their references are read"
    );
}
