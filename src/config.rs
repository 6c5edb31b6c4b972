//! Saved searches: a TOML file of named searches that `jobtap run` runs (from cron). Every
//! key is checked: an unknown key or a bad value is an error naming the file, line and key.

use crate::definition::SourceSpec;
use crate::export::Format;
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The example `jobtap init` writes (also in `examples/`).
pub const EXAMPLE: &str = include_str!("../examples/remote-support.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The state database [default: the platform's data dir].
    #[serde(default)]
    pub state: Option<PathBuf>,
    /// Extra source definition files, as `--definition`.
    #[serde(default)]
    pub definitions: Vec<PathBuf>,
    /// How long one source may spend on the network, as `--source-timeout` (which wins).
    #[serde(default, deserialize_with = "de_duration")]
    pub source_timeout: Option<std::time::Duration>,
    /// Companies and staffing agencies every search leaves out (as `--exclude-company`).
    #[serde(default)]
    pub exclude_company: Vec<String>,
    #[serde(default, rename = "search")]
    pub searches: Vec<SavedSearch>,
    /// `[tags.NAME]`: tags of the user's own, or built-in ones replaced (same keys as the
    /// built-in rules: phrases, exclude, veto_near, ...).
    #[serde(default)]
    pub tags: BTreeMap<String, crate::tag::TagRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedSearch {
    pub name: String,
    /// NAME or NAME:ARG; none: the built-in default search.
    #[serde(default, deserialize_with = "de_specs")]
    pub sources: Vec<SourceSpec>,
    #[serde(default)]
    pub query: Option<String>,
    #[serde(default)]
    pub location: Option<String>,
    /// Only remote postings (as `location = "remote"`).
    #[serde(default)]
    pub remote: bool,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub not_tags: Vec<String>,
    /// A duration (7d) or a date (2026-11-01), as `--since`.
    #[serde(default, deserialize_with = "de_since")]
    pub since: Option<String>,
    #[serde(default)]
    pub limit: Option<usize>,
    /// Words or phrases that drop a posting, as `--exclude`.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Companies left out of this search, besides the file's own `exclude_company`.
    #[serde(default)]
    pub exclude_company: Vec<String>,
    /// AMOUNT/PERIOD (25/hour, 60k/year), as `--min-pay`.
    #[serde(default, deserialize_with = "de_min_pay")]
    pub min_pay: Option<crate::filter::MinPay>,
    #[serde(default)]
    pub require_pay: bool,
    /// Job types kept, as `--type`.
    #[serde(default, rename = "type", deserialize_with = "de_types")]
    pub types: Vec<crate::posting::EmploymentType>,
    /// Workplaces kept, as `--workplace`.
    #[serde(default, deserialize_with = "de_workplaces")]
    pub workplace: Vec<crate::posting::Workplace>,
    #[serde(default)]
    pub details: bool,
    #[serde(default)]
    pub output: Option<PathBuf>,
    #[serde(default)]
    pub format: Option<Format>,
    #[serde(default)]
    pub merge_into: Option<PathBuf>,
    /// A page of the postings written, as `--html`.
    #[serde(default)]
    pub html: Option<PathBuf>,
    #[serde(default)]
    pub bom: bool,
    #[serde(default)]
    pub raw_cells: bool,
    #[serde(default)]
    pub new_only: bool,
    #[serde(default)]
    pub include_changed: bool,
    /// Alert targets, as `--notify` (checked when the search runs, so that a mistake's
    /// message never quotes a webhook's URL).
    #[serde(default)]
    pub notify: Vec<String>,
    #[serde(default)]
    pub notify_format: Option<crate::notify::Format>,
    #[serde(default)]
    pub notify_first_run: bool,
    /// Settings by source name, over the definition's `[settings]`.
    #[serde(default)]
    pub settings: BTreeMap<String, toml::Table>,
    /// Key variables a source reads, mapped to the environment variable holding the value
    /// (the config names variables, never holds keys).
    #[serde(default)]
    pub keys: BTreeMap<String, String>,
}

fn de_specs<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<SourceSpec>, D::Error> {
    Vec::<String>::deserialize(d)?
        .iter()
        .map(|s| SourceSpec::parse(s).map_err(serde::de::Error::custom))
        .collect()
}

fn de_min_pay<'de, D: Deserializer<'de>>(d: D) -> Result<Option<crate::filter::MinPay>, D::Error> {
    let s = String::deserialize(d)?;
    s.parse().map(Some).map_err(serde::de::Error::custom)
}

/// A list of names, each read by `parse` (the command line's own parser of them).
fn de_names<'de, D: Deserializer<'de>, T>(
    d: D,
    parse: fn(&str) -> Result<T, String>,
) -> Result<Vec<T>, D::Error> {
    Vec::<String>::deserialize(d)?
        .iter()
        .map(|s| parse(s).map_err(serde::de::Error::custom))
        .collect()
}

fn de_types<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Vec<crate::posting::EmploymentType>, D::Error> {
    de_names(d, crate::cli::parse_type)
}

fn de_workplaces<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Vec<crate::posting::Workplace>, D::Error> {
    de_names(d, crate::cli::parse_workplace)
}

fn de_duration<'de, D: Deserializer<'de>>(d: D) -> Result<Option<std::time::Duration>, D::Error> {
    let s = String::deserialize(d)?;
    humantime::parse_duration(&s)
        .map(Some)
        .map_err(|e| serde::de::Error::custom(format!("{s:?}: {e} (a duration: 90s, 2m)")))
}

fn builtin_tag_names() -> &'static Vec<String> {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        crate::tag::builtin_rules()
            .into_iter()
            .map(|r| r.name)
            .collect()
    })
}

fn de_since<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let s = String::deserialize(d)?;
    crate::filter::parse_since(&s, chrono::Utc::now()).map_err(serde::de::Error::custom)?;
    Ok(Some(s))
}

/// `PLATFORM_CONFIG_DIR/jobtap/config.toml` (on Linux `~/.config/jobtap/config.toml`).
pub fn default_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("jobtap").join("config.toml"))
}

/// `~/` at the start of a path is the home directory (cron gives no shell to expand it).
pub fn expand(path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), dirs::home_dir()) {
        (Ok(rest), Some(home)) => home.join(rest),
        _ => path.to_path_buf(),
    }
}

impl Config {
    pub fn load(path: &Path) -> anyhow::Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            anyhow::anyhow!("{}: {e} (`jobtap init` writes an example)", path.display())
        })?;
        Config::parse(&path.display().to_string(), &text).map_err(anyhow::Error::msg)
    }

    /// Parses a config; errors read `FILE:LINE:COLUMN: message`.
    pub fn parse(file: &str, text: &str) -> Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let place = e.span().map_or(String::new(), |span| {
                let before = &text[..span.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
                format!("{line}:{col}: ")
            });
            let key = e
                .span()
                .and_then(|s| text.get(s))
                .map(|k| k.lines().next().unwrap_or("").trim())
                .filter(|k| !k.is_empty())
                .map(|k| format!(" (at `{k}`)"))
                .unwrap_or_default();
            format!("{file}:{place}{}{key}", e.message().trim())
        })?;
        let mut names = std::collections::HashSet::new();
        for s in &config.searches {
            if !names.insert(s.name.as_str()) {
                return Err(format!("{file}: two searches are named {:?}", s.name));
            }
        }
        // Tags a search filters on must exist: built in, or defined in this file.
        let known: Vec<&str> = builtin_tag_names()
            .iter()
            .map(String::as_str)
            .chain(config.tags.keys().map(String::as_str))
            .collect();
        for s in &config.searches {
            if let Some(t) = s
                .tags
                .iter()
                .chain(&s.not_tags)
                .find(|t| !known.contains(&t.as_str()))
            {
                let line = text.find(&format!("\"{t}\"")).map_or(String::new(), |at| {
                    format!("{}: ", text[..at].matches('\n').count() + 1)
                });
                return Err(format!(
                    "{file}:{line}search {}: {t}: unknown tag (known: {})",
                    s.name,
                    known.join(", ")
                ));
            }
        }
        crate::tag::Tagger::check_rules(&config.tag_rules()).map_err(|e| format!("{file}: {e}"))?;
        Ok(config)
    }

    /// The `[tags]` rules, named after their keys.
    pub fn tag_rules(&self) -> Vec<crate::tag::TagRule> {
        self.tags
            .iter()
            .map(|(name, rule)| crate::tag::TagRule {
                name: name.clone(),
                ..rule.clone()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_parses_and_mistakes_name_line_and_key() {
        let c = Config::parse("example.toml", EXAMPLE).unwrap();
        assert!(!c.searches.is_empty());
        let e = Config::parse("c.toml", "[[search]]\nname = \"a\"\ncolour = 1\n").unwrap_err();
        assert!(e.starts_with("c.toml:3:1: unknown field `colour`"), "{e}");
        let e =
            Config::parse("c.toml", "[[search]]\nname = \"a\"\ntags = [\"nope\"]\n").unwrap_err();
        assert!(
            e.starts_with("c.toml:3:") && e.contains("nope: unknown tag"),
            "{e}"
        );
        let e =
            Config::parse("c.toml", "[[search]]\nname = \"a\"\nsince = \"soon\"\n").unwrap_err();
        assert!(e.starts_with("c.toml:3:"), "{e}");
        let e =
            Config::parse("c.toml", "[[search]]\nname = \"a\"\nformat = \"xml\"\n").unwrap_err();
        assert!(e.starts_with("c.toml:3:"), "{e}");
        let c = Config::parse("c.toml", "source_timeout = \"90s\"\n").unwrap();
        assert_eq!(c.source_timeout, Some(std::time::Duration::from_secs(90)));
        let e = Config::parse("c.toml", "source_timeout = \"soon\"\n").unwrap_err();
        assert!(
            e.starts_with("c.toml:1:") && e.contains("a duration"),
            "{e}"
        );
    }
}
