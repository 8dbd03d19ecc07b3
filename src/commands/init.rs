//! `ailint init`: writes a commented `.ailint.toml` that lists every option with its default, so
//! that a team starts from the whole picture rather than from memory.

use std::io::Write;

use super::ExitStatus;
use crate::cli::InitArgs;
use crate::config;
use crate::error::{Error, Result};
use crate::policy::PolicySet;

/// The starting configuration; every line is valid TOML once uncommented.
pub fn template(policies: &PolicySet) -> String {
    let mut prefixes: Vec<String> = policies
        .rules
        .iter()
        .filter_map(|r| r.id.get(..4).map(str::to_string))
        .collect();
    prefixes.dedup();
    let select = prefixes
        .iter()
        .map(|p| format!("\"{p}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let mut rule_lines = String::new();
    for r in &policies.rules {
        let options = if r.options.is_empty() {
            String::new()
        } else {
            format!(" options: {}", r.options.join(", "))
        };
        rule_lines.push_str(&format!(
            "#   {} {} ({}){options}\n",
            r.id, r.slug, r.severity
        ));
    }
    format!(
        r#"# ailint configuration. Every key is checked: a typo is an error, not a silently ignored key.
# Lines starting with `#` show the defaults; uncomment and edit what you need.

# Rules to run, by id (AIL301), slug (inference-min-replicas-zero) or id prefix (AIL3).
# Default: every rule that is on by default. `--select` on the command line replaces this.
# select = [{select}]

# Rules never to run (same forms). `--ignore` adds to this.
# ignore = []

# Paths (globs, relative to the working directory) never checked.
# exclude = ["legacy/**"]

# Lowest severity that makes `ailint check` exit 1: "error", "warning" or "info".
# fail_on = "warning"

# Directories of your own rules (relative to this file); see README "Writing your own rules".
# policy_dirs = []

# Tags (Azure) and labels (Kubernetes) every GPU and AI resource must carry.
# required_tags = ["owner", "cost-center", "environment"]

# Extra VM size patterns (regexes) that count as GPUs, besides the NC, ND, NG and NV families.
# gpu_sku_patterns = []

# [workload]
# Tag or label keys whose value declares a workload's role (training / inference).
# role_tag_keys = ["workload", "workload-type", "ai-workload"]

# `ailint inventory`: prices per VM per hour (over the bundled East US list prices), and GPU
# sizes the bundled table does not know.
# [inventory.prices]
# "Standard_NC24ads_A100_v4" = 3.673
# [inventory.gpu_sizes]
# "Standard_NC16ads_L4_v9" = {{ gpu = "L4", gpus = 2 }}

# Per rule: a different severity, and the options the rule declares.
# [rules.AIL402]
# severity = "error"
# required_tags = ["owner", "team"]

# Rules silenced for some files.
# [[per_file_ignores]]
# files = ["sandbox/**"]
# ignore = ["AIL4"]

# The rules (see `ailint rules` and `ailint rule <id>`):
{rule_lines}"#
    )
}

pub fn run(args: &InitArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    let policies = PolicySet::bundled()?;
    let path = args.path.join(config::FILE_NAME);
    if path.exists() && !args.force {
        return Err(Error::Usage(format!(
            "{} already exists (use --force to replace it)",
            path.display()
        )));
    }
    std::fs::write(&path, template(&policies)).map_err(|e| Error::io("write", &path, e))?;
    writeln!(out, "Wrote {}", path.display())?;
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Uncommenting every option line gives a configuration that passes validation.
    #[test]
    fn template_uncommented_is_a_valid_configuration() {
        let policies = PolicySet::bundled().unwrap();
        let text = template(&policies);
        let uncommented: String = text
            .lines()
            .filter(|l| l.starts_with("# ") && (l.contains(" = ") || l.starts_with("# [")))
            .map(|l| format!("{}\n", &l[2..]))
            .collect();
        config::parse(&uncommented, ".ailint.toml", &policies.rules).unwrap();
        assert!(
            uncommented.contains("required_tags = [\"owner\", \"cost-center\", \"environment\"]")
        );
    }
}
