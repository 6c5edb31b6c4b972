//! Jobicy: one response per search, the industry as argument, `--query` as its tag.

use crate::support::*;
use serde_json::json;
use wiremock::ResponseTemplate;

#[test]
fn parse_fields() {
    let rows = parse_fixture("jobicy", "jobicy/jobs.json");
    assert_eq!(rows.len(), 3);
    let a = &rows[0];
    assert_eq!(a["source"], "jobicy");
    assert_eq!(a["source_id"], "700301");
    assert_eq!(a["title"], "Weekend Chat Support Agent");
    assert_eq!(a["company"], "Brightline & Co");
    assert_eq!(a["location"], "USA");
    assert_eq!(a["country"], "US");
    assert!(a["city"].is_null() && a["region"].is_null());
    assert_eq!(a["workplace"], "remote");
    assert_eq!(
        a["employment_type"],
        json!(["part_time"]),
        "a string jobType"
    );
    assert_eq!(a["salary_min"], 17.0);
    assert_eq!(a["salary_max"], 19.5);
    assert_eq!(a["salary_currency"], "USD");
    assert_eq!(a["salary_period"], "hour");
    assert!(a["salary_text"].is_null());
    assert_eq!(a["posted_at"], "2026-11-20T09:15:00Z");
    assert_eq!(
        a["url"],
        "https://jobicy.com/jobs/700301-weekend-chat-support-agent"
    );
    assert_eq!(
        a["description"],
        "Answer customers by live chat on weekends.\n\n- Saturday & Sunday\n- Overnight shifts available"
    );
    assert_eq!(
        a["tags"],
        json!(["chat", "overnight", "remote", "part-time", "weekend"])
    );

    let b = &rows[1];
    assert_eq!(b["employment_type"], json!(["full_time", "contract"]));
    assert_eq!(b["location"], "Germany, Austria");
    assert!(b["country"].is_null(), "two countries name no one country");
    assert_eq!(
        (b["salary_min"].as_f64(), b["salary_max"].as_f64()),
        (Some(42000.0), Some(48000.0)),
        "annual amounts given as strings"
    );
    assert_eq!(b["salary_currency"], "EUR");
    assert_eq!(b["salary_period"], "year");
    assert_eq!(b["posted_at"], "2026-11-19T14:00:00Z", "no zone: UTC");

    let c = &rows[2];
    assert_eq!(c["employment_type"], json!([]));
    assert!(c["salary_min"].is_null() && c["salary_period"].is_null());
    assert_eq!(c["location"], "Anywhere");
    assert!(c["country"].is_null());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn industry_count_and_tag_are_sent_in_one_request() {
    let (server, hits) = serve("/api/v2/remote-jobs", vec![json_body("jobicy/jobs.json")]).await;
    let out = scrape_at(
        "jobicy:supporting",
        &server,
        &["-q", "chat", "--limit", "5"],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The site searched: its answers are not filtered again here.
    assert_eq!(json_lines(&out).len(), 3);
    assert_eq!(
        hits.targets(),
        ["/api/v2/remote-jobs?count=5&industry=supporting&tag=chat"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_arguments_it_asks_for_a_full_page() {
    let (server, hits) = serve("/api/v2/remote-jobs", vec![json_body("jobicy/jobs.json")]).await;
    let out = scrape_at("jobicy", &server, &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(hits.targets(), ["/api/v2/remote-jobs?count=100"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_error_fails_the_source_with_one_line() {
    let (server, _) = serve("/api/v2/remote-jobs", vec![ResponseTemplate::new(500)]).await;
    let out = scrape_at("jobicy:supporting", &server, &["--retries", "1"]).await;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("jobtap: jobicy:supporting: ") && err.contains("HTTP 500"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_answer_is_a_warning() {
    let (server, _) = serve("/api/v2/remote-jobs", vec![json_body("jobicy/empty.json")]).await;
    let out = scrape_at("jobicy:supporting", &server, &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(json_lines(&out).is_empty());
    assert!(
        stderr(&out).contains("jobicy:supporting: the first page held no postings"),
        "{}",
        stderr(&out)
    );
}
