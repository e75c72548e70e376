//! Word `.docx` files: the document XML turned into plan text.
//!
//! Owns: paragraphs (one line each), automatic numbering rendered as the label
//! Word would show ("1.", "1.1.", "a)", "-") from `numbering.xml`, line breaks
//! and tabs, and tables: rows of three or more columns become markdown rows
//! (`| a | b | c |`), narrower layout tables (the header block) give one line
//! per cell. Deleted revisions and field codes are skipped.

use std::collections::HashMap;
use std::io::Read;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// Why a .docx could not be read.
pub type DocxError = String;

#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    fmt: String,
    text: String,
}

#[derive(Debug, Default)]
struct Numbering {
    /// numId → abstractNumId
    nums: HashMap<String, String>,
    /// abstractNumId → levels by ilvl
    abstracts: HashMap<String, HashMap<u32, Level>>,
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().and_then(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()
            .map(|v| v.into_owned())
    })
}

fn local(e: &BytesStart<'_>) -> String {
    e.name().as_ref().to_string()
}

fn parse_numbering(xml: &str) -> Numbering {
    let mut n = Numbering::default();
    let mut r = Reader::from_str(xml);
    let mut abs: Option<String> = None;
    let mut lvl: Option<(u32, Level)> = None;
    let mut num: Option<String> = None;
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match local(&e).as_str() {
                "w:abstractNum" => abs = attr(&e, "w:abstractNumId"),
                "w:lvl" => {
                    let i = attr(&e, "w:ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                    lvl = Some((
                        i,
                        Level {
                            start: 1,
                            ..Level::default()
                        },
                    ));
                }
                "w:start" => {
                    if let Some((_, l)) = lvl.as_mut() {
                        l.start = attr(&e, "w:val").and_then(|v| v.parse().ok()).unwrap_or(1);
                    }
                }
                "w:numFmt" => {
                    if let Some((_, l)) = lvl.as_mut() {
                        l.fmt = attr(&e, "w:val").unwrap_or_default();
                    }
                }
                "w:lvlText" => {
                    if let Some((_, l)) = lvl.as_mut() {
                        l.text = attr(&e, "w:val").unwrap_or_default();
                    }
                }
                "w:num" => num = attr(&e, "w:numId"),
                "w:abstractNumId" => {
                    if let (Some(id), Some(a)) = (num.clone(), attr(&e, "w:val")) {
                        n.nums.insert(id, a);
                    }
                }
                _ => {}
            },
            Ok(Event::End(e)) => match e.name().as_ref() {
                "w:lvl" => {
                    if let (Some(a), Some((i, l))) = (abs.clone(), lvl.take()) {
                        n.abstracts.entry(a).or_default().insert(i, l);
                    }
                }
                "w:abstractNum" => abs = None,
                "w:num" => num = None,
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    n
}

fn roman(mut n: u32, upper: bool) -> String {
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in table {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    if upper {
        s
    } else {
        s.to_lowercase()
    }
}

fn format_counter(n: u32, fmt: &str) -> String {
    const VI_LETTERS: &[&str] = &[
        "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s",
        "t", "u", "v", "x", "y",
    ];
    match fmt {
        "upperRoman" => roman(n, true),
        "lowerRoman" => roman(n, false),
        "lowerLetter" => VI_LETTERS
            .get(n.saturating_sub(1) as usize)
            .map(|s| s.to_string())
            .unwrap_or_else(|| n.to_string()),
        "upperLetter" => VI_LETTERS
            .get(n.saturating_sub(1) as usize)
            .map(|s| s.to_uppercase())
            .unwrap_or_else(|| n.to_string()),
        "decimalZero" => format!("{n:02}"),
        _ => n.to_string(),
    }
}

/// Counters of list numbering while the document is read.
#[derive(Default)]
struct Counters {
    by_abstract: HashMap<String, Vec<u32>>,
}

impl Counters {
    fn label(&mut self, num: &Numbering, num_id: &str, ilvl: u32) -> Option<String> {
        let abs = num.nums.get(num_id)?;
        let levels = num.abstracts.get(abs)?;
        let lvl = levels.get(&ilvl)?;
        if lvl.fmt == "bullet" || lvl.fmt == "none" {
            return if lvl.fmt == "bullet" {
                let t = lvl.text.trim();
                Some(if t == "+" { "+".into() } else { "-".into() })
            } else {
                None
            };
        }
        let c = self.by_abstract.entry(abs.clone()).or_default();
        if c.len() <= ilvl as usize {
            c.resize(ilvl as usize + 1, 0);
        }
        for (i, v) in c.iter_mut().enumerate() {
            if i == ilvl as usize {
                *v = if *v == 0 { lvl.start } else { *v + 1 };
            } else if i > ilvl as usize {
                *v = 0;
            }
        }
        let mut text = lvl.text.clone();
        for (i, v) in c.iter().enumerate().take(ilvl as usize + 1) {
            let l = levels.get(&(i as u32)).cloned().unwrap_or_default();
            let shown = if *v == 0 { l.start } else { *v };
            text = text.replace(&format!("%{}", i + 1), &format_counter(shown, &l.fmt));
        }
        Some(text)
    }
}

fn read_entry(
    zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, DocxError> {
    let mut f = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("damaged .docx ({e})")),
    };
    let mut s = String::new();
    f.read_to_string(&mut s)
        .map_err(|e| format!("damaged .docx ({e})"))?;
    Ok(Some(s))
}

/// Convert the bytes of a .docx file to plan text.
pub fn to_text(bytes: &[u8]) -> Result<String, DocxError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a .docx (zip: {e})"))?;
    let doc =
        read_entry(&mut zip, "word/document.xml")?.ok_or("not a .docx (no word/document.xml)")?;
    let numbering = read_entry(&mut zip, "word/numbering.xml")?
        .map(|x| parse_numbering(&x))
        .unwrap_or_default();
    let mut text = document_text(&doc, &numbering);
    for part in ["word/footnotes.xml", "word/endnotes.xml"] {
        if let Some(x) = read_entry(&mut zip, part)? {
            text.push_str(&notes_text(&x));
        }
    }
    Ok(text)
}

/// Footnotes and endnotes as "[n] text" lines, as a printed page shows them.
fn notes_text(xml: &str) -> String {
    let mut out = String::new();
    let mut r = Reader::from_str(xml);
    let mut id: Option<String> = None;
    let mut buf = String::new();
    let mut in_text = false;
    while let Ok(ev) = r.read_event() {
        match ev {
            Event::Start(e) => match local(&e).as_str() {
                "w:footnote" | "w:endnote" => {
                    id = attr(&e, "w:id").filter(|v| v.parse::<i64>().is_ok_and(|n| n >= 1));
                    buf.clear();
                }
                "w:t" => in_text = true,
                _ => {}
            },
            Event::Text(t) if in_text && id.is_some() => buf.push_str(&t.xml10_content()),
            Event::End(e) => match e.name().as_ref() {
                "w:t" => in_text = false,
                "w:p" if id.is_some() && !buf.ends_with(' ') && !buf.is_empty() => buf.push(' '),
                "w:footnote" | "w:endnote" => {
                    if let Some(n) = id.take() {
                        let t = buf.trim();
                        if !t.is_empty() {
                            out.push_str(&format!("[{n}] {t}\n"));
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

struct Table {
    rows: Vec<Vec<String>>,
}

fn document_text(xml: &str, numbering: &Numbering) -> String {
    let mut out = String::new();
    let mut r = Reader::from_str(xml);
    let mut counters = Counters::default();
    let mut para = String::new();
    let mut num: (Option<String>, u32) = (None, 0);
    let mut tables: Vec<Table> = Vec::new();
    let mut cell: Vec<String> = Vec::new(); // paragraphs of the current cell (innermost table)
    let mut skip = 0usize; // inside deleted text or field instructions
    let mut in_text = false;
    while let Ok(ev) = r.read_event() {
        let (e, is_start) = match &ev {
            Event::Start(e) => (Some(e), true),
            Event::Empty(e) => (Some(e), false),
            _ => (None, false),
        };
        if let Some(e) = e {
            let name = local(e);
            if matches!(name.as_str(), "w:del" | "w:instrText" | "w:delText") {
                if is_start {
                    skip += 1;
                }
                continue;
            }
            if skip > 0 {
                continue;
            }
            match name.as_str() {
                "w:p" => {
                    para.clear();
                    num = (None, 0);
                    if !is_start {
                        if tables.is_empty() {
                            out.push('\n');
                        }
                        continue;
                    }
                }
                "w:numId" => num.0 = attr(e, "w:val").filter(|v| v != "0"),
                "w:ilvl" => num.1 = attr(e, "w:val").and_then(|v| v.parse().ok()).unwrap_or(0),
                "w:t" => in_text = is_start,
                "w:tab" => para.push(' '),
                "w:br" | "w:cr" => para.push('\n'),
                "w:tbl" if is_start => tables.push(Table { rows: Vec::new() }),
                "w:tr" if is_start => {
                    if let Some(t) = tables.last_mut() {
                        t.rows.push(Vec::new());
                    }
                }
                "w:tc" if is_start => cell.clear(),
                _ => {}
            }
            continue;
        }
        match ev {
            Event::Text(t) if in_text && skip == 0 => {
                para.push_str(&t.xml10_content());
            }
            Event::GeneralRef(g) if in_text && skip == 0 => {
                if let Ok(Some(c)) = g.resolve_char_ref() {
                    para.push(c);
                } else {
                    let name = g.xml10_content();
                    para.push_str(match name.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "w:t" => in_text = false,
                "w:del" | "w:instrText" | "w:delText" => skip = skip.saturating_sub(1),
                "w:p" => {
                    let label = match &num.0 {
                        Some(id) => counters.label(numbering, id, num.1),
                        None => None,
                    };
                    let text = para.trim();
                    let line = match label {
                        Some(l) if !text.is_empty() => format!("{l} {text}"),
                        _ => text.to_string(),
                    };
                    if tables.is_empty() {
                        out.push_str(&line);
                        out.push('\n');
                    } else {
                        cell.push(line);
                    }
                    para.clear();
                }
                "w:tc" => {
                    let text = cell
                        .iter()
                        .filter(|s| !s.is_empty())
                        .cloned()
                        .collect::<Vec<_>>()
                        .join("\n");
                    if let Some(row) = tables.last_mut().and_then(|t| t.rows.last_mut()) {
                        row.push(text);
                    }
                    cell.clear();
                }
                "w:tbl" => {
                    if let Some(t) = tables.pop() {
                        let rendered = render_table(&t);
                        if tables.is_empty() {
                            out.push_str(&rendered);
                        } else {
                            cell.push(rendered.trim_end().to_string());
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Rows of three or more columns become markdown rows; narrower tables (layout)
/// give their cells as lines.
fn render_table(t: &Table) -> String {
    let cols = t.rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = String::new();
    if cols >= 3 {
        for row in &t.rows {
            let cells: Vec<String> = row
                .iter()
                .map(|c| c.replace('\n', " ").replace('|', "/"))
                .collect();
            out.push_str("| ");
            out.push_str(&cells.join(" | "));
            out.push_str(" |\n");
        }
    } else {
        for row in &t.rows {
            for c in row {
                if !c.trim().is_empty() {
                    out.push_str(c.trim());
                    out.push('\n');
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_labels_follow_levels() {
        let numbering = parse_numbering(
            r#"<w:numbering><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl><w:lvl w:ilvl="2"><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl></w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#,
        );
        let p = |lvl: u32, t: &str| {
            format!(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>"#
            )
        };
        let xml = format!(
            "<w:document><w:body>{}{}{}{}{}</w:body></w:document>",
            p(0, "MỤC ĐÍCH"),
            p(1, "Mục đích"),
            p(2, "ý"),
            p(1, "Yêu cầu"),
            p(0, "NỘI DUNG &amp; việc")
        );
        assert_eq!(
            document_text(&xml, &numbering),
            "I. MỤC ĐÍCH\n1. Mục đích\n- ý\n2. Yêu cầu\nII. NỘI DUNG & việc\n"
        );
    }

    #[test]
    fn tables_become_rows_or_lines() {
        let cell = |t: &str| format!("<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>");
        let wide = format!(
            "<w:tbl><w:tr>{}{}{}</w:tr></w:tbl>",
            cell("TT"),
            cell("Nội dung"),
            cell("Chủ trì")
        );
        let narrow = format!(
            "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
            cell("ỦY BAN"),
            cell("CỘNG HÒA")
        );
        let xml = format!("<w:document><w:body>{narrow}{wide}</w:body></w:document>");
        assert_eq!(
            document_text(&xml, &Numbering::default()),
            "ỦY BAN\nCỘNG HÒA\n| TT | Nội dung | Chủ trì |\n"
        );
    }
}
