//! UTF-8 that was read as Windows-1252 or Latin-1 somewhere before us, turned back.

use std::borrow::Cow;

/// Repairs UTF-8 that was read as Windows-1252 or Latin-1 on its way to us ("MecÃ¡nico" for
/// "Mecánico", "donâ€™t" for "don’t"). Each run of such characters is turned back into
/// the bytes it came from and read as UTF-8; the text only changes when that leaves fewer
/// of the tell-tale pairs (a UTF-8 lead byte followed by a continuation byte), so correct
/// text, including correct Latin-1 like "café", passes through. Text encoded wrongly twice
/// is repaired twice.
pub fn repair_mojibake(text: &str) -> Cow<'_, str> {
    // Mis-decoded UTF-8 always shows a lead byte read as Latin-1 (Â..ô, UTF-8 C3 82..B4)
    // right before a continuation byte read as C1 or Windows-1252 (UTF-8 C2 xx, C5 xx,
    // C6 92, CB xx or E2 xx xx): text without that byte pattern ("café", "it’s") is left
    // alone without a closer look.
    let b = text.as_bytes();
    let suspicious = memchr::memchr_iter(0xc3, b).any(|i| {
        b.get(i + 1).is_some_and(|n| (0x82..=0xb4).contains(n))
            && b.get(i + 2)
                .is_some_and(|n| matches!(n, 0xc2 | 0xc5 | 0xc6 | 0xcb | 0xe2))
    });
    if !suspicious {
        return Cow::Borrowed(text);
    }
    let mut current = Cow::Borrowed(text);
    let mut suspicious = suspicious_pairs(text);
    // Each pass undoes one layer; three layers of double encoding do not occur in practice.
    for _ in 0..3 {
        if suspicious == 0 {
            break;
        }
        let repaired = reencode_pass(&current);
        let after = suspicious_pairs(&repaired);
        if after >= suspicious {
            break;
        }
        suspicious = after;
        current = Cow::Owned(repaired);
    }
    current
}

/// The Windows-1252 byte a character came from if it was mis-decoded as Windows-1252 or
/// Latin-1: ASCII and U+0080..U+00FF map to themselves, and the 27 characters Windows-1252
/// puts at 0x80..0x9F (€, ‚, ’, ...) to their bytes.
fn mojibake_byte(c: char) -> Option<u8> {
    static HIGH: std::sync::OnceLock<Vec<(char, u8)>> = std::sync::OnceLock::new();
    if let Ok(b) = u8::try_from(u32::from(c)) {
        return Some(b);
    }
    HIGH.get_or_init(|| {
        (0x80u8..=0x9f)
            .filter_map(|b| {
                let byte = [b];
                let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
                text.chars().next().map(|c| (c, b))
            })
            .collect()
    })
    .iter()
    .find(|(k, _)| *k == c)
    .map(|(_, b)| *b)
}

/// Pairs of a UTF-8 lead byte (0xC2..0xF4) and a continuation byte (0x80..0xBF) as
/// mis-decoded characters: in real text such pairs ("Ã¡", "â€") are almost never meant.
fn suspicious_pairs(text: &str) -> usize {
    let mut count = 0;
    let mut prev_lead = false;
    for c in text.chars() {
        let b = mojibake_byte(c);
        if prev_lead && b.is_some_and(|b| (0x80..=0xbf).contains(&b)) {
            count += 1;
        }
        prev_lead = b.is_some_and(|b| (0xc2..=0xf4).contains(&b));
    }
    count
}

/// One repair pass: every sequence of characters whose bytes form one valid multi-byte
/// UTF-8 character is replaced by it; everything else is kept as it was.
fn reencode_pass(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if let Some(decoded) = decode_sequence_at(&chars[i..]) {
            out.push(decoded.0);
            i += decoded.1;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// The character a UTF-8 sequence starting at `chars[0]` encodes, with the sequence's
/// length, if the characters are a mis-decoded multi-byte sequence (never a control
/// character: those would be a misreading, not a repair).
fn decode_sequence_at(chars: &[char]) -> Option<(char, usize)> {
    let lead = mojibake_byte(*chars.first()?)?;
    let len = match lead {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return None,
    };
    let mut bytes = [0u8; 4];
    for (k, slot) in bytes.iter_mut().enumerate().take(len) {
        *slot = mojibake_byte(*chars.get(k)?)?;
    }
    let decoded = std::str::from_utf8(&bytes[..len]).ok()?.chars().next()?;
    (!decoded.is_control()).then_some((decoded, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mojibake_is_repaired() {
        assert_eq!(repair_mojibake("Mec\u{c3}\u{a1}nico"), "Mec\u{e1}nico");
        assert_eq!(
            repair_mojibake("don\u{e2}\u{20ac}\u{2122}t"),
            "don\u{2019}t",
            "Windows-1252 characters at 0x80..0x9F"
        );
        assert_eq!(
            repair_mojibake("don\u{e2}\u{80}\u{99}t"),
            "don\u{2019}t",
            "Latin-1 C1 characters"
        );
        // Encoded wrongly twice: "á" -> "Ã¡" -> "ÃƒÂ¡".
        assert_eq!(
            repair_mojibake("Mec\u{c3}\u{192}\u{c2}\u{a1}nico"),
            "Mec\u{e1}nico"
        );
        // A sequence cut short at the end stays as it was; the rest is repaired.
        assert_eq!(
            repair_mojibake("veh\u{c3}\u{ad}culo y veh\u{c3}"),
            "veh\u{ed}culo y veh\u{c3}"
        );
    }

    #[test]
    fn correct_text_is_left_alone() {
        for t in [
            "Mec\u{e1}nico",
            "caf\u{e9} \u{2014} cr\u{e8}me br\u{fb}l\u{e9}e",
            "M\u{fc}nchen, Stra\u{df}e",
            "\u{a3}12.50 an hour",
            "\u{65e5}\u{672c}\u{8a9e} and emoji \u{1f600}",
            "plain ASCII",
            "",
        ] {
            assert!(
                matches!(repair_mojibake(t), Cow::Borrowed(_)),
                "changed {t:?} to {:?}",
                repair_mojibake(t)
            );
        }
        // Correct text mixed with mojibake: only the mojibake changes.
        assert_eq!(
            repair_mojibake("caf\u{e9} Mec\u{c3}\u{a1}nico \u{2014} \u{65e5}"),
            "caf\u{e9} Mec\u{e1}nico \u{2014} \u{65e5}"
        );
    }
}
