//! The input document a unit's policies see (see DESIGN.md and README "Writing your own rules"):
//! the unit's resources, each once with its file, indexed by type, plus the run's configuration,
//! the facts shared across units (`input.context`) and the Terraform module calls.

use std::collections::HashMap;

use serde_json::{json, Map, Value as Json};

use crate::parse::{Format, ParsedUnit, Resource};

/// A resource of the unit together with the index of the file it came from.
#[derive(Debug)]
pub struct Located {
    pub file: usize,
    pub resource: Resource,
}

/// The resources of a parsed unit, with repeated ids suffixed (`#2`, `#3`) so that every result
/// names exactly one resource.
pub fn located(parsed: &mut ParsedUnit) -> Vec<Located> {
    let mut located: Vec<Located> = std::mem::take(&mut parsed.resources)
        .into_iter()
        .map(|(file, resource)| Located { file, resource })
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for l in located.iter_mut() {
        let n = seen.entry(l.resource.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            l.resource.id = format!("{}#{}", l.resource.id, n);
        }
    }
    located
}

/// The resource types of a unit, lower-cased, as METADATA `resource_types` are matched.
pub fn unit_types<'a>(
    resources: impl Iterator<Item = &'a Resource>,
) -> std::collections::HashSet<String> {
    resources.map(|r| r.kind.to_ascii_lowercase()).collect()
}

/// A resource as policies see it.
pub fn resource_doc(r: &Resource, file: &str) -> Json {
    json!({
        "id": r.id,
        "type": r.kind,
        "api_version": r.api_version,
        "name": r.name,
        "file": file,
        "config": r.config,
    })
}

/// What a unit's document holds besides its resources.
#[derive(Debug, Clone, Copy)]
pub struct Shared<'a> {
    /// `input.config`: the configuration as policies see it.
    pub config: &'a Json,
    /// `input.context`: what the run's units declare for each other (see [`crate::facts`]).
    pub context: &'a Json,
}

/// The input document of a unit of `format` named `unit` made of `docs` (see [`resource_doc`]),
/// with the resources also indexed by type.
pub fn input_document(format: Format, unit: &str, docs: Vec<Json>, shared: Shared) -> Json {
    let mut by_type: Map<String, Json> = Map::new();
    for doc in &docs {
        let kind = doc["type"].as_str().unwrap_or_default().to_string();
        if let Json::Array(list) = by_type
            .entry(kind)
            .or_insert_with(|| Json::Array(Vec::new()))
        {
            list.push(doc.clone());
        }
    }
    json!({
        "format": format.as_str(),
        "unit": unit,
        "config": shared.config,
        "context": shared.context,
        "resources": docs,
        "resources_by_type": by_type,
    })
}

/// The input document of a unit whose resources are `located` in `files` (their display names),
/// with its Terraform `module_calls`.
pub fn document(
    format: Format,
    unit: &str,
    files: &[&str],
    located: &[Located],
    module_calls: &[Json],
    shared: Shared,
) -> regorus::Value {
    let docs = located
        .iter()
        .map(|l| resource_doc(&l.resource, files.get(l.file).copied().unwrap_or("")))
        .collect();
    let mut input = input_document(format, unit, docs, shared);
    if let Json::Object(fields) = &mut input {
        fields.insert("module_calls".into(), Json::Array(module_calls.to_vec()));
    }
    regorus::Value::from(input)
}
