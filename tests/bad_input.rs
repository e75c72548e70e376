//! Inputs that are not plans, and plans that push the limits: each gets a clear
//! message naming the file, the run goes on, the report accounts for every file
//! found, and nothing panics. Large inputs are generated here, not committed.

use std::io::Write;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn kehoach(home: &Path) -> Command {
    let mut c = Command::cargo_bin("kehoach").expect("binary");
    c.current_dir(root())
        .env("KEHOACH_HOME", home)
        .env_remove("KEHOACH_INDEX");
    c
}

/// The folder of bad inputs, beside one good plan.
fn bad_folder(dir: &Path) {
    std::fs::copy(
        root().join("corpus/001_dca78a3686bbf202.txt"),
        dir.join("good.txt"),
    )
    .expect("copy");
    std::fs::write(dir.join("empty.txt"), b"").expect("write");
    std::fs::copy(
        root().join("fixtures/bad/binary.txt"),
        dir.join("binary.txt"),
    )
    .expect("copy");
    std::fs::write(
        dir.join("nul.txt"),
        b"K\xe1\xba\xbf ho\xe1\xba\xa1ch\x00 s\xe1\xbb\x91 12",
    )
    .expect("write");
    std::fs::write(
        dir.join("invalid.txt"),
        b"\x81\x8d\x8f qz\x9d\x90 xq\x8d\xff\xfe",
    )
    .expect("write");
    // a 100 MB text file, over the default 64 MiB limit
    let mut big = std::fs::File::create(dir.join("big.txt")).expect("create");
    let chunk = std::fs::read(root().join("corpus/002_e3ffd142f99f9744.txt")).expect("read");
    let mut written = 0usize;
    while written < 100 * 1024 * 1024 {
        big.write_all(&chunk).expect("write");
        written += chunk.len();
    }
    // a single 10 MB line
    let line = String::from_utf8(chunk.clone())
        .expect("utf-8")
        .replace('\n', " ");
    let mut long = String::new();
    while long.len() < 10 * 1024 * 1024 {
        long.push_str(&line);
    }
    std::fs::write(dir.join("longline.txt"), long).expect("write");
    // 10,000 nested numbered headings, and one absurdly deep label
    let mut nested = String::from("KẾ HOẠCH\nI. MỤC ĐÍCH\n");
    for i in 0..10_000 {
        let depth = i % 50 + 1;
        nested.push_str(&vec!["1"; depth].join("."));
        nested.push_str(&format!(". Mục {i}\n"));
    }
    nested.push_str(&vec!["1"; 5000].join("."));
    nested.push_str(". Sâu\n");
    std::fs::write(dir.join("nested.txt"), nested).expect("write");
    // an unreadable file: permissions for users, a file that fails on read for root
    let unreadable = dir.join("unreadable.txt");
    std::fs::write(&unreadable, "Kế hoạch").expect("write");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&unreadable, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read(&unreadable).is_ok() {
        // running as root: permissions do not stop us, /proc/self/mem does
        std::fs::remove_file(&unreadable).expect("rm");
        std::os::unix::fs::symlink("/proc/self/mem", &unreadable).expect("symlink");
    }
    // a symlink loop and a dangling symlink
    std::os::unix::fs::symlink(".", dir.join("loop")).expect("symlink");
    std::os::unix::fs::symlink("nowhere.txt", dir.join("dangling.txt")).expect("symlink");
}

#[test]
fn every_bad_input_is_named_with_its_reason_and_accounted_for() {
    let home = tempfile::tempdir().expect("tmp");
    let dir = tempfile::tempdir().expect("tmp");
    bad_folder(dir.path());
    let idx = home.path().join("idx");
    let report = home.path().join("report.json");
    let out = kehoach(home.path())
        .arg("index")
        .arg(dir.path())
        .arg("--index")
        .arg(&idx)
        .arg("--report")
        .arg(&report)
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for (file, reason) in [
        ("empty.txt", "not a plan text: empty file"),
        ("binary.txt", "not a plan text: binary data (NUL byte"),
        (
            "nul.txt",
            "not a plan text: binary data (NUL byte at offset",
        ),
        ("invalid.txt", "not a plan text: not valid UTF-8"),
        ("big.txt", "too large (104"),
        ("unreadable.txt", "unreadable:"),
        ("loop", "symlink loop"),
        ("dangling.txt", "dangling symlink"),
    ] {
        let line = err
            .lines()
            .find(|l| l.contains(file))
            .unwrap_or_else(|| panic!("no message for {file}:\n{err}"));
        assert!(line.contains(reason), "{file}: {line}");
    }
    assert!(!err.contains("panicked"), "{err}");
    let r: Value =
        serde_json::from_str(&std::fs::read_to_string(&report).expect("report")).expect("json");
    let n = |k: &str| r[k].as_u64().unwrap_or(0);
    assert_eq!(
        n("found"),
        n("parsed") + n("parsed_with_warnings") + n("skipped") + n("failed")
    );
    assert_eq!(
        n("found"),
        r["files"].as_array().map(Vec::len).unwrap_or(0) as u64
    );
    assert_eq!(
        n("parsed") + n("parsed_with_warnings"),
        3,
        "good, longline and nested parse: {r}"
    );
    assert_eq!(n("skipped"), 8);
    assert_eq!(n("failed"), 0);
    let nested = r["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap_or("").ends_with("nested.txt"))
        .expect("nested");
    assert!(nested["status"]
        .as_str()
        .unwrap_or("")
        .starts_with("parsed"));
    // the index answers for what was indexed
    let out = kehoach(home.path())
        .args(["search", "kỷ niệm", "--json", "--index"])
        .arg(&idx)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let hits: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(hits.as_array().is_some_and(|h| h
        .iter()
        .any(|x| x["path"].as_str().unwrap_or("").ends_with("good.txt"))));
    // and the deep outline survived the round trip through the stored plan
    let out = kehoach(home.path())
        .args(["search", "Sâu OR Mục", "--json", "--index"])
        .arg(&idx)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A home folder, and a folder holding one good plan.
fn home_and_good_plan() -> (tempfile::TempDir, tempfile::TempDir) {
    let home = tempfile::tempdir().expect("tmp");
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::copy(
        root().join("corpus/001_dca78a3686bbf202.txt"),
        dir.path().join("good.txt"),
    )
    .expect("copy");
    (home, dir)
}

#[test]
fn export_accounts_the_same_way() {
    let (home, dir) = home_and_good_plan();
    std::fs::write(dir.path().join("empty.txt"), b"").expect("write");
    let out = kehoach(home.path())
        .arg("export")
        .arg(dir.path())
        .args(["--format", "ndjson"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("found 2 files: 1 parsed (0 with warnings), 1 skipped, 0 failed"));
}

#[test]
fn a_report_that_cannot_be_written_stops_the_run_before_it_starts() {
    let (home, dir) = home_and_good_plan();
    let report = home.path().join("no-such-folder/report.json");
    let out = kehoach(home.path())
        .arg("export")
        .arg(dir.path())
        .args(["--format", "ndjson", "--report"])
        .arg(&report)
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("no-such-folder/report.json"), "{err}");
    // nothing was exported: the error came first
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!err.contains("found 1 files"), "{err}");
}

#[test]
fn a_damaged_index_names_the_rebuild() {
    let home = tempfile::tempdir().expect("tmp");
    let idx = home.path().join("idx");
    kehoach(home.path())
        .arg("index")
        .arg("corpus")
        .arg("--index")
        .arg(&idx)
        .assert()
        .success();
    std::fs::write(idx.join("meta.json"), b"{ not json").expect("damage");
    let out = kehoach(home.path())
        .args(["search", "trợ giúp", "--index"])
        .arg(&idx)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("damaged") && err.contains("kehoach index --rebuild"),
        "{err}"
    );
    kehoach(home.path())
        .arg("index")
        .arg("corpus")
        .arg("--index")
        .arg(&idx)
        .arg("--rebuild")
        .assert()
        .success();
    let out = kehoach(home.path())
        .args(["search", "trợ giúp", "--index"])
        .arg(&idx)
        .output()
        .expect("runs");
    assert!(out.status.success());
}

#[test]
fn bad_queries_never_panic() {
    let home = tempfile::tempdir().expect("tmp");
    for q in [
        "",
        "   ",
        "\"",
        "(((",
        ")",
        "AND",
        "OR OR",
        "year:abc",
        "foo:bar",
        "province:",
        "\"\"",
        "*",
        "~2",
        "^3",
        "a:b:c",
    ] {
        let out = kehoach(home.path())
            .args(["search", q])
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{q:?}: {err}");
        assert!(
            out.status.code() == Some(0)
                || (out.status.code() == Some(2) && err.contains("bad query")),
            "{q:?}: {err}"
        );
    }
    for limit in ["0", "1000000000", "-1", "x"] {
        let out = kehoach(home.path())
            .args(["search", "x", "--limit", limit])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "--limit {limit}");
    }
}
