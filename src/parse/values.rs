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
}
