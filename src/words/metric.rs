//! Which gradient the page shows: a word of the page's vocabulary, shared by the controls,
//! the status cards, the charts and their text alternatives.

use crate::sim::{LayerReport, LayerSpread, Percentiles};

/// Which gradient the chart shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Metric {
    /// ‖∂L/∂z_l‖: the signal flowing back through the layers.
    Signal,
    /// ‖∂L/∂W_l‖: what an optimiser sees.
    Weight,
}

impl Metric {
    /// Symbol and meaning, for chart titles and tooltips: "∂L/∂z, back-propagated signal".
    pub fn title(self) -> &'static str {
        match self {
            Metric::Signal => "∂L/∂z, back-propagated signal",
            Metric::Weight => "∂L/∂W, weight gradient",
        }
    }

    /// "Signal gradient" / "Weight gradient", the noun for sentences.
    pub fn noun(self) -> &'static str {
        match self {
            Metric::Signal => "Signal gradient",
            Metric::Weight => "Weight gradient",
        }
    }

    pub fn value(self, layer: &LayerReport) -> f64 {
        match self {
            Metric::Signal => layer.signal_grad_norm,
            Metric::Weight => layer.weight_grad_norm,
        }
    }

    pub fn spread(self, layer: &LayerSpread) -> Percentiles {
        match self {
            Metric::Signal => layer.signal_grad_norm,
            Metric::Weight => layer.weight_grad_norm,
        }
    }
}
