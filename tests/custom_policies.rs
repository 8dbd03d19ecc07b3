//! Users' own policy directories: rules load with the same METADATA contract, from the flag or the
//! configuration, their Rego tests run with `ailint test`, and a clash with a bundled id is a clear
//! error.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ailint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("ailint").unwrap();
    cmd.current_dir(dir);
    cmd
}

const EXAMPLE: &str = "examples/custom-policy";

#[test]
fn the_readme_example_rule_reports_and_its_tests_pass() {
    ailint(&root())
        .args(["check", "examples/custom-policy/infra", "--no-config", "--select", "ACME001"])
        .args(["--policy-dir", "examples/custom-policy/policies"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "examples/custom-policy/infra/pools.tf:1:1: ACME001 [warning] GPU node pool azurerm_kubernetes_cluster_node_pool.gpu has no `team` node label",
        ))
        .stdout(predicate::str::contains("gpu_search").not());
    ailint(&root())
        .args(["test", "examples/custom-policy/policies", "--no-bundled"])
        .assert()
        .success()
        .stdout(predicate::str::contains("PASS examples/custom-policy/policies/gpu-pool-requires-team-label_test.rego: test_gpu_pool_without_team_is_reported"))
        .stdout(predicate::str::ends_with("3 passed, 0 failed\n"));
    ailint(&root())
        .args(["rules", "--policy-dir", "examples/custom-policy/policies"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ACME001").and(predicate::str::contains("AIL101")));
}

fn copy_example(to: &Path) {
    for sub in ["policies", "infra"] {
        std::fs::create_dir_all(to.join(sub)).unwrap();
        for entry in std::fs::read_dir(root().join(EXAMPLE).join(sub)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), to.join(sub).join(entry.file_name())).unwrap();
        }
    }
}

#[test]
fn policy_dirs_in_the_configuration_are_relative_to_it() {
    let dir = tempfile::tempdir().unwrap();
    copy_example(dir.path());
    std::fs::write(
        dir.path().join(".ailint.toml"),
        "policy_dirs = [\"policies\"]\nselect = [\"ACME001\"]\n\n[rules.gpu-pool-requires-team-label]\nseverity = \"error\"\n",
    )
    .unwrap();
    ailint(&dir.path().join("infra"))
        .args(["check", "."])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("pools.tf:1:1: ACME001 [error]"));
}

#[test]
fn a_failing_custom_test_fails_the_run() {
    let dir = tempfile::tempdir().unwrap();
    copy_example(dir.path());
    let test = dir
        .path()
        .join("policies/gpu-pool-requires-team-label_test.rego");
    let text = std::fs::read_to_string(&test).unwrap();
    std::fs::write(
        &test,
        text.replace(
            "count(rule.deny) == 0 with input as pool({\"vm_size\": \"Standard_D4s_v5\"})",
            "count(rule.deny) == 1 with input as pool({\"vm_size\": \"Standard_D4s_v5\"})",
        ),
    )
    .unwrap();
    ailint(dir.path())
        .args(["test", "policies", "--no-bundled"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("FAIL policies/gpu-pool-requires-team-label_test.rego: test_cpu_pool_and_unknown_labels_pass"))
        .stdout(predicate::str::ends_with("2 passed, 1 failed\n"));
}

#[test]
fn a_custom_rule_cannot_take_a_bundled_id() {
    let dir = tempfile::tempdir().unwrap();
    copy_example(dir.path());
    let rule = dir
        .path()
        .join("policies/gpu-pool-requires-team-label.rego");
    let text = std::fs::read_to_string(&rule).unwrap();
    std::fs::write(&rule, text.replace("id: ACME001", "id: AIL101")).unwrap();
    ailint(dir.path())
        .args(["check", "infra", "--policy-dir", "policies"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "rule id AIL101 is already used by policies/network/ai-service-public-network-access.rego (a bundled rule",
        ));
    ailint(dir.path())
        .args(["check", "infra", "--policy-dir", "missing"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "policy directory `missing` does not exist",
        ));
}

/// Rules are evaluated together in one query per unit; when one of them fails at run time, each
/// runs alone so that the error names the failing rule, and the others still report.
#[test]
fn a_rule_that_fails_at_run_time_is_named_and_the_others_still_report() {
    let dir = tempfile::tempdir().unwrap();
    copy_example(dir.path());
    std::fs::write(
        dir.path().join("policies/broken.rego"),
        r#"# METADATA
# title: Broken on purpose
# description: |
#   A rule whose helper has two different values, which is an error when it is evaluated.
# custom:
#   id: ACME999
#   slug: broken-on-purpose
#   severity: warning
#   formats: [terraform]
#   remediation: none
#   tags: [test]
package ailint.rules.broken_on_purpose

import rego.v1

conflict := 1 if input.format == "terraform"

conflict := 2 if input.format == "terraform"

deny contains "x" if conflict > 0
"#,
    )
    .unwrap();
    let out = ailint(dir.path())
        .args(["check", "infra", "--no-config", "--format", "concise"])
        .args(["--select", "ACME", "--policy-dir", "policies"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    assert!(stderr.contains("rule ACME999 failed on infra"), "{stderr}");
    assert!(!stderr.contains("ACME001 failed"), "{stderr}");
    assert!(stdout.contains("ACME001 [warning]"), "{stdout}");
}
