//! Alerts: a webhook (each body format, its secret never shown, one retry, postings kept
//! until an alert delivers them) and a command hook, over runs of a changing board.

use crate::support::*;
use serde_json::Value;
use wiremock::{matchers::method, Mock, MockServer, ResponseTemplate};

const BOARD: &str = "/v1/boards/acme/jobs";
/// A Slack-like webhook path: the last part is the hook's secret.
const HOOK: &str = "/services/T0001/B0001/s3cr3tHookToken";
const SECRET: &str = "s3cr3tHookToken";

/// A board that answers `boards` in turn (the last one repeating).
async fn board(boards: &[&[(u64, &str)]]) -> MockServer {
    let responses = boards.iter().map(|b| gh_board_response(b)).collect();
    serve(BOARD, responses).await.0
}

/// A webhook answering POSTs with `statuses` in turn (the last repeating).
async fn webhook(statuses: &[u16]) -> MockServer {
    let server = MockServer::start().await;
    let responses = statuses.iter().map(|s| ResponseTemplate::new(*s)).collect();
    Mock::given(method("POST"))
        .respond_with(Sequence::new(responses, &Arrivals::default()))
        .mount(&server)
        .await;
    server
}

/// Every POST the webhook got, as its path and JSON body.
async fn posts(hook: &MockServer) -> Vec<(String, Value)> {
    hook.received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| {
            let body = serde_json::from_slice(&r.body).expect("a JSON body");
            (r.url.path().to_string(), body)
        })
        .collect()
}

/// The titles of the postings a `json` body carried.
fn carried(body: &Value) -> Vec<String> {
    body["postings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap().to_string())
        .collect()
}

/// `jobtap scrape greenhouse:acme` with state in `dir`, writing to a file there, and
/// alerting `notify`.
async fn run(
    server: &MockServer,
    dir: &std::path::Path,
    notify: &[String],
    extra: &[&str],
) -> std::process::Output {
    let ep = endpoint("greenhouse", server);
    let state = dir.join("state.sqlite");
    let out = dir.join("jobs.csv");
    let log = dir.join("jobtap.log");
    let mut args = vec![
        "scrape",
        "greenhouse:acme",
        "--endpoint",
        &ep,
        "--rate",
        "greenhouse=100/s",
        "--retries",
        "0",
        "--backoff",
        "5ms",
        "--state",
        state.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--log-file",
        log.to_str().unwrap(),
        "-vv",
    ];
    for n in notify {
        args.extend(["--notify", n.as_str()]);
    }
    args.extend(extra);
    jobtap(&args).await
}

fn hook_spec(hook: &MockServer) -> String {
    format!("webhook:{}{HOOK}", hook.uri())
}

/// Nothing shows the webhook's secret: not stdout, stderr (-vv), nor the log file.
fn assert_secret_kept(out: &std::process::Output, dir: &std::path::Path) {
    assert_no_secret(out, &[SECRET, "T0001"]);
    let log = std::fs::read_to_string(dir.join("jobtap.log")).unwrap_or_default();
    assert!(!log.contains(SECRET), "{log}");
}

/// The issue's cron loop: three runs of a board that grows; the webhook hears nothing on
/// the first (everything is new then), then exactly the postings each later run found new.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cron_loop_alerts_exactly_the_new_postings_of_each_run() {
    let gh = board(&[
        &[(1, "Chat Agent"), (2, "Night Agent")],
        &[(1, "Chat Agent"), (2, "Night Agent"), (3, "Email Agent")],
        &[
            (2, "Night Agent"),
            (3, "Email Agent"),
            (4, "Phone Agent"),
            (5, "Lead Agent"),
        ],
    ])
    .await;
    let hook = webhook(&[200]).await;
    let dir = tempfile::tempdir().unwrap();
    let notify = [hook_spec(&hook)];
    for (round, expected) in [
        vec![],
        vec!["Email Agent"],
        vec!["Phone Agent", "Lead Agent"],
    ]
    .into_iter()
    .enumerate()
    {
        let before = posts(&hook).await.len();
        let out = run(&gh, dir.path(), &notify, &[]).await;
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_secret_kept(&out, dir.path());
        let got = posts(&hook).await;
        if expected.is_empty() {
            assert_eq!(got.len(), before, "run {round}: no alert on a first run");
            continue;
        }
        assert_eq!(got.len(), before + 1, "run {round}: one POST");
        let (path, body) = &got[before];
        assert_eq!(path, HOOK);
        assert_eq!(carried(body), expected, "run {round}");
        assert_eq!(body["count"], expected.len());
        let text = body["text"].as_str().unwrap();
        assert!(
            text.starts_with(&format!("jobtap: {} new posting", expected.len())),
            "{text}"
        );
        assert!(
            text.contains("— Acme Widgets — Remote - US https://acme.example/jobs/"),
            "{text}"
        );
        let err = stderr(&out);
        assert!(
            err.contains(&format!(
                "alert webhook:{}/…: {} posting",
                hook.uri(),
                expected.len()
            )),
            "{err}"
        );
    }
}

/// A webhook that is down: the alert is tried twice and reported, the run's exit code is
/// unchanged, and its postings arrive with the next run's alert, once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_down_webhooks_postings_arrive_with_the_next_run() {
    let gh = board(&[
        &[(1, "Chat Agent")],
        &[(1, "Chat Agent"), (2, "Night Agent")],
    ])
    .await;
    let hook = webhook(&[503, 503, 200]).await;
    let dir = tempfile::tempdir().unwrap();
    let notify = [hook_spec(&hook)];
    let down = run(&gh, dir.path(), &notify, &["--notify-first-run"]).await;
    assert_eq!(
        down.status.code(),
        Some(0),
        "the data was delivered: {}",
        stderr(&down)
    );
    assert_eq!(posts(&hook).await.len(), 2, "tried once more");
    let err = stderr(&down);
    let line = err
        .lines()
        .find(|l| l.contains("tried twice"))
        .unwrap_or_default();
    assert!(
        line.starts_with(&format!(
            "jobtap: alert webhook:{}/…: 1 posting: HTTP 503 (",
            hook.uri()
        )),
        "{err}"
    );
    assert_secret_kept(&down, dir.path());
    let up = run(&gh, dir.path(), &notify, &[]).await;
    assert_eq!(up.status.code(), Some(0), "{}", stderr(&up));
    let got = posts(&hook).await;
    assert_eq!(got.len(), 3);
    assert_eq!(
        carried(&got[2].1),
        ["Chat Agent", "Night Agent"],
        "owed first, then new"
    );
    let again = run(&gh, dir.path(), &notify, &[]).await;
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(posts(&hook).await.len(), 3, "nothing owed, nothing new");
}

/// One failure, then success: the retry delivers, and nothing is reported as failed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_alert_is_retried_once() {
    let gh = board(&[&[(1, "Chat Agent")]]).await;
    let hook = webhook(&[500, 200]).await;
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        &gh,
        dir.path(),
        &[hook_spec(&hook)],
        &["--notify-first-run"],
    )
    .await;
    assert_eq!(out.status.code(), Some(0));
    let got = posts(&hook).await;
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].1, got[1].1, "the same alert again");
    assert!(!stderr(&out).contains("tried twice"), "{}", stderr(&out));
    let again = run(&gh, dir.path(), &[hook_spec(&hook)], &[]).await;
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(posts(&hook).await.len(), 2, "delivered: not owed");
}

/// What a test asks of a webhook's body.
type Check = dyn Fn(&Value);

/// `--notify-format`: the body each service reads; ntfy's goes to the server's root with
/// the topic the URL ended with.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_notify_format_shapes_the_body_its_service_reads() {
    let gh = board(&[&[(1, "Chat <Agent>"), (2, "@everyone Night Agent")]]).await;
    let cases: [(&str, &Check); 4] = [
        ("slack", &|b: &Value| {
            let t = b["text"].as_str().unwrap();
            assert!(
                t.contains("<https://acme.example/jobs/1|Chat &lt;Agent&gt;> — Acme Widgets"),
                "{t}"
            );
        }),
        ("discord", &|b: &Value| {
            assert_eq!(b["allowed_mentions"]["parse"], serde_json::json!([]));
            let c = b["content"].as_str().unwrap();
            assert!(
                c.contains("[\\@everyone Night Agent](<https://acme.example/jobs/2>)"),
                "{c}"
            );
        }),
        ("ntfy", &|b: &Value| {
            assert_eq!(b["topic"], "s3cr3tHookToken");
            assert_eq!(b["title"], "jobtap: 2 new postings");
            assert!(b["message"]
                .as_str()
                .unwrap()
                .contains("• Chat <Agent> — Acme Widgets"));
        }),
        ("json", &|b: &Value| {
            assert_eq!(carried(b), ["Chat <Agent>", "@everyone Night Agent"]);
        }),
    ];
    for (format, check) in cases {
        let hook = webhook(&[200]).await;
        let dir = tempfile::tempdir().unwrap();
        let out = run(
            &gh,
            dir.path(),
            &[hook_spec(&hook)],
            &["--notify-first-run", "--notify-format", format],
        )
        .await;
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        let got = posts(&hook).await;
        assert_eq!(got.len(), 1, "{format}");
        let expected_path = if format == "ntfy" {
            "/services/T0001/B0001"
        } else {
            HOOK
        };
        assert_eq!(got[0].0, expected_path, "{format}");
        check(&got[0].1);
    }
}

/// The command hook gets the new postings as JSON Lines on stdin and the count in
/// `JOBTAP_NEW`; a failing command's exit status and stderr are reported, never fatal, and
/// its postings go to the next run's command.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_command_hook_reads_json_lines_and_its_failure_is_reported() {
    let gh = board(&[&[(1, "Chat Agent"), (2, "Night Agent")]]).await;
    let dir = tempfile::tempdir().unwrap();
    let got = dir.path().join("got.jsonl");
    let script = dir.path().join("hook.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\n[ -e \"$1.fail\" ] && { echo 'mail: no route' >&2; exit 3; }\n\
         cat >> \"$1\"; echo \"$JOBTAP_NEW\" >> \"$1.count\"\n",
    )
    .unwrap();
    let spec = format!("command:sh '{}' '{}'", script.display(), got.display());
    std::fs::write(format!("{}.fail", got.display()), "").unwrap();
    let failed = run(
        &gh,
        dir.path(),
        std::slice::from_ref(&spec),
        &["--notify-first-run"],
    )
    .await;
    assert_eq!(failed.status.code(), Some(0), "{}", stderr(&failed));
    let err = stderr(&failed);
    assert!(
        err.contains(
            "alert command:sh: 2 postings: sh ended with exit status: 3: mail: no route (tried twice;"
        ),
        "{err}"
    );
    assert!(!got.exists());
    std::fs::remove_file(format!("{}.fail", got.display())).unwrap();
    let ok = run(&gh, dir.path(), &[spec], &[]).await;
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    let lines: Vec<Value> = std::fs::read_to_string(&got)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let titles: Vec<&str> = lines.iter().map(|v| v["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Chat Agent", "Night Agent"]);
    assert_eq!(lines[0]["url"], "https://acme.example/jobs/1");
    assert_eq!(
        std::fs::read_to_string(format!("{}.count", got.display())).unwrap(),
        "2\n"
    );
}

/// A spec that cannot work is a usage error before anything is fetched, and its message
/// does not repeat the webhook's URL.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_notify_specs_are_usage_errors_that_keep_the_secret() {
    let gh = board(&[&[(1, "Chat Agent")]]).await;
    let dir = tempfile::tempdir().unwrap();
    for spec in [
        format!("webhook:ftp://hooks.example{HOOK}"),
        format!("webhook:not a url {SECRET}"),
        "command:".to_string(),
        "command:sh 'unclosed".to_string(),
        format!("email:me@example.com{SECRET}"),
    ] {
        let out = run(&gh, dir.path(), std::slice::from_ref(&spec), &[]).await;
        assert_eq!(out.status.code(), Some(2), "{spec}: {}", stderr(&out));
        assert_no_secret(&out, &[SECRET]);
        assert!(stderr(&out).contains("--notify"), "{}", stderr(&out));
    }
}

/// A saved search's `notify`, `notify_format` and `notify_first_run`; the webhook's URL
/// read from the environment (`webhook:env:NAME`), so neither the file nor the command
/// line holds the secret.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_search_alerts_its_own_new_postings() {
    let gh = board(&[&[(1, "Chat Agent")]]).await;
    let hook = webhook(&[200]).await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        r#"[[search]]
name = "chat"
sources = ["greenhouse:acme"]
output = "/dev/null"
notify = ["webhook:env:CHAT_HOOK"]
notify_format = "slack"
notify_first_run = true
"#,
    )
    .unwrap();
    let ep = endpoint("greenhouse", &gh);
    let state = dir.path().join("state.sqlite");
    let args = [
        "run",
        "--config",
        config.to_str().unwrap(),
        "--state",
        state.to_str().unwrap(),
        "--endpoint",
        &ep,
        "--rate",
        "greenhouse=100/s",
    ];
    let url = format!("{}{HOOK}", hook.uri());
    let out = jobtap_env(&args, &[("CHAT_HOOK", &url)]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_no_secret(&out, &[SECRET]);
    let got = posts(&hook).await;
    assert_eq!(got.len(), 1);
    let text = got[0].1["text"].as_str().unwrap();
    assert!(
        text.starts_with(
            "jobtap: 1 new posting for chat\n• <https://acme.example/jobs/1|Chat Agent>"
        ),
        "{text}"
    );
    let unset = jobtap_env(&args, &[]).await;
    assert_ne!(unset.status.code(), Some(0));
    assert!(
        stderr(&unset).contains("$CHAT_HOOK is not set"),
        "{}",
        stderr(&unset)
    );
}

/// Owed postings go even when every source fails the next run: the webhook is back, the
/// board is not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn owed_postings_go_though_every_source_failed() {
    let (gh, _) = serve(
        BOARD,
        vec![
            gh_board_response(&[(1, "Chat Agent")]),
            ResponseTemplate::new(500),
        ],
    )
    .await;
    let hook = webhook(&[503, 503, 200]).await;
    let dir = tempfile::tempdir().unwrap();
    let notify = [hook_spec(&hook)];
    let down = run(&gh, dir.path(), &notify, &["--notify-first-run"]).await;
    assert_eq!(down.status.code(), Some(0), "{}", stderr(&down));
    let failed = run(&gh, dir.path(), &notify, &[]).await;
    assert_eq!(failed.status.code(), Some(4), "{}", stderr(&failed));
    let got = posts(&hook).await;
    assert_eq!(got.len(), 3);
    assert_eq!(carried(&got[2].1), ["Chat Agent"]);
}
