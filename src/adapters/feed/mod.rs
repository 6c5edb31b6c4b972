//! The feed reader shared by `rss` and `weworkremotely`: RSS 0.9x, 1.0 (RDF) and 2.0 and
//! Atom 0.3 and 1.0 items to postings.
//!
//! `charset` reads the bytes in the encoding the document declares, `scan` finds the items
//! and takes each element's raw text, matched by namespace (`names`), and `text` decodes
//! it by its declared type when the items are mapped to postings, on every core.

mod charset;
mod names;
mod scan;
mod text;

use super::{url_arg, AdapterError, Page, ParseCtx};
use crate::normalize::{self, date::parse_date, employment, salary};
use crate::posting::{Posting, Workplace};
use names::Field;
use std::borrow::Cow;
use std::sync::atomic::{AtomicUsize, Ordering};
pub use text::Text;
use url::Url;

/// One feed item as written, before normalizing.
#[derive(Debug, Default)]
pub struct Item<'a> {
    pub title: Option<Text<'a>>,
    pub link: Option<Cow<'a, str>>,
    /// `guid` (RSS), `id` (Atom) or `rdf:about` (RSS 1.0).
    pub id: Option<Cow<'a, str>>,
    pub published: Option<Cow<'a, str>>,
    pub updated: Option<Cow<'a, str>>,
    /// `description` (RSS) or `summary` (Atom).
    pub summary: Option<Text<'a>>,
    /// `content:encoded` (RSS) or `content` (Atom): the full text when a feed has both.
    pub content: Option<Text<'a>>,
    pub categories: Vec<Text<'a>>,
    pub author: Option<Text<'a>>,
    pub company: Option<Text<'a>>,
    pub location: Option<Text<'a>>,
    pub job_type: Option<Text<'a>>,
    pub salary: Option<Text<'a>>,
    /// The `xml:base` values around the item and on it, outermost first.
    pub bases: Vec<String>,
    /// The link element's own `xml:base`.
    link_base: Option<String>,
    /// Whether the link is an Atom `rel="alternate"` one (or RSS's only link).
    alternate: bool,
}

impl<'a> Item<'a> {
    /// Keeps the first value of each field, except ids (a `guid` over `rdf:about`).
    fn set(&mut self, field: Field, text: Text<'a>) {
        let slot = match field {
            Field::Title => &mut self.title,
            Field::Summary => &mut self.summary,
            Field::Content => &mut self.content,
            Field::Author => &mut self.author,
            Field::Company => &mut self.company,
            Field::Location => &mut self.location,
            Field::JobType => &mut self.job_type,
            Field::Salary => &mut self.salary,
            _ => return self.set_other(field, text),
        };
        slot.get_or_insert(text);
    }

    /// `set` for the fields that are not text shown as it is: categories, ids, links, dates.
    fn set_other(&mut self, field: Field, text: Text<'a>) {
        match field {
            Field::Category => self.categories.push(text),
            Field::Id => self.id = Some(text.raw_text()),
            Field::Link if self.link.is_none() => {
                self.link = Some(text.raw_text());
                self.alternate = true;
            }
            Field::Published if self.published.is_none() => self.published = Some(text.raw_text()),
            Field::Updated if self.updated.is_none() => self.updated = Some(text.raw_text()),
            _ => {}
        }
    }

    /// This item's core fields, and a module's where the core has none.
    fn or(self, modules: Item<'a>) -> Item<'a> {
        let categories = if self.categories.is_empty() {
            modules.categories
        } else {
            self.categories
        };
        let (link, link_base) = match self.link {
            Some(l) => (Some(l), self.link_base),
            None => (modules.link, modules.link_base),
        };
        Item {
            title: self.title.or(modules.title),
            link,
            id: self.id.or(modules.id),
            published: self.published.or(modules.published),
            updated: self.updated.or(modules.updated),
            summary: self.summary.or(modules.summary),
            content: self.content.or(modules.content),
            categories,
            author: self.author.or(modules.author),
            company: self.company.or(modules.company),
            location: self.location.or(modules.location),
            job_type: self.job_type.or(modules.job_type),
            salary: self.salary.or(modules.salary),
            bases: self.bases,
            link_base,
            alternate: self.alternate,
        }
    }
}

/// A feed body's postings, batch by batch (`Adapter::parse_batches`); `adjust` applies what
/// a site writes its own way. Items with neither a title nor a link are no postings: they
/// are left out, and one warning counts them.
pub fn parse_batches(
    body: &[u8],
    ctx: &ParseCtx,
    adjust: impl Fn(&mut Posting) + Sync,
    emit: &mut dyn FnMut(Vec<Posting>),
) -> Result<(), AdapterError> {
    let xml = charset::decode(body)?;
    let base = url_arg::body_url(ctx);
    let skipped = AtomicUsize::new(0);
    let map = |item: &Item| {
        let p = posting(item, ctx, base.as_ref());
        match p {
            Some(mut p) => {
                adjust(&mut p);
                Some(p)
            }
            None => {
                skipped.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    };
    let read = read(&xml, map, &mut |batch: Vec<Option<Posting>>| {
        let batch: Vec<Posting> = batch.into_iter().flatten().collect();
        if !batch.is_empty() {
            emit(batch);
        }
    });
    let skipped = skipped.into_inner();
    if skipped > 0 {
        tracing::warn!(
            "{}: {skipped} feed item{} with neither a title nor a link left out",
            ctx.source,
            if skipped == 1 { "" } else { "s" }
        );
    }
    read
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
    let mut scan = scan::Scan::new(xml);
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

/// Maps an item to a posting with every field a generic job feed can carry; `None` for an
/// item with neither a title nor a link. The company is a job feed's `company` element or
/// else the item's author, as job boards publish their feeds (the poster of a job item is
/// the hiring company).
pub fn posting(item: &Item, ctx: &ParseCtx, base: Option<&Url>) -> Option<Posting> {
    let title = item.title.as_ref().map(Text::line).unwrap_or_default();
    let link = item
        .link
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty());
    // An RSS guid is the item's permalink unless it says otherwise.
    let permalink = item.id.as_deref().filter(|id| id.starts_with("http"));
    let url = link
        .or(permalink)
        .map(|l| resolve_in(item, base, l, link.is_some()));
    if title.is_empty() && url.is_none() {
        return None;
    }
    let source_id = item
        .id
        .as_deref()
        .or(link)
        .filter(|s| !s.is_empty())
        .unwrap_or(&title);
    let mut p = ctx.posting(source_id);
    p.title = title;
    p.url = url.unwrap_or_default();
    p.company = item
        .company
        .as_ref()
        .map(Text::line)
        .or_else(|| item.author.as_ref().map(Text::line).and_then(author_name))
        .filter(|c| !c.is_empty());
    read_kinds(&mut p, item);
    if let Some(s) = item
        .salary
        .as_ref()
        .map(Text::line)
        .filter(|s| !s.is_empty())
    {
        p.salary = salary::parse_salary_text(&s);
    }
    p.posted_at = item
        .published
        .as_deref()
        .or(item.updated.as_deref())
        .and_then(|d| parse_date(d, ctx.fetched_at));
    p.description = item
        .content
        .as_ref()
        .map(Text::block)
        .filter(|t| !t.is_empty())
        .or_else(|| item.summary.as_ref().map(Text::block))
        .unwrap_or_default();
    Some(p)
}

/// `href` resolved against the `xml:base` in effect (the link element's own when `own`),
/// and those against the feed's URL.
fn resolve_in(item: &Item, base: Option<&Url>, href: &str, own: bool) -> String {
    let own_base = item.link_base.iter().filter(|_| own);
    let mut bases = item.bases.iter().chain(own_base).peekable();
    if bases.peek().is_none() {
        return resolve(base, href);
    }
    let base = bases.fold(base.cloned(), |outer, b| {
        let b = b.trim();
        outer
            .as_ref()
            .map_or_else(|| Url::parse(b), |o| o.join(b))
            .ok()
            .or(outer)
    });
    resolve(base.as_ref(), href)
}

/// Place, employment type and workplace from the elements job feeds carry.
fn read_kinds(p: &mut Posting, item: &Item) {
    if let Some(loc) = &item.location {
        normalize::set_location(p, &loc.line());
    }
    if let Some(t) = &item.job_type {
        for t in employment::employment_types(&t.line()) {
            p.add_employment_type(t);
        }
    }
    for c in item.categories.iter().map(Text::line) {
        for t in employment::employment_types(&c) {
            p.add_employment_type(t);
        }
        // "Office" or "In-store" as a category names a kind of job, not where it is done.
        if let w @ (Workplace::Remote | Workplace::Hybrid) = employment::workplace(&c) {
            p.workplace = w;
        }
    }
}

/// The name in an author field: RSS writes `jobs@acme.example (Acme)`, Atom and Dublin Core
/// write the name; a bare e-mail address names no one.
fn author_name(author: String) -> Option<String> {
    if let (Some(open), Some(close)) = (author.find('('), author.rfind(')')) {
        if open < close {
            return Some(author[open + 1..close].trim().to_string());
        }
    }
    let bare_email = author.contains('@') && !author.trim().contains(' ');
    (!bare_email).then_some(author)
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn a_bare_ampersand_is_text_not_an_error() {
        let doc = "<rss><channel><title>AT&T jobs</title><item><title>AT&T support</title>\
                   <description><![CDATA[<p>a</description> b</p>]]> &amp; c</description>\
                   </item></channel></rss>";
        let mut items = Vec::new();
        let found = |i: &Item| {
            (
                i.title.as_ref().map(Text::line),
                i.summary.as_ref().map(|b| b.with_text(str::to_string)),
            )
        };
        read(doc, found, &mut |batch| items.extend(batch)).unwrap();
        assert_eq!(
            items,
            [(
                Some("AT&T support".to_string()),
                Some("<p>a</description> b</p> & c".to_string())
            )]
        );
    }

    #[test]
    fn authors() {
        let name = |a: &str| author_name(a.to_string());
        assert_eq!(name("jobs@acme.test (Acme Co)").as_deref(), Some("Acme Co"));
        assert_eq!(name("jobs@acme.test"), None);
        assert_eq!(name("Acme Co").as_deref(), Some("Acme Co"));
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
            (
                i.link.as_ref().map(|l| l.to_string()),
                i.categories.iter().map(Text::line).collect::<Vec<_>>(),
                i.author.as_ref().map(Text::line),
            )
        };
        read(doc, found, &mut |batch| items.extend(batch)).unwrap();
        let (link, categories, author) = &items[0];
        assert_eq!(link.as_deref(), Some("https://x.test/a"));
        assert_eq!(categories, &["Part-time"]);
        assert_eq!(author.as_deref(), Some("Acme"));
    }
}
