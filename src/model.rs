//! The parsed plan: the data every other stage (index, export, show) consumes.
//!
//! Owns the serialised shape of a plan. The keys of [`Plan`] and its parts are the
//! published export schema (`schema/plan.schema.json`): add keys, never rename or
//! remove them.

use serde::{Deserialize, Serialize};

/// One parsed plan (Kế hoạch).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Plan {
    /// The file the plan was read from, as given on the command line or found by the walk.
    pub path: String,
    /// The format it was read from: `text`, `markdown`, `html` or `docx`.
    #[serde(default)]
    pub source_format: crate::ingest::SourceFormat,
    /// The character encoding it was read in: `utf-8`, `utf-16le`, `utf-16be`,
    /// `windows-1258`, `tcvn3`, `vni`, `viscii` (or an HTML page's charset).
    #[serde(default)]
    pub encoding: String,
    /// Number and symbol as written canonically (`225/KH-STP`); null when the number is blank.
    pub doc_number: Option<String>,
    /// The symbol after the number (`KH-STP`), kept even when the number is blank.
    pub doc_symbol: Option<String>,
    /// Document type (`Kế hoạch`).
    pub doc_type: Option<String>,
    /// The trích yếu (title) after "KẾ HOẠCH", as written.
    pub title: Option<String>,
    /// The issuing body, e.g. `Sở Tư pháp tỉnh Ninh Thuận`.
    pub issuer: Option<String>,
    /// Province as of the plan's date (pre-2025 names for older plans).
    pub province: Option<String>,
    /// The province after the 2025 merger (Resolution 202/2025/QH15), for the "new map" view.
    #[serde(default)]
    pub province_current: Option<String>,
    /// ISO 8601 issue date; partial (`2024-02`, `2024`) when the day or month is blank.
    pub issue_date: Option<String>,
    /// Year of `issue_date`.
    pub year: Option<i32>,
    /// Years the plan covers.
    pub period: Option<Period>,
    /// Name of the person who signed.
    pub signer: Option<String>,
    /// When the document is a decision that issues a plan: the plan attached below
    /// it. The header fields describe the decision; `sections` and `tasks` are the plan's.
    #[serde(default)]
    pub attached_plan: Option<AttachedPlan>,
    /// The numbered outline, as a tree.
    pub sections: Vec<Section>,
    /// Tasks with their responsible units, deadline, outputs and funding.
    pub tasks: Vec<Task>,
    /// Work given to named units in a part such as "Tổ chức thực hiện".
    #[serde(default)]
    pub assignments: Vec<Assignment>,
    /// Every cited legal or administrative document, once each.
    pub citations: Vec<Citation>,
    /// What the parser could not make sense of, with line numbers.
    pub warnings: Vec<Warning>,
    /// The 1-based lines of the normalised text the numbered outline takes:
    /// from its first heading to just before what follows the body
    /// (recipients, signature, appendices); `None` when there is no outline.
    /// Not exported: the index keeps the text around it, so that a search hit
    /// can show a match that lies outside every section (see [`crate::stored`]).
    #[serde(skip)]
    pub outline_lines: Option<std::ops::Range<usize>>,
}

/// A plan attached to (issued by) a decision.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AttachedPlan {
    /// `Kế hoạch`.
    pub doc_type: String,
    /// The plan's own title.
    pub title: Option<String>,
    /// 1-based line of its "KẾ HOẠCH" heading.
    pub line: usize,
}

/// Years a plan covers, inclusive.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct Period {
    pub start: i32,
    pub end: i32,
}

/// A numbered heading of the outline and the text under it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Section {
    /// The label as numbered in the document, without its dot: `II`, `3`, `3.1.1`, `a`.
    pub label: String,
    /// Labels from the top joined by dots: `II.3.1.1`.
    pub path: String,
    /// The heading text after the label (may be empty when the number stood alone).
    pub heading: String,
    /// The text of the section itself (not of its children), dash and plus items included.
    pub text: String,
    /// 1-based line of the heading in the normalised text (0 for an inferred section).
    pub line: usize,
    /// Sub-sections.
    pub children: Vec<Section>,
}

/// Work a plan gives to one named unit outside labelled task fields: "1. Sở Tư
/// pháp: ..." in the part that organises implementation.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Assignment {
    /// The unit named.
    pub unit: String,
    /// Path of the item that names it.
    pub section: String,
    /// The duties, as written.
    pub text: String,
    /// Dates found in the duties, normalised like deadlines.
    pub deadlines: Vec<Deadline>,
}

/// Where a task was found.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum TaskSource {
    /// A numbered item or list item with labelled fields in the body.
    #[default]
    Body,
    /// A row of an appendix (Phụ lục) task table.
    Appendix,
}

/// A piece of work with its own responsible units and/or deadline.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Task {
    /// Path of the section the task belongs to; null when it cannot be placed.
    pub section: Option<String>,
    /// What is to be done.
    pub text: String,
    /// Lead units (chủ trì).
    pub lead: Vec<String>,
    /// Partner units (phối hợp).
    pub partners: Vec<String>,
    /// Performing units (thực hiện).
    pub performers: Vec<String>,
    /// When it is due.
    pub deadline: Option<Deadline>,
    /// Outputs (Sản phẩm, Kết quả thực hiện).
    pub outputs: Option<String>,
    /// Funding (Kinh phí).
    pub funding: Option<String>,
    /// `body` or `appendix`.
    pub source: TaskSource,
    /// 1-based line where the task starts.
    pub line: usize,
}

/// How often a deadline recurs.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Recurrence {
    Continuous,
    Annual,
    Semiannual,
    Quarterly,
    Monthly,
}

impl Recurrence {
    pub fn as_str(self) -> &'static str {
        match self {
            Recurrence::Continuous => "continuous",
            Recurrence::Annual => "annual",
            Recurrence::Semiannual => "semiannual",
            Recurrence::Quarterly => "quarterly",
            Recurrence::Monthly => "monthly",
        }
    }
}

/// A deadline: the raw text always, and the normalised range or recurrence where one exists.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Deadline {
    /// As written.
    pub raw: String,
    /// First day, inclusive (ISO date).
    pub start: Option<String>,
    /// Last day, inclusive (ISO date).
    pub end: Option<String>,
    /// Recurrence, if the work recurs.
    pub recurrence: Option<Recurrence>,
    /// Each range named in the text, when there are several ("Lần 1: năm 2014; lần 2 năm 2017").
    pub ranges: Vec<DateRange>,
}

/// An inclusive range of ISO dates; either end may be open.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct DateRange {
    pub start: Option<String>,
    pub end: Option<String>,
}

/// Whether a citation is part of the plan's legal basis.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Cited in the preamble (Căn cứ ..., Thực hiện ...), before the first numbered part.
    Basis,
    /// Cited elsewhere.
    Reference,
}

/// A cited legal or administrative document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Citation {
    /// Canonical id: `59/2012/QĐ-TTg`, `39-CT/TW`, `11/2017/QH14`.
    pub id: String,
    /// Kind of document: `Quyết định`, `Thông tư liên tịch`, `Luật`, `Công văn`, ...
    pub kind: String,
    /// The number part of the id (`59`), when there is one.
    pub number: Option<String>,
    /// Date of the cited document (ISO), when the plan gives it.
    pub date: Option<String>,
    /// Who issued it, as the plan says or as the symbol implies.
    pub issuer: Option<String>,
    /// `basis` or `reference`.
    pub role: Role,
    /// Path of the section of the first mention; null in the preamble or an appendix.
    pub section: Option<String>,
    /// The text of the first mention, as written.
    pub raw: String,
    /// 1-based line of the first mention.
    pub line: usize,
}

/// Something the parser could not make sense of.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Warning {
    /// 1-based line in the normalised text (0 when it concerns the whole plan).
    pub line: usize,
    pub message: String,
}

impl Plan {
    /// All sections in document order, depth first.
    pub fn flat_sections(&self) -> Vec<&Section> {
        fn walk<'a>(s: &'a [Section], out: &mut Vec<&'a Section>) {
            for sec in s {
                out.push(sec);
                walk(&sec.children, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.sections, &mut out);
        out
    }

    /// Every responsible unit named anywhere in the plan (tasks and assignments), once each.
    pub fn units(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        let named = self
            .tasks
            .iter()
            .flat_map(|t| t.lead.iter().chain(&t.partners).chain(&t.performers))
            .chain(self.assignments.iter().map(|a| &a.unit));
        for u in named {
            if !out.contains(&u.as_str()) {
                out.push(u);
            }
        }
        out
    }
}
