//! The parser: normalised plan text in, [`Plan`] out.
//!
//! The stages run in order, each in its own module: [`lines`] (clean lines,
//! repeated blocks and navigation removed, wrapped lines joined), [`header`],
//! [`outline`] (sections), [`fields`] (tasks from labelled lines, with [`units`]
//! and [`deadline`]), [`appendix`] (task tables) and [`citation`]. Parsing never
//! fails: what cannot be understood becomes a warning with its line number.

pub mod appendix;
pub mod assignment;
pub mod citation;
pub mod date;
pub mod deadline;
pub mod fields;
pub mod header;
pub mod lines;
pub mod outline;
pub mod units;

use std::borrow::Cow;
use std::collections::HashMap;

use crate::model::{Citation, Plan, Role, Warning};

/// Parse one plan. `path` is recorded as given; `text` must be normalised
/// (see [`crate::text::normalize`]).
pub fn parse(path: &str, text: &str) -> Plan {
    let mut warnings: Vec<Warning> = Vec::new();
    let unsegmented = crate::text::unsegment(text);
    if unsegmented.is_some() {
        warnings.push(Warning {
            line: 0,
            message: "word-segmented text (syllables joined by '_'): underscores read as spaces"
                .into(),
        });
    }
    let text = unsegmented.as_deref().unwrap_or(text);
    // the text is cut into lines twice: for the body and for appendix tables
    let newlines = crate::text::newlines(text);
    let ls = lines::split_at(text, &newlines);
    let ls = lines::cut_navigation(ls, &mut warnings);
    let ls = lines::drop_repeated_blocks(ls, &mut warnings);
    let ls = lines::join_wraps(ls);

    let body_start = outline::find_body_start(&ls, 0);
    let hdr = header::parse(&ls, body_start.unwrap_or(ls.len()), &mut warnings);
    let plan_year = hdr
        .issue_date
        .map(|d| d.year)
        .or(hdr.period.map(|p| p.start));

    let outline = match body_start {
        Some(s) => outline::build(&ls, s, &mut warnings),
        None => {
            warnings.push(Warning {
                line: 0,
                message: "no numbered outline found (no \"I.\" or \"1.\" heading)".into(),
            });
            outline::Outline {
                body_end: ls.len(),
                ..Default::default()
            }
        }
    };
    let body_end_no = ls.get(outline.body_end).map(|l| l.no).unwrap_or(usize::MAX);
    // the lines of the outline: a line cut from `ls` after the body (a
    // navigation block) lies after it too
    let outline_lines = body_start.and_then(|s| {
        let first = ls.get(s)?.no;
        let end = if body_end_no == usize::MAX {
            ls.last().map_or(first, |l| l.no) + 1
        } else {
            body_end_no
        };
        Some(first..end)
    });

    // tasks from labelled fields, section by section. A point whose heading is a
    // field label ("b) Cơ quan thực hiện:", "c) Thời gian thực hiện: ...") is a
    // field of the item above it, so its lines join that item's.
    // (most sections are their own group: their lines are borrowed, not copied)
    let mut groups: Vec<(&str, &str, Cow<'_, [lines::Line]>)> = Vec::new();
    for ((path, heading, own), (_, line_no)) in outline.own_lines.iter().zip(&outline.spans) {
        let point = path
            .rsplit('.')
            .next()
            .is_some_and(|l| l.chars().count() == 1 && l.chars().all(char::is_lowercase));
        if point && fields::label(heading).is_some() {
            if let Some(g) = groups.last_mut() {
                let merged = g.2.to_mut();
                merged.push(lines::Line {
                    no: *line_no,
                    text: Cow::Owned(heading.clone()),
                    piped: false,
                    raw: Cow::Owned(heading.clone()),
                    blank_before: true,
                    marked: heading.contains(['*', '_']),
                });
                merged.extend(ls[own.clone()].iter().cloned());
                continue;
            }
        }
        groups.push((path, heading, Cow::Borrowed(&ls[own.clone()])));
    }
    let mut tasks = Vec::new();
    for (path, heading, own) in &groups {
        tasks.extend(fields::tasks(
            fields::SectionLines {
                path,
                heading,
                lines: own,
                plan_year,
            },
            &mut warnings,
        ));
    }
    // appendix tables after the body
    let refs: Vec<appendix::SectionRef<'_>> = outline
        .own_lines
        .iter()
        .map(|(p, h, _)| appendix::SectionRef {
            path: p,
            heading: h,
        })
        .collect();
    // appendix tables are read from the text itself: their cells span lines
    if let (Some(first), Some(last)) = (ls.get(outline.body_end), ls.last()) {
        // from the first line's start: just after the newline that ends the
        // line before it (line numbers count the lines of `text` from 1)
        let from = crate::text::line_start(&newlines, text.len(), first.no);
        let count = last.no + 1 - first.no;
        let raw: Vec<&str> = crate::text::lines_at(text, &newlines, from)
            .take(count)
            .collect();
        tasks.extend(appendix::tasks(&raw, first.no, &refs, plan_year));
    }

    // citations: the preamble ends at the first numbered part, or at a decision's
    // enacting words ("QUYẾT ĐỊNH:") or first article ("Điều 1.")
    let articles = ls.iter().position(|l| {
        // both start with a letter folding to 'q' or 'd'; then both tests need
        // at most the first 12 folded chars
        let first = l.text.chars().next().map(crate::text::fold_char);
        if !matches!(first, Some('q' | 'd')) {
            return false;
        }
        let f = crate::text::fold_prefix(&l.text, 12);
        f == "quyet dinh:"
            || (f.starts_with("dieu ") && f[5..].starts_with(|c: char| c.is_ascii_digit()))
    });
    let preamble_end = body_start
        .unwrap_or(ls.len())
        .min(articles.unwrap_or(usize::MAX));
    let mut citations: Vec<Citation> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    // where the id parser was tried on the line, for both searches
    let mut reads = citation::Reads::default();
    for (idx, line) in ls.iter().enumerate() {
        let mentions = citation::find_reading(&line.text, plan_year, &mut reads);
        for raw in citation::unreadable_given(&line.text, &reads) {
            warnings.push(Warning {
                line: line.no,
                message: format!("citation not understood: \"{raw}\""),
            });
        }
        for m in mentions {
            if m.attached_to || hdr.doc_number.as_deref() == Some(m.id.as_str()) {
                continue;
            }
            let role = if idx < preamble_end {
                Role::Basis
            } else {
                Role::Reference
            };
            match by_id.get(&m.id) {
                Some(&k) => {
                    let c = &mut citations[k];
                    if c.date.is_none() {
                        c.date = m.date;
                    }
                    if role == Role::Basis {
                        c.role = Role::Basis;
                    }
                }
                None => {
                    by_id.insert(m.id.clone(), citations.len());
                    citations.push(Citation {
                        id: m.id,
                        kind: m.kind,
                        number: m.number,
                        date: m.date,
                        issuer: m.issuer,
                        role,
                        section: if idx < preamble_end {
                            None
                        } else {
                            outline.section_at(line.no, body_end_no)
                        },
                        raw: m.raw,
                        line: line.no,
                    });
                }
            }
        }
    }

    let assignments = assignment::find(&outline.sections, plan_year);
    warnings.sort_by_key(|w| w.line);
    Plan {
        path: path.to_string(),
        source_format: Default::default(),
        encoding: "utf-8".into(),
        doc_number: hdr.doc_number,
        doc_symbol: hdr.doc_symbol,
        doc_type: hdr.doc_type,
        title: hdr.title,
        issuer: hdr.issuer,
        province: hdr.province.map(|p| p.name.to_string()),
        province_current: hdr.province.map(|p| p.current.to_string()),
        issue_date: hdr.issue_date.map(|d| d.iso()),
        year: hdr.issue_date.map(|d| d.year),
        period: hdr.period,
        signer: hdr.signer,
        attached_plan: hdr.attached,
        sections: outline.sections,
        tasks,
        assignments,
        citations,
        warnings,
        outline_lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appendix_rows_are_read_from_the_line_after_the_body() {
        let text = "KẾ HOẠCH\nTriển khai công tác trợ giúp pháp lý năm 2024\n\
                    I. MỤC ĐÍCH\n1. Nâng cao chất lượng.\nII. NHIỆM VỤ\n\
                    1. Tổ chức tập huấn.\nNơi nhận:\n- Như trên;\n\n\
                    PHỤ LỤC\n| STT | Nội dung | Cơ quan chủ trì | Thời gian |\n\
                    |---|---|---|---|\n| 1 | Tập huấn cho trợ giúp viên | Sở Tư pháp | Quý II |\n";
        let plan = parse("t.txt", &crate::text::normalize(text));
        let row = plan
            .tasks
            .iter()
            .find(|t| t.text.contains("Tập huấn cho trợ giúp viên"))
            .expect("the appendix row is a task");
        assert_eq!(row.source, crate::model::TaskSource::Appendix);
        assert_eq!(row.lead, vec!["Sở Tư pháp"]);
    }
}
