//! State between runs: only-new postings, changed ones, a source's minimum interval, and
//! the same job from two sources collapsed into one row.

use crate::support::*;
use wiremock::MockServer;

const BOARD: &str = "/v1/boards/acme/jobs";

fn titles(out: &std::process::Output) -> Vec<String> {
    json_lines(out)
        .iter()
        .map(|v| v["title"].as_str().unwrap().to_string())
        .collect()
}

fn gh_args(server: &MockServer, state: &str, extra: &[&str]) -> Vec<String> {
    let ep = endpoint("greenhouse", server);
    let args = [
        "scrape",
        "greenhouse:acme",
        "--endpoint",
        &ep,
        "--rate",
        "greenhouse=100/s",
        "--retries",
        "0",
        "--state",
        state,
        "--format",
        "ndjson",
    ];
    args.iter().chain(extra).map(|a| a.to_string()).collect()
}

async fn gh(server: &MockServer, state: &str, extra: &[&str]) -> std::process::Output {
    let args = gh_args(server, state, extra);
    jobtap(&args.iter().map(String::as_str).collect::<Vec<_>>()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_only_across_runs_and_changed_on_request() {
    let (server, _) = serve(
        BOARD,
        vec![
            gh_board_response(&[(1, "Chat Agent"), (2, "Night Agent")]),
            gh_board_response(&[(1, "Chat Agent"), (2, "Night Agent")]),
            gh_board_response(&[(1, "Chat Agent"), (2, "Night Agent"), (3, "Email Agent")]),
            gh_board_response(&[
                (1, "Chat Agent (Weekends)"),
                (2, "Night Agent"),
                (3, "Email Agent"),
            ]),
        ],
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.sqlite");
    let s = state.to_str().unwrap();
    let first = gh(&server, s, &["--new-only"]).await;
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert_eq!(titles(&first), ["Chat Agent", "Night Agent"]);
    let rows = json_lines(&first);
    assert_eq!(rows[0]["first_seen"], rows[0]["last_seen"]);
    assert_eq!(
        titles(&gh(&server, s, &["--new-only"]).await),
        Vec::<String>::new()
    );
    assert_eq!(
        titles(&gh(&server, s, &["--new-only"]).await),
        ["Email Agent"]
    );
    let changed = gh(&server, s, &["--new-only", "--include-changed"]).await;
    assert_eq!(titles(&changed), ["Chat Agent (Weekends)"]);
}

/// `jobtap scrape --new-only | head -1`: the reader stopped before the end and never saw
/// the rest, so nothing is marked as seen and the next run lists every posting as new
/// again. The run itself ends quietly (exit 0), as with any reader that stops early.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postings_a_reader_never_took_stay_new() {
    let board = || gh_board_response(&[(1, "Chat Agent"), (2, "Night Agent")]);
    let (server, arrivals) = serve(BOARD, vec![board(), board(), board()]).await;
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.sqlite");
    let s = state.to_str().unwrap();
    let args = gh_args(&server, s, &["--new-only"]);
    // Off the async runtime, so the local server keeps serving meanwhile.
    let cut = tokio::task::spawn_blocking(move || jobtap_reader_gone(&args))
        .await
        .unwrap();
    assert_eq!(cut.status.code(), Some(0), "{}", stderr(&cut));
    assert!(
        stderr(&cut).contains("no posting is marked as seen"),
        "{}",
        stderr(&cut)
    );
    assert_eq!(arrivals.targets().len(), 1, "the board was fetched");
    assert_eq!(
        titles(&gh(&server, s, &["--new-only"]).await),
        ["Chat Agent", "Night Agent"]
    );
    assert_eq!(
        titles(&gh(&server, s, &["--new-only"]).await),
        Vec::<String>::new()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_source_within_its_interval_is_skipped_unless_forced() {
    let (server, arrivals) = serve("/api/remote-jobs", vec![json_body("remotive/jobs.json")]).await;
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.sqlite");
    let s = state.to_str().unwrap();
    let ep = endpoint("remotive", &server);
    let run = |extra: &'static [&'static str]| {
        let mut args = vec![
            "scrape".to_string(),
            "remotive".into(),
            "--endpoint".into(),
            ep.clone(),
            "--rate".into(),
            "remotive=100/s".into(),
            "--state".into(),
            s.to_string(),
            "--format".into(),
            "ndjson".into(),
        ];
        args.extend(extra.iter().map(|a| a.to_string()));
        async move { jobtap(&args.iter().map(String::as_str).collect::<Vec<_>>()).await }
    };
    let first = run(&[]).await;
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(!json_lines(&first).is_empty());
    let skipped = run(&[]).await;
    assert_eq!(skipped.status.code(), Some(0), "{}", stderr(&skipped));
    assert!(
        stderr(&skipped).contains("remotive skipped: fetched ")
            && stderr(&skipped).contains(" ago, next after 6h (its min_interval is 6h)")
            && stderr(&skipped).contains("--force to fetch now"),
        "{}",
        stderr(&skipped)
    );
    assert!(skipped.stdout.is_empty());
    assert_eq!(
        arrivals.targets().len(),
        1,
        "no request within the interval"
    );
    let forced = run(&["--force"]).await;
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert_eq!(arrivals.targets().len(), 2);
    assert_eq!(json_lines(&forced).len(), json_lines(&first).len());
}

/// A cron run in which every source is within its interval must not read as "no new
/// jobs": the -o file of the last run that fetched stays as it was, and stderr says why.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_that_skips_every_source_leaves_the_output_alone() {
    let (server, arrivals) = serve("/api/remote-jobs", vec![json_body("remotive/jobs.json")]).await;
    let dir = tempfile::tempdir().unwrap();
    let (state, out) = (dir.path().join("state.sqlite"), dir.path().join("jobs.csv"));
    let ep = endpoint("remotive", &server);
    let args = [
        "scrape",
        "remotive",
        "--endpoint",
        &ep,
        "--rate",
        "remotive=100/s",
        "--state",
        state.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    let first = jobtap(&args).await;
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let mut written = std::fs::read_to_string(&out).unwrap();
    assert!(written.lines().count() > 1, "{written}");
    written.push_str("my own line\n");
    std::fs::write(&out, &written).unwrap();
    let skipped = jobtap(&args).await;
    let err = stderr(&skipped);
    assert_eq!(skipped.status.code(), Some(0), "{err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), written, "{err}");
    assert!(err.contains("remotive skipped: fetched"), "{err}");
    let left = format!("nothing fetched; {} left as it was", out.display());
    assert!(err.contains(&left), "{err}");
    assert_eq!(
        arrivals.targets().len(),
        1,
        "no request within the interval"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_job_from_two_sources_is_one_row_naming_both() {
    let (one, _) = serve(
        BOARD,
        vec![gh_board_response(&[(1, "Chat Agent"), (2, "Night Agent")])],
    )
    .await;
    let (two, _) = serve(
        BOARD,
        vec![gh_board_response(&[(1, "Chat Agent"), (5, "Email Agent")])],
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let def = dir.path().join("mirror.toml");
    std::fs::write(
        &def,
        "name = \"mirror\"\ndescription = \"a second board with the same jobs (tests)\"\nhomepage = \"https://mirror.example\"\nadapter = \"greenhouse\"\nbase_url = \"https://mirror.example\"\nargument = \"BOARD\"\nrate = \"100/s\"\nterms = \"test\"\n",
    )
    .unwrap();
    let (e1, e2) = (endpoint("greenhouse", &one), endpoint("mirror", &two));
    let out = jobtap(&[
        "scrape",
        "greenhouse:acme",
        "mirror:acme",
        "--definition",
        def.to_str().unwrap(),
        "--endpoint",
        &e1,
        "--endpoint",
        &e2,
        "--rate",
        "greenhouse=100/s",
        "--format",
        "ndjson",
    ])
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = json_lines(&out);
    let got: Vec<(&str, &str, serde_json::Value)> = rows
        .iter()
        .map(|r| {
            (
                r["source"].as_str().unwrap(),
                r["title"].as_str().unwrap(),
                r.get("sources").cloned().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "greenhouse",
                "Chat Agent",
                serde_json::json!(["greenhouse", "mirror"])
            ),
            ("greenhouse", "Night Agent", serde_json::Value::Null),
            ("mirror", "Email Agent", serde_json::Value::Null),
        ]
    );
}
