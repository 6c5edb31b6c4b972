//! What finishing does to every posting, scraped or parsed: the `--explain` lines (asked
//! for by name, so on stderr even with --quiet, and in the log file).

use crate::support::*;

const BOARD: &str = "/v1/boards/acme/jobs";
const JOBS: &[(u64, &str)] = &[(1, "Live Chat Agent"), (2, "Warehouse Lead")];

/// The explain lines of `out`'s stderr, and of the log file at `log`, time stamps cut.
fn explained(out: &std::process::Output, log: &std::path::Path) -> (Vec<String>, Vec<String>) {
    assert!(out.status.success(), "{}", stderr(out));
    let shown: Vec<String> = stderr(out).lines().map(str::to_string).collect();
    let logged: Vec<String> = std::fs::read_to_string(log)
        .unwrap()
        .lines()
        .map(|l| l.split_once(' ').expect("a time stamp first").1.to_string())
        .collect();
    (shown, logged)
}

fn assert_explains_both(shown: &[String], logged: &[String]) {
    assert_eq!(
        shown.len(),
        2,
        "one line per posting and nothing else: {shown:?}"
    );
    assert!(
        shown[0].starts_with("jobtap: explain ")
            && shown[0].ends_with(
                "\"Live Chat Agent\": chat <- \"live chat\"; remote <- field workplace=remote"
            ),
        "{shown:?}"
    );
    assert!(
        shown[1]
            .ends_with("\"Warehouse Lead\": chat <- \"by chat\"; remote <- field workplace=remote"),
        "{shown:?}"
    );
    assert_eq!(logged, shown, "the log file has the same lines");
}

#[test]
fn parse_explains_even_with_quiet_and_logs_it() {
    let dir = tempfile::tempdir().unwrap();
    let board = gh_board_file(dir.path(), "board.json", JOBS);
    let log = dir.path().join("jobtap.log");
    let out = jobtap_sync(&[
        "--quiet",
        "--log-file",
        log.to_str().unwrap(),
        "parse",
        "--source",
        "greenhouse",
        board.to_str().unwrap(),
        "--explain",
        "-o",
        dir.path().join("out.csv").to_str().unwrap(),
    ]);
    let (shown, logged) = explained(&out, &log);
    assert_explains_both(&shown, &logged);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scrape_explains_even_with_quiet_and_logs_it() {
    let (server, _) = serve(BOARD, vec![gh_board_response(JOBS)]).await;
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("jobtap.log");
    let ep = endpoint("greenhouse", &server);
    let out = jobtap(&[
        "--quiet",
        "--log-file",
        log.to_str().unwrap(),
        "scrape",
        "greenhouse:acme",
        "--endpoint",
        &ep,
        "--explain",
        "-o",
        dir.path().join("out.csv").to_str().unwrap(),
    ])
    .await;
    let (shown, logged) = explained(&out, &log);
    assert_explains_both(&shown, &logged);
}
