//! Shared helpers: running the binary, fixtures, and local servers that record when each
//! request arrived.

use std::{
    path::PathBuf,
    process::{Command, Output},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};
use wiremock::{
    matchers::{method, path},
    Mock, MockServer, Request, Respond, ResponseTemplate,
};

pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

pub fn fixture_bytes(rel: &str) -> Vec<u8> {
    std::fs::read(fixture(rel)).unwrap_or_else(|e| panic!("fixture {rel}: {e}"))
}

/// jobtap, with a cache directory of its own for this one run (`JOBTAP_CACHE_DIR`; an `env`
/// of the test's may name another): a robots.txt copy kept by one test must not answer
/// another's server on the same port, nor land in the home directory. The directory lives
/// as long as the guard.
pub fn jobtap_command() -> (Command, tempfile::TempDir) {
    let cache = tempfile::tempdir().expect("a cache directory");
    let mut command = Command::new(env!("CARGO_BIN_EXE_jobtap"));
    command.env("JOBTAP_CACHE_DIR", cache.path());
    (command, cache)
}

/// Runs jobtap off the async runtime, so the local servers keep serving meanwhile.
pub async fn jobtap(args: &[&str]) -> Output {
    jobtap_env(args, &[]).await
}

/// `jobtap` with `env` added to its environment.
pub async fn jobtap_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    tokio::task::spawn_blocking(move || {
        let (mut command, _cache) = jobtap_command();
        command
            .args(&args)
            .env_remove("RUST_LOG")
            .envs(env)
            .output()
            .expect("jobtap runs")
    })
    .await
    .unwrap()
}

/// Synchronous variant for tests that need no server.
pub fn jobtap_sync(args: &[&str]) -> Output {
    jobtap_sync_env(args, &[])
}

/// `jobtap_sync` with `env` added to its environment.
pub fn jobtap_sync_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let (mut command, _cache) = jobtap_command();
    command
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("jobtap runs")
}

/// jobtap with a reader that stops before it reads anything (`jobtap ... | head` at its
/// most abrupt): stdout is a pipe whose reading end is closed before jobtap writes.
pub fn jobtap_reader_gone<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    let (mut command, _cache) = jobtap_command();
    let mut child = command
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("jobtap runs");
    drop(child.stdout.take());
    child.wait_with_output().expect("jobtap runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn json_lines(o: &Output) -> Vec<serde_json::Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

pub fn json_array(o: &Output) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\nstderr: {}", stdout(o), stderr(o)));
    v.as_array().expect("a JSON array").clone()
}

/// Arrival times of requests, shared between a responder and the test.
#[derive(Clone, Default)]
pub struct Arrivals(Arc<Mutex<Vec<(Instant, String)>>>);

impl Arrivals {
    pub fn record(&self, req: &Request) {
        let target = match req.url.query() {
            Some(q) => format!("{}?{q}", req.url.path()),
            None => req.url.path().to_string(),
        };
        self.0.lock().unwrap().push((Instant::now(), target));
    }

    pub fn targets(&self) -> Vec<String> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .map(|(_, t)| t.clone())
            .collect()
    }

    /// Gaps between consecutive requests.
    pub fn gaps(&self) -> Vec<Duration> {
        let v = self.0.lock().unwrap();
        v.windows(2).map(|w| w[1].0 - w[0].0).collect()
    }
}

/// Answers with `responses` in turn (the last one repeats), recording each arrival.
pub struct Sequence {
    responses: Vec<ResponseTemplate>,
    next: Mutex<usize>,
    arrivals: Arrivals,
}

impl Sequence {
    pub fn new(responses: Vec<ResponseTemplate>, arrivals: &Arrivals) -> Sequence {
        assert!(!responses.is_empty());
        Sequence {
            responses,
            next: Mutex::new(0),
            arrivals: arrivals.clone(),
        }
    }
}

impl Respond for Sequence {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        self.arrivals.record(req);
        let mut n = self.next.lock().unwrap();
        let r = self.responses[(*n).min(self.responses.len() - 1)].clone();
        *n += 1;
        r
    }
}

pub fn json_body(rel: &str) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("content-type", "application/json")
        .set_body_bytes(fixture_bytes(rel))
}

/// A server answering GET `at` with `responses` in turn; records every request to it.
pub async fn serve(at: &str, responses: Vec<ResponseTemplate>) -> (MockServer, Arrivals) {
    let server = MockServer::start().await;
    let arrivals = Arrivals::default();
    Mock::given(method("GET"))
        .and(path(at))
        .respond_with(Sequence::new(responses, &arrivals))
        .mount(&server)
        .await;
    (server, arrivals)
}

/// `--endpoint NAME=URL` pointing a source at a local server.
pub fn endpoint(name: &str, server: &MockServer) -> String {
    format!("{name}={}", server.uri())
}

/// `jobtap parse --source SOURCE` on a fixture as JSON Lines; the parse must succeed.
pub fn parse_fixture(source: &str, rel: &str) -> Vec<serde_json::Value> {
    let out = jobtap_sync(&[
        "parse",
        "--source",
        source,
        fixture(rel).to_str().unwrap(),
        "--format",
        "ndjson",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    json_lines(&out)
}

/// `jobtap scrape SPEC` against a local server as JSON Lines, with the source's rate raised,
/// no retries and short waits, and `env` set in jobtap's environment (an empty value is as
/// good as unset: keys must not be blank).
pub async fn scrape_local(
    spec: &str,
    server: &MockServer,
    extra: &[&str],
    env: &[(&str, &str)],
) -> Output {
    let name = spec.split(':').next().unwrap();
    let ep = endpoint(name, server);
    let rate = format!("{name}=100/s");
    let mut args = vec![
        "scrape",
        spec,
        "--endpoint",
        &ep,
        "--rate",
        &rate,
        "--retries",
        "0",
        "--backoff",
        "5ms",
        "--format",
        "ndjson",
    ];
    args.extend(extra);
    jobtap_env(&args, env).await
}

/// Fails if any of `secrets` shows anywhere in the run's stdout or stderr.
pub fn assert_no_secret(out: &Output, secrets: &[&str]) {
    let all = format!("{}{}", stdout(out), stderr(out));
    for s in secrets {
        assert!(!all.contains(s), "{s:?} leaked into the output:\n{all}");
    }
}

/// `jobtap scrape SPEC` against a local server as JSON Lines, fast: a high rate and short
/// backoffs (retries stay at the default, so a failure is a repeated one).
pub async fn scrape_at(spec: &str, server: &MockServer, extra: &[&str]) -> Output {
    let name = spec.split(':').next().unwrap();
    let ep = endpoint(name, server);
    let rate = format!("{name}=100/s");
    let mut args = vec![
        "scrape",
        spec,
        "--endpoint",
        &ep,
        "--rate",
        &rate,
        "--backoff",
        "5ms",
        "--max-wait",
        "50ms",
        "--format",
        "ndjson",
    ];
    args.extend(extra);
    jobtap(&args).await
}

/// A Greenhouse board response with one job per `(id, title)`, all at Acme, remote in the
/// US, linking to `https://acme.example/jobs/ID`: for tests that need boards to change
/// between runs.
pub fn gh_board(jobs: &[(u64, &str)]) -> String {
    let jobs: Vec<serde_json::Value> = jobs
        .iter()
        .map(|(id, title)| {
            serde_json::json!({
                "id": id,
                "title": title,
                "absolute_url": format!("https://acme.example/jobs/{id}"),
                "company_name": "Acme Widgets",
                "location": {"name": "Remote - US"},
                "content": "&lt;p&gt;Answer customers by chat.&lt;/p&gt;"
            })
        })
        .collect();
    serde_json::json!({ "jobs": jobs }).to_string()
}

/// `gh_board` as a local server serves it.
pub fn gh_board_response(jobs: &[(u64, &str)]) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("content-type", "application/json")
        .set_body_string(gh_board(jobs))
}

/// `gh_board` written to a file in `dir`, for `jobtap parse --source greenhouse`.
pub fn gh_board_file(dir: &std::path::Path, name: &str, jobs: &[(u64, &str)]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, gh_board(jobs)).unwrap();
    path
}

/// A run in which `source` failed after giving `rows` postings: exit 3 (partial), and one
/// stderr line, naming the source and saying `cause`.
pub fn assert_partial(out: &Output, source: &str, cause: &str, rows: usize) {
    assert_eq!(out.status.code(), Some(3), "{}", stderr(out));
    assert_eq!(json_lines(out).len(), rows);
    let err = stderr(out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!("jobtap: {source}: ")) && err.contains(cause),
        "{err}"
    );
}
