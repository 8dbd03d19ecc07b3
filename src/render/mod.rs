//! Renderers, one per output format. The checker never formats text; each renderer turns a
//! [`Report`](crate::Report) into the bytes its consumer reads.

pub mod concise;
pub mod full;
pub mod github;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;

use crate::finding::Severity;
use crate::Report;

/// "Found 3 findings (2 errors, 1 warning) in 12 files." or "No findings in 12 files."
pub fn summary_line(report: &Report) -> String {
    let files = plural(report.files, "file", "files");
    if report.findings.is_empty() {
        return format!("No findings in {files}.");
    }
    let count = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count();
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
        "Found {} ({}) in {files}.",
        plural(report.findings.len(), "finding", "findings"),
        parts.join(", ")
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
