//! Terraform plan JSON parser (`terraform show -json plan.out`): managed resources of
//! `planned_values` (root and child modules) with their resolved `values`, unknowns from
//! `resource_changes[].change.after_unknown` carrying references from `configuration`.

use std::collections::HashMap;

use jsonc_parser::ast::{Array, Object, Value as Ast};
use serde_json::{Map, Value};

use crate::parse::json::{self, name_range, prop, prop_name, range, value_range};
use crate::parse::values::unknown;
use crate::parse::{without_bom, Children, ParseError, Resource, SrcNode};

/// What Terraform prints for a value it will only know after apply; the `$unknown` text.
const KNOWN_AFTER_APPLY: &str = "(known after apply)";

/// Roots of references that name no resource and stay relative to the module they are written in.
const SCOPED_ROOTS: &[&str] = &["var", "local", "each", "count", "path", "terraform", "self"];

/// Parse one plan into its managed resources, in `planned_values` order (root module, then child
/// modules depth first). A plan with nothing planned has no resources.
pub fn parse(text: &str) -> Result<Vec<Resource>, ParseError> {
    let src = without_bom(text);
    let ast = json::parse(&src)?;
    let root = match &ast.value {
        Some(Ast::Object(o)) => o,
        Some(other) => {
            return Err(ParseError::new(
                "a Terraform plan must be a JSON object",
                value_range(other),
            ))
        }
        None => return Err(ParseError::new("empty file", 0..0)),
    };

    // Planned resources first, so that references can be expanded to their instances.
    let mut planned: Vec<Planned> = Vec::new();
    if let Some(pv) = prop(root, "planned_values") {
        let pv = expect_object(pv, "`planned_values`")?;
        if let Some(module) = prop(pv, "root_module") {
            collect_module(
                expect_object(module, "`planned_values.root_module`")?,
                &[],
                &mut planned,
            )?;
        }
    }
    let after_unknown = after_unknown_by_address(root)?;
    let config = Configuration::read(root);
    let instances = Instances::of(&planned);

    let mut out = Vec::with_capacity(planned.len());
    for p in planned {
        let mut values = p.values;
        if let Some(marks) = after_unknown.get(&p.address) {
            let expressions = config.expressions(&p.module_calls, &p.config_address);
            let mut path = Vec::new();
            mark_unknowns(
                &mut values,
                marks,
                &mut path,
                expressions,
                &p.module_prefix,
                &instances,
            );
        }
        out.push(super::azapi::lower(Resource {
            id: p.address,
            kind: p.kind,
            api_version: None,
            name: p.name,
            config: values,
            source: p.source,
        }));
    }
    let mut in_file: Vec<(usize, Resource)> = out.into_iter().map(|r| (0, r)).collect();
    super::azapi::apply_updates(&mut in_file);
    Ok(in_file.into_iter().map(|(_, r)| r).collect())
}

/// A managed resource instance of `planned_values`.
struct Planned {
    address: String,
    kind: String,
    name: String,
    /// The module calls it sits in (`["gpu"]` for `module.gpu["a"].x.y`), to find its configuration.
    module_calls: Vec<String>,
    /// Its module instance address with a trailing dot (`module.gpu["a"].`), or empty at the root.
    module_prefix: String,
    /// `type.name`, as the configuration of its module names it.
    config_address: String,
    values: Value,
    source: SrcNode,
}

fn expect_object<'a, 'b>(v: &'b Ast<'a>, what: &str) -> Result<&'b Object<'a>, ParseError> {
    match v {
        Ast::Object(o) => Ok(o),
        other => Err(ParseError::new(
            format!("{what} must be an object"),
            value_range(other),
        )),
    }
}

fn expect_array<'a, 'b>(v: &'b Ast<'a>, what: &str) -> Result<&'b Array<'a>, ParseError> {
    match v {
        Ast::Array(a) => Ok(a),
        other => Err(ParseError::new(
            format!("{what} must be an array"),
            value_range(other),
        )),
    }
}

fn string_prop(obj: &Object, name: &str) -> Option<String> {
    match prop(obj, name) {
        Some(Ast::StringLit(s)) => Some(s.value.to_string()),
        _ => None,
    }
}

/// Adds the managed resources of one `planned_values` module and, after them, of its children
/// (recursion is bounded by the JSON depth check: each level is two containers deeper).
fn collect_module(
    module: &Object,
    calls: &[String],
    out: &mut Vec<Planned>,
) -> Result<(), ParseError> {
    let prefix = match string_prop(module, "address") {
        Some(a) if !calls.is_empty() => format!("{a}."),
        _ => String::new(),
    };
    if let Some(resources) = prop(module, "resources") {
        for item in &expect_array(resources, "`resources`")?.elements {
            let obj = expect_object(item, "a planned resource")?;
            if let Some(p) = planned_resource(obj, calls, &prefix)? {
                out.push(p);
            }
        }
    }
    if let Some(children) = prop(module, "child_modules") {
        for item in &expect_array(children, "`child_modules`")?.elements {
            let child = expect_object(item, "a child module")?;
            let address = string_prop(child, "address").ok_or_else(|| {
                ParseError::new(
                    "a child module has no `address`",
                    child.range.start..child.range.start + 1,
                )
            })?;
            let calls = module_calls(&address).ok_or_else(|| {
                ParseError::new(
                    format!("`{address}` is not a module address"),
                    value_range(prop(child, "address").unwrap_or(item)),
                )
            })?;
            collect_module(child, &calls, out)?;
        }
    }
    Ok(())
}

/// One planned resource instance; `None` for data sources, which create nothing.
fn planned_resource(
    obj: &Object,
    calls: &[String],
    prefix: &str,
) -> Result<Option<Planned>, ParseError> {
    if string_prop(obj, "mode").is_some_and(|m| m != "managed") {
        return Ok(None);
    }
    let header = obj.range.start..obj.range.start + 1;
    let (Some(address), Some(kind), Some(name)) = (
        string_prop(obj, "address"),
        string_prop(obj, "type"),
        string_prop(obj, "name"),
    ) else {
        return Err(ParseError::new(
            "a planned resource needs string `address`, `type` and `name`",
            header,
        ));
    };
    let anchor = obj
        .properties
        .iter()
        .find(|p| p.name.as_str() == "address")
        .map_or(header, |p| name_range(&p.name));
    let (values, children) = match prop(obj, "values") {
        Some(Ast::Object(v)) => {
            let (map, entries) = convert_object(v);
            (Value::Object(map), Children::Map(entries))
        }
        Some(Ast::NullKeyword(_)) | None => (Value::Object(Map::new()), Children::Map(vec![])),
        Some(other) => {
            return Err(ParseError::new(
                format!("`values` of `{address}` must be an object"),
                value_range(other),
            ))
        }
    };
    Ok(Some(Planned {
        config_address: format!("{kind}.{name}"),
        module_calls: calls.to_vec(),
        module_prefix: prefix.to_string(),
        address,
        kind,
        name,
        values,
        source: SrcNode {
            anchor,
            full: range(obj.range),
            children,
        },
    }))
}

/// The module call names of a module instance address: `module.a["x"].module.b` → `["a", "b"]`.
fn module_calls(address: &str) -> Option<Vec<String>> {
    let steps = traversal(address)?;
    let mut calls = Vec::new();
    let mut i = 0;
    while i < steps.len() {
        match (&steps[i], steps.get(i + 1)) {
            (Step::Name(m), Some(Step::Name(call))) if m == "module" => {
                calls.push(call.clone());
                i += 2;
                if matches!(steps.get(i), Some(Step::Index(_))) {
                    i += 1;
                }
            }
            _ => return None,
        }
    }
    Some(calls)
}

/// One step of a Terraform address or reference: `.name` or `[key]` (key text as written).
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Name(String),
    Index(String),
}

/// Splits `module.a["x"].azurerm_b.c[0].id` into its steps; `None` when it is not one.
fn traversal(s: &str) -> Option<Vec<Step>> {
    let bytes = s.as_bytes();
    let mut steps = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'.' if !steps.is_empty() => i += 1,
            b'[' => {
                let start = i;
                let mut j = i + 1;
                let mut in_str = false;
                while j < bytes.len() {
                    match bytes[j] {
                        b'\\' if in_str => j += 1,
                        b'"' => in_str = !in_str,
                        b']' if !in_str => break,
                        _ => {}
                    }
                    j += 1;
                }
                if j >= bytes.len() {
                    return None;
                }
                steps.push(Step::Index(s[start..=j].to_string()));
                i = j + 1;
            }
            _ => {
                let start = i;
                while i < bytes.len() && bytes[i] != b'.' && bytes[i] != b'[' {
                    i += 1;
                }
                if start == i {
                    return None;
                }
                steps.push(Step::Name(s[start..i].to_string()));
            }
        }
    }
    Some(steps)
}

/// `resource_changes[].change.after_unknown` by resource address.
fn after_unknown_by_address(root: &Object) -> Result<HashMap<String, Value>, ParseError> {
    let mut out = HashMap::new();
    let Some(changes) = prop(root, "resource_changes") else {
        return Ok(out);
    };
    for item in &expect_array(changes, "`resource_changes`")?.elements {
        let Ast::Object(rc) = item else { continue };
        let (Some(address), Some(Ast::Object(change))) =
            (string_prop(rc, "address"), prop(rc, "change"))
        else {
            continue;
        };
        if let Some(marks) = prop(change, "after_unknown") {
            out.insert(address, convert(marks).0);
        }
    }
    Ok(out)
}

/// The `configuration` section: each module's resources' `expressions`, by module call path and
/// `type.name`.
#[derive(Default)]
struct Configuration {
    expressions: HashMap<(Vec<String>, String), Value>,
}

impl Configuration {
    fn read(root: &Object) -> Self {
        let mut out = Configuration::default();
        if let Some(Ast::Object(config)) = prop(root, "configuration") {
            if let Some(Ast::Object(module)) = prop(config, "root_module") {
                out.module(module, &mut Vec::new());
            }
        }
        out
    }

    /// Reads one configuration module; `calls` is its module call path (recursion is bounded by the
    /// JSON depth check). Shapes it does not expect are skipped: references only enrich unknowns.
    fn module(&mut self, module: &Object, calls: &mut Vec<String>) {
        if let Some(Ast::Array(resources)) = prop(module, "resources") {
            for item in &resources.elements {
                let Ast::Object(r) = item else { continue };
                if string_prop(r, "mode").is_some_and(|m| m != "managed") {
                    continue;
                }
                let (Some(kind), Some(name)) = (string_prop(r, "type"), string_prop(r, "name"))
                else {
                    continue;
                };
                let expressions = prop(r, "expressions").map_or(Value::Null, |e| convert(e).0);
                self.expressions
                    .insert((calls.clone(), format!("{kind}.{name}")), expressions);
            }
        }
        if let Some(Ast::Object(module_calls)) = prop(module, "module_calls") {
            for call in &module_calls.properties {
                let Ast::Object(body) = &call.value else {
                    continue;
                };
                if let Some(Ast::Object(child)) = prop(body, "module") {
                    calls.push(prop_name(&call.name));
                    self.module(child, calls);
                    calls.pop();
                }
            }
        }
    }

    fn expressions(&self, calls: &[String], address: &str) -> &Value {
        static NONE: Value = Value::Null;
        self.expressions
            .get(&(calls.to_vec(), address.to_string()))
            .unwrap_or(&NONE)
    }
}

/// Planned instance addresses by their resource address without the instance key, so that a
/// reference to `azurerm_x.y` can name each of `azurerm_x.y["a"]`, `azurerm_x.y["b"]`.
struct Instances {
    by_resource: HashMap<String, Vec<String>>,
}

impl Instances {
    fn of(planned: &[Planned]) -> Self {
        let mut by_resource: HashMap<String, Vec<String>> = HashMap::new();
        for p in planned {
            if let Some(base) = p
                .address
                .strip_suffix(']')
                .and_then(|_| without_key(&p.address))
            {
                by_resource.entry(base).or_default().push(p.address.clone());
            }
        }
        Instances { by_resource }
    }
}

/// `azurerm_x.y` of `azurerm_x.y["a"]` (the last step's key removed), when there is a key.
fn without_key(address: &str) -> Option<String> {
    let at = address.rfind('[')?;
    // Only a key after the last name: not `module.a["x"].b.c`.
    (!address[at..].contains("].")).then(|| address[..at].to_string())
}

/// Replaces every value `after_unknown` marks `true` by an unknown whose `$refs` are the
/// references of the configuration expression that sets it (the nearest one along the path).
fn mark_unknowns(
    value: &mut Value,
    marks: &Value,
    path: &mut Vec<Value>,
    expressions: &Value,
    prefix: &str,
    instances: &Instances,
) {
    match marks {
        Value::Object(m) => {
            for (k, mark) in m {
                let Value::Object(obj) = value else { return };
                path.push(Value::String(k.clone()));
                if mark == &Value::Bool(true) {
                    obj.insert(k.clone(), unknown_at(path, expressions, prefix, instances));
                } else if let Some(child) = obj.get_mut(k) {
                    mark_unknowns(child, mark, path, expressions, prefix, instances);
                }
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, mark) in items.iter().enumerate() {
                let Value::Array(arr) = value else { return };
                let Some(child) = arr.get_mut(i) else { break };
                path.push(Value::from(i));
                if mark == &Value::Bool(true) {
                    *child = unknown_at(path, expressions, prefix, instances);
                } else {
                    mark_unknowns(child, mark, path, expressions, prefix, instances);
                }
                path.pop();
            }
        }
        _ => {}
    }
}

/// The unknown for the attribute at `path`, with the references of its configuration expression.
fn unknown_at(path: &[Value], expressions: &Value, prefix: &str, instances: &Instances) -> Value {
    let mut node = expressions;
    let mut raw: Vec<String> = Vec::new();
    for seg in path {
        let next = match seg {
            Value::String(k) => node.get(k),
            Value::Number(n) => n.as_u64().and_then(|i| node.get(i as usize)),
            _ => None,
        };
        let Some(next) = next else { break };
        node = next;
        if let Some(Value::Array(refs)) = node.get("references") {
            raw = refs
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect();
        }
    }
    unknown(
        &source_text(&raw, prefix),
        absolute_refs(&raw, prefix, instances),
    )
}

/// The text of an unknown: the attribute it reads when the expression reads exactly one
/// (`azurerm_cognitive_account.main.primary_access_key`, so that rules can tell what it holds, as
/// they can from HCL source), else what Terraform prints, `(known after apply)`.
fn source_text(raw: &[String], prefix: &str) -> String {
    let subjects: Vec<String> = raw.iter().filter_map(|r| subject(r, "")).collect();
    let Some(first) = subjects.first() else {
        return KNOWN_AFTER_APPLY.to_string();
    };
    if subjects.iter().any(|s| s != first) {
        return KNOWN_AFTER_APPLY.to_string();
    }
    let Some(longest) = raw.iter().max_by_key(|r| r.len()) else {
        return KNOWN_AFTER_APPLY.to_string();
    };
    if longest == first {
        return KNOWN_AFTER_APPLY.to_string();
    }
    let scoped = SCOPED_ROOTS.iter().any(|r| {
        longest
            .strip_prefix(r)
            .is_some_and(|rest| rest.starts_with('.'))
    });
    if scoped {
        longest.clone()
    } else {
        format!("{prefix}{longest}")
    }
}

/// Terraform's references made the way HCL unknowns name them: the referenced object (no
/// attribute), made absolute for resources of a module, and a reference to a whole `count` or
/// `for_each` resource naming each of its planned instances unless a keyed one is also listed.
fn absolute_refs(raw: &[String], prefix: &str, instances: &Instances) -> Vec<String> {
    let subjects: Vec<String> = raw.iter().filter_map(|r| subject(r, prefix)).collect();
    let mut out: Vec<String> = Vec::new();
    let mut add = |r: &String| {
        if !out.contains(r) {
            out.push(r.clone());
        }
    };
    for s in &subjects {
        add(s);
        let keyed = || {
            subjects.iter().any(|o| {
                o.strip_prefix(s.as_str())
                    .is_some_and(|k| k.starts_with('['))
            })
        };
        match instances.by_resource.get(s) {
            Some(all) if !keyed() => all.iter().for_each(&mut add),
            _ => {}
        }
    }
    out
}

/// What a reference names: `var.x`, `each.key`, `data.t.n`, `module.m`, `t.n["k"]`, with the
/// module prefix for the last three. `None` for text that is no reference.
fn subject(reference: &str, prefix: &str) -> Option<String> {
    let steps = traversal(reference)?;
    let Some(Step::Name(root)) = steps.first() else {
        return None;
    };
    if SCOPED_ROOTS.contains(&root.as_str()) {
        return match steps.get(1) {
            Some(Step::Name(n)) => Some(format!("{root}.{n}")),
            _ => Some(root.clone()),
        };
    }
    // `data.type.name`, `module.name`, `type.name`, each possibly followed by its instance key.
    let take = if root == "data" { 3 } else { 2 };
    if steps.len() < take || steps[..take].iter().any(|s| matches!(s, Step::Index(_))) {
        return None;
    }
    let mut text = prefix.to_string();
    for (i, step) in steps[..take].iter().enumerate() {
        if let Step::Name(n) = step {
            if i > 0 {
                text.push('.');
            }
            text.push_str(n);
        }
    }
    if let Some(Step::Index(k)) = steps.get(take) {
        text.push_str(k);
    }
    Some(text)
}

/// An object as JSON and the source nodes of its properties (a repeated key: the last wins).
fn convert_object(obj: &Object) -> (Map<String, Value>, Vec<(String, SrcNode)>) {
    json::convert_object(obj, |_| true, &json::plain_string)
}

/// A JSON value and its source children.
fn convert(v: &Ast) -> (Value, Children) {
    json::convert(v, &json::plain_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::test_support::{at, garbage, snippet};
    use serde_json::json;

    /// A plan shaped as `terraform show -json` writes it: a new cognitive account and a private
    /// endpoint referring to it, two `for_each` node pools, one in a child module, a data source.
    const PLAN: &str = r#"{
  "format_version": "1.2",
  "terraform_version": "1.9.5",
  "planned_values": {
    "root_module": {
      "resources": [
        {
          "address": "azurerm_cognitive_account.main",
          "mode": "managed",
          "type": "azurerm_cognitive_account",
          "name": "main",
          "provider_name": "registry.terraform.io/hashicorp/azurerm",
          "schema_version": 0,
          "values": {
            "kind": "OpenAI",
            "name": "oai-prod",
            "network_acls": [
              {
                "default_action": "Allow",
                "ip_rules": []
              }
            ],
            "tags": null
          },
          "sensitive_values": {"network_acls": [{"ip_rules": []}]}
        },
        {
          "address": "azurerm_kubernetes_cluster_node_pool.gpu[\"a100\"]",
          "mode": "managed",
          "type": "azurerm_kubernetes_cluster_node_pool",
          "name": "gpu",
          "index": "a100",
          "provider_name": "registry.terraform.io/hashicorp/azurerm",
          "schema_version": 0,
          "values": {"min_count": 0, "vm_size": "Standard_NC24ads_A100_v4"},
          "sensitive_values": {}
        },
        {
          "address": "azurerm_kubernetes_cluster_node_pool.gpu[\"t4\"]",
          "mode": "managed",
          "type": "azurerm_kubernetes_cluster_node_pool",
          "name": "gpu",
          "index": "t4",
          "provider_name": "registry.terraform.io/hashicorp/azurerm",
          "schema_version": 0,
          "values": {"min_count": 1, "vm_size": "Standard_NC8as_T4_v3"},
          "sensitive_values": {}
        },
        {
          "address": "azurerm_private_endpoint.oai",
          "mode": "managed",
          "type": "azurerm_private_endpoint",
          "name": "oai",
          "provider_name": "registry.terraform.io/hashicorp/azurerm",
          "schema_version": 0,
          "values": {
            "name": "pe-oai",
            "private_service_connection": [
              {
                "is_manual_connection": false,
                "name": "oai",
                "subresource_names": ["account"]
              }
            ]
          },
          "sensitive_values": {}
        },
        {
          "address": "data.azurerm_client_config.current",
          "mode": "data",
          "type": "azurerm_client_config",
          "name": "current",
          "provider_name": "registry.terraform.io/hashicorp/azurerm",
          "schema_version": 0,
          "values": {},
          "sensitive_values": {}
        }
      ],
      "child_modules": [
        {
          "address": "module.gpu",
          "resources": [
            {
              "address": "module.gpu.azurerm_kubernetes_cluster_node_pool.this[0]",
              "mode": "managed",
              "type": "azurerm_kubernetes_cluster_node_pool",
              "name": "this",
              "index": 0,
              "provider_name": "registry.terraform.io/hashicorp/azurerm",
              "schema_version": 0,
              "values": {"min_count": 0, "node_taints": []},
              "sensitive_values": {"node_taints": []}
            }
          ]
        }
      ]
    }
  },
  "resource_changes": [
    {
      "address": "azurerm_private_endpoint.oai",
      "mode": "managed",
      "type": "azurerm_private_endpoint",
      "name": "oai",
      "change": {
        "actions": ["create"],
        "before": null,
        "after": {"name": "pe-oai"},
        "after_unknown": {
          "id": true,
          "private_service_connection": [{"private_connection_resource_id": true}],
          "subnet_id": true
        }
      }
    },
    {
      "address": "module.gpu.azurerm_kubernetes_cluster_node_pool.this[0]",
      "change": {
        "actions": ["create"],
        "after_unknown": {"kubernetes_cluster_id": true, "node_taints": []}
      }
    }
  ],
  "configuration": {
    "provider_config": {"azurerm": {"name": "azurerm", "full_name": "registry.terraform.io/hashicorp/azurerm"}},
    "root_module": {
      "resources": [
        {
          "address": "azurerm_private_endpoint.oai",
          "mode": "managed",
          "type": "azurerm_private_endpoint",
          "name": "oai",
          "expressions": {
            "private_service_connection": [
              {
                "private_connection_resource_id": {
                  "references": ["azurerm_cognitive_account.main.id", "azurerm_cognitive_account.main"]
                }
              }
            ],
            "subnet_id": {"references": ["data.azurerm_subnet.pe.id", "data.azurerm_subnet.pe"]}
          }
        }
      ],
      "module_calls": {
        "gpu": {
          "source": "./modules/gpu",
          "module": {
            "resources": [
              {
                "address": "azurerm_kubernetes_cluster_node_pool.this",
                "mode": "managed",
                "type": "azurerm_kubernetes_cluster_node_pool",
                "name": "this",
                "expressions": {
                  "kubernetes_cluster_id": {"references": ["azurerm_kubernetes_cluster.main.id", "azurerm_kubernetes_cluster.main", "var.cluster"]}
                }
              }
            ]
          }
        }
      }
    }
  }
}
"#;

    fn by_id<'a>(rs: &'a [Resource], id: &str) -> &'a Resource {
        rs.iter().find(|r| r.id == id).unwrap_or_else(|| {
            panic!(
                "no {id} in {:?}",
                rs.iter().map(|r| &r.id).collect::<Vec<_>>()
            )
        })
    }

    #[test]
    fn managed_resources_with_addresses_from_root_and_child_modules() {
        let rs = parse(PLAN).unwrap();
        let ids: Vec<&str> = rs.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "azurerm_cognitive_account.main",
                "azurerm_kubernetes_cluster_node_pool.gpu[\"a100\"]",
                "azurerm_kubernetes_cluster_node_pool.gpu[\"t4\"]",
                "azurerm_private_endpoint.oai",
                "module.gpu.azurerm_kubernetes_cluster_node_pool.this[0]",
            ]
        );
        let pool = by_id(
            &rs,
            "module.gpu.azurerm_kubernetes_cluster_node_pool.this[0]",
        );
        assert_eq!(pool.kind, "azurerm_kubernetes_cluster_node_pool");
        assert_eq!(pool.name, "this");
        assert_eq!(pool.api_version, None);
        let acct = by_id(&rs, "azurerm_cognitive_account.main");
        assert_eq!(acct.config["network_acls"][0]["default_action"], "Allow");
        assert_eq!(acct.config["tags"], Value::Null);
    }

    #[test]
    fn unknowns_carry_configuration_references() {
        let rs = parse(PLAN).unwrap();
        let pe = by_id(&rs, "azurerm_private_endpoint.oai");
        let c = &pe.config;
        assert_eq!(
            c["private_service_connection"][0]["private_connection_resource_id"],
            json!({"$unknown": "azurerm_cognitive_account.main.id", "$refs": ["azurerm_cognitive_account.main"]})
        );
        assert_eq!(c["subnet_id"]["$refs"], json!(["data.azurerm_subnet.pe"]));
        assert_eq!(c["subnet_id"]["$unknown"], "data.azurerm_subnet.pe.id");
        // Known values next to an unknown are kept; a computed attribute has no references.
        assert_eq!(c["private_service_connection"][0]["name"], "oai");
        assert_eq!(
            c["id"],
            json!({"$unknown": "(known after apply)", "$refs": []})
        );
        // In a module, resource references are made absolute; variables stay as written.
        let pool = by_id(
            &rs,
            "module.gpu.azurerm_kubernetes_cluster_node_pool.this[0]",
        );
        assert_eq!(
            pool.config["kubernetes_cluster_id"]["$refs"],
            json!(["module.gpu.azurerm_kubernetes_cluster.main", "var.cluster"])
        );
        // Two things read: Terraform cannot say which value it will be.
        assert_eq!(
            pool.config["kubernetes_cluster_id"]["$unknown"],
            "(known after apply)"
        );
        assert_eq!(pool.config["node_taints"], json!([]));
    }

    #[test]
    fn references_name_objects_and_expand_to_instances() {
        let instances = Instances {
            by_resource: HashMap::from([(
                "azurerm_x.y".to_string(),
                vec![
                    "azurerm_x.y[\"a\"]".to_string(),
                    "azurerm_x.y[\"b\"]".to_string(),
                ],
            )]),
        };
        let refs = |raw: &[&str], prefix: &str| {
            let raw: Vec<String> = raw.iter().map(|s| s.to_string()).collect();
            absolute_refs(&raw, prefix, &instances)
        };
        // A keyed reference names that instance only.
        assert_eq!(
            refs(
                &["azurerm_x.y[\"a\"].id", "azurerm_x.y[\"a\"]", "azurerm_x.y"],
                ""
            ),
            ["azurerm_x.y[\"a\"]", "azurerm_x.y"]
        );
        // `azurerm_x.y[each.key].id`: any instance.
        assert_eq!(
            refs(&["azurerm_x.y", "each.key"], ""),
            [
                "azurerm_x.y",
                "azurerm_x.y[\"a\"]",
                "azurerm_x.y[\"b\"]",
                "each.key"
            ]
        );
        assert_eq!(
            refs(
                &[
                    "module.net.subnet_id",
                    "module.net",
                    "count.index",
                    "local.a.b"
                ],
                "module.m[1]."
            ),
            ["module.m[1].module.net", "count.index", "local.a"]
        );
        assert_eq!(refs(&["data.t.n[0].id", "data.t"], ""), ["data.t.n[0]"]);
        let text = |raw: &[&str], prefix: &str| {
            let raw: Vec<String> = raw.iter().map(|s| s.to_string()).collect();
            source_text(&raw, prefix)
        };
        assert_eq!(
            text(&["a_b.c.primary_key", "a_b.c"], "module.m."),
            "module.m.a_b.c.primary_key"
        );
        assert_eq!(
            text(&["each.value.id", "each.value"], "module.m."),
            "each.value.id"
        );
        assert_eq!(text(&["a_b.c"], ""), KNOWN_AFTER_APPLY);
        assert_eq!(text(&["a_b.c.id", "a_b.c", "var.x"], ""), KNOWN_AFTER_APPLY);
        assert_eq!(text(&[], ""), KNOWN_AFTER_APPLY);
        assert_eq!(
            module_calls("module.a[\"x.y\"].module.b"),
            Some(vec!["a".into(), "b".into()])
        );
        assert_eq!(module_calls("azurerm_x.y"), None);
        assert_eq!(without_key("module.a[0].x.y"), None);
        assert_eq!(
            without_key("module.a[0].x.y[\"k\"]").as_deref(),
            Some("module.a[0].x.y")
        );
    }

    #[test]
    fn source_positions_point_at_values_and_address() {
        let rs = parse(PLAN).unwrap();
        let pool = by_id(&rs, "azurerm_kubernetes_cluster_node_pool.gpu[\"a100\"]");
        assert_eq!(snippet(PLAN, pool, &["min_count"]), "\"min_count\": 0");
        assert_eq!(at(PLAN, pool, &["min_count"]), ("35:22".to_string(), true));
        // Missing attribute: the resource header, its `"address"` key.
        assert_eq!(
            at(PLAN, pool, &["node_taints"]),
            ("28:11".to_string(), false)
        );
        assert_eq!(snippet(PLAN, pool, &[]), "\"address\"");
        let acct = by_id(&rs, "azurerm_cognitive_account.main");
        assert_eq!(
            snippet(PLAN, acct, &["network_acls", "0", "default_action"]),
            "\"default_action\": \"Allow\""
        );
        // Missing inside a block item: its opening brace.
        assert_eq!(snippet(PLAN, acct, &["network_acls", "0", "bypass"]), "{");
        // An unknown has no source of its own: its nearest planned ancestor.
        let pe = by_id(&rs, "azurerm_private_endpoint.oai");
        assert_eq!(
            snippet(
                PLAN,
                pe,
                &[
                    "private_service_connection",
                    "0",
                    "private_connection_resource_id"
                ]
            ),
            "{"
        );
    }

    #[test]
    fn plans_without_planned_values_and_bom() {
        let empty =
            r#"{"format_version": "1.2", "terraform_version": "1.9.5", "resource_changes": []}"#;
        assert!(parse(empty).unwrap().is_empty());
        let bom = format!("\u{feff}{PLAN}");
        let rs = parse(&bom).unwrap();
        assert_eq!(at(&bom, &rs[1], &["min_count"]).0, "35:22");
    }

    #[test]
    fn malformed_plan_errors_are_located() {
        let text = "{\n  \"format_version\": \"1.2\",\n  \"planned_values\": {\n    \"root_module\": {\"resources\": [\n      {\"address\": \"a.b\" \"mode\": \"managed\"}\n";
        let e = parse(text).unwrap_err();
        assert!(e.message.starts_with("JSON syntax error"), "{e:?}");
        assert_eq!(&text[..e.range.start].lines().count(), &5);

        let text = "{\"format_version\": \"1.2\", \"planned_values\": {\"root_module\": {\"resources\": {}}}}";
        let e = parse(text).unwrap_err();
        assert_eq!(e.message, "`resources` must be an array");
        assert_eq!(&text[e.range], "{}");

        let text = "{\"format_version\": \"1.2\", \"planned_values\": {\"root_module\": {\"resources\": [{\"address\": \"a.b\", \"mode\": \"managed\"}]}}}";
        let e = parse(text).unwrap_err();
        assert!(e.message.contains("`address`, `type` and `name`"), "{e:?}");
        assert_eq!(&text[e.range], "{");

        let e = parse("[1]").unwrap_err();
        assert_eq!(e.range, 0..3);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!(
            "{{\"format_version\": \"1.2\", \"planned_values\": {}{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let e = parse(&deep).unwrap_err();
        assert!(e.message.contains("nesting deeper"), "{e:?}");
        // Deep but allowed: after_unknown and expressions nested as far as the limit permits.
        let nested = |depth: usize, leaf: &str| {
            format!("{}{leaf}{}", "{\"a\": ".repeat(depth), "}".repeat(depth))
        };
        let text = format!(
            "{{\"format_version\": \"1.2\", \"planned_values\": {{\"root_module\": {{\"resources\": [{{\"address\": \"t.n\", \"mode\": \"managed\", \"type\": \"t\", \"name\": \"n\", \"values\": {}}}]}}}}, \"resource_changes\": [{{\"address\": \"t.n\", \"change\": {{\"after_unknown\": {}}}}}]}}",
            nested(240, "1"),
            nested(240, "true")
        );
        let rs = parse(&text).unwrap();
        assert_eq!(rs.len(), 1);
    }

    #[test]
    fn garbage_does_not_panic() {
        for s in garbage(7, "{}[]\":,.0a\\ \n", 2000, 80) {
            let _ = parse(&s);
        }
        for s in garbage(11, "{}[]\": ,.planed_vluesrootmdcha[]\"", 2000, 200) {
            let _ = parse(&format!(
                "{{\"format_version\":\"1.2\",\"planned_values\":{s}"
            ));
        }
        // Every well-formed prefix shape of a real plan.
        for cut in (0..PLAN.len()).step_by(97) {
            let _ = parse(&PLAN[..cut]);
        }
    }
}
