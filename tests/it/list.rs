//! `list:FILE`: list pages described by TOML definitions, run through the worked examples in
//! `examples/` on saved pages and on local servers.

use crate::support::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use wiremock::{
    matchers::{method, path, query_param, query_param_is_missing},
    Mock, MockServer, ResponseTemplate,
};

const FAST: [&str; 4] = ["--retries", "0", "--backoff", "5ms"];

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

fn newspaper() -> String {
    format!(
        "list:{}",
        example("list-newspaper-classifieds.toml").display()
    )
}

fn community() -> String {
    format!("list:{}", example("list-community-board.toml").display())
}

/// A copy of an example with one line changed, in `dir`.
fn variant(dir: &Path, name: &str, from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(example(name)).unwrap();
    assert!(text.contains(from), "{from}");
    let file = dir.join(name);
    std::fs::write(&file, text.replace(from, to)).unwrap();
    format!("list:{}", file.display())
}

fn parse(spec: &str, file: &str) -> std::process::Output {
    jobtap_sync(&[
        "parse",
        "--source",
        spec,
        fixture(file).to_str().unwrap(),
        "--format",
        "ndjson",
    ])
}

fn html(rel: &str) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("content-type", "text/html; charset=utf-8")
        .set_body_bytes(fixture_bytes(rel))
}

/// The newspaper's pages by number on a local server: page N answers `pages[N-1]`.
async fn newspaper_server(pages: Vec<ResponseTemplate>) -> (MockServer, Arrivals) {
    let server = MockServer::start().await;
    let hits = Arrivals::default();
    for (i, page) in pages.into_iter().enumerate() {
        Mock::given(method("GET"))
            .and(path("/help-wanted/search"))
            .and(query_param("page", (i + 1).to_string()))
            .respond_with(Sequence::new(vec![page], &hits))
            .mount(&server)
            .await;
    }
    (server, hits)
}

async fn scrape(spec: &str, source_endpoint: &MockServer, extra: &[&str]) -> std::process::Output {
    let ep = endpoint("list", source_endpoint);
    let mut args = vec![
        "scrape",
        spec,
        "--endpoint",
        &ep,
        "--rate",
        "list=100/s",
        "--format",
        "ndjson",
    ];
    args.extend(FAST);
    args.extend(extra);
    jobtap(&args).await
}

#[test]
fn newspaper_fields() {
    let out = parse(&newspaper(), "list/newspaper-page1.html");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "",
        "every field matched somewhere on the page"
    );
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 3);
    let a = &rows[0];
    assert_eq!(a["source"], "riverton-gazette", "the definition's name");
    assert_eq!(
        a["source_id"],
        "https://classifieds.riverton-gazette.example/help-wanted/ad/88231"
    );
    assert_eq!(a["title"], "Night Desk Clerk \u{2013} Riverside Inn");
    assert_eq!(
        a["url"], "https://classifieds.riverton-gazette.example/help-wanted/ad/88231",
        "relative links resolve against the definition's url"
    );
    assert_eq!(a["company"], "Riverside Inn");
    assert_eq!(
        (&a["location"], &a["city"], &a["region"], &a["country"]),
        (
            &json!("Riverton, WY"),
            &json!("Riverton"),
            &json!("WY"),
            &json!("US")
        )
    );
    assert_eq!(a["employment_type"], json!(["part_time"]));
    assert_eq!(
        (
            &a["salary_min"],
            &a["salary_max"],
            &a["salary_currency"],
            &a["salary_period"],
            &a["salary_text"]
        ),
        (
            &json!(15.5),
            &json!(15.5),
            &json!("USD"),
            &json!("hour"),
            &json!("$15.50/hr")
        )
    );
    assert_eq!(
        a["posted_at"], "2026-11-18T00:00:00Z",
        "the definition's date_format"
    );
    assert_eq!(
        a["description"],
        "Front desk, 11pm to 7am.\nWeekends required."
    );
    assert_eq!(a["workplace"], "unknown");

    let b = &rows[1];
    assert_eq!(b["company"], "Big Sky Seeds & Feed");
    assert_eq!(b["employment_type"], json!(["seasonal"]));
    assert!(
        b["salary_min"].is_null() && b["salary_text"].is_null(),
        "no pay in this ad"
    );
    let c = &rows[2];
    assert_eq!(c["url"], "https://jobs.fremontcounty.example/posting/4410");
    assert_eq!(
        (&c["salary_min"], &c["salary_max"]),
        (&json!(14.0), &json!(16.0))
    );
    assert_eq!(c["employment_type"], json!([]));
}

#[test]
fn community_fields_with_attributes_and_relative_dates() {
    let out = parse(&community(), "list/community-page1.html");
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 2, "the sponsored row is not an item");
    let a = &rows[0];
    assert_eq!(a["source"], "harbor-community-board");
    assert_eq!(a["source_id"], "hcb-1201", "the item's own attribute");
    assert_eq!(
        a["title"], "Phone Support Volunteer",
        "the link's title attribute"
    );
    assert_eq!(a["url"], "https://board.harbor-community.example/jobs/1201");
    assert_eq!(a["company"], "Harbor Food Pantry");
    assert_eq!(a["location"], "Remote");
    assert_eq!(a["workplace"], "remote");
    assert_eq!(a["employment_type"], json!(["volunteer"]));
    assert_eq!(
        a["description"],
        "Return calls from neighbors.\n\nFour hours a week."
    );
    let day = |r: &Value, back: i64| {
        let fetched = chrono::DateTime::parse_from_rfc3339(r["fetched_at"].as_str().unwrap())
            .unwrap()
            .with_timezone(&chrono::Utc);
        (fetched - chrono::Duration::days(back))
            .format("%Y-%m-%dT00:00:00Z")
            .to_string()
    };
    assert_eq!(a["posted_at"], day(a, 3).as_str(), "3 days ago");
    let b = &rows[1];
    assert_eq!(b["posted_at"], day(b, 1).as_str(), "yesterday");
    assert_eq!(
        (&b["city"], &b["region"], &b["country"]),
        (&json!("Port Haven"), &json!("ME"), &json!("US"))
    );
    assert_eq!(
        (&b["salary_min"], &b["salary_period"]),
        (&json!(16.0), &json!("hour"))
    );
    assert_eq!(b["tags"], json!(["helpdesk", "part-time", "weekend"]));
}

#[test]
fn a_field_found_in_no_item_is_a_warning() {
    let out = parse(&community(), "list/community-page2.html");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(json_lines(&out)[0]["posted_at"], "2026-11-02T00:00:00Z");
    assert!(
        stderr(&out).contains(
            "harbor-community-board: field `pay` (selector \".pay\") found nothing in the 1 item on the page"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_item_selector_matching_nothing_is_an_error() {
    let out = parse(&newspaper(), "list/newspaper-empty.html");
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stderr(&out).contains(
            "riverton-gazette: `item` selector \"article.ad\" matched nothing on the page"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn broken_definitions_are_usage_errors_before_any_fetch() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "list:/nonexistent/jobs.toml".to_string(),
            "cannot read /nonexistent/jobs.toml",
        ),
        (
            variant(
                dir.path(),
                "list-community-board.toml",
                "item = \"li.listing\"",
                "item = \"li..listing\"",
            ),
            "item \"li..listing\" is not a valid CSS selector",
        ),
        (
            variant(
                dir.path(),
                "list-newspaper-classifieds.toml",
                "first_page = 1",
                "first_pag = 1",
            ),
            "unknown field `first_pag`",
        ),
    ];
    for (spec, want) in cases {
        let out = jobtap_sync(&["scrape", &spec]);
        assert_eq!(out.status.code(), Some(2), "{spec}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("needs an argument: list:DEFINITION (") && err.contains(want),
            "{err}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_numbers_until_a_page_without_items() {
    let (server, hits) = newspaper_server(vec![
        html("list/newspaper-page1.html"),
        html("list/newspaper-page2.html"),
        html("list/newspaper-empty.html"),
    ])
    .await;
    let out = scrape(&newspaper(), &server, &["-l", "Riverton, WY"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        hits.targets(),
        [
            "/help-wanted/search?q=&near=Riverton%2C%20WY&page=1",
            "/help-wanted/search?q=&near=Riverton%2C%20WY&page=2",
            "/help-wanted/search?q=&near=Riverton%2C%20WY&page=3",
        ],
        "the location is sent URL-encoded; the empty third page ends the list"
    );
    let rows = json_lines(&out);
    let urls: Vec<&str> = rows.iter().map(|r| r["url"].as_str().unwrap()).collect();
    let local = |p: &str| format!("{}{p}", server.uri());
    assert_eq!(
        urls,
        [
            local("/help-wanted/ad/88231"),
            "https://jobs.fremontcounty.example/posting/4410".to_string(),
            local("/help-wanted/ad/88102"),
        ],
        "the Lander ad is filtered out locally; relative links resolve against the page as fetched"
    );
    assert_eq!(rows[0]["source_id"], rows[0]["url"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_numbers_stop_at_max_pages() {
    let dir = tempfile::tempdir().unwrap();
    let spec = variant(
        dir.path(),
        "list-newspaper-classifieds.toml",
        "max_pages = 3",
        "max_pages = 2",
    );
    let (server, hits) = newspaper_server(vec![
        html("list/newspaper-page1.html"),
        html("list/newspaper-page2.html"),
        html("list/newspaper-page2.html"),
    ])
    .await;
    let out = scrape(&spec, &server, &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(hits.targets().len(), 2, "{:?}", hits.targets());
    assert_eq!(json_lines(&out).len(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_later_page_keeps_the_earlier_ones() {
    let (server, hits) = newspaper_server(vec![
        html("list/newspaper-page1.html"),
        ResponseTemplate::new(500),
    ])
    .await;
    let out = scrape(&newspaper(), &server, &[]).await;
    assert_eq!(out.status.code(), Some(3), "partial: {}", stderr(&out));
    assert_eq!(hits.targets().len(), 2);
    assert_eq!(json_lines(&out).len(), 3);
    assert!(stderr(&out).contains("500"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_item_selector_names_selector_and_page() {
    let dir = tempfile::tempdir().unwrap();
    let spec = variant(
        dir.path(),
        "list-newspaper-classifieds.toml",
        "item = \"article.ad\"",
        "item = \"div.ad\"",
    );
    let (server, hits) = newspaper_server(vec![html("list/newspaper-page1.html")]).await;
    let out = scrape(&spec, &server, &[]).await;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "`item` selector \"div.ad\" matched nothing on {}/help-wanted/search?q=&near=&page=1",
            server.uri()
        )),
        "{err}"
    );
    assert_eq!(hits.targets().len(), 1);
}

/// The community board on a local server: the first page, and the page its "older" link
/// names.
async fn community_server(first: ResponseTemplate) -> (MockServer, Arrivals) {
    let server = MockServer::start().await;
    let hits = Arrivals::default();
    Mock::given(method("GET"))
        .and(path("/jobs"))
        .and(query_param_is_missing("before"))
        .respond_with(Sequence::new(vec![first], &hits))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/jobs"))
        .and(query_param("before", "hcb-1198"))
        .respond_with(Sequence::new(
            vec![html("list/community-page2.html")],
            &hits,
        ))
        .mount(&server)
        .await;
    (server, hits)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn next_links_until_there_is_none() {
    let (server, hits) = community_server(html("list/community-page1.html")).await;
    let out = scrape(&community(), &server, &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        hits.targets(),
        ["/jobs?search=", "/jobs?search=&before=hcb-1198"]
    );
    let ids: Vec<String> = json_lines(&out)
        .iter()
        .map(|r| r["source_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["hcb-1201", "hcb-1198", "hcb-1150"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn absolute_next_links_to_the_site_stay_on_the_endpoint() {
    let page = String::from_utf8(fixture_bytes("list/community-page1.html"))
        .unwrap()
        .replace(
            "href=\"/jobs?search=&amp;before=hcb-1198\"",
            "href=\"https://board.harbor-community.example/jobs?search=&amp;before=hcb-1198\"",
        );
    let (server, hits) = community_server(
        ResponseTemplate::new(200)
            .insert_header("content-type", "text/html")
            .set_body_string(page),
    )
    .await;
    let out = scrape(&community(), &server, &["-q", "overnight"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        hits.targets(),
        ["/jobs?search=overnight", "/jobs?search=&before=hcb-1198"]
    );
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 1, "query words are matched locally too");
    assert_eq!(rows[0]["title"], "Overnight Crisis Line Listener");
}

#[test]
fn definitions_are_found_relative_to_the_working_directory() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jobtap"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "parse",
            "--source",
            "list:examples/list-community-board.toml",
            "tests/fixtures/list/community-page1.html",
            "--format",
            "ndjson",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(json_lines(&out).len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_definition_files_rate_holds_between_pages() {
    let (server, hits) = newspaper_server(vec![
        html("list/newspaper-page1.html"),
        html("list/newspaper-page2.html"),
        html("list/newspaper-empty.html"),
    ])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let def = dir.path().join("gazette.toml");
    let example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/list-newspaper-classifieds.toml"
    ))
    .unwrap();
    assert!(example.contains("rate = \"1/5s\""));
    std::fs::write(&def, example.replace("rate = \"1/5s\"", "rate = \"5/s\"")).unwrap();
    let spec = format!("list:{}", def.display());
    let ep = endpoint("list", &server);
    // No --rate: the file's own rate is the one held to.
    let mut args = vec!["scrape", &spec, "--endpoint", &ep, "--format", "ndjson"];
    args.extend(FAST);
    let out = jobtap(&args).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let gaps = hits.gaps();
    assert_eq!(gaps.len(), 2, "{:?}", hits.targets());
    assert!(
        gaps.iter()
            .all(|g| *g >= std::time::Duration::from_millis(170)),
        "{gaps:?}"
    );
}
