//! Property tests of the parsers (Terraform, ARM, Kubernetes, Bicep with its lowering) and the source map on random and mutated inputs: every
//! fixture truncated, with bytes flipped, spliced or duplicated, CRLF and BOM variants, binary
//! noise, deep nesting, huge single-line JSON. A parser may refuse a file (a located ParseError)
//! but never panic, and every range it reports must lie on character boundaries of the text.
//! `cargo test --test fuzz` runs a quick pass; `AILINT_FUZZ_ROUNDS=200 cargo test --release --test
//! fuzz -- --nocapture` a long one (README, "Performance").

use std::path::{Path, PathBuf};

use ailint::parse::{self, Children, Format, LineIndex, PathSeg, SrcNode};

/// xorshift64*: the same inputs on every run, and a seed printed with any failure.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn rounds() -> usize {
    std::env::var("AILINT_FUZZ_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
}

fn fixture_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            fixture_files(&path, out);
        } else if format_by_name(&path).is_some() {
            out.push(path);
        }
    }
}

fn format_by_name(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_str()?;
    if name == "expected.json" {
        None
    } else if name.ends_with(".tf") {
        Some(Format::Terraform)
    } else if name.ends_with(".json") {
        Some(Format::Arm)
    } else if name.ends_with(".yaml") || name.ends_with(".yml") {
        Some(Format::Kubernetes)
    } else if name.ends_with(".bicep") {
        Some(Format::Bicep)
    } else {
        None
    }
}

/// Every range of the node lies within the text, on character boundaries.
fn check_node(text: &str, node: &SrcNode, what: &str, depth: usize) -> Result<(), String> {
    for r in [&node.anchor, &node.full] {
        if r.start > r.end || r.end > text.len() {
            return Err(format!("{what}: range {r:?} outside 0..{}", text.len()));
        }
        if !text.is_char_boundary(r.start) || !text.is_char_boundary(r.end) {
            return Err(format!("{what}: range {r:?} splits a character"));
        }
    }
    if depth > 2_000 {
        return Ok(());
    }
    match &node.children {
        Children::Leaf => Ok(()),
        Children::Map(entries) => entries
            .iter()
            .try_for_each(|(_, child)| check_node(text, child, what, depth + 1)),
        Children::List(items) => items
            .iter()
            .try_for_each(|child| check_node(text, child, what, depth + 1)),
        // Another file's node (a module call's argument): a file parsed on its own has none.
        Children::Elsewhere(file, _) => Err(format!(
            "{what}: a node points into file {file}, but the file was parsed on its own"
        )),
    }
}

/// Parses `text` as `format` and checks the result; the error names the case.
fn check_text(format: Format, text: &str, case: &str) -> Result<(), String> {
    let outcome = std::panic::catch_unwind(|| parse::parse(format, text));
    let resources = match outcome {
        Err(_) => return Err(format!("{case}: the {format:?} parser panicked")),
        Ok(Err(e)) => {
            let r = &e.range;
            if r.start > r.end || r.end > text.len() {
                return Err(format!("{case}: error range {r:?} outside the text"));
            }
            return Ok(());
        }
        Ok(Ok(resources)) => resources,
    };
    let index = LineIndex::new(text);
    for r in &resources {
        check_node(text, &r.source, case, 0)?;
        // Resolving paths that do and do not exist stays inside the text too, and so do the
        // spans shown to users.
        for path in [
            vec![],
            vec![PathSeg::Key("spec".into()), PathSeg::Index(3)],
            vec![PathSeg::Key("properties".into()), PathSeg::Key("x".into())],
            vec![PathSeg::Index(0)],
        ] {
            let (range, _) = r.source.resolve(&path);
            if range.end > text.len() || !text.is_char_boundary(range.start) {
                return Err(format!("{case}: resolve({path:?}) gave {range:?}"));
            }
            let span = index.span(text, &range);
            if span.line == 0 || span.end_line < span.line {
                return Err(format!("{case}: bad span {span:?} for {range:?}"));
            }
        }
    }
    Ok(())
}

/// Mutations of one valid file.
fn mutants(text: &str, rng: &mut Rng) -> Vec<(String, String)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let lossy = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let cut = rng.below(bytes.len() + 1);
    out.push((format!("truncated at {cut}"), lossy(&bytes[..cut])));
    let mut flipped = bytes.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(flipped.len());
        if let Some(b) = flipped.get_mut(at) {
            let set = b"{}[]:,\"'\n\r\t -#=$&*|>!%@`\\";
            *b = set[rng.below(set.len())];
        }
    }
    out.push(("punctuation flipped".into(), lossy(&flipped)));
    let (a, b) = (rng.below(bytes.len() + 1), rng.below(bytes.len() + 1));
    let (a, b) = (a.min(b), a.max(b));
    let mut spliced = bytes[..a].to_vec();
    spliced.extend_from_slice(&bytes[b..]);
    spliced.extend_from_slice(&bytes[a..b]);
    out.push((format!("bytes {a}..{b} moved to the end"), lossy(&spliced)));
    let mut doubled = bytes[..b].to_vec();
    doubled.extend_from_slice(&bytes[a..]);
    out.push((format!("bytes {a}.. repeated"), lossy(&doubled)));
    out.push(("CRLF".into(), text.replace('\n', "\r\n")));
    out.push(("lone CR".into(), text.replace('\n', "\r")));
    out.push(("BOM".into(), format!("\u{feff}{text}")));
    out.push((
        "non-ASCII".into(),
        text.replace('a', "ä").replace('e', "😀"),
    ));
    out
}

#[test]
fn parsers_survive_mutated_fixtures() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut files = Vec::new();
    fixture_files(&root, &mut files);
    files.sort();
    assert!(
        files.len() > 50,
        "fixtures not found under {}",
        root.display()
    );
    let mut failures = Vec::new();
    let mut cases = 0;
    for (n, file) in files.iter().enumerate() {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        for round in 0..rounds() {
            let seed = 0x9E37_79B9 ^ ((n as u64) << 16) ^ round as u64;
            let mut rng = Rng(seed | 1);
            for (what, mutant) in mutants(&text, &mut rng) {
                cases += 1;
                // Every parser on every mutant: a YAML parser fed HCL must fail cleanly too.
                for f in [
                    Format::Terraform,
                    Format::Arm,
                    Format::Kubernetes,
                    Format::Bicep,
                ] {
                    let case = format!("{} {what} (seed {seed}) as {f:?}", file.display());
                    if let Err(e) = check_text(f, &mutant, &case) {
                        failures.push(e);
                    }
                }
            }
        }
    }
    assert!(cases > 100);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn parsers_survive_random_bytes() {
    let mut rng = Rng(0xDEAD_BEEF);
    let mut failures = Vec::new();
    for i in 0..50 * rounds() {
        let len = rng.below(2_000);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        // What discovery would hand over: only valid UTF-8 reaches the parsers, so invalid bytes
        // become U+FFFD as a lossy read would make them.
        let text = String::from_utf8_lossy(&bytes);
        for f in [
            Format::Terraform,
            Format::Arm,
            Format::Kubernetes,
            Format::Bicep,
        ] {
            if let Err(e) = check_text(f, &text, &format!("random #{i}")) {
                failures.push(e);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn deep_nesting_is_refused_not_a_stack_overflow() {
    let depth = 10_000;
    let cases = [
        (
            Format::Arm,
            format!(
                "{{\"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\", \"resources\": [{{\"type\": \"A/b\", \"name\": \"n\", \"properties\": {}1{}}}]}}",
                "[".repeat(depth),
                "]".repeat(depth)
            ),
        ),
        (
            Format::Kubernetes,
            format!(
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: {}1{}\n",
                "[".repeat(depth),
                "]".repeat(depth)
            ),
        ),
        (
            Format::Terraform,
            format!(
                "resource \"a\" \"b\" {{\n  x = {}1{}\n}}\n",
                "[".repeat(depth),
                "]".repeat(depth)
            ),
        ),
        (
            Format::Terraform,
            format!(
                "resource \"a\" \"b\" {{\n{}{}}}\n",
                "c {\n".repeat(depth),
                "}\n".repeat(depth)
            ),
        ),
    ];
    for (format, text) in cases {
        // A thread with a small stack, as rayon's workers have: recursion must be capped well
        // below what 10,000 levels would need.
        let handle = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || check_text(format, &text, &format!("{format:?} 10,000 deep")))
            .unwrap();
        match handle.join() {
            Ok(result) => result.unwrap(),
            Err(_) => panic!("{format:?}: 10,000-deep nesting crashed the parser"),
        }
    }
}

#[test]
fn huge_single_line_json_parses_in_bounded_time() {
    // 100 MB in the long run; 8 MB in the quick one keeps the suite fast.
    let target = if rounds() > 3 { 100 << 20 } else { 8 << 20 };
    let item = r#"{"type":"Microsoft.Compute/virtualMachines","apiVersion":"2024-03-01","name":"vm","properties":{"hardwareProfile":{"vmSize":"Standard_NC6s_v3"}}},"#;
    let mut text = String::with_capacity(target + 1024);
    text.push_str(r#"{"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#","resources":["#);
    while text.len() < target {
        text.push_str(item);
    }
    text.pop();
    text.push_str("]}");
    let started = std::time::Instant::now();
    let resources = parse::parse(Format::Arm, &text).expect("valid JSON");
    assert!(resources.len() > 1000);
    assert!(
        started.elapsed().as_secs() < 120,
        "{} MB took {:?}",
        text.len() >> 20,
        started.elapsed()
    );
    check_text(
        Format::Arm,
        &text[..text.len() / 2],
        "huge JSON cut in half",
    )
    .unwrap();
}

/// Fix application on mutated fixtures of the rules that offer fixes: `--fix --unsafe-fixes`
/// (in memory) never panics, and every file it changes still parses. The BOM, CRLF and
/// non-ASCII variants parse, so their fixes are applied: byte offsets and line ends are tested.
#[test]
fn fixes_survive_mutated_fixtures() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let policies = ailint::policy::PolicySet::bundled().unwrap();
    let with_fixes: Vec<String> = policies
        .rules
        .iter()
        .filter(|r| r.fix.is_some())
        .map(|r| r.id.clone())
        .collect();
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&root).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if with_fixes.iter().any(|id| name.starts_with(id.as_str())) {
            fixture_files(&entry.path(), &mut files);
        }
    }
    files.sort();
    assert!(
        files.len() > 20,
        "{} fixture files of fixable rules",
        files.len()
    );
    let (mut cases, mut fixed) = (0, 0);
    for (n, file) in files.iter().enumerate() {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        let Some(format) = format_by_name(file) else {
            continue;
        };
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        for round in 0..rounds().min(2) {
            let seed = 0x51ED_F1C5 ^ ((n as u64) << 16) ^ round as u64;
            let mut rng = Rng(seed | 1);
            // Each mutant in a directory of its own (a unit of its own), all fixed in one run.
            let tmp = tempfile::tempdir().unwrap();
            let mut whats = Vec::new();
            for (i, (what, mutant)) in mutants(&text, &mut rng).into_iter().enumerate() {
                cases += 1;
                let dir = tmp.path().join(format!("m{i}"));
                std::fs::create_dir(&dir).unwrap();
                std::fs::write(dir.join(&name), &mutant).unwrap();
                whats.push(what);
            }
            let settings = ailint::settings::Settings {
                paths: vec![tmp.path().to_path_buf()],
                ..Default::default()
            };
            let case = format!("{} (seed {seed}; mutants {whats:?})", file.display());
            let outcome = ailint::fix::rounds::run(&settings, &policies, tmp.path(), true)
                .unwrap_or_else(|e| panic!("{case}: {e}"));
            assert!(outcome.errors.is_empty(), "{case}: {:?}", outcome.errors);
            for (changed, (_, after)) in &outcome.changed {
                fixed += 1;
                if let Err(e) = parse::parse(format, after) {
                    panic!(
                        "{case}: the fixed {changed} no longer parses: {}",
                        e.message
                    );
                }
            }
        }
    }
    assert!(
        cases > 100 && fixed > 20,
        "{cases} cases, {fixed} fixed files"
    );
}
