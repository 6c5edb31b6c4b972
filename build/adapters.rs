//! The check `build.rs` makes of the adapter table in `src/adapters/mod.rs` against the
//! `adapter = "..."` of every definition in `sources/`: a definition naming an adapter the
//! table lacks would fail at run time, and a row no definition names is an adapter no
//! built-in source reaches. Shared with a unit test by `#[path]`.

/// The names in the `adapters! { "name" => module::Type, ... }` table of `mod_rs`.
pub fn table_names(mod_rs: &str) -> Vec<String> {
    let Some(start) = mod_rs.find("\nadapters! {") else {
        return Vec::new();
    };
    mod_rs[start..]
        .lines()
        .skip(1)
        .take_while(|l| l.trim() != "}")
        .filter_map(|l| l.trim().strip_prefix('"')?.split_once('"'))
        .map(|(name, _)| name.to_string())
        .collect()
}

/// The adapter a definition names on its `adapter = "..."` line.
pub fn definition_adapter(toml: &str) -> Option<String> {
    toml.lines().find_map(|l| {
        let value = l
            .trim()
            .strip_prefix("adapter")?
            .trim_start()
            .strip_prefix('=')?;
        let value = value.trim();
        let quote = value.chars().next().filter(|q| matches!(q, '"' | '\''))?;
        let value = &value[1..];
        Some(value[..value.find(quote)?].to_string())
    })
}

/// Every mismatch, one line each: `definitions` are (file name, its text).
pub fn mismatches(mod_rs: &str, definitions: &[(String, String)]) -> Vec<String> {
    let table = table_names(mod_rs);
    if table.is_empty() {
        return vec!["src/adapters/mod.rs has no `adapters! {` table".into()];
    }
    let mut named = Vec::new();
    let mut out = Vec::new();
    for (file, text) in definitions {
        match definition_adapter(text) {
            None => out.push(format!("sources/{file} has no `adapter = \"...\"` line")),
            Some(a) if !table.contains(&a) => out.push(format!(
                "sources/{file} names adapter {a:?}, which the table in src/adapters/mod.rs lacks"
            )),
            Some(a) => named.push(a),
        }
    }
    for name in table.iter().filter(|n| !named.contains(n)) {
        out.push(format!(
            "adapter {name:?} in src/adapters/mod.rs is named by no definition in sources/"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "mod x;\nadapters! {\n    \"a\" => a::A,\n    \"b\" => b::B,\n}\n";

    fn defs(adapters: &[&str]) -> Vec<(String, String)> {
        adapters
            .iter()
            .map(|a| {
                (
                    format!("{a}.toml"),
                    format!("name = \"n\"\nadapter = {a}\n"),
                )
            })
            .collect()
    }

    #[test]
    fn the_table_and_the_definitions_agree() {
        assert_eq!(table_names(TABLE), ["a", "b"]);
        assert!(mismatches(TABLE, &defs(&["\"a\"", "'b'", "\"a\""])).is_empty());
    }

    #[test]
    fn a_mismatch_is_named() {
        let m = mismatches(TABLE, &defs(&["\"a\"", "\"c\"", "c"]));
        assert_eq!(
            m,
            [
                "sources/\"c\".toml names adapter \"c\", which the table in src/adapters/mod.rs lacks",
                "sources/c.toml has no `adapter = \"...\"` line",
                "adapter \"b\" in src/adapters/mod.rs is named by no definition in sources/",
            ]
        );
    }

    /// The table as it is holds every built-in definition's adapter, and only those, and
    /// every name in it finds its adapter.
    #[test]
    fn the_real_table_matches_sources() {
        let root = env!("CARGO_MANIFEST_DIR");
        let mod_rs = std::fs::read_to_string(format!("{root}/src/adapters/mod.rs")).unwrap();
        let defs: Vec<_> = std::fs::read_dir(format!("{root}/sources"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(&p).unwrap())
            })
            .collect();
        assert_eq!(mismatches(&mod_rs, &defs), Vec::<String>::new());
        for name in table_names(&mod_rs) {
            assert!(crate::adapters::by_name(&name).is_some(), "{name}");
        }
    }
}
