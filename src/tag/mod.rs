//! Keyword tags. Rules are data (`rules.toml`, plus any the user's config adds or
//! overrides); matching is one Aho-Corasick automaton over every phrase of every tag, run
//! once over the title and once over the description of each posting.

mod phrases;
mod shapes;

use crate::posting::{EmploymentType, Posting, Workplace};
use serde::Deserialize;
use std::collections::HashMap;

const BUILTIN_RULES: &str = include_str!("rules.toml");

#[derive(Debug, Clone, Default, Deserialize)]
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
    #[serde(default)]
    pub implies: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    tag: Vec<TagRule>,
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
}

pub struct Tagger {
    rules: Vec<TagRule>,
    automaton: phrases::Phrases,
    patterns: Vec<Pattern>,
    templates: Vec<Vec<Template>>,
    implied: Vec<Vec<usize>>,
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
        Tagger::new(builtin_rules()).expect("built-in tag rules are valid")
    }

    /// The built-in rules with `overrides` applied: a rule with a built-in tag's name replaces
    /// it, any other is added.
    pub fn with_overrides(overrides: Vec<TagRule>) -> Result<Tagger, RuleError> {
        Tagger::new(merged(overrides))
    }

    /// Checks overrides as `with_overrides` would, without building the automaton.
    pub fn check_rules(overrides: &[TagRule]) -> Result<(), RuleError> {
        compile(&merged(overrides.to_vec())).map(|_| ())
    }

    pub fn new(rules: Vec<TagRule>) -> Result<Tagger, RuleError> {
        let Compiled {
            patterns,
            searched,
            templates,
            implied,
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
        })
    }

    pub fn rules(&self) -> &[TagRule] {
        &self.rules
    }

    /// The tags of a posting, in rule order.
    pub fn tags(&self, p: &Posting) -> Vec<String> {
        let state = self.scan_posting(p);
        self.names(state)
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
        let state = self.scan_posting(p);
        self.finish(state)
    }

    fn scan_posting(&self, p: &Posting) -> ScanState {
        let mut state = ScanState::new(self.rules.len());
        for (i, rule) in self.rules.iter().enumerate() {
            if let Some(f) = rule
                .fields
                .iter()
                .find(|f| field_matcher(f).is_some_and(|m| m(p)))
            {
                state.fired[i] = Some(Why::Field(f.clone()));
            }
        }
        self.scan(&p.title, true, &mut state);
        self.scan(&p.description, false, &mut state);
        state
    }

    fn finish(&self, state: ScanState) -> Vec<TagHit> {
        self.resolve(state)
            .into_iter()
            .map(|(rule, why)| TagHit {
                tag: self.rules[rule].name.clone(),
                because: match why {
                    Why::Pattern(id) => format!("\"{}\"", self.patterns[id].text),
                    Why::Shape(shape, found) => format!("{} \"{found}\"", shape.name()),
                    Why::Field(f) => format!("field {f}"),
                    Why::Implied(by) => format!("implied by {}", self.rules[by].name),
                },
            })
            .collect()
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
    Field(String),
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
        let mut split = Vec::new();
        for t in &rule.templates {
            let Some((prefix, suffix)) = t.split_once("{}").filter(|(_, s)| !s.contains("{}"))
            else {
                return Err(invalid(format!("template {t:?} needs exactly one {{}}")));
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
        for f in &rule.fields {
            if field_matcher(f).is_none() {
                return Err(invalid(format!("unknown field condition {f:?}")));
            }
        }
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
    let index: HashMap<&str, usize> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.name.as_str(), i))
        .collect();
    let mut implied = Vec::with_capacity(rules.len());
    for r in rules {
        let mut targets = Vec::new();
        for name in &r.implies {
            let t = index.get(name.as_str()).ok_or_else(|| RuleError::Invalid {
                tag: r.name.clone(),
                message: format!("implies unknown tag {name:?}"),
            })?;
            targets.push(*t);
        }
        implied.push(targets);
    }
    Ok(Compiled {
        patterns,
        searched,
        templates,
        implied,
    })
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

/// `workplace=remote`, `employment_type=part_time`: a test on a posting's fields.
fn field_matcher(cond: &str) -> Option<fn(&Posting) -> bool> {
    Some(match cond {
        "workplace=remote" => |p: &Posting| p.workplace == Workplace::Remote,
        "workplace=hybrid" => |p: &Posting| p.workplace == Workplace::Hybrid,
        "employment_type=part_time" => {
            |p: &Posting| p.employment_type.contains(&EmploymentType::PartTime)
        }
        "employment_type=seasonal" => {
            |p: &Posting| p.employment_type.contains(&EmploymentType::Seasonal)
        }
        "employment_type=temporary" => {
            |p: &Posting| p.employment_type.contains(&EmploymentType::Temporary)
        }
        "employment_type=internship" => {
            |p: &Posting| p.employment_type.contains(&EmploymentType::Internship)
        }
        "employment_type=per_diem" => {
            |p: &Posting| p.employment_type.contains(&EmploymentType::PerDiem)
        }
        "employment_type=contract" => {
            |p: &Posting| p.employment_type.contains(&EmploymentType::Contract)
        }
        _ => return None,
    })
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

    #[test]
    fn every_builtin_tag_has_a_definition() {
        for r in Tagger::builtin().rules() {
            assert!(!r.definition.is_empty(), "{}", r.name);
        }
        assert_eq!(Tagger::builtin().rules().len(), 11);
    }
}
