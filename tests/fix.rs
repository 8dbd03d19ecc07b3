//! `--fix`, `--diff` and `--unsafe-fixes` on copies of the fixtures of every rule that offers
//! fixes: the fixed files are pinned (insta), checking them again reports none of the fixed
//! findings and no parse error, a second `--fix` changes nothing, `--diff` writes nothing, and
//! CRLF line endings and tab indentation come through byte for byte.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

mod common;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `ailint check <dir> --no-config <args>` in `dir`'s parent: exit code, stdout, stderr.
fn ailint(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("ailint")
        .unwrap()
        .current_dir(dir.parent().unwrap())
        .arg("check")
        .arg(dir.file_name().unwrap())
        .args(["--no-config"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = ailint(dir, &all);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    serde_json::from_str(&out).unwrap()
}

/// Every file under `dir`, by its path relative to it.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// A copy of `files` in a new directory named `name`, each text passed through `transform`.
fn copy(
    files: &BTreeMap<String, Vec<u8>>,
    name: &str,
    transform: &Transform,
) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join(name);
    for (rel, bytes) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let text = String::from_utf8_lossy(bytes);
        std::fs::write(&path, transform(rel, &text)).unwrap();
    }
    (tmp, dir)
}

/// The rules that offer fixes, with their METADATA safety.
fn fixable_rules() -> BTreeMap<String, String> {
    let rules = common::rules_json();
    rules["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| {
            Some((
                r["id"].as_str()?.to_string(),
                r["fix"].as_str()?.to_string(),
            ))
        })
        .collect()
}

/// The fixture directories of rules with fixes: (directory name, rule id).
fn fixture_dirs() -> Vec<(String, String)> {
    let rules = fixable_rules();
    let mut dirs: Vec<(String, String)> = std::fs::read_dir(root().join("fixtures"))
        .unwrap()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let rule = name.split('-').next()?.to_string();
            (name.starts_with("AIL") && rules.contains_key(&rule)).then_some((name, rule))
        })
        .collect();
    dirs.sort();
    dirs
}

/// What identifies a finding across a fix: its rule, file, resource and path (not its line).
fn identity(f: &Value) -> (String, String, String, String) {
    (
        f["rule_id"].as_str().unwrap_or_default().to_string(),
        f["file"].as_str().unwrap_or_default().to_string(),
        f["resource"].as_str().unwrap_or_default().to_string(),
        f["path"].to_string(),
    )
}

#[test]
fn every_fix_resolves_its_finding_and_is_pinned() {
    let dirs = fixture_dirs();
    assert!(dirs.len() >= 8, "rules with fixes have fixtures: {dirs:?}");
    let mut fixed_any = 0;
    for (name, rule) in dirs {
        let original = files(&root().join("fixtures").join(&name));
        let (_tmp, dir) = copy(&original, &name, &|_, t| t.to_string());
        let select = ["--select", rule.as_str(), "--unsafe-fixes"];
        let before = json(&dir, &select);
        let fixable: Vec<_> = before["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f.get("fix").is_some())
            .map(identity)
            .collect();

        // --diff: a diff on stdout, nothing written, exit 1 exactly when there is something to fix.
        let (code, diff, err) = ailint(&dir, &[&select[..], &["--diff"]].concat());
        assert_eq!(files(&dir), original, "{name}: --diff wrote to disk");
        assert!(!err.contains("error:"), "{name}: {err}");
        assert_eq!(
            code,
            if fixable.is_empty() { 0 } else { 1 },
            "{name}: {err}"
        );
        assert_eq!(diff.is_empty(), fixable.is_empty(), "{name}: {diff}");

        let (code, _, err) = ailint(
            &dir,
            &[&select[..], &["--fix", "--format", "json"]].concat(),
        );
        assert!(code == 0 || code == 1, "{name}: --fix exited {code}: {err}");
        let after_fix = files(&dir);
        let after = json(&dir, &["--select", &rule]);
        let findings = after["findings"].as_array().unwrap();
        assert!(
            findings.iter().all(|f| f["rule_id"] != "AIL000"),
            "{name}: a fix broke a file: {findings:?}"
        );
        let left: Vec<_> = findings
            .iter()
            .map(identity)
            .filter(|i| fixable.contains(i))
            .collect();
        assert!(
            left.is_empty(),
            "{name}: fixed findings still reported: {left:?}"
        );

        // Idempotent: nothing left that --fix applies, and a second --fix changes nothing.
        let (code, diff, _) = ailint(&dir, &[&select[..], &["--diff"]].concat());
        assert_eq!(
            (code, diff.as_str()),
            (0, ""),
            "{name}: a second round would change:\n{diff}"
        );
        ailint(&dir, &[&select[..], &["--fix"]].concat());
        assert_eq!(files(&dir), after_fix, "{name}: --fix is not idempotent");

        let mut pinned = String::new();
        for (rel, bytes) in &after_fix {
            if original.get(rel) != Some(bytes) {
                pinned.push_str(&format!("=== {rel}\n{}\n", String::from_utf8_lossy(bytes)));
            }
        }
        if !fixable.is_empty() {
            fixed_any += 1;
            insta::assert_snapshot!(format!("fixed_{name}"), pinned);
        } else {
            assert!(pinned.is_empty(), "{name}: changed with no fixable finding");
        }
    }
    assert!(
        fixed_any >= 8,
        "fixes were applied in {fixed_any} fixture directories"
    );
}

/// A rewrite of a file's text, given its relative path.
type Transform = dyn Fn(&str, &str) -> String;

/// `text` with every line ending CRLF.
fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

/// `text` (HCL) with each two spaces of leading indentation a tab.
fn tabs(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| {
            let spaces = line.len() - line.trim_start_matches(' ').len();
            format!(
                "{}{}",
                "\t".repeat(spaces / 2),
                &line[spaces - spaces % 2..]
            )
        })
        .collect()
}

/// Fixing a CRLF (or, in HCL, tab-indented) copy gives the fixed LF copy in the same form: the
/// fix adds no LF line, and every byte it does not change stays as it was.
#[test]
fn line_endings_and_tabs_are_kept() {
    let mut compared = 0;
    for (name, rule) in fixture_dirs() {
        let original = files(&root().join("fixtures").join(&name));
        let select = ["--select", rule.as_str(), "--unsafe-fixes", "--fix"];
        let (_a, plain) = copy(&original, &name, &|_, t| t.to_string());
        ailint(&plain, &select);
        let fixed_plain = files(&plain);
        let variants: [(&str, &Transform); 2] = [
            ("crlf", &|_, t| crlf(t)),
            ("tabs", &|rel, t| {
                if rel.ends_with(".tf") {
                    tabs(t)
                } else {
                    t.to_string()
                }
            }),
        ];
        for (what, transform) in variants {
            let (_b, variant) = copy(&original, &name, transform);
            ailint(&variant, &select);
            for (rel, bytes) in files(&variant) {
                let want = transform(&rel, &String::from_utf8_lossy(&fixed_plain[&rel]));
                assert_eq!(
                    String::from_utf8_lossy(&bytes),
                    want,
                    "{name}/{rel} ({what}): the fix differs from the LF one"
                );
                if original[&rel] != fixed_plain[&rel] {
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 10, "{compared} fixed files compared");
}

/// Unsafe fixes wait for `--unsafe-fixes`; the summary says how many there are.
#[test]
fn unsafe_fixes_need_their_flag() {
    let name = "AIL101-ai-service-public-network-access";
    let original = files(&root().join("fixtures").join(name));
    let (_tmp, dir) = copy(&original, name, &|_, t| t.to_string());
    let (code, out, _) = ailint(&dir, &["--select", "AIL101", "--format", "concise"]);
    assert_eq!(code, 1);
    assert!(out.contains("fixable with `--fix --unsafe-fixes`"), "{out}");
    assert!(
        !out.contains("[*]"),
        "unsafe fixes are not marked without the flag: {out}"
    );
    let (_, diff, _) = ailint(&dir, &["--select", "AIL101", "--diff"]);
    assert!(diff.is_empty(), "{diff}");
    ailint(&dir, &["--select", "AIL101", "--fix"]);
    assert_eq!(files(&dir), original, "--fix alone applied an unsafe fix");
    let (_, out, _) = ailint(
        &dir,
        &[
            "--select",
            "AIL101",
            "--unsafe-fixes",
            "--format",
            "concise",
        ],
    );
    assert!(out.contains("AIL101 [error] [*] "), "{out}");
    let (_, out, err) = ailint(
        &dir,
        &[
            "--select",
            "AIL101",
            "--unsafe-fixes",
            "--fix",
            "--format",
            "concise",
        ],
    );
    assert!(out.contains("Fixed "), "{out}{err}");
    assert_ne!(files(&dir), original);
}

/// JSON carries each fix with its edits; SARIF as `fixes[].artifactChanges`.
#[test]
fn fixes_reach_json_and_sarif() {
    let demo = root().join("fixtures/demo");
    let report = json(&demo, &[]);
    let fix = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f.get("fix"))
        .find(|fix| fix["safety"] == "safe")
        .expect("the demo has a finding with a safe fix");
    assert!(fix["description"].as_str().is_some_and(|d| !d.is_empty()));
    let edit = &fix["edits"][0];
    for key in [
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "byte_start",
        "byte_end",
        "replacement",
    ] {
        assert!(edit.get(key).is_some(), "edit lacks {key}: {edit}");
    }
    assert!(report["summary"]["fixable"].as_u64().unwrap_or(0) > 0);
    let (_, sarif, _) = ailint(&demo, &["--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    let with_fix = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r.get("fixes").is_some())
        .expect("a SARIF result with fixes");
    let change = &with_fix["fixes"][0]["artifactChanges"][0];
    assert_eq!(
        change["artifactLocation"]["uri"],
        with_fix["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    );
    assert!(change["replacements"][0]["deletedRegion"]["startLine"].is_u64());
    assert!(change["replacements"][0]["insertedContent"]["text"].is_string());
}
