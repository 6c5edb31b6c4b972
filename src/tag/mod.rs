//! Tags. Rules are data (`rules.toml`, plus any the user's config adds or overrides);
//! one Aho-Corasick automaton over every phrase of every tag runs once over the title and
//! once over the description of each posting, and each phrase found is decided by what
//! its sentence says about this job: a source's field that overrules it, an exclusion, a
//! negation, a vetoing word, a question answered otherwise, other people's (`sentence.rs`);
//! a weak phrase waits for the title, a duty sentence or a second cue.

mod compile;
mod explain;
mod phrases;
mod rules;
mod sentence;
mod shapes;

pub use explain::TagHit;
pub use rules::{builtin_rules, merged, RuleError, TagRule};

use crate::posting::{FieldValue, Posting};
use compile::{compile, Compiled, Kind, Pattern, Template};
use explain::{By, Span, Why};
use rules::{field_rules, no_sets};
use sentence::{
    about_others, answered_otherwise, duty_sentence, is_negated, is_whole_word, vetoed_near,
    vetoed_next,
};

/// What the tags of a posting say: the tags, the fields they fill where the source left
/// them empty, and (when asked) why each tag fired.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tagged {
    pub tags: Vec<String>,
    pub sets: Vec<FieldValue>,
    /// Empty unless asked for.
    pub hits: Vec<TagHit>,
}

pub struct Tagger {
    rules: Vec<TagRule>,
    automaton: phrases::Phrases,
    patterns: Vec<Pattern>,
    templates: Vec<Vec<Template>>,
    implied: Vec<Vec<usize>>,
    fields: Vec<Vec<FieldValue>>,
    sets: Vec<Vec<FieldValue>>,
    overruled_by: Vec<Vec<FieldValue>>,
    /// When the rules are not the built-in ones (a config's `[tags]`), what reads the fields
    /// a posting's tags set: the built-in rules that set them, scanned on their own.
    field_reader: Option<Box<Tagger>>,
}

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
            overruled_by,
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
            overruled_by,
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

    /// The tags of a posting, the fields they set and, with `explain`, why each fired and
    /// which phrases were seen but overruled, and by what.
    pub fn tag(&self, p: &Posting, explain: bool) -> Tagged {
        let mut state = self.scan_posting(p);
        let fired = self.resolve(&mut state);
        let sets = match &self.field_reader {
            Some(reader) => reader.sets_of(&reader.resolve(&mut reader.scan_posting(p))),
            None => self.sets_of(&fired),
        };
        Tagged {
            tags: fired
                .iter()
                .map(|&(rule, _)| self.rules[rule].name.clone())
                .collect(),
            sets,
            hits: if explain {
                self.explained(p, &fired, &state)
            } else {
                Vec::new()
            },
        }
    }

    /// The reasons of the tags that fired, in rule order, then the first phrase seen and
    /// overruled of each tag that did not fire.
    fn explained(&self, p: &Posting, fired: &[(usize, Why)], state: &ScanState) -> Vec<TagHit> {
        let tag = |r: usize| self.rules[r].name.as_str();
        let pattern = |id: usize| self.patterns[id].text.as_str();
        let words = explain::Words {
            tag: &tag,
            pattern: &pattern,
        };
        let mut hits: Vec<TagHit> = fired
            .iter()
            .map(|(rule, why)| words.fired(*rule, why, p))
            .collect();
        for (rule, r) in state.rules.iter().enumerate() {
            if let Some((why, by)) = &r.overruled {
                if !fired.iter().any(|&(f, _)| f == rule) {
                    hits.push(words.overruled(rule, why, *by, p));
                }
            }
        }
        hits
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
        self.resolve(&mut state)
            .into_iter()
            .map(|(rule, _)| self.rules[rule].name.clone())
            .collect()
    }

    /// Each tag that fires with what fired it first, in rule order, then the phrases
    /// overruled.
    pub fn explain(&self, p: &Posting) -> Vec<TagHit> {
        self.tag(p, true).hits
    }

    fn scan_posting(&self, p: &Posting) -> ScanState {
        let mut state = ScanState::new(self.rules.len());
        for (r, (fields, by)) in state
            .rules
            .iter_mut()
            .zip(self.fields.iter().zip(&self.overruled_by))
        {
            r.fired = fields.iter().find(|f| f.holds(p)).map(|f| Why::Field(*f));
            r.field_overrule = by.iter().find(|f| f.holds(p)).copied();
        }
        self.scan(&p.title, true, &mut state);
        self.scan(&p.description, false, &mut state);
        state
    }

    /// The rules that fired, in rule order: weak phrases that found support, less what a
    /// `veto_text` phrase ruled out, with the tags they imply.
    fn resolve(&self, state: &mut ScanState) -> Vec<(usize, Why)> {
        for (rule, r) in self.rules.iter().zip(&mut state.rules) {
            if let (None, Some((why, _))) = (&r.fired, r.weak) {
                let waiver = !rule.weak_unless.is_empty();
                match r.contradicted {
                    Some(Why::Shape(shape, _)) if waiver => {
                        r.overrule(why, By::Contradicted(shape))
                    }
                    _ if r.supported || waiver => r.fired = Some(why),
                    _ => r.overrule(why, By::Unsupported),
                }
            }
            if let (Some(veto), Some(why)) = (r.vetoed, r.fired) {
                r.fired = None;
                r.overruled = Some((why, By::VetoText(veto)));
            }
        }
        for i in 0..self.rules.len() {
            if state.rules[i].fired.is_some() {
                for &t in &self.implied[i] {
                    let implied = &mut state.rules[t];
                    if implied.fired.is_none() && implied.vetoed.is_none() {
                        implied.fired = Some(Why::Implied(i));
                    }
                }
            }
        }
        state
            .rules
            .iter()
            .enumerate()
            .filter_map(|(i, r)| Some((i, r.fired?)))
            .collect()
    }

    fn scan(&self, text: &str, in_title: bool, state: &mut ScanState) {
        let mut candidates = std::mem::take(&mut state.candidates);
        let mut exclusions = std::mem::take(&mut state.exclusions);
        for (id, start, end) in self.automaton.find_all(text) {
            let pat = &self.patterns[id];
            let r = &mut state.rules[pat.rule];
            if r.fired.is_some() && !matches!(pat.kind, Kind::VetoText | Kind::Unless(_)) {
                continue;
            }
            let whole = || is_whole_word(text, start, end);
            match pat.kind {
                Kind::Exclude if whole() => exclusions.push((pat.rule, start, end, id)),
                Kind::VetoText if whole() => r.vetoed = Some(id),
                Kind::Shape(shape) => {
                    if let Some((start, end)) = shape.check(text, start, end) {
                        let why = Why::Shape(
                            shape,
                            Span {
                                in_title,
                                start,
                                end,
                            },
                        );
                        match r.field_overrule {
                            Some(f) => r.overrule(why, By::Field(f)),
                            None => r.fired = Some(why),
                        }
                    }
                }
                Kind::Unless(shape) if r.contradicted.is_none() => {
                    if let Some((start, end)) = shape.check(text, start, end) {
                        r.contradicted = Some(Why::Shape(
                            shape,
                            Span {
                                in_title,
                                start,
                                end,
                            },
                        ));
                    }
                }
                Kind::Phrase | Kind::WeakPhrase if whole() => candidates.push((start, end, id)),
                Kind::TitlePhrase if in_title && whole() => candidates.push((start, end, id)),
                Kind::Fill(n) => {
                    self.templates_at(text, (start, end), pat.rule, n, &mut candidates)
                }
                _ => {}
            }
        }
        candidates.sort_unstable();
        for &(start, end, id) in &candidates {
            let span = Span {
                in_title,
                start,
                end,
            };
            self.decide(text, span, id, &exclusions, state);
        }
        candidates.clear();
        exclusions.clear();
        state.candidates = candidates;
        state.exclusions = exclusions;
    }

    /// The phrases of `rule`'s templates around its `n`th fill word, found at `at`.
    fn templates_at(
        &self,
        text: &str,
        (start, end): (usize, usize),
        rule: usize,
        n: usize,
        candidates: &mut Vec<(usize, usize, usize)>,
    ) {
        let b = text.as_bytes();
        for t in &self.templates[rule] {
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

    /// What one phrase found says: it fires its tag, waits for support (a weak phrase
    /// outside the title and the job's duties), or is overruled.
    fn decide(
        &self,
        text: &str,
        at: Span,
        id: usize,
        exclusions: &[Exclusion],
        state: &mut ScanState,
    ) {
        let pat = &self.patterns[id];
        let r = &mut state.rules[pat.rule];
        if r.fired.is_some() {
            return;
        }
        let why = Why::Pattern(id, at);
        match self.overruling(text, at, id, exclusions, r.field_overrule) {
            Some(by) => r.overrule(why, by),
            None if pat.kind == Kind::WeakPhrase
                && !at.in_title
                && !duty_sentence(text, at.start, at.end) =>
            {
                match r.weak {
                    None => r.weak = Some((why, id)),
                    // Another cue: another phrase, not one overlapping the first ("end user
                    // support" and "user support" are one cue).
                    Some((Why::Pattern(_, seen), first))
                        if self.patterns[first].text != pat.text
                            && (seen.in_title != at.in_title
                                || seen.end <= at.start
                                || at.end <= seen.start) =>
                    {
                        r.supported = true
                    }
                    Some(_) => {}
                }
            }
            None => r.fired = Some(why),
        }
    }

    /// What overrules a phrase found at `at`, checked from the cheapest: a field the source
    /// set, an exclusion over it, a negation, a vetoing word beside it, a question answered
    /// otherwise, words about other people than this job's.
    fn overruling(
        &self,
        text: &str,
        at: Span,
        id: usize,
        exclusions: &[Exclusion],
        field: Option<FieldValue>,
    ) -> Option<By> {
        let Span { start, end, .. } = at;
        let pat = &self.patterns[id];
        let rule = &self.rules[pat.rule];
        if let Some(f) = field {
            return Some(By::Field(f));
        }
        if let Some(&(.., x)) = exclusions
            .iter()
            .find(|&&(r, s, e, _)| r == pat.rule && s < end && start < e)
        {
            return Some(By::Excluded(x));
        }
        if is_negated(text, start, end) {
            return Some(By::Negated);
        }
        if vetoed_near(text, start, end, &rule.veto_near) || vetoed_next(text, end, &rule.veto_next)
        {
            return Some(By::VetoWord);
        }
        if answered_otherwise(text, start, end) {
            return Some(By::Answered);
        }
        if rule.this_job_only && about_others(text, start, end) {
            return Some(By::OthersThanThisJob);
        }
        None
    }
}

/// An exclusion found: its rule, its bytes and its pattern.
type Exclusion = (usize, usize, usize, usize);

/// What one posting's scan has found so far, per rule, and the scratch lists its scans of
/// title and description share.
struct ScanState {
    rules: Vec<RuleState>,
    /// (start, end, pattern) of phrases that passed the word-boundary check.
    candidates: Vec<(usize, usize, usize)>,
    exclusions: Vec<Exclusion>,
}

#[derive(Default, Clone)]
struct RuleState {
    fired: Option<Why>,
    /// A `veto_text` phrase (its pattern) that rules the tag out.
    vetoed: Option<usize>,
    /// The first phrase seen and overruled, and by what.
    overruled: Option<(Why, By)>,
    /// The first weak phrase waiting for support (and its pattern), and whether another
    /// weak phrase gave it.
    weak: Option<(Why, usize)>,
    supported: bool,
    /// A `weak_unless` shape found in the posting (it overrules the weak phrases).
    contradicted: Option<Why>,
    /// A field of the posting that overrules every phrase.
    field_overrule: Option<FieldValue>,
}

impl RuleState {
    fn overrule(&mut self, why: Why, by: By) {
        self.overruled.get_or_insert((why, by));
    }
}

impl ScanState {
    fn new(n: usize) -> Self {
        ScanState {
            rules: vec![RuleState::default(); n],
            candidates: Vec::new(),
            exclusions: Vec::new(),
        }
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

#[cfg(test)]
mod tests;
