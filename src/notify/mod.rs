//! Alerts (`--notify`, `notify = [...]`): after the output and the sheet are written, the
//! postings new in this run go to each target: a command (JSON Lines on its stdin) or a
//! webhook (one POST, shaped for Slack, Discord, ntfy or plain JSON). A failed alert is
//! tried once more; what it carried stays owed in the state until one succeeds.

mod body;
mod command;

use crate::fetch::{FetchError, Fetcher};
use backon::{ConstantBuilder, Retryable};
use std::time::Duration;
use thiserror::Error;
use url::Url;

/// How a webhook's body is shaped (`--notify-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// `{"text", "search", "count", "postings"}`: the summary and every posting.
    #[default]
    Json,
    /// Slack's and Mattermost's incoming webhooks: `{"text"}` with links.
    Slack,
    /// Discord's webhooks: `{"content"}`, mentions disabled.
    Discord,
    /// ntfy's JSON publishing: `{"topic", "title", "message"}`, sent to the server's root.
    Ntfy,
}

/// Where an alert goes: `command:PROG ARGS` or `webhook:URL`.
#[derive(Debug, Clone)]
pub struct Target {
    spec: String,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    Command(Vec<String>),
    Webhook(Url),
}

impl Target {
    /// Parses a spec. Errors never repeat a webhook's URL: it may hold the hook's secret.
    pub fn parse(spec: &str) -> Result<Target, String> {
        let kind = if let Some(cmd) = spec.strip_prefix("command:") {
            let words = shlex::split(cmd).filter(|w| !w.is_empty()).ok_or_else(|| {
                "command: needs a program, and its quotes closed (command:PROG ARGS)".to_string()
            })?;
            Kind::Command(words)
        } else if let Some(url) = spec.strip_prefix("webhook:") {
            let url = webhook_url(url.trim())?;
            if let Some(why) = crate::fetch::refusal(&url) {
                return Err(format!(
                    "webhook:{}: {why}",
                    crate::fetch::redact_path(&url)
                ));
            }
            Kind::Webhook(url)
        } else {
            return Err("an alert is command:PROG ARGS or webhook:URL".into());
        };
        Ok(Target {
            spec: spec.to_string(),
            kind,
        })
    }

    /// How the state names this target: a hash of its spec (no secret is stored).
    pub fn key(&self) -> String {
        format!("{:016x}", xxhash_rust::xxh3::xxh3_64(self.spec.as_bytes()))
    }

    /// How messages name it: the program alone, or the webhook's origin alone.
    pub fn shown(&self) -> String {
        match &self.kind {
            Kind::Command(words) => format!("command:{}", words[0]),
            Kind::Webhook(url) => format!("webhook:{}", crate::fetch::redact_path(url)),
        }
    }
}

/// A webhook's URL as given, or `env:NAME`: read from that environment variable, so the
/// secret stays out of a crontab, a config file and `ps`.
fn webhook_url(given: &str) -> Result<Url, String> {
    let (url, from) = match given.strip_prefix("env:") {
        Some(name) => {
            let url = std::env::var(name)
                .map_err(|_| format!("webhook:env:{name}: ${name} is not set"))?;
            (url, format!("${name}"))
        }
        None => (given.to_string(), "it".to_string()),
    };
    Url::parse(url.trim())
        .map_err(|e| format!("webhook: {from} is not a URL ({e}); give webhook:https://..."))
}

/// One alert: the postings (`(id, JSON line)`) new to a search.
pub struct Alert<'a> {
    /// The saved search's name; `""` for `jobtap scrape`.
    pub search: &'a str,
    pub postings: &'a [(String, String)],
}

/// How one alert is sent.
pub struct Sending<'a> {
    pub fetcher: &'a Fetcher,
    pub format: Format,
    /// A command's time to finish.
    pub timeout: Duration,
    /// The wait before the one retry.
    pub retry_after: Duration,
}

#[derive(Debug, Error)]
pub enum AlertError {
    /// Worded without the URL: the line reporting it names the target.
    #[error("{}", .0.brief())]
    Webhook(#[from] FetchError),
    /// The body cannot be made for this URL (an ntfy URL without a topic).
    #[error("{0}")]
    Shape(&'static str),
    /// The command could not run, or failed: its exit status and stderr.
    #[error("{0}")]
    Command(String),
}

impl Sending<'_> {
    /// Sends `alert` to `target`, trying once more after a failure.
    pub async fn send(&self, target: &Target, alert: &Alert<'_>) -> Result<(), AlertError> {
        let once = || self.send_once(target, alert);
        once.retry(
            ConstantBuilder::default()
                .with_delay(self.retry_after)
                .with_max_times(1),
        )
        .sleep(tokio::time::sleep)
        .notify(|e, _| tracing::debug!("alert {}: {e}; trying again", target.shown()))
        .await
    }

    async fn send_once(&self, target: &Target, alert: &Alert<'_>) -> Result<(), AlertError> {
        match &target.kind {
            Kind::Command(words) => command::run(words, alert, self.timeout).await,
            Kind::Webhook(url) => {
                let (to, body) = body::request(self.format, url, alert)?;
                let shown = crate::fetch::redact_path(url);
                Ok(self.fetcher.post_json(&to, &shown, body).await?)
            }
        }
    }
}
