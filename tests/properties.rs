//! Properties that must hold for any input, checked on generated text.

use proptest::prelude::*;

use kehoach::parse::{self, deadline};
use kehoach::text;
use unicode_normalization::UnicodeNormalization;

/// Vietnamese-looking text: syllables, numbers, dates, labels, headings and the
/// punctuation and markup plans carry.
fn plan_like() -> impl Strategy<Value = String> {
    let atom = prop_oneof![
        Just("Kế hoạch".to_string()),
        Just("Số: 12/KH-UBND".to_string()),
        Just("ngày 28 tháng 01 năm 2022".to_string()),
        Just("I. MỤC ĐÍCH".to_string()),
        Just("1.".to_string()),
        Just("2.1.".to_string()),
        Just("a)".to_string()),
        Just("- Đơn vị chủ trì: Sở Tư pháp".to_string()),
        Just("Thời gian thực hiện: Quý II năm 2024".to_string()),
        Just("Quyết định số 59/2012/QĐ-TTg".to_string()),
        Just("39-CT/TW".to_string()),
        Just("| TT | Nội dung | Chủ trì |".to_string()),
        Just("|".to_string()),
        Just("**".to_string()),
        Just("\n".to_string()),
        Just("Hoà giải uỷ ban".to_string()),
        "[a-zđâăêôơưáàảãạ ]{0,12}",
        "[0-9/.-]{0,8}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    proptest::collection::vec(atom, 0..60).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn normalising_twice_is_normalising_once(s in any::<String>()) {
        let once = text::normalize(&s);
        prop_assert_eq!(text::normalize(&once), once);
    }

    #[test]
    fn normalising_by_line_is_normalising_the_whole_text(
        s in "([a-zA-Zđơư ]|\u{0300}|\u{0301}|\u{0323}|\u{0302}|\u{0306}|\u{031B}|ệ|\r|\n|\u{00A0}|\u{00AD}|\u{200B}|\u{202F}|\u{FEFF}|…|“){0,80}"
    ) {
        // the definition: NFC over the whole text, then each character cleaned
        let mut want = String::new();
        let mut prev_cr = false;
        for c in s.nfc() {
            match c {
                '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{00AD}' => {}
                '\u{00A0}' | '\u{2007}' | '\u{202F}' => want.push(' '),
                '\r' => want.push('\n'),
                '\n' if prev_cr => {}
                _ => want.push(c),
            }
            prev_cr = c == '\r';
        }
        prop_assert_eq!(text::normalize(&s), want);
    }

    #[test]
    fn folding_is_idempotent(s in any::<String>()) {
        let once = text::fold(&s);
        prop_assert_eq!(text::fold(&once), once.clone());
        prop_assert!(!once.chars().any(|c| c == 'đ' || c == 'Đ'));
    }

    #[test]
    fn canonical_tones_are_idempotent(s in "[a-zA-Zàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ ]{0,40}") {
        let once = text::canonical_tones(&s);
        prop_assert_eq!(text::canonical_tones(&once), once.clone());
        prop_assert_eq!(text::fold(&once), text::fold(&s));
    }

    #[test]
    fn sections_and_citations_point_inside_the_text(s in plan_like()) {
        let t = text::normalize(&s);
        let lines = t.lines().count().max(1);
        let plan = parse::parse("p.txt", &t);
        for sec in plan.flat_sections() {
            prop_assert!(sec.line <= lines, "section {} at line {} of {}", sec.path, sec.line, lines);
        }
        let flat = text::squash_spaces(&t.replace("**", "").replace('|', " ")).into_owned();
        for c in &plan.citations {
            prop_assert!(c.line >= 1 && c.line <= lines, "citation {} at line {}", c.id, c.line);
            let first = c.raw.split_whitespace().next().unwrap_or("");
            prop_assert!(flat.contains(first), "citation text {:?} not in the text", c.raw);
        }
        for task in &plan.tasks {
            prop_assert!(task.line <= lines);
        }
        for w in &plan.warnings {
            prop_assert!(w.line <= lines);
        }
    }

    #[test]
    fn a_deadline_never_starts_after_it_ends(s in "(Từ |từ |trước |chậm nhất |Quý |quý |tháng |Tháng |năm |ngày |đến |hết |[0-9]{1,4}|/| - |I|V|, |; ){0,12}", year in proptest::option::of(1990i32..2100)) {
        let d = deadline::parse(&s, year);
        if let (Some(a), Some(b)) = (&d.start, &d.end) {
            prop_assert!(a <= b, "{:?}: {} > {}", s, a, b);
        }
        for r in &d.ranges {
            if let (Some(a), Some(b)) = (&r.start, &r.end) {
                prop_assert!(a <= b, "{:?}: range {} > {}", s, a, b);
            }
        }
    }

    #[test]
    fn decoding_any_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = kehoach::ingest::decode("x.txt", &bytes);
        let _ = kehoach::encoding::detect(&bytes);
    }
}
