//! What a check reports: a [`Finding`] located at an exact span of a file, with its [`Severity`],
//! the rule it came from and, when silenced, its [`Suppression`]. The report order (file, line,
//! column, rule id) is kept by the finding store.

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

/// One located result of a rule (or of ailint itself, such as `AIL000` for a file that failed to
/// parse). Serialisable so that a run with very many findings can keep them in a temporary file.
/// Built with [`Finding::new`] (or [`Finding::builtin`], [`Finding::parse_error`]).
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
    /// The last line of the resource's block (in the finding's file): a change anywhere from
    /// `resource_line` to it is a change of the resource (`--changed-since`).
    #[serde(default)]
    pub resource_end_line: Option<usize>,
    /// Why the finding is not reported, when it is suppressed.
    pub suppressed: Option<Suppression>,
    /// The offending value is a secret: renderers that show source mask it.
    pub sensitive: bool,
    /// The edit that resolves it, when its rule offers one that can be written in this source.
    #[serde(default)]
    pub fix: Option<Fix>,
}

/// Whether `--fix` applies a fix on its own (safe) or only with `--unsafe-fixes`: correct for
/// the rule, but it can cut off clients or change cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Safety {
    Safe,
    Unsafe,
}

impl Safety {
    pub fn as_str(self) -> &'static str {
        match self {
            Safety::Safe => "safe",
            Safety::Unsafe => "unsafe",
        }
    }
}

impl FromStr for Safety {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "safe" => Ok(Safety::Safe),
            "unsafe" => Ok(Safety::Unsafe),
            other => Err(format!(
                "unknown fix safety `{other}` (expected safe or unsafe)"
            )),
        }
    }
}

/// What a rule's fix does to the files, rendered in their syntax (see [`crate::fix`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    pub safety: Safety,
    /// What it does, e.g. "Set `min_count = 1`".
    pub description: String,
    /// Non-overlapping, in the order of the text.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// Whether `--fix` applies it: safe fixes always, unsafe ones with `--unsafe-fixes`.
    pub fn applies(&self, unsafe_fixes: bool) -> bool {
        self.safety == Safety::Safe || unsafe_fixes
    }
}

/// One replacement of a range of a file's text (an insertion when the range is empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    /// As [`Finding::file`].
    pub file: String,
    pub range: std::ops::Range<usize>,
    /// Where `range` starts and ends, 1-based (an insertion starts and ends at one point).
    pub start: (usize, usize),
    pub end: (usize, usize),
    pub replacement: String,
}

/// What a finding carries of the rule that reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub rule_id: String,
    pub slug: String,
    pub severity: Severity,
    /// How to fix it, for the input format of the finding.
    pub help: String,
    pub url: String,
    pub sensitive: bool,
}

/// Where in a file a finding is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub span: Span,
    pub byte_range: std::ops::Range<usize>,
}

impl Location {
    /// A position known only by its line and column (1-based), one character wide.
    pub fn at(file: &str, line: usize, column: usize) -> Self {
        Location {
            file: file.to_string(),
            span: Span {
                line,
                column,
                end_line: line,
                end_column: column + 1,
            },
            byte_range: 0..0,
        }
    }
}

impl Finding {
    /// A finding of `origin` at `at`, about no resource yet (see [`Finding::about`]).
    pub fn new(origin: Origin, at: Location, message: String) -> Self {
        Finding {
            rule_id: origin.rule_id,
            slug: origin.slug,
            severity: origin.severity,
            message,
            file: at.file,
            span: at.span,
            byte_range: at.byte_range,
            resource: None,
            path: Vec::new(),
            help: origin.help,
            url: origin.url,
            resource_line: None,
            resource_end_line: None,
            suppressed: None,
            sensitive: origin.sensitive,
            fix: None,
        }
    }

    /// The finding as being about `resource` at `path` inside it, whose header is on
    /// `resource_line` of the finding's file (when it is in that file).
    pub fn about(
        mut self,
        resource: String,
        path: Vec<serde_json::Value>,
        resource_line: Option<usize>,
    ) -> Self {
        self.resource = Some(resource);
        self.path = path;
        self.resource_line = resource_line;
        self
    }

    /// A diagnostic of ailint itself at `at`.
    pub fn builtin(b: Builtin, at: Location, message: String) -> Self {
        Finding::new(b.origin(), at, message)
    }

    /// `AIL000` for a file that does not parse: `message` is the parser's.
    pub fn parse_error(at: Location, message: &str) -> Self {
        Finding::builtin(PARSE_ERROR, at, format!("cannot parse file: {message}"))
    }

    /// `AIL000` for a file that cannot be read (or is not UTF-8), at `position` (1-based line and
    /// column) when known: `message` says why, as it stands.
    pub fn unreadable(file: &str, position: Option<(usize, usize)>, message: &str) -> Self {
        let (line, column) = position.unwrap_or((1, 1));
        Finding::builtin(
            PARSE_ERROR,
            Location::at(file, line, column),
            message.to_string(),
        )
    }
}

/// How and why a finding was silenced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    pub kind: SuppressionKind,
    pub reason: String,
}

/// Where a suppression was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SuppressionKind {
    /// An `ailint-ignore` comment on or above the line.
    Inline,
    /// An `ailint-ignore-file` comment.
    File,
    /// An ARM resource's `comments` property.
    Comments,
    /// `[[per_file_ignores]]` in the configuration.
    Config,
    /// A baseline file.
    Baseline,
}

impl SuppressionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SuppressionKind::Inline => "inline",
            SuppressionKind::File => "file",
            SuppressionKind::Comments => "comments",
            SuppressionKind::Config => "config",
            SuppressionKind::Baseline => "baseline",
        }
    }

    /// Whether it is written in the checked file itself (SARIF's `inSource`).
    pub fn in_source(self) -> bool {
        matches!(
            self,
            SuppressionKind::Inline | SuppressionKind::File | SuppressionKind::Comments
        )
    }
}

impl fmt::Display for SuppressionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
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
    pub severity: Severity,
    /// The README section that explains it.
    pub anchor: &'static str,
}

impl Builtin {
    /// Where it is explained: its section of the README.
    pub fn url(self) -> String {
        format!("{}#{}", env!("CARGO_PKG_REPOSITORY"), self.anchor)
    }

    fn origin(self) -> Origin {
        Origin {
            rule_id: self.id.into(),
            slug: self.slug.into(),
            severity: self.severity,
            help: self.help.into(),
            url: self.url(),
            sensitive: false,
        }
    }
}

pub const PARSE_ERROR: Builtin = Builtin {
    id: "AIL000",
    slug: "parse-error",
    title: "File cannot be parsed",
    description: "A Terraform, ARM or Kubernetes file that ailint could not parse; it was not checked, the other files were.",
    help: "Fix the syntax error; the other files were still checked.",
    severity: Severity::Error,
    anchor: "parse-errors-ail000",
};

pub const UNUSED_SUPPRESSION: Builtin = Builtin {
    id: "AIL001",
    slug: "unused-suppression",
    title: "Suppression comment matches no finding",
    description: "An `ailint-ignore` comment that silences nothing: the problem was fixed or the comment is in the wrong place. Reported with --report-unused-ignores.",
    help: "Remove the comment, or move it to the line above the resource or attribute it is meant for.",
    severity: Severity::Warning,
    anchor: "suppressing-findings",
};

pub const INVALID_SUPPRESSION: Builtin = Builtin {
    id: "AIL002",
    slug: "invalid-suppression",
    title: "Suppression comment without a known rule",
    description: "An `ailint-ignore` comment must name the rules it silences (ids, slugs or id prefixes); a blanket ignore or an unknown rule is refused so that nothing is silenced by accident.",
    help: "Write `ailint-ignore <rule id or slug>[,<more>] <reason>`, e.g. `# ailint-ignore AIL301 batch pool, idles at night`.",
    severity: Severity::Warning,
    anchor: "suppressing-findings",
};

pub const UNRESOLVED: Builtin = Builtin {
    id: "AIL003",
    slug: "unresolved-module",
    title: "Module that ailint cannot read",
    description: "A module call whose source ailint does not fetch (registry, Git, HTTP) or cannot find: the resources it creates are not checked. Reported as info with --strict-unknowns.",
    help: "Check the module in its own repository, or vendor it under a local path (`source = \"./modules/x\"`) so that ailint evaluates it with this call's arguments.",
    severity: Severity::Info,
    anchor: "variables-and-modules",
};

/// Every built-in diagnostic, for rule lists such as SARIF's.
pub const BUILTINS: [Builtin; 4] = [
    PARSE_ERROR,
    UNUSED_SUPPRESSION,
    INVALID_SUPPRESSION,
    UNRESOLVED,
];

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_ignores_line_but_not_identity() {
        let origin = Origin {
            rule_id: "AIL301".into(),
            slug: "s".into(),
            severity: Severity::Error,
            help: String::new(),
            url: String::new(),
            sensitive: false,
        };
        let at = Location {
            file: "a.tf".into(),
            span: Span {
                line: 3,
                column: 1,
                end_line: 3,
                end_column: 5,
            },
            byte_range: 10..14,
        };
        let f = Finding::new(origin, at, "m".into()).about(
            "x.y".into(),
            vec![serde_json::json!("min_count")],
            Some(1),
        );
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
