//! Terraform `azapi_resource` blocks lowered into the ARM resource shape (`type` `Microsoft.X/y`,
//! `config` the ARM resource object), so that every ARM rule reads them as it reads a template;
//! the source map keeps pointing at the HCL attributes they came from.

use serde_json::{Map, Value};

use crate::parse::values::is_unknown;
use crate::parse::{Children, PathSeg, Resource, SrcNode};

/// The Terraform type that is lowered.
pub const AZAPI_RESOURCE: &str = "azapi_resource";

/// A patch of a resource created elsewhere: merged into its target when that is an
/// `azapi_resource` of the unit.
pub const AZAPI_UPDATE_RESOURCE: &str = "azapi_update_resource";

/// Attributes of `azapi_resource` that become top-level ARM keys under the same name.
const TOP_LEVEL: [&str; 2] = ["location", "tags"];

/// `resource` lowered when it is an `azapi_resource` with a known `type = "Microsoft.X/y@version"`;
/// anything else is returned unchanged. The id stays the Terraform address, which references to
/// it (`azapi_resource.x.id`) name.
pub fn lower(resource: Resource) -> Resource {
    if resource.kind != AZAPI_RESOURCE {
        return resource;
    }
    let Some((arm_type, api_version)) = resource
        .config
        .get("type")
        .and_then(Value::as_str)
        .and_then(|t| t.split_once('@'))
        .map(|(t, v)| (t.trim().to_string(), v.trim().to_string()))
    else {
        return resource;
    };
    if !arm_type.contains('/') {
        return resource;
    }
    let tf = match &resource.config {
        Value::Object(map) => map.clone(),
        _ => return resource,
    };
    let node = |key: &str| attribute_node(&resource.source, key);
    let mut out = Shape::default();
    let mut put = |key: &str, value: Value, at: SrcNode| out.put(key, value, at);
    put("type", Value::String(arm_type.clone()), node("type"));
    put(
        "apiVersion",
        Value::String(api_version.clone()),
        node("type"),
    );
    let name = tf.get("name").cloned().unwrap_or(Value::Null);
    if !name.is_null() {
        put("name", name.clone(), node("name"));
    }
    for key in TOP_LEVEL {
        if let Some(v) = tf.get(key).filter(|v| !v.is_null()) {
            put(key, v.clone(), node(key));
        }
    }
    if let Some(identity) = tf.get("identity").filter(|v| !v.is_null()) {
        let (value, at) = lower_identity(identity, node("identity"));
        put("identity", value, at);
    }
    let body_node = node("body");
    match body_object(tf.get("body")) {
        Body::Object(body) => {
            for (key, value) in body {
                // The attributes of the block win over the same keys in `body` (azapi merges them
                // so, and they are where a user reads them).
                let at = entry_node(&body_node, &key);
                put(&key, value, at);
            }
        }
        Body::Unknown(v) => put("properties", v, body_node.clone()),
        Body::Absent => {}
    }
    if let Some(parent) = tf.get("parent_id").filter(|v| !v.is_null()) {
        // A child type (`accounts/deployments`) belongs to its parent, as ARM's dependsOn says; an
        // extension type (`Microsoft.Insights/diagnosticSettings`) is deployed at its parent's
        // scope.
        let at = node("parent_id");
        let mut depends = vec![parent.clone()];
        if let Some(Value::Array(more)) = tf.get("depends_on") {
            depends.extend(more.iter().cloned());
        }
        if arm_type.split('/').count() == 2 && is_extension_type(&arm_type) {
            put("scope", parent.clone(), at.clone());
        }
        put("dependsOn", Value::Array(depends), at);
    }
    let resource_name = match &name {
        Value::String(s) => s.clone(),
        _ => resource.name.clone(),
    };
    Resource {
        id: resource.id,
        kind: arm_type,
        api_version: Some(api_version),
        name: resource_name,
        config: Value::Object(out.config),
        source: SrcNode {
            anchor: resource.source.anchor,
            full: resource.source.full,
            children: Children::Map(out.nodes),
        },
    }
}

/// The lowered config and its source map, built key by key; the first value of a key stays.
#[derive(Default)]
struct Shape {
    config: Map<String, Value>,
    nodes: Vec<(String, SrcNode)>,
}

impl Shape {
    fn put(&mut self, key: &str, value: Value, at: SrcNode) {
        if self.config.contains_key(key) {
            return;
        }
        self.config.insert(key.to_string(), value);
        self.nodes.push((key.to_string(), at));
    }
}

/// Merges the `body` of each `azapi_update_resource` into the lowered `azapi_resource` its
/// `resource_id` refers to (resources with the index of their file), as Azure applies it: the
/// patched values are what is deployed, and findings on them point at the update. An update of a
/// resource outside the unit, or of an azurerm one (whose attributes are not ARM's), changes
/// nothing: what it leaves out is not known to be missing.
pub fn apply_updates(resources: &mut [(usize, Resource)]) {
    let updates: Vec<usize> = (0..resources.len())
        .filter(|&i| resources[i].1.kind == AZAPI_UPDATE_RESOURCE)
        .collect();
    for u in updates {
        let (update_file, update) = (&resources[u].0, &resources[u].1);
        let refs =
            crate::parse::values::refs_of(update.config.get("resource_id").unwrap_or(&Value::Null));
        let Body::Object(body) = body_object(update.config.get("body")) else {
            continue;
        };
        let body_node = attribute_node(&update.source, "body");
        let update_file = *update_file;
        let Some(t) = resources
            .iter()
            .position(|(_, r)| r.kind.contains('/') && refs.contains(&r.id))
        else {
            continue;
        };
        let target_file = resources[t].0;
        let patch_nodes: Vec<(String, SrcNode)> = body
            .keys()
            .map(|k| {
                let node = entry_node(&body_node, k);
                let node = if update_file == target_file {
                    node
                } else {
                    SrcNode {
                        anchor: node.anchor.clone(),
                        full: node.full.clone(),
                        children: Children::Elsewhere(update_file, Box::new(node)),
                    }
                };
                (k.clone(), node)
            })
            .collect();
        let target = &mut resources[t].1;
        merge(
            &mut target.config,
            &mut target.source,
            Value::Object(body),
            patch_nodes,
        );
    }
}

/// Merges `patch` (with the source node of each of its keys) into `value` and its `node`:
/// objects key by key, anything else replaced.
fn merge(value: &mut Value, node: &mut SrcNode, patch: Value, patch_nodes: Vec<(String, SrcNode)>) {
    let (Value::Object(target), Value::Object(patch)) = (value, patch) else {
        return;
    };
    let Children::Map(entries) = &mut node.children else {
        return;
    };
    for (key, patch_node) in patch_nodes {
        let Some(patch_value) = patch.get(&key).cloned() else {
            continue;
        };
        let existing = entries.iter().position(|(k, _)| *k == key);
        match (target.get_mut(&key), existing) {
            (Some(current @ Value::Object(_)), Some(i))
                if patch_value.is_object()
                    && matches!(entries[i].1.children, Children::Map(_))
                    && !is_unknown(current)
                    && !is_unknown(&patch_value) =>
            {
                let inner: Vec<(String, SrcNode)> = patch_value
                    .as_object()
                    .map(|o| {
                        o.keys()
                            .map(|k| (k.clone(), entry_node(&patch_node, k)))
                            .collect()
                    })
                    .unwrap_or_default();
                merge(current, &mut entries[i].1, patch_value, inner);
            }
            (_, Some(i)) => {
                target.insert(key.clone(), patch_value);
                entries[i].1 = patch_node;
            }
            (_, None) => {
                target.insert(key.clone(), patch_value);
                entries.push((key, patch_node));
            }
        }
    }
}

/// Extension resources: deployed onto another resource, which `parent_id` names.
fn is_extension_type(arm_type: &str) -> bool {
    const EXTENSIONS: [&str; 5] = [
        "microsoft.insights/diagnosticsettings",
        "microsoft.authorization/roleassignments",
        "microsoft.authorization/locks",
        "microsoft.insights/datacollectionruleassociations",
        "microsoft.security/advancedthreatprotectionsettings",
    ];
    EXTENSIONS.contains(&arm_type.to_ascii_lowercase().as_str())
}

/// What `body` holds.
enum Body {
    Object(Map<String, Value>),
    Unknown(Value),
    Absent,
}

/// azapi 2.x takes an HCL object; 1.x took `jsonencode(...)`, which a plan (and a `body` whose
/// `jsonencode` argument ailint evaluated to text) holds as a JSON string.
fn body_object(body: Option<&Value>) -> Body {
    match body {
        Some(Value::Object(map)) if !is_unknown(&Value::Object(map.clone())) => {
            Body::Object(map.clone())
        }
        Some(v @ Value::Object(_)) => Body::Unknown(v.clone()),
        Some(Value::String(text)) => match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => Body::Object(map),
            _ => Body::Absent,
        },
        _ => Body::Absent,
    }
}

/// azapi's `identity { type = "...", identity_ids = [...] }` block as ARM's `identity` object:
/// `{type, userAssignedIdentities: {<id>: {}}}`.
fn lower_identity(identity: &Value, at: SrcNode) -> (Value, SrcNode) {
    let block = match identity {
        Value::Array(blocks) => blocks.first().cloned().unwrap_or(Value::Null),
        other => other.clone(),
    };
    let block_node = match &at.children {
        Children::List(items) => items.first().cloned().unwrap_or_else(|| at.clone()),
        _ => at.clone(),
    };
    let Value::Object(block) = block else {
        return (block, block_node);
    };
    let mut out = Map::new();
    let mut nodes = Vec::new();
    if let Some(t) = block.get("type") {
        out.insert("type".into(), t.clone());
        nodes.push(("type".to_string(), entry_node(&block_node, "type")));
    }
    if let Some(ids) = block.get("identity_ids") {
        let value = match ids {
            Value::Array(items) => Value::Object(
                items
                    .iter()
                    .map(|id| (identity_key(id), Value::Object(Map::new())))
                    .collect(),
            ),
            other => other.clone(),
        };
        out.insert("userAssignedIdentities".into(), value);
        nodes.push((
            "userAssignedIdentities".to_string(),
            entry_node(&block_node, "identity_ids"),
        ));
    }
    let node = SrcNode {
        anchor: block_node.anchor.clone(),
        full: block_node.full.clone(),
        children: Children::Map(nodes),
    };
    (Value::Object(out), node)
}

/// The key of a user-assigned identity: its id, or the text of the expression that gives it.
fn identity_key(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        v => v
            .get(crate::parse::values::UNKNOWN_KEY)
            .and_then(Value::as_str)
            .map(String::from)
            .unwrap_or_else(|| v.to_string()),
    }
}

/// The source node of one attribute of the resource; the resource header when it has none.
fn attribute_node(resource: &SrcNode, key: &str) -> SrcNode {
    resource
        .child(&PathSeg::Key(key.to_string()))
        .cloned()
        .unwrap_or_else(|| SrcNode {
            anchor: resource.anchor.clone(),
            full: resource.anchor.clone(),
            children: Children::Leaf,
        })
}

/// The node of `key` inside `node`, following a value written in another file; when the source
/// has no such entry (a `body` given as one expression), `node` itself without children, so that
/// findings under it point at it.
fn entry_node(node: &SrcNode, key: &str) -> SrcNode {
    let seg = PathSeg::Key(key.to_string());
    match &node.children {
        Children::Elsewhere(file, inner) => SrcNode {
            anchor: node.anchor.clone(),
            full: node.full.clone(),
            children: Children::Elsewhere(*file, Box::new(entry_node(inner, key))),
        },
        _ => node.child(&seg).cloned().unwrap_or_else(|| SrcNode {
            anchor: node.anchor.clone(),
            full: node.full.clone(),
            children: Children::Leaf,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::terraform::parse;
    use crate::parse::test_support::{path, snippet};
    use serde_json::json;

    const ACCOUNT: &str = r#"resource "azapi_resource" "openai" {
  type      = "Microsoft.CognitiveServices/accounts@2024-10-01"
  name      = "oai-chat"
  parent_id = azurerm_resource_group.rg.id
  location  = "swedencentral"
  identity {
    type = "SystemAssigned"
  }
  body = {
    kind = "OpenAI"
    sku  = { name = "S0" }
    properties = {
      publicNetworkAccess = "Enabled"
      disableLocalAuth    = false
    }
  }
}

resource "azapi_resource" "gpt" {
  type      = "Microsoft.CognitiveServices/accounts/deployments@2024-10-01"
  name      = "gpt-4o"
  parent_id = azapi_resource.openai.id
  body = jsonencode({
    properties = { model = { format = "OpenAI", name = "gpt-4o", version = "2024-08-06" } }
  })
}

resource "azapi_resource" "diag" {
  type      = "Microsoft.Insights/diagnosticSettings@2021-05-01-preview"
  name      = "diag"
  parent_id = azapi_resource.openai.id
  body      = { properties = { workspaceId = var.workspace_id } }
}
"#;

    #[test]
    fn account_is_lowered_to_the_arm_shape_with_hcl_spans() {
        let rs = parse(ACCOUNT).unwrap();
        let r = &rs[0];
        assert_eq!(r.id, "azapi_resource.openai");
        assert_eq!(r.kind, "Microsoft.CognitiveServices/accounts");
        assert_eq!(r.api_version.as_deref(), Some("2024-10-01"));
        assert_eq!(r.name, "oai-chat");
        assert_eq!(r.config["kind"], json!("OpenAI"));
        assert_eq!(r.config["identity"], json!({"type": "SystemAssigned"}));
        assert_eq!(
            r.config["properties"]["publicNetworkAccess"],
            json!("Enabled")
        );
        assert_eq!(
            snippet(ACCOUNT, r, &["properties", "publicNetworkAccess"]),
            "publicNetworkAccess = \"Enabled\""
        );
        let (range, found) = r.source.resolve(&path(&["properties", "networkAcls"]));
        assert!(!found);
        assert_eq!(&ACCOUNT[range], "properties");
        assert_eq!(
            snippet(ACCOUNT, r, &["identity", "type"]),
            "type = \"SystemAssigned\""
        );
    }

    #[test]
    fn jsonencode_body_children_and_extension_scope() {
        let rs = parse(ACCOUNT).unwrap();
        let gpt = &rs[1];
        assert_eq!(gpt.kind, "Microsoft.CognitiveServices/accounts/deployments");
        assert_eq!(
            gpt.config["properties"]["model"]["version"],
            json!("2024-08-06")
        );
        assert_eq!(
            gpt.config["dependsOn"][0]["$refs"],
            json!(["azapi_resource.openai"])
        );
        assert!(gpt.config.get("scope").is_none());
        assert_eq!(
            snippet(ACCOUNT, gpt, &["properties", "model", "version"]),
            "version = \"2024-08-06\""
        );
        let diag = &rs[2];
        assert_eq!(
            diag.config["scope"]["$refs"],
            json!(["azapi_resource.openai"])
        );
    }

    #[test]
    fn updates_patch_their_azapi_target() {
        let src = r#"resource "azapi_resource" "oai" {
  type = "Microsoft.CognitiveServices/accounts@2024-10-01"
  name = "oai"
  body = {
    kind       = "OpenAI"
    properties = { publicNetworkAccess = "Disabled", disableLocalAuth = true }
  }
}

resource "azapi_update_resource" "open_up" {
  type        = "Microsoft.CognitiveServices/accounts@2024-10-01"
  resource_id = azapi_resource.oai.id
  body = {
    properties = { publicNetworkAccess = "Enabled" }
  }
}
"#;
        let mut rs: Vec<(usize, Resource)> =
            parse(src).unwrap().into_iter().map(|r| (0, r)).collect();
        apply_updates(&mut rs);
        let oai = &rs[0].1;
        assert_eq!(
            oai.config["properties"]["publicNetworkAccess"],
            json!("Enabled")
        );
        assert_eq!(oai.config["properties"]["disableLocalAuth"], json!(true));
        assert_eq!(
            snippet(src, oai, &["properties", "publicNetworkAccess"]),
            "publicNetworkAccess = \"Enabled\""
        );
        assert_eq!(
            snippet(src, oai, &["properties", "disableLocalAuth"]),
            "disableLocalAuth = true"
        );
        assert_eq!(rs[1].1.kind, AZAPI_UPDATE_RESOURCE);
    }

    #[test]
    fn unknown_type_or_other_resources_are_left_alone() {
        let src = "resource \"azapi_resource\" \"x\" {\n  type = var.type\n  name = \"x\"\n}\nresource \"azurerm_resource_group\" \"rg\" {\n  name = \"rg\"\n}\n";
        let rs = parse(src).unwrap();
        assert_eq!(rs[0].kind, "azapi_resource");
        assert_eq!(rs[1].kind, "azurerm_resource_group");
    }

    #[test]
    fn user_assigned_identities_and_unknown_body() {
        let src = "resource \"azapi_resource\" \"s\" {\n  type = \"Microsoft.Search/searchServices@2024-06-01-preview\"\n  name = \"s\"\n  identity {\n    type         = \"UserAssigned\"\n    identity_ids = [azurerm_user_assigned_identity.id.id]\n  }\n  body = var.body\n}\n";
        let rs = parse(src).unwrap();
        let r = &rs[0];
        assert_eq!(
            r.config["identity"]["userAssignedIdentities"],
            json!({"azurerm_user_assigned_identity.id.id": {}})
        );
        assert!(is_unknown(&r.config["properties"]));
    }
}
