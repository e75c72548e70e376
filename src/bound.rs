//! Upper bounds of phrase scores, and candidates handed out best first by them.
//!
//! Owns: [`PhraseBound`], a query that matches every plan a phrase query
//! matches and scores each at least as high, from counts alone (no
//! positions read); [`bounded`], which puts it in place of the phrases of a
//! query; and [`BestFirst`], candidates with an upper bound of their score
//! each, handed out in rank order while only those that could still come
//! first are scored. Checking a phrase at a plan reads its positions, the
//! costliest part of a search over syllables found in every plan: with the
//! bounds, a search reads them at the few plans that can reach its top
//! instead of at every candidate.
//!
//! The bound: each time a phrase occurs in a plan, each of its words occurs
//! at its own position, and so does each pair of its neighbouring words in
//! the pairs field, which holds the same values as the folded body (the
//! title [`crate::index::TITLE_WEIGHT`] times, then the text; no phrase or
//! pair runs from one value into the next). So the phrase is counted at most
//! as often as its rarest word or its rarest pair. BM25 grows with the
//! count, so the phrase's score at that count, with the phrase query's own
//! weight, bounds its real score.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{
    Bm25Weight, BooleanQuery, ConstScoreQuery, EmptyScorer, EnableScoring, Explanation, Occur,
    PhraseQuery, Query, Scorer, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// A phrase's upper-bound query: it matches the plans holding every word of
/// the phrase (in its field) and every word pair (in the pairs field), and
/// scores each as the phrase query would score the phrase found there as
/// many times as the bound allows (see the module's doc).
#[derive(Clone, Debug, PartialEq)]
pub struct PhraseBound {
    /// The phrase's terms, in order, in the field its phrase query reads.
    terms: Vec<Term>,
    /// Its pairs of consecutive words, in the pairs field.
    pairs: Vec<Term>,
}

impl PhraseBound {
    /// The bound of the slop-free phrase `text` in the folded body field,
    /// with its pairs in `pairs_field`; `None` for fewer than two words.
    pub fn folded(text: &str, body_folded: Field, pairs_field: Field) -> Option<Self> {
        let terms: Vec<Term> = crate::analysis::terms(text, true)
            .iter()
            .map(|t| Term::from_field_text(body_folded, &t.text))
            .collect();
        if terms.len() < 2 {
            return None;
        }
        let pairs = crate::analysis::pairs(text)
            .iter()
            .map(|p| Term::from_field_text(pairs_field, p))
            .collect();
        Some(Self { terms, pairs })
    }
}

impl Query for PhraseBound {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        // the phrase query's own weight: the same terms in the same order
        let bm25 = match scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => Some(Bm25Weight::for_terms(statistics_provider, &self.terms)?),
            EnableScoring::Disabled { .. } => None,
        };
        Ok(Box::new(BoundWeight {
            bound: self.clone(),
            bm25,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for term in self.terms.iter().chain(&self.pairs) {
            visitor(term, false);
        }
    }
}

struct BoundWeight {
    bound: PhraseBound,
    bm25: Option<Bm25Weight>,
}

impl Weight for BoundWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut postings = Vec::with_capacity(self.bound.terms.len() + self.bound.pairs.len());
        for term in self.bound.terms.iter().chain(&self.bound.pairs) {
            let Some(p) = reader
                .inverted_index(term.field())?
                .read_postings(term, IndexRecordOption::WithFreqs)?
            else {
                // a word or pair missing from the segment: no plan here holds the phrase
                return Ok(Box::new(EmptyScorer));
            };
            postings.push(p);
        }
        // the rarest leads the intersection
        postings.sort_by_key(SegmentPostings::doc_freq);
        let field = self.bound.terms[0].field();
        let fieldnorms = match (&self.bm25, reader.fieldnorms_readers().get_field(field)?) {
            (Some(_), Some(reader)) => reader,
            _ => FieldNormReader::constant(reader.max_doc(), 1),
        };
        let mut scorer = BoundScorer {
            postings,
            bm25: self.bm25.as_ref().map(|w| w.boost_by(boost)),
            fieldnorms,
            doc: 0,
        };
        let first = scorer.postings[0].doc();
        scorer.align(first);
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not hold every word and pair of the phrase"
            )));
        }
        Ok(Explanation::new(
            "upper bound of the phrase's score",
            scorer.score(),
        ))
    }
}

/// The plans holding every word and pair, in document order.
struct BoundScorer {
    /// The words' and pairs' posting lists, the rarest first.
    postings: Vec<SegmentPostings>,
    bm25: Option<Bm25Weight>,
    fieldnorms: FieldNormReader,
    doc: DocId,
}

impl BoundScorer {
    /// Move every list to the first plan at or after `target` that they all hold.
    fn align(&mut self, mut target: DocId) -> DocId {
        'again: loop {
            for p in &mut self.postings {
                let doc = if p.doc() < target {
                    p.seek(target)
                } else {
                    p.doc()
                };
                if doc > target {
                    target = doc;
                    continue 'again;
                }
            }
            self.doc = target;
            return target;
        }
    }
}

impl DocSet for BoundScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        let next = self.postings[0].advance();
        self.align(next)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        self.align(target)
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.postings[0].size_hint()
    }
}

impl Scorer for BoundScorer {
    fn score(&mut self) -> Score {
        let Some(bm25) = &self.bm25 else {
            return 1.0;
        };
        let count = self
            .postings
            .iter()
            .map(|p| p.term_freq())
            .min()
            .unwrap_or(0);
        bm25.score(self.fieldnorms.fieldnorm_id(self.doc), count)
    }
}

/// `query` with each slop-free phrase among `phrases` (found by its terms)
/// in the folded body replaced by its bound: a query matching every plan
/// `query` matches, scoring each at least as high. `None` when it would cost
/// as much as `query` itself: no phrase replaced, or a part it cannot look
/// into (a constant-score query, whose inner query it cannot reach) that may
/// read positions. Excluded clauses are kept as they are (a bound there
/// would exclude more). Every phrase query in `query` must be slop-free.
pub fn bounded(query: &dyn Query, phrases: &[PhraseBound]) -> Option<Box<dyn Query>> {
    let mut replaced = false;
    let mut opaque = false;
    let out = replace(query, phrases, &mut replaced, &mut opaque);
    (replaced && !opaque).then_some(out)
}

fn replace(
    query: &dyn Query,
    phrases: &[PhraseBound],
    replaced: &mut bool,
    opaque: &mut bool,
) -> Box<dyn Query> {
    if let Some(b) = query.downcast_ref::<BooleanQuery>() {
        let clauses = b
            .clauses()
            .iter()
            .map(|(occur, q)| match occur {
                Occur::MustNot => (*occur, q.box_clone()),
                _ => (*occur, replace(q.as_ref(), phrases, replaced, opaque)),
            })
            .collect();
        return Box::new(BooleanQuery::with_minimum_required_clauses(
            clauses,
            b.get_minimum_number_should_match(),
        ));
    }
    if let Some(p) = query.downcast_ref::<PhraseQuery>() {
        // the folded analyzer keeps every word, so a phrase's terms stand at
        // consecutive positions and its terms alone tell its pairs
        let terms = p.phrase_terms();
        if let Some(bound) = phrases.iter().find(|b| b.terms == terms) {
            *replaced = true;
            return Box::new(bound.clone());
        }
    }
    if query.downcast_ref::<ConstScoreQuery>().is_some() {
        *opaque = true;
    }
    query.box_clone()
}

/// A candidate and its score, ordered as search results are: higher score
/// first, then lower address.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Ranked(Score, DocAddress);

impl Eq for Ranked {}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0
            .total_cmp(&other.0)
            .then_with(|| other.1.cmp(&self.1))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A candidate not yet scored: its score is the query's, and it drops out
/// when the query does not match it.
#[derive(Clone, Copy, Debug)]
pub struct Pending {
    /// An upper bound of its score.
    pub bound: Score,
    pub addr: DocAddress,
}

/// Scores of a query at candidates (`None` where it does not match), as
/// `crate::search` computes them.
pub type ScoreAt<'a> =
    dyn FnMut(&[(Score, DocAddress)]) -> tantivy::Result<Vec<Option<Score>>> + 'a;

/// Candidates handed out best first (higher score, then lower address),
/// each scored only when a candidate left unscored could otherwise come
/// before the best one scored: the best scored one is handed out once its
/// score is above every bound left.
pub struct BestFirst<'a> {
    /// Candidates not yet scored, the highest bound last.
    pending: Vec<Pending>,
    /// Scored candidates not yet handed out.
    scored: BinaryHeap<Ranked>,
    /// How many candidates are scored at a time (the scorer is placed anew
    /// at each segment every time).
    batch: usize,
    score_at: Box<ScoreAt<'a>>,
}

/// A bound's margin over float rounding: the bound and the score add and
/// divide the same numbers in their own orders, so a score may exceed a
/// bound of the same value by a few units in the last place.
fn widened(bound: Score) -> Score {
    bound + bound.abs() * 1e-4 + 1e-6
}

impl<'a> BestFirst<'a> {
    /// Candidates already scored (`scored`) and not yet (`pending`), scored
    /// `batch` at a time by `score_at`.
    pub fn new(
        scored: impl IntoIterator<Item = (Score, DocAddress)>,
        mut pending: Vec<Pending>,
        batch: usize,
        score_at: Box<ScoreAt<'a>>,
    ) -> Self {
        pending.sort_by(|a, b| a.bound.total_cmp(&b.bound).then(b.addr.cmp(&a.addr)));
        Self {
            pending,
            scored: scored.into_iter().map(|(s, a)| Ranked(s, a)).collect(),
            batch: batch.max(1),
            score_at,
        }
    }

    /// Candidates all scored already.
    pub fn scored(all: impl IntoIterator<Item = (Score, DocAddress)>) -> Self {
        Self::new(all, Vec::new(), 1, Box::new(|c| Ok(vec![None; c.len()])))
    }

    /// The next best candidate, `None` once all are handed out.
    pub fn next_best(&mut self) -> tantivy::Result<Option<(Score, DocAddress)>> {
        loop {
            let highest = self.pending.last().map(|p| widened(p.bound));
            match (self.scored.peek(), highest) {
                (Some(best), Some(bound)) if best.0 > bound => break,
                (Some(_), None) => break,
                (None, None) => return Ok(None),
                _ => self.score_batch()?,
            }
        }
        Ok(self.scored.pop().map(|Ranked(s, a)| (s, a)))
    }

    /// The best `n` candidates left, best first.
    pub fn take(&mut self, n: usize) -> tantivy::Result<Vec<(Score, DocAddress)>> {
        let mut out = Vec::with_capacity(n.min(self.scored.len() + self.pending.len()));
        while out.len() < n {
            match self.next_best()? {
                Some(hit) => out.push(hit),
                None => break,
            }
        }
        Ok(out)
    }

    /// Every candidate left, scored, best first.
    pub fn rest(mut self) -> tantivy::Result<Vec<(Score, DocAddress)>> {
        while !self.pending.is_empty() {
            self.score_batch()?;
        }
        Ok(self
            .scored
            .into_sorted_vec()
            .into_iter()
            .rev()
            .map(|Ranked(s, a)| (s, a))
            .collect())
    }

    fn score_batch(&mut self) -> tantivy::Result<()> {
        let from = self.pending.len().saturating_sub(self.batch);
        let batch: Vec<Pending> = self.pending.drain(from..).collect();
        let at: Vec<(Score, DocAddress)> = batch.iter().map(|p| (p.bound, p.addr)).collect();
        let scores = (self.score_at)(&at)?;
        for (p, score) in batch.iter().zip(scores) {
            if let Some(s) = score {
                self.scored.push(Ranked(s, p.addr));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::PlanIndex;
    use proptest::prelude::*;
    use std::collections::HashMap;
    use tantivy::collector::TopDocs;

    /// An index of plans, each a title and a text.
    fn index_of(dir: &std::path::Path, plans: &[(String, String)]) -> PlanIndex {
        let idx = PlanIndex::open_or_create(dir, false).expect("index");
        let parsed: Vec<(crate::model::Plan, String)> = plans
            .iter()
            .enumerate()
            .map(|(i, (title, body))| {
                let text = crate::text::normalize(&format!(
                    "ỦY BAN NHÂN DÂN\nSố: {i}/KH-UBND\n\nKẾ HOẠCH\n{title}\n\nI. MỤC ĐÍCH\n1. {body}\n"
                ));
                let plan = crate::parse::parse(&format!("plan-{i:02}.txt"), &text);
                assert_eq!(plan.title.as_deref(), Some(title.as_str()), "{text}");
                (plan, text)
            })
            .collect();
        idx.update(parsed.iter().map(|(p, t)| (p, t.as_str())), |_| {})
            .expect("update");
        idx
    }

    /// Each plan's score by `query`, for the plans it matches.
    fn scores(idx: &PlanIndex, query: &dyn Query) -> HashMap<DocAddress, Score> {
        let searcher = idx.searcher().expect("searcher");
        searcher
            .search(query, &TopDocs::with_limit(1000).order_by_score())
            .expect("search")
            .into_iter()
            .map(|(s, a)| (a, s))
            .collect()
    }

    fn phrase_and_bound(idx: &PlanIndex, phrase: &str) -> (PhraseQuery, PhraseBound) {
        let f = idx.fields;
        let terms = crate::analysis::terms(phrase, true)
            .iter()
            .map(|t| (t.position, Term::from_field_text(f.body_folded, &t.text)))
            .collect();
        let bound = PhraseBound::folded(phrase, f.body_folded, f.pairs).expect("two words");
        (PhraseQuery::new_with_offset(terms), bound)
    }

    #[test]
    fn a_phrase_bound_is_the_phrase_score_where_the_rarest_pair_occurs_only_in_the_phrase() {
        let dir = tempfile::tempdir().expect("tmp");
        let idx = index_of(
            dir.path(),
            &[
                // in the title (weighted) and twice in the text
                (
                    "Trợ giúp pháp lý lưu động".into(),
                    "Trợ giúp pháp lý lưu động tại xã; trợ giúp pháp lý lưu động.".into(),
                ),
                // every word and pair, never the phrase
                (
                    "Công tác năm 2024".into(),
                    "Pháp lý. Lưu động. Trợ giúp pháp.".into(),
                ),
                // the phrase once, its first words many times
                (
                    "Công tác năm 2024".into(),
                    "Trợ giúp pháp lý, trợ giúp pháp lý lưu động, trợ giúp.".into(),
                ),
            ],
        );
        let (phrase, bound) = phrase_and_bound(&idx, "trợ giúp pháp lý lưu động");
        let real = scores(&idx, &phrase);
        let bounds = scores(&idx, &bound);
        assert_eq!(real.len(), 2, "{real:?}");
        assert_eq!(bounds.len(), 3, "the decoy holds every word and pair");
        for (addr, score) in &real {
            // "lý lưu" occurs only where the phrase does: the bound is the score
            assert_eq!(bounds[addr], *score, "{addr:?}");
        }
    }

    /// Syllables enough for phrases to repeat and to break off.
    const SYLLABLES: [&str; 5] = ["trợ", "giúp", "pháp", "lý", "xã"];

    fn words(max: usize) -> impl Strategy<Value = String> {
        prop::collection::vec((0..SYLLABLES.len(), prop::bool::weighted(0.15)), 1..max).prop_map(
            |ws| {
                ws.iter()
                    .map(|&(w, stop)| format!("{}{}", SYLLABLES[w], if stop { "." } else { "" }))
                    .collect::<Vec<_>>()
                    .join(" ")
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn a_phrase_bound_matches_every_plan_the_phrase_matches_and_scores_it_at_least_as_high(
            plans in prop::collection::vec((words(6), words(40)), 1..6),
            phrase in prop::collection::vec(0..SYLLABLES.len(), 2..4),
        ) {
            let plans: Vec<(String, String)> = plans
                .into_iter()
                .map(|(title, body)| {
                    // a title is one line of words, the first capitalised
                    let mut t = title.replace('.', "");
                    if let Some(c) = t.chars().next() {
                        t = c.to_uppercase().chain(t.chars().skip(1)).collect();
                    }
                    (t, body)
                })
                .collect();
            let dir = tempfile::tempdir().expect("tmp");
            let idx = index_of(dir.path(), &plans);
            let phrase: Vec<&str> = phrase.iter().map(|&w| SYLLABLES[w]).collect();
            let (phrase, bound) = phrase_and_bound(&idx, &phrase.join(" "));
            let bounds = scores(&idx, &bound);
            for (addr, score) in scores(&idx, &phrase) {
                let b = bounds.get(&addr).copied();
                prop_assert!(b.is_some(), "{addr:?} holds the phrase, not the bound");
                prop_assert!(score <= widened(b.unwrap_or(0.0)), "{addr:?}: {score} > {b:?}");
            }
        }

        #[test]
        fn candidates_come_out_best_first_as_if_all_were_scored(
            plans in prop::collection::vec((prop::option::of(0.0f32..10.0), 0.0f32..3.0), 0..60),
            take in 0usize..70,
            batch in 1usize..12,
        ) {
            // each plan: its query score (None: no match) and the margin its
            // bound has over it
            let addr = |i: usize| DocAddress::new((i % 3) as u32, i as u32);
            let mut pending = Vec::new();
            let mut real: HashMap<DocAddress, Option<Score>> = HashMap::new();
            let mut want = Vec::new();
            for (i, &(score, margin)) in plans.iter().enumerate() {
                real.insert(addr(i), score);
                want.extend(score.map(|s| (s, addr(i))));
                let bound = score.unwrap_or(0.0) + margin;
                pending.push(Pending { bound, addr: addr(i) });
            }
            want.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            let scored = std::cell::Cell::new(0);
            let score_at = |c: &[(Score, DocAddress)]| {
                scored.set(scored.get() + c.len());
                Ok(c.iter().map(|(_, a)| real[a]).collect())
            };
            let mut best = BestFirst::new([], pending, batch, Box::new(score_at));
            let first = best.take(take).expect("take");
            prop_assert_eq!(&first[..], &want[..take.min(want.len())]);
            let rest = best.rest().expect("rest");
            prop_assert_eq!(&rest[..], &want[first.len()..]);
            prop_assert_eq!(scored.get(), plans.len());
        }
    }
}
