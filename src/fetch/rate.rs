//! Request rates ("1/s", "2/min", "1/5s") and the per-host limiters that enforce them.

use governor::{DefaultDirectRateLimiter, Jitter, Quota, RateLimiter};
use serde::{de, Deserialize, Deserializer};
use std::{
    collections::HashMap,
    fmt,
    num::NonZeroU32,
    str::FromStr,
    sync::{Arc, Mutex},
    time::Duration,
};

/// At most `count` requests per `period`, spaced evenly (no bursts: a polite client never
/// sends its allowance all at once).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub count: u32,
    pub period: Duration,
}

impl Rate {
    /// Time between two requests.
    pub fn interval(&self) -> Duration {
        self.period / self.count
    }
}

impl FromStr for Rate {
    type Err = String;

    fn from_str(s: &str) -> Result<Rate, String> {
        let bad = || format!("{s:?}: a rate is N/PERIOD, e.g. 1/s, 30/min, 1/5s");
        let (count, period) = s.split_once('/').ok_or_else(bad)?;
        let count: u32 = count.trim().parse().map_err(|_| bad())?;
        let period = period.trim();
        // "s", "min", "h" alone mean one of that unit.
        let period = if period.starts_with(|c: char| c.is_ascii_digit()) {
            humantime::parse_duration(period).map_err(|_| bad())?
        } else {
            humantime::parse_duration(&format!("1{period}")).map_err(|_| bad())?
        };
        if count == 0 || period.is_zero() {
            return Err(bad());
        }
        Ok(Rate { count, period })
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.period.as_secs();
        let unit = match secs {
            1 => "s".to_string(),
            60 => "min".to_string(),
            3600 => "h".to_string(),
            86400 => "day".to_string(),
            _ => humantime::format_duration(self.period).to_string(),
        };
        write!(f, "{}/{}", self.count, unit)
    }
}

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Rate, D::Error> {
        String::deserialize(d)?.parse().map_err(de::Error::custom)
    }
}

/// One limiter per host (host:port), created on first use at the rate set for that host.
/// When several sources share a host, the slowest rate wins.
pub struct HostLimits {
    default: Rate,
    rates: Mutex<HashMap<String, Rate>>,
    limiters: Mutex<HashMap<String, Arc<DefaultDirectRateLimiter>>>,
}

impl HostLimits {
    pub fn new(default: Rate) -> Self {
        HostLimits {
            default,
            rates: Mutex::new(HashMap::new()),
            limiters: Mutex::new(HashMap::new()),
        }
    }

    /// Sets the rate for a host, keeping the slower one if a rate is already set.
    pub fn set_rate(&self, host: &str, rate: Rate) {
        let mut rates = self.rates.lock().unwrap();
        let old = rates.get(host).copied();
        let slower = match old {
            Some(r) if r.interval() >= rate.interval() => r,
            _ => rate,
        };
        rates.insert(host.to_string(), slower);
        // A limiter in use is replaced only when the host got slower; the new one starts
        // with its first cell spent so the change never lets a request through early.
        if old != Some(slower) {
            let mut limiters = self.limiters.lock().unwrap();
            if let Some(current) = limiters.get_mut(host) {
                let fresh = limiter(slower);
                let _ = fresh.check();
                *current = Arc::new(fresh);
            }
        }
    }

    /// Slows a host down to at least `interval` between requests (robots.txt Crawl-delay).
    pub fn at_most_every(&self, host: &str, interval: Duration) {
        let rate = self.rate_for(host);
        if interval > rate.interval() {
            self.set_rate(
                host,
                Rate {
                    count: 1,
                    period: interval,
                },
            );
        }
    }

    pub fn rate_for(&self, host: &str) -> Rate {
        self.rates
            .lock()
            .unwrap()
            .get(host)
            .copied()
            .unwrap_or(self.default)
    }

    /// Waits until the host's rate allows one more request.
    pub async fn until_ready(&self, host: &str) {
        let lim = {
            let mut limiters = self.limiters.lock().unwrap();
            limiters
                .entry(host.to_string())
                .or_insert_with(|| Arc::new(limiter(self.rate_for(host))))
                .clone()
        };
        // Jitter only ever delays, so it never pushes a host over its rate; 1% of the
        // interval is enough to keep concurrent clients from falling into lockstep.
        let jitter = (self.rate_for(host).interval() / 100).min(Duration::from_millis(100));
        lim.until_ready_with_jitter(Jitter::up_to(jitter)).await;
    }
}

fn limiter(rate: Rate) -> DefaultDirectRateLimiter {
    let quota = Quota::with_period(rate.interval().max(Duration::from_nanos(1)))
        .expect("non-zero interval")
        .allow_burst(NonZeroU32::MIN);
    RateLimiter::direct(quota)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_rates() {
        let r: Rate = "1/s".parse().unwrap();
        assert_eq!(r.interval(), Duration::from_secs(1));
        let r: Rate = "30/min".parse().unwrap();
        assert_eq!(r.interval(), Duration::from_secs(2));
        let r: Rate = "1/5s".parse().unwrap();
        assert_eq!(r.interval(), Duration::from_secs(5));
        let r: Rate = "20/1s".parse().unwrap();
        assert_eq!(r.interval(), Duration::from_millis(50));
        assert_eq!(r.to_string(), "20/s");
        for bad in ["", "1", "0/s", "x/s", "1/0s", "1/fortnight"] {
            assert!(bad.parse::<Rate>().is_err(), "{bad}");
        }
    }

    #[test]
    fn slowest_rate_wins() {
        let l = HostLimits::new("1/s".parse().unwrap());
        l.set_rate("a", "10/s".parse().unwrap());
        l.set_rate("a", "2/s".parse().unwrap());
        l.set_rate("a", "5/s".parse().unwrap());
        assert_eq!(l.rate_for("a"), "2/s".parse().unwrap());
        l.at_most_every("a", Duration::from_secs(3));
        assert_eq!(l.rate_for("a").interval(), Duration::from_secs(3));
        assert_eq!(l.rate_for("b"), "1/s".parse().unwrap());
    }
}
