//! The same job listed by several sources in one run becomes one row: postings match on
//! their URL, or on company, title and location (compared case- and punctuation-blind).
//! Within one source postings are never merged this way (two openings with the same title
//! are two openings); the source's own ids already keep its duplicates apart.

use crate::posting::Posting;
use std::collections::HashMap;

/// The URL without scheme, fragment, `www.` and trailing slash, lower-cased host.
pub fn url_key(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    let host = parsed.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let path = parsed.path().trim_end_matches('/');
    Some(match parsed.query() {
        Some(q) => format!("{host}{path}?{q}"),
        None => format!("{host}{path}"),
    })
}

/// Company, title and location as lower-case words; None without a company and a title.
pub fn job_key(company: Option<&str>, title: &str, location: Option<&str>) -> Option<String> {
    let company = words(company?);
    let title = words(title);
    if company.is_empty() || title.is_empty() {
        return None;
    }
    Some(format!(
        "{company}|{title}|{}",
        words(location.unwrap_or(""))
    ))
}

fn words(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Both keys of a posting.
pub fn keys(p: &Posting) -> impl Iterator<Item = String> {
    [
        url_key(&p.url).map(|k| format!("url:{k}")),
        job_key(p.company.as_deref(), &p.title, p.location.as_deref()).map(|k| format!("job:{k}")),
    ]
    .into_iter()
    .flatten()
}

/// Collapses cross-source duplicates, keeping the first posting of each job (run order:
/// the order sources were named) with every source that listed it in `sources`. Returns
/// the kept postings and the ones folded into them.
pub fn collapse(postings: Vec<Posting>) -> (Vec<Posting>, Vec<Posting>) {
    let mut kept: Vec<Posting> = Vec::with_capacity(postings.len());
    let mut dropped = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for p in postings {
        let found = keys(&p).find_map(|k| by_key.get(&k).copied());
        if let Some(i) = found {
            let k = &mut kept[i];
            if k.source != p.source && !k.sources.contains(&p.source) {
                if k.sources.is_empty() {
                    k.sources.push(k.source.clone());
                }
                k.sources.push(p.source.clone());
                dropped.push(p);
                continue;
            }
        }
        let i = kept.len();
        for k in keys(&p) {
            by_key.entry(k).or_insert(i);
        }
        kept.push(p);
    }
    (kept, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn posting(source: &str, id: &str, title: &str, url: &str) -> Posting {
        let mut p = Posting::new(source, id, Utc::now());
        p.title = title.into();
        p.company = Some("Acme, Inc.".into());
        p.location = Some("Remote - US".into());
        p.url = url.into();
        p
    }

    #[test]
    fn collapses_across_sources_by_url_or_company_title_location() {
        let (kept, dropped) = collapse(vec![
            posting("remotive", "1", "Chat Agent", "https://acme.example/jobs/1"),
            posting(
                "jobicy",
                "9",
                "Other title",
                "https://www.acme.example/jobs/1/",
            ),
            posting("themuse", "5", "chat  agent", "https://themuse.example/5"),
            posting("remotive", "2", "Chat Agent", "https://acme.example/jobs/2"),
        ]);
        assert_eq!(kept.len(), 2, "{kept:?}");
        assert_eq!(kept[0].sources, ["remotive", "jobicy", "themuse"]);
        assert_eq!(
            kept[1].source_id, "2",
            "same source, same title: two openings"
        );
        assert!(kept[1].sources.is_empty());
        assert_eq!(dropped.len(), 2);
    }

    #[test]
    fn keys_ignore_case_punctuation_and_scheme() {
        assert_eq!(
            url_key("HTTP://WWW.Acme.example/a/#x"),
            url_key("https://acme.example/a")
        );
        assert_eq!(
            job_key(Some("ACME Inc"), "Chat-Agent", None),
            job_key(Some("acme, inc."), "chat agent", Some(""))
        );
        assert_eq!(job_key(None, "x", None), None);
    }
}
