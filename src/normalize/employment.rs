//! Employment type and workplace from the labels sources use ("Part-time", "PART_TIME",
//! "PartTime", "Short Term", "Teilzeit", "hybrid", "On-site").

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
    fn workplaces() {
        assert_eq!(workplace("hybrid"), Workplace::Hybrid);
        assert_eq!(workplace("Remote"), Workplace::Remote);
        assert_eq!(workplace("on-site"), Workplace::Onsite);
        assert_eq!(workplace("unspecified"), Workplace::Unknown);
    }
}
