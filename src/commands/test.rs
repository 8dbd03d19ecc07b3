//! `ailint test`: runs the Rego unit tests of the bundled policies and of the given directories
//! (with the test-support modules of both loaded) and prints pass/fail per test and a closing
//! `N passed, N failed` line.

use std::io::Write;

use super::ExitStatus;
use crate::cli::TestArgs;
use crate::policy::{self, testing, PolicySet};

pub fn run(args: &TestArgs, out: &mut dyn Write) -> crate::error::Result<ExitStatus> {
    let files = policy::all_files(&args.dirs, &super::cwd()?)?;
    let policies = PolicySet::from_files(&files)?;
    // Support modules (test helpers such as `data.ailint.test_inputs`) are loaded whichever tests
    // run: a user's tests may use the bundled ones under `--no-bundled` too.
    let support = testing::support_modules(&files);
    let tests: Vec<_> = files
        .into_iter()
        .filter(|f| f.is_test() && !(args.no_bundled && f.bundled))
        .collect();
    let outcomes = testing::run_tests(&policies, &support, &tests, args.filter.as_deref());
    let mut passed = 0;
    let mut failed = 0;
    for o in &outcomes {
        match &o.failure {
            None => {
                passed += 1;
                writeln!(out, "PASS {}: {}", o.file, o.name)?;
            }
            Some(why) => {
                failed += 1;
                writeln!(out, "FAIL {}: {} — {why}", o.file, o.name)?;
            }
        }
    }
    writeln!(out, "{passed} passed, {failed} failed")?;
    Ok(if failed > 0 || outcomes.is_empty() {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}
