//! The subcommands: each turns parsed CLI arguments into work and an [`ExitStatus`].

pub mod check;
pub mod init;
pub mod inventory;
pub mod rules;
pub mod test;

/// The working directory, which every relative path is shown against.
pub fn cwd() -> crate::error::Result<std::path::PathBuf> {
    std::env::current_dir()
        .map_err(|e| crate::error::Error::io("read", "the working directory".as_ref(), e))
}

/// How the process ends: 0 clean, 1 findings (or failing tests), 2 usage or internal error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Success,
    Failure,
    Error,
}

impl ExitStatus {
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
        }
    }
}
