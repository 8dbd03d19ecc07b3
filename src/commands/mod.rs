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

/// `--config FILE`, else the nearest `.ailint.toml` above the first path, unless `--no-config`.
pub fn config_path(
    config: &Option<std::path::PathBuf>,
    no_config: bool,
    paths: &[std::path::PathBuf],
) -> Option<std::path::PathBuf> {
    if no_config {
        return None;
    }
    match config {
        Some(p) => Some(p.clone()),
        None => paths.first().and_then(|p| crate::config::find(p)),
    }
}

/// The policies (bundled, `--policy-dir`s and the configuration's `policy_dirs`) and the
/// configuration at `config_path`, checked against those policies' rules.
pub fn policies_and_config(
    config_path: Option<&std::path::Path>,
    policy_dir_flags: &[std::path::PathBuf],
    cwd: &std::path::Path,
) -> crate::error::Result<(crate::policy::PolicySet, crate::config::Config)> {
    // The configuration's `policy_dirs` decide which rules exist, and the rest of it is checked
    // against those rules: read the directories first.
    let mut policy_dirs = policy_dir_flags.to_vec();
    if let Some(path) = config_path {
        policy_dirs.extend(crate::config::policy_dirs(path)?);
    }
    let policies = crate::policy::PolicySet::load(&policy_dirs, cwd)?;
    let config = match config_path {
        Some(p) => crate::config::load(p, &policies.rules)?,
        None => crate::config::Config::default(),
    };
    Ok((policies, config))
}

/// Writes an output file, creating its directory.
pub fn write_file(
    path: &std::path::Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> crate::error::Result<()> {
    use crate::error::Error;
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
    }
    let mut file = std::fs::File::create(path).map_err(|e| Error::io("write", path, e))?;
    write(&mut file).map_err(|e| Error::io("write", path, e))
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
