//! robots.txt: asked for once per host per run (or taken from the copy kept on disk,
//! `robots_cache`), then every URL of that host is checked against it. RFC 9309: a 4xx
//! allows everything; a 5xx disallows everything; an unreachable host is the connection
//! error itself; either way a kept copy, while there is one, serves instead.

use super::robots_cache::{self, Copy, Said};
use super::{host_key, redact, FetchError, Fetcher, ForSource, Purpose, Turn, ROBOTS_AGENT};
use chrono::Utc;
use std::cell::Cell;
use std::time::Duration;
use texting_robots::Robot;
use url::Url;

/// How much of a robots.txt is read (RFC 9309 §2.5: at least 500 kibibytes): the lines
/// that end within it; a line the cap cuts is dropped, never read as a shorter rule.
pub const MAX_ROBOTS_BYTES: usize = 500 * 1024;

/// What a host's robots.txt allows.
pub enum Robots {
    /// No usable rules (404 and other 4xx): everything is allowed.
    AllowAll,
    Rules(Box<Robot>),
    /// The file could not be had (5xx, a refused redirect): RFC 9309 says assume full
    /// disallow.
    Unavailable(String),
}

impl Robots {
    /// Reads a robots.txt body (the fetcher keeps it within `MAX_ROBOTS_BYTES`) for our
    /// user-agent token.
    pub fn from_body(agent: &str, body: &[u8]) -> Robots {
        match Robot::new(agent, body) {
            Ok(r) => Robots::Rules(Box::new(r)),
            Err(_) => Robots::AllowAll,
        }
    }

    fn from_said(said: &Said) -> Robots {
        match said {
            Said::AllowAll => Robots::AllowAll,
            Said::Rules(body) => Robots::from_body(ROBOTS_AGENT, body.as_bytes()),
        }
    }

    pub fn crawl_delay(&self) -> Option<f32> {
        match self {
            Robots::Rules(r) => r.delay,
            _ => None,
        }
    }
}

/// A robots.txt request's outcome, before any kept copy is consulted.
enum Asked {
    Said(Said, Option<Duration>),
    Unavailable(String),
    Unreachable(FetchError),
}

impl Fetcher {
    pub(super) async fn check_robots(
        &self,
        url: &Url,
        source: &ForSource<'_>,
    ) -> Result<(), FetchError> {
        if self.opts.ignore_robots || url.path() == "/robots.txt" {
            return Ok(());
        }
        let key = host_key(url);
        let cell = self
            .robots
            .lock()
            .unwrap()
            .entry(key.clone())
            .or_default()
            .clone();
        // A host that cannot be reached at all is not remembered: the error goes back to
        // the retry loop, and the next try asks for robots.txt again.
        let robots = cell.get_or_try_init(|| self.robots_of(url, source)).await?;
        let allowed = match robots {
            Robots::AllowAll => true,
            Robots::Rules(r) => r.allowed(url.as_str()),
            Robots::Unavailable(cause) => {
                return Err(FetchError::RobotsUnavailable {
                    host: key,
                    cause: cause.clone(),
                })
            }
        };
        tracing::debug!(
            "{}: robots.txt {} {}",
            source.name,
            if allowed { "allows" } else { "disallows" },
            redact(url)
        );
        if allowed {
            Ok(())
        } else {
            Err(FetchError::Disallowed { url: redact(url) })
        }
    }

    /// The host's robots.txt: the fresh copy kept on disk, else asked for (and kept), else
    /// an older copy while the host cannot give one.
    async fn robots_of(&self, url: &Url, source: &ForSource<'_>) -> Result<Robots, FetchError> {
        let mut robots_url = url.clone();
        robots_url.set_path("/robots.txt");
        robots_url.set_query(None);
        robots_url.set_fragment(None);
        let agent = &self.opts.user_agent;
        let kept = self.robots_cache.get(&robots_url, agent, Utc::now());
        let robots = match kept {
            Some(copy) if Utc::now() < copy.fresh_until => {
                tracing::debug!(
                    "{}: robots.txt of {} kept from {} ago",
                    source.name,
                    host_key(url),
                    ago(&copy)
                );
                Robots::from_said(&copy.said)
            }
            kept => match (self.ask_robots(&robots_url, source).await, kept) {
                (Asked::Said(said, fresh_for), _) => {
                    let robots = Robots::from_said(&said);
                    let fresh_for = fresh_for.unwrap_or(robots_cache::FRESH_FOR);
                    self.robots_cache
                        .keep(&robots_url, agent, said, fresh_for, Utc::now());
                    robots
                }
                (Asked::Unavailable(why), Some(copy)) => stale(source, url, &copy, &why),
                (Asked::Unreachable(e), Some(copy)) => stale(source, url, &copy, &e.to_string()),
                (Asked::Unavailable(why), None) => Robots::Unavailable(why),
                (Asked::Unreachable(e), None) => return Err(e),
            },
        };
        if let Some(delay) = robots.crawl_delay() {
            if delay.is_finite() && delay > 0.0 {
                let delay = Duration::from_secs_f32(delay.min(120.0));
                self.shared.limits.at_most_every(&host_key(url), delay);
            }
        }
        Ok(robots)
    }

    async fn ask_robots(&self, robots_url: &Url, source: &ForSource<'_>) -> Asked {
        // Its redirects are followed without a robots check of their own: robots.txt is
        // what decides, and checking it again for a hop would wait on this very check.
        // It takes no turn of the host's rate: that is the source's, for its pages (a
        // one-request API at 1/min waited a whole minute behind its robots.txt).
        // (Boxed: the compiler sees a recursion it cannot size, though a robots.txt fetch
        // never comes back here.)
        let fetched = Box::pin(self.get_following_redirects(
            robots_url,
            source,
            Purpose::Robots,
            &Cell::new(Turn::Held),
        ))
        .await;
        match fetched {
            Ok(body) => Asked::Said(
                Said::Rules(String::from_utf8_lossy(&body.bytes).into_owned()),
                robots_cache::fresh_for(body.cache_control.as_deref()),
            ),
            Err(FetchError::Status { status, .. }) if (400..500).contains(&status) => {
                Asked::Said(Said::AllowAll, None)
            }
            // Unreachable is not "unavailable": the connection problem is reported itself.
            Err(
                e @ (FetchError::Connect { .. }
                | FetchError::Unresolved { .. }
                | FetchError::Tls { .. }
                | FetchError::Timeout { .. }
                | FetchError::Network { .. }),
            ) => Asked::Unreachable(e),
            Err(e) => Asked::Unavailable(e.to_string()),
        }
    }
}

/// The kept copy, used while the host cannot give a new one.
fn stale(source: &ForSource<'_>, url: &Url, copy: &Copy, why: &str) -> Robots {
    tracing::debug!(
        "{}: robots.txt of {} could not be had ({why}); using the copy from {} ago",
        source.name,
        host_key(url),
        ago(copy)
    );
    Robots::from_said(&copy.said)
}

fn ago(copy: &Copy) -> String {
    let secs = (Utc::now() - copy.fetched).num_seconds().max(0) as u64;
    humantime::format_duration(Duration::from_secs(secs)).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_for_our_agent() {
        let body = b"User-agent: *\nDisallow: /private\n\nUser-agent: jobtap\nDisallow: /jobs/secret\nCrawl-delay: 2\n";
        let Robots::Rules(r) = Robots::from_body("jobtap", body) else {
            panic!("rules expected")
        };
        assert!(!r.allowed("http://x.test/jobs/secret/1"));
        assert!(r.allowed("http://x.test/jobs/open"));
        assert_eq!(Robots::from_body("jobtap", body).crawl_delay(), Some(2.0));
    }
}
