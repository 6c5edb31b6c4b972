//! The tagger's decisions on invented text, one test per kind of decision.

use super::*;
use crate::posting::{EmploymentType, Workplace};

fn tags(title: &str, desc: &str) -> Vec<String> {
    Tagger::builtin().tags_of_text(title, desc)
}

#[test]
fn fires_on_phrases_case_insensitively() {
    assert_eq!(tags("Live Chat Agent", ""), vec!["chat"]);
    assert_eq!(
        tags("CSR", "Working the Overnight shift."),
        vec!["overnight"]
    );
    assert_eq!(tags("IT Help Desk Analyst", ""), vec!["helpdesk"]);
    assert_eq!(
        tags("Holiday Associate", "Join us this holiday season"),
        vec!["holiday", "seasonal"],
        "holiday hiring implies seasonal"
    );
}

#[test]
fn exclusions_and_negations_veto() {
    assert!(tags("Cashier", "Benefits: paid holidays and holiday pay.").is_empty());
    assert!(tags("Agent", "Questions? Chat with us anytime.").is_empty());
    assert!(tags("Driver", "Occasional overnight travel required.").is_empty());
    assert!(tags("Rep", "Travel, including overnights, up to 50%.").is_empty());
    assert!(tags("Clerk", "Day shift only, never overnight.").is_empty());
    assert!(tags("Clerk", "There is no night shift.").is_empty());
    assert!(tags("Clerk", "This is not an entry level position.").is_empty());
    assert!(tags("Clerk", "Remote work is not an option.").is_empty());
    assert!(tags("Clerk", "Apply by Sunday, April 9 at noon.").is_empty());
    assert!(tags("Clerk", "No weekends!").is_empty());
}

#[test]
fn negation_stays_in_its_clause() {
    assert_eq!(
        tags("Clerk", "No experience needed. Weekends required."),
        vec!["weekend", "entry-level"]
    );
}

#[test]
fn whole_words_only() {
    assert!(tags("Chatbot trainer", "chatter, overnighter, managed").is_empty());
}

#[test]
fn templates_fill_phrases() {
    assert_eq!(
        tags("Agent", "Fluent in Spanish and English."),
        vec!["bilingual"]
    );
    assert_eq!(
        tags("Analyst", "0-2 years of experience."),
        vec!["entry-level"]
    );
}

#[test]
fn fields_imply_tags_and_explain_says_why() {
    let mut p = Posting::new("x", "1", chrono::Utc::now());
    p.title = "Night shift help desk".into();
    p.workplace = Workplace::Remote;
    let hits = Tagger::builtin().explain(&p);
    let why: Vec<(&str, &str)> = hits
        .iter()
        .map(|h| (h.tag.as_str(), h.because.as_str()))
        .collect();
    assert_eq!(
        why,
        [
            ("overnight", "\"night shift\""),
            ("helpdesk", "\"help desk\""),
            ("remote", "field workplace=remote")
        ]
    );
}

#[test]
fn overrides_replace_or_add() {
    let t = Tagger::with_overrides(vec![TagRule {
        name: "forklift".into(),
        definition: "Drives a forklift".into(),
        phrases: vec!["forklift".into()],
        ..TagRule::default()
    }])
    .unwrap();
    assert_eq!(t.tags_of_text("Forklift operator", ""), vec!["forklift"]);
    let bad = Tagger::with_overrides(vec![TagRule {
        name: "x".into(),
        definition: "d".into(),
        shapes: vec!["nope".into()],
        ..TagRule::default()
    }]);
    assert!(bad.is_err());
    // Refused when the config is checked, before any tagger is built.
    let empty = TagRule {
        name: "blank".into(),
        definition: "d".into(),
        phrases: vec!["chat".into(), " ".into()],
        ..TagRule::default()
    };
    let err = Tagger::check_rules(std::slice::from_ref(&empty)).unwrap_err();
    assert!(err.to_string().contains("empty phrase"), "{err}");
}

/// A tag rule of a config, with `phrases`.
fn rule(name: &str, phrases: &[&str]) -> TagRule {
    TagRule {
        name: name.into(),
        definition: "mine".into(),
        phrases: phrases.iter().map(|p| p.to_string()).collect(),
        ..TagRule::default()
    }
}

#[test]
fn replaced_tags_keep_the_fields_of_the_builtin_rules() {
    let mut p = Posting::new("x", "1", chrono::Utc::now());
    p.title = "Agent".into();
    p.description = "Fully remote, work from home. Hiring for the holiday season.".into();
    let builtin = Tagger::builtin().tag(&p, false);
    assert_eq!(builtin.tags, ["holiday", "remote", "seasonal"]);
    let fields = [
        FieldValue::Workplace(Workplace::Remote),
        FieldValue::EmploymentType(EmploymentType::Seasonal),
    ];
    assert_eq!(builtin.sets, fields);
    let replaced = ["remote", "seasonal", "holiday"].map(|n| rule(n, &["telework"]));
    let after = Tagger::with_overrides(replaced.to_vec())
        .unwrap()
        .tag(&p, true);
    assert!(after.tags.is_empty(), "{:?}", after.tags);
    assert!(after.hits.is_empty());
    assert_eq!(after.sets, fields);
    // `holiday` alone: the built-in `holiday` still leads to `seasonal`'s job type,
    // though neither tag fires.
    let only_holiday = Tagger::with_overrides(vec![rule("holiday", &["yuletide"])]).unwrap();
    let after = only_holiday.tag(&p, false);
    assert_eq!(after.tags, ["remote"]);
    assert_eq!(after.sets, fields);
    // A tag of the config's own that implies `remote` tags it, and sets nothing.
    let mut own = rule("telework", &["telework"]);
    own.implies = vec!["remote".into()];
    p.description = "Telework.".into();
    let after = Tagger::with_overrides(vec![own]).unwrap().tag(&p, false);
    assert_eq!(after.tags, ["remote", "telework"]);
    assert!(after.sets.is_empty());
}

#[test]
fn sets_are_refused_in_a_config() {
    let mut own = rule("telework", &["telework"]);
    own.sets = vec!["workplace=remote".into()];
    let err = Tagger::check_rules(std::slice::from_ref(&own)).unwrap_err();
    assert!(
        err.to_string().contains("`sets` is for the built-in"),
        "{err}"
    );
    assert!(Tagger::with_overrides(vec![own]).is_err());
    let mut rules = builtin_rules();
    rules[0].sets = vec!["workplace=moon".into()];
    let err = Tagger::new(rules)
        .err()
        .expect("an unknown value is refused");
    assert!(err.to_string().contains("unknown field to set"), "{err}");
}

#[test]
fn every_builtin_tag_has_a_definition() {
    for r in Tagger::builtin().rules() {
        assert!(!r.definition.is_empty(), "{}", r.name);
    }
    assert_eq!(Tagger::builtin().rules().len(), 11);
}

/// Issue 17, kind 1: the word in another sense.
#[test]
fn words_in_another_sense() {
    assert!(tags("Manager", "Change won't happen overnight.").is_empty());
    assert!(tags("Rep", "Some overnight travel to client sites.").is_empty());
    assert!(tags("Clerk", "Ship samples by overnight FedEx.").is_empty());
    assert!(tags("Cook", "Prepare seasonal dishes from local produce.").is_empty());
    assert!(tags("Designer", "Create seasonal materials for stores.").is_empty());
    assert!(tags(
        "Event Lead",
        "Staff the service desk at our trade show booth."
    )
    .is_empty());
    assert!(tags(
        "Analyst",
        "Entry level experience with SQL helpful; 3+ years."
    )
    .is_empty());
}

/// Kind 2: about someone else than this job.
#[test]
fn phrases_about_other_teams_or_people() {
    assert!(tags(
        "Network Engineer",
        "Partner with the IT helpdesk on rollouts."
    )
    .is_empty());
    assert!(tags(
        "Software Developer",
        "Build tooling for the call, email and chat channels."
    )
    .is_empty());
    assert!(tags(
        "Sales Lead",
        "Benefits for full-time, part-time and seasonal employees may differ."
    )
    .is_empty());
}

/// Kind 3: weak evidence alone does not fire; strong evidence stands alone.
#[test]
fn weak_phrases_need_support() {
    assert!(tags(
        "Infrastructure Engineer",
        "Own our stack: network, hardware, software."
    )
    .is_empty());
    assert!(tags(
        "Data Engineer",
        "Pipelines that feed end user support dashboards."
    )
    .is_empty());
    assert_eq!(
        tags("IT Specialist", "Install printers."),
        ["helpdesk"],
        "a weak phrase in the title counts"
    );
    assert_eq!(
        tags("Analyst", "You will provide end user support for laptops."),
        ["helpdesk"],
        "a weak phrase in a duty sentence counts"
    );
    assert_eq!(tags("Help Desk Technician", ""), ["helpdesk"]);
    assert_eq!(tags("Stocker", "Third shift 11pm-7am."), ["overnight"]);
}

/// Kind 4: lists and fields.
#[test]
fn lists_and_fields() {
    for d in [
        "Handle phones, emails, social, chat, etc.",
        "Reply to customers by emails and/or chat.",
        "Support members by call, chat and secure messaging.",
    ] {
        assert_eq!(tags("Care Agent", d), ["chat"], "{d}");
    }
    assert_eq!(
        tags("Agent", "Speak, read and write Spanish."),
        ["bilingual"]
    );
    assert_eq!(
        tags("Agent", "Language:\nSpanish (Preferred)"),
        ["bilingual"]
    );
    assert_eq!(
        tags("Clerk", "Shifts including nights, weekends and holidays."),
        ["weekend"]
    );
}

/// Kind 5: other words for the same thing.
#[test]
fn other_words_for_the_same_thing() {
    for d in [
        "You can work it all from home.",
        "Help customers from the comfort of your own home.",
        "We are open to remote candidates.",
    ] {
        assert_eq!(tags("Agent", d), ["remote"], "{d}");
    }
    assert_eq!(
        tags("Agent", "Locations: Austin, TX; Remote"),
        ["remote"],
        "Remote listed among cities"
    );
    assert_eq!(
        tags(
            "Agent",
            "Experience preferred, but we are willing to train."
        ),
        ["entry-level"]
    );
    for d in [
        "A bachelor's is preferred, not required.",
        "A degree can help but isn't necessary.",
        "Graduated from high school or the equivalent.",
    ] {
        assert_eq!(tags("Agent", d), ["no-degree"], "{d}");
    }
    assert_eq!(
        tags(
            "Support Rep",
            "Technical support of customers; remotely access their computers to troubleshoot."
        ),
        ["helpdesk"]
    );
}

/// Kind 6: titles carry tags.
#[test]
fn titles_carry_tags() {
    assert_eq!(tags("PT Sales Associate", ""), ["part-time"]);
    assert_eq!(
        tags("Virtual Customer Service Representative", ""),
        ["remote"]
    );
    assert_eq!(tags("Spanish Interpreter", ""), ["bilingual"]);
    assert_eq!(tags("Translator", ""), ["bilingual"]);
    assert_eq!(tags("Summer Intern", ""), ["seasonal", "entry-level"]);
}

/// Kind 7: negation and qualification.
#[test]
fn negation_and_qualification() {
    assert!(tags("Clerk", "This job won't require you to work weekends.").is_empty());
    assert!(tags("Clerk", "We don't work weekends.").is_empty());
    assert!(tags("Clerk", "No nights, weekends or holidays.").is_empty());
    assert!(tags(
        "Clerk",
        "Remote Position? No\nFull Time or Part Time? Full Time"
    )
    .is_empty());
    assert!(tags(
        "Scientist",
        "3 years of full-time, or equivalent part-time, experience."
    )
    .is_empty());
    assert!(tags("Clerk", "Working from home until we reopen the office.").is_empty());
    assert_eq!(
        tags("Clerk", "No experience required and never any fees."),
        ["entry-level"]
    );
}

/// Kind 8: flattened text.
#[test]
fn flattened_text() {
    assert_eq!(
        tags("Clerk", "High school diploma0-2 years of experience"),
        ["entry-level", "no-degree"]
    );
    assert_eq!(tags("Clerk", "HIRING NOWPART TIME"), ["part-time"]);
    assert_eq!(
        tags("Clerk", "No experience requiredTravel is weekends"),
        ["weekend", "entry-level"],
        "the negation stops at the glued sentence"
    );
}

/// The traps the definitions name.
#[test]
fn definitions_traps() {
    for d in [
        "Benefits: paid holidays.",
        "We are a 24/7 business.",
        "Questions? Chat with us.",
        "We use Slack chat channels every day.",
        "Support for remote sites.",
        "Occasional overnight travel.",
        "Success doesn't come overnight.",
    ] {
        assert!(tags("Clerk", d).is_empty(), "{d}: {:?}", tags("Clerk", d));
    }
}

/// `--explain` names a phrase seen and overruled, and what overruled it.
#[test]
fn explain_names_overruled_phrases() {
    let mut p = Posting::new("x", "1", chrono::Utc::now());
    p.title = "Clerk".into();
    p.description = "Remote Position? No. Benefits: paid holidays.".into();
    let hits = Tagger::builtin().explain(&p);
    let remote = hits
        .iter()
        .find(|h| h.tag == "remote")
        .expect("remote seen");
    assert_eq!(remote.because, "\"remote position\"");
    assert_eq!(remote.sentence.as_deref(), Some("Remote Position"));
    assert_eq!(
        remote.overruled_by.as_deref(),
        Some("the answer the text gives")
    );
    let holiday = hits.iter().find(|h| h.tag == "holiday");
    assert!(holiday.is_none(), "no holiday phrase was seen: {hits:?}");
}
