use std::time::Duration;
use thiserror::Error;

/// Why a request failed, worded for one line of stderr. URLs here never carry secrets:
/// keyed sources send keys in headers, and `redact` strips any query credentials.
#[derive(Debug, Error)]
pub enum FetchError {
    #[error("HTTP {status} from {url}{hint}")]
    Status {
        status: u16,
        url: String,
        hint: &'static str,
        retry_after: Option<Duration>,
    },
    #[error("timed out fetching {url}")]
    Timeout { url: String },
    #[error("could not connect to {url}: {cause}")]
    Connect { url: String, cause: String },
    #[error("{url}: {cause}")]
    Network { url: String, cause: String },
    #[error("{url}: response body is over the {limit}-byte cap (raise --max-body)")]
    TooLarge { url: String, limit: usize },
    #[error("{url} is disallowed by robots.txt (--ignore-robots overrides)")]
    Disallowed { url: String },
    #[error("robots.txt of {host} is unavailable ({cause}); treated as disallowing all, as RFC 9309 asks (--ignore-robots overrides)")]
    RobotsUnavailable { host: String, cause: String },
    #[error("{url}: more than {max} redirects")]
    TooManyRedirects { url: String, max: usize },
    #[error("{url}: not fetched: {why}")]
    NotFetched { url: String, why: &'static str },
    #[error("{from} redirects to {to}, which is not fetched: {why}")]
    RedirectRefused {
        from: String,
        to: String,
        why: &'static str,
    },
    #[error("{url}: redirect without a usable Location")]
    BadRedirect { url: String },
    #[error("{url}: gave up after retries for {waited:?}: {last}")]
    GaveUp {
        url: String,
        waited: Duration,
        last: Box<FetchError>,
    },
}

impl FetchError {
    /// Worth another try: the server or the network may recover.
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Status { status, .. } => *status == 429 || *status >= 500,
            FetchError::Timeout { .. }
            | FetchError::Connect { .. }
            | FetchError::Network { .. } => true,
            _ => false,
        }
    }

    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            FetchError::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// A URL jobtap does not fetch, given or redirected to (`urls::refusal`).
    pub fn is_refused_url(&self) -> bool {
        matches!(
            self,
            FetchError::NotFetched { .. } | FetchError::RedirectRefused { .. }
        )
    }

    /// The HTTP status, if the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            FetchError::Status { status, .. } => Some(*status),
            FetchError::GaveUp { last, .. } => last.status(),
            _ => None,
        }
    }
}

pub(crate) fn status_hint(status: u16) -> &'static str {
    match status {
        401 | 403 => {
            " (refused: check the key, or the site blocks automated access; try a slower --rate)"
        }
        404 => " (not found: check the source argument, e.g. the board name)",
        429 => " (rate limited: try a slower --rate)",
        _ => "",
    }
}
