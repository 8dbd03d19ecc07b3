//! `--fix` and `--diff`: checks, applies the fixes the findings offer, and checks again on the
//! fixed texts (kept in memory, so `--diff` writes nothing), until no fix applies or the rounds
//! run out; a fix may then make another applicable, or one that overlapped it.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use crate::discover::FileKind;
use crate::error::{Error, Result};
use crate::finding::{Edit, Finding, Fix};
use crate::policy::PolicySet;
use crate::report::Report;
use crate::settings::Settings;

/// Rounds of fixing at most; each applies at least one fix, so overlapping fixes on one value
/// settle long before this.
pub const MAX_ROUNDS: usize = 10;

/// What fixing gave.
#[derive(Debug)]
pub struct Fixed {
    /// The check of the fixed texts: what is left.
    pub report: Report,
    /// Each changed file (as findings name it), its text before and after.
    pub changed: BTreeMap<String, (String, String)>,
    /// Findings whose fix was applied.
    pub fixed: usize,
    /// Fixes dropped because they would have left a file unparsable (internal errors).
    pub errors: Vec<String>,
}

/// Checks `settings.paths` and applies fixes in rounds, in memory; writes nothing.
pub fn run(
    settings: &Settings,
    policies: &PolicySet,
    cwd: &Path,
    unsafe_fixes: bool,
) -> Result<Fixed> {
    let mut settings = settings.clone();
    let mut texts: HashMap<String, Arc<str>> = HashMap::new();
    let mut originals: BTreeMap<String, String> = BTreeMap::new();
    let mut fixed = 0;
    let mut errors = Vec::new();
    let mut report = crate::check(&settings, policies, cwd)?;
    let mut settled = false;
    for _ in 0..MAX_ROUNDS {
        let by_file = fixes_by_file(report.reported().map(Cow::into_owned), unsafe_fixes);
        let mut progressed = false;
        for (file, fixes) in by_file {
            let text = match texts.get(&file) {
                Some(t) => t.to_string(),
                None => std::fs::read_to_string(cwd.join(&file))
                    .map_err(|e| Error::io("read", &cwd.join(&file), e))?,
            };
            let unique: Vec<&Fix> = fixes.iter().map(|(fix, _)| fix).collect();
            let applied = super::apply::apply(&text, kind_of(&file), &file, &unique);
            for (i, message) in &applied.broken {
                let (fix, findings) = &fixes[*i];
                let error = format!(
                    "{}: the fix of {} ({}) would leave the file unparsable, so it was not applied: {message}",
                    place(&file, fix),
                    findings.join(", "),
                    fix.description
                );
                // Offered again in the next round, when another fix of the file applied.
                if !errors.contains(&error) {
                    errors.push(error);
                }
            }
            if applied.applied.is_empty() {
                continue;
            }
            progressed = true;
            fixed += applied
                .applied
                .iter()
                .map(|&i| fixes[i].1.len())
                .sum::<usize>();
            originals.entry(file.clone()).or_insert(text);
            texts.insert(file, Arc::from(applied.text));
        }
        if !progressed {
            settled = true;
            break;
        }
        settings.sources = Arc::new(texts.clone());
        report = crate::check(&settings, policies, cwd)?;
    }
    if !settled && !fixes_by_file(report.reported().map(Cow::into_owned), unsafe_fixes).is_empty() {
        errors.push(format!(
            "fixes were still being applied after {MAX_ROUNDS} rounds; the rest were left as they are"
        ));
    }
    let changed = originals
        .into_iter()
        .filter_map(|(file, before)| {
            let after = texts.get(&file)?.to_string();
            (after != before).then_some((file, (before, after)))
        })
        .collect();
    Ok(Fixed {
        report,
        changed,
        fixed,
        errors,
    })
}

/// The fixes `--fix` applies, by file, each once with the rules of the findings that offer it
/// (two findings may offer one edit).
fn fixes_by_file(
    findings: impl Iterator<Item = Finding>,
    unsafe_fixes: bool,
) -> BTreeMap<String, Vec<(Fix, Vec<String>)>> {
    let mut by_file: BTreeMap<String, Vec<(Fix, Vec<String>)>> = BTreeMap::new();
    for f in findings {
        let Some(fix) = f.fix else { continue };
        if f.suppressed.is_some() || !fix.applies(unsafe_fixes) {
            continue;
        }
        let Some(file) = fix.edits.first().map(|e| e.file.clone()) else {
            continue;
        };
        let fixes = by_file.entry(file).or_default();
        match fixes
            .iter_mut()
            .find(|(known, _)| same_edits(&known.edits, &fix.edits))
        {
            Some((_, rules)) => rules.push(f.rule_id),
            None => fixes.push((fix, vec![f.rule_id])),
        }
    }
    by_file
}

fn same_edits(a: &[Edit], b: &[Edit]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.file == y.file && x.range == y.range && x.replacement == y.replacement)
}

fn place(file: &str, fix: &Fix) -> String {
    match fix.edits.first() {
        Some(e) => format!("{file}:{}:{}", e.start.0, e.start.1),
        None => file.to_string(),
    }
}

/// The kind of an edited file, from its name (fixes are only offered in these).
fn kind_of(file: &str) -> FileKind {
    let lower = file.to_ascii_lowercase();
    if lower.ends_with(".tf") || lower.ends_with(".tf.json") {
        FileKind::Terraform
    } else if lower.ends_with(".bicep") {
        FileKind::Bicep
    } else if lower.ends_with(".json") {
        FileKind::ArmTemplate
    } else {
        FileKind::Kubernetes
    }
}

/// Writes each changed file; the first that cannot be written is an error.
pub fn write(changed: &BTreeMap<String, (String, String)>, cwd: &Path) -> Result<()> {
    for (file, (_, after)) in changed {
        let path = cwd.join(file);
        std::fs::write(&path, after).map_err(|e| Error::io("write", &path, e))?;
    }
    Ok(())
}

/// A unified diff of every changed file (`--- a/file`, `+++ b/file`, three lines of context).
pub fn diff(changed: &BTreeMap<String, (String, String)>) -> String {
    let mut out = String::new();
    for (file, (before, after)) in changed {
        let diff = similar::TextDiff::from_lines(before.as_str(), after.as_str());
        // Git's `a/` and `b/` for paths relative to the working directory (`patch -p1`); a
        // file outside it is named by its absolute path on both sides.
        let (old, new) = if Path::new(file).is_absolute() {
            (file.clone(), file.clone())
        } else {
            (format!("a/{file}"), format!("b/{file}"))
        };
        out.push_str(
            &diff
                .unified_diff()
                .context_radius(3)
                .header(&old, &new)
                .to_string(),
        );
    }
    out
}
