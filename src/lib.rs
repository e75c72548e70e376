//! kehoach: parse, index, search and export Vietnamese legal-aid plans
//! ("Kế hoạch ... trợ giúp pháp lý").
//!
//! Data flows one way: bytes → [`ingest`] (decoded, normalised text) →
//! [`parse`] (a [`Plan`]: header, outline, tasks, citations) → [`index`] /
//! [`export`]. [`text`] holds the Vietnamese normalisation every stage shares,
//! [`province`] the gazetteer.
//!
//! ```
//! let text = kehoach::text::normalize("Số: 225/KH-STP\nNinh Thuận, ngày 28 tháng 01 năm 2022\nKẾ HOẠCH\nTổ chức kỷ niệm\nI. MỤC ĐÍCH\n");
//! let plan = kehoach::parse::parse("plan.txt", &text);
//! assert_eq!(plan.doc_number.as_deref(), Some("225/KH-STP"));
//! assert_eq!(plan.issue_date.as_deref(), Some("2022-01-28"));
//! assert_eq!(plan.province.as_deref(), Some("Ninh Thuận"));
//! ```

pub mod error;
pub mod ingest;
pub mod model;
pub mod parse;
pub mod province;
pub mod query;
pub mod report;
pub mod text;

pub use error::{Error, InputError, Result};
pub use model::{Citation, Deadline, Plan, Section, Task};
pub mod analysis;
pub mod backlog;
pub mod bound;
pub mod corpus;
pub mod directory;
pub mod document;
pub mod encoding;
pub mod eval;
pub mod export;
pub mod index;
pub mod load;
pub mod search;
pub mod stored;
