//! Criterion benchmarks of the pieces a check is made of, on the demo infrastructure in
//! `fixtures/demo`: parsing one unit per format (bytes/s), checking it (parse, evaluate every rule,
//! place the findings) and compiling the policies at start-up (all rules, or a single-file run's);
//! Bicep parsing and lowering on a generated 5,000-line file and on the Azure Verified Modules in
//! `tests/data/avm` (each `main.bicep` with the local modules it reads).
//! Run: `cargo bench --bench parse_eval`. Whole runs on generated corpora: `scripts/bench.sh`.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::PathBuf;

use ailint::engine::{self, Run};
use ailint::input::Shared;
use ailint::parse::{self, ParseOptions};
use ailint::policy::PolicySet;
use ailint::settings::Settings;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

#[path = "support/generated_bicep.rs"]
mod generated_bicep;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The first unit of each format under `fixtures/demo`, with its texts read.
fn demo_units() -> BTreeMap<&'static str, ailint::unit::Unit> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let exclude = ailint::config::globset_of(&[]).expect("no globs");
    let found = ailint::discover::discover(&[root.join("fixtures/demo")], &root, &exclude)
        .expect("fixtures/demo is readable");
    let mut units = BTreeMap::new();
    for unit in ailint::unit::group(found.files) {
        let (unit, unreadable) = unit.read();
        assert!(unreadable.is_empty(), "{unreadable:?}");
        units.entry(unit.format.as_str()).or_insert(unit);
    }
    units
}

fn parse_units(c: &mut Criterion) {
    // As the binary does, or compiling measures backtrace capture.
    ailint::quiet_library_backtraces();
    let options = ParseOptions::default();
    let mut group = c.benchmark_group("parse");
    for (format, unit) in demo_units() {
        let bytes: usize = unit.files.iter().map(|f| f.text.len()).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(format, |b| {
            b.iter(|| parse::parse_unit(unit.format, black_box(&unit.files), &options))
        });
    }
    group.finish();
}

fn check_units(c: &mut Criterion) {
    // As the binary does, or compiling measures backtrace capture.
    ailint::quiet_library_backtraces();
    let policies = PolicySet::bundled().expect("bundled policies load");
    let engine = policies.engine().expect("bundled policies compile");
    let settings = Settings::default();
    let rules = settings.active_rules(&policies.rules);
    let empty = serde_json::json!({});
    let run = Run {
        shared: Shared {
            config: &empty,
            context: &empty,
        },
        parse: &settings.parse,
        skip_by_type: true,
        engine,
    };
    let mut group = c.benchmark_group("check_unit");
    for (format, unit) in demo_units() {
        group.throughput(Throughput::Elements(unit.files.len() as u64));
        group.bench_function(format, |b| {
            b.iter(|| {
                engine::check_unit(black_box(&unit), &rules, run)
                    .findings
                    .len()
            })
        });
    }
    group.finish();
}

fn compile_policies(c: &mut Criterion) {
    // As the binary does, or compiling measures backtrace capture.
    ailint::quiet_library_backtraces();
    let mut group = c.benchmark_group("startup");
    group.sample_size(20);
    group.bench_function("compile_all_rules", |b| {
        b.iter(|| {
            let policies = PolicySet::bundled().expect("bundled policies load");
            policies
                .engine()
                .map(|_| ())
                .expect("bundled policies compile");
        })
    });
    let policies = PolicySet::bundled().expect("bundled policies load");
    let one: Vec<_> = policies.rules.iter().filter(|r| r.id == "AIL301").collect();
    group.bench_function("compile_library_and_one_rule", |b| {
        b.iter(|| policies.engine_for(black_box(&one)).map(|_| ()))
    });
    group.finish();
}

fn bicep(c: &mut Criterion) {
    ailint::quiet_library_backtraces();
    let mut group = c.benchmark_group("bicep");
    let generated = generated_bicep::generate(5000);
    group.throughput(Throughput::Bytes(generated.len() as u64));
    group.bench_function("parse_5000_lines", |b| {
        b.iter(|| parse::bicep::parse_bicep(black_box(&generated)))
    });
    group.bench_function("parse_and_lower_5000_lines", |b| {
        b.iter(|| parse::parse(parse::Format::Bicep, black_box(&generated)))
    });
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/avm");
    let exclude = ailint::config::globset_of(&[]).expect("no globs");
    let found = ailint::discover::discover(std::slice::from_ref(&root), &root, &exclude)
        .expect("tests/data/avm is readable");
    let units: Vec<ailint::unit::Unit> = ailint::unit::group(found.files)
        .into_iter()
        .map(|u| u.read().0)
        .filter(|u| u.format == parse::Format::Bicep)
        // Each module's own `main.bicep`; its child modules are lowered through it.
        .filter(|u| {
            u.files.iter().any(|f| {
                let dir = f.path.parent().and_then(std::path::Path::parent);
                f.path.ends_with("main.bicep") && dir.is_some_and(|d| d.ends_with("tests/data/avm"))
            })
        })
        .collect();
    let options = ParseOptions::default();
    // The bytes lowered: each module's files and the local modules it reads.
    let bytes: usize = units
        .iter()
        .map(|u| {
            let parsed = parse::parse_unit(u.format, &u.files, &options);
            let own: usize = u.files.iter().map(|f| f.text.len()).sum();
            own + parsed
                .extra_files
                .iter()
                .map(|f| f.text.len())
                .sum::<usize>()
        })
        .sum();
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("parse_and_lower_avm_modules", |b| {
        b.iter(|| {
            for u in &units {
                black_box(parse::parse_unit(u.format, &u.files, &options));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, parse_units, check_units, compile_policies, bicep);
criterion_main!(benches);
