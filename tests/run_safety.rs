//! Whole-run guarantees: the same findings whatever the number of worker threads or however many
//! findings had to go to the temporary file, discovery that
//! survives symlink loops and unreadable files, and user policies that cannot reach the network,
//! the environment or the filesystem (the regorus builtins that could are not compiled in).

use std::path::{Path, PathBuf};

use ailint::policy::{bundled_files, PolicySet, RegoFile};
use ailint::render::{Format, Options};
use assert_cmd::Command;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn report(dir: &Path, args: &[&str]) -> (Value, i32) {
    let out = Command::cargo_bin("ailint")
        .unwrap()
        .current_dir(dir)
        .arg("check")
        .args(args)
        .args(["--format", "json", "--no-config"])
        .output()
        .unwrap();
    let mut report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    // The only field allowed to differ between two runs.
    report["summary"]["duration_ms"] = Value::Null;
    (report, out.status.code().unwrap_or(-1))
}

#[test]
fn one_and_two_workers_give_identical_output() {
    let (one, code_one) = report(&root(), &["fixtures", "--jobs", "1"]);
    let (two, code_two) = report(&root(), &["fixtures", "--jobs", "2"]);
    assert_eq!(code_one, 1);
    assert_eq!(code_one, code_two);
    assert!(one["findings"].as_array().is_some_and(|f| f.len() > 100));
    assert!(one == two, "--jobs 1 and --jobs 2 differ");
}

const GPU_POOL: &str = r#"resource "azurerm_kubernetes_cluster_node_pool" "gpu" {
  name                  = "gpu"
  kubernetes_cluster_id = "x"
  vm_size               = "Standard_NC24ads_A100_v4"
  min_count             = 0
}
"#;

#[cfg(unix)]
/// Findings beyond the memory budget go to a temporary file and are read back when rendered: with
/// a budget of zero every finding takes that path, and every output format is byte-identical.
#[test]
fn findings_spilled_to_disk_render_exactly_as_in_memory() {
    let policies = PolicySet::bundled().unwrap();
    let settings = |budget| ailint::settings::Settings {
        paths: vec![PathBuf::from("fixtures")],
        finding_memory: budget,
        ..Default::default()
    };
    let in_memory = ailint::check(&settings(usize::MAX), &policies, &root()).unwrap();
    let spilled = ailint::check(&settings(0), &policies, &root()).unwrap();
    assert!(!in_memory.findings.spilled());
    assert!(spilled.findings.spilled());
    assert!(
        in_memory.findings.len() > 500,
        "{}",
        in_memory.findings.len()
    );
    assert_eq!(in_memory.findings.len(), spilled.findings.len());
    let options = Options {
        rules: &policies.rules,
        color: false,
        quiet: false,
        unsafe_fixes: false,
    };
    let json = |r: &ailint::Report| {
        let mut v: Value = serde_json::from_str(&Format::Json.render(r, &options)).unwrap();
        v["summary"]["duration_ms"] = Value::Null;
        v
    };
    assert_eq!(json(&in_memory), json(&spilled));
    assert_eq!(
        Format::Sarif.render(&in_memory, &options),
        Format::Sarif.render(&spilled, &options)
    );
    assert_eq!(
        Format::Full.render(&in_memory, &options),
        Format::Full.render(&spilled, &options)
    );
}

/// A rule is skipped on units that have none of its METADATA `resource_types`; on every fixture
/// that loses no finding. (A rule whose list misses a type it can fire on fails here, as long as
/// a fixture covers that type.)
#[test]
fn skipping_rules_by_resource_type_loses_no_finding() {
    let policies = PolicySet::bundled().unwrap();
    assert!(
        policies.rules.iter().all(|r| !r.resource_types.is_empty()),
        "every bundled rule declares the resource types it can fire on"
    );
    let settings = |skip| ailint::settings::Settings {
        paths: vec![PathBuf::from("fixtures")],
        skip_by_type: skip,
        ..Default::default()
    };
    let all = ailint::check(&settings(false), &policies, &root()).unwrap();
    let skipped = ailint::check(&settings(true), &policies, &root()).unwrap();
    let listed = |r: &ailint::Report| -> Vec<String> {
        r.findings
            .iter()
            .map(|f| {
                format!(
                    "{}:{}:{} {} {}",
                    f.file, f.span.line, f.span.column, f.rule_id, f.message
                )
            })
            .collect()
    };
    assert!(all.errors.is_empty(), "{:?}", all.errors);
    assert_eq!(listed(&all), listed(&skipped));
}

#[test]
fn symlink_loops_and_dangling_links_do_not_stop_discovery() {
    let dir = tempfile::tempdir().unwrap();
    let infra = dir.path().join("infra");
    std::fs::create_dir_all(infra.join("sub")).unwrap();
    std::fs::write(infra.join("main.tf"), GPU_POOL).unwrap();
    std::os::unix::fs::symlink("..", infra.join("sub/up")).unwrap();
    std::os::unix::fs::symlink(".", infra.join("self")).unwrap();
    std::os::unix::fs::symlink("missing.tf", infra.join("dangling.tf")).unwrap();
    std::os::unix::fs::symlink("b", infra.join("a")).unwrap();
    std::os::unix::fs::symlink("a", infra.join("b")).unwrap();
    let (report, code) = report(dir.path(), &["infra"]);
    assert_eq!(code, 1, "{report}");
    let files: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["file"].as_str())
        .collect();
    assert!(files.contains(&"infra/main.tf"), "{files:?}");
    assert_eq!(report["summary"]["files"], 1);
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_a_parse_error_and_the_rest_is_checked() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), GPU_POOL).unwrap();
    let locked = dir.path().join("locked.tf");
    std::fs::write(&locked, GPU_POOL).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        // Running as root: permissions do not stop reads, so there is nothing to test here.
        return;
    }
    let (report, code) = report(dir.path(), &["."]);
    assert_eq!(code, 1);
    let findings = report["findings"].as_array().unwrap();
    assert!(findings
        .iter()
        .any(|f| f["rule"] == "AIL000" && f["file"] == "locked.tf"));
    assert!(findings
        .iter()
        .any(|f| f["rule"] != "AIL000" && f["file"] == "main.tf"));
}

/// A user rule whose `deny` calls `call`.
fn user_rule(call: &str) -> RegoFile {
    RegoFile {
        path: "policies/escape.rego".into(),
        text: format!(
            r#"# METADATA
# title: Tries to escape
# description: A policy that reads something outside its input, which must be refused.
# custom:
#   id: ESC001
#   slug: escape
#   severity: error
#   formats: [terraform]
#   remediation: None.
#   tags: [test]
package ailint.rules.escape

deny contains f if {{
	x := {call}
	f := {{"resource": "r", "path": [], "message": sprintf("%v", [x])}}
}}
"#
        ),
        bundled: false,
    }
}

#[test]
fn policies_cannot_reach_the_network_environment_or_files() {
    let base = PolicySet::from_files(&bundled_files());
    assert!(base.is_ok(), "{:?}", base.err());
    for call in [
        r#"http.send({"method": "GET", "url": "http://169.254.169.254/metadata"})"#,
        "opa.runtime()",
        r#"net.lookup_ip_addr("example.com")"#,
    ] {
        let mut files = bundled_files();
        files.push(user_rule(call));
        match PolicySet::from_files(&files).and_then(|set| set.engine().cloned()) {
            Err(e) => assert!(e.to_string().contains("escape.rego"), "{call}: {e}"),
            Ok(engine) => {
                // Not refused when compiling: it must at least fail at evaluation.
                let mut engine = engine;
                engine.set_input(regorus::Value::from(
                    serde_json::json!({"format": "terraform"}),
                ));
                let result = engine.eval_rule("data.ailint.rules.escape.deny".into());
                assert!(result.is_err(), "{call} is allowed: {result:?}");
            }
        }
    }
}
