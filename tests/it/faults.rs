//! The fault suite: one test per fault, each in a run beside a healthy source. Each asserts
//! that the run finishes, the healthy source's postings are all in the output file, the
//! failing source is named on stderr with its cause, the exit code says what happened, and
//! no file is left half-written.

use crate::support::*;
use std::{
    io::{Read, Write},
    net::TcpListener,
    path::PathBuf,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    time::Duration,
};
use wiremock::{
    matchers::{path, query_param},
    Mock, MockServer, Request, Respond, ResponseTemplate,
};

/// A run of greenhouse:acme (healthy, two postings) and `source` (the faulty one at
/// `fault_base`) into a CSV file.
pub struct Outcome {
    pub code: Option<i32>,
    pub stderr: String,
    pub rows: Vec<csv::StringRecord>,
    pub dir_files: Vec<String>,
}

pub async fn run_beside_healthy(source: &str, fault_base: &str, extra: &[&str]) -> Outcome {
    let (healthy, _) = serve(
        "/v1/boards/acme/jobs",
        vec![json_body("greenhouse/board.json")],
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let out_path: PathBuf = dir.path().join("jobs.csv");
    let name = source.split(':').next().unwrap();
    let gh = endpoint("greenhouse", &healthy);
    let fault_ep = format!("{name}={fault_base}");
    let fault_rate = format!("{name}=100/s");
    let mut args = vec![
        "scrape",
        "greenhouse:acme",
        source,
        "--endpoint",
        &gh,
        "--endpoint",
        &fault_ep,
        "--rate",
        "greenhouse=100/s",
        "--rate",
        &fault_rate,
        "--retries",
        "1",
        "--backoff",
        "5ms",
        "--max-wait",
        "50ms",
        "--timeout",
        "2s",
        "-o",
        out_path.to_str().unwrap(),
    ];
    args.extend(extra);
    let out = jobtap(&args).await;
    let rows = match csv::Reader::from_path(&out_path) {
        Ok(mut r) => r.records().map(Result::unwrap).collect(),
        Err(_) => Vec::new(),
    };
    let dir_files = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    Outcome {
        code: out.status.code(),
        stderr: stderr(&out),
        rows,
        dir_files,
    }
}

impl Outcome {
    /// Partial: the healthy postings written whole, one stderr line naming the source and
    /// saying `cause`.
    pub fn assert_partial(&self, source: &str, cause: &str) {
        assert_eq!(self.code, Some(3), "exit code: {}", self.stderr);
        assert_eq!(
            self.rows.len(),
            2,
            "the healthy source's postings: {}",
            self.stderr
        );
        assert!(self.rows.iter().all(|r| &r[1] == "greenhouse"));
        assert_eq!(self.dir_files, ["jobs.csv"], "no temporary file left");
        let lines: Vec<&str> = self
            .stderr
            .lines()
            .filter(|l| l.starts_with(&format!("jobtap: {source}")))
            .collect();
        assert_eq!(
            lines.len(),
            1,
            "one line for the failing source: {}",
            self.stderr
        );
        assert!(
            lines[0].contains(cause),
            "cause {cause:?} in {:?}",
            lines[0]
        );
    }

    pub fn assert_ok(&self, rows: usize) {
        assert_eq!(self.code, Some(0), "{}", self.stderr);
        assert_eq!(self.rows.len(), rows, "{}", self.stderr);
    }
}

async fn fault(at: &str, responses: Vec<ResponseTemplate>) -> (MockServer, Arrivals) {
    serve(at, responses).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_requests_with_retry_after_seconds() {
    let (s, hits) = fault(
        "/api/remote-jobs",
        vec![ResponseTemplate::new(429).insert_header("retry-after", "0")],
    )
    .await;
    let o = run_beside_healthy("remotive", &s.uri(), &[]).await;
    o.assert_partial("remotive", "HTTP 429");
    assert_eq!(hits.targets().len(), 2, "one retry");
}

/// A fault that no retry mends: the source fails in seconds, in one line saying `cause`,
/// after one request, though it may retry three times.
async fn fails_at_once(reply: ResponseTemplate, cause: &str) {
    let (s, hits) = fault("/api/remote-jobs", vec![reply]).await;
    let started = std::time::Instant::now();
    let o = run_beside_healthy("remotive", &s.uri(), &["--retries", "3"]).await;
    o.assert_partial("remotive", cause);
    assert_eq!(hits.targets().len(), 1, "not retried");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_requests_with_retry_after_of_days() {
    fails_at_once(
        ResponseTemplate::new(429).insert_header("retry-after", "999999"),
        "asks to wait 11days 13h 46m 39s",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_to_a_file_url() {
    fails_at_once(
        ResponseTemplate::new(302).insert_header("location", "file:///etc/passwd"),
        "redirects to file:///etc/passwd, which is not fetched",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_requests_with_retry_after_date_then_success() {
    let (s, _) = fault(
        "/api/remote-jobs",
        vec![
            ResponseTemplate::new(429)
                .insert_header("retry-after", "Thu, 01 Jan 2015 00:00:00 GMT"),
            json_body("remotive/jobs.json"),
        ],
    )
    .await;
    run_beside_healthy("remotive", &s.uri(), &[])
        .await
        .assert_ok(4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unavailable_then_success() {
    let (s, _) = fault(
        "/api/remote-jobs",
        vec![ResponseTemplate::new(503), json_body("remotive/jobs.json")],
    )
    .await;
    run_beside_healthy("remotive", &s.uri(), &[])
        .await
        .assert_ok(4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_error_until_retries_run_out() {
    let (s, hits) = fault("/api/remote-jobs", vec![ResponseTemplate::new(500)]).await;
    let o = run_beside_healthy("remotive", &s.uri(), &["--retries", "2"]).await;
    o.assert_partial("remotive", "HTTP 500");
    assert_eq!(hits.targets().len(), 3);
}

/// A raw server: answers every connection with `reply` and closes it; counts connections.
pub fn raw_server(reply: Vec<u8>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = connections.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(16) {
            counted.fetch_add(1, Ordering::SeqCst);
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(&reply);
            // Dropping the stream closes the connection mid-body.
        }
    });
    (format!("http://{addr}"), connections)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connection_reset_mid_body() {
    let mut reply =
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
            .to_vec();
    reply.extend_from_slice(br#"{"jobs": [{"id": 1, "url": "https://x.test/1", "title": "Cut"#);
    let (base, connections) = raw_server(reply);
    let o = run_beside_healthy("remotive", &base, &["--ignore-robots"]).await;
    o.assert_partial("remotive", "remotive: ");
    assert!(
        o.stderr.contains("(gave up after 2 tries in "),
        "{}",
        o.stderr
    );
    assert_eq!(connections.load(Ordering::SeqCst), 2, "a reset is retried");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_that_is_not_http_is_not_retried() {
    let mut reply = b"HTTP/1.1 200 OK\r\nX-Big: ".to_vec();
    reply.extend(std::iter::repeat_n(b'a', 1 << 20));
    reply.extend_from_slice(b"\r\n\r\n{}");
    let (base, connections) = raw_server(reply);
    let o = run_beside_healthy("remotive", &base, &["--ignore-robots", "--retries", "3"]).await;
    o.assert_partial("remotive", "message head is too large");
    let url = format!("{base}/api/remote-jobs");
    assert_eq!(
        o.stderr.matches(&url).count(),
        1,
        "the URL once: {}",
        o.stderr
    );
    assert_eq!(connections.load(Ordering::SeqCst), 1, "not retried");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_with_a_server_that_speaks_none_is_not_retried() {
    let (base, connections) = raw_server(b"HTTP/1.1 400 Bad Request\r\n\r\n".to_vec());
    let base = base.replace("http://", "https://");
    let o = run_beside_healthy("remotive", &base, &["--retries", "3"]).await;
    o.assert_partial("remotive", &format!("TLS with {base}/robots.txt failed"));
    assert_eq!(connections.load(Ordering::SeqCst), 1, "not retried");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_host_name_that_does_not_resolve_is_not_retried() {
    // RFC 6761 names under .invalid fail in jobtap's resolver without a query: no test
    // depends on the machine's DNS (see fetch/resolve.rs).
    let started = std::time::Instant::now();
    let o = run_beside_healthy(
        "remotive",
        "http://remotive.invalid",
        &["--retries", "3", "--backoff", "5s"],
    )
    .await;
    o.assert_partial(
        "remotive",
        "could not resolve the host name of http://remotive.invalid/robots.txt",
    );
    assert!(
        !o.stderr.contains("offline"),
        "one source resolved: {}",
        o.stderr
    );
    assert!(started.elapsed() < Duration::from_secs(5), "no 5 s backoff");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_never_answers() {
    let (s, _) = fault(
        "/api/remote-jobs",
        vec![json_body("remotive/jobs.json").set_delay(Duration::from_secs(30))],
    )
    .await;
    let started = std::time::Instant::now();
    let o = run_beside_healthy(
        "remotive",
        &s.uri(),
        &["--timeout", "300ms", "--retries", "0"],
    )
    .await;
    o.assert_partial("remotive", "timed out");
    assert!(started.elapsed() < Duration::from_secs(10));
}

/// A host that takes connections and never says a word; counts them.
pub fn silent_server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = connections.clone();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().take(16) {
            counted.fetch_add(1, Ordering::SeqCst);
            held.push(stream);
        }
    });
    (format!("http://{addr}"), connections)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_host_ends_at_the_source_deadline() {
    let (base, connections) = silent_server();
    let started = std::time::Instant::now();
    let o = run_beside_healthy(
        "remotive",
        &base,
        &[
            "--timeout",
            "30s",
            "--retries",
            "3",
            "--source-timeout",
            "1s",
        ],
    )
    .await;
    o.assert_partial(
        "remotive",
        "stopped after 1s on the network (--source-timeout",
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        connections.load(Ordering::SeqCst),
        1,
        "robots.txt, never answered"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_larger_than_the_cap() {
    let (s, _) = fault("/api/remote-jobs", vec![json_body("remotive/jobs.json")]).await;
    // The healthy board is about 3 KB, the faulty one just over 2 KB.
    let o = run_beside_healthy("remotive", &s.uri(), &["--max-body", "4000"]).await;
    assert_eq!(o.code, Some(0), "both fit under 4000 bytes: {}", o.stderr);
    let (s, _) = fault(
        "/api/remote-jobs",
        vec![ResponseTemplate::new(200).set_body_bytes(vec![b' '; 9000])],
    )
    .await;
    run_beside_healthy("remotive", &s.uri(), &["--max-body", "8000"])
        .await
        .assert_partial("remotive", "over the 8000-byte cap");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gzip_bomb_stops_at_the_cap() {
    // 20 MiB of zeros in about 20 KB of gzip: the cap counts decompressed bytes.
    let (s, _) = fault(
        "/api/remote-jobs",
        vec![ResponseTemplate::new(200)
            .insert_header("content-encoding", "gzip")
            .insert_header("content-type", "application/json")
            .set_body_bytes(fixture_bytes("faults/bomb.gz"))],
    )
    .await;
    run_beside_healthy("remotive", &s.uri(), &["--max-body", "1000000"])
        .await
        .assert_partial("remotive", "over the 1000000-byte cap");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_loop() {
    let (s, _) = fault(
        "/api/remote-jobs",
        vec![ResponseTemplate::new(302).insert_header("location", "/api/remote-jobs?again=1")],
    )
    .await;
    run_beside_healthy("remotive", &s.uri(), &[])
        .await
        .assert_partial("remotive", "more than 5 redirects");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_to_another_host_obeys_that_hosts_robots() {
    let other = MockServer::start().await;
    Mock::given(path("/robots.txt"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string("User-agent: *\nDisallow: /moved\n"),
        )
        .mount(&other)
        .await;
    let moved = Arrivals::default();
    Mock::given(path("/moved"))
        .respond_with(Sequence::new(vec![json_body("remotive/jobs.json")], &moved))
        .mount(&other)
        .await;
    let (s, _) =
        fault(
            "/api/remote-jobs",
            vec![ResponseTemplate::new(301)
                .insert_header("location", format!("{}/moved", other.uri()))],
        )
        .await;
    let o = run_beside_healthy("remotive", &s.uri(), &[]).await;
    o.assert_partial("remotive", "disallowed by robots.txt");
    assert!(
        moved.targets().is_empty(),
        "the new host's robots.txt was obeyed"
    );
}

/// Redirects every request to the same path and query on `to`.
struct RedirectTo(String);

impl Respond for RedirectTo {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let target = format!(
            "{}{}?{}",
            self.0,
            req.url.path(),
            req.url.query().unwrap_or("")
        );
        ResponseTemplate::new(302).insert_header("location", target)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_to_another_host_keeps_the_source_rate_there() {
    let other = MockServer::start().await;
    let hits = Arrivals::default();
    let two = serde_json::json!([
        {"id": "a", "text": "Job A", "hostedUrl": "https://x.test/a"},
        {"id": "b", "text": "Job B", "hostedUrl": "https://x.test/b"}
    ]);
    Mock::given(path("/v0/postings/acme"))
        .and(query_param("skip", "0"))
        .respond_with(Sequence::new(
            vec![ResponseTemplate::new(200).set_body_json(two)],
            &hits,
        ))
        .mount(&other)
        .await;
    Mock::given(path("/v0/postings/acme"))
        .and(query_param("skip", "2"))
        .respond_with(Sequence::new(
            vec![ResponseTemplate::new(200).set_body_string("[]")],
            &hits,
        ))
        .mount(&other)
        .await;
    let first = MockServer::start().await;
    Mock::given(path("/v0/postings/acme"))
        .respond_with(RedirectTo(other.uri()))
        .mount(&first)
        .await;
    let def = fixture("lever-small-pages.toml");
    let o = run_beside_healthy(
        "lever:acme",
        &first.uri(),
        &["--definition", def.to_str().unwrap(), "--rate", "lever=5/s"],
    )
    .await;
    // The page after the redirect goes straight to the new host: it is held to lever's rate.
    o.assert_ok(4);
    assert_eq!(hits.targets().len(), 2);
    assert!(
        hits.gaps()[0] >= Duration::from_millis(150),
        "{:?}",
        hits.gaps()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_or_missing_content_type_is_no_obstacle() {
    let body = fixture_bytes("remotive/jobs.json");
    let (s, _) = fault(
        "/api/remote-jobs",
        vec![ResponseTemplate::new(200)
            .insert_header("content-type", "text/html")
            .set_body_bytes(body.clone())],
    )
    .await;
    run_beside_healthy("remotive", &s.uri(), &[])
        .await
        .assert_ok(4);
    let (s, _) = fault(
        "/api/remote-jobs",
        vec![ResponseTemplate::new(200).set_body_bytes(body)],
    )
    .await;
    run_beside_healthy("remotive", &s.uri(), &[])
        .await
        .assert_ok(4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn windows_1252_declared_in_the_header() {
    let text = String::from_utf8(fixture_bytes("remotive/jobs.json"))
        .unwrap()
        .replace("Widgetly", "Caf\u{e9} Widgetly");
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    let (s, _) = fault(
        "/api/remote-jobs",
        vec![ResponseTemplate::new(200)
            .insert_header("content-type", "application/json; charset=windows-1252")
            .set_body_bytes(bytes.into_owned())],
    )
    .await;
    let o = run_beside_healthy("remotive", &s.uri(), &[]).await;
    o.assert_ok(4);
    assert!(
        o.rows.iter().any(|r| &r[4] == "Caf\u{e9} Widgetly"),
        "{:?}",
        o.rows
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn windows_1252_declared_in_the_page() {
    let page = String::from_utf8(fixture_bytes("craigslist/search_milwaukee.html")).unwrap();
    let page = page
        .replacen("<head>", "<head><meta charset=\"windows-1252\">", 1)
        .replacen("Chat Support", "Caf\u{e9} Chat Support", 1);
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&page);
    let (s, _) = fault(
        "/search/area/milwaukee",
        vec![ResponseTemplate::new(200)
            .insert_header("content-type", "text/html")
            .set_body_bytes(bytes.into_owned())],
    )
    .await;
    let o = run_beside_healthy("craigslist:milwaukee", &s.uri(), &[]).await;
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert!(
        o.rows
            .iter()
            .any(|r| r[3].contains("Caf\u{e9} Chat Support")),
        "{:?}",
        o.rows.iter().map(|r| r[3].to_string()).collect::<Vec<_>>()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_json() {
    let (s, _) = fault(
        "/api/remote-jobs",
        vec![ResponseTemplate::new(200).set_body_string("{\"jobs\": [ {\"id\": 1,")],
    )
    .await;
    run_beside_healthy("remotive", &s.uri(), &[])
        .await
        .assert_partial("remotive", "invalid JSON");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_byte_that_is_not_utf8_in_json_costs_one_character() {
    let text = String::from_utf8(fixture_bytes("remotive/jobs.json")).unwrap();
    let at = text.find("Widgetly").unwrap();
    let mut body = text.as_bytes()[..at].to_vec();
    body.extend_from_slice(b"Caf\xe9 ");
    body.extend_from_slice(&text.as_bytes()[at..]);
    let (s, _) = fault(
        "/api/remote-jobs",
        vec![ResponseTemplate::new(200)
            .insert_header("content-type", "application/json")
            .set_body_bytes(body)],
    )
    .await;
    let o = run_beside_healthy("remotive", &s.uri(), &[]).await;
    o.assert_ok(4);
    assert!(
        o.rows.iter().any(|r| &r[4] == "Caf\u{e9} Widgetly"),
        "{:?}",
        o.rows
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn html_truncated_or_nested_ten_thousand_deep() {
    let deep = format!(
        "<html><body>{}x{}</body></html>",
        "<div>".repeat(10_000),
        "</div>".repeat(10_000)
    );
    let (s, _) = fault(
        "/search/area/milwaukee",
        vec![ResponseTemplate::new(200).set_body_string(deep)],
    )
    .await;
    run_beside_healthy("craigslist:milwaukee", &s.uri(), &[])
        .await
        .assert_partial(
            "craigslist:milwaukee",
            "nests its HTML elements more than 512 deep",
        );

    let page = String::from_utf8(fixture_bytes("craigslist/search_milwaukee.html")).unwrap();
    let cut = &page[..page.find("</ol>").unwrap() - 40];
    let (s, _) = fault(
        "/search/area/milwaukee",
        vec![ResponseTemplate::new(200).set_body_string(cut)],
    )
    .await;
    let o = run_beside_healthy("craigslist:milwaukee", &s.uri(), &[]).await;
    assert_eq!(
        o.code,
        Some(0),
        "a truncated list still gives what it holds: {}",
        o.stderr
    );
    assert!(o.rows.len() > 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_with_no_postings_warns_of_drift() {
    let (s, _) = fault(
        "/api/remote-jobs",
        vec![ResponseTemplate::new(200).set_body_string("{\"jobs\": []}")],
    )
    .await;
    let o = run_beside_healthy("remotive", &s.uri(), &[]).await;
    o.assert_ok(2);
    assert!(
        o.stderr
            .contains("remotive: the first page held no postings"),
        "{}",
        o.stderr
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn robots_disallows_the_path() {
    let s = MockServer::start().await;
    Mock::given(path("/robots.txt"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string("User-agent: jobtap\nDisallow: /api\n"),
        )
        .mount(&s)
        .await;
    run_beside_healthy("remotive", &s.uri(), &[])
        .await
        .assert_partial("remotive", "disallowed by robots.txt");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn robots_that_is_a_server_error() {
    let s = MockServer::start().await;
    Mock::given(path("/robots.txt"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&s)
        .await;
    run_beside_healthy("remotive", &s.uri(), &[])
        .await
        .assert_partial("remotive", "robots.txt of 127.0.0.1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn robots_that_is_huge() {
    // 3 MB of rules: only the first 500 KiB are read; the disallow rule sits at the start.
    let mut robots = String::from("User-agent: *\nDisallow: /api/\n");
    while robots.len() < 3_000_000 {
        robots.push_str("Disallow: /some/long/path/that/does/not/matter/at/all\n");
    }
    let s = MockServer::start().await;
    Mock::given(path("/robots.txt"))
        .respond_with(ResponseTemplate::new(200).set_body_string(robots))
        .mount(&s)
        .await;
    run_beside_healthy("remotive", &s.uri(), &["--max-body", "1000000"])
        .await
        .assert_partial("remotive", "disallowed by robots.txt");
}

/// Arbeitnow pages whose `links.next` is chosen per page number.
struct Pages(fn(u32) -> Option<u32>);

impl Respond for Pages {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let page: u32 = req
            .url
            .query_pairs()
            .find(|(k, _)| k == "page")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(1);
        let next =
            self.0(page).map(|n| format!("https://www.arbeitnow.com/api/job-board-api?page={n}"));
        ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": [{
                "slug": format!("job-{page}"), "company_name": "Acme", "title": format!("Job {page}"),
                "description": "<p>x</p>", "remote": true, "url": format!("https://x.test/{page}"),
                "tags": [], "job_types": [], "location": "Berlin", "created_at": 1795073400
            }],
            "links": {"next": next}
        }))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pagination_that_points_back_to_page_one() {
    let s = MockServer::start().await;
    Mock::given(path("/api/job-board-api"))
        .respond_with(Pages(|p| Some(if p == 1 { 2 } else { 1 })))
        .mount(&s)
        .await;
    let o = run_beside_healthy("arbeitnow", &s.uri(), &[]).await;
    o.assert_ok(4);
    let pages: Vec<_> = s
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.url.path() != "/robots.txt")
        .collect();
    assert_eq!(
        pages.len(),
        3,
        "page 1, page 2, and the first URL once more (with ?page=1) at most"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endless_next_chain_stops_at_the_page_cap() {
    let s = MockServer::start().await;
    Mock::given(path("/api/job-board-api"))
        .and(query_param("page", "1"))
        .respond_with(Pages(|p| Some(p + 1)))
        .mount(&s)
        .await;
    Mock::given(path("/api/job-board-api"))
        .respond_with(Pages(|p| Some(p + 1)))
        .mount(&s)
        .await;
    let o = run_beside_healthy("arbeitnow", &s.uri(), &[]).await;
    // The definition's cap is 10 pages of one posting each.
    o.assert_ok(2 + 10);
}

fn html_body(body: String) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("content-type", "text/html; charset=utf-8")
        .set_body_string(body)
}

/// A million nested `<div>`s (5 MB): the HTML parser's work grows with the square of the
/// depth, so the page would never finish; it is refused at a depth no page needs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_list_page_of_a_million_nested_elements() {
    let (s, _) = fault("/board", vec![html_body("<div>".repeat(1_000_000))]).await;
    let dir = tempfile::tempdir().unwrap();
    let def = dir.path().join("board.toml");
    std::fs::write(
        &def,
        "name = \"board\"\nurl = \"https://jobs.hostile.example/board\"\nitem = \"article\"\n\
         [fields]\ntitle = \"h2\"\n",
    )
    .unwrap();
    let spec = format!("list:{}", def.display());
    let o = run_beside_healthy(&spec, &s.uri(), &["--ignore-robots"]).await;
    o.assert_partial(&spec, "nests its HTML elements more than 512 deep");
}

/// One element with half a million attributes: html5ever compares each with those before it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_page_with_an_element_of_half_a_million_attributes() {
    let attrs: String = (0..500_000).map(|i| format!(" a{i}=1")).collect();
    let (s, _) = fault(
        "/jobs/1",
        vec![html_body(format!("<html><body><div{attrs}>x</div>"))],
    )
    .await;
    let spec = "page:https://careers.hostile.example/jobs/1";
    let o = run_beside_healthy(spec, &s.uri(), &["--ignore-robots"]).await;
    o.assert_partial(spec, "more than 512 attributes");
}
