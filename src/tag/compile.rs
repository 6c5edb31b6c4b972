//! Rules to matchers: every phrase, exclusion, veto and shape anchor of the rules laid out
//! as the automaton's patterns, templates split at their "{}", field conditions read.

use super::rules::{RuleError, TagRule};
use super::shapes;
use crate::posting::FieldValue;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Phrase,
    TitlePhrase,
    WeakPhrase,
    Exclude,
    VetoText,
    /// An anchor that makes a shape check the text around it.
    Shape(shapes::Shape),
    /// An anchor of a shape that, found, overrules the rule's weak phrases (`weak_unless`).
    Unless(shapes::Shape),
    /// The Nth fill word of its rule's templates: the templates are checked around it.
    Fill(usize),
}

pub struct Pattern {
    pub rule: usize,
    pub kind: Kind,
    pub text: String,
}

/// A template split at its "{}". Its phrases (one per fill word, `first` onwards in
/// `patterns`, after every searched pattern) are not in the automaton: each is found at the
/// fill word it contains, which keeps the automaton small (the bilingual rule alone makes
/// over a thousand phrases).
pub struct Template {
    pub prefix: String,
    pub suffix: String,
    pub first: usize,
}

/// Every phrase, exclusion, veto and anchor of the rules, and how many of them, from the
/// first, the automaton looks for (an automaton match's number is its pattern's index).
pub struct Compiled {
    pub patterns: Vec<Pattern>,
    pub searched: usize,
    /// Per rule, its templates.
    pub templates: Vec<Vec<Template>>,
    pub implied: Vec<Vec<usize>>,
    /// Per rule, the fields that fire it and the fields it sets.
    pub fields: Vec<Vec<FieldValue>>,
    pub sets: Vec<Vec<FieldValue>>,
    pub overruled_by: Vec<Vec<FieldValue>>,
}

/// Checks rules and lays out the automaton's patterns and each rule's implied tags.
pub fn compile(rules: &[TagRule]) -> Result<Compiled, RuleError> {
    let mut patterns = Vec::new();
    let mut templates = Vec::with_capacity(rules.len());
    let mut fields = Vec::with_capacity(rules.len());
    let mut sets = Vec::with_capacity(rules.len());
    let mut overruled_by = Vec::with_capacity(rules.len());
    // Template phrases, placed after every searched pattern once all are known.
    let mut expanded = Vec::new();

    for (i, rule) in rules.iter().enumerate() {
        let invalid = |message: String| RuleError::Invalid {
            tag: rule.name.clone(),
            message,
        };
        let listed = [
            (&rule.phrases, Kind::Phrase),
            (&rule.title_phrases, Kind::TitlePhrase),
            (&rule.weak_phrases, Kind::WeakPhrase),
            (&rule.exclude, Kind::Exclude),
            (&rule.veto_text, Kind::VetoText),
        ];
        for (list, kind) in listed {
            for p in list {
                patterns.push(Pattern {
                    rule: i,
                    kind,
                    text: p.clone(),
                });
            }
        }
        let split = split_templates(rule, i, &mut patterns, &mut expanded)?;
        templates.push(split);
        let shaped = [
            (&rule.shapes, Kind::Shape as fn(_) -> _),
            (&rule.weak_unless, Kind::Unless),
        ];
        for (names, kind) in shaped {
            for name in names {
                let shape = shapes::Shape::by_name(name)
                    .ok_or_else(|| invalid(format!("unknown shape {name:?}")))?;
                for anchor in shape.anchors() {
                    patterns.push(Pattern {
                        rule: i,
                        kind: kind(shape),
                        text: anchor,
                    });
                }
            }
        }
        fields.push(field_values(rule, &rule.fields, "field condition")?);
        sets.push(field_values(rule, &rule.sets, "field to set")?);
        overruled_by.push(field_values(rule, &rule.overruled_by, "overruling field")?);
        // An empty phrase would match at every byte of every posting.
        if patterns
            .iter()
            .any(|p| p.rule == i && p.text.trim().is_empty())
        {
            return Err(invalid("an empty phrase".into()));
        }
        if patterns.iter().all(|p| p.rule != i) && rule.fields.is_empty() {
            return Err(invalid("no phrases, shapes or fields".into()));
        }
    }
    let searched = patterns.len();
    for t in templates.iter_mut().flatten() {
        t.first += searched;
    }
    patterns.extend(expanded);
    let implied = implications(rules)?;
    Ok(Compiled {
        patterns,
        searched,
        templates,
        implied,
        fields,
        sets,
        overruled_by,
    })
}

/// A rule's templates split at their "{}": their fill words are searched (in `patterns`),
/// their phrases kept for explanations (in `expanded`, placed after every searched one).
fn split_templates(
    rule: &TagRule,
    i: usize,
    patterns: &mut Vec<Pattern>,
    expanded: &mut Vec<Pattern>,
) -> Result<Vec<Template>, RuleError> {
    let mut split = Vec::new();
    for t in &rule.templates {
        let Some((prefix, suffix)) = t.split_once("{}").filter(|(_, s)| !s.contains("{}")) else {
            return Err(RuleError::Invalid {
                tag: rule.name.clone(),
                message: format!("template {t:?} needs exactly one {{}}"),
            });
        };
        split.push(Template {
            prefix: prefix.to_string(),
            suffix: suffix.to_string(),
            first: expanded.len(),
        });
        // The template's phrases, for explanations; they are found through the fill words.
        for f in &rule.fill {
            expanded.push(Pattern {
                rule: i,
                kind: Kind::Phrase,
                text: format!("{prefix}{f}{suffix}"),
            });
        }
    }
    if !split.is_empty() {
        for (n, f) in rule.fill.iter().enumerate() {
            patterns.push(Pattern {
                rule: i,
                kind: Kind::Fill(n),
                text: f.clone(),
            });
        }
    }
    Ok(split)
}

/// A rule's `fields` or `sets`, read.
fn field_values(rule: &TagRule, list: &[String], what: &str) -> Result<Vec<FieldValue>, RuleError> {
    list.iter()
        .map(|f| {
            FieldValue::parse(f).ok_or_else(|| RuleError::Invalid {
                tag: rule.name.clone(),
                message: format!("unknown {what} {f:?}"),
            })
        })
        .collect()
}

/// Per rule, the rules its `implies` names.
fn implications(rules: &[TagRule]) -> Result<Vec<Vec<usize>>, RuleError> {
    let index: HashMap<&str, usize> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.name.as_str(), i))
        .collect();
    rules
        .iter()
        .map(|r| {
            r.implies
                .iter()
                .map(|name| {
                    index
                        .get(name.as_str())
                        .copied()
                        .ok_or_else(|| RuleError::Invalid {
                            tag: r.name.clone(),
                            message: format!("implies unknown tag {name:?}"),
                        })
                })
                .collect()
        })
        .collect()
}
