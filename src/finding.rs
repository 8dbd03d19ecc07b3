//! What a check reports: a [`Finding`] located at an exact span of a file, with its [`Severity`].
//! Findings sort by file, line, column and rule id so output is deterministic.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// How bad a finding is; ordered so that `Error > Warning > Info`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Span {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// One located result of a rule (or `AIL000` for a file that failed to parse). Serialisable so
/// that a run with very many findings can keep them in a temporary file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// The line of the resource's header, where a suppression for the whole resource goes.
    pub resource_line: Option<usize>,
    /// Why the finding is not reported, when it is suppressed.
    pub suppressed: Option<Suppression>,
    /// The offending value is a secret: renderers that show source mask it.
    pub sensitive: bool,
}

/// How and why a finding was silenced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suppression {
    /// `inline`, `file`, `comments` (ARM), `config` or `baseline`.
    pub kind: &'static str,
    pub reason: String,
}

/// The kinds of [`Suppression`], so that a deserialised one is the same `&'static str`.
const SUPPRESSION_KINDS: [&str; 5] = ["inline", "file", "comments", "config", "baseline"];

impl<'de> Deserialize<'de> for Suppression {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Owned {
            kind: String,
            reason: String,
        }
        let owned = Owned::deserialize(d)?;
        let kind = SUPPRESSION_KINDS
            .into_iter()
            .find(|k| *k == owned.kind)
            .ok_or_else(|| {
                serde::de::Error::custom(format!("unknown suppression kind `{}`", owned.kind))
            })?;
        Ok(Suppression {
            kind,
            reason: owned.reason,
        })
    }
}

/// Diagnostics of ailint itself, reported like rule findings.
#[derive(Debug, Clone, Copy)]
pub struct Builtin {
    pub id: &'static str,
    pub slug: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub help: &'static str,
}

pub const PARSE_ERROR: Builtin = Builtin {
    id: "AIL000",
    slug: "parse-error",
    title: "File cannot be parsed",
    description: "A Terraform, ARM or Kubernetes file that ailint could not parse; it was not checked, the other files were.",
    help: "Fix the syntax error; the other files were still checked.",
};

pub const UNUSED_SUPPRESSION: Builtin = Builtin {
    id: "AIL001",
    slug: "unused-suppression",
    title: "Suppression comment matches no finding",
    description: "An `ailint-ignore` comment that silences nothing: the problem was fixed or the comment is in the wrong place. Reported with --report-unused-ignores.",
    help: "Remove the comment, or move it to the line above the resource or attribute it is meant for.",
};

pub const INVALID_SUPPRESSION: Builtin = Builtin {
    id: "AIL002",
    slug: "invalid-suppression",
    title: "Suppression comment without a known rule",
    description: "An `ailint-ignore` comment must name the rules it silences (ids, slugs or id prefixes); a blanket ignore or an unknown rule is refused so that nothing is silenced by accident.",
    help: "Write `ailint-ignore <rule id or slug>[,<more>] <reason>`, e.g. `# ailint-ignore AIL301 batch pool, idles at night`.",
};

pub const UNRESOLVED: Builtin = Builtin {
    id: "AIL003",
    slug: "unresolved-module",
    title: "Module that ailint cannot read",
    description: "A module call whose source ailint does not fetch (registry, Git, HTTP) or cannot find: the resources it creates are not checked. Reported as info with --strict-unknowns.",
    help: "Check the module in its own repository, or vendor it under a local path (`source = \"./modules/x\"`) so that ailint evaluates it with this call's arguments.",
};

/// Every built-in diagnostic, for rule lists such as SARIF's.
pub const BUILTINS: [Builtin; 4] = [
    PARSE_ERROR,
    UNUSED_SUPPRESSION,
    INVALID_SUPPRESSION,
    UNRESOLVED,
];

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
pub const PARSE_ERROR_ID: &str = PARSE_ERROR.id;
pub const PARSE_ERROR_SLUG: &str = PARSE_ERROR.slug;

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
            resource_line: Some(1),
            suppressed: None,
            sensitive: false,
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
