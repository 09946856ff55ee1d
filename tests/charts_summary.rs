//! The text alternatives read by screen readers.

mod charts_support;

use charts_support::*;
use gradient_flow_explorer::charts::{activation_summary, gradient_summary};
use gradient_flow_explorer::sim::Activation;
use gradient_flow_explorer::words::metric::Metric;

#[test]
fn vanishing_signal_summary() {
    let report = vanishing_report(15, 0.65);
    let s = gradient_summary(&report, Metric::Signal);
    assert!(
        s.starts_with("Signal gradient per layer, 15 layers: 1e-3 at layer 15 (output) falling to"),
        "{s}"
    );
    assert!(s.contains("at layer 1 (input), ratio 10^-9.1"), "{s}");
    assert!(s.ends_with("; diagnosis vanishing"), "{s}");
    let w = gradient_summary(&report, Metric::Weight);
    assert!(
        w.starts_with("Weight gradient per layer, 15 layers: 5e-4 at layer 15"),
        "{w}"
    );
}

#[test]
fn overflow_summary_names_layers() {
    let report = overflow_report();
    let s = gradient_summary(&report, Metric::Signal);
    assert!(s.contains("overflow at layer 1 (input)"), "{s}");
    assert!(s.contains("ratio undefined"), "{s}");
    assert!(s.contains("overflow (inf/NaN) at layers 1–4"), "{s}");
    assert!(s.contains("exactly 0 (underflow) at layer 8"), "{s}");
    assert!(s.ends_with("diagnosis overflow"), "{s}");
    let a = activation_summary(&report);
    assert!(
        a.starts_with("Activation distribution (relu), 15 layers, binned over [-3, 3]"),
        "{a}"
    );
    assert!(a.contains("zero outputs up to 30% (layer 15)"), "{a}");
    assert!(
        a.contains("overflow: non-finite values at layers 1–4"),
        "{a}"
    );
}

#[test]
fn one_layer_and_empty_reports() {
    let one = ReportBuilder::new(Activation::Tanh)
        .layer(2e-3, 0.5)
        .build();
    let s = gradient_summary(&one, Metric::Signal);
    assert!(
        s.contains("1 layer: 2e-3 at layer 1 (input and output)"),
        "{s}"
    );
    let a = activation_summary(&one);
    assert!(a.contains("saturated up to 3% (layer 1)"), "{a}");
    let empty = ReportBuilder::new(Activation::Relu).build();
    assert!(gradient_summary(&empty, Metric::Signal).ends_with("no layers"));
    assert!(activation_summary(&empty).ends_with("no layers"));
}
