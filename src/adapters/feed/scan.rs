//! The sequential part of reading a feed: finding its items and the raw text of their
//! elements, each matched by namespace and local name (`names`).
//!
//! A lean scan with quick-xml instead of a feed model: descriptions are the bulk of a job
//! feed, and each is taken as one raw slice of the input (no event per entity); it is
//! decoded later, on every core (`text::Text`).

use super::names::{self, Field, Vocab};
use super::text::{find, xml_text, Markup, Text, CDATA};
use super::{AdapterError, Item};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;
use quick_xml::NsReader;
use std::borrow::Cow;

pub struct Scan<'a> {
    xml: &'a str,
    reader: NsReader<&'a [u8]>,
    /// Whether the root element has been seen (and found to be a feed's).
    root: bool,
    /// The `xml:base` of each open element around the items (feed, channel), outermost
    /// first: relative links resolve against them.
    bases: Vec<Option<String>>,
    /// Bytes of text passed over without the reader (`take_text`), which its error
    /// positions do not count.
    passed: u64,
}

impl<'a> Scan<'a> {
    pub fn new(xml: &'a str) -> Self {
        let mut reader = NsReader::from_str(xml);
        // "AT&T" in a title is common in the wild and means what it says; one such item must
        // not fail a whole feed.
        reader.config_mut().allow_dangling_amp = true;
        Scan {
            xml,
            reader,
            root: false,
            bases: Vec::new(),
            passed: 0,
        }
    }

    /// Reads items into `batch` until it holds `size`; false once the feed has ended.
    pub fn batch(&mut self, batch: &mut Vec<Item<'a>>, size: usize) -> Result<bool, AdapterError> {
        while batch.len() < size {
            let event = self.reader.read_event().map_err(|e| self.invalid(&e))?;
            match event {
                Event::Start(e) => {
                    if !self.root {
                        check_root(&e)?;
                        self.root = true;
                    }
                    let (ns, local) = self.reader.resolver().resolve_element(e.name());
                    let is_item =
                        Vocab::of(&ns).is_core() && matches!(local.as_ref(), b"item" | b"entry");
                    if is_item {
                        let item = self.item(&e).map_err(|e| self.invalid(&e))?;
                        batch.push(item);
                    } else {
                        self.bases.push(attr(&e, b"xml:base"));
                    }
                }
                Event::End(_) => {
                    self.bases.pop();
                }
                Event::Empty(e) if !self.root => check_root(&e)?,
                Event::Eof if !self.root => {
                    return Err(AdapterError::Format(
                        "not a feed: no XML element found".into(),
                    ))
                }
                Event::Eof => return Ok(false),
                _ => {}
            }
        }
        Ok(true)
    }

    fn invalid(&self, cause: &quick_xml::Error) -> AdapterError {
        AdapterError::Format(printable(&format!(
            "invalid feed XML at byte {}: {cause}",
            self.reader.error_position() + self.passed
        )))
    }

    /// One item, its start tag read: core elements first, modules where the core has none.
    fn item(&mut self, start: &BytesStart) -> Result<Item<'a>, quick_xml::Error> {
        let mut core = Item {
            id: attr(start, b"rdf:about").map(Cow::Owned),
            ..Item::default()
        };
        core.bases = self.bases.iter().flatten().cloned().collect();
        core.bases.extend(attr(start, b"xml:base"));
        let mut modules = Item::default();
        // Open `media:group`s: their children are the item's (Media RSS groups the
        // `media:` elements of one medium), and their end tags do not end it.
        let mut groups = 0;
        loop {
            let (e, empty) = match self.reader.read_event()? {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(_) if groups > 0 => {
                    groups -= 1;
                    continue;
                }
                Event::End(_) | Event::Eof => return Ok(core.or(modules)),
                _ => continue,
            };
            let (ns, local) = self.reader.resolver().resolve_element(e.name());
            let vocab = Vocab::of(&ns);
            if vocab == Vocab::Media && local.as_ref() == b"group" {
                groups += usize::from(!empty);
                continue;
            }
            let Some((field, is_core)) = names::field(vocab, local.as_ref()) else {
                if !empty {
                    self.reader.read_to_end(e.name())?;
                }
                continue;
            };
            let into = if is_core { &mut core } else { &mut modules };
            // Elements carried in attributes: Atom links and categories.
            let attribute = match field {
                Field::Link => attr(&e, b"href"),
                Field::Category => attr_raw(&e, b"term"),
                _ => None,
            };
            if let Some(value) = attribute {
                if !empty {
                    self.reader.read_to_end(e.name())?;
                }
                match field {
                    Field::Category => into
                        .categories
                        .push(Text::new(Cow::Owned(value), Markup::Plain)),
                    _ => set_link(into, &e, value),
                }
                continue;
            }
            if empty {
                continue;
            }
            let (raw, children) = self.take_text(e.name())?;
            let text = if vocab == Vocab::Xhtml {
                Text::new(raw, Markup::Xhtml)
            } else if children {
                // A person's name is its `<name>` child (Atom, and RSS feeds written alike).
                match (field == Field::Author)
                    .then(|| person_name(&raw))
                    .flatten()
                {
                    Some(name) => Text::new(Cow::Owned(name), Markup::Plain),
                    None => typed(raw, vocab, &e).with_children(),
                }
            } else {
                typed(raw, vocab, &e)
            };
            into.set(field, text);
        }
    }

    /// The raw content of the element just started, up to its end tag (which is read), and
    /// whether it holds child elements.
    fn take_text(&mut self, name: QName) -> Result<(Cow<'a, str>, bool), quick_xml::Error> {
        let rest: &'a [u8] = self.reader.get_ref();
        if let Some(len) = text_len(rest, name.as_ref()) {
            // Passed over here; quick-xml reads the end tag, so it still checks it and
            // knows the element is closed.
            *self.reader.get_mut() = &rest[len..];
            self.passed += len as u64;
            self.reader.read_event()?;
            return Ok((Cow::Borrowed(slice_of(self.xml, &rest[..len])), false));
        }
        let raw = match self.reader.read_text(name)?.into_inner() {
            Cow::Borrowed(b) => Cow::Borrowed(slice_of(self.xml, b)),
            Cow::Owned(b) => Cow::Owned(String::from_utf8_lossy(&b).into_owned()),
        };
        let children = has_elements(raw.as_bytes());
        Ok((raw, children))
    }
}

/// A text construct of the markup its attributes declare.
fn typed<'a>(raw: Cow<'a, str>, vocab: Vocab, e: &BytesStart) -> Text<'a> {
    if !vocab.is_atom() {
        return Text::typed(raw, vocab, None, None);
    }
    let (kind, mode) = (attr(e, b"type"), attr(e, b"mode"));
    Text::typed(raw, vocab, kind.as_deref(), mode.as_deref())
}

/// An Atom link: the alternate one (`rel` absent or `alternate`) first, any other when
/// there is none. Its own `xml:base` applies to it.
fn set_link(item: &mut Item, e: &BytesStart, href: String) {
    let rel = attr(e, b"rel");
    let alternate = rel.as_deref().is_none_or(|r| r == "alternate");
    if alternate && !item.alternate || item.link.is_none() {
        item.link = Some(Cow::Owned(href));
        item.link_base = attr(e, b"xml:base");
        item.alternate = alternate;
    }
}

fn check_root(e: &BytesStart) -> Result<(), AdapterError> {
    match e.local_name().as_ref() {
        b"rss" | b"RDF" | b"feed" => Ok(()),
        other => Err(AdapterError::Format(printable(&format!(
            "not an RSS, Atom or RDF feed: the document is <{}>",
            String::from_utf8_lossy(other)
        )))),
    }
}

/// `message` with control characters escaped: it is one line on a terminal.
pub fn printable(message: &str) -> String {
    if !message.chars().any(char::is_control) {
        return message.to_string();
    }
    message
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// How many bytes of `rest` are an element's text, up to its end tag `</name>`, when that
/// text is characters and CDATA sections only; `None` when it holds markup (quick-xml reads
/// it then). quick-xml stops at every `&` of a text, and an escaped description has one
/// every few bytes; this finds the end in one memchr scan.
pub fn text_len(rest: &[u8], name: &[u8]) -> Option<usize> {
    let mut i = 0;
    loop {
        i += memchr::memchr(b'<', &rest[i..])?;
        let at = &rest[i..];
        if let Some(after) = at.strip_prefix(b"</").and_then(|t| t.strip_prefix(name)) {
            let closes = after
                .first()
                .is_some_and(|&c| c == b'>' || c.is_ascii_whitespace());
            return closes.then_some(i);
        }
        let cdata = at.strip_prefix(CDATA.as_bytes())?;
        i += CDATA.len() + find(cdata, "]]>")? + 3;
    }
}

/// Whether raw content holds an element (a `<` and a name outside CDATA sections), not
/// only comments or processing instructions.
fn has_elements(raw: &[u8]) -> bool {
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'<', &raw[i..]) {
        let at = &raw[i + p..];
        if let Some(cdata) = at.strip_prefix(CDATA.as_bytes()) {
            match find(cdata, "]]>") {
                Some(end) => i += p + CDATA.len() + end + 3,
                None => return false,
            }
            continue;
        }
        if at.get(1).is_some_and(u8::is_ascii_alphabetic) {
            return true;
        }
        i += p + 1;
    }
    false
}

/// `b`, a slice the reader took from `xml`, as the text it is there: the document is
/// already known to be UTF-8 and elements start and end at ASCII `<` and `>`, so this takes
/// its place instead of checking its bytes again.
fn slice_of<'a>(xml: &'a str, b: &'a [u8]) -> &'a str {
    let start = (b.as_ptr() as usize).wrapping_sub(xml.as_ptr() as usize);
    xml.get(start..start.wrapping_add(b.len()))
        .unwrap_or_else(|| std::str::from_utf8(b).unwrap_or_default())
}

/// The raw content of a person's `<name>` child (Atom); `None` when there is none.
fn person_name(raw: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(raw);
    reader.config_mut().allow_dangling_amp = true;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if e.local_name().as_ref() == b"name" => {
                let inner = reader.read_text(e.name()).ok()?;
                return Some(String::from_utf8_lossy(&inner.into_inner()).into_owned());
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// An attribute's value, references decoded.
fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    attr_raw(e, name).map(|v| xml_text(Cow::Owned(v)).into_owned())
}

/// An attribute's value as written.
fn attr_raw(e: &BytesStart, name: &[u8]) -> Option<String> {
    let a = e.try_get_attribute(name).ok()??;
    Some(String::from_utf8_lossy(&a.value).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Feeds assembled from the pieces the text scan and quick-xml split on (end tags,
        /// CDATA, references, stray markup): reading never panics, and an element whose
        /// text the scan reads holds exactly what quick-xml would have read.
        #[test]
        fn any_arrangement_of_feed_pieces_reads_without_panic(
            pieces in proptest::collection::vec(
                "<item>|</item>|<title>|</title>|</title >|<description>|</description>|\\
                 <!\\[CDATA\\[|\\]\\]>|&amp;|&|&lt;p&gt;|<b>|</b>|<!-- c -->|x|é| ",
                0..40,
            )
        ) {
            let doc = format!("<rss><channel>{}</channel></rss>", pieces.concat());
            let _ = super::super::read(&doc, |i| i.title.as_ref().map(Text::line), &mut |_| {});
            let tail = format!("{}</title>", pieces.concat());
            if let Some(len) = text_len(tail.as_bytes(), b"title") {
                // Read as quick-xml reads an element's content, from just after its start.
                let element = format!("<title>{tail}");
                let mut qx = quick_xml::Reader::from_str(&element);
                qx.config_mut().allow_dangling_amp = true;
                let _ = qx.read_event();
                if let Ok(text) = qx.read_text(quick_xml::name::QName(b"title")) {
                    let read: &[u8] = &text;
                    proptest::prop_assert_eq!(read, &tail.as_bytes()[..len]);
                }
            }
        }
    }

    #[test]
    fn text_ends_at_its_own_end_tag_past_cdata() {
        assert_eq!(text_len(b"a &amp; b</title>", b"title"), Some(9));
        assert_eq!(text_len(b"x</title >", b"title"), Some(1));
        let cdata = b"<![CDATA[<p>x</description> y</p>]]> z</description>";
        assert_eq!(text_len(cdata, b"description"), Some(cdata.len() - 14));
        // Markup inside, or another element's end: quick-xml reads it.
        assert_eq!(text_len(b"<div>x</div></content>", b"content"), None);
        assert_eq!(text_len(b"x</titles>", b"title"), None);
        assert_eq!(text_len(b"no end", b"title"), None);
        assert_eq!(text_len(b"<![CDATA[never closed", b"title"), None);
    }
}
