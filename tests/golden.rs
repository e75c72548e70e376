//! Each seed plan in `corpus/` parses to its reviewed golden extraction in
//! `fixtures/golden/` (written by reading the plan; see fixtures/README.md).

use std::collections::BTreeSet;
use std::path::Path;

use kehoach::model::{Plan, Role, Section, TaskSource};
use serde_json::Value;

fn plan_of(name: &str) -> Plan {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(format!("{name}.txt"));
    let src = kehoach::ingest::read(&path, Default::default()).expect("seed is readable");
    kehoach::parse::parse(&src.path, &src.text)
}

fn gold_of(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/golden")
        .join(format!("{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("golden file")).expect("golden json")
}

fn s(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn paths(secs: &[Section], out: &mut Vec<String>) {
    for s in secs {
        out.push(s.path.clone());
        paths(&s.children, out);
    }
}

fn check(name: &str) {
    let plan = plan_of(name);
    let g = gold_of(name);

    assert_eq!(plan.doc_number, s(&g["doc_number"]), "{name}: doc_number");
    assert_eq!(plan.doc_symbol, s(&g["doc_symbol"]), "{name}: doc_symbol");
    assert_eq!(plan.doc_type, s(&g["doc_type"]), "{name}: doc_type");
    assert_eq!(plan.province, s(&g["province"]), "{name}: province");
    assert_eq!(
        plan.province_current,
        s(&g["province_current"]),
        "{name}: province_current"
    );
    assert_eq!(plan.issue_date, s(&g["issue_date"]), "{name}: issue_date");
    assert_eq!(plan.year.map(i64::from), g["year"].as_i64(), "{name}: year");
    let period = plan.period.map(|p| (i64::from(p.start), i64::from(p.end)));
    let gperiod = g["period"].as_object().map(|p| {
        (
            p["start"].as_i64().unwrap_or(0),
            p["end"].as_i64().unwrap_or(0),
        )
    });
    assert_eq!(period, gperiod, "{name}: period");
    assert_eq!(plan.title, s(&g["title"]), "{name}: title");
    assert_eq!(plan.signer, s(&g["signer"]), "{name}: signer");
    assert_eq!(plan.issuer, s(&g["issuer"]), "{name}: issuer");

    let mut got = Vec::new();
    paths(&plan.sections, &mut got);
    let unique: BTreeSet<&String> = got.iter().collect();
    assert_eq!(
        unique.len(),
        got.len(),
        "{name}: a section appears twice: {got:?}"
    );
    if let Some(want) = g["sections"].as_array() {
        let want: Vec<String> = want
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect();
        assert_eq!(got, want, "{name}: sections");
    }

    let want_cites: BTreeSet<(String, String, String, Option<String>)> = g["citations"]
        .as_array()
        .expect("citations")
        .iter()
        .map(|c| {
            (
                s(&c["id"]).unwrap_or_default(),
                s(&c["role"]).unwrap_or_default(),
                s(&c["kind"]).unwrap_or_default(),
                s(&c["date"]),
            )
        })
        .collect();
    let got_cites: BTreeSet<(String, String, String, Option<String>)> = plan
        .citations
        .iter()
        .filter(|c| !c.id.starts_with("Luật "))
        .map(|c| {
            let role = if c.role == Role::Basis {
                "basis"
            } else {
                "reference"
            };
            (
                c.id.clone(),
                role.to_string(),
                c.kind.clone(),
                c.date.clone(),
            )
        })
        .collect();
    assert_eq!(
        got_cites, want_cites,
        "{name}: citations (id, role, kind, date)"
    );
    if let Some(own) = &plan.doc_number {
        assert!(
            plan.citations.iter().all(|c| &c.id != own),
            "{name}: the plan cites itself"
        );
    }

    type TaskKey = (
        String,
        Vec<String>,
        Vec<String>,
        Vec<String>,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let want_tasks: Vec<TaskKey> = g["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .map(|t| {
            (
                s(&t["section"]).unwrap_or_default(),
                strings(&t["lead"]),
                strings(&t["partners"]),
                strings(&t["performers"]),
                s(&t["deadline_raw"]).unwrap_or_default(),
                s(&t["start"]),
                s(&t["end"]),
                s(&t["recurrence"]),
            )
        })
        .collect();
    let got_tasks: Vec<TaskKey> = plan
        .tasks
        .iter()
        .filter(|t| t.source == TaskSource::Body)
        .map(|t| {
            let d = t.deadline.clone().unwrap_or_default();
            (
                t.section.clone().unwrap_or_default(),
                t.lead.clone(),
                t.partners.clone(),
                t.performers.clone(),
                d.raw,
                d.start,
                d.end,
                d.recurrence.map(|r| r.as_str().to_string()),
            )
        })
        .collect();
    assert_eq!(
        got_tasks.len(),
        want_tasks.len(),
        "{name}: number of body tasks"
    );
    for (k, (got, want)) in got_tasks.iter().zip(&want_tasks).enumerate() {
        assert_eq!(got, want, "{name}: body task {k}");
    }

    let appendix: Vec<_> = plan
        .tasks
        .iter()
        .filter(|t| t.source == TaskSource::Appendix)
        .collect();
    assert_eq!(
        appendix.len() as u64,
        g["appendix_task_count"].as_u64().unwrap_or(0),
        "{name}: appendix tasks"
    );
    for row in g["appendix"].as_array().into_iter().flatten() {
        let start = row["text_starts"].as_str().expect("text_starts");
        let t = appendix
            .iter()
            .find(|t| t.text.starts_with(start))
            .unwrap_or_else(|| panic!("{name}: appendix row {start:?}"));
        assert_eq!(
            t.lead,
            strings(&row["lead"]),
            "{name}: appendix lead of {start:?}"
        );
        assert_eq!(
            t.partners,
            strings(&row["partners"]),
            "{name}: appendix partners of {start:?}"
        );
        let d = t.deadline.clone().unwrap_or_default();
        assert_eq!(
            Some(d.raw),
            s(&row["deadline_raw"]),
            "{name}: appendix deadline of {start:?}"
        );
        assert_eq!(
            d.start,
            s(&row["start"]),
            "{name}: appendix start of {start:?}"
        );
        assert_eq!(d.end, s(&row["end"]), "{name}: appendix end of {start:?}");
        assert_eq!(
            d.recurrence.map(|r| r.as_str().to_string()),
            s(&row["recurrence"]),
            "{name}: appendix recurrence"
        );
        assert!(
            t.section.is_some(),
            "{name}: appendix row {start:?} has no section"
        );
    }
}

#[test]
fn bac_giang_2024() {
    check("000_881b76a6091c910b");
}

#[test]
fn ninh_thuan_2022() {
    check("001_dca78a3686bbf202");
}

#[test]
fn ca_mau_2023_scraped_page() {
    check("002_e3ffd142f99f9744");
}

#[test]
fn lang_son_2025() {
    check("003_7e1514c487cfc625");
}

#[test]
fn lang_son_2013_2020() {
    check("004_dd75987647f2469e");
}

#[test]
fn scraped_page_keeps_each_section_once_and_no_navigation() {
    let plan = plan_of("002_e3ffd142f99f9744");
    let json = serde_json::to_string(&plan).expect("json");
    assert!(!json.contains("Đăng xuất"), "navigation text survived");
    assert!(
        !json.contains("Việc làm Hồ Chí Minh"),
        "navigation text survived"
    );
    // the body was repeated on the page: the first paragraph appears once among the sections
    let texts: Vec<&str> = plan
        .flat_sections()
        .iter()
        .map(|s| s.text.as_str())
        .collect();
    let n = texts
        .iter()
        .filter(|t| t.contains("Hiện đại hóa, tăng cường ứng dụng công nghệ thông tin"))
        .count();
    assert_eq!(n, 1);
    assert!(plan
        .warnings
        .iter()
        .any(|w| w.message.contains("repeated block")));
}
