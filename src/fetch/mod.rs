//! Everything that touches the network: one shared client, per-host rate limits, robots.txt,
//! redirects, retries and the body cap. Adapters never see any of it; they get bytes.

mod deadline;
mod error;
mod log_line;
mod network;
mod pages;
mod post;
mod rate;
mod resolve;
mod retry;
mod robots;
mod robots_cache;
mod urls;

pub use deadline::Deadline;
pub use error::FetchError;
pub use pages::Pages;
pub use rate::{HostLimits, Rate};
pub use retry::{parse_retry_after, RetryPolicy};
pub use robots::Robots;
pub use urls::{link_without_userinfo, redact, redact_path, refusal};

use backon::Retryable;
use chrono::Utc;
use network::{classify, classify_shown, describe};
use reqwest::{header, redirect};
use std::{
    cell::Cell,
    collections::HashMap,
    sync::{Arc, Mutex, Once},
    time::{Duration, Instant},
};
use tokio::sync::OnceCell;
use url::Url;

/// The token robots.txt rules are matched against.
pub const ROBOTS_AGENT: &str = "jobtap";

pub fn default_user_agent() -> String {
    format!(
        "jobtap/{} (job-listing aggregator; polite: rate limited, obeys robots.txt)",
        env!("CARGO_PKG_VERSION")
    )
}

#[derive(Debug, Clone)]
pub struct FetchOptions {
    pub user_agent: String,
    pub timeout: Duration,
    pub max_body: usize,
    pub max_redirects: usize,
    pub retry: RetryPolicy,
    pub ignore_robots: bool,
    /// Rate for hosts no source declared (redirect targets, detail pages elsewhere).
    pub default_rate: Rate,
    /// How long one source may spend on the network (`Deadline`).
    pub source_timeout: Duration,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            user_agent: default_user_agent(),
            timeout: Duration::from_secs(30),
            max_body: 8 * 1024 * 1024,
            max_redirects: 5,
            retry: RetryPolicy::default(),
            ignore_robots: false,
            default_rate: Rate {
                count: 1,
                period: Duration::from_secs(1),
            },
            source_timeout: Duration::from_secs(60),
        }
    }
}

/// The source a request is for: its name (in `-v` lines), its rate (held on every host its
/// requests reach), its headers (API keys, sent with its pages only) and its deadline.
pub struct ForSource<'a> {
    pub name: &'a str,
    pub rate: Rate,
    pub headers: &'a [(String, String)],
    pub deadline: &'a Deadline,
}

/// What a request is for: a source's page (held to the source's rate and to the host's
/// robots.txt, refused over the body cap), or a host's robots.txt (cut at its own cap).
#[derive(Debug, Clone, Copy)]
enum Purpose {
    Page,
    Robots,
}

/// How one request ended: with a body, or with where it redirects.
enum Hop {
    Body { status: u16, body: Body },
    Redirect { status: u16, to: Url },
}

/// Whether a request waits for its turn of the host's rate, or has it already (a retry, a
/// robots.txt, which takes none).
#[derive(Debug, Clone, Copy)]
enum Turn {
    Wait,
    Held,
}

/// What to do with a body over its cap: refuse it (pages), or keep the whole lines that fit
/// in the first bytes (robots.txt: a rule cut in two would be read as a shorter rule).
#[derive(Debug, Clone, Copy)]
enum Cap {
    Refuse,
    WholeLines(usize),
}

/// A response body as fetched, decompressed, and checked against the cap.
#[derive(Debug, Clone)]
pub struct Body {
    /// Where the body finally came from, after redirects.
    pub url: Url,
    pub bytes: Vec<u8>,
    pub content_type: Option<String>,
    /// Its `Cache-Control` header (how long a robots.txt may be kept).
    pub cache_control: Option<String>,
}

/// What the fetchers of one command share: each host's rate, so that their requests to
/// one host keep their distance from each other's, and the pages already fetched.
pub struct Shared {
    pub limits: HostLimits,
    /// Only for several searches, when a later one may ask for the same pages: otherwise
    /// no request builds a key for it, and no body is copied into it.
    pub pages: Option<Pages>,
}

impl Shared {
    pub fn new(default_rate: Rate, searches: usize) -> Shared {
        Shared {
            limits: HostLimits::new(default_rate),
            pages: (searches > 1).then(Pages::default),
        }
    }
}

pub struct Fetcher {
    client: reqwest::Client,
    shared: Arc<Shared>,
    robots: Mutex<HashMap<String, Arc<OnceCell<Robots>>>>,
    robots_cache: robots_cache::RobotsCache,
    opts: FetchOptions,
}

static CRYPTO: Once = Once::new();

impl Fetcher {
    /// A client whose requests wait on the per-host limits in `shared` and whose bodies
    /// are kept in its pages; other fetchers of the same command may hold the same `shared`.
    pub fn new(opts: FetchOptions, shared: Arc<Shared>) -> Result<Fetcher, FetchError> {
        CRYPTO.call_once(|| {
            let _ = rustls::crypto::ring::default_provider().install_default();
        });
        let client = reqwest::Client::builder()
            .user_agent(&opts.user_agent)
            .timeout(opts.timeout)
            .connect_timeout(opts.timeout.min(Duration::from_secs(10)))
            // Redirects are followed here, hop by hop, so each hop is rate limited and
            // checked against its own host's robots.txt.
            .redirect(redirect::Policy::none())
            .dns_resolver(resolve::SystemResolver)
            .build()
            .map_err(|e| FetchError::Network {
                url: String::new(),
                cause: describe(&e),
                transient: false,
            })?;
        Ok(Fetcher {
            client,
            shared,
            robots: Mutex::new(HashMap::new()),
            robots_cache: robots_cache::RobotsCache::new(
                crate::paths::cache_dir().map(|d| d.join("robots")),
            ),
            opts,
        })
    }

    pub fn limits(&self) -> &HostLimits {
        &self.shared.limits
    }

    /// A deadline for one source, starting now.
    pub fn deadline(&self) -> Deadline {
        Deadline::new(self.opts.source_timeout)
    }

    /// GET with rate limit, robots.txt, redirects, retries and the body cap, for `source`:
    /// every host this request reaches (redirects, detail pages on other hosts) is held to
    /// its rate or to a slower one already set for that host.
    pub async fn get(&self, url: &Url, source: &ForSource<'_>) -> Result<Body, FetchError> {
        let kept = self.shared.pages.as_ref().map(|pages| {
            let request = pages::request_key(url, source.headers, &self.opts.user_agent);
            (pages, request)
        });
        if let Some(body) = kept
            .as_ref()
            .and_then(|(pages, request)| pages.get(request))
        {
            tracing::debug!(
                "{}: {} fetched earlier by this command",
                source.name,
                redact(url)
            );
            return Ok(body);
        }
        let started = Instant::now();
        let policy = &self.opts.retry;
        let tries = Cell::new(0);
        // A retry repeats the request whose turn it had: it waits its backoff (or the site's
        // Retry-After), not another turn of the host's rate. A try that failed before its
        // request went out (robots.txt timed out) took no turn, and its retry waits for one.
        let turn = Cell::new(Turn::Wait);
        let attempt = || {
            tries.set(tries.get() + 1);
            self.get_following_redirects(url, source, Purpose::Page, &turn)
        };
        attempt
            .retry(policy.backoff())
            .sleep(tokio::time::sleep)
            .when(|e| e.is_transient() && policy.asked_wait(e.retry_after()).is_none())
            .adjust(|e, backoff| backoff.map(|b| policy.adjust(e.retry_after(), b)))
            .notify(|e, wait| tracing::debug!("{}: {e}; retrying in {wait:.2?}", source.name))
            .await
            .inspect(|body| {
                if let Some((pages, request)) = kept {
                    pages.keep(request, body);
                }
            })
            .map_err(|e| {
                if let (Some(asked), FetchError::Status { status, url, .. }) =
                    (policy.asked_wait(e.retry_after()), &e)
                {
                    FetchError::AskedToWait {
                        status: *status,
                        url: url.clone(),
                        asked,
                        max_wait: policy.max_wait,
                    }
                } else if e.is_transient() && tries.get() > 1 {
                    FetchError::GaveUp {
                        tries: tries.get(),
                        waited: Duration::from_millis(started.elapsed().as_millis() as u64),
                        last: Box::new(e),
                    }
                } else {
                    e
                }
            })
    }

    async fn get_following_redirects(
        &self,
        url: &Url,
        source: &ForSource<'_>,
        purpose: Purpose,
        first: &Cell<Turn>,
    ) -> Result<Body, FetchError> {
        refuse(url)?;
        let mut current = url.clone();
        for hop in 0..=self.opts.max_redirects {
            // Every hop after the first is a request of its own, to whatever host it names.
            let later = Cell::new(match purpose {
                Purpose::Page => Turn::Wait,
                Purpose::Robots => Turn::Held,
            });
            let turn = if hop == 0 { first } else { &later };
            let headers = match purpose {
                Purpose::Page => {
                    self.shared
                        .limits
                        .set_rate(&host_key(&current), source.rate);
                    self.check_robots(&current, source).await?;
                    source.headers
                }
                Purpose::Robots => &[],
            };
            let cap = match purpose {
                Purpose::Page => Cap::Refuse,
                Purpose::Robots => Cap::WholeLines(robots::MAX_ROBOTS_BYTES),
            };
            match self.exchange(&current, source, headers, turn, cap).await? {
                Hop::Body { body, .. } => return Ok(body),
                Hop::Redirect { to, .. } => current = to,
            }
        }
        Err(FetchError::TooManyRedirects {
            url: redact(url),
            max: self.opts.max_redirects,
        })
    }

    /// One request: its turn of the host's rate (unless it holds one; it holds it from
    /// then on), then the body within its cap or where it redirects. A `-v` line says how
    /// it went.
    async fn exchange(
        &self,
        url: &Url,
        source: &ForSource<'_>,
        headers: &[(String, String)],
        turn: &Cell<Turn>,
        cap: Cap,
    ) -> Result<Hop, FetchError> {
        let waited = match turn.get() {
            Turn::Wait => {
                let host = host_key(url);
                let asked = Instant::now();
                let ready = self.shared.limits.until_ready(&host);
                source.deadline.not_counting(ready).await;
                turn.set(Turn::Held);
                Some(asked.elapsed())
            }
            Turn::Held => None,
        };
        let started = Instant::now();
        let hop = match self.send(url, headers).await {
            Ok(resp) if resp.status().is_redirection() => redirect(url, &resp),
            Ok(resp) => {
                let status = resp.status().as_u16();
                let body = self.read_body(url.clone(), resp, cap).await;
                body.map(|body| Hop::Body { status, body })
            }
            Err(e) => Err(e),
        };
        tracing::info!(
            "{}",
            log_line::request(source.name, url, &hop, started.elapsed(), waited)
        );
        hop
    }

    /// One HTTP exchange; errors on 4xx/5xx.
    async fn send(
        &self,
        url: &Url,
        headers: &[(String, String)],
    ) -> Result<reqwest::Response, FetchError> {
        let mut req = self.client.get(url.clone());
        for (k, v) in headers {
            req = req.header(k, v);
        }
        let resp = req.send().await.map_err(|e| classify(url, &e))?;
        let status = resp.status();
        if status.is_client_error() || status.is_server_error() {
            let retry_after = resp
                .headers()
                .get(header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| parse_retry_after(v, Utc::now()));
            return Err(FetchError::Status {
                status: status.as_u16(),
                url: redact(url),
                hint: error::status_hint(status.as_u16()),
                retry_after,
            });
        }
        Ok(resp)
    }

    /// Reads the body chunk by chunk so the cap holds on decompressed bytes (a gzip bomb
    /// stops at the cap, not at the end of memory).
    async fn read_body(
        &self,
        url: Url,
        mut resp: reqwest::Response,
        cap: Cap,
    ) -> Result<Body, FetchError> {
        let named = |name| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = named(header::CONTENT_TYPE);
        let cache_control = named(header::CACHE_CONTROL);
        let mut bytes = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(|e| classify(&url, &e))? {
            match cap {
                Cap::Refuse if bytes.len() + chunk.len() > self.opts.max_body => {
                    return Err(FetchError::TooLarge {
                        url: redact(&url),
                        limit: self.opts.max_body,
                    });
                }
                Cap::WholeLines(n) if bytes.len() + chunk.len() > n => {
                    bytes.extend_from_slice(&chunk[..n - bytes.len()]);
                    let whole = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
                    bytes.truncate(whole);
                    break;
                }
                _ => bytes.extend_from_slice(&chunk),
            }
        }
        Ok(Body {
            bytes: crate::normalize::text::body_to_utf8(bytes, content_type.as_deref()),
            url,
            content_type,
            cache_control,
        })
    }
}

/// Where a redirect leads, if it may be followed there.
fn redirect(from: &Url, resp: &reqwest::Response) -> Result<Hop, FetchError> {
    let to = resp
        .headers()
        .get(header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .and_then(|l| from.join(l).ok())
        .ok_or_else(|| FetchError::BadRedirect { url: redact(from) })?;
    if let Some(why) = urls::refusal(&to) {
        return Err(FetchError::RedirectRefused {
            from: redact(from),
            to: redact(&to),
            why,
        });
    }
    Ok(Hop::Redirect {
        status: resp.status().as_u16(),
        to,
    })
}

/// Fails with the reason when `url` is not one jobtap fetches (`urls::refusal`).
fn refuse(url: &Url) -> Result<(), FetchError> {
    match urls::refusal(url) {
        Some(why) => Err(FetchError::NotFetched {
            url: redact(url),
            why,
        }),
        None => Ok(()),
    }
}

/// The rate-limit and robots key of a URL: host and port.
pub fn host_key(url: &Url) -> String {
    match (url.host_str(), url.port_or_known_default()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        _ => url.as_str().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_keys_include_port() {
        let u = Url::parse("http://127.0.0.1:8080/x").unwrap();
        assert_eq!(host_key(&u), "127.0.0.1:8080");
        let u = Url::parse("https://example.org/x").unwrap();
        assert_eq!(host_key(&u), "example.org:443");
    }

    #[test]
    fn pages_are_kept_only_for_several_searches() {
        let rate: Rate = "1/s".parse().unwrap();
        assert!(
            Shared::new(rate, 1).pages.is_none(),
            "one search keeps nothing"
        );
        assert!(Shared::new(rate, 2).pages.is_some());
    }
}
