//! Command-line definitions (clap derive). Raw flags only; [`Settings::resolve`] turns them into
//! the settings that are all the rest of the program reads.
//!
//! [`Settings::resolve`]: crate::settings::Settings::resolve

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::render::Format;

#[derive(Debug, Parser)]
#[command(
    name = "ailint",
    version,
    about = "Policy-as-code linter for AI infrastructure: Terraform, ARM, Bicep and Kubernetes",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files and directories for AI infrastructure mistakes.
    Check(Box<CheckArgs>),
    /// List every rule.
    Rules(RulesArgs),
    /// Show the documentation of one rule.
    Rule(RuleArgs),
    /// Write a commented `.ailint.toml` with every option and its default.
    Init(InitArgs),
    /// Run the Rego unit tests (`*_test.rego`) of the bundled policies and of policy directories.
    Test(TestArgs),
    /// List the GPU capacity and AI services the files declare, with a list-price estimate.
    Inventory(InventoryArgs),
}

/// `--report FORMAT=FILE`: one more report of the same run, written to a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraReport {
    pub format: Format,
    pub file: PathBuf,
}

impl std::str::FromStr for ExtraReport {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (format, file) = s
            .split_once('=')
            .ok_or_else(|| format!("expected FORMAT=FILE, e.g. sarif=results.sarif, got `{s}`"))?;
        let format = Format::from_str(format, true).map_err(|_| {
            let known: Vec<String> = Format::value_variants()
                .iter()
                .filter_map(|f| f.to_possible_value())
                .map(|v| v.get_name().to_string())
                .collect();
            format!("unknown format `{format}` ({})", known.join(", "))
        })?;
        if file.is_empty() {
            return Err(format!("no file after `{format:?}=`"));
        }
        Ok(ExtraReport {
            format,
            file: PathBuf::from(file),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeverityArg {
    Error,
    Warning,
    Info,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write the same run's report in another format to a file (repeatable), e.g.
    /// `--report sarif=results.sarif --report markdown=summary.md`.
    #[arg(long, value_name = "FORMAT=FILE")]
    pub report: Vec<ExtraReport>,
    /// Only run these rules (ids, slugs or id prefixes such as AIL6; comma-separated or repeated).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Do not run these rules (ids, slugs or id prefixes; comma-separated or repeated).
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Exit with 1 when a finding at or above this severity is reported [default: warning].
    #[arg(long, value_enum)]
    pub fail_on: Option<SeverityArg>,
    /// Use this configuration file instead of searching for `.ailint.toml`.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any `.ailint.toml`.
    #[arg(long)]
    pub no_config: bool,
    /// Also load the rules (`.rego` with METADATA) and helpers of this directory (repeatable).
    #[arg(long, value_name = "DIR")]
    pub policy_dir: Vec<PathBuf>,
    /// Silence the findings recorded in this baseline file; report its stale entries.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file (and exit 0).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Report `ailint-ignore` comments that silence nothing (as AIL001).
    #[arg(long)]
    pub report_unused_ignores: bool,
    /// Also show suppressed findings, marked as such (they never fail the run).
    #[arg(long)]
    pub show_suppressed: bool,
    /// When to use colours in `full` output.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorArg,
    /// Terraform variable values to apply after `terraform.tfvars` and `*.auto.tfvars` (HCL or
    /// JSON; repeatable, later files win).
    #[arg(long, value_name = "FILE")]
    pub var_file: Vec<PathBuf>,
    /// Report what ailint cannot resolve (remote module sources, ...) as `info` findings.
    #[arg(long)]
    pub strict_unknowns: bool,
    /// Number of worker threads (default: one per core).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Report only findings on lines changed since the merge base of REF and HEAD (committed,
    /// staged, unstaged and new files), plus findings on a resource whose block changed; the
    /// units of changed files are evaluated whole. `HEAD` in a pre-commit hook: what is staged.
    #[arg(long, value_name = "REF")]
    pub changed_since: Option<String>,
    /// Exit with 0 even when there are findings (errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// Print nothing but findings (no notes, no summary line).
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Apply the safe fixes that findings offer (in the files' own formatting), then report
    /// what is left.
    #[arg(long, conflicts_with_all = ["diff", "write_baseline"])]
    pub fix: bool,
    /// Print the fixes `--fix` would apply as a unified diff and change nothing; exit 1 when
    /// there is one.
    #[arg(long, conflicts_with = "write_baseline")]
    pub diff: bool,
    /// Also apply (with `--fix`, `--diff`) and mark as fixable the unsafe fixes: correct for
    /// the rule, but they can cut off clients or change cost.
    #[arg(long)]
    pub unsafe_fixes: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InventoryFormat {
    Table,
    Json,
    Markdown,
}

#[derive(Debug, Args)]
pub struct InventoryArgs {
    /// Files or directories to list.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: InventoryFormat,
    /// Write the inventory to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only the units of files changed since the merge base of REF and HEAD, with what the
    /// change adds or removes compared with that base.
    #[arg(long, value_name = "REF")]
    pub changed_since: Option<String>,
    /// Use this configuration file (`[inventory.prices]`, `[inventory.gpu_sizes]`, ...) instead
    /// of searching for `.ailint.toml`.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any `.ailint.toml`.
    #[arg(long)]
    pub no_config: bool,
    /// Also load the helpers of this directory, e.g. a module adding to `package ailint.inventory`
    /// (repeatable).
    #[arg(long, value_name = "DIR")]
    pub policy_dir: Vec<PathBuf>,
    /// Terraform variable values to apply after `terraform.tfvars` and `*.auto.tfvars`.
    #[arg(long, value_name = "FILE")]
    pub var_file: Vec<PathBuf>,
    /// Number of worker threads (default: one per core).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: RulesFormat,
    /// Also list the rules of this policy directory (repeatable).
    #[arg(long, value_name = "DIR")]
    pub policy_dir: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// Rule id (AIL301) or slug (inference-min-replicas-zero).
    pub rule: String,
    /// Also look in this policy directory (repeatable).
    #[arg(long, value_name = "DIR")]
    pub policy_dir: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Policy directories whose `*_test.rego` run too, with their rules and helpers loaded.
    pub dirs: Vec<PathBuf>,
    /// Only run tests whose name or file contains this text.
    #[arg(long)]
    pub filter: Option<String>,
    /// Only run the tests of the given directories, not the bundled ones.
    #[arg(long)]
    pub no_bundled: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Directory to write `.ailint.toml` in.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Replace an existing `.ailint.toml`.
    #[arg(long)]
    pub force: bool,
}
