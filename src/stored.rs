//! What the index keeps of each plan to show it as a search hit.
//!
//! Owns the stored record: the plan's identity (path, number, province, year,
//! title), its sections in document order with their text, the few task fields
//! a section hit shows, and the text before and after the numbered outline
//! (header and preamble; recipients, signature, appendices), which the index
//! holds too and a hit must be able to show. Each part carries the span of
//! positions its folded terms have in the plan's folded body field (see
//! [`crate::index`]): a search finds which query words a section holds from the
//! positions the index already keeps for the hit, so the record holds no folded
//! copy of the text and a search re-analyses none. The export and `show`
//! re-parse the files and never read it.

use serde::{Deserialize, Serialize};

use crate::analysis::{after_terms, positions_at};
use crate::model::Plan;
use crate::text::{line_start, newlines};

/// Positions of folded terms in the plan's body field, from the first to
/// before the second.
pub type Span = [u32; 2];

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

/// Text outside every section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredText {
    pub text: String,
    /// Where its terms stand in the body field.
    pub terms: Span,
}

/// One section, with its heading and own text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredSection {
    pub path: String,
    pub heading: String,
    pub text: String,
    /// Where the terms of its heading and own text stand in the body field:
    /// from its heading's line to the next section's (or the outline's end).
    pub terms: Span,
}

/// What a section hit shows of the task in that section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredTask {
    pub section: Option<String>,
    /// Where its terms stand in the body field: from its first line to the
    /// next line that starts a task or a section.
    pub terms: Span,
    pub lead: Vec<String>,
    pub performers: Vec<String>,
    /// The deadline as written.
    pub deadline: Option<String>,
}

impl StoredPlan {
    /// The record of a plan parsed from `text` (normalised, as
    /// [`crate::parse::parse`] took it, and as the body field indexes it).
    pub fn of(plan: &Plan, text: &str) -> StoredPlan {
        let nl = newlines(text);
        let start_of = |line: usize| line_start(&nl, text.len(), line);
        let sections = plan.flat_sections();
        // the outline's lines, or none of the text
        let (first, end) = match &plan.outline_lines {
            Some(l) => (start_of(l.start), start_of(l.end).max(start_of(l.start))),
            None => (text.len(), text.len()),
        };
        // where each part starts and ends, in bytes; a section or a task ends
        // where the next one starts
        let section_starts: Vec<usize> = sections
            .iter()
            .filter(|s| s.line > 0)
            .map(|s| start_of(s.line))
            .collect();
        let mut task_bounds: Vec<usize> = section_starts.clone();
        task_bounds.extend(
            plan.tasks
                .iter()
                .filter(|t| t.line > 0)
                .map(|t| start_of(t.line)),
        );
        task_bounds.extend([end, text.len()]);
        task_bounds.sort_unstable();
        task_bounds.dedup();
        let mut section_bounds = section_starts;
        section_bounds.push(end);
        section_bounds.sort_unstable();
        section_bounds.dedup();
        let after = |bounds: &[usize], at: usize| {
            let i = bounds.partition_point(|&b| b <= at);
            bounds.get(i).copied().unwrap_or(text.len())
        };
        let span_of_line = |line: usize, bounds: &[usize]| {
            if line == 0 {
                return (0, 0);
            }
            let at = start_of(line);
            (at, after(bounds, at))
        };
        // a section's terms start at its heading, after its label: "II" or
        // "3.1" is no word of its text
        // (a section starting on the line of the next, as a part the parser
        // inferred above its first item, holds nothing of its own)
        let section_bytes: Vec<(usize, usize)> = sections
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let (a, b) = span_of_line(s.line, &section_bounds);
                let b = match sections[i + 1..].iter().find(|n| n.line > 0) {
                    Some(n) if n.line == s.line => a,
                    _ => b,
                };
                ((heading_at(&text[a..b], &s.label) + a).min(b), b)
            })
            .collect();
        // a task whose text opens as its section's heading does starts at the
        // heading (a task's line is that of its first field)
        let heading_start: std::collections::HashMap<&str, (usize, Option<&str>)> = sections
            .iter()
            .zip(&section_bytes)
            .filter(|(s, _)| s.line > 0)
            .map(|(s, &(a, _))| (s.path.as_str(), (a, s.heading.split_whitespace().next())))
            .collect();
        let task_bytes: Vec<(usize, usize)> = plan
            .tasks
            .iter()
            .map(|t| {
                let (a, b) = span_of_line(t.line, &task_bounds);
                let heading = t.section.as_deref().and_then(|p| heading_start.get(p));
                match heading {
                    Some(&(start, Some(word)))
                        if t.line > 0
                            && start <= a
                            && t.text.split_whitespace().next() == Some(word) =>
                    {
                        (start, b)
                    }
                    _ => (a, b),
                }
            })
            .collect();
        let outside_bytes = [(0, first), (end, text.len())];
        // every offset, counted in one pass over the text
        let mut offsets: Vec<usize> = section_bytes
            .iter()
            .chain(&task_bytes)
            .chain(&outside_bytes)
            .flat_map(|&(a, b)| [a, b])
            .collect();
        offsets.sort_unstable();
        offsets.dedup();
        let positions = positions_at(text, &offsets);
        let span = |(a, b): (usize, usize)| -> Span {
            let at = |o: usize| positions[offsets.partition_point(|&x| x < o)];
            [at(a), at(b).max(at(a))]
        };
        StoredPlan {
            path: plan.path.clone(),
            doc_number: plan.doc_number.clone(),
            province: plan.province.clone(),
            year: plan.year,
            title: plan.title.clone(),
            sections: sections
                .iter()
                .zip(&section_bytes)
                .map(|(s, &bytes)| StoredSection {
                    path: s.path.clone(),
                    heading: s.heading.clone(),
                    text: s.text.clone(),
                    terms: span(bytes),
                })
                .collect(),
            tasks: plan
                .tasks
                .iter()
                .zip(&task_bytes)
                .map(|(t, &bytes)| StoredTask {
                    section: t.section.clone(),
                    terms: span(bytes),
                    lead: t.lead.clone(),
                    performers: t.performers.clone(),
                    deadline: t.deadline.as_ref().map(|d| d.raw.clone()),
                })
                .collect(),
            outside: outside_bytes
                .iter()
                .filter(|&&(a, b)| !text[a..b].trim().is_empty())
                .map(|&(a, b)| StoredText {
                    text: text[a..b].trim().to_string(),
                    terms: span((a, b)),
                })
                .collect(),
        }
    }
}

/// Where the heading starts in `part`, the text from a section's heading line
/// on: after the label when the line's first terms are the label ("II. NỘI
/// DUNG", "**3.1. Tập huấn**") or "Hoạt động" and the label ("Hoạt động 2:
/// Tập huấn"); else at the start (a number the parser inferred is not
/// written, and the same digits later in the line are no label).
fn heading_at(part: &str, label: &str) -> usize {
    let line = part.split('\n').next().unwrap_or_default();
    if let Some(end) = after_terms(line, label) {
        return end;
    }
    after_terms(line, "hoạt động")
        .and_then(|words| Some(words + after_terms(&line[words..], label)?))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The folded terms of `text` at the positions of `span`, joined by spaces.
    fn terms_in(text: &str, span: Span) -> String {
        crate::analysis::terms(text, true)
            .into_iter()
            .filter(|t| (span[0] as usize..span[1] as usize).contains(&t.position))
            .map(|t| t.text)
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn sections_keep_document_order_and_fold_with_abbreviations_written_out() {
        let text = "KẾ HOẠCH\nTrợ giúp pháp lý năm 2024\n\nI. MỤC ĐÍCH\n1. Tổ chức TGPL lưu động\nTại các xã.\n2. Đào tạo\nII. NỘI DUNG\n";
        let plan = crate::parse::parse("t.txt", text);
        let stored = StoredPlan::of(&plan, text);
        let paths: Vec<&str> = stored.sections.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(paths, vec!["I", "I.1", "I.2", "II"]);
        assert_eq!(
            terms_in(text, stored.sections[1].terms),
            "to chuc tro giup phap ly luu dong tai cac xa"
        );
        // a parent holds its heading and own text, not its children's, and no
        // section its label
        assert_eq!(terms_in(text, stored.sections[0].terms), "muc dich");
        assert_eq!(terms_in(text, stored.sections[3].terms), "noi dung");
        // the header before the outline is outside
        assert_eq!(
            terms_in(text, stored.outside[0].terms),
            "ke hoach tro giup phap ly nam 2024"
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
        assert!(terms_in(text, stored.outside[0].terms)
            .ends_with("can cu luat tro giup phap ly nam 2017"));
        assert!(terms_in(text, stored.outside[1].terms)
            .starts_with("noi nhan nhu tren phu luc 1 tap huan"));
        // a task holds its lines, up to the next section
        let text = "KẾ HOẠCH\nTrợ giúp pháp lý năm 2024\n\nI. NHIỆM VỤ\n1. Tổ chức tập huấn.\n\
                    - Đơn vị chủ trì: Sở Tư pháp.\n- Thời gian thực hiện: Quý II.\n2. Kiểm tra.\n\
                    - Đơn vị chủ trì: Thanh tra.\n";
        let plan = crate::parse::parse("t.txt", text);
        let stored = StoredPlan::of(&plan, text);
        let tasks: Vec<String> = stored
            .tasks
            .iter()
            .map(|t| terms_in(text, t.terms))
            .collect();
        assert_eq!(
            tasks,
            vec![
                "to chuc tap huan don vi chu tri so tu phap thoi gian thuc hien quy ii",
                "kiem tra don vi chu tri thanh tra"
            ],
            "{:?}",
            plan.tasks
        );
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

    #[test]
    fn a_heading_starts_after_its_label() {
        fn at<'a>(part: &'a str, label: &str) -> &'a str {
            &part[heading_at(part, label)..]
        }
        assert_eq!(at("II. NỘI DUNG\nx", "II"), ". NỘI DUNG\nx");
        assert_eq!(at("**3.1. Tập huấn**\n", "3.1"), ". Tập huấn**\n");
        assert_eq!(at("Hoạt động 2: Tập huấn", "2"), ": Tập huấn");
        assert_eq!(at("a) Tập huấn", "a"), ") Tập huấn");
        // a number alone on its line: the text from the next line on
        assert_eq!(at("3.\nTổ chức", "3"), ".\nTổ chức");
        // a label not written on the line (inferred), even where its digits
        // stand later in the line
        assert_eq!(at("Tổ chức\n", "I"), "Tổ chức\n");
        assert_eq!(
            at("- Hoạt động: theo Điều 2 Thông tư", "2"),
            "- Hoạt động: theo Điều 2 Thông tư"
        );
    }
}
