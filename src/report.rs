//! Accounting of a run: every input file found and what became of it, so the
//! counts always add up to the number of files found.

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

/// One file's line in the report.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    pub path: String,
    pub status: Status,
    /// Why it was skipped or failed.
    pub reason: Option<String>,
    pub warnings: Vec<Warning>,
}

/// The report of one run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RunReport {
    pub found: usize,
    pub parsed: usize,
    pub parsed_with_warnings: usize,
    pub skipped: usize,
    pub failed: usize,
    pub files: Vec<FileReport>,
}

impl RunReport {
    /// Record one outcome.
    pub fn add(&mut self, o: &Outcome) {
        let (status, reason, warnings) = match o {
            Outcome::Parsed { plan, .. } if plan.warnings.is_empty() => {
                (Status::Parsed, None, Vec::new())
            }
            Outcome::Parsed { plan, .. } => {
                (Status::ParsedWithWarnings, None, plan.warnings.clone())
            }
            Outcome::Failed(e) => (Status::Skipped, Some(e.to_string()), Vec::new()),
            Outcome::Crashed { message, .. } => (Status::Failed, Some(message.clone()), Vec::new()),
        };
        match status {
            Status::Parsed => self.parsed += 1,
            Status::ParsedWithWarnings => self.parsed_with_warnings += 1,
            Status::Skipped => self.skipped += 1,
            Status::Failed => self.failed += 1,
        }
        self.found += 1;
        self.files.push(FileReport {
            path: o.path().to_string(),
            status,
            reason,
            warnings,
        });
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::InputError;

    #[test]
    fn counts_add_up() {
        let mut r = RunReport::default();
        let plan = crate::parse::parse("a.txt", "I. MỤC ĐÍCH\n1. Mục đích\n");
        r.add(&Outcome::Parsed {
            plan: Box::new(plan),
            text: String::new(),
        });
        r.add(&Outcome::Failed(InputError::NotText {
            path: "b.bin".into(),
            reason: "empty file".into(),
        }));
        r.add(&Outcome::Crashed {
            path: "c.txt".into(),
            message: "parser bug: x".into(),
        });
        assert_eq!(
            r.found,
            r.parsed + r.parsed_with_warnings + r.skipped + r.failed
        );
        assert_eq!((r.skipped, r.failed), (1, 1));
        assert!(!r.all_parsed());
        assert!(r.summary().starts_with("found 3 files: 1 parsed"));
    }
}
