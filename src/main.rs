fn main() {
    for p in std::env::args().skip(1) {
        let s = kehoach::ingest::read(std::path::Path::new(&p), Default::default()).unwrap();
        let plan = kehoach::parse::parse(&p, &s.text);
        println!("{}", serde_json::to_string_pretty(&plan).unwrap());
    }
}
