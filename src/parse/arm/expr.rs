//! ARM template expression syntax: function calls, `'string'` literals (`''` escapes a quote),
//! numbers, bare identifiers (languageVersion 2.0 symbolic names) and `.prop` / `[index]` accessors,
//! parsed into a small tree. Depth is capped so hostile input cannot exhaust the stack.

use std::ops::Range;

use serde_json::Number;

use crate::parse::json::MAX_DEPTH;

#[derive(Debug)]
pub struct Node {
    pub expr: Expr,
    /// Byte range in the expression text.
    pub span: Range<usize>,
}

#[derive(Debug)]
pub enum Expr {
    /// `name(args)`; a user-defined function's name is `namespace.name`.
    Call {
        name: String,
        args: Vec<Node>,
    },
    Str(String),
    Num(Number),
    Ident(String),
    /// `target.name`.
    Member(Box<Node>, String),
    /// `target[index]`.
    Index(Box<Node>, Box<Node>),
}

/// What a JSON string means in a template.
pub enum Str<'a> {
    Literal(&'a str),
    /// The text between the outer brackets.
    Expression(&'a str),
}

/// A string that starts with `[` and ends with `]` is an expression, unless it starts with `[[`,
/// which escapes a literal that starts with `[`.
pub fn classify(s: &str) -> Str<'_> {
    match s.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        Some(_) if s.starts_with("[[") => Str::Literal(&s[1..]),
        Some(inner) => Str::Expression(inner),
        None => Str::Literal(s),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(Number),
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
                let end = chars.peek().map_or(src.len(), |&(i, _)| i);
                Tok::Num(number(&src[start..end])?)
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

/// An integer literal as an integer, anything else with a point as a float.
fn number(text: &str) -> Option<Number> {
    if let Ok(i) = text.parse::<i64>() {
        return Some(Number::from(i));
    }
    text.parse::<f64>().ok().and_then(Number::from_f64)
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
                        (Tok::Ident(name), span) => Node {
                            expr: Expr::Member(Box::new(node), name),
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
            Tok::Num(n) => Expr::Num(n),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_calls_accessors_and_numbers() {
        let n = parse("concat('it''s', parameters('a')[0], -1.5, x.y)").unwrap();
        let Expr::Call { name, args } = &n.expr else {
            panic!("not a call: {n:?}");
        };
        assert_eq!(name, "concat");
        assert!(matches!(&args[0].expr, Expr::Str(s) if s == "it's"));
        assert!(matches!(&args[1].expr, Expr::Index(..)));
        assert!(matches!(&args[2].expr, Expr::Num(n) if n.as_f64() == Some(-1.5)));
        assert!(matches!(&args[3].expr, Expr::Member(_, m) if m == "y"));
        assert!(matches!(parse("7").unwrap().expr, Expr::Num(n) if n.as_i64() == Some(7)));
        let udf = parse("ns.fn(1)").unwrap();
        assert!(matches!(udf.expr, Expr::Call { ref name, .. } if name == "ns.fn"));
    }

    #[test]
    fn rejects_malformed() {
        for bad in ["concat(", "a b", "'x", "", "-", "f(1,)", "a.", "a[1"] {
            assert!(parse(bad).is_none(), "{bad}");
        }
    }
}
