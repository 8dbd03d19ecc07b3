//! ARM template parser: turns each resource of a JSON (with comments) template, including nested
//! child resources and languageVersion 2.0 symbolic resources, into a [`Resource`] whose `config` is
//! the resource object with template expressions as unknowns, and a source map from `jsonc-parser`.

use jsonc_parser::ast::{Array, Object, Value as Ast};
use serde_json::{Map, Number, Value};

use super::json::{self, name_range, prop, prop_name, range, value_range, MAX_DEPTH};

use super::values::unknown;
use super::{without_bom, Children, MapEntries, ParseError, Resource, SrcNode};

/// Parse one ARM template into its resources, in file order (a parent before its children). A root
/// that is not an object or has no `resources` yields no resources: the caller decides by `$schema`
/// whether the file is a template at all.
pub fn parse(text: &str) -> Result<Vec<Resource>, ParseError> {
    let src = without_bom(text);
    let ast = json::parse(&src)?;
    let Some(Ast::Object(root)) = ast.value else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    match prop(&root, "resources") {
        // Classic form: an array of resource objects.
        Some(Ast::Array(items)) => {
            for item in &items.elements {
                if let Ast::Object(obj) = item {
                    collect(obj, None, None, &mut out);
                }
            }
        }
        // languageVersion 2.0: an object whose keys are symbolic names.
        Some(Ast::Object(symbolic)) => {
            for p in &symbolic.properties {
                if let Ast::Object(obj) = &p.value {
                    collect(obj, Some(prop_name(&p.name)), None, &mut out);
                }
            }
        }
        _ => {}
    }
    Ok(out)
}

/// The parent of a nested child resource: its full type and name.
struct Parent {
    kind: String,
    name: String,
}

/// Adds the resource `obj` and, after it, its nested child resources.
fn collect(
    obj: &Object,
    symbolic: Option<String>,
    parent: Option<&Parent>,
    out: &mut Vec<Resource>,
) {
    let own_type = string_prop(obj, "type").unwrap_or_default();
    let own_name = string_prop(obj, "name")
        .map(|n| name_text(&n))
        .unwrap_or_default();
    // A child declared inside its parent may use the short form: `"type": "deployments"` (or
    // `"providers/diagnosticSettings"`) with the name relative to the parent's. A full type starts
    // with its namespace (`Microsoft.X/...`), whose first segment has a dot.
    let relative = !own_type.split('/').next().unwrap_or_default().contains('.');
    let (kind, name) = match parent {
        Some(p) if relative => (
            format!("{}/{own_type}", p.kind),
            format!("{}/{own_name}", p.name),
        ),
        _ => (own_type, own_name),
    };
    let children = match prop(obj, "resources") {
        Some(Ast::Array(items)) => Some(items),
        _ => None,
    };
    let (config, entries) = convert_object(obj, children.is_some());
    let anchor = obj
        .properties
        .iter()
        .find(|p| p.name.as_str() == "type")
        .map_or(obj.range.start..obj.range.start + 1, |p| {
            name_range(&p.name)
        });
    out.push(Resource {
        id: symbolic.unwrap_or_else(|| format!("{kind}/{name}")),
        api_version: string_prop(obj, "apiVersion"),
        config: Value::Object(config),
        source: SrcNode {
            anchor,
            full: range(obj.range),
            children: Children::Map(entries),
        },
        kind: kind.clone(),
        name: name.clone(),
    });
    if let Some(items) = children {
        let me = Parent { kind, name };
        for item in &items.elements {
            if let Ast::Object(child) = item {
                collect(child, None, Some(&me), out);
            }
        }
    }
}

fn string_prop(obj: &Object, name: &str) -> Option<String> {
    match prop(obj, name) {
        Some(Ast::StringLit(s)) => Some(s.value.to_string()),
        _ => None,
    }
}

/// A resource name as ids use it: the literal, or the raw text of an expression.
fn name_text(raw: &str) -> String {
    match classify(raw) {
        Str::Literal(s) => s.to_string(),
        Str::Expression(_) => raw.to_string(),
    }
}

/// An object as JSON and the source nodes of its properties. With `skip_children`, a `resources`
/// array is left out (nested child resources become resources of their own).
fn convert_object(
    obj: &Object,
    skip_children: bool,
) -> (Map<String, Value>, Vec<(String, SrcNode)>) {
    let mut map = Map::new();
    let mut entries = MapEntries::default();
    for p in &obj.properties {
        let key = prop_name(&p.name);
        if skip_children && key == "resources" {
            continue;
        }
        let (value, children) = convert(&p.value);
        let node = SrcNode {
            anchor: name_range(&p.name),
            full: range(p.range),
            children,
        };
        // A duplicate key: the last one wins, in the config and in the source map alike.
        entries.set(key.clone(), node);
        map.insert(key, value);
    }
    (map, entries.into_list())
}

fn convert_array(arr: &Array) -> (Value, Children) {
    let mut values = Vec::with_capacity(arr.elements.len());
    let mut nodes = Vec::with_capacity(arr.elements.len());
    for item in &arr.elements {
        let (value, children) = convert(item);
        let full = value_range(item);
        // A finding about an object item points at its opening `{`, not at the whole object.
        let anchor = match item {
            Ast::Object(o) => o.range.start..o.range.start + 1,
            _ => full.clone(),
        };
        values.push(value);
        nodes.push(SrcNode {
            anchor,
            full,
            children,
        });
    }
    (Value::Array(values), Children::List(nodes))
}

/// A JSON value with template expressions turned into unknowns, and its source children.
fn convert(v: &Ast) -> (Value, Children) {
    match v {
        Ast::Object(o) => {
            let (map, entries) = convert_object(o, false);
            (Value::Object(map), Children::Map(entries))
        }
        Ast::Array(a) => convert_array(a),
        Ast::StringLit(s) => (string_value(&s.value), Children::Leaf),
        Ast::NumberLit(n) => (number_value(n.value), Children::Leaf),
        Ast::BooleanLit(b) => (Value::Bool(b.value), Children::Leaf),
        Ast::NullKeyword(_) => (Value::Null, Children::Leaf),
    }
}

/// JSON5 numbers (hex, `+1`, `.5`, `Infinity`) that JSON cannot hold stay as their source text.
fn number_value(raw: &str) -> Value {
    if let Ok(n) = raw.parse::<Number>() {
        return Value::Number(n);
    }
    let unsigned = raw.trim_start_matches(['+', '-']);
    let negative = raw.starts_with('-');
    if let Some(hex) = unsigned
        .strip_prefix("0x")
        .or_else(|| unsigned.strip_prefix("0X"))
    {
        if let Ok(n) = i64::from_str_radix(hex, 16) {
            return Value::from(if negative { -n } else { n });
        }
    }
    match raw.parse::<f64>().ok().and_then(Number::from_f64) {
        Some(n) => Value::Number(n),
        None => Value::String(raw.to_string()),
    }
}

/// What a JSON string means in a template.
enum Str<'a> {
    Literal(&'a str),
    /// The text between the outer brackets.
    Expression(&'a str),
}

/// A string that starts with `[` and ends with `]` is an expression, unless it starts with `[[`,
/// which escapes a literal that starts with `[`.
fn classify(s: &str) -> Str<'_> {
    match s.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        Some(_) if s.starts_with("[[") => Str::Literal(&s[1..]),
        Some(inner) => Str::Expression(inner),
        None => Str::Literal(s),
    }
}

fn string_value(s: &str) -> Value {
    match classify(s) {
        Str::Literal(lit) => Value::String(lit.to_string()),
        Str::Expression(inner) => unknown(s, expression_refs(inner)),
    }
}

/// What an expression mentions, for joins without evaluation: `parameters.x`, `variables.x`,
/// resource ids as `<Type>/<name1>/<name2>` and symbolic names. Empty when it does not parse.
fn expression_refs(src: &str) -> Vec<String> {
    let mut refs = Vec::new();
    if let Some(expr) = expr::parse(src) {
        collect_refs(&expr, src, &mut refs);
    }
    refs
}

fn collect_refs(node: &expr::Node, src: &str, refs: &mut Vec<String>) {
    use expr::Expr;
    match &node.expr {
        Expr::Call { name, args } => {
            call_refs(&name.to_ascii_lowercase(), args, src, refs);
            for a in args {
                collect_refs(a, src, refs);
            }
        }
        Expr::Ident(name) => refs.push(name.clone()),
        Expr::Member(target) => collect_refs(target, src, refs),
        Expr::Index(target, index) => {
            collect_refs(target, src, refs);
            collect_refs(index, src, refs);
        }
        Expr::Str(_) | Expr::Num => {}
    }
}

/// The reference a single call makes by itself (its arguments are walked by the caller).
fn call_refs(name: &str, args: &[expr::Node], src: &str, refs: &mut Vec<String>) {
    let first_literal = match args.first().map(|a| &a.expr) {
        Some(expr::Expr::Str(s)) => Some(s.as_str()),
        _ => None,
    };
    match name {
        "parameters" | "variables" => {
            if let Some(s) = first_literal {
                refs.push(format!("{name}.{s}"));
            }
        }
        "resourceid" | "subscriptionresourceid" | "tenantresourceid" => {
            refs.extend(resource_id_ref(args, src));
        }
        // Its first argument is the scope the extension resource lives on.
        "extensionresourceid" => refs.extend(resource_id_ref(args.get(1..).unwrap_or(&[]), src)),
        "reference" | "resourceinfo" => refs.extend(first_literal.map(literal_ref)),
        _ if name.starts_with("list") => refs.extend(first_literal.map(literal_ref)),
        _ => {}
    }
}

/// `'Type', name1, name2` after any leading scope arguments (subscription id, resource group name,
/// which never contain `/`) → `Type/name1/name2`, each name its literal value or `[<expression>]`,
/// the same text as the id of a resource whose `name` is that expression.
fn resource_id_ref(args: &[expr::Node], src: &str) -> Option<String> {
    let at = args
        .iter()
        .position(|a| matches!(&a.expr, expr::Expr::Str(s) if s.contains('/')))?;
    let expr::Expr::Str(kind) = &args[at].expr else {
        return None;
    };
    let names: Vec<String> = args[at + 1..]
        .iter()
        .map(|a| match &a.expr {
            expr::Expr::Str(s) => s.clone(),
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

/// A small parser for ARM template expressions, enough to find what they reference: function calls,
/// `'string'` literals (`''` escapes a quote), numbers, bare identifiers (2.0 symbolic names), and
/// `.prop` / `[index]` accessors. Depth is capped so hostile input cannot exhaust the stack.
mod expr {
    use std::ops::Range;

    use super::MAX_DEPTH;

    #[derive(Debug)]
    pub struct Node {
        pub expr: Expr,
        /// Byte range in the expression text.
        pub span: Range<usize>,
    }

    #[derive(Debug)]
    pub enum Expr {
        Call {
            name: String,
            args: Vec<Node>,
        },
        Str(String),
        Num,
        Ident(String),
        /// `.name`: only the target matters for references.
        Member(Box<Node>),
        Index(Box<Node>, Box<Node>),
    }

    #[derive(Debug, Clone, PartialEq)]
    enum Tok {
        Ident(String),
        Str(String),
        Num,
        Open,
        Close,
        OpenBracket,
        CloseBracket,
        Comma,
        Dot,
    }

    /// The whole of `src` as one expression, or `None` if it is not one.
    pub fn parse(src: &str) -> Option<Node> {
        let tokens = tokenize(src)?;
        let mut p = Parser { tokens, pos: 0 };
        let node = p.expr(0)?;
        (p.pos == p.tokens.len()).then_some(node)
    }

    fn tokenize(src: &str) -> Option<Vec<(Tok, Range<usize>)>> {
        let mut out = Vec::new();
        let mut chars = src.char_indices().peekable();
        while let Some(&(start, c)) = chars.peek() {
            let tok = match c {
                c if c.is_whitespace() => {
                    chars.next();
                    continue;
                }
                '(' | ')' | '[' | ']' | ',' | '.' => {
                    chars.next();
                    match c {
                        '(' => Tok::Open,
                        ')' => Tok::Close,
                        '[' => Tok::OpenBracket,
                        ']' => Tok::CloseBracket,
                        ',' => Tok::Comma,
                        _ => Tok::Dot,
                    }
                }
                '\'' => {
                    chars.next();
                    let mut s = String::new();
                    loop {
                        match chars.next()? {
                            (_, '\'') if chars.peek().map(|&(_, c)| c) == Some('\'') => {
                                chars.next();
                                s.push('\'');
                            }
                            (_, '\'') => break,
                            (_, c) => s.push(c),
                        }
                    }
                    Tok::Str(s)
                }
                c if c.is_ascii_digit() || c == '-' => {
                    chars.next();
                    while chars
                        .peek()
                        .is_some_and(|&(_, c)| c.is_ascii_digit() || c == '.')
                    {
                        chars.next();
                    }
                    Tok::Num
                }
                c if c.is_alphabetic() || c == '_' => {
                    let mut s = String::new();
                    while let Some(&(_, c)) = chars.peek() {
                        if !(c.is_alphanumeric() || c == '_') {
                            break;
                        }
                        s.push(c);
                        chars.next();
                    }
                    Tok::Ident(s)
                }
                _ => return None,
            };
            let end = chars.peek().map_or(src.len(), |&(i, _)| i);
            out.push((tok, start..end));
        }
        Some(out)
    }

    struct Parser {
        tokens: Vec<(Tok, Range<usize>)>,
        pos: usize,
    }

    impl Parser {
        fn peek(&self) -> Option<&Tok> {
            self.tokens.get(self.pos).map(|(t, _)| t)
        }

        fn peek_at(&self, ahead: usize) -> Option<&Tok> {
            self.tokens.get(self.pos + ahead).map(|(t, _)| t)
        }

        fn next(&mut self) -> Option<(Tok, Range<usize>)> {
            let t = self.tokens.get(self.pos).cloned();
            self.pos += 1;
            t
        }

        fn expect(&mut self, tok: Tok) -> Option<Range<usize>> {
            match self.next()? {
                (t, span) if t == tok => Some(span),
                _ => None,
            }
        }

        /// A primary followed by accessors; each accessor counts as a level of depth because the
        /// tree nests one box per accessor.
        fn expr(&mut self, depth: usize) -> Option<Node> {
            let mut depth = depth + 1;
            if depth > MAX_DEPTH {
                return None;
            }
            let mut node = self.primary(depth)?;
            while let Some(tok) = self.peek() {
                let start = node.span.start;
                depth += 1;
                if depth > MAX_DEPTH {
                    return None;
                }
                node = match tok {
                    Tok::Dot => {
                        self.next();
                        match self.next()? {
                            (Tok::Ident(_), span) => Node {
                                expr: Expr::Member(Box::new(node)),
                                span: start..span.end,
                            },
                            _ => return None,
                        }
                    }
                    Tok::OpenBracket => {
                        self.next();
                        let index = self.expr(depth)?;
                        let end = self.expect(Tok::CloseBracket)?.end;
                        Node {
                            expr: Expr::Index(Box::new(node), Box::new(index)),
                            span: start..end,
                        }
                    }
                    _ => break,
                };
            }
            Some(node)
        }

        fn primary(&mut self, depth: usize) -> Option<Node> {
            let (tok, span) = self.next()?;
            let expr = match tok {
                Tok::Str(s) => Expr::Str(s),
                Tok::Num => Expr::Num,
                Tok::Ident(mut name) => {
                    // A user-defined function is called as `namespace.name(...)`.
                    if self.peek() == Some(&Tok::Dot) && self.peek_at(2) == Some(&Tok::Open) {
                        if let Some(Tok::Ident(member)) = self.peek_at(1).cloned() {
                            self.pos += 2;
                            name = format!("{name}.{member}");
                        }
                    }
                    if self.peek() != Some(&Tok::Open) {
                        return Some(Node {
                            expr: Expr::Ident(name),
                            span,
                        });
                    }
                    self.next();
                    let (args, end) = self.args(depth)?;
                    return Some(Node {
                        expr: Expr::Call { name, args },
                        span: span.start..end,
                    });
                }
                _ => return None,
            };
            Some(Node { expr, span })
        }

        /// Arguments after `(`, through the closing `)` whose end offset is returned.
        fn args(&mut self, depth: usize) -> Option<(Vec<Node>, usize)> {
            let mut args = Vec::new();
            if self.peek() == Some(&Tok::Close) {
                return Some((args, self.next()?.1.end));
            }
            loop {
                args.push(self.expr(depth)?);
                match self.next()? {
                    (Tok::Comma, _) => {}
                    (Tok::Close, span) => return Some((args, span.end)),
                    _ => return None,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        assert_eq!(number_value("0x1F"), json!(31));
        assert_eq!(number_value("-2.5"), json!(-2.5));
        assert_eq!(number_value("Infinity"), json!("Infinity"));
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
            let _ = expression_refs(&s);
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
}
