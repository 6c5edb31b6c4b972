//! Recruitee: one careers site per company host, every offer in one response.

use crate::support::*;
use serde_json::json;
use wiremock::ResponseTemplate;

#[test]
fn parse_fields() {
    let rows = parse_fixture("recruitee:tulipfern", "recruitee/offers.json");
    assert_eq!(rows.len(), 3);
    let a = &rows[0];
    assert_eq!(a["source_id"], "3100201");
    assert_eq!(a["title"], "Klantenservice Medewerker (Chat)");
    assert_eq!(a["company"], "Tulip & Fern");
    assert_eq!(a["location"], "Amsterdam, North Holland, Netherlands");
    assert_eq!(
        (&a["city"], &a["region"], &a["country"]),
        (&json!("Amsterdam"), &json!("NH"), &json!("NL"))
    );
    assert_eq!(a["workplace"], "hybrid");
    assert_eq!(
        a["employment_type"],
        json!(["part_time"]),
        "permanent part-time is not full-time"
    );
    assert_eq!(a["salary_min"], 2400.0);
    assert_eq!(a["salary_max"], 2900.0);
    assert_eq!(a["salary_currency"], "EUR");
    assert_eq!(a["salary_period"], "month");
    assert!(a["salary_text"].is_null());
    assert_eq!(a["posted_at"], "2026-11-18T09:30:00Z");
    assert_eq!(
        a["url"],
        "https://tulipfern.recruitee.com/o/klantenservice-medewerker-chat"
    );
    assert_eq!(
        a["description"],
        "Help our customers by live chat & e-mail.\n\n- Dutch and English\n- Evenings twice a week"
    );
    assert_eq!(a["tags"], json!(["chat", "part-time", "bilingual"]));

    let b = &rows[1];
    assert_eq!(
        (&b["city"], &b["region"], &b["country"]),
        (&json!("Austin"), &json!("TX"), &json!("US"))
    );
    assert_eq!(b["workplace"], "remote");
    assert_eq!(b["employment_type"], json!(["full_time"]));
    assert!(
        b["salary_min"].is_null() && b["salary_currency"].is_null(),
        "a currency without amounts is no salary"
    );
    assert_eq!(
        b["url"], "https://tulipfern.recruitee.com/o/overnight-support-specialist",
        "no careers_url: the offer's page on the company's site"
    );
    assert_eq!(b["description"], "Cover the night queue.");
    assert_eq!(b["tags"], json!(["overnight", "remote"]));

    let c = &rows[2];
    assert_eq!(c["workplace"], "onsite");
    assert_eq!(c["employment_type"], json!(["internship"]));
    assert_eq!(c["salary_min"], 15.0);
    assert!(c["salary_max"].is_null());
    assert_eq!(c["salary_currency"], "EUR");
    assert_eq!(c["salary_period"], "hour");
    assert_eq!(
        c["posted_at"], "2026-11-01T08:00:00Z",
        "not yet published: the creation date"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scrape_through_an_endpoint_reads_every_offer() {
    let (server, hits) = serve("/api/offers/", vec![json_body("recruitee/offers.json")]).await;
    let out = scrape_local("recruitee:tulipfern", &server, &[], &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(hits.targets(), ["/api/offers/"]);
    assert_eq!(json_lines(&out).len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_company_fills_the_base_url_template() {
    let (server, hits) = serve(
        "/careers/tulipfern/api/offers/",
        vec![json_body("recruitee/offers.json")],
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let def = dir.path().join("recruitee.toml");
    std::fs::write(
        &def,
        format!(
            "name = \"recruitee\"\ndescription = \"d\"\nhomepage = \"h\"\nadapter = \"recruitee\"\n\
             base_url = \"{}/careers/{{arg}}\"\nargument = \"COMPANY\"\nrate = \"100/s\"\nterms = \"t\"\n",
            server.uri()
        ),
    )
    .unwrap();
    let out = jobtap(&[
        "scrape",
        "recruitee:tulipfern",
        "--definition",
        def.to_str().unwrap(),
        "--format",
        "ndjson",
    ])
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(hits.targets(), ["/careers/tulipfern/api/offers/"]);
    assert_eq!(json_lines(&out).len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures() {
    let (server, _) = serve(
        "/api/offers/",
        vec![ResponseTemplate::new(200).set_body_string("<html>Not JSON</html>")],
    )
    .await;
    let out = scrape_local("recruitee:tulipfern", &server, &[], &[]).await;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("recruitee:tulipfern: page 1") && err.contains("invalid JSON"),
        "{err}"
    );

    // A company that is no host name label is refused before anything is fetched.
    let out = scrape_local("recruitee:evil.test/x", &server, &[], &[]).await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the subdomain in COMPANY.recruitee.com"),
        "{}",
        stderr(&out)
    );
}
