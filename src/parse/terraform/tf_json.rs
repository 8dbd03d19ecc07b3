//! Terraform's JSON configuration syntax (`.tf.json`): the resources of `{"resource": {TYPE: {NAME:
//! {...}}}}` with a source map, where strings holding `${...}` are evaluated as HCL templates in the
//! module's scope. Blocks keep the shape the file gives them (JSON cannot tell a block from a map).

use jsonc_parser::ast::{Object, Value as Ast};
use serde_json::Value;

use super::eval::Env;
use crate::parse::json::{self, name_range, prop, prop_name, value_range};
use crate::parse::values::unknown;
use crate::parse::{without_bom, Children, ParseError, Resource, SrcNode};

/// The managed resources of one `.tf.json` file, addressed with `prefix` (a module path).
pub fn resources(text: &str, env: &Env, prefix: &str) -> Result<Vec<Resource>, ParseError> {
    let src = without_bom(text);
    let ast = json::parse(&src)?;
    let Some(Ast::Object(root)) = ast.value else {
        return Err(ParseError::new(
            "a Terraform JSON file must hold an object",
            0..src.len().min(1),
        ));
    };
    let mut out = Vec::new();
    let Some(Ast::Object(types)) = prop(&root, "resource") else {
        return Ok(out);
    };
    for by_type in &types.properties {
        let kind = prop_name(&by_type.name);
        let Ast::Object(names) = &by_type.value else {
            continue;
        };
        for by_name in &names.properties {
            let name = prop_name(&by_name.name);
            // A resource body is an object, or an array of one object.
            let body = match &by_name.value {
                Ast::Object(o) => o,
                Ast::Array(a) => match a.elements.first() {
                    Some(Ast::Object(o)) => o,
                    _ => continue,
                },
                _ => continue,
            };
            let (config, children) = object(body, env);
            let anchor = name_range(&by_name.name);
            out.push(super::azapi::lower(Resource {
                id: format!("{prefix}{kind}.{name}"),
                kind: kind.clone(),
                api_version: None,
                name,
                config,
                source: SrcNode {
                    full: anchor.start..value_range(&by_name.value).end,
                    anchor,
                    children,
                },
            }));
        }
    }
    Ok(out)
}

fn object(obj: &Object, env: &Env) -> (Value, Children) {
    let (map, entries) = json::convert_object(obj, |_| true, &|s| string(s, env));
    (Value::Object(map), Children::Map(entries))
}

/// A JSON string: a template when it holds `${` or `%{`, else a literal.
fn string(s: &str, env: &Env) -> Value {
    if !(s.contains("${") || s.contains("%{")) {
        return Value::String(s.to_string());
    }
    // JSON string escapes are valid HCL string escapes, so the quoted form parses as a template.
    let quoted = serde_json::to_string(s).unwrap_or_default();
    match hcl_edit::parser::parse_expr(&quoted) {
        Ok(expr) => env.value(&quoted, &expr),
        Err(_) => unknown(s, Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::terraform::eval::{Bound, Scope};
    use serde_json::json;
    use std::collections::HashMap;

    #[test]
    fn resources_with_templates_and_positions() {
        let text = r#"{
  "variable": { "min": { "default": 0 } },
  "resource": {
    "azurerm_kubernetes_cluster_node_pool": {
      "gpu": {
        "vm_size": "Standard_NC24ads_A100_v4",
        "min_count": "${var.min}",
        "name": "pool-${var.missing}"
      }
    }
  }
}"#;
        let mut vars = HashMap::new();
        vars.insert(
            "min".to_string(),
            Bound {
                value: json!(0),
                origin: None,
            },
        );
        let scope = Scope::new(vars);
        let env = Env::new(&scope);
        let rs = resources(text, &env, "").expect("parses");
        assert_eq!(rs.len(), 1);
        let r = &rs[0];
        assert_eq!(r.id, "azurerm_kubernetes_cluster_node_pool.gpu");
        assert_eq!(r.config["min_count"], json!(0));
        assert_eq!(r.config["name"]["$refs"], json!(["var.missing"]));
        let (range, found) = r
            .source
            .resolve(&crate::parse::test_support::path(&["min_count"]));
        assert!(found);
        assert_eq!(&text[range], r#""min_count": "${var.min}""#);
    }

    #[test]
    fn not_an_object_is_an_error() {
        let scope = Scope::empty();
        let env = Env::new(&scope);
        assert!(resources("[1]", &env, "").is_err());
        assert!(resources("{", &env, "").is_err());
    }
}
