//! The loss chart's values as a table (its full text alternative, visually hidden on the
//! page): one row per step the page kept, with the minibatch loss and, where the full sets were
//! measured at that step, the training loss and both accuracies. A long run is sampled to at
//! most `MAX_ROWS` rows — every k-th kept step (k a power of two, so rows stay put while the
//! run grows), the newest and the first non-finite step — and the caption says so.

use crate::train::{Measurement, TrainHistory};
use crate::words::format::{format_share_percent, format_value_ascii};

/// At most this many rows.
pub const MAX_ROWS: usize = 50;

/// The columns, in order.
pub const LOSS_TABLE_HEADERS: [&str; 5] = [
    "Step",
    "Minibatch loss (before the step's update)",
    "Training loss (full set)",
    "Train accuracy",
    "Test accuracy",
];

/// What a cell shows for a value not measured at that step.
pub const NOT_MEASURED: &str = "—";

#[derive(Clone, Debug, PartialEq)]
pub struct ChartTable {
    /// Says what the rows are, and how they were sampled.
    pub caption: String,
    /// The column headers, "Step" first.
    pub headers: &'static [&'static str],
    /// One row per step: its step number and one cell per column after "Step".
    pub rows: Vec<(usize, Vec<String>)>,
}

/// One kept step's values before formatting.
#[derive(Clone, Copy, Default)]
struct Values<'a> {
    minibatch_loss: Option<f64>,
    measured: Option<&'a Measurement>,
}

/// The table for `history`, at most `max_rows` rows (at least 4).
pub fn loss_table(history: &TrainHistory, max_rows: usize) -> ChartTable {
    let all = merged_steps(history);
    // The overflow's step (θ_t), and the next, whose minibatch loss is computed at θ_t.
    let nonfinite: Vec<usize> = history
        .first_nonfinite
        .map_or(Vec::new(), |nf| vec![nf.step, nf.step + 1]);
    let keep = sample_rows(&all, max_rows.max(4), &nonfinite);
    let rows: Vec<(usize, Vec<String>)> =
        keep.iter().map(|&i| (all[i].0, cells(&all[i].1))).collect();
    ChartTable {
        caption: caption(rows.len(), all.len()),
        headers: &LOSS_TABLE_HEADERS,
        rows,
    }
}

/// Every kept step, ascending, with what the history holds for it.
fn merged_steps(history: &TrainHistory) -> Vec<(usize, Values<'_>)> {
    let mut all: Vec<(usize, Values)> = history
        .steps
        .series()
        .map(|c| {
            let v = Values {
                minibatch_loss: Some(c.loss),
                measured: None,
            };
            (c.step, v)
        })
        .collect();
    for m in history.measurements.series() {
        match all.binary_search_by_key(&m.step, |(s, _)| *s) {
            Ok(i) => all[i].1.measured = Some(m),
            Err(i) => {
                let v = Values {
                    minibatch_loss: None,
                    measured: Some(m),
                };
                all.insert(i, (m.step, v));
            }
        }
    }
    all
}

/// Indices into `all` to show: every k-th (k the smallest power of two that leaves room),
/// the last, and the rows of the steps in `must` that have one.
fn sample_rows<T>(all: &[(usize, T)], max_rows: usize, must: &[usize]) -> Vec<usize> {
    let n = all.len();
    let mut k = 1;
    while n.div_ceil(k) + 1 + must.len() > max_rows && k < n {
        k *= 2;
    }
    let mut keep: Vec<usize> = (0..n).step_by(k.max(1)).collect();
    keep.extend(n.checked_sub(1));
    for &s in must {
        keep.extend(all.iter().position(|(step, _)| *step == s));
    }
    keep.sort_unstable();
    keep.dedup();
    keep
}

fn cells(v: &Values) -> Vec<String> {
    let or_dash = |x: Option<String>| x.unwrap_or_else(|| NOT_MEASURED.to_string());
    let m = v.measured;
    vec![
        or_dash(v.minibatch_loss.map(format_value_ascii)),
        or_dash(m.map(|m| format_value_ascii(m.loss))),
        or_dash(m.map(|m| format_share_percent(m.train_accuracy))),
        or_dash(m.map(|m| format_share_percent(m.test_accuracy))),
    ]
}

fn caption(shown: usize, kept: usize) -> String {
    let head = "Loss and accuracy per step";
    let tail = format!(
        "the full sets are measured every 10th step and where a run stops; {NOT_MEASURED} where \
         a value was not measured"
    );
    match kept {
        0 => format!("{head}: no steps yet."),
        _ if shown == kept => format!("{head}, every step kept ({kept}); {tail}."),
        _ => format!(
            "{head}, sampled: {shown} rows of the {kept} steps kept, evenly spaced, the newest \
             and the overflow's included; {tail}."
        ),
    }
}
