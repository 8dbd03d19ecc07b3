//! "Did you mean" for any misspelt name (a rule, a configuration key, a METADATA field): the
//! candidate closest by edit distance, when it is close enough to be a typo.

/// ` (did you mean `x`?)` when one of `candidates` is close enough to `s` to be a typo of it.
pub fn did_you_mean<'a>(s: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    closest(s, candidates)
        .map(|c| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

/// The candidate closest to `s` by edit distance (ignoring case), when it is close enough to be a
/// typo: at most a third of its length, and at least 2, edits away.
pub fn closest<'a>(s: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let s = s.to_ascii_lowercase();
    candidates
        .map(|c| (edit_distance(&s, &c.to_ascii_lowercase()), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_only_what_is_close() {
        assert_eq!(
            did_you_mean("ignor", ["select", "ignore"].into_iter()),
            " (did you mean `ignore`?)"
        );
        assert_eq!(did_you_mean("zzzzzz", ["select"].into_iter()), "");
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
