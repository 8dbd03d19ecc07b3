//! Snapshots (insta) of every output format on the demo platform: a changed message, span or
//! layout shows up as a reviewable diff.

use std::path::Path;

use assert_cmd::Command;

fn run(args: &[&str]) -> String {
    let out = Command::cargo_bin("ailint")
        .unwrap()
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .args(["check", "fixtures/demo", "--no-config"])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the demo has findings");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn demo_full() {
    insta::assert_snapshot!(run(&["--format", "full", "--color", "never"]));
}

#[test]
fn demo_concise() {
    insta::assert_snapshot!(run(&["--format", "concise"]));
}

#[test]
fn demo_json() {
    let mut report: serde_json::Value = serde_json::from_str(&run(&["--format", "json"])).unwrap();
    report["summary"]["duration_ms"] = serde_json::Value::from(0);
    insta::assert_json_snapshot!(report);
}

#[test]
fn demo_sarif() {
    insta::assert_snapshot!(run(&["--format", "sarif"]));
}

#[test]
fn demo_github() {
    insta::assert_snapshot!(run(&["--format", "github"]));
}

#[test]
fn demo_junit() {
    let xml = run(&["--format", "junit"]);
    // The only varying part: the run's duration.
    let time = regex::Regex::new(r#"time="[0-9.]+""#).unwrap();
    insta::assert_snapshot!(time.replace(&xml, r#"time="0""#));
}

#[test]
fn demo_markdown() {
    insta::assert_snapshot!(run(&["--format", "markdown"]));
}

#[test]
fn demo_diff() {
    insta::assert_snapshot!(run(&["--diff"]));
}
