//! robots.txt: fetched once per host per run, then every URL is checked against it.

use texting_robots::Robot;

/// How much of a robots.txt is read (RFC 9309 §2.5: at least 500 kibibytes): the lines
/// that end within it; a line the cap cuts is dropped, never read as a shorter rule.
pub const MAX_ROBOTS_BYTES: usize = 500 * 1024;

/// What a host's robots.txt allows.
pub enum Robots {
    /// No usable rules (404 and other 4xx): everything is allowed.
    AllowAll,
    Rules(Box<Robot>),
    /// The file could not be had (5xx, network): RFC 9309 says assume full disallow.
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

    pub fn crawl_delay(&self) -> Option<f32> {
        match self {
            Robots::Rules(r) => r.delay,
            _ => None,
        }
    }
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
