//! The errors that end a run with exit status 2: a flag or configuration that cannot be used, a
//! policy that does not load, a file that cannot be read or written. Findings are not errors; a
//! file that does not parse is a finding (`AIL000`), and the run goes on.

use std::path::Path;

/// Why ailint cannot do what it was asked. Each message is complete as it stands (the file and
/// line are in it where there is one), so `main` prints it after `error: `.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A flag or argument that cannot be used (an unknown rule, a missing `--var-file`).
    #[error("{0}")]
    Usage(String),
    /// `.ailint.toml` or a baseline file that is malformed.
    #[error("{0}")]
    Config(String),
    /// A policy, bundled or the user's, that cannot be read, parsed or compiled.
    #[error("{0}")]
    Policy(String),
    /// Reading or writing a file or directory failed.
    #[error("cannot {action} {path}: {source}")]
    Io {
        action: &'static str,
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// Writing the report failed (a closed pipe, a full disk).
    #[error("{0}")]
    Output(#[from] std::io::Error),
    /// Something ailint itself could not do (start its worker threads).
    #[error("{0}")]
    Internal(String),
}

impl Error {
    /// A failed `action` ("read", "write baseline") on `path`.
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.display().to_string(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
