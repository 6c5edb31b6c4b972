//! Character references (`&amp;`, `&#146;`, `&rsquo;`) decoded once, as `html-escape`
//! decodes them, the frequent ones inline.

use crate::block;
use memchr::memchr;
use std::borrow::Cow;

/// `text` with its character references decoded once, as `html-escape` decodes them.
pub fn decode_entities(text: &str) -> Cow<'_, str> {
    let Some(first) = memchr(b'&', text.as_bytes()) else {
        return Cow::Borrowed(text);
    };
    // What comes before the first '&' is copied as it is, not searched again.
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    decode_entities_into(&mut out, &text[first..]);
    Cow::Owned(out)
}

/// Appends `s` with its character references decoded once, exactly as `html-escape` does
/// (only references closed by `;`; anything unknown stays as written). The references job
/// text is full of (`&lt;` in escaped feeds, `&amp;`, `&nbsp;`, curly quotes) are decoded
/// here; the rest go to `html-escape` one at a time, which looks names up in the whole HTML
/// table.
pub fn decode_entities_into(out: &mut String, s: &str) {
    out.reserve(s.len());
    let b = s.as_bytes();
    // `s[copied..]` is not yet in `out`; every cut is at an ASCII byte, a char boundary.
    let mut copied = 0;
    while let Some(p) = block::find_near(&b[copied..], b'&') {
        let at = copied + p;
        // Escaped markup is mostly these four.
        let (c, len) = match &b[at + 1..] {
            [b'l', b't', b';', ..] => ('<', 3),
            [b'g', b't', b';', ..] => ('>', 3),
            [b'a', b'm', b'p', b';', ..] => ('&', 4),
            [b'q', b'u', b'o', b't', b';', ..] => ('"', 5),
            after => {
                // Every reference ends at a ';': with none left, nothing more is decoded.
                let Some(n) = memchr(b';', after) else {
                    break;
                };
                out.push_str(&s[copied..at]);
                // Up to and including that ';', which no reference reaches past; a span
                // that is not one reference (a lone '&' before one) is decoded by
                // html-escape as it stands.
                let name = &s[at + 1..at + 1 + n];
                match common_entity(name).or_else(|| windows_1252_reference(name)) {
                    Some(c) => out.push(c),
                    None => out.push_str(&html_escape::decode_html_entities(&s[at..at + n + 2])),
                }
                copied = at + n + 2;
                continue;
            }
        };
        out.push_str(&s[copied..at]);
        out.push(c);
        copied = at + 1 + len;
    }
    out.push_str(&s[copied..]);
}

/// The character HTML5 reads a numeric reference to U+0080..U+009F as: the Windows-1252
/// character of that byte (`&#146;` is ’), since pages that write them mean those.
fn windows_1252_reference(name: &str) -> Option<char> {
    let digits = name.strip_prefix('#')?;
    let code = match digits.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16),
        None => digits.parse(),
    }
    .ok()?;
    let byte = u8::try_from(code)
        .ok()
        .filter(|b| (0x80..=0x9f).contains(b))?;
    let byte = [byte];
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
    text.chars().next()
}

/// The character a frequent named reference stands for.
fn common_entity(name: &str) -> Option<char> {
    Some(match name {
        "apos" | "#39" | "#x27" => '\'',
        "nbsp" => '\u{a0}',
        "rsquo" => '\u{2019}',
        "lsquo" => '\u{2018}',
        "rdquo" => '\u{201d}',
        "ldquo" => '\u{201c}',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "bull" => '\u{2022}',
        "hellip" => '\u{2026}',
        "middot" => '\u{b7}',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The fast decoder gives exactly what html-escape gives for the whole text.
        #[test]
        fn entities_decode_as_html_escape_does(
            before in "(é|a)?",
            s in "(&|;|#|x|amp|lt|gt|quot|nbsp|rsquo|copy|AMP|nGt|39|x27|0|1114112|a|é|’| ){0,60}"
        ) {
            let mut ours = before.clone();
            decode_entities_into(&mut ours, &s);
            let theirs = html_escape::decode_html_entities(&s);
            proptest::prop_assert_eq!(&decode_entities(&s), &theirs);
            proptest::prop_assert_eq!(ours, before + &theirs);
        }
    }
}
