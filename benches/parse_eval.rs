//! Criterion benchmarks of the pieces a check is made of, on the demo infrastructure in
//! `fixtures/demo`: parsing one unit per format (bytes/s), checking it (parse, evaluate every rule,
//! place the findings) and compiling the policies at start-up (all rules, or a single-file run's).
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

criterion_group!(benches, parse_units, check_units, compile_policies);
criterion_main!(benches);
