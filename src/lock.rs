//! One run at a time per state database and per master sheet: an advisory lock on a file
//! beside each. The operating system drops it when the process ends, however it ends, so a
//! killed run never leaves a stale lock behind.

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
    /// Opens (creating) the lock file `path`, which guards `guards`.
    pub fn open(path: PathBuf, guards: &Path) -> Result<LockFile, LockError> {
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

    /// Takes the lock; held until the guard is dropped. Without `wait`, a lock held by
    /// another run is `LockError::Busy` at once.
    pub fn acquire(
        &mut self,
        wait: bool,
    ) -> Result<fd_lock::RwLockWriteGuard<'_, File>, LockError> {
        let path = self.path.display().to_string();
        let guards = self.guards.display().to_string();
        if wait {
            return self
                .lock
                .write()
                .map_err(|cause| LockError::Io { path, cause });
        }
        match self.lock.try_write() {
            Ok(g) => Ok(g),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => Err(LockError::Busy(guards)),
            Err(cause) => Err(LockError::Io { path, cause }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_holder_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.lock");
        let mut a = LockFile::open(path.clone(), Path::new("x")).unwrap();
        let mut b = LockFile::open(path, Path::new("x")).unwrap();
        let held = a.acquire(false).unwrap();
        assert!(matches!(b.acquire(false), Err(LockError::Busy(_))));
        drop(held);
        assert!(b.acquire(false).is_ok());
    }
}
