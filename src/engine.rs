//! Evaluates one unit: parses its files, builds the input document, runs each enabled rule's
//! `deny` set through a clone of the compiled engine, and places every result on the exact span
//! the source map gives for its resource and path.

use std::collections::HashMap;
use std::ops::Range;

use serde_json::{json, Map, Value as Json};

use crate::finding::{
    Finding, Severity, Span, INVALID_SUPPRESSION, PARSE_ERROR_ID, PARSE_ERROR_SLUG, UNRESOLVED,
    UNUSED_SUPPRESSION,
};
use crate::parse::{self, Format, LineIndex, PathSeg, Resource};
use crate::policy::{PolicySet, RuleMeta};
use crate::suppress::{self, Directive, Scanned};
use crate::unit::Unit;

/// A rule as this run uses it: its metadata and its effective severity.
#[derive(Debug, Clone)]
pub struct ActiveRule {
    pub meta: RuleMeta,
    pub severity: Severity,
}

/// What evaluating one unit produced.
#[derive(Debug, Default)]
pub struct UnitOutcome {
    pub findings: Vec<Finding>,
    /// Internal errors (a rule that failed to evaluate); they make the run exit 2.
    pub errors: Vec<String>,
    pub parse_errors: usize,
    /// Facts for other units (`data.ailint.context`), when asked to collect them.
    pub context: Vec<Json>,
    /// The text of each file with a finding, when asked to keep them (for snippets).
    pub sources: Vec<(String, std::sync::Arc<str>)>,
}

/// What one unit is told about the rest of the run (`input.context`), and whether it should
/// collect such facts itself.
#[derive(Debug, Clone, Copy)]
pub struct UnitContext<'a> {
    pub known: &'a Json,
    pub collect: bool,
    /// Report `ailint-ignore` comments that silence nothing (`--report-unused-ignores`).
    pub report_unused_ignores: bool,
    /// How values are resolved (`--var-file`, `--strict-unknowns`).
    pub parse: &'a parse::ParseOptions,
    /// Return the text of the files with findings ([`UnitOutcome::sources`]).
    pub keep_sources: bool,
    /// Skip rules whose METADATA `resource_types` do not occur in the unit.
    pub skip_by_type: bool,
    /// The compiled policies (every rule, or those the run can need).
    pub engine: &'a regorus::Engine,
}

/// The resource types of a unit, lower-cased, as METADATA `resource_types` are matched.
pub fn unit_types<'a>(
    resources: impl Iterator<Item = &'a Resource>,
) -> std::collections::HashSet<String> {
    resources.map(|r| r.kind.to_ascii_lowercase()).collect()
}

/// Whether `rule` is evaluated on a unit of `format` whose resources have `types`: rules of its
/// format, less (when `skip_by_type`) those whose METADATA `resource_types` do not occur.
pub fn runs_on(
    rule: &RuleMeta,
    format: Format,
    types: &std::collections::HashSet<String>,
    skip_by_type: bool,
) -> bool {
    rule.applies_to(format.as_str()) && (!skip_by_type || rule.may_fire_on(types))
}

/// A resource of the unit together with the file it came from.
struct Located {
    file: usize,
    resource: Resource,
}

/// Evaluates `unit` with `rules` (already filtered by selection), `config` as `input.config` and
/// `context.known` as `input.context`.
pub fn check_unit(
    unit: &Unit,
    policies: &PolicySet,
    rules: &[ActiveRule],
    config: &Json,
    context: UnitContext<'_>,
) -> UnitOutcome {
    let mut out = UnitOutcome::default();
    let (read, unreadable) = unit.read();
    for (file, message) in unreadable.iter().filter(|(f, _)| f.reported) {
        out.parse_errors += 1;
        out.findings
            .push(unreadable_finding(&file.display, None, message));
    }
    let unit = &read;
    let mut parsed = parse::parse_unit(unit.format, &unit.files, context.parse);
    // Files a unit pulled in from elsewhere (local modules) become part of it for placing
    // findings and reading suppressions.
    let extended;
    let unit = if parsed.extra_files.is_empty() {
        unit
    } else {
        let mut files = unit.files.clone();
        files.extend(parsed.extra_files.iter().cloned());
        extended = Unit {
            files,
            ..unit.clone()
        };
        &extended
    };
    let line_indexes: Vec<LineIndex> = unit.files.iter().map(|f| LineIndex::new(&f.text)).collect();
    for (i, e) in parsed.errors {
        let file = &unit.files[i];
        out.parse_errors += usize::from(file.reported);
        if file.reported {
            let span = span_of(&line_indexes[i], &file.text, &e.range);
            out.findings.push(parse_error_finding(
                &file.display,
                span,
                e.range,
                &e.message,
            ));
        }
    }
    for u in parsed.unresolved {
        let file = &unit.files[u.file];
        if file.reported {
            let mut f =
                builtin_finding(UNRESOLVED, file, &line_indexes[u.file], u.range, u.message);
            f.severity = Severity::Info;
            out.findings.push(f);
        }
    }
    let module_calls = std::mem::take(&mut parsed.module_calls);
    let mut located: Vec<Located> = parsed
        .resources
        .into_iter()
        .map(|(file, resource)| Located { file, resource })
        .collect();
    make_ids_unique(&mut located);

    evaluate(
        unit,
        policies,
        rules,
        config,
        context,
        (&located, &module_calls),
        &line_indexes,
        &mut out,
    );
    apply_suppressions(
        unit,
        policies,
        rules,
        context,
        &located,
        &line_indexes,
        &mut out,
    );
    if context.keep_sources {
        for f in &out.findings {
            if out.sources.iter().any(|(name, _)| *name == f.file) {
                continue;
            }
            if let Some(file) = unit.files.iter().find(|s| s.display == f.file) {
                out.sources.push((f.file.clone(), file.text.clone()));
            }
        }
    }
    out
}

/// Runs the context query (when asked) and every rule that applies to the unit's format.
#[allow(clippy::too_many_arguments)]
fn evaluate(
    unit: &Unit,
    policies: &PolicySet,
    rules: &[ActiveRule],
    config: &Json,
    context: UnitContext<'_>,
    (located, module_calls): (&[Located], &[Json]),
    line_indexes: &[LineIndex],
    out: &mut UnitOutcome,
) {
    let types = unit_types(located.iter().map(|l| &l.resource));
    let applicable: Vec<&ActiveRule> = rules
        .iter()
        .filter(|r| runs_on(&r.meta, unit.format, &types, context.skip_by_type))
        .collect();
    let collect = context.collect && policies.has_context;
    if (applicable.is_empty() && !collect) || located.is_empty() {
        return;
    }

    let mut engine = context.engine.clone();
    engine.set_input(build_input(
        unit,
        located,
        module_calls,
        config,
        context.known,
    ));
    if collect {
        match engine.eval_rule(CONTEXT_QUERY.to_string()) {
            Ok(v) => match serde_json::to_value(&v) {
                Ok(Json::Array(items)) => out.context = items,
                Ok(_) => {}
                Err(e) => out.errors.push(format!("context of {}: {e}", unit.name)),
            },
            Err(e) => out.errors.push(format!("context of {}: {e}", unit.name)),
        }
    }
    let by_id: HashMap<&str, &Located> = located
        .iter()
        .map(|l| (l.resource.id.as_str(), l))
        .collect();
    let mut together = all_in_one_query(&mut engine, &applicable).map(Vec::into_iter);
    for rule in applicable {
        let evaluated = match together.as_mut().and_then(Iterator::next) {
            Some(v) => Ok(v),
            None => engine.eval_rule(format!("data.{}.deny", rule.meta.package)),
        };
        let results = match evaluated {
            Ok(v) => v,
            Err(e) => {
                out.errors.push(format!(
                    "rule {} failed on {}: {e}",
                    rule.meta.id, unit.name
                ));
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
            match place(&result, rule, unit, line_indexes, &by_id) {
                Ok(Some(f)) => out.findings.push(f),
                Ok(None) => {}
                Err(e) => out
                    .errors
                    .push(format!("rule {} on {}: {e}", rule.meta.id, unit.name)),
            }
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

/// Applies the unit's inline suppressions (comments, `ailint-ignore-file`, ARM `comments`) to its
/// findings, and reports refused directives (`AIL002`) and, when asked, unused ones (`AIL001`).
fn apply_suppressions(
    unit: &Unit,
    policies: &PolicySet,
    rules: &[ActiveRule],
    context: UnitContext<'_>,
    located: &[Located],
    line_indexes: &[LineIndex],
    out: &mut UnitOutcome,
) {
    let all = &policies.rules;
    // (file index, directive, kind, resource it is limited to)
    let mut directives: Vec<(usize, Directive, &'static str, Option<&str>)> = Vec::new();
    let mut extra = Vec::new();
    for (i, file) in unit.files.iter().enumerate().filter(|(_, f)| f.reported) {
        for scanned in suppress::scan(&file.text, unit.format, all) {
            match scanned {
                Scanned::Directive(d) => {
                    let kind = if d.whole_file { "file" } else { "inline" };
                    directives.push((i, d, kind, None));
                }
                Scanned::Invalid { range, message } => {
                    extra.push(builtin_finding(
                        INVALID_SUPPRESSION,
                        file,
                        &line_indexes[i],
                        range,
                        message,
                    ));
                }
            }
        }
    }
    // ARM has no comments in strict JSON: a resource's `comments` property carries the directive.
    // Only ARM's: a plan's values are the provider's attributes, not directives.
    let arm = unit.format == Format::Arm;
    for l in located
        .iter()
        .filter(|l| arm && unit.files[l.file].reported)
    {
        let Some(text) = l.resource.config.get("comments").and_then(Json::as_str) else {
            continue;
        };
        let range = l
            .resource
            .source
            .child(&PathSeg::Key("comments".into()))
            .map_or(l.resource.source.anchor.clone(), |n| n.full.clone());
        match suppress::parse_directive(text, all) {
            None => {}
            Some(Err(message)) => {
                let file = &unit.files[l.file];
                extra.push(builtin_finding(
                    INVALID_SUPPRESSION,
                    file,
                    &line_indexes[l.file],
                    range,
                    message,
                ));
            }
            Some(Ok((_, selectors, reason))) => {
                let d = Directive {
                    range,
                    target_line: 0,
                    whole_file: true,
                    selectors,
                    reason,
                };
                directives.push((l.file, d, "comments", Some(l.resource.id.as_str())));
            }
        }
    }
    let mut used = vec![false; directives.len()];
    for f in out.findings.iter_mut().filter(|f| f.resource.is_some()) {
        let hit = directives.iter().position(|(i, d, _, only)| {
            unit.files[*i].display == f.file
                && only.is_none_or(|id| f.resource.as_deref() == Some(id))
                && suppress::covers(d, f, all)
        });
        if let Some(k) = hit {
            used[k] = true;
            let (_, d, kind, _) = &directives[k];
            f.suppressed = Some(suppress::suppression(d, kind));
        }
    }
    if context.report_unused_ignores {
        for ((i, d, _, _), used) in directives.iter().zip(used) {
            // A directive for rules that did not run this time cannot be judged.
            let judged = rules
                .iter()
                .any(|r| suppress::selects(&d.selectors, &r.meta.id, all));
            if !used && judged {
                let message = format!(
                    "`ailint-ignore {}` silences no finding; remove it or move it above the resource or attribute it is for",
                    d.selectors.join(",")
                );
                let file = &unit.files[*i];
                extra.push(builtin_finding(
                    UNUSED_SUPPRESSION,
                    file,
                    &line_indexes[*i],
                    d.range.clone(),
                    message,
                ));
            }
        }
    }
    out.findings.extend(extra);
}

/// A finding of ailint itself (a refused or unused suppression) at `range` of `file`.
fn builtin_finding(
    b: crate::finding::Builtin,
    file: &crate::discover::SourceFile,
    index: &LineIndex,
    range: Range<usize>,
    message: String,
) -> Finding {
    Finding {
        rule_id: b.id.into(),
        slug: b.slug.into(),
        severity: Severity::Warning,
        message,
        file: file.display.clone(),
        span: span_of(index, &file.text, &range),
        byte_range: range,
        resource: None,
        path: Vec::new(),
        help: b.help.into(),
        url: crate::policy::builtin_url(b),
        resource_line: None,
        suppressed: None,
        sensitive: false,
    }
}

/// The rule that gathers what Kubernetes units learn from Terraform and ARM units.
const CONTEXT_QUERY: &str = "data.ailint.context.gpu_node_taints";

/// The input document policies see (see DESIGN.md), with resources also indexed by type.
fn build_input(
    unit: &Unit,
    located: &[Located],
    module_calls: &[Json],
    config: &Json,
    context: &Json,
) -> regorus::Value {
    let docs = located
        .iter()
        .map(|l| resource_doc(&l.resource, &unit.files[l.file].display))
        .collect();
    let mut input = input_document(unit.format, &unit.name, docs, config, context);
    if let Ok(fields) = input.as_object_mut() {
        fields.insert(
            regorus::Value::from("module_calls"),
            regorus::Value::from(Json::Array(module_calls.to_vec())),
        );
    }
    input
}

/// A resource as policies see it.
pub fn resource_doc(r: &Resource, file: &str) -> Json {
    json!({
        "id": r.id,
        "type": r.kind,
        "api_version": r.api_version,
        "name": r.name,
        "file": file,
        "config": r.config,
    })
}

/// The input document of a unit made of `docs` (see [`resource_doc`]), with the resources also
/// indexed by type.
pub fn input_document(
    format: Format,
    unit: &str,
    docs: Vec<Json>,
    config: &Json,
    context: &Json,
) -> regorus::Value {
    let mut by_type: Map<String, Json> = Map::new();
    for doc in &docs {
        let kind = doc["type"].as_str().unwrap_or_default().to_string();
        if let Json::Array(list) = by_type
            .entry(kind)
            .or_insert_with(|| Json::Array(Vec::new()))
        {
            list.push(doc.clone());
        }
    }
    regorus::Value::from(json!({
        "format": format.as_str(),
        "unit": unit,
        "config": config,
        "context": context,
        "resources": docs,
        "resources_by_type": by_type,
    }))
}

/// Evaluates every rule for `format` on `input` and returns the errors, for robustness tests:
/// a rule must never fail, whatever shape the input has.
pub fn rule_errors(policies: &PolicySet, format: Format, input: regorus::Value) -> Vec<String> {
    let mut engine = match policies.engine() {
        Ok(engine) => engine.clone(),
        Err(e) => return vec![e],
    };
    engine.set_input(input);
    let mut errors = Vec::new();
    for rule in policies
        .rules
        .iter()
        .filter(|r| r.applies_to(format.as_str()))
    {
        if let Err(e) = engine.eval_rule(format!("data.{}.deny", rule.package)) {
            errors.push(format!("{}: {e}", rule.id));
        }
    }
    if policies.has_context && format != Format::Kubernetes {
        if let Err(e) = engine.eval_rule(CONTEXT_QUERY.to_string()) {
            errors.push(format!("context: {e}"));
        }
    }
    errors
}

/// Suffixes repeated ids (`#2`, `#3`) so that every result names exactly one resource.
fn make_ids_unique(located: &mut [Located]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for l in located.iter_mut() {
        let n = seen.entry(l.resource.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            l.resource.id = format!("{}#{}", l.resource.id, n);
        }
    }
}

/// Turns one raw rule result into a located finding; `None` when its file is not reported.
fn place(
    result: &Json,
    rule: &ActiveRule,
    unit: &Unit,
    line_indexes: &[LineIndex],
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
    let located = by_id
        .get(resource_id)
        .ok_or_else(|| format!("result names unknown resource `{resource_id}`"))?;
    let path = to_path(&path_json)?;
    // The value at fault may have been written in another file (a module call's argument).
    let (elsewhere, range, _found) = located.resource.source.resolve_in(&path);
    let at = elsewhere
        .filter(|&i| i < unit.files.len())
        .unwrap_or(located.file);
    let file = &unit.files[at];
    if !file.reported {
        return Ok(None);
    }
    let span = span_of(&line_indexes[at], &file.text, &range);
    Ok(Some(Finding {
        rule_id: rule.meta.id.clone(),
        slug: rule.meta.slug.clone(),
        severity: rule.severity,
        message: message.to_string(),
        file: file.display.clone(),
        span,
        byte_range: range,
        resource: Some(located.resource.id.clone()),
        path: path_json,
        help: rule.meta.help_for(unit.format.as_str()),
        url: crate::policy::docs_url(&rule.meta),
        // The resource's own line, for suppressions above it, only in the resource's file.
        resource_line: (at == located.file).then(|| {
            line_indexes[at]
                .position(&file.text, located.resource.source.anchor.start)
                .line
        }),
        suppressed: None,
        sensitive: rule.meta.sensitive,
    }))
}

fn to_path(items: &[Json]) -> Result<Vec<PathSeg>, String> {
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

/// The 1-based span of a byte range; an empty range still covers one character when it can.
pub fn span_of(index: &LineIndex, text: &str, range: &Range<usize>) -> Span {
    let start = index.position(text, range.start);
    let end_offset = if range.end > range.start {
        range.end
    } else {
        text[range.start.min(text.len())..]
            .chars()
            .next()
            .filter(|c| *c != '\n' && *c != '\r')
            .map_or(range.start, |c| range.start + c.len_utf8())
    };
    let end = index.position(text, end_offset);
    Span {
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

/// The `AIL000` finding for a file that failed to parse.
/// `AIL000` for a file that cannot be read (or is not UTF-8), at `position` (1-based line and
/// column) when known: `message` says why, as it stands.
pub fn unreadable_finding(file: &str, position: Option<(usize, usize)>, message: &str) -> Finding {
    let (line, column) = position.unwrap_or((1, 1));
    let span = Span {
        line,
        column,
        end_line: line,
        end_column: column + 1,
    };
    let mut f = parse_error_finding(file, span, 0..0, message);
    f.message = message.to_string();
    f
}

pub fn parse_error_finding(file: &str, span: Span, range: Range<usize>, message: &str) -> Finding {
    Finding {
        rule_id: PARSE_ERROR_ID.into(),
        slug: PARSE_ERROR_SLUG.into(),
        severity: Severity::Error,
        message: format!("cannot parse file: {message}"),
        file: file.to_string(),
        span,
        byte_range: range,
        resource: None,
        path: Vec::new(),
        help: crate::finding::PARSE_ERROR.help.into(),
        url: crate::policy::parse_error_url(),
        resource_line: None,
        suppressed: None,
        sensitive: false,
    }
}
