//! The `kehoach` binary, run as a user would: export, search, show and index,
//! with bad inputs beside good ones. Every test uses its own index folder
//! (KEHOACH_HOME) so tests never share state.

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

/// Run the binary with `args` in its own home and collect its output.
fn run(home: &Path, args: &[&str]) -> std::process::Output {
    kehoach(home).args(args).output().expect("runs")
}

/// The hits `kehoach ARGS` prints as a JSON array; the run must succeed.
fn json_hits(home: &Path, args: &[&str]) -> Vec<Value> {
    let out = run(home, args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    v.as_array().expect("array").clone()
}

fn ndjson(out: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

fn by_suffix<'a>(plans: &'a [Value], name: &str) -> &'a Value {
    plans
        .iter()
        .find(|p| p["path"].as_str().is_some_and(|s| s.ends_with(name)))
        .expect("plan present")
}

fn search_paths(home: &Path, args: &[&str]) -> Vec<String> {
    let out = kehoach(home)
        .arg("search")
        .args(args)
        .arg("--json")
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "search {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("--json output parses as JSON");
    v.as_array()
        .expect("array")
        .iter()
        .map(|h| h["path"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn export_ndjson_gives_five_records_with_the_required_values() {
    let home = tempfile::tempdir().expect("tmp");
    let out = run(home.path(), &["export", "corpus", "--format", "ndjson"]);
    assert!(out.status.success());
    let plans = ndjson(&out.stdout);
    assert_eq!(plans.len(), 5);

    let nt = by_suffix(&plans, "001_dca78a3686bbf202.txt");
    assert_eq!(nt["doc_number"], "225/KH-STP");
    assert_eq!(nt["issue_date"], "2022-01-28");
    assert_eq!(nt["signer"], "Lê Quyện");
    let basis = nt["citations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "1918/QĐ-BTP")
        .expect("1918/QĐ-BTP");
    assert_eq!(
        (basis["role"].as_str(), basis["date"].as_str()),
        (Some("basis"), Some("2021-12-28"))
    );
    let json = nt.to_string();
    for p in ["II.1.1", "II.1.2", "II.3.1", "II.3.2"] {
        assert!(json.contains(&format!("\"path\":\"{p}\"")), "section {p}");
    }

    let bg = by_suffix(&plans, "000_881b76a6091c910b.txt");
    assert!(bg["doc_number"].is_null());
    assert_eq!(bg["doc_symbol"], "KH-STP");
    assert_eq!(bg["issue_date"], "2024-02");
    let ids: Vec<&str> = bg["citations"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    for id in [
        "1190/QĐ-TTg",
        "39-CT/TW",
        "753/QĐ-TTg",
        "5803/KH-UBND",
        "37/KH-UBND",
    ] {
        assert!(ids.contains(&id), "Bắc Giang cites {id}");
    }
    let q2 = bg["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["section"] == "II.2" && t["deadline"]["raw"] == "Quý II năm 2024")
        .expect("task under II.2 due in Q2 2024");
    assert_eq!(
        (
            q2["deadline"]["start"].as_str(),
            q2["deadline"]["end"].as_str()
        ),
        (Some("2024-04-01"), Some("2024-06-30"))
    );

    let cm = by_suffix(&plans, "002_e3ffd142f99f9744.txt");
    assert_eq!(cm["doc_number"], "122/KH-UBND");
    assert_eq!(cm["issue_date"], "2023-05-22");
    assert!(cm
        .to_string()
        .contains("\"id\":\"10/2018/TTLT-BTP-BCA-BQP-BTC-TANDTC-VKSNDTC\""));

    let ls = by_suffix(&plans, "004_dd75987647f2469e.txt");
    assert_eq!(
        (ls["period"]["start"].as_i64(), ls["period"]["end"].as_i64()),
        (Some(2013), Some(2020))
    );
    let part2 = ls["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["path"] == "II")
        .expect("part II");
    let acts: Vec<&str> = part2["children"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["path"].as_str())
        .collect();
    assert_eq!(acts, (1..=9).map(|i| format!("II.{i}")).collect::<Vec<_>>());
    let basis: Vec<&str> = ls["citations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["role"] == "basis")
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert!(basis.contains(&"59/2012/QĐ-TTg") && basis.contains(&"650/QĐ-BTP"));
}

#[test]
fn export_json_and_csv() {
    let home = tempfile::tempdir().expect("tmp");
    let out = run(home.path(), &["export", "corpus/001_dca78a3686bbf202.txt"]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("json array");
    assert_eq!(v.as_array().map(Vec::len), Some(1));
    let out = run(home.path(), &["export", "corpus", "--format", "csv"]);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let mut lines = text.lines();
    assert!(lines
        .next()
        .expect("header")
        .starts_with("path,doc_number,province,year,section"));
    assert!(text.contains("225/KH-STP,Ninh Thuận,2022,II.1.1,body"));
}

#[test]
fn phrase_without_diacritics_finds_the_same_plans_as_with_them() {
    let home = tempfile::tempdir().expect("tmp");
    let mut plain = search_paths(home.path(), &["\"tro giup phap ly luu dong\""]);
    let mut accented = search_paths(home.path(), &["\"trợ giúp pháp lý lưu động\""]);
    plain.sort();
    accented.sort();
    assert_eq!(
        plain,
        vec![
            "corpus/000_881b76a6091c910b.txt",
            "corpus/004_dd75987647f2469e.txt"
        ]
    );
    assert_eq!(plain, accented);
}

#[test]
fn filters_narrow_the_results() {
    let home = tempfile::tempdir().expect("tmp");
    assert_eq!(
        search_paths(
            home.path(),
            &["truyền thông", "--province", "Lạng Sơn", "--year", "2025"]
        ),
        vec!["corpus/003_7e1514c487cfc625.txt"]
    );
    assert_eq!(
        search_paths(home.path(), &["", "--cites", "59/2012/QĐ-TTg"]),
        vec!["corpus/004_dd75987647f2469e.txt"]
    );
    // case and accent slips in the id and province still match
    assert_eq!(
        search_paths(
            home.path(),
            &[
                "",
                "--cites",
                "59/2012/qd-ttg",
                "--province",
                "tinh lang son"
            ]
        )
        .len(),
        1
    );
    // --year matches the years a plan covers: the 2013–2020 plan covers 2016
    assert_eq!(
        search_paths(home.path(), &["", "--year", "2016"]),
        vec!["corpus/004_dd75987647f2469e.txt"]
    );
    let units = search_paths(home.path(), &["", "--unit", "Phòng Nghiệp vụ"]);
    assert_eq!(units, vec!["corpus/003_7e1514c487cfc625.txt"]);
    // the same filters written inside the query
    assert_eq!(
        search_paths(
            home.path(),
            &["truyền thông province:\"tỉnh Lạng Sơn\" year:2025"]
        ),
        vec!["corpus/003_7e1514c487cfc625.txt"]
    );
    assert_eq!(
        search_paths(home.path(), &["cites:59/2012/QĐ-TTg"]),
        vec!["corpus/004_dd75987647f2469e.txt"]
    );
    // a unit named only in "Tổ chức thực hiện" (an assignment) is found too
    assert_eq!(
        search_paths(home.path(), &["", "--unit", "Ban Dân tộc tỉnh"]),
        vec!["corpus/004_dd75987647f2469e.txt"]
    );
}

#[test]
fn human_output_shows_section_and_snippet() {
    let home = tempfile::tempdir().expect("tmp");
    let out = run(
        home.path(),
        &["search", "trợ giúp pháp lý lưu động", "--limit", "2"],
    );
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.starts_with("1. "), "{text}");
    assert!(text.contains("§ "), "a section is shown: {text}");
    assert!(
        text.contains("«lưu» «động»"),
        "matches are highlighted: {text}"
    );
    assert!(!text.contains("3. "), "--limit is honoured");
}

#[test]
fn bad_queries_get_clear_errors() {
    let home = tempfile::tempdir().expect("tmp");
    let out = run(home.path(), &["search", "\"unbalanced"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad query"));
    let out = run(home.path(), &["search", "tro giup nhom:x"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown field \"nhom\"") && err.contains("column 10"),
        "{err}"
    );
    let out = run(home.path(), &["search", "x", "--limit", "0"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(home.path(), &["search", "x", "--years", "2025..2020"]);
    assert_eq!(out.status.code(), Some(2));
    let missing = home.path().join("nowhere");
    let out = kehoach(home.path())
        .args(["search", "x", "--index"])
        .arg(&missing)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("kehoach index"));
}

#[test]
fn bad_files_are_reported_and_the_rest_indexed() {
    let home = tempfile::tempdir().expect("tmp");
    let dir = tempfile::tempdir().expect("tmp");
    for f in ["empty.txt", "binary.txt", "latin1.txt", "notes.pdf"] {
        std::fs::copy(root().join("fixtures/bad").join(f), dir.path().join(f)).expect("copy");
    }
    std::fs::copy(
        root().join("corpus/001_dca78a3686bbf202.txt"),
        dir.path().join("plan.txt"),
    )
    .expect("copy");
    let idx = home.path().join("idx");
    let out = kehoach(home.path())
        .arg("index")
        .arg(dir.path())
        .arg("--index")
        .arg(&idx)
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "some files failed: {err}");
    assert!(
        err.contains("empty.txt: not a plan text: empty file"),
        "{err}"
    );
    assert!(
        err.contains("binary.txt: not a plan text: binary data"),
        "{err}"
    );
    assert!(
        err.contains("latin1.txt: not a plan text: not valid UTF-8"),
        "{err}"
    );
    assert!(
        err.contains("notes.pdf: not a plan text: extension .pdf"),
        "{err}"
    );
    assert!(err.contains("indexed 1 plans"), "{err}");
    assert!(
        err.contains("found 5 files: 1 parsed (0 with warnings), 4 skipped, 0 failed"),
        "{err}"
    );
    let out = kehoach(home.path())
        .args(["search", "kỷ niệm", "--json", "--index"])
        .arg(&idx)
        .output()
        .expect("runs");
    let hits: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(hits.as_array().map(Vec::len), Some(1));
}

#[test]
fn reindexing_replaces_changed_files_and_never_duplicates() {
    let home = tempfile::tempdir().expect("tmp");
    let dir = tempfile::tempdir().expect("tmp");
    let plan = dir.path().join("plan.txt");
    std::fs::copy(root().join("corpus/003_7e1514c487cfc625.txt"), &plan).expect("copy");
    let idx = home.path().join("idx");
    for _ in 0..2 {
        kehoach(home.path())
            .arg("index")
            .arg(dir.path())
            .arg("--index")
            .arg(&idx)
            .assert()
            .success();
    }
    let count = |q: &str| -> usize {
        if q.is_empty() {
            let out = kehoach(home.path())
                .args(["info", "--json", "--index"])
                .arg(&idx)
                .output()
                .expect("runs");
            return serde_json::from_slice::<Value>(&out.stdout).expect("json")["plans"]
                .as_u64()
                .unwrap_or(0) as usize;
        }
        let out = kehoach(home.path())
            .args(["search", q, "--json", "--index"])
            .arg(&idx)
            .output()
            .expect("runs");
        serde_json::from_slice::<Value>(&out.stdout)
            .expect("json")
            .as_array()
            .map(Vec::len)
            .unwrap_or(0)
    };
    assert_eq!(count(""), 1, "indexing twice keeps one document");
    let text = std::fs::read_to_string(&plan)
        .expect("read")
        .replace("VNPT iOffice", "phần mềm quản lý văn bản mới");
    std::fs::write(&plan, text).expect("write");
    let out = kehoach(home.path())
        .arg("index")
        .arg(dir.path())
        .arg("--index")
        .arg(&idx)
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 replaced"));
    assert_eq!(count(""), 1);
    assert_eq!(count("iOffice"), 0, "the old version is gone");
}

#[test]
fn reindexing_drops_plans_whose_files_are_gone_and_keeps_the_rest() {
    let home = tempfile::tempdir().expect("tmp");
    let dir = tempfile::tempdir().expect("tmp");
    let other = tempfile::tempdir().expect("tmp");
    for (name, seed) in [
        ("a.txt", "corpus/003_7e1514c487cfc625.txt"),
        ("b.txt", "corpus/000_881b76a6091c910b.txt"),
    ] {
        std::fs::copy(root().join(seed), dir.path().join(name)).expect("copy");
    }
    std::fs::copy(
        root().join("corpus/001_dca78a3686bbf202.txt"),
        other.path().join("c.txt"),
    )
    .expect("copy");
    let idx = home.path().join("idx");
    // run `kehoach index` on `args`: (its exit code, what it said)
    let index = |args: &[&Path]| {
        let out = kehoach(home.path())
            .arg("index")
            .args(args)
            .arg("--index")
            .arg(&idx)
            .output()
            .expect("runs");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    // the paths `kehoach info` lists
    let held = || -> Vec<String> {
        let out = kehoach(home.path())
            .args(["info", "--json", "--index"])
            .arg(&idx)
            .output()
            .expect("runs");
        let v: Value = serde_json::from_slice(&out.stdout).expect("json");
        let mut names: Vec<String> = v["paths"]
            .as_array()
            .expect("paths")
            .iter()
            .map(|p| {
                let p = Path::new(p.as_str().unwrap_or(""));
                p.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .to_string()
            })
            .collect();
        names.sort();
        names
    };
    assert_eq!(index(&[dir.path(), other.path()]).0, Some(0));
    assert_eq!(held(), vec!["a.txt", "b.txt", "c.txt"]);

    // b.txt is deleted and c.txt's folder is not given this time
    std::fs::remove_file(dir.path().join("b.txt")).expect("rm");
    let (code, said) = index(&[dir.path()]);
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("b.txt from the index: the file is gone"),
        "{said}"
    );
    assert!(said.contains("1 removed"), "{said}");
    assert_eq!(
        held(),
        vec!["a.txt", "c.txt"],
        "a stays, c (another folder) stays"
    );

    // a folder that is not there (moved, unmounted) is reported and removes nothing
    std::fs::rename(dir.path(), other.path().join("moved")).expect("mv");
    let (code, said) = index(&[dir.path()]);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("no such file or folder"), "{said}");
    assert!(said.contains("0 removed"), "{said}");
    assert_eq!(held(), vec!["a.txt", "c.txt"]);
}

#[test]
fn show_prints_a_tree_and_json() {
    let home = tempfile::tempdir().expect("tmp");
    let out = run(home.path(), &["show", "corpus/001_dca78a3686bbf202.txt"]);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("number:   225/KH-STP"));
    assert!(text.contains("    II.1.1 "), "nested outline: {text}");
    assert!(text.contains("deadline: Tháng 8/2022 → 2022-08-01..2022-08-31"));
    assert!(text.contains("basis 1918/QĐ-BTP"));
    let out = run(
        home.path(),
        &["show", "--json", "corpus/001_dca78a3686bbf202.txt"],
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["signer"], "Lê Quyện");
    let out = run(home.path(), &["show", "fixtures/bad/empty.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("fixtures/bad/empty.txt: not a plan text: empty file"));
}

#[test]
fn sections_across_plans() {
    let home = tempfile::tempdir().expect("tmp");
    let hits = json_hits(
        home.path(),
        &[
            "search",
            "truyền thông",
            "--sections",
            "--json",
            "--limit",
            "50",
        ],
    );
    // Lạng Sơn 2025: item 2 is "Công tác truyền thông, thông tin về TGPL"
    let ls = hits
        .iter()
        .find(|h| h["path"] == "corpus/003_7e1514c487cfc625.txt" && h["section"] == "II.2")
        .expect("II.2 of the 2025 Lạng Sơn plan");
    assert!(ls["heading"]
        .as_str()
        .unwrap_or("")
        .contains("truyền thông"));
    // every section returned holds the words
    for h in &hits {
        let text = kehoach::text::fold(&format!("{} {}", h["heading"], h["snippet"]));
        assert!(text.contains("truyen") || text.contains("thong"), "{h}");
    }
    let bg = hits
        .iter()
        .find(|h| h["path"] == "corpus/000_881b76a6091c910b.txt" && h["section"] == "II.2")
        .expect("Bắc Giang II.2");
    assert_eq!(bg["lead"][0], "Trung tâm Trợ giúp pháp lý");
}

#[test]
fn sections_across_plans_include_matches_outside_the_outline() {
    let home = tempfile::tempdir().expect("tmp");
    let hits = json_hits(
        home.path(),
        &["search", "\"Nơi nhận\" UBND", "--sections", "--json"],
    );
    // the recipients list after the signature of the 2022 Ninh Thuận plan
    // ("Nơi nhận: - Như mục III KH này; ... - UBND tỉnh; ...") is in no
    // numbered section
    let nt = hits
        .iter()
        .find(|h| h["path"] == "corpus/001_dca78a3686bbf202.txt")
        .expect("the Ninh Thuận recipients");
    assert!(nt["section"].is_null() && nt["heading"].is_null(), "{nt}");
    assert!(
        nt["snippet"].as_str().unwrap_or("").contains("Nơi nhận"),
        "{nt}"
    );
    // the text output says where it is
    let text = run(home.path(), &["search", "\"Nơi nhận\" UBND", "--sections"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("(outside the numbered sections)"), "{text}");
}

#[test]
fn accents_tones_and_abbreviations_give_the_same_ranking() {
    let home = tempfile::tempdir().expect("tmp");
    let a = search_paths(home.path(), &["uy ban nhan dan tinh lang son"]);
    let b = search_paths(home.path(), &["Uỷ ban nhân dân tỉnh Lạng Sơn"]);
    let c = search_paths(home.path(), &["UBND tỉnh Lạng Sơn"]);
    assert!(!a.is_empty());
    assert_eq!(a, b);
    assert_eq!(a, c);
    assert!(
        a.iter().all(|p| p.contains("003_") || p.contains("004_")),
        "{a:?}"
    );
    // and the reverse direction of an abbreviation, in a phrase
    assert_eq!(
        search_paths(home.path(), &["\"TGPL lưu động\""]),
        search_paths(home.path(), &["\"trợ giúp pháp lý lưu động\""])
    );
}

/// build.rs links the binary position-dependent on Linux, so the loader has no
/// relocations to apply at each start (see build.rs): its ELF header says
/// ET_EXEC (2), where a PIE says ET_DYN (3).
#[cfg(target_os = "linux")]
#[test]
fn the_binary_is_linked_position_dependent() {
    let bin = assert_cmd::cargo::cargo_bin("kehoach");
    let head = std::fs::read(&bin).expect("the binary");
    assert_eq!(&head[..4], b"\x7fELF", "{} is an ELF file", bin.display());
    let e_type = u16::from_le_bytes([head[16], head[17]]);
    assert_eq!(e_type, 2, "ET_EXEC, not a PIE (ET_DYN = 3)");
}
