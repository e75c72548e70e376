//! Run a few queries many times against an index and print each one's mean
//! time (for profiling search): `cargo run --release --example query_loop -- INDEX_DIR 20 [QUERY...]`.

/// The allocator of the `kehoach` binary, so that queries are timed as they run there.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("index dir"));
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);
    let idx = kehoach::index::PlanIndex::open(&dir).expect("open");
    let mut queries: Vec<String> = args.collect();
    if queries.is_empty() {
        queries = [
            "trợ giúp pháp lý",
            "tro giup phap ly",
            "\"chuyển đổi số\"",
            "\"trợ giúp pháp lý lưu động\"",
            "\"đồng bào dân tộc thiểu số\"",
            "người khuyết tật",
            "thi đua khen thưởng",
            "bầu cử",
        ]
        .map(String::from)
        .to_vec();
    }
    let mut total = vec![std::time::Duration::ZERO; queries.len()];
    let mut n = 0;
    for _ in 0..rounds {
        for (q, t) in queries.iter().zip(total.iter_mut()) {
            let req = kehoach::search::SearchRequest {
                query: q.to_string(),
                limit: 10,
                ..Default::default()
            };
            let start = std::time::Instant::now();
            n += idx.search(&req).expect("search").len();
            *t += start.elapsed();
        }
    }
    for (q, t) in queries.iter().zip(&total) {
        println!("{:>8.2} ms  {q}", t.as_secs_f64() * 1000.0 / rounds as f64);
    }
    println!("{n} hits");
}
