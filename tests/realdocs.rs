//! Real plans from `../shared/realdocs` (never copied into the project): every
//! file parses, HTML and DOCX copies agree with their text copy, and accuracy
//! against the hand-written gold in `fixtures/gold` (and the seeds' gold) stays
//! above the bar. When `../shared` is absent (a bare checkout), these tests say
//! so and pass; CI always has it.

use std::path::{Path, PathBuf};

use kehoach::load::{self, Outcome};
use kehoach::model::Plan;

fn realdocs() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realdocs");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("../shared/realdocs is absent: real-plan checks skipped");
        None
    }
}

fn parse(path: &Path) -> Plan {
    let src = kehoach::ingest::read(path, Default::default()).unwrap_or_else(|e| panic!("{e}"));
    match load::parse_source(src) {
        Outcome::Parsed { plan, .. } => *plan,
        other => panic!("{other:?}"),
    }
}

fn fingerprint(p: &Plan) -> (Option<String>, Option<String>, Vec<String>, Vec<String>) {
    let mut cites: Vec<String> = p.citations.iter().map(|c| c.id.clone()).collect();
    cites.sort();
    (
        p.doc_number.clone(),
        p.issue_date.clone(),
        p.flat_sections().iter().map(|s| s.path.clone()).collect(),
        cites,
    )
}

#[test]
fn every_real_plan_parses() {
    let Some(dir) = realdocs() else { return };
    let outcomes = load::load(&[&dir], Default::default(), |_, _| {});
    let mut parsed = 0;
    for o in &outcomes {
        match o {
            Outcome::Parsed { .. } => parsed += 1,
            other => assert!(other.path().ends_with("MANIFEST.json"), "failed: {other:?}"),
        }
    }
    assert!(parsed >= 30, "only {parsed} parsed");
}

#[test]
fn html_and_docx_copies_match_their_text_copy() {
    let Some(dir) = realdocs() else { return };
    for (copy, text) in [
        (
            "043_quangninh-luongminh-kh16-mttq-cong-tac-bau-cu.htm",
            "035_quangninh-luongminh-kh16-mttq-cong-tac-bau-cu.txt",
        ),
        (
            "044_quangninh-luongminh-kh16-mttq-cong-tac-bau-cu.docx",
            "035_quangninh-luongminh-kh16-mttq-cong-tac-bau-cu.txt",
        ),
        (
            "045_tuyenquang-phobang-kh01-tieu-ban-tuyen-truyen.docx",
            "039_tuyenquang-phobang-kh01-tieu-ban-tuyen-truyen-bau-cu.txt",
        ),
    ] {
        let a = parse(&dir.join(copy));
        let b = parse(&dir.join(text));
        assert_ne!(a.source_format, b.source_format);
        assert_eq!(fingerprint(&a), fingerprint(&b), "{copy} vs {text}");
        assert!(a.doc_number.is_some() && !a.sections.is_empty());
    }
}

fn golds(dir: &Path) -> Vec<serde_json::Value> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("gold dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            serde_json::from_str(&std::fs::read_to_string(p).expect("read")).expect("gold json")
        })
        .collect()
}

#[test]
fn accuracy_on_hand_written_gold() {
    let Some(dir) = realdocs() else { return };
    let plans: Vec<Plan> = load::load(&[&dir], Default::default(), |_, _| {})
        .into_iter()
        .filter_map(|o| match o {
            Outcome::Parsed { plan, .. } => Some(*plan),
            _ => None,
        })
        .collect();
    let gold = golds(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/gold"));
    assert!(gold.len() >= 12);
    let report = kehoach::eval::evaluate(&gold, &plans);
    assert!(report.unmatched.is_empty(), "{:?}", report.unmatched);
    assert!(
        report.macro_f1() >= 0.90,
        "real-plan macro-F1 {:.3}",
        report.macro_f1()
    );

    let seeds: Vec<Plan> = load::load_embedded()
        .into_iter()
        .filter_map(|o| match o {
            Outcome::Parsed { plan, .. } => Some(*plan),
            _ => None,
        })
        .collect();
    let seed_gold = golds(&dir.join("../gold/seeds"));
    let report = kehoach::eval::evaluate(&seed_gold, &seeds);
    assert!(report.unmatched.is_empty());
    assert!(
        report.macro_f1() >= 0.97,
        "seed macro-F1 {:.3}",
        report.macro_f1()
    );
}
