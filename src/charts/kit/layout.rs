//! Where each layer sits on a chart's x axis, returned by the draw functions so the UI can map
//! a mouse position back to a layer (hover tooltips) without redoing the layout.

use super::draw_util::PixelRect;

/// Pixel geometry of a chart whose x axis is layers 1..=L, in the drawing area's coordinates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerChartLayout {
    pub plot_left: i32,
    /// Exclusive right edge of the plot.
    pub plot_right: i32,
    pub plot_top: i32,
    pub plot_bottom: i32,
    /// L.
    pub layers: usize,
    /// The mark drawn for each layer (bar or heatmap column), `bars[0]` = layer 1.
    pub bars: Vec<PixelRect>,
}

impl LayerChartLayout {
    pub(crate) fn new(plot: PixelRect, layers: usize) -> LayerChartLayout {
        LayerChartLayout {
            plot_left: plot.left,
            plot_right: plot.right,
            plot_top: plot.top,
            plot_bottom: plot.bottom,
            layers,
            bars: Vec::with_capacity(layers),
        }
    }

    pub fn plot(&self) -> PixelRect {
        PixelRect {
            left: self.plot_left,
            top: self.plot_top,
            right: self.plot_right,
            bottom: self.plot_bottom,
        }
    }

    /// Left and (exclusive) right pixel of layer `layer`'s slot (1-based); slots tile the plot.
    pub fn slot(&self, layer: usize) -> Option<(i32, i32)> {
        if layer == 0 || layer > self.layers {
            return None;
        }
        Some((self.slot_edge(layer - 1), self.slot_edge(layer)))
    }

    fn slot_edge(&self, i: usize) -> i32 {
        let w = f64::from(self.plot_right - self.plot_left);
        self.plot_left + (w * i as f64 / self.layers.max(1) as f64).round() as i32
    }

    /// Centre pixel of layer `layer`'s slot (1-based).
    pub fn center_x(&self, layer: usize) -> Option<i32> {
        self.slot(layer).map(|(a, b)| (a + b) / 2)
    }

    /// The layer (1-based) under pixel column `x`, if `x` is inside the plot.
    pub fn layer_at(&self, x: i32) -> Option<usize> {
        if self.layers == 0 || x < self.plot_left || x >= self.plot_right {
            return None;
        }
        let w = f64::from(self.plot_right - self.plot_left);
        let guess = (f64::from(x - self.plot_left) * self.layers as f64 / w).floor() as usize;
        // Rounded slot edges can shift the answer by one: check the neighbours.
        let lo = guess.saturating_sub(1);
        let hi = (guess + 1).min(self.layers - 1);
        (lo..=hi)
            .find(|&i| x >= self.slot_edge(i) && x < self.slot_edge(i + 1))
            .map(|i| i + 1)
    }
}
