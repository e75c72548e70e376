//! Any bytes: format sniffing, HTML/DOCX conversion, encoding detection.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = kehoach::ingest::decode("fuzz.txt", data);
    let _ = kehoach::ingest::decode("fuzz.docx", data);
    let _ = kehoach::encoding::detect(data);
});
