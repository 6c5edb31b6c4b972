//! Where a phrase stands in its text: whole words, the clause and sentence around it,
//! negation, the words that veto it nearby, and what the sentence says about whose it is.
//! Scraped text often glues list items together ("technical supportPromote",
//! "diploma0-2 years", "requiredTravel is"): a lower-to-upper case change and a join of a
//! letter and a digit count as word boundaries, and the case change ends a clause.

/// Words that turn a phrase around when they come shortly before it ("no weekends", "not a
/// remote role", "won't require you to work weekends", "tired of working late nights").
const NEGATIONS: [&str; 14] = [
    "no", "not", "without", "never", "non", "won't", "don't", "doesn't", "isn't", "aren't", "wont",
    "dont", "tired", "cannot",
];

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// A glued join: lower-to-upper case ("supportPromote") or letter to digit ("diploma0-2").
fn glued(a: u8, b: u8) -> bool {
    (a.is_ascii_lowercase() && b.is_ascii_uppercase())
        || (a.is_ascii_alphabetic() && b.is_ascii_digit())
        || (a.is_ascii_digit() && b.is_ascii_alphabetic() && !ordinal(a, b))
}

/// "3rd", "1st", "2nd", "4th": a digit and its ordinal suffix are one word.
fn ordinal(a: u8, b: u8) -> bool {
    a.is_ascii_digit() && matches!(b.to_ascii_lowercase(), b's' | b'n' | b'r' | b't')
}

/// A phrase is whole when the bytes beside it are not word bytes, or are glued on;
/// phrases that begin or end with punctuation ("(remote)", "- remote") carry their own
/// boundary on that side.
pub fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    let left = start == 0
        || !is_word_byte(b[start])
        || !is_word_byte(b[start - 1])
        || glued(b[start - 1], b[start])
        || glued_capitals(b, start, end);
    let right = end == b.len()
        || !is_word_byte(b[end - 1])
        || !is_word_byte(b[end])
        || glued(b[end - 1], b[end]);
    left && right
}

/// A phrase of several words in capitals glued onto the capitals before it ("HIRING
/// NOWPART TIME"): one word glued to another is how a heading's lines come out flattened.
fn glued_capitals(b: &[u8], start: usize, end: usize) -> bool {
    let phrase = &b[start..end];
    b[start - 1].is_ascii_uppercase()
        && phrase.contains(&b' ')
        && phrase.iter().all(|c| !c.is_ascii_lowercase())
}

/// Bounds of the stretch around `start..end` that no byte `stop` says ends, nor a
/// glued lower-to-upper join.
fn bounds(text: &str, start: usize, end: usize, stop: fn(u8) -> bool) -> (usize, usize) {
    let b = text.as_bytes();
    let ends_at = |i: usize| stop(b[i]) || (i > 0 && glued_case(b[i - 1], b[i]));
    let from = (0..start)
        .rev()
        .find(|&i| ends_at(i))
        .map_or(0, |i| if stop(b[i]) { i + 1 } else { i });
    let to = (end..b.len()).find(|&i| ends_at(i)).unwrap_or(b.len());
    (from, to)
}

fn glued_case(a: u8, b: u8) -> bool {
    a.is_ascii_lowercase() && b.is_ascii_uppercase()
}

/// The clause (sentence part) around a match: bounded by punctuation that ends a thought.
pub fn clause_bounds(text: &str, start: usize, end: usize) -> (usize, usize) {
    bounds(text, start, end, |c| {
        matches!(c, b'.' | b'\n' | b';' | b'!' | b'?' | b'|' | b'*')
    })
}

/// The sentence around a match, for quoting it.
pub fn sentence_bounds(text: &str, start: usize, end: usize) -> (usize, usize) {
    bounds(text, start, end, |c| {
        matches!(c, b'.' | b'\n' | b'!' | b'?' | b'|')
    })
}

pub fn words(s: &str) -> impl DoubleEndedIterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
}

fn negation(w: &str) -> bool {
    let w = w.replace('’', "'");
    NEGATIONS.iter().any(|n| w.eq_ignore_ascii_case(n))
}

/// Whether the phrase at `start..end` is turned around: a negation among the five words
/// before it in its clause, or before a list it is an item of ("no nights, weekends or
/// holidays"); or "not"/"never" among the two words after it ("remote work not
/// considered"), unless "and"/"or"/"but" comes first ("no experience required and never
/// any fees").
pub fn is_negated(text: &str, start: usize, end: usize) -> bool {
    let (from, to) = clause_bounds(text, start, end);
    let before = &text[from..start];
    // Back over the list the phrase ends: items of up to three words each.
    let mut parts = before.rsplit(',');
    let mut near = parts.next().unwrap_or(before);
    if list_item(near) {
        for p in parts {
            near = p;
            if !list_item(p) {
                break;
            }
        }
    }
    if words(near).rev().take(5).any(negation) {
        return true;
    }
    let after = &text[end..to];
    let after = after.split(',').next().unwrap_or(after);
    words(after)
        .take(2)
        .take_while(|w| {
            !["and", "or", "but"]
                .iter()
                .any(|c| w.eq_ignore_ascii_case(c))
        })
        .any(|w| w.eq_ignore_ascii_case("not") || w.eq_ignore_ascii_case("never"))
}

/// A list item's text before a phrase: "", " or", " and" (the phrase ends the item).
fn list_item(s: &str) -> bool {
    let n = words(s).count();
    n <= 1 && words(s).all(|w| w.eq_ignore_ascii_case("or") || w.eq_ignore_ascii_case("and"))
}

/// One of `veto` within eight words either side, in the same clause.
pub fn vetoed_near(text: &str, start: usize, end: usize, veto: &[String]) -> bool {
    if veto.is_empty() {
        return false;
    }
    let (from, to) = clause_bounds(text, start, end);
    let hit = |w: &str| veto.iter().any(|v| w.eq_ignore_ascii_case(v));
    words(&text[from..start]).rev().take(8).any(hit) || words(&text[end..to]).take(8).any(hit)
}

/// The word right after the phrase is one of `veto` ("#number" stands for any number, so
/// "help desk at 888-555-0100" reads as contact details). Little linking words in between
/// ("at", "on", "via") are passed over.
pub fn vetoed_next(text: &str, end: usize, veto: &[String]) -> bool {
    const LINKS: [&str; 6] = ["at", "on", "via", "by", "call", "phone"];
    if veto.is_empty() {
        return false;
    }
    let Some(next) = words(&text[end..])
        .take(2)
        .find(|w| !LINKS.iter().any(|l| w.eq_ignore_ascii_case(l)))
    else {
        return false;
    };
    veto.iter().any(|v| {
        if v == "#number" {
            next.starts_with(|c: char| c.is_ascii_digit())
        } else {
            next.eq_ignore_ascii_case(v)
        }
    })
}

/// A form's question the text answers otherwise: "Remote Position? No", "Full Time or
/// Part Time? Full Time". The phrase stands in the question (at most two words after
/// it) and the answer, the words after the "?", is "no" or does not hold the phrase.
pub fn answered_otherwise(text: &str, start: usize, end: usize) -> bool {
    let rest = &text[end..];
    let line_end = rest.find('\n').unwrap_or(rest.len());
    let Some(q) = rest[..line_end].find('?') else {
        return false;
    };
    if words(&rest[..q]).count() > 2 {
        return false;
    }
    let after = rest[q + 1..].trim_start_matches([' ', '\t', '\n', '\r']);
    let answer_end = after.find(['\n', '.', ';']).unwrap_or(after.len()).min(40);
    let answer = after.get(..answer_end).unwrap_or(after);
    let phrase = &text[start..end];
    let first = words(answer).next().unwrap_or("");
    first.eq_ignore_ascii_case("no")
        || (!first.eq_ignore_ascii_case("yes")
            && !answer
                .to_ascii_lowercase()
                .contains(&phrase.to_ascii_lowercase()))
}

/// Whether the phrase is about other people than this job's: another team ("partner
/// with the IT helpdesk", "tools for the chat channels"), a class of staff in a
/// sentence about benefits or eligibility ("benefits for part-time and seasonal employees
/// may differ"), or work an applicant has done ("years of full-time, or equivalent
/// part-time, experience", "hours worked per week if part time", "each permanent,
/// temporary or seasonal appointment").
pub fn about_others(text: &str, start: usize, end: usize) -> bool {
    const STAFF: [&str; 8] = [
        "employees",
        "associates",
        "staff",
        "workers",
        "colleagues",
        "members",
        "appointment",
        "appointments",
    ];
    const BENEFITS: [&str; 6] = [
        "benefits",
        "benefit",
        "eligible",
        "eligibility",
        "differ",
        "vary",
    ];
    const PAST: [&str; 4] = ["experience", "worked", "history", "equivalent"];
    let (from, to) = clause_bounds(text, start, end);
    let next: Vec<&str> = words(&text[end..to]).take(4).collect();
    let mut before = words(&text[from..start]).rev().take(3);
    let is = |list: &[&str], w: &str| list.iter().any(|l| w.eq_ignore_ascii_case(l));
    let clause = &text[from..to];
    // Another team's, or something made for it: "partner with the IT helpdesk",
    // "escalate to the service desk", "build tooling for the chat channels".
    const OTHERS: [&str; 12] = [
        "partner",
        "partnering",
        "collaborate",
        "collaborating",
        "liaise",
        "escalate",
        "escalating",
        "coordinate",
        "coordinating",
        "tooling",
        "tools",
        "contact",
    ];
    if words(&text[from..start])
        .rev()
        .take(6)
        .any(|w| is(&OTHERS, w))
    {
        return true;
    }
    let staff_class =
        next.iter().take(3).any(|w| is(&STAFF, w)) && words(clause).any(|w| is(&BENEFITS, w));
    let past_work = next.iter().take(2).any(|w| is(&PAST, w))
        || before.any(|w| is(&PAST, w) || w.eq_ignore_ascii_case("if"));
    staff_class || past_work
}

/// Whether the sentence says what this job does: a duty verb in it besides the phrase
/// ("provide", "answer", "handle", "respond", "resolve", "troubleshoot", "assist",
/// "diagnose").
pub fn duty_sentence(text: &str, start: usize, end: usize) -> bool {
    // Active forms only: "must be provided" is an instruction, "Assistant" a title.
    const DUTIES: [&str; 24] = [
        "provide",
        "provides",
        "providing",
        "answer",
        "answers",
        "answering",
        "handle",
        "handles",
        "handling",
        "respond",
        "responds",
        "responding",
        "resolve",
        "resolves",
        "resolving",
        "troubleshoot",
        "troubleshoots",
        "troubleshooting",
        "assist",
        "assists",
        "assisting",
        "diagnose",
        "diagnoses",
        "diagnosing",
    ];
    let (from, to) = sentence_bounds(text, start, end);
    // The phrase's own words ("troubleshooting") are not the duty that supports it.
    words(&text[from..start])
        .chain(words(&text[end..to]))
        .any(|w| DUTIES.iter().any(|d| w.eq_ignore_ascii_case(d)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at<'a>(text: &'a str, phrase: &str) -> (&'a str, usize, usize) {
        let s = text.to_ascii_lowercase().find(phrase).unwrap();
        (text, s, s + phrase.len())
    }

    #[test]
    fn glued_list_items_are_word_and_clause_boundaries() {
        let (t, s, e) = at("High school diploma0-2 years", "0-2 years");
        assert!(is_whole_word(t, s, e));
        let (t, s, e) = at("3rd shift", "3rd shift");
        assert!(is_whole_word(t, s, e));
        let (t, s, e) = at("No experience requiredTravel is weekends", "weekends");
        assert!(!is_negated(t, s, e), "the glued join ends the clause");
    }

    #[test]
    fn negation_is_carried_across_a_list_and_stops_at_a_conjunction() {
        let (t, s, e) = at("No nights, weekends or holidays.", "weekends");
        assert!(is_negated(t, s, e));
        let (t, s, e) = at("Nights, weekends and holidays required.", "weekends");
        assert!(!is_negated(t, s, e));
        let (t, s, e) = at("We won't require you to work weekends.", "weekends");
        assert!(is_negated(t, s, e));
        let (t, s, e) = at(
            "Experience required and never any fees",
            "experience required",
        );
        assert!(!is_negated(t, s, e));
        let (t, s, e) = at("Open late, including weekends, which we love", "weekends");
        assert!(!is_negated(t, s, e));
    }

    #[test]
    fn questions_answered_otherwise() {
        let (t, s, e) = at("Full Time or Part Time? Full Time\n", "part time");
        assert!(answered_otherwise(t, s, e));
        let (t, s, e) = at("Remote Position? No\n", "remote position");
        assert!(answered_otherwise(t, s, e));
        let (t, s, e) = at("Part Time? Yes\n", "part time");
        assert!(!answered_otherwise(t, s, e));
        let (t, s, e) = at("Is this part time? It is part time, 20 hours.", "part time");
        assert!(!answered_otherwise(t, s, e));
    }

    #[test]
    fn other_people_than_this_job() {
        let (t, s, e) = at(
            "Benefits for intern, part-time and seasonal employees may differ.",
            "seasonal",
        );
        assert!(about_others(t, s, e));
        let (t, s, e) = at(
            "3 years of full-time, or equivalent part-time, experience",
            "part-time",
        );
        assert!(about_others(t, s, e));
        let (t, s, e) = at("hours worked per week if part time.", "part time");
        assert!(about_others(t, s, e));
        let (t, s, e) = at("This is a part-time position with benefits.", "part-time");
        assert!(!about_others(t, s, e));
        let (t, s, e) = at("Hiring seasonal associates for our stores.", "seasonal");
        assert!(!about_others(t, s, e));
        let (t, s, e) = at(
            "You will partner with the IT helpdesk on rollouts.",
            "helpdesk",
        );
        assert!(about_others(t, s, e));
        let (t, s, e) = at(
            "Build tooling for the call, email and chat channels",
            "chat channels",
        );
        assert!(about_others(t, s, e));
        let (t, s, e) = at("Staff our help desk and answer calls.", "help desk");
        assert!(!about_others(t, s, e));
    }
}
