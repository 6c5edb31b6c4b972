//! HTML to readable plain text.
//!
//! A single forward scan instead of a DOM: descriptions are the bulk of every response and
//! this runs once per posting, so it must stay at hundreds of MB/s. It only has to find tag
//! boundaries, skip script/style bodies and decide where line breaks go. Character
//! references are decoded by `decode_entities_into`, which the feed reader shares: the
//! frequent ones inline, the rest by `html-escape`.

use super::entities::decode_entities_into;
use super::hidden::is_hidden_control;
use super::{has_double_space, printable_prefix, with_scratch};
use crate::block;
use memchr::memchr;
use std::cell::Cell;

/// Converts an HTML fragment to text: paragraphs and list items become line breaks,
/// entities are decoded once, scripts, styles and comments are dropped, and runs of
/// whitespace collapse as a browser would show them.
pub fn html_to_text(html: &str) -> String {
    with_scratch(&SCRATCH, |buf| convert(html, TextBuilder::new(buf)))
}

fn convert(html: &str, mut out: TextBuilder) -> String {
    let bytes = html.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Text between two tags is mostly short (a few words in <b>, a list item's label).
        let lt = block::find_near(&bytes[i..], b'<').map_or(bytes.len(), |p| i + p);
        if lt > i {
            out.push_html_text(&html[i..lt]);
        }
        if lt >= bytes.len() {
            break;
        }
        i = lt;
        let rest = &html[i..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            i = comment.find("-->").map_or(bytes.len(), |p| i + 4 + p + 3);
            continue;
        }
        if let Some(body) = rest.strip_prefix("<![CDATA[") {
            let end = body.find("]]>").unwrap_or(body.len());
            out.push_text(&body[..end]);
            i += 9 + end + 3;
            continue;
        }
        let closing = rest.as_bytes().get(1) == Some(&b'/');
        let name_start = i + 1 + usize::from(closing);
        let name_end = name_start
            + bytes[name_start..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
        if name_end == name_start {
            if matches!(bytes.get(name_start), Some(b'!' | b'?')) {
                // Doctype or processing instruction.
                i = find_tag_end(bytes, name_start).map_or(bytes.len(), |e| e + 1);
            } else {
                // A bare '<' in text ("a < b").
                out.push_text("<");
                i += 1;
            }
            continue;
        }
        let name = &bytes[name_start..name_end];
        i = find_tag_end(bytes, name_end).map_or(bytes.len(), |e| e + 1);
        if !closing && is_raw_text(name) {
            i = skip_raw_text(html, i, name);
            continue;
        }
        match break_for(name) {
            Break::Paragraph => out.push_break(2),
            // Each <br> is a line break of its own, so <br><br> leaves a blank line.
            Break::Line if name.eq_ignore_ascii_case(b"br") => out.push_newline(),
            Break::Line => out.push_break(1),
            Break::Item if !closing => out.start_item(),
            Break::Item => out.push_break(1),
            Break::Cell if closing => out.push_text(" "),
            Break::Cell | Break::None => {}
        }
    }
    out.finish()
}

/// The index of the `>` closing a tag whose name ends at `from`, skipping quoted attribute
/// values (which may contain `>`).
fn find_tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    // Most tags end right after their name (`<p>`, `</li>`).
    if bytes.get(from) == Some(&b'>') {
        return Some(from);
    }
    let mut i = from;
    loop {
        i += memchr::memchr3(b'>', b'"', b'\'', &bytes[i..])?;
        match bytes[i] {
            b'>' => return Some(i),
            quote => i += 1 + memchr(quote, &bytes[i + 1..])? + 1,
        }
    }
}

fn is_raw_text(name: &[u8]) -> bool {
    ["script", "style", "noscript", "template", "head", "svg"]
        .iter()
        .any(|t| name.eq_ignore_ascii_case(t.as_bytes()))
}

/// Skips to just past `</name ...>`, case-insensitively; to the end if it never closes.
fn skip_raw_text(html: &str, from: usize, name: &[u8]) -> usize {
    let bytes = html.as_bytes();
    let mut i = from;
    while let Some(p) = memchr(b'<', &bytes[i..]) {
        let at = i + p;
        let after = at + 2 + name.len();
        if bytes.get(at + 1) == Some(&b'/')
            && after <= bytes.len()
            && bytes[at + 2..after].eq_ignore_ascii_case(name)
        {
            return find_tag_end(bytes, after).map_or(bytes.len(), |e| e + 1);
        }
        i = at + 1;
    }
    bytes.len()
}

enum Break {
    None,
    Line,
    Paragraph,
    Item,
    Cell,
}

fn break_for(name: &[u8]) -> Break {
    let mut lower = [0u8; 10];
    if name.len() > lower.len() {
        return Break::None;
    }
    for (d, s) in lower.iter_mut().zip(name) {
        *d = s.to_ascii_lowercase();
    }
    match &lower[..name.len()] {
        b"p" | b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" | b"ul" | b"ol" | b"dl" | b"table"
        | b"blockquote" | b"pre" | b"section" | b"article" | b"header" | b"footer" | b"hr"
        | b"figure" | b"main" | b"aside" | b"nav" | b"form" | b"fieldset" | b"address" => {
            Break::Paragraph
        }
        b"br" | b"div" | b"tr" | b"dt" | b"dd" | b"caption" | b"center" | b"details"
        | b"summary" => Break::Line,
        b"li" => Break::Item,
        b"td" | b"th" => Break::Cell,
        _ => Break::None,
    }
}

/// Accumulates text with HTML whitespace rules: runs of white space become one space, and
/// explicit breaks never stack beyond one blank line.
struct TextBuilder<'a> {
    out: &'a mut String,
    /// Scratch for one run of text with its entities decoded.
    decoded: String,
    pending_space: bool,
    /// An item marker was written and its text has not begun: breaks from a `<p>` inside
    /// the `<li>` would tear the marker from its text.
    item_open: bool,
}

thread_local! {
    /// The text being built, kept between calls: the result is copied out once at its exact
    /// size instead of growing a new string a few times per description. Fresh memory is
    /// what costs most when tens of thousands of descriptions are converted.
    static SCRATCH: Cell<String> = const { Cell::new(String::new()) };
}

impl<'a> TextBuilder<'a> {
    fn new(out: &'a mut String) -> Self {
        TextBuilder {
            out,
            decoded: String::new(),
            pending_space: false,
            item_open: false,
        }
    }

    fn push_html_text(&mut self, raw: &str) {
        if memchr(b'&', raw.as_bytes()).is_none() {
            return self.push_text(raw);
        }
        // Decoded into a buffer kept with the builder rather than a new string per run.
        let mut decoded = std::mem::take(&mut self.decoded);
        decoded.clear();
        decode_entities_into(&mut decoded, raw);
        self.push_text(&decoded);
        self.decoded = decoded;
    }

    fn push_text(&mut self, text: &str) {
        // Runs of printable ASCII and spaces (most of any description) are copied whole,
        // words and single spaces in one piece; only the bytes between runs are looked at one
        // character at a time.
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let run = printable_prefix(&bytes[i..]);
            if run > 0 {
                self.push_run(&text[i..i + run]);
                i += run;
                continue;
            }
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            if c.is_whitespace() {
                self.pending_space = true;
            } else if !is_hidden_control(c, false) {
                // Hidden controls are never meaningful in a posting, and they break or
                // disguise spreadsheet cells.
                self.push_visible(c.encode_utf8(&mut [0; 4]));
            }
            i += c.len_utf8();
        }
    }

    /// Printable ASCII with spaces: runs of spaces collapse to one, as in `push_text`.
    fn push_run(&mut self, run: &str) {
        // Byte-level trims: a run is ASCII, and char-pattern trims cost more than the run.
        let lead = run.bytes().take_while(|&c| c == b' ').count();
        let trail = run.bytes().rev().take_while(|&c| c == b' ').count();
        let words = run.get(lead..run.len() - trail).unwrap_or("");
        if lead > 0 {
            self.pending_space = true;
        }
        if has_double_space(words.as_bytes()) {
            for (k, w) in words.split(' ').filter(|w| !w.is_empty()).enumerate() {
                self.pending_space |= k > 0;
                self.push_visible(w);
            }
        } else if !words.is_empty() {
            self.push_visible(words);
        }
        if trail > 0 {
            self.pending_space = true;
        }
    }

    fn push_visible(&mut self, s: &str) {
        if self.pending_space && !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push(' ');
        }
        self.pending_space = false;
        self.item_open = false;
        self.out.push_str(s);
    }

    fn push_break(&mut self, newlines: usize) {
        if self.item_open {
            return;
        }
        self.pending_space = false;
        while self.out.ends_with(' ') {
            self.out.pop();
        }
        if self.out.is_empty() {
            return;
        }
        let have = self.trailing_newlines();
        for _ in have..newlines {
            self.out.push('\n');
        }
    }

    fn trailing_newlines(&self) -> usize {
        self.out.bytes().rev().take_while(|&c| c == b'\n').count()
    }

    /// One more line break, up to one blank line.
    fn push_newline(&mut self) {
        let had = self.trailing_newlines();
        self.push_break((had + 1).min(2));
    }

    /// Starts a list item on its own line, right under the previous item even when that
    /// one ended with a paragraph (`<li><p>..</p></li>`).
    fn start_item(&mut self) {
        self.item_open = false;
        let body = &self.out[..self.out.len() - self.trailing_newlines()];
        let line_start = memchr::memrchr(b'\n', body.as_bytes()).map_or(0, |p| p + 1);
        let last_line = &body[line_start..];
        if last_line == "-" || last_line.starts_with("- ") {
            self.out.truncate(body.len());
        }
        self.push_break(1);
        self.push_text("- ");
        self.item_open = true;
    }

    fn finish(self) -> String {
        self.out.trim_end().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_lists_and_entities() {
        let html = "<div><h2>About us</h2><p>We&#39;re   hiring &amp; growing.</p>\
                    <ul><li>Chat support</li><li>Nights<br>and weekends</li></ul></div>";
        assert_eq!(
            html_to_text(html),
            "About us\n\nWe're hiring & growing.\n\n- Chat support\n- Nights\nand weekends"
        );
    }
    #[test]
    fn double_br_is_a_blank_line() {
        assert_eq!(
            html_to_text("one<br>two<br><br>three<br><br><br>four"),
            "one\ntwo\n\nthree\n\nfour"
        );
    }

    #[test]
    fn paragraphs_inside_list_items() {
        let html =
            "<p>Intro</p><ul><li><p>One</p></li><li><p>Two</p><p>more</p></li></ul><p>End</p>";
        assert_eq!(html_to_text(html), "Intro\n\n- One\n- Two\n\nmore\n\nEnd");
    }

    #[test]
    fn scripts_styles_comments_dropped() {
        let html =
            "<style>p{color:red}</style><p>Hi<!-- x --></p><SCRIPT>alert('<p>')</SCRIPT>there";
        assert_eq!(html_to_text(html), "Hi\n\nthere");
    }

    #[test]
    fn quoted_gt_in_attribute_and_bare_lt() {
        assert_eq!(
            html_to_text("<a title=\"a>b\">link</a> 3 < 4"),
            "link 3 < 4"
        );
    }
    #[test]
    fn whitespace_and_controls_between_words() {
        assert_eq!(
            html_to_text("a\u{a0}\u{a0}b\u{7}c\u{2003}d \u{e9}t\u{e9}\t\r\ne\u{85}f"),
            "a bc d \u{e9}t\u{e9} e f"
        );
        assert_eq!(html_to_text("<p> x </p>  <p>\u{3000}y</p>"), "x\n\ny");
        assert_eq!(
            html_to_text("  a  b c   <b>d</b>e <i> f</i>  \u{e9} g  "),
            "a b c de f \u{e9} g"
        );
        assert_eq!(html_to_text("x<br>  y <br> z"), "x\ny\nz");
    }

    #[test]
    fn unterminated_input_does_not_panic() {
        for s in [
            "<p",
            "<script>x",
            "<!-- x",
            "<![CDATA[x",
            "a<",
            "<a href='x",
            "&",
            "<\u{e9}",
        ] {
            let _ = html_to_text(s);
        }
        assert_eq!(html_to_text("<p>caf\u{e9}</p>"), "caf\u{e9}");
    }
}
