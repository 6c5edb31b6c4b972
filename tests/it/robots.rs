//! robots.txt as RFC 9309 asks: read up to its cap in whole lines.

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
