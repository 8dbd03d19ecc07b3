//! Evaluates ARM template expressions in a scope (parameters, variables, user-defined functions,
//! copy loop indices) to JSON values; what cannot be known (deployment context, `reference()`,
//! hashes, missing parameters) becomes an unknown carrying the references it mentions.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use serde_json::{Map, Value};

use super::expr::{self, classify, Expr, Node, Str};
use super::functions::{self, as_int};
use crate::parse::values::{contains_unknown, is_unknown, refs_of, refs_within, unknown};
use crate::parse::{Children, SrcNode};

/// The references an unknown depends on (empty when it depends on nothing nameable).
pub type Refs = Vec<String>;
/// A known value (which may hold unknowns inside arrays and objects) or an unknown.
type Ev = Result<Value, Refs>;

/// Deepest nesting of evaluation (expressions, JSON levels, variables and functions calling each
/// other, nested deployments), so that no template can exhaust the stack.
const MAX_EVAL_DEPTH: usize = 256;
/// What one indirection (a variable, parameter default or user function evaluated in turn) costs
/// of that depth: each runs through several frames, so chains of them are cut short sooner.
const HOP: usize = 16;
/// ARM's limit on the iterations of one copy loop.
pub const MAX_COPY: i64 = 800;

/// A user-defined function: its parameter names and its `output.value`.
struct UserFn {
    params: Vec<String>,
    output: Value,
}

/// Where a parameter's value comes from.
enum Param {
    /// A value supplied by a parameters file or a deployment (already evaluated).
    Given(Value),
    /// The template's `defaultValue`, evaluated when first used.
    Default(Value),
}

/// Where a variable's value comes from.
enum Var {
    Raw(Value),
    /// A copy variable: `{name, count, input}` of the `variables.copy` array.
    Copy {
        count: Value,
        input: Value,
    },
}

/// Parameter values given to a template from outside: lowercased name → value.
#[derive(Debug, Default, Clone)]
pub struct Supplied {
    pub values: HashMap<String, Value>,
    /// Every parameter is unknown (e.g. a parameters file that does not parse).
    pub all_unknown: bool,
}

/// The names a template's expressions resolve against.
pub struct Scope {
    params: HashMap<String, Param>,
    vars: HashMap<String, Var>,
    functions: Rc<HashMap<String, UserFn>>,
    /// Values of parameters and variables already computed, by `p:name` / `v:name`.
    memo: RefCell<HashMap<String, Value>>,
    /// Parameters and variables being computed, to cut cycles.
    active: RefCell<Vec<String>>,
}

impl Scope {
    /// The scope of a template whose `parameters`, `variables` and `functions` sections are given,
    /// with the parameter values `supplied` from outside.
    pub fn new(
        parameters: Option<&Value>,
        variables: Option<&Value>,
        functions: Option<&Value>,
        supplied: &Supplied,
    ) -> Scope {
        let mut params = HashMap::new();
        for (name, decl) in parameters.and_then(Value::as_object).into_iter().flatten() {
            let key = name.to_lowercase();
            let missing = || {
                unknown(
                    &format!("[parameters('{name}')]"),
                    [format!("parameters.{name}")],
                )
            };
            let param = if supplied.all_unknown {
                Param::Given(missing())
            } else if let Some(v) = supplied.values.get(&key) {
                Param::Given(v.clone())
            } else if let Some(d) = decl.get("defaultValue") {
                Param::Default(d.clone())
            } else {
                Param::Given(missing())
            };
            params.insert(key, param);
        }
        let mut vars = HashMap::new();
        for (name, raw) in variables.and_then(Value::as_object).into_iter().flatten() {
            if name == "copy" {
                for spec in raw.as_array().into_iter().flatten() {
                    if let (Some(n), Some(count), Some(input)) = (
                        spec.get("name").and_then(Value::as_str),
                        spec.get("count"),
                        spec.get("input"),
                    ) {
                        let (count, input) = (count.clone(), input.clone());
                        vars.insert(n.to_lowercase(), Var::Copy { count, input });
                    }
                }
                continue;
            }
            vars.insert(name.to_lowercase(), Var::Raw(raw.clone()));
        }
        Scope {
            params,
            vars,
            functions: Rc::new(user_functions(functions)),
            memo: RefCell::default(),
            active: RefCell::default(),
        }
    }

    /// The scope a user-defined function's output is evaluated in: its arguments only.
    fn for_function(&self, params: HashMap<String, Param>) -> Scope {
        Scope {
            params,
            vars: HashMap::new(),
            functions: Rc::clone(&self.functions),
            memo: RefCell::default(),
            active: RefCell::default(),
        }
    }
}

/// `functions: [{namespace, members: {name: {parameters: [{name}], output: {value}}}}]`, keyed by
/// lowercased `namespace.name`.
fn user_functions(functions: Option<&Value>) -> HashMap<String, UserFn> {
    let mut out = HashMap::new();
    for ns in functions.and_then(Value::as_array).into_iter().flatten() {
        let Some(namespace) = ns.get("namespace").and_then(Value::as_str) else {
            continue;
        };
        for (name, member) in ns
            .get("members")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let Some(output) = member.pointer("/output/value") else {
                continue;
            };
            let params = member
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|p| p.get("name").and_then(Value::as_str).map(str::to_string))
                .collect();
            out.insert(
                format!("{namespace}.{name}").to_lowercase(),
                UserFn {
                    params,
                    output: output.clone(),
                },
            );
        }
    }
    out
}

/// A scope plus the copy loops being expanded (innermost last; `None` when the count is unknown).
#[derive(Clone)]
pub struct Ctx<'s> {
    pub scope: &'s Scope,
    pub loops: Vec<(String, Option<i64>)>,
    /// The variables of the lambdas being applied (`lambdaVariables('x')`), innermost last.
    pub lambda_vars: Vec<(String, Value)>,
}

impl<'s> Ctx<'s> {
    pub fn new(scope: &'s Scope) -> Self {
        Ctx {
            scope,
            loops: Vec::new(),
            lambda_vars: Vec::new(),
        }
    }

    /// This context inside a lambda whose variables are bound to `values`.
    fn with_lambda_vars(&self, names: &[String], values: Vec<Value>) -> Self {
        let mut c = self.clone();
        c.lambda_vars.extend(names.iter().cloned().zip(values));
        c
    }

    /// This context inside iteration `index` of the copy loop `name`.
    pub fn with_loop(&self, name: &str, index: Option<i64>) -> Self {
        let mut c = self.clone();
        c.loops.push((name.to_lowercase(), index));
        c
    }
}

/// A copy loop's iteration count when it is known and within ARM's limit.
pub fn copy_count(count: &Value, ctx: &Ctx, depth: usize) -> Option<i64> {
    let n = as_int(&resolve(count, &SrcNode::default(), Mode::eval(ctx), depth).0)?;
    (0..=MAX_COPY).contains(&n).then_some(n)
}

/// How [`resolve`] treats the strings it meets.
#[derive(Clone, Copy)]
pub struct Mode<'c, 's> {
    /// `None`: expressions are not evaluated, only turned into unknowns with their references.
    pub ctx: Option<&'c Ctx<'s>>,
    /// A path (from here) left unevaluated, e.g. a nested deployment's `properties.template`, whose
    /// expressions belong to another scope.
    pub opaque: &'c [&'c str],
}

impl<'c, 's> Mode<'c, 's> {
    pub fn eval(ctx: &'c Ctx<'s>) -> Self {
        Mode {
            ctx: Some(ctx),
            opaque: &[],
        }
    }

    fn child(self, key: &str) -> Self {
        match self.opaque {
            [only] if *only == key => Mode {
                ctx: None,
                opaque: &[],
            },
            [first, rest @ ..] if *first == key => Mode {
                ctx: self.ctx,
                opaque: rest,
            },
            _ => Mode {
                ctx: self.ctx,
                opaque: &[],
            },
        }
    }
}

/// A template JSON value with its expressions evaluated, and its source node reshaped where copy
/// arrays expanded (each item then points at the `input` it came from). A string whose value is an
/// object or array keeps its leaf node: findings inside it point at the property holding it.
pub fn resolve(raw: &Value, node: &SrcNode, mode: Mode, depth: usize) -> (Value, SrcNode) {
    if depth > MAX_EVAL_DEPTH {
        return (unknown("(too deeply nested)", []), node.clone());
    }
    match raw {
        Value::String(s) => (eval_string(s, mode.ctx, depth), node.clone()),
        Value::Array(items) => {
            let mut values = Vec::with_capacity(items.len());
            let mut nodes = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let child = list_child(node, i);
                let (v, n) = resolve(item, &child, mode, depth + 1);
                values.push(v);
                nodes.push(n);
            }
            let children = match node.children {
                Children::List(_) => Children::List(nodes),
                _ => node.children.clone(),
            };
            (Value::Array(values), with_children(node, children))
        }
        Value::Object(obj) => {
            let mut map = Map::new();
            let mut entries = Vec::new();
            for (key, item) in obj {
                let child = map_child(node, key);
                match (key.as_str(), item, mode.ctx) {
                    ("copy", Value::Array(specs), Some(ctx)) if is_property_copy(specs) => {
                        for (i, spec) in specs.iter().enumerate() {
                            let spec_node = list_child(&child, i);
                            let (name, v, n) = expand_copy(spec, &spec_node, ctx, depth + 1);
                            map.insert(name.clone(), v);
                            entries.push((name, n));
                        }
                    }
                    _ => {
                        let (v, n) = resolve(item, &child, mode.child(key), depth + 1);
                        map.insert(key.clone(), v);
                        entries.push((key.clone(), n));
                    }
                }
            }
            let children = match node.children {
                Children::Map(_) => Children::Map(entries),
                _ => node.children.clone(),
            };
            (Value::Object(map), with_children(node, children))
        }
        _ => (raw.clone(), node.clone()),
    }
}

/// Evaluates a raw template value without a source map.
pub fn eval_value(raw: &Value, ctx: &Ctx, depth: usize) -> Value {
    resolve(raw, &SrcNode::default(), Mode::eval(ctx), depth).0
}

fn with_children(node: &SrcNode, children: Children) -> SrcNode {
    SrcNode {
        anchor: node.anchor.clone(),
        full: node.full.clone(),
        children,
    }
}

fn list_child(node: &SrcNode, i: usize) -> SrcNode {
    match &node.children {
        Children::List(items) => items.get(i).cloned().unwrap_or_default(),
        _ => SrcNode::default(),
    }
}

fn map_child(node: &SrcNode, key: &str) -> SrcNode {
    match &node.children {
        Children::Map(entries) => entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, n)| n.clone())
            .unwrap_or_default(),
        _ => SrcNode::default(),
    }
}

/// A `copy` array of `{name, count, input}` objects (property or variable iteration).
fn is_property_copy(specs: &[Value]) -> bool {
    !specs.is_empty()
        && specs
            .iter()
            .all(|s| s.get("name").is_some_and(Value::is_string) && s.get("input").is_some())
}

/// One property copy: its property name, the array it produces (or an unknown when its count is
/// not known) and the source node of that array, whose items point at the `input`.
fn expand_copy(spec: &Value, node: &SrcNode, ctx: &Ctx, depth: usize) -> (String, Value, SrcNode) {
    let name = spec
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let input = spec.get("input").unwrap_or(&Value::Null);
    let input_node = map_child(node, "input");
    let count = spec.get("count").unwrap_or(&Value::Null);
    let anchor = SrcNode {
        anchor: node.anchor.clone(),
        full: node.full.clone(),
        children: Children::Leaf,
    };
    let Some(n) = copy_count(count, ctx, depth) else {
        let refs = match eval_value(count, ctx, depth) {
            v if is_unknown(&v) => refs_of(&v),
            _ => Vec::new(),
        };
        let text = count
            .as_str()
            .map_or_else(|| count.to_string(), str::to_string);
        return (name, unknown(&text, refs), anchor);
    };
    let mut values = Vec::new();
    let mut nodes = Vec::new();
    for i in 0..n {
        let inner = ctx.with_loop(&name, Some(i));
        let (v, n) = resolve(input, &input_node, Mode::eval(&inner), depth + 1);
        values.push(v);
        nodes.push(n);
    }
    let node = SrcNode {
        children: Children::List(nodes),
        ..anchor
    };
    (name, Value::Array(values), node)
}

/// A template string: a literal, the value of its expression, or an unknown with the references
/// the expression makes (evaluated ones, e.g. resource names, where they are known).
pub fn eval_string(s: &str, ctx: Option<&Ctx>, depth: usize) -> Value {
    let inner = match classify(s) {
        Str::Literal(lit) => return Value::String(lit.to_string()),
        Str::Expression(inner) => inner,
    };
    let Some(node) = expr::parse(inner) else {
        return unknown(s, []);
    };
    let extra = match ctx {
        Some(ctx) => match eval(&node, ctx, depth) {
            Ok(v) => return v,
            Err(refs) => refs,
        },
        None => Vec::new(),
    };
    let mut refs = Vec::new();
    collect_refs(&node, inner, ctx, depth, &mut refs);
    refs.extend(extra);
    unknown(s, refs)
}

/// `v` as a result: an unknown becomes `Err` with its references.
fn known(v: Value) -> Ev {
    if is_unknown(&v) {
        Err(refs_of(&v))
    } else {
        Ok(v)
    }
}

fn eval(node: &Node, ctx: &Ctx, depth: usize) -> Ev {
    let depth = depth + 1;
    if depth > MAX_EVAL_DEPTH {
        return Err(Vec::new());
    }
    match &node.expr {
        Expr::Str(s) => Ok(Value::String(s.clone())),
        Expr::Num(n) => Ok(Value::Number(n.clone())),
        Expr::Ident(name) if name.eq_ignore_ascii_case("true") => Ok(Value::Bool(true)),
        Expr::Ident(name) if name.eq_ignore_ascii_case("false") => Ok(Value::Bool(false)),
        Expr::Ident(name) if name.eq_ignore_ascii_case("null") => Ok(Value::Null),
        // A symbolic resource name: its properties are only known at deployment.
        Expr::Ident(_) => Err(Vec::new()),
        Expr::Member(target, name) => {
            let Value::Object(o) = eval(target, ctx, depth)? else {
                return Err(Vec::new());
            };
            let v = o.get(name).or_else(|| {
                o.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v)
            });
            known(v.cloned().ok_or_else(Vec::new)?)
        }
        Expr::Index(target, index) => {
            let target = eval(target, ctx, depth);
            let index = eval(index, ctx, depth);
            let (target, index) = both(target, index)?;
            let v = match (&target, &index) {
                (Value::Array(a), i) => as_int(i)
                    .and_then(|i| usize::try_from(i).ok())
                    .and_then(|i| a.get(i)),
                (Value::Object(o), Value::String(k)) => o.get(k).or_else(|| {
                    o.iter()
                        .find(|(x, _)| x.eq_ignore_ascii_case(k))
                        .map(|(_, v)| v)
                }),
                _ => None,
            };
            known(v.cloned().ok_or_else(Vec::new)?)
        }
        Expr::Call { name, args } => call(&name.to_lowercase(), args, ctx, depth),
    }
}

/// Both results, or the references of every unknown among them.
fn both(a: Ev, b: Ev) -> Result<(Value, Value), Refs> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (a, b) => Err([a.err(), b.err()].into_iter().flatten().flatten().collect()),
    }
}

fn literal_arg(args: &[Node], ctx: &Ctx, depth: usize) -> Result<String, Refs> {
    match args.first().map(|a| eval(a, ctx, depth)) {
        Some(Ok(Value::String(s))) => Ok(s),
        Some(Err(refs)) => Err(refs),
        _ => Err(Vec::new()),
    }
}

fn call(name: &str, args: &[Node], ctx: &Ctx, depth: usize) -> Ev {
    match name {
        "parameters" => {
            let p = literal_arg(args, ctx, depth)?;
            lookup(ctx, 'p', &p, depth)
        }
        "variables" => {
            let v = literal_arg(args, ctx, depth)?;
            lookup(ctx, 'v', &v, depth)
        }
        "copyindex" => {
            let mut loop_name = None;
            let mut offset = 0;
            for a in args {
                match eval(a, ctx, depth)? {
                    Value::String(s) => loop_name = Some(s.to_lowercase()),
                    v => offset = as_int(&v).ok_or_else(Vec::new)?,
                }
            }
            let found = ctx
                .loops
                .iter()
                .rev()
                .find(|(n, _)| loop_name.as_ref().is_none_or(|want| n == want));
            match found {
                Some((_, Some(i))) => Ok(Value::from(i + offset)),
                _ => Err(Vec::new()),
            }
        }
        "if" => {
            let [cond, yes, no] = args else {
                return Err(Vec::new());
            };
            match eval(cond, ctx, depth)? {
                Value::Bool(true) => eval(yes, ctx, depth),
                Value::Bool(false) => eval(no, ctx, depth),
                _ => Err(Vec::new()),
            }
        }
        // A known false (and) or true (or) decides whatever the other arguments are.
        "and" | "or" => {
            let decisive = name == "or";
            let mut refs = Vec::new();
            for a in args {
                match eval(a, ctx, depth) {
                    Ok(Value::Bool(b)) if b == decisive => return Ok(Value::Bool(b)),
                    Ok(Value::Bool(_)) => {}
                    Ok(_) => return Err(Vec::new()),
                    Err(r) => refs.extend(r),
                }
            }
            if refs.is_empty() && !args.is_empty() {
                Ok(Value::Bool(!decisive))
            } else {
                Err(refs)
            }
        }
        "coalesce" => {
            for a in args {
                match eval(a, ctx, depth)? {
                    Value::Null => {}
                    v => return Ok(v),
                }
            }
            Ok(Value::Null)
        }
        "lambdavariables" => {
            let wanted = literal_arg(args, ctx, depth)?.to_lowercase();
            let found = ctx.lambda_vars.iter().rev().find(|(n, _)| *n == wanted);
            known(found.map(|(_, v)| v.clone()).ok_or_else(Vec::new)?)
        }
        "map" | "filter" | "reduce" | "sort" | "toobject" | "groupby" | "mapvalues" => {
            lambda_call(name, args, ctx, depth)
        }
        _ if name.contains('.') => user_call(name, args, ctx, depth),
        _ => {
            let mut values = Vec::with_capacity(args.len());
            let mut refs = Vec::new();
            let mut unknown_arg = false;
            for a in args {
                match eval(a, ctx, depth) {
                    Ok(v) => values.push(v),
                    Err(r) => {
                        unknown_arg = true;
                        refs.extend(r);
                    }
                }
            }
            if unknown_arg {
                return Err(refs);
            }
            if !functions::passes_unknowns(name) && values.iter().any(contains_unknown) {
                return Err(values.iter().flat_map(refs_within).collect());
            }
            functions::apply(name, &values).ok_or_else(Vec::new)
        }
    }
}

/// Most elements a lambda function is applied to: a template's lists are short, and a hostile one
/// must not make evaluation explode.
const MAX_LAMBDA_ITEMS: usize = 1000;

/// `lambda('a', 'b', body)`: its variable names and body.
fn lambda_of(node: &Node) -> Option<(Vec<String>, &Node)> {
    let Expr::Call { name, args } = &node.expr else {
        return None;
    };
    let (body, names) = args.split_last()?;
    if !name.eq_ignore_ascii_case("lambda") || names.is_empty() {
        return None;
    }
    let names = names
        .iter()
        .map(|n| match &n.expr {
            Expr::Str(s) => Some(s.to_lowercase()),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    Some((names, body))
}

/// Applies a lambda to `values` (one per variable it declares).
fn apply_lambda(lambda: &(Vec<String>, &Node), values: Vec<Value>, ctx: &Ctx, depth: usize) -> Ev {
    let (names, body) = lambda;
    if names.len() != values.len() {
        return Err(Vec::new());
    }
    eval(body, &ctx.with_lambda_vars(names, values), depth)
}

/// The lambda functions (`map`, `filter`, `reduce`, `sort`, `toObject`, `groupBy`, `mapValues`)
/// over a known input, as ARM evaluates them; an unknown input or element makes the result
/// unknown.
fn lambda_call(name: &str, args: &[Node], ctx: &Ctx, depth: usize) -> Ev {
    let input = match args.first() {
        Some(a) => eval(a, ctx, depth)?,
        None => return Err(Vec::new()),
    };
    let lambdas: Vec<_> = args[1..].iter().filter_map(lambda_of).collect();
    let items: Vec<Value> = match (&input, name) {
        (Value::Object(o), "mapvalues") => o.values().cloned().collect(),
        (Value::Array(a), _) => a.clone(),
        _ => return Err(Vec::new()),
    };
    if items.len() > MAX_LAMBDA_ITEMS || items.iter().any(contains_unknown) {
        return Err(items.iter().flat_map(refs_within).collect());
    }
    let first = lambdas.first().ok_or_else(Vec::new)?;
    match name {
        "map" => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                // map's lambda may take the index as a second variable.
                let values = match first.0.len() {
                    2 => vec![item, Value::from(i)],
                    _ => vec![item],
                };
                out.push(apply_lambda(first, values, ctx, depth)?);
            }
            Ok(Value::Array(out))
        }
        "filter" => {
            let mut out = Vec::new();
            for (i, item) in items.into_iter().enumerate() {
                let values = match first.0.len() {
                    2 => vec![item.clone(), Value::from(i)],
                    _ => vec![item.clone()],
                };
                match apply_lambda(first, values, ctx, depth)? {
                    Value::Bool(true) => out.push(item),
                    Value::Bool(false) => {}
                    _ => return Err(Vec::new()),
                }
            }
            Ok(Value::Array(out))
        }
        "reduce" => {
            // reduce(input, initial, lambda('current', 'next'[, 'index'], ...))
            let initial = match args.get(1) {
                Some(a) => eval(a, ctx, depth)?,
                None => return Err(Vec::new()),
            };
            let mut acc = initial;
            for (i, item) in items.into_iter().enumerate() {
                let values = match first.0.len() {
                    3 => vec![acc, item, Value::from(i)],
                    _ => vec![acc, item],
                };
                acc = apply_lambda(first, values, ctx, depth)?;
            }
            Ok(acc)
        }
        "sort" => {
            let mut sorted = Vec::with_capacity(items.len());
            for item in items {
                // Insertion keeps the sort stable and bounded by MAX_LAMBDA_ITEMS squared.
                let mut at = sorted.len();
                for (j, other) in sorted.iter().enumerate() {
                    let less =
                        apply_lambda(first, vec![item.clone(), Value::clone(other)], ctx, depth)?;
                    if less == Value::Bool(true) {
                        at = j;
                        break;
                    }
                }
                sorted.insert(at, item);
            }
            Ok(Value::Array(sorted))
        }
        "toobject" | "groupby" => {
            let mut out = serde_json::Map::new();
            for item in items {
                let Value::String(key) = apply_lambda(first, vec![item.clone()], ctx, depth)?
                else {
                    return Err(Vec::new());
                };
                let value = match lambdas.get(1) {
                    Some(l) if name == "toobject" => apply_lambda(l, vec![item], ctx, depth)?,
                    _ => item,
                };
                if name == "groupby" {
                    match out.entry(key).or_insert_with(|| Value::Array(Vec::new())) {
                        Value::Array(group) => group.push(value),
                        _ => return Err(Vec::new()),
                    }
                } else {
                    out.insert(key, value);
                }
            }
            Ok(Value::Object(out))
        }
        "mapvalues" => {
            let Value::Object(o) = input else {
                return Err(Vec::new());
            };
            let mut out = serde_json::Map::new();
            for (k, v) in o {
                out.insert(k, apply_lambda(first, vec![v], ctx, depth)?);
            }
            Ok(Value::Object(out))
        }
        _ => Err(Vec::new()),
    }
}

/// The value of parameter (`kind` `p`) or variable (`v`) `name`, computed once.
fn lookup(ctx: &Ctx, kind: char, name: &str, depth: usize) -> Ev {
    let key = format!("{kind}:{}", name.to_lowercase());
    let scope = ctx.scope;
    if let Some(v) = scope.memo.borrow().get(&key) {
        return known(v.clone());
    }
    if scope.active.borrow().contains(&key) {
        return Err(Vec::new());
    }
    let lower = name.to_lowercase();
    // Parameters and variables are evaluated outside any copy loop of the place that uses them.
    let base = Ctx::new(scope);
    scope.active.borrow_mut().push(key.clone());
    let value = if kind == 'p' {
        match scope.params.get(&lower) {
            Some(Param::Given(v)) => Some(v.clone()),
            Some(Param::Default(raw)) => Some(eval_value(raw, &base, depth + HOP)),
            None => None,
        }
    } else {
        match scope.vars.get(&lower) {
            Some(Var::Raw(raw)) => Some(eval_value(raw, &base, depth + HOP)),
            Some(Var::Copy { count, input }) => {
                Some(copy_variable(name, count, input, &base, depth))
            }
            None => None,
        }
    };
    scope.active.borrow_mut().retain(|k| *k != key);
    let value = value.unwrap_or_else(|| {
        let what = if kind == 'p' {
            "parameters"
        } else {
            "variables"
        };
        unknown(&format!("[{what}('{name}')]"), [format!("{what}.{name}")])
    });
    scope.memo.borrow_mut().insert(key, value.clone());
    known(value)
}

fn copy_variable(name: &str, count: &Value, input: &Value, base: &Ctx, depth: usize) -> Value {
    let Some(n) = copy_count(count, base, depth + HOP) else {
        return unknown(
            &format!("[variables('{name}')]"),
            [format!("variables.{name}")],
        );
    };
    let items = (0..n)
        .map(|i| eval_value(input, &base.with_loop(name, Some(i)), depth + HOP))
        .collect();
    Value::Array(items)
}

/// A user-defined function: its output evaluated with the arguments bound to its parameters.
fn user_call(name: &str, args: &[Node], ctx: &Ctx, depth: usize) -> Ev {
    let Some(f) = ctx.scope.functions.get(name) else {
        return Err(Vec::new());
    };
    if f.params.len() != args.len() {
        return Err(Vec::new());
    }
    let mut params = HashMap::new();
    let mut arg_refs = Vec::new();
    for (p, a) in f.params.iter().zip(args) {
        let v = match eval(a, ctx, depth) {
            Ok(v) => v,
            Err(refs) => {
                arg_refs.extend(refs.iter().cloned());
                unknown(&format!("[parameters('{p}')]"), refs)
            }
        };
        params.insert(p.to_lowercase(), Param::Given(v));
    }
    let scope = ctx.scope.for_function(params);
    // The function's own parameter names mean nothing to the caller: an unknown result depends
    // on what the arguments depend on.
    known(eval_value(&f.output, &Ctx::new(&scope), depth + HOP)).map_err(|_| arg_refs)
}

/// What an expression mentions, for joins: `parameters.x`, `variables.x`, resource ids as
/// `<Type>/<name1>/<name2>` and symbolic names. With a context, names that evaluate to known
/// strings appear as those strings (the resource id of a resource whose name resolved).
fn collect_refs(node: &Node, src: &str, ctx: Option<&Ctx>, depth: usize, refs: &mut Refs) {
    match &node.expr {
        Expr::Call { name, args } => {
            call_refs(&name.to_ascii_lowercase(), args, src, ctx, depth, refs);
            for a in args {
                collect_refs(a, src, ctx, depth, refs);
            }
        }
        Expr::Ident(name) if !["true", "false", "null"].contains(&name.to_lowercase().as_str()) => {
            refs.push(name.clone())
        }
        Expr::Ident(_) => {}
        Expr::Member(target, _) => collect_refs(target, src, ctx, depth, refs),
        Expr::Index(target, index) => {
            collect_refs(target, src, ctx, depth, refs);
            collect_refs(index, src, ctx, depth, refs);
        }
        Expr::Str(_) | Expr::Num(_) => {}
    }
}

/// The reference a single call makes by itself (its arguments are walked by the caller).
fn call_refs(
    name: &str,
    args: &[Node],
    src: &str,
    ctx: Option<&Ctx>,
    depth: usize,
    refs: &mut Refs,
) {
    let first_literal = match args.first().map(|a| &a.expr) {
        Some(Expr::Str(s)) => Some(s.as_str()),
        _ => None,
    };
    match name {
        "parameters" | "variables" => {
            if let Some(s) = first_literal {
                refs.push(format!("{name}.{s}"));
            }
        }
        "resourceid" | "subscriptionresourceid" | "tenantresourceid" => {
            refs.extend(resource_id_ref(args, src, ctx, depth));
        }
        // Its first argument is the scope the extension resource lives on.
        "extensionresourceid" => {
            refs.extend(resource_id_ref(
                args.get(1..).unwrap_or(&[]),
                src,
                ctx,
                depth,
            ));
        }
        "reference" | "resourceinfo" => refs.extend(first_literal.map(literal_ref)),
        _ if name.starts_with("list") => refs.extend(first_literal.map(literal_ref)),
        _ => {}
    }
}

/// `'Type', name1, name2` after any leading scope arguments (subscription id, resource group name,
/// which never contain `/`) → `Type/name1/name2`, each name its literal or known value, else
/// `[<expression>]`: the same text as the id of a resource whose `name` is that expression.
fn resource_id_ref(args: &[Node], src: &str, ctx: Option<&Ctx>, depth: usize) -> Option<String> {
    let at = args
        .iter()
        .position(|a| matches!(&a.expr, Expr::Str(s) if s.contains('/')))?;
    let Expr::Str(kind) = &args[at].expr else {
        return None;
    };
    let names: Vec<String> = args[at + 1..]
        .iter()
        .map(|a| match (&a.expr, ctx.map(|c| eval(a, c, depth))) {
            (Expr::Str(s), _) => s.clone(),
            (_, Some(Ok(Value::String(s)))) => s,
            _ => format!("[{}]", src.get(a.span.clone()).unwrap_or_default().trim()),
        })
        .collect();
    if names.is_empty() {
        return None;
    }
    Some(format!("{kind}/{}", names.join("/")))
}

/// A literal given to `reference()` and friends: a symbolic name or resource name as it is, a full
/// resource id (`/subscriptions/…/providers/NS/type/name/child/name2`) as `NS/type/child/name/name2`.
fn literal_ref(s: &str) -> String {
    let Some((_, tail)) = s.rsplit_once("/providers/") else {
        return s.to_string();
    };
    let segs: Vec<&str> = tail.split('/').collect();
    let Some((namespace, rest)) = segs.split_first() else {
        return s.to_string();
    };
    if rest.is_empty() || rest.len() % 2 != 0 {
        return s.to_string();
    }
    let types: Vec<&str> = rest.iter().step_by(2).copied().collect();
    let names: Vec<&str> = rest.iter().skip(1).step_by(2).copied().collect();
    format!("{namespace}/{}/{}", types.join("/"), names.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::values::REFS_KEY;
    use serde_json::json;

    const TEMPLATE: &str = r#"{
      "parameters": {
        "size": {"type": "string", "defaultValue": "Standard_NC24ads_A100_v4"},
        "env": {"type": "string"},
        "count": {"type": "int", "defaultValue": 3},
        "prefix": {"type": "string", "defaultValue": "[toLower('AI')]"},
        "loop": {"type": "string", "defaultValue": "[parameters('loop')]"}
      },
      "variables": {
        "name": "[concat(parameters('prefix'), '-ws')]",
        "public": "[if(equals(parameters('size'), 'x'), 'Disabled', 'Enabled')]",
        "byEnv": "[if(equals(parameters('env'), 'prod'), 1, 2)]",
        "obj": {"a": "[parameters('size')]", "b": "[parameters('env')]"},
        "copy": [{"name": "pools", "count": "[parameters('count')]", "input": "[concat('pool', copyIndex('pools'))]"}],
        "cycle": "[variables('cycle')]"
      },
      "functions": [{"namespace": "ns", "members": {"gpu": {
        "parameters": [{"name": "sku", "type": "string"}],
        "output": {"type": "bool", "value": "[startsWith(parameters('sku'), 'Standard_N')]"}
      }}}]
    }"#;

    fn with_scope<T>(supplied: &Supplied, f: impl FnOnce(&Ctx) -> T) -> T {
        let t: Value = serde_json::from_str(TEMPLATE).unwrap();
        let scope = Scope::new(
            t.get("parameters"),
            t.get("variables"),
            t.get("functions"),
            supplied,
        );
        f(&Ctx::new(&scope))
    }

    fn ev(expr: &str) -> Value {
        with_scope(&Supplied::default(), |ctx| eval_string(expr, Some(ctx), 0))
    }

    fn refs(v: &Value) -> Value {
        assert!(is_unknown(v), "expected an unknown, got {v}");
        v[REFS_KEY].clone()
    }

    #[test]
    fn lambda_functions_over_known_inputs() {
        assert_eq!(
            ev("[map(createArray(1, 2, 3), lambda('x', mul(lambdaVariables('x'), 2)))]"),
            json!([2, 4, 6])
        );
        assert_eq!(
            ev("[map(createArray('a', 'b'), lambda('x', 'i', concat(lambdaVariables('x'), string(lambdaVariables('i')))))]"),
            json!(["a0", "b1"])
        );
        assert_eq!(
            ev("[filter(variables('pools'), lambda('p', not(equals(lambdaVariables('p'), 'pool1'))))]"),
            json!(["pool0", "pool2"])
        );
        assert_eq!(
            ev("[reduce(createArray(1, 2, 3), 10, lambda('cur', 'next', add(lambdaVariables('cur'), lambdaVariables('next'))))]"),
            json!(16)
        );
        assert_eq!(
            ev("[toObject(createArray(createObject('name', 'gpu', 'size', 'NC24')), lambda('e', lambdaVariables('e').name), lambda('e', lambdaVariables('e').size))]"),
            json!({"gpu": "NC24"})
        );
        assert_eq!(
            ev("[sort(createArray(3, 1, 2), lambda('a', 'b', less(lambdaVariables('a'), lambdaVariables('b'))))]"),
            json!([1, 2, 3])
        );
        assert_eq!(
            ev("[mapValues(createObject('a', 1), lambda('v', add(lambdaVariables('v'), 1)))]"),
            json!({"a": 2})
        );
        assert_eq!(
            ev("[shallowMerge(createArray(createObject('a', createObject('x', 1)), createObject('a', createObject('y', 2))))]"),
            json!({"a": {"y": 2}})
        );
        // AVM's shape: properties built from a filtered list of objects.
        assert_eq!(
            ev("[union(createObject('publicNetworkAccess', 'Enabled'), reduce(filter(createArray(createObject('k', 'disableLocalAuth', 'v', true())), lambda('e', not(empty(lambdaVariables('e').k)))), createObject(), lambda('c', 'n', union(lambdaVariables('c'), createObject(lambdaVariables('n').k, lambdaVariables('n').v)))))]"),
            json!({"publicNetworkAccess": "Enabled", "disableLocalAuth": true})
        );
        // An unknown input, or a lambda variable outside a lambda, stays unknown.
        assert!(is_unknown(&ev(
            "[map(parameters('env'), lambda('x', lambdaVariables('x')))]"
        )));
        assert!(is_unknown(&ev("[lambdaVariables('x')]")));
    }

    #[test]
    fn parameters_defaults_and_supplied_values() {
        assert_eq!(
            ev("[parameters('size')]"),
            json!("Standard_NC24ads_A100_v4")
        );
        // Names are case-insensitive; a default may be an expression.
        assert_eq!(ev("[Parameters('PREFIX')]"), json!("ai"));
        // No default, no value: unknown, naming the parameter.
        assert_eq!(refs(&ev("[parameters('env')]")), json!(["parameters.env"]));
        assert_eq!(
            refs(&ev("[parameters('nope')]")),
            json!(["parameters.nope"])
        );
        // A default that refers to itself is unknown, not a stack overflow.
        assert!(is_unknown(&ev("[parameters('loop')]")));
        let supplied = Supplied {
            values: [("env".to_string(), json!("prod"))].into(),
            all_unknown: false,
        };
        let v = with_scope(&supplied, |ctx| {
            eval_string("[variables('byEnv')]", Some(ctx), 0)
        });
        assert_eq!(v, json!(1));
        let all = Supplied {
            all_unknown: true,
            ..Supplied::default()
        };
        let v = with_scope(&all, |ctx| {
            eval_string("[parameters('size')]", Some(ctx), 0)
        });
        assert!(is_unknown(&v));
    }

    #[test]
    fn variables_copy_variables_and_accessors() {
        assert_eq!(ev("[variables('name')]"), json!("ai-ws"));
        assert_eq!(ev("[variables('public')]"), json!("Enabled"));
        assert_eq!(
            ev("[variables('pools')]"),
            json!(["pool0", "pool1", "pool2"])
        );
        assert_eq!(ev("[variables('pools')[1]]"), json!("pool1"));
        assert_eq!(ev("[length(variables('pools'))]"), json!(3));
        assert_eq!(
            ev("[variables('obj').a]"),
            json!("Standard_NC24ads_A100_v4")
        );
        assert_eq!(
            ev("[variables('obj')['A']]"),
            json!("Standard_NC24ads_A100_v4")
        );
        // An object with an unknown part stays an object; the part is unknown with its refs.
        let obj = ev("[variables('obj')]");
        assert_eq!(obj["a"], json!("Standard_NC24ads_A100_v4"));
        assert_eq!(refs(&obj["b"]), json!(["parameters.env"]));
        // Reading the unknown part is unknown, with the refs of the indirection.
        assert_eq!(
            refs(&ev("[variables('obj').b]")),
            json!(["variables.obj", "parameters.env"])
        );
        // A condition on an unknown is unknown.
        assert_eq!(
            refs(&ev("[variables('byEnv')]")),
            json!(["variables.byEnv", "parameters.env"])
        );
        assert!(is_unknown(&ev("[variables('cycle')]")));
        assert!(is_unknown(&ev("[variables('obj').missing]")));
    }

    #[test]
    fn logic_short_circuits_and_coalesce() {
        assert_eq!(
            ev("[and(false, equals(parameters('env'), 'x'))]"),
            json!(false)
        );
        assert_eq!(
            ev("[or(true, equals(parameters('env'), 'x'))]"),
            json!(true)
        );
        assert!(is_unknown(&ev(
            "[and(true, equals(parameters('env'), 'x'))]"
        )));
        assert_eq!(ev("[not(equals(1, 2))]"), json!(true));
        assert_eq!(ev("[coalesce(null(), 'a')]"), json!("a"));
        assert!(is_unknown(&ev("[coalesce(parameters('env'), 'a')]")));
        assert_eq!(ev("[if(true(), 'a', parameters('env'))]"), json!("a"));
        assert_eq!(ev("[bool('true')]"), json!(true));
        assert_eq!(ev("[int('4')]"), json!(4));
        assert_eq!(ev("[string(4)]"), json!("4"));
        assert_eq!(
            ev("[format('{0}-{1}', 'a', parameters('count'))]"),
            json!("a-3")
        );
        assert_eq!(ev("[toUpper(parameters('prefix'))]"), json!("AI"));
        assert_eq!(
            ev("[union(createObject('a', 1), json('{\"b\": 2}'))]"),
            json!({"a": 1, "b": 2})
        );
        assert_eq!(ev("[createArray(1, 2)]"), json!([1, 2]));
    }

    #[test]
    fn user_defined_functions() {
        assert_eq!(ev("[ns.gpu(parameters('size'))]"), json!(true));
        assert_eq!(ev("[ns.gpu('Standard_D4s_v5')]"), json!(false));
        assert_eq!(
            refs(&ev("[ns.gpu(parameters('env'))]")),
            json!(["parameters.env"])
        );
        assert!(is_unknown(&ev("[ns.missing(1)]")));
        assert!(is_unknown(&ev("[ns.gpu(1, 2)]")));
    }

    #[test]
    fn deployment_context_stays_unknown_with_refs() {
        for e in [
            "[resourceGroup().location]",
            "[subscription().subscriptionId]",
            "[deployment().name]",
            "[uniqueString(resourceGroup().id)]",
            "[guid('a')]",
            "[utcNow()]",
        ] {
            assert!(is_unknown(&ev(e)), "{e}");
        }
        // resourceId: the ref names the resource by its resolved name.
        assert_eq!(
            refs(&ev(
                "[resourceId('Microsoft.MachineLearningServices/workspaces', variables('name'))]"
            )),
            json!([
                "Microsoft.MachineLearningServices/workspaces/ai-ws",
                "variables.name"
            ])
        );
        // An unresolved name keeps its expression text, as the resource's id does.
        assert_eq!(
            refs(&ev("[resourceId('A.B/c', parameters('env'))]"))[0],
            json!("A.B/c/[parameters('env')]")
        );
        assert_eq!(
            refs(&ev("[reference(resourceId('A.B/c', 'n')).properties.x]")),
            json!(["A.B/c/n"])
        );
        assert_eq!(
            refs(&ev("[listKeys('sym', '2020-01-01').key1]")),
            json!(["sym"])
        );
        assert_eq!(refs(&ev("[sym.properties.x]")), json!(["sym"]));
    }

    #[test]
    fn copy_index_and_counts() {
        with_scope(&Supplied::default(), |ctx| {
            let inner = ctx.with_loop("pools", Some(2));
            assert_eq!(eval_string("[copyIndex()]", Some(&inner), 0), json!(2));
            assert_eq!(eval_string("[copyIndex(1)]", Some(&inner), 0), json!(3));
            assert_eq!(
                eval_string("[copyIndex('POOLS', 1)]", Some(&inner), 0),
                json!(3)
            );
            assert!(is_unknown(&eval_string(
                "[copyIndex('other')]",
                Some(&inner),
                0
            )));
            let unknown_loop = ctx.with_loop("pools", None);
            assert!(is_unknown(&eval_string(
                "[copyIndex()]",
                Some(&unknown_loop),
                0
            )));
            assert_eq!(copy_count(&json!("[parameters('count')]"), ctx, 0), Some(3));
            assert_eq!(copy_count(&json!("[parameters('env')]"), ctx, 0), None);
            assert_eq!(copy_count(&json!(100_000), ctx, 0), None);
        });
    }

    #[test]
    fn property_copy_expands_with_source_nodes() {
        let raw = json!({"disks": 1, "copy": [{"name": "dataDisks", "count": 2, "input": {"lun": "[copyIndex('dataDisks')]"}}]});
        let out = with_scope(&Supplied::default(), |ctx| {
            resolve(&raw, &SrcNode::default(), Mode::eval(ctx), 0).0
        });
        assert_eq!(
            out,
            json!({"disks": 1, "dataDisks": [{"lun": 0}, {"lun": 1}]})
        );
        // Unknown count: the property is unknown. Without a context nothing expands.
        let raw = json!({"copy": [{"name": "d", "count": "[parameters('env')]", "input": 1}]});
        let out = with_scope(&Supplied::default(), |ctx| {
            resolve(&raw, &SrcNode::default(), Mode::eval(ctx), 0).0
        });
        assert_eq!(refs(&out["d"]), json!(["parameters.env"]));
        let mode = Mode {
            ctx: None,
            opaque: &[],
        };
        assert_eq!(
            resolve(&raw, &SrcNode::default(), mode, 0).0["copy"][0]["input"],
            json!(1)
        );
    }

    #[test]
    fn hostile_values_stay_bounded() {
        // Each variable doubles the previous one: sizes are capped, not exhausted.
        let mut vars = serde_json::Map::new();
        vars.insert("v0".into(), json!("[createArray(1, 2)]"));
        for i in 1..80 {
            let p = i - 1;
            vars.insert(
                format!("v{i}"),
                json!(format!("[concat(variables('v{p}'), variables('v{p}'))]")),
            );
        }
        let vars = Value::Object(vars);
        let scope = Scope::new(None, Some(&vars), None, &Supplied::default());
        let v = eval_string("[length(variables('v79'))]", Some(&Ctx::new(&scope)), 0);
        assert!(is_unknown(&v));
        // Long variable chains hit the depth cap instead of the stack.
        let mut vars = serde_json::Map::new();
        for i in 0..2000 {
            vars.insert(format!("v{i}"), json!(format!("[variables('v{}')]", i + 1)));
        }
        let vars = Value::Object(vars);
        let scope = Scope::new(None, Some(&vars), None, &Supplied::default());
        assert!(is_unknown(&eval_string(
            "[variables('v0')]",
            Some(&Ctx::new(&scope)),
            0
        )));
    }
}
