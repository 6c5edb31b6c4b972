//! Employment type and workplace from the labels sources use ("Part-time", "PART_TIME",
//! "PartTime", "Short Term", "Teilzeit", "hybrid", "On-site"), and employment type from
//! what a description states ("Job Type: Part-time", "This is a temporary position", "temp
//! to hire", "Contract, 9 months"), not from words about other things ("benefits for
//! full-time employees", "contract management", "per diem reimbursement").

use super::keywords::{Key, Scan};
use crate::posting::{EmploymentType, Workplace};

/// What each phrase says, in order of first byte; `None` stands for "permanent" and
/// "regular", which say how long, not how many hours: they only mean full-time when nothing
/// says part-time ("Part-time, permanent").
const PHRASES: [(&str, Option<EmploymentType>); 28] = {
    use EmploymentType::*;
    [
        ("befristet", Some(Temporary)),
        ("contract", Some(Contract)),
        ("contractor", Some(Contract)),
        ("fixed term", Some(Temporary)),
        ("freelance", Some(Contract)),
        ("freelancer", Some(Contract)),
        ("ft", Some(FullTime)),
        ("full time", Some(FullTime)),
        ("fulltime", Some(FullTime)),
        ("intern", Some(Internship)),
        ("internship", Some(Internship)),
        ("part time", Some(PartTime)),
        ("parttime", Some(PartTime)),
        ("per diem", Some(PerDiem)),
        ("permanent", None),
        ("praktikum", Some(Internship)),
        ("prn", Some(PerDiem)),
        ("pt", Some(PartTime)),
        ("regular", None),
        ("seasonal", Some(Seasonal)),
        ("short term", Some(Temporary)),
        ("teilzeit", Some(PartTime)),
        ("temp", Some(Temporary)),
        ("temporary", Some(Temporary)),
        ("volunteer", Some(Volunteer)),
        ("vollzeit", Some(FullTime)),
        ("werkstudent", Some(Internship)),
        ("working student", Some(Internship)),
    ]
};

/// Employment types named by a label; several may apply ("Full-time or Part-time").
pub fn employment_types(label: &str) -> Vec<EmploymentType> {
    use EmploymentType::*;
    let words = words_of(label);
    let mut out = Vec::new();
    let mut lasting = false;
    // A label is a few words: at each word start only the phrases with its first byte are
    // compared. `words` ends with a space, so a phrase that fits ends before one.
    for at in memchr::memchr_iter(b' ', words.as_bytes()) {
        let rest = &words[at + 1..];
        let Some(&first) = rest.as_bytes().first() else {
            break;
        };
        let from = PHRASES.partition_point(|(p, _)| p.as_bytes()[0] < first);
        for (phrase, says) in PHRASES[from..]
            .iter()
            .take_while(|(p, _)| p.as_bytes()[0] == first)
        {
            if rest.starts_with(phrase) && rest[phrase.len()..].starts_with(' ') {
                match *says {
                    Some(t) if !out.contains(&t) => out.push(t),
                    Some(_) => {}
                    None => lasting = true,
                }
            }
        }
    }
    if lasting && !out.contains(&PartTime) && !out.contains(&FullTime) {
        out.push(FullTime);
    }
    out.sort();
    out
}

/// The job types a description states: a label's value ("Employment type: Part-time",
/// "Schedule: Full-time Temporary", "Status: FT"), or a type word that describes the job
/// ("a part-time position", "This temporary role", "to work full time", "hiring a
/// full-time Secretary", "summer internship", "temp to hire", "9-month contract"). Sorted,
/// each once.
pub fn from_text(text: &str) -> Vec<EmploymentType> {
    types_in(&Scan::new(text))
}

/// `from_text` on a description already scanned.
pub fn types_in(scan: &Scan) -> Vec<EmploymentType> {
    use EmploymentType::*;
    let mut out = Vec::new();
    // Where the last type word that described the job ended: "both part time (...) and
    // full-time", "Full Time & Part-Time Attendants" list more than one.
    let mut listed = None;
    for hit in &scan.hits {
        let described = |scan: &Scan| {
            describes_job(scan, hit.start, hit.end) || in_list(scan, listed, hit.start)
        };
        let labelled = type_label(scan, hit.start);
        let found: &[EmploymentType] = match hit.key {
            // A label's value is the job's type: "Job Type: Contract", "Status: FT".
            Key::FullTime | Key::Ft if labelled => &[FullTime],
            Key::PartTime | Key::Pt if labelled => &[PartTime],
            Key::Temporary | Key::Temp if labelled => &[Temporary],
            Key::Contract | Key::Contractor | Key::Freelance if labelled => &[Contract],
            Key::Internship | Key::Intern if labelled => &[Internship],
            Key::PerDiem | Key::Prn if labelled => &[PerDiem],
            Key::Seasonal if labelled => &[Seasonal],
            Key::Volunteer if labelled => &[Volunteer],
            Key::FullTime if described(scan) => &[FullTime],
            Key::PartTime if described(scan) => &[PartTime],
            Key::TempToHire if !for_agency(scan, hit.start) => &[Temporary],
            Key::Temporary | Key::Temp if described(scan) => &[Temporary],
            Key::Contract
                if contract_of_job(scan, hit.start, hit.end) && !for_agency(scan, hit.start) =>
            {
                &[Contract]
            }
            Key::Contractor if scan.words_before(hit.start, 1).first() == Some(&"independent") => {
                &[Contract]
            }
            Key::Freelance if describes_job(scan, hit.start, hit.end) => &[Contract],
            Key::Internship if internship_of_job(scan, hit.start, hit.end) => {
                if for_a_season(scan, hit.start) {
                    &[Internship, Seasonal]
                } else {
                    &[Internship]
                }
            }
            Key::Intern | Key::Interns if intern_wanted(scan, hit.start, hit.key) => {
                if for_a_season(scan, hit.start) {
                    &[Internship, Seasonal]
                } else {
                    &[Internship]
                }
            }
            Key::PerDiem | Key::Prn if per_diem_job(scan, hit.start, hit.end) => &[PerDiem],
            Key::Seasonal if describes_job(scan, hit.start, hit.end) => &[Seasonal],
            // "volunteer opportunities" and "volunteer hours" are perks, not the job.
            Key::Volunteer
                if matches!(
                    scan.words_after(hit.end, 1).first(),
                    Some(&("position" | "role" | "job"))
                ) =>
            {
                &[Volunteer]
            }
            _ => &[],
        };
        if !found.is_empty() {
            listed = Some(hit.end);
        }
        out.extend_from_slice(found);
    }
    out.sort();
    out.dedup();
    out
}

/// Whether the type word at `start` is the value of a job-type label: "Job Type:
/// Part-time", "Employment Status: Full-time, hourly", "Schedule: Full-time Temporary",
/// "HOURS: Full Time;", "Employment Type" ⏎ "Part-Time".
fn type_label(scan: &Scan, start: usize) -> bool {
    const LABELS: [&str; 12] = [
        "type",
        "status",
        "schedule",
        "hours",
        "duty",
        "employment",
        "position",
        "time",
        "basis",
        "commitment",
        "classification",
        "duration",
    ];
    scan.label_of(start).is_some_and(|label| {
        let mut words = label.split(|c: char| !c.is_ascii_alphanumeric());
        let last = label
            .rsplit(|c: char| !c.is_ascii_alphanumeric())
            .next()
            .unwrap_or("");
        // Flattened markup runs the label onto the value before it ("Controls
        // EngineerDuration:", "Information TechnologyStatus:").
        words.any(|w| LABELS.contains(&w)) || LABELS.iter().any(|l| last.ends_with(l))
    })
}

/// Whether a type word at `start` continues a list after one that described the job
/// (`listed` is where that one ended): "Full Time & Part-Time", "part time (up to 29 hrs.)
/// and full-time".
fn in_list(scan: &Scan, listed: Option<usize>, start: usize) -> bool {
    let Some(end) = listed.filter(|&e| e <= start && start - e <= 40) else {
        return false;
    };
    let between = &scan.lower[end..start];
    // A new sentence ends the list; "(up to 29 hrs.) and" does not.
    let sentence = scan.text[end..start]
        .match_indices(". ")
        .any(|(i, _)| scan.text[end + i + 2..].starts_with(char::is_uppercase));
    // Nor does a new label ("Full-time Union:00 - Non Union, Exempt or Temporary").
    !between.contains(['\n', ';', ':'])
        && !sentence
        && (between.contains([',', '&', '/'])
            || between.contains(" and ")
            || between.contains(" or "))
}

/// Whether the type word at `start` is in a list of what an agency places.
fn for_agency(scan: &Scan, start: usize) -> bool {
    scan.words_before(start, 9)
        .iter()
        .any(|w| agency_business(w))
}

/// Words saying what an agency's business is ("specializes in direct-hire placements,
/// temporary, temp-2-hire and contract employment"): the types it places, not this job's.
fn agency_business(w: &str) -> bool {
    matches!(
        w,
        "specializes" | "specialize" | "specializing" | "specialized" | "placements"
    )
}

/// "summer internship", "Summer Intern": work for a season too.
fn for_a_season(scan: &Scan, start: usize) -> bool {
    scan.words_before(start, 3)
        .iter()
        .any(|w| matches!(*w, "summer" | "winter" | "holiday"))
}

/// Nouns that make a type word before them this job's: "a part-time position".
fn job_noun(w: &str) -> bool {
    matches!(
        w,
        "position"
            | "positions"
            | "role"
            | "roles"
            | "job"
            | "jobs"
            | "opportunity"
            | "opportunities"
            | "opening"
            | "openings"
            | "assignment"
            | "assignments"
            | "employment"
            | "hire"
            | "program"
            | "schedule"
            | "schedules"
            | "basis"
            | "gig"
            | "capacity"
            | "shifts"
            | "contract"
    )
}

/// Nouns that make a type word about other people or other things: "full-time
/// employees", "temporary agencies", "seasonal events".
fn other_noun(w: &str) -> bool {
    matches!(
        w,
        "employees"
            | "employee"
            | "associates"
            | "team"
            | "members"
            | "colleagues"
            | "staff"
            | "workers"
            | "students"
            | "student"
            | "benefits"
            | "benefit"
            | "equivalent"
            | "experience"
            | "service"
            | "agencies"
            | "agency"
            | "disability"
            | "relocation"
            | "relocations"
            | "power"
            | "delay"
            | "housing"
            | "events"
            | "event"
            | "sales"
            | "hours"
            | "or"
            | "intermittent"
    )
}

/// Whether the type word at `start..end` describes this job: a job noun follows it
/// (past another type word: "full-time or part-time positions"), or "to work" or "this is
/// a ... " leads to it, or it stands before a job title after "a", "hiring" or "seeking"
/// ("a full-time Secretary I"); never before a noun for others or other things, nor after
/// "years of" or "enrolled".
fn describes_job(scan: &Scan, start: usize, end: usize) -> bool {
    let after = scan.words_after(end, 5);
    let before = scan.words_before(start, 4);
    if scan
        .words_before(start, 9)
        .iter()
        .any(|w| matches!(*w, "authorized") || agency_business(w))
    {
        return false;
    }
    // "years of full-time work", "enrolled full-time", "when we hire for full-time
    // positions", "our full-time roles": not this job's terms.
    if before.iter().any(|w| {
        matches!(
            *w,
            "enrolled" | "authorized" | "years" | "year" | "months" | "of" | "when"
        )
    }) || before.first() == Some(&"our")
    {
        return false;
    }
    if sought_or_timed(scan, &before, &after, end) {
        return true;
    }
    // Past "and/or" and the other type words of a list ("full time and part-time").
    let next = after.iter().copied().find(|w| {
        !matches!(
            *w,
            "and"
                | "or"
                | "part"
                | "full"
                | "time"
                | "temporary"
                | "seasonal"
                | "permanent"
                | "hourly"
                | "non"
                | "exempt"
                | "regular"
                | "and/or"
        )
    });
    if let Some(n) = next {
        if other_noun(n) && !matches!(before.first(), Some(&"as")) {
            return false;
        }
        // "temporary employment agencies": the noun after the job noun says whose.
        let then = after.iter().skip_while(|w| **w != n).nth(1);
        if job_noun(n) && !then.is_some_and(|w| other_noun(w)) {
            return true;
        }
    }
    // "to work full time", "work part-time", "available full-time", "start part time".
    if matches!(
        before.first(),
        Some(&("work" | "working" | "available" | "start"))
    ) {
        return true;
    }
    // "Non-Exempt / Full Time / Benefited": one of a list of the job's terms.
    let b = scan.lower.as_bytes();
    let sep = |i: Option<usize>| {
        i.and_then(|i| b.get(i))
            .is_some_and(|c| matches!(c, b'/' | b'|'))
    };
    let back_sep = scan.lower[..start].trim_end().len().checked_sub(1);
    let fwd_sep = Some(end + (scan.lower[end..].len() - scan.lower[end..].trim_start().len()));
    if sep(back_sep) && sep(fwd_sep) {
        return true;
    }
    // "This position is both part time (up to 29 hrs.)": said of the job before it.
    if before
        .iter()
        .take(2)
        .any(|w| matches!(*w, "is" | "be" | "both"))
        && before.iter().any(|w| job_noun(w))
    {
        return true;
    }
    // "This is a full-time, IN OFFICE role": a job noun a few words on.
    if after.iter().take(4).any(|w| job_noun(w)) && !after.iter().take(4).any(|w| other_noun(w)) {
        return true;
    }
    // "seeking a full-time Secretary I", "hiring Part-time Warehouse Associates": a title
    // (capitalized in the text) after it.
    let lead = matches!(
        before.first(),
        Some(
            &("a"
                | "an"
                | "hiring"
                | "seeking"
                | "for"
                | "both"
                | "opportunities"
                | "opportunity"
                | "openings")
        )
    );
    lead && next.is_some() && title_follows(scan, end)
}

/// Whether the words before a type word say it is the job sought ("This is a full-time;
/// benefits eligible position", "looking for a full-time self-sufficient multi-tasker",
/// "immediate openings for full-time and part-time receptionists", "looking for part time
/// or full time"), unless the words after say whose ("for full-time employees"); or
/// whether its hours follow in brackets ("Surgery, Full-time (Hours: Variable)").
fn sought_or_timed(scan: &Scan, before: &[&str], after: &[&str], end: usize) -> bool {
    let sought = |w: &str| matches!(w, "looking" | "seeking" | "hiring" | "need" | "needs");
    let this_is = matches!(before.get(..3), Some(&["a" | "an", "is", "this" | "it"]));
    let sought_a = matches!(before.first(), Some(&("a" | "an")))
        && before.iter().skip(1).take(2).any(|w| sought(w));
    let openings_for =
        before.first() == Some(&"for") && before.get(1).is_some_and(|w| job_noun(w) || sought(w));
    let for_others = after
        .iter()
        .find(|w| !matches!(**w, "and" | "or" | "part" | "full" | "time"))
        .is_some_and(|w| other_noun(w));
    if (this_is || sought_a || openings_for) && !for_others {
        return true;
    }
    // "Surgery, Full-time (Hours: Variable)", "Part-time (20 hrs/week)": the job's hours
    // said in brackets after it.
    if let Some(inner) = scan.lower[end..].trim_start().strip_prefix('(') {
        let mut cut = inner.find(')').unwrap_or(inner.len()).min(40);
        while !inner.is_char_boundary(cut) {
            cut -= 1;
        }
        let inner = &inner[..cut];
        if inner
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| matches!(w, "hours" | "hrs" | "hour" | "hr"))
        {
            return true;
        }
    }
    false
}

/// Whether the next word after `end`, past other type words ("& Part-Time"), is
/// capitalized in the text: a job title.
fn title_follows(scan: &Scan, end: usize) -> bool {
    let mut rest = &scan.text[end..];
    loop {
        rest = rest.trim_start_matches([' ', '-', '&', '/', ',']);
        let word = rest
            .split(|c: char| !c.is_ascii_alphabetic())
            .next()
            .unwrap_or("");
        if word.is_empty()
            || !["and", "or", "part", "full", "time"]
                .iter()
                .any(|t| word.eq_ignore_ascii_case(t))
        {
            break;
        }
        rest = &rest[word.len()..];
    }
    rest.chars().next().is_some_and(char::is_uppercase)
}

/// "contract position", "contract to hire", "9-month contract", "Contract, 9 months", "on
/// contract": the job's terms; not "contract management", "employment contract", "sales
/// contract".
fn contract_of_job(scan: &Scan, start: usize, end: usize) -> bool {
    let after = scan.words_after(end, 3);
    let before = scan.words_before(start, 3);
    if after
        .first()
        .is_some_and(|w| job_noun(w) || *w == "to" && after.get(1) == Some(&"hire"))
    {
        return true;
    }
    let months = |w: &str| matches!(w, "month" | "months" | "week" | "weeks" | "year" | "day");
    // "Nine-month (187-day) contract", "a 6 month contract".
    if before.iter().take(3).any(|w| months(w)) && !before.contains(&"employment") {
        return true;
    }
    // "Contract, 9 months".
    let rest = &scan.lower[end..];
    if rest.starts_with(", ") && after.get(1).is_some_and(|w| months(w)) {
        return true;
    }
    // "on contract", "W2 contract"; not "on contract deliverables".
    matches!(before.first(), Some(&"on" | &"w2" | &"1099"))
        && after
            .first()
            .is_none_or(|w| matches!(*w, "basis" | "for" | "through" | "until"))
}

/// "summer internship", "This is a paid internship", "Internship Program": the job; not
/// "internship experience", "a previous internship", "internship purposes".
fn internship_of_job(scan: &Scan, start: usize, end: usize) -> bool {
    let after = scan.words_after(end, 2);
    let before = scan.words_before(start, 4);
    if after
        .first()
        .is_some_and(|w| matches!(*w, "experience" | "experiences" | "purposes" | "or" | "is"))
    {
        return false;
    }
    // "Internship in an approved program or 1 year of experience": a requirement.
    if scan
        .words_after(end, 14)
        .iter()
        .any(|w| matches!(*w, "experience" | "required" | "preferred"))
    {
        return false;
    }
    !before.iter().any(|w| {
        matches!(
            *w,
            "previous" | "prior" | "any" | "or" | "securing" | "experience" | "and"
        )
    })
}

/// "seeking a PR & Communications Intern", "The Communications Intern will", "recruiting
/// our first-ever creative interns": the job; not "supervising interns", "student interns".
fn intern_wanted(scan: &Scan, start: usize, key: Key) -> bool {
    let before = scan.words_before(start, 6);
    let asked = |ws: &[&str]| {
        ws.iter()
            .any(|w| matches!(*w, "seeking" | "hiring" | "recruiting" | "looking"))
    };
    match key {
        Key::Intern => {
            !before
                .iter()
                .take(2)
                .any(|w| matches!(*w, "student" | "counselor" | "of"))
                && (asked(&before)
                    || before
                        .iter()
                        .any(|w| matches!(*w, "a" | "an" | "the" | "summer" | "paid" | "unpaid")))
        }
        _ => asked(&before),
    }
}

/// "Med Surg RN (per diem)", "Day Shift / PRN", "per diem position": the job; not "per diem
/// reimbursements", "$50 per diem".
fn per_diem_job(scan: &Scan, start: usize, end: usize) -> bool {
    let b = scan.lower.as_bytes();
    let after = scan.words_after(end, 2);
    if after.first().is_some_and(|w| {
        matches!(
            *w,
            "reimbursement"
                | "reimbursements"
                | "allowance"
                | "rate"
                | "rates"
                | "expenses"
                | "medication"
                | "medications"
                | "and"
                | "for"
        )
    }) {
        return false;
    }
    let around = |i: usize| b.get(i).copied().unwrap_or(b' ');
    let before = start.checked_sub(2).map_or(b' ', around);
    let paren = around(start.wrapping_sub(1)) == b'('
        || before == b'/'
        || around(start.wrapping_sub(1)) == b'/';
    paren
        || after
            .first()
            .is_some_and(|w| job_noun(w) || matches!(*w, "nursing" | "nurse" | "rn" | "shift"))
}

/// Workplace from an explicit field value; `Unknown` for anything unrecognized.
pub fn workplace(label: &str) -> Workplace {
    let words = words_of(label);
    if words.contains(" hybrid ") {
        Workplace::Hybrid
    } else if words.contains(" remote ") || words.contains(" telecommute ") {
        Workplace::Remote
    } else if [
        " onsite ",
        " on site ",
        " in office ",
        " in person ",
        " office ",
    ]
    .iter()
    .any(|w| words.contains(w))
    {
        Workplace::Onsite
    } else {
        Workplace::Unknown
    }
}

/// Lower-case words separated by single spaces and padded with one space each side, with
/// `_`, `-`, `/` and camel-case humps as word breaks: "PartTime" -> " part time ".
fn words_of(label: &str) -> String {
    if label.is_ascii() {
        ascii_words_of(label)
    } else {
        any_words_of(label)
    }
}

/// `words_of` for any text, character by character.
fn any_words_of(label: &str) -> String {
    let mut out = String::with_capacity(label.len() + 8);
    out.push(' ');
    let mut prev_lower = false;
    for c in label.chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && prev_lower {
                out.push(' ');
            }
            prev_lower = c.is_lowercase();
            out.extend(c.to_lowercase());
        } else {
            prev_lower = false;
            if !out.ends_with(' ') {
                out.push(' ');
            }
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// `words_of` for ASCII (most labels and titles), byte by byte with no Unicode tables.
fn ascii_words_of(label: &str) -> String {
    let mut out = Vec::with_capacity(label.len() * 2 + 2);
    out.push(b' ');
    let mut prev_lower = false;
    for &b in label.as_bytes() {
        if b.is_ascii_alphanumeric() {
            if b.is_ascii_uppercase() && prev_lower {
                out.push(b' ');
            }
            prev_lower = b.is_ascii_lowercase();
            out.push(b.to_ascii_lowercase());
        } else {
            prev_lower = false;
            if out.last() != Some(&b' ') {
                out.push(b' ');
            }
        }
    }
    if out.last() != Some(&b' ') {
        out.push(b' ');
    }
    String::from_utf8(out).expect("ASCII in, ASCII out")
}

#[cfg(test)]
mod tests {
    use super::*;
    use EmploymentType::*;

    #[test]
    fn phrases_are_in_order_of_first_byte() {
        assert!(PHRASES.is_sorted_by_key(|(p, _)| p.as_bytes()[0]));
    }

    proptest::proptest! {
        /// The ASCII path splits words exactly as the general one does.
        #[test]
        fn ascii_words_as_the_general_path_splits_them(label in "[ -~]{0,40}") {
            proptest::prop_assert_eq!(ascii_words_of(&label), any_words_of(&label));
        }
    }

    #[test]
    fn labels() {
        assert_eq!(employment_types("Part-time"), vec![PartTime]);
        assert_eq!(employment_types("PART_TIME"), vec![PartTime]);
        assert_eq!(employment_types("PartTime"), vec![PartTime]);
        assert_eq!(employment_types("full_time"), vec![FullTime]);
        assert_eq!(employment_types("Short Term"), vec![Temporary]);
        assert_eq!(employment_types("Permanent"), vec![FullTime]);
        assert_eq!(
            employment_types("Full-time or Part-time"),
            vec![FullTime, PartTime]
        );
        assert_eq!(employment_types("Contractor"), vec![Contract]);
        assert_eq!(employment_types("parttime_permanent"), vec![PartTime]);
        assert_eq!(employment_types("Part-time, Regular"), vec![PartTime]);
        assert_eq!(employment_types("Intern"), vec![Internship]);
        assert_eq!(employment_types("Important"), vec![]);
        // German labels (Arbeitnow, German company boards).
        assert_eq!(employment_types("Vollzeit"), vec![FullTime]);
        assert_eq!(employment_types("Teilzeit"), vec![PartTime]);
        assert_eq!(employment_types("Praktikum"), vec![Internship]);
        assert_eq!(employment_types("befristet"), vec![Temporary]);
        assert_eq!(employment_types("Werkstudent (m/w/d)"), vec![Internship]);
    }

    #[test]
    fn job_types_stated_in_text() {
        for (text, want) in [
            ("Job Type: Part-time Pay: $18 per hour", vec![PartTime]),
            ("Employment type: Full-time\n\nAbout us", vec![FullTime]),
            ("Schedule: Full-time Temporary", vec![FullTime, Temporary]),
            ("Status: FT", vec![FullTime]),
            ("Employment Type\n\nPart-Time\n\nCity", vec![PartTime]),
            ("Full Time or Part Time? Full Time", vec![FullTime]),
            (
                "Classification: Level 2 / Non-Exempt / Full Time / Benefited",
                vec![FullTime],
            ),
            ("This is a temporary position through May.", vec![Temporary]),
            ("We are seeking a full-time Secretary I.", vec![FullTime]),
            ("Must be available to work full time.", vec![FullTime]),
            (
                "Part-time and full-time positions available.",
                vec![FullTime, PartTime],
            ),
            (
                "This position is both part time (up to 29 hrs.) and full-time (32-40 hrs.)",
                vec![FullTime, PartTime],
            ),
            ("$18.50 per hour Temp to Hire", vec![Temporary]),
            ("This is a fully remote temp-to-perm role.", vec![Temporary]),
            ("Contract, 9 months", vec![Contract]),
            (
                "TERMS OF EMPLOYMENT: Nine-month (187-day) contract.",
                vec![Contract],
            ),
            ("Job Type: Contract", vec![Contract]),
            (
                "A 3 month summer internship at our Fremont facility.",
                vec![Seasonal, Internship],
            ),
            ("This is a paid internship.", vec![Internship]),
            ("Med Surg RN (per diem) -- Las Vegas", vec![PerDiem]),
            ("Position Shift: Day Shift / PRN", vec![PerDiem]),
            ("This is a seasonal position.", vec![Seasonal]),
            (
                "This is a full-time; benefits eligible position.",
                vec![FullTime],
            ),
            (
                "We are looking for a full-time self-sufficient multi-tasker.",
                vec![FullTime],
            ),
            (
                "Immediate openings for full-time and part-time receptionists.",
                vec![FullTime, PartTime],
            ),
            (
                "If you are looking for part time or full time work, apply.",
                vec![FullTime, PartTime],
            ),
            ("Start part time or full time.", vec![FullTime, PartTime]),
            (
                "Job Type: Permanent full-timeJob description",
                vec![FullTime],
            ),
            (
                "Status: Non-Exempt, Full-TimeSalary: $16.00",
                vec![FullTime],
            ),
            (
                "Title: Controls EngineerDuration: Long term contract / Permanent",
                vec![Contract],
            ),
            (
                "RN First Assist- Surgery, Full-time (Hours: Variable)",
                vec![FullTime],
            ),
        ] {
            assert_eq!(from_text(text), want, "{text}");
        }
    }

    #[test]
    fn type_words_about_other_things() {
        for text in [
            "Benefits for full-time employees include dental.",
            "Three (3) years of full-time office work.",
            "Must be authorized to work in the US on a full-time basis.",
            "Currently enrolled full-time in a degree program.",
            "Engage temporary employment agencies for warehouse positions.",
            "Contract administration and vendor contract management.",
            "We are a general contractor.",
            "This document does not create an employment contract.",
            "Entitled to lodging and per diem reimbursements.",
            "A previous Public Relations internship is a plus.",
            "Volunteer and/or internship experience with organizing.",
            "Supervises Project Management Interns.",
            "Paid volunteer hours and volunteer opportunities.",
            "Seasonal company events and holiday parties.",
            "Whether your position is full-time, part-time or intermittent.",
            "Schedule: Monday to Friday",
            "Employment type: Other",
            "A benefits program for full-time employees.",
            "We are looking for full-time employees to refer us.",
            "An agency that specializes in direct-hire placements, temporary, temp-2-hire and contract employment.",
            "PTO and FTE reports.",
        ] {
            assert_eq!(from_text(text), vec![], "{text}");
        }
    }

    #[test]
    fn workplaces() {
        assert_eq!(workplace("hybrid"), Workplace::Hybrid);
        assert_eq!(workplace("Remote"), Workplace::Remote);
        assert_eq!(workplace("on-site"), Workplace::Onsite);
        assert_eq!(workplace("unspecified"), Workplace::Unknown);
    }
}
