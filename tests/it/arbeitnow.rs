//! Arbeitnow: pages linked by `links.next`, entity-escaped descriptions, German job types.

use crate::support::*;
use serde_json::json;
use wiremock::ResponseTemplate;

#[test]
fn parse_fields() {
    let rows = parse_fixture("arbeitnow", "arbeitnow/page1.json");
    assert_eq!(rows.len(), 2);
    let a = &rows[0];
    assert_eq!(a["source"], "arbeitnow");
    assert_eq!(
        a["source_id"],
        "werkstudent-kundenservice-chat-hamburg-510001"
    );
    assert_eq!(a["title"], "Werkstudent Kundenservice Chat (m/w/d)");
    assert_eq!(a["company"], "Hafenpost GmbH");
    assert_eq!(a["location"], "Hamburg, Germany");
    assert_eq!(
        (
            a["city"].as_str(),
            a["region"].as_str(),
            a["country"].as_str()
        ),
        (Some("Hamburg"), None, Some("DE"))
    );
    assert_eq!(a["workplace"], "unknown", "not remote says nothing more");
    assert_eq!(
        a["employment_type"],
        json!(["internship"]),
        "no job_types: the title's Werkstudent"
    );
    assert!(a["salary_min"].is_null() && a["salary_text"].is_null());
    assert_eq!(a["posted_at"], "2026-11-19T07:30:00Z");
    assert_eq!(
        a["url"],
        "https://www.arbeitnow.com/jobs/companies/hafenpost/werkstudent-kundenservice-chat-hamburg-510001"
    );
    assert_eq!(
        a["description"],
        "Du beantwortest Kundenanfragen per Live-Chat & E-Mail.\n\n- 15 Stunden pro Woche",
        "entities decoded once, then the HTML read"
    );
    assert_eq!(a["tags"], json!(["chat", "entry-level"]));

    let b = &rows[1];
    assert_eq!(b["workplace"], "remote");
    assert_eq!(b["employment_type"], json!(["full_time"]));
    assert_eq!(b["location"], "Remote");
    assert!(b["city"].is_null());

    let c = &parse_fixture("arbeitnow", "arbeitnow/page2.json")[0];
    assert_eq!(c["employment_type"], json!(["part_time"]), "Teilzeit");
    assert_eq!(c["city"], "München");
    assert_eq!(c["description"], "Vor-Ort-Support für unsere Büros.");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follows_next_links_on_the_same_server_until_null() {
    let (server, hits) = serve(
        "/api/job-board-api",
        vec![
            json_body("arbeitnow/page1.json"),
            json_body("arbeitnow/page2.json"),
        ],
    )
    .await;
    let out = scrape_at("arbeitnow", &server, &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let ids: Vec<String> = json_lines(&out)
        .iter()
        .map(|r| r["source_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        ids,
        [
            "werkstudent-kundenservice-chat-hamburg-510001",
            "remote-customer-support-agent-510002",
            "it-support-techniker-muenchen-510003"
        ]
    );
    assert_eq!(
        hits.targets(),
        ["/api/job-board-api", "/api/job-board-api?page=2"],
        "the next link is followed on the local server, and null ends it"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failure_on_page_two_keeps_page_one() {
    let (server, _) = serve(
        "/api/job-board-api",
        vec![
            json_body("arbeitnow/page1.json"),
            ResponseTemplate::new(500),
        ],
    )
    .await;
    let out = scrape_at("arbeitnow", &server, &["--retries", "1"]).await;
    assert_partial(&out, "arbeitnow", "HTTP 500", 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_first_page_is_a_warning() {
    let (server, hits) = serve(
        "/api/job-board-api",
        vec![json_body("arbeitnow/empty.json")],
    )
    .await;
    let out = scrape_at("arbeitnow", &server, &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(json_lines(&out).is_empty());
    assert!(
        stderr(&out).contains("arbeitnow: the first page held no postings"),
        "{}",
        stderr(&out)
    );
    assert_eq!(hits.targets().len(), 1);
}
