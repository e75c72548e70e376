//! What the index keeps of each plan to show it as a search hit.
//!
//! Owns the stored record: the plan's identity (path, number, province, year,
//! title), its sections in document order with their text and a folded copy
//! (marks removed, abbreviations written out, terms separated by one space), and
//! the few task fields a section hit shows, and the text before and after the
//! numbered outline (header and preamble; recipients, signature, appendices),
//! which the index holds too and a hit must be able to show. A search reads
//! only this, never the whole plan: choosing the best section is then a scan of ready folded terms,
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
    /// The text before the outline and the text after it (the whole text when
    /// there is no outline), each when it holds more than white space.
    pub outside: Vec<StoredText>,
}

/// Text outside every section, folded for matching like a section's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredText {
    pub text: String,
    /// Folded terms of the text, separated by one space.
    pub folded: String,
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
    /// The record of a plan parsed from `text` (normalised, as
    /// [`crate::parse::parse`] took it).
    pub fn of(plan: &Plan, text: &str) -> StoredPlan {
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
            outside: outside(text, plan.outline_lines.clone())
                .into_iter()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| StoredText {
                    text: t.to_string(),
                    folded: folded_expanded(t),
                })
                .collect(),
        }
    }
}

/// The text before and after the 1-based `lines` of `text` (all of it when
/// there are none).
fn outside(text: &str, lines: Option<std::ops::Range<usize>>) -> Vec<&str> {
    let Some(lines) = lines else {
        return vec![text];
    };
    let newlines = crate::text::newlines(text);
    let start_of = |n| crate::text::line_start(&newlines, text.len(), n);
    let (a, b) = (start_of(lines.start), start_of(lines.end));
    vec![&text[..a], &text[b.max(a)..]]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_keep_document_order_and_fold_with_abbreviations_written_out() {
        let text = "KẾ HOẠCH\nTrợ giúp pháp lý năm 2024\n\nI. MỤC ĐÍCH\n1. Tổ chức TGPL lưu động\nTại các xã.\n2. Đào tạo\nII. NỘI DUNG\n";
        let plan = crate::parse::parse("t.txt", text);
        let stored = StoredPlan::of(&plan, text);
        let paths: Vec<&str> = stored.sections.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(paths, vec!["I", "I.1", "I.2", "II"]);
        assert_eq!(
            stored.sections[1].folded,
            "to chuc tro giup phap ly luu dong tai cac xa"
        );
    }

    #[test]
    fn the_text_before_and_after_the_outline_is_kept_outside_the_sections() {
        let text = "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\nSố: 12/KH-UBND\n\nKẾ HOẠCH\nTrợ giúp pháp lý năm 2024\n\
                    Căn cứ Luật Trợ giúp pháp lý năm 2017;\n\n\
                    I. MỤC ĐÍCH\n1. Nâng cao chất lượng.\nII. NHIỆM VỤ\n1. Tổ chức tập huấn.\n\
                    Nơi nhận:\n- Như trên;\n\nPHỤ LỤC\n| 1 | Tập huấn cho trợ giúp viên | Sở Tư pháp |\n";
        let plan = crate::parse::parse("t.txt", text);
        let stored = StoredPlan::of(&plan, text);
        let texts: Vec<&str> = stored.outside.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts.len(), 2, "{texts:?}");
        assert!(texts[0].starts_with("ỦY BAN NHÂN DÂN"), "{texts:?}");
        assert!(
            texts[0].ends_with("Căn cứ Luật Trợ giúp pháp lý năm 2017;"),
            "{texts:?}"
        );
        assert!(texts[1].starts_with("Nơi nhận:"), "{texts:?}");
        assert!(texts[1].ends_with("| Sở Tư pháp |"), "{texts:?}");
        assert!(stored.outside[0]
            .folded
            .ends_with("can cu luat tro giup phap ly nam 2017"));
        // no section holds a line of either
        for s in &stored.sections {
            assert!(
                !s.text.contains("Căn cứ") && !s.text.contains("Nơi nhận"),
                "{s:?}"
            );
        }
        // without an outline, the whole text is outside
        let flat = "KẾ HOẠCH\nTrợ giúp pháp lý\nTổ chức tập huấn cho trợ giúp viên.\n";
        let plan = crate::parse::parse("flat.txt", flat);
        assert!(plan.sections.is_empty());
        let stored = StoredPlan::of(&plan, flat);
        assert_eq!(stored.outside.len(), 1);
        assert_eq!(stored.outside[0].text, flat.trim());
    }
}
