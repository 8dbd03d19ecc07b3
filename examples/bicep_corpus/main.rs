//! Corpus harness: parses every `.bicep`/`.bicepparam` under a directory and prints
//! error, declaration-count and throughput figures, then times a generated
//! ~5,000-line file; with `--lower`, also lowers every `.bicep` file (with its local modules) to
//! the ARM resource shape and says what became of each declaration.
//! Usage: `corpus <dir> [--all-errors] [--diff] [--sweep] [--mutate] [--lower]`.

use ailint::parse::bicep::{Body, File, ForBody, ObjectExpr, ObjectMember, StatementKind};
use ailint::parse::LineIndex;
use std::path::{Path, PathBuf};

#[path = "../../benches/support/generated_bicep.rs"]
mod generated_bicep;
mod spancheck;
use generated_bicep::generate;
use std::time::{Duration, Instant};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("bicep" | "bicepparam")
        ) {
            out.push(p);
        }
    }
}

#[derive(Default)]
struct Counts {
    resources: usize,
    modules: usize,
    /// Resource/module bodies that were neither object, `if` nor `for`.
    other_bodies: usize,
    /// Header spans whose text does not run from the keyword to `=`.
    bad_headers: usize,
}

fn check_header(src: &str, span: ailint::parse::bicep::Span, kw: &str, c: &mut Counts) {
    let t = span.text(src);
    if !(t.starts_with(kw) && t.ends_with('=')) {
        c.bad_headers += 1;
    }
}

fn count_object(src: &str, o: &ObjectExpr, c: &mut Counts) {
    for m in &o.members {
        if let ObjectMember::Resource(stmt) = m {
            if let StatementKind::Resource(r) = &stmt.kind {
                c.resources += 1;
                check_header(src, r.header_span, "resource", c);
                count_body(src, &r.body, c);
            }
        }
    }
}

fn count_body(src: &str, b: &Body, c: &mut Counts) {
    let inner = match b {
        Body::Object(o) => Some(o),
        Body::If(i) => as_object(&i.body),
        Body::For(f) => match &f.body {
            ForBody::Expr(e) => as_object(e),
            ForBody::If(i) => as_object(&i.body),
        },
        Body::Other(_) => {
            c.other_bodies += 1;
            None
        }
    };
    if let Some(o) = inner {
        count_object(src, o, c);
    }
}

fn as_object(e: &ailint::parse::bicep::Expr) -> Option<&ObjectExpr> {
    match &e.kind {
        ailint::parse::bicep::ExprKind::Object(o) => Some(o),
        _ => None,
    }
}

fn count_file(src: &str, f: &File, c: &mut Counts) {
    for s in &f.statements {
        match &s.kind {
            StatementKind::Resource(r) => {
                c.resources += 1;
                check_header(src, r.header_span, "resource", c);
                count_body(src, &r.body, c);
            }
            StatementKind::Module(m) => {
                c.modules += 1;
                check_header(src, m.header_span, "module", c);
                count_body(src, &m.body, c);
            }
            _ => {}
        }
    }
}

/// Mutation sweep: 20 random single-character edits per file (insert, delete or
/// replace with Bicep punctuation); reports parses and the slowest per-byte rate.
fn mutate(files: &[PathBuf]) -> (usize, f64, f64) {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let alphabet = [
        '{', '}', '[', ']', '(', ')', '\'', '$', ':', '?', '!', '=', '\n', ',', '@', '.', '|', '/',
        '*',
    ];
    let t0 = Instant::now();
    let (mut n, mut worst) = (0, 0.0f64);
    for path in files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let chars: Vec<char> = text.chars().collect();
        if chars.is_empty() {
            continue;
        }
        for _ in 0..20 {
            let mut m = chars.clone();
            let at = (next() as usize) % m.len();
            let c = alphabet[(next() as usize) % alphabet.len()];
            match next() % 3 {
                0 => m.insert(at, c),
                1 => {
                    m.remove(at);
                }
                _ => m[at] = c,
            }
            let src: String = m.into_iter().collect();
            let _ = ailint::parse::bicep::parse_bicep(&src);
            // Tiny files are dominated by timer noise; judge rates on real sizes, and
            // take the best of three so a scheduler hiccup on shared cores is not
            // mistaken for a slow input.
            if src.len() >= 4096 {
                let mut best = f64::MAX;
                for _ in 0..3 {
                    let t = Instant::now();
                    let _ = ailint::parse::bicep::parse_bicep(&src);
                    best = best.min(t.elapsed().as_nanos() as f64);
                }
                let ns_per_byte = best / src.len() as f64;
                if ns_per_byte > worst {
                    worst = ns_per_byte;
                    if std::env::var_os("BICEP_DUMP_WORST").is_some() {
                        let _ = std::fs::write("/tmp/bicep-worst.bicep", &src);
                    }
                }
            }
            n += 1;
        }
    }
    (n, t0.elapsed().as_secs_f64(), worst)
}

/// Robustness sweep: every line-boundary prefix of every file, and every file with
/// one line deleted, must parse without panicking. Returns (parses, seconds).
fn sweep(files: &[PathBuf]) -> (usize, f64) {
    let t0 = Instant::now();
    let mut n = 0;
    for path in files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let cuts: Vec<usize> = text.match_indices('\n').map(|(i, _)| i + 1).collect();
        for (k, &cut) in cuts.iter().enumerate() {
            let _ = ailint::parse::bicep::parse_bicep(&text[..cut]);
            let prev = if k == 0 { 0 } else { cuts[k - 1] };
            let mut deleted = String::with_capacity(text.len());
            deleted.push_str(&text[..prev]);
            deleted.push_str(&text[cut..]);
            let _ = ailint::parse::bicep::parse_bicep(&deleted);
            n += 2;
        }
    }
    (n, t0.elapsed().as_secs_f64())
}

/// Line-based approximation: lines that start with `resource `/`module ` while not
/// inside a `'''` string or `/* */` comment. A tiny character scanner tracks those
/// (and `'...'` strings, so `'https://*.x'` does not open a comment).
fn count_lines(text: &str, c: &mut Counts) {
    #[derive(PartialEq)]
    enum St {
        Code,
        Str,
        Multi,
        Block,
    }
    let mut st = St::Code;
    for line in text.lines() {
        if st == St::Code {
            let t = line.trim_start();
            if t.starts_with("resource ") {
                c.resources += 1;
            } else if t.starts_with("module ") {
                c.modules += 1;
            }
        }
        let b = line.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let rest = &b[i..];
            let step = match st {
                St::Code if rest.starts_with(b"'''") => {
                    st = St::Multi;
                    3
                }
                St::Code if rest.starts_with(b"//") => break,
                St::Code if rest.starts_with(b"/*") => {
                    st = St::Block;
                    2
                }
                St::Code if b[i] == b'\'' => {
                    st = St::Str;
                    1
                }
                St::Str if b[i] == b'\\' => 2,
                St::Str if b[i] == b'\'' => {
                    st = St::Code;
                    1
                }
                St::Multi if rest.starts_with(b"'''") => {
                    st = St::Code;
                    3
                }
                St::Block if rest.starts_with(b"*/") => {
                    st = St::Code;
                    2
                }
                _ => 1,
            };
            i += step;
        }
        // Single-quoted strings cannot span lines.
        if st == St::Str {
            st = St::Code;
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: corpus <dir> [--all-errors] [--diff] [--sweep] [--mutate] [--lower]");
        std::process::exit(2);
    };
    let rest: Vec<String> = args.collect();
    let all_errors = rest.iter().any(|a| a == "--all-errors");
    let show_diff = rest.iter().any(|a| a == "--diff");
    let do_sweep = rest.iter().any(|a| a == "--sweep");
    let do_mutate = rest.iter().any(|a| a == "--mutate");
    let do_lower = rest.iter().any(|a| a == "--lower");
    let mut files = Vec::new();
    collect(Path::new(&dir), &mut files);

    let mut total_bytes = 0usize;
    let mut parse_time = Duration::ZERO;
    let mut files_with_errors = 0usize;
    let mut shown = 0usize;
    let mut ast = Counts::default();
    let mut lines = Counts::default();
    let mut slowest = (Duration::ZERO, PathBuf::new());
    let (mut span_nodes, mut span_problems) = (0usize, 0usize);
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("unreadable: {}", path.display());
            continue;
        };
        total_bytes += text.len();
        let t0 = Instant::now();
        let (file, errors) = ailint::parse::bicep::parse_path_text(&path.to_string_lossy(), &text);
        let dt = t0.elapsed();
        parse_time += dt;
        if dt > slowest.0 {
            slowest = (dt, path.clone());
        }
        let mut sc = spancheck::SpanCheck::new(&text);
        sc.file(&file);
        span_nodes += sc.nodes;
        for p in sc.problems.iter().take(3) {
            if span_problems < 30 {
                println!("  span: {}: {p}", path.display());
            }
            span_problems += 1;
        }
        let (mut fa, mut fl) = (Counts::default(), Counts::default());
        count_file(&text, &file, &mut fa);
        count_lines(&text, &mut fl);
        if show_diff && (fa.resources != fl.resources || fa.modules != fl.modules) {
            println!(
                "  count differs: {} resources ast={} lines={}, modules ast={} lines={}",
                path.display(),
                fa.resources,
                fl.resources,
                fa.modules,
                fl.modules
            );
        }
        ast.other_bodies += fa.other_bodies;
        ast.bad_headers += fa.bad_headers;
        ast.resources += fa.resources;
        ast.modules += fa.modules;
        lines.resources += fl.resources;
        lines.modules += fl.modules;
        if !errors.is_empty() {
            files_with_errors += 1;
            let idx = LineIndex::new(&text);
            for e in &errors {
                if all_errors || shown < 30 {
                    let p = idx.position(&text, e.span.start);
                    let (l, c) = (p.line, p.column);
                    println!("  {}:{l}:{c}: {}", path.display(), e.message);
                    shown += 1;
                }
            }
        }
    }
    let secs = parse_time.as_secs_f64();
    println!("files:                 {}", files.len());
    println!("total bytes:           {total_bytes}");
    println!("files with errors:     {files_with_errors}");
    println!(
        "resource decls (AST):  {}   lines starting 'resource ': {}",
        ast.resources, lines.resources
    );
    println!(
        "module decls (AST):    {}   lines starting 'module ':   {}",
        ast.modules, lines.modules
    );
    println!(
        "parse time:            {:.1} ms  ({:.1} MB/s)",
        secs * 1000.0,
        total_bytes as f64 / 1e6 / secs.max(1e-9)
    );
    println!(
        "slowest file:          {:.2} ms  {}",
        slowest.0.as_secs_f64() * 1000.0,
        slowest.1.display()
    );

    println!(
        "AST self-checks:       {} bodies not object/if/for, {} header spans not 'keyword ... ='",
        ast.other_bodies, ast.bad_headers
    );

    println!("span checks:           {span_nodes} nodes checked, {span_problems} problems");

    if do_mutate {
        let (n, secs, worst) = mutate(&files);
        println!(
            "mutation sweep:        {n} mutated parses, no panic, {secs:.1} s, slowest {worst:.0} ns/byte (best of 3, files >= 4 KB)"
        );
    }

    if do_sweep {
        let (n, secs) = sweep(&files);
        println!("robustness sweep:      {n} truncated/line-deleted parses, no panic, {secs:.1} s");
    }

    if do_lower {
        lower(&files);
    }

    let generated = generate(5000);
    let mut best = Duration::MAX;
    let mut gen_errors = 0;
    for _ in 0..5 {
        let t0 = Instant::now();
        let (_, errors) = ailint::parse::bicep::parse_bicep(&generated);
        best = best.min(t0.elapsed());
        gen_errors = errors.len();
    }
    println!(
        "generated file:        {} lines, {} bytes, {:.2} ms (best of 5), {} errors",
        generated.lines().count(),
        generated.len(),
        best.as_secs_f64() * 1000.0,
        gen_errors
    );
}

/// Parses and lowers every `.bicep` file as a unit of its own (its local modules read), and prints
/// what became of the declarations and the throughput of parse + lowering.
fn lower(files: &[PathBuf]) {
    use ailint::parse::bicep::lower::{lower_with_stats, Stats};
    let mut total = Stats::default();
    let (mut bytes, mut resources, mut failed) = (0usize, 0usize, 0usize);
    let mut time = Duration::ZERO;
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "bicep"))
    {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        bytes += text.len();
        let t0 = Instant::now();
        let (unit, stats) = lower_with_stats(path, &text);
        time += t0.elapsed();
        resources += unit.resources.len();
        failed += usize::from(!unit.errors.is_empty());
        for (k, v) in [
            (&mut total.declarations, stats.declarations),
            (&mut total.lowered, stats.lowered),
            (&mut total.existing, stats.existing),
            (&mut total.condition_false, stats.condition_false),
            (&mut total.empty_loop, stats.empty_loop),
            (&mut total.not_lowered, stats.not_lowered),
        ] {
            *k += v;
        }
    }
    println!(
        "lowering:              {} declarations visited: {} lowered, {} existing, {} under a false `if`, {} empty loops, {} NOT lowered",
        total.declarations, total.lowered, total.existing, total.condition_false, total.empty_loop, total.not_lowered
    );
    println!("lowered resources:     {resources}  (units with a parse error: {failed})");
    println!(
        "parse + lower:         {:.1} ms  ({:.1} MB/s, modules read included)",
        time.as_secs_f64() * 1000.0,
        bytes as f64 / 1e6 / time.as_secs_f64().max(1e-9)
    );
    let generated = generate(5000);
    let dir = std::env::temp_dir().join("ailint-bicep-corpus");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("generated.bicep");
    let mut best = Duration::MAX;
    for _ in 0..5 {
        let t0 = Instant::now();
        let _ = lower_with_stats(&path, &generated);
        best = best.min(t0.elapsed());
    }
    println!(
        "generated file lowered: {} lines, {:.2} ms (best of 5)",
        generated.lines().count(),
        best.as_secs_f64() * 1000.0
    );
}
