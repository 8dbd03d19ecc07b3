//! `.ailint.toml`: found by walking up from the first checked path (or given with `--config`),
//! validated strictly — an unknown key, a wrong type or an unknown rule is an error naming the file,
//! line and key, with a suggestion when one is close, because a typo must not silently disable a rule.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{json, Map, Value as Json};
use toml::Spanned;

use crate::error::{Error, Result};
use crate::finding::Severity;
use crate::parse::LineIndex;
use crate::policy::RuleMeta;
use crate::selector;

/// The name ailint looks for.
pub const FILE_NAME: &str = ".ailint.toml";

/// A validated configuration file.
#[derive(Debug, Clone)]
pub struct Config {
    pub path: Option<PathBuf>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub exclude: Vec<String>,
    pub fail_on: Option<Severity>,
    pub severities: Vec<(String, Severity)>,
    /// What policies see as `input.config`.
    pub policy_config: Json,
    pub per_file_ignores: Vec<PerFileIgnore>,
    /// `[inventory.prices]`: list prices per hour by lower-cased VM size, over the bundled ones.
    pub inventory_prices: BTreeMap<String, f64>,
}

/// `[[per_file_ignores]]`: rules silenced for the files matching the globs.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerFileIgnore {
    /// Globs matched against paths relative to the working directory.
    pub files: Vec<String>,
    /// Rule ids, slugs or id prefixes.
    pub ignore: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            path: None,
            select: Vec::new(),
            ignore: Vec::new(),
            exclude: Vec::new(),
            fail_on: None,
            severities: Vec::new(),
            policy_config: json!({}),
            per_file_ignores: Vec::new(),
            inventory_prices: BTreeMap::new(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    select: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    fail_on: Option<Spanned<String>>,
    required_tags: Option<Vec<String>>,
    gpu_sku_patterns: Option<Vec<Spanned<String>>>,
    workload: Option<RawWorkload>,
    inventory: Option<RawInventory>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<toml::Table>>,
    #[serde(default)]
    per_file_ignores: Vec<Spanned<PerFileIgnore>>,
    /// Read before the rest (see [`policy_dirs`]); kept here so that the key is known.
    #[serde(default)]
    #[allow(dead_code)]
    policy_dirs: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWorkload {
    role_tag_keys: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInventory {
    /// Price per hour of one VM, by size.
    #[serde(default)]
    prices: BTreeMap<String, Spanned<f64>>,
    /// GPU sizes the bundled table lacks.
    #[serde(default)]
    gpu_sizes: BTreeMap<String, Spanned<RawGpuSize>>,
}

#[derive(Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
struct RawGpuSize {
    gpu: String,
    gpus: f64,
}

/// The nearest `.ailint.toml` in `start` or its ancestors.
pub fn find(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).ok()?;
    let mut dir = if start.is_dir() {
        Some(start.as_path())
    } else {
        start.parent()
    };
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

/// The `policy_dirs` of the configuration at `path`, relative to its directory. Read on their own
/// because they decide which rules the rest of the file is checked against.
pub fn policy_dirs(path: &Path) -> Result<Vec<PathBuf>> {
    #[derive(Deserialize)]
    struct OnlyDirs {
        #[serde(default)]
        policy_dirs: Vec<String>,
    }
    let text = std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
    let dirs: OnlyDirs = toml::from_str(&text).map_err(|e| {
        let at = e
            .span()
            .map(|s| {
                let p = LineIndex::new(&text).position(&text, s.start);
                format!(":{}:{}", p.line, p.column)
            })
            .unwrap_or_default();
        Error::Config(format!("{}{at}: {}", path.display(), e.message().trim()))
    })?;
    let base = path.parent().unwrap_or(Path::new("."));
    Ok(dirs.policy_dirs.iter().map(|d| base.join(d)).collect())
}

/// Reads and validates the file at `path` against the loaded `rules`.
pub fn load(path: &Path, rules: &[RuleMeta]) -> Result<Config> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
    parse(&text, &path.display().to_string(), rules).map(|mut c| {
        c.path = Some(path.to_path_buf());
        c
    })
}

/// Parses configuration text; `name` is used in error messages.
pub fn parse(text: &str, name: &str, rules: &[RuleMeta]) -> Result<Config> {
    let at = |span: Option<std::ops::Range<usize>>, message: &str| -> Error {
        Error::Config(match span {
            Some(s) => {
                let p = LineIndex::new(text).position(text, s.start);
                format!("{name}:{}:{}: {message}", p.line, p.column)
            }
            None => format!("{name}: {message}"),
        })
    };
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().to_string();
        at(e.span(), &with_field_suggestion(&message))
    })?;

    for (flag, list) in [("select", &raw.select), ("ignore", &raw.ignore)] {
        selector::validate(list, rules, flag)
            .map_err(|e| at(find_key(text, flag), &e.to_string()))?;
    }
    let fail_on = match &raw.fail_on {
        Some(s) => Some(
            s.get_ref()
                .parse::<Severity>()
                .map_err(|e| at(Some(s.span()), &format!("fail_on: {e}")))?,
        ),
        None => None,
    };
    for pattern in raw.gpu_sku_patterns.iter().flatten() {
        regex::Regex::new(pattern.get_ref()).map_err(|e| {
            at(
                Some(pattern.span()),
                &format!("gpu_sku_patterns: invalid regex: {e}"),
            )
        })?;
    }
    if let Err(e) = globset_of(&raw.exclude) {
        return Err(at(find_key(text, "exclude"), &e));
    }
    for entry in &raw.per_file_ignores {
        let e = entry.get_ref();
        globset_of(&e.files)
            .map_err(|m| at(Some(entry.span()), &format!("per_file_ignores: {m}")))?;
        selector::validate(&e.ignore, rules, "per_file_ignores: ignore")
            .map_err(|m| at(Some(entry.span()), &m.to_string()))?;
    }

    let mut severities = Vec::new();
    let mut rule_options = Map::new();
    for (key, table) in &raw.rules {
        let rule = crate::policy::find(rules, key.get_ref()).ok_or_else(|| {
            at(
                Some(key.span()),
                &format!(
                    "[rules.{}]: no such rule{}",
                    key.get_ref(),
                    selector::suggestion(key.get_ref(), rules)
                ),
            )
        })?;
        let mut options = Map::new();
        for (opt, value) in table.get_ref() {
            if opt == "severity" {
                let s = value
                    .as_str()
                    .ok_or_else(|| "must be a string".to_string())
                    .and_then(|s| s.parse::<Severity>())
                    .map_err(|e| {
                        at(
                            find_key_after(text, key.span().start, opt),
                            &format!("[rules.{}] severity: {e}", key.get_ref()),
                        )
                    })?;
                severities.push((rule.id.clone(), s));
            } else if rule.options.iter().any(|o| o == opt) {
                options.insert(opt.clone(), toml_to_json(value));
            } else {
                let known = if rule.options.is_empty() {
                    "it takes only `severity`".to_string()
                } else {
                    format!("known: severity, {}", rule.options.join(", "))
                };
                return Err(at(
                    find_key_after(text, key.span().start, opt),
                    &format!(
                        "[rules.{}]: unknown option `{opt}` ({known})",
                        key.get_ref()
                    ),
                ));
            }
        }
        if !options.is_empty() {
            rule_options.insert(rule.slug.clone(), Json::Object(options));
        }
    }

    let mut policy_config = Map::new();
    if let Some(tags) = raw.required_tags {
        policy_config.insert("required_tags".into(), json!(tags));
    }
    if let Some(patterns) = raw.gpu_sku_patterns {
        let list: Vec<&String> = patterns.iter().map(|p| p.get_ref()).collect();
        policy_config.insert("gpu_sku_patterns".into(), json!(list));
    }
    if let Some(keys) = raw.workload.and_then(|w| w.role_tag_keys) {
        policy_config.insert("workload".into(), json!({ "role_tag_keys": keys }));
    }
    policy_config.insert("rules".into(), Json::Object(rule_options));
    let mut inventory_prices = BTreeMap::new();
    if let Some(inventory) = raw.inventory {
        for (size, price) in inventory.prices {
            if !(price.get_ref().is_finite() && *price.get_ref() >= 0.0) {
                return Err(at(
                    Some(price.span()),
                    &format!("[inventory.prices] {size}: a price per hour is a number >= 0"),
                ));
            }
            inventory_prices.insert(size.to_ascii_lowercase(), *price.get_ref());
        }
        let mut sizes = Map::new();
        for (size, spec) in inventory.gpu_sizes {
            if !(spec.get_ref().gpus.is_finite() && spec.get_ref().gpus > 0.0) {
                return Err(at(
                    Some(spec.span()),
                    &format!(
                        "[inventory.gpu_sizes] {size}: `gpus` is the number of GPUs per VM, > 0"
                    ),
                ));
            }
            sizes.insert(size, json!(spec.get_ref()));
        }
        if !sizes.is_empty() {
            policy_config.insert("gpu_sizes".into(), Json::Object(sizes));
        }
    }

    Ok(Config {
        path: None,
        select: raw.select,
        ignore: raw.ignore,
        exclude: raw.exclude,
        fail_on,
        severities,
        policy_config: Json::Object(policy_config),
        inventory_prices,
        per_file_ignores: raw
            .per_file_ignores
            .into_iter()
            .map(Spanned::into_inner)
            .collect(),
    })
}

/// The glob set of `exclude` patterns (matched against paths relative to the working directory).
/// The error is the message to place (see [`parse`]).
pub fn globset_of(patterns: &[String]) -> std::result::Result<globset::GlobSet, String> {
    let mut builder = globset::GlobSetBuilder::new();
    for p in patterns {
        let glob = globset::GlobBuilder::new(p)
            .literal_separator(false)
            .build()
            .map_err(|e| format!("exclude: invalid glob `{p}`: {e}"))?;
        builder.add(glob);
    }
    builder.build().map_err(|e| format!("exclude: {e}"))
}

const TOP_LEVEL_KEYS: &[&str] = &[
    "policy_dirs",
    "per_file_ignores",
    "select",
    "ignore",
    "exclude",
    "fail_on",
    "required_tags",
    "gpu_sku_patterns",
    "workload",
    "rules",
];

/// Adds "did you mean" to serde's "unknown field `x`" messages.
fn with_field_suggestion(message: &str) -> String {
    let Some(field) = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next())
    else {
        return message.to_string();
    };
    let keys = TOP_LEVEL_KEYS
        .iter()
        .chain(["role_tag_keys"].iter())
        .copied();
    match crate::suggest::did_you_mean(field, keys).as_str() {
        "" => message.to_string(),
        hint => format!("{}{hint}", message.lines().next().unwrap_or(message)),
    }
}

/// Byte offset of a top-level `key =` line, for errors that serde cannot place.
fn find_key(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    find_key_after(text, 0, key)
}

fn find_key_after(text: &str, from: usize, key: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if start < from {
            continue;
        }
        let trimmed = line.trim_start();
        let rest = trimmed.strip_prefix(key).map(str::trim_start);
        if rest.is_some_and(|r| r.starts_with('=')) {
            let col = line.len() - trimmed.len();
            return Some(start + col..start + col + key.len());
        }
    }
    None
}

fn toml_to_json(v: &toml::Value) -> Json {
    match v {
        toml::Value::String(s) => json!(s),
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => json!(f),
        toml::Value::Boolean(b) => json!(b),
        toml::Value::Datetime(d) => json!(d.to_string()),
        toml::Value::Array(a) => Json::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Json::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Vec<RuleMeta> {
        vec![RuleMeta {
            options: vec!["required_tags".into()],
            ..RuleMeta::for_tests("AIL402", "gpu-resource-missing-cost-tags")
        }]
    }

    #[test]
    fn parses_every_key() {
        let c = parse(
            r#"
select = ["AIL4"]
ignore = ["AIL402"]
exclude = ["legacy/**"]
fail_on = "error"
required_tags = ["team"]
gpu_sku_patterns = ["^Custom_"]
[workload]
role_tag_keys = ["purpose"]
[rules.gpu-resource-missing-cost-tags]
severity = "error"
required_tags = ["owner"]
"#,
            ".ailint.toml",
            &rules(),
        )
        .unwrap();
        assert_eq!(c.fail_on, Some(Severity::Error));
        assert_eq!(c.severities, vec![("AIL402".to_string(), Severity::Error)]);
        assert_eq!(
            c.policy_config["rules"]["gpu-resource-missing-cost-tags"]["required_tags"],
            json!(["owner"])
        );
        assert_eq!(
            c.policy_config["workload"]["role_tag_keys"],
            json!(["purpose"])
        );
        assert_eq!(c.exclude, vec!["legacy/**"]);
    }

    #[test]
    fn errors_name_line_and_suggest() {
        let err = parse(
            "select = []\nignor = [\"AIL402\"]\n",
            ".ailint.toml",
            &rules(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with(".ailint.toml:2:1:"), "{err}");
        assert!(err.contains("did you mean `ignore`"), "{err}");

        let err = parse(
            "[rules.gpu-resource-missing-cost-tag]\nseverity = \"error\"\n",
            "c",
            &rules(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("c:1:8:"), "{err}");
        assert!(
            err.contains("did you mean `gpu-resource-missing-cost-tags`"),
            "{err}"
        );

        let err = parse("[rules.AIL402]\nrequired_tag = []\n", "c", &rules())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("c:2:1:") && err.contains("unknown option `required_tag`"),
            "{err}"
        );

        let err = parse("fail_on = \"fatal\"\n", "c", &rules())
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("c:1:11:"), "{err}");

        let err = parse("select = \"AIL402\"\n", "c", &rules())
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("c:1:"), "{err}");

        let err = parse("select = [\"AIL9\"]\n", "c", &rules())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("c:1:1:") && err.contains("matches no rule"),
            "{err}"
        );
    }
}
