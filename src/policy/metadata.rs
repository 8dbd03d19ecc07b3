//! Reads a rule's `# METADATA` block (YAML in comments, the OPA annotation convention) and its
//! `package` line from the Rego source text; regorus has no annotations API, so this is ours.

use saphyr::{LoadableYamlNode, Yaml};

use crate::finding::{Origin, Safety, Severity};
use crate::parse::Format;

/// Everything ailint knows about a rule besides its Rego logic.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleMeta {
    pub id: String,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub severity: Severity,
    /// Input formats the rule reads (`terraform` covers plan JSON too).
    pub formats: Vec<Format>,
    /// Whether the rule runs without being selected.
    pub enabled_by_default: bool,
    pub remediation: String,
    pub tags: Vec<String>,
    /// Option names the rule reads from `[rules.<slug>]` (METADATA `custom.options`).
    pub options: Vec<String>,
    /// The Rego package, e.g. `ailint.rules.inference_min_replicas_zero`.
    pub package: String,
    /// Where the rule lives, e.g. `policies/scaling/inference-min-replicas-zero.rego`.
    pub source_path: String,
    /// Documentation address from METADATA `custom.url`, if given.
    pub url: Option<String>,
    /// Whether the rule ships with ailint (false for a user's policy directory).
    pub bundled: bool,
    /// METADATA `custom.sensitive`: the offending value is a secret, so source snippets mask it.
    pub sensitive: bool,
    /// METADATA `custom.resource_types`: the rule can only report on a unit that has
    /// a resource of one of these types (Terraform types, ARM types, Kubernetes kinds), so it is
    /// not evaluated on other units. Empty: evaluated on every unit of its formats.
    pub resource_types: Vec<String>,
    /// METADATA `custom.fix`: the rule offers fixes, of this safety unless a fix says otherwise.
    pub fix: Option<Safety>,
    /// METADATA `custom.references`: Azure Policy built-ins, peer rules and vendor pages that cover
    /// the same check, for compliance mapping.
    pub references: Vec<Reference>,
}

/// One compliance reference of a rule: an Azure Policy built-in definition, a peer tool's rule, or
/// a page, with an optional title.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub kind: ReferenceKind,
    /// The definition or rule id (`0725b4dd-...`, `CKV_AZURE_247`); empty for a page.
    pub id: String,
    pub title: Option<String>,
    /// Where to read it: given in METADATA, or the Azure portal page of an Azure Policy built-in.
    pub url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceKind {
    AzurePolicy,
    Checkov,
    Page,
}

impl ReferenceKind {
    /// The name used in METADATA and in JSON/SARIF output.
    pub fn as_str(self) -> &'static str {
        match self {
            ReferenceKind::AzurePolicy => "azure_policy",
            ReferenceKind::Checkov => "checkov",
            ReferenceKind::Page => "url",
        }
    }

    /// The tag a rule with a reference of this kind carries, so `--select azure-policy` works.
    fn tag(self) -> Option<&'static str> {
        match self {
            ReferenceKind::AzurePolicy => Some("azure-policy"),
            ReferenceKind::Checkov => Some("checkov"),
            ReferenceKind::Page => None,
        }
    }
}

impl Reference {
    /// One line for people: `Azure Policy 0725b4dd-…: title <url>`.
    pub fn describe(&self) -> String {
        let mut s = match self.kind {
            ReferenceKind::AzurePolicy => format!("Azure Policy {}", self.id),
            ReferenceKind::Checkov => format!("Checkov {}", self.id),
            ReferenceKind::Page => String::new(),
        };
        if let Some(title) = &self.title {
            if !s.is_empty() {
                s.push_str(": ");
            }
            s.push_str(title);
        }
        if let Some(url) = &self.url {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(url);
        }
        s
    }

    pub fn to_json(&self) -> serde_json::Value {
        let mut v = serde_json::json!({ "kind": self.kind.as_str() });
        if !self.id.is_empty() {
            v["id"] = self.id.clone().into();
        }
        if let Some(t) = &self.title {
            v["title"] = t.clone().into();
        }
        if let Some(u) = &self.url {
            v["url"] = u.clone().into();
        }
        v
    }
}

/// The `package` of a Rego module, if it declares one.
pub fn package_of(rego: &str) -> Option<String> {
    rego.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("package ")?;
        Some(rest.trim().to_string())
    })
}

/// The YAML text of the first `# METADATA` comment block, with the comment markers removed.
pub fn metadata_block(rego: &str) -> Option<String> {
    let mut lines = rego.lines().skip_while(|l| l.trim() != "# METADATA");
    lines.next()?;
    let yaml: Vec<&str> = lines
        .map_while(|l| l.strip_prefix('#'))
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect();
    Some(yaml.join("\n"))
}

/// The keys a METADATA block may have: OPA's annotation keys, of which ailint reads `title`,
/// `description` and `custom`.
const TOP_LEVEL_KEYS: &[&str] = &[
    "title",
    "description",
    "custom",
    "scope",
    "related_resources",
    "authors",
    "organizations",
    "schemas",
    "entrypoint",
];

/// The keys of `custom` that ailint reads. Any other is refused: a misspelt `resource_types` would
/// silently run the rule everywhere, a misspelt `default` or `sensitive` would leave it on or a
/// secret unmasked.
const CUSTOM_KEYS: &[&str] = &[
    "id",
    "slug",
    "severity",
    "formats",
    "resource_types",
    "default",
    "remediation",
    "tags",
    "options",
    "url",
    "sensitive",
    "fix",
    "references",
];

/// Parses the METADATA of the rule at `source_path`; the error says which field is wrong.
pub fn parse_rule_meta(source_path: &str, rego: &str) -> Result<RuleMeta, String> {
    let block = metadata_block(rego).ok_or("no `# METADATA` block")?;
    let docs =
        Yaml::load_from_str(&block).map_err(|e| format!("METADATA is not valid YAML: {e}"))?;
    let doc = docs.first().ok_or("empty METADATA block")?;
    refuse_unknown_keys(doc, TOP_LEVEL_KEYS, "METADATA")?;
    // saphyr's `Index` panics on a missing key; every lookup goes through `as_mapping_get`.
    let empty = Yaml::Mapping(Default::default());
    let custom = doc.as_mapping_get("custom").unwrap_or(&empty);
    refuse_unknown_keys(custom, CUSTOM_KEYS, "METADATA custom")?;
    let text = |node: Option<Yaml>, field: &str| -> Result<String, String> {
        node.as_ref()
            .and_then(|n| n.as_str())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .ok_or_else(|| format!("METADATA field `{field}` is missing or not a string"))
    };
    let id = text(field(custom, "id"), "custom.id")?;
    if !is_rule_id(&id) {
        return Err(format!(
            "custom.id `{id}` is not of the form AIL123 (or a custom prefix of letters and 3+ digits)"
        ));
    }
    let slug = text(field(custom, "slug"), "custom.slug")?;
    let severity = text(field(custom, "severity"), "custom.severity")?
        .parse::<Severity>()
        .map_err(|e| format!("custom.severity: {e}"))?;
    let formats = string_list(field(custom, "formats"), "custom.formats")?
        .iter()
        .map(|f| {
            f.parse::<Format>()
                .map_err(|e| format!("custom.formats: {e}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if formats.is_empty() {
        return Err("METADATA field `custom.formats` is missing or empty".into());
    }
    let enabled_by_default = on_off(field(custom, "default"))?;
    let sensitive = match field(custom, "sensitive") {
        None | Some(Yaml::BadValue) => false,
        Some(node) => node
            .as_bool()
            .ok_or("custom.sensitive must be true or false")?,
    };
    let url = match field(custom, "url") {
        None | Some(Yaml::BadValue) => None,
        node => Some(text(node, "custom.url")?),
    };
    let fix = match field(custom, "fix") {
        None | Some(Yaml::BadValue) => None,
        node => Some(
            text(node, "custom.fix")?
                .parse::<Safety>()
                .map_err(|e| format!("custom.fix: {e}"))?,
        ),
    };
    let package = package_of(rego).ok_or("no `package` line")?;
    let references = references(field(custom, "references"))?;
    let mut tags = string_list(field(custom, "tags"), "custom.tags")?;
    for tag in references.iter().filter_map(|r| r.kind.tag()) {
        if !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_string());
        }
    }
    Ok(RuleMeta {
        fix,
        references,
        tags,
        title: text(field(doc, "title"), "title")?,
        description: unwrap_lines(&text(field(doc, "description"), "description")?),
        remediation: unwrap_lines(&text(field(custom, "remediation"), "custom.remediation")?),
        options: string_list(field(custom, "options"), "custom.options")?,
        id,
        slug,
        severity,
        formats,
        enabled_by_default,
        package,
        source_path: source_path.to_string(),
        url,
        bundled: true,
        sensitive,
        resource_types: resource_types(field(custom, "resource_types"))?,
    })
}

/// An error naming the first key of `node` that is not one of `known`, with a suggestion.
fn refuse_unknown_keys(node: &Yaml, known: &[&str], what: &str) -> Result<(), String> {
    let Some(map) = node.as_mapping() else {
        return Err(format!("{what} must be a mapping of keys to values"));
    };
    for key in map.keys() {
        let Some(name) = key.as_str() else {
            return Err(format!("{what} has a key that is not a string"));
        };
        if !known.contains(&name) {
            let hint = crate::suggest::did_you_mean(name, known.iter().copied());
            return Err(format!(
                "{what}: unknown key `{name}`{hint} (known: {})",
                known.join(", ")
            ));
        }
    }
    Ok(())
}

/// `custom.default`: `on`/`off` (or `true`/`false`); absent means on. Anything else, such as
/// `of`, is refused rather than read as on.
fn on_off(node: Option<Yaml>) -> Result<bool, String> {
    let Some(node) = node.filter(|n| !matches!(n, Yaml::BadValue)) else {
        return Ok(true);
    };
    if let Some(b) = node.as_bool() {
        return Ok(b);
    }
    match node.as_str() {
        Some("on") => Ok(true),
        Some("off") => Ok(false),
        _ => Err("custom.default must be on or off (or true/false)".into()),
    }
}

/// An absent list is empty; a list must hold only strings.
fn string_list(node: Option<Yaml>, name: &str) -> Result<Vec<String>, String> {
    let Some(node) = node.filter(|n| !matches!(n, Yaml::BadValue)) else {
        return Ok(Vec::new());
    };
    let refuse = || format!("{name} must be a list of strings");
    node.as_vec()
        .ok_or_else(refuse)?
        .iter()
        .map(|x| x.as_str().map(str::to_string).ok_or_else(refuse))
        .collect()
}

/// `custom.references`: a list of mappings, each with one of `azure_policy` (a definition GUID),
/// `checkov` (a rule id) or `url`, and optionally `title` (and `url` beside an id).
fn references(node: Option<Yaml>) -> Result<Vec<Reference>, String> {
    let Some(node) = node.filter(|n| !matches!(n, Yaml::BadValue)) else {
        return Ok(Vec::new());
    };
    let items = node
        .as_vec()
        .ok_or("custom.references must be a list of mappings")?;
    items.iter().map(reference).collect()
}

fn reference(item: &Yaml) -> Result<Reference, String> {
    let what = "custom.references item";
    refuse_unknown_keys(item, &["azure_policy", "checkov", "url", "title"], what)?;
    let get = |key: &str| -> Result<Option<String>, String> {
        match item.as_mapping_get(key) {
            None | Some(Yaml::BadValue) => Ok(None),
            Some(v) => v
                .as_str()
                .map(|s| Some(s.trim().to_string()))
                .ok_or_else(|| format!("{what}: `{key}` must be a string")),
        }
    };
    let (azure, checkov, url, title) = (
        get("azure_policy")?,
        get("checkov")?,
        get("url")?,
        get("title")?,
    );
    let (kind, id) = match (azure, checkov) {
        (Some(a), None) => {
            if !is_guid(&a) {
                return Err(format!(
                    "{what}: azure_policy `{a}` is not a policy definition GUID"
                ));
            }
            (ReferenceKind::AzurePolicy, a.to_ascii_lowercase())
        }
        (None, Some(c)) if !c.is_empty() => (ReferenceKind::Checkov, c),
        (None, None) if url.is_some() => (ReferenceKind::Page, String::new()),
        _ => {
            return Err(format!(
                "{what} needs exactly one of `azure_policy`, `checkov` or (alone) `url`"
            ))
        }
    };
    if let Some(u) = &url {
        if !(u.starts_with("https://") || u.starts_with("http://")) {
            return Err(format!("{what}: url `{u}` is not an http(s) address"));
        }
    }
    let url = url.or_else(|| {
        (kind == ReferenceKind::AzurePolicy).then(|| {
            format!("https://portal.azure.com/#view/Microsoft_Azure_Policy/PolicyDetailBlade/definitionId/%2Fproviders%2FMicrosoft.Authorization%2FpolicyDefinitions%2F{id}")
        })
    });
    Ok(Reference {
        kind,
        id,
        title,
        url,
    })
}

/// `8-4-4-4-12` hex digits, the form of every Azure Policy definition name.
fn is_guid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The `custom.resource_types` of a library module's METADATA (the facts module's: the units it is
/// evaluated on); empty when it has no METADATA or lists none.
pub fn library_resource_types(rego: &str) -> Result<Vec<String>, String> {
    let Some(block) = metadata_block(rego) else {
        return Ok(Vec::new());
    };
    let docs =
        Yaml::load_from_str(&block).map_err(|e| format!("METADATA is not valid YAML: {e}"))?;
    let Some(doc) = docs.first() else {
        return Ok(Vec::new());
    };
    refuse_unknown_keys(doc, TOP_LEVEL_KEYS, "METADATA")?;
    let empty = Yaml::Mapping(Default::default());
    let custom = doc.as_mapping_get("custom").unwrap_or(&empty);
    refuse_unknown_keys(custom, &["resource_types"], "METADATA custom")?;
    string_list(field(custom, "resource_types"), "custom.resource_types")
}

/// `custom.resource_types`: absent, or a non-empty list of type names.
fn resource_types(node: Option<Yaml>) -> Result<Vec<String>, String> {
    let Some(node) = node.filter(|n| !matches!(n, Yaml::BadValue)) else {
        return Ok(Vec::new());
    };
    let refuse = || {
        "custom.resource_types must be a non-empty list of resource types (leave it out to evaluate the rule on every unit)"
            .to_string()
    };
    let items = node.as_vec().ok_or_else(refuse)?;
    let types: Vec<String> = items
        .iter()
        .map(|x| x.as_str().map(str::to_string).ok_or_else(refuse))
        .collect::<Result<_, _>>()?;
    if types.is_empty() {
        return Err(refuse());
    }
    Ok(types)
}

/// Joins hard-wrapped lines into one line per paragraph, list item or `Label:` line, so that
/// terminals and SARIF viewers wrap the text themselves.
fn unwrap_lines(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut blank = false;
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            blank = true;
            continue;
        }
        let starts_item =
            line.starts_with("- ") || line.starts_with("* ") || label_of(line).is_some();
        match out.last_mut() {
            Some(last) if !blank && !starts_item => {
                last.push(' ');
                last.push_str(line);
            }
            _ => {
                if blank && !out.is_empty() {
                    out.push(String::new());
                }
                out.push(line.to_string());
            }
        }
        blank = false;
    }
    out.join("\n")
}

/// The `Terraform` of a line such as `Terraform: set ...` (a capitalised label before a colon).
fn label_of(line: &str) -> Option<&str> {
    let (label, _) = line.split_once(':')?;
    let ok = label.len() <= 24
        && label.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && label
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '/' || c == ' ' || c == '-');
    ok.then_some(label)
}

impl RuleMeta {
    /// What a finding of this rule carries of it, with `severity` (the configured one) and the
    /// remediation for `format`.
    pub fn origin(&self, severity: Severity, format: Format) -> Origin {
        Origin {
            rule_id: self.id.clone(),
            slug: self.slug.clone(),
            severity,
            help: self.help_for(format),
            url: super::docs_url(self),
            sensitive: self.sensitive,
        }
    }

    /// A rule with only an id, a slug and defaults, for other modules' unit tests.
    #[cfg(test)]
    pub fn for_tests(id: &str, slug: &str) -> Self {
        RuleMeta {
            id: id.into(),
            slug: slug.into(),
            title: String::new(),
            description: String::new(),
            severity: Severity::Warning,
            formats: vec![Format::Terraform],
            enabled_by_default: true,
            remediation: String::new(),
            tags: vec![],
            options: vec![],
            package: String::new(),
            source_path: String::new(),
            url: None,
            bundled: true,
            sensitive: false,
            resource_types: vec![],
            fix: None,
            references: vec![],
        }
    }

    /// Whether the rule can report on a unit whose resources have `types` (lower-cased).
    pub fn may_fire_on(&self, types: &std::collections::HashSet<String>) -> bool {
        self.resource_types.is_empty()
            || self
                .resource_types
                .iter()
                .any(|t| types.contains(&t.to_ascii_lowercase()))
    }

    /// Whether `s` is the rule's id or slug (compared without case, as everywhere).
    pub fn is_named(&self, s: &str) -> bool {
        s.eq_ignore_ascii_case(&self.id) || s.eq_ignore_ascii_case(&self.slug)
    }

    /// Whether the rule runs on units of `format` (`input.format`): a plan JSON is Terraform with
    /// its values resolved, so every rule for `terraform` runs on `terraform-plan` too; Bicep is
    /// lowered to the ARM shape, so every rule for `arm` runs on `bicep` too.
    pub fn applies_to(&self, format: Format) -> bool {
        self.formats
            .iter()
            .any(|&f| f == format || f.covers(format))
    }

    /// The remediation for one input format: its `Terraform:` / `ARM...:` / `Kubernetes:` line when
    /// the remediation is written per format, else the whole text.
    pub fn help_for(&self, format: Format) -> String {
        let wanted: &[&str] = match format {
            Format::Terraform | Format::TerraformPlan => &["terraform", "tf"],
            Format::Arm => &["arm", "arm/bicep", "arm and bicep"],
            Format::Bicep => &["bicep", "arm/bicep", "arm and bicep"],
            Format::Kubernetes => &["kubernetes", "k8s"],
        };
        let lines: Vec<&str> = self
            .remediation
            .lines()
            .filter(|l| {
                label_of(l).is_some_and(|lab| wanted.contains(&lab.to_ascii_lowercase().as_str()))
            })
            .collect();
        if lines.is_empty() && format == Format::Bicep {
            // Bicep is lowered to ARM: the ARM remediation names the same properties.
            self.help_for(Format::Arm)
        } else if lines.is_empty() {
            self.remediation.clone()
        } else {
            lines
                .iter()
                .map(|l| l.split_once(':').map_or(*l, |(_, rest)| rest.trim()))
                .collect::<Vec<_>>()
                .join("\n")
        }
    }
}

fn field<'a>(node: &Yaml<'a>, key: &str) -> Option<Yaml<'a>> {
    node.as_mapping_get(key).cloned()
}

/// `AIL301`, or a custom policy's id such as `ACME001`: letters then at least three digits.
fn is_rule_id(id: &str) -> bool {
    let letters = id.chars().take_while(|c| c.is_ascii_uppercase()).count();
    let digits = &id[letters..];
    letters >= 2 && digits.len() >= 3 && digits.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: &str = r#"# METADATA
# title: Inference can scale to zero
# description: |
#   Cold starts of 2-5 minutes.
#   Second line.
# custom:
#   id: AIL301
#   slug: inference-min-replicas-zero
#   severity: error
#   formats: [terraform, kubernetes]
#   default: off
#   remediation: Set min_count to 1.
#   tags: [availability]
package ailint.rules.inference_min_replicas_zero

deny contains f if { false }
"#;

    #[test]
    fn parses_all_fields() {
        let m = parse_rule_meta("policies/x.rego", RULE).unwrap();
        assert_eq!(m.id, "AIL301");
        assert_eq!(m.slug, "inference-min-replicas-zero");
        assert_eq!(m.severity, Severity::Error);
        assert_eq!(m.formats, vec![Format::Terraform, Format::Kubernetes]);
        assert!(m.applies_to(Format::Terraform) && m.applies_to(Format::TerraformPlan));
        assert!(m.applies_to(Format::Kubernetes) && !m.applies_to(Format::Arm));
        assert!(!m.enabled_by_default);
        assert_eq!(m.description, "Cold starts of 2-5 minutes. Second line.");
        assert_eq!(m.package, "ailint.rules.inference_min_replicas_zero");
        assert_eq!(m.tags, vec!["availability"]);
    }

    #[test]
    fn resource_types_limit_the_units_a_rule_runs_on() {
        let types = |list: &[&str]| list.iter().map(|t| t.to_string()).collect();
        // Left out: every unit.
        let m = parse_rule_meta("x.rego", RULE).unwrap();
        assert!(m.resource_types.is_empty() && m.may_fire_on(&types(&[])));
        let with = RULE.replace(
            "#   default: off\n",
            "#   default: off\n#   resource_types:\n#     - azurerm_kubernetes_cluster_node_pool\n#     - Microsoft.ContainerService/managedClusters\n",
        );
        let m = parse_rule_meta("x.rego", &with).unwrap();
        // Unit types come lower-cased; ARM types are matched whatever their case.
        assert!(m.may_fire_on(&types(&["microsoft.containerservice/managedclusters"])));
        assert!(m.may_fire_on(&types(&["azurerm_kubernetes_cluster_node_pool", "x"])));
        assert!(!m.may_fire_on(&types(&["azurerm_storage_account"])));
        for bad in [
            "#   resource_types: []\n",
            "#   resource_types: Deployment\n",
        ] {
            let broken = RULE.replace("#   default: off\n", bad);
            let err = parse_rule_meta("x.rego", &broken).unwrap_err();
            assert!(err.contains("custom.resource_types"), "{err}");
        }
    }

    #[test]
    fn references_are_read_linked_and_tag_the_rule() {
        let with = RULE.replace(
            "#   tags: [availability]\n",
            "#   tags: [availability]\n#   references:\n#     - azure_policy: 0725B4DD-7e76-479c-a735-68e7ee23d5ca\n#       title: Disable public access\n#     - checkov: CKV_AZURE_134\n#     - url: https://learn.microsoft.com/azure/ai-services/\n",
        );
        let m = parse_rule_meta("x.rego", &with).unwrap();
        assert_eq!(m.references.len(), 3);
        let policy = &m.references[0];
        assert_eq!(policy.kind, ReferenceKind::AzurePolicy);
        assert_eq!(policy.id, "0725b4dd-7e76-479c-a735-68e7ee23d5ca");
        assert!(policy.url.as_deref().is_some_and(
            |u| u.ends_with("policyDefinitions%2F0725b4dd-7e76-479c-a735-68e7ee23d5ca")
        ));
        assert_eq!(
            m.references[1].describe(),
            "Checkov CKV_AZURE_134",
            "a peer rule without a page has no address"
        );
        assert_eq!(m.references[2].kind, ReferenceKind::Page);
        assert_eq!(m.tags, vec!["availability", "azure-policy", "checkov"]);
        for (bad, needle) in [
            ("#     - azure_policy: 0725b4dd\n", "not a policy definition GUID"),
            ("#     - title: alone\n", "exactly one of"),
            ("#     - azure_policy: 0725b4dd-7e76-479c-a735-68e7ee23d5ca\n#       checkov: CKV_AZURE_1\n", "exactly one of"),
            ("#     - url: learn.microsoft.com\n", "not an http(s) address"),
            ("#     - azure_plicy: x\n", "unknown key `azure_plicy`"),
        ] {
            let broken = RULE.replace(
                "#   tags: [availability]\n",
                &format!("#   tags: [availability]\n#   references:\n{bad}"),
            );
            let err = parse_rule_meta("x.rego", &broken).unwrap_err();
            assert!(err.contains(needle), "{bad}: {err}");
        }
    }

    #[test]
    fn unwraps_text_and_picks_help_per_format() {
        let text = "Terraform: set `x`\nto 1.\nARM/Bicep: set `y`.\n\n- a\nb";
        assert_eq!(
            unwrap_lines(text),
            "Terraform: set `x` to 1.\nARM/Bicep: set `y`.\n\n- a b"
        );
        let mut m = parse_rule_meta("p", RULE).unwrap();
        m.remediation = unwrap_lines(text);
        assert_eq!(m.help_for(Format::Terraform), "set `x` to 1.");
        assert_eq!(m.help_for(Format::Arm), "set `y`.");
        assert_eq!(m.help_for(Format::Kubernetes), m.remediation);
    }

    /// A typo must not silently turn a rule on or off, run it everywhere or unmask a secret.
    #[test]
    fn unknown_keys_and_misspelt_values_are_refused() {
        for (from, to, said) in [
            (
                "#   default: off\n",
                "#   defualt: off\n",
                "unknown key `defualt` (did you mean `default`?)",
            ),
            (
                "#   default: off\n",
                "#   default: of\n",
                "custom.default must be on or off",
            ),
            (
                "#   default: off\n",
                "#   resource_type: [Pod]\n",
                "did you mean `resource_types`?",
            ),
            (
                "#   default: off\n",
                "#   sensitive: yes\n",
                "custom.sensitive must be true or false",
            ),
            (
                "#   tags: [availability]\n",
                "#   tags: [a, [b]]\n",
                "custom.tags must be a list of strings",
            ),
            (
                "# title: ",
                "# titel: x\n# title: ",
                "METADATA: unknown key `titel`",
            ),
            (
                "[terraform, kubernetes]",
                "[terraform, kubernets]",
                "custom.formats: unknown format `kubernets`",
            ),
        ] {
            let broken = RULE.replace(from, to);
            let err = parse_rule_meta("x.rego", &broken).unwrap_err();
            assert!(err.contains(said), "{to}: {err}");
        }
        // OPA's own annotation keys are allowed.
        let opa = RULE.replace("# title: ", "# scope: package\n# title: ");
        assert!(parse_rule_meta("x.rego", &opa).is_ok());
    }

    #[test]
    fn reports_missing_fields() {
        let broken = RULE.replace("#   slug: inference-min-replicas-zero\n", "");
        let err = parse_rule_meta("x.rego", &broken).unwrap_err();
        assert!(err.contains("custom.slug"), "{err}");
        assert!(parse_rule_meta("x.rego", "package a\n").is_err());
        // Optional fields may be left out (this once panicked on a missing `default`).
        let minimal = RULE.replace("#   default: off\n", "");
        assert!(
            parse_rule_meta("x.rego", &minimal)
                .unwrap()
                .enabled_by_default
        );
        let bad_id = RULE.replace("AIL301", "301");
        assert!(parse_rule_meta("x.rego", &bad_id)
            .unwrap_err()
            .contains("custom.id"));
    }
}
