//! ailint: a policy-as-code linter for AI infrastructure. `check` discovers files, parses them into
//! units, evaluates the bundled Rego policies and returns located findings.

pub mod parse;
