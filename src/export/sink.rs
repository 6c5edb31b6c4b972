//! Where output goes. A file is written to a temporary file beside it and renamed into
//! place only when complete, so a failed or killed run never leaves it half-written.

use std::{
    io::{self, Write},
    path::{Path, PathBuf},
};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum SinkError {
    #[error("cannot write {path}: {source}")]
    Io { path: String, source: io::Error },
}

pub enum Sink {
    Stdout,
    File(PathBuf),
}

impl Sink {
    /// `-` or nothing is stdout.
    pub fn from_arg(path: Option<&Path>) -> Sink {
        match path {
            None => Sink::Stdout,
            Some(p) if p.as_os_str() == "-" => Sink::Stdout,
            Some(p) => Sink::File(p.to_path_buf()),
        }
    }

    /// Runs `write` against the destination; for a file, commits only if it succeeds.
    pub fn write_with(
        &self,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), SinkError> {
        match self {
            Sink::Stdout => {
                widen_pipe();
                let stdout = io::stdout();
                let mut lock = stdout.lock();
                let mut out = io::BufWriter::with_capacity(1 << 16, unbuffered(&mut lock));
                match write(&mut out).and_then(|()| out.flush()) {
                    // A closed pipe (`jobtap ... | head`) is the reader's choice, not a failure.
                    Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                    r => r.map_err(|source| SinkError::Io {
                        path: "stdout".into(),
                        source,
                    }),
                }
            }
            Sink::File(path) => write_atomically(path, write),
        }
    }
}

/// Stdout without its line buffering, which would look for the last newline in every
/// write and copy what follows it: output is buffered once, by the caller, and megabyte
/// writes of encoded postings go straight to the descriptor. `lock` is held meanwhile, so
/// nothing else writes to stdout in between.
#[cfg(unix)]
fn unbuffered(lock: &mut io::StdoutLock<'static>) -> Box<dyn Write> {
    use std::os::fd::AsFd;
    // Whatever std has buffered goes first.
    let _ = lock.flush();
    match lock.as_fd().try_clone_to_owned() {
        Ok(fd) => Box::new(std::fs::File::from(fd)),
        Err(_) => Box::new(io::stdout()),
    }
}

#[cfg(not(unix))]
fn unbuffered(_lock: &mut io::StdoutLock<'static>) -> Box<dyn Write> {
    Box::new(io::stdout())
}

/// Asks for a 1 MiB pipe when stdout is one (the default is 64 KiB): a reader that takes
/// tens of megabytes of JSON Lines then wakes this process a sixteenth as often. Where the
/// call is refused, or stdout is not a pipe, nothing changes.
fn widen_pipe() {
    #[cfg(target_os = "linux")]
    // SAFETY: fcntl on a file descriptor number, with an integer argument; it touches no
    // memory of this process and fails harmlessly on anything that is not a pipe.
    unsafe {
        libc::fcntl(libc::STDOUT_FILENO, libc::F_SETPIPE_SZ, 1 << 20);
    }
}

fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), SinkError> {
    let err = |source| SinkError::Io {
        path: path.display().to_string(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".jobtap-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(err)?;
    write(tmp.as_file_mut()).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_write_keeps_previous_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        std::fs::write(&path, "previous").unwrap();
        let sink = Sink::File(path.clone());
        let r = sink.write_with(|w: &mut dyn Write| {
            w.write_all(b"partial")?;
            Err(io::Error::other("killed"))
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "previous");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "temporary file removed");
        sink.write_with(|w: &mut dyn Write| w.write_all(b"new"))
            .unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    }
}
