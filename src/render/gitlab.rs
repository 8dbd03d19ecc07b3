//! `gitlab`: a GitLab Code Quality report (the Code Climate subset GitLab reads): one issue per
//! reported finding with `description`, `check_name`, the SARIF `fingerprint`, `severity` and
//! `location.path` / `location.lines.begin`.

use serde_json::json;

use super::{write_json_document, Options, StreamedArray};
use crate::finding::Severity;
use crate::report::Report;

/// GitLab's scale is info, minor, major, critical, blocker: an error (an outage or an exposure)
/// is critical, a warning major, an info finding info.
pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Info => "info",
    }
}

pub fn write(report: &Report, _: &Options, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let issues = StreamedArray(|| {
        report.reported().map(|f| {
            json!({
                "description": format!("{}: {}", f.rule_id, f.message),
                "check_name": format!("{} {}", f.rule_id, f.slug),
                "fingerprint": f.fingerprint(),
                "severity": severity(f.severity),
                "location": {
                    "path": f.file,
                    "lines": { "begin": f.span.line, "end": f.span.end_line },
                },
            })
        })
    });
    write_json_document(&issues, out)
}
