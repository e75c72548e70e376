//! Citations: every legal or administrative document a plan cites, with a
//! canonical id.
//!
//! Owns: finding document numbers in text (`59/2012/QĐ-TTg`, `39-CT/TW`,
//! `10/2018/TTLT-BTP-BCA-...`, `1234/BTP-TGPL`) with a nom parser that tolerates
//! copy slips (`QĐ – TTG`, `TTLT- TANDTC`), the kind of document (from the words
//! before the number, else from its type code), its date and issuer (from the
//! words after it), laws cited by name ("Luật Trợ giúp pháp lý năm 2017"), and
//! merging repeated mentions. Roles and sections are decided by the caller, which
//! knows where the preamble ends.

use memchr::memmem::{Finder, FinderRev};
use nom::bytes::complete::take_while_m_n;
use nom::character::complete::{char as ch, space0};
use nom::combinator::opt;
use nom::{IResult, Parser};
use regex_automata::util::captures::Captures;
use regex_automata::{meta, Anchored, Input};
use std::ops::Range;
use std::sync::LazyLock;

use super::date;
use crate::text;

/// Document type codes and the kind they denote (Decree 30/2020/NĐ-CP, Appendix III).
pub const TYPE_CODES: &[(&str, &str)] = &[
    ("QĐ", "Quyết định"),
    ("NĐ", "Nghị định"),
    ("NQ", "Nghị quyết"),
    ("NQLT", "Nghị quyết liên tịch"),
    ("CT", "Chỉ thị"),
    ("TT", "Thông tư"),
    ("TTLT", "Thông tư liên tịch"),
    ("KH", "Kế hoạch"),
    ("KHPH", "Kế hoạch phối hợp"),
    ("KHLT", "Kế hoạch liên tịch"),
    ("CTr", "Chương trình"),
    ("CTPH", "Chương trình phối hợp"),
    ("ĐA", "Đề án"),
    ("HD", "Hướng dẫn"),
    ("TB", "Thông báo"),
    ("BC", "Báo cáo"),
    ("QC", "Quy chế"),
    ("QCPH", "Quy chế phối hợp"),
    ("QĐi", "Quy định"),
    ("KL", "Kết luận"),
    ("CĐ", "Công điện"),
    ("PL", "Pháp lệnh"),
    ("TTr", "Tờ trình"),
    ("TTLN", "Tờ trình liên ngành"),
];

/// Party bodies that issue documents numbered "39-CT/TW": a number written
/// "27/NQ-TW" by a copy slip is put back in that form.
const PARTY_ISSUERS: &[&str] = &[
    "TW", "TU", "HU", "QU", "ĐU", "ĐUK", "BCSĐ", "BBT", "BCT", "BTGTW", "VPTW", "UBKTTW",
];

/// Issuer codes and the body they name (for citations that do not say who issued them).
pub const ISSUER_CODES: &[(&str, &str)] = &[
    ("TTg", "Thủ tướng Chính phủ"),
    ("CP", "Chính phủ"),
    ("BTP", "Bộ Tư pháp"),
    ("BCA", "Bộ Công an"),
    ("BQP", "Bộ Quốc phòng"),
    ("BTC", "Bộ Tài chính"),
    ("TANDTC", "Tòa án nhân dân tối cao"),
    ("VKSNDTC", "Viện kiểm sát nhân dân tối cao"),
    ("TW", "Ban Chấp hành Trung ương Đảng"),
    ("UBND", "Ủy ban nhân dân"),
    ("HĐND", "Hội đồng nhân dân"),
    ("STP", "Sở Tư pháp"),
    ("UBTVQH", "Ủy ban Thường vụ Quốc hội"),
    ("BLĐTBXH", "Bộ Lao động - Thương binh và Xã hội"),
    ("BNV", "Bộ Nội vụ"),
];

/// Words that name a kind of document, longest first, with their canonical spelling.
/// Matched on accent-folded text just before a number.
const KIND_WORDS: &[(&str, &str)] = &[
    ("thong tu lien tich", "Thông tư liên tịch"),
    ("to trinh lien nganh", "Tờ trình liên ngành"),
    ("to trinh", "Tờ trình"),
    ("nghi quyet lien tich", "Nghị quyết liên tịch"),
    ("ke hoach phoi hop", "Kế hoạch phối hợp"),
    ("ke hoach lien tich", "Kế hoạch liên tịch"),
    ("quy che phoi hop", "Quy chế phối hợp"),
    ("chuong trinh phoi hop", "Chương trình phối hợp"),
    ("nghi quyet", "Nghị quyết"),
    ("nghi dinh", "Nghị định"),
    ("quyet dinh", "Quyết định"),
    ("chi thi", "Chỉ thị"),
    ("thong tu", "Thông tư"),
    ("ke hoach", "Kế hoạch"),
    ("cong van", "Công văn"),
    ("van ban", "Văn bản"),
    ("quy che", "Quy chế"),
    ("chuong trinh", "Chương trình"),
    ("de an", "Đề án"),
    ("huong dan", "Hướng dẫn"),
    ("thong bao", "Thông báo"),
    ("bao cao", "Báo cáo"),
    ("cong dien", "Công điện"),
    ("ket luan", "Kết luận"),
    ("quy dinh", "Quy định"),
    ("bo luat", "Bộ luật"),
    ("phap lenh", "Pháp lệnh"),
    ("luat", "Luật"),
];

/// Laws commonly cited by name, with the number that identifies them.
/// (name folded, year, id). Source: the laws' official numbers.
const NAMED_LAWS: &[(&str, i32, &str)] = &[
    ("tro giup phap ly", 2017, "11/2017/QH14"),
    ("tgpl", 2017, "11/2017/QH14"),
    ("tro giup phap ly", 2006, "69/2006/QH11"),
    ("tgpl", 2006, "69/2006/QH11"),
];

/// One mention of a document found in a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub id: String,
    pub kind: String,
    pub number: Option<String>,
    pub date: Option<String>,
    pub issuer: Option<String>,
    /// The mention as written.
    pub raw: String,
    /// The mention sits in an appendix caption "(Kèm theo ...)": the plan itself.
    pub attached_to: bool,
}

/// A code token: capitals and digits, optionally ending in the lower-case `g` of
/// `TTg` or `r` of `CTr`, and not followed by another letter.
fn token(input: &str) -> IResult<&str, &str> {
    let start = input;
    let mut chars = input.char_indices();
    let Some((_, first)) = chars.next() else {
        return fail(input);
    };
    if !(first.is_ascii_uppercase() || first == 'Đ') {
        return fail(input);
    }
    let mut end = first.len_utf8();
    for (i, c) in chars {
        if c.is_ascii_uppercase() || c == 'Đ' || c.is_ascii_digit() {
            end = i + c.len_utf8();
        } else if (c == 'g' || c == 'r') && !input[i + 1..].starts_with(|x: char| x.is_alphabetic())
        {
            end = i + 1;
            break;
        } else {
            break;
        }
    }
    let rest = &input[end..];
    if rest.starts_with(|c: char| c.is_alphabetic()) {
        return fail(start);
    }
    Ok((rest, &input[..end]))
}

fn fail<T>(input: &str) -> IResult<&str, T> {
    Err(nom::Err::Error(nom::error::Error::new(
        input,
        nom::error::ErrorKind::Verify,
    )))
}

fn dash(input: &str) -> IResult<&str, char> {
    let (i, _) = space0(input)?;
    let (i, c) = nom::branch::alt((ch('-'), ch('–'), ch('—'))).parse(i)?;
    let (i, _) = space0(i)?;
    Ok((i, c))
}

fn slash(input: &str) -> IResult<&str, char> {
    let (i, _) = space0(input)?;
    let (i, c) = ch('/')(i)?;
    let (i, _) = space0(i)?;
    Ok((i, c))
}

/// Tokens joined by dashes: `QĐ-TTg`, `TTLT- TANDTC - VKSNDTC`.
fn code_chain(input: &str) -> IResult<&str, Vec<&str>> {
    let (mut rest, first) = token(input)?;
    let mut out = vec![first];
    while let Ok((r, _)) = dash(rest) {
        match token(r) {
            Ok((r2, t)) => {
                out.push(t);
                rest = r2;
            }
            Err(_) => break,
        }
    }
    Ok((rest, out))
}

fn digits(input: &str) -> IResult<&str, &str> {
    take_while_m_n(1, 5, |c: char| c.is_ascii_digit()).parse(input)
}

/// A parsed document number.
#[derive(Debug, Clone, PartialEq)]
pub struct DocId {
    pub number: String,
    pub year: Option<String>,
    /// Party form `39-CT/TW`: the type code before the slash.
    pub party_type: Option<String>,
    pub codes: Vec<String>,
}

impl DocId {
    /// The canonical form: case fixed, spaces removed, dashes plain.
    pub fn canonical(&self) -> String {
        // pieces pushed one after the other (the formatter costs more than the id)
        let mut out = String::with_capacity(32);
        out.push_str(&self.number);
        if let (None, None, [t, issuer]) = (&self.year, &self.party_type, self.codes.as_slice()) {
            if TYPE_CODES.iter().any(|(c, _)| c == t) && PARTY_ISSUERS.contains(&issuer.as_str()) {
                // a party document written the state's way: "12/CT-TU" is "12-CT/TU"
                for piece in ["-", t, "/", issuer] {
                    out.push_str(piece);
                }
                return out;
            }
        }
        match (&self.year, &self.party_type) {
            (_, Some(t)) => {
                out.push('-');
                out.push_str(t);
            }
            (Some(y), None) => {
                out.push('/');
                out.push_str(y);
            }
            (None, None) => {}
        }
        out.push('/');
        for (k, code) in self.codes.iter().enumerate() {
            if k > 0 {
                out.push('-');
            }
            out.push_str(code);
        }
        out
    }

    /// The type code, if the id has one.
    pub fn type_code(&self) -> Option<&str> {
        if let Some(t) = &self.party_type {
            return Some(t);
        }
        let first = self.codes.first()?;
        if TYPE_CODES.iter().any(|(c, _)| c == first) || first.starts_with("QH") {
            Some(first)
        } else {
            None
        }
    }
}

/// Every code of [`TYPE_CODES`] and [`ISSUER_CODES`] by its upper-case form
/// (the first listed wins), so a token is looked up once instead of compared
/// with each code.
static CODE_BY_UPPER: LazyLock<rustc_hash::FxHashMap<String, &'static str>> = LazyLock::new(|| {
    let mut by_upper = rustc_hash::FxHashMap::default();
    for (code, _) in TYPE_CODES.iter().chain(ISSUER_CODES.iter()) {
        by_upper.entry(code.to_uppercase()).or_insert(*code);
    }
    by_upper
});

/// A code as listed when it is one of ours in any case ("qđ" is "QĐ"), else
/// the token in upper case.
fn canonical_code(t: &str) -> String {
    let upper = t.to_uppercase();
    match CODE_BY_UPPER.get(upper.as_str()) {
        Some(code) => (*code).to_string(),
        None => upper,
    }
}

/// Parse a document number at the start of `input`.
pub fn doc_id(input: &str) -> IResult<&str, DocId> {
    let (rest, number) = digits(input)?;
    // both forms go on with a dash or a slash (after spaces or tabs, as
    // `dash` and `slash` read them): most numbers in a plan do not
    if !rest
        .trim_start_matches([' ', '\t'])
        .starts_with(['-', '–', '—', '/'])
    {
        return fail(rest);
    }
    // Party form: 39-CT/TW
    if let Ok((r, (_, t, _, codes))) = (dash, token, slash, code_chain).parse(rest) {
        return Ok((
            r,
            DocId {
                number: number.to_string(),
                year: None,
                party_type: Some(canonical_code(t)),
                codes: codes.iter().map(|c| canonical_code(c)).collect(),
            },
        ));
    }
    let (rest, _) = slash(rest)?;
    let (rest, year) = opt((date::year4, slash)).parse(rest)?;
    let (rest, codes) = code_chain(rest)?;
    Ok((
        rest,
        DocId {
            number: number.to_string(),
            year: year.map(|(y, _)| y.to_string()),
            party_type: None,
            codes: codes.iter().map(|c| canonical_code(c)).collect(),
        },
    ))
}

fn kind_of_code(code: &str) -> Option<&'static str> {
    if code.starts_with("QH") {
        return Some("Luật");
    }
    TYPE_CODES.iter().find(|(c, _)| *c == code).map(|(_, k)| *k)
}

/// The kind word right before a number ("Quyết định số", "Kế hoạch"), if any,
/// read from `folded`, the accent-folded text before the number. Returns the
/// canonical kind and how many chars of that text it covers.
fn kind_before(folded: &str) -> Option<(&'static str, usize)> {
    let full_len = folded.chars().count();
    let mut s = folded.trim_end_matches([' ', ':', '.']);
    if let Some(r) = s.strip_suffix(" so") {
        s = r.trim_end();
    } else if s == "so" {
        s = "";
    }
    for (w, kind) in KIND_WORDS {
        if let Some(prefix) = s.strip_suffix(w) {
            if prefix.is_empty() || prefix.ends_with(|c: char| !c.is_alphanumeric()) {
                let covered = full_len - prefix.chars().count();
                return Some((kind, covered));
            }
        }
    }
    None
}

/// Issuer named after a citation ("của Bộ trưởng Bộ Tư pháp"), in the original text.
fn issuer_after(after: &str) -> Option<String> {
    // The folded text must read "cua " after spaces and commas, or "ngay" after
    // white space (see `lead` below): test that first, on a few chars.
    if !(folded_head_is(after, 300, |c| c == ' ' || c == ',', "cua ")
        || folded_head_is(after, 300, char::is_whitespace, "ngay"))
    {
        return None;
    }
    // The first "cua " of the first 300 chars folded, char by char; the text
    // before it needs no other test: after the test above, it is spaces and
    // commas, or it starts with "ngay" after white space (which holds no
    // "cua "), as the issuer must come right after the id or its date.
    let mut window = ['\0'; 4];
    let mut found = None;
    for (k, (i, c)) in after.char_indices().take(300).enumerate() {
        window = [window[1], window[2], window[3], text::fold_char(c)];
        if window == ['c', 'u', 'a', ' '] {
            found = Some((k + 1, i + c.len_utf8()));
            break;
        }
    }
    let (taken, from) = found?;
    // the name is at most 80 chars, cut at the first stop that begins within
    // them (or where the 300 chars end): char by char, folding only as far as
    // the longest stop reaches from the char looked at
    let mut chars = after[from..].chars().take(300 - taken);
    let mut folded = String::with_capacity(128);
    let mut pos = 0; // the byte in `folded` of the name's char k
    let mut name_chars = 0; // the name's chars folded so far
    let mut end = 80;
    for k in 0..80 {
        while name_chars < k + STOP_CHARS {
            let Some(c) = chars.next() else { break };
            folded.push(text::fold_char(c));
            name_chars += 1;
        }
        if k == name_chars {
            end = k;
            break;
        }
        // every stop begins with one of these bytes: the others are passed over
        let rest = &folded[pos..];
        if STOP_FIRST_BYTES.contains(&rest.as_bytes()[0])
            && ISSUER_STOPS.iter().any(|s| rest.starts_with(s))
        {
            end = k;
            break;
        }
        pos += rest.chars().next().map_or(0, char::len_utf8);
    }
    // chars 0 .. end from `from`
    let to = after[from..]
        .char_indices()
        .nth(end)
        .map_or(after.len(), |(i, _)| from + i);
    let name = after[from..to].trim().to_string();
    (name.chars().count() >= 3).then_some(name)
}

/// Words that end an issuer's name.
const ISSUER_STOPS: [&str; 19] = [
    " ve ",
    " ban hanh",
    " phe duyet",
    " quy dinh",
    " huong dan",
    " sua doi",
    " giua ",
    " thuc hien",
    " trien khai",
    " tai ",
    " ngay ",
    " nam ",
    ",",
    ";",
    ".",
    "(",
    ":",
    " theo ",
    " tiep tuc",
];
/// The first bytes of [`ISSUER_STOPS`].
const STOP_FIRST_BYTES: [u8; 6] = [b' ', b',', b';', b'.', b'(', b':'];
/// The longest of [`ISSUER_STOPS`], in chars.
const STOP_CHARS: usize = 11;

/// The date right after a citation ("ngày 28/12/2021", "của Bộ Tư pháp ngày 08/12/2023").
fn date_after(after: &str) -> (Option<String>, usize) {
    // the lead before "ngay", trimmed of spaces and commas, is empty or starts
    // with "cua ": test that first, on a few chars
    let skip = |c: char| c == ' ' || c == ',';
    if !(folded_head_is(after, 240, skip, "ngay") || folded_head_is(after, 240, skip, "cua ")) {
        return (None, 0);
    }
    // most dates follow within a few chars: fold a short head first, and the
    // 240 chars only when the short head cannot settle the answer
    let folded = match text::fold_head_plain(after, SHORT_HEAD) {
        // (fewer bytes than SHORT_HEAD: fewer chars, so `short` is all of `after`)
        Some(short) if short.len() < SHORT_HEAD || date_settled_in(&short) => short,
        _ => text::fold_head(after, 240),
    };
    date_in(&folded)
}

/// [`date_after`] read from the folded text after the number: the first
/// "ngay", after nothing or after "cua " and an issuer, and the date there.
fn date_in(folded: &str) -> (Option<String>, usize) {
    let Some(p) = NGAY.find(folded.as_bytes()) else {
        return (None, 0);
    };
    let lead = folded[..p].trim_matches([' ', ',']);
    let ok_lead = lead.is_empty()
        || (lead.starts_with("cua ")
            && !lead.contains([';', '(', ')'])
            && !lead.chars().any(|c| c.is_ascii_digit())
            && lead.chars().count() <= 180);
    if !ok_lead {
        return (None, 0);
    }
    match date::any_date(&folded[p..]) {
        Ok((rest, d)) if d.year >= 1945 => {
            let used = folded.len() - rest.len();
            (Some(d.iso()), folded[..used].chars().count())
        }
        _ => (None, 0),
    }
}

/// The chars [`date_after`] folds first.
const SHORT_HEAD: usize = 40;

/// Whether [`date_after`] reads the same from `short`, the first
/// [`SHORT_HEAD`] chars of the folded text, as from its first 240: `short`
/// holds "ngay" (so the first "ngay" and the lead before it are the same),
/// and the date parsers read nothing past its end. Those parsers consume only
/// spaces and tabs, ASCII digits, '/', '.', '-' and the letters of "ngay",
/// "thang" and "nam", so none consumes past the first other char after
/// "ngay"; from there each reads at most 5 chars more (a tag, or a year's
/// four digits and the char after them).
fn date_settled_in(short: &str) -> bool {
    let Some(p) = NGAY.find(short.as_bytes()) else {
        return false;
    };
    let consumable =
        |c: char| matches!(c, ' ' | '\t' | '0'..='9' | '/' | '.' | '-') || "ngaythm".contains(c);
    let Some(q) = short[p..].find(|c: char| !consumable(c)) else {
        return false;
    };
    short[p + q..].chars().nth(8).is_some()
}

/// Whether the accent-folded form of the first `limit` chars of `s`, once the
/// leading chars for which `skip` holds are dropped, starts with `word`.
fn folded_head_is(s: &str, limit: usize, skip: impl Fn(char) -> bool, word: &str) -> bool {
    let mut folded = s
        .chars()
        .take(limit)
        .map(text::fold_char)
        .skip_while(|&c| skip(c));
    word.chars().all(|w| folded.next() == Some(w))
}

/// Searchers for words looked for around each mention, built once (a `str`
/// search sets one up per call).
static NGAY: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("ngay"));
static KEM_THEO: LazyLock<FinderRev<'static>> = LazyLock::new(|| FinderRev::new("kem theo"));

/// The kinds of document [`NUMBERED_MENTION`] looks for before "số".
const NUMBERED_KINDS: [&str; 14] = [
    "Quyết định",
    "Nghị định",
    "Nghị quyết",
    "Thông tư liên tịch",
    "Thông tư",
    "Chỉ thị",
    "Kế hoạch",
    "Công văn",
    "Văn bản",
    "Hướng dẫn",
    "Quy chế",
    "Chương trình",
    "Đề án",
    "Tờ trình",
];

static NUMBERED_MENTION: LazyLock<meta::Regex> = LazyLock::new(|| {
    meta::Regex::new(&format!(
        r"\b({})\s+số\s+(\d[^\s,;]*)",
        NUMBERED_KINDS.join("|")
    ))
    .expect("numbered mention regex")
});

/// Mentions that say "số" and a number the id parser could not read
/// ("Quyết định số 12/QD UBND"): the caller reports them as warnings.
pub fn unreadable(line: &str) -> Vec<String> {
    unreadable_given(line, &Reads::default())
}

/// Where the id parser ([`doc_id`]) was tried on one line, and whether it read
/// an id there: [`find_reading`] notes each try, and [`unreadable_given`] looks
/// a number up here before it parses the number again.
#[derive(Default)]
pub struct Reads {
    /// (byte offset, whether an id was read), by offset
    tried: Vec<(usize, bool)>,
    /// where "số" is written, in order, once [`find_reading`] has looked
    so: Option<Vec<usize>>,
}

impl Reads {
    /// Whether the id parser reads an id at byte `at` of `line` (the line
    /// these reads were noted on), from the notes when it was tried there.
    fn reads_id(&self, line: &str, at: usize) -> bool {
        match self.tried.binary_search_by_key(&at, |&(p, _)| p) {
            Ok(k) => self.tried[k].1,
            Err(_) => doc_id(&line[at..]).is_ok(),
        }
    }
}

/// [`unreadable`], with the reads [`find_reading`] noted on the same line.
pub fn unreadable_given(line: &str, reads: &Reads) -> Vec<String> {
    // The regex matches "<kind> số <digit>...": find each such place by hand and
    // try the regex anchored there only (its Unicode \b makes a scan slow).
    // Each place is kept with the end of its match when that is known
    // without the regex (see `read_number_end`).
    let mut starts = Vec::new();
    // each "số" as `law_words_and_so` finds it: noted by `find_reading`, or
    // found here when it has not looked
    let mut scanned = Vec::new();
    let so_at: &[usize] = match &reads.so {
        Some(so) => so,
        None => {
            law_words_and_so(line, &mut scanned);
            &scanned
        }
    };
    for &i in so_at {
        let before = line[..i].trim_end();
        let after = &line[i + "số".len()..];
        if before.len() == i || !space_then(after, char::is_numeric) {
            continue;
        }
        let number = line.len() - after.trim_start().len();
        starts.extend(
            NUMBERED_KINDS
                .iter()
                .filter(|k| before.ends_with(*k))
                .map(|k| {
                    let p = before.len() - k.len();
                    (p, read_number_end(line, p, number, reads))
                }),
        );
    }
    if starts.is_empty() {
        return Vec::new();
    }
    starts.sort_unstable();
    matches_from(&NUMBERED_MENTION, line, starts)
        .iter()
        .filter_map(|c| {
            let (whole, token) = (c.get_match()?, c.get_group(2)?);
            let parsed = reads.reads_id(line, token.start);
            let is_date = date::dmy(&line[token]).is_ok();
            (!parsed && !is_date).then(|| line[whole.range()].to_string())
        })
        .collect()
}

/// Where [`NUMBERED_MENTION`] would end a match starting at `p` (a kind word)
/// whose number starts at `number`, when that match is known not to be
/// reported: the id parser reads the number, and the kind word starts the line
/// or follows white space, so the regex's `\b` holds and its match runs to the
/// number's end ("\d[^\s,;]*"). `None` when the regex must be run.
fn read_number_end(line: &str, p: usize, number: usize, reads: &Reads) -> Option<usize> {
    let bounded = line[..p]
        .chars()
        .next_back()
        .is_none_or(char::is_whitespace);
    (bounded && reads.reads_id(line, number)).then(|| {
        line[number..]
            .find(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .map_or(line.len(), |k| number + k)
    })
}

/// Whether `s` starts with white space (`\s+`) and then a char for which `next` holds.
fn space_then(s: &str, next: impl Fn(char) -> bool) -> bool {
    let rest = s.trim_start();
    rest.len() < s.len() && rest.starts_with(next)
}

static LAW_BY_NAME: LazyLock<meta::Regex> = LazyLock::new(|| {
    meta::Regex::new(
        // "luật" as law_words_and_so finds it (lower case, capitals, either first
        // letter), the rest in any case
        r"\b[lL](?:uật|UẬT)(?i)\s+(Trợ\s+giúp\s+pháp\s+lý|TGPL)\b(?:\s*(?:năm\s*)?((?:19|20)\d{2})\b)?",
    )
    .expect("law regex")
});

/// "Luật" or "Bộ luật", a name in capitals and a year: what
/// [`read_law_with_year`] reads by hand, run only where it cannot tell (a
/// char whose class it does not know), and what the tests compare it with.
static LAW_WITH_YEAR: LazyLock<meta::Regex> = LazyLock::new(|| {
    // no bounded backtracker: "[\p{L} ]{2,60}" makes an NFA of thousands of
    // states, and the backtracker clears a bit per state and byte of each
    // match before reading its groups (5% of all parsing); the PikeVM
    // reads the same groups without that set-up
    meta::Regex::builder()
        .configure(meta::Config::new().backtrack(false))
        .build(r"\b(Bộ luật|Luật)\s+(\p{Lu}[\p{L} ]{2,60}?)\s+(?:năm\s+)?((?:19|20)\d{2})\b")
        .expect("law year regex")
});

/// Find every document mentioned in one line. `plan_year` decides which Law on
/// Legal Aid a bare "Luật Trợ giúp pháp lý" means (2006 before 2018, else 2017).
/// `line` is normalised text ([`crate::text::normalize`], as [`super::parse`]
/// asks): the words are matched precomposed, and the chars of a kind word
/// are counted on its folded form.
pub fn find(line: &str, plan_year: Option<i32>) -> Vec<Mention> {
    find_reading(line, plan_year, &mut Reads::default())
}

/// [`find`], noting in `reads` (emptied first) where the id parser was tried.
pub fn find_reading(line: &str, plan_year: Option<i32>, reads: &mut Reads) -> Vec<Mention> {
    reads.tried.clear();
    let so = reads.so.get_or_insert_with(Vec::new);
    so.clear();
    let words = law_words_and_so(line, so);
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    while let Some(d) = text::next_ascii_digit(bytes, i) {
        i = d;
        let boundary = i == 0
            || !(bytes[i - 1].is_ascii_alphanumeric()
                || bytes[i - 1] == b'/'
                || bytes[i - 1] == b'-'
                || bytes[i - 1] >= 0x80);
        if boundary {
            let read = doc_id(&line[i..]);
            reads.tried.push((i, read.is_ok()));
            if let Ok((rest, id)) = read {
                let end = line.len() - rest.len();
                if let Some(m) = mention(line, i, end, &id) {
                    out.push(m);
                }
                i = end;
                continue;
            }
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            continue;
        }
        i += 1;
    }
    if !words.is_empty() {
        laws_by_name(line, &words, plan_year, &mut out);
        laws_with_year(line, &words, &mut out);
    }
    out
}

/// "Luật Trợ giúp pháp lý", "Luật TGPL" (the name in any case, "luật" as
/// [`law_words_and_so`] reads it), with or without a year.
fn laws_by_name(line: &str, words: &[usize], plan_year: Option<i32>, out: &mut Vec<Mention>) {
    for caps in matches_from(
        &LAW_BY_NAME,
        line,
        unknown_ends(law_starts(line, words, true)),
    ) {
        let (Some(whole), Some(name)) = (caps.get_match(), caps.get_group(1)) else {
            continue;
        };
        let name = text::fold(&line[name])
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let year: Option<i32> = caps.get_group(2).and_then(|y| line[y].parse().ok());
        let year = year.unwrap_or(match plan_year {
            Some(y) if y < 2018 => 2006,
            _ => 2017,
        });
        if let Some((_, _, id)) = NAMED_LAWS.iter().find(|(n, y, _)| *n == name && *y == year) {
            out.push(Mention {
                id: (*id).to_string(),
                kind: "Luật".into(),
                number: id.split('/').next().map(str::to_string),
                date: None,
                issuer: Some("Quốc hội".into()),
                raw: line[whole.range()].to_string(),
                attached_to: false,
            });
        }
    }
}

/// "Luật" or "Bộ luật", then a name in capitals and a year ("Luật Đất đai năm 2024").
fn laws_with_year(line: &str, words: &[usize], out: &mut Vec<Mention>) {
    for m in law_with_year_matches(line, words) {
        let name = line[m.name].trim();
        let folded = text::fold(name);
        if NAMED_LAWS.iter().any(|(n, _, _)| folded == *n) || folded.starts_with("tro giup phap ly")
        {
            continue;
        }
        // "Luật ... số 11/2017/QH14" is found by its number
        if line[m.whole.end..].trim_start().starts_with("số") {
            continue;
        }
        let kind = &line[m.kind];
        out.push(Mention {
            id: format!("{kind} {name} {}", &line[m.year]),
            kind: kind.to_string(),
            number: None,
            date: None,
            issuer: Some("Quốc hội".into()),
            raw: line[m.whole].to_string(),
            attached_to: false,
        });
    }
}

/// One match of [`LAW_WITH_YEAR`]: the byte ranges of the match and of its
/// three groups.
#[derive(Debug, PartialEq)]
struct LawWithYear {
    whole: Range<usize>,
    kind: Range<usize>,
    name: Range<usize>,
    year: Range<usize>,
}

/// The leftmost-first, non-overlapping matches of [`LAW_WITH_YEAR`] in `line`
/// (what `captures_iter` gives), given [`law_words_and_so`]: each start is read by
/// [`read_law_with_year`], and the regex runs only where that cannot tell.
/// (Nearly every start matches, and the regex's PikeVM took ~13,000
/// instructions to read the groups of one match.)
fn law_with_year_matches(line: &str, words: &[usize]) -> Vec<LawWithYear> {
    let mut found: Vec<LawWithYear> = Vec::new();
    for p in law_starts(line, words, false) {
        if found.last().is_some_and(|m| p < m.whole.end) {
            continue;
        }
        let m = read_law_with_year(line, p).unwrap_or_else(|| {
            let mut caps = LAW_WITH_YEAR.create_captures();
            LAW_WITH_YEAR.search_captures(
                &Input::new(line).range(p..).anchored(Anchored::Yes),
                &mut caps,
            );
            let group = |g| caps.get_group(g).map(|s| s.range());
            Some(LawWithYear {
                whole: group(0)?,
                kind: group(1)?,
                name: group(2)?,
                year: group(3)?,
            })
        });
        found.extend(m);
    }
    found
}

/// [`LAW_WITH_YEAR`] read by hand at `p`, as the regex reads it:
/// `\b(Bộ luật|Luật)\s+(\p{Lu}[\p{L} ]{2,60}?)\s+(?:năm\s+)?((?:19|20)\d{2})\b`.
/// `Some(None)` when it does not match there, `None` when a char it meets is
/// one whose class is not known here (see [`latin_letter`]), or a word
/// boundary or digit falls on a char outside ASCII: the regex decides then.
fn read_law_with_year(line: &str, p: usize) -> Option<Option<LawWithYear>> {
    let ascii_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    // `\b`: the kind word starts with a word char, so none may come before it
    match line[..p].chars().next_back() {
        Some(c) if !c.is_ascii() => return None,
        Some(c) if ascii_word(c) => return Some(None),
        _ => {}
    }
    let Some(kind_end) = ["Bộ luật", "Luật"]
        .iter()
        .find(|k| line[p..].starts_with(*k))
        .map(|k| p + k.len())
    else {
        return Some(None);
    };
    let name_start = skip_white(line, kind_end);
    if name_start == kind_end {
        return Some(None);
    }
    // the name: an upper-case letter, then 2 to 60 letters or spaces, as few
    // as let the rest match
    let mut chars = line[name_start..].chars();
    let Some(first) = chars.next() else {
        return Some(None);
    };
    if !latin_letter(first)? || !first.is_uppercase() {
        return Some(None);
    }
    let mut name_end = name_start + first.len_utf8();
    // `count` chars in the name so far
    for count in 1..=61 {
        if count >= 3 {
            if let Some(year) = year_after_name(line, name_end)? {
                return Some(Some(LawWithYear {
                    whole: p..year.end,
                    kind: p..kind_end,
                    name: name_start..name_end,
                    year,
                }));
            }
        }
        match chars.next() {
            Some(' ') => {}
            Some(c) if latin_letter(c)? => {}
            _ => return Some(None),
        }
        name_end = line.len() - chars.as_str().len();
    }
    Some(None)
}

/// What follows the name in [`LAW_WITH_YEAR`], read at `at`:
/// `\s+(?:năm\s+)?((?:19|20)\d{2})\b`, the year's range when it matches.
/// The white space runs are taken whole (a shorter run leaves white space
/// where "năm" or a digit must be). `None` as in [`read_law_with_year`].
fn year_after_name(line: &str, at: usize) -> Option<Option<Range<usize>>> {
    let spaced = skip_white(line, at);
    if spaced == at {
        return Some(None);
    }
    if let Some(rest) = line[spaced..].strip_prefix("năm") {
        let after_nam = line.len() - rest.len();
        let digits = skip_white(line, after_nam);
        if digits > after_nam {
            // without "năm", the year would have to start at its "n"
            return year_from(line, digits);
        }
        return Some(None);
    }
    year_from(line, spaced)
}

/// `((?:19|20)\d{2})\b` at `at`. `None` as in [`read_law_with_year`].
fn year_from(line: &str, at: usize) -> Option<Option<Range<usize>>> {
    let b = &line.as_bytes()[at..];
    if !(b.starts_with(b"19") || b.starts_with(b"20")) {
        return Some(None);
    }
    // `\d` is any decimal digit: a char outside ASCII is left to the regex
    for k in 2..4 {
        match b.get(k) {
            Some(d) if d.is_ascii_digit() => {}
            Some(d) if !d.is_ascii() => return None,
            _ => return Some(None),
        }
    }
    match b.get(4) {
        Some(c) if !c.is_ascii() => None,
        Some(c) if c.is_ascii_alphanumeric() || *c == b'_' => Some(None),
        _ => Some(Some(at..at + 4)),
    }
}

/// The end of the white space (`\s`: Unicode White_Space) from `at`.
fn skip_white(line: &str, at: usize) -> usize {
    line.len() - line[at..].trim_start().len()
}

/// Whether `c` is a letter (`\p{L}`), where that is known without the
/// Unicode tables: ASCII, and Latin-1's letters and Latin Extended-A, -B and
/// Additional, where every char is a letter, `char::is_alphabetic` says
/// so, and `char::is_uppercase` holds of upper-case letters (`\p{Lu}`)
/// only. `None` for any other char.
fn latin_letter(c: char) -> Option<bool> {
    match c {
        _ if c.is_ascii() => Some(c.is_ascii_alphabetic()),
        '\u{d7}' | '\u{f7}' => Some(false),
        '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}' => Some(true),
        _ => None,
    }
}

/// Where "luật" is written, and where "số" is (pushed to `so`), in one scan
/// of `line` for rare bytes, in order. "luật": the byte offset of the "ậ" of
/// each "uật" or "UẬT" after an "l" or "L" ("luật", "Luật", "LUẬT"; not a
/// mixed-case "LuẬt"), found from the last bytes of "ậ" (E1 BA AD) and "Ậ"
/// (E1 BA AC), which few other chars end with ("ử", "Ử"), and the bytes
/// around each. "số" (what [`unreadable_given`] looks for): from each 's'
/// (few lines hold many).
// (inlined into both callers: called from two, it was left out of line in
// `find_reading`, the hot one, at a cost of 0.3% of parsing)
#[inline(always)]
fn law_words_and_so(line: &str, so: &mut Vec<usize>) -> Vec<usize> {
    let b = line.as_bytes();
    let mut words = Vec::new();
    for at in memchr::memchr3_iter(b's', 0xAD, 0xAC, b) {
        if b[at] == b's' {
            if b[at..].starts_with("số".as_bytes()) {
                so.push(at);
            }
        } else {
            words.extend(law_word_at(b, at));
        }
    }
    words
}

/// The "ậ" or "Ậ" of a "luật" whose "ậ" or "Ậ" ends at byte `last` of `b`
/// (a 0xAD or 0xAC).
fn law_word_at(b: &[u8], last: usize) -> Option<usize> {
    let i = last.checked_sub(2)?;
    let (u, t) = if b[last] == 0xAD {
        (b'u', b't')
    } else {
        (b'U', b'T')
    };
    let luat = i >= 2
        && b[i] == 0xE1
        && b[i + 1] == 0xBA
        && b[i - 1] == u
        && b[i - 2].eq_ignore_ascii_case(&b'l')
        && b.get(last + 1) == Some(&t);
    luat.then_some(i)
}

/// Where a match of [`LAW_BY_NAME`] (`any_case`) or of [`LAW_WITH_YEAR`] can
/// start, in order, given [`law_words_and_so`]: at each "luật" it found followed by
/// white space and a T, or at each "Luật" or "Bộ luật"
/// followed by what [`year_may_follow`] asks.
fn law_starts(line: &str, words: &[usize], any_case: bool) -> Vec<usize> {
    let bytes = line.as_bytes();
    let mut starts = Vec::new();
    for &i in words {
        // "ậ" and "Ậ" are 3 bytes: "lu" before it, "t" after it
        let p = i - 2;
        let after = &line[i + 4..];
        if any_case {
            if space_then(after, |c| c == 't' || c == 'T') {
                starts.push(p);
            }
        } else if bytes[i..].starts_with("ật".as_bytes()) && bytes[p + 1] == b'u' {
            // the kind word first: "luật" alone ("pháp luật") is common, and
            // the scan for a year can run to the line's end
            let start = match bytes[p] {
                b'L' => Some(p),
                b'l' if line[..p].ends_with("Bộ ") => Some(p - "Bộ ".len()),
                _ => None,
            };
            starts.extend(start.filter(|_| year_may_follow(after)));
        }
    }
    starts
}

/// Whether a name and a year can follow "Luật" as [`LAW_WITH_YEAR`] asks: its
/// name, spaces and "năm" hold letters and white space only, none of them an
/// ASCII digit, so the first ASCII digit after the word must open the year
/// ("19" or "20"), and no ASCII char that is neither a letter nor white space
/// may come before it.
fn year_may_follow(after: &str) -> bool {
    for (k, &b) in after.as_bytes().iter().enumerate() {
        if b.is_ascii_digit() {
            let year = &after.as_bytes()[k..];
            return year.starts_with(b"19") || year.starts_with(b"20");
        }
        if b.is_ascii() && !b.is_ascii_alphabetic() && !b" \t\n\x0B\x0C\r".contains(&b) {
            return false;
        }
    }
    false
}

/// Starts for [`matches_from`] whose every match must be tried.
fn unknown_ends(starts: Vec<usize>) -> impl Iterator<Item = (usize, Option<usize>)> {
    starts.into_iter().map(|p| (p, None))
}

/// The leftmost-first, non-overlapping matches of `re` in `line` (what
/// `captures_iter` gives) when every match must start at one of `starts`
/// (ascending): each start is tried anchored, so the regex never scans the rest
/// of the line (its Unicode `\b` would make that a slow scan). A start paired
/// with `Some(end)` is a match known to end there that the caller does not
/// want: it is stepped over without running the regex, and not returned.
fn matches_from(
    re: &meta::Regex,
    line: &str,
    starts: impl IntoIterator<Item = (usize, Option<usize>)>,
) -> Vec<Captures> {
    let mut found = Vec::new();
    let mut end = 0;
    // one set of slots for every try, made at the first; only a match is
    // kept (copied)
    let mut slots = None;
    for (p, known_end) in starts {
        if p < end {
            continue;
        }
        if let Some(e) = known_end {
            end = e;
            continue;
        }
        let caps = slots.get_or_insert_with(|| re.create_captures());
        re.search_captures(&Input::new(line).range(p..).anchored(Anchored::Yes), caps);
        if let Some(m) = caps.get_match() {
            end = m.end();
            found.push(caps.clone());
        }
    }
    found
}

fn mention(line: &str, start: usize, end: usize, id: &DocId) -> Option<Mention> {
    let before = &line[..start];
    // the 40 chars before the number (never the whole line: lines can be huge)
    let tail_start = before
        .char_indices()
        .rev()
        .nth(39)
        .map(|(i, _)| i)
        .unwrap_or(0);
    let before_tail = &before[tail_start..];
    let folded_before = text::fold(before_tail);
    let kind_found = kind_before(&folded_before);
    let code_kind = id.type_code().and_then(kind_of_code);
    // a bare number with neither a kind word nor a type code nor a year is too weak
    if kind_found.is_none() && code_kind.is_none() && id.year.is_none() {
        // official letters "1234/BTP-TGPL" need their kind word (Công văn, Văn bản)
        return None;
    }
    // A normative id (with a year) must carry a known type, be a law, or follow a
    // kind word ("Nghị quyết số 101/2025/UBTVQH15").
    if id.year.is_some() && code_kind.is_none() && kind_found.is_none() {
        return None;
    }
    let kind = match (kind_found, code_kind) {
        (Some((k, _)), _) => k.to_string(),
        (None, Some(k)) => k.to_string(),
        (None, None) => "Công văn".to_string(),
    };
    let after = &line[end..];
    let (date, date_len) = date_after(after);
    let issuer = issuer_after(after).or_else(|| issuer_from_codes(id));
    // the kind word's first char: `covered` chars back from the number (the
    // first char of the tail when it covers more, the number when none)
    let raw_start = match kind_found {
        Some((_, covered)) if covered > 0 => before_tail
            .char_indices()
            .rev()
            .nth(covered - 1)
            .map_or(tail_start, |(b, _)| tail_start + b),
        _ => start,
    };
    let raw_end = end
        + after
            .chars()
            .take(date_len)
            .map(char::len_utf8)
            .sum::<usize>();
    // "(Kèm theo Kế hoạch số ...)": an appendix caption naming the plan itself
    let attached_to = KEM_THEO.rfind(folded_before.as_bytes()).is_some_and(|p| {
        let lead = folded_before[..p].trim_end();
        let between = folded_before[p + "kem theo".len()..].trim();
        (lead.is_empty() || lead.ends_with('(')) && between.split_whitespace().count() <= 3
    });
    Some(Mention {
        id: id.canonical(),
        kind,
        number: Some(id.number.clone()),
        date,
        issuer,
        raw: line[raw_start..raw_end].trim().to_string(),
        attached_to,
    })
}

fn issuer_from_codes(id: &DocId) -> Option<String> {
    let names: Vec<&str> = id
        .codes
        .iter()
        .filter_map(|c| {
            if c.starts_with("QH") {
                return Some("Quốc hội");
            }
            ISSUER_CODES.iter().find(|(k, _)| k == c).map(|(_, n)| *n)
        })
        .collect();
    (!names.is_empty()).then(|| names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The "luật" of [`law_words_and_so`].
    fn law_words(line: &str) -> Vec<usize> {
        law_words_and_so(line, &mut Vec::new())
    }

    /// law_words char by char: an "ậ" with "lu" before it and "t" after it,
    /// or an "Ậ" with "LU" or "lU" before it and "T" after it.
    fn law_words_reference(line: &str) -> Vec<usize> {
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        (2..chars.len().saturating_sub(1))
            .filter(|&k| {
                let (l, u, v, t) = (chars[k - 2].1, chars[k - 1].1, chars[k].1, chars[k + 1].1);
                (l == 'l' || l == 'L')
                    && ((u, v, t) == ('u', 'ậ', 't') || (u, v, t) == ('U', 'Ậ', 'T'))
            })
            .map(|k| chars[k].0)
            .collect()
    }

    /// canonical_code as first written: each code compared in turn.
    fn canonical_code_reference(t: &str) -> String {
        for (code, _) in TYPE_CODES.iter().chain(ISSUER_CODES.iter()) {
            if code.to_uppercase() == t.to_uppercase() {
                return (*code).to_string();
            }
        }
        t.to_uppercase()
    }

    #[test]
    fn every_code_is_found_in_any_case() {
        for (code, _) in TYPE_CODES.iter().chain(ISSUER_CODES.iter()) {
            for t in [code.to_string(), code.to_lowercase(), code.to_uppercase()] {
                assert_eq!(canonical_code(&t), canonical_code_reference(&t), "{t}");
            }
        }
        assert_eq!(canonical_code("qđ"), "QĐ");
        assert_eq!(canonical_code("ubnd"), "UBND");
        assert_eq!(canonical_code("xyz"), "XYZ");
    }

    proptest! {
        #[test]
        fn canonical_code_matches_comparing_each_code(t in "[qđĐnNdDuUbBtTcCHhxX]{1,5}") {
            prop_assert_eq!(canonical_code(&t), canonical_code_reference(&t));
        }

        #[test]
        fn law_words_reads_as_char_by_char(s in "([lLuUtTậẬa ]|luật|LUẬT|Luật|lập){0,30}") {
            prop_assert_eq!(law_words(&s), law_words_reference(&s));
        }

        #[test]
        fn issuer_after_reads_as_folding_every_char(
            s in "([ ,.;(\t\u{a0}xçcC]|của|CỦA|cua|ngày|NGÀY|Bộ Tư pháp|về|ban hành|tại){0,40}"
        ) {
            prop_assert_eq!(issuer_after(&s), issuer_after_reference(&s));
        }
    }

    #[test]
    fn law_words_on_real_spellings() {
        let line = "LUẬT ĐẤT ĐAI, Luật Trợ giúp pháp lý, pháp luật, lập, thuật, luậtt";
        assert_eq!(law_words(line), law_words_reference(line));
        assert_eq!(law_words(line), vec![2, 22, 58, 82]);
    }

    /// issuer_after as first written: fold 300 chars, then look.
    fn issuer_after_reference(after: &str) -> Option<String> {
        let chars: Vec<char> = after.chars().take(300).collect();
        let folded: String = chars.iter().map(|&c| text::fold_char(c)).collect();
        let start = folded.find("cua ")?;
        let lead = &folded[..start];
        if lead.trim_matches([' ', ',']).chars().count() > 0 && !lead.trim().starts_with("ngay") {
            return None;
        }
        let name_start = folded[..start].chars().count() + 4;
        let tail = &folded[start + 4..];
        let mut end = tail.chars().count().min(80);
        for s in ISSUER_STOPS {
            if let Some(p) = tail.find(s) {
                end = end.min(tail[..p].chars().count());
            }
        }
        let name: String = chars[name_start..(name_start + end).min(chars.len())]
            .iter()
            .collect();
        let name = name.trim().to_string();
        (name.chars().count() >= 3).then_some(name)
    }

    /// unreadable as first written: the regex over the whole line.
    fn unreadable_reference(line: &str) -> Vec<String> {
        if !line.contains("số") {
            return Vec::new();
        }
        NUMBERED_MENTION
            .captures_iter(line)
            .filter_map(|c| {
                let token = &line[c.get_group(2)?];
                let start = c.get_group(2)?.start;
                let parsed = doc_id(&line[start..]).is_ok();
                let is_date = date::dmy(token).is_ok();
                let whole = c.get_match()?.range();
                (!parsed && !is_date).then(|| line[whole].to_string())
            })
            .collect()
    }

    #[test]
    fn law_with_year_read_by_hand_as_the_regex_reads_it() {
        let regex = |line: &str| -> Vec<LawWithYear> {
            LAW_WITH_YEAR
                .captures_iter(line)
                .map(|c| {
                    let g = |k| c.get_group(k).expect("group").range();
                    LawWithYear {
                        whole: g(0),
                        kind: g(1),
                        name: g(2),
                        year: g(3),
                    }
                })
                .collect()
        };
        let (mut lines, mut by_hand, mut matched) = (0, 0, 0);
        // names of every length up to past the bound of 61 chars, then what
        // may follow a name, and what may come before the kind word
        let names = (1..=66).flat_map(|n| {
            let cut = move |s: &str| -> String { s.chars().cycle().take(n).collect() };
            [
                cut("Đất đai Biển  x "),
                format!("Đ{}", "ấ".repeat(n - 1)),
                cut("Ab c\u{3a9}d"),
                cut("Ab c\u{2192}d"),
                cut("Ab c\u{d7}d"),
                cut("ab c"),
                cut("\u{24b6}bc"),
            ]
        });
        for name in names {
            for tail in [
                " năm 20\u{661}\u{662}",
                " năm 2024\u{201d}",
                " 2024\u{201d}",
                " năm 2024ấ",
                " năm 2024",
                " 2024",
                "  năm\t1998.",
                " năm 2024x",
                " năm 20245",
                " năm 2024_",
                " nămm 2024",
                " năm2024",
                "\u{a0}1998\u{a0}",
                " 1898",
            ] {
                for kind in [
                    "Luật ",
                    "Bộ luật\t",
                    "xLuật ",
                    "(Luật ",
                    "Luật",
                    "LUẬT ",
                    "ấLuật ",
                    "\u{201c}Luật ",
                ] {
                    let line = format!("{kind}{name}{tail} và Luật Ab năm 2020");
                    let words = law_words(&line);
                    let found = law_with_year_matches(&line, &words);
                    assert_eq!(found, regex(&line), "{line:?}");
                    lines += 1;
                    matched += found.len();
                    by_hand += law_starts(&line, &words, false)
                        .iter()
                        .filter(|&&p| read_law_with_year(&line, p).is_some())
                        .count();
                }
            }
        }
        // nearly every start read by hand, and the lines with and without matches
        assert!(by_hand > lines, "{by_hand} of {lines}");
        assert!(
            matched > lines && matched < 2 * lines,
            "{matched} of {lines}"
        );
    }

    #[test]
    fn anchored_law_matches_and_unreadable_find_what_the_regexes_find_on_the_whole_line() {
        let words = [
            // for the reading of LAW_WITH_YEAR by hand: a year's first
            // digits, word chars outside the letters, upper-case chars that
            // are no `\p{Lu}`, a letter outside Latin, what is no letter
            "20",
            "_",
            "\u{24b6}bc",
            "\u{1c5}ab",
            "\u{3a9}mega",
            "\u{d7}",
            "A",
            "\u{201c}",
            "Luật",
            "luật",
            "LUẬT",
            "lUẬt",
            "Bộ luật",
            "Trợ giúp pháp lý",
            "TRỢ GIÚP PHÁP LÝ",
            "tgpl",
            "TGPL",
            "Đất đai",
            "năm",
            "2017",
            "1998",
            "số",
            "Số",
            "12/QD",
            "١٢",
            "Quyết định",
            "Kế hoạch",
            "pháp luật",
            " ",
            "\t",
            "\u{a0}",
            ",",
            "x",
            "12 -CT/TW",
            "5/qd",
            "3/2020/QĐ-TTg",
            ";",
            "1/1/2020",
            "Thông tư liên tịch",
            "xQuyết định",
            "-",
            "3/2020/QĐ-TTg/",
        ];
        let mut seed = 7u64;
        let mut hits = [0; 3];
        let mut reads = Reads::default();
        for _ in 0..100_000 {
            let mut line = String::new();
            for _ in 0..6 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                line.push_str(words[(seed >> 33) as usize % words.len()]);
                if seed & (1 << 20) != 0 {
                    line.push(' ');
                }
            }
            let spans = |found: Vec<Captures>| -> Vec<Vec<Option<Range<usize>>>> {
                found
                    .iter()
                    .map(|c| {
                        (0..c.group_len())
                            .map(|g| c.get_group(g).map(|s| s.range()))
                            .collect()
                    })
                    .collect()
            };
            let words = law_words(&line);
            let by_name = matches_from(
                &LAW_BY_NAME,
                &line,
                unknown_ends(law_starts(&line, &words, true)),
            );
            let whole = spans(LAW_BY_NAME.captures_iter(&line).collect());
            assert_eq!(spans(by_name), whole, "{line:?}");
            hits[0] += usize::from(!whole.is_empty());
            let with_year: Vec<Vec<Option<Range<usize>>>> = law_with_year_matches(&line, &words)
                .into_iter()
                .map(|m| [m.whole, m.kind, m.name, m.year].map(Some).to_vec())
                .collect();
            let whole = spans(LAW_WITH_YEAR.captures_iter(&line).collect());
            assert_eq!(with_year, whole, "{line:?}");
            hits[1] += usize::from(!whole.is_empty());
            if NUMBERED_MENTION.is_match(&line) {
                hits[2] += 1;
            }
            let expected = unreadable_reference(&line);
            assert_eq!(unreadable(&line), expected, "{line:?}");
            // and with what `find` noted on the line (a wrong note changes the
            // answer), in reads kept from line to line as `parse` keeps them
            assert_eq!(find_reading(&line, None, &mut reads), find(&line, None));
            assert_eq!(unreadable_given(&line, &reads), expected, "{line:?}");
        }
        assert!(hits.iter().all(|&h| h >= 20), "{hits:?}");
    }

    /// date_after as first written: the 240 chars always folded.
    fn date_after_reference(after: &str) -> (Option<String>, usize) {
        let skip = |c: char| c == ' ' || c == ',';
        if !(folded_head_is(after, 240, skip, "ngay") || folded_head_is(after, 240, skip, "cua ")) {
            return (None, 0);
        }
        date_in(&text::fold(text::head(after, 240)))
    }

    proptest! {
        #[test]
        fn date_after_reads_as_folding_all_240_chars(
            after in "( |  {10,40}|\t|,|ngày|Ngày|NGÀY|ngay|của Bộ Tư pháp|tháng|năm|nam|thang|[0-9]{1,5}|/|\\.|-|x|ễ|\u{301}|;){0,40}",
        ) {
            prop_assert_eq!(date_after(&after), date_after_reference(&after));
        }
    }

    #[test]
    fn date_after_on_real_spellings() {
        for a in [
            " ngày 28/12/2021 của Thủ tướng",
            " ngày 28 tháng 12 năm 2021 của Bộ",
            ", ngày   tháng 02 năm 2024",
            " của Bộ Tư pháp ngày 08/12/2023",
            &format!(" ngày {} 12/3/2024", " ".repeat(70)),
            &format!(" ngày 12 tháng{}3 năm 2024", " ".repeat(60)),
            " ngày 12/3/2024",
            " ngày 12/3/20",
        ] {
            assert_eq!(date_after(a), date_after_reference(a), "{a:?}");
        }
        assert_eq!(
            date_after(" ngày 28/12/2021 của Thủ tướng").0.as_deref(),
            Some("2021-12-28")
        );
    }

    #[test]
    fn every_issuer_stop_begins_with_a_listed_byte() {
        for s in ISSUER_STOPS {
            assert!(STOP_FIRST_BYTES.contains(&s.as_bytes()[0]), "{s:?}");
        }
    }

    #[test]
    fn issuer_after_folds_less_but_finds_the_same() {
        let mut cases: Vec<String> = vec![
            "".into(),
            " của Bộ Tư pháp về việc".into(),
            ", của Bộ trưởng Bộ Tư pháp".into(),
            " ngày 28/12/2021 của Thủ tướng Chính phủ phê duyệt".into(),
            " ngày 28/12/2021 của".into(),
            " của ".into(),
            " của Bộ".into(),
            " của Bộ Tư".into(),
            "\tngày của Ủy ban nhân dân tỉnh".into(),
            " về việc của Bộ".into(),
            "của".into(),
        ];
        for n in 70..95 {
            cases.push(format!(" của {} triển khai", "ắ".repeat(n)));
            cases.push(format!(" của {} trien khai tiep", "a b".repeat(n / 3)));
            cases.push(format!(" ngày {} của Bộ {}", "x ".repeat(n), "y".repeat(n)));
            cases.push(format!("{}của Bộ", " ,".repeat(n * 2)));
        }
        // "của" and the name where the 300 chars end
        for n in 270..300 {
            cases.push(format!(" ngày {} của Bộ Tư pháp", "x".repeat(n)));
        }
        for c in &cases {
            assert_eq!(issuer_after(c), issuer_after_reference(c), "{c:?}");
        }
    }

    fn ids(line: &str) -> Vec<String> {
        find(line, Some(2024)).into_iter().map(|m| m.id).collect()
    }

    #[test]
    fn canonical_ids() {
        assert_eq!(
            ids("Quyết định số 59/2012/QĐ – TTG ngày 24/ 12/2012"),
            vec!["59/2012/QĐ-TTg"]
        );
        assert_eq!(ids("Chỉ thị số 39-CT/TW ngày 01/11/2019"), vec!["39-CT/TW"]);
        assert_eq!(
            ids("Nghị quyết số 57- NQ/TW ngày 22/12/2024"),
            vec!["57-NQ/TW"]
        );
        assert_eq!(
            ids("Căn cứ Nghị quyết số 101/2025/UBTVQH15 ngày 26/9/2025"),
            vec!["101/2025/UBTVQH15"]
        );
        assert_eq!(
            ids(
                "Thông tư liên tịch số 05/2021/TTLT- TANDTC - VKSNDTC - BCA - BQP - BTP của Tòa án"
            ),
            vec!["05/2021/TTLT-TANDTC-VKSNDTC-BCA-BQP-BTP"]
        );
        assert_eq!(ids("Kế hoạch 37/KH-UBND về thực hiện"), vec!["37/KH-UBND"]);
        assert_eq!(
            ids("Nghị quyết số 27/NQ- TW ngày 09/11/2022"),
            vec!["27-NQ/TW"]
        );
        assert_eq!(
            ids("Tờ trình liên ngành số 415/TTLN-TP-TC ngày"),
            vec!["415/TTLN-TP-TC"]
        );
        assert_eq!(
            ids("Quy chế phối hợp số 225/QCPH-TTTGPL-ĐLS ngày 10/08/2020"),
            vec!["225/QCPH-TTTGPL-ĐLS"]
        );
        assert_eq!(
            ids("Quyết định số 59/2012/QĐ – TTg."),
            vec!["59/2012/QĐ-TTg"]
        );
    }

    #[test]
    fn kind_date_and_issuer() {
        let m = &find("Thực hiện Quyết định số 1918/QĐ-BTP ngày 28/12/2021 của Bộ trưởng Bộ Tư pháp, ban hành", None)[0];
        assert_eq!(m.kind, "Quyết định");
        assert_eq!(m.date.as_deref(), Some("2021-12-28"));
        assert_eq!(m.issuer.as_deref(), Some("Bộ trưởng Bộ Tư pháp"));
        assert_eq!(m.raw, "Quyết định số 1918/QĐ-BTP ngày 28/12/2021");
        let m = &find(
            "Văn bản số 6079/BTP-TGPL của Bộ Tư pháp ngày 08/12/2023 về hướng dẫn",
            None,
        )[0];
        assert_eq!(
            (m.kind.as_str(), m.date.as_deref()),
            ("Văn bản", Some("2023-12-08"))
        );
        let m = &find(
            "Thông tư số 08/2017/TT-BTP ngày 15 tháng 11 năm 2017 của Bộ trưởng",
            None,
        )[0];
        assert_eq!(m.date.as_deref(), Some("2017-11-15"));
    }

    #[test]
    fn laws_by_name() {
        assert_eq!(
            ids("theo quy định của Luật TGPL và các văn bản"),
            vec!["11/2017/QH14"]
        );
        assert_eq!(
            ids("Luật Trợ giúp pháp lý năm 2017 và"),
            vec!["11/2017/QH14"]
        );
        assert_eq!(
            find("Luật Trợ giúp pháp lý", Some(2010))[0].id,
            "69/2006/QH11"
        );
        assert!(ids("theo Luật Ngân sách nhà nước và").is_empty());
    }

    #[test]
    fn dates_and_counts_are_not_citations() {
        assert!(ids("(06/9/1997 - 06/9/2022) đạt 2 lượt/ xã và 01 lượt/ thôn; 24/7").is_empty());
        assert!(ids("Số điện thoại 0205 375 7555").is_empty());
    }

    #[test]
    fn regression_fuzz_issuer_after_wide_characters() {
        // found by `cargo fuzz run citation`: byte and char offsets mixed up after an en dash
        let _ = find(
            "Qu/2)12/QĐ – TTG ngày  12/2012QĐ – TTG ngày  1 của Thủ t tKếg",
            Some(2024),
        );
        let m = &find(
            "Quyết định số 12/QĐ-UBND ngày 1/1/2020 – của Chủ tịch Ủy ban nhân dân tỉnh",
            Some(2024),
        )[0];
        assert_eq!(m.id, "12/QĐ-UBND");
    }

    #[test]
    fn unreadable_numbers_are_reported() {
        assert_eq!(
            unreadable("theo Quyết định số 12/qd ubnd ngày 1/1/2020"),
            vec!["Quyết định số 12/qd"]
        );
        assert!(unreadable("theo Quyết định số 12/QĐ-UBND ngày 1/1/2020").is_empty());
        // the second "số" of a line, with what `find_reading` noted on it
        let line = "Quyết định số 12/2020/QĐ-UBND và Quyết định số 12/qd ubnd";
        let mut reads = Reads::default();
        find_reading(line, None, &mut reads);
        assert_eq!(unreadable_given(line, &reads), vec!["Quyết định số 12/qd"]);
    }

    #[test]
    fn a_mention_inside_a_read_number_is_not_tried_again() {
        // the first number, read by the id parser, runs on to "/Quyết" (the
        // regex's "\d[^\s,;]*"): the second kind word starts inside it, after a
        // '/' (so the regex's \b would hold there), and is not tried; after an
        // 'x' (no \b) the first mention is not a match and the second is
        for line in [
            "Quyết định số 3/2020/QĐ-TTg/Quyết định số 12 QD",
            "Quyết định số 3/2020/QĐ-TTg,Quyết định số 12 QD",
            "xQuyết định số 3/2020/QĐ-TTg/Quyết định số 12 QD",
            "x Quyết định số 3/2020/QĐ-TTg/Kế hoạch số ١٢",
            "(Quyết định số 3/2020/QĐ-TTg/Kế hoạch số 5 x",
        ] {
            assert_eq!(unreadable(line), unreadable_reference(line), "{line:?}");
        }
        assert!(unreadable("Quyết định số 3/2020/QĐ-TTg/Quyết định số 12 QD").is_empty());
        assert_eq!(
            unreadable("Quyết định số 3/2020/QĐ-TTg,Quyết định số 12 QD"),
            vec!["Quyết định số 12"]
        );
        assert_eq!(
            unreadable("xQuyết định số 3/2020/QĐ-TTg/Quyết định số 12 QD"),
            vec!["Quyết định số 12"]
        );
    }

    #[test]
    fn appendix_caption_is_marked() {
        let m = &find(
            "(Kèm theo Kế hoạch số 122/KH-UBND ngày 22 tháng 5 năm 2023)",
            None,
        )[0];
        assert!(m.attached_to);
    }
}
