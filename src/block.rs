//! Byte tests on sixteen bytes at once, for the scans every description goes through (HTML
//! to text, entity decoding, JSON string escaping, the numbers pay is read from). Each test answers with one bit per byte,
//! bit `i` for byte `i` of the block: the lowest set bit is the first byte that passes.
//!
//! On x86_64 a test is a few SSE2 instructions (every x86_64 CPU has SSE2, so nothing is
//! detected at run time); elsewhere it is a byte at a time, which is also what the tests hold
//! the SSE2 code to.

pub const LEN: usize = 16;

/// Bytes equal to `byte`.
#[inline(always)]
pub fn equal(block: &[u8; LEN], byte: u8) -> u32 {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::*;
        // SAFETY: an unaligned load of the sixteen bytes `block` holds; SSE2 is part of
        // x86_64.
        unsafe {
            let v = _mm_loadu_si128(block.as_ptr().cast());
            _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(byte as i8))) as u32
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        bits(block, |c| c == byte)
    }
}

/// Bytes outside printable ASCII (0x20..=0x7E).
#[inline(always)]
pub fn unprintable(block: &[u8; LEN]) -> u32 {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::*;
        // SAFETY: as in `equal`.
        unsafe {
            let v = _mm_loadu_si128(block.as_ptr().cast());
            // As signed bytes, everything from 0x80 up is below 0x20.
            let ok = _mm_and_si128(
                _mm_cmpgt_epi8(v, _mm_set1_epi8(0x1f)),
                _mm_cmplt_epi8(v, _mm_set1_epi8(0x7f)),
            );
            !(_mm_movemask_epi8(ok) as u32) & 0xffff
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        bits(block, is_unprintable)
    }
}

/// ASCII digits (the numbers the pay reader looks at).
#[inline(always)]
pub fn digits(block: &[u8; LEN]) -> u32 {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::*;
        // SAFETY: as in `equal`.
        unsafe {
            let v = _mm_loadu_si128(block.as_ptr().cast());
            // A digit less '0' is 0..=9, its own minimum with 9; every other byte wraps
            // above 9.
            let d = _mm_sub_epi8(v, _mm_set1_epi8(b'0' as i8));
            _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d)) as u32
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        bits(block, |c| c.is_ascii_digit())
    }
}

/// Bytes a JSON string escapes: below 0x20, `"` and `\`.
#[inline(always)]
pub fn json_escapes(block: &[u8; LEN]) -> u32 {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::*;
        // SAFETY: as in `equal`.
        unsafe {
            let v = _mm_loadu_si128(block.as_ptr().cast());
            // Unsigned "below 0x20": the byte is its own minimum with 0x1F.
            let control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);
            let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
            let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
            _mm_movemask_epi8(_mm_or_si128(control, _mm_or_si128(quote, backslash))) as u32
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        bits(block, is_json_escape)
    }
}

/// Bytes that are, or may start, a hidden character: C0 controls (without newline and tab
/// when `keep_lines`), DEL, and the lead bytes of the multi-byte ones (`C2` of the C1
/// controls, `E2` of the bidirectional controls, `EF` of the byte-order mark), which the
/// caller checks with the bytes after them.
#[inline(always)]
pub fn hidden_candidates(block: &[u8; LEN], keep_lines: bool) -> u32 {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::*;
        // SAFETY: as in `equal`.
        unsafe {
            let v = _mm_loadu_si128(block.as_ptr().cast());
            let is = |byte: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(byte as i8));
            let mut control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);
            if keep_lines {
                control = _mm_andnot_si128(_mm_or_si128(is(b'\n'), is(b'\t')), control);
            }
            let leads = _mm_or_si128(_mm_or_si128(is(0xc2), is(0xe2)), is(0xef));
            let all = _mm_or_si128(_mm_or_si128(control, is(0x7f)), leads);
            _mm_movemask_epi8(all) as u32
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        bits(block, |c| is_hidden_candidate(c, keep_lines))
    }
}

/// The positions of the set bits of a test's answer, lowest first.
#[inline(always)]
pub fn positions(mut bits: u32) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        let at = (bits != 0).then(|| bits.trailing_zeros() as usize);
        bits &= bits.wrapping_sub(1);
        at
    })
}

/// The first block of `bytes` from `from` on that `test` flags: its offset in `bytes` and
/// the test's answer (a scan that found a false alarm goes on from the block after it).
/// The last few bytes (fewer than a block) are followed by `fill`, which the caller picks
/// so that no test flags it. A plain loop over the blocks, with nothing kept between them
/// but the offset: every description goes through scans like this several times, and an
/// iterator chain here kept its state in memory and cost twice the instructions of the
/// test.
#[inline(always)]
pub fn first_flagged(
    bytes: &[u8],
    from: usize,
    fill: u8,
    mut test: impl FnMut(&[u8; LEN]) -> u32,
) -> Option<(usize, u32)> {
    let whole = bytes.get(from..)?.chunks_exact(LEN);
    let rest = whole.remainder();
    let mut at = from;
    for block in whole {
        let bits = test(block.try_into().expect("a whole block"));
        if bits != 0 {
            return Some((at, bits));
        }
        at += LEN;
    }
    if rest.is_empty() {
        return None;
    }
    let bits = test(&padded(rest, fill));
    (bits != 0).then_some((at, bits))
}

/// The last bytes of a text (fewer than a block), followed by `fill` to a block. Copied in
/// overlapping fixed-size pieces, as `memcpy` does inside: for so few bytes, a call to it
/// costs more than the copy, and every short string and text run ends here.
#[inline(always)]
fn padded(rest: &[u8], fill: u8) -> [u8; LEN] {
    let mut block = [fill; LEN];
    let n = rest.len();
    debug_assert!(n < LEN);
    if n >= 8 {
        block[..8].copy_from_slice(&rest[..8]);
        block[n - 8..n].copy_from_slice(&rest[n - 8..]);
    } else if n >= 4 {
        block[..4].copy_from_slice(&rest[..4]);
        block[n - 4..n].copy_from_slice(&rest[n - 4..]);
    } else if n > 0 {
        block[0] = rest[0];
        block[n / 2] = rest[n / 2];
        block[n - 1] = rest[n - 1];
    }
    block
}

/// Where `needle` first is in `hay`. The first blocks are tested here, inline: in escaped
/// markup the next `&` is a few bytes on, nearer than a `memchr` call pays for itself; past
/// them, `memchr`.
pub fn find_near(hay: &[u8], needle: u8) -> Option<usize> {
    const NEAR: usize = 2;
    for (k, block) in hay.chunks_exact(LEN).take(NEAR).enumerate() {
        let found = equal(block.try_into().expect("a whole block"), needle);
        if found != 0 {
            return Some(k * LEN + found.trailing_zeros() as usize);
        }
    }
    let from = (hay.len() / LEN).min(NEAR) * LEN;
    memchr::memchr(needle, &hay[from..]).map(|p| from + p)
}

#[cfg(any(test, not(target_arch = "x86_64")))]
fn bits(block: &[u8], test: impl Fn(u8) -> bool) -> u32 {
    block
        .iter()
        .enumerate()
        .fold(0, |m, (i, &c)| m | (u32::from(test(c)) << i))
}

#[cfg(any(test, not(target_arch = "x86_64")))]
fn is_unprintable(c: u8) -> bool {
    !(0x20..0x7f).contains(&c)
}

#[cfg(any(test, not(target_arch = "x86_64")))]
fn is_hidden_candidate(c: u8, keep_lines: bool) -> bool {
    (c < 0x20 && !(keep_lines && (c == b'\n' || c == b'\t')))
        || matches!(c, 0x7f | 0xc2 | 0xe2 | 0xef)
}

#[cfg(any(test, not(target_arch = "x86_64")))]
fn is_json_escape(c: u8) -> bool {
    c < 0x20 || c == b'"' || c == b'\\'
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every test gives the bits a byte-at-a-time test gives, for every byte value at every
    /// position, among bytes that pass and bytes that do not.
    #[test]
    fn each_test_flags_exactly_its_bytes() {
        for fill in [b'a', b' ', b'"', 0x00, 0x7f, 0xe2] {
            for at in 0..LEN {
                for b in 0..=255u8 {
                    let mut block = [fill; LEN];
                    block[at] = b;
                    assert_eq!(equal(&block, b'&'), bits(&block, |c| c == b'&'));
                    assert_eq!(unprintable(&block), bits(&block, is_unprintable));
                    assert_eq!(json_escapes(&block), bits(&block, is_json_escape));
                    assert_eq!(digits(&block), bits(&block, |c| c.is_ascii_digit()));
                    for keep in [false, true] {
                        assert_eq!(
                            hidden_candidates(&block, keep),
                            bits(&block, |c| is_hidden_candidate(c, keep))
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn positions_are_the_set_bits_in_order() {
        assert_eq!(positions(0).count(), 0);
        assert_eq!(positions(0b1010_0001).collect::<Vec<_>>(), [0, 5, 7]);
        assert_eq!(positions(1 << 15).collect::<Vec<_>>(), [15]);
    }

    /// Every length below a block keeps its bytes in place, and only `fill` after them.
    #[test]
    fn padded_keeps_the_bytes_and_fills_the_rest() {
        let text: Vec<u8> = (1..=LEN as u8).collect();
        for n in 0..LEN {
            let block = padded(&text[..n], 0);
            assert_eq!(&block[..n], &text[..n]);
            assert!(block[n..].iter().all(|&c| c == 0), "{n}");
        }
    }

    /// Near, far, in the blocks or the tail behind them, or nowhere: as `memchr` finds it.
    #[test]
    fn find_near_finds_what_memchr_finds() {
        for len in 0..80 {
            for at in 0..=len {
                let mut hay = vec![b'x'; len];
                if at < len {
                    hay[at] = b'&';
                    // A second one further on must not be the answer.
                    if at + 3 < len {
                        hay[at + 3] = b'&';
                    }
                }
                assert_eq!(
                    find_near(&hay, b'&'),
                    memchr::memchr(b'&', &hay),
                    "{len} {at}"
                );
            }
        }
    }
}
