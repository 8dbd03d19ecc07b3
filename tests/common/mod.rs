//! Helpers the integration test crates share; each crate uses some of them (hence the
//! `dead_code` allowances).

use std::path::Path;

#[allow(dead_code)]
/// Runs git in `dir` with a throw-away identity (tests of `--changed-since`, the Action and
/// pre-commit build real repositories); fails the test when git does.
pub fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[allow(dead_code)]
/// `ailint rules --format json`, parsed: every bundled rule with its METADATA.
pub fn rules_json() -> serde_json::Value {
    let out = assert_cmd::Command::cargo_bin("ailint")
        .expect("the ailint binary is built")
        .args(["rules", "--format", "json"])
        .output()
        .expect("ailint rules runs");
    serde_json::from_slice(&out.stdout).expect("ailint rules --format json prints JSON")
}
