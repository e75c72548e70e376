//! Parse plans many times (for profiling and timing the parser).
//!
//! `cargo run --release --example parse_corpus -- 50`: the bundled corpus, 50 rounds.
//! `cargo run --release --example parse_corpus -- 3 target/scale/1000/plans`: every
//! `.txt`/`.md` file under a folder, 3 rounds.
//!
//! Files are read and normalised (`kehoach::text::normalize`) before the clock
//! starts; only the `kehoach::parse::parse` loop is timed, on this one thread, and
//! its throughput printed in MB/s (10^6 bytes of normalised text per second), by
//! the wall clock and, on Linux, by the thread's own CPU time.
use std::time::Instant;

/// The allocator of the `kehoach` binary, so that parsing is timed as it runs there.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let docs: Vec<(String, String)> = match args.next() {
        None => kehoach::corpus::FILES
            .iter()
            .map(|(p, t)| (p.to_string(), kehoach::text::normalize(t)))
            .collect(),
        Some(dir) => read_dir(&dir),
    };
    let bytes: usize = docs.iter().map(|(_, t)| t.len()).sum();
    let mut tasks = 0;
    let cpu0 = thread_cpu_ns();
    let start = Instant::now();
    for _ in 0..n {
        for (p, t) in &docs {
            tasks += kehoach::parse::parse(p, t).tasks.len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let total = (bytes * n) as f64;
    // on a shared machine the thread's own CPU time is the steadier measure
    let cpu = match (cpu0, thread_cpu_ns()) {
        (Some(a), Some(b)) => {
            let cpu_secs = (b - a) as f64 / 1e9;
            format!("; CPU {cpu_secs:.3} s: {:.1} MB/s", total / cpu_secs / 1e6)
        }
        _ => String::new(),
    };
    println!(
        "{tasks} tasks; {} files, {:.1} MB x {n} rounds in {secs:.3} s: {:.1} MB/s{cpu}",
        docs.len(),
        bytes as f64 / 1e6,
        total / secs / 1e6
    );
}

/// Time this thread has spent on a CPU, in nanoseconds (Linux only).
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

/// Every plan text under `dir` (`.txt` and `.md`), sorted by path, normalised.
fn read_dir(dir: &str) -> Vec<(String, String)> {
    let mut paths: Vec<std::path::PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "md"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let raw = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let text = String::from_utf8_lossy(&raw);
            (p.display().to_string(), kehoach::text::normalize(&text))
        })
        .collect()
}
