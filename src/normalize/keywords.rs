//! The words job type and workplace are read from, found in one pass over a description:
//! the text is lower-cased (ASCII) once and searched for every keyword at once with a
//! packed (SIMD) multi-substring searcher, so a description that states neither costs one
//! scan. The readers (`employment::from_text`, `workplace::from_text`) then look at the
//! words around each hit.

use aho_corasick::packed::{Config, MatchKind, Searcher};
use std::sync::LazyLock;

/// A keyword, in lower case as the text is searched. Longer ones first: at one place the
/// first that matches wins ("full-time" before "full").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    FullTime,
    PartTime,
    TempToHire,
    Temporary,
    Temp,
    Contract,
    Contractor,
    Freelance,
    Internship,
    Interns,
    Intern,
    PerDiem,
    Prn,
    Seasonal,
    Volunteer,
    /// "FT", "PT": only as a label's value ("Status: FT").
    Ft,
    Pt,
    Remote,
    Remotely,
    Hybrid,
    OnSite,
    InOffice,
    InPerson,
    FromHome,
    HomeBased,
    Telework,
    /// "Virtual": only as a location label's value ("LOCATION -- Virtual, Ohio").
    Virtual,
}

const KEYS: [(&str, Key); 51] = {
    use Key::*;
    [
        ("full-time", FullTime),
        ("full time", FullTime),
        ("fulltime", FullTime),
        ("part-time", PartTime),
        ("part time", PartTime),
        ("parttime", PartTime),
        ("temp-to-hire", TempToHire),
        ("temp to hire", TempToHire),
        ("temp-to-perm", TempToHire),
        ("temp to perm", TempToHire),
        ("temporary", Temporary),
        ("temp", Temp),
        ("contractor", Contractor),
        ("contract", Contract),
        ("freelance", Freelance),
        ("internship", Internship),
        ("interns", Interns),
        ("intern", Intern),
        ("per diem", PerDiem),
        ("per-diem", PerDiem),
        ("prn", Prn),
        // "FT" and "PT" count only as a label's value, after a space, a colon, a question
        // mark or at a line's start: searched with the byte before them, so that every
        // pattern is three bytes or more and the packed searcher's three-byte fingerprints
        // stay rare (two-byte ones stopped it at "in", "on", "re" all through the text).
        (" ft", Ft),
        (":ft", Ft),
        ("?ft", Ft),
        ("\nft", Ft),
        ("\tft", Ft),
        (" pt", Pt),
        (":pt", Pt),
        ("?pt", Pt),
        ("\npt", Pt),
        ("\tpt", Pt),
        ("seasonal", Seasonal),
        ("volunteer", Volunteer),
        ("remotely", Remotely),
        ("remote", Remote),
        ("hybrid", Hybrid),
        ("on-site", OnSite),
        ("onsite", OnSite),
        // "on site", "on campus", "in office", "in person": searched from their second
        // word, the first checked after (see `PRECEDED`): "in " and "on " open so many
        // English phrases that the searcher stopped at each.
        ("site", OnSite),
        ("campus", OnSite),
        ("in-office", InOffice),
        ("office-based", InOffice),
        ("office", InOffice),
        ("in-person", InPerson),
        ("person", InPerson),
        ("from home", FromHome),
        ("home-based", HomeBased),
        ("home based", HomeBased),
        ("telecommut", Telework),
        ("telework", Telework),
        ("virtual", Virtual),
    ]
};

/// The word a keyword searched from its second word needs before it.
fn preceded(key: Key, word: &str) -> Option<&'static str> {
    match (key, word) {
        (Key::OnSite, "site" | "campus") => Some("on "),
        (Key::InOffice, "office") | (Key::InPerson, "person") => Some("in "),
        _ => None,
    }
}

/// The searcher, built once; `None` where the packed searcher is not available (it needs
/// x86_64 or aarch64), and then `aho_corasick`'s general automaton is used.
static SEARCHER: LazyLock<Finder> = LazyLock::new(|| {
    let patterns: Vec<&str> = KEYS.iter().map(|(p, _)| *p).collect();
    let mut config = Config::new();
    config.match_kind(MatchKind::LeftmostFirst);
    match config.builder().extend(&patterns).build() {
        Some(s) => Finder::Packed(s),
        None => Finder::General(
            aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                .build(&patterns)
                .expect("keywords build an automaton"),
        ),
    }
});

enum Finder {
    Packed(Searcher),
    General(aho_corasick::AhoCorasick),
}

/// A description, its lower case, and its keyword hits (whole words only).
pub struct Scan<'a> {
    pub text: &'a str,
    pub lower: String,
    pub hits: Vec<Hit>,
}

/// A keyword at `start..end` (the same offsets in the text and in its lower case).
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    pub key: Key,
    pub start: usize,
    pub end: usize,
}

impl<'a> Scan<'a> {
    pub fn new(text: &'a str) -> Scan<'a> {
        // ASCII lower-casing keeps every byte where it was.
        let lower = text.to_ascii_lowercase();
        let b = lower.as_bytes();
        let mut hits = Vec::new();
        // "FT" or "PT" opening the text has no byte before it.
        if let Some(key) = [("ft", Key::Ft), ("pt", Key::Pt)]
            .iter()
            .find(|(w, _)| b.starts_with(w.as_bytes()) && whole_word(b, 0, 2))
            .map(|(_, k)| *k)
        {
            hits.push(Hit {
                key,
                start: 0,
                end: 2,
            });
        }
        let mut push = |pattern: usize, s: usize, e: usize| {
            let (word, key) = KEYS[pattern];
            // The byte searched before "ft" and "pt" is not part of the word.
            let mut s = s + usize::from(!word.as_bytes()[0].is_ascii_alphabetic());
            if let Some(first) = preceded(key, word) {
                if !b[..s].ends_with(first.as_bytes()) {
                    return;
                }
                s -= first.len();
            }
            // "telecommut" and "telework" are stems: "telecommuting", "teleworking".
            let e = if key == Key::Telework {
                e + b[e..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .count()
            } else {
                e
            };
            // Whole words; a digit may touch one ("057Time Status" in flattened markup), and
            // so may a word that markup ran on to it ("Full-TimeSalary", "skillsRemote").
            if whole_word(b, s, e) || run_on_word(text.as_bytes(), b, s, e) {
                hits.push(Hit {
                    key,
                    start: s,
                    end: e,
                });
            }
        };
        match &*SEARCHER {
            Finder::Packed(s) => {
                for m in s.find_iter(&lower) {
                    push(m.pattern().as_usize(), m.start(), m.end());
                }
            }
            Finder::General(ac) => {
                for m in ac.find_iter(&lower) {
                    push(m.pattern().as_usize(), m.start(), m.end());
                }
            }
        }
        Scan { text, lower, hits }
    }

    /// The lower-case words right after `at`, up to `n` of them, within the clause.
    pub fn words_after(&self, at: usize, n: usize) -> Words<'_> {
        let rest = &self.lower[at..];
        let end = rest
            .find(['\n', '.', ';', '!', '?', '|'])
            .unwrap_or(rest.len());
        let mut w = Words::default();
        for word in rest[..end].split(|c: char| !c.is_ascii_alphanumeric() && c != '%') {
            if w.len == n.min(MAX_WORDS) {
                break;
            }
            if !word.is_empty() {
                w.push(word);
            }
        }
        w
    }

    /// The lower-case words right before `at`, nearest first, up to `n`, within the clause.
    pub fn words_before(&self, at: usize, n: usize) -> Words<'_> {
        let head = &self.lower[..at];
        let start = head.rfind(['\n', ';', '!', '?', '|']).map_or(0, |p| p + 1);
        let mut w = Words::default();
        for word in head[start..].rsplit(|c: char| !c.is_ascii_alphanumeric() && c != '%') {
            if w.len == n.min(MAX_WORDS) {
                break;
            }
            if !word.is_empty() {
                w.push(word);
            }
        }
        w
    }

    /// The label a word is the value of, if it is one: "Job Type: Full-time", "Status:
    /// Non-Exempt, Full-Time", "Work Location: Fully Remote", "LOCATION -- Virtual", or a
    /// short heading on the line before when the word opens its own line ("Employment
    /// Type" ⏎ "Part-Time"). The label's words, in lower case.
    pub fn label_of(&self, start: usize) -> Option<&str> {
        let line_start = self.lower[..start].rfind('\n').map_or(0, |p| p + 1);
        let head = &self.lower[line_start..start];
        let colon = head
            .rfind([':', '?'])
            .or_else(|| head.rfind(" --").map(|p| p + 2));
        match colon {
            Some(c) => {
                // The value's first words: at most three before the word, in one sentence.
                let value = &head[c + 1..];
                if value.split_whitespace().count() > 3 || value.contains(['.', ';']) {
                    return None;
                }
                // The label: its last few words, back to a sentence's or list's end.
                let label = head[..c].trim_end_matches(['-', ' ']);
                let from = label
                    .rfind([',', ';', '.', ')', '!', '?'])
                    .map_or(0, |p| p + 1);
                let label = label[from..].trim();
                let cut = label.rmatch_indices(' ').nth(3).map_or(0, |(i, _)| i + 1);
                let label = &label[cut..];
                (!label.is_empty()).then_some(label)
            }
            // The word opens a line that holds little else ("Part-Time").
            None if head.trim().is_empty() && {
                let rest = &self.lower[start..];
                let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
                line.len() <= 30 && !line.contains([':', '?'])
            } =>
            {
                let before = self.lower[..line_start].trim_end();
                let prev = before[before.rfind('\n').map_or(0, |p| p + 1)..].trim();
                (!prev.is_empty() && prev.len() <= 30 && !prev.contains([':', '.'])).then_some(prev)
            }
            None => None,
        }
    }

    /// The first word of a value after a label word ending at `end` ("remotely: yes"),
    /// when a colon follows it.
    pub fn value_after(&self, end: usize) -> Option<&str> {
        let rest = self.lower[end..].trim_start_matches(' ');
        let rest = rest.strip_prefix([':', '?'])?;
        rest.split(|c: char| !c.is_ascii_alphanumeric())
            .find(|w| !w.is_empty())
    }
}

/// Whether `b[s..e]` is a whole word: no ASCII letter right before or right after it.
pub fn whole_word(b: &[u8], s: usize, e: usize) -> bool {
    let letter = |i: usize| b.get(i).is_some_and(u8::is_ascii_alphabetic);
    !(s > 0 && letter(s - 1) || letter(e))
}

/// Whether `s..e` is a whole word but for a word flattened markup ran onto it, known by
/// a lower-case letter meeting an upper-case one at the seam ("Permanent full-timeJob
/// description", "Status: Full-TimeSalary"); all-capitals runs ("FULL TIMEHEALTH") stay
/// unread.
fn run_on_word(text: &[u8], lower: &[u8], s: usize, e: usize) -> bool {
    let letter = |i: usize| lower.get(i).is_some_and(u8::is_ascii_alphabetic);
    let seam = |i: usize| {
        i > 0 && text[i - 1].is_ascii_lowercase() && text.get(i).is_some_and(u8::is_ascii_uppercase)
    };
    (s == 0 || !letter(s - 1) || seam(s)) && (!letter(e) || seam(e))
}

/// The most words the readers look at on either side of a keyword.
const MAX_WORDS: usize = 16;

/// A few words, on the stack.
#[derive(Default)]
pub struct Words<'a> {
    words: [&'a str; MAX_WORDS],
    len: usize,
}

impl<'a> Words<'a> {
    fn push(&mut self, w: &'a str) {
        self.words[self.len] = w;
        self.len += 1;
    }
}

impl<'a> std::ops::Deref for Words<'a> {
    type Target = [&'a str];
    fn deref(&self) -> &[&'a str] {
        &self.words[..self.len]
    }
}
