//! The unknown-value convention shared by all parsers: a value ailint cannot know is
//! `{"$unknown": "<source text>", "$refs": [...]}`, where `$refs` names what the expression mentions so
//! that policies can still join resources. Policies never fire on an unknown.

use serde_json::{json, Value};

/// Key that marks an unknown value.
pub const UNKNOWN_KEY: &str = "$unknown";
/// Key that lists the references inside an unknown value.
pub const REFS_KEY: &str = "$refs";

/// An unknown value for `source` mentioning `refs` (deduplicated, order kept).
pub fn unknown(source: &str, refs: impl IntoIterator<Item = String>) -> Value {
    let mut seen: Vec<String> = Vec::new();
    for r in refs {
        if !seen.contains(&r) {
            seen.push(r);
        }
    }
    json!({ UNKNOWN_KEY: source.trim(), REFS_KEY: seen })
}

/// Whether `v` is an unknown value.
pub fn is_unknown(v: &Value) -> bool {
    v.as_object().is_some_and(|o| o.contains_key(UNKNOWN_KEY))
}

/// Whether `v` is, or holds anywhere inside it, an unknown value.
pub fn contains_unknown(v: &Value) -> bool {
    match v {
        _ if is_unknown(v) => true,
        Value::Array(items) => items.iter().any(contains_unknown),
        Value::Object(map) => map.values().any(contains_unknown),
        _ => false,
    }
}

/// The references of one unknown value (none for anything else).
pub fn refs_of(v: &Value) -> Vec<String> {
    v.get(REFS_KEY)
        .and_then(Value::as_array)
        .map(|refs| {
            refs.iter()
                .filter_map(|r| r.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// The references of every unknown anywhere inside `v`, in document order.
pub fn refs_within(v: &Value) -> Vec<String> {
    match v {
        _ if is_unknown(v) => refs_of(v),
        Value::Array(items) => items.iter().flat_map(refs_within).collect(),
        Value::Object(map) => map.values().flat_map(refs_within).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_dedups_refs() {
        let v = unknown(
            " var.a + var.a ",
            ["var.a".to_string(), "var.a".to_string()],
        );
        assert_eq!(v, json!({"$unknown": "var.a + var.a", "$refs": ["var.a"]}));
        assert!(is_unknown(&v));
        assert!(!is_unknown(&json!({"a": 1})));
    }

    #[test]
    fn unknowns_inside_values() {
        let u = |r: &str| json!({"$unknown": r, "$refs": [r]});
        let v = json!({"a": [1, u("var.a")], "b": {"c": u("local.b")}, "d": "x"});
        assert!(contains_unknown(&v));
        assert!(!contains_unknown(&json!({"a": [1, {"b": 2}]})));
        assert_eq!(refs_within(&v), ["var.a", "local.b"]);
        assert_eq!(refs_of(&json!("x")), Vec::<String>::new());
    }
}
