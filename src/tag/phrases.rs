//! Every occurrence of every phrase in a text, overlapping ones included: one Aho-Corasick
//! DFA walked over four parts of the text at once.
//!
//! A DFA walk is a chain of dependent table loads, one per byte, so a single walk waits on
//! memory most of the time. Four independent walks interleaved in one loop keep four loads
//! in flight and scan about twice as fast on long descriptions. Each part after the first
//! starts `max_len` bytes early without reporting: an Aho-Corasick state depends only on the
//! last `max_len` bytes read, so by the part's first byte the walk is in exactly the state a
//! walk from the start of the text would be in, and reports exactly the same matches.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind, PatternID};

pub struct Phrases {
    dfa: DFA,
    start: StateID,
    max_len: usize,
}

/// A phrase occurrence: pattern index, start and end byte offsets.
pub type Found = (usize, usize, usize);

const WALKS: usize = 4;

impl Phrases {
    pub fn new<'a>(
        phrases: impl IntoIterator<Item = &'a str> + Clone,
    ) -> Result<Phrases, aho_corasick::BuildError> {
        let dfa = aho_corasick::dfa::Builder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(phrases.clone())?;
        let start = dfa
            .start_state(Anchored::No)
            .expect("an unanchored DFA has an unanchored start state");
        let max_len = phrases.into_iter().map(str::len).max().unwrap_or(0);
        Ok(Phrases {
            dfa,
            start,
            max_len,
        })
    }

    /// Every occurrence in `text`, in the order of their end offsets (for one end, in
    /// pattern order).
    pub fn find_all(&self, text: &str) -> Vec<Found> {
        let b = text.as_bytes();
        let mut out = Vec::new();
        let part = b.len() / WALKS;
        // Short texts, and texts whose parts are shorter than a phrase, take one walk.
        if part < self.max_len.max(64) {
            self.walk(b, 0, self.start, &mut out);
            return out;
        }
        let mut sids = [self.start; WALKS];
        for (k, sid) in sids.iter_mut().enumerate().skip(1) {
            for &c in &b[k * part - self.max_len..k * part] {
                *sid = self.dfa.next_state(Anchored::No, *sid, c);
            }
        }
        // Four equal slices zipped (WALKS is four): no bounds check between the table loads.
        let parts = (&b[..part], &b[part..2 * part], &b[2 * part..3 * part]);
        let lanes = parts
            .0
            .iter()
            .zip(parts.1)
            .zip(parts.2)
            .zip(&b[3 * part..4 * part]);
        for (i, (((&c0, &c1), &c2), &c3)) in lanes.enumerate() {
            for (k, c) in [c0, c1, c2, c3].into_iter().enumerate() {
                sids[k] = self.dfa.next_state(Anchored::No, sids[k], c);
                self.report(sids[k], k * part + i + 1, &mut out);
            }
        }
        // What is left past the last part's end belongs to the last walk.
        let rest = WALKS * part;
        self.walk(&b[rest..], rest, sids[WALKS - 1], &mut out);
        // The walks' reports interleave; each part's are in order and the parts are
        // disjoint, so a stable sort by end offset restores the order of one walk.
        out.sort_by_key(|&(_, _, end)| end);
        out
    }

    /// Walks `bytes` (at `offset` in the text) from state `sid`, reporting as it goes.
    fn walk(&self, bytes: &[u8], offset: usize, mut sid: StateID, out: &mut Vec<Found>) {
        for (i, &c) in bytes.iter().enumerate() {
            sid = self.dfa.next_state(Anchored::No, sid, c);
            self.report(sid, offset + i + 1, out);
        }
    }

    #[inline(always)]
    fn report(&self, sid: StateID, end: usize, out: &mut Vec<Found>) {
        if self.dfa.is_special(sid) && self.dfa.is_match(sid) {
            for k in 0..self.dfa.match_len(sid) {
                let id: PatternID = self.dfa.match_pattern(sid, k);
                let len = self.dfa.pattern_len(id);
                out.push((id.as_usize(), end - len, end));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::AhoCorasick;

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        /// On any text and phrase set over a small alphabet (so phrases overlap and recur
        /// often), the four walks report what one overlapping search does, in its order.
        #[test]
        fn any_text_any_phrases(
            phrases in proptest::collection::vec("[abAB -]{1,9}", 1..12),
            text in "[abAB -]{0,1200}",
        ) {
            let p = Phrases::new(phrases.iter().map(String::as_str)).unwrap();
            let ac = AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&phrases)
                .unwrap();
            let got = p.find_all(&text);
            let want: Vec<Found> = ac
                .find_overlapping_iter(&text)
                .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                .collect();
            prop_assert_eq!(got, want);
        }
    }

    /// The interleaved walks report exactly what the crate's own overlapping search does, on
    /// texts long enough to be split, with phrases across every part boundary.
    #[test]
    fn same_matches_as_one_overlapping_search() {
        let phrases = [
            "chat",
            "live chat",
            "chat support",
            "night",
            "overnight",
            "a",
            "ab",
        ];
        let p = Phrases::new(phrases).unwrap();
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(phrases)
            .unwrap();
        let unit = "Live CHAT support overnight; ab chat-night ";
        for repeat in [0, 1, 3, 7, 10, 40] {
            for cut in 0..unit.len() {
                let text = format!("{}{}", unit.repeat(repeat), &unit[..cut]);
                let got = p.find_all(&text);
                let want: Vec<Found> = ac
                    .find_overlapping_iter(&text)
                    .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                    .collect();
                assert_eq!(got, want, "{} bytes", text.len());
            }
        }
    }
}
