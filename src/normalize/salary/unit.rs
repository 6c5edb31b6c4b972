//! The one reader of pay periods and currencies as sources name them: a field's word or
//! code ("Per Year", "PA", "1 HOUR", "per-hour-wage", "hourly"; "usd", "£", "C$", "pounds"),
//! and the currency of a country. Every adapter maps its period and currency fields through
//! here, and the text reader uses the same words.

use crate::posting::SalaryPeriod;

/// The period a field names: a unit ("hour", "YEAR"), its adjective ("hourly", "annual",
/// "p.a."), "per"/"a"/"1" and a unit ("Per Year", "1 HOUR", "a month"), a slash form ("/hr"),
/// Lever's intervals ("per-hour-wage") or USAJobs' codes ("PH", "PA"). Counts other than
/// one ("2 WEEK") and spans the schema has no word for ("bi-weekly", "one-time") are `None`.
pub fn period(label: &str) -> Option<SalaryPeriod> {
    let lower = label.trim().to_ascii_lowercase();
    if let Some(code) = usajobs_code(&lower) {
        return Some(code);
    }
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '.')
        .map(|w| w.trim_matches('.'))
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [w] => unit_word(w)
            .or_else(|| adjective(w))
            .or_else(|| abbreviation(w)),
        ["per" | "a" | "an" | "1" | "one" | "each" | "every", w] => unit_word(w),
        // Lever: "per-hour-wage", "per-year-salary".
        ["per", w, "wage" | "salary"] => unit_word(w),
        _ => None,
    }
}

/// USAJobs' rate interval codes.
fn usajobs_code(lower: &str) -> Option<SalaryPeriod> {
    match lower {
        "ph" => Some(SalaryPeriod::Hour),
        "pd" => Some(SalaryPeriod::Day),
        "pw" => Some(SalaryPeriod::Week),
        "pm" => Some(SalaryPeriod::Month),
        "pa" => Some(SalaryPeriod::Year),
        _ => None,
    }
}

/// A unit of time in a pay period, in lower case: "hour", "hr", "yr", "annum", "hora".
pub(super) fn unit_word(w: &str) -> Option<SalaryPeriod> {
    match w {
        "hour" | "hours" | "hr" | "hrs" | "h" | "hora" => Some(SalaryPeriod::Hour),
        "day" | "days" | "d" | "dia" | "tag" => Some(SalaryPeriod::Day),
        "week" | "weeks" | "wk" | "semana" | "woche" => Some(SalaryPeriod::Week),
        "month" | "months" | "mo" | "mth" | "mes" | "monat" => Some(SalaryPeriod::Month),
        "year" | "years" | "yr" | "yrs" | "annum" | "ano" | "jahr" => Some(SalaryPeriod::Year),
        _ => None,
    }
}

/// A period adjective or adverb, in lower case: "hourly", "annual", "everyday".
pub(super) fn adjective(w: &str) -> Option<SalaryPeriod> {
    match w {
        "hourly" => Some(SalaryPeriod::Hour),
        "daily" | "everyday" => Some(SalaryPeriod::Day),
        "weekly" => Some(SalaryPeriod::Week),
        "monthly" => Some(SalaryPeriod::Month),
        "annual" | "annually" | "annualized" | "annualised" | "yearly" => Some(SalaryPeriod::Year),
        _ => None,
    }
}

/// The British and German short forms: "p.a.", "ph", "pcm", "pw".
pub(super) fn abbreviation(w: &str) -> Option<SalaryPeriod> {
    match w {
        "ph" | "p.h" => Some(SalaryPeriod::Hour),
        "pw" | "p.w" => Some(SalaryPeriod::Week),
        "pcm" | "p.m" => Some(SalaryPeriod::Month),
        "pa" | "p.a" => Some(SalaryPeriod::Year),
        _ => None,
    }
}

/// ISO 4217 codes the text reader knows by sight. A field may carry any three-letter code
/// (`currency` takes it as it is); in running text only these are read as money.
pub(super) const CODES: [&str; 30] = [
    "AUD", "BRL", "CAD", "CHF", "CNY", "CZK", "DKK", "EUR", "GBP", "HKD", "HUF", "IDR", "ILS",
    "INR", "JPY", "KRW", "MXN", "MYR", "NOK", "NZD", "PHP", "PLN", "RON", "SEK", "SGD", "THB",
    "TRY", "USD", "ZAR", "AED",
];

/// The currency a field names: an ISO code in any case ("usd"), a sign ("$", "£", "€",
/// "C$", "A$", "US$"), or a name ("dollars", "pounds", "euros"). `$` alone is the US
/// dollar; `currency_for_dollar` reads it by country.
pub fn currency(label: &str) -> Option<String> {
    let t = label.trim();
    if t.len() == 3 && t.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Some(t.to_ascii_uppercase());
    }
    sign(t)
        .or_else(|| name(&t.to_ascii_lowercase()))
        .map(str::to_string)
}

/// A currency sign, with the country letters some put before `$`.
pub(super) fn sign(s: &str) -> Option<&'static str> {
    match s {
        "$" | "US$" | "USD$" => Some("USD"),
        "C$" | "CA$" | "CAD$" => Some("CAD"),
        "A$" | "AU$" | "AUD$" => Some("AUD"),
        "NZ$" => Some("NZD"),
        "S$" | "SG$" => Some("SGD"),
        "HK$" => Some("HKD"),
        "R$" => Some("BRL"),
        "MX$" => Some("MXN"),
        "£" => Some("GBP"),
        "€" => Some("EUR"),
        "¥" => Some("JPY"),
        "₹" => Some("INR"),
        _ => None,
    }
}

/// A currency's name, in lower case.
pub(super) fn name(w: &str) -> Option<&'static str> {
    match w {
        "dollar" | "dollars" => Some("USD"),
        "pound" | "pounds" | "quid" => Some("GBP"),
        "euro" | "euros" => Some("EUR"),
        "rand" => Some("ZAR"),
        "rupees" => Some("INR"),
        _ => None,
    }
}

/// The currency of a country (ISO 3166-1 alpha-2, any case), for sources whose pay is in
/// the local currency and for a bare `$` in an ad from a country of dollars.
pub fn currency_of_country(country: &str) -> Option<&'static str> {
    const BY_COUNTRY: [(&str, &str); 33] = [
        ("AT", "EUR"),
        ("AU", "AUD"),
        ("BE", "EUR"),
        ("BR", "BRL"),
        ("CA", "CAD"),
        ("CH", "CHF"),
        ("CZ", "CZK"),
        ("DE", "EUR"),
        ("DK", "DKK"),
        ("ES", "EUR"),
        ("FI", "EUR"),
        ("FR", "EUR"),
        ("GB", "GBP"),
        ("GR", "EUR"),
        ("HK", "HKD"),
        ("IE", "EUR"),
        ("IN", "INR"),
        ("IT", "EUR"),
        ("JP", "JPY"),
        ("MX", "MXN"),
        ("NL", "EUR"),
        ("NO", "NOK"),
        ("NZ", "NZD"),
        ("PH", "PHP"),
        ("PL", "PLN"),
        ("PT", "EUR"),
        ("SE", "SEK"),
        ("SG", "SGD"),
        ("UK", "GBP"),
        ("US", "USD"),
        ("ZA", "ZAR"),
        ("IL", "ILS"),
        ("AE", "AED"),
    ];
    let c = country.trim().to_ascii_uppercase();
    BY_COUNTRY.iter().find(|(k, _)| *k == c).map(|(_, v)| *v)
}

/// What a bare `$` is in an ad from `country`: that country's dollar where it has one, else
/// the US dollar.
pub fn currency_for_dollar(country: Option<&str>) -> &'static str {
    match country.and_then(currency_of_country) {
        Some(c @ ("AUD" | "CAD" | "NZD" | "SGD" | "HKD" | "MXN")) => c,
        _ => "USD",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use SalaryPeriod::*;

    #[test]
    fn periods_as_sources_name_them() {
        for (label, want) in [
            ("hour", Some(Hour)),
            ("YEAR", Some(Year)),
            ("Per Year", Some(Year)),
            ("per hour", Some(Hour)),
            ("1 HOUR", Some(Hour)),
            ("1 MONTH", Some(Month)),
            ("2 WEEK", None),
            ("per-hour-wage", Some(Hour)),
            ("per-year-salary", Some(Year)),
            ("one-time", None),
            ("hourly", Some(Hour)),
            ("Annual", Some(Year)),
            ("monthly", Some(Month)),
            ("p.a.", Some(Year)),
            ("/hr", Some(Hour)),
            ("PA", Some(Year)),
            ("PH", Some(Hour)),
            ("BW", None),
            ("bi-weekly", None),
            ("NONE", None),
            ("", None),
        ] {
            assert_eq!(period(label), want, "{label:?}");
        }
    }

    #[test]
    fn currencies_as_sources_name_them() {
        for (label, want) in [
            ("usd", Some("USD")),
            (" EUR ", Some("EUR")),
            ("XYZ", Some("XYZ")),
            ("$", Some("USD")),
            ("C$", Some("CAD")),
            ("£", Some("GBP")),
            ("€", Some("EUR")),
            ("pounds", Some("GBP")),
            ("Euros", Some("EUR")),
            ("US dollars", None),
            ("", None),
        ] {
            assert_eq!(currency(label).as_deref(), want, "{label:?}");
        }
        assert_eq!(currency_of_country("au"), Some("AUD"));
        assert_eq!(currency_of_country("GB"), Some("GBP"));
        assert_eq!(currency_of_country("XX"), None);
        assert_eq!(currency_for_dollar(Some("CA")), "CAD");
        assert_eq!(currency_for_dollar(Some("GB")), "USD");
        assert_eq!(currency_for_dollar(None), "USD");
    }
}
