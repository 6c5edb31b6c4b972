//! Lever postings API: `GET /v0/postings/{site}?mode=json&skip=N&limit=M`, paged by
//! `skip`; `createdAt` in milliseconds; optional `salaryRange`. A posting names no company
//! and the API has no board name, so `company` is the site as the user named it: the
//! only name of the employer the response gives, and what duplicates and
//! `--exclude-company` match on.

use super::{
    parse_json, query_number, with_query_param, Adapter, AdapterError, Page, ParseCtx, Request,
    Search,
};
use crate::normalize::{self, date::from_unix, employment, salary, text};
use serde::Deserialize;

pub struct Lever;

const PAGE_SIZE: usize = 100;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Posting {
    id: String,
    text: String,
    hosted_url: String,
    #[serde(default)]
    created_at: Option<i64>,
    #[serde(default)]
    categories: Categories,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    workplace_type: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    lists: Vec<List>,
    #[serde(default)]
    additional: Option<String>,
    #[serde(default)]
    salary_range: Option<SalaryRange>,
    #[serde(default)]
    salary_description_plain: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Categories {
    #[serde(default)]
    commitment: Option<String>,
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    all_locations: Vec<String>,
}

#[derive(Deserialize)]
struct List {
    #[serde(default)]
    text: String,
    #[serde(default)]
    content: String,
}

#[derive(Deserialize)]
struct SalaryRange {
    #[serde(default)]
    min: Option<f64>,
    #[serde(default)]
    max: Option<f64>,
    #[serde(default)]
    currency: Option<String>,
    #[serde(default)]
    interval: Option<String>,
}

impl Adapter for Lever {
    fn request(&self, search: &Search) -> Result<Request, AdapterError> {
        let site = search.required_arg("SITE")?;
        let mut url = search.url(&format!("v0/postings/{site}"));
        let size = search.setting_usize("page_size").unwrap_or(PAGE_SIZE);
        url.set_query(Some(&format!("mode=json&skip=0&limit={size}")));
        Ok(url.into())
    }

    fn parse(&self, body: &[u8], ctx: &ParseCtx) -> Result<Page, AdapterError> {
        let list: Vec<Posting> = parse_json(body)?;
        let next = next_page(ctx, list.len());
        let postings = list.into_iter().map(|lp| read(lp, ctx)).collect();
        Ok(Page { postings, next })
    }
}

/// A full page means there may be more: ask for the next `skip`.
fn next_page(ctx: &ParseCtx, got: usize) -> Option<url::Url> {
    let skip: usize = query_number(ctx.url, "skip")?;
    let limit: usize = query_number(ctx.url, "limit")?;
    (got > 0 && got >= limit).then(|| with_query_param(ctx.url, "skip", &(skip + got).to_string()))
}

fn read(lp: Posting, ctx: &ParseCtx) -> crate::posting::Posting {
    let mut p = ctx.posting(lp.id);
    p.title = text::clean_inline(&lp.text);
    p.url = lp.hosted_url;
    p.company = ctx.arg.map(str::to_string);
    if let Some(w) = lp.workplace_type.as_deref() {
        p.workplace = employment::workplace(w);
    }
    let locations = &lp.categories.all_locations;
    match (lp.categories.location.as_deref(), locations.len()) {
        (Some(primary), 0 | 1) => normalize::set_location(&mut p, primary),
        (_, n) if n > 1 => p.location = Some(locations.join("; ")),
        _ => {}
    }
    p.country = lp.country.filter(|c| c.len() == 2).or(p.country);
    if let Some(c) = lp.categories.commitment.as_deref() {
        p.employment_type = employment::employment_types(c);
    }
    p.posted_at = lp.created_at.and_then(|ms| from_unix(ms, ctx.fetched_at));
    if let Some(r) = lp.salary_range {
        p.salary.min = r.min;
        p.salary.max = r.max;
        p.salary.currency = r.currency.as_deref().and_then(salary::currency);
        p.salary.period = r.interval.as_deref().and_then(salary::period);
    }
    p.salary.text = lp.salary_description_plain.filter(|s| !s.trim().is_empty());
    // Lever splits a posting into a description, titled lists and a closing part.
    let mut html = lp.description.unwrap_or_default();
    for list in lp.lists {
        html.push_str(&format!("<h3>{}</h3><ul>{}</ul>", list.text, list.content));
    }
    html.push_str(&lp.additional.unwrap_or_default());
    p.description = text::html_to_text(&html);
    p
}
