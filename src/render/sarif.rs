//! `sarif`: SARIF 2.1.0 for code-scanning tools (GitHub `upload-sarif`). Every rule is described in
//! `tool.driver.rules`; each result has one physical location with a full region and a
//! `partialFingerprints` entry that does not depend on line numbers, so alerts survive edits above.

use std::io::Write;

use serde::Serialize;
use serde_json::{json, Value};

use super::{write_json_document, Options, StreamedArray};
use crate::finding::{Builtin, Finding, Severity, BUILTINS};
use crate::policy::{docs_url, RuleMeta};
use crate::report::Report;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// Key of our fingerprint in `partialFingerprints`; bump the version if its recipe changes.
const FINGERPRINT_KEY: &str = "ailint/v1";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// GitHub ranks security alerts by `security-severity` (0-10); only rules tagged `security` get one.
fn security_severity(rule: &RuleMeta) -> Option<&'static str> {
    rule.tags
        .iter()
        .any(|t| t == "security")
        .then_some(match rule.severity {
            Severity::Error => "8.0",
            Severity::Warning => "5.5",
            Severity::Info => "3.0",
        })
}

fn rule_descriptor(rule: &RuleMeta) -> Value {
    let mut properties = json!({ "tags": rule.tags, "precision": "high" });
    if let Some(s) = security_severity(rule) {
        properties["security-severity"] = json!(s);
    }
    if !rule.references.is_empty() {
        properties["references"] = rule.references.iter().map(|r| r.to_json()).collect();
    }
    let url = docs_url(rule);
    let mut markdown = format!(
        "{}\n\n**How to fix**\n\n{}",
        rule.description, rule.remediation
    );
    if !url.is_empty() {
        markdown.push_str(&format!("\n\n[Rule reference]({url})"));
    }
    let mut descriptor = json!({
        "id": rule.id,
        "name": rule.slug,
        "shortDescription": { "text": rule.title },
        "fullDescription": { "text": rule.description },
        "help": { "text": rule.remediation, "markdown": markdown },
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": properties,
    });
    // A user's rule may have no documentation address; SARIF wants a URI or nothing.
    if !url.is_empty() {
        descriptor["helpUri"] = json!(url);
    }
    descriptor
}

fn builtin_descriptor(b: Builtin) -> Value {
    json!({
        "id": b.id,
        "name": b.slug,
        "shortDescription": { "text": b.title },
        "fullDescription": { "text": b.description },
        "help": { "text": b.help, "markdown": b.help },
        "helpUri": b.url(),
        "defaultConfiguration": { "level": level(b.severity) },
        "properties": { "tags": ["ailint"], "precision": "very-high" },
    })
}

/// A relative path as a URI reference: `/`-separated, with reserved and non-ASCII bytes
/// percent-encoded. Absolute paths (outside the working directory) become `file://` URIs.
pub fn file_uri(path: &str) -> (String, bool) {
    let encoded: String = path
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    if path.starts_with('/') {
        (format!("file://{encoded}"), true)
    } else {
        (encoded, false)
    }
}

/// One result of the run.
fn result_value(f: &Finding, index_of: &dyn Fn(&str) -> Option<usize>) -> Value {
    let (uri, absolute) = file_uri(&f.file);
    let mut artifact = json!({ "uri": uri });
    if !absolute {
        artifact["uriBaseId"] = json!("%SRCROOT%");
    }
    let mut location = json!({
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": {
                "startLine": f.span.line,
                "startColumn": f.span.column,
                "endLine": f.span.end_line,
                "endColumn": f.span.end_column,
            },
        },
    });
    if let Some(resource) = &f.resource {
        location["logicalLocations"] =
            json!([{ "fullyQualifiedName": resource, "kind": "resource" }]);
    }
    let mut result = json!({
        "ruleId": f.rule_id,
        "level": level(f.severity),
        "message": { "text": f.message },
        "locations": [location],
        "partialFingerprints": { FINGERPRINT_KEY: f.fingerprint() },
    });
    if let Some(i) = index_of(&f.rule_id) {
        result["ruleIndex"] = json!(i);
    }
    if let Some(fix) = &f.fix {
        result["fixes"] = json!([fix_value(fix)]);
    }
    if let Some(s) = &f.suppressed {
        let kind = if s.kind.in_source() {
            "inSource"
        } else {
            "external"
        };
        result["suppressions"] =
            json!([{ "kind": kind, "status": "accepted", "justification": s.reason }]);
    }
    result
}

/// A fix as SARIF `fixes[]` holds it: the replacements in each file it changes (an insertion
/// deletes an empty region).
fn fix_value(fix: &crate::finding::Fix) -> Value {
    let mut changes: Vec<(String, Vec<Value>)> = Vec::new();
    for e in &fix.edits {
        let replacement = json!({
            "deletedRegion": {
                "startLine": e.start.0,
                "startColumn": e.start.1,
                "endLine": e.end.0,
                "endColumn": e.end.1,
            },
            "insertedContent": { "text": e.replacement },
        });
        match changes.iter_mut().find(|(file, _)| *file == e.file) {
            Some((_, list)) => list.push(replacement),
            None => changes.push((e.file.clone(), vec![replacement])),
        }
    }
    let artifact_changes: Vec<Value> = changes
        .into_iter()
        .map(|(file, replacements)| {
            let (uri, absolute) = file_uri(&file);
            let mut artifact = json!({ "uri": uri });
            if !absolute {
                artifact["uriBaseId"] = json!("%SRCROOT%");
            }
            json!({ "artifactLocation": artifact, "replacements": replacements })
        })
        .collect();
    json!({
        "description": { "text": format!("{} ({} fix)", fix.description, fix.safety.as_str()) },
        "artifactChanges": artifact_changes,
    })
}

/// The log, with `runs[0].results` streamed (see [`StreamedArray`]).
#[derive(Serialize)]
struct Log<S> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<S>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<S> {
    tool: Value,
    original_uri_base_ids: Value,
    column_kind: &'static str,
    invocations: Value,
    results: S,
}

/// Writes the SARIF log to `out`, one result at a time.
pub fn write(report: &Report, options: &Options, out: &mut dyn Write) -> std::io::Result<()> {
    let rules = options.rules;
    let mut descriptors: Vec<Value> = BUILTINS.iter().copied().map(builtin_descriptor).collect();
    descriptors.extend(rules.iter().map(rule_descriptor));
    let index_of = |id: &str| -> Option<usize> {
        BUILTINS.iter().position(|b| b.id == id).or_else(|| {
            rules
                .iter()
                .position(|r| r.id == id)
                .map(|i| i + BUILTINS.len())
        })
    };
    let notifications: Vec<Value> = report
        .notes
        .iter()
        .map(|n| {
            let (uri, _) = file_uri(&n.file);
            json!({
                "level": "note",
                "message": { "text": n.message },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri } } }],
            })
        })
        .chain(
            report
                .errors
                .iter()
                .map(|e| json!({ "level": "error", "message": { "text": e } })),
        )
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: json!({
                "driver": {
                    "name": "ailint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": descriptors,
                },
            }),
            original_uri_base_ids: json!({
                "%SRCROOT%": { "description": { "text": "The directory ailint ran in." } },
            }),
            column_kind: "unicodeCodePoints",
            invocations: json!([{
                "executionSuccessful": report.errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }]),
            results: StreamedArray(|| report.findings.iter().map(|f| result_value(&f, &index_of))),
        }],
    };
    write_json_document(&log, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_encoded() {
        assert_eq!(
            file_uri("infra/aks/gpu.tf"),
            ("infra/aks/gpu.tf".into(), false)
        );
        assert_eq!(
            file_uri("my dir/é.tf"),
            ("my%20dir/%C3%A9.tf".into(), false)
        );
        assert_eq!(file_uri("/tmp/x.tf"), ("file:///tmp/x.tf".into(), true));
    }
}
