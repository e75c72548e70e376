//! Interrupting `kehoach index` (SIGKILL) at any moment leaves an index that opens
//! and answers queries as of its last commit; rerunning completes it with exactly
//! one document per file. A second writer is told the index is locked, and
//! searches work while a run is in progress.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("kehoach")
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `n` distinct plans made from the seeds (each with its own number line).
fn plans(dir: &Path, n: usize) {
    let seeds: Vec<PathBuf> = std::fs::read_dir(root().join("corpus"))
        .expect("corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    for i in 0..n {
        let text = std::fs::read_to_string(&seeds[i % seeds.len()]).expect("seed");
        std::fs::write(
            dir.join(format!("plan-{i:04}.txt")),
            format!("{text}\nMã hồ sơ lưu trữ {i}\n"),
        )
        .expect("write");
    }
}

fn index_cmd(dir: &Path, idx: &Path) -> Command {
    let mut c = Command::new(bin());
    c.arg("index")
        .arg(dir)
        .arg("--index")
        .arg(idx)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

fn info(idx: &Path) -> Option<Value> {
    let out = Command::new(bin())
        .args(["info", "--json", "--index"])
        .arg(idx)
        .output()
        .expect("runs");
    out.status
        .success()
        .then(|| serde_json::from_slice(&out.stdout).expect("json"))
}

/// A tiny deterministic generator for the kill times (no clock, no crate).
fn lcg(seed: &mut u64) -> u64 {
    *seed = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    *seed >> 33
}

#[test]
fn killed_runs_leave_a_usable_index_and_reruns_complete_it() {
    let work = tempfile::tempdir().expect("tmp");
    let dir = work.path().join("plans");
    std::fs::create_dir(&dir).expect("mkdir");
    plans(&dir, 300);
    let idx = work.path().join("idx");

    // time one full run to choose kill points inside it
    let t = Instant::now();
    let probe = work.path().join("probe");
    assert!(index_cmd(&dir, &probe).status().expect("runs").success());
    let full = t.elapsed().as_millis() as u64;

    let mut seed = 0x5eed_u64;
    for round in 0..5 {
        let at = 5 + lcg(&mut seed) % full.max(10);
        let mut child: Child = index_cmd(&dir, &idx).spawn().expect("spawn");
        std::thread::sleep(Duration::from_millis(at));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        if idx.join("meta.json").exists() {
            let v = info(&idx).unwrap_or_else(|| {
                panic!("round {round}: the index does not open after a kill at {at} ms")
            });
            let n = v["plans"].as_u64().unwrap_or(0);
            let out = Command::new(bin())
                .args(["search", "trợ giúp pháp lý", "--json", "--index"])
                .arg(&idx)
                .output()
                .expect("runs");
            assert!(
                out.status.success(),
                "round {round}: search fails after a kill at {at} ms: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            println!("round {round}: killed at {at} ms of ~{full} ms; {n} plans committed");
        } else {
            println!("round {round}: killed at {at} ms, before the index was created");
        }
    }
    let out = index_cmd(&dir, &idx).output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = info(&idx).expect("opens");
    let paths: Vec<&str> = v["paths"]
        .as_array()
        .expect("paths")
        .iter()
        .filter_map(|p| p.as_str())
        .collect();
    assert_eq!(paths.len(), 300, "exactly one document per file");
    let mut unique = paths.clone();
    unique.dedup();
    assert_eq!(unique.len(), 300);
}

/// Whether process `pid` holds a lock on the index's writer lock file, as
/// `/proc/locks` lists them ("1: FLOCK ADVISORY WRITE PID MAJ:MIN:INODE 0 EOF").
fn holds_writer_lock(pid: u32, idx: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Ok(meta) = std::fs::metadata(idx.join(".tantivy-writer.lock")) else {
        return false;
    };
    let locks = std::fs::read_to_string("/proc/locks").expect("/proc/locks");
    let (pid, inode) = (pid.to_string(), meta.ino().to_string());
    locks.lines().any(|l| {
        let f: Vec<&str> = l.split_whitespace().collect();
        f.get(4) == Some(&pid.as_str())
            && f.get(5).and_then(|d| d.rsplit(':').next()) == Some(inode.as_str())
    })
}

#[test]
fn a_second_writer_is_told_the_index_is_locked_and_search_still_works() {
    let work = tempfile::tempdir().expect("tmp");
    let dir = work.path().join("plans");
    std::fs::create_dir(&dir).expect("mkdir");
    plans(&dir, 600);
    let idx = work.path().join("idx");
    assert!(index_cmd(&root().join("corpus"), &idx)
        .status()
        .expect("runs")
        .success());
    let mut first = index_cmd(&dir, &idx).spawn().expect("spawn");
    // once the kernel's table of file locks shows the first run holding the
    // writer's lock file (the file itself proves nothing: it outlives runs)
    let start = Instant::now();
    let mut saw_lock = false;
    while start.elapsed() < Duration::from_secs(60) {
        if first.try_wait().expect("wait").is_some() {
            break;
        }
        if !holds_writer_lock(first.id(), &idx) {
            std::thread::sleep(Duration::from_millis(5));
            continue;
        }
        let second = index_cmd(&root().join("corpus"), &idx)
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&second.stderr);
        assert!(err.contains("is locked"), "second writer: {err}");
        assert_eq!(second.status.code(), Some(2));
        saw_lock = true;
        let search = Command::new(bin())
            .args(["search", "trợ giúp", "--json", "--index"])
            .arg(&idx)
            .output()
            .expect("runs");
        assert!(
            search.status.success(),
            "search during indexing: {}",
            String::from_utf8_lossy(&search.stderr)
        );
        break;
    }
    let status = first.wait().expect("wait");
    assert!(status.success());
    assert!(saw_lock, "never saw the lock while the first run was going");
}

#[test]
fn a_run_killed_while_creating_the_index_does_not_block_the_next() {
    // what a kill between tantivy's first files and its meta.json leaves behind:
    // our marker, tantivy's bookkeeping, no meta.json
    let work = tempfile::tempdir().expect("tmp");
    let idx = work.path().join("idx");
    std::fs::create_dir(&idx).expect("mkdir");
    std::fs::write(
        idx.join("kehoach-index.json"),
        r#"{"tool":"kehoach","schema_version":0}"#,
    )
    .expect("marker");
    std::fs::write(idx.join(".managed.json"), "[]").expect("managed");
    let out = index_cmd(&root().join("corpus"), &idx)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(info(&idx).expect("opens")["plans"].as_u64(), Some(5));

    // a folder that is not ours is never cleared
    let other = work.path().join("other");
    std::fs::create_dir(&other).expect("mkdir");
    std::fs::write(other.join("notes.txt"), "mine").expect("write");
    let out = index_cmd(&root().join("corpus"), &other)
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(other.join("notes.txt").exists());
}
