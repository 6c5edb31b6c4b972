//! One adapter per source format, behind one narrow trait. An adapter knows how to ask
//! (`request`) and how to read (`parse`); it never fetches. `parse` is a pure function of
//! the response body, so every adapter is tested offline against saved responses.

// Readers the adapters share.
mod de;
mod feed;
mod html;
mod jsonld;
mod url_arg;

/// Declares each adapter's module and lists it in `by_name`, from one table.
macro_rules! adapters {
    ($($name:literal => $module:ident::$adapter:ident,)*) => {
        $(mod $module;)*

        /// Every adapter, by the name definitions use in `adapter = "..."`.
        pub fn by_name(name: &str) -> Option<&'static dyn Adapter> {
            Some(match name {
                $($name => &$module::$adapter,)*
                _ => return None,
            })
        }
    };
}

// Every adapter, one row each: the name definitions use, its module and its type. `build.rs`
// fails the build naming any row no definition in `sources/` names, and any definition
// naming an adapter that has no row (`build/adapters.rs`).
adapters! {
    "adzuna" => adzuna::Adzuna,
    "arbeitnow" => arbeitnow::Arbeitnow,
    "ashby" => ashby::Ashby,
    "craigslist" => craigslist::Craigslist,
    "greenhouse" => greenhouse::Greenhouse,
    "himalayas" => himalayas::Himalayas,
    "hn" => hn::Hn,
    "jobicy" => jobicy::Jobicy,
    "lever" => lever::Lever,
    "list" => list::List,
    "page" => page::JobPage,
    "recruitee" => recruitee::Recruitee,
    "remoteok" => remoteok::RemoteOk,
    "remotive" => remotive::Remotive,
    "rss" => rss::Rss,
    "smartrecruiters" => smartrecruiters::SmartRecruiters,
    "themuse" => themuse::TheMuse,
    "usajobs" => usajobs::UsaJobs,
    "weworkremotely" => weworkremotely::WeWorkRemotely,
    "workable" => workable::Workable,
}

use crate::posting::Posting;
use crate::secrets::Secrets;
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use thiserror::Error;
use url::Url;

pub trait Adapter: Sync {
    /// The first request of a search.
    fn request(&self, search: &Search) -> Result<Request, AdapterError>;

    /// Reads one response body into postings and, for paged sources, the next page's URL.
    fn parse(&self, body: &[u8], ctx: &ParseCtx) -> Result<Page, AdapterError>;

    /// `parse` for one large body, its postings handed to `emit` in batches as they are
    /// read, in document order: `jobtap parse` finishes and writes one batch of a feed of
    /// thousands while the next is read. The default reads the whole body, then emits once.
    fn parse_batches(
        &self,
        body: &[u8],
        ctx: &ParseCtx,
        emit: &mut dyn FnMut(Vec<Posting>),
    ) -> Result<(), AdapterError> {
        emit(self.parse(body, ctx)?.postings);
        Ok(())
    }

    /// True when `request` passes `--query` to the site, so results need no local filter.
    fn searches_query(&self) -> bool {
        false
    }

    /// For sources whose lists lack details (Craigslist, SmartRecruiters): the page to fetch
    /// for a posting's details when the user asked for them (`--details`). `list` is the
    /// context of the list page the posting came from (its URL carries any `--endpoint`).
    fn detail_url(&self, _posting: &Posting, _list: &ParseCtx) -> Option<Url> {
        None
    }

    /// Reads a detail page into the posting it belongs to; pure, like `parse`.
    fn parse_detail(
        &self,
        _body: &[u8],
        _posting: &mut Posting,
        _ctx: &ParseCtx,
    ) -> Result<Detail, AdapterError> {
        Ok(Detail::Updated)
    }
}

/// What a detail page said about its posting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    Updated,
    /// Removed, expired or deleted: the posting is dropped, not exported.
    Gone,
}

/// What the user asked of one source.
pub struct Search<'a> {
    pub source: &'a str,
    pub arg: Option<&'a str>,
    pub query: Option<&'a str>,
    pub location: Option<&'a str>,
    pub limit: Option<usize>,
    /// Whether to fetch detail pages for sources whose lists lack details.
    pub details: bool,
    pub base: &'a Url,
    pub settings: &'a toml::Table,
    pub secrets: &'a Secrets,
}

impl Search<'_> {
    /// The `NAME:ARG` argument, or a clear error naming what it should be.
    pub fn required_arg(&self, what: &str) -> Result<&str, AdapterError> {
        self.arg.ok_or_else(|| AdapterError::MissingArg {
            source_name: self.source.to_string(),
            what: what.to_string(),
        })
    }

    /// `base` with `path` appended: keeps any path prefix a mirror or proxy base has.
    pub fn url(&self, path: &str) -> Url {
        let mut u = self.base.clone();
        let joined = format!(
            "{}/{}",
            u.path().trim_end_matches('/'),
            path.trim_start_matches('/')
        );
        u.set_path(&joined);
        u
    }

    /// A secret (API key) by the environment variable that holds it, or a clear error
    /// naming that variable. The value never appears in errors, logs or output.
    pub fn secret(&self, var: &str) -> Result<String, AdapterError> {
        self.secrets
            .get(var)
            .ok_or_else(|| AdapterError::MissingKey {
                source_name: self.source.to_string(),
                var: var.to_string(),
            })
    }

    pub fn setting_str(&self, key: &str) -> Option<&str> {
        self.settings.get(key).and_then(|v| v.as_str())
    }

    pub fn setting_usize(&self, key: &str) -> Option<usize> {
        self.settings
            .get(key)
            .and_then(|v| v.as_integer())
            .and_then(|v| usize::try_from(v).ok())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub url: Url,
    /// Extra headers (API keys): never logged or shown.
    pub headers: Vec<(String, String)>,
    /// A rate the source's own file asks for (a list definition's `rate`); the definition's
    /// rate applies otherwise, and `--rate` overrides both.
    pub rate: Option<crate::fetch::Rate>,
}

impl From<Url> for Request {
    fn from(url: Url) -> Self {
        Request {
            url,
            headers: Vec::new(),
            rate: None,
        }
    }
}

/// Where a body came from, for the parts of a posting that depend on it.
pub struct ParseCtx<'a> {
    /// The `source` column: the definition's name.
    pub source: &'a str,
    pub arg: Option<&'a str>,
    /// The URL the body was served from (relative links resolve against it).
    pub url: &'a Url,
    pub fetched_at: DateTime<Utc>,
}

impl ParseCtx<'_> {
    pub fn posting(&self, source_id: impl Into<String>) -> Posting {
        Posting::new(self.source, source_id, self.fetched_at)
    }
}

#[derive(Debug, Default)]
pub struct Page {
    pub postings: Vec<Posting>,
    pub next: Option<Url>,
}

#[derive(Debug, Error)]
pub enum AdapterError {
    #[error("needs an argument: {source_name}:{what}")]
    MissingArg { source_name: String, what: String },
    #[error("needs an API key: set the environment variable {var}")]
    MissingKey { source_name: String, var: String },
    #[error("unexpected response: {0}")]
    Format(String),
}

/// Deserializes JSON, naming the path of the first field that did not fit. A byte that is
/// not UTF-8 (a Latin-1 "é" in one title) costs one character, not the source.
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, AdapterError> {
    let body = repaired_utf8(body);
    let de = &mut serde_json::Deserializer::from_slice(&body);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path == "." || path.is_empty() {
            AdapterError::Format(format!("invalid JSON: {inner}"))
        } else {
            AdapterError::Format(format!("invalid JSON at {path}: {inner}"))
        }
    })
}

/// `body` as UTF-8: valid runs as they are, each byte that breaks them read as
/// Windows-1252, as pages with no usable charset are (`text::decode_page`).
fn repaired_utf8(body: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if simdutf8::basic::from_utf8(body).is_ok() {
        return std::borrow::Cow::Borrowed(body);
    }
    let mut text = String::with_capacity(body.len() + 16);
    let mut rest = body;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                text.push_str(valid);
                break;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                text.push_str(std::str::from_utf8(valid).unwrap_or_default());
                let bad = e.error_len().unwrap_or(after.len());
                text.push_str(
                    &encoding_rs::WINDOWS_1252
                        .decode_without_bom_handling(&after[..bad])
                        .0,
                );
                rest = &after[bad..];
            }
        }
    }
    std::borrow::Cow::Owned(text.into_bytes())
}

/// A query parameter of `url` read as a number (the page, offset or size paging runs on).
pub fn query_number<T: std::str::FromStr>(url: &Url, key: &str) -> Option<T> {
    url.query_pairs()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.parse().ok())
}

/// Sets `url`'s query parameter `key` to `value` in place (appended if absent), keeping
/// the other parameters in their order.
pub fn with_query_param(url: &Url, key: &str, value: &str) -> Url {
    let mut found = false;
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            if k == key {
                found = true;
                (k.into_owned(), value.to_string())
            } else {
                (k.into_owned(), v.into_owned())
            }
        })
        .collect();
    let mut u = url.clone();
    {
        let mut q = u.query_pairs_mut();
        q.clear().extend_pairs(pairs);
        if !found {
            q.append_pair(key, value);
        }
    }
    u
}

#[cfg(test)]
#[path = "../../build/adapters.rs"]
mod build_check;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_that_is_not_utf8_costs_one_character() {
        let ok = "{\"t\": \"Caf\u{e9} \u{2013} ok\"}".as_bytes();
        assert!(matches!(repaired_utf8(ok), std::borrow::Cow::Borrowed(_)));
        let mut latin1 = b"{\"t\": \"Caf\xe9 \xe2\x80\x93 \x93quoted\x94 ".to_vec();
        latin1.extend_from_slice(b"\xe2\x80\"}");
        let value: serde_json::Value = parse_json(&latin1).unwrap();
        assert_eq!(
            value["t"],
            "Caf\u{e9} \u{2013} \u{201c}quoted\u{201d} \u{e2}\u{20ac}"
        );
    }
}
