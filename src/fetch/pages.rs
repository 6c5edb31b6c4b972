//! Pages already fetched by this command. Two saved searches of one `jobtap run` that name
//! the same source ask for the same pages; the second gets them from here instead of
//! asking the site again. Kept for the command's life, up to a bound on their total size:
//! past it, pages are fetched again rather than held. A command of one search has none
//! (`fetch::Shared`).

use super::Body;
use std::{
    collections::HashMap,
    sync::{Mutex, PoisonError},
};

/// Total body bytes kept: a few hundred typical pages.
const BOUND: usize = 64 << 20;

#[derive(Default)]
pub struct Pages {
    kept: Mutex<Kept>,
}

#[derive(Default)]
struct Kept {
    bytes: usize,
    bodies: HashMap<String, Body>,
}

impl Pages {
    /// The body fetched earlier for exactly this request, if any.
    pub fn get(&self, request: &str) -> Option<Body> {
        self.kept().bodies.get(request).cloned()
    }

    /// Keeps `body` as the answer to `request` while the bound allows.
    pub fn keep(&self, request: String, body: &Body) {
        let mut kept = self.kept();
        if kept.bytes + body.bytes.len() <= BOUND && !kept.bodies.contains_key(&request) {
            kept.bytes += body.bytes.len();
            kept.bodies.insert(request, body.clone());
        }
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// What makes two requests the same: the URL, every header (API keys included, so a page
/// fetched with one key never answers a request made with another) and the user agent.
pub fn request_key(url: &url::Url, headers: &[(String, String)], user_agent: &str) -> String {
    let mut key = format!("{url}\n{user_agent}");
    for (name, value) in headers {
        key.push('\n');
        key.push_str(name);
        key.push(':');
        key.push_str(value);
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(len: usize) -> Body {
        Body {
            url: "https://example.com/".parse().unwrap(),
            bytes: vec![b'x'; len],
            content_type: None,
            cache_control: None,
        }
    }

    #[test]
    fn keeps_pages_up_to_the_bound() {
        let pages = Pages::default();
        let url: url::Url = "https://example.com/jobs".parse().unwrap();
        let key = |h: &str| request_key(&url, &[("Authorization".into(), h.into())], "ua");
        pages.keep(key("a"), &body(10));
        assert_eq!(pages.get(&key("a")).unwrap().bytes.len(), 10);
        assert!(pages.get(&key("b")).is_none(), "another key, another page");
        pages.keep(key("big"), &body(BOUND));
        assert!(pages.get(&key("big")).is_none(), "past the bound");
        pages.keep(key("c"), &body(BOUND - 10));
        assert!(pages.get(&key("c")).is_some(), "exactly up to the bound");
    }
}
