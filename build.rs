//! Rebuilds the binary when a bundled policy or fixture changes: `include_dir!` embeds `policies/`
//! (and `fixtures/`, for the examples `ailint rule` shows), but cargo does not know to watch them.

fn main() {
    println!("cargo:rerun-if-changed=policies");
    println!("cargo:rerun-if-changed=fixtures");
}
