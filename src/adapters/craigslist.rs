//! Craigslist: one host, `GET /search/area/{area}?cat={cat}&query={q}` (or
//! `/search/subarea/{code}`), read from the list the page serves for browsers without
//! JavaScript, `ol.cl-static-search-results`. That list carries title, link and place only,
//! holds the first few hundred results and has no further pages (`?s=` and `?page=` serve the
//! same list), so `next` only moves on to the next area named in the argument. Dates, pay and
//! descriptions are on each posting's own page, read by `parse_detail` (`--details`).

mod areas;

use super::{html, Adapter, AdapterError, Detail, Page, ParseCtx, Request, Search};
use crate::normalize::{
    self,
    date::{parse_date, parse_deadline},
    employment, salary, text,
};
use crate::posting::Posting;
use areas::{Area, Kind};
use scraper::{ElementRef, Html, Node, Selector};
use serde_json::Value;
use std::sync::LazyLock;
use url::Url;

pub struct Craigslist;

const ARGUMENT: &str = "AREA[,AREA...][/CATEGORY]";
/// All jobs.
const DEFAULT_CATEGORY: &str = "jjj";
/// Gig categories: their list price is what the gig pays (job lists show a `$0` placeholder).
const GIG_CATEGORIES: [&str; 9] = [
    "ggg", "cpg", "crg", "cwg", "dmg", "evg", "lbg", "tlg", "wrg",
];
/// What a removed posting's page says instead of the posting (lower case).
const GONE: [&str; 4] = [
    "deleted by its author",
    "posting has expired",
    "flagged for removal",
    "posting has been removed",
];

impl Adapter for Craigslist {
    fn request(&self, search: &Search) -> Result<Request, AdapterError> {
        let arg =
            parse_arg(search.required_arg(ARGUMENT)?).ok_or_else(|| AdapterError::MissingArg {
                source_name: search.source.to_string(),
                what: ARGUMENT.to_string(),
            })?;
        let mut url = search.url(&search_path(&arg.areas[0]));
        {
            let mut q = url.query_pairs_mut();
            let category = arg
                .category
                .as_deref()
                .or(search.setting_str("category"))
                .unwrap_or(DEFAULT_CATEGORY);
            q.append_pair("cat", category);
            if let Some(query) = search.query.map(str::trim).filter(|s| !s.is_empty()) {
                q.append_pair("query", query);
            }
            // A distance only means something around a postal code.
            if let Some(postal) = setting_values(search, "postal").first() {
                q.append_pair("postal", postal);
                if let Some(d) = setting_values(search, "search_distance").first() {
                    q.append_pair("search_distance", d);
                }
            }
            for t in setting_values(search, "employment_type") {
                q.append_pair("employment_type", &t);
            }
        }
        Ok(url.into())
    }

    fn parse(&self, body: &[u8], ctx: &ParseCtx) -> Result<Page, AdapterError> {
        let doc = html::document(&text::decode_page(body))?;
        if doc.select(&S.results).next().is_some() {
            return Ok(parse_search(&doc, ctx));
        }
        if is_gone(&doc) {
            return Ok(Page::default());
        }
        if doc.select(&S.body).next().is_some() {
            return Ok(Page {
                postings: vec![parse_posting_page(&doc, ctx)?],
                next: None,
            });
        }
        Err(blocked(ctx))
    }

    fn searches_query(&self) -> bool {
        true
    }

    fn detail_url(&self, posting: &Posting, _list: &ParseCtx) -> Option<Url> {
        Url::parse(&posting.url).ok()
    }

    fn parse_detail(
        &self,
        body: &[u8],
        posting: &mut Posting,
        ctx: &ParseCtx,
    ) -> Result<Detail, AdapterError> {
        let doc = html::document(&text::decode_page(body))?;
        if is_gone(&doc) {
            return Ok(Detail::Gone);
        }
        if doc.select(&S.body).next().is_none() {
            return Err(blocked(ctx));
        }
        read_posting(&doc, posting, ctx);
        Ok(Detail::Updated)
    }
}

/// A 200 page that is neither a search nor a posting: Craigslist's block page.
fn blocked(ctx: &ParseCtx) -> AdapterError {
    AdapterError::Format(format!(
        "blocked by craigslist (slow down: try --rate {}=1/30s)",
        ctx.source
    ))
}

struct Selectors {
    results: Selector,
    result: Selector,
    link: Selector,
    result_title: Selector,
    result_location: Selector,
    result_price: Selector,
    body: Selector,
    title: Selector,
    title_place: Selector,
    info: Selector,
    time: Selector,
    display_time: Selector,
    attr: Selector,
    label: Selector,
    value: Selector,
    attr_span: Selector,
    notices: Selector,
    canonical: Selector,
    og_url: Selector,
    ld_posting: Selector,
    ld_breadcrumb: Selector,
}

static S: LazyLock<Selectors> = LazyLock::new(|| {
    let s = |css: &str| Selector::parse(css).expect("a valid selector");
    Selectors {
        results: s("ol.cl-static-search-results"),
        result: s("ol.cl-static-search-results > li.cl-static-search-result"),
        link: s("a[href]"),
        result_title: s(".title"),
        result_location: s(".details .location"),
        result_price: s(".details .price"),
        body: s("#postingbody"),
        title: s("#titletextonly"),
        title_place: s(".postingtitletext > span:not([id]):not([class])"),
        info: s(".postinginfos .postinginfo"),
        time: s("time[datetime]"),
        display_time: s("#display-date time[datetime]"),
        attr: s(".attrgroup .attr"),
        label: s(".labl"),
        value: s(".valu"),
        attr_span: s(".attrgroup > span"),
        notices: s(".removed, h2"),
        canonical: s("link[rel=canonical][href]"),
        og_url: s("meta[property='og:url'][content]"),
        ld_posting: s("script#ld_posting_data"),
        ld_breadcrumb: s("script#ld_breadcrumb_data"),
    }
});

/// The argument: areas in order, without repeats, and the category if one was given.
#[derive(Debug, PartialEq)]
struct Arg {
    areas: Vec<String>,
    category: Option<String>,
}

/// `sfbay`, `sfbay/csr`, `sfbay,seattle/ggg`; None when a name is empty or not a plain code.
fn parse_arg(arg: &str) -> Option<Arg> {
    let (areas, category) = match arg.rsplit_once('/') {
        Some((a, c)) => (a, Some(c.trim().to_ascii_lowercase())),
        None => (arg, None),
    };
    let code = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric());
    if category.as_deref().is_some_and(|c| !code(c)) {
        return None;
    }
    let mut list = Vec::new();
    for a in areas.split(',') {
        let a = a.trim().to_ascii_lowercase();
        if !code(&a) {
            return None;
        }
        if !list.contains(&a) {
            list.push(a);
        }
    }
    Some(Arg {
        areas: list,
        category,
    })
}

/// `search/area/sfbay`, or `search/subarea/stn` for a subarea's code.
fn search_path(code: &str) -> String {
    let kind = areas::find(code, None).map_or(Kind::Area, |a| a.kind);
    format!("search/{}/{code}", kind.path())
}

/// Setting values as query text: a string, a number or a list of them.
fn setting_values(search: &Search, key: &str) -> Vec<String> {
    let scalar = |v: &toml::Value| match v {
        toml::Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        toml::Value::Integer(n) => Some(n.to_string()),
        _ => None,
    };
    match search.settings.get(key) {
        Some(toml::Value::Array(items)) => items.iter().filter_map(scalar).collect(),
        Some(v) => scalar(v).into_iter().collect(),
        None => Vec::new(),
    }
}

/// The area or subarea code a Craigslist URL names in its path (`/search/area/X`,
/// `/area/X`, `/search/subarea/X`), with its kind.
fn code_in_path(url: &Url) -> Option<(Kind, String)> {
    let segments: Vec<&str> = url.path_segments()?.collect();
    segments.windows(2).find_map(|w| {
        let kind = match w[0] {
            "area" => Kind::Area,
            "subarea" => Kind::Subarea,
            _ => return None,
        };
        (!w[1].is_empty()).then(|| (kind, w[1].to_ascii_lowercase()))
    })
}

/// The known area a URL belongs to: named in its path, or the older `X.craigslist.org` host.
fn area_of_url(url: &Url) -> Option<Area> {
    if let Some((kind, code)) = code_in_path(url) {
        return areas::find(&code, Some(kind));
    }
    let host = url.host_str()?.strip_suffix(".craigslist.org")?;
    areas::find(host, Some(Kind::Area))
}

/// The search of the area after the one `ctx.url` searched, in the argument's order.
fn next_area(ctx: &ParseCtx) -> Option<Url> {
    let arg = parse_arg(ctx.arg?)?;
    let (_, current) = code_in_path(ctx.url)?;
    let i = arg.areas.iter().position(|a| *a == current)?;
    let next = arg.areas.get(i + 1)?;
    let path = ctx.url.path();
    // Keep whatever prefix a mirror's base path put before `/search/`.
    let prefix = &path[..path.rfind("/search/")?];
    let mut url = ctx.url.clone();
    url.set_path(&format!("{prefix}/{}", search_path(next)));
    Some(url)
}

/// The area a page belongs to: the URL it came from, its canonical URL, its breadcrumbs (the
/// most specific one), or the one area the argument names.
fn page_area(doc: &Html, ctx: &ParseCtx) -> Option<Area> {
    area_of_url(ctx.url)
        .or_else(|| canonical(doc, ctx).as_ref().and_then(area_of_url))
        .or_else(|| {
            let crumbs = json_ld(doc, &S.ld_breadcrumb)?;
            let items = crumbs.get("itemListElement")?.as_array()?;
            items
                .iter()
                .rev()
                .filter_map(|i| i.get("item")?.as_str())
                .filter_map(|u| Url::parse(u).ok())
                .find_map(|u| area_of_url(&u))
        })
        .or_else(|| {
            let arg = parse_arg(ctx.arg?)?;
            match arg.areas.as_slice() {
                [only] => areas::find(only, None),
                _ => None,
            }
        })
}

/// The category searched: the URL's `cat`, else the argument's.
fn category(ctx: &ParseCtx) -> Option<String> {
    ctx.url
        .query_pairs()
        .find(|(k, _)| k == "cat")
        .map(|(_, v)| v.to_ascii_lowercase())
        .or_else(|| parse_arg(ctx.arg?)?.category)
}

fn parse_search(doc: &Html, ctx: &ParseCtx) -> Page {
    let area = page_area(doc, ctx);
    let gig = category(ctx).is_some_and(|c| GIG_CATEGORIES.contains(&c.as_str()));
    let postings = doc
        .select(&S.result)
        .filter_map(|li| read_result(li, ctx, area.as_ref(), gig))
        .collect();
    Page {
        postings,
        next: next_area(ctx),
    }
}

fn read_result(li: ElementRef, ctx: &ParseCtx, area: Option<&Area>, gig: bool) -> Option<Posting> {
    let href = li.select(&S.link).next()?.attr("href")?;
    let url = ctx.url.join(href.trim()).ok()?;
    let mut p = ctx.posting(token(&url)?);
    p.url = url.to_string();
    p.title = li
        .attr("title")
        .map(squash)
        .filter(|t| !t.is_empty())
        .or_else(|| first_text(li, &S.result_title))
        .unwrap_or_default();
    set_place(&mut p, first_text(li, &S.result_location).as_deref(), area);
    if gig {
        p.salary.text = first_text(li, &S.result_price).filter(|price| !is_zero_price(price));
    }
    Some(p)
}

/// A posting's token: the last segment of `/view/d/{slug}/{token}`, or the number in the
/// older `/{cat}/d/{slug}/{number}.html`.
fn token(url: &Url) -> Option<String> {
    let last = url.path_segments()?.rfind(|s| !s.is_empty())?;
    let id = last.strip_suffix(".html").unwrap_or(last);
    (!id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric())).then(|| id.to_string())
}

/// The location text when the page gives one, else the area's place; the area fills in the
/// region and country a bare place name lacks.
fn set_place(p: &mut Posting, place: Option<&str>, area: Option<&Area>) {
    match (place, area) {
        (Some(text), _) => normalize::set_location(p, text),
        (None, Some(a)) => {
            p.location = Some(a.display());
            p.city = Some(a.name.to_string());
        }
        (None, None) => {}
    }
    if let Some(a) = area {
        fill_region(p, a.region, a.country);
    }
}

/// Sets a missing country, and a missing region when it belongs to the posting's country.
fn fill_region(p: &mut Posting, region: Option<&str>, country: Option<&str>) {
    let country = country
        .filter(|c| c.len() == 2)
        .map(str::to_ascii_uppercase);
    if p.country.is_none() {
        p.country = country.clone();
    }
    if p.region.is_none() && country.is_some() && p.country == country {
        p.region = region.filter(|r| !r.is_empty()).map(str::to_string);
    }
}

/// `$0`, Craigslist's price on every job in a list: a placeholder, not pay.
fn is_zero_price(price: &str) -> bool {
    let mut digits = price.chars().filter(char::is_ascii_digit).peekable();
    digits.peek().is_some() && digits.all(|c| c == '0')
}

fn is_gone(doc: &Html) -> bool {
    doc.select(&S.notices).any(|e| {
        let t = inline_text(e).to_lowercase();
        GONE.iter().any(|g| t.contains(g))
    })
}

/// A posting page read on its own (`jobtap parse` on a saved posting).
fn parse_posting_page(doc: &Html, ctx: &ParseCtx) -> Result<Posting, AdapterError> {
    let url = canonical(doc, ctx);
    let id = url
        .as_ref()
        .and_then(token)
        .or_else(|| post_id(doc))
        .ok_or_else(|| {
            AdapterError::Format("a posting page without a canonical URL or post id".into())
        })?;
    let mut p = ctx.posting(id);
    p.url = url.map(String::from).unwrap_or_default();
    read_posting(doc, &mut p, ctx);
    if p.location.is_none() {
        set_place(&mut p, None, page_area(doc, ctx).as_ref());
    } else if let Some(a) = page_area(doc, ctx) {
        fill_region(&mut p, a.region, a.country);
    }
    Ok(p)
}

fn canonical(doc: &Html, ctx: &ParseCtx) -> Option<Url> {
    doc.select(&S.canonical)
        .filter_map(|l| l.attr("href"))
        .chain(doc.select(&S.og_url).filter_map(|m| m.attr("content")))
        .find_map(|u| ctx.url.join(u.trim()).ok())
}

/// "post id: 7936415355" in the posting's footer.
fn post_id(doc: &Html) -> Option<String> {
    doc.select(&S.info).find_map(|info| {
        let t = inline_text(info);
        let id = t.strip_prefix("post id:")?.trim();
        (!id.is_empty() && id.chars().all(|c| c.is_ascii_digit())).then(|| id.to_string())
    })
}

/// Fills a posting from its page: the HTML first, the page's JSON-LD for what the HTML lacks.
fn read_posting(doc: &Html, p: &mut Posting, ctx: &ParseCtx) {
    let ld = json_ld(doc, &S.ld_posting).unwrap_or(Value::Null);
    let ld_str = |key: &str| {
        ld.get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    if let Some(title) = first_text(doc.root_element(), &S.title)
        .or_else(|| ld_str("name").or(ld_str("title")).map(squash))
    {
        p.title = title;
    }
    if let Some(body) = doc.select(&S.body).next() {
        p.description = body_text(body);
    }
    if p.description.is_empty() {
        if let Some(d) = ld_str("description") {
            p.description = text::html_to_text(d);
        }
    }
    p.posted_at = posted(doc, ctx)
        .or_else(|| ld_str("datePosted").and_then(|d| parse_date(d, ctx.fetched_at)))
        .or(p.posted_at);
    p.valid_through = ld_str("validThrough")
        .and_then(|d| parse_deadline(d, ctx.fetched_at))
        .or(p.valid_through);

    read_pay_and_types(doc, &ld, p);
    if p.company.is_none() {
        p.company = match ld.get("hiringOrganization") {
            Some(Value::String(s)) => Some(s.as_str()),
            Some(org) => org.get("name").and_then(Value::as_str),
            None => None,
        }
        .map(squash)
        .filter(|c| !c.is_empty());
    }
    read_place(doc, &ld, p);
}

/// Pay and employment types from the attribute list, the JSON-LD's types when it has none.
fn read_pay_and_types(doc: &Html, ld: &Value, p: &mut Posting) {
    let mut typed = false;
    for (label, value) in attributes(doc) {
        match label.as_str() {
            "compensation" if !is_zero_price(&value) => {
                p.salary = salary::parse_salary_text(&value)
            }
            "employment type" => {
                typed = true;
                for t in employment::employment_types(&value) {
                    p.add_employment_type(t);
                }
            }
            _ => {}
        }
    }
    if !typed {
        let types = match ld.get("employmentType") {
            Some(Value::String(s)) => vec![s.as_str()],
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        for t in types.into_iter().flat_map(employment::employment_types) {
            p.add_employment_type(t);
        }
    }
}

/// The place from the title's parentheses, then the JSON-LD's postal address.
fn read_place(doc: &Html, ld: &Value, p: &mut Posting) {
    if p.location.is_none() {
        if let Some(place) = title_place(doc) {
            normalize::set_location(p, &place);
        }
    }
    if let Some(addr) = postal_address(ld) {
        let field = |k: &str| {
            addr.get(k)
                .and_then(Value::as_str)
                .map(squash)
                .filter(|s| !s.is_empty())
        };
        let (city, region, country) = (
            field("addressLocality"),
            field("addressRegion"),
            field("addressCountry"),
        );
        if p.location.is_none() {
            let parts: Vec<&str> = [&city, &region, &country]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect();
            p.location = (!parts.is_empty()).then(|| parts.join(", "));
        }
        if p.city.is_none() {
            p.city = city;
        }
        fill_region(p, region.as_deref(), country.as_deref());
    }
}

/// The place in parentheses after the title: `<span> (Wauwatosa)</span>`.
fn title_place(doc: &Html) -> Option<String> {
    doc.select(&S.title_place).find_map(|s| {
        let t = inline_text(s);
        let inner = t.strip_prefix('(')?.strip_suffix(')')?.trim();
        (!inner.is_empty()).then(|| inner.to_string())
    })
}

/// The posting body as text, without the QR-code block printed copies carry.
fn body_text(body: ElementRef) -> String {
    let mut html = String::new();
    for child in body.children() {
        match child.value() {
            Node::Text(t) => html.push_str(&html_escape::encode_text(&**t)),
            Node::Element(e) if e.classes().any(|c| c == "print-information") => {}
            Node::Element(_) => {
                if let Some(el) = ElementRef::wrap(child) {
                    html.push_str(&el.html());
                }
            }
            _ => {}
        }
    }
    text::html_to_text(&html)
}

/// When the posting was first posted ("posted:", not "updated:").
fn posted(doc: &Html, ctx: &ParseCtx) -> Option<chrono::DateTime<chrono::Utc>> {
    let labelled = doc.select(&S.info).find_map(|info| {
        if !inline_text(info).to_lowercase().starts_with("posted") {
            return None;
        }
        info.select(&S.time).next()?.attr("datetime")
    });
    labelled
        .or_else(|| doc.select(&S.display_time).next()?.attr("datetime"))
        .and_then(|d| parse_date(d, ctx.fetched_at))
}

/// The attribute groups as (label, value): `<span class="labl">compensation:</span>
/// <span class="valu">…</span>`, or the older `<span>compensation: <b>…</b></span>`.
fn attributes(doc: &Html) -> Vec<(String, String)> {
    let label = |s: &str| s.trim().trim_end_matches(':').trim().to_lowercase();
    let mut out: Vec<(String, String)> = doc
        .select(&S.attr)
        .filter_map(|a| {
            let l = first_text(a, &S.label)?;
            let v = first_text(a, &S.value)?;
            Some((label(&l), v))
        })
        .collect();
    out.extend(doc.select(&S.attr_span).filter_map(|span| {
        let t = inline_text(span);
        let (l, v) = t.split_once(':')?;
        let v = v.trim();
        (!v.is_empty()).then(|| (label(l), v.to_string()))
    }));
    out
}

fn json_ld(doc: &Html, sel: &Selector) -> Option<Value> {
    let script = doc.select(sel).next()?;
    serde_json::from_str(&script.text().collect::<String>()).ok()
}

/// The first PostalAddress anywhere in the JSON-LD (`jobLocation.address`, `address`,
/// `offers.availableAtOrFrom.address` depending on the kind of posting).
fn postal_address(v: &Value) -> Option<&serde_json::Map<String, Value>> {
    match v {
        Value::Object(m) if m.get("@type").and_then(Value::as_str) == Some("PostalAddress") => {
            Some(m)
        }
        Value::Object(m) => m.values().find_map(postal_address),
        Value::Array(items) => items.iter().find_map(postal_address),
        _ => None,
    }
}

fn first_text(el: ElementRef, sel: &Selector) -> Option<String> {
    el.select(sel)
        .next()
        .map(inline_text)
        .filter(|t| !t.is_empty())
}

/// An element's text on one line. The parser already decoded entities, so this must not
/// decode them again (as `text::clean_inline` would).
fn inline_text(el: ElementRef) -> String {
    squash(&el.text().collect::<String>())
}

fn squash(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::Secrets;
    use chrono::{TimeZone, Utc};

    fn ctx<'a>(url: &'a Url, arg: Option<&'a str>) -> ParseCtx<'a> {
        ParseCtx {
            source: "craigslist",
            arg,
            url,
            fetched_at: Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap(),
        }
    }

    fn request(arg: &str, query: Option<&str>, settings: &str) -> Result<String, AdapterError> {
        let base = Url::parse("https://mirror.test/cl/").unwrap();
        let settings: toml::Table = toml::from_str(settings).unwrap();
        let secrets = Secrets::default();
        let search = Search {
            source: "craigslist",
            arg: Some(arg),
            query,
            location: None,
            limit: None,
            details: false,
            base: &base,
            settings: &settings,
            secrets: &secrets,
        };
        Craigslist.request(&search).map(|r| r.url.to_string())
    }

    #[test]
    fn arguments() {
        assert_eq!(
            parse_arg("SFBay, seattle,sfbay/CSR"),
            Some(Arg {
                areas: vec!["sfbay".into(), "seattle".into()],
                category: Some("csr".into())
            })
        );
        assert_eq!(parse_arg("madison").unwrap().category, None);
        for bad in ["", "/csr", "sfbay/", "sf bay", "a,,b", "a/b/c", "x?y=1"] {
            assert_eq!(parse_arg(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn requests() {
        assert_eq!(
            request("madison", Some("chat support"), "").unwrap(),
            "https://mirror.test/cl/search/area/madison?cat=jjj&query=chat+support"
        );
        assert_eq!(
            request("stn/csr", None, "category = 'ggg'").unwrap(),
            "https://mirror.test/cl/search/subarea/stn?cat=csr"
        );
        assert_eq!(
            request(
                "sfbay",
                None,
                "postal = '02134'\nsearch_distance = 5\nemployment_type = [2, 3]"
            )
            .unwrap(),
            "https://mirror.test/cl/search/area/sfbay?cat=jjj&postal=02134&search_distance=5\
             &employment_type=2&employment_type=3"
        );
        // No distance without a postal code to measure from.
        assert_eq!(
            request("sfbay", None, "search_distance = 5").unwrap(),
            "https://mirror.test/cl/search/area/sfbay?cat=jjj"
        );
        let e = request("sf bay", None, "").unwrap_err();
        assert!(
            e.to_string()
                .contains("craigslist:AREA[,AREA...][/CATEGORY]"),
            "{e}"
        );
    }

    #[test]
    fn next_area_follows_the_argument_and_ends() {
        let u = Url::parse("http://127.0.0.1:9/cl/search/area/madison?cat=csr&query=chat").unwrap();
        let arg = Some("madison,stn,milwaukee/csr");
        let next = next_area(&ctx(&u, arg)).unwrap();
        assert_eq!(
            next.as_str(),
            "http://127.0.0.1:9/cl/search/subarea/stn?cat=csr&query=chat"
        );
        let next = next_area(&ctx(&next, arg)).unwrap();
        assert_eq!(next.path(), "/cl/search/area/milwaukee");
        assert_eq!(next_area(&ctx(&next, arg)), None);
        assert_eq!(next_area(&ctx(&u, Some("madison"))), None);
        assert_eq!(next_area(&ctx(&u, None)), None);
    }

    #[test]
    fn tokens() {
        let t = |u: &str| token(&Url::parse(u).unwrap());
        assert_eq!(
            t("https://www.craigslist.org/view/d/slug-here/7Kp2WqZr4TbXcN8vLm3QaD").as_deref(),
            Some("7Kp2WqZr4TbXcN8vLm3QaD")
        );
        assert_eq!(
            t("https://madison.craigslist.org/csr/d/slug/7912345678.html").as_deref(),
            Some("7912345678")
        );
        assert_eq!(t("https://www.craigslist.org/"), None);
    }

    #[test]
    fn zero_prices_are_placeholders() {
        assert!(is_zero_price("$0"));
        assert!(is_zero_price(" $0.00 "));
        assert!(!is_zero_price("$150"));
        assert!(!is_zero_price("€1.400"));
        assert!(!is_zero_price("DOE"));
    }

    const GIGS: &str = r#"<ol class="cl-static-search-results">
        <li class="cl-static-search-result" title="Help at a holiday market booth">
          <a href="/view/d/madison-help-at-holiday/9Gg1HhJj2KkLl3MmNn4PpQ">
            <div class="details"><div class="price">$150</div>
              <div class="location">Monona</div></div></a></li>
        <li class="cl-static-search-result" title="Phone survey callers">
          <a href="/view/d/madison-phone-survey/8Rr5SsTt6UuVv7WwXx8YyZ">
            <div class="details"><div class="price">$0</div></div></a></li></ol>"#;

    #[test]
    fn a_gig_price_is_pay_text_and_a_job_price_is_not() {
        let u = Url::parse("https://www.craigslist.org/search/area/madison?cat=ggg").unwrap();
        let page = Craigslist.parse(GIGS.as_bytes(), &ctx(&u, None)).unwrap();
        let pay: Vec<Option<&str>> = page
            .postings
            .iter()
            .map(|p| p.salary.text.as_deref())
            .collect();
        assert_eq!(pay, [Some("$150"), None]);
        assert_eq!(page.postings[0].salary.min, None, "text only: not a rate");
        assert_eq!(page.postings[0].region.as_deref(), Some("WI"));

        let u = Url::parse("https://www.craigslist.org/search/area/madison?cat=jjj").unwrap();
        let page = Craigslist.parse(GIGS.as_bytes(), &ctx(&u, None)).unwrap();
        assert!(page.postings.iter().all(|p| p.salary.is_empty()));
    }

    #[test]
    fn removed_pages_in_their_wordings() {
        let u = Url::parse("https://www.craigslist.org/view/d/x/abc").unwrap();
        for page in [
            "<h2>This posting has been <a href=\"/about/help/flags\">flagged</a> for removal.</h2>",
            "<div class=\"removed\"><h2>This posting has expired.</h2></div>",
            "<div class=\"removed\"><h2>This posting has been deleted by its author.</h2></div>",
        ] {
            let mut p = Posting::new("craigslist", "abc", Utc::now());
            let d = Craigslist.parse_detail(page.as_bytes(), &mut p, &ctx(&u, None));
            assert_eq!(d.unwrap(), Detail::Gone, "{page}");
        }
        // The flag button every live posting has is not a removal notice.
        let live = "<div class=\"unflag\"><a title=\"thanks for flagging!\">flagged</a></div>\
                    <section id=\"postingbody\">Still hiring.</section>";
        let mut p = Posting::new("craigslist", "abc", Utc::now());
        let d = Craigslist.parse_detail(live.as_bytes(), &mut p, &ctx(&u, None));
        assert_eq!(d.unwrap(), Detail::Updated);
        assert_eq!(p.description, "Still hiring.");
    }

    #[test]
    fn older_attribute_markup() {
        let page = "<p class=\"attrgroup\"><span>compensation: <b>$20/hr</b></span><br>\
                    <span>employment type: <b>part-time</b></span><br>\
                    <span>telecommuting okay</span></p>\
                    <section id=\"postingbody\">Answer calls.</section>";
        let u = Url::parse("https://madison.craigslist.org/csr/d/x/7900000001.html").unwrap();
        let mut p = Posting::new("craigslist", "7900000001", Utc::now());
        Craigslist
            .parse_detail(page.as_bytes(), &mut p, &ctx(&u, None))
            .unwrap();
        assert_eq!(
            (p.salary.min, p.salary.period.map(|s| s.as_str())),
            (Some(20.0), Some("hour"))
        );
        assert_eq!(
            p.employment_type,
            [crate::posting::EmploymentType::PartTime]
        );
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let u = Url::parse("https://www.craigslist.org/search/area/madison?cat=jjj").unwrap();
        for body in [
            &b""[..],
            b"<",
            b"\xff\xfe<ol",
            b"<html><body>Access denied</body></html>",
        ] {
            assert!(Craigslist.parse(body, &ctx(&u, None)).is_err());
        }
    }
}
