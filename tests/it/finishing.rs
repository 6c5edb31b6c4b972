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
                "\"Live Chat Agent\": chat <- \"live chat\" in \"Live Chat Agent\"; \
                 remote <- field workplace=remote"
            ),
        "{shown:?}"
    );
    assert!(
        shown[1].ends_with(
            "\"Warehouse Lead\": chat <- \"by chat\" in \"Answer customers by chat\"; \
                        remote <- field workplace=remote"
        ),
        "{shown:?}"
    );
    // A scrape's log also has its end-of-run summary.
    let explained: Vec<&String> = logged
        .iter()
        .filter(|l| !l.starts_with("jobtap: ") || l.starts_with("jobtap: explain "))
        .collect();
    assert_eq!(
        explained,
        shown.iter().collect::<Vec<_>>(),
        "the log file has the same lines"
    );
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

/// A Greenhouse board of one posting whose place names no workplace: only its text says
/// it is remote, part-time and seasonal (holiday help).
fn board_stating_fields_in_its_text(dir: &std::path::Path) -> std::path::PathBuf {
    let board = serde_json::json!({"jobs": [{
        "id": 7,
        "title": "Support Agent",
        "absolute_url": "https://acme.example/jobs/7",
        "company_name": "Acme Widgets",
        "location": {"name": "Austin, TX"},
        "content": "&lt;p&gt;Fully remote, work from home. Part-time: 20 hours a week. Holiday help wanted.&lt;/p&gt;"
    }]});
    let path = dir.join("board.json");
    std::fs::write(&path, board.to_string()).unwrap();
    path
}

#[test]
fn replacing_a_builtin_tag_does_not_change_how_fields_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let board = board_stating_fields_in_its_text(dir.path());
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[tags.remote]\ndefinition = \"Telework\"\nphrases = [\"telework\"]\n\n\
         [tags.part-time]\ndefinition = \"Short hours\"\nphrases = [\"short hours\"]\n\n\
         [tags.holiday]\ndefinition = \"Yule\"\nphrases = [\"yuletide\"]\n",
    )
    .unwrap();
    let parse = |extra: &[&str]| {
        let mut args = vec!["parse", "--source", "greenhouse", board.to_str().unwrap()];
        args.extend(["--format", "ndjson"]);
        args.extend(extra);
        let out = jobtap_sync(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        json_lines(&out).remove(0)
    };
    let builtin = parse(&[]);
    assert_eq!(
        builtin["tags"],
        serde_json::json!(["holiday", "remote", "part-time", "seasonal"])
    );
    let replaced = parse(&["--config", config.to_str().unwrap()]);
    assert_eq!(
        replaced["tags"],
        serde_json::json!([]),
        "the config's tags do not fire"
    );
    for field in ["workplace", "employment_type"] {
        assert_eq!(replaced[field], builtin[field], "{field}");
    }
    assert_eq!(replaced["workplace"], "remote");
    assert_eq!(
        replaced["employment_type"],
        serde_json::json!(["part_time", "seasonal"])
    );
}
