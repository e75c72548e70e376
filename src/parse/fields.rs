//! Task fields: labelled lines ("Đơn vị chủ trì:", "Thời gian thực hiện:", ...)
//! and how they group into tasks.
//!
//! Owns the label table and the grouping rule of `shared/GOLD.md`: each item
//! followed by its own field lines is a task; several items sharing one trailing
//! set of fields form one task; a task's text is what precedes its fields (or the
//! section heading when nothing does).

use super::lines::Line;
use super::{deadline, units};
use crate::model::{Task, TaskSource, Warning};
use crate::text;

/// What a labelled line gives a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Lead,
    Partners,
    Performers,
    Deadline,
    Outputs,
    Funding,
    /// "Hoạt động:", "Nội dung:": the text of a new task.
    Activity,
}

/// Field labels (accent-folded, lower case) and what they give. Longest first
/// when matched. Source: the variants listed in `shared/DOMAIN.md`, "Task fields".
const LABELS: &[(&str, Field)] = &[
    ("don vi chu tri", Field::Lead),
    ("co quan chu tri", Field::Lead),
    ("co quan, don vi chu tri", Field::Lead),
    ("don vi, co quan chu tri", Field::Lead),
    ("don vi chu tri thuc hien", Field::Lead),
    ("chu tri thuc hien", Field::Lead),
    ("chu tri", Field::Lead),
    ("don vi phoi hop", Field::Partners),
    ("co quan phoi hop", Field::Partners),
    ("co quan, don vi phoi hop", Field::Partners),
    ("don vi phoi hop thuc hien", Field::Partners),
    ("phoi hop thuc hien", Field::Partners),
    ("phoi hop", Field::Partners),
    ("co quan, don vi thuc hien", Field::Performers),
    ("don vi, co quan thuc hien", Field::Performers),
    ("co quan thuc hien", Field::Performers),
    ("don vi thuc hien", Field::Performers),
    ("trach nhiem thuc hien", Field::Performers),
    ("phan cong thuc hien", Field::Performers),
    ("thuc hien", Field::Performers),
    ("thoi gian thuc hien", Field::Deadline),
    ("thoi gian hoan thanh", Field::Deadline),
    ("thoi han hoan thanh", Field::Deadline),
    ("thoi han thuc hien", Field::Deadline),
    ("tien do thuc hien", Field::Deadline),
    ("tien do hoan thanh", Field::Deadline),
    ("thoi gian", Field::Deadline),
    ("thoi han", Field::Deadline),
    ("tien do", Field::Deadline),
    ("san pham, ket qua thuc hien", Field::Outputs),
    ("san pham, ket qua", Field::Outputs),
    ("san pham dau ra", Field::Outputs),
    ("ket qua thuc hien", Field::Outputs),
    ("ket qua dau ra", Field::Outputs),
    ("san pham", Field::Outputs),
    ("ket qua", Field::Outputs),
    ("kinh phi thuc hien", Field::Funding),
    ("nguon kinh phi", Field::Funding),
    ("kinh phi", Field::Funding),
    ("noi dung hoat dong", Field::Activity),
    ("noi dung thuc hien", Field::Activity),
    ("hoat dong", Field::Activity),
    ("noi dung", Field::Activity),
    ("nhiem vu", Field::Activity),
];

/// A labelled line split into its label and value.
#[derive(Debug, Clone, PartialEq)]
pub struct Labelled {
    pub field: Field,
    /// The label as written.
    pub label: String,
    /// The value after the colon, trimmed (may be empty).
    pub value: String,
}

/// Strip a leading list marker ("- ", "+ ", "• ", "– "). Returns the marker and the rest.
pub fn bullet(line: &str) -> (Option<char>, &str) {
    let t = line.trim_start();
    for m in ['-', '+', '•', '–', '·', '*', '−'] {
        if let Some(rest) = t.strip_prefix(m) {
            if rest.starts_with(char::is_whitespace) || rest.is_empty() {
                return (Some(if m == '+' { '+' } else { '-' }), rest.trim_start());
            }
            // "-Chủ trì:" without a space
            if m != '+' && rest.starts_with(char::is_alphabetic) {
                return (Some('-'), rest);
            }
        }
    }
    (None, t)
}

/// The byte offset of the first ':' or '：' (EF BC 9A) in `s`: a vector scan
/// for their first bytes (what `str::find` with the two chars reads char by
/// char; most lines hold neither).
fn first_colon(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    memchr::memchr2_iter(b':', 0xEF, b)
        .find(|&i| b[i] == b':' || b[i..].starts_with("：".as_bytes()))
}

/// Recognise a field label at the start of a line (after an optional bullet).
pub fn label(line: &str) -> Option<Labelled> {
    let (_, body) = bullet(line);
    // the label ends at the first colon, within a few words of the line's start
    let colon_at = first_colon(body)?;
    if colon_at > 200 {
        return None;
    }
    // fold only as far as the first char that folds to a colon: the label is
    // before it (a longer label cannot fit the head, so is not taken either way)
    let mut folded = String::with_capacity(colon_at + 3);
    let mut split_at = None;
    for (b, c) in body.char_indices() {
        let f = text::fold_char(c);
        folded.push(f);
        if f == ':' || f == '：' {
            split_at = Some(b);
            break;
        }
    }
    let split_at = split_at?;
    let colon = folded.len() - folded.chars().next_back().map_or(0, char::len_utf8);
    let head = folded[..colon].trim_end();
    if head.chars().count() > 60 || head.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut best: Option<(usize, Field)> = None;
    for (l, f) in LABELS {
        if !folded.starts_with(l) || best.is_some_and(|(n, _)| l.len() <= n) {
            continue;
        }
        let extra = head[l.len().min(head.len())..].trim();
        // "Đơn vị chủ trì tham mưu thực hiện:" is still a lead label: a few more words may follow
        let extra_words = extra.split_whitespace().count();
        if head.len() >= l.len()
            && (extra.is_empty()
                || (head.as_bytes().get(l.len()) == Some(&b' ') && extra_words <= 4))
        {
            best = Some((l.len(), *f));
        }
    }
    let (_, field) = best?;
    let (label, rest) = body.split_at(split_at);
    let value = rest
        .trim_start()
        .trim_start_matches([':', '：'])
        .trim()
        .to_string();
    Some(Labelled {
        field,
        label: label.trim().to_string(),
        value,
    })
}

#[derive(Default)]
struct Draft {
    text: Vec<String>,
    lead: Vec<String>,
    partners: Vec<String>,
    performers: Vec<String>,
    deadline_raw: Option<String>,
    outputs: Option<String>,
    funding: Option<String>,
    seen: Vec<Field>,
    line: usize,
}

impl Draft {
    fn has_work(&self) -> bool {
        !self.lead.is_empty()
            || !self.partners.is_empty()
            || !self.performers.is_empty()
            || self.deadline_raw.is_some()
    }
}

fn push_units(dst: &mut Vec<String>, value: &str) {
    for u in units::split(value) {
        if !dst.contains(&u) {
            dst.push(u);
        }
    }
}

/// Context for grouping the lines of one section into tasks.
pub struct SectionLines<'a> {
    pub path: &'a str,
    pub heading: &'a str,
    pub lines: &'a [Line<'a>],
    pub plan_year: Option<i32>,
}

/// Group the lines of one section (without its heading) into tasks.
pub fn tasks(sec: SectionLines<'_>, warnings: &mut Vec<Warning>) -> Vec<Task> {
    let mut out = Vec::new();
    let mut pending_text: Vec<String> = Vec::new();
    let mut pending_line = 0usize;
    let mut current: Option<Draft> = None;
    // the field that following items continue, and whether its value was empty
    let mut last: Option<(Field, bool)> = None;
    // a label whose value is empty, waiting for continuation lines
    let mut empty_label: Option<(usize, String)> = None;
    let warn_empty = |e: Option<(usize, String)>, warnings: &mut Vec<Warning>| {
        if let Some((no, l)) = e {
            warnings.push(Warning {
                line: no,
                message: format!("field label \"{l}\" has no value"),
            });
        }
    };

    let flush = |draft: Option<Draft>, out: &mut Vec<Task>, warnings: &mut Vec<Warning>| {
        let Some(d) = draft else { return };
        if !d.has_work() {
            warnings.push(Warning {
                line: d.line,
                message: "labelled fields without a responsible unit or deadline; not a task"
                    .into(),
            });
            return;
        }
        let text = if d.text.is_empty() {
            sec.heading.to_string()
        } else {
            d.text.join("\n")
        };
        out.push(Task {
            section: Some(sec.path.to_string()),
            text,
            lead: d.lead,
            partners: d.partners,
            performers: d.performers,
            deadline: d.deadline_raw.map(|r| deadline::parse(&r, sec.plan_year)),
            outputs: d.outputs,
            funding: d.funding,
            source: TaskSource::Body,
            line: d.line,
        });
    };

    for line in sec.lines {
        let t = line.text.as_ref();
        if t.is_empty() {
            continue;
        }
        let lab = label(t);
        if let Some(e) = empty_label.take() {
            let continued = lab.is_none()
                && last.is_some_and(|(f, empty)| {
                    empty && (bullet(t).0.is_some() || f != Field::Activity)
                });
            // "Cơ quan thực hiện:" heading its own "- Đơn vị chủ trì: ..." lines
            let grouped = last.is_some_and(|(f, _)| f == Field::Performers)
                && lab.as_ref().is_some_and(|l| {
                    matches!(l.field, Field::Lead | Field::Partners | Field::Performers)
                });
            if !continued && !grouped {
                warn_empty(Some(e), warnings);
            }
        }
        if let Some(lab) = lab {
            if lab.value.is_empty() {
                empty_label = Some((line.no, lab.label.clone()));
            }
            if lab.field == Field::Activity {
                flush(current.take(), &mut out, warnings);
                pending_text.clear();
                if !lab.value.is_empty() {
                    pending_text.push(lab.value.clone());
                }
                pending_line = line.no;
                last = Some((Field::Activity, lab.value.is_empty()));
                continue;
            }
            let repeat = current
                .as_ref()
                .is_some_and(|d| d.seen.contains(&lab.field));
            if current.is_none() || repeat {
                flush(current.take(), &mut out, warnings);
                let line_no = if pending_text.is_empty() {
                    line.no
                } else {
                    pending_line
                };
                current = Some(Draft {
                    text: std::mem::take(&mut pending_text),
                    line: line_no,
                    ..Draft::default()
                });
            }
            let d = current.as_mut().expect("draft exists");
            d.seen.push(lab.field);
            let v = lab.value.trim_end_matches(['.', ';']).trim().to_string();
            match lab.field {
                Field::Lead => push_units(&mut d.lead, &v),
                Field::Partners => push_units(&mut d.partners, &v),
                Field::Performers => push_units(&mut d.performers, &v),
                Field::Deadline if !v.is_empty() => d.deadline_raw = Some(v.clone()),
                Field::Outputs if !v.is_empty() => d.outputs = Some(v.clone()),
                Field::Funding if !v.is_empty() => d.funding = Some(v.clone()),
                _ => {}
            }
            last = Some((lab.field, lab.value.is_empty()));
            continue;
        }
        let (mark, body) = bullet(t);
        // continuation of the last field
        if let Some((field, was_empty)) = last {
            let continues = match mark {
                Some('+') => true,
                Some(_) => was_empty,
                None => was_empty && field != Field::Activity,
            };
            if continues {
                match (field, current.as_mut()) {
                    (Field::Activity, _) => {
                        pending_text.push(t.to_string());
                        continue;
                    }
                    (Field::Lead, Some(d)) => {
                        push_units(&mut d.lead, body);
                        continue;
                    }
                    (Field::Partners, Some(d)) => {
                        push_units(&mut d.partners, body);
                        continue;
                    }
                    (Field::Performers, Some(d)) => {
                        push_units(&mut d.performers, body);
                        continue;
                    }
                    (Field::Deadline, Some(d)) if mark.is_none() && d.deadline_raw.is_none() => {
                        d.deadline_raw = Some(body.trim_end_matches(['.', ';']).to_string());
                        last = Some((field, false));
                        continue;
                    }
                    (Field::Outputs, Some(d)) => {
                        let o = d.outputs.get_or_insert_with(String::new);
                        if !o.is_empty() {
                            o.push('\n');
                        }
                        o.push_str(t);
                        continue;
                    }
                    (Field::Funding, Some(d)) => {
                        let o = d.funding.get_or_insert_with(String::new);
                        if !o.is_empty() {
                            o.push('\n');
                        }
                        o.push_str(t);
                        continue;
                    }
                    _ => {}
                }
            }
        }
        // a text line: it ends the current task and starts the next one's text
        if let Some(d) = current.take() {
            flush(Some(d), &mut out, warnings);
            pending_text.clear();
        }
        if let Some((Field::Activity, _)) = last {
            pending_text.push(t.to_string());
            continue;
        }
        if pending_text.is_empty() {
            pending_line = line.no;
        }
        pending_text.push(t.to_string());
        last = None;
    }
    warn_empty(empty_label.take(), warnings);
    flush(current.take(), &mut out, warnings);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn first_colon_is_where_find_puts_it(s in "([a-zđ ]|:|：|ｚ|ế|\u{ff1b}){0,20}") {
            prop_assert_eq!(first_colon(&s), s.find([':', '：']));
        }
    }
    use crate::parse::lines;

    #[test]
    fn labels_are_recognised_in_all_dresses() {
        let l = label("- Đơn vị chủ trì: Trung tâm").unwrap();
        assert_eq!((l.field, l.value.as_str()), (Field::Lead, "Trung tâm"));
        let l = label("- Cơ quan, đơn vị thực hiện:").unwrap();
        assert_eq!((l.field, l.value.as_str()), (Field::Performers, ""));
        assert_eq!(
            label("Thời gian thực hiện: Quý II năm 2024").unwrap().field,
            Field::Deadline
        );
        assert_eq!(
            label("Kinh phí thực hiện: Ngân sách").unwrap().field,
            Field::Funding
        );
        assert!(label("Thực hiện chương trình công tác năm 2024").is_none());
        assert!(label("Kinh phí thực hiện được đảm bảo").is_none());
        let l = label("Đơn vị chủ trì tham mưu thực hiện: Sở Tư pháp.").unwrap();
        assert_eq!((l.field, l.value.as_str()), (Field::Lead, "Sở Tư pháp."));
        assert!(label("Thời gian thực hiện các nhiệm vụ của kế hoạch năm 2025: như sau").is_none());
    }

    fn run(text: &str) -> Vec<Task> {
        let ls = lines::split(text);
        let mut w = Vec::new();
        tasks(
            SectionLines {
                path: "II.1",
                heading: "Tiêu đề",
                lines: &ls,
                plan_year: Some(2024),
            },
            &mut w,
        )
    }

    #[test]
    fn each_item_with_its_fields_is_a_task() {
        let t = run("- Việc một.\nĐơn vị thực hiện: Trung tâm Trợ giúp pháp lý.\nThời gian thực hiện: Cả năm 2024.\n- Việc hai.\nĐơn vị thực hiện: Trung tâm Trợ giúp pháp lý.\nThời gian thực hiện: Quý II năm 2024.");
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].text, "- Việc một.");
        assert_eq!(
            t[1].deadline.as_ref().unwrap().start.as_deref(),
            Some("2024-04-01")
        );
        assert_eq!(t[1].performers, vec!["Trung tâm Trợ giúp pháp lý"]);
    }

    #[test]
    fn items_sharing_fields_are_one_task() {
        let t = run("- Việc một.\n- Việc hai.\nThời gian thực hiện: Quý IV năm 2024");
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].text, "- Việc một.\n- Việc hai.");
    }

    #[test]
    fn plus_items_continue_a_unit_field() {
        let t = run("- Hoạt động: Làm việc A.\n- Cơ quan, đơn vị thực hiện:\n+ Sở Tư pháp cung cấp tài liệu.\n+ Báo Cà Mau, Đài Phát thanh xây dựng chuyên mục.\n- Thời gian thực hiện: Thường xuyên.\n- Sản phẩm: Chuyên mục.");
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].text, "Làm việc A.");
        assert_eq!(
            t[0].performers,
            vec!["Sở Tư pháp", "Báo Cà Mau", "Đài Phát thanh"]
        );
        assert_eq!(t[0].outputs.as_deref(), Some("Chuyên mục"));
    }

    #[test]
    fn an_empty_label_is_a_warning() {
        let ls = lines::split("- Việc.\n- Đơn vị chủ trì:\n- Thời gian thực hiện: Quý II năm 2024");
        let mut w = Vec::new();
        let t = tasks(
            SectionLines {
                path: "II.1",
                heading: "H",
                lines: &ls,
                plan_year: Some(2024),
            },
            &mut w,
        );
        assert_eq!(t.len(), 1);
        assert_eq!(w.len(), 1);
        assert_eq!(
            (w[0].line, w[0].message.as_str()),
            (2, "field label \"Đơn vị chủ trì\" has no value")
        );
    }

    #[test]
    fn heading_is_the_text_when_fields_follow_it() {
        let t = run("- Đơn vị chủ trì: Trung tâm\n- Thời gian thực hiện: Tháng 8/2022.");
        assert_eq!(t[0].text, "Tiêu đề");
        assert_eq!(t[0].lead, vec!["Trung tâm"]);
    }
}
