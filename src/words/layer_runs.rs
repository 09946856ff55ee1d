//! Runs of consecutive layers: how the charts group overflowing columns for one label, and
//! how the text alternatives write "layers 1–3, 7".

/// Runs (first, last) of consecutive numbers in a sorted list: [1, 2, 3, 7] → [(1, 3), (7, 7)].
pub fn consecutive_runs(sorted: &[usize]) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &n in sorted {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == n => *end = n,
            _ => runs.push((n, n)),
        }
    }
    runs
}

/// Runs (first index, last index) of consecutive `true`s: [f, t, t, f, t] → [(1, 2), (4, 4)].
pub fn runs_of_true(flags: impl IntoIterator<Item = bool>) -> Vec<(usize, usize)> {
    let indices: Vec<usize> = flags
        .into_iter()
        .enumerate()
        .filter_map(|(i, f)| f.then_some(i))
        .collect();
    consecutive_runs(&indices)
}
