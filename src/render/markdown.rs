//! `markdown`: a summary table for humans reading a CI run (GitHub's `$GITHUB_STEP_SUMMARY`, a pull
//! request comment): counts by severity, then one row per finding.

use std::fmt::Write;

use super::Options;
use crate::finding::Severity;
use crate::report::Report;

/// Escapes text for a table cell: pipes and newlines would break the row.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

/// Rows shown at most; a summary page has a size limit and nobody reads row 500.
const MAX_ROWS: usize = 200;

pub fn write(report: &Report, _: &Options, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(render(report).as_bytes())
}

fn render(report: &Report) -> String {
    let mut out = String::from("## ailint\n\n");
    let reported: Vec<_> = report.reported().collect();
    if reported.is_empty() {
        let _ = writeln!(
            out,
            "No findings in {} files. :white_check_mark:",
            report.files
        );
        return out;
    }
    let count = |s: Severity| reported.iter().filter(|f| f.severity == s).count();
    let _ = writeln!(
        out,
        "**{} findings** in {} files: {} errors, {} warnings, {} info.\n",
        reported.len(),
        report.files,
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
    out.push_str("| Severity | Rule | Location | Message |\n|---|---|---|---|\n");
    for f in reported.iter().take(MAX_ROWS) {
        let rule = if f.url.is_empty() {
            f.rule_id.clone()
        } else {
            format!("[{}]({})", f.rule_id, f.url)
        };
        let _ = writeln!(
            out,
            "| {} | {rule} `{}` | `{}:{}:{}` | {} |",
            f.severity,
            f.slug,
            cell(&f.file),
            f.span.line,
            f.span.column,
            cell(&f.message)
        );
    }
    if reported.len() > MAX_ROWS {
        let _ = writeln!(out, "\n… and {} more.", reported.len() - MAX_ROWS);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(cell("a|b\nc"), "a\\|b c");
    }
}
