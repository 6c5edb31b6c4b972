//! Postings as one self-contained HTML page to look at: newest first, a filter box and tag
//! toggles in inline script, no file or request beyond itself (a Content-Security-Policy
//! forbids any), readable on a phone. Every text is escaped and only http(s) links become
//! hrefs, so a posting can add no markup, script or `javascript:` link to the page.

use crate::posting::{format_time, Posting, Salary, Workplace};
use chrono::{DateTime, Utc};
use html_escape::{encode_double_quoted_attribute as attr, encode_safe as text};
use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::io::{self, Write};

const STYLE: &str = include_str!("html/page.css");
const SCRIPT: &str = include_str!("html/page.js");

/// Writes the page of `postings`, newest first (undated ones last, in the order given).
pub fn write<W: Write, P: Borrow<Posting>>(
    out: W,
    postings: impl IntoIterator<Item = P>,
) -> io::Result<()> {
    let mut all: Vec<P> = postings.into_iter().collect();
    all.sort_by_key(|p| std::cmp::Reverse(p.borrow().posted_at));
    let all: Vec<&Posting> = all.iter().map(Borrow::borrow).collect();
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    head(&mut out, &all)?;
    for p in &all {
        article(&mut out, p)?;
    }
    write!(
        out,
        "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )?;
    out.flush()
}

fn head(out: &mut impl Write, all: &[&Posting]) -> io::Result<()> {
    let count = match all.len() {
        1 => "1 posting".to_string(),
        n => format!("{n} postings"),
    };
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <title>jobtap: {count}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n\
         <h1>{count}</h1>\n"
    )?;
    if let Some(t) = all.iter().map(|p| p.fetched_at).max() {
        writeln!(
            out,
            "<p class=\"meta\">fetched up to {}</p>",
            time(&t, true)
        )?;
    }
    out.write_all(
        b"<input type=\"search\" id=\"q\" placeholder=\"Filter: words in the title, company, place or text\" \
          aria-label=\"Filter\" autocomplete=\"off\">\n",
    )?;
    tag_toggles(out, all)?;
    out.write_all(b"<p id=\"shown\" aria-live=\"polite\"></p>\n</header>\n<main id=\"jobs\">\n")
}

/// A button per tag, the most common first, each with how many postings carry it.
fn tag_toggles(out: &mut impl Write, all: &[&Posting]) -> io::Result<()> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for t in all.iter().flat_map(|p| &p.tags) {
        *counts.entry(t).or_default() += 1;
    }
    if counts.is_empty() {
        return Ok(());
    }
    let mut tags: Vec<(&str, usize)> = counts.into_iter().collect();
    tags.sort_by_key(|t| std::cmp::Reverse(t.1));
    out.write_all(
        b"<div class=\"chips\" id=\"tags\" aria-label=\"Only postings with these tags\">\n",
    )?;
    for (tag, n) in tags {
        writeln!(
            out,
            "<button type=\"button\" class=\"chip\" data-tag=\"{}\" aria-pressed=\"false\">{} <span>{n}</span></button>",
            attr(tag),
            text(tag)
        )?;
    }
    out.write_all(b"</div>\n")
}

fn article(out: &mut impl Write, p: &Posting) -> io::Result<()> {
    out.write_all(b"<article class=\"job\">\n<h2>")?;
    let title = if p.title.is_empty() {
        "(untitled)"
    } else {
        &p.title
    };
    match web_link(&p.url) {
        Some(href) => write!(
            out,
            "<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>",
            attr(&href),
            text(title)
        )?,
        None => write!(out, "{}", text(title))?,
    }
    out.write_all(b"</h2>\n")?;
    let mut who: Vec<String> = p.company.iter().map(|c| text(c).into_owned()).collect();
    who.extend(place(p).map(|t| text(&t).into_owned()));
    if p.workplace != Workplace::Unknown {
        who.push(p.workplace.as_str().to_string());
    }
    who.extend(
        p.employment_type
            .iter()
            .map(|t| t.as_str().replace('_', "-")),
    );
    if !who.is_empty() {
        writeln!(out, "<p class=\"who\">{}</p>", who.join(" · "))?;
    }
    facts(out, p)?;
    if !p.tags.is_empty() {
        out.write_all(b"<ul class=\"chips\">")?;
        for t in &p.tags {
            write!(
                out,
                "<li class=\"chip\" data-tag=\"{}\">{}</li>",
                attr(t),
                text(t)
            )?;
        }
        out.write_all(b"</ul>\n")?;
    }
    if !p.description.is_empty() {
        writeln!(
            out,
            "<details><summary>Description</summary><p class=\"text\">{}</p></details>",
            text(&p.description)
        )?;
    }
    out.write_all(b"</article>\n")
}

/// Pay, date, source and closing date, each in a span of its own.
fn facts(out: &mut impl Write, p: &Posting) -> io::Result<()> {
    out.write_all(b"<p class=\"facts\">")?;
    if let Some(pay) = pay(&p.salary) {
        write!(out, "<span class=\"pay\">{}</span>", text(&pay))?;
    }
    if let Some(t) = &p.posted_at {
        write!(out, "<span class=\"date\">{}</span>", time(t, false))?;
    }
    write!(out, "<span class=\"source\">{}</span>", text(&p.source))?;
    if let Some(t) = &p.valid_through {
        write!(
            out,
            "<span class=\"closes\">closes {}</span>",
            time(t, false)
        )?;
    }
    out.write_all(b"</p>\n")
}

/// A `<time>` element: the day, or the day and the minute.
fn time(t: &DateTime<Utc>, minutes: bool) -> String {
    let shown = match minutes {
        true => t.format("%Y-%m-%d %H:%M UTC"),
        false => t.format("%Y-%m-%d"),
    };
    format!("<time datetime=\"{}\">{shown}</time>", format_time(t))
}

/// The URL when it is a web address (http or https), as it will be followed.
fn web_link(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    matches!(parsed.scheme(), "http" | "https").then(|| parsed.to_string())
}

/// The location text, else the city, region and country it was split into.
fn place(p: &Posting) -> Option<String> {
    if let Some(l) = p.location.as_deref().filter(|l| !l.trim().is_empty()) {
        return Some(l.to_string());
    }
    let parts: Vec<&str> = [&p.city, &p.region, &p.country]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// "USD 18–21.50 per hour", "from EUR 40,000 per year"; the source's own words when it gave
/// no amounts.
fn pay(s: &Salary) -> Option<String> {
    let currency = s.currency.as_deref().map(|c| format!("{c} "));
    let from = |n: f64| format!("{}{}", currency.as_deref().unwrap_or(""), amount(n));
    let range = match (s.min, s.max) {
        (Some(a), Some(b)) if a == b => from(a),
        (Some(a), Some(b)) => format!("{}–{}", from(a), amount(b)),
        (Some(a), None) => format!("from {}", from(a)),
        (None, Some(b)) => format!("up to {}", from(b)),
        (None, None) => return s.text.clone(),
    };
    let period = s.period.map(|p| format!(" per {p}"));
    Some(range + period.as_deref().unwrap_or(""))
}

/// An amount with thousands separators; cents only when it has them.
fn amount(n: f64) -> String {
    let cents = (n.abs() * 100.0).round() as u64;
    let whole = (cents / 100).to_string();
    let mut out = String::from(if n < 0.0 { "-" } else { "" });
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if cents % 100 != 0 {
        out.push_str(&format!(".{:02}", cents % 100));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::posting::SalaryPeriod;
    use scraper::{Html, Selector};

    fn posting(id: &str, title: &str, url: &str, day: Option<u32>) -> Posting {
        let t = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let mut p = Posting::new("lever", id, t);
        p.title = title.into();
        p.url = url.into();
        p.posted_at =
            day.map(|d| DateTime::from_timestamp(1_790_000_000 + d as i64 * 86_400, 0).unwrap());
        p
    }

    fn page(postings: &[Posting]) -> Html {
        let mut bytes = Vec::new();
        write(&mut bytes, postings).unwrap();
        Html::parse_document(&String::from_utf8(bytes).unwrap())
    }

    fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
        doc.select(&Selector::parse(css).unwrap()).collect()
    }

    #[test]
    fn every_posting_newest_first_with_its_link() {
        let doc = page(&[
            posting("1", "Older", "https://jobs.example/1", Some(1)),
            posting("2", "Undated", "https://jobs.example/2", None),
            posting("3", "Newer", "https://jobs.example/3?a=1&b=2", Some(5)),
        ]);
        let titles: Vec<String> = select(&doc, "article h2")
            .iter()
            .map(|h| h.text().collect())
            .collect();
        assert_eq!(titles, ["Newer", "Older", "Undated"]);
        let hrefs: Vec<&str> = select(&doc, "article h2 a")
            .iter()
            .filter_map(|a| a.attr("href"))
            .collect();
        assert_eq!(
            hrefs,
            [
                "https://jobs.example/3?a=1&b=2",
                "https://jobs.example/1",
                "https://jobs.example/2"
            ]
        );
    }

    #[test]
    fn text_is_text_and_only_web_links_are_followed() {
        let mut p = posting(
            "1",
            "<script>alert(1)</script>",
            "javascript:alert(1)",
            None,
        );
        p.company = Some("A & B \"Co\" <b>".into());
        p.tags = vec!["x\" onclick=\"alert(1)".into()];
        p.description = "</p><img src=x onerror=alert(1)>".into();
        let q = posting("2", "Data", "data:text/html,<b>x</b>", None);
        let doc = page(&[p, q]);
        assert_eq!(
            select(&doc, "script").len(),
            1,
            "only the page's own script"
        );
        assert!(select(&doc, "img, b, [onclick], [onerror]").is_empty());
        assert!(select(&doc, "article a").is_empty(), "no href but http(s)");
        let h2: String = select(&doc, "article h2")[0].text().collect();
        assert_eq!(h2, "<script>alert(1)</script>");
        let who: String = select(&doc, ".who")[0].text().collect();
        assert_eq!(who, "A & B \"Co\" <b>");
        let chip = select(&doc, "article .chip")[0];
        assert_eq!(chip.attr("data-tag"), Some("x\" onclick=\"alert(1)"));
        let text: String = select(&doc, ".text")[0].text().collect();
        assert_eq!(text, "</p><img src=x onerror=alert(1)>");
    }

    #[test]
    fn self_contained_and_for_phones() {
        let mut p = posting("1", "Agent", "https://jobs.example/1", Some(1));
        p.tags = vec!["chat".into(), "remote".into()];
        let mut q = posting("2", "Agent 2", "https://jobs.example/2", Some(2));
        q.tags = vec!["chat".into()];
        let doc = page(&[p, q]);
        assert!(select(&doc, "[src], link, iframe, object, embed").is_empty());
        let hrefs: Vec<&str> = select(&doc, "[href]")
            .iter()
            .filter_map(|e| e.attr("href"))
            .collect();
        assert!(
            hrefs.iter().all(|h| h.starts_with("https://jobs.example/")),
            "{hrefs:?}"
        );
        let viewport = select(&doc, "meta[name=viewport]");
        assert_eq!(
            viewport[0].attr("content"),
            Some("width=device-width, initial-scale=1")
        );
        let csp = select(&doc, "meta[http-equiv=Content-Security-Policy]");
        assert!(csp[0]
            .attr("content")
            .unwrap()
            .starts_with("default-src 'none'"));
        let toggles: Vec<(Option<&str>, String)> = select(&doc, "#tags button")
            .iter()
            .map(|b| (b.attr("data-tag"), b.text().collect()))
            .collect();
        assert_eq!(
            toggles,
            [
                (Some("chat"), "chat 2".to_string()),
                (Some("remote"), "remote 1".to_string())
            ]
        );
        assert_eq!(select(&doc, "#q").len(), 1, "the filter box");
    }

    #[test]
    fn pay_reads_as_a_person_writes_it() {
        let s = |min, max, currency: Option<&str>, period| Salary {
            min,
            max,
            currency: currency.map(str::to_string),
            period,
            text: Some("as given".into()),
        };
        let hour = Some(SalaryPeriod::Hour);
        assert_eq!(
            pay(&s(Some(18.0), Some(21.5), Some("USD"), hour)).unwrap(),
            "USD 18–21.50 per hour"
        );
        assert_eq!(
            pay(&s(
                Some(40000.0),
                None,
                Some("EUR"),
                Some(SalaryPeriod::Year)
            ))
            .unwrap(),
            "from EUR 40,000 per year"
        );
        assert_eq!(
            pay(&s(None, Some(1234567.0), None, None)).unwrap(),
            "up to 1,234,567"
        );
        assert_eq!(pay(&s(None, None, None, None)).unwrap(), "as given");
        assert_eq!(pay(&Salary::default()), None);
    }
}
