//! End-to-end behaviour of the binary: exit codes, parse errors next to real findings, output
//! formats and their determinism, explicit files, configuration errors and the rule commands.

use std::path::Path;

mod common;

use assert_cmd::Command;
use common::git;
use predicates::prelude::*;
use serde_json::Value;

fn ailint_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("ailint").unwrap();
    cmd.current_dir(dir).env_remove("NO_COLOR");
    cmd
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const OPENAI_TF: &str = r#"resource "azurerm_cognitive_account" "openai" {
  name                = "aoai-prod"
  kind                = "OpenAI"
  sku_name            = "S0"
  location            = "eastus2"
  resource_group_name = "rg-ai"
}
"#;

const OPENAI_ARM: &str = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.CognitiveServices/accounts",
      "apiVersion": "2023-05-01",
      "name": "aoai-prod",
      "kind": "OpenAI",
      "properties": { "publicNetworkAccess": "Enabled" }
    }
  ]
}
"#;

fn json_report(dir: &Path, args: &[&str]) -> (Value, i32) {
    let out = ailint_in(dir)
        .arg("check")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (report, out.status.code().unwrap())
}

fn rule_locations(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}:{}:{}",
                f["rule_id"].as_str().unwrap(),
                f["file"].as_str().unwrap(),
                f["line"],
                f["column"]
            )
        })
        .collect()
}

#[test]
fn malformed_files_are_ail000_and_the_rest_is_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "tf/main.tf", OPENAI_TF);
    write(
        dir.path(),
        "tf/broken.tf",
        "resource \"azurerm_cognitive_account\" \"x\" {\n  kind = \"OpenAI\"\n  sku_name = \n}\n",
    );
    write(dir.path(), "arm/good.json", OPENAI_ARM);
    write(
        dir.path(),
        "arm/broken.json",
        "{\n  \"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\",\n  \"resources\": [ { \"type\": \"x\" ]\n}\n",
    );
    write(
        dir.path(),
        "k8s/broken.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n",
    );
    write(dir.path(), "k8s/other.yaml", "not: kubernetes\n");
    write(dir.path(), "package.json", "{ \"name\": \"x\", ");

    let (report, code) = json_report(dir.path(), &["."]);
    assert_eq!(code, 1);
    let locations = rule_locations(&report);
    let parse_errors: Vec<&String> = locations
        .iter()
        .filter(|l| l.starts_with("AIL000"))
        .collect();
    assert_eq!(parse_errors.len(), 3, "{locations:#?}");
    assert!(
        locations
            .iter()
            .any(|l| l.starts_with("AIL000 tf/broken.tf:3:")),
        "{locations:#?}"
    );
    assert!(
        locations
            .iter()
            .any(|l| l.starts_with("AIL000 arm/broken.json:3:")),
        "{locations:#?}"
    );
    assert!(
        locations
            .iter()
            .any(|l| l.starts_with("AIL000 k8s/broken.yaml:")),
        "{locations:#?}"
    );
    assert!(
        locations.contains(&"AIL101 tf/main.tf:1:1".to_string()),
        "{locations:#?}"
    );
    assert!(
        locations.contains(&"AIL101 arm/good.json:10:23".to_string()),
        "{locations:#?}"
    );
    assert_eq!(report["summary"]["parse_errors"], 3);
}

#[test]
fn exit_codes_follow_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.tf", OPENAI_TF);
    ailint_in(dir.path()).args(["check", "."]).assert().code(1);
    ailint_in(dir.path())
        .args(["check", ".", "--exit-zero"])
        .assert()
        .code(0);
    ailint_in(dir.path())
        .args(["check", ".", "--select", "AIL601"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("No findings"));
    // AIL402 is a warning: it fails at the default `--fail-on warning`, not at `error`.
    ailint_in(dir.path())
        .args(["check", ".", "--select", "AIL402"])
        .assert()
        .code(1);
    ailint_in(dir.path())
        .args(["check", ".", "--select", "AIL402", "--fail-on", "error"])
        .assert()
        .code(0);
    ailint_in(dir.path())
        .args([
            "check",
            ".",
            "--select",
            "AIL101,AIL402",
            "--fail-on",
            "error",
        ])
        .assert()
        .code(1);
    ailint_in(dir.path())
        .args(["check", "nope/"])
        .assert()
        .code(2);
    ailint_in(dir.path())
        .args(["check", "--format", "xml"])
        .assert()
        .code(2);
    ailint_in(dir.path())
        .args(["check", "--select", "AIL9"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("matches no rule"));
}

#[test]
fn json_output_is_deterministic_and_concise_is_one_line_per_finding() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = || {
        let (mut report, _) = json_report(root, &["fixtures", "--no-config", "--jobs", "2"]);
        report["summary"]["duration_ms"] = Value::from(0);
        serde_json::to_string(&report).unwrap()
    };
    let first = run();
    assert_eq!(first, run());
    let (mut single, _) = json_report(root, &["fixtures", "--no-config", "--jobs", "1"]);
    single["summary"]["duration_ms"] = Value::from(0);
    assert_eq!(
        first,
        serde_json::to_string(&single).unwrap(),
        "--jobs 1 and 2 agree"
    );

    let out = ailint_in(root)
        .args([
            "check",
            "fixtures/demo",
            "--format",
            "concise",
            "--no-config",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let report: Value = serde_json::from_str(&first).unwrap();
    assert!(lines.len() > 1);
    for line in &lines[..lines.len() - 1] {
        assert!(line.starts_with("fixtures/demo/"), "{line}");
        assert!(line.contains(": AIL"), "{line}");
    }
    assert!(lines.last().unwrap().starts_with("Found "), "{text}");
    assert!(report["summary"]["files"].as_u64().unwrap() > 10);
}

#[test]
fn explicit_file_reports_only_its_own_findings() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "infra/a.tf", OPENAI_TF);
    write(
        dir.path(),
        "infra/b.tf",
        &OPENAI_TF.replace("\"openai\"", "\"other\""),
    );
    let (report, code) = json_report(dir.path(), &["infra/b.tf", "--select", "AIL101"]);
    assert_eq!(code, 1);
    assert_eq!(rule_locations(&report), vec!["AIL101 infra/b.tf:1:1"]);
}

#[test]
fn config_file_is_found_applied_and_validated() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "infra/main.tf", OPENAI_TF);
    write(dir.path(), ".ailint.toml", "ignore = [\"AIL101\"]\n");
    let (report, _) = json_report(dir.path(), &["infra"]);
    assert!(!rule_locations(&report)
        .iter()
        .any(|l| l.starts_with("AIL101")));
    let (report, _) = json_report(dir.path(), &["infra", "--no-config"]);
    assert!(rule_locations(&report)
        .iter()
        .any(|l| l.starts_with("AIL101")));

    write(
        dir.path(),
        ".ailint.toml",
        "select = []\nfail_onn = \"error\"\n",
    );
    ailint_in(dir.path())
        .args(["check", "infra"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains(".ailint.toml:2:1")
                .and(predicate::str::contains("did you mean `fail_on`")),
        );
}

#[test]
fn full_format_shows_snippet_code_and_help() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.tf", OPENAI_TF);
    let out = ailint_in(dir.path())
        .args([
            "check", ".", "--format", "full", "--color", "never", "--select", "AIL101",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("AIL101"), "{text}");
    assert!(
        text.contains("resource \"azurerm_cognitive_account\" \"openai\""),
        "{text}"
    );
    assert!(text.contains("help:"), "{text}");
    assert!(
        !text.contains('\u{1b}'),
        "no colour codes with --color never"
    );
    let colored = ailint_in(dir.path())
        .args([
            "check", ".", "--format", "full", "--color", "always", "--select", "AIL101",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8(colored.stdout)
        .unwrap()
        .contains('\u{1b}'));
}

#[test]
fn rule_commands_document_every_rule() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = ailint_in(root)
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let rules: Value = serde_json::from_slice(&out.stdout).unwrap();
    for rule in rules["rules"].as_array().unwrap() {
        let id = rule["id"].as_str().unwrap();
        ailint_in(root)
            .args(["rule", id])
            .assert()
            .success()
            .stdout(predicate::str::contains(rule["title"].as_str().unwrap()))
            .stdout(predicate::str::contains("How to fix"))
            .stdout(predicate::str::contains(", reported): fail_"))
            .stdout(predicate::str::contains(", passes): pass_"));
    }
    ailint_in(root)
        .args(["rule", "inference-min-replicas-zer"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "did you mean `inference-min-replicas-zero`",
        ));
}

#[test]
fn rego_unit_tests_pass_through_the_cli() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    ailint_in(root)
        .arg("test")
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"(?m)^[1-9][0-9]* passed, 0 failed$").unwrap());
}

#[test]
fn discovery_respects_gitignore_and_skips_tool_directories() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".gitignore", "generated/\n");
    write(dir.path(), "infra/main.tf", OPENAI_TF);
    write(dir.path(), "generated/main.tf", OPENAI_TF);
    write(dir.path(), "infra/.terraform/modules/x/main.tf", OPENAI_TF);
    write(dir.path(), "node_modules/pkg/main.tf", OPENAI_TF);
    write(
        dir.path(),
        "charts/app/templates/deploy.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Values.name }}\n",
    );
    let (report, _) = json_report(dir.path(), &[".", "--select", "AIL101"]);
    assert_eq!(rule_locations(&report), vec!["AIL101 infra/main.tf:1:1"]);
    assert_eq!(report["summary"]["files"], 1);
    let notes = report["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0]["file"], "charts/app/templates/deploy.yaml");
    assert!(notes[0]["message"].as_str().unwrap().contains("Helm"));
}

#[test]
fn unreadable_and_non_utf8_terraform_is_a_parse_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.tf"),
        b"resource \"a\" \"b\" {\n  x = \"\xff\"\n}\n",
    )
    .unwrap();
    write(dir.path(), "main.tf", OPENAI_TF);
    let (report, code) = json_report(dir.path(), &[".", "--select", "AIL101"]);
    assert_eq!(code, 1);
    let locations = rule_locations(&report);
    assert!(
        locations.contains(&"AIL000 bad.tf:2:8".to_string()),
        "{locations:?}"
    );
    assert!(
        locations.contains(&"AIL101 main.tf:1:1".to_string()),
        "{locations:?}"
    );
}

#[test]
fn secrets_are_masked_in_source_snippets() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "serve.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: tgi\nspec:\n  containers:\n    - name: tgi\n      image: ghcr.io/huggingface/text-generation-inference:2.4.0\n      env:\n        - name: HF_TOKEN\n          value: hf_abcdefghijklmnopqrstuvwxyz123456\n",
    );
    let out = ailint_in(dir.path())
        .args([
            "check",
            ".",
            "--select",
            "AIL204",
            "--format",
            "full",
            "--color",
            "never",
            "--no-config",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("AIL204"), "{text}");
    assert!(text.contains("value: ****"), "{text}");
    assert!(
        !text.contains("hf_abcdefghij"),
        "the secret leaked:\n{text}"
    );
}

/// A pool whose minimum is a variable, for the `--var-file` and module tests.
const VAR_POOL: &str = r#"variable "min" {
  type    = number
  default = 1
}

resource "azurerm_kubernetes_cluster_node_pool" "chat" {
  name                  = "chat"
  kubernetes_cluster_id = "x"
  vm_size               = "Standard_NC24ads_A100_v4"
  auto_scaling_enabled  = true
  min_count             = var.min
  max_count             = 4
  node_taints           = ["sku=gpu:NoSchedule"]
  tags                  = { workload = "inference" }
}
"#;

#[test]
fn var_files_override_defaults_and_a_missing_one_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "infra/main.tf", VAR_POOL);
    write(tmp.path(), "env/prod.tfvars", "min = 0\n");
    write(tmp.path(), "env/dev.tfvars.json", r#"{"min": 2}"#);
    let run = |extra: &[&str]| {
        let out = ailint_in(tmp.path())
            .args([
                "check",
                "infra",
                "--no-config",
                "--format",
                "concise",
                "--select",
                "AIL301",
            ])
            .args(extra)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    // The default keeps a warm node.
    assert_eq!(run(&[]).0, Some(0));
    let (code, out) = run(&["--var-file", "env/prod.tfvars"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("infra/main.tf:11:3: AIL301"), "{out}");
    // Later files win.
    let (code, _) = run(&[
        "--var-file",
        "env/prod.tfvars",
        "--var-file",
        "env/dev.tfvars.json",
    ]);
    assert_eq!(code, Some(0));
    ailint_in(tmp.path())
        .args(["check", "infra", "--var-file", "env/nope.tfvars"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("env/nope.tfvars"));
}

#[test]
fn a_bad_tfvars_file_is_a_located_parse_error() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "main.tf", VAR_POOL);
    write(tmp.path(), "terraform.tfvars", "min = = 0\n");
    ailint_in(tmp.path())
        .args(["check", ".", "--no-config", "--format", "concise"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("terraform.tfvars:1:7: AIL000"));
}

#[test]
fn remote_modules_are_reported_only_with_strict_unknowns() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "main.tf",
        "module \"aks\" {\n  source  = \"Azure/aks/azurerm\"\n  version = \"9.1.0\"\n}\n",
    );
    ailint_in(tmp.path())
        .args(["check", ".", "--no-config", "--format", "concise"])
        .assert()
        .code(0);
    ailint_in(tmp.path())
        .args([
            "check",
            ".",
            "--no-config",
            "--format",
            "concise",
            "--strict-unknowns",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "main.tf:1:1: AIL003 [info] module `aks`",
        ));
}

#[test]
fn a_module_called_twice_is_reported_once_per_place() {
    let tmp = tempfile::tempdir().unwrap();
    // The module hard-codes the bad minimum: both calls and the module's own unit find it at the
    // same place, which is reported once.
    write(
        tmp.path(),
        "modules/pool/main.tf",
        &VAR_POOL.replace("var.min", "0"),
    );
    write(
        tmp.path(),
        "main.tf",
        "module \"a\" {\n  source = \"./modules/pool\"\n}\n\nmodule \"b\" {\n  source = \"./modules/pool\"\n}\n",
    );
    let out = ailint_in(tmp.path())
        .args([
            "check",
            ".",
            "--no-config",
            "--format",
            "json",
            "--select",
            "AIL301",
        ])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let places: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{}:{}", f["file"].as_str().unwrap(), f["line"]))
        .collect();
    assert_eq!(places, ["modules/pool/main.tf:11"]);
}

#[test]
fn auto_tfvars_files_apply_after_terraform_tfvars_in_lexical_order() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "main.tf", VAR_POOL);
    write(tmp.path(), "terraform.tfvars", "min = 3\n");
    write(tmp.path(), "a.auto.tfvars", "min = 0\n");
    let run = || {
        let out = ailint_in(tmp.path())
            .args([
                "check",
                ".",
                "--no-config",
                "--format",
                "concise",
                "--select",
                "AIL301",
            ])
            .output()
            .unwrap();
        out.status.code()
    };
    // a.auto.tfvars overrides terraform.tfvars.
    assert_eq!(run(), Some(1));
    // b.auto.tfvars.json comes after it and restores a warm node.
    write(tmp.path(), "b.auto.tfvars.json", r#"{"min": 2}"#);
    assert_eq!(run(), Some(0));
    // A plain `prod.tfvars` is only read with --var-file.
    std::fs::remove_file(tmp.path().join("b.auto.tfvars.json")).unwrap();
    write(tmp.path(), "prod.tfvars", "min = 5\n");
    assert_eq!(run(), Some(1));
}
/// `terraform show -json` output is found by content, checked by the Terraform rules with the
/// address in the message, and a plan that no longer parses is a located AIL000.
#[test]
fn terraform_plan_json_is_checked_and_malformed_plans_are_ail000() {
    let dir = tempfile::tempdir().unwrap();
    let plan = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/AIL301-inference-min-replicas-zero-plan/fail_plan.json"),
    )
    .unwrap();
    write(dir.path(), "plans/gpu.json", &plan);
    write(
        dir.path(),
        "plans/broken.json",
        "{\n  \"format_version\": \"1.2\",\n  \"planned_values\": {\n    \"root_module\": [\n}\n",
    );
    // A state file (`terraform show -json` without a plan) is not a plan: skipped silently.
    write(
        dir.path(),
        "plans/state.json",
        "{\"format_version\": \"1.0\", \"values\": {\"root_module\": {}}}",
    );
    let (report, code) = json_report(dir.path(), &[".", "--select", "AIL301"]);
    assert_eq!(code, 1);
    let locations = rule_locations(&report);
    assert_eq!(
        locations,
        [
            "AIL000 plans/broken.json:5:1",
            "AIL301 plans/gpu.json:57:17",
            "AIL301 plans/gpu.json:84:17",
        ],
        "{locations:#?}"
    );
    let message = report["findings"][1]["message"].as_str().unwrap();
    assert!(
        message.contains("module.gpu.azurerm_kubernetes_cluster_node_pool.gpu_a100"),
        "{message}"
    );
    assert_eq!(report["summary"]["files"], 2);

    ailint_in(dir.path())
        .args(["rule", "AIL301"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Formats: terraform (HCL and plan JSON), arm, bicep, kubernetes",
        ));
}

/// GPU pool taints of one repository do not decide for the manifests of another checked in the
/// same run (AIL602): each sees the pools of its nearest VCS root, else of the directory given.
#[test]
fn gpu_pool_taints_stay_in_their_repository() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/AIL602-gpu-workload-without-toleration-tf-pools");
    let pools = std::fs::read_to_string(fixture.join("cluster/pools.tf")).unwrap();
    let pod = std::fs::read_to_string(fixture.join("fail_only_sku_gpu.yaml")).unwrap();
    let findings_602 = |dir: &Path, args: &[&str]| -> usize {
        let out = ailint_in(dir)
            .args([
                "check",
                "--no-config",
                "--select",
                "AIL602",
                "--format",
                "json",
            ])
            .args(args)
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        report["findings"].as_array().unwrap().len()
    };

    // Two repositories side by side: the pod tolerates the AKS GPU taint, and the `team=ml` pool
    // belongs to the other repository.
    let two = tempfile::tempdir().unwrap();
    write(two.path(), "platform/.git/HEAD", "ref: refs/heads/main\n");
    write(two.path(), "platform/aks/pools.tf", &pools);
    write(two.path(), "models/.git/HEAD", "ref: refs/heads/main\n");
    write(two.path(), "models/k8s/qwen.yaml", &pod);
    assert_eq!(findings_602(two.path(), &["."]), 0);

    // Without VCS roots, each directory given is its own repository...
    let plain = tempfile::tempdir().unwrap();
    write(plain.path(), "platform/aks/pools.tf", &pools);
    write(plain.path(), "models/k8s/qwen.yaml", &pod);
    assert_eq!(findings_602(plain.path(), &["platform", "models"]), 0);

    // ...and one repository holding both sees the pool's taint.
    let one = tempfile::tempdir().unwrap();
    write(one.path(), ".git/HEAD", "ref: refs/heads/main\n");
    write(one.path(), "aks/pools.tf", &pools);
    write(one.path(), "k8s/qwen.yaml", &pod);
    assert_eq!(findings_602(one.path(), &["."]), 1);
}

/// Not every `{{` is Helm: a manifest whose strings hold template text (alert descriptions, Argo
/// parameters) is checked; a chart's templates and files that are YAML only once rendered are
/// skipped, with a note saying why.
#[test]
fn template_text_in_strings_is_a_manifest_and_chart_templates_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: gpu\n  namespace: ml\nspec:\n  containers:\n    - name: c\n      image: nvcr.io/nvidia/cuda:12.4.1-base-ubuntu22.04\n      resources:\n        limits:\n          nvidia.com/gpu: 1\n";
    write(
        dir.path(),
        "monitoring/gpu-alerts.yaml",
        &format!("apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: gpu\nspec:\n  groups:\n    - name: gpu\n      rules:\n        - alert: GpuHot\n          expr: DCGM_FI_DEV_GPU_TEMP > 85\n          annotations:\n            summary: \"GPU {{{{ $labels.gpu }}}} on {{{{ $labels.instance }}}} is hot\"\n            description: |\n              {{{{ $value }}}} degrees\n---\n{pod}"),
    );
    write(
        dir.path(),
        "chart/Chart.yaml",
        "apiVersion: v2\nname: app\nversion: 0.1.0\n",
    );
    write(
        dir.path(),
        "chart/templates/pod.yaml",
        &format!("{pod}# {{{{- include \"x\" . }}}}\n"),
    );
    write(
        dir.path(),
        "loose/deploy.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Values.name }}\n",
    );
    // An operator's own Go templates (the GPU Operator's manifests/), no Helm in sight.
    write(
        dir.path(),
        "manifests/state-driver/0100_service_account.yaml",
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {{ .Driver.Name }}\n  namespace: {{ .Runtime.Namespace }}\n",
    );
    let (report, _) = json_report(dir.path(), &[".", "--select", "AIL601"]);
    assert_eq!(
        rule_locations(&report),
        vec!["AIL601 monitoring/gpu-alerts.yaml:21:1"],
        "{report}"
    );
    let notes: Vec<(String, String)> = report["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["file"].as_str().unwrap().into(),
                n["message"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(notes.len(), 3, "{notes:?}");
    assert_eq!(notes[0].0, "chart/templates/pod.yaml");
    assert!(notes[0].1.contains("in a chart's templates/"), "{notes:?}");
    assert_eq!(notes[1].0, "loose/deploy.yaml");
    assert!(
        notes[1].1.contains("not YAML before rendering"),
        "{notes:?}"
    );
    assert_eq!(
        notes[2].0,
        "manifests/state-driver/0100_service_account.yaml"
    );
    assert!(
        notes[2].1.contains("not YAML before rendering"),
        "{notes:?}"
    );
    assert_eq!(report["summary"]["parse_errors"], 0, "{report}");
}

/// A value written as `var.x` that kept the variable's default says so, with the default's
/// place; one set by a caller is reported at the caller's argument without that note, and one
/// set by a variable file has none either.
#[test]
fn messages_name_the_variable_default_a_value_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let pool = |name: &str| {
        format!(
            "resource \"azurerm_kubernetes_cluster_node_pool\" \"{name}\" {{\n  name                  = \"{name}\"\n  kubernetes_cluster_id = \"x\"\n  vm_size               = \"Standard_NC24ads_A100_v4\"\n  auto_scaling_enabled  = true\n  min_count             = var.min_count\n  max_count             = 4\n  tags                  = {{ workload = \"inference\" }}\n}}\n"
        )
    };
    let variable = "variable \"min_count\" {\n  type    = number\n  default = 0\n}\n";
    write(dir.path(), "modules/pool/main.tf", &pool("gpu"));
    write(dir.path(), "modules/pool/variables.tf", variable);
    write(
        dir.path(),
        "live/main.tf",
        "module \"set\" {\n  source    = \"../modules/pool\"\n  min_count = 0\n}\n\nmodule \"defaulted\" {\n  source = \"../modules/pool\"\n}\n",
    );
    write(dir.path(), "alone/main.tf", &pool("alone"));
    write(dir.path(), "alone/variables.tf", variable);
    write(dir.path(), "tfvars/main.tf", &pool("tfvars"));
    write(dir.path(), "tfvars/variables.tf", variable);
    write(dir.path(), "tfvars/terraform.tfvars", "min_count = 0\n");
    let (report, _) = json_report(dir.path(), &[".", "--select", "AIL301", "--no-config"]);
    let found: Vec<(String, u64, bool)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let message = f["message"].as_str().unwrap();
            (
                f["file"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                message.ends_with("(the value is the default of `var.min_count`, variables.tf:3)"),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("alone/main.tf".to_string(), 6, true),
            ("live/main.tf".to_string(), 3, false),
            ("modules/pool/main.tf".to_string(), 6, true),
            ("tfvars/main.tf".to_string(), 6, false),
        ],
        "{report}"
    );
}

/// `--changed-since main` on a branch: findings on changed lines, and on a resource whose block
/// holds a changed line (a missing attribute is reported on the header), are reported; findings
/// in untouched lines and files are not; a new untracked file counts as changed throughout, and a
/// changed variable file makes every finding of its unit count. A
/// reference git cannot find, or a directory outside any repository, is a usage error (2), never
/// a silent full run.
#[test]
fn changed_since_reports_only_what_the_branch_changed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    let account = |name: &str, extra: &str| {
        format!("resource \"azurerm_cognitive_account\" \"{name}\" {{\n  name                = \"{name}\"\n  kind                = \"OpenAI\"\n  sku_name            = \"S0\"\n  location            = \"eastus2\"\n  resource_group_name = \"rg\"\n{extra}}}\n")
    };
    let old = format!("{}\n{}", account("old", ""), account("touched", ""));
    write(root, "infra/main.tf", &old);
    write(root, "other/main.tf", &account("untouched", ""));
    // A unit whose value comes from its variable file: changing only that file changes it.
    write(
        root,
        "values/main.tf",
        "variable \"public\" {\n  type = bool\n}\n\nresource \"azurerm_cognitive_account\" \"by_value\" {\n  name                          = \"v\"\n  kind                          = \"OpenAI\"\n  sku_name                      = \"S0\"\n  location                      = \"eastus2\"\n  resource_group_name           = \"rg\"\n  local_auth_enabled            = false\n  public_network_access_enabled = var.public\n}\n",
    );
    write(root, "values/terraform.tfvars", "public = false\n");
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "base"]);
    git(root, &["checkout", "-q", "-b", "feature"]);
    // One line changed inside `touched`; `old` and the other directory stay as they were.
    let new = format!(
        "{}\n{}",
        account("old", ""),
        account("touched", "  local_auth_enabled  = true\n")
    );
    write(root, "infra/main.tf", &new);
    write(root, "values/terraform.tfvars", "public = true\n");
    git(root, &["commit", "-q", "-am", "change"]);
    write(root, "infra/new.tf", &account("brand_new", ""));

    let (report, code) = json_report(
        root,
        &[
            ".",
            "--no-config",
            "--select",
            "AIL101,AIL201",
            "--changed-since",
            "main",
        ],
    );
    assert_eq!(code, 1, "{report}");
    let mut found: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["rule_id"].as_str().unwrap(),
                f["resource"].as_str().unwrap()
            )
        })
        .collect();
    found.sort();
    found.dedup();
    assert_eq!(
        found,
        vec![
            "AIL101 azurerm_cognitive_account.brand_new",
            "AIL101 azurerm_cognitive_account.by_value",
            "AIL101 azurerm_cognitive_account.touched",
            "AIL201 azurerm_cognitive_account.brand_new",
            "AIL201 azurerm_cognitive_account.touched",
        ],
        "{report}"
    );
    // Without the flag the untouched resources are reported too.
    let (all, _) = json_report(root, &[".", "--no-config", "--select", "AIL101"]);
    assert_eq!(all["findings"].as_array().unwrap().len(), 5, "{all}");

    let out = ailint_in(root)
        .args([
            "check",
            ".",
            "--no-config",
            "--changed-since",
            "no-such-branch",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--changed-since no-such-branch"),
        "{stderr}"
    );

    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "main.tf", &account("x", ""));
    let out = ailint_in(outside.path())
        .args(["check", ".", "--no-config", "--changed-since", "main"])
        .env("GIT_CEILING_DIRECTORIES", outside.path().parent().unwrap())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
