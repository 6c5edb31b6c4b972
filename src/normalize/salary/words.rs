//! The words around an amount, as the pay reader weighs them: what each says about the
//! figure (pay, not pay, a period, a shape), and where a clause ends.

use super::unit;
use crate::posting::SalaryPeriod;

/// A word (ASCII letters), where it is.
#[derive(Debug, Clone, Copy)]
pub(super) struct Word<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

impl Word<'_> {
    /// The word in lower case, when it is short enough to be one the reader knows.
    pub fn lower(&self) -> Option<Lower> {
        let b = self.text.as_bytes();
        (b.len() <= Lower::CAP).then(|| {
            let mut l = Lower {
                buf: [0; Lower::CAP],
                len: b.len(),
            };
            for (d, s) in l.buf.iter_mut().zip(b) {
                *d = s.to_ascii_lowercase();
            }
            l
        })
    }
}

/// A short word in lower case, on the stack.
pub(super) struct Lower {
    buf: [u8; Lower::CAP],
    len: usize,
}

impl Lower {
    const CAP: usize = 16;

    /// `w` in lower case; a word longer than any the reader knows comes out empty.
    pub fn of(w: &[u8]) -> Lower {
        let mut l = Lower {
            buf: [0; Lower::CAP],
            len: 0,
        };
        if w.len() <= Lower::CAP {
            for (d, s) in l.buf.iter_mut().zip(w) {
                *d = s.to_ascii_lowercase();
            }
            l.len = w.len();
        }
        l
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

/// What a word says about a figure near it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Says {
    /// This job's pay: "salary", "wage", "compensation", "earn".
    Pay,
    /// Something else that costs or brings money: "bonus", "revenue", "tuition".
    NotPay,
    /// Makes the figure something other than an offer of base pay wherever it is in the
    /// clause: "average", "OTE", "potential", "additional", "goal" (what one aims to earn).
    Veto,
    Other,
}

pub(super) fn says(w: &str) -> Says {
    match w {
        "salary" | "salaries" | "salario" | "sueldo" | "paga" | "pay" | "paid" | "wage"
        | "wages" | "compensation" | "compensated" | "rate" | "earn" | "earns" | "earning"
        | "earnings" | "make" | "makes" | "base" | "range" | "remuneration" | "gehalt"
        | "salaire" | "pays" => Says::Pay,
        "bonus" | "bonuses" | "sign" | "signing" | "signon" | "referral" | "referrals"
        | "refer" | "commission" | "commissions" | "commisssions" | "incentive" | "incentives"
        | "differential" | "differentials" | "premium" | "premiums" | "allowance"
        | "allowances" | "reimbursement" | "reimbursements" | "reimburse" | "reimbursed"
        | "tuition" | "match" | "matching" | "insurance" | "benefit" | "benefits" | "hsa"
        | "fsa" | "gift" | "gifts" | "discount" | "discounts" | "credit" | "credits" | "perk"
        | "perks" | "travel" | "relocation" | "tips" | "tip" | "revenue" | "revenues" | "sales"
        | "funding" | "funded" | "raised" | "invest" | "invested" | "investment"
        | "investments" | "assets" | "budget" | "budgets" | "spend" | "spending" | "valued"
        | "value" | "values" | "project" | "projects" | "cost" | "costs" | "price" | "prices"
        | "fee" | "fees" | "loan" | "loans" | "deposit" | "expenditures" | "donor" | "donors"
        | "donation" | "donations" | "industry" | "capital" | "worth" | "portfolio" | "grant"
        | "grants" | "award" | "awarded" | "prize" | "prizes" | "contest" | "savings" | "limit"
        | "limits" | "authority" | "purchases" | "purchasing" | "orders" | "expense"
        | "expenses" | "stock" | "rsu" | "equity" | "shares" | "fund" | "funds" | "aum"
        | "pension" | "retirement" | "contribution" | "contributions" | "fundraising"
        | "sponsorship" | "low" | "deductible" | "rent" | "housing" | "advance" | "hazard"
        | "refund" | "fine" | "fines" | "penalty" | "scholarship" | "lunch" | "meal" | "meals"
        | "voucher" | "vouchers" | "card" | "cards" | "life" | "gym" | "membership"
        | "memberships" | "cell" | "cellphone" | "commuter" | "transit" | "parking" | "mileage"
        | "wellness" | "childcare" | "daycare" | "subsidy" | "subsidies" | "subsidized"
        | "raise" | "raises" | "increase" | "increases" | "increment" | "increments" | "handle"
        | "handles" | "handling" => Says::NotPay,
        "average" | "avg" | "median" | "potential" | "ote" | "additional" | "typically"
        | "performers" | "achievers" | "successful" | "goal" | "goals" | "earners" | "extra"
        | "plus" => Says::Veto,
        _ => Says::Other,
    }
}

/// Words before a pay word that make it pay of another kind than the base: "overtime
/// pay", "holiday pay", "on-call pay".
pub(super) fn other_kind_of_pay(w: &str) -> bool {
    matches!(
        w,
        "overtime" | "holiday" | "vacation" | "sick" | "severance" | "hazard" | "call" | "standby"
    )
}

/// Who pays when it is not the employer: "clients pay $150 per session".
pub(super) fn other_payer(w: &str) -> bool {
    matches!(
        w,
        "client" | "clients" | "customer" | "customers" | "patient" | "patients" | "buyers"
    )
}

/// Words after a figure that name what a sum is for, not work: "up to $1,500 a year for
/// continuing education".
pub(super) fn paid_for_after(w: &str) -> bool {
    matches!(
        w,
        "education" | "certification" | "certifications" | "courses" | "classes"
    )
}

/// The nouns that label a figure as pay by themselves, with no currency beside it
/// ("Salary:82K", "Pay Rate Range 39300 to 72700"): not "range" or "base", which label
/// grades and steps as often.
pub(super) fn labels_pay(w: &str) -> bool {
    matches!(
        w,
        "salary"
            | "salaries"
            | "salario"
            | "sueldo"
            | "paga"
            | "pay"
            | "wage"
            | "wages"
            | "compensation"
            | "rate"
            | "earnings"
            | "remuneration"
            | "gehalt"
            | "salaire"
            | "stipend"
    )
}

/// What a word before a single figure says of its shape: "up to X" is a maximum,
/// "from X", "starting at X", "minimum X" a minimum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    Max,
    Min,
}

pub(super) fn shape_before(w: &str) -> Option<Shape> {
    match w {
        "up" | "max" | "maximum" => Some(Shape::Max),
        "from" | "starting" | "starts" | "start" | "min" | "minimum" | "least" | "over"
        | "exceeding" => Some(Shape::Min),
        _ => None,
    }
}

/// Nouns an adjective of time describes when it is not the pay's period: "annual bonus",
/// "monthly incentives", "weekly sales".
pub(super) fn not_a_period_of_pay(next: &str) -> bool {
    matches!(
        next,
        "bonus"
            | "bonuses"
            | "incentive"
            | "incentives"
            | "merit"
            | "increase"
            | "increases"
            | "raise"
            | "raises"
            | "review"
            | "reviews"
            | "leave"
            | "pto"
            | "vacation"
            | "target"
            | "commission"
            | "commissions"
            | "allowance"
            | "stipend"
            | "performance"
            | "budget"
            | "revenue"
            | "revenues"
            | "sales"
            | "safety"
            | "physical"
            | "wellness"
            | "flow"
            | "visits"
            | "spend"
            | "match"
            | "premium"
            | "premiums"
            | "fee"
            | "fees"
            | "discretionary"
            | "profit"
            | "cash"
            | "equity"
    )
}

/// A period adjective before a figure ("Hourly Rate: $19.63", "Monthly Salary"), in lower
/// case; "bi-weekly" and "semi-monthly" name no period.
pub(super) fn period_adjective(w: &str) -> Option<SalaryPeriod> {
    unit::adjective(w)
}

/// Where the clause holding `at` begins: after the last line break, sentence end, bullet or
/// other boundary before it.
pub(super) fn clause_start(text: &str, at: usize) -> usize {
    let b = text.as_bytes();
    let mut i = at;
    while i > 0 {
        let c = b[i - 1];
        if is_boundary(b, i - 1, c) {
            return i;
        }
        i -= 1;
    }
    0
}

/// Where the clause holding `at` ends.
pub(super) fn clause_end(text: &str, at: usize) -> usize {
    let b = text.as_bytes();
    let end = (at..b.len())
        .find(|&i| is_boundary(b, i, b[i]))
        .unwrap_or(b.len());
    // A bullet is known by its last byte: the clause ends where its character starts.
    char_floor(text, end)
}

/// The start of the character holding byte `i` (or `i` itself past the end).
pub(super) fn char_floor(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Whether the byte at `i` ends a clause: a line break, `;`, `|`, `!`, `?`, a bullet
/// (`•`, `·`, the mis-decoded `€¢`), or a full stop after a word of three letters or more
/// ("experience. Salary"), not the dots of "p.a.", "a.m." or "U.S.".
fn is_boundary(b: &[u8], i: usize, c: u8) -> bool {
    match c {
        b'\n' | b';' | b'*' => true,
        // "Apply today! Pay: ..." but not "We pay Daily!$20.00": run-on text keeps going.
        b'!' | b'?' => b.get(i + 1).is_none_or(|n| n.is_ascii_whitespace()),
        b'.' => {
            let next_space = b.get(i + 1).is_none_or(|n| n.is_ascii_whitespace());
            let word = b[..i]
                .iter()
                .rev()
                .take_while(|x| x.is_ascii_alphabetic())
                .count();
            next_space && (word >= 3 || b[..i].last() == Some(&b')'))
        }
        // "•" (E2 80 A2), "€¢" (E2 82 AC C2 A2) and "·" (C2 B7) end with these bytes.
        0xa2 => i >= 2 && (b[i - 2] == 0xe2 && b[i - 1] == 0x80 || b[i - 1] == 0xc2),
        0xb7 => i >= 1 && b[i - 1] == 0xc2,
        _ => false,
    }
}

/// Where the word starting at `i` ends: at the first byte that is no ASCII letter, or where
/// flattened markup ran two words together: a lower-case letter meeting an upper-case one
/// ("skillsStarting", "salaryAnnual", "HrBenefits"), or a capitalized word after one in
/// capitals ("MANAGERCompensation").
pub(super) fn word_end(b: &[u8], i: usize) -> usize {
    let mut j = i;
    while j < b.len() && b[j].is_ascii_alphabetic() {
        if j > i && starts_run_on_word(b, j) {
            break;
        }
        j += 1;
    }
    j
}

/// Whether a word run on by flattened markup starts at `j` (a letter with a letter before).
fn starts_run_on_word(b: &[u8], j: usize) -> bool {
    let lower = |k: usize| b.get(k).is_some_and(u8::is_ascii_lowercase);
    let (c, prev) = (b[j], b[j - 1]);
    c.is_ascii_uppercase()
        // Two lower-case letters after, so that "CEOs" and "PhDs" stay whole.
        && (prev.is_ascii_lowercase() || (prev.is_ascii_uppercase() && lower(j + 1) && lower(j + 2)))
}

/// Where the word ending at `j` starts (the mirror of `word_end`), not before `from`.
fn word_start(b: &[u8], from: usize, j: usize) -> usize {
    let mut i = j;
    while i > from && b[i - 1].is_ascii_alphabetic() {
        if i < j && starts_run_on_word(b, i) {
            break;
        }
        i -= 1;
    }
    i
}

/// The words of `text[from..to]`, last first.
pub(super) fn words_back(text: &str, from: usize, to: usize) -> impl Iterator<Item = Word<'_>> {
    let b = text.as_bytes();
    let mut i = to;
    std::iter::from_fn(move || {
        while i > from && !b[i - 1].is_ascii_alphabetic() {
            i -= 1;
        }
        if i <= from {
            return None;
        }
        let end = i;
        i = word_start(b, from, end);
        Some(Word {
            start: i,
            end,
            text: &text[i..end],
        })
    })
}

/// The words of `text[from..to]`, first first.
pub(super) fn words_forward(text: &str, from: usize, to: usize) -> impl Iterator<Item = Word<'_>> {
    let b = text.as_bytes();
    let mut i = from;
    std::iter::from_fn(move || {
        while i < to && !b[i].is_ascii_alphabetic() {
            i += 1;
        }
        if i >= to {
            return None;
        }
        let start = i;
        i = word_end(b, i).min(to);
        Some(Word {
            start,
            end: i,
            text: &text[start..i],
        })
    })
}
