//! Snapshots (insta) of every rule's messages: for each rule fixture directory
//! (`fixtures/<ID>-<slug>[-variant]/`) the real binary checks it with only that rule selected, and
//! the findings are listed one per line as `file:line:col RULE_ID message`, sorted, in
//! `tests/snapshots/rule_messages__<dir>.snap`. A changed message then shows up in review as a
//! snapshot diff (as ruff's and oxc's rule snapshots do); `INSTA_UPDATE=always cargo test --test
//! rule_messages` (or `cargo insta review`) records the new text.
//!
//! `fixtures/demo` is left out: `tests/snapshots.rs` already pins its whole output in every format,
//! its messages included, and each of its findings comes from a rule whose own directory is here.
//! Selecting the directory's rule (as `tests/fixtures.rs` does) keeps each snapshot to one rule, so
//! that a rule's message change touches only its own snapshots, and includes rules that are off by
//! default.

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The rule fixture directories (`AIL…-…`), in name order.
fn rule_fixture_dirs() -> Vec<String> {
    let mut dirs: Vec<String> = std::fs::read_dir(root().join("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .filter_map(|p| p.file_name()?.to_str().map(str::to_string))
        .filter(|n| n.starts_with("AIL") && n.contains('-'))
        .collect();
    dirs.sort();
    dirs
}

/// What to check for `fixtures/<dir>`: the directory, or each of its entries when its
/// expected.json says `"per_file_runs": true` (rules that report once per run, such as AIL703).
fn targets(rel: &str) -> Vec<String> {
    let expected = std::fs::read_to_string(root().join(rel).join("expected.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok());
    if expected.is_some_and(|e| e["per_file_runs"] == Value::Bool(true)) {
        let mut entries: Vec<String> = std::fs::read_dir(root().join(rel))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "expected.json")
            .map(|n| format!("{rel}/{n}"))
            .collect();
        entries.sort();
        entries
    } else {
        vec![rel.to_string()]
    }
}

/// The findings of `ailint check <target> --select <rule>` as JSON.
fn check(target: &str, rule: &str) -> Vec<Value> {
    let out = Command::cargo_bin("ailint")
        .unwrap()
        .current_dir(root())
        .args([
            "check",
            target,
            "--select",
            rule,
            "--format",
            "json",
            "--no-config",
        ])
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "ailint check {target} exited {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    report["findings"]
        .as_array()
        .expect("the JSON report has a `findings` array")
        .clone()
}

/// `file:line:col RULE_ID message` for each finding of `ailint check fixtures/<dir> --select <ID>`,
/// files relative to the fixture directory, sorted by file, line, column, rule and message.
fn messages(dir: &str) -> String {
    let rule = dir.split('-').next().unwrap();
    let rel = format!("fixtures/{dir}");
    let all: Vec<Value> = targets(&rel).iter().flat_map(|t| check(t, rule)).collect();
    let prefix = format!("{rel}/");
    let mut findings: Vec<(String, u64, u64, String, String)> = all
        .iter()
        .map(|f| {
            let file = f["file"].as_str().unwrap();
            (
                file.strip_prefix(&prefix).unwrap_or(file).to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["rule_id"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // By file, then line and column as numbers (10 after 9), rule and message.
    findings.sort();
    findings
        .iter()
        .map(|(file, line, col, rule, message)| format!("{file}:{line}:{col} {rule} {message}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn rule_messages_match_snapshots() {
    let dirs = rule_fixture_dirs();
    assert!(!dirs.is_empty(), "no rule fixtures found");
    // Every directory is checked first, so that a failure below is about messages, not a crash.
    let snapshots: Vec<(String, String)> = dirs.iter().map(|d| (d.clone(), messages(d))).collect();
    // Named after the directory: tests/snapshots/rule_messages__<dir>.snap.
    for (dir, text) in &snapshots {
        insta::assert_snapshot!(dir.as_str(), text);
    }
}
