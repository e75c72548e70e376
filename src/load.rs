//! Loading many inputs: every file found under the given paths becomes a parsed
//! plan or an error naming the file, so a run can account for each one.

use std::path::Path;

use crate::error::InputError;
use crate::ingest::{self, ReadOptions};
use crate::model::Plan;
use crate::parse;

/// What became of one input file.
#[derive(Debug)]
pub enum Outcome {
    /// Parsed; the normalised text is kept for indexing.
    Parsed { plan: Box<Plan>, text: String },
    /// Not parsed, with the reason.
    Failed(InputError),
}

/// Parse one decoded source.
pub fn parse_source(src: ingest::Source) -> Outcome {
    let mut plan = parse::parse(&src.path, &src.text);
    plan.source_format = src.format;
    plan.encoding = src.encoding;
    Outcome::Parsed {
        plan: Box::new(plan),
        text: src.text,
    }
}

/// Discover, read and parse everything under `paths`, in walk order. `each` is
/// called after every file (for progress); the first argument is the number of
/// files found.
pub fn load<P: AsRef<Path>>(
    paths: &[P],
    opts: ReadOptions,
    mut each: impl FnMut(usize, &Outcome),
) -> Vec<Outcome> {
    let found = ingest::discover(paths);
    let total = found.len();
    let mut out = Vec::with_capacity(total);
    for f in found {
        let o = match f {
            Ok(p) => match ingest::read(&p, opts) {
                Ok(src) => parse_source(src),
                Err(e) => Outcome::Failed(e),
            },
            Err(e) => Outcome::Failed(e),
        };
        each(total, &o);
        out.push(o);
    }
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
