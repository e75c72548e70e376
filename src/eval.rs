//! Accuracy against hand-written gold (the format of `shared/GOLD.md`).
//!
//! Owns the scoring rules: header fields by exact match after NFC and trimming;
//! sections, citation ids (ids starting "Luật " left out), basis citations, task
//! deadlines (section, start, end, recurrence) and task units (lead + performers,
//! within the same section) by precision / recall / F1 over multisets; appendix
//! tasks left out. The macro-F1 is the mean of the header-field accuracies and
//! the five F1 figures.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;

use crate::model::{Plan, Role, TaskSource};
use crate::text;

/// Header fields scored by exact match.
pub const HEADER_FIELDS: &[&str] = &[
    "doc_number",
    "doc_symbol",
    "province",
    "issue_date",
    "year",
    "period",
];
/// Fields scored by precision / recall / F1.
pub const SET_FIELDS: &[&str] = &["sections", "citations", "basis", "deadlines", "units"];

/// True/false positives and negatives of one set field.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    pub fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

/// The score of one document.
#[derive(Debug, Clone, Serialize)]
pub struct DocScore {
    pub file: String,
    /// header field → (gold, got, equal)
    pub header: Vec<(String, Value, Value, bool)>,
    /// set field → counts (absent when the gold gives null for it)
    pub sets: Vec<(String, Counts)>,
    /// gold items not found and extra items found, per set field, for inspection
    pub missing: Vec<(String, Vec<String>)>,
    pub extra: Vec<(String, Vec<String>)>,
}

impl DocScore {
    /// Mean of this document's header accuracies and set F1s.
    pub fn macro_f1(&self) -> f64 {
        let mut v: Vec<f64> = self
            .header
            .iter()
            .map(|h| if h.3 { 1.0 } else { 0.0 })
            .collect();
        v.extend(self.sets.iter().map(|(_, c)| c.f1()));
        v.iter().sum::<f64>() / v.len().max(1) as f64
    }
}

/// Scores over many documents.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub docs: Vec<DocScore>,
    /// gold files with no matching input
    pub unmatched: Vec<String>,
}

impl Report {
    /// Accuracy of a header field over the documents.
    pub fn header_accuracy(&self, field: &str) -> f64 {
        let hits: Vec<bool> = self
            .docs
            .iter()
            .filter_map(|d| d.header.iter().find(|h| h.0 == field).map(|h| h.3))
            .collect();
        if hits.is_empty() {
            1.0
        } else {
            hits.iter().filter(|h| **h).count() as f64 / hits.len() as f64
        }
    }

    /// Micro-averaged counts of a set field over the documents.
    pub fn set_counts(&self, field: &str) -> Counts {
        let mut c = Counts::default();
        for d in &self.docs {
            if let Some((_, x)) = d.sets.iter().find(|s| s.0 == field) {
                c.add(*x);
            }
        }
        c
    }

    /// The overall macro-F1: mean of header accuracies and set F1s.
    pub fn macro_f1(&self) -> f64 {
        let mut v: Vec<f64> = HEADER_FIELDS
            .iter()
            .map(|f| self.header_accuracy(f))
            .collect();
        v.extend(SET_FIELDS.iter().map(|f| self.set_counts(f).f1()));
        v.iter().sum::<f64>() / v.len() as f64
    }
}

fn norm(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(text::normalize(s).trim().to_string()),
        other => other.clone(),
    }
}

fn s(v: &Value) -> String {
    match v {
        Value::String(x) => text::normalize(x).trim().to_string(),
        Value::Null => "null".into(),
        other => other.to_string(),
    }
}

fn multiset(items: Vec<String>) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for i in items {
        *m.entry(i).or_insert(0) += 1;
    }
    m
}

fn compare(gold: Vec<String>, got: Vec<String>) -> (Counts, Vec<String>, Vec<String>) {
    let g = multiset(gold);
    let p = multiset(got);
    let mut c = Counts::default();
    let mut missing = Vec::new();
    let mut extra = Vec::new();
    for (k, &n) in &g {
        let m = p.get(k).copied().unwrap_or(0);
        c.tp += n.min(m);
        if n > m {
            c.fn_ += n - m;
            missing.push(k.clone());
        }
    }
    for (k, &m) in &p {
        let n = g.get(k).copied().unwrap_or(0);
        if m > n {
            c.fp += m - n;
            extra.push(k.clone());
        }
    }
    missing.sort();
    extra.sort();
    (c, missing, extra)
}

fn same(gold: &Value, got: &Value) -> bool {
    match (gold, got) {
        (Value::Object(a), Value::Object(b)) => {
            a.get("start").and_then(Value::as_i64) == b.get("start").and_then(Value::as_i64)
                && a.get("end").and_then(Value::as_i64) == b.get("end").and_then(Value::as_i64)
        }
        (Value::Number(a), Value::Number(b)) => a.as_i64() == b.as_i64(),
        _ => norm(gold) == norm(got),
    }
}

/// Score one plan against one gold record.
pub fn score(gold: &Value, plan: &Plan) -> DocScore {
    let file = gold["file"].as_str().unwrap_or("").to_string();
    let exported = serde_json::to_value(plan).unwrap_or(Value::Null);
    let header = HEADER_FIELDS
        .iter()
        .map(|f| {
            let g = norm(&gold[*f]);
            // the header fields as the export writes them
            let p = exported.get(*f).cloned().unwrap_or(Value::Null);
            let eq = same(&g, &p);
            (f.to_string(), g, p, eq)
        })
        .collect();

    let mut sets = Vec::new();
    let mut missing = Vec::new();
    let mut extra = Vec::new();
    let mut push = |name: &str, g: Vec<String>, p: Vec<String>| {
        let (c, m, e) = compare(g, p);
        sets.push((name.to_string(), c));
        missing.push((name.to_string(), m));
        extra.push((name.to_string(), e));
    };

    if let Some(gs) = gold["sections"].as_array() {
        let g = gs.iter().map(s).collect();
        let p = plan
            .flat_sections()
            .iter()
            .map(|x| x.path.clone())
            .collect();
        push("sections", g, p);
    }
    let gold_cites: Vec<&Value> = gold["citations"]
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let scored = |id: &str| !id.starts_with("Luật ");
    let g = gold_cites
        .iter()
        .map(|c| s(&c["id"]))
        .filter(|i| scored(i))
        .collect();
    let p = plan
        .citations
        .iter()
        .map(|c| text::normalize(&c.id))
        .filter(|i| scored(i))
        .collect();
    push("citations", g, p);
    let g = gold_cites
        .iter()
        .filter(|c| c["role"] == "basis")
        .map(|c| s(&c["id"]))
        .filter(|i| scored(i))
        .collect();
    let p = plan
        .citations
        .iter()
        .filter(|c| c.role == Role::Basis)
        .map(|c| text::normalize(&c.id))
        .filter(|i| scored(i))
        .collect();
    push("basis", g, p);

    let gold_tasks: Vec<&Value> = gold["tasks"]
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let body: Vec<_> = plan
        .tasks
        .iter()
        .filter(|t| t.source == TaskSource::Body)
        .collect();
    let g = gold_tasks
        .iter()
        .map(|t| {
            format!(
                "{} | {} | {} | {}",
                s(&t["section"]),
                s(&t["start"]),
                s(&t["end"]),
                s(&t["recurrence"])
            )
        })
        .collect();
    let p = body
        .iter()
        .map(|t| {
            let d = t.deadline.clone().unwrap_or_default();
            let o = |x: Option<String>| x.unwrap_or_else(|| "null".into());
            format!(
                "{} | {} | {} | {}",
                t.section.clone().unwrap_or_else(|| "null".into()),
                o(d.start),
                o(d.end),
                d.recurrence
                    .map(|r| r.as_str().to_string())
                    .unwrap_or_else(|| "null".into())
            )
        })
        .collect();
    push("deadlines", g, p);
    let g = gold_tasks
        .iter()
        .flat_map(|t| {
            let sec = s(&t["section"]);
            ["lead", "performers"]
                .iter()
                .flat_map(|k| t[*k].as_array().cloned().unwrap_or_default())
                .map(move |u| format!("{} | {}", sec, s(&u)))
                .collect::<Vec<_>>()
        })
        .collect();
    let p = body
        .iter()
        .flat_map(|t| {
            let sec = t.section.clone().unwrap_or_else(|| "null".into());
            t.lead
                .iter()
                .chain(&t.performers)
                .map(move |u| format!("{} | {}", sec, text::normalize(u).trim()))
                .collect::<Vec<_>>()
        })
        .collect();
    push("units", g, p);

    DocScore {
        file,
        header,
        sets,
        missing,
        extra,
    }
}

/// Score `plans` against every gold record, matching gold `file` to plan paths by
/// file name (or by file stem, so a `.htm`/`.docx` copy can be scored as well).
pub fn evaluate(golds: &[Value], plans: &[Plan]) -> Report {
    let mut docs = Vec::new();
    let mut unmatched = Vec::new();
    for g in golds {
        let file = g["file"].as_str().unwrap_or("");
        let found = plans.iter().find(|p| {
            std::path::Path::new(&p.path)
                .file_name()
                .and_then(|n| n.to_str())
                == Some(file)
        });
        match found {
            Some(p) => docs.push(score(g, p)),
            None => unmatched.push(file.to_string()),
        }
    }
    Report { docs, unmatched }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_f1() {
        let (c, m, e) = compare(
            vec!["a".into(), "b".into(), "b".into()],
            vec!["b".into(), "c".into()],
        );
        assert_eq!(
            c,
            Counts {
                tp: 1,
                fp: 1,
                fn_: 2
            }
        );
        assert_eq!(m, vec!["a", "b"]);
        assert_eq!(e, vec!["c"]);
        assert!((c.f1() - 0.4).abs() < 1e-9);
        assert_eq!(Counts::default().f1(), 1.0);
    }

    #[test]
    fn a_perfect_plan_scores_one() {
        let text = crate::text::normalize("Số: 225/KH-STP\nNinh Thuận, ngày 28 tháng 01 năm 2022\nKẾ HOẠCH\nTổ chức\nThực hiện Quyết định số 1918/QĐ-BTP ngày 28/12/2021.\nI. MỤC ĐÍCH\n");
        let plan = crate::parse::parse("x/plan.txt", &text);
        let gold = serde_json::json!({
            "file": "plan.txt", "doc_number": "225/KH-STP", "doc_symbol": "KH-STP", "province": "Ninh Thuận",
            "issue_date": "2022-01-28", "year": 2022, "period": {"start": 2022, "end": 2022},
            "sections": ["I"], "citations": [{"id": "1918/QĐ-BTP", "role": "basis"}], "tasks": []
        });
        let r = evaluate(&[gold], &[plan]);
        assert!(r.unmatched.is_empty());
        assert_eq!(r.macro_f1(), 1.0);
    }
}
