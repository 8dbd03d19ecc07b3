//! Kubernetes manifest parser: turns each document of a YAML stream (and each item of a `v1 List`)
//! that has `apiVersion` and `kind` into a [`Resource`] whose `config` is the document as JSON, with
//! aliases and merge keys resolved, and a source map of byte ranges from saphyr's markers.

use std::collections::HashSet;

use saphyr::{LoadableYamlNode, MarkedYaml, Marker, Scalar, ScanError, YamlData};
use serde_json::{Map, Number, Value};

use super::{ByteRange, Children, MapEntries, ParseError, Resource, SrcNode};

/// Deepest nesting of collections accepted.
const MAX_DEPTH: usize = 256;

/// Stack for the thread that runs saphyr. Its loader clones and drops alias targets recursively,
/// and within its alias budget a chain of anchors can still build a tree some 10,000 levels deep
/// before our own depth check sees it; that needs well over the 2 MiB of a default thread.
const PARSER_STACK: usize = 64 << 20;

/// Kinds that are not namespaced: their id has no namespace part.
const CLUSTER_SCOPED: &[&str] = &[
    "Namespace",
    "Node",
    "PersistentVolume",
    "StorageClass",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "PriorityClass",
    "RuntimeClass",
    "IngressClass",
    "ValidatingWebhookConfiguration",
    "MutatingWebhookConfiguration",
    "ClusterIssuer",
    "ClusterPolicy",
];

/// Whether resources of `kind` live outside namespaces.
pub fn is_cluster_scoped(kind: &str) -> bool {
    CLUSTER_SCOPED.contains(&kind)
}

/// Parse a YAML stream into its Kubernetes resources, in document order.
pub fn parse(text: &str) -> Result<Vec<Resource>, ParseError> {
    check_block_depth(text)?;
    on_big_stack(|| parse_documents(text))
}

/// Runs `f` on a thread with [`PARSER_STACK`] of stack. A panic in the YAML library becomes a
/// parse error of this file instead of taking the whole run down.
fn on_big_stack<T: Send>(
    f: impl FnOnce() -> Result<T, ParseError> + Send,
) -> Result<T, ParseError> {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("ailint-yaml".into())
            .stack_size(PARSER_STACK)
            .spawn_scoped(scope, f)
            .map_err(|e| ParseError::new(format!("cannot start the YAML parser: {e}"), 0..0))?;
        handle.join().unwrap_or_else(|_| {
            Err(ParseError::new(
                "the YAML parser failed on this input",
                0..0,
            ))
        })
    })
}

/// How many under-indented quoted scalars one file may have re-indented (each costs a parse).
const MAX_QUOTED_REPAIRS: usize = 64;

fn parse_documents(text: &str) -> Result<Vec<Resource>, ParseError> {
    let mut padded: Option<(String, Vec<Insertion>)> = None;
    let docs = loop {
        let (source, insertions) = match &padded {
            Some((t, ins)) => (t.as_str(), ins.as_slice()),
            None => (text, &[][..]),
        };
        let offsets = CharOffsets::new(source, insertions.to_vec());
        match MarkedYaml::load_from_str(source) {
            Ok(docs) => break (docs, offsets),
            Err(e) => {
                let repaired = (e.info() == QUOTED_INDENT_ERROR
                    && insertions.len() < MAX_QUOTED_REPAIRS)
                    .then(|| reindent_quoted(source, offsets.padded_byte(e.marker().index())))
                    .flatten();
                match repaired {
                    Some((t, added)) => {
                        let mut ins = insertions.to_vec();
                        ins.extend(added.into_iter().map(|(at, count)| Insertion {
                            original: original_byte(insertions, at),
                            count,
                        }));
                        ins.sort_by_key(|i| i.original);
                        padded = Some((t, ins));
                    }
                    None => return Err(scan_error(text, &offsets, &e)),
                }
            }
        }
    };
    let (docs, offsets) = docs;
    let conv = Converter { text, offsets };
    let mut out = Vec::new();
    for doc in &docs {
        conv.document(doc, &mut out)?;
    }
    Ok(out)
}

/// A [`ParseError`] from saphyr's error: its message without location (its `Display` appends one,
/// which the report renders itself) at the character of its marker.
fn scan_error(text: &str, offsets: &CharOffsets, err: &ScanError) -> ParseError {
    let start = offsets.byte(err.marker().index());
    let end = match text.get(start..).and_then(|s| s.chars().next()) {
        Some(c) if c != '\n' && c != '\r' => start + c.len_utf8(),
        _ => start,
    };
    // saphyr's scanner caps flow nesting itself; say so in the same words as our own cap.
    let message = match err.info() {
        "recursion limit exceeded" => format!("nesting deeper than {MAX_DEPTH} levels"),
        info => format!("YAML syntax error: {info}"),
    };
    ParseError::new(message, start..end)
}

/// saphyr's message for a quoted scalar whose continuation line is indented less than the block it
/// sits in. YAML 1.2 forbids it, but libyaml and the Go parser Kubernetes uses accept it (a common
/// shape of `command:` items), and the scalar's value does not depend on that indentation.
const QUOTED_INDENT_ERROR: &str = "invalid indentation in quoted scalar";

/// Spaces added to the text before parsing it again: `count` of them before byte `original` of
/// the user's text.
#[derive(Debug, Clone, Copy)]
struct Insertion {
    original: usize,
    count: usize,
}

/// The byte of the user's text at byte `padded` of the text holding `insertions` (a byte inside
/// inserted spaces maps to where they were inserted).
fn original_byte(insertions: &[Insertion], padded: usize) -> usize {
    let mut shift = 0;
    for i in insertions {
        let start = i.original + shift;
        if padded < start {
            break;
        }
        if padded < start + i.count {
            return i.original;
        }
        shift += i.count;
    }
    padded - shift
}

/// The text with the continuation lines of the quoted scalar at byte `start` indented to the
/// scalar's own column (flow scalars fold lines and drop leading white space, so the value stays
/// the same), with the spaces added as (byte of `text`, count); `None` when nothing needs it.
fn reindent_quoted(text: &str, start: usize) -> Option<(String, Vec<(usize, usize)>)> {
    let line_start = text.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..start].chars().count();
    let end = start + quoted_len(text.get(start..)?)?;
    let mut out = String::with_capacity(text.len() + 64);
    let mut added = Vec::new();
    let mut last = 0;
    for (i, _) in text[start..end].match_indices('\n') {
        let next = start + i + 1;
        let indent = text[next..].bytes().take_while(|&b| b == b' ').count();
        if indent < column {
            out.push_str(&text[last..next]);
            out.push_str(&" ".repeat(column - indent));
            added.push((next, column - indent));
            last = next;
        }
    }
    if added.is_empty() {
        return None;
    }
    out.push_str(&text[last..]);
    Some((out, added))
}

/// Turns saphyr's character indexes into byte offsets. saphyr's markers count characters from the
/// start of the input (a BOM included, every `\r` included), which is exact where line and column
/// are not: saphyr's first-line columns skip a BOM, and it breaks lines at a lone `\r` too.
struct CharOffsets {
    /// For each multi-byte character: its character index and the extra bytes up to its end.
    marks: Vec<(usize, usize)>,
    len: usize,
    /// Spaces the parsed text has that the user's has not (see [`reindent_quoted`]).
    insertions: Vec<Insertion>,
}

impl CharOffsets {
    /// Offsets of `text`, which is the user's text with `insertions`.
    fn new(text: &str, insertions: Vec<Insertion>) -> Self {
        let marks = text
            .char_indices()
            .enumerate()
            .filter(|(_, (_, c))| c.len_utf8() > 1)
            .map(|(ci, (bi, c))| (ci, bi + c.len_utf8() - ci - 1))
            .collect();
        CharOffsets {
            marks,
            len: text.len(),
            insertions,
        }
    }

    /// The byte of the user's text at saphyr's `char_index`.
    fn byte(&self, char_index: usize) -> usize {
        original_byte(&self.insertions, self.padded_byte(char_index))
    }

    /// The byte of the parsed text at saphyr's `char_index`.
    fn padded_byte(&self, char_index: usize) -> usize {
        let before = self.marks.partition_point(|&(ci, _)| ci < char_index);
        let extra = match before {
            0 => 0,
            n => self.marks[n - 1].1,
        };
        (char_index + extra).min(self.len)
    }
}

/// One YAML node as JSON, its source children, and where it is.
struct Converted {
    value: Value,
    children: Children,
    range: ByteRange,
    /// The range of its first key, when it is a mapping written out here (not an alias).
    first_key: Option<ByteRange>,
}

/// A mapping entry ready for the config and the source map.
struct Entry {
    key: String,
    value: Value,
    node: SrcNode,
}

/// A mapping's entries in document order; a merge key's entries sit where the `<<` was.
enum Slot {
    Own(Entry),
    Merged(Vec<Entry>),
}

struct Converter<'t> {
    text: &'t str,
    offsets: CharOffsets,
}

impl Converter<'_> {
    /// Adds the resources of one document: the document itself, or the items of a `v1 List`.
    fn document(&self, doc: &MarkedYaml, out: &mut Vec<Resource>) -> Result<(), ParseError> {
        let (data, _, _) = untagged(doc);
        if !matches!(data, YamlData::Mapping(_)) {
            return Ok(());
        }
        let conv = self.convert(doc, 0)?;
        let is_list = conv.value.get("kind").and_then(Value::as_str) == Some("List")
            && conv.value.get("apiVersion").and_then(Value::as_str) == Some("v1");
        if !is_list {
            out.extend(resource(conv.value, conv.children, conv.range));
            return Ok(());
        }
        let (Value::Object(mut config), Children::Map(mut entries)) = (conv.value, conv.children)
        else {
            return Ok(());
        };
        let items = config.remove("items");
        let nodes = entries
            .iter()
            .position(|(k, _)| k == "items")
            .map(|i| entries.swap_remove(i).1.children);
        if let (Some(Value::Array(items)), Some(Children::List(nodes))) = (items, nodes) {
            for (item, node) in items.into_iter().zip(nodes) {
                out.extend(resource(item, node.children, node.full));
            }
        }
        Ok(())
    }

    fn byte(&self, m: Marker) -> usize {
        self.offsets.byte(m.index())
    }

    fn char_at(&self, offset: usize) -> Option<char> {
        self.text.get(offset..).and_then(|s| s.chars().next())
    }

    /// Whether the scalar at `offset` is written plain (not quoted, not a block scalar).
    fn is_plain(&self, offset: usize) -> bool {
        !matches!(
            self.char_at(offset),
            Some('"' | '\'' | '|' | '>' | '*' | '!')
        )
    }

    /// A node as JSON with its source children. `depth` counts the collections around it.
    fn convert(&self, node: &MarkedYaml, depth: usize) -> Result<Converted, ParseError> {
        let (data, from, to) = untagged(node);
        let start = self.byte(from);
        let end = self.byte(to).max(start);
        // An alias node is the `*name` token here, with a copy of what it names (whose own ranges
        // point at the anchor's definition).
        let alias = self.char_at(start) == Some('*');
        let collection = matches!(data, YamlData::Mapping(_) | YamlData::Sequence(_));
        if collection && depth >= MAX_DEPTH {
            return Err(ParseError::new(
                format!("nesting deeper than {MAX_DEPTH} levels"),
                start..start,
            ));
        }
        let mut conv = match data {
            YamlData::Mapping(map) => self.mapping(map, start, depth + 1)?,
            YamlData::Sequence(items) => self.sequence(items, start, depth + 1)?,
            YamlData::Value(Scalar::String(text)) if self.is_plain(start) => {
                let value = yaml11_int(text).map_or_else(|| yaml11_bool(text), Value::from);
                self.leaf(value, start, end)
            }
            // YAML 1.2 reads `0777` as 777; Kubernetes (YAML 1.1) as octal 511 (`defaultMode`).
            YamlData::Value(s @ Scalar::Integer(_)) if self.is_plain(start) => {
                let raw = self.text.get(start..end).unwrap_or_default().trim_end();
                let value = yaml11_int(raw).map_or_else(|| scalar(s), Value::from);
                self.leaf(value, start, end)
            }
            YamlData::Value(s) => self.leaf(scalar(s), start, end),
            YamlData::Representation(s, _, _) => {
                self.leaf(Value::String(s.to_string()), start, end)
            }
            // Tagged is unwrapped above; BadValue is a value its tag rejects (`!!int abc`).
            _ => self.leaf(Value::Null, start, end),
        };
        if alias {
            conv.range = start..end;
            conv.first_key = None;
        } else if collection && matches!(self.char_at(end), Some(']' | '}')) {
            // A flow collection's end marker sits on its closing bracket.
            conv.range.end = end + 1;
        }
        Ok(conv)
    }

    /// A scalar. saphyr's end marker of a block scalar (`|`, `>`) takes in the line breaks and
    /// indentation after it, and that of a quoted scalar a comment after it on the same line.
    fn leaf(&self, value: Value, start: usize, end: usize) -> Converted {
        let src = self.text.get(start..end).unwrap_or_default();
        let len = quoted_len(src).unwrap_or_else(|| src.trim_end().len());
        Converted {
            value,
            children: Children::Leaf,
            range: start..start + len,
            first_key: None,
        }
    }

    /// A mapping. Its range ends where its last entry ends: saphyr's end marker of a block mapping
    /// is the start of whatever follows it, comments and blank lines included.
    fn mapping(
        &self,
        map: &saphyr::AnnotatedMapping<'_, MarkedYaml<'_>>,
        start: usize,
        depth: usize,
    ) -> Result<Converted, ParseError> {
        let mut slots = Vec::with_capacity(map.len());
        let mut own_keys = HashSet::new();
        let mut end = start;
        let mut first_key = None;
        for (k, v) in map {
            let key = self.convert(k, depth)?;
            // Kubernetes turns YAML into JSON, whose keys are strings: it rejects these (and an
            // unquoted `{{ .Values.x }}` is one, a flow mapping used as a key).
            if matches!(key.value, Value::Object(_) | Value::Array(_)) {
                return Err(ParseError::new(
                    "a mapping or sequence used as a mapping key (Kubernetes accepts only scalar keys)",
                    key.range.clone(),
                ));
            }
            let value = self.convert(v, depth)?;
            first_key.get_or_insert_with(|| key.range.clone());
            end = end.max(key.range.end).max(value.range.end);
            // YAML 1.1 booleans are read as such in values only: a key `n:` stays the name `n`.
            let name = match (&key.value, self.text.get(key.range.clone())) {
                (Value::Bool(_), Some(raw)) if yaml11_bool(raw).is_boolean() => raw.to_string(),
                _ => key_string(&key.value),
            };
            if name == "<<" {
                if let Some(merged) = merge_entries(&value) {
                    slots.push(Slot::Merged(merged));
                    continue;
                }
            }
            own_keys.insert(name.clone());
            slots.push(Slot::Own(Entry {
                key: name,
                node: SrcNode {
                    anchor: key.range.clone(),
                    full: key.range.start..key.range.end.max(value.range.end),
                    children: value.children,
                },
                value: value.value,
            }));
        }
        let (config, entries) = assemble(slots, &own_keys);
        Ok(Converted {
            value: Value::Object(config),
            children: Children::Map(entries),
            range: start..end,
            first_key,
        })
    }

    fn sequence(
        &self,
        items: &[MarkedYaml<'_>],
        start: usize,
        depth: usize,
    ) -> Result<Converted, ParseError> {
        let mut values = Vec::with_capacity(items.len());
        let mut nodes = Vec::with_capacity(items.len());
        let mut end = start;
        for item in items {
            let conv = self.convert(item, depth)?;
            end = end.max(conv.range.end);
            values.push(conv.value);
            nodes.push(SrcNode {
                // `- name: vllm` is pointed at by its first key.
                anchor: conv.first_key.unwrap_or_else(|| conv.range.clone()),
                full: conv.range,
                children: conv.children,
            });
        }
        Ok(Converted {
            value: Value::Array(values),
            children: Children::List(nodes),
            range: start..end,
            first_key: None,
        })
    }
}

/// The data under any tags, with the outermost span: saphyr gives the node inside a tagged scalar
/// an empty default span.
fn untagged<'a, 'i>(
    node: &'a MarkedYaml<'i>,
) -> (&'a YamlData<'i, MarkedYaml<'i>>, Marker, Marker) {
    let mut data = &node.data;
    while let YamlData::Tagged(_, inner) = data {
        data = &inner.data;
    }
    (data, node.span.start, node.span.end)
}

/// The length of `src` through the closing quote, when it is a quoted scalar (after any anchor and
/// tag).
fn quoted_len(src: &str) -> Option<usize> {
    let bytes = src.as_bytes();
    let mut p = 0;
    while matches!(bytes.get(p), Some(b'&' | b'!')) {
        while p < bytes.len() && !bytes[p].is_ascii_whitespace() {
            p += 1;
        }
        while p < bytes.len() && bytes[p].is_ascii_whitespace() {
            p += 1;
        }
    }
    let quote = *bytes.get(p).filter(|&&b| b == b'"' || b == b'\'')?;
    let mut i = p + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            // `''` is an escaped quote inside a single-quoted scalar.
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// A plain scalar as Kubernetes reads it: its YAML parser follows YAML 1.1, where `yes`, `no`, `on`,
/// `off`, `y` and `n` (in any of their three spellings) are booleans, not strings.
/// A plain scalar that YAML 1.1 reads as an integer where YAML 1.2 does not, or reads otherwise:
/// octal `0777`, binary `0b1010`, and `_` between digits (`1_000`).
fn yaml11_int(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (radix, body) = if let Some(b) = digits.strip_prefix("0b") {
        (2, b)
    } else if let Some(b) = digits.strip_prefix("0x") {
        (16, b)
    } else if digits.len() > 1 && digits.starts_with('0') {
        (8, &digits[1..])
    } else {
        (10, digits)
    };
    let clean: String = body.chars().filter(|&c| c != '_').collect();
    let plain_decimal = radix == 10 && !body.contains('_');
    if clean.is_empty() || plain_decimal || !body.starts_with(|c: char| c.is_digit(radix)) {
        return None;
    }
    let n = i64::from_str_radix(&clean, radix).ok()?;
    Some(if negative { -n } else { n })
}

fn yaml11_bool(text: &str) -> Value {
    match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Value::Bool(true),
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => Value::Bool(false),
        _ => Value::String(text.to_string()),
    }
}

fn scalar(s: &Scalar) -> Value {
    match s {
        Scalar::Null => Value::Null,
        Scalar::Boolean(b) => Value::Bool(*b),
        Scalar::Integer(i) => Value::from(*i),
        // JSON has no infinity or NaN.
        Scalar::FloatingPoint(f) => Number::from_f64(f.into_inner())
            .map_or_else(|| Value::String(f.to_string()), Value::Number),
        Scalar::String(s) => Value::String(s.to_string()),
    }
}

/// A mapping key as a JSON object key: strings as they are, other scalars in their JSON form.
fn key_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The entries a merge key (`<<: *base`, `<<: [*a, *b]`) brings in, earlier mappings first, or
/// `None` when its value is not a mapping or a list of mappings (then `<<` is an ordinary key).
fn merge_entries(value: &Converted) -> Option<Vec<Entry>> {
    match (&value.value, &value.children) {
        (Value::Object(map), Children::Map(nodes)) => Some(entries_of(map, nodes)),
        (Value::Array(items), Children::List(nodes)) => {
            let mut all = Vec::new();
            for (item, node) in items.iter().zip(nodes) {
                match (item, &node.children) {
                    (Value::Object(map), Children::Map(entries)) => {
                        all.extend(entries_of(map, entries));
                    }
                    _ => return None,
                }
            }
            Some(all)
        }
        _ => None,
    }
}

fn entries_of(map: &Map<String, Value>, nodes: &[(String, SrcNode)]) -> Vec<Entry> {
    nodes
        .iter()
        .map(|(key, node)| Entry {
            key: key.clone(),
            value: map.get(key).cloned().unwrap_or(Value::Null),
            node: node.clone(),
        })
        .collect()
}

/// The config and source entries of a mapping. Own keys win over merged ones, earlier merged
/// mappings over later ones; a key repeated in another spelling (`1` and `"1"`) keeps the last value.
fn assemble(
    slots: Vec<Slot>,
    own_keys: &HashSet<String>,
) -> (Map<String, Value>, Vec<(String, SrcNode)>) {
    let mut config = Map::new();
    let mut entries = MapEntries::default();
    for slot in slots {
        match slot {
            Slot::Own(e) => {
                entries.set(e.key.clone(), e.node);
                config.insert(e.key, e.value);
            }
            Slot::Merged(merged) => {
                for e in merged {
                    if own_keys.contains(&e.key) || config.contains_key(&e.key) {
                        continue;
                    }
                    entries.set(e.key.clone(), e.node);
                    config.insert(e.key, e.value);
                }
            }
        }
    }
    (config, entries.into_list())
}

/// A resource from a document (or List item) that has string `apiVersion` and `kind`.
fn resource(config: Value, children: Children, full: ByteRange) -> Option<Resource> {
    let kind = config.get("kind")?.as_str()?.to_string();
    let api_version = config.get("apiVersion")?.as_str()?.to_string();
    let meta = |key: &str| {
        config
            .get("metadata")
            .and_then(|m| m.get(key))
            .and_then(Value::as_str)
    };
    let name = meta("name")
        .or_else(|| meta("generateName"))
        .unwrap_or("")
        .to_string();
    let id = if CLUSTER_SCOPED.contains(&kind.as_str()) {
        format!("{kind}/{name}")
    } else {
        format!("{kind}/{}/{name}", meta("namespace").unwrap_or("default"))
    };
    // A finding about something missing at the top level points at the `kind:` key.
    let anchor = match &children {
        Children::Map(entries) => entries
            .iter()
            .find(|(k, _)| k == "kind")
            .map(|(_, n)| n.anchor.clone()),
        _ => None,
    }
    .unwrap_or(full.start..full.start);
    Some(Resource {
        id,
        kind,
        api_version: Some(api_version),
        name,
        config,
        source: SrcNode {
            anchor,
            full,
            children,
        },
    })
}

/// Rejects block nesting deeper than [`MAX_DEPTH`] before saphyr sees the text: its loader recurses
/// once per level, and a stack overflow would abort the whole run (flow nesting it caps itself).
/// Line by line, this keeps the stack of block collections that can be open — one per indentation
/// column, one more for a sequence at its parent key's column, one per `- `, `? ` or `: ` that
/// starts a node on the same line — which over-counts (block scalar text counts too) but never
/// under-counts.
fn check_block_depth(text: &str) -> Result<(), ParseError> {
    let mut stack: Vec<(usize, bool)> = Vec::new();
    let mut line_start = 0;
    // saphyr breaks lines at a lone `\r` as well as at `\n`.
    for raw in text.split_inclusive(['\n', '\r']) {
        let line = raw.trim_end_matches(['\n', '\r']);
        let (line, base) = match line.strip_prefix('\u{feff}') {
            Some(rest) if line_start == 0 => (rest, 3),
            _ => (line, line_start),
        };
        line_start += raw.len();
        let mut from = line.len() - line.trim_start_matches(' ').len();
        if from == 0 && is_document_marker(line) {
            stack.clear();
            from = skip_blanks(line.as_bytes(), 3);
        }
        let nodes = block_nodes(line.as_bytes(), from);
        let Some((&(col, seq), inline)) = nodes.split_first() else {
            continue;
        };
        place(&mut stack, col, seq);
        stack.extend_from_slice(inline);
        if stack.len() > MAX_DEPTH {
            return Err(ParseError::new(
                format!("nesting deeper than {MAX_DEPTH} levels"),
                base + col..base + col + 1,
            ));
        }
    }
    Ok(())
}

fn is_document_marker(line: &str) -> bool {
    (line.starts_with("---") || line.starts_with("...")) && blank_or_end(line.as_bytes().get(3))
}

/// Whether an indicator is followed by a blank or the line end (`-x` is a plain scalar, `- x` not).
fn blank_or_end(next: Option<&u8>) -> bool {
    matches!(next, None | Some(b' ' | b'\t'))
}

fn skip_blanks(bytes: &[u8], mut p: usize) -> usize {
    while p < bytes.len() && (bytes[p] == b' ' || bytes[p] == b'\t') {
        p += 1;
    }
    p
}

/// The nodes that start on one line from byte `p`: (column, whether it is a `- ` entry). A node
/// after a `- `, `? ` or `: ` indicator is another, deeper one; anything else ends the line's nodes.
fn block_nodes(bytes: &[u8], mut p: usize) -> Vec<(usize, bool)> {
    let mut nodes = Vec::new();
    loop {
        // Anchors and tags before a node's content.
        while p < bytes.len() && (bytes[p] == b'&' || bytes[p] == b'!') {
            while p < bytes.len() && !matches!(bytes[p], b' ' | b'\t') {
                p += 1;
            }
            p = skip_blanks(bytes, p);
        }
        let Some(&c) = bytes.get(p) else { break };
        if c == b'#' {
            break;
        }
        let indicator = matches!(c, b'-' | b'?' | b':') && blank_or_end(bytes.get(p + 1));
        nodes.push((p, c == b'-' && indicator));
        if !indicator {
            break;
        }
        p = skip_blanks(bytes, p + 1);
    }
    nodes
}

/// Puts a line's first node on the stack of open block collections.
fn place(stack: &mut Vec<(usize, bool)>, col: usize, seq: bool) {
    while stack.last().is_some_and(|&(c, _)| c > col) {
        stack.pop();
    }
    match stack.last() {
        Some(&(c, s)) if c == col && s == seq => {}
        // A sequence at its parent key's column (`containers:` / `- name: x`).
        Some(&(c, false)) if c == col => stack.push((col, true)),
        // A key after such a sequence closes it.
        Some(&(c, true)) if c == col => {
            stack.pop();
            if stack.last() != Some(&(col, false)) {
                stack.push((col, false));
            }
        }
        _ => stack.push((col, seq)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::test_support::{at, path, snippet};
    use crate::parse::{LineIndex, Position};
    use serde_json::json;

    fn full<'a>(text: &'a str, r: &Resource, segs: &[&str]) -> &'a str {
        let mut node = &r.source;
        for seg in path(segs) {
            node = node.child(&seg).unwrap();
        }
        &text[node.full.clone()]
    }

    const DEPLOYMENT: &str = "\
# leading comment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: vllm
  namespace: inference
  labels: {app: vllm, tier: [gpu, \"a100\"]}
spec:
  replicas: 2
  template:
    spec:
      containers:
      - name: vllm
        image: vllm/vllm-openai:latest
        resources:
          limits:
            nvidia.com/gpu: 1
        env:
          - name: HF_TOKEN
            value: \"0\"
          - plain
      # a comment after the list
      nodeSelector:
        pool: gpu
---
apiVersion: v1
kind: Service
metadata:
  name: vllm
spec:
  type: LoadBalancer
";

    #[test]
    fn multi_document_ids_and_values() {
        let rs = parse(DEPLOYMENT).unwrap();
        assert_eq!(rs.len(), 2);
        assert_eq!(rs[0].id, "Deployment/inference/vllm");
        assert_eq!(rs[0].kind, "Deployment");
        assert_eq!(rs[0].api_version.as_deref(), Some("apps/v1"));
        assert_eq!(rs[1].id, "Service/default/vllm");
        let c = &rs[0].config;
        assert_eq!(c["spec"]["replicas"], json!(2));
        let container = &c["spec"]["template"]["spec"]["containers"][0];
        assert_eq!(container["resources"]["limits"]["nvidia.com/gpu"], json!(1));
        // A quoted "0" stays a string.
        assert_eq!(container["env"][0]["value"], json!("0"));
        assert_eq!(
            c["metadata"]["labels"],
            json!({"app": "vllm", "tier": ["gpu", "a100"]})
        );
    }

    #[test]
    fn positions_of_present_and_missing_paths() {
        let t = DEPLOYMENT;
        let rs = parse(t).unwrap();
        let d = &rs[0];
        // The root anchor is the `kind` key; the whole document starts at `apiVersion`.
        assert_eq!(at(t, d, &[]), ("3:1".into(), true));
        assert_eq!(snippet(t, d, &[]), "kind");
        assert!(t[d.source.full.clone()].starts_with("apiVersion"));
        assert!(t[d.source.full.clone()].ends_with("pool: gpu"));
        // A missing top-level key points at `kind`, a missing nested one at its parent key.
        assert_eq!(at(t, d, &["status"]), ("3:1".into(), false));
        let c0 = ["spec", "template", "spec", "containers", "0"];
        let probe = [&c0[..], &["readinessProbe"]].concat();
        assert_eq!(at(t, d, &probe), ("13:9".into(), false));
        assert_eq!(snippet(t, d, &probe), "name");
        let gpu = [&c0[..], &["resources", "limits", "nvidia.com/gpu"]].concat();
        assert_eq!(at(t, d, &gpu), ("17:13".into(), true));
        assert_eq!(snippet(t, d, &gpu), "nvidia.com/gpu: 1");
        let missing = [&c0[..], &["resources", "requests", "cpu"]].concat();
        assert_eq!(at(t, d, &missing), ("15:9".into(), false));
        // A sequence item that is a scalar is pointed at as a whole.
        let plain = [&c0[..], &["env", "1"]].concat();
        assert_eq!(at(t, d, &plain), ("21:13".into(), true));
        assert_eq!(snippet(t, d, &plain), "plain");
        let env0 = [&c0[..], &["env", "0", "valueFrom"]].concat();
        assert_eq!(at(t, d, &env0), ("19:13".into(), false));
        // Entry ranges end at their value, not at the comment or line after it.
        let containers = ["spec", "template", "spec", "containers"];
        assert!(full(t, d, &containers).ends_with("- plain"));
        assert_eq!(
            full(t, d, &[&c0[..], &["resources"]].concat())
                .lines()
                .count(),
            3
        );
        // Flow style.
        assert_eq!(
            full(t, d, &["metadata", "labels"]),
            "labels: {app: vllm, tier: [gpu, \"a100\"]}"
        );
        assert_eq!(
            at(t, d, &["metadata", "labels", "tier", "1"]),
            ("7:35".into(), true)
        );
        assert_eq!(
            snippet(t, d, &["metadata", "labels", "tier", "1"]),
            "\"a100\""
        );
        assert_eq!(
            full(t, d, &["metadata", "labels", "tier"]),
            "tier: [gpu, \"a100\"]"
        );
        assert_eq!(
            at(t, d, &["metadata", "labels", "x"]),
            ("7:3".into(), false)
        );
        // The second document.
        assert_eq!(at(t, &rs[1], &["spec", "type"]), ("31:3".into(), true));
    }

    #[test]
    fn anchors_aliases_and_merge_keys() {
        let t = "\
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
base: &base
  a: 1
  b: 2
other: &other {b: 20, c: 30}
data:
  copy: *base
  merged:
    <<: [*base, *other]
    a: 10
  single:
    d: 4
    <<: *other
";
        let rs = parse(t).unwrap();
        let c = &rs[0].config;
        assert_eq!(c["data"]["copy"], json!({"a": 1, "b": 2}));
        assert_eq!(c["data"]["merged"], json!({"a": 10, "b": 2, "c": 30}));
        assert_eq!(c["data"]["single"], json!({"d": 4, "b": 20, "c": 30}));
        let r = &rs[0];
        // An own key is where it is written; a merged key points at the anchor's definition.
        assert_eq!(at(t, r, &["data", "merged", "a"]), ("13:5".into(), true));
        assert_eq!(at(t, r, &["data", "merged", "b"]), ("7:3".into(), true));
        assert_eq!(at(t, r, &["data", "merged", "c"]), ("8:23".into(), true));
        assert_eq!(at(t, r, &["data", "copy", "a"]), ("6:3".into(), true));
        // The alias value itself is the `*base` token.
        assert_eq!(full(t, r, &["data", "copy"]), "copy: *base");
        assert_eq!(
            full(t, r, &["data", "single"]),
            "single:\n    d: 4\n    <<: *other"
        );
    }

    #[test]
    fn aliases_and_merges_in_list_items_and_multiline_flow() {
        let t = "\
apiVersion: v1
kind: Pod
metadata: {name: p}
x-env: &env
  name: A
  value: b
spec:
  containers:
  - <<: *env
    image: i
  - *env
  args: [
    one,
    two
  ]
";
        let r = &parse(t).unwrap()[0];
        let c = &r.config["spec"];
        assert_eq!(
            c["containers"],
            json!([{"name": "A", "value": "b", "image": "i"}, {"name": "A", "value": "b"}])
        );
        // An item whose first key is a merge key is pointed at by the `<<`; an alias item by itself.
        assert_eq!(
            at(t, r, &["spec", "containers", "0", "ports"]),
            ("9:5".into(), false)
        );
        assert_eq!(
            at(t, r, &["spec", "containers", "1", "ports"]),
            ("11:5".into(), false)
        );
        assert_eq!(snippet(t, r, &["spec", "containers", "1", "ports"]), "*env");
        assert_eq!(
            full(t, r, &["spec", "args"]),
            "args: [\n    one,\n    two\n  ]"
        );
        assert_eq!(at(t, r, &["spec", "args", "1"]), ("14:5".into(), true));
    }

    #[test]
    fn wide_documents_stay_fast() {
        let mut t = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n");
        for i in 0..50_000 {
            t.push_str(&format!("  key{i}: \"value {i}\"\n"));
        }
        let started = std::time::Instant::now();
        let r = &parse(&t).unwrap()[0];
        assert_eq!(r.config["data"]["key49999"], json!("value 49999"));
        assert_eq!(at(&t, r, &["data", "key49999"]), ("50004:3".into(), true));
        assert!(started.elapsed().as_secs() < 10);
    }

    #[test]
    fn crlf_non_ascii_and_bom() {
        let t = "\u{feff}apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: été\r\n  labels:\r\n    ñame: \"ü\" # c\r\n    x: 1\r\n";
        let rs = parse(t).unwrap();
        let r = &rs[0];
        assert_eq!(r.name, "été");
        assert_eq!(r.id, "ConfigMap/default/été");
        assert_eq!(at(t, r, &[]), ("2:1".into(), true));
        assert_eq!(
            at(t, r, &["metadata", "labels", "ñame"]),
            ("6:5".into(), true)
        );
        assert_eq!(
            snippet(t, r, &["metadata", "labels", "ñame"]),
            "ñame: \"ü\""
        );
        assert_eq!(at(t, r, &["metadata", "labels", "x"]), ("7:5".into(), true));
        assert_eq!(snippet(t, r, &["metadata", "labels", "x"]), "x: 1");
        assert_eq!(
            full(t, r, &["metadata"]),
            "metadata:\r\n  name: été\r\n  labels:\r\n    ñame: \"ü\" # c\r\n    x: 1"
        );
        // A BOM on the first line: the first key is still at column 1 after it.
        let t = "\u{feff}kind: Namespace\napiVersion: v1\nmetadata: {name: é}\n";
        let rs = parse(t).unwrap();
        assert_eq!(rs[0].id, "Namespace/é");
        assert_eq!(snippet(t, &rs[0], &[]), "kind");
        assert_eq!(at(t, &rs[0], &["metadata", "name"]), ("3:12".into(), true));
    }

    #[test]
    fn list_documents_and_skipped_documents() {
        let t = "\
---
# empty document above and null document below
---
- just a list
---
no: kind
---
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Namespace
  metadata: {name: gpu}
- kind: ClusterPolicy
  apiVersion: nvidia.com/v1
  metadata:
    name: cluster-policy
  spec:
    driver: {enabled: true}
- 42
...
";
        let rs = parse(t).unwrap();
        let ids: Vec<&str> = rs.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["Namespace/gpu", "ClusterPolicy/cluster-policy"]);
        assert_eq!(at(t, &rs[0], &[]), ("12:3".into(), true));
        assert_eq!(at(t, &rs[1], &[]), ("14:3".into(), true));
        assert_eq!(
            at(t, &rs[1], &["spec", "driver", "version"]),
            ("19:5".into(), false)
        );
        assert!(t[rs[1].source.full.clone()].ends_with("{enabled: true}"));
        assert!(parse("").unwrap().is_empty());
        assert!(parse("# nothing\n").unwrap().is_empty());
    }

    #[test]
    fn scalars_and_keys() {
        let t = "apiVersion: v1\nkind: X\nmetadata:\n  generateName: gen-\nv:\n  i: 0\n  s: '0'\n  f: 1.5\n  b: true\n  n: null\n  e:\n  inf: .inf\n  tagged: !custom 5\n  bad: !!int nope\n  1: int key\n  true: bool key\n  text: |\n    line 1\n    line 2\n\n  after: x\n";
        let rs = parse(t).unwrap();
        let r = &rs[0];
        assert_eq!(r.name, "gen-");
        assert_eq!(r.id, "X/default/gen-");
        assert_eq!(
            r.config["v"],
            json!({"i": 0, "s": "0", "f": 1.5, "b": true, "n": null, "e": null, "inf": "inf",
                   "tagged": 5, "bad": null, "1": "int key", "true": "bool key",
                   "text": "line 1\nline 2\n", "after": "x"})
        );
        assert_eq!(snippet(t, r, &["v", "tagged"]), "tagged: !custom 5");
        assert_eq!(
            snippet(t, r, &["v", "text"]),
            "text: |\n    line 1\n    line 2"
        );
        assert_eq!(snippet(t, r, &["v", "e"]), "e");
    }

    #[test]
    fn yaml_1_1_integers_as_kubernetes_reads_them() {
        assert_eq!(yaml11_int("0777"), Some(511));
        assert_eq!(yaml11_int("-010"), Some(-8));
        assert_eq!(yaml11_int("0b1010"), Some(10));
        assert_eq!(yaml11_int("1_000"), Some(1000));
        assert_eq!(yaml11_int("0x1F"), Some(31));
        // Decimals (saphyr reads them) and what is not a number stay as they are.
        for s in ["0", "10", "089", "0b", "_1", "1.5", "abc", "0x", "-", ""] {
            assert_eq!(yaml11_int(s), None, "{s}");
        }
        let t = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  volumes:\n    - configMap:\n        defaultMode: 0644\n        items: '0644'\n";
        let r = &parse(t).unwrap()[0];
        assert_eq!(
            r.config["spec"]["volumes"][0]["configMap"]["defaultMode"],
            json!(420)
        );
        assert_eq!(
            r.config["spec"]["volumes"][0]["configMap"]["items"],
            json!("0644")
        );
    }

    #[test]
    fn yaml_1_1_booleans_as_kubernetes_reads_them() {
        let t = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: yes\n  a: Off\n  q: 'yes'\n  d: \"no\"\n  w: yesterday\n  l: [on, n]\n";
        let rs = parse(t).unwrap();
        assert_eq!(
            rs[0].config["spec"],
            json!({"hostNetwork": true, "a": false, "q": "yes", "d": "no", "w": "yesterday", "l": [true, false]})
        );
    }

    #[test]
    fn quoted_scalars_indented_less_than_their_block_read_as_kubectl_reads_them() {
        // libyaml and Kubernetes' Go parser accept these continuation lines; YAML 1.2 does not.
        let t = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      command:\n        - sh\n        - \"echo one &&\n  echo ünï &&\n    echo three\"\n        - 'single\n quoted'\n      image: é:1\n";
        let r = &parse(t).unwrap()[0];
        assert_eq!(
            r.config["spec"]["containers"][0]["command"],
            serde_json::json!(["sh", "echo one && echo ünï && echo three", "single quoted"])
        );
        // Spans stay those of the user's text, after the re-indented lines too.
        assert_eq!(
            full(t, r, &["spec", "containers", "0", "image"]),
            "image: é:1"
        );
        assert!(full(t, r, &["spec", "containers", "0", "command", "1"]).starts_with("\"echo one"));
        let idx = LineIndex::new(t);
        let image = t.find("é:1").unwrap();
        assert_eq!(
            idx.position(t, image),
            Position {
                line: 15,
                column: 14
            }
        );
        // An unterminated quoted scalar is still an error, at the quote.
        let bad = "kind: Pod\nspec:\n  a:\n    - \"open\n  b: 1\n";
        assert!(parse(bad).is_err());
    }

    #[test]
    fn malformed_yaml_error_location() {
        let t = "apiVersion: v1\nkind: Pod\nspec:\n  a: [1, 2\n  b: 3\n";
        let err = parse(t).unwrap_err();
        assert!(
            err.message.starts_with("YAML syntax error: "),
            "{}",
            err.message
        );
        assert!(!err.message.contains("line"), "{}", err.message);
        let idx = LineIndex::new(t);
        assert_eq!(
            idx.position(t, err.range.start),
            Position { line: 5, column: 4 }
        );

        let t = "kind: Pod\r\nmetadata:\r\n  name: é\r\n   bad: 1\r\n";
        let err = parse(t).unwrap_err();
        assert_eq!(
            err.message,
            "YAML syntax error: mapping values are not allowed in this context"
        );
        let idx = LineIndex::new(t);
        assert_eq!(
            idx.position(t, err.range.start),
            Position { line: 4, column: 7 }
        );

        let err = parse("a: 1\na: 2\n").unwrap_err();
        assert_eq!(err.message, "YAML syntax error: duplicated key in mapping");
        assert!(parse("a: *undefined\n").is_err());
    }

    #[test]
    fn billion_laughs_is_an_error() {
        let mut t = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for (prev, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
            let refs = vec![format!("*{prev}"); 9].join(",");
            t.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let err = parse(&t).unwrap_err();
        assert!(err.message.contains("alias expansion"), "{}", err.message);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let cases = [
            format!("{}x\n", "- ".repeat(100_000)),
            format!("{}x\n", "[".repeat(10_000)),
            format!("{}x\n", "{a: ".repeat(10_000)),
            (0..10_000)
                .map(|i| format!("{}k:\n", " ".repeat(i)))
                .collect(),
            (0..10_000)
                .map(|i| format!("{}- k:\r", " ".repeat(2 * i)))
                .collect(),
            format!("--- {}x\n", "? ".repeat(100_000)),
        ];
        for t in &cases {
            let err = parse(t).unwrap_err();
            assert_eq!(
                err.message,
                "nesting deeper than 256 levels",
                "{}",
                &t[..20]
            );
        }
        // Nesting just below the limit is fine.
        let ok: String = (0..255).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        assert!(parse(&ok).unwrap().is_empty());
        // A chain of aliases, each wrapping the last in 250 levels, builds a tree thousands of
        // levels deep inside saphyr; the conversion stops at the limit and nothing overflows.
        let d = 250;
        let mut t = format!("a0: &a0 {}x{}\n", "[".repeat(d), "]".repeat(d));
        for i in 1..28 {
            t.push_str(&format!(
                "a{i}: &a{i} {}*a{}{}\n",
                "[".repeat(d),
                i - 1,
                "]".repeat(d)
            ));
        }
        let err = parse(&t).unwrap_err();
        assert_eq!(err.message, "nesting deeper than 256 levels");
    }

    #[test]
    fn garbage_does_not_panic() {
        let alphabet = "-?:&*!|>{}[],'\"#\n\r\t  abk0é<\u{feff}";
        for s in crate::parse::test_support::garbage(0x9e37_79b9_7f4a_7c15, alphabet, 1500, 50) {
            if let Err(e) = parse(&s) {
                assert_ne!(e.message, "the YAML parser failed on this input", "{s:?}");
                assert!(e.range.end <= s.len());
            }
        }
    }
}
