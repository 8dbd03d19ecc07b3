//! Property values of a Bicep resource or module body as the JSON config policies read, each with
//! its source node in the `.bicep` text: objects and arrays are walked here (so that every property
//! keeps its own span), `for` expressions expand over known arrays, and every other expression is
//! evaluated by the ARM evaluator from its ARM text.

use std::cell::Cell;

use serde_json::{Map, Value};

use super::translate::{arm, opaque, Env};
use crate::parse::arm::eval::{eval_string, Ctx, MAX_COPY};
use crate::parse::bicep::syntax::*;
use crate::parse::values::{is_unknown, refs_within, unknown};
use crate::parse::{ByteRange, Children, SrcNode};

/// The source nodes of an object's properties, by key, in the order they are written.
type Entries = Vec<(String, SrcNode)>;

/// How many values a template's loops may produce in all (hostile templates nest loops).
const MAX_ITEMS: usize = 100_000;

/// Evaluates values in one template scope.
pub struct Values<'c, 's> {
    pub ctx: &'c Ctx<'s>,
    /// Loop items still allowed.
    budget: Cell<usize>,
}

pub fn range(span: Span) -> ByteRange {
    span.start..span.end
}

/// A property's node: its key is the anchor, the whole `key: value` its extent.
pub fn property_node(p: &Property, children: Children) -> SrcNode {
    SrcNode {
        anchor: range(p.key.span),
        full: range(p.span),
        children,
    }
}

/// An array item's node: an object item anchors at its `{`, any other item at itself.
fn item_node(e: &Expr, children: Children) -> SrcNode {
    let anchor = match e.kind {
        ExprKind::Object(_) => e.span.start..e.span.start + 1,
        _ => range(e.span),
    };
    SrcNode {
        anchor,
        full: range(e.span),
        children,
    }
}

/// A known, non-empty array's length, capped at ARM's copy limit.
pub fn known_length(v: &Value) -> Option<usize> {
    match v {
        Value::Array(items) if !is_unknown(v) => Some(items.len().min(MAX_COPY as usize)),
        _ => None,
    }
}

impl<'c, 's> Values<'c, 's> {
    pub fn new(ctx: &'c Ctx<'s>) -> Self {
        Values {
            ctx,
            budget: Cell::new(MAX_ITEMS),
        }
    }

    /// The value of an ARM expression text.
    pub fn eval_text(&self, text: &str) -> Value {
        eval_string(&format!("[{text}]"), Some(self.ctx), 0)
    }

    /// The value of `e`, without source children.
    pub fn scalar(&self, e: &Expr, env: &Env) -> Value {
        match &e.kind {
            ExprKind::Int(n) => Value::from(*n),
            ExprKind::Bool(b) => Value::Bool(*b),
            ExprKind::Null => Value::Null,
            ExprKind::String(s) => match s.as_plain() {
                Some(plain) => Value::String(plain),
                None => self.eval_text(&arm(e, env)),
            },
            _ => self.eval_text(&arm(e, env)),
        }
    }

    /// The value of `e` and the source children that mirror it.
    pub fn value(&self, e: &Expr, env: &Env) -> (Value, Children) {
        match &e.kind {
            ExprKind::Object(o) => {
                let (v, entries) = self.object(o, env);
                match v {
                    Some(map) => (Value::Object(map), Children::Map(entries)),
                    None => (self.scalar(e, env), Children::Leaf),
                }
            }
            ExprKind::Array(items) => self.array(items, e, env),
            ExprKind::For(f) => self.for_values(f, env),
            ExprKind::Paren(inner) | ExprKind::NonNull(inner) => self.value(inner, env),
            _ => (self.scalar(e, env), Children::Leaf),
        }
    }

    /// An object literal's properties; `None` when a spread of an unknown value makes every key
    /// uncertain (the caller evaluates the whole object, which is then unknown).
    pub fn object(&self, o: &ObjectExpr, env: &Env) -> (Option<Map<String, Value>>, Entries) {
        let mut map = Map::new();
        let mut entries: Entries = Vec::new();
        for m in &o.members {
            match m {
                ObjectMember::Property(p) => {
                    let Some(key) = p.key.name() else { continue };
                    let (v, children) = self.value(&p.value, env);
                    set(&mut map, &mut entries, key, v, property_node(p, children));
                }
                ObjectMember::Spread { expr, span } => match self.scalar(expr, env) {
                    Value::Object(spread) if !is_unknown(&Value::Object(spread.clone())) => {
                        for (k, v) in spread {
                            set(&mut map, &mut entries, k, v, SrcNode::leaf(range(*span)));
                        }
                    }
                    _ => return (None, entries),
                },
                ObjectMember::Resource(_) => {}
            }
        }
        (Some(map), entries)
    }

    fn array(&self, items: &[ArrayItem], whole: &Expr, env: &Env) -> (Value, Children) {
        let mut values = Vec::new();
        let mut nodes = Vec::new();
        for item in items {
            match item {
                ArrayItem::Expr(e) => {
                    let (v, children) = self.value(e, env);
                    values.push(v);
                    nodes.push(item_node(e, children));
                }
                ArrayItem::Spread { expr, span } => match self.scalar(expr, env) {
                    Value::Array(spread) => {
                        for v in spread {
                            values.push(v);
                            nodes.push(SrcNode::leaf(range(*span)));
                        }
                    }
                    _ => return (self.scalar(whole, env), Children::Leaf),
                },
            }
        }
        (Value::Array(values), Children::List(nodes))
    }

    /// `[for item in list: body]` over a known array: one item per element, each pointing at
    /// the body; over an unknown one, an unknown with the list's references.
    fn for_values(&self, f: &ForExpr, env: &Env) -> (Value, Children) {
        let iter_text = arm(&f.iterable, env);
        let list = self.eval_text(&iter_text);
        let Some(n) = known_length(&list) else {
            return (
                unknown(&format!("[for … in {iter_text}]"), refs_of_unknown(&list)),
                Children::Leaf,
            );
        };
        let mut values = Vec::new();
        let mut nodes = Vec::new();
        for i in 0..n {
            if !self.take_budget() {
                break;
            }
            let inner = loop_env(env, f, &iter_text, i);
            let body = match &f.body {
                ForBody::Expr(body) => body,
                ForBody::If(cond) => match self.scalar(&cond.condition, &inner) {
                    Value::Bool(false) => continue,
                    _ => &cond.body,
                },
            };
            let (v, children) = self.value(body, &inner);
            values.push(v);
            nodes.push(item_node(body, children));
        }
        (Value::Array(values), Children::List(nodes))
    }

    /// Counts one loop item against the template's budget; false when it is spent.
    pub fn take_budget(&self) -> bool {
        let left = self.budget.get();
        if left == 0 {
            return false;
        }
        self.budget.set(left - 1);
        true
    }
}

/// `env` inside iteration `i` of the loop `f` over the ARM text `iter`.
pub fn loop_env(env: &Env, f: &ForExpr, iter: &str, i: usize) -> Env {
    let mut inner = env.clone();
    if let Some(item) = &f.item {
        inner = inner.with_local(&item.name, format!("{iter}[{i}]"));
    }
    if let Some(index) = &f.index {
        inner = inner.with_local(&index.name, i.to_string());
    }
    inner
}

/// `env` inside a loop whose list is unknown: the item and index are unknowns that refer to what
/// the list refers to.
pub fn unknown_loop_env(env: &Env, f: &ForExpr, iter: &str) -> Env {
    let mut inner = env.clone();
    if let Some(item) = &f.item {
        inner = inner.with_local(&item.name, opaque(&item.name, &[iter.to_string()]));
    }
    if let Some(index) = &f.index {
        inner = inner.with_local(&index.name, opaque(&index.name, &[]));
    }
    inner
}

fn refs_of_unknown(v: &Value) -> Vec<String> {
    refs_within(v)
}

/// Sets `key` in both the value and its source entries; a repeated key replaces the earlier one.
fn set(
    map: &mut Map<String, Value>,
    entries: &mut Vec<(String, SrcNode)>,
    key: String,
    v: Value,
    node: SrcNode,
) {
    entries.retain(|(k, _)| *k != key);
    entries.push((key.clone(), node));
    map.insert(key, v);
}
