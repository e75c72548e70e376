//! Line preparation: turn normalised text into clean logical lines for the parser.
//!
//! Owns: markdown and table-pipe leftovers (`**bold**`, `*italic*`, stray `|`),
//! re-joining lines broken mid-sentence, dropping a block that a scraped page
//! repeats, and cutting site navigation after the document. Every [`Line`] keeps
//! the 1-based number of the line it starts on, so later stages can point back.

use std::borrow::Cow;

use crate::model::Warning;

/// One logical line, borrowing the text it was cut from when cleaning left the
/// line as it was (most lines).
#[derive(Debug, Clone, PartialEq)]
pub struct Line<'a> {
    /// 1-based line number in the normalised text.
    pub no: usize,
    /// Cleaned text: trimmed, without markdown emphasis or table pipes.
    pub text: Cow<'a, str>,
    /// The line was a table fragment (began or ended with `|`).
    pub piped: bool,
    /// The raw line as written (for the first physical line, when joined).
    pub raw: Cow<'a, str>,
    /// A blank line came right before this one.
    pub blank_before: bool,
    /// The raw line holds a `*` or a `_` (markup may need cleaning or closing).
    pub marked: bool,
}

/// Site navigation that scraped pages append after the document.
const NAVIGATION: &[&str] = &[
    "đăng xuất",
    "đăng nhập",
    "đăng ký",
    "quên mật khẩu",
    "tải về",
    "tải văn bản",
    "văn bản liên quan",
    "lược đồ",
    "trang chủ",
];

/// Prefixes of navigation lines ("Việc làm Hồ Chí Minh").
const NAVIGATION_PREFIXES: &[&str] = &["việc làm ", "tuyển dụng "];

/// Clean one raw line: strip table pipes, markdown emphasis, heading marks and
/// surplus spaces. Returns the text and whether the line was a table fragment.
pub fn clean(raw: &str) -> (Cow<'_, str>, bool) {
    let (s, piped, _) = clean_marked(raw);
    (s, piped)
}

/// [`clean`], and whether the line holds a `*` or a `_` (found on the way).
fn clean_marked(raw: &str) -> (Cow<'_, str>, bool, bool) {
    clean_probed(raw, |t| Probe {
        squashed: None,
        marked: memchr::memchr2(b'*', b'_', t.as_bytes()).is_some(),
    })
}

/// What is known of a line trimmed of white space and pipes before it is
/// cleaned: whether it is already squashed (`None`: not known) and whether it
/// holds a `*` or a `_`.
struct Probe {
    squashed: Option<bool>,
    marked: bool,
}

/// `raw` trimmed of white space and pipes in one pass from each end, and
/// whether a pipe was among what was trimmed (a table fragment: its first or
/// last char that is not white space is a pipe).
#[inline(always)]
fn trim_edges(raw: &str) -> (&str, bool) {
    let b = raw.as_bytes();
    if crate::text::has_plain_ends(raw) && b[0] != b'|' && b[b.len() - 1] != b'|' {
        // most lines: nothing to trim, told from the end bytes
        return (raw, false);
    }
    let edge = |c: char| c == '|' || c.is_whitespace();
    let left = raw.trim_start_matches(edge);
    let trimmed = left.trim_end_matches(edge);
    let piped = raw[..raw.len() - left.len()].contains('|') || left[trimmed.len()..].contains('|');
    (trimmed, piped)
}

/// [`clean_marked`], with the facts about the trimmed line that [`split`]
/// reads from its one pass over the whole text given by `probe`.
fn clean_probed(raw: &str, probe: impl FnOnce(&str) -> Probe) -> (Cow<'_, str>, bool, bool) {
    let (trimmed, piped) = trim_edges(raw);
    // most lines hold no markup: no heading or quote mark, no `*`, no `_`
    let Probe { squashed, marked } = probe(trimmed);
    if !trimmed.starts_with(['#', '>']) && !marked {
        let text = match squashed {
            Some(true) => Cow::Borrowed(trimmed),
            _ => crate::text::squash_spaces(trimmed),
        };
        return (text, piped, false);
    }
    // markdown headings "## ..." and block quotes "> ..."
    let mut s = trimmed;
    while s.starts_with(['#', '>']) {
        s = s.trim_start_matches(['#', '>']).trim_start();
    }
    // a markdown bullet "* item" becomes a dash item
    let mut s = match s.strip_prefix("* ") {
        Some(rest) => Cow::Owned(format!("- {rest}")),
        None => Cow::Borrowed(s),
    };
    if doubled(&s, b'*') {
        s = Cow::Owned(strip_doubled(&s, b'*'));
    }
    if doubled(&s, b'_') {
        s = Cow::Owned(strip_doubled(&s, b'_'));
    }
    if s.contains('*') {
        s = Cow::Owned(strip_emphasis_stars(&s));
    }
    let s = match s {
        Cow::Borrowed(b) => crate::text::squash_spaces(b),
        Cow::Owned(o) => Cow::Owned(crate::text::squash_spaces_owned(o)),
    };
    (s, piped, marked)
}

/// Whether `s` holds the ASCII byte `b` twice in a row ("**", "__"): a
/// vector scan for `b`, where `str::contains` would set up a substring
/// searcher for each line.
fn doubled(s: &str, b: u8) -> bool {
    doubled_at(s, b).next().is_some()
}

/// Where `s` holds the ASCII byte `b` twice in a row, left to right without
/// overlap (as `str::matches` finds "**" or "__"): the offset of each pair.
fn doubled_at(s: &str, b: u8) -> impl Iterator<Item = usize> + '_ {
    let bytes = s.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(k) = memchr::memchr(b, &bytes[from..]) {
            let i = from + k;
            if bytes.get(i + 1) == Some(&b) {
                from = i + 2;
                return Some(i);
            }
            from = i + 1;
        }
        None
    })
}

/// How many "**" `s` holds, counted as `str::matches` counts them.
fn count_doubled_stars(s: &str) -> usize {
    doubled_at(s, b'*').count()
}

/// `s` without its pairs of `b` (as `str::replace` drops "**" or "__").
fn strip_doubled(s: &str, b: u8) -> String {
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    for i in doubled_at(s, b) {
        out.push_str(&s[copied..i]);
        copied = i + 2;
    }
    out.push_str(&s[copied..]);
    out
}

/// Remove single `*` used as italic markers, keep a `*` that stands alone between
/// spaces (a footnote star or multiplication).
fn strip_emphasis_stars(s: &str) -> String {
    // the text between stars is copied whole; each star is looked at with
    // the chars on either side of it (a star before it counts as a char)
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    for i in memchr::memchr_iter(b'*', s.as_bytes()) {
        out.push_str(&s[copied..i]);
        copied = i + 1;
        let before = s[..i].chars().next_back().unwrap_or(' ');
        let after = s[i + 1..].chars().next().unwrap_or(' ');
        if before.is_whitespace() && after.is_whitespace() {
            out.push('*');
        }
    }
    out.push_str(&s[copied..]);
    out
}

/// Split normalised text into clean lines (blank lines dropped).
pub fn split(text: &str) -> Vec<Line<'_>> {
    split_at(text, &crate::text::newlines(text))
}

/// [`split`], given `newlines`: where [`crate::text::newlines`] found them in `text`.
pub fn split_at<'a>(text: &'a str, newlines: &[usize]) -> Vec<Line<'a>> {
    let mut out = Vec::with_capacity(newlines.len() + 1);
    let mut blank = false;
    // white space to squash and markup, found in one pass each over the whole
    // text rather than line by line (most lines hold neither)
    let bad_space = crate::text::bad_space_starts(text);
    let marks: Vec<usize> = memchr::memchr2_iter(b'*', b'_', text.as_bytes()).collect();
    let (mut bad_space, mut marks) = (Offsets(&bad_space), Offsets(&marks));
    for (i, raw) in crate::text::lines_at(text, newlines, 0).enumerate() {
        let (clean, piped, marked) = clean_probed(raw, |t| {
            // `t` is a slice of `text`, after the slices of the lines before
            let from = t.as_ptr() as usize - text.as_ptr() as usize;
            let to = from + t.len();
            Probe {
                squashed: Some(!bad_space.any_in(from, to)),
                marked: marks.any_in(from, to),
            }
        });
        if clean.is_empty() && !piped {
            blank = true;
            continue;
        }
        out.push(Line {
            no: i + 1,
            text: clean,
            piped,
            raw: Cow::Borrowed(raw),
            blank_before: blank,
            marked,
        });
        blank = false;
    }
    out
}

/// Byte offsets in order, read by ranges that never move back.
struct Offsets<'a>(&'a [usize]);

impl Offsets<'_> {
    /// Whether an offset lies in `from..to`; `from` is never less than in the
    /// call before (the offsets below it are passed over for good).
    fn any_in(&mut self, from: usize, to: usize) -> bool {
        // stepped over one by one, not searched for: each offset is passed
        // once over the whole text, and most calls pass none
        while let Some((&p, rest)) = self.0.split_first() {
            if p >= from {
                break;
            }
            self.0 = rest;
        }
        self.0.first().is_some_and(|&p| p < to)
    }
}

/// Whether a line opens something that must never be merged into the line before:
/// a heading, a list item, a labelled field or a table row.
fn opens_block(line: &Line) -> bool {
    let t = &line.text;
    if line.piped || t.is_empty() {
        return true;
    }
    let first = t.chars().next().unwrap_or(' ');
    if !first.is_lowercase() {
        return true;
    }
    // lower-case point labels "a)", "b)" and "đ)" open a block too
    let mut it = t.chars();
    let _ = it.next();
    matches!(it.next(), Some(')') | Some('.'))
}

fn is_caps(s: &str) -> bool {
    s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase)
}

/// Whether a line is complete on its own: a heading, a line in capitals, the
/// number line or the place-and-date line of the header.
fn closed_line(t: &str) -> bool {
    super::outline::is_heading(t)
        || is_caps(t)
        || super::header::number_and_symbol(t).is_some()
        || super::header::place_and_date(t).is_some()
}

/// Whether a line opens something that must never be merged into the line
/// before, even when it follows it directly: a heading, a point, a list item, a
/// labelled field, a table row, a line in capitals, a preamble clause, the
/// header's number or date line, the recipients or the signature block.
/// `closed` keeps [`closed_line`] of this line once asked, for when the line
/// becomes the one before.
fn opens_block_strict(line: &Line, closed: &mut Option<bool>) -> bool {
    let t = &line.text;
    if line.piped || t.is_empty() || is_point(t) {
        return true;
    }
    !t.starts_with(char::is_lowercase)
        && (t.starts_with(['-', '+', '•', '–', '*', '(', '"', '“', '['])
            || t.starts_with("Căn cứ")
            || t.starts_with("Thực hiện")
            || *closed.get_or_insert_with(|| closed_line(t))
            || super::fields::label(t).is_some()
            || crate::text::fold_starts_with(t, "noi nhan")
            || super::outline::is_signature_title(t))
}

fn is_point(t: &str) -> bool {
    let mut it = t.chars();
    matches!((it.next(), it.next()), (Some(c), Some(')')) if c.is_lowercase())
}

/// Re-join lines broken mid-sentence (page-break or hard wraps). A line that
/// starts in lower case and follows a line without closing punctuation continues
/// it, even across a blank line (a page break). A line that follows directly (no
/// blank line) a line without closing punctuation continues it too, unless it
/// opens a block of its own or the line before is a heading or in capitals.
pub fn join_wraps(lines: Vec<Line<'_>>) -> Vec<Line<'_>> {
    let mut out: Vec<Line<'_>> = Vec::with_capacity(lines.len());
    // markdown bold opened on the last line and not closed yet: "**2. Ban Quản lý" / "Đông Nam**"
    let mut bold_open = false;
    // closed_line of the last line out, once asked (each line is asked as the
    // next line and again as the line before: only the first is computed)
    let mut prev_closed: Option<bool> = None;
    for line in lines {
        // (a line without a '*' holds no "**")
        let stars = line.marked && count_doubled_stars(&line.raw) % 2 == 1;
        let mut closed = None;
        if let Some(prev) = out.last_mut() {
            let ends_open =
                !prev.text.ends_with(['.', ';', ':', '!', '?', '|', '…']) && !prev.piped;
            // the line's own tests first: a line that opens a block by its
            // first char ("- ...", "+ ...", "a) ...") settles it, and the line
            // before need not be asked whether it is closed
            let hard_wrap = ends_open
                && !line.blank_before
                && !prev.text.is_empty()
                && !opens_block_strict(&line, &mut closed)
                && !*prev_closed.get_or_insert_with(|| closed_line(&prev.text));
            let page_wrap = ends_open && !opens_block(&line) && !prev.text.is_empty();
            let bold_wrap = bold_open
                && !line.blank_before
                && !line.piped
                && !super::outline::is_heading(&line.text);
            if hard_wrap || page_wrap || bold_wrap {
                // a wrapped sentence often takes more lines: room for a few
                if let Cow::Borrowed(b) = prev.text {
                    let mut owned = String::with_capacity(2 * (b.len() + 1 + line.text.len()));
                    owned.push_str(b);
                    prev.text = Cow::Owned(owned);
                }
                let text = prev.text.to_mut();
                text.push(' ');
                text.push_str(&line.text);
                bold_open ^= stars;
                prev_closed = None;
                continue;
            }
        }
        bold_open = stars;
        prev_closed = closed;
        out.push(line);
    }
    out
}

/// Minimum number of consecutive repeated lines that make a duplicated block.
const MIN_DUP_LINES: usize = 5;
/// Minimum amount of text in a duplicated block.
const MIN_DUP_CHARS: usize = 200;

/// Remove a block that a scraped page repeats. When the first copy runs straight
/// into the second (the first is a truncated prefix of the second), the first copy
/// is dropped; otherwise the later repetition is dropped. Each removal is reported.
pub fn drop_repeated_blocks<'a>(
    lines: Vec<Line<'a>>,
    warnings: &mut Vec<Warning>,
) -> Vec<Line<'a>> {
    use std::collections::hash_map::Entry;
    let n = lines.len();
    // every earlier line with the same text, in order: the first and last index
    // per text, and from each index the next one with its text (Fx, not SipHash:
    // the keys are lines of the user's own files, hashed ~10 times faster)
    // (sized for every line up front: growing it rehashed every key)
    let mut first_seen: rustc_hash::FxHashMap<&str, (usize, usize)> =
        rustc_hash::FxHashMap::with_capacity_and_hasher(n, Default::default());
    let mut next_same = vec![usize::MAX; n];
    let mut drop = vec![false; n];
    let mut j = 0;
    while j < n {
        let key = lines[j].text.as_ref();
        // only a long line is looked up, so only long lines are recorded
        let long = long_enough(key);
        let mut matched = None;
        // one hash per long line: a new text is recorded at once (nothing
        // earlier can match it), a known one once its candidates are tried
        if long {
            match first_seen.entry(key) {
                Entry::Vacant(e) => {
                    e.insert((j, j));
                }
                Entry::Occupied(mut e) => {
                    let first = e.get().0;
                    let cands = std::iter::successors(Some(first), |&i| {
                        Some(next_same[i]).filter(|&k| k != usize::MAX)
                    });
                    for i in cands.take(8) {
                        if drop[i] {
                            continue;
                        }
                        let mut m = 0;
                        while j + m < n && i + m < j && lines[i + m].text == lines[j + m].text {
                            m += 1;
                        }
                        // chars are counted only for a run long enough in lines
                        // (most repeated lines repeat alone)
                        if m < MIN_DUP_LINES {
                            continue;
                        }
                        let chars: usize = (0..m).map(|k| lines[i + k].text.chars().count()).sum();
                        let substantial = (0..m)
                            .filter(|&k| lines[i + k].text.chars().count() >= 20)
                            .count();
                        if chars >= MIN_DUP_CHARS && substantial >= 3 {
                            matched = Some((i, m));
                            break;
                        }
                    }
                    if matched.is_none() {
                        let (_, last) = e.get_mut();
                        next_same[*last] = j;
                        *last = j;
                    }
                }
            }
        }
        if let Some((i, m)) = matched {
            // Extend the first copy backwards over lines that also precede the second.
            let (mut i0, mut j0) = (i, j);
            while i0 > 0
                && j0 > i + m
                && !drop[i0 - 1]
                && lines[i0 - 1].text == lines[j0 - 1].text
                && i0 - 1 < j0 - 1
            {
                i0 -= 1;
                j0 -= 1;
            }
            let m = m + (i - i0);
            if i0 + m == j0 {
                // first copy is a prefix of the second: keep the later, longer copy
                for d in drop.iter_mut().take(j0).skip(i0) {
                    *d = true;
                }
                warnings.push(Warning {
                    line: lines[i0].no,
                    message: format!(
                        "repeated block: lines {}-{} are repeated from line {}; kept the later, complete copy",
                        lines[i0].no,
                        lines[j0 - 1].no,
                        lines[j0].no
                    ),
                });
            } else {
                for d in drop.iter_mut().skip(j0).take(m) {
                    *d = true;
                }
                warnings.push(Warning {
                    line: lines[j0].no,
                    message: format!(
                        "repeated block: lines {}-{} repeat lines {}-{}; kept the first copy",
                        lines[j0].no,
                        lines[j0 + m - 1].no,
                        lines[i0].no,
                        lines[i0 + m - 1].no
                    ),
                });
            }
            j = j0 + m;
            continue;
        }
        j += 1;
    }
    lines
        .into_iter()
        .zip(drop)
        .filter(|(_, d)| !d)
        .map(|(l, _)| l)
        .collect()
}

/// Whether a line is at least 20 chars long (a block's key line), counting chars
/// only when the byte length leaves it open.
fn long_enough(t: &str) -> bool {
    t.len() >= 80 || (t.len() >= 20 && t.chars().nth(19).is_some())
}

/// Cut the site navigation a scraped page appends after the document: the
/// trailing run of short lines that starts with a known navigation entry.
pub fn cut_navigation<'a>(mut lines: Vec<Line<'a>>, warnings: &mut Vec<Warning>) -> Vec<Line<'a>> {
    let is_nav = |t: &str| {
        let l = t.to_lowercase();
        NAVIGATION.contains(&l.as_str())
            || NAVIGATION_PREFIXES
                .iter()
                .any(|p| l.starts_with(p) && l.chars().count() <= 60)
    };
    // the trailing block of short lines
    let mut start = lines.len();
    while start > 0 && lines[start - 1].text.chars().count() <= 60 {
        start -= 1;
    }
    if let Some(cut) = (start..lines.len()).find(|&k| is_nav(&lines[k].text)) {
        let from = lines[cut].no;
        let to = lines[lines.len() - 1].no;
        warnings.push(Warning {
            line: from,
            message: format!("site navigation removed (lines {from}-{to})"),
        });
        lines.truncate(cut);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(lines: &'a [Line<'_>]) -> Vec<&'a str> {
        lines.iter().map(|l| l.text.as_ref()).collect()
    }

    /// `clean`'s markup path as first written: a copy changed step by step.
    fn clean_markup_reference(trimmed: &str) -> String {
        let mut s = trimmed.to_string();
        while s.starts_with('#') || s.starts_with('>') {
            s = s.trim_start_matches(['#', '>']).trim_start().to_string();
        }
        if let Some(rest) = s.strip_prefix("* ") {
            s = format!("- {rest}");
        }
        if s.contains("**") {
            s = s.replace("**", "");
        }
        if s.contains("__") {
            s = s.replace("__", "");
        }
        if s.contains('*') {
            s = strip_emphasis_stars(&s);
        }
        crate::text::squash_spaces(&s).into_owned()
    }

    /// strip_emphasis_stars as first written: char by char.
    fn strip_emphasis_stars_reference(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let mut before = ' ';
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '*' {
                let after = chars.peek().copied().unwrap_or(' ');
                if before.is_whitespace() && after.is_whitespace() {
                    out.push(c);
                }
            } else {
                out.push(c);
            }
            before = c;
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn emphasis_stars_are_stripped_as_char_by_char(s in r"(\*| |\u{a0}|a|Đ|\t){0,16}") {
            proptest::prop_assert_eq!(strip_emphasis_stars(&s), strip_emphasis_stars_reference(&s));
        }

        #[test]
        fn doubled_marks_are_found_as_the_standard_library_finds_them(
            s in r"(\*|_|a|Đ| ){0,12}",
        ) {
            proptest::prop_assert_eq!(doubled(&s, b'*'), s.contains("**"));
            proptest::prop_assert_eq!(doubled(&s, b'_'), s.contains("__"));
            proptest::prop_assert_eq!(count_doubled_stars(&s), s.matches("**").count());
            proptest::prop_assert_eq!(strip_doubled(&s, b'*'), s.replace("**", ""));
            proptest::prop_assert_eq!(strip_doubled(&s, b'_'), s.replace("__", ""));
        }

        #[test]
        fn markup_is_cleaned_as_by_copying_step_by_step(
            raw in r"(\*\*|__|\* | |#|>|\*|_|\||a|Đ|\u{a0}|\u{1680}|\u{3000}|ấ|…|\t){0,16}",
        ) {
            let t = raw.trim();
            let trimmed = t.trim_matches(|c: char| c == '|' || c.is_whitespace());
            proptest::prop_assert_eq!(clean(&raw).0, clean_markup_reference(trimmed));
            // a table fragment begins or ends with a pipe once trimmed of white space
            proptest::prop_assert_eq!(clean(&raw).1, t.starts_with('|') || t.ends_with('|'));
        }

        #[test]
        fn split_cleans_each_line_as_the_line_alone_is_cleaned(
            text in r"(\*\*|_|\* |#|\||a|Đ|ế|“|  | |\t|\r|\n|\n\n|\u{a0}|\u{2009}){0,120}",
        ) {
            // what `split` found in one pass over the text, against each line's own scans
            let lines = split(&text);
            let mut want = Vec::new();
            let mut blank = false;
            for (i, raw) in text.lines().enumerate() {
                let (clean, piped, marked) = clean_marked(raw);
                if clean.is_empty() && !piped {
                    blank = true;
                    continue;
                }
                want.push((i + 1, clean, piped, marked, blank));
                blank = false;
            }
            let got: Vec<_> = lines
                .into_iter()
                .map(|l| (l.no, l.text, l.piped, l.marked, l.blank_before))
                .collect();
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn clean_strips_markdown_and_pipes() {
        assert_eq!(
            clean("- *Chủ trì: Phòng Nghiệp vụ*").0,
            "- Chủ trì: Phòng Nghiệp vụ"
        );
        assert_eq!(clean("**KT. GIÁM ĐỐC").0, "KT. GIÁM ĐỐC");
        assert_eq!(
            clean("Số: 122/KH-UBND |"),
            (Cow::Borrowed("Số: 122/KH-UBND"), true)
        );
        assert_eq!(clean("|").0, "");
    }

    #[test]
    fn wraps_are_joined_but_not_headings_or_labels() {
        let lines = split(
            "Văn bản của Hội đồng phối hợp\n\nliên ngành về TGPL.\n- Chủ trì: A\nb) điểm b\n2. Mục",
        );
        let joined = join_wraps(lines);
        assert_eq!(
            texts(&joined),
            vec![
                "Văn bản của Hội đồng phối hợp liên ngành về TGPL.",
                "- Chủ trì: A",
                "b) điểm b",
                "2. Mục"
            ]
        );
        assert_eq!(joined[0].no, 1);
    }

    #[test]
    fn truncated_first_copy_is_dropped() {
        let body: Vec<String> = (0..8)
            .map(|i| format!("Dòng nội dung số {i} đủ dài để tính là đáng kể"))
            .collect();
        let mut text = String::from("Tiêu đề\n");
        text += &body[..5].join("\n");
        text += "\n";
        text += &body.join("\n");
        let mut w = Vec::new();
        let out = drop_repeated_blocks(split(&text), &mut w);
        assert_eq!(out.len(), 9);
        assert_eq!(w.len(), 1);
        assert!(w[0].message.contains("kept the later"));
    }

    #[test]
    fn navigation_is_cut() {
        let mut w = Vec::new();
        let out = cut_navigation(split("Nội dung kế hoạch dài hơn sáu mươi ký tự để không bị coi là dòng ngắn nhé.\nĐăng xuất\nViệc làm Hồ Chí Minh"), &mut w);
        assert_eq!(out.len(), 1);
        assert_eq!(w[0].line, 2);
    }
}
