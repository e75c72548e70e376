//! Parsing throughput on the bundled corpus, beside a peer measured in the same run:
//! a bare NFC pass over the same bytes (what reading the text costs at least), so the
//! parser's cost can be read as a ratio on this shared, noisy machine.
//!
//! Run: `cargo bench --bench parse`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use unicode_normalization::UnicodeNormalization;

fn corpus() -> Vec<(&'static str, String)> {
    kehoach::corpus::FILES
        .iter()
        .map(|(p, t)| (*p, kehoach::text::normalize(t)))
        .collect()
}

fn bench(c: &mut Criterion) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(|(_, t)| t.len()).sum();
    let mut g = c.benchmark_group("corpus");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("peer: nfc pass", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(_, t)| t.nfc().filter(|c| c.is_alphabetic()).count())
                .sum::<usize>()
        })
    });
    g.bench_function("kehoach: normalize", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(_, t)| kehoach::text::normalize(black_box(t)).len())
                .sum::<usize>()
        })
    });
    g.bench_function("kehoach: parse", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(p, t)| kehoach::parse::parse(p, black_box(t)).tasks.len())
                .sum::<usize>()
        })
    });
    g.bench_function("kehoach: citations only", |b| {
        b.iter(|| {
            docs.iter()
                .flat_map(|(_, t)| t.lines())
                .map(|l| kehoach::parse::citation::find(black_box(l), Some(2024)).len())
                .sum::<usize>()
        })
    });
    g.finish();
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
