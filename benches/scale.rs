//! Side by side at scale: kehoach against SQLite FTS5 and bare tantivy on the same
//! generated corpus, in one run.
//!
//! `cargo bench --bench scale -- 1000 10000` generates N synthetic plans per size
//! (deterministic: recombined sections of the bundled corpus and, when present,
//! ../shared/realdocs, with varied province, year, number and dates) under
//! target/scale/N, then measures
//! - index build: wall time, CPU time (user + system) and peak RSS of
//!   `kehoach index`, of FTS5 (rusqlite,
//!   `unicode61 remove_diacritics 2`; plain and with text pre-folded for đ) and of
//!   bare tantivy (the same analyzers on the raw text, no parsing), each as its own
//!   process under /usr/bin/time;
//! - query latency p50/p95/p99 over 36 queries, in-process, top 10, kehoach
//!   library against FTS5;
//! - whole-process `kehoach search` against `rg` over the files (when rg exists;
//!   five accented phrases, the median of three runs each);
//! - index size against corpus size.
//!
//! Results are printed as markdown and written to target/scale/results.md.
//! `cargo bench --bench scale -- generate 100000` only writes a corpus;
//! `-- 100000 --reuse` keeps the indexes an earlier run built and measures the
//! queries again (build columns read NaN). `--builds=3` runs the builds three
//! times, taking turns, and keeps each one's fastest wall time and least CPU
//! time (and largest peak RSS): on a shared machine a single run of each can
//! be slowed by other work.
//!
//! The corpus is read once, untimed, before the builds, so every build reads
//! it from the page cache.
//! Query latency is measured engine by engine, over 5 rounds after one
//! untimed warm-up round. Whole-process times come with the floor any process
//! has on the machine: `true`, started the same way (and `kehoach --version`),
//! so that `rg / true` is the most any program could reach against rg.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use kehoach::search::SearchRequest;

/// The allocator of the `kehoach` binary: kehoach's queries run in this
/// process, and bare tantivy (also built here) allocates as `kehoach index` does.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Timed rounds of the query set, per engine, after one untimed warm-up round.
const ROUNDS: usize = 5;

const PROVINCES: &[&str] = &[
    "Hà Nội",
    "Lạng Sơn",
    "Cao Bằng",
    "Bắc Giang",
    "Ninh Thuận",
    "Cà Mau",
    "Đắk Lắk",
    "Đồng Nai",
    "Nghệ An",
    "Hà Tĩnh",
    "Quảng Ninh",
    "Thanh Hóa",
    "Khánh Hòa",
    "Cần Thơ",
    "Đồng Tháp",
    "Bắc Ninh",
    "Tuyên Quang",
    "Lào Cai",
    "Sơn La",
    "Gia Lai",
];

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Blocks of text to recombine: each numbered item of the source plans with its body.
fn blocks() -> Vec<String> {
    let mut texts: Vec<String> = kehoach::corpus::FILES
        .iter()
        .map(|(_, t)| t.to_string())
        .collect();
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realdocs");
    if let Ok(rd) = std::fs::read_dir(&real) {
        for e in rd.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "txt") {
                if let Ok(t) = std::fs::read_to_string(&p) {
                    texts.push(t);
                }
            }
        }
    }
    let mut out = Vec::new();
    for t in texts {
        // only the body (the outline's lines, as kehoach parses them): a block
        // holding a header, the recipients or an appendix ends the body of the
        // plan it lands in, and generated plans kept ~82% of their text
        // outside their outline (real plans: a median of 15%)
        let t = kehoach::text::normalize(&t);
        let Some(body) = kehoach::parse::parse("block", &t).outline_lines else {
            continue;
        };
        let mut cur = String::new();
        for line in t.lines().skip(body.start - 1).take(body.len()) {
            let starts_item = line
                .trim_start()
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
                && line.contains(". ");
            if starts_item && cur.len() > 200 {
                out.push(std::mem::take(&mut cur));
            }
            cur.push_str(line);
            cur.push('\n');
        }
        if cur.len() > 200 {
            out.push(cur);
        }
    }
    out
}

/// Write `n` plans into `dir` and a manifest (path, province, year) for the peers.
fn generate(dir: &Path, n: usize) -> u64 {
    std::fs::create_dir_all(dir).expect("mkdir");
    let pool = blocks();
    let mut rng = Lcg(0xC0FFEE ^ n as u64);
    let mut manifest = String::new();
    let mut bytes = 0u64;
    for i in 0..n {
        let prov = PROVINCES[rng.below(PROVINCES.len())];
        let year = 2010 + rng.below(17);
        let (d, m) = (1 + rng.below(28), 1 + rng.below(12));
        let target = 5_000 + rng.below(45_000);
        let mut s = format!(
            "ỦY BAN NHÂN DÂN TỈNH {}\nSố: {}/KH-UBND\n{}, ngày {d} tháng {m} năm {year}\n\nKẾ HOẠCH\nThực hiện công tác trợ giúp pháp lý năm {year}\n\nThực hiện Quyết định số {}/QĐ-UBND ngày {d}/{m}/{year} của Ủy ban nhân dân tỉnh, Ủy ban nhân dân tỉnh {prov} ban hành Kế hoạch như sau:\n\nI. MỤC ĐÍCH, YÊU CẦU\n",
            prov.to_uppercase(),
            100 + i,
            prov,
            1000 + rng.below(9000)
        );
        let mut part = 1;
        let mut item = 1;
        while s.len() < target {
            if item > 3 + rng.below(6) {
                part += 1;
                item = 1;
                s.push_str(&format!(
                    "\n{}. NỘI DUNG\n",
                    ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"][part.min(8) - 1]
                ));
            }
            let b = &pool[rng.below(pool.len())];
            // renumber the block's first line as this item
            let body = b.split_once('\n').map(|(_, rest)| rest).unwrap_or(b);
            s.push_str(&format!("{item}. Nhiệm vụ {item}\n{body}\n"));
            item += 1;
        }
        s.push_str("\nNơi nhận:\n- Như trên;\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn An\n");
        let name = format!("plan-{i:06}.txt");
        bytes += s.len() as u64;
        std::fs::write(dir.join(&name), s).expect("write");
        manifest.push_str(&format!("{name}\t{prov}\t{year}\n"));
    }
    std::fs::write(dir.join("MANIFEST.tsv"), manifest).expect("manifest");
    bytes
}

fn dir_size(p: &Path) -> u64 {
    walkdir::WalkDir::new(p)
        .into_iter()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// What one build cost, as /usr/bin/time reports it.
#[derive(Clone, Copy)]
struct Cost {
    /// wall seconds
    wall: f64,
    /// user + system CPU seconds, of every thread
    cpu: f64,
    /// peak RSS in KiB
    rss: u64,
}

impl Cost {
    /// No run yet: every figure reads NaN (or 0) until one is kept.
    const NONE: Cost = Cost {
        wall: f64::NAN,
        cpu: f64::NAN,
        rss: 0,
    };

    /// Keep the faster wall time, the smaller CPU time and the larger peak
    /// RSS of this and another run of the same build.
    fn keep_best(&mut self, run: Cost) {
        if self.wall.is_nan() || run.wall < self.wall {
            self.wall = run.wall;
        }
        if self.cpu.is_nan() || run.cpu < self.cpu {
            self.cpu = run.cpu;
        }
        self.rss = self.rss.max(run.rss);
    }
}

/// Run a command under /usr/bin/time and read what it cost.
fn timed(cmd: &mut Command) -> Cost {
    let tmp = std::env::temp_dir().join(format!("kehoach-time-{}", std::process::id()));
    let prog = cmd.get_program().to_owned();
    let args: Vec<_> = cmd.get_args().map(|a| a.to_owned()).collect();
    let t = Instant::now();
    let status = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%e %M %U %S")
        .arg("-o")
        .arg(&tmp)
        .arg(prog)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("time");
    let wall = t.elapsed().as_secs_f64();
    assert!(
        status.success() || status.code() == Some(1),
        "{cmd:?} failed"
    );
    let out = std::fs::read_to_string(&tmp).unwrap_or_default();
    // the last line holds "%e %M %U %S" (a non-zero exit adds a line before it)
    let fields: Vec<&str> = out
        .lines()
        .last()
        .map(|l| l.split_whitespace().collect())
        .unwrap_or_default();
    let field = |k: usize| fields.get(k).and_then(|v| v.parse::<f64>().ok());
    Cost {
        wall,
        cpu: field(2).zip(field(3)).map_or(f64::NAN, |(u, s)| u + s),
        rss: field(1).map_or(0, |v| v as u64),
    }
}

/// Peer: FTS5 table with province and year columns.
fn build_fts5(corpus: &Path, db: &Path, fold: bool) {
    let _ = std::fs::remove_file(db);
    let conn = rusqlite::Connection::open(db).expect("db");
    conn.execute_batch("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; CREATE VIRTUAL TABLE plans USING fts5(path UNINDEXED, province UNINDEXED, year UNINDEXED, body, tokenize='unicode61 remove_diacritics 2');").expect("schema");
    let manifest = std::fs::read_to_string(corpus.join("MANIFEST.tsv")).expect("manifest");
    let tx = conn.unchecked_transaction().expect("tx");
    {
        let mut stmt = tx
            .prepare("INSERT INTO plans VALUES (?1, ?2, ?3, ?4)")
            .expect("prepare");
        for line in manifest.lines() {
            let mut f = line.split('\t');
            let (name, prov, year) = (
                f.next().unwrap_or(""),
                f.next().unwrap_or(""),
                f.next().unwrap_or(""),
            );
            let text = std::fs::read_to_string(corpus.join(name)).expect("read");
            let body = if fold {
                kehoach::text::fold(&text)
            } else {
                text
            };
            let prov = if fold {
                kehoach::text::fold(prov)
            } else {
                prov.to_string()
            };
            stmt.execute((name, prov, year, body)).expect("insert");
        }
    }
    tx.commit().expect("commit");
}

/// Ceiling: tantivy with kehoach's analyzers on the raw text, no parsing, and
/// kehoach's writer budget (a larger budget makes fewer, larger segments: the
/// same for both, so the ratio is what parsing costs). One commit, tantivy's
/// default merge policy.
fn build_bare(corpus: &Path, dir: &Path) {
    use tantivy::schema::{
        IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED, STRING,
    };
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("mkdir");
    let mut b = Schema::builder();
    let opts = |a: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(a)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let path = b.add_text_field("path", STRING | STORED);
    let exact = b.add_text_field("body", opts(kehoach::index::EXACT));
    let folded = b.add_text_field("body_folded", opts(kehoach::index::FOLDED));
    // the same word-pair field as kehoach's, so the peer indexes what it indexes
    let pairs = b.add_text_field(
        "pairs",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(kehoach::index::PAIRS)
                .set_index_option(IndexRecordOption::WithFreqs),
        ),
    );
    let index = tantivy::Index::create_in_dir(dir, b.build()).expect("create");
    kehoach::index::register_tokenizers(&index);
    let mut w: tantivy::IndexWriter = index.writer(kehoach::index::WRITER_BUDGET).expect("writer");
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus)
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    for f in files {
        let raw = std::fs::read(&f).expect("read");
        let text = kehoach::text::normalize(&String::from_utf8_lossy(&raw));
        let mut doc = tantivy::TantivyDocument::default();
        doc.add_text(path, f.display().to_string());
        doc.add_text(exact, &text);
        doc.add_text(folded, &text);
        doc.add_text(pairs, &text);
        w.add_document(doc).expect("add");
    }
    w.commit().expect("commit");
    w.wait_merging_threads().expect("merge");
}

/// A benchmark query: text, province, year, cited id.
type BenchQuery = (
    String,
    Option<&'static str>,
    Option<i32>,
    Option<&'static str>,
);

/// 36 queries: accented, unaccented, phrases, with province, year and cited-id filters.
fn queries() -> Vec<BenchQuery> {
    let words = [
        "trợ giúp pháp lý",
        "tro giup phap ly",
        "truyền thông",
        "truyen thong",
        "người khuyết tật",
        "dân tộc thiểu số",
        "dan toc thieu so",
        "thi đua khen thưởng",
        "chuyển đổi số",
        "chuyen doi so",
        "bầu cử",
        "giảm nghèo",
        "tố tụng",
        "Hội đồng phối hợp liên ngành",
        "cai nghiện ma túy",
        "thủy sản",
        "Đắk Lắk",
        "dak lak",
    ];
    let mut out: Vec<BenchQuery> = Vec::new();
    for w in words {
        out.push((w.to_string(), None, None, None));
    }
    for w in [
        "trợ giúp pháp lý lưu động",
        "tro giup phap ly luu dong",
        "đồng bào dân tộc thiểu số",
        "Hội đồng phối hợp liên ngành",
        "chuyển đổi số",
        "thi đua khen thưởng",
    ] {
        out.push((format!("\"{w}\""), None, None, None));
    }
    for (w, p) in [
        ("truyền thông", "Lạng Sơn"),
        ("tro giup phap ly", "Cà Mau"),
        ("bầu cử", "Quảng Ninh"),
        ("giảm nghèo", "Cần Thơ"),
    ] {
        out.push((w.to_string(), Some(p), None, None));
    }
    for (w, y) in [
        ("trợ giúp pháp lý", 2020),
        ("truyen thong", 2024),
        ("chuyển đổi số", 2025),
        ("tố tụng", 2015),
    ] {
        out.push((w.to_string(), None, Some(y), None));
    }
    for (w, c) in [
        ("trợ giúp pháp lý", "59/2012/QĐ-TTg"),
        ("người khuyết tật", "1190/QĐ-TTg"),
        ("tố tụng", "10/2018/TTLT-BTP-BCA-BQP-BTC-TANDTC-VKSNDTC"),
        ("thi đua", "2437/QĐ-TTg"),
    ] {
        out.push((w.to_string(), None, None, Some(c)));
    }
    out
}

fn percentiles(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(|a, b| a.total_cmp(b));
    let at = |p: f64| v[((v.len() as f64 - 1.0) * p).round() as usize];
    (at(0.50), at(0.95), at(0.99))
}

fn fts_expr(q: &str, fold: bool) -> String {
    let q = if fold {
        kehoach::text::fold(q)
    } else {
        q.to_string()
    };
    let mut parts = Vec::new();
    for (i, chunk) in q.split('"').enumerate() {
        let words: Vec<&str> = chunk
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        if i % 2 == 1 && !words.is_empty() {
            parts.push(format!("\"{}\"", words.join(" ")));
        } else {
            parts.extend(words.iter().map(|w| format!("\"{w}\"")));
        }
    }
    parts.join(" ")
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    // helper modes, run as separate processes so their time and memory are their own
    if args.first().map(String::as_str) == Some("fts5") {
        build_fts5(
            Path::new(&args[1]),
            Path::new(&args[2]),
            args.get(3).is_some_and(|a| a == "folded"),
        );
        return;
    }
    if args.first().map(String::as_str) == Some("bare") {
        build_bare(Path::new(&args[1]), Path::new(&args[2]));
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let reuse = std::env::args().any(|a| a == "--reuse");
    let builds: usize = std::env::args()
        .find_map(|a| a.strip_prefix("--builds=").and_then(|n| n.parse().ok()))
        .unwrap_or(1)
        .max(1);
    if args.first().map(String::as_str) == Some("generate") {
        // only write the corpora (a 100k corpus takes minutes): `-- generate 100000`
        for n in args.iter().filter_map(|a| a.parse::<usize>().ok()) {
            let dir = root.join(format!("target/scale/{n}/plans"));
            if !dir.join("MANIFEST.tsv").exists() {
                let bytes = generate(&dir, n);
                println!("{n} plans, {} MB in {}", bytes >> 20, dir.display());
            }
        }
        return;
    }
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![1000] } else { sizes };
    let kehoach_bin = root.join("target/release/kehoach");
    assert!(
        Command::new("cargo")
            .args(["build", "--release", "--bin", "kehoach"])
            .current_dir(root)
            .status()
            .expect("cargo")
            .success(),
        "build kehoach"
    );
    let me = std::env::current_exe().expect("exe");
    let rg = Command::new("rg").arg("--version").output().is_ok();
    let mut md = String::from("| plans | corpus MB | kehoach index s (RSS MB) | FTS5 s (RSS MB) | FTS5 pre-folded s | bare tantivy s (RSS MB) | index / FTS5 | index / bare | index MB | FTS5 MB | query p50/p95/p99 ms kehoach | FTS5 | p50 ratio | `kehoach search` ms | `rg` ms | rg / search |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    let mut by_kind: Vec<String> = Vec::new();
    let mut by_kind_segments: Vec<String> = Vec::new();
    // build CPU time (user + system), a table of its own
    let mut cpu_rows: Vec<String> = Vec::new();
    // whole-process times against the floor, a table of its own
    let mut process_rows: Vec<String> = Vec::new();
    for n in sizes {
        let base = root.join(format!("target/scale/{n}"));
        let corpus = base.join("plans");
        let bytes = if corpus.join("MANIFEST.tsv").exists() {
            dir_size(&corpus)
        } else {
            generate(&corpus, n)
        };
        let idx = base.join("kehoach-index");
        let db = base.join("fts5.db");
        let dbf = base.join("fts5-folded.db");
        let bare = base.join("bare-index");
        // with --reuse, indexes left by an earlier run are kept (their build
        // columns read NaN) and only the queries are measured again; one this
        // run builds is built again in each round of --builds
        let earlier: Vec<PathBuf> = [
            idx.join("meta.json"),
            db.clone(),
            dbf.clone(),
            bare.join("meta.json"),
        ]
        .into_iter()
        .filter(|p| reuse && p.exists())
        .collect();
        let keep = |p: &Path| earlier.iter().any(|e| e == p);
        // every file read once before the builds, so that each build reads the
        // corpus from the page cache: else the first (kehoach's) reads it from
        // the disk when the cache has dropped it, and the others do not
        // (only when something is built: with --reuse all four may be kept)
        if earlier.len() < 4 {
            let read: u64 = walkdir::WalkDir::new(&corpus)
                .into_iter()
                .flatten()
                .filter(|e| e.file_type().is_file())
                .filter_map(|e| std::fs::read(e.path()).ok())
                .map(|b| b.len() as u64)
                .sum();
            eprintln!(
                "{n} plans: {} MB of corpus read ahead of the builds",
                read >> 20
            );
        }
        // with --builds N the four builds take turns N times: each keeps its
        // fastest wall time and least CPU time (the run least slowed by the
        // shared machine's other work) and its largest peak RSS
        let (mut k, mut f, mut ff, mut b) = (Cost::NONE, Cost::NONE, Cost::NONE, Cost::NONE);
        for round in 1..=builds {
            if !keep(&idx.join("meta.json")) {
                let _ = std::fs::remove_dir_all(&idx);
                let t = timed(
                    Command::new(&kehoach_bin)
                        .arg("index")
                        .arg(&corpus)
                        .arg("--index")
                        .arg(&idx),
                );
                eprintln!(
                    "{n} plans, build {round}/{builds}: kehoach index {:.1} s ({:.1} s CPU)",
                    t.wall, t.cpu
                );
                k.keep_best(t);
            }
            if !keep(&db) {
                let t = timed(Command::new(&me).arg("fts5").arg(&corpus).arg(&db));
                eprintln!(
                    "{n} plans, build {round}/{builds}: FTS5 {:.1} s ({:.1} s CPU)",
                    t.wall, t.cpu
                );
                f.keep_best(t);
            }
            if !keep(&dbf) {
                let t = timed(
                    Command::new(&me)
                        .arg("fts5")
                        .arg(&corpus)
                        .arg(&dbf)
                        .arg("folded"),
                );
                ff.keep_best(t);
            }
            if !keep(&bare.join("meta.json")) {
                let t = timed(Command::new(&me).arg("bare").arg(&corpus).arg(&bare));
                eprintln!(
                    "{n} plans, build {round}/{builds}: bare tantivy {:.1} s ({:.1} s CPU)",
                    t.wall, t.cpu
                );
                b.keep_best(t);
            }
        }
        let (k_s, k_rss, f_s, f_rss, ff_s, b_s, b_rss) =
            (k.wall, k.rss, f.wall, f.rss, ff.wall, b.wall, b.rss);
        cpu_rows.push(format!(
            "| {n} | {:.1} | {:.1} | {:.1} | {:.2} | {:.2} |\n",
            k.cpu,
            f.cpu,
            b.cpu,
            k.cpu / f.cpu,
            k.cpu / b.cpu
        ));

        // in-process query latency: each engine in a phase of its own, one
        // untimed warm-up round (the builds may have pushed its files out of the
        // page cache) and then the timed rounds. Interleaved, FTS5's reads (up to
        // a second a query at 100k) pushed out the pages kehoach's queries had
        // just read, and the other way round.
        let plan_index = kehoach::index::PlanIndex::open(&idx).expect("open");
        let conn = rusqlite::Connection::open(&db).expect("db");
        // the builds' writes reach the disk first, so that no writeback runs
        // under the queries of either engine
        let _ = Command::new("sync").status();
        // times by kind of query: [everything else, quoted phrases]
        let (mut kt, mut ft): ([Vec<f64>; 2], [Vec<f64>; 2]) = Default::default();
        for round in 0..=ROUNDS {
            for (q, prov, year, cites) in queries() {
                let req = SearchRequest {
                    query: q.clone(),
                    provinces: prov.map(|p| vec![p.to_string()]).unwrap_or_default(),
                    years: year.map(|y| (y, y)),
                    cites: cites.map(str::to_string),
                    unit: None,
                    limit: 10,
                };
                let t = Instant::now();
                let _ = plan_index.search(&req).expect("search");
                let k_ms = t.elapsed().as_secs_f64() * 1000.0;
                if round > 0 {
                    kt[usize::from(q.starts_with('"'))].push(k_ms);
                }
            }
        }
        for round in 0..=ROUNDS {
            for (q, prov, year, cites) in queries() {
                let mut sql = String::from("SELECT path FROM plans WHERE plans MATCH ?1");
                if let Some(p) = prov {
                    sql += &format!(" AND province = '{p}'");
                }
                if let Some(y) = year {
                    sql += &format!(" AND year = '{y}'");
                }
                let expr = match cites {
                    Some(c) => format!("{} \"{}\"", fts_expr(&q, false), c.replace('"', "")),
                    None => fts_expr(&q, false),
                };
                sql += " ORDER BY bm25(plans) LIMIT 10";
                let t = Instant::now();
                let mut stmt = conn.prepare_cached(&sql).expect("prepare");
                let rows: Vec<String> = stmt
                    .query_map([expr], |r| r.get(0))
                    .map(|it| it.flatten().collect())
                    .unwrap_or_default();
                let f_ms = t.elapsed().as_secs_f64() * 1000.0;
                if round > 0 {
                    ft[usize::from(q.starts_with('"'))].push(f_ms);
                }
                drop(rows);
            }
        }
        let (k50, k95, k99) = percentiles(kt.concat());
        let (f50, f95, f99) = percentiles(ft.concat());
        let [kw, kp] = kt;
        let [fw, fp] = ft;
        let kinds =
            [("words and filters", kw, fw), ("quoted phrases", kp, fp)].map(|(kind, k, f)| {
                let ((k50, _, k99), (f50, _, f99)) = (percentiles(k), percentiles(f));
                format!(
                    "| {n} | {kind} | {k50:.2}/{k99:.2} | {f50:.2}/{f99:.2} | {:.2} |\n",
                    k50 / f50
                )
            });
        by_kind.extend(kinds);
        let segments = kehoach::index::PlanIndex::open(&idx)
            .and_then(|i| i.searcher())
            .map(|s| s.segment_readers().len())
            .unwrap_or(0);
        by_kind_segments.push(format!("{n} plans: {segments} segments"));

        // whole process: kehoach search against rg over the files
        let phrases = [
            "trợ giúp pháp lý lưu động",
            "đồng bào dân tộc thiểu số",
            "Hội đồng phối hợp liên ngành",
            "thi đua khen thưởng",
            "chuyển đổi số",
        ];
        let mut ks = 0.0;
        let mut rs = 0.0;
        if rg {
            // one untimed scan, so rg reads the files from the page cache as
            // kehoach reads its index
            let _ = Command::new("rg")
                .args(["-l", "-F", phrases[0]])
                .arg(&corpus)
                .output();
        }
        // each process three times, the median kept: a single run mostly
        // measured whether the page cache still held what FTS5 and rg had
        // pushed out
        let median_ms = |runs: usize, cmd: &mut dyn FnMut()| {
            let mut t: Vec<f64> = (0..runs)
                .map(|_| {
                    let start = Instant::now();
                    cmd();
                    start.elapsed().as_secs_f64() * 1000.0
                })
                .collect();
            t.sort_by(|a, b| a.total_cmp(b));
            t[runs / 2]
        };
        for p in phrases {
            ks += median_ms(3, &mut || {
                let _ = Command::new(&kehoach_bin)
                    .args(["search", &format!("\"{p}\""), "--limit", "10", "--index"])
                    .arg(&idx)
                    .output();
            });
            if rg {
                rs += median_ms(3, &mut || {
                    let _ = Command::new("rg")
                        .args(["-l", "-F", p])
                        .arg(&corpus)
                        .output();
                });
            }
        }
        let (ks, rs) = (ks / phrases.len() as f64, rs / phrases.len() as f64);
        // the floor of a whole process here: one that does nothing, and
        // kehoach's own start and exit, started as the searches are
        let floor = median_ms(21, &mut || {
            let _ = Command::new("true").output();
        });
        let start = median_ms(21, &mut || {
            let _ = Command::new(&kehoach_bin).arg("--version").output();
        });
        let or_na = |v: String| if rg { v } else { "n/a".to_string() };
        process_rows.push(format!(
            "| {n} | {ks:.2} | {start:.2} | {floor:.2} | {} | {} | {} |\n",
            or_na(format!("{rs:.1}")),
            or_na(format!("{:.1}", rs / ks)),
            or_na(format!("{:.1}", rs / floor)),
        ));
        let mb = |b: u64| b as f64 / 1_048_576.0;
        md += &format!(
            "| {n} | {:.0} | {k_s:.1} ({:.0}) | {f_s:.1} ({:.0}) | {ff_s:.1} | {b_s:.1} ({:.0}) | {:.2} | {:.2} | {:.0} | {:.0} | {k50:.2}/{k95:.2}/{k99:.2} | {f50:.2}/{f95:.2}/{f99:.2} | {:.2} | {ks:.0} | {} | {} |\n",
            mb(bytes),
            k_rss as f64 / 1024.0,
            f_rss as f64 / 1024.0,
            b_rss as f64 / 1024.0,
            k_s / f_s,
            k_s / b_s,
            mb(dir_size(&idx)),
            mb(std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0)),
            k50 / f50,
            if rg { format!("{rs:.0}") } else { "n/a (no rg)".into() },
            if rg { format!("{:.1}", rs / ks) } else { "n/a".into() },
        );
        println!("{md}");
    }
    md += "\n| plans | kehoach index CPU s | FTS5 CPU s | bare tantivy CPU s | index / FTS5 (CPU) | index / bare (CPU) |\n|---|---|---|---|---|---|\n";
    for row in cpu_rows {
        md += &row;
    }
    md += "\n| plans | `kehoach search` ms | `kehoach --version` ms | `true` ms | `rg` ms | rg / search | rg / true (the most any process can reach) |\n|---|---|---|---|---|---|---|\n";
    for row in process_rows {
        md += &row;
    }
    md += "\n| plans | queries | kehoach p50/p99 ms | FTS5 p50/p99 ms | p50 ratio |\n|---|---|---|---|---|\n";
    for row in by_kind {
        md += &row;
    }
    md += &format!("\nkehoach index: {}\n", by_kind_segments.join(", "));
    println!("{md}");
    let out = root.join("target/scale/results.md");
    std::fs::write(&out, &md).expect("write results");
    println!("written to {}", out.display());
}
