//! Rules never fail, whatever shape a file has: every fixture's resources are evaluated again with
//! their lists and objects replaced by a null or a string, depth by depth. A rule that errors would
//! stop the whole unit (exit 2).

use std::path::{Path, PathBuf};

use ailint::engine::rule_errors;
use ailint::input::{input_document, resource_doc, Shared};
use ailint::parse::{self, Format};
use ailint::policy::PolicySet;
use serde_json::{json, Value};

fn fixture_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            fixture_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn format_of(path: &Path, text: &str) -> Option<Format> {
    match path.extension()?.to_str()? {
        "tf" => Some(Format::Terraform),
        "json" if text.contains("deploymentTemplate.json") => Some(Format::Arm),
        "json" if text.contains("\"planned_values\"") => Some(Format::TerraformPlan),
        "yaml" | "yml" => Some(Format::Kubernetes),
        "bicep" => Some(Format::Bicep),
        _ => None,
    }
}

/// Paths (within `value`) of its containers, and of its scalars when `scalars`.
fn paths(value: &Value, prefix: &mut Vec<Value>, scalars: bool, out: &mut Vec<Vec<Value>>) {
    match value {
        // Unknowns are made by the parsers, never by users: their shape is not in question.
        Value::Object(map) if map.contains_key("$unknown") => {}
        Value::Object(map) => {
            for (k, v) in map {
                prefix.push(json!(k));
                if v.is_object() || v.is_array() || scalars {
                    out.push(prefix.clone());
                }
                paths(v, prefix, scalars, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                prefix.push(json!(i));
                if v.is_object() || v.is_array() || scalars {
                    out.push(prefix.clone());
                }
                paths(v, prefix, scalars, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn set(value: &mut Value, path: &[Value], new: Value) {
    let mut v = value;
    for seg in path {
        v = match seg {
            Value::String(k) => &mut v[k.as_str()],
            Value::Number(i) => &mut v[i.as_u64().unwrap() as usize],
            _ => unreachable!(),
        };
    }
    *v = new;
}

#[test]
fn rules_never_fail_on_odd_shapes() {
    let policies = PolicySet::bundled().unwrap();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut files = Vec::new();
    fixture_files(&root, &mut files);
    files.sort();
    let config = json!({});
    let mut failures = Vec::new();
    let mut evaluations = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let Some(format) = format_of(&file, &text) else {
            continue;
        };
        let Ok(resources) = parse::parse(format, &text) else {
            continue;
        };
        let name = file.strip_prefix(&root).unwrap().display().to_string();
        let docs: Vec<Value> = resources.iter().map(|r| resource_doc(r, &name)).collect();
        let context = json!({ "gpu_node_taints": [{"key": "sku", "value": "gpu", "effect": "NoSchedule", "pool": "p"}] });
        // One variant per depth and replacement: every container at that depth, in every resource
        // of the file at once. Each container is replaced in some variant, at a cost that fits
        // the test suite.
        let mut by_depth: Vec<Vec<(usize, Vec<Value>)>> = Vec::new();
        for (i, doc) in docs.iter().enumerate() {
            let mut targets = Vec::new();
            paths(&doc["config"], &mut Vec::new(), false, &mut targets);
            for path in targets {
                let depth = path.len();
                if by_depth.len() < depth {
                    by_depth.resize(depth, Vec::new());
                }
                by_depth[depth - 1].push((i, path));
            }
        }
        for targets in &by_depth {
            for replacement in [Value::Null, json!("x")] {
                let mut variant = docs.clone();
                for (i, path) in targets {
                    set(&mut variant[*i]["config"], path, replacement.clone());
                }
                let shared = Shared {
                    config: &config,
                    context: &context,
                };
                let input = input_document(format, "unit", variant, shared);
                evaluations += 1;
                for e in rule_errors(&policies, format, input) {
                    let first_line = e
                        .lines()
                        .find(|l| l.contains("error:"))
                        .unwrap_or(&e)
                        .to_string();
                    let paths: Vec<String> = targets
                        .iter()
                        .take(3)
                        .map(|(i, p)| format!("{} {p:?}", docs[*i]["id"]))
                        .collect();
                    failures.push(format!(
                        "{name} = {replacement} at depth {} (e.g. {}): {}",
                        targets[0].1.len(),
                        paths.join(", "),
                        first_line.trim()
                    ));
                }
            }
        }
    }
    failures.sort();
    failures.dedup();
    eprintln!("{evaluations} mutated inputs evaluated");
    assert!(
        failures.is_empty(),
        "{} rule errors, e.g.:\n{}",
        failures.len(),
        failures
            .iter()
            .take(400)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
