//! Export of parsed plans: JSON (an array), NDJSON (one plan per line) and CSV
//! (one row per task, with the plan's number, province and year).
//!
//! The record shape is [`crate::model::Plan`]; its JSON Schema is
//! `schema/plan.schema.json`.

use std::io::Write;

use crate::model::Plan;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Ndjson,
    Csv,
}

/// The CSV columns, one row per task.
pub const CSV_COLUMNS: &[&str] = &[
    "path",
    "doc_number",
    "province",
    "year",
    "section",
    "source",
    "text",
    "lead",
    "partners",
    "performers",
    "deadline_raw",
    "deadline_start",
    "deadline_end",
    "recurrence",
    "outputs",
    "funding",
];

/// Write `plans` to `out` in `format`.
pub fn write<W: Write>(plans: &[Plan], format: Format, out: W) -> std::io::Result<()> {
    match format {
        Format::Json => write_json(plans, out),
        Format::Ndjson => write_ndjson(plans, out),
        Format::Csv => write_csv(plans, out),
    }
}

fn write_json<W: Write>(plans: &[Plan], mut out: W) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut out, plans)?;
    writeln!(out)
}

fn write_ndjson<W: Write>(plans: &[Plan], mut out: W) -> std::io::Result<()> {
    for p in plans {
        serde_json::to_writer(&mut out, p)?;
        writeln!(out)?;
    }
    Ok(())
}

fn write_csv<W: Write>(plans: &[Plan], out: W) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_COLUMNS)?;
    for p in plans {
        for t in &p.tasks {
            let d = t.deadline.as_ref();
            let source = match t.source {
                crate::model::TaskSource::Body => "body",
                crate::model::TaskSource::Appendix => "appendix",
            };
            w.write_record([
                p.path.as_str(),
                p.doc_number.as_deref().unwrap_or(""),
                p.province.as_deref().unwrap_or(""),
                &p.year.map(|y| y.to_string()).unwrap_or_default(),
                t.section.as_deref().unwrap_or(""),
                source,
                &t.text,
                &t.lead.join("; "),
                &t.partners.join("; "),
                &t.performers.join("; "),
                d.map(|d| d.raw.as_str()).unwrap_or(""),
                d.and_then(|d| d.start.as_deref()).unwrap_or(""),
                d.and_then(|d| d.end.as_deref()).unwrap_or(""),
                d.and_then(|d| d.recurrence)
                    .map(|r| r.as_str())
                    .unwrap_or(""),
                t.outputs.as_deref().unwrap_or(""),
                t.funding.as_deref().unwrap_or(""),
            ])?;
        }
    }
    w.flush()
}
