//! Greenhouse job board API: `GET /v1/boards/{board}/jobs?content=true`, one response with
//! every job; `content` is entity-escaped HTML.

use super::{de, parse_json, Adapter, AdapterError, Page, ParseCtx, Request, Search};
use crate::normalize::{
    self,
    date::{parse_date, parse_deadline},
    employment, location, text,
};
use serde::Deserialize;

pub struct Greenhouse;

#[derive(Deserialize)]
struct Board {
    jobs: Vec<Job>,
}

#[derive(Deserialize)]
struct Job {
    id: u64,
    title: String,
    absolute_url: String,
    #[serde(default)]
    company_name: Option<String>,
    #[serde(default)]
    location: Option<Named>,
    #[serde(default)]
    first_published: Option<String>,
    #[serde(default)]
    updated_at: Option<String>,
    #[serde(default, deserialize_with = "de::id_string")]
    application_deadline: Option<String>,
    #[serde(default)]
    content: Option<String>,
    #[serde(default)]
    offices: Vec<Office>,
    #[serde(default)]
    metadata: Option<Vec<Metadata>>,
}

#[derive(Deserialize)]
struct Named {
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
struct Office {
    #[serde(default)]
    location: Option<String>,
}

#[derive(Deserialize)]
struct Metadata {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    value: serde_json::Value,
}

impl Adapter for Greenhouse {
    fn request(&self, search: &Search) -> Result<Request, AdapterError> {
        let board = search.required_arg("BOARD")?;
        let mut url = search.url(&format!("v1/boards/{board}/jobs"));
        url.set_query(Some("content=true"));
        Ok(url.into())
    }

    fn parse(&self, body: &[u8], ctx: &ParseCtx) -> Result<Page, AdapterError> {
        let board: Board = parse_json(body)?;
        let postings = board
            .jobs
            .into_iter()
            .map(|job| {
                let mut p = ctx.posting(job.id.to_string());
                p.title = text::clean_inline(&job.title);
                p.url = job.absolute_url;
                p.company = job
                    .company_name
                    .map(|c| text::clean_inline(&c))
                    .or_else(|| ctx.arg.map(str::to_string));
                if let Some(name) = job.location.and_then(|l| l.name) {
                    normalize::set_location(&mut p, &name);
                }
                // A single office often carries the country the location name leaves out.
                if let [Office {
                    location: Some(office),
                }] = job.offices.as_slice()
                {
                    let place = location::split_location(office);
                    if p.country.is_none() && (p.city.is_none() || p.city == place.city) {
                        p.city = place.city;
                        p.region = place.region;
                        p.country = place.country;
                    }
                }
                for m in job.metadata.unwrap_or_default() {
                    let name = m.name.unwrap_or_default().to_lowercase();
                    if name.contains("employment type") || name.contains("time type") {
                        if let Some(v) = m.value.as_str() {
                            for t in employment::employment_types(v) {
                                p.add_employment_type(t);
                            }
                        }
                    }
                }
                p.posted_at = job
                    .first_published
                    .or(job.updated_at)
                    .and_then(|d| parse_date(&d, ctx.fetched_at));
                p.valid_through = job
                    .application_deadline
                    .and_then(|d| parse_deadline(&d, ctx.fetched_at));
                if let Some(content) = job.content {
                    p.description = text::html_to_text(&text::decode_entities(&content));
                }
                p
            })
            .collect();
        Ok(Page {
            postings,
            next: None,
        })
    }
}
