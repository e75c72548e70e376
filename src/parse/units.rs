//! Responsible units: splitting a field value such as "Văn phòng Sở, phòng
//! Hành chính - Bổ trợ và các cơ quan, tổ chức liên quan" into unit names.
//!
//! Owns the rules for where a list of units splits. Commas and semicolons split
//! unless the next part only continues a name ("các huyện, thành phố", "cấp
//! huyện, cấp xã", "các cơ quan, tổ chức liên quan"); "và" splits only before
//! a new agency ("... và các cơ quan", not "Sở Lao động - Thương binh và Xã hội");
//! "chỉ đạo", "phối hợp với", "tham mưu cho" join two units; a verb ends the list
//! ("Sở Tư pháp cung cấp tài liệu ..."); parentheses and "theo ..." clauses are
//! dropped.

use std::borrow::Cow;

use crate::text;

/// Words that begin the name of an agency, unit or role (accent-folded, lower case).
const HEADS: &[&str] = &[
    "so",
    "ban",
    "uy ban",
    "ubnd",
    "phong",
    "trung tam",
    "bao",
    "dai",
    "hoi dong",
    "hoi",
    "van phong",
    "bo",
    "chi nhanh",
    "doan",
    "toa an",
    "tand",
    "vien",
    "vksnd",
    "cong an",
    "cuc",
    "vu",
    "tro giup vien",
    "luat su",
    "co quan",
    "to chuc",
    "cau lac bo",
    "mat tran",
    "lien doan",
    "thanh doan",
    "tinh doan",
    "huyen doan",
    "chu tich",
    "giam doc",
    "pho giam doc",
    "thu truong",
    "kho bac",
    "ngan hang",
    "bao hiem",
    "nguoi dung dau",
    "lanh dao",
    "can bo",
    "cong chuc",
    "vien chuc",
    "truong",
    "benh vien",
    "cong ty",
    "doanh nghiep",
    "hiep hoi",
    "to",
    "nhom",
    "bo chi huy",
    "bo doi",
    "canh sat",
    "dang uy",
    "huyen uy",
    "tinh uy",
    "thanh uy",
    "cac tro giup vien",
    "stp",
    "btp",
    "chinh quyen",
    "hdnd",
    "tttgpl",
    "trung tam tgpl",
    "thanh vien",
    "nguoi thuc hien",
];

/// Generic nouns that, alone, leave a name open: "các cơ quan, tổ chức liên quan".
const BARE: &[&str] = &[
    "co quan",
    "phong",
    "so",
    "ban",
    "nganh",
    "don vi",
    "to chuc",
    "dia phuong",
    "ca nhan",
    "so nganh",
    "ban nganh",
];

/// Words that join two units: the first directs, advises or works with the second.
const CONNECTORS: &[&str] = &[
    "chu tri, phoi hop voi",
    "chu tri phoi hop voi",
    "chu tri, phoi hop",
    "phoi hop voi",
    "phoi hop cung",
    "chi dao",
    "tham muu cho",
    "cung voi",
];

/// Verbs that end a list of units (what the units are to do follows).
const VERBS: &[&str] = &[
    "thuc hien",
    "cung cap",
    "xay dung",
    "chu dong",
    "co trach nhiem",
    "trien khai",
    "tham muu",
    "huong dan",
    "ra soat",
    "tham dinh",
    "dam bao",
    "bao dam",
    "kiem tra",
    "theo doi",
    "bao cao",
    "tuyen truyen",
    "to chuc",
    "phoi hop",
    "chu tri",
    "giup",
    "don doc",
    "tiep tuc",
    "nghien cuu",
    "bien soan",
    "cap phat",
    "dang tai",
    "ban hanh",
    "tong hop",
    "quan ly",
    "danh gia",
    "tap huan",
    "boi duong",
    "de xuat",
    "giai quyet",
    "tiep nhan",
    "thu ly",
    "duy tri",
    "nang cao",
    "tang cuong",
];

/// [`VERBS`] by their first byte, each list in the order of [`VERBS`]: a
/// word start is tried against the verbs that begin as it does, not all 39.
static VERBS_BY_FIRST: std::sync::LazyLock<Vec<Vec<&'static str>>> =
    std::sync::LazyLock::new(|| {
        let mut by_first = vec![Vec::new(); 256];
        for v in VERBS {
            by_first[usize::from(v.as_bytes()[0])].push(*v);
        }
        by_first
    });

/// The first verb of [`VERBS`] that `rest` starts with, as a whole word.
fn verb_at(rest: &str) -> Option<&'static str> {
    let first = *rest.as_bytes().first()?;
    VERBS_BY_FIRST[usize::from(first)]
        .iter()
        .find(|v| starts_with_word(rest, v))
        .copied()
}

/// Nouns that may follow "thực hiện" inside a role name ("Luật sư thực hiện TGPL").
const ROLE_OBJECTS: &[&str] = &["tgpl", "tro giup phap ly"];

/// `hay.starts_with(w)` for a word `w` (never empty), the first bytes
/// compared first: most words tried at a word start differ there, without a
/// call to memcmp.
#[inline(always)]
fn begins_with(hay: &str, w: &str) -> bool {
    hay.as_bytes().first() == w.as_bytes().first() && hay.starts_with(w)
}

#[inline(always)]
fn starts_with_word(hay: &str, w: &str) -> bool {
    begins_with(hay, w)
        && hay[w.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric())
}

fn strip_plural(f: &str) -> &str {
    for p in ["cac ", "nhung ", "toan the ", "moi "] {
        if let Some(r) = f.strip_prefix(p) {
            return r;
        }
    }
    f
}

/// Phrases that begin with a head word but name an event or an action, not a unit.
const NOT_UNITS: &[&str] = &[
    "hoi nghi",
    "hoi thao",
    "hoi thi",
    "to chuc cac",
    "to chuc hoi",
    "to chuc thuc hien",
    "to chuc trien khai",
    "to chuc tuyen truyen",
    "to chuc tap huan",
    "to chuc kiem tra",
    "to chuc giam sat",
    "to chuc ky niem",
    "to chuc le",
    "bao cao",
    "bao dam",
    "dai hoi",
    "vien tro",
];

fn is_head(folded_segment: &str) -> bool {
    let s = strip_plural(folded_segment.trim());
    HEADS.iter().any(|h| starts_with_word(s, h))
        && !NOT_UNITS.iter().any(|n| starts_with_word(s, n))
}

/// Whether `s` begins with the name of an agency, unit or role ("Sở ...", "các cơ quan ...").
pub fn starts_with_unit(s: &str) -> bool {
    let f = text::fold(s.trim());
    is_head(&f) && s.trim().starts_with(|c: char| c.is_uppercase() || c == 'c')
}

fn is_bare(folded_segment: &str) -> bool {
    let s = strip_plural(folded_segment.trim());
    BARE.contains(&s)
}

/// Remove parenthesised asides and footnote marks: "(10 cuộc/phòng)", "[1]".
fn strip_asides(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Cut at the end of the first sentence (". " followed by a capital), but not
/// after abbreviations such as "TP.".
fn first_sentence(s: &str) -> &str {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(p) = s[i..].find(". ") {
        let at = i + p;
        let before = &s[..at];
        let last_word = before.rsplit(' ').next().unwrap_or("");
        let is_abbrev = matches!(last_word, "TP" | "Tp" | "tp" | "P" | "Q" | "TT");
        if !is_abbrev && b.get(at + 2).is_some() {
            return &s[..at];
        }
        i = at + 2;
    }
    s
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Sep {
    Start,
    Comma,
    Semicolon,
    And,
    Connector,
}

/// `s` read char by char in one pass: each char folded ([`text::fold_char`]),
/// the folded text, and the byte offsets of each char in `s` and in the
/// folded text, with the two lengths last (char index to byte).
struct Chars {
    folded: Vec<char>,
    fstr: String,
    offsets: Vec<usize>,
    orig_offsets: Vec<usize>,
}

impl Chars {
    fn of(s: &str) -> Chars {
        // sized for the bytes: a char is at least one, so nothing grows
        let mut c = Chars {
            folded: Vec::with_capacity(s.len()),
            fstr: String::with_capacity(s.len()),
            offsets: Vec::with_capacity(s.len() + 1),
            orig_offsets: Vec::with_capacity(s.len() + 1),
        };
        for (b, ch) in s.char_indices() {
            let f = text::fold_char(ch);
            c.orig_offsets.push(b);
            c.offsets.push(c.fstr.len());
            c.folded.push(f);
            c.fstr.push(f);
        }
        c.orig_offsets.push(s.len());
        c.offsets.push(c.fstr.len());
        c
    }
}

/// Split a field value into unit names, as written.
pub fn split(value: &str) -> Vec<String> {
    let cleaned = strip_asides(value);
    let sentence = first_sentence(cleaned.trim());
    let sentence = sentence
        .trim()
        .trim_end_matches(['.', ';', ',', ':'])
        .trim();
    if sentence.is_empty() {
        return Vec::new();
    }
    // Work on chars so folded and original positions line up.
    let chars = Chars::of(sentence);
    let Chars {
        folded,
        fstr,
        offsets,
        orig_offsets,
    } = &chars;

    // Tokenise into (separator-before, segment) pairs.
    let mut segments: Vec<(Sep, usize, usize)> = Vec::new();
    let mut seg_start = 0;
    let mut sep = Sep::Start;
    let mut i = 0;
    let n = folded.len();
    while i < n {
        let at_word = i == 0 || !folded[i - 1].is_alphanumeric();
        if at_word {
            let rest = &fstr[offsets[i]..];
            if let Some(c) = CONNECTORS.iter().find(|c| starts_with_word(rest, c)) {
                let before = &fstr[offsets[seg_start]..offsets[i]];
                let names_unit = HEADS.contains(&strip_plural(before.trim()));
                // a connector right at the start of the value is a verb, not a join
                if (i > seg_start || !segments.is_empty()) && !names_unit {
                    segments.push((sep, seg_start, i));
                    sep = Sep::Connector;
                    i += c.chars().count();
                    seg_start = i;
                    continue;
                }
            }
            if starts_with_word(rest, "va") && i > 0 {
                let after = rest[2..].trim_start();
                if is_head(after) {
                    segments.push((sep, seg_start, i));
                    sep = Sep::And;
                    i += 2;
                    seg_start = i;
                    continue;
                }
            }
        }
        // ',' and ';' fold to themselves
        match folded[i] {
            ',' => {
                segments.push((sep, seg_start, i));
                sep = Sep::Comma;
                seg_start = i + 1;
            }
            ';' => {
                segments.push((sep, seg_start, i));
                sep = Sep::Semicolon;
                seg_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    segments.push((sep, seg_start, n));

    let mut units: Vec<String> = Vec::new();
    let mut open = false; // whether the last unit may still be continued
    let mut closed = false; // a verb ended the list until the next ';'
    let is_space_at = |k: usize| {
        sentence[orig_offsets[k]..]
            .chars()
            .next()
            .is_some_and(char::is_whitespace)
    };
    for (sep, mut a, mut b) in segments {
        // the segment's chars without white space at either end
        while a < b && is_space_at(a) {
            a += 1;
        }
        while b > a && is_space_at(b - 1) {
            b -= 1;
        }
        let seg_trim = &sentence[orig_offsets[a]..orig_offsets[b]];
        let fseg_trim = fstr[offsets[a]..offsets[b]].trim();
        if seg_trim.is_empty() {
            continue;
        }
        if closed {
            let capital = seg_trim.starts_with(char::is_uppercase) || fseg_trim.starts_with("cac ");
            if sep == Sep::Semicolon && is_head(fseg_trim) && capital {
                closed = false;
            } else {
                continue;
            }
        }
        // Cut the segment at a verb or a "theo ..." clause.
        let (cut, verb_cut, clause_cut) = cut_segment(&chars, a, b);
        let (kept, fkept) = kept_part(&chars, sentence, a, a + cut);
        let starts_verb = kept.is_empty();
        if starts_verb {
            if verb_cut {
                closed = true;
            }
            open = false;
            continue;
        }
        // "Đài Phát thanh, Truyền hình": one station
        let station = fkept.starts_with("truyen hinh")
            && units
                .last()
                .is_some_and(|u| text::fold(u).ends_with("phat thanh"));
        let continues = open
            && match sep {
                Sep::Comma if station => true,
                Sep::Comma => {
                    let prev_bare = units.last().is_some_and(|u| is_bare(&text::fold(u)));
                    let first = kept.chars().next().unwrap_or('A');
                    prev_bare || (first.is_lowercase() && !is_head(&fkept))
                }
                Sep::And => false,
                _ => false,
            };
        if continues {
            if let Some(last) = units.last_mut() {
                last.push_str(", ");
                last.push_str(kept);
            }
        } else if sep == Sep::Semicolon
            || sep == Sep::Start
            || sep == Sep::Connector
            || sep == Sep::And
            || is_head(&fkept)
            || kept.chars().next().is_some_and(char::is_uppercase)
        {
            units.push(kept.to_string());
        } else if open {
            if let Some(last) = units.last_mut() {
                last.push_str(", ");
                last.push_str(kept);
            }
        } else if units.is_empty() {
            units.push(kept.to_string());
        }
        // else: lower-case words after a clause ("trong phạm vi chức năng, nhiệm vụ") are no unit
        open = !verb_cut && !clause_cut;
        if verb_cut {
            closed = true;
        }
    }
    let mut out: Vec<String> = Vec::new();
    for u in units {
        let u = u
            .trim()
            .trim_end_matches(['.', ',', ';', ':', '-', '–'])
            .trim()
            .to_string();
        if u.chars().count() >= 2 && !out.contains(&u) {
            out.push(u);
        }
    }
    out
}

/// Chars `a..b` of `sentence` (what `chars` was made of), trimmed, as
/// written and folded as [`text::fold`] folds them: the same chars of the
/// folded sentence (each char is folded alone, and to white space only from
/// white space), unless a combining mark may join the char before.
fn kept_part<'s>(
    chars: &'s Chars,
    sentence: &'s str,
    a: usize,
    b: usize,
) -> (&'s str, Cow<'s, str>) {
    let kept = sentence[chars.orig_offsets[a]..chars.orig_offsets[b]].trim();
    let folded = if text::maybe_decomposed(kept) {
        Cow::Owned(text::fold(kept))
    } else {
        Cow::Borrowed(chars.fstr[chars.offsets[a]..chars.offsets[b]].trim())
    };
    (kept, folded)
}

/// Keep the part of a segment before a verb or a "theo ..."/"để ..." clause.
/// Returns (the chars kept, cut at a verb, cut at a clause).
/// The segment is chars `a..b` of `chars`.
fn cut_segment(chars: &Chars, a: usize, b: usize) -> (usize, bool, bool) {
    // the segment's own chars, with offsets into it
    let folded = &chars.folded[a..b];
    let offsets = |i: usize| chars.offsets[a + i] - chars.offsets[a];
    let fs = &chars.fstr[chars.offsets[a]..chars.offsets[b]];
    let n = folded.len();
    // the head word that opens the segment ("các tổ chức ...") is never a verb
    let plural_len = fs.chars().count() - strip_plural(fs).chars().count();
    let rest_after_plural = strip_plural(fs);
    let head_end = HEADS
        .iter()
        .filter(|h| starts_with_word(rest_after_plural, h))
        .map(|h| plural_len + h.chars().count())
        .max()
        .unwrap_or(0);
    for i in 0..n {
        if (i > 0 && folded[i - 1].is_alphanumeric()) || i < head_end {
            continue;
        }
        let rest = &fs[offsets(i)..];
        for clause in [
            "theo ",
            "de ",
            "trong viec ",
            "trong qua trinh ",
            "trong pham vi ",
            "ve viec ",
            "nham ",
        ] {
            if i > 0 && begins_with(rest, clause) {
                return (i, false, true);
            }
        }
        if let Some(v) = &verb_at(rest) {
            // "tổ chức" and "cơ quan" at the start of a segment are nouns
            if i == 0 && (*v == "to chuc" || is_head(rest)) {
                continue;
            }
            if *v == "thuc hien" {
                let after = rest["thuc hien".len()..].trim_start();
                if ROLE_OBJECTS.iter().any(|o| starts_with_word(after, o)) {
                    continue;
                }
            }
            // a verb inside a name ("Hội đồng phối hợp liên ngành") is part of it
            if *v == "phoi hop"
                && rest["phoi hop".len()..]
                    .trim_start()
                    .starts_with("lien nganh")
            {
                continue;
            }
            let before = fs[..offsets(i)].trim();
            // after a dash the verb-like word is part of a name: "Phòng Hành chính - Tổng hợp"
            if before.ends_with(['-', '–']) {
                continue;
            }
            // "Ban Quản lý", "Ban Chỉ đạo": a verb right after a bare head word names the unit
            if !before.is_empty() && HEADS.contains(&strip_plural(before)) {
                continue;
            }
            // "trợ giúp pháp lý" is a noun phrase
            if *v == "giup" && before.ends_with("tro") {
                continue;
            }
            return (i, true, false);
        }
    }
    (n, false, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn verb_at_finds_the_first_verb_of_the_list(
            rest in "(thuc hien|to chuc|tham muu|tham dinh|bao cao|bao dam|giup|phoi hop|t|b|x| |a|,){0,6}",
        ) {
            let want = VERBS.iter().find(|v| starts_with_word(&rest, v)).copied();
            prop_assert_eq!(verb_at(&rest), want);
        }

        #[test]
        fn the_kept_part_is_folded_as_fold_folds_it(
            text in "([a-zA-ZđĐăếỆ ,]|\u{a0}|\u{2003}|\u{300}|\u{301}|Sở|Tư pháp){0,30}",
            cut in (0usize..40, 0usize..40),
        ) {
            let chars = Chars::of(&text);
            let n = chars.folded.len();
            let (a, b) = (cut.0.min(n), cut.1.min(n));
            let (a, b) = (a.min(b), a.max(b));
            let (kept, folded) = kept_part(&chars, &text, a, b);
            prop_assert_eq!(kept, text[chars.orig_offsets[a]..chars.orig_offsets[b]].trim());
            prop_assert_eq!(folded.as_ref(), text::fold(kept));
        }

        #[test]
        fn a_segment_is_cut_as_when_read_on_its_own(
            words in prop::collection::vec(prop::sample::select(vec![
                "Sở", "Tư pháp", "các", "cơ quan", "thực hiện", "TGPL", "theo", "để", "phối hợp",
                "liên ngành", "Ban", "Quản lý", "trợ", "giúp", "tổ chức", " ", "  ", "\u{a0}",
                "-", "–", ",", "x", "Đ", "ngày",
            ]), 0..10),
            cut in (0usize..40, 0usize..40),
        ) {
            let text = words.join(" ");
            let chars = Chars::of(&text);
            let n = chars.folded.len();
            let (a, b) = (cut.0.min(n), cut.1.min(n));
            let (a, b) = (a.min(b), a.max(b));
            let seg = &text[chars.orig_offsets[a]..chars.orig_offsets[b]];
            let alone = Chars::of(seg);
            prop_assert_eq!(
                cut_segment(&chars, a, b),
                cut_segment(&alone, 0, alone.folded.len()),
                "{:?} {}..{}", text, a, b
            );
        }
    }

    #[test]
    fn no_word_list_holds_an_empty_word() {
        // begins_with compares first bytes, which an empty word lacks
        for list in [HEADS, BARE, CONNECTORS, VERBS, ROLE_OBJECTS, NOT_UNITS] {
            assert!(list.iter().all(|w| !w.is_empty()));
        }
    }

    #[test]
    fn every_verb_is_found_at_a_word_start() {
        for v in VERBS {
            assert_eq!(verb_at(&format!("{v} cac don vi")), Some(*v));
            assert_eq!(verb_at(&format!("{v}x")), None, "{v}x");
        }
    }

    fn s(v: &str) -> Vec<String> {
        split(v)
    }

    #[test]
    fn commas_inside_names_stay() {
        assert_eq!(
            s("Các Phòng, đơn vị thuộc Sở và các cơ quan, tổ chức liên quan."),
            vec![
                "Các Phòng, đơn vị thuộc Sở",
                "các cơ quan, tổ chức liên quan"
            ]
        );
        assert_eq!(
            s("Phòng Tư pháp các huyện, thị xã, thành phố."),
            vec!["Phòng Tư pháp các huyện, thị xã, thành phố"]
        );
        assert_eq!(
            s("Sở Tư pháp, Văn phòng Ủy ban nhân dân tỉnh, các cơ quan, đơn vị có liên quan và Ủy ban nhân dân cấp huyện, cấp xã."),
            vec!["Sở Tư pháp", "Văn phòng Ủy ban nhân dân tỉnh", "các cơ quan, đơn vị có liên quan", "Ủy ban nhân dân cấp huyện, cấp xã"]
        );
    }

    #[test]
    fn va_inside_names_stays() {
        assert_eq!(
            s("Đài Phát thanh và Truyền hình tỉnh; Báo Ninh Thuận."),
            vec!["Đài Phát thanh và Truyền hình tỉnh", "Báo Ninh Thuận"]
        );
        assert_eq!(
            s("Sở Tư pháp, Sở Lao động - Thương binh và Xã hội, Sở Nông nghiệp và Phát triển nông thôn, Ban Dân tộc"),
            vec!["Sở Tư pháp", "Sở Lao động - Thương binh và Xã hội", "Sở Nông nghiệp và Phát triển nông thôn", "Ban Dân tộc"]
        );
    }

    #[test]
    fn directing_units_are_both_named() {
        assert_eq!(
            s("Sở Tư pháp chỉ đạo Trung tâm trợ giúp pháp lý nhà nước thực hiện."),
            vec!["Sở Tư pháp", "Trung tâm trợ giúp pháp lý nhà nước"]
        );
        assert_eq!(
            s("Sở Tư pháp tham mưu cho Ủy ban nhân dân tỉnh tổ chức sơ kết, tổng kết."),
            vec!["Sở Tư pháp", "Ủy ban nhân dân tỉnh"]
        );
        assert_eq!(
            s("Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ, Sở Tài chính và các cơ quan, đơn vị, địa phương có liên quan thực hiện việc tuyển dụng viên chức; rà soát, xây dựng vị trí việc làm"),
            vec!["Sở Tư pháp", "Sở Nội vụ", "Sở Tài chính", "các cơ quan, đơn vị, địa phương có liên quan"]
        );
    }

    #[test]
    fn asides_and_clauses_are_dropped() {
        assert_eq!(
            s("Phòng Hành chính - Tổng hợp, Phòng Nghiệp vụ (10 cuộc/phòng)"),
            vec!["Phòng Hành chính - Tổng hợp", "Phòng Nghiệp vụ"]
        );
        assert_eq!(
            s("Các Trợ giúp viên pháp lý, Hỗ trợ nghiệp vụ theo phân công"),
            vec!["Các Trợ giúp viên pháp lý", "Hỗ trợ nghiệp vụ"]
        );
        assert_eq!(
            s("Trợ giúp viên pháp lý, Luật sư thực hiện TGPL"),
            vec!["Trợ giúp viên pháp lý", "Luật sư thực hiện TGPL"]
        );
    }

    #[test]
    fn verbs_end_the_list() {
        assert_eq!(
            s("Báo Cà Mau, Đài Phát thanh - Truyền hình Cà Mau, Ủy ban nhân dân các huyện, thành phố Cà Mau (Ủy ban nhân dân cấp huyện), xây dựng chuyên mục thực hiện. Riêng đối với xã"),
            vec!["Báo Cà Mau", "Đài Phát thanh - Truyền hình Cà Mau", "Ủy ban nhân dân các huyện, thành phố Cà Mau"]
        );
        assert_eq!(
            s("Sở Tư pháp cung cấp tài liệu, hướng dẫn về nội dung"),
            vec!["Sở Tư pháp"]
        );
        assert_eq!(
            s("Sở Thông tin và Truyền thông, Đoàn Luật sư tỉnh chủ động phối hợp với Sở Tư pháp trong quá trình"),
            vec!["Sở Thông tin và Truyền thông", "Đoàn Luật sư tỉnh"]
        );
    }
}
