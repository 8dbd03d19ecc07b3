//! Evaluates Terraform expressions to JSON where the repository says what they are: variables
//! (defaults, tfvars, module arguments), locals, `each`/`count`, templates, operators, conditionals,
//! `for` expressions and the common functions. Anything else is an unknown carrying its references.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use hcl_edit::expr::{
    BinaryOperator, Expression, ForExpr, FuncCall, Object, ObjectKey, TraversalOperator,
    UnaryOperator,
};
use hcl_edit::template::{Directive, Element, Template};
use hcl_edit::Span;
use serde_json::{Map, Value};

use super::refs::RefCollector;
use super::value::{as_bool, as_f64, entries, float, known, negate, number, to_text, Fail};
use crate::parse::values::{is_unknown, refs_within, unknown};
use crate::parse::SrcNode;

/// Reference roots that name values of the module itself, not resources.
const LOCAL_ROOTS: &[&str] = &["var", "local", "each", "count", "self", "path", "terraform"];

/// Deepest nesting of evaluation (locals that use locals, nested calls) before giving up.
const MAX_DEPTH: usize = 64;

type Eval = Result<Value, Fail>;

/// A variable's value and, when a module call's argument set it, where that argument is.
#[derive(Debug, Clone)]
pub struct Bound {
    pub value: Value,
    /// The file index and source node of the argument that set it.
    pub origin: Option<(usize, SrcNode)>,
}

/// One `locals` entry: its expression and the text it is in.
struct LocalDef<'a> {
    src: &'a str,
    expr: &'a Expression,
}

/// What names mean in one module: its variables and locals (evaluated lazily, cycles → unknown).
pub struct Scope<'a> {
    pub vars: HashMap<String, Bound>,
    /// The module path of this scope (`module.gpu.`), prepended to the resources its expressions
    /// mention so that they match the addresses of the module's resources.
    pub prefix: String,
    locals: HashMap<String, LocalDef<'a>>,
    /// `None` while a local is being evaluated, so that a cycle reads as unknown.
    cache: RefCell<HashMap<String, Option<Value>>>,
    /// Outputs of the local modules called so far, by call name.
    modules: RefCell<HashMap<String, Value>>,
}

impl<'a> Scope<'a> {
    pub fn new(vars: HashMap<String, Bound>) -> Self {
        Scope {
            vars,
            prefix: String::new(),
            locals: HashMap::new(),
            cache: RefCell::new(HashMap::new()),
            modules: RefCell::new(HashMap::new()),
        }
    }

    /// Records the outputs of module call `name` for `module.name.x`.
    pub fn set_module(&self, name: String, outputs: Value) {
        self.modules.borrow_mut().insert(name, outputs);
    }

    /// A scope where every name is unknown (a file parsed on its own).
    pub fn empty() -> Self {
        Scope::new(HashMap::new())
    }

    pub fn add_local(&mut self, name: String, src: &'a str, expr: &'a Expression) {
        self.locals.insert(name, LocalDef { src, expr });
    }

    /// The value of `local.name`: known, unknown (with its references), or absent.
    fn local(&self, name: &str, depth: usize) -> Option<Value> {
        if let Some(cached) = self.cache.borrow().get(name) {
            return Some(
                cached.clone().unwrap_or_else(|| {
                    unknown(&format!("local.{name}"), [format!("local.{name}")])
                }),
            );
        }
        let def = self.locals.get(name)?;
        self.cache.borrow_mut().insert(name.to_string(), None);
        let env = Env {
            scope: self,
            iters: Rc::default(),
            depth,
        };
        let value = env.value(def.src, def.expr);
        self.cache
            .borrow_mut()
            .insert(name.to_string(), Some(value.clone()));
        Some(value)
    }
}

/// An evaluation point: a scope plus the iteration names in effect (`each`, `count`, a `dynamic`
/// block's iterator, `for` variables), innermost last.
#[derive(Clone)]
pub struct Env<'s, 'a> {
    pub scope: &'s Scope<'a>,
    /// Shared, so that stepping into a sub-expression does not copy the bound values.
    iters: Rc<Vec<(String, Value)>>,
    depth: usize,
}

impl<'s, 'a> Env<'s, 'a> {
    pub fn new(scope: &'s Scope<'a>) -> Self {
        Env {
            scope,
            iters: Rc::default(),
            depth: 0,
        }
    }

    /// This environment with one more iteration name bound.
    pub fn with(&self, name: &str, value: Value) -> Env<'s, 'a> {
        let mut iters = Vec::clone(&self.iters);
        iters.push((name.to_string(), value));
        let iters = Rc::new(iters);
        Env {
            scope: self.scope,
            iters,
            depth: self.depth,
        }
    }

    /// The value of `expr`: known JSON (possibly holding unknowns inside), or an unknown for the
    /// expression's text with every reference it makes, through locals and variables too.
    pub fn value(&self, src: &str, expr: &Expression) -> Value {
        match self.eval(src, expr) {
            Ok(v) if !is_unknown(&v) => v,
            Ok(v) => self.unknown_for(src, expr, Some(&v)),
            Err(_) => self.unknown_for(src, expr, None),
        }
    }

    /// The unknown standing for `expr`. A bare reference to an unknown local or variable keeps
    /// that value's references, so that joins see through `local.account_id`.
    fn unknown_for(&self, src: &str, expr: &Expression, inner: Option<&Value>) -> Value {
        let text = src.get(expr.span().unwrap_or(0..0)).unwrap_or("");
        let mut refs: Vec<String> = RefCollector::collect(expr)
            .into_iter()
            .map(|r| self.address(r))
            .collect();
        if let Some(v) = inner {
            refs.extend(refs_within(v));
        }
        let mut extra = Vec::new();
        for r in &refs {
            if let Some(v) = self.named(r) {
                extra.extend(refs_within(&v));
            }
        }
        refs.extend(extra);
        unknown(text, refs)
    }

    /// A reference as the unit names it: resources and modules of a module get its path.
    fn address(&self, reference: String) -> String {
        let root = reference.split('.').next().unwrap_or("");
        if self.scope.prefix.is_empty() || LOCAL_ROOTS.contains(&root) {
            reference
        } else {
            format!("{}{reference}", self.scope.prefix)
        }
    }

    /// The value behind a `var.x` or `local.x` address, when there is one.
    fn named(&self, address: &str) -> Option<Value> {
        if let Some(name) = address.strip_prefix("var.") {
            return self.scope.vars.get(name).map(|b| b.value.clone());
        }
        let name = address.strip_prefix("local.")?;
        self.scope.local(name, self.depth + 1)
    }

    fn deeper(&self) -> Option<Env<'s, 'a>> {
        (self.depth < MAX_DEPTH).then(|| Env {
            scope: self.scope,
            iters: self.iters.clone(),
            depth: self.depth + 1,
        })
    }

    /// Evaluates `expr`; `Ok` may still hold an unknown at the top when a reference is unknown.
    pub fn eval(&self, src: &str, expr: &Expression) -> Eval {
        let Some(env) = self.deeper() else {
            return Err(Fail::Unknown);
        };
        match expr {
            Expression::Null(_) => Ok(Value::Null),
            Expression::Bool(b) => Ok(Value::Bool(*b.value())),
            Expression::Number(n) => Ok(number(n.value())),
            Expression::String(s) => Ok(Value::String(s.value().clone())),
            Expression::Array(items) => {
                let values = items.iter().map(|e| env.value(src, e)).collect();
                Ok(Value::Array(values))
            }
            Expression::Object(object) => env.object(src, object),
            Expression::StringTemplate(t) => {
                // `"${x}"` alone is x itself, unconverted (HCL's template unwrapping).
                let elements: Vec<&Element> = t.iter().collect();
                if let [Element::Interpolation(i)] = elements.as_slice() {
                    return env.eval(src, &i.expr);
                }
                env.template(src, t.iter()).map(Value::String)
            }
            Expression::HeredocTemplate(h) => env
                .template(src, h.template.iter())
                .map(|s| Value::String(s.replace("\r\n", "\n"))),
            Expression::Parenthesis(inner) => env.eval(src, inner.inner()),
            Expression::Variable(var) => env.root(var.as_str()),
            Expression::Traversal(traversal) => {
                let mut value = env.eval(src, &traversal.expr)?;
                for op in &traversal.operators {
                    value = env.step(src, value, op.value())?;
                }
                Ok(value)
            }
            Expression::Conditional(c) => match known(env.eval(src, &c.cond_expr)?)? {
                Value::Bool(true) => env.eval(src, &c.true_expr),
                Value::Bool(false) => env.eval(src, &c.false_expr),
                Value::String(s) if s == "true" => env.eval(src, &c.true_expr),
                Value::String(s) if s == "false" => env.eval(src, &c.false_expr),
                _ => Err(Fail::Error),
            },
            Expression::UnaryOp(op) => {
                let operand = known(env.eval(src, &op.expr)?)?;
                match (*op.operator.value(), operand) {
                    (UnaryOperator::Neg, Value::Number(n)) => Ok(negate(&n)),
                    (UnaryOperator::Not, Value::Bool(b)) => Ok(Value::Bool(!b)),
                    _ => Err(Fail::Error),
                }
            }
            Expression::BinaryOp(op) => env.binary(src, op),
            Expression::ForExpr(f) => env.for_expr(src, f),
            Expression::FuncCall(call) => env.call(src, call),
        }
    }

    fn object(&self, src: &str, object: &Object) -> Eval {
        let mut map = Map::new();
        for (key, value) in object.iter() {
            let name = match key {
                ObjectKey::Ident(ident) => ident.as_str().to_string(),
                ObjectKey::Expression(e) => match known(self.eval(src, e)?)? {
                    Value::String(s) => s,
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    _ => return Err(Fail::Error),
                },
            };
            map.insert(name, self.value(src, value.expr()));
        }
        Ok(Value::Object(map))
    }

    fn template<'t>(
        &self,
        src: &str,
        elements: impl Iterator<Item = &'t Element>,
    ) -> Result<String, Fail> {
        let mut out = String::new();
        for element in elements {
            match element {
                Element::Literal(lit) => out.push_str(lit.value()),
                Element::Interpolation(i) => {
                    out.push_str(&to_text(&known(self.eval(src, &i.expr)?)?)?)
                }
                Element::Directive(d) => match d.as_ref() {
                    Directive::If(dir) => {
                        let cond = known(self.eval(src, &dir.if_expr.cond_expr)?)?;
                        let branch = match cond {
                            Value::Bool(true) => Some(&dir.if_expr.template),
                            Value::Bool(false) => dir.else_expr.as_ref().map(|e| &e.template),
                            _ => return Err(Fail::Error),
                        };
                        if let Some(t) = branch {
                            out.push_str(&self.template_of(src, t)?);
                        }
                    }
                    Directive::For(dir) => {
                        let collection = known(self.eval(src, &dir.for_expr.collection_expr)?)?;
                        let key_var = dir.for_expr.key_var.as_ref().map(|k| k.as_str());
                        for (k, v) in entries(&collection)? {
                            let mut env = self.with(dir.for_expr.value_var.as_str(), v);
                            if let Some(name) = key_var {
                                env = env.with(name, k);
                            }
                            out.push_str(&env.template_of(src, &dir.for_expr.template)?);
                        }
                    }
                },
            }
        }
        Ok(out)
    }

    fn template_of(&self, src: &str, template: &Template) -> Result<String, Fail> {
        self.template(src, template.iter())
    }

    /// A bare name: an iteration name, or the root of `var.x`/`local.x` (resolved by `step`).
    fn root(&self, name: &str) -> Eval {
        if let Some((_, v)) = self.iters.iter().rev().find(|(n, _)| n == name) {
            return Ok(v.clone());
        }
        match name {
            "var" | "local" | "module" => Ok(Value::String(format!("\u{0}{name}"))),
            _ => Err(Fail::Unknown),
        }
    }

    /// One traversal step: `.name`, `[index]`, or a splat.
    fn step(&self, src: &str, value: Value, op: &TraversalOperator) -> Eval {
        // `var` and `local` stand for themselves until their attribute is read.
        if let Value::String(marker) = &value {
            if let Some(root) = marker.strip_prefix('\u{0}') {
                let TraversalOperator::GetAttr(name) = op else {
                    return Err(Fail::Error);
                };
                let name = name.as_str();
                return match root {
                    "var" => match self.scope.vars.get(name) {
                        Some(b) => Ok(b.value.clone()),
                        None => Err(Fail::Unknown),
                    },
                    "module" => match self.scope.modules.borrow().get(name) {
                        Some(outputs) => Ok(outputs.clone()),
                        None => Err(Fail::Unknown),
                    },
                    _ => match self.scope.local(name, self.depth + 1) {
                        Some(v) => Ok(v),
                        None => Err(Fail::Unknown),
                    },
                };
            }
        }
        if is_unknown(&value) {
            return Ok(value);
        }
        match op {
            TraversalOperator::GetAttr(name) => attr(&value, name.as_str()),
            TraversalOperator::LegacyIndex(i) => index(&value, &Value::from(*i.value())),
            TraversalOperator::Index(e) => index(&value, &known(self.eval(src, e)?)?),
            TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => match value {
                Value::Array(_) => Ok(value),
                Value::Null => Ok(Value::Array(Vec::new())),
                other => Ok(Value::Array(vec![other])),
            },
        }
    }

    fn binary(&self, src: &str, op: &hcl_edit::expr::BinaryOp) -> Eval {
        let lhs = self.eval(src, &op.lhs_expr);
        let operator = *op.operator.value();
        // `false && x` and `true || x` do not need x (Terraform evaluates both, but an unknown x
        // cannot change the result).
        match (operator, &lhs) {
            (BinaryOperator::And, Ok(Value::Bool(false))) => return Ok(Value::Bool(false)),
            (BinaryOperator::Or, Ok(Value::Bool(true))) => return Ok(Value::Bool(true)),
            _ => {}
        }
        let lhs = known(lhs?)?;
        let rhs = known(self.eval(src, &op.rhs_expr)?)?;
        use BinaryOperator as B;
        match operator {
            B::Eq => Ok(Value::Bool(loose_eq(&lhs, &rhs))),
            B::NotEq => Ok(Value::Bool(!loose_eq(&lhs, &rhs))),
            B::And | B::Or => match (as_bool(&lhs), as_bool(&rhs)) {
                (Some(a), Some(b)) => Ok(Value::Bool(if operator == B::And {
                    a && b
                } else {
                    a || b
                })),
                _ => Err(Fail::Error),
            },
            _ => {
                let (Some(a), Some(b)) = (as_f64(&lhs), as_f64(&rhs)) else {
                    return Err(Fail::Error);
                };
                match operator {
                    B::Less => Ok(Value::Bool(a < b)),
                    B::LessEq => Ok(Value::Bool(a <= b)),
                    B::Greater => Ok(Value::Bool(a > b)),
                    B::GreaterEq => Ok(Value::Bool(a >= b)),
                    B::Plus => Ok(float(a + b)),
                    B::Minus => Ok(float(a - b)),
                    B::Mul => Ok(float(a * b)),
                    B::Div if b != 0.0 => Ok(float(a / b)),
                    B::Mod if b != 0.0 => Ok(float(a % b)),
                    _ => Err(Fail::Error),
                }
            }
        }
    }

    fn for_expr(&self, src: &str, f: &ForExpr) -> Eval {
        let collection = known(self.eval(src, &f.intro.collection_expr)?)?;
        let key_var = f.intro.key_var.as_ref().map(|k| k.as_str());
        let mut list = Vec::new();
        let mut object: BTreeMap<String, Value> = BTreeMap::new();
        let mut groups: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for (k, v) in entries(&collection)? {
            let mut env = self.with(f.intro.value_var.as_str(), v);
            if let Some(name) = key_var {
                env = env.with(name, k);
            }
            if let Some(cond) = &f.cond {
                match known(env.eval(src, &cond.expr)?)? {
                    Value::Bool(true) => {}
                    Value::Bool(false) => continue,
                    _ => return Err(Fail::Error),
                }
            }
            let value = env.value(src, &f.value_expr);
            match &f.key_expr {
                None => list.push(value),
                Some(key_expr) => {
                    let key = to_text(&known(env.eval(src, key_expr)?)?)?;
                    if f.grouping {
                        groups.entry(key).or_default().push(value);
                    } else {
                        object.insert(key, value);
                    }
                }
            }
        }
        Ok(match &f.key_expr {
            None => Value::Array(list),
            Some(_) if f.grouping => Value::Object(
                groups
                    .into_iter()
                    .map(|(k, v)| (k, Value::Array(v)))
                    .collect(),
            ),
            Some(_) => Value::Object(object.into_iter().collect()),
        })
    }

    fn call(&self, src: &str, call: &FuncCall) -> Eval {
        if !call.name.namespace.is_empty() {
            return Err(Fail::Unknown);
        }
        let name = call.name.name.as_str();
        let exprs: Vec<&Expression> = call.args.iter().collect();
        // `try` and `can` look at failures instead of propagating them.
        match name {
            "try" => {
                for e in &exprs {
                    match self.eval(src, e) {
                        Ok(v) => return Ok(v),
                        Err(Fail::Unknown) => return Err(Fail::Unknown),
                        Err(Fail::Error) => {}
                    }
                }
                return Err(Fail::Error);
            }
            "can" => {
                let [e] = exprs.as_slice() else {
                    return Err(Fail::Error);
                };
                return match self.eval(src, e) {
                    Ok(v) if !is_unknown(&v) => Ok(Value::Bool(true)),
                    Err(Fail::Error) => Ok(Value::Bool(false)),
                    _ => Err(Fail::Unknown),
                };
            }
            _ => {}
        }
        let mut args = Vec::with_capacity(exprs.len());
        for e in &exprs {
            args.push(self.eval(src, e)?);
        }
        if call.args.expand_final() {
            match args.pop().map(known).transpose()? {
                Some(Value::Array(items)) => args.extend(items),
                _ => return Err(Fail::Error),
            }
        }
        super::functions::call(name, args)
    }
}

fn attr(value: &Value, name: &str) -> Eval {
    match value {
        Value::Object(map) => map.get(name).cloned().ok_or(Fail::Error),
        _ => Err(Fail::Error),
    }
}

fn index(value: &Value, key: &Value) -> Eval {
    match (value, key) {
        (Value::Array(items), k) => {
            let i = as_f64(k).ok_or(Fail::Error)?;
            if i < 0.0 || i.fract() != 0.0 {
                return Err(Fail::Error);
            }
            items.get(i as usize).cloned().ok_or(Fail::Error)
        }
        (Value::Object(map), k) => map.get(&to_text(k)?).cloned().ok_or(Fail::Error),
        _ => Err(Fail::Error),
    }
}

/// Terraform compares after converting a number and its string form alike (`"1" == 1` is false in
/// Terraform, so only same-typed values compare equal; numbers compare by value).
fn loose_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Evaluates attribute `x` of `text` (which may declare `locals`) with variables `vars`.
    fn eval_x(text: &str, vars: Value) -> Value {
        let body = hcl_edit::parser::parse_body(text).expect("parses");
        let bound = vars
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| {
                let b = Bound {
                    value: v.clone(),
                    origin: None,
                };
                (k.clone(), b)
            })
            .collect();
        let mut scope = Scope::new(bound);
        let mut x = None;
        for structure in body.iter() {
            match structure {
                hcl_edit::structure::Structure::Attribute(a) if a.key.as_str() == "x" => {
                    x = Some(&a.value)
                }
                hcl_edit::structure::Structure::Block(b) if b.ident.as_str() == "locals" => {
                    for s in b.body.iter() {
                        if let hcl_edit::structure::Structure::Attribute(a) = s {
                            scope.add_local(a.key.as_str().to_string(), text, &a.value);
                        }
                    }
                }
                _ => {}
            }
        }
        Env::new(&scope).value(text, x.expect("an attribute x"))
    }

    #[test]
    fn variables_locals_and_operators() {
        let vars = json!({"env": "prod", "sizes": {"chat": "NC24"}, "n": 2});
        let text = r#"
locals {
  prefix = "aks-${var.env}"
  big    = var.n * 3 > 5
}
x = [local.prefix, local.big, var.sizes["chat"], var.env == "prod" ? 0 : 1, -var.n, !local.big]
"#;
        assert_eq!(
            eval_x(text, vars),
            json!(["aks-prod", true, "NC24", 0, -2, false])
        );
    }

    #[test]
    fn for_expressions_and_templates() {
        let vars = json!({"pools": {"a": {"min": 0}, "b": {"min": 2}}});
        let text = r#"x = {
  zero  = [for k, p in var.pools : k if p.min == 0]
  byname = { for k, p in var.pools : upper(k) => p.min }
  text  = "%{ for k, p in var.pools }${k}=${p.min};%{ endfor }%{ if true }!%{ else }?%{ endif }"
  whole = "${var.pools.b}"
}"#;
        assert_eq!(
            eval_x(text, vars),
            json!({"zero": ["a"], "byname": {"A": 0, "B": 2}, "text": "a=0;b=2;!", "whole": {"min": 2}})
        );
    }

    #[test]
    fn try_can_and_failures() {
        let vars = json!({"m": {"a": 1}});
        let text =
            r#"x = [try(var.m.b, "fallback"), can(var.m.b), can(var.m.a), try(var.unset, 1)]"#;
        let v = eval_x(text, vars);
        assert_eq!(v[0], json!("fallback"));
        assert_eq!(v[1], json!(false));
        assert_eq!(v[2], json!(true));
        // An unknown first argument makes `try` unknown: it might succeed at apply time.
        assert!(is_unknown(&v[3]));
    }

    #[test]
    fn unknowns_keep_references_through_locals_and_cycles_stop() {
        let text = r#"
locals {
  account = azurerm_cognitive_account.main.id
  a       = local.b
  b       = local.a
}
x = [local.account, "${local.account}/sub", local.a, var.missing]
"#;
        let v = eval_x(text, json!({}));
        assert_eq!(
            v[0]["$refs"],
            json!(["local.account", "azurerm_cognitive_account.main"])
        );
        assert_eq!(
            v[1]["$refs"],
            json!(["local.account", "azurerm_cognitive_account.main"])
        );
        assert!(is_unknown(&v[2]), "a cycle is unknown: {}", v[2]);
        assert_eq!(
            v[3],
            json!({"$unknown": "var.missing", "$refs": ["var.missing"]})
        );
    }
}
