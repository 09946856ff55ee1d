//! Helpers shared by the tests that compare our seed medians with an independent reference
//! (`sim_arch_reference.rs`, `sim_precision_reference.rs`, `recurrent_reference.rs`,
//! `transformer_reference.rs`): the reference's median and a tally of deviations measured in
//! units of the tolerance, with the references' rule (README of `../shared/reference/`): at
//! most a share beyond 1×tol, none beyond a hard limit.

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
    /// One median against the reference's (`None`: ours is not finite, an infinite deviation).
    pub fn check(&mut self, what: &str, ours: Option<f64>, reference: f64, tol: f64) {
        let rel = match ours {
            Some(o) => (o - reference).abs() / tol,
            None => f64::INFINITY,
        };
        self.note(
            what,
            rel,
            format!("ours {ours:?} ref {reference} tol {tol:.3}"),
        );
    }

    /// One comparison whose deviation `rel` (in units of its tolerance) is already known.
    pub fn note(&mut self, what: &str, rel: f64, detail: String) {
        self.compared += 1;
        if rel > self.worst || self.worst_at.is_empty() {
            self.worst = self.worst.max(rel);
            self.worst_at = format!("{what}: {detail}");
        }
        if rel > 1.0 {
            self.failures.push(format!("{what}: {detail}"));
        }
    }

    /// Prints what was compared (and the first failures), then asserts the rule: more than
    /// `min_compared` comparisons, none beyond `hard_limit`×tol, at most `soft_share` beyond tol.
    pub fn report_and_assert(
        &self,
        name: &str,
        min_compared: usize,
        hard_limit: f64,
        soft_share: f64,
    ) {
        println!(
            "{name}: {} medians compared, {} beyond tol, largest deviation {:.2}×tol at {}",
            self.compared,
            self.failures.len(),
            self.worst,
            self.worst_at
        );
        for f in self.failures.iter().take(40) {
            println!("  beyond tol: {f}");
        }
        let share = self.failures.len() as f64 / self.compared.max(1) as f64;
        assert!(self.compared > min_compared, "{name}: too little compared");
        assert!(
            self.worst <= hard_limit && share <= soft_share,
            "{name}: {} of {} medians beyond tol (largest {:.2}×tol at {})",
            self.failures.len(),
            self.compared,
            self.worst,
            self.worst_at
        );
    }
}
