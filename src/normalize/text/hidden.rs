//! Characters that are never content (controls, bidirectional overrides), found at memory
//! speed and removed.

use crate::block;

/// Characters that are never content: control characters (but newline and tab, which
/// `keep_lines` allows) and the bidirectional overrides and isolates that can make a cell
/// display something other than what it holds.
#[inline]
pub(super) fn is_hidden_control(c: char, keep_lines: bool) -> bool {
    (c.is_control() && !(keep_lines && (c == '\n' || c == '\t')))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Removes hidden control characters in place; `keep_lines` keeps newlines and tabs.
pub fn strip_hidden(s: &mut String, keep_lines: bool) {
    if has_hidden(s.as_bytes(), keep_lines) {
        s.retain(|c| !is_hidden_control(c, keep_lines));
    }
}

/// Byte-level test for the characters `is_hidden_control` names (every description passes
/// through here, so this runs at memory speed): C0 and DEL, C1 (UTF-8 `C2 80..9F`),
/// U+202A..202E (`E2 80 AA..AE`), U+2066..2069 (`E2 81 A6..A9`) and U+FEFF (`EF BB BF`).
/// A block test finds the controls and the lead bytes; only a lead byte (a curly quote or a
/// dash starts with `E2` too) is looked at further.
fn has_hidden(b: &[u8], keep_lines: bool) -> bool {
    // One loop for each `keep_lines`, so that neither tests it at every block.
    if keep_lines {
        has_hidden_as(b, |bytes| block::hidden_candidates(bytes, true))
    } else {
        has_hidden_as(b, |bytes| block::hidden_candidates(bytes, false))
    }
}

#[inline(always)]
fn has_hidden_as(b: &[u8], candidates: impl Fn(&[u8; block::LEN]) -> u32) -> bool {
    // A flagged block may hold only lookalikes (a curly quote starts with E2 too): the scan
    // goes on after it.
    let mut from = 0;
    while let Some((at, flagged)) = block::first_flagged(b, from, b' ', &candidates) {
        if block::positions(flagged).any(|i| is_hidden_at(b, at + i)) {
            return true;
        }
        from = at + block::LEN;
    }
    false
}

/// Whether the byte at `i`, which `block::hidden_candidates` flagged, starts a hidden
/// character.
fn is_hidden_at(b: &[u8], i: usize) -> bool {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    match b[i] {
        0xc2 => (0x80..=0x9f).contains(&at(i + 1)),
        0xe2 => {
            (at(i + 1) == 0x80 && (0xaa..=0xae).contains(&at(i + 2)))
                || (at(i + 1) == 0x81 && (0xa6..=0xa9).contains(&at(i + 2)))
        }
        0xef => at(i + 1) == 0xbb && at(i + 2) == 0xbf,
        // A control byte.
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_test_agrees_with_char_test() {
        let samples = [
            "plain",
            "tab\there",
            "new\nline",
            "nul\u{0}",
            "del\u{7f}",
            "c1\u{85}",
            "\u{9f}",
            "bidi\u{202A}",
            "\u{202E}",
            "\u{2066}",
            "\u{2069}",
            "bom\u{feff}",
            "\u{2067}x",
            "caf\u{e9} \u{2014} \u{20ac} \u{2019}",
            "\u{a0}",
            "\u{2029}",
        ];
        for s in samples {
            for keep in [true, false] {
                let by_char = s.chars().any(|c| is_hidden_control(c, keep));
                assert_eq!(has_hidden(s.as_bytes(), keep), by_char, "{s:?} keep={keep}");
            }
        }
    }
    proptest::proptest! {
        /// The byte sweep finds a hidden character exactly when one is there, wherever it is
        /// (chunk edges included) and whatever surrounds it.
        #[test]
        fn hidden_is_found_as_by_characters(
            s in "[a \n\t\u{0}\u{1f}\u{7f}\u{80}\u{85}\u{9f}\u{a0}\u{c2}\u{2019}\u{2029}\u{202a}\u{202e}\u{202f}\u{2066}\u{2069}\u{206a}\u{feff}\u{fefe}\u{efbb}]{0,12}",
            pad in 0usize..300,
        ) {
            let s = format!("{}{s}", "x".repeat(pad));
            for keep in [true, false] {
                let by_char = s.chars().any(|c| is_hidden_control(c, keep));
                proptest::prop_assert_eq!(has_hidden(s.as_bytes(), keep), by_char);
            }
        }
    }
}
