//! Adzuna search API: `GET /v1/api/jobs/{country}/search/{page}?app_id=&app_key=&what=&
//! where=&max_days_old=&results_per_page=`, paged by the path's page number until `count`
//! is covered. The keys can only travel in the query, so every URL shown goes through
//! `fetch::redact`. Descriptions are Adzuna's snippets, cut short by Adzuna.
//!
//! Pay: Adzuna states salaries as yearly amounts in the country's currency. When it
//! estimated them itself (`salary_is_predicted` = "1") they are no employer's offer and
//! are left out altogether: the schema's salary fields carry what a posting says.

use super::{parse_json, query_number, Adapter, AdapterError, Page, ParseCtx, Request, Search};
use crate::normalize::{self, date::parse_date, employment, location, salary, text};
use crate::posting::{EmploymentType, Posting, SalaryPeriod};
use serde::Deserialize;
use serde_json::Value;
use url::Url;

pub struct Adzuna;

const PAGE_SIZE: usize = 50;
const APP_ID_VAR: &str = "ADZUNA_APP_ID";
const APP_KEY_VAR: &str = "ADZUNA_APP_KEY";

/// Adzuna's country sites; salaries are in each country's currency.
const COUNTRIES: [&str; 19] = [
    "at", "au", "be", "br", "ca", "ch", "de", "es", "fr", "gb", "in", "it", "mx", "nl", "nz", "pl",
    "sg", "us", "za",
];

#[derive(Deserialize)]
struct Results {
    #[serde(default)]
    count: Option<u64>,
    results: Vec<Job>,
}

#[derive(Deserialize)]
struct Job {
    id: String,
    title: String,
    redirect_url: String,
    #[serde(default)]
    company: Option<Named>,
    #[serde(default)]
    location: Option<Area>,
    #[serde(default)]
    created: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    salary_min: Value,
    #[serde(default)]
    salary_max: Value,
    /// "1" when Adzuna estimated the salary; "0" (or absent) when the ad stated it.
    #[serde(default)]
    salary_is_predicted: Value,
    #[serde(default)]
    contract_time: Option<String>,
    #[serde(default)]
    contract_type: Option<String>,
}

#[derive(Deserialize)]
struct Named {
    #[serde(default)]
    display_name: Option<String>,
}

#[derive(Deserialize)]
struct Area {
    #[serde(default)]
    display_name: Option<String>,
    /// From the country down: ["US", "Texas", "Travis County", "Austin"].
    #[serde(default)]
    area: Vec<String>,
}

impl Adapter for Adzuna {
    fn request(&self, search: &Search) -> Result<Request, AdapterError> {
        let country = search.required_arg("COUNTRY")?.to_ascii_lowercase();
        if !COUNTRIES.contains(&country.as_str()) {
            return Err(AdapterError::MissingArg {
                source_name: search.source.to_string(),
                what: format!("COUNTRY (one of {})", COUNTRIES.join(", ")),
            });
        }
        let app_id = search.secret(APP_ID_VAR)?;
        let app_key = search.secret(APP_KEY_VAR)?;
        let mut url = search.url(&format!("v1/api/jobs/{country}/search/1"));
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("app_id", &app_id);
            q.append_pair("app_key", &app_key);
            let size = search.setting_usize("page_size").unwrap_or(PAGE_SIZE);
            q.append_pair("results_per_page", &size.to_string());
            if let Some(query) = search.query {
                q.append_pair("what", query);
            }
            if let Some(place) = search
                .location
                .filter(|l| !l.trim().eq_ignore_ascii_case("remote"))
            {
                q.append_pair("where", place);
            }
            if let Some(days) = search.setting_usize("max_days_old") {
                q.append_pair("max_days_old", &days.to_string());
            }
            q.append_pair("content-type", "application/json");
        }
        Ok(url.into())
    }

    fn parse(&self, body: &[u8], ctx: &ParseCtx) -> Result<Page, AdapterError> {
        let results: Results = parse_json(body)?;
        let next = next_page(ctx.url, results.results.len(), results.count);
        let country = country_in(ctx.url).or_else(|| ctx.arg.map(str::to_ascii_lowercase));
        let postings = results
            .results
            .into_iter()
            .map(|j| read(j, country.as_deref(), ctx))
            .collect();
        Ok(Page { postings, next })
    }

    fn searches_query(&self) -> bool {
        true
    }
}

/// The country site a URL asks (`.../jobs/{country}/search/...`).
fn country_in(url: &Url) -> Option<String> {
    let segments: Vec<&str> = url.path_segments()?.collect();
    let at = segments.iter().position(|s| *s == "jobs")?;
    segments
        .get(at + 1)
        .filter(|c| c.len() == 2)
        .map(|c| c.to_ascii_lowercase())
}

/// The next page number in the path while pages so far hold fewer than `count`.
fn next_page(url: &Url, got: usize, count: Option<u64>) -> Option<Url> {
    let mut segments: Vec<String> = url.path_segments()?.map(str::to_string).collect();
    let (last, init) = segments.split_last()?;
    if init.last().map(String::as_str) != Some("search") {
        return None;
    }
    let page: u64 = last.parse().ok()?;
    let size = query_number::<u64>(url, "results_per_page").unwrap_or(got as u64);
    if got == 0 || count.is_none_or(|c| page * size >= c) {
        return None;
    }
    *segments.last_mut()? = (page + 1).to_string();
    let mut next = url.clone();
    next.path_segments_mut().ok()?.clear().extend(&segments);
    Some(next)
}

fn read(job: Job, country: Option<&str>, ctx: &ParseCtx) -> Posting {
    let mut p = ctx.posting(job.id);
    // Adzuna marks the words that matched the search with <strong>.
    p.title = text::html_to_text(&job.title);
    p.url = job.redirect_url;
    p.company = job
        .company
        .and_then(|c| c.display_name)
        .map(|c| text::clean_inline(&c))
        .filter(|c| !c.is_empty());
    if let Some(loc) = job.location {
        place(&mut p, loc, country);
    }
    if let Some(t) = job.contract_time {
        p.employment_type = employment::employment_types(&t);
    }
    // "permanent" says how long, not how many hours: only "contract" adds a type.
    if job.contract_type.as_deref() == Some("contract") {
        p.add_employment_type(EmploymentType::Contract);
    }
    let predicted = match &job.salary_is_predicted {
        Value::String(s) => s.trim() == "1",
        Value::Number(n) => n.as_u64() == Some(1),
        Value::Bool(b) => *b,
        _ => false,
    };
    if !predicted {
        p.salary.min = salary::amount(&job.salary_min);
        p.salary.max = salary::amount(&job.salary_max);
        if !p.salary.is_empty() {
            p.salary.currency = country
                .filter(|c| COUNTRIES.contains(c))
                .and_then(salary::currency_of_country)
                .map(str::to_string);
            p.salary.period = Some(SalaryPeriod::Year);
        }
    }
    p.posted_at = job.created.and_then(|d| parse_date(&d, ctx.fetched_at));
    p.description = text::html_to_text(job.description.as_deref().unwrap_or(""));
    p
}

/// `area` runs country, region, county, town; the display name is the text shown.
fn place(p: &mut Posting, loc: Area, site: Option<&str>) {
    let display = loc.display_name.unwrap_or_default();
    if loc.area.is_empty() {
        normalize::set_location(p, &display);
        return;
    }
    let display = text::clean_inline(&display);
    p.location = (!display.is_empty()).then_some(display);
    // Adzuna writes "UK" for Great Britain.
    let country = match loc.area[0].as_str() {
        "UK" => Some("GB"),
        a => location::country_code(a),
    }
    .or_else(|| site.and_then(location::country_code));
    normalize::set_place(
        p,
        loc.area.get(3).map(String::as_str),
        loc.area.get(1).map(String::as_str),
        country,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_until_count() {
        let u = Url::parse("https://x.test/v1/api/jobs/gb/search/1?app_id=a&results_per_page=2")
            .unwrap();
        let next = next_page(&u, 2, Some(5)).unwrap();
        assert_eq!(next.path(), "/v1/api/jobs/gb/search/2");
        assert_eq!(next.query(), u.query());
        let third =
            Url::parse("https://x.test/v1/api/jobs/gb/search/3?results_per_page=2").unwrap();
        assert_eq!(next_page(&third, 1, Some(5)), None);
        assert_eq!(next_page(&u, 0, Some(5)), None);
        assert_eq!(next_page(&u, 2, None), None);
        assert_eq!(country_in(&u).as_deref(), Some("gb"));
    }
}
