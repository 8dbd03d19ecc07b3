//! Values as the Terraform evaluator and its functions share them: why an expression has no value
//! ([`Fail`]), conversions between JSON and Terraform's primitive types, numbers, and the JSON that
//! `jsonencode` writes.

use hcl_edit::Number;
use serde_json::Value;

use crate::parse::values::is_unknown;

/// Why an expression has no value: it depends on something unknown, or Terraform would reject it
/// (a missing attribute, a type error), which `try` and `can` tell apart.
#[derive(Debug, Clone, PartialEq)]
pub enum Fail {
    Unknown,
    Error,
}

type Eval = Result<Value, Fail>;

/// `Err(Unknown)` for an unknown value, so that `?` stops at it.
pub fn known(v: Value) -> Eval {
    if is_unknown(&v) {
        Err(Fail::Unknown)
    } else {
        Ok(v)
    }
}

/// The (key, value) pairs a `for` iterates: indices of a list, keys of an object.
pub fn entries(collection: &Value) -> Result<Vec<(Value, Value)>, Fail> {
    match collection {
        Value::Array(items) => Ok(items
            .iter()
            .enumerate()
            .map(|(i, v)| (Value::from(i), v.clone()))
            .collect()),
        Value::Object(map) => Ok(map
            .iter()
            .map(|(k, v)| (Value::String(k.clone()), v.clone()))
            .collect()),
        _ => Err(Fail::Error),
    }
}

/// A primitive as Terraform converts it to a string; collections cannot be.
pub fn to_text(v: &Value) -> Result<String, Fail> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(number_text(n)),
        Value::Bool(b) => Ok(b.to_string()),
        _ => Err(Fail::Error),
    }
}

fn number_text(n: &serde_json::Number) -> String {
    let mut out = String::new();
    write_terraform_json(&Value::Number(n.clone()), &mut out);
    out
}

pub fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s == "true" => Some(true),
        Value::String(s) if s == "false" => Some(false),
        _ => None,
    }
}

/// An HCL number as JSON. hcl-edit already stores integral values as integers, so `1.0` is `1`.
pub fn number(n: &Number) -> Value {
    if let Some(u) = n.as_u64() {
        Value::from(u)
    } else if let Some(i) = n.as_i64() {
        Value::from(i)
    } else {
        float(n.as_f64().unwrap_or(0.0))
    }
}

/// A float as JSON, integral values as integers (Terraform numbers have one type).
pub fn float(f: f64) -> Value {
    if f.fract() == 0.0 && f.abs() < 9.0e15 {
        return Value::from(f as i64);
    }
    serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)
}

pub fn negate(n: &serde_json::Number) -> Value {
    let negated = if let Some(i) = n.as_i64() {
        i.checked_neg().map(Value::from)
    } else {
        None
    };
    negated.unwrap_or_else(|| float(-n.as_f64().unwrap_or(0.0)))
}

/// Compact JSON as Terraform's `jsonencode` writes it: object keys sorted, integers without a
/// fraction, and Go's escaping of `<`, `>`, `&`, U+2028 and U+2029.
pub fn write_terraform_json(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write_number(n, out),
        Value::String(s) => write_go_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_terraform_json(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_go_string(key, out);
                out.push(':');
                write_terraform_json(item, out);
            }
            out.push('}');
        }
    }
}

/// Terraform prints numbers in plain decimal notation, never with an exponent.
fn write_number(n: &serde_json::Number, out: &mut String) {
    if n.is_i64() || n.is_u64() {
        out.push_str(&n.to_string());
    } else {
        // Rust's `Display` for f64 is the shortest round-trip decimal without an exponent, and
        // prints integral values without `.0`, as Go's `big.Float.Text('f', -1)` does.
        out.push_str(&n.as_f64().unwrap_or(0.0).to_string());
    }
}

fn write_go_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}
