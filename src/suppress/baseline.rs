//! Baselines: `--write-baseline FILE` records the current findings by fingerprint (rule, file,
//! resource and path, not the line), and `--baseline FILE` silences those, so that a legacy
//! repository fails only on new findings. Entries that no longer match are reported as stale.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::finding::{Finding, Suppression, SuppressionKind};

const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub fingerprint: String,
    pub rule_id: String,
    pub file: String,
    pub resource: Option<String>,
    /// For the humans who review the file; not used for matching.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

/// Writes the findings that are not suppressed otherwise; returns how many were recorded.
pub fn write<F: std::ops::Deref<Target = Finding>>(
    path: &Path,
    findings: impl Iterator<Item = F>,
) -> Result<usize> {
    let mut entries: Vec<Entry> = findings
        .filter(|f| f.suppressed.is_none())
        .map(|f| Entry {
            fingerprint: f.fingerprint(),
            rule_id: f.rule_id.clone(),
            file: f.file.clone(),
            resource: f.resource.clone(),
            message: f.message.clone(),
        })
        .collect();
    entries.sort_by(|a, b| {
        (&a.file, &a.rule_id, &a.fingerprint).cmp(&(&b.file, &b.rule_id, &b.fingerprint))
    });
    let count = entries.len();
    let text = serde_json::to_string_pretty(&Baseline {
        version: VERSION,
        findings: entries,
    })
    .map_err(|e| Error::Internal(e.to_string()))?;
    std::fs::write(path, text + "\n").map_err(|e| Error::io("write baseline", path, e))?;
    Ok(count)
}

pub fn load(path: &Path) -> Result<Baseline> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io("read baseline", path, e))?;
    let baseline: Baseline = serde_json::from_str(&text).map_err(|e| {
        Error::Config(format!(
            "{}:{}:{}: not an ailint baseline: {e}",
            path.display(),
            e.line(),
            e.column()
        ))
    })?;
    if baseline.version != VERSION {
        return Err(Error::Config(format!(
            "{}: baseline version {} is not supported (expected {VERSION}); write it again with --write-baseline",
            path.display(),
            baseline.version
        )));
    }
    Ok(baseline)
}

/// Silences the findings the baseline records, each entry once, as findings come; what is left
/// at the end is stale.
pub struct Matcher<'a> {
    remaining: HashMap<&'a str, Vec<&'a Entry>>,
}

impl<'a> Matcher<'a> {
    pub fn new(baseline: &'a Baseline) -> Self {
        let mut remaining: HashMap<&str, Vec<&Entry>> = HashMap::new();
        for e in &baseline.findings {
            remaining.entry(e.fingerprint.as_str()).or_default().push(e);
        }
        Matcher { remaining }
    }

    pub fn apply(&mut self, f: &mut Finding) {
        if f.suppressed.is_some() {
            return;
        }
        if let Some(entries) = self.remaining.get_mut(f.fingerprint().as_str()) {
            if entries.pop().is_some() {
                f.suppressed = Some(Suppression {
                    kind: SuppressionKind::Baseline,
                    reason: "recorded in the baseline".into(),
                });
            }
        }
    }

    /// The entries that matched no finding, sorted.
    pub fn stale(self) -> Vec<Entry> {
        let mut stale: Vec<Entry> = self.remaining.into_values().flatten().cloned().collect();
        stale.sort_by(|a, b| {
            (&a.file, &a.rule_id, &a.fingerprint).cmp(&(&b.file, &b.rule_id, &b.fingerprint))
        });
        stale
    }
}
