//! A posting as one JSON object, byte for byte what `serde_json` writes for its `Serialize`
//! form (a property test holds the two together), with strings escaped sixteen bytes at a
//! time. Descriptions are most of every byte a JSON export writes, and `serde_json` looks
//! at each byte of a string on its own.

use crate::block;
use crate::posting::{format_time, EmploymentType, Posting, SalaryPeriod, Workplace};
use chrono::{DateTime, Utc};

/// Appends `p` as a JSON object, with no trailing newline.
pub fn write_posting(buf: &mut Vec<u8>, p: &Posting) {
    let mut o = Object::open(buf);
    o.field("id", p.id.as_str());
    o.field("source", p.source.as_str());
    o.field("source_id", p.source_id.as_str());
    o.field("title", p.title.as_str());
    o.field("company", &p.company);
    o.field("location", &p.location);
    o.field("city", &p.city);
    o.field("region", &p.region);
    o.field("country", &p.country);
    o.field("workplace", &p.workplace);
    o.field("employment_type", p.employment_type.as_slice());
    o.field("salary_min", &p.salary.min);
    o.field("salary_max", &p.salary.max);
    o.field("salary_currency", &p.salary.currency);
    o.field("salary_period", &p.salary.period);
    o.field("salary_text", &p.salary.text);
    o.field("posted_at", &p.posted_at);
    o.field("url", p.url.as_str());
    o.field("tags", p.tags.as_slice());
    o.field("description", p.description.as_str());
    o.field("fetched_at", &FetchedAt(&p.fetched_at));
    if p.first_seen.is_some() {
        o.field("first_seen", &p.first_seen);
    }
    if p.last_seen.is_some() {
        o.field("last_seen", &p.last_seen);
    }
    if !p.sources.is_empty() {
        o.field("sources", p.sources.as_slice());
    }
    o.buf.push(b'}');
}

struct Object<'a> {
    buf: &'a mut Vec<u8>,
    first: bool,
}

impl<'a> Object<'a> {
    fn open(buf: &'a mut Vec<u8>) -> Self {
        buf.push(b'{');
        Object { buf, first: true }
    }

    // Inlined at each call, where the name's length is a constant: its copy is a few moves,
    // not a call to memcpy (twenty fields in every posting).
    #[inline(always)]
    fn field(&mut self, name: &str, value: &(impl Json + ?Sized)) {
        if !self.first {
            self.buf.push(b',');
        }
        self.first = false;
        // Field names are plain ASCII words: nothing to escape.
        self.buf.push(b'"');
        self.buf.extend_from_slice(name.as_bytes());
        self.buf.extend_from_slice(b"\":");
        value.write(self.buf);
    }
}

trait Json {
    fn write(&self, buf: &mut Vec<u8>);
}

impl Json for str {
    fn write(&self, buf: &mut Vec<u8>) {
        string(buf, self);
    }
}

impl Json for String {
    fn write(&self, buf: &mut Vec<u8>) {
        string(buf, self);
    }
}

impl<T: Json> Json for Option<T> {
    fn write(&self, buf: &mut Vec<u8>) {
        match self {
            Some(v) => v.write(buf),
            None => buf.extend_from_slice(b"null"),
        }
    }
}

impl<T: Json> Json for [T] {
    fn write(&self, buf: &mut Vec<u8>) {
        buf.push(b'[');
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                buf.push(b',');
            }
            v.write(buf);
        }
        buf.push(b']');
    }
}

impl Json for f64 {
    fn write(&self, buf: &mut Vec<u8>) {
        // Rare and short: serde_json's own number formatting, so the two cannot differ.
        serde_json::to_writer(buf, self).expect("writing to a Vec cannot fail");
    }
}

impl Json for DateTime<Utc> {
    fn write(&self, buf: &mut Vec<u8>) {
        string(buf, &format_time(self));
    }
}

/// A fetch time: every posting of a run carries the same one, so its text is kept per
/// thread and formatted again only when the time changes.
struct FetchedAt<'a>(&'a DateTime<Utc>);

impl Json for FetchedAt<'_> {
    fn write(&self, buf: &mut Vec<u8>) {
        thread_local! {
            static LAST: std::cell::RefCell<Option<(DateTime<Utc>, String)>> =
                const { std::cell::RefCell::new(None) };
        }
        LAST.with_borrow_mut(|last| {
            if last.as_ref().is_none_or(|(t, _)| t != self.0) {
                *last = Some((*self.0, format_time(self.0)));
            }
            if let Some((_, text)) = last {
                string(buf, text);
            }
        });
    }
}

impl Json for Workplace {
    fn write(&self, buf: &mut Vec<u8>) {
        string(buf, self.as_str());
    }
}

impl Json for EmploymentType {
    fn write(&self, buf: &mut Vec<u8>) {
        string(buf, self.as_str());
    }
}

impl Json for SalaryPeriod {
    fn write(&self, buf: &mut Vec<u8>) {
        string(buf, self.as_str());
    }
}

/// A JSON string: `"` and `\` escaped, the control characters that have a short escape
/// written with it and the others as `\u00XX`, everything else as it is.
fn string(buf: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    buf.reserve(b.len() + 2);
    buf.push(b'"');
    let mut written = 0;
    let mut at = 0;
    // Blocks with nothing to escape (nearly all of them) are passed over in a loop of
    // their own; the last few bytes are padded with spaces, which are never escaped.
    while let Some((block_at, flagged)) = block::first_flagged(b, at, b' ', block::json_escapes) {
        for i in block::positions(flagged) {
            written = escape_at(buf, b, block_at + i, written);
        }
        at = block_at + block::LEN;
    }
    buf.extend_from_slice(&b[written..]);
    buf.push(b'"');
}

/// Escapes `b[j]` if it needs it, after the run of bytes since `written`; returns how far
/// `b` is now written.
#[inline(always)]
fn escape_at(buf: &mut Vec<u8>, b: &[u8], j: usize, written: usize) -> usize {
    let short = match b[j] {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x0c => b'f',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        c if c < 0x20 => 0,
        _ => return written,
    };
    buf.extend_from_slice(&b[written..j]);
    if short == 0 {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let c = usize::from(b[j]);
        buf.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[c >> 4], HEX[c & 0xf]]);
    } else {
        buf.extend_from_slice(&[b'\\', short]);
    }
    j + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        // Control characters, quotes, backslashes and multi-byte characters at every
        // position of a word.
        "[a-z \"\\\\\u{0}-\u{1f}\u{7f}é€😀]{0,40}"
    }

    fn posting() -> impl Strategy<Value = Posting> {
        let time = (0i64..4_000_000_000).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap());
        let number = prop_oneof![
            Just(f64::NAN),
            any::<f64>(),
            (0u32..500_000).prop_map(f64::from)
        ];
        (
            (text(), text(), text(), proptest::option::of(text())),
            (
                proptest::option::of(number.clone()),
                proptest::option::of(number),
                proptest::option::of(text()),
                proptest::option::of(time.clone()),
            ),
            (
                proptest::collection::vec(text(), 0..3),
                proptest::option::of(time.clone()),
                proptest::collection::vec(text(), 0..3),
                any::<bool>(),
            ),
            time,
        )
            .prop_map(
                |(
                    (title, description, url, company),
                    (min, max, salary_text, posted),
                    rest,
                    at,
                )| {
                    let (tags, seen, sources, hybrid) = rest;
                    let mut p = Posting::new("src", title.clone(), at);
                    p.title = title;
                    p.description = description;
                    p.url = url;
                    p.company = company.clone();
                    p.city = company;
                    p.salary.min = min;
                    p.salary.max = max;
                    p.salary.text = salary_text;
                    p.salary.period = hybrid.then_some(SalaryPeriod::Hour);
                    p.posted_at = posted;
                    p.tags = tags;
                    p.first_seen = seen;
                    p.last_seen = seen.filter(|_| hybrid);
                    p.sources = sources;
                    if hybrid {
                        p.workplace = Workplace::Hybrid;
                        p.add_employment_type(EmploymentType::PartTime);
                        p.add_employment_type(EmploymentType::Seasonal);
                    }
                    p
                },
            )
    }

    proptest! {
        /// Every posting is written exactly as serde_json writes its `Serialize` form.
        #[test]
        fn same_bytes_as_serde_json(p in posting()) {
            let mut ours = Vec::new();
            write_posting(&mut ours, &p);
            prop_assert_eq!(
                String::from_utf8(ours).unwrap(),
                serde_json::to_string(&p).unwrap()
            );
        }
    }

    #[test]
    fn escapes_across_word_boundaries() {
        for lead in 0..10 {
            let s = format!("{}\"\n\\\u{1}x\tyz", "a".repeat(lead));
            let mut ours = Vec::new();
            string(&mut ours, &s);
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                serde_json::to_string(&s).unwrap()
            );
        }
    }
}
