//! Construct-by-construct parser tests, plus robustness tests (every prefix of
//! realistic files, pseudo-random bytes, deep nesting) that must never panic.

use super::*;

/// 1-based line and column of a byte offset, as ailint reports them.
fn lc(text: &str, offset: usize) -> (usize, usize) {
    let p = crate::parse::LineIndex::new(text).position(text, offset);
    (p.line, p.column)
}

fn ok(src: &str) -> File {
    let (f, errs) = parse_bicep(src);
    assert!(errs.is_empty(), "unexpected errors for {src:?}: {errs:?}");
    f
}

fn ok_param(src: &str) -> File {
    let (f, errs) = parse_bicepparam(src);
    assert!(errs.is_empty(), "unexpected errors for {src:?}: {errs:?}");
    f
}

fn has_errors(src: &str) -> Vec<SyntaxError> {
    let (_, errs) = parse_bicep(src);
    assert!(!errs.is_empty(), "expected errors for {src:?}");
    errs
}

fn only(f: &File) -> &Statement {
    assert_eq!(f.statements.len(), 1, "{:#?}", f.statements);
    &f.statements[0]
}

/// The value of `var x = <expr>`.
fn var_expr(src: &str) -> Expr {
    let f = ok(&format!("var x = {src}\n"));
    match &only(&f).kind {
        StatementKind::Var { value, .. } => value.clone(),
        other => panic!("not a var: {other:?}"),
    }
}

fn param_type(src: &str) -> TypeExpr {
    let f = ok(&format!("param p {src}\n"));
    match &only(&f).kind {
        StatementKind::Param { ty: Some(t), .. } => t.clone(),
        other => panic!("not a typed param: {other:?}"),
    }
}

fn obj_props(e: &Expr) -> Vec<&Property> {
    match &e.kind {
        ExprKind::Object(o) => o
            .members
            .iter()
            .filter_map(|m| match m {
                ObjectMember::Property(p) => Some(p),
                _ => None,
            })
            .collect(),
        other => panic!("not an object: {other:?}"),
    }
}

/// Compact rendering of an expression tree, so precedence tests read naturally.
fn show(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Int(v) => v.to_string(),
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::Null => "null".into(),
        ExprKind::Ident(i) => i.name.clone(),
        ExprKind::String(s) => format!("{:?}", s.as_plain().unwrap_or_else(|| "<interp>".into())),
        ExprKind::Binary { op, lhs, rhs } => format!("({} {:?} {})", show(lhs), op, show(rhs)),
        ExprKind::Unary { op, operand } => format!("({op:?} {})", show(operand)),
        ExprKind::Ternary {
            cond,
            then,
            otherwise,
        } => format!("({} ? {} : {})", show(cond), show(then), show(otherwise)),
        ExprKind::Member { base, name, safe } => {
            format!(
                "{}{}{}",
                show(base),
                if *safe { ".?" } else { "." },
                name.name
            )
        }
        ExprKind::Index { base, index, safe } => {
            format!(
                "{}[{}{}]",
                show(base),
                if *safe { "?" } else { "" },
                show(index)
            )
        }
        ExprKind::ResourceAccess { base, name } => format!("{}::{}", show(base), name.name),
        ExprKind::Call { base, name, args } => {
            let args: Vec<_> = args.iter().map(show).collect();
            match base {
                Some(b) => format!("{}.{}({})", show(b), name.name, args.join(", ")),
                None => format!("{}({})", name.name, args.join(", ")),
            }
        }
        ExprKind::NonNull(b) => format!("{}!", show(b)),
        ExprKind::Paren(b) => format!("[{}]", show(b)),
        ExprKind::Lambda { params, body } => {
            let p: Vec<_> = params.iter().map(|p| p.name.as_str()).collect();
            format!("(({}) => {})", p.join(", "), show(body))
        }
        ExprKind::Array(items) => format!("array{}", items.len()),
        ExprKind::Object(o) => format!("object{}", o.members.len()),
        ExprKind::For(_) => "for".into(),
    }
}

// ---- statements -------------------------------------------------------------

#[test]
fn target_scope_metadata_and_var() {
    let f =
        ok("targetScope = 'subscription'\nmetadata name = 'x'\nvar v = 1\nvar t string = 'a'\n");
    assert_eq!(f.statements.len(), 4);
    assert!(matches!(
        f.statements[0].kind,
        StatementKind::TargetScope(_)
    ));
    assert!(matches!(
        f.statements[1].kind,
        StatementKind::Metadata { .. }
    ));
    assert!(matches!(
        &f.statements[3].kind,
        StatementKind::Var { ty: Some(_), .. }
    ));
}

#[test]
fn params_with_decorators() {
    let src = "@description('The name.')\n@sys.minLength(3)\n@allowed([\n  'a'\n  'b'\n])\n@secure()\nparam name string = 'a'\n@minValue(1)\nparam count int\n";
    let f = ok(src);
    assert_eq!(f.statements.len(), 2);
    let s = &f.statements[0];
    assert_eq!(s.decorators.len(), 4);
    assert_eq!(
        s.decorators[1].namespace.as_ref().map(|n| n.name.as_str()),
        Some("sys")
    );
    assert_eq!(s.decorators[1].name.name, "minLength");
    // The statement span starts at the keyword, not at the decorators.
    assert!(s.span.text(src).starts_with("param name"));
    match &s.kind {
        StatementKind::Param {
            name,
            ty: Some(_),
            default: Some(_),
        } => assert_eq!(name.name, "name"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn resource_header_and_properties() {
    let src = "resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' existing = {\n  name: 'x'\n  'quoted-key': 1\n  '${k}': 2\n}\n";
    let f = ok(src);
    let StatementKind::Resource(r) = &only(&f).kind else {
        panic!()
    };
    assert_eq!(r.name.name, "sa");
    assert!(r.existing);
    assert_eq!(
        r.type_string.as_plain().as_deref(),
        Some("Microsoft.Storage/storageAccounts@2023-01-01")
    );
    assert_eq!(
        r.type_string.span.text(src),
        "'Microsoft.Storage/storageAccounts@2023-01-01'"
    );
    assert_eq!(
        r.header_span.text(src),
        "resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' existing ="
    );
    let Body::Object(o) = &r.body else { panic!() };
    let keys: Vec<_> = o
        .members
        .iter()
        .map(|m| match m {
            ObjectMember::Property(p) => (p.key.span.text(src), p.value.span.text(src)),
            _ => panic!(),
        })
        .collect();
    assert_eq!(
        keys,
        vec![("name", "'x'"), ("'quoted-key'", "1"), ("'${k}'", "2")]
    );
}

#[test]
fn conditional_and_loop_bodies() {
    let src = "resource a 'T@1' = if (deploy) {\n  name: 'a'\n}\nmodule m './m.bicep' = [for (item, i) in items: {\n  name: item\n}]\nresource b 'T@1' = [for i in range(0, 3): if (i > 0) {\n  name: '${i}'\n}]\nmodule n 'br/public:avm/res/x:0.1.0' = [\n  for x in xs: {\n    name: x\n  }\n]\n";
    let f = ok(src);
    assert_eq!(f.statements.len(), 4);
    let StatementKind::Resource(a) = &f.statements[0].kind else {
        panic!()
    };
    assert!(matches!(a.body, Body::If(_)));
    let StatementKind::Module(m) = &f.statements[1].kind else {
        panic!()
    };
    let Body::For(fe) = &m.body else { panic!() };
    assert_eq!(fe.item.as_ref().map(|i| i.name.as_str()), Some("item"));
    assert_eq!(fe.index.as_ref().map(|i| i.name.as_str()), Some("i"));
    assert_eq!(m.header_span.text(src), "module m './m.bicep' =");
    let StatementKind::Resource(b) = &f.statements[2].kind else {
        panic!()
    };
    let Body::For(fb) = &b.body else { panic!() };
    assert!(matches!(fb.body, ForBody::If(_)));
    assert!(matches!(f.statements[3].kind, StatementKind::Module(_)));
}

#[test]
fn nested_resources_and_accessor() {
    let src = "resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'x'\n  resource: 'not a child'\n  @batchSize(1)\n  resource blob 'blobServices' = {\n    name: 'default'\n    resource c 'containers@2023-01-01' = [for n in names: {\n      name: n\n    }]\n  }\n}\noutput id string = sa::blob.id\n";
    let f = ok(src);
    let StatementKind::Resource(r) = &f.statements[0].kind else {
        panic!()
    };
    let Body::Object(o) = &r.body else { panic!() };
    assert!(matches!(o.members[1], ObjectMember::Property(_)));
    let ObjectMember::Resource(child) = &o.members[2] else {
        panic!()
    };
    assert_eq!(child.decorators.len(), 1);
    let StatementKind::Output { value, .. } = &f.statements[1].kind else {
        panic!()
    };
    assert_eq!(show(value), "sa::blob.id");
}

#[test]
fn outputs_including_resource_typed() {
    let f = ok(
        "output a string = 'x'\noutput r resource 'Microsoft.Storage/storageAccounts@2023-01-01' = sa\n@description('d')\noutput list array = [for x in xs: x.id]\n",
    );
    assert_eq!(f.statements.len(), 3);
    let StatementKind::Output { ty, .. } = &f.statements[1].kind else {
        panic!()
    };
    assert!(matches!(ty.kind, TypeKind::Resource(_)));
}

#[test]
fn imports_and_extensions() {
    let src = "import 'az@1.0.0'\nimport {a, b as c} from 'types.bicep'\nimport {\n  x\n  y as z\n} from 'br/public:avm/utl/types/avm-common-types:0.5.1'\nimport * as ns from 'ns.bicep'\nextension microsoftGraphV1\nextension 'br:mcr.microsoft.com/bicep/extensions/x:0.1' as graph\nextension kubernetes with {\n  namespace: 'default'\n} as k8s\nprovider 'kubernetes@1.0.0' with { namespace: 'x' } as k\n";
    let f = ok(src);
    assert_eq!(f.statements.len(), 8);
    let StatementKind::Import(ImportDecl::Named { items, .. }) = &f.statements[1].kind else {
        panic!()
    };
    assert_eq!(items.len(), 2);
    assert_eq!(items[1].alias.as_ref().map(|a| a.name.as_str()), Some("c"));
    assert!(matches!(
        f.statements[3].kind,
        StatementKind::Import(ImportDecl::Wildcard { .. })
    ));
    let StatementKind::Extension(e) = &f.statements[6].kind else {
        panic!()
    };
    assert!(e.with.is_some() && e.alias.is_some() && !e.legacy_provider);
    let StatementKind::Extension(p) = &f.statements[7].kind else {
        panic!()
    };
    assert!(p.legacy_provider);
}

#[test]
fn funcs_types_asserts() {
    let src = "@export()\nfunc greet(name string, n int) string => '${name}${n}'\nfunc none() bool => true\n@export()\n@discriminator('kind')\ntype t = aType | bType\n@sealed()\ntype o = {\n  @description('d')\n  name: string\n  'quoted-key': int?\n  *: string\n}\nassert ok = length(x) > 0\n";
    let f = ok(src);
    assert_eq!(f.statements.len(), 5);
    let StatementKind::Func(fd) = &f.statements[0].kind else {
        panic!()
    };
    assert_eq!(fd.params.len(), 2);
    let StatementKind::Type { value, .. } = &f.statements[3].kind else {
        panic!()
    };
    let TypeKind::Object(props) = &value.kind else {
        panic!()
    };
    assert_eq!(props.len(), 3);
    assert_eq!(props[0].decorators.len(), 1);
    assert!(matches!(props[2].key.kind, KeyKind::Wildcard));
    assert!(matches!(props[1].ty.kind, TypeKind::Nullable(_)));
    assert!(matches!(f.statements[4].kind, StatementKind::Assert { .. }));
}

#[test]
fn bicepparam_files() {
    let f = ok_param(
        "using './main.bicep'\n\nparam name = 'x'\nparam n = 1 + 2\nvar v = 'y'\nimport {a} from 'types.bicep'\n",
    );
    assert_eq!(f.kind, FileKind::BicepParam);
    assert_eq!(f.statements.len(), 5);
    assert!(matches!(
        &f.statements[1].kind,
        StatementKind::Param {
            ty: None,
            default: Some(_),
            ..
        }
    ));
    let f = ok_param(
        "using none\nextends 'base.bicepparam'\nparam p = readEnvironmentVariable('X', 'd')\n",
    );
    assert!(matches!(
        f.statements[0].kind,
        StatementKind::Using { target: None, .. }
    ));
    assert!(matches!(f.statements[1].kind, StatementKind::Extends(_)));
}

// ---- types ------------------------------------------------------------------

#[test]
fn type_forms() {
    assert!(matches!(param_type("string").kind, TypeKind::Name(_)));
    assert!(matches!(param_type("string[]").kind, TypeKind::Array(_)));
    assert!(matches!(param_type("string?").kind, TypeKind::Nullable(_)));
    let TypeKind::Array(inner) = param_type("('a' | 'b')[]").kind else {
        panic!()
    };
    assert!(matches!(inner.kind, TypeKind::Paren(_)));
    let TypeKind::Union(m) = param_type("'a' | 'b' | 1 | -1 | true | null").kind else {
        panic!()
    };
    assert_eq!(m.len(), 6);
    assert!(matches!(
        param_type("ns.myType").kind,
        TypeKind::Member { .. }
    ));
    assert!(matches!(param_type("[string, int]").kind, TypeKind::Tuple(ref t) if t.len() == 2));
    assert!(
        matches!(param_type("{ a: string, b: int? }").kind, TypeKind::Object(ref p) if p.len() == 2)
    );
    let t = param_type("resourceInput<'Microsoft.X/y@2024-01-01'>.properties.tags?");
    let TypeKind::Nullable(inner) = t.kind else {
        panic!()
    };
    let TypeKind::Member { base, name } = inner.kind else {
        panic!()
    };
    assert_eq!(name.name, "tags");
    assert!(matches!(base.kind, TypeKind::Member { .. }));
    assert!(matches!(
        param_type("resourceOutput<'Microsoft.X/y@2024-01-01'>").kind,
        TypeKind::Generic { .. }
    ));
    assert!(matches!(
        param_type("myType[*]").kind,
        TypeKind::Index { index: None, .. }
    ));
    assert!(matches!(
        param_type("myTuple[0]").kind,
        TypeKind::Index { index: Some(0), .. }
    ));
    assert!(matches!(
        param_type("resource 'Microsoft.X/y@1'").kind,
        TypeKind::Resource(_)
    ));
}

#[test]
fn multiline_unions() {
    let f = ok(
        "param sku\n  | 'Standard_LRS'\n  | 'Premium_LRS' = 'Standard_LRS'\ntype t = {\n  kind:\n    | 'a'\n    | 'b'?\n}\n",
    );
    assert_eq!(f.statements.len(), 2);
    let StatementKind::Param { ty: Some(t), .. } = &f.statements[0].kind else {
        panic!()
    };
    assert!(matches!(t.kind, TypeKind::Union(ref m) if m.len() == 2));
}

// ---- expressions ------------------------------------------------------------

#[test]
fn precedence() {
    assert_eq!(show(&var_expr("1 + 2 * 3")), "(1 Add (2 Mul 3))");
    assert_eq!(show(&var_expr("1 - 2 - 3")), "((1 Sub 2) Sub 3)");
    assert_eq!(
        show(&var_expr("a || b && c == d")),
        "(a Or (b And (c Eq d)))"
    );
    assert_eq!(show(&var_expr("a ?? b || c")), "(a Coalesce (b Or c))");
    assert_eq!(show(&var_expr("a < b == c >= d")), "((a Lt b) Eq (c Ge d))");
    assert_eq!(
        show(&var_expr("!a && -b < 3 % 2")),
        "((Not a) And ((Neg b) Lt (3 Mod 2)))"
    );
    assert_eq!(
        show(&var_expr("a ? b : c ? d : e")),
        "(a ? b : (c ? d : e))"
    );
    assert_eq!(
        show(&var_expr("a ?? b ? c : d")),
        "((a Coalesce b) ? c : d)"
    );
    assert_eq!(
        show(&var_expr("x =~ 'A' && y !~ 'b'")),
        "((x EqI \"A\") And (y NotEqI \"b\"))"
    );
    assert_eq!(show(&var_expr("(1 + 2) * 3")), "([(1 Add 2)] Mul 3)");
}

#[test]
fn postfix_forms() {
    assert_eq!(
        show(&var_expr("a.b.?c[0][?'k']!.d")),
        "a.b.?c[0][?\"k\"]!.d"
    );
    assert_eq!(show(&var_expr("sys.concat(a, b)")), "sys.concat(a, b)");
    assert_eq!(
        show(&var_expr("sa.listKeys().keys[0].value")),
        "sa.listKeys().keys[0].value"
    );
    assert_eq!(
        show(&var_expr("acct.properties.primaryEndpoints.blob")),
        "acct.properties.primaryEndpoints.blob"
    );
    assert_eq!(show(&var_expr("!x!")), "(Not x!)");
    assert_eq!(show(&var_expr("f(\n  a,\n  b\n)")), "f(a, b)");
}

#[test]
fn lambdas() {
    assert_eq!(
        show(&var_expr("map(xs, x => x.id)")),
        "map(xs, ((x) => x.id))"
    );
    assert_eq!(
        show(&var_expr("reduce(xs, 0, (cur, next) => cur + next)")),
        "reduce(xs, 0, ((cur, next) => (cur Add next)))"
    );
    assert_eq!(
        show(&var_expr("sort(xs, (a, b) => a < b)")),
        "sort(xs, ((a, b) => (a Lt b)))"
    );
    // A parenthesised expression is not mistaken for a lambda.
    assert_eq!(show(&var_expr("(a) + 1")), "([a] Add 1)");
}

#[test]
fn multiline_ternary() {
    let e = var_expr("cond\n  ? {\n      a: 1\n    }\n  : null");
    assert!(matches!(e.kind, ExprKind::Ternary { .. }));
    let f = ok("var o = {\n  a: x != null\n    ? x\n    : 'd'\n  b: 2\n}\n");
    let StatementKind::Var { value, .. } = &only(&f).kind else {
        panic!()
    };
    assert_eq!(obj_props(value).len(), 2);
}

#[test]
fn strings_escapes_and_interpolation() {
    let e = var_expr(r"'it\'s \\ \n\r\t \$ \u{1F600}'");
    let ExprKind::String(s) = &e.kind else {
        panic!()
    };
    assert_eq!(s.as_plain().as_deref(), Some("it's \\ \n\r\t $ \u{1F600}"));
    let e = var_expr("'a${b}c${'${d}e'}'");
    let ExprKind::String(s) = &e.kind else {
        panic!()
    };
    assert_eq!(s.parts.len(), 4);
    assert!(
        matches!(&s.parts[3], StringPart::Interp(Expr { kind: ExprKind::String(inner), .. }) if inner.parts.len() == 2)
    );
    let e = var_expr("'''\nline1 ${notInterp} \\n\nline2'''");
    let ExprKind::String(s) = &e.kind else {
        panic!()
    };
    assert!(s.multiline);
    assert_eq!(
        s.as_plain().as_deref(),
        Some("line1 ${notInterp} \\n\nline2")
    );
    assert_eq!(show(&var_expr("'${{a: 1}.a}'")), "\"<interp>\"");
}

#[test]
fn arrays_and_objects_with_commas_newlines_spread() {
    let e = var_expr("{ a: 1, b: 2 }");
    assert_eq!(obj_props(&e).len(), 2);
    let e = var_expr("[1, 2, 3]");
    assert!(matches!(e.kind, ExprKind::Array(ref i) if i.len() == 3));
    let e = var_expr("[\n  1\n  2, 3\n]");
    assert!(matches!(e.kind, ExprKind::Array(ref i) if i.len() == 3));
    let e = var_expr("{\n  ...base\n  a: 1\n  ...(cond ? { b: 2 } : {})\n}");
    let ExprKind::Object(o) = &e.kind else {
        panic!()
    };
    assert_eq!(o.members.len(), 3);
    assert!(matches!(o.members[0], ObjectMember::Spread { .. }));
    let e = var_expr("[...a, ...b, 1]");
    assert!(matches!(e.kind, ExprKind::Array(ref i) if matches!(i[0], ArrayItem::Spread { .. })));
    let e = var_expr("{\n  @description('d')\n  a: 1\n}");
    assert_eq!(obj_props(&e)[0].decorators.len(), 1);
}

#[test]
fn for_expressions() {
    let e = var_expr("[for (x, i) in xs: {\n  name: x\n  index: i\n}]");
    let ExprKind::For(f) = &e.kind else { panic!() };
    assert!(f.index.is_some());
    let e = var_expr("[for i in range(0, 3): i * 2]");
    assert!(matches!(e.kind, ExprKind::For(_)));
    let e = var_expr("union([for x in xs: x], [])");
    assert_eq!(show(&e), "union(for, array0)");
}

#[test]
fn comments_everywhere() {
    let f = ok(
        "// header\nparam a string /* trailing */ = 'x' // end\n/* block\n   comment */\nvar b = {\n  // inside\n  c: 1 // after\n  /* before */ d: 2\n}\n",
    );
    assert_eq!(f.statements.len(), 2);
}

#[test]
fn spans_and_line_col() {
    let src = "var a = 1\nvar ü = 'é'\n";
    let (_, errs) = parse_bicep(src);
    assert!(!errs.is_empty()); // `ü` is not a valid identifier character
    let text = "ab\nçd\n";
    assert_eq!(lc(text, 0), (1, 1));
    assert_eq!(lc(text, 3), (2, 1));
    assert_eq!(lc(text, 5), (2, 2)); // after the two-byte `ç`
    assert_eq!(lc(text, 999), (3, 1));
    assert_eq!(lc(text, 1), (1, 2));
}

// ---- errors and recovery ----------------------------------------------------

#[test]
fn recovery_keeps_later_statements() {
    let src = "param a string\nvar broken = (1 +\n  garbage here\nresource r 'T@1' = {\n  name: 'x'\n}\noutput o string = r.name\n";
    let (f, errs) = parse_bicep(src);
    assert!(!errs.is_empty());
    let kinds: Vec<_> = f
        .statements
        .iter()
        .map(|s| std::mem::discriminant(&s.kind))
        .collect();
    assert_eq!(kinds.len(), 4, "{:#?}", f.statements);
    assert!(matches!(f.statements[1].kind, StatementKind::Error));
    assert!(matches!(f.statements[2].kind, StatementKind::Resource(_)));
    assert!(matches!(f.statements[3].kind, StatementKind::Output { .. }));
}

#[test]
fn recovery_inside_objects_keeps_other_properties() {
    let src = "resource r 'T@1' = {\n  name: 'x'\n  bad: 'x' 'y'\n  : nokey\n  properties: {\n    a: 1 2\n    b: [\n      1\n    ]\n  }\n  location: 'l'\n}\nresource unclosed 'T@1' = {\n  name: {\nparam after string\n";
    let (f, errs) = parse_bicep(src);
    assert!(errs.len() >= 2, "{errs:?}");
    let StatementKind::Resource(r) = &f.statements[0].kind else {
        panic!("{:#?}", f.statements)
    };
    let Body::Object(o) = &r.body else { panic!() };
    let keys: Vec<_> = o
        .members
        .iter()
        .filter_map(|m| match m {
            ObjectMember::Property(p) => p.key.name(),
            _ => None,
        })
        .collect();
    // `bad` keeps its well-formed prefix; the stray tokens after it are skipped.
    assert_eq!(keys, vec!["name", "bad", "properties", "location"]);
    // The unclosed object gives up at the unindented `param`, which still parses.
    assert!(matches!(f.statements[1].kind, StatementKind::Error));
    assert!(matches!(f.statements[2].kind, StatementKind::Param { .. }));
}

#[test]
fn error_messages_point_at_tokens() {
    let src = "param a string = \n";
    let errs = has_errors(src);
    assert_eq!(errs[0].message, "expected an expression, found end of line");
    let errs = has_errors("var x = 'unterminated\nvar y = 1\n");
    assert!(errs.iter().any(|e| e.message.contains("unterminated")));
    has_errors("resource r 'T@1' = {\n  name: 'x' extra: 1\n}\n");
    has_errors("foo bar\n");
    has_errors("var x = 1 2\n");
}

#[test]
fn depth_limit_reports_instead_of_overflowing() {
    // A 2 MB thread (Rust's default for spawned threads) shows the limit, not luck,
    // protects us; `examples/stackprobe.rs` measures ≤1.5 MB debug, ≤0.5 MB release.
    let handle = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(|| {
            let cases: &[(&str, &str, &str)] = &[
                ("var x = ", "(", ")"),
                ("var x = ", "[", "]"),
                ("var x = ", "{a:", "}"),
                ("var x = ", "!", ""),
                ("var x = ", "-", ""),
                ("var x = ", "'${", "}'"),
                ("var x = ", "a ? ", " : b"),
                ("var x = ", "[for x in xs: ", "]"),
                ("var x = ", "f(x => ", ")"),
                ("var x = ", "a[", "]"),
                ("", "resource r 'T' = {\n", "\n}"),
                ("type t = ", "{a: ", "}"),
                ("type t = ", "(", ")"),
                ("type t = ", "[", "]"),
                ("param p ", "resourceInput<", ">"),
            ];
            for (head, open, close) in cases {
                let deep = 20_000;
                let src = format!("{head}{}1{}\n", open.repeat(deep), close.repeat(deep));
                let (_, errs) = parse_bicep(&src);
                assert!(
                    errs.iter().any(|e| e.message.contains("nesting deeper")),
                    "{open}: {:?}",
                    errs.first()
                );
            }
            // Exactly at the limit still parses (each paren is one level plus the value).
            let n = (MAX_DEPTH as usize) - 1;
            let src = format!("var x = {}1{}\n", "(".repeat(n), ")".repeat(n));
            let (_, errs) = parse_bicep(&src);
            assert!(errs.is_empty(), "{errs:?}");
        })
        .unwrap();
    handle.join().unwrap();
}

const SAMPLES: &[&str] = &[
    include_str!("testdata/sample1.bicep"),
    include_str!("testdata/sample2.bicep"),
];

#[test]
fn samples_parse_cleanly() {
    for s in SAMPLES {
        ok(s);
    }
}

#[test]
fn every_prefix_terminates_without_panic() {
    for s in SAMPLES {
        let mut cut = 0;
        while cut <= s.len() {
            if s.is_char_boundary(cut) {
                let _ = parse_bicep(&s[..cut]);
                let _ = parse_bicepparam(&s[..cut]);
            }
            cut += 1;
        }
    }
}

#[test]
fn random_bytes_terminate_without_panic() {
    // Small xorshift generator: deterministic, no dependency.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let alphabet = b"{}[]()'$:.?!=<>|&@,*/\\\n\r \tabcxyz019-+%#~";
    for round in 0..3000 {
        let len = (next() % 200) as usize;
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                let r = next();
                if round % 3 == 0 {
                    r as u8
                } else {
                    alphabet[(r as usize) % alphabet.len()]
                }
            })
            .collect();
        let text = String::from_utf8_lossy(&bytes);
        let (f, _) = parse_bicep(&text);
        for st in &f.statements {
            assert!(st.span.start <= st.span.end && st.span.end <= text.len());
        }
    }
    // Shuffled fragments of real code exercise deeper paths than pure noise.
    for s in SAMPLES {
        let lines: Vec<&str> = s.lines().collect();
        for _ in 0..300 {
            let mut text = String::new();
            for _ in 0..20 {
                let l = lines[(next() as usize) % lines.len()];
                text.push_str(l);
                text.push('\n');
            }
            let _ = parse_bicep(&text);
        }
    }
}

#[test]
fn crlf_and_bom_inputs() {
    for s in SAMPLES {
        let crlf = s.replace('\n', "\r\n");
        ok(&crlf);
        ok(&format!("\u{FEFF}{s}"));
    }
    let text = "a\r\nbc";
    assert_eq!(lc(text, 4), (2, 2));
}

#[test]
fn pragmas_are_kept_as_directives() {
    let src = "#disable-next-line no-unused-params\nparam a string\nvar b = {\n  #disable-next-line prefer-interpolation\n  c: concat('a', 'b')\n}\n";
    let f = ok(src);
    assert_eq!(f.directives.len(), 2);
    assert!(f.directives[0]
        .text(src)
        .starts_with("#disable-next-line no-unused"));
}
