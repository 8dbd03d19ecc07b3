//! `concise`: one line per finding, `file:line:col: AIL301 [error] message`, then a summary line.
//! The default when stdout is not a terminal; grep- and editor-friendly.

use std::fmt::Write;

use crate::Report;

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for f in report.findings.iter() {
        let _ = writeln!(
            out,
            "{}:{}:{}: {} [{}] {}{}",
            f.file,
            f.span.line,
            f.span.column,
            f.rule_id,
            f.severity,
            f.message,
            super::suppressed_note(&f)
        );
    }
    let _ = writeln!(out, "{}", super::summary_line(report));
    out
}
