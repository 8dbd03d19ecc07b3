//! `ailint check`: resolves flags into settings, runs the check, renders the report and decides the
//! exit status (findings at or above `--fail-on` fail; internal errors are exit 2).

use std::io::{IsTerminal, Write};

use super::ExitStatus;
use crate::cli::{CheckArgs, ColorArg};
use crate::error::Result;
use crate::render::{self, Format};
use crate::settings::Settings;
use crate::suppress::baseline;

pub fn run(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<ExitStatus> {
    let cwd = super::cwd()?;
    let config_path = super::config_path(&args.config, args.no_config, &args.paths);
    let (policies, config) =
        super::policies_and_config(config_path.as_deref(), &args.policy_dir, &cwd)?;
    let stdout_tty = std::io::stdout().is_terminal();
    let format = args.format.unwrap_or(if stdout_tty {
        Format::Full
    } else {
        Format::Concise
    });
    let formats: Vec<Format> = std::iter::once(format)
        .chain(args.report.iter().map(|r| r.format))
        .collect();
    let settings = Settings::resolve(args, config, &policies.rules, &formats)?;
    let mut report = if args.fix || args.diff {
        let fixed = crate::fix::rounds::run(&settings, &policies, &cwd, args.unsafe_fixes)?;
        if args.diff {
            return show_diff(&fixed, out, err);
        }
        crate::fix::rounds::write(&fixed.changed, &cwd)?;
        let mut report = fixed.report;
        report.fixed = fixed.fixed;
        report.errors.extend(fixed.errors);
        report
    } else {
        crate::check(&settings, &policies, &cwd)?
    };
    if let Some(path) = &args.write_baseline {
        let count = baseline::write(path, report.findings.iter())?;
        writeln!(
            err,
            "Wrote {count} findings to the baseline {}.",
            path.display()
        )?;
        return Ok(if report.errors.is_empty() {
            ExitStatus::Success
        } else {
            ExitStatus::Error
        });
    }
    if !args.show_suppressed {
        report.findings.hide_suppressed();
    }

    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => stdout_tty && std::env::var_os("NO_COLOR").is_none(),
    };
    let options = render::Options {
        rules: &policies.rules,
        color: color && args.output.is_none(),
        quiet: args.quiet,
        unsafe_fixes: args.unsafe_fixes,
    };
    match &args.output {
        Some(path) => super::write_file(path, |w| format.write(&report, &options, w))?,
        None => format.write(&report, &options, out)?,
    }
    let plain = render::Options {
        color: false,
        quiet: false,
        ..options
    };
    for extra in &args.report {
        super::write_file(&extra.file, |w| extra.format.write(&report, &plain, w))?;
    }
    let text_format = format.is_text();
    if !args.quiet && text_format {
        for note in &report.notes {
            writeln!(err, "note: {}: {}", note.file, note.message)?;
        }
        for e in &report.stale_baseline {
            writeln!(
                err,
                "note: {}: baseline entry {} {} ({}) matches no finding any more; refresh the baseline with --write-baseline",
                e.file,
                e.rule_id,
                e.resource.as_deref().unwrap_or("-"),
                e.fingerprint
            )?;
        }
    }
    for e in &report.errors {
        writeln!(err, "error: {e}")?;
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

/// `--diff`: the fixes as a unified diff on `out`, how many findings they fix on `err`; exit 1
/// when there is a change, 2 when a fix had to be dropped.
fn show_diff(
    fixed: &crate::fix::rounds::Fixed,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitStatus> {
    out.write_all(crate::fix::rounds::diff(&fixed.changed).as_bytes())?;
    for e in &fixed.errors {
        writeln!(err, "error: {e}")?;
    }
    match fixed.fixed {
        0 => writeln!(err, "No fixes to apply.")?,
        1 => writeln!(err, "Would fix 1 finding.")?,
        n => writeln!(err, "Would fix {n} findings.")?,
    }
    Ok(if !fixed.errors.is_empty() {
        ExitStatus::Error
    } else if fixed.changed.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}
