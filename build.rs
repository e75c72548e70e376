//! Embeds the bundled corpus (`corpus/*.txt`, `corpus/*.md`) into the binary, so
//! the tool runs on it from any directory, and links the binary for a quick
//! start.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // On Linux the `kehoach` binary is linked position-dependent: as a PIE it
    // carries ~23,500 relative relocations that the loader applies at every
    // start (~120 pages of `.data.rel.ro` copied on write), ~0.7 ms of each
    // process (`kehoach --version` 2.9 -> 2.1 ms, a search of 10k plans
    // 6.7 -> 6.0 ms; BENCHMARKS.md, nineteenth round). What it gives up is
    // address randomisation of the executable's own image (shared libraries,
    // heap and stack are still randomised). The library is not affected.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bin=kehoach=-no-pie");
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    println!("cargo:rerun-if-changed={}", dir.display());
    // a binary without its corpus would run every default command on nothing,
    // so a missing or empty `corpus/` stops the build with the reason
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
        panic!(
            "cannot read the bundled corpus {}: {e} (the binary embeds the plans in corpus/)",
            dir.display()
        )
    });
    let mut names: Vec<String> = Vec::new();
    for e in entries {
        let e = e.unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
        let n = e.file_name().to_string_lossy().into_owned();
        if n.ends_with(".txt") || n.ends_with(".md") {
            names.push(n);
        }
    }
    assert!(
        !names.is_empty(),
        "the bundled corpus {} holds no .txt or .md plan",
        dir.display()
    );
    names.sort();
    let mut out = String::from(
        "/// The bundled corpus: (path, contents).\npub static FILES: &[(&str, &str)] = &[\n",
    );
    for n in &names {
        println!("cargo:rerun-if-changed={}", dir.join(n).display());
        let _ = writeln!(
            out,
            "    (\"corpus/{n}\", include_str!({:?})),",
            dir.join(n).display().to_string()
        );
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("corpus_files.rs");
    std::fs::write(dest, out).expect("write corpus_files.rs");
}
