//! Recursive-descent parser for Bicep statements (declarations, decorators, bodies)
//! plus the shared token cursor and error recovery. Expressions and types live in
//! `expr.rs`; both extend the same [`Parser`].

use super::lexer::{self, Token, TokenKind as K};
use super::syntax::*;

/// Deeper nesting than this is reported instead of parsed, so hostile input
/// cannot overflow the stack.
pub const MAX_DEPTH: u32 = 256;

/// Marker that an error was already recorded and the current statement is abandoned.
#[derive(Debug)]
pub struct Fail;

pub type PResult<T> = Result<T, Fail>;

const STATEMENT_KEYWORDS: &[&str] = &[
    "targetScope",
    "metadata",
    "param",
    "var",
    "resource",
    "module",
    "output",
    "import",
    "extension",
    "provider",
    "func",
    "type",
    "assert",
    "using",
    "extends",
];

pub struct Parser<'a> {
    pub(crate) src: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    pub(crate) errors: Vec<SyntaxError>,
    depth: u32,
    /// End of the last consumed non-newline token, for node spans.
    prev_end: usize,
    /// Tokens that error recovery may still re-parse by rewinding.
    rewind_budget: usize,
}

/// Parses a `.bicep` file. Never panics; syntax errors are returned alongside a
/// best-effort AST in which failed statements appear as [`StatementKind::Error`].
pub fn parse_bicep(src: &str) -> (File, Vec<SyntaxError>) {
    parse(src, FileKind::Bicep)
}

/// Parses a `.bicepparam` file (`using`, `extends`, `param x = ...`, ...).
pub fn parse_bicepparam(src: &str) -> (File, Vec<SyntaxError>) {
    parse(src, FileKind::BicepParam)
}

/// Picks the file kind from the path's extension (`.bicepparam` or anything else).
pub fn parse_path_text(path: &str, src: &str) -> (File, Vec<SyntaxError>) {
    if path.ends_with(".bicepparam") {
        parse_bicepparam(src)
    } else {
        parse_bicep(src)
    }
}

fn parse(src: &str, kind: FileKind) -> (File, Vec<SyntaxError>) {
    let lexed = lexer::lex(src);
    let mut p = Parser {
        src,
        rewind_budget: lexed.tokens.len(),
        tokens: lexed.tokens,
        pos: 0,
        errors: lexed.errors,
        depth: 0,
        prev_end: 0,
    };
    let statements = p.parse_statements();
    let mut errors = p.errors;
    errors.sort_by_key(|e| (e.span.start, e.span.end));
    let file = File {
        kind,
        statements,
        directives: lexed.directives,
        span: Span::new(0, src.len()),
    };
    (file, errors)
}

impl<'a> Parser<'a> {
    // ---- token cursor -------------------------------------------------------

    pub(crate) fn tok(&self) -> Token {
        self.nth(0)
    }

    pub(crate) fn nth(&self, n: usize) -> Token {
        let last = self.tokens.len().saturating_sub(1);
        self.tokens
            .get((self.pos + n).min(last))
            .copied()
            .unwrap_or(Token {
                kind: K::Eof,
                span: Span::new(self.src.len(), self.src.len()),
            })
    }

    pub(crate) fn peek(&self) -> K {
        self.tok().kind
    }

    pub(crate) fn at(&self, kind: K) -> bool {
        self.peek() == kind
    }

    pub(crate) fn bump(&mut self) -> Token {
        let t = self.tok();
        if t.kind != K::Eof {
            self.pos += 1;
            if t.kind != K::NewLine {
                self.prev_end = t.span.end;
            }
        }
        t
    }

    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    pub(crate) fn prev_end(&self) -> usize {
        self.prev_end
    }

    pub(crate) fn eat(&mut self, kind: K) -> Option<Token> {
        if self.at(kind) {
            Some(self.bump())
        } else {
            None
        }
    }

    pub(crate) fn text(&self, t: Token) -> &'a str {
        t.span.text(self.src)
    }

    pub(crate) fn at_keyword(&self, kw: &str) -> bool {
        let t = self.tok();
        t.kind == K::Ident && self.text(t) == kw
    }

    pub(crate) fn skip_newlines(&mut self) {
        while self.at(K::NewLine) {
            self.bump();
        }
    }

    /// Kind of the first token after any newlines, without consuming anything; lets
    /// constructs such as `cond\n ? a\n : b` continue on the next line.
    pub(crate) fn peek_past_newlines(&self) -> K {
        let mut i = self.pos;
        while let Some(t) = self.tokens.get(i) {
            if t.kind != K::NewLine {
                return t.kind;
            }
            i += 1;
        }
        K::Eof
    }

    pub(crate) fn error_at(&mut self, span: Span, msg: impl Into<String>) -> Fail {
        self.errors.push(SyntaxError {
            message: msg.into(),
            span,
        });
        Fail
    }

    /// Records an error at the current token, naming what was found.
    pub(crate) fn fail(&mut self, expected: &str) -> Fail {
        let t = self.tok();
        let found = describe(t.kind, self.text(t));
        self.error_at(t.span, format!("expected {expected}, found {found}"))
    }

    pub(crate) fn expect(&mut self, kind: K, what: &str) -> PResult<Token> {
        match self.eat(kind) {
            Some(t) => Ok(t),
            None => Err(self.fail(what)),
        }
    }

    pub(crate) fn expect_ident(&mut self, what: &str) -> PResult<Ident> {
        if self.at(K::Ident) {
            let t = self.bump();
            Ok(Ident {
                name: self.text(t).to_string(),
                span: t.span,
            })
        } else {
            Err(self.fail(what))
        }
    }

    pub(crate) fn expect_keyword(&mut self, kw: &str) -> PResult<Token> {
        if self.at_keyword(kw) {
            Ok(self.bump())
        } else {
            Err(self.fail(&format!("'{kw}'")))
        }
    }

    pub(crate) fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            // Undo here so callers that recover locally keep an accurate count.
            self.depth -= 1;
            let span = self.tok().span;
            return Err(self.error_at(
                span,
                format!("nesting deeper than {MAX_DEPTH} levels is not supported"),
            ));
        }
        Ok(())
    }

    pub(crate) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Runs `f` one nesting level deeper; the level is released on success and on failure.
    pub(crate) fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        self.enter()?;
        let r = f(self);
        self.leave();
        r
    }

    // ---- statements ---------------------------------------------------------

    fn parse_statements(&mut self) -> Vec<Statement> {
        let mut out = Vec::new();
        loop {
            self.skip_newlines();
            if self.at(K::Eof) {
                break;
            }
            let start_pos = self.pos;
            let start = self.tok().span.start;
            self.depth = 0;
            match self.parse_statement() {
                Ok(stmt) => {
                    out.push(stmt);
                    if !matches!(self.peek(), K::NewLine | K::Eof) {
                        let _ = self.fail("a new line after the declaration");
                        let err_start = self.tok().span.start;
                        self.recover(start_pos);
                        out.push(Statement {
                            decorators: Vec::new(),
                            kind: StatementKind::Error,
                            span: Span::new(err_start, self.prev_end.max(err_start)),
                        });
                    }
                }
                Err(Fail) => {
                    // An unclosed bracket may have swallowed following declarations;
                    // an unindented declaration line inside the failed text is the
                    // best place to resume, so rewind to it.
                    // Re-parsing is budgeted to one extra pass over the file so crafted
                    // input cannot make recovery quadratic.
                    match self.unindented_statement_between(start_pos + 1, self.pos) {
                        Some(i) if self.pos - i <= self.rewind_budget => {
                            self.rewind_budget -= self.pos - i;
                            self.rewind_to(i);
                        }
                        _ => self.recover(start_pos),
                    }
                    out.push(Statement {
                        decorators: Vec::new(),
                        kind: StatementKind::Error,
                        span: Span::new(start, self.prev_end.max(start)),
                    });
                }
            }
        }
        out
    }

    /// Skips to the next line that starts with a declaration keyword or decorator,
    /// always consuming at least one token so garbage cannot stall the loop.
    fn recover(&mut self, start_pos: usize) {
        if self.pos == start_pos {
            self.bump();
        }
        loop {
            match self.peek() {
                K::Eof => return,
                K::NewLine if self.line_starts_statement() => return,
                _ => {
                    self.bump();
                }
            }
        }
    }

    fn unindented_statement_between(&self, from: usize, to: usize) -> Option<usize> {
        (from..to.min(self.tokens.len())).find(|&i| self.unindented_statement_at(i))
    }

    fn rewind_to(&mut self, i: usize) {
        self.pos = i;
        self.prev_end = self
            .tokens
            .get(..i)
            .unwrap_or(&[])
            .iter()
            .rev()
            .find(|t| t.kind != K::NewLine)
            .map_or(0, |t| t.span.end);
    }

    /// At a newline whose next line starts, unindented, with a declaration: the
    /// signal that an unclosed object or bracket has run into the next statement.
    pub(crate) fn newline_before_unindented_statement(&self) -> bool {
        self.unindented_statement_at(self.pos)
    }

    fn unindented_statement_at(&self, i: usize) -> bool {
        let Some(t) = self.tokens.get(i) else {
            return false;
        };
        let Some(next) = self.tokens.get(i + 1) else {
            return false;
        };
        let at = next.span.start;
        let col1 = at == 0 || matches!(self.src.as_bytes().get(at - 1), Some(b'\n' | b'\r'));
        t.kind == K::NewLine && col1 && self.starts_statement_at(i + 1)
    }

    fn line_starts_statement(&self) -> bool {
        self.starts_statement_at(self.pos + 1)
    }

    /// Token `i` begins a declaration: a decorator, or a keyword not used as a key.
    fn starts_statement_at(&self, i: usize) -> bool {
        let Some(first) = self.tokens.get(i) else {
            return false;
        };
        match first.kind {
            K::At => true,
            K::Ident => {
                let after = self.tokens.get(i + 1).map_or(K::Eof, |t| t.kind);
                STATEMENT_KEYWORDS.contains(&self.text(*first))
                    && !matches!(after, K::Colon | K::NewLine | K::Eof)
            }
            _ => false,
        }
    }

    pub(crate) fn parse_decorators(&mut self) -> PResult<Vec<Decorator>> {
        let mut out = Vec::new();
        while self.at(K::At) {
            out.push(self.parse_decorator()?);
            self.skip_newlines();
        }
        Ok(out)
    }

    fn parse_decorator(&mut self) -> PResult<Decorator> {
        let at = self.bump();
        let first = self.expect_ident("a decorator name")?;
        let (namespace, name) = if self.eat(K::Dot).is_some() {
            (Some(first), self.expect_ident("a decorator name")?)
        } else {
            (None, first)
        };
        if !self.at(K::LParen) {
            return Err(self.fail("'(' after the decorator name"));
        }
        let args = self.parse_call_args()?;
        Ok(Decorator {
            namespace,
            name,
            args,
            span: Span::new(at.span.start, self.prev_end),
        })
    }

    pub(crate) fn parse_statement(&mut self) -> PResult<Statement> {
        let decorators = self.parse_decorators()?;
        if !self.at(K::Ident) {
            return Err(self.fail("a declaration"));
        }
        let kw_tok = self.tok();
        let kw = self.text(kw_tok);
        let start = kw_tok.span.start;
        if !STATEMENT_KEYWORDS.contains(&kw) {
            return Err(self.fail("a declaration keyword"));
        }
        self.bump();
        let kind = match kw {
            "targetScope" => {
                self.expect(K::Assign, "'='")?;
                StatementKind::TargetScope(self.parse_value()?)
            }
            "metadata" => {
                let name = self.expect_ident("a metadata name")?;
                self.expect(K::Assign, "'='")?;
                StatementKind::Metadata {
                    name,
                    value: self.parse_value()?,
                }
            }
            "param" => {
                let name = self.expect_ident("a parameter name")?;
                let ty = if self.at(K::Assign) {
                    None
                } else {
                    Some(self.parse_type()?)
                };
                let default = if self.eat(K::Assign).is_some() {
                    Some(self.parse_value()?)
                } else {
                    None
                };
                StatementKind::Param { name, ty, default }
            }
            "var" => {
                let name = self.expect_ident("a variable name")?;
                let ty = if self.at(K::Assign) {
                    None
                } else {
                    Some(self.parse_type()?)
                };
                self.expect(K::Assign, "'='")?;
                StatementKind::Var {
                    name,
                    ty,
                    value: self.parse_value()?,
                }
            }
            "resource" => StatementKind::Resource(self.parse_resource_rest(start)?),
            "module" => {
                let name = self.expect_ident("a module name")?;
                let path = self.parse_string_token("a module path string")?;
                let eq = self.expect(K::Assign, "'='")?;
                let header_span = Span::new(start, eq.span.end);
                StatementKind::Module(ModuleDecl {
                    name,
                    path,
                    header_span,
                    body: self.parse_body()?,
                })
            }
            "output" => {
                let name = self.expect_ident("an output name")?;
                let ty = self.parse_type()?;
                self.expect(K::Assign, "'='")?;
                StatementKind::Output {
                    name,
                    ty,
                    value: self.parse_value()?,
                }
            }
            "import" => StatementKind::Import(self.parse_import()?),
            "extension" | "provider" => {
                let target = if self.at(K::Ident) {
                    ExtensionTarget::Ident(self.expect_ident("an extension name")?)
                } else {
                    ExtensionTarget::String(self.parse_string_token("an extension name")?)
                };
                let with = self.parse_with()?;
                let alias = self.parse_alias()?;
                StatementKind::Extension(ExtensionDecl {
                    legacy_provider: kw == "provider",
                    target,
                    with,
                    alias,
                })
            }
            "func" => StatementKind::Func(self.parse_func()?),
            "type" => {
                let name = self.expect_ident("a type name")?;
                self.expect(K::Assign, "'='")?;
                self.skip_newlines();
                StatementKind::Type {
                    name,
                    value: self.parse_type()?,
                }
            }
            "assert" => {
                let name = self.expect_ident("an assertion name")?;
                self.expect(K::Assign, "'='")?;
                StatementKind::Assert {
                    name,
                    value: self.parse_value()?,
                }
            }
            "using" => {
                let target = if self.at_keyword("none") {
                    self.bump();
                    None
                } else {
                    Some(self.parse_string_token("a template path or 'none'")?)
                };
                StatementKind::Using {
                    target,
                    with: self.parse_with()?,
                }
            }
            // Only "extends" is left in STATEMENT_KEYWORDS.
            _ => StatementKind::Extends(self.parse_string_token("a parameter file path")?),
        };
        Ok(Statement {
            decorators,
            kind,
            span: Span::new(start, self.prev_end),
        })
    }

    /// Right-hand side of `=`; Bicep allows the value to start on the same line only.
    fn parse_value(&mut self) -> PResult<Expr> {
        self.parse_expr()
    }

    /// After the `resource` keyword; shared by top-level and nested resources.
    pub(crate) fn parse_resource_rest(&mut self, start: usize) -> PResult<ResourceDecl> {
        let name = self.expect_ident("a resource symbolic name")?;
        let type_string = self.parse_string_token("a resource type string")?;
        let existing = if self.at_keyword("existing") {
            self.bump();
            true
        } else {
            false
        };
        let eq = self.expect(K::Assign, "'='")?;
        let header_span = Span::new(start, eq.span.end);
        Ok(ResourceDecl {
            name,
            type_string,
            existing,
            header_span,
            body: self.parse_body()?,
        })
    }

    fn parse_body(&mut self) -> PResult<Body> {
        if self.at_keyword("if") {
            return Ok(Body::If(self.parse_if_body()?));
        }
        let e = self.parse_expr()?;
        Ok(match e.kind {
            ExprKind::Object(o) => Body::Object(o),
            ExprKind::For(f) => Body::For(*f),
            _ => Body::Other(e),
        })
    }

    /// `if (cond) body`, in resource/module bodies and in loop bodies.
    pub(crate) fn parse_if_body(&mut self) -> PResult<IfBody> {
        let kw = self.bump();
        self.expect(K::LParen, "'(' after 'if'")?;
        self.skip_newlines();
        let condition = self.parse_expr()?;
        self.skip_newlines();
        self.expect(K::RParen, "')'")?;
        let body = self.parse_expr()?;
        Ok(IfBody {
            condition,
            span: Span::new(kw.span.start, body.span.end),
            body: Box::new(body),
        })
    }

    fn parse_with(&mut self) -> PResult<Option<Expr>> {
        if self.at_keyword("with") {
            self.bump();
            Ok(Some(self.parse_expr()?))
        } else {
            Ok(None)
        }
    }

    fn parse_alias(&mut self) -> PResult<Option<Ident>> {
        if self.at_keyword("as") {
            self.bump();
            Ok(Some(self.expect_ident("an alias name")?))
        } else {
            Ok(None)
        }
    }

    fn parse_import(&mut self) -> PResult<ImportDecl> {
        if self.eat(K::Star).is_some() {
            self.expect_keyword("as")?;
            let alias = self.expect_ident("a namespace name")?;
            self.expect_keyword("from")?;
            let from = self.parse_string_token("an import path string")?;
            return Ok(ImportDecl::Wildcard { alias, from });
        }
        if self.at(K::LBrace) {
            let items = self.parse_import_items()?;
            self.expect_keyword("from")?;
            let from = self.parse_string_token("an import path string")?;
            return Ok(ImportDecl::Named { items, from });
        }
        let spec = self.parse_string_token("'{', '*' or a provider string")?;
        let with = self.parse_with()?;
        let alias = self.parse_alias()?;
        Ok(ImportDecl::Provider { spec, with, alias })
    }

    fn parse_import_items(&mut self) -> PResult<Vec<ImportItem>> {
        self.bump();
        let mut items = Vec::new();
        loop {
            self.skip_separators();
            if self.eat(K::RBrace).is_some() {
                return Ok(items);
            }
            let start = self.tok().span.start;
            let name = if self.at(K::Ident) {
                ImportName::Ident(self.expect_ident("an imported name")?)
            } else {
                ImportName::String(self.parse_string_token("an imported name")?)
            };
            let alias = self.parse_alias()?;
            items.push(ImportItem {
                name,
                alias,
                span: Span::new(start, self.prev_end),
            });
            self.expect_separator("'}'", K::RBrace)?;
        }
    }

    fn parse_func(&mut self) -> PResult<FuncDecl> {
        let name = self.expect_ident("a function name")?;
        self.expect(K::LParen, "'('")?;
        let mut params = Vec::new();
        loop {
            self.skip_newlines();
            if self.eat(K::RParen).is_some() {
                break;
            }
            let pname = self.expect_ident("a parameter name")?;
            let ty = self.parse_type()?;
            params.push(FuncParam {
                span: pname.span.to(ty.span),
                name: pname,
                ty,
            });
            self.skip_newlines();
            if self.eat(K::Comma).is_none() && !self.at(K::RParen) {
                return Err(self.fail("',' or ')'"));
            }
        }
        let return_type = self.parse_type()?;
        self.expect(K::Arrow, "'=>'")?;
        self.skip_newlines();
        let body = self.parse_expr()?;
        Ok(FuncDecl {
            name,
            params,
            return_type,
            body,
        })
    }

    /// Skips newlines and commas between items of `{}`/`[]` lists; both separate items.
    pub(crate) fn skip_separators(&mut self) {
        while matches!(self.peek(), K::NewLine | K::Comma) {
            self.bump();
        }
    }

    /// After a list item: a newline, a comma or the closing token must follow.
    pub(crate) fn expect_separator(&mut self, close_desc: &str, close: K) -> PResult<()> {
        if matches!(self.peek(), K::NewLine | K::Comma) || self.at(close) {
            Ok(())
        } else {
            Err(self.fail(&format!("a new line, ',' or {close_desc}")))
        }
    }
}

fn describe(kind: K, text: &str) -> String {
    match kind {
        K::Eof => "end of file".to_string(),
        K::NewLine => "end of line".to_string(),
        _ => {
            let shown: String = text.chars().take(40).collect();
            format!("'{shown}'")
        }
    }
}
