//! robots.txt as RFC 9309 asks: read up to its cap in whole lines, and kept on disk between
//! runs for a day (or its shorter Cache-Control), serving while the host cannot give it.

use crate::faults::run_beside_healthy;
use crate::support::*;
use wiremock::{matchers::path, Mock, MockServer, ResponseTemplate};

/// jobtap's cap on robots.txt (README, Politeness).
const CAP: usize = 500 * 1024;

/// A robots.txt of `head`, comments, then `rule`, placed so that the cap falls right after
/// `rule`'s first `cut` bytes, and more lines after it.
fn split_by_the_cap(head: &str, rule: &str, cut: usize) -> String {
    let mut text = head.to_string();
    while CAP - cut - text.len() > 100 {
        text.push_str("# a comment line of the kind a long robots.txt is full of\n");
    }
    let pad = CAP - cut - text.len() - 2;
    text.push_str(&format!("#{}\n", "x".repeat(pad)));
    assert_eq!(text.len() + cut, CAP);
    text.push_str(rule);
    text.push_str("\nDisallow: /nothing-here/\n");
    text
}

async fn robots_server(body: String) -> MockServer {
    let s = MockServer::start().await;
    Mock::given(path("/robots.txt"))
        .respond_with(ResponseTemplate::new(200).set_body_string(body))
        .mount(&s)
        .await;
    Mock::given(path("/api/remote-jobs"))
        .respond_with(json_body("remotive/jobs.json"))
        .mount(&s)
        .await;
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_allow_rule_cut_by_the_cap_allows_nothing() {
    // Cut after "Allow: /api/remote-jobs", the rule would let the disallowed API through.
    let rule = "Allow: /api/remote-jobs-archive/";
    let body = split_by_the_cap("User-agent: *\nDisallow: /api/\n", rule, 23);
    assert!(body.len() > CAP && body[..CAP].ends_with("Allow: /api/remote-jobs"));
    let s = robots_server(body).await;
    run_beside_healthy("remotive", &s.uri(), &["--max-body", "1000000"])
        .await
        .assert_partial("remotive", "disallowed by robots.txt");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_disallow_rule_cut_by_the_cap_disallows_nothing() {
    // Cut after "Disallow: /api/remote-jobs", the rule would block the allowed API.
    let rule = "Disallow: /api/remote-jobs-archive/";
    let body = split_by_the_cap("User-agent: *\nDisallow: /private/\n", rule, 26);
    assert!(body[..CAP].ends_with("Disallow: /api/remote-jobs"));
    let s = robots_server(body).await;
    run_beside_healthy("remotive", &s.uri(), &["--max-body", "1000000"])
        .await
        .assert_ok(4);
}

/// A server for remotive whose robots.txt answers `robots` in turn, counting requests.
async fn remotive_with_robots(robots: Vec<ResponseTemplate>) -> (MockServer, Arrivals, Arrivals) {
    let s = MockServer::start().await;
    let asked = Arrivals::default();
    Mock::given(path("/robots.txt"))
        .respond_with(Sequence::new(robots, &asked))
        .mount(&s)
        .await;
    let api = Arrivals::default();
    Mock::given(path("/api/remote-jobs"))
        .respond_with(Sequence::new(vec![json_body("remotive/jobs.json")], &api))
        .mount(&s)
        .await;
    (s, asked, api)
}

/// `jobtap scrape remotive` at `server` with its robots.txt copies kept in `cache`.
async fn scrape_with_cache(
    server: &MockServer,
    cache: &std::path::Path,
    extra: &[&str],
) -> std::process::Output {
    scrape_local(
        "remotive",
        server,
        extra,
        &[("JOBTAP_CACHE_DIR", cache.to_str().unwrap())],
    )
    .await
}

fn rules(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_string(body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_run_within_a_day_asks_robots_txt_nothing() {
    let (s, asked, api) =
        remotive_with_robots(vec![rules("User-agent: *\nDisallow: /private/\n")]).await;
    let cache = tempfile::tempdir().unwrap();
    let out = scrape_with_cache(&s, cache.path(), &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = scrape_with_cache(&s, cache.path(), &["-vv"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(asked.targets().len(), 1, "robots.txt asked for once");
    assert_eq!(api.targets().len(), 2);
    // -vv says where the rules came from; the one request line is the API's.
    let err = stderr(&out);
    let host = s.uri().replace("http://", "");
    assert!(
        err.contains(&format!("DEBUG remotive: robots.txt of {host} kept from ")),
        "{err}"
    );
    let requests: Vec<&str> = err.lines().filter(|l| l.contains(": GET ")).collect();
    assert_eq!(requests.len(), 1, "{err}");
    assert!(requests[0].contains("/api/remote-jobs -> 200, "), "{err}");
    // Kept per user agent: another one asks again.
    let out = scrape_with_cache(&s, cache.path(), &["--user-agent", "another/1"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(asked.targets().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shorter_cache_control_is_honoured() {
    let short =
        rules("User-agent: *\nDisallow: /private/\n").insert_header("cache-control", "max-age=0");
    let (s, asked, _) = remotive_with_robots(vec![short]).await;
    let cache = tempfile::tempdir().unwrap();
    for _ in 0..2 {
        let out = scrape_with_cache(&s, cache.path(), &[]).await;
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    assert_eq!(
        asked.targets().len(),
        2,
        "asked again once the copy was stale"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kept_copy_serves_while_robots_txt_cannot_be_had() {
    let stale_at_once =
        rules("User-agent: *\nDisallow: /private/\n").insert_header("cache-control", "max-age=0");
    let (s, asked, api) =
        remotive_with_robots(vec![stale_at_once, ResponseTemplate::new(503)]).await;
    let cache = tempfile::tempdir().unwrap();
    let out = scrape_with_cache(&s, cache.path(), &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = scrape_with_cache(&s, cache.path(), &["-vv"]).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "the copy serves: {}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("could not be had (HTTP 503 from")
            && stderr(&out).contains("using the copy from"),
        "{}",
        stderr(&out)
    );
    assert_eq!((asked.targets().len(), api.targets().len()), (2, 2));
    // Without the copy, a 5xx disallows everything, as RFC 9309 asks.
    let empty = tempfile::tempdir().unwrap();
    let out = scrape_with_cache(&s, empty.path(), &[]).await;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("treated as disallowing all"),
        "{}",
        stderr(&out)
    );
}
