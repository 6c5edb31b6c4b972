//! Arbeitnow: `GET /api/job-board-api`, paged by `links.next` (null on the last page).
//! Descriptions are entity-escaped HTML; `created_at` is Unix seconds; jobs are mostly in
//! Germany, `remote` says whether one is remote.

use super::{parse_json, Adapter, AdapterError, Page, ParseCtx, Request, Search};
use crate::normalize::{self, date::from_unix, employment, text};
use crate::posting::Workplace;
use serde::Deserialize;
use url::Url;

pub struct Arbeitnow;

#[derive(Deserialize)]
struct Response {
    data: Vec<Job>,
    #[serde(default)]
    links: Links,
}

#[derive(Deserialize, Default)]
struct Links {
    #[serde(default)]
    next: Option<String>,
}

#[derive(Deserialize)]
struct Job {
    slug: String,
    title: String,
    #[serde(default)]
    company_name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    remote: bool,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    job_types: Vec<String>,
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    created_at: Option<i64>,
}

impl Adapter for Arbeitnow {
    fn request(&self, search: &Search) -> Result<Request, AdapterError> {
        Ok(search.url("api/job-board-api").into())
    }

    fn parse(&self, body: &[u8], ctx: &ParseCtx) -> Result<Page, AdapterError> {
        let response: Response = parse_json(body)?;
        let next = if response.data.is_empty() {
            None
        } else {
            response.links.next.and_then(|n| next_page(ctx.url, &n))
        };
        let postings = response.data.into_iter().map(|j| read(j, ctx)).collect();
        Ok(Page { postings, next })
    }
}

/// The next link's query on the URL this page came from: the link names the site's own
/// host, which would leave a mirror or `--endpoint` server.
fn next_page(current: &Url, next: &str) -> Option<Url> {
    let next = current.join(next.trim()).ok()?;
    let mut url = current.clone();
    url.set_query(next.query());
    Some(url)
}

fn read(job: Job, ctx: &ParseCtx) -> crate::posting::Posting {
    let mut p = ctx.posting(job.slug);
    p.title = text::clean_inline(&job.title);
    p.url = job.url.unwrap_or_default();
    p.company = job
        .company_name
        .map(|c| text::clean_inline(&c))
        .filter(|c| !c.is_empty());
    if job.remote {
        p.workplace = Workplace::Remote;
    }
    if let Some(loc) = job.location {
        normalize::set_location(&mut p, &loc);
    }
    for t in &job.job_types {
        for e in employment::employment_types(t) {
            p.add_employment_type(e);
        }
    }
    // Many postings leave job_types empty and say it in the title ("Werkstudent ...").
    if p.employment_type.is_empty() {
        p.employment_type = employment::employment_types(&p.title);
    }
    p.posted_at = job.created_at.and_then(|t| from_unix(t, ctx.fetched_at));
    if let Some(d) = job.description {
        p.description = text::html_to_text(&text::decode_entities(&d));
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_link_keeps_the_host_pages_came_from() {
        let here = Url::parse("http://127.0.0.1:4000/mirror/api/job-board-api").unwrap();
        let n = |s: &str| next_page(&here, s).map(|u| u.to_string());
        assert_eq!(
            n("https://www.arbeitnow.com/api/job-board-api?page=2"),
            Some("http://127.0.0.1:4000/mirror/api/job-board-api?page=2".into())
        );
        assert_eq!(
            n("?page=3"),
            Some("http://127.0.0.1:4000/mirror/api/job-board-api?page=3".into())
        );
    }
}
