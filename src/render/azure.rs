//! `azure`: Azure Pipelines logging commands, one `##vso[task.logissue ...]` per finding, escaped as
//! the agent unescapes them, and `##vso[task.complete result=SucceededWithIssues;]` when the run
//! found warnings but no errors (the step then shows as partially succeeded, not failed).

use std::fmt::Write;

use super::Options;
use crate::finding::Severity;
use crate::report::Report;

/// Escapes a property value or the message of a logging command the way the agent's
/// `CommandStringConvertor` reverses it: `%` first (`%AZP25`, so that the other escapes survive),
/// then `;` and `]`, which end a property and the property list, and line breaks, which end the
/// command.
pub fn escape(s: &str) -> String {
    s.replace('%', "%AZP25")
        .replace(';', "%3B")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
        .replace(']', "%5D")
}

pub fn write(report: &Report, _: &Options, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(render(report).as_bytes())
}

fn render(report: &Report) -> String {
    let mut out = String::new();
    let mut errors = 0;
    let mut others = 0;
    for f in report.reported() {
        // Azure Pipelines has two issue types: info findings are reported as warnings.
        let kind = match f.severity {
            Severity::Error => {
                errors += 1;
                "error"
            }
            Severity::Warning | Severity::Info => {
                others += 1;
                "warning"
            }
        };
        let message = super::with_help(
            &f,
            format!("{} ({}): {}", f.rule_id, f.slug, f.message),
            " ",
        );
        let _ = writeln!(
            out,
            "##vso[task.logissue type={kind};sourcepath={};linenumber={};columnnumber={};code={}]{}",
            escape(&f.file),
            f.span.line,
            f.span.column,
            escape(&f.rule_id),
            escape(&message)
        );
    }
    if errors == 0 && others > 0 {
        out.push_str("##vso[task.complete result=SucceededWithIssues;]ailint found warnings\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_the_agent_unescapes() {
        assert_eq!(escape("50% of a;b]c\r\nd"), "50%AZP25 of a%3Bb%5Dc%0D%0Ad");
        // An input that already looks escaped stays itself after the agent's round trip.
        assert_eq!(escape("%3B"), "%AZP253B");
    }
}
