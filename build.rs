//! Rebuilds the binary when a bundled policy changes: `include_dir!` embeds `policies/`, but cargo
//! does not know to watch it.

fn main() {
    println!("cargo:rerun-if-changed=policies");
}
