//! The Muse: pages from 0 to page_count, "Flexible / Remote", levels as job types.

use crate::support::*;
use serde_json::json;
use wiremock::ResponseTemplate;

#[test]
fn parse_fields() {
    let rows = parse_fixture("themuse", "themuse/page0.json");
    assert_eq!(rows.len(), 2);
    let a = &rows[0];
    assert_eq!(a["source"], "themuse");
    assert_eq!(a["source_id"], "14800001");
    assert_eq!(a["title"], "Customer Service Representative (Part-Time)");
    assert_eq!(a["company"], "Harborlight Insurance");
    assert_eq!(a["location"], "Flexible / Remote");
    assert!(a["city"].is_null() && a["region"].is_null() && a["country"].is_null());
    assert_eq!(a["workplace"], "remote");
    assert_eq!(
        a["employment_type"],
        json!(["part_time"]),
        "an Entry Level is no job type; part time comes from the posting's text"
    );
    assert!(a["salary_min"].is_null() && a["salary_text"].is_null());
    assert_eq!(a["posted_at"], "2026-11-19T14:21:37Z");
    assert_eq!(
        a["url"],
        "https://www.themuse.com/jobs/harborlight/customer-service-representative-part-time"
    );
    assert_eq!(
        a["description"],
        "Help policyholders by phone & chat.\n\nSchedule\n\n- Evenings, 4pm–10pm"
    );

    let b = &rows[1];
    assert_eq!(
        (
            b["city"].as_str(),
            b["region"].as_str(),
            b["country"].as_str()
        ),
        (Some("Chicago"), Some("IL"), Some("US"))
    );
    assert_eq!(b["workplace"], "unknown");
    assert_eq!(b["employment_type"], json!(["internship"]));

    let c = &parse_fixture("themuse", "themuse/page1.json")[0];
    assert_eq!(c["location"], "Flexible / Remote; Denver, CO");
    assert_eq!(c["workplace"], "remote");
    assert!(c["city"].is_null(), "two places name no one city");
    assert_eq!(c["tags"], json!(["helpdesk", "remote"]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_through_page_count_with_category_and_remote() {
    let (server, hits) = serve(
        "/api/public/jobs",
        vec![
            json_body("themuse/page0.json"),
            json_body("themuse/page1.json"),
        ],
    )
    .await;
    let out = scrape_at("themuse:Customer Service", &server, &["-l", "remote"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let ids: Vec<String> = json_lines(&out)
        .iter()
        .map(|r| r["source_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        ids,
        ["14800001", "14800003"],
        "the Chicago internship is not remote"
    );
    assert_eq!(
        hits.targets(),
        [
            "/api/public/jobs?page=0&category=Customer+Service&location=Flexible+%2F+Remote",
            "/api/public/jobs?page=1&category=Customer+Service&location=Flexible+%2F+Remote"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_places_are_matched_locally_not_sent() {
    let (server, hits) = serve(
        "/api/public/jobs",
        vec![
            json_body("themuse/page0.json"),
            json_body("themuse/page1.json"),
        ],
    )
    .await;
    let out = scrape_at("themuse", &server, &["-l", "chicago"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["title"], "Customer Support Intern");
    assert_eq!(
        hits.targets(),
        ["/api/public/jobs?page=0", "/api/public/jobs?page=1"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failure_on_page_two_keeps_page_one() {
    let (server, _) = serve(
        "/api/public/jobs",
        vec![json_body("themuse/page0.json"), ResponseTemplate::new(500)],
    )
    .await;
    let out = scrape_at("themuse", &server, &["--retries", "1"]).await;
    assert_partial(&out, "themuse", "HTTP 500", 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_page_ends_paging_with_a_warning() {
    let (server, hits) = serve("/api/public/jobs", vec![json_body("themuse/empty.json")]).await;
    let out = scrape_at("themuse", &server, &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(json_lines(&out).is_empty());
    assert!(
        stderr(&out).contains("themuse: the first page held no postings"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        hits.targets().len(),
        1,
        "page_count 4, but nothing more is asked for"
    );
}
