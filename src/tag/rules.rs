//! The rules as data: what a `[[tag]]` of rules.toml (or a config's `[tags.NAME]`) says,
//! the built-in set, and how a config's rules join it.

use serde::Deserialize;
use std::collections::HashSet;

const BUILTIN_RULES: &str = include_str!("rules.toml");

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagRule {
    /// Set from the table key in a config file's `[tags.NAME]`.
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub definition: String,
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Phrases that count only in the title ("- remote", "intern").
    #[serde(default)]
    pub title_phrases: Vec<String>,
    /// Phrases too weak to stand alone ("hardware, software"): they count in the title, in
    /// a sentence that says what the job does (a duty verb), or beside another cue.
    #[serde(default)]
    pub weak_phrases: Vec<String>,
    /// For a tag whose weak phrases are waivers ("we train skill"): they stand alone unless
    /// one of these shapes is found in the posting (`years_required`), which overrules them.
    #[serde(default)]
    pub weak_unless: Vec<String>,
    /// Fields the source set that overrule every phrase (`workplace=hybrid`: a posting
    /// its source calls hybrid is not remote whatever its text says).
    #[serde(default)]
    pub overruled_by: Vec<String>,
    /// Whether a phrase naming other people than this job's (a class of staff in a
    /// benefits sentence, work an applicant has done) is overruled.
    #[serde(default)]
    pub this_job_only: bool,
    /// Phrases that, anywhere in the posting, veto the tag ("not an entry level position").
    #[serde(default)]
    pub veto_text: Vec<String>,
    /// Each template with "{}" replaced by each `fill` word adds a phrase.
    #[serde(default)]
    pub templates: Vec<String>,
    #[serde(default)]
    pub fill: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub veto_near: Vec<String>,
    #[serde(default)]
    pub veto_next: Vec<String>,
    #[serde(default)]
    pub shapes: Vec<String>,
    #[serde(default)]
    pub fields: Vec<String>,
    /// Posting fields the tag fills when the source left them empty (`workplace=remote`).
    /// Read from the built-in rules only: a config's tags never change how fields are read.
    #[serde(default)]
    pub sets: Vec<String>,
    #[serde(default)]
    pub implies: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    tag: Vec<TagRule>,
}

#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("tag {tag}: {message}")]
    Invalid { tag: String, message: String },
}

/// The built-in rules with `overrides` replacing or joining them.
pub fn merged(overrides: Vec<TagRule>) -> Vec<TagRule> {
    let mut rules = builtin_rules();
    for rule in overrides {
        match rules.iter_mut().find(|r| r.name == rule.name) {
            Some(r) => *r = rule,
            None => rules.push(rule),
        }
    }
    rules
}

/// The built-in rules a posting's fields are read by: those that set fields, and those
/// that lead to one through `implies` (`holiday` implies `seasonal`), each implying only
/// others of them.
pub fn field_rules() -> Vec<TagRule> {
    let mut rules = builtin_rules();
    let mut kept: HashSet<String> = rules
        .iter()
        .filter(|r| !r.sets.is_empty())
        .map(|r| r.name.clone())
        .collect();
    while let Some(r) = rules
        .iter()
        .find(|r| !kept.contains(&r.name) && r.implies.iter().any(|n| kept.contains(n)))
    {
        kept.insert(r.name.clone());
    }
    rules.retain(|r| kept.contains(&r.name));
    for r in &mut rules {
        r.implies.retain(|n| kept.contains(n));
    }
    rules
}

/// Refuses `sets` in a config's rules: the fields a posting's tags set are the built-in
/// rules' to say, whatever a config does to the tags.
pub fn no_sets(overrides: &[TagRule]) -> Result<(), RuleError> {
    match overrides.iter().find(|r| !r.sets.is_empty()) {
        Some(r) => Err(RuleError::Invalid {
            tag: r.name.clone(),
            message: "`sets` is for the built-in rules only (a config's tags do not change \
                      how a posting's fields are read)"
                .into(),
        }),
        None => Ok(()),
    }
}

/// The built-in rules, without building the automaton (for checking tag names).
pub fn builtin_rules() -> Vec<TagRule> {
    let file: RuleFile = toml::from_str(BUILTIN_RULES).expect("built-in tag rules parse");
    file.tag
}
