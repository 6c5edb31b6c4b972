//! The last steps of every posting, scraped or parsed from a saved file: its text repaired
//! and made inert, its tags, the fields its text states, pay converted on request, and the
//! user's filters. `jobtap scrape` finishes postings one at a time as pages come in,
//! `jobtap parse` a batch at a time on every core; both through one `Finish`.

use crate::filter::{Filter, Rejection};
use crate::normalize::{employment, keywords, salary, text, workplace};
use crate::posting::{FieldValue, Posting, Workplace};
use crate::tag::{TagHit, Tagger};

/// Told why each tag of a posting fired (`--explain`).
pub type Explain<'a> = &'a (dyn Fn(&Posting, &[TagHit]) + Sync);

/// How postings are finished in one command.
#[derive(Clone, Copy)]
pub struct Finish<'a> {
    pub tagger: &'a Tagger,
    pub filter: &'a Filter,
    /// Whether the query is matched here: false when the source already searched for it.
    pub query: bool,
    /// With `--explain`, where the reasons go; tagging alone words none.
    pub explain: Option<Explain<'a>>,
}

impl Finish<'_> {
    /// Finishes many postings (a parsed file of thousands) in place on every core, and
    /// keeps those the filters accept, in order. With `explain` the reasons must come out
    /// in order, so it stays on one thread.
    pub fn all(&self, mut postings: Vec<Posting>) -> Vec<Posting> {
        let keep: Vec<bool> = if self.explain.is_some() {
            postings.iter_mut().map(|p| self.one(p).is_ok()).collect()
        } else {
            crate::parallel::chunks(&mut postings, |chunk| {
                chunk
                    .iter_mut()
                    .map(|p| self.one(p).is_ok())
                    .collect::<Vec<bool>>()
            })
            .concat()
        };
        let mut keep = keep.into_iter();
        postings.retain(|_| keep.next().unwrap_or(false));
        postings
    }

    /// Finishes one posting; the filter's reason when it turns it away.
    pub fn one(&self, p: &mut Posting) -> Result<(), Rejection> {
        make_inert(p);
        let tagged = self.tagger.tag(p, self.explain.is_some());
        if let Some(explain) = self.explain {
            explain(p, &tagged.hits);
        }
        p.tags = tagged.tags;
        fill_from_text(p, &tagged.sets);
        if let Some(period) = self.filter.pay_per {
            salary::convert(&mut p.salary, period);
        }
        self.filter.verdict(p, self.query)
    }
}

/// Whatever an adapter did, text leaves as inert text.
fn make_inert(p: &mut Posting) {
    // Double-encoded UTF-8 ("MecÃ¡nico") from any source is repaired here once, before the
    // hidden characters go: a repair can make one ("â€®" is U+202E read as Windows-1252).
    for field in [&mut p.title, &mut p.description]
        .into_iter()
        .chain(p.company.as_mut())
    {
        if let std::borrow::Cow::Owned(fixed) = text::repair_mojibake(field) {
            *field = fixed;
        }
    }
    // No control characters or bidirectional overrides in any field.
    for field in [&mut p.title, &mut p.url, &mut p.source_id] {
        text::strip_hidden(field, false);
    }
    // A link in someone's feed may carry a user name and password: they never reach output.
    if let Some(bare) = crate::fetch::link_without_userinfo(&p.url) {
        p.url = bare;
    }
    for field in [
        &mut p.company,
        &mut p.location,
        &mut p.city,
        &mut p.region,
        &mut p.salary.text,
    ]
    .into_iter()
    .flatten()
    {
        text::strip_hidden(field, false);
    }
    text::strip_hidden(&mut p.description, true);
}

/// Fields the source left empty, from what the text says: fields first, text only as a
/// fallback. Workplace and job type: what the title and the text state
/// (`workplace::from_scan`, `employment::types_in`), then the fields the tags that fired
/// declare (`sets` in `tag/rules.toml`; tags understand negation: "not a remote role" sets
/// nothing), the latter for job type only when nothing states one; pay from the first pay
/// statement of the description.
fn fill_from_text(p: &mut Posting, sets: &[FieldValue]) {
    let needs_words = p.workplace == Workplace::Unknown || p.employment_type.is_empty();
    let scan = needs_words.then(|| keywords::Scan::new(&p.description));
    if let (Workplace::Unknown, Some(scan)) = (p.workplace, &scan) {
        p.workplace = workplace::from_scan(&p.title, scan)
            .or_else(|| sets.iter().find_map(|s| s.workplace()))
            .unwrap_or(Workplace::Unknown);
    }
    if p.employment_type.is_empty() {
        let mut types = employment::employment_types(&p.title);
        types.extend(scan.as_ref().map(employment::types_in).unwrap_or_default());
        if types.is_empty() {
            types.extend(sets.iter().filter_map(|s| s.employment_type()));
        }
        for t in types {
            p.add_employment_type(t);
        }
    }
    if p.salary.is_empty() {
        if let Some(found) = salary::from_description(&p.description, p.country.as_deref()) {
            p.salary = found;
        }
    }
}
