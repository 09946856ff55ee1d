//! Hand-built `Report`s for the chart tests (the simulation is written elsewhere), and helpers
//! to render into an SVG string and save samples under target/chart-samples/.
#![allow(dead_code)]

pub mod measure;
pub mod runs;

use gradient_flow_explorer::sim::{
    Activation, Config, Diagnosis, Histogram, LayerReport, LayerSpread, MlpNet, Percentiles,
    Report, SeedSpread, Summary,
};
use plotters::coord::Shift;
use plotters::prelude::*;

pub const BINS: usize = 40;

/// A bell-shaped histogram of `total` values with spread `std` over [-3, 3).
pub fn bell(std: f64, total: u32, mean: f64) -> Histogram {
    let (lo, hi) = (-3.0f32, 3.0f32);
    let width = f64::from(hi - lo) / BINS as f64;
    let std = std.max(1e-6);
    let weights: Vec<f64> = (0..BINS)
        .map(|i| {
            let x = f64::from(lo) + (i as f64 + 0.5) * width;
            (-0.5 * ((x - mean) / std).powi(2)).exp()
        })
        .collect();
    let sum: f64 = weights.iter().sum::<f64>().max(1e-300);
    let counts = weights
        .iter()
        .map(|w| (w / sum * f64::from(total)).round() as u32)
        .collect();
    Histogram {
        lo,
        hi,
        counts,
        underflow: 0,
        overflow: 0,
        nonfinite: 0,
    }
}

/// Builds a report layer by layer: push signal gradients, the rest gets plausible defaults.
pub struct ReportBuilder {
    pub activation: Activation,
    pub layers: Vec<LayerReport>,
}

impl ReportBuilder {
    pub fn new(activation: Activation) -> Self {
        ReportBuilder {
            activation,
            layers: Vec::new(),
        }
    }

    /// Adds a layer with signal gradient `g` (weight gradient = g / 2) and activation std `std`.
    pub fn layer(mut self, g: f64, std: f64) -> Self {
        let l = self.layers.len() + 1;
        let finite = g.is_finite() && std.is_finite();
        let mut histogram = bell(std, 4096, 0.0);
        if !finite {
            histogram.counts.iter_mut().for_each(|c| *c = 0);
            histogram.nonfinite = 4096;
        }
        let (saturated, dead) = match self.activation {
            Activation::Tanh | Activation::Sigmoid => (Some((l as f64 * 0.03).min(0.9)), None),
            Activation::Relu => (None, Some((l as f64 * 0.02).min(1.0))),
            _ => (None, None),
        };
        self.layers.push(LayerReport {
            layer: l,
            weight_grad_norm: g / 2.0,
            signal_grad_norm: g,
            act_mean: 0.0,
            act_std: std,
            preact_msq: std * std,
            saturated_fraction: saturated,
            dead_fraction: dead,
            histogram,
            nonfinite: if finite { 0 } else { 4096 },
            grad_fractions: None,
        });
        self
    }

    pub fn build(self) -> Report {
        let n = self.layers.len();
        let first = self.layers.first().map_or(f64::NAN, |l| l.signal_grad_norm);
        let last = self.layers.last().map_or(f64::NAN, |l| l.signal_grad_norm);
        let ratio = first / last;
        let diagnosis = if !ratio.is_finite() {
            Diagnosis::Overflow
        } else if ratio < 0.1 {
            Diagnosis::Vanishing
        } else if ratio > 10.0 {
            Diagnosis::Exploding
        } else {
            Diagnosis::Healthy
        };
        Report {
            config: Config {
                net: MlpNet {
                    depth: n,
                    activation: self.activation,
                    ..MlpNet::default()
                },
                ..Config::default()
            },
            loss: 0.5,
            layers: self.layers,
            theory: Vec::new(),
            summary: Summary {
                last_layer_grad: last,
                first_layer_grad: first,
                ratio,
                last_layer_weight_grad: last / 2.0,
                first_layer_weight_grad: first / 2.0,
                weight_ratio: ratio,
                diagnosis,
                overflowed: Default::default(),
            },
            mixed: None,
        }
    }
}

/// `layers` layers whose gradient shrinks by `decades_per_layer` per layer towards the input
/// (layer L has 1e-3), with activations narrowing towards the output (tanh-like).
pub fn vanishing_report(layers: usize, decades_per_layer: f64) -> Report {
    let mut b = ReportBuilder::new(Activation::Tanh);
    for l in 1..=layers {
        let g = 1e-3 * 10f64.powf(-decades_per_layer * (layers - l) as f64);
        b = b.layer(g, 0.9 * 0.97f64.powi(l as i32));
    }
    b.build()
}

/// 15 ReLU layers: healthy at the output, exploding towards the input, inf/NaN at layers 1–4,
/// an exact zero at layer 8.
pub fn overflow_report() -> Report {
    let mut b = ReportBuilder::new(Activation::Relu);
    for l in 1..=15usize {
        let g = match l {
            1 | 3 => f64::INFINITY,
            2 | 4 => f64::NAN,
            8 => 0.0,
            _ => 1e-2 * 10f64.powf(2.5 * (15 - l) as f64),
        };
        b = b.layer(g, if l <= 4 { f64::INFINITY } else { 1.0 });
    }
    b.build()
}

/// A seed spread of ±`decades` around each layer's signal and weight gradient.
pub fn spread_around(report: &Report, decades: f64) -> SeedSpread {
    let f = 10f64.powf(decades);
    let p = |v: f64| Percentiles {
        p10: v / f,
        p50: v,
        p90: v * f,
    };
    SeedSpread {
        seeds: 8,
        loss: p(0.5),
        layers: report
            .layers
            .iter()
            .map(|l| LayerSpread {
                layer: l.layer,
                weight_grad_norm: p(l.weight_grad_norm),
                signal_grad_norm: p(l.signal_grad_norm),
                act_mean: p(l.act_mean),
                act_std: p(l.act_std),
                saturated_fraction: None,
                dead_fraction: None,
                nonfinite_seeds: 0,
            })
            .collect(),
    }
}

/// Renders with `draw` onto a `w`×`h` SVG and returns the document.
pub fn render_svg<T>(
    w: u32,
    h: u32,
    draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> T,
) -> (String, T) {
    let mut out = String::new();
    let result;
    {
        let root = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
        result = draw(&root);
        root.present().expect("present SVG");
    }
    (out, result)
}

/// Writes `svg` to target/chart-samples/`name`.svg for looking at.
pub fn save_sample(name: &str, svg: &str) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/chart-samples");
    std::fs::create_dir_all(&dir).expect("create sample dir");
    std::fs::write(dir.join(format!("{name}.svg")), svg).expect("write sample");
}

/// All `<rect …/>` elements as (x, y, width, height, fill, opacity).
pub fn rects(svg: &str) -> Vec<(i32, i32, i32, i32, String, String)> {
    svg.split("<rect")
        .skip(1)
        .filter_map(|s| {
            let end = s.find("/>")?;
            let tag = &s[..end];
            let attr = |name: &str| -> Option<String> {
                let key = format!(" {name}=\"");
                let start = tag.find(&key)? + key.len();
                let len = tag[start..].find('"')?;
                Some(tag[start..start + len].to_string())
            };
            Some((
                attr("x")?.parse().ok()?,
                attr("y")?.parse().ok()?,
                attr("width")?.parse().ok()?,
                attr("height")?.parse().ok()?,
                attr("fill")?,
                attr("opacity")?,
            ))
        })
        .collect()
}

/// The text content of every `<text>` element.
pub fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|s| {
            let start = s.find('>')? + 1;
            let end = s.find("</text>")?;
            Some(
                s[start..end]
                    .trim()
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&apos;", "'")
                    .replace("&quot;", "\"")
                    .replace("&amp;", "&"),
            )
        })
        .collect()
}

pub fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// One `<text>` element: its anchor point, `text-anchor` ("start", "middle", "end"), font
/// size in pixels and content.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedText {
    pub x: i32,
    pub y: i32,
    pub anchor: String,
    pub size: f64,
    pub text: String,
}

/// Every `<text>` with where it is anchored (in document order).
pub fn placed_texts(svg: &str) -> Vec<PlacedText> {
    svg.split("<text")
        .skip(1)
        .zip(texts(svg))
        .filter_map(|(s, text)| {
            let tag = &s[..s.find('>')?];
            let attr = |name: &str| -> Option<&str> {
                let key = format!(" {name}=\"");
                let start = tag.find(&key)? + key.len();
                Some(&tag[start..start + tag[start..].find('"')?])
            };
            Some(PlacedText {
                x: attr("x")?.parse().ok()?,
                y: attr("y")?.parse().ok()?,
                anchor: attr("text-anchor").unwrap_or("start").to_string(),
                size: attr("font-size")?.parse().ok()?,
                text,
            })
        })
        .collect()
}
