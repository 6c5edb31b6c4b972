//! Hacker News: the search finds the newest "Who is hiring?" thread, its comments are read.

use crate::support::*;
use serde_json::json;
use wiremock::{
    matchers::{method, path},
    Mock, MockServer, ResponseTemplate,
};

const SEARCH: &str = "/api/v1/search_by_date?tags=story%2Cauthor_whoishiring&hitsPerPage=20";

#[test]
fn parse_fields() {
    let rows = parse_fixture("hn", "hn/thread.json");
    let ids: Vec<&str> = rows
        .iter()
        .map(|r| r["source_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["48800011", "48800013", "48800014"],
        "the deleted comment is skipped, replies are not postings"
    );
    let a = &rows[0];
    assert_eq!(a["source"], "hn");
    assert_eq!(a["title"], "Customer Support Engineer");
    assert_eq!(a["company"], "Tidepool Labs");
    assert_eq!(a["location"], "Austin, TX");
    assert_eq!(
        (
            a["city"].as_str(),
            a["region"].as_str(),
            a["country"].as_str()
        ),
        (Some("Austin"), Some("TX"), Some("US"))
    );
    assert_eq!(a["workplace"], "remote");
    assert_eq!(a["employment_type"], json!(["full_time"]));
    assert_eq!(a["salary_min"], 85000.0);
    assert_eq!(a["salary_max"], 100000.0);
    assert_eq!(a["salary_currency"], "USD");
    assert_eq!(a["salary_period"], "year");
    assert_eq!(a["salary_text"], "$85k-$100k");
    assert_eq!(a["posted_at"], "2026-11-02T16:01:30Z");
    assert_eq!(a["url"], "https://news.ycombinator.com/item?id=48800011");
    assert_eq!(
        a["description"],
        "Tidepool Labs | Customer Support Engineer | Austin, TX | REMOTE (US) | Full-time | $85k-$100k | https://tidepool.example/jobs\n\nWe build billing software for clinics. You'll answer tickets & live chat from our customers.\n\nOvernight on-call one week a month."
    );
    assert_eq!(a["tags"], json!(["chat", "overnight", "remote"]));

    let b = &rows[1];
    assert_eq!(
        b["title"], "Help Desk Technician",
        "a label before the title"
    );
    assert_eq!(b["company"], "Brightwave");
    assert_eq!(b["employment_type"], json!(["part_time"]));
    assert_eq!(b["workplace"], "onsite");
    assert_eq!(
        (b["city"].as_str(), b["country"].as_str()),
        (Some("Leeds"), Some("GB"))
    );
    assert_eq!(b["posted_at"], "2026-11-02T16:03:10Z", "from created_at");
    assert!(b["salary_min"].is_null());

    let c = &rows[2];
    assert_eq!(
        c["title"],
        "We are hiring but not sure how to describe it yet, email me."
    );
    assert!(c["company"].is_null() && c["location"].is_null());
    assert_eq!(c["workplace"], "unknown");
}

#[test]
fn a_search_response_holds_no_postings() {
    let out = jobtap_sync(&[
        "parse",
        "--source",
        "hn",
        fixture("hn/search.json").to_str().unwrap(),
        "--format",
        "ndjson",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

/// A local Algolia: the search answers `search`, thread 48800001 answers `thread`.
async fn algolia(search: ResponseTemplate, thread: ResponseTemplate) -> (MockServer, Arrivals) {
    let server = MockServer::start().await;
    let hits = Arrivals::default();
    Mock::given(method("GET"))
        .and(path("/api/v1/search_by_date"))
        .respond_with(Sequence::new(vec![search], &hits))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/items/48800001"))
        .respond_with(Sequence::new(vec![thread], &hits))
        .mount(&server)
        .await;
    (server, hits)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_then_the_newest_hiring_thread() {
    let (server, hits) = algolia(json_body("hn/search.json"), json_body("hn/thread.json")).await;
    let out = scrape_at("hn", &server, &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json_lines(&out).len(), 3);
    assert_eq!(
        hits.targets(),
        [SEARCH, "/api/v1/items/48800001"],
        "not the October thread, nor the other November threads"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn query_is_matched_locally() {
    let (server, _) = algolia(json_body("hn/search.json"), json_body("hn/thread.json")).await;
    let out = scrape_at("hn", &server, &["-q", "help desk"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["source_id"], "48800013");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_thread_fails_the_source_with_one_line() {
    let (server, hits) = algolia(json_body("hn/search.json"), ResponseTemplate::new(500)).await;
    let out = scrape_at("hn", &server, &["--retries", "1"]).await;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let err = stderr(&out);
    let failures: Vec<&str> = err.lines().filter(|l| l.starts_with("jobtap: ")).collect();
    assert_eq!(failures.len(), 1, "{err}");
    assert!(
        failures[0].starts_with("jobtap: hn: ") && failures[0].contains("HTTP 500"),
        "{err}"
    );
    assert_eq!(hits.targets().len(), 3, "search, thread, one retry");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_hiring_thread_is_a_clear_error() {
    let (server, hits) = algolia(
        json_body("hn/search-no-hiring.json"),
        json_body("hn/thread.json"),
    )
    .await;
    let out = scrape_at("hn", &server, &[]).await;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("jobtap: hn: page 1") && err.contains("no \"Ask HN: Who is hiring?\" thread"),
        "{err}"
    );
    assert_eq!(hits.targets(), [SEARCH]);
}
