//! `list:FILE`: any list page of jobs, described by a TOML file the user writes (no Rust):
//! the page's URL template, a CSS selector for each posting on it and, within a posting, a
//! selector (and optionally an attribute) for each field. Pages follow a "next" link or a
//! page number in the URL. The format is documented in the README ("Your own list pages")
//! and by the worked examples in `examples/`.
//!
//! A definition that no longer fits its page says so: a page where `item` matches nothing
//! is an error naming the selector and the page, and a field that matches in none of a
//! page's items is a warning naming the field and its selector.

use super::{url_arg, Adapter, AdapterError, Page, ParseCtx, Request, Search};
use crate::fetch::Rate;
use crate::normalize::{self, date, employment, salary, text};
use crate::posting::Posting;
use scraper::{ElementRef, Html, Selector};
use serde::Deserialize;
use url::Url;

pub struct List;

/// The file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    name: Option<String>,
    url: String,
    item: String,
    #[serde(default)]
    next: Option<String>,
    #[serde(default = "first_page")]
    first_page: u32,
    #[serde(default = "max_pages")]
    max_pages: u32,
    #[serde(default)]
    date_format: Option<String>,
    #[serde(default)]
    rate: Option<Rate>,
    #[serde(default)]
    terms: Option<String>,
    fields: Fields,
}

fn first_page() -> u32 {
    1
}

fn max_pages() -> u32 {
    5
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fields {
    title: FieldSpec,
    #[serde(default)]
    link: Option<FieldSpec>,
    #[serde(default)]
    id: Option<FieldSpec>,
    #[serde(default)]
    company: Option<FieldSpec>,
    #[serde(default)]
    location: Option<FieldSpec>,
    #[serde(default)]
    date: Option<FieldSpec>,
    #[serde(default)]
    pay: Option<FieldSpec>,
    #[serde(default)]
    employment_type: Option<FieldSpec>,
    #[serde(default)]
    description: Option<FieldSpec>,
}

/// `"css"` (the element's text; for `link`, its href) or `{ selector = "css", attr = "name" }`
/// (no selector: the item element itself).
#[derive(Deserialize)]
#[serde(untagged)]
enum FieldSpec {
    Css(String),
    Pick {
        #[serde(default)]
        selector: Option<String>,
        #[serde(default)]
        attr: Option<String>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Title,
    Link,
    Id,
    Company,
    Location,
    Date,
    Pay,
    EmploymentType,
    Description,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Title => "title",
            Kind::Link => "link",
            Kind::Id => "id",
            Kind::Company => "company",
            Kind::Location => "location",
            Kind::Date => "date",
            Kind::Pay => "pay",
            Kind::EmploymentType => "employment_type",
            Kind::Description => "description",
        }
    }
}

struct Field {
    kind: Kind,
    /// As written, for messages.
    css: Option<String>,
    selector: Option<Selector>,
    attr: Option<String>,
}

/// Where `{page}` sits in the URL, so the page number can be read back from a page's URL
/// and the next page's URL built from it (also on an `--endpoint` server).
#[derive(Debug, PartialEq)]
enum Slot {
    Query {
        key: String,
        prefix: String,
        suffix: String,
    },
    /// Counted from the end of the path, so a mirror's path prefix does not shift it.
    Path {
        from_end: usize,
        prefix: String,
        suffix: String,
    },
}

/// A definition, checked and compiled.
struct Def {
    name: String,
    template: String,
    item_css: String,
    item: Selector,
    next: Option<(String, Selector)>,
    slot: Option<Slot>,
    first_page: u32,
    max_pages: u32,
    date_format: Option<String>,
    rate: Option<Rate>,
    terms: Option<String>,
    fields: Vec<Field>,
}

const PAGE_MARK: &str = "7319042";

fn load(path: &str) -> Result<Def, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let file: File = toml::from_str(&text)
        .map_err(|e| format!("{path}: {}", e.to_string().trim().replace('\n', " ")))?;
    let selector = |what: &str, css: &str| {
        Selector::parse(css)
            .map_err(|e| format!("{path}: {what} {css:?} is not a valid CSS selector: {e}"))
    };
    let f = file.fields;
    let mut fields = Vec::new();
    for (kind, spec) in [
        (Kind::Title, Some(f.title)),
        (Kind::Link, f.link),
        (Kind::Id, f.id),
        (Kind::Company, f.company),
        (Kind::Location, f.location),
        (Kind::Date, f.date),
        (Kind::Pay, f.pay),
        (Kind::EmploymentType, f.employment_type),
        (Kind::Description, f.description),
    ] {
        let (css, attr) = match spec {
            None => continue,
            Some(FieldSpec::Css(css)) => (Some(css), None),
            Some(FieldSpec::Pick { selector, attr }) => (selector, attr),
        };
        let attr = attr.or_else(|| (kind == Kind::Link).then(|| "href".to_string()));
        let selector = match &css {
            Some(css) => Some(selector(&format!("fields.{}", kind.name()), css)?),
            None => None,
        };
        fields.push(Field {
            kind,
            css,
            selector,
            attr,
        });
    }
    let probe = render(&file.url, "", "", PAGE_MARK);
    let probe = url_arg::parse_url("list", "DEFINITION", &probe).map_err(|_| {
        format!(
            "{path}: url {:?} is not an absolute http or https URL",
            file.url
        )
    })?;
    let slot = if file.url.contains("{page}") {
        Some(find_slot(&probe).ok_or_else(|| {
            format!("{path}: {{page}} must be a query value or in a path segment of the url")
        })?)
    } else {
        None
    };
    Ok(Def {
        name: file.name.unwrap_or_else(|| "list".to_string()),
        item: selector("item", &file.item)?,
        item_css: file.item,
        next: match file.next {
            Some(css) => Some((css.clone(), selector("next", &css)?)),
            None => None,
        },
        template: file.url,
        slot,
        first_page: file.first_page,
        max_pages: file.max_pages.max(1),
        date_format: file.date_format,
        rate: file.rate,
        terms: file.terms,
        fields,
    })
}

/// The URL template with its placeholders filled, values percent-encoded.
fn render(template: &str, query: &str, location: &str, page: &str) -> String {
    template
        .replace("{query}", &encode(query))
        .replace("{location}", &encode(location))
        .replace("{page}", page)
}

fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn find_slot(probe: &Url) -> Option<Slot> {
    let split = |s: &str| {
        s.split_once(PAGE_MARK)
            .map(|(a, b)| (a.to_string(), b.to_string()))
    };
    if let Some((key, (prefix, suffix))) = probe
        .query_pairs()
        .find_map(|(k, v)| split(&v).map(|ps| (k.into_owned(), ps)))
    {
        return Some(Slot::Query {
            key,
            prefix,
            suffix,
        });
    }
    let segments: Vec<&str> = probe.path_segments()?.collect();
    let (at, (prefix, suffix)) = segments
        .iter()
        .enumerate()
        .find_map(|(i, s)| split(s).map(|ps| (i, ps)))?;
    Some(Slot::Path {
        from_end: segments.len() - 1 - at,
        prefix,
        suffix,
    })
}

impl Slot {
    fn page_of(&self, url: &Url) -> Option<u32> {
        let value = match self {
            Slot::Query { key, .. } => url
                .query_pairs()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.into_owned())?,
            Slot::Path { from_end, .. } => url.path_segments()?.rev().nth(*from_end)?.to_string(),
        };
        let (prefix, suffix) = match self {
            Slot::Query { prefix, suffix, .. } | Slot::Path { prefix, suffix, .. } => {
                (prefix, suffix)
            }
        };
        value
            .strip_prefix(prefix.as_str())?
            .strip_suffix(suffix.as_str())?
            .parse()
            .ok()
    }

    fn with_page(&self, url: &Url, page: u32) -> Option<Url> {
        match self {
            Slot::Query {
                key,
                prefix,
                suffix,
            } => {
                // Only that parameter changes: the others keep their bytes as the site wrote
                // them (re-encoding the query would turn %20 into +).
                let value = encode(&format!("{prefix}{page}{suffix}"));
                let mut found = false;
                let pairs: Vec<String> = url
                    .query()?
                    .split('&')
                    .map(|pair| {
                        let raw_key = pair.split('=').next().unwrap_or("");
                        let this = url::form_urlencoded::parse(raw_key.as_bytes())
                            .next()
                            .is_some_and(|(k, _)| k == key.as_str());
                        if this && !found {
                            found = true;
                            format!("{raw_key}={value}")
                        } else {
                            pair.to_string()
                        }
                    })
                    .collect();
                let mut next = url.clone();
                next.set_query(Some(&pairs.join("&")));
                found.then_some(next)
            }
            Slot::Path {
                from_end,
                prefix,
                suffix,
            } => {
                let mut segments: Vec<String> = url.path_segments()?.map(str::to_string).collect();
                let at = segments.len().checked_sub(from_end + 1)?;
                segments[at] = format!("{prefix}{page}{suffix}");
                let mut next = url.clone();
                next.path_segments_mut().ok()?.clear().extend(&segments);
                Some(next)
            }
        }
    }
}

fn definition_path<'a>(ctx: &ParseCtx<'a>) -> Result<&'a str, AdapterError> {
    ctx.arg.ok_or_else(|| AdapterError::MissingArg {
        source_name: ctx.source.to_string(),
        what: "DEFINITION".into(),
    })
}

impl Adapter for List {
    fn request(&self, search: &Search) -> Result<Request, AdapterError> {
        let path = search.required_arg("DEFINITION")?;
        let def = load(path).map_err(|e| AdapterError::MissingArg {
            source_name: search.source.to_string(),
            what: format!("DEFINITION ({e})"),
        })?;
        if let Some(terms) = &def.terms {
            tracing::info!("{}: the site's terms: {terms}", def.name);
        }
        let first = render(
            &def.template,
            search.query.unwrap_or(""),
            search.location.unwrap_or(""),
            &def.first_page.to_string(),
        );
        let url = url_arg::parse_url(search.source, "DEFINITION", &first)?;
        Ok(Request {
            rate: def.rate,
            ..url_arg::retarget(search, &url).into()
        })
    }

    fn parse(&self, body: &[u8], ctx: &ParseCtx) -> Result<Page, AdapterError> {
        let def = load(definition_path(ctx)?).map_err(AdapterError::Format)?;
        let fetched_from = url_arg::body_url(ctx);
        // In `jobtap parse` nothing was fetched: links resolve against the first page's URL.
        let base = fetched_from.clone().or_else(|| {
            Url::parse(&render(&def.template, "", "", &def.first_page.to_string())).ok()
        });
        let shown = fetched_from
            .as_ref()
            .map_or_else(|| "the page".to_string(), Url::to_string);
        let html = text::decode_page(body);
        let doc = super::html::document(&html)?;
        let page_no = match (&def.slot, &fetched_from) {
            (Some(slot), Some(u)) => slot.page_of(u),
            _ => None,
        };
        let items: Vec<ElementRef> = doc.select(&def.item).collect();
        if items.is_empty() {
            // Counting pages past the last one is how page-number pagination ends.
            if def.next.is_none() && page_no.is_some_and(|n| n > def.first_page) {
                return Ok(Page::default());
            }
            return Err(AdapterError::Format(format!(
                "{}: `item` selector {:?} matched nothing on {shown}",
                def.name, def.item_css
            )));
        }
        let mut found = vec![false; def.fields.len()];
        let mut postings = Vec::new();
        for item in &items {
            let values: Vec<Option<String>> = def.fields.iter().map(|f| value(item, f)).collect();
            for (seen, v) in found.iter_mut().zip(&values) {
                *seen |= v.is_some();
            }
            if let Some(p) = posting(&def, &values, ctx, base.as_ref()) {
                postings.push(p);
            }
        }
        for (f, seen) in def.fields.iter().zip(found) {
            if !seen {
                let how = match (&f.css, &f.attr) {
                    (Some(css), Some(a)) => format!("selector {css:?}, attribute {a:?}"),
                    (Some(css), None) => format!("selector {css:?}"),
                    (None, Some(a)) => format!("attribute {a:?} of the item"),
                    (None, None) => "the item's text".to_string(),
                };
                let n = items.len();
                tracing::warn!(
                    "{}: field `{}` ({how}) found nothing in the {n} item{} on {shown}",
                    def.name,
                    f.kind.name(),
                    if n == 1 { "" } else { "s" }
                );
            }
        }
        let next = next_page(&def, &doc, fetched_from.as_ref(), page_no);
        Ok(Page { postings, next })
    }
}

fn value(item: &ElementRef, f: &Field) -> Option<String> {
    let el = match &f.selector {
        Some(s) => item.select(s).next()?,
        None => *item,
    };
    // The parser has decoded entities already: only whitespace is tidied here.
    let v = match &f.attr {
        Some(a) => one_line(el.attr(a)?),
        None if f.kind == Kind::Description => text::html_to_text(&el.inner_html()),
        None => one_line(&text::html_to_text(&el.inner_html())),
    };
    (!v.is_empty()).then_some(v)
}

fn one_line(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn posting(
    def: &Def,
    values: &[Option<String>],
    ctx: &ParseCtx,
    base: Option<&Url>,
) -> Option<Posting> {
    let get = |k: Kind| {
        def.fields
            .iter()
            .zip(values)
            .find(|(f, _)| f.kind == k)
            .and_then(|(_, v)| v.as_deref())
    };
    // A row without a title (an ad, a header) is not a posting.
    let title = get(Kind::Title)?;
    let url = get(Kind::Link).map(|l| super::feed::resolve(base, l));
    let source_id = get(Kind::Id)
        .map(str::to_string)
        .or_else(|| url.clone())
        .unwrap_or_else(|| title.to_string());
    let mut p = Posting::new(&def.name, source_id, ctx.fetched_at);
    p.title = title.to_string();
    p.url = url.unwrap_or_default();
    p.company = get(Kind::Company).map(str::to_string);
    if let Some(loc) = get(Kind::Location) {
        normalize::set_location(&mut p, loc);
    }
    p.posted_at = get(Kind::Date).and_then(|d| match &def.date_format {
        Some(f) => date::parse_date_with(d, f, ctx.fetched_at),
        None => date::parse_date(d, ctx.fetched_at),
    });
    if let Some(pay) = get(Kind::Pay) {
        p.salary = salary::parse_salary_text(pay);
    }
    if let Some(t) = get(Kind::EmploymentType) {
        p.employment_type = employment::employment_types(t);
    }
    p.description = get(Kind::Description).unwrap_or("").to_string();
    Some(p)
}

fn next_page(def: &Def, doc: &Html, from: Option<&Url>, page_no: Option<u32>) -> Option<Url> {
    let from = from?;
    if let Some((_, next)) = &def.next {
        let href = doc.select(next).find_map(|a| a.value().attr("href"))?;
        let mut url = from.join(href.trim()).ok()?;
        // A link to the site's own host stays on the server the page came from (a mirror,
        // an --endpoint test server).
        let site = Url::parse(&render(&def.template, "", "", PAGE_MARK)).ok()?;
        if url.host_str() == site.host_str() && from.host_str() != site.host_str() {
            url.set_scheme(from.scheme()).ok()?;
            url.set_host(from.host_str()).ok()?;
            url.set_port(from.port()).ok()?;
        }
        return Some(url);
    }
    let slot = def.slot.as_ref()?;
    let page = page_no?;
    let fetched = page.checked_sub(def.first_page)? + 1;
    (fetched < def.max_pages).then(|| slot.with_page(from, page + 1))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_slots_read_and_write_page_numbers() {
        let probe = |t: &str| find_slot(&Url::parse(&render(t, "", "", PAGE_MARK)).unwrap());
        let q = probe("https://x.test/jobs?q={query}&pg=p{page}").unwrap();
        let u = Url::parse("http://127.0.0.1:9/jobs?q=help&pg=p3").unwrap();
        assert_eq!(q.page_of(&u), Some(3));
        assert_eq!(
            q.with_page(&u, 4).unwrap().as_str(),
            "http://127.0.0.1:9/jobs?q=help&pg=p4"
        );
        let p = probe("https://x.test/jobs/page-{page}.html?q={query}").unwrap();
        let u = Url::parse("http://127.0.0.1:9/mirror/jobs/page-2.html?q=a").unwrap();
        assert_eq!(p.page_of(&u), Some(2));
        assert_eq!(
            p.with_page(&u, 3).unwrap().as_str(),
            "http://127.0.0.1:9/mirror/jobs/page-3.html?q=a"
        );
        assert_eq!(probe("https://x.test/jobs#{page}"), None);
    }

    #[test]
    fn values_are_percent_encoded() {
        assert_eq!(
            render(
                "https://x.test/s?q={query}&l={location}&p={page}",
                "chat & email",
                "Eau Claire, WI",
                "1"
            ),
            "https://x.test/s?q=chat%20%26%20email&l=Eau%20Claire%2C%20WI&p=1"
        );
    }
}
