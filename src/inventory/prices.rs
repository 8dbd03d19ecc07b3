//! The list-price table `ailint inventory` estimates with: the bundled one (`gpu_list_prices` in
//! policies/lib/vm_sizes.rego, with its currency, region, offer, date and source) under the
//! configuration's `[inventory.prices]`.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value as Json;

/// Hours in a month of list pricing (Azure's calculator uses 730).
pub const HOURS_PER_MONTH: f64 = 730.0;

/// What prices are and where they come from, as the reports print it.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct PriceTable {
    pub currency: String,
    pub region: String,
    pub offer: String,
    pub as_of: String,
    pub source: String,
    #[serde(serialize_with = "super::number")]
    pub hours_per_month: f64,
    /// Sizes whose price the configuration set (lower-cased).
    pub overridden: BTreeSet<String>,
    #[serde(skip)]
    per_hour: BTreeMap<String, f64>,
}

impl PriceTable {
    /// The bundled table (`data.ailint.lib.gpu_list_prices`) with `overrides` over it.
    pub fn new(bundled: &Json, overrides: &BTreeMap<String, f64>) -> PriceTable {
        let text = |key: &str| {
            bundled
                .get(key)
                .and_then(Json::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let mut per_hour: BTreeMap<String, f64> = bundled
            .get("per_hour")
            .and_then(Json::as_object)
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.to_ascii_lowercase(), v.as_f64()?)))
                    .collect()
            })
            .unwrap_or_default();
        for (size, price) in overrides {
            per_hour.insert(size.to_ascii_lowercase(), *price);
        }
        PriceTable {
            currency: text("currency"),
            region: text("region"),
            offer: text("offer"),
            as_of: text("as_of"),
            source: text("source"),
            hours_per_month: HOURS_PER_MONTH,
            overridden: overrides.keys().map(|k| k.to_ascii_lowercase()).collect(),
            per_hour,
        }
    }

    /// The price per hour of one VM of `size`, when the table has it.
    pub fn per_hour(&self, size: &str) -> Option<f64> {
        self.per_hour.get(&size.to_ascii_lowercase()).copied()
    }

    /// One line saying what the estimates are.
    pub fn describe(&self) -> String {
        let overridden = match self.overridden.len() {
            0 => String::new(),
            n => format!(", {n} set in .ailint.toml"),
        };
        format!(
            "list-price estimate: {}, {}, {}, table of {} ({}){overridden}; set your own with [inventory.prices]",
            self.currency, self.region, self.offer, self.as_of, self.source
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn overrides_win_and_sizes_match_without_case() {
        let bundled = json!({"currency": "USD", "per_hour": {"standard_nc6s_v3": 3.06}});
        let overrides = BTreeMap::from([("Standard_NC6s_v3".to_string(), 2.0)]);
        let table = PriceTable::new(&bundled, &overrides);
        assert_eq!(table.per_hour("STANDARD_NC6S_V3"), Some(2.0));
        assert_eq!(table.per_hour("Standard_NC4as_T4_v3"), None);
        assert!(table.describe().contains("1 set in .ailint.toml"));
    }
}
