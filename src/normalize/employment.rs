//! Employment type and workplace from the labels sources use ("Part-time", "PART_TIME",
//! "PartTime", "Short Term", "Teilzeit", "hybrid", "On-site").

use crate::posting::{EmploymentType, Workplace};

/// Employment types named by a label; several may apply ("Full-time or Part-time").
pub fn employment_types(label: &str) -> Vec<EmploymentType> {
    use EmploymentType::*;
    // What each phrase says; `None` stands for "permanent" and "regular", which say how
    // long, not how many hours: they only mean full-time when nothing says part-time
    // ("Part-time, permanent").
    const PHRASES: [(&str, Option<EmploymentType>); 28] = [
        ("part time", Some(PartTime)),
        ("parttime", Some(PartTime)),
        ("pt", Some(PartTime)),
        ("teilzeit", Some(PartTime)),
        ("permanent", None),
        ("regular", None),
        ("full time", Some(FullTime)),
        ("fulltime", Some(FullTime)),
        ("ft", Some(FullTime)),
        ("vollzeit", Some(FullTime)),
        ("contract", Some(Contract)),
        ("contractor", Some(Contract)),
        ("freelance", Some(Contract)),
        ("freelancer", Some(Contract)),
        ("temporary", Some(Temporary)),
        ("temp", Some(Temporary)),
        ("short term", Some(Temporary)),
        ("fixed term", Some(Temporary)),
        ("befristet", Some(Temporary)),
        ("seasonal", Some(Seasonal)),
        ("intern", Some(Internship)),
        ("internship", Some(Internship)),
        ("werkstudent", Some(Internship)),
        ("working student", Some(Internship)),
        ("praktikum", Some(Internship)),
        ("volunteer", Some(Volunteer)),
        ("per diem", Some(PerDiem)),
        ("prn", Some(PerDiem)),
    ];
    let words = words_of(label);
    let mut out = Vec::new();
    let mut lasting = false;
    // A label is a few words: each phrase is compared at each word start, and most are
    // ruled out by their first byte. `words` ends with a space, so a phrase that fits ends
    // before one.
    for at in memchr::memchr_iter(b' ', words.as_bytes()) {
        let rest = &words[at + 1..];
        let Some(&first) = rest.as_bytes().first() else {
            break;
        };
        let fits = |phrase: &str| {
            phrase.as_bytes()[0] == first
                && rest.starts_with(phrase)
                && rest[phrase.len()..].starts_with(' ')
        };
        for (phrase, says) in PHRASES {
            if fits(phrase) {
                match says {
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
    let mut out = String::with_capacity(label.len() + 8);
    out.push(' ');
    let mut prev_lower = false;
    for c in label.chars() {
        // Most labels and titles are ASCII: byte tests, no Unicode tables.
        if let Ok(b) = u8::try_from(c) {
            if b.is_ascii_alphanumeric() {
                if b.is_ascii_uppercase() && prev_lower {
                    out.push(' ');
                }
                prev_lower = b.is_ascii_lowercase();
                out.push(char::from(b.to_ascii_lowercase()));
                continue;
            }
            if b.is_ascii() {
                prev_lower = false;
                if !out.ends_with(' ') {
                    out.push(' ');
                }
                continue;
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use EmploymentType::*;

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
