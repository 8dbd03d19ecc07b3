//! Prints the figures we steer by for one check of a directory (default `fixtures/`): policy
//! compilation at start-up, parse-only time, full check time, files per second, and parse
//! throughput per format (files/s, MB/s; parsing only, single-threaded).
//! Run: `cargo run --release --example measure -- [DIR] [ROUNDS]`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use ailint::parse;
use ailint::policy::PolicySet;
use ailint::settings::Settings;
use rayon::prelude::*;

// As in the binary, so that timings match it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    ailint::quiet_library_backtraces();
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "fixtures".into()));
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(20);
    let cwd = std::env::current_dir().map_err(|e| e.to_string())?;

    let compile: Vec<Duration> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            // Loading reads METADATA; compiling every rule happens on first use.
            let _ = PolicySet::bundled().and_then(|p| p.engine().map(|_| ()));
            t.elapsed()
        })
        .collect();
    let policies = PolicySet::bundled()?;
    policies.engine()?;

    let settings = Settings {
        paths: vec![dir.clone()],
        ..Settings::default()
    };
    let exclude = ailint::config::globset_of(&[])?;
    let mut parse_times = Vec::new();
    // format -> (files, bytes, parse time) summed over all rounds
    let mut per_format: std::collections::BTreeMap<&str, (usize, usize, Duration)> =
        Default::default();
    let mut files = 0;
    let mut bytes = 0;
    for _ in 0..rounds {
        let t = Instant::now();
        let found = ailint::discover::discover(&settings.paths, &cwd, &exclude)?;
        files = found.files.len();
        // In parallel like a check, so that the ratio compares like with like: each unit's
        // files are read (discovery keeps no texts) and parsed.
        let units = ailint::unit::group(found.files);
        bytes = units
            .par_iter()
            .map(|unit| {
                let (unit, _) = unit.read();
                let _ = parse::parse_unit(unit.format, &unit.files, &settings.parse);
                unit.files.iter().map(|f| f.text.len()).sum::<usize>()
            })
            .sum();
        parse_times.push(t.elapsed());
    }
    // Per-format throughput: one thread, parsing only (each unit read before the clock starts).
    let found = ailint::discover::discover(&settings.paths, &cwd, &exclude)?;
    for unit in ailint::unit::group(found.files) {
        let (unit, _) = unit.read();
        let u = Instant::now();
        let _ = parse::parse_unit(unit.format, &unit.files, &settings.parse);
        let e = per_format.entry(unit.format.as_str()).or_default();
        e.0 += unit.files.len();
        e.1 += unit.files.iter().map(|f| f.text.len()).sum::<usize>();
        e.2 += u.elapsed();
    }
    let mut check_times = Vec::new();
    let mut findings = 0;
    for _ in 0..rounds {
        let t = Instant::now();
        let report = ailint::check(&settings, &policies, &cwd)?;
        check_times.push(t.elapsed());
        findings = report.findings.len();
    }
    let (c, p, k) = (median(compile), median(parse_times), median(check_times));
    println!(
        "corpus: {} ({files} files, {:.1} KiB, {findings} findings), median of {rounds} rounds",
        dir.display(),
        bytes as f64 / 1024.0
    );
    println!(
        "policy compilation (start-up): {:.2} ms",
        c.as_secs_f64() * 1e3
    );
    println!(
        "discover + parse only:         {:.2} ms (parallel)",
        p.as_secs_f64() * 1e3
    );
    println!(
        "full check:                    {:.2} ms ({:.0} files/s)",
        k.as_secs_f64() * 1e3,
        files as f64 / k.as_secs_f64()
    );
    println!(
        "full check / parse only:       {:.1}x",
        k.as_secs_f64() / p.as_secs_f64()
    );
    for (format, (files, bytes, time)) in &per_format {
        let secs = time.as_secs_f64().max(1e-9);
        println!(
            "parse {format:<11} {:>9.0} files/s {:>7.1} MB/s",
            *files as f64 / secs,
            *bytes as f64 / 1e6 / secs
        );
    }
    Ok(())
}
