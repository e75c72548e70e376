//! The crate's errors: one enum for per-file input problems, one for everything else.

use thiserror::Error;

/// A problem with one input file. Every variant names the file; a run reports it
/// and goes on with the other files.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum InputError {
    /// The path given does not exist.
    #[error("{path}: no such file or folder")]
    NotFound { path: String },
    /// The file exists but is not a plan text (empty, binary, wrong extension, bad encoding).
    #[error("{path}: not a plan text: {reason}")]
    NotText { path: String, reason: String },
    /// The file is larger than the configured limit.
    #[error("{path}: too large ({size} bytes; the limit is {limit} bytes, see --max-bytes)")]
    TooLarge { path: String, size: u64, limit: u64 },
    /// The file or folder could not be read.
    #[error("{path}: unreadable: {reason}")]
    Unreadable { path: String, reason: String },
}

impl InputError {
    /// The file the error is about.
    pub fn path(&self) -> &str {
        match self {
            InputError::NotFound { path }
            | InputError::NotText { path, .. }
            | InputError::TooLarge { path, .. }
            | InputError::Unreadable { path, .. } => path,
        }
    }
}

/// Errors of the index and search stages.
#[derive(Debug, Error)]
pub enum Error {
    /// An input file could not be read.
    #[error(transparent)]
    Input(#[from] InputError),
    /// The index could not be opened, written or read.
    #[error("index at {path}: {message}")]
    Index { path: String, message: String },
    /// The index is held by another `kehoach index` run.
    #[error("index at {path} is locked by another kehoach run; wait for it to finish")]
    Locked { path: String },
    /// A query could not be understood.
    #[error("bad query: {0}")]
    Query(String),
    /// Another I/O problem.
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
