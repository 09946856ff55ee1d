//! Helpers shared by the tests that compare our seed medians with an independent reference
//! (`sim_reference.rs`, `sim_arch_reference.rs`): the reference's median and a tally of
//! deviations measured in units of the tolerance.

/// Median (numpy) of finite values; None if any value is non-finite (as the reference does).
pub fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.iter().any(|x| !x.is_finite()) {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    })
}

#[derive(Default)]
pub struct Tally {
    pub compared: usize,
    pub worst: f64,
    pub worst_at: String,
    /// Comparisons beyond 1×tol.
    pub failures: Vec<String>,
}

impl Tally {
    pub fn check(&mut self, what: &str, ours: Option<f64>, reference: f64, tol: f64) {
        self.compared += 1;
        let dev = match ours {
            Some(o) => (o - reference).abs(),
            None => f64::INFINITY,
        };
        let rel = dev / tol;
        if rel > self.worst {
            self.worst = rel;
            self.worst_at = format!("{what}: ours {ours:?} ref {reference} tol {tol:.3}");
        }
        if rel > 1.0 {
            self.failures.push(format!(
                "{what}: ours {ours:?} ref {reference} tol {tol:.3}"
            ));
        }
    }
}
