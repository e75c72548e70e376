//! Parse the bundled corpus many times (for profiling the parser):
//! `cargo run --release --example parse_corpus -- 50`.
fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let docs: Vec<(&str, String)> = kehoach::corpus::FILES
        .iter()
        .map(|(p, t)| (*p, kehoach::text::normalize(t)))
        .collect();
    let mut tasks = 0;
    for _ in 0..n {
        for (p, t) in &docs {
            tasks += kehoach::parse::parse(p, t).tasks.len();
        }
    }
    println!("{tasks} tasks");
}
