//! A Terraform directory evaluated as one module: variables from defaults, `terraform.tfvars`,
//! `*.auto.tfvars` and `--var-file`s, locals across files, and local module calls evaluated with the
//! caller's arguments (their resources get `module.NAME.` addresses). Remote modules are not fetched.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body, Structure};
use serde_json::Value;

use super::eval::{Bound, Env, Scope};
use super::{
    block_header, blocks, convert_body, parse_body, repetition, resource_instances, Cx, Repetition,
};
use crate::discover::{FileKind, SourceFile};
use crate::parse::paths::{lexical, lexical_display};
use crate::parse::values::unknown;
use crate::parse::{
    without_bom, Children, ParseError, ParseOptions, ParsedUnit, Unresolved, VarDefault,
};

/// Deepest chain of module calls followed (Terraform has no limit; real trees are shallow).
const MAX_MODULE_DEPTH: usize = 8;

/// One parsed `.tf` file of a module: its index among the unit's files, its text and its body.
struct TfFile {
    index: usize,
    src: String,
    body: Body,
}

/// A `.tf.json` file of a module, parsed when its module is evaluated.
struct JsonFile {
    index: usize,
    text: Arc<str>,
}

/// Parses a Terraform unit: its `.tf` files as the root module, with its variable files.
pub fn parse_unit(files: &[SourceFile], options: &ParseOptions) -> ParsedUnit {
    let mut loader = Loader {
        out: ParsedUnit::default(),
        base: files.len(),
        loaded: HashMap::new(),
    };
    let mut root = Vec::new();
    let mut root_json = Vec::new();
    let mut var_files = Vec::new();
    for (index, file) in files.iter().enumerate() {
        match file.kind {
            FileKind::Terraform if is_tf_json(&file.display) => root_json.push(JsonFile {
                index,
                text: file.text.clone(),
            }),
            FileKind::Terraform => match parse_tf(&file.text) {
                Ok((src, body)) => root.push(TfFile { index, src, body }),
                Err(e) => loader.out.errors.push((index, e)),
            },
            FileKind::TerraformVars => var_files.push(index),
            _ => {}
        }
    }
    // Terraform's order: terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars(.json)
    // in lexical order; `-var-file`s after them.
    var_files.sort_by_key(|&i| {
        let name = file_name(&files[i].display).to_ascii_lowercase();
        (!name.starts_with("terraform.tfvars"), name)
    });
    let mut values: HashMap<String, Value> = HashMap::new();
    for i in var_files {
        loader.read_vars(i, &files[i].text, &files[i].display, &mut values);
    }
    for path in &options.var_files {
        let display = path.to_string_lossy().replace('\\', "/");
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let index = loader.add_extra(path.clone(), display.clone(), text.clone(), true);
                loader.read_vars(index, &text, &display, &mut values);
            }
            Err(e) => {
                let index = loader.add_extra(path.clone(), display, String::new(), true);
                loader.out.errors.push((
                    index,
                    ParseError::new(format!("cannot read file: {e}"), 0..0),
                ));
            }
        }
    }
    let inputs = values
        .into_iter()
        .map(|(k, value)| {
            let bound = Bound {
                value,
                origin: None,
            };
            (k, bound)
        })
        .collect();
    let dir = unit_dir(files);
    let mut stack = Vec::new();
    let root = Module {
        files: root,
        json: root_json,
    };
    loader.module(&root, inputs, "", &dir, &mut stack, options);
    super::azapi::apply_updates(&mut loader.out.resources);
    loader.out
}

fn is_tf_json(display: &str) -> bool {
    display.to_ascii_lowercase().ends_with(".tf.json")
}

/// The files of one module directory.
struct Module {
    files: Vec<TfFile>,
    json: Vec<JsonFile>,
}

/// Reads modules and variable files, collecting resources, errors and the extra files read.
struct Loader {
    out: ParsedUnit,
    /// Index of the first extra file (the unit's own files come first).
    base: usize,
    /// Module directories already read: their parsed files (shared by every call).
    loaded: HashMap<PathBuf, Arc<Module>>,
}

impl Loader {
    fn add_extra(&mut self, path: PathBuf, display: String, text: String, reported: bool) -> usize {
        self.out.extra_files.push(SourceFile {
            display,
            path,
            kind: FileKind::Terraform,
            text: Arc::from(text),
            reported,
        });
        self.base + self.out.extra_files.len() - 1
    }

    /// Adds the values of one variable file (HCL or JSON) to `values`; later files win.
    fn read_vars(
        &mut self,
        index: usize,
        text: &str,
        display: &str,
        values: &mut HashMap<String, Value>,
    ) {
        if display.to_ascii_lowercase().ends_with(".json") {
            match serde_json::from_str::<Value>(without_bom(text).trim_start()) {
                Ok(Value::Object(map)) => values.extend(map),
                Ok(_) => self.out.errors.push((
                    index,
                    ParseError::new("a variables file in JSON must be an object", 0..0),
                )),
                Err(e) => {
                    let offset = crate::parse::LineIndex::new(text).offset_of(
                        text,
                        e.line().saturating_sub(1),
                        e.column().saturating_sub(1),
                    );
                    self.out.errors.push((
                        index,
                        ParseError::new(format!("JSON syntax error: {e}"), offset..offset),
                    ));
                }
            }
            return;
        }
        match parse_tf(text) {
            Ok((src, body)) => {
                let scope = Scope::empty();
                let env = Env::new(&scope);
                for structure in body.iter() {
                    if let Structure::Attribute(attr) = structure {
                        values.insert(attr.key.as_str().to_string(), env.value(&src, &attr.value));
                    }
                }
            }
            Err(e) => self.out.errors.push((index, e)),
        }
    }

    /// Evaluates one module: `files` with `inputs` for its variables; its resources get `prefix`.
    fn module(
        &mut self,
        module: &Module,
        inputs: HashMap<String, Bound>,
        prefix: &str,
        dir: &ModuleDir,
        stack: &mut Vec<PathBuf>,
        options: &ParseOptions,
    ) -> serde_json::Map<String, Value> {
        let files = &module.files;
        let empty = Scope::empty();
        let defaults_env = Env::new(&empty);
        let mut vars: HashMap<String, Bound> = HashMap::new();
        let module_files: Vec<usize> = files.iter().map(|f| f.index).collect();
        for file in files {
            for block in blocks(&file.body, "variable") {
                let Some(name) = block.labels.first().map(|l| l.as_str().to_string()) else {
                    continue;
                };
                let value = match block.body.get_attribute("default") {
                    Some(attr) => {
                        let default = VarDefault {
                            module_files: module_files.clone(),
                            name: name.clone(),
                            file: file.index,
                            range: super::span_or(attr, 0..0),
                        };
                        if !inputs.contains_key(&name) && !self.out.var_defaults.contains(&default)
                        {
                            self.out.var_defaults.push(default);
                        }
                        defaults_env.value(&file.src, &attr.value)
                    }
                    None => unknown(&format!("var.{name}"), [format!("var.{name}")]),
                };
                vars.insert(
                    name,
                    Bound {
                        value,
                        origin: None,
                    },
                );
            }
        }
        // Values given for undeclared variables are ignored, as Terraform does (with a warning).
        for (name, bound) in inputs {
            if let Some(slot) = vars.get_mut(&name) {
                let converted = convert_to_type(files, &name, bound.value);
                *slot = Bound {
                    value: converted,
                    origin: bound.origin,
                };
            }
        }
        let mut scope = Scope::new(vars);
        scope.prefix = prefix.to_string();
        for file in files {
            for block in blocks(&file.body, "locals") {
                for structure in block.body.iter() {
                    if let Structure::Attribute(attr) = structure {
                        scope.add_local(attr.key.as_str().to_string(), &file.src, &attr.value);
                    }
                }
            }
        }
        let env = Env::new(&scope);
        // Module calls first, so that resources can use their outputs (in file order: a call may
        // use the outputs of an earlier one).
        if stack.len() < MAX_MODULE_DEPTH {
            for file in files {
                let cx = Cx {
                    src: &file.src,
                    env: &env,
                };
                for block in blocks(&file.body, "module") {
                    if let Some((name, outputs)) =
                        self.call(&cx, file.index, block, prefix, dir, stack, options)
                    {
                        scope.set_module(name, outputs);
                    }
                }
            }
        }
        for file in files {
            let cx = Cx {
                src: &file.src,
                env: &env,
            };
            for block in blocks(&file.body, "resource") {
                match resource_instances(&cx, block, prefix) {
                    Ok(resources) => self
                        .out
                        .resources
                        .extend(resources.into_iter().map(|r| (file.index, r))),
                    Err(e) => self.out.errors.push((file.index, e)),
                }
            }
        }
        for file in &module.json {
            match super::tf_json::resources(&file.text, &env, prefix) {
                Ok(resources) => self
                    .out
                    .resources
                    .extend(resources.into_iter().map(|r| (file.index, r))),
                Err(e) => self.out.errors.push((file.index, e)),
            }
        }
        // Outputs, for the module that called this one.
        let mut outputs = serde_json::Map::new();
        for file in files {
            for block in blocks(&file.body, "output") {
                let (Some(name), Some(attr)) =
                    (block.labels.first(), block.body.get_attribute("value"))
                else {
                    continue;
                };
                outputs.insert(name.as_str().to_string(), env.value(&file.src, &attr.value));
            }
        }
        outputs
    }

    /// One `module "NAME" { source = ... }` call: evaluates the module once per instance and
    /// returns its name with its outputs (an object; a list or map of them with count/for_each).
    #[allow(clippy::too_many_arguments)]
    fn call(
        &mut self,
        cx: &Cx,
        file: usize,
        block: &Block,
        prefix: &str,
        dir: &ModuleDir,
        stack: &mut Vec<PathBuf>,
        options: &ParseOptions,
    ) -> Option<(String, Value)> {
        let name = block.labels.first().map(|l| l.as_str().to_string())?;
        let source = match block.body.get_attribute("source").map(|a| &a.value) {
            Some(Expression::String(s)) => s.value().clone(),
            _ => return None,
        };
        let local = source.starts_with("./") || source.starts_with("../");
        let child = dir.join(&source);
        let files = if local { self.load(&child) } else { None };
        // Policies see every call with its arguments: a module ailint could not read may create
        // what a rule looks for (a private endpoint, a diagnostic setting) for a resource given to it.
        let (mut arguments, _) = convert_body(cx, &block.body);
        if let Value::Object(map) = &mut arguments {
            map.retain(|k, _| !META_ARGUMENTS.contains(&k.as_str()));
        }
        self.out.module_calls.push(serde_json::json!({
            "address": format!("{prefix}module.{name}"),
            "source": source,
            "read": files.is_some(),
            "arguments": arguments,
        }));
        let Some(files) = files else {
            if options.strict_unknowns {
                let message = if local {
                    format!("module `{name}`: no Terraform files in `{}`", child.display)
                } else {
                    format!(
                        "module `{name}` comes from `{source}`, which ailint does not fetch: its resources are not checked"
                    )
                };
                self.out.unresolved.push(Unresolved {
                    file,
                    range: block_header(block),
                    message,
                });
            }
            return None;
        };
        if stack.contains(&child.path) {
            return None;
        }
        // (instance key: none, an index or a for_each key; address prefix; environment)
        let instances: Vec<(Option<Value>, String, Env)> = match repetition(cx, &block.body) {
            Repetition::Single => vec![(None, format!("{prefix}module.{name}."), cx.env.clone())],
            Repetition::Count(n) => (0..n)
                .map(|i| {
                    let env = cx.env.with("count", serde_json::json!({ "index": i }));
                    (
                        Some(Value::from(i)),
                        format!("{prefix}module.{name}[{i}]."),
                        env,
                    )
                })
                .collect(),
            Repetition::Each(items) => items
                .into_iter()
                .map(|(key, value)| {
                    let env = cx
                        .env
                        .with("each", serde_json::json!({ "key": key, "value": value }));
                    let address = format!("{prefix}module.{name}[{}].", Value::String(key.clone()));
                    (Some(Value::String(key)), address, env)
                })
                .collect(),
        };
        stack.push(child.path.clone());
        let mut single = None;
        let mut by_index = Vec::new();
        let mut by_key = serde_json::Map::new();
        for (key, child_prefix, env) in instances {
            let call_cx = Cx {
                src: cx.src,
                env: &env,
            };
            let (args, children) = convert_body(&call_cx, &block.body);
            let nodes = match children {
                Children::Map(nodes) => nodes,
                _ => Vec::new(),
            };
            let mut inputs = HashMap::new();
            if let Value::Object(args) = args {
                for (key, node) in nodes {
                    if META_ARGUMENTS.contains(&key.as_str()) {
                        continue;
                    }
                    if let Some(value) = args.get(&key) {
                        inputs.insert(
                            key,
                            Bound {
                                value: value.clone(),
                                origin: Some((file, node)),
                            },
                        );
                    }
                }
            }
            let outputs =
                Value::Object(self.module(&files, inputs, &child_prefix, &child, stack, options));
            match key {
                None => single = Some(outputs),
                Some(Value::String(k)) => {
                    by_key.insert(k, outputs);
                }
                Some(_) => by_index.push(outputs),
            }
        }
        stack.pop();
        let outputs = match single {
            Some(outputs) => outputs,
            None if !by_key.is_empty() => Value::Object(by_key),
            None => Value::Array(by_index),
        };
        Some((name, outputs))
    }

    /// The parsed `.tf` files of a module directory, read once; `None` when it has none.
    fn load(&mut self, dir: &ModuleDir) -> Option<Arc<Module>> {
        if let Some(files) = self.loaded.get(&dir.path) {
            return Some(files.clone());
        }
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir.path)
            .ok()?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "tf"))
            .collect();
        paths.sort();
        if paths.is_empty() {
            return None;
        }
        let mut files = Vec::new();
        let mut json = Vec::new();
        for path in paths {
            let display = format!("{}/{}", dir.display, file_name(&path.to_string_lossy()));
            let text = match std::fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) => {
                    let index = self.add_extra(path, display, String::new(), false);
                    self.out.errors.push((
                        index,
                        ParseError::new(format!("cannot read file: {e}"), 0..0),
                    ));
                    continue;
                }
            };
            let json_file = is_tf_json(&display);
            let index = self.add_extra(path, display, text.clone(), true);
            if json_file {
                json.push(JsonFile {
                    index,
                    text: Arc::from(text),
                });
                continue;
            }
            match parse_tf(&text) {
                Ok((src, body)) => files.push(TfFile { index, src, body }),
                Err(e) => self.out.errors.push((index, e)),
            }
        }
        let files = Arc::new(Module { files, json });
        self.loaded.insert(dir.path.clone(), files.clone());
        Some(files)
    }
}

/// Module block arguments that are not input variables.
const META_ARGUMENTS: &[&str] = &[
    "source",
    "version",
    "count",
    "for_each",
    "providers",
    "depends_on",
];

/// Applies a variable's primitive `type` to a value given as a string (`"0"` for `number`), as
/// Terraform converts tfvars and module arguments.
fn convert_to_type(files: &[TfFile], name: &str, value: Value) -> Value {
    let Value::String(s) = &value else {
        return value;
    };
    let declared = files.iter().find_map(|f| {
        blocks(&f.body, "variable")
            .find(|b| b.labels.first().is_some_and(|l| l.as_str() == name))
            .and_then(|b| b.body.get_attribute("type"))
            .and_then(|a| match &a.value {
                Expression::Variable(v) => Some(v.as_str().to_string()),
                _ => None,
            })
    });
    match declared.as_deref() {
        Some("number") => s
            .trim()
            .parse::<f64>()
            .ok()
            .map(super::value::float)
            .unwrap_or(value),
        Some("bool") if s == "true" || s == "false" => Value::Bool(s == "true"),
        _ => value,
    }
}

fn parse_tf(text: &str) -> Result<(String, Body), ParseError> {
    let src = without_bom(text).into_owned();
    let body = parse_body(&src)?;
    Ok((src, body))
}

fn file_name(display: &str) -> &str {
    display.rsplit('/').next().unwrap_or(display)
}

/// A module directory: where to read it and how to show its files.
#[derive(Debug, Clone)]
struct ModuleDir {
    path: PathBuf,
    display: String,
}

impl ModuleDir {
    /// The directory `source` (relative, `./x` or `../x`) names from this one.
    fn join(&self, source: &str) -> ModuleDir {
        ModuleDir {
            path: lexical(&self.path.join(source)),
            display: lexical_display(&format!("{}/{}", self.display, source)),
        }
    }
}

/// The directory of a unit's files.
fn unit_dir(files: &[SourceFile]) -> ModuleDir {
    let first = files
        .iter()
        .find(|f| f.kind == FileKind::Terraform)
        .or(files.first());
    let path = first
        .and_then(|f| f.path.parent())
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let display = first
        .and_then(|f| f.display.rsplit_once('/').map(|(d, _)| d.to_string()))
        .unwrap_or_else(|| ".".to_string());
    ModuleDir {
        path: if path.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            path
        },
        display,
    }
}

/// The directories (as displayed, relative to the working directory) that the `.tf` files of a
/// unit call as local modules. Those directories are not root modules: they are checked through
/// their callers, with the values the callers pass.
pub fn called_module_dirs(files: &[SourceFile]) -> Vec<String> {
    let dir = unit_dir(files);
    let mut out = Vec::new();
    for file in files.iter().filter(|f| f.kind == FileKind::Terraform) {
        if is_tf_json(&file.display) {
            continue;
        }
        // Called before the units run, when texts are not loaded yet.
        let Ok(text) = std::fs::read_to_string(&file.path) else {
            continue;
        };
        if !text.contains("module") {
            continue;
        }
        let Ok((_, body)) = parse_tf(&text) else {
            continue;
        };
        for block in blocks(&body, "module") {
            if let Some(Expression::String(s)) =
                block.body.get_attribute("source").map(|a| &a.value)
            {
                if s.starts_with("./") || s.starts_with("../") {
                    out.push(dir.join(s).display);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_paths_are_normalized() {
        let dir = ModuleDir {
            path: PathBuf::from("infra/prod"),
            display: "infra/prod".into(),
        };
        let child = dir.join("../modules/gpu");
        assert_eq!(child.path, PathBuf::from("infra/modules/gpu"));
        assert_eq!(child.display, "infra/modules/gpu");
        assert_eq!(lexical_display("./a/../../b"), "../b");
    }
}
