//! Himalayas: cursor paging of the feed, page paging of the search, hourly and annual pay.

use crate::support::*;
use serde_json::json;
use wiremock::ResponseTemplate;

const LUMEN: &str =
    "https://himalayas.app/companies/lumen-desk/jobs/part-time-live-chat-support-agent";

#[test]
fn parse_fields() {
    let rows = parse_fixture("himalayas", "himalayas/page1.json");
    assert_eq!(rows.len(), 2);
    let a = &rows[0];
    assert_eq!(a["source"], "himalayas");
    assert_eq!(a["source_id"], LUMEN);
    assert_eq!(a["title"], "Part-Time Live Chat Support Agent");
    assert_eq!(a["company"], "Lumen Desk");
    assert_eq!(a["location"], "United States; Canada");
    assert!(a["city"].is_null() && a["region"].is_null() && a["country"].is_null());
    assert_eq!(a["workplace"], "remote");
    assert_eq!(a["employment_type"], json!(["part_time"]));
    assert_eq!(a["salary_min"], 18.0);
    assert_eq!(a["salary_max"], 21.5);
    assert_eq!(a["salary_currency"], "USD");
    assert_eq!(a["salary_period"], "hour");
    assert!(a["salary_text"].is_null());
    assert_eq!(a["posted_at"], "2026-11-18T12:00:00Z");
    assert_eq!(
        a["valid_through"], "2030-03-17T17:46:40Z",
        "expiryDate in seconds"
    );
    assert_eq!(a["url"], LUMEN);
    assert_eq!(
        a["description"],
        "About Lumen Desk\n\nAnswer customers by live chat, evenings & weekends.\n\n- 20 hours a week\n- Paid training"
    );
    assert_eq!(a["tags"], json!(["chat", "remote", "part-time"]));

    let b = &rows[1];
    assert_eq!(b["title"], "Seasonal Customer Care Associate");
    assert_eq!(b["employment_type"], json!(["temporary"]));
    assert!(b["location"].is_null(), "no restriction names no place");
    assert!(b["salary_min"].is_null() && b["salary_currency"].is_null());
    assert_eq!(
        b["posted_at"], "2026-11-19T15:30:00Z",
        "milliseconds read too"
    );
    assert_eq!(
        b["valid_through"], "2030-03-17T18:46:40Z",
        "expiryDate in ms"
    );

    let c = &parse_fixture("himalayas", "himalayas/page2.json")[0];
    assert_eq!(c["country"], "DE");
    assert_eq!(c["employment_type"], json!(["full_time"]));
    assert_eq!(
        (c["salary_min"].as_f64(), c["salary_max"].as_f64()),
        (Some(52000.0), Some(60000.0))
    );
    assert_eq!(c["salary_currency"], "EUR");
    assert_eq!(c["salary_period"], "year");

    // The search endpoint's restrictions are objects with a country code.
    let s = &parse_fixture("himalayas", "himalayas/search1.json")[0];
    assert_eq!(s["location"], "United Kingdom");
    assert_eq!(s["country"], "GB");
    assert_eq!(s["employment_type"], json!(["contract"]));
    assert_eq!(s["salary_min"], 30.0);
    assert!(s["salary_max"].is_null());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feed_follows_the_cursor_to_the_end() {
    let (server, hits) = serve(
        "/jobs/api",
        vec![
            json_body("himalayas/page1.json"),
            json_body("himalayas/page2.json"),
        ],
    )
    .await;
    let out = scrape_at("himalayas", &server, &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let titles: Vec<String> = json_lines(&out)
        .iter()
        .map(|r| r["title"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        titles,
        [
            "Part-Time Live Chat Support Agent",
            "Seasonal Customer Care Associate",
            "Service Desk Technician"
        ]
    );
    assert_eq!(
        hits.targets(),
        [
            "/jobs/api?limit=20",
            "/jobs/api?limit=20&cursor=Y3Vyc29yLXBhZ2UtMg"
        ],
        "a null nextCursor ends the feed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn query_uses_the_search_endpoint_page_by_page() {
    let (server, hits) = serve(
        "/jobs/api/search",
        vec![
            json_body("himalayas/search1.json"),
            json_body("himalayas/search2.json"),
        ],
    )
    .await;
    let out = scrape_at("himalayas", &server, &["-q", "chat support"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["title"], "Support Specialist (Chat)");
    assert_eq!(
        hits.targets(),
        [
            "/jobs/api/search?q=chat+support&sort=recent&page=1",
            "/jobs/api/search?q=chat+support&sort=recent&page=2"
        ],
        "an empty page ends the search"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failure_on_page_two_keeps_page_one() {
    let (server, hits) = serve(
        "/jobs/api",
        vec![
            json_body("himalayas/page1.json"),
            ResponseTemplate::new(500),
        ],
    )
    .await;
    let out = scrape_at("himalayas", &server, &["--retries", "1"]).await;
    assert_partial(&out, "himalayas", "HTTP 500", 2);
    assert_eq!(hits.targets().len(), 3, "page 1, page 2 and one retry");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_format_fails_the_source_naming_the_field() {
    let (server, _) = serve(
        "/jobs/api",
        vec![ResponseTemplate::new(200)
            .insert_header("content-type", "application/json")
            .set_body_string(r#"{"data": []}"#)],
    )
    .await;
    let out = scrape_at("himalayas", &server, &[]).await;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.starts_with("jobtap: himalayas: page 1"), "{err}");
    assert!(err.contains("missing field `jobs`"), "{err}");
}
