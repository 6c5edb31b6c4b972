//! Embeds every definition in `sources/` so the installed binary is self-contained
//! (adding a built-in source is adding a file), and fails the build when the definitions'
//! `adapter = "..."` and the adapter table in `src/adapters/mod.rs` disagree.

#[path = "build/adapters.rs"]
mod adapters;

use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=sources");
    println!("cargo:rerun-if-changed=src/adapters/mod.rs");
    println!("cargo:rerun-if-changed=build/adapters.rs");
    let mut names: Vec<String> = fs::read_dir("sources")
        .expect("sources/ directory")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    check_adapters(&names);
    let manifest = env::var("CARGO_MANIFEST_DIR").unwrap();
    let mut code = String::from("pub const BUILTIN: &[(&str, &str)] = &[\n");
    for n in names {
        let path = Path::new(&manifest).join("sources").join(&n);
        code.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            n,
            path.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("builtin_sources.rs");
    fs::write(out, code).unwrap();
}

/// Reports every disagreement between the definitions and the adapter table as a build
/// error of its own.
fn check_adapters(names: &[String]) {
    let table = fs::read_to_string("src/adapters/mod.rs").expect("src/adapters/mod.rs");
    let definitions: Vec<(String, String)> = names
        .iter()
        .map(|n| {
            (
                n.clone(),
                fs::read_to_string(Path::new("sources").join(n)).unwrap(),
            )
        })
        .collect();
    for line in adapters::mismatches(&table, &definitions) {
        println!("cargo::error={line}");
    }
}
