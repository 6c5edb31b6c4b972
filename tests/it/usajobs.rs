//! USAJOBS: keyed by headers (the key, and the registered e-mail as User-Agent), paged by
//! `Page` up to `NumberOfPages`.

use crate::support::*;
use serde_json::json;
use wiremock::{
    matchers::{header, path, query_param},
    Mock, MockServer, ResponseTemplate,
};

const KEY: &str = "fake-usajobs-key-5d1f0e77";
const EMAIL: &str = "jobseeker-e2b9@example.test";
const ENV: [(&str, &str); 2] = [("USAJOBS_API_KEY", KEY), ("USAJOBS_EMAIL", EMAIL)];

#[test]
fn parse_fields() {
    let rows = parse_fixture("usajobs", "usajobs/page1.json");
    assert_eq!(rows.len(), 2);
    let a = &rows[0];
    assert_eq!(a["source_id"], "870001001");
    assert_eq!(a["title"], "Contact Representative (Overnight)");
    assert_eq!(a["company"], "Office of Imaginary Benefits");
    assert_eq!(a["location"], "Kansas City, Missouri");
    assert_eq!(
        (&a["city"], &a["region"], &a["country"]),
        (&json!("Kansas City"), &json!("MO"), &json!("US"))
    );
    assert_eq!(a["workplace"], "onsite");
    assert_eq!(
        a["employment_type"],
        json!(["part_time"]),
        "a permanent appointment is not full-time by itself"
    );
    assert_eq!(a["salary_min"], 21.5);
    assert_eq!(a["salary_max"], 27.95);
    assert_eq!(a["salary_currency"], "USD");
    assert_eq!(a["salary_period"], "hour");
    assert!(a["salary_text"].is_null());
    assert_eq!(a["posted_at"], "2026-11-17T00:00:00Z");
    assert_eq!(
        a["valid_through"], "2030-12-01T23:59:59Z",
        "ApplicationCloseDate"
    );
    assert_eq!(a["url"], "https://www.usajobs.gov:443/job/870001001");
    assert_eq!(
        a["description"],
        "Answer phone & chat questions from the public on the overnight shift.\n\n- Resolve benefit questions.\n- Document each contact.\n\nOne year of customer service experience."
    );
    assert_eq!(a["tags"], json!(["overnight", "part-time"]));

    let b = &rows[1];
    assert_eq!(b["location"], "Denver, Colorado; Ogden, Utah");
    assert!(b["city"].is_null() && b["region"].is_null());
    assert_eq!(b["country"], "US", "every place is in the US");
    assert_eq!(b["workplace"], "hybrid", "telework eligible");
    assert_eq!(b["employment_type"], json!(["full_time", "temporary"]));
    assert_eq!(b["salary_min"], 68405.0);
    assert_eq!(b["salary_max"], 88926.0);
    assert_eq!(b["salary_period"], "year");
    assert_eq!(b["tags"], json!(["helpdesk"]));

    let c = &parse_fixture("usajobs", "usajobs/page2.json")[0];
    assert_eq!(c["workplace"], "remote");
    assert_eq!(c["country"], "US");
    assert_eq!(c["employment_type"], json!(["seasonal"]));
    assert!(
        c["salary_min"].is_null() && c["salary_currency"].is_null(),
        "without compensation is no salary"
    );
}

/// Answers only requests that carry the key and the e-mail as User-Agent.
async fn api() -> (MockServer, Arrivals) {
    let server = MockServer::start().await;
    let hits = Arrivals::default();
    for (page, file) in [("1", "page1.json"), ("2", "page2.json")] {
        Mock::given(path("/api/search"))
            .and(query_param("Page", page))
            .and(header("Authorization-Key", KEY))
            .and(header("User-Agent", EMAIL))
            .respond_with(Sequence::new(
                vec![json_body(&format!("usajobs/{file}"))],
                &hits,
            ))
            .mount(&server)
            .await;
    }
    (server, hits)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scrape_sends_the_key_and_email_and_pages_to_the_end() {
    let (server, hits) = api().await;
    let out = scrape_local("usajobs", &server, &[], &ENV).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        hits.targets(),
        [
            "/api/search?ResultsPerPage=100&Page=1",
            "/api/search?ResultsPerPage=100&Page=2"
        ]
    );
    let ids: Vec<String> = json_lines(&out)
        .iter()
        .map(|r| r["source_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["870001001", "870001002", "870001003"]);
    let received = server.received_requests().await.unwrap();
    let ua: Vec<&str> = received
        .iter()
        .filter(|r| r.url.path() == "/api/search")
        .map(|r| r.headers.get("user-agent").unwrap().to_str().unwrap())
        .collect();
    assert_eq!(
        ua,
        [EMAIL, EMAIL],
        "the e-mail replaces jobtap's own User-Agent"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn query_and_place_go_to_the_api() {
    let (server, hits) = api().await;
    let out = scrape_local(
        "usajobs",
        &server,
        &["-q", "contact representative", "-l", "Kansas City"],
        &ENV,
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        hits.targets()[0],
        "/api/search?Keyword=contact+representative&LocationName=Kansas+City&ResultsPerPage=100&Page=1"
    );
    assert_eq!(
        json_lines(&out).len(),
        1,
        "the place is still matched locally"
    );

    let (server, hits) = api().await;
    scrape_local("usajobs", &server, &["-l", "remote"], &ENV).await;
    assert_eq!(
        hits.targets()[0],
        "/api/search?ResultsPerPage=100&Page=1",
        "remote is a workplace, not a LocationName"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_key_fails_this_source_alone() {
    let (server, hits) = api().await;
    let (ashby, _) = serve(
        "/posting-api/job-board/quokka",
        vec![json_body("ashby/board.json")],
    )
    .await;
    let ashby_ep = endpoint("ashby", &ashby);
    let out = scrape_local(
        "usajobs",
        &server,
        &[
            "ashby:quokka",
            "--endpoint",
            &ashby_ep,
            "--rate",
            "ashby=100/s",
        ],
        &[("USAJOBS_API_KEY", ""), ("USAJOBS_EMAIL", EMAIL)],
    )
    .await;
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).trim_end(),
        "jobtap: usajobs: needs an API key: set the environment variable USAJOBS_API_KEY"
    );
    assert!(hits.targets().is_empty(), "nothing sent without a key");
    assert_eq!(json_lines(&out).len(), 2, "the other source still ran");

    let out = scrape_local(
        "usajobs",
        &server,
        &[],
        &[("USAJOBS_API_KEY", KEY), ("USAJOBS_EMAIL", " ")],
    )
    .await;
    assert_eq!(out.status.code(), Some(4));
    assert!(stderr(&out).contains("USAJOBS_EMAIL"), "{}", stderr(&out));
    assert_no_secret(&out, &[KEY]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_key_and_email_never_show() {
    // A run that works, with debug logging.
    let (server, _) = api().await;
    let out = scrape_local("usajobs", &server, &["-vv"], &ENV).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("GET "),
        "debug log on: {}",
        stderr(&out)
    );
    assert_no_secret(&out, &[KEY, EMAIL]);

    // A refused key.
    let refused = MockServer::start().await;
    Mock::given(path("/api/search"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&refused)
        .await;
    let out = scrape_local("usajobs", &refused, &["-vv"], &ENV).await;
    assert_eq!(out.status.code(), Some(4));
    assert!(stderr(&out).contains("HTTP 401"), "{}", stderr(&out));
    assert_no_secret(&out, &[KEY, EMAIL]);

    // An answer that is not the API's.
    let (garbled, _) = serve(
        "/api/search",
        vec![ResponseTemplate::new(200).set_body_string(r#"{"SearchResult": 5}"#)],
    )
    .await;
    let out = scrape_local("usajobs", &garbled, &["-vv"], &ENV).await;
    assert_eq!(out.status.code(), Some(4));
    assert!(stderr(&out).contains("SearchResult"), "{}", stderr(&out));
    assert_no_secret(&out, &[KEY, EMAIL]);
}
