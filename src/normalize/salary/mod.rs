//! Pay read from text: a source's pay field ("$90k - $105k", "£12.50 an hour", "up to
//! 45,000 EUR a year") or the pay statements anywhere in a description ("The salary range
//! for this role is $95,000 - $105,000/yr."), as PAY.md's careful reader reads them.
//! Numbers are kept as written (never annualized); in a description the period comes
//! from words only.
//!
//! `money` finds money and numbers written as amounts, `words` weighs the words around
//! them, `statement` joins them into statements and picks this job's base pay, and `unit`
//! is the one reader of period and currency names that the adapters share.

mod money;
mod statement;
mod unit;
mod words;

pub use unit::{currency, currency_for_dollar, currency_of_country, period};

use crate::posting::{Salary, SalaryPeriod};
use statement::{Mode, Statement};

/// Reads a source's pay text. The text always lands in `salary.text`; numbers only when
/// it states an amount (never for "DOE", "Competitive", "$0" or a bonus alone). A pay
/// field with no period word ("$120k-$150k") keeps the guess such fields always had:
/// small amounts hourly, large ones yearly, the middle unknown.
pub fn parse_salary_text(text: &str) -> Salary {
    let mut salary = parse_stated_salary_text(text);
    if salary.period.is_none() {
        salary.period = salary.max.or(salary.min).and_then(period_from_magnitude);
    }
    salary
}

/// `parse_salary_text` without the guess: the period only from the text's own words, for
/// sources whose format says no period was stated (schema.org's `baseSalary`).
pub fn parse_stated_salary_text(text: &str) -> Salary {
    let trimmed = text.trim();
    let mut salary = Salary {
        text: (!trimmed.is_empty()).then(|| trimmed.to_string()),
        ..Salary::default()
    };
    let lower = trimmed.to_ascii_lowercase();
    if lower.contains("commission only") || lower.contains("commission-only") {
        return salary;
    }
    if let Some(found) = statement::first_pay(trimmed, Mode::Field) {
        fill(&mut salary, &found, None);
    }
    salary
}

fn period_from_magnitude(v: f64) -> Option<SalaryPeriod> {
    if v < 200.0 {
        Some(SalaryPeriod::Hour)
    } else if v >= 15_000.0 {
        Some(SalaryPeriod::Year)
    } else {
        None
    }
}

/// This job's pay as its description states it, for postings whose source gives none:
/// the first pay statement anywhere in the text (not bonuses, benefits, revenue, other
/// people's pay, times, years or grades). `salary_text` is the statement itself; a
/// statement whose figures cannot be pay ("Pay: $0.00 per hour") keeps its text and no
/// numbers. A bare `$` is the dollar of `country` where it has one.
pub fn from_description(description: &str, country: Option<&str>) -> Option<Salary> {
    let found = statement::first_pay(description, Mode::Description)?;
    let text = description[found.start..found.end].trim();
    let mut salary = Salary {
        text: Some(text.to_string()),
        ..Salary::default()
    };
    // What a commission-only job states is earnings, not a base pay.
    if !commission_only(description) {
        fill(&mut salary, &found, country);
    }
    Some(salary)
}

/// Whether an ad says its pay is commission alone ("commission only", "100% commission",
/// "straight commission").
fn commission_only(text: &str) -> bool {
    memchr::memmem::find_iter(text.as_bytes(), b"ommission").any(|at| {
        let start = at.saturating_sub(10);
        let around = text
            .get(start..(at + 20).min(text.len()))
            .unwrap_or("")
            .to_ascii_lowercase();
        [
            "commission only",
            "commission-only",
            "100% commission",
            "straight commission",
        ]
        .iter()
        .any(|p| around.contains(p))
    })
}

fn fill(salary: &mut Salary, found: &Statement, country: Option<&str>) {
    salary.min = found.min;
    salary.max = found.max;
    salary.period = found.period;
    salary.currency = found.currency.map(|c| {
        match c {
            money::Currency::Dollar => currency_for_dollar(country),
            money::Currency::Code(code) => code,
        }
        .to_string()
    });
}

/// A pay amount as JSON APIs write it: a number or a numeric string ("52000.00",
/// "3,500"). Zero, negative and unreadable amounts are no amount: APIs write 0 or "" for
/// "not stated".
pub fn amount(v: &serde_json::Value) -> Option<f64> {
    let n = match v {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => {
            let s = s.trim();
            s.parse::<f64>().ok().or_else(|| {
                // Only commas that group thousands go; "3.500,00" stays unreadable.
                let (int, frac) = s.split_once('.').unwrap_or((s, ""));
                let groups: Vec<&str> = int.split(',').collect();
                let grouped = groups.len() > 1
                    && (1..=3).contains(&groups[0].len())
                    && groups[1..].iter().all(|g| g.len() == 3);
                let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
                (grouped && groups.iter().all(|g| digits(g)) && digits(frac))
                    .then(|| s.replace(',', "").parse().ok())
                    .flatten()
            })
        }
        _ => None,
    }?;
    (n.is_finite() && n > 0.0).then_some(n)
}

/// Converts pay to another period, on request only (`--pay-per`), with the assumptions the
/// README documents: 40 hours a week, 8 hours a day, 52 weeks and 12 months a year.
pub fn convert(salary: &mut Salary, to: SalaryPeriod) {
    let Some(from) = salary.period else {
        return;
    };
    let hours = |p: SalaryPeriod| match p {
        SalaryPeriod::Hour => 1.0,
        SalaryPeriod::Day => 8.0,
        SalaryPeriod::Week => 40.0,
        SalaryPeriod::Month => 2080.0 / 12.0,
        SalaryPeriod::Year => 2080.0,
    };
    let factor = hours(to) / hours(from);
    let round = |v: f64| (v * factor * 100.0).round() / 100.0;
    salary.min = salary.min.map(round);
    salary.max = salary.max.map(round);
    salary.period = Some(to);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_sharing_one_currency_sign_do_not_panic() {
        // Found by the property test: two amounts read around one sign overlapped.
        for text in ["20€20", "Pay 20€20 per hour", "$5$5", "€1€2€3"] {
            from_description(text, None);
            parse_salary_text(text);
            parse_stated_salary_text(text);
        }
    }

    /// A reading as "min-max CUR period" ("_" for an open end), "none" when no statement
    /// was found, "text" when one was found without figures.
    fn show(s: Option<Salary>) -> String {
        let Some(s) = s else {
            return "none".into();
        };
        if s.min.is_none() && s.max.is_none() {
            return "text".into();
        }
        let n = |v: Option<f64>| v.map_or("_".to_string(), |v| v.to_string());
        format!(
            "{}-{} {} {}",
            n(s.min),
            n(s.max),
            s.currency.as_deref().unwrap_or("-"),
            s.period.map_or("-", |p| p.as_str())
        )
    }

    fn read(t: &str) -> String {
        show(from_description(t, None))
    }

    fn check(cases: &[(&str, &str)]) {
        let wrong: Vec<String> = cases
            .iter()
            .filter(|(t, want)| read(t) != *want)
            .map(|(t, want)| format!("{t:?}: want {want}, got {}", read(t)))
            .collect();
        assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
    }

    #[test]
    fn statements_anywhere_in_the_text() {
        check(&[
            (
                "Great team. The salary range for this role is $95,000 - $105,000/yr. Apply now.",
                "95000-105000 USD year",
            ),
            (
                "Job Type: Part-time Pay: $41,000.00 - $52,000.00 per year Benefits: 401(k) Dental",
                "41000-52000 USD year",
            ),
            ("Hourly Rate: $19.63", "19.63-19.63 USD hour"),
            ("Pay Scale $17 - $18 / hour", "17-18 USD hour"),
            ("Compensation$16.25-18.00 per hour", "16.25-18 USD hour"),
            ("Base pay: $90K - $121K USD", "90000-121000 USD -"),
            (
                "The range is from $64,300.00 to $98,700.00 depending on experience.",
                "64300-98700 USD -",
            ),
            (
                "Pay is a minimum of $31,200.00 to a maximum of $58,900.00.",
                "31200-58900 USD -",
            ),
            (
                "The 2024 Salary Range is $5,211.40 - $6,902.15 per month.",
                "5211.4-6902.15 USD month",
            ),
            ("Wage: EUR 13 per hour", "13-13 EUR hour"),
            (
                "Salary GBP 26,000 - 29,000 per annum",
                "26000-29000 GBP year",
            ),
            ("Salary: $38,000 - $42,000 annually", "38000-42000 USD year"),
            ("Compensation: $48k-$57k", "48000-57000 USD -"),
            (
                "Gehalt: 45.000 € - 55.000 € pro Jahr",
                "45000-55000 EUR year",
            ),
            (
                "Salary €45.000 - €55.000 gross per year",
                "45000-55000 EUR year",
            ),
            ("Rate: 13,50 € per hour", "13.5-13.5 EUR hour"),
            ("Salary: CAD 60,000–70,000 annually", "60000-70000 CAD year"),
            ("Pay: £12.50 ph", "12.5-12.5 GBP hour"),
            ("Salary: £30k-£35k pa", "30000-35000 GBP year"),
            ("Salary: ₹6,00,000 per annum", "600000-600000 INR year"),
            ("Pay: R$ 5.000 por mês", "5000-5000 BRL -"),
            // The capitalized words before a colon head the next item of flattened text.
            (
                "Schedules vary.Compensation: $22/hr Benefits and Perks: Paid training",
                "22-22 USD hour",
            ),
            // A heading in capitals run on to the label; a dot grouping a yearly figure.
            (
                "CUSTOMER MANAGERCompensation: 48.000/yearCustomer manager is",
                "48000-48000 - year",
            ),
            ("Salary: 45.000 - 55.000 per year", "45000-55000 - year"),
            // Thousands grouped by spaces, where a currency stands beside the figures.
            (
                "Salary: R15 000 - R20 000 per month",
                "15000-20000 ZAR month",
            ),
            ("Salary: 120 000 - 150 000 EUR", "120000-150000 EUR -"),
            ("Gehalt: 45\u{a0}000 € brutto", "45000-45000 EUR -"),
            ("Salary: $32,000 - $35,000/annually", "32000-35000 USD year"),
            ("Salary: 55,000 - 65,000 (USD)", "55000-65000 USD -"),
        ]);
    }

    #[test]
    fn ranges_of_every_form() {
        check(&[
            ("Pay between $185,000 and $260,000.", "185000-260000 USD -"),
            ("Salary: $81,300 min to $119,900 max", "81300-119900 USD -"),
            ("Salary: $64K – 151K", "64000-151000 USD -"),
            ("Salary: $98,000.00 â€“ 112,000.00", "98000-112000 USD -"),
            ("Salary: $98,000.00 €“ 112,000.00", "98000-112000 USD -"),
            ("Salary: $98,000.00 ‚Äì 112,000.00", "98000-112000 USD -"),
            ("Salary: $98,000.00 — $112,000.00", "98000-112000 USD -"),
            ("Salary: $98,000.00 -- $112,000.00", "98000-112000 USD -"),
            (
                "Salary Range: USD $29,120.00/Yr. USD $36,400.00/Yr.",
                "29120-36400 USD year",
            ),
            ("Pay: $65.04/hr to $66.04/hr", "65.04-66.04 USD hour"),
            (
                "Salary: 81,000.00 USD PER YEAR - 94,500.00 USD PER YEAR",
                "81000-94500 USD year",
            ),
            ("Salary range is $60- $75k", "60000-75000 USD -"),
            ("Salary scale is £25-£30k", "25000-30000 GBP -"),
            ("Salary: $70-$90,000", "70000-90000 USD -"),
            ("From $500 top $1000 a week", "500-1000 USD week"),
            ("Starting salary: $50K - $60K", "50000-60000 USD -"),
            ("Pay is from $60,000 to $75,000", "60000-75000 USD -"),
            (
                "Base pay ranges from $29.66/hr in our lowest geographic market up to $71.39/hr in our highest.",
                "29.66-71.39 USD hour",
            ),
            (
                "A starting base pay between USD 161,000 in the lowest market and USD 288,000 in the highest.",
                "161000-288000 USD -",
            ),
            (
                "Pay range per year:\nMin: $138,800\nMid: $173,500\nMax: $208,200",
                "138800-208200 USD year",
            ),
            (
                "Salary / Rate Minimum: $90,000\n\nSalary / Rate Maximum: $110,000",
                "90000-110000 USD -",
            ),
            ("Pay Type Hourly Min Hiring Rate $16.30 Max Hiring Rate $22.00", "16.3-22 USD hour"),
            ("Salary 40,000-50,000 annually", "40000-50000 - year"),
            ("Salary : 40,000.00 - 52,000.00 Yearly", "40000-52000 - year"),
            ("Pay Rate Range 39300 to 72700", "39300-72700 - -"),
            ("Total Base Pay Range 47,000.00 - 87,000.00 USD Annual", "47000-87000 USD year"),
            ("Pay: $105k - $90k", "90000-105000 USD -"),
            ("Pay: $17-22hr (based on experience)", "17-22 USD hour"),
            ("Pay: $23 – 32 / hour", "23-32 USD hour"),
            (
                "Pay starts at $19/hour and goes up to $23/hour",
                "19-23 USD hour",
            ),
            ("Position salary: $58K-$62K/yr", "58000-62000 USD year"),
            (
                "Salary Range: $50,000.00 To $60,000.00 (yearly)",
                "50000-60000 USD year",
            ),
        ]);
    }

    #[test]
    fn shapes_of_a_single_figure() {
        check(&[
            (
                "Up to $25 per hour dependent upon experience",
                "_-25 USD hour",
            ),
            ("Earnings up to $500 a week", "_-500 USD week"),
            ("Starting pay $25/Hr", "25-_ USD hour"),
            ("Starting at $18/hour", "18-_ USD hour"),
            ("Pay: from $80,000.00 per year", "80000-_ USD year"),
            ("Pay: $25+/hr", "25-_ USD hour"),
            ("Minimum pay is $17.00 an hour", "17-_ USD hour"),
            ("Salary: $65,000 and above", "65000-_ USD -"),
            ("$13.00 per hour starting pay", "13-_ USD hour"),
            ("Salary Range: $14.50 Hourly Onwards", "14.5-_ USD hour"),
            ("Salary: $48,500 to commensurate", "48500-_ USD -"),
            ("Pay: $17.00 an hour", "17-17 USD hour"),
            ("Salary:100K", "100000-100000 - -"),
            ("Salary: 180kIf you are interested", "180000-180000 - -"),
            (
                "16.00/hr as starting pay + performance bonus",
                "16-_ - hour",
            ),
        ]);
    }

    #[test]
    fn periods_come_from_words_that_belong_to_the_pay() {
        check(&[
            ("Salary: $17.50 – $24.00", "17.5-24 USD -"),
            ("Salary: $90k - $105k", "90000-105000 USD -"),
            (
                "eligible for$130,000 - $160,000 base salaryAnnual bonus + milestone bonuses",
                "130000-160000 USD -",
            ),
            ("Monthly Salary: £3,950.00 GBP", "3950-3950 GBP month"),
            ("Annual Salary: $60,000", "60000-60000 USD year"),
            (
                "Your Weekly salary - $300* Your Monthly Bonus - $300",
                "300-300 USD week",
            ),
            (
                "HIRING HOURLY RANGE: $25.40 - $37.04",
                "25.4-37.04 USD hour",
            ),
            (
                "Salary Information (Per Annum)\n\nGS-09: $64,957 to $84,441",
                "64957-84441 USD year",
            ),
            (
                "Pay: $19.50 - $25 per hour, plus $2000 annual bonus potential",
                "19.5-25 USD hour",
            ),
            ("Paga: $13 por hora", "13-13 USD hour"),
            ("Pay: $1,200 bi-weekly", "1200-1200 USD -"),
            (
                "1099 or W2 Hourly or Salary $85,000 - $90,000",
                "85000-90000 USD -",
            ),
            (
                "a salary of 3800 pounds for each position, with an allowance of £ 120 per week",
                "3800-3800 GBP -",
            ),
            ("Pay Rate: $3,240 Stipend for 16 Days", "3240-3240 USD -"),
            (
                "Salary: $44k-$53k. More text.\nPay: $44,000.00 - $53,000.00 per year",
                "44000-53000 USD year",
            ),
            ("Pay: $25 hr", "25-25 USD hour"),
            (
                "We pay Daily!$20.00 to $200.00 plus a day",
                "20-200 USD day",
            ),
            ("Monthly: $4,000", "4000-4000 USD month"),
            ("Hourly: $17 - $19", "17-19 USD hour"),
            ("Pay: $20 (per hour)", "20-20 USD hour"),
        ]);
    }

    /// Non-money numbers are never pay, whatever is around them.
    #[test]
    fn numbers_that_are_not_pay() {
        check(&[
            (
                "Shift: 10pm to 6am, 3 nights a week. Pay: $17.25/hr",
                "17.25-17.25 USD hour",
            ),
            (
                "Work 11pm - 7am, 3 nights a week at $16 per hour",
                "16-16 USD hour",
            ),
            ("Tier 1 support, Region 1, Salary Range 40, Step 5", "none"),
            (
                "Monthly Salary: Range 40 | $3,246 - $4,324 (Step A - M)",
                "3246-4324 USD month",
            ),
            ("Pay Grade: 13. Internal Pay Grade 13", "none"),
            ("Salary Grade (see site) :057", "none"),
            (
                "Founded in 2007, 5+ years of experience, 40 hours per week",
                "none",
            ),
            (
                "Call 1-844-422-5627 option 1, Req #20133, ZIP 65101",
                "none",
            ),
            ("Hours 8:00 am - 4:30 pm, 24/7, 100% remote", "none"),
            ("Pay Rate: 1099 or W2", "none"),
            ("Must lift 50 pounds. Must type 45 wpm.", "none"),
            ("Typing speed 7000 KPH", "none"),
            // Lakhs are not read (rather than read as 8); a range ending in no amount is none.
            ("Salary: INR 8-12 LPA", "none"),
            ("Salary: INR 8 LPA", "none"),
            ("Shift $15 - 9pm", "none"),
            ("Call 555 123 4567 today", "none"),
        ]);
    }

    /// Money that is not this job's base pay.
    #[test]
    fn money_that_is_not_pay() {
        check(&[
            ("$750 travel perk for new hires", "none"),
            ("A $1.00 differential for nights", "none"),
            ("Shift differential: $2.00/hour", "none"),
            (
                "Earn up to an additional $3.50/hr when working nights",
                "none",
            ),
            ("A premium of $5 per pay period", "none"),
            ("$1,000 Referral Bonus for each hire", "none"),
            ("$500 Sign on Bonus Eligible!", "none"),
            ("Sign-on bonus: $750", "none"),
            ("A $10,000 hiring bonus is offered", "none"),
            ("$10,000 Tuition Reimbursement per year", "none"),
            (
                "Health Savings Account with up to $1000 in company match annually",
                "none",
            ),
            ("$100 Annual Safety Boot benefit", "none"),
            ("Medical benefits with rates as low as $40 a month", "none"),
            ("$25,000 Life Insurance", "none"),
            ("We drive over $3 billion in revenue", "none"),
            ("We raised $20M from investors.", "none"),
            ("Disrupting the $50B/year storage industry", "none"),
            ("Growing from $3M in revenue in 2015", "none"),
            ("Projects may range from $10K to over $100 million.", "none"),
            ("Manage a budget of $500,000 a year", "none"),
            ("Manages $13-17M per year in research expenditures", "none"),
            ("Approve expenses up to $10,000", "none"),
            ("The average rep earns $15/hour", "none"),
            ("The median salary in this field is $85,000", "none"),
            (
                "Estimated On-Target Earnings Range: $ 90000 - $ 113500",
                "none",
            ),
            (
                "The anticipated compensation for this role is $160,000-$180,000 OTE.",
                "none",
            ),
            ("$20-100 per referral", "none"),
            ("Tool purchasing assistance (up to $2500)", "none"),
            ("Compensation:€¢ Benefits €¢ TMRS Retirement Plan", "none"),
            (
                "Work 15 to 20 hours per week €“ you choose the days",
                "none",
            ),
            ("An average of $6 or more per hour in tips", "none"),
            ("Our top performers earn $90,000 a year", "none"),
            ("If your goal is $90 a day, refer one person a day.", "none"),
            ("Top earners make over $100,000 a year", "none"),
            ("Cell phone stipend of $50 per month.", "none"),
            ("Gym membership up to $75/month.", "none"),
            ("Child care subsidy of $300/month.", "none"),
            ("Life insurance of 2x salary up to $300,000.", "none"),
            ("An extra $2 per hour for weekend shifts.", "none"),
            ("Plus $1.50/hr for bilingual skills.", "none"),
            ("Up to $1,500 per year for continuing education.", "none"),
            ("Overtime pay of $30/hr after 40 hours.", "none"),
            ("Holiday pay: $25/hr", "none"),
            ("Pay increases of $1.00/hr every year.", "none"),
            ("Raises of $0.50 per hour after 90 days.", "none"),
            ("Clients pay $150 per session.", "none"),
            ("Cash handling of $5,000 daily.", "none"),
            ("$1,000 Sign-On Bonus: paid after 90 days", "none"),
        ]);
    }

    #[test]
    fn a_statement_with_no_pay_in_it_keeps_its_words_only() {
        let s =
            from_description("Job Type: Full-time Pay: $0.00 per hour Benefits:", None).unwrap();
        assert_eq!((s.min, s.max, s.currency), (None, None, None));
        assert_eq!(s.text.as_deref(), Some("Pay: $0.00 per hour"));
        for none in [
            "Salary DOE",
            "Competitive pay",
            "Compensation: commensurate with experience",
        ] {
            assert_eq!(read(none), "none", "{none}");
        }
    }

    #[test]
    fn the_first_statement_of_several_is_the_pay() {
        check(&[
            (
                "Compensation: $18.00 per hour. Training pay will be $16.00 per hour.",
                "18-18 USD hour",
            ),
            (
                "GS-09: $64,957 to $84,441 per year\nGS-11: $78,592 to $102,166",
                "64957-84441 USD year",
            ),
            (
                "Sign-On Bonus up to $1000. Make $14.00 an hour.",
                "14-14 USD hour",
            ),
            (
                "$40K Base Salary with $60k OTE & no cap commissions",
                "40000-40000 USD -",
            ),
            (
                "$19.50 per hour + an average of $6 or more per hour in tips",
                "19.5-19.5 USD hour",
            ),
        ]);
    }

    #[test]
    fn commission_only_earnings_are_not_read_as_pay() {
        assert_eq!(
            read("This is a commission-only role. Reps earn $80,000 - $120,000 a year."),
            "text"
        );
    }

    #[test]
    fn salary_text_is_the_statement_itself() {
        let s = from_description(
            "We answer chats.\nPay: $18.50 - $21 per hour, plus a $500 bonus\nBenefits",
            None,
        )
        .unwrap();
        assert_eq!(s.text.as_deref(), Some("Pay: $18.50 - $21 per hour"));
        let s = from_description(
            "About us. Knowledge of ADP. The salary range for this role is $95,000 - $105,000/yr. Apply.",
            None,
        )
        .unwrap();
        assert_eq!(
            s.text.as_deref(),
            Some("salary range for this role is $95,000 - $105,000/yr")
        );
        for listed in [
            "- Pay: $18/hour",
            "\u{2022} Pay: $18/hour",
            "* Pay: $18/hour",
        ] {
            let s = from_description(&format!("Perks\n{listed}\n- Nights"), None).unwrap();
            assert_eq!(s.text.as_deref(), Some("Pay: $18/hour"), "{listed}");
        }
    }

    #[test]
    fn a_dollar_is_the_ads_countrys() {
        let read_in = |c| show(from_description("Pay: $25 per hour", Some(c)));
        assert_eq!(read_in("CA"), "25-25 CAD hour");
        assert_eq!(read_in("AU"), "25-25 AUD hour");
        assert_eq!(read_in("GB"), "25-25 USD hour");
        assert_eq!(
            show(from_description("Pay: US$25 per hour", Some("CA"))),
            "25-25 USD hour"
        );
        assert_eq!(
            show(from_description("Pay: USD $25 per hour", Some("CA"))),
            "25-25 USD hour"
        );
    }

    /// Text whose lower case is longer than itself ("İ") around the statement.
    #[test]
    fn text_that_grows_in_lower_case() {
        assert_eq!(read("İİİİİİ pay $20 an hour, bonus€€"), "20-20 USD hour");
    }

    fn field(t: &str) -> String {
        let s = parse_salary_text(t);
        assert_eq!(s.text.as_deref(), Some(t.trim()).filter(|t| !t.is_empty()));
        show(Some(s))
    }

    #[test]
    fn pay_fields_of_sources() {
        for (t, want) in [
            ("$90k - $105k", "90000-105000 USD year"),
            ("$17.25 - $20 per hour", "17.25-20 USD hour"),
            ("90 to 105k EUR", "90000-105000 EUR year"),
            ("£12.50 an hour", "12.5-12.5 GBP hour"),
            ("Up to 45,000 a year", "_-45000 - year"),
            ("From $3,000/mo", "3000-_ USD month"),
            ("$25+/hr", "25-_ USD hour"),
            ("18 - 21 per hour", "18-21 - hour"),
            ("40,000 - 60,000 USD", "40000-60000 USD year"),
            ("$5,000", "5000-5000 USD -"),
            ("DOE", "text"),
            ("Negotiable", "text"),
            ("Competitive", "text"),
            ("$0", "text"),
            ("Commission only, $500 bonus", "text"),
        ] {
            assert_eq!(field(t), want, "{t}");
        }
        assert_eq!(show(Some(parse_salary_text(""))), "text");
    }

    proptest::proptest! {
        /// Pay is never read from a time of day, a year, or a number with no currency or
        /// pay word beside it, whatever the text around them; times and years not even
        /// right after a pay word ("Pay: 9am", "Salary 2024").
        #[test]
        fn no_pay_from_times_years_or_bare_numbers(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "shift", "hours", "week", "per", "a", "from", "to", "nights", "tier",
                    "region", "grade", "range", "step", "founded", "in", "since", "call",
                    "team", "apply", "benefits", "-", ",", ".", "\n", "years", "experience",
                ]),
                0..12,
            ),
            pay_words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Pay:", "salary", "Salary range", "wage", "Hourly rate:", "pay is",
                    "compensation", "per hour", "-",
                ]),
                1..4,
            ),
            hour in 1u32..13,
            minute in 0u32..60,
            suffix in proptest::sample::select(vec!["am", "pm", " am", " pm", "a.m.", " p.m."]),
            year in 1950u32..2100,
            bare in 1u32..1_000_000,
            picks in proptest::collection::vec(0u8..3, 1..6),
        ) {
            let mut text = String::new();
            for (k, p) in picks.iter().enumerate() {
                let w = words.get(k % words.len().max(1)).copied().unwrap_or("");
                let pw = pay_words[k % pay_words.len()];
                match p {
                    0 => text.push_str(&format!("{pw} {hour}:{minute:02}{suffix} ")),
                    1 => text.push_str(&format!("{pw} {year} ")),
                    _ => text.push_str(&format!("{w} {bare} ")),
                }
            }
            proptest::prop_assert_eq!(read(&text), "none", "{:?}", text);
        }
    }

    #[test]
    fn conversion_on_request() {
        let mut s = parse_salary_text("$20 - $25 an hour");
        convert(&mut s, SalaryPeriod::Year);
        assert_eq!(
            (s.min, s.max, s.period),
            (Some(41600.0), Some(52000.0), Some(SalaryPeriod::Year))
        );
        let mut s = parse_salary_text("$52,000 a year");
        convert(&mut s, SalaryPeriod::Hour);
        assert_eq!((s.min, s.period), (Some(25.0), Some(SalaryPeriod::Hour)));
        let mut unknown = parse_salary_text("$5,000");
        convert(&mut unknown, SalaryPeriod::Year);
        assert_eq!(unknown.period, None, "no period, nothing to convert from");
    }

    #[test]
    fn json_amounts() {
        use serde_json::json;
        assert_eq!(amount(&json!(52000)), Some(52000.0));
        assert_eq!(amount(&json!("52000.00")), Some(52000.0));
        assert_eq!(amount(&json!(" 3,500 ")), Some(3500.0));
        assert_eq!(amount(&json!("1,234,567.5")), Some(1234567.5));
        for none in [
            json!(0),
            json!("0"),
            json!(""),
            json!(null),
            json!(-5),
            json!("3.500,00"),
            json!("12,34"),
            json!("n/a"),
        ] {
            assert_eq!(amount(&none), None, "{none}");
        }
    }
}
