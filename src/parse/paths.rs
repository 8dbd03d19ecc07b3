//! Local paths as module sources name them (`./x`, `../modules/y`), normalised lexically: the same
//! file reached two ways has one name, and no filesystem access is needed.

use std::path::{Component, Path, PathBuf};

/// `a/b/../c` → `a/c` without touching the filesystem (symlinks are not resolved, as
/// Terraform does not resolve them either for local module paths).
pub fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

pub fn lexical_display(display: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in display.split('/') {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." => {
                    parts.pop();
                }
                _ => parts.push(".."),
            },
            p => parts.push(p),
        }
    }
    if display.starts_with('/') {
        format!("/{}", parts.join("/"))
    } else if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}
