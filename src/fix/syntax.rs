//! The syntax of a file a fix edits: whether a value written there is a literal (only literals
//! are replaced: an expression, a variable or an ARM function may feed other resources), and how
//! a JSON value from a rule is written in it (keys, scalars, nested objects at an indentation).

use serde_json::Value as Json;

/// The surface syntax of an editable file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// Terraform `.tf`.
    Hcl,
    /// ARM templates (`"[...]"` strings are expressions).
    ArmJson,
    /// Terraform `.tf.json` (`"${...}"` strings are expressions).
    TfJson,
    Yaml,
    Bicep,
}

impl Syntax {
    /// The separator between a key and its value.
    pub fn separator(self) -> &'static str {
        match self {
            Syntax::Hcl => " = ",
            Syntax::ArmJson | Syntax::TfJson | Syntax::Yaml | Syntax::Bicep => ": ",
        }
    }

    pub fn is_json(self) -> bool {
        matches!(self, Syntax::ArmJson | Syntax::TfJson)
    }

    /// Whether `text`, the source of a value, is a literal scalar of this syntax.
    pub fn is_literal(self, text: &str) -> bool {
        let text = text.trim();
        if text.is_empty() || text.contains('\n') || text.contains('\r') {
            return false;
        }
        match self {
            Syntax::Hcl => {
                is_word_literal(text)
                    || quoted(text, '"').is_some_and(|inner| !has_template(inner, "${", "$${"))
            }
            Syntax::ArmJson | Syntax::TfJson => match serde_json::from_str::<Json>(text) {
                Ok(Json::String(s)) if self == Syntax::ArmJson => {
                    !s.starts_with('[') || s.starts_with("[[")
                }
                Ok(Json::String(s)) => !has_template(&s, "${", "$${") && !s.contains("%{"),
                Ok(Json::Number(_) | Json::Bool(_) | Json::Null) => true,
                _ => false,
            },
            Syntax::Yaml => {
                let first = text.chars().next().unwrap_or(' ');
                !matches!(
                    first,
                    '*' | '&' | '!' | '|' | '>' | '{' | '[' | '%' | '@' | '`'
                ) && !text.contains(" #")
            }
            Syntax::Bicep => {
                is_word_literal(text)
                    || quoted(text, '\'').is_some_and(|inner| !has_template(inner, "${", "\\${"))
            }
        }
    }

    /// `value` written as a scalar (or an inline collection) of this syntax. `like` is the text
    /// of the value it replaces, whose quoting a YAML string keeps.
    pub fn scalar(self, value: &Json, like: Option<&str>) -> String {
        match (self, value) {
            (_, Json::Null) => "null".into(),
            (_, Json::Bool(b)) => b.to_string(),
            (_, Json::Number(n)) => n.to_string(),
            (Syntax::Hcl, Json::String(s)) => hcl_string(s),
            (Syntax::Bicep, Json::String(s)) => bicep_string(s),
            (Syntax::Yaml, Json::String(s)) => yaml_string(s, like),
            (_, Json::String(s)) => Json::String(s.clone()).to_string(),
            (Syntax::Hcl | Syntax::Bicep, Json::Array(items)) => format!(
                "[{}]",
                items
                    .iter()
                    .map(|v| self.scalar(v, None))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            (Syntax::Hcl | Syntax::Bicep, Json::Object(map)) => format!(
                "{{ {} }}",
                named_first(map)
                    .into_iter()
                    .map(|(k, v)| format!(
                        "{}{}{}",
                        self.key(k),
                        self.separator(),
                        self.scalar(v, None)
                    ))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            (Syntax::Yaml, Json::Array(_) | Json::Object(_)) => yaml_flow(value),
            (_, other) => other.to_string(),
        }
    }

    /// A key as written in this syntax.
    pub fn key(self, key: &str) -> String {
        let ident = !key.is_empty()
            && !key.starts_with(|c: char| c.is_ascii_digit())
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        match self {
            Syntax::ArmJson | Syntax::TfJson => Json::String(key.into()).to_string(),
            Syntax::Hcl if ident => key.into(),
            Syntax::Hcl => hcl_string(key),
            Syntax::Bicep if ident && !key.contains('-') => key.into(),
            Syntax::Bicep => bicep_string(key),
            Syntax::Yaml => yaml_string(key, None),
        }
    }

    /// A YAML sequence item whose dash is at `dash`: `- value`, or an object's entries with the
    /// first on the dash's line and the rest under it.
    pub fn item(self, value: &Json, dash: &str, step: &str, newline: &str) -> String {
        match value {
            Json::Object(map) if !map.is_empty() => {
                let inner = format!("{dash}  ");
                let lines: Vec<String> = named_first(map)
                    .into_iter()
                    .map(|(k, v)| self.entry(k, v, &inner, step, newline))
                    .collect();
                let joined = lines.join(newline);
                format!("{dash}- {}", &joined[inner.len()..])
            }
            other => format!("{dash}- {}", self.scalar(other, None)),
        }
    }

    /// `key` and `value` as lines of an object whose entries start at `indent`, one indentation
    /// step being `step`: a nested object becomes nested lines (an inline collection in HCL),
    /// joined with `newline`. JSON entries carry no trailing comma.
    pub fn entry(self, key: &str, value: &Json, indent: &str, step: &str, newline: &str) -> String {
        let head = format!("{indent}{}", self.key(key));
        match value {
            Json::Object(map) if !map.is_empty() && self != Syntax::Hcl => {
                let inner = format!("{indent}{step}");
                let lines: Vec<String> = named_first(map)
                    .into_iter()
                    .map(|(k, v)| self.entry(k, v, &inner, step, newline))
                    .collect();
                match self {
                    Syntax::Yaml => format!("{head}:{newline}{}", lines.join(newline)),
                    Syntax::Bicep => {
                        format!(
                            "{head}: {{{newline}{}{newline}{indent}}}",
                            lines.join(newline)
                        )
                    }
                    _ => format!(
                        "{head}: {{{newline}{}{newline}{indent}}}",
                        lines.join(&format!(",{newline}"))
                    ),
                }
            }
            Json::Array(items) if !items.is_empty() && self == Syntax::Yaml => {
                let dash = format!("{indent}{step}");
                let lines: Vec<String> = items
                    .iter()
                    .map(|v| self.item(v, &dash, step, newline))
                    .collect();
                format!("{head}:{newline}{}", lines.join(newline))
            }
            _ => format!("{head}{}{}", self.separator(), self.scalar(value, None)),
        }
    }
}

/// The entries of an object from a rule (Rego sorts keys) with `name` first, as Kubernetes and
/// ARM write the key that identifies a list item.
fn named_first(map: &serde_json::Map<String, Json>) -> Vec<(&String, &Json)> {
    let mut entries: Vec<(&String, &Json)> = map.iter().collect();
    entries.sort_by_key(|(k, _)| *k != "name");
    entries
}

/// `true`, `false`, `null` or a number.
fn is_word_literal(text: &str) -> bool {
    matches!(text, "true" | "false" | "null")
        || (text.parse::<f64>().is_ok()
            && text
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E')))
}

/// The inside of `text` when it is one string quoted with `quote` (no other quote unescaped).
fn quoted(text: &str, quote: char) -> Option<&str> {
    let inner = text.strip_prefix(quote)?.strip_suffix(quote)?;
    let mut escaped = false;
    for c in inner.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            c if c == quote && !escaped => return None,
            _ => escaped = false,
        }
    }
    (!escaped).then_some(inner)
}

/// Whether `s` holds a template sequence `open` other than its escaped form `escaped`.
fn has_template(s: &str, open: &str, escaped: &str) -> bool {
    s.replace(escaped, "").contains(open) || s.contains("%{")
}

fn hcl_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out.replace("${", "$${").replace("%{", "%%{")
}

fn bicep_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' => out.push_str("\\$"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// A YAML string: in the quotes of the value it replaces, else plain when YAML reads it back as
/// the same string, else double-quoted.
fn yaml_string(s: &str, like: Option<&str>) -> String {
    let like = like.map(str::trim).unwrap_or("");
    if like.starts_with('\'') && !s.contains(['\n', '\r']) {
        return format!("'{}'", s.replace('\'', "''"));
    }
    if like.starts_with('"') || !plain_yaml_safe(s) {
        return Json::String(s.into()).to_string();
    }
    s.into()
}

/// Whether `s` written plain reads back as the string `s` (YAML 1.1 and 1.2 readers alike).
fn plain_yaml_safe(s: &str) -> bool {
    let reserved = [
        "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~",
    ];
    !s.is_empty()
        && !reserved.contains(&s.to_ascii_lowercase().as_str())
        && s.parse::<f64>().is_err()
        && !s.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == '-' || c == '+')
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
}

/// A collection in YAML's flow style (JSON is valid flow YAML; keys stay plain where safe).
fn yaml_flow(value: &Json) -> String {
    match value {
        Json::Array(items) => format!(
            "[{}]",
            items.iter().map(yaml_flow).collect::<Vec<_>>().join(", ")
        ),
        Json::Object(map) => format!(
            "{{{}}}",
            named_first(map)
                .into_iter()
                .map(|(k, v)| format!("{}: {}", yaml_string(k, None), yaml_flow(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Json::String(s) => yaml_string(s, None),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn literals_are_told_from_expressions() {
        assert!(Syntax::Hcl.is_literal("0"));
        assert!(Syntax::Hcl.is_literal("\"Microsoft.HCPCompute\""));
        assert!(!Syntax::Hcl.is_literal("var.min_count"));
        assert!(!Syntax::Hcl.is_literal("\"${var.x}\""));
        assert!(Syntax::Hcl.is_literal("\"$${literal}\""));
        assert!(!Syntax::Hcl.is_literal("local.on ? 1 : 0"));
        assert!(Syntax::ArmJson.is_literal("true"));
        assert!(!Syntax::ArmJson.is_literal("\"[parameters('x')]\""));
        assert!(Syntax::ArmJson.is_literal("\"[[literal]\""));
        assert!(!Syntax::TfJson.is_literal("\"${var.x}\""));
        assert!(Syntax::Yaml.is_literal("0"));
        assert!(Syntax::Yaml.is_literal("'0'"));
        assert!(!Syntax::Yaml.is_literal("*count"));
        assert!(!Syntax::Yaml.is_literal("{a: 1}"));
        assert!(Syntax::Bicep.is_literal("'Microsoft.HCPCompute'"));
        assert!(!Syntax::Bicep.is_literal("minCount"));
        assert!(!Syntax::Bicep.is_literal("'${prefix}-x'"));
    }

    #[test]
    fn values_are_written_in_each_syntax() {
        let s = json!("a\"b${c}");
        assert_eq!(Syntax::Hcl.scalar(&s, None), r#""a\"b$${c}""#);
        assert_eq!(Syntax::Bicep.scalar(&json!("it's"), None), r"'it\'s'");
        assert_eq!(Syntax::ArmJson.scalar(&s, None), r#""a\"b${c}""#);
        assert_eq!(Syntax::Yaml.scalar(&json!("Regular"), None), "Regular");
        assert_eq!(Syntax::Yaml.scalar(&json!("true"), None), "\"true\"");
        assert_eq!(Syntax::Yaml.scalar(&json!("1Gi"), Some("'2Gi'")), "'1Gi'");
        assert_eq!(Syntax::Yaml.scalar(&json!(900), None), "900");
        assert_eq!(
            Syntax::Hcl.scalar(&json!({"a": 1, "b-c": "x"}), None),
            r#"{ a = 1, b-c = "x" }"#
        );
    }

    #[test]
    fn nested_entries_follow_the_indentation() {
        let v = json!({"scaleDown": {"stabilizationWindowSeconds": 900}});
        assert_eq!(
            Syntax::Yaml.entry("behavior", &v, "  ", "  ", "\n"),
            "  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 900"
        );
        assert_eq!(
            Syntax::ArmJson.entry("a", &json!({"b": 1, "c": 2}), "  ", "  ", "\n"),
            "  \"a\": {\n    \"b\": 1,\n    \"c\": 2\n  }"
        );
        assert_eq!(
            Syntax::Bicep.entry("a", &json!({"b": 1}), "", "  ", "\r\n"),
            "a: {\r\n  b: 1\r\n}"
        );
    }
}
