//! The policy set: Rego modules embedded in the binary (plus user directories later), their METADATA,
//! and the regorus engine compiled from them once per process and cloned per unit.

pub mod examples;
pub mod metadata;
pub mod testing;

use std::collections::HashSet;

use include_dir::{include_dir, Dir};

pub use metadata::RuleMeta;

static BUNDLED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/policies");

/// One Rego source file, named by its path relative to the repository (`policies/...`).
#[derive(Debug, Clone)]
pub struct RegoFile {
    pub path: String,
    pub text: String,
}

impl RegoFile {
    pub fn is_test(&self) -> bool {
        self.path.ends_with("_test.rego")
    }

    /// Library modules hold helpers, not rules.
    pub fn is_lib(&self) -> bool {
        self.path.starts_with("policies/lib/")
    }
}

/// The bundled `.rego` files in path order.
pub fn bundled_files() -> Vec<RegoFile> {
    let mut out = Vec::new();
    collect(&BUNDLED, &mut out);
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn collect(dir: &Dir<'static>, out: &mut Vec<RegoFile>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if !path.ends_with(".rego") {
            continue;
        }
        if let Some(text) = file.contents_utf8() {
            out.push(RegoFile {
                path: format!("policies/{path}"),
                text: text.to_string(),
            });
        }
    }
    for sub in dir.dirs() {
        collect(sub, out);
    }
}

/// Compiled policies and the metadata of every rule, ready to evaluate.
#[derive(Clone)]
pub struct PolicySet {
    pub rules: Vec<RuleMeta>,
    /// Prepared engine holding the library and every rule (not the tests).
    pub engine: regorus::Engine,
    /// Whether `package ailint.context` (facts shared across units) is loaded.
    pub has_context: bool,
}

impl PolicySet {
    /// Loads the bundled policies.
    pub fn bundled() -> Result<Self, String> {
        Self::from_files(&bundled_files())
    }

    /// Builds the engine from `files`, checking each rule's METADATA, package name and uniqueness.
    pub fn from_files(files: &[RegoFile]) -> Result<Self, String> {
        let mut engine = regorus::Engine::new();
        let mut rules = Vec::new();
        let mut has_context = false;
        for file in files.iter().filter(|f| !f.is_test()) {
            has_context |= metadata::package_of(&file.text).as_deref() == Some("ailint.context");
            if !file.is_lib() {
                let meta = metadata::parse_rule_meta(&file.path, &file.text)
                    .map_err(|e| format!("{}: {e}", file.path))?;
                let expected = format!("ailint.rules.{}", meta.slug.replace('-', "_"));
                if meta.package != expected {
                    return Err(format!(
                        "{}: package `{}` should be `{expected}` (from its slug)",
                        file.path, meta.package
                    ));
                }
                rules.push(meta);
            }
            engine
                .add_policy(file.path.clone(), file.text.clone())
                .map_err(|e| format!("{}: {e}", file.path))?;
        }
        check_unique(&rules)?;
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        prepare(&mut engine, &rules)?;
        Ok(PolicySet {
            rules,
            engine,
            has_context,
        })
    }

    /// The rule with this id or slug (case-insensitive).
    pub fn find(&self, id_or_slug: &str) -> Option<&RuleMeta> {
        self.rules.iter().find(|r| {
            r.id.eq_ignore_ascii_case(id_or_slug) || r.slug.eq_ignore_ascii_case(id_or_slug)
        })
    }
}

/// Runs regorus's one-time analysis (scheduling, loop hoisting) now, so that every clone of the
/// engine starts prepared instead of repeating it per unit: one evaluation does it.
fn prepare(engine: &mut regorus::Engine, rules: &[RuleMeta]) -> Result<(), String> {
    let Some(rule) = rules.first() else {
        return Ok(());
    };
    engine.set_input(regorus::Value::new_object());
    engine
        .eval_rule(format!("data.{}.deny", rule.package))
        .map(|_| ())
        .map_err(|e| format!("{}: {e}", rule.source_path))
}

fn check_unique(rules: &[RuleMeta]) -> Result<(), String> {
    let mut ids = HashSet::new();
    let mut slugs = HashSet::new();
    for r in rules {
        if !ids.insert(r.id.as_str()) {
            return Err(format!("{}: rule id {} is used twice", r.source_path, r.id));
        }
        if !slugs.insert(r.slug.as_str()) {
            return Err(format!(
                "{}: rule slug {} is used twice",
                r.source_path, r.slug
            ));
        }
    }
    Ok(())
}

/// Where a rule's documentation lives: its policy file, whose METADATA is the reference.
pub fn docs_url(meta: &RuleMeta) -> String {
    format!(
        "{}/blob/main/{}",
        env!("CARGO_PKG_REPOSITORY"),
        meta.source_path
    )
}

/// Where parse errors (`AIL000`) are explained.
pub fn parse_error_url() -> String {
    format!("{}#parse-errors-ail000", env!("CARGO_PKG_REPOSITORY"))
}
