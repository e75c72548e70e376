//! Vietnamese text analysis for the index: how text and queries become terms.
//!
//! Owns the syllable tokenizer behind both full-text fields — `exact` (lower
//! case, NFC, canonical tone placement, so "hoà" and "hòa" are one term) and
//! `folded` (every mark removed, đ → d) — and the abbreviation table: an
//! abbreviation ("TGPL", "UBND") is indexed and queried as the words it stands
//! for, at consecutive positions, so "TGPL lưu động" and "trợ giúp pháp lý lưu
//! động" are the same phrase in both directions.
//!
//! Also owns the pair analyzer: each two folded terms at consecutive positions
//! as one term ("tro giup", "giup phap", ...), so a quoted phrase can be looked
//! up as a few plain terms before its positions are checked.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::text;

/// Abbreviations and what they stand for. Source: `shared/DOMAIN.md` ("Task
/// fields": abbreviations are common), plus the Fatherland Front ones seen in
/// commune plans. Keys are folded lower case.
pub const ABBREVIATIONS: &[(&str, &str)] = &[
    ("tgpl", "trợ giúp pháp lý"),
    ("ubnd", "ủy ban nhân dân"),
    ("hdnd", "hội đồng nhân dân"),
    ("stp", "sở tư pháp"),
    ("btp", "bộ tư pháp"),
    ("ttg", "thủ tướng chính phủ"),
    ("tand", "tòa án nhân dân"),
    ("vksnd", "viện kiểm sát nhân dân"),
    ("bca", "bộ công an"),
    ("ldtbxh", "lao động thương binh và xã hội"),
    ("mtqg", "mục tiêu quốc gia"),
    ("ctmtqg", "chương trình mục tiêu quốc gia"),
    ("dtts", "dân tộc thiểu số"),
    ("mttq", "mặt trận tổ quốc"),
    ("ubmttq", "ủy ban mặt trận tổ quốc"),
    ("tthc", "thủ tục hành chính"),
    ("cp", "chính phủ"),
    ("tw", "trung ương"),
    ("ca", "công an"),
];

/// Which bytes start an abbreviation's key (lower case; "đ" is a two-byte
/// char starting 0xC4, which is let through): most words are told apart by
/// their first byte alone.
const ABBREVIATION_START: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < ABBREVIATIONS.len() {
        t[ABBREVIATIONS[i].0.as_bytes()[0] as usize] = true;
        i += 1;
    }
    t[0xC4] = true;
    t
};

/// Each key of [`ABBREVIATIONS`] as one number, a byte a letter (keys have no
/// zero byte, so no two keys of different lengths share a number): a word is
/// looked up by comparing numbers, not strings.
const ABBREVIATION_KEYS: [u64; ABBREVIATIONS.len()] = {
    let mut t = [0u64; ABBREVIATIONS.len()];
    let mut i = 0;
    while i < ABBREVIATIONS.len() {
        let k = ABBREVIATIONS[i].0.as_bytes();
        let mut j = 0;
        while j < k.len() {
            t[i] = t[i] << 8 | k[j] as u64;
            j += 1;
        }
        i += 1;
    }
    t
};

/// Two-letter abbreviations are also ordinary syllables ("ca", "cp"): they are
/// expanded only when written in capitals.
fn needs_capitals(key: &str) -> bool {
    key.len() <= 2
}

/// The words an abbreviation stands for, if `word` (as written) is one.
/// Inlined where it is called: most words are told from an abbreviation by
/// their length and first byte, before a call to [`lookup`].
#[inline]
pub fn expansion(word: &str) -> Option<&'static str> {
    // at most six letters, one of them maybe a two-byte "đ", and a first byte
    // that starts a key
    if word.len() > 7
        || !word
            .as_bytes()
            .first()
            .is_some_and(|&b| ABBREVIATION_START[usize::from(b.to_ascii_lowercase())])
    {
        return None;
    }
    lookup(word)
}

/// [`expansion`] past its first test.
#[inline(never)]
fn lookup(word: &str) -> Option<&'static str> {
    // the longest key is six letters ("ctmtqg"); abbreviations carry no tone or
    // vowel mark (Đ aside): "CÀ" is not "CA"
    let bytes = word.as_bytes();
    let (mut key, mut n, mut i) = (0u64, 0, 0);
    while i < bytes.len() {
        let letter = match bytes[i] {
            b if b.is_ascii_alphanumeric() => b.to_ascii_lowercase(),
            // "Đ" and "đ" are C4 90 and C4 91
            0xC4 if matches!(bytes.get(i + 1), Some(0x90 | 0x91)) => {
                i += 1;
                b'd'
            }
            _ => return None,
        };
        if n == 6 {
            return None;
        }
        key = key << 8 | u64::from(letter);
        n += 1;
        i += 1;
    }
    let at = ABBREVIATION_KEYS.iter().position(|&k| k == key)?;
    let (k, full) = ABBREVIATIONS[at];
    if needs_capitals(k) && word.chars().any(char::is_lowercase) {
        return None;
    }
    Some(full)
}

/// Letters and digits: Vietnamese letters come from a table built once (see
/// [`latin`]), the rest from the standard library.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        latin(c).map_or_else(|| c.is_alphanumeric(), |(k, _)| k & WORD != 0)
    }
}

/// The byte of the first char from `at` that is (`word`) or is not a word
/// char. ASCII bytes are read as bytes; only other chars are decoded.
fn word_edge(text: &str, at: usize, word: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = at;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            if b.is_ascii_alphanumeric() == word {
                return Some(i);
            }
            i += 1;
        } else {
            // most Vietnamese letters are U+00C0–U+027F (lead bytes C3–C9;
            // × and ÷ aside) or U+1E00–U+1EFF (E1 B8–BB): letters all
            let letter = match (b, bytes.get(i + 1)) {
                (0xC3, Some(0x97 | 0xB7)) => None,
                (0xC3..=0xC9, _) => Some(2),
                (0xE1, Some(0xB8..=0xBB)) => Some(3),
                _ => None,
            };
            let (is_word, len) = match letter {
                Some(len) => (true, len),
                None => {
                    let c = text[i..].chars().next()?;
                    (is_word_char(c), c.len_utf8())
                }
            };
            if is_word == word {
                return Some(i);
            }
            i += len;
        }
    }
    None
}

/// Whether `c` carries a Vietnamese mark (tone, vowel mark or đ): its folded
/// form differs from its lower-case form, as in [`text::has_marks`].
fn is_marked(c: char) -> bool {
    if c.is_ascii() {
        false
    } else {
        latin(c).map_or_else(
            || c.is_alphabetic() && text::fold_char(c) != lower(c),
            |(k, _)| k & MARKED != 0,
        )
    }
}

/// Whether `c` carries one of the five tone marks.
fn has_tone(c: char) -> bool {
    latin(c).is_some_and(|(k, _)| k & TONED != 0)
}

fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// The Latin-1 letters to Latin Extended-B, and Latin Extended Additional:
/// every Vietnamese letter is in them.
const LATIN: [std::ops::Range<u32>; 2] = [0xC0..0x250, 0x1E00..0x1F00];

const WORD: u8 = 1;
const MARKED: u8 = 2;
const TONED: u8 = 4;

/// Class bits and lower case of a char of [`LATIN`], else `None`.
fn latin(c: char) -> Option<(u8, char)> {
    let u = c as u32;
    let mut at = 0;
    for r in &LATIN {
        if r.contains(&u) {
            return Some(LATIN_TABLE[(at + u - r.start) as usize]);
        }
        at += r.end - r.start;
    }
    None
}

static LATIN_TABLE: std::sync::LazyLock<Vec<(u8, char)>> = std::sync::LazyLock::new(|| {
    use unicode_normalization::UnicodeNormalization;
    LATIN
        .iter()
        .flat_map(|r| r.clone())
        .map(|u| {
            let Some(c) = char::from_u32(u) else {
                return (0, '?');
            };
            let mut class = 0;
            if c.is_alphanumeric() {
                class |= WORD;
            }
            if c.is_alphabetic() && text::fold_char(c) != lower(c) {
                class |= MARKED;
            }
            if c.nfd()
                .any(|d| matches!(d, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'))
            {
                class |= TONED;
            }
            // a letter whose lower case is more than one char keeps its own
            let mut l = c.to_lowercase();
            let low = match (l.next(), l.next()) {
                (Some(one), None) => one,
                _ => c,
            };
            (class, low)
        })
        .collect()
});

/// Write the term of one word into `out`: folded, or (exact) lower case with
/// canonical tones. In the exact field only words with a mark have a term: the
/// folded field already holds every unmarked word, and an accented query is
/// matched as written through its marked words. Returns whether a term was written.
fn term_of(word: &str, folded: bool, out: &mut String) -> bool {
    out.clear();
    if folded {
        if word.is_ascii() {
            out.push_str(word);
            out.make_ascii_lowercase();
        } else {
            out.extend(word.chars().map(text::fold_char));
        }
        return true;
    }
    if word.is_ascii() || !word.chars().any(is_marked) {
        return false;
    }
    // only an "oa", "oe" or "uy" with a tone on its second vowel may move it
    let mut prev = ' ';
    let mut moves = false;
    for c in word.chars() {
        if has_tone(c)
            && matches!(
                (text::fold_char(prev), text::fold_char(c)),
                ('o', 'a') | ('o', 'e') | ('u', 'y')
            )
        {
            moves = true;
            break;
        }
        prev = c;
    }
    if moves {
        out.push_str(&text::canonical_tones(word).to_lowercase());
    } else {
        for c in word.chars() {
            match latin(c) {
                _ if c.is_ascii() => out.push(c.to_ascii_lowercase()),
                Some((_, low)) => out.push(low),
                None => out.extend(c.to_lowercase()),
            }
        }
    }
    true
}

/// The terms of `s` for the exact (`folded == false`) or folded field, with byte
/// offsets and positions; abbreviations expanded in place.
pub fn terms(s: &str, folded: bool) -> Vec<Token> {
    let mut stream = VietTokenizer { folded }.stream(s);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().clone());
    }
    out
}

/// Where, in `s`, the last of its first folded terms ends when those terms
/// are the folded terms of `prefix`, in order; `None` when they are not, or
/// when `prefix` has none. No term is collected (each side folds into one
/// buffer of its own), and `s` is read no further than those terms.
pub fn after_terms(s: &str, prefix: &str) -> Option<usize> {
    let mut want = VietTokenizer { folded: true }.stream(prefix);
    let mut have = VietTokenizer { folded: true }.stream(s);
    let mut end = None;
    while want.advance() {
        if !have.advance() || have.token().text != want.token().text {
            return None;
        }
        end = Some(have.token().offset_to);
    }
    end
}

/// Call `f` with each folded term of `s` (abbreviations written out), without
/// collecting them.
pub fn for_each_folded(s: &str, mut f: impl FnMut(&str)) {
    let mut stream = VietTokenizer { folded: true }.stream(s);
    while stream.advance() {
        f(&stream.token().text);
    }
}

/// For each byte offset of `at` (in ascending order), the position the folded
/// analyzer gives the first term starting at or after it in `s`: the number of
/// folded terms before it, an abbreviation counting as the words it stands for.
/// The words are only counted, not folded, so this costs a fraction of
/// [`terms`].
pub fn positions_at(s: &str, at: &[usize]) -> Vec<u32> {
    let mut stream = VietTokenizer { folded: true }.stream(s);
    let mut out = Vec::with_capacity(at.len());
    let mut position = 0u32;
    let mut next = at.iter().copied().peekable();
    while let Some((start, end)) = stream.next_word() {
        while next.next_if(|&o| o <= start).is_some() {
            out.push(position);
        }
        if next.peek().is_none() {
            break;
        }
        let n = expansion(&s[start..end]).map_or(1, |full| full.split_whitespace().count());
        position += n as u32;
    }
    out.extend(next.map(|_| position));
    out
}

/// The tokenizer registered for the exact and folded fields.
#[derive(Clone, Copy, Debug)]
pub struct VietTokenizer {
    /// Fold every mark away (the folded field) or keep them (the exact field).
    pub folded: bool,
}

impl VietTokenizer {
    fn stream(self, text: &str) -> VietTokens<'_> {
        VietTokens {
            text,
            at: 0,
            position: 0,
            pending: "".split_whitespace(),
            pending_span: (0, 0),
            folded: self.folded,
            token: Token::default(),
        }
    }
}

/// The terms of one text, produced one at a time into a reused token.
pub struct VietTokens<'a> {
    text: &'a str,
    /// Byte offset where the next word is looked for.
    at: usize,
    /// Position of the next word.
    position: usize,
    /// Words of an abbreviation still to produce, and its span.
    pending: std::str::SplitWhitespace<'static>,
    pending_span: (usize, usize),
    folded: bool,
    token: Token,
}

impl VietTokens<'_> {
    /// Byte span of the next word, from `self.at`.
    fn next_word(&mut self) -> Option<(usize, usize)> {
        let s = word_edge(self.text, self.at, true)?;
        let e = word_edge(self.text, s, false).unwrap_or(self.text.len());
        self.at = e;
        Some((s, e))
    }
}

impl TokenStream for VietTokens<'_> {
    fn advance(&mut self) -> bool {
        loop {
            if let Some(part) = self.pending.next() {
                let position = self.position;
                self.position += 1;
                if term_of(part, self.folded, &mut self.token.text) {
                    (self.token.offset_from, self.token.offset_to) = self.pending_span;
                    self.token.position = position;
                    return true;
                }
                continue;
            }
            let Some((s, e)) = self.next_word() else {
                self.at = self.text.len();
                return false;
            };
            let word = &self.text[s..e];
            if let Some(full) = expansion(word) {
                self.pending = full.split_whitespace();
                self.pending_span = (s, e);
                continue;
            }
            let position = self.position;
            self.position += 1;
            if term_of(word, self.folded, &mut self.token.text) {
                self.token.offset_from = s;
                self.token.offset_to = e;
                self.token.position = position;
                self.token.position_length = 1;
                return true;
            }
        }
    }
    fn token(&self) -> &Token {
        &self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

impl Tokenizer for VietTokenizer {
    type TokenStream<'a> = VietTokens<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VietTokens<'a> {
        self.stream(text)
    }
}

/// The pair analyzer: folded terms two by two, each pair of terms at
/// consecutive positions one term, the two words joined by a space.
#[derive(Clone, Copy, Debug, Default)]
pub struct PairTokenizer;

/// The pairs of one text, produced one at a time into a reused token.
pub struct PairTokens<'a> {
    words: VietTokens<'a>,
    /// The previous folded term and its position.
    prev: String,
    prev_position: Option<usize>,
    token: Token,
}

impl TokenStream for PairTokens<'_> {
    fn advance(&mut self) -> bool {
        while self.words.advance() {
            let t = self.words.token();
            let follows = self.prev_position.is_some_and(|p| p + 1 == t.position);
            if follows {
                self.token.text.clear();
                self.token.text.push_str(&self.prev);
                self.token.text.push(' ');
                self.token.text.push_str(&t.text);
                self.token.position = t.position - 1;
                self.token.offset_to = t.offset_to;
            }
            self.token.offset_from = t.offset_from;
            self.prev.clear();
            self.prev.push_str(&t.text);
            self.prev_position = Some(t.position);
            if follows {
                return true;
            }
        }
        false
    }
    fn token(&self) -> &Token {
        &self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

impl Tokenizer for PairTokenizer {
    type TokenStream<'a> = PairTokens<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> PairTokens<'a> {
        PairTokens {
            words: VietTokenizer { folded: true }.stream(text),
            prev: String::new(),
            prev_position: None,
            token: Token::default(),
        }
    }
}

/// The pair terms of `s` (see [`PairTokenizer`]), in order, repeats kept.
pub fn pairs(s: &str) -> Vec<String> {
    let mut tokenizer = PairTokenizer;
    let mut stream = tokenizer.token_stream(s);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// `s` folded with abbreviations written out: the form sections and snippets
/// are matched in ("TGPL lưu động" → "tro giup phap ly luu dong").
pub fn folded_expanded(s: &str) -> String {
    folded_expanded_parts(&[s])
}

/// [`folded_expanded`] of several texts read in order as one.
pub fn folded_expanded_parts(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        for_each_folded(part, |t| {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(t);
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str, folded: bool) -> Vec<String> {
        terms(s, folded).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn exact_terms_use_canonical_tones() {
        assert_eq!(texts("Hoà giải, UỶ BAN", false), vec!["hòa", "giải", "ủy"]);
        assert_eq!(
            texts("hòa giải ủy ban", false),
            texts("hoà giải uỷ ban", false)
        );
    }

    #[test]
    fn exact_terms_keep_the_positions_of_unmarked_words() {
        // "ban" and "2024" have no term in the exact field but keep their place,
        // so an accented phrase across them still lines up with the query's
        let got: Vec<(String, usize)> = terms("Ủy ban nhân dân năm 2024 Hoá", false)
            .into_iter()
            .map(|t| (t.text, t.position))
            .collect();
        assert_eq!(
            got,
            vec![
                ("ủy".into(), 0),
                ("nhân".into(), 2),
                ("dân".into(), 3),
                ("năm".into(), 4),
                ("hóa".into(), 6)
            ]
        );
    }

    #[test]
    fn exact_terms_of_the_corpus_are_its_marked_words_in_canonical_form() {
        // the fast path (no tone move unless an oa/oe/uy carries one) agrees
        // with the general rule on every word of the bundled plans
        let mut checked = 0;
        for (_, raw) in crate::corpus::FILES {
            let t = text::normalize(raw);
            for tok in terms(&t, false) {
                let word = &t[tok.offset_from..tok.offset_to];
                if expansion(word).is_none() {
                    assert_eq!(tok.text, text::exact_key(word), "{word}");
                    assert!(text::has_marks(word), "{word}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 10_000, "{checked}");
    }

    #[test]
    fn folded_terms_drop_every_mark() {
        assert_eq!(
            texts("Đắk Lắk đồng bào", true),
            vec!["dak", "lak", "dong", "bao"]
        );
    }

    #[test]
    fn abbreviations_expand_at_consecutive_positions() {
        let t = terms("TGPL lưu động", true);
        let got: Vec<(String, usize, usize)> = t
            .iter()
            .map(|t| (t.text.clone(), t.position, t.offset_from))
            .collect();
        assert_eq!(
            got,
            vec![
                ("tro".into(), 0, 0),
                ("giup".into(), 1, 0),
                ("phap".into(), 2, 0),
                ("ly".into(), 3, 0),
                ("luu".into(), 4, 5),
                ("dong".into(), 5, 10)
            ]
        );
        assert_eq!(
            folded_expanded("UBND tỉnh Lạng Sơn"),
            folded_expanded("Ủy ban nhân dân tỉnh Lạng Sơn")
        );
    }

    #[test]
    fn pairs_join_neighbouring_folded_terms() {
        assert_eq!(
            pairs("Trợ giúp pháp lý, TGPL lưu động"),
            vec![
                "tro giup",
                "giup phap",
                "phap ly",
                "ly tro",
                "tro giup",
                "giup phap",
                "phap ly",
                "ly luu",
                "luu dong"
            ]
        );
        assert_eq!(pairs("một"), Vec::<String>::new());
        assert_eq!(pairs(""), Vec::<String>::new());
    }

    #[test]
    fn every_pair_of_a_phrase_is_a_pair_of_a_text_holding_it() {
        let text = "Tổ chức trợ giúp pháp lý lưu động cho đồng bào DTTS ở Đắk Lắk";
        let all = pairs(text);
        for phrase in [
            "trợ giúp pháp lý lưu động",
            "đồng bào dân tộc thiểu số",
            "dak lak",
        ] {
            for p in pairs(phrase) {
                assert!(all.contains(&p), "{p}");
            }
        }
    }

    #[test]
    fn two_letter_abbreviations_need_capitals() {
        assert_eq!(texts("Cà Mau", true), vec!["ca", "mau"]);
        assert_eq!(texts("Bộ CA", true), vec!["bo", "cong", "an"]);
        assert_eq!(texts("CÀ MAU", true), vec!["ca", "mau"]);
        assert_eq!(
            texts("HĐND tỉnh", true),
            vec!["hoi", "dong", "nhan", "dan", "tinh"]
        );
    }

    proptest::proptest! {
        #[test]
        fn positions_at_any_offset_are_those_of_the_folded_terms(
            s in r"(TGPL|tgpl|UBND|HĐND|hđnd|CA|Ca|cp|CP|TW|DTTS|ctmtqg|[a-zA-Z0-9]{1,8}|[À-ɏ]|[Ḁ-ỿ]|đ|Đ|×|÷|[ -/:-@]|\n|“|…|😀|ω){0,40}",
            cuts in proptest::collection::vec(0usize..200, 0..8),
        ) {
            let tokens = terms(&s, true);
            // offsets on char boundaries, ascending, the end of the text among them
            let mut offsets: Vec<usize> = cuts
                .iter()
                .map(|&c| (0..=c.min(s.len())).rev().find(|&o| s.is_char_boundary(o)).unwrap_or(0))
                .chain([s.len()])
                .collect();
            offsets.sort_unstable();
            let expected: Vec<u32> = offsets
                .iter()
                .map(|&o| tokens.iter().filter(|t| t.offset_from < o).count() as u32)
                .collect();
            proptest::prop_assert_eq!(positions_at(&s, &offsets), expected);
        }
    }

    #[test]
    fn after_terms_is_where_a_prefix_of_folded_terms_ends() {
        assert_eq!(after_terms("II. NỘI DUNG", "ii"), Some(2));
        assert_eq!(after_terms("**3.1. Tập huấn**", "3.1"), Some(5));
        // "Hoạt" is 6 bytes, "động" 7
        assert_eq!(after_terms("Hoạt động 2: Tập huấn", "hoat dong"), Some(14));
        // an abbreviation is the words it stands for, ending where it ends
        assert_eq!(after_terms("TGPL lưu động", "trợ giúp pháp lý"), Some(4));
        assert_eq!(after_terms("TGPL lưu động", "trợ giúp"), Some(4));
        assert_eq!(after_terms("3.2. Tập huấn", "3.1"), None);
        assert_eq!(after_terms("3", "3.1"), None);
        assert_eq!(after_terms("3.1", ""), None);
        assert_eq!(after_terms("", "a"), None);
    }

    #[test]
    fn positions_at_offsets_are_the_positions_the_folded_terms_get() {
        let text = "Ủy ban (UBND) tỉnh\nTổ chức TGPL lưu động;\n\n3. Bộ CA phối hợp.";
        let tokens = terms(text, true);
        let offsets: Vec<usize> = vec![
            0,
            5,
            text.find("Tổ").unwrap(),
            text.find("lưu").unwrap(),
            text.find("3.").unwrap(),
            text.len(),
        ];
        let expected: Vec<u32> = offsets
            .iter()
            .map(|&o| {
                tokens
                    .iter()
                    .filter(|t| t.offset_from < o)
                    .map(|t| t.position)
                    .max()
                    .map_or(0, |p| p as u32 + 1)
            })
            .collect();
        assert_eq!(positions_at(text, &offsets), expected);
        // "TGPL" stands for four terms
        assert_eq!(expected[3] - expected[2], 2 + 4);
        assert_eq!(*expected.last().unwrap() as usize, tokens.len());
    }

    #[test]
    fn word_edges_read_every_char_as_is_word_char_does() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let s = format!("{c}a");
            let at = usize::from(!is_word_char(c)) * c.len_utf8();
            assert_eq!(word_edge(&s, 0, true), Some(at), "{c:?}");
            let s = format!("{c} ");
            let at = usize::from(is_word_char(c)) * c.len_utf8();
            assert_eq!(word_edge(&s, 0, false), Some(at), "{c:?}");
        }
    }

    #[test]
    fn the_start_filter_lets_every_abbreviation_through() {
        for (key, _) in ABBREVIATIONS {
            assert!(expansion(&key.to_uppercase()).is_some(), "{key}");
        }
        assert_eq!(expansion("ĐTTS"), Some("dân tộc thiểu số"));
        assert_eq!(expansion("ĐTTS chưa"), None);
        assert_eq!(expansion("Ý"), None);
    }
}
