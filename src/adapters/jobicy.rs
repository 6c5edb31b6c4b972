//! Jobicy: `GET /api/v2/remote-jobs?count=&industry=&geo=&tag=`, one response, every job
//! remote. `jobType` is a list or a string; pay is `salaryMin`/`salaryMax`/`salaryPeriod`
//! in newer responses and `annualSalaryMin`/`annualSalaryMax` in older ones.

use super::{de, parse_json, Adapter, AdapterError, Page, ParseCtx, Request, Search};
use crate::normalize::{self, date::parse_date, employment, salary, text};
use crate::posting::{SalaryPeriod, Workplace};
use serde::Deserialize;

pub struct Jobicy;

/// The most the API returns in one response.
const MAX_COUNT: usize = 100;

#[derive(Deserialize)]
struct Response {
    jobs: Vec<Job>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Job {
    #[serde(deserialize_with = "de::id_string")]
    id: Option<String>,
    #[serde(default)]
    url: Option<String>,
    job_title: String,
    #[serde(default)]
    company_name: Option<String>,
    #[serde(default, deserialize_with = "de::one_or_many")]
    job_type: Vec<String>,
    #[serde(default)]
    job_geo: Option<String>,
    #[serde(default)]
    job_excerpt: Option<String>,
    #[serde(default)]
    job_description: Option<String>,
    #[serde(default)]
    pub_date: Option<String>,
    #[serde(default, deserialize_with = "de::amount")]
    salary_min: Option<f64>,
    #[serde(default, deserialize_with = "de::amount")]
    salary_max: Option<f64>,
    #[serde(default)]
    salary_period: Option<String>,
    #[serde(default, deserialize_with = "de::amount")]
    annual_salary_min: Option<f64>,
    #[serde(default, deserialize_with = "de::amount")]
    annual_salary_max: Option<f64>,
    #[serde(default)]
    salary_currency: Option<String>,
}

impl Adapter for Jobicy {
    fn request(&self, search: &Search) -> Result<Request, AdapterError> {
        let mut url = search.url("api/v2/remote-jobs");
        let count = search
            .limit
            .unwrap_or(MAX_COUNT)
            .min(search.setting_usize("count").unwrap_or(MAX_COUNT))
            .clamp(1, MAX_COUNT);
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("count", &count.to_string());
            if let Some(industry) = search.arg {
                q.append_pair("industry", industry);
            }
            if let Some(geo) = search.setting_str("geo") {
                q.append_pair("geo", geo);
            }
            if let Some(tag) = search.query {
                q.append_pair("tag", tag);
            }
        }
        Ok(url.into())
    }

    fn parse(&self, body: &[u8], ctx: &ParseCtx) -> Result<Page, AdapterError> {
        let response: Response = parse_json(body)?;
        let postings = response
            .jobs
            .into_iter()
            .enumerate()
            .map(|(i, job)| read(job, ctx).ok_or_else(|| no_id(i)))
            .collect::<Result<_, _>>()?;
        Ok(Page {
            postings,
            next: None,
        })
    }

    fn searches_query(&self) -> bool {
        true
    }
}

fn no_id(i: usize) -> AdapterError {
    AdapterError::Format(format!("jobs[{i}].id: missing"))
}

fn read(job: Job, ctx: &ParseCtx) -> Option<crate::posting::Posting> {
    let mut p = ctx.posting(job.id?);
    p.title = text::clean_inline(&job.job_title);
    p.url = job.url.unwrap_or_default();
    p.company = job
        .company_name
        .map(|c| text::clean_inline(&c))
        .filter(|c| !c.is_empty());
    p.workplace = Workplace::Remote;
    if let Some(geo) = job.job_geo {
        normalize::set_location(&mut p, &geo);
    }
    for t in &job.job_type {
        for e in employment::employment_types(t) {
            p.add_employment_type(e);
        }
    }
    p.posted_at = job.pub_date.and_then(|d| parse_date(&d, ctx.fetched_at));
    let (min, max, period) = if job.salary_min.is_some() || job.salary_max.is_some() {
        let period = job.salary_period.as_deref().and_then(salary::period);
        (job.salary_min, job.salary_max, period)
    } else {
        let year = Some(SalaryPeriod::Year);
        (job.annual_salary_min, job.annual_salary_max, year)
    };
    if min.is_some() || max.is_some() {
        p.salary.min = min;
        p.salary.max = max;
        p.salary.period = period;
        p.salary.currency = job.salary_currency.as_deref().and_then(salary::currency);
    }
    let html = job.job_description.or(job.job_excerpt).unwrap_or_default();
    p.description = text::html_to_text(&html);
    Some(p)
}
