//! ailint: a policy-as-code linter for AI infrastructure. [`check`] runs the pipeline, whose
//! modules read bottom-up: discover → unit → parse → input → engine (with the facts units share)
//! → suppress → report → render → commands; `main` only calls [`commands::run`].

pub mod changes;
pub mod cli;
pub mod commands;
pub mod config;
pub mod discover;
pub mod engine;
pub mod error;
pub mod facts;
pub mod finding;
pub mod finding_store;
pub mod fix;
pub mod input;
pub mod inventory;
pub mod parse;
pub mod policy;
pub mod render;
pub mod report;
pub mod repository;
pub mod selector;
pub mod settings;
pub mod suggest;
pub mod suppress;
pub mod unit;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use engine::{Run, UnitOutcome};
use error::{Error, Result};
use finding::Finding;
use finding_store::FindingStore;
use policy::{ActiveRule, PolicySet, RuleMeta};
pub use report::Report;
use settings::Settings;
use suppress::{InSource, Suppressor};

/// Keeps regorus's internal `anyhow` errors (failed parse alternatives, failed builtins) from
/// capturing a backtrace, which they do whenever RUST_BACKTRACE is set (common in CI): that alone
/// made compiling the bundled policies 3x slower. Panics keep theirs (RUST_BACKTRACE). Call it
/// at start-up, before any thread runs, unless the user set RUST_LIB_BACKTRACE.
pub fn quiet_library_backtraces() {
    if std::env::var_os("RUST_LIB_BACKTRACE").is_none() {
        std::env::set_var("RUST_LIB_BACKTRACE", "0");
    }
}

/// Units evaluated at a time: enough to keep every worker busy, few enough that their findings
/// and texts do not pile up before they reach the store.
const UNITS_PER_BATCH: usize = 128;

/// A run of up to this many units is small: its units are parsed once more before evaluation to
/// learn which rules can fire on them, and only those are compiled (a few ms instead of ~20).
const SMALL_RUN_UNITS: usize = 4;

/// Where the findings of each unit go as units finish: the configuration's and the baseline's
/// suppressions are applied, then the store keeps them (in bounded memory).
struct Sink<'a> {
    report: Report,
    suppressor: Suppressor<'a>,
    /// With `--changed-since`: what changed, and the directory findings' files are relative to.
    changes: Option<(changes::Changes, &'a Path)>,
}

impl Sink<'_> {
    fn accept(&mut self, f: Finding) {
        self.accept_changed(f, false);
    }

    /// Accepts `f`; with `--changed-since`, only when it is on a change, or when `values_changed`
    /// (its unit's variable or parameter files changed: any value of the unit may have).
    fn accept_changed(&mut self, mut f: Finding, values_changed: bool) {
        if let Some((changes, cwd)) = &self.changes {
            if !values_changed && !changes.keeps(&f, &cwd.join(&f.file)) {
                return;
            }
        }
        self.suppressor.finding(&mut f);
        self.report.findings.push(f);
    }

    /// Whether a variable or parameter file of `unit` changed (`--changed-since`).
    fn values_changed(&self, unit: &unit::Unit) -> bool {
        let Some((changes, cwd)) = &self.changes else {
            return false;
        };
        unit.files
            .iter()
            .any(|f| f.kind.is_auxiliary() && changes.touches(&cwd.join(&f.path)))
    }

    fn accept_unit(&mut self, outcome: UnitOutcome, values_changed: bool) {
        for (name, text) in outcome.sources {
            self.report.sources.entry(name).or_insert(text);
        }
        self.report.parse_errors += outcome.parse_errors;
        self.report.errors.extend(outcome.errors);
        for f in outcome.findings {
            self.accept_changed(f, values_changed);
        }
    }
}

/// The active rules that can report on `units`: their format's, and of those the ones whose
/// METADATA `resource_types` occur in the unit.
fn rules_needed<'a>(
    units: &[unit::Unit],
    rules: &'a [ActiveRule],
    settings: &Settings,
) -> Vec<&'a RuleMeta> {
    let mut wanted: Vec<&RuleMeta> = Vec::new();
    for u in units {
        let (read, _) = u.read();
        let parsed = parse::parse_unit(u.format, &read.files, &settings.parse);
        let types = input::unit_types(parsed.resources.iter().map(|(_, r)| r));
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
pub fn check(settings: &Settings, policies: &PolicySet, cwd: &Path) -> Result<Report> {
    let started = Instant::now();
    let exclude = config::globset_of(&settings.exclude).map_err(Error::Config)?;
    let discovery = discover::discover(&settings.paths, cwd, &exclude).map_err(Error::Usage)?;
    let rules = settings.active_rules(&policies.rules);
    let mut per_file = Vec::new();
    for entry in &settings.per_file_ignores {
        per_file.push((
            config::globset_of(&entry.files).map_err(Error::Config)?,
            entry,
        ));
    }
    let changes = match &settings.changed_since {
        Some(reference) => Some(
            changes::Changes::since(reference, &git_dir_of(&settings.paths, cwd))
                .map_err(Error::Usage)?,
        ),
        None => None,
    };
    let mut sink = Sink {
        report: Report {
            notes: discovery.notes,
            findings: FindingStore::with_budget(settings.finding_memory),
            ..Report::default()
        },
        suppressor: Suppressor::new(&policies.rules, per_file, settings.baseline.as_ref()),
        changes: changes.map(|c| (c, cwd)),
    };
    let in_source = InSource {
        rules: &policies.rules,
        active: &rules,
        report_unused: settings.report_unused_ignores,
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
        sink.accept(Finding::unreadable(&u.display, u.position, &u.message));
    }
    let mut files = discovery.files;
    if !settings.sources.is_empty() {
        for f in &mut files {
            if let Some(text) = settings.sources.get(&f.display) {
                f.text = text.clone();
            }
        }
    }
    let mut units = units_to_check(files);
    if let Some((changes, _)) = &sink.changes {
        retain_changed_units(&mut units, changes, cwd);
    }
    let repositories = unit_repositories(&units, &settings.paths, cwd);
    sink.report.units = units.len();
    let subset;
    let engine = if units.len() <= SMALL_RUN_UNITS {
        subset = policies.engine_for(&rules_needed(&units, &rules, settings))?;
        &subset
    } else {
        policies.engine()?
    };
    let run = |sink: &mut Sink| {
        let no_context = serde_json::json!({});
        let run = Run {
            shared: input::Shared {
                config: &settings.policy_config,
                context: &no_context,
            },
            parse: &settings.parse,
            skip_by_type: settings.skip_by_type,
            engine,
        };
        let contexts = shared_contexts(&units, &repositories, policies, run, sink);
        for (batch, batch_repos) in units
            .chunks(UNITS_PER_BATCH)
            .zip(repositories.chunks(UNITS_PER_BATCH))
        {
            let outcomes: Vec<UnitOutcome> = batch
                .par_iter()
                .zip(batch_repos)
                .map(|(u, repo)| {
                    let mut run = run;
                    run.shared.context = contexts.of(repo);
                    let mut outcome = engine::check_unit(u, &rules, run);
                    in_source.apply(&mut outcome);
                    outcome.release(settings.keep_sources);
                    outcome
                })
                .collect();
            for (outcome, u) in outcomes.into_iter().zip(batch) {
                let values_changed = sink.values_changed(u);
                sink.accept_unit(outcome, values_changed);
            }
        }
    };
    with_jobs(settings.jobs, || run(&mut sink))?;
    let mut report = sink.report;
    report.stale_baseline = sink.suppressor.stale_baseline();
    report.findings.finish();
    report.suppressed = report.findings.suppressed_count();
    report.duration_ms = started.elapsed().as_millis();
    Ok(report)
}

/// Runs `work` on `jobs` worker threads (`None`: rayon's pool, one thread per core).
pub(crate) fn with_jobs<T: Send>(
    jobs: Option<usize>,
    work: impl FnOnce() -> T + Send,
) -> Result<T> {
    match jobs {
        Some(n) => Ok(rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
            .map_err(|e| Error::Internal(format!("cannot start {n} worker threads: {e}")))?
            .install(work)),
        None => Ok(work()),
    }
}

/// Where git is asked about changes: in the repository of what is checked, which need not be the
/// working directory's.
pub(crate) fn git_dir_of(paths: &[PathBuf], cwd: &Path) -> PathBuf {
    match paths.first().map(|p| cwd.join(p)) {
        Some(p) if p.is_dir() => p,
        Some(p) => p
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| cwd.to_path_buf()),
        None => cwd.to_path_buf(),
    }
}

/// With `--changed-since`, the units that hold a changed file. A changed file that is in no unit
/// (a local Terraform module or Bicep module, checked through its callers) keeps every unit of its
/// format: any of them may call it.
pub(crate) fn retain_changed_units(
    units: &mut Vec<unit::Unit>,
    changes: &changes::Changes,
    cwd: &Path,
) {
    let in_units: HashSet<PathBuf> = units
        .iter()
        .flat_map(|u| u.files.iter())
        .map(|f| std::fs::canonicalize(cwd.join(&f.path)).unwrap_or_else(|_| cwd.join(&f.path)))
        .collect();
    let orphan_of = |ext: &str| {
        changes.files().any(|p| {
            !in_units.contains(p) && p.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext))
        })
    };
    let (terraform, bicep) = (orphan_of("tf"), orphan_of("bicep"));
    units.retain(|u| {
        u.files.iter().any(|f| changes.touches(&cwd.join(&f.path)))
            || (terraform && u.format == parse::Format::Terraform)
            || (bicep && u.format == parse::Format::Bicep)
    });
}

/// The units of the discovered files. A directory (Terraform) or `.bicep` file that another unit
/// calls as a local module is checked through that call, with the caller's values; on its own its
/// variables are unknown and what the caller adds around it (a private endpoint, a diagnostic
/// setting) is missing. An ARM template compiled from a `.bicep` beside it is checked as that
/// `.bicep`.
pub(crate) fn units_to_check(files: Vec<discover::SourceFile>) -> Vec<unit::Unit> {
    let mut units = unit::group(files);
    let called: HashSet<(parse::Format, String)> = units
        .par_iter()
        .flat_map_iter(|u| match u.format {
            parse::Format::Terraform => parse::terraform::module::called_module_dirs(&u.files)
                .into_iter()
                .map(|d| (parse::Format::Terraform, d))
                .collect(),
            // A Bicep module may be an ARM template.
            parse::Format::Bicep => bicep_modules(u)
                .into_iter()
                .map(|d| match d.to_ascii_lowercase().ends_with(".json") {
                    true => (parse::Format::Arm, d),
                    false => (parse::Format::Bicep, d),
                })
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    let bicep: HashSet<String> = units
        .iter()
        .filter(|u| u.format == parse::Format::Bicep)
        .map(|u| u.name.clone())
        .collect();
    units.retain(|u| {
        let called_as_module = called.contains(&(u.format, u.name.clone()));
        let compiled_twin = u.format == parse::Format::Arm && compiled_from_bicep(u, &bicep);
        !called_as_module && !compiled_twin
    });
    units
}

/// The local modules the `.bicep` file of a Bicep unit calls (read now: discovery keeps no text).
fn bicep_modules(unit: &unit::Unit) -> Vec<String> {
    unit.files
        .iter()
        .filter(|f| f.kind == discover::FileKind::Bicep)
        .filter_map(|f| Some((f, std::fs::read_to_string(&f.path).ok()?)))
        .flat_map(|(f, text)| parse::bicep::lower::local_modules(&f.display, &text))
        .collect()
}

/// An ARM template `x.json` that the Bicep compiler generated (`metadata._generator.name` is
/// `bicep`) from the `x.bicep` beside it, which is checked instead.
fn compiled_from_bicep(unit: &unit::Unit, bicep: &HashSet<String>) -> bool {
    let Some(twin) = unit
        .name
        .strip_suffix(".json")
        .map(|s| format!("{s}.bicep"))
    else {
        return false;
    };
    if !bicep.contains(&twin) {
        return false;
    }
    let Some(template) = unit
        .files
        .iter()
        .find(|f| f.kind == discover::FileKind::ArmTemplate)
    else {
        return false;
    };
    std::fs::read_to_string(&template.path)
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|v| {
            v.pointer("/metadata/_generator/name")
                .and_then(|n| n.as_str())
                .map(|n| n.eq_ignore_ascii_case("bicep"))
        })
        .unwrap_or(false)
}

/// The repository of each unit (see [`repository`]), in the order of `units`.
fn unit_repositories(units: &[unit::Unit], given: &[PathBuf], cwd: &Path) -> Vec<String> {
    let mut repositories = repository::Repositories::new(given, cwd);
    units
        .iter()
        .map(|u| match u.files.first() {
            Some(f) => repositories.of(&f.path),
            None => String::new(),
        })
        .collect()
}

/// The `input.context` of each repository of the run, and the one of a repository that
/// declares no facts.
struct Contexts {
    by_repository: HashMap<String, serde_json::Value>,
    empty: serde_json::Value,
}

impl Contexts {
    fn of(&self, repository: &str) -> &serde_json::Value {
        self.by_repository.get(repository).unwrap_or(&self.empty)
    }
}

/// The `input.context` of each repository: the facts its units declare (see [`facts`]), gathered
/// before any rule runs so that each unit sees all of them, whichever finishes first. Facts do
/// not cross repositories: the GPU pools of one do not schedule the pods of another.
fn shared_contexts(
    units: &[unit::Unit],
    repositories: &[String],
    policies: &PolicySet,
    run: Run<'_>,
    sink: &mut Sink,
) -> Contexts {
    let mut gathered: BTreeMap<&str, facts::Gathered> = BTreeMap::new();
    for (batch, batch_repos) in units
        .chunks(UNITS_PER_BATCH)
        .zip(repositories.chunks(UNITS_PER_BATCH))
    {
        let declared: Vec<_> = batch
            .par_iter()
            .map(|u| engine::unit_facts(u, policies, run))
            .collect();
        for ((facts, errors), repo) in declared.into_iter().zip(batch_repos) {
            if !facts.is_empty() {
                gathered.entry(repo.as_str()).or_default().add(facts);
            }
            sink.report.errors.extend(errors);
        }
    }
    let mut context_of = |g: facts::Gathered| {
        g.context(run.engine).unwrap_or_else(|e| {
            sink.report.errors.push(format!("context of the run: {e}"));
            serde_json::json!({})
        })
    };
    let empty = context_of(facts::Gathered::default());
    let by_repository = gathered
        .into_iter()
        .map(|(repo, g)| (repo.to_string(), context_of(g)))
        .collect();
    Contexts {
        by_repository,
        empty,
    }
}
