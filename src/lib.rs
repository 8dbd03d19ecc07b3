//! ailint: a policy-as-code linter for AI infrastructure. [`check`] discovers files, groups them
//! into units, parses them, evaluates the bundled Rego policies in parallel and returns located
//! findings; rendering and exit codes live in the CLI layer.

pub mod baseline;
pub mod cli;
pub mod commands;
pub mod config;
pub mod discover;
pub mod engine;
pub mod finding;
pub mod parse;
pub mod policy;
pub mod render;
pub mod settings;
pub mod suppress;
pub mod unit;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use discover::Note;
use engine::UnitContext;
use finding::Finding;
use policy::PolicySet;
use settings::Settings;

/// Everything a check found, ready to render.
#[derive(Debug, Default)]
pub struct Report {
    /// Sorted by file, line, column, rule id.
    pub findings: Vec<Finding>,
    pub notes: Vec<Note>,
    /// Internal errors (exit code 2).
    pub errors: Vec<String>,
    pub files: usize,
    /// Every reported file, sorted (for formats that list clean files too, like JUnit).
    pub checked_files: Vec<String>,
    pub units: usize,
    pub parse_errors: usize,
    pub duration_ms: u128,
    /// Text of every file that has a finding, for snippets.
    pub sources: BTreeMap<String, Arc<str>>,
    /// Baseline entries that matched no finding.
    pub stale_baseline: Vec<baseline::Entry>,
    /// How many findings were suppressed (inline, configuration or baseline).
    pub suppressed: usize,
}

impl Report {
    /// Findings that count (not suppressed).
    pub fn reported(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.suppressed.is_none())
    }

    fn suppressed_count(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.suppressed.is_some())
            .count()
    }
}

/// Runs a check of `settings.paths` relative to `cwd`.
pub fn check(settings: &Settings, policies: &PolicySet, cwd: &Path) -> Result<Report, String> {
    let started = Instant::now();
    let exclude = config::globset_of(&settings.exclude)?;
    let discovery = discover::discover(&settings.paths, cwd, &exclude)?;
    let rules = settings.active_rules(&policies.rules);
    let mut report = Report {
        notes: discovery.notes,
        ..Report::default()
    };
    report.checked_files = discovery
        .files
        .iter()
        .filter(|f| f.reported)
        .map(|f| f.display.clone())
        .chain(discovery.unreadable.iter().map(|u| u.display.clone()))
        .collect();
    report.checked_files.sort();
    report.files = report.checked_files.len();
    for u in &discovery.unreadable {
        report.parse_errors += 1;
        let (line, column) = u.position.unwrap_or((1, 1));
        let span = finding::Span {
            line,
            column,
            end_line: line,
            end_column: column + 1,
        };
        let mut f = engine::parse_error_finding(&u.display, span, 0..0, &u.message);
        f.message = u.message.clone();
        report.findings.push(f);
    }
    let mut units = unit::group(discovery.files);
    // A directory that another unit calls as a local module is checked through that call, with
    // the caller's values; on its own its variables are unknown and what the caller adds around
    // it (a private endpoint, a diagnostic setting) is missing.
    let called: std::collections::HashSet<String> = units
        .par_iter()
        .filter(|u| u.format == parse::Format::Terraform)
        .flat_map_iter(|u| parse::terraform_module::called_module_dirs(&u.files))
        .collect();
    units.retain(|u| u.format != parse::Format::Terraform || !called.contains(&u.name));
    report.units = units.len();

    // Kubernetes units are told what the Terraform and ARM units declare about the cluster (GPU
    // node pool taints), so those run first; within each phase units are independent.
    let (cluster_units, k8s_units): (Vec<&unit::Unit>, Vec<&unit::Unit>) = units
        .iter()
        .partition(|u| u.format != parse::Format::Kubernetes);
    let config = &settings.policy_config;
    let run = || {
        let empty = serde_json::json!({});
        let first = UnitContext {
            known: &empty,
            collect: !k8s_units.is_empty(),
            report_unused_ignores: settings.report_unused_ignores,
            parse: &settings.parse,
        };
        let mut outcomes: Vec<_> = cluster_units
            .par_iter()
            .map(|u| (*u, engine::check_unit(u, policies, &rules, config, first)))
            .collect();
        let mut taints: Vec<serde_json::Value> = outcomes
            .iter_mut()
            .flat_map(|(_, o)| std::mem::take(&mut o.context))
            .collect();
        taints.sort_by_key(|t| t.to_string());
        taints.dedup();
        let known = gpu_taint_context(taints);
        let second = UnitContext {
            known: &known,
            collect: false,
            report_unused_ignores: settings.report_unused_ignores,
            parse: &settings.parse,
        };
        let k8s: Vec<_> = k8s_units
            .par_iter()
            .map(|u| (*u, engine::check_unit(u, policies, &rules, config, second)))
            .collect();
        outcomes.extend(k8s);
        outcomes
    };
    let outcomes = match settings.jobs {
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
            .map_err(|e| format!("cannot start {n} worker threads: {e}"))?
            .install(run),
        None => run(),
    };
    for (unit, outcome) in outcomes {
        report.parse_errors += outcome.parse_errors;
        report.errors.extend(outcome.errors);
        for f in &outcome.findings {
            let mut files = unit.files.iter().chain(&outcome.extra_files);
            if let Some(file) = files.find(|s| s.display == f.file) {
                report
                    .sources
                    .entry(f.file.clone())
                    .or_insert_with(|| file.text.clone());
            }
        }
        report.findings.extend(outcome.findings);
    }
    apply_per_file_ignores(
        &settings.per_file_ignores,
        &policies.rules,
        &mut report.findings,
    )?;
    if let Some(baseline) = &settings.baseline {
        report.stale_baseline = baseline::apply(baseline, &mut report.findings);
    }
    report.findings.sort_by(Finding::sort_key_cmp);
    // A module's resources are checked in its own unit and in each unit that calls it: one
    // finding per rule and place is enough.
    report.findings.dedup_by(|later, first| {
        later.rule_id == first.rule_id && later.file == first.file && later.span == first.span
    });
    report.suppressed = report.suppressed_count();
    report.duration_ms = started.elapsed().as_millis();
    Ok(report)
}

/// What Kubernetes units are told about the GPU node pools of the run. Pools with the same
/// taints are interchangeable for a toleration check, so each distinct set of taints is given once,
/// under its first pool (`gpu_pool_taints`, with `gpu_node_taints` the same taints as a flat
/// list), and `gpu_pool_count` says how many pools there are: a repository with thousands of
/// identical pools must not make every Kubernetes unit compare against each of them.
fn gpu_taint_context(taints: Vec<serde_json::Value>) -> serde_json::Value {
    use serde_json::Value;
    let mut by_pool: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for t in taints {
        if let Some(pool) = t.get("pool").and_then(Value::as_str) {
            by_pool.entry(pool.to_string()).or_default().push(t);
        }
    }
    let pool_count = by_pool.len();
    let mut seen = std::collections::HashSet::new();
    let mut grouped = serde_json::Map::new();
    let mut flat = Vec::new();
    for (pool, mut list) in by_pool {
        let mut key: Vec<String> = list
            .iter()
            .map(|t| {
                let mut t = t.clone();
                if let Value::Object(m) = &mut t {
                    m.remove("pool");
                }
                t.to_string()
            })
            .collect();
        key.sort();
        if !seen.insert(key) {
            continue;
        }
        list.sort_by_key(|t| t.to_string());
        flat.extend(list.iter().cloned());
        grouped.insert(pool, Value::Array(list));
    }
    serde_json::json!({
        "gpu_node_taints": flat,
        "gpu_pool_taints": grouped,
        "gpu_pool_count": pool_count,
    })
}

/// Silences the findings that `[[per_file_ignores]]` covers.
fn apply_per_file_ignores(
    entries: &[config::PerFileIgnore],
    rules: &[policy::RuleMeta],
    findings: &mut [Finding],
) -> Result<(), String> {
    for entry in entries {
        let globs = config::globset_of(&entry.files)?;
        for f in findings.iter_mut().filter(|f| f.suppressed.is_none()) {
            if globs.is_match(&f.file) && suppress::selects(&entry.ignore, &f.rule_id, rules) {
                f.suppressed = Some(finding::Suppression {
                    kind: "config",
                    reason: format!("per_file_ignores {}", entry.files.join(", ")),
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pools_with_the_same_taints_are_given_once_and_counted() {
        let taint = |pool: &str, key: &str| json!({"key": key, "value": "gpu", "effect": "NoSchedule", "pool": pool});
        let context = gpu_taint_context(vec![
            taint("b", "sku"),
            taint("a", "sku"),
            taint("c", "team"),
            taint("c", "sku"),
        ]);
        assert_eq!(context["gpu_pool_count"], json!(3));
        let grouped = context["gpu_pool_taints"].as_object().unwrap();
        assert_eq!(grouped.keys().collect::<Vec<_>>(), ["a", "c"]);
        assert_eq!(grouped["c"].as_array().unwrap().len(), 2);
        assert_eq!(context["gpu_node_taints"].as_array().unwrap().len(), 3);
    }
}
