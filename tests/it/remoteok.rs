//! Remote OK: one array, a legal notice first, double-encoded UTF-8 repaired.

use crate::support::*;
use serde_json::json;
use wiremock::ResponseTemplate;

#[test]
fn parse_fields() {
    let rows = parse_fixture("remoteok", "remoteok/api.json");
    assert_eq!(rows.len(), 2, "the legal notice is not a posting");
    let a = &rows[0];
    assert_eq!(a["source"], "remoteok");
    assert_eq!(a["source_id"], "900101");
    assert_eq!(a["title"], "Agente de Atención al Cliente (Chat, Nocturno)");
    assert_eq!(a["company"], "Café Dorado");
    assert_eq!(a["location"], "Austin, TX");
    assert_eq!(
        (
            a["city"].as_str(),
            a["region"].as_str(),
            a["country"].as_str()
        ),
        (Some("Austin"), Some("TX"), Some("US"))
    );
    assert_eq!(a["workplace"], "remote");
    assert_eq!(a["employment_type"], json!(["part_time"]));
    assert_eq!(a["salary_min"], 36000.0);
    assert_eq!(a["salary_max"], 42000.0);
    assert_eq!(a["salary_currency"], "USD");
    assert_eq!(a["salary_period"], "year");
    assert!(a["salary_text"].is_null());
    assert_eq!(a["posted_at"], "2026-11-18T10:00:00Z");
    assert_eq!(
        a["url"],
        "https://remoteOK.com/remote-jobs/remote-agente-de-atencion-al-cliente-cafe-dorado-900101"
    );
    assert_eq!(
        a["description"],
        "Atiende a clientes por chat en vivo, turno nocturno.\n\n- Español & English\n- 20–30 horas por semana"
    );

    let b = &rows[1];
    assert_eq!(b["source_id"], "900102", "numeric ids read as strings");
    assert_eq!(b["title"], "Technical Support Specialist");
    assert_eq!(b["company"], "Northwind Help");
    assert!(b["location"].is_null() && b["country"].is_null());
    assert_eq!(b["workplace"], "remote");
    assert_eq!(
        b["employment_type"],
        json!([]),
        "a tag that merely contains a job-type word is no job type"
    );
    assert!(
        b["salary_min"].is_null() && b["salary_max"].is_null() && b["salary_currency"].is_null(),
        "0 means unknown"
    );
    assert_eq!(b["posted_at"], "2026-11-20T08:30:00Z", "date when no epoch");
    assert_eq!(
        b["description"], "Help users with our desktop app. We don’t outsource.",
        "correct UTF-8 is left alone"
    );
    assert_eq!(b["tags"], json!(["helpdesk", "remote"]));
}

#[test]
fn a_job_without_a_position_is_a_format_error() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"[{"legal": "x"}, {"id": "1", "company": "Acme"}]"#).unwrap();
    let out = jobtap_sync(&["parse", "--source", "remoteok", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stderr(&out).contains("job 1 has no position"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scrape_fetches_the_one_list_once() {
    let (server, hits) = serve("/api", vec![json_body("remoteok/api.json")]).await;
    let out = scrape_at("remoteok", &server, &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = json_lines(&out);
    let ids: Vec<&str> = rows
        .iter()
        .map(|r| r["source_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["900101", "900102"]);
    assert_eq!(hits.targets(), ["/api"], "one request, no pagination");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_error_fails_the_source_with_one_line() {
    let (server, hits) = serve("/api", vec![ResponseTemplate::new(500)]).await;
    let out = scrape_at("remoteok", &server, &["--retries", "1"]).await;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("jobtap: remoteok: ") && err.contains("HTTP 500"),
        "{err}"
    );
    assert_eq!(hits.targets().len(), 2, "retried once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_legal_notice_is_a_warning_not_a_failure() {
    let (server, _) = serve("/api", vec![json_body("remoteok/notice-only.json")]).await;
    let out = scrape_at("remoteok", &server, &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(json_lines(&out).is_empty());
    let err = stderr(&out);
    assert!(
        err.contains("remoteok") && err.contains("held no postings"),
        "{err}"
    );
}
