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
pub mod finding_store;
pub mod parse;
pub mod policy;
pub mod render;
pub mod settings;
pub mod suppress;
pub mod unit;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use discover::Note;
use engine::UnitContext;
use finding::Finding;
use finding_store::FindingStore;
use policy::PolicySet;
use settings::Settings;

/// Keeps regorus's internal `anyhow` errors (failed parse alternatives, failed builtins) from
/// capturing a backtrace, which they do whenever RUST_BACKTRACE is set (common in CI): that alone
/// made compiling the bundled policies 3x slower. Panics keep theirs (RUST_BACKTRACE). Call it
/// at start-up, before any thread runs, unless the user set RUST_LIB_BACKTRACE.
pub fn quiet_library_backtraces() {
    if std::env::var_os("RUST_LIB_BACKTRACE").is_none() {
        std::env::set_var("RUST_LIB_BACKTRACE", "0");
    }
}

/// Everything a check found, ready to render.
#[derive(Debug, Default)]
pub struct Report {
    /// Sorted by file, line, column, rule id.
    pub findings: FindingStore,
    pub notes: Vec<Note>,
    /// Internal errors (exit code 2).
    pub errors: Vec<String>,
    pub files: usize,
    /// Every reported file, sorted (for formats that list clean files too, like JUnit).
    pub checked_files: Vec<String>,
    pub units: usize,
    pub parse_errors: usize,
    pub duration_ms: u128,
    /// Text of every file that has a finding, for snippets (when `Settings::keep_sources`).
    pub sources: BTreeMap<String, Arc<str>>,
    /// Baseline entries that matched no finding.
    pub stale_baseline: Vec<baseline::Entry>,
    /// How many findings were suppressed (inline, configuration or baseline).
    pub suppressed: usize,
}

impl Report {
    /// Findings that count (not suppressed).
    pub fn reported(&self) -> impl Iterator<Item = Cow<'_, Finding>> {
        self.findings.reported()
    }
}

/// Where the findings of each unit go as units finish: the configuration's per-file ignores and
/// the baseline are applied, then the store keeps them (in bounded memory).
struct Sink<'a> {
    report: Report,
    per_file_ignores: Vec<(globset::GlobSet, &'a config::PerFileIgnore)>,
    rules: &'a [policy::RuleMeta],
    baseline: Option<baseline::Matcher<'a>>,
}

impl Sink<'_> {
    fn accept(&mut self, mut f: Finding) {
        for (globs, entry) in &self.per_file_ignores {
            if f.suppressed.is_none()
                && globs.is_match(&f.file)
                && suppress::selects(&entry.ignore, &f.rule_id, self.rules)
            {
                f.suppressed = Some(finding::Suppression {
                    kind: "config",
                    reason: format!("per_file_ignores {}", entry.files.join(", ")),
                });
            }
        }
        if let Some(baseline) = &mut self.baseline {
            baseline.apply(&mut f);
        }
        self.report.findings.push(f);
    }

    fn accept_unit(&mut self, outcome: engine::UnitOutcome) {
        self.report.parse_errors += outcome.parse_errors;
        self.report.errors.extend(outcome.errors);
        for (name, text) in outcome.sources {
            self.report.sources.entry(name).or_insert(text);
        }
        for f in outcome.findings {
            self.accept(f);
        }
    }
}

/// Units evaluated at a time: enough to keep every worker busy, few enough that their findings
/// and texts do not pile up before they reach the store.
const UNITS_PER_BATCH: usize = 128;

/// A run of up to this many units is small: its units are parsed once more before evaluation to
/// learn which rules can fire on them, and only those are compiled (a few ms instead of ~20).
const SMALL_RUN_UNITS: usize = 4;

/// The active rules that can report on `units`: their format's, and of those the ones whose
/// METADATA `resource_types` occur in the unit.
fn rules_needed<'a>(
    units: &[unit::Unit],
    rules: &'a [engine::ActiveRule],
    settings: &Settings,
) -> Vec<&'a policy::RuleMeta> {
    let mut wanted: Vec<&policy::RuleMeta> = Vec::new();
    for u in units {
        let (read, _) = u.read();
        let parsed = parse::parse_unit(u.format, &read.files, &settings.parse);
        let types = engine::unit_types(parsed.resources.iter().map(|(_, r)| r));
        for r in rules {
            let fits = engine::runs_on(&r.meta, u.format, &types, settings.skip_by_type);
            if fits && !wanted.iter().any(|w| w.id == r.meta.id) {
                wanted.push(&r.meta);
            }
        }
    }
    wanted
}

/// Runs a check of `settings.paths` relative to `cwd`.
pub fn check(settings: &Settings, policies: &PolicySet, cwd: &Path) -> Result<Report, String> {
    let started = Instant::now();
    let exclude = config::globset_of(&settings.exclude)?;
    let discovery = discover::discover(&settings.paths, cwd, &exclude)?;
    let rules = settings.active_rules(&policies.rules);
    let mut per_file_ignores = Vec::new();
    for entry in &settings.per_file_ignores {
        per_file_ignores.push((config::globset_of(&entry.files)?, entry));
    }
    let mut sink = Sink {
        report: Report {
            notes: discovery.notes,
            findings: FindingStore::with_budget(settings.finding_memory),
            ..Report::default()
        },
        per_file_ignores,
        rules: &policies.rules,
        baseline: settings.baseline.as_ref().map(baseline::Matcher::new),
    };
    let report = &mut sink.report;
    report.checked_files = discovery
        .files
        .iter()
        .filter(|f| f.reported)
        .map(|f| f.display.clone())
        .chain(discovery.unreadable.iter().map(|u| u.display.clone()))
        .collect();
    report.checked_files.sort();
    report.files = report.checked_files.len();
    report.parse_errors += discovery.unreadable.len();
    for u in &discovery.unreadable {
        sink.accept(engine::unreadable_finding(
            &u.display, u.position, &u.message,
        ));
    }
    let mut units = unit::group(discovery.files);
    // A directory that another unit calls as a local module is checked through that call, with
    // the caller's values; on its own its variables are unknown and what the caller adds around
    // it (a private endpoint, a diagnostic setting) is missing.
    let called: std::collections::HashSet<String> = units
        .par_iter()
        .filter(|u| u.format == parse::Format::Terraform)
        .flat_map_iter(|u| parse::terraform::module::called_module_dirs(&u.files))
        .collect();
    units.retain(|u| u.format != parse::Format::Terraform || !called.contains(&u.name));
    sink.report.units = units.len();
    let subset;
    let engine = if units.len() <= SMALL_RUN_UNITS {
        subset = policies.engine_for(&rules_needed(&units, &rules, settings))?;
        &subset
    } else {
        policies.engine()?
    };

    // Kubernetes units are told what the Terraform and ARM units declare about the cluster (GPU
    // node pool taints), so those run first; within each phase units are independent.
    let (cluster_units, k8s_units): (Vec<&unit::Unit>, Vec<&unit::Unit>) = units
        .iter()
        .partition(|u| u.format != parse::Format::Kubernetes);
    let config = &settings.policy_config;
    let run = |sink: &mut Sink| {
        let empty = serde_json::json!({});
        let first = UnitContext {
            known: &empty,
            collect: !k8s_units.is_empty(),
            report_unused_ignores: settings.report_unused_ignores,
            parse: &settings.parse,
            keep_sources: settings.keep_sources,
            skip_by_type: settings.skip_by_type,
            engine,
        };
        let mut taints: Vec<serde_json::Value> = Vec::new();
        for batch in cluster_units.chunks(UNITS_PER_BATCH) {
            let outcomes: Vec<_> = batch
                .par_iter()
                .map(|u| engine::check_unit(u, policies, &rules, config, first))
                .collect();
            for mut outcome in outcomes {
                taints.append(&mut outcome.context);
                sink.accept_unit(outcome);
            }
        }
        taints.sort_by_key(|t| t.to_string());
        taints.dedup();
        let known = gpu_taint_context(taints);
        let second = UnitContext {
            known: &known,
            collect: false,
            report_unused_ignores: settings.report_unused_ignores,
            parse: &settings.parse,
            keep_sources: settings.keep_sources,
            skip_by_type: settings.skip_by_type,
            engine,
        };
        for batch in k8s_units.chunks(UNITS_PER_BATCH) {
            let outcomes: Vec<_> = batch
                .par_iter()
                .map(|u| engine::check_unit(u, policies, &rules, config, second))
                .collect();
            for outcome in outcomes {
                sink.accept_unit(outcome);
            }
        }
    };
    match settings.jobs {
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
            .map_err(|e| format!("cannot start {n} worker threads: {e}"))?
            .install(|| run(&mut sink)),
        None => run(&mut sink),
    };
    let stale = sink.baseline.take().map(baseline::Matcher::stale);
    let mut report = sink.report;
    report.stale_baseline = stale.unwrap_or_default();
    report.findings.finish();
    report.suppressed = report.findings.suppressed_count();
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
