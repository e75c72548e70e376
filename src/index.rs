//! The tantivy index of parsed plans: schema, tokenizers, and (re)indexing.
//!
//! Owns: the fields (full text exact and accent-folded, folded word pairs,
//! title, province, years covered, cited ids, unit names, the stored hit record
//! of [`crate::stored`]), the registration of the Vietnamese analyzers, and
//! updates keyed by file path so re-indexing replaces a changed file and skips
//! an unchanged one. Searching lives in [`crate::search`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::index::{SegmentComponent, SegmentId, SegmentMeta};
use tantivy::indexer::{MergeCandidate, MergePolicy, NoMergePolicy};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::TextAnalyzer;

use crate::analysis::{PairTokenizer, VietTokenizer};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, Term};

use crate::backlog::Backlog;
use crate::directory::ReadDirectory;
use crate::document::PlanDoc;
use crate::error::{Error, Result};
use crate::model::Plan;
use crate::text;

/// Bumped whenever the schema, the analyzers or the stored hit record
/// change; an index of another version must be rebuilt.
pub const SCHEMA_VERSION: u32 = 10;

/// Name of the accent-sensitive analyzer (NFC, canonical tones, lower case).
pub const EXACT: &str = "vi_exact";
/// Name of the accent-folded analyzer (every mark removed, đ → d).
pub const FOLDED: &str = "vi_folded";
/// Name of the pair analyzer (neighbouring folded terms as one term).
pub const PAIRS: &str = "vi_pairs";

const MARKER: &str = "kehoach-index.json";
/// How many times the title is written into the body fields, on top of its
/// line in the text. A title word weighs this many more body words
/// (BM25F-style weighting: the title's weight is added to the body's term
/// frequency before BM25 saturates it), so a query is one conjunction over
/// one field. Ranked with a title field of its own instead, a query of words
/// found in nearly every title and text ("trợ giúp pháp lý") cost twice as
/// much, and one syllable of a short title outweighed many in the text (see
/// BENCHMARKS.md).
pub const TITLE_WEIGHT: usize = 3;
/// Writer memory budget, shared by tantivy's indexing threads: a thread writes
/// its segment out when its share is full (or at a commit, see
/// [`CommitSchedule`]). Each segment costs a term dictionary of its own and a
/// place in the merges, so a larger budget means less merging (measured in
/// BENCHMARKS.md, twelfth and twenty-seventh rounds): with 450 MB on two
/// threads, each share holds ~6,000 plans of the generated corpus, and a
/// corpus of 10,000 plans is indexed into two segments that need no merge
/// (300 MB cut it into four, which a run then merged into two). With
/// [`BACKLOG_BYTES`] it bounds the run's memory, whatever the size of the corpus.
pub const WRITER_BUDGET: usize = 450_000_000;
/// The most a merge writes. When a run finishes, segments below
/// [`SETTLED_BYTES`] are merged into the fewest segments of at most this
/// size (see `merge_groups`); during a run, [`OnceMergePolicy`] merges within
/// the same bound. A search opens and walks every segment, so fewer segments
/// make it faster: at 100k plans, 12 segments against 2 took `kehoach search`
/// 11.1 against 5.6 ms (BENCHMARKS.md, twenty-sixth round). The bound keeps
/// the last step of a run, the merge of what the run's policy left, to
/// seconds.
const SEGMENT_BYTES: u64 = 3_000_000_000;
/// Segments of this many bytes or more are never merged again. A merge reads
/// postings term by term (see [`ReadDirectory`]) but copies each source
/// segment's document store, about 45% of its bytes, in one piece: with
/// sources below this size, what a merge holds in memory stays the same
/// whatever the size of the corpus. A run's merges make segments larger than
/// this, so a later run with a few plans more merges only its own segments.
/// It is above the writer's whole budget, so that a segment the writer made
/// on one thread (on a single core) is still merged: on two threads, each
/// writes segments of ~200 MB (BENCHMARKS.md, twenty-seventh round).
const SETTLED_BYTES: u64 = 500_000_000;
// what the run's policy merges comes out settled
const _: () = assert!(SEGMENT_BYTES / ONCE_MERGE_SHARE.1 * ONCE_MERGE_SHARE.0 > 2 * SETTLED_BYTES);
const _: () = assert!(SETTLED_BYTES > WRITER_BUDGET as u64);
/// At most this many years of a plan's period are indexed (a typo like 2013–2200 stays cheap).
const MAX_PERIOD_YEARS: i32 = 60;

/// The index's fields.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub path: Field,
    pub hash: Field,
    /// The text, and the title [`TITLE_WEIGHT`] times (see [`PlanIndex::document`]).
    pub body: Field,
    pub body_folded: Field,
    /// Folded word pairs of the title ([`TITLE_WEIGHT`] times, as in the body
    /// fields) and text, with counts but no positions: quoted phrases are
    /// looked up here first (see `crate::search`), and bounded by these counts
    /// (see `crate::bound`).
    pub pairs: Field,
    pub province: Field,
    pub year: Field,
    pub years: Field,
    pub cites: Field,
    pub units: Field,
    pub plan: Field,
}

fn text_field(analyzer: &str, stored: bool) -> TextOptions {
    let idx = TextFieldIndexing::default()
        .set_tokenizer(analyzer)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let opts = TextOptions::default().set_indexing_options(idx);
    if stored {
        opts.set_stored()
    } else {
        opts
    }
}

/// The schema and its fields.
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        path: b.add_text_field("path", STRING | STORED | FAST),
        hash: b.add_text_field("hash", STRING | STORED | FAST),
        body: b.add_text_field("body", text_field(EXACT, false)),
        body_folded: b.add_text_field("body_folded", text_field(FOLDED, false)),
        pairs: b.add_text_field(
            "pairs",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(PAIRS)
                    .set_index_option(IndexRecordOption::WithFreqs),
            ),
        ),
        province: b.add_text_field("province", STRING | STORED),
        year: b.add_u64_field("year", INDEXED | FAST | STORED),
        years: b.add_u64_field("years", INDEXED | FAST),
        cites: b.add_text_field("cites", STRING | STORED),
        units: b.add_text_field("units", text_field(FOLDED, false)),
        // bytes, not text: a stored text is checked as UTF-8 again on every
        // read, a tenth of a query's time (the search checks it once, with SIMD)
        plan: b.add_bytes_field("plan", STORED),
    };
    (b.build(), fields)
}

/// Register the Vietnamese analyzers. Tokenizers are not stored in an index:
/// this runs every time one is opened or created.
pub fn register_tokenizers(index: &Index) {
    index
        .tokenizers()
        .register(EXACT, TextAnalyzer::from(VietTokenizer { folded: false }));
    index
        .tokenizers()
        .register(FOLDED, TextAnalyzer::from(VietTokenizer { folded: true }));
    index
        .tokenizers()
        .register(PAIRS, TextAnalyzer::from(PairTokenizer));
}

/// The key a cited id is indexed and queried under: folded, lower case, no spaces.
pub fn cite_key(id: &str) -> String {
    text::fold(id)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .replace('–', "-")
}

/// The key a province is indexed and queried under: the gazetteer name's slug,
/// or the slug of the text when it is not in the gazetteer.
pub fn province_key(name: &str) -> String {
    match crate::province::lookup(name) {
        Some(p) => text::slug(p.name),
        None => text::slug(name),
    }
}

/// A stable 64-bit hash of a plan text (XXH3), to skip unchanged files.
/// (FNV-1a byte by byte, before, cost ~1% of building an index; an index
/// built with it re-indexes each file once, as changed.)
pub fn content_hash(s: &str) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(s.as_bytes()))
}

/// What an update did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpdateStats {
    /// Plans new to the index.
    pub added: usize,
    /// Plans whose file changed and whose old version was replaced.
    pub replaced: usize,
    /// Plans whose file is unchanged since the last run (skipped).
    pub unchanged: usize,
    /// Plans whose file is gone (see [`IndexSession::remove_missing`]).
    pub removed: usize,
}

/// When a run commits: after every [`COMMIT_BYTES`] of text, so an
/// interrupted run keeps what it indexed up to its last commit and a rerun
/// only adds the rest.
///
/// A commit ends every segment the writer has open, so commits set how small
/// the segments are and how much merging follows. Between commits a thread's
/// segment ends only when its share of [`WRITER_BUDGET`] is full, and those
/// segments are the largest the writer makes. Runs used to commit after 200
/// plans, then after twice as many each time, and at least every 32 MiB, to
/// bound tantivy's queue of documents; [`crate::backlog`] bounds it now, and
/// at 10k plans the run's merges, which rewrote every plan once, took 12–15% of
/// its CPU (BENCHMARKS.md, twenty-seventh round).
#[derive(Debug, Clone, Default)]
pub struct CommitSchedule {
    bytes: usize,
}

/// Text bytes after which a run commits (see [`CommitSchedule`]): ~30,000
/// plans of the generated corpus, a minute or two of indexing.
pub const COMMIT_BYTES: usize = 1 << 30;

/// The most bytes of documents (text, title and hit record) waiting in
/// tantivy's queue (see [`crate::backlog`]): ~900 plans of the generated
/// corpus, ahead of indexing threads that take ~2 ms each.
pub const BACKLOG_BYTES: usize = 64 << 20;

impl CommitSchedule {
    /// Count one added plan of `bytes` of text; true when it is time to commit.
    pub fn add(&mut self, bytes: usize) -> bool {
        self.bytes += bytes;
        if self.bytes < COMMIT_BYTES {
            return false;
        }
        self.bytes = 0;
        true
    }
}

/// A plan's index document, built ahead of the writer (see [`PlanIndex::prepare`]).
pub struct Prepared {
    path: String,
    hash: String,
    /// `None` when the index already holds this text.
    doc: Option<PlanDoc>,
    /// Bytes of the plan's text.
    bytes: usize,
}

/// One indexing run: the writer and what is indexed already.
pub struct IndexSession<'a> {
    index: &'a PlanIndex,
    writer: IndexWriter<PlanDoc>,
    known: HashMap<String, String>,
    stats: UpdateStats,
    commits: CommitSchedule,
    backlog: Arc<Backlog>,
}

impl IndexSession<'_> {
    /// Add or replace one plan; unchanged files are skipped. Commits as
    /// [`CommitSchedule`] says.
    pub fn add(&mut self, plan: &Plan, text_in: &str) -> Result<()> {
        let prepared = self.index.prepare(plan, text_in, &self.known)?;
        self.add_prepared(prepared)
    }

    /// Path → content hash of what the index holds, for [`PlanIndex::prepare`]
    /// on other threads.
    pub fn indexed(&self) -> HashMap<String, String> {
        self.known.clone()
    }

    /// Add or replace a plan made ready by [`PlanIndex::prepare`] (which may run
    /// on another thread); unchanged files are skipped.
    pub fn add_prepared(&mut self, p: Prepared) -> Result<()> {
        match self.known.get(&p.path) {
            Some(h) if *h == p.hash => {
                self.stats.unchanged += 1;
                return Ok(());
            }
            Some(_) => self.stats.replaced += 1,
            None => self.stats.added += 1,
        }
        let Some(mut doc) = p.doc else {
            return Err(index_err(
                &self.index.dir,
                format!("{} changed while it was being indexed; run again", p.path),
            ));
        };
        // a path the index does not hold has nothing to replace (a delete
        // would be queued and checked against every segment for nothing)
        if self.known.contains_key(&p.path) {
            self.writer
                .delete_term(Term::from_field_text(self.index.fields.path, &p.path));
        }
        doc.hold_ticket(self.backlog.admit(doc.bytes(), BACKLOG_BYTES));
        self.writer
            .add_document(doc)
            .map_err(|e| index_err(&self.index.dir, e))?;
        self.known.insert(p.path, p.hash);
        if self.commits.add(p.bytes) {
            self.index.commit(&mut self.writer)?;
        }
        Ok(())
    }

    /// Remove the plans whose file is gone: every path the index holds under
    /// one of `roots` (compared path component by path component, as given)
    /// that no longer exists. A root that does not exist itself removes nothing
    /// (a mistyped folder or an unmounted disk must not empty the index); a
    /// file that exists but could not be read this time stays. Returns the
    /// paths removed, sorted.
    pub fn remove_missing(&mut self, roots: &[PathBuf]) -> Result<Vec<String>> {
        let roots: Vec<&PathBuf> = roots.iter().filter(|r| r.exists()).collect();
        let gone = |p: &str| {
            std::fs::symlink_metadata(p).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
        };
        let mut removed: Vec<String> = self
            .known
            .keys()
            .filter(|p| roots.iter().any(|r| Path::new(p.as_str()).starts_with(r)))
            .filter(|p| gone(p))
            .cloned()
            .collect();
        removed.sort();
        for p in &removed {
            self.writer
                .delete_term(Term::from_field_text(self.index.fields.path, p));
            self.known.remove(p);
        }
        self.stats.removed += removed.len();
        Ok(removed)
    }

    /// Commit what is left, wait for merges, then merge small segments into
    /// larger ones (see [`SEGMENT_BYTES`]).
    pub fn finish(self) -> Result<UpdateStats> {
        self.finish_with(|_, _| {})
    }

    /// [`IndexSession::finish`], calling `merging(done, of)` before each wave
    /// of the last step's merges (as many at once as there are cores) and
    /// once when they are done (they take seconds on a large index).
    pub fn finish_with(self, merging: impl FnMut(usize, usize)) -> Result<UpdateStats> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        self.finish_for(threads, merging)
    }

    /// [`IndexSession::finish_with`], for a search on `threads` threads.
    fn finish_for(
        mut self,
        threads: usize,
        mut merging: impl FnMut(usize, usize),
    ) -> Result<UpdateStats> {
        self.index.commit(&mut self.writer)?;
        let index = self.index;
        let err = |e| index_err(&index.dir, e);
        self.writer.wait_merging_threads().map_err(err)?;
        let sizes: Vec<(SegmentId, u64)> = index
            .index
            .searchable_segment_metas()
            .map_err(err)?
            .iter()
            .map(|m| (m.id(), segment_bytes(&index.dir, m)))
            .collect();
        let groups = merge_groups(&sizes, SETTLED_BYTES, SEGMENT_BYTES, threads);
        if groups.is_empty() {
            return Ok(self.stats);
        }
        // merges run side by side, one per core. The writer lock was let go
        // while the policy's merges ended: if another run took it, that run
        // ends with these merges itself
        let mut writer = match index.writer() {
            Err(Error::Locked { .. }) => return Ok(self.stats),
            w => w?,
        };
        writer.set_merge_policy(Box::new(NoMergePolicy));
        let at_once = threads.max(1);
        for (n, wave) in groups.chunks(at_once).enumerate() {
            merging(n * at_once, groups.len());
            let running: Vec<_> = wave.iter().map(|g| writer.merge(&g.1)).collect();
            for m in running {
                m.wait().map_err(err)?;
            }
        }
        merging(groups.len(), groups.len());
        writer.wait_merging_threads().map_err(err)?;
        Ok(self.stats)
    }
}

/// Bytes of a segment's files on disk (0 for what cannot be read).
fn segment_bytes(dir: &Path, meta: &SegmentMeta) -> u64 {
    [
        SegmentComponent::Postings,
        SegmentComponent::Positions,
        SegmentComponent::Terms,
        SegmentComponent::Store,
        SegmentComponent::FastFields,
        SegmentComponent::FieldNorms,
    ]
    .into_iter()
    .filter_map(|c| std::fs::metadata(dir.join(meta.relative_path(c))).ok())
    .map(|m| m.len())
    .sum()
}

/// A run's merges while it indexes: each plan's postings are rewritten once.
///
/// The writer leaves segments of at most a thread's share of
/// [`WRITER_BUDGET`] (one per thread each time its share fills, and at each
/// commit). Once those below [`SETTLED_BYTES`] hold [`ONCE_MERGE_SHARE`] of
/// [`SEGMENT_BYTES`] between them, they become one segment, large enough
/// that neither this policy nor the run's last step (`merge_groups`) merges
/// it again. tantivy's
/// `LogMergePolicy`, used before, merged segments of similar sizes level by
/// level, so a plan was rewritten two or three times: at 10k plans the run's
/// merges took ~7% of its CPU (BENCHMARKS.md, twentieth and twenty-first
/// rounds). A corpus smaller than the share is merged by the last step alone.
#[derive(Debug)]
struct OnceMergePolicy {
    dir: PathBuf,
}

/// The share of [`SEGMENT_BYTES`] at which [`OnceMergePolicy`] merges: well
/// above [`SETTLED_BYTES`], as the merged segment is a little smaller than its
/// parts (one term dictionary instead of many), and below the whole, as the
/// last commit's segments may come on top.
const ONCE_MERGE_SHARE: (u64, u64) = (3, 5);

impl MergePolicy for OnceMergePolicy {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let sized: Vec<(SegmentId, u64)> = segments
            .iter()
            .map(|m| (m.id(), segment_bytes(&self.dir, m)))
            .collect();
        once_merge(&sized, SETTLED_BYTES, SEGMENT_BYTES)
            .map(MergeCandidate)
            .into_iter()
            .collect()
    }
}

/// The merge [`OnceMergePolicy`] asks for among segments (id, bytes): the
/// segments below `settled`, smallest first, as soon as they hold
/// [`ONCE_MERGE_SHARE`] of `cap` (so what one merge writes stays near that share).
fn once_merge<T: Copy>(segments: &[(T, u64)], settled: u64, cap: u64) -> Option<Vec<T>> {
    let mut small: Vec<(T, u64)> = segments
        .iter()
        .copied()
        .filter(|&(_, b)| b < settled)
        .collect();
    small.sort_by_key(|&(_, b)| b);
    let (num, den) = ONCE_MERGE_SHARE;
    let mut total = 0u64;
    for (n, &(_, b)) in small.iter().enumerate() {
        total += b;
        if n > 0 && total.saturating_mul(den) >= cap.saturating_mul(num) {
            return Some(small[..=n].iter().map(|&(id, _)| id).collect());
        }
    }
    None
}

/// The merges that pack segments (id, bytes) into segments of at most `cap`
/// bytes, for a search on `threads` threads: segments of `settled` bytes or
/// more stay as they are; the others are dealt, largest first, each to the lightest
/// of the fewest groups that keep every group within `cap`. When no segment
/// is settled, the groups are the whole index: then there are a multiple of
/// `threads` of them, as even as dealing makes them (a search gives each
/// thread whole segments: three even segments on two threads take two
/// segments' time, four take two too). Beside settled segments, what is left
/// is small and goes into the fewest groups: every segment costs a search its
/// opening and a term lookup, and a thread that ends its large segment first
/// takes the small one (at 100k plans, two settled segments of 1.7 GB and two
/// of 0.1 GB took `kehoach search` 6.9 ms, with the two small ones merged 5.8).
/// Groups of one segment are left out: there is nothing to merge. Each group
/// comes with the bytes of its segments.
fn merge_groups<T: Copy>(
    segments: &[(T, u64)],
    settled: u64,
    cap: u64,
    threads: usize,
) -> Vec<(u64, Vec<T>)> {
    let mut small: Vec<(T, u64)> = segments
        .iter()
        .copied()
        .filter(|&(_, b)| b < settled)
        .collect();
    if small.len() < 2 {
        return Vec::new();
    }
    small.sort_by_key(|&(_, b)| std::cmp::Reverse(b));
    let total: u64 = small.iter().map(|&(_, b)| b).sum();
    let step = if small.len() == segments.len() {
        threads.max(1)
    } else {
        1
    };
    let least = (total.div_ceil(cap.max(1)) as usize).max(1);
    let mut k = least.next_multiple_of(step);
    loop {
        // at most one group per segment: each alone is within the cap
        let n = k.min(small.len());
        let mut groups: Vec<(u64, Vec<T>)> = (0..n).map(|_| (0, Vec::new())).collect();
        for &(id, b) in &small {
            if let Some(g) = groups.iter_mut().min_by_key(|g| g.0) {
                g.0 += b;
                g.1.push(id);
            }
        }
        if n == small.len() || groups.iter().all(|g| g.0 <= cap) {
            return groups.into_iter().filter(|g| g.1.len() > 1).collect();
        }
        k += step;
    }
}

/// An opened index.
pub struct PlanIndex {
    pub index: Index,
    pub fields: Fields,
    pub dir: PathBuf,
    /// Opened on first use and kept: opening segment readers costs more than a query.
    reader: std::sync::OnceLock<IndexReader>,
    /// Modification time of meta.json when the reader last (re)loaded.
    meta_seen: std::sync::Mutex<Option<std::time::SystemTime>>,
}

fn index_err(dir: &Path, e: impl std::fmt::Display) -> Error {
    Error::Index {
        path: dir.display().to_string(),
        message: e.to_string(),
    }
}

impl PlanIndex {
    /// Open an existing index for searching, with a pool of search threads (one
    /// per CPU) that search its segments side by side. A missing, damaged or
    /// outdated index is an error that says how to rebuild it.
    pub fn open(dir: &Path) -> Result<PlanIndex> {
        let mut idx = PlanIndex::open_single_threaded(dir)?;
        let _ = idx.index.set_default_multithread_executor();
        Ok(idx)
    }

    /// [`PlanIndex::open`] without the pool: every search runs on the calling
    /// thread. For a process that runs one query and exits (`kehoach search`),
    /// where starting the pool's threads, and their spinning while they wait for
    /// work, cost a fifth to a third of the process's CPU time and did not
    /// shorten its wall time (BENCHMARKS.md, nineteenth round).
    pub fn open_single_threaded(dir: &Path) -> Result<PlanIndex> {
        PlanIndex::open_with(dir, |d| Index::open_in_dir(d))
    }

    /// An existing index opened for a writer: its files are read into buffers,
    /// not mapped (see [`ReadDirectory`]), so merging segments does not hold
    /// what it reads in memory. Like a new one, it has no pool of search threads.
    fn open_for_writing(dir: &Path) -> Result<PlanIndex> {
        PlanIndex::open_with(dir, |d| ReadDirectory::open(d).and_then(Index::open))
    }

    fn open_with(
        dir: &Path,
        open: impl FnOnce(&Path) -> tantivy::Result<Index>,
    ) -> Result<PlanIndex> {
        if !dir.join("meta.json").exists() {
            return Err(index_err(
                dir,
                "no index here; build it with `kehoach index [PATH...] --index DIR`",
            ));
        }
        check_marker(dir)?;
        let index = open(dir).map_err(|e| {
            index_err(
                dir,
                format!("the index is damaged ({e}); rebuild it with `kehoach index --rebuild`"),
            )
        })?;
        register_tokenizers(&index);
        let (_, fields) = schema();
        Ok(PlanIndex {
            index,
            fields,
            dir: dir.to_path_buf(),
            reader: std::sync::OnceLock::new(),
            meta_seen: std::sync::Mutex::new(None),
        })
    }

    /// Open an index for writing, creating it when the folder is new or empty.
    /// With `rebuild`, whatever is there is removed first.
    pub fn open_or_create(dir: &Path, rebuild: bool) -> Result<PlanIndex> {
        if rebuild && dir.exists() {
            if dir.join(MARKER).exists() || dir.join("meta.json").exists() || is_empty_dir(dir) {
                std::fs::remove_dir_all(dir).map_err(|e| Error::Io {
                    context: format!("removing {}", dir.display()),
                    source: e,
                })?;
            } else {
                return Err(index_err(
                    dir,
                    "refusing to delete a folder that is not a kehoach index",
                ));
            }
        }
        if dir.join("meta.json").exists() {
            return PlanIndex::open_for_writing(dir);
        }
        // our marker without meta.json: a run was killed while creating the index
        // (tantivy may have written some of its files already); start it afresh
        if dir.join(MARKER).exists() {
            std::fs::remove_dir_all(dir).map_err(|e| Error::Io {
                context: format!("removing the half-made index {}", dir.display()),
                source: e,
            })?;
        }
        if dir.exists() && !is_empty_dir(dir) {
            return Err(index_err(
                dir,
                "the folder is not empty and holds no kehoach index",
            ));
        }
        std::fs::create_dir_all(dir).map_err(|e| Error::Io {
            context: format!("creating {}", dir.display()),
            source: e,
        })?;
        // the marker first: a folder with it is ours even if a crash stops us next
        write_marker(dir)?;
        let (schema, fields) = schema();
        let index = ReadDirectory::open(dir)
            .and_then(|d| Index::create(d, schema, tantivy::IndexSettings::default()))
            .map_err(|e| index_err(dir, e))?;
        register_tokenizers(&index);
        Ok(PlanIndex {
            index,
            fields,
            dir: dir.to_path_buf(),
            reader: std::sync::OnceLock::new(),
            meta_seen: std::sync::Mutex::new(None),
        })
    }

    /// A searcher over what is committed now. The reader is opened once (no
    /// file watcher thread: a search process starts fast) and reloaded only
    /// when the index's meta file changed since (a reload reopens every segment).
    pub fn searcher(&self) -> Result<Searcher> {
        let stamp = std::fs::metadata(self.dir.join("meta.json"))
            .and_then(|m| m.modified())
            .ok();
        let mut seen = self
            .meta_seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let reader = match self.reader.get() {
            Some(r) => {
                if stamp.is_none() || *seen != stamp {
                    r.reload().map_err(|e| index_err(&self.dir, e))?;
                }
                r
            }
            None => {
                let r = self
                    .index
                    .reader_builder()
                    .reload_policy(ReloadPolicy::Manual)
                    .try_into()
                    .map_err(|e| index_err(&self.dir, e))?;
                self.reader.get_or_init(|| r)
            }
        };
        *seen = stamp;
        Ok(reader.searcher())
    }

    /// Start a writer; a running `kehoach index` on the same folder makes this fail with [`Error::Locked`].
    pub fn writer(&self) -> Result<IndexWriter<PlanDoc>> {
        let writer = self.index.writer(WRITER_BUDGET).map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => Error::Locked {
                path: self.dir.display().to_string(),
            },
            other => index_err(&self.dir, other),
        })?;
        writer.set_merge_policy(Box::new(OnceMergePolicy {
            dir: self.dir.clone(),
        }));
        Ok(writer)
    }

    /// The path → content hash of every plan in the index, read from the
    /// columnar path and hash fields (no stored document is opened).
    pub fn hashes(&self) -> Result<HashMap<String, String>> {
        let searcher = self.searcher()?;
        let err = |e: &dyn std::fmt::Display| index_err(&self.dir, e);
        let mut out = HashMap::new();
        for seg in searcher.segment_readers() {
            let ff = seg.fast_fields();
            let (Some(paths), Some(hashes)) = (
                ff.str("path").map_err(|e| err(&e))?,
                ff.str("hash").map_err(|e| err(&e))?,
            ) else {
                continue;
            };
            // every term of each column in ordinal order, read in one pass
            let terms = |col: &tantivy::columnar::StrColumn| -> Result<Vec<String>> {
                let mut v = Vec::new();
                let mut stream = col.dictionary().stream().map_err(|e| err(&e))?;
                while stream.advance() {
                    v.push(String::from_utf8_lossy(stream.key()).into_owned());
                }
                Ok(v)
            };
            let (path_terms, hash_terms) = (terms(&paths)?, terms(&hashes)?);
            for doc in seg.doc_ids_alive() {
                let p = paths.term_ords(doc).next();
                let h = hashes.term_ords(doc).next();
                let (Some(p), Some(h)) = (
                    p.and_then(|o| path_terms.get(o as usize)),
                    h.and_then(|o| hash_terms.get(o as usize)),
                ) else {
                    continue;
                };
                out.insert(p.clone(), h.clone());
            }
        }
        Ok(out)
    }

    /// Build the document for a plan.
    pub fn document(&self, plan: &Plan, text_in: &str, hash: &str) -> Result<PlanDoc> {
        let f = &self.fields;
        let mut doc = PlanDoc::default();
        doc.add_text(f.path, plan.path.as_str());
        doc.add_text(f.hash, hash);
        // the title and the text are each held once, given to every field
        // that indexes them
        let title = doc.hold(plan.title.as_deref().unwrap_or_default());
        let text = doc.hold(text_in);
        // the text is each body field's first value, so its terms have the
        // positions the analyzer gives them: the stored record's spans (see
        // `crate::stored`) are positions in `body_folded`
        doc.add_shared(f.body, text);
        doc.add_shared(f.body_folded, text);
        doc.add_shared(f.pairs, text);
        // the title is part of the body fields, weighted by being written
        // TITLE_WEIGHT times (each copy its own value: no phrase runs from
        // one copy into the next, or from the text into the title)
        // (the pairs field weights it alike, so that a phrase's count in the
        // body is at most its rarest pair's: see `crate::bound`)
        for field in [f.body, f.body_folded, f.pairs] {
            for _ in 0..TITLE_WEIGHT {
                doc.add_shared(field, title);
            }
        }
        if let Some(p) = &plan.province {
            doc.add_text(f.province, province_key(p));
        }
        if let Some(y) = plan.year {
            doc.add_u64(f.year, y.max(0) as u64);
        }
        if let Some(p) = plan.period {
            let end = p.end.min(p.start + MAX_PERIOD_YEARS);
            for y in p.start..=end {
                doc.add_u64(f.years, y.max(0) as u64);
            }
        }
        for c in &plan.citations {
            doc.add_text(f.cites, cite_key(&c.id));
        }
        for u in plan.units() {
            doc.add_text(f.units, u);
        }
        // the record is a little larger than the text, which its sections
        // hold nearly all of (1.14 times at 10k generated plans): written
        // into room for it, not into a buffer doubled a dozen times
        let mut json = Vec::with_capacity(text_in.len() + text_in.len() / 4 + 1024);
        serde_json::to_writer(&mut json, &crate::stored::StoredPlan::of(plan, text_in))
            .map_err(|e| index_err(&self.dir, e))?;
        doc.add_bytes(f.plan, json);
        Ok(doc)
    }

    /// Build the document of a plan and hash its text: the costly part of adding
    /// it, safe to run on any thread before [`IndexSession::add_prepared`].
    /// A plan whose text `indexed` already holds under the same hash gets no
    /// document (it will be counted unchanged).
    pub fn prepare(
        &self,
        plan: &Plan,
        text_in: &str,
        indexed: &HashMap<String, String>,
    ) -> Result<Prepared> {
        let hash = content_hash(text_in);
        let doc = if indexed.get(&plan.path) == Some(&hash) {
            None
        } else {
            Some(self.document(plan, text_in, &hash)?)
        };
        Ok(Prepared {
            path: plan.path.clone(),
            doc,
            hash,
            bytes: text_in.len(),
        })
    }

    /// Commit the writer's changes atomically.
    pub fn commit(&self, writer: &mut IndexWriter<PlanDoc>) -> Result<()> {
        writer.commit().map_err(|e| index_err(&self.dir, e))?;
        Ok(())
    }

    /// Start adding plans: takes the writer lock (a second run gets
    /// [`Error::Locked`]) and reads what is indexed already.
    pub fn session(&self) -> Result<IndexSession<'_>> {
        let writer = self.writer()?;
        let known = self.hashes()?;
        Ok(IndexSession {
            index: self,
            writer,
            known,
            stats: UpdateStats::default(),
            commits: CommitSchedule::default(),
            backlog: Arc::default(),
        })
    }

    /// Add or replace the given plans (with their normalised text). Unchanged
    /// files are skipped; `progress` is called once per plan.
    pub fn update<'a>(
        &self,
        plans: impl IntoIterator<Item = (&'a Plan, &'a str)>,
        mut progress: impl FnMut(&Plan),
    ) -> Result<UpdateStats> {
        let mut session = self.session()?;
        for (plan, text_in) in plans {
            session.add(plan, text_in)?;
            progress(plan);
        }
        session.finish()
    }

    /// The paths of every plan in the index, sorted.
    pub fn paths(&self) -> Result<Vec<String>> {
        let mut v: Vec<String> = self.hashes()?.into_keys().collect();
        v.sort();
        Ok(v)
    }

    /// Number of plans in the index.
    pub fn len(&self) -> Result<u64> {
        Ok(self.searcher()?.num_docs())
    }

    /// Whether the index holds no plan.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false)
}

fn write_marker(dir: &Path) -> Result<()> {
    let body = serde_json::json!({ "tool": "kehoach", "schema_version": SCHEMA_VERSION });
    std::fs::write(dir.join(MARKER), body.to_string()).map_err(|e| Error::Io {
        context: format!("writing {}", dir.join(MARKER).display()),
        source: e,
    })
}

fn check_marker(dir: &Path) -> Result<()> {
    let raw = std::fs::read_to_string(dir.join(MARKER)).map_err(|_| {
        index_err(
            dir,
            "not a kehoach index (no marker file); rebuild it with `kehoach index --rebuild`",
        )
    })?;
    let v: serde_json::Value = serde_json::from_str(&raw).map_err(|_| {
        index_err(
            dir,
            "the index marker is damaged; rebuild it with `kehoach index --rebuild`",
        )
    })?;
    let version = v
        .get("schema_version")
        .and_then(|x| x.as_u64())
        .unwrap_or(0);
    if version != u64::from(SCHEMA_VERSION) {
        return Err(index_err(
            dir,
            format!("the index has schema version {version}, this kehoach needs {SCHEMA_VERSION}; rebuild it with `kehoach index --rebuild`"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_folded() {
        assert_eq!(cite_key("59/2012/QĐ-TTg"), "59/2012/qd-ttg");
        assert_eq!(province_key("tỉnh Lạng Sơn"), "lang-son");
        assert_eq!(province_key("lang son"), "lang-son");
    }

    #[test]
    fn small_segments_are_packed_into_the_fewest_groups_within_the_cap() {
        // 18 segments of 140 (2,520 in all) and one of 400 under a cap of 600:
        // the large one stays, the others go into the fewest groups, 5 (4
        // would pass the cap), whatever the threads; without the large one,
        // into a multiple of the threads: 5, 6 for two threads, 8 for four
        let mut segs: Vec<(usize, u64)> = (0..18).map(|i| (i, 140)).collect();
        let alone = segs.clone();
        for (threads, want) in [(1, 5), (2, 6), (4, 8)] {
            assert_eq!(merge_groups(&alone, 300, 600, threads).len(), want);
        }
        segs.push((18, 400));
        for (threads, want) in [(1, 5), (2, 5), (4, 5)] {
            let groups: Vec<Vec<usize>> = merge_groups(&segs, 300, 600, threads)
                .into_iter()
                .map(|g| g.1)
                .collect();
            assert_eq!(groups.len(), want, "{threads}: {groups:?}");
            let mut ids: Vec<usize> = groups.iter().flatten().copied().collect();
            ids.sort();
            assert_eq!(ids, (0..18).collect::<Vec<_>>());
            let sizes: Vec<usize> = groups.iter().map(Vec::len).collect();
            assert!(
                sizes.iter().all(|&n| n * 140 <= 600),
                "{threads}: {sizes:?}"
            );
            // even shares: group sizes differ by one segment at most
            let (lo, hi) = (sizes.iter().min(), sizes.iter().max());
            assert!(hi.zip(lo).is_some_and(|(h, l)| h - l <= 1), "{sizes:?}");
        }
        // uneven sizes: dealt largest first to the lightest group
        let segs = [(0, 290), (1, 10), (2, 280), (3, 20), (4, 150), (5, 150)];
        let groups = merge_groups(&segs, 300, 600, 1);
        let sums: Vec<u64> = groups
            .iter()
            .map(|g| g.1.iter().map(|&i| segs[i].1).sum())
            .collect();
        // each group comes with the bytes of its segments
        assert_eq!(sums, groups.iter().map(|g| g.0).collect::<Vec<_>>());
        assert_eq!(groups.len(), 2, "{groups:?}");
        assert!(sums.iter().all(|&b| b <= 600), "{sums:?}");
        // seven large segments and two small ones, two threads: the small ones
        // become one, for eight segments in all
        let mut segs: Vec<(usize, u64)> = (0..7).map(|i| (i, 360)).collect();
        segs.extend([(7, 150), (8, 140)]);
        assert_eq!(merge_groups(&segs, 300, 600, 2), vec![(290, vec![7, 8])]);
        let segs = [(0, 290), (1, 10), (2, 280), (3, 20), (4, 150), (5, 150)];
        // more threads than segments: every segment stays alone
        assert!(merge_groups(&segs, 300, 600, 8).is_empty());
        // nothing to merge: one small segment, or only large ones
        assert!(merge_groups(&[(0, 100), (1, 500)], 300, 600, 2).is_empty());
        assert!(merge_groups(&[(0, 300), (1, 300)], 300, 600, 2).is_empty());
        assert!(merge_groups::<usize>(&[], 300, 600, 2).is_empty());
    }

    #[test]
    fn a_run_merges_its_small_segments_once_they_hold_a_share_of_the_cap() {
        // under 3/5 of the cap between them: nothing yet
        assert_eq!(once_merge(&[(0, 100), (1, 100), (2, 150)], 500, 1000), None);
        // the smallest first, until they hold 600; the large one is left
        let segs = [(0, 250), (1, 100), (2, 700), (3, 200), (4, 150), (5, 160)];
        assert_eq!(once_merge(&segs, 500, 1000), Some(vec![1, 4, 5, 3]));
        // a large segment alone does not count, nor one small segment
        assert_eq!(once_merge(&[(0, 700), (1, 600)], 500, 1000), None);
        assert_eq!(once_merge(&[(0, 499), (1, 700)], 500, 1000), None);
        // settled segments do not count, whatever the cap
        assert_eq!(once_merge(&[(0, 400), (1, 300), (2, 400)], 350, 1000), None);
        assert_eq!(once_merge::<usize>(&[], 500, 1000), None);
    }

    #[test]
    fn a_finished_run_leaves_small_segments_merged() {
        let dir = tempfile::tempdir().expect("tmp");
        let idx = PlanIndex::open_or_create(&dir.path().join("idx"), false).expect("index");
        let plans: Vec<(Plan, String)> = crate::corpus::FILES
            .iter()
            .map(|(p, t)| {
                let t = text::normalize(t);
                (crate::parse::parse(p, &t), t)
            })
            .collect();
        // one run per plan: each commits a segment of its own, and a run ends
        // with as many segments as search threads (one, then two), no more
        for (run, (plan, t)) in plans.iter().enumerate() {
            let threads = if run < 3 { 1 } else { 2 };
            let before = idx.searcher().expect("searcher").segment_readers().len();
            let mut session = idx.session().expect("session");
            session.add(plan, t).expect("add");
            let mut calls = Vec::new();
            session
                .finish_for(threads, |done, of| calls.push((done, of)))
                .expect("finish");
            let after = idx.searcher().expect("searcher").segment_readers().len();
            if before + 1 > threads {
                // two segments became one, and the progress said so
                assert_eq!(calls, vec![(0, 1), (1, 1)], "run {run}");
                assert_eq!(after, threads, "run {run}");
            } else {
                assert!(calls.is_empty(), "run {run}: {calls:?}");
                assert_eq!(after, before + 1, "run {run}");
            }
        }
        assert_eq!(idx.len().expect("len"), plans.len() as u64);
        assert_eq!(idx.paths().expect("paths").len(), plans.len());
    }

    #[test]
    fn commits_come_after_a_bound_of_bytes() {
        let mut s = CommitSchedule::default();
        let plan = COMMIT_BYTES.div_ceil(10);
        let due: Vec<usize> = (1..=25).filter(|_| s.add(plan)).collect();
        assert_eq!(due, [10, 20]);
        // one plan larger than the bound is committed on its own
        let mut s = CommitSchedule::default();
        assert!(s.add(COMMIT_BYTES));
        assert!(!s.add(1));
    }

    #[test]
    fn hash_is_stable() {
        assert_eq!(content_hash("abc"), content_hash("abc"));
        assert_ne!(content_hash("abc"), content_hash("abd"));
        // XXH3-64 of no input, as its specification gives it
        assert_eq!(content_hash(""), "2d06800538d394c2");
    }
}
