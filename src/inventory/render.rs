//! The inventory as a terminal table, Markdown (pull request comments, step summaries) or JSON
//! (the contract in README's "Inventory" section). Unknown counts print as `?`, never as a guess.

use std::io::{self, Write};

use super::{Change, Inventory, Item};

/// The inventory as pretty-printed JSON.
pub fn json(inventory: &Inventory, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, inventory)?;
    writeln!(out)
}

/// A column: its header and how a row shows an item.
type Column = (&'static str, fn(&Item) -> String);

const CAPACITY: &[Column] = &[
    ("Kind", |i| kind_label(&i.kind).to_string()),
    ("Name", |i| i.name.clone()),
    ("SKU", |i| text(&i.sku)),
    ("GPUs/node", |i| per_unit(i)),
    ("Nodes", |i| range(i.min, i.max)),
    ("Priority", |i| text(&i.priority)),
    ("Role", |i| i.role.clone()),
    ("GPUs max", |i| count(i.gpus_max)),
    ("$/hour max", |i| money(i.price_per_hour_max)),
    ("$/month max", |i| money(i.price_per_month_max)),
];

const KUBERNETES: &[Column] = &[
    ("Name", |i| i.name.clone()),
    ("GPUs/replica", |i| count(i.gpus_per_unit)),
    ("Replicas", |i| range(i.min, i.max)),
    ("GPUs max", |i| count(i.gpus_max)),
    ("Node size", |i| text(&i.sku)),
    ("Priority", |i| text(&i.priority)),
    ("Role", |i| i.role.clone()),
];

const OPENAI: &[Column] = &[
    ("Name", |i| i.name.clone()),
    ("Model", |i| text(&i.model)),
    ("Version", |i| text(&i.model_version)),
    ("SKU", |i| text(&i.sku)),
    ("Capacity", |i| match (i.capacity, &i.capacity_unit) {
        (Some(c), Some(u)) => format!("{} {u}", num(c)),
        (c, _) => count(c),
    }),
];

/// The sections: a title and the items and columns that belong to it.
fn sections(inventory: &Inventory) -> Vec<(&'static str, Vec<&Item>, &'static [Column])> {
    let of = |pred: fn(&Item) -> bool| inventory.items.iter().filter(|i| pred(i)).collect();
    vec![
        ("Azure GPU capacity", of(Item::is_capacity), CAPACITY),
        (
            "Kubernetes GPU workloads (requests; they run on the capacity above)",
            of(Item::is_kubernetes),
            KUBERNETES,
        ),
        (
            "Azure OpenAI deployments",
            of(|i| i.kind == "openai-deployment"),
            OPENAI,
        ),
        (
            "Other",
            of(|i| !i.is_capacity() && !i.is_kubernetes() && i.kind != "openai-deployment"),
            CAPACITY,
        ),
    ]
}

/// The inventory as aligned columns for a terminal.
pub fn table(inventory: &Inventory, out: &mut dyn Write) -> io::Result<()> {
    if let Some(change) = &inventory.change {
        writeln!(out, "{}\n", change_sentence(change))?;
    }
    if inventory.items.is_empty() {
        writeln!(
            out,
            "No GPU capacity, GPU workloads or Azure OpenAI deployments are declared."
        )?;
    }
    let changed = inventory.change.is_some();
    for (title, items, columns) in sections(inventory) {
        if items.is_empty() {
            continue;
        }
        writeln!(out, "{title}")?;
        let mut rows: Vec<Vec<String>> = vec![std::iter::once("LOCATION".to_string())
            .chain(columns.iter().map(|(h, _)| h.to_uppercase()))
            .collect()];
        for item in &items {
            rows.push(
                std::iter::once(format!("{}{}", marker(item, changed), item.location()))
                    .chain(columns.iter().map(|(_, show)| show(item)))
                    .collect(),
            );
        }
        let widths: Vec<usize> = (0..rows[0].len())
            .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
            .collect();
        for row in rows {
            let cells: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(cell, w)| format!("{cell:<w$}"))
                .collect();
            writeln!(out, "  {}", cells.join("  ").trim_end())?;
        }
        writeln!(out)?;
    }
    for line in totals(inventory) {
        writeln!(out, "{line}")?;
    }
    writeln!(out, "{}", inventory.prices.describe())?;
    for u in &inventory.unparsable {
        writeln!(out, "not listed (cannot parse): {u}")?;
    }
    Ok(())
}

/// The inventory as Markdown tables.
pub fn markdown(inventory: &Inventory, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "### ailint: GPU inventory\n")?;
    if let Some(change) = &inventory.change {
        writeln!(out, "**{}**\n", change_sentence(change))?;
    }
    if inventory.items.is_empty() {
        writeln!(
            out,
            "No GPU capacity, GPU workloads or Azure OpenAI deployments are declared.\n"
        )?;
    }
    let changed = inventory.change.is_some();
    for (title, items, columns) in sections(inventory) {
        if items.is_empty() {
            continue;
        }
        writeln!(out, "**{title}**\n")?;
        let mut header = vec!["Location".to_string()];
        if changed {
            header.insert(0, "Change".into());
        }
        header.extend(columns.iter().map(|(h, _)| h.to_string()));
        writeln!(out, "| {} |", header.join(" | "))?;
        writeln!(out, "|{}", "---|".repeat(header.len()))?;
        for item in items {
            let mut cells = vec![format!("`{}`", cell(&item.location()))];
            if changed {
                cells.insert(0, item.change.clone().unwrap_or_default());
            }
            cells.extend(columns.iter().map(|(_, show)| cell(&show(item))));
            writeln!(out, "| {} |", cells.join(" | "))?;
        }
        writeln!(out)?;
    }
    for line in totals(inventory) {
        writeln!(out, "{line}\n")?;
    }
    writeln!(out, "_{}_", inventory.prices.describe())?;
    for u in &inventory.unparsable {
        writeln!(out, "\nNot listed (cannot parse): `{}`", cell(u))?;
    }
    Ok(())
}

/// What the change makes of GPU capacity, in one sentence.
pub fn change_sentence(change: &Change) -> String {
    let counts = format!(
        "{} added, {} changed, {} removed since {}",
        change.added, change.changed, change.removed, change.since
    );
    let unknown = match change.unknown_gpu_counts {
        0 => String::new(),
        n => format!("; {n} of unknown size left out"),
    };
    let gpus = change.gpus_max_delta;
    if gpus == 0.0 && change.price_per_month_max_delta == 0.0 {
        return format!(
            "This change leaves GPU capacity at max scale as it was ({counts}{unknown})."
        );
    }
    let verb = if gpus >= 0.0 { "adds" } else { "removes" };
    let models: Vec<String> = change
        .gpus_by_model_delta
        .iter()
        .filter(|(_, d)| (**d >= 0.0) == (gpus >= 0.0))
        .map(|(m, d)| format!("{} {m}", num(d.abs())))
        .collect();
    let models = if models.is_empty() {
        String::new()
    } else {
        format!(" ({})", models.join(", "))
    };
    let price = change.price_per_month_max_delta;
    format!(
        "This change {verb} up to {} GPUs{models}, {}${}/month at max scale ({counts}{unknown}).",
        num(gpus.abs()),
        if price >= 0.0 { "≈ +" } else { "≈ -" },
        thousands(price.abs()),
    )
}

/// The totals, as lines.
fn totals(inventory: &Inventory) -> Vec<String> {
    let t = &inventory.totals;
    let mut lines = Vec::new();
    let models: Vec<String> = t
        .gpus_by_model
        .iter()
        .map(|(m, g)| format!("{} {m}", num(*g)))
        .collect();
    let any_capacity = inventory.items.iter().any(Item::is_capacity);
    if any_capacity {
        let models = if models.is_empty() {
            String::new()
        } else {
            format!(" ({})", models.join(", "))
        };
        let scope = match inventory.change {
            Some(_) => "The changed units at max scale",
            None => "At max scale",
        };
        lines.push(format!(
            "{scope}: up to {} GPUs{models}, ≈ ${}/hour, ${}/month.",
            num(t.gpus_max),
            thousands(t.price_per_hour_max),
            thousands(t.price_per_month_max)
        ));
        let mut unknown = Vec::new();
        if t.unknown_gpu_counts > 0 {
            unknown.push(format!(
                "{} with a GPU count the files do not give",
                t.unknown_gpu_counts
            ));
        }
        if t.unpriced > 0 {
            unknown.push(format!("{} without a price", t.unpriced));
        }
        if !unknown.is_empty() {
            lines.push(format!(
                "Not in these totals: {} (shown as ?).",
                unknown.join(", ")
            ));
        }
    }
    if inventory.items.iter().any(Item::is_kubernetes) {
        let unknown = match t.kubernetes_unknown_counts {
            0 => String::new(),
            n => format!(", and {n} with a replica count the files do not give"),
        };
        lines.push(format!(
            "Kubernetes pods request up to {} GPUs{unknown}.",
            num(t.kubernetes_gpus_max)
        ));
    }
    lines
}

fn marker(item: &Item, changed: bool) -> &'static str {
    if !changed {
        return "";
    }
    match item.change.as_deref() {
        Some("added") => "+ ",
        Some("removed") => "- ",
        Some("changed") => "~ ",
        _ => "  ",
    }
}

fn kind_label(kind: &str) -> &str {
    match kind {
        "aks-node-pool" => "AKS node pool",
        "vm" => "VM",
        "vm-scale-set" => "VM scale set",
        "ml-compute-cluster" => "ML compute cluster",
        "ml-compute-instance" => "ML compute instance",
        "ml-online-deployment" => "ML online deployment",
        other => other,
    }
}

fn per_unit(item: &Item) -> String {
    match (item.gpus_per_unit, &item.gpu) {
        (Some(n), Some(model)) => format!("{}× {model}", num(n)),
        (Some(n), None) => num(n),
        (None, _) => "?".into(),
    }
}

fn range(min: Option<f64>, max: Option<f64>) -> String {
    match (min, max) {
        (Some(a), Some(b)) if a == b => num(a),
        (None, None) => "?".into(),
        (a, b) => format!("{}-{}", count(a), count(b)),
    }
}

fn count(n: Option<f64>) -> String {
    n.map(num).unwrap_or_else(|| "?".into())
}

fn text(s: &Option<String>) -> String {
    s.clone().unwrap_or_else(|| "?".into())
}

fn money(m: Option<f64>) -> String {
    m.map(thousands).unwrap_or_else(|| "?".into())
}

/// A number without a needless fraction: 4, 0.5, 0.167.
pub fn num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        let s = format!("{x:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Money with thousands separators, whole units above 100: 14.69, 10,725.
fn thousands(x: f64) -> String {
    let (whole, fraction) = if x >= 100.0 {
        (x.round() as u64, String::new())
    } else {
        let cents = (x * 100.0).round() as u64;
        (cents / 100, format!(".{:02}", cents % 100))
    };
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{grouped}{fraction}")
}

/// A Markdown table cell: pipes escaped, on one line.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_money_read_as_people_write_them() {
        assert_eq!(num(4.0), "4");
        assert_eq!(num(0.1667), "0.167");
        assert_eq!(thousands(14.692), "14.69");
        assert_eq!(thousands(10725.16), "10,725");
        assert_eq!(thousands(1234567.0), "1,234,567");
        assert_eq!(range(Some(0.0), None), "0-?");
        assert_eq!(range(Some(2.0), Some(2.0)), "2");
    }

    #[test]
    fn a_change_says_what_it_adds() {
        let change = Change {
            since: "origin/main".into(),
            added: 1,
            gpus_max_delta: 16.0,
            gpus_by_model_delta: [("A100 80GB".to_string(), 16.0)].into(),
            price_per_month_max_delta: 42900.0,
            ..Change::default()
        };
        assert_eq!(
            change_sentence(&change),
            "This change adds up to 16 GPUs (16 A100 80GB), ≈ +$42,900/month at max scale (1 added, 0 changed, 0 removed since origin/main)."
        );
    }
}
