//! Any line through the citation finder and the document-number parser.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        for m in kehoach::parse::citation::find(s, Some(2024)) {
            assert!(!m.id.is_empty());
        }
        let _ = kehoach::parse::citation::unreadable(s);
        let _ = kehoach::parse::citation::doc_id(s);
    }
});
