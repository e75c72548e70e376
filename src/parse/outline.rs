//! The numbered outline: headings (I., 1., 1.1., 3.1.1., "Hoạt động N:", a)) and
//! the tree of sections they make.
//!
//! Owns: recognising a heading line (nom), where the body starts and ends, the
//! section paths of `shared/GOLD.md`, and repairs for damaged numbering — arabic
//! items before the first roman part get the part they lost, a numbering that
//! restarts at 1 opens the next part, and a number missing between two items is
//! recovered when the earlier item holds two "Hoạt động:" blocks. Every repair
//! is reported as a warning.

use std::ops::Range;

use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case};
use nom::character::complete::{char as ch, digit1, satisfy, space0, space1};
use nom::combinator::{opt, recognize};
use nom::multi::many1;
use nom::{IResult, Parser};

use super::fields::{self, Field};
use super::lines::Line;
use crate::model::{Section, Warning};
use crate::text;

/// The kind of a heading line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Label {
    /// `II.` — a part
    Roman(u32),
    /// `3.` or `Hoạt động 3:` — an item
    Arabic(u32),
    /// `3.1.1.` — a sub-item (components)
    Dotted(Vec<u32>),
    /// `a)` — a point
    Point(char),
}

/// A heading line: its label and the text after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub label: Label,
    pub text: String,
}

const ROMANS: &[&str] = &[
    "XX", "XIX", "XVIII", "XVII", "XVI", "XV", "XIV", "XIII", "XII", "XI", "X", "IX", "VIII",
    "VII", "VI", "V", "IV", "III", "II", "I",
];

/// Value of a roman numeral I..XX.
pub fn roman_value(s: &str) -> Option<u32> {
    const TABLE: &[&str] = &[
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
        "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
    ];
    TABLE.iter().position(|r| *r == s).map(|p| p as u32 + 1)
}

/// Roman numeral for 1..20.
pub fn roman(n: u32) -> String {
    const TABLE: &[&str] = &[
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
        "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
    ];
    TABLE
        .get((n as usize).wrapping_sub(1))
        .map(|s| s.to_string())
        .unwrap_or_else(|| n.to_string())
}

fn roman_numeral(input: &str) -> IResult<&str, &str> {
    // every numeral here, and the capitalised copies below, start with I, V or X
    if !input.starts_with(['I', 'V', 'X']) {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Tag,
        )));
    }
    for r in ROMANS {
        if let Some(rest) = input.strip_prefix(r) {
            if !rest.starts_with(['I', 'V', 'X', 'i', 'v', 'x']) {
                return Ok((rest, &input[..r.len()]));
            }
        }
    }
    // a copy that capitalised only the first letter: "Ii.", "Iii.", "Iv."
    let run: String = input
        .chars()
        .take_while(|c| "IVXivx".contains(*c))
        .collect();
    if run.len() >= 2
        && run.starts_with(['I', 'V', 'X'])
        && run[1..].chars().all(|c| c.is_lowercase())
    {
        let upper = run.to_uppercase();
        if let Some(r) = ROMANS.iter().find(|r| **r == upper) {
            return Ok((&input[run.len()..], r));
        }
    }
    Err(nom::Err::Error(nom::error::Error::new(
        input,
        nom::error::ErrorKind::Tag,
    )))
}

fn end_of_label(input: &str) -> IResult<&str, ()> {
    if input.is_empty() {
        return Ok((input, ()));
    }
    let (rest, _) = space1(input)?;
    Ok((rest, ()))
}

fn roman_heading(input: &str) -> IResult<&str, Label> {
    let (rest, (r, _, _)) = (
        roman_numeral,
        alt((ch('.'), ch('/'), ch(')'))),
        end_of_label,
    )
        .parse(input)?;
    Ok((rest, Label::Roman(roman_value(r).unwrap_or(0))))
}

fn small_number(input: &str) -> IResult<&str, u32> {
    let (rest, d) = digit1(input)?;
    if d.len() > 2 {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Digit,
        )));
    }
    Ok((rest, d.parse().unwrap_or(0)))
}

/// Deepest dotted label read as a heading ("1.2.3.4.5.6.").
const MAX_DOTTED: usize = 6;

fn dotted_heading(input: &str) -> IResult<&str, Label> {
    let (rest, (first, more, _, _)) = (
        small_number,
        many1((ch('.'), small_number)),
        opt(ch('.')),
        end_of_label,
    )
        .parse(input)?;
    let mut v = vec![first];
    v.extend(more.into_iter().map(|(_, n)| n));
    // real outlines stop at four or five levels; a longer chain is not a heading
    if v.len() > MAX_DOTTED {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::TooLarge,
        )));
    }
    Ok((rest, Label::Dotted(v)))
}

fn arabic_heading(input: &str) -> IResult<&str, Label> {
    let (rest, (n, _, _)) = (small_number, alt((ch('.'), ch(')'))), end_of_label).parse(input)?;
    Ok((rest, Label::Arabic(n)))
}

fn activity_heading(input: &str) -> IResult<&str, Label> {
    let (rest, (_, _, n, _, _, _)) = (
        tag_no_case("Hoạt động"),
        space1,
        small_number,
        space0,
        alt((ch(':'), ch('.'))),
        space0,
    )
        .parse(input)?;
    Ok((rest, Label::Arabic(n)))
}

fn point_heading(input: &str) -> IResult<&str, Label> {
    let (rest, (c, _, _)) = (
        satisfy(|c| c.is_ascii_lowercase() || c == 'đ'),
        ch(')'),
        end_of_label,
    )
        .parse(input)?;
    Ok((rest, Label::Point(c)))
}

/// Whether `input` can start one of the labels below (cheap, so the many lines
/// that are not headings skip the parsers): a roman numeral (I, V or X), a digit,
/// "Hoạt động" (in any case) or a point letter followed by ')'.
fn may_open_label(input: &str) -> bool {
    let mut it = input.chars();
    match it.next() {
        Some('I' | 'V' | 'X' | 'H' | 'h') => true,
        Some(c) if c.is_ascii_digit() => true,
        Some(c) if c.is_ascii_lowercase() || c == 'đ' => it.next() == Some(')'),
        _ => false,
    }
}

/// "Phần II." / "PHẦN II:" style part labels.
fn part_word(input: &str) -> IResult<&str, &str> {
    recognize((alt((tag("Phần"), tag("PHẦN"))), space1)).parse(input)
}

/// Recognise a heading line. The text after the label must look like a heading:
/// empty (the heading follows on the next line) or starting with a capital,
/// digit or quote.
pub fn heading(line: &str) -> Option<Heading> {
    heading_parts(line).map(|(label, text)| Heading {
        label,
        text: text.to_string(),
    })
}

/// Whether `line` is a heading ([`heading`], without copying its text).
pub fn is_heading(line: &str) -> bool {
    heading_parts(line).is_some()
}

/// [`heading`]'s label and the text after it, borrowed from `line`.
fn heading_parts(line: &str) -> Option<(Label, &str)> {
    let line = crate::text::trim(line);
    // both spellings of the part word start with 'P': most lines are spared the parser
    let input = match line.starts_with('P').then(|| part_word(line)) {
        Some(Ok((rest, _))) => rest,
        _ => line,
    };
    if !may_open_label(input) {
        return None;
    }
    let parsed = alt((
        roman_heading,
        dotted_heading,
        arabic_heading,
        activity_heading,
        point_heading,
    ))
    .parse(input);
    let (rest, label) = parsed.ok()?;
    let rest = crate::text::trim(rest);
    let first = rest.chars().next();
    let looks_like_heading = match first {
        None => true,
        Some(c) => {
            c.is_uppercase()
                || c.is_ascii_digit()
                || "\"“‘'(«".contains(c)
                || matches!(label, Label::Point(_))
                // a roman part in a lower-cased copy: "I. tình hình nhà ở ..."
                || (matches!(label, Label::Roman(_)) && rest.split_whitespace().count() >= 2)
        }
    };
    if !looks_like_heading {
        return None;
    }
    // a roman part must read as a heading, not "I. e." noise
    if let Label::Roman(0) = label {
        return None;
    }
    if let Label::Arabic(0) = label {
        return None;
    }
    // "Hoạt động N:" inside a longer arabic heading keeps the arabic label
    Some((label, rest))
}

/// Whether a line ends the body: recipients, the signature block or an appendix.
pub fn ends_body(line: &Line) -> bool {
    let head = text::head(&line.text, 12);
    if ["noi nhan", "phu luc", "(kem theo"]
        .iter()
        .any(|p| text::fold_starts_with(head, p))
    {
        return true;
    }
    is_signature_title(&line.text)
}

/// A signature title line: "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH".
pub fn is_signature_title(t: &str) -> bool {
    let t = t.trim();
    if t.chars().any(|c| c.is_lowercase()) || t.chars().count() > 60 {
        return false;
    }
    let f = text::fold(t);
    // each prefix as `trim_start_matches` drops it (every repeat), without
    // setting up a substring searcher
    let mut f = f.as_str();
    for p in ["kt.", "tm.", "tl.", "q."] {
        while let Some(rest) = f.strip_prefix(p) {
            f = rest;
        }
    }
    let f = f.trim();
    let titles = [
        "giam doc",
        "pho giam doc",
        "chu tich",
        "pho chu tich",
        "truong ban",
        "pho truong ban",
        "bi thu",
        "pho bi thu",
        "chanh van phong",
        "uy ban nhan dan",
        "ban thuong truc",
        "truong phong",
        "thu truong",
        "ban chi dao",
        "hoi dong",
        "truong tieu ban",
    ];
    titles.iter().any(|x| f.starts_with(x))
        && (t.starts_with("KT")
            || t.starts_with("TM")
            || t.starts_with("TL")
            || titles.contains(&f))
}

/// A flat outline node before the tree is built.
#[derive(Debug, Clone)]
struct Node {
    label: String,
    level: usize,
    path: String,
    heading: String,
    line_no: usize,
    /// The lines after its heading up to the next heading (indices into the
    /// body lines): a section's own lines follow one another.
    own: Range<usize>,
}

/// The outline of a plan.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    pub sections: Vec<Section>,
    /// (path, first line no, heading) of every section in document order, for placing things.
    pub spans: Vec<(String, usize)>,
    /// index of the first heading line in the lines given, if any
    pub body_start: Option<usize>,
    /// index one past the last body line
    pub body_end: usize,
    /// per-section own lines, for task extraction: (path, heading, lines as
    /// indices into the lines given)
    pub own_lines: Vec<(String, String, Range<usize>)>,
}

impl Outline {
    /// The path of the section containing line `no`, if any.
    pub fn section_at(&self, no: usize, body_end_no: usize) -> Option<String> {
        if no >= body_end_no {
            return None;
        }
        self.spans
            .iter()
            .rev()
            .find(|(_, start)| *start <= no && *start > 0)
            .map(|(p, _)| p.clone())
    }
}

/// Find the first heading that opens the body: a roman part, or an arabic "1.".
pub fn find_body_start(lines: &[Line], from: usize) -> Option<usize> {
    (from..lines.len()).find(|&i| {
        let l = &lines[i];
        if l.piped && l.text.is_empty() {
            return false;
        }
        match heading(&l.text) {
            Some(Heading {
                label: Label::Roman(1),
                ..
            })
            | Some(Heading {
                label: Label::Arabic(1),
                ..
            }) => true,
            Some(Heading {
                label: Label::Roman(n),
                ..
            }) => n <= 2,
            _ => false,
        }
    })
}

/// Build the outline from `lines[start..]`.
pub fn build(lines: &[Line], start: usize, warnings: &mut Vec<Warning>) -> Outline {
    let end = (start..lines.len())
        .find(|&i| i > start && ends_body(&lines[i]))
        .unwrap_or(lines.len());
    let romans: Vec<(usize, u32)> = (start..end)
        .filter_map(|i| match heading_parts(&lines[i].text) {
            Some((Label::Roman(n), _)) => Some((i, n)),
            _ => None,
        })
        .collect();
    let later_romans: Vec<u32> = romans.iter().map(|(_, n)| *n).collect();

    let mut nodes: Vec<Node> = Vec::new();
    let mut part: Option<u32> = None;
    let mut last_arabic: Option<u32> = None;
    let mut seen_romans: Vec<u32> = Vec::new();
    let mut i = start;
    while i < end {
        let line = &lines[i];
        let h = if line.piped && line.text.is_empty() {
            None
        } else {
            heading(&line.text)
        };
        let Some(h) = h else {
            if let Some(n) = nodes.last_mut() {
                n.own = if n.own.is_empty() {
                    i..i + 1
                } else {
                    n.own.start..i + 1
                };
            }
            i += 1;
            continue;
        };
        // a number standing alone takes the next line as its heading
        let mut heading_text = h.text.clone();
        let mut consumed = 1;
        if heading_text.is_empty()
            && i + 1 < end
            && !is_heading(&lines[i + 1].text)
            && fields::label(&lines[i + 1].text).is_none()
        {
            heading_text = lines[i + 1].text.to_string();
            consumed = 2;
        }
        match h.label {
            Label::Roman(mut n) => {
                // a part number repeated where the next part skips one: "II, II, IV" is "II, III, IV"
                let next_roman = romans.iter().find(|(k, _)| *k > i).map(|(_, m)| *m);
                if part == Some(n)
                    && next_roman.is_none_or(|m| m == n + 2)
                    && !seen_romans.contains(&(n + 1))
                {
                    warnings.push(Warning {
                        line: line.no,
                        message: format!(
                            "part {} appears twice; the second is read as part {}",
                            roman(n),
                            roman(n + 1)
                        ),
                    });
                    n += 1;
                }
                if seen_romans.is_empty() && n > 1 && part.is_none() && !nodes.is_empty() {
                    // items before the first part belong to the part(s) lost before it
                    let implied = roman(n - 1);
                    let first_line = nodes.first().map(|n| n.line_no).unwrap_or(0);
                    warnings.push(Warning {
                        line: first_line,
                        message: format!("items before part {} have no part heading; placed under an inferred part {}", roman(n), implied),
                    });
                    for node in nodes.iter_mut() {
                        node.level += 1;
                        node.path = format!("{implied}.{}", node.path);
                    }
                    nodes.insert(
                        0,
                        Node {
                            label: implied.clone(),
                            level: 0,
                            path: implied,
                            heading: String::new(),
                            line_no: 0,
                            own: 0..0,
                        },
                    );
                }
                if let Some(p) = part {
                    if n != p + 1 {
                        warnings.push(Warning {
                            line: line.no,
                            message: format!(
                                "part {} follows part {} out of order",
                                roman(n),
                                roman(p)
                            ),
                        });
                    }
                }
                part = Some(n);
                seen_romans.push(n);
                last_arabic = None;
                nodes.push(Node {
                    label: roman(n),
                    level: 0,
                    path: roman(n),
                    heading: heading_text,
                    line_no: line.no,
                    own: 0..0,
                });
            }
            Label::Arabic(n) => {
                if let (Some(prev), Some(p)) = (last_arabic, part) {
                    if n == 1 && prev >= 1 {
                        let next = p + 1;
                        if !later_romans.contains(&next) {
                            warnings.push(Warning {
                                line: line.no,
                                message: format!("numbering restarts at 1 after {prev} without a part heading; placed under an inferred part {}", roman(next)),
                            });
                            part = Some(next);
                            seen_romans.push(next);
                            nodes.push(Node {
                                label: roman(next),
                                level: 0,
                                path: roman(next),
                                heading: String::new(),
                                line_no: line.no,
                                own: 0..0,
                            });
                        }
                    } else if n == prev + 2 {
                        split_missing(&mut nodes, lines, prev + 1, part, warnings);
                    } else if n != prev + 1 {
                        warnings.push(Warning {
                            line: line.no,
                            message: format!(
                                "item {n} follows item {prev}: numbering out of order"
                            ),
                        });
                    }
                }
                last_arabic = Some(n);
                let path = match part {
                    Some(p) => format!("{}.{}", roman(p), n),
                    None => n.to_string(),
                };
                nodes.push(Node {
                    label: n.to_string(),
                    level: 1,
                    path,
                    heading: heading_text,
                    line_no: line.no,
                    own: 0..0,
                });
            }
            Label::Dotted(ref v) => {
                let label = v
                    .iter()
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>()
                    .join(".");
                let path = match part {
                    Some(p) => format!("{}.{}", roman(p), label),
                    None => label.clone(),
                };
                nodes.push(Node {
                    label,
                    level: v.len(),
                    path,
                    heading: heading_text,
                    line_no: line.no,
                    own: 0..0,
                });
            }
            Label::Point(c) => {
                // points hang under the nearest numbered section, not under another point
                let base = nodes.iter().rev().find(|n| !is_point_label(&n.label));
                let (path, level) = match base {
                    Some(b) => (format!("{}.{}", b.path, c), b.level + 1),
                    None => (c.to_string(), 1),
                };
                nodes.push(Node {
                    label: c.to_string(),
                    level,
                    path,
                    heading: heading_text,
                    line_no: line.no,
                    own: 0..0,
                });
            }
        }
        if consumed == 2 {
            i += 1;
        }
        i += 1;
    }

    // duplicates
    let mut seen: Vec<&str> = Vec::new();
    for n in &nodes {
        if seen.contains(&n.path.as_str()) {
            warnings.push(Warning {
                line: n.line_no,
                message: format!("section {} appears twice", n.path),
            });
        } else {
            seen.push(&n.path);
        }
    }

    let spans = nodes.iter().map(|n| (n.path.clone(), n.line_no)).collect();
    let own_lines = nodes
        .iter()
        .map(|n| (n.path.clone(), n.heading.clone(), n.own.clone()))
        .collect();
    let sections = tree(&nodes, lines);
    Outline {
        sections,
        spans,
        body_start: Some(start),
        body_end: end,
        own_lines,
    }
}

fn is_point_label(label: &str) -> bool {
    let mut it = label.chars();
    matches!((it.next(), it.next()), (Some(c), None) if c.is_lowercase())
}

/// Recover a missing item number: the previous item holds two "Hoạt động:" blocks,
/// the second of which is the missing item.
fn split_missing(
    nodes: &mut Vec<Node>,
    lines: &[Line],
    missing: u32,
    part: Option<u32>,
    warnings: &mut Vec<Warning>,
) {
    let Some(prev_idx) = nodes.iter().rposition(|n| n.level == 1) else {
        return;
    };
    if prev_idx != nodes.len() - 1 {
        return; // the previous item has children; do not guess
    }
    let starts: Vec<usize> = nodes[prev_idx]
        .own
        .clone()
        .filter(|&k| fields::label(&lines[k].text).is_some_and(|l| l.field == Field::Activity))
        .collect();
    if starts.len() < 2 {
        warnings.push(Warning {
            line: nodes[prev_idx].line_no,
            message: format!("item {missing} is missing from the numbering"),
        });
        return;
    }
    let cut = starts[starts.len() - 1];
    let moved = cut..nodes[prev_idx].own.end;
    nodes[prev_idx].own.end = cut;
    let first_line = lines[cut].no;
    let path = match part {
        Some(p) => format!("{}.{}", roman(p), missing),
        None => missing.to_string(),
    };
    warnings.push(Warning {
        line: first_line,
        message: format!("item {missing} has lost its number; inferred from the second 'Hoạt động' block of the item before"),
    });
    nodes.push(Node {
        label: missing.to_string(),
        level: 1,
        path,
        heading: String::new(),
        line_no: first_line,
        own: moved,
    });
}

fn tree(nodes: &[Node], lines: &[Line]) -> Vec<Section> {
    fn attach(stack: &mut Vec<(usize, Section)>, roots: &mut Vec<Section>, min_level: usize) {
        while let Some((lvl, _)) = stack.last() {
            if *lvl < min_level {
                break;
            }
            let (_, sec) = stack.pop().expect("non-empty");
            match stack.last_mut() {
                Some((_, parent)) => parent.children.push(sec),
                None => roots.push(sec),
            }
        }
    }
    let mut roots = Vec::new();
    let mut stack: Vec<(usize, Section)> = Vec::new();
    for n in nodes {
        attach(&mut stack, &mut roots, n.level);
        // its lines that hold text, one a line
        let mut text = String::new();
        for l in lines[n.own.clone()].iter().filter(|l| !l.text.is_empty()) {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&l.text);
        }
        stack.push((
            n.level,
            Section {
                label: n.label.clone(),
                path: n.path.clone(),
                heading: n.heading.clone(),
                text,
                line: n.line_no,
                children: vec![],
            },
        ));
    }
    attach(&mut stack, &mut roots, 0);
    roots
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::lines;

    #[test]
    fn headings_are_recognised() {
        assert_eq!(heading("II. NỘI DUNG").unwrap().label, Label::Roman(2));
        assert_eq!(
            heading("3.1.1. Thực hiện tốt").unwrap().label,
            Label::Dotted(vec![3, 1, 1])
        );
        assert_eq!(
            heading("1.1 Tiếp tục").unwrap().label,
            Label::Dotted(vec![1, 1])
        );
        assert_eq!(heading("2. Yêu cầu").unwrap().label, Label::Arabic(2));
        assert_eq!(
            heading("Hoạt động 4: Rà soát").unwrap().label,
            Label::Arabic(4)
        );
        assert_eq!(heading("b) điểm b").unwrap().label, Label::Point('b'));
        assert_eq!(
            heading("Iii. nội dung thực hiện").unwrap().label,
            Label::Roman(3)
        );
        assert!(heading("2014 - 2020").is_none());
        assert!(heading("1.1.1.1.1.1.1. Quá sâu").is_none());
        assert!(heading("1. các việc").is_none());
        assert!(heading("Thời gian: Quý I").is_none());
    }

    #[test]
    fn paths_follow_the_gold_rules() {
        let text = "I. MỤC ĐÍCH\n1. Mục đích\nII. NỘI DUNG\n1. Việc\n1.1. Con\n3.1.1. Cháu\nHoạt động 4: Bốn\na) Điểm\n";
        let ls = lines::split(text);
        let mut w = Vec::new();
        let o = build(&ls, 0, &mut w);
        let paths: Vec<_> = o.spans.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            vec!["I", "I.1", "II", "II.1", "II.1.1", "II.3.1.1", "II.4", "II.4.a"]
        );
    }

    #[test]
    fn lost_part_and_restart_are_repaired() {
        let text = "1. Mục tiêu\nA\n2. Yêu cầu\nB\nII. NỘI DUNG\n1. Một\n2. Hai\n1. Sở Tư pháp\n";
        let ls = lines::split(text);
        let mut w = Vec::new();
        let o = build(&ls, 0, &mut w);
        let paths: Vec<_> = o.spans.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            vec!["I", "I.1", "I.2", "II", "II.1", "II.2", "III", "III.1"]
        );
        assert_eq!(w.len(), 2);
    }
}
