//! What a check reports: a [`Finding`] located at an exact span of a file, with its [`Severity`].
//! Findings sort by file, line, column and rule id so output is deterministic.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// How bad a finding is; ordered so that `Error > Warning > Info`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "info" => Ok(Severity::Info),
            "warning" | "warn" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => Err(format!(
                "unknown severity `{other}` (expected error, warning or info)"
            )),
        }
    }
}

/// A 1-based, end-exclusive span; columns count Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// One located result of a rule (or `AIL000` for a file that failed to parse).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule_id: String,
    pub slug: String,
    pub severity: Severity,
    pub message: String,
    /// Relative to the working directory, `/` separators.
    pub file: String,
    pub span: Span,
    /// Byte range of the span in the file's text, for snippets.
    pub byte_range: std::ops::Range<usize>,
    /// The resource id the finding is about, when there is one.
    pub resource: Option<String>,
    /// The path inside the resource the rule reported, as JSON (`["properties","publicNetworkAccess"]`).
    pub path: Vec<serde_json::Value>,
    pub help: String,
    pub url: String,
}

impl Finding {
    /// The order of every report: file, line, column, rule id, then the rest for full determinism.
    pub fn sort_key_cmp(&self, other: &Self) -> Ordering {
        (
            self.file.as_str(),
            self.span,
            self.rule_id.as_str(),
            &self.message,
        )
            .cmp(&(
                other.file.as_str(),
                other.span,
                other.rule_id.as_str(),
                &other.message,
            ))
            .then_with(|| self.resource.cmp(&other.resource))
    }
}

impl Finding {
    /// An identity that survives unrelated edits: rule, file, resource and path, not the line.
    /// Stable across runs and platforms (FNV-1a, 64 bits, hex).
    pub fn fingerprint(&self) -> String {
        let path = serde_json::Value::Array(self.path.clone()).to_string();
        let key = [
            self.rule_id.as_str(),
            self.file.as_str(),
            self.resource.as_deref().unwrap_or(""),
            path.as_str(),
        ]
        .join("\u{1f}");
        format!("{:016x}", fnv1a(key.as_bytes()))
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Rule id and slug of parse errors.
pub const PARSE_ERROR_ID: &str = "AIL000";
pub const PARSE_ERROR_SLUG: &str = "parse-error";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_ignores_line_but_not_identity() {
        let f = Finding {
            rule_id: "AIL301".into(),
            slug: "s".into(),
            severity: Severity::Error,
            message: "m".into(),
            file: "a.tf".into(),
            span: Span {
                line: 3,
                column: 1,
                end_line: 3,
                end_column: 5,
            },
            byte_range: 10..14,
            resource: Some("x.y".into()),
            path: vec![serde_json::json!("min_count")],
            help: String::new(),
            url: String::new(),
        };
        let mut moved = f.clone();
        moved.span.line = 30;
        moved.byte_range = 100..104;
        assert_eq!(f.fingerprint(), moved.fingerprint());
        let mut other = f.clone();
        other.resource = Some("x.z".into());
        assert_ne!(f.fingerprint(), other.fingerprint());
        assert_eq!(f.fingerprint().len(), 16);
    }

    #[test]
    fn severity_orders_and_parses() {
        assert!(Severity::Error > Severity::Warning && Severity::Warning > Severity::Info);
        assert_eq!("Warning".parse::<Severity>(), Ok(Severity::Warning));
        assert!("fatal".parse::<Severity>().is_err());
    }
}
