//! Which URLs jobtap fetches, and how a URL is shown. Every URL is checked here before it
//! is fetched (the first request, a redirect target, a next link, a detail link, a
//! robots.txt location); anything shown, logged or stored first loses what could be a
//! secret.

use url::Url;

/// Why a URL is not fetched, or `None` when it may be. Only `http` and `https` reach the
/// network (a `javascript:`, `data:`, `mailto:`, `about:` or `file:` URL never names a
/// page a server could send), and never with a user name or password in it: reqwest would
/// turn those into an `Authorization` header, sent to whatever host a redirect or a link
/// in someone else's page names.
pub fn refusal(url: &Url) -> Option<&'static str> {
    if !matches!(url.scheme(), "http" | "https") {
        Some("only http and https URLs are fetched")
    } else if has_userinfo(url) {
        Some("a URL with a user name or password in it is not fetched")
    } else if url.host_str().is_none_or(str::is_empty) {
        Some("it names no host")
    } else {
        None
    }
}

fn has_userinfo(url: &Url) -> bool {
    !url.username().is_empty() || url.password().is_some()
}

/// `url` without its user name and password.
pub fn without_userinfo(url: &Url) -> Url {
    let mut bare = url.clone();
    if has_userinfo(url) {
        // Only URLs that cannot have a host refuse these, and those have no userinfo.
        let _ = bare.set_username("");
        let _ = bare.set_password(None);
    }
    bare
}

/// A link as it may go into a posting: any `user:password@` taken out. Most links have no
/// `@` before their path, and those are returned as they are without being parsed.
pub fn link_without_userinfo(link: &str) -> Option<String> {
    let authority = link.split_once("://")?.1;
    let end = authority.find(['/', '?', '#']).unwrap_or(authority.len());
    if !authority[..end].contains('@') {
        return None;
    }
    Url::parse(link)
        .ok()
        .map(|u| without_userinfo(&u).to_string())
}

/// A URL as it may be shown to the user: no user name or password, query values that look
/// like credentials hidden, and at most a few hundred characters (a `data:` URL can be
/// megabytes).
pub fn redact(url: &Url) -> String {
    const SECRET: [&str; 6] = ["key", "token", "secret", "app_id", "password", "auth"];
    let mut shown = without_userinfo(url);
    if url.query().is_some() {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| {
                let secret = SECRET.iter().any(|s| k.to_ascii_lowercase().contains(s));
                (
                    k.into_owned(),
                    if secret {
                        "REDACTED".into()
                    } else {
                        v.into_owned()
                    },
                )
            })
            .collect();
        shown.query_pairs_mut().clear().extend_pairs(pairs);
    }
    shorten(shown.to_string())
}

/// A URL whose path and query may be its secret (a Slack or Discord webhook's are), shown
/// as its origin alone: `https://hooks.slack.com/…`.
pub fn redact_path(url: &Url) -> String {
    let shown = without_userinfo(url);
    let rest = if url.path() == "/" && url.query().is_none() {
        ""
    } else {
        "…"
    };
    format!("{}/{rest}", shown.origin().ascii_serialization())
}

const SHOWN_CHARS: usize = 300;

fn shorten(mut s: String) -> String {
    if let Some((at, _)) = s.char_indices().nth(SHOWN_CHARS) {
        s.truncate(at);
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn only_plain_http_urls_are_fetched() {
        for ok in ["http://a.test/x", "https://a.test:8443/x?y=1"] {
            assert_eq!(refusal(&url(ok)), None, "{ok}");
        }
        for bad in [
            "javascript:void(0)",
            "data:text/plain,hi",
            "mailto:jobs@a.test",
            "about:blank",
            "file:///etc/passwd",
            "ftp://a.test/x",
        ] {
            assert_eq!(
                refusal(&url(bad)),
                Some("only http and https URLs are fetched"),
                "{bad}"
            );
        }
        for creds in [
            "http://user:pw@a.test/",
            "http://user@a.test/",
            "http://:pw@a.test/",
        ] {
            assert!(
                refusal(&url(creds)).unwrap().contains("user name"),
                "{creds}"
            );
        }
    }

    #[test]
    fn redacts_credentials() {
        let u = url("https://api.test/search?what=csr&app_id=123&app_key=abc");
        let shown = redact(&u);
        assert!(!shown.contains("123") && !shown.contains("abc"), "{shown}");
        assert!(shown.contains("what=csr"));
        let shown = redact(&url("http://user:hunter2@a.test/x?q=1"));
        assert_eq!(shown, "http://a.test/x?q=1");
    }

    #[test]
    fn long_urls_are_shortened() {
        let long = format!("data:text/plain,{}", "x".repeat(10_000));
        let shown = redact(&url(&long));
        assert_eq!(shown.chars().count(), SHOWN_CHARS + 1);
        assert!(shown.starts_with("data:text/plain,xxx") && shown.ends_with('…'));
    }

    #[test]
    fn links_lose_their_userinfo() {
        assert_eq!(
            link_without_userinfo("http://u:p@a.test/job/1?x=@y").as_deref(),
            Some("http://a.test/job/1?x=@y")
        );
        assert_eq!(link_without_userinfo("https://a.test/job/@me"), None);
        assert_eq!(link_without_userinfo("https://a.test?mail=a@b"), None);
        assert_eq!(link_without_userinfo("not a url"), None);
    }
}
