//! `jobtap scrape` end to end against local servers serving fixture responses.

use crate::support::*;
use serde_json::{json, Value};
use wiremock::ResponseTemplate;

const FAST: [&str; 4] = ["--backoff", "10ms", "--max-wait", "50ms"];

async fn three_sources() -> (Vec<wiremock::MockServer>, Arrivals) {
    let (gh, _) = serve(
        "/v1/boards/acme/jobs",
        vec![json_body("greenhouse/board.json")],
    )
    .await;
    let lever = wiremock::MockServer::start().await;
    let lever_hits = Arrivals::default();
    wiremock::Mock::given(wiremock::matchers::path("/v0/postings/acme"))
        .and(wiremock::matchers::query_param("skip", "0"))
        .respond_with(Sequence::new(
            vec![json_body("lever/page1.json")],
            &lever_hits,
        ))
        .mount(&lever)
        .await;
    wiremock::Mock::given(wiremock::matchers::path("/v0/postings/acme"))
        .and(wiremock::matchers::query_param("skip", "2"))
        .respond_with(Sequence::new(
            vec![json_body("lever/page2.json")],
            &lever_hits,
        ))
        .mount(&lever)
        .await;
    let (rem, _) = serve("/api/remote-jobs", vec![json_body("remotive/jobs.json")]).await;
    (vec![gh, lever, rem], lever_hits)
}

fn endpoints(servers: &[wiremock::MockServer]) -> Vec<String> {
    vec![
        "--endpoint".into(),
        endpoint("greenhouse", &servers[0]),
        "--endpoint".into(),
        endpoint("lever", &servers[1]),
        "--endpoint".into(),
        endpoint("remotive", &servers[2]),
        "--rate".into(),
        "remotive=50/s".into(),
        "--rate".into(),
        "lever=50/s".into(),
        "--rate".into(),
        "greenhouse=50/s".into(),
        "--definition".into(),
        fixture("lever-small-pages.toml").display().to_string(),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_sources_every_posting_with_fields() {
    let (servers, lever_hits) = three_sources().await;
    let mut args = vec![
        "scrape",
        "greenhouse:acme",
        "lever:acme",
        "remotive",
        "--format",
        "json",
    ];
    let ep = endpoints(&servers);
    args.extend(ep.iter().map(String::as_str));
    let out = jobtap(&args).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = json_array(&out);
    let titles: Vec<&str> = rows.iter().map(|r| r["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "Customer Support Specialist (Live Chat, Overnight)",
            "IT Help Desk Technician",
            "Part-Time Customer Care Associate",
            "Service Desk Analyst",
            "Holiday Store Associate",
            "Chat Support Agent & Moderator",
            "Support Team Lead",
        ],
        "sources in the order given, pages in order"
    );
    assert_eq!(
        lever_hits.targets(),
        [
            "/v0/postings/acme?mode=json&skip=0&limit=2",
            "/v0/postings/acme?mode=json&skip=2&limit=2"
        ]
    );
    let holiday = &rows[4];
    assert_eq!(holiday["employment_type"], json!(["seasonal"]));
    assert_eq!(holiday["tags"], json!(["holiday", "seasonal"]));
    assert_eq!(
        (
            holiday["city"].as_str(),
            holiday["region"].as_str(),
            holiday["country"].as_str()
        ),
        (Some("Toronto"), Some("ON"), Some("CA"))
    );
    for r in &rows {
        assert!(r["fetched_at"].as_str().unwrap().ends_with('Z'));
        assert_eq!(r.as_object().unwrap().len(), 21);
    }
    assert!(
        stdout(&out).starts_with("[\n{"),
        "stdout carries only the data"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn query_is_sent_to_searching_sources_and_matched_locally_elsewhere() {
    let (servers, _) = three_sources().await;
    let mut args = vec![
        "scrape",
        "greenhouse:acme",
        "remotive",
        "-q",
        "chat",
        "--format",
        "ndjson",
    ];
    let ep = endpoints(&servers);
    args.extend(ep.iter().map(String::as_str));
    let out = jobtap(&args).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = json_lines(&out);
    // Greenhouse cannot search: only its chat posting passes the local filter. Remotive
    // searched itself, so both of its (fixture) answers are kept.
    let titles: Vec<&str> = rows.iter().map(|r| r["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "Customer Support Specialist (Live Chat, Overnight)",
            "Chat Support Agent & Moderator",
            "Support Team Lead"
        ]
    );
    let received = servers[2].received_requests().await.unwrap();
    let jobs_req = received
        .iter()
        .find(|r| r.url.path() == "/api/remote-jobs")
        .unwrap();
    assert_eq!(jobs_req.url.query(), Some("search=chat"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_failing_source_does_not_stop_the_others() {
    let (servers, _) = three_sources().await;
    let mut args = vec![
        "scrape",
        "greenhouse:nosuchboard",
        "remotive",
        "--format",
        "ndjson",
        "--retries",
        "0",
    ];
    let ep = endpoints(&servers);
    args.extend(ep.iter().map(String::as_str));
    let out = jobtap(&args).await;
    assert_eq!(out.status.code(), Some(3), "partial: {}", stderr(&out));
    assert_eq!(json_lines(&out).len(), 2);
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(
        lines[0].starts_with("jobtap: greenhouse:nosuchboard: HTTP 404"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_source_failing_leaves_the_output_file_alone() {
    let (down, _) = serve("/api/remote-jobs", vec![ResponseTemplate::new(503)]).await;
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("jobs.csv");
    std::fs::write(&out_path, "yesterday's rows\n").unwrap();
    let ep = endpoint("remotive", &down);
    let mut args = vec![
        "scrape",
        "remotive",
        "--endpoint",
        &ep,
        "--rate",
        "remotive=100/s",
        "--retries",
        "1",
        "-o",
        out_path.to_str().unwrap(),
    ];
    args.extend(FAST);
    let out = jobtap(&args).await;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&out_path).unwrap(),
        "yesterday's rows\n"
    );
    assert!(stderr(&out).contains("remotive: "), "{}", stderr(&out));
    assert!(stderr(&out).contains("HTTP 503"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn output_file_is_replaced_whole() {
    let (servers, _) = three_sources().await;
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("jobs.csv");
    std::fs::write(&out_path, "old").unwrap();
    let mut args = vec!["scrape", "remotive", "-o", out_path.to_str().unwrap()];
    let ep = endpoints(&servers);
    args.extend(ep.iter().map(String::as_str));
    let out = jobtap(&args).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "data goes to the file only");
    let mut rdr = csv::Reader::from_path(&out_path).unwrap();
    assert_eq!(rdr.records().count(), 2);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "no temporary file left behind: {names:?}");
}

/// An output that can never be written (a directory, a path under a plain file) stops the
/// run before any request, with one line naming it, instead of after the whole scrape.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unwritable_output_stops_the_run_before_it_fetches() {
    let (servers, arrivals) = three_sources().await;
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.txt");
    std::fs::write(&plain, "a file, not a directory").unwrap();
    for (to, cause) in [
        (dir.path().to_path_buf(), "it is a directory"),
        (plain.join("jobs.csv"), ""),
    ] {
        let mut args = vec!["scrape", "remotive", "-o", to.to_str().unwrap()];
        let ep = endpoints(&servers);
        args.extend(ep.iter().map(String::as_str));
        let out = jobtap(&args).await;
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        let named = format!("jobtap: cannot write {}: {cause}", to.display());
        assert!(err.starts_with(&named), "{err}");
    }
    assert!(arrivals.targets().is_empty(), "{:?}", arrivals.targets());
    // A missing directory is made for `-o` as for a master sheet (the example config puts
    // both in a ~/jobs/ that may not exist yet).
    let deep = dir.path().join("new").join("deeper").join("jobs.csv");
    let mut args = vec!["scrape", "remotive", "-o", deep.to_str().unwrap()];
    let ep = endpoints(&servers);
    args.extend(ep.iter().map(String::as_str));
    let out = jobtap(&args).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(csv::Reader::from_path(&deep).unwrap().records().count() > 0);
    let fresh = dir.path().join("jobs");
    let (sheet, output) = (fresh.join("master.csv"), fresh.join("new.csv"));
    let mut args = vec![
        "scrape",
        "remotive",
        "--merge-into",
        sheet.to_str().unwrap(),
    ];
    args.extend(["-o", output.to_str().unwrap()]);
    let ep = endpoints(&servers);
    args.extend(ep.iter().map(String::as_str));
    let out = jobtap(&args).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(sheet.is_file() && output.is_file());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn default_search_needs_no_arguments() {
    let (servers, _) = three_sources().await;
    let (jobicy, jobicy_hits) =
        serve("/api/v2/remote-jobs", vec![json_body("jobicy/jobs.json")]).await;
    let (muse, muse_hits) = serve("/api/public/jobs", vec![json_body("themuse/page1.json")]).await;
    let (wwr, wwr_hits) = serve(
        "/categories/remote-customer-support-jobs.rss",
        vec![ResponseTemplate::new(200)
            .set_body_bytes(fixture_bytes("weworkremotely/customer-support.rss"))],
    )
    .await;
    let mut ep = endpoints(&servers);
    ep.extend([
        "--endpoint".into(),
        endpoint("jobicy", &jobicy),
        "--rate".into(),
        "jobicy=50/s".into(),
        "--endpoint".into(),
        endpoint("themuse", &muse),
        "--rate".into(),
        "themuse=50/s".into(),
        "--endpoint".into(),
        endpoint("weworkremotely", &wwr),
        "--rate".into(),
        "weworkremotely=50/s".into(),
    ]);
    let mut args = vec!["scrape", "--format", "ndjson"];
    args.extend(ep.iter().map(String::as_str));
    let out = jobtap(&args).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows: Vec<Value> = json_lines(&out);
    let mut sources: Vec<&str> = rows.iter().map(|r| r["source"].as_str().unwrap()).collect();
    sources.dedup();
    assert_eq!(sources, ["jobicy", "remotive", "themuse", "weworkremotely"]);
    assert_eq!(
        jobicy_hits.targets(),
        ["/api/v2/remote-jobs?count=100&industry=supporting"]
    );
    assert_eq!(
        muse_hits.targets(),
        ["/api/public/jobs?page=0&category=Customer+Service"]
    );
    assert_eq!(
        wwr_hits.targets(),
        ["/categories/remote-customer-support-jobs.rss"]
    );
    let received = servers[2].received_requests().await.unwrap();
    let jobs_req = received
        .iter()
        .find(|r| r.url.path() == "/api/remote-jobs")
        .unwrap();
    assert_eq!(jobs_req.url.query(), Some("category=customer-support"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limit_and_since() {
    let (servers, lever_hits) = three_sources().await;
    let ep = endpoints(&servers);
    let mut args = vec!["scrape", "lever:acme", "--format", "ndjson", "--limit", "1"];
    args.extend(ep.iter().map(String::as_str));
    let out = jobtap(&args).await;
    assert_eq!(json_lines(&out).len(), 1);
    assert_eq!(
        lever_hits.targets().len(),
        1,
        "no page fetched past the limit"
    );

    let mut args = vec![
        "scrape",
        "remotive",
        "--format",
        "ndjson",
        "--since",
        "2026-11-15",
    ];
    args.extend(ep.iter().map(String::as_str));
    let out = jobtap(&args).await;
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["posted_at"], "2026-11-19T14:30:00Z");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quiet_keeps_errors_and_the_log_file_gets_every_line() {
    let (servers, _) = three_sources().await;
    let dir = tempfile::tempdir().unwrap();
    // In a directory not made yet, as the state's and the sheet's may be.
    let log = dir.path().join("logs").join("jobtap.log");
    let mut args = vec![
        "scrape",
        "remotive",
        "greenhouse:nosuchboard",
        "--format",
        "ndjson",
        "--retries",
        "0",
        "--quiet",
        "--log-file",
        log.to_str().unwrap(),
    ];
    let ep = endpoints(&servers);
    args.extend(ep.iter().map(String::as_str));
    let out = jobtap(&args).await;
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(
        err.lines().count(),
        1,
        "--quiet leaves only the error: {err}"
    );
    assert!(err.contains("greenhouse:nosuchboard: HTTP 404"), "{err}");
    assert!(
        !err.contains('\u{1b}'),
        "no colours when stderr is not a terminal: {err:?}"
    );
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(
        logged.contains("greenhouse:nosuchboard: HTTP 404"),
        "{logged}"
    );
    assert!(
        logged.lines().all(|l| l.starts_with("20")),
        "time-stamped lines: {logged}"
    );
}
