//! `cargo bench --bench parse`: parse throughput per adapter on realistic response sizes,
//! in MB/s and postings/s. Each response is one of the project's fixtures grown to a real
//! page's size by repeating its postings (Craigslist: a 500 KB search page).

use jobtap::adapters::{self, ParseCtx};
use jobtap::definition::Registry;
use serde_json::Value;
use std::time::{Duration, Instant};

/// (source, fixture, target size in bytes)
const CASES: &[(&str, &str, usize)] = &[
    ("greenhouse", "greenhouse/board.json", 1_000_000),
    ("lever", "lever/page1.json", 500_000),
    ("remotive", "remotive/jobs.json", 1_000_000),
    ("remoteok", "remoteok/api.json", 500_000),
    ("himalayas", "himalayas/page1.json", 200_000),
    ("jobicy", "jobicy/jobs.json", 200_000),
    ("arbeitnow", "arbeitnow/page1.json", 300_000),
    ("themuse", "themuse/page0.json", 300_000),
    ("ashby", "ashby/board.json", 500_000),
    ("smartrecruiters", "smartrecruiters/page1.json", 100_000),
    ("recruitee", "recruitee/offers.json", 300_000),
    ("workable", "workable/account.json", 300_000),
    ("usajobs", "usajobs/page1.json", 300_000),
    ("adzuna", "adzuna/page1.json", 100_000),
    ("hn", "hn/thread.json", 500_000),
    ("craigslist", "craigslist/search_milwaukee.html", 500_000),
];

fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{rel}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Repeats the elements of the document's largest array until it reaches `size` bytes.
fn grow_json(body: &[u8], size: usize) -> Vec<u8> {
    fn largest(v: &mut Value) -> Option<&mut Vec<Value>> {
        let own_len = v.as_array().map_or(0, Vec::len);
        let mut best: Option<&mut Vec<Value>> = None;
        let mut best_len = own_len;
        match v {
            Value::Array(a) => {
                if a.iter().all(|x| x.is_object()) && !a.is_empty() {
                    return Some(a);
                }
                for x in a.iter_mut() {
                    if let Some(c) = largest(x) {
                        if c.len() >= best_len {
                            best_len = c.len();
                            best = Some(c);
                        }
                    }
                }
            }
            Value::Object(o) => {
                for x in o.values_mut() {
                    if let Some(c) = largest(x) {
                        if best.is_none() || c.len() > best_len {
                            best_len = c.len();
                            best = Some(c);
                        }
                    }
                }
            }
            _ => {}
        }
        best
    }
    let mut doc: Value = serde_json::from_slice(body).unwrap();
    let per_copy = body.len().max(1);
    let copies = size / per_copy + 1;
    if let Some(items) = largest(&mut doc) {
        let original = items.clone();
        for _ in 0..copies {
            items.extend(original.iter().cloned());
        }
    }
    serde_json::to_vec(&doc).unwrap()
}

/// Repeats a Craigslist search page's result items until the page reaches `size` bytes.
fn grow_craigslist(body: &[u8], size: usize) -> Vec<u8> {
    let page = String::from_utf8(body.to_vec()).unwrap();
    let first = page.find("<li class=\"cl-static-search-result\"").unwrap();
    let end = page.find("</ol>").unwrap();
    let items = &page[first..end];
    let mut out = String::from(&page[..end]);
    while out.len() + (page.len() - end) < size {
        out.push_str(items);
    }
    out.push_str(&page[end..]);
    out.into_bytes()
}

fn main() {
    let registry = Registry::builtin();
    println!(
        "{:<16} {:>9} {:>10} {:>12}",
        "adapter", "size", "MB/s", "postings/s"
    );
    for &(source, file, size) in CASES {
        let def = registry.get(source).unwrap();
        let adapter = adapters::by_name(&def.adapter).unwrap();
        let raw = fixture(file);
        let body = if file.ends_with(".html") {
            grow_craigslist(&raw, size)
        } else {
            grow_json(&raw, size)
        };
        let ctx = ParseCtx {
            source,
            arg: Some("acme"),
            url: &def.base_url,
            fetched_at: chrono::Utc::now(),
        };
        let postings = adapter
            .parse(&body, &ctx)
            .map(|p| p.postings.len())
            .unwrap_or_else(|e| panic!("{source}: {e}"));
        let mut best = Duration::MAX;
        let started = Instant::now();
        while started.elapsed() < Duration::from_millis(700) {
            let t = Instant::now();
            std::hint::black_box(adapter.parse(&body, &ctx).unwrap());
            best = best.min(t.elapsed());
        }
        let secs = best.as_secs_f64();
        println!(
            "{source:<16} {:>7.0}KB {:>10.1} {:>12.0}",
            body.len() as f64 / 1000.0,
            body.len() as f64 / 1e6 / secs,
            postings as f64 / secs
        );
    }
}
