//! schema.org `JobPosting` in JSON-LD, as career pages, ATS pages and classifieds embed it
//! for search engines. Shared: `page` reads whole pages with it, and any adapter whose pages
//! carry a posting's JSON-LD (Craigslist's `ld_posting_data`) can pass the parsed block to
//! [`extract`].
//!
//! Real pages are loose: several script blocks, `@graph`, top-level arrays, CDATA or comment
//! wrappers, trailing commas, raw newlines inside strings, `@type` as a list, one or many of
//! nearly everything, numbers as strings. All of it is read; nothing is guessed.

use super::{AdapterError, ParseCtx};
use crate::normalize::{
    self,
    date::{parse_date, parse_deadline},
    employment, location, salary, text,
};
use crate::posting::{Posting, Workplace};
use serde_json::Value;
use url::Url;

/// The JSON-LD blocks of an HTML page, each parsed; a block that is not JSON even after
/// the cheap repairs is skipped. The page's scripts are found by the tokenizer alone: no
/// tree is built, so no nesting makes this slow.
pub fn blocks(html: &str) -> Result<Vec<Value>, AdapterError> {
    let scripts = super::html::scripts(html, "application/ld+json")?;
    Ok(scripts.iter().filter_map(|s| parse_block(s)).collect())
}

/// One script's text as JSON, unwrapped from CDATA or comment markers and, failing that,
/// with trailing commas dropped and control characters inside strings escaped.
pub fn parse_block(script: &str) -> Option<Value> {
    let mut s = script.trim();
    for (open, close) in [
        ("<!--", "-->"),
        ("//<![CDATA[", "//]]>"),
        ("/*<![CDATA[*/", "/*]]>*/"),
        ("<![CDATA[", "]]>"),
    ] {
        if let Some(inner) = s.strip_prefix(open) {
            s = inner.trim_start();
            s = s.strip_suffix(close).unwrap_or(s).trim_end();
        }
    }
    serde_json::from_str(s)
        .ok()
        .or_else(|| serde_json::from_str(&repair(s)).ok())
}

fn repair(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let (mut in_string, mut escaped) = (false, false);
    for c in s.chars() {
        if in_string {
            match c {
                _ if escaped => {
                    escaped = false;
                    out.push(c);
                }
                '\\' => {
                    escaped = true;
                    out.push(c);
                }
                '"' => {
                    in_string = false;
                    out.push(c);
                }
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '}' | ']' => {
                let kept = out.trim_end().len();
                if out[..kept].ends_with(',') {
                    out.truncate(kept - 1);
                }
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// Every `JobPosting` in `value` (itself, in `@graph`, in arrays, nested in other nodes) as a
/// posting, expired ones too (their `valid_through` says so; a scrape leaves them out).
/// `page` is the URL the JSON-LD came from: relative URLs resolve against it, and it is the
/// posting's URL when the node names none.
pub fn extract(value: &Value, ctx: &ParseCtx, page: Option<&Url>) -> Vec<Posting> {
    let mut nodes = Vec::new();
    find_postings(value, &mut nodes);
    nodes.into_iter().map(|n| posting(n, ctx, page)).collect()
}

fn find_postings<'v>(value: &'v Value, found: &mut Vec<&'v Value>) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| find_postings(v, found)),
        Value::Object(_) if is_type(value, "JobPosting") => found.push(value),
        Value::Object(map) => map.values().for_each(|v| find_postings(v, found)),
        _ => {}
    }
}

/// `@type` is a string or a list, bare or as a full IRI ("http://schema.org/JobPosting").
fn is_type(node: &Value, name: &str) -> bool {
    let matches = |t: &Value| {
        t.as_str()
            .and_then(|t| t.rsplit(['/', ':', '#']).next())
            .is_some_and(|t| t == name)
    };
    match node.get("@type") {
        Some(Value::Array(types)) => types.iter().any(matches),
        Some(t) => matches(t),
        None => false,
    }
}

/// One value or a list of them, as a list.
fn many(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(v) => vec![v],
    }
}

/// A string, a number as written, or an object's `name` (or `value`).
fn text_of(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Object(o) => return o.get("name").or(o.get("value")).and_then(text_of),
        _ => return None,
    };
    let s = text::clean_inline(&s);
    (!s.is_empty()).then_some(s)
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => {
            let digits: String = s
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            digits.parse().ok()
        }
        _ => None,
    }
    .filter(|n| n.is_finite() && *n > 0.0)
}

fn posting(node: &Value, ctx: &ParseCtx, page: Option<&Url>) -> Posting {
    let get = |k: &str| node.get(k);
    let url = get("url")
        .and_then(Value::as_str)
        .map(|u| super::feed::resolve(page, u))
        .or_else(|| page.map(Url::to_string))
        .unwrap_or_default();
    let title = get("title").or(get("name")).and_then(text_of);
    let source_id = many(get("identifier"))
        .into_iter()
        .find_map(|id| match id {
            Value::Object(o) => o.get("value").and_then(text_of),
            other => text_of(other),
        })
        .or_else(|| (!url.is_empty()).then(|| url.clone()))
        .or_else(|| title.clone())
        .unwrap_or_default();
    let mut p = ctx.posting(source_id);
    p.title = title.unwrap_or_default();
    p.url = url;
    p.company = get("hiringOrganization").and_then(text_of);
    read_places(&mut p, node);
    for t in many(get("employmentType")) {
        for t in t
            .as_str()
            .map(employment::employment_types)
            .unwrap_or_default()
        {
            p.add_employment_type(t);
        }
    }
    if let Some(s) = get("baseSalary") {
        read_salary(&mut p, s, get("salaryCurrency").and_then(Value::as_str));
    }
    p.posted_at = get("datePosted")
        .and_then(Value::as_str)
        .and_then(|d| parse_date(d, ctx.fetched_at));
    p.valid_through = get("validThrough")
        .and_then(Value::as_str)
        .and_then(|d| parse_deadline(d, ctx.fetched_at));
    if let Some(d) = get("description").and_then(Value::as_str) {
        p.description = description(d);
    }
    p
}

/// HTML, or HTML escaped once or twice more (`&lt;p&gt;`) by pages that escape the JSON
/// strings for the HTML around them.
fn description(d: &str) -> String {
    let mut html = std::borrow::Cow::Borrowed(d);
    for _ in 0..2 {
        if html.contains('<') || (!html.contains("&lt;") && !html.contains("&amp;lt;")) {
            break;
        }
        html = std::borrow::Cow::Owned(text::decode_entities(&html).into_owned());
    }
    text::html_to_text(&html)
}

fn read_places(p: &mut Posting, node: &Value) {
    let remote = many(node.get("jobLocationType")).iter().any(|t| {
        t.as_str()
            .is_some_and(|t| t.eq_ignore_ascii_case("TELECOMMUTE"))
    });
    let places: Vec<Place> = many(node.get("jobLocation"))
        .into_iter()
        .filter_map(place)
        .collect();
    match places.as_slice() {
        [] => {
            // For remote work, where applicants may live is the posting's location.
            let lands: Vec<String> = many(node.get("applicantLocationRequirements"))
                .into_iter()
                .filter_map(text_of)
                .collect();
            if !lands.is_empty() {
                normalize::set_location(p, &lands.join("; "));
            }
        }
        // A PostalAddress's parts are the place's parts, as given: "Berlin" in "DE" is no
        // Delaware, whatever the joined text would say.
        [Place::Address(parts)] => {
            p.location = Some(parts.text());
            let [city, region, _] = parts.0.each_ref().map(Option::as_deref);
            normalize::set_place(p, city, region, parts.country());
        }
        [Place::Text(t)] => normalize::set_location(p, t),
        several => {
            let texts: Vec<String> = several.iter().map(Place::text).collect();
            normalize::set_location(p, &texts.join("; "));
        }
    }
    if remote {
        p.workplace = Workplace::Remote;
    }
}

/// A `jobLocation`: a Place's PostalAddress, or a place written as text.
enum Place {
    Address(Parts),
    Text(String),
}

/// `addressLocality`, `addressRegion` and `addressCountry`, each as given.
struct Parts([Option<String>; 3]);

impl Parts {
    fn text(&self) -> String {
        self.0
            .iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The country given or, without one, the one a US state or Canadian province names,
    /// as in "Austin, TX".
    fn country(&self) -> Option<&str> {
        let [_, region, country] = &self.0;
        country.as_deref().or_else(|| {
            let r = region.as_deref()?;
            ["US", "CA"]
                .into_iter()
                .find(|c| location::region_code(r, c).is_some())
        })
    }
}

impl Place {
    fn text(&self) -> String {
        match self {
            Place::Address(parts) => parts.text(),
            Place::Text(t) => t.clone(),
        }
    }
}

fn place(place: &Value) -> Option<Place> {
    let address = match place {
        Value::Object(o) => o.get("address").unwrap_or(place),
        other => other,
    };
    let Value::Object(a) = address else {
        return text_of(address).map(Place::Text);
    };
    let [city, region, country] =
        ["addressLocality", "addressRegion", "addressCountry"].map(|k| a.get(k).and_then(text_of));
    let code = country.as_deref().and_then(location::country_code);
    // An ISO 3166-2 region ("CA-ON") is the part after its country's code.
    let region = region.map(|r| match (code, r.split_once('-')) {
        (Some(c), Some((cc, sub))) if cc.eq_ignore_ascii_case(c) => sub.to_string(),
        _ => r,
    });
    let parts = Parts([city, region, country]);
    if parts.0.iter().all(Option::is_none) {
        return place.get("name").and_then(text_of).map(Place::Text);
    }
    Some(Place::Address(parts))
}

fn read_salary(p: &mut Posting, s: &Value, posting_currency: Option<&str>) {
    let (currency, value) = match s {
        Value::Object(o) => (
            o.get("currency").and_then(Value::as_str),
            o.get("value").unwrap_or(s),
        ),
        other => (None, other),
    };
    let currency = currency.or(posting_currency);
    match value {
        Value::Object(q) => {
            let at = |k: &str| q.get(k).and_then(number);
            let (min, max) = match (at("minValue"), at("maxValue"), at("value")) {
                (None, None, v) => (v, v),
                (min, max, _) => (min, max),
            };
            p.salary.min = min;
            p.salary.max = max;
            p.salary.period = q
                .get("unitText")
                .and_then(Value::as_str)
                .and_then(salary::period);
        }
        Value::String(t) => {
            p.salary = salary::parse_stated_salary_text(t);
        }
        v => {
            p.salary.min = number(v);
            p.salary.max = p.salary.min;
        }
    }
    if let Some(c) = currency.map(str::trim).filter(|c| c.len() == 3) {
        p.salary.currency = Some(c.to_uppercase());
    }
    if p.salary.min.is_none() && p.salary.max.is_none() {
        p.salary.currency = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use serde_json::json;

    fn run(v: Value) -> Vec<Posting> {
        let page = Url::parse("https://careers.acme.test/jobs/7").unwrap();
        let ctx = ParseCtx {
            source: "page",
            arg: None,
            url: &page,
            fetched_at: Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap(),
        };
        extract(&v, &ctx, Some(&page))
    }

    #[test]
    fn wrappers_and_loose_json() {
        let v = parse_block("<!-- {\"@type\": \"JobPosting\", \"title\": \"A\",} -->").unwrap();
        assert_eq!(v["title"], "A");
        let v = parse_block("//<![CDATA[\n[{\"a\": [1, 2,],}]\n//]]>").unwrap();
        assert_eq!(v, json!([{"a": [1, 2]}]));
        let v = parse_block("{\"d\": \"line one\nline\ttwo \\\"q\\\" ,}\"}").unwrap();
        assert_eq!(v["d"], "line one\nline\ttwo \"q\" ,}");
        assert!(parse_block("{not json").is_none());
    }

    #[test]
    fn types_graphs_and_nesting() {
        let v = json!({"@graph": [
            {"@type": "Organization", "name": "Acme"},
            {"@type": ["JobPosting", "Thing"], "title": "One", "identifier": 1},
            {"@type": "ItemList", "itemListElement": [
                {"@type": "ListItem", "item": {"@type": "http://schema.org/JobPosting", "title": "Two"}}
            ]}
        ]});
        let titles: Vec<String> = run(v).into_iter().map(|p| p.title).collect();
        assert_eq!(titles, ["One", "Two"]);
    }

    #[test]
    fn salary_shapes() {
        let pay = |s: Value| {
            let p = run(json!({"@type": "JobPosting", "title": "t", "baseSalary": s})).remove(0);
            (
                p.salary.min,
                p.salary.max,
                p.salary.currency,
                p.salary.period.map(|p| p.as_str()),
            )
        };
        assert_eq!(
            pay(json!({"@type": "MonetaryAmount", "currency": "usd",
                "value": {"@type": "QuantitativeValue", "minValue": 18, "maxValue": "21.50", "unitText": "HOUR"}})),
            (Some(18.0), Some(21.5), Some("USD".into()), Some("hour"))
        );
        assert_eq!(
            pay(json!({"currency": "EUR", "value": {"value": 3200, "unitText": "MONTH"}})),
            (
                Some(3200.0),
                Some(3200.0),
                Some("EUR".into()),
                Some("month")
            )
        );
        assert_eq!(
            pay(json!({"currency": "USD", "value": 52000})),
            (Some(52000.0), Some(52000.0), Some("USD".into()), None)
        );
        // No period where none is stated, whatever the amount's size.
        assert_eq!(
            pay(json!({"value": "$100,000"})),
            (Some(100000.0), Some(100000.0), Some("USD".into()), None)
        );
        assert_eq!(
            pay(json!({"value": "$18 an hour"})),
            (Some(18.0), Some(18.0), Some("USD".into()), Some("hour"))
        );
        assert_eq!(
            pay(json!(100000)),
            (Some(100000.0), Some(100000.0), None, None)
        );
        assert_eq!(
            pay(json!({"currency": "USD", "value": {"unitText": "HOUR"}})),
            (None, None, None, Some("hour"))
        );
    }

    #[test]
    fn the_postings_own_currency() {
        let p = run(json!({"@type": "JobPosting", "title": "t", "salaryCurrency": "eur",
            "baseSalary": {"@type": "MonetaryAmount", "value": {"minValue": 40000, "maxValue": 45000}}}))
        .remove(0);
        assert_eq!(
            (
                p.salary.min,
                p.salary.max,
                p.salary.currency.as_deref(),
                p.salary.period
            ),
            (Some(40000.0), Some(45000.0), Some("EUR"), None)
        );
    }

    #[test]
    fn addresses_keep_their_parts() {
        let place = |address: Value| {
            let p = run(json!({"@type": "JobPosting", "title": "t",
                "jobLocation": {"@type": "Place", "address": address}}))
            .remove(0);
            (p.location, p.city, p.region, p.country)
        };
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            place(json!({"addressLocality": "Berlin", "addressCountry": "DE"})),
            (some("Berlin, DE"), some("Berlin"), None, some("DE")),
            "DE is Germany, not Delaware"
        );
        assert_eq!(
            place(
                json!({"addressLocality": "Toronto", "addressRegion": "ON", "addressCountry": "CA"})
            ),
            (
                some("Toronto, ON, CA"),
                some("Toronto"),
                some("ON"),
                some("CA")
            )
        );
        assert_eq!(
            place(
                json!({"addressLocality": "Lyon", "addressRegion": "Auvergne-Rh\u{f4}ne-Alpes",
                "addressCountry": {"@type": "Country", "name": "France"}})
            ),
            (
                some("Lyon, Auvergne-Rh\u{f4}ne-Alpes, France"),
                some("Lyon"),
                some("Auvergne-Rh\u{f4}ne-Alpes"),
                some("FR")
            )
        );
        assert_eq!(
            place(json!({"addressLocality": "Quebec City", "addressRegion": "CA-QC", "addressCountry": "CA"})).2,
            some("QC"),
            "ISO 3166-2"
        );
        assert_eq!(
            place(json!({"addressLocality": "Austin", "addressRegion": "Texas"})),
            (
                some("Austin, Texas"),
                some("Austin"),
                some("TX"),
                some("US")
            ),
            "a state with no country"
        );
        assert_eq!(
            place(
                json!({"addressLocality": "Perth", "addressRegion": "WA", "addressCountry": "AU"})
            )
            .2,
            some("WA"),
            "a region code of another country is kept as given"
        );
    }

    #[test]
    fn expired_postings_are_kept_with_their_closing_date() {
        let e = run(json!([
            {"@type": "JobPosting", "title": "old", "validThrough": "2026-11-01"},
            {"@type": "JobPosting", "title": "today", "validThrough": "2026-11-23"},
            {"@type": "JobPosting", "title": "later", "validThrough": "2027-01-31T23:59"}
        ]));
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap();
        let expired: Vec<bool> = e.iter().map(|p| p.has_expired(now)).collect();
        assert_eq!(expired, [true, false, false]);
        assert_eq!(
            e[0].valid_through,
            Utc.with_ymd_and_hms(2026, 11, 1, 23, 59, 59).single()
        );
    }
}
