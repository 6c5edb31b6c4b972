//! Command-line surface: usage errors, `sources`, `tags`, help.

use crate::support::*;

#[test]
fn unknown_source_is_a_usage_error_before_any_fetch() {
    let out = jobtap_sync(&["scrape", "nosuch"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("nosuch: unknown source (known: ") && err.contains("greenhouse"),
        "{err}"
    );
}

#[test]
fn missing_argument_is_a_usage_error() {
    let out = jobtap_sync(&["scrape", "greenhouse"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("needs an argument: greenhouse:BOARD"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bad_option_values_are_usage_errors() {
    for args in [
        vec!["scrape", "remotive", "--rate", "remotive=fast"],
        vec!["scrape", "remotive", "--endpoint", "remotive"],
        vec!["scrape", "remotive", "--since", "last tuesday"],
        vec!["scrape", "remotive", "--format", "xml"],
        vec!["scrape", "remotive", "--rate", "nosuch=1/s"],
    ] {
        let out = jobtap_sync(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn sources_lists_argument_rate_and_terms() {
    let out = jobtap_sync(&["sources"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("greenhouse:BOARD"), "{text}");
    assert!(text.contains("lever:SITE"), "{text}");
    assert!(text.contains("remotive[:CATEGORY]"), "{text}");
    assert!(text.contains("rate: 2/min"), "{text}");
    assert!(text.contains("Fetch at most a few times a day"), "{text}");
    let default = text
        .lines()
        .find_map(|l| l.strip_prefix("Default search (jobtap scrape with no SOURCE): "))
        .unwrap_or_else(|| panic!("no default search line: {text}"));
    for spec in [
        "jobicy:supporting",
        "remotive:customer-support",
        // Quoted, as a shell needs it to be one argument.
        "themuse:\"Customer Service\"",
    ] {
        assert!(default.contains(spec), "{spec} missing: {default}");
    }
}

#[test]
fn tags_lists_definitions() {
    let out = jobtap_sync(&["tags"]);
    let text = stdout(&out);
    for tag in ["chat", "overnight", "holiday", "helpdesk"] {
        assert!(text.lines().any(|l| l.starts_with(tag)), "{tag}: {text}");
    }
}

/// `--help`, the manual and the README give the same exit codes, signals included.
#[test]
fn help_names_exit_codes() {
    let out = jobtap_sync(&["--help"]);
    let help = stdout(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let rows: Vec<(String, String)> = readme
        .split("### Exit codes")
        .nth(1)
        .unwrap()
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.split(" | ").collect();
            let code = cells.first()?.strip_prefix("| ")?;
            let meaning = cells.get(1)?.strip_suffix(" |")?;
            code.parse::<u8>()
                .ok()
                .map(|_| (code.to_string(), meaning.replace('`', "")))
        })
        .collect();
    let program: Vec<(String, String)> = jobtap::cli::EXIT_CODES
        .iter()
        .map(|(c, m)| (c.to_string(), m.replace('`', "")))
        .collect();
    assert_eq!(rows, program, "the README's table is the program's");
    for (code, meaning) in &program {
        assert!(
            help.contains(&format!("{code} {meaning}")),
            "{code}: {help}"
        );
    }
    assert!(program.iter().any(|(c, _)| c == "130") && program.iter().any(|(c, _)| c == "143"));
}

/// The built-in search is named the same in `scrape --help`, the README and the binary's
/// definitions (which decide it).
#[test]
fn the_default_search_is_told_as_the_binary_runs_it() {
    let help = stdout(&jobtap_sync(&["scrape", "--help"]));
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let readme = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    let specs = jobtap::definition::Registry::builtin().default_specs();
    assert_eq!(specs.len(), 4);
    let told: Vec<String> = specs
        .iter()
        .map(|s| match s.arg.as_deref() {
            Some(a) if a.contains(' ') => format!("{}:\"{a}\"", s.name),
            _ => s.to_string(),
        })
        .collect();
    assert!(help.contains(&told.join(" ")), "{help}");
    let listed: Vec<String> = told.iter().map(|t| format!("`{t}`")).collect();
    let sentence = format!(
        "runs the default search: {} and {}.",
        listed[..3].join(", "),
        listed[3]
    );
    assert!(readme.contains(&sentence), "README: {sentence}");
    assert_eq!(readme.matches("runs the default search:").count(), 1);
}

/// One page per subcommand and the top one; every page another names exists; each has
/// its options and an EXIT STATUS, and scrape's has the merge rules.
#[test]
fn man_pages_are_generated_for_every_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let out = jobtap_sync(&["man", "--dir", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut pages: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    let subcommands = [
        "completions",
        "init",
        "man",
        "parse",
        "run",
        "scrape",
        "sources",
        "tags",
    ];
    let mut expected: Vec<String> = subcommands
        .iter()
        .map(|s| format!("jobtap-{s}.1"))
        .collect();
    expected.push("jobtap.1".into());
    expected.sort();
    assert_eq!(pages, expected);
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    for page in &pages {
        let text = read(page);
        assert!(text.contains(".SH \"EXIT STATUS\""), "{page}");
        assert!(text.contains(".SH OPTIONS"), "{page}");
        for (at, _) in text.match_indices("jobtap\\-") {
            let rest = &text[at + "jobtap\\-".len()..];
            let named: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase())
                .collect();
            if rest[named.len()..].starts_with("(1)") {
                let file = format!("jobtap-{named}.1");
                assert!(
                    pages.contains(&file),
                    "{page} names a page nothing writes: {file}"
                );
            }
        }
    }
    let scrape = read("jobtap-scrape.1");
    for needed in [
        "merge\\-into",
        "MASTER SHEET",
        "hide",
        "143",
        "\\-\\-new\\-only",
        "\\-\\-wait",
    ] {
        assert!(scrape.contains(needed), "{needed}: {scrape}");
    }
    assert!(read("jobtap.1").contains("jobtap\\-scrape(1)"));
    let printed = jobtap_sync(&["man", "scrape"]);
    assert_eq!(printed.status.code(), Some(0), "{}", stderr(&printed));
    assert_eq!(
        stdout(&printed),
        scrape,
        "`jobtap man scrape` prints the same page"
    );
    assert_eq!(stdout(&jobtap_sync(&["man"])), read("jobtap.1"));
    let unknown = jobtap_sync(&["man", "nosuch"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("nosuch: no such subcommand (known: scrape, parse"),
        "{}",
        stderr(&unknown)
    );
}

/// A file that cannot be read or written is one line naming the path the user gave and the
/// cause once: not the cause twice (an error and its source both printed), and not the name
/// of a temporary file the user never asked for.
#[test]
fn file_errors_name_the_path_and_their_cause_once() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain");
    std::fs::write(&plain, "a file where a directory would be").unwrap();
    let missing_dir = plain.join("out.csv");
    let missing_def = dir.path().join("no-such-source.toml");
    let feed = fixture("rss/jobs.atom");
    let runs = [
        (
            jobtap_sync(&[
                "parse",
                "--source",
                "rss",
                feed.to_str().unwrap(),
                "-o",
                missing_dir.to_str().unwrap(),
            ]),
            "out.csv",
        ),
        (
            jobtap_sync(&["sources", "--definition", missing_def.to_str().unwrap()]),
            "no-such-source.toml",
        ),
    ];
    for (out, named) in runs {
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(named) && !err.contains(".jobtap-"), "{err}");
        let cause = err.trim_end().rsplit(": ").next().unwrap();
        assert_eq!(err.matches(cause).count(), 1, "{err}");
    }
}

/// A `jobtap parse` in `dir` that is writing its output when it blocks: the second file
/// is a named pipe nobody writes to, opened after the first file's posting went out. Run
/// under `wrapper` (a command that execs its arguments) when given; returns once the
/// temporary output file exists.
#[cfg(target_os = "linux")]
fn blocked_mid_output(dir: &std::path::Path, wrapper: Option<&str>) -> std::process::Child {
    let feed = dir.join("a.rss");
    std::fs::write(
        &feed,
        r#"<rss version="2.0"><channel><item><title>Night chat agent</title>
        <link>https://example.com/1</link></item></channel></rss>"#,
    )
    .unwrap();
    let never = dir.join("never.rss");
    assert!(std::process::Command::new("mkfifo")
        .arg(&never)
        .status()
        .unwrap()
        .success());
    let jobtap = env!("CARGO_BIN_EXE_jobtap");
    let mut command = match wrapper {
        Some(w) => {
            let mut c = std::process::Command::new(w);
            c.arg(jobtap);
            c
        }
        None => std::process::Command::new(jobtap),
    };
    let child = command
        .args(["parse", "--source", "rss"])
        .args([&feed, &never])
        .arg("-o")
        .arg(dir.join("out.csv"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Polled, not slept for.
    let waited = std::time::Instant::now();
    while temporary_files(dir) == 0 {
        assert!(waited.elapsed().as_secs() < 20, "output never began");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child
}

#[cfg(target_os = "linux")]
fn temporary_files(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            name.to_string_lossy().starts_with(".jobtap-")
        })
        .count()
}

#[cfg(target_os = "linux")]
fn send(signal: &str, child: &std::process::Child) {
    let sent = std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
}

/// A run killed while it writes (Ctrl-C, `timeout` around a cron job) leaves neither its
/// temporary file nor a partial output behind, says so in one line, and dies of the
/// signal, as scripts expect (a shell shows 130 and 143).
#[cfg(target_os = "linux")]
#[test]
fn a_run_killed_while_writing_leaves_no_temporary_file() {
    use std::os::unix::process::ExitStatusExt;
    for (signal, number, line) in [
        (
            "-TERM",
            15,
            "jobtap: stopped by SIGTERM (kill, timeout or a shutdown): no file is left half-written (exit 143)\n",
        ),
        (
            "-INT",
            2,
            "jobtap: stopped by SIGINT (Ctrl-C): no file is left half-written (exit 130)\n",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let child = blocked_mid_output(dir.path(), None);
        send(signal, &child);
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.signal(), Some(number), "{:?}", out.status);
        assert_eq!(stderr(&out), line);
        assert_eq!(temporary_files(dir.path()), 0);
        assert!(!dir.path().join("out.csv").exists());
    }
}

/// A signal ignored when jobtap starts stays ignored: under `nohup` a hangup does not end
/// the run (the TERM sent after it does).
#[cfg(target_os = "linux")]
#[test]
fn a_signal_ignored_at_start_stays_ignored() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().unwrap();
    let child = blocked_mid_output(dir.path(), Some("nohup"));
    send("-HUP", &child);
    send("-TERM", &child);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.signal(), Some(15), "{:?}", out.status);
    assert!(!stderr(&out).contains("SIGHUP"), "{}", stderr(&out));
    assert_eq!(temporary_files(dir.path()), 0);
}

/// A reader that stops early (`jobtap sources | head`) ends a listing quietly: no panic
/// about a broken pipe, exit 0. The pipe is closed before jobtap writes to it.
#[test]
fn listings_end_quietly_when_the_reader_stops() {
    for args in [
        &["sources"][..],
        &["tags"],
        &["man"],
        &["completions", "bash"],
    ] {
        let out = jobtap_reader_gone(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{args:?}");
    }
}
