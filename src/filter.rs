//! The user's narrowing of results: query words, location, posting date, tags, and what a
//! job seeker rules out (words, companies, pay below a floor, job types, workplaces). Each
//! posting turned away says why (`Rejection`), so a run can count them in its summary.

use crate::posting::{EmploymentType, Posting, Salary, SalaryPeriod, Workplace};
use chrono::{DateTime, NaiveDate, Utc};

#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Lower-case words that must all appear in the title, company or description.
    pub query_words: Vec<String>,
    pub location: Option<String>,
    /// Postings older than this are dropped; postings with no date are kept, since
    /// dropping them would hide postings we cannot judge.
    pub since: Option<DateTime<Utc>>,
    /// Keep only postings with at least one of these tags (`--tag`).
    pub tags_any: Vec<String>,
    /// Drop postings with any of these tags (`--not-tag`).
    pub tags_none: Vec<String>,
    /// Convert pay to this period (`--pay-per`); never done unless asked.
    pub pay_per: Option<SalaryPeriod>,
    /// Words or phrases (`Words::new`) whose presence in the title or description drops a
    /// posting (`--exclude`).
    pub exclude: Vec<Words>,
    /// Companies whose postings are dropped (`--exclude-company`, a config's block list).
    pub exclude_companies: Vec<Words>,
    /// Pay below this is dropped (`--min-pay`).
    pub min_pay: Option<MinPay>,
    /// Postings that state no pay that `min_pay` can judge are dropped (`--require-pay`).
    pub require_pay: bool,
    /// Keep only postings of one of these types (`--type`); one that states none is dropped.
    pub types: Vec<EmploymentType>,
    /// Keep only postings of one of these workplaces (`--workplace`); unknown is dropped.
    pub workplaces: Vec<Workplace>,
}

/// Why a filter turned a posting away, for the summary's counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rejection {
    Query,
    Location,
    Since,
    Tag,
    Words,
    Company,
    PayBelow,
    NoPay,
    Type,
    Workplace,
}

impl Rejection {
    /// How the summary names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Rejection::Query => "query",
            Rejection::Location => "location",
            Rejection::Since => "since",
            Rejection::Tag => "tag",
            Rejection::Words => "excluded words",
            Rejection::Company => "excluded company",
            Rejection::PayBelow => "pay below the minimum",
            Rejection::NoPay => "no pay stated",
            Rejection::Type => "job type",
            Rejection::Workplace => "workplace",
        }
    }
}

/// A word or phrase matched as whole words, ignoring case and punctuation: "sales" is not
/// in "Salesforce", "robert half" is in "Robert Half International, Inc.".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words(String);

impl Words {
    /// None when `text` holds no letter or digit.
    pub fn new(text: &str) -> Option<Words> {
        let w = words_of(text);
        (w.len() > 2).then_some(Words(w))
    }

    /// Whether these words appear, whole, in `words` (made by `words_of`).
    fn within(&self, words: &str) -> bool {
        words.contains(self.0.as_str())
    }
}

/// Text as its lower-case words, each between single spaces, the first and last too.
fn words_of(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// `--exclude` values: comma-separated words or phrases.
pub fn phrases(values: &[String]) -> Vec<Words> {
    values
        .iter()
        .flat_map(|v| v.split(','))
        .filter_map(Words::new)
        .collect()
}

/// `--exclude-company` values, each one name (a comma in "Acme, Inc." is part of it).
pub fn companies(values: &[String]) -> Vec<Words> {
    values.iter().filter_map(|v| Words::new(v)).collect()
}

/// `--min-pay AMOUNT/PERIOD`: the lowest pay kept, in one period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MinPay {
    pub amount: f64,
    pub period: SalaryPeriod,
}

impl std::str::FromStr for MinPay {
    type Err = String;

    /// "25/hour", "52,000/year", "60k/year".
    fn from_str(s: &str) -> Result<MinPay, String> {
        let bad = || format!("{s:?}: --min-pay takes AMOUNT/PERIOD (25/hour, 60k/year)");
        let (amount, period) = s.split_once('/').ok_or_else(bad)?;
        let period = SalaryPeriod::from_name(period.trim()).ok_or_else(bad)?;
        let amount = amount.trim().replace(',', "");
        let (digits, scale) = match amount.strip_suffix(['k', 'K']) {
            Some(d) => (d, 1000.0),
            None => (amount.as_str(), 1.0),
        };
        let amount = digits.parse::<f64>().map_err(|_| bad())? * scale;
        if !amount.is_finite() || amount < 0.0 {
            return Err(bad());
        }
        Ok(MinPay { amount, period })
    }
}

impl MinPay {
    /// Whether `salary` reaches this floor: its top (a range that reaches the floor is
    /// kept), in this period by `--pay-per`'s conversion. None when it states no figure
    /// and period to judge by.
    fn reached_by(&self, salary: &Salary) -> Option<bool> {
        salary.period?;
        let mut s = salary.clone();
        crate::normalize::salary::convert(&mut s, self.period);
        s.max.or(s.min).map(|top| top >= self.amount)
    }
}

impl Filter {
    pub fn new(query: Option<&str>, location: Option<&str>, since: Option<DateTime<Utc>>) -> Self {
        Filter {
            query_words: query
                .unwrap_or("")
                .split_whitespace()
                .map(str::to_lowercase)
                .collect(),
            location: location
                .map(|l| l.trim().to_lowercase())
                .filter(|l| !l.is_empty()),
            since,
            ..Filter::default()
        }
    }

    /// Whether a posting passes; `query` false when the source already searched for it.
    pub fn accepts(&self, p: &Posting, query: bool) -> bool {
        self.verdict(p, query).is_ok()
    }

    /// Whether a posting passes, or the first filter that turned it away.
    pub fn verdict(&self, p: &Posting, query: bool) -> Result<(), Rejection> {
        // In order of cost: a cheap check that fails spares the text scans after it.
        let checks: [(Rejection, &dyn Fn() -> bool); 8] = [
            (Rejection::Since, &|| self.accepts_date(p)),
            (Rejection::Tag, &|| self.accepts_tags(p)),
            (Rejection::Location, &|| self.accepts_location(p)),
            (Rejection::Type, &|| self.accepts_type(p)),
            (Rejection::Workplace, &|| self.accepts_workplace(p)),
            (Rejection::Company, &|| self.accepts_company(p)),
            (Rejection::Query, &|| !query || self.accepts_query(p)),
            (Rejection::Words, &|| self.accepts_words(p)),
        ];
        match checks.iter().find(|(_, passes)| !passes()) {
            Some((why, _)) => Err(*why),
            None => self.accepts_pay(p),
        }
    }

    fn accepts_company(&self, p: &Posting) -> bool {
        if self.exclude_companies.is_empty() {
            return true;
        }
        let Some(company) = p.company.as_deref() else {
            return true;
        };
        let company = words_of(company);
        !self.exclude_companies.iter().any(|c| c.within(&company))
    }

    fn accepts_type(&self, p: &Posting) -> bool {
        self.types.is_empty() || self.types.iter().any(|t| p.employment_type.contains(t))
    }

    fn accepts_workplace(&self, p: &Posting) -> bool {
        self.workplaces.is_empty() || self.workplaces.contains(&p.workplace)
    }

    fn accepts_words(&self, p: &Posting) -> bool {
        if self.exclude.is_empty() {
            return true;
        }
        let (title, text) = (words_of(&p.title), words_of(&p.description));
        !self
            .exclude
            .iter()
            .any(|w| w.within(&title) || w.within(&text))
    }

    fn accepts_pay(&self, p: &Posting) -> Result<(), Rejection> {
        let judged = match self.min_pay {
            Some(floor) => floor.reached_by(&p.salary),
            // --require-pay alone: any stated figure will do.
            None => (p.salary.min.or(p.salary.max).is_some()).then_some(true),
        };
        match judged {
            Some(true) => Ok(()),
            Some(false) => Err(Rejection::PayBelow),
            None if self.require_pay => Err(Rejection::NoPay),
            None => Ok(()),
        }
    }

    fn accepts_tags(&self, p: &Posting) -> bool {
        (self.tags_any.is_empty() || self.tags_any.iter().any(|t| p.tags.contains(t)))
            && !self.tags_none.iter().any(|t| p.tags.contains(t))
    }

    fn accepts_date(&self, p: &Posting) -> bool {
        match (self.since, p.posted_at) {
            (Some(since), Some(posted)) => posted >= since,
            _ => true,
        }
    }

    fn accepts_location(&self, p: &Posting) -> bool {
        let Some(want) = &self.location else {
            return true;
        };
        if want == "remote" {
            return p.workplace == Workplace::Remote;
        }
        let has = |f: &Option<String>| {
            f.as_ref()
                .is_some_and(|v| v.to_lowercase().contains(want.as_str()))
        };
        has(&p.location) || has(&p.city) || has(&p.region) || has(&p.country)
    }

    fn accepts_query(&self, p: &Posting) -> bool {
        if self.query_words.is_empty() {
            return true;
        }
        let hay = format!(
            "{}\n{}\n{}",
            p.title,
            p.company.as_deref().unwrap_or(""),
            p.description
        )
        .to_lowercase();
        self.query_words.iter().all(|w| hay.contains(w.as_str()))
    }
}

/// `--since`: a duration back from `now` ("24h", "7d") or a date ("2026-11-01") or an
/// RFC 3339 instant.
pub fn parse_since(s: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let s = s.trim();
    if let Ok(d) = humantime::parse_duration(s) {
        let d = chrono::Duration::from_std(d).map_err(|e| e.to_string())?;
        return Ok(now - d);
    }
    if let Ok(date) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(date
            .and_hms_opt(0, 0, 0)
            .expect("midnight exists")
            .and_utc());
    }
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|_| format!("{s:?}: --since takes a duration (24h, 7d) or a date (2026-11-01)"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn posting() -> Posting {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap();
        let mut p = Posting::new("x", "1", now);
        p.title = "Customer Support Agent".into();
        p.description = "Answer chats overnight.".into();
        p.location = Some("Austin, TX".into());
        p.region = Some("TX".into());
        p.posted_at = Some(now - chrono::Duration::days(3));
        p
    }

    #[test]
    fn query_words_all_required() {
        let p = posting();
        assert!(Filter::new(Some("support CHATS"), None, None).accepts(&p, true));
        assert!(!Filter::new(Some("support nurse"), None, None).accepts(&p, true));
        assert!(Filter::new(Some("support nurse"), None, None).accepts(&p, false));
    }

    #[test]
    fn location_and_since() {
        let p = posting();
        assert!(Filter::new(None, Some("austin"), None).accepts(&p, true));
        assert!(!Filter::new(None, Some("remote"), None).accepts(&p, true));
        let now = p.fetched_at;
        let week = parse_since("7d", now).unwrap();
        let day = parse_since("24h", now).unwrap();
        assert!(Filter::new(None, None, Some(week)).accepts(&p, true));
        assert!(!Filter::new(None, None, Some(day)).accepts(&p, true));
        let mut undated = p.clone();
        undated.posted_at = None;
        assert!(Filter::new(None, None, Some(day)).accepts(&undated, true));
        assert_eq!(
            parse_since("2026-11-01", now).unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap()
        );
        assert!(parse_since("last tuesday", now).is_err());
    }

    #[test]
    fn tags_any_and_none() {
        let mut p = posting();
        p.tags = vec!["chat".into(), "overnight".into()];
        let mut f = Filter {
            tags_any: vec!["helpdesk".into(), "chat".into()],
            ..Filter::default()
        };
        assert!(f.accepts(&p, true));
        f.tags_none = vec!["overnight".into()];
        assert!(!f.accepts(&p, true));
        f.tags_none.clear();
        f.tags_any = vec!["helpdesk".into()];
        assert!(!f.accepts(&p, true));
    }

    #[test]
    fn excluded_words_are_whole_words_of_title_or_description() {
        let mut p = posting();
        p.title = "Senior Support Agent (Salesforce)".into();
        let f = |words: &str| Filter {
            exclude: phrases(&[words.to_string()]),
            ..Filter::default()
        };
        assert_eq!(f("senior").verdict(&p, true), Err(Rejection::Words));
        assert_eq!(
            f("sales").verdict(&p, true),
            Ok(()),
            "not a word of Salesforce"
        );
        assert_eq!(
            f("CHATS OVERNIGHT").verdict(&p, true),
            Err(Rejection::Words)
        );
        assert_eq!(f("chats, nurse").verdict(&p, true), Err(Rejection::Words));
        assert_eq!(
            f("overnight chats").verdict(&p, true),
            Ok(()),
            "a phrase, in order"
        );
        assert_eq!(f(" , ").verdict(&p, true), Ok(()), "nothing to exclude");
    }

    #[test]
    fn excluded_companies_match_whole_words_of_the_name() {
        let mut p = posting();
        let f = Filter {
            exclude_companies: companies(&["Robert Half".into(), "Acme, Inc.".into()]),
            ..Filter::default()
        };
        assert!(f.accepts(&p, true), "no company: nothing to judge");
        for (name, kept) in [
            ("Robert Half International Inc.", false),
            ("ROBERT-HALF", false),
            ("Halford Robert", true),
            ("Acme Inc", false),
            ("Acme Rockets", true),
        ] {
            p.company = Some(name.into());
            assert_eq!(f.accepts(&p, true), kept, "{name}");
        }
        p.company = Some("Acme Inc".into());
        assert_eq!(f.verdict(&p, true), Err(Rejection::Company));
    }

    #[test]
    fn min_pay_compares_the_top_of_the_range_in_its_period() {
        let mut p = posting();
        let f = |min: &str, require: bool| Filter {
            min_pay: Some(min.parse().unwrap()),
            require_pay: require,
            ..Filter::default()
        };
        assert_eq!(
            f("25/hour", false).verdict(&p, true),
            Ok(()),
            "no pay: kept"
        );
        assert_eq!(f("25/hour", true).verdict(&p, true), Err(Rejection::NoPay));
        p.salary.min = Some(20.0);
        p.salary.max = Some(26.0);
        // A figure with no period cannot be compared.
        assert_eq!(f("27/hour", false).verdict(&p, true), Ok(()));
        assert_eq!(f("27/hour", true).verdict(&p, true), Err(Rejection::NoPay));
        p.salary.period = Some(SalaryPeriod::Hour);
        assert_eq!(
            f("25/hour", true).verdict(&p, true),
            Ok(()),
            "the top reaches it"
        );
        assert_eq!(
            f("27/hour", true).verdict(&p, true),
            Err(Rejection::PayBelow)
        );
        // 26/hour is 54,080 a year.
        assert_eq!(f("54k/year", false).verdict(&p, true), Ok(()));
        assert_eq!(
            f("54,100/year", false).verdict(&p, true),
            Err(Rejection::PayBelow)
        );
        p.salary.max = None;
        assert_eq!(f("41,600/year", false).verdict(&p, true), Ok(()), "20/hour");
        let alone = Filter {
            require_pay: true,
            ..Filter::default()
        };
        assert!(alone.accepts(&p, true));
        p.salary = Salary::default();
        assert_eq!(alone.verdict(&p, true), Err(Rejection::NoPay));
        for bad in ["25", "25/fortnight", "lots/hour", "-3/hour", "/year"] {
            assert!(bad.parse::<MinPay>().is_err(), "{bad}");
        }
    }

    #[test]
    fn types_and_workplaces_keep_what_is_stated() {
        let mut p = posting();
        let f = Filter {
            types: vec![EmploymentType::PartTime, EmploymentType::Contract],
            workplaces: vec![Workplace::Remote, Workplace::Hybrid],
            ..Filter::default()
        };
        assert_eq!(f.verdict(&p, true), Err(Rejection::Type), "states none");
        p.add_employment_type(EmploymentType::FullTime);
        assert_eq!(f.verdict(&p, true), Err(Rejection::Type));
        p.add_employment_type(EmploymentType::Contract);
        assert_eq!(f.verdict(&p, true), Err(Rejection::Workplace), "unknown");
        p.workplace = Workplace::Onsite;
        assert_eq!(f.verdict(&p, true), Err(Rejection::Workplace));
        p.workplace = Workplace::Hybrid;
        assert_eq!(f.verdict(&p, true), Ok(()));
    }
}
