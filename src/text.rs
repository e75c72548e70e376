//! Vietnamese text normalisation: what every later stage may assume about a string.
//!
//! Owns: Unicode NFC, removal of invisible characters, canonical tone placement
//! (old "hoà" / new "hòa" spellings compare equal), and accent folding (every mark
//! removed, đ → d) for accent-insensitive matching. Text is always *shown* as written;
//! the canonical and folded forms are for comparing and indexing only.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// Normalise a decoded document: NFC, Unix line ends, no BOM, no zero-width or
/// soft-hyphen characters, and non-breaking spaces turned into plain spaces.
/// Only the lines failing the NFC quick check are recomposed (see
/// [`nfc_pieces`]); lines holding none of the characters to clean are copied
/// whole.
pub fn normalize(input: &str) -> String {
    let mut out = Cleaner {
        out: String::with_capacity(input.len()),
        prev_cr: false,
    };
    for piece in nfc_pieces(input) {
        out.push_str(&piece);
    }
    out.out
}

/// `s` in NFC, in pieces: `s` whole when it passes the quick check, else each of
/// its lines, as is or recomposed when it fails the check. A line break never
/// composes with its neighbours, so the NFC of a document is the NFC of each
/// line, and the few lines that fail (a decomposed word pasted into a clean
/// document) are the only ones recomposed.
fn nfc_pieces(s: &str) -> impl Iterator<Item = Cow<'_, str>> {
    let whole = is_nfc(s);
    let lines = (!whole).then(|| {
        s.split_inclusive('\n').map(|line| {
            if is_nfc(line) {
                Cow::Borrowed(line)
            } else {
                Cow::Owned(line.nfc().collect())
            }
        })
    });
    whole
        .then_some(Cow::Borrowed(s))
        .into_iter()
        .chain(lines.into_iter().flatten())
}

/// Whether `s` is surely NFC already: the quick check of `unicode-normalization`
/// (much cheaper than recomposing, and most text passes it), read on the bytes
/// for the characters that fill Vietnamese text: below U+0300 (ASCII and Latin-1
/// letters; lead byte under `CC`) and the precomposed letters U+1E00..U+1EFF
/// (`E1 B8`..`E1 BB`) are NFC and never reorder a mark, so only the others are
/// looked up.
fn is_nfc(s: &str) -> bool {
    use unicode_normalization::{char::canonical_combining_class, is_nfc_quick, IsNormalized};
    let b = s.as_bytes();
    let mut i = 0;
    // the combining class of the character before, as the quick check keeps it
    let mut last = 0;
    while i < b.len() {
        let x = b[i];
        if x < 0x80 {
            i += 1;
        } else if x < 0xCC {
            i += 2;
        } else if x == 0xE1 && matches!(b.get(i + 1), Some(0xB8..=0xBB)) {
            i += 3;
        } else {
            let Some(c) = s[i..].chars().next() else {
                return false;
            };
            let cc = canonical_combining_class(c);
            if last > cc && cc != 0 {
                return false;
            }
            if is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes {
                return false;
            }
            last = cc;
            i += c.len_utf8();
            continue;
        }
        last = 0;
    }
    true
}

/// `s` in NFC; returned as is (no copy) when it already is, else with only the
/// lines that fail the quick check recomposed (see [`nfc_pieces`]).
pub fn nfc(s: String) -> String {
    if is_nfc(&s) {
        return s;
    }
    nfc_pieces(&s).collect()
}

/// Line ends, BOM, zero-width and non-breaking characters of [`normalize`].
struct Cleaner {
    out: String,
    /// The last character was a `\r` (its `\n` is dropped).
    prev_cr: bool,
}

impl Cleaner {
    fn push(&mut self, c: char) {
        match c {
            '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{00AD}' => {}
            '\u{00A0}' | '\u{2007}' | '\u{202F}' => self.out.push(' '),
            '\r' => self.out.push('\n'),
            '\n' if self.prev_cr => {}
            _ => self.out.push(c),
        }
        self.prev_cr = c == '\r';
    }

    /// Text in NFC, starting the document or after a `\n`: copied whole unless
    /// it holds a byte that can start a character to clean (`\r`, or the lead
    /// byte of U+00A0/U+00AD, of U+2007..U+2060 or of U+FEFF).
    fn push_str(&mut self, s: &str) {
        debug_assert!(!self.prev_cr);
        let b = s.as_bytes();
        let mut from = 0;
        // U+FEFF's lead byte is rare: its next place is kept, not searched per stop
        let mut ef = memchr::memchr(0xEF, b).unwrap_or(b.len());
        loop {
            if ef < from {
                ef = memchr::memchr(0xEF, &b[from..]).map_or(b.len(), |k| from + k);
            }
            let at = memchr::memchr3(b'\r', 0xC2, 0xE2, &b[from..ef]).map_or(ef, |k| from + k);
            // the run before is copied whole (but a '\n' after a '\r'), the
            // character there cleaned
            let mut run = &s[from..at];
            if self.prev_cr {
                run = run.strip_prefix('\n').unwrap_or(run);
            }
            if at > from {
                self.prev_cr = false;
            }
            self.out.push_str(run);
            let Some(c) = s[at..].chars().next() else {
                return;
            };
            self.push(c);
            from = at + c.len_utf8();
        }
    }
}

/// Fold one character to its base letter, lower-cased: every Vietnamese tone and
/// vowel mark is removed and `đ`/`Đ` become `d`. Characters without a base letter
/// are returned lower-cased. One char in, one char out, so offsets in characters
/// are preserved.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let u = c as u32;
    // Latin letters with marks, Vietnamese ones above all, from a table built once
    if (0xC0..0x250).contains(&u) {
        return FOLD_LATIN[(u - 0xC0) as usize];
    }
    if (0x1E00..0x1F00).contains(&u) {
        return FOLD_EXTENDED[(u - 0x1E00) as usize];
    }
    fold_slow(c)
}

fn fold_slow(c: char) -> char {
    match c {
        'đ' | 'Đ' | 'ð' | 'Ð' => return 'd',
        _ => {}
    }
    let base = c.nfd().next().unwrap_or(c);
    base.to_lowercase().next().unwrap_or(base)
}

static FOLD_LATIN: std::sync::LazyLock<Vec<char>> = std::sync::LazyLock::new(|| {
    (0xC0u32..0x250)
        .map(|u| char::from_u32(u).map(fold_slow).unwrap_or('?'))
        .collect()
});
static FOLD_EXTENDED: std::sync::LazyLock<Vec<char>> = std::sync::LazyLock::new(|| {
    (0x1E00u32..0x1F00)
        .map(|u| char::from_u32(u).map(fold_slow).unwrap_or('?'))
        .collect()
});

/// A combining diacritical mark (U+0300..U+036F): the marks Vietnamese text
/// decomposed to NFD is written with.
fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36F}').contains(&c)
}

/// Whether `s` may not be in NFC: it holds a combining mark (U+0300..U+036F).
/// Text from the ingest stage never does, so the common path skips
/// normalisation. Those marks are the chars whose UTF-8 starts with byte 0xCC
/// or 0xCD (never a continuation byte): a memchr scan finds the candidates.
pub(crate) fn maybe_decomposed(s: &str) -> bool {
    memchr::memchr2_iter(0xCC, 0xCD, s.as_bytes())
        .any(|i| s[i..].chars().next().is_some_and(is_combining_mark))
}

/// The index of the first ASCII digit in `bytes` from `from` on, testing 16
/// bytes at a time (a branch-free test the compiler vectorises).
pub fn next_ascii_digit(bytes: &[u8], from: usize) -> Option<usize> {
    let any_digit = |chunk: &[u8]| chunk.iter().fold(false, |a, b| a | b.is_ascii_digit());
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 16) {
        if any_digit(chunk) {
            break;
        }
        i += 16;
    }
    // the last bytes as the last 16 of all (those before them hold no
    // digit): most lines end without one
    if i > from && bytes.len() < i + 16 && !any_digit(&bytes[bytes.len() - 16..]) {
        return None;
    }
    bytes
        .get(i..)?
        .iter()
        .position(u8::is_ascii_digit)
        .map(|k| i + k)
}

/// Accent-folded, lower-cased form of `s` (see [`fold_char`]).
pub fn fold(s: &str) -> String {
    if maybe_decomposed(s) {
        // a mark left after composing (on a char it does not compose with, as
        // "ὢ" and a grave) goes too: else the folded text, composed again,
        // folds to something else
        return s
            .nfc()
            .filter(|&c| !is_combining_mark(c))
            .map(fold_char)
            .collect();
    }
    // ASCII bytes are lower-cased as they are copied; only the other chars
    // are decoded and go through the tables
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x < 0x80 {
            out.push(x.to_ascii_lowercase() as char);
            i += 1;
            continue;
        }
        let c = s[i..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
        out.push(fold_char(c));
        i += c.len_utf8();
    }
    out
}

/// [`fold`]`(`[`head`]`(s, n))` in one pass over those chars (the common
/// case: no char of U+0300..U+037F, which [`fold`] would first compose).
pub fn fold_head(s: &str, n: usize) -> String {
    fold_head_plain(s, n).unwrap_or_else(|| fold(head(s, n)))
}

/// [`fold_head`] when none of the first `n` chars of `s` is in U+0300..U+037F
/// (the chars [`fold`] may compose with the char before), else `None`. Only
/// then is the folded head of `s` a prefix of every longer folded head.
pub fn fold_head_plain(s: &str, n: usize) -> Option<String> {
    // as in `fold`: ASCII bytes lower-cased as they are copied
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len().min(4 * n));
    let mut i = 0;
    for _ in 0..n {
        let Some(&x) = b.get(i) else { break };
        if x < 0x80 {
            out.push(x.to_ascii_lowercase() as char);
            i += 1;
            continue;
        }
        let c = s[i..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
        if ('\u{300}'..='\u{37F}').contains(&c) {
            return None;
        }
        out.push(fold_char(c));
        i += c.len_utf8();
    }
    Some(out)
}

/// The first `n` chars of `s` (all of it when shorter), as a slice of it.
pub fn head(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// The first `n` characters of [`fold`]`(s)`, folding only that much of `s` when
/// it cannot hold a combining mark (the usual case).
pub fn fold_prefix(s: &str, n: usize) -> String {
    if maybe_decomposed(s) {
        return fold(s).chars().take(n).collect();
    }
    s.chars().take(n).map(fold_char).collect()
}

/// Whether [`fold`]`(s)` starts with `prefix`, folding only as many chars of
/// `s` as it takes to tell (no copy) when `s` cannot hold a combining mark.
pub fn fold_starts_with(s: &str, prefix: &str) -> bool {
    if maybe_decomposed(s) {
        return fold(s).starts_with(prefix);
    }
    let mut folded = s.chars().map(fold_char);
    prefix.chars().all(|p| folded.next() == Some(p))
}

/// True when `s` carries any Vietnamese mark (tone, vowel mark or đ).
pub fn has_marks(s: &str) -> bool {
    s.nfc()
        .any(|c| !c.is_ascii() && c.is_alphabetic() && fold_char(c) != lower(c))
}

fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// Canonical tone placement for comparing and indexing: the "new" convention, in
/// which the tone of an open `oa`, `oe` or `uy` syllable sits on the first vowel
/// (`hoà` → `hòa`, `khoẻ` → `khỏe`, `uỷ` → `ủy`). Syllables with a final consonant
/// (`hoàng`, `khuyến`) are the same in both conventions and are left alone.
pub fn canonical_tones(s: &str) -> String {
    let chars: Vec<char> = if maybe_decomposed(s) {
        s.nfc().collect()
    } else {
        s.chars().collect()
    };
    // only oa / oe / uy with a tone on the second vowel change
    if !chars
        .windows(2)
        .any(|w| matches!(fold_char(w[0]), 'o' | 'u') && split_tone(w[1]).1 != Tone::None)
    {
        return chars.into_iter().collect();
    }
    let mut out = chars.clone();
    for i in 1..chars.len() {
        let first = fold_char(chars[i - 1]);
        let second = chars[i];
        let (base2, tone2) = split_tone(second);
        if tone2 == Tone::None {
            continue;
        }
        let pair = matches!(
            (first, fold_char(base2)),
            ('o', 'a') | ('o', 'e') | ('u', 'y')
        );
        if !pair || split_tone(chars[i - 1]).1 != Tone::None {
            continue;
        }
        // "qu" + y: "quý" keeps its tone on y in both conventions.
        if first == 'u' && i >= 2 && fold_char(chars[i - 2]) == 'q' {
            continue;
        }
        // Only open syllables: the next char must not be a letter.
        if chars.get(i + 1).is_some_and(|c| c.is_alphabetic()) {
            continue;
        }
        // The vowel before the pair must not be another vowel ("ngoài" etc. are not oa+i).
        if let Some(moved) = with_tone(chars[i - 1], tone2) {
            out[i - 1] = moved;
            out[i] = base2;
        }
    }
    out.into_iter().collect()
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tone {
    None,
    Grave,
    Acute,
    Hook,
    Tilde,
    Dot,
}

fn split_tone(c: char) -> (char, Tone) {
    let mut base = String::new();
    let mut tone = Tone::None;
    for d in c.nfd() {
        match d {
            '\u{0300}' => tone = Tone::Grave,
            '\u{0301}' => tone = Tone::Acute,
            '\u{0309}' => tone = Tone::Hook,
            '\u{0303}' => tone = Tone::Tilde,
            '\u{0323}' => tone = Tone::Dot,
            other => base.push(other),
        }
    }
    let composed: String = base.nfc().collect();
    let mut it = composed.chars();
    match (it.next(), it.next()) {
        (Some(b), None) => (b, tone),
        _ => (c, Tone::None),
    }
}

fn with_tone(base: char, tone: Tone) -> Option<char> {
    let mark = match tone {
        Tone::None => return Some(base),
        Tone::Grave => '\u{0300}',
        Tone::Acute => '\u{0301}',
        Tone::Hook => '\u{0309}',
        Tone::Tilde => '\u{0303}',
        Tone::Dot => '\u{0323}',
    };
    let composed: String = [base, mark].iter().collect::<String>().nfc().collect();
    let mut it = composed.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// The form used for exact (accent-sensitive) matching: NFC, canonical tones,
/// lower case.
pub fn exact_key(s: &str) -> String {
    canonical_tones(s).to_lowercase()
}

/// A URL-style slug of a name, accent-folded: "Đắk Lắk" → "dak-lak".
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in fold(s).chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Repair text from word-segmentation datasets, which join the syllables of a
/// word with underscores ("Kế_hoạch") and pad punctuation with spaces ("nhà ở ,
/// sửa chữa"). Returns `None` when the text does not look segmented (fewer than
/// one word in twenty joined). Line breaks are kept, so line numbers still hold.
pub fn unsegment(s: &str) -> Option<String> {
    // the words that join syllables: a '_' between two letters (a "____" rule
    // line joins nothing), each word counted once, found from the '_'s
    let b = s.as_bytes();
    let between_letters = |i: usize| {
        s[..i].chars().next_back().is_some_and(char::is_alphabetic)
            && s[i + 1..].chars().next().is_some_and(char::is_alphabetic)
    };
    let mut joined = 0;
    let mut word_end = 0;
    for i in memchr::memchr_iter(b'_', b) {
        if i < word_end || !between_letters(i) {
            continue;
        }
        joined += 1;
        word_end = s[i..].find(char::is_whitespace).map_or(s.len(), |k| i + k);
    }
    // segmented: at least 20 words, one in twenty joined (none joined: not
    // segmented, without counting)
    if joined == 0 {
        return None;
    }
    let words = word_count(s);
    if words > joined * 20 || words < 20 {
        return None;
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == '_'
            && i > 0
            && chars[i - 1].is_alphabetic()
            && chars.get(i + 1).is_some_and(|n| n.is_alphabetic())
        {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    let mut fixed = String::with_capacity(out.len());
    let cs: Vec<char> = out.chars().collect();
    for (i, &c) in cs.iter().enumerate() {
        // drop a space before closing punctuation and after an opening parenthesis
        if c == ' ' {
            let next = cs.get(i + 1).copied();
            let prev = if i > 0 { Some(cs[i - 1]) } else { None };
            if matches!(next, Some(',' | '.' | ';' | ':' | ')' | '?' | '!')) || prev == Some('(') {
                continue;
            }
        }
        fixed.push(c);
    }
    Some(fixed)
}

/// [`str::trim`], answered from the first and last bytes when neither can
/// belong to a white space char (most lines and cells): the std function
/// decodes a char at each end, this looks up two bytes. White space chars
/// ([`char::is_whitespace`]) start with 9..=13, ' ', C2 (U+0085, U+00A0),
/// E1 9A (U+1680), E2 (U+2000..U+205F) or E3 (U+3000), and end with 9..=13,
/// ' ', 80..=8A, 9F, A0, A8, A9 or AF.
#[inline]
pub fn trim(s: &str) -> &str {
    if s.is_empty() || has_plain_ends(s) {
        s
    } else {
        s.trim()
    }
}

/// Whether `s` (not empty) neither starts nor ends with white space, told from
/// its first and last bytes alone as [`trim`] tells it; `false` when it may.
#[inline]
pub fn has_plain_ends(s: &str) -> bool {
    let b = s.as_bytes();
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return false;
    };
    // one table lookup for each end (E1 starts white space only before 9A)
    let start = EDGE_BYTES[usize::from(first)];
    let may_start = start & MAY_START != 0 || (first == 0xE1 && b.get(1) == Some(&0x9A));
    let may_end = EDGE_BYTES[usize::from(last)] & MAY_END != 0;
    !may_start && !may_end
}

const MAY_START: u8 = 1;
const MAY_END: u8 = 2;

/// For each byte: [`MAY_START`] when a white space char can start with it
/// (9..=13, ' ', C2, E2, E3; E1 is told with the byte after it), and
/// [`MAY_END`] when one can end with it (9..=13, ' ', 80..=8A, 9F, A0, A8,
/// A9, AF).
static EDGE_BYTES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let x = b as u8;
        if matches!(x, 9..=13 | b' ' | 0xC2 | 0xE2 | 0xE3) {
            t[b] |= MAY_START;
        }
        if matches!(x, 9..=13 | b' ' | 0x80..=0x8A | 0x9F | 0xA0 | 0xA8 | 0xA9 | 0xAF) {
            t[b] |= MAY_END;
        }
        b += 1;
    }
    t
};

/// How many words `s.split_whitespace()` gives. The runs of chars other than
/// ASCII white space are counted on pairs of bytes (a loop the compiler
/// vectorises), then each run of other white space chars (U+0085, U+00A0,
/// U+1680, U+2000..U+205F, U+3000: found from their lead bytes) corrects the
/// count: such a run ends a word when a word char comes before it, starts
/// one when a word char follows, and was itself counted as a word.
fn word_count(s: &str) -> usize {
    let b = s.as_bytes();
    let ascii_space = |x: u8| (x == b' ') | (x.wrapping_sub(9) < 5);
    let Some(&first) = b.first() else {
        return 0;
    };
    // where a run of chars other than ASCII white space starts
    let mut words = usize::from(!ascii_space(first));
    for (xs, ys) in b.chunks(255).zip(b[1..].chunks(255)) {
        let starts = xs.iter().zip(ys).fold(0u8, |n, (&x, &y)| {
            n + u8::from(ascii_space(x) & !ascii_space(y))
        });
        words += usize::from(starts);
    }
    // the other white space chars, in order: C2, E2 and E3 lead most of them,
    // and 9A is the second byte of U+1680 (E1 9A 80)
    let mut others: Vec<(usize, usize)> = memchr::memchr3_iter(0xC2, 0xE2, 0xE3, b)
        .chain(memchr::memchr_iter(0x9A, b).filter_map(|i| i.checked_sub(1)))
        .filter_map(|i| Some((i, i + non_zero(white_space_len(&b[i..]))?)))
        .collect();
    others.sort_unstable();
    let word_byte = |i: usize| !ascii_space(b[i]);
    let mut k = 0;
    while k < others.len() {
        // a run of them, one after another
        let (from, mut to) = others[k];
        k += 1;
        while k < others.len() && others[k].0 == to {
            to = others[k].1;
            k += 1;
        }
        // the chars either side are no such white space: ASCII ones are
        // told by their byte, and the bytes of the others never look like
        // ASCII white space
        let before = from > 0 && word_byte(from - 1);
        let after = to < b.len() && word_byte(to);
        words = words + usize::from(before) + usize::from(after) - 1;
    }
    words
}

fn non_zero(n: usize) -> Option<usize> {
    (n > 0).then_some(n)
}

/// The byte offset of every '\n' in `s`, in order (one memchr pass: a caller
/// that cuts the same text into lines twice reads them from here).
pub fn newlines(s: &str) -> Vec<usize> {
    memchr::memchr_iter(b'\n', s.as_bytes()).collect()
}

/// The byte where 1-based line `n` starts, given `newlines` (the offsets
/// [`newlines`] found in a text of `len` bytes); `len` for a line past the last.
pub fn line_start(newlines: &[usize], len: usize, n: usize) -> usize {
    match n.checked_sub(2) {
        None => 0,
        Some(k) => newlines.get(k).map_or(len, |nl| nl + 1),
    }
}

/// The lines of `s[from..]`, as [`str::lines`] cuts them (at "\n" or "\r\n";
/// no empty line after a final line ending), given `newlines`: the offsets
/// [`newlines`] found in `s` (`from` is 0 or just after a '\n').
pub fn lines_at<'a, 'n>(
    s: &'a str,
    newlines: &'n [usize],
    mut from: usize,
) -> impl Iterator<Item = &'a str> + use<'a, 'n> {
    let mut ends = newlines[newlines.partition_point(|&nl| nl < from)..].iter();
    std::iter::from_fn(move || {
        let line = match ends.next() {
            Some(&nl) => {
                let line = &s[from..nl];
                from = nl + 1;
                line.strip_suffix('\r').unwrap_or(line)
            }
            None if from < s.len() => {
                let line = &s[from..];
                from = s.len();
                line
            }
            None => return None,
        };
        Some(line)
    })
}

/// Collapse runs of whitespace to single spaces and trim (borrowing `s` when
/// it is already so: most lines are).
pub fn squash_spaces(s: &str) -> Cow<'_, str> {
    if is_squashed(s) {
        return Cow::Borrowed(s);
    }
    // words are copied whole, as runs of bytes between white space
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut word = 0;
    let mut i = 0;
    while i < b.len() {
        // most bytes can start no white space char: printable ASCII, and the
        // bytes of multi-byte chars other than four lead bytes
        if !matches!(b[i], 9..=13 | b' ' | 0xC2 | 0xE1..=0xE3) {
            i += 1;
            continue;
        }
        let n = white_space_len(&b[i..]);
        if n == 0 {
            i += 1;
            continue;
        }
        if word < i {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&s[word..i]);
        }
        i += n;
        word = i;
    }
    if word < b.len() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&s[word..]);
    }
    Cow::Owned(out)
}

/// [`squash_spaces`] of a string already owned: returned as it is when it is
/// already squashed (no copy).
pub fn squash_spaces_owned(s: String) -> String {
    if is_squashed(&s) {
        s
    } else {
        squash_spaces(&s).into_owned()
    }
}

/// The length in bytes of the white space char (`char::is_whitespace`) that
/// `b` starts with, or 0. Continuation bytes of UTF-8 never start one.
fn white_space_len(b: &[u8]) -> usize {
    match b {
        [9..=13 | b' ', ..] => 1,
        [0xC2, 0x85 | 0xA0, ..] => 2,
        [0xE1, 0x9A, 0x80, ..]
        | [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..]
        | [0xE2, 0x81, 0x9F, ..]
        | [0xE3, 0x80, 0x80, ..] => 3,
        _ => 0,
    }
}

/// Whether the byte at `x`, with `y` and `z` after it, starts white space
/// other than a lone ' ': ASCII U+0009..U+000D; two spaces in a row; U+0085
/// (C2 85) and U+00A0 (C2 A0); U+1680 (E1 9A 80), U+2000..U+200A (E2 80
/// 80..8A), U+2028, U+2029, U+202F (E2 80 A8, A9, AF), U+205F (E2 81 9F) and
/// U+3000 (E3 80 80). Branch-free, so that a loop of it vectorises.
#[inline(always)]
fn starts_bad_space(x: u8, y: u8, z: u8) -> bool {
    let single = x.wrapping_sub(9) < 5;
    let pair = ((x == b' ') & (y == b' ')) | ((x == 0xC2) & ((y == 0x85) | (y == 0xA0)));
    let e2_80 = (x == 0xE2) & (y == 0x80) & ((z <= 0x8A) | (z == 0xA8) | (z == 0xA9) | (z == 0xAF));
    let e2_81 = (x == 0xE2) & (y == 0x81) & (z == 0x9F);
    let e1 = (x == 0xE1) & (y == 0x9A) & (z == 0x80);
    let e3 = (x == 0xE3) & (y == 0x80) & (z == 0x80);
    single | pair | e2_80 | e2_81 | e1 | e3
}

/// Bytes tested at a time by [`is_squashed`].
const W: usize = 16;

/// Whether any of the W bytes from `i` starts white space [`starts_bad_space`]
/// finds: straight-line vector code over the W bytes and the two after them.
#[inline(always)]
fn window_has_bad_space(b: &[u8], i: usize) -> bool {
    let w: &[u8; W + 2] = b[i..i + W + 2].try_into().expect("W + 2 bytes");
    let mut bad = false;
    for k in 0..W {
        bad |= starts_bad_space(w[k], w[k + 1], w[k + 2]);
    }
    bad
}

/// Whether any byte but the last two of `b` (at least W + 2 long) starts such
/// white space: window by window, the last window overlapping the one before
/// rather than a byte-by-byte tail.
fn has_bad_space(b: &[u8]) -> bool {
    let last = b.len() - W - 2;
    let mut i = 0;
    while i < last {
        if window_has_bad_space(b, i) {
            return true;
        }
        i += W;
    }
    window_has_bad_space(b, last)
}

/// Whether the byte at `x`, with `y` after it, may start white space that
/// [`starts_bad_space`] finds, line breaks aside: a necessary test with a
/// third of its work. Every such start but a line break passes it (U+0085 and
/// U+00A0 by their lead byte C2, U+2000..U+205F and U+3000 by E2 and E3,
/// U+1680 by E1 9A); few other bytes of Vietnamese text do (E2 leads the
/// curly quotes and dashes).
#[inline(always)]
fn may_start_bad_space(x: u8, y: u8) -> bool {
    let single = (x.wrapping_sub(9) < 5) & (x != b'\n');
    let pair = (x == b' ') & (y == b' ');
    let lead = (x == 0xC2) | ((x & 0xFE) == 0xE2) | ((x == 0xE1) & (y == 0x9A));
    single | pair | lead
}

/// Where white space other than a lone ' ' ([`starts_bad_space`]) starts in
/// `s`, line breaks ('\n') aside: the byte offsets, in order. One vector pass
/// over the whole text, 8 W bytes at a time (the bytes after the end read as
/// zero): the cheap test ([`may_start_bad_space`]) first, the whole test only
/// on the few windows that pass it (most for a curly quote or a dash), and
/// only a window that holds a start is looked at byte by byte. Line by line,
/// as [`is_squashed`] tests, the same answers cost twice the instructions
/// (each line ends in a short window, and every window gets the whole test).
///
/// A slice of `s` that neither starts nor ends with white space is squashed
/// ([`squash_spaces`] leaves it as it is) exactly when no offset of this list
/// falls inside it: such a slice cannot end inside a white space char, so a
/// start it holds is tested on its own bytes, here as on the slice alone.
pub fn bad_space_starts(s: &str) -> Vec<usize> {
    const N: usize = 8 * W;
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut look = |w: &[u8; N + 2], at: usize| {
        let mut may = 0u8;
        for k in 0..N {
            may |= u8::from(may_start_bad_space(w[k], w[k + 1]));
        }
        if may == 0 {
            return;
        }
        let starts_at = |k: usize| (w[k] != b'\n') & starts_bad_space(w[k], w[k + 1], w[k + 2]);
        // the whole test, still straight-line code, before any byte is looked at
        let mut bad = 0u8;
        for k in 0..N {
            bad |= u8::from(starts_at(k));
        }
        if bad != 0 {
            out.extend((0..N).filter(|&k| starts_at(k)).map(|k| at + k));
        }
    };
    let mut i = 0;
    while i + N + 2 <= b.len() {
        look(b[i..i + N + 2].try_into().expect("N + 2 bytes"), i);
        i += N;
    }
    // the last N + 1 bytes at most, padded with zero bytes (which start nothing)
    let mut tail = [0u8; 2 * N + 2];
    let rest = b.len() - i;
    tail[..rest].copy_from_slice(&b[i..]);
    look(tail[..N + 2].try_into().expect("N + 2 bytes"), i);
    if rest > N {
        look(tail[N..].try_into().expect("N + 2 bytes"), i + N);
    }
    out
}

/// Whether `s` is already squashed: no whitespace at either end, and between
/// words only single plain spaces. Most lines are, so this is the fast path.
fn is_squashed(s: &str) -> bool {
    let b = s.as_bytes();
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return true;
    };
    if first == b' ' || last == b' ' {
        return false;
    }
    let n = b.len();
    if n < W + 2 {
        // padded with zero bytes, which start nothing
        let mut padded = [0u8; 2 * W + 2];
        padded[..n].copy_from_slice(b);
        return !has_bad_space(&padded);
    }
    !(has_bad_space(b)
        || starts_bad_space(b[n - 2], b[n - 1], 0)
        || starts_bad_space(b[n - 1], 0, 0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_byte_quick_check_passes_exactly_what_the_library_passes() {
        use unicode_normalization::{is_nfc_quick, IsNormalized};
        let lib = |s: &str| is_nfc_quick(s.chars()) == IsNormalized::Yes;
        // every character read on the bytes alone, after a letter and before a mark
        for u in (0x80..0x300).chain(0x1E00..0x1F00) {
            let c = char::from_u32(u).unwrap();
            for s in [
                format!("a{c}"),
                format!("{c}\u{316}"),
                format!("\u{305}{c}"),
            ] {
                assert_eq!(is_nfc(&s), lib(&s), "{s:?}");
            }
        }
        // marks out of order (classes 230 then 220, both "yes" alone) are not NFC
        assert!(!is_nfc("a\u{305}\u{316}"));
        assert!(is_nfc("a\u{316}\u{305}"));
    }

    /// Whether text reads as word-segmented, as first written: every word
    /// counted, then the joined ones.
    fn segmented_reference(s: &str) -> bool {
        let words = s.split_whitespace().count();
        let joined = s
            .split_whitespace()
            .filter(|w| {
                let c: Vec<char> = w.chars().collect();
                c.windows(3)
                    .any(|t| t[1] == '_' && t[0].is_alphabetic() && t[2].is_alphabetic())
            })
            .count();
        words >= 20 && joined * 20 >= words
    }

    #[test]
    fn a_word_joining_many_syllables_counts_once() {
        // 21 words, one of them joined (three times): one in 21 is too few
        let s = format!("Ủy_ban_nhân_dân {}", "từ ".repeat(20));
        assert!(!segmented_reference(&s));
        assert!(unsegment(&s).is_none());
        let s = format!("Ủy_ban_nhân_dân {}", "từ ".repeat(19));
        assert!(unsegment(&s).is_some());
    }

    proptest! {
        #[test]
        fn segmented_text_is_recognised_as_by_counting_every_word(
            s in r"([a-zđệ]{1,3}|_|__| |\n|\u{2003}|1){0,400}"
        ) {
            prop_assert_eq!(unsegment(&s).is_some(), segmented_reference(&s));
        }

        #[test]
        fn the_byte_quick_check_answers_as_the_library_does(
            s in r"([a-zA-Zđơư ]|\u{0300}|\u{0301}|\u{0302}|\u{0323}|\u{0305}|\u{0316}|\u{0340}|\u{0344}|\u{1E00}|ệ|Ỵ|\u{1F71}|\u{2000}|\u{2002}|…|\u{212B}|\u{AC00}|\u{1100}|\u{1161}|[\u{80}-\u{2FF}]|\PC){0,24}"
        ) {
            let lib = unicode_normalization::is_nfc_quick(s.chars())
                == unicode_normalization::IsNormalized::Yes;
            prop_assert_eq!(is_nfc(&s), lib);
        }

        #[test]
        fn cleaning_by_runs_equals_cleaning_each_char(
            s in r"([a-zđệ ]|\r|\n|\u{FEFF}|\u{FF46}|\u{200B}|\u{200D}|\u{2060}|\u{00AD}|\u{00A0}|\u{00A9}|\u{2007}|\u{202F}|“|–|…){0,40}"
        ) {
            let mut runs = Cleaner { out: String::new(), prev_cr: false };
            runs.push_str(&s);
            let mut chars = Cleaner { out: String::new(), prev_cr: false };
            s.chars().for_each(|c| chars.push(c));
            prop_assert_eq!(runs.out, chars.out);
        }
    }

    #[test]
    fn maybe_decomposed_finds_exactly_the_combining_marks() {
        for s in [
            "",
            "Kế hoạch",
            "Ke\u{0302}\u{0301}",
            "a\u{36F}",
            "a\u{2FF}",
            "\u{370}Ͱ x",
            "\u{37F}",
            "ǅ ȳ ̀",
            "ͯ",
            "Đắk Lắk ẠẢẤ",
        ] {
            let want = s.chars().any(|c| ('\u{300}'..='\u{36F}').contains(&c));
            assert_eq!(maybe_decomposed(s), want, "{s:?}");
        }
    }

    #[test]
    fn normalize_composes_and_cleans() {
        let nfd = "Ke\u{0302}\u{0301} hoa\u{0323}ch\u{00A0}na\u{0306}m\u{200B} 2024\r\n";
        assert_eq!(normalize(nfd), "Kế hoạch năm 2024\n");
        assert_eq!(normalize("\u{FEFF}Số"), "Số");
    }

    #[test]
    fn fold_removes_every_mark_and_d_bar() {
        assert_eq!(
            fold("Trợ giúp pháp lý lưu động"),
            "tro giup phap ly luu dong"
        );
        assert_eq!(fold("ĐẮK LẮK"), "dak lak");
        // a mark that composes with nothing goes too, so folding again
        // changes nothing (composed, "ω" and a grave are "ὼ")
        assert_eq!(fold("ὢ\u{300}"), "ω");
        assert_eq!(fold("x\u{301}y"), "xy");
    }

    #[test]
    fn tones_are_made_canonical() {
        assert_eq!(canonical_tones("hoà"), "hòa");
        assert_eq!(canonical_tones("Uỷ ban"), "Ủy ban");
        assert_eq!(canonical_tones("khoẻ"), "khỏe");
        assert_eq!(canonical_tones("Thanh Hoá"), "Thanh Hóa");
        // closed syllables and "qu" are untouched
        assert_eq!(canonical_tones("hoàng"), "hoàng");
        assert_eq!(canonical_tones("quý"), "quý");
        assert_eq!(exact_key("Hoà Bình"), exact_key("Hòa Bình"));
    }

    #[test]
    fn marks_are_detected() {
        assert!(has_marks("trợ giúp"));
        assert!(has_marks("đi"));
        assert!(!has_marks("tro giup TGPL"));
    }

    #[test]
    fn segmented_text_is_repaired() {
        let seg = "Kế_hoạch hỗ_trợ hộ nghèo xây_dựng , sửa_chữa nhà ở hư_hỏng ( đợt 2 ) . "
            .repeat(3)
            + "\nI . tình_hình nhà_ở của hộ nghèo :";
        let fixed = unsegment(&seg).expect("segmented");
        assert!(
            fixed.starts_with("Kế hoạch hỗ trợ hộ nghèo xây dựng, sửa chữa nhà ở hư hỏng (đợt 2).")
        );
        assert!(fixed.ends_with("\nI. tình hình nhà ở của hộ nghèo:"));
        assert!(unsegment("Kế hoạch số 12/KH_UBND bình thường không tách từ gì cả, đủ hai mươi từ để đếm cho đúng nhé các bạn ơi").is_none());
    }

    #[test]
    fn head_is_the_first_chars() {
        assert_eq!(head("Kế hoạch", 2), "Kế");
        assert_eq!(head("Kế hoạch", 8), "Kế hoạch");
        assert_eq!(head("Kế hoạch", 20), "Kế hoạch");
        assert_eq!(head("", 3), "");
    }

    #[test]
    fn is_squashed_knows_every_white_space_char() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let inner = format!("a{c}b");
            assert_eq!(is_squashed(&inner), c == ' ' || !c.is_whitespace(), "{c:?}");
            let edge = format!("{c}b");
            assert_eq!(is_squashed(&edge), !c.is_whitespace(), "{c:?}");
            let end = format!("a{c}");
            assert_eq!(is_squashed(&end), !c.is_whitespace(), "{c:?}");
            // past the first vector's width, and in its last bytes
            let long = format!("Kế hoạch trợ giúp pháp lý năm 2024{c}b");
            assert_eq!(is_squashed(&long), c == ' ' || !c.is_whitespace(), "{c:?}");
        }
    }

    /// Whether `t`, a slice of `s` at `from`, is squashed by what
    /// [`bad_space_starts`] found in the whole of `s`.
    fn squashed_by_starts(starts: &[usize], from: usize, t: &str) -> bool {
        !starts.iter().any(|&p| (from..from + t.len()).contains(&p))
    }

    #[test]
    fn bad_space_starts_knows_every_white_space_char() {
        // (a line never holds a line break)
        for c in (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| c != '\n')
        {
            // inside a line; the white space chars (and a few others) also
            // past the first window and at its edges
            let pads: &[usize] = if c.is_whitespace() || "aế“|".contains(c) {
                &[0, 8 * W - 3, 8 * W - 2, 8 * W - 1, 8 * W, 16 * W + 5]
            } else {
                &[0]
            };
            for &pad in pads {
                let s = format!("{}\na{c}b\nx", "ế".repeat(pad / 3) + &"e".repeat(pad % 3));
                let from = s.find("\na").expect("line") + 1;
                let t = &s[from..from + 2 + c.len_utf8()];
                let want = c == ' ' || !c.is_whitespace();
                assert_eq!(
                    squashed_by_starts(&bad_space_starts(&s), from, t),
                    want,
                    "{c:?} {pad}"
                );
            }
        }
        assert!(bad_space_starts("a\nb\n\n").is_empty());
    }

    proptest! {
        #[test]
        fn next_ascii_digit_finds_the_first_digit_from_any_offset(
            s in "([a-zà ]{0,20}[0-9]?){0,6}",
            from in 0..200usize,
        ) {
            let b = s.as_bytes();
            let from = from.min(b.len());
            let want = b[from..].iter().position(u8::is_ascii_digit).map(|k| from + k);
            prop_assert_eq!(next_ascii_digit(b, from), want);
        }
    }

    proptest! {
        #[test]
        fn bad_space_starts_tells_a_slice_squashed_as_the_slice_alone_does(
            s in r"([a-zắẠ“”–…|]|  | |\n|\r|\t|\u{a0}|\u{3000}|\u{2028}|\u{2009}|\u{85}|\u{1680}){0,200}",
            a in 0usize..200,
            len in 0usize..200,
        ) {
            // a slice of a line that neither starts nor ends with white space
            let floor = |mut i: usize| { i = i.min(s.len()); while !s.is_char_boundary(i) { i -= 1; } i };
            let from = floor(a);
            let line = s[from..floor(from + len)].split('\n').next().unwrap_or("");
            let t = line.trim_matches(char::is_whitespace);
            let from = t.as_ptr() as usize - s.as_ptr() as usize;
            let starts = bad_space_starts(&s);
            prop_assert_eq!(squashed_by_starts(&starts, from, t), is_squashed(t), "{:?} {:?}", s, t);
            prop_assert!(starts.windows(2).all(|w| w[0] < w[1]));
            prop_assert!(starts.iter().all(|&p| s.as_bytes()[p] != b'\n'));
        }
    }

    #[test]
    fn only_white_space_folds_to_white_space() {
        // (what lets a trimmed slice of a folded text stand for the folded
        // trimmed slice)
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(fold_char(c).is_whitespace(), c.is_whitespace(), "{c:?}");
        }
    }

    #[test]
    fn only_ascii_digits_fold_to_ascii_digits() {
        // (what lets a parser of folded dates skip a line without one)
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(fold_char(c).is_ascii_digit(), c.is_ascii_digit(), "{c:?}");
            let s = c.to_string();
            assert_eq!(
                fold(&s).bytes().any(|b| b.is_ascii_digit()),
                next_ascii_digit(s.as_bytes(), 0).is_some(),
                "{c:?}"
            );
        }
        let s = "Hà Nội, ngày 12 tháng 3";
        assert_eq!(next_ascii_digit(s.as_bytes(), 0), s.find('1'));
        assert_eq!(
            next_ascii_digit(s.as_bytes(), s.find('2').unwrap() + 1),
            s.find('3')
        );
        assert_eq!(
            next_ascii_digit(b"Ninh Thu\xe1\xba\xadn, ng\xc3\xa0y", 0),
            None
        );
    }

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them_around_every_char() {
        let mut s = String::new();
        for c in ('\0'..=char::MAX).filter(|c| !c.is_ascii_alphanumeric()) {
            // at the text's ends, between word chars, beside other white space
            for (before, after) in [("", ""), ("a", "a"), ("\u{a0}", " ")] {
                s.clear();
                s.push_str(before);
                s.push(c);
                s.push(c);
                s.push_str(after);
                assert_eq!(word_count(&s), s.split_whitespace().count(), "{s:?}");
            }
        }
    }

    proptest! {
        #[test]
        fn words_are_counted_as_split_whitespace_counts_them(
            s in r"(a|Đ|ấ|Ú|Ớ|“|–| |\t|\n|\u{85}|\u{a0}|\u{1680}|\u{2000}|\u{200a}|\u{2028}|\u{202f}|\u{205f}|\u{3000}|xyz){0,300}",
        ) {
            prop_assert_eq!(word_count(&s), s.split_whitespace().count(), "{:?}", s);
        }
    }

    #[test]
    fn white_space_len_knows_every_white_space_char() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let s = format!("{c}a");
            let want = if c.is_whitespace() { c.len_utf8() } else { 0 };
            assert_eq!(white_space_len(s.as_bytes()), want, "{c:?}");
        }
    }

    proptest! {
        #[test]
        fn squash_spaces_matches_split_and_join_on_any_text(
            s in r"([a-zđĐắẠ ]|\s|\u{a0}|\u{3000}|\u{2028}|\u{85}|\u{200b}){0,40}",
        ) {
            let want = s.split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert_eq!(squash_spaces(&s), want);
        }
    }

    #[test]
    fn squash_spaces_matches_split_and_join() {
        for s in [
            "",
            " ",
            "a",
            "a b",
            " a b",
            "a b ",
            "a  b",
            "a\tb",
            "a\u{a0}b",
            "a\u{3000}b",
            "a\u{2028}",
            "\u{85}a",
            "Đắk Lắk  ỦY BAN",
            "ẠẢẤ ầ ẩ",
            "a \u{200b}b",
        ] {
            let want = s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(squash_spaces(s), want, "{s:?}");
        }
    }

    #[test]
    fn trim_trims_as_the_standard_library_on_every_char() {
        let mut s = String::new();
        for c in ('\0'..=char::MAX).filter(|c| !c.is_ascii_alphanumeric()) {
            // the char alone, at either end of a word, and around one
            for (before, after) in [("", ""), ("", "a"), ("a", ""), ("a", "a")] {
                s.clear();
                s.push_str(before);
                s.push(c);
                s.push_str(after);
                assert_eq!(trim(&s), s.trim(), "{s:?}");
            }
            s.clear();
            s.push(c);
            s.push('a');
            s.push(c);
            assert_eq!(trim(&s), s.trim(), "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn lines_are_cut_as_the_standard_library_cuts_them(s in r"(a|é|\n|\r| ){0,30}") {
            // from the text's start or any line's
            let nl = newlines(&s);
            for from in std::iter::once(0).chain(nl.iter().map(|&i| i + 1)) {
                prop_assert_eq!(
                    lines_at(&s, &nl, from).collect::<Vec<_>>(),
                    s[from..].lines().collect::<Vec<_>>(),
                    "from {}", from
                );
            }
        }
    }

    proptest! {
        #[test]
        fn fold_reads_as_folding_char_by_char(
            s in r"([a-zA-Z0-9 ]|[À-ɏ]|[Ḁ-ỿ]|\u{300}|\u{301}|[Ͱ-Ͽ]|[\u{80}-\u{bf}]|😀){0,40}",
        ) {
            // (a mark that composes with nothing is dropped)
            let want: String = s
                .nfc()
                .filter(|c| !('\u{300}'..='\u{36F}').contains(c))
                .map(fold_char)
                .collect();
            prop_assert_eq!(fold(&s), want);
        }

        #[test]
        fn fold_head_folds_the_head(
            s in r"([a-zA-Z0-9 ]|[À-ɏ]|[Ḁ-ỿ]|\u{300}|\u{301}|\u{36F}|\u{370}|[Ͱ-Ͽ]|😀){0,30}",
            n in 0usize..32,
        ) {
            prop_assert_eq!(fold_head(&s, n), fold(head(&s, n)));
        }

        #[test]
        fn fold_starts_with_reads_as_folding_then_comparing(
            s in r"([a-zA-Z ]|[À-ɏ]|[Ḁ-ỿ]|\u{300}|\u{302}|Đ|đ|\(){0,12}",
            p in r"(noi nhan|phu luc|\(kem theo|n|no|ph|\(|)",
        ) {
            prop_assert_eq!(fold_starts_with(&s, &p), fold(&s).starts_with(p.as_str()));
        }
    }

    #[test]
    fn fold_prefix_is_a_prefix_of_fold() {
        for s in [
            "",
            "Điều 1.",
            "QUYẾT ĐỊNH:",
            "Ke\u{0302}\u{0301} hoạch",
            "ͰΑ x",
            "ab",
        ] {
            for n in 0..12 {
                let want: String = fold(s).chars().take(n).collect();
                assert_eq!(fold_prefix(s, n), want, "{s:?} {n}");
            }
        }
    }

    #[test]
    fn slug_folds_names() {
        assert_eq!(slug("Đắk Lắk"), "dak-lak");
        assert_eq!(slug("  Bà Rịa - Vũng Tàu "), "ba-ria-vung-tau");
    }
}
