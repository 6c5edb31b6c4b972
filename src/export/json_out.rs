//! A posting as one JSON object, its fields the column table's, byte for byte what
//! `serde_json` writes for its `Serialize` form (a property test holds the two together),
//! with strings escaped sixteen bytes at a time. Descriptions are most of every byte a JSON export writes, and `serde_json` looks
//! at each byte of a string on its own.

use crate::block;
use crate::posting::{each_column, format_time, Column, Posting, Read, Visit, COLUMNS};
use chrono::{DateTime, Utc};

/// Per column, the last time written and its text: every posting of a run carries the same
/// fetch time (and mostly the same first and last seen), so each is formatted again only
/// when it changes.
type Times = [Option<(DateTime<Utc>, String)>; COLUMNS.len()];

thread_local! {
    static TIMES: std::cell::RefCell<Times> = const { std::cell::RefCell::new([const { None }; COLUMNS.len()]) };
}

/// Appends `p` as a JSON object, with no trailing newline: every column of `COLUMNS` in
/// order, an appended one only when it has a value.
pub fn write_posting(buf: &mut Vec<u8>, p: &Posting) {
    TIMES.with_borrow_mut(|times| {
        buf.push(b'{');
        each_column(&mut Fields {
            buf: &mut *buf,
            p,
            times,
            first: true,
        });
        buf.push(b'}');
    });
}

/// The fields of one posting's object, written column by column.
struct Fields<'a> {
    buf: &'a mut Vec<u8>,
    p: &'a Posting,
    times: &'a mut Times,
    first: bool,
}

impl Visit for Fields<'_> {
    // Inlined at each column, whose name and kind are then constants: the name's copy is a
    // few moves, not a call to memcpy, and the read is a direct one.
    #[inline(always)]
    fn column(&mut self, i: usize, column: &'static Column) {
        if column.appended && column.is_absent(self.p) {
            return;
        }
        if !self.first {
            self.buf.push(b',');
        }
        self.first = false;
        // Column names are plain ASCII words: nothing to escape.
        self.buf.push(b'"');
        self.buf.extend_from_slice(column.name.as_bytes());
        self.buf.extend_from_slice(b"\":");
        value(self.buf, column.read, self.p, &mut self.times[i]);
    }
}

#[inline(always)]
fn value(buf: &mut Vec<u8>, read: Read, p: &Posting, last: &mut Option<(DateTime<Utc>, String)>) {
    const NULL: &[u8] = b"null";
    match read {
        Read::Text(read) => match read(p) {
            Some(s) => string(buf, s),
            None => buf.extend_from_slice(NULL),
        },
        Read::Url(read) => string(buf, read(p)),
        // Rare and short: serde_json's own number formatting, so the two cannot differ.
        Read::Number(read) => match read(p) {
            Some(n) => serde_json::to_writer(&mut *buf, &n).expect("writing to a Vec cannot fail"),
            None => buf.extend_from_slice(NULL),
        },
        Read::Date(read) => match read(p) {
            Some(t) => {
                if last.as_ref().is_none_or(|(at, _)| at != t) {
                    *last = Some((*t, format_time(t)));
                }
                if let Some((_, text)) = last {
                    string(buf, text);
                }
            }
            None => buf.extend_from_slice(NULL),
        },
        Read::List(read) => {
            buf.push(b'[');
            let mut first = true;
            read(p).each(|word| {
                if !first {
                    buf.push(b',');
                }
                first = false;
                string(buf, word);
            });
            buf.push(b']');
        }
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
    use crate::posting::{EmploymentType, SalaryPeriod, Workplace};
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
