//! Query latency on a prepared index, beside a peer measured in the same run:
//! a bare tantivy term query on the same index (what any search costs at
//! least), so kehoach's query building, ranking, section choice and snippets
//! can be read as a ratio.
//!
//! The index holds the generated corpus of `cargo bench --bench scale -- generate
//! 1000` (target/scale/1000/plans) when it exists, else the bundled corpus. It
//! is built once, in a temporary folder, before timing.
//!
//! Run: `cargo bench --bench query`.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};
use kehoach::index::PlanIndex;
use kehoach::search::SearchRequest;
use std::hint::black_box;
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

/// The allocator of the `kehoach` binary, so that queries are measured as they run there.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn corpus() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let generated = root.join("target/scale/1000/plans");
    if generated.join("MANIFEST.tsv").exists() {
        generated
    } else {
        root.join("corpus")
    }
}

fn prepared(dir: &Path) -> PlanIndex {
    let idx = PlanIndex::open_or_create(dir, true).expect("index");
    let mut session = idx.session().expect("session");
    kehoach::load::for_each(&[corpus()], Default::default(), |_, o| {
        if let kehoach::load::Outcome::Parsed { plan, text } = o {
            session.add(&plan, &text).expect("add");
        }
    });
    session.finish().expect("finish");
    PlanIndex::open(dir).expect("open")
}

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("tmp");
    let idx = prepared(tmp.path());
    let searcher = idx.searcher().expect("searcher");
    let mut g = c.benchmark_group(format!("query ({} plans)", searcher.num_docs()));
    g.bench_function("peer: bare term query, top 10", |b| {
        let q = TermQuery::new(
            Term::from_field_text(idx.fields.body_folded, "khuyet"),
            IndexRecordOption::WithFreqs,
        );
        b.iter(|| {
            searcher
                .search(black_box(&q), &TopDocs::with_limit(10).order_by_score())
                .expect("search")
                .len()
        })
    });
    for (name, query, province) in [
        ("one word", "khuyết", None),
        ("accented words", "người khuyết tật", None),
        ("unaccented words", "nguoi khuyet tat", None),
        ("phrase", "\"trợ giúp pháp lý lưu động\"", None),
        ("words + province", "truyền thông", Some("Lạng Sơn")),
    ] {
        let req = SearchRequest {
            query: query.into(),
            provinces: province.map(|p| vec![p.to_string()]).unwrap_or_default(),
            limit: 10,
            ..Default::default()
        };
        g.bench_function(format!("kehoach: {name}, top 10 with snippets"), |b| {
            b.iter(|| idx.search(black_box(&req)).expect("search").len())
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
