//! HTML to readable plain text.
//!
//! A single forward scan instead of a DOM: descriptions are the bulk of every response and
//! this runs once per posting, so it must stay at hundreds of MB/s. It only has to find tag
//! boundaries, skip script/style bodies and decide where line breaks go. Character
//! references are decoded by `decode_entities_into`, which the feed reader shares: the
//! frequent ones inline, the rest by `html-escape`.

use crate::block;
use std::borrow::Cow;
use std::cell::Cell;
use std::thread::LocalKey;

/// Converts an HTML fragment to text: paragraphs and list items become line breaks,
/// entities are decoded once, scripts, styles and comments are dropped, and runs of
/// whitespace collapse as a browser would show them.
pub fn html_to_text(html: &str) -> String {
    with_scratch(&SCRATCH, |buf| convert(html, TextBuilder::new(buf)))
}

fn convert(html: &str, mut out: TextBuilder) -> String {
    let bytes = html.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Text between two tags is mostly short (a few words in <b>, a list item's label).
        let lt = block::find_near(&bytes[i..], b'<').map_or(bytes.len(), |p| i + p);
        if lt > i {
            out.push_html_text(&html[i..lt]);
        }
        if lt >= bytes.len() {
            break;
        }
        i = lt;
        let rest = &html[i..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            i = comment.find("-->").map_or(bytes.len(), |p| i + 4 + p + 3);
            continue;
        }
        if let Some(body) = rest.strip_prefix("<![CDATA[") {
            let end = body.find("]]>").unwrap_or(body.len());
            out.push_text(&body[..end]);
            i += 9 + end + 3;
            continue;
        }
        let closing = rest.as_bytes().get(1) == Some(&b'/');
        let name_start = i + 1 + usize::from(closing);
        let name_end = name_start
            + bytes[name_start..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
        if name_end == name_start {
            if matches!(bytes.get(name_start), Some(b'!' | b'?')) {
                // Doctype or processing instruction.
                i = find_tag_end(bytes, name_start).map_or(bytes.len(), |e| e + 1);
            } else {
                // A bare '<' in text ("a < b").
                out.push_text("<");
                i += 1;
            }
            continue;
        }
        let name = &bytes[name_start..name_end];
        i = find_tag_end(bytes, name_end).map_or(bytes.len(), |e| e + 1);
        if !closing && is_raw_text(name) {
            i = skip_raw_text(html, i, name);
            continue;
        }
        match break_for(name) {
            Break::Paragraph => out.push_break(2),
            // Each <br> is a line break of its own, so <br><br> leaves a blank line.
            Break::Line if name.eq_ignore_ascii_case(b"br") => out.push_newline(),
            Break::Line => out.push_break(1),
            Break::Item if !closing => out.start_item(),
            Break::Item => out.push_break(1),
            Break::Cell if closing => out.push_text(" "),
            Break::Cell | Break::None => {}
        }
    }
    out.finish()
}

/// Characters that are never content: control characters (but newline and tab, which
/// `keep_lines` allows) and the bidirectional overrides and isolates that can make a cell
/// display something other than what it holds.
fn is_hidden_control(c: char, keep_lines: bool) -> bool {
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

/// Normalizes plain text (no markup): trims lines, collapses blank runs, drops control
/// characters other than newline and tab.
pub fn clean_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        let line: String = line
            .chars()
            .map(|c| if c == '\t' || c == '\u{a0}' { ' ' } else { c })
            .filter(|&c| !is_hidden_control(c, false))
            .collect();
        let line = collapse_spaces(line.trim());
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(&line);
    }
    out
}

/// Decodes HTML entities once (for fields that arrive entity-escaped, like Greenhouse's
/// `content`) and collapses whitespace; for short one-line fields such as titles.
pub fn clean_inline(text: &str) -> String {
    // Most titles are printable ASCII already in shape: single spaces, none at either end,
    // no reference. Those are taken as they are.
    let b = text.as_bytes();
    if in_shape(b) && memchr(b'&', b).is_none() {
        text.to_string()
    } else {
        inline_words(text)
    }
}

/// Printable ASCII, single spaces, none at either end: a line as it should be.
fn in_shape(b: &[u8]) -> bool {
    printable_prefix(b) == b.len()
        && b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && !has_double_space(b)
}

/// `clean_inline` for any text: references decoded, then the words joined by one space.
fn inline_words(text: &str) -> String {
    one_line(&decode_entities(text))
}

/// The words of `text` joined by one space, hidden characters dropped.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_whitespace() || is_hidden_control(c, false)) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
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
    let encoding = encoding_rs::Encoding::for_bom(bytes)
        .map(|(e, _)| e)
        .or_else(|| {
            declared_charset(head).and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes()))
        })
        .unwrap_or(encoding_rs::WINDOWS_1252);
    let (text, _, _) = encoding.decode(bytes);
    text
}

/// `charset=...` or `encoding="..."` in the first bytes of a page.
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

fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c == ' ' {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// How many bytes at the start of `b` are printable ASCII or space (0x20..0x7E), looked at
/// a block at a time.
fn printable_prefix(b: &[u8]) -> usize {
    block::first_flagged(b, 0, b' ', block::unprintable).map_or(b.len(), |(at, flagged)| {
        at + flagged.trailing_zeros() as usize
    })
}

/// Whether `b` holds two spaces in a row. Asked of every run of text and every title, which
/// are short: a block test costs less than setting up a substring search each time.
fn has_double_space(b: &[u8]) -> bool {
    // Spaces as bits, a block at a time; a pair is a bit and the one above it, the last
    // space of one block carried to the next.
    let mut carry = 0;
    block::first_flagged(b, 0, 0, |bytes| {
        let spaces = block::equal(bytes, b' ');
        let pairs = spaces & ((spaces << 1) | carry);
        carry = spaces >> (block::LEN - 1);
        pairs
    })
    .is_some()
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    memchr::memchr(needle, hay)
}

/// The index of the `>` closing a tag whose name ends at `from`, skipping quoted attribute
/// values (which may contain `>`).
fn find_tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    // Most tags end right after their name (`<p>`, `</li>`).
    if bytes.get(from) == Some(&b'>') {
        return Some(from);
    }
    let mut i = from;
    loop {
        i += memchr::memchr3(b'>', b'"', b'\'', &bytes[i..])?;
        match bytes[i] {
            b'>' => return Some(i),
            quote => i += 1 + memchr(quote, &bytes[i + 1..])? + 1,
        }
    }
}

fn is_raw_text(name: &[u8]) -> bool {
    ["script", "style", "noscript", "template", "head", "svg"]
        .iter()
        .any(|t| name.eq_ignore_ascii_case(t.as_bytes()))
}

/// Skips to just past `</name ...>`, case-insensitively; to the end if it never closes.
fn skip_raw_text(html: &str, from: usize, name: &[u8]) -> usize {
    let bytes = html.as_bytes();
    let mut i = from;
    while let Some(p) = memchr(b'<', &bytes[i..]) {
        let at = i + p;
        let after = at + 2 + name.len();
        if bytes.get(at + 1) == Some(&b'/')
            && after <= bytes.len()
            && bytes[at + 2..after].eq_ignore_ascii_case(name)
        {
            return find_tag_end(bytes, after).map_or(bytes.len(), |e| e + 1);
        }
        i = at + 1;
    }
    bytes.len()
}

enum Break {
    None,
    Line,
    Paragraph,
    Item,
    Cell,
}

fn break_for(name: &[u8]) -> Break {
    let mut lower = [0u8; 10];
    if name.len() > lower.len() {
        return Break::None;
    }
    for (d, s) in lower.iter_mut().zip(name) {
        *d = s.to_ascii_lowercase();
    }
    match &lower[..name.len()] {
        b"p" | b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" | b"ul" | b"ol" | b"dl" | b"table"
        | b"blockquote" | b"pre" | b"section" | b"article" | b"header" | b"footer" | b"hr"
        | b"figure" | b"main" | b"aside" | b"nav" | b"form" | b"fieldset" | b"address" => {
            Break::Paragraph
        }
        b"br" | b"div" | b"tr" | b"dt" | b"dd" | b"caption" | b"center" | b"details"
        | b"summary" => Break::Line,
        b"li" => Break::Item,
        b"td" | b"th" => Break::Cell,
        _ => Break::None,
    }
}

/// Accumulates text with HTML whitespace rules: runs of white space become one space, and
/// explicit breaks never stack beyond one blank line.
struct TextBuilder<'a> {
    out: &'a mut String,
    /// Scratch for one run of text with its entities decoded.
    decoded: String,
    pending_space: bool,
    /// An item marker was written and its text has not begun: breaks from a `<p>` inside
    /// the `<li>` would tear the marker from its text.
    item_open: bool,
}

thread_local! {
    /// The text being built, kept between calls: the result is copied out once at its exact
    /// size instead of growing a new string a few times per description. Fresh memory is
    /// what costs most when tens of thousands of descriptions are converted.
    static SCRATCH: Cell<String> = const { Cell::new(String::new()) };
}

/// Runs `f` on `slot`'s per-thread buffer, emptied, and keeps the buffer for the next call
/// on this thread, unless it grew past 1 MiB for one huge input.
pub fn with_scratch<R>(
    slot: &'static LocalKey<Cell<String>>,
    f: impl FnOnce(&mut String) -> R,
) -> R {
    let mut buf = slot.take();
    buf.clear();
    let r = f(&mut buf);
    if buf.capacity() <= 1 << 20 {
        slot.set(buf);
    }
    r
}

impl<'a> TextBuilder<'a> {
    fn new(out: &'a mut String) -> Self {
        TextBuilder {
            out,
            decoded: String::new(),
            pending_space: false,
            item_open: false,
        }
    }

    fn push_html_text(&mut self, raw: &str) {
        if memchr(b'&', raw.as_bytes()).is_none() {
            return self.push_text(raw);
        }
        // Decoded into a buffer kept with the builder rather than a new string per run.
        let mut decoded = std::mem::take(&mut self.decoded);
        decoded.clear();
        decode_entities_into(&mut decoded, raw);
        self.push_text(&decoded);
        self.decoded = decoded;
    }

    fn push_text(&mut self, text: &str) {
        // Runs of printable ASCII and spaces (most of any description) are copied whole,
        // words and single spaces in one piece; only the bytes between runs are looked at one
        // character at a time.
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let run = printable_prefix(&bytes[i..]);
            if run > 0 {
                self.push_run(&text[i..i + run]);
                i += run;
                continue;
            }
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            if c.is_whitespace() {
                self.pending_space = true;
            } else if !is_hidden_control(c, false) {
                // Hidden controls are never meaningful in a posting, and they break or
                // disguise spreadsheet cells.
                self.push_visible(c.encode_utf8(&mut [0; 4]));
            }
            i += c.len_utf8();
        }
    }

    /// Printable ASCII with spaces: runs of spaces collapse to one, as in `push_text`.
    fn push_run(&mut self, run: &str) {
        // Byte-level trims: a run is ASCII, and char-pattern trims cost more than the run.
        let lead = run.bytes().take_while(|&c| c == b' ').count();
        let trail = run.bytes().rev().take_while(|&c| c == b' ').count();
        let words = run.get(lead..run.len() - trail).unwrap_or("");
        if lead > 0 {
            self.pending_space = true;
        }
        if has_double_space(words.as_bytes()) {
            for (k, w) in words.split(' ').filter(|w| !w.is_empty()).enumerate() {
                self.pending_space |= k > 0;
                self.push_visible(w);
            }
        } else if !words.is_empty() {
            self.push_visible(words);
        }
        if trail > 0 {
            self.pending_space = true;
        }
    }

    fn push_visible(&mut self, s: &str) {
        if self.pending_space && !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push(' ');
        }
        self.pending_space = false;
        self.item_open = false;
        self.out.push_str(s);
    }

    fn push_break(&mut self, newlines: usize) {
        if self.item_open {
            return;
        }
        self.pending_space = false;
        while self.out.ends_with(' ') {
            self.out.pop();
        }
        if self.out.is_empty() {
            return;
        }
        let have = self.trailing_newlines();
        for _ in have..newlines {
            self.out.push('\n');
        }
    }

    fn trailing_newlines(&self) -> usize {
        self.out.bytes().rev().take_while(|&c| c == b'\n').count()
    }

    /// One more line break, up to one blank line.
    fn push_newline(&mut self) {
        let had = self.trailing_newlines();
        self.push_break((had + 1).min(2));
    }

    /// Starts a list item on its own line, right under the previous item even when that
    /// one ended with a paragraph (`<li><p>..</p></li>`).
    fn start_item(&mut self) {
        self.item_open = false;
        let body = &self.out[..self.out.len() - self.trailing_newlines()];
        let line_start = memchr::memrchr(b'\n', body.as_bytes()).map_or(0, |p| p + 1);
        let last_line = &body[line_start..];
        if last_line == "-" || last_line.starts_with("- ") {
            self.out.truncate(body.len());
        }
        self.push_break(1);
        self.push_text("- ");
        self.item_open = true;
    }

    fn finish(self) -> String {
        self.out.trim_end().to_string()
    }
}

// One-line fields read from markup or from plain text (a feed's titles, names, places).

/// What a browser shows of an HTML title: `html_to_text`, its line breaks as spaces.
pub fn html_to_line(html: &str) -> String {
    one_line(&html_to_text(html))
}

/// Plain text on one line: whitespace collapsed, hidden characters dropped, and nothing
/// decoded (an `&amp;` in plain text is what it says).
pub fn text_to_line(text: &str) -> String {
    if in_shape(text.as_bytes()) {
        text.to_string()
    } else {
        one_line(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_lists_and_entities() {
        let html = "<div><h2>About us</h2><p>We&#39;re   hiring &amp; growing.</p>\
                    <ul><li>Chat support</li><li>Nights<br>and weekends</li></ul></div>";
        assert_eq!(
            html_to_text(html),
            "About us\n\nWe're hiring & growing.\n\n- Chat support\n- Nights\nand weekends"
        );
    }

    /// The word-at-a-time scan stops exactly where a byte-at-a-time one does.
    #[test]
    fn printable_prefix_matches_a_byte_scan() {
        let stops = ["\n", "\t", "\u{7f}", "é", "\u{0}", "\u{1f}", "€"];
        for lead in 0..20 {
            for stop in stops {
                for tail in ["", "abc", "\u{7f}~ "] {
                    let s = format!("{}{stop}{tail}", " ~a".repeat(lead));
                    let want = s.bytes().take_while(|c| (0x20..0x7f).contains(c)).count();
                    assert_eq!(printable_prefix(s.as_bytes()), want, "{s:?}");
                }
            }
            let plain = "x ".repeat(lead);
            assert_eq!(printable_prefix(plain.as_bytes()), plain.len());
        }
    }

    /// A pair of spaces is found wherever it is, across a block's end included, and a lone
    /// space never is.
    #[test]
    fn double_spaces_are_found_anywhere() {
        for len in 0..50 {
            for at in 0..len {
                let mut lone = vec![b'x'; len];
                lone[at] = b' ';
                assert!(!has_double_space(&lone), "{len} {at}");
                if at + 1 < len {
                    let mut pair = lone.clone();
                    pair[at + 1] = b' ';
                    assert!(has_double_space(&pair), "{len} {at}");
                }
            }
        }
    }

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

    #[test]
    fn double_br_is_a_blank_line() {
        assert_eq!(
            html_to_text("one<br>two<br><br>three<br><br><br>four"),
            "one\ntwo\n\nthree\n\nfour"
        );
    }

    #[test]
    fn paragraphs_inside_list_items() {
        let html =
            "<p>Intro</p><ul><li><p>One</p></li><li><p>Two</p><p>more</p></li></ul><p>End</p>";
        assert_eq!(html_to_text(html), "Intro\n\n- One\n- Two\n\nmore\n\nEnd");
    }

    #[test]
    fn scripts_styles_comments_dropped() {
        let html =
            "<style>p{color:red}</style><p>Hi<!-- x --></p><SCRIPT>alert('<p>')</SCRIPT>there";
        assert_eq!(html_to_text(html), "Hi\n\nthere");
    }

    #[test]
    fn quoted_gt_in_attribute_and_bare_lt() {
        assert_eq!(
            html_to_text("<a title=\"a>b\">link</a> 3 < 4"),
            "link 3 < 4"
        );
    }

    #[test]
    fn entities_decoded_once() {
        assert_eq!(html_to_text("&amp;lt;b&amp;gt;"), "&lt;b&gt;");
        assert_eq!(clean_inline("Tom &amp;amp; Jerry"), "Tom &amp; Jerry");
    }

    #[test]
    fn whitespace_and_controls_between_words() {
        assert_eq!(
            html_to_text("a\u{a0}\u{a0}b\u{7}c\u{2003}d \u{e9}t\u{e9}\t\r\ne\u{85}f"),
            "a bc d \u{e9}t\u{e9} e f"
        );
        assert_eq!(html_to_text("<p> x </p>  <p>\u{3000}y</p>"), "x\n\ny");
        assert_eq!(
            html_to_text("  a  b c   <b>d</b>e <i> f</i>  \u{e9} g  "),
            "a b c de f \u{e9} g"
        );
        assert_eq!(html_to_text("x<br>  y <br> z"), "x\ny\nz");
    }

    #[test]
    fn unterminated_input_does_not_panic() {
        for s in [
            "<p",
            "<script>x",
            "<!-- x",
            "<![CDATA[x",
            "a<",
            "<a href='x",
            "&",
            "<\u{e9}",
        ] {
            let _ = html_to_text(s);
        }
        assert_eq!(html_to_text("<p>caf\u{e9}</p>"), "caf\u{e9}");
    }

    #[test]
    fn pages_decode_by_declared_charset() {
        let mut page = b"<html><head><meta charset=\"windows-1252\"></head><p>caf".to_vec();
        page.push(0xe9);
        assert!(decode_page(&page).ends_with("caf\u{e9}"));
        assert_eq!(decode_page("\u{feff}<p>ok</p>".as_bytes()), "<p>ok</p>");
        let latin = [b'a', 0xe9];
        assert_eq!(decode_page(&latin), "a\u{e9}", "fallback is Windows-1252");
    }

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
        /// Text taken as it is by `clean_inline` is what the full cleaning gives.
        #[test]
        fn inline_text_in_shape_is_kept_as_the_full_cleaning_keeps_it(s in "[ -~]{0,40}") {
            proptest::prop_assert_eq!(clean_inline(&s), inline_words(&s));
        }

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

    #[test]
    fn hidden_controls_are_dropped() {
        assert_eq!(html_to_text("<p>ab\u{202E}cd\u{0}e</p>"), "abcde");
        assert_eq!(clean_inline("Agent\u{202E}gpj.exe"), "Agent gpj.exe");
        let mut s = "line\nnext\u{2066}\u{7}".to_string();
        strip_hidden(&mut s, true);
        assert_eq!(s, "line\nnext");
    }

    #[test]
    fn clean_text_trims_and_collapses() {
        assert_eq!(clean_text("  a  b \n\n\n\tc\u{0}\r\n"), "a b\n\nc");
    }
}
