//! One run at a time per state database and per master sheet: an advisory lock on a file
//! beside each. The operating system drops it when the process ends, however it ends, so a
//! killed run never leaves a stale lock behind. The file itself stays: removing it when
//! free would let a run that waits on the old file and one that makes a new one both
//! hold "the" lock. So it is a hidden file (`.NAME.jobtap-lock`) that says what it is.

use std::fs::File;
use std::path::{Path, PathBuf};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum LockError {
    #[error("another jobtap run is using {0} (its lock is held); try later, or pass --wait")]
    Busy(String),
    #[error("lock file {path}: {cause}")]
    Io { path: String, cause: std::io::Error },
}

pub struct LockFile {
    lock: fd_lock::RwLock<File>,
    path: PathBuf,
    /// What the lock protects, for the message.
    guards: PathBuf,
}

impl LockFile {
    /// Opens (creating) the lock file of `guards` (`path_for`).
    pub fn beside(guards: &Path) -> Result<LockFile, LockError> {
        let path = path_for(guards);
        crate::paths::make_parent_dir(&path).map_err(|cause| LockError::Io {
            path: path.display().to_string(),
            cause,
        })?;
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|cause| LockError::Io {
                path: path.display().to_string(),
                cause,
            })?;
        Ok(LockFile {
            lock: fd_lock::RwLock::new(file),
            path,
            guards: guards.to_path_buf(),
        })
    }

    /// Takes the lock; held until the guard is dropped. A lock held by another run is
    /// `LockError::Busy` at once, or with `wait`, waited for once `waiting` was told what
    /// for.
    pub fn acquire(
        &mut self,
        wait: bool,
        waiting: &dyn Fn(&Path),
    ) -> Result<fd_lock::RwLockWriteGuard<'_, File>, LockError> {
        let path = self.path.display().to_string();
        let guards = self.guards.display().to_string();
        let failed = |cause: std::io::Error| match cause.kind() {
            std::io::ErrorKind::WouldBlock => LockError::Busy(guards.clone()),
            _ => LockError::Io {
                path: path.clone(),
                cause,
            },
        };
        // Tried first even with `wait`, so that only a real wait is told.
        if let Err(e) = self.lock.try_write().map(drop) {
            match failed(e) {
                LockError::Busy(_) if wait => waiting(&self.guards),
                e => return Err(e),
            }
        }
        let taken = match wait {
            true => self.lock.write(),
            false => self.lock.try_write(),
        };
        let mut guard = taken.map_err(failed)?;
        say_what_it_is(&mut guard, &self.guards).map_err(|cause| LockError::Io {
            path: path.clone(),
            cause,
        })?;
        Ok(guard)
    }
}

/// Gives an empty lock file a line saying what it is, for whoever finds it between runs.
fn say_what_it_is(file: &mut File, guards: &Path) -> std::io::Result<()> {
    use std::io::Write;
    if file.metadata()?.len() > 0 {
        return Ok(());
    }
    writeln!(
        file,
        "jobtap's lock for {}: held by the system only while a run uses it; \
         normal to keep between runs (never stale), and harmless to delete when no run is going.",
        guards.display()
    )
}

/// The lock file of `guarded`: a hidden file beside it, `.NAME.jobtap-lock`.
fn path_for(guarded: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(guarded.file_name().unwrap_or_default());
    name.push(".jobtap-lock");
    guarded.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_holder_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let guarded = dir.path().join("x");
        let mut a = LockFile::beside(&guarded).unwrap();
        let mut b = LockFile::beside(&guarded).unwrap();
        let never = |_: &Path| panic!("not asked to wait");
        let held = a.acquire(false, &never).unwrap();
        assert!(matches!(b.acquire(false, &never), Err(LockError::Busy(_))));
        drop(held);
        assert!(b.acquire(false, &never).is_ok());
    }

    #[test]
    fn a_lock_file_is_hidden_and_says_what_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let sheet = dir.path().join("master.xlsx");
        let path = path_for(&sheet);
        assert_eq!(path, dir.path().join(".master.xlsx.jobtap-lock"));
        let mut lock = LockFile::beside(&sheet).unwrap();
        drop(lock.acquire(false, &|_| ()).unwrap());
        drop(lock.acquire(false, &|_| ()).unwrap());
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("jobtap's lock for "), "{text}");
        assert!(text.contains("normal to keep"), "{text}");
        assert_eq!(text.lines().count(), 1, "written once: {text}");
    }
}
