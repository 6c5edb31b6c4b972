//! Every occurrence of every phrase in a text, overlapping ones included: one Aho-Corasick
//! automaton, laid out as a flat transition table and walked over four parts of the text at
//! once.
//!
//! Both the automaton and the walk are our own: the walk is the hottest loop of tagging, and
//! the automaton is built at every start straight into the table the walk reads (the
//! `aho-corasick` crate stays as the tests' reference). The table is indexed by a byte's class (bytes no phrase contains
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
        let phrases: Vec<&[u8]> = phrases.into_iter().map(str::as_bytes).collect();
        if phrases.iter().any(|p| p.is_empty()) {
            return Err("an empty phrase matches everywhere".into());
        }
        let pattern_lens: Vec<u32> = phrases.iter().map(|p| p.len() as u32).collect();
        let max_len = phrases.iter().map(|p| p.len()).max().unwrap_or(0);
        let (classes, class_count) = byte_classes(&phrases);
        let Automaton {
            next,
            matches,
            order,
        } = Automaton::build(&phrases, &classes, class_count);
        let states = matches.len();

        // Non-match states are numbered from 0, match states from the first power of two
        // past them (in table units), so every non-match ID is below `first_match`, a
        // single set bit: OR-ing four states and comparing once tells whether any of them
        // ended a phrase. The rows in the gap are never written, so their pages are never
        // touched.
        let stride = class_count.next_power_of_two();
        let stride_shift = stride.trailing_zeros();
        let plain = matches.iter().filter(|m| m.is_empty()).count();
        let first_match = (plain * stride).next_power_of_two();
        let rows = first_match / stride + (states - plain);
        if u32::try_from(rows * stride).is_err() {
            return Err(format!("too many phrases: {states} automaton states"));
        }
        // In breadth-first order within each group: the shallow states, where a walk spends
        // most of its time, share cache lines and pages.
        let mut number = vec![0u32; states];
        let (mut next_plain, mut next_match) = (0u32, (first_match / stride) as u32);
        for &k in &order {
            let counter = if matches[k].is_empty() {
                &mut next_plain
            } else {
                &mut next_match
            };
            number[k] = *counter;
            *counter += 1;
        }
        let mut trans = vec![0u32; rows * stride];
        for (k, row) in next.chunks_exact(class_count).enumerate() {
            let at = number[k] as usize * stride;
            for (slot, &to) in trans[at..].iter_mut().zip(row) {
                *slot = number[to as usize] << stride_shift;
            }
        }
        // What `step` relies on to read the table unchecked: every state in it (each is some
        // `number << stride_shift`) starts a row that lies wholly in the table.
        assert!(number
            .iter()
            .all(|&n| (n as usize + 1) * stride <= trans.len()));
        let mut match_ranges = Vec::new();
        let mut matched = Vec::new();
        for m in order.iter().map(|&k| &matches[k]).filter(|m| !m.is_empty()) {
            let from = matched.len() as u32;
            matched.extend(m);
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
    /// pattern order). Never inlined: inside its caller the walk's registers spill.
    #[inline(never)]
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
        // Four slices of one length (WALKS is four), so one index check covers all four. The
        // states are separate locals, and a report leaves the inner loop before its call:
        // with a call inside, the loop kept its text pointers on the stack.
        let (b0, b1, b2, b3) = (
            &b[..part],
            &b[part..2 * part],
            &b[2 * part..3 * part],
            &b[3 * part..4 * part],
        );
        let first_match = self.first_match;
        let mut i = 0;
        while i < part {
            let mut hit = false;
            while i < part {
                s0 = self.step(s0, b0[i]);
                s1 = self.step(s1, b1[i]);
                s2 = self.step(s2, b2[i]);
                s3 = self.step(s3, b3[i]);
                i += 1;
                if s0 | s1 | s2 | s3 >= first_match {
                    hit = true;
                    break;
                }
            }
            if hit {
                self.report_lanes([s0, s1, s2, s3], part, i, &mut out);
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
        let at = (state + u32::from(self.classes[usize::from(byte)])) as usize;
        debug_assert!(at < self.trans.len());
        // SAFETY: `new` checked that every state in the table, the start included, is a row
        // whose whole stride lies in the table, and a class is below the stride.
        unsafe { *self.trans.get_unchecked(at) }
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

/// Byte to class, and the number of classes. Bytes a phrase contains get a class each,
/// upper and lower case sharing one; every other byte leads back to where the start state
/// would go, whatever the state, so they all share class 0.
fn byte_classes(phrases: &[&[u8]]) -> ([u8; 256], usize) {
    let mut classes = [0u8; 256];
    let mut count = 1;
    for &byte in phrases.iter().flat_map(|p| p.iter()) {
        let folded = byte.to_ascii_lowercase();
        if classes[usize::from(folded)] == 0 {
            // At most 230 bytes once case is folded: the class fits a byte.
            let class = count as u8;
            count += 1;
            classes[usize::from(folded)] = class;
            classes[usize::from(folded.to_ascii_uppercase())] = class;
        }
    }
    (classes, count)
}

/// The Aho-Corasick automaton of a phrase set as a DFA over byte classes, in the textbook
/// construction: a trie of the phrases, then breadth first, each state's missing
/// transitions taken from its failure state, which is shallower and so already complete.
/// It is what the `aho-corasick` crate builds (standard semantics, ASCII case folded; the
/// tests hold the walk to that crate's overlapping search), built directly into the shape
/// the walk needs, in about a third of the time the crate's DFA and reading it out took
/// (the tagger's build time, measured once: README, Performance, `tagger build`).
struct Automaton {
    /// `next[state * classes + class]`; state 0 is the start.
    next: Vec<u32>,
    /// Per state, the phrases that end there: its own, then its failure state's.
    matches: Vec<Vec<u32>>,
    /// Every state, breadth first from the start.
    order: Vec<usize>,
}

impl Automaton {
    fn build(phrases: &[&[u8]], classes: &[u8; 256], class_count: usize) -> Automaton {
        const NONE: u32 = u32::MAX;
        let mut next = vec![NONE; class_count];
        let mut matches: Vec<Vec<u32>> = vec![Vec::new()];
        for (id, phrase) in phrases.iter().enumerate() {
            let mut state = 0;
            for &byte in *phrase {
                let slot = state * class_count + usize::from(classes[usize::from(byte)]);
                if next[slot] == NONE {
                    next[slot] = matches.len() as u32;
                    matches.push(Vec::new());
                    next.resize(next.len() + class_count, NONE);
                }
                state = next[slot] as usize;
            }
            matches[state].push(id as u32);
        }
        let mut fail = vec![0u32; matches.len()];
        // The queue is `order` itself, read from `done` on.
        let mut order = vec![0usize];
        let mut done = 0;
        while let Some(&state) = order.get(done) {
            done += 1;
            let f = fail[state] as usize;
            for class in 0..class_count {
                let slot = state * class_count + class;
                // Where the failure state goes; the start's missing moves stay at the start.
                let fallback = if state == 0 {
                    0
                } else {
                    next[f * class_count + class]
                };
                if next[slot] == NONE {
                    next[slot] = fallback;
                } else {
                    let child = next[slot] as usize;
                    fail[child] = fallback;
                    let inherited = matches[fallback as usize].clone();
                    matches[child].extend(inherited);
                    order.push(child);
                }
            }
        }
        Automaton {
            next,
            matches,
            order,
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
            phrases in proptest::collection::vec("[abABéÉ -]{1,9}", 1..12),
            text in "[abcABéÉ -]{0,1200}",
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
