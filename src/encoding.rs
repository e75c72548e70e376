//! Legacy Vietnamese 8-bit encodings: reading them, recognising them from the
//! bytes, and writing them (for test fixtures and round trips).
//!
//! Owns the mapping tables and the detector. Tables:
//! - VISCII: RFC 1456 ("Vietnamese Standard Code for Information Interchange",
//!   VISCII 1.1): Latin-1 but for the 134 Vietnamese letters listed below.
//! - TCVN3 ("ABC", TCVN 5712:1993 table VN3): lower-case toned letters in
//!   0xA1–0xFE and seven capitals (Ă Â Ê Ô Ơ Ư Đ); toned capitals have no code
//!   (fonts such as .VnTimeH draw the lower-case codes as capitals), so their case
//!   is lost and is restored where a line is written in capitals or a sentence starts.
//! - VNI-Windows (VNI font encoding): a base letter followed by one or two mark
//!   bytes from the Latin-1 range ("eá" = ế), with a few precomposed letters.
//! - Windows-1258 through `encoding_rs`, whose output keeps combining tone marks
//!   (normalised to NFC afterwards).
//!
//! Detection never looks at file names: each candidate decoding is scored by the
//! share of its words that are valid Vietnamese syllables.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::text;

/// An encoding a plan can arrive in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    #[default]
    Utf8,
    Utf16le,
    Utf16be,
    Windows1258,
    Tcvn3,
    Vni,
    Viscii,
}

impl Encoding {
    /// The legacy 8-bit encodings, in the order the detector tries them.
    pub const LEGACY: [Encoding; 4] = [
        Encoding::Windows1258,
        Encoding::Tcvn3,
        Encoding::Vni,
        Encoding::Viscii,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16le => "utf-16le",
            Encoding::Utf16be => "utf-16be",
            Encoding::Windows1258 => "windows-1258",
            Encoding::Tcvn3 => "tcvn3",
            Encoding::Vni => "vni",
            Encoding::Viscii => "viscii",
        }
    }
}

/// VISCII bytes that differ from Latin-1 (RFC 1456).
const VISCII: &[(u8, char)] = &[
    (0x02, '\u{1EB2}'),
    (0x05, '\u{1EB4}'),
    (0x06, '\u{1EAA}'),
    (0x14, '\u{1EF6}'),
    (0x19, '\u{1EF8}'),
    (0x1E, '\u{1EF4}'),
    (0x80, '\u{1EA0}'),
    (0x81, '\u{1EAE}'),
    (0x82, '\u{1EB0}'),
    (0x83, '\u{1EB6}'),
    (0x84, '\u{1EA4}'),
    (0x85, '\u{1EA6}'),
    (0x86, '\u{1EA8}'),
    (0x87, '\u{1EAC}'),
    (0x88, '\u{1EBC}'),
    (0x89, '\u{1EB8}'),
    (0x8A, '\u{1EBE}'),
    (0x8B, '\u{1EC0}'),
    (0x8C, '\u{1EC2}'),
    (0x8D, '\u{1EC4}'),
    (0x8E, '\u{1EC6}'),
    (0x8F, '\u{1ED0}'),
    (0x90, '\u{1ED2}'),
    (0x91, '\u{1ED4}'),
    (0x92, '\u{1ED6}'),
    (0x93, '\u{1ED8}'),
    (0x94, '\u{1EE2}'),
    (0x95, '\u{1EDA}'),
    (0x96, '\u{1EDC}'),
    (0x97, '\u{1EDE}'),
    (0x98, '\u{1ECA}'),
    (0x99, '\u{1ECE}'),
    (0x9A, '\u{1ECC}'),
    (0x9B, '\u{1EC8}'),
    (0x9C, '\u{1EE6}'),
    (0x9D, '\u{0168}'),
    (0x9E, '\u{1EE4}'),
    (0x9F, '\u{1EF2}'),
    (0xA0, '\u{00D5}'),
    (0xA1, '\u{1EAF}'),
    (0xA2, '\u{1EB1}'),
    (0xA3, '\u{1EB7}'),
    (0xA4, '\u{1EA5}'),
    (0xA5, '\u{1EA7}'),
    (0xA6, '\u{1EA9}'),
    (0xA7, '\u{1EAD}'),
    (0xA8, '\u{1EBD}'),
    (0xA9, '\u{1EB9}'),
    (0xAA, '\u{1EBF}'),
    (0xAB, '\u{1EC1}'),
    (0xAC, '\u{1EC3}'),
    (0xAD, '\u{1EC5}'),
    (0xAE, '\u{1EC7}'),
    (0xAF, '\u{1ED1}'),
    (0xB0, '\u{1ED3}'),
    (0xB1, '\u{1ED5}'),
    (0xB2, '\u{1ED7}'),
    (0xB3, '\u{1EE0}'),
    (0xB4, '\u{01A0}'),
    (0xB5, '\u{1ED9}'),
    (0xB6, '\u{1EDD}'),
    (0xB7, '\u{1EDF}'),
    (0xB8, '\u{1ECB}'),
    (0xB9, '\u{1EF0}'),
    (0xBA, '\u{1EE8}'),
    (0xBB, '\u{1EEA}'),
    (0xBC, '\u{1EEC}'),
    (0xBD, '\u{01A1}'),
    (0xBE, '\u{1EDB}'),
    (0xBF, '\u{01AF}'),
    (0xC4, '\u{1EA2}'),
    (0xC5, '\u{0102}'),
    (0xC6, '\u{1EB3}'),
    (0xC7, '\u{1EB5}'),
    (0xCB, '\u{1EBA}'),
    (0xCE, '\u{0128}'),
    (0xCF, '\u{1EF3}'),
    (0xD0, '\u{0110}'),
    (0xD1, '\u{1EE9}'),
    (0xD5, '\u{1EA1}'),
    (0xD6, '\u{1EF7}'),
    (0xD7, '\u{1EEB}'),
    (0xD8, '\u{1EED}'),
    (0xDB, '\u{1EF9}'),
    (0xDC, '\u{1EF5}'),
    (0xDE, '\u{1EE1}'),
    (0xDF, '\u{01B0}'),
    (0xE4, '\u{1EA3}'),
    (0xE5, '\u{0103}'),
    (0xE6, '\u{1EEF}'),
    (0xE7, '\u{1EAB}'),
    (0xEB, '\u{1EBB}'),
    (0xEE, '\u{0129}'),
    (0xEF, '\u{1EC9}'),
    (0xF0, '\u{0111}'),
    (0xF1, '\u{1EF1}'),
    (0xF6, '\u{1ECF}'),
    (0xF7, '\u{1ECD}'),
    (0xF8, '\u{1EE5}'),
    (0xFB, '\u{0169}'),
    (0xFC, '\u{1EE7}'),
    (0xFE, '\u{1EE3}'),
    (0xFF, '\u{1EEE}'),
];

/// TCVN3 (ABC) bytes above 0x7F (TCVN 5712:1993, VN3).
const TCVN3: &[(u8, char)] = &[
    (0xA1, 'Ă'),
    (0xA2, 'Â'),
    (0xA3, 'Ê'),
    (0xA4, 'Ô'),
    (0xA5, 'Ơ'),
    (0xA6, 'Ư'),
    (0xA7, 'Đ'),
    (0xB5, 'à'),
    (0xB6, 'ả'),
    (0xB7, 'ã'),
    (0xB8, 'á'),
    (0xB9, 'ạ'),
    (0xA8, 'ă'),
    (0xBB, 'ằ'),
    (0xBC, 'ẳ'),
    (0xBD, 'ẵ'),
    (0xBE, 'ắ'),
    (0xC6, 'ặ'),
    (0xA9, 'â'),
    (0xC7, 'ầ'),
    (0xC8, 'ẩ'),
    (0xC9, 'ẫ'),
    (0xCA, 'ấ'),
    (0xCB, 'ậ'),
    (0xCC, 'è'),
    (0xCE, 'ẻ'),
    (0xCF, 'ẽ'),
    (0xD0, 'é'),
    (0xD1, 'ẹ'),
    (0xAA, 'ê'),
    (0xD2, 'ề'),
    (0xD3, 'ể'),
    (0xD4, 'ễ'),
    (0xD5, 'ế'),
    (0xD6, 'ệ'),
    (0xD7, 'ì'),
    (0xD8, 'ỉ'),
    (0xDC, 'ĩ'),
    (0xDD, 'í'),
    (0xDE, 'ị'),
    (0xDF, 'ò'),
    (0xE1, 'ỏ'),
    (0xE2, 'õ'),
    (0xE3, 'ó'),
    (0xE4, 'ọ'),
    (0xAB, 'ô'),
    (0xE5, 'ồ'),
    (0xE6, 'ổ'),
    (0xE7, 'ỗ'),
    (0xE8, 'ố'),
    (0xE9, 'ộ'),
    (0xAC, 'ơ'),
    (0xEA, 'ờ'),
    (0xEB, 'ở'),
    (0xEC, 'ỡ'),
    (0xED, 'ớ'),
    (0xEE, 'ợ'),
    (0xEF, 'ù'),
    (0xF1, 'ủ'),
    (0xF2, 'ũ'),
    (0xF3, 'ú'),
    (0xF4, 'ụ'),
    (0xAD, 'ư'),
    (0xF5, 'ừ'),
    (0xF6, 'ử'),
    (0xF7, 'ữ'),
    (0xF8, 'ứ'),
    (0xF9, 'ự'),
    (0xFA, 'ỳ'),
    (0xFB, 'ỷ'),
    (0xFC, 'ỹ'),
    (0xFD, 'ý'),
    (0xFE, 'ỵ'),
    (0xAE, 'đ'),
];

/// VNI-Windows: precomposed letters that are a single byte.
const VNI_SINGLE: &[(u8, char)] = &[
    (0xF4, 'ơ'),
    (0xD4, 'Ơ'),
    (0xF6, 'ư'),
    (0xD6, 'Ư'),
    (0xF1, 'đ'),
    (0xD1, 'Đ'),
    (0xED, 'í'),
    (0xEC, 'ì'),
    (0xE6, 'ỉ'),
    (0xF3, 'ĩ'),
    (0xF2, 'ị'),
    (0xCD, 'Í'),
    (0xCC, 'Ì'),
    (0xC6, 'Ỉ'),
    (0xD3, 'Ĩ'),
    (0xD2, 'Ị'),
];

/// VNI-Windows mark bytes after a base letter, lower-case forms, and the
/// combining marks they stand for. Capital forms are the same bytes minus 0x20.
const VNI_MARKS: &[(u8, &str)] = &[
    (0xF9, "\u{301}"),        // sắc
    (0xF8, "\u{300}"),        // huyền
    (0xFB, "\u{309}"),        // hỏi
    (0xF5, "\u{303}"),        // ngã
    (0xEF, "\u{323}"),        // nặng
    (0xE2, "\u{302}"),        // circumflex: â ê ô
    (0xEA, "\u{306}"),        // breve: ă
    (0xE1, "\u{302}\u{301}"), // ấ ế ố
    (0xE0, "\u{302}\u{300}"), // ầ ề ồ
    (0xE5, "\u{302}\u{309}"), // ẩ ể ổ
    (0xE3, "\u{302}\u{303}"), // ẫ ễ ỗ
    (0xE4, "\u{323}\u{302}"), // ậ ệ ộ (NFD order: dot below first)
    (0xE9, "\u{306}\u{301}"), // ắ
    (0xE8, "\u{306}\u{300}"), // ằ
    (0xFA, "\u{306}\u{309}"), // ẳ
    (0xFC, "\u{306}\u{303}"), // ẵ
    (0xEB, "\u{323}\u{306}"), // ặ
    (0xEE, "\u{323}"),        // ỵ (y + dot)
];

static VISCII_DECODE: LazyLock<[char; 256]> = LazyLock::new(|| {
    let mut t = [' '; 256];
    for (i, c) in t.iter_mut().enumerate() {
        *c = char::from(i as u8);
    }
    for &(b, c) in VISCII {
        t[b as usize] = c;
    }
    t
});

/// Bytes 0x80–0x9F as Windows-1252 reads them (“ ” ‘ ’ – — … •): the font
/// encodings (TCVN3, VNI) were used on Windows and keep these punctuation marks.
fn cp1252_high(b: u8) -> char {
    let byte = [b];
    let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
    s.chars().next().unwrap_or(char::from(b))
}

static CP1252_ENCODE: LazyLock<HashMap<char, u8>> = LazyLock::new(|| {
    (0x80u8..=0x9F)
        .map(|b| (cp1252_high(b), b))
        .filter(|(c, _)| !c.is_control())
        .collect()
});

static TCVN3_DECODE: LazyLock<[char; 256]> = LazyLock::new(|| {
    let mut t = [' '; 256];
    for (i, c) in t.iter_mut().enumerate() {
        *c = if (0x80..=0x9F).contains(&i) {
            cp1252_high(i as u8)
        } else {
            char::from(i as u8)
        };
    }
    for &(b, c) in TCVN3 {
        t[b as usize] = c;
    }
    t
});

fn reverse(table: &[(u8, char)]) -> HashMap<char, u8> {
    table.iter().map(|&(b, c)| (c, b)).collect()
}

static VISCII_ENCODE: LazyLock<HashMap<char, u8>> = LazyLock::new(|| reverse(VISCII));
static TCVN3_ENCODE: LazyLock<HashMap<char, u8>> = LazyLock::new(|| reverse(TCVN3));

fn decode_table(bytes: &[u8], table: &[char; 256]) -> String {
    bytes.iter().map(|&b| table[b as usize]).collect()
}

fn vni_mark(b: u8) -> Option<&'static str> {
    VNI_MARKS
        .iter()
        .find(|(m, _)| *m == b || (*m - 0x20 == b && *m != 0xEE))
        .map(|(_, s)| *s)
        .or_else(|| (b == 0xCE).then_some("\u{323}"))
}

fn decode_vni(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if let Some(&(_, c)) = VNI_SINGLE.iter().find(|(x, _)| *x == b) {
            out.push(c);
            continue;
        }
        let prev_base = out
            .chars()
            .last()
            .is_some_and(|p| p.is_ascii_alphabetic() || "ơƠưƯ".contains(p));
        if b >= 0x80 && prev_base {
            if let Some(m) = vni_mark(b) {
                out.push_str(m);
                continue;
            }
        }
        out.push(if (0x80..=0x9F).contains(&b) {
            cp1252_high(b)
        } else {
            char::from(b)
        });
    }
    out.nfc().collect()
}

/// Decode bytes known to be in `enc`.
pub fn decode_as(bytes: &[u8], enc: Encoding) -> String {
    let s: String = match enc {
        Encoding::Utf8 => {
            String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
                .into_owned()
        }
        Encoding::Utf16le => encoding_rs::UTF_16LE
            .decode_with_bom_removal(bytes)
            .0
            .into_owned(),
        Encoding::Utf16be => encoding_rs::UTF_16BE
            .decode_with_bom_removal(bytes)
            .0
            .into_owned(),
        Encoding::Windows1258 => encoding_rs::WINDOWS_1258
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
        Encoding::Viscii => decode_table(bytes, &VISCII_DECODE),
        Encoding::Tcvn3 => restore_capitals(&decode_table(bytes, &TCVN3_DECODE)),
        Encoding::Vni => decode_vni(bytes),
    };
    crate::text::nfc(s)
}

/// Letters that TCVN3 can only write in lower case (toned and marked vowels).
fn lost_capital(c: char) -> bool {
    c.is_lowercase() && !c.is_ascii() && c != 'đ' && !"ăâêôơư".contains(c)
}

/// Institutions whose name starts with a capital TCVN3 cannot write ("Ủy ban").
const CAPITALISED: &[&str] = &[
    "ủy ban nhân dân",
    "ủy ban mặt trận",
    "ủy ban thường vụ",
    "ủy ban bầu cử",
    "ủy ban kiểm tra",
    "ủy ban mttq",
];

/// Put back the capitals TCVN3 cannot write: every toned vowel of a word whose
/// other letters are capitals ("HOạCH"); of a one-capital word next to such a word
/// ("Kế HOẠCH"); of every word in a line of such words (headings); at the start
/// of a sentence; and of the institutions in [`CAPITALISED`].
fn restore_capitals(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (k, line) in s.split('\n').enumerate() {
        if k > 0 {
            out.push('\n');
        }
        // words (byte ranges)
        let mut words: Vec<(usize, usize)> = Vec::new();
        let mut start = None;
        for (i, c) in line.char_indices() {
            match (c.is_alphabetic(), start) {
                (true, None) => start = Some(i),
                (false, Some(st)) => {
                    words.push((st, i));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(st) = start {
            words.push((st, line.len()));
        }
        // 2: capitals with lost ones ("HOạCH"); 3: capitals only ("TGPL");
        // 1: one capital and lost ones ("Kế"); 0: anything else
        let kind = |w: &str| -> u8 {
            let up = w.chars().filter(|c| c.is_uppercase()).count();
            let lost = w.chars().filter(|c| lost_capital(*c)).count();
            let plain_lower = w
                .chars()
                .filter(|c| c.is_lowercase() && !lost_capital(*c))
                .count();
            match (up, lost, plain_lower) {
                (u, l, 0) if u >= 2 && l > 0 => 2,
                (u, 0, 0) if u >= 1 => 3,
                (1, _, 0) => 1,
                _ => 0,
            }
        };
        let kinds: Vec<u8> = words.iter().map(|&(a, b)| kind(&line[a..b])).collect();
        let spaced = |i: usize, j: usize| line[words[i].1..words[j].0].chars().all(|c| c == ' ');
        let heading = kinds.iter().filter(|k| **k == 2).count() >= 2 && !kinds.contains(&0);
        let raise: Vec<bool> = (0..words.len())
            .map(|i| {
                heading
                    || kinds[i] == 2
                    || (kinds[i] == 1
                        && ((i > 0 && kinds[i - 1] == 2 && spaced(i - 1, i))
                            || (kinds.get(i + 1) == Some(&2) && spaced(i, i + 1))))
            })
            .collect();
        let lower = line.to_lowercase();
        let institutions: Vec<usize> = CAPITALISED
            .iter()
            .flat_map(|p| lower.match_indices(p).map(|(i, _)| i))
            .collect();
        let mut sentence_start = true;
        let mut w = 0;
        for (i, c) in line.char_indices() {
            while w < words.len() && words[w].1 <= i {
                w += 1;
            }
            let in_raised = w < words.len() && words[w].0 <= i && raise[w];
            if lost_capital(c) && (sentence_start || in_raised || institutions.contains(&i)) {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
            if c.is_alphanumeric() {
                sentence_start = false;
            } else if matches!(c, '.' | '!' | '?' | ':') {
                sentence_start = true;
            }
        }
    }
    out
}

/// Encode `s` in `enc` (for fixtures and round trips). Characters the encoding
/// cannot write become `?`; TCVN3 writes toned capitals in lower case.
pub fn encode(s: &str, enc: Encoding) -> Vec<u8> {
    let s: String = s.nfc().collect();
    match enc {
        Encoding::Utf8 => s.into_bytes(),
        Encoding::Utf16le => {
            let mut v = vec![0xFF, 0xFE];
            for u in s.encode_utf16() {
                v.extend(u.to_le_bytes());
            }
            v
        }
        Encoding::Utf16be => {
            let mut v = vec![0xFE, 0xFF];
            for u in s.encode_utf16() {
                v.extend(u.to_be_bytes());
            }
            v
        }
        Encoding::Windows1258 => {
            // letters with vowel marks stay precomposed, tone marks are combining
            let mut t = String::with_capacity(s.len());
            for c in s.chars() {
                let (base, tone) = split_tone(c);
                t.push(base);
                if let Some(m) = tone {
                    t.push(m);
                }
            }
            let (bytes, _, _) = encoding_rs::WINDOWS_1258.encode(&t);
            bytes.into_owned()
        }
        Encoding::Viscii => s
            .chars()
            .map(|c| match VISCII_ENCODE.get(&c) {
                Some(&b) => b,
                None if (c as u32) < 0x100
                    && !VISCII.iter().any(|(b, _)| *b as u32 == c as u32) =>
                {
                    c as u8
                }
                None => b'?',
            })
            .collect(),
        Encoding::Tcvn3 => s
            .chars()
            .map(|c| {
                if c.is_ascii() {
                    return c as u8;
                }
                TCVN3_ENCODE
                    .get(&c)
                    .or_else(|| c.to_lowercase().next().and_then(|l| TCVN3_ENCODE.get(&l)))
                    .or_else(|| CP1252_ENCODE.get(&c))
                    .copied()
                    .unwrap_or(b'?')
            })
            .collect(),
        Encoding::Vni => {
            let mut out = Vec::with_capacity(s.len() * 2);
            for c in s.chars() {
                if c.is_ascii() {
                    out.push(c as u8);
                } else if let Some(&(b, _)) = VNI_SINGLE.iter().find(|(_, x)| *x == c) {
                    out.push(b);
                } else if let Some(&b) = CP1252_ENCODE.get(&c) {
                    out.push(b);
                } else {
                    out.extend(vni_encode_letter(c).unwrap_or_else(|| vec![b'?']));
                }
            }
            out
        }
    }
}

/// Split a letter into (letter with its vowel mark, combining tone mark).
fn split_tone(c: char) -> (char, Option<char>) {
    let d: Vec<char> = c.nfd().collect();
    let tone = d
        .iter()
        .copied()
        .find(|m| matches!(m, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'));
    let rest: String = d
        .iter()
        .copied()
        .filter(|m| Some(*m) != tone)
        .collect::<String>()
        .nfc()
        .collect();
    let mut it = rest.chars();
    match (it.next(), it.next()) {
        (Some(b), None) => (b, tone),
        _ => (c, None),
    }
}

fn vni_encode_letter(c: char) -> Option<Vec<u8>> {
    let d: Vec<char> = c.nfd().collect();
    let base = *d.first()?;
    if !base.is_ascii_alphabetic() {
        return None;
    }
    let upper = base.is_ascii_uppercase();
    let marks: String = d[1..].iter().collect();
    // ơ / ư with a tone: the precomposed horn letter, then the tone byte
    let (mut out, marks) = if let Some(rest) = marks.strip_prefix('\u{31B}') {
        let horn = match (base.to_ascii_lowercase(), upper) {
            ('o', false) => 0xF4,
            ('o', true) => 0xD4,
            ('u', false) => 0xF6,
            ('u', true) => 0xD6,
            _ => return None,
        };
        (vec![horn], rest.to_string())
    } else {
        (vec![base as u8], marks)
    };
    if marks.is_empty() {
        return Some(out);
    }
    // "ỵ" has its own dot byte
    if base.eq_ignore_ascii_case(&'y') && marks == "\u{323}" {
        out.push(if upper { 0xCE } else { 0xEE });
        return Some(out);
    }
    let (b, _) = VNI_MARKS
        .iter()
        .filter(|(b, _)| *b != 0xEE)
        .find(|(_, m)| *m == marks)?;
    out.push(if upper { b - 0x20 } else { *b });
    Some(out)
}

/// Letters of the Vietnamese alphabet (lower case, NFC).
fn viet_letter(c: char) -> bool {
    c.is_ascii_lowercase() || c == 'đ' || {
        let f = text::fold_char(c);
        "aeiouy".contains(f) && c != f
    }
}

static SYLLABLE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnprstvx])?(uye|uya|oai|oay|uoi|uou|ươ|ieu|yeu|uay|uây|[aeiouy]{1,3})(ch|ng|nh|[cmnpt])?$").expect("syllable regex")
});

/// Whether `word` (lower case, NFC) is a well-formed Vietnamese syllable.
pub fn is_syllable(word: &str) -> bool {
    if word.is_empty() || !word.chars().all(viet_letter) {
        return false;
    }
    let tones = word
        .nfd()
        .filter(|m| matches!(m, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'))
        .count();
    tones <= 1 && SYLLABLE.is_match(&text::fold(word))
}

/// Share of the words of `s` that are Vietnamese syllables (words of letters only).
pub fn vietnamese_score(s: &str) -> f64 {
    let mut total = 0usize;
    let mut good = 0usize;
    for w in s
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        total += 1;
        if is_syllable(&w.to_lowercase()) {
            good += 1;
        }
    }
    if total == 0 {
        0.0
    } else {
        good as f64 / total as f64
    }
}

/// Recognise and decode: a BOM decides; valid UTF-8 is UTF-8; otherwise the
/// legacy encoding whose decoding reads most like Vietnamese, if any reads well.
///
/// UTF-8 comes back as read (borrowed, BOM removed, not yet in NFC:
/// [`crate::text::normalize`], which every reader runs next, recomposes it, so
/// the text is checked for NFC once); every other decoding comes back in NFC.
pub fn detect(bytes: &[u8]) -> Option<(Cow<'_, str>, Encoding)> {
    if bytes.starts_with(b"\xFF\xFE") {
        let s = decode_as(bytes, Encoding::Utf16le);
        return Some((Cow::Owned(s), Encoding::Utf16le));
    }
    if bytes.starts_with(b"\xFE\xFF") {
        let s = decode_as(bytes, Encoding::Utf16be);
        return Some((Cow::Owned(s), Encoding::Utf16be));
    }
    // most inputs are UTF-8: a SIMD check (std's reads ~440 MB/s of Vietnamese text)
    if let Ok(s) = simdutf8::basic::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
    {
        return Some((Cow::Borrowed(s), Encoding::Utf8));
    }
    let mut best: Option<(f64, String, Encoding)> = None;
    for enc in Encoding::LEGACY {
        let s = decode_as(bytes, enc);
        let score = vietnamese_score(&s);
        if best.as_ref().is_none_or(|(b, _, _)| score > *b) {
            best = Some((score, s, enc));
        }
    }
    let (score, s, enc) = best?;
    (score >= 0.6).then_some((Cow::Owned(s), enc))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "KẾ HOẠCH Triển khai công tác trợ giúp pháp lý năm 2025.\nỦy ban nhân dân tỉnh Lạng Sơn; Sở Tư pháp; người khuyết tật, đồng bào dân tộc thiểu số; Đỗ Xuân Vang; hòa giải, thủy lợi, khỏe mạnh, quỹ, ngữ, Ặ Ẵ Ỵ ỵ Ự Ữ.";

    #[test]
    fn round_trips() {
        for enc in [
            Encoding::Utf8,
            Encoding::Utf16le,
            Encoding::Utf16be,
            Encoding::Windows1258,
            Encoding::Vni,
            Encoding::Viscii,
        ] {
            assert_eq!(
                decode_as(&encode(SAMPLE, enc), enc),
                SAMPLE,
                "{}",
                enc.name()
            );
        }
        // TCVN3 keeps every letter; capitals it cannot write come back at line and sentence starts
        let t = decode_as(&encode(SAMPLE, Encoding::Tcvn3), Encoding::Tcvn3);
        assert_eq!(t.to_lowercase(), SAMPLE.to_lowercase());
        assert!(t.starts_with("KẾ HOẠCH") && t.contains("\nỦy ban"));
    }

    #[test]
    fn every_vietnamese_letter_survives() {
        let letters = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ";
        let all: String = format!("{letters} {}", letters.to_uppercase());
        for enc in [Encoding::Windows1258, Encoding::Vni, Encoding::Viscii] {
            assert_eq!(decode_as(&encode(&all, enc), enc), all, "{}", enc.name());
        }
        assert_eq!(
            decode_as(&encode(letters, Encoding::Tcvn3), Encoding::Tcvn3),
            letters
        );
        assert_eq!(
            TCVN3.len(),
            7 + 67,
            "TCVN3 has 7 capitals and 67 lower-case letters"
        );
        assert_eq!(
            VISCII.len() + 31,
            134,
            "VISCII writes 134 Vietnamese letters, 31 of them as in Latin-1"
        );
    }

    #[test]
    fn detection_picks_the_encoding_from_the_bytes() {
        for enc in Encoding::LEGACY.into_iter().chain([
            Encoding::Utf16le,
            Encoding::Utf16be,
            Encoding::Utf8,
        ]) {
            let bytes = encode(SAMPLE, enc);
            let (text, got) = detect(&bytes).expect("recognised");
            assert_eq!(got, enc, "{}", enc.name());
            assert_eq!(text.to_lowercase(), SAMPLE.to_lowercase());
        }
        assert!(detect(b"\xff\xfe\x00\x01garbage\xc3\x28").is_some()); // a BOM decides
        assert!(detect(&[0x81, 0x8d, 0x8f, 0x90, 0x9d, 0x20, 0x81, 0x8d]).is_none());
    }

    #[test]
    fn syllables() {
        for w in [
            "nghiêng", "khuyết", "trợ", "giúp", "quốc", "người", "đồng", "hoà", "thuở", "oanh",
        ] {
            assert!(is_syllable(w), "{w}");
        }
        for w in ["hoạt̀", "ðồng", "xyz", "kếhoạch", "µ¶"] {
            assert!(!is_syllable(w), "{w}");
        }
    }
}
