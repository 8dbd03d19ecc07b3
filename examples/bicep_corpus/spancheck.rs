//! Span checks used by the corpus harness: every child span lies inside its parent,
//! siblings are ordered, and delimited nodes start/end with their delimiters.

use ailint::parse::bicep::*;

pub struct SpanCheck<'a> {
    pub src: &'a str,
    pub problems: Vec<String>,
    pub nodes: usize,
}

impl<'a> SpanCheck<'a> {
    pub fn new(src: &'a str) -> Self {
        SpanCheck {
            src,
            problems: Vec::new(),
            nodes: 0,
        }
    }

    fn node(&mut self, what: &str, s: Span, parent: Span) {
        self.nodes += 1;
        if s.start > s.end || s.end > self.src.len() || s.start < parent.start || s.end > parent.end
        {
            self.problems
                .push(format!("{what} span {s:?} outside parent {parent:?}"));
        }
    }

    fn delimited(&mut self, what: &str, s: Span, open: &str, close: &str) {
        let t = s.text(self.src);
        if !(t.starts_with(open) && t.ends_with(close)) {
            let shown: String = t.chars().take(60).collect();
            self.problems
                .push(format!("{what} span {s:?} not {open}..{close}: {shown:?}"));
        }
    }

    pub fn file(&mut self, f: &File) {
        let mut prev_end = 0;
        for st in &f.statements {
            if st.span.start < prev_end {
                self.problems
                    .push(format!("statement {:?} overlaps previous", st.span));
            }
            prev_end = st.span.end;
            self.statement(st, f.span);
        }
    }

    fn decorators(&mut self, ds: &[Decorator], parent: Span) {
        for d in ds {
            self.node("decorator", d.span, parent);
            self.delimited("decorator", d.span, "@", ")");
            for a in &d.args {
                self.expr(a, d.span);
            }
        }
    }

    fn statement(&mut self, st: &Statement, parent: Span) {
        self.node("statement", st.span, parent);
        self.decorators(&st.decorators, parent);
        let p = st.span;
        match &st.kind {
            StatementKind::TargetScope(e) => self.expr(e, p),
            StatementKind::Metadata { name, value } | StatementKind::Assert { name, value } => {
                self.node("name", name.span, p);
                self.expr(value, p);
            }
            StatementKind::Param { name, ty, default } => {
                self.node("name", name.span, p);
                if let Some(t) = ty {
                    self.ty(t, p);
                }
                if let Some(d) = default {
                    self.expr(d, p);
                }
            }
            StatementKind::Var { name, ty, value } => {
                self.node("name", name.span, p);
                if let Some(t) = ty {
                    self.ty(t, p);
                }
                self.expr(value, p);
            }
            StatementKind::Resource(r) => {
                self.node("header", r.header_span, p);
                self.node("type string", r.type_string.span, r.header_span);
                self.string(&r.type_string, p);
                self.body(&r.body, p);
            }
            StatementKind::Module(m) => {
                self.node("header", m.header_span, p);
                self.string(&m.path, m.header_span);
                self.body(&m.body, p);
            }
            StatementKind::Output { name, ty, value } => {
                self.node("name", name.span, p);
                self.ty(ty, p);
                self.expr(value, p);
            }
            StatementKind::Import(_) | StatementKind::Extension(_) | StatementKind::Error => {}
            StatementKind::Func(f) => {
                for a in &f.params {
                    self.node("func param", a.span, p);
                    self.ty(&a.ty, a.span);
                }
                self.ty(&f.return_type, p);
                self.expr(&f.body, p);
            }
            StatementKind::Type { name, value } => {
                self.node("name", name.span, p);
                self.ty(value, p);
            }
            StatementKind::Using { target, with } => {
                if let Some(t) = target {
                    self.string(t, p);
                }
                if let Some(w) = with {
                    self.expr(w, p);
                }
            }
            StatementKind::Extends(s) => self.string(s, p),
        }
    }

    fn body(&mut self, b: &Body, p: Span) {
        match b {
            Body::Object(o) => self.object(o, p),
            Body::If(i) => self.if_body(i, p),
            Body::For(f) => self.for_expr(f, p),
            Body::Other(e) => self.expr(e, p),
        }
    }

    fn if_body(&mut self, i: &IfBody, p: Span) {
        self.node("if", i.span, p);
        self.expr(&i.condition, i.span);
        self.expr(&i.body, i.span);
    }

    fn for_expr(&mut self, f: &ForExpr, p: Span) {
        self.node("for", f.span, p);
        self.delimited("for", f.span, "[", "]");
        self.expr(&f.iterable, f.span);
        match &f.body {
            ForBody::Expr(e) => self.expr(e, f.span),
            ForBody::If(i) => self.if_body(i, f.span),
        }
    }

    fn object(&mut self, o: &ObjectExpr, p: Span) {
        self.node("object", o.span, p);
        self.delimited("object", o.span, "{", "}");
        for m in &o.members {
            match m {
                ObjectMember::Property(pr) => {
                    self.decorators(&pr.decorators, o.span);
                    self.node("property", pr.span, o.span);
                    self.node("key", pr.key.span, pr.span);
                    self.expr(&pr.value, pr.span);
                    if pr.key.span.end > pr.value.span.start {
                        self.problems
                            .push(format!("key after value at {:?}", pr.span));
                    }
                }
                ObjectMember::Spread { expr, span } => {
                    self.node("spread", *span, o.span);
                    self.expr(expr, *span);
                }
                ObjectMember::Resource(st) => self.statement(st, o.span),
            }
        }
    }

    fn string(&mut self, s: &StringLit, p: Span) {
        self.node("string", s.span, p);
        self.delimited("string", s.span, "'", "'");
        for part in &s.parts {
            if let StringPart::Interp(e) = part {
                self.expr(e, s.span);
            }
        }
    }

    fn expr(&mut self, e: &Expr, p: Span) {
        self.node("expr", e.span, p);
        let s = e.span;
        match &e.kind {
            ExprKind::String(st) => self.string(st, p),
            ExprKind::Array(items) => {
                self.delimited("array", s, "[", "]");
                for i in items {
                    match i {
                        ArrayItem::Expr(x) => self.expr(x, s),
                        ArrayItem::Spread { expr, span } => {
                            self.node("spread", *span, s);
                            self.expr(expr, *span);
                        }
                    }
                }
            }
            ExprKind::Object(o) => self.object(o, p),
            ExprKind::Member { base, name, .. } | ExprKind::ResourceAccess { base, name } => {
                self.expr(base, s);
                self.node("member name", name.span, s);
                if name.span.end != s.end {
                    self.problems
                        .push(format!("member {s:?} does not end at its name"));
                }
            }
            ExprKind::Index { base, index, .. } => {
                self.expr(base, s);
                self.expr(index, s);
                self.delimited("index", s, "", "]");
            }
            ExprKind::Call { base, args, .. } => {
                if let Some(b) = base {
                    self.expr(b, s);
                }
                for a in args {
                    self.expr(a, s);
                }
                self.delimited("call", s, "", ")");
            }
            ExprKind::NonNull(b) => {
                self.expr(b, s);
                self.delimited("non-null", s, "", "!");
            }
            ExprKind::Unary { operand, .. } => self.expr(operand, s),
            ExprKind::Binary { lhs, rhs, .. } => {
                self.expr(lhs, s);
                self.expr(rhs, s);
            }
            ExprKind::Ternary {
                cond,
                then,
                otherwise,
            } => {
                self.expr(cond, s);
                self.expr(then, s);
                self.expr(otherwise, s);
            }
            ExprKind::Lambda { body, .. } => self.expr(body, s),
            ExprKind::Paren(b) => {
                self.delimited("paren", s, "(", ")");
                self.expr(b, s);
            }
            ExprKind::For(f) => self.for_expr(f, p),
            ExprKind::Int(_) | ExprKind::Bool(_) | ExprKind::Null | ExprKind::Ident(_) => {
                if s.start == s.end {
                    self.problems.push(format!("empty leaf at {s:?}"));
                }
            }
        }
    }

    fn ty(&mut self, t: &TypeExpr, p: Span) {
        self.node("type", t.span, p);
        let s = t.span;
        match &t.kind {
            TypeKind::Name(n) => self.node("type name", n.span, s),
            TypeKind::Member { base, name } => {
                self.ty(base, s);
                self.node("type member", name.span, s);
            }
            TypeKind::Index { base, .. } | TypeKind::Array(base) => {
                self.ty(base, s);
                self.delimited("type index", s, "", "]");
            }
            TypeKind::Nullable(b) => {
                self.ty(b, s);
                self.delimited("nullable", s, "", "?");
            }
            TypeKind::Union(ms) => {
                for m in ms {
                    self.ty(m, s);
                }
            }
            TypeKind::Literal(e) => self.expr(e, s),
            TypeKind::Object(props) => {
                self.delimited("object type", s, "{", "}");
                for pr in props {
                    self.decorators(&pr.decorators, s);
                    self.node("type property", pr.span, s);
                    self.ty(&pr.ty, pr.span);
                }
            }
            TypeKind::Tuple(items) => {
                self.delimited("tuple", s, "[", "]");
                for i in items {
                    self.decorators(&i.decorators, s);
                    self.ty(&i.ty, s);
                }
            }
            TypeKind::Generic { args, .. } => {
                for a in args {
                    self.ty(a, s);
                }
                self.delimited("generic", s, "", ">");
            }
            TypeKind::Resource(st) => self.string(st, s),
            TypeKind::Paren(b) => {
                self.delimited("paren type", s, "(", ")");
                self.ty(b, s);
            }
        }
    }
}
