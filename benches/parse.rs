//! Decoding and parsing throughput, beside a peer measured in the same run: a
//! bare NFC pass over the same text (what reading the text costs at least), so
//! the parser's cost can be read as a ratio on this shared, noisy machine.
//!
//! The texts are the first 200 plans of the generated corpus
//! (`cargo bench --bench scale -- generate 1000`, target/scale/1000/plans) when it
//! exists, else the bundled corpus. Throughput is in bytes of text per second;
//! "parse, per plan" times one plan of median size; "analyse" runs the index's
//! two word analyzers over every text.
//!
//! Run: `cargo bench --bench parse`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use unicode_normalization::UnicodeNormalization;

/// The allocator of the `kehoach` binary, so that parsing is measured as it runs there.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// (path, raw bytes, normalised text) of each plan.
fn corpus() -> (String, Vec<(String, Vec<u8>, String)>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/scale/1000/plans");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files.truncate(200);
    let raw: Vec<(String, Vec<u8>)> = if files.is_empty() {
        kehoach::corpus::FILES
            .iter()
            .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
            .collect()
    } else {
        files
            .iter()
            .filter_map(|p| Some((p.display().to_string(), std::fs::read(p).ok()?)))
            .collect()
    };
    let label = if files.is_empty() {
        "bundled corpus".to_string()
    } else {
        format!("{} generated plans", raw.len())
    };
    let docs = raw
        .into_iter()
        .map(|(p, b)| {
            let t = kehoach::text::normalize(&String::from_utf8_lossy(&b));
            (p, b, t)
        })
        .collect();
    (label, docs)
}

fn bench(c: &mut Criterion) {
    let (label, docs) = corpus();
    let bytes: usize = docs.iter().map(|(_, _, t)| t.len()).sum();
    let mut g = c.benchmark_group(label);
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("peer: nfc pass", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(_, _, t)| t.nfc().filter(|c| c.is_alphabetic()).count())
                .sum::<usize>()
        })
    });
    g.bench_function("kehoach: decode + normalise", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(p, raw, _)| {
                    kehoach::ingest::decode(p, black_box(raw))
                        .map(|s| s.text.len())
                        .unwrap_or(0)
                })
                .sum::<usize>()
        })
    });
    g.bench_function("kehoach: parse", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(p, _, t)| kehoach::parse::parse(p, black_box(t)).tasks.len())
                .sum::<usize>()
        })
    });
    // the analyzers the index runs over every plan's text (body, body_folded;
    // the pair field reads the folded terms again)
    g.bench_function("kehoach: analyse, folded and exact terms", |b| {
        use tantivy::tokenizer::{TokenStream, Tokenizer};
        let mut folded = kehoach::analysis::VietTokenizer { folded: true };
        let mut exact = kehoach::analysis::VietTokenizer { folded: false };
        b.iter(|| {
            let mut n = 0usize;
            for (_, _, t) in &docs {
                for tok in [&mut folded, &mut exact] {
                    let mut stream = tok.token_stream(black_box(t));
                    while stream.advance() {
                        n += stream.token().text.len();
                    }
                }
            }
            n
        })
    });
    g.bench_function("kehoach: citations only", |b| {
        b.iter(|| {
            docs.iter()
                .flat_map(|(_, _, t)| t.lines())
                .map(|l| kehoach::parse::citation::find(black_box(l), Some(2024)).len())
                .sum::<usize>()
        })
    });
    g.bench_function("kehoach: deadlines only (task field values)", |b| {
        b.iter(|| {
            docs.iter()
                .flat_map(|(_, _, t)| t.lines())
                .filter(|l| l.contains("Thời gian") || l.contains("thời gian"))
                .filter_map(|l| l.split_once(':').map(|(_, v)| v))
                .filter(|v| {
                    kehoach::parse::deadline::parse(black_box(v), Some(2024))
                        .start
                        .is_some()
                })
                .count()
        })
    });
    g.finish();

    let mut sizes: Vec<&(String, Vec<u8>, String)> = docs.iter().collect();
    sizes.sort_by_key(|(_, _, t)| t.len());
    let (p, _, t) = sizes[sizes.len() / 2];
    let mut one = c.benchmark_group("one plan of median size");
    one.throughput(Throughput::Bytes(t.len() as u64));
    one.bench_function("kehoach: parse, per plan", |b| {
        b.iter(|| kehoach::parse::parse(p, black_box(t)).tasks.len())
    });
    one.finish();
    c.bench_function(
        "deadline: Từ tháng 01/2022 đến hết 15/9/2022",
        |b| {
            b.iter(|| {
                kehoach::parse::deadline::parse(
                    black_box("Từ tháng 01/2022 đến hết 15/9/2022"),
                    Some(2022),
                )
            })
        },
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
