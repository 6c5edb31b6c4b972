//! Adzuna: keys in the query (so never shown), pages in the path until `count` is covered.

use crate::support::*;
use serde_json::json;
use wiremock::{
    matchers::{path, query_param},
    Mock, MockServer, ResponseTemplate,
};

const APP_ID: &str = "fakeappid93c1";
const APP_KEY: &str = "fake-adzuna-key-4be08d2a";
const ENV: [(&str, &str); 2] = [("ADZUNA_APP_ID", APP_ID), ("ADZUNA_APP_KEY", APP_KEY)];

#[test]
fn parse_fields() {
    let rows = parse_fixture("adzuna:gb", "adzuna/page1.json");
    assert_eq!(rows.len(), 2);
    let a = &rows[0];
    assert_eq!(a["source_id"], "5100000001");
    assert_eq!(a["title"], "Part Time Customer Service Advisor");
    assert_eq!(a["company"], "Marlow & Pike");
    assert_eq!(a["location"], "Canterbury, Kent");
    assert_eq!(
        (&a["city"], &a["region"], &a["country"]),
        (
            &json!("Canterbury"),
            &json!("South East England"),
            &json!("GB")
        )
    );
    assert_eq!(a["workplace"], "unknown");
    assert_eq!(
        a["employment_type"],
        json!(["part_time"]),
        "permanent adds nothing"
    );
    assert_eq!(a["salary_min"], 23400.0);
    assert_eq!(a["salary_max"], 25350.5);
    assert_eq!(a["salary_currency"], "GBP");
    assert_eq!(a["salary_period"], "year");
    assert!(a["salary_text"].is_null());
    assert_eq!(a["posted_at"], "2026-11-19T10:15:00Z");
    assert_eq!(
        a["url"],
        "https://www.adzuna.co.uk/jobs/land/ad/5100000001?se=invented&v=ABC"
    );
    assert_eq!(
        a["description"],
        "Join Marlow & Pike as a part time advisor answering live chat and calls from customers\u{2026}"
    );
    assert_eq!(a["tags"], json!(["chat", "part-time"]));

    let b = &rows[1];
    assert_eq!(b["employment_type"], json!(["full_time", "contract"]));
    assert!(
        b["salary_min"].is_null()
            && b["salary_max"].is_null()
            && b["salary_currency"].is_null()
            && b["salary_text"].is_null(),
        "an Adzuna estimate is no salary the ad stated"
    );
    assert_eq!(
        (&b["city"], &b["region"], &b["country"]),
        (&json!(null), &json!("London"), &json!("GB"))
    );
    assert_eq!(b["tags"], json!(["helpdesk"]));
}

/// Both pages, answered only when the keys are in the query.
async fn api() -> (MockServer, Arrivals) {
    let server = MockServer::start().await;
    let hits = Arrivals::default();
    for page in ["1", "2"] {
        Mock::given(path(format!("/v1/api/jobs/gb/search/{page}")))
            .and(query_param("app_id", APP_ID))
            .and(query_param("app_key", APP_KEY))
            .respond_with(Sequence::new(
                vec![json_body(&format!("adzuna/page{page}.json"))],
                &hits,
            ))
            .mount(&server)
            .await;
    }
    (server, hits)
}

fn two_a_page() -> String {
    fixture("adzuna-small-pages.toml").display().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scrape_pages_until_count_is_covered() {
    let (server, hits) = api().await;
    let def = two_a_page();
    let out = scrape_local(
        "adzuna:gb",
        &server,
        &["--definition", &def, "-q", "customer service"],
        &ENV,
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let q = format!(
        "app_id={APP_ID}&app_key={APP_KEY}&results_per_page=2&what=customer+service&max_days_old=7&content-type=application%2Fjson"
    );
    assert_eq!(
        hits.targets(),
        [
            format!("/v1/api/jobs/gb/search/1?{q}"),
            format!("/v1/api/jobs/gb/search/2?{q}")
        ],
        "page 2 is the last: 2 + 1 postings cover count 3"
    );
    let ids: Vec<String> = json_lines(&out)
        .iter()
        .map(|r| r["source_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["5100000001", "5100000002", "5100000003"]);
    assert_no_secret(&out, &[APP_ID, APP_KEY]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_country_and_missing_keys() {
    let (server, hits) = api().await;
    let out = scrape_local("adzuna:xx", &server, &[], &ENV).await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("adzuna:COUNTRY (one of at, au,"),
        "{}",
        stderr(&out)
    );

    let out = scrape_local(
        "adzuna:gb",
        &server,
        &[],
        &[("ADZUNA_APP_ID", APP_ID), ("ADZUNA_APP_KEY", "")],
    )
    .await;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).trim_end(),
        "jobtap: adzuna:gb: needs an API key: set the environment variable ADZUNA_APP_KEY"
    );
    assert!(hits.targets().is_empty());
    assert_no_secret(&out, &[APP_ID]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_never_show_even_in_errors() {
    // A working run with debug logging: request URLs are logged, redacted.
    let (server, _) = api().await;
    let def = two_a_page();
    let out = scrape_local("adzuna:gb", &server, &["--definition", &def, "-vv"], &ENV).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("app_key=REDACTED"),
        "{}",
        stderr(&out)
    );
    assert_no_secret(&out, &[APP_ID, APP_KEY]);

    // The second page fails: its URL (with the keys) is in the error line.
    let failing = MockServer::start().await;
    Mock::given(path("/v1/api/jobs/gb/search/1"))
        .respond_with(json_body("adzuna/page1.json"))
        .mount(&failing)
        .await;
    Mock::given(path("/v1/api/jobs/gb/search/2"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&failing)
        .await;
    let out = scrape_local("adzuna:gb", &failing, &["--definition", &def], &ENV).await;
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("HTTP 500") && err.contains("/search/2?app_id=REDACTED&app_key=REDACTED"),
        "{err}"
    );
    assert_no_secret(&out, &[APP_ID, APP_KEY]);

    // A body that is not the API's: the page error names the URL too.
    let (garbled, _) = serve(
        "/v1/api/jobs/gb/search/1",
        vec![ResponseTemplate::new(200).set_body_string(r#"{"results": {"id": 1}}"#)],
    )
    .await;
    let out = scrape_local("adzuna:gb", &garbled, &[], &ENV).await;
    assert_eq!(out.status.code(), Some(4));
    let err = stderr(&out);
    assert!(
        err.contains("page 1 (") && err.contains("app_key=REDACTED"),
        "{err}"
    );
    assert_no_secret(&out, &[APP_ID, APP_KEY]);
}
