//! `ailint check`: resolves flags into settings, runs the check, renders the report and decides the
//! exit status (findings at or above `--fail-on` fail; internal errors are exit 2).

use std::io::{IsTerminal, Write};

use super::ExitStatus;
use crate::cli::{CheckArgs, ColorArg, FormatArg, SeverityArg};
use crate::finding::Severity;
use crate::policy::PolicySet;
use crate::render;
use crate::settings::{self, Settings};

pub fn run(
    args: &CheckArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitStatus, String> {
    let policies = PolicySet::bundled()?;
    settings::validate_selectors(&args.select, &policies.rules, "--select")?;
    settings::validate_selectors(&args.ignore, &policies.rules, "--ignore")?;
    let settings = Settings {
        paths: args.paths.clone(),
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        fail_on: severity(args.fail_on),
        jobs: args.jobs,
        ..Settings::default()
    };
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the working directory: {e}"))?;
    let report = crate::check(&settings, &policies, &cwd)?;

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
    let rendered = match format {
        FormatArg::Json => render::json::render(&report),
        FormatArg::Concise => render::concise::render(&report),
        FormatArg::Full => render::full::render(&report, color),
    };
    let rendered = if args.quiet && format != FormatArg::Json {
        strip_summary(&rendered)
    } else {
        rendered
    };
    let io = |e: std::io::Error| e.to_string();
    out.write_all(rendered.as_bytes()).map_err(io)?;
    if !args.quiet && format != FormatArg::Json {
        for note in &report.notes {
            writeln!(err, "note: {}: {}", note.file, note.message).map_err(io)?;
        }
    }
    for e in &report.errors {
        writeln!(err, "error: {e}").map_err(io)?;
    }
    if !report.errors.is_empty() {
        return Ok(ExitStatus::Error);
    }
    let failing = report
        .findings
        .iter()
        .any(|f| f.severity >= settings.fail_on);
    Ok(if failing && !args.exit_zero {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
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
