//! Free-text pay ("$90k - $105k", "£12.50 an hour", "up to 45,000 EUR a year") to the
//! structured salary fields. Numbers are kept as written (no annualizing); the period comes
//! from the words and only as a last resort from the magnitude.

use crate::posting::{Salary, SalaryPeriod};

/// Parses a pay text. The original always lands in `salary.text`; numbers only when the text
/// states an amount (never for "DOE", "Competitive", "$0" or commission-only pay).
pub fn parse_salary_text(text: &str) -> Salary {
    let trimmed = text.trim();
    let mut salary = Salary {
        text: (!trimmed.is_empty()).then(|| trimmed.to_string()),
        ..Salary::default()
    };
    let lower = trimmed.to_lowercase();
    if lower.contains("commission only") || lower.contains("commission-only") {
        return salary;
    }
    let amounts = amounts(&lower);
    let Some(first) = amounts.first() else {
        return salary;
    };
    let (mut min, mut max) = match amounts.get(1) {
        Some(second) if is_range_between(&lower[first.end..second.start]) => {
            // "90 - 105k": the suffix of the second number applies to both.
            let lo = if first.multiplier == 1.0 && second.multiplier > 1.0 {
                first.value * second.multiplier
            } else {
                first.value * first.multiplier
            };
            (Some(lo), Some(second.value * second.multiplier))
        }
        _ => {
            let v = first.value * first.multiplier;
            let before = &lower[..first.start];
            let after = &lower[first.end..];
            if before.trim_end().ends_with("up to") || before.contains("max") {
                (None, Some(v))
            } else if after.trim_start().starts_with('+')
                || before.contains("from")
                || before.contains("starting")
                || before.contains("min")
            {
                (Some(v), None)
            } else {
                (Some(v), Some(v))
            }
        }
    };
    if max.is_some_and(|m| m <= 0.0) {
        max = None;
    }
    if min.is_some_and(|m| m <= 0.0) {
        min = None;
    }
    if min.is_none() && max.is_none() {
        return salary;
    }
    if let (Some(a), Some(b)) = (min, max) {
        if a > b {
            (min, max) = (Some(b), Some(a));
        }
    }
    salary.min = min;
    salary.max = max;
    salary.currency = currency(&lower).map(str::to_string);
    // The period word nearest after the amount wins ("20 hours a week, $18/hr" is hourly).
    salary.period = period_from_words(&lower[first.start..])
        .or_else(|| period_from_words(&lower))
        .or_else(|| period_from_magnitude(max.or(min)?));
    salary
}

/// A pay amount as JSON APIs write it: a number or a numeric string ("52000.00",
/// "3,500"). Zero, negative and unreadable amounts are no amount: APIs write 0 or "" for
/// "not stated".
pub fn amount(v: &serde_json::Value) -> Option<f64> {
    let n = match v {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => {
            let s = s.trim();
            s.parse::<f64>().ok().or_else(|| {
                // Only commas that group thousands go; "3.500,00" stays unreadable.
                let (int, frac) = s.split_once('.').unwrap_or((s, ""));
                let groups: Vec<&str> = int.split(',').collect();
                let grouped = groups.len() > 1
                    && (1..=3).contains(&groups[0].len())
                    && groups[1..].iter().all(|g| g.len() == 3);
                let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
                (grouped && groups.iter().all(|g| digits(g)) && digits(frac))
                    .then(|| s.replace(',', "").parse().ok())
                    .flatten()
            })
        }
        _ => None,
    }?;
    (n.is_finite() && n > 0.0).then_some(n)
}

/// The first pay line of a description, for postings whose source gives no structured pay:
/// a line with a currency amount and a pay period or pay word ("Pay: $18-$21 per hour").
/// Bonuses, 401(k) and the like are not pay lines. `salary_text` is the line itself.
pub fn from_description(description: &str) -> Option<Salary> {
    const PAY_WORDS: [&str; 7] = [
        "pay",
        "salary",
        "wage",
        "compensation",
        "rate",
        "earn",
        "per hour",
    ];
    const NOT_PAY: [&str; 9] = [
        "bonus",
        "401",
        "referral",
        "reimburse",
        "tuition",
        "stipend",
        "revenue",
        "funding",
        "raised",
    ];
    // Only lines with a currency sign can state pay, and most descriptions have none: one
    // byte scan finds the signs, and only their lines are looked at, each once.
    let money = |s: &str| money_signs(s).next().is_some();
    let mut last_line = None;
    let mut lines = money_signs(description).filter_map(|at| {
        let b = description.as_bytes();
        let from = memchr::memrchr(b'\n', &b[..at]).map_or(0, |p| p + 1);
        let to = memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |p| at + p);
        (last_line.replace(from) != Some(from)).then(|| {
            let line = &description[from..to];
            line.strip_suffix('\r').unwrap_or(line)
        })
    });
    lines.find_map(|line| {
        if line.len() > 400 {
            return None;
        }
        // What follows a bonus or 401(k) mention is about that, not pay: read only before it.
        // The words are ASCII; ASCII lowercasing keeps every byte where it was, so a place
        // found in `lower` is the same place in `line` (full lowercasing moves it: "İ" has
        // three bytes in lower case).
        let lower = line.to_ascii_lowercase();
        let cut = NOT_PAY
            .iter()
            .filter_map(|w| lower.find(w))
            .min()
            .unwrap_or(lower.len());
        let (before, lower) = (&line[..cut], &lower[..cut]);
        let pay_like =
            period_from_words(lower).is_some() || PAY_WORDS.iter().any(|w| lower.contains(w));
        if !pay_like || !money(before) {
            return None;
        }
        let mut found = parse_salary_text(before);
        // A pay line in a list keeps its words, not the list's marker (HTML lists become
        // "- " lines; plain-text ads use bullets).
        let text = line.trim();
        let text = ["- ", "* ", "\u{2022}", "\u{b7}"]
            .iter()
            .find_map(|marker| text.strip_prefix(marker))
            .map_or(text, str::trim_start);
        found.text = Some(text.to_string());
        (found.min.is_some() || found.max.is_some()).then_some(found)
    })
}

/// Where `$`, `€` and `£` are in `s`.
fn money_signs(s: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr3_iter(b'$', 0xe2, 0xc2, s.as_bytes())
        .filter(move |&i| s[i..].starts_with(['$', '€', '£']))
}

/// Converts pay to another period, on request only (`--pay-per`), with the assumptions the
/// README documents: 40 hours a week, 8 hours a day, 52 weeks and 12 months a year.
pub fn convert(salary: &mut Salary, to: SalaryPeriod) {
    let Some(from) = salary.period else {
        return;
    };
    let hours = |p: SalaryPeriod| match p {
        SalaryPeriod::Hour => 1.0,
        SalaryPeriod::Day => 8.0,
        SalaryPeriod::Week => 40.0,
        SalaryPeriod::Month => 2080.0 / 12.0,
        SalaryPeriod::Year => 2080.0,
    };
    let factor = hours(to) / hours(from);
    let round = |v: f64| (v * factor * 100.0).round() / 100.0;
    salary.min = salary.min.map(round);
    salary.max = salary.max.map(round);
    salary.period = Some(to);
}

/// A pay interval named in words, e.g. Lever's "per-hour-wage" or "an hour".
pub fn period_from_words(lower: &str) -> Option<SalaryPeriod> {
    const WORDS: [(&str, SalaryPeriod); 26] = [
        ("/hr", SalaryPeriod::Hour),
        ("/hour", SalaryPeriod::Hour),
        ("per hour", SalaryPeriod::Hour),
        ("per-hour", SalaryPeriod::Hour),
        ("an hour", SalaryPeriod::Hour),
        ("hourly", SalaryPeriod::Hour),
        ("/h", SalaryPeriod::Hour),
        ("p/h", SalaryPeriod::Hour),
        ("per diem", SalaryPeriod::Day),
        ("/day", SalaryPeriod::Day),
        ("per day", SalaryPeriod::Day),
        ("a day", SalaryPeriod::Day),
        ("daily", SalaryPeriod::Day),
        ("/wk", SalaryPeriod::Week),
        ("/week", SalaryPeriod::Week),
        ("per week", SalaryPeriod::Week),
        ("a week", SalaryPeriod::Week),
        ("weekly", SalaryPeriod::Week),
        ("/mo", SalaryPeriod::Month),
        ("per month", SalaryPeriod::Month),
        ("a month", SalaryPeriod::Month),
        ("monthly", SalaryPeriod::Month),
        ("/yr", SalaryPeriod::Year),
        ("/year", SalaryPeriod::Year),
        ("per year", SalaryPeriod::Year),
        ("annual", SalaryPeriod::Year),
    ];
    const MORE: [(&str, SalaryPeriod); 5] = [
        ("a year", SalaryPeriod::Year),
        ("per-year", SalaryPeriod::Year),
        ("per annum", SalaryPeriod::Year),
        ("yearly", SalaryPeriod::Year),
        ("per-month", SalaryPeriod::Month),
    ];
    WORDS
        .iter()
        .chain(MORE.iter())
        .filter_map(|(w, p)| find_word(lower, w).map(|at| (at, *p)))
        .min_by_key(|(at, _)| *at)
        .map(|(_, p)| p)
}

/// Last resort when no words name the period: small amounts are hourly, large ones yearly,
/// and the ambiguous middle stays unknown.
fn period_from_magnitude(v: f64) -> Option<SalaryPeriod> {
    if v < 200.0 {
        Some(SalaryPeriod::Hour)
    } else if v >= 15_000.0 {
        Some(SalaryPeriod::Year)
    } else {
        None
    }
}

/// ISO 4217 code from a symbol or code in the text; `$` alone is read as USD.
pub fn currency(lower: &str) -> Option<&'static str> {
    const CODES: [&str; 20] = [
        "usd", "eur", "gbp", "cad", "aud", "nzd", "inr", "chf", "jpy", "sek", "nok", "dkk", "pln",
        "brl", "mxn", "zar", "sgd", "hkd", "php", "czk",
    ];
    const UPPER: [&str; 20] = [
        "USD", "EUR", "GBP", "CAD", "AUD", "NZD", "INR", "CHF", "JPY", "SEK", "NOK", "DKK", "PLN",
        "BRL", "MXN", "ZAR", "SGD", "HKD", "PHP", "CZK",
    ];
    for (code, upper) in CODES.iter().zip(UPPER) {
        if find_word(lower, code).is_some() {
            return Some(upper);
        }
    }
    const SYMBOLS: [(&str, &str); 11] = [
        ("us$", "USD"),
        ("c$", "CAD"),
        ("ca$", "CAD"),
        ("a$", "AUD"),
        ("au$", "AUD"),
        ("nz$", "NZD"),
        ("€", "EUR"),
        ("£", "GBP"),
        ("₹", "INR"),
        ("¥", "JPY"),
        ("$", "USD"),
    ];
    SYMBOLS
        .iter()
        .find(|(s, _)| lower.contains(s))
        .map(|(_, c)| *c)
}

/// `word` in `hay` not inside a longer word; returns its byte offset.
fn find_word(hay: &str, word: &str) -> Option<usize> {
    let bytes = hay.as_bytes();
    let word_char = |b: u8| b.is_ascii_alphanumeric();
    let first_is_word = word.as_bytes().first().is_some_and(|&b| word_char(b));
    let last_is_word = word.as_bytes().last().is_some_and(|&b| word_char(b));
    hay.match_indices(word).map(|(at, _)| at).find(|&at| {
        let end = at + word.len();
        let left_ok = !first_is_word || at == 0 || !word_char(bytes[at - 1]);
        let right_ok = !last_is_word || end == bytes.len() || !word_char(bytes[end]);
        left_ok && right_ok
    })
}

struct Amount {
    start: usize,
    end: usize,
    value: f64,
    multiplier: f64,
}

/// Numbers in the text with their `k`/`m` suffix: "90k", "105,000", "17.25", "1.5k".
fn amounts(lower: &str) -> Vec<Amount> {
    let bytes = lower.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_alphabetic()) {
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = String::new();
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_digit() {
                digits.push(b as char);
            } else if b == b',' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
                // thousands separator
            } else if b == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
                digits.push('.');
            } else {
                break;
            }
            i += 1;
        }
        let mut multiplier = 1.0;
        match bytes.get(i) {
            Some(b'k') if !bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) => {
                multiplier = 1_000.0;
                i += 1;
            }
            Some(b'm')
                if !bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic)
                    && !lower[i..].starts_with("mo") =>
            {
                multiplier = 1_000_000.0;
                i += 1;
            }
            _ => {}
        }
        // Hours per week ("20-29 hours") and years of experience are not pay.
        let tail = unit_after(&lower[i..]);
        let not_pay = [
            "hour", "hrs", "year", "yr", "week", "day", "month", "%", "+ year",
        ]
        .iter()
        .any(|w| tail.starts_with(w))
            && !lower[..start].trim_end().ends_with(['$', '€', '£']);
        if let Ok(value) = digits.parse::<f64>() {
            if !not_pay && value.is_finite() {
                found.push(Amount {
                    start,
                    end: i,
                    value,
                    multiplier,
                });
            }
        }
    }
    found
}

/// What follows a number, past a range's second number: "-29 hours" gives "hours".
fn unit_after(rest: &str) -> &str {
    let t = rest.trim_start();
    let Some(t) = t
        .strip_prefix('-')
        .or_else(|| t.strip_prefix('–'))
        .or_else(|| t.strip_prefix("to "))
    else {
        return t;
    };
    t.trim_start()
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == ',' || c == '.')
        .trim_start()
}

/// Whether the text between two amounts makes them a range ("-", "to", "USD -", "- $").
fn is_range_between(between: &str) -> bool {
    let words: Vec<&str> = between
        .split(|c: char| c.is_whitespace() || matches!(c, '$' | '€' | '£'))
        .filter(|w| !w.is_empty() && currency(w).is_none())
        .collect();
    matches!(words.as_slice(), ["-"] | ["–"] | ["—"] | ["to"])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text whose lower case is longer than itself ("İ") before a word that cuts the line:
    /// the cut must land where the word is, not a few bytes later (inside the "€").
    #[test]
    fn lowercase_that_grows_does_not_move_the_cut() {
        let found = from_description("İİİİİİ pay $20 an hour, bonus€€").unwrap();
        assert_eq!((found.min, found.max), (Some(20.0), Some(20.0)));
        assert!(from_description("İİİİİİ $20 pay bonus€€").is_some());
    }

    fn s(
        t: &str,
    ) -> (
        Option<f64>,
        Option<f64>,
        Option<String>,
        Option<&'static str>,
    ) {
        let r = parse_salary_text(t);
        (r.min, r.max, r.currency, r.period.map(|p| p.as_str()))
    }

    #[test]
    fn ranges_and_suffixes() {
        assert_eq!(
            s("$90k - $105k"),
            (
                Some(90000.0),
                Some(105000.0),
                Some("USD".into()),
                Some("year")
            )
        );
        assert_eq!(
            s("$17.25 - $20 per hour"),
            (Some(17.25), Some(20.0), Some("USD".into()), Some("hour"))
        );
        assert_eq!(
            s("90 to 105k EUR"),
            (
                Some(90000.0),
                Some(105000.0),
                Some("EUR".into()),
                Some("year")
            )
        );
        assert_eq!(
            s("£12.50 an hour"),
            (Some(12.5), Some(12.5), Some("GBP".into()), Some("hour"))
        );
        assert_eq!(
            s("Up to 45,000 a year"),
            (None, Some(45000.0), None, Some("year"))
        );
        assert_eq!(
            s("From $3,000/mo"),
            (Some(3000.0), None, Some("USD".into()), Some("month"))
        );
        assert_eq!(
            s("$25+/hr"),
            (Some(25.0), None, Some("USD".into()), Some("hour"))
        );
    }

    #[test]
    fn pay_lines_in_descriptions() {
        let d = "We answer chats.\nPay: $18.50 - $21 per hour, plus a $500 bonus\nBenefits";
        let s = from_description(d).unwrap();
        assert_eq!(
            (s.min, s.max, s.period),
            (Some(18.5), Some(21.0), Some(SalaryPeriod::Hour))
        );
        assert_eq!(
            s.text.as_deref(),
            Some("Pay: $18.50 - $21 per hour, plus a $500 bonus")
        );
        for listed in [
            "- Pay: $18/hour",
            "\u{2022} Pay: $18/hour",
            "* Pay: $18/hour",
        ] {
            let s = from_description(&format!("Perks\n{listed}\n- Nights")).unwrap();
            assert_eq!(s.text.as_deref(), Some("Pay: $18/hour"), "{listed}");
        }
        assert_eq!(
            from_description("Pay: -$5 a day?? $18/hour")
                .unwrap()
                .text
                .as_deref(),
            Some("Pay: -$5 a day?? $18/hour")
        );
        assert!(from_description("We raised $20M from investors.").is_none());
        assert!(from_description("$1,000 sign-on bonus!").is_none());
        assert!(from_description("Great team, no pay numbers here.").is_none());
    }

    #[test]
    fn conversion_on_request() {
        let mut s = parse_salary_text("$20 - $25 an hour");
        convert(&mut s, SalaryPeriod::Year);
        assert_eq!(
            (s.min, s.max, s.period),
            (Some(41600.0), Some(52000.0), Some(SalaryPeriod::Year))
        );
        let mut s = parse_salary_text("$52,000 a year");
        convert(&mut s, SalaryPeriod::Hour);
        assert_eq!((s.min, s.period), (Some(25.0), Some(SalaryPeriod::Hour)));
        let mut unknown = parse_salary_text("$5,000");
        convert(&mut unknown, SalaryPeriod::Year);
        assert_eq!(unknown.period, None, "no period, nothing to convert from");
    }

    #[test]
    fn no_numbers() {
        for t in [
            "DOE",
            "Negotiable",
            "Competitive",
            "$0",
            "Commission only, $500 bonus",
            "",
        ] {
            let r = parse_salary_text(t);
            assert_eq!((r.min, r.max), (None, None), "{t}");
        }
        assert_eq!(parse_salary_text("DOE").text.as_deref(), Some("DOE"));
    }

    #[test]
    fn never_swapped() {
        let r = parse_salary_text("$105k - $90k");
        assert_eq!((r.min, r.max), (Some(90000.0), Some(105000.0)));
    }

    #[test]
    fn json_amounts() {
        use serde_json::json;
        assert_eq!(amount(&json!(52000)), Some(52000.0));
        assert_eq!(amount(&json!("52000.00")), Some(52000.0));
        assert_eq!(amount(&json!(" 3,500 ")), Some(3500.0));
        assert_eq!(amount(&json!("1,234,567.5")), Some(1234567.5));
        for none in [
            json!(0),
            json!("0"),
            json!(""),
            json!(null),
            json!(-5),
            json!("3.500,00"),
            json!("12,34"),
            json!("n/a"),
        ] {
            assert_eq!(amount(&none), None, "{none}");
        }
    }

    #[test]
    fn hours_are_not_pay() {
        let r = parse_salary_text("20-29 hours a week, $18/hr");
        assert_eq!((r.min, r.max), (Some(18.0), Some(18.0)));
        assert_eq!(r.period, Some(SalaryPeriod::Hour));
    }
}
