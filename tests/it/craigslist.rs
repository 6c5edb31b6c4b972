//! Craigslist: the static search list, posting pages (`--details`), removed postings, block
//! pages, several areas in one argument, and politeness as the server sees it.

use crate::support::*;
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use wiremock::{
    matchers::{method, path},
    Mock, MockServer, ResponseTemplate,
};

const CHAT: &str = "/view/d/middleton-chat-support-agent/7Kp2WqZr4TbXcN8vLm3QaD";
const HELP_DESK: &str = "/view/d/madison-overnight-help-desk/5Hd9RtYp2MnBvC4xZq7WsE";
const BILINGUAL: &str = "/view/d/sun-prairie-customer-service-rep/3Qw8ErTy6UiOpA1sDf5GhJ";

fn html(rel: &str) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("content-type", "text/html; charset=utf-8")
        .set_body_bytes(fixture_bytes(&format!("craigslist/{rel}")))
}

/// One local server answering each path with its response; every arrival recorded in order.
async fn site(routes: Vec<(&str, ResponseTemplate)>) -> (MockServer, Arrivals) {
    let server = MockServer::start().await;
    let arrivals = Arrivals::default();
    for (at, response) in routes {
        Mock::given(method("GET"))
            .and(path(at))
            .respond_with(Sequence::new(vec![response], &arrivals))
            .mount(&server)
            .await;
    }
    (server, arrivals)
}

/// The Madison customer-service search, with each posting's own page.
async fn madison_with_postings() -> (MockServer, Arrivals) {
    site(vec![
        ("/search/area/madison", html("search_madison.html")),
        (CHAT, html("posting_chat.html")),
        (HELP_DESK, html("posting_help_desk.html")),
        (BILINGUAL, html("removed.html")),
    ])
    .await
}

async fn scrape(server: &MockServer, arg: &str, extra: &[&str]) -> std::process::Output {
    let ep = endpoint("craigslist", server);
    let mut args = vec![
        "scrape",
        arg,
        "--format",
        "ndjson",
        "--endpoint",
        &ep,
        "--backoff",
        "5ms",
    ];
    if !extra.contains(&"--rate") {
        args.extend(["--rate", "craigslist=100/s"]);
    }
    args.extend(extra);
    jobtap(&args).await
}

fn parse(file: &str) -> std::process::Output {
    jobtap_sync(&[
        "parse",
        "--source",
        "craigslist",
        fixture(&format!("craigslist/{file}")).to_str().unwrap(),
        "--format",
        "ndjson",
    ])
}

fn place(r: &Value) -> (Option<&str>, Option<&str>, Option<&str>, Option<&str>) {
    (
        r["location"].as_str(),
        r["city"].as_str(),
        r["region"].as_str(),
        r["country"].as_str(),
    )
}

#[test]
fn search_page_fields() {
    let out = parse("search_madison.html");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = json_lines(&out);
    let ids: Vec<&str> = rows
        .iter()
        .map(|r| r["source_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "7Kp2WqZr4TbXcN8vLm3QaD",
            "5Hd9RtYp2MnBvC4xZq7WsE",
            "3Qw8ErTy6UiOpA1sDf5GhJ"
        ],
        "the hub-links item is not a posting"
    );
    let a = &rows[0];
    assert_eq!(a["source"], "craigslist");
    assert_eq!(a["title"], "Chat Support Agent & Moderator (Part-Time)");
    assert_eq!(
        a["employment_type"],
        json!(["part_time"]),
        "the list carries none; the title's words give it"
    );
    assert_eq!(rows[1]["employment_type"], json!([]));
    assert_eq!(a["url"], format!("https://www.craigslist.org{CHAT}"));
    assert_eq!(
        place(a),
        (Some("Middleton"), Some("Middleton"), Some("WI"), Some("US")),
        "the list's place, in the area's state"
    );
    assert_eq!(a["tags"], json!(["chat", "part-time"]));
    // The list carries no date, company, pay or description; its "$0" is not pay.
    for r in &rows {
        for field in [
            "company",
            "posted_at",
            "salary_min",
            "salary_max",
            "salary_currency",
            "salary_period",
            "salary_text",
        ] {
            assert!(r[field].is_null(), "{field}: {r}");
        }
        assert_eq!(r["description"], "");
        assert_eq!(r["workplace"], "unknown");
    }
    assert_eq!(
        place(&rows[1]),
        (
            Some("Madison, WI, US"),
            Some("Madison"),
            Some("WI"),
            Some("US")
        ),
        "no place in the list: the area's"
    );
    assert_eq!(rows[1]["tags"], json!(["overnight", "helpdesk"]));
    assert_eq!(
        place(&rows[2]),
        (
            Some("Sun Prairie, WI"),
            Some("Sun Prairie"),
            Some("WI"),
            Some("US")
        )
    );
}

#[test]
fn posting_page_fields() {
    let out = parse("posting_chat.html");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 1);
    let p = &rows[0];
    assert_eq!(p["source_id"], "7Kp2WqZr4TbXcN8vLm3QaD");
    let listed = json_lines(&parse("search_madison.html"));
    assert_eq!(
        p["id"], listed[0]["id"],
        "same posting, same id as in the list"
    );
    assert_eq!(p["title"], "Chat Support Agent & Moderator (Part-Time)");
    assert_eq!(p["company"], "Lakeside Widget Co");
    assert_eq!(
        p["valid_through"], "2030-12-20T23:59:59Z",
        "ld_posting_data"
    );
    assert_eq!(
        place(p),
        (Some("Middleton"), Some("Middleton"), Some("WI"), Some("US"))
    );
    assert_eq!(p["employment_type"], json!(["part_time"]));
    assert_eq!(
        (
            &p["salary_min"],
            &p["salary_max"],
            &p["salary_currency"],
            &p["salary_period"],
            &p["salary_text"]
        ),
        (
            &json!(18.0),
            &json!(18.0),
            &json!("USD"),
            &json!("hour"),
            &json!("$18 per hour")
        )
    );
    assert_eq!(
        p["posted_at"], "2026-11-20T15:15:00Z",
        "posted (not updated), -0600 offset"
    );
    assert_eq!(p["url"], format!("https://www.craigslist.org{CHAT}"));
    assert_eq!(
        p["description"],
        "Lakeside Widget Co. is hiring a part-time chat support agent & community moderator.\n\n\
         Answer customer questions through live chat, 20 hours a week.\n\n\
         - Evenings & weekends\n- Paid training"
    );
    assert_eq!(p["tags"], json!(["chat", "part-time", "weekend"]));
}

#[test]
fn removed_posting_page_holds_no_posting() {
    let out = parse("removed.html");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn block_page_is_reported_as_a_block() {
    let out = parse("blocked.html");
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stderr(&out).contains("blocked by craigslist (slow down: try --rate craigslist=1/30s)"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_only_sends_the_query_and_fetches_no_posting_pages() {
    let (server, hits) = madison_with_postings().await;
    let out = scrape(&server, "craigslist:madison/csr", &["-q", "chat support"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        hits.targets(),
        ["/search/area/madison?cat=csr&query=chat+support"]
    );
    // Craigslist searched the full text: no local filter over titles alone.
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r["posted_at"].is_null()));
    assert_eq!(
        rows[0]["url"],
        format!("{}{CHAT}", server.uri()),
        "links resolve against the page"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn details_fill_dates_pay_and_descriptions_and_drop_removed_postings() {
    let (server, hits) = madison_with_postings().await;
    let out = scrape(&server, "craigslist:madison/csr", &["--details"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        hits.targets(),
        ["/search/area/madison?cat=csr", CHAT, HELP_DESK, BILINGUAL]
    );
    let rows = json_lines(&out);
    let titles: Vec<&str> = rows.iter().map(|r| r["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "Chat Support Agent & Moderator (Part-Time)",
            "Overnight Help Desk Technician"
        ],
        "the deleted posting is dropped"
    );
    let chat = &rows[0];
    assert_eq!(chat["posted_at"], "2026-11-20T15:15:00Z");
    assert_eq!(chat["company"], "Lakeside Widget Co");
    assert_eq!(
        (&chat["salary_min"], &chat["salary_period"]),
        (&json!(18.0), &json!("hour"))
    );
    assert_eq!(chat["employment_type"], json!(["part_time"]));
    assert!(chat["description"]
        .as_str()
        .unwrap()
        .starts_with("Lakeside Widget Co. is hiring"));
    assert!(!chat["description"].as_str().unwrap().contains("QR Code"));

    let desk = &rows[1];
    assert_eq!(desk["posted_at"], "2026-11-19T05:05:00Z");
    assert_eq!(desk["salary_text"], "Pay based on experience");
    assert!(desk["salary_min"].is_null() && desk["company"].is_null());
    assert_eq!(desk["employment_type"], json!(["full_time"]));
    assert_eq!(
        place(desk),
        (
            Some("Madison, WI, US"),
            Some("Madison"),
            Some("WI"),
            Some("US")
        ),
        "the posting page names no place: the list's area stays"
    );
    assert_eq!(
        desk["description"],
        "Badger Hall Clinic needs an IT help desk technician for the night shift, 10pm to 6am."
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn since_needs_details_to_judge() {
    let (server, _) = madison_with_postings().await;
    let out = scrape(
        &server,
        "craigslist:madison/csr",
        &["--since", "2026-11-20"],
    )
    .await;
    assert_eq!(json_lines(&out).len(), 3, "undated list postings are kept");
    let out = scrape(
        &server,
        "craigslist:madison/csr",
        &["--since", "2026-11-20", "--details"],
    )
    .await;
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["posted_at"], "2026-11-20T15:15:00Z");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_block_page_stops_the_source_with_one_clear_line() {
    let (server, hits) = site(vec![("/search/area/madison", html("blocked.html"))]).await;
    let out = scrape(&server, "craigslist:madison,milwaukee", &[]).await;
    assert_eq!(out.status.code(), Some(4));
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(
        lines[0].starts_with("jobtap: craigslist:madison,milwaukee: "),
        "{err}"
    );
    assert!(
        lines[0].ends_with("blocked by craigslist (slow down: try --rate craigslist=1/30s)"),
        "{err}"
    );
    assert_eq!(
        hits.targets().len(),
        1,
        "nothing more is asked of a blocking site"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_403_is_not_retried() {
    let (server, hits) = site(vec![("/search/area/madison", ResponseTemplate::new(403))]).await;
    let out = scrape(&server, "craigslist:madison", &["--retries", "3"]).await;
    assert_eq!(out.status.code(), Some(4));
    assert!(stderr(&out).contains("HTTP 403"), "{}", stderr(&out));
    assert_eq!(hits.targets().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_result_is_no_error() {
    let (server, _) = site(vec![("/search/area/madison", html("empty.html"))]).await;
    let out = scrape(&server, "craigslist:madison/csr", &["-q", "zzqx"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(
        !err.contains("blocked") && !err.contains("jobtap: craigslist"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_areas_in_turn_with_shared_postings_once() {
    let (server, hits) = site(vec![
        ("/search/area/madison", html("search_madison.html")),
        ("/search/area/milwaukee", html("search_milwaukee.html")),
    ])
    .await;
    let out = scrape(&server, "craigslist:madison,milwaukee/csr", &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        hits.targets(),
        [
            "/search/area/madison?cat=csr",
            "/search/area/milwaukee?cat=csr"
        ]
    );
    let rows = json_lines(&out);
    let ids: Vec<&str> = rows
        .iter()
        .map(|r| r["source_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "7Kp2WqZr4TbXcN8vLm3QaD",
            "5Hd9RtYp2MnBvC4xZq7WsE",
            "3Qw8ErTy6UiOpA1sDf5GhJ",
            "4Zx7CvBn1MqWeR6tYu2IoP"
        ],
        "the posting listed in both areas appears once"
    );
    assert_eq!(
        place(&rows[3]),
        (Some("Waukesha"), Some("Waukesha"), Some("WI"), Some("US"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_host_times_out_clearly() {
    let (server, _) = site(vec![(
        "/search/area/madison",
        html("search_madison.html").set_delay(Duration::from_secs(5)),
    )])
    .await;
    let started = Instant::now();
    let out = scrape(
        &server,
        "craigslist:madison",
        &["--timeout", "200ms", "--retries", "0"],
    )
    .await;
    assert_eq!(out.status.code(), Some(4));
    let err = stderr(&out);
    assert!(
        err.contains("craigslist:madison: timed out fetching"),
        "{err}"
    );
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_keep_to_the_rate() {
    let (server, hits) = madison_with_postings().await;
    let out = scrape(
        &server,
        "craigslist:madison/csr",
        &["--details", "--rate", "craigslist=20/s"],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let gaps = hits.gaps();
    assert_eq!(gaps.len(), 3, "{:?}", hits.targets());
    for g in &gaps {
        assert!(
            *g >= Duration::from_millis(45),
            "requests {g:?} apart at 20/s: {gaps:?}"
        );
    }
}

#[test]
fn argument_errors_are_usage_errors_and_not_in_the_default_search() {
    for arg in ["craigslist", "craigslist:sf bay", "craigslist:sfbay/"] {
        let out = jobtap_sync(&["scrape", arg]);
        assert_eq!(out.status.code(), Some(2), "{arg}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("needs an argument: craigslist:AREA[,AREA...][/CATEGORY]"),
            "{}",
            stderr(&out)
        );
    }
    let out = jobtap_sync(&["sources"]);
    let text = stdout(&out);
    assert!(text.contains("rate: 1/5s"), "{text}");
    assert!(text.contains("forbid automated access"), "{text}");
    let default = text
        .lines()
        .find(|l| l.starts_with("Default search"))
        .unwrap();
    assert!(!default.contains("craigslist"), "{default}");
}

/// Craigslist reposts: the same ad posted again gets a new token. Each token is a posting
/// of its own, even where title, company and place are the same (the master sheet used to
/// fold such rows into one by company, title and location); a token listed twice is one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reposts_with_their_own_tokens_stay_apart_and_a_repeated_token_is_one() {
    const REPOST: &str = "/view/d/middleton-chat-support-agent/9Zx4VbNm2QwErT6yUi8OpL";
    let (server, hits) = site(vec![
        ("/search/area/madison", html("search_reposts.html")),
        (CHAT, html("posting_chat.html")),
        (REPOST, html("posting_chat.html")),
    ])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let master = dir.path().join("master.csv");
    let m = master.to_str().unwrap();
    let out = scrape(
        &server,
        "craigslist:madison/csr",
        &["--details", "--merge-into", m, "-o", "-"],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        hits.targets(),
        ["/search/area/madison?cat=csr", CHAT, REPOST],
        "the repeated token is fetched once"
    );
    let rows = json_lines(&out);
    let ids: Vec<&str> = rows
        .iter()
        .map(|r| r["source_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["7Kp2WqZr4TbXcN8vLm3QaD", "9Zx4VbNm2QwErT6yUi8OpL"]);
    assert_eq!(rows[0]["company"], rows[1]["company"], "{rows:?}");
    assert_eq!(rows[0]["title"], rows[1]["title"]);
    let sheet = std::fs::read_to_string(&master).unwrap();
    let mut csv = csv::Reader::from_reader(sheet.as_bytes());
    let sheet_ids: Vec<String> = csv.records().map(|r| r.unwrap()[2].to_string()).collect();
    assert_eq!(sheet_ids, ids, "one row per token in the master sheet");
}
