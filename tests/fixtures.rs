//! Runs the real binary over every rule's fixture directory (`fixtures/<ID>-<slug>/`) and the demo,
//! and compares the findings with the pinned `expected.json` (rule, file, line and column, end).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ailint() -> Command {
    let mut cmd = Command::cargo_bin("ailint").unwrap();
    cmd.current_dir(root());
    cmd
}

/// Runs `ailint check <args> --format json --no-config` and returns the parsed report.
fn check_json(args: &[&str]) -> Value {
    let out = ailint()
        .arg("check")
        .args(args)
        .args(["--format", "json", "--no-config"])
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "ailint check {args:?} exited {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn rule_fixture_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.is_dir()
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("AIL") && n.contains('-'))
        })
        .collect();
    dirs.sort();
    dirs
}

/// (rule, file relative to the fixture dir, line, column, end_line, end_column)
type Pinned = (String, String, u64, u64, u64, u64);

fn pinned(expected: &Value, default_rule: Option<&str>) -> BTreeSet<Pinned> {
    expected["findings"]
        .as_array()
        .expect("expected.json has a `findings` array")
        .iter()
        .map(|f| {
            let rule = f["rule_id"]
                .as_str()
                .or(default_rule)
                .expect("each expected finding names its rule (or the file has `rule`)");
            (
                rule.to_string(),
                f["file"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["end_line"].as_u64().unwrap(),
                f["end_column"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn actual(report: &Value, dir: &str) -> BTreeSet<Pinned> {
    let prefix = format!("{dir}/");
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let file = f["file"].as_str().unwrap();
            (
                f["rule_id"].as_str().unwrap().to_string(),
                file.strip_prefix(&prefix).unwrap_or(file).to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["end_line"].as_u64().unwrap(),
                f["end_column"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// The findings of a fixture directory whose expected.json says `"per_file_runs": true`: each
/// top-level entry checked as a run of its own, for rules that report once per run (AIL703).
fn per_file_findings(dir: &Path, rel: &str, rule: &str) -> BTreeSet<Pinned> {
    let mut entries: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "expected.json")
        .collect();
    entries.sort();
    entries
        .iter()
        .flat_map(|name| {
            actual(
                &check_json(&[&format!("{rel}/{name}"), "--select", rule]),
                rel,
            )
        })
        .collect()
}

fn describe(set: &BTreeSet<Pinned>) -> String {
    set.iter()
        .map(|(r, f, l, c, el, ec)| format!("  {r} {f}:{l}:{c}-{el}:{ec}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn rule_fixtures_match_pinned_findings() {
    let mut failures = Vec::new();
    let dirs = rule_fixture_dirs();
    assert!(!dirs.is_empty(), "no rule fixtures found");
    for dir in dirs {
        let name = dir.file_name().unwrap().to_str().unwrap().to_string();
        let rule = name.split('-').next().unwrap().to_string();
        let rel = format!("fixtures/{name}");
        let expected_json = read_json(&dir.join("expected.json"));
        let expected = pinned(&expected_json, Some(&rule));
        let got = if expected_json["per_file_runs"] == Value::Bool(true) {
            per_file_findings(&dir, &rel, &rule)
        } else {
            actual(&check_json(&[&rel, "--select", &rule]), &rel)
        };
        if got != expected {
            let missing: BTreeSet<_> = expected.difference(&got).cloned().collect();
            let extra: BTreeSet<_> = got.difference(&expected).cloned().collect();
            failures.push(format!(
                "{rel}:\n missing (pinned, not reported):\n{}\n unexpected (reported, not pinned):\n{}",
                describe(&missing),
                describe(&extra)
            ));
        }
        for (_, file, ..) in &got {
            if file.starts_with("pass_") {
                failures.push(format!("{rel}/{file}: a pass_ fixture has a finding"));
            }
        }
        for entry in std::fs::read_dir(&dir).unwrap() {
            let file = entry.unwrap().file_name().to_string_lossy().into_owned();
            // An ARM parameters file (`fail_x.parameters.json` goes with `fail_x.json`) or a
            // `.bicepparam` only supplies values: its template's findings point into the template.
            let values_only = file.contains(".parameters.") || file.ends_with(".bicepparam");
            if file.starts_with("fail_") && !values_only && !got.iter().any(|(_, f, ..)| *f == file)
            {
                // A Bicep file may fail only through a local module it calls (the finding points
                // into the module's file): checked on its own, it must still have findings.
                let through_module = file.ends_with(".bicep")
                    && check_json(&[&format!("{rel}/{file}"), "--select", &rule])["findings"]
                        .as_array()
                        .is_some_and(|f| !f.is_empty());
                if !through_module {
                    failures.push(format!("{rel}/{file}: a fail_ fixture has no finding"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every rule has a fixture directory with failing and passing inputs for each format it supports.
#[test]
fn every_rule_has_fixtures_for_each_format() {
    let out = ailint()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let rules: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut problems = Vec::new();
    for rule in rules["rules"].as_array().unwrap() {
        let id = rule["id"].as_str().unwrap();
        let slug = rule["slug"].as_str().unwrap();
        let dir = root().join("fixtures").join(format!("{id}-{slug}"));
        if !dir.is_dir() {
            problems.push(format!("{id}: no fixtures/{id}-{slug}/"));
            continue;
        }
        let files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        for format in rule["formats"].as_array().unwrap() {
            let ext = match format.as_str().unwrap() {
                "terraform" => ".tf",
                "arm" => ".json",
                "bicep" => ".bicep",
                "kubernetes" => ".yaml",
                other => panic!("{id}: unexpected format {other}"),
            };
            for kind in ["fail_", "pass_"] {
                if !files
                    .iter()
                    .any(|f| f.starts_with(kind) && f.ends_with(ext))
                {
                    problems.push(format!("{id}: no {kind}*{ext} fixture for {format}"));
                }
            }
        }
        if !files.iter().any(|f| f == "expected.json") {
            problems.push(format!("{id}: no expected.json"));
        }
        // Terraform rules run on plan JSON too: each has plan fixtures of its own.
        if rule["formats"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "terraform")
        {
            let plan = root().join("fixtures").join(format!("{id}-{slug}-plan"));
            let files: Vec<String> = std::fs::read_dir(&plan)
                .map(|d| {
                    d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            for kind in ["fail_", "pass_"] {
                if !files
                    .iter()
                    .any(|f| f.starts_with(kind) && f.ends_with(".json"))
                {
                    problems.push(format!(
                        "{id}: no {kind}*.json in fixtures/{id}-{slug}-plan/"
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn demo_matches_pinned_findings() {
    let expected = pinned(
        &read_json(&root().join("fixtures/demo/expected.json")),
        None,
    );
    let report = check_json(&["fixtures/demo"]);
    let got = actual(&report, "fixtures/demo");
    assert_eq!(
        got,
        expected,
        "\nreported:\n{}\npinned:\n{}",
        describe(&got),
        describe(&expected)
    );
    let formats: BTreeSet<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let file = f["file"].as_str().unwrap();
            file.rsplit('.').next().unwrap()
        })
        .collect();
    assert_eq!(
        formats,
        BTreeSet::from(["bicep", "json", "tf", "yaml"]),
        "the demo shows every format"
    );
}

/// Facts cross units (AIL506, AIL507, AIL602, AIL703): whichever unit is checked first, one job
/// or two give the same findings and messages.
#[test]
fn cross_run_facts_do_not_depend_on_the_order_of_units() {
    let mut dirs: Vec<String> = rule_fixture_dirs()
        .iter()
        .filter_map(|d| d.file_name()?.to_str().map(str::to_string))
        .filter(|n| {
            ["AIL506", "AIL507", "AIL602", "AIL703"]
                .iter()
                .any(|r| n.starts_with(r))
        })
        .map(|n| format!("fixtures/{n}"))
        .collect();
    dirs.push("fixtures/demo".into());
    for dir in dirs {
        let findings = |jobs: &str| {
            let report = check_json(&[&dir, "--jobs", jobs]);
            report["findings"].clone()
        };
        let one = findings("1");
        assert!(one.as_array().is_some_and(|f| !f.is_empty()) || !dir.ends_with("demo"));
        assert_eq!(one, findings("2"), "{dir}: --jobs 1 and --jobs 2 differ");
    }
}
