//! Text as the schema holds it: HTML to text (`html`), character references (`entities`),
//! hidden characters (`hidden`), a page's charset (`charset`), mojibake (`mojibake`), and
//! here the cleaning of plain text and of one-line fields that all of them feed.

mod charset;
mod entities;
mod hidden;
mod html;
mod mojibake;

pub use charset::{body_to_utf8, decode_page, encoding_for_label};
pub use entities::{decode_entities, decode_entities_into};
pub use hidden::strip_hidden;
pub use html::html_to_text;
pub use mojibake::repair_mojibake;

use crate::block;
use hidden::is_hidden_control;
use memchr::memchr;
use std::cell::Cell;
use std::thread::LocalKey;

/// Normalizes plain text (no markup): trims lines, collapses blank runs, drops control
/// characters other than newline and tab.
pub fn clean_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        let line: String = line
            .chars()
            .map(|c| if c == '\t' || c == '\u{a0}' { ' ' } else { c })
            .filter(|&c| !is_hidden_control(c, false))
            .collect();
        let line = collapse_spaces(line.trim());
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(&line);
    }
    out
}

/// Decodes HTML entities once (for fields that arrive entity-escaped, like Greenhouse's
/// `content`) and collapses whitespace; for short one-line fields such as titles.
pub fn clean_inline(text: &str) -> String {
    // Most titles are printable ASCII already in shape: single spaces, none at either end,
    // no reference. Those are taken as they are.
    let b = text.as_bytes();
    if in_shape(b) && memchr(b'&', b).is_none() {
        text.to_string()
    } else {
        inline_words(text)
    }
}

/// Printable ASCII, single spaces, none at either end: a line as it should be.
fn in_shape(b: &[u8]) -> bool {
    printable_prefix(b) == b.len()
        && b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && !has_double_space(b)
}

/// `clean_inline` for any text: references decoded, then the words joined by one space.
fn inline_words(text: &str) -> String {
    one_line(&decode_entities(text))
}

/// The words of `text` joined by one space, hidden characters dropped.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_whitespace() || is_hidden_control(c, false)) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c == ' ' {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

// `#[inline]` here and on `is_hidden_control`: html.rs calls them for every run of text,
// and since the split they may sit in another codegen unit than their caller.
/// How many bytes at the start of `b` are printable ASCII or space (0x20..0x7E), looked at
/// a block at a time.
#[inline]
fn printable_prefix(b: &[u8]) -> usize {
    block::first_flagged(b, 0, b' ', block::unprintable).map_or(b.len(), |(at, flagged)| {
        at + flagged.trailing_zeros() as usize
    })
}

/// Whether `b` holds two spaces in a row. Asked of every run of text and every title, which
/// are short: a block test costs less than setting up a substring search each time.
#[inline]
fn has_double_space(b: &[u8]) -> bool {
    // Spaces as bits, a block at a time; a pair is a bit and the one above it, the last
    // space of one block carried to the next.
    let mut carry = 0;
    block::first_flagged(b, 0, 0, |bytes| {
        let spaces = block::equal(bytes, b' ');
        let pairs = spaces & ((spaces << 1) | carry);
        carry = spaces >> (block::LEN - 1);
        pairs
    })
    .is_some()
}

/// Runs `f` on `slot`'s per-thread buffer, emptied, and keeps the buffer for the next call
/// on this thread, unless it grew past 1 MiB for one huge input.
pub fn with_scratch<R>(
    slot: &'static LocalKey<Cell<String>>,
    f: impl FnOnce(&mut String) -> R,
) -> R {
    let mut buf = slot.take();
    buf.clear();
    let r = f(&mut buf);
    if buf.capacity() <= 1 << 20 {
        slot.set(buf);
    }
    r
}

// One-line fields read from markup or from plain text (a feed's titles, names, places).

/// What a browser shows of an HTML title: `html_to_text`, its line breaks as spaces.
pub fn html_to_line(html: &str) -> String {
    one_line(&html_to_text(html))
}

/// Plain text on one line: whitespace collapsed, hidden characters dropped, and nothing
/// decoded (an `&amp;` in plain text is what it says).
pub fn text_to_line(text: &str) -> String {
    if in_shape(text.as_bytes()) {
        text.to_string()
    } else {
        one_line(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-at-a-time scan stops exactly where a byte-at-a-time one does.
    #[test]
    fn printable_prefix_matches_a_byte_scan() {
        let stops = ["\n", "\t", "\u{7f}", "é", "\u{0}", "\u{1f}", "€"];
        for lead in 0..20 {
            for stop in stops {
                for tail in ["", "abc", "\u{7f}~ "] {
                    let s = format!("{}{stop}{tail}", " ~a".repeat(lead));
                    let want = s.bytes().take_while(|c| (0x20..0x7f).contains(c)).count();
                    assert_eq!(printable_prefix(s.as_bytes()), want, "{s:?}");
                }
            }
            let plain = "x ".repeat(lead);
            assert_eq!(printable_prefix(plain.as_bytes()), plain.len());
        }
    }

    /// A pair of spaces is found wherever it is, across a block's end included, and a lone
    /// space never is.
    #[test]
    fn double_spaces_are_found_anywhere() {
        for len in 0..50 {
            for at in 0..len {
                let mut lone = vec![b'x'; len];
                lone[at] = b' ';
                assert!(!has_double_space(&lone), "{len} {at}");
                if at + 1 < len {
                    let mut pair = lone.clone();
                    pair[at + 1] = b' ';
                    assert!(has_double_space(&pair), "{len} {at}");
                }
            }
        }
    }
    #[test]
    fn entities_decoded_once() {
        assert_eq!(html_to_text("&amp;lt;b&amp;gt;"), "&lt;b&gt;");
        assert_eq!(clean_inline("Tom &amp;amp; Jerry"), "Tom &amp; Jerry");
    }
    proptest::proptest! {
        /// Text taken as it is by `clean_inline` is what the full cleaning gives.
        #[test]
        fn inline_text_in_shape_is_kept_as_the_full_cleaning_keeps_it(s in "[ -~]{0,40}") {
            proptest::prop_assert_eq!(clean_inline(&s), inline_words(&s));
        }
    }
    #[test]
    fn hidden_controls_are_dropped() {
        assert_eq!(html_to_text("<p>ab\u{202E}cd\u{0}e</p>"), "abcde");
        assert_eq!(clean_inline("Agent\u{202E}gpj.exe"), "Agent gpj.exe");
        let mut s = "line\nnext\u{2066}\u{7}".to_string();
        strip_hidden(&mut s, true);
        assert_eq!(s, "line\nnext");
    }

    #[test]
    fn clean_text_trims_and_collapses() {
        assert_eq!(clean_text("  a  b \n\n\n\tc\u{0}\r\n"), "a b\n\nc");
    }
}
