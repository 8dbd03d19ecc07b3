//! Evaluates one unit: reads and parses its files, builds the input document, runs each
//! applicable rule's `deny` set through a clone of the compiled engine, and places every result
//! on the exact span the source map gives for its resource and path. Suppression comes after.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde_json::Value as Json;

use crate::discover::SourceFile;
use crate::facts;
use crate::finding::{Finding, Location, UNRESOLVED};
use crate::input::{self, Located, Shared};
use crate::parse::{self, Format, LineIndex, PathSeg};
use crate::policy::{ActiveRule, PolicySet, RuleMeta, INVENTORY_PACKAGE};
use crate::unit::Unit;

/// What every unit of a run is evaluated with.
#[derive(Debug, Clone, Copy)]
pub struct Run<'a> {
    /// `input.config` and `input.context` of every unit.
    pub shared: Shared<'a>,
    /// How values are resolved (`--var-file`, `--strict-unknowns`).
    pub parse: &'a parse::ParseOptions,
    /// Skip rules whose METADATA `resource_types` do not occur in the unit.
    pub skip_by_type: bool,
    /// The compiled policies (every rule, or those the run can need).
    pub engine: &'a regorus::Engine,
}

/// What evaluating one unit produced.
#[derive(Debug, Default)]
pub struct UnitOutcome {
    pub findings: Vec<Finding>,
    /// Internal errors (a rule that failed to evaluate); they make the run exit 2.
    pub errors: Vec<String>,
    pub parse_errors: usize,
    /// The unit as it was checked, for what comes right after evaluation (suppressions in its
    /// files); dropped by [`UnitOutcome::release`].
    pub checked: Option<Checked>,
    /// The text of each file with a finding, kept by [`UnitOutcome::release`] for snippets.
    pub sources: Vec<(String, Arc<str>)>,
}

/// A unit's files as they were checked (with the local modules it pulled in), their line
/// indexes and its resources.
#[derive(Debug)]
pub struct Checked {
    pub format: Format,
    pub files: Vec<SourceFile>,
    /// How many of `files` are the unit's own (the rest are local modules it pulled in).
    pub own_files: usize,
    pub line_indexes: Vec<LineIndex>,
    pub located: Vec<Located>,
    /// Terraform variables that kept their default (see [`parse::VarDefault`]).
    pub var_defaults: Vec<parse::VarDefault>,
}

impl UnitOutcome {
    /// Lets go of the checked unit (its resources can be large, and a batch of outcomes waits
    /// for the run to collect it), keeping the text of each file with a finding when
    /// `keep_sources` (for renderers that show snippets).
    pub fn release(&mut self, keep_sources: bool) {
        let Some(checked) = self.checked.take() else {
            return;
        };
        if !keep_sources {
            return;
        }
        for f in &self.findings {
            if self.sources.iter().any(|(name, _)| *name == f.file) {
                continue;
            }
            if let Some(file) = checked.files.iter().find(|s| s.display == f.file) {
                self.sources.push((f.file.clone(), file.text.clone()));
            }
        }
    }
}

/// Whether `rule` is evaluated on a unit of `format` whose resources have `types`: rules of its
/// format, less (when `skip_by_type`) those whose METADATA `resource_types` do not occur. A
/// Terraform unit with ARM-shaped resources (`azapi_resource` blocks; ARM types have a `/`) runs
/// the ARM rules too.
pub fn runs_on(
    rule: &RuleMeta,
    format: Format,
    types: &std::collections::HashSet<String>,
    skip_by_type: bool,
) -> bool {
    let arm_shaped = matches!(format, Format::Terraform | Format::TerraformPlan)
        && rule.applies_to(Format::Arm)
        && types.iter().any(|t| t.contains('/'));
    (rule.applies_to(format) || arm_shaped) && (!skip_by_type || rule.may_fire_on(types))
}

/// A unit read and parsed, with the findings that reading and parsing gave.
struct Parsed {
    out: UnitOutcome,
    checked: Checked,
    module_calls: Vec<Json>,
    name: String,
}

/// Reads and parses `unit`: unreadable files and syntax errors become `AIL000`, modules that
/// cannot be read `AIL003` (info).
fn read_and_parse(unit: &Unit, options: &parse::ParseOptions) -> Parsed {
    let (read, unreadable) = unit.read();
    parse_read(read, &unreadable, options)
}

/// Parses a unit whose files `read` has read; `unreadable` are those it could not read.
fn parse_read(
    read: Unit,
    unreadable: &[(SourceFile, String)],
    options: &parse::ParseOptions,
) -> Parsed {
    let mut out = UnitOutcome::default();
    for (file, message) in unreadable.iter().filter(|(f, _)| f.reported) {
        out.parse_errors += 1;
        out.findings
            .push(Finding::unreadable(&file.display, None, message));
    }
    let mut parsed = parse::parse_unit(read.format, &read.files, options);
    // Files a unit pulled in from elsewhere (local modules) become part of it for placing
    // findings and reading suppressions.
    let mut files = read.files;
    let own_files = files.len();
    files.append(&mut parsed.extra_files);
    let line_indexes: Vec<LineIndex> = files.iter().map(|f| LineIndex::new(&f.text)).collect();
    for (i, e) in std::mem::take(&mut parsed.errors) {
        let file = &files[i];
        if file.reported {
            out.parse_errors += 1;
            let at = location(file, &line_indexes[i], e.range);
            out.findings.push(Finding::parse_error(at, &e.message));
        }
    }
    for u in std::mem::take(&mut parsed.unresolved) {
        let file = &files[u.file];
        if file.reported {
            let at = location(file, &line_indexes[u.file], u.range);
            out.findings
                .push(Finding::builtin(UNRESOLVED, at, u.message));
        }
    }
    let module_calls = std::mem::take(&mut parsed.module_calls);
    let var_defaults = std::mem::take(&mut parsed.var_defaults);
    let located = input::located(&mut parsed);
    Parsed {
        out,
        checked: Checked {
            format: read.format,
            files,
            own_files,
            line_indexes,
            located,
            var_defaults,
        },
        module_calls,
        name: read.name,
    }
}

/// `unit` read and parsed as a check sees it, for other modules' unit tests.
#[cfg(test)]
pub(crate) fn checked_for_tests(unit: &Unit) -> Checked {
    read_and_parse(unit, &parse::ParseOptions::default()).checked
}

/// Where `range` of `file` is.
pub fn location(file: &SourceFile, index: &LineIndex, range: std::ops::Range<usize>) -> Location {
    Location {
        file: file.display.clone(),
        span: index.span(&file.text, &range),
        byte_range: range,
    }
}

impl Parsed {
    fn types(&self) -> std::collections::HashSet<String> {
        input::unit_types(self.checked.located.iter().map(|l| &l.resource))
    }

    /// An engine holding this unit's input document.
    fn engine(&self, run: Run<'_>) -> regorus::Engine {
        let files: Vec<&str> = self
            .checked
            .files
            .iter()
            .map(|f| f.display.as_str())
            .collect();
        let mut engine = run.engine.clone();
        engine.set_input(input::document(
            self.checked.format,
            &self.name,
            &files,
            &self.checked.located,
            &self.module_calls,
            run.shared,
        ));
        engine
    }
}

/// The facts `unit` declares for the other units (see [`crate::facts`]), and the errors of
/// declaring them; nothing when its resources are of none of the facts module's types.
pub fn unit_facts(
    unit: &Unit,
    policies: &PolicySet,
    run: Run<'_>,
) -> (serde_json::Map<String, Json>, Vec<String>) {
    let Some(spec) = &policies.facts else {
        return Default::default();
    };
    let (read, unreadable) = unit.read();
    if !may_name_a_fact_type(spec, &read) {
        return Default::default();
    }
    let parsed = parse_read(read, &unreadable, run.parse);
    if parsed.checked.located.is_empty() || !spec.may_declare(&parsed.types()) {
        return Default::default();
    }
    match facts::declared(&mut parsed.engine(run)) {
        Ok(facts) => (facts, Vec::new()),
        Err(e) => (
            Default::default(),
            vec![format!("facts of {}: {e}", unit.name)],
        ),
    }
}

/// Whether a unit's resources can be of one of the facts module's types, decided from its text so
/// that the many units which cannot are not parsed twice: a type is written out in the files
/// that declare it (compared without case, as types are matched), except in the files of a
/// Terraform module the unit calls, which it reads only when parsing.
fn may_name_a_fact_type(spec: &crate::policy::FactsSpec, unit: &Unit) -> bool {
    if spec.resource_types.is_empty() {
        return true;
    }
    unit.files.iter().any(|f| {
        let text = f.text.to_ascii_lowercase();
        (unit.format == Format::Terraform && text.contains("module"))
            || spec
                .resource_types
                .iter()
                .any(|t| text.contains(t.as_str()))
    })
}

/// Evaluates `unit` with `rules` (already filtered by selection).
pub fn check_unit(unit: &Unit, rules: &[ActiveRule], run: Run<'_>) -> UnitOutcome {
    let parsed = read_and_parse(unit, run.parse);
    let types = parsed.types();
    let applicable: Vec<&ActiveRule> = rules
        .iter()
        .filter(|r| runs_on(&r.meta, parsed.checked.format, &types, run.skip_by_type))
        .collect();
    let mut out = if applicable.is_empty() || parsed.checked.located.is_empty() {
        parsed.out
    } else {
        let mut engine = parsed.engine(run);
        let mut out = parsed.out;
        evaluate(
            &mut engine,
            &applicable,
            &parsed.checked,
            &parsed.name,
            &mut out,
        );
        out
    };
    out.checked = Some(parsed.checked);
    out
}

/// Runs every applicable rule on the unit whose input `engine` holds and places their results.
fn evaluate(
    engine: &mut regorus::Engine,
    rules: &[&ActiveRule],
    checked: &Checked,
    unit: &str,
    out: &mut UnitOutcome,
) {
    let by_id: HashMap<&str, &Located> = checked
        .located
        .iter()
        .map(|l| (l.resource.id.as_str(), l))
        .collect();
    let labels = RepeatedIds::of(checked);
    let mut together = all_in_one_query(engine, rules).map(Vec::into_iter);
    for rule in rules {
        let evaluated = match together.as_mut().and_then(Iterator::next) {
            Some(v) => Ok(v),
            None => engine.eval_rule(format!("data.{}.deny", rule.meta.package)),
        };
        let results = match evaluated {
            Ok(v) => v,
            Err(e) => {
                out.errors
                    .push(format!("rule {} failed on {unit}: {e}", rule.meta.id));
                continue;
            }
        };
        let results = match serde_json::to_value(&results) {
            Ok(Json::Array(items)) => items,
            Ok(Json::Null) => Vec::new(),
            Ok(other) => {
                out.errors.push(format!(
                    "rule {}: `deny` is not a set but {other}",
                    rule.meta.id
                ));
                continue;
            }
            Err(e) => {
                out.errors
                    .push(format!("rule {}: unreadable result: {e}", rule.meta.id));
                continue;
            }
        };
        for result in results {
            match place(&result, rule, checked, &by_id) {
                Ok(Some(mut f)) => {
                    labels.relabel(&mut f.message);
                    out.findings.push(f)
                }
                Ok(None) => {}
                Err(e) => out
                    .errors
                    .push(format!("rule {} on {unit}: {e}", rule.meta.id)),
            }
        }
    }
}

/// Where the value a finding points at came from, when the source there is `key = var.NAME` and
/// `NAME` kept its default in the module of that file: "the default of `var.NAME`
/// (variables.tf:81)". A value a caller or a variable file set is not a default: a caller's
/// argument is where such a finding points already.
fn default_behind(checked: &Checked, at: usize, range: &std::ops::Range<usize>) -> Option<String> {
    if checked.var_defaults.is_empty() {
        return None;
    }
    let text = checked.files.get(at)?.text.get(range.clone())?;
    let (_, value) = text.split_once('=')?;
    let name = value.trim().strip_prefix("var.")?;
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    {
        return None;
    }
    let d = checked
        .var_defaults
        .iter()
        .find(|d| d.name == name && d.module_files.contains(&at))?;
    let file = checked.files.get(d.file)?;
    let line = checked
        .line_indexes
        .get(d.file)?
        .position(&file.text, d.range.start)
        .line;
    Some(format!(
        "the default of `var.{name}`, {}:{line}",
        file_name(&file.display)
    ))
}

/// The last component of a displayed path (`infra/variables.tf` → `variables.tf`), for messages
/// that name a place in a file of the same unit.
fn file_name(display: &str) -> &str {
    display.rsplit('/').next().unwrap_or(display)
}

/// The resources of a unit whose id repeats (the same Kubernetes object in two files of a
/// directory): policies tell them apart by the ids [`input::located`] gave them (`X`, `X#2`),
/// which mean nothing to a user, so messages name each as `X (file:line)` instead.
struct RepeatedIds {
    /// Each base id that repeats, with the label of every resource that has it, in unit order.
    groups: Vec<(String, Vec<(String, String)>)>,
}

impl RepeatedIds {
    fn of(checked: &Checked) -> Self {
        // `input::located` suffixes every repeat of an id (`X#2`): the bases of those ids are the
        // ones that repeat. Most units have none, and then nothing else is done.
        let base_of = |id: &str| match id.rsplit_once('#') {
            Some((base, n)) if n.parse::<usize>().is_ok() => Some(base.to_string()),
            _ => None,
        };
        let repeated: HashSet<String> = checked
            .located
            .iter()
            .filter_map(|l| base_of(&l.resource.id))
            .collect();
        let mut groups: Vec<(String, Vec<(String, String)>)> = Vec::new();
        if repeated.is_empty() {
            return RepeatedIds { groups };
        }
        let mut group_of: HashMap<String, usize> = HashMap::new();
        for l in &checked.located {
            let id = &l.resource.id;
            let base = base_of(id).unwrap_or_else(|| id.clone());
            if !repeated.contains(&base) {
                continue;
            }
            let (Some(file), Some(index)) =
                (checked.files.get(l.file), checked.line_indexes.get(l.file))
            else {
                continue;
            };
            let line = index
                .position(&file.text, l.resource.source.anchor.start)
                .line;
            // Repeated ids share a unit (one directory), where the file's name tells them apart.
            let label = format!("{base} ({}:{line})", file_name(&file.display));
            let at = *group_of.entry(base.clone()).or_insert_with(|| {
                groups.push((base, Vec::new()));
                groups.len() - 1
            });
            groups[at].1.push((id.clone(), label));
        }
        RepeatedIds { groups }
    }

    /// `message` with every mention of a repeated id replaced by its label. A mention is the id
    /// not followed by a character that would continue an id (so `X` is not found in `X-gpu`).
    fn relabel(&self, message: &mut String) {
        let continues = |c: char| c.is_alphanumeric() || "-_./#".contains(c);
        let mut labels: Vec<&str> = Vec::new();
        for (_, members) in &self.groups {
            // Longest first, so that `X#2` is taken before `X`; each mention becomes a
            // placeholder (NUL-delimited: no id contains NUL) so a label is never relabelled.
            let mut by_length: Vec<&(String, String)> = members.iter().collect();
            by_length.sort_by_key(|(id, _)| std::cmp::Reverse(id.len()));
            for (id, label) in by_length {
                if !message.contains(id.as_str()) {
                    continue;
                }
                let placeholder = format!("\0{}\0", labels.len());
                labels.push(label);
                let mut out = String::with_capacity(message.len());
                let mut rest = message.as_str();
                while let Some(at) = rest.find(id.as_str()) {
                    let after = &rest[at + id.len()..];
                    out.push_str(&rest[..at]);
                    if after.chars().next().is_some_and(continues) {
                        out.push_str(id);
                    } else {
                        out.push_str(&placeholder);
                    }
                    rest = after;
                }
                out.push_str(rest);
                *message = out;
            }
        }
        for (i, label) in labels.iter().enumerate() {
            *message = message.replace(&format!("\0{i}\0"), label);
        }
    }
}

/// Every rule's `deny` in one query, so that what rules share (library rules regorus evaluates once
/// per query) is computed once per unit; `None` when the query fails, and each rule then runs alone
/// so that an error is told against its rule.
fn all_in_one_query(
    engine: &mut regorus::Engine,
    rules: &[&ActiveRule],
) -> Option<Vec<regorus::Value>> {
    let query = format!(
        "[{}]",
        rules
            .iter()
            .map(|r| format!("data.{}.deny", r.meta.package))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let results = engine.eval_query(query, false).ok()?;
    let value = results
        .result
        .into_iter()
        .next()?
        .expressions
        .into_iter()
        .next()?
        .value;
    let items: Vec<regorus::Value> = value.as_array().ok()?.iter().cloned().collect();
    (items.len() == rules.len()).then_some(items)
}

/// Evaluates every rule for `format`, and the facts module, on `input` and returns the errors,
/// for robustness tests: a rule must never fail, whatever shape the input has.
pub fn rule_errors(policies: &PolicySet, format: Format, input: regorus::Value) -> Vec<String> {
    let mut engine = match policies.engine() {
        Ok(engine) => engine.clone(),
        Err(e) => return vec![e.to_string()],
    };
    engine.set_input(input);
    let mut errors = Vec::new();
    for rule in policies.rules.iter().filter(|r| r.applies_to(format)) {
        if let Err(e) = engine.eval_rule(format!("data.{}.deny", rule.package)) {
            errors.push(format!("{}: {e}", rule.id));
        }
    }
    if policies.facts.is_some() {
        if let Err(e) = facts::declared(&mut engine) {
            errors.push(format!("facts: {e}"));
        }
    }
    if let Err(e) = engine.eval_rule(format!("data.{INVENTORY_PACKAGE}.items")) {
        errors.push(format!("inventory: {e}"));
    }
    errors
}

/// Turns one raw rule result into a located finding; `None` when its file is not reported.
fn place(
    result: &Json,
    rule: &ActiveRule,
    checked: &Checked,
    by_id: &HashMap<&str, &Located>,
) -> Result<Option<Finding>, String> {
    let resource_id = result
        .get("resource")
        .and_then(Json::as_str)
        .ok_or_else(|| format!("result without a `resource`: {result}"))?;
    let message = result
        .get("message")
        .and_then(Json::as_str)
        .ok_or_else(|| format!("result without a `message`: {result}"))?;
    let path_json: Vec<Json> = match result.get("path") {
        Some(Json::Array(p)) => p.clone(),
        None | Some(Json::Null) => Vec::new(),
        Some(other) => return Err(format!("`path` is not an array: {other}")),
    };
    let (located, at, range) = locate(checked, by_id, resource_id, &path_json)?;
    let file = &checked.files[at];
    if !file.reported {
        return Ok(None);
    }
    let index = &checked.line_indexes[at];
    // The resource's own line, for suppressions above it, only in the resource's file.
    let resource_line = (at == located.file).then(|| {
        index
            .position(&file.text, located.resource.source.anchor.start)
            .line
    });
    let resource_end_line = (at == located.file).then(|| {
        let end = located.resource.source.full.end.max(1) - 1;
        index.position(&file.text, end).line
    });
    let message = match default_behind(checked, at, &range) {
        Some(origin) => format!("{message} (the value is {origin})"),
        None => message.to_string(),
    };
    let mut finding = Finding::new(
        rule.origin(checked.format),
        location(file, index, range),
        message,
    );
    if let Some(fix) = result.get("fix") {
        let spec = crate::fix::Spec::parse(fix, rule.meta.fix)?;
        finding.fix = crate::fix::plan(&spec, &to_path(&path_json)?, checked, located);
    }
    let mut finding = finding.about(located.resource.id.clone(), path_json, resource_line);
    finding.resource_end_line = resource_end_line;
    Ok(Some(finding))
}

/// The resource `resource_id` names, and the file and byte range of `path` in it: the value may
/// have been written in another file (a module call's argument).
fn locate<'a>(
    checked: &Checked,
    by_id: &HashMap<&str, &'a Located>,
    resource_id: &str,
    path: &[Json],
) -> Result<(&'a Located, usize, std::ops::Range<usize>), String> {
    let located = by_id
        .get(resource_id)
        .copied()
        .ok_or_else(|| format!("result names unknown resource `{resource_id}`"))?;
    let (elsewhere, range, _found) = located.resource.source.resolve_in(&to_path(path)?);
    let at = elsewhere
        .filter(|&i| i < checked.files.len())
        .unwrap_or(located.file);
    Ok((located, at, range))
}

/// What `package ailint.inventory` lists of one unit (see [`crate::inventory`]).
#[derive(Debug, Default)]
pub struct UnitInventory {
    /// The unit's name.
    pub unit: String,
    /// Each entry of `items`, with where it is declared.
    pub items: Vec<(Json, Location)>,
    /// Files that could not be read or parsed: `file:line:column: message`.
    pub unparsable: Vec<String>,
    pub errors: Vec<String>,
}

/// Lists what `unit` declares; nothing for a unit without resources.
pub fn unit_inventory(unit: &Unit, run: Run<'_>) -> UnitInventory {
    let parsed = read_and_parse(unit, run.parse);
    let mut out = UnitInventory {
        unparsable: parsed
            .out
            .findings
            .iter()
            .filter(|f| f.rule_id == crate::finding::PARSE_ERROR.id)
            .map(|f| {
                format!(
                    "{}:{}:{}: {}",
                    f.file, f.span.line, f.span.column, f.message
                )
            })
            .collect(),
        unit: unit.name.clone(),
        ..UnitInventory::default()
    };
    if parsed.checked.located.is_empty() {
        return out;
    }
    let mut engine = parsed.engine(run);
    let items = match engine.eval_rule(format!("data.{INVENTORY_PACKAGE}.items")) {
        Ok(v) => serde_json::to_value(&v).map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    let items = match items {
        Ok(Json::Array(items)) => items,
        Ok(Json::Null) => Vec::new(),
        Ok(other) => {
            out.errors.push(format!(
                "inventory of {}: `items` is not a set but {other}",
                unit.name
            ));
            Vec::new()
        }
        Err(e) => {
            out.errors.push(format!("inventory of {}: {e}", unit.name));
            Vec::new()
        }
    };
    let checked = &parsed.checked;
    let by_id: HashMap<&str, &Located> = checked
        .located
        .iter()
        .map(|l| (l.resource.id.as_str(), l))
        .collect();
    for item in items {
        let resource = item
            .get("resource")
            .and_then(Json::as_str)
            .unwrap_or_default();
        let path = match item.get("path") {
            Some(Json::Array(p)) => p.as_slice(),
            _ => &[],
        };
        match locate(checked, &by_id, resource, path) {
            Ok((_, at, range)) => {
                let at = location(&checked.files[at], &checked.line_indexes[at], range);
                out.items.push((item, at));
            }
            Err(e) => out.errors.push(format!("inventory of {}: {e}", unit.name)),
        }
    }
    out
}

pub(crate) fn to_path(items: &[Json]) -> Result<Vec<PathSeg>, String> {
    items
        .iter()
        .map(|seg| match seg {
            Json::String(s) => Ok(PathSeg::Key(s.clone())),
            Json::Number(n) => n
                .as_u64()
                .map(|i| PathSeg::Index(i as usize))
                .ok_or_else(|| format!("path index `{n}` is not a non-negative integer")),
            other => Err(format!("path step `{other}` is neither a key nor an index")),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discover::FileKind;
    use crate::policy::FactsSpec;

    fn unit(format: Format, text: &str) -> Unit {
        Unit {
            name: "u".into(),
            format,
            files: vec![SourceFile {
                display: "u/f".into(),
                path: "u/f".into(),
                kind: FileKind::Terraform,
                text: text.into(),
                reported: true,
            }],
        }
    }

    #[test]
    fn arm_rules_run_on_terraform_units_with_arm_shaped_resources() {
        let mut rule = RuleMeta::for_tests("AIL900", "arm-only");
        rule.formats = vec![Format::Arm];
        let azapi: std::collections::HashSet<String> =
            ["microsoft.cognitiveservices/accounts".to_string()].into();
        let azurerm: std::collections::HashSet<String> =
            ["azurerm_cognitive_account".to_string()].into();
        assert!(runs_on(&rule, Format::Terraform, &azapi, false));
        assert!(runs_on(&rule, Format::TerraformPlan, &azapi, false));
        assert!(!runs_on(&rule, Format::Terraform, &azurerm, false));
        assert!(!runs_on(&rule, Format::Kubernetes, &azapi, false));
    }

    #[test]
    fn only_units_that_can_name_a_fact_type_are_parsed_for_facts() {
        let spec = FactsSpec {
            resource_types: ["microsoft.containerservice/managedclusters".to_string()].into(),
        };
        let arm = r#"{"resources": [{"type": "Microsoft.ContainerService/managedClusters"}]}"#;
        assert!(may_name_a_fact_type(&spec, &unit(Format::Arm, arm)));
        let other = r#"{"resources": [{"type": "Microsoft.Storage/storageAccounts"}]}"#;
        assert!(!may_name_a_fact_type(&spec, &unit(Format::Arm, other)));
        // A Terraform module it calls may declare the pool.
        let call = "module \"aks\" {\n  source = \"./aks\"\n}\n";
        assert!(may_name_a_fact_type(&spec, &unit(Format::Terraform, call)));
        assert!(!may_name_a_fact_type(
            &spec,
            &unit(Format::Kubernetes, "kind: Pod\n")
        ));
        // A facts module that lists no types runs on every unit.
        assert!(may_name_a_fact_type(
            &FactsSpec::default(),
            &unit(Format::Kubernetes, "")
        ));
    }

    #[test]
    fn repeated_ids_are_named_by_file_and_line() {
        let labels = RepeatedIds {
            groups: vec![(
                "InferenceService/default/llm".into(),
                vec![
                    (
                        "InferenceService/default/llm".into(),
                        "InferenceService/default/llm (a.yaml:3)".into(),
                    ),
                    (
                        "InferenceService/default/llm#2".into(),
                        "InferenceService/default/llm (b.yaml:9)".into(),
                    ),
                ],
            )],
        };
        let mut m = "Namespace `default` serves GPU inference (InferenceService/default/llm, InferenceService/default/llm#2, InferenceService/default/llm-gpu)".to_string();
        labels.relabel(&mut m);
        assert_eq!(
            m,
            "Namespace `default` serves GPU inference (InferenceService/default/llm (a.yaml:3), InferenceService/default/llm (b.yaml:9), InferenceService/default/llm-gpu)"
        );
        let mut plain = "Deployment/x/y has no probe".to_string();
        labels.relabel(&mut plain);
        assert_eq!(plain, "Deployment/x/y has no probe");
    }
}
