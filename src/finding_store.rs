//! The findings of a run in report order. They stay in memory up to a budget; beyond it they are
//! written to an anonymous temporary file and read back one at a time when rendered, so that a
//! repository with hundreds of thousands of findings is checked in bounded memory.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::sync::Mutex;

use crate::finding::{Finding, Safety, Severity, Span};

/// Bytes of findings kept in memory before they go to the temporary file.
pub const DEFAULT_MEMORY_BUDGET: usize = 8 << 20;

/// Findings, sorted by file, span, rule id, message and resource once [`FindingStore::finish`]
/// has run, with duplicates (same rule and place) removed.
#[derive(Debug)]
pub struct FindingStore {
    entries: Vec<Entry>,
    /// Interned file names and rule ids: entries compare these without touching the finding.
    names: Vec<String>,
    ids: HashMap<String, u32>,
    spill: Option<Spill>,
    in_memory: usize,
    budget: usize,
    hide_suppressed: bool,
}

/// What ordering, deduplication and counting need, small: one per finding stays in memory.
#[derive(Debug)]
struct Entry {
    file: u32,
    rule: u32,
    span: [u32; 4],
    severity: Severity,
    suppressed: bool,
    /// The safety of its fix, if it offers one.
    fix: Option<Safety>,
    /// Arrival order: the last tie-breaker, so that an in-place sort gives the stable order.
    seq: u32,
    place: Place,
}

#[derive(Debug)]
enum Place {
    Memory(Box<Finding>),
    Disk { offset: u64, len: usize },
}

#[derive(Debug)]
struct Spill {
    writer: Mutex<BufWriter<std::fs::File>>,
    end: u64,
}

impl Default for FindingStore {
    fn default() -> Self {
        Self::with_budget(DEFAULT_MEMORY_BUDGET)
    }
}

impl FindingStore {
    /// A store that keeps up to `budget` bytes of findings in memory (0: every finding spills).
    pub fn with_budget(budget: usize) -> Self {
        FindingStore {
            entries: Vec::new(),
            names: Vec::new(),
            ids: HashMap::new(),
            spill: None,
            in_memory: 0,
            budget,
            hide_suppressed: false,
        }
    }

    fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(name.to_string());
        self.ids.insert(name.to_string(), id);
        id
    }

    pub fn push(&mut self, finding: Finding) {
        let file = self.intern(&finding.file);
        let rule = self.intern(&finding.rule_id);
        self.in_memory += approximate_size(&finding);
        let s = finding.span;
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let seq = narrow(self.entries.len());
        self.entries.push(Entry {
            file,
            rule,
            seq,
            span: [s.line, s.column, s.end_line, s.end_column].map(narrow),
            severity: finding.severity,
            suppressed: finding.suppressed.is_some(),
            fix: finding.fix.as_ref().map(|f| f.safety),
            place: Place::Memory(Box::new(finding)),
        });
        if self.in_memory > self.budget {
            self.spill_memory();
        }
    }

    /// Moves the findings held in memory to the temporary file. If no temporary file can be
    /// written they stay in memory: slower to run out of memory than to lose findings.
    fn spill_memory(&mut self) {
        if self.spill.is_none() {
            match tempfile::tempfile() {
                Ok(file) => {
                    self.spill = Some(Spill {
                        writer: Mutex::new(BufWriter::with_capacity(1 << 16, file)),
                        end: 0,
                    })
                }
                Err(_) => {
                    self.budget = usize::MAX;
                    return;
                }
            }
        }
        let Some(spill) = self.spill.as_mut() else {
            return;
        };
        let Ok(writer) = spill.writer.get_mut() else {
            return;
        };
        for entry in &mut self.entries {
            let Place::Memory(finding) = &entry.place else {
                continue;
            };
            let Ok(bytes) = serde_json::to_vec(finding.as_ref()) else {
                continue;
            };
            if writer.write_all(&bytes).is_err() {
                // A full disk: keep the rest in memory from now on.
                self.budget = usize::MAX;
                return;
            }
            entry.place = Place::Disk {
                offset: spill.end,
                len: bytes.len(),
            };
            spill.end += bytes.len() as u64;
        }
        self.in_memory = 0;
    }

    /// Sorts the findings into report order and drops duplicates: a module's resources are
    /// checked in its own unit and in each unit that calls it, and one finding per rule and
    /// place is enough.
    pub fn finish(&mut self) {
        if let Some(spill) = &mut self.spill {
            if let Ok(writer) = spill.writer.get_mut() {
                let _ = writer.flush();
            }
        }
        let mut order: Vec<usize> = (0..self.names.len()).collect();
        order.sort_by(|&a, &b| self.names[a].cmp(&self.names[b]));
        let mut rank = vec![0u32; self.names.len()];
        for (r, &i) in order.iter().enumerate() {
            rank[i] = u32::try_from(r).unwrap_or(u32::MAX);
        }
        let (spill, names) = (&self.spill, &self.names);
        let key = |e: &Entry| (rank[e.file as usize], e.span, rank[e.rule as usize]);
        // In place (a stable sort would take half the index again in memory).
        self.entries.sort_unstable_by(|a, b| {
            key(a)
                .cmp(&key(b))
                .then_with(|| {
                    // Same rule at the same place: rare, so the finding itself is read for the tie.
                    let (fa, fb) = (load(spill, names, a), load(spill, names, b));
                    (&fa.message, &fa.resource).cmp(&(&fb.message, &fb.resource))
                })
                .then(a.seq.cmp(&b.seq))
        });
        self.entries
            .dedup_by(|later, first| key(later) == key(first));
    }

    /// From now on only findings that are not suppressed are listed.
    pub fn hide_suppressed(&mut self) {
        self.hide_suppressed = true;
    }

    fn listed(&self) -> impl Iterator<Item = &Entry> {
        let hide = self.hide_suppressed;
        self.entries.iter().filter(move |e| !(hide && e.suppressed))
    }

    /// Every listed finding, in report order.
    pub fn iter(&self) -> impl Iterator<Item = Cow<'_, Finding>> {
        self.listed().map(|e| load(&self.spill, &self.names, e))
    }

    /// The listed findings that are not suppressed.
    pub fn reported(&self) -> impl Iterator<Item = Cow<'_, Finding>> {
        self.entries
            .iter()
            .filter(|e| !e.suppressed)
            .map(|e| load(&self.spill, &self.names, e))
    }

    pub fn len(&self) -> usize {
        self.listed().count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many findings are not suppressed, and how many of them have `severity`.
    pub fn reported_count(&self, severity: Option<Severity>) -> usize {
        self.entries
            .iter()
            .filter(|e| !e.suppressed && severity.is_none_or(|s| e.severity == s))
            .count()
    }

    /// Reported findings whose fix has `safety`.
    pub fn fixable_count(&self, safety: Safety) -> usize {
        self.entries
            .iter()
            .filter(|e| !e.suppressed && e.fix == Some(safety))
            .count()
    }

    pub fn suppressed_count(&self) -> usize {
        self.entries.iter().filter(|e| e.suppressed).count()
    }

    /// Whether a reported finding is at least `severity`.
    pub fn any_reported_at_least(&self, severity: Severity) -> bool {
        self.entries
            .iter()
            .any(|e| !e.suppressed && e.severity >= severity)
    }

    /// Whether any finding had to go to the temporary file.
    pub fn spilled(&self) -> bool {
        self.spill.is_some()
    }
}

/// The finding of `entry`, read back from the temporary file when it was spilled.
fn load<'a>(spill: &Option<Spill>, names: &[String], entry: &'a Entry) -> Cow<'a, Finding> {
    match &entry.place {
        Place::Memory(f) => Cow::Borrowed(f.as_ref()),
        Place::Disk { offset, len } => Cow::Owned(
            read_back(spill, *offset, *len).unwrap_or_else(|e| unreadable(names, entry, e)),
        ),
    }
}

fn read_back(spill: &Option<Spill>, offset: u64, len: usize) -> Result<Finding, String> {
    let spill = spill.as_ref().ok_or("no temporary file")?;
    let mut writer = spill.writer.lock().map_err(|e| e.to_string())?;
    let file = writer.get_mut();
    file.seek(SeekFrom::Start(offset))
        .map_err(|e| e.to_string())?;
    let mut bytes = vec![0; len];
    file.read_exact(&mut bytes).map_err(|e| e.to_string())?;
    serde_json::from_slice(&bytes).map_err(|e| e.to_string())
}

/// What is reported when a spilled finding cannot be read back (the temporary file's disk went
/// away): its rule and place are known, and the failure is said rather than the finding dropped.
fn unreadable(names: &[String], entry: &Entry, error: String) -> Finding {
    let name = |i: u32| names.get(i as usize).cloned().unwrap_or_default();
    Finding {
        rule_id: name(entry.rule),
        slug: String::new(),
        severity: entry.severity,
        message: format!(
            "ailint could not read this finding back from its temporary file: {error}"
        ),
        file: name(entry.file),
        span: Span {
            line: entry.span[0] as usize,
            column: entry.span[1] as usize,
            end_line: entry.span[2] as usize,
            end_column: entry.span[3] as usize,
        },
        byte_range: 0..0,
        resource: None,
        path: Vec::new(),
        help: String::new(),
        url: String::new(),
        resource_line: None,
        resource_end_line: None,
        suppressed: None,
        sensitive: false,
        fix: None,
    }
}

/// Roughly the heap bytes a finding holds.
fn approximate_size(f: &Finding) -> usize {
    std::mem::size_of::<Finding>()
        + f.rule_id.len()
        + f.slug.len()
        + f.message.len()
        + f.file.len()
        + f.resource.as_ref().map_or(0, String::len)
        + f.path.len() * 48
        + f.help.len()
        + f.url.len()
        + f.suppressed.as_ref().map_or(0, |s| s.reason.len())
        + f.fix.as_ref().map_or(0, |x| {
            x.description.len()
                + x.edits
                    .iter()
                    .map(|e| std::mem::size_of_val(e) + e.file.len() + e.replacement.len())
                    .sum::<usize>()
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Suppression;

    fn finding(file: &str, line: usize, rule: &str, message: &str) -> Finding {
        Finding {
            rule_id: rule.into(),
            slug: "slug".into(),
            severity: Severity::Warning,
            message: message.into(),
            file: file.into(),
            span: Span {
                line,
                column: 1,
                end_line: line,
                end_column: 4,
            },
            byte_range: 0..3,
            resource: Some("r.x".into()),
            path: vec![serde_json::json!("a"), serde_json::json!(0)],
            help: "help".into(),
            url: "https://example.com".into(),
            resource_line: Some(line),
            resource_end_line: Some(line),
            suppressed: None,
            sensitive: false,
            fix: None,
        }
    }

    #[test]
    fn fixable_findings_are_counted_once_after_duplicates_go() {
        let fixable = |safety| {
            let mut f = finding("a.tf", 3, "AIL301", "zero");
            f.fix = Some(crate::finding::Fix {
                safety,
                description: "Set `min_count = 1`".into(),
                edits: Vec::new(),
            });
            f
        };
        let mut store = FindingStore::with_budget(1 << 20);
        // A module's finding, once through its own unit and once through a caller.
        store.push(fixable(Safety::Safe));
        store.push(fixable(Safety::Safe));
        store.push(finding("a.tf", 9, "AIL101", "public"));
        let mut unsafe_fix = fixable(Safety::Unsafe);
        unsafe_fix.span.line = 12;
        store.push(unsafe_fix);
        store.finish();
        assert_eq!(store.fixable_count(Safety::Safe), 1);
        assert_eq!(store.fixable_count(Safety::Unsafe), 1);
    }

    fn sample() -> Vec<Finding> {
        let mut quiet = finding("a.tf", 1, "AIL102", "suppressed");
        quiet.suppressed = Some(Suppression {
            kind: crate::finding::SuppressionKind::Inline,
            reason: "why".into(),
        });
        vec![
            finding("b.tf", 2, "AIL301", "m"),
            finding("a.tf", 9, "AIL301", "z"),
            finding("a.tf", 9, "AIL201", "y"),
            // Same rule and place as the first: a module reached twice; dropped. At one place
            // the smallest message is kept.
            finding("b.tf", 2, "AIL301", "m"),
            quiet,
            finding("a.tf", 9, "AIL301", "b"),
        ]
    }

    fn listed(store: &FindingStore) -> Vec<(String, usize, String, String)> {
        store
            .iter()
            .map(|f| {
                (
                    f.file.clone(),
                    f.span.line,
                    f.rule_id.clone(),
                    f.message.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn spilled_and_in_memory_stores_list_the_same_findings_in_report_order() {
        let mut memory = FindingStore::with_budget(usize::MAX);
        let mut disk = FindingStore::with_budget(0);
        for f in sample() {
            memory.push(f.clone());
            disk.push(f);
        }
        memory.finish();
        disk.finish();
        assert!(disk.spilled() && !memory.spilled());
        let expected = vec![
            (
                "a.tf".to_string(),
                1,
                "AIL102".to_string(),
                "suppressed".to_string(),
            ),
            ("a.tf".into(), 9, "AIL201".into(), "y".into()),
            ("a.tf".into(), 9, "AIL301".into(), "b".into()),
            ("b.tf".into(), 2, "AIL301".into(), "m".into()),
        ];
        assert_eq!(listed(&memory), expected);
        assert_eq!(listed(&disk), expected);
        // Every field survives the round trip through the file.
        let back: Vec<Finding> = disk.iter().map(Cow::into_owned).collect();
        let kept: Vec<Finding> = memory.iter().map(Cow::into_owned).collect();
        assert_eq!(back, kept);
        assert_eq!(disk.suppressed_count(), 1);
        assert_eq!(disk.reported_count(None), 3);
        assert_eq!(disk.reported_count(Some(Severity::Error)), 0);
        assert!(disk.any_reported_at_least(Severity::Warning));
        disk.hide_suppressed();
        assert_eq!(disk.len(), 3);
        assert_eq!(disk.reported().count(), 3);
    }
}
