//! We Work Remotely category feeds.

use crate::support::*;
use serde_json::json;
use wiremock::ResponseTemplate;

const FIXTURE: &str = "weworkremotely/customer-support.rss";

#[test]
fn fields() {
    let out = jobtap_sync(&[
        "parse",
        "--source",
        "weworkremotely",
        fixture(FIXTURE).to_str().unwrap(),
        "--format",
        "ndjson",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 2);
    let a = &rows[0];
    assert_eq!(
        a["source_id"],
        "https://weworkremotely.com/remote-jobs/brightline-pets-live-chat-support-specialist-nights"
    );
    assert_eq!(a["title"], "Live Chat Support Specialist (Nights)");
    assert_eq!(a["company"], "Brightline Pets");
    assert_eq!(
        (&a["location"], &a["country"], &a["city"]),
        (&json!("USA Only"), &json!("US"), &json!(null))
    );
    assert_eq!(a["workplace"], "remote");
    assert_eq!(
        a["employment_type"],
        json!(["part_time"]),
        "the type element"
    );
    assert_eq!(a["posted_at"], "2026-11-20T07:30:48Z");
    assert_eq!(
        a["url"],
        "https://weworkremotely.com/remote-jobs/brightline-pets-live-chat-support-specialist-nights"
    );
    assert_eq!(
        a["description"],
        "Headquarters: Tulsa, OK\n\nHelp pet parents over live chat, 9pm\u{2013}3am ET.\n\n- 25 hours a week"
    );
    assert_eq!(
        a["tags"],
        json!(["chat", "overnight", "remote", "part-time"])
    );
    assert!(a["salary_min"].is_null());

    let b = &rows[1];
    assert_eq!(
        (&b["company"], &b["title"]),
        (&json!("Quillstack"), &json!("Support Engineer: Tier 2")),
        "split at the first colon only"
    );
    assert_eq!(b["location"], "Anywhere in the World");
    assert!(b["country"].is_null() && b["city"].is_null());
    assert_eq!(b["workplace"], "remote");
    assert_eq!(b["employment_type"], json!([]));
}

async fn scrape(
    spec: &str,
    at: &str,
    responses: Vec<ResponseTemplate>,
) -> (std::process::Output, Arrivals) {
    let (server, hits) = serve(at, responses).await;
    let out = jobtap(&[
        "scrape",
        spec,
        "--endpoint",
        &endpoint("weworkremotely", &server),
        "--rate",
        "weworkremotely=100/s",
        "--retries",
        "1",
        "--backoff",
        "5ms",
        "--format",
        "ndjson",
    ])
    .await;
    (out, hits)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn default_and_named_categories() {
    let body = || {
        ResponseTemplate::new(200)
            .insert_header("content-type", "application/rss+xml; charset=utf-8")
            .set_body_bytes(fixture_bytes(FIXTURE))
    };
    let (out, hits) = scrape(
        "weworkremotely",
        "/categories/remote-customer-support-jobs.rss",
        vec![body()],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        hits.targets(),
        ["/categories/remote-customer-support-jobs.rss"]
    );
    let titles: Vec<String> = json_lines(&out)
        .iter()
        .map(|r| r["title"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        titles,
        [
            "Live Chat Support Specialist (Nights)",
            "Support Engineer: Tier 2"
        ]
    );

    let (out, hits) = scrape(
        "weworkremotely:remote-design-jobs",
        "/categories/remote-design-jobs.rss",
        vec![body()],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(hits.targets(), ["/categories/remote-design-jobs.rss"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_errors_are_retried_then_reported() {
    let (out, hits) = scrape(
        "weworkremotely",
        "/categories/remote-customer-support-jobs.rss",
        vec![ResponseTemplate::new(503)],
    )
    .await;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert_eq!(hits.targets().len(), 2, "one try and one retry");
    assert!(
        stderr(&out).contains("weworkremotely: ") && stderr(&out).contains("503"),
        "{}",
        stderr(&out)
    );
}
