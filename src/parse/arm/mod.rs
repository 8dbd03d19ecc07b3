//! ARM template structure: turns each resource of a JSON (with comments) template, including nested
//! child resources, languageVersion 2.0 symbolic resources, copy loops and nested deployments with
//! inline templates, into a [`Resource`] whose `config` is the resource object with template
//! expressions evaluated by [`eval`], and a source map from `jsonc-parser`.

use std::collections::HashMap;

use jsonc_parser::ast::{Array, Object, Value as Ast};
use serde_json::{Map, Value};

pub mod eval;
pub mod expr;
pub mod functions;

use crate::discover::{FileKind, SourceFile};
use crate::parse::json::{self, name_range, prop, prop_name, range};
use crate::parse::values::{is_unknown, unknown};
use crate::parse::{
    without_bom, Children, ParseError, ParseOptions, ParsedUnit, Resource, SrcNode,
};
use eval::{copy_count, eval_value, resolve, Ctx, Mode, Scope, Supplied};

/// Deepest chain of nested deployments with inline templates that is expanded.
const MAX_NESTING: usize = 8;

/// Parse one ARM template on its own (parameter defaults, no parameters file) into its resources,
/// in file order (a parent before its children). A root that is not an object or has no
/// `resources` yields no resources: the caller decides by `$schema` whether the file is a template.
pub fn parse(text: &str) -> Result<Vec<Resource>, ParseError> {
    parse_template(text, &Supplied::default())
}

/// Parses a unit: its template evaluated with the values of its parameters files. With several
/// parameters files, a parameter they all set to the same value is known; one they set differently
/// (or that only some set) is unknown. A parameters file that does not parse is an error on that
/// file and makes every parameter unknown.
pub fn parse_unit(files: &[SourceFile], _options: &ParseOptions) -> ParsedUnit {
    let mut out = ParsedUnit::default();
    let mut sets = Vec::new();
    let mut broken = false;
    for (i, file) in files.iter().enumerate() {
        if file.kind == FileKind::ArmParameters {
            match parse_parameters(&file.text) {
                Ok(set) => sets.push(set),
                Err(e) => {
                    broken = true;
                    out.errors.push((i, e));
                }
            }
        }
    }
    let supplied = merge_parameter_sets(&sets, broken);
    for (i, file) in files.iter().enumerate() {
        if file.kind.is_auxiliary() {
            continue;
        }
        match parse_template(&file.text, &supplied) {
            Ok(resources) => out.resources.extend(resources.into_iter().map(|r| (i, r))),
            Err(e) => out.errors.push((i, e)),
        }
    }
    out.errors.sort_by_key(|(i, _)| *i);
    out
}

/// The unknown standing for parameter `name` whose value cannot be known.
fn unknown_parameter(name: &str) -> Value {
    unknown(
        &format!("[parameters('{name}')]"),
        [format!("parameters.{name}")],
    )
}

/// `{"parameters": {"name": {"value": v}}}` → lowercased name → v. Values are literal (ARM does not
/// evaluate expressions in parameters files); a Key Vault `reference` is unknown.
fn parse_parameters(text: &str) -> Result<HashMap<String, Value>, ParseError> {
    let src = without_bom(text);
    let ast = json::parse(&src)?;
    let mut out = HashMap::new();
    let Some(Ast::Object(root)) = ast.value else {
        return Ok(out);
    };
    let Some(Ast::Object(params)) = prop(&root, "parameters") else {
        return Ok(out);
    };
    for p in &params.properties {
        let name = prop_name(&p.name);
        let value = match &p.value {
            Ast::Object(o) => match prop(o, "value") {
                Some(v) => literal(v),
                None => unknown_parameter(&name),
            },
            _ => unknown_parameter(&name),
        };
        out.insert(name.to_lowercase(), value);
    }
    Ok(out)
}

/// A JSON value as it is, strings included.
fn literal(v: &Ast) -> Value {
    convert(v).0
}

fn merge_parameter_sets(sets: &[HashMap<String, Value>], broken: bool) -> Supplied {
    let mut supplied = Supplied {
        all_unknown: broken,
        ..Supplied::default()
    };
    let names: std::collections::BTreeSet<&String> = sets.iter().flat_map(|s| s.keys()).collect();
    for name in names {
        let values: Vec<Option<&Value>> = sets.iter().map(|s| s.get(name)).collect();
        let value = match values.split_first() {
            Some((Some(first), rest)) if rest.iter().all(|v| *v == Some(*first)) => {
                (*first).clone()
            }
            _ => unknown_parameter(name),
        };
        supplied.values.insert(name.clone(), value);
    }
    supplied
}

/// One template evaluated with the parameter values `supplied` (also a Bicep module that is an ARM
/// template).
pub fn parse_template(text: &str, supplied: &Supplied) -> Result<Vec<Resource>, ParseError> {
    let src = without_bom(text);
    let ast = json::parse(&src)?;
    let Some(Ast::Object(root)) = ast.value else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    template(&root, supplied, 0, &mut out);
    Ok(out)
}

/// The resources of a template evaluated in its own scope.
fn template(obj: &Object, supplied: &Supplied, nesting: usize, out: &mut Vec<Resource>) {
    let section = |name: &str| prop(obj, name).map(literal);
    let scope = Scope::new(
        section("parameters").as_ref(),
        section("variables").as_ref(),
        section("functions").as_ref(),
        supplied,
    );
    resources(obj, &Ctx::new(&scope), nesting, out);
}

/// The resources of the template `obj`, evaluated in `ctx`.
fn resources(obj: &Object, ctx: &Ctx, nesting: usize, out: &mut Vec<Resource>) {
    let walker = Walker { nesting };
    match prop(obj, "resources") {
        // Classic form: an array of resource objects.
        Some(Ast::Array(items)) => {
            for item in &items.elements {
                if let Ast::Object(obj) = item {
                    walker.collect(obj, None, None, ctx, out);
                }
            }
        }
        // languageVersion 2.0: an object whose keys are symbolic names.
        Some(Ast::Object(symbolic)) => {
            for p in &symbolic.properties {
                if let Ast::Object(obj) = &p.value {
                    walker.collect(obj, Some(&prop_name(&p.name)), None, ctx, out);
                }
            }
        }
        _ => {}
    }
}

/// The parent of a nested child resource: its full type and name.
struct Parent {
    kind: String,
    name: String,
}

/// One resource object as declared, before copy loops and evaluation.
struct Declared<'a, 'b> {
    obj: &'b Object<'a>,
    raw: Value,
    source: SrcNode,
    symbolic: Option<&'b str>,
    children: Option<&'b Array<'a>>,
}

struct Walker {
    nesting: usize,
}

impl Walker {
    /// Adds the resource `obj` (one per iteration of its copy loop) and, after each, its nested
    /// child resources and the resources of its inline template.
    fn collect(
        &self,
        obj: &Object,
        symbolic: Option<&str>,
        parent: Option<&Parent>,
        ctx: &Ctx,
        out: &mut Vec<Resource>,
    ) {
        let children = match prop(obj, "resources") {
            Some(Ast::Array(items)) => Some(items),
            _ => None,
        };
        let (raw, entries) = convert_object(obj, children.is_some());
        let anchor = obj
            .properties
            .iter()
            .find(|p| p.name.as_str() == "type")
            .map_or(obj.range.start..obj.range.start + 1, |p| {
                name_range(&p.name)
            });
        let declared = Declared {
            obj,
            raw: Value::Object(raw),
            source: SrcNode {
                anchor,
                full: range(obj.range),
                children: Children::Map(entries),
            },
            symbolic,
            children,
        };
        // A copy loop with a known count is that many resources (zero included); with an unknown
        // count, one resource whose copyIndex() is unknown.
        match declared.raw.get("copy") {
            Some(Value::Object(copy)) => {
                let name = copy.get("name").and_then(Value::as_str).unwrap_or_default();
                match copy.get("count").and_then(|c| copy_count(c, ctx, 0)) {
                    Some(n) => {
                        for i in 0..n {
                            self.instance(&declared, parent, &ctx.with_loop(name, Some(i)), out);
                        }
                    }
                    None => self.instance(&declared, parent, &ctx.with_loop(name, None), out),
                }
            }
            _ => self.instance(&declared, parent, ctx, out),
        }
    }

    fn instance(&self, d: &Declared, parent: Option<&Parent>, ctx: &Ctx, out: &mut Vec<Resource>) {
        let flag = |key: &str| d.raw.get(key).map(|v| eval_value(v, ctx, 0));
        // Not deployed: a known false condition, or a 2.0 `existing` reference to a resource
        // deployed elsewhere.
        if matches!(flag("condition"), Some(Value::Bool(false)))
            || matches!(flag("condition"), Some(Value::String(s)) if s.eq_ignore_ascii_case("false"))
            || matches!(flag("existing"), Some(Value::Bool(true)))
        {
            return;
        }
        let own_type = match flag("type") {
            Some(Value::String(t)) => t,
            _ => raw_string(&d.raw, "type"),
        };
        let is_deployment = own_type.eq_ignore_ascii_case("Microsoft.Resources/deployments");
        // An inline template's expressions belong to its own scope (or are evaluated below).
        let opaque: &[&str] = if is_deployment {
            &["properties", "template"]
        } else {
            &[]
        };
        let mode = Mode {
            ctx: Some(ctx),
            opaque,
        };
        let (config, source) = resolve(&d.raw, &d.source, mode, 0);
        let own_name = match config.get("name") {
            Some(Value::String(n)) => n.clone(),
            _ => raw_string(&d.raw, "name"),
        };
        // A child declared inside its parent may use the short form: `"type": "deployments"` (or
        // `"providers/diagnosticSettings"`) with the name relative to the parent's. A full type
        // starts with its namespace (`Microsoft.X/...`), whose first segment has a dot.
        let relative = !own_type.split('/').next().unwrap_or_default().contains('.');
        let (kind, name) = match parent {
            Some(p) if relative => (
                format!("{}/{own_type}", p.kind),
                format!("{}/{own_name}", p.name),
            ),
            _ => (own_type, own_name),
        };
        let api_version = config
            .get("apiVersion")
            .and_then(Value::as_str)
            .map(str::to_string);
        let nested = if is_deployment {
            inline_template(d.obj).map(|t| (t, config.clone()))
        } else {
            None
        };
        out.push(Resource {
            id: d
                .symbolic
                .map_or_else(|| format!("{kind}/{name}"), str::to_string),
            api_version,
            config,
            source,
            kind: kind.clone(),
            name: name.clone(),
        });
        if let Some(items) = d.children {
            let me = Parent { kind, name };
            for item in &items.elements {
                if let Ast::Object(child) = item {
                    self.collect(child, None, Some(&me), ctx, out);
                }
            }
        }
        if let Some((template_obj, config)) = nested {
            self.nested_deployment(template_obj, &config, ctx, out);
        }
    }

    /// The resources of a nested deployment's inline template: with `scope: inner`, in the
    /// template's own scope with the deployment's parameters (computed in the outer scope);
    /// otherwise (ARM's default, `outer`) in the outer scope.
    fn nested_deployment(&self, t: &Object, config: &Value, ctx: &Ctx, out: &mut Vec<Resource>) {
        if self.nesting >= MAX_NESTING {
            return;
        }
        let inner = config
            .pointer("/properties/expressionEvaluationOptions/scope")
            .and_then(Value::as_str)
            .is_some_and(|s| s.eq_ignore_ascii_case("inner"));
        if inner {
            let supplied = deployment_parameters(config.pointer("/properties/parameters"));
            template(t, &supplied, self.nesting + 1, out);
        } else {
            resources(t, ctx, self.nesting + 1, out);
        }
    }
}

/// The inline `properties.template` object of a deployment resource.
fn inline_template<'a, 'b>(obj: &'b Object<'a>) -> Option<&'b Object<'a>> {
    let Some(Ast::Object(props)) = prop(obj, "properties") else {
        return None;
    };
    match prop(props, "template") {
        Some(Ast::Object(t)) => Some(t),
        _ => None,
    }
}

/// A deployment's `parameters` (`{name: {value}}`, already evaluated) as values for its template.
fn deployment_parameters(params: Option<&Value>) -> Supplied {
    let mut supplied = Supplied::default();
    match params {
        None => {}
        Some(Value::Object(o)) if !is_unknown(&Value::Object(o.clone())) => {
            for (name, p) in o {
                let value = match p.get("value") {
                    Some(v) if !is_unknown(p) => v.clone(),
                    _ => unknown_parameter(name),
                };
                supplied.values.insert(name.to_lowercase(), value);
            }
        }
        Some(_) => supplied.all_unknown = true,
    }
    supplied
}

/// The raw text of a string property (an expression as written), or "".
fn raw_string(raw: &Value, key: &str) -> String {
    match raw.get(key) {
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    }
}

/// An object as raw JSON (strings as written) and the source nodes of its properties. With
/// `skip_children`, a `resources` array is left out (nested child resources become resources of
/// their own).
fn convert_object(
    obj: &Object,
    skip_children: bool,
) -> (Map<String, Value>, Vec<(String, SrcNode)>) {
    json::convert_object(
        obj,
        |key| !(skip_children && key == "resources"),
        &json::plain_string,
    )
}

/// A JSON value as written (expressions still strings), and its source children.
fn convert(v: &Ast) -> (Value, Children) {
    json::convert(v, &json::plain_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::arm::eval::eval_string;

    fn string_value(s: &str) -> Value {
        eval_string(s, None, 0)
    }
    use crate::parse::test_support::{at, snippet};
    use crate::parse::{LineIndex, PathSeg, Position};
    use serde_json::json;

    const CLASSIC: &str = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  // ARM accepts comments
  "parameters": { "accountName": { "type": "string" } },
  "resources": [
    {
      "type": "Microsoft.CognitiveServices/accounts",
      "apiVersion": "2023-05-01",
      "name": "[parameters('accountName')]",
      "location": "eastus", /* inline */
      "kind": "OpenAI",
      "properties": {
        "networkAcls": { "defaultAction": "Allow" },
        "ipRules": [ { "value": "1.2.3.4" }, "x" ],
      },
      "resources": [
        {
          "type": "deployments",
          "apiVersion": "2023-05-01",
          "name": "gpt4",
          "dependsOn": [ "[resourceId('Microsoft.CognitiveServices/accounts', parameters('accountName'))]" ]
        }
      ]
    },
    {
      "type": "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
      "name": "pe/default"
    },
  ]
}"#;

    #[test]
    fn classic_resources_and_positions() {
        let rs = parse(CLASSIC).unwrap();
        assert_eq!(rs.len(), 3);
        let acct = &rs[0];
        assert_eq!(acct.kind, "Microsoft.CognitiveServices/accounts");
        assert_eq!(acct.name, "[parameters('accountName')]");
        assert_eq!(
            acct.id,
            "Microsoft.CognitiveServices/accounts/[parameters('accountName')]"
        );
        assert_eq!(acct.api_version.as_deref(), Some("2023-05-01"));
        // The root anchor is the "type" key.
        assert_eq!(at(CLASSIC, acct, &[]), ("8:7".into(), true));
        assert_eq!(snippet(CLASSIC, acct, &[]), "\"type\"");
        assert_eq!(&CLASSIC[acct.source.full.clone()][..1], "{");
        // A present scalar resolves to its whole property.
        let p = ["properties", "networkAcls", "defaultAction"];
        assert_eq!(at(CLASSIC, acct, &p), ("14:26".into(), true));
        assert_eq!(snippet(CLASSIC, acct, &p), "\"defaultAction\": \"Allow\"");
        // A missing property under properties resolves to the "properties" key.
        assert_eq!(
            at(CLASSIC, acct, &["properties", "publicNetworkAccess"]),
            ("13:7".into(), false)
        );
        // A missing top-level property resolves to the "type" key.
        assert_eq!(
            at(CLASSIC, acct, &["identity", "type"]),
            ("8:7".into(), false)
        );
        // Array items: an object item anchors at its `{`, a scalar at itself.
        assert_eq!(
            at(CLASSIC, acct, &["properties", "ipRules", "0", "action"]),
            ("15:22".into(), false)
        );
        assert_eq!(
            snippet(CLASSIC, acct, &["properties", "ipRules", "1"]),
            "\"x\""
        );
        // The nested `resources` array is not part of the parent's config or source.
        assert!(acct.config.get("resources").is_none());
        assert!(acct
            .source
            .child(&PathSeg::Key("resources".into()))
            .is_none());
        assert_eq!(acct.config["location"], json!("eastus"));
    }

    #[test]
    fn nested_child_gets_full_type_and_name() {
        let rs = parse(CLASSIC).unwrap();
        let child = &rs[1];
        assert_eq!(
            child.kind,
            "Microsoft.CognitiveServices/accounts/deployments"
        );
        assert_eq!(child.name, "[parameters('accountName')]/gpt4");
        assert_eq!(
            child.id,
            "Microsoft.CognitiveServices/accounts/deployments/[parameters('accountName')]/gpt4"
        );
        assert_eq!(child.config["type"], json!("deployments"));
        assert_eq!(at(CLASSIC, child, &[]), ("19:11".into(), true));
        // A child with a full type keeps it.
        assert_eq!(
            rs[2].kind,
            "Microsoft.Network/privateEndpoints/privateDnsZoneGroups"
        );
        assert_eq!(
            rs[2].id,
            "Microsoft.Network/privateEndpoints/privateDnsZoneGroups/pe/default"
        );
    }

    #[test]
    fn literal_child_names_join_and_children_nest() {
        let text = r#"{"resources": [{"type": "A.B/c", "name": "p", "resources": [
            {"type": "d", "name": "q", "resources": [{"type": "e", "name": "r"}]},
            {"type": "A.B/c/x", "name": "p/y"}]}]}"#;
        let rs = parse(text).unwrap();
        let ids: Vec<&str> = rs.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(
            ids,
            ["A.B/c/p", "A.B/c/d/p/q", "A.B/c/d/e/p/q/r", "A.B/c/x/p/y"]
        );
        assert_eq!(rs[2].name, "p/q/r");
    }

    #[test]
    fn expressions_become_unknowns_with_refs() {
        let rs = parse(CLASSIC).unwrap();
        assert_eq!(
            rs[0].config["name"],
            json!({"$unknown": "[parameters('accountName')]", "$refs": ["parameters.accountName"]})
        );
        assert_eq!(
            rs[1].config["dependsOn"][0]["$refs"],
            json!([
                "Microsoft.CognitiveServices/accounts/[parameters('accountName')]",
                "parameters.accountName"
            ])
        );
    }

    fn refs(expr: &str) -> Value {
        let v = string_value(expr);
        v.get("$refs").cloned().unwrap_or(Value::Null)
    }

    #[test]
    fn expression_ref_cases() {
        assert_eq!(refs("[variables('x')]"), json!(["variables.x"]));
        assert_eq!(
            refs("[resourceId(subscription().subscriptionId, 'rg', 'Microsoft.Network/virtualNetworks/subnets', 'vnet', variables('sub'))]"),
            json!(["Microsoft.Network/virtualNetworks/subnets/vnet/[variables('sub')]", "variables.sub"])
        );
        assert_eq!(
            refs("[subscriptionResourceId('Microsoft.Resources/resourceGroups', 'rg')]"),
            json!(["Microsoft.Resources/resourceGroups/rg"])
        );
        assert_eq!(
            refs("[extensionResourceId(resourceId('A.B/c', 'n'), 'Microsoft.Authorization/locks', 'lk')]"),
            json!(["Microsoft.Authorization/locks/lk", "A.B/c/n"])
        );
        assert_eq!(
            refs("[tenantResourceId('Microsoft.Management/managementGroups', 'mg')]"),
            json!(["Microsoft.Management/managementGroups/mg"])
        );
        assert_eq!(
            refs("[reference(resourceId('A.B/c', 'n'), '2023-01-01').properties.endpoint]"),
            json!(["A.B/c/n"])
        );
        assert_eq!(
            refs("[reference('mySymbolic').outputs]"),
            json!(["mySymbolic"])
        );
        assert_eq!(
            refs("[listKeys('/subscriptions/s/resourceGroups/g/providers/A.B/c/n/d/m', '2020-01-01').key1]"),
            json!(["A.B/c/d/n/m"])
        );
        assert_eq!(refs("[mySymbolic.id]"), json!(["mySymbolic"]));
        assert_eq!(
            refs("[myNs.myFunc(parameters('p'))]"),
            json!(["parameters.p"])
        );
        assert_eq!(
            refs("[concat('it''s', parameters('a')[0], -1.5, variables('m')['k'])]"),
            json!(["parameters.a", "variables.m"])
        );
        // Case-insensitive function names, as ARM has them.
        assert_eq!(refs("[Parameters('p')]"), json!(["parameters.p"]));
        // Does not parse: unknown without refs.
        assert_eq!(refs("[concat(parameters('a')]"), json!([]));
        assert_eq!(refs("[parameters('a') parameters('b')]"), json!([]));
        assert_eq!(refs("['unterminated]"), json!([]));
        assert_eq!(refs("[]"), json!([]));
        // Hostile depth: no stack overflow, just no refs.
        let deep = format!("[{}1{}]", "f(".repeat(100_000), ")".repeat(100_000));
        assert_eq!(refs(&deep), json!([]));
        let long = format!("[a{}]", ".b".repeat(100_000));
        assert_eq!(refs(&long), json!([]));
    }

    #[test]
    fn escaped_literal_and_plain_values() {
        assert_eq!(
            string_value("[[not an expression]"),
            json!("[not an expression]")
        );
        assert_eq!(string_value("[x"), json!("[x"));
        assert_eq!(string_value("plain"), json!("plain"));
        assert_eq!(json::number_value("0x1F"), json!(31));
        assert_eq!(json::number_value("-2.5"), json!(-2.5));
        assert_eq!(json::number_value("Infinity"), json!("Infinity"));
        let text =
            r#"{"resources": [{"type": "A.B/c", "name": "[[x]", "p": [1, true, null, {"k": 2}]}]}"#;
        let rs = parse(text).unwrap();
        assert_eq!(rs[0].name, "[x]");
        assert_eq!(rs[0].config["p"], json!([1, true, null, {"k": 2}]));
    }

    #[test]
    fn language_version_2_symbolic_resources() {
        let text = r#"{
  "languageVersion": "2.0",
  "resources": {
    "account": {
      "type": "Microsoft.CognitiveServices/accounts",
      "apiVersion": "2023-05-01",
      "name": "acct",
      "properties": { "publicNetworkAccess": "Enabled" }
    },
    "pe": {
      "type": "Microsoft.Network/privateEndpoints",
      "name": "pe",
      "properties": { "privateLinkServiceConnections": [ { "properties": { "privateLinkServiceId": "[account.id]" } } ] }
    }
  }
}"#;
        let rs = parse(text).unwrap();
        assert_eq!(rs.len(), 2);
        assert_eq!(rs[0].id, "account");
        assert_eq!(rs[0].name, "acct");
        assert_eq!(at(text, &rs[0], &[]), ("5:7".into(), true));
        assert_eq!(
            at(text, &rs[0], &["properties", "publicNetworkAccess"]),
            ("8:23".into(), true)
        );
        let id = &rs[1].config["properties"]["privateLinkServiceConnections"][0]["properties"]
            ["privateLinkServiceId"];
        assert_eq!(id["$refs"], json!(["account"]));
        // An object item of an array anchors at its `{`.
        assert_eq!(
            at(
                text,
                &rs[1],
                &["properties", "privateLinkServiceConnections", "0", "name"]
            ),
            ("13:58".into(), false)
        );
    }

    #[test]
    fn no_resources_is_not_an_error() {
        assert!(parse("[1, 2]").unwrap().is_empty());
        assert!(parse(r#"{"a": 1}"#).unwrap().is_empty());
        assert!(parse(r#"{"resources": "x"}"#).unwrap().is_empty());
        assert!(parse("").unwrap().is_empty());
        assert!(parse("// only a comment\n").unwrap().is_empty());
        // Non-object items are skipped; a resource without a type anchors at its `{`.
        let text = r#"{"resources": [1, {"name": "n"}]}"#;
        let rs = parse(text).unwrap();
        assert_eq!(rs.len(), 1);
        assert_eq!(rs[0].id, "/n");
        assert_eq!(snippet(text, &rs[0], &["properties"]), "{");
    }

    #[test]
    fn utf8_crlf_and_bom_positions() {
        let text = "\u{feff}{\r\n  \"resources\": [\r\n    { \"type\": \"A.B/c\", \"name\": \"é\", \"tags\": { \"ñ\": \"ü\", \"x\": 1 } }\r\n  ]\r\n}\r\n";
        let rs = parse(text).unwrap();
        let r = &rs[0];
        assert_eq!(r.name, "é");
        assert_eq!(at(text, r, &[]), ("3:7".into(), true));
        assert_eq!(at(text, r, &["tags", "x"]), ("3:57".into(), true));
        assert_eq!(snippet(text, r, &["tags", "x"]), "\"x\": 1");
        assert_eq!(at(text, r, &["tags", "y"]), ("3:37".into(), false));
    }

    #[test]
    fn malformed_json_error_location() {
        let text = "{\n  \"resources\": [\n    { \"type\": \"A.B/c\" \"name\": \"x\" }\n  ]\n}";
        let err = parse(text).unwrap_err();
        let idx = LineIndex::new(text);
        assert!(
            err.message.starts_with("JSON syntax error"),
            "{}",
            err.message
        );
        assert_eq!(
            idx.position(text, err.range.start),
            Position {
                line: 3,
                column: 22
            }
        );

        let text = "\u{feff}{\n  \"a\": }";
        let err = parse(text).unwrap_err();
        assert_eq!(err.message, "JSON syntax error: Unexpected close brace");
        assert_eq!(
            LineIndex::new(text).position(text, err.range.start),
            Position { line: 2, column: 8 }
        );
        assert!(parse("{\"a\": \"unterminated").is_err());
        assert!(parse("{\"a\": 1} {}").is_err());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        for open in ["[", "{\"a\":"] {
            let text = format!("{{\"resources\": {}", open.repeat(10_000));
            let err = parse(&text).unwrap_err();
            assert_eq!(err.message, "nesting deeper than 256 levels");
        }
        // Brackets inside strings and comments do not count.
        let text = format!(
            "{{\"resources\": [], \"s\": \"{}\", // {}\n \"t\": 1 /* {} */}}",
            "[".repeat(1000),
            "{".repeat(1000),
            "[".repeat(1000)
        );
        assert!(parse(&text).unwrap().is_empty());
        let ok = format!("{}{}", "[".repeat(256), "]".repeat(256));
        assert!(parse(&ok).unwrap().is_empty());
    }

    #[test]
    fn garbage_does_not_panic() {
        let alphabet = "{}[]\"':,/*\\ \n\r\tab01-.eé[[]]";
        for s in crate::parse::test_support::garbage(0x2545_f491_4f6c_dd1d, alphabet, 2000, 60) {
            let _ = parse(&s);
            let _ = parse(&format!(
                "{{\"resources\": [{{\"type\": \"{s}\", \"name\": \"[{s}]\"}}]}}"
            ));
            let _ = string_value(&s);
        }
    }

    #[test]
    fn relative_child_types_with_a_slash_get_the_parent_prefix() {
        let t = r#"{"resources": [{"type": "Microsoft.CognitiveServices/accounts", "name": "aoai",
            "resources": [{"type": "providers/diagnosticSettings", "name": "Microsoft.Insights/audit"}]}]}"#;
        let rs = parse(t).unwrap();
        assert_eq!(
            rs[1].kind,
            "Microsoft.CognitiveServices/accounts/providers/diagnosticSettings"
        );
        assert_eq!(rs[1].name, "aoai/Microsoft.Insights/audit");
        let t = r#"{"resources": [{"type": "Microsoft.Web/sites", "name": "s",
            "resources": [{"type": "Microsoft.Web/sites/config", "name": "s/web"}]}]}"#;
        assert_eq!(parse(t).unwrap()[1].kind, "Microsoft.Web/sites/config");
    }

    fn source(display: &str, kind: FileKind, text: &str) -> SourceFile {
        SourceFile {
            display: display.into(),
            path: display.into(),
            kind,
            text: text.into(),
            reported: true,
        }
    }

    const POOLS: &str = r#"{
  "parameters": {
    "size": { "type": "string", "defaultValue": "Standard_D4s_v5" },
    "pools": { "type": "int", "defaultValue": 2 },
    "deployDebug": { "type": "bool", "defaultValue": false },
    "env": { "type": "string" }
  },
  "variables": { "prefix": "[concat('gpu', '-')]" },
  "resources": [
    {
      "type": "Microsoft.ContainerService/managedClusters/agentPools",
      "name": "[concat('aks/', variables('prefix'), copyIndex())]",
      "copy": { "name": "poolLoop", "count": "[parameters('pools')]" },
      "properties": {
        "vmSize": "[parameters('size')]",
        "minCount": "[copyIndex()]",
        "copy": [ { "name": "tags", "count": 2, "input": { "i": "[copyIndex('tags')]" } } ]
      }
    },
    {
      "condition": "[parameters('deployDebug')]",
      "type": "Microsoft.Compute/virtualMachines",
      "name": "debug"
    },
    {
      "condition": "[equals(parameters('env'), 'prod')]",
      "type": "Microsoft.Compute/virtualMachines",
      "name": "maybe",
      "copy": { "name": "l", "count": "[length(parameters('env'))]" }
    }
  ]
}"#;

    #[test]
    fn copy_loops_conditions_and_source_positions() {
        let rs = parse(POOLS).unwrap();
        let ids: Vec<&str> = rs.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "Microsoft.ContainerService/managedClusters/agentPools/aks/gpu-0",
                "Microsoft.ContainerService/managedClusters/agentPools/aks/gpu-1",
                "Microsoft.Compute/virtualMachines/maybe",
            ]
        );
        assert_eq!(rs[1].config["properties"]["minCount"], json!(1));
        assert_eq!(rs[1].config["name"], json!("aks/gpu-1"));
        assert_eq!(
            rs[0].config["properties"]["vmSize"],
            json!("Standard_D4s_v5")
        );
        // A resolved value points at the template property holding the expression.
        assert_eq!(
            snippet(POOLS, &rs[1], &["properties", "vmSize"]),
            "\"vmSize\": \"[parameters('size')]\""
        );
        // Property copy: the array items point at the `input` object.
        assert_eq!(
            rs[0].config["properties"]["tags"],
            json!([{"i": 0}, {"i": 1}])
        );
        assert_eq!(
            snippet(POOLS, &rs[0], &["properties", "tags", "1", "i"]),
            "\"i\": \"[copyIndex('tags')]\""
        );
        // Unknown condition and count: one resource, copyIndex() unknown.
        assert!(is_unknown(&rs[2].config["condition"]));
    }

    #[test]
    fn parameters_files_agree_or_stay_unknown() {
        let template = source("t.json", FileKind::ArmTemplate, POOLS);
        let dev = source(
            "t.parameters.dev.json",
            FileKind::ArmParameters,
            r#"{"parameters": {"size": {"value": "Standard_NC6s_v3"}, "env": {"value": "dev"}, "pools": {"value": 1}}}"#,
        );
        let prod = source(
            "t.parameters.prod.json",
            FileKind::ArmParameters,
            r#"{"parameters": {"size": {"value": "Standard_NC6s_v3"}, "env": {"value": "prod"},
                "pools": {"reference": {"keyVault": {"id": "x"}, "secretName": "n"}}}}"#,
        );
        let opts = ParseOptions::default();
        let one = parse_unit(&[template.clone(), dev.clone()], &opts);
        assert!(one.errors.is_empty());
        // dev: env = "dev", so the conditional VM is not deployed; one pool.
        let ids: Vec<&str> = one.resources.iter().map(|(_, r)| r.id.as_str()).collect();
        assert_eq!(
            ids,
            ["Microsoft.ContainerService/managedClusters/agentPools/aks/gpu-0"]
        );
        assert_eq!(
            one.resources[0].1.config["properties"]["vmSize"],
            json!("Standard_NC6s_v3")
        );
        let both = parse_unit(&[template.clone(), dev, prod], &opts);
        let pool = &both.resources[0].1;
        // Same size in both files: known. Pools: a Key Vault reference, so the count is unknown.
        assert_eq!(
            pool.config["properties"]["vmSize"],
            json!("Standard_NC6s_v3")
        );
        assert!(is_unknown(&pool.config["properties"]["minCount"]));
        // env differs between the files: the condition is unknown, the VM stays.
        assert!(is_unknown(&both.resources[1].1.config["condition"]));
        let broken = source(
            "t.parameters.json",
            FileKind::ArmParameters,
            "{\"parameters\": ",
        );
        let bad = parse_unit(&[template, broken], &opts);
        assert_eq!(bad.errors.len(), 1);
        assert_eq!(bad.errors[0].0, 1);
        assert!(is_unknown(
            &bad.resources[0].1.config["properties"]["vmSize"]
        ));
    }

    #[test]
    fn nested_deployments_inner_and_outer_scope() {
        let text = r#"{
  "parameters": { "name": { "type": "string", "defaultValue": "outer" } },
  "resources": [
    {
      "type": "Microsoft.Resources/deployments",
      "name": "inner",
      "properties": {
        "expressionEvaluationOptions": { "scope": "inner" },
        "parameters": { "name": { "value": "[concat(parameters('name'), '-x')]" } },
        "template": {
          "parameters": { "name": { "type": "string" }, "size": { "type": "string", "defaultValue": "NC" } },
          "resources": [ { "type": "A.B/c", "name": "[parameters('name')]", "size": "[parameters('size')]" } ]
        }
      }
    },
    {
      "type": "Microsoft.Resources/deployments",
      "name": "outer",
      "properties": {
        "template": { "resources": [ { "type": "A.B/c", "name": "[parameters('name')]" } ] }
      }
    },
    {
      "type": "Microsoft.Resources/deployments",
      "name": "linked",
      "properties": { "templateLink": { "uri": "https://x" } }
    }
  ]
}"#;
        let rs = parse(text).unwrap();
        let ids: Vec<&str> = rs.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "Microsoft.Resources/deployments/inner",
                "A.B/c/outer-x",
                "Microsoft.Resources/deployments/outer",
                "A.B/c/outer",
                "Microsoft.Resources/deployments/linked",
            ]
        );
        assert_eq!(rs[1].config["size"], json!("NC"));
        // The inner resource's source map points into the same file.
        assert_eq!(
            snippet(text, &rs[1], &["name"]),
            "\"name\": \"[parameters('name')]\""
        );
        // The deployment keeps its inline template unevaluated, as another scope's text.
        assert!(is_unknown(
            &rs[0].config["properties"]["template"]["resources"][0]["name"]
        ));
        assert_eq!(
            rs[0].config["properties"]["parameters"]["name"]["value"],
            json!("outer-x")
        );
    }

    #[test]
    fn existing_resources_and_deep_deployment_nesting() {
        let text = r#"{"languageVersion": "2.0", "resources": {
            "ws": {"type": "A.B/c", "name": "ws", "existing": true},
            "pe": {"type": "A.B/d", "name": "pe", "properties": {"target": "[resourceInfo('ws').id]"}}}}"#;
        let rs = parse(text).unwrap();
        assert_eq!(rs.len(), 1);
        assert_eq!(rs[0].id, "pe");
        assert_eq!(rs[0].config["properties"]["target"]["$refs"], json!(["ws"]));
        // Deployments nested 50 deep: expanded down to the cap, no stack overflow.
        let mut t = r#"{"resources": [{"type": "A.B/c", "name": "leaf"}]}"#.to_string();
        for _ in 0..50 {
            t = format!(
                r#"{{"resources": [{{"type": "Microsoft.Resources/deployments", "name": "d", "properties": {{"template": {t}}}}}]}}"#
            );
        }
        let rs = parse(&t).unwrap();
        assert_eq!(rs.len(), MAX_NESTING + 1);
    }
}
