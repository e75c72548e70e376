//! Reading inputs: finding plan files under the given paths and turning their
//! bytes into normalised text.
//!
//! Owns: the walk (walkdir, symlinks followed, loops reported), the choice of which
//! files are plan texts, size limits, format detection (from the content as well
//! as the extension: plain text, Markdown, HTML, DOCX) and decoding (UTF-8 with
//! or without BOM; HTML by its declared charset; DOCX through [`docx`]).
//! Hands on a [`Source`]: the path and the normalised text. Every file found is
//! accounted for: it becomes a `Source` or an [`InputError`] naming the file.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::InputError;
use crate::text;

pub mod docx;
pub mod html;

/// File extensions read when a folder is walked.
pub const TEXT_EXTENSIONS: &[&str] = &["txt", "md", "htm", "html", "docx"];

/// The format a plan was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    #[default]
    Text,
    Markdown,
    Html,
    Docx,
}

impl SourceFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Text => "text",
            SourceFormat::Markdown => "markdown",
            SourceFormat::Html => "html",
            SourceFormat::Docx => "docx",
        }
    }
}

/// Default cap on the size of one input file (64 MiB).
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// A decoded, normalised input.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as found (relative paths stay relative).
    pub path: String,
    /// NFC-normalised text (see [`text::normalize`]).
    pub text: String,
    /// The format detected.
    pub format: SourceFormat,
    /// The character encoding detected (`utf-8`, `utf-16le`, `windows-1258`, `tcvn3`, `vni`, `viscii`, or an HTML charset).
    pub encoding: String,
}

/// How to read inputs.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions {
    /// Files larger than this are skipped with an error.
    pub max_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// One entry found by [`discover`]: a candidate file, or a problem naming a path.
pub type Found = Result<PathBuf, InputError>;

/// Walk `paths` (files or folders) and list every file in them, sorted within
/// each folder. Files that are not plan texts are listed as errors, so the caller
/// can report them; walk problems (unreadable folders, symlink loops, dangling
/// links) are errors too.
pub fn discover<P: AsRef<Path>>(paths: &[P]) -> Vec<Found> {
    let mut out = Vec::new();
    for root in paths {
        let root = root.as_ref();
        if !root.exists() {
            out.push(Err(InputError::NotFound {
                path: root.display().to_string(),
            }));
            continue;
        }
        let explicit_file = root.is_file();
        for entry in walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
        {
            match entry {
                Ok(e) => {
                    if e.file_type().is_dir() {
                        continue;
                    }
                    let p = e.into_path();
                    if explicit_file || is_text_name(&p) {
                        out.push(Ok(p));
                    } else {
                        out.push(Err(InputError::NotText {
                            path: p.display().to_string(),
                            reason: format!(
                                "extension {} is not read (only .{})",
                                p.extension()
                                    .map(|e| format!(".{}", e.to_string_lossy()))
                                    .unwrap_or_else(|| "(none)".into()),
                                TEXT_EXTENSIONS.join(", .")
                            ),
                        }));
                    }
                }
                Err(err) => {
                    let path = err
                        .path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|| root.display().to_string());
                    let reason = if err.loop_ancestor().is_some() {
                        "symlink loop".to_string()
                    } else if let Some(io) = err.io_error() {
                        if io.kind() == std::io::ErrorKind::NotFound {
                            "dangling symlink".to_string()
                        } else {
                            io.to_string()
                        }
                    } else {
                        err.to_string()
                    };
                    out.push(Err(InputError::Unreadable { path, reason }));
                }
            }
        }
    }
    out
}

fn is_text_name(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| TEXT_EXTENSIONS.iter().any(|t| t.eq_ignore_ascii_case(e)))
}

/// Read and decode one file.
pub fn read(path: &Path, opts: ReadOptions) -> Result<Source, InputError> {
    let name = path.display().to_string();
    let unreadable = |e: std::io::Error| InputError::Unreadable {
        path: name.clone(),
        reason: e.to_string(),
    };
    let file = fs::File::open(path).map_err(unreadable)?;
    let len = file.metadata().map_err(unreadable)?.len();
    if len > opts.max_bytes {
        return Err(InputError::TooLarge {
            path: name,
            size: len,
            limit: opts.max_bytes,
        });
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(opts.max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > opts.max_bytes {
        return Err(InputError::TooLarge {
            path: name,
            size: bytes.len() as u64,
            limit: opts.max_bytes,
        });
    }
    decode(&name, &bytes)
}

/// Detect the format of `bytes` from their content, then the extension of `path`.
pub fn sniff(path: &str, bytes: &[u8]) -> SourceFormat {
    if bytes.starts_with(b"PK\x03\x04") {
        return SourceFormat::Docx;
    }
    let mut head = bytes
        .iter()
        .skip_while(|b| b.is_ascii_whitespace() || **b == 0xEF || **b == 0xBB || **b == 0xBF)
        .take(2048)
        .peekable();
    // every html test below needs '<' first; a plain text is not copied to tell
    if head.peek() == Some(&&b'<') {
        let head: Vec<u8> = head.copied().collect();
        let head = String::from_utf8_lossy(&head).to_lowercase();
        if head.starts_with("<!doctype html")
            || head.starts_with("<html")
            || head.contains("<body")
            || head.contains("<head")
        {
            return SourceFormat::Html;
        }
    }
    if path.to_lowercase().ends_with(".md") {
        SourceFormat::Markdown
    } else {
        SourceFormat::Text
    }
}

/// Whether more than one character in 20 of `s` is a control character (other
/// than line breaks, tabs and form feeds): binary data. Counted on the bytes: a
/// control character is U+0000..U+001F, U+007F or U+0080..U+009F (`C2 80`..`C2
/// 9F` in UTF-8), and every byte but a continuation byte starts a character.
fn mostly_controls(s: &str) -> bool {
    let b = s.as_bytes();
    let suspect = |x: u8| (x < 0x20 && !matches!(x, b'\n' | b'\r' | b'\t' | 0x0C)) || x == 0x7F;
    // most texts hold none, and no C1 control's lead byte C2 either (tested a
    // block at a time, without an early exit inside one, so the test vectorises)
    if !b.chunks(64).any(|c| {
        c.iter()
            .fold(false, |any, &x| any | suspect(x) | (x == 0xC2))
    }) {
        return false;
    }
    let controls = b
        .iter()
        .enumerate()
        .filter(|&(i, &x)| suspect(x) || (x == 0xC2 && matches!(b.get(i + 1), Some(0x80..=0x9F))))
        .count();
    let chars = b.iter().filter(|&&x| x & 0xC0 != 0x80).count();
    controls * 20 > chars.max(1)
}

/// Decode bytes read from `path` into a normalised [`Source`], whatever their format.
pub fn decode(path: &str, bytes: &[u8]) -> Result<Source, InputError> {
    let format = sniff(path, bytes);
    let not_text = |reason: String| InputError::NotText {
        path: path.into(),
        reason,
    };
    let converted = match format {
        SourceFormat::Docx => Some(docx::to_text(bytes).map_err(not_text)?),
        SourceFormat::Html => {
            let (decoded, charset) = html::decode(bytes);
            let text = text::normalize(&html::to_text(&decoded));
            if !text.chars().any(char::is_alphabetic) {
                return Err(InputError::NotText {
                    path: path.into(),
                    reason: "no text in the html file".into(),
                });
            }
            return Ok(Source {
                path: path.into(),
                text,
                format,
                encoding: charset.to_lowercase(),
            });
        }
        _ => None,
    };
    if let Some(t) = converted {
        let text = text::normalize(&t);
        if !text.chars().any(char::is_alphabetic) {
            return Err(InputError::NotText {
                path: path.into(),
                reason: format!("no text in the {} file", format.as_str()),
            });
        }
        return Ok(Source {
            path: path.into(),
            text,
            format,
            encoding: "utf-8".into(),
        });
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(InputError::NotText {
            path: path.into(),
            reason: "empty file".into(),
        });
    }
    let utf16 = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
    if !utf16 {
        if let Some(pos) = memchr::memchr(0, body) {
            return Err(InputError::NotText {
                path: path.into(),
                reason: format!("binary data (NUL byte at offset {pos})"),
            });
        }
    }
    let Some((decoded, encoding)) = crate::encoding::detect(bytes) else {
        let at = std::str::from_utf8(body)
            .err()
            .map(|e| e.valid_up_to())
            .unwrap_or(0);
        return Err(InputError::NotText {
            path: path.into(),
            reason: format!(
                "not valid UTF-8 (invalid byte at offset {at}) and not a recognised Vietnamese encoding (tried windows-1258, TCVN3, VNI, VISCII)"
            ),
        });
    };
    let s: &str = &decoded;
    if mostly_controls(s) {
        return Err(InputError::NotText {
            path: path.into(),
            reason: "binary data (control characters)".into(),
        });
    }
    let text = text::normalize(s);
    if !text.chars().any(char::is_alphabetic) {
        return Err(InputError::NotText {
            path: path.into(),
            reason: "no text in file".into(),
        });
    }
    Ok(Source {
        path: path.into(),
        text,
        format,
        encoding: encoding.name().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn controls_are_counted_on_bytes_as_on_chars(
            // runs of letters, each maybe followed by one control or other
            // character, so the share of controls falls on both sides of 1 in 20
            s in "([a-zđệ ]{1,30}(\u{00}|\u{07}|\u{1b}|\u{7f}|\u{80}|\u{85}|\u{9f}|\u{a0}|\u{c2}|\n|\t|\r|\u{0c})?){0,6}"
        ) {
            let controls = s
                .chars()
                .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
                .count();
            prop_assert_eq!(mostly_controls(&s), controls * 20 > s.chars().count().max(1));
        }
    }

    #[test]
    fn text_full_of_control_characters_is_binary() {
        let e = decode("c.txt", "Kế hoạch\u{1}\u{2}\u{85}\u{3}".as_bytes()).unwrap_err();
        assert!(e.to_string().contains("control characters"), "{e}");
        assert!(decode(
            "c.txt",
            "Kế hoạch trợ giúp pháp lý năm 2024\u{85}"
                .repeat(3)
                .as_bytes()
        )
        .is_ok());
    }

    #[test]
    fn decodes_utf8_with_bom_to_nfc() {
        let s = decode("a.txt", "\u{FEFF}Ke\u{0302}\u{0301} hoạch".as_bytes()).unwrap();
        assert_eq!(s.text, "Kế hoạch");
    }

    #[test]
    fn rejects_empty_binary_and_invalid() {
        assert!(
            matches!(decode("e.txt", b"  \n"), Err(InputError::NotText { reason, .. }) if reason == "empty file")
        );
        let bin = decode("b.txt", b"\x7fELF\x02\x01\x00\x00").unwrap_err();
        assert!(bin.to_string().contains("b.txt") && bin.to_string().contains("NUL"));
        let zip = decode("d.docx", b"PK\x03\x04\x00\x00").unwrap_err();
        assert!(
            zip.to_string()
                .contains("d.docx: not a plan text: not a .docx"),
            "{zip}"
        );
        let bad = decode("c.txt", b"\x81\x8d\x8f qz\x9d\x90 xq\x8d").unwrap_err();
        assert!(
            bad.to_string().contains("not valid UTF-8")
                && bad
                    .to_string()
                    .contains("not a recognised Vietnamese encoding"),
            "{bad}"
        );
    }

    #[test]
    fn legacy_bytes_are_recognised() {
        let s = decode("l.txt", b"K\xea\xec hoa\xf2ch").unwrap();
        assert_eq!(
            (s.text.as_str(), s.encoding.as_str()),
            ("Kế hoạch", "windows-1258")
        );
    }
}
