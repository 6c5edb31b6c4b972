//! Sources whose argument is a URL (`rss:URL`, `page:URL`) or whose definition file holds
//! one (`list:FILE`). Their built-in definitions have a placeholder `base_url` on the
//! reserved `.invalid` domain (RFC 2606): requests go where the argument says, unless
//! `--endpoint NAME=URL` replaced the placeholder, in which case the argument URL's scheme,
//! host and port are swapped for the endpoint's (its path and query kept, after any path
//! prefix the endpoint has). That is how a mirror, a proxy or a test server is used.

use super::{AdapterError, ParseCtx, Search};
use url::Url;

/// True for the placeholder base of URL-argument sources.
pub fn is_placeholder(url: &Url) -> bool {
    url.host_str()
        .is_some_and(|h| h == "invalid" || h.ends_with(".invalid"))
}

/// `text` as an absolute http(s) URL, or a usage error saying what was expected.
pub fn parse_url(source: &str, what: &str, text: &str) -> Result<Url, AdapterError> {
    match Url::parse(text.trim()) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => Ok(u),
        _ => Err(AdapterError::MissingArg {
            source_name: source.to_string(),
            what: format!("{what} ({text:?} is not an absolute http or https URL)"),
        }),
    }
}

/// The argument as an absolute http(s) URL.
pub fn arg_url(search: &Search, what: &str) -> Result<Url, AdapterError> {
    parse_url(search.source, what, search.required_arg(what)?)
}

/// Where a request for `url` goes: `url` itself, or the same path and query on the
/// `--endpoint` server.
pub fn retarget(search: &Search, url: &Url) -> Url {
    if is_placeholder(search.base) {
        return url.clone();
    }
    let mut u = search.url(url.path());
    u.set_query(url.query());
    u
}

/// The URL a body's relative links resolve against: the URL it was fetched from, or, in
/// `jobtap parse` (nothing fetched), the argument when it is a URL.
pub fn body_url(ctx: &ParseCtx) -> Option<Url> {
    if !is_placeholder(ctx.url) {
        return Some(ctx.url.clone());
    }
    ctx.arg
        .and_then(|a| Url::parse(a).ok())
        .filter(|u| u.host_str().is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::Secrets;

    fn search<'a>(base: &'a Url, settings: &'a toml::Table, secrets: &'a Secrets) -> Search<'a> {
        Search {
            source: "rss",
            arg: None,
            query: None,
            location: None,
            limit: None,
            details: false,
            base,
            settings,
            secrets,
        }
    }

    #[test]
    fn retargets_only_when_an_endpoint_is_given() {
        let (settings, secrets) = (toml::Table::new(), Secrets::default());
        let feed = Url::parse("https://jobs.example.org/feeds/all.rss?cat=2").unwrap();
        let placeholder = Url::parse("https://rss.invalid/").unwrap();
        assert_eq!(
            retarget(&search(&placeholder, &settings, &secrets), &feed),
            feed
        );
        let local = Url::parse("http://127.0.0.1:4000/mirror/").unwrap();
        assert_eq!(
            retarget(&search(&local, &settings, &secrets), &feed).as_str(),
            "http://127.0.0.1:4000/mirror/feeds/all.rss?cat=2"
        );
    }

    #[test]
    fn urls_must_be_absolute_http() {
        for bad in [
            "jobs.example.org/feed",
            "ftp://x.test/f",
            "file:///etc/passwd",
            "",
        ] {
            let e = parse_url("rss", "URL", bad).unwrap_err().to_string();
            assert!(
                e.contains("rss:URL") && e.contains("not an absolute"),
                "{e}"
            );
        }
        assert!(parse_url("rss", "URL", " https://x.test/f ").is_ok());
    }
}
