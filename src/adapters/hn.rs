//! Hacker News "Ask HN: Who is hiring?" through the Algolia HN API, in two steps: the
//! search `GET /api/v1/search_by_date?tags=story,author_whoishiring` finds the newest
//! hiring thread (the same account also posts "Who wants to be hired?" and "Freelancer?"
//! threads), and `GET /api/v1/items/{id}` returns it with its comments. `parse` tells the
//! two bodies apart by their JSON: a search has `hits`, an item has `children`.
//!
//! Each top-level comment is one posting. By the thread's convention its first line is
//! "Company | Title | Location | REMOTE | Full-time | $120k-$150k" in any order after the
//! title; fields that cannot be told apart are left empty rather than guessed.

use super::{de, parse_json, Adapter, AdapterError, Page, ParseCtx, Request, Search};
use crate::normalize::{self, date, employment, location, salary, text};
use crate::posting::{EmploymentType, Posting, Salary, Workplace};
use serde::Deserialize;

pub struct Hn;

const HIRING: &str = "Ask HN: Who is hiring?";

/// Longest title taken from a first line that has no fields.
const MAX_TITLE: usize = 100;

#[derive(Deserialize)]
struct Body {
    #[serde(default)]
    hits: Option<Vec<Hit>>,
    #[serde(default)]
    children: Option<Vec<Comment>>,
}

#[derive(Deserialize)]
struct Hit {
    #[serde(rename = "objectID", default, deserialize_with = "de::id_string")]
    object_id: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    created_at_i: Option<i64>,
}

#[derive(Deserialize)]
struct Comment {
    id: u64,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    created_at_i: Option<i64>,
    #[serde(default)]
    created_at: Option<String>,
}

impl Adapter for Hn {
    fn request(&self, search: &Search) -> Result<Request, AdapterError> {
        let mut url = search.url("api/v1/search_by_date");
        url.query_pairs_mut()
            .append_pair("tags", "story,author_whoishiring")
            .append_pair("hitsPerPage", "20");
        Ok(url.into())
    }

    fn parse(&self, body: &[u8], ctx: &ParseCtx) -> Result<Page, AdapterError> {
        let body: Body = parse_json(body)?;
        if let Some(hits) = body.hits {
            let id = newest_hiring_thread(&hits).ok_or_else(|| {
                AdapterError::Format(format!(
                    "no \"{HIRING}\" thread among the {} stories found",
                    hits.len()
                ))
            })?;
            let next = ctx
                .url
                .join(&format!("items/{id}"))
                .map_err(|e| AdapterError::Format(format!("thread id {id:?}: {e}")))?;
            return Ok(Page {
                postings: Vec::new(),
                next: Some(next),
            });
        }
        let comments = body.children.ok_or_else(|| {
            AdapterError::Format(
                "neither a search response (hits) nor a thread (children)".to_string(),
            )
        })?;
        let postings = comments.into_iter().filter_map(|c| read(c, ctx)).collect();
        Ok(Page {
            postings,
            next: None,
        })
    }
}

fn newest_hiring_thread(hits: &[Hit]) -> Option<&str> {
    hits.iter()
        .filter(|h| {
            h.title
                .as_deref()
                .is_some_and(|t| t.trim_start().starts_with(HIRING))
        })
        .filter_map(|h| Some((h.object_id.as_deref()?, h.created_at_i.unwrap_or(0))))
        .max_by_key(|(_, at)| *at)
        .map(|(id, _)| id)
}

/// A comment as a posting; deleted and empty comments are none.
fn read(c: Comment, ctx: &ParseCtx) -> Option<Posting> {
    let description = text::html_to_text(c.text.as_deref()?);
    let first_line = description.lines().next()?.trim();
    if first_line.is_empty() {
        return None;
    }
    let header = Header::parse(first_line);
    let mut p = ctx.posting(c.id.to_string());
    p.title = header.title;
    p.company = header.company;
    p.workplace = header.workplace;
    if let Some(loc) = header.location {
        normalize::set_location(&mut p, &loc);
    }
    for t in header.types {
        p.add_employment_type(t);
    }
    if let Some(s) = header.salary {
        p.salary = s;
    }
    p.posted_at = c
        .created_at_i
        .and_then(|t| date::from_unix(t, ctx.fetched_at))
        .or_else(|| {
            c.created_at
                .and_then(|d| date::parse_date(&d, ctx.fetched_at))
        });
    p.url = format!("https://news.ycombinator.com/item?id={}", c.id);
    p.description = description;
    Some(p)
}

/// What the first line of a hiring comment says.
#[derive(Debug, Default, PartialEq)]
struct Header {
    company: Option<String>,
    title: String,
    location: Option<String>,
    workplace: Workplace,
    types: Vec<EmploymentType>,
    salary: Option<Salary>,
}

impl Header {
    fn parse(line: &str) -> Header {
        let fields: Vec<String> = line
            .split('|')
            .map(text::clean_inline)
            .filter(|f| !f.is_empty())
            .collect();
        let Some((company, rest)) = fields.split_first().filter(|(_, rest)| !rest.is_empty())
        else {
            return Header {
                title: clip(&text::clean_inline(line)),
                ..Header::default()
            };
        };
        let mut h = Header {
            company: Some(company.clone()),
            ..Header::default()
        };
        // The title comes first after the company, unless that field is only a label
        // ("Acme | REMOTE | Engineer").
        let title_at = rest
            .iter()
            .position(|f| !is_link(f) && !is_label(f) && pay(f).is_none());
        h.title = match title_at {
            Some(i) => rest[i].clone(),
            None => clip(&text::clean_inline(line)),
        };
        let mut remote_place = None;
        for (i, f) in rest.iter().enumerate() {
            if Some(i) == title_at || is_link(f) {
                continue;
            }
            if let Some(s) = pay(f) {
                h.salary.get_or_insert(s);
                continue;
            }
            let (workplace, types) = labels(f);
            if workplace.is_some() || !types.is_empty() {
                if let Some(w) = workplace.filter(|_| h.workplace == Workplace::Unknown) {
                    h.workplace = w;
                }
                for t in types {
                    if !h.types.contains(&t) {
                        h.types.push(t);
                    }
                }
                // "Remote (US)" names a place too; "Remote, PT hours" does not.
                if workplace.is_some() && remote_place.is_none() && names_place(f) {
                    remote_place = Some(f.clone());
                }
                continue;
            }
            // A place: the field right after the title by convention, or any field that
            // names a country or region. Other free text ("VISA", "Equity") is skipped.
            let after_title = title_at.is_some_and(|t| i == t + 1);
            if h.location.is_none() && (after_title || names_region(f)) {
                h.location = Some(f.clone());
            }
        }
        h.location = h.location.or(remote_place);
        h.types.sort();
        h
    }
}

fn is_link(f: &str) -> bool {
    let l = f.to_lowercase();
    l.contains("http://") || l.contains("https://") || l.starts_with("www.") || l.contains('@')
}

/// Pay: an amount with a currency or a `k` ("€75k–110k", "$150 - 210K USD", "120k-150k").
fn pay(f: &str) -> Option<Salary> {
    let s = salary::parse_salary_text(f);
    let has_k = f
        .as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_digit() && w[1].eq_ignore_ascii_case(&b'k'));
    ((s.min.is_some() || s.max.is_some()) && (s.currency.is_some() || has_k)).then_some(s)
}

/// Workplace and job types a field names, piece by piece ("Full-time, Remote").
fn labels(f: &str) -> (Option<Workplace>, Vec<EmploymentType>) {
    let mut workplace = None;
    let mut types = Vec::new();
    for piece in f.split([',', '/', ';', '+']).map(str::trim) {
        let w = employment::workplace(piece);
        if w != Workplace::Unknown {
            workplace.get_or_insert(w);
        } else if names_job_type(piece) {
            types.extend(employment::employment_types(piece));
        }
    }
    (workplace, types)
}

/// Whether a piece spells out a job type. "PT"/"FT" alone are not trusted here: in these
/// threads they are time zones as often as not ("Remote, PT/ET hours").
fn names_job_type(piece: &str) -> bool {
    let l = piece.to_lowercase();
    [
        "full",
        "part",
        "contract",
        "freelance",
        "intern",
        "temp",
        "seasonal",
        "permanent",
        "volunteer",
    ]
    .iter()
    .any(|w| l.contains(w))
        && !employment::employment_types(piece).is_empty()
}

/// Words of workplace and job-type labels ("Full-time", "Remote only", "On site").
const LABEL_WORDS: [&str; 35] = [
    "remote",
    "hybrid",
    "onsite",
    "on",
    "site",
    "office",
    "in",
    "person",
    "full",
    "part",
    "time",
    "fulltime",
    "parttime",
    "contract",
    "contractor",
    "contractors",
    "freelance",
    "freelancer",
    "intern",
    "interns",
    "internship",
    "internships",
    "temporary",
    "temp",
    "seasonal",
    "permanent",
    "volunteer",
    "only",
    "fully",
    "friendly",
    "ok",
    "or",
    "and",
    "first",
    "100",
];

/// Areas wider than a country that remote posts are limited to.
const AREA_WORDS: [&str; 9] = [
    "europe",
    "eu",
    "emea",
    "americas",
    "worldwide",
    "anywhere",
    "global",
    "latam",
    "apac",
];

fn words(f: &str) -> impl Iterator<Item = String> + '_ {
    f.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

fn is_area(word: &str) -> bool {
    AREA_WORDS.contains(&word) || location::country_code(word).is_some()
}

/// A field that is only workplace and job-type words, perhaps with a country or area
/// ("REMOTE", "Full-time, Remote", "Remote (US)"), unlike a title that mentions one
/// ("Remote Support Engineer", "Office Manager").
fn is_label(f: &str) -> bool {
    let (workplace, types) = labels(f);
    (workplace.is_some() || !types.is_empty())
        && words(f).all(|w| LABEL_WORDS.contains(&w.as_str()) || is_area(&w))
}

/// A workplace field that also says where: "Remote (US)", "Remote (Europe)", "Hybrid -
/// Austin, TX"; not "Remote, PT/ET hours preferred".
fn names_place(f: &str) -> bool {
    names_region(f) || (is_label(f) && words(f).any(|w| is_area(&w) && w != "in" && w != "or"))
}

fn names_region(f: &str) -> bool {
    let place = location::split_location(f);
    place.country.is_some() || place.region.is_some()
}

fn clip(s: &str) -> String {
    if s.chars().count() <= MAX_TITLE {
        return s.to_string();
    }
    let cut: String = s.chars().take(MAX_TITLE).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::posting::SalaryPeriod;
    use EmploymentType::*;

    #[test]
    fn conventional_header() {
        let h = Header::parse(
            "Acme Corp | Support Engineer | Austin, TX | REMOTE | Full-time | $120k-$150k",
        );
        assert_eq!(h.company.as_deref(), Some("Acme Corp"));
        assert_eq!(h.title, "Support Engineer");
        assert_eq!(h.location.as_deref(), Some("Austin, TX"));
        assert_eq!(h.workplace, Workplace::Remote);
        assert_eq!(h.types, [FullTime]);
        let s = h.salary.unwrap();
        assert_eq!((s.min, s.max), (Some(120000.0), Some(150000.0)));
        assert_eq!(s.currency.as_deref(), Some("USD"));
        assert_eq!(s.period, Some(SalaryPeriod::Year));
        assert_eq!(s.text.as_deref(), Some("$120k-$150k"));
    }

    #[test]
    fn fields_in_another_order() {
        let h = Header::parse(
            "Quillbox | Fullstack SWE | Full-time | Remote, PT/ET hours preferred | $150 - 210K USD + equity | https://quillbox.example/",
        );
        assert_eq!(h.title, "Fullstack SWE");
        assert_eq!(h.types, [FullTime], "PT here is Pacific Time");
        assert_eq!(h.workplace, Workplace::Remote);
        assert_eq!(h.location, None, "hours are not a place");
        let s = h.salary.unwrap();
        assert_eq!((s.min, s.max), (Some(150000.0), Some(210000.0)));
    }

    #[test]
    fn a_remote_field_naming_a_country_is_the_location() {
        let h = Header::parse("Fjord Labs | Backend Engineer | Remote (Europe) | €75k–110k");
        assert_eq!(h.location.as_deref(), Some("Remote (Europe)"));
        assert_eq!(h.salary.unwrap().currency.as_deref(), Some("EUR"));
        let h = Header::parse("Fjord Labs | Backend Engineer | Full-time | Remote (US)");
        assert_eq!(h.location.as_deref(), Some("Remote (US)"));
        assert_eq!(h.workplace, Workplace::Remote);
    }

    #[test]
    fn free_text_fields_are_not_places() {
        let h =
            Header::parse("Lumen | Engineer | HYBRID | Utrecht, The Netherlands | DUTCH REQUIRED");
        assert_eq!(h.location.as_deref(), Some("Utrecht, The Netherlands"));
        assert_eq!(h.workplace, Workplace::Hybrid);
        let h = Header::parse("Lumen | Engineer | REMOTE | VISA");
        assert_eq!(h.location, None);
    }

    #[test]
    fn a_label_where_the_title_goes() {
        let h = Header::parse("Acme | REMOTE | Senior Support Engineer | Part-time");
        assert_eq!(h.title, "Senior Support Engineer");
        assert_eq!(h.workplace, Workplace::Remote);
        assert_eq!(h.types, [PartTime]);
        let h = Header::parse("Acme | Remote (US) | Office Manager");
        assert_eq!(h.title, "Office Manager");
        assert_eq!(h.location.as_deref(), Some("Remote (US)"));
        let h = Header::parse("Acme | Remote Support Engineer | Contract");
        assert_eq!(h.title, "Remote Support Engineer", "a title may say remote");
        assert_eq!(h.workplace, Workplace::Unknown);
        assert_eq!(h.types, [Contract]);
    }

    #[test]
    fn no_fields() {
        let h = Header::parse("We are hiring engineers in Berlin");
        assert_eq!(h.title, "We are hiring engineers in Berlin");
        assert_eq!(h.company, None);
        let long = "word ".repeat(40);
        let t = Header::parse(&long).title;
        assert!(
            t.ends_with('…') && t.chars().count() <= MAX_TITLE + 1,
            "{t}"
        );
    }

    #[test]
    fn the_newest_hiring_thread_not_the_others() {
        let hits: Vec<Hit> = serde_json::from_str(
            r#"[
                {"objectID": "3", "title": "Ask HN: Who wants to be hired? (May 2026)", "created_at_i": 300},
                {"objectID": "2", "title": "Ask HN: Freelancer? Seeking freelancer? (May 2026)", "created_at_i": 300},
                {"objectID": "1", "title": "Ask HN: Who is hiring? (May 2026)", "created_at_i": 300},
                {"objectID": "0", "title": "Ask HN: Who is hiring? (April 2026)", "created_at_i": 200}
            ]"#,
        )
        .unwrap();
        assert_eq!(newest_hiring_thread(&hits), Some("1"));
        assert_eq!(newest_hiring_thread(&hits[..2]), None);
    }
}
