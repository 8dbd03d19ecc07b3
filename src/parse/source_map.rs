//! Where each element of a resource's config sits in its file: a tree of byte ranges that mirrors the
//! resource's JSON `config`, plus the line index that turns byte offsets into 1-based lines and columns.
//! A finding's path is resolved here, falling back to the nearest existing ancestor's owning key.

use std::collections::HashMap;
use std::ops::Range;

/// A half-open byte range into a file's text.
pub type ByteRange = Range<usize>;

/// One element of a resource's config as it appears in the source.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SrcNode {
    /// Where a finding points when something under this node is missing: the key that owns the
    /// element (HCL attribute name or block header, JSON `"key"`, YAML `key`), for a list item its
    /// first key (YAML) or its opening `{` (JSON), for a resource its header.
    pub anchor: ByteRange,
    /// The whole element (`key = value`, `"key": value`, `key: value`, a list item); where a
    /// finding points when this element is the offending scalar.
    pub full: ByteRange,
    pub children: Children,
}

/// The children of a [`SrcNode`], shaped like the JSON value they describe.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Children {
    #[default]
    Leaf,
    Map(Vec<(String, SrcNode)>),
    List(Vec<SrcNode>),
    /// The element's value was written in another file of the unit (a module call's argument):
    /// the node there, by the file's index in the unit. Only the Terraform parser makes these.
    Elsewhere(usize, Box<SrcNode>),
}

/// Builds the entries of a [`Children::Map`] in key order; a repeated key replaces the earlier
/// entry, as it does in the JSON config. Indexed so that wide objects stay linear.
#[derive(Debug, Default)]
pub struct MapEntries {
    list: Vec<(String, SrcNode)>,
    index: HashMap<String, usize>,
}

impl MapEntries {
    pub fn set(&mut self, key: String, node: SrcNode) {
        match self.index.get(&key) {
            Some(&i) => self.list[i].1 = node,
            None => {
                self.index.insert(key.clone(), self.list.len());
                self.list.push((key, node));
            }
        }
    }

    pub fn into_list(self) -> Vec<(String, SrcNode)> {
        self.list
    }
}

/// One step of a path into a resource's config: an object key or an array index.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PathSeg {
    Key(String),
    Index(usize),
}

impl SrcNode {
    /// A node with no children whose anchor and full range are both `range`.
    pub fn leaf(range: ByteRange) -> Self {
        SrcNode {
            anchor: range.clone(),
            full: range,
            children: Children::Leaf,
        }
    }

    /// The child at one path step, if the source has it.
    pub fn child(&self, seg: &PathSeg) -> Option<&SrcNode> {
        match (&self.children, seg) {
            (Children::Map(entries), PathSeg::Key(k)) => {
                entries.iter().find(|(name, _)| name == k).map(|(_, n)| n)
            }
            (Children::List(items), PathSeg::Index(i)) => items.get(*i),
            // A single HCL block is an array of one in the config; a path may also step over it.
            _ => None,
        }
    }

    /// The narrowest range for `path`: the element itself when it exists (its whole extent when it is
    /// a scalar, its owning key when it is a container), else the owning key of the deepest existing
    /// ancestor. Also says whether the full path was found.
    pub fn resolve(&self, path: &[PathSeg]) -> (ByteRange, bool) {
        let (_, range, found) = self.resolve_in(path);
        (range, found)
    }

    /// [`SrcNode::resolve`], following [`Children::Elsewhere`] into other files: also says in
    /// which file the range is (`None`: the resource's own file).
    pub fn resolve_in(&self, path: &[PathSeg]) -> (Option<usize>, ByteRange, bool) {
        let mut file = None;
        let mut node = follow(self, &mut file);
        for seg in path {
            match node.child(seg) {
                Some(next) => node = follow(next, &mut file),
                None => return (file, node.anchor.clone(), false),
            }
        }
        let range = match node.children {
            Children::Leaf => node.full.clone(),
            _ => node.anchor.clone(),
        };
        (file, range, true)
    }
}

/// The node `node` stands for once [`Children::Elsewhere`] redirections are followed, noting the
/// file they lead to.
fn follow<'n>(mut node: &'n SrcNode, file: &mut Option<usize>) -> &'n SrcNode {
    while let Children::Elsewhere(f, inner) = &node.children {
        *file = Some(*f);
        node = inner;
    }
    node
}

/// Maps byte offsets of one text to 1-based line and column (columns count Unicode scalar values).
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

/// A 1-based position; `column` counts Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    /// Lines end at `\n`, `\r\n` or a lone `\r`, as editors and the YAML parser count them.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            let breaks = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if breaks {
                line_starts.push(i + 1);
            }
        }
        LineIndex { line_starts }
    }

    /// The 1-based span of `range` of `text`; an empty range still covers one character when it
    /// can, so that a diagnostic at it is visible.
    pub fn span(&self, text: &str, range: &Range<usize>) -> crate::finding::Span {
        let start = self.position(text, range.start);
        let end_offset = if range.end > range.start {
            range.end
        } else {
            text[range.start.min(text.len())..]
                .chars()
                .next()
                .filter(|c| *c != '\n' && *c != '\r')
                .map_or(range.start, |c| range.start + c.len_utf8())
        };
        let end = self.position(text, end_offset);
        crate::finding::Span {
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
        }
    }

    /// The position of byte `offset` (clamped to the text and to a char boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        // A byte-order mark is invisible in editors: the first character after it is column 1.
        let counted = &text[start..offset];
        let counted = if line == 0 {
            counted.strip_prefix('\u{feff}').unwrap_or(counted)
        } else {
            counted
        };
        let column = counted.chars().count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The byte offset of a 0-based line and 0-based character column (as YAML markers give them),
    /// clamped to the end of that line.
    pub fn offset_of(&self, text: &str, line0: usize, col0: usize) -> usize {
        let Some(&start) = self.line_starts.get(line0) else {
            return text.len();
        };
        let end = self
            .line_starts
            .get(line0 + 1)
            .copied()
            .unwrap_or(text.len());
        let line = &text[start..end];
        match line.char_indices().nth(col0) {
            Some((i, _)) => start + i,
            None => end,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> PathSeg {
        PathSeg::Key(k.to_string())
    }

    #[test]
    fn positions_count_chars_not_bytes() {
        let text = "a = \"é\"\nbé = 1\r\nc = 2";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), Position { line: 1, column: 1 });
        let b = text.find("= 1").unwrap();
        assert_eq!(idx.position(text, b), Position { line: 2, column: 4 });
        let c = text.find('c').unwrap();
        assert_eq!(idx.position(text, c), Position { line: 3, column: 1 });
        assert_eq!(idx.offset_of(text, 1, 3), b);
        assert_eq!(idx.offset_of(text, 9, 0), text.len());
    }

    #[test]
    fn lone_carriage_returns_break_lines_and_bom_is_invisible() {
        let text = "a\rb\r\nc";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 2), Position { line: 2, column: 1 });
        assert_eq!(idx.position(text, 5), Position { line: 3, column: 1 });
        let text = "\u{feff}kind: Pod";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 3), Position { line: 1, column: 1 });
        assert_eq!(idx.position(text, 7), Position { line: 1, column: 5 });
    }

    #[test]
    fn resolve_falls_back_to_owning_key() {
        let root = SrcNode {
            anchor: 0..5,
            full: 0..100,
            children: Children::Map(vec![(
                "spec".into(),
                SrcNode {
                    anchor: 10..14,
                    full: 10..90,
                    children: Children::Map(vec![("replicas".into(), SrcNode::leaf(20..31))]),
                },
            )]),
        };
        assert_eq!(
            root.resolve(&[key("spec"), key("replicas")]),
            (20..31, true)
        );
        assert_eq!(
            root.resolve(&[key("spec"), key("minReplicas")]),
            (10..14, false)
        );
        assert_eq!(root.resolve(&[key("spec")]), (10..14, true));
        assert_eq!(root.resolve(&[key("metadata"), key("x")]), (0..5, false));
        assert_eq!(root.resolve(&[]), (0..5, true));
    }
}
