//! A feed's bytes as text, in every encoding XML 1.0 requires a reader to know: UTF-8 and
//! UTF-16, with or without a byte-order mark (Appendix F: the first bytes of `<?xml` say
//! which), and any other encoding the declaration names that the WHATWG set holds.

use super::AdapterError;
use crate::normalize::text;
use encoding_rs::{UTF_16BE, UTF_16LE};
use std::borrow::Cow;

pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, AdapterError> {
    decode_declared(bytes).map(c1_as_windows_1252)
}

fn decode_declared(bytes: &[u8]) -> Result<Cow<'_, str>, AdapterError> {
    let utf16 = match bytes {
        [0, 0, 0, b'<', ..]
        | [b'<', 0, 0, 0, ..]
        | [0, 0, 0xFE, 0xFF, ..]
        | [0xFF, 0xFE, 0, 0, ..] => {
            return Err(AdapterError::Format(
                "the feed is in UTF-32, which XML does not require and jobtap does not read".into(),
            ))
        }
        // `<?xm` in EBCDIC (Appendix F): its declaration is unreadable until decoded, so
        // without this the feed would be "no XML element", naming nothing.
        [0x4C, 0x6F, 0xA7, 0x94, ..] => {
            return Err(AdapterError::Format(
                "the feed is in EBCDIC, which XML does not require and jobtap does not read".into(),
            ))
        }
        [0, b'<', 0, b'?', ..] => UTF_16BE,
        [b'<', 0, b'?', 0, ..] => UTF_16LE,
        // A byte-order mark decides, or else UTF-8 when the bytes are UTF-8 (the fetcher
        // transcodes bodies whose Content-Type names a charset, so their declaration may be
        // stale); `decode_page` reads both.
        [0xFE, 0xFF, ..] | [0xFF, 0xFE, ..] => return Ok(text::decode_page(bytes)),
        _ => match simdutf8::basic::from_utf8(bytes) {
            Ok(s) => return Ok(Cow::Borrowed(s.strip_prefix('\u{feff}').unwrap_or(s))),
            Err(_) => return by_declaration(bytes),
        },
    };
    Ok(Cow::Owned(
        utf16.decode_without_bom_handling(bytes).0.into_owned(),
    ))
}

/// The C1 controls U+0080..U+009F as the Windows-1252 characters of those bytes (U+0092 is
/// ’). No text means a C1 control: in a feed they are Windows-1252 text passed through a
/// Latin-1 conversion, and HTML5 reads their numeric references (`&#146;`) the same way.
fn c1_as_windows_1252(text: Cow<'_, str>) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let is_c1 = |i: usize| bytes.get(i + 1).is_some_and(|b| (0x80..=0x9f).contains(b));
    if !memchr::memchr_iter(0xC2, bytes).any(is_c1) {
        return text;
    }
    Cow::Owned(
        text.chars()
            .map(|c| match u8::try_from(u32::from(c)) {
                Ok(byte @ 0x80..=0x9f) => encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(&[byte])
                    .0
                    .chars()
                    .next()
                    .unwrap_or(c),
                _ => c,
            })
            .collect(),
    )
}

/// Bytes that are not UTF-8, in the encoding their declaration names. One jobtap does not
/// know would be read as Windows-1252, wrong letters silently: it is an error instead.
fn by_declaration(bytes: &[u8]) -> Result<Cow<'_, str>, AdapterError> {
    let Some(label) = declared(bytes) else {
        return Ok(text::decode_page(bytes));
    };
    match text::encoding_for_label(label) {
        Some(e) => Ok(e.decode(bytes).0),
        None => Err(AdapterError::Format(format!(
            "the feed declares the encoding {:?}, which jobtap cannot read",
            String::from_utf8_lossy(label)
        ))),
    }
}

/// The encoding named by the XML declaration the document starts with.
fn declared(bytes: &[u8]) -> Option<&[u8]> {
    let decl = bytes.strip_prefix(b"<?xml")?;
    let decl = &decl[..memchr::memmem::find(decl, b"?>")?];
    let at = memchr::memmem::find(decl, b"encoding")? + b"encoding".len();
    let value = decl[at..]
        .trim_ascii_start()
        .strip_prefix(b"=")?
        .trim_ascii_start();
    let quote = *value.first().filter(|q| matches!(q, b'"' | b'\''))?;
    let value = &value[1..];
    Some(&value[..memchr::memchr(quote, value)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend(if big_endian {
                [0xFE, 0xFF]
            } else {
                [0xFF, 0xFE]
            });
        }
        for unit in text.encode_utf16() {
            out.extend(if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        out
    }

    #[test]
    fn utf16_with_or_without_a_byte_order_mark() {
        let doc = "<?xml version=\"1.0\" encoding=\"utf-16\"?><rss>\u{e9}\u{20ac}</rss>";
        for big_endian in [true, false] {
            for bom in [true, false] {
                let bytes = utf16(doc, big_endian, bom);
                assert_eq!(decode(&bytes).unwrap(), doc, "BE {big_endian}, BOM {bom}");
            }
        }
    }

    #[test]
    fn declared_encodings() {
        let latin1 = b"<?xml version='1.0' encoding='ISO-8859-1'?><rss>Caf\xe9</rss>";
        assert_eq!(
            decode(latin1).unwrap(),
            "<?xml version='1.0' encoding='ISO-8859-1'?><rss>Caf\u{e9}</rss>"
        );
        let unknown = b"<?xml version=\"1.0\" encoding=\"x-mac-klingon\"?><rss>\x80</rss>";
        let e = decode(unknown).unwrap_err().to_string();
        assert!(
            e.contains("\"x-mac-klingon\", which jobtap cannot read"),
            "{e}"
        );
        // Read as UTF-8 when it is: the fetcher transcodes bodies a Content-Type names.
        let ascii = b"<?xml version=\"1.0\" encoding=\"x-mac-klingon\"?><rss>ok</rss>";
        assert!(decode(ascii).is_ok());
        let utf32 = [0, 0, 0, b'<', 0, 0, 0, b'?'];
        assert!(decode(&utf32).unwrap_err().to_string().contains("UTF-32"));
        // U+0092 (UTF-8 C2 92) is the apostrophe Windows-1252 puts at 0x92; U+0081, which
        // Windows-1252 leaves undefined, stays (and is stripped later as a control).
        assert_eq!(
            decode("<rss>don\u{92}t \u{80}5 \u{81}</rss>".as_bytes()).unwrap(),
            "<rss>don\u{2019}t \u{20ac}5 \u{81}</rss>"
        );
        // `<?xml version="1.0" encoding="cp037"?>` as IBM037 writes it begins so.
        let ebcdic = [0x4C, 0x6F, 0xA7, 0x94, 0x93, 0x40];
        assert!(decode(&ebcdic).unwrap_err().to_string().contains("EBCDIC"));
    }
}
