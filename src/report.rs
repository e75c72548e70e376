//! Accounting of a run: every input file found and what became of it, so the
//! counts always add up to the number of files found.
//!
//! A run keeps only the counts ([`RunReport`]). Each file's entry
//! ([`FileReport`]) goes, when a report file is asked for, to a [`Listing`]
//! that writes it as it comes: what a run holds does not grow with the number
//! of files (each plan's warnings, kept to the end, had been a quarter of a
//! GB at 100,000 generated plans).

use std::io::{self, Write};

use serde::Serialize;

use crate::load::Outcome;
use crate::model::Warning;

/// What became of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Parsed,
    ParsedWithWarnings,
    /// Not a plan text, too large, or unreadable.
    Skipped,
    /// The parser failed on it (a bug; reported, never silent).
    Failed,
}

impl Status {
    /// What became of the file of `o`.
    pub fn of(o: &Outcome) -> Status {
        match o {
            Outcome::Parsed { plan, .. } if plan.warnings.is_empty() => Status::Parsed,
            Outcome::Parsed { .. } => Status::ParsedWithWarnings,
            Outcome::Failed(_) => Status::Skipped,
            Outcome::Crashed { .. } => Status::Failed,
        }
    }
}

/// One file's entry in the report.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    pub path: String,
    pub status: Status,
    /// Why it was skipped or failed.
    pub reason: Option<String>,
    pub warnings: Vec<Warning>,
}

impl FileReport {
    /// The entry of the file of `o`.
    pub fn of(o: &Outcome) -> FileReport {
        let (reason, warnings) = match o {
            Outcome::Parsed { plan, .. } => (None, plan.warnings.clone()),
            Outcome::Failed(e) => (Some(e.to_string()), Vec::new()),
            Outcome::Crashed { message, .. } => (Some(message.clone()), Vec::new()),
        };
        FileReport {
            path: o.path().to_string(),
            status: Status::of(o),
            reason,
            warnings,
        }
    }
}

/// The counts of one run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RunReport {
    pub found: usize,
    pub parsed: usize,
    pub parsed_with_warnings: usize,
    pub skipped: usize,
    pub failed: usize,
}

impl RunReport {
    /// Count one outcome.
    pub fn add(&mut self, o: &Outcome) {
        match Status::of(o) {
            Status::Parsed => self.parsed += 1,
            Status::ParsedWithWarnings => self.parsed_with_warnings += 1,
            Status::Skipped => self.skipped += 1,
            Status::Failed => self.failed += 1,
        }
        self.found += 1;
    }

    /// Whether every file found was parsed.
    pub fn all_parsed(&self) -> bool {
        self.skipped == 0 && self.failed == 0
    }

    /// One line for people: "found 7 files: 5 parsed (2 with warnings), 1 skipped, 1 failed".
    pub fn summary(&self) -> String {
        format!(
            "found {} files: {} parsed ({} with warnings), {} skipped, {} failed",
            self.found,
            self.parsed + self.parsed_with_warnings,
            self.parsed_with_warnings,
            self.skipped,
            self.failed
        )
    }
}

/// A run's report written as the run goes: one JSON object whose `files`
/// holds each file's entry in the order the files came, followed by the
/// counts of [`RunReport`].
pub struct Listing<W: Write> {
    out: W,
    entries: usize,
}

impl<W: Write> Listing<W> {
    /// Start the report in `out`.
    pub fn start(mut out: W) -> io::Result<Listing<W>> {
        out.write_all(b"{\n  \"files\": [")?;
        Ok(Listing { out, entries: 0 })
    }

    /// Write one file's entry.
    pub fn add(&mut self, entry: &FileReport) -> io::Result<()> {
        let json = serde_json::to_string_pretty(entry)?;
        // an entry stands two levels in (a JSON string holds no raw newline)
        let json = json.replace('\n', "\n    ");
        let sep = if self.entries == 0 {
            "\n    "
        } else {
            ",\n    "
        };
        self.out.write_all(sep.as_bytes())?;
        self.out.write_all(json.as_bytes())?;
        self.entries += 1;
        Ok(())
    }

    /// End the report with the run's counts, and give the writer back flushed.
    pub fn finish(mut self, counts: &RunReport) -> io::Result<W> {
        self.out.write_all(b"\n  ]")?;
        if let serde_json::Value::Object(fields) = serde_json::to_value(counts)? {
            for (k, v) in fields {
                write!(self.out, ",\n  {}: {v}", serde_json::Value::String(k))?;
            }
        }
        self.out.write_all(b"\n}\n")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::InputError;
    use serde_json::Value;

    fn outcomes() -> Vec<Outcome> {
        // the second part is numbered out of order: a warning
        let plan = crate::parse::parse("a.txt", "I. MỤC ĐÍCH\n1. Mục đích\nIII. NỘI DUNG\n");
        vec![
            Outcome::Parsed {
                plan: Box::new(plan),
                text: String::new(),
            },
            Outcome::Failed(InputError::NotText {
                path: "b.bin".into(),
                reason: "empty file".into(),
            }),
            Outcome::Crashed {
                path: "c.txt".into(),
                message: "parser bug: x".into(),
            },
        ]
    }

    #[test]
    fn counts_add_up() {
        let mut r = RunReport::default();
        for o in &outcomes() {
            r.add(o);
        }
        assert_eq!(
            r.found,
            r.parsed + r.parsed_with_warnings + r.skipped + r.failed
        );
        assert_eq!((r.parsed_with_warnings, r.skipped, r.failed), (1, 1, 1));
        assert!(!r.all_parsed());
        assert!(r
            .summary()
            .starts_with("found 3 files: 1 parsed (1 with warnings)"));
    }

    #[test]
    fn a_listing_is_one_json_object_with_every_file_and_the_counts() {
        let mut r = RunReport::default();
        let mut l = Listing::start(Vec::new()).expect("start");
        for o in &outcomes() {
            r.add(o);
            l.add(&FileReport::of(o)).expect("add");
        }
        let out = l.finish(&r).expect("finish");
        let v: Value = serde_json::from_slice(&out).expect("json");
        assert_eq!(v["found"], 3);
        assert_eq!(v["parsed_with_warnings"], 1);
        let files = v["files"].as_array().expect("files");
        let field = |i: usize, k: &str| files[i][k].clone();
        assert_eq!(field(0, "path"), "a.txt");
        assert_eq!(field(0, "status"), "parsed_with_warnings");
        let message = files[0]["warnings"][0]["message"].as_str().unwrap_or("");
        assert!(message.contains("part III follows part I"), "{message}");
        assert_eq!(field(1, "status"), "skipped");
        assert!(field(1, "reason")
            .as_str()
            .unwrap_or("")
            .contains("empty file"));
        assert_eq!(field(2, "status"), "failed");
        assert_eq!(field(2, "reason"), "parser bug: x");
    }

    #[test]
    fn an_empty_listing_is_json_too() {
        let out = Listing::start(Vec::new())
            .and_then(|l| l.finish(&RunReport::default()))
            .expect("written");
        let v: Value = serde_json::from_slice(&out).expect("json");
        assert_eq!(v["files"], Value::Array(vec![]));
        assert_eq!(v["found"], 0);
    }
}
