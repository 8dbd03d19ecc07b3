//! The policy set: Rego modules embedded in the binary plus the user's policy directories, their
//! METADATA, and the regorus engine compiled from them (once per process, or for a small run only
//! with the rules it can need) and cloned per unit.

pub mod examples;
pub mod metadata;
pub mod testing;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use include_dir::{include_dir, Dir};

pub use metadata::RuleMeta;

use crate::error::{Error, Result};
use crate::finding::{Origin, Severity};
use crate::parse::Format;

/// A rule as this run uses it: its metadata and its effective severity (METADATA, or the
/// configuration's `[rules.X] severity`).
#[derive(Debug, Clone)]
pub struct ActiveRule {
    pub meta: RuleMeta,
    pub severity: Severity,
}

impl ActiveRule {
    /// What a finding of this rule on a unit of `format` carries of it.
    pub fn origin(&self, format: Format) -> Origin {
        self.meta.origin(self.severity, format)
    }
}

/// The package whose public rules are the facts a unit tells the others.
pub const FACTS_PACKAGE: &str = "ailint.facts";
/// The package that shapes the gathered facts into every unit's `input.context`.
pub const CONTEXT_PACKAGE: &str = "ailint.context";
/// The package whose `items` are what `ailint inventory` lists of a unit.
pub const INVENTORY_PACKAGE: &str = "ailint.inventory";

/// Which units the facts module is evaluated on: those with one of its METADATA
/// `custom.resource_types` (lower-cased; all units when it lists none).
#[derive(Debug, Clone, Default)]
pub struct FactsSpec {
    pub resource_types: std::collections::HashSet<String>,
}

impl FactsSpec {
    /// Whether a unit whose resource types are `types` can declare facts.
    pub fn may_declare(&self, types: &std::collections::HashSet<String>) -> bool {
        self.resource_types.is_empty() || self.resource_types.iter().any(|t| types.contains(t))
    }
}

static BUNDLED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/policies");

/// One Rego source file: bundled ones are named by their path in this repository (`policies/...`),
/// the user's by their path relative to the working directory.
#[derive(Debug, Clone)]
pub struct RegoFile {
    pub path: String,
    pub text: String,
    pub bundled: bool,
}

impl RegoFile {
    pub fn is_test(&self) -> bool {
        self.path.ends_with("_test.rego")
    }

    /// Library modules hold helpers, not rules: bundled ones live in `policies/lib/`; in a user's
    /// directory, a module without a `# METADATA` block is a helper, and so is one that adds to the
    /// facts units share (`package ailint.facts` or `ailint.context`) or to the inventory
    /// (`ailint.inventory`), whose METADATA is not a rule's.
    pub fn is_lib(&self) -> bool {
        let package = metadata::package_of(&self.text);
        if matches!(
            package.as_deref(),
            Some(FACTS_PACKAGE | CONTEXT_PACKAGE | INVENTORY_PACKAGE)
        ) {
            true
        } else if self.bundled {
            self.path.starts_with("policies/lib/")
        } else {
            metadata::metadata_block(&self.text).is_none()
        }
    }
}

/// The `.rego` files under a user's policy directory, in path order.
fn dir_files(dir: &Path, cwd: &Path) -> Result<Vec<RegoFile>> {
    if !dir.is_dir() {
        return Err(Error::Policy(format!(
            "policy directory `{}` does not exist",
            dir.display()
        )));
    }
    let mut out = Vec::new();
    for entry in ignore::WalkBuilder::new(dir).hidden(false).build() {
        let entry = entry.map_err(|e| {
            Error::Policy(format!(
                "cannot read policy directory `{}`: {e}",
                dir.display()
            ))
        })?;
        let path = entry.path();
        if !entry.file_type().is_some_and(|t| t.is_file())
            || path.extension().is_none_or(|e| e != "rego")
        {
            continue;
        }
        let text = std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
        out.push(RegoFile {
            path: crate::discover::display_path(path, cwd),
            text,
            bundled: false,
        });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// The bundled files followed by those of the user's `dirs`.
pub fn all_files(dirs: &[PathBuf], cwd: &Path) -> Result<Vec<RegoFile>> {
    let mut files = bundled_files();
    for dir in dirs {
        files.extend(dir_files(dir, cwd)?);
    }
    Ok(files)
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
                bundled: true,
            });
        }
    }
    for sub in dir.dirs() {
        collect(sub, out);
    }
}

/// The metadata of every rule and their Rego sources, compiled on demand.
#[derive(Clone)]
pub struct PolicySet {
    pub rules: Vec<RuleMeta>,
    /// The facts units tell each other, when `package ailint.facts` is loaded (see [`crate::facts`]).
    pub facts: Option<FactsSpec>,
    /// The library and rule modules (not the tests).
    modules: Vec<RegoFile>,
    /// Prepared engine holding the library and every rule, compiled on first use.
    full: OnceLock<std::result::Result<regorus::Engine, String>>,
}

impl PolicySet {
    /// Loads the bundled policies.
    pub fn bundled() -> Result<Self> {
        Self::from_files(&bundled_files())
    }

    /// Loads the bundled policies and those of the user's `dirs`.
    pub fn load(dirs: &[PathBuf], cwd: &Path) -> Result<Self> {
        Self::from_files(&all_files(dirs, cwd)?)
    }

    /// Reads `files`, checking each rule's METADATA, package name and uniqueness, and that the
    /// user's modules parse; compiling waits for [`PolicySet::engine`] or [`PolicySet::engine_for`].
    pub fn from_files(files: &[RegoFile]) -> Result<Self> {
        // The user's modules are parsed now so that a syntax error is reported at once; the
        // bundled ones are tested.
        let mut syntax = regorus::Engine::new();
        let mut rules = Vec::new();
        let mut facts: Option<FactsSpec> = None;
        for file in files.iter().filter(|f| !f.is_test()) {
            if metadata::package_of(&file.text).as_deref() == Some(FACTS_PACKAGE) {
                let types = metadata::library_resource_types(&file.text)
                    .map_err(|e| Error::Policy(format!("{}: {e}", file.path)))?;
                facts
                    .get_or_insert_with(FactsSpec::default)
                    .resource_types
                    .extend(types.iter().map(|t| t.to_ascii_lowercase()));
            }
            if !file.is_lib() {
                let mut meta = metadata::parse_rule_meta(&file.path, &file.text)
                    .map_err(|e| Error::Policy(format!("{}: {e}", file.path)))?;
                meta.bundled = file.bundled;
                let expected = format!("ailint.rules.{}", meta.slug.replace('-', "_"));
                if meta.package != expected {
                    return Err(Error::Policy(format!(
                        "{}: package `{}` should be `{expected}` (from its slug)",
                        file.path, meta.package
                    )));
                }
                rules.push(meta);
            }
            if !file.bundled {
                syntax
                    .add_policy(file.path.clone(), file.text.clone())
                    .map_err(|e| Error::Policy(format!("{}: {e}", file.path)))?;
            }
        }
        check_unique(&rules).map_err(Error::Policy)?;
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(PolicySet {
            rules,
            facts,
            modules: files.iter().filter(|f| !f.is_test()).cloned().collect(),
            full: OnceLock::new(),
        })
    }

    /// The prepared engine with the library and every rule, compiled once.
    pub fn engine(&self) -> Result<&regorus::Engine> {
        self.full
            .get_or_init(|| compile(self.modules.iter(), &self.rules))
            .as_ref()
            .map_err(|e| Error::Policy(e.clone()))
    }

    /// An engine with the library, the user's modules and only the bundled rules in `wanted`
    /// (by id): compiling every rule is most of the start-up cost of checking one file.
    pub fn engine_for(&self, wanted: &[&RuleMeta]) -> Result<regorus::Engine> {
        let keep = |f: &&RegoFile| {
            f.is_lib() || !f.bundled || wanted.iter().any(|r| r.source_path == f.path)
        };
        let rules: Vec<RuleMeta> = self
            .rules
            .iter()
            .filter(|r| !r.bundled || wanted.iter().any(|w| w.id == r.id))
            .cloned()
            .collect();
        compile(self.modules.iter().filter(keep), &rules).map_err(Error::Policy)
    }

    /// The rule with this id or slug (case-insensitive).
    pub fn find(&self, id_or_slug: &str) -> Option<&RuleMeta> {
        find(&self.rules, id_or_slug)
    }
}

/// The rule of `rules` with this id or slug (case-insensitive).
pub fn find<'r>(rules: &'r [RuleMeta], id_or_slug: &str) -> Option<&'r RuleMeta> {
    rules.iter().find(|r| r.is_named(id_or_slug))
}

/// Compiles `modules` into a prepared engine.
fn compile<'a>(
    modules: impl Iterator<Item = &'a RegoFile>,
    rules: &[RuleMeta],
) -> std::result::Result<regorus::Engine, String> {
    let mut engine = regorus::Engine::new();
    // OPA semantics: a builtin that fails on bad input (`to_number("x")`, `object.get` on a
    // non-object) is undefined, not an error that stops every rule of the unit.
    engine.set_strict_builtin_errors(false);
    for file in modules {
        engine
            .add_policy(file.path.clone(), file.text.clone())
            .map_err(|e| format!("{}: {e}", file.path))?;
    }
    prepare(&mut engine, rules)?;
    Ok(engine)
}

/// Runs regorus's one-time analysis (scheduling, loop hoisting) now, so that every clone of the
/// engine starts prepared instead of repeating it per unit: one evaluation does it.
fn prepare(engine: &mut regorus::Engine, rules: &[RuleMeta]) -> std::result::Result<(), String> {
    let Some(rule) = rules.first() else {
        return Ok(());
    };
    engine.set_input(regorus::Value::new_object());
    engine
        .eval_rule(format!("data.{}.deny", rule.package))
        .map(|_| ())
        .map_err(|e| format!("{}: {e}", rule.source_path))
}

fn check_unique(rules: &[RuleMeta]) -> std::result::Result<(), String> {
    let mut ids: HashMap<String, &RuleMeta> = HashMap::new();
    let mut slugs: HashMap<String, &RuleMeta> = HashMap::new();
    for r in rules {
        // Ids and slugs are matched case-insensitively everywhere, so they must be unique that way.
        if let Some(first) = ids.insert(r.id.to_ascii_uppercase(), r) {
            let hint = if first.bundled {
                " (a bundled rule: give yours an id of its own, e.g. with your team's prefix)"
            } else {
                ""
            };
            return Err(format!(
                "{}: rule id {} is already used by {}{hint}",
                r.source_path, r.id, first.source_path
            ));
        }
        if let Some(first) = slugs.insert(r.slug.to_ascii_lowercase(), r) {
            return Err(format!(
                "{}: rule slug {} is already used by {}",
                r.source_path, r.slug, first.source_path
            ));
        }
    }
    Ok(())
}

/// Where a rule's documentation lives: its METADATA `custom.url`, else for a bundled rule its
/// policy file in this repository (whose METADATA is the reference); empty for a user's rule
/// without one.
pub fn docs_url(meta: &RuleMeta) -> String {
    match &meta.url {
        Some(url) => url.clone(),
        None if meta.bundled => format!(
            "{}/blob/main/{}",
            env!("CARGO_PKG_REPOSITORY"),
            meta.source_path
        ),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A rule that reads an option must declare it in METADATA `custom.options`, or the
    /// configuration would refuse the option as unknown.
    #[test]
    fn options_read_by_rules_are_declared() {
        let set = PolicySet::bundled().unwrap();
        let read = regex::Regex::new(r#"lib\.option\([^,]+,\s*"([A-Za-z0-9_]+)""#).unwrap();
        for file in bundled_files()
            .iter()
            .filter(|f| !f.is_test() && !f.is_lib())
        {
            let meta = set
                .rules
                .iter()
                .find(|r| r.source_path == file.path)
                .unwrap();
            for cap in read.captures_iter(&file.text) {
                assert!(
                    meta.options.iter().any(|o| o == &cap[1]),
                    "{} reads option `{}` but its METADATA does not declare it in custom.options",
                    file.path,
                    &cap[1]
                );
            }
        }
    }

    #[test]
    fn bundled_rules_have_unique_ids_and_complete_metadata() {
        let set = PolicySet::bundled().unwrap();
        assert!(!set.rules.is_empty());
        for r in &set.rules {
            assert!(r.id.starts_with("AIL") && r.bundled, "{}", r.id);
            assert!(r.description.len() > 40, "{}: description too short", r.id);
            assert!(!r.tags.is_empty(), "{}: no tags", r.id);
        }
    }
}
