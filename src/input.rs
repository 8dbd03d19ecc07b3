//! The input document a unit's policies see (see DESIGN.md and README "Writing your own rules"):
//! the unit's resources, each once with its file, indexed by type, plus the run's configuration,
//! the facts shared across units (`input.context`) and the Terraform module calls.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use regorus::Value;

use serde_json::{json, Value as Json};

use crate::parse::values::UNKNOWN_KEY;
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

/// A resource as policies see it. An ARM deployment with an inline template also gets
/// `template_types`: what the template declares, so that no rule has to walk it.
pub fn resource_doc(r: &Resource, file: &str) -> Json {
    let mut doc = json!({
        "id": r.id,
        "type": r.kind,
        "api_version": r.api_version,
        "name": r.name,
        "file": file,
        "config": r.config,
    });
    if r.kind
        .eq_ignore_ascii_case("Microsoft.Resources/deployments")
    {
        if let (Some(template @ Json::Object(_)), Json::Object(fields)) =
            (r.config.pointer("/properties/template"), &mut doc)
        {
            fields.insert("template_types".into(), template_types(template));
        }
    }
    doc
}

/// The lower-cased `type` of every object an inline template holds under a `resources` key, at
/// any depth (child resources, nested deployments' templates, both the array and the
/// languageVersion 2.0 object form), sorted and without repeats. A deployment whose template
/// is unknown declares nothing.
fn template_types(template: &Json) -> Json {
    // Each object member or array item of a `resources` value that is itself an object.
    fn visit(v: &Json, out: &mut BTreeSet<String>) {
        match v {
            Json::Object(o) => {
                if let Some(declared) = o.get("resources") {
                    let members: Box<dyn Iterator<Item = &Json>> = match declared {
                        Json::Object(m) => Box::new(m.values()),
                        Json::Array(items) => Box::new(items.iter()),
                        _ => Box::new(std::iter::empty()),
                    };
                    for m in members {
                        if let Some(Json::String(t)) = m.get("type") {
                            out.insert(t.to_lowercase());
                        }
                    }
                }
                o.values().for_each(|child| visit(child, out));
            }
            Json::Array(items) => items.iter().for_each(|child| visit(child, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    if template.get(UNKNOWN_KEY).is_none() {
        visit(template, &mut out);
    }
    Json::Array(out.into_iter().map(Json::String).collect())
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
/// with the indexes rules join through (see DESIGN.md): `resources_by_type`,
/// `resources_by_lower_type`, `resources_by_id` and `ref_index`. Each document is converted to a
/// Rego value once; the indexes share it (a clone of a Rego value is a reference count).
pub fn input_document(format: Format, unit: &str, docs: Vec<Json>, shared: Shared) -> Value {
    let resources: Vec<Value> = docs.into_iter().map(Value::from).collect();
    let mut by_type: BTreeMap<Value, Vec<Value>> = BTreeMap::new();
    let mut by_lower_type: BTreeMap<Value, Vec<Value>> = BTreeMap::new();
    let mut by_id: BTreeMap<Value, Value> = BTreeMap::new();
    let mut refs: BTreeMap<Value, BTreeSet<Value>> = BTreeMap::new();
    for doc in &resources {
        let kind = text(&doc["type"]);
        let id = text(&doc["id"]);
        by_type.entry(kind.into()).or_default().push(doc.clone());
        by_lower_type
            .entry(kind.to_lowercase().into())
            .or_default()
            .push(doc.clone());
        by_id.entry(id.into()).or_insert_with(|| doc.clone());
        for key in ref_keys(id, kind, text(&doc["name"])) {
            refs.entry(key.into()).or_default().insert(id.into());
        }
    }
    let lists = |m: BTreeMap<Value, Vec<Value>>| -> Value {
        Value::from(
            m.into_iter()
                .map(|(k, v)| (k, Value::from(v)))
                .collect::<BTreeMap<_, _>>(),
        )
    };
    let refs = Value::from(
        refs.into_iter()
            .map(|(k, ids)| (k, Value::from(ids.into_iter().collect::<Vec<_>>())))
            .collect::<BTreeMap<_, _>>(),
    );
    let fields: [(&str, Value); 9] = [
        ("format", format.as_str().into()),
        ("unit", unit.into()),
        ("config", Value::from(shared.config.clone())),
        ("context", Value::from(shared.context.clone())),
        ("resources", Value::from(resources)),
        ("resources_by_type", lists(by_type)),
        ("resources_by_lower_type", lists(by_lower_type)),
        ("resources_by_id", Value::from(by_id)),
        ("ref_index", refs),
    ];
    Value::from(
        fields
            .into_iter()
            .map(|(k, v)| (Value::from(k), v))
            .collect::<BTreeMap<_, _>>(),
    )
}

fn text(v: &Value) -> &str {
    match v {
        Value::String(s) => s,
        _ => "",
    }
}

/// The keys under which `ref_index` lists a resource: how a reference (an entry of an unknown's
/// `$refs`, or a `dependsOn` entry) can name it. Its id and `<type>/<name>` lower-cased (ARM
/// compares case-insensitively), and each part of its id before a `[` as written (`azurerm_x.y`
/// names every instance `azurerm_x.y["a"]`). A lookup gives candidates; rules still compare.
fn ref_keys(id: &str, kind: &str, name: &str) -> Vec<String> {
    let mut keys = vec![id.to_lowercase(), format!("{kind}/{name}").to_lowercase()];
    keys.extend(id.match_indices('[').map(|(i, _)| id[..i].to_string()));
    keys
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
) -> Value {
    let docs = located
        .iter()
        .map(|l| resource_doc(&l.resource, files.get(l.file).copied().unwrap_or("")))
        .collect();
    let mut input = input_document(format, unit, docs, shared);
    if let Ok(fields) = input.as_object_mut() {
        fields.insert(
            "module_calls".into(),
            Value::from(Json::Array(module_calls.to_vec())),
        );
    }
    input
}
