//! Which repository each unit of a run belongs to: the nearest directory above it holding a
//! `.git`, else the path given on the command line that contains it. Facts that units tell each
//! other (GPU pool taints) stay inside one repository when several are checked in one run.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Finds the repository of files, remembering the answer per directory (a run asks for every
/// unit, and most share their ancestors).
#[derive(Debug)]
pub struct Repositories {
    /// The paths given, absolute; a file stands for its directory.
    given: Vec<PathBuf>,
    cwd: PathBuf,
    vcs_root: HashMap<PathBuf, Option<PathBuf>>,
}

impl Repositories {
    pub fn new(given: &[PathBuf], cwd: &Path) -> Self {
        let given = given
            .iter()
            .map(|p| {
                let abs = absolute(cwd, p);
                match abs.is_file() {
                    true => abs.parent().map(Path::to_path_buf).unwrap_or(abs),
                    false => abs,
                }
            })
            .collect();
        Repositories {
            given,
            cwd: cwd.to_path_buf(),
            vcs_root: HashMap::new(),
        }
    }

    /// The repository of the file at `path` (relative to the working directory or absolute), as
    /// a key: its VCS root, else the longest given path that contains it, else its directory.
    pub fn of(&mut self, path: &Path) -> String {
        let abs = absolute(&self.cwd, path);
        let dir = abs.parent().map(Path::to_path_buf).unwrap_or_default();
        let root = match self.vcs_root_of(&dir) {
            Some(root) => root,
            None => self
                .given
                .iter()
                .filter(|g| dir.starts_with(g))
                .max_by_key(|g| g.components().count())
                .cloned()
                .unwrap_or(dir),
        };
        root.to_string_lossy().into_owned()
    }

    fn vcs_root_of(&mut self, dir: &Path) -> Option<PathBuf> {
        if let Some(known) = self.vcs_root.get(dir) {
            return known.clone();
        }
        let found = if dir.join(".git").exists() {
            Some(dir.to_path_buf())
        } else {
            match dir.parent() {
                Some(parent) if parent != dir => self.vcs_root_of(parent),
                _ => None,
            }
        };
        self.vcs_root.insert(dir.to_path_buf(), found.clone());
        found
    }
}

/// `path` made absolute against `cwd`, without `.` components (`..` stays: symlinks make it
/// more than text).
fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    joined
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_vcs_root_wins_over_the_given_path() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("a/.git")).unwrap();
        std::fs::create_dir_all(root.join("a/infra")).unwrap();
        std::fs::create_dir_all(root.join("b/k8s")).unwrap();
        let mut repos = Repositories::new(&[PathBuf::from(".")], root);
        let a = repos.of(Path::new("a/infra/main.tf"));
        assert_eq!(a, root.join("a").to_string_lossy());
        assert_eq!(repos.of(Path::new("a/x.yaml")), a);
        // b has no VCS root below the temporary directory's: it falls back to what was given
        // unless an ancestor of the temporary directory is a repository itself.
        let b = repos.of(Path::new("b/k8s/pod.yaml"));
        assert_ne!(a, b);
    }

    #[test]
    fn without_a_vcs_root_each_given_directory_is_its_own() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        for d in ["one/tf", "two/k8s"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        let given = [PathBuf::from("one"), PathBuf::from("two")];
        let mut repos = Repositories::new(&given, root);
        let one = repos.of(Path::new("one/tf/main.tf"));
        let two = repos.of(Path::new("two/k8s/pod.yaml"));
        if repos.vcs_root_of(root).is_none() {
            assert_eq!(one, root.join("one").to_string_lossy());
            assert_eq!(two, root.join("two").to_string_lossy());
        }
        assert_eq!(repos.of(Path::new("one/main.tf")), one);
    }
}
