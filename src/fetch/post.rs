//! POST requests (alerts' webhooks): the fetcher's client, timeouts and name lookup, but
//! none of a source's rate, robots.txt or redirects. A webhook's URL is its secret, so
//! every error names it as `shown` only.

use super::{classify_shown, FetchError, Fetcher};
use url::Url;

impl Fetcher {
    /// Posts `body` as JSON to `url`; anything but a 2xx answer is an error.
    pub async fn post_json(&self, url: &Url, shown: &str, body: Vec<u8>) -> Result<(), FetchError> {
        let resp = self
            .client
            .post(url.clone())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await
            .map_err(|e| classify_shown(shown.to_string(), &e))?;
        let status = resp.status();
        tracing::info!("alert POST {shown} {}", status.as_u16());
        if status.is_success() {
            return Ok(());
        }
        Err(FetchError::Status {
            status: status.as_u16(),
            url: shown.to_string(),
            hint: "",
            retry_after: None,
        })
    }
}
