//! The transformer mode's cards in words: the verdict said about blocks (the explorer's
//! verdicts, icons and thresholds, `sim::diagnosis`), and the precision card (`words::lost`).

use crate::sim::diagnosis::EXPLODING_RATIO;
use crate::sim::transformer::StackReport;
use crate::sim::Diagnosis;
use crate::words::lost::{self, LostCard, LostUnit};

/// Icon (so the verdict reads without colour), verdict, and what it means for the stream.
pub fn diagnosis_words(d: Diagnosis, blocks: usize) -> (&'static str, &'static str, String) {
    let f = format!("{EXPLODING_RATIO:.0}");
    match d {
        Diagnosis::Healthy => (
            "✓",
            "Healthy",
            format!(
                "The stream gradient at block 1 is between 1/{f} and {f} times the one at \
                 block {blocks} (within 1.5 decades): back-propagation reaches every block."
            ),
        ),
        Diagnosis::Vanishing => (
            "↓",
            "Vanishing",
            format!(
                "The stream gradient shrinks by more than {f}× from block {blocks} back to \
                 block 1: the first blocks barely learn."
            ),
        ),
        Diagnosis::Exploding => (
            "↑",
            "Exploding",
            format!(
                "The stream gradient grows by more than {f}× from block {blocks} back to \
                 block 1 (or a weight gradient exceeds 10⁴): the first blocks would get huge \
                 updates."
            ),
        ),
        Diagnosis::Overflow => (
            "⚠",
            "Overflow",
            "A value left the number format's range (inf or NaN) somewhere in the pass."
                .to_string(),
        ),
        Diagnosis::Dead => ("✕", "Dead", "No gradient passes.".to_string()),
    }
}

const BLOCKS: LostUnit = LostUnit {
    plural: "blocks",
    singular: "block",
    gradient: "the stream gradient ∂L/∂x",
};

/// The precision card of `report`, or `None` for a float32 run without a scale.
pub fn lost_card(report: &StackReport) -> Option<LostCard> {
    let fractions = report.blocks.iter().map(|b| b.grad_fractions);
    let scales = (report.scale_log2.as_slice(), report.seeds);
    lost::lost_card(report.mixed, fractions, scales, &BLOCKS)
}
