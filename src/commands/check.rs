//! `ailint check`: resolves flags into settings, runs the check, renders the report and decides the
//! exit status (findings at or above `--fail-on` fail; internal errors are exit 2).

use std::io::{IsTerminal, Write};

use super::ExitStatus;
use crate::cli::{CheckArgs, ColorArg, FormatArg, SeverityArg};
use crate::config::{self, Config};
use crate::finding::Severity;
use crate::policy::PolicySet;
use crate::render;
use crate::settings::{self, Settings};

pub fn run(
    args: &CheckArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitStatus, String> {
    let cwd = super::cwd()?;
    let config_path = config_path(args);
    // The configuration's `policy_dirs` decide which rules exist, and the rest of it is checked
    // against those rules: read the directories first.
    let mut policy_dirs = args.policy_dir.clone();
    if let Some(path) = &config_path {
        policy_dirs.extend(config::policy_dirs(path)?);
    }
    let policies = PolicySet::load(&policy_dirs, &cwd)?;
    settings::validate_selectors(&args.select, &policies.rules, "--select")?;
    settings::validate_selectors(&args.ignore, &policies.rules, "--ignore")?;
    let config = match &config_path {
        Some(p) => config::load(p, &policies.rules)?,
        None => Config::default(),
    };
    let settings = Settings {
        paths: args.paths.clone(),
        // Flags replace the file's selection and add to its ignores, as in ruff.
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
        fail_on: args
            .fail_on
            .map(severity)
            .or(config.fail_on)
            .unwrap_or(Severity::Warning),
        severities: config.severities,
        policy_config: config.policy_config,
        jobs: args.jobs,
        exclude: config.exclude,
        report_unused_ignores: args.report_unused_ignores,
        per_file_ignores: config.per_file_ignores,
        baseline: match &args.baseline {
            Some(path) => Some(crate::baseline::load(path)?),
            None => None,
        },
        parse: crate::parse::ParseOptions {
            var_files: var_files(&args.var_file)?,
            strict_unknowns: args.strict_unknowns,
        },
        // Only the full renderer shows source snippets.
        keep_sources: args.format.is_none_or(|f| f == FormatArg::Full)
            || args.report.iter().any(|r| r.format == FormatArg::Full),
        finding_memory: crate::finding_store::DEFAULT_MEMORY_BUDGET,
        skip_by_type: true,
    };
    let mut report = crate::check(&settings, &policies, &cwd)?;
    if let Some(path) = &args.write_baseline {
        let count = crate::baseline::write(path, report.findings.iter())?;
        writeln!(
            err,
            "Wrote {count} findings to the baseline {}.",
            path.display()
        )
        .map_err(|e| e.to_string())?;
        return Ok(if report.errors.is_empty() {
            ExitStatus::Success
        } else {
            ExitStatus::Error
        });
    }
    if !args.show_suppressed {
        report.findings.hide_suppressed();
    }

    let stdout_tty = std::io::stdout().is_terminal();
    let format = args.format.unwrap_or(if stdout_tty {
        FormatArg::Full
    } else {
        FormatArg::Concise
    });
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => stdout_tty && std::env::var_os("NO_COLOR").is_none(),
    };
    // Only the text formats end with a summary line that `--quiet` drops.
    let text_format = matches!(format, FormatArg::Full | FormatArg::Concise);
    let quiet = args.quiet && text_format;
    let io = |e: std::io::Error| e.to_string();
    let shown = color && args.output.is_none();
    match &args.output {
        Some(path) => write_file(path, |w| {
            write_as(format, &report, &policies, shown, quiet, w)
        })?,
        None => write_as(format, &report, &policies, shown, quiet, out).map_err(io)?,
    }
    for extra in &args.report {
        write_file(&extra.file, |w| {
            write_as(extra.format, &report, &policies, false, false, w)
        })?;
    }
    if !args.quiet && text_format {
        for note in &report.notes {
            writeln!(err, "note: {}: {}", note.file, note.message).map_err(io)?;
        }
        for e in &report.stale_baseline {
            writeln!(
                err,
                "note: {}: baseline entry {} {} ({}) matches no finding any more; refresh the baseline with --write-baseline",
                e.file,
                e.rule_id,
                e.resource.as_deref().unwrap_or("-"),
                e.fingerprint
            )
            .map_err(io)?;
        }
    }
    for e in &report.errors {
        writeln!(err, "error: {e}").map_err(io)?;
    }
    if !report.errors.is_empty() {
        return Ok(ExitStatus::Error);
    }
    let failing = report.findings.any_reported_at_least(settings.fail_on);
    Ok(if failing && !args.exit_zero {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// `--config FILE`, else the nearest `.ailint.toml` above the first path, unless `--no-config`.
fn config_path(args: &CheckArgs) -> Option<std::path::PathBuf> {
    if args.no_config {
        return None;
    }
    match &args.config {
        Some(p) => Some(p.clone()),
        None => args.paths.first().and_then(|p| config::find(p)),
    }
}

/// Writes the report in `format`. JSON and SARIF are streamed finding by finding; the text
/// formats, meant for people, are built first (`quiet` drops their closing summary line).
fn write_as(
    format: FormatArg,
    report: &crate::Report,
    policies: &PolicySet,
    color: bool,
    quiet: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let text = match format {
        FormatArg::Json => return render::json::write(report, out),
        FormatArg::Sarif => return render::sarif::write(report, &policies.rules, out),
        FormatArg::Concise => render::concise::render(report),
        FormatArg::Full => render::full::render(report, color),
        FormatArg::Github => render::github::render(report),
        FormatArg::Junit => render::junit::render(report),
        FormatArg::Markdown => render::markdown::render(report),
    };
    let text = if quiet { strip_summary(&text) } else { text };
    out.write_all(text.as_bytes())
}

fn write_file(
    path: &std::path::Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), String> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let cannot = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    let mut file = std::fs::File::create(path).map_err(cannot)?;
    write(&mut file).map_err(cannot)
}

fn severity(arg: SeverityArg) -> Severity {
    match arg {
        SeverityArg::Error => Severity::Error,
        SeverityArg::Warning => Severity::Warning,
        SeverityArg::Info => Severity::Info,
    }
}

/// Drops the closing summary line that the text renderers add.
fn strip_summary(rendered: &str) -> String {
    let trimmed = rendered.trim_end_matches('\n');
    match trimmed.rfind('\n') {
        Some(i) => format!("{}\n", &trimmed[..i]),
        None => String::new(),
    }
}

/// The `--var-file`s, each of which must exist (a typo must not silently drop its values).
fn var_files(paths: &[std::path::PathBuf]) -> Result<Vec<std::path::PathBuf>, String> {
    for path in paths {
        if !path.is_file() {
            return Err(format!("--var-file `{}`: no such file", path.display()));
        }
    }
    Ok(paths.to_vec())
}
