//! The resolved settings of a run: CLI flags merged over `.ailint.toml`, and which rules are active
//! with which severity. Everything downstream reads these, never the raw flags.

use std::path::PathBuf;

use crate::engine::ActiveRule;
use crate::finding::Severity;
use crate::policy::RuleMeta;

/// How a run reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Full,
    Concise,
    Json,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub paths: Vec<PathBuf>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub fail_on: Severity,
    /// Per-rule severity overrides, keyed by rule id or slug.
    pub severities: Vec<(String, Severity)>,
    /// `input.config` as policies see it.
    pub policy_config: serde_json::Value,
    pub jobs: Option<usize>,
    /// Globs of paths (relative to the working directory) never checked.
    pub exclude: Vec<String>,
    /// Report `ailint-ignore` comments that silence nothing.
    pub report_unused_ignores: bool,
    /// `[[per_file_ignores]]` of the configuration.
    pub per_file_ignores: Vec<crate::config::PerFileIgnore>,
    /// Findings to silence because a baseline records them.
    pub baseline: Option<crate::baseline::Baseline>,
    /// How values are resolved (`--var-file`, `--strict-unknowns`).
    pub parse: crate::parse::ParseOptions,
    /// Keep the text of files with findings in the report, for renderers that show snippets.
    pub keep_sources: bool,
    /// Bytes of findings kept in memory before the rest go to a temporary file.
    pub finding_memory: usize,
    /// Skip rules on units that have none of their METADATA `resource_types` (off only to
    /// check that the declared types lose no finding).
    pub skip_by_type: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            paths: vec![PathBuf::from(".")],
            select: Vec::new(),
            ignore: Vec::new(),
            fail_on: Severity::Warning,
            severities: Vec::new(),
            policy_config: serde_json::json!({}),
            jobs: None,
            exclude: Vec::new(),
            report_unused_ignores: false,
            per_file_ignores: Vec::new(),
            baseline: None,
            parse: crate::parse::ParseOptions::default(),
            keep_sources: true,
            finding_memory: crate::finding_store::DEFAULT_MEMORY_BUDGET,
            skip_by_type: true,
        }
    }
}

/// Whether `selector` (an id, a slug, an id prefix like `AIL6`, or `ALL`) names `rule`.
pub fn matches(selector: &str, rule: &RuleMeta) -> bool {
    exact(selector, rule) || selector.eq_ignore_ascii_case("ALL") || is_prefix(selector, rule)
}

fn exact(selector: &str, rule: &RuleMeta) -> bool {
    selector.eq_ignore_ascii_case(&rule.id) || selector.eq_ignore_ascii_case(&rule.slug)
}

fn is_prefix(selector: &str, rule: &RuleMeta) -> bool {
    selector.len() < rule.id.len()
        && rule
            .id
            .get(..selector.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(selector))
}

/// Checks that every selector names at least one rule; the error has a suggestion when one is close.
pub fn validate_selectors(
    selectors: &[String],
    rules: &[RuleMeta],
    flag: &str,
) -> Result<(), String> {
    for s in selectors {
        if !rules.iter().any(|r| matches(s, r)) {
            let hint = closest(s, rules)
                .map(|c| format!(" (did you mean `{c}`?)"))
                .unwrap_or_default();
            return Err(format!(
                "{flag} `{s}` matches no rule{hint}; see `ailint rules`"
            ));
        }
    }
    Ok(())
}

/// The rule id or slug closest to `s` by edit distance, when it is close enough to be a typo.
pub fn closest<'a>(s: &str, rules: &'a [RuleMeta]) -> Option<&'a str> {
    let s = s.to_ascii_lowercase();
    rules
        .iter()
        .flat_map(|r| [r.id.as_str(), r.slug.as_str()])
        .map(|c| (edit_distance(&s, &c.to_ascii_lowercase()), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance, for "did you mean" suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

impl Settings {
    /// The rules this run evaluates, with their effective severity. A rule that is off by default
    /// runs only when selected by its exact id or slug (or `ALL`).
    pub fn active_rules(&self, rules: &[RuleMeta]) -> Vec<ActiveRule> {
        rules
            .iter()
            .filter(|r| {
                let selected = if self.select.is_empty() {
                    r.enabled_by_default
                } else {
                    self.select.iter().any(|s| {
                        exact(s, r)
                            || (r.enabled_by_default && matches(s, r))
                            || s.eq_ignore_ascii_case("ALL")
                    })
                };
                selected && !self.ignore.iter().any(|s| matches(s, r))
            })
            .map(|r| ActiveRule {
                meta: r.clone(),
                severity: self
                    .severities
                    .iter()
                    .rev()
                    .find(|(k, _)| exact(k, r))
                    .map_or(r.severity, |(_, s)| *s),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(id: &str, slug: &str, on: bool) -> RuleMeta {
        RuleMeta {
            enabled_by_default: on,
            ..RuleMeta::for_tests(id, slug)
        }
    }

    fn ids(active: &[ActiveRule]) -> Vec<&str> {
        active.iter().map(|r| r.meta.id.as_str()).collect()
    }

    #[test]
    fn selection_by_id_slug_prefix() {
        let rules = vec![
            rule("AIL101", "public", true),
            rule("AIL601", "no-selector", true),
            rule("AIL608", "alloc-conf", false),
        ];
        let mut s = Settings::default();
        assert_eq!(ids(&s.active_rules(&rules)), vec!["AIL101", "AIL601"]);
        s.select = vec!["AIL6".into()];
        assert_eq!(ids(&s.active_rules(&rules)), vec!["AIL601"]);
        s.select = vec!["AIL6".into(), "alloc-conf".into()];
        assert_eq!(ids(&s.active_rules(&rules)), vec!["AIL601", "AIL608"]);
        s.select = vec![];
        s.ignore = vec!["public".into()];
        assert_eq!(ids(&s.active_rules(&rules)), vec!["AIL601"]);
        s.severities = vec![("AIL601".into(), Severity::Error)];
        assert_eq!(s.active_rules(&rules)[0].severity, Severity::Error);
    }

    #[test]
    fn unknown_selector_suggests() {
        let rules = vec![rule("AIL101", "ai-service-public-network-access", true)];
        let err = validate_selectors(
            &["ai-service-public-network-acces".into()],
            &rules,
            "--select",
        )
        .unwrap_err();
        assert!(
            err.contains("did you mean `ai-service-public-network-access`"),
            "{err}"
        );
        assert!(validate_selectors(&["AIL1".into()], &rules, "--select").is_ok());
        assert!(validate_selectors(&["AIL9".into()], &rules, "--select").is_err());
    }
}
