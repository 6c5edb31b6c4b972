//! Checks for what phrase lists cannot spell out: shift times ("9pm to 5:30am") and weekly
//! hours ("20-25 hours a week"). Each shape has anchor words that go into the tagger's one
//! automaton; only when an anchor is found is the text around it examined.

use regex::Regex;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A shift that covers the small hours: at least two hours between midnight and 6am.
    NightHours,
    /// Fewer than 30 hours a week.
    PartTimeHours,
    /// "Remote" as one of a list of places ("Austin, TX; Remote", a line "Remote").
    RemotePlace,
    /// Years of experience asked for: at least one ("2+ years of experience", "at least
    /// one year of related experience").
    YearsRequired,
}

static TIME_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(\d{1,2})(?::?(\d{2}))?\s*([ap])\.?(?:m\.?)?\s*(?:-|–|—|to|until|till)\s*(\d{1,2})(?::?(\d{2}))?\s*([ap])(?:\.?m\b|\b)",
    )
    .expect("valid time-range regex")
});

static HOURS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\d{1,2})(?:\s*(?:-|–|—|to)\s*(\d{1,2}))?\s*(\+|or more)?\s*$")
        .expect("valid hours regex")
});

impl Shape {
    pub fn by_name(name: &str) -> Option<Shape> {
        match name {
            "night_hours" => Some(Shape::NightHours),
            "part_time_hours" => Some(Shape::PartTimeHours),
            "remote_place" => Some(Shape::RemotePlace),
            "years_required" => Some(Shape::YearsRequired),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Shape::NightHours => "night_hours",
            Shape::PartTimeHours => "part_time_hours",
            Shape::RemotePlace => "remote_place",
            Shape::YearsRequired => "years_required",
        }
    }

    /// Anchor phrases for the tagger's automaton. Night hours anchor on a digit and its
    /// am/pm ("9pm", "5 a.m"): am/pm alone is inside far too many words.
    pub fn anchors(self) -> Vec<String> {
        match self {
            Shape::NightHours => (0..10)
                .flat_map(|d| {
                    [
                        "pm", " pm", "p.m", " p.m", "am", " am", "a.m", " a.m", "p-", "p -", "p to",
                    ]
                    .map(move |suffix| format!("{d}{suffix}"))
                })
                .collect(),
            Shape::PartTimeHours => [
                "hours per week",
                "hour per week",
                "hour a week",
                "hour/week",
                "hours a week",
                "hours/week",
                "hours / week",
                "hours weekly",
                "hours each week",
                "hours per wk",
                "hours/wk",
                "hrs per week",
                "hrs a week",
                "hrs/week",
                "hrs/wk",
            ]
            .map(String::from)
            .to_vec(),
            Shape::RemotePlace => vec!["remote".to_string()],
            Shape::YearsRequired => ["years", "year", "yrs"].map(String::from).to_vec(),
        }
    }

    /// Examines the text around an anchor found at `start..end`; returns where the words
    /// that made the shape fire are.
    pub fn check(self, text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
        match self {
            Shape::NightHours => night_hours(text, start, end),
            Shape::PartTimeHours => part_time_hours(text, start, end),
            Shape::RemotePlace => remote_place(text, start, end),
            Shape::YearsRequired => years_required(text, start, end),
        }
    }
}

fn window(text: &str, from: usize, to: usize) -> (usize, &str) {
    let mut a = from;
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = to.min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    (a, &text[a..b])
}

fn night_hours(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let (at, around) = window(text, start.saturating_sub(24), end + 24);
    let caps = TIME_RANGE.captures(around)?;
    let minutes = |h: usize, m: usize, ap: usize| -> Option<u32> {
        let hour: u32 = caps.get(h)?.as_str().parse().ok()?;
        let min: u32 = caps.get(m).map_or(Some(0), |m| m.as_str().parse().ok())?;
        if hour == 0 || hour > 12 || min > 59 {
            return None;
        }
        let pm = caps.get(ap)?.as_str().eq_ignore_ascii_case("p");
        Some((hour % 12 + if pm { 12 } else { 0 }) * 60 + min)
    };
    let (s, e) = (minutes(1, 2, 3)?, minutes(4, 5, 6)?);
    const SMALL_HOURS_END: u32 = 6 * 60;
    let small_hours = if e <= s {
        e.min(SMALL_HOURS_END)
    } else {
        SMALL_HOURS_END.saturating_sub(s).min(e - s)
    };
    let whole = caps.get(0)?;
    (small_hours >= 120).then(|| (at + whole.start(), at + whole.end()))
}

static ANY_HOURS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(\d{1,3})\s*(?:hours|hrs)\b").expect("valid hours regex"));

fn part_time_hours(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    // "24 hours a week, 36 hours a week": a choice that includes full time is not part time.
    let (_, around) = window(text, start.saturating_sub(48), end + 48);
    let full_time_offered = ANY_HOURS
        .captures_iter(around)
        .filter_map(|c| c[1].parse::<u32>().ok())
        .any(|n| (30..=80).contains(&n));
    if full_time_offered {
        return None;
    }
    let (at, before) = window(text, start.saturating_sub(24), start);
    let caps = HOURS.captures(before)?;
    if caps.get(3).is_some() {
        return None;
    }
    let low: u32 = caps[1].parse().ok()?;
    let high: u32 = caps.get(2).map_or(Some(low), |m| m.as_str().parse().ok())?;
    let lead = before[..caps.get(0)?.start()].to_ascii_lowercase();
    if ["minimum", "min.", "at least", "over"]
        .iter()
        .any(|w| lead.trim_end().ends_with(w))
    {
        return None;
    }
    let from = at + caps.get(0)?.start();
    let from = from + (text[from..end].len() - text[from..end].trim_start().len());
    (high > 0 && high < 30 && low <= high).then_some((from, end))
}

/// "Remote" standing alone between list separators or on a line of its own: it is a
/// place the job is in, listed with others ("Austin, TX; Remote", "Locations: Remote").
fn remote_place(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let before = text[..start].trim_end_matches([' ', '\t']);
    let after = text[end..].trim_start_matches([' ', '\t']);
    let opens = before.is_empty()
        || before.ends_with(['\n', ';', '|', '/', '•'])
        || before.to_ascii_lowercase().ends_with("locations:")
        || before.to_ascii_lowercase().ends_with("location:");
    let closes = after.is_empty() || after.starts_with(['\n', ';', '|', '/', '•', '\r']);
    let capital = text.as_bytes()[start].is_ascii_uppercase();
    (opens && closes && capital).then_some((start, end))
}

static YEARS_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s*(?:\+|plus)?\s*(?:(?:-|–|to)\s*\d{1,2}\s*)?(?:\+|plus)?\s*(?:\(\d{1,2}\)\s*)?(?:full[- ]time\s+)?$",
    )
    .expect("valid years regex")
});

/// A number of years, at least one, before the anchor, and "experience" within the next
/// few words: "2+ years of experience", "three (3) years of related experience".
fn years_required(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let (at, before) = window(text, start.saturating_sub(24), start);
    let caps = YEARS_BEFORE.captures(before)?;
    if matches!(&caps[1], "0" | "00") {
        return None;
    }
    let (_, after) = window(text, end, end + 48);
    let after = after.to_ascii_lowercase();
    let clause_end = after.find(['.', ';', '\n']).unwrap_or(after.len());
    after[..clause_end]
        .contains("experience")
        .then(|| (at + caps.get(0).map_or(0, |m| m.start()), end))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As the tagger asks: at the first anchor (a digit and its am/pm or a/p).
    fn night(s: &str) -> bool {
        let b = s.to_ascii_lowercase().into_bytes();
        let digit_before = |i: usize| {
            b[i - 1].is_ascii_digit() || (i > 1 && b[i - 1] == b' ' && b[i - 2].is_ascii_digit())
        };
        let at = (1..b.len())
            .find(|&i| (b[i] == b'p' || b[i] == b'a') && digit_before(i))
            .unwrap();
        night_hours(s, at - 1, at + 1).is_some()
    }

    #[test]
    fn night_shifts() {
        assert!(night("Shift could be 9pm to 5:30 am"));
        assert!(night("hours 10:00 PM - 6:00 AM"));
        assert!(night("11pm–7am"));
        assert!(night("Shift: 11p-7a"));
        assert!(!night("Shift: 7a-3p"));
        assert!(night("schedule 12am-8am"));
        assert!(!night("availability around the hours of 7pm-11pm"));
        assert!(!night("Monday - Friday 8:00 am-5:00 pm"));
        assert!(
            !night("open 4pm to 1am"),
            "one hour past midnight is a late evening"
        );
        assert!(!night("teams at 5pm"));
    }

    fn pt(s: &str) -> bool {
        let at = s.find("hours").or_else(|| s.find("hrs")).unwrap();
        part_time_hours(s, at, at + 5).is_some()
    }

    #[test]
    fn remote_among_places() {
        let place = |s: &str| {
            let at = s.find("Remote").unwrap();
            remote_place(s, at, at + 6).is_some()
        };
        assert!(place("Locations: Austin, TX; Remote"));
        assert!(place("Austin, TX | Remote | Denver, CO"));
        assert!(place("Where\nRemote\nType"));
        assert!(!place("Remote work is possible on Fridays"));
        assert!(!place("Support for sites; Remote monitoring"));
    }

    #[test]
    fn years_of_experience_asked_for() {
        let asks = |s: &str| {
            let at = s.find("year").unwrap();
            let end = at + if s[at..].starts_with("years") { 5 } else { 4 };
            years_required(s, at, end).is_some()
        };
        assert!(asks("2-4 years of prior work experience"));
        assert!(asks("at least one year of related experience"));
        assert!(asks("three (3) years of full-time experience"));
        assert!(asks("5+ years experience in sales"));
        assert!(!asks("0-2 years of experience"));
        assert!(!asks("a 2 year degree"));
        assert!(!asks("founded 20 years ago. Experience the best"));
    }

    #[test]
    fn weekly_hours() {
        assert!(pt("20-29 hours per week"));
        assert!(pt("about 25 hours a week"));
        assert!(pt("up to 20 hrs/week"));
        assert!(!pt("40 hours per week"));
        assert!(!pt("35-40 hours per week"));
        assert!(!pt("minimum 15 hours per week"));
        assert!(!pt("20+ hours a week"));
        assert!(!pt("20 or more hours per week"));
        assert!(!pt("24 hours a week, 36 hours a week - your choice"));
    }
}
