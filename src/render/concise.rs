//! `concise`: one line per finding, `file:line:col: AIL301 [error] message`, then a summary line.
//! The default when stdout is not a terminal; grep- and editor-friendly.

use std::fmt::Write;

use super::Options;
use crate::report::Report;

pub fn write(
    report: &Report,
    options: &Options,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    out.write_all(render(report, options.quiet).as_bytes())
}

fn render(report: &Report, quiet: bool) -> String {
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
    if !quiet {
        let _ = writeln!(out, "{}", super::summary_line(report));
    }
    out
}
