//! Text marks on the gradient chart's vanishing and exploding bars ("↓", "↑", the diagnosis
//! card's icons, explained in the legend), so a bar's state never rests on its colour alone.
//! Overflow and underflow bars have their own marks (hatching and "overflow", "0").

use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};

use super::health::{reference_value, Health};
use crate::charts::kit::draw_util::{draw_text, font, DrawResult, PixelRect};
use crate::charts::kit::frame::Frame;
use crate::charts::kit::text_size::text_size;

/// The mark over a vanishing bar.
pub const VANISHING_MARK: &str = "↓";
/// The mark over an exploding bar.
pub const EXPLODING_MARK: &str = "↑";
/// Pixels between a row to avoid (a dot's centre) and the mark's foot.
const DOT_CLEARANCE: i32 = 4;

/// The mark for a bar in `health`, if it gets one here.
fn mark_of(health: Health) -> Option<&'static str> {
    match health {
        Health::Vanishing { .. } => Some(VANISHING_MARK),
        Health::Exploding { .. } => Some(EXPLODING_MARK),
        _ => None,
    }
}

/// Runs of consecutive bars (0-based `first..=last`) sharing one mark, left to right.
fn runs_of_marks(values: &[f64]) -> Vec<(usize, usize, &'static str)> {
    let reference = reference_value(values);
    let mut runs: Vec<(usize, usize, &'static str)> = Vec::new();
    for (i, &v) in values.iter().enumerate() {
        let Some(mark) = mark_of(Health::classify(v, reference)) else {
            continue;
        };
        match runs.last_mut() {
            Some(run) if run.1 + 1 == i && run.2 == mark => run.1 = i,
            _ => runs.push((i, i, mark)),
        }
    }
    runs
}

/// Marks every vanishing and exploding bar of `bars` (one per value): over each bar where
/// the bars are wide enough for the mark, else over every k-th group of k bars of a run (k
/// bars span about three marks), so a run of narrow bars still reads as marked along its
/// length. A mark that would collide with the previous one is left out. `avoid` holds, per
/// bar, a row the mark stays above (the mean-field line's dot), if any.
pub fn draw_trend_marks<DB: DrawingBackend>(
    frame: &Frame<DB>,
    plot: PixelRect,
    bars: &[PixelRect],
    values: &[f64],
    avoid: &[Option<i32>],
) -> DrawResult<(), DB> {
    let (mark_w, mark_h) = text_size(frame.area, VANISHING_MARK, &frame.tick_style);
    // Bar pitch in pixels, fractional: slots of 1.4 px are not slots of 1.
    let pitch = match (bars.first(), bars.last()) {
        (Some(a), Some(b)) if bars.len() > 1 => {
            f64::from(b.left - a.left) / (bars.len() - 1) as f64
        }
        (Some(a), _) => f64::from(a.width() + 2),
        _ => return Ok(()),
    };
    let group = if pitch > f64::from(mark_w) {
        1
    } else {
        (f64::from(3 * mark_w) / pitch.max(0.5)).ceil() as usize
    };
    let mut last_right = i32::MIN;
    for (first, last, mark) in runs_of_marks(values) {
        let Some(run) = bars.get(first..=last) else {
            continue;
        };
        for (g, bars) in run.chunks(group).enumerate() {
            let (Some(a), Some(b)) = (bars.first(), bars.last()) else {
                continue;
            };
            let first_bar = first + g * group;
            let cx = a.left + (b.right - a.left) / 2;
            if cx - mark_w / 2 < last_right {
                continue;
            }
            // The tallest bar under the mark decides its height.
            let near = |r: &PixelRect| r.right >= cx - mark_w / 2 && r.left <= cx + mark_w / 2;
            let under = bars.iter().enumerate().filter(|(_, r)| near(r));
            let top = under
                .flat_map(|(i, r)| {
                    let dot = avoid.get(first_bar + i).copied().flatten();
                    [Some(r.top), dot.map(|y| y - DOT_CLEARANCE)]
                })
                .flatten()
                .min()
                .unwrap_or(a.top);
            draw_mark(frame, plot, mark, (cx, top), mark_h)?;
            last_right = cx + mark_w / 2 + 1;
        }
    }
    Ok(())
}

/// One mark centred at x = `cx`: just above a bar whose top is at `top`, or, where the bar
/// reaches the top of the plot, inside the bar's top in the background colour.
fn draw_mark<DB: DrawingBackend>(
    frame: &Frame<DB>,
    plot: PixelRect,
    mark: &str,
    (cx, top): (i32, i32),
    mark_h: i32,
) -> DrawResult<(), DB> {
    let above = top - 2 - mark_h;
    if above >= plot.top {
        draw_text(
            frame.area,
            mark,
            (cx, above),
            &frame.tick_style,
            HPos::Center,
            VPos::Top,
        )
    } else {
        let style = font(frame.theme, 0.85, &frame.theme.background);
        draw_text(
            frame.area,
            mark,
            (cx, top + 2),
            &style,
            HPos::Center,
            VPos::Top,
        )
    }
}
