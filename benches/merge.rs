//! `cargo bench --bench merge`: a master sheet of 100,000 rows merged with a run's 100,000
//! postings (`--merge-into`), in XLSX and CSV: reading the sheet back, merging (90,000
//! refreshed, 10,000 new) and writing it, each timed, with the process's peak resident
//! memory. Figures only, no assertions on time.

use chrono::{DateTime, Utc};
use jobtap::export::csv_out::CsvStyle;
use jobtap::posting::Posting;
use jobtap::sheet::Sheet;
use std::collections::HashSet;
use std::path::Path;
use std::time::{Duration, Instant};

const ROWS: usize = 100_000;
const NEW: usize = 10_000;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// Postings `from..to`, about 600 bytes of description each, every other one tagged.
fn postings(from: usize, to: usize, fetched: DateTime<Utc>) -> Vec<Posting> {
    let text = "Answer customers through chat and email on the overnight shift. ".repeat(10);
    (from..to)
        .map(|i| {
            let mut p = Posting::new("bench", i.to_string(), fetched);
            p.title = format!("Support Specialist {i}");
            p.company = Some(format!("Company {}", i % 997));
            p.location = Some("Remote - US".into());
            p.url = format!("https://board.example/jobs/{i}");
            p.description = text.clone();
            p.posted_at = Some(fetched);
            if i % 2 == 0 {
                p.tags = vec!["chat".into(), "overnight".into()];
            }
            p
        })
        .collect()
}

/// A line of Linux's /proc/self/status in MB (`VmRSS` now, `VmHWM` its peak); 0 elsewhere.
fn rss_mb(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed())
}

fn bench(path: &Path) {
    let first = postings(0, ROWS, at("2026-11-01T08:00:00Z"));
    let mut sheet = Sheet::load(path, CsvStyle::default()).unwrap();
    sheet.merge(&first, &HashSet::new(), at("2026-11-01T08:00:00Z"));
    let (_, made) = timed(|| sheet.save(path, false).unwrap());
    drop((sheet, first));
    let size = std::fs::metadata(path).unwrap().len();

    let run = postings(NEW, ROWS + NEW, at("2026-11-02T08:00:00Z"));
    // The peak from here on: Linux resets VmHWM to the present RSS on "5".
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = rss_mb("VmRSS");
    let (mut sheet, read) = timed(|| Sheet::load(path, CsvStyle::default()).unwrap());
    let known = sheet.ids();
    let (merged, merge) = timed(|| sheet.merge(&run, &known, at("2026-11-02T08:00:00Z")));
    let (_, write) = timed(|| sheet.save(path, false).unwrap());
    assert_eq!(
        (merged.updated, merged.added, merged.rows),
        (ROWS - NEW, NEW, ROWS + NEW)
    );
    let kind = path.extension().unwrap().to_string_lossy();
    println!(
        "merge {kind:<4} {ROWS} rows ({:.0} MB) + {ROWS} postings: {:.2} s (read {:.2} s, merge {:.2} s, write {:.2} s); first write of the sheet {:.2} s; peak RSS {:.0} MB ({:.0} MB before reading)",
        size as f64 / 1e6,
        (read + merge + write).as_secs_f64(),
        read.as_secs_f64(),
        merge.as_secs_f64(),
        write.as_secs_f64(),
        made.as_secs_f64(),
        rss_mb("VmHWM"),
        before,
    );
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["master.xlsx", "master.csv"] {
        bench(&dir.path().join(name));
    }
}
