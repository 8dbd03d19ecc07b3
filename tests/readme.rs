//! Keeps README.md honest: the rule table matches every rule's METADATA, and the two commands a
//! newcomer runs are the ones CI runs.

use std::path::PathBuf;

mod common;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(name: &str) -> String {
    std::fs::read_to_string(root().join(name)).unwrap()
}

/// The rule table as README.md must show it, generated from `ailint rules --format json`.
fn expected_table() -> String {
    let rules = common::rules_json();
    let mut table = String::from("| ID | slug | severity | formats | default | fix | what it catches |\n|---|---|---|---|---|---|---|\n");
    for r in rules["rules"].as_array().unwrap() {
        let url = r["url"].as_str().unwrap();
        let path = &url[url.find("/policies/").unwrap() + 1..];
        let formats: Vec<&str> = r["formats"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        table.push_str(&format!(
            "| [{}]({}) | `{}` | {} | {} | {} | {} | {} |\n",
            r["id"].as_str().unwrap(),
            path,
            r["slug"].as_str().unwrap(),
            r["severity"].as_str().unwrap(),
            formats.join(", "),
            r["default"].as_str().unwrap(),
            r["fix"].as_str().unwrap_or("-"),
            r["title"].as_str().unwrap(),
        ));
    }
    table
}

#[test]
fn rule_table_matches_metadata() {
    let readme = read("README.md");
    let start = readme
        .find("<!-- rules:start -->\n")
        .expect("rules:start marker")
        + "<!-- rules:start -->\n".len();
    let end = readme.find("<!-- rules:end -->").expect("rules:end marker");
    let expected = expected_table();
    assert_eq!(
        &readme[start..end],
        expected,
        "README.md's rule table is out of date; replace the block between the markers with:\n{expected}"
    );
}

#[test]
fn readme_commands_are_the_ones_ci_runs() {
    let readme = read("README.md");
    let ci = read(".ci/run");
    assert!(readme.contains("cargo run --release -- check fixtures/demo"));
    assert!(
        readme.contains("\ncargo test "),
        "README tells users to run `cargo test`"
    );
    assert!(
        ci.lines()
            .map(str::trim)
            .any(|l| l == "cargo test" || l.starts_with("cargo test 2>&1 |")),
        ".ci/run runs `cargo test` exactly as README.md says"
    );
}
