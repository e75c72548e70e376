//! HTML pages (including Word's "Save as Web Page") turned into plan text.
//!
//! Owns: the declared charset (honoured, and corrected when the bytes say
//! otherwise), markup removed, entities and numeric character references
//! decoded, block elements as line breaks, and tables: rows of three or more
//! columns become markdown rows, narrower layout tables give one line per cell.
//! `<head>`, `<script>`, `<style>` and comments (Word's conditional XML too) are
//! dropped.

use std::borrow::Cow;

/// Decode HTML bytes: the charset declared in a `<meta>` tag, else UTF-8, else
/// Windows-1252. A page declared as a single-byte charset whose bytes are valid
/// UTF-8 with multi-byte sequences is read as UTF-8 (the declaration was wrong).
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_lowercase();
    let declared = head.find("charset=").map(|p| {
        head[p + 8..]
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect::<String>()
    });
    let utf8_ok = simdutf8::basic::from_utf8(bytes).is_ok();
    let has_multibyte = bytes.iter().any(|&b| b >= 0x80);
    let enc = declared
        .as_deref()
        .and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes()))
        .unwrap_or(if utf8_ok {
            encoding_rs::UTF_8
        } else {
            encoding_rs::WINDOWS_1252
        });
    let enc = if enc != encoding_rs::UTF_8 && utf8_ok && has_multibyte {
        encoding_rs::UTF_8
    } else {
        enc
    };
    let (text, used, _) = enc.decode(bytes);
    (text.into_owned(), used.name())
}

const BLOCK: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "section",
    "article",
    "hr",
    "dt",
    "dd",
    "pre",
    "title",
    "header",
    "footer",
    "tr",
    "table",
    "body",
];

#[derive(Default)]
struct Table {
    rows: Vec<Vec<String>>,
}

/// Convert decoded HTML to text.
pub fn to_text(html: &str) -> String {
    let mut out = String::new();
    let mut tables: Vec<Table> = Vec::new();
    let mut cell = String::new();
    let mut in_cell = false;
    let mut skip: Option<&'static str> = None; // inside head/script/style
    let mut rest = html;
    let push_text = |s: &str, out: &mut String, cell: &mut String, in_cell: bool| {
        let decoded: Cow<'_, str> = html_escape::decode_html_entities(s);
        let squashed: String = decoded.split_whitespace().collect::<Vec<_>>().join(" ");
        if squashed.is_empty() {
            if decoded.chars().any(char::is_whitespace) {
                let target = if in_cell { cell } else { out };
                if !target.ends_with([' ', '\n']) && !target.is_empty() {
                    target.push(' ');
                }
            }
            return;
        }
        let target = if in_cell { cell } else { out };
        if decoded.starts_with(char::is_whitespace)
            && !target.ends_with([' ', '\n'])
            && !target.is_empty()
        {
            target.push(' ');
        }
        target.push_str(&squashed);
        if decoded.ends_with(char::is_whitespace) {
            target.push(' ');
        }
    };
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("<!--") {
            rest = r.find("-->").map(|p| &r[p + 3..]).unwrap_or("");
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            rest = rest.find('>').map(|p| &rest[p + 1..]).unwrap_or("");
            continue;
        }
        if rest.starts_with('<')
            && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/')
        {
            let end = rest.find('>').unwrap_or(rest.len() - 1);
            let tag = &rest[1..end];
            rest = &rest[(end + 1).min(rest.len())..];
            let closing = tag.starts_with('/');
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == ':')
                .collect::<String>()
                .to_lowercase();
            if let Some(s) = skip {
                if closing && name == s {
                    skip = None;
                }
                continue;
            }
            match (name.as_str(), closing) {
                ("head", false) => skip = Some("head"),
                ("script", false) => skip = Some("script"),
                ("style", false) => skip = Some("style"),
                ("xml", false) => skip = Some("xml"),
                ("table", false) => tables.push(Table::default()),
                ("table", true) => {
                    if let Some(t) = tables.pop() {
                        let rendered = render(&t);
                        if in_cell || !tables.is_empty() {
                            cell.push_str(&rendered.replace('\n', " "));
                        } else {
                            if !out.ends_with('\n') && !out.is_empty() {
                                out.push('\n');
                            }
                            out.push_str(&rendered);
                        }
                    }
                }
                ("tr", false) => {
                    if let Some(t) = tables.last_mut() {
                        t.rows.push(Vec::new());
                    }
                }
                ("td" | "th", false) => {
                    cell.clear();
                    in_cell = true;
                }
                ("td" | "th", true) => {
                    if let Some(row) = tables.last_mut().and_then(|t| t.rows.last_mut()) {
                        row.push(cell.trim().to_string());
                    }
                    cell.clear();
                    in_cell = false;
                }
                (n, _) if BLOCK.contains(&n) => {
                    let target = if in_cell { &mut cell } else { &mut out };
                    if in_cell {
                        if !target.ends_with('\n') && !target.is_empty() {
                            target.push('\n');
                        }
                    } else if !target.ends_with('\n') && !target.is_empty() {
                        target.push('\n');
                    }
                }
                _ => {}
            }
            continue;
        }
        let next = rest
            .char_indices()
            .skip(1)
            .find(|(_, c)| *c == '<')
            .map(|(i, _)| i)
            .unwrap_or(rest.len());
        if skip.is_none() {
            push_text(&rest[..next], &mut out, &mut cell, in_cell);
        }
        rest = &rest[next..];
    }
    out.lines().map(str::trim).collect::<Vec<_>>().join("\n")
}

fn render(t: &Table) -> String {
    let cols = t.rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = String::new();
    for row in &t.rows {
        if cols >= 3 {
            let cells: Vec<String> = row
                .iter()
                .map(|c| {
                    c.split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .replace('|', "/")
                })
                .collect();
            out.push_str("| ");
            out.push_str(&cells.join(" | "));
            out.push_str(" |\n");
        } else {
            for c in row {
                for line in c.lines() {
                    let l = line.trim();
                    if !l.is_empty() {
                        out.push_str(l);
                        out.push('\n');
                    }
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
    fn declared_charset_is_honoured_and_corrected() {
        let (t, enc) = decode(b"<meta charset=windows-1252><p>L\xea V&#259;n</p>");
        assert_eq!((enc, t.contains("Lê")), ("windows-1252", true));
        let (t, enc) = decode("<meta charset=windows-1252><p>Lê Văn</p>".as_bytes());
        assert_eq!((enc, t.contains("Lê Văn")), ("UTF-8", true));
    }

    #[test]
    fn markup_entities_and_tables() {
        let html = "<html><head><title>x</title><style>p{}</style></head><body><!--[if gte mso 9]><xml>junk</xml><![endif]-->\
<table><tr><td><p>ỦY BAN</p><p>XÃ LƯƠNG MINH</p></td><td>CỘNG HÒA</td></tr></table>\
<p class=x>I. MỤC&nbsp;ĐÍCH &amp; YÊU CẦU</p><p>Ph&#7889;i h&#x1ee3;p</p>\
<table><tr><td>TT</td><td>Nội dung</td><td>Chủ trì</td></tr><tr><td>1</td><td>Việc <b>một</b></td><td>Sở Tư pháp</td></tr></table></body></html>";
        assert_eq!(
            to_text(html),
            "ỦY BAN\nXÃ LƯƠNG MINH\nCỘNG HÒA\nI. MỤC ĐÍCH & YÊU CẦU\nPhối hợp\n| TT | Nội dung | Chủ trì |\n| 1 | Việc một | Sở Tư pháp |"
        );
    }
}
