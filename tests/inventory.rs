//! `ailint inventory` run as users run it: the demo's inventory in each format (snapshots), every
//! kind of item on `fixtures/inventory` with its counts pinned, prices and sizes from
//! `.ailint.toml`, what a branch adds with `--changed-since`, and files that do not parse.

use std::path::Path;

mod common;

use assert_cmd::Command;
use common::git;
use serde_json::Value;

fn inventory(dir: &Path, args: &[&str]) -> (String, String, Option<i32>) {
    let out = Command::cargo_bin("ailint")
        .unwrap()
        .current_dir(dir)
        .arg("inventory")
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code(),
    )
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let (out, err, code) = inventory(dir, &all);
    assert_eq!(code, Some(0), "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn demo_table() {
    let (out, err, code) = inventory(root(), &["fixtures/demo", "--no-config"]);
    assert_eq!(code, Some(0), "{err}");
    insta::assert_snapshot!(out);
}

#[test]
fn demo_markdown() {
    let (out, _, code) = inventory(
        root(),
        &["fixtures/demo", "--no-config", "--format", "markdown"],
    );
    assert_eq!(code, Some(0));
    insta::assert_snapshot!(out);
}

#[test]
fn demo_json() {
    insta::assert_json_snapshot!(json(root(), &["fixtures/demo", "--no-config"]));
}

/// One line per item: where, what, and the counts (`?` when unknown).
fn lines(report: &Value) -> String {
    let show = |v: &Value| match v {
        Value::Null => "?".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    report["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            format!(
                "{}:{}:{} {} {} sku={} gpus/unit={} {}..{} gpus_max={} {} {} $/h={}",
                show(&i["file"]),
                i["line"],
                i["column"],
                show(&i["kind"]),
                show(&i["name"]),
                show(&i["sku"]),
                show(&i["gpus_per_unit"]),
                show(&i["min"]),
                show(&i["max"]),
                show(&i["gpus_max"]),
                show(&i["priority"]),
                show(&i["role"]),
                show(&i["price_per_hour_max"]),
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_kind_in_every_format_with_unknowns_left_unknown() {
    let report = json(root(), &["fixtures/inventory", "--no-config"]);
    insta::assert_snapshot!(lines(&report));
    let totals = &report["totals"];
    // The pools sized by an unset variable or parameter, and the size the table lacks, are left
    // out, not guessed.
    assert_eq!(totals["unknown_gpu_counts"], 3);
    assert_eq!(totals["unpriced"], 3);
    assert_eq!(totals["kubernetes_unknown_counts"], 1, "the DaemonSet");
    assert_eq!(totals["openai_deployments"], 2);
}

/// The JSON contract README documents: these keys stay (fields may be added, never renamed).
#[test]
fn json_contract_keys() {
    let report = json(root(), &["fixtures/demo", "--no-config"]);
    for key in [
        "version",
        "prices",
        "items",
        "totals",
        "unparsable",
        "errors",
    ] {
        assert!(report.get(key).is_some(), "top-level `{key}`");
    }
    for key in [
        "currency",
        "region",
        "offer",
        "as_of",
        "source",
        "hours_per_month",
        "overridden",
    ] {
        assert!(report["prices"].get(key).is_some(), "prices.{key}");
    }
    for item in report["items"].as_array().unwrap() {
        for key in [
            "file",
            "line",
            "column",
            "resource",
            "kind",
            "name",
            "sku",
            "gpu",
            "gpus_per_unit",
            "min",
            "max",
            "priority",
            "role",
            "model",
            "model_version",
            "capacity",
            "capacity_unit",
            "gpus_min",
            "gpus_max",
            "price_per_hour_max",
            "price_per_month_max",
        ] {
            assert!(item.get(key).is_some(), "item.{key} in {item}");
        }
    }
    for key in [
        "gpus_max",
        "gpus_by_model",
        "unknown_gpu_counts",
        "price_per_hour_max",
        "price_per_month_max",
        "unpriced",
        "kubernetes_gpus_max",
        "kubernetes_unknown_counts",
        "openai_deployments",
    ] {
        assert!(report["totals"].get(key).is_some(), "totals.{key}");
    }
}

#[test]
fn prices_and_sizes_come_from_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        r#"
resource "azurerm_kubernetes_cluster_node_pool" "a100" {
  name                  = "a100"
  kubernetes_cluster_id = "x"
  vm_size               = "Standard_NC24ads_A100_v4"
  node_count            = 2
}

resource "azurerm_kubernetes_cluster_node_pool" "l4" {
  name                  = "l4"
  kubernetes_cluster_id = "x"
  vm_size               = "Standard_NC16ads_L4_v9"
  node_count            = 3
}
"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join(".ailint.toml"),
        r#"
[inventory.prices]
"standard_nc24ads_a100_v4" = 2.5
"Standard_NC16ads_L4_v9" = 1.0

[inventory.gpu_sizes]
"Standard_NC16ads_L4_v9" = { gpu = "L4", gpus = 2 }
"#,
    )
    .unwrap();
    let report = json(dir.path(), &["."]);
    let items = report["items"].as_array().unwrap();
    assert_eq!(
        items[0]["price_per_hour_max"], 5.0,
        "2 nodes at the set 2.5"
    );
    assert_eq!(items[0]["price_per_month_max"], 3650.0);
    assert_eq!(items[1]["gpu"], "L4");
    assert_eq!(items[1]["gpus_max"], 6);
    assert_eq!(report["totals"]["gpus_by_model"]["L4"], 6);
    assert_eq!(
        report["prices"]["overridden"],
        serde_json::json!(["standard_nc16ads_l4_v9", "standard_nc24ads_a100_v4"])
    );

    std::fs::write(
        dir.path().join(".ailint.toml"),
        "[inventory.prices]\n\"Standard_NC6s_v3\" = -1.0\n",
    )
    .unwrap();
    let (_, err, code) = inventory(dir.path(), &["."]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains(".ailint.toml:2:") && err.contains(">= 0"),
        "{err}"
    );
}

#[test]
fn a_file_that_does_not_parse_is_named_and_the_rest_is_listed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("a")).unwrap();
    std::fs::create_dir(dir.path().join("b")).unwrap();
    std::fs::write(dir.path().join("a/broken.tf"), "resource \"x\" {\n").unwrap();
    std::fs::write(
        dir.path().join("b/vm.tf"),
        "resource \"azurerm_linux_virtual_machine\" \"gpu\" {\n  size = \"Standard_NC6s_v3\"\n}\n",
    )
    .unwrap();
    let report = json(dir.path(), &["."]);
    assert_eq!(report["items"].as_array().unwrap().len(), 1);
    let unparsable = report["unparsable"].as_array().unwrap();
    assert_eq!(unparsable.len(), 1);
    assert!(
        unparsable[0].as_str().unwrap().starts_with("a/broken.tf:"),
        "{unparsable:?}"
    );
}

fn status(repo: &Path) -> String {
    let out = std::process::Command::new("git")
        .args(["status", "--porcelain", "--untracked-files=all"])
        .current_dir(repo)
        .output()
        .unwrap();
    let worktrees = std::process::Command::new("git")
        .args(["worktree", "list", "--porcelain"])
        .current_dir(repo)
        .output()
        .unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&worktrees.stdout).lines().count()
    )
}

const POOL: &str = r#"
resource "azurerm_kubernetes_cluster_node_pool" "gpu" {
  name                  = "gpu"
  kubernetes_cluster_id = "x"
  vm_size               = "Standard_NC24ads_A100_v4"
  auto_scaling_enabled  = true
  min_count             = 1
  max_count             = MAX
}
"#;

/// On a branch: the changed units only, each item marked, and the difference with the merge
/// base summed ("this change adds up to N GPUs"); a deleted file's capacity counts as removed; an
/// untouched unit is not listed. The working tree and the index are left as they were.
#[test]
fn changed_since_says_what_the_branch_adds() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    for d in ["aks", "vms", "other"] {
        std::fs::create_dir(repo.join(d)).unwrap();
    }
    std::fs::write(repo.join("aks/main.tf"), POOL.replace("MAX", "2")).unwrap();
    std::fs::write(
        repo.join("vms/old.tf"),
        "resource \"azurerm_linux_virtual_machine\" \"old\" {\n  size = \"Standard_NC24ads_A100_v4\"\n}\n",
    )
    .unwrap();
    std::fs::write(
        repo.join("other/main.tf"),
        "resource \"azurerm_linux_virtual_machine\" \"keep\" {\n  size = \"Standard_ND96asr_v4\"\n}\n",
    )
    .unwrap();
    git(repo, &["init", "-q", "-b", "main"]);
    git(repo, &["add", "."]);
    git(repo, &["commit", "-qm", "base"]);
    git(repo, &["checkout", "-qb", "feature"]);
    std::fs::write(repo.join("aks/main.tf"), POOL.replace("MAX", "10")).unwrap();
    std::fs::write(
        repo.join("aks/h100.tf"),
        "resource \"azurerm_linux_virtual_machine\" \"h100\" {\n  size = \"Standard_ND96isr_H100_v5\"\n}\n",
    )
    .unwrap();
    git(repo, &["rm", "-q", "vms/old.tf"]);

    let before = status(repo);
    let report = json(repo, &[".", "--changed-since", "main"]);
    let change = &report["change"];
    assert_eq!(change["since"], "main");
    assert_eq!(
        (&change["added"], &change["changed"], &change["removed"]),
        (&Value::from(1), &Value::from(1), &Value::from(1))
    );
    // +8 A100 (pool 2 -> 10), -1 A100 (the deleted VM), +8 H100.
    assert_eq!(change["gpus_max_delta"], 15);
    assert_eq!(change["gpus_by_model_delta"]["A100 80GB"], 7);
    assert_eq!(change["gpus_by_model_delta"]["H100 80GB"], 8);
    let marks: Vec<(String, String)> = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["name"].as_str().unwrap().to_string(),
                i["change"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        marks,
        [
            ("azurerm_linux_virtual_machine.h100".into(), "added".into()),
            (
                "azurerm_kubernetes_cluster_node_pool.gpu".into(),
                "changed".into()
            ),
            ("azurerm_linux_virtual_machine.old".into(), "removed".into()),
        ]
    );

    let (text, _, code) = inventory(repo, &[".", "--changed-since", "main"]);
    assert_eq!(code, Some(0));
    assert!(
        text.starts_with("This change adds up to 15 GPUs (7 A100 80GB, 8 H100 80GB), ≈ +$"),
        "{text}"
    );
    assert!(
        !text.contains("keep"),
        "an untouched unit is not listed:\n{text}"
    );

    assert_eq!(
        status(repo),
        before,
        "the work tree and index are as they were"
    );

    let outside = tempfile::tempdir().unwrap();
    let (_, err, code) = inventory(
        outside.path(),
        &[repo.to_str().unwrap(), "--changed-since", "main"],
    );
    assert_eq!(code, Some(2));
    assert!(err.contains("run it inside the repository"), "{err}");

    let (_, err, code) = inventory(repo, &[".", "--changed-since", "no-such-branch"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("no merge base"), "{err}");
}
