//! The names a Bicep file declares (params, vars, functions, resources, modules, imports) and the
//! ARM scope (parameters with defaults, variables, user functions) that evaluates their values;
//! a `.bicepparam` file's values as the parameters it supplies.

use std::rc::Rc;

use serde_json::{json, Map, Value};

use super::translate::{
    arm, literal_json_string, quote, resource_of, Each, Env, ResourceSymbol, Symbol,
    FUNCTION_NAMESPACE,
};
use crate::parse::arm::eval::{eval_value, Ctx, Scope, Supplied};
use crate::parse::bicep::syntax::*;

/// The symbols of one template.
pub struct Symbols {
    pub env: Env,
}

impl Symbols {
    /// Every name `file` declares; resources under `prefix` (a module's resources are
    /// `module/resource`). Resource names are translated twice so that one resource's name may use
    /// another's (`'${acct.name}-pe'`).
    pub fn of(file: &File, prefix: &str) -> Symbols {
        let mut env = Env::default();
        for st in &file.statements {
            match &st.kind {
                StatementKind::Param { name, .. } => {
                    Rc::make_mut(&mut env.symbols).insert(name.name.clone(), Symbol::Param);
                }
                StatementKind::Var { name, .. } => {
                    Rc::make_mut(&mut env.symbols).insert(name.name.clone(), Symbol::Var);
                }
                StatementKind::Func(f) => {
                    Rc::make_mut(&mut env.symbols).insert(f.name.name.clone(), Symbol::Function);
                }
                StatementKind::Import(i) => {
                    for alias in import_names(i) {
                        Rc::make_mut(&mut env.symbols).insert(alias, Symbol::Opaque);
                    }
                }
                StatementKind::Extension(e) => {
                    let name = match (&e.alias, &e.target) {
                        (Some(a), _) => Some(a.name.clone()),
                        (None, ExtensionTarget::Ident(i)) => Some(i.name.clone()),
                        _ => None,
                    };
                    if let Some(n) = name {
                        Rc::make_mut(&mut env.symbols).insert(n, Symbol::Opaque);
                    }
                }
                _ => {}
            }
        }
        for _ in 0..2 {
            let lookup = env.clone();
            for st in &file.statements {
                match &st.kind {
                    StatementKind::Resource(decl) => {
                        register(&mut env, &lookup, decl, &decl.name.name, None, prefix);
                    }
                    StatementKind::Module(m) => {
                        let name = first_object(&m.body)
                            .and_then(|o| property(o, "name"))
                            .map_or_else(|| quote(&m.name.name), |e| arm(e, &lookup));
                        Rc::make_mut(&mut env.symbols).insert(
                            m.name.name.clone(),
                            Symbol::Module {
                                id: format!("{prefix}{}", m.name.name),
                                name,
                            },
                        );
                    }
                    _ => {}
                }
            }
        }
        Symbols { env }
    }
}

fn import_names(i: &ImportDecl) -> Vec<String> {
    match i {
        ImportDecl::Provider { alias, .. } => alias.iter().map(|a| a.name.clone()).collect(),
        ImportDecl::Named { items, .. } => items
            .iter()
            .filter_map(|item| match (&item.alias, &item.name) {
                (Some(a), _) => Some(a.name.clone()),
                (None, ImportName::Ident(n)) => Some(n.name.clone()),
                (None, ImportName::String(_)) => None,
            })
            .collect(),
        ImportDecl::Wildcard { alias, .. } => vec![alias.name.clone()],
    }
}

/// Registers `decl` under `key` (`parent::child` for a nested child) and its nested children.
fn register(
    env: &mut Env,
    lookup: &Env,
    decl: &ResourceDecl,
    key: &str,
    parent: Option<&ResourceSymbol>,
    prefix: &str,
) {
    let obj = first_object(&decl.body);
    let type_text = decl.type_string.as_plain().unwrap_or_default();
    let (own_type, api_version) = match type_text.split_once('@') {
        Some((t, v)) => (t.to_string(), Some(v.to_string())),
        None => (type_text.clone(), None),
    };
    let declared_parent = match parent {
        Some(p) => Some(p.clone()),
        None => obj
            .and_then(|o| property(o, "parent"))
            .and_then(|e| resource_of(e, lookup)),
    };
    let relative = !own_type.split('/').next().unwrap_or_default().contains('.');
    let kind = match &declared_parent {
        Some(p) if relative => format!("{}/{own_type}", p.kind),
        _ => own_type,
    };
    let mut name_segments = declared_parent
        .as_ref()
        .map(|p| p.name_segments.clone())
        .unwrap_or_default();
    name_segments.push(
        obj.and_then(|o| property(o, "name"))
            .map_or_else(|| quote(""), |e| arm(e, lookup)),
    );
    let each = match &decl.body {
        Body::For(f) if parent.is_none() => Some(Box::new(Each {
            item: f.item.as_ref().map(|i| i.name.clone()),
            index: f.index.as_ref().map(|i| i.name.clone()),
            iter: arm(&f.iterable, lookup),
            parent_segments: declared_parent
                .as_ref()
                .map(|p| p.name_segments.clone())
                .unwrap_or_default(),
            name: obj.and_then(|o| property(o, "name")).cloned(),
        })),
        _ => None,
    };
    let symbol = ResourceSymbol {
        each,
        id: match parent {
            Some(p) => format!("{}::{}", p.id, decl.name.name),
            None => format!("{prefix}{}", decl.name.name),
        },
        kind,
        api_version,
        name_segments,
        looped: matches!(decl.body, Body::For(_)) || parent.is_some_and(|p| p.looped),
    };
    Rc::make_mut(&mut env.symbols).insert(key.to_string(), Symbol::Resource(symbol.clone()));
    if parent.is_some() {
        // Inside its parent's body a nested resource is also known by its own name.
        Rc::make_mut(&mut env.symbols)
            .entry(decl.name.name.clone())
            .or_insert_with(|| Symbol::Resource(symbol.clone()));
    }
    for m in obj.map(|o| o.members.as_slice()).unwrap_or_default() {
        if let ObjectMember::Resource(child) = m {
            if let StatementKind::Resource(c) = &child.kind {
                let child_key = format!("{key}::{}", c.name.name);
                register(env, lookup, c, &child_key, Some(&symbol), prefix);
            }
        }
    }
}

/// The object a resource or module body declares (inside its condition or loop).
pub fn first_object(body: &Body) -> Option<&ObjectExpr> {
    fn object(e: &Expr) -> Option<&ObjectExpr> {
        match &e.kind {
            ExprKind::Object(o) => Some(o),
            _ => None,
        }
    }
    match body {
        Body::Object(o) => Some(o),
        Body::If(b) => object(&b.body),
        Body::For(f) => match &f.body {
            ForBody::Expr(e) => object(e),
            ForBody::If(b) => object(&b.body),
        },
        Body::Other(_) => None,
    }
}

/// The value of property `key` of an object literal.
pub fn property<'e>(obj: &'e ObjectExpr, key: &str) -> Option<&'e Expr> {
    obj.members.iter().find_map(|m| match m {
        ObjectMember::Property(p) if p.key.name().as_deref() == Some(key) => Some(&p.value),
        _ => None,
    })
}

/// A template's parameters, variables and functions in the ARM form [`Scope`] reads.
pub struct ScopeSpec {
    parameters: Value,
    variables: Value,
    functions: Value,
}

impl ScopeSpec {
    pub fn build(&self, supplied: &Supplied) -> Scope {
        Scope::new(
            Some(&self.parameters),
            Some(&self.variables),
            Some(&self.functions),
            supplied,
        )
    }
}

/// The ARM raw value of an expression: literals as they are, anything else as `[expression]`.
pub fn raw(e: &Expr, env: &Env) -> Value {
    match &e.kind {
        ExprKind::Int(n) => Value::from(*n),
        ExprKind::Bool(b) => Value::Bool(*b),
        ExprKind::Null => Value::Null,
        ExprKind::String(s) => match s.as_plain() {
            Some(plain) => Value::String(literal_json_string(&plain)),
            None => Value::String(format!("[{}]", arm(e, env))),
        },
        // Literal objects and arrays stay JSON, as in a compiled template, so that one unknown
        // member leaves the others known.
        ExprKind::Object(o)
            if o.members
                .iter()
                .all(|m| matches!(m, ObjectMember::Property(p) if p.key.name().is_some())) =>
        {
            let mut map = Map::new();
            for m in &o.members {
                if let ObjectMember::Property(p) = m {
                    if let Some(key) = p.key.name() {
                        map.insert(key, raw(&p.value, env));
                    }
                }
            }
            Value::Object(map)
        }
        ExprKind::Array(items) if items.iter().all(|i| matches!(i, ArrayItem::Expr(_))) => {
            Value::Array(
                items
                    .iter()
                    .filter_map(|i| match i {
                        ArrayItem::Expr(e) => Some(raw(e, env)),
                        ArrayItem::Spread { .. } => None,
                    })
                    .collect(),
            )
        }
        ExprKind::Paren(inner) => raw(inner, env),
        _ => Value::String(format!("[{}]", arm(e, env))),
    }
}

/// The parameters (defaults, or the only `@allowed` value), variables (a `for` variable as an
/// ARM copy variable) and user functions of `file`.
pub fn template_scope(file: &File, env: &Env) -> ScopeSpec {
    let mut parameters = Map::new();
    let mut variables = Map::new();
    let mut copies = Vec::new();
    let mut members = Map::new();
    for st in &file.statements {
        match &st.kind {
            StatementKind::Param { name, default, .. } => {
                let value = default.as_ref().or_else(|| only_allowed(&st.decorators));
                let decl = match value {
                    Some(v) => json!({ "defaultValue": raw(v, env) }),
                    None => json!({}),
                };
                parameters.insert(name.name.clone(), decl);
            }
            StatementKind::Var { name, value, .. } => match &value.kind {
                ExprKind::For(f) => match (&f.body, &f.index) {
                    (ForBody::Expr(body), _) => {
                        let iter = arm(&f.iterable, env);
                        let at = format!("copyIndex({})", quote(&name.name));
                        let mut inner = env.clone();
                        if let Some(item) = &f.item {
                            inner = inner.with_local(&item.name, format!("{iter}[{at}]"));
                        }
                        if let Some(index) = &f.index {
                            inner = inner.with_local(&index.name, at.clone());
                        }
                        copies.push(json!({
                            "name": name.name,
                            "count": format!("[length({iter})]"),
                            "input": raw(body, &inner),
                        }));
                    }
                    (ForBody::If(_), _) => {
                        variables.insert(name.name.clone(), raw(value, env));
                    }
                },
                _ => {
                    variables.insert(name.name.clone(), raw(value, env));
                }
            },
            StatementKind::Func(f) => {
                let mut inner = env.clone();
                for p in &f.params {
                    inner = inner
                        .with_local(&p.name.name, format!("parameters({})", quote(&p.name.name)));
                }
                let params: Vec<Value> = f
                    .params
                    .iter()
                    .map(|p| json!({ "name": p.name.name }))
                    .collect();
                members.insert(
                    f.name.name.clone(),
                    json!({ "parameters": params, "output": { "value": raw(&f.body, &inner) } }),
                );
            }
            _ => {}
        }
    }
    if !copies.is_empty() {
        variables.insert("copy".into(), Value::Array(copies));
    }
    ScopeSpec {
        parameters: Value::Object(parameters),
        variables: Value::Object(variables),
        functions: json!([{ "namespace": FUNCTION_NAMESPACE, "members": members }]),
    }
}

/// `@allowed(['x'])`: a parameter that can have one value only has it.
fn only_allowed(decorators: &[Decorator]) -> Option<&Expr> {
    let d = decorators.iter().find(|d| d.name.name == "allowed")?;
    match d.args.first().map(|a| &a.kind) {
        Some(ExprKind::Array(items)) if items.len() == 1 => match &items[0] {
            ArrayItem::Expr(e) => Some(e),
            ArrayItem::Spread { .. } => None,
        },
        _ => None,
    }
}

/// The values a `.bicepparam` file gives its template's parameters, evaluated with its own
/// variables; what cannot be evaluated (`readEnvironmentVariable`, `az.getSecret`) is unknown.
pub fn param_file_values(file: &File) -> Supplied {
    let mut env = Env::default();
    for st in &file.statements {
        if let StatementKind::Var { name, .. } = &st.kind {
            Rc::make_mut(&mut env.symbols).insert(name.name.clone(), Symbol::Var);
        }
    }
    let spec = template_scope(file, &env);
    let scope = Scope::new(None, Some(&spec.variables), None, &Supplied::default());
    let ctx = Ctx::new(&scope);
    let mut supplied = Supplied::default();
    for st in &file.statements {
        if let StatementKind::Param {
            name,
            default: Some(value),
            ..
        } = &st.kind
        {
            let v = eval_value(&raw(value, &env), &ctx, 0);
            supplied.values.insert(name.name.to_lowercase(), v);
        }
    }
    supplied
}
