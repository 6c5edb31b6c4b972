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
    #[error(
        "HTTP {status} from {url}: the site asks to wait {} before the next request, longer than --max-wait {}",
        humantime::format_duration(*.asked),
        humantime::format_duration(*.max_wait)
    )]
    AskedToWait {
        status: u16,
        url: String,
        asked: Duration,
        max_wait: Duration,
    },
    #[error("timed out fetching {url}")]
    Timeout { url: String },
    #[error("could not resolve the host name of {url}: {cause}")]
    Unresolved { url: String, cause: String },
    #[error("could not connect to {url}: {cause}")]
    Connect {
        url: String,
        cause: String,
        /// False for a refused connection: nothing listens there, and a retry finds the same.
        transient: bool,
    },
    #[error("TLS with {url} failed: {cause}")]
    Tls { url: String, cause: String },
    #[error("{url}: {cause}")]
    Network {
        url: String,
        cause: String,
        /// False for a reply that is not HTTP; true for a reset or an early close.
        transient: bool,
    },
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
    #[error("{last} (gave up after {tries} tries in {})", humantime::format_duration(*.waited))]
    GaveUp {
        tries: usize,
        waited: Duration,
        last: Box<FetchError>,
    },
}

impl FetchError {
    /// Worth another try: the server or the network may recover.
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Status { status, .. } => matches!(status, 408 | 429) || *status >= 500,
            FetchError::Timeout { .. } => true,
            FetchError::Connect { transient, .. } | FetchError::Network { transient, .. } => {
                *transient
            }
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

    /// The host's name did not resolve (offline, or a name that does not exist).
    pub fn is_unresolved(&self) -> bool {
        match self {
            FetchError::Unresolved { .. } => true,
            FetchError::GaveUp { last, .. } => last.is_unresolved(),
            _ => false,
        }
    }

    /// What went wrong, without the URL (for a line that names it already).
    pub fn brief(&self) -> String {
        match self {
            FetchError::Status { status, .. } => format!("HTTP {status}"),
            FetchError::Timeout { .. } => "timed out".into(),
            FetchError::Unresolved { cause, .. }
            | FetchError::Connect { cause, .. }
            | FetchError::Tls { cause, .. }
            | FetchError::Network { cause, .. } => cause.clone(),
            FetchError::TooLarge { limit, .. } => format!("over the {limit}-byte cap"),
            other => other.to_string(),
        }
    }

    /// The HTTP status, if the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            FetchError::Status { status, .. } | FetchError::AskedToWait { status, .. } => {
                Some(*status)
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn status(status: u16) -> FetchError {
        FetchError::Status {
            status,
            url: String::new(),
            hint: "",
            retry_after: None,
        }
    }

    #[test]
    fn only_what_can_succeed_is_retried() {
        for s in [408, 429, 500, 502, 503] {
            assert!(status(s).is_transient(), "{s}");
        }
        for s in [400, 401, 403, 404, 410, 451] {
            assert!(!status(s).is_transient(), "{s}");
        }
        let connect = |transient| FetchError::Connect {
            url: String::new(),
            cause: String::new(),
            transient,
        };
        assert!(connect(true).is_transient() && !connect(false).is_transient());
        for lasting in [
            FetchError::Unresolved {
                url: String::new(),
                cause: String::new(),
            },
            FetchError::Tls {
                url: String::new(),
                cause: String::new(),
            },
            FetchError::NotFetched {
                url: String::new(),
                why: "",
            },
        ] {
            assert!(!lasting.is_transient(), "{lasting}");
        }
    }
}
