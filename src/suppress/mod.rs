//! Whether a finding is reported: every kind of suppression, applied after a unit is checked, in
//! two steps. What the unit's files say ([`InSource`]: `ailint-ignore` comments, an ARM resource's
//! `comments`) runs beside the unit's evaluation, while its parsed files are at hand; then, as the
//! run collects findings, the configuration's `[[per_file_ignores]]` and the baseline
//! ([`Suppressor`]). The first that matches names the finding's
//! [`Suppression`](crate::finding::Suppression).

pub mod baseline;
pub mod inline;

use globset::GlobSet;
use serde_json::Value as Json;

use crate::config::PerFileIgnore;
use crate::engine::{location, Checked, UnitOutcome};
use crate::finding::{
    Finding, Suppression, SuppressionKind, INVALID_SUPPRESSION, UNUSED_SUPPRESSION,
};
use crate::parse::{Format, PathSeg};
use crate::policy::{ActiveRule, RuleMeta};
use crate::selector;

use inline::{Directive, Scanned, Target};

/// The suppressions written in a unit's own files.
#[derive(Debug, Clone, Copy)]
pub struct InSource<'a> {
    /// Every rule, for reading selectors (a suppression may name a rule that is not active).
    pub rules: &'a [RuleMeta],
    /// The rules that ran: a directive naming none of them cannot be judged unused.
    pub active: &'a [ActiveRule],
    /// Report `ailint-ignore` comments that silence nothing (`AIL001`).
    pub report_unused: bool,
}

impl InSource<'_> {
    /// Applies what the unit's own files say (comments, ARM `comments`) to its findings, adds
    /// `AIL002` for refused directives and, when asked, `AIL001` for unused ones.
    pub fn apply(&self, outcome: &mut UnitOutcome) {
        if let Some(checked) = &outcome.checked {
            let mut directives = Vec::new();
            let mut extra = Vec::new();
            self.scan_comments(checked, &mut directives, &mut extra);
            self.scan_arm_comments(checked, &mut directives, &mut extra);
            let mut used = vec![false; directives.len()];
            for f in outcome.findings.iter_mut().filter(|f| f.resource.is_some()) {
                let hit = directives.iter().position(|(i, d, _)| {
                    checked.files[*i].display == f.file && inline::covers(d, f, self.rules)
                });
                if let Some(k) = hit {
                    used[k] = true;
                    let (_, d, kind) = &directives[k];
                    f.suppressed = Some(Suppression {
                        kind: *kind,
                        reason: d.reason.clone(),
                    });
                }
            }
            if self.report_unused {
                self.unused(checked, &directives, &used, &mut extra);
            }
            outcome.findings.extend(extra);
        }
    }

    /// The `ailint-ignore` comments of the unit's reported files.
    fn scan_comments(
        &self,
        checked: &Checked,
        directives: &mut Vec<(usize, Directive, SuppressionKind)>,
        extra: &mut Vec<Finding>,
    ) {
        for (i, file) in checked.files.iter().enumerate().filter(|(_, f)| f.reported) {
            for scanned in inline::scan(&file.text, checked.format, self.rules) {
                match scanned {
                    Scanned::Directive(d) => {
                        let kind = if d.target == Target::File {
                            SuppressionKind::File
                        } else {
                            SuppressionKind::Inline
                        };
                        directives.push((i, d, kind));
                    }
                    Scanned::Invalid { range, message } => {
                        let at = location(file, &checked.line_indexes[i], range);
                        extra.push(Finding::builtin(INVALID_SUPPRESSION, at, message));
                    }
                }
            }
        }
    }

    /// ARM has no comments in strict JSON: a resource's `comments` property carries the
    /// directive. Only ARM's: a plan's values are the provider's attributes, not directives.
    fn scan_arm_comments(
        &self,
        checked: &Checked,
        directives: &mut Vec<(usize, Directive, SuppressionKind)>,
        extra: &mut Vec<Finding>,
    ) {
        if checked.format != Format::Arm {
            return;
        }
        for l in checked
            .located
            .iter()
            .filter(|l| checked.files[l.file].reported)
        {
            let Some(text) = l.resource.config.get("comments").and_then(Json::as_str) else {
                continue;
            };
            let range = l
                .resource
                .source
                .child(&PathSeg::Key("comments".into()))
                .map_or(l.resource.source.anchor.clone(), |n| n.full.clone());
            match inline::parse_directive(text, self.rules) {
                None => {}
                Some(Err(message)) => {
                    let file = &checked.files[l.file];
                    let at = location(file, &checked.line_indexes[l.file], range);
                    extra.push(Finding::builtin(INVALID_SUPPRESSION, at, message));
                }
                Some(Ok(parsed)) => {
                    let d = Directive {
                        range,
                        target: Target::Resource(l.resource.id.clone()),
                        selectors: parsed.selectors,
                        reason: parsed.reason,
                    };
                    directives.push((l.file, d, SuppressionKind::Comments));
                }
            }
        }
    }

    /// `AIL001` for each directive that silenced nothing, among those naming a rule that ran (a
    /// directive for rules that did not run this time cannot be judged).
    fn unused(
        &self,
        checked: &Checked,
        directives: &[(usize, Directive, SuppressionKind)],
        used: &[bool],
        extra: &mut Vec<Finding>,
    ) {
        for ((i, d, _), used) in directives.iter().zip(used) {
            let judged = self
                .active
                .iter()
                .any(|r| selector::selects(&d.selectors, &r.meta.id, self.rules));
            if *used || !judged {
                continue;
            }
            let message = format!(
                "`ailint-ignore {}` silences no finding; remove it or move it above the resource or attribute it is for",
                d.selectors.join(",")
            );
            let at = location(
                &checked.files[*i],
                &checked.line_indexes[*i],
                d.range.clone(),
            );
            extra.push(Finding::builtin(UNUSED_SUPPRESSION, at, message));
        }
    }
}

/// The suppressions of the run's configuration and baseline, applied to findings as they come.
pub struct Suppressor<'a> {
    /// Every rule, for reading selectors.
    rules: &'a [RuleMeta],
    per_file: Vec<(GlobSet, &'a PerFileIgnore)>,
    baseline: Option<baseline::Matcher<'a>>,
}

impl<'a> Suppressor<'a> {
    /// `per_file` holds each `[[per_file_ignores]]` entry with its compiled globs.
    pub fn new(
        rules: &'a [RuleMeta],
        per_file: Vec<(GlobSet, &'a PerFileIgnore)>,
        baseline: Option<&'a baseline::Baseline>,
    ) -> Self {
        Suppressor {
            rules,
            per_file,
            baseline: baseline.map(baseline::Matcher::new),
        }
    }

    /// Applies the configuration's per-file ignores, then the baseline, to a finding that is not
    /// suppressed yet (any finding: also those of files that could not be parsed).
    pub fn finding(&mut self, f: &mut Finding) {
        for (globs, entry) in &self.per_file {
            if f.suppressed.is_none()
                && globs.is_match(&f.file)
                && selector::selects(&entry.ignore, &f.rule_id, self.rules)
            {
                f.suppressed = Some(Suppression {
                    kind: SuppressionKind::Config,
                    reason: format!("per_file_ignores {}", entry.files.join(", ")),
                });
            }
        }
        if let Some(baseline) = &mut self.baseline {
            baseline.apply(f);
        }
    }

    /// The baseline entries that matched no finding, sorted.
    pub fn stale_baseline(self) -> Vec<baseline::Entry> {
        self.baseline
            .map(baseline::Matcher::stale)
            .unwrap_or_default()
    }
}
