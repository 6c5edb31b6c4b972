//! Remote OK: `GET /api`, one JSON array of every current job, all remote. Element 0 is a
//! legal notice (no `id`); ids are strings; `salary_min`/`salary_max` are 0 when unknown.
//! Its text often arrives as UTF-8 that was decoded as Windows-1252 on the way
//! ("MecÃ¡nico"), so titles, companies and descriptions are repaired.

use super::{de, parse_json, Adapter, AdapterError, Page, ParseCtx, Request, Search};
use crate::normalize::{self, date, employment, text};
use crate::posting::{SalaryPeriod, Workplace};
use serde::Deserialize;

pub struct RemoteOk;

/// Every element of the array; the legal notice is the one without an id.
#[derive(Deserialize)]
struct Entry {
    #[serde(default, deserialize_with = "de::id_string")]
    id: Option<String>,
    #[serde(default)]
    position: Option<String>,
    #[serde(default)]
    company: Option<String>,
    #[serde(default)]
    epoch: Option<i64>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    location: Option<String>,
    #[serde(default, deserialize_with = "de::amount")]
    salary_min: Option<f64>,
    #[serde(default, deserialize_with = "de::amount")]
    salary_max: Option<f64>,
    #[serde(default, deserialize_with = "de::one_or_many")]
    tags: Vec<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    apply_url: Option<String>,
}

/// Tags that are a job type as a whole (a tag like "regular expressions" is not).
const JOB_TYPE_TAGS: [&str; 10] = [
    "full time",
    "part time",
    "contract",
    "contractor",
    "freelance",
    "internship",
    "intern",
    "temporary",
    "seasonal",
    "volunteer",
];

impl Adapter for RemoteOk {
    fn request(&self, search: &Search) -> Result<Request, AdapterError> {
        Ok(search.url("api").into())
    }

    fn parse(&self, body: &[u8], ctx: &ParseCtx) -> Result<Page, AdapterError> {
        let entries: Vec<Entry> = parse_json(body)?;
        let mut postings = Vec::new();
        for (i, e) in entries.into_iter().enumerate() {
            let Some(id) = e.id else { continue };
            let title = e
                .position
                .map(|t| text::clean_inline(&text::repair_mojibake(&t)))
                .filter(|t| !t.is_empty())
                .ok_or_else(|| AdapterError::Format(format!("[{i}]: job {id} has no position")))?;
            let mut p = ctx.posting(id);
            p.title = title;
            p.company = e
                .company
                .map(|c| text::clean_inline(&text::repair_mojibake(&c)))
                .filter(|c| !c.is_empty());
            p.workplace = Workplace::Remote;
            if let Some(loc) = e.location {
                normalize::set_location(&mut p, &text::repair_mojibake(&loc));
            }
            for tag in &e.tags {
                let label = tag.to_lowercase().replace(['-', '_'], " ");
                if JOB_TYPE_TAGS.contains(&label.trim()) {
                    for t in employment::employment_types(&label) {
                        p.add_employment_type(t);
                    }
                }
            }
            if e.salary_min.is_some() || e.salary_max.is_some() {
                p.salary.min = e.salary_min;
                p.salary.max = e.salary_max;
                // Remote OK's job form asks for the yearly salary in US dollars.
                p.salary.currency = Some("USD".to_string());
                p.salary.period = Some(SalaryPeriod::Year);
            }
            p.posted_at = e
                .epoch
                .and_then(|s| date::from_unix(s, ctx.fetched_at))
                .or_else(|| e.date.and_then(|d| date::parse_date(&d, ctx.fetched_at)));
            p.url = e.url.or(e.apply_url).unwrap_or_default();
            if let Some(d) = e.description {
                p.description = text::html_to_text(&text::repair_mojibake(&d));
            }
            postings.push(p);
        }
        Ok(Page {
            postings,
            next: None,
        })
    }
}
