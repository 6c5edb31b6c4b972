//! A page's bytes as UTF-8 text: the charset a Content-Type, a BOM or the page itself
//! declares, with Windows-1252 as browsers' fallback.

use encoding_rs::Encoding;
use std::borrow::Cow;

/// Transcodes a body whose Content-Type names a charset other than UTF-8, so adapters only
/// ever see UTF-8 (or bytes whose page declares its own charset).
pub fn body_to_utf8(bytes: Vec<u8>, content_type: Option<&str>) -> Vec<u8> {
    let label = content_type.and_then(|ct| declared_charset(ct.as_bytes()));
    match label.and_then(|l| encoding_for_label(l.as_bytes())) {
        Some(enc) if enc != encoding_rs::UTF_8 => enc.decode(&bytes).0.into_owned().into_bytes(),
        _ => bytes,
    }
}

/// A page's bytes as text. UTF-8 is taken as is (the fetcher already transcoded bodies whose
/// Content-Type named another charset); otherwise the charset a `<meta>` or XML declaration
/// names, or a BOM, decides, and Windows-1252 is the fallback, as browsers do.
pub fn decode_page(bytes: &[u8]) -> Cow<'_, str> {
    // Checked 32 bytes at a time: a feed of tens of megabytes is checked whole before its
    // first item is read, so this check is time nothing else overlaps.
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        return Cow::Borrowed(s.strip_prefix('\u{feff}').unwrap_or(s));
    }
    let head = &bytes[..bytes.len().min(2048)];
    let encoding = Encoding::for_bom(bytes)
        .map(|(e, _)| e)
        .or_else(|| declared_charset(head).and_then(|l| encoding_for_label(l.as_bytes())))
        .unwrap_or(encoding_rs::WINDOWS_1252);
    let (text, _, _) = encoding.decode(bytes);
    text
}

/// The encoding a label names, as WHATWG lists them or with `_` for `-` (`ISO_8859_1`,
/// which XML declarations write).
pub fn encoding_for_label(label: &[u8]) -> Option<&'static Encoding> {
    Encoding::for_label(label).or_else(|| {
        let hyphens: Vec<u8> = label
            .iter()
            .map(|&b| if b == b'_' { b'-' } else { b })
            .collect();
        Encoding::for_label(&hyphens)
    })
}

/// `charset=...` or `encoding="..."` in the first bytes of a page, or in a Content-Type.
fn declared_charset(head: &[u8]) -> Option<String> {
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    let at = lower
        .find("charset=")
        .map(|i| i + 8)
        .or_else(|| lower.find("encoding=").map(|i| i + 9))?;
    let label: String = lower[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':'))
        .collect();
    (!label.is_empty()).then_some(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_decode_by_declared_charset() {
        let mut page = b"<html><head><meta charset=\"windows-1252\"></head><p>caf".to_vec();
        page.push(0xe9);
        assert!(decode_page(&page).ends_with("caf\u{e9}"));
        assert_eq!(decode_page("\u{feff}<p>ok</p>".as_bytes()), "<p>ok</p>");
        let latin = [b'a', 0xe9];
        assert_eq!(decode_page(&latin), "a\u{e9}", "fallback is Windows-1252");
        let mut page = b"<?xml version='1.0' encoding='ISO_8859_2'?><p>".to_vec();
        page.push(0xb1);
        assert!(decode_page(&page).ends_with('\u{105}'), "`_` read as `-`");
    }

    #[test]
    fn bodies_transcoded_by_their_content_type() {
        let body = || vec![b'a', 0xe9];
        for ct in [
            "text/html; charset=ISO-8859-1",
            "text/html;charset=\"latin1\"",
        ] {
            assert_eq!(body_to_utf8(body(), Some(ct)), "a\u{e9}".as_bytes(), "{ct}");
        }
        for ct in [None, Some("text/html"), Some("text/html; charset=utf-8")] {
            assert_eq!(body_to_utf8(body(), ct), body(), "{ct:?}");
        }
    }
}
