//! Runs Rego unit tests: every `test_*` rule of each `*_test.rego` module, evaluated with the policy
//! library and rules loaded; a test passes when it evaluates to true.

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

/// Runs the tests of `test_files` against `policies`; `filter` keeps tests whose name or file
/// contains it.
pub fn run_tests(
    policies: &PolicySet,
    test_files: &[RegoFile],
    filter: Option<&str>,
) -> Vec<TestOutcome> {
    let mut outcomes = Vec::new();
    for file in test_files {
        let names: Vec<String> = test_names(&file.text)
            .into_iter()
            .filter(|n| filter.is_none_or(|f| n.contains(f) || file.path.contains(f)))
            .collect();
        if names.is_empty() {
            continue;
        }
        let mut engine = match policies.engine() {
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

    #[test]
    fn bundled_policy_tests_pass() {
        let policies = PolicySet::bundled().unwrap();
        let tests: Vec<_> = super::super::bundled_files()
            .into_iter()
            .filter(|f| f.is_test())
            .collect();
        let outcomes = run_tests(&policies, &tests, None);
        assert!(!outcomes.is_empty(), "no Rego tests found");
        let failed: Vec<_> = outcomes.iter().filter(|o| o.failure.is_some()).collect();
        assert!(failed.is_empty(), "failing Rego tests: {failed:#?}");
    }
}
