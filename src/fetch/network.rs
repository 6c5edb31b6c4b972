//! What went wrong on the wire, and whether another try could mend it: a name that does not
//! resolve, a refused connection, a failed TLS handshake or a reply that is not HTTP fail at
//! once; a timeout, a reset or a connection closed early may not happen again.

use super::{resolve::Unresolved, FetchError};
use std::error::Error;
use std::io;
use url::Url;

pub(super) fn classify(url: &Url, e: &reqwest::Error) -> FetchError {
    classify_shown(super::redact(url), e)
}

/// As `classify`, naming the URL as `url` (a webhook's, whose path may be its secret).
pub(super) fn classify_shown(url: String, e: &reqwest::Error) -> FetchError {
    let cause = describe(e);
    let causes = causes(e);
    let has = |test: fn(&(dyn Error + 'static)) -> bool| causes.iter().any(|c| test(*c));
    if has(|c| c.is::<Unresolved>()) {
        FetchError::Unresolved { url, cause }
    } else if has(|c| c.is::<rustls::Error>()) {
        FetchError::Tls { url, cause }
    } else if e.is_timeout() {
        FetchError::Timeout { url }
    } else if e.is_connect() {
        let refused = has(|c| {
            c.downcast_ref::<io::Error>()
                .is_some_and(|io| io.kind() == io::ErrorKind::ConnectionRefused)
        });
        FetchError::Connect {
            url,
            cause,
            transient: !refused,
        }
    } else {
        // A reply that is not HTTP (a head too large, a malformed status line) comes back
        // the same on every try.
        let garbled = has(|c| {
            c.downcast_ref::<hyper::Error>()
                .is_some_and(hyper::Error::is_parse)
        });
        FetchError::Network {
            url,
            cause,
            transient: !garbled,
        }
    }
}

/// Every error in `e`'s chain, with what an `io::Error` wraps (whose `source` skips it:
/// that is where a TLS error travels).
fn causes<'a>(e: &'a (dyn Error + 'static)) -> Vec<&'a (dyn Error + 'static)> {
    let mut all = Vec::new();
    let mut next = Some(e);
    while let Some(err) = next {
        all.push(err);
        next = match err.downcast_ref::<io::Error>().and_then(io::Error::get_ref) {
            Some(inner) => Some(inner),
            None => err.source(),
        };
    }
    all
}

/// The innermost cause of a reqwest error: "connection refused" says more than
/// "error sending request".
pub(super) fn describe(e: &reqwest::Error) -> String {
    let mut cause: &dyn Error = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}
