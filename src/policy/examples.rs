//! Failing and passing examples of each bundled rule, taken from its fixtures
//! (`fixtures/<ID>-<slug>/`, embedded in the binary) for `ailint rule`.

use include_dir::{include_dir, Dir, File};
use serde_json::Value;

static FIXTURES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/fixtures");

/// An excerpt of one fixture file.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The fixture file, e.g. `fail_pools.tf`.
    pub file: String,
    /// 1-based number of the first line shown.
    pub first_line: usize,
    pub lines: Vec<String>,
    /// The line a finding points at (failing examples only).
    pub marked: Option<usize>,
}

/// Lines shown around a finding, and at most for a passing example.
const BEFORE: usize = 8;
const AFTER: usize = 8;
const PASS_LINES: usize = 24;

fn extension(format: &str) -> Option<&'static str> {
    match format {
        "terraform" => Some(".tf"),
        "arm" => Some(".json"),
        "bicep" => Some(".bicep"),
        "kubernetes" => Some(".yaml"),
        _ => None,
    }
}

fn rule_dir(id: &str, slug: &str) -> Option<&'static Dir<'static>> {
    FIXTURES.get_dir(format!("{id}-{slug}"))
}

fn file_name(f: &File<'_>) -> String {
    f.path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The failing example for `format`: the first pinned finding in a `fail_*` file of that format,
/// with the lines around it.
pub fn failing(id: &str, slug: &str, format: &str) -> Option<Example> {
    let dir = rule_dir(id, slug)?;
    let ext = extension(format)?;
    let expected: Value = serde_json::from_str(
        dir.get_file(dir.path().join("expected.json"))?
            .contents_utf8()?,
    )
    .ok()?;
    let (file, line) = expected["findings"].as_array()?.iter().find_map(|f| {
        let file = f["file"].as_str()?;
        (file.starts_with("fail_") && file.ends_with(ext))
            .then(|| (file.to_string(), f["line"].as_u64()))
    })?;
    let line = usize::try_from(line?).ok()?;
    let text = dir.get_file(dir.path().join(&file))?.contents_utf8()?;
    let all: Vec<&str> = text.lines().collect();
    let first = line.saturating_sub(BEFORE).max(1);
    let last = (line + AFTER).min(all.len());
    Some(Example {
        file,
        first_line: first,
        lines: all
            .get(first - 1..last)?
            .iter()
            .map(|l| l.to_string())
            .collect(),
        marked: Some(line),
    })
}

/// The passing example for `format`: the shortest `pass_*` file of that format, from its start.
pub fn passing(id: &str, slug: &str, format: &str) -> Option<Example> {
    let dir = rule_dir(id, slug)?;
    let ext = extension(format)?;
    let file = dir
        .files()
        .filter(|f| {
            let n = file_name(f);
            n.starts_with("pass_") && n.ends_with(ext)
        })
        .min_by_key(|f| (f.contents().len(), file_name(f)))?;
    let text = file.contents_utf8()?;
    Some(Example {
        file: file_name(file),
        first_line: 1,
        lines: text.lines().take(PASS_LINES).map(str::to_string).collect(),
        marked: None,
    })
}

impl Example {
    /// The excerpt with line numbers; the marked line gets a `>`.
    pub fn render(&self) -> String {
        let width = (self.first_line + self.lines.len()).to_string().len();
        self.lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let n = self.first_line + i;
                let mark = if Some(n) == self.marked { '>' } else { ' ' };
                format!("  {mark} {n:>width$} | {l}")
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_come_from_the_rule_fixtures() {
        let fail = failing("AIL101", "ai-service-public-network-access", "terraform").unwrap();
        assert!(fail.file.starts_with("fail_") && fail.file.ends_with(".tf"));
        let marked = fail.marked.unwrap();
        assert!(fail.first_line <= marked && marked < fail.first_line + fail.lines.len());
        assert!(fail.render().contains("> "));
        let pass = passing("AIL101", "ai-service-public-network-access", "arm").unwrap();
        assert!(pass.file.starts_with("pass_") && pass.file.ends_with(".json"));
        assert!(failing("AIL101", "ai-service-public-network-access", "kubernetes").is_none());
    }
}
