//! `ailint rules` (the table of all rules, or JSON) and `ailint rule ID|slug` (one rule's docs, from
//! its METADATA).

use std::fmt::Write as _;
use std::io::Write;

use serde_json::json;

use super::ExitStatus;
use crate::cli::{RuleArgs, RulesArgs, RulesFormat};
use crate::error::{Error, Result};
use crate::parse::Format;
use crate::policy::{docs_url, examples, PolicySet, RuleMeta};
use crate::selector;

pub fn list(args: &RulesArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    let policies = PolicySet::load(&args.policy_dir, &super::cwd()?)?;
    let text = match args.format {
        RulesFormat::Json => {
            let rules: Vec<_> = policies.rules.iter().map(rule_json).collect();
            let mut s = serde_json::to_string_pretty(&json!({ "rules": rules }))
                .map_err(|e| Error::Internal(e.to_string()))?;
            s.push('\n');
            s
        }
        RulesFormat::Table => table(&policies.rules),
    };
    out.write_all(text.as_bytes())?;
    Ok(ExitStatus::Success)
}

fn format_names(formats: &[Format]) -> Vec<&'static str> {
    formats.iter().map(|f| f.as_str()).collect()
}

fn rule_json(r: &RuleMeta) -> serde_json::Value {
    json!({
        "id": r.id,
        "slug": r.slug,
        "title": r.title,
        "severity": r.severity,
        "formats": format_names(&r.formats),
        "resource_types": r.resource_types,
        "default": if r.enabled_by_default { "on" } else { "off" },
        "tags": r.tags,
        "description": r.description,
        "remediation": r.remediation,
        "fix": r.fix.map(|f| f.as_str()),
        "references": r.references.iter().map(|x| x.to_json()).collect::<Vec<_>>(),
        "url": docs_url(r),
    })
}

fn table(rules: &[RuleMeta]) -> String {
    let slug_w = rules.iter().map(|r| r.slug.len()).max().unwrap_or(4).max(4);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<7} {:<slug_w$} {:<8} {:<3} FORMATS",
        "ID", "SLUG", "SEVERITY", "ON"
    );
    for r in rules {
        let _ = writeln!(
            s,
            "{:<7} {:<slug_w$} {:<8} {:<3} {}",
            r.id,
            r.slug,
            r.severity.as_str(),
            if r.enabled_by_default { "yes" } else { "no" },
            format_names(&r.formats).join(", ")
        );
    }
    s
}

/// What `--fix` does for the rule's findings.
fn fix_text(r: &RuleMeta) -> &'static str {
    match r.fix {
        Some(crate::finding::Safety::Safe) => {
            "safe: `ailint check --fix` applies it in the file's own formatting (`--diff` shows it first); a value written as an expression is left to you"
        }
        Some(crate::finding::Safety::Unsafe) => {
            "unsafe: applied only with `ailint check --fix --unsafe-fixes` (correct for the rule, but it can cut off clients or change cost); `--diff` shows it first"
        }
        None => "none: the fix needs a value only you know",
    }
}

/// The formats a rule runs on as users read them: a `terraform` rule also checks plan JSON.
fn formats_text(formats: &[Format]) -> String {
    formats
        .iter()
        .map(|f| match f {
            Format::Terraform => "terraform (HCL and plan JSON)".to_string(),
            other => other.as_str().to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn show(args: &RuleArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    let policies = PolicySet::load(&args.policy_dir, &super::cwd()?)?;
    let Some(r) = policies.find(&args.rule) else {
        return Err(Error::Usage(format!(
            "no rule `{}`{}; see `ailint rules`",
            args.rule,
            selector::suggestion(&args.rule, &policies.rules)
        )));
    };
    let mut s = String::new();
    let _ = writeln!(s, "{} {}: {}\n", r.id, r.slug, r.title);
    let _ = writeln!(
        s,
        "Severity: {}   Formats: {}   Enabled by default: {}\n",
        r.severity,
        formats_text(&r.formats),
        if r.enabled_by_default {
            "yes"
        } else {
            "no (select it with --select)"
        }
    );
    if !r.resource_types.is_empty() {
        let _ = writeln!(
            s,
            "Evaluated on units with: {}\n",
            r.resource_types.join(", ")
        );
    }
    let _ = writeln!(s, "Why it matters\n{}\n", indent(&r.description));
    for format in r.formats.iter().map(|f| f.as_str()) {
        if let Some(fail) = examples::failing(&r.id, &r.slug, format) {
            let _ = writeln!(
                s,
                "Example ({format}, reported): {}\n{}\n",
                fail.file,
                fail.render()
            );
        }
        if let Some(pass) = examples::passing(&r.id, &r.slug, format) {
            let _ = writeln!(
                s,
                "Example ({format}, passes): {}\n{}\n",
                pass.file,
                pass.render()
            );
        }
    }
    let _ = writeln!(s, "How to fix\n{}\n", indent(&r.remediation));
    let _ = writeln!(s, "Autofix\n  {}\n", fix_text(r));
    let _ = writeln!(
        s,
        "How to turn it off\n  ailint check --ignore {id}   (or --ignore {slug})\n  .ailint.toml: ignore = [\"{id}\"]\n",
        id = r.id,
        slug = r.slug
    );
    if !r.references.is_empty() {
        let _ = writeln!(s, "Compliance references");
        for reference in &r.references {
            let _ = writeln!(s, "  {}", reference.describe());
        }
        let _ = writeln!(s);
    }
    if !r.tags.is_empty() {
        let _ = writeln!(
            s,
            "Tags: {}   (select them all with --select <tag>)\n",
            r.tags.join(", ")
        );
    }
    let _ = writeln!(s, "Reference: {}", docs_url(r));
    out.write_all(s.as_bytes())?;
    Ok(ExitStatus::Success)
}

/// Indents `text` by two spaces and wraps each of its lines at 100 columns.
fn indent(text: &str) -> String {
    const WIDTH: usize = 98;
    let mut out = Vec::new();
    for line in text.lines() {
        let mut current = String::new();
        for word in line.split_whitespace() {
            if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > WIDTH {
                out.push(format!("  {current}"));
                current.clear();
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
        out.push(format!("  {current}"));
    }
    out.join("\n")
}
