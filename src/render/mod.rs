//! Renderers, one per output format. The checker never formats text; each renderer turns a
//! [`Report`] into the bytes its consumer reads, through the one signature
//! `write(report, options, out)`. Adding a format is a module here and a variant of [`Format`].
//!
//! Which findings each lists: `full`, `concise`, `json` and `sarif` every finding of the report
//! (suppressed ones are in it only with `--show-suppressed`, marked); `github`, `azure`, `gitlab`,
//! `junit` and `markdown` only the reported ones, since their consumers have no notion of a
//! suppression.

pub mod azure;
pub mod concise;
pub mod full;
pub mod github;
pub mod gitlab;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;

use std::io::Write;

use serde::{Serialize, Serializer};

use crate::finding::{Finding, Severity};
use crate::policy::RuleMeta;
use crate::report::Report;

/// An output format (`--format`, `--report FORMAT=FILE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Rich diagnostics with source snippets (default on a terminal).
    Full,
    /// One line per finding (default when stdout is not a terminal).
    Concise,
    /// The stable JSON contract.
    Json,
    /// SARIF 2.1.0 for code scanning (GitHub upload-sarif).
    Sarif,
    /// GitHub Actions annotations (workflow commands).
    Github,
    /// Azure Pipelines logging commands (`##vso[task.logissue ...]`).
    Azure,
    /// A GitLab Code Quality report (JSON).
    Gitlab,
    /// JUnit XML for CI dashboards.
    Junit,
    /// A Markdown summary table (e.g. for $GITHUB_STEP_SUMMARY).
    Markdown,
}

/// What renderers are told besides the report.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// Every rule of the run (for formats that describe them, like SARIF).
    pub rules: &'a [RuleMeta],
    /// Colour the output (text formats).
    pub color: bool,
    /// Leave out the closing summary line (text formats, `--quiet`).
    pub quiet: bool,
    /// Unsafe fixes count as fixable (`--unsafe-fixes`).
    pub unsafe_fixes: bool,
}

impl Format {
    /// Writes `report` in this format. JSON and SARIF are streamed finding by finding; the text
    /// formats, meant for people, are built first.
    pub fn write(
        self,
        report: &Report,
        options: &Options,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        let write = match self {
            Format::Full => full::write,
            Format::Concise => concise::write,
            Format::Json => json::write,
            Format::Sarif => sarif::write,
            Format::Github => github::write,
            Format::Azure => azure::write,
            Format::Gitlab => gitlab::write,
            Format::Junit => junit::write,
            Format::Markdown => markdown::write,
        };
        write(report, options, out)
    }

    /// The whole output as a string (for tests and small reports).
    pub fn render(self, report: &Report, options: &Options) -> String {
        let mut bytes = Vec::new();
        if let Err(e) = self.write(report, options, &mut bytes) {
            // Writing into memory cannot fail; say so loudly if it ever does.
            return format!("cannot render the report: {e}\n");
        }
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// Whether it shows source snippets (only then are the files' texts kept for the report).
    pub fn shows_snippets(self) -> bool {
        self == Format::Full
    }

    /// Whether it is meant to be read by people: it ends with a summary line that `--quiet`
    /// drops, and notes go to standard error beside it.
    pub fn is_text(self) -> bool {
        matches!(self, Format::Full | Format::Concise)
    }
}

/// A JSON array serialised one element at a time, so that a report of a million findings is
/// written without ever existing as one JSON tree or one string.
pub struct StreamedArray<F>(pub F);

impl<F, I> Serialize for StreamedArray<F>
where
    F: Fn() -> I,
    I: Iterator<Item = serde_json::Value>,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

/// Writes `document` as pretty-printed JSON followed by a newline.
pub fn write_json_document(document: &impl Serialize, out: &mut dyn Write) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut out, document)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// `message` followed by `separator` and "How to fix: " with the remediation, when there is one
/// (for annotation formats, whose consumers show one text per finding).
pub fn with_help(f: &Finding, message: String, separator: &str) -> String {
    if f.help.is_empty() {
        message
    } else {
        format!("{message}{separator}How to fix: {}", f.help)
    }
}

/// ` (suppressed: inline, reason)` for a suppressed finding shown with `--show-suppressed`.
pub fn suppressed_note(f: &Finding) -> String {
    match &f.suppressed {
        Some(s) if s.reason.is_empty() => format!(" (suppressed: {})", s.kind),
        Some(s) => format!(" (suppressed: {}, {})", s.kind, s.reason),
        None => String::new(),
    }
}

/// `[*] ` before the message of a finding whose fix `--fix` applies (with `--unsafe-fixes`, an
/// unsafe one too), as ruff marks them.
pub fn fix_marker(f: &Finding, options: &Options) -> &'static str {
    match &f.fix {
        Some(fix) if f.suppressed.is_none() && fix.applies(options.unsafe_fixes) => "[*] ",
        _ => "",
    }
}

/// "Found 3 findings (2 errors, 1 warning) in 12 files." or "No findings in 12 files.", plus
/// how many were suppressed, fixed, and can be fixed.
pub fn summary_line(report: &Report, options: &Options) -> String {
    let found = found_line(report);
    let fixed = match report.fixed {
        0 => String::new(),
        n => format!("Fixed {}. ", plural(n, "finding", "findings")),
    };
    let safe = report.findings.fixable_count(crate::finding::Safety::Safe);
    let unsafe_ = report
        .findings
        .fixable_count(crate::finding::Safety::Unsafe);
    let fixable = if options.unsafe_fixes && safe + unsafe_ > 0 {
        format!(" {} fixable with `--fix --unsafe-fixes`.", safe + unsafe_)
    } else if safe > 0 && unsafe_ > 0 {
        format!(" {safe} fixable with `--fix` ({unsafe_} more with `--unsafe-fixes`).")
    } else if safe > 0 {
        format!(" {safe} fixable with `--fix`.")
    } else if unsafe_ > 0 {
        format!(" {unsafe_} fixable with `--fix --unsafe-fixes`.")
    } else {
        String::new()
    };
    format!("{fixed}{found}{fixable}")
}

fn found_line(report: &Report) -> String {
    let files = plural(report.files, "file", "files");
    let suppressed = if report.suppressed > 0 {
        format!(" {} suppressed.", report.suppressed)
    } else {
        String::new()
    };
    // Counted from the store's index: a spilled finding is not read back just to be counted.
    let reported = report.findings.reported_count(None);
    if reported == 0 {
        return format!("No findings in {files}.{suppressed}");
    }
    let count = |s: Severity| report.findings.reported_count(Some(s));
    let parts: Vec<String> = [
        (count(Severity::Error), "error", "errors"),
        (count(Severity::Warning), "warning", "warnings"),
        (count(Severity::Info), "info", "info"),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| plural(n, one, many))
    .collect();
    format!(
        "Found {} ({}) in {files}.{suppressed}",
        plural(reported, "finding", "findings"),
        parts.join(", ")
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
