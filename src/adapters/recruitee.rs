//! Recruitee careers-site API: `GET https://{company}.recruitee.com/api/offers/`, one
//! response with every published offer. The host depends on the argument, so the
//! definition's base URL is a template with `{arg}` (in the host or the path); a base
//! without it (`--endpoint`, a mirror) is used as it is.

use super::{de, parse_json, Adapter, AdapterError, Page, ParseCtx, Request, Search};
use crate::normalize::{
    self,
    date::{parse_date, parse_deadline},
    employment, salary, text,
};
use crate::posting::{EmploymentType, Posting, Workplace};
use serde::Deserialize;
use url::Url;

pub struct Recruitee;

/// Fewer hours a week than this is part-time, whatever the contract code says of the term.
const PART_TIME_HOURS: f64 = 30.0;

#[derive(Deserialize)]
struct Offers {
    offers: Vec<Offer>,
}

#[derive(Deserialize)]
struct Offer {
    id: u64,
    title: String,
    #[serde(default)]
    slug: Option<String>,
    #[serde(default)]
    company_name: Option<String>,
    #[serde(default)]
    careers_url: Option<String>,
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    city: Option<String>,
    #[serde(default)]
    state_code: Option<String>,
    #[serde(default)]
    country_code: Option<String>,
    #[serde(default)]
    remote: Option<bool>,
    #[serde(default)]
    hybrid: Option<bool>,
    #[serde(default)]
    on_site: Option<bool>,
    #[serde(default)]
    employment_type_code: Option<String>,
    #[serde(default)]
    max_hours: Option<f64>,
    #[serde(default)]
    salary: Option<Pay>,
    #[serde(default)]
    published_at: Option<String>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default, deserialize_with = "de::id_string")]
    close_at: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    requirements: Option<String>,
}

#[derive(Deserialize)]
struct Pay {
    /// Amounts come as strings ("3200") or numbers, or null.
    #[serde(default)]
    min: serde_json::Value,
    #[serde(default)]
    max: serde_json::Value,
    #[serde(default)]
    currency: Option<String>,
    #[serde(default)]
    period: Option<String>,
}

impl Adapter for Recruitee {
    fn request(&self, search: &Search) -> Result<Request, AdapterError> {
        let company = search.required_arg("COMPANY")?;
        // The argument becomes a host name: nothing else may ride in on it.
        if !company
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err(AdapterError::MissingArg {
                source_name: search.source.to_string(),
                what: "COMPANY (the subdomain in COMPANY.recruitee.com)".into(),
            });
        }
        let base = for_company(search.base, company);
        let search = Search {
            base: &base,
            ..*search
        };
        Ok(search.url("api/offers/").into())
    }

    fn parse(&self, body: &[u8], ctx: &ParseCtx) -> Result<Page, AdapterError> {
        let offers: Offers = parse_json(body)?;
        let site = ctx
            .arg
            .map_or_else(|| ctx.url.clone(), |a| for_company(ctx.url, a));
        let postings = offers
            .offers
            .into_iter()
            .map(|o| read(o, ctx, &site))
            .collect();
        Ok(Page {
            postings,
            next: None,
        })
    }
}

/// `base` with `{arg}` replaced by the company; unchanged when it has none.
fn for_company(base: &Url, company: &str) -> Url {
    let text = base.as_str();
    let replaced = text.replace("{arg}", company).replace("%7Barg%7D", company);
    if replaced == text {
        return base.clone();
    }
    Url::parse(&replaced).unwrap_or_else(|_| base.clone())
}

fn read(o: Offer, ctx: &ParseCtx, site: &Url) -> Posting {
    let mut p = ctx.posting(o.id.to_string());
    p.title = text::clean_inline(&o.title);
    p.company = o
        .company_name
        .or_else(|| ctx.arg.map(str::to_string))
        .map(|c| text::clean_inline(&c));
    p.url = o
        .careers_url
        .or_else(|| {
            let slug = o.slug?;
            site.join(&format!("/o/{slug}")).ok().map(String::from)
        })
        .unwrap_or_default();
    p.workplace = match (o.hybrid, o.remote, o.on_site) {
        (Some(true), _, _) => Workplace::Hybrid,
        (_, Some(true), _) => Workplace::Remote,
        (_, _, Some(true)) => Workplace::Onsite,
        _ => Workplace::Unknown,
    };
    if let Some(loc) = o.location {
        normalize::set_location(&mut p, &loc);
    }
    normalize::set_place(
        &mut p,
        o.city.as_deref(),
        o.state_code.as_deref(),
        o.country_code.as_deref(),
    );
    if let Some(code) = o.employment_type_code {
        p.employment_type = employment::employment_types(&code);
    }
    let short_week = o.max_hours.is_some_and(|h| h > 0.0 && h < PART_TIME_HOURS);
    if short_week && !p.employment_type.contains(&EmploymentType::FullTime) {
        p.add_employment_type(EmploymentType::PartTime);
    }
    if let Some(pay) = o.salary {
        p.salary.min = salary::amount(&pay.min);
        p.salary.max = salary::amount(&pay.max);
        if !p.salary.is_empty() {
            p.salary.currency = pay.currency.as_deref().and_then(salary::currency);
            p.salary.period = pay.period.as_deref().and_then(salary::period);
        }
    }
    p.posted_at = o
        .published_at
        .or(o.created_at)
        .and_then(|d| parse_date(&d, ctx.fetched_at));
    p.valid_through = o.close_at.and_then(|d| parse_deadline(&d, ctx.fetched_at));
    let html = [o.description, o.requirements]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("<p></p>");
    p.description = text::html_to_text(&html);
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_host_takes_the_company() {
        let template = Url::parse("https://{arg}.recruitee.com").unwrap();
        assert_eq!(
            for_company(&template, "acme").as_str(),
            "https://acme.recruitee.com/"
        );
        let in_path = Url::parse("http://127.0.0.1:8080/sites/{arg}").unwrap();
        assert_eq!(
            for_company(&in_path, "acme").as_str(),
            "http://127.0.0.1:8080/sites/acme"
        );
        let mirror = Url::parse("http://127.0.0.1:8080/prefix").unwrap();
        assert_eq!(for_company(&mirror, "acme"), mirror);
    }
}
