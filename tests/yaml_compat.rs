//! ailint reads Kubernetes YAML as Kubernetes does (a YAML 1.1 parser): every document of a set of
//! real manifests (`tests/data/k8s-manifests`, see its SOURCES.md) that PyYAML reads gives the same
//! resource, with the same values, and no file PyYAML accepts is a parse error.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// PyYAML's reading of every file: `{path: [documents]}`, or `{path: {"error": ...}}`. Values with
/// no JSON form (timestamps) become a marker that matches anything.
const READER: &str = r#"
import json, sys, yaml
out = {}
def plain(v):
    if isinstance(v, dict):
        return {str(k) if not isinstance(k, bool) else str(k).lower(): plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    return "<any>"
for path in sys.stdin.read().split("\n"):
    if not path:
        continue
    try:
        with open(path, encoding="utf-8") as f:
            out[path] = [plain(d) for d in yaml.safe_load_all(f)]
    except Exception as e:
        out[path] = {"error": str(e)}
print(json.dumps(out))
"#;

fn manifests() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/k8s-manifests");
    let mut out = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// PyYAML's documents per file, or `None` where Python has no PyYAML (outside CI only: CI
/// installs it with pre-commit, and there the test must run).
fn pyyaml(paths: &[PathBuf]) -> Option<serde_json::Map<String, Value>> {
    let python = if cfg!(windows) { "python" } else { "python3" };
    let has_yaml = Command::new(python)
        .args(["-c", "import yaml"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_yaml {
        assert!(
            std::env::var_os("CI").is_none(),
            "PyYAML is needed for this test (it comes with pre-commit, which .ci/run installs)"
        );
        eprintln!("skipped: no PyYAML for {python}");
        return None;
    }
    let mut child = Command::new(python)
        .args(["-c", READER])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let list: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), list.join("\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    match serde_json::from_slice(&out.stdout).unwrap() {
        Value::Object(m) => Some(m),
        other => panic!("unexpected reader output {other}"),
    }
}

/// Whether `ours` is what PyYAML read (`<any>` matches every value).
fn same(ours: &Value, theirs: &Value) -> bool {
    match (ours, theirs) {
        (_, Value::String(s)) if s == "<any>" => true,
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| same(v, w)))
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(v, w)| same(v, w))
        }
        _ => ours == theirs,
    }
}

/// The documents Kubernetes would take as resources: mappings with `apiVersion` and `kind`.
fn is_resource(doc: &Value) -> bool {
    doc.get("apiVersion").is_some_and(Value::is_string)
        && doc.get("kind").is_some_and(Value::is_string)
}

#[test]
fn real_manifests_read_as_a_yaml_1_1_parser_reads_them() {
    let paths = manifests();
    assert!(paths.len() > 200, "the manifest set is missing");
    let Some(theirs) = pyyaml(&paths) else {
        return;
    };
    let mut compared = 0;
    let mut problems = Vec::new();
    for path in &paths {
        let key = path.display().to_string();
        let Some(Value::Array(docs)) = theirs.get(&key) else {
            // PyYAML rejects it (a Helm template, say): nothing to compare.
            continue;
        };
        let text = std::fs::read_to_string(path).unwrap();
        let resources = match ailint::parse::kubernetes::parse(&text) {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!(
                    "{key}: parse error `{}` where PyYAML reads it",
                    e.message
                ));
                continue;
            }
        };
        let expected: Vec<&Value> = docs
            .iter()
            .flat_map(|d| match d.get("kind").and_then(Value::as_str) {
                Some("List") if d.get("apiVersion") == Some(&Value::from("v1")) => d
                    .get("items")
                    .and_then(Value::as_array)
                    .map(|items| items.iter().collect())
                    .unwrap_or_default(),
                _ => vec![d],
            })
            .filter(|d| is_resource(d))
            .collect();
        if expected.len() != resources.len() {
            problems.push(format!(
                "{key}: {} resources, PyYAML reads {}",
                resources.len(),
                expected.len()
            ));
            continue;
        }
        for (r, d) in resources.iter().zip(expected) {
            compared += 1;
            if !same(&r.config, d) {
                problems.push(format!(
                    "{key}: {} differs:\n  ours   {}\n  PyYAML {d}",
                    r.id, r.config
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(compared > 250, "only {compared} resources compared");
}
