//! What jobtap remembers between runs, in one SQLite file: every posting seen (first and
//! last time, and a hash of its content, to tell new and changed postings), and each
//! source's last run (for `min_interval` and the summary).
//!
//! Postings are remembered per scope: each saved search of `jobtap run` has its own (its
//! name), and `jobtap scrape` one of its own (`""`), so "new" means new to that search. Two
//! searches that both list a posting both see it as new once.

use crate::posting::Posting;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use thiserror::Error;

#[derive(Debug, Error)]
#[error("state database {path}: {message}")]
pub struct StateError {
    path: String,
    message: String,
}

pub struct State {
    conn: Connection,
    path: PathBuf,
    /// Whether the file has the one shared `postings` table of versions before scopes,
    /// which a scope starts from on its first use.
    legacy: bool,
}

/// What the state knew of a posting before this run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub first_seen: DateTime<Utc>,
    pub hash: String,
}

/// How a source's run ended, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// Failed after fetching something.
    Partial,
    /// Failed before fetching anything.
    Failed,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Partial => "partial",
            Outcome::Failed => "failed",
        }
    }
}

/// `PLATFORM_DATA_DIR/jobtap/state.sqlite` (on Linux `~/.local/share/jobtap/state.sqlite`).
pub fn default_path() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("jobtap").join("state.sqlite"))
}

/// A hash of what a posting says: every field but when it was fetched and seen.
pub fn content_hash(p: &Posting) -> String {
    let mut p = p.clone();
    p.fetched_at = DateTime::UNIX_EPOCH;
    p.first_seen = None;
    p.last_seen = None;
    p.sources.clear();
    let mut json = Vec::new();
    crate::export::write_posting_json(&mut json, &p);
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&json))
}

impl State {
    pub fn open(path: &Path) -> Result<State, StateError> {
        let err = |message: String| StateError {
            path: path.display().to_string(),
            message,
        };
        crate::paths::make_parent_dir(path).map_err(|e| err(e.to_string()))?;
        let conn = Connection::open(path).map_err(|e| err(e.to_string()))?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA busy_timeout = 10000;
             CREATE TABLE IF NOT EXISTS seen (
                 scope TEXT NOT NULL,
                 id TEXT NOT NULL,
                 first_seen INTEGER NOT NULL,
                 last_seen INTEGER NOT NULL,
                 hash TEXT NOT NULL,
                 PRIMARY KEY (scope, id)
             );
             CREATE TABLE IF NOT EXISTS source_runs (
                 spec TEXT PRIMARY KEY,
                 last_run INTEGER NOT NULL,
                 last_fetch INTEGER,
                 outcome TEXT NOT NULL,
                 fetched INTEGER NOT NULL,
                 new INTEGER NOT NULL,
                 error TEXT
             );
             CREATE TABLE IF NOT EXISTS alerts_owed (
                 scope TEXT NOT NULL,
                 target TEXT NOT NULL,
                 id TEXT NOT NULL,
                 since INTEGER NOT NULL,
                 line TEXT NOT NULL,
                 PRIMARY KEY (scope, target, id)
             );",
        )
        .map_err(|e| err(e.to_string()))?;
        let legacy = conn
            .query_row(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'postings'",
                [],
                |_| Ok(()),
            )
            .optional()
            .map_err(|e| err(e.to_string()))?
            .is_some();
        Ok(State {
            conn,
            path: path.to_path_buf(),
            legacy,
        })
    }

    /// A scope used for the first time in a file written before scopes starts from what
    /// that file's one shared record knew, so an upgrade does not make everything new.
    fn adopt_legacy(&self, scope: &str) -> Result<(), StateError> {
        if !self.legacy {
            return Ok(());
        }
        self.conn
            .execute(
                "INSERT OR IGNORE INTO seen (scope, id, first_seen, last_seen, hash)
                 SELECT ?1, id, first_seen, last_seen, hash FROM postings
                 WHERE NOT EXISTS (SELECT 1 FROM seen WHERE scope = ?1)",
                [scope],
            )
            .map(drop)
            .map_err(|e| self.err(e))
    }

    fn err(&self, e: rusqlite::Error) -> StateError {
        sql_error(&self.path)(e)
    }

    /// What `scope` knew of each of `ids` before this run (ids never seen are left out).
    pub fn seen<'a>(
        &self,
        scope: &str,
        ids: impl IntoIterator<Item = &'a str>,
    ) -> Result<HashMap<String, Seen>, StateError> {
        self.adopt_legacy(scope)?;
        let mut st = self
            .conn
            .prepare("SELECT first_seen, hash FROM seen WHERE scope = ?1 AND id = ?2")
            .map_err(|e| self.err(e))?;
        let mut out = HashMap::new();
        for id in ids {
            let row = st
                .query_row([scope, id], |r| {
                    Ok(Seen {
                        first_seen: from_secs(r.get(0)?),
                        hash: r.get(1)?,
                    })
                })
                .optional()
                .map_err(|e| self.err(e))?;
            if let Some(seen) = row {
                out.insert(id.to_string(), seen);
            }
        }
        Ok(out)
    }

    /// Records postings as seen by `scope` at `now`, with their content hashes, in one
    /// transaction.
    pub fn record_postings<'a>(
        &mut self,
        scope: &str,
        postings: impl IntoIterator<Item = &'a Posting>,
        now: DateTime<Utc>,
    ) -> Result<(), StateError> {
        // The path alone: the transaction borrows the connection.
        let err = sql_error(&self.path);
        let tx = self.conn.transaction().map_err(err)?;
        {
            let mut st = tx
                .prepare(
                    "INSERT INTO seen (scope, id, first_seen, last_seen, hash)
                     VALUES (?1, ?2, ?3, ?3, ?4)
                     ON CONFLICT(scope, id) DO UPDATE SET last_seen = excluded.last_seen,
                         hash = excluded.hash",
                )
                .map_err(err)?;
            for p in postings {
                st.execute(params![scope, p.id, now.timestamp(), content_hash(p)])
                    .map_err(err)?;
            }
        }
        tx.commit().map_err(err)
    }

    /// Whether `scope` has seen any posting before: a search's first run alerts nobody
    /// (every posting would be new), unless asked.
    pub fn has_seen(&self, scope: &str) -> Result<bool, StateError> {
        self.adopt_legacy(scope)?;
        self.conn
            .query_row(
                "SELECT 1 FROM seen WHERE scope = ?1 LIMIT 1",
                [scope],
                |_| Ok(()),
            )
            .optional()
            .map(|r| r.is_some())
            .map_err(|e| self.err(e))
    }

    /// The postings an alert target of `scope` is still owed (its earlier alerts failed),
    /// oldest first, as `(id, JSON line)`.
    pub fn owed(&self, scope: &str, target: &str) -> Result<Vec<(String, String)>, StateError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT id, line FROM alerts_owed WHERE scope = ?1 AND target = ?2
                 ORDER BY since, rowid",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([scope, target], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// After an alert to `target`: with `sent`, the postings it carried are owed no longer;
    /// otherwise they stay owed, for the next run to send again.
    pub fn record_alert(
        &mut self,
        scope: &str,
        target: &str,
        postings: &[(String, String)],
        sent: bool,
        now: DateTime<Utc>,
    ) -> Result<(), StateError> {
        // The path alone: the transaction borrows the connection.
        let err = sql_error(&self.path);
        let tx = self.conn.transaction().map_err(err)?;
        {
            let sql = if sent {
                "DELETE FROM alerts_owed WHERE scope = ?1 AND target = ?2 AND id = ?3"
            } else {
                "INSERT OR IGNORE INTO alerts_owed (scope, target, id, since, line)
                 VALUES (?1, ?2, ?3, ?4, ?5)"
            };
            let mut st = tx.prepare(sql).map_err(err)?;
            for (id, line) in postings {
                if sent {
                    st.execute(params![scope, target, id]).map_err(err)?;
                } else {
                    st.execute(params![scope, target, id, now.timestamp(), line])
                        .map_err(err)?;
                }
            }
        }
        tx.commit().map_err(err)
    }

    /// When `spec` last fetched anything (a run that failed before fetching does not count).
    pub fn last_fetch(&self, spec: &str) -> Result<Option<DateTime<Utc>>, StateError> {
        self.conn
            .query_row(
                "SELECT last_fetch FROM source_runs WHERE spec = ?1",
                [spec],
                |r| r.get::<_, Option<i64>>(0),
            )
            .optional()
            .map(|t| t.flatten().map(from_secs))
            .map_err(|e| self.err(e))
    }

    pub fn record_source(
        &self,
        spec: &str,
        now: DateTime<Utc>,
        outcome: Outcome,
        fetched: usize,
        new: usize,
        error: Option<&str>,
    ) -> Result<(), StateError> {
        let fetch = (outcome != Outcome::Failed).then_some(now.timestamp());
        self.conn
            .execute(
                "INSERT INTO source_runs (spec, last_run, last_fetch, outcome, fetched, new, error)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT(spec) DO UPDATE SET last_run = excluded.last_run,
                     last_fetch = COALESCE(excluded.last_fetch, source_runs.last_fetch),
                     outcome = excluded.outcome, fetched = excluded.fetched,
                     new = excluded.new, error = excluded.error",
                params![
                    spec,
                    now.timestamp(),
                    fetch,
                    outcome.as_str(),
                    fetched as i64,
                    new as i64,
                    error
                ],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }
}

fn from_secs(s: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(s, 0).unwrap_or(DateTime::UNIX_EPOCH)
}

/// A database error, told with the file it happened in.
fn sql_error(path: &std::path::Path) -> impl Fn(rusqlite::Error) -> StateError + Copy + '_ {
    move |e| StateError {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_content_hash_is_the_one_earlier_versions_stored() {
        // Their hash was of serde_json's bytes; a different one would call every posting
        // of an existing state file changed.
        let mut p = Posting::new("x", "1", from_secs(1_800_000_000));
        p.title = "Agent \"night\"".into();
        p.salary.min = Some(18.5);
        p.tags = vec!["chat".into()];
        let mut reference = p.clone();
        reference.fetched_at = DateTime::UNIX_EPOCH;
        let json = serde_json::to_vec(&reference).unwrap();
        assert_eq!(
            content_hash(&p),
            format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&json))
        );
    }

    #[test]
    fn remembers_postings_and_source_runs() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/state.sqlite");
        let t1 = from_secs(1_800_000_000);
        let t2 = from_secs(1_800_003_600);
        let mut p = Posting::new("x", "1", t1);
        p.title = "Agent".into();
        {
            let mut s = State::open(&path).unwrap();
            assert!(s.seen("", [p.id.as_str()]).unwrap().is_empty());
            s.record_postings("", [&p], t1).unwrap();
            s.record_source("x", t1, Outcome::Ok, 1, 1, None).unwrap();
            s.record_source("y", t1, Outcome::Failed, 0, 0, Some("boom"))
                .unwrap();
        }
        let mut s = State::open(&path).unwrap();
        let seen = s.seen("", [p.id.as_str()]).unwrap().remove(&p.id).unwrap();
        assert_eq!(seen.first_seen, t1);
        assert_eq!(seen.hash, content_hash(&p));
        p.fetched_at = t2;
        assert_eq!(content_hash(&p), seen.hash, "fetch time is not content");
        p.title = "Senior Agent".into();
        assert_ne!(content_hash(&p), seen.hash);
        s.record_postings("", [&p], t2).unwrap();
        assert_eq!(s.seen("", [p.id.as_str()]).unwrap()[&p.id].first_seen, t1);
        assert_eq!(s.last_fetch("x").unwrap(), Some(t1));
        assert_eq!(
            s.last_fetch("y").unwrap(),
            None,
            "a failed run fetched nothing"
        );
        s.record_source("x", t2, Outcome::Failed, 0, 0, Some("down"))
            .unwrap();
        assert_eq!(
            s.last_fetch("x").unwrap(),
            Some(t1),
            "kept through a failure"
        );
    }

    /// Each scope (a saved search) tells new postings apart on its own.
    #[test]
    fn scopes_remember_apart() {
        let dir = tempfile::tempdir().unwrap();
        let t1 = from_secs(1_800_000_000);
        let p = Posting::new("x", "1", t1);
        let mut s = State::open(&dir.path().join("state.sqlite")).unwrap();
        s.record_postings("chat", [&p], t1).unwrap();
        assert_eq!(s.seen("chat", [p.id.as_str()]).unwrap().len(), 1);
        assert!(s.seen("nights", [p.id.as_str()]).unwrap().is_empty());
        assert!(s.seen("", [p.id.as_str()]).unwrap().is_empty());
    }

    /// A file from before scopes: every scope starts from its one shared record, once; what
    /// a scope records afterwards is its own.
    #[test]
    fn a_file_from_before_scopes_is_every_scopes_start() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.sqlite");
        let t1 = from_secs(1_800_000_000);
        let old = Posting::new("x", "old", t1);
        let new = Posting::new("x", "new", t1);
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(
                "CREATE TABLE postings (id TEXT PRIMARY KEY, first_seen INTEGER NOT NULL,
                     last_seen INTEGER NOT NULL, hash TEXT NOT NULL);",
            )
            .unwrap();
            conn.execute(
                "INSERT INTO postings VALUES (?1, ?2, ?2, 'h')",
                params![old.id, t1.timestamp()],
            )
            .unwrap();
        }
        let mut s = State::open(&path).unwrap();
        for scope in ["chat", ""] {
            let seen = s.seen(scope, [old.id.as_str(), new.id.as_str()]).unwrap();
            assert_eq!(seen[&old.id].first_seen, t1, "{scope:?}");
            assert!(!seen.contains_key(&new.id));
        }
        s.record_postings("chat", [&new], t1).unwrap();
        assert!(s
            .seen("chat", [new.id.as_str()])
            .unwrap()
            .contains_key(&new.id));
        assert!(s.seen("", [new.id.as_str()]).unwrap().is_empty());
    }

    #[test]
    fn alert_targets_are_owed_postings_until_an_alert_is_sent() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = State::open(&dir.path().join("state.sqlite")).unwrap();
        let t1 = from_secs(1_800_000_000);
        let t2 = from_secs(1_800_003_600);
        let row = |id: &str| (id.to_string(), format!("{{\"id\":\"{id}\"}}"));
        assert!(!s.has_seen("chat").unwrap());
        s.record_postings("chat", [&Posting::new("x", "1", t1)], t1)
            .unwrap();
        assert!(s.has_seen("chat").unwrap());
        assert!(!s.has_seen("other").unwrap());
        s.record_alert("chat", "hook", &[row("b"), row("a")], false, t1)
            .unwrap();
        s.record_alert("chat", "hook", &[row("c")], false, t2)
            .unwrap();
        assert_eq!(
            s.owed("chat", "hook").unwrap(),
            [row("b"), row("a"), row("c")]
        );
        assert!(s.owed("chat", "mail").unwrap().is_empty(), "per target");
        assert!(s.owed("other", "hook").unwrap().is_empty(), "per search");
        s.record_alert("chat", "hook", &[row("a"), row("c")], true, t2)
            .unwrap();
        assert_eq!(s.owed("chat", "hook").unwrap(), [row("b")]);
    }
}
