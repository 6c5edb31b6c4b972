//! The Muse public API: `GET /api/public/jobs?page=N&category=...`, pages counted from 0
//! up to `page_count`. A location named "Flexible / Remote" means remote; `levels` may say
//! "Internship"; `contents` is HTML. No keyword search: `--query` is matched locally.

use super::{
    parse_json, query_number, with_query_param, Adapter, AdapterError, Page, ParseCtx, Request,
    Search,
};
use crate::normalize::{self, date::parse_date, employment, text};
use serde::Deserialize;
use url::Url;

pub struct TheMuse;

/// How The Muse names remote work in its location filter and in postings.
const REMOTE: &str = "Flexible / Remote";

#[derive(Deserialize)]
struct Response {
    results: Vec<Job>,
    #[serde(default)]
    page: Option<u64>,
    #[serde(default)]
    page_count: Option<u64>,
}

#[derive(Deserialize)]
struct Job {
    id: u64,
    name: String,
    #[serde(default)]
    company: Option<Named>,
    #[serde(default)]
    locations: Vec<Named>,
    #[serde(default)]
    levels: Vec<Named>,
    #[serde(default)]
    publication_date: Option<String>,
    #[serde(default)]
    refs: Refs,
    #[serde(default)]
    contents: Option<String>,
}

#[derive(Deserialize)]
struct Named {
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize, Default)]
struct Refs {
    #[serde(default)]
    landing_page: Option<String>,
}

impl Adapter for TheMuse {
    fn request(&self, search: &Search) -> Result<Request, AdapterError> {
        let mut url = search.url("api/public/jobs");
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("page", "0");
            if let Some(category) = search.arg {
                q.append_pair("category", category);
            }
            // The Muse matches location names exactly ("Austin, TX"), so only remote work is
            // asked of it; other places are matched locally, as substrings.
            if search
                .location
                .is_some_and(|l| l.trim().eq_ignore_ascii_case("remote"))
            {
                q.append_pair("location", REMOTE);
            }
        }
        Ok(url.into())
    }

    fn parse(&self, body: &[u8], ctx: &ParseCtx) -> Result<Page, AdapterError> {
        let response: Response = parse_json(body)?;
        let next = next_page(&response, ctx.url);
        let postings = response.results.into_iter().map(|j| read(j, ctx)).collect();
        Ok(Page { postings, next })
    }
}

/// The page after this one while there is one; an empty page ends the list early.
fn next_page(r: &Response, url: &Url) -> Option<Url> {
    if r.results.is_empty() {
        return None;
    }
    let page = r.page.or_else(|| query_number(url, "page"))?;
    (page + 1 < r.page_count?).then(|| with_query_param(url, "page", &(page + 1).to_string()))
}

fn names(list: Vec<Named>) -> Vec<String> {
    list.into_iter()
        .filter_map(|n| n.name)
        .map(|n| text::clean_inline(&n))
        .filter(|n| !n.is_empty())
        .collect()
}

fn read(job: Job, ctx: &ParseCtx) -> crate::posting::Posting {
    let mut p = ctx.posting(job.id.to_string());
    p.title = text::clean_inline(&job.name);
    p.company = job
        .company
        .and_then(|c| c.name)
        .map(|c| text::clean_inline(&c))
        .filter(|c| !c.is_empty());
    let places = names(job.locations);
    if !places.is_empty() {
        normalize::set_location(&mut p, &places.join("; "));
    }
    for level in names(job.levels) {
        for t in employment::employment_types(&level) {
            p.add_employment_type(t);
        }
    }
    p.posted_at = job
        .publication_date
        .and_then(|d| parse_date(&d, ctx.fetched_at));
    p.url = job.refs.landing_page.unwrap_or_default();
    p.description = text::html_to_text(job.contents.as_deref().unwrap_or_default());
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn next(body: &str) -> Option<String> {
        let r: Response = serde_json::from_str(body).unwrap();
        let url = Url::parse("https://m.test/api/public/jobs?page=0&category=X").unwrap();
        next_page(&r, &url).map(|u| u.to_string())
    }

    #[test]
    fn pages_count_from_zero() {
        let one = r#"[{"id": 1, "name": "n"}]"#;
        assert_eq!(
            next(&format!(
                r#"{{"results": {one}, "page": 0, "page_count": 2}}"#
            )),
            Some("https://m.test/api/public/jobs?page=1&category=X".into())
        );
        assert_eq!(
            next(&format!(
                r#"{{"results": {one}, "page": 1, "page_count": 2}}"#
            )),
            None
        );
        assert_eq!(
            next(&format!(r#"{{"results": {one}, "page_count": 3}}"#)),
            Some("https://m.test/api/public/jobs?page=1&category=X".into()),
            "no page in the body: the one asked for"
        );
        assert_eq!(next(r#"{"results": [], "page": 0, "page_count": 9}"#), None);
        assert_eq!(next(&format!(r#"{{"results": {one}}}"#)), None);
    }
}
