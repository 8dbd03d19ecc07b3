//! Renderers, one per output format. The checker never formats text; each renderer turns a
//! [`Report`](crate::Report) into the bytes its consumer reads.

pub mod concise;
pub mod full;
pub mod github;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;

use std::io::Write;

use serde::{Serialize, Serializer};

use crate::finding::{Finding, Severity};
use crate::Report;

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

/// ` (suppressed: inline, reason)` for a suppressed finding shown with `--show-suppressed`.
pub fn suppressed_note(f: &Finding) -> String {
    match &f.suppressed {
        Some(s) if s.reason.is_empty() => format!(" (suppressed: {})", s.kind),
        Some(s) => format!(" (suppressed: {}, {})", s.kind, s.reason),
        None => String::new(),
    }
}

/// "Found 3 findings (2 errors, 1 warning) in 12 files." or "No findings in 12 files.", plus
/// how many were suppressed.
pub fn summary_line(report: &Report) -> String {
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
