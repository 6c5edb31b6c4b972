//! Byte tests on eight bytes at once, in one `u64` (SWAR), for the scans every description
//! goes through (HTML to text, JSON string escaping).
//!
//! Each test returns the high bit of every byte that passes. The subtraction's borrow can
//! also set that bit in a byte above one that passes, never below it: the lowest flag is
//! always a true one, and any other is checked before it is acted on.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Eight bytes (a `chunks_exact(8)` chunk) as one word, the first in the lowest byte.
pub fn word(bytes: &[u8]) -> u64 {
    u64::from_le_bytes(bytes.try_into().expect("eight bytes"))
}

/// Bytes below `n`, for `n` up to 0x80 (bytes from 0x80 up never pass).
pub fn below(w: u64, n: u8) -> u64 {
    w.wrapping_sub(ONES * u64::from(n)) & !w & HIGH
}

/// Bytes equal to `byte`.
pub fn equal(w: u64, byte: u8) -> u64 {
    below(w ^ (ONES * u64::from(byte)), 1)
}

/// Bytes from 0x80 up: every byte of a multi-byte UTF-8 character.
pub fn non_ascii(w: u64) -> u64 {
    w & HIGH
}

/// Where `needle` first is in `hay`. The first words are tested here, inline: in escaped
/// markup the next `&` is a few bytes on, nearer than a `memchr` call pays for itself; past
/// them, `memchr`.
pub fn find_near(hay: &[u8], needle: u8) -> Option<usize> {
    const NEAR: usize = 4;
    for (k, w) in hay.chunks_exact(8).take(NEAR).enumerate() {
        let flags = equal(word(w), needle);
        if flags != 0 {
            return Some(k * 8 + flags.trailing_zeros() as usize / 8);
        }
    }
    let from = (hay.len() / 8).min(NEAR) * 8;
    memchr::memchr(needle, &hay[from..]).map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lowest flag of each test is the first byte that passes, for every byte value at
    /// every position, behind bytes that do not pass.
    #[test]
    fn lowest_flag_is_the_first_byte_that_passes() {
        let first = |flags: u64| (flags != 0).then(|| flags.trailing_zeros() as usize / 8);
        for at in 0..8 {
            for b in 0..=255u8 {
                let mut bytes = [b'a'; 8];
                bytes[at] = b;
                let w = word(&bytes);
                assert_eq!(first(below(w, 0x20)), (b < 0x20).then_some(at), "{b:#x}");
                assert_eq!(first(equal(w, b'"')), (b == b'"').then_some(at), "{b:#x}");
                assert_eq!(first(non_ascii(w)), (b >= 0x80).then_some(at), "{b:#x}");
            }
        }
    }

    /// Near, far, in the words or the tail behind them, or nowhere: as `memchr` finds it.
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
