//! Himalayas: `GET /jobs/api?limit=N`, paged by the opaque `nextCursor` (sent back as
//! `cursor`; the older `offset` paging is deprecated but still read), and with `--query`
//! `GET /jobs/api/search?q=...&sort=recent&page=N`. Every job is remote;
//! `locationRestrictions` are the countries a candidate must live in; `pubDate` is Unix
//! time (seconds in practice, milliseconds in the docs: both are read).

use super::{
    de, parse_json, query_number, with_query_param, Adapter, AdapterError, Page, ParseCtx, Request,
    Search,
};
use crate::normalize::{
    self,
    date::{from_unix, parse_deadline},
    employment, salary, text,
};
use crate::posting::Workplace;
use serde::Deserialize;
use url::Url;

pub struct Himalayas;

/// The most the API returns per request.
const PAGE_SIZE: usize = 20;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Response {
    jobs: Vec<Job>,
    /// Absent (older feed, search) or present and null at the end of the feed.
    #[serde(default, deserialize_with = "present")]
    next_cursor: Option<Option<String>>,
    #[serde(default)]
    offset: Option<u64>,
    #[serde(default)]
    limit: Option<u64>,
    #[serde(default)]
    total_count: Option<u64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Job {
    title: String,
    #[serde(default)]
    company_name: Option<String>,
    #[serde(default)]
    employment_type: Option<String>,
    #[serde(default, deserialize_with = "de::amount")]
    min_salary: Option<f64>,
    #[serde(default, deserialize_with = "de::amount")]
    max_salary: Option<f64>,
    #[serde(default)]
    currency: Option<String>,
    #[serde(default)]
    salary_period: Option<String>,
    #[serde(default)]
    location_restrictions: Vec<Restriction>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    excerpt: Option<String>,
    #[serde(default)]
    pub_date: Option<i64>,
    /// When the listing closes, in Unix seconds or milliseconds.
    #[serde(default, deserialize_with = "de::id_string")]
    expiry_date: Option<String>,
    #[serde(default)]
    application_link: Option<String>,
    #[serde(default)]
    guid: Option<String>,
}

/// `Some(value)` for a field that is there, even when null, so a null can end paging.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// A country as a name ("United States", the feed) or an object (the search endpoint).
#[derive(Deserialize)]
#[serde(untagged)]
enum Restriction {
    Name(String),
    Country {
        #[serde(default)]
        name: Option<String>,
        #[serde(default)]
        alpha2: Option<String>,
    },
}

impl Adapter for Himalayas {
    fn request(&self, search: &Search) -> Result<Request, AdapterError> {
        let url = match search.query {
            Some(q) => {
                let mut url = search.url("jobs/api/search");
                url.query_pairs_mut()
                    .append_pair("q", q)
                    .append_pair("sort", "recent")
                    .append_pair("page", "1");
                url
            }
            None => {
                let mut url = search.url("jobs/api");
                let size = search.setting_usize("page_size").unwrap_or(PAGE_SIZE);
                url.query_pairs_mut()
                    .append_pair("limit", &size.to_string());
                url
            }
        };
        Ok(url.into())
    }

    fn parse(&self, body: &[u8], ctx: &ParseCtx) -> Result<Page, AdapterError> {
        let response: Response = parse_json(body)?;
        let next = next_page(&response, ctx.url);
        let postings = response
            .jobs
            .into_iter()
            .enumerate()
            .map(|(i, job)| read(job, ctx).ok_or_else(|| no_id(i)))
            .collect::<Result<_, _>>()?;
        Ok(Page { postings, next })
    }

    fn searches_query(&self) -> bool {
        true
    }
}

fn no_id(i: usize) -> AdapterError {
    AdapterError::Format(format!("jobs[{i}]: neither guid nor applicationLink"))
}

/// The cursor when the feed has the field (null at the end); otherwise the next `page`
/// (search) or `offset` (older feed). An empty page always ends the list.
fn next_page(r: &Response, url: &Url) -> Option<Url> {
    let got = r.jobs.len() as u64;
    if got == 0 {
        return None;
    }
    if let Some(cursor) = &r.next_cursor {
        return cursor
            .as_deref()
            .filter(|c| !c.is_empty())
            .map(|c| with_query_param(url, "cursor", c));
    }
    if let Some(page) = query_number::<u64>(url, "page") {
        let last = matches!((r.total_count, r.limit), (Some(t), Some(l)) if page * l >= t);
        return (!last).then(|| with_query_param(url, "page", &(page + 1).to_string()));
    }
    let (offset, total) = (r.offset?, r.total_count?);
    (offset + got < total).then(|| with_query_param(url, "offset", &(offset + got).to_string()))
}

fn read(job: Job, ctx: &ParseCtx) -> Option<crate::posting::Posting> {
    let guid = job.guid.filter(|g| !g.trim().is_empty());
    let link = job.application_link.filter(|l| !l.trim().is_empty());
    let mut p = ctx.posting(guid.clone().or(link.clone())?);
    p.title = text::clean_inline(&job.title);
    p.company = job
        .company_name
        .map(|c| text::clean_inline(&c))
        .filter(|c| !c.is_empty());
    p.workplace = Workplace::Remote;
    let mut names = Vec::new();
    let mut codes = Vec::new();
    for r in job.location_restrictions {
        match r {
            Restriction::Name(n) => names.push(n),
            Restriction::Country { name, alpha2 } => {
                names.extend(name.clone().or(alpha2.clone()));
                codes.extend(alpha2);
            }
        }
    }
    if !names.is_empty() {
        normalize::set_location(&mut p, &names.join("; "));
    }
    if let [code] = codes.as_slice() {
        p.country = Some(code.to_uppercase());
    }
    if let Some(t) = job.employment_type {
        p.employment_type = employment::employment_types(&t);
    }
    if job.min_salary.is_some() || job.max_salary.is_some() {
        p.salary.min = job.min_salary;
        p.salary.max = job.max_salary;
        p.salary.currency = job.currency.as_deref().and_then(salary::currency);
        p.salary.period = job.salary_period.as_deref().and_then(salary::period);
    }
    p.posted_at = job.pub_date.and_then(|t| from_unix(t, ctx.fetched_at));
    p.valid_through = job
        .expiry_date
        .and_then(|t| parse_deadline(&t, ctx.fetched_at));
    // The Himalayas page first: its terms ask for a link back to it.
    p.url = guid
        .filter(|g| g.starts_with("http"))
        .or(link)
        .unwrap_or_default();
    p.description = text::html_to_text(
        job.description
            .or(job.excerpt)
            .as_deref()
            .unwrap_or_default(),
    );
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn next(body: &str, url: &str) -> Option<String> {
        let r: Response = serde_json::from_str(body).unwrap();
        next_page(&r, &Url::parse(url).unwrap()).map(|u| u.to_string())
    }

    const JOB: &str = r#"{"title": "t", "guid": "g"}"#;

    #[test]
    fn paging_by_cursor_page_and_offset() {
        let u = "https://h.test/jobs/api?limit=2";
        let two = format!("[{JOB}, {JOB}]");
        assert_eq!(
            next(
                &format!(r#"{{"jobs": {two}, "nextCursor": "c2", "offset": 0, "totalCount": 9}}"#),
                u
            ),
            Some("https://h.test/jobs/api?limit=2&cursor=c2".into())
        );
        assert_eq!(
            next(
                &format!(r#"{{"jobs": {two}, "nextCursor": null, "offset": 0, "totalCount": 9}}"#),
                u
            ),
            None,
            "a null cursor ends the feed whatever the offset says"
        );
        assert_eq!(
            next(
                &format!(r#"{{"jobs": {two}, "offset": 2, "totalCount": 5}}"#),
                u
            ),
            Some("https://h.test/jobs/api?limit=2&offset=4".into())
        );
        assert_eq!(
            next(
                &format!(r#"{{"jobs": {two}, "offset": 2, "totalCount": 4}}"#),
                u
            ),
            None
        );
        let s = "https://h.test/jobs/api/search?q=x&page=2";
        assert_eq!(
            next(&format!(r#"{{"jobs": {two}}}"#), s),
            Some("https://h.test/jobs/api/search?q=x&page=3".into())
        );
        assert_eq!(
            next(
                &format!(r#"{{"jobs": {two}, "limit": 20, "totalCount": 40}}"#),
                s
            ),
            None
        );
        assert_eq!(next(r#"{"jobs": [], "nextCursor": "c"}"#, u), None);
    }
}
