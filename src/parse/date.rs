//! Calendar dates as plans write them, parsed with nom on accent-folded text.
//!
//! Owns: `dd/mm/yyyy`, `ngày dd tháng mm năm yyyy` (day or month may be blank),
//! ISO formatting of full and partial dates, and month lengths.

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while1, take_while_m_n};
use nom::character::complete::{char as ch, digit1, space0, space1};
use nom::combinator::{map_res, opt, verify};
use nom::{IResult, Parser};

/// A calendar date; month and day may be unknown (blank in a draft).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl Date {
    pub fn ymd(year: i32, month: u32, day: u32) -> Date {
        Date {
            year,
            month: Some(month),
            day: Some(day),
        }
    }

    /// ISO 8601, partial when the day or month is unknown: `2024-02-05`, `2024-02`, `2024`.
    pub fn iso(&self) -> String {
        // the digits written out directly for the dates plans hold (a
        // formatter costs more than the date); any other through `format!`
        let fits = |v: Option<u32>| v.is_none_or(|v| v < 100);
        match u32::try_from(self.year) {
            Ok(y) if y <= 9999 && fits(self.month) && fits(self.day) => {
                let mut out = String::with_capacity(10);
                push_digits(&mut out, y, 4);
                if let Some(m) = self.month {
                    out.push('-');
                    push_digits(&mut out, m, 2);
                    if let Some(d) = self.day {
                        out.push('-');
                        push_digits(&mut out, d, 2);
                    }
                }
                out
            }
            _ => match (self.month, self.day) {
                (Some(m), Some(d)) => format!("{:04}-{:02}-{:02}", self.year, m, d),
                (Some(m), None) => format!("{:04}-{:02}", self.year, m),
                _ => format!("{:04}", self.year),
            },
        }
    }

    /// Whether the date exists in the calendar (a full date) or is a plausible partial one.
    pub fn is_valid(&self) -> bool {
        if !(1900..=2100).contains(&self.year) {
            return false;
        }
        match (self.month, self.day) {
            (Some(m), Some(d)) => {
                (1..=12).contains(&m) && d >= 1 && d <= days_in_month(self.year, m)
            }
            (Some(m), None) => (1..=12).contains(&m),
            (None, Some(_)) => false,
            (None, None) => true,
        }
    }
}

/// The last `width` decimal digits of `v`, zero-padded.
fn push_digits(out: &mut String, v: u32, width: u32) {
    for k in (0..width).rev() {
        out.push(char::from(b'0' + (v / 10u32.pow(k) % 10) as u8));
    }
}

/// Number of days in `month` of `year`.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

pub(crate) fn number(input: &str) -> IResult<&str, u32> {
    map_res(digit1, str::parse::<u32>).parse(input)
}

pub(crate) fn year4(input: &str) -> IResult<&str, i32> {
    map_res(
        verify(
            take_while_m_n(4, 4, |c: char| c.is_ascii_digit()),
            |s: &str| !s.starts_with('0'),
        ),
        str::parse::<i32>,
    )
    .parse(input)
    .and_then(|(rest, y)| {
        if rest.starts_with(|c: char| c.is_ascii_digit()) {
            Err(nom::Err::Error(nom::error::Error::new(
                rest,
                nom::error::ErrorKind::Digit,
            )))
        } else {
            Ok((rest, y))
        }
    })
}

fn sep(input: &str) -> IResult<&str, char> {
    let (input, _) = space0(input)?;
    let (input, c) = alt((ch('/'), ch('.'), ch('-'))).parse(input)?;
    let (input, _) = space0(input)?;
    Ok((input, c))
}

/// `dd/mm/yyyy` (also with `.` or `-`, and stray spaces: `24/ 12/2012`).
pub fn dmy(input: &str) -> IResult<&str, Date> {
    let (rest, (d, _, m, _, y)) = (number, sep, number, sep, year4).parse(input)?;
    let date = Date::ymd(y, m, d);
    if date.is_valid() {
        Ok((rest, date))
    } else {
        Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Verify,
        )))
    }
}

/// `ngay dd thang mm nam yyyy` on folded text; day and month may be blank.
pub fn spelled(input: &str) -> IResult<&str, Date> {
    let (rest, (_, _, d, _, _, _, m, _, _, _, y)) = (
        tag("ngay"),
        space0,
        opt(number),
        space0,
        tag("thang"),
        space0,
        opt(number),
        space0,
        tag("nam"),
        space1,
        year4,
    )
        .parse(input)?;
    let date = Date {
        year: y,
        month: m,
        day: if m.is_some() { d } else { None },
    };
    if date.is_valid() {
        Ok((rest, date))
    } else {
        Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Verify,
        )))
    }
}

/// Either form, optionally after "ngày".
pub fn any_date(input: &str) -> IResult<&str, Date> {
    alt((spelled, |i| {
        let (i, _) = opt((tag("ngay"), space1)).parse(i)?;
        dmy(i)
    }))
    .parse(input)
}

/// A run of letters (used to skip a word).
pub fn word(input: &str) -> IResult<&str, &str> {
    take_while1(|c: char| c.is_alphanumeric()).parse(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn iso_writes_what_the_formatter_writes(
            year in proptest::prop_oneof![-20000i32..20000, proptest::num::i32::ANY],
            month in proptest::option::of(proptest::prop_oneof![0u32..120, proptest::num::u32::ANY]),
            day in proptest::option::of(0u32..120),
        ) {
            let date = Date { year, month, day };
            let want = match (month, day) {
                (Some(m), Some(d)) => format!("{:04}-{:02}-{:02}", year, m, d),
                (Some(m), None) => format!("{:04}-{:02}", year, m),
                _ => format!("{:04}", year),
            };
            proptest::prop_assert_eq!(date.iso(), want);
        }
    }

    #[test]
    fn parses_slashed_and_spelled_dates() {
        assert_eq!(dmy("28/12/2021 cua").unwrap().1.iso(), "2021-12-28");
        assert_eq!(dmy("24/ 12/2012").unwrap().1.iso(), "2012-12-24");
        assert!(dmy("31/02/2021").is_err());
        assert_eq!(
            spelled("ngay 28 thang 01 nam 2022").unwrap().1.iso(),
            "2022-01-28"
        );
        assert_eq!(
            spelled("ngay thang 02 nam 2024").unwrap().1.iso(),
            "2024-02"
        );
        assert_eq!(spelled("ngay   thang   nam 2025").unwrap().1.iso(), "2025");
        assert!(year4("20245").is_err());
    }
}
