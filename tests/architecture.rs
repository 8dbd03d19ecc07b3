//! The shape of `src/`: the top-level modules import each other without a cycle, and the pipeline
//! modules only look down the pipeline (discover → parse → unit → input → engine → suppress →
//! report → render → commands), so that each change has one room to go in.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The pipeline, bottom first: a module may use those before it, never those after.
const PIPELINE: [&str; 9] = [
    "discover", "parse", "unit", "input", "engine", "suppress", "report", "render", "commands",
];

/// Top-level module -> the top-level modules its code (not its comments or tests) names as
/// `crate::x`.
fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules: BTreeSet<String> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .map(|n| n.trim_end_matches(".rs").to_string())
        .filter(|n| n != "lib" && n != "main")
        .collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let top = rel
                .split('/')
                .next()
                .unwrap()
                .trim_end_matches(".rs")
                .to_string();
            let text = std::fs::read_to_string(&path).unwrap();
            // Unit tests may reach anywhere; only the code the binary runs counts.
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            let deps = graph.entry(top.clone()).or_default();
            for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
                for (i, _) in line.match_indices("crate::") {
                    let name: String = line[i + 7..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if name != top && modules.contains(&name) {
                        deps.insert(name);
                    }
                }
            }
        }
    }
    graph
}

/// A cycle through `node`, if there is one (depth-first search).
fn cycle_from(
    graph: &BTreeMap<String, BTreeSet<String>>,
    node: &str,
    path: &mut Vec<String>,
    done: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    if let Some(at) = path.iter().position(|n| n == node) {
        let mut cycle = path[at..].to_vec();
        cycle.push(node.to_string());
        return Some(cycle);
    }
    if done.contains(node) {
        return None;
    }
    path.push(node.to_string());
    for next in graph.get(node).into_iter().flatten() {
        if let Some(cycle) = cycle_from(graph, next, path, done) {
            return Some(cycle);
        }
    }
    path.pop();
    done.insert(node.to_string());
    None
}

#[test]
fn top_level_modules_have_no_import_cycle() {
    let graph = import_graph();
    assert!(graph.len() > 10, "read the modules: {graph:?}");
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        let cycle = cycle_from(&graph, node, &mut Vec::new(), &mut done);
        assert!(
            cycle.is_none(),
            "import cycle: {}",
            cycle.unwrap().join(" -> ")
        );
    }
}

#[test]
fn pipeline_modules_only_look_down_the_pipeline() {
    let graph = import_graph();
    for (i, module) in PIPELINE.iter().enumerate() {
        let deps = graph.get(*module).cloned().unwrap_or_default();
        assert!(
            !deps.is_empty() || i == 0,
            "{module} has no imports: {graph:?}"
        );
        for later in &PIPELINE[i + 1..] {
            assert!(
                !deps.contains(*later),
                "`{module}` uses `{later}`, which comes after it in the pipeline"
            );
        }
    }
}
