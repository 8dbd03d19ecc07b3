//! JSON with comments as the ARM, plan and `.tf.json` parsers read it: a depth-checked `jsonc-parser`
//! AST with byte ranges, located syntax errors, accessors, and the one conversion of that AST into a
//! value and its source children that all three share.

use jsonc_parser::ast::{Array, Object, ObjectPropName, Value as Ast};
use jsonc_parser::common::Range as AstRange;
use jsonc_parser::{parse_to_ast, CollectOptions, ParseOptions};

use serde_json::{Map, Number, Value};

use super::{ByteRange, Children, MapEntries, ParseError, SrcNode};

/// Deepest nesting of JSON arrays and objects accepted, and of calls and accessors in an expression.
pub const MAX_DEPTH: usize = 256;

/// Parses `src` (BOM already blanked) into an AST, after checking its depth.
pub fn parse(src: &str) -> Result<jsonc_parser::ParseResult<'_>, ParseError> {
    check_depth(src)?;
    let options = ParseOptions {
        // A missing comma is almost always a typo that ARM rejects: report it rather than guess.
        allow_missing_commas: false,
        ..ParseOptions::default()
    };
    parse_to_ast(src, &CollectOptions::default(), &options).map_err(|e| syntax_error(src, &e))
}

/// A [`ParseError`] from jsonc-parser's error: its message without the location (which its
/// `Display` appends and the report renders itself) at the range it reports.
pub fn syntax_error(src: &str, err: &jsonc_parser::errors::ParseError) -> ParseError {
    let r = err.range();
    let start = r.start.min(src.len());
    ParseError::new(
        format!("JSON syntax error: {}", err.kind()),
        start..r.end.clamp(start, src.len()),
    )
}

/// Rejects nesting deeper than [`MAX_DEPTH`] before parsing: the parser and the conversion below
/// recurse once per level, and a stack overflow would abort the whole run.
fn check_depth(src: &str) -> Result<(), ParseError> {
    let bytes = src.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            quote @ (b'"' | b'\'') => i = skip_string(bytes, i + 1, quote),
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = bytes[i..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |p| i + p);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = bytes[i + 2..]
                    .windows(2)
                    .position(|w| w == b"*/")
                    .map_or(bytes.len(), |p| i + 2 + p + 2);
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(ParseError::new(
                        format!("nesting deeper than {MAX_DEPTH} levels"),
                        i..i + 1,
                    ));
                }
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    Ok(())
}

/// The index just past the string that starts at `i` (after its opening `quote`).
fn skip_string(bytes: &[u8], mut i: usize, quote: u8) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == quote => return i + 1,
            // An unterminated string ends at the line end, as the scanner sees it.
            b'\n' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The value of property `name` of `obj`.
pub fn prop<'a, 'b>(obj: &'b Object<'a>, name: &str) -> Option<&'b Ast<'a>> {
    obj.properties
        .iter()
        .find(|p| p.name.as_str() == name)
        .map(|p| &p.value)
}

pub fn prop_name(name: &ObjectPropName) -> String {
    name.as_str().to_string()
}

pub fn name_range(name: &ObjectPropName) -> ByteRange {
    match name {
        ObjectPropName::String(s) => range(s.range),
        ObjectPropName::Word(w) => range(w.range),
    }
}

pub fn range(r: AstRange) -> ByteRange {
    r.start..r.end
}

pub fn value_range(v: &Ast) -> ByteRange {
    match v {
        Ast::StringLit(n) => range(n.range),
        Ast::NumberLit(n) => range(n.range),
        Ast::BooleanLit(n) => range(n.range),
        Ast::NullKeyword(n) => range(n.range),
        Ast::Object(n) => range(n.range),
        Ast::Array(n) => range(n.range),
    }
}

/// The properties of `obj` as JSON and as source nodes, each value converted by `convert`
/// (properties for which `keep` is false are left out). A duplicate key: the last one wins, in the
/// config and in the source map alike.
pub fn object_with(
    obj: &Object,
    keep: impl Fn(&str) -> bool,
    mut convert: impl FnMut(&Ast) -> (serde_json::Value, Children),
) -> (
    serde_json::Map<String, serde_json::Value>,
    Vec<(String, SrcNode)>,
) {
    let mut map = serde_json::Map::new();
    let mut entries = MapEntries::default();
    for p in &obj.properties {
        let key = prop_name(&p.name);
        if !keep(&key) {
            continue;
        }
        let (value, children) = convert(&p.value);
        let node = SrcNode {
            anchor: name_range(&p.name),
            full: range(p.range),
            children,
        };
        entries.set(key.clone(), node);
        map.insert(key, value);
    }
    (map, entries.into_list())
}

/// The elements of `arr` as a JSON array and as source nodes, each converted by `convert`. A
/// finding about an object item points at its opening `{`, not at the whole object.
pub fn array_with(
    arr: &Array,
    mut convert: impl FnMut(&Ast) -> (serde_json::Value, Children),
) -> (serde_json::Value, Children) {
    let mut values = Vec::with_capacity(arr.elements.len());
    let mut nodes = Vec::with_capacity(arr.elements.len());
    for item in &arr.elements {
        let (value, children) = convert(item);
        let full = value_range(item);
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
    (serde_json::Value::Array(values), Children::List(nodes))
}

/// A string as written: ARM expressions are evaluated later, a plan's values are the provider's.
pub fn plain_string(s: &str) -> Value {
    Value::String(s.to_string())
}

/// A JSON value and its source children, each string turned into a value by `string` (as written,
/// or evaluated as a `.tf.json` template); a list item that is an object is anchored at its `{`.
pub fn convert(v: &Ast, string: &dyn Fn(&str) -> Value) -> (Value, Children) {
    match v {
        Ast::Object(o) => {
            let (map, entries) = convert_object(o, |_| true, string);
            (Value::Object(map), Children::Map(entries))
        }
        Ast::Array(a) => array_with(a, |item| convert(item, string)),
        Ast::StringLit(s) => (string(&s.value), Children::Leaf),
        Ast::NumberLit(n) => (number_value(n.value), Children::Leaf),
        Ast::BooleanLit(b) => (Value::Bool(b.value), Children::Leaf),
        Ast::NullKeyword(_) => (Value::Null, Children::Leaf),
    }
}

/// The properties of `obj` for which `keep` holds, converted as [`convert`] does.
pub fn convert_object(
    obj: &Object,
    keep: impl Fn(&str) -> bool,
    string: &dyn Fn(&str) -> Value,
) -> (Map<String, Value>, Vec<(String, SrcNode)>) {
    object_with(obj, keep, |v| convert(v, string))
}

/// A number as JSON holds it. JSON5 numbers that JSON cannot hold (hex, `+1`, `.5`) are read as
/// their value when they have one, and anything else (`Infinity`) stays as its source text.
pub fn number_value(raw: &str) -> Value {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_json_cannot_hold() {
        assert_eq!(number_value("12"), json!(12));
        assert_eq!(number_value("0x1F"), json!(31));
        assert_eq!(number_value("-0x10"), json!(-16));
        assert_eq!(number_value("-2.5"), json!(-2.5));
        assert_eq!(number_value("1e400"), json!("1e400"));
        assert_eq!(number_value("Infinity"), json!("Infinity"));
    }
}
