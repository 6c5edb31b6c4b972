//! `cargo bench --bench scrape`: whole-program figures against local servers.
//! - scrape efficiency: several hosts, each serving many pages at a set rate; the ratio of
//!   wall time to the ideal the rate limits allow (1.00 = only the rate limit takes time);
//! - start-up time of `jobtap --help` and `jobtap sources`.

use std::process::Command;
use std::time::{Duration, Instant};
use wiremock::{matchers::path, Mock, MockServer, Request, Respond, ResponseTemplate};

const HOSTS: usize = 4;
const PAGES: usize = 20;
const PER_PAGE: usize = 50;

/// Lever-format pages of `PER_PAGE` postings; the page after the last is empty.
struct LeverPages;

impl Respond for LeverPages {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let skip: usize = req
            .url
            .query_pairs()
            .find(|(k, _)| k == "skip")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let items: Vec<serde_json::Value> = if skip >= PAGES * PER_PAGE {
            Vec::new()
        } else {
            (skip..skip + PER_PAGE)
                .map(|i| {
                    serde_json::json!({
                        "id": format!("posting-{i}"),
                        "text": format!("Customer Support Associate {i}"),
                        "hostedUrl": format!("https://jobs.example/{}/{i}", req.url.port().unwrap_or(0)),
                        "createdAt": 1795000000000u64,
                        "categories": {"commitment": "Part-time", "location": "Austin, TX"},
                        "workplaceType": "remote",
                        "description": "<p>Answer customers by live chat and email. Weekend shifts; no experience necessary.</p><ul><li>Paid training</li><li>20 hours a week</li></ul>",
                    })
                })
                .collect()
        };
        ResponseTemplate::new(200).set_body_json(items)
    }
}

/// jobtap, keeping its robots.txt copies in a directory of the bench's, not the home's.
fn jobtap(cache: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jobtap"));
    command.env("JOBTAP_CACHE_DIR", cache);
    command
}

fn main() {
    // A brisk rate, where timer granularity (about 1 ms a request) shows, and a realistic one.
    for rate in [20, 5] {
        efficiency(rate);
    }
    startup();
}

fn efficiency(rate_per_sec: u32) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut args: Vec<String> = vec![
        "scrape".into(),
        "--format".into(),
        "ndjson".into(),
        "-o".into(),
        dir.path().join("out.jsonl").display().to_string(),
    ];
    let servers: Vec<MockServer> = rt.block_on(async {
        let mut v = Vec::new();
        for _ in 0..HOSTS {
            let s = MockServer::start().await;
            Mock::given(path("/v0/postings/acme"))
                .respond_with(LeverPages)
                .mount(&s)
                .await;
            v.push(s);
        }
        v
    });
    args.extend(definitions(dir.path(), &servers, rate_per_sec));
    // Each host: PAGES full pages and one empty page, spaced by the rate (robots.txt takes
    // no turn of it).
    let requests_per_host = PAGES + 1;
    let ideal = Duration::from_secs_f64((requests_per_host - 1) as f64 / f64::from(rate_per_sec));
    let cache = tempfile::tempdir().unwrap();
    let handle = rt.handle().clone();
    let mut best = Duration::MAX;
    for _ in 0..2 {
        best = best.min(timed_run(&handle, cache.path(), &args));
    }
    // The same run with no rate limit: what jobtap and the local servers themselves cost.
    let unlimited: Vec<String> = args
        .iter()
        .flat_map(|a| {
            if a.ends_with(":acme") {
                vec![
                    "--rate".to_string(),
                    format!("{}=100000/s", a.trim_end_matches(":acme")),
                    a.clone(),
                ]
            } else {
                vec![a.clone()]
            }
        })
        .collect();
    println!(
        "same scrape with no rate limit: {:.3}s",
        timed_run(&handle, cache.path(), &unlimited).as_secs_f64()
    );
    let lines = std::fs::read_to_string(dir.path().join("out.jsonl"))
        .unwrap()
        .lines()
        .count();
    println!(
        "scrape efficiency: {HOSTS} hosts x {PAGES} pages of {PER_PAGE} postings at {rate_per_sec}/s per host: {lines} postings in {:.3}s; ideal {:.3}s; ratio {:.3}",
        best.as_secs_f64(),
        ideal.as_secs_f64(),
        best.as_secs_f64() / ideal.as_secs_f64()
    );
}

/// One definition per server, written into `dir`, and the arguments that search them all.
fn definitions(dir: &std::path::Path, servers: &[MockServer], rate_per_sec: u32) -> Vec<String> {
    let mut args = Vec::new();
    for (i, s) in servers.iter().enumerate() {
        let def = dir.join(format!("host{i}.toml"));
        std::fs::write(
            &def,
            format!(
                "name = \"host{i}\"\ndescription = \"bench\"\nhomepage = \"http://x\"\nadapter = \"lever\"\nbase_url = \"{}\"\nargument = \"SITE\"\nrate = \"{rate_per_sec}/s\"\nterms = \"bench\"\nmax_pages = {}\n[settings]\npage_size = {PER_PAGE}\n",
                s.uri(),
                PAGES + 1
            ),
        )
        .unwrap();
        args.extend([
            "--definition".into(),
            def.display().to_string(),
            format!("host{i}:acme"),
        ]);
    }
    args
}

/// How long one successful `jobtap` run with `args` took, run off the servers' runtime.
fn timed_run(
    handle: &tokio::runtime::Handle,
    cache: &std::path::Path,
    args: &[String],
) -> Duration {
    let mut command = jobtap(cache);
    command.args(args);
    let t = Instant::now();
    let out = handle.block_on(async move {
        tokio::task::spawn_blocking(move || command.output().unwrap())
            .await
            .unwrap()
    });
    let took = t.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    took
}

fn startup() {
    for cmd in [vec!["--help"], vec!["sources"]] {
        let mut times = Vec::new();
        for _ in 0..20 {
            let t = Instant::now();
            let out = jobtap(std::env::temp_dir().as_path())
                .args(&cmd)
                .output()
                .unwrap();
            assert!(out.status.success());
            times.push(t.elapsed());
        }
        times.sort();
        println!(
            "start-up: jobtap {:<8} median {:.1} ms",
            cmd.join(" "),
            times[times.len() / 2].as_secs_f64() * 1000.0
        );
    }
}
