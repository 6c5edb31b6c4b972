//! `page:URL`: job pages carrying schema.org JobPosting JSON-LD.

use crate::support::*;
use serde_json::{json, Value};
use wiremock::ResponseTemplate;

const PAGE: &str = "page:https://careers.maplegrove.example/jobs/1042";

fn parse(file: &str) -> Vec<Value> {
    let out = jobtap_sync(&[
        "parse",
        "--source",
        PAGE,
        fixture(file).to_str().unwrap(),
        "--format",
        "ndjson",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    json_lines(&out)
}

fn html(rel: &str) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("content-type", "text/html; charset=utf-8")
        .set_body_bytes(fixture_bytes(rel))
}

#[test]
fn a_single_posting_with_every_field() {
    let rows = parse("page/single.html");
    assert_eq!(
        rows.len(),
        1,
        "breadcrumbs and plain scripts are not postings"
    );
    let a = &rows[0];
    assert_eq!(a["source"], "page");
    assert_eq!(a["source_id"], "MGD-1042", "identifier.value");
    assert_eq!(a["title"], "Front Desk Receptionist (Part-Time)");
    assert_eq!(a["company"], "Maple Grove Dental");
    assert_eq!(
        (&a["location"], &a["city"], &a["region"], &a["country"]),
        (
            &json!("Madison, WI, US"),
            &json!("Madison"),
            &json!("WI"),
            &json!("US")
        )
    );
    assert_eq!(a["workplace"], "unknown");
    assert_eq!(a["employment_type"], json!(["part_time", "temporary"]));
    assert_eq!(
        (
            &a["salary_min"],
            &a["salary_max"],
            &a["salary_currency"],
            &a["salary_period"]
        ),
        (&json!(18.0), &json!(22.5), &json!("USD"), &json!("hour"))
    );
    assert!(a["salary_text"].is_null(), "numbers, not text");
    assert_eq!(a["posted_at"], "2026-09-05T00:00:00Z", "un-padded date");
    assert_eq!(
        a["url"], "https://careers.maplegrove.example/jobs/1042-front-desk",
        "relative url resolved against the page"
    );
    assert_eq!(
        a["description"],
        "Greet patients, answer phones & book visits.\n\n- Tue\u{2013}Thu, 8\u{2013}2",
        "entity-escaped HTML"
    );
}

#[test]
fn a_remote_posting_in_a_graph_with_sloppy_json() {
    let rows = parse("page/remote-graph.html");
    assert_eq!(rows.len(), 1);
    let a = &rows[0];
    assert_eq!(a["source_id"], "NW-77", "identifier as a string");
    assert_eq!(a["title"], "Remote Chat & Email Support Agent");
    assert_eq!(
        a["company"], "Northwind Help Co",
        "hiringOrganization as a string"
    );
    assert_eq!(a["workplace"], "remote", "TELECOMMUTE");
    assert_eq!(
        a["location"], "USA; Canada",
        "applicantLocationRequirements"
    );
    assert!(a["country"].is_null() && a["city"].is_null());
    assert_eq!(a["employment_type"], json!(["part_time"]), "PARTTIME");
    assert_eq!(
        (
            &a["salary_min"],
            &a["salary_max"],
            &a["salary_currency"],
            &a["salary_text"]
        ),
        (
            &json!(52000.0),
            &json!(52000.0),
            &json!("USD"),
            &json!("$52,000")
        )
    );
    assert_eq!(a["posted_at"], "2026-11-20T14:30:00Z");
    assert_eq!(a["url"], "https://jobs.northwind.example/postings/77");
    assert_eq!(
        a["description"],
        "Help customers by chat and email.\n\nEvenings and weekends."
    );
    assert_eq!(a["tags"], json!(["chat", "remote", "part-time", "weekend"]));
}

#[test]
fn several_postings_many_places_and_expired_ones_kept_with_their_date() {
    let rows = parse("page/multi.html");
    let titles: Vec<&str> = rows.iter().map(|r| r["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "Retail Sales Associate",
            "Holiday Stockroom Helper",
            "Summer Kayak Guide"
        ]
    );
    assert_eq!(rows[2]["valid_through"], "2026-08-31T23:59:59Z");
    assert!(rows[0].get("valid_through").is_none(), "none given");
    let a = &rows[0];
    assert_eq!(
        a["source_id"], "https://stores.tallpine.example/jobs/301",
        "no identifier: url"
    );
    assert_eq!(a["location"], "Austin, TX, US; Denver, CO, US");
    assert!(a["city"].is_null(), "several places: no single city");
    assert_eq!(a["employment_type"], json!(["full_time"]));
    assert_eq!(
        (&a["salary_min"], &a["salary_max"], &a["salary_period"]),
        (&json!(36000.0), &json!(36000.0), &json!("year"))
    );
    assert_eq!(a["posted_at"], "2026-11-02T00:00:00Z");
    let b = &rows[1];
    assert_eq!(
        (&b["city"], &b["region"], &b["country"]),
        (&json!("Boise"), &json!("ID"), &json!("US")),
        "address as a plain string"
    );
    assert_eq!(b["employment_type"], json!(["part_time", "seasonal"]));
    assert!(b["salary_min"].is_null() && b["salary_currency"].is_null());
}

#[test]
fn structured_places_and_pay_are_kept_as_given() {
    let rows = parse("page/structured.html");
    let (a, b) = (&rows[0], &rows[1]);
    let place = |r: &Value| {
        (
            r["location"].clone(),
            r["city"].clone(),
            r["region"].clone(),
            r["country"].clone(),
        )
    };
    assert_eq!(
        place(a),
        (
            json!("Berlin, DE"),
            json!("Berlin"),
            Value::Null,
            json!("DE")
        ),
        "DE is Germany's code, not Delaware"
    );
    assert_eq!(
        (&a["salary_min"], &a["salary_currency"], &a["salary_period"]),
        (&json!(100000.0), &json!("EUR"), &Value::Null),
        "the JobPosting's own salaryCurrency; no period where none is stated"
    );
    assert_eq!(
        place(b),
        (
            json!("Toronto, ON, CA"),
            json!("Toronto"),
            json!("ON"),
            json!("CA")
        ),
        "Ontario in Canada, not California"
    );
    assert_eq!(
        (&b["salary_min"], &b["salary_currency"], &b["salary_period"]),
        (&json!(52000.0), &json!("CAD"), &Value::Null)
    );
}

/// `page:` takes the JSON-LD from the page's scripts without building its tree, so no
/// nesting slows it down.
#[test]
fn a_deeply_nested_page_is_read_without_a_tree() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("deep.html");
    let single = std::fs::read_to_string(fixture("page/single.html")).unwrap();
    let deep = single.replace("<body>", &format!("<body>{}", "<div>".repeat(200_000)));
    std::fs::write(&page, deep).unwrap();
    let out = jobtap_sync(&[
        "parse",
        "--source",
        PAGE,
        page.to_str().unwrap(),
        "-f",
        "ndjson",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(json_lines(&out)[0]["source_id"], "MGD-1042");
}

#[test]
fn no_posting_is_an_error_naming_the_page() {
    let file = fixture("page/none.html");
    let out = jobtap_sync(&["parse", "--source", PAGE, file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(4));
    let want = "no schema.org JobPosting on https://careers.maplegrove.example/jobs/1042";
    assert!(stderr(&out).contains(want), "{}", stderr(&out));
}

#[test]
fn a_saved_expired_page_is_parsed_and_said_to_have_expired() {
    let file = fixture("page/expired.html");
    let out = jobtap_sync(&[
        "parse",
        "--source",
        PAGE,
        file.to_str().unwrap(),
        "-f",
        "ndjson",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["title"], "Summer Kayak Guide");
    assert_eq!(rows[0]["valid_through"], "2026-08-31T23:59:59Z");
    let err = stderr(&out);
    assert!(
        err.contains("1 posting has expired (valid_through has passed); kept"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scrape_leaves_expired_postings_out_and_counts_them() {
    let (server, _) = serve("/jobs/1042", vec![html("page/multi.html")]).await;
    let out = jobtap(&[
        "scrape",
        PAGE,
        "--endpoint",
        &endpoint("page", &server),
        "--rate",
        "page=100/s",
        "--format",
        "ndjson",
    ])
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let titles: Vec<String> = json_lines(&out)
        .iter()
        .map(|r| r["title"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        titles,
        ["Retail Sales Associate", "Holiday Stockroom Helper"]
    );
    let err = stderr(&out);
    assert!(
        err.contains(": 1 posting expired (valid_through has passed), left out"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scrape_through_an_endpoint() {
    let (server, hits) = serve("/jobs/1042", vec![html("page/single.html")]).await;
    let out = jobtap(&[
        "scrape",
        PAGE,
        "--endpoint",
        &endpoint("page", &server),
        "--rate",
        "page=100/s",
        "--format",
        "ndjson",
    ])
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(hits.targets(), ["/jobs/1042"]);
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["source_id"], "MGD-1042");
    assert_eq!(
        rows[0]["url"],
        format!("{}/jobs/1042-front-desk", server.uri())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_without_a_posting_fails_the_source() {
    let (server, hits) = serve("/jobs/1042", vec![html("page/none.html")]).await;
    let out = jobtap(&[
        "scrape",
        PAGE,
        "--endpoint",
        &endpoint("page", &server),
        "--rate",
        "page=100/s",
    ])
    .await;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "no schema.org JobPosting on {}/jobs/1042",
            server.uri()
        )),
        "{err}"
    );
    assert_eq!(hits.targets(), ["/jobs/1042"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_page_fails_the_source() {
    let (server, _) = serve("/jobs/1042", vec![ResponseTemplate::new(410)]).await;
    let out = jobtap(&[
        "scrape",
        PAGE,
        "--endpoint",
        &endpoint("page", &server),
        "--rate",
        "page=100/s",
    ])
    .await;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains("410"), "{}", stderr(&out));
}

#[test]
fn a_bad_url_is_a_usage_error() {
    let out = jobtap_sync(&["scrape", "page:careers.maplegrove.example/jobs/1042"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("page:URL (\"careers.maplegrove.example/jobs/1042\" is not an absolute http or https URL)"),
        "{}",
        stderr(&out)
    );
}
