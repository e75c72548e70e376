//! Run a few queries many times against an index (for profiling search):
//! `cargo run --release --example query_loop -- INDEX_DIR 20`.
fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("index dir"));
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);
    let idx = kehoach::index::PlanIndex::open(&dir).expect("open");
    let queries = [
        "trợ giúp pháp lý",
        "tro giup phap ly",
        "\"chuyển đổi số\"",
        "người khuyết tật",
        "thi đua khen thưởng",
        "bầu cử",
    ];
    let mut n = 0;
    for _ in 0..rounds {
        for q in queries {
            let req = kehoach::search::SearchRequest {
                query: q.into(),
                limit: 10,
                ..Default::default()
            };
            n += idx.search(&req).expect("search").len();
        }
    }
    println!("{n} hits");
}
