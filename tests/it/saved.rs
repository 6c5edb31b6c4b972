//! Saved searches (`jobtap init`, `jobtap run`), shell completions and the man page.

use crate::support::*;

#[test]
fn init_writes_an_example_once_and_it_lists() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/config.toml");
    let p = path.to_str().unwrap();
    let out = jobtap_sync(&["init", "--config", p]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.contains("[[search]]"));
    std::fs::write(&path, "# mine\n").unwrap();
    let again = jobtap_sync(&["init", "--config", p]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("not overwritten"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "# mine\n");
    std::fs::write(&path, written).unwrap();
    let list = jobtap_sync(&["run", "--config", p, "--list"]);
    assert_eq!(list.status.code(), Some(0), "{}", stderr(&list));
    assert!(stdout(&list).starts_with("remote-support\tremotive:customer-support"));
}

#[test]
fn shipped_examples_are_valid() {
    for name in ["remote-support.toml", "part-time-customer-service.toml"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(name);
        let out = jobtap_sync(&["run", "--config", path.to_str().unwrap(), "--list"]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        assert!(!stdout(&out).is_empty());
    }
}

#[test]
fn config_mistakes_name_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.toml");
    std::fs::write(
        &path,
        "[[search]]\nname = \"a\"\nsources = [\"remotive\"]\nmerge_in = \"x.csv\"\n",
    )
    .unwrap();
    let out = jobtap_sync(&["run", "--config", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{}:4:1: unknown field `merge_in`", path.display())),
        "{err}"
    );
    std::fs::write(&path, "[[search]]\nname = \"a\"\n").unwrap();
    let out = jobtap_sync(&["run", "--config", path.to_str().unwrap(), "b"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("b: no such search"),
        "{}",
        stderr(&out)
    );
}

/// `jobtap run --config CONFIG` with `source` sent to `server`, fast, plus `extra`.
async fn run(
    config: &std::path::Path,
    source: &str,
    server: &wiremock::MockServer,
    extra: &[&str],
) -> std::process::Output {
    let ep = endpoint(source, server);
    let rate = format!("{source}=100/s");
    let mut args = vec!["run", "--config", config.to_str().unwrap()];
    args.extend(["--endpoint", &ep, "--rate", &rate]);
    args.extend(extra);
    jobtap(&args).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_merges_and_writes_only_new_postings() {
    let (server, _) = serve(
        "/v1/boards/acme/jobs",
        vec![
            gh_board_response(&[(1, "Chat Agent"), (2, "IT Help Desk")]),
            gh_board_response(&[
                (1, "Chat Agent"),
                (2, "IT Help Desk"),
                (3, "Live Chat Agent"),
            ]),
        ],
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display();
    let config = dir.path().join("c.toml");
    std::fs::write(
        &config,
        format!(
            "state = \"{d}/state.sqlite\"\n\n[[search]]\nname = \"chat\"\nsources = [\"greenhouse:acme\"]\nnot_tags = [\"helpdesk\"]\nmerge_into = \"{d}/master.csv\"\noutput = \"{d}/new.csv\"\nnew_only = true\n"
        ),
    )
    .unwrap();
    let read = |name: &str| {
        let mut rdr = csv::Reader::from_path(dir.path().join(name)).unwrap();
        rdr.records()
            .map(|r| r.unwrap()[3].to_string())
            .collect::<Vec<_>>()
    };
    let first = run(&config, "greenhouse", &server, &[]).await;
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert_eq!(read("new.csv"), ["Chat Agent"], "tag filter applied");
    let second = run(&config, "greenhouse", &server, &[]).await;
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    assert_eq!(read("new.csv"), ["Live Chat Agent"]);
    assert_eq!(read("master.csv"), ["Chat Agent", "Live Chat Agent"]);
}

#[test]
fn completions_and_man_page_come_from_the_cli() {
    let out = jobtap_sync(&["completions", "bash"]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("--merge-into"));
    let man = jobtap_sync(&["man"]);
    assert!(man.status.success());
    assert!(
        stdout(&man).starts_with(".ie") || stdout(&man).contains(".TH jobtap"),
        "{}",
        &stdout(&man)[..200]
    );
}

/// Several searches end with one code for the whole run: a search whose every source
/// failed beside one that fetched is a partial run (3), not "nothing fetched" (4); 4 only
/// when no search fetched anything.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn searches_end_with_one_code_for_the_whole_run() {
    let (server, _) = serve(
        "/v1/boards/acme/jobs",
        vec![gh_board_response(&[(1, "Chat Agent")])],
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display();
    let search = |name: &str, board: &str| {
        format!("[[search]]\nname = \"{name}\"\nsources = [\"greenhouse:{board}\"]\noutput = \"{d}/{name}.csv\"\nnew_only = true\n\n")
    };
    for (searches, code) in [
        (search("gone", "nosuch") + &search("good", "acme"), 3),
        (search("good", "acme") + &search("gone", "nosuch"), 3),
        (search("gone", "nosuch") + &search("also-gone", "nosuch"), 4),
        (search("good", "acme"), 0),
    ] {
        let config = dir.path().join("c.toml");
        std::fs::write(
            &config,
            format!("state = \"{d}/state.sqlite\"\n\n{searches}"),
        )
        .unwrap();
        let out = run(&config, "greenhouse", &server, &["--retries", "0"]).await;
        assert_eq!(out.status.code(), Some(code), "{searches}{}", stderr(&out));
    }
}

/// Two searches of one run that name the same source with a `min_interval` (remotive asks
/// for 6 hours) both get its postings: the second used to skip it, "fetched 0s ago", and
/// so never had it while both ran from one cron line. Each search tells new postings apart
/// on its own: both new-only outputs list them the first time (the state was one record
/// for all searches, so the second search found them seen). The site is asked once per run:
/// the second search gets the page the first fetched. The next run skips the source in
/// both; forced, it finds nothing new in either.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn searches_of_one_run_share_a_source_despite_its_interval() {
    let (server, arrivals) = serve("/api/remote-jobs", vec![json_body("remotive/jobs.json")]).await;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display();
    let config = dir.path().join("c.toml");
    let search = |name: &str| {
        format!("[[search]]\nname = \"{name}\"\nsources = [\"remotive:customer-support\"]\noutput = \"{d}/{name}.csv\"\nnew_only = true\n\n")
    };
    std::fs::write(
        &config,
        format!(
            "state = \"{d}/state.sqlite\"\n\n{}{}",
            search("first"),
            search("second")
        ),
    )
    .unwrap();
    let rows = |name: &str| {
        csv::Reader::from_path(dir.path().join(format!("{name}.csv")))
            .unwrap()
            .records()
            .count()
    };
    let out = run(&config, "remotive", &server, &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("skipped"), "{}", stderr(&out));
    assert!(rows("first") > 0);
    assert_eq!(rows("second"), rows("first"));
    assert_eq!(arrivals.targets().len(), 1, "one request for both searches");

    let again = run(&config, "remotive", &server, &[]).await;
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(
        stderr(&again).matches("skipped: fetched").count(),
        2,
        "{}",
        stderr(&again)
    );
    assert_eq!(
        arrivals.targets().len(),
        1,
        "nothing fetched within the interval"
    );

    let forced = run(&config, "remotive", &server, &["--force", "-vv"]).await;
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert_eq!(arrivals.targets().len(), 2);
    assert_eq!(
        stderr(&forced)
            .matches(&format!("GET {}/api/remote-jobs", server.uri()))
            .count(),
        1,
        "{}",
        stderr(&forced)
    );
    assert!(
        stderr(&forced).contains("fetched earlier by this command"),
        "-vv says where the second search's page came from: {}",
        stderr(&forced)
    );
    assert_eq!((rows("first"), rows("second")), (0, 0), "nothing new");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_configs_source_timeout_holds_unless_the_flag_says_otherwise() {
    let (silent, _) = crate::faults::silent_server();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("c.toml");
    let out_file = dir.path().join("jobs.csv");
    std::fs::write(
        &config,
        format!(
            "source_timeout = \"1s\"\n[[search]]\nname = \"a\"\nsources = [\"remotive\"]\noutput = \"{}\"\n",
            out_file.display()
        ),
    )
    .unwrap();
    let state = dir.path().join("state.sqlite");
    let ep = format!("remotive={silent}");
    let base = [
        "run",
        "--config",
        config.to_str().unwrap(),
        "--state",
        state.to_str().unwrap(),
        "--endpoint",
        &ep,
        "--force",
    ];
    let out = jobtap(&base).await;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("remotive: stopped after 1s on the network"),
        "{}",
        stderr(&out)
    );
    let out = jobtap(&[&base[..], &["--source-timeout", "2s"]].concat()).await;
    assert!(
        stderr(&out).contains("remotive: stopped after 2s on the network"),
        "{}",
        stderr(&out)
    );
}
