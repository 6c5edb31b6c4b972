//! The shared fetcher under HTTP faults, through the whole CLI: retries and Retry-After,
//! rate limits as the server saw them, robots.txt, timeouts and redirects.

use crate::support::*;
use std::time::Duration;
use wiremock::{
    matchers::{method, path},
    Mock, MockServer, ResponseTemplate,
};

async fn remotive(server: &MockServer, extra: &[&str]) -> std::process::Output {
    let ep = endpoint("remotive", server);
    let mut args = vec![
        "scrape",
        "remotive",
        "--format",
        "ndjson",
        "--endpoint",
        &ep,
    ];
    args.extend(extra);
    jobtap(&args).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_after_longer_than_max_wait_ends_the_source_at_once() {
    let (server, hits) = serve(
        "/api/remote-jobs",
        vec![
            ResponseTemplate::new(429).insert_header("retry-after", "999999"),
            json_body("remotive/jobs.json"),
        ],
    )
    .await;
    let out = remotive(
        &server,
        &["--rate", "remotive=100/s", "--max-wait", "300ms"],
    )
    .await;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert_eq!(hits.targets().len(), 1, "not waited for, not retried");
    assert_eq!(
        stderr(&out),
        format!(
            "jobtap: remotive: HTTP 429 from {}/api/remote-jobs: the site asks to wait \
             11days 13h 46m 39s before the next request, longer than --max-wait 300ms\n",
            server.uri()
        )
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_request_source_answers_at_once_whatever_its_rate() {
    // robots.txt takes no turn of the source's rate: at 1/min the API request used to wait
    // a minute behind it.
    let server = MockServer::start().await;
    let robots = Arrivals::default();
    Mock::given(path("/robots.txt"))
        .respond_with(Sequence::new(
            vec![ResponseTemplate::new(200).set_body_string("User-agent: *\nAllow: /\n")],
            &robots,
        ))
        .mount(&server)
        .await;
    Mock::given(path("/api/remote-jobs"))
        .respond_with(json_body("remotive/jobs.json"))
        .mount(&server)
        .await;
    let started = std::time::Instant::now();
    let out = remotive(&server, &["--rate", "remotive=1/min"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json_lines(&out).len(), 2);
    assert_eq!(robots.targets().len(), 1, "robots.txt was asked for");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_waits_its_backoff_not_another_turn_of_the_rate() {
    let (server, hits) = serve(
        "/api/remote-jobs",
        vec![ResponseTemplate::new(503), json_body("remotive/jobs.json")],
    )
    .await;
    let started = std::time::Instant::now();
    let out = remotive(&server, &["--rate", "remotive=1/min", "--backoff", "10ms"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(hits.targets().len(), 2);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retry_after_as_http_date_in_the_past_means_now() {
    let (server, hits) = serve(
        "/api/remote-jobs",
        vec![
            ResponseTemplate::new(503)
                .insert_header("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"),
            json_body("remotive/jobs.json"),
        ],
    )
    .await;
    let out = remotive(&server, &["--rate", "remotive=100/s", "--backoff", "400ms"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        hits.gaps()[0] < Duration::from_millis(300),
        "the date overrode the 400ms backoff: {:?}",
        hits.gaps()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_error_then_success() {
    let (server, hits) = serve(
        "/api/remote-jobs",
        vec![
            ResponseTemplate::new(500),
            ResponseTemplate::new(502),
            json_body("remotive/jobs.json"),
        ],
    )
    .await;
    let out = remotive(&server, &["--rate", "remotive=100/s", "--backoff", "10ms"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(hits.targets().len(), 3);
    assert_eq!(json_lines(&out).len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_exhausted_names_the_cause() {
    let (server, hits) = serve("/api/remote-jobs", vec![ResponseTemplate::new(500)]).await;
    let out = remotive(
        &server,
        &[
            "--rate",
            "remotive=100/s",
            "--backoff",
            "5ms",
            "--retries",
            "2",
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(4));
    assert_eq!(hits.targets().len(), 3, "one try and two retries");
    let err = stderr(&out);
    assert!(
        err.contains("HTTP 500") && err.contains("(gave up after 3 tries in "),
        "{err}"
    );
    assert_eq!(
        err.lines()
            .filter(|l| l.starts_with("jobtap: remotive"))
            .count(),
        1,
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_errors_are_not_retried() {
    let (server, hits) = serve("/api/remote-jobs", vec![ResponseTemplate::new(403)]).await;
    let out = remotive(&server, &["--rate", "remotive=100/s", "--backoff", "5ms"]).await;
    assert_eq!(out.status.code(), Some(4));
    assert_eq!(hits.targets().len(), 1);
    assert!(stderr(&out).contains("HTTP 403"), "{}", stderr(&out));
}

/// A Lever page of two postings, `from` and the next.
fn lever_page(from: usize) -> ResponseTemplate {
    let items: Vec<serde_json::Value> = (from..from + 2)
        .map(|i| serde_json::json!({"id": format!("id-{i}"), "text": format!("Job {i}"), "hostedUrl": format!("https://x.test/{i}")}))
        .collect();
    ResponseTemplate::new(200).set_body_json(items)
}

/// `full` pages of `lever_page` for lever:acme, then an empty one, each request recorded.
async fn lever_pages(server: &MockServer, full: usize, hits: &Arrivals) {
    for page in 0..=full {
        let body = if page == full {
            ResponseTemplate::new(200).set_body_string("[]")
        } else {
            lever_page(2 * page)
        };
        Mock::given(path("/v0/postings/acme"))
            .and(wiremock::matchers::query_param(
                "skip",
                (2 * page).to_string(),
            ))
            .respond_with(Sequence::new(vec![body], hits))
            .mount(server)
            .await;
    }
}

/// `jobtap scrape lever:acme` at `server`, two postings a page.
async fn lever_acme(server: &MockServer, extra: &[&str]) -> std::process::Output {
    let ep = endpoint("lever", server);
    let def = fixture("lever-small-pages.toml");
    let mut args = vec![
        "scrape",
        "lever:acme",
        "--format",
        "ndjson",
        "--endpoint",
        &ep,
        "--definition",
        def.to_str().unwrap(),
    ];
    args.extend(extra);
    jobtap(&args).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_to_one_host_keep_to_its_rate() {
    // Six pages of two postings from one host at 20 requests/s: at least 50ms apart.
    let server = MockServer::start().await;
    let hits = Arrivals::default();
    lever_pages(&server, 6, &hits).await;
    let out = lever_acme(&server, &["--rate", "lever=20/s"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json_lines(&out).len(), 12);
    let gaps = hits.gaps();
    assert_eq!(gaps.len(), 6, "{:?}", hits.targets());
    // The limiter spaces sends 50ms apart; arrival times at the server add scheduling noise
    // on a loaded machine, so each gap gets some slack and the whole run none.
    let span: Duration = gaps.iter().sum();
    assert!(
        span >= Duration::from_millis(6 * 50 - 5),
        "7 requests in {span:?} at 20/s: {gaps:?}"
    );
    // A request held up on its way arrives late and shortens the gap after it, so a short
    // gap or two is a loaded machine; a limiter letting requests through in pairs would make
    // every other gap short (three of six).
    let short = gaps
        .iter()
        .filter(|g| **g < Duration::from_millis(35))
        .count();
    assert!(short <= 2, "requests closer than 35ms at 20/s: {gaps:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_whose_first_try_never_reached_the_page_takes_its_turn() {
    // robots.txt timed out before the first try's page request went out: that try took no
    // turn of the host's rate, so its retry has none to keep and waits for one, and the next
    // page is still a whole interval (250 ms at 4/s) after the first.
    let server = MockServer::start().await;
    let pages = Arrivals::default();
    lever_pages(&server, 1, &pages).await;
    let robots = Arrivals::default();
    Mock::given(path("/robots.txt"))
        .respond_with(Sequence::new(
            vec![
                ResponseTemplate::new(404).set_delay(Duration::from_secs(5)),
                ResponseTemplate::new(404),
            ],
            &robots,
        ))
        .mount(&server)
        .await;
    let out = lever_acme(
        &server,
        &[
            "--rate",
            "lever=4/s",
            "--timeout",
            "300ms",
            "--backoff",
            "10ms",
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json_lines(&out).len(), 2);
    assert_eq!(
        robots.targets().len(),
        2,
        "robots.txt timed out, then answered"
    );
    let gaps = pages.gaps();
    assert_eq!(gaps.len(), 1, "{:?}", pages.targets());
    assert!(
        gaps[0] >= Duration::from_millis(200),
        "pages {gaps:?} apart at 4/s"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn robots_disallow_is_reported_not_fetched() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/robots.txt"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string("User-agent: *\nDisallow: /api/\n"),
        )
        .mount(&server)
        .await;
    let (_, hits) = (0, Arrivals::default());
    Mock::given(path("/api/remote-jobs"))
        .respond_with(Sequence::new(vec![json_body("remotive/jobs.json")], &hits))
        .mount(&server)
        .await;
    let out = remotive(&server, &["--rate", "remotive=100/s"]).await;
    assert_eq!(out.status.code(), Some(4));
    assert!(
        hits.targets().is_empty(),
        "a disallowed URL is never fetched"
    );
    assert!(
        stderr(&out).contains("disallowed by robots.txt"),
        "{}",
        stderr(&out)
    );

    let out = remotive(&server, &["--rate", "remotive=100/s", "--ignore-robots"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(hits.targets().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn robots_server_error_means_disallow() {
    let server = MockServer::start().await;
    Mock::given(path("/robots.txt"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let out = remotive(
        &server,
        &[
            "--rate",
            "remotive=100/s",
            "--backoff",
            "5ms",
            "--retries",
            "0",
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stderr(&out).contains("robots.txt of 127.0.0.1"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_never_answers_times_out() {
    let (server, _) = serve(
        "/api/remote-jobs",
        vec![json_body("remotive/jobs.json").set_delay(Duration::from_secs(5))],
    )
    .await;
    let started = std::time::Instant::now();
    let out = remotive(
        &server,
        &[
            "--rate",
            "remotive=100/s",
            "--timeout",
            "200ms",
            "--retries",
            "0",
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(4));
    assert!(stderr(&out).contains("timed out"), "{}", stderr(&out));
    assert!(started.elapsed() < Duration::from_secs(4));
}

/// Remotive's API moved permanently to `/v2/jobs`, where it answers.
async fn moved_remotive() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/api/remote-jobs"))
        .respond_with(ResponseTemplate::new(301).insert_header("location", "/v2/jobs"))
        .mount(&server)
        .await;
    Mock::given(path("/v2/jobs"))
        .respond_with(json_body("remotive/jobs.json"))
        .mount(&server)
        .await;
    server
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirects_are_followed_and_loops_stopped() {
    let server = moved_remotive().await;
    let out = remotive(&server, &["--rate", "remotive=100/s"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json_lines(&out).len(), 2);

    let looping = MockServer::start().await;
    Mock::given(path("/api/remote-jobs"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/api/remote-jobs"))
        .mount(&looping)
        .await;
    let out = remotive(&looping, &["--rate", "remotive=100/s"]).await;
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stderr(&out).contains("more than 5 redirects"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn body_over_the_cap_is_refused() {
    let (server, _) = serve("/api/remote-jobs", vec![json_body("remotive/jobs.json")]).await;
    let out = remotive(&server, &["--rate", "remotive=100/s", "--max-body", "100"]).await;
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stderr(&out).contains("over the 100-byte cap"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_connection_is_reported_as_such_and_not_retried() {
    // Nothing listens on port 1: robots.txt cannot be fetched because the host cannot be
    // reached, which is a connection problem, not a robots.txt verdict; and a refused
    // connection is refused again on the next try.
    let out = jobtap(&[
        "scrape",
        "remotive",
        "--endpoint",
        "remotive=http://127.0.0.1:1",
        "--rate",
        "remotive=100/s",
        "--retries",
        "2",
        "--backoff",
        "5ms",
        "--format",
        "ndjson",
    ])
    .await;
    assert_eq!(out.status.code(), Some(4));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("jobtap: remotive: could not connect to http://127.0.0.1:1/robots.txt: ")
            && err.contains("refused"),
        "{err}"
    );
    assert!(
        !err.contains("gave up") && !err.contains("treated as disallowing"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_built_in_search_offline_ends_at_once_and_says_so() {
    // Every default source at a name that cannot resolve (RFC 6761 .invalid, failed by
    // jobtap's resolver without a query), with the default retries and backoff.
    let endpoints: Vec<String> = ["jobicy", "remotive", "themuse", "weworkremotely"]
        .iter()
        .map(|n| format!("{n}=https://{n}.invalid"))
        .collect();
    let mut args = vec!["scrape", "--format", "ndjson"];
    for e in &endpoints {
        args.extend(["--endpoint", e.as_str()]);
    }
    let started = std::time::Instant::now();
    let out = jobtap(&args).await;
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(
        err.matches("could not resolve the host name").count(),
        4,
        "{err}"
    );
    assert!(
        err.contains("jobtap: no host name could be resolved: this machine seems to be offline"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waits_for_the_rate_do_not_count_against_the_source_deadline() {
    // Three pages at 3/s: 667 ms of waiting for turns, far less on the network, against a
    // deadline of 300 ms; and a page kept back past the deadline ends the source there,
    // keeping the pages before it.
    let server = MockServer::start().await;
    lever_pages(&server, 2, &Arrivals::default()).await;
    let fast = ["--rate", "lever=3/s"];
    let started = std::time::Instant::now();
    let out = lever_acme(
        &server,
        &[&fast[..], &["--source-timeout", "300ms"]].concat(),
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json_lines(&out).len(), 4);
    assert!(
        started.elapsed() >= Duration::from_millis(600),
        "the rate was kept"
    );

    server.reset().await;
    Mock::given(path("/v0/postings/acme"))
        .and(wiremock::matchers::query_param("skip", "0"))
        .respond_with(lever_page(0))
        .mount(&server)
        .await;
    Mock::given(path("/v0/postings/acme"))
        .and(wiremock::matchers::query_param("skip", "2"))
        .respond_with(lever_page(2).set_delay(Duration::from_secs(20)))
        .mount(&server)
        .await;
    let out = lever_acme(&server, &[&fast[..], &["--source-timeout", "1s"]].concat()).await;
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(json_lines(&out).len(), 2, "the first page is kept");
    assert!(
        stderr(&out).contains("lever:acme: stopped after 1s on the network"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verbose_prints_one_line_per_request_and_very_verbose_only_jobtaps_own() {
    let server = moved_remotive().await;
    let size = fixture_bytes("remotive/jobs.json").len();
    let out = remotive(&server, &["--rate", "remotive=5/s", "-v"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "robots.txt, the redirect, the page: {err}");
    let uri = server.uri();
    for (line, starts, ends) in [
        (
            lines[0],
            format!(" INFO remotive: GET {uri}/robots.txt -> failed: HTTP 404 in "),
            "s, took no turn of the rate limit",
        ),
        (
            lines[1],
            format!(" INFO remotive: GET {uri}/api/remote-jobs -> 301 to {uri}/v2/jobs in "),
            "s, no wait for the rate limit",
        ),
        (
            // The second request to the host waited its turn at 5/s.
            lines[2],
            format!(" INFO remotive: GET {uri}/v2/jobs -> 200, {size} bytes in "),
            "s for the rate limit",
        ),
    ] {
        assert!(line.starts_with(&starts) && line.ends_with(ends), "{line}");
    }
    assert!(lines[2].contains("s, waited 0."), "{}", lines[2]);

    let out = remotive(&server, &["--rate", "remotive=100/s", "-vv"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("DEBUG remotive: robots.txt allows"), "{err}");
    for line in err.lines() {
        assert!(
            line.starts_with(" INFO remotive: ") || line.starts_with("DEBUG remotive: "),
            "a line of jobtap's own, naming its source: {line:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verbose_shows_each_try_and_very_verbose_why_it_was_retried() {
    for verbose in ["-v", "-vv"] {
        let (server, _) = serve(
            "/api/remote-jobs",
            vec![ResponseTemplate::new(503), json_body("remotive/jobs.json")],
        )
        .await;
        let api = format!("{}/api/remote-jobs", server.uri());
        let args = ["--rate", "remotive=100/s", "--backoff", "10ms", verbose];
        let out = remotive(&server, &args).await;
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let err = stderr(&out);
        let requests: Vec<&str> = err.lines().filter(|l| l.starts_with(" INFO ")).collect();
        assert_eq!(requests.len(), 3, "robots.txt, the 503, the retry: {err}");
        assert!(
            requests[0].contains("/robots.txt -> failed: HTTP 404 in "),
            "{err}"
        );
        assert!(
            requests[1].starts_with(&format!(
                " INFO remotive: GET {api} -> failed: HTTP 503 in "
            )) && requests[1].ends_with("for the rate limit")
                && !requests[1].contains("took no turn"),
            "the first try waits for its turn: {err}"
        );
        assert!(
            requests[2].starts_with(&format!(" INFO remotive: GET {api} -> 200, "))
                && requests[2].ends_with("took no turn of the rate limit"),
            "the retry keeps the first try's turn: {err}"
        );
        let retrying = format!("DEBUG remotive: HTTP 503 from {api}; retrying in ");
        assert_eq!(
            err.contains(&retrying),
            verbose == "-vv",
            "{verbose}: the retry said only with -vv: {err}"
        );
    }
}
