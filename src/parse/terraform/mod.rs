//! Terraform (HCL) parser: turns each top-level `resource "TYPE" "NAME"` block into a [`Resource`]
//! whose `config` holds literal values as JSON and everything else as unknowns, with a source map of
//! byte ranges built from `hcl-edit` spans.

use std::ops::Range;

use hcl_edit::expr::{Expression, Object, ObjectKey, TraversalOperator};
use hcl_edit::structure::{Block, Body, Structure};
use hcl_edit::template::Element;
use hcl_edit::Span;
use serde_json::{Map, Value};

use eval::{Env, Scope};

pub mod azapi;
pub mod eval;
pub mod functions;
pub mod module;
pub mod plan;
pub mod refs;
pub mod tf_json;
pub mod value;

use crate::parse::values::{is_unknown, unknown};
use crate::parse::{without_bom, ByteRange, Children, ParseError, PathSeg, Resource, SrcNode};

/// Parse one `.tf` file on its own into its managed resources, in file order: variables and locals
/// declared elsewhere are unknown (see [`module`] for whole modules).
pub fn parse(text: &str) -> Result<Vec<Resource>, ParseError> {
    let src = without_bom(text);
    let body = parse_body(&src)?;
    let scope = Scope::empty();
    let env = Env::new(&scope);
    let cx = Cx {
        src: &src,
        env: &env,
    };
    let mut resources = Vec::new();
    for block in blocks(&body, "resource") {
        resources.extend(resource_instances(&cx, block, "")?);
    }
    Ok(resources)
}

/// Parses HCL text (BOM already blanked) into a body, with a located error.
pub(crate) fn parse_body(src: &str) -> Result<Body, ParseError> {
    hcl_edit::parser::parse_body(src).map_err(|e| syntax_error(src, &e))
}

/// The top-level blocks of `body` named `ident`.
pub(crate) fn blocks<'b>(body: &'b Body, ident: &'b str) -> impl Iterator<Item = &'b Block> {
    body.iter().filter_map(move |structure| match structure {
        Structure::Block(block) if block.ident.as_str() == ident => Some(block),
        _ => None,
    })
}

/// What converting a body needs: the text its spans point into and the names in effect.
pub(crate) struct Cx<'c, 's, 'a> {
    pub src: &'c str,
    pub env: &'c Env<'s, 'a>,
}

/// A [`ParseError`] from hcl-edit's error: its one-line message (its `Display` repeats the location
/// and the source line, which the report renders itself) at the character where parsing stopped.
fn syntax_error(src: &str, err: &hcl_edit::parser::Error) -> ParseError {
    let mut start = err.location().offset().min(src.len());
    while !src.is_char_boundary(start) {
        start -= 1;
    }
    let end = match src[start..].chars().next() {
        Some(c) if c != '\n' && c != '\r' => start + c.len_utf8(),
        _ => start,
    };
    let message = err.message().lines().next().unwrap_or("invalid HCL");
    ParseError::new(format!("HCL syntax error: {message}"), start..end)
}

/// The instances of one `resource "TYPE" "NAME" { ... }` block: one per `count` index or
/// `for_each` key when those are known (`TYPE.NAME[0]`, `TYPE.NAME["gpu"]`), none when they are
/// empty, else one with `count.index`/`each` unknown. `prefix` is the module path
/// (`module.gpu.`) of a resource created through a module call.
pub(crate) fn resource_instances(
    cx: &Cx,
    block: &Block,
    prefix: &str,
) -> Result<Vec<Resource>, ParseError> {
    let header = block_header(block);
    let [kind, name] = block.labels.as_slice() else {
        return Err(ParseError::new(
            "a resource block needs exactly two labels: resource \"TYPE\" \"NAME\"",
            header,
        ));
    };
    let (kind, name) = (kind.as_str().to_string(), name.as_str().to_string());
    let address = format!("{prefix}{kind}.{name}");
    let instance = |env: &Env, id: String| {
        let cx = Cx { src: cx.src, env };
        let (mut config, mut children) = convert_body(&cx, &block.body);
        if kind == azapi::AZAPI_RESOURCE || kind == azapi::AZAPI_UPDATE_RESOURCE {
            encoded_body(&cx, &block.body, &mut config, &mut children);
        }
        azapi::lower(Resource {
            id,
            kind: kind.clone(),
            api_version: None,
            name: name.clone(),
            config,
            source: SrcNode {
                full: span_or(block, header.clone()),
                anchor: header.clone(),
                children,
            },
        })
    };
    Ok(match repetition(cx, &block.body) {
        Repetition::Single => vec![instance(cx.env, address)],
        Repetition::Count(n) => (0..n)
            .map(|i| {
                let env = cx.env.with("count", serde_json::json!({ "index": i }));
                instance(&env, format!("{address}[{i}]"))
            })
            .collect(),
        Repetition::Each(items) => items
            .into_iter()
            .map(|(key, value)| {
                let id = format!("{address}[{}]", Value::String(key.clone()));
                let env = cx
                    .env
                    .with("each", serde_json::json!({ "key": key, "value": value }));
                instance(&env, id)
            })
            .collect(),
    })
}

/// azapi 1.x wrote `body = jsonencode({...})`: the object inside, with its source map, stands for
/// the body, so that the ARM shape it is lowered to points at the HCL it came from.
fn encoded_body(cx: &Cx, body: &Body, config: &mut Value, children: &mut Children) {
    let Some(attr) = body.get_attribute("body") else {
        return;
    };
    let Expression::FuncCall(call) = &attr.value else {
        return;
    };
    let [arg] = call.args.iter().collect::<Vec<_>>()[..] else {
        return;
    };
    if call.name.name.as_str() != "jsonencode" || !call.name.namespace.is_empty() {
        return;
    }
    let (value, inner) = convert_expr(cx, arg);
    if let (Value::Object(map), Children::Map(entries)) = (config, children) {
        map.insert("body".into(), value);
        if let Some((_, node)) = entries.iter_mut().find(|(k, _)| k == "body") {
            node.children = inner;
        }
    }
}

/// Most instances a `count` or `for_each` expands into; beyond it the block is one instance with
/// unknown `count.index`/`each` (real configurations stay far below; a hostile file must not make
/// a run explode).
const MAX_INSTANCES: usize = 1000;

/// How many instances a resource or module block has.
pub(crate) enum Repetition {
    /// No `count`/`for_each`, or one whose value is unknown.
    Single,
    Count(u64),
    /// `for_each` keys (map keys, or the strings of a set) with their values.
    Each(Vec<(String, Value)>),
}

/// The block's `count` or `for_each` as far as it is known.
pub(crate) fn repetition(cx: &Cx, body: &Body) -> Repetition {
    if let Some(attr) = body.get_attribute("count") {
        return match cx.env.value(cx.src, &attr.value) {
            Value::Number(n) => match n.as_f64() {
                Some(f) if f >= 0.0 && f.fract() == 0.0 && f <= MAX_INSTANCES as f64 => {
                    Repetition::Count(f as u64)
                }
                _ => Repetition::Single,
            },
            _ => Repetition::Single,
        };
    }
    if let Some(attr) = body.get_attribute("for_each") {
        return match for_each_items(&cx.env.value(cx.src, &attr.value)) {
            Some(items) if items.len() <= MAX_INSTANCES => Repetition::Each(items),
            _ => Repetition::Single,
        };
    }
    Repetition::Single
}

/// The (key, value) pairs of a known `for_each` value: a map's entries, or a set of strings whose
/// elements are both key and value. `None` when it is not known in full.
fn for_each_items(value: &Value) -> Option<Vec<(String, Value)>> {
    match value {
        Value::Object(map) if !is_unknown(value) => {
            Some(map.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        }
        Value::Array(items) => items
            .iter()
            .map(|v| v.as_str().map(|s| (s.to_string(), v.clone())))
            .collect(),
        _ => None,
    }
}

/// The byte range of a block's header: its identifier through its last label.
pub(crate) fn block_header(block: &Block) -> ByteRange {
    let ident = span_or(&block.ident, 0..0);
    let end = block
        .labels
        .last()
        .and_then(Span::span)
        .map_or(ident.end, |label| label.end);
    ident.start..end
}

/// A spanned item's range. Everything hcl-edit parses carries a span; the fallback only keeps a
/// missing one (e.g. on a future hcl-edit version) from becoming a panic.
pub(crate) fn span_or(item: &impl Span, fallback: ByteRange) -> ByteRange {
    item.span().unwrap_or(fallback)
}

// ---------------------------------------------------------------------------------------------
// Bodies and blocks
// ---------------------------------------------------------------------------------------------

/// A JSON object under construction together with its source map entries, kept in step.
#[derive(Default)]
struct MapBuilder {
    values: Map<String, Value>,
    nodes: Vec<(String, SrcNode)>,
    /// Keys whose value is the array of a nested block type, to which later blocks append.
    block_keys: Vec<String>,
}

impl MapBuilder {
    /// Set `key`; a repeated key replaces the earlier value in place, in the source map too, so
    /// that both keep one entry per key.
    fn insert(&mut self, key: String, value: Value, node: SrcNode) {
        self.block_keys.retain(|k| k != &key);
        match self.nodes.iter_mut().find(|(k, _)| k == &key) {
            Some((_, existing)) => *existing = node,
            None => self.nodes.push((key.clone(), node)),
        }
        self.values.insert(key, value);
    }

    /// Append one nested block (`value` is its object) to the array under `key`.
    fn push_block(&mut self, key: String, value: Value, node: SrcNode) {
        if self.block_keys.contains(&key) {
            if let Some(Value::Array(items)) = self.values.get_mut(&key) {
                items.push(value);
            }
            if let Some((_, list)) = self.nodes.iter_mut().find(|(k, _)| k == &key) {
                if let Children::List(items) = &mut list.children {
                    items.push(node);
                }
            }
            return;
        }
        // The list node has no extent of its own in HCL; it points where its first block does.
        let list = SrcNode {
            anchor: node.anchor.clone(),
            full: node.full.clone(),
            children: Children::List(vec![node]),
        };
        self.insert(key.clone(), Value::Array(vec![value]), list);
        self.block_keys.push(key);
    }

    fn finish(self) -> (Value, Children) {
        (Value::Object(self.values), Children::Map(self.nodes))
    }
}

/// A block body: attributes become `name: value`, nested blocks `name: [ {..}, .. ]`.
pub(crate) fn convert_body(cx: &Cx, body: &Body) -> (Value, Children) {
    let mut map = MapBuilder::default();
    for structure in body.iter() {
        match structure {
            Structure::Attribute(attr) => {
                let key_span = span_or(&attr.key, 0..0);
                let full = span_or(attr, key_span.clone());
                let (value, children) = match moved_node(cx, &attr.value) {
                    Some(elsewhere) => (cx.env.value(cx.src, &attr.value), elsewhere),
                    None => convert_expr(cx, &attr.value),
                };
                let node = SrcNode {
                    anchor: key_span,
                    full,
                    children,
                };
                map.insert(attr.key.as_str().to_string(), value, node);
            }
            Structure::Block(block) => match dynamic_blocks(cx, block) {
                Some(Dynamic::Unknown(key, value, node)) => map.push_block(key, value, node),
                Some(Dynamic::Blocks(key, blocks)) => {
                    for (value, node) in blocks {
                        map.push_block(key.clone(), value, node);
                    }
                }
                None => {
                    let (key, value, node) = convert_block(cx, block);
                    map.push_block(key, value, node);
                }
            },
        }
    }
    map.finish()
}

/// When `expr` is exactly `var.x` (or a path into it) and a module call's argument set `x`, the
/// source node of that argument (in the caller's file), so that a finding points where the value
/// was written.
fn moved_node(cx: &Cx, expr: &Expression) -> Option<Children> {
    let Expression::Traversal(traversal) = expr else {
        return None;
    };
    let Expression::Variable(root) = &traversal.expr else {
        return None;
    };
    let mut ops = traversal.operators.iter().map(|op| op.value());
    let (true, Some(TraversalOperator::GetAttr(name))) = (root.as_str() == "var", ops.next())
    else {
        return None;
    };
    let (file, origin) = cx.env.scope.vars.get(name.as_str())?.origin.as_ref()?;
    let mut node = origin;
    for op in ops {
        let seg = match op {
            TraversalOperator::GetAttr(k) => PathSeg::Key(k.as_str().to_string()),
            TraversalOperator::LegacyIndex(i) => PathSeg::Index(*i.value() as usize),
            TraversalOperator::Index(Expression::Number(n)) => {
                PathSeg::Index(n.value().as_u64()? as usize)
            }
            TraversalOperator::Index(Expression::String(k)) => PathSeg::Key(k.value().clone()),
            _ => break,
        };
        match node.child(&seg) {
            Some(next) => node = next,
            None => break,
        }
    }
    Some(Children::Elsewhere(*file, Box::new(node.clone())))
}

/// A nested block: its config key, its value and its source node.
fn convert_block(cx: &Cx, block: &Block) -> (String, Value, SrcNode) {
    let anchor = block_header(block);
    let full = span_or(block, anchor.clone());
    let (value, children) = convert_body(cx, &block.body);
    let node = SrcNode {
        anchor,
        full,
        children,
    };
    (block.ident.as_str().to_string(), value, node)
}

/// What a `dynamic "LABEL"` block stands for.
enum Dynamic {
    /// `for_each` is not known: the unknown that stands for the blocks, under LABEL.
    Unknown(String, Value, SrcNode),
    /// One `content` per element, under LABEL, each pointing at the `content` block.
    Blocks(String, Vec<(Value, SrcNode)>),
}

/// `None` when `block` is not a `dynamic` block.
fn dynamic_blocks(cx: &Cx, block: &Block) -> Option<Dynamic> {
    let label = block.labels.first()?;
    if block.ident.as_str() != "dynamic" {
        return None;
    }
    let key = label.as_str().to_string();
    let anchor = block_header(block);
    let full = span_or(block, anchor.clone());
    let for_each = block.body.get_attribute("for_each");
    let content = blocks(&block.body, "content").next();
    let known = for_each
        .map(|attr| cx.env.value(cx.src, &attr.value))
        .filter(|v| !is_unknown(v))
        .and_then(|v| value::entries(&v).ok());
    let (Some(items), Some(content)) = (known, content) else {
        let value = match for_each {
            Some(attr) => cx.env.value(cx.src, &attr.value),
            None => unknown(slice(cx.src, &anchor), Vec::new()),
        };
        let value = if is_unknown(&value) {
            value
        } else {
            unknown(slice(cx.src, &span_or(block, anchor.clone())), Vec::new())
        };
        return Some(Dynamic::Unknown(
            key,
            value,
            SrcNode {
                anchor,
                full,
                children: Children::Leaf,
            },
        ));
    };
    // `iterator = name` renames the iteration object, which is named after the label otherwise.
    let iterator = block
        .body
        .get_attribute("iterator")
        .and_then(|attr| match &attr.value {
            Expression::Variable(v) => Some(v.as_str().to_string()),
            _ => None,
        })
        .unwrap_or_else(|| key.clone());
    let content_anchor = block_header(content);
    let content_full = span_or(content, content_anchor.clone());
    let converted = items
        .into_iter()
        .map(|(k, v)| {
            let env = cx
                .env
                .with(&iterator, serde_json::json!({ "key": k, "value": v }));
            let inner = Cx {
                src: cx.src,
                env: &env,
            };
            let (value, children) = convert_body(&inner, &content.body);
            let node = SrcNode {
                anchor: content_anchor.clone(),
                full: content_full.clone(),
                children,
            };
            (value, node)
        })
        .collect();
    Some(Dynamic::Blocks(key, converted))
}

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

/// An expression's value and, for object and array literals, the source map of its elements.
fn convert_expr(cx: &Cx, expr: &Expression) -> (Value, Children) {
    match expr {
        Expression::Array(array) => {
            let (values, nodes): (Vec<Value>, Vec<SrcNode>) = array
                .iter()
                .map(|item| {
                    let (value, children) = convert_expr(cx, item);
                    let range = span_or(item, 0..0);
                    let node = SrcNode {
                        anchor: range.clone(),
                        full: range,
                        children,
                    };
                    (value, node)
                })
                .unzip();
            (Value::Array(values), Children::List(nodes))
        }
        Expression::Object(object) => match convert_object(cx, object) {
            Some(converted) => converted,
            None => (cx.env.value(cx.src, expr), Children::Leaf),
        },
        Expression::Parenthesis(inner) => convert_expr(cx, inner.inner()),
        _ => (cx.env.value(cx.src, expr), Children::Leaf),
    }
}

/// An object literal, or `None` when a key is not a literal (the whole object is then evaluated
/// as one value, without a source map of its own).
fn convert_object(cx: &Cx, object: &Object) -> Option<(Value, Children)> {
    let mut map = MapBuilder::default();
    for (key, value) in object.iter() {
        let name = literal_key(key)?;
        let key_span = span_or(key, 0..0);
        let value_span = span_or(value.expr(), key_span.clone());
        let (value, children) = convert_expr(cx, value.expr());
        let node = SrcNode {
            anchor: key_span.clone(),
            full: key_span.start..value_span.end,
            children,
        };
        map.insert(name, value, node);
    }
    Some(map.finish())
}

/// The string an object key stands for. HCL reads a bare word as a string key, keywords included.
fn literal_key(key: &ObjectKey) -> Option<String> {
    match key {
        ObjectKey::Ident(ident) => Some(ident.as_str().to_string()),
        ObjectKey::Expression(expr) => match expr {
            Expression::String(s) => Some(s.value().clone()),
            Expression::Bool(b) => Some(b.value().to_string()),
            Expression::Null(_) => Some("null".to_string()),
            Expression::Number(n) => Some(n.value().to_string()),
            Expression::StringTemplate(t) => literal_elements(t.iter()),
            _ => None,
        },
    }
}

/// The source text of `range`, or nothing when it is not a valid range of `src`.
fn slice<'a>(src: &'a str, range: &Range<usize>) -> &'a str {
    src.get(range.clone()).unwrap_or("")
}

fn literal_elements<'a>(elements: impl Iterator<Item = &'a Element>) -> Option<String> {
    let mut out = String::new();
    for element in elements {
        match element {
            Element::Literal(lit) => out.push_str(lit.value()),
            Element::Interpolation(_) | Element::Directive(_) => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{LineIndex, PathSeg, Position};
    use serde_json::json;

    fn key(k: &str) -> PathSeg {
        PathSeg::Key(k.to_string())
    }

    fn idx(i: usize) -> PathSeg {
        PathSeg::Index(i)
    }

    fn one(text: &str) -> Resource {
        let mut resources = parse(text).expect("parses");
        assert_eq!(resources.len(), 1);
        resources.remove(0)
    }

    /// The text and the start position of what `path` resolves to.
    fn resolve<'a>(text: &'a str, r: &Resource, path: &[PathSeg]) -> (&'a str, Position, bool) {
        let (range, found) = r.source.resolve(path);
        let pos = LineIndex::new(text).position(text, range.start);
        (&text[range], pos, found)
    }

    fn pos(line: usize, column: usize) -> Position {
        Position { line, column }
    }

    const GPU_VM: &str = r#"resource "azurerm_linux_virtual_machine_scale_set" "gpu" {
  name     = "gpu-vmss"
  sku      = "Standard_NC24ads_A100_v4"
  priority = "Spot" # cheap

  extension {
    name      = "first"
    publisher = "Microsoft.HpcCompute"
  }

  extension {
    name                       = "NvidiaGpuDriverLinux"
    auto_upgrade_minor_version = true
    settings                   = jsonencode({ driverVersion = "535.54.03" })
  }

  tags = {
    owner         = "ml-team"
    "cost-center" = 42
  }
}
"#;

    #[test]
    fn resource_header_and_identity() {
        let r = one(GPU_VM);
        assert_eq!(r.id, "azurerm_linux_virtual_machine_scale_set.gpu");
        assert_eq!(r.kind, "azurerm_linux_virtual_machine_scale_set");
        assert_eq!(r.name, "gpu");
        assert_eq!(r.api_version, None);
        assert_eq!(
            &GPU_VM[r.source.anchor.clone()],
            r#"resource "azurerm_linux_virtual_machine_scale_set" "gpu""#
        );
        assert_eq!(r.source.anchor.start, 0);
        assert_eq!(r.source.full, 0..GPU_VM.trim_end().len());
    }

    #[test]
    fn top_level_attribute_and_missing_attribute() {
        let r = one(GPU_VM);
        assert_eq!(r.config["priority"], json!("Spot"));
        let (text, at, found) = resolve(GPU_VM, &r, &[key("priority")]);
        assert_eq!((text, at, found), (r#"priority = "Spot""#, pos(4, 3), true));
        let (text, at, found) = resolve(GPU_VM, &r, &[key("zones")]);
        assert!(!found);
        assert_eq!(at, pos(1, 1));
        assert!(text.starts_with("resource ") && text.ends_with("\"gpu\""));
    }

    #[test]
    fn repeated_nested_blocks_are_an_array() {
        let r = one(GPU_VM);
        let ext = r.config["extension"].as_array().expect("array");
        assert_eq!(ext.len(), 2);
        assert_eq!(ext[0]["name"], json!("first"));
        assert_eq!(ext[1]["auto_upgrade_minor_version"], json!(true));
        let path = [key("extension"), idx(1), key("auto_upgrade_minor_version")];
        let (text, at, _) = resolve(GPU_VM, &r, &path);
        assert_eq!(text, "auto_upgrade_minor_version = true");
        assert_eq!(at, pos(13, 5));
        // A key missing from the second block points at that block's header.
        let (text, at, found) = resolve(GPU_VM, &r, &[key("extension"), idx(1), key("x")]);
        assert_eq!((text, at, found), ("extension", pos(11, 3), false));
        // The list itself points at the first block.
        let (text, at, _) = resolve(GPU_VM, &r, &[key("extension")]);
        assert_eq!((text, at), ("extension", pos(6, 3)));
    }

    #[test]
    fn jsonencode_of_known_value_is_a_json_string() {
        let r = one(GPU_VM);
        assert_eq!(
            r.config["extension"][1]["settings"],
            json!(r#"{"driverVersion":"535.54.03"}"#)
        );
        let text = r#"resource "a" "b" {
  s = jsonencode({ z = 1, a = [true, null, 1.5, -2], m = { y = "<&>", b = 2.0 } })
  u = jsonencode({ x = var.y })
}"#;
        let r = one(text);
        assert_eq!(
            r.config["s"],
            json!(r#"{"a":[true,null,1.5,-2],"m":{"b":2,"y":"\u003c\u0026\u003e"},"z":1}"#)
        );
        assert_eq!(
            r.config["u"],
            json!({"$unknown": "jsonencode({ x = var.y })", "$refs": ["var.y"]})
        );
    }

    #[test]
    fn tags_object_has_children() {
        let r = one(GPU_VM);
        assert_eq!(
            r.config["tags"],
            json!({"owner": "ml-team", "cost-center": 42})
        );
        let (text, at, _) = resolve(GPU_VM, &r, &[key("tags")]);
        assert_eq!((text, at), ("tags", pos(17, 3)));
        let (text, at, _) = resolve(GPU_VM, &r, &[key("tags"), key("cost-center")]);
        assert_eq!((text, at), (r#""cost-center" = 42"#, pos(19, 5)));
        let (text, _, found) = resolve(GPU_VM, &r, &[key("tags"), key("environment")]);
        assert_eq!((text, found), ("tags", false));
    }

    #[test]
    fn aks_default_node_pool_single_block() {
        let text = r#"resource "azurerm_kubernetes_cluster" "aks" {
  name = "aks"
  default_node_pool {
    name        = "system"
    vm_size     = "Standard_D4s_v5"
    node_taints = ["CriticalAddonsOnly=true:NoSchedule"]
  }
}
"#;
        let r = one(text);
        assert_eq!(
            r.config["default_node_pool"][0]["node_taints"],
            json!(["CriticalAddonsOnly=true:NoSchedule"])
        );
        let path = [key("default_node_pool"), idx(0), key("node_taints")];
        let (found_text, at, found) = resolve(text, &r, &path);
        assert!(found);
        assert_eq!((found_text, at), ("node_taints", pos(6, 5)));
        let path = [key("default_node_pool"), idx(0), key("node_taints"), idx(0)];
        let (found_text, at, _) = resolve(text, &r, &path);
        assert_eq!(found_text, r#""CriticalAddonsOnly=true:NoSchedule""#);
        assert_eq!(at, pos(6, 20));
        let path = [key("default_node_pool"), idx(0), key("min_count")];
        let (found_text, at, found) = resolve(text, &r, &path);
        assert_eq!(
            (found_text, at, found),
            ("default_node_pool", pos(3, 3), false)
        );
    }

    #[test]
    fn heredocs_and_multiline_values() {
        let text = "resource \"a\" \"b\" {\n  plain = <<EOT\n  keep\n    indent\nEOT\n  flush = <<-EOT\n    one\n      two\n    EOT\n  list = [\n    \"x\",\n    \"y\",\n  ]\n  after = 1\n}\n";
        let r = one(text);
        assert_eq!(r.config["plain"], json!("  keep\n    indent\n"));
        assert_eq!(r.config["flush"], json!("one\n  two\n"));
        assert_eq!(r.config["list"], json!(["x", "y"]));
        let (t, at, _) = resolve(text, &r, &[key("flush")]);
        assert_eq!(t, "flush = <<-EOT\n    one\n      two\n    EOT");
        assert_eq!(at, pos(6, 3));
        let (t, at, _) = resolve(text, &r, &[key("list"), idx(1)]);
        assert_eq!((t, at), ("\"y\"", pos(12, 5)));
        let (t, at, _) = resolve(text, &r, &[key("after")]);
        assert_eq!((t, at), ("after = 1", pos(14, 3)));
    }

    #[test]
    fn non_ascii_columns_count_chars() {
        let text =
            "resource \"a\" \"b\" {\n  tags = { name = \"日本語のモデル\", env = \"prod\" }\n}\n";
        let r = one(text);
        let (t, at, _) = resolve(text, &r, &[key("tags"), key("env")]);
        assert_eq!(t, "env = \"prod\"");
        assert_eq!(at, pos(2, 30));
        assert_eq!(r.config["tags"]["name"], json!("日本語のモデル"));
    }

    #[test]
    fn crlf_line_endings() {
        let text = "resource \"a\" \"b\" {\r\n  # note\r\n  x = 1\r\n  h = <<-EOT\r\n    hi\r\n    EOT\r\n  p = <<EOT\r\n  raw\r\nEOT\r\n  blk {\r\n    y = \"z\"\r\n  }\r\n}\r\n";
        let r = one(text);
        assert_eq!(r.config["x"], json!(1));
        assert_eq!(r.config["h"], json!("hi\n"));
        assert_eq!(r.config["p"], json!("  raw\n"));
        let (t, at, _) = resolve(text, &r, &[key("x")]);
        assert_eq!((t, at), ("x = 1", pos(3, 3)));
        let (t, at, _) = resolve(text, &r, &[key("blk"), idx(0), key("y")]);
        assert_eq!((t, at), ("y = \"z\"", pos(11, 5)));
        let (t, _, _) = resolve(text, &r, &[]);
        assert_eq!(t, "resource \"a\" \"b\"");
    }

    #[test]
    fn bom_keeps_offsets_of_the_original_text() {
        let text = "\u{feff}resource \"a\" \"b\" {\n  x = 1\n}\n";
        let r = one(text);
        assert_eq!(&text[r.source.anchor.clone()], "resource \"a\" \"b\"");
        let (t, at, _) = resolve(text, &r, &[key("x")]);
        assert_eq!((t, at), ("x = 1", pos(2, 3)));
    }

    #[test]
    fn unknowns_and_refs() {
        let text = r#"resource "azurerm_private_endpoint" "pe" {
  name = "${var.prefix}-gpu"
  private_service_connection {
    private_connection_resource_id = azurerm_cognitive_account.main.id
  }
  subnet_id = data.azurerm_subnet.s.id
  ids       = [azurerm_x.y[0].id, "lit", module.net.id]
  n         = -5
  m         = -(2.5)
  cond      = var.on ? local.a : each.key
  listed    = [for k, v in var.m : "${k}-${v.x}" if v.ok]
  tmpl      = "%{ for s in var.list }${s}${count.index}%{ endfor }"
  keyed     = { (var.k) = 1 }
  splat     = azurerm_x.z[*].id
  bare      = self
}"#;
        let r = one(text);
        let c = &r.config;
        assert_eq!(
            c["name"],
            json!({"$unknown": "\"${var.prefix}-gpu\"", "$refs": ["var.prefix"]})
        );
        assert_eq!(
            c["private_service_connection"][0]["private_connection_resource_id"],
            json!({"$unknown": "azurerm_cognitive_account.main.id",
                   "$refs": ["azurerm_cognitive_account.main"]})
        );
        assert_eq!(c["subnet_id"]["$refs"], json!(["data.azurerm_subnet.s"]));
        assert_eq!(c["ids"][0]["$refs"], json!(["azurerm_x.y"]));
        assert_eq!(c["ids"][1], json!("lit"));
        assert_eq!(c["ids"][2]["$refs"], json!(["module.net"]));
        assert_eq!(c["n"], json!(-5));
        assert_eq!(c["m"], json!(-2.5));
        assert_eq!(c["cond"]["$refs"], json!(["var.on", "local.a", "each.key"]));
        assert_eq!(c["listed"]["$refs"], json!(["var.m"]));
        assert_eq!(c["tmpl"]["$refs"], json!(["var.list", "count.index"]));
        assert_eq!(
            c["keyed"],
            json!({"$unknown": "{ (var.k) = 1 }", "$refs": ["var.k"]})
        );
        assert_eq!(c["splat"]["$refs"], json!(["azurerm_x.z"]));
        assert_eq!(c["bare"]["$refs"], json!(["self"]));
        // An unknown element keeps its place, and the source map still has every element.
        let (t, _, found) = resolve(text, &r, &[key("ids"), idx(2)]);
        assert_eq!((t, found), ("module.net.id", true));
    }

    #[test]
    fn dynamic_block_is_one_unknown() {
        let text = r#"resource "azurerm_linux_virtual_machine_scale_set" "v" {
  extension {
    name = "static"
  }
  dynamic "extension" {
    for_each = var.extensions
    content {
      name = extension.value.name
    }
  }
}"#;
        let r = one(text);
        let ext = &r.config["extension"];
        assert_eq!(ext[0], json!({"name": "static"}));
        assert_eq!(
            ext[1],
            json!({"$unknown": "var.extensions", "$refs": ["var.extensions"]})
        );
        // A path below the unknown falls back to the `dynamic "extension"` header.
        let (t, at, found) = resolve(text, &r, &[key("extension"), idx(1), key("name")]);
        assert_eq!((t, at, found), ("dynamic \"extension\"", pos(5, 3), false));
        let (t, _, _) = resolve(text, &r, &[key("extension"), idx(1)]);
        assert!(t.starts_with("dynamic \"extension\" {") && t.ends_with('}'));
        let only_dynamic = one(r#"resource "a" "b" {
  dynamic "setting" {
    for_each = local.settings
    content {}
  }
}"#);
        assert_eq!(
            only_dynamic.config["setting"][0]["$refs"],
            json!(["local.settings"])
        );
    }

    #[test]
    fn other_blocks_are_ignored() {
        let text = r#"
terraform {
  required_version = ">= 1.5"
}
variable "x" {
  default = 1
}
locals {
  y = 2
}
data "azurerm_client_config" "c" {}
"#;
        assert!(parse(text).expect("parses").is_empty());
        assert!(parse("").expect("parses").is_empty());
    }

    #[test]
    fn syntax_error_has_message_and_location() {
        let text = "resource \"a\" \"b\" {\n  x = \n}\n";
        let err = parse(text).expect_err("syntax error");
        assert!(
            err.message.starts_with("HCL syntax error: "),
            "{}",
            err.message
        );
        assert!(!err.message.contains("line"), "{}", err.message);
        let at = LineIndex::new(text).position(text, err.range.start);
        assert_eq!(at.line, 2, "{err:?}");

        let text = "resource \"a\" \"b\" {\n  x = 1\n  y = ]\n}\n";
        let err = parse(text).expect_err("syntax error");
        let at = LineIndex::new(text).position(text, err.range.start);
        assert_eq!((at, &text[err.range.clone()]), (pos(3, 7), "]"), "{err:?}");
    }

    #[test]
    fn resource_without_two_labels_is_an_error() {
        let text = "resource \"a\" {\n}\n";
        let err = parse(text).expect_err("bad labels");
        assert_eq!(&text[err.range], "resource \"a\"");
    }

    #[test]
    fn garbage_does_not_panic() {
        // Every prefix of a realistic file, cut at any character.
        for (i, _) in GPU_VM.char_indices() {
            let _ = parse(&GPU_VM[..i]);
        }
        // Pseudo-random text drawn from HCL-ish and binary-ish characters.
        let alphabet = "resourc\"{}[]()=<<-EOT\n\r\t $%~#/*.,:?!é日\u{0}\u{feff}\u{7f}ab01";
        for s in crate::parse::test_support::garbage(0x2545_f491_4f6c_dd1d, alphabet, 2000, 64) {
            let _ = parse(&s);
        }
    }
}
