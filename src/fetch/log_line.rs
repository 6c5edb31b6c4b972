//! The `-v` line of one request: source, method, URL (redacted), how it ended, bytes, time,
//! and whether it waited for its turn of the host's rate.

use super::{redact, FetchError, Hop};
use std::time::Duration;
use url::Url;

pub(super) fn request(
    source: &str,
    url: &Url,
    hop: &Result<Hop, FetchError>,
    took: Duration,
    waited: Option<Duration>,
) -> String {
    let ended = match hop {
        Ok(Hop::Body { status, body }) => format!("{status}, {} bytes", body.bytes.len()),
        Ok(Hop::Redirect { status, to }) => format!("{status} to {}", redact(to)),
        Err(e) => format!("failed: {}", e.brief()),
    };
    let turn = match waited {
        Some(w) if w >= Duration::from_millis(1) => {
            format!("waited {} for the rate limit", seconds(w))
        }
        Some(_) => "no wait for the rate limit".to_string(),
        None => "took no turn of the rate limit".to_string(),
    };
    format!(
        "{source}: GET {} -> {ended} in {}, {turn}",
        redact(url),
        seconds(took)
    )
}

fn seconds(d: Duration) -> String {
    format!("{:.3}s", d.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fetch::Body;

    #[test]
    fn says_what_the_request_did() {
        let url = Url::parse("https://api.test/jobs?app_key=s3cret&q=help").unwrap();
        let body = Body {
            url: url.clone(),
            bytes: vec![b'x'; 1234],
            content_type: None,
            cache_control: None,
        };
        let line = request(
            "remotive",
            &url,
            &Ok(Hop::Body { status: 200, body }),
            Duration::from_millis(84),
            Some(Duration::from_millis(29_120)),
        );
        assert_eq!(
            line,
            "remotive: GET https://api.test/jobs?app_key=REDACTED&q=help -> 200, 1234 bytes \
             in 0.084s, waited 29.120s for the rate limit"
        );
        let timed_out = Err(FetchError::Timeout { url: redact(&url) });
        let line = request("remotive", &url, &timed_out, Duration::from_secs(30), None);
        assert!(
            line.ends_with("-> failed: timed out in 30.000s, took no turn of the rate limit"),
            "{line}"
        );
    }
}
