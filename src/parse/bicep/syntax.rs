//! AST for Bicep and Bicep parameter files. Every node carries a byte [`Span`] into
//! the original text so later passes can point findings at the exact construct;
//! decorators are stored beside the node they decorate, never inside its value.

/// Half-open byte range `start..end` into the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// Smallest span covering both; used to build parent spans from children.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// Source text of the span; empty when the span does not fit the text.
    pub fn text(self, src: &str) -> &str {
        src.get(self.start..self.end).unwrap_or("")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Bicep,
    BicepParam,
}

#[derive(Debug, Clone, PartialEq)]
pub struct File {
    pub kind: FileKind,
    pub statements: Vec<Statement>,
    /// `#disable-next-line` / `#disable-diagnostics` pragma lines.
    pub directives: Vec<Span>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Decorator {
    /// `sys` in `@sys.description(...)`.
    pub namespace: Option<Ident>,
    pub name: Ident,
    pub args: Vec<Expr>,
    /// From `@` to the closing `)`.
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub decorators: Vec<Decorator>,
    pub kind: StatementKind,
    /// Declaration only, from its keyword to its last token; decorators excluded.
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StatementKind {
    TargetScope(Expr),
    Metadata {
        name: Ident,
        value: Expr,
    },
    /// `ty` is `None` in `.bicepparam` assignments (`param x = 1`).
    Param {
        name: Ident,
        ty: Option<TypeExpr>,
        default: Option<Expr>,
    },
    Var {
        name: Ident,
        ty: Option<TypeExpr>,
        value: Expr,
    },
    Resource(ResourceDecl),
    Module(ModuleDecl),
    Output {
        name: Ident,
        ty: TypeExpr,
        value: Expr,
    },
    Import(ImportDecl),
    /// `extension` or legacy `provider`.
    Extension(ExtensionDecl),
    Func(FuncDecl),
    Type {
        name: Ident,
        value: TypeExpr,
    },
    Assert {
        name: Ident,
        value: Expr,
    },
    /// `using 'main.bicep'`; `target` is `None` for `using none`.
    Using {
        target: Option<StringLit>,
        with: Option<Expr>,
    },
    Extends(StringLit),
    /// A statement that failed to parse; the span covers the skipped text.
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResourceDecl {
    pub name: Ident,
    /// `'Microsoft.Storage/storageAccounts@2023-01-01'` or, when nested, a short
    /// child name such as `'blobServices'`.
    pub type_string: StringLit,
    pub existing: bool,
    /// From the `resource` keyword to the `=`.
    pub header_span: Span,
    pub body: Body,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ModuleDecl {
    pub name: Ident,
    pub path: StringLit,
    /// From the `module` keyword to the `=`.
    pub header_span: Span,
    pub body: Body,
}

/// The value of a resource or module: plain, conditional or looped.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Object(ObjectExpr),
    If(IfBody),
    For(ForExpr),
    /// Anything else after `=`; not valid Bicep but kept for tolerance.
    Other(Expr),
}

#[derive(Debug, Clone, PartialEq)]
pub struct IfBody {
    pub condition: Expr,
    pub body: Box<Expr>,
    /// From `if` to the end of the body.
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ForExpr {
    pub item: Option<Ident>,
    pub index: Option<Ident>,
    pub iterable: Box<Expr>,
    pub body: ForBody,
    /// From `[` to `]`.
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ForBody {
    Expr(Box<Expr>),
    If(IfBody),
}

#[derive(Debug, Clone, PartialEq)]
pub enum ImportDecl {
    /// Legacy `import 'az@1.0.0' [with {...}] [as alias]`.
    Provider {
        spec: StringLit,
        with: Option<Expr>,
        alias: Option<Ident>,
    },
    /// `import {a, b as c} from 'path'`.
    Named {
        items: Vec<ImportItem>,
        from: StringLit,
    },
    /// `import * as ns from 'path'`.
    Wildcard { alias: Ident, from: StringLit },
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImportItem {
    pub name: ImportName,
    pub alias: Option<Ident>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ImportName {
    Ident(Ident),
    String(StringLit),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExtensionDecl {
    /// True for the legacy `provider` keyword.
    pub legacy_provider: bool,
    pub target: ExtensionTarget,
    pub with: Option<Expr>,
    pub alias: Option<Ident>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExtensionTarget {
    Ident(Ident),
    String(StringLit),
}

#[derive(Debug, Clone, PartialEq)]
pub struct FuncDecl {
    pub name: Ident,
    pub params: Vec<FuncParam>,
    pub return_type: TypeExpr,
    pub body: Expr,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FuncParam {
    pub name: Ident,
    pub ty: TypeExpr,
    pub span: Span,
}

/// A string literal split into literal text and interpolated expressions.
#[derive(Debug, Clone, PartialEq)]
pub struct StringLit {
    pub parts: Vec<StringPart>,
    pub multiline: bool,
    /// Including the quotes.
    pub span: Span,
}

impl StringLit {
    /// The decoded value when the string has no interpolation.
    pub fn as_plain(&self) -> Option<String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                StringPart::Text(t) => out.push_str(t),
                StringPart::Interp(_) => return None,
            }
        }
        Some(out)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum StringPart {
    /// Decoded text (escapes resolved).
    Text(String),
    Interp(Expr),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Neg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Mul,
    Div,
    Mod,
    Add,
    Sub,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    NotEq,
    EqI,
    NotEqI,
    And,
    Or,
    Coalesce,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// Saturates at `u64::MAX` on overflow (the overflow is reported as an error).
    Int(u64),
    Bool(bool),
    Null,
    String(StringLit),
    /// A variable, parameter, resource symbol or other named reference.
    Ident(Ident),
    Array(Vec<ArrayItem>),
    Object(ObjectExpr),
    /// `base.name`; `safe` for `base.?name`.
    Member {
        base: Box<Expr>,
        name: Ident,
        safe: bool,
    },
    /// `base[index]`; `safe` for `base[?index]`.
    Index {
        base: Box<Expr>,
        index: Box<Expr>,
        safe: bool,
    },
    /// `parent::child`.
    ResourceAccess {
        base: Box<Expr>,
        name: Ident,
    },
    /// `f(x)` when `base` is `None`; `ns.f(x)` / `res.listKeys()` otherwise.
    Call {
        base: Option<Box<Expr>>,
        name: Ident,
        args: Vec<Expr>,
    },
    /// Postfix `x!`.
    NonNull(Box<Expr>),
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    Binary {
        op: BinaryOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    Ternary {
        cond: Box<Expr>,
        then: Box<Expr>,
        otherwise: Box<Expr>,
    },
    Lambda {
        params: Vec<Ident>,
        body: Box<Expr>,
    },
    Paren(Box<Expr>),
    For(Box<ForExpr>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum ArrayItem {
    Expr(Expr),
    Spread { expr: Expr, span: Span },
}

#[derive(Debug, Clone, PartialEq)]
pub struct ObjectExpr {
    pub members: Vec<ObjectMember>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ObjectMember {
    Property(Property),
    Spread {
        expr: Expr,
        span: Span,
    },
    /// A nested `resource child 'type' = {...}` inside a resource body.
    Resource(Box<Statement>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    pub decorators: Vec<Decorator>,
    pub key: ObjectKey,
    pub value: Expr,
    /// From key to the end of the value; decorators excluded.
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ObjectKey {
    pub kind: KeyKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum KeyKind {
    Ident(String),
    String(StringLit),
    /// `*` in object types (additional properties).
    Wildcard,
}

impl ObjectKey {
    /// The key's name when it is statically known.
    pub fn name(&self) -> Option<String> {
        match &self.kind {
            KeyKind::Ident(s) => Some(s.clone()),
            KeyKind::String(s) => s.as_plain(),
            KeyKind::Wildcard => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeExpr {
    pub kind: TypeKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// `string`, `myType`.
    Name(Ident),
    /// `ns.type`, `myType.prop`, `resourceInput<...>.properties`.
    Member {
        base: Box<TypeExpr>,
        name: Ident,
    },
    /// `T[*]` (items / additional properties) when `index` is `None`, `T[0]` otherwise.
    Index {
        base: Box<TypeExpr>,
        index: Option<u64>,
    },
    /// `T[]`.
    Array(Box<TypeExpr>),
    /// `T?`.
    Nullable(Box<TypeExpr>),
    Union(Vec<TypeExpr>),
    /// `'a'`, `1`, `-1`, `true`, `null`.
    Literal(Box<Expr>),
    Object(Vec<TypeProperty>),
    Tuple(Vec<TupleItem>),
    /// `resourceInput<'T@v'>`, `resourceOutput<...>`, `resource<...>`.
    Generic {
        name: Ident,
        args: Vec<TypeExpr>,
    },
    /// `resource 'T@v'` in params and outputs.
    Resource(StringLit),
    Paren(Box<TypeExpr>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeProperty {
    pub decorators: Vec<Decorator>,
    pub key: ObjectKey,
    pub ty: TypeExpr,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TupleItem {
    pub decorators: Vec<Decorator>,
    pub ty: TypeExpr,
}
