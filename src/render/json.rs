//! `json`: the stable, versioned machine contract documented in README.md. Fields may be added,
//! never renamed or dropped; output is byte-identical for the same input except `duration_ms`.

use std::io::Write;

use serde::Serialize;
use serde_json::{json, Value};

use super::{write_json_document, Options, StreamedArray};
use crate::finding::{Finding, Safety};
use crate::report::Report;

/// Version of the JSON document's shape.
pub const FORMAT_VERSION: u32 = 1;

/// The document, with `findings` streamed (see [`StreamedArray`]).
#[derive(Serialize)]
struct Document<'a, S> {
    version: u32,
    tool: Value,
    summary: Value,
    findings: S,
    notes: Vec<Value>,
    stale_baseline: &'a [crate::suppress::baseline::Entry],
}

fn finding_value(f: &Finding) -> Value {
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
    if let Some(fix) = &f.fix {
        v["fix"] = json!({
            "safety": fix.safety,
            "description": fix.description,
            "edits": fix.edits.iter().map(|e| json!({
                "file": e.file,
                "line": e.start.0,
                "column": e.start.1,
                "end_line": e.end.0,
                "end_column": e.end.1,
                "byte_start": e.range.start,
                "byte_end": e.range.end,
                "replacement": e.replacement,
            })).collect::<Vec<_>>(),
        });
    }
    v
}

/// Writes the report to `out`, one finding at a time.
pub fn write(report: &Report, _: &Options, out: &mut dyn Write) -> std::io::Result<()> {
    let document = Document {
        version: FORMAT_VERSION,
        tool: json!({"name": "ailint", "version": env!("CARGO_PKG_VERSION")}),
        summary: json!({
            "files": report.files,
            "units": report.units,
            "findings": report.findings.reported_count(None),
            "suppressed": report.suppressed,
            "fixable": report.findings.fixable_count(Safety::Safe)
                + report.findings.fixable_count(Safety::Unsafe),
            "fixed": report.fixed,
            "parse_errors": report.parse_errors,
            "duration_ms": report.duration_ms,
        }),
        findings: StreamedArray(|| report.findings.iter().map(|f| finding_value(&f))),
        notes: report
            .notes
            .iter()
            .map(|n| json!({"file": n.file, "message": n.message}))
            .collect(),
        stale_baseline: &report.stale_baseline,
    };
    write_json_document(&document, out)
}
