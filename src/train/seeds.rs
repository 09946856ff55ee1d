//! The same training run over several seeds, measured at chosen steps, and the spread of a
//! statistic across seeds.

use serde::Serialize;

use super::config::{TrainConfig, TrainConfigError};
use super::trainer::{Measurement, Trainer};
use crate::sim::seeds::percentiles;

/// p10 / p50 / p90 over the seeds whose value is finite (numpy's linear percentiles; NaN,
/// shown as null, when none is), and the fraction of seeds whose value is not finite.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Spread {
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
    pub nonfinite_fraction: f64,
}

impl Spread {
    pub fn of(values: impl Iterator<Item = f64>) -> Spread {
        let all: Vec<f64> = values.collect();
        let finite: Vec<f64> = all.iter().copied().filter(|v| v.is_finite()).collect();
        let p = percentiles(finite.iter().copied());
        Spread {
            p10: p.p10,
            p50: p.p50,
            p90: p.p90,
            nonfinite_fraction: (all.len() - finite.len()) as f64 / all.len().max(1) as f64,
        }
    }
}

/// Trains seeds `seed, seed+1, …` (wrapping) and measures each at the `record` steps
/// (ascending; duplicates measured once). Result: one row of measurements per seed.
pub fn run_seeds(
    cfg: &TrainConfig,
    seeds: usize,
    record: &[usize],
) -> Result<Vec<Vec<Measurement>>, TrainConfigError> {
    let mut record = record.to_vec();
    record.sort_unstable();
    record.dedup();
    (0..seeds.max(1))
        .map(|i| {
            let c = TrainConfig {
                seed: cfg.seed.wrapping_add(i as u64),
                ..cfg.clone()
            };
            let mut t = Trainer::new(&c)?;
            Ok(record
                .iter()
                .map(|&at| {
                    while t.steps_done() < at {
                        t.step();
                    }
                    t.measure()
                })
                .collect())
        })
        .collect()
}
