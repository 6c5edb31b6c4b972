//! Workable: the account's careers widget, every job with its description in one response.

use crate::support::*;
use serde_json::json;
use wiremock::ResponseTemplate;

#[test]
fn parse_fields() {
    let rows = parse_fixture("workable:harborfinch", "workable/account.json");
    assert_eq!(rows.len(), 3);
    let a = &rows[0];
    assert_eq!(a["source_id"], "A1B2C3D4E5");
    assert_eq!(a["title"], "Weekend Chat Support Representative");
    assert_eq!(a["company"], "Harbor & Finch");
    assert_eq!(a["location"], "Raleigh, North Carolina, United States");
    assert_eq!(
        (&a["city"], &a["region"], &a["country"]),
        (&json!("Raleigh"), &json!("NC"), &json!("US"))
    );
    assert_eq!(a["workplace"], "remote");
    assert_eq!(a["employment_type"], json!(["part_time"]));
    assert!(a["salary_min"].is_null() && a["salary_text"].is_null());
    assert_eq!(a["posted_at"], "2026-11-19T00:00:00Z");
    assert_eq!(a["url"], "https://apply.workable.com/j/A1B2C3D4E5");
    assert_eq!(
        a["description"],
        "Answer chat & email from shoppers.\n\n- Saturdays and Sundays\n\nStore discount."
    );
    assert_eq!(a["tags"], json!(["chat", "remote", "part-time", "weekend"]));

    let b = &rows[1];
    assert_eq!(
        b["location"], "Dublin, County Dublin, Ireland; Belfast, Northern Ireland, United Kingdom",
        "hidden places are left out"
    );
    assert!(b["city"].is_null() && b["country"].is_null());
    assert_eq!(
        b["workplace"], "unknown",
        "not telecommuting says nothing of on-site or hybrid"
    );
    assert_eq!(b["employment_type"], json!(["contract"]));
    assert_eq!(b["url"], "https://apply.workable.com/j/F6G7H8J9K0");
    assert_eq!(b["tags"], json!(["helpdesk"]));

    let c = &rows[2];
    assert_eq!(c["location"], "Athens, Attica, Greece");
    assert_eq!(
        (&c["city"], &c["region"], &c["country"]),
        (&json!("Athens"), &json!("Attica"), &json!("GR"))
    );
    assert_eq!(c["employment_type"], json!(["internship"]));
    assert_eq!(c["posted_at"], "2026-10-28T00:00:00Z");
    assert_eq!(
        c["url"],
        "https://apply.workable.com/harborfinch/j/L1M2N3P4Q5/"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scrape_asks_for_details() {
    let (server, hits) = serve(
        "/api/v1/widget/accounts/harborfinch",
        vec![json_body("workable/account.json")],
    )
    .await;
    let out = scrape_local("workable:harborfinch", &server, &["-q", "chat"], &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        hits.targets(),
        ["/api/v1/widget/accounts/harborfinch?details=true"]
    );
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 1, "the query is matched locally");
    assert_eq!(rows[0]["source_id"], "A1B2C3D4E5");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limited_fails_alone() {
    let (server, _) = serve(
        "/api/v1/widget/accounts/harborfinch",
        vec![ResponseTemplate::new(429)],
    )
    .await;
    let out = scrape_local("workable:harborfinch", &server, &[], &[]).await;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("jobtap: workable:harborfinch: HTTP 429"),
        "{err}"
    );
}
