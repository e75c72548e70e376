//! Vietnamese text analysis for the index: how text and queries become terms.
//!
//! Owns the syllable tokenizer behind both full-text fields — `exact` (lower
//! case, NFC, canonical tone placement, so "hoà" and "hòa" are one term) and
//! `folded` (every mark removed, đ → d) — and the abbreviation table: an
//! abbreviation ("TGPL", "UBND") is indexed and queried as the words it stands
//! for, at consecutive positions, so "TGPL lưu động" and "trợ giúp pháp lý lưu
//! động" are the same phrase in both directions.

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

/// Two-letter abbreviations are also ordinary syllables ("ca", "cp"): they are
/// expanded only when written in capitals.
fn needs_capitals(key: &str) -> bool {
    key.len() <= 2
}

/// The words an abbreviation stands for, if `word` (as written) is one.
pub fn expansion(word: &str) -> Option<&'static str> {
    // abbreviations carry no tone or vowel marks (Đ aside): "CÀ" is not "CA"
    if !word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == 'Đ' || c == 'đ')
    {
        return None;
    }
    let key = text::fold(word);
    let (k, full) = ABBREVIATIONS.iter().find(|(k, _)| *k == key)?;
    if needs_capitals(k) && word.chars().any(char::is_lowercase) {
        return None;
    }
    Some(full)
}

/// Split text into words: runs of letters and digits (underscores separate).
pub fn words(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(st) = start.take() {
            out.push((st, &s[st..i]));
        }
    }
    if let Some(st) = start {
        out.push((st, &s[st..]));
    }
    out.into_iter()
}

/// The terms of `s` for the exact (`folded == false`) or folded field, with byte
/// offsets and positions; abbreviations expanded in place.
pub fn terms(s: &str, folded: bool) -> Vec<Token> {
    let norm = |w: &str| {
        if folded {
            text::fold(w)
        } else {
            text::canonical_tones(w).to_lowercase()
        }
    };
    let mut out = Vec::new();
    let mut pos = 0usize;
    for (at, w) in words(s) {
        let end = at + w.len();
        match expansion(w) {
            Some(full) => {
                for part in full.split_whitespace() {
                    out.push(Token {
                        offset_from: at,
                        offset_to: end,
                        position: pos,
                        text: norm(part),
                        position_length: 1,
                    });
                    pos += 1;
                }
            }
            None => {
                out.push(Token {
                    offset_from: at,
                    offset_to: end,
                    position: pos,
                    text: norm(w),
                    position_length: 1,
                });
                pos += 1;
            }
        }
    }
    out
}

/// The tokenizer registered for the exact and folded fields.
#[derive(Clone, Copy, Debug)]
pub struct VietTokenizer {
    /// Fold every mark away (the folded field) or keep them (the exact field).
    pub folded: bool,
}

/// A token stream over precomputed terms.
pub struct Terms {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for Terms {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

impl Tokenizer for VietTokenizer {
    type TokenStream<'a> = Terms;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Terms {
        Terms {
            tokens: terms(text, self.folded),
            next: 0,
        }
    }
}

/// `s` folded with abbreviations written out: the form sections and snippets
/// are matched in ("TGPL lưu động" → "tro giup phap ly luu dong").
pub fn folded_expanded(s: &str) -> String {
    terms(s, true)
        .into_iter()
        .map(|t| t.text)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str, folded: bool) -> Vec<String> {
        terms(s, folded).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn exact_terms_use_canonical_tones() {
        assert_eq!(
            texts("Hoà giải, UỶ BAN", false),
            vec!["hòa", "giải", "ủy", "ban"]
        );
        assert_eq!(
            texts("hòa giải ủy ban", false),
            texts("hoà giải uỷ ban", false)
        );
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
    fn two_letter_abbreviations_need_capitals() {
        assert_eq!(texts("Cà Mau", true), vec!["ca", "mau"]);
        assert_eq!(texts("Bộ CA", true), vec!["bo", "cong", "an"]);
        assert_eq!(texts("CÀ MAU", true), vec!["ca", "mau"]);
        assert_eq!(
            texts("HĐND tỉnh", true),
            vec!["hoi", "dong", "nhan", "dan", "tinh"]
        );
    }
}
