//! The `ailint` binary: parse the command line, run the subcommand, map its outcome to an exit
//! code (0 clean, 1 findings, 2 usage or internal error). A panic becomes exit 2 with a message.

use std::io::Write;
use std::process::ExitCode;

use ailint::cli::{Cli, Command};
use ailint::commands::{self, ExitStatus};
use clap::Parser;

// The Rego interpreter allocates and frees small values at a high rate; mimalloc cuts the
// allocator's share of evaluation time (a quarter of it with glibc malloc).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc asks for transparent huge pages: each thread's heap then grows in 2 MiB steps, which on
/// a 10,000-file check was 104 MB peak RSS instead of 67 MB, for no measurable speed (and 1.4 ms
/// on a single-file start). Memory must stay bounded, so the process opts out.
#[cfg(target_os = "linux")]
fn disable_transparent_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments and only sets a flag of this process;
    // on kernels without it the call fails harmlessly.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(not(target_os = "linux"))]
fn disable_transparent_huge_pages() {}

fn main() -> ExitCode {
    ailint::quiet_library_backtraces();
    disable_transparent_huge_pages();
    std::panic::set_hook(Box::new(|info| {
        eprintln!("error: ailint crashed, please report this bug: {info}");
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut err = std::io::stderr();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match &cli.command {
        Command::Check(args) => commands::check::run(args, &mut out, &mut err),
        Command::Rules(args) => commands::rules::list(args, &mut out),
        Command::Rule(args) => commands::rules::show(args, &mut out),
        Command::Test(args) => commands::test::run(args, &mut out),
        Command::Init(args) => commands::init::run(args, &mut out),
        Command::Inventory(args) => commands::inventory::run(args, &mut out, &mut err),
    }));
    let status = match result {
        Ok(Ok(status)) => status,
        Ok(Err(message)) => {
            let _ = writeln!(err, "error: {message}");
            ExitStatus::Error
        }
        Err(_) => ExitStatus::Error,
    };
    let _ = out.flush();
    ExitCode::from(status.code())
}
