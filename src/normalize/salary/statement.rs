//! Pay statements: an amount, or two joined into a range, with the period, shape and
//! currency the words around them give, and whether those words say it is this job's base
//! pay. The first statement that is pay is the job's pay (PAY.md's careful reader).

use super::money::{self as amount, Amount, Currency};
use super::unit;
use super::words::{self, Says, Shape, Word};
use crate::posting::SalaryPeriod;

/// How far back (in words) the words that decide a figure are looked for.
const BACK_WORDS: usize = 10;
/// How far on (in words) what follows a figure is read.
const FORWARD_WORDS: usize = 4;

/// A pay statement found in a text.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Statement {
    /// The statement's words: from its label ("Salary:") to its period ("per hour").
    pub start: usize,
    pub end: usize,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub currency: Option<Currency>,
    pub period: Option<SalaryPeriod>,
}

/// Where a text comes from: a description, where pay has to be told from everything else,
/// or a source's pay field, where every figure is meant as pay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    Description,
    Field,
}

/// The first statement of this job's pay in `text`, if any. A statement with figures that
/// cannot be right for pay ("$0.00 per hour") comes back with no figures.
pub(super) fn first_pay(text: &str, mode: Mode) -> Option<Statement> {
    let amounts: Vec<Amount> = amount::all(text).filter(|a| usable(a, mode)).collect();
    let mut i = 0;
    while i < amounts.len() {
        let (found, next) = statement_at(text, &amounts, i, mode);
        if let Some(mut found) = found {
            if found.period.is_none() || found.currency.is_none() {
                complete_from_repeat(text, &amounts[next..], &mut found, mode);
            }
            return Some(found);
        }
        i = next;
    }
    None
}

/// Figures that can be a pay statement's first: money by sight, or a number written as
/// amounts are ("40,000", "11.50", "39300") that a pay word will have to stand next to.
/// Years alone ("2024") never are.
/// In a pay field every number is meant as pay ("18 - 21 per hour").
fn usable(a: &Amount, mode: Mode) -> bool {
    let year = !a.shaped && a.int_digits == 4 && (1900.0..2100.0).contains(&a.value);
    !year && (mode == Mode::Field || a.is_money() || a.shaped || a.int_digits >= 4)
}

/// The statement starting with `amounts[i]` when it is pay, and the index of the first
/// amount after the figures it took (pay or not).
fn statement_at(
    text: &str,
    amounts: &[Amount],
    i: usize,
    mode: Mode,
) -> (Option<Statement>, usize) {
    let a = amounts[i];
    if a.value >= 10_000_000.0 {
        return (None, i + 1);
    }
    let from = previous_end(amounts, i).max(words::clause_start(text, a.start));
    let back: Vec<Word> = words::words_back(text, from, a.start)
        .take(BACK_WORDS)
        .collect();
    // The line before, when the figure opens its line under a heading ("Pay Range:").
    let head = heading(text, a.start, &back);
    let near = if back.is_empty() { &head } else { &back };
    let Some(range) = range_from(text, amounts, i, near) else {
        return (None, i + 1);
    };
    let (lo, hi, next) = (range.lo, range.hi, range.next);
    let last = hi.unwrap_or(lo);
    // What follows the last figure: a period, a "+", words.
    let after = after_figures(text, last.end, last.digits_end);
    let end = after.end;
    // Figures with no currency or k ("40,000-50,000") are pay only right after a pay word,
    // or with a period on them and named pay after ("16.00/hr as starting pay"); four
    // plain digits alone ("Pay Rate: 1099 or W2") only with a period or a range.
    let money = lo.is_money() || hi.is_some_and(|h| h.is_money());
    if !money && mode == Mode::Description && !bare_labelled(text, from, &a, &back, &head) {
        let named_after = after.period.is_some() && last.shaped;
        if !(named_after && names_pay(&forward_words(text, end))) {
            return (None, i + 1);
        }
    }
    let forward = forward_words(text, end);
    let period = after
        .period
        .or(range.period)
        .or_else(|| period_before(&back))
        .or_else(|| period_before(&head));
    if !money
        && mode == Mode::Description
        && hi.is_none()
        && !lo.shaped
        && period.is_none()
        && lo.int_digits < 5
    {
        return (None, next);
    }
    if !decide(&back, &head, &forward, mode, period.is_some()) {
        return (None, next);
    }
    let currency = lo
        .currency
        .or(hi.and_then(|h| h.currency))
        .or(after.currency);
    let start = label_start(&back).unwrap_or(lo.start);
    let mut st = Statement {
        start,
        end,
        min: None,
        max: None,
        currency,
        period,
    };
    let value = |a: Amount| a.value_for(period);
    match hi {
        Some(h) => {
            let (mut x, y) = (value(lo), value(h));
            // A k or the thousands on the upper figure only apply to both: "$60- $75k",
            // "$70-$90,000".
            if x < 1000.0 && y >= 10_000.0 && !lo.k && x * 1000.0 <= y {
                x *= 1000.0;
            }
            let (x, y) = if x <= y { (x, y) } else { (y, x) };
            st.min = Some(x);
            st.max = Some(y);
        }
        None => {
            let v = value(lo);
            match shape(text, &back, &after) {
                Some(Shape::Max) => st.max = Some(v),
                Some(Shape::Min) => st.min = Some(v),
                None => (st.min, st.max) = (Some(v), Some(v)),
            }
        }
    }
    if st.min.unwrap_or(0.0) <= 0.0 && st.max.unwrap_or(0.0) <= 0.0 {
        // "$0.00 per hour": a pay line with no pay in it.
        st.min = None;
        st.max = None;
        st.period = None;
        st.currency = None;
    }
    (Some(st), next)
}

/// Whether a bare figure stands right after a pay word of its own, on its line or the
/// line above. Its own words are those since the last number ("Pay: 1950 per 10000" has
/// none): another number between makes the label that number's.
fn bare_labelled(text: &str, from: usize, a: &Amount, back: &[Word], head: &[Word]) -> bool {
    let since = text[from..a.start]
        .rfind(|c: char| c.is_ascii_digit())
        .map_or(from, |p| from + p + 1);
    let own = back.iter().take_while(|w| w.start >= since).count();
    let head_own = head
        .first()
        .is_some_and(|w| !text[w.end..a.start].bytes().any(|c| c.is_ascii_digit()));
    labelled(&back[..own]) || (head_own && labelled(head))
}

/// Whether a pay noun is among the first words after a figure ("16.00/hr as starting pay").
fn names_pay(forward: &[Word]) -> bool {
    forward
        .iter()
        .take(3)
        .any(|w| w.lower().is_some_and(|l| words::labels_pay(l.as_str())))
}

/// The end of the amount before `amounts[i]`, where the words about `amounts[i]` can start.
fn previous_end(amounts: &[Amount], i: usize) -> usize {
    i.checked_sub(1).map_or(0, |p| amounts[p].end)
}

/// Whether a figure with no currency stands right after a pay word ("Salary:82K",
/// "Pay Rate Range 39300 to 72700", "compensation: 11.50/hr"), with only words that
/// belong to such a label between.
fn labelled(back: &[Word]) -> bool {
    for w in back.iter().take(5) {
        let Some(l) = w.lower() else {
            return false;
        };
        let l = l.as_str();
        if words::labels_pay(l) {
            return true;
        }
        if words::says(l) != Says::Other && words::says(l) != Says::Pay {
            return false;
        }
        let filler = matches!(
            l,
            "range"
                | "base"
                | "earn"
                | "make"
                | "starts"
                | "start"
                | "of"
                | "is"
                | "are"
                | "from"
                | "ranging"
                | "between"
                | "starting"
                | "minimum"
                | "min"
                | "the"
                | "for"
                | "this"
                | "position"
                | "role"
                | "per"
                | "annum"
                | "description"
                | "scale"
                | "information"
                | "total"
                | "hiring"
                | "approximately"
                | "approx"
                | "around"
                | "about"
                | "gross"
                | "basic"
                | "annual"
                | "hourly"
                | "monthly"
                | "weekly"
                | "yearly"
                | "at"
                | "a"
                | "an"
        );
        if !filler {
            return false;
        }
    }
    false
}

/// A statement's figures: the first, the second of a range, the index of the first amount
/// after them, and a period written on the first figure of a range ("$65.04/hr to
/// $66.04/hr").
struct Range {
    lo: Amount,
    hi: Option<Amount>,
    next: usize,
    period: Option<SalaryPeriod>,
}

/// The statement's figures: `amounts[i]`, and a second one when words join them into a
/// range. `None` when the range goes on to millions ("from $10K to over $100 million"):
/// a project's or a budget's size, not pay.
fn range_from(text: &str, amounts: &[Amount], i: usize, back: &[Word]) -> Option<Range> {
    let lo = amounts[i];
    // "80 - 100 dollars a day", "90 to 105k EUR": a plain first figure before a joiner.
    if let Some(first) = number_before(text, lo.start, previous_end(amounts, i)) {
        return Some(Range {
            lo: first,
            hi: Some(lo),
            next: i + 1,
            period: None,
        });
    }
    let own = after_figures(text, lo.end, lo.digits_end);
    let at = skip_min_word(text, own.end);
    let opened_by = opener(back);
    let joined = |hi: Amount, next: usize| Range {
        lo,
        hi: Some(hi),
        next,
        period: own.period,
    };
    // The joining words, then the second figure.
    if let Some(j) = joiner(text, at, opened_by) {
        let at = skip_max_words(text, j);
        if let Some((hi, next)) = second_figure(text, amounts, i, at) {
            return Some(joined(hi, next));
        }
        // "to over $100 million", "INR 8-12 LPA", "$15 - 9pm": a range whose second figure
        // is no pay makes the first none either.
        if goes_on_to_millions(text, at) || text.as_bytes().get(at).is_some_and(u8::is_ascii_digit)
        {
            return None;
        }
    }
    // "USD $29,120.00/Yr. USD $36,400.00/Yr.": two figures of the same currency and period
    // side by side, the dash between them lost.
    if let (Some(p), Some(next)) = (own.period, amounts.get(i + 1)) {
        let gap =
            text[own.end..next.start].trim_matches(|c: char| c == ' ' || c == '.' || c == ',');
        let then = after_figures(text, next.end, next.digits_end);
        if gap.is_empty() && then.period == Some(p) && next.currency == lo.currency {
            return Some(joined(*next, i + 2));
        }
    }
    // "between X in the lowest market and Y", "from X ... up to Y": a few words between.
    if opened_by.is_some() {
        if let Some((hi, next)) = far_second(text, amounts, i, own.end, opened_by) {
            return Some(joined(hi, next));
        }
    }
    // "Min: $138,800 Mid: $173,500 Max: $208,200", "Salary / Rate Minimum: $90,000 ⏎ Salary
    // / Rate Maximum: $110,000".
    if back.iter().take(3).any(|w| is_word(w, &["min", "minimum"])) {
        for (k, cand) in amounts.iter().enumerate().skip(i + 1).take(2) {
            if cand.start > lo.end + 120 {
                break;
            }
            let mut gap = words::words_back(text, amounts[k - 1].end, cand.start).take(4);
            if gap.any(|w| is_word(&w, &["max", "maximum"])) {
                return Some(joined(*cand, k + 1));
            }
        }
    }
    Some(Range {
        lo,
        hi: None,
        next: i + 1,
        period: None,
    })
}

/// The plain number that opens a range ending with the figure at `at` ("80 - 100 dollars"),
/// when a joiner and nothing else stands between them; not before `floor`.
fn number_before(text: &str, at: usize, floor: usize) -> Option<Amount> {
    // Amounts read around one currency sign can overlap ("20€20": the sign ends one and
    // starts the next): nothing then stands between them.
    if at < floor {
        return None;
    }
    let b = text.as_bytes();
    let mut i = at;
    while i > floor && b[i - 1] == b' ' {
        i -= 1;
    }
    let dash = ["-", "–", "—", "to"]
        .iter()
        .find(|d| text[floor..i].ends_with(**d))?;
    let mut j = i - dash.len();
    if dash.len() == 2 && j > 0 && b[j - 1].is_ascii_alphabetic() {
        return None;
    }
    while j > floor && b[j - 1] == b' ' {
        j -= 1;
    }
    let mut k = j;
    while k > floor
        && (b[k - 1].is_ascii_digit()
            || (matches!(b[k - 1], b',' | b'.') && k >= 2 && b[k - 2].is_ascii_digit()))
    {
        k -= 1;
    }
    if k == j || !b[k].is_ascii_digit() {
        return None;
    }
    let first = amount::at(text, k)?;
    (first.end == j && first.currency.is_none()).then_some(first)
}

/// Whether what follows a range's joiner is a sum in millions ("to over $100 million").
fn goes_on_to_millions(text: &str, at: usize) -> bool {
    let rest = &text[at..words::char_floor(text, at + 40)];
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == ' ' || c == '$');
    let digits = rest
        .bytes()
        .take_while(|c| c.is_ascii_digit() || matches!(c, b',' | b'.'))
        .count();
    let tail = rest[digits..].trim_start().to_ascii_lowercase();
    digits > 0
        && ["million", "billion", "m ", "b ", "mm", "bn"]
            .iter()
            .any(|w| tail.starts_with(w))
}

fn is_word(w: &Word, any: &[&str]) -> bool {
    w.lower().is_some_and(|l| any.contains(&l.as_str()))
}

/// The word before a figure that lets the figures of a range stand apart ("between X in
/// the lowest market and Y", "ranges from X ... up to Y").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opener {
    Between,
    From,
}

fn opener(back: &[Word]) -> Option<Opener> {
    back.iter().take(2).find_map(|w| {
        let l = w.lower()?;
        match l.as_str() {
            "between" => Some(Opener::Between),
            // "starts at $19/hour and goes up to $23/hour" is a range as "from" makes one.
            "from" | "ranging" | "ranges" | "starts" | "starting" => Some(Opener::From),
            _ => None,
        }
    })
}

/// Spaces (ordinary, no-break, and the `?` a lost no-break space became) from `at` on.
fn skip_spaces(text: &str, mut at: usize) -> usize {
    let b = text.as_bytes();
    loop {
        match b.get(at) {
            Some(b' ' | b'\t' | b'?') => at += 1,
            Some(0xc2) if b.get(at + 1) == Some(&0xa0) => at += 2,
            _ => return at,
        }
    }
}

/// After "$81,300 min", the joiner: skips " min" / " minimum".
fn skip_min_word(text: &str, at: usize) -> usize {
    let s = skip_spaces(text, at);
    for w in ["minimum", "min"] {
        if starts_word(text, s, w) {
            return s + w.len();
        }
    }
    at
}

/// Before the second figure: skips "a maximum of", "max", "a max of".
fn skip_max_words(text: &str, at: usize) -> usize {
    let mut i = skip_spaces(text, at);
    for w in ["a ", "maximum ", "max ", "of "] {
        if starts_word(text, i, w.trim_end()) {
            i = skip_spaces(text, i + w.len() - 1);
        }
    }
    i
}

/// Whether `word` (lower case) is at `at`, case aside, as a whole word.
fn starts_word(text: &str, at: usize, word: &str) -> bool {
    let b = text.as_bytes();
    let end = at + word.len();
    b.get(at..end)
        .is_some_and(|s| s.eq_ignore_ascii_case(word.as_bytes()))
        && !b.get(end).is_some_and(u8::is_ascii_alphabetic)
        && !(at > 0 && b[at - 1].is_ascii_alphabetic())
}

/// The words or signs that make two figures a range, from `at`; where they end. Dashes of
/// every kind and their mis-decoded forms (`€“`, `â€“`, `‚Äì`, `�`), "to", "through",
/// "and" after "between", "up to" after "from", and "top" (a typo of "to").
fn joiner(text: &str, at: usize, opened: Option<Opener>) -> Option<usize> {
    let at = skip_spaces(text, at);
    let rest = &text[at..];
    const DASHES: [&str; 14] = [
        "--", "-", "–", "—", "‒", "−", "~", "â€“", "â€”", "€“", "€”", "‚Äì", "‚Äî", "\u{fffd}",
    ];
    if let Some(d) = DASHES.iter().find(|d| rest.starts_with(**d)) {
        return Some(skip_spaces(text, at + d.len()));
    }
    let word = |w: &str| starts_word(text, at, w).then(|| skip_spaces(text, at + w.len()));
    word("to")
        .or_else(|| word("through"))
        .or_else(|| word("thru"))
        .or_else(|| word("top").filter(|&e| text[e..].starts_with(['$', '£', '€'])))
        .or_else(|| {
            (opened == Some(Opener::Between))
                .then(|| word("and"))
                .flatten()
        })
        .or_else(|| {
            (opened == Some(Opener::From) && starts_word(text, at, "up"))
                .then(|| {
                    let t = skip_spaces(text, at + 2);
                    starts_word(text, t, "to").then(|| skip_spaces(text, t + 2))
                })
                .flatten()
        })
}

/// The range's second figure at `at`: the next amount if it starts there, or a bare
/// number ("$20-25/hour", "GBP 26,000 - 29,000"). Also the index after it.
fn second_figure(text: &str, amounts: &[Amount], i: usize, at: usize) -> Option<(Amount, usize)> {
    if let Some(next) = amounts.get(i + 1) {
        if next.start == at || next.digits_start == at {
            return Some((*next, i + 2));
        }
    }
    let b = text.as_bytes();
    if !b.get(at).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let a = amount::at(text, at)?;
    // Skip any amount this bare figure overlaps.
    let next = amounts[i + 1..]
        .iter()
        .position(|x| x.start >= a.end)
        .map_or(amounts.len(), |p| i + 1 + p);
    Some((a, next))
}

/// The second figure of "between X ... and Y" or "from X ... (up) to Y", a few words on.
fn far_second(
    text: &str,
    amounts: &[Amount],
    i: usize,
    from: usize,
    opened: Option<Opener>,
) -> Option<(Amount, usize)> {
    let next = amounts.get(i + 1)?;
    let gap = &text[from..next.start];
    if gap.len() > 80 || gap.bytes().any(|c| c.is_ascii_digit() || c == b'\n') {
        return None;
    }
    let words: Vec<Word> = words::words_back(text, from, next.start).collect();
    let first = words.first()?;
    let joined = match opened? {
        Opener::Between => is_word(first, &["and"]),
        Opener::From => is_word(first, &["to"]),
    };
    let tail = &text[first.end..next.start];
    (joined && words.len() <= 9 && tail.trim().is_empty()).then_some((*next, i + 2))
}

/// What follows a figure: its period, a "+", a currency code or name, and where they end.
#[derive(Debug, Default)]
struct After {
    end: usize,
    period: Option<SalaryPeriod>,
    plus: bool,
    currency: Option<Currency>,
}

/// Reads a period after the figure ending at `end` ("/hr", "per hour", "an hour",
/// "annually", "USD Per Year", "p.a.", "22hr"): a word belongs to the pay only right after
/// it, past at most a code or a word like "base" or "extra", and not when it starts
/// something else ("base salaryAnnual bonus", "annual bonus").
fn after_figures(text: &str, end: usize, digits_end: usize) -> After {
    let b = text.as_bytes();
    let mut out = After {
        end,
        ..After::default()
    };
    // A unit written onto the digits: "22hr".
    if end == digits_end {
        let glued = words::word_end(b, end) - end;
        if glued > 0 {
            let w = text[end..end + glued].to_ascii_lowercase();
            if let Some(p) = unit::unit_word(&w).or_else(|| unit::abbreviation(&w)) {
                out.period = Some(p);
                out.end = end + glued;
                return out;
            }
        }
    }
    let mut i = skip_spaces(text, end);
    // "$25+/hr", "30k+", "$105,000+annual": at least the figure. "$250,000 + a generous
    // equity package", with a space before, joins something else on.
    if b.get(end) == Some(&b'+') {
        out.plus = true;
        out.end = end + 1;
        i = end + 1;
    }
    for _ in 0..3 {
        if let Some((e, p)) = period_at(text, i) {
            out.period = Some(p);
            out.end = e;
            return out;
        }
        // "55,000 - 65,000 (USD)": the code in brackets.
        if b.get(i) == Some(&b'(') && b.get(i + 4) == Some(&b')') {
            if let Some(c) = unit::CODES
                .iter()
                .find(|c| text.get(i + 1..i + 4) == Some(**c))
            {
                out.currency = out.currency.or(Some(Currency::Code(c)));
                out.end = i + 5;
                i = skip_spaces(text, i + 5);
                continue;
            }
        }
        // Words that may stand between a figure and its period.
        let w_len = words::word_end(b, i) - i;
        if w_len == 0 || (i > 0 && b[i - 1].is_ascii_alphabetic()) {
            break;
        }
        let w = &text[i..i + w_len];
        let lower = w.to_ascii_lowercase();
        if w.len() == 3 && unit::CODES.contains(&w) {
            out.currency = out.currency.or(unit::CODES
                .iter()
                .find(|c| **c == w)
                .map(|c| Currency::Code(c)));
        } else if !matches!(
            lower.as_str(),
            "base" | "gross" | "extra" | "dollars" | "usd" | "us"
        ) {
            break;
        }
        i = skip_spaces(text, i + w_len);
    }
    out
}

/// A period expression at `at`, and where it ends: "/hr", "/ per year", "per hour", "an
/// hour", "a week", "por hora", "hourly", "annually", "p.a.", "pa".
fn period_at(text: &str, at: usize) -> Option<(usize, SalaryPeriod)> {
    let b = text.as_bytes();
    let word_end = |i: usize| words::word_end(b, i);
    let lower = |i: usize, j: usize| text[i..j].to_ascii_lowercase();
    // "$62K/yr": a slash may follow the k.
    if b.get(at) == Some(&b'/') {
        let mut i = skip_spaces(text, at + 1);
        if starts_word(text, i, "per") {
            i = skip_spaces(text, i + 3);
        }
        let e = word_end(i);
        let w = lower(i, e);
        // "/hr", "/year", "/annually".
        return unit::unit_word(&w)
            .or_else(|| unit::adjective(&w))
            .map(|p| (e, p));
    }
    // "$60,000.00 (yearly)", "$20 (per hour)": the period in brackets after the figure.
    if b.get(at) == Some(&b'(') {
        let i = skip_spaces(text, at + 1);
        if b.get(i) == Some(&b'(') {
            return None;
        }
        let (e, p) = period_at(text, i)?;
        let close = skip_spaces(text, e);
        return (b.get(close) == Some(&b')')).then_some((close + 1, p));
    }
    if at > 0 && b[at - 1].is_ascii_alphabetic() {
        return None;
    }
    let e = word_end(at);
    if e == at {
        return None;
    }
    let w = lower(at, e);
    match w.as_str() {
        "per" | "a" | "an" | "each" | "every" | "por" | "pro" => {
            let i = skip_spaces(text, e);
            let j = word_end(i);
            let unit = lower(i, j);
            // "per diem" is an allowance, "per referral" a piece rate: neither a period.
            unit::unit_word(&unit).map(|p| (j, p))
        }
        "p" if b.get(e) == Some(&b'/') => {
            let j = word_end(e + 1);
            unit::unit_word(&lower(e + 1, j)).map(|p| (j, p))
        }
        "p" if b.get(e) == Some(&b'.') => {
            // "p.a.", "p.h."
            let j = word_end(e + 1);
            let abbr = format!("p.{}", lower(e + 1, j));
            let end = if b.get(j) == Some(&b'.') { j + 1 } else { j };
            unit::abbreviation(&abbr).map(|p| (end, p))
        }
        _ => {
            if let Some(p) = unit::adjective(&w) {
                // "annual bonus", "monthly incentives": the word is about something else.
                let next = words::words_forward(text, e, words::char_floor(text, e + 30)).next();
                let other = next.is_some_and(|n| {
                    n.start <= skip_spaces(text, e) + 1
                        && n.lower()
                            .is_some_and(|l| words::not_a_period_of_pay(l.as_str()))
                });
                // Glued to what follows ("AnnualSafety") it is another item's word.
                let glued = b.get(e).is_some_and(u8::is_ascii_alphabetic);
                return (!other && !glued).then_some((e, p));
            }
            // "$25 hr": the short unit alone.
            if matches!(w.as_str(), "hr" | "hrs") {
                return Some((e, SalaryPeriod::Hour));
            }
            unit::abbreviation(&w)
                .filter(|_| w.len() >= 2)
                .map(|p| (e, p))
        }
    }
}

/// A period named before the figure, in the label: "Hourly Rate:", "Monthly Salary:",
/// "Annualized Salary Range:", "(Per Annum) GS-09:", "per year: Min:". An adjective counts
/// only right before a pay word ("hourly base pay"), so "1099 or W2 Hourly or Salary" and
/// "paid weekly" name no period of the figure.
fn period_before(back: &[Word]) -> Option<SalaryPeriod> {
    for (k, w) in back.iter().enumerate() {
        let l = w.lower()?;
        let l = l.as_str();
        if k < 3 {
            if let Some(p) = unit::unit_word(l) {
                let per = back.get(k + 1).is_some_and(|p| is_word(p, &["per"]));
                let hours = back
                    .get(k + 2)
                    .is_some_and(|h| is_word(h, &["hours", "hrs", "days", "weeks"]));
                if per && !hours && l != "h" && l != "d" {
                    return Some(p);
                }
            }
        }
        if let Some(p) = words::period_adjective(l) {
            // The word after it (nearer the figure) must be about pay ("Hourly Rate:"),
            // or, right before the figure, the word before it ("We pay daily $20").
            let is_pay = |w: Option<&Word>| {
                w.and_then(|n| n.lower()).is_some_and(|x| {
                    words::says(x.as_str()) == Says::Pay
                        || matches!(x.as_str(), "hiring" | "starting")
                })
            };
            let before = back.get(k + 1).and_then(|b| b.lower());
            let bi = before.is_some_and(|b| matches!(b.as_str(), "bi" | "semi"));
            let next = k.checked_sub(1).and_then(|n| back.get(n));
            // "Pay Type Hourly Min Hiring Rate $16.30": the label of the figures after it.
            let pay_type =
                back.get(k + 1).is_some_and(|t| is_word(t, &["type"])) && is_pay(back.get(k + 2));
            // "Monthly: $4,000": the adjective alone labels the figure.
            let alone = k == 0 && back.len() == 1;
            if !bi && (is_pay(next) || pay_type || alone || (k == 0 && is_pay(back.get(1)))) {
                return Some(p);
            }
        }
        if words::says(l) == Says::NotPay {
            return None;
        }
    }
    None
}

/// The words after a statement that may say what its figure is ("$500 sign-on bonus",
/// "$60k OTE", "$1M in revenue"), up to a word or sign that starts something else.
fn forward_words(text: &str, from: usize) -> Vec<Word<'_>> {
    let to = words::clause_end(text, from).min(words::char_floor(text, from + 60));
    let stop = text[from..to]
        .find(['+', ',', '(', ';', '&', ':'])
        .map_or(to, |p| from + p);
    if heading_after(text, from, stop) {
        return Vec::new();
    }
    words::words_forward(text, from, stop)
        // "per month Benefits: 401(k)": a word before a colon labels what comes next.
        .take_while(|w| text.as_bytes().get(w.end) != Some(&b':'))
        .take(FORWARD_WORDS)
        .take_while(|w| {
            !is_word(
                w,
                &[
                    "plus",
                    "and",
                    "with",
                    "or",
                    "but",
                    "depending",
                    "depends",
                    "based",
                    "commensurate",
                    "doe",
                    "doq",
                ],
            )
        })
        .collect()
}

/// Whether `text[from..colon]` is the heading of the next item of flattened text ("$22/hr
/// Benefits and Perks: Paid training"): capitalized words, and "and" or "of" between them,
/// ending in a colon. Such words label what follows, not the figure before them.
fn heading_after(text: &str, from: usize, colon: usize) -> bool {
    if text.as_bytes().get(colon) != Some(&b':') {
        return false;
    }
    let mut ws = words::words_forward(text, from, colon).peekable();
    ws.peek().is_some()
        && ws.all(|w| {
            w.text.as_bytes()[0].is_ascii_uppercase() || matches!(w.text, "and" | "of" | "the")
        })
}

/// Whether the words around a statement say it is this job's base pay: the nearest word
/// before it that says pay or something else decides; else a heading above it; else the
/// words after it ("$40K Base Salary"); else a period after it ("$17.00 an hour"). Words
/// like "average" or "OTE" near it, or a thing named right after it ("$500 sign-on
/// bonus"), say it is not.
fn decide(back: &[Word], head: &[Word], forward: &[Word], mode: Mode, has_period: bool) -> bool {
    let said = |w: &Word| w.lower().map_or(Says::Other, |l| words::says(l.as_str()));
    let first_decided = |ws: &[Word]| ws.iter().position(|w| said(w) != Says::Other);
    // A veto near the figure, or just before the word that decides ("the median salary
    // ... is $85,000", "On-Target Earnings Range: $90000").
    let vetoed = |ws: &[Word]| {
        let reach = first_decided(ws).map_or(5, |k| (k + 3).max(5));
        ws.iter().take(reach).enumerate().any(|(k, w)| {
            // "an additional $3.50/hr" only right before the figure ("Additional
            // Information ⏎ Base Pay Range" is a heading).
            said(w) == Says::Veto && (k < 2 || !is_word(w, &["additional", "extra", "plus"]))
        }) || ws
            .windows(2)
            .any(|p| is_word(&p[0], &["target"]) && is_word(&p[1], &["on"]))
    };
    if vetoed(back) || vetoed(head) || forward.iter().any(|w| said(w) == Says::Veto) {
        return false;
    }
    // "per referral", "per pay period", "per listing": a piece of something else.
    if forward
        .windows(2)
        .any(|p| is_word(&p[0], &["per"]) && is_word(&p[1], &["pay", "referral", "referrals"]))
    {
        return false;
    }
    let back_says = first_decided(back).map(|k| (k, said(&back[k])));
    if other_pay_or_purpose(back, back_says, forward) {
        return false;
    }
    // After the figure, "paid" is about something else ("$25,000 company-paid life
    // insurance").
    let said_after = |w: &Word| {
        if is_word(w, &["paid"]) {
            Says::Other
        } else {
            said(w)
        }
    };
    match forward.iter().map(said_after).find(|s| *s != Says::Other) {
        // "$500 sign-on bonus", "$1M in revenue": named right after, not pay; but a
        // stipend labelled as the pay ("Pay Rate: $3,240 Stipend for 16 Days") is.
        Some(Says::NotPay) => {
            let labelled_pay = back_says.is_some_and(|(k, s)| {
                k < 2
                    && s == Says::Pay
                    && back[k]
                        .lower()
                        .is_some_and(|l| words::labels_pay(l.as_str()))
            });
            let stipend = forward.iter().any(|w| is_word(w, &["stipend"]));
            if !(labelled_pay && stipend) {
                return false;
            }
        }
        Some(Says::Pay) if back_says.is_none() => return true,
        _ => {}
    }
    if let Some((_, s)) = back_says {
        return s == Says::Pay;
    }
    if mode == Mode::Field {
        return true;
    }
    match first_decided(head) {
        Some(k) => said(&head[k]) == Says::Pay,
        None => has_period,
    }
}

/// Whether the pay word that decides a figure is about other money ("life insurance of 2x
/// salary up to $300,000": reckoned from the pay; "overtime pay of $30/hr": pay of another
/// kind; "clients pay $150": another payer), or the words after it name what the sum is
/// for ("up to $1,500 a year for continuing education").
fn other_pay_or_purpose(back: &[Word], back_says: Option<(usize, Says)>, forward: &[Word]) -> bool {
    if let Some((k, Says::Pay)) = back_says {
        let before = back.get(k + 1).and_then(|m| m.lower());
        if before.is_some_and(|m| {
            let m = m.as_str();
            matches!(m, "x" | "times" | "percent")
                || words::other_kind_of_pay(m)
                || words::other_payer(m)
        }) {
            return true;
        }
    }
    forward.iter().any(|w| is_word(w, &["for"]))
        && forward
            .iter()
            .any(|w| w.lower().is_some_and(|l| words::paid_for_after(l.as_str())))
}

/// The last words of the line before, nearest first, when the figure opens its line with
/// at most a list marker or a short label before it ("Pay Range:" ⏎ "$25.42 -
/// $38.13/hour", "Pay range:" ⏎ "Executive Assistant: $75,000"); none otherwise.
fn heading<'a>(text: &'a str, at: usize, back: &[Word]) -> Vec<Word<'a>> {
    let b = text.as_bytes();
    let line_start = memchr::memrchr(b'\n', &b[..at]).map_or(0, |p| p + 1);
    if back.len() > 3 || back.iter().any(|w| w.start < line_start) {
        return Vec::new();
    }
    let prev_end = text[..line_start].trim_end().len();
    if prev_end == 0 {
        return Vec::new();
    }
    let prev_start = memchr::memrchr(b'\n', &b[..prev_end]).map_or(0, |p| p + 1);
    let from = words::clause_start(text, prev_end.saturating_sub(1)).max(prev_start);
    let from = if from >= prev_end { prev_start } else { from };
    words::words_back(text, from, prev_end).take(12).collect()
}

/// The single figure's shape from the words around it: "up to X", "X+", "from X",
/// "starting at X", "X and above", "X starting pay".
fn shape(text: &str, back: &[Word], after: &After) -> Option<Shape> {
    if after.plus {
        return Some(Shape::Min);
    }
    let rest = &text[skip_spaces(text, after.end)..];
    let lower: String = rest
        .chars()
        .take(24)
        .collect::<String>()
        .to_ascii_lowercase();
    if [
        "and above",
        "and up",
        "or more",
        "onwards",
        "starting",
        "as starting",
        "as a starting",
        "to start",
        "to commensurate",
        "or higher",
        "plus",
    ]
    .iter()
    .any(|w| lower.starts_with(w))
        && !lower.starts_with("plus ")
    {
        return Some(Shape::Min);
    }
    let near: Vec<String> = back
        .iter()
        .take(4)
        .filter_map(|w| w.lower().map(|l| l.as_str().to_string()))
        .collect();
    for (k, w) in near.iter().enumerate() {
        if w == "to" && near.get(k + 1).is_some_and(|u| u == "up") {
            return Some(Shape::Max);
        }
        if w == "up" {
            continue;
        }
        if let Some(s) = words::shape_before(w) {
            return Some(s);
        }
        if words::says(w) == Says::NotPay {
            break;
        }
    }
    None
}

/// Where the statement's words start: its earliest word that labels pay ("Salary",
/// "Hourly", "Starting"), if any.
fn label_start(back: &[Word]) -> Option<usize> {
    back.iter()
        .take(6)
        .filter(|w| {
            w.lower().is_some_and(|l| {
                let l = l.as_str();
                words::says(l) == Says::Pay
                    || words::period_adjective(l).is_some()
                    || words::shape_before(l).is_some()
            })
        })
        .map(|w| w.start)
        .min()
}

/// A statement without a period or currency takes them from a later one with the same
/// figures ("Salary: $44k-$53k" ... "Pay: $44,000.00 - $53,000.00 per year").
fn complete_from_repeat(text: &str, rest: &[Amount], found: &mut Statement, mode: Mode) {
    let same = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(x), Some(y)) => (x - y).abs() < 0.005,
        (None, None) => true,
        _ => false,
    };
    let mut i = 0;
    while i < rest.len() {
        let (later, next) = statement_at(text, rest, i, mode);
        if let Some(later) = later {
            if same(later.min, found.min) && same(later.max, found.max) {
                found.period = found.period.or(later.period);
                found.currency = found.currency.or(later.currency);
                return;
            }
        }
        i = next;
    }
}
