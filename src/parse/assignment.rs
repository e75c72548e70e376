//! Assignments: work given to a named unit in a part such as "Tổ chức thực
//! hiện", where plans name the unit as a heading or lead-in ("1. Sở Tư pháp:
//! ...", "2. Sở Tài chính chủ trì, phối hợp với ...") instead of labelled fields.
//!
//! Owns: finding those parts, reading the unit(s) each item names (one
//! assignment per unit), the duty text under it, and the dates in that text
//! ("trước ngày 15/12/2026", "chậm nhất ngày 17 tháng 12", "định kỳ 6 tháng")
//! normalised like deadlines.

use regex::Regex;
use std::sync::LazyLock;

use super::{deadline, units};
use crate::model::{Assignment, Deadline, Section};
use crate::text;

/// Headings of the parts that assign work (accent-folded).
const PART_HEADINGS: &[&str] = &[
    "to chuc thuc hien",
    "trach nhiem thuc hien",
    "phan cong thuc hien",
    "phan cong nhiem vu",
    "trach nhiem cua cac",
];

/// Words that introduce the unit in a lead-in and are not part of its name.
const LEAD_INS: &[&str] = &[
    "de nghi ",
    "giao ",
    "yeu cau ",
    "kinh de nghi ",
    "trach nhiem cua ",
];

/// Words after which a lead-in stops naming units (what they do follows).
const UNIT_END: &[&str] = &[
    ":",
    " chu tri",
    " phoi hop",
    " chi dao",
    " tham muu",
    " co trach nhiem",
    " thuc hien",
    " trien khai",
    " xay dung",
    " huong dan",
    " theo doi",
    " bao cao",
    " can cu",
    " khan truong",
    " chu dong",
];

/// Date phrases in duty text (matched on folded text): a marker, then a date,
/// month, quarter or year; or a recurrence.
static DATE_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:truoc|cham nhat|khong muon hon|han chot|hoan thanh trong|hoan thanh truoc|trong)\s+(?:ngay\s+)?(?:\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?|\d{1,2}\s+thang\s+\d{1,2}(?:\s+nam\s+\d{4})?|thang\s+\d{1,2}(?:\s*/\s*\d{4}|\s+nam\s+\d{4})?|quy\s+(?:iv|iii|ii|i|[1-4])(?:\s*/\s*\d{4}|\s+nam\s+\d{4})?|nam\s+\d{4})|(?:dinh ky|hang|hàng)\s+(?:6 thang|nam|quy|thang)",
    )
    .expect("date phrase regex")
});

fn is_part(heading: &str) -> bool {
    let f = text::fold(heading);
    PART_HEADINGS.iter().any(|h| f.contains(h))
}

/// The units an item's heading names before what they are to do.
pub fn named_units(heading: &str) -> Vec<String> {
    let chars: Vec<char> = heading.chars().collect();
    let folded: String = chars.iter().map(|&c| text::fold_char(c)).collect();
    let mut start = 0;
    for l in LEAD_INS {
        if folded.starts_with(l) {
            start = l.chars().count();
            break;
        }
    }
    let rest_f: String = folded.chars().skip(start).collect();
    let mut end = rest_f.chars().count();
    for stop in UNIT_END {
        for (p, _) in rest_f.match_indices(stop) {
            // "Hội đồng phối hợp liên ngành" is a name, not a lead-in
            if *stop == " phoi hop" && rest_f[p + stop.len()..].starts_with(" lien nganh") {
                continue;
            }
            end = end.min(rest_f[..p].chars().count());
            break;
        }
    }
    let prefix: String = chars[start..start + end].iter().collect();
    if !units::starts_with_unit(&prefix) {
        return Vec::new();
    }
    units::split(&prefix)
}

/// The dates a duty text names, each normalised like a deadline.
pub fn dates_in(duty: &str, plan_year: Option<i32>) -> Vec<Deadline> {
    let chars: Vec<char> = duty.chars().collect();
    let folded: String = chars.iter().map(|&c| text::fold_char(c)).collect();
    let mut out: Vec<Deadline> = Vec::new();
    // chars before the last match's end, counted on from there (matches come
    // in order): a duty text may be a whole part's, with many dates
    let (mut counted_to, mut count) = (0, 0);
    for m in DATE_PHRASE.find_iter(&folded) {
        let a = count + folded[counted_to..m.start()].chars().count();
        let b = a + m.as_str().chars().count();
        (counted_to, count) = (m.end(), b);
        let raw: String = chars[a..b].iter().collect();
        let d = deadline::parse(&raw, plan_year);
        if (d.start.is_some() || d.end.is_some() || d.recurrence.is_some())
            && !out.iter().any(|x| x.raw == d.raw)
        {
            out.push(d);
        }
    }
    out
}

fn all_text(s: &Section, out: &mut Vec<String>) {
    if !s.text.is_empty() {
        out.push(s.text.clone());
    }
    for c in &s.children {
        if !c.heading.is_empty() {
            out.push(c.heading.clone());
        }
        all_text(c, out);
    }
}

/// Assignments in the parts of `sections` that assign work.
pub fn find(sections: &[Section], plan_year: Option<i32>) -> Vec<Assignment> {
    let mut out = Vec::new();
    // a part that assigns work: its heading says so, or (when the heading was
    // lost) most of its items name a unit
    let assigns = |s: &&Section| {
        is_part(&s.heading)
            || (s.heading.is_empty()
                && s.children.len() >= 2
                && s.children
                    .iter()
                    .filter(|c| !named_units(&c.heading).is_empty())
                    .count()
                    * 2
                    >= s.children.len())
    };
    for part in sections.iter().filter(assigns) {
        for item in &part.children {
            let names = named_units(&item.heading);
            if names.is_empty() {
                continue;
            }
            let mut body = vec![item.heading.clone()];
            all_text(item, &mut body);
            let duty = body.join("\n");
            let deadlines = dates_in(&duty, plan_year);
            for unit in names {
                out.push(Assignment {
                    unit,
                    section: item.path.clone(),
                    text: duty.clone(),
                    deadlines: deadlines.clone(),
                });
            }
        }
        // dash items that name a unit directly: "- Sở Tư pháp: ..."
        for line in part.text.lines() {
            let Some(item) = line.strip_prefix("- ").or_else(|| line.strip_prefix("+ ")) else {
                continue;
            };
            if !item.contains(':') {
                continue;
            }
            let names = named_units(item);
            let deadlines = dates_in(item, plan_year);
            for unit in names {
                out.push(Assignment {
                    unit,
                    section: part.path.clone(),
                    text: item.to_string(),
                    deadlines: deadlines.clone(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_named_by_headings_and_lead_ins() {
        assert_eq!(named_units("Sở Tư pháp"), vec!["Sở Tư pháp"]);
        assert_eq!(
            named_units("Sở Tài chính chủ trì, phối hợp với Sở Nội vụ lập dự toán"),
            vec!["Sở Tài chính"]
        );
        assert_eq!(
            named_units("Sở Tư pháp: hướng dẫn, theo dõi"),
            vec!["Sở Tư pháp"]
        );
        assert_eq!(
            named_units(
                "Đề nghị Báo Ninh Thuận, Đài Phát thanh và Truyền hình tỉnh phối hợp với Trung tâm"
            ),
            vec!["Báo Ninh Thuận", "Đài Phát thanh và Truyền hình tỉnh"]
        );
        assert_eq!(
            named_units("Ban Dân tộc tỉnh; Sở Lao động - Thương binh và xã hội"),
            vec!["Ban Dân tộc tỉnh", "Sở Lao động - Thương binh và xã hội"]
        );
        assert!(named_units("Căn cứ nội dung công việc được giao, Phòng Hành chính").is_empty());
        assert!(named_units("Trong quá trình thực hiện").is_empty());
        assert_eq!(
            named_units("Trung tâm trợ giúp pháp lý nhà nước tỉnh"),
            vec!["Trung tâm trợ giúp pháp lý nhà nước tỉnh"]
        );
        assert_eq!(
            named_units("Đề nghị các cơ quan thành viên Hội đồng phối hợp liên ngành về trợ giúp pháp lý tỉnh phối hợp với Trung tâm"),
            vec!["các cơ quan thành viên Hội đồng phối hợp liên ngành về trợ giúp pháp lý tỉnh"]
        );
        assert_eq!(
            named_units("Trách nhiệm của Trung tâm Trợ giúp pháp lý nhà nước"),
            vec!["Trung tâm Trợ giúp pháp lý nhà nước"]
        );
    }

    #[test]
    fn dates_in_duties() {
        let d = dates_in(
            "Tổng hợp, báo cáo UBND tỉnh trước ngày 15/12/2026; định kỳ 6 tháng báo cáo kết quả.",
            Some(2026),
        );
        assert_eq!(d.len(), 2);
        assert_eq!(
            (d[0].start.as_deref(), d[0].end.as_deref()),
            (None, Some("2026-12-15"))
        );
        let d = dates_in("gửi Sở Tư pháp chậm nhất ngày 17 tháng 12", Some(2025));
        assert_eq!(d[0].end.as_deref(), Some("2025-12-17"));
        assert!(dates_in("theo quy định của pháp luật", Some(2025)).is_empty());
    }
}
