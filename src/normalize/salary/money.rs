//! Money amounts in text: a number as written ("105,000", "17.25", "1.234,56", "90k") with
//! the currency sign, code or name beside it ("$", "US$", "£", "€", "EUR 13", "2,500GBP",
//! "3800 pounds"). Numbers that are something else (times, dates, percentages, "401k",
//! "3D", "GS-09", "$3 billion") are not amounts.

use super::{unit, words};
use crate::posting::SalaryPeriod;

/// A number with what is written right around it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Amount {
    /// Where the amount starts (its sign or code before, if any) and ends (after its `k`,
    /// code or name).
    pub start: usize,
    pub end: usize,
    /// Where the digits are.
    pub digits_start: usize,
    pub digits_end: usize,
    /// The value, a `k` applied.
    pub value: f64,
    pub k: bool,
    /// The currency from a sign, code or name beside it; `$` is `Dollar` until the ad's
    /// country says which.
    pub currency: Option<Currency>,
    /// Written with thousands separators, decimals or a `k`: "40,000", "11.50", "90k".
    pub shaped: bool,
    /// Digits before any separator.
    pub int_digits: usize,
    /// Read as a decimal though its one `.` stands before three digits ("48.000").
    pub dot3: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Currency {
    /// A bare `$`: the US dollar unless the ad's country has a dollar of its own.
    Dollar,
    Code(&'static str),
}

impl Amount {
    /// Money by sight: a currency beside it or a `k`.
    pub fn is_money(&self) -> bool {
        self.currency.is_some() || self.k
    }

    /// The value as pay of `period`: in a yearly or monthly figure, "48.000" groups
    /// thousands (no one is paid 48 a year).
    pub fn value_for(&self, period: Option<SalaryPeriod>) -> f64 {
        let long = matches!(period, Some(SalaryPeriod::Year | SalaryPeriod::Month));
        if self.dot3 && long {
            self.value * 1000.0
        } else {
            self.value
        }
    }
}

/// The amount whose digits start at `at` (a digit with no digit, letter or separator
/// before it), or `None` when the number there is no amount.
pub(super) fn at(text: &str, at: usize) -> Option<Amount> {
    let b = text.as_bytes();
    let num = number(b, at)?;
    let (start, before) = currency_before(text, at)?;
    let num = match spaced_thousands(text, &num) {
        Some(spaced)
            if before.is_some()
                || currency_after(text, spaced.end).is_some()
                || spaced_money_after_dash(text, spaced.end) =>
        {
            spaced
        }
        _ => num,
    };
    let mut end = num.end;
    let (mut k, mut value) = (false, num.value);
    match suffix(b, end) {
        Suffix::K(len) => {
            k = true;
            value *= 1000.0;
            end += len;
        }
        Suffix::Big => return None,
        Suffix::NotAmount => return None,
        Suffix::None => {}
    }
    if num.value == 401.0 && !num.shaped && (k || b[end..].starts_with(b"(k)")) {
        return None;
    }
    let (end, after) = match currency_after(text, end) {
        Some((e, c)) => (e, Some(c)),
        None => (end, None),
    };
    let currency = before.or(after);
    // "14.500 €": a dot before three digits groups thousands where the comma is the
    // decimal mark; before "$" it is a decimal point.
    let mut dot3 = num.dot3;
    if num.dot3 {
        if let Some(Currency::Code(c)) = currency {
            if comma_decimal(c) {
                value *= 1000.0;
                dot3 = false;
            }
        }
    }
    Some(Amount {
        start,
        end,
        digits_start: at,
        digits_end: num.end,
        value,
        k,
        currency,
        shaped: num.shaped || k,
        int_digits: num.int_digits,
        dot3: dot3 && !k,
    })
}

/// Currencies whose amounts are written "1.234,56".
fn comma_decimal(code: &str) -> bool {
    matches!(
        code,
        "EUR" | "CHF" | "DKK" | "NOK" | "SEK" | "PLN" | "BRL" | "CZK" | "TRY"
    )
}

pub(super) struct Number {
    pub end: usize,
    pub value: f64,
    pub shaped: bool,
    pub int_digits: usize,
    /// A single `.` before exactly three digits: decimals or thousands, by currency.
    pub dot3: bool,
}

/// The number whose first digit is at `at`: digits, with `,` or `.` grouping thousands
/// (either convention) and a decimal mark. A time ("10:30"), a date ("3/22") or a
/// percentage is no number here.
pub(super) fn number(b: &[u8], at: usize) -> Option<Number> {
    if at > 0
        && (b[at - 1].is_ascii_digit() || (b[at - 1] == b'.' && digit_at(b, at.wrapping_sub(2))))
    {
        return None;
    }
    if spaced_group(b, at) {
        return None;
    }
    // Groups: where each run of digits is, and the separator before it.
    let mut groups: [(u8, usize, usize); 8] = [(0, 0, 0); 8];
    let mut n = 0;
    let mut i = at;
    let mut sep = 0;
    loop {
        let from = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        groups[n] = (sep, from, i);
        n += 1;
        if n == groups.len() {
            break;
        }
        match b.get(i) {
            Some(&c @ (b',' | b'.')) if digit_at(b, i + 1) => {
                sep = c;
                i += 1;
            }
            // "1, 200-8, 000 pounds": a stray space after a thousands comma, in a number
            // of one group and three digits after it.
            Some(b',')
                if n == 1
                    && i - from <= 3
                    && b.get(i + 1) == Some(&b' ')
                    && (2..5).all(|k| digit_at(b, i + k))
                    && !digit_at(b, i + 5) =>
            {
                sep = b',';
                i += 2;
            }
            _ => break,
        }
    }
    let end = groups[n - 1].2;
    // A time, a date, a ratio, a percentage, a phone number's middle.
    match (b.get(end), b.get(end + 1)) {
        (Some(b':' | b'/'), Some(d)) if d.is_ascii_digit() => return None,
        (Some(b'%'), _) => return None,
        _ => {}
    }
    let len = |g: &(u8, usize, usize)| g.2 - g.1;
    let (seps, last) = (&groups[1..n], groups[n - 1]);
    let same = seps.iter().all(|g| g.0 == last.0);
    // Where the integer part ends (in groups), and the decimals if any.
    let (int_end, frac) = if n == 1 {
        (1, None)
    } else if len(&last) == 3 && same && (n > 2 || last.0 == b',') {
        // Thousands only: "105,000", "1.234.567", or lakhs and crores: "6,00,000".
        let thousands = len(&groups[0]) <= 3 && seps.iter().all(|g| len(g) == 3);
        let lakhs = last.0 == b','
            && len(&groups[0]) <= 2
            && seps[..seps.len() - 1].iter().all(|g| len(g) == 2);
        if !thousands && !lakhs {
            return None;
        }
        (n, None)
    } else {
        // The last separator is the decimal mark ("17.25", "1.234,56", "13,5", "14.500");
        // any before it group thousands with the other mark.
        let before = &groups[1..n - 1];
        if before.iter().any(|g| g.0 == last.0 || len(g) != 3) || (n > 2 && len(&groups[0]) > 3) {
            return None;
        }
        (n - 1, Some(last))
    };
    let mut digits = [0u8; 40];
    let mut k = 0;
    for g in &groups[..int_end] {
        for &d in &b[g.1..g.2] {
            if k < 32 {
                digits[k] = d;
                k += 1;
            }
        }
    }
    let dot3 = n == 2 && frac.is_some_and(|f| f.0 == b'.' && len(&f) == 3 && len(&groups[0]) <= 3);
    if let Some(f) = frac {
        digits[k] = b'.';
        k += 1;
        for &d in b[f.1..f.2].iter().take(6) {
            digits[k] = d;
            k += 1;
        }
    }
    // With `dot3`, read as a decimal until a currency says otherwise ("$14.500" is 14.5).
    let value: f64 = std::str::from_utf8(&digits[..k]).ok()?.parse().ok()?;
    Some(Number {
        end,
        value,
        shaped: n > 1,
        int_digits: groups[..int_end].iter().map(len).sum(),
        dot3,
    })
}

/// "R15 000", "120 000 EUR": thousands grouped by a space (ordinary, no-break or thin),
/// the number up to 3 digits before the first one. Only read where a currency stands
/// beside the figure: elsewhere "call 555 123" is two numbers.
fn spaced_thousands(text: &str, num: &Number) -> Option<Number> {
    let b = text.as_bytes();
    if num.shaped || num.int_digits > 3 {
        return None;
    }
    let (mut end, mut value, mut groups) = (num.end, num.value, 0);
    loop {
        let rest = &text[end..];
        let sep = [" ", "\u{a0}", "\u{202f}", "\u{2009}"]
            .iter()
            .find(|s| rest.starts_with(**s))
            .map_or(0, |s| s.len());
        let g = end + sep;
        if sep == 0 || !(0..3).all(|k| digit_at(b, g + k)) || digit_at(b, g + 3) {
            break;
        }
        // "15 000,50": decimals after grouped thousands are another convention's; leave it.
        if matches!(b.get(g + 3), Some(b',' | b'.')) && digit_at(b, g + 4) {
            return None;
        }
        let group: f64 = text[g..g + 3].parse().ok()?;
        value = value * 1000.0 + group;
        end = g + 3;
        groups += 1;
    }
    (groups > 0).then_some(Number {
        end,
        value,
        shaped: true,
        int_digits: num.int_digits + 3 * groups,
        dot3: false,
    })
}

/// Whether a range's second figure, grouped by spaces and with its currency, follows
/// `end`: "120 000 - 150 000 EUR" groups the first figure's thousands too.
fn spaced_money_after_dash(text: &str, end: usize) -> bool {
    let rest = text[end..].trim_start();
    let Some(rest) = ["-", "–", "—", "to "]
        .iter()
        .find_map(|d| rest.strip_prefix(d))
        .map(|r| r.trim_start().trim_start_matches(['$', '£', '€']))
    else {
        return false;
    };
    let at = text.len() - rest.len();
    number(text.as_bytes(), at)
        .and_then(|n| spaced_thousands(text, &n))
        .is_some_and(|n| currency_after(text, n.end).is_some())
}

/// Whether the digits at `at` are a group of thousands after a space ("120 000"): no
/// number of their own.
fn spaced_group(b: &[u8], at: usize) -> bool {
    let run = |from: usize| {
        (from..b.len())
            .take_while(|&i| b[i].is_ascii_digit())
            .count()
    };
    let lead = (0..at.saturating_sub(1))
        .rev()
        .take_while(|&i| b[i].is_ascii_digit())
        .count();
    at >= 2 && b[at - 1] == b' ' && (1..=3).contains(&lead) && run(at) == 3
}

fn digit_at(b: &[u8], i: usize) -> bool {
    b.get(i).is_some_and(u8::is_ascii_digit)
}

enum Suffix {
    None,
    /// A `k` of thousands, and how many bytes it takes.
    K(usize),
    /// Millions or billions: revenue, funding and budgets, never pay.
    Big,
    /// Letters that make the number something else: "3D", "2nd", "4A", "9am".
    NotAmount,
}

/// What the letters right after a number make of it.
fn suffix(b: &[u8], end: usize) -> Suffix {
    let word_at = |i: usize| &b[i..words::word_end(b, i)];
    let glued = word_at(end);
    if !glued.is_empty() {
        let lower = words::Lower::of(glued);
        return match lower.as_bytes() {
            b"k" | b"kpa" => Suffix::K(1),
            b"m" | b"mm" | b"mil" | b"mn" | b"b" | b"bn" | b"million" | b"billion" => Suffix::Big,
            // Lakhs and crores ("8 LPA"): not read, rather than read as 8.
            b"lpa" | b"lakh" | b"lakhs" | b"lac" | b"lacs" | b"crore" | b"crores" => {
                Suffix::NotAmount
            }
            // Pay units written onto the figure ("22hr", "18ph"), and codes ("2,500GBP").
            b"hr" | b"hrs" | b"h" | b"ph" | b"pa" | b"pw" | b"pcm" | b"yr" => Suffix::None,
            _ if unit::CODES.iter().any(|c| c.as_bytes() == glued) => Suffix::None,
            // A capitalized word run on by flattened markup: "$90,000Note", "180kIf".
            _ if capitalized(glued) => Suffix::None,
            // "9am", "10pm", "3rd", "24x7", "5G", "3D".
            _ => Suffix::NotAmount,
        };
    }
    if b.get(end) == Some(&b' ') {
        let next = word_at(end + 1);
        let lower = words::Lower::of(next);
        match lower.as_bytes() {
            // "$50-$70 K p.a."
            b"k" if next == b"K" => return Suffix::K(2),
            b"million" | b"billion" | b"mil" | b"bn" | b"trillion" => return Suffix::Big,
            b"am" | b"pm" | b"lpa" | b"lakh" | b"lakhs" | b"lac" | b"lacs" | b"crore"
            | b"crores" => return Suffix::NotAmount,
            _ => {}
        }
        if (b.get(end + 1..end + 5) == Some(b"a.m.")) || (b.get(end + 1..end + 5) == Some(b"p.m."))
        {
            return Suffix::NotAmount;
        }
    }
    if b[end..].starts_with(b"a.m") || b[end..].starts_with(b"p.m") {
        return Suffix::NotAmount;
    }
    Suffix::None
}

/// "Note", "Benefits": a word of its own, not a unit or a code.
fn capitalized(w: &[u8]) -> bool {
    w.len() >= 3 && w[0].is_ascii_uppercase() && w[1..].iter().all(u8::is_ascii_lowercase)
}

/// The sign or code just before the digits at `at` (one space between allowed), and where
/// it starts; `None` when what is before makes the number no amount ("GS-09", "USA29",
/// "#776", a phone number's "1-844").
fn currency_before(text: &str, at: usize) -> Option<(usize, Option<Currency>)> {
    let b = text.as_bytes();
    let mut i = at;
    // Letters glued to the digits: a code ("GBP2500", "R2,500") or nothing to do with money.
    let letters_from = {
        let mut j = i;
        while j > 0 && b[j - 1].is_ascii_alphabetic() {
            j -= 1;
        }
        j
    };
    if letters_from < i {
        let word = &text[letters_from..i];
        let code = glued_code(word)?;
        return Some((letters_from, Some(Currency::Code(code))));
    }
    match b.get(i.wrapping_sub(1)) {
        Some(b'#') => return None,
        Some(b'-') if i >= 2 && b[i - 2].is_ascii_alphabetic() => return None,
        _ => {}
    }
    if i > 0 && b[i - 1] == b' ' {
        i -= 1;
    }
    let before = &text[..i];
    if let Some(rest) = before.strip_suffix('$') {
        // The letters before `$` name the dollar ("US$", "C$", "AU$").
        let letters = rest
            .bytes()
            .rev()
            .take_while(u8::is_ascii_alphabetic)
            .count();
        let prefix = &before[rest.len() - letters..];
        if letters == 0 {
            // "USD $29,120.00": the code before the sign says which dollar.
            if let Some(code) = rest.strip_suffix(' ').and_then(code_at_end) {
                return Some((rest.len() - 4, Some(Currency::Code(code))));
            }
        }
        return Some(match unit::sign(prefix) {
            Some("USD") if letters == 0 => (i - 1, Some(Currency::Dollar)),
            Some(code) => (rest.len() - letters, Some(Currency::Code(code))),
            None => (i - 1, Some(Currency::Dollar)),
        });
    }
    for sign in ["£", "€", "¥", "₹"] {
        if let Some(rest) = before.strip_suffix(sign) {
            return Some((rest.len(), unit::sign(sign).map(Currency::Code)));
        }
    }
    // A code before, with a space: "EUR 13", "USD 161,000".
    if i < at {
        if let Some(code) = code_at_end(before) {
            return Some((before.len() - 3, Some(Currency::Code(code))));
        }
    }
    Some((at, None))
}

/// An upper-case ISO code ending `s` as a word of its own ("... USD").
fn code_at_end(s: &str) -> Option<&'static str> {
    let word = s.bytes().rev().take_while(u8::is_ascii_alphabetic).count();
    let w = &s[s.len() - word..];
    (word == 3 && w.bytes().all(|c| c.is_ascii_uppercase()))
        .then(|| unit::CODES.iter().find(|c| **c == w).copied())
        .flatten()
}

/// A code written onto the digits: "GBP2500", "R2,500" (rand), "Rs 500" is not glued.
fn glued_code(word: &str) -> Option<&'static str> {
    if word == "R" {
        return Some("ZAR");
    }
    unit::CODES.iter().find(|c| **c == word).copied()
}

/// A code, sign or name right after an amount ("2,500GBP", "81,000.00 USD", "13 €",
/// "3800 pounds"), and where it ends.
fn currency_after(text: &str, end: usize) -> Option<(usize, Currency)> {
    let b = text.as_bytes();
    let mut i = end;
    if b.get(i) == Some(&b' ') {
        i += 1;
    }
    let rest = &text[i..];
    if let Some(after) = rest.strip_prefix('€') {
        // "€“" and "€¢" are a mis-decoded dash and bullet, not euros.
        return after
            .chars()
            .next()
            .is_none_or(|c| c.is_ascii())
            .then_some((i + '€'.len_utf8(), Currency::Code("EUR")));
    }
    let word_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
    let word = &rest[..word_len];
    if word.len() == 3 {
        if let Some(code) = unit::CODES.iter().find(|c| **c == word) {
            return Some((i + 3, Currency::Code(code)));
        }
    }
    // Only names of money ("pounds", "dollars") are looked up; every number is followed
    // by some word.
    (4..=7)
        .contains(&word_len)
        .then(|| unit::name(words::Lower::of(word.as_bytes()).as_str()))
        .flatten()
        .map(|c| (i + word_len, Currency::Code(c)))
}

/// Every amount in `text`, in order: each run of digits is looked at once.
pub(super) fn all(text: &str) -> impl Iterator<Item = Amount> + '_ {
    let b = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            // Sixteen bytes at a time: most of a description is no number.
            let (block_at, found) = crate::block::first_flagged(b, i, b' ', crate::block::digits)?;
            let d = block_at + found.trailing_zeros() as usize;
            // Skip to the end of this run of digits and separators, whatever it is.
            let mut j = d;
            while j < b.len()
                && (b[j].is_ascii_digit() || (matches!(b[j], b',' | b'.') && digit_at(b, j + 1)))
            {
                j += 1;
            }
            i = j;
            if let Some(a) = at(text, d) {
                i = a.end.max(j);
                return Some(a);
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(t: &str) -> Option<(f64, Option<Currency>, bool)> {
        let d = t.bytes().position(|b| b.is_ascii_digit())?;
        at(t, d).map(|a| (a.value, a.currency, a.k))
    }

    #[test]
    fn numbers_either_convention() {
        use Currency::*;
        assert_eq!(one("$105,000"), Some((105000.0, Some(Dollar), false)));
        assert_eq!(one("$17.25"), Some((17.25, Some(Dollar), false)));
        assert_eq!(one("1.234,56 €"), Some((1234.56, Some(Code("EUR")), false)));
        assert_eq!(one("45.000 EUR"), Some((45000.0, Some(Code("EUR")), false)));
        assert_eq!(one("$14.500"), Some((14.5, Some(Dollar), false)));
        assert_eq!(one("13,50 €"), Some((13.5, Some(Code("EUR")), false)));
        assert_eq!(one("$90k"), Some((90000.0, Some(Dollar), true)));
        assert_eq!(one("$1,234,567.5"), Some((1234567.5, Some(Dollar), false)));
        assert_eq!(one("EUR 13"), Some((13.0, Some(Code("EUR")), false)));
        assert_eq!(one("GBP2500"), Some((2500.0, Some(Code("GBP")), false)));
        assert_eq!(one("2,500GBP"), Some((2500.0, Some(Code("GBP")), false)));
        assert_eq!(one("R2,500"), Some((2500.0, Some(Code("ZAR")), false)));
        assert_eq!(one("C$50,000"), Some((50000.0, Some(Code("CAD")), false)));
        assert_eq!(one("AU$80k"), Some((80000.0, Some(Code("AUD")), true)));
        assert_eq!(one("3800 pounds"), Some((3800.0, Some(Code("GBP")), false)));
        assert_eq!(one("$50 K p.a."), Some((50000.0, Some(Dollar), true)));
        assert_eq!(one("40,000"), Some((40000.0, None, false)));
    }

    #[test]
    fn numbers_that_are_not_amounts() {
        for t in [
            "10:30",
            "3/22/2023",
            "30%",
            "9am",
            "10 pm",
            "7 a.m.",
            "3rd",
            "3D",
            "GS-09",
            "USA29",
            "#776",
            "$3 billion",
            "$20M",
            "$1.4B",
            "401k",
            "401(k)",
            "1.2.3",
        ] {
            assert_eq!(one(t), None, "{t}");
        }
    }

    #[test]
    fn mis_decoded_dashes_and_bullets_are_not_euros() {
        assert_eq!(one("15 €“ 20"), Some((15.0, None, false)));
        assert_eq!(one("20 €¢ more"), Some((20.0, None, false)));
        assert_eq!(
            one("20 € more").map(|a| a.1),
            Some(Some(Currency::Code("EUR")))
        );
    }
}
