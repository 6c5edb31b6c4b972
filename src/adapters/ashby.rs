//! Ashby posting API: `GET /posting-api/job-board/{org}?includeCompensation=true`, one
//! response with every posting; pay comes as structured `summaryComponents` beside a
//! summary line meant for people.

use super::{parse_json, Adapter, AdapterError, Page, ParseCtx, Request, Search};
use crate::normalize::{self, date::parse_date, employment, salary, text};
use crate::posting::Workplace;
use serde::Deserialize;

pub struct Ashby;

#[derive(Deserialize)]
struct Board {
    jobs: Vec<Job>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Job {
    id: String,
    title: String,
    job_url: String,
    #[serde(default)]
    employment_type: Option<String>,
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    secondary_locations: Option<Vec<SecondaryLocation>>,
    #[serde(default)]
    is_remote: Option<bool>,
    #[serde(default)]
    workplace_type: Option<String>,
    #[serde(default)]
    is_listed: Option<bool>,
    #[serde(default)]
    address: Option<Address>,
    #[serde(default)]
    published_at: Option<String>,
    #[serde(default)]
    description_html: Option<String>,
    #[serde(default)]
    description_plain: Option<String>,
    #[serde(default)]
    compensation: Option<Compensation>,
}

#[derive(Deserialize)]
struct SecondaryLocation {
    #[serde(default)]
    location: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Address {
    #[serde(default)]
    postal_address: Option<PostalAddress>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PostalAddress {
    #[serde(default)]
    address_locality: Option<String>,
    #[serde(default)]
    address_region: Option<String>,
    #[serde(default)]
    address_country: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Compensation {
    #[serde(default)]
    compensation_tier_summary: Option<String>,
    #[serde(default)]
    scrapeable_compensation_salary_summary: Option<String>,
    #[serde(default)]
    summary_components: Option<Vec<Component>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Component {
    #[serde(default)]
    compensation_type: Option<String>,
    #[serde(default)]
    interval: Option<String>,
    #[serde(default)]
    currency_code: Option<String>,
    #[serde(default)]
    min_value: Option<f64>,
    #[serde(default)]
    max_value: Option<f64>,
}

impl Adapter for Ashby {
    fn request(&self, search: &Search) -> Result<Request, AdapterError> {
        let org = search.required_arg("ORG")?;
        let mut url = search.url(&format!("posting-api/job-board/{org}"));
        url.set_query(Some("includeCompensation=true"));
        Ok(url.into())
    }

    fn parse(&self, body: &[u8], ctx: &ParseCtx) -> Result<Page, AdapterError> {
        let board: Board = parse_json(body)?;
        let postings = board
            .jobs
            .into_iter()
            // Unlisted postings are reachable only by link: the company keeps them off its board.
            .filter(|job| job.is_listed != Some(false))
            .map(|job| read(job, ctx))
            .collect();
        Ok(Page {
            postings,
            next: None,
        })
    }
}

fn read(job: Job, ctx: &ParseCtx) -> crate::posting::Posting {
    let mut p = ctx.posting(job.id);
    p.title = text::clean_inline(&job.title);
    p.url = job.job_url;
    // The board names no company: the org in the URL is the best name there is.
    p.company = ctx.arg.map(str::to_string);
    p.workplace = match job.workplace_type.as_deref().map(employment::workplace) {
        Some(w) if w != Workplace::Unknown => w,
        _ if job.is_remote == Some(true) => Workplace::Remote,
        _ => Workplace::Unknown,
    };
    let secondary: Vec<String> = job
        .secondary_locations
        .unwrap_or_default()
        .into_iter()
        .filter_map(|l| l.location)
        .map(|l| text::clean_inline(&l))
        .filter(|l| !l.is_empty())
        .collect();
    match job.location {
        Some(primary) if !secondary.is_empty() => {
            // Several places: the list is the location; no one city or country stands for it.
            let mut all = vec![text::clean_inline(&primary)];
            all.extend(secondary);
            p.location = Some(all.join("; "));
        }
        Some(primary) => {
            normalize::set_location(&mut p, &primary);
            if let Some(a) = job.address.and_then(|a| a.postal_address) {
                normalize::set_place(
                    &mut p,
                    a.address_locality.as_deref(),
                    a.address_region.as_deref(),
                    a.address_country.as_deref(),
                );
            }
        }
        None => {}
    }
    if let Some(t) = job.employment_type.as_deref() {
        p.employment_type = employment::employment_types(t);
    }
    p.posted_at = job
        .published_at
        .and_then(|d| parse_date(&d, ctx.fetched_at));
    if let Some(c) = job.compensation {
        set_pay(&mut p, c);
    }
    p.description = match (job.description_html, job.description_plain) {
        (Some(html), _) if !html.trim().is_empty() => text::html_to_text(&html),
        (_, Some(plain)) => text::clean_text(&plain),
        _ => String::new(),
    };
    p
}

/// The numbers come from the salary component; the summary line is kept as the pay text and
/// read for numbers only when no component states them.
fn set_pay(p: &mut crate::posting::Posting, c: Compensation) {
    let summary = c
        .compensation_tier_summary
        .or(c.scrapeable_compensation_salary_summary)
        .map(|s| text::clean_inline(&s))
        .filter(|s| !s.is_empty());
    let pay = c
        .summary_components
        .unwrap_or_default()
        .into_iter()
        .find(|s| {
            matches!(s.compensation_type.as_deref(), Some("Salary" | "Hourly"))
                && (s.min_value.is_some() || s.max_value.is_some())
        });
    match pay {
        Some(s) => {
            p.salary.min = s.min_value.filter(|v| *v > 0.0);
            p.salary.max = s.max_value.filter(|v| *v > 0.0);
            p.salary.currency = s.currency_code.as_deref().and_then(salary::currency);
            // "1 YEAR", "1 HOUR"; other counts ("2 WEEK") have no period in the schema.
            p.salary.period = s.interval.as_deref().and_then(salary::period);
            p.salary.text = summary;
        }
        None => {
            if let Some(s) = summary {
                p.salary = salary::parse_salary_text(&s);
            }
        }
    }
}
