//! Bicep lowered to the ARM resource shape: each `.bicep` file (with the local modules it calls and
//! the values of a `.bicepparam` that names it) becomes the resources an ARM template of the same
//! deployment has, with source nodes in the Bicep text. Values go through the ARM evaluator.

mod scope;
pub mod translate;
mod values;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Map, Value};

use super::syntax::{
    self as ast, Body, ExprKind, ForBody, ObjectExpr, ObjectMember, StatementKind,
};
use crate::discover::{FileKind, SourceFile};
use crate::parse::arm::eval::{Ctx, Supplied};
use crate::parse::paths::{lexical, lexical_display};
use crate::parse::values::unknown;
use crate::parse::{Children, ParseError, ParseOptions, ParsedUnit, Resource, SrcNode, Unresolved};
use scope::{param_file_values, property, template_scope, Symbols};
use translate::{arm, quote, Env, ResourceSymbol};
use values::{known_length, loop_env, property_node, range, unknown_loop_env, Values};

/// Deepest chain of local modules that is followed (a module calling itself stops here too).
const MAX_NESTING: usize = 8;

/// Most resources one unit may lower to (loops over modules over loops multiply).
const MAX_RESOURCES: usize = 20_000;

/// Parses one `.bicep` file on its own: parameter defaults, local modules not read.
pub fn parse(text: &str) -> Result<Vec<Resource>, ParseError> {
    let file = parse_checked(text)?;
    let mut loader = Loader::new(0, false);
    let template = Template {
        file: &file,
        index: 0,
        path: PathBuf::new(),
        display: String::new(),
    };
    loader.template(&template, &Supplied::default(), "", &mut Vec::new());
    Ok(loader.out.resources.into_iter().map(|(_, r)| r).collect())
}

/// The syntax tree of a `.bicep` text, or its first syntax error.
fn parse_checked(text: &str) -> Result<ast::File, ParseError> {
    let (file, errors) = super::parse_bicep(text);
    match errors.into_iter().next() {
        Some(e) => Err(ParseError::new(
            format!("Bicep syntax error: {}", e.message),
            range(e.span),
        )),
        None => Ok(file),
    }
}

/// Parses a Bicep unit: its template evaluated once per `.bicepparam` file that names it (or once
/// with its defaults when none does), the local modules it calls joining the unit. Resources that
/// come out the same from several evaluations are kept once.
pub fn parse_unit(files: &[SourceFile], options: &ParseOptions) -> ParsedUnit {
    parse_unit_counting(files, options, &mut Stats::default())
}

fn parse_unit_counting(
    files: &[SourceFile],
    options: &ParseOptions,
    stats: &mut Stats,
) -> ParsedUnit {
    let mut loader = Loader::new(files.len(), true);
    loader.strict = options.strict_unknowns;
    let Some((index, main)) = files
        .iter()
        .enumerate()
        .find(|(_, f)| f.kind == FileKind::Bicep)
    else {
        return loader.out;
    };
    let file = match parse_checked(&main.text) {
        Ok(file) => file,
        Err(e) => {
            loader.out.errors.push((index, e));
            return loader.out;
        }
    };
    let mut evaluations = Vec::new();
    for (i, f) in files.iter().enumerate() {
        if f.kind != FileKind::BicepParams {
            continue;
        }
        let label = f.display.rsplit('/').next().unwrap_or_default().to_string();
        let (params, errors) = super::parse_bicepparam(&f.text);
        match errors.into_iter().next() {
            Some(e) => {
                loader.out.errors.push((
                    i,
                    ParseError::new(format!("Bicep syntax error: {}", e.message), range(e.span)),
                ));
                let supplied = Supplied {
                    all_unknown: true,
                    ..Supplied::default()
                };
                evaluations.push((label, supplied));
            }
            None => evaluations.push((label, param_file_values(&params))),
        }
    }
    if evaluations.is_empty() {
        evaluations.push((String::new(), Supplied::default()));
    }
    let template = Template {
        file: &file,
        index,
        path: main.path.clone(),
        display: main.display.clone(),
    };
    let mut runs = Vec::new();
    for (label, supplied) in &evaluations {
        let start = loader.out.resources.len();
        loader.template(&template, supplied, "", &mut Vec::new());
        runs.push((label.as_str(), start..loader.out.resources.len()));
    }
    if runs.len() > 1 {
        loader.merge_evaluations(&runs);
    }
    loader.out.errors.sort_by_key(|(i, _)| *i);
    *stats = loader.stats;
    loader.out
}

/// The template a `.bicepparam` file names with `using`, as a display path relative to the
/// working directory (`None` for `using none`, a registry template or no `using`).
pub fn using_target(params_display: &str, text: &str) -> Option<String> {
    let (file, _) = super::parse_bicepparam(text);
    file.statements.iter().find_map(|s| match &s.kind {
        StatementKind::Using {
            target: Some(t), ..
        } => {
            let target = t.as_plain()?;
            is_local(&target).then(|| join_display(params_display, &target))
        }
        _ => None,
    })
}

/// The local `.bicep` files a `.bicep` file calls as modules, as display paths.
pub fn local_modules(display: &str, text: &str) -> Vec<String> {
    if !text.contains("module") {
        return Vec::new();
    }
    let (file, _) = super::parse_bicep(text);
    file.statements
        .iter()
        .filter_map(|s| match &s.kind {
            StatementKind::Module(m) => m.path.as_plain(),
            _ => None,
        })
        .filter(|p| is_local(p))
        .map(|p| join_display(display, &p))
        .collect()
}

/// A module or `using` path that names a file (not `br:`, `br/public:`, `ts:`).
fn is_local(path: &str) -> bool {
    !(path.starts_with("br:")
        || path.starts_with("br/")
        || path.starts_with("ts:")
        || path.contains("://"))
}

/// `path` (relative to the file `display`) as a display path.
fn join_display(display: &str, path: &str) -> String {
    match display.rsplit_once('/') {
        Some((dir, _)) => lexical_display(&format!("{dir}/{path}")),
        None => lexical_display(path),
    }
}

/// One `.bicep` file being lowered.
struct Template<'a> {
    file: &'a ast::File,
    /// Its index among the unit's files (then its extra files).
    index: usize,
    path: PathBuf,
    display: String,
}

/// A local module file read for the unit.
struct ModuleFile {
    index: usize,
    template: ModuleTemplate,
}

/// What a local module file holds.
#[derive(Clone)]
enum ModuleTemplate {
    Bicep(Arc<ast::File>),
    /// A module may be an ARM template (`module m './x.json'`).
    Arm(Arc<str>),
    /// It does not parse (the error is on the file).
    Broken,
}

/// Lowers templates and the modules they call, collecting resources and extra files.
pub struct Loader {
    out: ParsedUnit,
    /// Index of the first extra file (the unit's own files come first).
    base: usize,
    /// Whether local module files are read from disk.
    read_modules: bool,
    modules: HashMap<PathBuf, ModuleFile>,
    /// Report modules that are not read (`--strict-unknowns`).
    strict: bool,
    stats: Stats,
}

/// What became of the `resource` and `module` declarations a lowering visited (a declaration
/// inside a loop, a module or a parent is visited once per instance of what holds it).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub declarations: usize,
    /// Gave one or more resources.
    pub lowered: usize,
    /// `existing` references: known to exist, not deployed here.
    pub existing: usize,
    /// Under an `if` known to be false.
    pub condition_false: usize,
    /// A `for` over a known empty list (or every item filtered out).
    pub empty_loop: usize,
    /// None of the above: a body that is not an object (invalid Bicep).
    pub not_lowered: usize,
}

impl Stats {
    fn count(&mut self, body: &Body, instances: usize, existing: bool) {
        self.declarations += 1;
        match (instances, body) {
            (0, Body::If(_)) => self.condition_false += 1,
            (0, Body::For(_)) => self.empty_loop += 1,
            (0, _) => self.not_lowered += 1,
            _ if existing => self.existing += 1,
            _ => self.lowered += 1,
        }
    }
}

/// Lowers the `.bicep` file at `path` as a unit of its own (with its local modules) and says
/// what became of its declarations: the corpus harness's measure.
pub fn lower_with_stats(path: &Path, text: &str) -> (ParsedUnit, Stats) {
    let file = SourceFile {
        display: path.to_string_lossy().replace('\\', "/"),
        path: path.to_path_buf(),
        kind: FileKind::Bicep,
        text: Arc::from(text),
        reported: true,
    };
    let mut stats = Stats::default();
    let out = parse_unit_counting(
        std::slice::from_ref(&file),
        &ParseOptions::default(),
        &mut stats,
    );
    (out, stats)
}

/// A resource whose children are being lowered: what they inherit.
#[derive(Clone)]
struct Parent {
    id: String,
    kind: String,
    /// ARM text of each segment of its full name.
    segments: Vec<String>,
}

impl Loader {
    fn new(base: usize, read_modules: bool) -> Self {
        Loader {
            out: ParsedUnit::default(),
            base,
            read_modules,
            modules: HashMap::new(),
            strict: false,
            stats: Stats::default(),
        }
    }

    /// Lowers one template in its own scope: `supplied` are the values of its parameters, `prefix`
    /// is put before the ids of its resources (a module's resources are `module/resource`).
    fn template(
        &mut self,
        t: &Template,
        supplied: &Supplied,
        prefix: &str,
        stack: &mut Vec<PathBuf>,
    ) {
        let symbols = Symbols::of(t.file, prefix);
        let scope = template_scope(t.file, &symbols.env);
        let scope = scope.build(supplied);
        let ctx = Ctx::new(&scope);
        let values = Values::new(&ctx);
        let lowering = Lowering {
            t,
            env: &symbols.env,
            values: &values,
            prefix,
        };
        for st in &t.file.statements {
            match &st.kind {
                StatementKind::Resource(decl) => lowering.resource(self, decl, None, &symbols.env),
                StatementKind::Module(decl) => lowering.module(self, decl, stack),
                _ => {}
            }
        }
    }

    /// Merges the resources of several evaluations (one per `.bicepparam`, each `runs` entry its
    /// file name and its resources): a resource that comes out the same in all of them is kept
    /// once; one whose values differ is kept per evaluation, its id naming the parameters file
    /// (`pool (prod.bicepparam)`) so that a message says which values it is about.
    fn merge_evaluations(&mut self, runs: &[(&str, std::ops::Range<usize>)]) {
        let mut configs: HashMap<(usize, String), HashSet<String>> = HashMap::new();
        for (file, r) in &self.out.resources {
            configs
                .entry((*file, r.id.clone()))
                .or_default()
                .insert(r.config.to_string());
        }
        let mut seen = HashSet::new();
        let mut kept = Vec::new();
        let resources = std::mem::take(&mut self.out.resources);
        for (i, (file, mut r)) in resources.into_iter().enumerate() {
            let key = (file, r.id.clone());
            let varies = configs.get(&key).is_some_and(|c| c.len() > 1);
            if !seen.insert((file, r.id.clone(), r.config.to_string())) {
                continue;
            }
            if varies {
                if let Some((label, _)) = runs.iter().find(|(_, range)| range.contains(&i)) {
                    r.id = format!("{} ({label})", r.id);
                }
            }
            kept.push((file, r));
        }
        self.out.resources = kept;
    }

    fn push(&mut self, file: usize, r: Resource) {
        if self.out.resources.len() < MAX_RESOURCES {
            self.out.resources.push((file, r));
        }
    }

    /// The module file at `path` (display `display`), read and parsed once per unit; `None` when
    /// there is no such file (the module is then unknown). A module that does not parse is an
    /// error on its file.
    fn module_file(&mut self, path: &Path, display: &str) -> Option<(usize, ModuleTemplate)> {
        if let Some(m) = self.modules.get(path) {
            return Some((m.index, m.template.clone()));
        }
        let text = std::fs::read_to_string(path).ok()?;
        let index = self.base + self.out.extra_files.len();
        let arm = display.to_ascii_lowercase().ends_with(".json");
        let parsed = if arm {
            crate::parse::arm::parse(&text).map(|_| ModuleTemplate::Arm(Arc::from(text.as_str())))
        } else {
            parse_checked(&text).map(|f| ModuleTemplate::Bicep(Arc::new(f)))
        };
        let template = parsed.unwrap_or_else(|e| {
            self.out.errors.push((index, e));
            ModuleTemplate::Broken
        });
        self.out.extra_files.push(SourceFile {
            display: display.to_string(),
            path: path.to_path_buf(),
            kind: if arm {
                FileKind::ArmTemplate
            } else {
                FileKind::Bicep
            },
            text: Arc::from(text),
            reported: true,
        });
        self.modules.insert(
            path.to_path_buf(),
            ModuleFile {
                index,
                template: template.clone(),
            },
        );
        Some((index, template))
    }
}

/// Lowering the declarations of one template in its scope.
struct Lowering<'a, 'c, 's> {
    t: &'a Template<'a>,
    env: &'a Env,
    values: &'a Values<'c, 's>,
    prefix: &'a str,
}

/// The object a resource or module body declares, and the condition it is under.
struct Instance<'e> {
    obj: &'e ObjectExpr,
    condition: Option<(Value, ast::Span)>,
    env: Env,
    /// The item's index in a loop over a known collection, which names the instance as Bicep
    /// does (`pools[1]`).
    index: Option<usize>,
}

impl Instance<'_> {
    /// `base`, or `base[i]` for an item of a loop.
    fn id(&self, base: String) -> String {
        match self.index {
            Some(i) => format!("{base}[{i}]"),
            None => base,
        }
    }
}

impl Lowering<'_, '_, '_> {
    /// The instances of a body: one, none (a false condition), or one per loop item.
    fn instances<'e>(&self, body: &'e Body, env: &Env) -> Vec<Instance<'e>> {
        let conditional = |cond: &'e ast::IfBody, env: &Env| -> Option<Instance<'e>> {
            let ExprKind::Object(obj) = &cond.body.kind else {
                return None;
            };
            let v = self.values.scalar(&cond.condition, env);
            if matches!(v, Value::Bool(false)) {
                return None;
            }
            let condition = (!matches!(v, Value::Bool(true))).then_some((v, cond.span));
            Some(Instance {
                obj,
                condition,
                env: env.clone(),
                index: None,
            })
        };
        match body {
            Body::Object(obj) => vec![Instance {
                obj,
                condition: None,
                env: env.clone(),
                index: None,
            }],
            Body::If(cond) => conditional(cond, env).into_iter().collect(),
            Body::For(f) => {
                let iter = arm(&f.iterable, env);
                let list = self.values.eval_text(&iter);
                let envs: Vec<(Option<usize>, Env)> = match known_length(&list) {
                    Some(n) => (0..n)
                        .take_while(|_| self.values.take_budget())
                        .map(|i| (Some(i), loop_env(env, f, &iter, i)))
                        .collect(),
                    None => vec![(None, unknown_loop_env(env, f, &iter))],
                };
                envs.iter()
                    .filter_map(|(index, inner)| match &f.body {
                        ForBody::Expr(e) => match &e.kind {
                            ExprKind::Object(obj) => Some(Instance {
                                obj,
                                condition: None,
                                env: inner.clone(),
                                index: *index,
                            }),
                            _ => None,
                        },
                        ForBody::If(cond) => conditional(cond, inner).map(|mut inst| {
                            inst.index = *index;
                            inst
                        }),
                    })
                    .collect()
            }
            Body::Other(_) => Vec::new(),
        }
    }

    /// Adds the resources of one `resource` declaration (each instance, then its nested children).
    fn resource(
        &self,
        loader: &mut Loader,
        decl: &ast::ResourceDecl,
        parent: Option<&Parent>,
        env: &Env,
    ) {
        let type_text = decl.type_string.as_plain().unwrap_or_default();
        let (own_type, api_version) = match type_text.split_once('@') {
            Some((t, v)) => (t.to_string(), Some(v.to_string())),
            None => (type_text.clone(), None),
        };
        let instances = self.instances(&decl.body, env);
        loader
            .stats
            .count(&decl.body, instances.len(), decl.existing);
        for inst in instances {
            let parent_here = match parent {
                Some(p) => Some(p.clone()),
                None => self.parent_property(inst.obj, &inst.env),
            };
            // A child declared inside its parent (or with `parent:`) may give its type relative to
            // the parent's: `'deployments@2023-05-01'`.
            let relative = !own_type.split('/').next().unwrap_or_default().contains('.');
            let kind = match &parent_here {
                Some(p) if relative => format!("{}/{own_type}", p.kind),
                _ => own_type.clone(),
            };
            let own_name = property(inst.obj, "name").map(|e| arm(e, &inst.env));
            let mut segments = parent_here
                .as_ref()
                .map(|p| p.segments.clone())
                .unwrap_or_default();
            segments.push(own_name.clone().unwrap_or_else(|| quote("")));
            let id = inst.id(match parent {
                Some(p) => format!("{}::{}", p.id, decl.name.name),
                None => format!("{}{}", self.prefix, decl.name.name),
            });
            if !decl.existing {
                let r = self.build(decl, &inst, &kind, api_version.clone(), &segments, &id);
                loader.push(self.t.index, r);
            }
            let me = Parent {
                id: id.clone(),
                kind: kind.clone(),
                segments,
            };
            for m in &inst.obj.members {
                if let ObjectMember::Resource(child) = m {
                    if let StatementKind::Resource(child_decl) = &child.kind {
                        self.resource(loader, child_decl, Some(&me), &inst.env);
                    }
                }
            }
        }
    }

    /// The resource named by a `parent:` property.
    fn parent_property(&self, obj: &ObjectExpr, env: &Env) -> Option<Parent> {
        let value = property(obj, "parent")?;
        let r: ResourceSymbol = translate::resource_of(value, env)?;
        Some(Parent {
            id: r.id,
            kind: r.kind,
            segments: r.name_segments,
        })
    }

    /// One resource: its config is the body (without `parent` and nested resources) plus `type`,
    /// `apiVersion`, the full `name` and any unknown `condition`.
    fn build(
        &self,
        decl: &ast::ResourceDecl,
        inst: &Instance,
        kind: &str,
        api_version: Option<String>,
        segments: &[String],
        id: &str,
    ) -> Resource {
        let type_node = SrcNode::leaf(range(decl.type_string.span));
        let mut config = Map::new();
        let mut entries: Vec<(String, SrcNode)> = Vec::new();
        config.insert("type".into(), Value::String(kind.to_string()));
        entries.push(("type".into(), type_node.clone()));
        if let Some(v) = &api_version {
            config.insert("apiVersion".into(), Value::String(v.clone()));
            entries.push(("apiVersion".into(), type_node));
        }
        let (body, body_entries) = self.values.object(inst.obj, &inst.env);
        let body_known = body.is_some();
        for (key, v) in body.unwrap_or_default() {
            if key == "parent" {
                continue;
            }
            config.insert(key, v);
        }
        for (key, node) in body_entries {
            if key != "parent" {
                entries.push((key, node));
            }
        }
        if !body_known && !config.contains_key("properties") {
            config.insert(
                "properties".into(),
                unknown("(spread of an unknown object)", []),
            );
        }
        // The full name, `parent/child` for children.
        let seg_values: Vec<Value> = segments.iter().map(|s| self.values.eval_text(s)).collect();
        let full_name = if seg_values.iter().all(Value::is_string) {
            Value::String(
                seg_values
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join("/"),
            )
        } else if segments.len() == 1 {
            seg_values[0].clone()
        } else {
            let pattern: Vec<String> = (0..segments.len()).map(|i| format!("{{{i}}}")).collect();
            self.values.eval_text(&format!(
                "format({}, {})",
                quote(&pattern.join("/")),
                segments.join(", ")
            ))
        };
        let name_text = segments
            .iter()
            .zip(&seg_values)
            .map(|(text, v)| match v {
                Value::String(s) => s.clone(),
                _ => format!("[{}]", text.trim()),
            })
            .collect::<Vec<_>>()
            .join("/");
        config.insert("name".into(), full_name);
        if let Some((v, span)) = &inst.condition {
            config.insert("condition".into(), v.clone());
            entries.push(("condition".into(), SrcNode::leaf(range(*span))));
        }
        Resource {
            id: id.to_string(),
            kind: kind.to_string(),
            api_version,
            name: name_text,
            config: Value::Object(config),
            source: SrcNode {
                anchor: range(decl.header_span),
                full: range(inst.obj.span).start.min(decl.header_span.start)..inst.obj.span.end,
                children: Children::Map(entries),
            },
        }
    }

    /// Adds a module call: the deployment ARM would have for it and, for a local module that can
    /// be read, the resources of its file evaluated with the parameters passed.
    fn module(&self, loader: &mut Loader, decl: &ast::ModuleDecl, stack: &mut Vec<PathBuf>) {
        let path = decl.path.as_plain();
        let instances = self.instances(&decl.body, self.env);
        loader.stats.count(&decl.body, instances.len(), false);
        for inst in instances {
            let params_expr = property(inst.obj, "params");
            let (params, params_children) =
                match params_expr.map(|e| self.values.value(e, &inst.env)) {
                    Some((Value::Object(map), Children::Map(entries))) => (Some(map), entries),
                    Some((v, _)) if crate::parse::values::is_unknown(&v) => (None, Vec::new()),
                    _ => (Some(Map::new()), Vec::new()),
                };
            let id = inst.id(format!("{}{}", self.prefix, decl.name.name));
            let name = match property(inst.obj, "name") {
                Some(e) => self.values.scalar(e, &inst.env),
                None => Value::String(decl.name.name.clone()),
            };
            let local = path
                .as_deref()
                .filter(|p| is_local(p) && loader.read_modules);
            let read = local.and_then(|p| {
                let file_path = lexical(&self.t.path.parent().unwrap_or(Path::new("")).join(p));
                let display = join_display(&self.t.display, p);
                if stack.contains(&file_path) || stack.len() >= MAX_NESTING {
                    return None;
                }
                match loader.module_file(&file_path, &display)? {
                    (_, ModuleTemplate::Broken) => None,
                    (index, template) => Some((index, template, file_path, display)),
                }
            });
            let deployment = self.deployment(
                decl,
                &inst,
                &id,
                name,
                params.as_ref(),
                params_children,
                read.is_none(),
                path.as_deref(),
            );
            loader.push(self.t.index, deployment);
            match read {
                Some((index, ModuleTemplate::Arm(text), _, _)) => {
                    let supplied = module_parameters(params.as_ref());
                    let resources = crate::parse::arm::parse_template(&text, &supplied).unwrap_or_default();
                    for mut r in resources {
                        r.id = format!("{id}/{}", r.id);
                        loader.push(index, r);
                    }
                }
                Some((index, ModuleTemplate::Bicep(file), file_path, display)) => {
                    let supplied = module_parameters(params.as_ref());
                    let template = Template {
                        file: &file,
                        index,
                        path: file_path.clone(),
                        display,
                    };
                    stack.push(file_path);
                    loader.template(&template, &supplied, &format!("{id}/"), stack);
                    stack.pop();
                }
                Some((_, ModuleTemplate::Broken, _, _)) => {}
                None if loader.strict => loader.out.unresolved.push(Unresolved {
                    file: self.t.index,
                    range: range(decl.header_span),
                    message: match path.as_deref() {
                        Some(p) if is_local(p) => format!(
                            "module `{}`: `{p}` cannot be read, so its resources are not checked",
                            decl.name.name
                        ),
                        Some(p) => format!(
                            "module `{}` comes from `{p}`, which ailint does not fetch: its resources are not checked",
                            decl.name.name
                        ),
                        None => format!(
                            "module `{}` has an interpolated path: its resources are not checked",
                            decl.name.name
                        ),
                    },
                }),
                None => {}
            }
        }
    }

    /// The `Microsoft.Resources/deployments` resource of a module call, with its parameters as
    /// `properties.parameters.<name>.value` and, when its template is not read, an unknown
    /// `properties.templateLink`.
    #[allow(clippy::too_many_arguments)]
    fn deployment(
        &self,
        decl: &ast::ModuleDecl,
        inst: &Instance,
        id: &str,
        name: Value,
        params: Option<&Map<String, Value>>,
        params_children: Vec<(String, SrcNode)>,
        unread: bool,
        path: Option<&str>,
    ) -> Resource {
        let params_prop = params_property(inst.obj);
        let mut parameters = Map::new();
        let mut param_entries = Vec::new();
        for (k, v) in params.into_iter().flatten() {
            let mut wrapped = Map::new();
            wrapped.insert("value".into(), v.clone());
            parameters.insert(k.clone(), Value::Object(wrapped));
        }
        for (k, node) in params_children {
            let wrapped = SrcNode {
                anchor: node.anchor.clone(),
                full: node.full.clone(),
                children: Children::Map(vec![("value".into(), node)]),
            };
            param_entries.push((k, wrapped));
        }
        let mut properties = Map::new();
        properties.insert(
            "parameters".into(),
            match params {
                Some(_) => Value::Object(parameters),
                None => unknown("params", []),
            },
        );
        if unread {
            properties.insert(
                "templateLink".into(),
                unknown(path.unwrap_or("(module path)"), []),
            );
        }
        let mut config = Map::new();
        config.insert("type".into(), "Microsoft.Resources/deployments".into());
        config.insert("name".into(), name.clone());
        config.insert("properties".into(), Value::Object(properties));
        let params_node = match params_prop {
            Some(p) => SrcNode {
                anchor: range(p.key.span),
                full: range(p.span),
                children: Children::Map(param_entries),
            },
            None => SrcNode::leaf(range(decl.header_span)),
        };
        let properties_node = SrcNode {
            anchor: params_node.anchor.clone(),
            full: params_node.full.clone(),
            children: Children::Map(vec![("parameters".into(), params_node)]),
        };
        let mut entries = vec![("type".into(), SrcNode::leaf(range(decl.path.span)))];
        if let Some(p) = name_prop(inst.obj) {
            entries.push(("name".into(), property_node(p, Children::Leaf)));
        }
        entries.push(("properties".into(), properties_node));
        Resource {
            id: id.to_string(),
            kind: "Microsoft.Resources/deployments".into(),
            api_version: None,
            name: match &name {
                Value::String(s) => s.clone(),
                _ => decl.name.name.clone(),
            },
            config: Value::Object(config),
            source: SrcNode {
                anchor: range(decl.header_span),
                full: decl.header_span.start..inst.obj.span.end,
                children: Children::Map(entries),
            },
        }
    }
}

fn name_prop(obj: &ObjectExpr) -> Option<&ast::Property> {
    obj.members.iter().find_map(|m| match m {
        ObjectMember::Property(p) if p.key.name().as_deref() == Some("name") => Some(p),
        _ => None,
    })
}

fn params_property(obj: &ObjectExpr) -> Option<&ast::Property> {
    obj.members.iter().find_map(|m| match m {
        ObjectMember::Property(p) if p.key.name().as_deref() == Some("params") => Some(p),
        _ => None,
    })
}

/// The values a module call passes, as its template's parameters (all unknown when the `params`
/// object itself is).
fn module_parameters(params: Option<&Map<String, Value>>) -> Supplied {
    match params {
        Some(map) => Supplied {
            values: map
                .iter()
                .map(|(k, v)| (k.to_lowercase(), v.clone()))
                .collect(),
            all_unknown: false,
        },
        None => Supplied {
            all_unknown: true,
            ..Supplied::default()
        },
    }
}

#[cfg(test)]
mod tests;
