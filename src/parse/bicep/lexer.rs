//! Tokeniser for Bicep source: turns text into a flat token list with byte spans.
//! Newlines are kept as tokens because Bicep uses them as separators; comments and
//! `#disable-next-line` style pragmas are trivia (pragmas are also reported separately).

use super::syntax::{Span, SyntaxError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Ident,
    Int,
    /// `'abc'` with no interpolation.
    StringComplete,
    /// `'abc${` — the first piece of an interpolated string.
    StringLeft,
    /// `}abc${` — a piece between two interpolations.
    StringMiddle,
    /// `}abc'` — the final piece of an interpolated string.
    StringRight,
    /// `'''...'''`
    MultilineString,
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    LParen,
    RParen,
    Comma,
    Dot,
    /// `.?` safe member access.
    DotQuestion,
    Colon,
    DoubleColon,
    Question,
    DoubleQuestion,
    At,
    Assign,
    Eq,
    NotEq,
    EqI,
    NotEqI,
    Lt,
    Le,
    Gt,
    Ge,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Bang,
    AndAnd,
    OrOr,
    Arrow,
    Ellipsis,
    Pipe,
    NewLine,
    /// A character that cannot start any token; already reported as an error.
    Unknown,
    Eof,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

/// Output of [`lex`]: tokens always end with exactly one `Eof`.
#[derive(Debug, Default)]
pub struct Lexed {
    pub tokens: Vec<Token>,
    pub errors: Vec<SyntaxError>,
    /// `#disable-next-line ...` / `#disable-diagnostics ...` lines, kept for suppressions.
    pub directives: Vec<Span>,
}

pub fn lex(src: &str) -> Lexed {
    let mut lx = Lexer {
        src,
        bytes: src.as_bytes(),
        pos: 0,
        // Real files average roughly one token per five bytes; sizing up front
        // avoids repeated regrowth of the largest allocation.
        out: Lexed {
            tokens: Vec::with_capacity(src.len() / 5 + 1),
            ..Lexed::default()
        },
        interp: Vec::new(),
    };
    lx.run();
    lx.out
}

struct Lexer<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    out: Lexed,
    /// One entry per open `${`: the count of `{` opened inside it, so we know which
    /// `}` resumes the string rather than closing an object.
    interp: Vec<u32>,
}

impl Lexer<'_> {
    fn peek_at(&self, off: usize) -> u8 {
        self.bytes.get(self.pos + off).copied().unwrap_or(0)
    }

    /// Byte length of the char at `at`, so positions stay on char boundaries.
    fn char_len_at(&self, at: usize) -> usize {
        self.src
            .get(at..)
            .and_then(|s| s.chars().next())
            .map_or(1, char::len_utf8)
    }

    fn push(&mut self, kind: TokenKind, start: usize) {
        self.out.tokens.push(Token {
            kind,
            span: Span::new(start, self.pos),
        });
    }

    fn error(&mut self, msg: impl Into<String>, start: usize, end: usize) {
        self.out.errors.push(SyntaxError {
            message: msg.into(),
            span: Span::new(start, end),
        });
    }

    fn run(&mut self) {
        // A UTF-8 byte order mark is editor noise, not content.
        if self.bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
            self.pos = 3;
        }
        while self.pos < self.bytes.len() {
            self.next_token();
        }
        let end = self.bytes.len();
        self.out.tokens.push(Token {
            kind: TokenKind::Eof,
            span: Span::new(end, end),
        });
    }

    fn next_token(&mut self) {
        use TokenKind as K;
        let start = self.pos;
        let c = self.peek_at(0);
        match c {
            b' ' | b'\t' => {
                while matches!(self.peek_at(0), b' ' | b'\t') {
                    self.pos += 1;
                }
            }
            b'\r' if self.peek_at(1) == b'\n' => {
                self.pos += 2;
                self.push(K::NewLine, start);
            }
            b'\n' | b'\r' => {
                self.pos += 1;
                self.push(K::NewLine, start);
            }
            b'/' if self.peek_at(1) == b'/' => self.skip_line(),
            b'/' if self.peek_at(1) == b'*' => self.block_comment(),
            b'#' => {
                self.skip_line();
                self.out.directives.push(Span::new(start, self.pos));
            }
            b'\'' => {
                if self.peek_at(1) == b'\'' && self.peek_at(2) == b'\'' {
                    self.multiline_string();
                } else {
                    self.pos += 1;
                    self.string_body(start, true);
                }
            }
            b'}' if self.interp.last() == Some(&0) => {
                self.interp.pop();
                self.pos += 1;
                self.string_body(start, false);
            }
            b'0'..=b'9' => {
                while self.peek_at(0).is_ascii_digit() {
                    self.pos += 1;
                }
                self.push(K::Int, start);
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                while matches!(self.peek_at(0), b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_') {
                    self.pos += 1;
                }
                self.push(K::Ident, start);
            }
            _ => self.punct(start, c),
        }
    }

    fn punct(&mut self, start: usize, c: u8) {
        use TokenKind as K;
        let n = self.peek_at(1);
        let (kind, len) = match (c, n) {
            (b'{', _) => {
                if let Some(top) = self.interp.last_mut() {
                    *top += 1;
                }
                (K::LBrace, 1)
            }
            (b'}', _) => {
                if let Some(top) = self.interp.last_mut() {
                    *top = top.saturating_sub(1);
                }
                (K::RBrace, 1)
            }
            (b'[', _) => (K::LBracket, 1),
            (b']', _) => (K::RBracket, 1),
            (b'(', _) => (K::LParen, 1),
            (b')', _) => (K::RParen, 1),
            (b',', _) => (K::Comma, 1),
            (b'.', b'.') if self.peek_at(2) == b'.' => (K::Ellipsis, 3),
            (b'.', b'?') => (K::DotQuestion, 2),
            (b'.', _) => (K::Dot, 1),
            (b':', b':') => (K::DoubleColon, 2),
            (b':', _) => (K::Colon, 1),
            (b'?', b'?') => (K::DoubleQuestion, 2),
            (b'?', _) => (K::Question, 1),
            (b'@', _) => (K::At, 1),
            (b'=', b'=') => (K::Eq, 2),
            (b'=', b'~') => (K::EqI, 2),
            (b'=', b'>') => (K::Arrow, 2),
            (b'=', _) => (K::Assign, 1),
            (b'!', b'=') => (K::NotEq, 2),
            (b'!', b'~') => (K::NotEqI, 2),
            (b'!', _) => (K::Bang, 1),
            (b'<', b'=') => (K::Le, 2),
            (b'<', _) => (K::Lt, 1),
            (b'>', b'=') => (K::Ge, 2),
            (b'>', _) => (K::Gt, 1),
            (b'+', _) => (K::Plus, 1),
            (b'-', _) => (K::Minus, 1),
            (b'*', _) => (K::Star, 1),
            (b'/', _) => (K::Slash, 1),
            (b'%', _) => (K::Percent, 1),
            (b'&', b'&') => (K::AndAnd, 2),
            (b'|', b'|') => (K::OrOr, 2),
            (b'|', _) => (K::Pipe, 1),
            _ => {
                // Advance by a whole character so later slicing stays on char boundaries.
                self.pos += self.char_len_at(start);
                let shown = self.src.get(start..self.pos).unwrap_or("?");
                self.error(format!("unexpected character '{shown}'"), start, self.pos);
                self.push(K::Unknown, start);
                return;
            }
        };
        self.pos += len;
        self.push(kind, start);
    }

    fn skip_line(&mut self) {
        while !matches!(self.bytes.get(self.pos), None | Some(b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn block_comment(&mut self) {
        let start = self.pos;
        self.pos += 2;
        loop {
            if self.pos >= self.bytes.len() {
                self.error("unterminated block comment", start, self.pos);
                return;
            }
            if self.peek_at(0) == b'*' && self.peek_at(1) == b'/' {
                self.pos += 2;
                return;
            }
            self.pos += 1;
        }
    }

    fn multiline_string(&mut self) {
        let start = self.pos;
        self.pos += 3;
        loop {
            if self.pos >= self.bytes.len() {
                self.error("unterminated multi-line string", start, self.pos);
                break;
            }
            if self
                .bytes
                .get(self.pos..)
                .is_some_and(|r| r.starts_with(b"'''"))
            {
                self.pos += 3;
                // Bicep lets extra quotes before the terminator belong to the content.
                while self.peek_at(0) == b'\'' {
                    self.pos += 1;
                }
                break;
            }
            self.pos += 1;
        }
        self.push(TokenKind::MultilineString, start);
    }

    /// Scans string content after an opening `'` (`first`) or after the `}` that
    /// closes an interpolation, up to the closing `'` or the next `${`.
    fn string_body(&mut self, start: usize, first: bool) {
        use TokenKind as K;
        loop {
            match self.peek_at(0) {
                b'\'' => {
                    self.pos += 1;
                    self.push(
                        if first {
                            K::StringComplete
                        } else {
                            K::StringRight
                        },
                        start,
                    );
                    return;
                }
                b'$' if self.peek_at(1) == b'{' => {
                    self.pos += 2;
                    self.interp.push(0);
                    self.push(
                        if first {
                            K::StringLeft
                        } else {
                            K::StringMiddle
                        },
                        start,
                    );
                    return;
                }
                b'\\' => {
                    let esc_start = self.pos;
                    self.pos += 1;
                    match self.peek_at(0) {
                        b'\\' | b'\'' | b'n' | b'r' | b't' | b'$' => self.pos += 1,
                        b'u' if self.peek_at(1) == b'{' => {
                            self.pos += 2;
                            while self.peek_at(0).is_ascii_hexdigit() {
                                self.pos += 1;
                            }
                            if self.peek_at(0) == b'}' {
                                self.pos += 1;
                            } else {
                                self.error("malformed \\u{...} escape", esc_start, self.pos);
                            }
                        }
                        b'\n' | b'\r' | 0 => {
                            self.error("invalid escape at end of line", esc_start, self.pos);
                        }
                        _ => {
                            self.pos += self.char_len_at(self.pos);
                            self.error("invalid escape sequence", esc_start, self.pos);
                        }
                    }
                }
                b'\n' | b'\r' => break,
                0 if self.pos >= self.bytes.len() => break,
                _ => self.pos += 1,
            }
        }
        // Unterminated: stop at the line end so the next line still lexes normally.
        self.error("unterminated string", start, self.pos);
        self.push(
            if first {
                K::StringComplete
            } else {
                K::StringRight
            },
            start,
        );
    }
}

/// Decodes the escapes of a single-quoted string piece (without its delimiters).
/// Invalid escapes were reported by the lexer; here they decode leniently.
pub fn unescape(raw: &str) -> String {
    if !raw.contains('\\') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let rest = chars.as_str();
                let body = rest.strip_prefix('{').and_then(|r| r.split_once('}'));
                match body.and_then(|(hex, tail)| {
                    u32::from_str_radix(hex, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .map(|ch| (ch, tail))
                }) {
                    Some((ch, tail)) => {
                        out.push(ch);
                        chars = tail.chars();
                    }
                    None => out.push('u'),
                }
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<TokenKind> {
        lex(src).tokens.iter().map(|t| t.kind).collect()
    }

    #[test]
    fn interpolation_pieces() {
        use TokenKind as K;
        assert_eq!(
            kinds("'a${b}c${ {x: 1}.x }d'"),
            vec![
                K::StringLeft,
                K::Ident,
                K::StringMiddle,
                K::LBrace,
                K::Ident,
                K::Colon,
                K::Int,
                K::RBrace,
                K::Dot,
                K::Ident,
                K::StringRight,
                K::Eof
            ]
        );
    }

    #[test]
    fn nested_interpolation() {
        use TokenKind as K;
        assert_eq!(
            kinds("'${'${x}'}'"),
            vec![
                K::StringLeft,
                K::StringLeft,
                K::Ident,
                K::StringRight,
                K::StringRight,
                K::Eof
            ]
        );
    }

    #[test]
    fn escapes_decode() {
        assert_eq!(unescape(r"a\'b\\c\n\t\$\u{41}"), "a'b\\c\n\t$A");
        assert!(lex(r"'\q'").errors.len() == 1);
    }

    #[test]
    fn comments_and_pragmas_are_trivia() {
        use TokenKind as K;
        let l = lex("a // x\n/* y\n z */ b\n#disable-next-line foo\nc");
        let k: Vec<_> = l.tokens.iter().map(|t| t.kind).collect();
        assert_eq!(
            k,
            vec![
                K::Ident,
                K::NewLine,
                K::Ident,
                K::NewLine,
                K::NewLine,
                K::Ident,
                K::Eof
            ]
        );
        assert_eq!(l.directives.len(), 1);
    }

    #[test]
    fn multiline_string_is_raw() {
        let l = lex("'''a ${b} \\n\n'c'''");
        assert_eq!(l.tokens[0].kind, TokenKind::MultilineString);
        assert_eq!(l.tokens.len(), 2);
        assert!(l.errors.is_empty());
    }
}
