//! `ailint inventory`: lists the GPU capacity and AI services of the given paths (see
//! [`crate::inventory`]) and writes them as a table, Markdown or JSON. Exit 0, or 2 on an error.

use std::io::Write;

use super::ExitStatus;
use crate::cli::{InventoryArgs, InventoryFormat};
use crate::config::{self, Config};
use crate::error::{Error, Result};
use crate::inventory::{render, Inventory};
use crate::policy::PolicySet;
use crate::settings::Settings;

pub fn run(args: &InventoryArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<ExitStatus> {
    let cwd = super::cwd()?;
    let config_path = match (&args.config, args.no_config) {
        (_, true) => None,
        (Some(p), _) => Some(p.clone()),
        (None, false) => args.paths.first().and_then(|p| config::find(p)),
    };
    let mut policy_dirs = args.policy_dir.clone();
    if let Some(path) = &config_path {
        policy_dirs.extend(config::policy_dirs(path)?);
    }
    let policies = PolicySet::load(&policy_dirs, &cwd)?;
    let config = match &config_path {
        Some(p) => config::load(p, &policies.rules)?,
        None => Config::default(),
    };
    let prices = config.inventory_prices.clone();
    let settings = Settings::for_inventory(args, config)?;
    let inventory = crate::inventory::gather(&settings, &policies, &cwd, &prices)?;
    match &args.output {
        Some(path) => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
            }
            let mut file = std::fs::File::create(path).map_err(|e| Error::io("write", path, e))?;
            write(args.format, &inventory, &mut file).map_err(|e| Error::io("write", path, e))?;
        }
        None => write(args.format, &inventory, out)?,
    }
    for e in &inventory.errors {
        writeln!(err, "error: {e}")?;
    }
    Ok(if inventory.errors.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Error
    })
}

fn write(
    format: InventoryFormat,
    inventory: &Inventory,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        InventoryFormat::Table => render::table(inventory, out),
        InventoryFormat::Json => render::json(inventory, out),
        InventoryFormat::Markdown => render::markdown(inventory, out),
    }
}
