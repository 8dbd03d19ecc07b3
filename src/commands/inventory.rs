//! `ailint inventory`: lists the GPU capacity and AI services of the given paths (see
//! [`crate::inventory`]) and writes them as a table, Markdown or JSON. Exit 0, or 2 on an error.

use std::io::Write;

use super::ExitStatus;
use crate::cli::{InventoryArgs, InventoryFormat};
use crate::error::Result;
use crate::inventory::{render, Inventory};
use crate::settings::Settings;

pub fn run(args: &InventoryArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<ExitStatus> {
    let cwd = super::cwd()?;
    let config_path = super::config_path(&args.config, args.no_config, &args.paths);
    let (policies, config) =
        super::policies_and_config(config_path.as_deref(), &args.policy_dir, &cwd)?;
    let prices = config.inventory_prices.clone();
    let settings = Settings::for_inventory(args, config)?;
    let inventory = crate::inventory::gather(&settings, &policies, &cwd, &prices)?;
    match &args.output {
        Some(path) => super::write_file(path, |w| write(args.format, &inventory, w))?,
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
