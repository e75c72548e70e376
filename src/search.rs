//! Searching the index: queries, filters, ranking, the best-matching section and
//! a highlighted snippet.
//!
//! Owns the query semantics: words are ANDed, `"..."` is a phrase, the parser's
//! OR/NOT/+/- work; an accented query searches the exact and the folded fields
//! and ranks exact matches first, an unaccented one searches the folded fields.
//! Filters (province, year covered, cited id, unit) narrow the result.
//! Quoted phrases in a plain query are found through their word pairs first,
//! and only the best candidates checked against the real query (`ranked`),
//! in the order of their scores' bounds, until no candidate left could rank
//! (see [`crate::bound`]).
//! A query of plain words runs as flat conjunctions of terms in two tiers,
//! as written then folded (`tiered`), with the ranking of the real query.

use std::collections::HashMap;
use std::ops::{Bound, ControlFlow};

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, EnableScoring, Occur, PhraseQuery, Query, QueryParser,
    RangeQuery, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, DocSet, SeekDangerResult, TantivyDocument, Term};

use crate::bound::{self, BestFirst, Pending, PhraseBound};
use crate::error::{Error, Result};
use crate::index::{cite_key, province_key, PlanIndex};
use crate::stored::{Span, StoredPlan, StoredSection};
use crate::text;

/// Score added to plans that match an accented query as written: more than any
/// text score, so they rank first.
const EXACT_BONUS: f32 = 1000.0;

/// Weight of the adjacency boost (see `PlanIndex::adjacency`).
const ADJACENCY_BOOST: f32 = 3.0;

/// How many of the best plans the adjacency boost re-ranks.
const ADJACENCY_POOL: usize = 200;

/// Largest `--limit` accepted.
pub const MAX_LIMIT: usize = 10_000;

/// What to search for.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// Query text; may be empty when filters are given.
    pub query: String,
    /// Any of these provinces (names as typed: with or without "tỉnh", accents optional).
    pub provinces: Vec<String>,
    /// Plans whose period covers this inclusive range of years.
    pub years: Option<(i32, i32)>,
    /// Plans citing this document id.
    pub cites: Option<String>,
    /// Plans naming this unit (phrase, accents optional).
    pub unit: Option<String>,
    /// Number of plans to return.
    pub limit: usize,
}

/// One ranked plan.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub score: f32,
    pub path: String,
    pub doc_number: Option<String>,
    pub province: Option<String>,
    pub year: Option<i32>,
    pub title: Option<String>,
    /// Path and heading of the best-matching section, if any section matches.
    pub section: Option<String>,
    pub heading: Option<String>,
    /// A short passage around the best match.
    pub snippet: String,
    /// Byte ranges of `snippet` that match the query.
    pub highlights: Vec<(usize, usize)>,
}

fn qerr(e: impl std::fmt::Display) -> Error {
    Error::Query(e.to_string())
}

/// Words of the query that matter for highlighting and section choice: folded,
/// abbreviations written out, operators and field filters left out.
fn query_words(q: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in q.split(|c: char| c.is_whitespace() || c == '"' || c == '(' || c == ')') {
        if w.is_empty() || w.contains(':') || matches!(w, "AND" | "OR" | "NOT") {
            continue;
        }
        for t in crate::analysis::terms(w, true) {
            if !out.contains(&t.text) {
                out.push(t.text);
            }
        }
    }
    out
}

/// Phrases in double quotes, folded.
fn query_phrases(q: &str) -> Vec<String> {
    q.split('"')
        .skip(1)
        .step_by(2)
        .map(crate::analysis::folded_expanded)
        .filter(|p| !p.is_empty())
        .collect()
}

/// Whether a query uses the parser's syntax beyond words and quotes: fields,
/// parentheses, `+`/`-`, wildcards, boosts, slop, ranges, escapes or the
/// AND / OR / NOT operators.
fn has_syntax(q: &str) -> bool {
    q.contains([
        ':', '(', ')', '+', '-', '*', '^', '~', '[', ']', '{', '}', '\\',
    ]) || q
        .split_whitespace()
        .any(|w| matches!(w, "AND" | "OR" | "NOT"))
}

/// A query of plain words (letters and digits only, no quotes, operators or
/// fields) as its folded terms, and its marked terms as written when it has
/// marks: `None` unless every word is one term of the folded analyzer and at
/// most one of the exact one (an abbreviation written out becomes a phrase in
/// `full`, so such a query keeps `full`).
fn plain_words(q: &str) -> Option<(Vec<String>, Option<Vec<String>>)> {
    let words: Vec<&str> = q.split_whitespace().collect();
    if words.is_empty()
        || has_syntax(q)
        || !words.iter().all(|w| w.chars().all(char::is_alphanumeric))
    {
        return None;
    }
    let mut folded = Vec::with_capacity(words.len());
    let mut exact = Vec::new();
    for w in &words {
        let mut f = crate::analysis::terms(w, true);
        // the exact analyzer keeps marked words only: an unmarked one has none
        let mut e = crate::analysis::terms(w, false);
        if f.len() != 1 || e.len() > 1 {
            return None;
        }
        folded.push(f.remove(0).text);
        exact.extend(e.pop().map(|t| t.text));
    }
    let exact = text::has_marks(q).then_some(exact);
    Some((folded, exact))
}

/// The quoted phrases of a query made of words and quoted phrases only, as
/// their pair terms (see [`crate::analysis::pairs`]), and the rest of the query
/// (its words, and any quoted phrase of one word). `None` when the query has
/// operators, fields or parentheses, or no quoted phrase of two words or more.
fn phrase_pairs(q: &str) -> Option<(String, Vec<String>)> {
    if has_syntax(q) || q.matches('"').count() % 2 == 1 {
        return None;
    }
    let mut rest = String::new();
    let mut pairs: Vec<String> = Vec::new();
    for (i, chunk) in q.split('"').enumerate() {
        let chunk_pairs = if i % 2 == 1 {
            crate::analysis::pairs(chunk)
        } else {
            Vec::new()
        };
        if chunk_pairs.is_empty() {
            rest.push(' ');
            rest.push_str(chunk);
        } else {
            for p in chunk_pairs {
                if !pairs.contains(&p) {
                    pairs.push(p);
                }
            }
        }
    }
    (!pairs.is_empty()).then_some((rest, pairs))
}

/// The tantivy queries of one request.
struct Queries {
    /// What the request means.
    full: Box<dyn Query>,
    /// For words and quoted phrases only: a cheaper query matching a superset
    /// of `full`'s plans, each phrase looked up by its word pairs.
    pairs: Option<Box<dyn Query>>,
    /// With `pairs`, when the query has marks: `pairs` narrowed to the plans
    /// holding every marked word as written, a superset of the plans `full`
    /// ranks first (those matching the query as written).
    exact_pairs: Option<Box<dyn Query>>,
    /// With `exact_pairs`: `full` without the bonus of the words as written
    /// (it scores `full`'s score less [`EXACT_BONUS`]), and the query as
    /// written (which plans earn the bonus).
    bonus_apart: Option<(Box<dyn Query>, Box<dyn Query>)>,
    /// For plain words only: `full`'s ranking as flat conjunctions of terms.
    tiers: Option<Tiers>,
    /// With `pairs`: the bounds of the quoted phrases (see [`crate::bound`]).
    phrases: Vec<PhraseBound>,
}

/// A query of plain words, ranked as `full` ranks it but by flat conjunctions
/// of terms, which tantivy runs without a nested query per word: each folded
/// word is required in the body, which holds the title, weighted (see
/// [`crate::index::TITLE_WEIGHT`]). An accented query runs in two tiers: the plans holding
/// every word as written, in the folded order (scored with [`EXACT_BONUS`]
/// added, as `full` scores them), then the others.
struct Tiers {
    /// The folded words, and every word as written as a filter (it scores
    /// what `folded` scores); `None` for a query without marks.
    as_written: Option<Box<dyn Query>>,
    /// With `as_written`: every word as written, unscored (which of the
    /// folded tier's plans are in the first tier).
    written: Option<Box<dyn Query>>,
    /// The folded words alone.
    folded: Box<dyn Query>,
}

impl PlanIndex {
    /// Build the tantivy query for a request.
    pub fn query(&self, req: &SearchRequest) -> Result<Box<dyn Query>> {
        Ok(self.queries(req)?.full)
    }

    /// The tantivy query for a request, and, when its text is words and quoted
    /// phrases only, a cheaper query matching a superset of its plans: each
    /// quoted phrase becomes its pair terms (no positions to read), so a
    /// phrase over syllables found in every plan costs what a few words cost.
    /// The candidates the cheaper query ranks best are then checked and scored
    /// with the real one (see `top_plans`).
    fn queries(&self, req: &SearchRequest) -> Result<Queries> {
        let f = self.fields;
        let (text_part, inline) = crate::query::split(&text::normalize(req.query.trim()))?;
        let q = text_part;
        if q.trim().is_empty()
            && req.provinces.is_empty()
            && req.years.is_none()
            && req.cites.is_none()
            && req.unit.is_none()
            && inline == crate::query::Filters::default()
        {
            return Err(qerr("empty query: give words, a \"phrase\" or a filter (province:, year:, cites:, unit:); `kehoach info` lists every plan"));
        }
        let req = &SearchRequest {
            query: q.clone(),
            provinces: req
                .provinces
                .iter()
                .chain(&inline.provinces)
                .cloned()
                .collect(),
            years: req.years.or(inline.years),
            cites: req.cites.clone().or(inline.cites),
            unit: req.unit.clone().or(inline.unit),
            limit: req.limit,
        };
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut prefilter: Option<Vec<(Occur, Box<dyn Query>)>> = None;
        let mut phrases = Vec::new();
        let mut exact_words: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // the query as written, and where its bonus clause stands in `must`
        let mut written: Option<(usize, Box<dyn Query>)> = None;
        if !q.trim().is_empty() {
            if q.matches('"').count() % 2 == 1 {
                return Err(qerr(format!(
                    "unbalanced quote in {q:?}: close the phrase with \""
                )));
            }
            // the body fields hold the title too, weighted (see `index::TITLE_WEIGHT`)
            let mut folded = QueryParser::for_index(&self.index, vec![f.body_folded]);
            folded.set_conjunction_by_default();
            let folded_q = folded
                .parse_query(&q)
                .map_err(|e| qerr(format!("{e} in {q:?}")))?;
            must.push((Occur::Must, folded_q));
            if let Some((rest, pairs)) = phrase_pairs(&q) {
                let mut pre: Vec<(Occur, Box<dyn Query>)> = pairs
                    .iter()
                    .map(|p| {
                        let t = Term::from_field_text(f.pairs, p);
                        (
                            Occur::Must,
                            Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs))
                                as Box<dyn Query>,
                        )
                    })
                    .collect();
                if !crate::analysis::terms(&rest, true).is_empty() {
                    let words = folded
                        .parse_query(&rest)
                        .map_err(|e| qerr(format!("{e} in {q:?}")))?;
                    pre.push((Occur::Must, words));
                }
                prefilter = Some(pre);
                phrases = q
                    .split('"')
                    .skip(1)
                    .step_by(2)
                    .filter_map(|chunk| PhraseBound::folded(chunk, f.body_folded, f.pairs))
                    .collect();
                // the words of the query as written
                for t in crate::analysis::terms(&q.replace('"', " "), false) {
                    let term = Term::from_field_text(f.body, &t.text);
                    exact_words.push((
                        Occur::Must,
                        Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                    ));
                }
            }
            if text::has_marks(&q) {
                // an accented query ranks the plans that match it as written first;
                // among them the order is the folded order, as for the same query
                // typed without marks
                let mut exact = QueryParser::for_index(&self.index, vec![f.body]);
                exact.set_conjunction_by_default();
                let exact_q = exact
                    .parse_query(&q)
                    .map_err(|e| qerr(format!("{e} in {q:?}")))?;
                written = Some((must.len(), exact_q.box_clone()));
                must.push((
                    Occur::Should,
                    Box::new(ConstScoreQuery::new(exact_q, EXACT_BONUS)),
                ));
            }
        }
        let text_clauses = must.len();
        if !req.provinces.is_empty() {
            let any: Vec<(Occur, Box<dyn Query>)> = req
                .provinces
                .iter()
                .map(|p| {
                    let t = Term::from_field_text(f.province, &province_key(p));
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>,
                    )
                })
                .collect();
            must.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        if let Some((a, b)) = req.years {
            if a > b {
                return Err(qerr(format!("year range {a}..{b} is empty")));
            }
            let lo = Term::from_field_u64(f.years, a.max(0) as u64);
            let hi = Term::from_field_u64(f.years, b.max(0) as u64);
            must.push((
                Occur::Must,
                Box::new(RangeQuery::new(Bound::Included(lo), Bound::Included(hi))),
            ));
        }
        if let Some(c) = &req.cites {
            let t = Term::from_field_text(f.cites, &cite_key(c));
            must.push((
                Occur::Must,
                Box::new(TermQuery::new(t, IndexRecordOption::Basic)),
            ));
        }
        if let Some(u) = &req.unit {
            let words: Vec<String> = text::fold(u)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect();
            if words.is_empty() {
                return Err(qerr("--unit needs a unit name"));
            }
            let terms: Vec<Term> = words
                .iter()
                .map(|w| Term::from_field_text(f.units, w))
                .collect();
            let q: Box<dyn Query> = if terms.len() == 1 {
                Box::new(TermQuery::new(terms[0].clone(), IndexRecordOption::Basic))
            } else {
                Box::new(PhraseQuery::new(terms))
            };
            must.push((Occur::Must, q));
        }
        // the filters (every clause after the text's) narrow the cheaper queries too
        let filters = || {
            must[text_clauses..]
                .iter()
                .map(|(o, c)| (*o, c.box_clone()))
                .collect::<Vec<_>>()
        };
        let exact_pairs = match &prefilter {
            Some(pre) if !exact_words.is_empty() && text::has_marks(&q) => {
                let mut all: Vec<(Occur, Box<dyn Query>)> =
                    pre.iter().map(|(o, c)| (*o, c.box_clone())).collect();
                all.extend(exact_words);
                all.extend(filters());
                Some(Box::new(BooleanQuery::new(all)) as Box<dyn Query>)
            }
            _ => None,
        };
        let prefilter = prefilter.map(|mut pre| {
            pre.extend(filters());
            Box::new(BooleanQuery::new(pre)) as Box<dyn Query>
        });
        let tiers = plain_words(&q).map(|(folded, exact)| {
            let mut words: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for w in &folded {
                let body = Term::from_field_text(f.body_folded, w);
                words.push((
                    Occur::Must,
                    Box::new(TermQuery::new(body, IndexRecordOption::WithFreqs)),
                ));
            }
            words.extend(filters());
            let written = exact.map(|exact| {
                let all: Vec<(Occur, Box<dyn Query>)> = exact
                    .iter()
                    .map(|w| {
                        let t = Term::from_field_text(f.body, w);
                        (
                            Occur::Must,
                            Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>,
                        )
                    })
                    .collect();
                Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(all)), 0.0))
                    as Box<dyn Query>
            });
            let as_written = written.as_ref().map(|written| {
                let mut tier: Vec<(Occur, Box<dyn Query>)> =
                    words.iter().map(|(o, c)| (*o, c.box_clone())).collect();
                tier.push((Occur::Must, written.box_clone()));
                Box::new(BooleanQuery::new(tier)) as Box<dyn Query>
            });
            Tiers {
                as_written,
                written,
                folded: Box::new(BooleanQuery::new(words)),
            }
        });
        let bonus_apart = match written {
            Some((at, written)) if exact_pairs.is_some() => {
                let unmarked: Vec<(Occur, Box<dyn Query>)> = must
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != at)
                    .map(|(_, (o, c))| (*o, c.box_clone()))
                    .collect();
                Some((
                    Box::new(BooleanQuery::new(unmarked)) as Box<dyn Query>,
                    written,
                ))
            }
            _ => None,
        };
        let full: Box<dyn Query> = if must.iter().any(|(o, _)| *o == Occur::Must) {
            Box::new(BooleanQuery::new(must))
        } else {
            Box::new(AllQuery)
        };
        Ok(Queries {
            full,
            pairs: prefilter,
            exact_pairs,
            bonus_apart,
            tiers,
            phrases,
        })
    }

    /// The adjacency boost of a plain query of several words: the words as a
    /// phrase in the folded body (which holds the title, weighted), scored ×3
    /// on top of the query's own score, so plans holding "trợ giúp pháp lý"
    /// as written in a row rank above plans holding the four syllables apart.
    /// `None` for a single word or a query with operators, quotes or fields.
    fn adjacency(&self, q: &str) -> Option<PhraseQuery> {
        let plain = !q.contains('"') && !has_syntax(q) && q.split_whitespace().count() > 1;
        if !plain {
            return None;
        }
        let terms = crate::analysis::terms(q, true);
        if terms.len() < 2 {
            return None;
        }
        Some(PhraseQuery::new_with_offset(
            terms
                .iter()
                .map(|t| {
                    let term = Term::from_field_text(self.fields.body_folded, &t.text);
                    (t.position, term)
                })
                .collect(),
        ))
    }

    /// The top plans for a request, with their scores.
    ///
    /// The adjacency boost is computed for the best [`ADJACENCY_POOL`] plans
    /// only (a phrase match over syllables that occur in every plan is the
    /// costliest part of a query), then those are re-ranked. (Not checked in
    /// the order of its bound, as quoted phrases are: the words of a plain
    /// query are read already, and the bound's pairs and batches cost more
    /// than the positions they spare; see BENCHMARKS.md, twenty-third round.)
    fn top_plans(
        &self,
        req: &SearchRequest,
        text_part: &str,
        limit: usize,
        words: &[String],
    ) -> Result<Vec<Top>> {
        let queries = self.queries(req)?;
        let ierr = |e: &dyn std::fmt::Display| Error::Index {
            path: self.dir.display().to_string(),
            message: e.to_string(),
        };
        let searcher = self.searcher()?;
        let adjacency = self.adjacency(text_part);
        let pool = if adjacency.is_some() || queries.pairs.is_some() {
            limit.max(ADJACENCY_POOL)
        } else {
            limit
        };
        let mut top = if let Some(tiers) = &queries.tiers {
            tiered(&searcher, tiers, pool).map_err(|e| ierr(&e))?
        } else if queries.pairs.is_some() {
            ranked(&searcher, &queries, limit, pool).map_err(|e| ierr(&e))?
        } else {
            searcher
                .search(&queries.full, &TopDocs::with_limit(pool).order_by_score())
                .map_err(|e| ierr(&e))?
        };
        if let Some(phrase) = adjacency {
            add_phrase_scores(&searcher, &phrase, ADJACENCY_BOOST, &mut top)
                .map_err(|e| ierr(&e))?;
            best_first(&mut top);
            top.truncate(limit);
        }
        let mut out = Vec::with_capacity(top.len());
        let mut terms = TermPositions::new(&searcher, self.fields.body_folded, words);
        let mut records = Records::new(&searcher, self.fields.plan);
        for (score, addr) in top {
            let positions = terms.at(addr).map_err(|e| ierr(&e))?;
            let json = records.get(addr).map_err(|e| ierr(&e))?;
            let plan: StoredPlan = simdutf8::basic::from_utf8(json.as_slice())
                .map_err(|e| e.to_string())
                .and_then(|json| serde_json::from_str(json).map_err(|e| e.to_string()))
                .map_err(|e| {
                    ierr(&format!(
                        "stored plan unreadable ({e}); rebuild with `kehoach index --rebuild`"
                    ))
                })?;
            out.push(Top {
                score,
                plan,
                positions,
            });
        }
        Ok(out)
    }

    /// Run a search and return ranked plans.
    pub fn search(&self, req: &SearchRequest) -> Result<Vec<Hit>> {
        if req.limit == 0 || req.limit > MAX_LIMIT {
            return Err(qerr(format!("--limit must be between 1 and {MAX_LIMIT}")));
        }
        let text_part = query_text(req)?;
        let (words, phrases) = terms_of(&text_part);
        Ok(self
            .top_plans(req, &text_part, req.limit, &words)?
            .iter()
            .map(|top| hit_for(top, &words, &phrases))
            .collect())
    }

    /// Run a search and return the matching sections and tasks across plans:
    /// a section matches when its heading and text hold every query word and
    /// phrase. Text outside every section matches alike and comes as a hit
    /// with no section. Hits come in the order of their plans' rank, each
    /// plan's in document order.
    pub fn search_sections(&self, req: &SearchRequest) -> Result<Vec<SectionHit>> {
        if req.limit == 0 || req.limit > MAX_LIMIT {
            return Err(qerr(format!("--limit must be between 1 and {MAX_LIMIT}")));
        }
        let text_part = query_text(req)?;
        let (words, phrases) = terms_of(&text_part);
        let quoted = query_phrases(&text_part);
        let mut out = Vec::new();
        for top in self.top_plans(req, &text_part, MAX_LIMIT, &words)? {
            let (score, plan) = (top.score, &top.plan);
            let held = Held::new(&words, &quoted, &top.positions);
            // the sections and the text outside them (preamble; recipients,
            // signature, appendices), in document order
            let mut parts: Vec<(Span, Option<&StoredSection>, &str)> = plan
                .sections
                .iter()
                .map(|s| (s.terms, Some(s), s.text.as_str()))
                .chain(
                    plan.outside
                        .iter()
                        .map(|t| (t.terms, None, t.text.as_str())),
                )
                .collect();
            parts.sort_by_key(|p| p.0[0]);
            for (span, sec, text) in parts {
                if !held.found(span).all() {
                    continue;
                }
                let path = sec.map(|s| s.path.as_str());
                let tasks = || {
                    plan.tasks
                        .iter()
                        .filter(move |t| path.is_some() && t.section.as_deref() == path)
                };
                let task = tasks()
                    .find(|t| held.found(t.terms).words.contains(&true))
                    .or_else(|| tasks().next());
                let source = match sec {
                    Some(s) => std::borrow::Cow::Owned(format!("{}\n{}", s.heading, s.text)),
                    None => std::borrow::Cow::Borrowed(text),
                };
                let (snippet, highlights) =
                    snippet(&source, &words, phrases.first().map(String::as_str), 200);
                out.push(SectionHit {
                    score,
                    path: plan.path.clone(),
                    doc_number: plan.doc_number.clone(),
                    province: plan.province.clone(),
                    year: plan.year,
                    section: sec.map(|s| s.path.clone()),
                    heading: sec.map(|s| s.heading.clone()),
                    lead: task
                        .map(|t| {
                            if t.lead.is_empty() {
                                t.performers.clone()
                            } else {
                                t.lead.clone()
                            }
                        })
                        .unwrap_or_default(),
                    deadline: task.and_then(|t| t.deadline.clone()),
                    snippet,
                    highlights,
                });
                if out.len() >= req.limit {
                    return Ok(out);
                }
            }
        }
        Ok(out)
    }
}

/// A matching section (and its task, if it has one).
#[derive(Debug, Clone, Serialize)]
pub struct SectionHit {
    /// Score of the plan it belongs to.
    pub score: f32,
    pub path: String,
    pub doc_number: Option<String>,
    pub province: Option<String>,
    pub year: Option<i32>,
    /// Section path and heading; none for a match outside every numbered
    /// section (the preamble, the recipients and signature, an appendix, a
    /// plan with no numbered outline).
    pub section: Option<String>,
    pub heading: Option<String>,
    /// Lead units of the section's task (its performers when no lead is named).
    pub lead: Vec<String>,
    /// Raw deadline of the section's task.
    pub deadline: Option<String>,
    pub snippet: String,
    pub highlights: Vec<(usize, usize)>,
}

/// Add `boost` × the phrase's score to each candidate that holds the phrase.
fn add_phrase_scores(
    searcher: &tantivy::Searcher,
    phrase: &PhraseQuery,
    boost: f32,
    top: &mut [(f32, DocAddress)],
) -> tantivy::Result<()> {
    let weight = phrase.weight(EnableScoring::enabled_from_searcher(searcher))?;
    let scores = scores_at(searcher, weight.as_ref(), boost, top)?;
    for (hit, score) in top.iter_mut().zip(scores) {
        hit.0 += score.unwrap_or(0.0);
    }
    Ok(())
}

/// Plans with their scores.
type Scored = Vec<(f32, DocAddress)>;

/// The best `pool` plans of a query of plain words: those matching it as
/// written first, in the folded order and with [`EXACT_BONUS`] added to their
/// score (they outrank every other plan), then, when there are fewer than
/// `pool` of them, the best of the others by the folded words.
///
/// Most plans that hold the folded words hold them as written too, so the
/// first tier is looked for among the folded tier's best `pool`, then its
/// best `2 × pool`, each checked for the words as written where it stands
/// (no second scan of the conjunction): when at least `pool` of them are
/// written so, or the folded tier has no more plans, those are the tiers'
/// own best. Otherwise the first tier runs as a query of its own. (The
/// fewer plans a search keeps, the more of the conjunction tantivy skips
/// by its blocks' best scores: at 100k plans an accented query cost ~1.35 ×
/// its unaccented form when the best 400 were always taken, ~1.05 × now.)
fn tiered(searcher: &tantivy::Searcher, tiers: &Tiers, pool: usize) -> tantivy::Result<Scored> {
    let best = |n: usize| TopDocs::with_limit(n).order_by_score();
    let (Some(as_written), Some(written)) = (&tiers.as_written, &tiers.written) else {
        return searcher.search(&tiers.folded, &best(pool));
    };
    // presence only: the folded scores are known
    let weight = written.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut folded = Vec::new();
    let mut top: Scored = Vec::with_capacity(pool);
    for k in [pool, pool.saturating_mul(2)] {
        folded = searcher.search(&tiers.folded, &best(k))?;
        let written = scores_at(searcher, weight.as_ref(), 1.0, &folded)?;
        let found = written.iter().filter(|w| w.is_some()).count();
        if found >= pool || folded.len() < k {
            // a plan written so but not among these has a lower folded score
            // than all of them: these hold the first tier's best, and the second's
            let (first, rest): (Vec<_>, Vec<_>) = folded
                .into_iter()
                .zip(written)
                .partition(|(_, w)| w.is_some());
            top.extend(first.into_iter().map(|((s, a), _)| (s + EXACT_BONUS, a)));
            top.extend(rest.into_iter().map(|(hit, _)| hit));
            top.truncate(pool);
            return Ok(top);
        }
    }
    top.extend(
        searcher
            .search(as_written, &best(pool))?
            .into_iter()
            .map(|(s, a)| (s + EXACT_BONUS, a)),
    );
    // the folded tier's best `pool` (the first of those found above) hold
    // every plan of the first tier at most once: what is left still fills
    // the pool when the corpus can
    let seen: std::collections::HashSet<DocAddress> = top.iter().map(|(_, a)| *a).collect();
    let room = pool - top.len().min(pool);
    top.extend(
        folded
            .into_iter()
            .take(pool)
            .filter(|(_, a)| !seen.contains(a))
            .take(room),
    );
    Ok(top)
}

/// The best `limit` plans of a query with a pair lookup (`queries.pairs` is
/// set). An accented query takes the plans matching it as written first
/// (they outrank every other plan by [`EXACT_BONUS`]): from the candidates of
/// `pairs` when `limit` of them are written so (most plans holding a phrase
/// hold it as written; see `written_first`), else from those of
/// `exact_pairs`. The rest come from the candidates of `pairs`.
fn ranked(
    searcher: &tantivy::Searcher,
    queries: &Queries,
    limit: usize,
    pool: usize,
) -> tantivy::Result<Scored> {
    let Some(pairs) = &queries.pairs else {
        return Ok(Vec::new());
    };
    let scoring = EnableScoring::enabled_from_searcher(searcher);
    // a query's bound, where it is cheaper than the query (see `crate::bound`)
    let bound_of = |q: &dyn Query| {
        bound::bounded(q, &queries.phrases)
            .map(|b| b.weight(scoring))
            .transpose()
    };
    let full = queries.full.weight(scoring)?;
    let full = full.as_ref();
    let full_bound = bound_of(queries.full.as_ref())?;
    let full_bound = full_bound.as_deref();
    let first = match &queries.bonus_apart {
        Some((unmarked, written)) => {
            let unmarked_bound = bound_of(unmarked.as_ref())?;
            let unmarked = unmarked.weight(scoring)?;
            let round = Round::new(pairs.as_ref(), unmarked.as_ref(), unmarked_bound.as_deref());
            let (candidates, more) = round.first(searcher, pool, limit)?;
            match written_first(searcher, written.as_ref(), candidates, limit)? {
                ControlFlow::Break(top) => return Ok(top),
                ControlFlow::Continue(all) => (BestFirst::scored(all), more),
            }
        }
        None => Round::new(pairs.as_ref(), full, full_bound).first(searcher, pool, limit)?,
    };
    let mut top = Vec::new();
    if let Some(exact) = &queries.exact_pairs {
        let as_written = |s: f32| s >= EXACT_BONUS;
        top = Round::new(exact.as_ref(), full, full_bound)
            .top(searcher, limit, pool, as_written, None)?;
        top.retain(|(s, _)| as_written(*s));
    }
    if top.len() < limit {
        // up to MAX_LIMIT plans on each side (`--sections`): a set, not a scan per hit
        let seen: std::collections::HashSet<DocAddress> = top.iter().map(|(_, a)| *a).collect();
        let rest = Round::new(pairs.as_ref(), full, full_bound).top(
            searcher,
            limit,
            pool,
            |_| true,
            Some(first),
        )?;
        top.extend(rest.into_iter().filter(|(_, a)| !seen.contains(a)));
        best_first(&mut top);
    }
    top.truncate(limit);
    Ok(top)
}

/// The hit records of plans, read from their segments' document stores.
///
/// tantivy's own reading (`Searcher::doc`) copies a bytes value one byte at a
/// time: 6.6% of a `kehoach search` process at 100k plans (perf, a phrase
/// query). The record is sliced out of the document's bytes instead, laid
/// out as tantivy 0.27 writes them (see [`record_range`]); a document laid
/// out otherwise is read through `Searcher::doc`.
struct Records<'s> {
    searcher: &'s tantivy::Searcher,
    field: tantivy::schema::Field,
    /// Each segment's store, opened at its first hit.
    stores: HashMap<u32, tantivy::store::StoreReader>,
}

impl<'s> Records<'s> {
    fn new(searcher: &'s tantivy::Searcher, field: tantivy::schema::Field) -> Self {
        Records {
            searcher,
            field,
            stores: HashMap::new(),
        }
    }

    /// The record of the plan at `addr` (`{}` when it has none).
    fn get(&mut self, addr: DocAddress) -> tantivy::Result<tantivy::directory::OwnedBytes> {
        use tantivy::directory::OwnedBytes;
        let store = match self.stores.entry(addr.segment_ord) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(
                self.searcher
                    .segment_reader(addr.segment_ord)
                    .get_store_reader(0)?,
            ),
        };
        let doc = store.get_document_bytes(addr.doc_id)?;
        if let Some(range) = record_range(doc.as_slice(), self.field) {
            return Ok(doc.slice(range));
        }
        let doc: TantivyDocument = self.searcher.doc(addr)?;
        let bytes = doc
            .get_first(self.field)
            .and_then(|v| v.as_bytes())
            .unwrap_or(b"{}");
        Ok(OwnedBytes::new(bytes.to_vec()))
    }
}

/// Where the first bytes value of `field` stands in a stored document, as
/// tantivy 0.27 lays one out: a VInt count of values, then each value as its
/// field (u32, little-endian), a type code and the value: a VInt length and
/// as many bytes for text, facets and bytes, eight bytes for numbers and
/// dates, one for a bool. `None` when the document holds no such value or
/// holds a value of another type (arrays, objects, addresses, ...).
fn record_range(doc: &[u8], field: tantivy::schema::Field) -> Option<std::ops::Range<usize>> {
    const TEXT: u8 = 0;
    const FACET: u8 = 3;
    const BYTES: u8 = 4;
    // tantivy's VInt: seven bits a byte, low first; the last byte has its top bit set
    let vint = |at: &mut usize| -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *doc.get(*at)?;
            *at += 1;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 != 0 {
                return Some(value);
            }
        }
        None
    };
    let mut at = 0;
    for _ in 0..vint(&mut at)? {
        let id = u32::from_le_bytes(doc.get(at..at.checked_add(4)?)?.try_into().ok()?);
        let code = *doc.get(at + 4)?;
        at += 5;
        let len = match code {
            TEXT | FACET | BYTES => usize::try_from(vint(&mut at)?).ok()?,
            // u64, i64, date, f64
            1 | 2 | 5 | 6 => 8,
            // bool
            9 => 1,
            _ => return None,
        };
        let value = at..at.checked_add(len)?;
        if value.end > doc.len() {
            return None;
        }
        if code == BYTES && id == field.field_id() {
            return Some(value);
        }
        at = value.end;
    }
    None
}

/// Sort plans best first, as tantivy ranks them: by score, then by address.
fn best_first(plans: &mut [(f32, DocAddress)]) {
    plans.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
}

/// The first tier of an accented query among `round` (candidates scored by
/// the query without its bonus): the best `limit` of them by that score that
/// match the query as written, with the bonus added (`Break`), checked in
/// that order a limit's worth at a time, so that the phrase as written is
/// looked for at a few of them. When fewer hold it, every candidate with the
/// full query's score (`Continue`).
fn written_first(
    searcher: &tantivy::Searcher,
    written: &dyn Query,
    mut round: BestFirst<'_>,
    limit: usize,
) -> tantivy::Result<ControlFlow<Scored, Scored>> {
    let weight = written.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut seen: Vec<(f32, DocAddress, bool)> = Vec::new();
    let mut found = 0;
    while found < limit {
        let next = round.take(limit.max(1))?;
        if next.is_empty() {
            break;
        }
        let hits = scores_at(searcher, weight.as_ref(), 1.0, &next)?;
        for ((s, a), hit) in next.into_iter().zip(hits) {
            found += usize::from(hit.is_some());
            seen.push((s, a, hit.is_some()));
        }
    }
    let scored = seen
        .into_iter()
        .map(|(s, a, m)| (if m { s + EXACT_BONUS } else { s }, a, m));
    Ok(if found >= limit {
        ControlFlow::Break(
            scored
                .filter(|(_, _, m)| *m)
                .take(limit)
                .map(|(s, a, _)| (s, a))
                .collect(),
        )
    } else {
        // every candidate was checked
        ControlFlow::Continue(scored.map(|(s, a, _)| (s, a)).collect())
    })
}

/// A query checked at the best candidates of a cheaper `prefilter` matching
/// every plan it matches; with its bound (see [`crate::bound`]) when one is
/// cheaper than the query, so that it is checked only where a plan could
/// still rank.
struct Round<'q> {
    prefilter: &'q dyn Query,
    query: &'q dyn tantivy::query::Weight,
    bound: Option<&'q dyn tantivy::query::Weight>,
}

impl<'q> Round<'q> {
    fn new(
        prefilter: &'q dyn Query,
        query: &'q dyn tantivy::query::Weight,
        bound: Option<&'q dyn tantivy::query::Weight>,
    ) -> Self {
        Self {
            prefilter,
            query,
            bound,
        }
    }

    /// The prefilter's best `pool` plans that the query matches, to be handed
    /// out best first by the query's score (checked `batch` at a time), and
    /// whether the prefilter has more.
    fn first<'s>(
        &self,
        searcher: &'s tantivy::Searcher,
        pool: usize,
        batch: usize,
    ) -> tantivy::Result<(BestFirst<'s>, bool)>
    where
        'q: 's,
    {
        let candidates =
            searcher.search(self.prefilter, &TopDocs::with_limit(pool).order_by_score())?;
        let more = candidates.len() == pool;
        let query = self.query;
        let score_at = move |c: &[(f32, DocAddress)]| scores_at(searcher, query, 1.0, c);
        // when every candidate is kept (`--sections`), each is checked anyway
        let Some(bound) = self.bound.filter(|_| batch < candidates.len()) else {
            let scores = score_at(&candidates)?;
            let all = candidates
                .iter()
                .zip(scores)
                .filter_map(|((_, addr), score)| score.map(|s| (s, *addr)));
            return Ok((BestFirst::scored(all), more));
        };
        let bounds = scores_at(searcher, bound, 1.0, &candidates)?;
        let pending = candidates
            .iter()
            .zip(bounds)
            .filter_map(|((_, addr), bound)| bound.map(|bound| Pending { bound, addr: *addr }))
            .collect();
        Ok((BestFirst::new([], pending, batch, Box::new(score_at)), more))
    }

    /// The best `limit` plans of the query: the prefilter's best `pool` plans
    /// are scored with the query, those it does not match dropped, and the
    /// pool grown while fewer than `limit` of them are `wanted` (by score) and
    /// the prefilter has more. `wanted` must hold of every score above one it
    /// holds of. `first`: the first round, when already run (`first` at
    /// `pool`).
    fn top(
        &self,
        searcher: &tantivy::Searcher,
        limit: usize,
        mut pool: usize,
        wanted: impl Fn(f32) -> bool,
        mut first: Option<(BestFirst<'_>, bool)>,
    ) -> tantivy::Result<Scored> {
        loop {
            let (mut round, more) = match first.take() {
                Some(round) => round,
                None => self.first(searcher, pool, limit)?,
            };
            // the best `limit` are all wanted exactly when `limit` are
            let top = round.take(limit)?;
            if !more || (top.len() == limit && top.iter().all(|(s, _)| wanted(*s))) {
                return Ok(top);
            }
            // past the number of plans, the next round is the last
            pool = pool.saturating_mul(4).min(searcher.num_docs() as usize + 1);
        }
    }
}

/// `boost` × the score of `weight`'s query at each candidate, `None` where it
/// does not match. Candidates are visited segment by segment in document order,
/// and the query is checked only at them (no scan of its postings in between).
fn scores_at(
    searcher: &tantivy::Searcher,
    weight: &dyn tantivy::query::Weight,
    boost: f32,
    top: &[(f32, DocAddress)],
) -> tantivy::Result<Vec<Option<f32>>> {
    let mut out = vec![None; top.len()];
    let mut order: Vec<usize> = (0..top.len()).collect();
    order.sort_by_key(|&i| (top[i].1.segment_ord, top[i].1.doc_id));
    let mut current: Option<(u32, Box<dyn tantivy::query::Scorer>)> = None;
    for i in order {
        let DocAddress {
            segment_ord,
            doc_id,
        } = top[i].1;
        // a scorer may only move forward; after a miss it may have moved past
        // the next candidate (its state is then only a lower bound), so a fresh
        // one is placed at the candidate
        let found = match &mut current {
            Some((seg, scorer)) if *seg == segment_ord && scorer.doc() <= doc_id => {
                scorer.seek_danger(doc_id)
            }
            _ => {
                let reader = searcher.segment_reader(segment_ord);
                let (found, scorer) = weight.scorer_danger(reader, doc_id, boost)?;
                current = Some((segment_ord, scorer));
                found
            }
        };
        if found == SeekDangerResult::Found {
            if let Some((_, scorer)) = &mut current {
                out[i] = Some(scorer.score());
            }
        }
    }
    Ok(out)
}

/// The text of a request's query: normalised, inline filters taken out.
fn query_text(req: &SearchRequest) -> Result<String> {
    Ok(crate::query::split(&text::normalize(req.query.trim()))?.0)
}

/// Query words and phrases (the whole query as a phrase when none is quoted).
fn terms_of(text_part: &str) -> (Vec<String>, Vec<String>) {
    let words = query_words(text_part);
    let mut phrases = query_phrases(text_part);
    if phrases.is_empty() && words.len() > 1 {
        phrases.push(words.join(" "));
    }
    (words, phrases)
}

/// Pick the best section (or, when none holds as much of the query, the
/// text before or after the outline) and cut a snippet for one plan.
fn hit_for(top: &Top, words: &[String], phrases: &[String]) -> Hit {
    let plan = &top.plan;
    let held = Held::new(words, phrases, &top.positions);
    let scored = |span: Span| {
        let found = held.found(span);
        let count = |v: &[bool]| v.iter().filter(|&&x| x).count();
        (
            count(&found.words) * 10 + count(&found.phrases) * 100,
            found.all(),
        )
    };
    let mut best: Option<(usize, &StoredSection)> = None;
    let mut whole = false;
    for s in &plan.sections {
        let (sc, all) = scored(s.terms);
        if sc > 0 && best.is_none_or(|(b, _)| sc > b) {
            best = Some((sc, s));
        }
        // no later section can score more (and a tie keeps the first)
        if all {
            whole = true;
            break;
        }
    }
    // a section first, on a tie: it has a path and a heading to show
    let mut outside: Option<(usize, &str)> = None;
    if !whole {
        for t in &plan.outside {
            let (sc, _) = scored(t.terms);
            let above = best
                .map_or(0, |(b, _)| b)
                .max(outside.map_or(0, |(o, _)| o));
            if sc > above {
                outside = Some((sc, &t.text));
            }
        }
    }
    let (section, heading, source) = match (outside, best) {
        (Some((_, t)), _) => (None, None, t.to_string()),
        (None, Some((_, s))) => (
            Some(s.path.clone()),
            Some(s.heading.clone()),
            format!("{}\n{}", s.heading, s.text),
        ),
        (None, None) => (None, None, plan.title.clone().unwrap_or_default()),
    };
    let (snippet, highlights) = snippet(&source, words, phrases.first().map(String::as_str), 200);
    Hit {
        score: top.score,
        path: plan.path.clone(),
        doc_number: plan.doc_number.clone(),
        province: plan.province.clone(),
        year: plan.year,
        title: plan.title.clone(),
        section,
        heading,
        snippet,
        highlights,
    }
}

/// A plan found, with where each query word stands in its folded body.
struct Top {
    score: f32,
    plan: StoredPlan,
    /// Per query word, its positions in the plan's `body_folded`, ascending.
    positions: Vec<Vec<u32>>,
}

/// Reads where query words stand in the plans found, from the positions the
/// index keeps: each word's entry in a segment's term dictionary is looked up
/// once.
struct TermPositions<'a> {
    searcher: &'a tantivy::Searcher,
    field: tantivy::schema::Field,
    words: &'a [String],
    /// Per segment, once read: its inverted index of `field`, and per word
    /// its entry (`None`: not in the segment).
    segments: Vec<Option<Segment>>,
}

/// A segment's inverted index of a field, and the query words' entries in it.
type Segment = (
    std::sync::Arc<tantivy::InvertedIndexReader>,
    Vec<Option<tantivy::postings::TermInfo>>,
);

impl<'a> TermPositions<'a> {
    fn new(
        searcher: &'a tantivy::Searcher,
        field: tantivy::schema::Field,
        words: &'a [String],
    ) -> Self {
        TermPositions {
            searcher,
            field,
            words,
            segments: vec![None; searcher.segment_readers().len()],
        }
    }

    /// The positions of each word in the plan at `addr`.
    fn at(&mut self, addr: DocAddress) -> tantivy::Result<Vec<Vec<u32>>> {
        use tantivy::postings::Postings;
        let seg = &mut self.segments[addr.segment_ord as usize];
        let (inverted, infos) = match seg {
            Some(read) => &*read,
            None => {
                let inverted = self
                    .searcher
                    .segment_reader(addr.segment_ord)
                    .inverted_index(self.field)?;
                let infos = self
                    .words
                    .iter()
                    .map(|w| inverted.get_term_info(&Term::from_field_text(self.field, w)))
                    .collect::<std::io::Result<Vec<_>>>()?;
                &*seg.insert((inverted, infos))
            }
        };
        let mut out = vec![Vec::new(); self.words.len()];
        for (info, positions) in infos.iter().zip(&mut out) {
            let Some(info) = info else { continue };
            let mut postings = inverted
                .read_postings_from_terminfo(info, IndexRecordOption::WithFreqsAndPositions)?;
            // a fresh postings list stands on its first plan, which may lie
            // past this one (seek must only move forward)
            let doc = if postings.doc() < addr.doc_id {
                postings.seek(addr.doc_id)
            } else {
                postings.doc()
            };
            if doc == addr.doc_id {
                postings.positions(positions);
            }
        }
        Ok(out)
    }
}

/// Which query words and phrases a span of a plan's body holds, read from the
/// positions of the query words in it (see [`crate::stored`]): a word where one
/// of its positions is in the span, a phrase where its words stand at
/// consecutive positions inside it.
struct Held<'a> {
    positions: &'a [Vec<u32>],
    /// Per phrase, the query word of each of its terms; `None` for a phrase
    /// with a term that is not a query word (it can never be found).
    phrases: Vec<Option<Vec<usize>>>,
}

/// What [`Held::found`] found: one flag per query word and per phrase.
struct Found {
    words: Vec<bool>,
    phrases: Vec<bool>,
}

impl Found {
    /// Every query word and every phrase was found.
    fn all(&self) -> bool {
        self.words.iter().chain(&self.phrases).all(|&f| f)
    }
}

impl<'a> Held<'a> {
    fn new(words: &[String], phrases: &[String], positions: &'a [Vec<u32>]) -> Self {
        Held {
            positions,
            phrases: phrases
                .iter()
                .map(|p| {
                    p.split(' ')
                        .map(|t| words.iter().position(|w| w == t))
                        .collect()
                })
                .collect(),
        }
    }

    /// The query words and phrases standing in `span`.
    fn found(&self, [from, to]: Span) -> Found {
        // the positions of `word` from `from` on
        let from_on = |word: usize| {
            let p = &self.positions[word];
            &p[p.partition_point(|&x| x < from)..]
        };
        let has = |word: usize, at: u32| self.positions[word].binary_search(&at).is_ok();
        Found {
            words: (0..self.positions.len())
                .map(|w| from_on(w).first().is_some_and(|&p| p < to))
                .collect(),
            phrases: self
                .phrases
                .iter()
                .map(|terms| {
                    let Some((&head, rest)) = terms.as_deref().and_then(<[usize]>::split_first)
                    else {
                        return false;
                    };
                    let last = rest.len() as u32;
                    from_on(head)
                        .iter()
                        .take_while(|&&p| p + last < to)
                        .any(|&p| rest.iter().zip(1..).all(|(&w, i)| has(w, p + i)))
                })
                .collect(),
        }
    }
}

/// A window of about `width` chars around the first query word, and the byte
/// ranges of every query word inside it.
pub fn snippet(
    source: &str,
    words: &[String],
    phrase: Option<&str>,
    width: usize,
) -> (String, Vec<(usize, usize)>) {
    let flat = text::squash_spaces(source);
    let chars: Vec<char> = flat.chars().collect();
    // start at the phrase when it occurs, else at the first word
    let first = phrase
        .and_then(|p| folded_find(&chars, p))
        .or_else(|| {
            word_spans(&chars, 0, chars.len(), words)
                .next()
                .map(|s| s.0)
        })
        .unwrap_or(0);
    // the window starts after a space and ends before one (or at an end of the
    // text), so the words read inside it are whole words
    window(&chars, first, width, |start, end| {
        word_spans(&chars, start, end, words).collect()
    })
}

/// Where `needle` (folded) first occurs in `chars` once folded, in chars;
/// each char is folded as it is compared, and only as far as the first match.
fn folded_find(chars: &[char], needle: &str) -> Option<usize> {
    let needle: Vec<char> = needle.chars().collect();
    let Some((&head, rest)) = needle.split_first() else {
        return Some(0);
    };
    (0..chars.len().checked_sub(rest.len())?).find(|&i| {
        text::fold_char(chars[i]) == head
            && rest
                .iter()
                .zip(&chars[i + 1..])
                .all(|(&n, &c)| text::fold_char(c) == n)
    })
}

/// The text of about `width` chars from a little before char `first`, cut at
/// white space and marked `…` where it cuts, with the byte ranges in it of the
/// spans (in chars) that `spans_in(start, end)` gives for the window.
fn window(
    chars: &[char],
    first: usize,
    width: usize,
    spans_in: impl FnOnce(usize, usize) -> Vec<(usize, usize)>,
) -> (String, Vec<(usize, usize)>) {
    let mut start = first.saturating_sub(width / 3);
    while start > 0 && !chars[start - 1].is_whitespace() {
        start -= 1;
    }
    let mut end = (start + width).min(chars.len());
    while end < chars.len() && !chars[end].is_whitespace() {
        end += 1;
    }
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let prefix_bytes = out.len();
    out.extend(&chars[start..end]);
    if end < chars.len() {
        out.push('…');
    }
    let byte_at = |c: usize| {
        prefix_bytes
            + chars[start..c]
                .iter()
                .map(|ch| ch.len_utf8())
                .sum::<usize>()
    };
    let highlights = spans_in(start, end)
        .into_iter()
        .map(|(s, e)| (byte_at(s), byte_at(e)))
        .collect();
    (out, highlights)
}

/// The spans (in chars), in order, of the words of `chars[from..to]` that are
/// query words once folded, or abbreviations of one.
fn word_spans<'a>(
    chars: &'a [char],
    from: usize,
    to: usize,
    words: &'a [String],
) -> impl Iterator<Item = (usize, usize)> + 'a {
    let (mut w, mut original) = (String::new(), String::new());
    let word_char = |c: char| text::fold_char(c).is_alphanumeric();
    let mut i = from;
    std::iter::from_fn(move || {
        while i < to {
            if !word_char(chars[i]) {
                i += 1;
                continue;
            }
            let s = i;
            while i < to && word_char(chars[i]) {
                i += 1;
            }
            w.clear();
            w.extend(chars[s..i].iter().map(|&c| text::fold_char(c)));
            let matches = words.contains(&w) || {
                original.clear();
                original.extend(&chars[s..i]);
                crate::analysis::expansion(&original).is_some_and(|full| {
                    crate::analysis::terms(full, true)
                        .iter()
                        .any(|t| words.contains(&t.text))
                })
            };
            if matches {
                return Some((s, i));
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index of `n` plans "plan-00.txt"..., each a header and one point
    /// whose text is `body(i)`.
    fn plans_of(dir: &std::path::Path, n: usize, body: impl Fn(usize) -> String) -> PlanIndex {
        let idx = PlanIndex::open_or_create(dir, false).expect("index");
        add_plans(&idx, 0..n, body);
        idx
    }

    /// Add plans "plan-{i}.txt" for each `i` of `numbers` to `idx` in one run
    /// (one commit), each a header and one point whose text is `body(i)`.
    fn add_plans(idx: &PlanIndex, numbers: std::ops::Range<usize>, body: impl Fn(usize) -> String) {
        let plans: Vec<(crate::model::Plan, String)> = numbers
            .map(|i| {
                let text = text::normalize(&format!(
                    "ỦY BAN NHÂN DÂN\nSố: {i}/KH-UBND\n\nKẾ HOẠCH\nCông tác năm 2024\n\nI. MỤC ĐÍCH\n1. {}\n",
                    body(i)
                ));
                (crate::parse::parse(&format!("plan-{i:02}.txt"), &text), text)
            })
            .collect();
        idx.update(plans.iter().map(|(p, t)| (p, t.as_str())), |_| {})
            .expect("update");
    }

    /// A request for `query` alone, the best `limit` plans.
    fn request(query: &str, limit: usize) -> SearchRequest {
        SearchRequest {
            query: query.to_string(),
            limit,
            ..Default::default()
        }
    }

    #[test]
    fn records_are_sliced_from_the_store_as_tantivy_reads_them() {
        let dir = tempfile::tempdir().expect("tmp");
        let idx = PlanIndex::open_or_create(&dir.path().join("idx"), false).expect("index");
        let plans: Vec<(crate::model::Plan, String)> = crate::corpus::FILES
            .iter()
            .map(|(p, t)| {
                let t = text::normalize(t);
                (crate::parse::parse(p, &t), t)
            })
            .collect();
        idx.update(plans.iter().map(|(p, t)| (p, t.as_str())), |_| {})
            .expect("update");
        let searcher = idx.searcher().expect("searcher");
        let field = idx.fields.plan;
        let mut records = Records::new(&searcher, field);
        let mut seen = 0;
        for (ord, seg) in searcher.segment_readers().iter().enumerate() {
            let store = seg.get_store_reader(0).expect("store");
            for doc_id in 0..seg.max_doc() {
                let addr = DocAddress::new(ord as u32, doc_id);
                let doc: TantivyDocument = searcher.doc(addr).expect("doc");
                let want = doc.get_first(field).and_then(|v| v.as_bytes());
                // records of kilobytes: their lengths take two or more VInt bytes
                assert!(want.is_some_and(|w| w.len() > 1 << 7), "{addr:?}");
                // the fast path is taken, not the fallback
                let raw = store.get_document_bytes(doc_id).expect("bytes");
                assert!(record_range(raw.as_slice(), field).is_some(), "{addr:?}");
                assert_eq!(Some(records.get(addr).expect("record").as_slice()), want);
                seen += 1;
            }
        }
        assert_eq!(seen, plans.len());
    }

    #[test]
    fn a_record_is_found_among_the_values_tantivy_lays_out() {
        let field = tantivy::schema::Field::from_field_id(3);
        // three values (VInt: top bit on the last byte): field 0 text "ab",
        // field 1 u64 7, field 3 bytes "{}"
        let mut doc = vec![0x83, 0, 0, 0, 0, 0, 0x82, b'a', b'b'];
        doc.extend([1, 0, 0, 0, 1, 7, 0, 0, 0, 0, 0, 0, 0]);
        doc.extend([3, 0, 0, 0, 4, 0x82, b'{', b'}']);
        assert_eq!(record_range(&doc, field), Some(28..30));
        // a field of another number, or the text field: none
        assert_eq!(
            record_range(&doc, tantivy::schema::Field::from_field_id(2)),
            None
        );
        assert_eq!(
            record_range(&doc, tantivy::schema::Field::from_field_id(0)),
            None
        );
        // a long length: 200 = 0b1_1001000, low seven bits first
        let mut long = vec![0x81, 3, 0, 0, 0, 4, 0x48, 0x81];
        long.extend(std::iter::repeat_n(b' ', 200));
        assert_eq!(record_range(&long, field), Some(8..208));
        // a value of a type not walked (an array) ends the walk
        let mut array = doc.clone();
        array[5] = 11;
        assert_eq!(record_range(&array, field), None);
        // truncated anywhere: no slice past the end, no panic
        for cut in 0..doc.len() {
            assert_eq!(record_range(&doc[..cut], field), None, "{cut}");
        }
        // a VInt that never ends
        assert_eq!(record_range(&[0x7f; 16], field), None);
    }

    #[test]
    fn an_index_opened_without_search_threads_ranks_as_with_them() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("idx");
        // two runs, two segments: a pool searches them side by side, one thread in turn
        let body = |i: usize| {
            format!(
                "Tổ chức {} đợt trợ giúp pháp lý lưu động{} cho người dân tộc thiểu số.",
                i % 4 + 1,
                if i % 3 == 0 { " tại xã" } else { "" }
            )
        };
        add_plans(&plans_of(&path, 9, body), 9..16, body);
        let pool = PlanIndex::open(&path).expect("open");
        let one = PlanIndex::open_single_threaded(&path).expect("open");
        assert!(pool.searcher().expect("searcher").segment_readers().len() >= 2);
        for q in [
            "trợ giúp pháp lý",
            "tro giup phap ly luu dong",
            "\"trợ giúp pháp lý lưu động\"",
            "lưu động tại xã",
            "dân tộc OR xã",
        ] {
            let ranked = |idx: &PlanIndex| -> Vec<(String, f32)> {
                idx.search(&request(q, 10))
                    .expect("search")
                    .into_iter()
                    .map(|h| (h.path, h.score))
                    .collect()
            };
            let (a, b) = (ranked(&pool), ranked(&one));
            assert!(a.len() >= 5, "{q}: {a:?}");
            assert_eq!(a, b, "{q}");
        }
    }
    use proptest::prelude::*;

    /// The snippet as first written: every matching word of the whole text
    /// found, then those inside the window kept (the window is cut as the
    /// snippet cuts it).
    fn snippet_reference(
        source: &str,
        words: &[String],
        phrase: Option<&str>,
        width: usize,
    ) -> (String, Vec<(usize, usize)>) {
        let flat = text::squash_spaces(source);
        let chars: Vec<char> = flat.chars().collect();
        let folded: Vec<char> = chars.iter().map(|&c| text::fold_char(c)).collect();
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i < folded.len() {
            if folded[i].is_alphanumeric() {
                let s = i;
                while i < folded.len() && folded[i].is_alphanumeric() {
                    i += 1;
                }
                let w: String = folded[s..i].iter().collect();
                let original: String = chars[s..i].iter().collect();
                let abbreviates = crate::analysis::expansion(&original).is_some_and(|full| {
                    crate::analysis::terms(full, true)
                        .iter()
                        .any(|t| words.contains(&t.text))
                });
                if words.contains(&w) || abbreviates {
                    spans.push((s, i));
                }
            } else {
                i += 1;
            }
        }
        let folded_str: String = folded.iter().collect();
        let phrase_at = phrase
            .and_then(|p| folded_str.find(p))
            .map(|b| folded_str[..b].chars().count());
        let first = phrase_at.or(spans.first().map(|s| s.0)).unwrap_or(0);
        window(&chars, first, width, |start, end| {
            spans
                .into_iter()
                .filter(|(s, e)| *s >= start && *e <= end)
                .collect()
        })
    }

    /// Which words and phrases `folded` holds, read term by term: a word where
    /// a term equals it, a phrase where its terms are consecutive terms.
    fn found_term_by_term(folded: &str, words: &[String], phrases: &[String]) -> Vec<bool> {
        let terms: Vec<&str> = folded.split(' ').collect();
        let word_found = words.iter().map(|w| terms.contains(&w.as_str()));
        let phrase_found = phrases.iter().map(|p| {
            let p: Vec<&str> = p.split(' ').collect();
            p.iter().all(|t| words.iter().any(|w| w == t))
                && terms.windows(p.len()).any(|run| run == p.as_slice())
        });
        word_found.chain(phrase_found).collect()
    }

    proptest! {
        #[test]
        fn positions_find_in_a_span_what_a_term_by_term_reading_finds(
            folded in r"((tro|giup|phap|ly|tgpl|troo|ro|p) ){0,40}",
            query in r"(tro|giup|ly|ro|phap ly|xa| ){1,4}",
            phrases in proptest::collection::vec(r"(tro giup|giup phap ly|ly|p tro|tro xa)", 0..3),
            from in 0u32..45,
            len in 0u32..45,
        ) {
            let words = query_words(&query);
            let terms: Vec<&str> = folded.split_whitespace().collect();
            let positions: Vec<Vec<u32>> = words
                .iter()
                .map(|w| (0..terms.len() as u32).filter(|&i| terms[i as usize] == w).collect())
                .collect();
            let to = from + len;
            let found = Held::new(&words, &phrases, &positions).found([from, to]);
            let flags: Vec<bool> = found.words.iter().chain(&found.phrases).copied().collect();
            let inside = terms
                .get(from as usize..(to as usize).min(terms.len()))
                .unwrap_or_default()
                .join(" ");
            prop_assert_eq!(flags, found_term_by_term(&inside, &words, &phrases));
        }

        #[test]
        fn snippets_read_only_their_window_and_match_the_whole_text_reading(
            source in r"((lưu|luu|động|dong|xã|TGPL|UBND|trợ|giúp|a|b1|Đ)[ ,.\n]{1,2}|x{1,30}|\t){0,80}",
            query in r"(lưu|động|xã|trợ giúp|ủy ban|b1|đ| ){1,4}",
            phrase in proptest::option::of(r"(luu dong|tro giup|xa)"),
            width in 5usize..120,
        ) {
            let words = query_words(&query);
            prop_assert_eq!(
                snippet(&source, &words, phrase.as_deref(), width),
                snippet_reference(&source, &words, phrase.as_deref(), width)
            );
        }
    }

    #[test]
    fn snippet_highlights_folded_matches() {
        let words = query_words("luu dong");
        let (s, h) = snippet(
            "Tổ chức các đợt trợ giúp pháp lý lưu động về các xã",
            &words,
            None,
            200,
        );
        let marked: Vec<&str> = h.iter().map(|(a, b)| &s[*a..*b]).collect();
        assert_eq!(marked, vec!["lưu", "động"]);
    }

    #[test]
    fn a_match_outside_every_section_is_shown_where_it_is() {
        // the phrase stands in the preamble of one plan and in the appendix
        // after the body of another; their sections hold its words apart
        // ("trợ giúp" and "pháp lý" in different sentences)
        let dir = tempfile::tempdir().expect("tmp");
        let idx = PlanIndex::open_or_create(&dir.path().join("idx"), false).expect("index");
        let point = "1. Tổ chức trợ giúp cho người dân; phổ biến pháp lý tại xã.\n";
        let texts = [
            format!("ỦY BAN NHÂN DÂN\nSố: 1/KH-UBND\n\nKẾ HOẠCH\nCông tác năm 2024\n\nCăn cứ Luật Trợ giúp pháp lý năm 2017;\n\nI. MỤC ĐÍCH\n{point}"),
            format!("ỦY BAN NHÂN DÂN\nSố: 2/KH-UBND\n\nKẾ HOẠCH\nCông tác năm 2024\n\nI. MỤC ĐÍCH\n{point}Nơi nhận:\n- Như trên;\n\nPHỤ LỤC\n| 1 | Bồi dưỡng trợ giúp pháp lý viên | Sở Tư pháp |\n"),
            format!("ỦY BAN NHÂN DÂN\nSố: 3/KH-UBND\n\nKẾ HOẠCH\nCông tác năm 2024\n\nI. MỤC ĐÍCH\n{point}2. Tập huấn trợ giúp pháp lý cho hòa giải viên.\n"),
        ];
        let plans: Vec<(crate::model::Plan, String)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let t = text::normalize(t);
                (crate::parse::parse(&format!("plan-{i}.txt"), &t), t)
            })
            .collect();
        idx.update(plans.iter().map(|(p, t)| (p, t.as_str())), |_| {})
            .expect("update");
        let hits = idx
            .search(&request("\"trợ giúp pháp lý\"", 10))
            .expect("search");
        let by_path = |p: &str| hits.iter().find(|h| h.path == p).expect(p);
        let marked = |h: &Hit| -> Vec<String> {
            h.highlights
                .iter()
                .map(|(a, b)| h.snippet[*a..*b].to_string())
                .collect()
        };
        let phrase = vec!["Trợ", "giúp", "pháp", "lý"];
        for (path, around) in [
            ("plan-0.txt", "Căn cứ Luật Trợ giúp pháp lý năm 2017"),
            ("plan-1.txt", "Bồi dưỡng trợ giúp pháp lý viên"),
        ] {
            let h = by_path(path);
            assert_eq!(
                (h.section.as_deref(), h.heading.as_deref()),
                (None, None),
                "{h:?}"
            );
            assert!(h.snippet.contains(around), "{h:?}");
            // the phrase's words are marked first (a lone word later too)
            let m = marked(h);
            assert!(m.len() >= 4, "{h:?}");
            assert!(
                m.iter()
                    .zip(&phrase)
                    .all(|(a, b)| a.to_lowercase() == b.to_lowercase()),
                "{m:?}"
            );
        }
        // where a section holds the phrase, that section is the hit's
        let h = by_path("plan-2.txt");
        assert_eq!(h.section.as_deref(), Some("I.2"), "{h:?}");
        assert!(h.snippet.contains("Tập huấn trợ giúp pháp lý"), "{h:?}");
    }

    #[test]
    fn phrase_pairs_take_quoted_phrases_of_plain_queries_only() {
        let (rest, pairs) = phrase_pairs("\"Trợ giúp pháp lý\" xã \"huyện\"").expect("plain");
        assert_eq!(pairs, vec!["tro giup", "giup phap", "phap ly"]);
        assert_eq!(
            rest.split_whitespace().collect::<Vec<_>>(),
            vec!["xã", "huyện"]
        );
        assert_eq!(phrase_pairs("trợ giúp pháp lý"), None, "no phrase");
        assert_eq!(phrase_pairs("\"huyện\""), None, "a phrase of one word");
        for q in [
            "\"trợ giúp\" OR xã",
            "\"trợ giúp\" NOT xã",
            "-\"trợ giúp\" xã",
            "body_folded:\"tro giup\"",
            "\"trợ giúp\"~2",
            "(\"trợ giúp\" xã)",
        ] {
            assert_eq!(phrase_pairs(q), None, "{q}");
        }
    }

    /// Plans holding "trợ giúp pháp lý lưu động" once to three times, and decoys holding
    /// every pair of it many times but never the phrase, so the pair lookup
    /// ranks the decoys first.
    fn phrase_and_decoys(dir: &std::path::Path) -> PlanIndex {
        let idx = PlanIndex::open_or_create(dir, false).expect("index");
        let mut plans = Vec::new();
        for i in 0..40 {
            let body = if i % 4 == 0 {
                "Tổ chức trợ giúp pháp lý lưu động tại xã. ".repeat(1 + i / 4 % 3)
            } else {
                "Trợ giúp. Giúp pháp. Pháp lý. Lý lưu. Lưu động. Xã. ".repeat(12)
            };
            let text = format!(
                "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\nSố: {i}/KH-UBND\n\nKẾ HOẠCH\nCông tác năm 2024\n\nI. MỤC ĐÍCH\n1. {body}\n"
            );
            let text = text::normalize(&text);
            plans.push((
                crate::parse::parse(&format!("plan-{i:02}.txt"), &text),
                text,
            ));
        }
        idx.update(plans.iter().map(|(p, t)| (p, t.as_str())), |_| {})
            .expect("update");
        idx
    }

    #[test]
    fn a_phrase_found_through_its_pairs_ranks_as_the_phrase_query_does() {
        let dir = tempfile::tempdir().expect("tmp");
        let idx = phrase_and_decoys(&dir.path().join("idx"));
        let searcher = idx.searcher().expect("searcher");
        for q in [
            "\"trợ giúp pháp lý lưu động\"",
            "\"tro giup phap ly luu dong\"",
            "\"TGPL lưu động\" xã",
            "\"lưu động\" \"trợ giúp pháp lý\"",
            // a quoted "phrase" without a word adds nothing to either query
            "\"…\" \"trợ giúp pháp lý lưu động\"",
        ] {
            let req = request(q, 5);
            let Queries {
                full,
                pairs,
                phrases,
                ..
            } = idx.queries(&req).expect("query");
            let pre = pairs.expect("a plain phrase query has a pair lookup");
            let want = searcher
                .search(&full, &TopDocs::with_limit(5).order_by_score())
                .expect("search");
            assert_eq!(want.len(), 5, "{q}");
            // the pair lookup's best plans are decoys: a pool of 2 has to grow
            let first = searcher
                .search(&pre, &TopDocs::with_limit(2).order_by_score())
                .expect("search");
            assert!(
                first.iter().all(|(_, a)| want.iter().all(|(_, b)| a != b)),
                "{q}: decoys should lead the pair lookup"
            );
            let scoring = EnableScoring::enabled_from_searcher(&searcher);
            let weight = full.weight(scoring).expect("weight");
            // checked at every candidate, and only where the bound allows
            let bound =
                bound::bounded(full.as_ref(), &phrases).map(|b| b.weight(scoring).expect("weight"));
            // (an accented query's bonus is a part the bound cannot look into)
            assert_eq!(bound.is_some(), !text::has_marks(q), "{q}: a bound");
            for bound in [None, bound.as_deref()] {
                let got = Round::new(pre.as_ref(), weight.as_ref(), bound)
                    .top(&searcher, 5, 2, |_| true, None)
                    .expect("top");
                assert_eq!(got, want, "{q}");
            }
            let hits = idx.search(&req).expect("search");
            let scores: Vec<f32> = hits.iter().map(|h| h.score).collect();
            let want_scores: Vec<f32> = want.iter().map(|(s, _)| *s).collect();
            assert_eq!(scores, want_scores, "{q}");
        }
    }

    #[test]
    fn an_accented_phrase_takes_its_first_tier_from_the_pair_lookup_when_it_holds_enough() {
        // most plans write "Đắk Lắk", the more often the better they rank;
        // a few write "Đăk Lăk" as often as the best of them
        let dir = tempfile::tempdir().expect("tmp");
        let idx = plans_of(&dir.path().join("idx"), 40, |i| {
            if i % 10 == 0 {
                "Trợ giúp pháp lý tại tỉnh Đăk Lăk. ".repeat(4)
            } else {
                "Trợ giúp pháp lý tại tỉnh Đắk Lắk. ".repeat(1 + i % 4)
            }
        });
        let searcher = idx.searcher().expect("searcher");
        for q in ["\"Đắk Lắk\"", "\"tỉnh Đắk Lắk\"", "\"Đắk Lắk\" trợ giúp"] {
            let queries = idx.queries(&request(q, 3)).expect("query");
            let want = searcher
                .search(&queries.full, &TopDocs::with_limit(3).order_by_score())
                .expect("search");
            assert!(want.iter().all(|(s, _)| *s >= EXACT_BONUS), "{q}: {want:?}");
            // the pair lookup's best 12 (of 40) hold at least 3 written so: the
            // first tier is taken from them, without the narrower lookup
            let full = queries
                .full
                .weight(EnableScoring::enabled_from_searcher(&searcher))
                .expect("weight");
            let pairs = queries.pairs.as_ref().expect("pair lookup");
            let (round, more) = Round::new(pairs.as_ref(), full.as_ref(), None)
                .first(&searcher, 12, 3)
                .expect("round");
            let round = round.rest().expect("round");
            assert!(more, "{q}: the pool is a part of the plans");
            let written = round.iter().filter(|(s, _)| *s >= EXACT_BONUS).count();
            assert!(written >= 3, "{q}: {round:?}");
            assert!(written < round.len(), "{q}: plans not written so compete");
            let got = ranked(&searcher, &queries, 3, 12).expect("ranked");
            assert_eq!(got, want, "{q}");
            // checked at every candidate, and only where the bound allows
            let (unmarked, written) = queries.bonus_apart.as_ref().expect("bonus apart");
            let scoring = EnableScoring::enabled_from_searcher(&searcher);
            let bound = bound::bounded(unmarked.as_ref(), &queries.phrases)
                .map(|b| b.weight(scoring).expect("weight"));
            assert!(bound.is_some(), "{q}: a bound");
            let unmarked = unmarked.weight(scoring).expect("weight");
            for bound in [None, bound.as_deref()] {
                let (round, _) = Round::new(pairs.as_ref(), unmarked.as_ref(), bound)
                    .first(&searcher, 12, 3)
                    .expect("round");
                match written_first(&searcher, written.as_ref(), round, 3).expect("first tier") {
                    ControlFlow::Break(top) => assert_eq!(top, want, "{q}"),
                    ControlFlow::Continue(_) => panic!("{q}: the first tier is in the pool"),
                }
            }
        }
    }

    #[test]
    fn an_accented_phrase_ranks_the_plans_holding_it_as_written_first() {
        // a few plans write "Đắk Lắk"; many more write "Đăk Lăk", more often,
        // so the pair lookup alone ranks them first
        let dir = tempfile::tempdir().expect("tmp");
        let idx = plans_of(&dir.path().join("idx"), 40, |i| {
            if i % 8 == 0 {
                "Trợ giúp pháp lý tại tỉnh Đắk Lắk. ".to_string()
            } else {
                "Trợ giúp pháp lý tại tỉnh Đăk Lăk, Đăk Lăk. ".repeat(3)
            }
        });
        let searcher = idx.searcher().expect("searcher");
        for q in ["\"Đắk Lắk\"", "\"Đắk Lắk\" tỉnh", "\"tỉnh Đắk Lắk\""] {
            let req = request(q, 3);
            let queries = idx.queries(&req).expect("query");
            let want = searcher
                .search(&queries.full, &TopDocs::with_limit(3).order_by_score())
                .expect("search");
            assert!(want.iter().all(|(s, _)| *s >= EXACT_BONUS), "{q}: {want:?}");
            let pairs = queries.pairs.as_ref().expect("pair lookup");
            let full = queries
                .full
                .weight(EnableScoring::enabled_from_searcher(&searcher))
                .expect("weight");
            let folded_only = Round::new(pairs.as_ref(), full.as_ref(), None)
                .top(&searcher, 3, 2, |_| true, None)
                .expect("top");
            assert_ne!(
                folded_only, want,
                "{q}: the pair lookup alone should miss them"
            );
            let got = ranked(&searcher, &queries, 3, 2).expect("ranked");
            assert_eq!(got, want, "{q}");
        }
    }

    #[test]
    fn query_words_skip_operators_and_fields() {
        assert_eq!(
            query_words("\"trợ giúp\" AND NOT province:x"),
            vec!["tro", "giup"]
        );
        assert_eq!(query_phrases("a \"Lưu  động\" b"), vec!["luu dong"]);
    }

    #[test]
    fn plain_words_rank_through_flat_tiers_as_the_full_query_ranks() {
        // the seeds, plus plans that tell the tiers apart: a few write "Đắk
        // Lắk" as written, more write "Đăk Lăk"; one's title holds a word its
        // text never says (the title must count as body text)
        let dir = tempfile::tempdir().expect("tmp");
        let idx = PlanIndex::open_or_create(&dir.path().join("idx"), false).expect("index");
        let mut plans: Vec<(crate::model::Plan, String)> = crate::corpus::FILES
            .iter()
            .map(|(p, t)| {
                let t = text::normalize(t);
                (crate::parse::parse(p, &t), t)
            })
            .collect();
        for i in 0..30 {
            let place = if i % 6 == 0 {
                "Đắk Lắk"
            } else {
                "Đăk Lăk"
            };
            let text = text::normalize(&format!(
                "ỦY BAN NHÂN DÂN\nTỈNH {place}\nSố: {i}/KH-UBND\n\nKẾ HOẠCH\nTrợ giúp pháp lý năm 2024\n\nI. MỤC ĐÍCH\n1. {}\n",
                format!("Hội đồng phối hợp liên ngành về trợ giúp pháp lý tại tỉnh {place}. ")
                    .repeat(1 + i % 3)
            ));
            let mut plan = crate::parse::parse(&format!("plan-{i:02}.txt"), &text);
            if i == 7 {
                plan.title = Some("Kế hoạch bay khinh khí cầu".into());
            }
            plans.push((plan, text));
        }
        idx.update(plans.iter().map(|(p, t)| (p, t.as_str())), |_| {})
            .expect("update");
        let searcher = idx.searcher().expect("searcher");
        let queries = [
            "trợ giúp pháp lý",
            "tro giup phap ly",
            "Đắk Lắk",
            "dak lak",
            "Hội đồng phối hợp liên ngành",
            "khinh khí cầu",
            "khinh khi cau",
            "người khuyết tật",
            "chuyển đổi số",
        ];
        let mut tiered_twice = 0;
        for q in queries {
            for (provinces, n) in [
                (vec![], 3),
                (vec![], 200),
                (vec!["Đắk Lắk".to_string()], 200),
            ] {
                let filtered = !provinces.is_empty();
                let req = SearchRequest {
                    query: q.to_string(),
                    provinces,
                    limit: n,
                    ..Default::default()
                };
                let queries = idx.queries(&req).expect("query");
                let tiers = queries
                    .tiers
                    .as_ref()
                    .unwrap_or_else(|| panic!("{q}: plain words are tiered"));
                let want = searcher
                    .search(&queries.full, &TopDocs::with_limit(n).order_by_score())
                    .expect("search");
                assert!(filtered || !want.is_empty(), "{q}");
                let got = tiered(&searcher, tiers, n).expect("tiered");
                // the same plans, and at each rank the same score; plans whose
                // scores differ only by rounding (the flat sum adds in another
                // order) may trade places, as the writer's threads lay them out
                let addrs = |v: &[(f32, DocAddress)]| {
                    let mut a: Vec<_> = v.iter().map(|(_, a)| *a).collect();
                    a.sort();
                    a
                };
                assert_eq!(addrs(&got), addrs(&want), "{q} top {n}");
                for ((g, ga), (w, wa)) in got.iter().zip(&want) {
                    assert!(
                        (g - w).abs() <= 1e-4 * w.abs(),
                        "{q}: {g} at {ga:?} against {w} at {wa:?}"
                    );
                }
                for (g, a) in &got {
                    let w = want.iter().find(|(_, b)| b == a).map(|(w, _)| *w);
                    assert!(
                        w.is_some_and(|w| (g - w).abs() <= 1e-4 * w.abs()),
                        "{q}: {a:?} {g} against {w:?}"
                    );
                }
                let as_written = want.iter().filter(|(s, _)| *s >= EXACT_BONUS).count();
                if as_written > 0 && as_written < want.len() {
                    tiered_twice += 1;
                }
            }
        }
        // the second tier was needed, under the first, for some query
        assert!(tiered_twice > 0);
        // the title's own word finds its plan through the body too
        let req = request("khinh khí cầu", 5);
        let hits = idx.search(&req).expect("search");
        assert!(hits.iter().any(|h| h.path == "plan-07.txt"), "{hits:?}");
        // words that are not plain keep the full query
        for q in ["TGPL", "\"trợ giúp\"", "pháp -lý", "năm 2024,"] {
            let req = request(q, 3);
            assert!(idx.queries(&req).expect("query").tiers.is_none(), "{q}");
        }
    }

    /// Two plans whose texts (title line included) hold "giảm nghèo" as
    /// often, once in the title of one and twice in the body of the other,
    /// with titles and bodies of as many words: the plan whose title holds
    /// the words ranks first, whichever way the query reaches them (plain
    /// words folded or accented, a phrase, words with an operator).
    #[test]
    fn words_in_the_title_outweigh_the_same_words_in_the_text() {
        let dir = tempfile::tempdir().expect("tmp");
        let idx = PlanIndex::open_or_create(&dir.path().join("idx"), false).expect("index");
        let mut plans = Vec::new();
        for (i, (title, task)) in [
            ("Công tác giảm nghèo năm 2024", "Tổ chức hội nghị tập huấn"),
            ("Công tác văn thư năm 2024", "Tổ chức tập huấn giảm nghèo"),
        ]
        .iter()
        .enumerate()
        {
            let text = format!(
                "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\nSố: {i}/KH-UBND\n\nKẾ HOẠCH\n{title}\n\nI. MỤC ĐÍCH\n1. Lồng ghép công tác giảm nghèo với xây dựng nông thôn mới.\n2. {task} cho cán bộ cấp xã.\n"
            );
            let text = text::normalize(&text);
            let plan = crate::parse::parse(&format!("plan-{i}.txt"), &text);
            assert_eq!(plan.title.as_deref(), Some(*title));
            plans.push((plan, text));
        }
        idx.update(plans.iter().map(|(p, t)| (p, t.as_str())), |_| {})
            .expect("update");
        for q in [
            "giảm nghèo",
            "giam ngheo",
            "\"giảm nghèo\"",
            "\"giam ngheo\" công tác",
            "giảm nghèo NOT khen",
        ] {
            let req = request(q, 5);
            let hits = idx.search(&req).expect("search");
            let paths: Vec<&str> = hits.iter().map(|h| h.path.as_str()).collect();
            assert_eq!(paths, ["plan-0.txt", "plan-1.txt"], "{q}");
            assert!(hits[0].score > hits[1].score, "{q}: {hits:?}");
        }
    }
}
