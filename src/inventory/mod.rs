//! `ailint inventory`: the GPU capacity and AI services each unit declares (the `items` of
//! `package ailint.inventory`), placed on the line that declares them, priced from the list-price
//! table and totalled; with `--changed-since`, compared with the same units at the merge base.

pub mod prices;
pub mod render;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value as Json;

use crate::changes::Changes;
use crate::engine::{self, Run};
use crate::error::{Error, Result};
use crate::finding::Location;
use crate::policy::PolicySet;
use crate::settings::Settings;
use crate::unit::Unit;
use crate::{config, discover, input};

pub use prices::PriceTable;

/// Kinds that are Azure capacity (billed per VM hour), as opposed to Kubernetes GPU requests
/// (which run on that capacity) and Azure OpenAI deployments (billed per token or PTU).
const CAPACITY_KINDS: &[&str] = &[
    "aks-node-pool",
    "vm",
    "vm-scale-set",
    "ml-compute-cluster",
    "ml-compute-instance",
    "ml-online-deployment",
];

/// One thing the inventory lists. Counts the files do not give are `None` (shown as unknown).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Item {
    /// The unit that deploys it: a module's resource is deployed by each unit that calls it.
    pub unit: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub resource: String,
    pub kind: String,
    pub name: String,
    pub sku: Option<String>,
    pub gpu: Option<String>,
    /// GPUs per node, VM, instance or (Kubernetes) replica.
    #[serde(serialize_with = "optional_number")]
    pub gpus_per_unit: Option<f64>,
    /// Nodes, VMs, instances or replicas.
    #[serde(serialize_with = "optional_number")]
    pub min: Option<f64>,
    #[serde(serialize_with = "optional_number")]
    pub max: Option<f64>,
    pub priority: Option<String>,
    pub role: String,
    pub model: Option<String>,
    pub model_version: Option<String>,
    #[serde(serialize_with = "optional_number")]
    pub capacity: Option<f64>,
    pub capacity_unit: Option<String>,
    #[serde(serialize_with = "optional_number")]
    pub gpus_min: Option<f64>,
    #[serde(serialize_with = "optional_number")]
    pub gpus_max: Option<f64>,
    #[serde(serialize_with = "optional_number")]
    pub price_per_hour_max: Option<f64>,
    #[serde(serialize_with = "optional_number")]
    pub price_per_month_max: Option<f64>,
    /// With `--changed-since`: `added`, `removed`, `changed` or `unchanged`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
}

impl Item {
    /// Reads one entry of `items` (a custom module may add entries: what it leaves out is
    /// unknown), declared at `at`.
    fn from_rego(unit: &str, entry: &Json, at: &Location, prices: &PriceTable) -> Item {
        let text = |k: &str| entry.get(k).and_then(Json::as_str).map(str::to_string);
        let number = |k: &str| entry.get(k).and_then(Json::as_f64);
        let mut item = Item {
            unit: unit.to_string(),
            file: at.file.clone(),
            line: at.span.line,
            column: at.span.column,
            resource: text("resource").unwrap_or_default(),
            kind: text("kind").unwrap_or_else(|| "other".into()),
            name: text("name")
                .or_else(|| text("resource"))
                .unwrap_or_default(),
            sku: text("sku"),
            gpu: text("gpu"),
            gpus_per_unit: number("gpus_per_unit"),
            min: number("min"),
            max: number("max"),
            priority: text("priority"),
            role: text("role").unwrap_or_else(|| "unknown".into()),
            model: text("model"),
            model_version: text("model_version"),
            capacity: number("capacity"),
            capacity_unit: text("capacity_unit"),
            gpus_min: None,
            gpus_max: None,
            price_per_hour_max: None,
            price_per_month_max: None,
            change: None,
        };
        item.gpus_min = item.gpus_per_unit.zip(item.min).map(|(g, n)| round(g * n));
        item.gpus_max = item.gpus_per_unit.zip(item.max).map(|(g, n)| round(g * n));
        if item.is_capacity() {
            let hourly = item.sku.as_deref().and_then(|s| prices.per_hour(s));
            let at_max = hourly.zip(item.max).map(|(p, n)| p * n);
            item.price_per_hour_max = at_max.map(cents);
            item.price_per_month_max = at_max.map(|p| cents(p * prices.hours_per_month));
        }
        item
    }

    /// Azure capacity, billed per VM hour.
    pub fn is_capacity(&self) -> bool {
        CAPACITY_KINDS.contains(&self.kind.as_str())
    }

    pub fn is_kubernetes(&self) -> bool {
        self.kind == "kubernetes-workload"
    }

    /// Whether two items are the same declaration (at the merge base and now).
    fn same_declaration(&self, other: &Item) -> bool {
        self.unit == other.unit
            && self.file == other.file
            && self.resource == other.resource
            && self.name == other.name
    }

    /// Where it is declared, and through which unit when that is another file (a module).
    pub fn location(&self) -> String {
        let inside = self.file == self.unit
            || self
                .file
                .strip_prefix(&self.unit)
                .is_some_and(|rest| rest.starts_with('/') && !rest[1..].contains('/'));
        match inside || self.unit.is_empty() {
            true => format!("{}:{}", self.file, self.line),
            false => format!("{}:{} (via {})", self.file, self.line, self.unit),
        }
    }

    /// Whether what the item provisions differs (its line may move without a change).
    fn differs(&self, other: &Item) -> bool {
        let mut a = self.clone();
        a.file = other.file.clone();
        a.line = other.line;
        a.column = other.column;
        a.change = other.change.clone();
        a != *other
    }
}

/// A count or price as JSON writes it: `4`, not `4.0`.
fn number<S: serde::Serializer>(x: &f64, s: S) -> std::result::Result<S::Ok, S::Error> {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        s.serialize_i64(*x as i64)
    } else {
        s.serialize_f64(*x)
    }
}

fn optional_number<S: serde::Serializer>(
    x: &Option<f64>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match x {
        Some(x) => number(x, s),
        None => s.serialize_none(),
    }
}

/// A map of counts as JSON writes them.
fn numbers<S: serde::Serializer>(
    m: &BTreeMap<String, f64>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(m.len()))?;
    for (k, v) in m {
        map.serialize_entry(k, &Number(*v))?;
    }
    map.end()
}

struct Number(f64);

impl Serialize for Number {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        number(&self.0, s)
    }
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Sums of what the items provision at max scale.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Totals {
    /// Azure capacity: GPUs at max scale, by GPU model.
    #[serde(serialize_with = "number")]
    pub gpus_max: f64,
    #[serde(serialize_with = "numbers")]
    pub gpus_by_model: BTreeMap<String, f64>,
    /// Capacity items whose GPU count at max scale is unknown.
    pub unknown_gpu_counts: usize,
    #[serde(serialize_with = "number")]
    pub price_per_hour_max: f64,
    #[serde(serialize_with = "number")]
    pub price_per_month_max: f64,
    /// Capacity items without a price (unknown size or count).
    pub unpriced: usize,
    /// Kubernetes: GPUs the pods request at max replicas.
    #[serde(serialize_with = "number")]
    pub kubernetes_gpus_max: f64,
    pub kubernetes_unknown_counts: usize,
    pub openai_deployments: usize,
}

impl Totals {
    fn of<'a>(items: impl Iterator<Item = &'a Item>) -> Totals {
        let mut t = Totals::default();
        for item in items {
            if item.is_capacity() {
                match item.gpus_max {
                    Some(g) => {
                        t.gpus_max += g;
                        let model = item.gpu.clone().unwrap_or_else(|| "unknown model".into());
                        *t.gpus_by_model.entry(model).or_default() += g;
                    }
                    None => t.unknown_gpu_counts += 1,
                }
                match item.price_per_hour_max {
                    Some(p) => {
                        t.price_per_hour_max += p;
                        t.price_per_month_max += item.price_per_month_max.unwrap_or_default();
                    }
                    None => t.unpriced += 1,
                }
            } else if item.is_kubernetes() {
                match item.gpus_max {
                    Some(g) => t.kubernetes_gpus_max += g,
                    None => t.kubernetes_unknown_counts += 1,
                }
            } else if item.kind == "openai-deployment" {
                t.openai_deployments += 1;
            }
        }
        t.gpus_max = round(t.gpus_max);
        t.kubernetes_gpus_max = round(t.kubernetes_gpus_max);
        t.price_per_hour_max = cents(t.price_per_hour_max);
        t.price_per_month_max = cents(t.price_per_month_max);
        for g in t.gpus_by_model.values_mut() {
            *g = round(*g);
        }
        t
    }
}

/// What a change makes of the inventory: the totals of the changed units now less those at the
/// merge base.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Change {
    pub since: String,
    pub base: String,
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    #[serde(serialize_with = "number")]
    pub gpus_max_delta: f64,
    #[serde(serialize_with = "numbers")]
    pub gpus_by_model_delta: BTreeMap<String, f64>,
    #[serde(serialize_with = "number")]
    pub price_per_hour_max_delta: f64,
    #[serde(serialize_with = "number")]
    pub price_per_month_max_delta: f64,
    #[serde(serialize_with = "number")]
    pub kubernetes_gpus_max_delta: f64,
    /// Capacity items, now or at the base, whose GPU count is unknown: the deltas leave them out.
    pub unknown_gpu_counts: usize,
}

/// The inventory of a run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Inventory {
    pub version: u32,
    pub prices: PriceTable,
    pub items: Vec<Item>,
    pub totals: Totals,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
    /// Files that could not be read or parsed (their capacity is not listed): `file:line:column: message`.
    pub unparsable: Vec<String>,
    pub errors: Vec<String>,
}

/// Lists what `settings.paths` (relative to `cwd`) declare; with `settings.changed_since`, only
/// the units of changed files, compared with the same units at the merge base.
pub fn gather(
    settings: &Settings,
    policies: &PolicySet,
    cwd: &Path,
    price_overrides: &BTreeMap<String, f64>,
) -> Result<Inventory> {
    // The library and the user's modules are all the inventory needs: no bundled rule.
    let compiled = policies.engine_for(&[])?;
    let engine = &compiled;
    let bundled = bundled_prices(engine)?;
    let prices = PriceTable::new(&bundled, price_overrides);
    let changes = match &settings.changed_since {
        Some(reference) => Some(
            Changes::since(reference, &crate::git_dir_of(&settings.paths, cwd))
                .map_err(Error::Usage)?,
        ),
        None => None,
    };
    let work = || -> Result<Inventory> {
        let keep = |units: &mut Vec<Unit>| {
            if let Some(changes) = &changes {
                crate::retain_changed_units(units, changes, cwd);
            }
        };
        let listed = list(settings, engine, cwd, &settings.paths, &keep, &prices)?;
        let mut inventory = Inventory {
            version: 1,
            prices: prices.clone(),
            totals: Totals::of(listed.items.iter()),
            items: listed.items,
            unparsable: listed.unparsable,
            errors: listed.errors,
            change: None,
        };
        if let (Some(changes), Some(reference)) = (&changes, &settings.changed_since) {
            let base = base_items(settings, engine, cwd, changes, &listed.units, &prices)?;
            inventory.change = Some(compare(reference, changes, base, &mut inventory.items));
        }
        Ok(inventory)
    };
    crate::with_jobs(settings.jobs, work)?
}

/// The bundled price table.
fn bundled_prices(engine: &regorus::Engine) -> Result<Json> {
    let mut engine = engine.clone();
    let value = engine
        .eval_rule("data.ailint.lib.gpu_list_prices".to_string())
        .map_err(|e| Error::Policy(format!("the price table: {e}")))?;
    serde_json::to_value(&value).map_err(|e| Error::Policy(format!("the price table: {e}")))
}

/// What one listing found: its items (sorted by file and line), the names of the units it
/// listed, and what it could not read.
struct Listed {
    items: Vec<Item>,
    units: HashSet<String>,
    unparsable: Vec<String>,
    errors: Vec<String>,
}

fn list(
    settings: &Settings,
    engine: &regorus::Engine,
    cwd: &Path,
    paths: &[PathBuf],
    keep: &dyn Fn(&mut Vec<Unit>),
    prices: &PriceTable,
) -> Result<Listed> {
    let exclude = config::globset_of(&settings.exclude).map_err(Error::Config)?;
    let discovery = discover::discover(paths, cwd, &exclude).map_err(Error::Usage)?;
    let mut unparsable: Vec<String> = discovery
        .unreadable
        .iter()
        .map(|u| format!("{}: {}", u.display, u.message))
        .collect();
    let mut units = crate::units_to_check(discovery.files);
    keep(&mut units);
    let no_context = serde_json::json!({});
    let run = Run {
        shared: input::Shared {
            config: &settings.policy_config,
            context: &no_context,
        },
        parse: &settings.parse,
        skip_by_type: true,
        engine,
    };
    let listed: Vec<engine::UnitInventory> = units
        .par_iter()
        .map(|u| engine::unit_inventory(u, run))
        .collect();
    let mut items = Vec::new();
    let mut errors = Vec::new();
    for listing in listed {
        items.extend(
            listing
                .items
                .iter()
                .map(|(entry, at)| Item::from_rego(&listing.unit, entry, at, prices)),
        );
        unparsable.extend(listing.unparsable);
        errors.extend(listing.errors);
    }
    disambiguate(&mut items);
    items.sort_by(|a, b| {
        (
            a.file.as_str(),
            a.line,
            a.column,
            a.name.as_str(),
            a.unit.as_str(),
        )
            .cmp(&(
                b.file.as_str(),
                b.line,
                b.column,
                b.name.as_str(),
                b.unit.as_str(),
            ))
    });
    Ok(Listed {
        items,
        units: units.into_iter().map(|u| u.name).collect(),
        unparsable,
        errors,
    })
}

/// Items of one unit that share a name (the instances of a loop, which ARM names alike before
/// deployment) are named by their resource id instead, which differs.
fn disambiguate(items: &mut [Item]) {
    let mut seen: std::collections::HashMap<(String, String), usize> = Default::default();
    for item in items.iter() {
        *seen
            .entry((item.unit.clone(), item.name.clone()))
            .or_default() += 1;
    }
    for item in items.iter_mut() {
        if seen[&(item.unit.clone(), item.name.clone())] > 1 && item.name != item.resource {
            item.name = item.resource.clone();
        }
    }
}

/// The items of the changed units as they were at the merge base: its files under the checked
/// paths are written to a temporary directory and listed there, with the same display paths.
fn base_items(
    settings: &Settings,
    engine: &regorus::Engine,
    cwd: &Path,
    changes: &Changes,
    units_now: &HashSet<String>,
    prices: &PriceTable,
) -> Result<Vec<Item>> {
    let (_, root) = changes.base();
    let cwd_abs = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
    // The base's files are shown with the paths they have now, relative to the working directory.
    let Ok(cwd_rel) = cwd_abs.strip_prefix(root) else {
        return Err(Error::Usage(format!(
            "inventory --changed-since compares with the merge base, whose files are named from the working directory: run it inside the repository ({})",
            root.display()
        )));
    };
    let tmp = tempfile::tempdir()
        .map_err(|e| Error::Internal(format!("cannot create a temporary directory: {e}")))?;
    let under: Vec<PathBuf> = settings.paths.iter().map(|p| cwd_abs.join(p)).collect();
    // Every file ailint may read, not only those under the paths: a unit calls local modules
    // and reads variable files from elsewhere in the repository.
    changes
        .export_base(&readable, tmp.path())
        .map_err(Error::Usage)?;
    let base_cwd = tmp.path().join(cwd_rel);
    let paths: Vec<PathBuf> = under
        .iter()
        .filter_map(|p| {
            let p = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
            p.strip_prefix(root).ok().map(|rel| tmp.path().join(rel))
        })
        .filter(|p| p.exists())
        .collect();
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    // The same units as now, and those whose files the change deleted.
    let keep = |units: &mut Vec<Unit>| {
        units.retain(|u| {
            units_now.contains(&u.name)
                || u.files
                    .iter()
                    .any(|f| changes.removes(&cwd_abs.join(&f.display)))
        })
    };
    Ok(list(settings, engine, &base_cwd, &paths, &keep, prices)?.items)
}

/// Whether ailint may read the file at `path`: what discovery and module calls open.
fn readable(path: &Path) -> bool {
    const EXTENSIONS: &[&str] = &["tf", "tfvars", "json", "yaml", "yml", "bicep", "bicepparam"];
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Marks each item `added`, `changed` or `unchanged`, appends the base's items that are gone as
/// `removed`, and sums the difference.
fn compare(reference: &str, changes: &Changes, base: Vec<Item>, now: &mut Vec<Item>) -> Change {
    let before = Totals::of(base.iter());
    let after = Totals::of(now.iter());
    let mut change = Change {
        since: reference.to_string(),
        base: changes.base().0.to_string(),
        ..Change::default()
    };
    for item in now.iter_mut() {
        let mark = match base.iter().find(|b| b.same_declaration(item)) {
            None => {
                change.added += 1;
                "added"
            }
            Some(b) if b.differs(item) => {
                change.changed += 1;
                "changed"
            }
            Some(_) => "unchanged",
        };
        item.change = Some(mark.to_string());
    }
    let gone: Vec<Item> = base
        .into_iter()
        .filter(|b| !now.iter().any(|n| n.same_declaration(b)))
        .collect();
    for mut item in gone {
        change.removed += 1;
        item.change = Some("removed".into());
        now.push(item);
    }
    change.gpus_max_delta = round(after.gpus_max - before.gpus_max);
    let models: std::collections::BTreeSet<&String> = after
        .gpus_by_model
        .keys()
        .chain(before.gpus_by_model.keys())
        .collect();
    for model in models {
        let delta = after.gpus_by_model.get(model).copied().unwrap_or_default()
            - before.gpus_by_model.get(model).copied().unwrap_or_default();
        if delta != 0.0 {
            change
                .gpus_by_model_delta
                .insert(model.clone(), round(delta));
        }
    }
    change.price_per_hour_max_delta = cents(after.price_per_hour_max - before.price_per_hour_max);
    change.price_per_month_max_delta =
        cents(after.price_per_month_max - before.price_per_month_max);
    change.kubernetes_gpus_max_delta =
        round(after.kubernetes_gpus_max - before.kubernetes_gpus_max);
    change.unknown_gpu_counts = after.unknown_gpu_counts + before.unknown_gpu_counts;
    change
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(name: &str, gpus_max: Option<f64>, price: Option<f64>) -> Item {
        Item {
            unit: "infra".into(),
            file: "infra/aks.tf".into(),
            line: 1,
            column: 1,
            resource: name.into(),
            kind: "aks-node-pool".into(),
            name: name.into(),
            sku: Some("Standard_NC24ads_A100_v4".into()),
            gpu: Some("A100 80GB".into()),
            gpus_per_unit: Some(1.0),
            min: Some(0.0),
            max: gpus_max,
            priority: Some("regular".into()),
            role: "inference".into(),
            model: None,
            model_version: None,
            capacity: None,
            capacity_unit: None,
            gpus_min: Some(0.0),
            gpus_max,
            price_per_hour_max: price,
            price_per_month_max: price.map(|p| p * HOURS),
            change: None,
        }
    }

    const HOURS: f64 = prices::HOURS_PER_MONTH;

    #[test]
    fn unknown_counts_are_counted_apart_never_summed() {
        let items = [item("a", Some(4.0), Some(14.69)), item("b", None, None)];
        let t = Totals::of(items.iter());
        assert_eq!(t.gpus_max, 4.0);
        assert_eq!(t.unknown_gpu_counts, 1);
        assert_eq!(t.unpriced, 1);
        assert_eq!(t.gpus_by_model.get("A100 80GB"), Some(&4.0));
    }

    #[test]
    fn a_change_is_the_difference_of_the_changed_units() {
        let base = vec![
            item("a", Some(2.0), Some(7.35)),
            item("gone", Some(1.0), Some(3.67)),
        ];
        let mut now = vec![
            item("a", Some(4.0), Some(14.69)),
            item("new", Some(8.0), Some(29.38)),
        ];
        now[0].line = 7;
        let change = compare("main", &Changes::default(), base, &mut now);
        assert_eq!((change.added, change.changed, change.removed), (1, 1, 1));
        assert_eq!(change.gpus_max_delta, 9.0);
        assert_eq!(change.gpus_by_model_delta.get("A100 80GB"), Some(&9.0));
        assert_eq!(now[2].change.as_deref(), Some("removed"));
    }

    #[test]
    fn a_moved_line_alone_is_no_change() {
        let base = vec![item("a", Some(2.0), Some(7.35))];
        let mut now = vec![item("a", Some(2.0), Some(7.35))];
        now[0].line = 30;
        let change = compare("main", &Changes::default(), base, &mut now);
        assert_eq!(change.changed, 0);
        assert_eq!(now[0].change.as_deref(), Some("unchanged"));
    }
}
