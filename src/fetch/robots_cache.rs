//! robots.txt kept on disk between runs, as RFC 9309 §2.4 lets a crawler: one file per host
//! and user agent in the cache directory (`paths::cache_dir`), used for up to 24 hours, or
//! for less when the response's `Cache-Control` says so; so a cron run asks a host for it
//! at most once a day. While a host's robots.txt cannot be had (5xx, unreachable), a copy
//! up to 30 days old keeps serving (§2.3.1.4), instead of disallowing everything.
//!
//! A cache that cannot be read or written costs a request, never the run: every failure
//! here is a `-vv` line.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::time::Duration;
use url::Url;

/// The longest a robots.txt is used before it is asked for again.
pub const FRESH_FOR: Duration = Duration::from_secs(24 * 3600);
/// The oldest copy still used while the host cannot give a new one.
pub const SERVES_FOR: Duration = Duration::from_secs(30 * 24 * 3600);

/// What a host's robots.txt said, as it is kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Said {
    /// A 4xx: no rules.
    AllowAll,
    /// The body, within the cap.
    Rules(String),
}

/// A copy of a host's robots.txt, and when it was fetched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Copy {
    url: String,
    user_agent: String,
    pub fetched: DateTime<Utc>,
    pub fresh_until: DateTime<Utc>,
    pub said: Said,
}

pub struct RobotsCache {
    dir: Option<PathBuf>,
}

impl RobotsCache {
    /// The cache in `dir` (none: nothing is kept).
    pub fn new(dir: Option<PathBuf>) -> RobotsCache {
        RobotsCache { dir }
    }

    /// The copy of `robots_url` kept for `user_agent`, if it is younger than `SERVES_FOR`.
    pub fn get(&self, robots_url: &Url, user_agent: &str, now: DateTime<Utc>) -> Option<Copy> {
        let path = self.path(robots_url, user_agent)?;
        let text = std::fs::read(&path).ok()?;
        let copy: Copy = serde_json::from_slice(&text)
            .inspect_err(|e| tracing::debug!("{}: not a robots.txt copy: {e}", path.display()))
            .ok()?;
        let serves = chrono::Duration::from_std(SERVES_FOR).ok()?;
        (copy.url == robots_url.as_str()
            && copy.user_agent == user_agent
            && now - copy.fetched < serves)
            .then_some(copy)
    }

    /// Keeps what `robots_url` said, fresh for `fresh_for` (up to `FRESH_FOR`).
    pub fn keep(
        &self,
        robots_url: &Url,
        user_agent: &str,
        said: Said,
        fresh_for: Duration,
        now: DateTime<Utc>,
    ) {
        let Some(path) = self.path(robots_url, user_agent) else {
            return;
        };
        let fresh_for = chrono::Duration::from_std(fresh_for.min(FRESH_FOR)).unwrap_or_default();
        let copy = Copy {
            url: robots_url.to_string(),
            user_agent: user_agent.to_string(),
            fetched: now,
            fresh_until: now + fresh_for,
            said,
        };
        if let Err(e) = write_whole(&path, &copy) {
            tracing::debug!("robots.txt copy {}: {e}", path.display());
        }
    }

    fn path(&self, robots_url: &Url, user_agent: &str) -> Option<PathBuf> {
        let key = format!("{robots_url}\n{user_agent}");
        let name = format!("{:016x}.json", xxhash_rust::xxh3::xxh3_64(key.as_bytes()));
        Some(self.dir.as_ref()?.join(name))
    }
}

/// Written beside and renamed into place: two runs at once each leave a whole copy.
fn write_whole(path: &std::path::Path, copy: &Copy) -> std::io::Result<()> {
    crate::paths::make_parent_dir(path)?;
    let dir = path.parent().unwrap_or(std::path::Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    serde_json::to_writer(&mut file, copy)?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// How long a response may be used by its `Cache-Control` (RFC 9111 §5.2.2): `max-age`,
/// or nothing for `no-store` and `no-cache`; `None` when it says neither.
pub fn fresh_for(cache_control: Option<&str>) -> Option<Duration> {
    let mut max_age = None;
    for directive in cache_control?.split(',') {
        let directive = directive.trim().to_ascii_lowercase();
        if directive == "no-store" || directive == "no-cache" {
            return Some(Duration::ZERO);
        }
        if let Some(secs) = directive.strip_prefix("max-age=") {
            max_age = secs.trim_matches('"').parse().ok().map(Duration::from_secs);
        }
    }
    max_age
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_control_can_only_shorten_a_day() {
        assert_eq!(fresh_for(None), None);
        assert_eq!(fresh_for(Some("public")), None);
        assert_eq!(
            fresh_for(Some("public, max-age=600")),
            Some(Duration::from_secs(600))
        );
        assert_eq!(
            fresh_for(Some("max-age=60, no-cache")),
            Some(Duration::ZERO)
        );
        assert_eq!(fresh_for(Some("No-Store")), Some(Duration::ZERO));
    }

    #[test]
    fn copies_serve_by_host_and_agent_up_to_their_age() {
        let dir = tempfile::tempdir().unwrap();
        let cache = RobotsCache::new(Some(dir.path().join("robots")));
        let url = Url::parse("https://jobs.example/robots.txt").unwrap();
        let now = Utc::now();
        let rules = Said::Rules("User-agent: *\nDisallow: /x\n".into());
        cache.keep(
            &url,
            "ua/1",
            rules.clone(),
            Duration::from_secs(7 * 24 * 3600),
            now,
        );
        let copy = cache.get(&url, "ua/1", now).unwrap();
        assert_eq!(copy.said, rules);
        assert_eq!(copy.fresh_until - copy.fetched, chrono::Duration::hours(24));
        assert!(cache.get(&url, "ua/2", now).is_none(), "another agent");
        let other = Url::parse("https://other.example/robots.txt").unwrap();
        assert!(cache.get(&other, "ua/1", now).is_none(), "another host");
        let later = now + chrono::Duration::days(29);
        assert!(
            cache.get(&url, "ua/1", later).is_some(),
            "stale, still kept"
        );
        let much_later = now + chrono::Duration::days(31);
        assert!(cache.get(&url, "ua/1", much_later).is_none());
        assert!(RobotsCache::new(None).get(&url, "ua/1", now).is_none());
    }
}
