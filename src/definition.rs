//! Source definitions: the declarative TOML files in `sources/` (embedded at build time) and
//! any the user adds, and the `NAME[:ARG]` specs that pick one on the command line.

use crate::fetch::Rate;
use serde::Deserialize;
use std::{collections::BTreeMap, fmt, path::Path};
use thiserror::Error;
use url::Url;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/builtin_sources.rs"));
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    pub name: String,
    pub description: String,
    pub homepage: String,
    /// Which Rust adapter reads this source's responses.
    pub adapter: String,
    /// Where requests go; `--endpoint NAME=URL` replaces it.
    pub base_url: Url,
    /// What goes after `NAME:` (e.g. "BOARD"); absent when the source takes none.
    #[serde(default)]
    pub argument: Option<String>,
    /// The polite default request rate to this source's host.
    pub rate: Rate,
    /// The site's terms or attribution note, shown by `jobtap sources` and the README.
    pub terms: String,
    /// Part of the built-in default search when present.
    #[serde(default)]
    pub default_search: Option<DefaultSearch>,
    /// Hard cap on pages fetched per search, so pagination always ends.
    #[serde(default = "default_max_pages")]
    pub max_pages: usize,
    /// Adapter-specific settings.
    #[serde(default)]
    pub settings: toml::Table,
    /// Least time between two fetches of this source (e.g. "6h"), kept when jobtap keeps
    /// state between runs; `--force` fetches anyway.
    #[serde(default, deserialize_with = "de_interval")]
    pub min_interval: Option<std::time::Duration>,
}

fn de_interval<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<std::time::Duration>, D::Error> {
    let s = String::deserialize(d)?;
    humantime::parse_duration(&s)
        .map(Some)
        .map_err(|e| serde::de::Error::custom(format!("min_interval {s:?}: {e}")))
}

fn default_max_pages() -> usize {
    20
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefaultSearch {
    #[serde(default)]
    pub arg: Option<String>,
    #[serde(default)]
    pub query: Option<String>,
}

#[derive(Debug, Error)]
pub enum DefinitionError {
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
    #[error("{file}: {cause}")]
    Io { file: String, cause: std::io::Error },
}

/// All definitions known to this run, by name.
#[derive(Debug, Clone)]
pub struct Registry {
    defs: BTreeMap<String, Definition>,
}

impl Registry {
    /// The definitions compiled into the binary.
    pub fn builtin() -> Registry {
        let mut defs = BTreeMap::new();
        for (file, text) in embedded::BUILTIN {
            let def = parse_definition(file, text).expect("built-in definitions are valid");
            defs.insert(def.name.clone(), def);
        }
        Registry { defs }
    }

    /// Adds (or replaces) a definition read from a user's file.
    pub fn load_file(&mut self, path: &Path) -> Result<&Definition, DefinitionError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|cause| DefinitionError::Io {
            file: file.clone(),
            cause,
        })?;
        let def = parse_definition(&file, &text)?;
        let name = def.name.clone();
        self.defs.insert(name.clone(), def);
        Ok(&self.defs[&name])
    }

    pub fn get(&self, name: &str) -> Option<&Definition> {
        self.defs.get(name)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Definition> {
        self.defs.values()
    }

    pub fn names(&self) -> Vec<&str> {
        self.defs.keys().map(String::as_str).collect()
    }

    /// The built-in default search: every source whose definition has `[default_search]`.
    pub fn default_specs(&self) -> Vec<SourceSpec> {
        self.iter()
            .filter_map(|d| {
                let ds = d.default_search.as_ref()?;
                Some(SourceSpec {
                    name: d.name.clone(),
                    arg: ds.arg.clone(),
                    query: ds.query.clone(),
                })
            })
            .collect()
    }
}

pub fn parse_definition(file: &str, text: &str) -> Result<Definition, DefinitionError> {
    let def: Definition = toml::from_str(text).map_err(|e| DefinitionError::Invalid {
        file: file.to_string(),
        message: e.to_string().trim().replace('\n', " "),
    })?;
    if crate::adapters::by_name(&def.adapter).is_none() {
        return Err(DefinitionError::Invalid {
            file: file.to_string(),
            message: format!("unknown adapter {:?}", def.adapter),
        });
    }
    Ok(def)
}

/// `NAME` or `NAME:ARG` as typed on the command line.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SourceSpec {
    pub name: String,
    pub arg: Option<String>,
    /// A query of this spec's own (default and saved searches), used when the user gave none.
    pub query: Option<String>,
}

impl SourceSpec {
    pub fn parse(s: &str) -> Result<SourceSpec, String> {
        let (name, arg) = match s.split_once(':') {
            Some((n, a)) => (n.trim(), Some(a.trim())),
            None => (s.trim(), None),
        };
        if name.is_empty() {
            return Err(format!("{s:?}: a source spec is NAME or NAME:ARG"));
        }
        if arg == Some("") {
            return Err(format!("{s:?}: nothing after ':'"));
        }
        Ok(SourceSpec {
            name: name.to_string(),
            arg: arg.map(str::to_string),
            query: None,
        })
    }
}

impl fmt::Display for SourceSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.arg {
            Some(a) => write!(f, "{}:{a}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_load_and_name_their_files() {
        let reg = Registry::builtin();
        for (file, _) in embedded::BUILTIN {
            let name = file.trim_end_matches(".toml");
            assert!(
                reg.get(name).is_some(),
                "{file} must define name = {name:?}"
            );
        }
        assert!(reg.get("greenhouse").is_some());
    }

    #[test]
    fn specs() {
        let s = SourceSpec::parse("greenhouse:vercel").unwrap();
        assert_eq!(
            (s.name.as_str(), s.arg.as_deref()),
            ("greenhouse", Some("vercel"))
        );
        assert_eq!(
            SourceSpec::parse("rss:https://x.test/a:b")
                .unwrap()
                .arg
                .as_deref(),
            Some("https://x.test/a:b")
        );
        assert!(SourceSpec::parse(":x").is_err());
        assert!(SourceSpec::parse("lever:").is_err());
    }

    #[test]
    fn unknown_keys_and_adapters_are_errors() {
        let base = "name='x'\ndescription='d'\nhomepage='h'\nbase_url='http://x.test'\nrate='1/s'\nterms='t'\n";
        let e = parse_definition("x.toml", &format!("{base}adapter='nope'")).unwrap_err();
        assert!(e.to_string().contains("unknown adapter"), "{e}");
        let e =
            parse_definition("x.toml", &format!("{base}adapter='lever'\ncolour=1")).unwrap_err();
        assert!(e.to_string().contains("colour"), "{e}");
        let e = parse_definition(
            "x.toml",
            &format!("{base}adapter='lever'\nmin_interval='often'"),
        )
        .unwrap_err();
        assert!(e.to_string().contains("min_interval"), "{e}");
        let reg = Registry::builtin();
        assert_eq!(
            reg.get("remotive").unwrap().min_interval,
            Some(std::time::Duration::from_secs(6 * 3600))
        );
    }
}
