//! The resolved settings of a run: CLI flags merged over `.ailint.toml` in one place
//! ([`Settings::resolve`]). Everything downstream reads these, never the raw flags.

use std::path::PathBuf;

use crate::cli::{CheckArgs, SeverityArg};
use crate::config::{Config, PerFileIgnore};
use crate::error::{Error, Result};
use crate::finding::Severity;
use crate::parse::ParseOptions;
use crate::policy::{ActiveRule, RuleMeta};
use crate::render;
use crate::selector::{self, Selection};
use crate::suppress::baseline::{self, Baseline};

#[derive(Debug, Clone)]
pub struct Settings {
    pub paths: Vec<PathBuf>,
    /// Which rules run, with which severity.
    pub selection: Selection,
    pub fail_on: Severity,
    /// `input.config` as policies see it.
    pub policy_config: serde_json::Value,
    pub jobs: Option<usize>,
    /// Globs of paths (relative to the working directory) never checked.
    pub exclude: Vec<String>,
    /// Report `ailint-ignore` comments that silence nothing.
    pub report_unused_ignores: bool,
    /// `[[per_file_ignores]]` of the configuration.
    pub per_file_ignores: Vec<PerFileIgnore>,
    /// Findings to silence because a baseline records them.
    pub baseline: Option<Baseline>,
    /// How values are resolved (`--var-file`, `--strict-unknowns`).
    pub parse: ParseOptions,
    /// Keep the text of files with findings in the report, for renderers that show snippets.
    pub keep_sources: bool,
    /// Bytes of findings kept in memory before the rest go to a temporary file.
    pub finding_memory: usize,
    /// Skip rules on units that have none of their METADATA `resource_types` (off only to
    /// check that the declared types lose no finding).
    pub skip_by_type: bool,
    /// `--changed-since REF`: report only findings on what changed since the merge base.
    pub changed_since: Option<String>,
    /// Texts checked instead of the files on disk, by the name findings give them (the rounds
    /// of `--fix` and `--diff` keep their fixed texts here).
    pub sources: std::sync::Arc<std::collections::HashMap<String, std::sync::Arc<str>>>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            paths: vec![PathBuf::from(".")],
            selection: Selection::default(),
            fail_on: Severity::Warning,
            policy_config: serde_json::json!({}),
            jobs: None,
            exclude: Vec::new(),
            report_unused_ignores: false,
            per_file_ignores: Vec::new(),
            baseline: None,
            parse: ParseOptions::default(),
            keep_sources: true,
            finding_memory: crate::finding_store::DEFAULT_MEMORY_BUDGET,
            skip_by_type: true,
            changed_since: None,
            sources: Default::default(),
        }
    }
}

impl Settings {
    /// The settings of `ailint check`: flags over the configuration `config`, selectors checked
    /// against `rules`. Flags replace the file's selection and add to its ignores, as in ruff.
    /// `formats` are the output formats the run writes (snippets are kept only for those that
    /// show them).
    pub fn resolve(
        args: &CheckArgs,
        config: Config,
        rules: &[RuleMeta],
        formats: &[render::Format],
    ) -> Result<Settings> {
        selector::validate(&args.select, rules, "--select")?;
        selector::validate(&args.ignore, rules, "--ignore")?;
        Ok(Settings {
            paths: args.paths.clone(),
            selection: Selection {
                select: if args.select.is_empty() {
                    config.select
                } else {
                    args.select.clone()
                },
                ignore: config
                    .ignore
                    .into_iter()
                    .chain(args.ignore.iter().cloned())
                    .collect(),
                severities: config.severities,
            },
            fail_on: args
                .fail_on
                .map(severity)
                .or(config.fail_on)
                .unwrap_or(Severity::Warning),
            policy_config: config.policy_config,
            jobs: args.jobs,
            exclude: config.exclude,
            report_unused_ignores: args.report_unused_ignores,
            per_file_ignores: config.per_file_ignores,
            baseline: match &args.baseline {
                Some(path) => Some(baseline::load(path)?),
                None => None,
            },
            parse: ParseOptions {
                var_files: var_files(&args.var_file)?,
                strict_unknowns: args.strict_unknowns,
            },
            keep_sources: formats.iter().any(|f| f.shows_snippets()),
            finding_memory: crate::finding_store::DEFAULT_MEMORY_BUDGET,
            skip_by_type: true,
            changed_since: args.changed_since.clone(),
            sources: Default::default(),
        })
    }

    /// The settings of `ailint inventory`: what to read and how to resolve values.
    pub fn for_inventory(args: &crate::cli::InventoryArgs, config: Config) -> Result<Settings> {
        Ok(Settings {
            paths: args.paths.clone(),
            policy_config: config.policy_config,
            jobs: args.jobs,
            exclude: config.exclude,
            parse: ParseOptions {
                var_files: var_files(&args.var_file)?,
                strict_unknowns: false,
            },
            keep_sources: false,
            changed_since: args.changed_since.clone(),
            ..Settings::default()
        })
    }

    /// The rules this run evaluates, with their effective severity.
    pub fn active_rules(&self, rules: &[RuleMeta]) -> Vec<ActiveRule> {
        self.selection.active(rules)
    }
}

fn severity(arg: SeverityArg) -> Severity {
    match arg {
        SeverityArg::Error => Severity::Error,
        SeverityArg::Warning => Severity::Warning,
        SeverityArg::Info => Severity::Info,
    }
}

/// The `--var-file`s, each of which must exist (a typo must not silently drop its values).
fn var_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    for path in paths {
        if !path.is_file() {
            return Err(Error::Usage(format!(
                "--var-file `{}`: no such file",
                path.display()
            )));
        }
    }
    Ok(paths.to_vec())
}
