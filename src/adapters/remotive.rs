//! Remotive: `GET /api/remote-jobs?category=&search=&limit=`, one response, every job
//! remote. `publication_date` has no zone (UTC); `salary` is free text.

use super::{parse_json, Adapter, AdapterError, Page, ParseCtx, Request, Search};
use crate::normalize::{self, date::parse_date, employment, salary, text};
use crate::posting::Workplace;
use serde::Deserialize;

pub struct Remotive;

#[derive(Deserialize)]
struct Response {
    jobs: Vec<Job>,
}

#[derive(Deserialize)]
struct Job {
    id: u64,
    url: String,
    title: String,
    #[serde(default)]
    company_name: Option<String>,
    #[serde(default)]
    job_type: Option<String>,
    #[serde(default)]
    publication_date: Option<String>,
    #[serde(default)]
    candidate_required_location: Option<String>,
    #[serde(default)]
    salary: Option<String>,
    #[serde(default)]
    description: Option<String>,
}

impl Adapter for Remotive {
    fn request(&self, search: &Search) -> Result<Request, AdapterError> {
        let mut url = search.url("api/remote-jobs");
        {
            let mut q = url.query_pairs_mut();
            if let Some(category) = search.arg.or(search.setting_str("category")) {
                q.append_pair("category", category);
            }
            if let Some(query) = search.query {
                q.append_pair("search", query);
            }
            if let Some(limit) = search.limit {
                q.append_pair("limit", &limit.to_string());
            }
        }
        if url.query() == Some("") {
            url.set_query(None);
        }
        Ok(url.into())
    }

    fn parse(&self, body: &[u8], ctx: &ParseCtx) -> Result<Page, AdapterError> {
        let response: Response = parse_json(body)?;
        let postings = response
            .jobs
            .into_iter()
            .map(|job| {
                let mut p = ctx.posting(job.id.to_string());
                p.title = text::clean_inline(&job.title);
                p.url = job.url;
                p.company = job.company_name.map(|c| text::clean_inline(&c));
                p.workplace = Workplace::Remote;
                if let Some(loc) = job.candidate_required_location {
                    normalize::set_location(&mut p, &loc);
                }
                if let Some(t) = job.job_type {
                    p.employment_type = employment::employment_types(&t);
                }
                p.posted_at = job
                    .publication_date
                    .and_then(|d| parse_date(&d, ctx.fetched_at));
                if let Some(s) = job.salary.filter(|s| !s.trim().is_empty()) {
                    p.salary = salary::parse_salary_text(&s);
                }
                p.description = text::html_to_text(job.description.as_deref().unwrap_or(""));
                p
            })
            .collect();
        Ok(Page {
            postings,
            next: None,
        })
    }

    fn searches_query(&self) -> bool {
        true
    }
}
