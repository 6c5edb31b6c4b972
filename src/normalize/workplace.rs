//! Workplace from what an ad states: remote, hybrid or on-site, read the way a person
//! reads it. A label's value ("Work Remotely: No", "Location: Remote", "Work Format:
//! Hybrid") or a negation ("This is not a remote position", "not eligible for remote work")
//! settles it; then the title ("Support Agent (Remote)"); then the first statement about the
//! job in the text ("This is a fully remote role", "hybrid, 3 days from home", "Full-time,
//! on-site in our office"). Words about other things are not statements: "remote sites",
//! "remote support", "on-site parking", "hybrid cloud", "in-person interviews".

use super::keywords::{whole_word, Hit, Key, Scan};
use crate::posting::Workplace;

/// The workplace `title` and `text` state, if any.
pub fn from_text(title: &str, text: &str) -> Option<Workplace> {
    from_scan(title, &Scan::new(text))
}

/// `from_text` on a description already scanned.
pub fn from_scan(title: &str, scan: &Scan) -> Option<Workplace> {
    let mut first: Option<Workplace> = None;
    for hit in &scan.hits {
        if let Some(w) = settled(scan, hit) {
            return Some(w);
        }
        if first.is_none() {
            first = statement(scan, hit);
        }
    }
    in_title(title).or(first)
}

/// A label's value or a negation: what settles the workplace wherever it is. "Work
/// Location: Fully Remote", "Work Format: Hybrid", "LOCATION -- Virtual"; "Work Remotely:
/// No", "Work From Home: Ineligible", "Hybrid Work Eligible: No"; "not a remote position".
fn settled(scan: &Scan, hit: &Hit) -> Option<Workplace> {
    // The word is a label whose value says yes or no.
    let eligible = || {
        let rest = scan.lower[hit.end..].trim_start();
        let skipped = scan.lower.len() - hit.end - rest.len();
        rest.strip_prefix("work eligible")
            .and_then(|_| scan.value_after(hit.end + skipped + "work eligible".len()))
    };
    if let Some(v) = scan.value_after(hit.end).or_else(eligible) {
        let yes = matches!(v, "yes" | "eligible" | "available" | "y");
        let no = matches!(v, "no" | "ineligible" | "not" | "none" | "n");
        return match hit.key {
            Key::Remote | Key::Remotely | Key::FromHome | Key::Telework if yes => {
                Some(Workplace::Remote)
            }
            Key::Remote | Key::Remotely | Key::FromHome | Key::Telework | Key::Hybrid if no => {
                Some(Workplace::Onsite)
            }
            _ => None,
        };
    }
    // The word is a workplace label's value.
    let label = scan.label_of(hit.start).unwrap_or("");
    let workplace_label = label.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| {
        matches!(
            w,
            "location"
                | "locations"
                | "workplace"
                | "format"
                | "modality"
                | "arrangements"
                | "arrangement"
                | "setting"
        )
    });
    if workplace_label {
        let w = match hit.key {
            Key::Remote
            | Key::Remotely
            | Key::FromHome
            | Key::HomeBased
            | Key::Telework
            | Key::Virtual => Workplace::Remote,
            Key::Hybrid => Workplace::Hybrid,
            Key::OnSite | Key::InOffice | Key::InPerson => Workplace::Onsite,
            _ => return None,
        };
        return Some(w);
    }
    match hit.key {
        Key::Remote | Key::Remotely | Key::Telework | Key::FromHome => {
            negated_remote(scan, hit).then_some(Workplace::Onsite)
        }
        _ => None,
    }
}

/// "not a remote position", "not eligible for remote work", "not approved for remote work",
/// "remote work not considered", "no remote".
fn negated_remote(scan: &Scan, hit: &Hit) -> bool {
    // "not a full-time telework position": a "not" a few words back.
    let before = scan.words_before(hit.start, 4);
    let after = scan.words_after(hit.end, 3);
    let not = |w: &&str| {
        matches!(
            *w,
            "not" | "no" | "non" | "never" | "cannot" | "isn" | "ineligible"
        )
    };
    // After it, only a "not" of its own clause: "remote work not considered", not "work
    // from home, you do not need to go out".
    let mut own = after
        .iter()
        .take(3)
        .take_while(|w| !matches!(**w, "you" | "we" | "they" | "i" | "he" | "she" | "it"));
    before.iter().take_while(|w| **w != "but").any(not) || own.any(not) && !after.contains(&"only")
}

/// The workplace in a title: "(Remote)", "- Remote", "Remote Support Agent", "(Home Based)",
/// "Work at Home", "Hybrid", "On-site". Not "Office Assistant": a title's "office" is the
/// work, not where it is.
fn in_title(title: &str) -> Option<Workplace> {
    let lower = title.to_ascii_lowercase();
    let b = lower.as_bytes();
    // Hybrid before remote before on-site, wherever each stands in the title.
    TITLE_WORDS
        .find_overlapping_iter(&lower)
        .filter(|m| whole_word(b, m.start(), m.end()))
        .map(|m| TITLE_PLACES[m.pattern().as_usize()].1)
        .min_by_key(|w| match w {
            Workplace::Hybrid => 0,
            Workplace::Remote => 1,
            _ => 2,
        })
}

/// The words a title states its workplace with.
const TITLE_PLACES: [(&str, Workplace); 12] = [
    ("hybrid", Workplace::Hybrid),
    ("remote", Workplace::Remote),
    ("home based", Workplace::Remote),
    ("home-based", Workplace::Remote),
    ("work from home", Workplace::Remote),
    ("work at home", Workplace::Remote),
    ("at home", Workplace::Remote),
    ("telecommute", Workplace::Remote),
    ("wfh", Workplace::Remote),
    ("on-site", Workplace::Onsite),
    ("onsite", Workplace::Onsite),
    ("on site", Workplace::Onsite),
];

/// One automaton for every title word, built once: a title is searched once, not once
/// per word.
static TITLE_WORDS: std::sync::LazyLock<aho_corasick::AhoCorasick> =
    std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::new(TITLE_PLACES.iter().map(|(w, _)| w))
            .expect("title words build an automaton")
    });

/// A statement of the job's workplace at `hit`, if the words around it make it one.
fn statement(scan: &Scan, hit: &Hit) -> Option<Workplace> {
    let after = scan.words_after(hit.end, 3);
    let before = scan.words_before(hit.start, 3);
    let next = after.first().copied().unwrap_or("");
    let prev = before.first().copied().unwrap_or("");
    match hit.key {
        Key::Remote => {
            // "remote sites", "remote support", "remote users": what the work reaches.
            if remote_object(next)
                || after
                    .get(1)
                    .is_some_and(|w| remote_object(w) && !is_job_word(next))
            {
                return None;
            }
            // "remote work on Fridays", "1 day remote": some days only.
            if after.iter().chain(before.iter()).any(|w| weekday(w)) {
                return Some(Workplace::Hybrid);
            }
            let job = is_job_word(next)
                || matches!(
                    next,
                    "first" | "based" | "us" | "usa" | "united" | "anywhere"
                );
            let whole = matches!(
                prev,
                "fully"
                    | "100%"
                    | "100"
                    | "entirely"
                    | "completely"
                    | "a"
                    | "is"
                    | "be"
                    | "to"
                    | "our"
            ) || before.contains(&"entirely");
            // "Remote (EU only)", "Remote - US": a clause that opens with it.
            let heads = prev.is_empty() && scan.lower[hit.end..].starts_with([' ', ',']) && {
                let rest = scan.lower[hit.end..].trim_start_matches([' ', ',']);
                rest.starts_with(['(', '-', '\u{2013}'])
            };
            (job || whole || heads || next.is_empty()).then_some(Workplace::Remote)
        }
        Key::Remotely => {
            let working = matches!(
                prev,
                "work" | "working" | "based" | "done" | "performed" | "hiring"
            );
            (working && !matches!(next, "as" | "when")).then_some(Workplace::Remote)
        }
        Key::FromHome => {
            // "You can do it all from home": the work done there.
            let working = matches!(prev, "work" | "working" | "done" | "remotely" | "performed")
                || before.iter().any(|w| matches!(*w, "do" | "done"));
            (working && !remote_object(next)).then_some(Workplace::Remote)
        }
        Key::HomeBased => (!remote_object(next)).then_some(Workplace::Remote),
        Key::Telework => {
            (is_job_word(next) || matches!(prev, "a" | "full" | "is")).then_some(Workplace::Remote)
        }
        Key::Hybrid => {
            // "hybrid cloud", "Hybrid Retirement Plan", "Hybrid Businesses".
            let work = next.is_empty()
                || matches!(
                    next,
                    "work"
                        | "working"
                        | "workplace"
                        | "schedule"
                        | "environment"
                        | "model"
                        | "arrangement"
                        | "basis"
                        | "role"
                        | "position"
                        | "job"
                        | "opportunity"
                        | "twice"
                        | "with"
                        | "partially"
                        | "in"
                        | "3"
                        | "2"
                        | "4"
                        | "1"
                )
                || matches!(prev, "is" | "currently" | "be");
            (work && !matches!(next, "cloud" | "retirement" | "plan")).then_some(Workplace::Hybrid)
        }
        Key::OnSite | Key::InOffice | Key::InPerson => {
            // "on-site position", "This position is on-site in Coronado", "on-site
            // attendance is required", "a full-time, IN OFFICE role".
            let job = is_job_word(next)
                || matches!(
                    next,
                    "attendance" | "presence" | "work" | "in" | "at" | "daily" | "only"
                )
                || after.iter().take(2).any(|w| is_job_word(w));
            let said = matches!(prev, "is" | "be" | "being" | "work" | "requires" | "fully" | "remain" | "time")
                // "going back to 'in-person'", "return to office".
                || prev == "to" && before.iter().any(|w| matches!(*w, "back" | "return" | "returning"));
            // "offices on campus", "on-site support": where something else is.
            let other = prev == "offices"
                || matches!(
                    next,
                    "support"
                        | "visits"
                        | "visit"
                        | "inspections"
                        | "parking"
                        | "gym"
                        | "fitness"
                        | "events"
                        | "social"
                        | "guests"
                        | "staff"
                        | "management"
                        | "production"
                        | "health"
                        | "interviews"
                        | "interview"
                        | "training"
                        | "and"
                        | "or"
                );
            if !(job || said) || other {
                return None;
            }
            // "in office Mon-Thurs and remote on Fridays": some days each.
            let later = scan.words_after(hit.end, 8);
            if later
                .iter()
                .any(|w| matches!(*w, "remote" | "remotely" | "home"))
            {
                Some(Workplace::Hybrid)
            } else {
                Some(Workplace::Onsite)
            }
        }
        _ => None,
    }
}

/// A day of the week, or "day(s)": "remote on Fridays", "1 day remote".
fn weekday(w: &str) -> bool {
    matches!(
        w,
        "monday"
            | "mondays"
            | "tuesday"
            | "tuesdays"
            | "wednesday"
            | "wednesdays"
            | "thursday"
            | "thursdays"
            | "friday"
            | "fridays"
            | "day"
            | "days"
            | "mon"
            | "fri"
    )
}

/// Nouns a job's workplace word describes: "remote position", "hybrid role".
fn is_job_word(w: &str) -> bool {
    matches!(
        w,
        "position"
            | "role"
            | "job"
            | "opportunity"
            | "work"
            | "working"
            | "team"
            | "organization"
            | "company"
            | "employee"
            | "employees"
            | "contact"
            | "setting"
    )
}

/// What a remote word describes when it is not the job's workplace: "remote sites",
/// "remote support", "remote access", "remote users".
fn remote_object(w: &str) -> bool {
    matches!(
        w,
        "sites"
            | "site"
            | "locations"
            | "location"
            | "offices"
            | "office"
            | "users"
            | "user"
            | "support"
            | "access"
            | "connection"
            | "connections"
            | "meetings"
            | "meeting"
            | "capture"
            | "settings"
            | "workforce"
            | "developers"
            | "challenges"
            | "control"
            | "monitoring"
            | "areas"
            | "desktop"
            | "assistance"
            | "troubleshooting"
            | "diagnostics"
            | "teams"
            | "learning"
            | "deposit"
            | "deposits"
            | "technicians"
            | "customers"
            | "clients"
            | "stipend"
            | "friendly"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use Workplace::*;

    fn read(title: &str, text: &str) -> Option<Workplace> {
        from_text(title, text)
    }

    /// Title, text and the workplace they state.
    const STATED: &[(&str, &str, Option<Workplace>)] = &[
        (
            "Agent",
            "Full-time, on-site in our office in Austin.",
            Some(Onsite),
        ),
        (
            "Agent",
            "This position is on-site in Coronado, CA.",
            Some(Onsite),
        ),
        (
            "Agent",
            "This is a full-time, IN OFFICE role based in Portland.",
            Some(Onsite),
        ),
        ("Agent", "Work Location: Fully Remote", Some(Remote)),
        ("Agent", "Work Remotely: Yes", Some(Remote)),
        ("Agent", "Work Remotely: No", Some(Onsite)),
        ("Agent", "Work From Home: Ineligible", Some(Onsite)),
        ("Agent", "Location: Remote (EU only)", Some(Remote)),
        ("Agent", "LOCATION -- Virtual, Ohio", Some(Remote)),
        ("Agent", "Remote (EU only). We answer chats.", Some(Remote)),
        (
            "Agent",
            "This is a remote position reporting to the director.",
            Some(Remote),
        ),
        (
            "Agent",
            "You can work remotely from any US location.",
            Some(Remote),
        ),
        (
            "Agent",
            "Our team is hybrid, 3 days from home.",
            Some(Hybrid),
        ),
        (
            "Agent",
            "The position is currently hybrid (4 days in office, 1 day remote).",
            Some(Hybrid),
        ),
        (
            "Agent",
            "The role is in office Mon-Thurs and remote on Fridays.",
            Some(Hybrid),
        ),
        (
            "Agent",
            "Work Format: Hybrid (partially on-site, partially remote)",
            Some(Hybrid),
        ),
        (
            "Agent",
            "THIS IS NOT A REMOTE POSITION. Claims processing.",
            Some(Onsite),
        ),
        (
            "Agent",
            "This position is not eligible for remote work.",
            Some(Onsite),
        ),
        (
            "Agent",
            "Requires being onsite - remote work not considered.",
            Some(Onsite),
        ),
        ("Support Agent (Remote)", "We answer chats.", Some(Remote)),
        (
            "Development Director (Home Based)",
            "Fundraising.",
            Some(Remote),
        ),
        (
            "Agent",
            "You can do it all from home, in your free time.",
            Some(Remote),
        ),
        (
            "Agent",
            "You can do all the work from home, you do not need to go out.",
            Some(Remote),
        ),
        ("Make Easy Money at Home", "Sign people up.", Some(Remote)),
        ("Agent", "Skills listedRemote work available", Some(Remote)),
        ("Agent", "Work from homemake money", None),
    ];

    #[test]
    fn workplaces_stated_in_text() {
        for &(title, text, want) in STATED {
            assert_eq!(read(title, text), want, "{title}: {text}");
        }
    }

    #[test]
    fn workplace_words_about_other_things() {
        for text in [
            "Troubleshoot remote sites and support remote users.",
            "Provide remote support and on-site support to clients.",
            "Free on-site parking and an on-site fitness center.",
            "We operate in a private and hybrid cloud environment.",
            "Virginia Retirement System Hybrid Retirement Plan.",
            "In-person interviews will be held in May.",
            "Leads a team of remote software developers.",
        ] {
            assert_eq!(read("Office Assistant", text), None, "{text}");
        }
    }
}
