//! Ashby: a company's whole board in one response, pay as structured components.

use crate::support::*;
use serde_json::json;
use wiremock::ResponseTemplate;

#[test]
fn parse_fields() {
    let rows = parse_fixture("ashby:quokka", "ashby/board.json");
    assert_eq!(rows.len(), 2, "the unlisted posting is left out");
    let a = &rows[0];
    assert_eq!(a["source"], "ashby");
    assert_eq!(a["source_id"], "0b7e2c1a-1111-4aaa-9bbb-000000000001");
    assert_eq!(
        a["title"],
        "Customer Support Associate (Live Chat, Part-Time)"
    );
    assert_eq!(a["company"], "quokka");
    assert_eq!(a["location"], "Portland, OR");
    assert_eq!(
        (&a["city"], &a["region"], &a["country"]),
        (&json!("Portland"), &json!("OR"), &json!("US"))
    );
    assert_eq!(a["workplace"], "onsite");
    assert_eq!(a["employment_type"], json!(["part_time"]));
    assert_eq!(a["salary_min"], 21.0);
    assert_eq!(a["salary_max"], 24.0);
    assert_eq!(a["salary_currency"], "USD");
    assert_eq!(a["salary_period"], "hour");
    assert_eq!(a["salary_text"], "$21 – $24 per hour");
    assert_eq!(a["posted_at"], "2026-11-17T15:20:00Z");
    assert_eq!(
        a["url"],
        "https://jobs.ashbyhq.com/quokka/0b7e2c1a-1111-4aaa-9bbb-000000000001"
    );
    assert_eq!(a["tags"], json!(["chat", "part-time"]));
    assert_eq!(
        a["description"],
        "Quokka Bikes helps riders & shops.\n\nWhat you'll do\n\n- Answer live chat\n- Evening shifts"
    );

    let b = &rows[1];
    assert_eq!(b["title"], "Help Desk Specialist");
    assert_eq!(b["location"], "Berlin; Lisbon");
    assert!(
        b["city"].is_null() && b["country"].is_null(),
        "two places: no single city or country"
    );
    assert_eq!(b["workplace"], "hybrid");
    assert_eq!(b["employment_type"], json!(["full_time"]));
    // No salary component: the summary line is read for the numbers.
    assert_eq!(b["salary_min"], 40000.0);
    assert_eq!(b["salary_max"], 48000.0);
    assert_eq!(b["salary_currency"], "EUR");
    assert_eq!(b["salary_period"], "year");
    assert_eq!(b["salary_text"], "€40K – €48K");
    assert_eq!(b["posted_at"], "2026-11-02T08:00:00Z");
    assert_eq!(
        b["description"], "Keep laptops running.\n\nTwo office days a week.",
        "the plain description when the HTML one is empty"
    );
    assert_eq!(b["tags"], json!(["helpdesk"]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scrape_asks_for_pay_and_reads_the_board() {
    let (server, hits) = serve(
        "/posting-api/job-board/quokka",
        vec![json_body("ashby/board.json")],
    )
    .await;
    let out = scrape_local("ashby:quokka", &server, &[], &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        hits.targets(),
        ["/posting-api/job-board/quokka?includeCompensation=true"]
    );
    let rows = json_lines(&out);
    let titles: Vec<&str> = rows.iter().map(|r| r["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "Customer Support Associate (Live Chat, Part-Time)",
            "Help Desk Specialist"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_board_fails_alone_with_one_line() {
    let (server, _) = serve(
        "/posting-api/job-board/quokka",
        vec![json_body("ashby/board.json")],
    )
    .await;
    let out = scrape_local("ashby:nosuch", &server, &[], &[]).await;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("jobtap: ashby:nosuch: HTTP 404"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_format_is_named() {
    let (server, _) = serve(
        "/posting-api/job-board/quokka",
        vec![ResponseTemplate::new(200).set_body_string(r#"{"jobs": [{"id": 7}]}"#)],
    )
    .await;
    let out = scrape_local("ashby:quokka", &server, &[], &[]).await;
    assert_eq!(out.status.code(), Some(4));
    let err = stderr(&out);
    assert!(
        err.contains("ashby:quokka: page 1") && err.contains("jobs[0].id"),
        "{err}"
    );
}
