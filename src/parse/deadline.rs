//! Deadlines: "Thời gian thực hiện" text normalised to date ranges or a recurrence.
//!
//! Owns the conventions of `shared/DOMAIN.md`: years, quarters, months, halves,
//! full dates, "từ ... đến ...", "trước / chậm nhất ...", year ranges, and the
//! recurrences (thường xuyên, hằng năm, ...). A quarter or month without a year
//! takes the plan's year. The raw text is always kept. Parsing runs with nom on
//! the accent-folded text, one expression at a time from left to right.

use nom::branch::alt;
use nom::bytes::complete::tag;
use nom::character::complete::{char as ch, space0, space1};
use nom::combinator::{map, opt, value};
use nom::{IResult, Parser};

use super::date::{self, days_in_month, number, year4, Date};
use crate::model::{DateRange, Deadline, Recurrence};
use crate::text;

/// An inclusive span of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: Date,
    end: Date,
}

impl Span {
    fn year(y: i32) -> Span {
        Span {
            start: Date::ymd(y, 1, 1),
            end: Date::ymd(y, 12, 31),
        }
    }
    fn month(y: i32, m: u32) -> Span {
        Span {
            start: Date::ymd(y, m, 1),
            end: Date::ymd(y, m, days_in_month(y, m)),
        }
    }
    fn months(y: i32, from: u32, to: u32) -> Span {
        Span {
            start: Date::ymd(y, from, 1),
            end: Date::ymd(y, to, days_in_month(y, to)),
        }
    }
    fn day(d: Date) -> Span {
        Span { start: d, end: d }
    }
}

/// What one expression names, before the plan's year fills gaps.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expr {
    Span(Span),
    /// quarter 1..4 with an optional year
    Quarter(u32, Option<i32>),
    /// month with an optional year
    Month(u32, Option<i32>),
    /// day and month, year unknown
    DayMonth(u32, u32),
    /// first (1) or second (2) half with an optional year
    Half(u32, Option<i32>),
}

impl Expr {
    fn resolve(self, year: Option<i32>) -> Option<Span> {
        match self {
            Expr::Span(s) => Some(s),
            Expr::Quarter(q, y) => {
                let y = y.or(year)?;
                Some(Span::months(y, (q - 1) * 3 + 1, q * 3))
            }
            Expr::Month(m, y) => Some(Span::month(y.or(year)?, m)),
            Expr::DayMonth(d, m) => {
                let dt = Date::ymd(year?, m, d);
                dt.is_valid().then_some(Span::day(dt))
            }
            Expr::Half(h, y) => {
                let y = y.or(year)?;
                Some(if h == 1 {
                    Span::months(y, 1, 6)
                } else {
                    Span::months(y, 7, 12)
                })
            }
        }
    }
}

/// How an expression relates to the one before it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Marker {
    None,
    /// "từ": the start of a range
    From,
    /// "đến", "đến hết": the end of a range
    To,
    /// "trước", "chậm nhất", "hạn chót": an end with no start
    Before,
}

fn roman_quarter(input: &str) -> IResult<&str, u32> {
    alt((
        value(4, tag("iv")),
        value(3, tag("iii")),
        value(2, tag("ii")),
        value(1, tag("i")),
        value(4, tag("4")),
        value(3, tag("3")),
        value(2, tag("2")),
        value(1, tag("1")),
    ))
    .parse(input)
}

/// "/2025", " nam 2025", " 2025"
fn year_suffix(input: &str) -> IResult<&str, i32> {
    alt((
        map((space0, ch('/'), space0, year4), |(_, _, _, y)| y),
        map(
            (opt(ch(',')), space1, tag("nam"), space1, year4),
            |(.., y)| y,
        ),
        map((space1, year4), |(_, y)| y),
    ))
    .parse(input)
}

fn word_end(input: &str) -> bool {
    !input.starts_with(|c: char| c.is_alphanumeric())
}

fn quarter(input: &str) -> IResult<&str, Expr> {
    let (rest, (_, _, q)) = (tag("quy"), space1, roman_quarter).parse(input)?;
    if !word_end(rest) {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Tag,
        )));
    }
    let (rest, y) = opt(year_suffix).parse(rest)?;
    Ok((rest, Expr::Quarter(q, y)))
}

fn half(input: &str) -> IResult<&str, Expr> {
    let (rest, (_, _, _, _, which, _, _)) = (
        tag("6"),
        space1,
        tag("thang"),
        space1,
        alt((value(1, tag("dau")), value(2, tag("cuoi")))),
        space1,
        tag("nam"),
    )
        .parse(input)?;
    let (rest, y) = opt(map((space1, year4), |(_, y)| y)).parse(rest)?;
    Ok((rest, Expr::Half(which, y)))
}

fn month(input: &str) -> IResult<&str, Expr> {
    let (rest, (_, _, m)) = (tag("thang"), space1, number).parse(input)?;
    if !(1..=12).contains(&m) {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Verify,
        )));
    }
    let (rest, y) = opt(year_suffix).parse(rest)?;
    Ok((rest, Expr::Month(m, y)))
}

/// "15/9/2022", "ngay 15/9/2022", "ngay 17 thang 12 nam 2026", "ngay 17 thang 12"
fn full_date(input: &str) -> IResult<&str, Expr> {
    if let Ok((rest, d)) = date::any_date(input) {
        let span = match (d.month, d.day) {
            (Some(_), Some(_)) => Span::day(d),
            (Some(m), None) => Span::month(d.year, m),
            _ => Span::year(d.year),
        };
        return Ok((rest, Expr::Span(span)));
    }
    let (rest, (_, _, d, _, _, _, m)) = (
        tag("ngay"),
        space1,
        number,
        space1,
        tag("thang"),
        space1,
        number,
    )
        .parse(input)?;
    if !(1..=12).contains(&m) || d == 0 || d > 31 {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Verify,
        )));
    }
    Ok((rest, Expr::DayMonth(d, m)))
}

/// "9/2022" (month/year)
fn month_slash_year(input: &str) -> IResult<&str, Expr> {
    let (rest, (m, _, _, _, y)) = (number, space0, ch('/'), space0, year4).parse(input)?;
    if !(1..=12).contains(&m) {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Verify,
        )));
    }
    Ok((rest, Expr::Month(m, Some(y))))
}

/// "2014 - 2020", "(2021-2025)", "2021 – 2025"
fn year_range(input: &str) -> IResult<&str, Expr> {
    let (rest, (a, _, _, _, b)) = (
        year4,
        space0,
        alt((ch('-'), ch('–'), ch('—'))),
        space0,
        year4,
    )
        .parse(input)?;
    if b < a {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Verify,
        )));
    }
    Ok((
        rest,
        Expr::Span(Span {
            start: Span::year(a).start,
            end: Span::year(b).end,
        }),
    ))
}

fn bare_year(input: &str) -> IResult<&str, Expr> {
    let (rest, y) = year4(input)?;
    if !(1945..=2100).contains(&y) {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Verify,
        )));
    }
    Ok((rest, Expr::Span(Span::year(y))))
}

fn expression(input: &str) -> IResult<&str, Expr> {
    alt((
        quarter,
        half,
        month,
        full_date,
        year_range,
        month_slash_year,
        bare_year,
    ))
    .parse(input)
}

fn marker(input: &str) -> IResult<&str, Marker> {
    alt((
        value(Marker::From, tag("tu")),
        value(Marker::To, (tag("den"), opt((space1, tag("het"))))),
        value(Marker::To, tag("toi")),
        value(Marker::Before, tag("truoc")),
        value(Marker::Before, (tag("cham"), space1, tag("nhat"))),
        value(
            Marker::Before,
            (tag("han"), space1, alt((tag("chot"), tag("cuoi")))),
        ),
        value(
            Marker::Before,
            (tag("khong"), space1, tag("muon"), space1, tag("hon")),
        ),
    ))
    .parse(input)
}

/// The recurrences a deadline text names.
fn recurrence(folded: &str) -> Option<Recurrence> {
    let has = |s: &str| folded.contains(s);
    if has("hang thang") || has("moi thang") {
        Some(Recurrence::Monthly)
    } else if has("hang quy") || has("moi quy") || has("dinh ky quy") {
        Some(Recurrence::Quarterly)
    } else if has("6 thang mot lan")
        || has("dinh ky 6 thang")
        || has("hang 6 thang")
        || has("nua nam mot lan")
    {
        Some(Recurrence::Semiannual)
    } else if has("hang nam") || has("moi nam") || has("hanh nam") {
        Some(Recurrence::Annual)
    } else if has("thuong xuyen") || has("lien tuc") || has("hang ngay") || has("thuong nien") {
        if has("thuong nien") {
            Some(Recurrence::Annual)
        } else {
            Some(Recurrence::Continuous)
        }
    } else {
        None
    }
}

/// Normalise a deadline. `plan_year` fills in quarters and months written without a year.
pub fn parse(raw: &str, plan_year: Option<i32>) -> Deadline {
    let raw_clean = text::squash_spaces(raw.trim().trim_end_matches(['.', ';', ',']).trim());
    let folded: String = text::fold(&raw_clean).replace(['–', '—'], "-");
    let mut rec = recurrence(&folded);
    if rec.is_none() && folded.contains("xuyen suot") {
        rec = Some(Recurrence::Continuous);
    }

    // Scan expressions and markers left to right.
    let mut items: Vec<(Marker, Expr)> = Vec::new();
    let mut pending = Marker::None;
    let mut rest: &str = &folded;
    let mut at_word_start = true;
    while !rest.is_empty() {
        if at_word_start {
            if let Ok((r, m)) = marker(rest) {
                if word_end(r) {
                    pending = m;
                    rest = r;
                    at_word_start = false;
                    continue;
                }
            }
            if let Ok((r, e)) = expression(rest) {
                if word_end(r) {
                    items.push((pending, e));
                    pending = Marker::None;
                    rest = r;
                    at_word_start = false;
                    continue;
                }
            }
        }
        let c = rest.chars().next().unwrap_or(' ');
        at_word_start = !c.is_alphanumeric();
        rest = &rest[c.len_utf8()..];
        // a marker applies only to the expression right after it
        if c == ';' || c == ',' {
            if pending == Marker::From || pending == Marker::To {
                // keep: "từ tháng 1, đến ..." is rare; a comma ends nothing here
            } else {
                pending = Marker::None;
            }
        }
    }

    let mut ranges: Vec<DateRange> = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let (mk, e) = items[i];
        let Some(span) = e.resolve(plan_year) else {
            i += 1;
            continue;
        };
        match mk {
            Marker::Before => ranges.push(DateRange {
                start: None,
                end: Some(span.end.iso()),
            }),
            Marker::From | Marker::None
                if items.get(i + 1).is_some_and(|(m, _)| *m == Marker::To) =>
            {
                let end_year = span.end.year;
                let end = items[i + 1].1.resolve(plan_year.or(Some(end_year)));
                match end {
                    Some(end) if end.end >= span.start => {
                        ranges.push(DateRange {
                            start: Some(span.start.iso()),
                            end: Some(end.end.iso()),
                        });
                    }
                    _ => ranges.push(DateRange {
                        start: Some(span.start.iso()),
                        end: Some(span.end.iso()),
                    }),
                }
                i += 2;
                continue;
            }
            Marker::To => ranges.push(DateRange {
                start: None,
                end: Some(span.end.iso()),
            }),
            // "Từ 01/7/2025" with no end: open-ended
            Marker::From => ranges.push(DateRange {
                start: Some(span.start.iso()),
                end: None,
            }),
            _ => ranges.push(DateRange {
                start: Some(span.start.iso()),
                end: Some(span.end.iso()),
            }),
        }
        i += 1;
    }

    let (start, end) = if ranges.is_empty() {
        (None, None)
    } else {
        let start = if ranges.iter().all(|r| r.start.is_some()) {
            ranges.iter().filter_map(|r| r.start.clone()).min()
        } else {
            None
        };
        let end = ranges.iter().filter_map(|r| r.end.clone()).max();
        (start, end)
    };
    if rec == Some(Recurrence::Continuous) && folded.contains("xuyen suot") && !ranges.is_empty() {
        rec = None;
    }
    Deadline {
        raw: raw_clean.into_owned(),
        start,
        end,
        recurrence: rec,
        ranges: if ranges.len() > 1 { ranges } else { Vec::new() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(
        raw: &str,
        year: Option<i32>,
        start: Option<&str>,
        end: Option<&str>,
        rec: Option<Recurrence>,
    ) {
        let d = parse(raw, year);
        assert_eq!(
            (d.start.as_deref(), d.end.as_deref(), d.recurrence),
            (start, end, rec),
            "deadline {raw:?}"
        );
        assert_eq!(d.raw, raw.trim_end_matches('.'));
    }

    #[test]
    fn domain_table() {
        use Recurrence::*;
        check(
            "Cả năm 2024",
            None,
            Some("2024-01-01"),
            Some("2024-12-31"),
            None,
        );
        check(
            "Xuyên suốt năm 2022",
            None,
            Some("2022-01-01"),
            Some("2022-12-31"),
            None,
        );
        check(
            "năm 2014",
            None,
            Some("2014-01-01"),
            Some("2014-12-31"),
            None,
        );
        check(
            "Quý II năm 2024",
            None,
            Some("2024-04-01"),
            Some("2024-06-30"),
            None,
        );
        check(
            "Quý IV năm 2024",
            None,
            Some("2024-10-01"),
            Some("2024-12-31"),
            None,
        );
        check(
            "Quý I/2025",
            None,
            Some("2025-01-01"),
            Some("2025-03-31"),
            None,
        );
        check(
            "Tháng 8/2022",
            None,
            Some("2022-08-01"),
            Some("2022-08-31"),
            None,
        );
        check(
            "2014 - 2020",
            None,
            Some("2014-01-01"),
            Some("2020-12-31"),
            None,
        );
        check(
            "Từ tháng 01/2022 đến hết 15/9/2022",
            None,
            Some("2022-01-01"),
            Some("2022-09-15"),
            None,
        );
        check(
            "Từ ngày 01/01/2022 đến ngày 30/6/2022",
            None,
            Some("2022-01-01"),
            Some("2022-06-30"),
            None,
        );
        check(
            "hoàn thành trước 31/10/2025",
            None,
            None,
            Some("2025-10-31"),
            None,
        );
        check(
            "chậm nhất ngày 31/10/2025",
            None,
            None,
            Some("2025-10-31"),
            None,
        );
        check("Thường xuyên", None, None, None, Some(Continuous));
        check("Hằng năm", None, None, None, Some(Annual));
        check(
            "Hằng năm, giai đoạn (2021-2025)",
            None,
            Some("2021-01-01"),
            Some("2025-12-31"),
            Some(Annual),
        );
        check("Hằng năm, giai đoạn", Some(2023), None, None, Some(Annual));
        check(
            "theo hướng dẫn của Trung ương",
            Some(2014),
            None,
            None,
            None,
        );
        check(
            "Quý I/2025 và thời gian theo các Kế hoạch khác được giao",
            Some(2025),
            Some("2025-01-01"),
            Some("2025-03-31"),
            None,
        );
    }

    #[test]
    fn several_ranges_are_kept() {
        let d = parse("Lần 1: năm 2014; bổ sung lần 2 năm 2017", None);
        assert_eq!(d.start.as_deref(), Some("2014-01-01"));
        assert_eq!(d.end.as_deref(), Some("2017-12-31"));
        assert_eq!(d.ranges.len(), 2);
        assert_eq!(d.ranges[1].start.as_deref(), Some("2017-01-01"));
    }

    #[test]
    fn quarter_or_month_without_year_takes_the_plan_year() {
        let d = parse("Quý III", Some(2023));
        assert_eq!(
            (d.start.as_deref(), d.end.as_deref()),
            (Some("2023-07-01"), Some("2023-09-30"))
        );
        let d = parse("chậm nhất ngày 17 tháng 12", Some(2026));
        assert_eq!((d.start, d.end.as_deref()), (None, Some("2026-12-17")));
        let d = parse("6 tháng đầu năm 2024", None);
        assert_eq!(
            (d.start.as_deref(), d.end.as_deref()),
            (Some("2024-01-01"), Some("2024-06-30"))
        );
    }

    #[test]
    fn from_without_to_is_open_ended() {
        let d = parse("Từ 01/7/2025", None);
        assert_eq!(
            (d.start.as_deref(), d.end.as_deref()),
            (Some("2025-07-01"), None)
        );
    }

    #[test]
    fn start_is_never_after_end() {
        let d = parse("Từ năm 2025 đến năm 2021", None);
        if let (Some(s), Some(e)) = (d.start, d.end) {
            assert!(s <= e);
        }
    }
}
