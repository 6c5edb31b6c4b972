//! The filters a job seeker sets (words, companies, a pay floor, job types, workplaces),
//! applied after tagging to scraped and parsed postings alike, and counted in the summary.

use crate::support::*;

const BOARD: &str = "filters/arbeitnow-board.json";

/// The titles `jobtap parse` keeps of the board with `args` set.
fn kept(args: &[&str]) -> Vec<String> {
    let file = fixture(BOARD);
    let mut all = vec![
        "parse",
        "--source",
        "arbeitnow",
        file.to_str().unwrap(),
        "--format",
        "ndjson",
    ];
    all.extend(args);
    let out = jobtap_sync(&all);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    json_lines(&out)
        .iter()
        .map(|v| v["title"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn each_filter_drops_what_it_names() {
    let all = [
        "Chat Agent",
        "Senior Support Agent",
        "Night Support Agent",
        "Email Support Agent",
        "Support Agent (Salesforce)",
    ];
    assert_eq!(kept(&[]), all);
    assert_eq!(
        kept(&["--exclude", "senior, night shift", "--exclude", "EMAIL"]),
        [
            "Chat Agent",
            "Night Support Agent",
            "Support Agent (Salesforce)"
        ],
        "whole words and phrases of title or description"
    );
    assert_eq!(
        kept(&["--exclude", "sales"]),
        all,
        "Salesforce is not the word sales"
    );
    assert_eq!(
        kept(&[
            "--exclude-company",
            "robert half",
            "--exclude-company",
            "GADGETCO"
        ]),
        ["Senior Support Agent", "Night Support Agent"]
    );
    // $30/hour; $70-80k/year (38.46/hour at the top); $15/hour; two without pay.
    assert_eq!(
        kept(&["--min-pay", "20/hour"]),
        [
            "Chat Agent",
            "Senior Support Agent",
            "Email Support Agent",
            "Support Agent (Salesforce)"
        ]
    );
    assert_eq!(
        kept(&["--min-pay", "75k/year", "--require-pay"]),
        ["Senior Support Agent"],
        "the top of a range counts; no pay is dropped when pay is required"
    );
    assert_eq!(
        kept(&["--type", "part_time,internship"]),
        ["Night Support Agent", "Support Agent (Salesforce)"]
    );
    assert_eq!(
        kept(&["--workplace", "hybrid", "--workplace", "onsite"]),
        ["Senior Support Agent", "Night Support Agent"]
    );
}

#[test]
fn bad_filter_values_are_usage_errors() {
    for args in [
        ["--min-pay", "lots"],
        ["--type", "gig"],
        ["--workplace", "unknown"],
    ] {
        let file = fixture(BOARD);
        let mut all = vec!["parse", "--source", "arbeitnow", file.to_str().unwrap()];
        all.extend(args);
        let out = jobtap_sync(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(args[1]), "{}", stderr(&out));
    }
}

/// A saved search's filters and the file's list of blocked companies; the summary (in
/// the log file when stderr is no terminal) counts what each filter turned away.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_search_filters_and_counts_in_its_summary() {
    let (server, _) = serve("/api/job-board-api", vec![json_body(BOARD)]).await;
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("jobs.jsonl");
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            r#"exclude_company = ["Robert Half"]
[[search]]
name = "floor"
sources = ["arbeitnow"]
output = "{}"
min_pay = "20/hour"
workplace = ["remote", "hybrid"]
exclude = ["senior"]
"#,
            out_file.display()
        ),
    )
    .unwrap();
    let log = dir.path().join("log.txt");
    let ep = endpoint("arbeitnow", &server);
    let out = jobtap(&[
        "run",
        "--config",
        config.to_str().unwrap(),
        "--state",
        dir.path().join("state.sqlite").to_str().unwrap(),
        "--endpoint",
        &ep,
        "--rate",
        "arbeitnow=100/s",
        "--log-file",
        log.to_str().unwrap(),
    ])
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows: Vec<serde_json::Value> = std::fs::read_to_string(&out_file)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let titles: Vec<&str> = rows.iter().map(|r| r["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        ["Email Support Agent", "Support Agent (Salesforce)"]
    );
    let log = std::fs::read_to_string(&log).unwrap();
    assert!(
        log.contains("filtered out: 3 (excluded words 1, excluded company 1, workplace 1)"),
        "{log}"
    );
}
