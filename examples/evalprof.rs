//! Where evaluation time goes: parses every unit of a directory once, then times each rule's
//! `deny` on every unit and prints per-format unit counts, per-unit evaluation time and the
//! costliest rules. Run: `cargo run --release --example evalprof -- /tmp/corpus-1k`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use ailint::engine::{input_document, resource_doc};
use ailint::parse::{self, ParseOptions};
use ailint::policy::PolicySet;

fn main() -> Result<(), String> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "fixtures".into()));
    let cwd = std::env::current_dir().map_err(|e| e.to_string())?;
    let policies = PolicySet::bundled()?;
    let exclude = ailint::config::globset_of(&[])?;
    let found = ailint::discover::discover(std::slice::from_ref(&dir), &cwd, &exclude)?;
    let options = ParseOptions::default();
    // (format) -> (units, resources, input build, evaluation)
    let mut per_format: BTreeMap<&str, (usize, usize, Duration, Duration)> = BTreeMap::new();
    let mut per_rule: BTreeMap<String, Duration> = BTreeMap::new();
    for unit in ailint::unit::group(found.files) {
        let parsed = parse::parse_unit(unit.format, &unit.files, &options);
        let t = Instant::now();
        let docs = parsed
            .resources
            .iter()
            .map(|(i, r)| resource_doc(r, unit.files.get(*i).map_or("", |f| f.display.as_str())))
            .collect();
        let empty = serde_json::json!({});
        let input = input_document(unit.format, &unit.name, docs, &empty, &empty);
        let build = t.elapsed();
        let mut engine = policies.engine.clone();
        engine.set_input(input);
        let t = Instant::now();
        for rule in policies
            .rules
            .iter()
            .filter(|r| r.formats.iter().any(|f| f == unit.format.as_str()))
        {
            let r0 = Instant::now();
            let _ = engine.eval_rule(format!("data.{}.deny", rule.package));
            *per_rule.entry(rule.id.clone()).or_default() += r0.elapsed();
        }
        let e = per_format.entry(unit.format.as_str()).or_default();
        e.0 += 1;
        e.1 += parsed.resources.len();
        e.2 += build;
        e.3 += t.elapsed();
    }
    for (format, (units, resources, build, eval)) in &per_format {
        println!(
            "{format:<11} {units:>6} units {resources:>7} resources  input build {:>8.3} ms/unit  eval {:>8.3} ms/unit",
            build.as_secs_f64() * 1e3 / *units as f64,
            eval.as_secs_f64() * 1e3 / *units as f64
        );
    }
    let mut rules: Vec<_> = per_rule.into_iter().collect();
    rules.sort_by(|a, b| b.1.cmp(&a.1));
    for (id, d) in rules.iter().take(15) {
        println!("{id} {:>10.1} ms total", d.as_secs_f64() * 1e3);
    }
    Ok(())
}
