//! Embeds the bundled corpus (`corpus/*.txt`, `corpus/*.md`) into the binary, so
//! the tool runs on it from any directory.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
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
