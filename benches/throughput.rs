//! `cargo bench --bench throughput`: normalize + tag and export throughput, printed as
//! figures (no timing assertions). Reads real postings from the CSV named by
//! JOBTAP_CORPUS (columns title and description, as shared/corpus/postings.csv) and falls
//! back to the project's own fixtures.

use jobtap::export::{write_postings, ExportOptions, Format};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts live heap bytes and their peak, to show what exporting adds to memory.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Heap bytes a closure adds at its peak, above what was live before it.
fn extra_peak(f: impl FnOnce()) -> usize {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    f();
    PEAK.load(Ordering::Relaxed) - before
}
use jobtap::normalize::text::html_to_text;
use jobtap::posting::Posting;
use jobtap::tag::Tagger;
use std::time::{Duration, Instant};

struct Doc {
    title: String,
    html: String,
}

fn corpus() -> (String, Vec<Doc>) {
    if let Ok(path) = std::env::var("JOBTAP_CORPUS") {
        let mut rdr = csv::Reader::from_path(&path).expect("JOBTAP_CORPUS is a CSV");
        let docs = rdr
            .deserialize::<std::collections::HashMap<String, String>>()
            .filter_map(Result::ok)
            .map(|r| Doc {
                title: r.get("title").cloned().unwrap_or_default(),
                html: ["description", "requirements", "benefits"]
                    .iter()
                    .filter_map(|k| r.get(*k))
                    .map(|s| format!("<p>{s}</p>"))
                    .collect(),
            })
            .collect();
        return (path, docs);
    }
    // The project's own fixtures: Greenhouse content and Remotive descriptions.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut docs = Vec::new();
    for (file, key) in [
        ("greenhouse/board.json", "content"),
        ("remotive/jobs.json", "description"),
    ] {
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(format!("{dir}/{file}")).unwrap()).unwrap();
        for job in v["jobs"].as_array().unwrap() {
            docs.push(Doc {
                title: job["title"].as_str().unwrap_or("").to_string(),
                html: html_escape::decode_html_entities(job[key].as_str().unwrap_or(""))
                    .into_owned(),
            });
        }
    }
    (format!("{dir} (set JOBTAP_CORPUS for real postings)"), docs)
}

/// Runs `f` over all docs repeatedly for about a second; returns docs per second and the
/// best round's time.
fn measure(rounds_for: Duration, docs: usize, mut f: impl FnMut() -> usize) -> (f64, Duration) {
    let mut best = Duration::MAX;
    let started = Instant::now();
    let mut sink = 0usize;
    while started.elapsed() < rounds_for {
        let t = Instant::now();
        sink = sink.wrapping_add(f());
        best = best.min(t.elapsed());
    }
    std::hint::black_box(sink);
    (docs as f64 / best.as_secs_f64(), best)
}

fn main() {
    let (source, docs) = corpus();
    let bytes: usize = docs.iter().map(|d| d.html.len()).sum();
    println!(
        "corpus: {} postings, {:.1} MB of description HTML, from {source}",
        docs.len(),
        bytes as f64 / 1e6
    );
    let t = Instant::now();
    let tagger = Tagger::builtin();
    println!(
        "tagger build        {:>10.1} ms (once per run)",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let budget = Duration::from_secs(2);

    let (rate, best) = measure(budget, docs.len(), || {
        docs.iter().map(|d| html_to_text(&d.html).len()).sum()
    });
    println!(
        "html_to_text        {:>10.0} postings/s  {:>7.1} MB/s",
        rate,
        bytes as f64 / 1e6 / best.as_secs_f64()
    );

    let texts: Vec<(String, String)> = docs
        .iter()
        .map(|d| (d.title.clone(), html_to_text(&d.html)))
        .collect();
    let (rate, _) = measure(budget, docs.len(), || {
        texts
            .iter()
            .map(|(t, d)| tagger.tags_of_text(t, d).len())
            .sum()
    });
    println!("tag                 {:>10.0} postings/s", rate);

    // What `scrape::finish` reads from a description whose source gave no such fields: the
    // first pay statement, the job type and the workplace.
    let (rate, best) = measure(budget, docs.len(), || {
        texts
            .iter()
            .map(|(t, d)| {
                let scan = jobtap::normalize::keywords::Scan::new(d);
                usize::from(jobtap::normalize::salary::from_description(d, None).is_some())
                    + jobtap::normalize::employment::types_in(&scan).len()
                    + usize::from(jobtap::normalize::workplace::from_scan(t, &scan).is_some())
            })
            .sum()
    });
    println!(
        "fields from text    {:>10.0} postings/s  {:>7.2} us/posting",
        rate,
        best.as_secs_f64() * 1e6 / docs.len() as f64
    );

    let now = chrono::Utc::now();
    let (rate, best) = measure(budget, docs.len(), || {
        docs.iter()
            .enumerate()
            .map(|(i, d)| {
                let mut p = Posting::new("bench", i.to_string(), now);
                p.title = d.title.clone();
                p.description = html_to_text(&d.html);
                p.tags = tagger.tags(&p);
                p.tags.len()
            })
            .sum()
    });
    println!(
        "normalize+tag       {:>10.0} postings/s  {:>7.1} MB/s  (one core)",
        rate,
        bytes as f64 / 1e6 / best.as_secs_f64()
    );

    export(&texts, &tagger, now, budget);
}

fn export(
    texts: &[(String, String)],
    tagger: &Tagger,
    now: chrono::DateTime<chrono::Utc>,
    budget: Duration,
) {
    // Export: 10,000 and 100,000 postings built from the corpus, written to a sink. The
    // extra heap at the peak shows whether a format streams: none may grow with the number
    // of postings (XLSX holds its links, at most 65,530, and writes rows to a temporary file).
    let build = |n: usize| -> Vec<Posting> {
        (0..n)
            .map(|i| {
                let d = &texts[i % texts.len()];
                let mut p = Posting::new("bench", i.to_string(), now);
                p.title = d.0.clone();
                p.description = d.1.clone();
                p.tags = tagger.tags(&p);
                p
            })
            .collect()
    };
    let opts = ExportOptions::default();
    let small = build(10_000);
    let postings = build(100_000);
    for (name, format) in [
        ("csv", Format::Csv),
        ("ndjson", Format::Ndjson),
        ("json", Format::Json),
        ("xlsx", Format::Xlsx),
        ("html", Format::Html),
    ] {
        let (rate, best) = measure(budget, postings.len(), || {
            let mut counter = CountingSink(0);
            write_postings(&mut counter, format, &opts, &postings).unwrap();
            counter.0
        });
        let mut counter = CountingSink(0);
        let peak_large =
            extra_peak(|| write_postings(&mut counter, format, &opts, &postings).unwrap());
        // A figure counts only if every posting was written: JSON output once stopped
        // early and showed as a faster export.
        let mut lines = LineCount(0);
        write_postings(&mut lines, format, &opts, &postings).unwrap();
        match format {
            Format::Ndjson => assert_eq!(lines.0, postings.len()),
            Format::Json => assert_eq!(lines.0, postings.len() + 2),
            Format::Csv | Format::Html => assert!(lines.0 > postings.len()),
            Format::Xlsx => {}
        }
        let peak_small =
            extra_peak(|| write_postings(CountingSink(0), format, &opts, &small).unwrap());
        println!(
            "export {name:<7}      {:>10.0} postings/s  {:>7.1} MB/s  (100,000 postings in {:.2}s; extra heap {:.1} MB for 10,000, {:.1} MB for 100,000)",
            rate,
            counter.0 as f64 / 1e6 / best.as_secs_f64(),
            best.as_secs_f64(),
            peak_small as f64 / 1e6,
            peak_large as f64 / 1e6
        );
    }
}

struct CountingSink(usize);

impl std::io::Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Counts newlines: records in JSON Lines, and a lower bound on them in CSV.
struct LineCount(usize);

impl std::io::Write for LineCount {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.iter().filter(|&&b| b == b'\n').count();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
