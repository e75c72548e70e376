//! Appendix task tables ("Phụ lục", "Kèm theo Kế hoạch ..."): rows become tasks
//! with `source: "appendix"`.
//!
//! Owns: rebuilding tables from every shape copies leave them in — markdown rows
//! (`| a | b |`), scraped cells one per line (`cell |`), and pipes on lines of
//! their own between multi-line cells — by reading the text as a stream of cells
//! split at `|`, where an empty cell (`||`) ends a row; mapping columns by their
//! header wording (Nội dung / Nhiệm vụ / Chỉ tiêu, Chủ trì, Phối hợp, Thời gian,
//! Sản phẩm, ...) whatever their order; and giving each row the section of the
//! group row above it ("I. ...", "Nâng cao ...").

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::{deadline, units};
use crate::model::{Task, TaskSource};
use crate::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Index,
    Text,
    Lead,
    Partners,
    Performers,
    /// a header cell that spans Chủ trì / Phối hợp in the row below
    Units,
    Deadline,
    Outputs,
    Funding,
    Other,
}

/// The words that decide a header cell's column (see [`column_of`]), found in
/// one scan of the folded cell: each is a bit of [`words_in`]'s answer.
const COLUMN_WORDS: [&str; 19] = [
    "chu tri",
    "phoi hop",
    "thoi gian",
    "thoi han",
    "tien do",
    "lo trinh",
    "san pham",
    "ket qua",
    "kinh phi",
    "nguon von",
    "thuc hien",
    "co quan",
    "don vi",
    "trach nhiem",
    "noi dung",
    "nhiem vu",
    "hoat dong",
    "chi tieu",
    "ten ",
];

static COLUMN_FINDER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new(COLUMN_WORDS).expect("short fixed words make a valid automaton")
});

/// The bit of each of `words` in [`words_in`]'s answer (none for a word not
/// in [`COLUMN_WORDS`]: [`words!`] checks that each of its words has one).
const fn bits(words: &[&str]) -> u32 {
    const fn same(a: &str, b: &str) -> bool {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        if a.len() != b.len() {
            return false;
        }
        let mut i = 0;
        while i < a.len() {
            if a[i] != b[i] {
                return false;
            }
            i += 1;
        }
        true
    }
    let mut m = 0;
    let mut i = 0;
    while i < words.len() {
        let mut k = 0;
        while k < COLUMN_WORDS.len() {
            if same(words[i], COLUMN_WORDS[k]) {
                m |= 1 << k;
            }
            k += 1;
        }
        i += 1;
    }
    m
}

/// A set of [`COLUMN_WORDS`], each of which must be one of them.
macro_rules! words {
    ($($w:literal),+) => {{
        const M: u32 = bits(&[$($w),+]);
        const _: () = assert!(M.count_ones() as usize == [$($w),+].len());
        M
    }};
}

/// Which [`COLUMN_WORDS`] `f` holds anywhere, and which it starts with.
fn words_in(f: &str) -> (u32, u32) {
    let (mut anywhere, mut first) = (0, 0);
    for m in COLUMN_FINDER.find_overlapping_iter(f) {
        let bit = 1 << m.pattern().as_u32();
        anywhere |= bit;
        if m.start() == 0 {
            first |= bit;
        }
    }
    (anywhere, first)
}

/// The column a header cell names, from the words of its folded text.
fn column_of(cell: &str) -> Col {
    let f = text::fold(cell);
    let f = f.trim();
    if f == "tt" || f == "stt" || f == "so tt" || f == "so thu tu" {
        return Col::Index;
    }
    let (has, starts) = words_in(f);
    if has & words!("chu tri") != 0 {
        Col::Lead
    } else if has & words!("phoi hop") != 0 {
        Col::Partners
    } else if has & words!("thoi gian", "thoi han", "tien do", "lo trinh") != 0 {
        Col::Deadline
    } else if has & words!("san pham", "ket qua") != 0 {
        Col::Outputs
    } else if has & words!("kinh phi", "nguon von") != 0 {
        Col::Funding
    } else if has & words!("thuc hien") != 0 && has & words!("co quan", "don vi") != 0 {
        Col::Performers
    } else if starts & words!("co quan", "don vi") != 0 || has & words!("trach nhiem") != 0 {
        Col::Units
    } else if has & words!("noi dung", "nhiem vu", "hoat dong", "chi tieu") != 0
        || starts & words!("ten ") != 0
    {
        Col::Text
    } else {
        Col::Other
    }
}

/// A row of cells (a run of cells between empty cells) and the line it starts on.
#[derive(Debug, Clone)]
struct Segment {
    line: usize,
    cells: Vec<String>,
}

fn clean_cell(c: &str) -> String {
    let (s, _) = super::lines::clean(c);
    s.into_owned()
}

/// End the current row, if it has cells, and start the next one at `line`.
fn end_row(out: &mut Vec<Segment>, cur: &mut Segment, line: usize) {
    if !cur.cells.is_empty() {
        out.push(std::mem::replace(
            cur,
            Segment {
                line,
                cells: Vec::new(),
            },
        ));
    }
}

/// Read `lines` (numbered from `first_no`) as a stream of table cells, and cut
/// it into segments at empty cells. Text outside any table is ignored.
fn segments(lines: &[&str], first_no: usize) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut cur = Segment {
        line: first_no,
        cells: Vec::new(),
    };
    let mut cell = String::new();
    let mut cell_line = first_no;
    let mut in_table = false;
    for (k, raw) in lines.iter().enumerate() {
        let no = first_no + k;
        let trimmed = text::trim(raw);
        // a blank line ends a table: text after it is outside until the next pipe
        if trimmed.is_empty() {
            end_row(&mut out, &mut cur, no);
            cell.clear();
            in_table = false;
            continue;
        }
        if memchr::memchr(b'|', raw.as_bytes()).is_none() {
            if in_table {
                if !cell.is_empty() {
                    cell.push(' ');
                } else {
                    cell_line = no;
                }
                cell.push_str(trimmed);
            }
            continue;
        }
        in_table = true;
        let parts: Vec<&str> = raw.split('|').collect();
        // a whole markdown row on one line keeps its empty cells
        if trimmed.starts_with('|')
            && trimmed.ends_with('|')
            && parts.len() >= 4
            && cell.is_empty()
            && cur.cells.is_empty()
        {
            let cells: Vec<String> = trimmed[1..trimmed.len() - 1]
                .split('|')
                .map(clean_cell)
                .collect();
            let rule = cells
                .iter()
                .all(|c| c.chars().all(|x| matches!(x, '-' | ':' | ' ')));
            if !rule && cells.iter().any(|c| !c.is_empty()) {
                out.push(Segment { line: no, cells });
            }
            continue;
        }
        for (j, part) in parts.iter().enumerate() {
            if j > 0 {
                // a pipe closes the cell
                let c = clean_cell(&cell);
                let is_rule = !c.is_empty() && c.chars().all(|x| matches!(x, '-' | ':' | ' '));
                if c.is_empty() {
                    end_row(&mut out, &mut cur, no);
                } else if !is_rule {
                    if cur.cells.is_empty() {
                        cur.line = cell_line;
                    }
                    cur.cells.push(c);
                }
                cell.clear();
                cell_line = no;
            }
            let t = text::trim(part);
            if !t.is_empty() {
                if cell.is_empty() {
                    cell_line = no;
                } else {
                    cell.push(' ');
                }
                cell.push_str(t);
            }
        }
    }
    if !cur.cells.is_empty() {
        out.push(cur);
    }
    out
}

fn is_index(c: &str) -> bool {
    let c = c.trim().trim_end_matches('.');
    !c.is_empty() && c.len() <= 3 && c.chars().all(|x| x.is_ascii_digit())
}

/// Whether a row names the columns of a task table: a text column and a
/// unit or deadline column. A row that starts with a row number ("1", "2.")
/// is a task, whatever its cells say ("Tổ chức các hoạt động ... | Sở Tư
/// pháp chủ trì"), and its cells are not folded to tell.
fn is_header(seg: &Segment) -> bool {
    // one cell names one column, never both a text and a unit column
    if seg.cells.len() < 2 || seg.cells.first().is_some_and(|c| is_index(c)) {
        return false;
    }
    let cols: Vec<Col> = seg.cells.iter().map(|c| column_of(c)).collect();
    cols.contains(&Col::Text)
        && (cols.contains(&Col::Lead)
            || cols.contains(&Col::Units)
            || cols.contains(&Col::Deadline)
            || cols.contains(&Col::Performers))
}

/// A body section a group row can be matched to.
pub struct SectionRef<'a> {
    pub path: &'a str,
    pub heading: &'a str,
}

/// `headings` holds each section's heading folded, trimmed and without a
/// final '.' or ':' (the form compared), in the order of `sections`.
fn match_section(group: &str, sections: &[SectionRef<'_>], headings: &[String]) -> Option<String> {
    let g = text::fold(group);
    let g = g
        .trim()
        .trim_start_matches(|c: char| {
            c.is_ascii_digit() || c == '.' || c == ' ' || "ivx".contains(c)
        })
        .trim();
    if g.chars().count() < 8 {
        return None;
    }
    sections
        .iter()
        .zip(headings)
        .find(|(_, h)| h.chars().count() >= 8 && (*h == g || h.starts_with(g) || g.starts_with(*h)))
        .map(|(s, _)| s.path.to_string())
}

/// The headings of `sections` as [`match_section`] compares them.
fn folded_headings(sections: &[SectionRef<'_>]) -> Vec<String> {
    sections
        .iter()
        .map(|s| {
            let h = text::fold(s.heading);
            h.trim().trim_end_matches(['.', ':']).to_string()
        })
        .collect()
}

/// Parse the appendix task tables in `lines` (the text after the plan's body;
/// `first_no` is the 1-based number of its first line).
pub fn tasks(
    lines: &[&str],
    first_no: usize,
    sections: &[SectionRef<'_>],
    plan_year: Option<i32>,
) -> Vec<Task> {
    let segs = segments(lines, first_no);
    let mut out = Vec::new();
    let mut cols: Vec<Col> = Vec::new();
    let mut group_path: Option<String> = None;
    let mut groups_seen: Vec<(usize, Option<String>)> = Vec::new();
    let mut last_lead: Vec<String> = Vec::new();
    let mut last_partners: Vec<String> = Vec::new();
    let mut headings: Option<Vec<String>> = None;
    let mut k = 0;
    while k < segs.len() {
        let seg = &segs[k];
        k += 1;
        if is_header(seg) {
            cols = seg.cells.iter().map(|c| column_of(c)).collect();
            // text that ran into the header (a signature, the appendix caption) is not a column
            let start = cols
                .iter()
                .position(|c| *c == Col::Index)
                .or_else(|| cols.iter().position(|c| *c == Col::Text))
                .unwrap_or(0);
            cols.drain(..start);
            // a sub-header row (Chủ trì | Phối hợp) splits the spanning units column
            if let Some(sub) = segs.get(k) {
                let sub_cols: Vec<Col> = sub.cells.iter().map(|c| column_of(c)).collect();
                if !sub_cols.is_empty()
                    && sub_cols
                        .iter()
                        .all(|c| matches!(c, Col::Lead | Col::Partners | Col::Performers))
                {
                    if let Some(p) = cols.iter().position(|c| *c == Col::Units) {
                        cols.splice(p..=p, sub_cols);
                    }
                    k += 1;
                }
            }
            for c in cols.iter_mut() {
                if *c == Col::Units {
                    *c = Col::Performers;
                }
            }
            group_path = None;
            continue;
        }
        if cols.is_empty() {
            continue;
        }
        // a group row: one label or heading cell ("I. Kinh tế số", "IV.", "Nâng cao ...")
        let filled: Vec<&String> = seg.cells.iter().filter(|c| !c.is_empty()).collect();
        let roman_label =
            |c: &str| super::outline::roman_value(c.trim().trim_end_matches('.')).is_some();
        let group = match filled.as_slice() {
            [one] if !is_index(one) => Some((*one).clone()),
            [label, name] if roman_label(label) => Some(format!("{label} {name}")),
            _ => None,
        };
        if let Some(g) = group {
            // the headings are folded once, at the first group row
            let headings = headings.get_or_insert_with(|| folded_headings(sections));
            group_path = match_section(&g, sections, headings);
            groups_seen.push((out.len(), group_path.clone()));
            continue;
        }
        let mut cells: Vec<String> = seg.cells.clone();
        if filled.is_empty() {
            continue;
        }
        // a row whose empty middle cell split it in two: take the rest back
        while cells.len() < cols.len() && is_index(&cells[0]) {
            match segs.get(k) {
                Some(next)
                    if !is_index(&next.cells[0])
                        && !is_header(next)
                        && next.cells.len() > 1
                        && cells.len() + next.cells.len() <= cols.len() =>
                {
                    let missing = cols.len() - cells.len() - next.cells.len();
                    cells.extend(std::iter::repeat_n(String::new(), missing));
                    cells.extend(next.cells.iter().cloned());
                    k += 1;
                }
                _ => break,
            }
        }
        let mut mapping: Vec<Col> = cols.clone();
        if !is_index(&cells[0]) && mapping.first() == Some(&Col::Index) {
            mapping.remove(0);
        }
        if cells.len() < 2 {
            continue;
        }
        let mut t = Task {
            section: group_path.clone(),
            source: TaskSource::Appendix,
            line: seg.line,
            ..Task::default()
        };
        let merged_units = cells.len() + 2 <= mapping.len();
        if merged_units {
            // unit cells merged with the row above: text, then the trailing columns
            mapping
                .retain(|c| !matches!(c, Col::Index | Col::Lead | Col::Partners | Col::Performers));
        }
        for (c, v) in mapping.iter().zip(cells.iter()) {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            match c {
                Col::Text => t.text = v.to_string(),
                Col::Lead => t.lead = units::split(v),
                Col::Partners => t.partners = units::split(v),
                Col::Performers => t.performers = units::split(v),
                Col::Deadline => t.deadline = Some(deadline::parse(v, plan_year)),
                Col::Outputs => t.outputs = Some(v.to_string()),
                Col::Funding => t.funding = Some(v.to_string()),
                _ => {}
            }
        }
        if merged_units {
            t.lead = last_lead.clone();
            t.partners = last_partners.clone();
        } else {
            last_lead = t.lead.clone();
            last_partners = t.partners.clone();
        }
        if !t.text.is_empty() {
            out.push(t);
        }
    }
    fill_unmatched_groups(&mut out, &groups_seen, sections);
    out
}

/// Groups whose heading matched no body section take their place from their
/// neighbours: the body lists the same activities in the same order.
fn fill_unmatched_groups(
    tasks: &mut [Task],
    groups: &[(usize, Option<String>)],
    sections: &[SectionRef<'_>],
) {
    if groups.is_empty() || groups.iter().all(|g| g.1.is_none()) {
        return;
    }
    let mut bounds: Vec<(usize, Option<String>)> = Vec::new();
    if groups[0].0 > 0 {
        bounds.push((0, None));
    }
    bounds.extend(groups.iter().cloned());
    let paths: Vec<&str> = sections.iter().map(|s| s.path).collect();
    let sibling = |p: &str, delta: i64| -> Option<String> {
        let (parent, last) = p.rsplit_once('.')?;
        let n: i64 = last.parse().ok()?;
        let cand = format!("{parent}.{}", n + delta);
        paths.contains(&cand.as_str()).then_some(cand)
    };
    for k in 0..bounds.len() {
        if bounds[k].1.is_some() {
            continue;
        }
        let guess = bounds[..k]
            .iter()
            .enumerate()
            .rev()
            .find_map(|(j, (_, p))| p.as_deref().and_then(|p| sibling(p, (k - j) as i64)))
            .or_else(|| {
                bounds[k + 1..].iter().enumerate().find_map(|(j, (_, p))| {
                    p.as_deref().and_then(|p| sibling(p, -((j + 1) as i64)))
                })
            });
        bounds[k].1 = guess;
    }
    for (k, (start, path)) in bounds.iter().enumerate() {
        let end = bounds.get(k + 1).map(|b| b.0).unwrap_or(tasks.len());
        for t in &mut tasks[*start..end] {
            if t.section.is_none() {
                t.section = path.clone();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The column of a header cell as first written: one substring test per word.
    fn column_by_contains(cell: &str) -> Col {
        let f = text::fold(cell);
        let f = f.trim();
        if f == "tt" || f == "stt" || f == "so tt" || f == "so thu tu" {
            Col::Index
        } else if f.contains("chu tri") {
            Col::Lead
        } else if f.contains("phoi hop") {
            Col::Partners
        } else if f.contains("thoi gian")
            || f.contains("thoi han")
            || f.contains("tien do")
            || f.contains("lo trinh")
        {
            Col::Deadline
        } else if f.contains("san pham") || f.contains("ket qua") {
            Col::Outputs
        } else if f.contains("kinh phi") || f.contains("nguon von") {
            Col::Funding
        } else if f.contains("thuc hien") && (f.contains("co quan") || f.contains("don vi")) {
            Col::Performers
        } else if f.starts_with("co quan") || f.starts_with("don vi") || f.contains("trach nhiem") {
            Col::Units
        } else if f.contains("noi dung")
            || f.contains("nhiem vu")
            || f.contains("hoat dong")
            || f.contains("chi tieu")
            || f.starts_with("ten ")
        {
            Col::Text
        } else {
            Col::Other
        }
    }

    proptest! {
        #[test]
        fn column_words_are_found_as_substring_tests_find_them(
            parts in prop::collection::vec(
                prop_oneof![
                    prop::sample::select(COLUMN_WORDS.to_vec()).prop_map(str::to_string),
                    prop::sample::select(vec![
                        "Chủ trì", "phối hợp", "Đơn vị", "cơ quan", "Thời gian", "TT", "Số TT",
                        "Tên ", "tên", "STT", " ", "  ", "\u{a0}", ",", "x", "thực hiện",
                        "trì", "chu", "ĐƠN VỊ THỰC HIỆN", "Nội dung", "kinh", "phí",
                    ]).prop_map(str::to_string),
                ],
                0..6,
            ),
        ) {
            let cell = parts.concat();
            prop_assert_eq!(column_of(&cell), column_by_contains(&cell), "{:?}", cell);
        }
    }

    fn rows(text: &str) -> Vec<Task> {
        let lines: Vec<&str> = text.lines().collect();
        let secs = [
            SectionRef {
                path: "II.1",
                heading: "Kinh tế số",
            },
            SectionRef {
                path: "II.2",
                heading: "Xã hội số",
            },
        ];
        tasks(&lines, 1, &secs, Some(2025))
    }

    #[test]
    fn markdown_rows() {
        let t = rows("| TT | Nhiệm vụ | Chủ trì | Phối hợp | Thời gian |\n|---|---|---|---|---|\n| 1 | Làm A | Sở Tư pháp | Sở Nội vụ | Quý II/2025 |\n| 2 | Làm B | Sở Tài chính |  | Thường xuyên |\n");
        assert_eq!(t.len(), 2);
        assert_eq!(
            (t[0].lead.clone(), t[0].partners.clone()),
            (
                vec!["Sở Tư pháp".to_string()],
                vec!["Sở Nội vụ".to_string()]
            )
        );
        assert_eq!(
            t[0].deadline.as_ref().unwrap().end.as_deref(),
            Some("2025-06-30")
        );
        assert!(t[1].partners.is_empty());
        assert_eq!(t[1].deadline.as_ref().unwrap().raw, "Thường xuyên");
    }

    #[test]
    fn a_numbered_row_is_a_task_even_when_its_cells_name_columns() {
        // the text cell says "nội dung" and "hoạt động", the unit cell "chủ
        // trì": the words of a header row, in a row that starts with its number
        let t = rows("| TT | Nội dung | Chủ trì | Thời gian |\n|---|---|---|---|\n| 1 | Tuyên truyền nội dung các hoạt động trợ giúp pháp lý | Sở Tư pháp chủ trì | Năm 2025 |\n| 2 | Làm B | Sở Tài chính | Quý II/2025 |\n");
        assert_eq!(t.len(), 2);
        assert_eq!(
            t[0].text,
            "Tuyên truyền nội dung các hoạt động trợ giúp pháp lý"
        );
        assert_eq!(t[0].lead, vec!["Sở Tư pháp"]);
        assert_eq!(t[1].lead, vec!["Sở Tài chính"]);
    }

    #[test]
    fn a_header_of_two_cells_starts_a_table_and_one_cell_never_does() {
        let t = rows("| Nội dung | Chủ trì |\n|---|---|\n| Làm A | Sở Tư pháp |\n");
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].lead, vec!["Sở Tư pháp"]);
        // one cell naming both columns is a group row, not a header: no table starts
        assert!(rows("| Nội dung, chủ trì |\n| Làm A | Sở Tư pháp |\n").is_empty());
    }

    #[test]
    fn pipes_on_their_own_lines_with_group_rows() {
        let t = rows("|\n**TT**\n|\n**Chỉ tiêu**\n|\n**Chủ trì**\n|\n|\n|\n**I. Kinh\ntế số**\n|\n|\n|\n1\n|\nKinh tế số chiếm\n45% GRDP.\n|\nSở Tài chính\n|\n|\n|\n**II. Xã hội số**\n|\n|\n|\n1\n|\nPhủ sóng 5G\n|\nSở Khoa học và Công nghệ\n|\n");
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].text, "Kinh tế số chiếm 45% GRDP.");
        assert_eq!(t[0].lead, vec!["Sở Tài chính"]);
        assert_eq!(t[0].section.as_deref(), Some("II.1"));
        assert_eq!(t[1].section.as_deref(), Some("II.2"));
    }
}
