//! `--changed-since REF`: the files and lines that changed since the merge base of REF and `HEAD`
//! (committed, staged, unstaged and untracked), asked of git, and whether a finding is on them.
//! The run evaluates the units of changed files whole, then keeps only the findings on changes.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::finding::Finding;

/// The id of git's empty tree, what a repository without commits is compared with.
const EMPTY_TREE: &str = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

/// What changed: per file (absolute, as git names it below the work tree), the changed line
/// ranges of the new text, or `None` for a file that is new or changed throughout.
#[derive(Debug, Default)]
pub struct Changes {
    files: HashMap<PathBuf, Option<Vec<(usize, usize)>>>,
    /// Files the change deleted (absolute, below the normalized root).
    removed: HashSet<PathBuf>,
    /// The commit compared with (the merge base), and the work tree's root.
    base: String,
    root: PathBuf,
}

impl Changes {
    /// The changes of the work tree that contains `cwd` since the merge base of `reference` and
    /// `HEAD`. Fails with a message for the user when git is missing, `cwd` is not in a work tree,
    /// or `reference` names nothing: the run must never silently check everything instead.
    pub fn since(reference: &str, cwd: &Path) -> Result<Changes, String> {
        let root = git(cwd, &["rev-parse", "--show-toplevel"])?;
        let root = normalize(Path::new(root.trim()));
        // Before the first commit (`HEAD` unborn) everything is new: compare with the empty tree.
        let unborn = git(cwd, &["rev-parse", "--verify", "--quiet", "HEAD"]).is_err();
        let base = if unborn && reference == "HEAD" {
            EMPTY_TREE.to_string()
        } else {
            git(cwd, &["merge-base", reference, "HEAD"]).map_err(|e| {
                format!("--changed-since {reference}: git finds no merge base with HEAD ({e}); fetch the branch first (in CI, check out with full history, e.g. `fetch-depth: 0`)")
            })?
        };
        let diff = git(
            cwd,
            &[
                "diff",
                "--unified=0",
                "--no-color",
                "--no-ext-diff",
                "--no-renames",
                base.trim(),
            ],
        )?;
        let mut changes = Changes::parse_diff(&root, &diff);
        changes.base = base.trim().to_string();
        changes.root = root.clone();
        let untracked = git(
            cwd,
            &["ls-files", "--others", "--exclude-standard", "--full-name"],
        )?;
        for name in untracked.lines().filter(|l| !l.is_empty()) {
            changes.files.insert(root.join(name), None);
        }
        Ok(changes)
    }

    /// The changed lines of a `git diff --unified=0` output, for files below `root`.
    pub fn parse_diff(root: &Path, diff: &str) -> Changes {
        let mut files: HashMap<PathBuf, Option<Vec<(usize, usize)>>> = HashMap::new();
        let mut current: Option<PathBuf> = None;
        let mut old: Option<PathBuf> = None;
        let mut removed = HashSet::new();
        for line in diff.lines() {
            if let Some(name) = line.strip_prefix("--- ") {
                old = unquote(name).strip_prefix("a/").map(|n| root.join(n));
            } else if line == "+++ /dev/null" {
                removed.extend(old.take());
                current = None;
            } else if let Some(name) = line.strip_prefix("+++ ") {
                // A name with unusual characters is C-quoted as a whole, `b/` included.
                current = unquote(name).strip_prefix("b/").map(|n| root.join(n));
                if let Some(path) = &current {
                    files
                        .entry(path.clone())
                        .or_insert_with(|| Some(Vec::new()));
                }
            } else if let (Some(hunk), Some(path)) = (line.strip_prefix("@@ "), &current) {
                // `@@ -a,b +c,d @@`: d lines from c in the new text (d = 0: only deletions,
                // which touch the line after them).
                let Some(new) = hunk.split(' ').find_map(|part| part.strip_prefix('+')) else {
                    continue;
                };
                let (start, count) = match new.split_once(',') {
                    Some((s, c)) => (s.parse().unwrap_or(0), c.parse().unwrap_or(1)),
                    None => (new.parse().unwrap_or(0), 1),
                };
                let range = match count {
                    0 => (start.max(1), start.max(1)),
                    n => (start, start + n - 1),
                };
                if let Some(Some(ranges)) = files.get_mut(path) {
                    ranges.push(range);
                }
            }
        }
        Changes {
            files,
            removed,
            ..Changes::default()
        }
    }

    /// The commit the changes are measured from (the merge base), and the work tree's root.
    pub fn base(&self) -> (&str, &Path) {
        (&self.base, &self.root)
    }

    /// Whether `file` (absolute) was deleted by the change.
    pub fn removes(&self, file: &Path) -> bool {
        self.removed.contains(&normalize(file))
    }

    /// Whether `file` (absolute) changed at all.
    pub fn touches(&self, file: &Path) -> bool {
        self.files.contains_key(&normalize(file))
    }

    /// The changed files, absolute.
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        self.files.keys().map(PathBuf::as_path)
    }

    /// Whether `finding` (in the file at `path`) is on a change: its lines, or the block of the
    /// resource it is about (a missing attribute is reported on the header, which may not be the
    /// line that changed), intersect a changed range. Findings on a new file are all kept.
    pub fn keeps(&self, finding: &Finding, path: &Path) -> bool {
        let Some(entry) = self.files.get(&normalize(path)) else {
            return false;
        };
        let Some(ranges) = entry else {
            return true;
        };
        // A file that failed to parse: any change in it may be the cause.
        if finding.rule_id == crate::finding::PARSE_ERROR.id {
            return true;
        }
        let mut spans = vec![(
            finding.span.line,
            finding.span.end_line.max(finding.span.line),
        )];
        if let (Some(start), Some(end)) = (finding.resource_line, finding.resource_end_line) {
            spans.push((start, end.max(start)));
        }
        spans
            .iter()
            .any(|&(a, b)| ranges.iter().any(|&(c, d)| a <= d && c <= b))
    }
}

/// A path as git and discovery both name it: absolute, with symbolic links resolved where it
/// exists.
fn normalize(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// A file name as `git diff` writes it: C-quoted when it has unusual characters.
fn unquote(name: &str) -> String {
    let Some(inner) = name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) else {
        return name.to_string();
    };
    inner.replace("\\\"", "\"").replace("\\\\", "\\")
}

impl Changes {
    /// Writes the files of the merge base that `keep` accepts (by their path relative to the
    /// root) into `into`, at the same relative paths, read from git's objects: the work tree, the
    /// index and the repository's worktree list are left alone. Symbolic links and submodules are
    /// skipped.
    pub fn export_base(&self, keep: &dyn Fn(&Path) -> bool, into: &Path) -> Result<(), String> {
        if self.base == EMPTY_TREE {
            return Ok(());
        }
        let listing = git(
            &self.root,
            &["ls-tree", "-r", "-z", "--full-tree", &self.base],
        )?;
        let mut blobs: Vec<(String, PathBuf)> = Vec::new();
        for entry in listing.split('\0').filter(|e| !e.is_empty()) {
            // `<mode> blob <oid>\t<path>`
            let Some((meta, name)) = entry.split_once('\t') else {
                continue;
            };
            let mut parts = meta.split(' ');
            let (Some(mode), Some("blob"), Some(oid)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let rel = PathBuf::from(name);
            if mode == "120000" || !keep(&rel) {
                continue;
            }
            blobs.push((oid.to_string(), rel));
        }
        if blobs.is_empty() {
            return Ok(());
        }
        let ids: String = blobs.iter().map(|(oid, _)| format!("{oid}\n")).collect();
        let contents = git_with_input(&self.root, &["cat-file", "--batch"], ids.as_bytes())?;
        let mut rest = contents.as_slice();
        for (_, rel) in &blobs {
            // `<oid> blob <size>\n<content>\n`
            let header_end = rest
                .iter()
                .position(|&b| b == b'\n')
                .ok_or("`git cat-file --batch` ended early")?;
            let header = String::from_utf8_lossy(&rest[..header_end]);
            let size: usize = header
                .rsplit(' ')
                .next()
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| format!("`git cat-file --batch`: unexpected `{header}`"))?;
            let body = rest
                .get(header_end + 1..header_end + 1 + size)
                .ok_or("`git cat-file --batch` ended early")?;
            let path = into.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            std::fs::write(&path, body)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            rest = rest.get(header_end + 2 + size..).unwrap_or_default();
        }
        Ok(())
    }
}

/// Runs git in `cwd` with `input` on its standard input; its standard output.
fn git_with_input(cwd: &Path, args: &[&str], input: &[u8]) -> Result<Vec<u8>, String> {
    use std::io::Write;
    let mut child = Command::new("git")
        .args(args)
        .current_dir(cwd)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("git cannot be run: {e}"))?;
    // Written from another thread: git answers while it reads, and both pipes would fill.
    let mut stdin = child.stdin.take().ok_or("git has no standard input")?;
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child
        .wait_with_output()
        .map_err(|e| format!("git failed: {e}"))?;
    let _ = writer.join();
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(format!(
            "`git {}`: {}",
            args.join(" "),
            stderr.lines().next().unwrap_or("git failed")
        ));
    }
    Ok(out.stdout)
}

/// Runs git in `cwd`, its standard output, or what went wrong in words.
fn git(cwd: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(cwd)
        .output()
        .map_err(|e| format!("--changed-since needs git, which cannot be run: {e}"))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first = stderr.lines().next().unwrap_or("git failed");
        return Err(format!("`git {}`: {first}", args.join(" ")));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIFF: &str = "diff --git a/infra/main.tf b/infra/main.tf
index 1111111..2222222 100644
--- a/infra/main.tf
+++ b/infra/main.tf
@@ -3 +3 @@ resource \"x\" \"y\" {
-  a = 1
+  a = 2
@@ -10,0 +11,3 @@
+b
+c
+d
@@ -20,2 +22,0 @@
-gone
-gone
diff --git a/new.yaml b/new.yaml
new file mode 100644
--- /dev/null
+++ b/new.yaml
@@ -0,0 +1,2 @@
+a: 1
+b: 2
diff --git \"a/we\\\"ird.tf\" \"b/we\\\"ird.tf\"
--- \"a/we\\\"ird.tf\"
+++ \"b/we\\\"ird.tf\"
@@ -1 +1 @@
-a
+b
diff --git a/old.tf b/old.tf
deleted file mode 100644
--- a/old.tf
+++ /dev/null
@@ -1 +0,0 @@
-x
";

    #[test]
    fn changed_ranges_of_a_zero_context_diff() {
        let root = Path::new("/repo");
        let changes = Changes::parse_diff(root, DIFF);
        assert_eq!(
            changes.files[&root.join("infra/main.tf")],
            Some(vec![(3, 3), (11, 13), (22, 22)])
        );
        assert_eq!(changes.files[&root.join("new.yaml")], Some(vec![(1, 2)]));
        assert!(!changes.files.contains_key(&root.join("old.tf")));
        assert_eq!(changes.files[&root.join("we\"ird.tf")], Some(vec![(1, 1)]));
    }
}
