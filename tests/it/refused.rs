//! URLs jobtap does not fetch: other schemes than http and https, and URLs with a user
//! name or password, whether a server redirects to them, a page links to them as its next
//! page, or a robots.txt redirects to them. Each fails its source at once, in one line
//! naming the URL as it was given, beside a healthy source whose postings are written.

use crate::faults::{run_beside_healthy, Outcome};
use crate::support::*;
use std::time::Duration;
use wiremock::{matchers::path, Mock, MockServer, ResponseTemplate};

/// The run, or a failed test if it takes longer than a run that hangs nowhere could.
async fn bounded(run: impl std::future::Future<Output = Outcome>) -> Outcome {
    tokio::time::timeout(Duration::from_secs(30), run)
        .await
        .expect("the run ended")
}

const NOT_HTTP: [&str; 5] = [
    "javascript:void(0)",
    "data:text/plain,User-agent: *",
    "mailto:jobs@example.com",
    "about:blank",
    "file:///etc/passwd",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_to_a_url_that_is_not_http_fails_at_once() {
    for target in NOT_HTTP {
        let (s, hits) = serve(
            "/api/remote-jobs",
            vec![ResponseTemplate::new(302).insert_header("location", target)],
        )
        .await;
        let o = bounded(run_beside_healthy("remotive", &s.uri(), &[])).await;
        o.assert_partial("remotive", &format!("redirects to {target}"));
        assert!(o.stderr.contains("only http and https"), "{}", o.stderr);
        assert!(!o.stderr.contains("robots.txt"), "{}", o.stderr);
        assert_eq!(hits.targets().len(), 1, "{target}: not retried");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_next_link_that_is_not_http_ends_the_source_and_keeps_its_first_page() {
    let spec = format!(
        "list:{}/examples/list-community-board.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    for target in NOT_HTTP {
        let page = String::from_utf8(fixture_bytes("list/community-page1.html"))
            .unwrap()
            .replace(
                r#"href="/jobs?search=&amp;before=hcb-1198""#,
                &format!(r#"href="{target}""#),
            );
        assert!(page.contains(target));
        let (s, hits) = serve(
            "/jobs",
            vec![ResponseTemplate::new(200)
                .insert_header("content-type", "text/html")
                .set_body_string(page)],
        )
        .await;
        let o = bounded(run_beside_healthy(&spec, &s.uri(), &[])).await;
        assert_eq!(o.code, Some(3), "{target}: {}", o.stderr);
        let failing: Vec<&str> = o
            .stderr
            .lines()
            .filter(|l| l.starts_with("jobtap: list:"))
            .collect();
        assert_eq!(failing.len(), 1, "{}", o.stderr);
        assert!(
            failing[0].contains(&format!("{target}: not fetched: only http and https")),
            "{}",
            failing[0]
        );
        let from_list = o.rows.iter().filter(|r| &r[1] != "greenhouse").count();
        assert_eq!(from_list, 2, "{target}: the first page's postings are kept");
        assert_eq!(o.rows.len(), 4, "and the healthy source's");
        assert_eq!(hits.targets(), ["/jobs?search="], "{target}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_robots_txt_that_redirects_to_a_url_that_is_not_http() {
    for target in NOT_HTTP {
        let s = MockServer::start().await;
        Mock::given(path("/robots.txt"))
            .respond_with(ResponseTemplate::new(302).insert_header("location", target))
            .mount(&s)
            .await;
        let o = bounded(run_beside_healthy("remotive", &s.uri(), &[])).await;
        o.assert_partial("remotive", &format!("redirects to {target}"));
        assert!(o.stderr.contains("robots.txt of 127.0.0.1"), "{}", o.stderr);
        let asked = s.received_requests().await.unwrap();
        assert_eq!(
            asked.len(),
            1,
            "{target}: robots.txt asked for once, nothing else"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_to_a_url_with_credentials_sends_and_shows_none() {
    let elsewhere = MockServer::start().await;
    let target = elsewhere
        .uri()
        .replace("http://", "http://jobtap-user:hunter2@");
    let (s, hits) = serve(
        "/api/remote-jobs",
        vec![ResponseTemplate::new(302).insert_header("location", format!("{target}/jobs"))],
    )
    .await;
    let o = bounded(run_beside_healthy("remotive", &s.uri(), &[])).await;
    o.assert_partial(
        "remotive",
        "which is not fetched: a URL with a user name or password",
    );
    assert!(
        !o.stderr.contains("hunter2") && !o.stderr.contains("jobtap-user"),
        "{}",
        o.stderr
    );
    assert_eq!(hits.targets().len(), 1);
    assert!(
        elsewhere.received_requests().await.unwrap().is_empty(),
        "nothing was sent to the redirect target, credentials or not"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_given_url_with_credentials_is_refused_without_showing_them() {
    let (s, hits) = serve("/feed.rss", vec![ResponseTemplate::new(200)]).await;
    let base = s.uri().replace("http://", "http://jobtap-user:hunter2@");
    let out = jobtap(&["scrape", &format!("rss:{base}/feed.rss"), "--retries", "0"]).await;
    assert_eq!(
        out.status.code(),
        Some(2),
        "refused before anything is fetched: {}",
        stderr(&out)
    );
    assert_no_secret(&out, &["hunter2", "jobtap-user"]);
    assert_eq!(
        stderr(&out),
        format!(
            "jobtap: rss: {}/feed.rss: a URL with a user name or password in it is not fetched\n",
            s.uri()
        )
    );
    assert!(hits.targets().is_empty());
    let ep = format!("remotive={base}");
    let out = jobtap(&["scrape", "remotive", "--endpoint", &ep]).await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_no_secret(&out, &["hunter2", "jobtap-user"]);
}

#[test]
fn links_in_output_carry_no_credentials() {
    let feed = String::from_utf8(fixture_bytes("rss/jobs.rss"))
        .unwrap()
        .replace(
            "https://careers.lakeside.example/jobs/4411",
            "https://jobtap-user:hunter2@careers.lakeside.example/jobs/4411",
        );
    assert!(feed.contains("hunter2"));
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), feed).unwrap();
    let out = jobtap_sync(&[
        "parse",
        "--source",
        "rss:https://careers.lakeside.example/feed.rss",
        file.path().to_str().unwrap(),
        "--format",
        "ndjson",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_no_secret(&out, &["hunter2", "jobtap-user"]);
    let rows = json_lines(&out);
    assert_eq!(
        rows[0]["url"],
        "https://careers.lakeside.example/jobs/4411-overnight-chat-support"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_detail_link_with_credentials_is_not_followed_and_the_list_is_kept() {
    // A Craigslist result whose link carries a user name and password: with --details its
    // page is not asked for (nor any other detail page: the source says why, once), and
    // the listed postings are written without the credentials.
    const CHAT: &str = "/view/d/middleton-chat-support-agent/7Kp2WqZr4TbXcN8vLm3QaD";
    let s = MockServer::start().await;
    let base = s.uri().replace("http://", "http://jobtap-user:hunter2@");
    let search = String::from_utf8(fixture_bytes("craigslist/search_madison.html"))
        .unwrap()
        .replace(
            &format!(r#"href="{CHAT}""#),
            &format!(r#"href="{base}{CHAT}""#),
        );
    assert!(search.contains("hunter2"));
    let hits = Arrivals::default();
    Mock::given(path("/search/area/madison"))
        .respond_with(Sequence::new(
            vec![ResponseTemplate::new(200)
                .insert_header("content-type", "text/html; charset=utf-8")
                .set_body_string(search)],
            &hits,
        ))
        .mount(&s)
        .await;
    let o = bounded(run_beside_healthy(
        "craigslist:madison/csr",
        &s.uri(),
        &["--details"],
    ))
    .await;
    assert_eq!(o.code, Some(3), "{}", o.stderr);
    assert_eq!(
        o.stderr.trim_end(),
        format!(
            "jobtap: craigslist:madison/csr: detail pages refused, the rest kept as listed: \
             {}{CHAT}: not fetched: a URL with a user name or password in it is not fetched",
            s.uri()
        )
    );
    assert_eq!(hits.targets(), ["/search/area/madison?cat=csr"]);
    assert_eq!(
        s.received_requests().await.unwrap().len(),
        2,
        "robots.txt and the search page, no detail page"
    );
    let listed: Vec<_> = o.rows.iter().filter(|r| &r[1] == "craigslist").collect();
    assert_eq!(listed.len(), 3, "{:?}", o.rows);
    let bare = format!("{}{CHAT}", s.uri());
    assert!(
        listed.iter().any(|r| r.iter().any(|cell| cell == bare)),
        "the link, without its credentials: {listed:?}"
    );
    assert!(o
        .rows
        .iter()
        .all(|r| !r.iter().any(|c| c.contains("hunter2"))));
}
