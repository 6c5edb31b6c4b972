//! The feed reader shared by `rss` and `weworkremotely`: RSS 2.0, RSS 1.0 (RDF) and Atom
//! items to postings.
//!
//! A lean scan with quick-xml instead of a feed model: descriptions are the bulk of a job
//! feed, and each is taken as one raw slice of the input (no event per entity), unescaped
//! once and handed to `html_to_text`. Elements are matched by local name, so namespaced
//! variants (`content:encoded`, `dc:date`, `atom:link`, `job_listing:company`) need no
//! namespace bookkeeping.

use super::{url_arg, AdapterError, Page, ParseCtx};
use crate::normalize::{self, date::parse_date, employment, salary, text};
use crate::posting::{Posting, Workplace};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::borrow::Cow;
use url::Url;

/// One feed item as written, before normalizing.
#[derive(Debug, Default)]
pub struct Item<'a> {
    pub title: Cow<'a, str>,
    pub link: Option<Cow<'a, str>>,
    /// `guid` (RSS), `id` (Atom) or `rdf:about` (RSS 1.0).
    pub id: Option<Cow<'a, str>>,
    pub published: Option<Cow<'a, str>>,
    pub updated: Option<Cow<'a, str>>,
    /// `description` (RSS) or `summary` (Atom).
    pub summary: Option<Body<'a>>,
    /// `content:encoded` (RSS) or `content` (Atom): the full text when a feed has both.
    pub content: Option<Body<'a>>,
    pub categories: Vec<Cow<'a, str>>,
    pub author: Option<Cow<'a, str>>,
    // Elements job feeds add to items (We Work Remotely's `region` and `type`, WordPress
    // Job Manager's `job_listing:*`).
    pub company: Option<Cow<'a, str>>,
    pub location: Option<Cow<'a, str>>,
    pub job_type: Option<Cow<'a, str>>,
    pub salary: Option<Cow<'a, str>>,
}

/// A description as written in the feed. It is unescaped only when mapped (`text`), so the
/// bulk of a feed is decoded on every core rather than in the sequential scan.
#[derive(Debug)]
pub struct Body<'a> {
    raw: Cow<'a, str>,
    /// False only for Atom inline XHTML, which is markup already, not escaped text.
    escaped: bool,
    /// False only for Atom `type="text"`: RSS descriptions are HTML by convention.
    pub html: bool,
}

thread_local! {
    /// Unescaped descriptions live only until they are converted to text, so one buffer per
    /// thread serves them all instead of a fresh string per item.
    static UNESCAPED: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };
}

impl Body<'_> {
    /// Runs `f` on the description's text, unescaped.
    pub fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        if !self.escaped {
            return f(&self.raw);
        }
        text::with_scratch(&UNESCAPED, |buf| {
            xml_text_into(buf, &self.raw);
            f(buf)
        })
    }
}

/// A feed body's postings, batch by batch (`Adapter::parse_batches`); `adjust` applies what
/// a site writes its own way.
pub fn parse_batches(
    body: &[u8],
    ctx: &ParseCtx,
    adjust: impl Fn(&mut Posting) + Sync,
    emit: &mut dyn FnMut(Vec<Posting>),
) -> Result<(), AdapterError> {
    let xml = text::decode_page(body);
    let base = url_arg::body_url(ctx);
    let map = |item: &Item| {
        let mut p = posting(item, ctx, base.as_ref());
        adjust(&mut p);
        p
    };
    read(&xml, map, emit)
}

/// A feed body as one page (feeds have no next page).
pub fn parse_page(
    body: &[u8],
    ctx: &ParseCtx,
    adjust: impl Fn(&mut Posting) + Sync,
) -> Result<Page, AdapterError> {
    let mut postings = Vec::new();
    parse_batches(body, ctx, adjust, &mut |batch| postings.extend(batch))?;
    Ok(Page {
        postings,
        next: None,
    })
}

/// Reads every item of a feed through `map`, handing the results to `emit` in batches.
/// Each batch is mapped on every core (HTML to text is most of the work) while the next is
/// scanned, so memory holds a couple of batches of unescaped text at a time. Anything that
/// is not RSS, RDF or Atom (an HTML error page, a JSON body) is a format error naming what
/// it was; items before an XML error further on have been emitted by then.
pub fn read<'a, T: Send>(
    xml: &'a str,
    map: impl Fn(&Item<'a>) -> T + Sync,
    emit: &mut dyn FnMut(Vec<T>),
) -> Result<(), AdapterError> {
    let map_batch = |mut batch: Vec<Item<'a>>| -> Vec<T> {
        let parts = crate::parallel::chunks(&mut batch, |c| c.iter().map(&map).collect());
        let mut mapped: Vec<T> = Vec::with_capacity(batch.len());
        for part in parts {
            mapped.extend::<Vec<T>>(part);
        }
        mapped
    };
    let mut reader = Reader::from_str(xml);
    // "AT&T" in a title is common in the wild and means what it says; one such item must not
    // fail a whole feed.
    reader.config_mut().allow_dangling_amp = true;
    let mut scan = Scan {
        xml,
        reader,
        root: false,
    };
    let mut scanned: Vec<Item<'a>> = Vec::new();
    let mut round = 0;
    loop {
        // The next batch is scanned on this thread while the last one is mapped on rayon's
        // pool (no thread is started per batch).
        let size = crate::parallel::batch_size(round);
        round += 1;
        let mut next = Vec::with_capacity(size);
        let mut mapped = None;
        let more = rayon::in_place_scope(|s| {
            if !scanned.is_empty() {
                let batch = std::mem::take(&mut scanned);
                let (mapped, map_batch) = (&mut mapped, &map_batch);
                s.spawn(move |_| *mapped = Some(map_batch(batch)));
            }
            scan.batch(&mut next, size)
        });
        if let Some(mapped) = mapped {
            emit(mapped);
        }
        scanned = next;
        match more {
            Ok(true) => continue,
            // The items read before an error (a feed cut off mid-item) are handed over too;
            // the error still marks the body as failed.
            done => {
                if !scanned.is_empty() {
                    emit(map_batch(scanned));
                }
                return done.map(|_| ());
            }
        }
    }
}

/// The sequential part of reading a feed: finding its items.
struct Scan<'a> {
    xml: &'a str,
    reader: Reader<&'a [u8]>,
    /// Whether the root element has been seen (and found to be a feed's).
    root: bool,
}

impl<'a> Scan<'a> {
    /// Reads items into `batch` until it holds `size`; false once the feed has ended.
    fn batch(&mut self, batch: &mut Vec<Item<'a>>, size: usize) -> Result<bool, AdapterError> {
        let reader = &mut self.reader;
        while batch.len() < size {
            let event = reader
                .read_event()
                .map_err(|e| invalid(reader, &e.to_string()))?;
            match event {
                Event::Start(e) => {
                    if !self.root {
                        check_root(&e)?;
                        self.root = true;
                    }
                    if matches!(e.local_name().as_ref(), b"item" | b"entry") {
                        let item = read_item(self.xml, reader, &e)
                            .map_err(|e| invalid(reader, &e.to_string()))?;
                        batch.push(item);
                    }
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
}

fn check_root(e: &BytesStart) -> Result<(), AdapterError> {
    match e.local_name().as_ref() {
        b"rss" | b"RDF" | b"feed" => Ok(()),
        other => Err(AdapterError::Format(format!(
            "not an RSS, Atom or RDF feed: the document is <{}>",
            String::from_utf8_lossy(other)
        ))),
    }
}

fn invalid(reader: &Reader<&[u8]>, cause: &str) -> AdapterError {
    AdapterError::Format(format!(
        "invalid feed XML at byte {}: {cause}",
        reader.error_position()
    ))
}

fn read_item<'a>(
    xml: &'a str,
    reader: &mut Reader<&'a [u8]>,
    start: &BytesStart,
) -> Result<Item<'a>, quick_xml::Error> {
    let mut item = Item {
        id: attr(start, b"rdf:about").map(Cow::Owned),
        ..Item::default()
    };
    loop {
        let (e, empty) = match reader.read_event()? {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(_) | Event::Eof => return Ok(item),
            _ => continue,
        };
        let local = e.local_name();
        // Elements carried in attributes: Atom links and categories.
        let href = match local.as_ref() {
            b"link" => attr(&e, b"href"),
            b"category" => attr(&e, b"term"),
            _ => None,
        };
        if let Some(value) = href {
            if !empty {
                reader.read_to_end(e.name())?;
            }
            match local.as_ref() {
                b"category" => item.categories.push(Cow::Owned(value)),
                _ => {
                    let rel = attr(&e, b"rel");
                    let alternate = rel.as_deref().is_none_or(|r| r == "alternate");
                    if alternate || item.link.is_none() {
                        item.link = Some(Cow::Owned(value));
                    }
                }
            }
            continue;
        }
        if empty {
            continue;
        }
        let atom_type = match local.as_ref() {
            b"content" | b"summary" => attr(&e, b"type"),
            _ => None,
        };
        let rest: &'a [u8] = reader.get_ref();
        let raw = match text_len(rest, e.name().as_ref()) {
            Some(len) => {
                // Passed over here; quick-xml reads the end tag, so it still checks it and
                // knows the element is closed.
                std::io::BufRead::consume(&mut reader.stream(), len);
                reader.read_event()?;
                Cow::Borrowed(slice_of(xml, &rest[..len]))
            }
            None => match reader.read_text(e.name())?.into_inner() {
                Cow::Borrowed(b) => Cow::Borrowed(slice_of(xml, b)),
                Cow::Owned(b) => Cow::Owned(String::from_utf8_lossy(&b).into_owned()),
            },
        };
        let set = |slot: &mut Option<Cow<'a, str>>, raw: Cow<'a, str>| {
            if slot.is_none() {
                *slot = Some(xml_text(raw));
            }
        };
        match local.as_ref() {
            b"title" => item.title = xml_text(raw),
            b"link" => set(&mut item.link, raw),
            b"guid" | b"id" => item.id = Some(xml_text(raw)),
            b"pubDate" | b"published" | b"issued" | b"date" => set(&mut item.published, raw),
            b"updated" | b"modified" => set(&mut item.updated, raw),
            b"description" | b"summary" => {
                item.summary = Some(body(raw, atom_type.as_deref()));
            }
            b"encoded" | b"content" => item.content = Some(body(raw, atom_type.as_deref())),
            b"category" | b"subject" => item.categories.push(xml_text(raw)),
            b"author" | b"creator" if item.author.is_none() => item.author = person_name(&raw),
            b"company" => set(&mut item.company, raw),
            b"location" | b"region" => set(&mut item.location, raw),
            b"type" | b"job_type" => set(&mut item.job_type, raw),
            b"salary" => set(&mut item.salary, raw),
            _ => {}
        }
    }
}

/// How many bytes of `rest` are an element's text, up to its end tag `</name>`, when that
/// text is characters and CDATA sections only; `None` when it holds markup (quick-xml reads
/// it then). quick-xml stops at every `&` of a text, and an escaped description has one
/// every few bytes; this finds the end in one memchr scan.
fn text_len(rest: &[u8], name: &[u8]) -> Option<usize> {
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

/// `b`, a slice the reader took from `xml`, as the text it is there: the document is
/// already known to be UTF-8 and elements start and end at ASCII `<` and `>`, so this takes
/// its place instead of checking its bytes again.
fn slice_of<'a>(xml: &'a str, b: &'a [u8]) -> &'a str {
    let start = (b.as_ptr() as usize).wrapping_sub(xml.as_ptr() as usize);
    xml.get(start..start.wrapping_add(b.len()))
        .unwrap_or_else(|| std::str::from_utf8(b).unwrap_or_default())
}

/// An author's name: the text itself (RSS, Dublin Core) or its `<name>` child (Atom).
fn person_name<'a>(raw: &str) -> Option<Cow<'a, str>> {
    if !raw.contains('<') {
        return Some(Cow::Owned(xml_text(raw.into()).into_owned()));
    }
    let mut reader = Reader::from_str(raw);
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if e.local_name().as_ref() == b"name" => {
                let inner = reader.read_text(e.name()).ok()?;
                let inner = String::from_utf8_lossy(&inner.into_inner()).into_owned();
                return Some(Cow::Owned(xml_text(inner.into()).into_owned()));
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

fn body<'a>(raw: Cow<'a, str>, atom_type: Option<&str>) -> Body<'a> {
    Body {
        raw,
        escaped: atom_type != Some("xhtml"),
        html: atom_type != Some("text"),
    }
}

fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    let a = e.try_get_attribute(name).ok()??;
    let value = String::from_utf8_lossy(&a.value);
    Some(text::decode_entities(&value).into_owned())
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

const CDATA: &str = "<![CDATA[";

/// Where `marker` (`<![CDATA[` or `]]>`) is in `s`: at one of the few places its first byte
/// is, which in escaped text is nowhere, so this is a memchr scan.
fn find(s: &[u8], marker: &str) -> Option<usize> {
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

/// `href` as an absolute URL: resolved against `base` when relative and a base is known,
/// otherwise as written.
pub fn resolve(base: Option<&Url>, href: &str) -> String {
    let href = href.trim();
    // With its scheme and "//", a link is absolute whatever the base: kept as written
    // whether or not it parses, so there is nothing to parse (every feed item has one).
    if href.starts_with("https://") || href.starts_with("http://") || Url::parse(href).is_ok() {
        return href.to_string();
    }
    base.and_then(|b| b.join(href).ok())
        .map_or_else(|| href.to_string(), String::from)
}

/// Maps an item to a posting with every field a generic job feed can carry. The company is
/// a job feed's `company` element or else the item's author, as job boards publish their
/// feeds (the poster of a job item is the hiring company).
pub fn posting(item: &Item, ctx: &ParseCtx, base: Option<&Url>) -> Posting {
    let link = item.link.as_deref().filter(|l| !l.is_empty());
    // An RSS guid is the item's permalink unless it says otherwise.
    let permalink = item.id.as_deref().filter(|id| id.starts_with("http"));
    let source_id = item
        .id
        .as_deref()
        .or(link)
        .filter(|s| !s.is_empty())
        .unwrap_or(&item.title);
    let mut p = ctx.posting(source_id);
    p.title = text::clean_inline(&item.title);
    p.url = link
        .or(permalink)
        .map_or_else(String::new, |l| resolve(base, l));
    p.company = item
        .company
        .as_deref()
        .or(item.author.as_deref().and_then(author_name))
        .map(text::clean_inline)
        .filter(|c| !c.is_empty());
    if let Some(loc) = &item.location {
        normalize::set_location(&mut p, loc);
    }
    if let Some(t) = &item.job_type {
        for t in employment::employment_types(t) {
            p.add_employment_type(t);
        }
    }
    for c in &item.categories {
        for t in employment::employment_types(c) {
            p.add_employment_type(t);
        }
        // "Office" or "In-store" as a category names a kind of job, not where it is done.
        if let w @ (Workplace::Remote | Workplace::Hybrid) = employment::workplace(c) {
            p.workplace = w;
        }
    }
    if let Some(s) = item.salary.as_deref().filter(|s| !s.trim().is_empty()) {
        p.salary = salary::parse_salary_text(&text::clean_inline(s));
    }
    p.posted_at = item
        .published
        .as_deref()
        .or(item.updated.as_deref())
        .and_then(|d| parse_date(d, ctx.fetched_at));
    let to_text = |b: &Body| {
        b.with_text(|t| {
            if b.html {
                text::html_to_text(t)
            } else {
                text::clean_text(t)
            }
        })
    };
    p.description = item
        .content
        .as_ref()
        .map(to_text)
        .filter(|t| !t.is_empty())
        .or_else(|| item.summary.as_ref().map(to_text))
        .unwrap_or_default();
    p
}

/// The name in an author field: RSS writes `jobs@acme.example (Acme)`, Atom and Dublin Core
/// write the name; a bare e-mail address names no one.
fn author_name(author: &str) -> Option<&str> {
    if let (Some(open), Some(close)) = (author.find('('), author.rfind(')')) {
        if open < close {
            return Some(author[open + 1..close].trim());
        }
    }
    let bare_email = author.contains('@') && !author.trim().contains(' ');
    (!bare_email).then_some(author.trim())
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

    proptest::proptest! {
        /// A link with "http://" or "https://" comes out as written, exactly as it did when
        /// every link was parsed first: one that does not parse cannot be joined either.
        #[test]
        fn absolute_links_are_kept_as_written(
            href in "https?://[a-zA-Z0-9 .:/@%?#\\[\\]\\\\-]{0,24}"
        ) {
            let base = Url::parse("https://base.example/dir/page").unwrap();
            let parsed_first = |href: &str| {
                let href = href.trim();
                if Url::parse(href).is_ok() {
                    return href.to_string();
                }
                base.join(href).map_or_else(|_| href.to_string(), String::from)
            };
            proptest::prop_assert_eq!(resolve(Some(&base), &href), parsed_first(&href));
        }
    }

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
            let _ = read(&doc, |i| i.title.to_string(), &mut |_| {});
            let tail = format!("{}</title>", pieces.concat());
            if let Some(len) = text_len(tail.as_bytes(), b"title") {
                // Read as quick-xml reads an element's content, from just after its start.
                let element = format!("<title>{tail}");
                let mut qx = Reader::from_str(&element);
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

    #[test]
    fn a_bare_ampersand_is_text_not_an_error() {
        let doc = "<rss><channel><title>AT&T jobs</title><item><title>AT&T support</title>\
                   <description><![CDATA[<p>a</description> b</p>]]> &amp; c</description>\
                   </item></channel></rss>";
        let mut items = Vec::new();
        let found = |i: &Item| {
            (
                xml_text(i.title.clone()).into_owned(),
                i.summary.as_ref().map(|b| b.with_text(str::to_string)),
            )
        };
        read(doc, found, &mut |batch| items.extend(batch)).unwrap();
        assert_eq!(
            items,
            [(
                "AT&T support".to_string(),
                Some("<p>a</description> b</p> & c".to_string())
            )]
        );
    }

    #[test]
    fn authors() {
        assert_eq!(author_name("jobs@acme.test (Acme Co)"), Some("Acme Co"));
        assert_eq!(author_name("jobs@acme.test"), None);
        assert_eq!(author_name(" Acme Co "), Some("Acme Co"));
    }

    #[test]
    fn not_feeds() {
        for (doc, want) in [
            ("<html><body>hi</body></html>", "the document is <html>"),
            ("{\"jobs\": []}", "no XML element"),
            (
                "<rss><channel><item><title>x</channel></rss>",
                "invalid feed XML",
            ),
        ] {
            let e = read(doc, |_| (), &mut |_| {}).unwrap_err().to_string();
            assert!(e.contains(want), "{doc}: {e}");
        }
    }

    #[test]
    fn atom_links_and_categories() {
        let doc = r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry>
            <link rel="self" href="https://x.test/self"/>
            <link rel="alternate" type="text/html" href="https://x.test/a"></link>
            <category term="Part-time"/><author><name>Acme</name></author>
            </entry></feed>"#;
        let mut items = Vec::new();
        let found = |i: &Item| {
            let owned = |c: &Cow<str>| c.to_string();
            let link = i.link.as_ref().map(owned);
            (
                link,
                i.categories.iter().map(owned).collect::<Vec<_>>(),
                i.author.as_ref().map(owned),
            )
        };
        read(doc, found, &mut |batch| items.extend(batch)).unwrap();
        let (link, categories, author) = &items[0];
        assert_eq!(link.as_deref(), Some("https://x.test/a"));
        assert_eq!(categories, &["Part-time"]);
        assert_eq!(author.as_deref(), Some("Acme"));
    }
}
