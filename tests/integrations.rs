//! The machine formats and integrations, checked with the real tools on the other side: the SARIF
//! 2.1.0 schema (vendored from Microsoft's sarif-multitool package) and sarif-multitool itself,
//! actionlint on the Action and the example workflow, the Action's shell steps under a fake GitHub
//! environment, and the real `pre-commit` against a temporary repository.
//!
//! External tools are installed by `.ci/run`. Locally a missing tool skips its test with a printed
//! reason; under `CI=true` a missing tool fails the test (unless `.ci/run` says why it could not be
//! installed, in `AILINT_SKIP_<TOOL>`).

use std::path::{Path, PathBuf};
use std::process::Command as Process;

mod common;

use assert_cmd::Command;
use common::git;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ailint_bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("ailint")
}

fn run_ailint(dir: &Path, args: &[&str]) -> (String, i32) {
    let out = Command::cargo_bin("ailint")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

/// The tool on PATH, or `None` (and a printed reason) when it may be skipped.
fn tool(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    });
    if found.is_some() {
        return found;
    }
    let skip_var = format!("AILINT_SKIP_{}", name.to_uppercase().replace('-', "_"));
    if let Ok(reason) = std::env::var(&skip_var) {
        eprintln!("SKIPPED: `{name}` is not installed: {reason}");
        return None;
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("`{name}` is not on PATH; .ci/run installs it (or sets {skip_var} with the reason)");
    }
    eprintln!("SKIPPED: `{name}` is not on PATH (run `bash .ci/run` to install the test tools)");
    None
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn demo_sarif() -> Value {
    let (out, code) = run_ailint(
        &root(),
        &["check", "fixtures/demo", "--no-config", "--format", "sarif"],
    );
    assert_eq!(code, 1);
    serde_json::from_str(&out).unwrap()
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/schemas/sarif-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    // The demo, and a run with a parse error and a Helm note, cover every part we emit.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.tf", "resource \"a\" \"b\" {\n");
    write(
        dir.path(),
        "chart/templates/d.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.n }}\n",
    );
    let (other, _) = run_ailint(
        dir.path(),
        &["check", ".", "--no-config", "--format", "sarif"],
    );
    for sarif in [demo_sarif(), serde_json::from_str(&other).unwrap()] {
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

#[test]
fn sarif_describes_every_rule_and_locates_every_result() {
    let sarif = demo_sarif();
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let (listed, _) = run_ailint(&root(), &["rules", "--format", "json"]);
    let listed: Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(
        rules.len(),
        listed["rules"].as_array().unwrap().len() + 4,
        "every rule plus AIL000-AIL003"
    );
    for rule in rules {
        for key in ["id", "name", "helpUri"] {
            assert!(rule[key].is_string(), "{key} in {rule}");
        }
        assert!(
            rule["shortDescription"]["text"].is_string()
                && rule["fullDescription"]["text"].is_string()
        );
        assert!(rule["help"]["text"].is_string() && rule["help"]["markdown"].is_string());
        assert!(rule["defaultConfiguration"]["level"].is_string());
        assert!(rule["properties"]["tags"].is_array());
    }
    let security: Vec<&Value> = rules
        .iter()
        .filter(|r| {
            r["properties"]["tags"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t == "security")
        })
        .collect();
    assert!(!security.is_empty());
    assert!(security
        .iter()
        .all(|r| r["properties"]["security-severity"].is_string()));
    // Compliance references travel in the rule's properties; helpUri stays the rule's own page.
    let public_access = rules.iter().find(|r| r["id"] == "AIL101").unwrap();
    let references = public_access["properties"]["references"]
        .as_array()
        .unwrap();
    assert!(references.iter().any(|r| r["kind"] == "azure_policy"
        && r["id"] == "0725b4dd-7e76-479c-a735-68e7ee23d5ca"
        && r["url"].as_str().unwrap().contains("0725b4dd")));
    assert!(public_access["helpUri"]
        .as_str()
        .unwrap()
        .contains("ai-service-public-network-access"));
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(location["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .starts_with("fixtures/demo/"));
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(location["region"][key].as_u64().unwrap() >= 1);
        }
        assert!(result["partialFingerprints"]["ailint/v1"].is_string());
    }
}

#[test]
fn sarif_fingerprints_survive_unrelated_line_moves() {
    let dir = tempfile::tempdir().unwrap();
    let tf = std::fs::read_to_string(root().join("fixtures/demo/terraform/aks.tf")).unwrap();
    write(dir.path(), "aks.tf", &tf);
    let fingerprints = |dir: &Path| -> Vec<(String, u64)> {
        let (out, _) = run_ailint(dir, &["check", ".", "--no-config", "--format", "sarif"]);
        let sarif: Value = serde_json::from_str(&out).unwrap();
        sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["partialFingerprints"]["ailint/v1"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                    r["locations"][0]["physicalLocation"]["region"]["startLine"]
                        .as_u64()
                        .unwrap(),
                )
            })
            .collect()
    };
    let before = fingerprints(dir.path());
    write(
        dir.path(),
        "aks.tf",
        &format!("# a comment\n\n# added above\n{tf}"),
    );
    let after = fingerprints(dir.path());
    assert!(!before.is_empty());
    assert_eq!(before.len(), after.len());
    for ((fp_a, line_a), (fp_b, line_b)) in before.iter().zip(&after) {
        assert_eq!(fp_a, fp_b);
        assert_eq!(line_a + 3, *line_b);
    }
}

#[test]
fn sarif_passes_sarif_multitool_validation() {
    // The npm package's `sarif-multitool` wrapper passes arguments through a shell, which splits
    // `Gh;Sarif`; `.ci/run` points SARIF_MULTITOOL at the platform binary it ships.
    let multitool = match std::env::var_os("SARIF_MULTITOOL") {
        Some(path) => PathBuf::from(path),
        None => match tool("sarif-multitool") {
            Some(_) => panic!("set SARIF_MULTITOOL to the Sarif.Multitool binary (see .ci/run)"),
            None => return,
        },
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ailint.sarif");
    std::fs::write(&file, serde_json::to_string_pretty(&demo_sarif()).unwrap()).unwrap();
    let out_file = dir.path().join("validation.sarif");
    // `--rule-kind "Gh;Sarif"` adds GitHub's ingestion rules to the SARIF spec rules.
    let out = Process::new(multitool)
        .args(["validate", "--rule-kind", "Gh;Sarif", "--output"])
        .arg(&out_file)
        .arg(&file)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "sarif-multitool failed:\n{text}");
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&out_file).unwrap()).unwrap();
    let problems: Vec<&Value> = report["runs"][0]["results"]
        .as_array()
        .map(|r| {
            r.iter()
                .filter(|x| x["level"] == "error" || x["level"] == "warning")
                .collect()
        })
        .unwrap_or_default();
    assert!(
        problems.is_empty(),
        "sarif-multitool reports:\n{}",
        serde_json::to_string_pretty(&problems).unwrap()
    );
}

#[test]
fn github_annotations_carry_the_full_range_and_escape_properties() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a,b:c%/main.tf", "resource \"azurerm_cognitive_account\" \"x\" {\n  kind = \"OpenAI\"\n  public_network_access_enabled = true\n}\n");
    let (out, code) = run_ailint(
        dir.path(),
        &[
            "check",
            ".",
            "--no-config",
            "--format",
            "github",
            "--select",
            "AIL101",
        ],
    );
    assert_eq!(code, 1);
    let line = out.lines().next().unwrap();
    assert!(
        line.starts_with("::error file=a%2Cb%3Ac%25/main.tf,line=3,col=3,endLine=3,endColumn=39,title=AIL101 ai-service-public-network-access::"),
        "{line}"
    );
    assert!(line.contains("%0AHow to fix: "), "{line}");
    assert!(!line.contains('\n'));
}

#[test]
fn junit_is_well_formed_with_a_suite_per_file() {
    let Some(python) = tool("python3") else {
        return;
    };
    let (xml, _) = run_ailint(
        &root(),
        &["check", "fixtures/demo", "--no-config", "--format", "junit"],
    );
    let script = r#"
import sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.read())
suites = root.findall("testsuite")
cases = root.findall("testsuite/testcase")
failures = root.findall("testsuite/testcase/failure")
assert root.get("tests") == str(len(cases)), (root.get("tests"), len(cases))
assert root.get("failures") == str(len(failures))
print(len(suites), len(cases), len(failures))
"#;
    let mut child = Process::new(python)
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(xml.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let counts: Vec<usize> = String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    let report: Value = serde_json::from_str(
        &run_ailint(
            &root(),
            &["check", "fixtures/demo", "--no-config", "--format", "json"],
        )
        .0,
    )
    .unwrap();
    assert_eq!(
        counts[0] as u64,
        report["summary"]["files"].as_u64().unwrap(),
        "one suite per checked file"
    );
    assert!(counts[2] > 0 && counts[2] <= report["findings"].as_array().unwrap().len());
}

#[test]
fn output_and_report_files_hold_the_same_run() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("out/report.json");
    let sarif = dir.path().join("out/report.sarif");
    let (stdout, code) = run_ailint(
        &root(),
        &[
            "check",
            "fixtures/demo",
            "--no-config",
            "--format",
            "json",
            "--output",
            main.to_str().unwrap(),
            "--report",
            &format!("sarif={}", sarif.display()),
        ],
    );
    assert_eq!(code, 1);
    assert!(
        stdout.is_empty(),
        "--output sends the report to the file: {stdout}"
    );
    let json: Value = serde_json::from_str(&std::fs::read_to_string(main).unwrap()).unwrap();
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(sarif).unwrap()).unwrap();
    assert_eq!(
        json["findings"].as_array().unwrap().len(),
        sarif["runs"][0]["results"].as_array().unwrap().len()
    );
    let (_, code) = run_ailint(&root(), &["check", "fixtures/demo", "--report", "xml=x"]);
    assert_eq!(code, 2);
}

#[test]
fn actionlint_accepts_the_action_and_the_workflows() {
    let Some(actionlint) = tool("actionlint") else {
        return;
    };
    // The self-test workflow uses the Action as `./`, so actionlint also validates action.yml's
    // inputs and outputs through it.
    let out = Process::new(actionlint)
        .current_dir(root())
        .args([
            ".github/workflows/action-self-test.yml",
            "examples/github-workflow.yml",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "actionlint:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The actions the composite Action itself runs (`uses:` steps of action.yml), linted as steps of
/// a throw-away workflow: actionlint checks a composite action's metadata but not the runtime of
/// the actions it calls, and a removed runtime (Node 20) must fail here before it fails a user.
#[test]
fn actionlint_accepts_the_actions_the_action_uses() {
    let Some(actionlint) = tool("actionlint") else {
        return;
    };
    let text = std::fs::read_to_string(root().join("action.yml")).unwrap();
    let docs = <saphyr::Yaml as saphyr::LoadableYamlNode>::load_from_str(&text).unwrap();
    let steps = docs[0]
        .as_mapping_get("runs")
        .and_then(|r| r.as_mapping_get("steps"))
        .and_then(|s| s.as_vec())
        .expect("action.yml has runs.steps");
    let mut workflow =
        String::from("on: push\njobs:\n  composite:\n    runs-on: ubuntu-latest\n    steps:\n");
    let mut used = 0;
    for step in steps {
        let Some(uses) = step.as_mapping_get("uses").and_then(|u| u.as_str()) else {
            continue;
        };
        used += 1;
        workflow.push_str(&format!("      - uses: {uses}\n"));
        // The inputs it is given, with placeholder values: the real ones refer to the other
        // steps of the composite action.
        if let Some(with) = step.as_mapping_get("with").and_then(|w| w.as_mapping()) {
            workflow.push_str("        with:\n");
            for key in with.keys().filter_map(|k| k.as_str()) {
                workflow.push_str(&format!("          {key}: x\n"));
            }
        }
    }
    assert!(used > 0, "action.yml uses no action; drop this test");
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        ".github/workflows/composite-steps.yml",
        &workflow,
    );
    let out = Process::new(actionlint)
        .current_dir(dir.path())
        .arg(".github/workflows/composite-steps.yml")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "actionlint on the Action's own steps:\n{workflow}\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A fake `$GITHUB_*` environment for the Action's scripts.
struct FakeRunner {
    dir: tempfile::TempDir,
}

impl FakeRunner {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        for f in ["output", "summary", "path"] {
            std::fs::write(dir.path().join(f), "").unwrap();
        }
        std::fs::create_dir_all(dir.path().join("temp")).unwrap();
        FakeRunner { dir }
    }

    fn script(&self, name: &str) -> Process {
        let mut p = Process::new("bash");
        p.arg(root().join("action").join(name))
            .current_dir(root())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path().join("home"))
            .env("GITHUB_ACTION_PATH", root())
            .env("GITHUB_OUTPUT", self.dir.path().join("output"))
            .env("GITHUB_STEP_SUMMARY", self.dir.path().join("summary"))
            .env("GITHUB_PATH", self.dir.path().join("path"))
            .env("RUNNER_TEMP", self.dir.path().join("temp"))
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64");
        p
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(name)).unwrap()
    }
}

#[test]
fn action_run_step_annotates_summarises_and_sets_outputs() {
    let runner = FakeRunner::new();
    let sarif = runner.dir.path().join("ailint.sarif");
    let out = runner
        .script("run.sh")
        .env("AILINT", ailint_bin())
        .env("INPUT_PATH", "fixtures/demo/terraform fixtures/demo/k8s")
        .env("INPUT_FAIL_ON", "warning")
        .env("INPUT_CONFIG", "")
        .env("INPUT_SARIF_FILE", &sarif)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.lines().all(|l| l.starts_with("::")),
        "only workflow commands on stdout:\n{stdout}"
    );
    assert!(
        stdout.contains("::error file=fixtures/demo/terraform/aks.tf,line=35,col=3,"),
        "{stdout}"
    );
    let (json, _) = run_ailint(
        &root(),
        &[
            "check",
            "fixtures/demo/terraform",
            "fixtures/demo/k8s",
            "--format",
            "json",
        ],
    );
    let expected = serde_json::from_str::<Value>(&json).unwrap()["summary"]["findings"]
        .as_u64()
        .unwrap();
    assert!(expected > 0);
    let outputs = runner.read("output");
    assert!(
        outputs.contains(&format!("findings={expected}\n")),
        "{outputs}"
    );
    assert!(
        outputs.contains(&format!("sarif-file={}\n", sarif.display())),
        "{outputs}"
    );
    let summary = runner.read("summary");
    assert!(summary.contains("| Severity | Rule | Location | Message |"));
    // The GPU inventory follows the findings.
    let inventory = summary
        .find("### ailint: GPU inventory")
        .expect("the inventory is in the summary");
    assert!(inventory > summary.find("| Severity |").unwrap());
    assert!(
        summary.contains("| `fixtures/demo/terraform/aks.tf:30` | AKS node pool |"),
        "{summary}"
    );
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(sarif).unwrap()).unwrap();
    assert_eq!(
        sarif["runs"][0]["results"].as_array().unwrap().len() as u64,
        expected
    );
    assert!(
        std::fs::read_dir(runner.dir.path().join("temp"))
            .unwrap()
            .next()
            .is_none(),
        "temp files removed"
    );

    // fail-on error: warnings alone do not fail; a clean path passes with 0 findings.
    let runner = FakeRunner::new();
    let warnings_only = runner.dir.path().join("manifests");
    write(
        &warnings_only,
        "serve.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: embed\nspec:\n  template:\n    spec:\n      containers:\n        - name: embed\n          image: ghcr.io/acme/embed:1.4.2\n          resources:\n            limits:\n              nvidia.com/gpu: 1\n",
    );
    let out = runner
        .script("run.sh")
        .env("AILINT", ailint_bin())
        .env("INPUT_PATH", &warnings_only)
        .env("INPUT_FAIL_ON", "error")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(runner.read("output").contains("sarif-file=\n"));

    let runner = FakeRunner::new();
    let clean = runner.dir.path().join("clean");
    write(
        &clean,
        "main.tf",
        "resource \"azurerm_resource_group\" \"rg\" {\n  name     = \"rg-web\"\n  location = \"eastus2\"\n}\n",
    );
    let out = runner
        .script("run.sh")
        .env("AILINT", ailint_bin())
        .env("INPUT_PATH", &clean)
        .env("INPUT_FAIL_ON", "warning")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(runner.read("output").contains("findings=0\n"));
    assert!(runner.read("summary").contains("No findings"));
    assert!(
        !runner.read("summary").contains("GPU inventory"),
        "no inventory where nothing is declared"
    );

    // A usage error is exit 2 and sets no count.
    let runner = FakeRunner::new();
    let out = runner
        .script("run.sh")
        .env("AILINT", ailint_bin())
        .env("INPUT_PATH", "does/not/exist")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(runner.read("output").contains("findings=\n"));
}

/// `changed-only: true` on a pull request runs `--changed-since` the base branch in the checked
/// repository: the finding on the changed line is annotated, the one already on the base is not;
/// without a base branch (not a pull request) the step fails with a message, never a full run.
#[test]
fn action_changed_only_reports_the_pull_requests_lines() {
    let repo = tempfile::tempdir().unwrap();
    let account = |name: &str| {
        format!("resource \"azurerm_cognitive_account\" \"{name}\" {{\n  name                          = \"{name}\"\n  kind                          = \"OpenAI\"\n  sku_name                      = \"S0\"\n  location                      = \"eastus2\"\n  resource_group_name           = \"rg\"\n  public_network_access_enabled = true\n}}\n")
    };
    git(repo.path(), &["init", "-q", "-b", "main"]);
    write(repo.path(), "infra/main.tf", &account("legacy"));
    git(repo.path(), &["add", "."]);
    git(
        repo.path(),
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "commit",
            "-q",
            "-m",
            "base",
        ],
    );
    git(repo.path(), &["checkout", "-q", "-b", "feature"]);
    write(
        repo.path(),
        "infra/main.tf",
        &format!("{}\n{}", account("legacy"), account("added")),
    );
    write(
        repo.path(),
        "infra/gpu.tf",
        "resource \"azurerm_kubernetes_cluster_node_pool\" \"gpu\" {\n  name                  = \"gpu\"\n  kubernetes_cluster_id = \"x\"\n  vm_size               = \"Standard_NC24ads_A100_v4\"\n  node_count            = 4\n}\n",
    );
    let runner = FakeRunner::new();
    let out = runner
        .script("run.sh")
        .current_dir(repo.path())
        .env("AILINT", ailint_bin())
        .env("INPUT_PATH", "infra")
        .env("INPUT_FAIL_ON", "error")
        .env("INPUT_CHANGED_ONLY", "true")
        .env("BASE_REF", "main")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("file=infra/main.tf,line=16,"), "{stdout}");
    assert!(
        !stdout.contains("line=7,"),
        "the base branch's finding: {stdout}"
    );
    let summary = runner.read("summary");
    assert!(
        summary.contains("**This change adds up to 4 GPUs (4 A100 80GB), ≈ +$10,725/month"),
        "{summary}"
    );

    let runner = FakeRunner::new();
    let out = runner
        .script("run.sh")
        .current_dir(repo.path())
        .env("AILINT", ailint_bin())
        .env("INPUT_PATH", "infra")
        .env("INPUT_CHANGED_ONLY", "true")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("changed-only needs a pull_request event")
    );
    assert!(runner.read("output").contains("findings=\n"));
}

#[test]
fn action_install_and_cache_key_steps() {
    let runner = FakeRunner::new();
    let out = runner.script("cache-key.sh").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let key = runner.read("output");
    assert!(key.starts_with("key=ailint-Linux-X64-src-"), "{key}");
    let again = FakeRunner::new();
    again.script("cache-key.sh").output().unwrap();
    assert_eq!(
        key,
        again.read("output"),
        "the key is a function of the sources"
    );
    let pinned = FakeRunner::new();
    pinned
        .script("cache-key.sh")
        .env("INPUT_VERSION", "v0.1.0")
        .output()
        .unwrap();
    assert_eq!(pinned.read("output"), "key=ailint-Linux-X64-ref-v0.1.0\n");

    // A cache hit installs nothing and puts the cached binary on the PATH.
    let bin = runner.dir.path().join("home/.ailint/bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::copy(ailint_bin(), bin.join("ailint")).unwrap();
    let out = runner
        .script("install.sh")
        .env("CACHE_HIT", "true")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("ailint "));
    assert_eq!(runner.read("path").trim(), bin.to_str().unwrap());
}

/// A temporary git repository whose `.pre-commit-config.yaml` uses `hooks` (YAML list items) of
/// this checkout, run by the real `pre-commit` with a fresh PRE_COMMIT_HOME (pre-commit caches hook
/// repositories by (repo, rev), and `HEAD` moves).
struct PreCommitRepo {
    pre_commit: PathBuf,
    repo: tempfile::TempDir,
    home: tempfile::TempDir,
}

impl PreCommitRepo {
    fn new(pre_commit: PathBuf, hooks: &str) -> Self {
        let repo = tempfile::tempdir().unwrap();
        git(repo.path(), &["init", "-q"]);
        write(
            repo.path(),
            ".pre-commit-config.yaml",
            &format!(
                "repos:\n  - repo: {}\n    rev: HEAD\n    hooks:\n{hooks}",
                root().display()
            ),
        );
        PreCommitRepo {
            pre_commit,
            repo,
            home: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self) -> &Path {
        self.repo.path()
    }

    /// `pre-commit run` on what is staged: whether it passed, and all it printed.
    fn run(&self) -> (bool, String) {
        let out = Process::new(&self.pre_commit)
            .current_dir(self.repo.path())
            .args(["run", "--color", "never"])
            .env("PRE_COMMIT_HOME", self.home.path())
            // Reuse compiled dependencies between runs; pre-commit builds the hook with cargo.
            .env("CARGO_TARGET_DIR", root().join("target/pre-commit-build"))
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), text)
    }
}

#[test]
fn pre_commit_hook_fails_on_a_bad_file_and_passes_a_clean_one() {
    let Some(pre_commit) = tool("pre-commit") else {
        return;
    };
    let repo = PreCommitRepo::new(pre_commit, "      - id: ailint\n");
    write(repo.path(), "infra/network.tf", "resource \"azurerm_resource_group\" \"rg\" {\n  name     = \"rg\"\n  location = \"eastus2\"\n}\n");
    git(repo.path(), &["add", "."]);
    let (ok, clean_text) = repo.run();
    assert!(ok, "clean file must pass:\n{clean_text}");
    assert!(
        clean_text.contains("ailint") && clean_text.contains("Passed"),
        "{clean_text}"
    );

    write(
        repo.path(),
        "infra/openai.tf",
        "resource \"azurerm_cognitive_account\" \"openai\" {\n  name     = \"aoai\"\n  kind     = \"OpenAI\"\n  sku_name = \"S0\"\n  public_network_access_enabled = true\n}\n",
    );
    git(repo.path(), &["add", "infra/openai.tf"]);
    let (ok, bad_text) = repo.run();
    assert!(!ok, "bad file must fail:\n{bad_text}");
    assert!(bad_text.contains("Failed"), "{bad_text}");
    assert!(
        bad_text.contains("infra/openai.tf:5:3: AIL101 [error]"),
        "{bad_text}"
    );
    assert!(
        !bad_text.contains("network.tf:"),
        "only the staged files' findings: {bad_text}"
    );

    // Bicep: pre-commit's classifier has no tag for it, so the hook selects files by name.
    git(repo.path(), &["rm", "-q", "--cached", "infra/openai.tf"]);
    std::fs::remove_file(repo.path().join("infra/openai.tf")).unwrap();
    write(
        repo.path(),
        "infra/openai.bicep",
        "resource acct 'Microsoft.CognitiveServices/accounts@2023-05-01' = {\n  name: 'aoai'\n  kind: 'OpenAI'\n  properties: {\n    publicNetworkAccess: 'Enabled'\n  }\n}\n",
    );
    git(repo.path(), &["add", "infra/openai.bicep"]);
    let (ok, bicep_text) = repo.run();
    assert!(!ok, "bad Bicep must fail:\n{bicep_text}");
    assert!(
        bicep_text.contains("infra/openai.bicep:5:5: AIL101 [error]"),
        "{bicep_text}"
    );
}

/// The `ailint-changed` hook reports only what the commit changes: a problem already committed is
/// left alone, one on a staged line fails the commit.
#[test]
fn pre_commit_changed_hook_reports_only_staged_lines() {
    let Some(pre_commit) = tool("pre-commit") else {
        return;
    };
    let repo = PreCommitRepo::new(
        pre_commit,
        "      - id: ailint-changed\n        args: [--select, AIL101]\n",
    );
    let account = |name: &str, public: &str| {
        format!("resource \"azurerm_cognitive_account\" \"{name}\" {{\n  name                          = \"{name}\"\n  kind                          = \"OpenAI\"\n  sku_name                      = \"S0\"\n  location                      = \"eastus2\"\n  resource_group_name           = \"rg\"\n  local_auth_enabled            = false\n  public_network_access_enabled = {public}\n}}\n")
    };
    // Committed before ailint was adopted: public, and left alone by the hook.
    write(repo.path(), "infra/main.tf", &account("legacy", "true"));
    git(repo.path(), &["add", "."]);
    git(
        repo.path(),
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "commit",
            "-q",
            "--no-verify",
            "-m",
            "base",
        ],
    );
    // A new private account beside it: nothing on the staged lines.
    write(
        repo.path(),
        "infra/main.tf",
        &format!(
            "{}\n{}",
            account("legacy", "true"),
            account("fresh", "false")
        ),
    );
    git(repo.path(), &["add", "."]);
    let (ok, text) = repo.run();
    assert!(ok, "the committed problem is not the commit's:\n{text}");
    // Now the staged change opens the new account to the internet.
    write(
        repo.path(),
        "infra/main.tf",
        &format!(
            "{}\n{}",
            account("legacy", "true"),
            account("fresh", "true")
        ),
    );
    git(repo.path(), &["add", "."]);
    let (ok, text) = repo.run();
    assert!(!ok, "the staged public account must fail:\n{text}");
    assert!(
        text.contains("infra/main.tf:18:3: AIL101 [error]"),
        "{text}"
    );
    assert!(
        !text.contains("infra/main.tf:8:3"),
        "the legacy line is not reported: {text}"
    );
}

/// The `ailint-fix` hook applies the safe fixes: pre-commit reports the file as modified and
/// fails, as for a formatter; once the fix is staged, the commit passes.
#[test]
fn pre_commit_fix_hook_fixes_and_fails_once() {
    let Some(pre_commit) = tool("pre-commit") else {
        return;
    };
    let repo = PreCommitRepo::new(
        pre_commit,
        "      - id: ailint-fix\n        args: [--select, AIL301]\n",
    );
    let pool = |min: u32| {
        format!("resource \"azurerm_kubernetes_cluster_node_pool\" \"gpu\" {{\n  name                  = \"gpu\"\n  kubernetes_cluster_id = \"x\"\n  vm_size               = \"Standard_NC24ads_A100_v4\"\n  auto_scaling_enabled  = true\n  min_count             = {min} # warm\n  max_count             = 4\n}}\n")
    };
    write(repo.path(), "infra/gpu.tf", &pool(0));
    git(repo.path(), &["add", "."]);
    let (ok, text) = repo.run();
    assert!(!ok, "a fixed file fails the hook once:\n{text}");
    assert!(text.contains("files were modified by this hook"), "{text}");
    assert_eq!(
        std::fs::read_to_string(repo.path().join("infra/gpu.tf")).unwrap(),
        pool(1)
    );
    git(repo.path(), &["add", "."]);
    let (ok, text) = repo.run();
    assert!(ok, "the fixed file passes:\n{text}");
}

/// The GitLab report of the demo validates against the Code Quality schema written from GitLab's
/// documentation (`tests/schemas/gitlab-code-quality.json`), one issue per reported finding, with
/// the same fingerprints as SARIF (so that GitLab and code scanning agree on what is new).
#[test]
fn gitlab_code_quality_report_matches_its_documented_shape() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/schemas/gitlab-code-quality.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let (out, code) = run_ailint(
        &root(),
        &[
            "check",
            "fixtures/demo",
            "--no-config",
            "--format",
            "gitlab",
        ],
    );
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&out).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let sarif = demo_sarif();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let issues = report.as_array().unwrap();
    assert_eq!(issues.len(), results.len());
    for (issue, result) in issues.iter().zip(results) {
        assert_eq!(
            issue["fingerprint"], result["partialFingerprints"]["ailint/v1"],
            "{issue} vs {result}"
        );
        assert_eq!(
            issue["location"]["lines"]["begin"],
            result["locations"][0]["physicalLocation"]["region"]["startLine"]
        );
    }
    let severities: std::collections::BTreeSet<&str> = issues
        .iter()
        .map(|i| i["severity"].as_str().unwrap())
        .collect();
    assert!(
        severities.is_subset(&["critical", "major", "info"].into()),
        "{severities:?}"
    );
}

/// One Azure Pipelines logging command read back as the agent reads it: `##vso[area.action
/// k=v;k=v]message`, property values and message unescaped (`%AZP25` last, as the agent does).
fn parse_logging_command(line: &str) -> (String, Vec<(String, String)>, String) {
    let unescape = |s: &str| {
        s.replace("%3B", ";")
            .replace("%0D", "\r")
            .replace("%0A", "\n")
            .replace("%5D", "]")
            .replace("%AZP25", "%")
    };
    let rest = line.strip_prefix("##vso[").expect("a logging command");
    let close = rest.find(']').expect("a closing ]");
    let (head, message) = (&rest[..close], &rest[close + 1..]);
    let (command, props) = head.split_once(' ').unwrap_or((head, ""));
    let props = props
        .split(';')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').expect("key=value");
            (k.to_string(), unescape(v))
        })
        .collect();
    (command.to_string(), props, unescape(message))
}

/// `--format azure` on the demo: one `task.logissue` per reported finding with the JSON report's
/// file, line, column and rule, errors as errors; and a message holding `;`, `]`, `%` and line
/// breaks (from a custom rule) comes back whole through the agent's parsing.
#[test]
fn azure_logging_commands_survive_the_agents_parsing() {
    let (out, code) = run_ailint(
        &root(),
        &["check", "fixtures/demo", "--no-config", "--format", "azure"],
    );
    assert_eq!(code, 1);
    let (json, _) = run_ailint(
        &root(),
        &["check", "fixtures/demo", "--no-config", "--format", "json"],
    );
    let json: Value = serde_json::from_str(&json).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), findings.len(), "{out}");
    for (line, f) in lines.iter().zip(findings) {
        let (command, props, message) = parse_logging_command(line);
        assert_eq!(command, "task.logissue");
        let get = |k: &str| {
            props
                .iter()
                .find(|(p, _)| p == k)
                .map(|(_, v)| v.clone())
                .unwrap()
        };
        let expected_type = if f["severity"] == "error" {
            "error"
        } else {
            "warning"
        };
        assert_eq!(get("type"), expected_type);
        assert_eq!(get("sourcepath"), f["file"].as_str().unwrap());
        assert_eq!(get("linenumber"), f["line"].to_string());
        assert_eq!(get("columnnumber"), f["column"].to_string());
        assert_eq!(get("code"), f["rule_id"].as_str().unwrap());
        assert!(
            message.contains(f["message"].as_str().unwrap()),
            "{message}"
        );
    }

    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "policies/odd.rego",
        "# METADATA\n# title: odd\n# description: odd\n# custom:\n#   id: CUS901\n#   slug: odd-message\n#   severity: warning\n#   formats: [kubernetes]\n#   default: on\n#   remediation: none\n#   tags: [test]\npackage ailint.rules.odd_message\n\nimport data.ailint.lib\n\ndeny contains f if {\n\tsome r in input.resources\n\tf := lib.finding(r, [], \"50% of a;b]c\\r\\nnext %3B\")\n}\n",
    );
    write(
        dir.path(),
        "k8s/pod.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: busybox:1.36\n",
    );
    let (out, _) = run_ailint(
        dir.path(),
        &[
            "check",
            "k8s",
            "--no-config",
            "--policy-dir",
            "policies",
            "--select",
            "CUS901",
            "--format",
            "azure",
        ],
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    let (_, props, message) = parse_logging_command(lines[0]);
    assert!(
        message.starts_with("CUS901 (odd-message): 50% of a;b]c\r\nnext %3B"),
        "{message:?}"
    );
    assert!(props.iter().any(|(k, v)| k == "type" && v == "warning"));
    // Warnings and no errors: the step is marked partially succeeded.
    let (command, props, _) = parse_logging_command(lines[1]);
    assert_eq!(command, "task.complete");
    assert_eq!(
        props,
        vec![("result".to_string(), "SucceededWithIssues".to_string())]
    );
}
