//! The bundled corpus: the seed plans in `corpus/`, embedded at build time, and
//! the default index location the tool uses when none is given.

use std::path::PathBuf;

include!(concat!(env!("OUT_DIR"), "/corpus_files.rs"));

/// A fingerprint of the bundled corpus and the index schema, so a default index
/// built from an older corpus or schema is rebuilt.
pub fn fingerprint() -> String {
    let mut all = format!(
        "{}:{}",
        env!("CARGO_PKG_VERSION"),
        crate::index::SCHEMA_VERSION
    );
    for (p, t) in FILES {
        all.push_str(p);
        all.push_str(&crate::index::content_hash(t));
    }
    crate::index::content_hash(&all)
}

/// Where the default index lives: `$KEHOACH_HOME`, else `$XDG_CACHE_HOME/kehoach`,
/// else `$HOME/.cache/kehoach`, else `.kehoach` in the current folder; then
/// `index-<fingerprint>`, so a new corpus or schema gets a fresh index.
pub fn default_index_dir() -> PathBuf {
    let base = std::env::var_os("KEHOACH_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("XDG_CACHE_HOME").map(|c| PathBuf::from(c).join("kehoach")))
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache").join("kehoach"))
        })
        .unwrap_or_else(|| PathBuf::from(".kehoach"));
    base.join(format!("index-{}", &fingerprint()[..12]))
}
