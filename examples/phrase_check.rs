//! Check that quoted-phrase searches, which look plans up by their word pairs
//! first, rank as the full query does on a whole index:
//! `cargo run --release --example phrase_check -- INDEX_DIR [QUERY...]`.
//! Prints each query whose top 10 scores differ from the full query's.
use tantivy::collector::TopDocs;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("index dir"));
    let idx = kehoach::index::PlanIndex::open(&dir).expect("open");
    let searcher = idx.searcher().expect("searcher");
    let mut queries: Vec<String> = args.collect();
    if queries.is_empty() {
        queries = std::io::stdin()
            .lines()
            .map_while(Result::ok)
            .filter(|l| !l.trim().is_empty())
            .collect();
    }
    let (mut same, mut differ) = (0, 0);
    for q in &queries {
        let req = kehoach::search::SearchRequest {
            query: q.clone(),
            limit: 10,
            ..Default::default()
        };
        let full = idx.query(&req).expect("query");
        let want: Vec<String> = searcher
            .search(&full, &TopDocs::with_limit(10).order_by_score())
            .expect("search")
            .iter()
            .map(|(s, _)| format!("{s:.4}"))
            .collect();
        let got: Vec<String> = idx
            .search(&req)
            .expect("search")
            .iter()
            .map(|h| format!("{:.4}", h.score))
            .collect();
        if got == want {
            same += 1;
        } else {
            differ += 1;
            println!("{q}\n  full:  {want:?}\n  pairs: {got:?}");
        }
    }
    println!("{same} queries rank as the full query, {differ} differ");
}
