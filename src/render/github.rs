//! `github`: GitHub Actions workflow commands, one annotation per finding
//! (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`), escaped as the runner
//! expects so that `%`, newlines, `:` and `,` survive.

use std::fmt::Write;

use super::Options;
use crate::finding::Severity;
use crate::report::Report;

/// Escapes the message part of a workflow command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=`): also `:` and `,`, which delimit properties.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(report: &Report, _: &Options, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(render(report).as_bytes())
}

fn render(report: &Report) -> String {
    let mut out = String::new();
    for f in report.reported() {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let title = format!("{} {}", f.rule_id, f.slug);
        let message = super::with_help(&f, f.message.clone(), "\n");
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&f.file),
            f.span.line,
            f.span.column,
            f.span.end_line,
            f.span.end_column,
            escape_property(&title),
            escape_data(&message)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_data_and_properties() {
        assert_eq!(escape_data("100% sure\nnext\r"), "100%25 sure%0Anext%0D");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
