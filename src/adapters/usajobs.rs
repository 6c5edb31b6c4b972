//! USAJOBS search API: `GET /api/search?Keyword=&LocationName=&ResultsPerPage=&Page=`,
//! paged by `Page` up to `SearchResult.UserArea.NumberOfPages`. It needs a key and the
//! e-mail it was registered to, sent as the `Authorization-Key` and `User-Agent` headers.

use super::{
    parse_json, query_number, with_query_param, Adapter, AdapterError, Page, ParseCtx, Request,
    Search,
};
use crate::normalize::{
    self,
    date::{parse_date, parse_deadline},
    employment, salary, text,
};
use crate::posting::{EmploymentType, Posting, Workplace};
use serde::Deserialize;
use serde_json::Value;
use url::Url;

pub struct UsaJobs;

const PAGE_SIZE: usize = 100;
const KEY_VAR: &str = "USAJOBS_API_KEY";
const EMAIL_VAR: &str = "USAJOBS_EMAIL";

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Response {
    search_result: SearchResult,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct SearchResult {
    #[serde(default)]
    search_result_items: Vec<Item>,
    #[serde(default)]
    user_area: Option<ResultArea>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ResultArea {
    /// A string ("5") in the API's answers; a number is taken too.
    #[serde(default)]
    number_of_pages: Value,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Item {
    #[serde(default)]
    matched_object_id: Option<String>,
    matched_object_descriptor: Descriptor,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Descriptor {
    #[serde(rename = "PositionID", default)]
    position_id: Option<String>,
    position_title: String,
    #[serde(rename = "PositionURI")]
    position_uri: String,
    #[serde(default)]
    organization_name: Option<String>,
    #[serde(default)]
    position_location_display: Option<String>,
    #[serde(default)]
    position_location: Vec<Location>,
    #[serde(default)]
    publication_start_date: Option<String>,
    #[serde(default)]
    application_close_date: Option<String>,
    #[serde(default)]
    position_schedule: Vec<Coded>,
    #[serde(default)]
    position_offering_type: Vec<Coded>,
    #[serde(default)]
    position_remuneration: Vec<Remuneration>,
    #[serde(default)]
    qualification_summary: Option<String>,
    #[serde(default)]
    user_area: Option<DescriptorArea>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Location {
    #[serde(default)]
    location_name: Option<String>,
    /// "Washington, District of Columbia": the city with its state.
    #[serde(default)]
    city_name: Option<String>,
    /// The state's name, despite the field's name.
    #[serde(default)]
    country_sub_division_code: Option<String>,
    /// The country's name ("United States"), despite the field's name.
    #[serde(default)]
    country_code: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Coded {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    code: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Remuneration {
    #[serde(default)]
    minimum_range: Value,
    #[serde(default)]
    maximum_range: Value,
    #[serde(default)]
    rate_interval_code: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescriptorArea {
    #[serde(default)]
    details: Option<Details>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Details {
    #[serde(default)]
    job_summary: Option<String>,
    #[serde(default)]
    major_duties: Value,
    #[serde(default)]
    telework_eligible: Value,
    #[serde(default)]
    remote_indicator: Value,
}

impl Adapter for UsaJobs {
    fn request(&self, search: &Search) -> Result<Request, AdapterError> {
        let key = search.secret(KEY_VAR)?;
        let email = search.secret(EMAIL_VAR)?;
        let mut url = search.url("api/search");
        {
            let mut q = url.query_pairs_mut();
            if let Some(query) = search.query {
                q.append_pair("Keyword", query);
            }
            // "remote" is a workplace, not a place the API could look up.
            if let Some(place) = search
                .location
                .filter(|l| !l.trim().eq_ignore_ascii_case("remote"))
            {
                q.append_pair("LocationName", place);
            }
            let size = search.setting_usize("page_size").unwrap_or(PAGE_SIZE);
            q.append_pair("ResultsPerPage", &size.to_string());
            q.append_pair("Page", "1");
        }
        // The Host header the API documents is the one every request carries already.
        Ok(Request {
            url,
            headers: vec![
                ("User-Agent".into(), email),
                ("Authorization-Key".into(), key),
            ],
            rate: None,
        })
    }

    fn parse(&self, body: &[u8], ctx: &ParseCtx) -> Result<Page, AdapterError> {
        let response: Response = parse_json(body)?;
        let result = response.search_result;
        let pages = result
            .user_area
            .and_then(|a| count(&a.number_of_pages))
            .unwrap_or(0);
        let next = next_page(ctx.url, result.search_result_items.len(), pages);
        let postings = result
            .search_result_items
            .into_iter()
            .map(|i| read(i, ctx))
            .collect();
        Ok(Page { postings, next })
    }

    fn searches_query(&self) -> bool {
        true
    }
}

fn count(v: &Value) -> Option<usize> {
    match v {
        Value::Number(n) => n.as_u64().and_then(|n| usize::try_from(n).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A yes/no the API writes as a boolean, and on some answers as "true"/"false".
fn flag(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" => Some(true),
            "false" | "no" | "n" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn next_page(url: &Url, got: usize, pages: usize) -> Option<Url> {
    let page: usize = query_number(url, "Page")?;
    (got > 0 && page < pages).then(|| with_query_param(url, "Page", &(page + 1).to_string()))
}

fn read(item: Item, ctx: &ParseCtx) -> Posting {
    let d = item.matched_object_descriptor;
    // The announcement number in PositionURI is unique; PositionID is only the agency's own.
    let id = item
        .matched_object_id
        .or(d.position_id)
        .unwrap_or_else(|| d.position_uri.clone());
    let mut p = ctx.posting(id);
    p.title = text::clean_inline(&d.position_title);
    p.url = d.position_uri;
    p.company = d
        .organization_name
        .map(|o| text::clean_inline(&o))
        .filter(|o| !o.is_empty());
    let details = d.user_area.and_then(|a| a.details);
    if let Some(det) = &details {
        p.workplace = match (flag(&det.remote_indicator), flag(&det.telework_eligible)) {
            (Some(true), _) => Workplace::Remote,
            // Federal telework is some days at home, the rest at the duty station.
            (_, Some(true)) => Workplace::Hybrid,
            (Some(false), Some(false)) => Workplace::Onsite,
            _ => Workplace::Unknown,
        };
    }
    set_places(&mut p, &d.position_location, d.position_location_display);
    set_employment_types(&mut p, &d.position_schedule, &d.position_offering_type);
    if let Some(r) = d.position_remuneration.first() {
        set_pay(&mut p, r);
    }
    p.posted_at = d
        .publication_start_date
        .and_then(|s| parse_date(&s, ctx.fetched_at));
    p.valid_through = d
        .application_close_date
        .and_then(|s| parse_deadline(&s, ctx.fetched_at));
    p.description = description(details, d.qualification_summary);
    p
}

/// The place fields from the API's locations: one is the place; of many, their names are
/// listed and a country they all share is kept.
fn set_places(p: &mut Posting, locations: &[Location], display: Option<String>) {
    match locations {
        [one] => {
            if let Some(display) = display.or(one.location_name.clone()) {
                normalize::set_location(p, &display);
            }
            let city = one
                .city_name
                .as_deref()
                .map(|c| c.split(',').next().unwrap_or(c));
            normalize::set_place(
                p,
                city,
                one.country_sub_division_code.as_deref(),
                one.country_code.as_deref(),
            );
        }
        many => {
            // "Multiple Locations" says less than the list of them.
            let names: Vec<String> = many
                .iter()
                .filter_map(|l| l.location_name.as_deref())
                .map(text::clean_inline)
                .filter(|n| !n.is_empty())
                .collect();
            if !names.is_empty() {
                p.location = Some(names.join("; "));
            } else if let Some(display) = display {
                normalize::set_location(p, &display);
            }
            // Places all in one country still have that country.
            let mut countries = many.iter().map(|l| l.country_code.as_deref());
            if let Some(first) = countries.next().flatten() {
                if countries.all(|c| c == Some(first)) {
                    normalize::set_place(p, None, None, Some(first));
                }
            }
        }
    }
}

/// Employment types from the schedule (full-time, part-time) and the offering (permanent,
/// temporary, ...).
fn set_employment_types(p: &mut Posting, schedule: &[Coded], offering_types: &[Coded]) {
    for s in schedule {
        match s.code.as_deref().map(str::trim) {
            Some("1") => p.add_employment_type(EmploymentType::FullTime),
            Some("2") => p.add_employment_type(EmploymentType::PartTime),
            _ => {
                for t in employment::employment_types(s.name.as_deref().unwrap_or("")) {
                    p.add_employment_type(t);
                }
            }
        }
    }
    for o in offering_types {
        for t in offering(o.name.as_deref().unwrap_or("")) {
            p.add_employment_type(t);
        }
    }
}

/// The summary, the major duties as a list, and the qualifications, one paragraph each.
fn description(details: Option<Details>, qualifications: Option<String>) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(det) = details {
        parts.extend(det.job_summary.map(|s| plain(&s)));
        let duties: Vec<String> = match det.major_duties {
            Value::Array(a) => a.iter().filter_map(Value::as_str).map(plain).collect(),
            Value::String(s) => vec![plain(&s)],
            _ => Vec::new(),
        };
        let duties: Vec<String> = duties
            .into_iter()
            .filter(|d| !d.is_empty())
            .map(|d| format!("- {d}"))
            .collect();
        if !duties.is_empty() {
            parts.push(duties.join("\n"));
        }
    }
    parts.extend(qualifications.map(|s| plain(&s)));
    parts.retain(|s| !s.is_empty());
    parts.join("\n\n")
}

/// The API's text fields are plain text, some with entities left in ("&amp;").
fn plain(s: &str) -> String {
    text::clean_text(&text::decode_entities(s))
}

/// The appointment's term: only what says how long it lasts ("Permanent" says full-time no
/// more than part-time, so it adds nothing).
fn offering(name: &str) -> Vec<EmploymentType> {
    let l = name.to_lowercase();
    let mut out = Vec::new();
    if l.contains("temporary") || l.split_whitespace().any(|w| w == "term") {
        out.push(EmploymentType::Temporary);
    }
    if l.contains("seasonal") {
        out.push(EmploymentType::Seasonal);
    }
    if l.contains("intern") {
        out.push(EmploymentType::Internship);
    }
    out
}

/// Federal pay is in US dollars; the interval code says per what.
fn set_pay(p: &mut Posting, r: &Remuneration) {
    let code = r.rate_interval_code.as_deref().map(str::trim).unwrap_or("");
    if code.eq_ignore_ascii_case("WC") {
        // Without compensation.
        return;
    }
    p.salary.min = salary::amount(&r.minimum_range);
    p.salary.max = salary::amount(&r.maximum_range);
    if p.salary.is_empty() {
        return;
    }
    p.salary.currency = Some("USD".into());
    // "PA", "PH"; older responses say it in words ("Per Year").
    p.salary.period = salary::period(code);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_until_number_of_pages() {
        let u = Url::parse("https://x.test/api/search?Keyword=a&Page=1").unwrap();
        assert_eq!(
            next_page(&u, 2, 3).unwrap().query(),
            Some("Keyword=a&Page=2")
        );
        let last = Url::parse("https://x.test/api/search?Page=3").unwrap();
        assert_eq!(next_page(&last, 2, 3), None);
        assert_eq!(next_page(&u, 0, 3), None);
    }

    #[test]
    fn offering_types() {
        use EmploymentType::*;
        assert_eq!(offering("Permanent"), vec![]);
        assert_eq!(offering("Term"), vec![Temporary]);
        assert_eq!(offering("Seasonal"), vec![Seasonal]);
        assert_eq!(offering("Internships"), vec![Internship]);
        assert_eq!(offering("Determined by agency"), vec![]);
    }

    #[test]
    fn flags_and_counts() {
        use serde_json::json;
        assert_eq!(flag(&json!(true)), Some(true));
        assert_eq!(flag(&json!("False")), Some(false));
        assert_eq!(flag(&json!(null)), None);
        assert_eq!(count(&json!("5")), Some(5));
        assert_eq!(count(&json!(2)), Some(2));
        assert_eq!(count(&json!("many")), None);
    }
}
