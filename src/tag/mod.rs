//! Keyword tags. Rules are data (`rules.toml`, user overrides later merged in); matching is
//! one Aho-Corasick automaton over every phrase of every tag, run once per posting.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;

const BUILTIN_RULES: &str = include_str!("rules.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagRule {
    pub name: String,
    pub definition: String,
    pub phrases: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    tag: Vec<TagRule>,
}

/// Which phrase made a tag fire, for `--explain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagHit {
    pub tag: String,
    pub phrase: String,
}

pub struct Tagger {
    rules: Vec<TagRule>,
    automaton: AhoCorasick,
    /// Per pattern: (rule index, is an exclusion).
    patterns: Vec<(usize, bool)>,
}

/// Words that, just before a phrase, turn it around ("no weekends", "not a remote role").
const NEGATIONS: [&str; 5] = ["no", "not", "without", "never", "non"];

impl Tagger {
    pub fn builtin() -> Tagger {
        let file: RuleFile = toml::from_str(BUILTIN_RULES).expect("built-in tag rules are valid");
        Tagger::new(file.tag)
    }

    pub fn new(rules: Vec<TagRule>) -> Tagger {
        let mut phrases = Vec::new();
        let mut patterns = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            for p in &rule.phrases {
                phrases.push(p.as_str());
                patterns.push((i, false));
            }
            for p in &rule.exclude {
                phrases.push(p.as_str());
                patterns.push((i, true));
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&phrases)
            .expect("tag phrases build an automaton");
        Tagger {
            rules,
            automaton,
            patterns,
        }
    }

    pub fn rules(&self) -> &[TagRule] {
        &self.rules
    }

    /// The tags of a posting, in rule order.
    pub fn tags(&self, title: &str, description: &str) -> Vec<String> {
        self.explain(title, description)
            .into_iter()
            .map(|h| h.tag)
            .collect()
    }

    /// Each tag that fires with the first phrase that fired it, in rule order.
    pub fn explain(&self, title: &str, description: &str) -> Vec<TagHit> {
        let mut first: Vec<Option<usize>> = vec![None; self.rules.len()];
        for text in [title, description] {
            for m in self.automaton.find_iter(text) {
                let (rule, exclusion) = self.patterns[m.pattern().as_usize()];
                if exclusion || first[rule].is_some() {
                    continue;
                }
                if is_whole_word(text, m.start(), m.end()) && !is_negated(text, m.start()) {
                    first[rule] = Some(m.pattern().as_usize());
                }
            }
        }
        first
            .iter()
            .enumerate()
            .filter_map(|(rule, pat)| {
                let pat = (*pat)?;
                Some(TagHit {
                    tag: self.rules[rule].name.clone(),
                    phrase: self.phrase(pat).to_string(),
                })
            })
            .collect()
    }

    fn phrase(&self, pattern: usize) -> &str {
        let (rule, _) = self.patterns[pattern];
        let r = &self.rules[rule];
        let before: usize = self.patterns[..pattern]
            .iter()
            .filter(|(i, _)| *i == rule)
            .count();
        r.phrases
            .iter()
            .chain(&r.exclude)
            .nth(before)
            .map_or("", String::as_str)
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    (start == 0 || !is_word_byte(b[start - 1])) && (end == b.len() || !is_word_byte(b[end]))
}

/// A negation among the three words before `start`, within the same clause.
fn is_negated(text: &str, start: usize) -> bool {
    let window_start = start.saturating_sub(40);
    let mut from = window_start;
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..start];
    let clause = before
        .rsplit(['.', '\n', ';', ':', '!', '?', ','])
        .next()
        .unwrap_or(before);
    clause
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev()
        .take(3)
        .any(|w| NEGATIONS.iter().any(|n| w.eq_ignore_ascii_case(n)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(title: &str, desc: &str) -> Vec<String> {
        Tagger::builtin().tags(title, desc)
    }

    #[test]
    fn fires_on_phrases_case_insensitively() {
        assert_eq!(tags("Live Chat Agent", ""), vec!["chat"]);
        assert_eq!(
            tags("CSR", "Working the Overnight shift."),
            vec!["overnight"]
        );
        assert_eq!(tags("IT Help Desk Analyst", ""), vec!["helpdesk"]);
        assert_eq!(
            tags("Holiday Seasonal Associate", "Join us this holiday season"),
            vec!["holiday"]
        );
    }

    #[test]
    fn exclusions_and_negations_veto() {
        assert!(tags("Cashier", "Benefits: paid holidays and holiday pay.").is_empty());
        assert!(tags("Agent", "Questions? Chat with us anytime.").is_empty());
        assert!(tags("Driver", "Occasional overnight travel required.").is_empty());
        assert!(tags("Clerk", "Day shift only, never overnight.").is_empty());
        assert!(tags("Clerk", "There is no night shift.").is_empty());
    }

    #[test]
    fn whole_words_only() {
        assert!(tags("Chatbot trainer", "chatter, overnighter").is_empty());
    }

    #[test]
    fn explain_names_the_phrase() {
        let hits = Tagger::builtin().explain("Night shift help desk", "");
        assert_eq!(
            hits,
            vec![
                TagHit {
                    tag: "overnight".into(),
                    phrase: "night shift".into()
                },
                TagHit {
                    tag: "helpdesk".into(),
                    phrase: "help desk".into()
                }
            ]
        );
    }

    #[test]
    fn every_builtin_tag_has_a_definition() {
        for r in Tagger::builtin().rules() {
            assert!(
                !r.definition.is_empty() && !r.phrases.is_empty(),
                "{}",
                r.name
            );
        }
    }
}
