//! No function over 80 lines, in the code, the tests, the benches and the build script: a
//! longer one does more than one job. The few known exceptions are listed with the reason
//! and must shrink: one that is no longer too long fails the test until its row is removed.

use std::path::{Path, PathBuf};

const LIMIT: usize = 80;

/// (file, function): long for now, each with its reason.
const KNOWN: &[(&str, &str)] = &[
    // Issue 18 (pay, job type and workplace read from text) is rewriting these readers.
    ("src/normalize/workplace.rs", "statement"),
    ("src/normalize/salary/money.rs", "number"),
    ("src/normalize/salary/statement.rs", "statement_at"),
    ("src/normalize/employment.rs", "describes_job"),
    // Scenarios of several runs in a row, one step after another; issue 19 changes them.
    (
        "tests/it/master.rs",
        "merges_keep_user_columns_edits_deletions_and_hidden_rows",
    ),
    (
        "tests/it/master.rs",
        "a_sheet_open_in_a_spreadsheet_app_is_left_alone",
    ),
];

/// The function a line declares, if it starts one with a body of its own on later lines.
fn declared_fn(line: &str) -> Option<&str> {
    let mut rest = line.trim_start();
    for prefix in [
        "pub(crate) ",
        "pub(super) ",
        "pub ",
        "const ",
        "async ",
        "unsafe ",
    ] {
        rest = rest.strip_prefix(prefix).unwrap_or(rest);
    }
    let name = rest.strip_prefix("fn ")?;
    let end = name.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
    Some(&name[..end])
}

/// Every function of `text` with its length in lines, signature to closing brace. rustfmt
/// closes a body with a brace at the indentation its `fn` line starts at.
fn lengths(text: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(name) = declared_fn(line) else {
            continue;
        };
        let Some(open) =
            (i..lines.len()).find(|&j| lines[j].contains('{') || lines[j].ends_with(';'))
        else {
            continue;
        };
        if !lines[open].trim_end().ends_with('{') {
            continue;
        }
        let indent = &line[..line.len() - line.trim_start().len()];
        let close = format!("{indent}}}");
        if let Some(end) = (open..lines.len()).find(|&j| lines[j] == close) {
            out.push((name.to_string(), end - i + 1));
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_function_is_over_80_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("build.rs")];
    for dir in ["src", "build", "benches", "tests"] {
        rust_files(&root.join(dir), &mut files);
    }
    let mut long = Vec::new();
    let mut known_seen = Vec::new();
    for file in &files {
        let rel = file
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        for (name, len) in lengths(&std::fs::read_to_string(file).unwrap()) {
            if len <= LIMIT {
                continue;
            }
            if KNOWN.contains(&(rel.as_str(), name.as_str())) {
                known_seen.push((rel.clone(), name));
            } else {
                long.push(format!("{rel}: fn {name} is {len} lines"));
            }
        }
    }
    assert!(long.is_empty(), "over {LIMIT} lines:\n{}", long.join("\n"));
    for (file, name) in KNOWN {
        assert!(
            known_seen.iter().any(|(f, n)| f == file && n == name),
            "{file}: fn {name} is no longer over {LIMIT} lines (or gone): remove it from KNOWN"
        );
    }
}

#[test]
fn lengths_are_counted_from_signature_to_closing_brace() {
    let text = "fn a() {\n    x();\n}\n\n    pub(crate) fn b(\n        y: u8,\n    ) -> u8 {\n        y\n    }\n    fn c();\nfn d() { 1 }\n";
    assert_eq!(lengths(text), [("a".to_string(), 3), ("b".to_string(), 5)]);
}
