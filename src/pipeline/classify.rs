//! What this run found: one posting per job (cross-source duplicates collapsed), and, with
//! a state kept, which are new to this search and which changed since it last saw them.

use crate::dedupe;
use crate::posting::Posting;
use crate::scrape::SourceRun;
use crate::state::{content_hash, State, StateError};
use chrono::{DateTime, Utc};
use std::collections::HashSet;

#[derive(Default)]
pub(super) struct Classified {
    /// One posting per job, the first source's, with when this search first and last saw
    /// it when a state is kept.
    pub kept: Vec<Posting>,
    /// The duplicates folded into them (recorded as seen too).
    pub dropped: Vec<Posting>,
    pub new: HashSet<String>,
    pub changed: HashSet<String>,
}

pub(super) fn classify(
    runs: &[SourceRun],
    state: Option<&State>,
    scope: &str,
    now: DateTime<Utc>,
) -> Result<Classified, StateError> {
    let all: Vec<Posting> = runs
        .iter()
        .flat_map(|r| r.postings.iter().cloned())
        .collect();
    let (mut kept, dropped) = dedupe::collapse(all);
    let mut new = HashSet::new();
    let mut changed = HashSet::new();
    if let Some(st) = state {
        let ids = kept.iter().chain(&dropped).map(|p| p.id.as_str());
        let seen = st.seen(scope, ids)?;
        for p in kept.iter().chain(&dropped) {
            match seen.get(&p.id) {
                None => {
                    new.insert(p.id.clone());
                }
                Some(s) if s.hash != content_hash(p) => {
                    changed.insert(p.id.clone());
                }
                Some(_) => {}
            }
        }
        for p in &mut kept {
            p.first_seen = Some(seen.get(&p.id).map_or(now, |s| s.first_seen));
            p.last_seen = Some(now);
        }
    }
    Ok(Classified {
        kept,
        dropped,
        new,
        changed,
    })
}

impl Classified {
    /// The postings to write: all of them, or with `new_only` those no earlier run of
    /// this search saw (and, with `include_changed`, those whose content changed).
    pub fn emitted(&self, new_only: bool, include_changed: bool) -> Vec<&Posting> {
        self.kept
            .iter()
            .filter(|p| {
                !new_only
                    || self.new.contains(&p.id)
                    || (include_changed && self.changed.contains(&p.id))
            })
            .collect()
    }

    /// How many of a source's postings are new.
    pub fn new_in(&self, run: &SourceRun) -> usize {
        run.postings
            .iter()
            .filter(|p| self.new.contains(&p.id))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definition::SourceSpec;

    fn run_of(source: &str, ids: &[&str], at: DateTime<Utc>) -> SourceRun {
        let postings = ids
            .iter()
            .map(|id| {
                let mut p = Posting::new(source, *id, at);
                p.title = format!("Agent {id}");
                p.url = format!("https://{source}.example/{id}");
                p
            })
            .collect();
        SourceRun {
            spec: SourceSpec::parse(source).unwrap(),
            postings,
            pages: 1,
            expired: 0,
            error: None,
            filtered: Default::default(),
        }
    }

    #[test]
    fn new_and_changed_postings_are_told_apart_per_search() {
        let dir = tempfile::tempdir().unwrap();
        let mut st = State::open(&dir.path().join("state.sqlite")).unwrap();
        let t1 = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let t2 = DateTime::from_timestamp(1_800_086_400, 0).unwrap();
        let first = run_of("lever", &["1", "2"], t1);
        st.record_postings("s", &first.postings, t1).unwrap();
        let mut again = run_of("lever", &["1", "2", "3"], t2);
        again.postings[1].title = "Senior Agent 2".into();
        let found = classify(std::slice::from_ref(&again), Some(&st), "s", t2).unwrap();
        let ids =
            |ps: Vec<&Posting>| -> Vec<String> { ps.iter().map(|p| p.source_id.clone()).collect() };
        assert_eq!(ids(found.emitted(false, false)), ["1", "2", "3"]);
        assert_eq!(ids(found.emitted(true, false)), ["3"]);
        assert_eq!(ids(found.emitted(true, true)), ["2", "3"]);
        assert_eq!(found.new_in(&again), 1);
        assert_eq!(found.kept[0].first_seen, Some(t1));
        assert_eq!(found.kept[2].first_seen, Some(t2));
        assert_eq!(found.kept[0].last_seen, Some(t2));
        // Another search has seen none of them.
        let other = classify(std::slice::from_ref(&again), Some(&st), "other", t2).unwrap();
        assert_eq!(other.new.len(), 3);
    }

    #[test]
    fn a_job_listed_by_two_sources_is_one_posting() {
        let t = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let a = run_of("lever", &["1"], t);
        let mut b = run_of("greenhouse", &["9"], t);
        b.postings[0].url = a.postings[0].url.clone();
        let found = classify(&[a, b], None, "", t).unwrap();
        assert_eq!(found.kept.len(), 1);
        assert_eq!(found.kept[0].sources, ["lever", "greenhouse"]);
        assert_eq!(found.dropped.len(), 1);
        assert!(
            found.kept[0].first_seen.is_none(),
            "no state, no seen times"
        );
    }
}
