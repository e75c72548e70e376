//! Appendix task tables ("Phụ lục", "Kèm theo Kế hoạch ..."): rows become tasks
//! with `source: "appendix"`.
//!
//! Owns: rebuilding table rows from markdown rows ("| a | b |") and from scraped
//! tables that arrive one cell per line ("cell |", a lone "|" between rows),
//! mapping columns by their header wording (Nội dung, Chủ trì, Phối hợp, Thời
//! gian, Sản phẩm, ...) whatever their order, and giving each row the section of
//! the group row above it ("I. ...", "Nâng cao ...").

use super::lines::Line;
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

fn column_of(cell: &str) -> Col {
    let f = text::fold(cell);
    let f = f.trim();
    if f == "tt" || f == "stt" || f == "so tt" {
        Col::Index
    } else if f.contains("chu tri") {
        Col::Lead
    } else if f.contains("phoi hop") {
        Col::Partners
    } else if f.contains("thoi gian") || f.contains("thoi han") || f.contains("tien do") {
        Col::Deadline
    } else if f.contains("san pham") || f.contains("ket qua") {
        Col::Outputs
    } else if f.contains("kinh phi") {
        Col::Funding
    } else if f.contains("thuc hien") && (f.contains("co quan") || f.contains("don vi")) {
        Col::Performers
    } else if f.starts_with("co quan") || f.starts_with("don vi") || f.contains("trach nhiem") {
        Col::Units
    } else if f.contains("noi dung")
        || f.contains("nhiem vu")
        || f.contains("hoat dong")
        || f.starts_with("ten ")
    {
        Col::Text
    } else {
        Col::Other
    }
}

/// A table row with the line it starts on.
#[derive(Debug, Clone)]
struct Row {
    line: usize,
    cells: Vec<String>,
}

/// Rebuild table rows from lines.
fn rows(lines: &[Line]) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::new();
    let mut cur: Option<Row> = None;
    for l in lines {
        let raw = l.raw.trim();
        if !raw.contains('|') {
            continue;
        }
        let pipes = raw.matches('|').count();
        let inner = raw.trim_matches('|');
        if inner
            .chars()
            .all(|c| c == '-' || c == ':' || c == '|' || c.is_whitespace())
            && inner.contains('-')
        {
            continue; // markdown separator row
        }
        if raw == "|" {
            if let Some(r) = cur.take() {
                out.push(r);
            }
            cur = Some(Row {
                line: l.no,
                cells: vec![],
            });
            continue;
        }
        if raw.starts_with('|') && raw.ends_with('|') && pipes >= 3 {
            // a whole markdown row on one line
            if let Some(r) = cur.take() {
                out.push(r);
            }
            let cells = raw[1..raw.len() - 1].split('|').map(clean_cell).collect();
            out.push(Row { line: l.no, cells });
            continue;
        }
        let row = cur.get_or_insert_with(|| Row {
            line: l.no,
            cells: vec![],
        });
        if inner.trim().is_empty() {
            row.cells.extend(std::iter::repeat_n(String::new(), pipes));
        } else {
            row.cells.push(clean_cell(inner));
            // "||||" after a cell adds empties
            let extra = raw.trim_end().len() - raw.trim_end().trim_end_matches('|').len();
            if extra > 1 {
                row.cells
                    .extend(std::iter::repeat_n(String::new(), extra - 1));
            }
        }
    }
    if let Some(r) = cur.take() {
        out.push(r);
    }
    out.into_iter()
        .filter(|r| r.cells.iter().any(|c| !c.is_empty()))
        .collect()
}

fn clean_cell(c: &str) -> String {
    let (s, _) = super::lines::clean(c);
    s
}

fn is_index(c: &str) -> bool {
    let c = c.trim().trim_end_matches('.');
    !c.is_empty() && c.len() <= 3 && c.chars().all(|x| x.is_ascii_digit())
}

/// A group row: one label or heading cell, the rest empty.
fn group_of(row: &Row) -> Option<String> {
    let filled: Vec<&String> = row.cells.iter().filter(|c| !c.is_empty()).collect();
    match filled.as_slice() {
        [one] if !is_index(one) => Some((*one).clone()),
        [a, b] if super::outline::roman_value(a.trim_end_matches('.')).is_some() => {
            Some(format!("{a} {b}"))
        }
        _ => None,
    }
}

/// Where a group row's tasks belong: (path of a body section, label), matched by
/// heading text or by a roman/arabic label.
pub struct SectionRef<'a> {
    pub path: &'a str,
    pub heading: &'a str,
}

fn match_section(group: &str, sections: &[SectionRef<'_>]) -> Option<String> {
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
        .find(|s| {
            let h = text::fold(s.heading);
            let h = h.trim();
            h.chars().count() >= 8 && (h == g || h.starts_with(g) || g.starts_with(h))
        })
        .map(|s| s.path.to_string())
}

/// Parse appendix task tables in `lines` (the part of the plan after its body).
pub fn tasks(lines: &[Line], sections: &[SectionRef<'_>], plan_year: Option<i32>) -> Vec<Task> {
    let rows = rows(lines);
    // header: a row naming the text column and a units or time column
    let Some(hpos) = rows.iter().position(|r| {
        let cols: Vec<Col> = r.cells.iter().map(|c| column_of(c)).collect();
        cols.contains(&Col::Text)
            && (cols.contains(&Col::Lead)
                || cols.contains(&Col::Units)
                || cols.contains(&Col::Deadline)
                || cols.contains(&Col::Performers))
    }) else {
        return Vec::new();
    };
    let mut cols: Vec<Col> = rows[hpos].cells.iter().map(|c| column_of(c)).collect();
    let mut next = hpos + 1;
    // a sub-header row (Chủ trì | Phối hợp) splits the spanning units column
    if let Some(sub) = rows.get(next) {
        let sub_cols: Vec<Col> = sub
            .cells
            .iter()
            .filter(|c| !c.is_empty())
            .map(|c| column_of(c))
            .collect();
        if !sub_cols.is_empty()
            && sub_cols
                .iter()
                .all(|c| matches!(c, Col::Lead | Col::Partners | Col::Performers))
        {
            if let Some(p) = cols.iter().position(|c| *c == Col::Units) {
                cols.splice(p..=p, sub_cols);
            }
            next += 1;
        }
    }
    for c in cols.iter_mut() {
        if *c == Col::Units {
            *c = Col::Performers;
        }
    }

    let mut out = Vec::new();
    let mut group_path: Option<String> = None;
    let mut groups_seen: Vec<(usize, Option<String>)> = Vec::new();
    let mut last_lead: Vec<String> = Vec::new();
    let mut last_partners: Vec<String> = Vec::new();
    for row in &rows[next..] {
        if let Some(g) = group_of(row) {
            group_path = match_section(&g, sections);
            groups_seen.push((out.len(), group_path.clone()));
            continue;
        }
        let mut cells: Vec<&str> = row.cells.iter().map(String::as_str).collect();
        while cells.last().is_some_and(|c| c.is_empty()) && cells.len() > cols.len() {
            cells.pop();
        }
        let mut mapping: Vec<Col> = cols.clone();
        if !cells.first().is_some_and(|c| is_index(c)) && mapping.first() == Some(&Col::Index) {
            mapping.remove(0);
        }
        let nonempty = cells.iter().filter(|c| !c.is_empty()).count();
        if nonempty < 2 {
            continue;
        }
        let mut t = Task {
            section: group_path.clone(),
            source: TaskSource::Appendix,
            line: row.line,
            ..Task::default()
        };
        let short = cells.len() + 2 <= mapping.len();
        let mut merged_units = false;
        if short {
            // merged unit cells: text, then the trailing columns
            let tail: Vec<Col> = mapping
                .iter()
                .copied()
                .filter(|c| !matches!(c, Col::Index | Col::Lead | Col::Partners | Col::Performers))
                .collect();
            mapping = tail;
            merged_units = true;
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
    if groups.is_empty() {
        return;
    }
    // boundaries: (first task index, path) for the implicit group before the first group row too
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
