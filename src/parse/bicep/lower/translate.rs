//! Bicep expressions as ARM template expression text, so that the ARM evaluator gives them their
//! values: operators become the ARM functions the Bicep compiler emits (`==` → `equals`, `?:` →
//! `if`, `??` → `coalesce`), names become `parameters('x')` / `variables('x')`, and a symbolic
//! reference to a resource becomes the `resourceId(...)` that ARM rules already join on.

use std::collections::HashMap;
use std::rc::Rc;

use crate::parse::bicep::syntax::*;

/// Functions of the Bicep namespaces `az` and `sys` that have the same name in ARM.
const NAMESPACES: [&str; 2] = ["az", "sys"];

/// The namespace user-defined functions live in, in the ARM scope the lowering builds.
pub const FUNCTION_NAMESPACE: &str = "bicep";

/// A resource declared in the template, as references to it need it.
#[derive(Debug, Clone)]
pub struct ResourceSymbol {
    /// Its id in the unit's input document.
    pub id: String,
    /// Full type, `Microsoft.X/y/z`.
    pub kind: String,
    pub api_version: Option<String>,
    /// ARM text of each segment of its full name (the parent's segments first).
    pub name_segments: Vec<String>,
    /// Declared with a `for` loop (or the child of one): a reference without an index names no
    /// single instance.
    pub looped: bool,
    /// For a resource declared with its own `for` loop: how an indexed reference (`vms[1].id`)
    /// names one instance.
    pub each: Option<Box<Each>>,
}

/// The loop of a looped resource and its name expression, to name the instance at an index.
#[derive(Debug, Clone)]
pub struct Each {
    pub item: Option<String>,
    pub index: Option<String>,
    /// ARM text of the list looped over.
    pub iter: String,
    /// ARM text of the segments of the parent's name, if any.
    pub parent_segments: Vec<String>,
    pub name: Option<Expr>,
}

/// What a name means in a template's scope.
#[derive(Debug, Clone)]
pub enum Symbol {
    Param,
    Var,
    Resource(ResourceSymbol),
    /// A module call: the id and the ARM text of its deployment name.
    Module {
        id: String,
        name: String,
    },
    Function,
    /// An import, a wildcard alias, an extension: nothing ailint can read.
    Opaque,
}

/// The names of one template (a `.bicep` file evaluated once), and the local names of the
/// expression being translated (loop items and indexes, function parameters, lambda variables).
#[derive(Debug, Clone, Default)]
pub struct Env {
    /// Shared: every loop item and instance extends the same table.
    pub symbols: Rc<HashMap<String, Symbol>>,
    /// Innermost last; each name stands for ARM text.
    pub locals: Vec<(String, String)>,
}

impl Env {
    /// The environment with `name` standing for `text`.
    pub fn with_local(&self, name: &str, text: String) -> Env {
        let mut env = self.clone();
        env.locals.push((name.to_string(), text));
        env
    }

    fn local(&self, name: &str) -> Option<&str> {
        self.locals
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.as_str())
    }
}

/// An ARM string literal.
pub fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A JSON string that ARM reads as the literal `s` (one that looks like an expression is escaped).
pub fn literal_json_string(s: &str) -> String {
    if s.starts_with('[') && s.ends_with(']') {
        format!("[{s}")
    } else {
        s.to_string()
    }
}

/// An expression that ARM cannot evaluate (so its value is unknown) but whose references are those
/// of `args`.
pub fn opaque(what: &str, args: &[String]) -> String {
    let mut all = vec![quote(what)];
    all.extend(args.iter().cloned());
    format!("unresolved({})", all.join(", "))
}

/// The ARM expression text (without the surrounding brackets) of `e` in `env`.
pub fn arm(e: &Expr, env: &Env) -> String {
    match &e.kind {
        ExprKind::Int(n) => n.to_string(),
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::Null => "null".to_string(),
        ExprKind::String(s) => string(s, env),
        ExprKind::Ident(id) => name(&id.name, env),
        ExprKind::Array(items) => array(items, env),
        ExprKind::Object(obj) => object(obj, env),
        ExprKind::Member { base, name, safe } => member(base, name, *safe, env),
        ExprKind::Index { base, index, safe } => {
            if let Some(r) = resource_of(base, env) {
                return resource_value(&instance(&r, index, env));
            }
            let (b, i) = (arm(base, env), arm(index, env));
            if *safe {
                format!("tryGet({b}, {i})")
            } else {
                format!("{b}[{i}]")
            }
        }
        ExprKind::ResourceAccess { .. } => match resource_of(e, env) {
            Some(r) => resource_value(&r),
            None => opaque("::", &[]),
        },
        ExprKind::Call { base, name, args } => call(base.as_deref(), name, args, env),
        ExprKind::NonNull(inner) | ExprKind::Paren(inner) => arm(inner, env),
        ExprKind::Unary { op, operand } => match (op, &operand.kind) {
            (UnaryOp::Neg, ExprKind::Int(n)) => format!("-{n}"),
            (UnaryOp::Neg, _) => format!("sub(0, {})", arm(operand, env)),
            (UnaryOp::Not, _) => format!("not({})", arm(operand, env)),
        },
        ExprKind::Binary { op, lhs, rhs } => binary(*op, &arm(lhs, env), &arm(rhs, env)),
        ExprKind::Ternary {
            cond,
            then,
            otherwise,
        } => format!(
            "if({}, {}, {})",
            arm(cond, env),
            arm(then, env),
            arm(otherwise, env)
        ),
        ExprKind::Lambda { params, body } => {
            let mut inner = env.clone();
            let mut args: Vec<String> = Vec::new();
            for p in params {
                args.push(quote(&p.name));
                inner = inner.with_local(&p.name, format!("lambdaVariables({})", quote(&p.name)));
            }
            args.push(arm(body, &inner));
            format!("lambda({})", args.join(", "))
        }
        // A loop inside an expression (not a property value, which the lowering expands): its
        // value is unknown, its references those of what it loops over.
        ExprKind::For(f) => opaque("for", &[arm(&f.iterable, env)]),
    }
}

fn string(s: &StringLit, env: &Env) -> String {
    if let Some(plain) = s.as_plain() {
        return quote(&plain);
    }
    let mut fmt = String::new();
    let mut args = Vec::new();
    for part in &s.parts {
        match part {
            StringPart::Text(t) => fmt.push_str(&t.replace('{', "{{").replace('}', "}}")),
            StringPart::Interp(e) => {
                fmt.push_str(&format!("{{{}}}", args.len()));
                args.push(arm(e, env));
            }
        }
    }
    let mut all = vec![quote(&fmt)];
    all.extend(args);
    format!("format({})", all.join(", "))
}

fn name(n: &str, env: &Env) -> String {
    if let Some(text) = env.local(n) {
        return text.to_string();
    }
    match env.symbols.get(n) {
        Some(Symbol::Param) => format!("parameters({})", quote(n)),
        Some(Symbol::Var) => format!("variables({})", quote(n)),
        Some(Symbol::Resource(r)) => resource_value(r),
        Some(Symbol::Module { name, .. }) => {
            format!("resourceId('Microsoft.Resources/deployments', {name})")
        }
        Some(Symbol::Function) | Some(Symbol::Opaque) | None => opaque(n, &[]),
    }
}

fn array(items: &[ArrayItem], env: &Env) -> String {
    let mut pieces: Vec<String> = Vec::new();
    let mut run: Vec<String> = Vec::new();
    for item in items {
        match item {
            ArrayItem::Expr(e) => run.push(arm(e, env)),
            ArrayItem::Spread { expr, .. } => {
                if !run.is_empty() {
                    pieces.push(format!("createArray({})", run.join(", ")));
                    run.clear();
                }
                pieces.push(arm(expr, env));
            }
        }
    }
    if pieces.is_empty() {
        return format!("createArray({})", run.join(", "));
    }
    if !run.is_empty() {
        pieces.push(format!("createArray({})", run.join(", ")));
    }
    format!("concat({})", pieces.join(", "))
}

fn object(obj: &ObjectExpr, env: &Env) -> String {
    let mut pieces: Vec<String> = Vec::new();
    let mut run: Vec<String> = Vec::new();
    for m in &obj.members {
        match m {
            ObjectMember::Property(p) => {
                let key = match &p.key.kind {
                    KeyKind::Ident(k) => quote(k),
                    KeyKind::String(s) => string(s, env),
                    KeyKind::Wildcard => continue,
                };
                run.push(key);
                run.push(arm(&p.value, env));
            }
            ObjectMember::Spread { expr, .. } => {
                if !run.is_empty() {
                    pieces.push(format!("createObject({})", run.join(", ")));
                    run.clear();
                }
                pieces.push(arm(expr, env));
            }
            ObjectMember::Resource(_) => {}
        }
    }
    if pieces.is_empty() {
        return format!("createObject({})", run.join(", "));
    }
    if !run.is_empty() {
        pieces.push(format!("createObject({})", run.join(", ")));
    }
    format!("union({})", pieces.join(", "))
}

/// The resource a reference expression names: `acct`, `acct[i]`, `parent::child`.
pub fn resource_of(e: &Expr, env: &Env) -> Option<ResourceSymbol> {
    match &e.kind {
        ExprKind::Ident(id) if env.local(&id.name).is_none() => match env.symbols.get(&id.name) {
            Some(Symbol::Resource(r)) => Some(r.clone()),
            _ => None,
        },
        ExprKind::Index { base, .. } | ExprKind::NonNull(base) | ExprKind::Paren(base) => {
            resource_of(base, env)
        }
        ExprKind::ResourceAccess { base, name } => {
            let path = access_path(base)?;
            match env.symbols.get(&format!("{path}::{}", name.name)) {
                Some(Symbol::Resource(r)) => Some(r.clone()),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `a::b::c` as written, for the symbol table of nested resources.
fn access_path(e: &Expr) -> Option<String> {
    match &e.kind {
        ExprKind::Ident(id) => Some(id.name.clone()),
        ExprKind::ResourceAccess { base, name } => {
            Some(format!("{}::{}", access_path(base)?, name.name))
        }
        _ => None,
    }
}

/// A resource used as a value (`scope: acct`, `dependsOn: [acct]`) or its `.id`: its resource id,
/// which refers to it the way ARM's `resourceId()` does.
fn resource_value(r: &ResourceSymbol) -> String {
    if r.looped {
        return format!("resourceInfo({}).id", quote(&r.id));
    }
    let mut args = vec![quote(&r.kind)];
    args.extend(r.name_segments.iter().cloned());
    format!("resourceId({})", args.join(", "))
}

/// The instance of the looped resource `r` at `index`: its name segments with the loop's item and
/// index bound, so that a reference names that instance by type and name.
fn instance(r: &ResourceSymbol, index: &Expr, env: &Env) -> ResourceSymbol {
    let Some(each) = &r.each else {
        return r.clone();
    };
    let at = arm(index, env);
    let mut inner = Env {
        symbols: env.symbols.clone(),
        locals: Vec::new(),
    };
    if let Some(item) = &each.item {
        inner = inner.with_local(item, format!("{}[{at}]", each.iter));
    }
    if let Some(i) = &each.index {
        inner = inner.with_local(i, at);
    }
    let mut name_segments = each.parent_segments.clone();
    name_segments.push(
        each.name
            .as_ref()
            .map_or_else(|| quote(""), |n| arm(n, &inner)),
    );
    ResourceSymbol {
        name_segments,
        looped: false,
        each: None,
        ..r.clone()
    }
}

fn member(base: &Expr, name: &Ident, safe: bool, env: &Env) -> String {
    let indexed = match &base.kind {
        ExprKind::Index {
            base: inner, index, ..
        } => resource_of(inner, env).map(|r| instance(&r, index, env)),
        _ => None,
    };
    if let Some(r) = indexed.or_else(|| resource_of(base, env)) {
        return match name.name.as_str() {
            "id" => resource_value(&r),
            "name" if !r.looped => r.name_segments.last().cloned().unwrap_or_default(),
            "type" => quote(&r.kind),
            "apiVersion" => r
                .api_version
                .as_deref()
                .map_or_else(|| opaque("apiVersion", &[]), quote),
            other => format!("reference({}).{other}", quote(&r.id)),
        };
    }
    if let ExprKind::Ident(id) = &base.kind {
        if env.local(&id.name).is_none() {
            if let Some(Symbol::Module {
                id: mod_id,
                name: mod_name,
            }) = env.symbols.get(&id.name)
            {
                return match name.name.as_str() {
                    "name" => mod_name.clone(),
                    other => format!("reference({}).{other}", quote(mod_id)),
                };
            }
        }
    }
    let b = arm(base, env);
    if safe {
        format!("tryGet({b}, {})", quote(&name.name))
    } else {
        format!("{b}.{}", name.name)
    }
}

fn call(base: Option<&Expr>, name: &Ident, args: &[Expr], env: &Env) -> String {
    let args_text: Vec<String> = args.iter().map(|a| arm(a, env)).collect();
    let joined = args_text.join(", ");
    match base.map(|b| &b.kind) {
        None => match env.symbols.get(&name.name) {
            Some(Symbol::Function) if env.local(&name.name).is_none() => {
                format!("{FUNCTION_NAMESPACE}.{}({joined})", name.name)
            }
            // `any()` only silences the type checker.
            _ if name.name == "any" && args.len() == 1 => args_text[0].clone(),
            _ => format!("{}({joined})", name.name),
        },
        Some(ExprKind::Ident(ns))
            if NAMESPACES.contains(&ns.name.as_str()) && !env.symbols.contains_key(&ns.name) =>
        {
            format!("{}({joined})", name.name)
        }
        Some(_) => match base.and_then(|b| resource_of(b, env)) {
            // `acct.listKeys()`: ARM's list functions take the resource id and API version.
            Some(r) => {
                let mut all = vec![resource_value(&r)];
                all.extend(r.api_version.as_deref().map(quote));
                all.extend(args_text);
                format!("{}({})", name.name, all.join(", "))
            }
            None => opaque(&name.name, &args_text),
        },
    }
}

fn binary(op: BinaryOp, l: &str, r: &str) -> String {
    let f = match op {
        BinaryOp::Mul => "mul",
        BinaryOp::Div => "div",
        BinaryOp::Mod => "mod",
        BinaryOp::Add => "add",
        BinaryOp::Sub => "sub",
        BinaryOp::Lt => "less",
        BinaryOp::Le => "lessOrEquals",
        BinaryOp::Gt => "greater",
        BinaryOp::Ge => "greaterOrEquals",
        BinaryOp::Eq => "equals",
        BinaryOp::NotEq => return format!("not(equals({l}, {r}))"),
        BinaryOp::EqI => return format!("equals(toLower({l}), toLower({r}))"),
        BinaryOp::NotEqI => return format!("not(equals(toLower({l}), toLower({r})))"),
        BinaryOp::And => "and",
        BinaryOp::Or => "or",
        BinaryOp::Coalesce => "coalesce",
    };
    format!("{f}({l}, {r})")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::bicep::parse_bicep;

    /// The ARM text of the value of `var v = <src>` with `p` a param and `acct` a resource.
    fn text(src: &str) -> String {
        let (file, errors) = parse_bicep(&format!("var v = {src}\n"));
        assert!(errors.is_empty(), "{errors:?}");
        let StatementKind::Var { value, .. } = &file.statements[0].kind else {
            panic!("not a var");
        };
        let mut env = Env::default();
        Rc::make_mut(&mut env.symbols).insert("p".into(), Symbol::Param);
        Rc::make_mut(&mut env.symbols).insert("x".into(), Symbol::Var);
        Rc::make_mut(&mut env.symbols).insert(
            "acct".into(),
            Symbol::Resource(ResourceSymbol {
                id: "acct".into(),
                kind: "Microsoft.CognitiveServices/accounts".into(),
                api_version: Some("2023-05-01".into()),
                name_segments: vec!["parameters('name')".into()],
                looped: false,
                each: None,
            }),
        );
        arm(value, &env)
    }

    #[test]
    fn operators_become_arm_functions() {
        assert_eq!(
            text("p == 'a' ? 1 : -2"),
            "if(equals(parameters('p'), 'a'), 1, -2)"
        );
        assert_eq!(
            text("!(p && x)"),
            "not(and(parameters('p'), variables('x')))"
        );
        assert_eq!(text("p ?? 'd'"), "coalesce(parameters('p'), 'd')");
        assert_eq!(text("p.?a.b!"), "tryGet(parameters('p'), 'a').b");
        assert_eq!(
            text("p =~ 'A'"),
            "equals(toLower(parameters('p')), toLower('A'))"
        );
        assert_eq!(text("p[0]"), "parameters('p')[0]");
    }

    #[test]
    fn strings_objects_and_arrays() {
        assert_eq!(text(r"'it\'s'"), "'it''s'");
        assert_eq!(text("'${p}-{x}'"), "format('{0}-{{x}}', parameters('p'))");
        assert_eq!(
            text("{ a: 1, 'b c': p }"),
            "createObject('a', 1, 'b c', parameters('p'))"
        );
        assert_eq!(
            text("[1, ...x, 2]"),
            "concat(createArray(1), variables('x'), createArray(2))"
        );
        assert_eq!(
            text("{ ...x, a: 1 }"),
            "union(variables('x'), createObject('a', 1))"
        );
    }

    #[test]
    fn resource_references_name_the_resource() {
        let id = "resourceId('Microsoft.CognitiveServices/accounts', parameters('name'))";
        assert_eq!(text("acct.id"), id);
        assert_eq!(text("acct"), id);
        assert_eq!(text("acct.name"), "parameters('name')");
        assert_eq!(
            text("acct.properties.endpoint"),
            "reference('acct').properties.endpoint"
        );
        assert_eq!(
            text("acct.listKeys().key1"),
            format!("listKeys({id}, '2023-05-01').key1")
        );
        assert_eq!(
            text("az.resourceGroup().location"),
            "resourceGroup().location"
        );
        assert_eq!(text("unknownThing"), "unresolved('unknownThing')");
    }
}
