//! Applies fixes to the texts of files: each fix whole or not at all, none that overlaps one
//! applied before it (it waits for the next round, on the re-checked text), and none that would
//! leave the file unparsable.

use crate::discover::FileKind;
use crate::finding::{Edit, Fix};
use crate::parse::{self, Format};

/// What applying fixes to one file gave.
#[derive(Debug, Default)]
pub struct Applied {
    pub text: String,
    /// Indexes (into the fixes given) of those applied.
    pub applied: Vec<usize>,
    /// Fixes dropped because the file would not parse with them: index and the parser's message.
    pub broken: Vec<(usize, String)>,
}

/// Applies to `text` (a file of `kind` named `display`) those of `fixes` that fit: in the order
/// of their first edit, each that overlaps none accepted before it, and, the file being parsed
/// again after each, only those that leave it parsable.
pub fn apply(text: &str, kind: FileKind, display: &str, fixes: &[&Fix]) -> Applied {
    let mut order: Vec<usize> = (0..fixes.len()).collect();
    order.sort_by_key(|&i| edits_of(fixes[i], display).map(|e| e.range.start).min());
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    let mut out = Applied {
        text: text.to_string(),
        ..Applied::default()
    };
    let mut accepted: Vec<&Edit> = Vec::new();
    for i in order {
        let edits: Vec<&Edit> = edits_of(fixes[i], display).collect();
        if edits.is_empty()
            || edits
                .iter()
                .any(|e| e.range.end > text.len() || taken.iter().any(|t| overlaps(t, &e.range)))
        {
            continue;
        }
        let mut candidate = accepted.clone();
        candidate.extend(edits.iter().copied());
        let new_text = render(text, &candidate);
        match reparses(kind, display, &new_text) {
            Ok(()) => {
                accepted = candidate;
                taken.extend(edits.iter().map(|e| e.range.clone()));
                out.text = new_text;
                out.applied.push(i);
            }
            Err(e) => out.broken.push((i, e)),
        }
    }
    out
}

fn edits_of<'f>(fix: &'f Fix, display: &'f str) -> impl Iterator<Item = &'f Edit> + 'f {
    fix.edits.iter().filter(move |e| e.file == display)
}

/// Two edits collide when their ranges share a byte, or when both insert at one point (their
/// order would be a guess), or one inserts inside the other's range.
fn overlaps(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    if a.is_empty() || b.is_empty() {
        let (point, other) = if a.is_empty() { (a, b) } else { (b, a) };
        return point.start == other.start
            || (other.start < point.start && point.start < other.end);
    }
    a.start < b.end && b.start < a.end
}

/// `text` with `edits` (non-overlapping) made.
fn render(text: &str, edits: &[&Edit]) -> String {
    let mut sorted: Vec<&&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for e in sorted {
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.replacement);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Whether `text` still parses as a file of `kind`.
pub fn reparses(kind: FileKind, display: &str, text: &str) -> Result<(), String> {
    let format = match kind {
        FileKind::Terraform if display.to_ascii_lowercase().ends_with(".json") => {
            return serde_json::from_str::<serde_json::Value>(text)
                .map(drop)
                .map_err(|e| e.to_string());
        }
        FileKind::Terraform => Format::Terraform,
        FileKind::ArmTemplate => Format::Arm,
        FileKind::Kubernetes => Format::Kubernetes,
        FileKind::Bicep => Format::Bicep,
        _ => return Err("ailint does not edit this kind of file".into()),
    };
    parse::parse(format, text).map(drop).map_err(|e| e.message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Safety;

    fn fix(edits: &[(std::ops::Range<usize>, &str)]) -> Fix {
        Fix {
            safety: Safety::Safe,
            description: String::new(),
            edits: edits
                .iter()
                .map(|(range, r)| Edit {
                    file: "a.yaml".into(),
                    range: range.clone(),
                    start: (1, 1),
                    end: (1, 1),
                    replacement: r.to_string(),
                })
                .collect(),
        }
    }

    const DOC: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: \"0\"\n";

    #[test]
    fn overlapping_fixes_wait_for_the_next_round() {
        let x = DOC.find("\"0\"").unwrap_or(0);
        let one = fix(&[(x..x + 3, "\"1\"")]);
        let two = fix(&[(x..x + 3, "\"2\"")]);
        let applied = apply(DOC, FileKind::Kubernetes, "a.yaml", &[&one, &two]);
        assert_eq!(applied.applied, vec![0]);
        assert!(applied.text.contains("x: \"1\""));
    }

    #[test]
    fn a_fix_that_breaks_the_file_is_dropped() {
        let x = DOC.find("\"0\"").unwrap_or(0);
        let bad = fix(&[(x..x + 3, "\"1")]);
        let good = fix(&[(0..0, "# fixed\n")]);
        let applied = apply(DOC, FileKind::Kubernetes, "a.yaml", &[&bad, &good]);
        assert_eq!(applied.applied, vec![1]);
        assert_eq!(applied.broken.len(), 1);
        assert!(applied.text.starts_with("# fixed\napiVersion"));
        assert!(applied.text.contains("x: \"0\""));
    }

    #[test]
    fn insertions_at_one_point_collide() {
        assert!(overlaps(&(5..5), &(5..5)));
        assert!(overlaps(&(5..5), &(3..7)));
        assert!(overlaps(&(3..3), &(3..7)));
        assert!(!overlaps(&(7..7), &(3..7)));
        assert!(!overlaps(&(1..3), &(3..5)));
    }
}
