//! An element's text as the feed wrote it, and the text a reader shows of it, decoded by
//! its declared type: Atom's `text`, `html` and `xhtml` (and Atom 0.3's MIME types and
//! modes, base64 included), and RSS's de-facto escaped HTML. Markup becomes text through the
//! same HTML to text as every description.

use super::names::Vocab;
use crate::normalize::text;
use base64::Engine;
use std::borrow::Cow;

/// How an element's content is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// Plain text (Atom `type="text"`): `<b>` in it is what it says.
    Plain,
    /// HTML, escaped for XML or in CDATA (Atom `type="html"`, and RSS by convention).
    Html,
    /// Markup inline in the feed (Atom `type="xhtml"`), escaped once already.
    Xhtml,
}

/// An element's content as written, decoded only when asked (`line`, `with_text`), so the
/// bulk of a feed is decoded on every core rather than in the sequential scan.
#[derive(Debug, Clone)]
pub struct Text<'a> {
    raw: Cow<'a, str>,
    pub markup: Markup,
    /// Base64 of the content (Atom's non-text MIME types, Atom 0.3's `mode="base64"`).
    base64: bool,
}

thread_local! {
    /// Unescaped descriptions live only until they are converted to text, so one buffer per
    /// thread serves them all instead of a fresh string per item.
    static UNESCAPED: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };
}

impl<'a> Text<'a> {
    pub fn new(raw: Cow<'a, str>, markup: Markup) -> Self {
        Text {
            raw,
            markup,
            base64: false,
        }
    }

    /// Text of the markup its `type` (and Atom 0.3 `mode`) attribute declares, for an
    /// element of `vocab`: Atom's default is plain text, RSS's (and every module's) HTML.
    pub fn typed(raw: Cow<'a, str>, vocab: Vocab, kind: Option<&str>, mode: Option<&str>) -> Self {
        // Atom 0.3 content is inline XML unless its mode says otherwise.
        let mode = mode.or((vocab == Vocab::Atom03).then_some("xml"));
        let (markup, base64) = declared(vocab.is_atom(), kind, mode);
        Text {
            raw,
            markup,
            base64,
        }
    }

    /// The same content holding child elements: plain text cannot, so they are markup
    /// written inline (HTML declared so stays HTML, escaped inside its elements).
    pub fn with_children(mut self) -> Self {
        if self.markup == Markup::Plain && !self.base64 {
            self.markup = Markup::Xhtml;
        }
        self
    }

    /// Runs `f` on the content as markup of its kind: XML references and CDATA undone
    /// (inline XHTML is left as it is), base64 decoded.
    pub fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        if self.base64 {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(
                    xml_text(self.raw.clone())
                        .split_whitespace()
                        .collect::<String>(),
                )
                .unwrap_or_default();
            return f(&String::from_utf8_lossy(&bytes));
        }
        if self.markup == Markup::Xhtml {
            return f(&self.raw);
        }
        text::with_scratch(&UNESCAPED, |buf| {
            xml_text_into(buf, &self.raw);
            f(buf)
        })
    }

    /// The text as a reader shows it on one line (titles, names, places).
    pub fn line(&self) -> String {
        if self.markup == Markup::Html && !self.base64 {
            // Most titles: no markup, at most a reference or two.
            let unescaped = xml_text(self.raw.clone());
            if !unescaped.contains('<') {
                return text::clean_inline(&unescaped);
            }
        }
        self.with_text(|t| match self.markup {
            Markup::Plain => text::text_to_line(t),
            Markup::Html | Markup::Xhtml => text::html_to_line(t),
        })
    }

    /// The text as a reader shows it, paragraphs kept (descriptions).
    pub fn block(&self) -> String {
        self.with_text(|t| match self.markup {
            Markup::Plain => text::clean_text(t),
            Markup::Html | Markup::Xhtml => text::html_to_text(t),
        })
    }

    /// The content with XML references and CDATA undone, as written otherwise.
    pub fn raw_text(&self) -> Cow<'a, str> {
        xml_text(self.raw.clone())
    }
}

/// The markup a `type` attribute declares, and whether the content is base64. Atom 1.0:
/// `text`, `html`, `xhtml` or a MIME type (RFC 4287 4.1.3); Atom 0.3: a MIME type and a
/// `mode` of `xml` (inline), `escaped` or `base64`.
fn declared(atom: bool, kind: Option<&str>, mode: Option<&str>) -> (Markup, bool) {
    let kind = kind.map(|k| k.trim().to_ascii_lowercase());
    let mode = mode.map(str::trim);
    let markup = match kind.as_deref() {
        None | Some("") if !atom => Markup::Html,
        None | Some("" | "text" | "text/plain") => Markup::Plain,
        Some("html" | "text/html") => Markup::Html,
        Some("xhtml" | "application/xhtml+xml") => Markup::Xhtml,
        Some(k) if k.starts_with("text/") => Markup::Plain,
        Some(k) if k.ends_with("+xml") || k.ends_with("/xml") => Markup::Xhtml,
        // Any other MIME type is base64 in Atom 1.0 (in 0.3, when its mode says so); what it
        // holds is shown only as text.
        Some(_) => return (Markup::Plain, matches!(mode, None | Some("base64"))),
    };
    match mode {
        Some("base64") => (markup, true),
        // HTML written inline is markup already.
        Some("xml") if markup == Markup::Html => (Markup::Xhtml, false),
        _ => (markup, false),
    }
}

/// The text of an element's raw content: entities decoded, CDATA sections taken as they
/// are, surrounding whitespace trimmed.
pub fn xml_text(raw: Cow<'_, str>) -> Cow<'_, str> {
    if memchr::memchr(b'&', raw.as_bytes()).is_none() && find(raw.as_bytes(), CDATA).is_none() {
        return match raw {
            Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
            Cow::Owned(s) => Cow::Owned(s.trim().to_string()),
        };
    }
    let mut out = String::with_capacity(raw.len());
    xml_text_into(&mut out, &raw);
    Cow::Owned(out)
}

pub const CDATA: &str = "<![CDATA[";

/// Where `marker` (`<![CDATA[` or `]]>`) is in `s`: at one of the few places its first byte
/// is, which in escaped text is nowhere, so this is a memchr scan.
pub fn find(s: &[u8], marker: &str) -> Option<usize> {
    let marker = marker.as_bytes();
    memchr::memchr_iter(marker[0], s).find(|&i| s[i..].starts_with(marker))
}

/// `xml_text` appended to `out`, which is empty.
fn xml_text_into(out: &mut String, raw: &str) {
    let mut rest = raw.trim_start();
    while let Some(at) = find(rest.as_bytes(), CDATA) {
        text::decode_entities_into(out, &rest[..at]);
        let cdata = &rest[at + CDATA.len()..];
        let end = find(cdata.as_bytes(), "]]>").unwrap_or(cdata.len());
        out.push_str(&cdata[..end]);
        rest = cdata.get(end + 3..).unwrap_or("");
    }
    text::decode_entities_into(out, rest);
    let start = out.len() - out.trim_start().len();
    out.truncate(out.trim_end().len());
    out.drain(..start);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cdata_and_entities() {
        assert_eq!(
            xml_text("  a &amp;lt;b&gt; <![CDATA[<p>x &amp; y</p>]]> z ".into()),
            "a &lt;b> <p>x &amp; y</p> z"
        );
        assert_eq!(xml_text("<![CDATA[open".into()), "open");
        assert_eq!(xml_text(" plain ".into()), "plain");
        assert_eq!(
            xml_text("AT&T &#233;t&#xE9; &nbsp;x &bogus; & &".into()),
            "AT&T \u{e9}t\u{e9} \u{a0}x &bogus; & &"
        );
    }

    fn line(raw: &str, vocab: Vocab, kind: Option<&str>, mode: Option<&str>) -> String {
        Text::typed(raw.to_string().into(), vocab, kind, mode).line()
    }

    /// RSS titles are escaped HTML, whatever the escaping.
    #[test]
    fn rss_titles_are_html() {
        assert_eq!(
            line("&lt;b&gt;&amp;amp;&lt;/b&gt;", Vocab::Rss, None, None),
            "&"
        );
        assert_eq!(
            line("<![CDATA[<b>&amp;</b>]]>", Vocab::Rss, None, None),
            "&"
        );
        assert_eq!(
            line("AT&amp;T  support", Vocab::Rss, None, None),
            "AT&T support"
        );
        assert_eq!(
            line(
                "Agent &lt;script&gt;x()&lt;/script&gt; (nights)",
                Vocab::Rss,
                None,
                None
            ),
            "Agent (nights)"
        );
    }

    /// Atom: text is text, html is HTML, xhtml is markup already.
    #[test]
    fn atom_titles_by_their_declared_type() {
        assert_eq!(
            line("a &lt;b&gt; &amp;amp;", Vocab::Atom, None, None),
            "a <b> &amp;"
        );
        assert_eq!(
            line(
                "Example &lt;b&gt;Atom&lt;/b&gt;",
                Vocab::Atom,
                Some("html"),
                None
            ),
            "Example Atom"
        );
        assert_eq!(
            line(
                "<div xmlns=\"http://www.w3.org/1999/xhtml\">History of the &lt;blink&gt; tag</div>",
                Vocab::Atom,
                Some("xhtml"),
                None
            ),
            "History of the <blink> tag"
        );
    }

    /// Atom 0.3: MIME types and modes.
    #[test]
    fn atom_03_titles_by_their_mime_type_and_mode() {
        assert_eq!(
            line(
                "Example <b>Atom</b>",
                Vocab::Atom03,
                Some("text/html"),
                None
            ),
            "Example Atom"
        );
        assert_eq!(
            line(
                "Example &lt;b&gt;Atom&lt;/b&gt;",
                Vocab::Atom03,
                Some("text/html"),
                Some("escaped")
            ),
            "Example Atom"
        );
        assert_eq!(
            line(
                "RXhhbXBsZSA8Yj5BdG9tPC9iPg==",
                Vocab::Atom03,
                Some("text/html"),
                Some("base64")
            ),
            "Example Atom"
        );
        assert_eq!(
            line(
                "RXhhbXBsZSA8Yj5BdG9tPC9iPg==",
                Vocab::Atom,
                Some("image/png"),
                None
            ),
            "Example <b>Atom</b>"
        );
    }
}
