//! Parsers that turn one source file into resources of the common input envelope, each with a
//! source map. One submodule per format; all share [`Resource`], [`SrcNode`] and [`ParseError`].

pub mod arm;
pub mod bicep;
pub mod json;
pub mod kubernetes;
pub mod kustomize;
pub mod paths;
pub mod source_map;
pub mod terraform;
pub mod values;

use crate::discover::SourceFile;

pub use source_map::{ByteRange, Children, LineIndex, MapEntries, PathSeg, Position, SrcNode};

/// The text to hand to a parser: a leading BOM is blanked out with three spaces (it is three bytes
/// in UTF-8) so that every offset the parser reports is still a byte offset into the original text.
pub(crate) fn without_bom(text: &str) -> std::borrow::Cow<'_, str> {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => std::borrow::Cow::Owned(format!("   {rest}")),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// Helpers shared by the parsers' unit tests.
#[cfg(test)]
pub(crate) mod test_support {
    use super::{LineIndex, PathSeg, Position, Resource};

    /// A path from `"spec"`, `"0"`-style steps (numbers are indices).
    pub fn path(segs: &[&str]) -> Vec<PathSeg> {
        segs.iter()
            .map(|s| match s.parse::<usize>() {
                Ok(i) => PathSeg::Index(i),
                Err(_) => PathSeg::Key(s.to_string()),
            })
            .collect()
    }

    /// `line:column` of what `segs` resolves to in `r`, and whether it was found.
    pub fn at(text: &str, r: &Resource, segs: &[&str]) -> (String, bool) {
        let (range, found) = r.source.resolve(&path(segs));
        let Position { line, column } = LineIndex::new(text).position(text, range.start);
        (format!("{line}:{column}"), found)
    }

    /// `count` pseudo-random strings of up to `max_len` characters drawn from `alphabet`
    /// (xorshift from `seed`, so every run checks the same inputs).
    pub fn garbage(mut seed: u64, alphabet: &str, count: usize, max_len: u64) -> Vec<String> {
        let alphabet: Vec<char> = alphabet.chars().collect();
        (0..count)
            .map(|_| {
                let len = (seed % max_len) as usize;
                let mut s = String::new();
                for _ in 0..len {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    s.push(alphabet[(seed % alphabet.len() as u64) as usize]);
                }
                s
            })
            .collect()
    }

    /// The source text `segs` resolves to in `r`.
    pub fn snippet<'a>(text: &'a str, r: &Resource, segs: &[&str]) -> &'a str {
        &text[r.source.resolve(&path(segs)).0]
    }
}

/// The input formats ailint reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Terraform,
    /// `terraform show -json` output: resolved values, the same resource shape as HCL.
    TerraformPlan,
    Arm,
    Kubernetes,
    /// `.bicep` lowered to the ARM resource shape (with `.bicepparam` values).
    Bicep,
}

impl Format {
    /// The name policies see in `input.format` and METADATA `custom.formats`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Terraform => "terraform",
            Format::TerraformPlan => "terraform-plan",
            Format::Arm => "arm",
            Format::Kubernetes => "kubernetes",
            Format::Bicep => "bicep",
        }
    }

    /// Whether a rule written for `self` also runs on `other`, which has the same resource shape:
    /// plan JSON for Terraform, Bicep (lowered) for ARM.
    pub fn covers(self, other: Format) -> bool {
        matches!(
            (self, other),
            (Format::Terraform, Format::TerraformPlan) | (Format::Arm, Format::Bicep)
        )
    }

    /// Every format, in report order.
    pub const ALL: [Format; 5] = [
        Format::Terraform,
        Format::TerraformPlan,
        Format::Arm,
        Format::Bicep,
        Format::Kubernetes,
    ];
}

impl std::str::FromStr for Format {
    type Err = String;

    /// The names of [`Format::as_str`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
                format!("unknown format `{s}` (known: {})", names.join(", "))
            })
    }
}

/// One resource as a policy sees it, plus where its parts are in the file.
#[derive(Debug, Clone)]
pub struct Resource {
    /// TF address (`type.name`), ARM symbolic name or `type/name`, K8s `Kind/namespace/name`.
    pub id: String,
    /// TF resource type, ARM full type (`Microsoft.X/parent/child`), K8s kind.
    pub kind: String,
    /// ARM or K8s apiVersion.
    pub api_version: Option<String>,
    pub name: String,
    /// The resource's body in the format's own names (TF attributes and blocks; ARM resource
    /// object; K8s document). Non-literal values are unknowns (see [`values`]).
    pub config: serde_json::Value,
    /// Mirrors `config`; its root anchor is the resource header.
    pub source: SrcNode,
}

/// A file that could not be parsed, with the location the parser reported.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub message: String,
    /// Byte range of the error in the file's text (may be empty).
    pub range: ByteRange,
}

impl ParseError {
    pub fn new(message: impl Into<String>, range: ByteRange) -> Self {
        ParseError {
            message: message.into(),
            range,
        }
    }
}

/// Parse one file of a known format into its resources, on its own (no values from the rest of
/// its unit).
pub fn parse(format: Format, text: &str) -> Result<Vec<Resource>, ParseError> {
    match format {
        Format::Terraform => terraform::parse(text),
        Format::TerraformPlan => terraform::plan::parse(text),
        Format::Arm => arm::parse(text),
        Format::Kubernetes => kubernetes::parse(text),
        Format::Bicep => bicep::lower::parse(text),
    }
}

/// What the user told ailint about values (`--var-file`, `--strict-unknowns`).
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// Terraform variable files given with `--var-file`, applied after the automatic ones.
    pub var_files: Vec<std::path::PathBuf>,
    /// Report what could not be resolved (remote modules, ...) as `info` notes.
    pub strict_unknowns: bool,
}

/// The resources of one unit, parsed together so that values declared in one file (variables,
/// parameters) resolve in another.
#[derive(Debug, Default)]
pub struct ParsedUnit {
    /// Each resource with the index of the file it is declared in (into the unit's files followed
    /// by `extra_files`).
    pub resources: Vec<(usize, Resource)>,
    /// Files that could not be parsed, by the same index.
    pub errors: Vec<(usize, ParseError)>,
    /// Files read from outside the unit (local modules), which source nodes may point into.
    pub extra_files: Vec<SourceFile>,
    /// What could not be resolved (remote modules, ...), reported with `--strict-unknowns`.
    pub unresolved: Vec<Unresolved>,
    /// Terraform module calls (`address`, `source`, `local`, evaluated `arguments`), which
    /// policies see as `input.module_calls`.
    pub module_calls: Vec<serde_json::Value>,
    /// Terraform variables whose value is their own `default` in some module evaluated, so that a
    /// message about a value written as `var.x` can say where it came from.
    pub var_defaults: Vec<VarDefault>,
}

/// A Terraform variable that kept its `default` in a module: the module's files (indices as in
/// [`ParsedUnit::resources`]), and where the default is written.
#[derive(Debug, Clone, PartialEq)]
pub struct VarDefault {
    pub module_files: Vec<usize>,
    pub name: String,
    pub file: usize,
    pub range: ByteRange,
}

/// Something a unit refers to that ailint cannot read, at the place that refers to it.
#[derive(Debug, Clone)]
pub struct Unresolved {
    /// Index of the file, as in [`ParsedUnit::resources`].
    pub file: usize,
    pub range: ByteRange,
    pub message: String,
}

impl ParsedUnit {
    /// Parses every resource-bearing file on its own.
    pub fn each_file(format: Format, files: &[SourceFile]) -> Self {
        let mut out = ParsedUnit::default();
        for (i, file) in files.iter().enumerate() {
            if file.kind.is_auxiliary() {
                continue;
            }
            match parse(format, &file.text) {
                Ok(resources) => out.resources.extend(resources.into_iter().map(|r| (i, r))),
                Err(e) => out.errors.push((i, e)),
            }
        }
        out
    }
}

/// Parses the files of one unit together.
pub fn parse_unit(format: Format, files: &[SourceFile], options: &ParseOptions) -> ParsedUnit {
    match format {
        Format::Terraform => terraform::module::parse_unit(files, options),
        Format::Arm => arm::parse_unit(files, options),
        Format::Bicep => bicep::lower::parse_unit(files, options),
        Format::Kubernetes => {
            let mut parsed = ParsedUnit::each_file(format, files);
            kustomize::apply_namespaces(files, &mut parsed);
            parsed
        }
        _ => ParsedUnit::each_file(format, files),
    }
}
