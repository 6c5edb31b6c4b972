//! Workable's public careers widget: `GET /api/v1/widget/accounts/{account}?details=true`,
//! one response with the account's name and every published job, descriptions included.

use super::{parse_json, Adapter, AdapterError, Page, ParseCtx, Request, Search};
use crate::normalize::{self, date::parse_date, employment, text};
use crate::posting::{EmploymentType, Posting, Workplace};
use serde::Deserialize;

pub struct Workable;

const APPLY_SITE: &str = "https://apply.workable.com";

#[derive(Deserialize)]
struct Account {
    #[serde(default)]
    name: Option<String>,
    jobs: Vec<Job>,
}

#[derive(Deserialize)]
struct Job {
    shortcode: String,
    title: String,
    #[serde(default)]
    employment_type: Option<String>,
    #[serde(default)]
    experience: Option<String>,
    #[serde(default)]
    telecommuting: Option<bool>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    shortlink: Option<String>,
    #[serde(default)]
    application_url: Option<String>,
    #[serde(default)]
    published_on: Option<String>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    city: Option<String>,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    locations: Option<Vec<Place>>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    requirements: Option<String>,
    #[serde(default)]
    benefits: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Place {
    #[serde(default)]
    city: Option<String>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    country_code: Option<String>,
    #[serde(default)]
    hidden: Option<bool>,
}

impl Place {
    fn text(&self) -> String {
        [&self.city, &self.region, &self.country]
            .into_iter()
            .flatten()
            .map(|s| text::clean_inline(s))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Adapter for Workable {
    fn request(&self, search: &Search) -> Result<Request, AdapterError> {
        let account = search.required_arg("ACCOUNT")?;
        let mut url = search.url(&format!("api/v1/widget/accounts/{account}"));
        url.set_query(Some("details=true"));
        Ok(url.into())
    }

    fn parse(&self, body: &[u8], ctx: &ParseCtx) -> Result<Page, AdapterError> {
        let account: Account = parse_json(body)?;
        let company = account
            .name
            .map(|n| text::clean_inline(&n))
            .filter(|n| !n.is_empty())
            .or_else(|| ctx.arg.map(str::to_string));
        let postings = account
            .jobs
            .into_iter()
            .map(|job| read(job, company.clone(), ctx))
            .collect();
        Ok(Page {
            postings,
            next: None,
        })
    }
}

fn read(job: Job, company: Option<String>, ctx: &ParseCtx) -> Posting {
    let mut p = ctx.posting(job.shortcode.clone());
    p.title = text::clean_inline(&job.title);
    p.company = company;
    let nonempty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    p.url = nonempty(job.url)
        .or(nonempty(job.shortlink))
        .or(nonempty(job.application_url))
        .or_else(|| {
            ctx.arg
                .map(|a| format!("{APPLY_SITE}/{a}/j/{}/", job.shortcode))
        })
        .unwrap_or_default();
    if job.telecommuting == Some(true) {
        p.workplace = Workplace::Remote;
    }
    let mut places: Vec<Place> = job
        .locations
        .unwrap_or_default()
        .into_iter()
        .filter(|l| l.hidden != Some(true))
        .collect();
    if places.len() > 1 {
        // Several places: the list is the location; no one city or country stands for it.
        let all: Vec<String> = places.iter().map(Place::text).collect();
        p.location = Some(all.join("; "));
    } else {
        let one = places.pop().unwrap_or(Place {
            city: job.city,
            region: job.state,
            country: job.country,
            country_code: None,
            hidden: None,
        });
        normalize::set_location(&mut p, &one.text());
        let country = one.country_code.as_deref().or(one.country.as_deref());
        normalize::set_place(&mut p, one.city.as_deref(), one.region.as_deref(), country);
    }
    if let Some(t) = job.employment_type {
        p.employment_type = employment::employment_types(&t);
    }
    if job.experience.as_deref() == Some("Internship") {
        p.add_employment_type(EmploymentType::Internship);
    }
    p.posted_at = nonempty(job.published_on)
        .or(job.created_at)
        .and_then(|d| parse_date(&d, ctx.fetched_at));
    let html: Vec<String> = [job.description, job.requirements, job.benefits]
        .into_iter()
        .flatten()
        .collect();
    p.description = text::html_to_text(&html.join("<p></p>"));
    p
}
