//! Runs a [`TfClaim`]'s stack over [`SEEDS`] seeds and checks every statement it makes.

use super::claim_check::{median, percentile};
use super::claims::SEEDS;
use super::texts::{all_texts, fold_whitespace};
use super::tf_claims::{TfCheck, TfClaim, TfQuantity, TfTrainClaim};
use crate::page::task_train::TaskPreset;
use crate::page::transformer::train_presets::{quote_words, ReversePreset};
use crate::sim::transformer::report::stack_report;
use crate::sim::transformer::{run_seeds, SeedRun, TransformerConfig};
use crate::sim::Diagnosis;

impl TfClaim {
    /// The claim's stack from seed 0 on.
    pub fn config(&self) -> TransformerConfig {
        TransformerConfig {
            seed: 0,
            ..self.network.clone()
        }
    }
}

/// One quantity of one seed's pass (NaN when the pass has no such value).
pub fn measure_tf(r: &SeedRun, q: TfQuantity) -> f64 {
    let (Some(first), Some(last)) = (r.blocks.first(), r.blocks.last()) else {
        return f64::NAN;
    };
    match q {
        TfQuantity::StreamRatio => first.stream_grad_norm / last.stream_grad_norm,
        TfQuantity::MaxBlockStep => r
            .blocks
            .windows(2)
            .map(|w| {
                (w[0].stream_grad_norm / w[1].stream_grad_norm)
                    .log10()
                    .abs()
            })
            .fold(0.0, f64::max),
        TfQuantity::LastStreamStd => last.stream_std,
        TfQuantity::W2First => first.weight_grad_norm.w_2,
        TfQuantity::W2Last => last.weight_grad_norm.w_2,
        TfQuantity::ZeroWeightGrads => r
            .blocks
            .iter()
            .flat_map(|b| b.weight_grad_norm.to_array())
            .filter(|&g| g == 0.0)
            .count() as f64,
        TfQuantity::SmallestGateGrad => r
            .blocks
            .iter()
            .flat_map(|b| b.gate_grad)
            .fold(f64::INFINITY, f64::min),
    }
}

/// The page's verdict on one seed's pass alone.
fn verdict(cfg: &TransformerConfig, r: &SeedRun) -> Diagnosis {
    stack_report(cfg, std::slice::from_ref(r)).summary.diagnosis
}

/// Whether two stacks' passes give the same bits: every seed's loss, stream gradients, stream
/// std and weight gradients (a ReZero stack also reports its gates' gradients; they are not
/// part of the comparison).
fn same_passes(a: &[SeedRun], b: &[SeedRun]) -> bool {
    let bits = |r: &SeedRun| -> Vec<u64> {
        let blocks = r.blocks.iter().flat_map(|m| {
            [m.stream_grad_norm, m.stream_std]
                .into_iter()
                .chain(m.weight_grad_norm.to_array())
        });
        std::iter::once(r.loss)
            .chain(blocks)
            .map(f64::to_bits)
            .collect()
    };
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| bits(x) == bits(y))
}

/// Simulates the claim with seeds `0..SEEDS` and returns every failed check, described.
pub fn check_tf_claim(claim: &TfClaim) -> Vec<String> {
    let cfg = claim.config();
    let runs = match run_seeds(&cfg, SEEDS as usize) {
        Ok(runs) => runs,
        Err(e) => return vec![format!("{}: invalid configuration: {e}", claim.id)],
    };
    claim
        .checks
        .iter()
        .filter_map(|c| check_tf_one(claim.id, c, &cfg, &runs))
        .collect()
}

fn check_tf_one(
    id: &str,
    check: &TfCheck,
    cfg: &TransformerConfig,
    runs: &[SeedRun],
) -> Option<String> {
    let values = |q| runs.iter().map(|r| measure_tf(r, q)).collect::<Vec<f64>>();
    match check {
        TfCheck::EverySeedVerdict(allowed) => {
            let got: Vec<_> = runs.iter().map(|r| verdict(cfg, r)).collect();
            (!got.iter().all(|d| allowed.contains(d)))
                .then(|| format!("{id}: verdicts {got:?}, expected each in {allowed:?}"))
        }
        &TfCheck::EverySeed(q, lo, hi) => {
            let v = values(q);
            (!v.iter().all(|x| (lo..=hi).contains(x)))
                .then(|| format!("{id}: {q:?} per seed {v:.4?}, expected each in {lo}..={hi}"))
        }
        &TfCheck::Median(q, lo, hi) | &TfCheck::MedianWithin(q, lo, hi) => {
            let v = values(q);
            let m = median(v.clone());
            (!(lo..=hi).contains(&m)).then(|| {
                format!("{id}: median {q:?} = {m:.4} (seeds {v:.3?}), expected {lo}..={hi}")
            })
        }
        &TfCheck::SeedBand { p10, p90, of } => {
            let v = values(of);
            let (lo, hi) = (percentile(v.clone(), 0.1), percentile(v.clone(), 0.9));
            let ok = (p10.0..=p10.1).contains(&lo) && (p90.0..=p90.1).contains(&hi);
            (!ok).then(|| {
                format!("{id}: {of:?} p10 {lo:.4}, p90 {hi:.4} (seeds {v:.3?}), expected p10 in {p10:?}, p90 in {p90:?}")
            })
        }
        TfCheck::SameAs(other) => {
            let theirs = run_seeds(
                &TransformerConfig {
                    seed: 0,
                    ..other.clone()
                },
                runs.len(),
            );
            (!matches!(theirs, Ok(t) if same_passes(&t, runs)))
                .then(|| format!("{id}: the passes differ from those of {other:?}"))
        }
    }
}

/// Checks that a training statement stands beside the figure it rests on: the training preset
/// `preset` quotes an accuracy at `step` (measured over its seeds and checked in
/// `tests/transformer_train_page.rs`), and every text that cites the claim says that quote in
/// the preset's words. Returns the failures.
pub fn check_tf_train_claim(claim: &TfTrainClaim) -> Vec<String> {
    let id = claim.id;
    let Some(preset) = ReversePreset::find(claim.preset) else {
        return vec![format!("{id}: no training preset {}", claim.preset)];
    };
    let Some(quote) = preset.quotes.iter().find(|q| q.step == claim.step) else {
        return vec![format!(
            "{id}: {} quotes nothing at step {}",
            preset.id, claim.step
        )];
    };
    let words = quote_words(quote);
    let texts = all_texts();
    claim
        .cited
        .iter()
        .filter_map(|(location, _)| {
            let text = texts.iter().find(|t| t.location == *location);
            let says = text.is_some_and(|t| fold_whitespace(&t.text).contains(&words));
            (!says).then(|| format!("{id}: {location} does not say {words:?}"))
        })
        .collect()
}

/// Every quantity's median and p10–p90 over the claim's seeds, and the verdicts: what a new
/// claim's ranges are read from (`cargo test --test lessons_transformer -- --ignored`).
pub fn describe_tf_claim(claim: &TfClaim) -> String {
    use TfQuantity::*;
    let cfg = claim.config();
    let Ok(runs) = run_seeds(&cfg, SEEDS as usize) else {
        return format!("{}: invalid", claim.id);
    };
    let mut out = format!("{}:", claim.id);
    for q in [
        StreamRatio,
        MaxBlockStep,
        LastStreamStd,
        W2First,
        W2Last,
        ZeroWeightGrads,
        SmallestGateGrad,
    ] {
        let v: Vec<f64> = runs.iter().map(|r| measure_tf(r, q)).collect();
        let (m, lo, hi) = (
            median(v.clone()),
            percentile(v.clone(), 0.1),
            percentile(v, 0.9),
        );
        out += &format!(" {q:?} {m:.4} ({lo:.4}–{hi:.4});");
    }
    let verdicts: Vec<_> = runs.iter().map(|r| verdict(&cfg, r)).collect();
    out + &format!(" verdicts {verdicts:?}")
}
