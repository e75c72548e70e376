//! The header: number and symbol, issuing body, province, place and date, type
//! and title, signer, the period covered, and a scraped metadata table.
//!
//! Owns the header conventions of Decree 30/2020/NĐ-CP as `shared/DOMAIN.md`
//! describes them, and the order of authority: a scraped metadata table
//! ("| Số hiệu | ... |") wins over the text, the text over what the symbol implies.

use regex::Regex;
use std::sync::LazyLock;

use super::citation;
use super::date::{self, Date};
use super::lines::Line;
use crate::model::{Period, Warning};
use crate::province::{self, Province};
use crate::text;

/// What the header gives.
#[derive(Debug, Clone, Default)]
pub struct Header {
    pub doc_number: Option<String>,
    pub doc_symbol: Option<String>,
    pub doc_type: Option<String>,
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub province: Option<&'static Province>,
    pub issue_date: Option<Date>,
    pub signer: Option<String>,
    pub period: Option<Period>,
    /// The plan a decision issues, when the document is a decision with a plan attached.
    pub attached: Option<crate::model::AttachedPlan>,
    /// index of the last header line (title end), so the preamble starts after it
    pub title_end: Option<usize>,
}

/// Issuing bodies by the code at the end of a symbol (`KH-UBND`), and their name.
const BODY_BY_CODE: &[(&str, &str)] = &[
    ("UBND", "Ủy ban nhân dân"),
    ("STP", "Sở Tư pháp"),
    ("TGPL", "Trung tâm Trợ giúp pháp lý nhà nước"),
    ("TTTGPL", "Trung tâm Trợ giúp pháp lý nhà nước"),
    ("HĐND", "Hội đồng nhân dân"),
    ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    ("BTP", "Bộ Tư pháp"),
];

/// Document type headings, in capitals, and the type they name.
const TYPE_HEADINGS: &[(&str, &str)] = &[
    ("KẾ HOẠCH", "Kế hoạch"),
    ("QUYẾT ĐỊNH", "Quyết định"),
    ("CHƯƠNG TRÌNH", "Chương trình"),
    ("ĐỀ ÁN", "Đề án"),
    ("HƯỚNG DẪN", "Hướng dẫn"),
    ("NGHỊ QUYẾT", "Nghị quyết"),
    ("CHỈ THỊ", "Chỉ thị"),
];

/// A first line naming the document in running text (accent-folded) and its type.
const KIND_LINES: &[(&str, &str)] = &[
    ("ke hoach ", "Kế hoạch"),
    ("quyet dinh ", "Quyết định"),
    ("chuong trinh ", "Chương trình"),
];

/// A type heading: the line starts with a type in capitals and is not the
/// enacting "QUYẾT ĐỊNH:" of a decision. Returns the type and the heading's length.
fn type_heading(t: &str) -> Option<(&'static str, usize)> {
    let t = t.trim();
    if t.ends_with(':') {
        return None;
    }
    TYPE_HEADINGS
        .iter()
        .find(|(h, _)| t.starts_with(h) && !t[h.len()..].starts_with(char::is_alphabetic))
        .map(|(h, k)| (*k, h.len()))
}

/// The title after a type heading at `head[i]` (text after the first `len`
/// bytes, then following lines: capitals continue in capitals, mixed case only
/// when wrapped mid-sentence). Returns the lines and the index of the last one.
fn title_after(head: &[Line], i: usize, len: usize) -> (Vec<String>, usize) {
    let mut lines = Vec::new();
    let mut end = i;
    let rest = head[i].text[len..]
        .trim()
        .trim_start_matches([':', '-'])
        .trim();
    if !rest.is_empty() {
        lines.push(rest.to_string());
    }
    let mut j = i + 1;
    while j < head.len() && lines.len() < 6 {
        let n = head[j].text.trim();
        if n.is_empty() {
            j += 1;
            continue;
        }
        let continues = match lines.last() {
            None => {
                number_and_symbol(n).is_none()
                    && place_and_date(n).is_none()
                    && type_heading(n).is_none()
            }
            Some(prev) if is_caps(prev) => is_caps(n) && body_name(&text::fold(n)).is_none(),
            Some(_) => n.starts_with(char::is_lowercase),
        };
        if !continues {
            break;
        }
        lines.push(n.to_string());
        end = j;
        j += 1;
    }
    (lines, end)
}

/// Known bodies as they appear in capitals in a header, and how to write them.
const BODY_NAMES: &[(&str, &str)] = &[
    ("uy ban nhan dan", "Ủy ban nhân dân"),
    ("so tu phap", "Sở Tư pháp"),
    (
        "trung tam tro giup phap ly nha nuoc",
        "Trung tâm Trợ giúp pháp lý nhà nước",
    ),
    (
        "trung tam tro giup phap ly",
        "Trung tâm Trợ giúp pháp lý nhà nước",
    ),
    ("hoi dong nhan dan", "Hội đồng nhân dân"),
    ("bo tu phap", "Bộ Tư pháp"),
];

static METADATA_ROW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*\|\s*([^|]{2,40}?)\s*\|\s*([^|]*?)\s*\|\s*$").expect("metadata regex")
});

static NUMBER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^s[ốô]\s*(?:hiệu|ký hiệu)?\s*[:.]?\s*(\d*)\s*([/\-])\s*([A-ZĐ][A-ZĐa-z0-9]*(?:\s*[-–/]\s*[A-ZĐ][A-ZĐa-z0-9]*)*)")
        .expect("number regex")
});

/// Parse a scraped metadata table (thuvienphapluat.vn style) from raw lines.
pub fn metadata(lines: &[Line]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for l in lines.iter().take(40) {
        // the row begins and ends with a pipe: most lines are spared the regex
        let t = l.raw.trim();
        if !(t.starts_with('|') && t.ends_with('|')) {
            continue;
        }
        if let Some(c) = METADATA_ROW.captures(&l.raw) {
            let key = text::squash_spaces(&c[1]);
            let value = text::squash_spaces(&c[2]).into_owned();
            let fk = text::fold(&key);
            if [
                "so hieu",
                "ngay ban hanh",
                "co quan ban hanh",
                "nguoi ky",
                "loai van ban",
                "ngay co hieu luc",
                "linh vuc",
            ]
            .contains(&fk.as_str())
            {
                out.push((fk, value));
            }
        }
    }
    out
}

fn meta<'a>(m: &'a [(String, String)], key: &str) -> Option<&'a str> {
    m.iter()
        .find(|(k, v)| k == key && !v.is_empty())
        .map(|(_, v)| v.as_str())
}

/// Split "225/KH-STP" or a "Số: /KH-STP" line into (number, symbol).
pub fn number_and_symbol(line: &str) -> Option<(Option<String>, String)> {
    let line = crate::text::trim(line);
    // the regex is anchored on "số" in any case: 's', 'S' or the long 'ſ',
    // then 'ố' or 'ô' in either case (most lines fail here, "Sở ...")
    let mut head = line.chars();
    if !(matches!(head.next(), Some('s' | 'S' | 'ſ'))
        && matches!(head.next(), Some('ố' | 'Ố' | 'ô' | 'Ô')))
    {
        return None;
    }
    let c = NUMBER_LINE.captures(line)?;
    let num = c.get(1).map(|m| m.as_str()).unwrap_or("");
    let symbol_raw = c.get(3)?.as_str();
    let symbol: String = symbol_raw
        .split(['-', '–'])
        .map(|t| t.trim())
        .collect::<Vec<_>>()
        .join("-");
    if num.is_empty() {
        return Some((None, symbol));
    }
    let sep = &c[2];
    let candidate = format!("{num}{sep}{symbol}");
    let canonical = citation::doc_id(&candidate)
        .ok()
        .filter(|(rest, _)| rest.is_empty())
        .map(|(_, id)| id.canonical())
        .unwrap_or(candidate);
    let symbol = canonical
        .split_once(['/', '-'])
        .map(|(_, s)| s.to_string())
        .unwrap_or(symbol);
    Some((Some(canonical), symbol))
}

/// A line with place and date: "Ninh Thuận, ngày 28 tháng 01 năm 2022".
pub fn place_and_date(line: &str) -> Option<(String, Date)> {
    // cheap tests first. The date holds ASCII digits (no other char folds to
    // one), and no digit may come before "ngày" (the loop below gives up at
    // one): "ngày" must come before the line's first digit, and many lines
    // have none, or a number at their start.
    let b = line.as_bytes();
    let b = &b[..text::next_ascii_digit(b, 0)?];
    // It must say "ngày" in some spelling ("ng" then two letters folding to
    // "ay"); most lines hold "ng" but not "ngay".
    // (found from the 'g': Vietnamese writes fewer g than n)
    let ngay = memchr::memchr2_iter(b'g', b'G', b).any(|i| {
        i > 0 && matches!((b[i - 1], b[i]), (b'n', b'g') | (b'N', b'G' | b'g')) && {
            let mut rest = line[i + 1..].chars().map(text::fold_char);
            rest.next() == Some('a') && rest.next() == Some('y')
        }
    });
    if !ngay {
        return None;
    }
    // Find the first "ngay" in the folded line, char by char. The place before it
    // may hold no digit or '/', and at most 40 chars once trimmed of spaces and
    // commas: stop as soon as the line cannot meet that. A match starts at most 3
    // chars back, so more than 43 chars other than spaces and commas so far means
    // more than 40 before any match still to come.
    let mut window = ['\0'; 4];
    let mut solid = 0;
    let mut start = None;
    for (k, (b, c)) in line.char_indices().enumerate() {
        window = [window[1], window[2], window[3], text::fold_char(c)];
        if k >= 3 && window == ['n', 'g', 'a', 'y'] {
            // the byte offset of the 'n', three chars back
            start = line[..b].char_indices().rev().nth(2).map(|(i, _)| i);
            break;
        }
        if c.is_ascii_digit() || c == '/' {
            return None;
        }
        if !(c.is_whitespace() || c == ',') {
            solid += 1;
            if solid > 43 {
                return None;
            }
        }
    }
    let p = start?;
    let folded: String = line[p..].chars().map(text::fold_char).collect();
    let (_, d) = date::spelled(&folded).ok()?;
    let place = line[..p].trim().trim_end_matches(',').trim().to_string();
    // a place is a few words of a name: no digits, no document number
    if place.chars().count() > 40
        || place.split_whitespace().count() > 6
        || place.chars().any(|c| c.is_ascii_digit() || c == '/')
    {
        return None;
    }
    Some((place, d))
}

fn is_motto(f: &str) -> bool {
    f.contains("cong hoa xa hoi")
        || f.contains("chu nghia viet nam")
        || f.contains("doc lap")
        || f.contains("hanh phuc")
}

fn is_caps(s: &str) -> bool {
    s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase)
}

/// A personal name: 2–5 capitalised words, no digits or punctuation.
pub fn looks_like_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if !(2..=5).contains(&words.len()) || s.chars().count() > 40 {
        return false;
    }
    words.iter().all(|w| {
        let mut cs = w.chars();
        cs.next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic)
    })
}

fn body_name(folded: &str) -> Option<&'static str> {
    BODY_NAMES
        .iter()
        .find(|(k, _)| folded.starts_with(k))
        .map(|(_, v)| *v)
}

fn qualify(body: &str, prov: Option<&Province>) -> String {
    match prov {
        Some(p) if !text::fold(body).contains(&text::fold(p.name)) => {
            format!("{body} {}", p.qualified())
        }
        _ => body.to_string(),
    }
}

/// Parse the header from the lines before `body_start` (and the signature from the end).
pub fn parse(lines: &[Line], body_start: usize, warnings: &mut Vec<Warning>) -> Header {
    let mut h = Header::default();
    let md = metadata(lines);
    let head = &lines[..body_start.min(lines.len())];

    // number and symbol (a header table flattened to one line keeps its cells
    // apart with " | " or " / ")
    let parts = |t: &str| -> Vec<String> {
        t.split(" | ")
            .flat_map(|c| c.split(" / "))
            .map(|c| c.trim().to_string())
            .collect()
    };
    for (i, l) in head.iter().enumerate() {
        if let Some((num, sym)) = parts(&l.text).iter().find_map(|p| number_and_symbol(p)) {
            h.doc_number = num;
            h.doc_symbol = Some(sym);
            break;
        }
        // "Số:" alone, the number on the next line
        let f = text::fold(&l.text);
        if (f == "so:" || f == "so") && i + 1 < head.len() {
            if let Some((num, sym)) = number_and_symbol(&format!("Số: {}", head[i + 1].text)) {
                h.doc_number = num;
                h.doc_symbol = Some(sym);
                break;
            }
        }
    }
    if let Some(n) = meta(&md, "so hieu") {
        if let Some((num, sym)) = number_and_symbol(&format!("Số: {n}")) {
            if h.doc_number.is_some() && h.doc_number != num {
                warnings.push(Warning {
                    line: 0,
                    message: format!(
                        "metadata number {n} differs from the header; the metadata is used"
                    ),
                });
            }
            h.doc_number = num.or(h.doc_number.take());
            h.doc_symbol = Some(sym);
        }
    }

    // place and date
    let mut place: Option<String> = None;
    for l in head {
        if let Some((p, d)) = parts(&l.text).iter().find_map(|p| place_and_date(p)) {
            place = Some(p);
            h.issue_date = Some(d);
            break;
        }
    }
    if let Some(d) = meta(&md, "ngay ban hanh") {
        if let Ok((_, dt)) = date::dmy(&text::fold(d)) {
            h.issue_date = Some(dt);
        }
    }

    // type and title: the first type heading ("KẾ HOẠCH", "QUYẾT ĐỊNH", ...)
    let mut title_lines: Vec<String> = Vec::new();
    if let Some((i, kind, len)) = head
        .iter()
        .enumerate()
        .find_map(|(i, l)| type_heading(&l.text).map(|(k, n)| (i, k, n)))
    {
        h.doc_type = Some(kind.into());
        let (t, end) = title_after(head, i, len);
        title_lines = t;
        h.title_end = Some(end);
        // a decision that issues a plan: the plan's own heading comes later
        if kind != "Kế hoạch" {
            if let Some(j) = (end + 1..head.len())
                .find(|&j| type_heading(&head[j].text).is_some_and(|(k, _)| k == "Kế hoạch"))
            {
                let (t, _) = title_after(head, j, "KẾ HOẠCH".len());
                h.attached = Some(crate::model::AttachedPlan {
                    doc_type: "Kế hoạch".into(),
                    title: (!t.is_empty()).then(|| text::squash_spaces(&t.join(" ")).into_owned()),
                    line: head[j].no,
                });
            }
        }
    } else if let Some(first) = head.first().filter(|_| md.is_empty()) {
        // no heading: a first line that names the document ("Kế hoạch hỗ trợ ...")
        let f = text::fold(&first.text);
        if let Some((word, kind)) = KIND_LINES
            .iter()
            .find(|(w, _)| f.starts_with(w) && f.len() > w.len() + 8)
        {
            h.doc_type = Some((*kind).into());
            let skip = word.chars().count();
            title_lines.push(
                first
                    .text
                    .chars()
                    .skip(skip)
                    .collect::<String>()
                    .trim()
                    .to_string(),
            );
            h.title_end = Some(0);
        }
    }
    if !title_lines.is_empty() {
        h.title = Some(text::squash_spaces(&title_lines.join(" ")).into_owned());
    } else if !md.is_empty() {
        // a scraped page: its first line is the page title
        if let Some(first) = lines.first() {
            h.title = Some(first.text.to_string());
        }
    }
    if h.doc_type.is_none() {
        h.doc_type = meta(&md, "loai van ban").map(str::to_string).or_else(|| {
            h.doc_symbol
                .as_deref()
                .filter(|s| s.starts_with("KH"))
                .map(|_| "Kế hoạch".to_string())
        });
    }

    // issuing body lines: capitals before the number/date, not the motto
    let mut body_caps: Vec<String> = Vec::new();
    for l in head.iter().take(12) {
        let t = l.text.trim();
        if t.is_empty() {
            continue;
        }
        let f = text::fold(t);
        if f.starts_with("so") && number_and_symbol(t).is_some()
            || place_and_date(t).is_some()
            || t.starts_with("KẾ HOẠCH")
        {
            break;
        }
        if is_motto(&f) || !is_caps(t) || METADATA_ROW.is_match(&l.raw) {
            continue;
        }
        body_caps.push(t.to_string());
    }

    // province: place of issue, metadata, header body, title, then the most mentioned
    h.province = place
        .as_deref()
        .and_then(province::lookup)
        .or_else(|| meta(&md, "co quan ban hanh").and_then(province::find_in))
        .or_else(|| body_caps.iter().find_map(|b| province::find_in(b)))
        .or_else(|| h.title.as_deref().and_then(province::find_in))
        .or_else(|| {
            let pre: String = lines[h.title_end.map(|e| e + 1).unwrap_or(0).min(body_start)
                ..body_start.min(lines.len())]
                .iter()
                .map(|l| l.text.as_ref())
                .collect::<Vec<_>>()
                .join("\n");
            province::most_mentioned(&pre)
        })
        .or_else(|| {
            let all: String = lines
                .iter()
                .map(|l| l.text.as_ref())
                .collect::<Vec<_>>()
                .join("\n");
            province::most_mentioned(&all)
        });

    // issuer
    let from_caps = body_caps.iter().find_map(|b| body_name(&text::fold(b)));
    let from_symbol = h.doc_symbol.as_deref().and_then(|s| {
        let code = s.rsplit(['-', '/']).next().unwrap_or("");
        BODY_BY_CODE
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, n)| *n)
    });
    // "Sở Tư pháp Bắc Giang xây dựng Kế hoạch ...", "Ủy ban nhân dân tỉnh ... ban hành Kế hoạch"
    let from_preamble = {
        let pre: String = lines[..body_start.min(lines.len())]
            .iter()
            .map(|l| l.text.as_ref())
            .collect::<Vec<_>>()
            .join(" ");
        let f = text::fold(&pre);
        [
            "xay dung ke hoach",
            "ban hanh ke hoach",
            "xay dung va ban hanh ke hoach",
        ]
        .iter()
        .find_map(|verb| {
            let at = f.find(verb)?;
            let window_start = f[..at]
                .char_indices()
                .rev()
                .nth(80)
                .map(|(i, _)| i)
                .unwrap_or(0);
            let window = &f[window_start..at];
            BODY_NAMES
                .iter()
                .filter_map(|(k, v)| window.rfind(k).map(|p| (p, *v)))
                .max_by_key(|(p, _)| *p)
                .map(|(_, v)| v)
        })
    };
    h.issuer = from_caps
        .or(from_symbol)
        .or(from_preamble)
        .map(|b| qualify(b, h.province))
        .or_else(|| body_caps.first().cloned());

    // signer: metadata, else the name after the last signature title
    h.signer = meta(&md, "nguoi ky")
        .map(str::to_string)
        .or_else(|| signer(lines));

    // period: from the title, else the year of issue
    let year = h.issue_date.map(|d| d.year);
    h.period = h
        .title
        .as_deref()
        .and_then(|t| period_in(t, year))
        .or(year.map(|y| Period { start: y, end: y }));
    h
}

fn signer(lines: &[Line]) -> Option<String> {
    let pos = lines
        .iter()
        .rposition(|l| super::outline::is_signature_title(&l.text))?;
    lines[pos + 1..]
        .iter()
        .take(6)
        .map(|l| l.text.trim())
        .find(|t| looks_like_name(t) && !super::outline::is_signature_title(t))
        .map(str::to_string)
}

static YEAR_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})\b").expect("year range regex")
});
static TO_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:tu nam ((?:19|20)\d{2}) )?den nam ((?:19|20)\d{2})\b").expect("to-year regex")
});
static IN_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bnam ((?:19|20)\d{2})\b").expect("year regex"));

/// The years a title says the plan covers: "giai đoạn 2013 – 2020", "năm 2024",
/// "đến năm 2030" (from the year of issue).
pub fn period_in(title: &str, issue_year: Option<i32>) -> Option<Period> {
    let f = text::fold(title);
    // dates like 06/9/1997 - 06/9/2022 are not year ranges
    for c in YEAR_RANGE.captures_iter(&f) {
        let m = c.get(0)?;
        let before = f[..m.start()].chars().last();
        if before == Some('/') {
            continue;
        }
        // "nhiệm kỳ 2026 - 2031", "khóa 2021-2026": the term of an office, not the plan's years
        let lead = f[..m.start()].trim_end();
        if lead.ends_with("nhiem ky") || lead.ends_with("khoa") {
            continue;
        }
        let (a, b): (i32, i32) = (c[1].parse().ok()?, c[2].parse().ok()?);
        if a <= b {
            return Some(Period { start: a, end: b });
        }
    }
    if let Some(c) = TO_YEAR.captures(&f) {
        let end: i32 = c[2].parse().ok()?;
        let start = c
            .get(1)
            .and_then(|m| m.as_str().parse().ok())
            .or(issue_year)?;
        if start <= end {
            return Some(Period { start, end });
        }
    }
    IN_YEAR
        .captures(&f)
        .and_then(|c| c[1].parse().ok())
        .map(|y| Period { start: y, end: y })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn place_and_date_reads_lines_as_the_whole_line_folded_does(
            place in prop::collection::vec(prop::sample::select(vec![
                "ng", "nG", "g", "ay", " ", ",", "\u{a0}", "\u{2003}", "\t", "/", "7",
                "Hà Nội", "ắ", "Đ", "𝔸", "a", "Ninh Thuận", "Số", "Ngáy", "1. ",
            ]), 0..30),
            date in prop::sample::select(vec![
                "", "ngày 28 tháng 01 năm 2022", "NGÀY 3 THÁNG 4 NĂM 2021",
                "Ngày tháng 02 năm 2024", "ngay 5/6/2023", "ngày", "ngày 1 tháng 2 năm",
            ]),
            rest in prop::collection::vec(prop::sample::select(vec![
                " ", ",", "ngày", "1", "tháng 2 năm 2020", "Hà Nội", "ắ",
            ]), 0..6),
        ) {
            let line = format!("{}{date}{}", place.concat(), rest.concat());
            prop_assert_eq!(place_and_date(&line), place_and_date_reference(&line), "{:?}", line);
        }

        #[test]
        fn a_number_line_is_read_wherever_its_regex_matches(
            head in prop::sample::select(vec![
                "Số", "SỐ", "số", "sô", "SÔ", "ſố", "Sở", "So", "Sổ", "S", "Kế", " Số", "",
            ]),
            rest in r"( |:|\.|hiệu|ký hiệu|[0-9]{1,3}|/|-|KH|UBND|Đ|[a-z])*",
        ) {
            let line = format!("{head}{rest}");
            prop_assert_eq!(
                number_and_symbol(&line).is_some(),
                NUMBER_LINE.is_match(line.trim()),
                "{:?}", line
            );
        }
    }

    /// place_and_date as first written: fold the whole line, then look.
    fn place_and_date_reference(line: &str) -> Option<(String, Date)> {
        if !line.contains("ng") && !line.contains("NG") && !line.contains("Ng") {
            return None;
        }
        let chars: Vec<char> = line.chars().collect();
        let folded: String = chars.iter().map(|&c| text::fold_char(c)).collect();
        let p = folded.find("ngay")?;
        let (_, d) = date::spelled(&folded[p..]).ok()?;
        let place_chars = folded[..p].chars().count();
        let place: String = chars[..place_chars].iter().collect();
        let place = place.trim().trim_end_matches(',').trim().to_string();
        if place.chars().count() > 40
            || place.split_whitespace().count() > 6
            || place.chars().any(|c| c.is_ascii_digit() || c == '/')
        {
            return None;
        }
        Some((place, d))
    }

    #[test]
    fn place_and_date_stops_early_but_finds_the_same() {
        let date = " ngày 28 tháng 01 năm 2022";
        let mut lines = vec![
            String::new(),
            date.trim().to_string(),
            format!("Ninh Thuận,{date}"),
            format!("Hà Nội 2,{date}"),
            format!("Hà/Nội,{date}"),
            format!("NGÀY 1 THÁNG 2 NĂM 2020 ngày 3 tháng 4 năm 2021"),
            format!("Ngáy{date}"),
            format!("nngay{date}"),
        ];
        for n in 36..=46 {
            let place: String = "ắ".repeat(n);
            lines.push(format!("{place}{date}"));
            lines.push(format!("{place},{date}"));
            lines.push(format!(" , ,{place} , ,{date}"));
            lines.push(format!("{}{date}", "a ".repeat(n / 2)));
            lines.push(format!("{}{date}", "a,".repeat(n)));
        }
        for l in &lines {
            assert_eq!(place_and_date(l), place_and_date_reference(l), "{l:?}");
        }
    }

    #[test]
    fn number_symbol_variants() {
        assert_eq!(
            number_and_symbol("Số: 225/KH-STP"),
            Some((Some("225/KH-STP".into()), "KH-STP".into()))
        );
        assert_eq!(
            number_and_symbol("Số: /KH-STP"),
            Some((None, "KH-STP".into()))
        );
        assert_eq!(
            number_and_symbol("Số: 122/KH-UBND"),
            Some((Some("122/KH-UBND".into()), "KH-UBND".into()))
        );
        assert_eq!(
            number_and_symbol("Số: 21-KH/ĐU"),
            Some((Some("21-KH/ĐU".into()), "KH/ĐU".into()))
        );
        assert!(number_and_symbol("Sở Tư pháp").is_none());
    }

    #[test]
    fn place_and_partial_dates() {
        let (p, d) = place_and_date("Bắc Giang, ngày tháng 02 năm 2024").unwrap();
        assert_eq!((p.as_str(), d.iso()), ("Bắc Giang", "2024-02".to_string()));
        let (p, d) = place_and_date("Ninh Thuận, ngày 28 tháng 01 năm 2022").unwrap();
        assert_eq!(
            (p.as_str(), d.iso()),
            ("Ninh Thuận", "2022-01-28".to_string())
        );
    }

    #[test]
    fn periods_from_titles() {
        assert_eq!(
            period_in("GIAI ĐOẠN 2013 – 2020 TRÊN ĐỊA BÀN", None),
            Some(Period {
                start: 2013,
                end: 2020
            })
        );
        assert_eq!(
            period_in("Thực hiện nhiệm vụ năm 2024", Some(2024)),
            Some(Period {
                start: 2024,
                end: 2024
            })
        );
        assert_eq!(
            period_in("kỷ niệm (06/9/1997 - 06/9/2022)", Some(2022)),
            None
        );
        assert_eq!(
            period_in("phát triển đến năm 2030", Some(2025)),
            Some(Period {
                start: 2025,
                end: 2030
            })
        );
    }

    #[test]
    fn terms_of_office_are_not_periods() {
        assert_eq!(
            period_in("bầu cử đại biểu HĐND nhiệm kỳ 2026 - 2031", Some(2025)),
            None
        );
    }

    #[test]
    fn places_have_no_numbers() {
        assert!(
            place_and_date("Căn cứ Quyết định số 07/2005/QĐ-UB ngày 13 tháng 01 năm 2005")
                .is_none()
        );
        assert!(place_and_date("Thành phố Hồ Chí Minh, ngày 21 tháng 11 năm 2025").is_some());
    }

    #[test]
    fn names() {
        assert!(looks_like_name("Lê Quyện"));
        assert!(looks_like_name("Hoàng Thị Bích"));
        assert!(!looks_like_name("Lưu: VT, HC-TH."));
    }
}
