//! The explorer's activation chart: its layers' activations as columns of the shared density
//! heatmap (`charts::density`), and one layer's histogram for the small multiples.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::DrawingBackend;

use super::summary::activation_summary;
use crate::charts::chart::Chart;
use crate::charts::density::heatmap::draw_density_chart;
use crate::charts::density::histogram::{draw_column_histogram, DensityColumn};
use crate::charts::kit::draw_util::DrawResult;
use crate::charts::kit::layout::LayerChartLayout;
use crate::charts::kit::theme::Theme;
use crate::sim::{LayerReport, Report};

/// The activation heatmap of a report's layers.
#[derive(Clone, Copy, Debug)]
pub struct Activations;

impl Chart for Activations {
    type Data<'a> = &'a Report;
    /// The layer columns' geometry, for hover tooltips.
    type Layout = LayerChartLayout;

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        report: &Report,
        theme: &Theme,
    ) -> DrawResult<LayerChartLayout, DB> {
        draw_activation_chart(area, report, theme)
    }

    fn summary(&self, report: &Report) -> String {
        activation_summary(report)
    }
}

/// The activation heatmap of `report` filling `area`; returns its layer geometry for hover
/// tooltips.
pub fn draw_activation_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &Report,
    theme: &Theme,
) -> DrawResult<LayerChartLayout, DB> {
    let columns: Vec<DensityColumn> = report.layers.iter().map(DensityColumn::of_layer).collect();
    let activation = report.config.net.activation.id();
    let title = format!("Activation distribution per layer ({activation})");
    draw_density_chart(area, &title, &columns, theme)
}

/// One layer's histogram as bars (share of units per bin).
pub fn draw_layer_histogram<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    layer: &LayerReport,
    theme: &Theme,
) -> DrawResult<(), DB> {
    draw_column_histogram(area, &DensityColumn::of_layer(layer), theme)
}
