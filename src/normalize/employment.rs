//! Employment type and workplace from the labels sources use ("Part-time", "PART_TIME",
//! "PartTime", "Short Term", "Teilzeit", "hybrid", "On-site").

use crate::posting::{EmploymentType, Workplace};

/// Employment types named by a label; several may apply ("Full-time or Part-time").
pub fn employment_types(label: &str) -> Vec<EmploymentType> {
    let words = words_of(label);
    // A label is a few words: comparing at each word start is cheaper than a substring search
    // per phrase. `words` ends with a space, so a phrase that fits ends before one.
    let starts: Vec<&str> = words
        .match_indices(' ')
        .map(|(at, _)| &words[at + 1..])
        .collect();
    let has = |phrase: &str| {
        starts
            .iter()
            .any(|rest| rest.starts_with(phrase) && rest[phrase.len()..].starts_with(' '))
    };
    let mut out = Vec::new();
    let mut add = |t| {
        if !out.contains(&t) {
            out.push(t)
        }
    };
    let part_time = has("part time") || has("parttime") || has("pt") || has("teilzeit");
    // "Permanent" and "regular" say how long, not how many hours: they only mean full-time
    // when nothing says part-time ("Part-time, permanent").
    let lasting = (has("permanent") || has("regular")) && !part_time;
    if has("full time") || has("fulltime") || has("ft") || has("vollzeit") || lasting {
        add(EmploymentType::FullTime);
    }
    if part_time {
        add(EmploymentType::PartTime);
    }
    if has("contract") || has("contractor") || has("freelance") || has("freelancer") {
        add(EmploymentType::Contract);
    }
    if has("temporary") || has("temp") || has("short term") || has("fixed term") || has("befristet")
    {
        add(EmploymentType::Temporary);
    }
    if has("seasonal") {
        add(EmploymentType::Seasonal);
    }
    if has("intern")
        || has("internship")
        || has("werkstudent")
        || has("working student")
        || has("praktikum")
    {
        add(EmploymentType::Internship);
    }
    if has("volunteer") {
        add(EmploymentType::Volunteer);
    }
    if has("per diem") || has("prn") {
        add(EmploymentType::PerDiem);
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
