//! The directories jobtap's own files go in (state, locks, log, config, cache).

use std::path::{Path, PathBuf};

/// Where jobtap keeps what it may use again in a later run (robots.txt copies):
/// `$JOBTAP_CACHE_DIR` when set, else `jobtap` in the platform's cache directory
/// (`~/.cache/jobtap` on Linux).
pub fn cache_dir() -> Option<PathBuf> {
    match std::env::var_os("JOBTAP_CACHE_DIR") {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => dirs::cache_dir().map(|d| d.join("jobtap")),
    }
}

/// Makes the directory `path` goes in, if it is not there yet: a cron line may name a
/// `~/jobs/` that no run has made so far.
pub fn make_parent_dir(path: &Path) -> std::io::Result<()> {
    match path.parent() {
        Some(dir) => std::fs::create_dir_all(dir),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn makes_missing_directories_and_takes_a_bare_name() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b/state.sqlite");
        super::make_parent_dir(&deep).unwrap();
        assert!(dir.path().join("a/b").is_dir());
        super::make_parent_dir(std::path::Path::new("state.sqlite")).unwrap();
    }
}
