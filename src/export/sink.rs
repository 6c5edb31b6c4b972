//! Where output goes. A file is written to a temporary file beside it and renamed into
//! place only when complete, so a failed or killed run never leaves it half-written. A
//! device or a named pipe (`-o /dev/null`, `-o /dev/stderr`, a FIFO) is written in place:
//! renaming over it would replace the device with a plain file.

use std::{
    io::{self, Write},
    path::{Path, PathBuf},
    sync::{Mutex, MutexGuard, PoisonError},
};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum SinkError {
    #[error("cannot write {path}: {cause}")]
    Io { path: String, cause: io::Error },
}

pub enum Sink {
    Stdout,
    File(PathBuf),
}

/// How much of the output reached its reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivered {
    All,
    /// The reader of stdout stopped before the end (`jobtap ... | head`): the rest of the
    /// output went nowhere.
    Cut,
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

    /// Makes the directory a file goes in when it is missing (as for a master sheet: a
    /// cron line may name a `~/jobs/` no run has made yet), and fails for a file output can
    /// never be written to (a directory, a path under a file), so that a run stops before it
    /// fetches rather than after.
    pub fn prepare(&self) -> Result<(), SinkError> {
        let Sink::File(path) = self else {
            return Ok(());
        };
        let err = io_error(path);
        if path.is_dir() {
            return Err(err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "it is a directory",
            )));
        }
        match crate::paths::make_parent_dir(path) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(err(io::Error::new(
                io::ErrorKind::NotADirectory,
                "its directory is a file",
            ))),
            made => made.map_err(err),
        }
    }

    /// Runs `write` against the destination; for a file, commits only if it succeeds.
    pub fn write_with(
        &self,
        write: impl FnOnce(&mut (dyn Write + Send)) -> io::Result<()>,
    ) -> Result<Delivered, SinkError> {
        match self {
            Sink::Stdout => {
                widen_pipe();
                let stdout = io::stdout();
                let mut lock = stdout.lock();
                let mut out = io::BufWriter::with_capacity(1 << 16, unbuffered(&mut lock));
                match write(&mut out).and_then(|()| out.flush()) {
                    // A closed pipe (`jobtap ... | head`) is the reader's choice, not a failure.
                    Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(Delivered::Cut),
                    r => r
                        .map(|()| Delivered::All)
                        .map_err(io_error(Path::new("stdout"))),
                }
            }
            // Through a symbolic link, `metadata` is its target's: the file replaced.
            Sink::File(path) => match std::fs::metadata(path) {
                Ok(meta) if !meta.is_file() && !meta.is_dir() => write_in_place(path, write),
                meta => write_atomically(&link_target(path), meta.ok(), write),
            }
            .map(|()| Delivered::All),
        }
    }
}

/// Stdout without its line buffering, which would look for the last newline in every
/// write and copy what follows it: output is buffered once, by the caller, and megabyte
/// writes of encoded postings go straight to the descriptor. `lock` is held meanwhile, so
/// nothing else writes to stdout in between.
#[cfg(unix)]
fn unbuffered(lock: &mut io::StdoutLock<'static>) -> Box<dyn Write + Send> {
    use std::os::fd::AsFd;
    // Whatever std has buffered goes first.
    let _ = lock.flush();
    match lock.as_fd().try_clone_to_owned() {
        Ok(fd) => Box::new(std::fs::File::from(fd)),
        Err(_) => Box::new(io::stdout()),
    }
}

#[cfg(not(unix))]
fn unbuffered(_lock: &mut io::StdoutLock<'static>) -> Box<dyn Write + Send> {
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

/// Temporary files being written right now, for `remove_temporary_files_on_signal`.
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn in_flight() -> MutexGuard<'static, Vec<PathBuf>> {
    IN_FLIGHT.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A temporary file listed in `IN_FLIGHT` for as long as this lives.
struct InFlight(PathBuf);

impl InFlight {
    /// A temporary file made by `create` and listed under one hold of the list, so that a
    /// signal that comes while it is made waits for it to be listed. Listed after it was
    /// made, it was left behind by a signal in between (`cli::a_run_killed_while_writing_
    /// leaves_no_temporary_file` kills a run as soon as the file appears: once in some
    /// thirty runs of the suite it found the file left).
    fn create(
        create: impl FnOnce() -> io::Result<tempfile::NamedTempFile>,
    ) -> io::Result<(tempfile::NamedTempFile, InFlight)> {
        let mut files = in_flight();
        let tmp = create()?;
        files.push(tmp.path().to_path_buf());
        let listed = InFlight(tmp.path().to_path_buf());
        Ok((tmp, listed))
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        in_flight().retain(|p| *p != self.0);
    }
}

/// On SIGINT, SIGTERM or SIGHUP (Ctrl-C, `timeout` around a cron job, a closed terminal)
/// the temporary files being written are removed, `stopped` is told the signal, then the
/// process ends as the signal would have ended it. A killed run used to leave a
/// `.jobtap-*.tmp` beside the output and the master sheet each time; the output itself
/// was never touched either way.
pub fn remove_temporary_files_on_signal(stopped: fn(i32)) {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        // A signal ignored when the process started stays ignored: `nohup` ignores SIGHUP,
        // and a shell ignores SIGINT for what it starts in the background.
        let caught = [SIGINT, SIGTERM, SIGHUP]
            .into_iter()
            .filter(|&s| !ignored(s));
        let Ok(mut signals) = signal_hook::iterator::Signals::new(caught) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // Held to the end: no file is started or renamed into place meanwhile.
                let mut files = in_flight();
                for path in files.drain(..) {
                    let _ = std::fs::remove_file(path);
                }
                stopped(signal);
                let _ = signal_hook::low_level::emulate_default_handler(signal);
            }
        });
    }
}

/// Whether `signal` is set to be ignored.
#[cfg(unix)]
fn ignored(signal: libc::c_int) -> bool {
    // SAFETY: with a null new action, sigaction changes nothing; it only writes the
    // current action into `old`, a zeroed sigaction of the right type.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        libc::sigaction(signal, std::ptr::null(), &mut old) == 0
            && old.sa_sigaction == libc::SIG_IGN
    }
}

fn io_error(path: &Path) -> impl Fn(io::Error) -> SinkError + '_ {
    move |cause| SinkError::Io {
        path: path.display().to_string(),
        cause,
    }
}

fn write_in_place(
    path: &Path,
    write: impl FnOnce(&mut (dyn Write + Send)) -> io::Result<()>,
) -> Result<(), SinkError> {
    let err = io_error(path);
    let mut out = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(&err)?;
    write(&mut out).map_err(err)
}

/// The file a symbolic link points to, so that the new output replaces the file and the
/// link stays a link; any other path as it is.
fn link_target(path: &Path) -> PathBuf {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}

/// Writes `path` through a temporary file beside it; `existing` is the file it replaces.
fn write_atomically(
    path: &Path,
    existing: Option<std::fs::Metadata>,
    write: impl FnOnce(&mut (dyn Write + Send)) -> io::Result<()>,
) -> Result<(), SinkError> {
    let err = io_error(path);
    let dir = parent_dir(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".jobtap-").suffix(".tmp");
    // The file that replaces another must be readable by whoever could read the old one,
    // and a new file as readable as any the user creates. Created with the old file's mode,
    // or 0666, under the umask: never readable by more people than the result, even while
    // it is being written (tempfile's own 0600 would make every output private).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = existing.as_ref().map_or(0o666, |m| m.permissions().mode());
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let (mut tmp, _in_flight) = InFlight::create(|| builder.tempfile_in(dir))
        .map_err(|e| err(without_temp_name(e, dir)))?;
    write(tmp.as_file_mut()).map_err(&err)?;
    if let Some(old) = &existing {
        keep_owner_and_mode(tmp.as_file(), old).map_err(&err)?;
    }
    tmp.as_file().sync_all().map_err(&err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

/// Gives the new file the replaced one's mode exactly (the umask took bits off it at
/// creation) and, where this process may, its owner and group: a sheet shared with a group,
/// or one root's cron job rewrites for a user, stays theirs.
fn keep_owner_and_mode(file: &std::fs::File, old: &std::fs::Metadata) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Refused unless this process is root or the owner (and in the group): then the
        // file is simply this user's, as any file they write.
        let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
    }
    // After the owner: a change of owner can clear the set-id bits.
    file.set_permissions(old.permissions())
}

/// The directory a file is in: `.` for a bare file name.
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// tempfile's errors name the temporary file, which the user never asked for: the error is
/// told again without it, for a missing directory as the system words it.
fn without_temp_name(e: io::Error, dir: &Path) -> io::Error {
    match std::fs::metadata(dir) {
        Err(missing) => missing,
        Ok(_) => io::Error::from(e.kind()),
    }
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
        let r = sink.write_with(|w: &mut (dyn Write + Send)| {
            w.write_all(b"partial")?;
            Err(io::Error::other("killed"))
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "previous");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "temporary file removed");
        sink.write_with(|w: &mut (dyn Write + Send)| w.write_all(b"new"))
            .unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    }

    /// A named pipe stays a pipe and its reader gets the output, as `/dev/null` must stay a
    /// device: renaming a finished file over either would replace it.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_named_pipe_is_written_in_place() {
        use std::os::unix::{ffi::OsStrExt, fs::FileTypeExt};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fifo");
        let c_path = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo reads nothing else.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
        let reader = {
            let path = path.clone();
            std::thread::spawn(move || std::fs::read(path).unwrap())
        };
        Sink::File(path.clone())
            .write_with(|w: &mut (dyn Write + Send)| w.write_all(b"through the pipe"))
            .unwrap();
        // Checked first: had the pipe been replaced, its reader would wait forever.
        assert!(std::fs::metadata(&path).unwrap().file_type().is_fifo());
        assert_eq!(reader.join().unwrap(), b"through the pipe");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// A new file gets the mode any file the user creates gets; a replaced one keeps its
    /// own, bits the umask would take off included.
    #[cfg(unix)]
    #[test]
    fn output_files_have_the_users_modes() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain");
        std::fs::File::create(&plain).unwrap();
        let new = dir.path().join("new.csv");
        let sink = Sink::File(new.clone());
        sink.write_with(|w: &mut (dyn Write + Send)| w.write_all(b"a"))
            .unwrap();
        assert_eq!(mode(&new), mode(&plain));
        for kept in [0o640, 0o666, 0o600] {
            std::fs::set_permissions(&new, std::fs::Permissions::from_mode(kept)).unwrap();
            sink.write_with(|w: &mut (dyn Write + Send)| w.write_all(b"b"))
                .unwrap();
            assert_eq!(mode(&new), kept, "{kept:o}");
        }
    }

    /// Writing through a symbolic link replaces the file it points to; the link stays.
    #[cfg(unix)]
    #[test]
    fn a_link_keeps_pointing_at_the_new_output() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.csv");
        let link = dir.path().join("link.csv");
        std::fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        Sink::File(link.clone())
            .write_with(|w: &mut (dyn Write + Send)| w.write_all(b"new"))
            .unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
    }
}
