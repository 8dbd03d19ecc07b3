//! Finds the files to check: walks the given paths (respecting `.gitignore`, skipping `.git/`,
//! `.terraform/`, `node_modules/`) and classifies each file by content, not only by extension.
//! Files that are none of ours are skipped silently; Helm templates are skipped with a note.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use globset::GlobSet;
use ignore::WalkBuilder;
use rayon::prelude::*;
use regex::Regex;
use saphyr::{LoadableYamlNode, Yaml};

/// What a discovered file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    /// A `.tf` or `.tf.json` configuration file.
    Terraform,
    /// Variable values loaded automatically with their directory (`terraform.tfvars`,
    /// `*.auto.tfvars`, and their `.json` forms); they hold no resources.
    TerraformVars,
    /// `terraform show -json` output of a plan.
    TerraformPlan,
    ArmTemplate,
    /// An ARM deployment parameters file; it joins the unit of its template.
    ArmParameters,
    Kubernetes,
    Bicep,
    /// A `.bicepparam` file; it joins the unit of the template its `using` names.
    BicepParams,
}

impl FileKind {
    /// Whether the file only supplies values to its unit (its syntax errors are still reported).
    pub fn is_auxiliary(self) -> bool {
        matches!(
            self,
            FileKind::TerraformVars | FileKind::ArmParameters | FileKind::BicepParams
        )
    }
}

/// A file to check. Discovery reads each file to classify it but does not keep its text, so that
/// memory does not grow with the repository: [`SourceFile::read`] loads it when its unit runs.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// As shown to users: relative to the working directory, `/` separators.
    pub display: String,
    pub path: PathBuf,
    pub kind: FileKind,
    /// Empty until read.
    pub text: Arc<str>,
    /// Whether findings in this file are reported (false for siblings read only to complete the
    /// unit of a file given explicitly).
    pub reported: bool,
}

/// Something worth telling the user about a file that is not a finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    pub file: String,
    pub message: String,
}

/// A file that looks like ours but could not be read.
#[derive(Debug, Clone)]
pub struct Unreadable {
    pub display: String,
    pub message: String,
    /// Where reading stopped, when it is known: the 1-based line and column of the first bad byte.
    pub position: Option<(usize, usize)>,
}

#[derive(Debug, Default)]
pub struct Discovery {
    pub files: Vec<SourceFile>,
    pub unreadable: Vec<Unreadable>,
    pub notes: Vec<Note>,
}

/// Directories never worth walking into.
const SKIPPED_DIRS: &[&str] = &[".git", ".terraform", ".terragrunt-cache", "node_modules"];

/// Walks `paths` (files or directories). A file given explicitly is reported together with the
/// siblings of its unit, which are read but not reported.
/// Paths matching `exclude` (relative to `cwd`) are skipped, even when given explicitly.
pub fn discover(paths: &[PathBuf], cwd: &Path, exclude: &GlobSet) -> Result<Discovery, String> {
    let mut candidates: Vec<(PathBuf, bool)> = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        if meta.is_dir() {
            candidates.extend(walk(path, None).into_iter().map(|p| (normalize(&p), true)));
        } else {
            candidates.push((normalize(path), true));
            let parent = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            };
            candidates.extend(
                walk(&parent, Some(1))
                    .into_iter()
                    .map(|p| (normalize(&p), false)),
            );
        }
    }
    // One entry per file; reported wins over read-only.
    candidates.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    candidates.dedup_by(|later, first| later.0 == first.0);
    if !exclude.is_empty() {
        candidates.retain(|(p, _)| !exclude.is_match(display_path(p, cwd)));
    }

    let classified: Vec<Classified> = candidates
        .par_iter()
        .map(|(path, reported)| classify_file(path, *reported, cwd))
        .collect();
    let mut out = Discovery::default();
    for c in classified {
        match c {
            Classified::Ours(f) => out.files.push(f),
            Classified::Unreadable(u) => out.unreadable.push(u),
            Classified::Note(n) => out.notes.push(n),
            Classified::NotOurs => {}
        }
    }
    out.files.sort_by(|a, b| a.display.cmp(&b.display));
    out.files
        .dedup_by(|later, first| later.display == first.display);
    out.notes.sort();
    Ok(out)
}

/// The path without `.` components, so that `./a/b.tf` and `a/b.tf` are one file.
fn normalize(p: &Path) -> PathBuf {
    let out: PathBuf = p
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    if out.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        out
    }
}

fn walk(root: &Path, max_depth: Option<usize>) -> Vec<PathBuf> {
    let mut builder = WalkBuilder::new(root);
    builder
        .hidden(false)
        .require_git(false)
        .max_depth(max_depth)
        .follow_links(false)
        .filter_entry(|e| {
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            !(is_dir && e.depth() > 0 && SKIPPED_DIRS.iter().any(|d| e.file_name() == *d))
        });
    builder
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.into_path())
        .filter(|p| extension_kind(p).is_some())
        .collect()
}

/// What the extension allows a file to be; content decides among JSON and YAML files.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Ext {
    Tf,
    /// `terraform.tfvars` or `*.auto.tfvars` (HCL or JSON), loaded with their directory.
    TfVars,
    Json,
    Yaml,
    Bicep,
    BicepParams,
}

fn extension_kind(path: &Path) -> Option<Ext> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if name.ends_with(".tf") || name.ends_with(".tf.json") {
        Some(Ext::Tf)
    } else if is_auto_tfvars(&name) {
        Some(Ext::TfVars)
    } else if name.ends_with(".json") {
        Some(Ext::Json)
    } else if name.ends_with(".yaml") || name.ends_with(".yml") {
        Some(Ext::Yaml)
    } else if name.ends_with(".bicep") {
        Some(Ext::Bicep)
    } else if name.ends_with(".bicepparam") {
        Some(Ext::BicepParams)
    } else {
        None
    }
}

/// Variable files Terraform loads by itself: `terraform.tfvars`, `*.auto.tfvars` and their `.json`
/// forms (others are only read when passed with `--var-file`).
fn is_auto_tfvars(lower_name: &str) -> bool {
    let base = lower_name.strip_suffix(".json").unwrap_or(lower_name);
    base == "terraform.tfvars" || base.ends_with(".auto.tfvars")
}

enum Classified {
    Ours(SourceFile),
    Unreadable(Unreadable),
    Note(Note),
    NotOurs,
}

fn classify_file(path: &Path, reported: bool, cwd: &Path) -> Classified {
    let Some(ext) = extension_kind(path) else {
        return Classified::NotOurs;
    };
    let display = display_path(path, cwd);
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if matches!(ext, Ext::Tf | Ext::TfVars | Ext::Bicep | Ext::BicepParams) => {
            return Classified::Unreadable(Unreadable {
                display,
                message: format!("cannot read file: {e}"),
                position: None,
            })
        }
        Err(_) => return Classified::NotOurs,
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) if matches!(ext, Ext::Tf | Ext::TfVars | Ext::Bicep | Ext::BicepParams) => {
            let valid = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]);
            let line = prefix.matches('\n').count() + 1;
            let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            return Classified::Unreadable(Unreadable {
                display,
                message: format!("file is not valid UTF-8 (invalid byte at offset {valid})"),
                position: Some((line, column)),
            });
        }
        Err(_) => return Classified::NotOurs,
    };
    let kind = match ext {
        Ext::Tf => FileKind::Terraform,
        Ext::TfVars => FileKind::TerraformVars,
        Ext::Bicep => FileKind::Bicep,
        Ext::BicepParams => FileKind::BicepParams,
        Ext::Json if is_arm_template(&text) => FileKind::ArmTemplate,
        Ext::Json if is_arm_parameters(&text) => FileKind::ArmParameters,
        Ext::Json if is_terraform_plan(&text) => FileKind::TerraformPlan,
        Ext::Yaml if has_template_actions(&text) => match helm_template_reason(path, &text) {
            Some(why) if looks_like_kubernetes(&text) => {
                return Classified::Note(Note {
                    file: display,
                    message: format!("skipped: Helm or Go template ({why}; render it, with `helm template` for a chart, and check the output)"),
                });
            }
            Some(_) => return Classified::NotOurs,
            // `{{ $labels.instance }}` in an alert's description, Argo or KEDA templates: the
            // file is a manifest whose strings hold braces.
            None if looks_like_kubernetes(&text) => FileKind::Kubernetes,
            None => return Classified::NotOurs,
        },
        Ext::Yaml if looks_like_kubernetes(&text) => FileKind::Kubernetes,
        _ => return Classified::NotOurs,
    };
    Classified::Ours(SourceFile {
        display,
        path: path.to_path_buf(),
        kind,
        text: Arc::from(""),
        reported,
    })
}

impl SourceFile {
    /// The file with its text read (again: discovery dropped it). An error says why it cannot be
    /// read now, e.g. it was deleted or rewritten as invalid UTF-8 since discovery.
    pub fn read(&self) -> Result<SourceFile, String> {
        let bytes = std::fs::read(&self.path).map_err(|e| format!("cannot read file: {e}"))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            format!(
                "file is not valid UTF-8 (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            )
        })?;
        Ok(SourceFile {
            text: Arc::from(text),
            ..self.clone()
        })
    }
}

/// `path` relative to `cwd` when under it, with `/` separators and no leading `./`.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let rel = if path.is_absolute() {
        path.strip_prefix(cwd).unwrap_or(path)
    } else {
        path
    };
    let s: Vec<String> = rel
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let joined = s.join("/");
    if path.is_absolute() && rel == path {
        // Outside the working directory: keep it absolute.
        return path.to_string_lossy().replace('\\', "/");
    }
    joined
}

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).unwrap_or_else(|e| panic!("bad built-in regex: {e}")))
}

/// An ARM template declares a `$schema` ending in `deploymentTemplate.json` (any scope).
fn is_arm_template(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(
        &RE,
        r#"(?i)"\$schema"\s*:\s*"[^"]*deploymenttemplate\.json"#,
    )
    .is_match(text)
}

/// An ARM parameters file declares a `$schema` ending in `deploymentParameters.json`.
fn is_arm_parameters(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(
        &RE,
        r#"(?i)"\$schema"\s*:\s*"[^"]*deploymentparameters\.json"#,
    )
    .is_match(text)
}

/// `terraform show -json` of a plan has `"format_version"` and `"planned_values"` or
/// `"resource_changes"` (the state's JSON has neither of the latter). Checked on the raw text so
/// that a plan that no longer parses is still reported as one.
fn is_terraform_plan(text: &str) -> bool {
    static VERSION: OnceLock<Regex> = OnceLock::new();
    static PLANNED: OnceLock<Regex> = OnceLock::new();
    regex(&VERSION, r#""format_version"\s*:"#).is_match(text)
        && regex(&PLANNED, r#""(planned_values|resource_changes)"\s*:"#).is_match(text)
}

/// A Kubernetes manifest has top-level `apiVersion:` and `kind:` keys, even when it does not parse.
fn looks_like_kubernetes(text: &str) -> bool {
    static API: OnceLock<Regex> = OnceLock::new();
    static KIND: OnceLock<Regex> = OnceLock::new();
    regex(&API, r#"(?m)^["']?apiVersion["']?\s*:"#).is_match(text)
        && regex(&KIND, r#"(?m)^["']?kind["']?\s*:"#).is_match(text)
}

/// Go templates that Helm renders; checking them unrendered would report nonsense.
/// Why a YAML file with template actions is a Helm template rather than a manifest whose strings
/// hold `{{ }}`: it sits in a chart's `templates/` (a `Chart.yaml` beside that folder), or it is
/// not YAML at all until rendered. `None`: it is a manifest.
fn helm_template_reason(path: &Path, text: &str) -> Option<&'static str> {
    let in_chart = path.ancestors().skip(1).any(|dir| {
        dir.file_name().is_some_and(|n| n == "templates")
            && dir.parent().is_some_and(|chart| {
                chart.join("Chart.yaml").is_file() || chart.join("Chart.yml").is_file()
            })
    });
    if in_chart {
        Some("in a chart's templates/")
    } else if !is_json_like_yaml(text) {
        Some("not YAML before rendering")
    } else {
        None
    }
}

/// Deepest indentation of a file with template actions read as YAML to tell it from a template.
const MAX_TEMPLATE_INDENT: usize = 512;

/// Whether `text` is YAML that Kubernetes can turn into JSON: it parses, and every mapping key
/// is a scalar (an unquoted `{{ .Values.x }}` parses as a flow mapping used as a key).
fn is_json_like_yaml(text: &str) -> bool {
    fn scalar_keys(node: &Yaml, depth: usize) -> bool {
        match node {
            _ if depth > 256 => false,
            Yaml::Mapping(map) => map.iter().all(|(k, v)| {
                !matches!(k, Yaml::Mapping(_) | Yaml::Sequence(_)) && scalar_keys(v, depth + 1)
            }),
            Yaml::Sequence(items) => items.iter().all(|v| scalar_keys(v, depth + 1)),
            _ => true,
        }
    }
    // Deep block nesting would take the YAML library deep into the stack of this worker thread
    // (the parser proper runs on a big stack); such a file is no manifest anyway.
    let shallow = text
        .lines()
        .all(|l| l.len() - l.trim_start().len() <= MAX_TEMPLATE_INDENT);
    shallow && Yaml::load_from_str(text).is_ok_and(|docs| docs.iter().all(|d| scalar_keys(d, 0)))
}

/// Whether `text` holds Go template actions (`{{ ... }}`: Helm's, or an operator's own manifests
/// rendered by Go's text/template, such as the GPU Operator's `{{ .Driver.Name }}`).
fn has_template_actions(text: &str) -> bool {
    text.find("{{")
        .is_some_and(|start| text[start + 2..].contains("}}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_content() {
        assert!(is_arm_template(
            r#"{ "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [] }"#
        ));
        assert!(is_arm_template(
            r#"{"$schema":"https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#"}"#
        ));
        assert!(!is_arm_template(r#"{ "name": "package.json" }"#));
        assert!(!is_arm_template(
            r#"{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#"}"#
        ));
        assert!(is_terraform_plan(
            r#"{"format_version":"1.2","terraform_version":"1.9.5","planned_values":{}}"#
        ));
        assert!(is_terraform_plan(
            "{\n  \"format_version\": \"1.2\",\n  \"resource_changes\": [\n"
        ));
        // State JSON and other files with a format_version are not plans.
        assert!(!is_terraform_plan(
            r#"{"format_version":"1.0","terraform_version":"1.9.5","values":{}}"#
        ));
        assert!(!is_terraform_plan(r#"{"planned_values": {}}"#));
        assert!(looks_like_kubernetes("apiVersion: v1\nkind: Pod\n"));
        assert!(looks_like_kubernetes("---\nkind: Pod\napiVersion: v1\n"));
        assert!(!looks_like_kubernetes("name: ci\non: push\n"));
        assert!(has_template_actions("image: {{ .Values.image }}\n"));
        assert!(has_template_actions("{{- if .Values.gpu }}\n"));
        assert!(has_template_actions("  name: {{ .Driver.Name }}\n"));
        assert!(!has_template_actions("command: [\"echo\", \"{{\"]\n"));
    }

    #[test]
    fn display_paths_are_relative_with_slashes() {
        let cwd = Path::new("/repo");
        assert_eq!(
            display_path(Path::new("/repo/infra/a.tf"), cwd),
            "infra/a.tf"
        );
        assert_eq!(display_path(Path::new("./infra/a.tf"), cwd), "infra/a.tf");
        assert_eq!(
            display_path(Path::new("/elsewhere/a.tf"), cwd),
            "/elsewhere/a.tf"
        );
    }
}
