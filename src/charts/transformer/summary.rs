//! The transformer charts' text alternatives: what a screen reader hears instead of the
//! picture, from the same report the charts draw; and the weight rows' names and medians,
//! which the block-weight chart draws and its text reads.

use crate::sim::transformer::StackReport;
use crate::words::format::{format_ratio, format_value};

/// The rows' names as the page writes them, in `report::WEIGHT_NAMES`' order.
pub const WEIGHT_LABELS: [&str; 6] = ["W_Q", "W_K", "W_V", "W_O", "W₁", "W₂"];

/// Block `b`'s (1-based) median ‖∂L/∂W‖ of weight `w` (`report::WEIGHT_NAMES`' index).
pub fn weight_median(report: &StackReport, b: usize, w: usize) -> f64 {
    report
        .blocks
        .get(b.wrapping_sub(1))
        .map_or(f64::NAN, |s| s.weight_grad_norm.to_array()[w].p50)
}

/// "Pre-LN, LayerNorm, 12 blocks, width 64, Xavier (Glorot) normal" (the norm only where the
/// placement has one).
pub fn stack_name(report: &StackReport) -> String {
    let c = &report.config;
    let norm = if c.placement.has_norm() {
        format!(", {}", c.norm.label())
    } else {
        String::new()
    };
    let scaled = if c.scaled_init { ", scaled init" } else { "" };
    format!(
        "{}{norm}, {} blocks, width {}, {}{scaled}",
        c.placement.label(),
        c.blocks,
        c.width,
        c.init.label()
    )
}

/// The stream gradient chart's text alternative: both ends, their ratio, the verdict, and the
/// stream's std at the last block.
pub fn stream_summary(report: &StackReport) -> String {
    let s = &report.summary;
    let l = report.blocks.len();
    let std_last = report.blocks.last().map_or(f64::NAN, |b| b.stream_std.p50);
    format!(
        "Stream gradient of {} ({} seeds): ‖∂L/∂x‖ is {} at block {l}'s input and {} at \
         block 1's, a ratio of {}. Diagnosis: {}. The stream's std after block {l} is {}.",
        stack_name(report),
        report.seeds,
        format_value(s.last_block_grad),
        format_value(s.first_block_grad),
        format_ratio(s.ratio),
        s.diagnosis.id(),
        format_value(std_last)
    )
}

/// The std chart's text alternative: the stream's std after the first and the last block.
pub fn std_summary(report: &StackReport) -> String {
    let l = report.blocks.len();
    let at = |i: usize| report.blocks.get(i).map_or(f64::NAN, |b| b.stream_std.p50);
    format!(
        "Stream std of {}: {} after block 1, {} after block {l} (median of {} seeds).",
        stack_name(report),
        format_value(at(0)),
        format_value(at(l.saturating_sub(1))),
        report.seeds
    )
}

/// The weight heatmap's text alternative: each weight's median at block 1 and block L, and
/// which weights are exactly zero everywhere.
pub fn block_weight_summary(report: &StackReport) -> String {
    let l = report.blocks.len();
    let parts: Vec<String> = WEIGHT_LABELS
        .iter()
        .enumerate()
        .map(|(w, name)| {
            let (first, last) = (weight_median(report, 1, w), weight_median(report, l, w));
            format!("{name} {} → {}", format_value(first), format_value(last))
        })
        .collect();
    format!(
        "Weight gradients ‖∂L/∂W‖ per block, median of {} seeds, block 1 → block {l}: {}.",
        report.seeds,
        parts.join("; ")
    )
}
