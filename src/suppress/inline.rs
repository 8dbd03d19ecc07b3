//! Reading suppression directives: `ailint-ignore <rules> <reason>` comments (HCL `#` and `//`,
//! YAML `#`, JSONC `//`) on the line above a resource or attribute or at the end of its line,
//! `ailint-ignore-file` for a whole file, and the text of an ARM resource's `"comments"` property.

use crate::finding::Finding;
use crate::parse::{ByteRange, Format};
use crate::policy::RuleMeta;
use crate::selector;

/// One `ailint-ignore` directive found in a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Directive {
    /// The comment, for diagnostics about the directive itself.
    pub range: ByteRange,
    /// What it silences.
    pub target: Target,
    /// Rule ids, slugs or id prefixes.
    pub selectors: Vec<String>,
    pub reason: String,
}

/// What a directive silences.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// Every finding of the file (`ailint-ignore-file`).
    File,
    /// Findings on this line, or about a resource whose header is on it.
    Line(usize),
    /// Findings about this resource (an ARM resource's `comments`).
    Resource(String),
    /// A comment with no code after it: it silences nothing.
    Nothing,
}

/// A directive's words: whether it is `ailint-ignore-file`, its rules and its reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub whole_file: bool,
    pub selectors: Vec<String>,
    pub reason: String,
}

/// What scanning a file's comments found.
#[derive(Debug, Clone, PartialEq)]
pub enum Scanned {
    Directive(Directive),
    /// A directive that is refused (no rule, or an unknown one), with why.
    Invalid {
        range: ByteRange,
        message: String,
    },
}

const FILE_DIRECTIVE: &str = "ailint-ignore-file";
const DIRECTIVE: &str = "ailint-ignore";

/// Scans the comments of a file of `format` for directives; selectors are checked against `rules`.
pub fn scan(text: &str, format: Format, rules: &[RuleMeta]) -> Vec<Scanned> {
    let mut out = Vec::new();
    // Terraform writes plan JSON without comments; a string value that happens to read
    // `// ailint-ignore` is data, not a directive. Plans are suppressed by config or baseline.
    if format == Format::TerraformPlan {
        return out;
    }
    let mut pending: Vec<usize> = Vec::new(); // directives waiting for the next code line
    let mut heredoc: Option<String> = None;
    let mut offset = 0;
    for (i, raw_line) in text.split_inclusive('\n').enumerate() {
        let line_no = i + 1;
        let start = offset;
        offset += raw_line.len();
        let line = raw_line.trim_end_matches(['\n', '\r']);
        if let Some(tag) = &heredoc {
            if line.trim() == tag {
                heredoc = None;
            }
            continue;
        }
        let comment = comment_start(line, format);
        let code = &line[..comment.map_or(line.len(), |(marker, _)| marker)];
        if format == Format::Terraform {
            heredoc = heredoc_tag(code);
        }
        let code_line = !code.trim().is_empty();
        if code_line {
            for d in pending.drain(..) {
                if let Scanned::Directive(dir) = &mut out[d] {
                    dir.target = Target::Line(line_no);
                }
            }
        }
        let Some((marker, text_at)) = comment else {
            continue;
        };
        let range = start + marker..start + line.len();
        match parse_directive(&line[text_at..], rules) {
            None => {}
            Some(Err(message)) => out.push(Scanned::Invalid { range, message }),
            Some(Ok(parsed)) => {
                let target = if parsed.whole_file {
                    Target::File
                } else if code_line {
                    Target::Line(line_no)
                } else {
                    // Placed on the next code line, if there is one.
                    pending.push(out.len());
                    Target::Nothing
                };
                out.push(Scanned::Directive(Directive {
                    range,
                    target,
                    selectors: parsed.selectors,
                    reason: parsed.reason,
                }));
            }
        }
    }
    out
}

/// Where a line's comment starts: the marker's byte index and where its text begins.
fn comment_start(line: &str, format: Format) -> Option<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) => {
                if b == b'\\' && q == b'"' {
                    i += 1;
                } else if b == q {
                    quote = None;
                }
            }
            None => {
                let slash = b == b'/' && bytes.get(i + 1) == Some(&b'/');
                match (format, b) {
                    (_, b'"') => quote = Some(b'"'),
                    (Format::Kubernetes, b'\'') => quote = Some(b'\''),
                    (Format::Terraform, b'#') => return Some((i, i + 1)),
                    (Format::Kubernetes, b'#') if i == 0 || bytes[i - 1].is_ascii_whitespace() => {
                        return Some((i, i + 1))
                    }
                    (Format::Terraform | Format::Arm | Format::Bicep, b'/') if slash => {
                        return Some((i, i + 2))
                    }
                    (Format::Bicep, b'\'') => quote = Some(b'\''),
                    _ => {}
                }
            }
        }
        i += 1;
    }
    None
}

/// The closing tag of a heredoc that starts on this line of HCL (`<<EOT`, `<<-EOT`).
fn heredoc_tag(code: &str) -> Option<String> {
    let at = code.find("<<")?;
    let rest = code[at + 2..].trim_start_matches('-');
    let tag: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!tag.is_empty()).then_some(tag)
}

/// Parses `ailint-ignore[-file] RULES REASON` at the start of a comment's text: `None` when the
/// comment is not a directive, an error when it is one without a valid rule list.
pub fn parse_directive(comment: &str, rules: &[RuleMeta]) -> Option<Result<Parsed, String>> {
    let text = comment.trim_start();
    let (whole_file, rest) = if let Some(rest) = text.strip_prefix(FILE_DIRECTIVE) {
        (true, rest)
    } else {
        (false, text.strip_prefix(DIRECTIVE)?)
    };
    if !(rest.is_empty() || rest.starts_with([' ', '\t', ':'])) {
        return None; // e.g. `ailint-ignored`: some other word
    }
    let rest = rest.trim_start_matches(':').trim_start();
    let mut words = rest.split_whitespace().peekable();
    let mut list = String::new();
    while let Some(word) = words.peek() {
        if !list.is_empty() && !list.ends_with(',') && !word.starts_with(',') {
            break;
        }
        list.push_str(word);
        words.next();
        // `AIL101: reason` ends the list with a colon.
        if let Some(stripped) = list.strip_suffix(':') {
            list = stripped.to_string();
            break;
        }
    }
    let selectors: Vec<String> = list
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let name = if whole_file {
        FILE_DIRECTIVE
    } else {
        DIRECTIVE
    };
    if selectors.is_empty() {
        return Some(Err(format!(
            "`{name}` without a rule is refused (no blanket ignores): name the rules, e.g. `{name} AIL301 <reason>`"
        )));
    }
    for s in &selectors {
        if !rules.iter().any(|r| selector::matches(s, r)) || selector::is_all(s) {
            return Some(Err(format!(
                "`{name}` names `{s}`, which is not a rule{}",
                selector::suggestion(s, rules)
            )));
        }
    }
    let reason = words.collect::<Vec<_>>().join(" ");
    let reason = reason.trim_start_matches(['-', ':', '—', ' ']).to_string();
    Some(Ok(Parsed {
        whole_file,
        selectors,
        reason,
    }))
}

/// Whether `directive` silences finding `f` (same file assumed).
pub fn covers(directive: &Directive, f: &Finding, rules: &[RuleMeta]) -> bool {
    let placed = match &directive.target {
        Target::File => true,
        Target::Line(line) => *line == f.span.line || Some(*line) == f.resource_line,
        Target::Resource(id) => f.resource.as_deref() == Some(id),
        Target::Nothing => false,
    };
    placed && selector::selects(&directive.selectors, &f.rule_id, rules)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    fn rules() -> Vec<RuleMeta> {
        let rule = |id: &str, slug: &str| RuleMeta {
            severity: Severity::Error,
            formats: vec![],
            ..RuleMeta::for_tests(id, slug)
        };
        vec![
            rule("AIL101", "ai-service-public-network-access"),
            rule("AIL301", "inference-min-replicas-zero"),
        ]
    }

    fn directives(text: &str, format: Format) -> Vec<Scanned> {
        scan(text, format, &rules())
    }

    #[test]
    fn hcl_directives_above_and_at_end_of_line() {
        let text = "# ailint-ignore AIL301 batch pool, idles at night\n\nresource \"a\" \"b\" {\n  min_count = 0 // ailint-ignore inference-min-replicas-zero,AIL101: warm-up job\n  x = \"# ailint-ignore AIL301 not a comment\"\n}\n";
        let found = directives(text, Format::Terraform);
        assert_eq!(found.len(), 2, "{found:?}");
        let Scanned::Directive(above) = &found[0] else {
            panic!("{found:?}")
        };
        assert_eq!(above.target, Target::Line(3));
        assert_eq!(above.selectors, vec!["AIL301"]);
        assert_eq!(above.reason, "batch pool, idles at night");
        let Scanned::Directive(trailing) = &found[1] else {
            panic!("{found:?}")
        };
        assert_eq!(trailing.target, Target::Line(4));
        assert_eq!(
            trailing.selectors,
            vec!["inference-min-replicas-zero", "AIL101"]
        );
        assert_eq!(trailing.reason, "warm-up job");
    }

    #[test]
    fn yaml_file_directive_and_hash_inside_strings() {
        let text = "# ailint-ignore-file AIL3 legacy manifests\nkind: Pod\nmetadata:\n  name: 'a # ailint-ignore AIL101'\n  url: http://x/#frag # ailint-ignore AIL101 why\n";
        let found = directives(text, Format::Kubernetes);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            matches!(&found[0], Scanned::Directive(d) if d.target == Target::File && d.selectors == ["AIL3"])
        );
        assert!(matches!(&found[1], Scanned::Directive(d) if d.target == Target::Line(5)));
    }

    #[test]
    fn blanket_and_unknown_rules_are_refused() {
        let found = directives("# ailint-ignore\n# ailint-ignore because reasons\n# ailint-ignore AIL999 x\n# ailint-ignore ALL x\n# ailint-ignored is a word\nk: v\n", Format::Kubernetes);
        assert_eq!(found.len(), 4, "{found:?}");
        for f in &found {
            assert!(matches!(f, Scanned::Invalid { .. }), "{f:?}");
        }
        let Scanned::Invalid { message, .. } = &found[0] else {
            unreachable!()
        };
        assert!(message.contains("no blanket ignores"), "{message}");
        let Scanned::Invalid { message, .. } = &directives(
            "# ailint-ignore inference-min-replicas-zer x\n",
            Format::Kubernetes,
        )[0] else {
            panic!()
        };
        assert!(
            message.contains("did you mean `inference-min-replicas-zero`"),
            "{message}"
        );
    }

    #[test]
    fn heredoc_lines_are_not_comments() {
        let text = "resource \"a\" \"b\" {\n  s = <<-EOT\n    # ailint-ignore AIL101 inside heredoc\n  EOT\n}\n";
        assert!(directives(text, Format::Terraform).is_empty());
    }

    #[test]
    fn jsonc_comments_in_arm() {
        let text = "{\n  // ailint-ignore AIL101 private by policy\n  \"type\": \"x\",\n  \"u\": \"http://a//b\"\n}\n";
        let found = directives(text, Format::Arm);
        assert_eq!(found.len(), 1);
        assert!(matches!(&found[0], Scanned::Directive(d) if d.target == Target::Line(3)));
    }

    #[test]
    fn plan_json_has_no_inline_directives() {
        // Neither a (non-standard) comment nor a value that reads like one silences anything.
        let text = "{\n  // ailint-ignore AIL101 hand edit\n  \"format_version\": \"1.2\",\n  \"values\": {\"comments\": \"ailint-ignore AIL301 data\", \"x\": \"// ailint-ignore-file AIL101\"}\n}\n";
        assert!(directives(text, Format::TerraformPlan).is_empty());
    }
}
