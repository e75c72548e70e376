//! Any text through the whole parser and the export.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let t = kehoach::text::normalize(s);
        let plan = kehoach::parse::parse("fuzz.txt", &t);
        let lines = t.lines().count().max(1);
        for sec in plan.flat_sections() {
            assert!(sec.line <= lines);
        }
        let _ = serde_json::to_string(&plan).expect("serialisable");
    }
});
