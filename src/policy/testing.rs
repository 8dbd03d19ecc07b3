//! Runs Rego unit tests: every `test_*` rule of each `*_test.rego` module, evaluated with the policy
//! library and rules loaded, and the test-support modules (`*_test.rego` files that define no
//! `test_*` rule, such as `policies/lib/inputs_test.rego`, package `ailint.test_inputs`) beside it;
//! a test passes when it evaluates to true.

use std::collections::BTreeSet;

use super::{PolicySet, RegoFile};

/// The result of one Rego test.
#[derive(Debug, Clone, PartialEq)]
pub struct TestOutcome {
    pub file: String,
    pub name: String,
    /// `None` when it passed; otherwise why it failed.
    pub failure: Option<String>,
}

/// The names of the `test_*` rules a module defines, in source order without repeats.
pub fn test_names(rego: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    rego.lines()
        .filter_map(|line| {
            let name: String = line
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            (name.starts_with("test_")
                && line[name.len()..]
                    .trim_start()
                    .starts_with(['i', '{', ':', '=']))
            .then_some(name)
        })
        .filter(|n| seen.insert(n.clone()))
        .collect()
}

/// The test-support modules among `files`: test files (`*_test.rego`, never loaded by `ailint check`)
/// that define no `test_*` rule. They hold helpers for tests, such as input-document builders.
pub fn support_modules(files: &[RegoFile]) -> Vec<RegoFile> {
    files
        .iter()
        .filter(|f| f.is_test() && test_names(&f.text).is_empty())
        .cloned()
        .collect()
}

/// Runs the tests of `test_files` against `policies`, each module evaluated with the `support`
/// modules (see [`support_modules`]) loaded too; `filter` keeps tests whose name or file contains
/// it. A support module that does not compile is reported once, as a failure of its own file, and
/// left out; failures of a test module are its own.
pub fn run_tests(
    policies: &PolicySet,
    support: &[RegoFile],
    test_files: &[RegoFile],
    filter: Option<&str>,
) -> Vec<TestOutcome> {
    let mut outcomes = Vec::new();
    let base = match policies.engine() {
        Ok(engine) => Ok(with_support(engine, support, &mut outcomes)),
        Err(e) => Err(e),
    };
    for file in test_files {
        let names: Vec<String> = test_names(&file.text)
            .into_iter()
            .filter(|n| filter.is_none_or(|f| n.contains(f) || file.path.contains(f)))
            .collect();
        if names.is_empty() {
            continue;
        }
        let mut engine = match &base {
            Ok(engine) => engine.clone(),
            Err(e) => {
                outcomes.push(fail(
                    file,
                    "(module)",
                    format!("policies do not compile: {e}"),
                ));
                continue;
            }
        };
        let package = match super::metadata::package_of(&file.text) {
            Some(p) => p,
            None => {
                outcomes.push(fail(file, "(module)", "no `package` line".into()));
                continue;
            }
        };
        if let Err(e) = engine.add_policy(file.path.clone(), file.text.clone()) {
            outcomes.push(fail(file, "(module)", format!("does not compile: {e}")));
            continue;
        }
        for name in names {
            let failure = match engine.eval_rule(format!("data.{package}.{name}")) {
                Ok(regorus::Value::Bool(true)) => None,
                Ok(regorus::Value::Undefined) => {
                    Some("undefined (a condition did not hold)".into())
                }
                Ok(other) => Some(format!("evaluated to {other}")),
                Err(e) => Some(format!("error: {e}")),
            };
            outcomes.push(TestOutcome {
                file: file.path.clone(),
                name,
                failure,
            });
        }
    }
    outcomes
}

/// `engine` with every support module that compiles beside the policies; one that does not (a
/// syntax error, or an error regorus finds when it analyses the modules) is reported in `outcomes`
/// and left out, so that it fails once instead of every test module.
fn with_support(
    engine: &regorus::Engine,
    support: &[RegoFile],
    outcomes: &mut Vec<TestOutcome>,
) -> regorus::Engine {
    let mut base = engine.clone();
    for file in support {
        let mut trial = base.clone();
        let compiled = trial
            .add_policy(file.path.clone(), file.text.clone())
            .and_then(|_| trial.eval_query("true".into(), false).map(|_| ()));
        match compiled {
            Ok(()) => base = trial,
            Err(e) => outcomes.push(fail(
                file,
                "(module)",
                format!("test-support module does not compile, so no test can use it: {e}"),
            )),
        }
    }
    base
}

fn fail(file: &RegoFile, name: &str, why: String) -> TestOutcome {
    TestOutcome {
        file: file.path.clone(),
        name: name.into(),
        failure: Some(why),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_test_rule_names() {
        let src = "package x_test\n\ntest_fires if {\n true\n}\ntest_quiet if { true }\ntest_fires if { false }\nhelper := 1\n";
        assert_eq!(test_names(src), vec!["test_fires", "test_quiet"]);
    }

    fn rego(path: &str, text: &str) -> RegoFile {
        RegoFile {
            path: path.into(),
            text: text.into(),
            bundled: false,
        }
    }

    #[test]
    fn bundled_policy_tests_pass() {
        let policies = PolicySet::bundled().unwrap();
        let files = super::super::bundled_files();
        let support = support_modules(&files);
        assert!(
            support
                .iter()
                .any(|f| f.path == "policies/lib/inputs_test.rego"),
            "the input builders are a support module"
        );
        let tests: Vec<_> = files.into_iter().filter(|f| f.is_test()).collect();
        let outcomes = run_tests(&policies, &support, &tests, None);
        assert!(!outcomes.is_empty(), "no Rego tests found");
        let failed: Vec<_> = outcomes.iter().filter(|o| o.failure.is_some()).collect();
        assert!(failed.is_empty(), "failing Rego tests: {failed:#?}");
    }

    #[test]
    fn a_test_module_uses_a_support_module() {
        let policies = PolicySet::bundled().unwrap();
        let helpers = rego(
            "mine/helpers_test.rego",
            "package acme.helpers\n\npool(size) := {\"format\": \"terraform\", \"vm_size\": size}\n",
        );
        let test = rego(
            "mine/pool_test.rego",
            "package acme.pool_test\n\nimport data.acme.helpers\nimport data.ailint.test_inputs\n\n\
             test_own_helper if helpers.pool(\"x\").vm_size == \"x\"\n\n\
             test_bundled_builder if {\n\tinp := test_inputs.unit(\"terraform\", [test_inputs.tf_res(\"t\", \"n\", {})])\n\
             \tinp.resources_by_type.t[0].id == \"t.n\"\n}\n",
        );
        let mut files = super::super::bundled_files();
        files.extend([helpers.clone(), test.clone()]);
        let support = support_modules(&files);
        assert!(support.iter().any(|f| f.path == helpers.path));
        assert!(!support.iter().any(|f| f.path == test.path));
        let outcomes = run_tests(&policies, &support, &[test], None);
        assert_eq!(outcomes.len(), 2, "{outcomes:#?}");
        assert!(
            outcomes.iter().all(|o| o.failure.is_none()),
            "{outcomes:#?}"
        );
        // Without the support modules the same tests cannot pass.
        let test = rego("mine/pool_test.rego", &files.last().unwrap().text);
        let alone = run_tests(&policies, &[], &[test], None);
        assert!(alone.iter().all(|o| o.failure.is_some()), "{alone:#?}");
    }

    #[test]
    fn a_support_module_that_does_not_compile_is_reported_once() {
        let policies = PolicySet::bundled().unwrap();
        let broken = rego(
            "mine/broken_test.rego",
            "package acme.broken\n\nhelper(x) := {\"a\": x\n",
        );
        let unparsable = rego(
            "mine/unparsable_test.rego",
            "package acme.bad\n\nhelper(x) := \n",
        );
        let tests: Vec<RegoFile> = (0..2)
            .map(|i| {
                rego(
                    &format!("mine/t{i}_test.rego"),
                    &format!("package acme.t{i}_test\n\ntest_ok if true\n"),
                )
            })
            .collect();
        let outcomes = run_tests(&policies, &[broken, unparsable], &tests, None);
        let failed: Vec<_> = outcomes.iter().filter(|o| o.failure.is_some()).collect();
        assert_eq!(failed.len(), 2, "{outcomes:#?}");
        for (o, path) in failed
            .iter()
            .zip(["mine/broken_test.rego", "mine/unparsable_test.rego"])
        {
            assert_eq!((o.file.as_str(), o.name.as_str()), (path, "(module)"));
            assert!(
                o.failure
                    .as_deref()
                    .unwrap()
                    .starts_with("test-support module does not compile"),
                "{o:#?}"
            );
        }
        // The test modules run, and pass, without them.
        assert_eq!(
            outcomes
                .iter()
                .filter(|o| o.name == "test_ok" && o.failure.is_none())
                .count(),
            2
        );
    }
}
