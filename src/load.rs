//! Loading many inputs: every file found under the given paths becomes a parsed
//! plan or an error naming the file, so a run can account for each one.
//!
//! Files are read and parsed one at a time (in parallel batches, see
//! [`for_each`]) and handed on as they are done: nothing holds the corpus.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::InputError;
use crate::ingest::{self, ReadOptions};
use crate::model::Plan;
use crate::parse;

/// What became of one input file.
#[derive(Debug)]
pub enum Outcome {
    /// Parsed; the normalised text is kept for indexing.
    Parsed { plan: Box<Plan>, text: String },
    /// Not parsed, with the reason (not a plan text, too large, unreadable).
    Failed(InputError),
    /// The parser hit a bug on this file; the run went on.
    Crashed { path: String, message: String },
}

impl Outcome {
    /// The file the outcome is about.
    pub fn path(&self) -> &str {
        match self {
            Outcome::Parsed { plan, .. } => &plan.path,
            Outcome::Failed(e) => e.path(),
            Outcome::Crashed { path, .. } => path,
        }
    }

    /// The outcome as a run's accounting reads it: a parsed plan keeps its
    /// path and warnings, and its other parts and its text are freed here.
    /// Freed on the thread that parsed them, the plan's many small strings
    /// cost less than on the thread that takes the outcome (mimalloc hands
    /// memory freed by another thread back to its owner later, and the
    /// owner's next allocations find it cold).
    pub fn into_accounted(self) -> Outcome {
        match self {
            Outcome::Parsed { mut plan, .. } => {
                let (path, warnings) = (
                    std::mem::take(&mut plan.path),
                    std::mem::take(&mut plan.warnings),
                );
                *plan = Plan {
                    path,
                    warnings,
                    ..Plan::default()
                };
                Outcome::Parsed {
                    plan,
                    text: String::new(),
                }
            }
            other => other,
        }
    }
}

/// Parse one decoded source. A panic in the parser is caught and reported as
/// [`Outcome::Crashed`] for that file alone.
pub fn parse_source(src: ingest::Source) -> Outcome {
    let path = src.path.clone();
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut plan = parse::parse(&src.path, &src.text);
        plan.source_format = src.format;
        plan.encoding = src.encoding.clone();
        plan
    }));
    match run {
        Ok(plan) => Outcome::Parsed {
            plan: Box::new(plan),
            text: src.text,
        },
        Err(e) => {
            let message = e
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| e.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Outcome::Crashed {
                path,
                message: format!("parser bug: {message}"),
            }
        }
    }
}

fn load_one(found: Result<PathBuf, InputError>, opts: ReadOptions) -> Outcome {
    match found {
        Ok(p) => match ingest::read(&p, opts) {
            Ok(src) => parse_source(src),
            Err(e) => Outcome::Failed(e),
        },
        Err(e) => Outcome::Failed(e),
    }
}

/// Files parsed in parallel at a time; outcomes are handed on in walk order.
const BATCH: usize = 64;

/// Discover, read and parse everything under `paths`, handing each outcome to
/// `each` in walk order as soon as its batch is done (with the number of files
/// found). Parsing runs in parallel; memory holds one batch at a time.
pub fn for_each<P: AsRef<Path>>(
    paths: &[P],
    opts: ReadOptions,
    mut each: impl FnMut(usize, Outcome),
) {
    for_each_with(paths, opts, |o| (o, ()), |total, o, ()| each(total, o));
}

/// [`for_each`], with `prepare` run on each outcome in the parallel batch (so
/// work that follows parsing, such as building an index document, is spread
/// over the cores too): what it gives back, the outcome (or what is left of
/// it, see [`Outcome::into_accounted`]) and its result, is handed to `each`.
pub fn for_each_with<P: AsRef<Path>, T: Send>(
    paths: &[P],
    opts: ReadOptions,
    prepare: impl Fn(Outcome) -> (Outcome, T) + Sync,
    mut each: impl FnMut(usize, Outcome, T),
) {
    let found = ingest::discover(paths);
    let total = found.len();
    let mut it = found.into_iter();
    loop {
        let batch: Vec<_> = it.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        let outcomes: Vec<(Outcome, T)> = batch
            .into_par_iter()
            .map(|f| prepare(load_one(f, opts)))
            .collect();
        for (o, t) in outcomes {
            each(total, o, t);
        }
    }
}

/// Discover, read and parse everything under `paths`, in walk order. `each` is
/// called after every file (for progress).
pub fn load<P: AsRef<Path>>(
    paths: &[P],
    opts: ReadOptions,
    mut each: impl FnMut(usize, &Outcome),
) -> Vec<Outcome> {
    let mut out = Vec::new();
    for_each(paths, opts, |total, o| {
        each(total, &o);
        out.push(o);
    });
    out
}

/// The bundled corpus, parsed.
pub fn load_embedded() -> Vec<Outcome> {
    crate::corpus::FILES
        .iter()
        .map(|(path, raw)| match ingest::decode(path, raw.as_bytes()) {
            Ok(src) => parse_source(src),
            Err(e) => Outcome::Failed(e),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{FileReport, Status};

    #[test]
    fn what_is_accounted_of_a_plan_is_what_the_report_reads() {
        // the second part is numbered out of order: a warning
        let text = "I. MỤC ĐÍCH\n1. Mục đích\nIII. NỘI DUNG\n";
        let full = Outcome::Parsed {
            plan: Box::new(parse::parse("a.txt", text)),
            text: text.into(),
        };
        let entry = FileReport::of(&full);
        assert_eq!(entry.status, Status::ParsedWithWarnings);
        let kept = full.into_accounted();
        let Outcome::Parsed { plan, text } = &kept else {
            panic!("still parsed");
        };
        assert!(plan.sections.is_empty() && text.is_empty());
        let after = FileReport::of(&kept);
        assert_eq!((after.path, after.status), (entry.path, entry.status));
        assert_eq!(after.warnings.len(), entry.warnings.len());
        assert!(!after.warnings.is_empty());
        // a failure is kept as it is
        let failed = Outcome::Failed(InputError::NotText {
            path: "b.bin".into(),
            reason: "empty file".into(),
        });
        assert_eq!(failed.into_accounted().path(), "b.bin");
    }
}
