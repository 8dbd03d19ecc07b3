//! Bicep read natively agrees with what the Bicep compiler makes of the same file: for Azure
//! Verified Modules (`tests/data/avm`: each `main.bicep` with its local modules, and the `main.json`
//! the compiler wrote from them), the lowered resources have the types of the compiled template's
//! and the rules report the same findings on the same resources.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ailint::discover::{FileKind, SourceFile};
use ailint::parse::{self, Format, ParseOptions, Resource};
use assert_cmd::Command;
use serde_json::Value;

fn modules() -> Vec<PathBuf> {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/avm");
    let mut out: Vec<PathBuf> = std::fs::read_dir(data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("main.bicep").is_file() && p.join("main.json").is_file())
        .collect();
    out.sort();
    assert!(out.len() >= 6, "{out:?}");
    out
}

fn resources(format: Format, path: &Path, kind: FileKind) -> Vec<Resource> {
    let file = SourceFile {
        display: path.display().to_string(),
        path: path.to_path_buf(),
        kind,
        text: Arc::from(std::fs::read_to_string(path).unwrap()),
        reported: true,
    };
    let parsed = parse::parse_unit(format, &[file], &ParseOptions::default());
    assert!(
        parsed.errors.is_empty(),
        "{}: {:?}",
        path.display(),
        parsed.errors
    );
    parsed.resources.into_iter().map(|(_, r)| r).collect()
}

/// One module read both ways.
struct Module {
    dir: PathBuf,
    bicep: Vec<Resource>,
    arm: Vec<Resource>,
    /// Byte ranges of `main.json` holding templates the compiler inlined for module calls that
    /// ailint reads as linked deployments (registry modules, `br/public:…`): out of the Bicep
    /// side's reach, so left out of the comparison.
    inlined: Vec<Range<usize>>,
}

impl Module {
    fn read(dir: &Path) -> Module {
        let bicep = resources(Format::Bicep, &dir.join("main.bicep"), FileKind::Bicep);
        let arm = resources(Format::Arm, &dir.join("main.json"), FileKind::ArmTemplate);
        let unread: Vec<Vec<&str>> = bicep
            .iter()
            .filter(|r| r.kind == "Microsoft.Resources/deployments")
            .filter(|r| r.config.pointer("/properties/templateLink").is_some())
            .map(|r| r.id.split('/').collect())
            .collect();
        let deployments: Vec<&Resource> = arm
            .iter()
            .filter(|r| r.kind == "Microsoft.Resources/deployments")
            .collect();
        let inlined = deployments
            .iter()
            .filter(|d| unread.contains(&path_of(&deployments, d)))
            .map(|d| d.source.full.clone())
            .collect();
        Module {
            dir: dir.to_path_buf(),
            bicep,
            arm,
            inlined,
        }
    }

    /// Whether a place in `main.json` lies inside an inlined template (not on its deployment).
    fn out_of_reach(&self, at: usize, whole: &Range<usize>) -> bool {
        self.inlined
            .iter()
            .any(|r| r.start < at && at < r.end && whole != r)
    }
}

/// A nested deployment's path: the symbols of the deployments around it, then its own, as the
/// lowering names a module's resources (`outer/inner`).
fn path_of<'a>(deployments: &[&'a Resource], r: &'a Resource) -> Vec<&'a str> {
    let mut around: Vec<&Resource> = deployments
        .iter()
        .copied()
        .filter(|d| d.source.full.start < r.source.full.start)
        .filter(|d| d.source.full.end > r.source.full.end)
        .collect();
    around.sort_by_key(|d| d.source.full.start);
    around
        .iter()
        .map(|d| d.id.as_str())
        .chain([r.id.as_str()])
        .collect()
}

fn counts<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeMap<T, usize> {
    let mut out = BTreeMap::new();
    for t in items {
        *out.entry(t).or_insert(0) += 1;
    }
    out
}

#[test]
fn lowered_resources_have_the_compiled_types() {
    let mut failures = Vec::new();
    for dir in modules() {
        let m = Module::read(&dir);
        let lowered = counts(m.bicep.iter().map(|r| r.kind.to_ascii_lowercase()));
        let compiled = counts(
            m.arm
                .iter()
                .filter(|r| !m.out_of_reach(r.source.anchor.start, &r.source.full))
                .map(|r| r.kind.to_ascii_lowercase()),
        );
        if lowered != compiled {
            failures.push(format!(
                "{}:\n  lowered  {lowered:?}\n  compiled {compiled:?}",
                m.dir.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `(rule, resource symbol, file, line)` of every finding of `ailint check <path>`.
fn findings(path: &Path) -> Vec<(String, String, String, usize)> {
    let out = Command::cargo_bin("ailint")
        .unwrap()
        .args(["check", "--no-config", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    assert!(out.status.code() == Some(0) || out.status.code() == Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary"]["parse_errors"], 0, "{}", path.display());
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            // A module's resources are `module/symbol` on the Bicep side; the compiled
            // template names them by symbol inside the nested deployment.
            let resource = f["resource"].as_str().unwrap_or_default();
            let symbol = resource.rsplit('/').next().unwrap_or(resource);
            let line = f["line"].as_u64().unwrap() as usize;
            let file = f["file"].as_str().unwrap().to_string();
            let rule = f["rule_id"].as_str().unwrap().to_string();
            (rule, symbol.to_string(), file, line)
        })
        .collect()
}

#[test]
fn rules_report_the_same_findings_on_bicep_and_on_the_compiled_template() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for dir in modules() {
        let m = Module::read(&dir);
        let json = std::fs::read_to_string(dir.join("main.json")).unwrap();
        let line_starts: Vec<usize> = [0]
            .into_iter()
            .chain(json.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let offset_of_line = |line: usize| line_starts.get(line - 1).copied().unwrap_or(0);
        // The directory's `main.json` is the compiled twin of its `main.bicep` and is skipped
        // there; given by name, it is checked as ARM.
        let on_bicep = findings(&dir);
        for (rule, _, file, line) in &on_bicep {
            assert!(file.ends_with(".bicep"), "{rule} at {file}:{line}");
        }
        let on_bicep = counts(on_bicep.into_iter().map(|(r, s, _, _)| (r, s)));
        let on_arm = counts(
            findings(&dir.join("main.json"))
                .into_iter()
                .filter(|(_, _, _, line)| {
                    let at = offset_of_line(*line);
                    !m.out_of_reach(at, &(usize::MAX..usize::MAX))
                })
                .map(|(r, s, _, _)| (r, s)),
        );
        compared += on_bicep.values().sum::<usize>();
        if on_bicep != on_arm {
            failures.push(format!(
                "{}:\n  bicep {on_bicep:?}\n  arm   {on_arm:?}",
                m.dir.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(compared >= 3, "only {compared} findings compared");
}

/// The resources of each type, outside inlined templates when `reach` applies.
fn by_kind<'a>(m: &Module, rs: &'a [Resource], reach: bool) -> BTreeMap<String, Vec<&'a Resource>> {
    let mut out: BTreeMap<String, Vec<&Resource>> = BTreeMap::new();
    for r in rs {
        if reach && m.out_of_reach(r.source.anchor.start, &r.source.full) {
            continue;
        }
        out.entry(r.kind.to_ascii_lowercase()).or_default().push(r);
    }
    out
}

/// The keys of the object at `pointer`, sorted, without ARM's deployment bookkeeping (`copy`,
/// `dependsOn`), which rules do not read and the lowering does not make.
fn keys(r: &Resource, pointer: &str) -> Vec<String> {
    let mut out: Vec<String> = match r.config.pointer(pointer) {
        Some(Value::Object(o)) => o.keys().cloned().collect(),
        Some(v) if v.get("$unknown").is_some() => vec!["(unknown)".into()],
        _ => Vec::new(),
    };
    out.retain(|k| k != "copy" && k != "dependsOn");
    out.sort();
    out
}

#[test]
fn lowered_resources_have_the_compiled_shape() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for dir in modules() {
        let m = Module::read(&dir);
        let compiled = by_kind(&m, &m.arm, true);
        for (kind, lowered) in by_kind(&m, &m.bicep, false) {
            // Pairs are certain only for a type declared once on each side.
            let (Some([arm]), [bicep]) = (compiled.get(&kind).map(Vec::as_slice), &lowered[..])
            else {
                continue;
            };
            for pointer in ["", "/properties", "/sku", "/identity"] {
                compared += 1;
                let (b, a) = (keys(bicep, pointer), keys(arm, pointer));
                if b != a {
                    failures.push(format!(
                        "{} {kind} {pointer}:\n  bicep {b:?}\n  arm   {a:?}",
                        dir.display()
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(compared >= 100, "only {compared} objects compared");
}
