//! `full`: miette's graphical report per finding (snippet, label on the exact span, code, help,
//! url), then a summary. The default on a terminal; colour only when asked or on a TTY.

use std::fmt::Write;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource,
    Report as MReport,
};

use crate::finding::{Finding, Severity};

use super::Options;
use crate::report::Report;

pub fn write(
    report: &Report,
    options: &Options,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    out.write_all(render(report, options).as_bytes())
}

/// Renders every finding; `options.color` picks the themed or the plain handler.
fn render(report: &Report, options: &Options) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false)
        .with_context_lines(2);
    let mut out = String::new();
    for f in report.findings.iter() {
        let diagnostic = to_diagnostic(&f, options);
        let source = report
            .sources
            .get(&f.file)
            .cloned()
            .unwrap_or_else(|| "".into());
        let source = if f.sensitive {
            mask_value(&source, &f.byte_range).into()
        } else {
            source
        };
        let reportable =
            MReport::new(diagnostic).with_source_code(NamedSource::new(&f.file, source));
        if handler
            .render_report(&mut out, reportable.as_ref())
            .is_err()
        {
            let _ = writeln!(
                out,
                "{}:{}:{}: {} {}",
                f.file, f.span.line, f.span.column, f.rule_id, f.message
            );
        }
        out.push('\n');
    }
    if !options.quiet {
        let _ = writeln!(out, "{}", super::summary_line(report, options));
    }
    out
}

/// The text with the value part of `range` (after its `=` or `:`) replaced by `*`, byte for byte, so
/// that a secret never reaches a terminal or a CI log while every offset stays valid.
pub fn mask_value(text: &str, range: &std::ops::Range<usize>) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let end = range.end.min(bytes.len());
    let start = range.start.min(end);
    let value_start = bytes[start..end]
        .iter()
        .position(|b| *b == b'=' || *b == b':')
        .map_or(start, |i| start + i + 1);
    for b in &mut bytes[value_start..end] {
        if !b.is_ascii_whitespace() {
            *b = b'*';
        }
    }
    // Only whole multi-byte characters inside the value were replaced, so this cannot fail; keep the
    // original if it ever did rather than panic.
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
}

fn to_diagnostic(f: &Finding, options: &Options) -> MietteDiagnostic {
    let severity = match f.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    };
    let label = match &f.resource {
        Some(r) => format!("{} ({r})", f.slug),
        None => f.slug.clone(),
    };
    let len = f.byte_range.end.saturating_sub(f.byte_range.start);
    let mut d = MietteDiagnostic::new(format!("{}{}", f.message, super::suppressed_note(f)))
        .with_code(f.rule_id.clone())
        .with_severity(severity)
        .with_label(LabeledSpan::at(
            f.byte_range.start..f.byte_range.start + len,
            label,
        ));
    let marker = super::fix_marker(f, options);
    let fix = match &f.fix {
        Some(fix) if fix.safety == crate::finding::Safety::Safe => {
            format!("{marker}Fix available with `--fix`: {}", fix.description)
        }
        Some(fix) => format!(
            "{marker}Unsafe fix available with `--fix --unsafe-fixes`: {}",
            fix.description
        ),
        None => String::new(),
    };
    let help = [f.help.as_str(), fix.as_str()]
        .into_iter()
        .filter(|h| !h.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    if !help.is_empty() {
        d = d.with_help(help);
    }
    if !f.url.is_empty() {
        d = d.with_url(f.url.clone());
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_only_the_value() {
        let text = "env:\n  - name: HF_TOKEN\n    value: hf_abcdéf\n";
        let start = text.find("value").unwrap();
        let end = text.len() - 1;
        assert_eq!(
            mask_value(text, &(start..end)),
            "env:\n  - name: HF_TOKEN\n    value: **********\n"
        );
    }
}
