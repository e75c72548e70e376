//! The query language: field filters written inside the query string
//! (`province:"Lạng Sơn" year:2025 cites:59/2012/QĐ-TTg unit:"Trung tâm"`)
//! beside words, "phrases", AND / OR / NOT and parentheses.
//!
//! Owns: pulling the filters out of the string, checking quotes and
//! parentheses, and errors that point at the problem (a column and a caret).
//! What remains is handed to tantivy's query parser.

use crate::error::{Error, Result};

/// Filters found in a query string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub provinces: Vec<String>,
    pub years: Option<(i32, i32)>,
    pub cites: Option<String>,
    pub unit: Option<String>,
}

/// Field names a query may use.
pub const FIELDS: &[&str] = &["province", "year", "years", "cites", "unit", "title"];

/// An error pointing at column `col` (1-based, in characters) of `q`.
fn at(q: &str, col: usize, msg: &str) -> Error {
    let caret = format!("{}^", " ".repeat(col.saturating_sub(1)));
    Error::Query(format!("{msg} at column {col}\n  {q}\n  {caret}"))
}

fn parse_years(q: &str, col: usize, v: &str) -> Result<(i32, i32)> {
    let bad = || {
        at(
            q,
            col,
            &format!("year {v:?} is not a year or a range like 2020..2024"),
        )
    };
    let (a, b) = match v.split_once("..") {
        Some((a, b)) => (a, b),
        None => (v, v),
    };
    let a: i32 = a.trim().parse().map_err(|_| bad())?;
    let b: i32 = b.trim().parse().map_err(|_| bad())?;
    if !(1900..=2200).contains(&a) || !(1900..=2200).contains(&b) || a > b {
        return Err(bad());
    }
    Ok((a, b))
}

/// Split `q` into the text part (for the full-text parser) and its filters.
pub fn split(q: &str) -> Result<(String, Filters)> {
    let chars: Vec<char> = q.chars().collect();
    let mut filters = Filters::default();
    let mut rest = String::new();
    let mut depth: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '"' => {
                let close = chars[i + 1..].iter().position(|&x| x == '"');
                let Some(len) = close else {
                    return Err(at(q, i + 1, "this quote is never closed"));
                };
                rest.extend(&chars[i..i + len + 2]);
                i += len + 2;
                continue;
            }
            '(' => depth.push(i),
            ')' if depth.pop().is_none() => {
                return Err(at(q, i + 1, "this parenthesis closes nothing"));
            }
            _ => {}
        }
        // a field filter starts a word: letters then ':'
        let starts_word =
            i == 0 || chars[i - 1].is_whitespace() || chars[i - 1] == '(' || chars[i - 1] == '-';
        if starts_word && c.is_ascii_alphabetic() {
            let name_len = chars[i..]
                .iter()
                .take_while(|x| x.is_ascii_alphabetic() || **x == '_')
                .count();
            if chars.get(i + name_len) == Some(&':') {
                let name: String = chars[i..i + name_len]
                    .iter()
                    .collect::<String>()
                    .to_lowercase();
                let col = i + 1;
                if !FIELDS.contains(&name.as_str()) {
                    return Err(at(
                        q,
                        col,
                        &format!("unknown field {name:?} (fields: {})", FIELDS.join(", ")),
                    ));
                }
                let mut j = i + name_len + 1;
                let value: String = if chars.get(j) == Some(&'"') {
                    let Some(len) = chars[j + 1..].iter().position(|&x| x == '"') else {
                        return Err(at(q, j + 1, "this quote is never closed"));
                    };
                    let v: String = chars[j + 1..j + 1 + len].iter().collect();
                    j += len + 2;
                    v
                } else {
                    let len = chars[j..]
                        .iter()
                        .take_while(|x| !x.is_whitespace() && **x != ')')
                        .count();
                    let v: String = chars[j..j + len].iter().collect();
                    j += len;
                    v
                };
                let value = value.trim().to_string();
                if value.is_empty() {
                    return Err(at(q, col, &format!("{name}: needs a value")));
                }
                if name == "title" {
                    // searched by the full-text parser as written
                    rest.extend(&chars[i..j]);
                    i = j;
                    continue;
                }
                if i > 0 && (chars[i - 1] == '-' || rest.trim_end().ends_with("NOT")) {
                    return Err(at(q, col, "filters cannot be negated"));
                }
                match name.as_str() {
                    "province" => filters.provinces.push(value),
                    "year" | "years" => filters.years = Some(parse_years(q, col, &value)?),
                    "cites" => filters.cites = Some(value),
                    "unit" => filters.unit = Some(value),
                    _ => {}
                }
                rest.push(' ');
                i = j;
                continue;
            }
        }
        rest.push(c);
        i += 1;
    }
    if let Some(open) = depth.pop() {
        return Err(at(q, open + 1, "this parenthesis is never closed"));
    }
    // operators left dangling by a removed filter ("x AND province:y")
    let mut words: Vec<&str> = rest.split_whitespace().collect();
    while words
        .last()
        .is_some_and(|w| matches!(*w, "AND" | "OR" | "NOT"))
    {
        words.pop();
    }
    while words.first().is_some_and(|w| matches!(*w, "AND" | "OR")) {
        words.remove(0);
    }
    Ok((words.join(" "), filters))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_come_out_of_the_text() {
        let (rest, f) = split(
            r#"truyền thông province:"Lạng Sơn" year:2025 cites:59/2012/QĐ-TTg unit:"Trung tâm""#,
        )
        .unwrap();
        assert_eq!(rest, "truyền thông");
        assert_eq!(f.provinces, vec!["Lạng Sơn"]);
        assert_eq!(f.years, Some((2025, 2025)));
        assert_eq!(f.cites.as_deref(), Some("59/2012/QĐ-TTg"));
        assert_eq!(f.unit.as_deref(), Some("Trung tâm"));
        let (rest, f) = split("\"lưu động\" AND year:2013..2020").unwrap();
        assert_eq!(
            (rest.as_str(), f.years),
            ("\"lưu động\"", Some((2013, 2020)))
        );
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = split("kế hoạch (lưu động").unwrap_err().to_string();
        assert!(e.contains("never closed at column 10"), "{e}");
        assert!(e.ends_with("\n           ^"), "{e:?}");
        let e = split("tro giup foo:bar").unwrap_err().to_string();
        assert!(
            e.contains("unknown field \"foo\"") && e.contains("column 10"),
            "{e}"
        );
        assert!(split("year:20x5")
            .unwrap_err()
            .to_string()
            .contains("not a year"));
        assert!(split("x -province:y")
            .unwrap_err()
            .to_string()
            .contains("cannot be negated"));
        assert!(split("a \"b")
            .unwrap_err()
            .to_string()
            .contains("never closed at column 3"));
        assert!(split("a ) b")
            .unwrap_err()
            .to_string()
            .contains("closes nothing"));
    }
}
