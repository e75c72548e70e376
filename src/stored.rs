//! What the index keeps of each plan to show it as a search hit.
//!
//! Owns the stored record: the plan's identity (path, number, province, year,
//! title), its sections in document order with their text and a folded copy
//! (marks removed, abbreviations written out, terms separated by one space), and
//! the few task fields a section hit shows. A search reads only this, never the
//! whole plan: choosing the best section is then a scan of ready folded terms,
//! not a re-analysis of every section of every hit. The export and `show`
//! re-parse the files and never read it.

use serde::{Deserialize, Serialize};

use crate::analysis::{folded_expanded, folded_expanded_parts};
use crate::model::Plan;

/// A plan as a search hit needs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredPlan {
    pub path: String,
    pub doc_number: Option<String>,
    pub province: Option<String>,
    pub year: Option<i32>,
    pub title: Option<String>,
    /// Every section, parents before children, in document order.
    pub sections: Vec<StoredSection>,
    pub tasks: Vec<StoredTask>,
}

/// One section, with its heading and own text folded for matching.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredSection {
    pub path: String,
    pub heading: String,
    pub text: String,
    /// Folded terms of the heading and then the text, separated by one space.
    pub folded: String,
}

/// What a section hit shows of the task in that section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredTask {
    pub section: Option<String>,
    /// Folded terms of the task text, separated by one space.
    pub folded: String,
    pub lead: Vec<String>,
    pub performers: Vec<String>,
    /// The deadline as written.
    pub deadline: Option<String>,
}

impl StoredPlan {
    /// The record of a parsed plan.
    pub fn of(plan: &Plan) -> StoredPlan {
        StoredPlan {
            path: plan.path.clone(),
            doc_number: plan.doc_number.clone(),
            province: plan.province.clone(),
            year: plan.year,
            title: plan.title.clone(),
            sections: plan
                .flat_sections()
                .into_iter()
                .map(|s| StoredSection {
                    path: s.path.clone(),
                    heading: s.heading.clone(),
                    text: s.text.clone(),
                    folded: folded_expanded_parts(&[&s.heading, &s.text]),
                })
                .collect(),
            tasks: plan
                .tasks
                .iter()
                .map(|t| StoredTask {
                    section: t.section.clone(),
                    folded: folded_expanded(&t.text),
                    lead: t.lead.clone(),
                    performers: t.performers.clone(),
                    deadline: t.deadline.as_ref().map(|d| d.raw.clone()),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_keep_document_order_and_fold_with_abbreviations_written_out() {
        let text = "KẾ HOẠCH\nTrợ giúp pháp lý năm 2024\n\nI. MỤC ĐÍCH\n1. Tổ chức TGPL lưu động\nTại các xã.\n2. Đào tạo\nII. NỘI DUNG\n";
        let plan = crate::parse::parse("t.txt", text);
        let stored = StoredPlan::of(&plan);
        let paths: Vec<&str> = stored.sections.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(paths, vec!["I", "I.1", "I.2", "II"]);
        assert_eq!(
            stored.sections[1].folded,
            "to chuc tro giup phap ly luu dong tai cac xa"
        );
    }
}
