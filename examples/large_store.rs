//! Writes the generated large store as a JSON object (storage key → stored text), for `make bench`.
//! Usage: cargo run --example large_store -- target/large-store.json
fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/large-store.json".into());
    let now = trellis::ui::state::now();
    let adapter = trellis::store::generate::large_store(now.date(), now);
    let json = serde_json::to_string(&adapter.map).expect("strings serialise");
    std::fs::write(&out, json).expect("can write the output file");
    eprintln!("wrote {} entries to {out}", adapter.map.len());
}
