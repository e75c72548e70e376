//! Export of parsed plans: JSON (an array), NDJSON (one plan per line) and CSV
//! (one row per task, with the plan's number, province and year).
//!
//! Plans are written one at a time as they come ([`Writer`]), so an export of a
//! large corpus never holds it. The record shape is [`crate::model::Plan`]; its
//! JSON Schema is `schema/plan.schema.json`.

use std::io::Write;

use crate::model::{Plan, TaskSource};

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

/// Writes plans in one format, one plan at a time.
pub struct Writer<W: Write> {
    format: Format,
    out: Option<W>,
    csv: Option<csv::Writer<W>>,
    first: bool,
}

impl<W: Write> Writer<W> {
    /// Start writing (the JSON array's "[", the CSV header).
    pub fn new(format: Format, mut out: W) -> std::io::Result<Writer<W>> {
        let mut csv = None;
        match format {
            Format::Json => out.write_all(b"[")?,
            Format::Ndjson => {}
            Format::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(CSV_COLUMNS)?;
                csv = Some(w);
                return Ok(Writer {
                    format,
                    out: None,
                    csv,
                    first: true,
                });
            }
        }
        Ok(Writer {
            format,
            out: Some(out),
            csv,
            first: true,
        })
    }

    /// Write one plan.
    pub fn write(&mut self, p: &Plan) -> std::io::Result<()> {
        match (self.format, self.out.as_mut(), self.csv.as_mut()) {
            (Format::Json, Some(out), _) => {
                out.write_all(if self.first { b"\n" } else { b",\n" })?;
                serde_json::to_writer_pretty(&mut *out, p)?;
            }
            (Format::Ndjson, Some(out), _) => {
                serde_json::to_writer(&mut *out, p)?;
                out.write_all(b"\n")?;
            }
            (Format::Csv, _, Some(w)) => write_rows(w, p)?,
            _ => {}
        }
        self.first = false;
        Ok(())
    }

    /// Close the output (the JSON array's "]") and flush.
    pub fn finish(mut self) -> std::io::Result<()> {
        if let Some(w) = self.csv.as_mut() {
            w.flush()?;
        }
        if let Some(out) = self.out.as_mut() {
            if self.format == Format::Json {
                out.write_all(if self.first { b"]\n" } else { b"\n]\n" })?;
            }
            out.flush()?;
        }
        Ok(())
    }
}

/// Write `plans` to `out` in `format`.
pub fn write<W: Write>(plans: &[Plan], format: Format, out: W) -> std::io::Result<()> {
    let mut w = Writer::new(format, out)?;
    for p in plans {
        w.write(p)?;
    }
    w.finish()
}

fn write_rows<W: Write>(w: &mut csv::Writer<W>, p: &Plan) -> std::io::Result<()> {
    for t in &p.tasks {
        let d = t.deadline.as_ref();
        let source = match t.source {
            TaskSource::Body => "body",
            TaskSource::Appendix => "appendix",
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
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_array_is_valid_with_zero_one_and_two_plans() {
        for n in 0..3 {
            let plans: Vec<Plan> = (0..n)
                .map(|i| Plan {
                    path: format!("p{i}.txt"),
                    ..Plan::default()
                })
                .collect();
            let mut buf = Vec::new();
            write(&plans, Format::Json, &mut buf).unwrap();
            let v: serde_json::Value = serde_json::from_slice(&buf).unwrap();
            assert_eq!(v.as_array().map(Vec::len), Some(n));
        }
    }
}
