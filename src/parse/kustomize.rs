//! What a `kustomization.yaml` changes about the manifests it lists, as far as rules care: its
//! `namespace:` is set on every namespaced resource of the files in its `resources:` (Kustomize
//! overrides whatever namespace they declare).

use serde_json::Value;

use super::kubernetes::is_cluster_scoped;
use super::{ParsedUnit, Resource};
use crate::discover::SourceFile;

/// Applies each Kustomization's namespace to the resources of the files it lists (paths relative
/// to the kustomization's own directory, which is the unit's).
pub fn apply_namespaces(files: &[SourceFile], parsed: &mut ParsedUnit) {
    let mut overrides: Vec<(String, String)> = Vec::new();
    for (i, r) in &parsed.resources {
        if r.kind != "Kustomization" {
            continue;
        }
        let Some(namespace) = r.config.get("namespace").and_then(Value::as_str) else {
            continue;
        };
        let listed = r.config.get("resources").and_then(Value::as_array);
        for entry in listed.into_iter().flatten().filter_map(Value::as_str) {
            let name = entry.trim_start_matches("./");
            if name.contains('/') {
                continue;
            }
            let dir = parent(&files[*i].display);
            let display = if dir.is_empty() {
                name.to_string()
            } else {
                format!("{dir}/{name}")
            };
            overrides.push((display, namespace.to_string()));
        }
    }
    if overrides.is_empty() {
        return;
    }
    for (i, r) in &mut parsed.resources {
        let file = &files[*i].display;
        if let Some((_, ns)) = overrides.iter().find(|(f, _)| f == file) {
            set_namespace(r, ns);
        }
    }
}

fn parent(display: &str) -> &str {
    display.rsplit_once('/').map_or("", |(d, _)| d)
}

fn set_namespace(r: &mut Resource, namespace: &str) {
    if is_cluster_scoped(&r.kind) {
        return;
    }
    let Value::Object(config) = &mut r.config else {
        return;
    };
    let metadata = config
        .entry("metadata")
        .or_insert_with(|| Value::Object(Default::default()));
    if let Value::Object(meta) = metadata {
        meta.insert("namespace".into(), Value::String(namespace.to_string()));
    }
    let name = r.id.rsplit('/').next().unwrap_or("").to_string();
    r.id = format!("{}/{namespace}/{name}", r.kind);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discover::FileKind;
    use crate::parse::{parse_unit, Format, ParseOptions};
    use std::path::PathBuf;
    use std::sync::Arc;

    fn file(display: &str, text: &str) -> SourceFile {
        SourceFile {
            display: display.into(),
            path: PathBuf::from(display),
            kind: FileKind::Kubernetes,
            text: Arc::from(text),
            reported: true,
        }
    }

    #[test]
    fn kustomization_namespace_applies_to_listed_files_only() {
        let files = [
            file(
                "k8s/kustomization.yaml",
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: ml-serving\nresources:\n  - ./deploy.yaml\n  - ns.yaml\n",
            ),
            file(
                "k8s/deploy.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: vllm\n  namespace: default\n",
            ),
            file("k8s/ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ml-serving\n"),
            file("k8s/other.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: svc\n"),
        ];
        let parsed = parse_unit(Format::Kubernetes, &files, &ParseOptions::default());
        let ids: Vec<&str> = parsed
            .resources
            .iter()
            .map(|(_, r)| r.id.as_str())
            .collect();
        assert!(ids.contains(&"Deployment/ml-serving/vllm"), "{ids:?}");
        assert!(ids.contains(&"Namespace/ml-serving"), "{ids:?}");
        assert!(ids.contains(&"Service/default/svc"), "{ids:?}");
        let deploy = &parsed
            .resources
            .iter()
            .find(|(_, r)| r.kind == "Deployment")
            .unwrap()
            .1;
        assert_eq!(deploy.config["metadata"]["namespace"], "ml-serving");
    }
}
