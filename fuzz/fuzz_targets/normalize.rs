//! Any text: normalisation, folding, tones and word-segmentation repair.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let n = kehoach::text::normalize(s);
        assert_eq!(kehoach::text::normalize(&n), n);
        let f = kehoach::text::fold(&n);
        assert_eq!(kehoach::text::fold(&f), f);
        let _ = kehoach::text::canonical_tones(&n);
        let _ = kehoach::text::unsegment(&n);
        let _ = kehoach::analysis::terms(&n, true);
        let _ = kehoach::analysis::terms(&n, false);
    }
});
