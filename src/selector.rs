//! Naming rules: a selector is a rule id (`AIL301`), a slug (`inference-min-replicas-zero`), an id
//! prefix (`AIL3`), a tag (`security`, `azure-policy`) or `ALL`. One matcher, one validation and one "did you mean" serve `--select`,
//! `--ignore`, `.ailint.toml`, suppression comments and `ailint rule`.

use crate::error::{Error, Result};
use crate::finding::Severity;
use crate::policy::{ActiveRule, RuleMeta};
use crate::suggest;

/// Whether `selector` names `rule`: its id or slug, an id prefix like `AIL6`, or `ALL`.
pub fn matches(selector: &str, rule: &RuleMeta) -> bool {
    rule.is_named(selector)
        || is_all(selector)
        || is_prefix(selector, rule)
        || is_tag(selector, rule)
}

/// A tag of the rule (`security`, `azure-policy`): selects every rule that carries it.
fn is_tag(selector: &str, rule: &RuleMeta) -> bool {
    rule.tags.iter().any(|t| t.eq_ignore_ascii_case(selector))
}

/// `ALL`, which names every rule.
pub fn is_all(selector: &str) -> bool {
    selector.eq_ignore_ascii_case("ALL")
}

fn is_prefix(selector: &str, rule: &RuleMeta) -> bool {
    selector.len() < rule.id.len()
        && rule
            .id
            .get(..selector.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(selector))
}

/// Whether one of `selectors` names the rule with id `rule_id` (false for an id of no rule).
pub fn selects(selectors: &[String], rule_id: &str, rules: &[RuleMeta]) -> bool {
    match rules.iter().find(|r| r.id == rule_id) {
        Some(rule) => selectors.iter().any(|s| matches(s, rule)),
        None => false,
    }
}

/// Checks that every selector names at least one rule; the error has a suggestion when one is
/// close. `what` names where the selectors come from (`--select`, `per_file_ignores: ignore`).
pub fn validate(selectors: &[String], rules: &[RuleMeta], what: &str) -> Result<()> {
    for s in selectors {
        if !rules.iter().any(|r| matches(s, r)) {
            return Err(Error::Usage(format!(
                "{what} `{s}` matches no rule{}; see `ailint rules`",
                suggestion(s, rules)
            )));
        }
    }
    Ok(())
}

/// ` (did you mean `AIL301`?)` when a rule id or slug is close to `s`, else nothing.
pub fn suggestion(s: &str, rules: &[RuleMeta]) -> String {
    suggest::did_you_mean(
        s,
        rules.iter().flat_map(|r| [r.id.as_str(), r.slug.as_str()]),
    )
}

/// Which rules a run evaluates and how severe each is: `select` / `ignore` selectors and the
/// configuration's severity overrides (by id or slug, later ones win).
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub severities: Vec<(String, Severity)>,
}

impl Selection {
    /// The rules of `rules` this selection runs, with their effective severity. A rule that is
    /// off by default runs only when selected by its exact id or slug (or `ALL`).
    pub fn active(&self, rules: &[RuleMeta]) -> Vec<ActiveRule> {
        rules
            .iter()
            .filter(|r| {
                let selected = if self.select.is_empty() {
                    r.enabled_by_default
                } else {
                    self.select.iter().any(|s| {
                        r.is_named(s) || (r.enabled_by_default && matches(s, r)) || is_all(s)
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
                    .find(|(k, _)| r.is_named(k))
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
    fn selection_by_tag() {
        let tagged = |id: &str, tags: &[&str], on: bool| RuleMeta {
            tags: tags.iter().map(|t| t.to_string()).collect(),
            ..rule(id, &id.to_lowercase(), on)
        };
        let rules = vec![
            tagged("AIL101", &["security", "azure-policy"], true),
            tagged("AIL301", &["availability"], true),
            tagged("AIL608", &["azure-policy"], false),
        ];
        let mut s = Selection {
            select: vec!["Azure-Policy".into()],
            ..Selection::default()
        };
        // A tag selects the rules that carry it, but not one that is off by default.
        assert_eq!(ids(&s.active(&rules)), vec!["AIL101"]);
        s.select = vec![];
        s.ignore = vec!["security".into()];
        assert_eq!(ids(&s.active(&rules)), vec!["AIL301"]);
        assert!(validate(&["azure-policy".into()], &rules, "--select").is_ok());
    }

    #[test]
    fn selection_by_id_slug_prefix() {
        let rules = vec![
            rule("AIL101", "public", true),
            rule("AIL601", "no-selector", true),
            rule("AIL608", "alloc-conf", false),
        ];
        let mut s = Selection::default();
        assert_eq!(ids(&s.active(&rules)), vec!["AIL101", "AIL601"]);
        s.select = vec!["AIL6".into()];
        assert_eq!(ids(&s.active(&rules)), vec!["AIL601"]);
        s.select = vec!["AIL6".into(), "alloc-conf".into()];
        assert_eq!(ids(&s.active(&rules)), vec!["AIL601", "AIL608"]);
        s.select = vec![];
        s.ignore = vec!["public".into()];
        assert_eq!(ids(&s.active(&rules)), vec!["AIL601"]);
        s.severities = vec![("AIL601".into(), Severity::Error)];
        assert_eq!(s.active(&rules)[0].severity, Severity::Error);
    }

    #[test]
    fn unknown_selector_suggests() {
        let rules = vec![rule("AIL101", "ai-service-public-network-access", true)];
        let err = validate(
            &["ai-service-public-network-acces".into()],
            &rules,
            "--select",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("did you mean `ai-service-public-network-access`"),
            "{err}"
        );
        assert!(validate(&["AIL1".into()], &rules, "--select").is_ok());
        assert!(validate(&["AIL9".into()], &rules, "--select").is_err());
    }
}
