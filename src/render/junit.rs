//! `junit`: JUnit XML for CI dashboards: one `<testsuite>` per checked file, one `<testcase>` per
//! rule and resource pair with its findings as the `<failure>`, and one passing case for a clean file.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write;

use super::Options;
use crate::finding::Finding;
use crate::report::Report;

/// Escapes text for an XML attribute value (newlines kept as `&#10;`).
pub fn xml_escape(s: &str) -> String {
    escape(s, true)
}

/// Escapes text for XML element content (newlines kept as they are).
pub fn xml_text(s: &str) -> String {
    escape(s, false)
}

fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&apos;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\n' => out.push('\n'),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && c != '\t' && c != '\r' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A file's findings grouped into test cases by rule and resource.
type Cases<'a> = BTreeMap<(String, String), Vec<Cow<'a, Finding>>>;

pub fn write(report: &Report, _: &Options, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(render(report).as_bytes())
}

fn render(report: &Report) -> String {
    let mut by_file: BTreeMap<String, Cases> = report
        .checked_files
        .iter()
        .map(|f| (f.clone(), BTreeMap::new()))
        .collect();
    for f in report.reported() {
        let case = (f.rule_id.clone(), f.resource.clone().unwrap_or_default());
        by_file
            .entry(f.file.clone())
            .or_default()
            .entry(case)
            .or_default()
            .push(f);
    }
    let failures: usize = by_file.values().map(BTreeMap::len).sum();
    let tests: usize = by_file.values().map(|c| c.len().max(1)).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"ailint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" time=\"{:.3}\">",
        report.duration_ms as f64 / 1000.0
    );
    for (file, cases) in &by_file {
        let file_x = xml_escape(file);
        let _ = writeln!(
            out,
            "  <testsuite name=\"{file_x}\" tests=\"{}\" failures=\"{}\" errors=\"0\">",
            cases.len().max(1),
            cases.len()
        );
        if cases.is_empty() {
            let _ = writeln!(
                out,
                "    <testcase classname=\"{file_x}\" name=\"ailint\" file=\"{file_x}\"/>"
            );
        }
        for ((rule, resource), findings) in cases {
            let name = if resource.is_empty() {
                rule.clone()
            } else {
                format!("{rule} {resource}")
            };
            let first = &findings[0];
            let _ = writeln!(
                out,
                "    <testcase classname=\"{file_x}\" name=\"{}\" file=\"{file_x}\" line=\"{}\">",
                xml_escape(&name),
                first.span.line
            );
            let body: Vec<String> = findings
                .iter()
                .map(|f| {
                    format!(
                        "{}:{}:{}: {} [{}] {}\nHow to fix: {}\n{}",
                        f.file,
                        f.span.line,
                        f.span.column,
                        f.rule_id,
                        f.severity,
                        f.message,
                        f.help,
                        f.url
                    )
                })
                .collect();
            let _ = writeln!(
                out,
                "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                xml_escape(&first.message),
                xml_escape(&format!("{} {}", first.rule_id, first.severity)),
                xml_text(&body.join("\n\n"))
            );
            let _ = writeln!(out, "    </testcase>");
        }
        let _ = writeln!(out, "  </testsuite>");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_xml() {
        assert_eq!(
            xml_escape("a<b & \"c\"\n\u{1}"),
            "a&lt;b &amp; &quot;c&quot;&#10;\u{fffd}"
        );
        assert_eq!(xml_text("a<b \"c\"\n"), "a&lt;b \"c\"\n");
    }
}
