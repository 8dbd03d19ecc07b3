//! Where evaluation time goes: parses every unit of a directory once, then evaluates its rules in
//! alternating ways (each rule alone, all rules in one query) several times, keeping the fastest
//! run of each so that other load on the machine disturbs the comparison little. Prints per-format
//! per-unit times (mean and median of the all-in-one query) and the costliest rules.
//! Run: `cargo run --release --example evalprof -- /tmp/corpus-1k [REPEATS]`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use ailint::input::{input_document, resource_doc, Shared};
use ailint::parse::{self, ParseOptions};
use ailint::policy::PolicySet;

// The Rego interpreter allocates and frees small values at a high rate; mimalloc cuts the
// allocator's share of evaluation time (a quarter of it with glibc malloc).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Default)]
struct Totals {
    units: usize,
    resources: usize,
    build: Duration,
    clone: Duration,
    per_rule: Duration,
    one_query: Duration,
    one_query_each: Vec<Duration>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "fixtures".into()));
    let repeats: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let cwd = std::env::current_dir().map_err(|e| e.to_string())?;
    if std::env::var_os("AILINT_NO_REGEX_CACHE").is_some() {
        // For comparison: every `regex.match` compiles its pattern again.
        regorus::cache::configure(regorus::cache::Config { regex: 0, glob: 0 });
    }
    let policies = PolicySet::bundled()?;
    let exclude = ailint::config::globset_of(&[])?;
    let found = ailint::discover::discover(std::slice::from_ref(&dir), &cwd, &exclude)?;
    let options = ParseOptions::default();
    let mut per_format: BTreeMap<&str, Totals> = BTreeMap::new();
    let mut per_rule: BTreeMap<String, Duration> = BTreeMap::new();
    for unit in ailint::unit::group(found.files) {
        let (unit, _) = unit.read();
        let parsed = parse::parse_unit(unit.format, &unit.files, &options);
        let t = Instant::now();
        let docs = parsed
            .resources
            .iter()
            .map(|(i, r)| resource_doc(r, unit.files.get(*i).map_or("", |f| f.display.as_str())))
            .collect();
        let empty = serde_json::json!({});
        let shared = Shared {
            config: &empty,
            context: &empty,
        };
        let input = input_document(unit.format, &unit.name, docs, shared);
        let build = t.elapsed();
        // The rules a check evaluates on this unit: its format's, less those whose METADATA
        // `resource_types` do not occur in it.
        let types = ailint::input::unit_types(parsed.resources.iter().map(|(_, r)| r));
        let rules: Vec<_> = policies
            .rules
            .iter()
            .filter(|r| ailint::engine::runs_on(r, unit.format, &types, true))
            .collect();
        let query = format!(
            "[\n{}\n]",
            rules
                .iter()
                .map(|r| format!("data.{}.deny", r.package))
                .collect::<Vec<_>>()
                .join(",\n")
        );
        let (mut clone, mut separate, mut one) = (Duration::MAX, Duration::MAX, Duration::MAX);
        let mut rule_times: Vec<Duration> = vec![Duration::MAX; rules.len()];
        for _ in 0..repeats {
            let t = Instant::now();
            let mut engine = policies.engine()?.clone();
            engine.set_input(input.clone());
            clone = clone.min(t.elapsed());
            let t = Instant::now();
            for (i, rule) in rules.iter().enumerate() {
                let r0 = Instant::now();
                let _ = engine.eval_rule(format!("data.{}.deny", rule.package));
                rule_times[i] = rule_times[i].min(r0.elapsed());
            }
            separate = separate.min(t.elapsed());
            let mut engine = policies.engine()?.clone();
            engine.set_input(input.clone());
            let t = Instant::now();
            match engine.eval_query(query.clone(), false) {
                Err(e) => println!("{}: {e}", unit.name),
                Ok(r) if r.result.is_empty() => println!("{}: undefined", unit.name),
                Ok(_) => {}
            }
            one = one.min(t.elapsed());
        }
        for (rule, d) in rules.iter().zip(rule_times) {
            *per_rule.entry(rule.id.clone()).or_default() += d;
        }
        let e = per_format.entry(unit.format.as_str()).or_default();
        e.units += 1;
        e.resources += parsed.resources.len();
        e.build += build;
        e.clone += clone;
        e.per_rule += separate;
        e.one_query += one;
        e.one_query_each.push(one);
    }
    let ms = |d: Duration, n: usize| d.as_secs_f64() * 1e3 / n as f64;
    println!("per unit (fastest of {repeats} runs), ms:");
    println!(
        "format       units resources  input  clone+set_input  rule-by-rule  one-query  median"
    );
    for (format, t) in &per_format {
        println!(
            "{format:<11} {:>6} {:>9} {:>6.3} {:>16.3} {:>13.3} {:>10.3} {:>7.3}",
            t.units,
            t.resources,
            ms(t.build, t.units),
            ms(t.clone, t.units),
            ms(t.per_rule, t.units),
            ms(t.one_query, t.units),
            ms(median(&t.one_query_each), 1)
        );
    }
    let mut rules: Vec<_> = per_rule.into_iter().collect();
    rules.sort_by_key(|r| std::cmp::Reverse(r.1));
    println!("costliest rules (total over all units, rule by rule):");
    for (id, d) in rules.iter().take(10) {
        println!("{id} {:>10.1} ms", d.as_secs_f64() * 1e3);
    }
    Ok(())
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted.get(sorted.len() / 2).copied().unwrap_or_default()
}
