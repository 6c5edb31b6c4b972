//! Pay, job type and workplace read from an ad's text, measured on real ads labeled by
//! reading (tests/fixtures/pay/labels.csv and tests/fixtures/job_type_workplace/labels.csv:
//! ids and values only, each split once into a tuning and a checking half; the README.md
//! beside them says how). The ads' text is never in the project: set
//! JOBTAP_CORPUS_DIR to the folder holding pay_dev.csv, labeled_dev.csv, labeled_dev2.csv
//! and postings.csv to run the measurement; without it the test says so and passes.
//!
//! Each ad goes through what every posting goes through (`scrape::finish`, with no
//! structured pay), so the figures are those a user gets.

use jobtap::filter::Filter;
use jobtap::normalize::text::clean_text;
use jobtap::posting::{Posting, Salary};
use jobtap::tag::Tagger;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Title and text of every ad in the corpus folder, by id. An id in several files has the
/// same ad in each; pay_dev.csv, read last, wins.
fn corpus_ads(dir: &Path) -> HashMap<String, (String, String)> {
    let mut ads = HashMap::new();
    let rows = |name: &str| {
        let path = dir.join(name);
        let mut rdr = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        rdr.deserialize::<BTreeMap<String, String>>()
            .map(|r| r.unwrap())
            .collect::<Vec<_>>()
    };
    // EMSCAD rows are ids em-<job_id>, their text the three text columns joined by blank
    // lines (as pay_dev.csv has them).
    for r in rows("postings.csv") {
        let body: Vec<&str> = ["description", "requirements", "benefits"]
            .iter()
            .map(|k| r[*k].as_str())
            .filter(|t| !t.is_empty())
            .collect();
        ads.insert(
            format!("em-{}", r["job_id"]),
            (r["title"].clone(), body.join("\n\n")),
        );
    }
    for name in ["labeled_dev2.csv", "labeled_dev.csv", "pay_dev.csv"] {
        for r in rows(name) {
            ads.insert(r["id"].clone(), (r["title"].clone(), r["body"].clone()));
        }
    }
    ads
}

fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("JOBTAP_CORPUS_DIR").map(PathBuf::from);
    if dir.is_none() {
        println!("JOBTAP_CORPUS_DIR not set: the measurement on real ads is skipped");
    }
    dir
}

/// One ad as a posting from a source with no structured fields, finished as every posting is.
fn finished(tagger: &Tagger, id: &str, title: &str, body: &str) -> Posting {
    let mut p = Posting::new("corpus", id, chrono::Utc::now());
    p.title = title.to_string();
    p.description = clean_text(body);
    let finish = jobtap::finish::Finish {
        tagger,
        filter: &Filter::default(),
        query: false,
        explain: None,
    };
    assert!(finish.one(&mut p).is_ok(), "no filter is set");
    p
}

fn labels(name: &str) -> Vec<BTreeMap<String, String>> {
    let path = crate::support::fixture(name);
    let mut rdr = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    rdr.deserialize().map(|r| r.unwrap()).collect()
}

/// What a label or a reading says: min, max, currency, period; `None` for no pay.
#[derive(PartialEq)]
struct Pay {
    min: Option<f64>,
    max: Option<f64>,
    currency: String,
    period: String,
}

impl Pay {
    fn of_label(row: &BTreeMap<String, String>) -> Option<Pay> {
        let num = |k: &str| (!row[k].is_empty()).then(|| row[k].parse::<f64>().unwrap());
        (row["period"] != "NONE").then(|| Pay {
            min: num("min"),
            max: num("max"),
            currency: row["currency"].clone(),
            period: row["period"].clone(),
        })
    }

    fn of_salary(s: &Salary) -> Option<Pay> {
        (s.min.is_some() || s.max.is_some()).then(|| Pay {
            min: s.min,
            max: s.max,
            currency: s.currency.clone().unwrap_or_default(),
            period: s.period.map(|p| p.as_str().to_string()).unwrap_or_default(),
        })
    }
}

impl std::fmt::Display for Pay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = |v: Option<f64>| v.map_or("_".to_string(), |v| v.to_string());
        write!(
            f,
            "{}-{} {} {}",
            n(self.min),
            n(self.max),
            self.currency,
            self.period
        )
    }
}

#[derive(Default)]
struct Score {
    exact: u32,
    wrong: u32,
    missed: u32,
    no_pay: u32,
    invented: u32,
    failures: Vec<String>,
}

impl Score {
    fn add(&mut self, id: &str, want: Option<Pay>, got: &Salary) {
        let found = Pay::of_salary(got);
        let text = got.text.as_deref().unwrap_or("");
        let failure = match (&want, &found) {
            (None, None) => {
                self.no_pay += 1;
                return;
            }
            (None, Some(g)) => {
                self.no_pay += 1;
                self.invented += 1;
                format!("{id} invented {g} from {text:?}")
            }
            (Some(_), None) => {
                self.missed += 1;
                format!(
                    "{id} missed {} (salary_text {text:?})",
                    want.as_ref().unwrap()
                )
            }
            (Some(w), Some(g)) if w == g => {
                self.exact += 1;
                return;
            }
            (Some(w), Some(g)) => {
                self.wrong += 1;
                format!("{id} wrong: want {w}, got {g} from {text:?}")
            }
        };
        self.failures.push(failure);
    }

    fn statements(&self) -> u32 {
        self.exact + self.wrong + self.missed
    }

    fn summary(&self) -> String {
        format!(
            "{} pay statements: {} exact ({:.1}%), {} wrong, {} missed; {} ads without pay: {} with figures invented",
            self.statements(),
            self.exact,
            100.0 * f64::from(self.exact) / f64::from(self.statements().max(1)),
            self.wrong,
            self.missed,
            self.no_pay,
            self.invented
        )
    }
}

#[test]
fn pay_on_labeled_real_ads() {
    let Some(dir) = corpus_dir() else {
        return;
    };
    let ads = corpus_ads(&dir);
    let tagger = Tagger::builtin();
    let mut halves: BTreeMap<String, Score> = BTreeMap::new();
    for row in labels("pay/labels.csv") {
        if row["unsure"] == "1" {
            continue;
        }
        let id = &row["id"];
        let (title, body) = ads
            .get(id)
            .unwrap_or_else(|| panic!("{id}: not in the corpus at {dir:?}"));
        let p = finished(&tagger, id, title, body);
        halves
            .entry(row["half"].clone())
            .or_default()
            .add(id, Pay::of_label(&row), &p.salary);
    }
    // `tune2`: ads labeled later, all for tuning; the first split stays as it was.
    for (half, name) in [("tune", "tuning half"), ("tune2", "second tuning set")] {
        let tune = &halves[half];
        println!("pay, {name}: {}", tune.summary());
        for f in &tune.failures {
            println!("  {f}");
        }
    }
    // The checking half is only ever counted: its ads are not for tuning.
    println!("pay, checking half: {}", halves["check"].summary());
    // Floors on the sets the rules were tuned on: raise them, never lower them to pass.
    for half in ["tune", "tune2"] {
        let tune = &halves[half];
        assert!(
            tune.exact * 100 >= tune.statements() * 99,
            "{half}: {}",
            tune.summary()
        );
        assert_eq!(tune.invented, 0, "{half}: {}", tune.summary());
    }
}

/// Right / wrong / missed / invented for one field read from text.
#[derive(Default)]
struct FieldScore {
    right: u32,
    wrong: u32,
    missed: u32,
    stated: u32,
    unstated: u32,
    invented: u32,
    failures: Vec<String>,
}

impl FieldScore {
    fn add(&mut self, id: &str, want: &str, got: &str) {
        match (want.is_empty(), got.is_empty()) {
            (true, true) => self.unstated += 1,
            (true, false) => {
                self.unstated += 1;
                self.invented += 1;
                self.failures.push(format!("{id} invented {got:?}"));
            }
            (false, true) => {
                self.stated += 1;
                self.missed += 1;
                self.failures.push(format!("{id} missed {want:?}"));
            }
            (false, false) if want == got => {
                self.stated += 1;
                self.right += 1;
            }
            (false, false) => {
                self.stated += 1;
                self.wrong += 1;
                self.failures
                    .push(format!("{id} wrong: want {want:?}, got {got:?}"));
            }
        }
    }

    fn summary(&self) -> String {
        format!(
            "{} stated: {} right ({:.1}%), {} wrong, {} missed; {} not stated: {} invented",
            self.stated,
            self.right,
            100.0 * f64::from(self.right) / f64::from(self.stated.max(1)),
            self.wrong,
            self.missed,
            self.unstated,
            self.invented
        )
    }
}

#[test]
fn job_type_and_workplace_on_labeled_real_ads() {
    let Some(dir) = corpus_dir() else {
        return;
    };
    let ads = corpus_ads(&dir);
    let tagger = Tagger::builtin();
    // (half, field) -> score
    let mut scores: BTreeMap<(String, &str), FieldScore> = BTreeMap::new();
    for row in labels("job_type_workplace/labels.csv") {
        let id = &row["id"];
        let (title, body) = ads
            .get(id)
            .unwrap_or_else(|| panic!("{id}: not in the corpus at {dir:?}"));
        let p = finished(&tagger, id, title, body);
        let mut types: Vec<&str> = p.employment_type.iter().map(|t| t.as_str()).collect();
        types.sort_unstable();
        let mut want_types: Vec<&str> = row["employment_type"]
            .split(';')
            .filter(|t| !t.is_empty())
            .collect();
        want_types.sort_unstable();
        let workplace = match p.workplace.as_str() {
            "unknown" => "",
            w => w,
        };
        for (field, want, got) in [
            ("employment_type", want_types.join(";"), types.join(";")),
            ("workplace", row["workplace"].clone(), workplace.to_string()),
        ] {
            if row["unsure"].split(';').any(|u| u == field) {
                continue;
            }
            scores
                .entry((row["half"].clone(), field))
                .or_default()
                .add(id, &want, &got);
        }
    }
    for field in ["employment_type", "workplace"] {
        for (half, name) in [("tune", "tuning half"), ("tune2", "second tuning set")] {
            let tune = &scores[&(half.to_string(), field)];
            println!("{field}, {name}: {}", tune.summary());
            for f in &tune.failures {
                println!("  {f}");
            }
        }
        println!(
            "{field}, checking half: {}",
            scores[&("check".to_string(), field)].summary()
        );
        // Floors on the tuning sets, as for pay (the second set's: what it reached; two
        // statements it misses are in run-together capitals and "your own hours
        // part-time or full-time").
        for (half, floor) in [("tune", 98), ("tune2", 95)] {
            let tune = &scores[&(half.to_string(), field)];
            assert!(
                tune.right * 100 >= tune.stated * floor,
                "{field} {half}: {}",
                tune.summary()
            );
            assert_eq!(tune.invented, 0, "{field} {half}: {}", tune.summary());
        }
    }
}
