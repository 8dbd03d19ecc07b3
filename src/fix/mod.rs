//! Fixes: a rule's result may carry `fix` (`{"set": v}` or `{"insert": {k: v}}`, see README
//! "Fixes in custom rules"); here it becomes text edits in the file's own syntax, placed with the
//! source map: a literal value replaced at its span, a missing key inserted as a line aligned
//! like its siblings. A fix that cannot be written exactly (an expression, a module's file, a
//! one-line block) is not offered. [`apply`] applies fixes to texts and checks they still parse.

pub mod apply;
pub mod rounds;
pub mod syntax;

use serde_json::{Map, Value as Json};

use crate::discover::{FileKind, SourceFile};
use crate::engine::Checked;
use crate::finding::{Edit, Fix, Safety};
use crate::input::Located;
use crate::parse::{Children, LineIndex, PathSeg, SrcNode};
use syntax::Syntax;

/// A fix as a rule declared it: one or more changes (`all`), made together or not at all.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    pub parts: Vec<Part>,
    pub safety: Safety,
    pub description: Option<String>,
}

/// One change of a fix, at its own path or the finding's.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub change: Change,
    /// Where it applies, when not at the finding's own path.
    pub at: Option<Vec<PathSeg>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// The value at the path becomes this: replaced when written, inserted (with the objects
    /// missing above it) when not.
    Set(Json),
    /// These keys are added to the object at the path, those it lacks.
    Insert(Map<String, Json>),
    /// This item is added at the end of the list at the path (YAML), which is created when
    /// missing.
    Append(Json),
}

const PART_KEYS: &str = "set, insert, append, path";

impl Spec {
    /// Reads a result's `fix`; `default` is the rule's METADATA `custom.fix`.
    pub fn parse(fix: &Json, default: Option<Safety>) -> Result<Spec, String> {
        let obj = fix
            .as_object()
            .ok_or_else(|| format!("`fix` is not an object: {fix}"))?;
        for key in obj.keys() {
            let known = matches!(
                key.as_str(),
                "set" | "insert" | "append" | "path" | "all" | "safety" | "description"
            );
            if !known {
                return Err(format!(
                    "`fix` has an unknown key `{key}` (known: {PART_KEYS}, all, safety, description)"
                ));
            }
        }
        let parts = match obj.get("all") {
            Some(Json::Array(items)) if !items.is_empty() => {
                if let Some(k) = ["set", "insert", "append", "path"]
                    .iter()
                    .find(|k| obj.contains_key(**k))
                {
                    return Err(format!("`fix` has both `all` and `{k}`"));
                }
                items
                    .iter()
                    .map(|item| {
                        let unknown = item.as_object().and_then(|o| {
                            o.keys().find(|k| {
                                !matches!(k.as_str(), "set" | "insert" | "append" | "path")
                            })
                        });
                        match unknown {
                            Some(k) => Err(format!(
                                "a part of `fix.all` has an unknown key `{k}` (known: {PART_KEYS})"
                            )),
                            None => Part::parse(item),
                        }
                    })
                    .collect::<Result<_, _>>()?
            }
            Some(other) => return Err(format!("`fix.all` is not a non-empty array: {other}")),
            None => vec![Part::parse(fix)?],
        };
        let safety = match obj.get("safety") {
            Some(Json::String(s)) => s.parse::<Safety>()?,
            Some(other) => return Err(format!("`fix.safety` is not a string: {other}")),
            None => default.ok_or(
                "`fix` has no `safety` and the rule's METADATA has no `custom.fix` (safe or unsafe)",
            )?,
        };
        let description = match obj.get("description") {
            Some(Json::String(s)) => Some(s.clone()),
            Some(other) => return Err(format!("`fix.description` is not a string: {other}")),
            None => None,
        };
        Ok(Spec {
            parts,
            safety,
            description,
        })
    }
}

impl Part {
    fn parse(part: &Json) -> Result<Part, String> {
        let obj = part
            .as_object()
            .ok_or_else(|| format!("a part of `fix.all` is not an object: {part}"))?;
        let given: Vec<&str> = ["set", "insert", "append"]
            .into_iter()
            .filter(|k| obj.contains_key(*k))
            .collect();
        let change = match (given.as_slice(), obj.get("insert")) {
            (["set"], _) => Change::Set(obj["set"].clone()),
            (["append"], _) => Change::Append(obj["append"].clone()),
            (["insert"], Some(Json::Object(keys))) if !keys.is_empty() => {
                Change::Insert(keys.clone())
            }
            (["insert"], Some(other)) => {
                return Err(format!("`fix.insert` is not a non-empty object: {other}"))
            }
            _ => return Err("`fix` needs exactly one of `set`, `insert` and `append`".into()),
        };
        let at = match obj.get("path") {
            Some(Json::Array(p)) => Some(crate::engine::to_path(p)?),
            Some(other) => return Err(format!("`fix.path` is not an array: {other}")),
            None => None,
        };
        Ok(Part { change, at })
    }
}

/// The syntax a fix is written in for `file`; `None` for files ailint does not edit (plans are
/// generated, parameter files hold values a template reads).
pub fn syntax_of(file: &SourceFile) -> Option<Syntax> {
    match file.kind {
        FileKind::Terraform if file.display.to_ascii_lowercase().ends_with(".json") => {
            Some(Syntax::TfJson)
        }
        FileKind::Terraform => Some(Syntax::Hcl),
        FileKind::ArmTemplate => Some(Syntax::ArmJson),
        FileKind::Kubernetes => Some(Syntax::Yaml),
        FileKind::Bicep => Some(Syntax::Bicep),
        _ => None,
    }
}

/// The edits that make `spec` true of `located` at `path`, or `None` when they cannot be written
/// exactly in its source (or there is nothing to change). Every part must be writable, in one
/// file, without overlapping another.
pub fn plan(spec: &Spec, path: &[PathSeg], checked: &Checked, located: &Located) -> Option<Fix> {
    let mut planned: Vec<(usize, Replacement)> = Vec::new();
    let mut descriptions = Vec::new();
    for part in &spec.parts {
        let (file, edits, description) =
            plan_part(part, part.at.as_deref().unwrap_or(path), checked, located)?;
        if planned.first().is_some_and(|(f, _)| *f != file) {
            return None;
        }
        planned.extend(edits.into_iter().map(|e| (file, e)));
        descriptions.push(description);
    }
    let planned = merge(planned)?;
    let file_index = planned.first()?.0;
    let file = checked.files.get(file_index)?;
    let index = checked.line_indexes.get(file_index)?;
    let text: &str = &file.text;
    let edits = planned
        .into_iter()
        .map(|(_, (range, replacement))| Edit {
            file: file.display.clone(),
            start: point(index, text, range.start),
            end: point(index, text, range.end),
            range,
            replacement,
        })
        .collect();
    Some(Fix {
        safety: spec.safety,
        description: spec
            .description
            .clone()
            .unwrap_or_else(|| descriptions.join("; ")),
        edits,
    })
}

/// The parts' edits in the order of the text; insertions at one point (an entry for a nested
/// object and one for its parent, both after the nested object's last line) become one, the
/// deeper first, as the scopes close. `None` when edits overlap otherwise, or JSON would need
/// its commas merged.
fn merge(mut planned: Vec<(usize, Replacement)>) -> Option<Vec<(usize, Replacement)>> {
    let depth = |text: &str| {
        text.trim_start_matches(['\r', '\n'])
            .chars()
            .take_while(|c| c.is_whitespace())
            .count()
    };
    planned.sort_by_key(|(_, (range, text))| (range.start, range.end, usize::MAX - depth(text)));
    let mut out: Vec<(usize, Replacement)> = Vec::new();
    for (file, (range, text)) in planned {
        match out.last_mut() {
            Some((_, (last, joined)))
                if last.start == last.end
                    && range.start == range.end
                    && last.start == range.start =>
            {
                if joined.starts_with(',') || text.starts_with(',') {
                    return None;
                }
                joined.push_str(&text);
            }
            Some((_, (last, _)))
                if range.start < last.end
                    || (range.start == last.start && last.start != last.end) =>
            {
                return None;
            }
            _ => out.push((file, (range, text))),
        }
    }
    Some(out)
}

/// One part's edits, in the file (by index in the unit) they go to, with what they do.
fn plan_part(
    part: &Part,
    path: &[PathSeg],
    checked: &Checked,
    located: &Located,
) -> Option<(usize, Vec<Replacement>, String)> {
    let walk = walk(&located.resource.source, located.file, path);
    // Only the unit's own files: the module loader reads local modules from disk, where rounds
    // of fixes would not see the edits, and one module serves several callers.
    if walk.file >= checked.own_files {
        return None;
    }
    let file = checked.files.get(walk.file)?;
    let syntax = syntax_of(file)?;
    let text: &str = &file.text;
    let rest = &path[walk.depth..];
    let (edits, description) = match &part.change {
        Change::Set(value) if rest.is_empty() => {
            let range = value_range(text, walk.node, syntax)?;
            let old = &text[range.clone()];
            if !syntax.is_literal(old) {
                return None;
            }
            let new = syntax.scalar(value, Some(old));
            if new == old.trim() {
                return None;
            }
            let key = match path.last() {
                Some(PathSeg::Key(k)) => format!("`{}{}{new}`", syntax.key(k), syntax.separator()),
                _ => format!("the value to `{new}`"),
            };
            (vec![(range, new)], format!("Set {key}"))
        }
        Change::Set(value) => insert_missing(text, walk.node, syntax, rest, value.clone())?,
        Change::Insert(keys) if rest.is_empty() => {
            let Children::Map(present) = &walk.node.children else {
                return None;
            };
            let missing: Map<String, Json> = keys
                .iter()
                .filter(|(k, _)| !present.iter().any(|(name, _)| name == *k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            if missing.is_empty() {
                return None;
            }
            insert(text, walk.node, syntax, &missing)?
        }
        Change::Insert(_) => return None,
        Change::Append(_) if syntax != Syntax::Yaml => return None,
        Change::Append(item) if rest.is_empty() => append(text, walk.node, item)?,
        Change::Append(item) => insert_missing(
            text,
            walk.node,
            syntax,
            rest,
            Json::Array(vec![item.clone()]),
        )?,
    };
    Some((walk.file, edits, description))
}

/// Edits that write `value` at the keys `rest` that `node` (the deepest object the path reaches)
/// lacks, creating the objects between.
fn insert_missing(
    text: &str,
    node: &SrcNode,
    syntax: Syntax,
    rest: &[PathSeg],
    value: Json,
) -> Option<(Vec<Replacement>, String)> {
    let keys: Vec<&str> = rest
        .iter()
        .map(|s| match s {
            PathSeg::Key(k) => Some(k.as_str()),
            PathSeg::Index(_) => None,
        })
        .collect::<Option<_>>()?;
    // An HCL block cannot be told from an object attribute by its value: only the last key may
    // be missing there.
    if syntax == Syntax::Hcl && keys.len() > 1 {
        return None;
    }
    let (first, nested) = keys.split_first()?;
    let value = nested.iter().rev().fold(value, |v, k| {
        Json::Object(Map::from_iter([(k.to_string(), v)]))
    });
    let mut entries = Map::new();
    entries.insert(first.to_string(), value);
    insert(text, node, syntax, &entries)
}

/// Edits that add `item` after the last item of the YAML block sequence `node`, at its dash.
fn append(text: &str, node: &SrcNode, item: &Json) -> Option<(Vec<Replacement>, String)> {
    let Children::List(items) = &node.children else {
        return None;
    };
    let last = items.iter().max_by_key(|i| i.full.end)?;
    let first_start = last.full.start.min(last.anchor.start);
    let line_start = line_start(text, first_start);
    let prefix = &text[line_start..first_start];
    let dash_at = prefix.find('-')?;
    let (before, after) = (&prefix[..dash_at], &prefix[dash_at + 1..]);
    if !before.trim().is_empty() || !after.trim().is_empty() {
        return None;
    }
    let end = last.full.end;
    let line_end = line_end(text, end);
    let tail = text[end..line_end].trim();
    if !(tail.is_empty() || tail.starts_with('#')) {
        return None;
    }
    let newline = newline_at(text, line_end);
    let rendered = Syntax::Yaml.item(item, before, "  ", newline);
    let description = format!("Append `{}`", Syntax::Yaml.scalar(item, None));
    Some((
        vec![(line_end..line_end, format!("{newline}{rendered}"))],
        description,
    ))
}

fn point(index: &LineIndex, text: &str, offset: usize) -> (usize, usize) {
    let p = index.position(text, offset);
    (p.line, p.column)
}

/// How far a path reaches in a resource's source.
struct Walk<'n> {
    node: &'n SrcNode,
    file: usize,
    depth: usize,
}

fn walk<'n>(root: &'n SrcNode, file: usize, path: &[PathSeg]) -> Walk<'n> {
    let mut at = Walk {
        node: root,
        file,
        depth: 0,
    };
    follow(&mut at);
    for seg in path {
        match at.node.child(seg) {
            Some(next) => {
                at.node = next;
                at.depth += 1;
                follow(&mut at);
            }
            None => break,
        }
    }
    at
}

fn follow(at: &mut Walk<'_>) {
    while let Children::Elsewhere(f, inner) = &at.node.children {
        at.file = *f;
        at.node = inner;
    }
}

/// The range of a scalar's value: after its key and separator, without surrounding blanks.
fn value_range(text: &str, node: &SrcNode, syntax: Syntax) -> Option<std::ops::Range<usize>> {
    if !matches!(node.children, Children::Leaf) {
        return None;
    }
    let full = node.full.clone();
    let element = text.get(full.clone())?;
    let start = if node.anchor == node.full || node.anchor.end <= full.start {
        full.start
    } else {
        let after_key = text.get(node.anchor.end..full.end)?;
        let trimmed = after_key.trim_start();
        let sep = match syntax {
            Syntax::Hcl => '=',
            _ => ':',
        };
        let value = trimmed.strip_prefix(sep)?;
        full.end - value.trim_start().len()
    };
    let end = full.start + element.trim_end().len();
    (start < end).then_some(start..end)
}

/// A byte range of a file's text and what replaces it.
type Replacement = (std::ops::Range<usize>, String);

/// Edits that add `entries` to the object `node` after its last entry, one line each at its
/// entries' indentation (an empty object is filled instead); `None` for a one-line object (JSON
/// excepted).
fn insert(
    text: &str,
    node: &SrcNode,
    syntax: Syntax,
    entries: &Map<String, Json>,
) -> Option<(Vec<Replacement>, String)> {
    let Children::Map(children) = &node.children else {
        return None;
    };
    let last_of = |leaves_only: bool| {
        children
            .iter()
            .filter(|(_, c)| !leaves_only || matches!(c.children, Children::Leaf))
            .map(|(_, c)| c)
            .filter(|c| c.full.start < c.full.end && c.full.end <= text.len())
            .max_by_key(|c| c.full.end)
    };
    // HCL puts attributes before nested blocks.
    let last = match syntax {
        Syntax::Hcl => last_of(true).or_else(|| last_of(false)),
        _ => last_of(false),
    };
    let Some(last) = last else {
        return insert_into_empty(text, node, syntax, entries);
    };
    let line_start = line_start(text, last.full.start);
    let prefix = &text[line_start..last.full.start];
    let own_line = prefix.trim().is_empty()
        || (syntax == Syntax::Yaml && prefix.trim().chars().all(|c| c == '-' || c == ' '));
    let indent: String = prefix
        .chars()
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let end = last.full.end;
    let line_end = line_end(text, end);
    let tail = text[end..line_end].trim();
    let tail_is_comment = tail.is_empty() || tail.starts_with('#') || tail.starts_with("//");
    let newline = newline_at(text, line_end);
    let step = indent_step(text, node, &indent);
    let description = added(syntax, entries);
    if !own_line || !tail_is_comment {
        // A one-line JSON object takes `, "key": value` after its last entry; other syntaxes
        // have no one-line form worth guessing at (an HCL one-line block holds one attribute).
        if !syntax.is_json() || tail.starts_with("//") || tail.starts_with('#') {
            return None;
        }
        let added: Vec<String> = entries
            .iter()
            .map(|(k, v)| format!("{}: {}", syntax.key(k), syntax.scalar(v, None)))
            .collect();
        return Some((
            vec![(end..end, format!(", {}", added.join(", ")))],
            description,
        ));
    }
    let aligned = hcl_key_width(text, last, syntax);
    let lines: Vec<String> = entries
        .iter()
        .map(|(k, v)| match aligned {
            Some(width) if !v.is_object() && k.len() < width => format!(
                "{indent}{:width$}{}{}",
                syntax.key(k),
                syntax.separator(),
                syntax.scalar(v, None)
            ),
            _ => syntax.entry(k, v, &indent, &step, newline),
        })
        .collect();
    let edits = if syntax.is_json() {
        // The comma right after the value, before any comment that ends its line.
        let joined = lines.join(&format!(",{newline}"));
        if line_end == end {
            vec![(end..end, format!(",{newline}{joined}"))]
        } else {
            vec![
                (end..end, ",".to_string()),
                (line_end..line_end, format!("{newline}{joined}")),
            ]
        }
    } else {
        vec![(
            line_end..line_end,
            format!("{newline}{}", lines.join(newline)),
        )]
    };
    Some((edits, description))
}

/// Edits that fill the empty object `node` (`{}`, `{ }`, an empty HCL block) with `entries`, one
/// line each, one indentation step in from the line that opens it (in YAML the flow `{}` becomes
/// a block mapping under its key).
fn insert_into_empty(
    text: &str,
    node: &SrcNode,
    syntax: Syntax,
    entries: &Map<String, Json>,
) -> Option<(Vec<Replacement>, String)> {
    let after_key = node.anchor.end.max(node.full.start);
    let open = after_key + text.get(after_key..node.full.end)?.find('{')?;
    let body = text.get(open + 1..node.full.end)?;
    let close = open + 1 + body.find('}')?;
    if !text[open + 1..close].trim().is_empty() || text[close + 1..node.full.end].trim() != "" {
        return None;
    }
    let line_start = line_start(text, open);
    let newline = newline_at(text, line_end(text, open));
    let tabs = text[line_start..open].starts_with('\t');
    let step = if tabs { "\t" } else { "  " };
    let (indent, inner): (String, String) = if syntax == Syntax::Yaml {
        // Under the key: its column, whatever precedes it on the line (`- `).
        let key_start = node.anchor.start.clamp(line_start, open);
        let at: String = text[line_start..key_start]
            .chars()
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        (at.clone(), format!("{at}{step}"))
    } else {
        let own: String = text[line_start..open]
            .chars()
            .take_while(|c| c.is_whitespace())
            .collect();
        (own.clone(), format!("{own}{step}"))
    };
    let lines: Vec<String> = entries
        .iter()
        .map(|(k, v)| syntax.entry(k, v, &inner, step, newline))
        .collect();
    let separator = if syntax.is_json() {
        format!(",{newline}")
    } else {
        newline.to_string()
    };
    let replacement = match syntax {
        Syntax::Yaml => format!("{newline}{}", lines.join(&separator)),
        _ => format!("{{{newline}{}{newline}{indent}}}", lines.join(&separator)),
    };
    // YAML: the `{}` and the blank before it go; the key's `:` stays.
    let start = match syntax {
        Syntax::Yaml => text[..open].trim_end_matches([' ', '\t']).len(),
        _ => open,
    };
    Some((
        vec![(start..close + 1, replacement)],
        added(syntax, entries),
    ))
}

/// "Add `key = value`, ..." for entries inserted in `syntax`.
fn added(syntax: Syntax, entries: &Map<String, Json>) -> String {
    let each: Vec<String> = entries
        .iter()
        .map(|(k, v)| {
            format!(
                "`{}{}{}`",
                syntax.key(k),
                syntax.separator(),
                syntax.scalar(v, None)
            )
        })
        .collect();
    format!("Add {}", each.join(", "))
}

/// Where the line holding byte `at` starts.
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

/// Where the line holding byte `at` ends (before its line break).
fn line_end(text: &str, at: usize) -> usize {
    text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i)
}

/// The line break that ends at `line_end` (a line without one, the last, takes the file's).
fn newline_at(text: &str, line_end: usize) -> &'static str {
    let rest = &text[line_end..];
    if rest.starts_with("\r\n") || (rest.is_empty() && text.contains("\r\n")) {
        "\r\n"
    } else if rest.starts_with('\r') {
        "\r"
    } else {
        "\n"
    }
}

/// One indentation step of the file around `node`: its entries' indentation less the object's
/// own line's (two spaces, or a tab, when that cannot be told).
fn indent_step(text: &str, node: &SrcNode, indent: &str) -> String {
    let start = node.anchor.start.min(text.len());
    let line_start = line_start(text, start);
    let own: String = text[line_start..start]
        .chars()
        .take_while(|c| c.is_whitespace())
        .collect();
    match indent.strip_prefix(own.as_str()) {
        Some(step) if !step.is_empty() && step.trim().is_empty() => step.to_string(),
        _ if indent.starts_with('\t') => "\t".into(),
        _ => "  ".into(),
    }
}

/// In HCL, the width `terraform fmt` pads keys to in the run of one-line attributes that `last`
/// ends (`min_count   = 0` → 11), so that an added line lines up with it.
fn hcl_key_width(text: &str, last: &SrcNode, syntax: Syntax) -> Option<usize> {
    if syntax != Syntax::Hcl || !matches!(last.children, Children::Leaf) {
        return None;
    }
    let element = text.get(last.full.clone())?;
    if element.contains(['\n', '\r']) {
        return None;
    }
    let eq = element.find('=')?;
    let key = &element[..eq];
    key.ends_with(' ')
        .then(|| key.trim_end().len().max(key.len() - 1))
}

#[cfg(test)]
mod tests;
