//! Messages for people: stderr (notes hidden by --quiet; errors and the --explain lines
//! always), and every line also, time-stamped, in the `--log-file` when there is one.

use std::io::{self, Write};
use std::sync::{Mutex, OnceLock};

struct Logger {
    quiet: bool,
    file: Option<Mutex<std::fs::File>>,
}

static LOGGER: OnceLock<Logger> = OnceLock::new();

pub fn init(quiet: bool, file: Option<&std::path::Path>) -> io::Result<()> {
    let file = match file {
        Some(path) => {
            let named = |e: io::Error| io::Error::new(e.kind(), format!("{}: {e}", path.display()));
            crate::paths::make_parent_dir(path).map_err(named)?;
            Some(Mutex::new(
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)
                    .map_err(named)?,
            ))
        }
        None => None,
    };
    let _ = LOGGER.set(Logger { quiet, file });
    Ok(())
}

fn to_file(line: &str) {
    if let Some(file) = LOGGER.get().and_then(|l| l.file.as_ref()) {
        let stamp = crate::posting::format_time(&crate::clock::now());
        if let Ok(mut f) = file.lock() {
            let _ = writeln!(f, "{stamp} {line}");
        }
    }
}

/// Whether --quiet asked for errors only.
pub fn quiet() -> bool {
    LOGGER.get().is_some_and(|l| l.quiet)
}

/// Something worth knowing: on stderr unless --quiet.
pub fn note(msg: impl std::fmt::Display) {
    say(msg, !quiet());
}

/// The end-of-run summary: on stderr for a person at a terminal (unless --quiet), and
/// always in the log file, where a cron run's counts are looked up later.
pub fn summary(msg: impl std::fmt::Display) {
    say(msg, !quiet() && io::IsTerminal::is_terminal(&io::stderr()));
}

/// Something that went wrong: always on stderr.
pub fn error(msg: impl std::fmt::Display) {
    say(msg, true);
}

/// A line for the log file, and for stderr when `shown`.
fn say(msg: impl std::fmt::Display, shown: bool) {
    let line = format!("jobtap: {msg}");
    if shown {
        // Not eprintln!, which panics when stderr is gone (a closed terminal's SIGHUP).
        let _ = writeln!(io::stderr().lock(), "{line}");
    }
    to_file(&line);
}

/// Why each tag of a posting fired (`--explain`): on stderr even with --quiet, since it
/// was asked for by name, and in the log file like every other line.
pub fn explain(p: &crate::posting::Posting, hits: &[crate::tag::TagHit]) {
    let why: Vec<String> = hits
        .iter()
        .map(|h| {
            let quoted = h
                .sentence
                .as_ref()
                .map_or(String::new(), |s| format!(" in {s:?}"));
            match &h.overruled_by {
                None => format!("{} <- {}{quoted}", h.tag, h.because),
                Some(by) => format!(
                    "{} not tagged: {}{quoted} overruled by {by}",
                    h.tag, h.because
                ),
            }
        })
        .collect();
    say(
        format!(
            "explain {} {:?}: {}",
            p.id,
            p.title,
            if why.is_empty() {
                "no tags".into()
            } else {
                why.join("; ")
            }
        ),
        true,
    );
}

/// The writer tracing uses: stderr, and the log file as well.
pub struct Tee;

impl Write for Tee {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = io::stderr().write(buf)?;
        if let Some(file) = LOGGER.get().and_then(|l| l.file.as_ref()) {
            if let Ok(mut f) = file.lock() {
                let _ = f.write_all(&buf[..n]);
            }
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        io::stderr().flush()
    }
}
