//! Keyword tags. Rules are data (`rules.toml`, plus any the user's config adds or
//! overrides); matching is one Aho-Corasick automaton over every phrase of every tag, run
//! once over the title and once over the description of each posting.

mod phrases;
mod shapes;

use crate::posting::{FieldValue, Posting};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};

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

/// What the tags of a posting say: the tags, the fields they fill where the source left
/// them empty, and (when asked) why each tag fired.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tagged {
    pub tags: Vec<String>,
    pub sets: Vec<FieldValue>,
    /// Empty unless asked for.
    pub hits: Vec<TagHit>,
}

/// Why a tag fired, for `--explain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagHit {
    pub tag: String,
    /// The phrase, shape or field that fired it.
    pub because: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Phrase,
    TitlePhrase,
    Exclude,
    VetoText,
    /// An anchor that makes a shape check the text around it.
    Shape(shapes::Shape),
    /// The Nth fill word of its rule's templates: the templates are checked around it.
    Fill(usize),
}

struct Pattern {
    rule: usize,
    kind: Kind,
    text: String,
}

/// A template split at its "{}". Its phrases (one per fill word, `first` onwards in
/// `patterns`, after every searched pattern) are not in the automaton: each is found at the
/// fill word it contains, which keeps the automaton small (the bilingual rule alone makes
/// over a thousand phrases).
struct Template {
    prefix: String,
    suffix: String,
    first: usize,
}

/// Every phrase, exclusion, veto and anchor of the rules, and how many of them, from the
/// first, the automaton looks for (an automaton match's number is its pattern's index).
struct Compiled {
    patterns: Vec<Pattern>,
    searched: usize,
    /// Per rule, its templates.
    templates: Vec<Vec<Template>>,
    implied: Vec<Vec<usize>>,
    /// Per rule, the fields that fire it and the fields it sets.
    fields: Vec<Vec<FieldValue>>,
    sets: Vec<Vec<FieldValue>>,
}

pub struct Tagger {
    rules: Vec<TagRule>,
    automaton: phrases::Phrases,
    patterns: Vec<Pattern>,
    templates: Vec<Vec<Template>>,
    implied: Vec<Vec<usize>>,
    fields: Vec<Vec<FieldValue>>,
    sets: Vec<Vec<FieldValue>>,
    /// When the rules are not the built-in ones (a config's `[tags]`), what reads the fields
    /// a posting's tags set: the built-in rules that set them, scanned on their own.
    field_reader: Option<Box<Tagger>>,
}

#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("tag {tag}: {message}")]
    Invalid { tag: String, message: String },
}

/// Words that, just before a phrase, turn it around ("no weekends", "not a remote role").
const NEGATIONS: [&str; 5] = ["no", "not", "without", "never", "non"];

impl Tagger {
    pub fn builtin() -> Tagger {
        Tagger::compiled(builtin_rules()).expect("built-in tag rules are valid")
    }

    /// The built-in rules with `overrides` applied: a rule with a built-in tag's name replaces
    /// it, any other is added.
    pub fn with_overrides(overrides: Vec<TagRule>) -> Result<Tagger, RuleError> {
        no_sets(&overrides)?;
        Tagger::new(merged(overrides))
    }

    /// Checks overrides as `with_overrides` would, without building the automaton.
    pub fn check_rules(overrides: &[TagRule]) -> Result<(), RuleError> {
        no_sets(overrides)?;
        compile(&merged(overrides.to_vec())).map(|_| ())
    }

    /// A tagger of `rules`. Unless they are the built-in ones, the fields its tags set are
    /// read by the built-in rules alone (a second, smaller scan), so that replacing
    /// `[tags.remote]` changes the tag, not how `workplace` is read.
    pub fn new(rules: Vec<TagRule>) -> Result<Tagger, RuleError> {
        if rules == builtin_rules() {
            return Tagger::compiled(rules);
        }
        let reader = Tagger::compiled(field_rules()).expect("built-in tag rules are valid");
        Ok(Tagger {
            field_reader: Some(Box::new(reader)),
            ..Tagger::compiled(rules)?
        })
    }

    fn compiled(rules: Vec<TagRule>) -> Result<Tagger, RuleError> {
        let Compiled {
            patterns,
            searched,
            templates,
            implied,
            fields,
            sets,
        } = compile(&rules)?;
        // Overlapping matches: an exclusion vetoes every phrase it overlaps, wherever either
        // starts, and a phrase that fails the word-boundary check cannot hide a shorter one
        // inside it.
        let automaton = phrases::Phrases::new(patterns[..searched].iter().map(|p| p.text.as_str()))
            .map_err(|e| RuleError::Invalid {
                tag: "*".into(),
                message: e,
            })?;
        Ok(Tagger {
            rules,
            automaton,
            patterns,
            templates,
            implied,
            fields,
            sets,
            field_reader: None,
        })
    }

    pub fn rules(&self) -> &[TagRule] {
        &self.rules
    }

    /// The tags of a posting, in rule order.
    pub fn tags(&self, p: &Posting) -> Vec<String> {
        self.tag(p, false).tags
    }

    /// The tags of a posting, the fields they set and, with `explain`, why each fired.
    pub fn tag(&self, p: &Posting, explain: bool) -> Tagged {
        let fired = self.resolve(self.scan_posting(p));
        let sets = match &self.field_reader {
            Some(reader) => reader.sets_of(&reader.resolve(reader.scan_posting(p))),
            None => self.sets_of(&fired),
        };
        let mut tagged = Tagged {
            sets,
            ..Tagged::default()
        };
        for (rule, why) in fired {
            if explain {
                tagged.hits.push(self.hit(rule, why));
            }
            tagged.tags.push(self.rules[rule].name.clone());
        }
        tagged
    }

    /// The fields the rules that fired set, in rule order.
    fn sets_of(&self, fired: &[(usize, Why)]) -> Vec<FieldValue> {
        fired
            .iter()
            .flat_map(|&(rule, _)| self.sets[rule].iter().copied())
            .collect()
    }

    /// Tags from text alone (title and description).
    pub fn tags_of_text(&self, title: &str, description: &str) -> Vec<String> {
        let mut state = ScanState::new(self.rules.len());
        self.scan(title, true, &mut state);
        self.scan(description, false, &mut state);
        self.names(state)
    }

    fn names(&self, state: ScanState) -> Vec<String> {
        self.resolve(state)
            .into_iter()
            .map(|(rule, _)| self.rules[rule].name.clone())
            .collect()
    }

    /// Each tag that fires with what fired it first, in rule order.
    pub fn explain(&self, p: &Posting) -> Vec<TagHit> {
        self.tag(p, true).hits
    }

    fn scan_posting(&self, p: &Posting) -> ScanState {
        let mut state = ScanState::new(self.rules.len());
        for (i, fields) in self.fields.iter().enumerate() {
            if let Some(f) = fields.iter().find(|f| f.holds(p)) {
                state.fired[i] = Some(Why::Field(*f));
            }
        }
        self.scan(&p.title, true, &mut state);
        self.scan(&p.description, false, &mut state);
        state
    }

    fn hit(&self, rule: usize, why: Why) -> TagHit {
        TagHit {
            tag: self.rules[rule].name.clone(),
            because: match why {
                Why::Pattern(id) => format!("\"{}\"", self.patterns[id].text),
                Why::Shape(shape, found) => format!("{} \"{found}\"", shape.name()),
                Why::Field(f) => format!("field {f}"),
                Why::Implied(by) => format!("implied by {}", self.rules[by].name),
            },
        }
    }

    /// The rules that fired, in rule order, after vetoes and implications.
    fn resolve(&self, state: ScanState) -> Vec<(usize, Why)> {
        let ScanState { mut fired, vetoed } = state;
        for (f, v) in fired.iter_mut().zip(&vetoed) {
            if *v {
                *f = None;
            }
        }
        for i in 0..self.rules.len() {
            if fired[i].is_some() {
                for &t in &self.implied[i] {
                    if fired[t].is_none() && !vetoed[t] {
                        fired[t] = Some(Why::Implied(i));
                    }
                }
            }
        }
        fired
            .into_iter()
            .enumerate()
            .filter_map(|(i, why)| Some((i, why?)))
            .collect()
    }

    fn scan(&self, text: &str, is_title: bool, state: &mut ScanState) {
        // (start, end, pattern) of phrases that passed the word-boundary check.
        let mut candidates: Vec<(usize, usize, usize)> = Vec::new();
        let mut exclusions: Vec<(usize, usize, usize)> = Vec::new();
        for (id, start, end) in self.automaton.find_all(text) {
            let pat = &self.patterns[id];
            if state.fired[pat.rule].is_some() && pat.kind != Kind::VetoText {
                continue;
            }
            let whole = || is_whole_word(text, start, end);
            match pat.kind {
                Kind::Exclude if whole() => exclusions.push((pat.rule, start, end)),
                Kind::VetoText if whole() => state.vetoed[pat.rule] = true,
                Kind::Shape(shape) => {
                    if let Some(found) = shape.check(text, start, end) {
                        state.fired[pat.rule] = Some(Why::Shape(shape, found));
                    }
                }
                Kind::Phrase if whole() => candidates.push((start, end, id)),
                Kind::TitlePhrase if is_title && whole() => candidates.push((start, end, id)),
                Kind::Fill(n) => {
                    let b = text.as_bytes();
                    for t in &self.templates[pat.rule] {
                        let Some(from) = start.checked_sub(t.prefix.len()) else {
                            continue;
                        };
                        let to = end + t.suffix.len();
                        let fits = to <= b.len()
                            && b[from..start].eq_ignore_ascii_case(t.prefix.as_bytes())
                            && b[end..to].eq_ignore_ascii_case(t.suffix.as_bytes());
                        if fits && is_whole_word(text, from, to) {
                            candidates.push((from, to, t.first + n));
                        }
                    }
                }
                _ => {}
            }
        }
        candidates.sort_unstable();
        for (start, end, id) in candidates {
            let pat = &self.patterns[id];
            let rule = &self.rules[pat.rule];
            let excluded = exclusions
                .iter()
                .any(|&(r, s, e)| r == pat.rule && s < end && start < e);
            if state.fired[pat.rule].is_none()
                && !excluded
                && !is_negated(text, start, end)
                && !vetoed_near(text, start, end, &rule.veto_near)
                && !vetoed_next(text, end, &rule.veto_next)
            {
                state.fired[pat.rule] = Some(Why::Pattern(id));
            }
        }
    }
}

/// Why a rule fired; worded only when `--explain` asks, so tagging allocates nothing.
#[derive(Debug, Clone)]
enum Why {
    Pattern(usize),
    Shape(shapes::Shape, String),
    Field(FieldValue),
    Implied(usize),
}

/// What one posting's scan has found so far: per rule, why it fired, and whether a
/// `veto_text` phrase ruled it out.
struct ScanState {
    fired: Vec<Option<Why>>,
    vetoed: Vec<bool>,
}

impl ScanState {
    fn new(n: usize) -> Self {
        ScanState {
            fired: vec![None; n],
            vetoed: vec![false; n],
        }
    }
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

/// Checks rules and lays out the automaton's patterns and each rule's implied tags.
fn compile(rules: &[TagRule]) -> Result<Compiled, RuleError> {
    let mut patterns = Vec::new();
    let mut templates = Vec::with_capacity(rules.len());
    let mut fields = Vec::with_capacity(rules.len());
    let mut sets = Vec::with_capacity(rules.len());
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
        for name in &rule.shapes {
            let shape = shapes::Shape::by_name(name)
                .ok_or_else(|| invalid(format!("unknown shape {name:?}")))?;
            for anchor in shape.anchors() {
                patterns.push(Pattern {
                    rule: i,
                    kind: Kind::Shape(shape),
                    text: anchor,
                });
            }
        }
        fields.push(field_values(rule, &rule.fields, "field condition")?);
        sets.push(field_values(rule, &rule.sets, "field to set")?);
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

/// The built-in rules a posting's fields are read by: those that set fields, and those
/// that lead to one through `implies` (`holiday` implies `seasonal`), each implying only
/// others of them.
fn field_rules() -> Vec<TagRule> {
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
fn no_sets(overrides: &[TagRule]) -> Result<(), RuleError> {
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

/// A tagger built on another thread. Building the automaton takes some tens of
/// milliseconds, which a scrape can spend waiting for its first responses instead.
pub struct Pending {
    handle: std::sync::Mutex<Option<std::thread::JoinHandle<Tagger>>>,
    ready: std::sync::OnceLock<Tagger>,
}

impl Pending {
    /// A tagger that is already built.
    pub fn ready(tagger: Tagger) -> Pending {
        Pending {
            handle: std::sync::Mutex::new(None),
            ready: std::sync::OnceLock::from(tagger),
        }
    }

    pub fn spawn(build: impl FnOnce() -> Tagger + Send + 'static) -> Pending {
        Pending {
            handle: std::sync::Mutex::new(Some(std::thread::spawn(build))),
            ready: std::sync::OnceLock::new(),
        }
    }

    /// The tagger, waiting for the build if it is not done yet.
    pub fn get(&self) -> &Tagger {
        self.ready.get_or_init(|| {
            let handle = self.handle.lock().unwrap().take();
            handle
                .expect("the build is joined once")
                .join()
                .expect("building the tagger does not panic")
        })
    }
}

/// The built-in rules, without building the automaton (for checking tag names).
pub fn builtin_rules() -> Vec<TagRule> {
    let file: RuleFile = toml::from_str(BUILTIN_RULES).expect("built-in tag rules parse");
    file.tag
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// A phrase is whole when the bytes beside it are not word bytes; phrases that begin or
/// end with punctuation ("(remote)", "- remote") carry their own boundary on that side.
/// A lower-to-upper case change also counts as a boundary: text whose markup was stripped
/// often glues list items together ("technical supportPromote", "KnowledgeHigh school").
fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    let left = start == 0
        || !is_word_byte(b[start])
        || !is_word_byte(b[start - 1])
        || (b[start - 1].is_ascii_lowercase() && b[start].is_ascii_uppercase());
    let right = end == b.len()
        || !is_word_byte(b[end - 1])
        || !is_word_byte(b[end])
        || (b[end - 1].is_ascii_lowercase() && b[end].is_ascii_uppercase());
    left && right
}

/// The clause (sentence part) around a match: bounded by punctuation that ends a thought.
fn clause_bounds(text: &str, start: usize, end: usize) -> (usize, usize) {
    const STOPS: [u8; 6] = [b'.', b'\n', b';', b'!', b'?', b'|'];
    let b = text.as_bytes();
    let from = b[..start]
        .iter()
        .rposition(|c| STOPS.contains(c))
        .map_or(0, |p| p + 1);
    let to = b[end..]
        .iter()
        .position(|c| STOPS.contains(c))
        .map_or(b.len(), |p| end + p);
    (from, to)
}

fn words(s: &str) -> impl DoubleEndedIterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
}

/// "no"/"not"/"without"/"never"/"non" among the four words before the phrase (in the same
/// clause, not across a comma), or "not"/"never" among the two words after it ("remote work
/// not considered", "weekends are not required").
fn is_negated(text: &str, start: usize, end: usize) -> bool {
    let (from, to) = clause_bounds(text, start, end);
    let before = &text[from..start];
    let before = before.rsplit(',').next().unwrap_or(before);
    let neg = |w: &str| NEGATIONS.iter().any(|n| w.eq_ignore_ascii_case(n));
    if words(before).rev().take(4).any(neg) {
        return true;
    }
    let after = &text[end..to];
    let after = after.split(',').next().unwrap_or(after);
    words(after)
        .take(2)
        .any(|w| w.eq_ignore_ascii_case("not") || w.eq_ignore_ascii_case("never"))
}

/// One of `veto` within eight words either side, in the same clause.
fn vetoed_near(text: &str, start: usize, end: usize, veto: &[String]) -> bool {
    if veto.is_empty() {
        return false;
    }
    let (from, to) = clause_bounds(text, start, end);
    let hit = |w: &str| veto.iter().any(|v| w.eq_ignore_ascii_case(v));
    words(&text[from..start]).rev().take(8).any(hit) || words(&text[end..to]).take(8).any(hit)
}

/// The word right after the phrase is one of `veto` ("#number" stands for any number, so
/// "help desk at 888-555-0100" reads as contact details). Little linking words in between
/// ("at", "on", "via") are passed over.
fn vetoed_next(text: &str, end: usize, veto: &[String]) -> bool {
    const LINKS: [&str; 6] = ["at", "on", "via", "by", "call", "phone"];
    if veto.is_empty() {
        return false;
    }
    let Some(next) = words(&text[end..])
        .take(2)
        .find(|w| !LINKS.iter().any(|l| w.eq_ignore_ascii_case(l)))
    else {
        return false;
    };
    veto.iter().any(|v| {
        if v == "#number" {
            next.starts_with(|c: char| c.is_ascii_digit())
        } else {
            next.eq_ignore_ascii_case(v)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::posting::{EmploymentType, Workplace};

    fn tags(title: &str, desc: &str) -> Vec<String> {
        Tagger::builtin().tags_of_text(title, desc)
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
            tags("Holiday Associate", "Join us this holiday season"),
            vec!["holiday", "seasonal"],
            "holiday hiring implies seasonal"
        );
    }

    #[test]
    fn exclusions_and_negations_veto() {
        assert!(tags("Cashier", "Benefits: paid holidays and holiday pay.").is_empty());
        assert!(tags("Agent", "Questions? Chat with us anytime.").is_empty());
        assert!(tags("Driver", "Occasional overnight travel required.").is_empty());
        assert!(tags("Rep", "Travel, including overnights, up to 50%.").is_empty());
        assert!(tags("Clerk", "Day shift only, never overnight.").is_empty());
        assert!(tags("Clerk", "There is no night shift.").is_empty());
        assert!(tags("Clerk", "This is not an entry level position.").is_empty());
        assert!(tags("Clerk", "Remote work is not an option.").is_empty());
        assert!(tags("Clerk", "Apply by Sunday, April 9 at noon.").is_empty());
        assert!(tags("Clerk", "No weekends!").is_empty());
    }

    #[test]
    fn negation_stays_in_its_clause() {
        assert_eq!(
            tags("Clerk", "No experience needed. Weekends required."),
            vec!["weekend", "entry-level"]
        );
    }

    #[test]
    fn whole_words_only() {
        assert!(tags("Chatbot trainer", "chatter, overnighter, managed").is_empty());
    }

    #[test]
    fn templates_fill_phrases() {
        assert_eq!(
            tags("Agent", "Fluent in Spanish and English."),
            vec!["bilingual"]
        );
        assert_eq!(
            tags("Analyst", "0-2 years of experience."),
            vec!["entry-level"]
        );
    }

    #[test]
    fn fields_imply_tags_and_explain_says_why() {
        let mut p = Posting::new("x", "1", chrono::Utc::now());
        p.title = "Night shift help desk".into();
        p.workplace = Workplace::Remote;
        let hits = Tagger::builtin().explain(&p);
        let why: Vec<(&str, &str)> = hits
            .iter()
            .map(|h| (h.tag.as_str(), h.because.as_str()))
            .collect();
        assert_eq!(
            why,
            [
                ("overnight", "\"night shift\""),
                ("helpdesk", "\"help desk\""),
                ("remote", "field workplace=remote")
            ]
        );
    }

    #[test]
    fn overrides_replace_or_add() {
        let t = Tagger::with_overrides(vec![TagRule {
            name: "forklift".into(),
            definition: "Drives a forklift".into(),
            phrases: vec!["forklift".into()],
            ..TagRule::default()
        }])
        .unwrap();
        assert_eq!(t.tags_of_text("Forklift operator", ""), vec!["forklift"]);
        let bad = Tagger::with_overrides(vec![TagRule {
            name: "x".into(),
            definition: "d".into(),
            shapes: vec!["nope".into()],
            ..TagRule::default()
        }]);
        assert!(bad.is_err());
        // Refused when the config is checked, before any tagger is built.
        let empty = TagRule {
            name: "blank".into(),
            definition: "d".into(),
            phrases: vec!["chat".into(), " ".into()],
            ..TagRule::default()
        };
        let err = Tagger::check_rules(std::slice::from_ref(&empty)).unwrap_err();
        assert!(err.to_string().contains("empty phrase"), "{err}");
    }

    /// A tag rule of a config, with `phrases`.
    fn rule(name: &str, phrases: &[&str]) -> TagRule {
        TagRule {
            name: name.into(),
            definition: "mine".into(),
            phrases: phrases.iter().map(|p| p.to_string()).collect(),
            ..TagRule::default()
        }
    }

    #[test]
    fn replaced_tags_keep_the_fields_of_the_builtin_rules() {
        let mut p = Posting::new("x", "1", chrono::Utc::now());
        p.title = "Agent".into();
        p.description = "Fully remote, work from home. Hiring for the holiday season.".into();
        let builtin = Tagger::builtin().tag(&p, false);
        assert_eq!(builtin.tags, ["holiday", "remote", "seasonal"]);
        let fields = [
            FieldValue::Workplace(Workplace::Remote),
            FieldValue::EmploymentType(EmploymentType::Seasonal),
        ];
        assert_eq!(builtin.sets, fields);
        let replaced = ["remote", "seasonal", "holiday"].map(|n| rule(n, &["telework"]));
        let after = Tagger::with_overrides(replaced.to_vec())
            .unwrap()
            .tag(&p, true);
        assert!(after.tags.is_empty(), "{:?}", after.tags);
        assert!(after.hits.is_empty());
        assert_eq!(after.sets, fields);
        // `holiday` alone: the built-in `holiday` still leads to `seasonal`'s job type,
        // though neither tag fires.
        let only_holiday = Tagger::with_overrides(vec![rule("holiday", &["yuletide"])]).unwrap();
        let after = only_holiday.tag(&p, false);
        assert_eq!(after.tags, ["remote"]);
        assert_eq!(after.sets, fields);
        // A tag of the config's own that implies `remote` tags it, and sets nothing.
        let mut own = rule("telework", &["telework"]);
        own.implies = vec!["remote".into()];
        p.description = "Telework.".into();
        let after = Tagger::with_overrides(vec![own]).unwrap().tag(&p, false);
        assert_eq!(after.tags, ["remote", "telework"]);
        assert!(after.sets.is_empty());
    }

    #[test]
    fn sets_are_refused_in_a_config() {
        let mut own = rule("telework", &["telework"]);
        own.sets = vec!["workplace=remote".into()];
        let err = Tagger::check_rules(std::slice::from_ref(&own)).unwrap_err();
        assert!(
            err.to_string().contains("`sets` is for the built-in"),
            "{err}"
        );
        assert!(Tagger::with_overrides(vec![own]).is_err());
        let mut rules = builtin_rules();
        rules[0].sets = vec!["workplace=moon".into()];
        let err = Tagger::new(rules)
            .err()
            .expect("an unknown value is refused");
        assert!(err.to_string().contains("unknown field to set"), "{err}");
    }

    #[test]
    fn every_builtin_tag_has_a_definition() {
        for r in Tagger::builtin().rules() {
            assert!(!r.definition.is_empty(), "{}", r.name);
        }
        assert_eq!(Tagger::builtin().rules().len(), 11);
    }
}
