//! What a check found, ready to render: the findings (suppressed ones marked), the notes and
//! internal errors of the run, and its counts. Renderers read only this.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use crate::discover::Note;
use crate::finding::Finding;
use crate::finding_store::FindingStore;
use crate::suppress::baseline;

/// Everything a check found, ready to render.
#[derive(Debug, Default)]
pub struct Report {
    /// Sorted by file, line, column, rule id (the one report order every renderer keeps).
    pub findings: FindingStore,
    pub notes: Vec<Note>,
    /// Internal errors (exit code 2).
    pub errors: Vec<String>,
    pub files: usize,
    /// Every reported file, sorted (for formats that list clean files too, like JUnit).
    pub checked_files: Vec<String>,
    pub units: usize,
    pub parse_errors: usize,
    pub duration_ms: u128,
    /// Text of every file that has a finding, for snippets (when `Settings::keep_sources`).
    pub sources: BTreeMap<String, Arc<str>>,
    /// Baseline entries that matched no finding.
    pub stale_baseline: Vec<baseline::Entry>,
    /// How many findings were suppressed (inline, configuration or baseline).
    pub suppressed: usize,
    /// Findings fixed by `--fix` before this report was made of what is left.
    pub fixed: usize,
}

impl Report {
    /// Findings that count (not suppressed), in report order. Renderers that list suppressed
    /// findings too (with `--show-suppressed`) iterate `findings` instead.
    pub fn reported(&self) -> impl Iterator<Item = Cow<'_, Finding>> {
        self.findings.reported()
    }
}
