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

/// A fix as a rule declared it.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    pub change: Change,
    pub safety: Safety,
    /// Where it applies, when not at the finding's own path.
    pub at: Option<Vec<PathSeg>>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// The value at the path becomes this: replaced when written, inserted (with the objects
    /// missing above it) when not.
    Set(Json),
    /// These keys are added to the object at the path, those it lacks.
    Insert(Map<String, Json>),
}

impl Spec {
    /// Reads a result's `fix`; `default` is the rule's METADATA `custom.fix`.
    pub fn parse(fix: &Json, default: Option<Safety>) -> Result<Spec, String> {
        let obj = fix
            .as_object()
            .ok_or_else(|| format!("`fix` is not an object: {fix}"))?;
        for key in obj.keys() {
            if !matches!(
                key.as_str(),
                "set" | "insert" | "safety" | "path" | "description"
            ) {
                return Err(format!(
                    "`fix` has an unknown key `{key}` (known: set, insert, safety, path, description)"
                ));
            }
        }
        let change = match (obj.get("set"), obj.get("insert")) {
            (Some(v), None) => Change::Set(v.clone()),
            (None, Some(Json::Object(keys))) if !keys.is_empty() => Change::Insert(keys.clone()),
            (None, Some(other)) => {
                return Err(format!("`fix.insert` is not a non-empty object: {other}"))
            }
            _ => return Err("`fix` needs exactly one of `set` and `insert`".into()),
        };
        let safety = match obj.get("safety") {
            Some(Json::String(s)) => s.parse::<Safety>()?,
            Some(other) => return Err(format!("`fix.safety` is not a string: {other}")),
            None => default.ok_or(
                "`fix` has no `safety` and the rule's METADATA has no `custom.fix` (safe or unsafe)",
            )?,
        };
        let at = match obj.get("path") {
            Some(Json::Array(p)) => Some(crate::engine::to_path(p)?),
            Some(other) => return Err(format!("`fix.path` is not an array: {other}")),
            None => None,
        };
        let description = match obj.get("description") {
            Some(Json::String(s)) => Some(s.clone()),
            Some(other) => return Err(format!("`fix.description` is not a string: {other}")),
            None => None,
        };
        Ok(Spec {
            change,
            safety,
            at,
            description,
        })
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
/// exactly in its source (or there is nothing to change).
pub fn plan(spec: &Spec, path: &[PathSeg], checked: &Checked, located: &Located) -> Option<Fix> {
    let path = spec.at.as_deref().unwrap_or(path);
    let walk = walk(&located.resource.source, located.file, path);
    // Only the unit's own files: the module loader reads local modules from disk, where rounds
    // of fixes would not see the edits, and one module serves several callers.
    if walk.file >= checked.own_files {
        return None;
    }
    let file = checked.files.get(walk.file)?;
    let syntax = syntax_of(file)?;
    let text: &str = &file.text;
    let index = checked.line_indexes.get(walk.file)?;
    let rest = &path[walk.depth..];
    let (edits, description) = match &spec.change {
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
        Change::Set(value) => {
            let keys: Vec<&str> = rest
                .iter()
                .map(|s| match s {
                    PathSeg::Key(k) => Some(k.as_str()),
                    PathSeg::Index(_) => None,
                })
                .collect::<Option<_>>()?;
            // An HCL block cannot be told from an object attribute by its value: only the last
            // key may be missing there.
            if syntax == Syntax::Hcl && keys.len() > 1 {
                return None;
            }
            let (first, nested) = keys.split_first()?;
            let value = nested.iter().rev().fold(value.clone(), |v, k| {
                Json::Object(Map::from_iter([(k.to_string(), v)]))
            });
            let mut entries = Map::new();
            entries.insert(first.to_string(), value);
            insert(text, walk.node, syntax, &entries)?
        }
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
    };
    let edits = edits
        .into_iter()
        .map(|(range, replacement)| Edit {
            file: file.display.clone(),
            start: point(index, text, range.start),
            end: point(index, text, range.end),
            range,
            replacement,
        })
        .collect();
    Some(Fix {
        safety: spec.safety,
        description: spec.description.clone().unwrap_or(description),
        edits,
    })
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
/// entries' indentation; `None` for an empty or one-line object (JSON excepted).
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
    }?;
    let line_start = text[..last.full.start]
        .rfind(['\n', '\r'])
        .map_or(0, |i| i + 1);
    let prefix = &text[line_start..last.full.start];
    let own_line = prefix.trim().is_empty()
        || (syntax == Syntax::Yaml && prefix.trim().chars().all(|c| c == '-' || c == ' '));
    let indent: String = prefix
        .chars()
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let end = last.full.end;
    let line_end = text[end..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| end + i);
    let tail = text[end..line_end].trim();
    let tail_is_comment = tail.is_empty() || tail.starts_with('#') || tail.starts_with("//");
    let newline = if text[line_end..].starts_with("\r\n")
        || (line_end == text.len() && text.contains("\r\n"))
    {
        "\r\n"
    } else if text[line_end..].starts_with('\r') {
        "\r"
    } else {
        "\n"
    };
    let step = indent_step(text, node, &indent);
    let describe = entries
        .iter()
        .map(|(k, v)| {
            format!(
                "`{}{}{}`",
                syntax.key(k),
                syntax.separator(),
                syntax.scalar(v, None)
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let description = format!("Add {describe}");
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
    let mut edits = Vec::new();
    let joined = if syntax.is_json() {
        edits.push((end..end, ",".to_string()));
        lines.join(&format!(",{newline}"))
    } else {
        lines.join(newline)
    };
    edits.push((line_end..line_end, format!("{newline}{joined}")));
    Some((edits, description))
}

/// One indentation step of the file around `node`: its entries' indentation less the object's
/// own line's (two spaces, or a tab, when that cannot be told).
fn indent_step(text: &str, node: &SrcNode, indent: &str) -> String {
    let start = node.anchor.start.min(text.len());
    let line_start = text[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
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
