//! Every seed plan, written by the project's own encoder in each legacy encoding
//! (and in decomposed Unicode), is recognised from its bytes alone and parses to
//! the same export as the UTF-8 original, but for the `encoding` it records.
//! TCVN3 cannot write toned capitals; its copies must match once case is set
//! aside, and the capitals it restores are counted.

use kehoach::encoding::{self, Encoding};
use kehoach::load::{self, Outcome};
use kehoach::model::Plan;
use unicode_normalization::UnicodeNormalization;

fn parse(name: &str, bytes: &[u8]) -> Plan {
    let src = kehoach::ingest::decode(name, bytes).unwrap_or_else(|e| panic!("{e}"));
    match load::parse_source(src) {
        Outcome::Parsed { plan, .. } => *plan,
        other => panic!("{other:?}"),
    }
}

fn export(mut p: Plan) -> String {
    p.encoding.clear();
    serde_json::to_string_pretty(&p).expect("json")
}

/// VISCII has no code for typographic punctuation: its copies write ASCII.
fn plain_punctuation(s: &str) -> String {
    s.replace(['“', '”'], "\"")
        .replace(['‘', '’'], "'")
        .replace(['–', '—'], "-")
        .replace('…', "...")
}

fn first_difference(a: &str, b: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let i = a
        .iter()
        .zip(&b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    format!(
        "line {i}:\n  utf-8: {}\n  other: {}",
        a.get(i).unwrap_or(&""),
        b.get(i).unwrap_or(&"")
    )
}

#[test]
fn seeds_in_every_encoding_parse_the_same() {
    for (path, text) in kehoach::corpus::FILES {
        let original = parse(path, text.as_bytes());
        assert_eq!(original.encoding, "utf-8");
        let want = export(original);
        let nfd: String = text.nfd().collect();
        let got = export(parse(path, nfd.as_bytes()));
        assert!(
            got == want,
            "{path} in NFD: {}",
            first_difference(&want, &got)
        );
        for enc in [
            Encoding::Utf16le,
            Encoding::Utf16be,
            Encoding::Windows1258,
            Encoding::Vni,
            Encoding::Viscii,
            Encoding::Tcvn3,
        ] {
            let source = if enc == Encoding::Viscii {
                plain_punctuation(text)
            } else {
                text.to_string()
            };
            let bytes = encoding::encode(&source, enc);
            assert!(
                std::str::from_utf8(&bytes).is_err() || enc == Encoding::Utf8,
                "{path}: {} bytes look like UTF-8",
                enc.name()
            );
            let plan = parse(path, &bytes);
            assert_eq!(
                plan.encoding,
                enc.name(),
                "{path}: detected {} instead of {}",
                plan.encoding,
                enc.name()
            );
            let got = export(plan);
            let want = if enc == Encoding::Viscii {
                export(parse(path, source.as_bytes()))
            } else {
                want.clone()
            };
            if enc == Encoding::Tcvn3 {
                assert!(
                    got.to_lowercase() == want.to_lowercase(),
                    "{path} in TCVN3: {}",
                    first_difference(&want, &got)
                );
            } else {
                assert!(
                    got == want,
                    "{path} in {}: {}",
                    enc.name(),
                    first_difference(&want, &got)
                );
            }
        }
    }
}

#[test]
fn tcvn3_restores_most_capitals() {
    let (mut same, mut total) = (0usize, 0usize);
    for (_, text) in kehoach::corpus::FILES {
        let back = encoding::decode_as(&encoding::encode(text, Encoding::Tcvn3), Encoding::Tcvn3);
        let orig: String = text.nfc().collect();
        for (a, b) in orig.chars().zip(back.chars()) {
            if a.is_uppercase() && !a.is_ascii() {
                total += 1;
                same += usize::from(a == b);
            }
        }
    }
    println!("TCVN3: {same} of {total} non-ASCII capitals restored");
    assert!(
        same * 10 >= total * 9,
        "only {same} of {total} capitals restored"
    );
}
