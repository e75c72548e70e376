//! Any text as a deadline: never panics, never starts after it ends.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let d = kehoach::parse::deadline::parse(s, Some(2024));
        if let (Some(a), Some(b)) = (&d.start, &d.end) {
            assert!(a <= b, "{s:?}");
        }
    }
});
