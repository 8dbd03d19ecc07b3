//! `json`: the stable, versioned machine contract documented in README.md. Fields may be added,
//! never renamed or dropped; output is byte-identical for the same input except `duration_ms`.

use serde_json::{json, Value};

use crate::Report;

/// Version of the JSON document's shape.
pub const FORMAT_VERSION: u32 = 1;

pub fn to_value(report: &Report) -> Value {
    let findings: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let mut v = json!({
                "rule_id": f.rule_id,
                "slug": f.slug,
                "severity": f.severity,
                "message": f.message,
                "file": f.file,
                "line": f.span.line,
                "column": f.span.column,
                "end_line": f.span.end_line,
                "end_column": f.span.end_column,
                "resource": f.resource,
                "path": f.path,
                "help": f.help,
                "url": f.url,
            });
            if let Some(s) = &f.suppressed {
                v["suppressed"] = json!({ "kind": s.kind, "reason": s.reason });
            }
            v
        })
        .collect();
    let notes: Vec<Value> = report
        .notes
        .iter()
        .map(|n| json!({"file": n.file, "message": n.message}))
        .collect();
    json!({
        "version": FORMAT_VERSION,
        "tool": {"name": "ailint", "version": env!("CARGO_PKG_VERSION")},
        "summary": {
            "files": report.files,
            "units": report.units,
            "findings": report.reported().count(),
            "suppressed": report.suppressed,
            "parse_errors": report.parse_errors,
            "duration_ms": report.duration_ms,
        },
        "findings": findings,
        "notes": notes,
        "stale_baseline": report.stale_baseline,
    })
}

pub fn render(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(&to_value(report)).unwrap_or_else(|e| {
        // Serialising plain JSON values cannot fail; say so loudly if it ever does.
        format!("{{\"error\": \"cannot serialise report: {e}\"}}")
    });
    s.push('\n');
    s
}
