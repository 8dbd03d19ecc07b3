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
    out.write_all(render(report, options).as_bytes())
}

fn render(report: &Report, options: &Options) -> String {
    let mut out = String::new();
    for f in report.findings.iter() {
        let _ = writeln!(
            out,
            "{}:{}:{}: {} [{}] {}{}{}",
            f.file,
            f.span.line,
            f.span.column,
            f.rule_id,
            f.severity,
            super::fix_marker(&f, options),
            f.message,
            super::suppressed_note(&f)
        );
    }
    if !options.quiet {
        let _ = writeln!(out, "{}", super::summary_line(report, options));
    }
    out
}
