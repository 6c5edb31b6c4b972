//! SmartRecruiters: offset pages up to `totalFound`; descriptions only from detail requests.

use crate::support::*;
use serde_json::json;
use wiremock::{
    matchers::{path, query_param},
    Mock, MockServer, ResponseTemplate,
};

const LIST: &str = "/v1/companies/PelicanTravel/postings";

#[test]
fn parse_fields() {
    let rows = parse_fixture(
        "smartrecruiters:PelicanTravel",
        "smartrecruiters/page1.json",
    );
    assert_eq!(rows.len(), 2);
    let a = &rows[0];
    assert_eq!(a["source_id"], "744000099000001");
    assert_eq!(a["title"], "Bilingual Chat Support Agent (Overnight)");
    assert_eq!(a["company"], "Pelican Travel Co.");
    assert_eq!(a["location"], "Toronto, ON, Canada");
    assert_eq!(
        (&a["city"], &a["region"], &a["country"]),
        (&json!("Toronto"), &json!("ON"), &json!("CA"))
    );
    assert_eq!(a["workplace"], "onsite");
    assert_eq!(a["employment_type"], json!(["part_time"]));
    assert!(a["salary_min"].is_null() && a["salary_text"].is_null());
    assert_eq!(a["posted_at"], "2026-11-16T22:05:10Z");
    assert_eq!(
        a["url"],
        "https://jobs.smartrecruiters.com/PelicanTravel/744000099000001"
    );
    assert_eq!(a["description"], "", "the list has no description");
    assert_eq!(
        a["tags"],
        json!(["chat", "overnight", "part-time", "bilingual"])
    );

    let b = &rows[1];
    assert_eq!(b["location"], "Dubai, United Arab Emirates");
    assert_eq!(
        (&b["city"], &b["region"], &b["country"]),
        (&json!("Dubai"), &json!(null), &json!("AE"))
    );
    assert_eq!(b["workplace"], "remote");
    assert_eq!(b["employment_type"], json!(["internship"]));
    assert_eq!(b["tags"], json!(["helpdesk", "remote", "entry-level"]));

    let c = &parse_fixture(
        "smartrecruiters:PelicanTravel",
        "smartrecruiters/page2.json",
    )[0];
    assert_eq!(c["workplace"], "hybrid");
    assert_eq!(c["employment_type"], json!(["temporary"]));
    assert_eq!(
        (&c["city"], &c["region"], &c["country"]),
        (&json!("Denver"), &json!("CO"), &json!("US"))
    );
}

/// Both list pages, recording each list request.
async fn board() -> (MockServer, Arrivals) {
    let server = MockServer::start().await;
    let hits = Arrivals::default();
    for (offset, file) in [("0", "page1.json"), ("2", "page2.json")] {
        Mock::given(path(LIST))
            .and(query_param("offset", offset))
            .respond_with(Sequence::new(
                vec![json_body(&format!("smartrecruiters/{file}"))],
                &hits,
            ))
            .mount(&server)
            .await;
    }
    (server, hits)
}

fn small_pages() -> String {
    fixture("smartrecruiters-small-pages.toml")
        .display()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scrape_pages_by_offset_until_total_found() {
    let (server, hits) = board().await;
    let def = small_pages();
    let out = scrape_local(
        "smartrecruiters:PelicanTravel",
        &server,
        &["--definition", &def],
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        hits.targets(),
        [
            format!("{LIST}?limit=2&offset=0"),
            format!("{LIST}?limit=2&offset=2")
        ],
        "two pages in order, none past totalFound"
    );
    let ids: Vec<String> = json_lines(&out)
        .iter()
        .map(|r| r["source_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        ids,
        ["744000099000001", "744000099000002", "744000099000003"]
    );
    let received = server.received_requests().await.unwrap();
    assert!(
        received
            .iter()
            .all(|r| r.url.path() != format!("{LIST}/744000099000001")),
        "no detail requests without --details"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn query_goes_to_the_site() {
    let (server, hits) = board().await;
    let def = small_pages();
    let out = scrape_local(
        "smartrecruiters:PelicanTravel",
        &server,
        &["--definition", &def, "-q", "chat support", "--limit", "1"],
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        hits.targets(),
        [format!("{LIST}?q=chat+support&limit=2&offset=0")]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn details_fill_descriptions_from_where_the_list_came_from() {
    let (server, _) = board().await;
    Mock::given(path(format!("{LIST}/744000099000001")))
        .respond_with(json_body("smartrecruiters/detail-744000099000001.json"))
        .mount(&server)
        .await;
    // Gone since the list was made: dropped.
    Mock::given(path(format!("{LIST}/744000099000002")))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    // Not to be had now: kept as the list gave it.
    Mock::given(path(format!("{LIST}/744000099000003")))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let def = small_pages();
    let out = scrape_local(
        "smartrecruiters:PelicanTravel",
        &server,
        &["--definition", &def, "--details"],
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = json_lines(&out);
    let ids: Vec<&str> = rows
        .iter()
        .map(|r| r["source_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["744000099000001", "744000099000003"]);
    let a = &rows[0];
    assert_eq!(
        a["description"],
        "Company Description\n\nPelican Travel books trips for 2 million guests.\n\nJob Description\n\nHelp guests by live chat in English & French.\n\n- Overnight shifts\n- Weekends\n\nQualifications\n\nFluent French."
    );
    assert_eq!(
        a["url"],
        "https://jobs.smartrecruiters.com/PelicanTravel/744000099000001-bilingual-chat-support-agent-overnight-"
    );
    assert_eq!(
        a["tags"],
        json!(["chat", "overnight", "part-time", "weekend", "bilingual"])
    );
    assert_eq!(rows[1]["description"], "");
    assert!(
        stderr(&out)
            .contains("details of https://jobs.smartrecruiters.com/PelicanTravel/744000099000003"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_page_keeps_what_came_before() {
    let server = MockServer::start().await;
    Mock::given(path(LIST))
        .and(query_param("offset", "0"))
        .respond_with(json_body("smartrecruiters/page1.json"))
        .mount(&server)
        .await;
    Mock::given(path(LIST))
        .and(query_param("offset", "2"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let def = small_pages();
    let out = scrape_local(
        "smartrecruiters:PelicanTravel",
        &server,
        &["--definition", &def],
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(json_lines(&out).len(), 2);
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("jobtap: smartrecruiters:PelicanTravel: HTTP 503"),
        "{err}"
    );
}
