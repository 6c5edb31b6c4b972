//! schema.org `JobPosting` in JSON-LD, as career pages, ATS pages and classifieds embed it
//! for search engines. Shared: `page` reads whole pages with it, and any adapter whose pages
//! carry a posting's JSON-LD (Craigslist's `ld_posting_data`) can pass the parsed block to
//! [`extract`].
//!
//! Real pages are loose: several script blocks, `@graph`, top-level arrays, CDATA or comment
//! wrappers, trailing commas, raw newlines inside strings, `@type` as a list, one or many of
//! nearly everything, numbers as strings. All of it is read; nothing is guessed.

use super::{AdapterError, ParseCtx};
use crate::normalize::{self, date::parse_date, employment, salary, text};
use crate::posting::{Posting, SalaryPeriod, Workplace};
use chrono::Duration;
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

/// What one JSON-LD value held.
#[derive(Debug, Default)]
pub struct Extracted {
    pub postings: Vec<Posting>,
    /// JobPostings whose `validThrough` had passed when the page was fetched: left out.
    pub expired: usize,
}

/// Every `JobPosting` in `value` (itself, in `@graph`, in arrays, nested in other nodes) as a
/// posting. `page` is the URL the JSON-LD came from: relative URLs resolve against it, and it
/// is the posting's URL when the node names none.
pub fn extract(value: &Value, ctx: &ParseCtx, page: Option<&Url>) -> Extracted {
    let mut nodes = Vec::new();
    find_postings(value, &mut nodes);
    let mut out = Extracted::default();
    for node in nodes {
        let expired = node
            .get("validThrough")
            .and_then(Value::as_str)
            .and_then(|d| parse_date(d, ctx.fetched_at))
            // A bare date means the end of that day, wherever the site is.
            .is_some_and(|d| d + Duration::days(1) <= ctx.fetched_at);
        if expired {
            out.expired += 1;
        } else {
            out.postings.push(posting(node, ctx, page));
        }
    }
    out
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
        read_salary(&mut p, s);
    }
    p.posted_at = get("datePosted")
        .and_then(Value::as_str)
        .and_then(|d| parse_date(d, ctx.fetched_at));
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
    let places: Vec<String> = many(node.get("jobLocation"))
        .into_iter()
        .filter_map(place_text)
        .collect();
    // For remote work, where applicants may live is the posting's location.
    let places = if places.is_empty() {
        many(node.get("applicantLocationRequirements"))
            .into_iter()
            .filter_map(text_of)
            .collect()
    } else {
        places
    };
    if !places.is_empty() {
        normalize::set_location(p, &places.join("; "));
    }
    if remote {
        p.workplace = Workplace::Remote;
    }
}

/// "Locality, Region, Country" of a Place's PostalAddress (an object or a plain string).
fn place_text(place: &Value) -> Option<String> {
    let address = match place {
        Value::Object(o) => o.get("address").unwrap_or(place),
        other => other,
    };
    let text = match address {
        Value::Object(a) => {
            let parts: Vec<String> = ["addressLocality", "addressRegion", "addressCountry"]
                .iter()
                .filter_map(|k| a.get(*k).and_then(text_of))
                .collect();
            if parts.is_empty() {
                place.get("name").and_then(text_of)?
            } else {
                parts.join(", ")
            }
        }
        other => text_of(other)?,
    };
    Some(text)
}

fn read_salary(p: &mut Posting, s: &Value) {
    let (currency, value) = match s {
        Value::Object(o) => (
            o.get("currency").and_then(Value::as_str),
            o.get("value").unwrap_or(s),
        ),
        other => (None, other),
    };
    match value {
        Value::Object(q) => {
            let at = |k: &str| q.get(k).and_then(number);
            let (min, max) = match (at("minValue"), at("maxValue"), at("value")) {
                (None, None, v) => (v, v),
                (min, max, _) => (min, max),
            };
            p.salary.min = min;
            p.salary.max = max;
            p.salary.period = q.get("unitText").and_then(Value::as_str).and_then(period);
        }
        Value::String(t) => p.salary = salary::parse_salary_text(t),
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

fn period(unit: &str) -> Option<SalaryPeriod> {
    match unit.trim().to_ascii_uppercase().as_str() {
        "HOUR" | "HOURLY" => Some(SalaryPeriod::Hour),
        "DAY" | "DAILY" => Some(SalaryPeriod::Day),
        "WEEK" | "WEEKLY" => Some(SalaryPeriod::Week),
        "MONTH" | "MONTHLY" => Some(SalaryPeriod::Month),
        "YEAR" | "YEARLY" | "ANNUAL" | "ANNUALLY" => Some(SalaryPeriod::Year),
        other => salary::period_from_words(&other.to_lowercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use serde_json::json;

    fn run(v: Value) -> Extracted {
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
        let titles: Vec<String> = run(v).postings.into_iter().map(|p| p.title).collect();
        assert_eq!(titles, ["One", "Two"]);
    }

    #[test]
    fn salary_shapes() {
        let pay = |s: Value| {
            let p = run(json!({"@type": "JobPosting", "title": "t", "baseSalary": s}))
                .postings
                .remove(0);
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
        assert_eq!(
            pay(json!({"value": "$100,000"})),
            (
                Some(100000.0),
                Some(100000.0),
                Some("USD".into()),
                Some("year")
            )
        );
        assert_eq!(
            pay(json!({"currency": "USD", "value": {"unitText": "HOUR"}})),
            (None, None, None, Some("hour"))
        );
    }

    #[test]
    fn expired_postings_are_left_out() {
        let e = run(json!([
            {"@type": "JobPosting", "title": "old", "validThrough": "2026-11-01"},
            {"@type": "JobPosting", "title": "today", "validThrough": "2026-11-23"},
            {"@type": "JobPosting", "title": "later", "validThrough": "2027-01-31T23:59"}
        ]));
        assert_eq!(e.expired, 1);
        assert_eq!(e.postings.len(), 2);
    }
}
