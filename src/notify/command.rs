//! The command hook: the program runs with the new postings as JSON Lines on its stdin
//! (`mail -s`, `notify-send`, a script), `JOBTAP_SEARCH` and `JOBTAP_NEW` in its
//! environment, its output on jobtap's stderr (stdout may be the run's data), and its
//! stderr kept to report a failure.

use super::{Alert, AlertError};
use std::process::Stdio;
use std::time::Duration;
use tokio::io::AsyncWriteExt;

pub(super) async fn run(
    words: &[String],
    alert: &Alert<'_>,
    timeout: Duration,
) -> Result<(), AlertError> {
    let (program, args) = words.split_first().expect("a command names its program");
    let failed = |why: String| AlertError::Command(why);
    let mut child = tokio::process::Command::new(program)
        .args(args)
        .env("JOBTAP_SEARCH", alert.search)
        .env("JOBTAP_NEW", alert.postings.len().to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::from(std::io::stderr()))
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| failed(format!("cannot run {program}: {e}")))?;
    let mut lines = Vec::new();
    for (_, line) in alert.postings {
        lines.extend_from_slice(line.as_bytes());
        lines.push(b'\n');
    }
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // A program that never reads its stdin (notify-send) closes it early: that is no
    // failure of its own, so the write's error is not one either.
    let feed = async move {
        let _ = stdin.write_all(&lines).await;
    };
    let ran = tokio::time::timeout(timeout, async {
        let ((), out) = tokio::join!(feed, child.wait_with_output());
        out
    })
    .await
    .map_err(|_| {
        failed(format!(
            "{program} did not finish within {} (--timeout) and was stopped",
            humantime::format_duration(timeout)
        ))
    })?
    .map_err(|e| failed(format!("{program}: {e}")))?;
    if ran.status.success() {
        return Ok(());
    }
    let said = stderr_line(&ran.stderr);
    Err(failed(format!("{program} ended with {}{said}", ran.status)))
}

/// What the program said on stderr, as one line: its lines joined, cut at 300 characters.
fn stderr_line(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let joined: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if joined.is_empty() {
        return String::new();
    }
    let mut line: String = joined.join(" / ").chars().take(300).collect();
    line.insert_str(0, ": ");
    line
}
