//! Why a tag fired or was overruled, worded for `--explain` only when asked: the scan keeps
//! pattern numbers and byte offsets, and the words and the quoted sentence are made here.

use super::sentence::sentence_bounds;
use super::shapes::Shape;
use crate::posting::{FieldValue, Posting};

/// Why a tag fired (or, with `overruled_by`, why a phrase seen did not fire it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagHit {
    pub tag: String,
    /// The phrase, shape or field that fired it.
    pub because: String,
    /// The sentence the phrase stands in, when it came from the text.
    pub sentence: Option<String>,
    /// Set when the phrase did not fire the tag: what overruled it.
    pub overruled_by: Option<String>,
}

/// Where in a posting a phrase was found: the title or the description, and its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub in_title: bool,
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// The sentence around the span, cut to a readable length.
    fn sentence(self, p: &Posting) -> String {
        let text = if self.in_title {
            &p.title
        } else {
            &p.description
        };
        let (from, to) = sentence_bounds(text, self.start, self.end);
        let quoted = text[from..to].trim();
        const MAX: usize = 160;
        if quoted.len() <= MAX {
            return quoted.to_string();
        }
        let mut cut = MAX;
        while !quoted.is_char_boundary(cut) {
            cut -= 1;
        }
        format!("{}…", &quoted[..cut])
    }
}

/// Why a rule fired; worded only when `--explain` asks, so tagging allocates nothing.
#[derive(Debug, Clone, Copy)]
pub enum Why {
    Pattern(usize, Span),
    Shape(Shape, Span),
    Field(FieldValue),
    Implied(usize),
}

/// What overruled a phrase that was seen.
#[derive(Debug, Clone, Copy)]
pub enum By {
    Negated,
    /// An exclusion overlapping it (pattern number).
    Excluded(usize),
    /// A word near it (`veto_near`) or right after it (`veto_next`).
    VetoWord,
    /// A `veto_text` phrase elsewhere in the posting (pattern number).
    VetoText(usize),
    /// A field of the posting the source set (`overruled_by`).
    Field(FieldValue),
    /// A weak phrase with nothing in the posting to support it.
    Unsupported,
    /// The phrase is about other people than this job's (benefits classes, past work).
    OthersThanThisJob,
    /// A question the text answers otherwise ("Part Time? Full Time").
    Answered,
    /// A shape found elsewhere that contradicts a waiver ("2+ years of experience").
    Contradicted(Shape),
}

/// The words of an explanation, given the rules' names and pattern texts.
pub struct Words<'a> {
    pub tag: &'a dyn Fn(usize) -> &'a str,
    pub pattern: &'a dyn Fn(usize) -> &'a str,
}

impl Words<'_> {
    pub fn fired(&self, rule: usize, why: &Why, p: &Posting) -> TagHit {
        let (because, sentence) = self.because(why, p);
        TagHit {
            tag: (self.tag)(rule).to_string(),
            because,
            sentence,
            overruled_by: None,
        }
    }

    pub fn overruled(&self, rule: usize, why: &Why, by: By, p: &Posting) -> TagHit {
        let by = match by {
            By::Negated => "a negation".to_string(),
            By::Excluded(id) => format!("\"{}\"", (self.pattern)(id)),
            By::VetoWord => "a word beside it that changes its sense".to_string(),
            By::VetoText(id) => format!("\"{}\" elsewhere in the posting", (self.pattern)(id)),
            By::Field(f) => format!("the source's field {f}"),
            By::Unsupported => "nothing else in the posting supports this weak phrase".into(),
            By::OthersThanThisJob => "it is about other people than this job's".into(),
            By::Answered => "the answer the text gives".into(),
            By::Contradicted(shape) => format!("{} elsewhere in the posting", shape.name()),
        };
        TagHit {
            overruled_by: Some(by),
            ..self.fired(rule, why, p)
        }
    }

    fn because(&self, why: &Why, p: &Posting) -> (String, Option<String>) {
        match *why {
            Why::Pattern(id, at) => (format!("\"{}\"", (self.pattern)(id)), Some(at.sentence(p))),
            Why::Shape(shape, at) => {
                let text = if at.in_title {
                    &p.title
                } else {
                    &p.description
                };
                let found = text.get(at.start..at.end).unwrap_or("");
                (
                    format!("{} \"{found}\"", shape.name()),
                    Some(at.sentence(p)),
                )
            }
            Why::Field(f) => (format!("field {f}"), None),
            Why::Implied(by) => (format!("implied by {}", (self.tag)(by)), None),
        }
    }
}
