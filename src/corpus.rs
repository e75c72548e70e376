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
/// A variable set but empty counts as unset, and so does a relative
/// `$XDG_CACHE_HOME`, as the XDG base directory specification says.
pub fn default_index_dir() -> PathBuf {
    let var = |name: &str| std::env::var_os(name).map(PathBuf::from);
    index_base(var("KEHOACH_HOME"), var("XDG_CACHE_HOME"), var("HOME"))
        .join(format!("index-{}", &fingerprint()[..12]))
}

/// The folder [`default_index_dir`] chooses from these variables' values.
fn index_base(
    kehoach_home: Option<PathBuf>,
    xdg_cache: Option<PathBuf>,
    home: Option<PathBuf>,
) -> PathBuf {
    let set = |p: Option<PathBuf>| p.filter(|p| !p.as_os_str().is_empty());
    set(kehoach_home)
        .or_else(|| {
            set(xdg_cache)
                .filter(|c| c.is_absolute())
                .map(|c| c.join("kehoach"))
        })
        .or_else(|| set(home).map(|h| h.join(".cache").join("kehoach")))
        .unwrap_or_else(|| PathBuf::from(".kehoach"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_folder_skips_variables_set_empty_and_a_relative_xdg_cache() {
        let p = |s: &str| Some(PathBuf::from(s));
        assert_eq!(index_base(p("/k"), p("/x"), p("/h")), PathBuf::from("/k"));
        assert_eq!(
            index_base(None, p("/x"), p("/h")),
            PathBuf::from("/x/kehoach")
        );
        assert_eq!(
            index_base(p(""), p("/x"), p("/h")),
            PathBuf::from("/x/kehoach")
        );
        // XDG_CACHE_HOME= (empty) or relative: ignored, as the spec says,
        // instead of an index in the current folder
        for x in ["", "cache"] {
            assert_eq!(
                index_base(None, p(x), p("/h")),
                PathBuf::from("/h/.cache/kehoach")
            );
        }
        assert_eq!(index_base(None, None, p("")), PathBuf::from(".kehoach"));
        assert_eq!(index_base(None, None, None), PathBuf::from(".kehoach"));
    }
}
