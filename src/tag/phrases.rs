//! Every occurrence of every phrase in a text, overlapping ones included: one Aho-Corasick
//! automaton, laid out as a flat transition table and walked over four parts of the text at
//! once.
//!
//! The automaton is built by the `aho-corasick` crate; the walk is our own because it is the
//! hottest loop of tagging. The table is indexed by a byte's class (bytes no phrase contains
//! all behave alike and share one class, and case is folded), so it stays small enough to
//! sit in cache, and match states are numbered from a power of two that every other state
//! is below, so "did any of four walks end a phrase?" is three ORs and one comparison.
//!
//! A walk is a chain of dependent table loads, one per byte, so a single walk waits on memory
//! most of the time. Four independent walks interleaved in one loop keep four loads in
//! flight. Each part after the first starts `max_len` bytes early without reporting: an
//! Aho-Corasick state depends only on the last `max_len` bytes read, so by the part's first
//! byte the walk is in exactly the state a walk from the start of the text would be in, and
//! reports exactly the same matches.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::{self, DFA};
use aho_corasick::{Anchored, MatchKind};

pub struct Phrases {
    /// Byte to class; class 0 is every byte no phrase contains.
    classes: [u8; 256],
    /// `trans[state + class]` is the next state. States are premultiplied by the stride (the
    /// class count rounded up to a power of two), so a step is one add and one load.
    trans: Vec<u32>,
    start: u32,
    /// A power of two: states from this one up are match states, all others are below it.
    first_match: u32,
    stride_shift: u32,
    /// Per match state (`(state - first_match) >> stride_shift`), its range in `matched`.
    match_ranges: Vec<(u32, u32)>,
    /// Pattern indexes, grouped by match state, in the automaton's report order.
    matched: Vec<u32>,
    pattern_lens: Vec<u32>,
    max_len: usize,
}

/// A phrase occurrence: pattern index, start and end byte offsets.
pub type Found = (usize, usize, usize);

const WALKS: usize = 4;

impl Phrases {
    pub fn new<'a>(phrases: impl IntoIterator<Item = &'a str> + Clone) -> Result<Phrases, String> {
        // The crate's own DFA is built by optimized code even in a debug build (the tests
        // start the binary hundreds of times); only reading its transitions out is ours.
        let dfa = dfa::Builder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(phrases.clone())
            .map_err(|e| e.to_string())?;
        let pattern_lens: Vec<u32> = phrases
            .clone()
            .into_iter()
            .map(|p| p.len() as u32)
            .collect();
        let max_len = pattern_lens.iter().max().map_or(0, |&l| l as usize);
        let (classes, representatives) = byte_classes(phrases);
        let (order, next_of) = reachable(&dfa, &representatives);

        // Non-match states are numbered from 0, match states from the first power of two
        // past them (in table units), so every non-match ID is below `first_match`, a
        // single set bit: OR-ing four states and comparing once tells whether any of them
        // ended a phrase. The rows in the gap are never written, so their pages are never
        // touched.
        let stride = representatives.len().next_power_of_two();
        let stride_shift = stride.trailing_zeros();
        let is_match = |k: usize| dfa.is_match(order[k]);
        let plain = (0..order.len()).filter(|&k| !is_match(k)).count();
        let first_match = (plain * stride).next_power_of_two();
        let rows = first_match / stride + (order.len() - plain);
        if u32::try_from(rows * stride).is_err() {
            return Err(format!(
                "too many phrases: {} automaton states",
                order.len()
            ));
        }
        let mut number = vec![0u32; order.len()];
        let (mut next_plain, mut next_match) = (0u32, (first_match / stride) as u32);
        let mut matches_in_order = Vec::new();
        for (k, n) in number.iter_mut().enumerate() {
            let counter = if is_match(k) {
                matches_in_order.push(k);
                &mut next_match
            } else {
                &mut next_plain
            };
            *n = *counter;
            *counter += 1;
        }
        let mut trans = vec![0u32; rows * stride];
        for (k, &n) in number.iter().enumerate() {
            let row = &next_of[k * representatives.len()..(k + 1) * representatives.len()];
            let at = n as usize * stride;
            for (slot, &to) in trans[at..].iter_mut().zip(row) {
                *slot = number[to as usize] << stride_shift;
            }
        }
        let mut match_ranges = Vec::new();
        let mut matched = Vec::new();
        for k in matches_in_order {
            let from = matched.len() as u32;
            let sid = order[k];
            matched.extend((0..dfa.match_len(sid)).map(|m| dfa.match_pattern(sid, m).as_u32()));
            match_ranges.push((from, matched.len() as u32));
        }
        Ok(Phrases {
            classes,
            trans,
            start: number[0] << stride_shift,
            first_match: first_match as u32,
            stride_shift,
            match_ranges,
            matched,
            pattern_lens,
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
        // The lead-ins of parts 1 to 3, walked together for the same reason as the parts.
        let lead = |k: usize| &b[k * part - self.max_len..k * part];
        let [mut s0, mut s1, mut s2, mut s3] = [self.start; WALKS];
        for ((&c1, &c2), &c3) in lead(1).iter().zip(lead(2)).zip(lead(3)) {
            s1 = self.step(s1, c1);
            s2 = self.step(s2, c2);
            s3 = self.step(s3, c3);
        }
        // Four equal slices zipped (WALKS is four): no bounds check on the text between the
        // table loads. The four states are separate locals so they stay in registers, and the
        // rare reports are a call out of the loop, which keeps it from spilling them.
        let lanes = b[..part]
            .iter()
            .zip(&b[part..2 * part])
            .zip(&b[2 * part..3 * part])
            .zip(&b[3 * part..4 * part]);
        for (i, (((&c0, &c1), &c2), &c3)) in lanes.enumerate() {
            s0 = self.step(s0, c0);
            s1 = self.step(s1, c1);
            s2 = self.step(s2, c2);
            s3 = self.step(s3, c3);
            if s0 | s1 | s2 | s3 >= self.first_match {
                self.report_lanes([s0, s1, s2, s3], part, i + 1, &mut out);
            }
        }
        // What is left past the last part's end belongs to the last walk.
        let rest = WALKS * part;
        self.walk(&b[rest..], rest, s3, &mut out);
        // The walks' reports interleave; each part's are in order and the parts are
        // disjoint, so a stable sort by end offset restores the order of one walk.
        out.sort_by_key(|&(_, _, end)| end);
        out
    }

    #[inline(always)]
    fn step(&self, state: u32, byte: u8) -> u32 {
        self.trans[(state + u32::from(self.classes[usize::from(byte)])) as usize]
    }

    /// Walks `bytes` (at `offset` in the text) from `state`, reporting as it goes.
    fn walk(&self, bytes: &[u8], offset: usize, mut state: u32, out: &mut Vec<Found>) {
        for (i, &c) in bytes.iter().enumerate() {
            state = self.step(state, c);
            if state >= self.first_match {
                self.report(state, offset + i + 1, out);
            }
        }
    }

    /// Reports the walks among `states` that ended a phrase at byte `end` of their part.
    #[cold]
    #[inline(never)]
    fn report_lanes(&self, states: [u32; WALKS], part: usize, end: usize, out: &mut Vec<Found>) {
        for (k, s) in states.into_iter().enumerate() {
            if s >= self.first_match {
                self.report(s, k * part + end, out);
            }
        }
    }

    #[cold]
    fn report(&self, state: u32, end: usize, out: &mut Vec<Found>) {
        let (from, to) =
            self.match_ranges[((state - self.first_match) >> self.stride_shift) as usize];
        for &id in &self.matched[from as usize..to as usize] {
            let len = self.pattern_lens[id as usize] as usize;
            out.push((id as usize, end - len, end));
        }
    }
}

/// Byte to class, and a byte standing for each class. Bytes a phrase contains get a class
/// each, upper and lower case sharing one; every other byte leads back to where the start
/// state would go, whatever the state, so they all share class 0.
fn byte_classes<'a>(phrases: impl IntoIterator<Item = &'a str>) -> ([u8; 256], Vec<u8>) {
    let mut classes = [0u8; 256];
    let mut representatives = vec![0u8];
    for byte in phrases.into_iter().flat_map(str::bytes) {
        let folded = byte.to_ascii_lowercase();
        if classes[usize::from(folded)] == 0 {
            // At most 230 bytes once case is folded: the class fits a byte.
            let class = representatives.len() as u8;
            representatives.push(folded);
            classes[usize::from(folded)] = class;
            classes[usize::from(folded.to_ascii_uppercase())] = class;
        }
    }
    // Class 0's byte is any byte in no phrase (the class is unused if there is none).
    representatives[0] = (0..=255u8)
        .find(|&b| classes[usize::from(b)] == 0)
        .unwrap_or(0);
    (classes, representatives)
}

/// Every state reachable from the start, breadth first (the start is the first), and each
/// one's transitions: `next[k * classes + class]` is the position in that order of where
/// state `k` goes on `class`.
fn reachable(dfa: &DFA, representatives: &[u8]) -> (Vec<StateID>, Vec<u32>) {
    let start = dfa
        .start_state(Anchored::No)
        .expect("an unanchored automaton has an unanchored start state");
    // State IDs are offsets into the DFA's transition table, whose size (within its memory
    // usage) bounds them. Seen states are marked in a bitset over that range: small enough
    // to stay in cache, where a table indexed by ID would miss on every lookup.
    let mut seen = vec![0u64; dfa.memory_usage() / 4 / 64 + 1];
    let mut mark = |sid: StateID| {
        let (word, bit) = (sid.as_usize() / 64, 1u64 << (sid.as_usize() % 64));
        let new = seen[word] & bit == 0;
        seen[word] |= bit;
        new
    };
    mark(start);
    let mut order = vec![start];
    let mut next = Vec::new();
    let mut k = 0;
    while k < order.len() {
        let sid = order[k];
        for &b in representatives {
            let to = dfa.next_state(Anchored::No, sid, b);
            if mark(to) {
                order.push(to);
            }
            next.push(to.as_u32());
        }
        k += 1;
    }
    // Every ID is a multiple of the same power of two (the DFA's stride): divided by it,
    // the IDs index a table about as long as there are states.
    let shift = order
        .iter()
        .fold(0, |or, sid| or | sid.as_u32())
        .trailing_zeros();
    let max = order
        .iter()
        .map(|sid| sid.as_usize() >> shift)
        .max()
        .unwrap_or(0);
    let mut position = vec![0u32; max + 1];
    for (n, sid) in order.iter().enumerate() {
        position[sid.as_usize() >> shift] = n as u32;
    }
    for to in &mut next {
        *to = position[(*to >> shift) as usize];
    }
    (order, next)
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
            text in "[abcABé -]{0,1200}",
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
