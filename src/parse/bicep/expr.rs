//! Expression and type-expression parsing for the Bicep [`Parser`]: precedence
//! climbing for operators, objects/arrays with newline-or-comma separators,
//! interpolated strings, loops, lambdas and the type sub-language.

use super::lexer::{unescape, TokenKind as K};
use super::parser::{PResult, Parser};
use super::syntax::*;

fn binary_op(kind: K) -> Option<(BinaryOp, u8)> {
    // Higher binds tighter; mirrors Bicep's documented operator precedence.
    Some(match kind {
        K::Star => (BinaryOp::Mul, 7),
        K::Slash => (BinaryOp::Div, 7),
        K::Percent => (BinaryOp::Mod, 7),
        K::Plus => (BinaryOp::Add, 6),
        K::Minus => (BinaryOp::Sub, 6),
        K::Lt => (BinaryOp::Lt, 5),
        K::Le => (BinaryOp::Le, 5),
        K::Gt => (BinaryOp::Gt, 5),
        K::Ge => (BinaryOp::Ge, 5),
        K::Eq => (BinaryOp::Eq, 4),
        K::NotEq => (BinaryOp::NotEq, 4),
        K::EqI => (BinaryOp::EqI, 4),
        K::NotEqI => (BinaryOp::NotEqI, 4),
        K::AndAnd => (BinaryOp::And, 3),
        K::OrOr => (BinaryOp::Or, 2),
        K::DoubleQuestion => (BinaryOp::Coalesce, 1),
        _ => return None,
    })
}

fn boxed(e: Expr) -> Box<Expr> {
    Box::new(e)
}

impl Parser<'_> {
    pub(crate) fn parse_expr(&mut self) -> PResult<Expr> {
        self.enter()?;
        let r = self.parse_ternary();
        self.leave();
        r
    }

    fn parse_ternary(&mut self) -> PResult<Expr> {
        if let Some(lambda) = self.try_lambda()? {
            return Ok(lambda);
        }
        let cond = self.parse_binary(0)?;
        // The formatter puts `?` and `:` at the start of continuation lines.
        if self.peek_past_newlines() != K::Question {
            return Ok(cond);
        }
        self.finish_ternary(cond)
    }

    // Separate functions keep the frames on the recursive path small, which matters
    // for unoptimised builds where every temporary gets its own stack slot.
    #[inline(never)]
    fn finish_ternary(&mut self, cond: Expr) -> PResult<Expr> {
        self.skip_newlines();
        self.bump();
        self.skip_newlines();
        let then = self.parse_expr()?;
        self.skip_newlines();
        self.expect(K::Colon, "':' in the conditional expression")?;
        self.skip_newlines();
        let otherwise = self.parse_expr()?;
        Ok(Expr {
            span: cond.span.to(otherwise.span),
            kind: ExprKind::Ternary {
                cond: boxed(cond),
                then: boxed(then),
                otherwise: boxed(otherwise),
            },
        })
    }

    /// Recognises `x => ...` and `(x, y) => ...` without backtracking: the
    /// parameter list may only hold identifiers, commas and newlines.
    fn try_lambda(&mut self) -> PResult<Option<Expr>> {
        let start = self.tok().span.start;
        if self.at(K::Ident) && self.nth(1).kind == K::Arrow {
            let param = self.expect_ident("a lambda parameter")?;
            return self.lambda_body(start, vec![param]).map(Some);
        }
        if !self.at(K::LParen) {
            return Ok(None);
        }
        let mut n = 1;
        while matches!(self.nth(n).kind, K::Ident | K::Comma | K::NewLine) {
            n += 1;
        }
        if self.nth(n).kind != K::RParen {
            return Ok(None);
        }
        n += 1;
        while self.nth(n).kind == K::NewLine {
            n += 1;
        }
        if self.nth(n).kind != K::Arrow {
            return Ok(None);
        }
        self.bump();
        let mut params = Vec::new();
        loop {
            self.skip_separators();
            if self.eat(K::RParen).is_some() {
                break;
            }
            params.push(self.expect_ident("a lambda parameter")?);
        }
        self.skip_newlines();
        self.lambda_body(start, params).map(Some)
    }

    fn lambda_body(&mut self, start: usize, params: Vec<Ident>) -> PResult<Expr> {
        self.expect(K::Arrow, "'=>'")?;
        self.skip_newlines();
        let body = self.parse_expr()?;
        Ok(Expr {
            span: Span::new(start, body.span.end),
            kind: ExprKind::Lambda {
                params,
                body: boxed(body),
            },
        })
    }

    fn parse_binary(&mut self, min_prec: u8) -> PResult<Expr> {
        let mut lhs = self.parse_unary()?;
        while let Some((op, prec)) = binary_op(self.peek()) {
            if prec < min_prec {
                break;
            }
            lhs = self.binary_rhs(lhs, op, prec)?;
        }
        Ok(lhs)
    }

    #[inline(never)]
    fn binary_rhs(&mut self, lhs: Expr, op: BinaryOp, prec: u8) -> PResult<Expr> {
        self.bump();
        self.skip_newlines();
        // Left associative: the right operand only takes tighter operators.
        let rhs = self.parse_binary(prec + 1)?;
        Ok(Expr {
            span: lhs.span.to(rhs.span),
            kind: ExprKind::Binary {
                op,
                lhs: boxed(lhs),
                rhs: boxed(rhs),
            },
        })
    }

    fn parse_unary(&mut self) -> PResult<Expr> {
        match self.peek() {
            K::Bang => self.unary_op(UnaryOp::Not),
            K::Minus => self.unary_op(UnaryOp::Neg),
            _ => {
                let primary = self.parse_primary()?;
                self.parse_postfix(primary)
            }
        }
    }

    #[inline(never)]
    fn unary_op(&mut self, op: UnaryOp) -> PResult<Expr> {
        let t = self.bump();
        self.enter()?;
        let operand = self.parse_unary();
        self.leave();
        let operand = operand?;
        Ok(Expr {
            span: t.span.to(operand.span),
            kind: ExprKind::Unary {
                op,
                operand: boxed(operand),
            },
        })
    }

    fn parse_postfix(&mut self, mut e: Expr) -> PResult<Expr> {
        loop {
            e = match self.peek() {
                K::Dot | K::DotQuestion => self.postfix_member(e)?,
                K::LBracket => self.postfix_index(e)?,
                K::DoubleColon => {
                    self.bump();
                    let name = self.expect_ident("a nested resource name")?;
                    self.wrap(
                        e.span.start,
                        |base| ExprKind::ResourceAccess { base, name },
                        e,
                    )
                }
                K::Bang => {
                    self.bump();
                    self.wrap(e.span.start, ExprKind::NonNull, e)
                }
                _ => return Ok(e),
            };
        }
    }

    /// Builds a postfix node around `base`, spanning from `start` to the last token.
    fn wrap(&self, start: usize, f: impl FnOnce(Box<Expr>) -> ExprKind, base: Expr) -> Expr {
        Expr {
            kind: f(boxed(base)),
            span: Span::new(start, self.prev_end()),
        }
    }

    #[inline(never)]
    fn postfix_member(&mut self, e: Expr) -> PResult<Expr> {
        let safe = self.bump().kind == K::DotQuestion;
        let name = self.expect_ident("a property name")?;
        let start = e.span.start;
        if !safe && self.at(K::LParen) {
            let args = self.parse_call_args()?;
            return Ok(self.wrap(
                start,
                |b| ExprKind::Call {
                    base: Some(b),
                    name,
                    args,
                },
                e,
            ));
        }
        Ok(self.wrap(start, |base| ExprKind::Member { base, name, safe }, e))
    }

    #[inline(never)]
    fn postfix_index(&mut self, e: Expr) -> PResult<Expr> {
        self.bump();
        let safe = self.eat(K::Question).is_some();
        self.skip_newlines();
        let index = boxed(self.parse_expr()?);
        self.skip_newlines();
        self.expect(K::RBracket, "']'")?;
        Ok(self.wrap(
            e.span.start,
            |base| ExprKind::Index { base, index, safe },
            e,
        ))
    }

    fn parse_primary(&mut self) -> PResult<Expr> {
        match self.peek() {
            K::Int => Ok(self.primary_int()),
            K::Ident => self.primary_ident(),
            K::StringComplete | K::StringLeft | K::MultilineString => {
                let s = self.parse_string_token("a string")?;
                Ok(Expr {
                    span: s.span,
                    kind: ExprKind::String(s),
                })
            }
            K::LBrace => {
                let o = self.parse_object()?;
                Ok(Expr {
                    span: o.span,
                    kind: ExprKind::Object(o),
                })
            }
            K::LBracket => self.parse_array(),
            K::LParen => self.primary_paren(),
            _ => Err(self.fail("an expression")),
        }
    }

    #[inline(never)]
    fn primary_int(&mut self) -> Expr {
        let t = self.bump();
        let v = match self.text(t).parse::<u64>() {
            Ok(v) => v,
            Err(_) => {
                self.error_at(t.span, "integer literal is too large");
                u64::MAX
            }
        };
        Expr {
            kind: ExprKind::Int(v),
            span: t.span,
        }
    }

    #[inline(never)]
    fn primary_ident(&mut self) -> PResult<Expr> {
        let t = self.tok();
        let literal = match self.text(t) {
            "true" => Some(ExprKind::Bool(true)),
            "false" => Some(ExprKind::Bool(false)),
            "null" => Some(ExprKind::Null),
            _ => None,
        };
        if let Some(kind) = literal {
            self.bump();
            return Ok(Expr { kind, span: t.span });
        }
        let name = self.expect_ident("an identifier")?;
        let kind = if self.at(K::LParen) {
            let args = self.parse_call_args()?;
            ExprKind::Call {
                base: None,
                name,
                args,
            }
        } else {
            ExprKind::Ident(name)
        };
        Ok(Expr {
            kind,
            span: Span::new(t.span.start, self.prev_end()),
        })
    }

    #[inline(never)]
    fn primary_paren(&mut self) -> PResult<Expr> {
        let open = self.bump();
        self.skip_newlines();
        let inner = self.parse_expr()?;
        self.skip_newlines();
        self.expect(K::RParen, "')'")?;
        Ok(Expr {
            kind: ExprKind::Paren(boxed(inner)),
            span: Span::new(open.span.start, self.prev_end()),
        })
    }

    /// `( args )` where newlines may appear anywhere between the parentheses.
    pub(crate) fn parse_call_args(&mut self) -> PResult<Vec<Expr>> {
        self.expect(K::LParen, "'('")?;
        let mut args = Vec::new();
        loop {
            self.skip_newlines();
            if self.eat(K::RParen).is_some() {
                return Ok(args);
            }
            args.push(self.parse_expr()?);
            self.skip_newlines();
            if self.eat(K::Comma).is_none() && !self.at(K::RParen) {
                return Err(self.fail("',' or ')' in the argument list"));
            }
        }
    }

    pub(crate) fn parse_object(&mut self) -> PResult<ObjectExpr> {
        let open = self.expect(K::LBrace, "'{'")?;
        let mut members = Vec::new();
        loop {
            self.skip_separators();
            if let Some(close) = self.eat(K::RBrace) {
                return Ok(ObjectExpr {
                    members,
                    span: open.span.to(close.span),
                });
            }
            if self.at(K::Eof) {
                return Err(self.fail("'}'"));
            }
            // A bad member costs only itself: keeping the rest of a resource body
            // lets later passes still check its other properties.
            let before = self.position();
            match self.parse_object_member() {
                Ok(m) => {
                    members.push(m);
                    if self.expect_separator("'}'", K::RBrace).is_err() {
                        self.skip_member(before)?;
                    }
                }
                Err(_) => self.skip_member(before)?,
            }
        }
    }

    /// Skips the rest of a broken object member: up to the next newline or `}` at
    /// the member's bracket depth. Gives up (so statement-level recovery takes over)
    /// at end of file or at an unindented line starting a new declaration.
    fn skip_member(&mut self, before: usize) -> PResult<()> {
        if self.position() == before {
            self.bump();
        }
        let mut depth = 0i32;
        loop {
            match self.peek() {
                K::Eof => return Err(super::parser::Fail),
                K::NewLine if self.newline_before_unindented_statement() => {
                    return Err(super::parser::Fail);
                }
                K::NewLine | K::RBrace if depth <= 0 => return Ok(()),
                K::LBrace | K::LBracket | K::LParen => depth += 1,
                K::RBrace | K::RBracket | K::RParen => depth -= 1,
                _ => {}
            }
            self.bump();
        }
    }

    fn parse_object_member(&mut self) -> PResult<ObjectMember> {
        let decorators = if self.at(K::At) {
            self.parse_decorators()?
        } else {
            Vec::new()
        };
        if self.at(K::Ellipsis) {
            return self.object_spread();
        }
        // `resource:` is an ordinary key; `resource name 'type'` is a child resource.
        if self.at_keyword("resource") && self.nth(1).kind == K::Ident {
            return self.nested_resource(decorators);
        }
        self.parse_property(decorators).map(ObjectMember::Property)
    }

    #[inline(never)]
    fn object_spread(&mut self) -> PResult<ObjectMember> {
        let dots = self.bump();
        let expr = self.parse_expr()?;
        Ok(ObjectMember::Spread {
            span: dots.span.to(expr.span),
            expr,
        })
    }

    #[inline(never)]
    fn nested_resource(&mut self, decorators: Vec<Decorator>) -> PResult<ObjectMember> {
        let start = self.bump().span.start;
        // Child resources, loops and object types have deep call chains, so they
        // count as two levels; this keeps the stack needed at MAX_DEPTH bounded.
        let decl = self.nested(|p| p.parse_resource_rest(start))?;
        Ok(ObjectMember::Resource(Box::new(Statement {
            decorators,
            kind: StatementKind::Resource(decl),
            span: Span::new(start, self.prev_end()),
        })))
    }

    #[inline(never)]
    fn parse_property(&mut self, decorators: Vec<Decorator>) -> PResult<Property> {
        let key = self.parse_key(false)?;
        self.expect(K::Colon, "':' after the property name")?;
        self.skip_newlines();
        let value = self.parse_expr()?;
        Ok(Property {
            decorators,
            span: key.span.to(value.span),
            key,
            value,
        })
    }

    fn parse_key(&mut self, allow_wildcard: bool) -> PResult<ObjectKey> {
        let t = self.tok();
        let kind = match t.kind {
            K::Ident => {
                self.bump();
                KeyKind::Ident(self.text(t).to_string())
            }
            K::StringComplete | K::StringLeft | K::MultilineString => {
                KeyKind::String(self.parse_string_token("a property name")?)
            }
            K::Star if allow_wildcard => {
                self.bump();
                KeyKind::Wildcard
            }
            _ => return Err(self.fail("a property name")),
        };
        Ok(ObjectKey {
            kind,
            span: Span::new(t.span.start, self.prev_end()),
        })
    }

    fn parse_array(&mut self) -> PResult<Expr> {
        let open = self.expect(K::LBracket, "'['")?;
        self.skip_newlines();
        if self.at_keyword("for") {
            return self.for_expr(open.span.start);
        }
        let mut items = Vec::new();
        loop {
            self.skip_separators();
            if let Some(close) = self.eat(K::RBracket) {
                return Ok(Expr {
                    kind: ExprKind::Array(items),
                    span: open.span.to(close.span),
                });
            }
            items.push(self.array_item()?);
            self.expect_separator("']'", K::RBracket)?;
        }
    }

    #[inline(never)]
    fn array_item(&mut self) -> PResult<ArrayItem> {
        if let Some(dots) = self.eat(K::Ellipsis) {
            let expr = self.parse_expr()?;
            return Ok(ArrayItem::Spread {
                span: dots.span.to(expr.span),
                expr,
            });
        }
        self.parse_expr().map(ArrayItem::Expr)
    }

    #[inline(never)]
    fn for_expr(&mut self, start: usize) -> PResult<Expr> {
        let f = self.nested(|p| p.parse_for_rest(start))?;
        Ok(Expr {
            span: f.span,
            kind: ExprKind::For(Box::new(f)),
        })
    }

    /// After `[`, at `for`: `for x in xs: body]`, `for (x, i) in xs: body]`.
    fn parse_for_rest(&mut self, start: usize) -> PResult<ForExpr> {
        self.bump();
        let (item, index) = if self.eat(K::LParen).is_some() {
            self.skip_newlines();
            let item = self.expect_ident("a loop item name")?;
            self.skip_newlines();
            let index = if self.eat(K::Comma).is_some() {
                self.skip_newlines();
                Some(self.expect_ident("a loop index name")?)
            } else {
                None
            };
            self.skip_newlines();
            self.expect(K::RParen, "')'")?;
            (Some(item), index)
        } else {
            (Some(self.expect_ident("a loop item name")?), None)
        };
        self.expect_keyword("in")?;
        let iterable = self.parse_expr()?;
        self.expect(K::Colon, "':' after the loop source")?;
        self.skip_newlines();
        let body = if self.at_keyword("if") {
            ForBody::If(self.parse_if_body()?)
        } else {
            ForBody::Expr(boxed(self.parse_expr()?))
        };
        self.skip_newlines();
        let close = self.expect(K::RBracket, "']' to close the loop")?;
        Ok(ForExpr {
            item,
            index,
            iterable: boxed(iterable),
            body,
            span: Span::new(start, close.span.end),
        })
    }

    /// Parses one string literal (plain, interpolated or multi-line).
    pub(crate) fn parse_string_token(&mut self, what: &str) -> PResult<StringLit> {
        let t = self.tok();
        match t.kind {
            K::StringComplete => {
                self.bump();
                let raw = self.text(t);
                let inner = raw.get(1..).unwrap_or("");
                let inner = inner.strip_suffix('\'').unwrap_or(inner);
                Ok(StringLit {
                    parts: vec![StringPart::Text(unescape(inner))],
                    multiline: false,
                    span: t.span,
                })
            }
            K::MultilineString => {
                self.bump();
                let raw = self.text(t);
                let inner = raw.get(3..).unwrap_or("");
                let inner = inner.strip_suffix("'''").unwrap_or(inner);
                // A newline right after the opening quotes is layout, not content.
                let inner = inner
                    .strip_prefix("\r\n")
                    .or_else(|| inner.strip_prefix('\n'))
                    .unwrap_or(inner);
                Ok(StringLit {
                    parts: vec![StringPart::Text(inner.to_string())],
                    multiline: true,
                    span: t.span,
                })
            }
            K::StringLeft => self.nested(|p| p.parse_interpolated()),
            _ => Err(self.fail(what)),
        }
    }

    fn parse_interpolated(&mut self) -> PResult<StringLit> {
        let first = self.bump();
        let mut parts = Vec::new();
        let piece = |raw: &str, parts: &mut Vec<StringPart>| {
            if !raw.is_empty() {
                parts.push(StringPart::Text(unescape(raw)));
            }
        };
        let raw = self.text(first);
        piece(
            raw.get(1..raw.len().saturating_sub(2)).unwrap_or(""),
            &mut parts,
        );
        loop {
            let e = self.parse_expr()?;
            parts.push(StringPart::Interp(e));
            let t = self.tok();
            let raw = self.text(t);
            match t.kind {
                K::StringMiddle => {
                    self.bump();
                    piece(
                        raw.get(1..raw.len().saturating_sub(2)).unwrap_or(""),
                        &mut parts,
                    );
                }
                K::StringRight => {
                    self.bump();
                    let inner = raw.get(1..).unwrap_or("");
                    piece(inner.strip_suffix('\'').unwrap_or(inner), &mut parts);
                    return Ok(StringLit {
                        parts,
                        multiline: false,
                        span: first.span.to(t.span),
                    });
                }
                _ => return Err(self.fail("'}' to close the interpolation")),
            }
        }
    }

    // ---- types --------------------------------------------------------------

    pub(crate) fn parse_type(&mut self) -> PResult<TypeExpr> {
        self.nested(|p| p.parse_union())
    }

    fn parse_union(&mut self) -> PResult<TypeExpr> {
        if self.at(K::NewLine) && self.peek_past_newlines() == K::Pipe {
            self.skip_newlines();
        }
        let start = self.tok().span.start;
        // The formatter writes long unions one `| member` per line, with a leading `|`.
        let leading = self.eat(K::Pipe).is_some();
        if leading {
            self.skip_newlines();
        }
        let first = self.parse_type_postfix()?;
        if !leading && self.peek_past_newlines() != K::Pipe {
            return Ok(first);
        }
        let mut members = vec![first];
        while self.peek_past_newlines() == K::Pipe {
            self.skip_newlines();
            self.bump();
            self.skip_newlines();
            members.push(self.parse_type_postfix()?);
        }
        Ok(TypeExpr {
            kind: TypeKind::Union(members),
            span: Span::new(start, self.prev_end()),
        })
    }

    fn parse_type_postfix(&mut self) -> PResult<TypeExpr> {
        let mut t = self.parse_type_primary()?;
        loop {
            let kind = match self.peek() {
                K::LBracket => {
                    self.bump();
                    if self.eat(K::RBracket).is_some() {
                        TypeKind::Array(Box::new(t))
                    } else {
                        let index = if self.eat(K::Star).is_some() {
                            None
                        } else {
                            let n = self.expect(K::Int, "']', '*' or an index")?;
                            Some(self.text(n).parse::<u64>().unwrap_or(u64::MAX))
                        };
                        self.expect(K::RBracket, "']'")?;
                        TypeKind::Index {
                            base: Box::new(t),
                            index,
                        }
                    }
                }
                K::Question => {
                    self.bump();
                    TypeKind::Nullable(Box::new(t))
                }
                K::Dot => {
                    self.bump();
                    let name = self.expect_ident("a type property name")?;
                    TypeKind::Member {
                        base: Box::new(t),
                        name,
                    }
                }
                _ => return Ok(t),
            };
            t = TypeExpr {
                span: Span::new(t_start(&kind), self.prev_end()),
                kind,
            };
        }
    }

    fn parse_type_primary(&mut self) -> PResult<TypeExpr> {
        let t = self.tok();
        let kind = match t.kind {
            K::Ident => match self.text(t) {
                "true" | "false" | "null" => TypeKind::Literal(boxed(self.parse_primary()?)),
                "resource" if matches!(self.nth(1).kind, K::StringComplete) => {
                    self.bump();
                    TypeKind::Resource(self.parse_string_token("a resource type string")?)
                }
                _ => {
                    let name = self.expect_ident("a type")?;
                    if self.eat(K::Lt).is_some() {
                        let mut args = Vec::new();
                        loop {
                            args.push(self.parse_type()?);
                            if self.eat(K::Comma).is_none() {
                                break;
                            }
                        }
                        self.expect(K::Gt, "'>'")?;
                        TypeKind::Generic { name, args }
                    } else {
                        TypeKind::Name(name)
                    }
                }
            },
            K::StringComplete | K::StringLeft | K::MultilineString | K::Int => {
                TypeKind::Literal(boxed(self.parse_primary()?))
            }
            K::Minus if self.nth(1).kind == K::Int => TypeKind::Literal(boxed(self.parse_unary()?)),
            K::LBrace => TypeKind::Object(self.nested(|p| p.parse_object_type())?),
            K::LBracket => TypeKind::Tuple(self.parse_tuple_type()?),
            K::LParen => {
                self.bump();
                self.skip_newlines();
                let inner = self.parse_type()?;
                self.skip_newlines();
                self.expect(K::RParen, "')'")?;
                TypeKind::Paren(Box::new(inner))
            }
            _ => return Err(self.fail("a type")),
        };
        Ok(TypeExpr {
            kind,
            span: Span::new(t.span.start, self.prev_end()),
        })
    }

    fn parse_object_type(&mut self) -> PResult<Vec<TypeProperty>> {
        self.bump();
        let mut props = Vec::new();
        loop {
            self.skip_separators();
            if self.eat(K::RBrace).is_some() {
                return Ok(props);
            }
            let decorators = self.parse_decorators()?;
            let key = self.parse_key(true)?;
            self.expect(K::Colon, "':' after the property name")?;
            self.skip_newlines();
            let ty = self.parse_type()?;
            props.push(TypeProperty {
                decorators,
                span: key.span.to(ty.span),
                key,
                ty,
            });
            self.expect_separator("'}'", K::RBrace)?;
        }
    }

    fn parse_tuple_type(&mut self) -> PResult<Vec<TupleItem>> {
        self.bump();
        let mut items = Vec::new();
        loop {
            self.skip_separators();
            if self.eat(K::RBracket).is_some() {
                return Ok(items);
            }
            let decorators = self.parse_decorators()?;
            let ty = self.parse_type()?;
            items.push(TupleItem { decorators, ty });
            self.expect_separator("']'", K::RBracket)?;
        }
    }
}

/// Start of a postfix type node: that of its base.
fn t_start(kind: &TypeKind) -> usize {
    match kind {
        TypeKind::Array(b) | TypeKind::Nullable(b) => b.span.start,
        TypeKind::Member { base, .. } | TypeKind::Index { base, .. } => base.span.start,
        _ => 0,
    }
}
