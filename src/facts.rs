//! Facts that units tell each other, such as the taints of the run's GPU node pools (for AIL602):
//! declared by `package ailint.facts` on every unit that can hold them before any rule runs,
//! merged in an order that does not depend on which unit finished first, and shaped once by
//! `package ailint.context` into the `input.context` every unit's rules see.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value as Json};

use crate::policy::{CONTEXT_PACKAGE, FACTS_PACKAGE};

/// The facts declared so far, by name: each fact is a set of items.
#[derive(Debug, Default)]
pub struct Gathered {
    by_name: BTreeMap<String, Vec<Json>>,
}

impl Gathered {
    /// Adds the facts one unit declared.
    pub fn add(&mut self, facts: Map<String, Json>) {
        for (name, value) in facts {
            if let Json::Array(items) = value {
                self.by_name.entry(name).or_default().extend(items);
            }
        }
    }

    /// The input `package ailint.context` is evaluated on: `{"facts": {name: [items]}}`, each
    /// fact's items sorted and each once, so that the run's order of units does not show.
    fn input(self) -> Json {
        let facts: Map<String, Json> = self
            .by_name
            .into_iter()
            .map(|(name, items)| {
                let mut keyed: Vec<(String, Json)> =
                    items.into_iter().map(|i| (i.to_string(), i)).collect();
                keyed.sort_by(|a, b| a.0.cmp(&b.0));
                keyed.dedup_by(|a, b| a.0 == b.0);
                (
                    name,
                    Json::Array(keyed.into_iter().map(|(_, i)| i).collect()),
                )
            })
            .collect();
        json!({ "facts": facts })
    }

    /// The run's `input.context`: the public rules of `package ailint.context`, evaluated once on
    /// the gathered facts (an empty object when no such package is loaded).
    pub fn context(self, engine: &regorus::Engine) -> Result<Json, String> {
        let mut engine = engine.clone();
        engine.set_input(regorus::Value::from(self.input()));
        public_rules(&mut engine, CONTEXT_PACKAGE).map(Json::Object)
    }
}

/// The facts a unit declares: the public rules of `package ailint.facts` evaluated on the unit's
/// input document, which `engine` holds.
pub fn declared(engine: &mut regorus::Engine) -> Result<Map<String, Json>, String> {
    public_rules(engine, FACTS_PACKAGE)
}

/// The values of the rules of `package` whose names do not start with `_` (Rego's convention for
/// a module's own helpers).
fn public_rules(engine: &mut regorus::Engine, package: &str) -> Result<Map<String, Json>, String> {
    let results = engine
        .eval_query(format!("data.{package}"), false)
        .map_err(|e| e.to_string())?;
    let value = results
        .result
        .into_iter()
        .next()
        .and_then(|r| r.expressions.into_iter().next())
        .map(|e| e.value);
    let Some(value) = value else {
        return Ok(Map::new());
    };
    match serde_json::to_value(&value).map_err(|e| e.to_string())? {
        Json::Object(rules) => Ok(rules
            .into_iter()
            .filter(|(name, _)| !name.starts_with('_'))
            .collect()),
        _ => Ok(Map::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::PolicySet;

    fn taint(pool: &str, key: &str) -> Json {
        json!({"key": key, "value": "gpu", "effect": "NoSchedule", "pool": pool})
    }

    fn context_of(units: Vec<Vec<Json>>) -> Json {
        let policies = PolicySet::bundled().unwrap();
        let mut gathered = Gathered::default();
        for items in units {
            let mut facts = Map::new();
            facts.insert("gpu_node_taints".into(), Json::Array(items));
            gathered.add(facts);
        }
        gathered.context(policies.engine().unwrap()).unwrap()
    }

    #[test]
    fn pools_with_the_same_taints_are_given_once_and_counted() {
        let context = context_of(vec![
            vec![taint("b", "sku"), taint("a", "sku")],
            vec![taint("c", "team"), taint("c", "sku")],
        ]);
        assert_eq!(context["gpu_pool_count"], json!(3));
        let grouped = context["gpu_pool_taints"].as_object().unwrap();
        assert_eq!(grouped.keys().collect::<Vec<_>>(), ["a", "c"]);
        assert_eq!(grouped["c"].as_array().unwrap().len(), 2);
        assert_eq!(context["gpu_node_taints"].as_array().unwrap().len(), 3);
    }

    #[test]
    fn the_order_units_finish_in_does_not_show() {
        let one = vec![taint("b", "sku"), taint("a", "x")];
        let two = vec![taint("a", "x"), taint("c", "team")];
        assert_eq!(
            context_of(vec![one.clone(), two.clone()]),
            context_of(vec![two, one])
        );
    }

    #[test]
    fn no_facts_give_an_empty_context_of_the_same_shape() {
        let context = context_of(vec![]);
        assert_eq!(
            context,
            json!({
                "gpu_node_taints": [], "gpu_pool_taints": {}, "gpu_pool_count": 0,
                "gpu_driver_count": 0, "gpu_operator_drivers": [],
                "gpu_capacity_count": 0, "gpu_alert_signals": [],
            })
        );
    }
}
