//! The document the index writer takes for a plan: field values that may
//! share one string between fields.
//!
//! Owns: [`PlanDoc`] and its values, as tantivy's `Document` and `Value`
//! traits read them. A plan's text goes into three fields (exact, folded, word
//! pairs) and its title into the same three, three times over (see
//! [`crate::index::TITLE_WEIGHT`]). tantivy's own document copies every
//! value into one growing buffer: at 1,000 plans that copying was ~3.8% of an
//! index run's CPU, and each queued document held its text three times. Here
//! each string is held once and every field that indexes it borrows it.
//! Which fields a plan's document holds is [`crate::index`]'s business.

use tantivy::schema::document::{Document, ReferenceValue, ReferenceValueLeaf, Value};
use tantivy::schema::Field;

use crate::backlog::Ticket;

/// A document of owned strings, each given to one or more fields, and numbers.
#[derive(Debug, Default)]
pub struct PlanDoc {
    strings: Vec<String>,
    blobs: Vec<Vec<u8>>,
    /// The values in the order they were added (tantivy keeps that order
    /// within a field: the text comes before the title's copies).
    values: Vec<(Field, Slot)>,
    /// The document's place in the run's queue, let go when tantivy drops it
    /// (see [`crate::backlog`]).
    ticket: Option<Ticket>,
}

/// Where a value of a [`PlanDoc`] lies.
#[derive(Debug, Clone, Copy)]
enum Slot {
    /// The string of that index in `strings`.
    Str(usize),
    /// The bytes of that index in `blobs`.
    Bytes(usize),
    U64(u64),
}

/// A string added to a [`PlanDoc`], to be given to more fields.
#[derive(Debug, Clone, Copy)]
pub struct Shared(usize);

impl PlanDoc {
    /// Keep a string in this document, for [`PlanDoc::add_shared`] to give
    /// to fields without a copy.
    pub fn hold(&mut self, text: impl Into<String>) -> Shared {
        self.strings.push(text.into());
        Shared(self.strings.len() - 1)
    }

    /// Add a string value to `field` (kept as [`PlanDoc::hold`] keeps it).
    pub fn add_text(&mut self, field: Field, text: impl Into<String>) -> Shared {
        let held = self.hold(text);
        self.add_shared(field, held);
        held
    }

    /// Add a string already in this document to `field`.
    pub fn add_shared(&mut self, field: Field, text: Shared) {
        self.values.push((field, Slot::Str(text.0)));
    }

    /// Add bytes to `field`.
    pub fn add_bytes(&mut self, field: Field, bytes: Vec<u8>) {
        self.blobs.push(bytes);
        self.values.push((field, Slot::Bytes(self.blobs.len() - 1)));
    }

    /// Add a number to `field`.
    pub fn add_u64(&mut self, field: Field, n: u64) {
        self.values.push((field, Slot::U64(n)));
    }

    /// Bytes of the strings and bytes it holds.
    pub fn bytes(&self) -> usize {
        self.strings.iter().map(String::len).sum::<usize>()
            + self.blobs.iter().map(Vec::len).sum::<usize>()
    }

    /// Hold `ticket` until the document is dropped.
    pub fn hold_ticket(&mut self, ticket: Ticket) {
        self.ticket = Some(ticket);
    }
}

/// A value of a [`PlanDoc`] field, borrowing its string.
#[derive(Debug, Clone, Copy)]
pub enum PlanValue<'a> {
    Str(&'a str),
    Bytes(&'a [u8]),
    U64(u64),
}

impl<'a> Value<'a> for PlanValue<'a> {
    type ArrayIter = std::iter::Empty<Self>;
    type ObjectIter = std::iter::Empty<(&'a str, Self)>;

    fn as_value(&self) -> ReferenceValue<'a, Self> {
        ReferenceValue::Leaf(match *self {
            PlanValue::Str(s) => ReferenceValueLeaf::Str(s),
            PlanValue::Bytes(b) => ReferenceValueLeaf::Bytes(b),
            PlanValue::U64(n) => ReferenceValueLeaf::U64(n),
        })
    }
}

/// The fields and values of a [`PlanDoc`], in the order they were added.
pub struct PlanValues<'a> {
    doc: &'a PlanDoc,
    next: usize,
}

impl<'a> Iterator for PlanValues<'a> {
    type Item = (Field, PlanValue<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let &(field, slot) = self.doc.values.get(self.next)?;
        self.next += 1;
        let value = match slot {
            Slot::Str(i) => PlanValue::Str(self.doc.strings.get(i).map_or("", String::as_str)),
            Slot::Bytes(i) => PlanValue::Bytes(self.doc.blobs.get(i).map_or(&[], Vec::as_slice)),
            Slot::U64(n) => PlanValue::U64(n),
        };
        Some((field, value))
    }
}

impl Document for PlanDoc {
    type Value<'a> = PlanValue<'a>;
    type FieldsValuesIter<'a> = PlanValues<'a>;

    fn iter_fields_and_values(&self) -> PlanValues<'_> {
        PlanValues { doc: self, next: 0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Schema, STORED, TEXT};
    use tantivy::TantivyDocument;

    #[test]
    fn a_shared_string_reads_as_a_value_of_each_field_it_was_given_to() {
        let mut schema = Schema::builder();
        let (a, b) = (
            schema.add_text_field("a", TEXT | STORED),
            schema.add_text_field("b", TEXT | STORED),
        );
        let year = schema.add_u64_field("year", STORED);
        let mut doc = PlanDoc::default();
        let title = doc.add_text(a, "Kế hoạch trợ giúp pháp lý");
        doc.add_text(a, "năm 2024");
        doc.add_shared(b, title);
        doc.add_u64(year, 2024);
        let read: Vec<(Field, Option<&str>, Option<u64>)> = doc
            .iter_fields_and_values()
            .map(|(f, v)| (f, v.as_str(), v.as_u64()))
            .collect();
        assert_eq!(
            read,
            [
                (a, Some("Kế hoạch trợ giúp pháp lý"), None),
                (a, Some("năm 2024"), None),
                (b, Some("Kế hoạch trợ giúp pháp lý"), None),
                (year, None, Some(2024)),
            ]
        );
        // what tantivy makes of it is what its own document of the same values holds
        let theirs = doc.into_tantivy_document();
        let mut own = TantivyDocument::default();
        own.add_text(a, "Kế hoạch trợ giúp pháp lý");
        own.add_text(a, "năm 2024");
        own.add_text(b, "Kế hoạch trợ giúp pháp lý");
        own.add_u64(year, 2024);
        let schema = schema.build();
        assert_eq!(theirs.to_json(&schema), own.to_json(&schema));
    }
}
