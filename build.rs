//! Embeds every definition in `sources/` so the installed binary is self-contained:
//! adding a built-in source is adding a file, with no list to keep in step.

use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=sources");
    let mut names: Vec<String> = fs::read_dir("sources")
        .expect("sources/ directory")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
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
