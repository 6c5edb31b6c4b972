//! SmartRecruiters posting API: `GET /v1/companies/{company}/postings?q=&limit=&offset=`,
//! paged by `offset` up to `totalFound`. The list carries no description: with `--details`
//! each posting's `GET .../postings/{id}` fills it from the ad's sections.

use super::{
    parse_json, query_number, with_query_param, Adapter, AdapterError, Detail, Page, ParseCtx,
    Request, Search,
};
use crate::normalize::{self, date::parse_date, employment, text};
use crate::posting::{EmploymentType, Posting, Workplace};
use serde::Deserialize;
use url::Url;

pub struct SmartRecruiters;

const PAGE_SIZE: usize = 100;
const PUBLIC_BOARD: &str = "https://jobs.smartrecruiters.com";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct List {
    #[serde(default)]
    total_found: Option<usize>,
    content: Vec<Item>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Item {
    id: String,
    name: String,
    #[serde(default)]
    company: Option<Company>,
    #[serde(default)]
    released_date: Option<String>,
    #[serde(default)]
    location: Option<Location>,
    #[serde(default)]
    type_of_employment: Option<Labelled>,
    #[serde(default)]
    experience_level: Option<Labelled>,
}

#[derive(Deserialize)]
struct Company {
    #[serde(default)]
    identifier: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(default)]
    city: Option<String>,
    #[serde(default)]
    region: Option<String>,
    /// ISO 3166-1 alpha-2, lower case.
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    remote: Option<bool>,
    #[serde(default)]
    hybrid: Option<bool>,
    #[serde(default)]
    full_location: Option<String>,
}

#[derive(Deserialize)]
struct Labelled {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    label: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PostingDetail {
    #[serde(default)]
    posting_url: Option<String>,
    #[serde(default)]
    apply_url: Option<String>,
    #[serde(default)]
    job_ad: Option<JobAd>,
}

#[derive(Deserialize)]
struct JobAd {
    #[serde(default)]
    sections: Option<Sections>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Sections {
    #[serde(default)]
    company_description: Option<Section>,
    #[serde(default)]
    job_description: Option<Section>,
    #[serde(default)]
    qualifications: Option<Section>,
    #[serde(default)]
    additional_information: Option<Section>,
}

#[derive(Deserialize)]
struct Section {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

impl Adapter for SmartRecruiters {
    fn request(&self, search: &Search) -> Result<Request, AdapterError> {
        let company = search.required_arg("COMPANY")?;
        let mut url = search.url(&format!("v1/companies/{company}/postings"));
        {
            let mut q = url.query_pairs_mut();
            if let Some(query) = search.query {
                q.append_pair("q", query);
            }
            let size = search.setting_usize("page_size").unwrap_or(PAGE_SIZE);
            q.append_pair("limit", &size.to_string());
            q.append_pair("offset", "0");
        }
        Ok(url.into())
    }

    fn parse(&self, body: &[u8], ctx: &ParseCtx) -> Result<Page, AdapterError> {
        let list: List = parse_json(body)?;
        let next = next_page(ctx.url, list.content.len(), list.total_found);
        let postings = list.content.into_iter().map(|i| read(i, ctx)).collect();
        Ok(Page { postings, next })
    }

    fn searches_query(&self) -> bool {
        true
    }

    /// The detail API sits under the list's path: `.../postings/{id}`, on whatever host
    /// the list came from.
    fn detail_url(&self, posting: &Posting, list: &ParseCtx) -> Option<Url> {
        let mut detail = list.url.clone();
        detail.set_query(None);
        detail
            .path_segments_mut()
            .ok()?
            .pop_if_empty()
            .push(&posting.source_id);
        Some(detail)
    }

    fn parse_detail(
        &self,
        body: &[u8],
        posting: &mut Posting,
        _ctx: &ParseCtx,
    ) -> Result<Detail, AdapterError> {
        let detail: PostingDetail = parse_json(body)?;
        if let Some(url) = detail.posting_url.or(detail.apply_url) {
            posting.url = url;
        }
        if let Some(s) = detail.job_ad.and_then(|a| a.sections) {
            let html: String = [
                s.company_description,
                s.job_description,
                s.qualifications,
                s.additional_information,
            ]
            .into_iter()
            .flatten()
            .filter_map(|sec| {
                let body = sec.text.filter(|t| !t.trim().is_empty())?;
                let title = sec
                    .title
                    .map(|t| format!("<h3>{t}</h3>"))
                    .unwrap_or_default();
                Some(format!("{title}{body}"))
            })
            .collect();
            posting.description = text::html_to_text(&html);
        }
        Ok(Detail::Updated)
    }
}

/// The next `offset` while the postings seen are fewer than `totalFound`.
fn next_page(url: &Url, got: usize, total: Option<usize>) -> Option<Url> {
    let offset: usize = query_number(url, "offset")?;
    let seen = offset + got;
    (got > 0 && total.is_some_and(|t| seen < t))
        .then(|| with_query_param(url, "offset", &seen.to_string()))
}

fn read(item: Item, ctx: &ParseCtx) -> Posting {
    let mut p = ctx.posting(item.id.clone());
    p.title = text::clean_inline(&item.name);
    let (identifier, name) = match item.company {
        Some(c) => (c.identifier, c.name),
        None => (None, None),
    };
    p.company = name
        .or_else(|| identifier.clone())
        .or_else(|| ctx.arg.map(str::to_string))
        .map(|c| text::clean_inline(&c));
    if let Some(company) = ctx.arg.map(str::to_string).or(identifier) {
        p.url = format!("{PUBLIC_BOARD}/{company}/{}", item.id);
    }
    if let Some(loc) = item.location {
        p.workplace = match (loc.remote, loc.hybrid) {
            (_, Some(true)) => Workplace::Hybrid,
            (Some(true), _) => Workplace::Remote,
            (Some(false), Some(false)) => Workplace::Onsite,
            _ => Workplace::Unknown,
        };
        // "Dubai, , United Arab Emirates": the site leaves empty parts in.
        let full = loc.full_location.map(|f| {
            f.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", ")
        });
        if let Some(full) = full {
            normalize::set_location(&mut p, &full);
        }
        // The separate parts are exact where the text is ambiguous ("Toronto, ON, CA").
        normalize::set_place(
            &mut p,
            loc.city.as_deref(),
            loc.region.as_deref(),
            loc.country.as_deref(),
        );
    }
    if let Some(t) = item.type_of_employment {
        if let Some(label) = t.label.filter(|l| !l.trim().is_empty()).or(t.id) {
            p.employment_type = employment::employment_types(&label);
        }
    }
    if item.experience_level.and_then(|e| e.id).as_deref() == Some("internship") {
        p.add_employment_type(EmploymentType::Internship);
    }
    p.posted_at = item
        .released_date
        .and_then(|d| parse_date(&d, ctx.fetched_at));
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_until_total_found() {
        let u = Url::parse("https://x.test/v1/companies/a/postings?limit=2&offset=0").unwrap();
        let next = next_page(&u, 2, Some(5)).unwrap();
        assert_eq!(next.query(), Some("limit=2&offset=2"));
        let last = Url::parse("https://x.test/p?limit=2&offset=4").unwrap();
        assert_eq!(next_page(&last, 1, Some(5)), None);
        assert_eq!(next_page(&u, 0, Some(5)), None, "an empty page ends it");
        assert_eq!(next_page(&u, 2, None), None);
    }
}
