//! Any `Chart` on a canvas: drawn after mount and again whenever what it reads changes (its
//! data, the theme, the window size), completed draws counted in `data-render-count`, its
//! summary as the canvas's text alternative. A chart's component keeps only its figure.

use leptos::prelude::*;

use super::canvas_draw::draw_on_canvas;
use super::chart_redraw::redraw_on_change;
use super::theme::chart_theme;
use crate::charts::Chart;

/// What a chart shows now: its data, or in words why there is none (then the label).
pub type Shown<'a, C> = Result<<C as Chart>::Data<'a>, &'a str>;

/// Where a chart drew its marks (device pixels) and the pixel ratio, for hit-testing.
pub type KeptLayout<C> = StoredValue<Option<(<C as Chart>::Layout, f64)>>;

/// A page result as a chart shows it: the value, or the error's words.
pub fn shown<T>(result: &Result<T, String>) -> Result<&T, &str> {
    result.as_ref().map_err(String::as_str)
}

/// The canvas of `chart`. `data` hands what to show to the function it is given, from inside
/// the signals it reads (so nothing is cloned, and a change redraws).
#[component]
pub fn ChartCanvas<C, D>(
    chart: C,
    data: D,
    dark: ReadSignal<bool>,
    /// The canvas's `data-testid`.
    testid: &'static str,
    /// The canvas's class (its size).
    class: &'static str,
    /// Keeps where the chart drew, for a component that hit-tests.
    #[prop(optional)]
    layout: Option<KeptLayout<C>>,
    /// Words around the summary (the explorer's: which network it describes).
    #[prop(optional, into)]
    words: Option<Callback<String, String>>,
) -> impl IntoView
where
    C: Chart + Copy + Send + Sync + 'static,
    C::Layout: Send + Sync + 'static,
    D: Fn(&mut dyn FnMut(Shown<'_, C>)) + Copy + Send + Sync + 'static,
{
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let renders = redraw_on_change(canvas, move |el| {
        let theme = chart_theme(dark.get());
        let mut drawn = false;
        data(&mut |shown| {
            let Ok(d) = shown else { return };
            let out = draw_on_canvas(el, &theme, |area, theme| chart.draw(area, d, theme).ok());
            drawn = match out {
                Some((Some(l), dpr)) => {
                    if let Some(kept) = layout {
                        kept.set_value(Some((l, dpr)));
                    }
                    true
                }
                _ => false,
            };
        });
        drawn
    });
    let label = move || {
        let mut text = String::new();
        data(&mut |shown| {
            text = match shown {
                Ok(d) => match words {
                    Some(words) => words.run(chart.summary(d)),
                    None => chart.summary(d),
                },
                Err(why) => why.to_string(),
            }
        });
        text
    };
    view! {
        <canvas node_ref=canvas data-testid=testid class=class role="img" aria-label=label
            data-render-count=move || renders.get()></canvas>
    }
}
