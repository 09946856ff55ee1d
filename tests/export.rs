//! Exports: the CSV and JSON read back to the report they came from, file names carry the
//! network, and `gradflow --svg/--csv` write the same files (bad paths exit 2 with one line).

use std::path::PathBuf;
use std::process::Command;

use gradient_flow_explorer::charts::{GradientChartData, Theme};
use gradient_flow_explorer::export::{csv, file_name, json, svg};
use gradient_flow_explorer::sim::{
    simulate, Activation, Config, Init, MlpNet, Norm, Report, Residual,
};
use gradient_flow_explorer::words::metric::Metric;

fn report(activation: Activation, init: Init, depth: usize) -> Report {
    simulate(&Config {
        net: MlpNet {
            activation,
            init,
            depth,
            width: 32,
            ..MlpNet::default()
        },
        batch: 16,
        ..Config::default()
    })
    .expect("a valid config")
}

/// A CSV cell as the number it says (empty: none).
fn cell(text: &str) -> Option<f64> {
    (!text.is_empty()).then(|| text.parse::<f64>().expect("a number"))
}

/// Same number, NaN included.
fn same(a: f64, b: f64) -> bool {
    a == b || (a.is_nan() && b.is_nan())
}

fn assert_csv_reads_back(r: &Report) {
    let text = csv::report_csv(r);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(csv::HEADER.join(",").as_str()));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), r.layers.len(), "one row per layer");
    for (row, l) in rows.iter().zip(&r.layers) {
        assert_eq!(row.len(), csv::HEADER.len());
        assert_eq!(row[0].parse::<usize>().ok(), Some(l.layer));
        let exact = [
            l.weight_grad_norm,
            l.signal_grad_norm,
            l.act_mean,
            l.act_std,
        ];
        for (k, v) in exact.iter().enumerate() {
            let back = cell(row[k + 1]).expect("always present");
            assert!(
                same(back, *v),
                "layer {} column {}: {back} vs {v}",
                l.layer,
                k + 1
            );
        }
        assert_eq!(cell(row[5]), l.saturated_fraction);
        assert_eq!(cell(row[6]), l.dead_fraction);
        let theory = r.theory.get(l.layer - 1).map(|t| t.signal_grad_rel_log10);
        assert_eq!(cell(row[7]), theory);
        assert_eq!(row[8].parse::<u64>().ok(), Some(l.nonfinite));
    }
}

#[test]
fn csv_reads_back_to_the_report() {
    assert_csv_reads_back(&report(Activation::Sigmoid, Init::XavierNormal, 15));
    assert_csv_reads_back(&report(Activation::Tanh, Init::HeNormal, 3));
}

#[test]
fn csv_keeps_overflow_as_inf_or_nan() {
    let r = report(Activation::Relu, Init::RandomNormal, 40);
    assert!(
        r.layers.iter().any(|l| !l.signal_grad_norm.is_finite()),
        "this network overflows"
    );
    assert_csv_reads_back(&r);
}

/// A JSON number, or one of the strings the export writes for a non-finite number, as an
/// f64 (anything else fails the test).
fn number(v: &serde_json::Value) -> f64 {
    match v.as_str() {
        Some("inf") => f64::INFINITY,
        Some("-inf") => f64::NEG_INFINITY,
        Some("NaN") => f64::NAN,
        _ => v
            .as_f64()
            .unwrap_or_else(|| panic!("{v} is neither a number nor inf/-inf/NaN")),
    }
}

/// The JSON text is exact (shortest round-trip digits), but serde_json's default parser may
/// land one unit in the last place off; allow 2 ulps.
fn close(a: f64, b: f64) -> bool {
    same(a, b) || (a - b).abs() <= 2.0 * f64::EPSILON * a.abs().max(b.abs())
}

macro_rules! assert_close {
    ($a:expr, $b:expr) => {{
        let (a, b) = ($a, $b);
        assert!(close(a, b), "{} vs {}", a, b);
    }};
}

#[test]
fn json_reads_back_to_the_report() {
    let r = report(Activation::Sigmoid, Init::XavierNormal, 15);
    let text = json::report_json(&r).to_string();
    let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let config: Config = serde_json::from_value(v["config"].clone()).expect("the config");
    assert_eq!(config, r.config);
    assert_eq!(v["seeds"], 1);
    let layers = v["layers"].as_array().expect("layers");
    assert_eq!(layers.len(), r.layers.len());
    for (j, l) in layers.iter().zip(&r.layers) {
        assert_eq!(j["layer"], l.layer);
        for p in ["p10", "p50", "p90"] {
            assert_close!(number(&j["signal_grad_norm"][p]), l.signal_grad_norm);
            assert_close!(number(&j["weight_grad_norm"][p]), l.weight_grad_norm);
            assert_close!(number(&j["act_std"][p]), l.act_std);
        }
        let saturated = j["saturated_fraction"]["p50"].as_f64();
        assert_eq!(saturated.is_some(), l.saturated_fraction.is_some());
        if let (Some(a), Some(b)) = (saturated, l.saturated_fraction) {
            assert_close!(a, b);
        }
    }
    assert_eq!(
        number(&v["summary"]["first_layer_grad"]),
        r.summary.first_layer_grad
    );
    assert_close!(number(&v["summary"]["ratio"]), r.summary.ratio);
    assert_eq!(v["summary"]["diagnosis"], r.summary.diagnosis.id());
    assert_close!(number(&v["loss"]["p50"]), r.loss);
}

#[test]
fn json_names_non_finite_values_and_says_what_overflowed() {
    let r = report(Activation::Relu, Init::RandomNormal, 40);
    let v: serde_json::Value =
        serde_json::from_str(&json::report_json(&r).to_string()).expect("valid JSON");
    let mut named = 0;
    for (j, l) in v["layers"]
        .as_array()
        .expect("layers")
        .iter()
        .zip(&r.layers)
    {
        for (key, value) in [
            ("signal_grad_norm", l.signal_grad_norm),
            ("act_mean", l.act_mean),
        ] {
            assert!(
                close(number(&j[key]["p50"]), value),
                "{key} of layer {}",
                l.layer
            );
            named += usize::from(!value.is_finite());
        }
    }
    assert!(named > 0, "this network overflows");
    assert!(close(number(&v["loss"]["p50"]), r.loss));
    assert!(close(number(&v["summary"]["ratio"]), r.summary.ratio));
    let o = &v["overflowed"];
    assert_eq!(o["loss"], !r.loss.is_finite());
    assert_eq!(o["gradients"], r.summary.overflowed.gradients);
    let first_bad_act = r.layers.iter().find(|l| !l.act_mean.is_finite());
    assert_eq!(o["activations"], first_bad_act.is_some());
    assert_eq!(
        o["first_layer"]["activations"].as_u64(),
        first_bad_act.map(|l| l.layer as u64)
    );
    // The card's first sentence, word for word.
    let card = gradient_flow_explorer::lessons::status::status_words(&r.summary).why;
    let words = o["words"].as_str().expect("words");
    assert!(card.starts_with(words), "{card} / {words}");
    let healthy = report(Activation::Tanh, Init::XavierNormal, 3);
    assert!(json::report_json(&healthy)["overflowed"].is_null());
}

#[test]
fn file_names_carry_the_network() {
    let cfg = Config {
        net: MlpNet {
            activation: Activation::Sigmoid,
            init: Init::XavierNormal,
            depth: 15,
            width: 64,
            ..MlpNet::default()
        },
        ..Config::default()
    };
    assert_eq!(
        file_name("gradients", &cfg, "svg"),
        "gradients-sigmoid-xavier_normal-L15-W64.svg"
    );
    let more = Config {
        net: MlpNet {
            residual: Residual::Scaled,
            norm: Norm::Layer,
            ..cfg.net
        },
        seed: 7,
        ..cfg
    };
    assert_eq!(
        file_name("report", &more, "csv"),
        "report-sigmoid-xavier_normal-L15-W64-residual_scaled-norm_layer-seed7.csv"
    );
}

fn gradflow(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gradflow"))
        .args(args)
        .output()
        .expect("gradflow runs")
}

fn out_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/export-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the output dir");
    dir
}

const NET: [&str; 12] = [
    "--activation",
    "sigmoid",
    "--init",
    "xavier_normal",
    "--depth",
    "15",
    "--width",
    "32",
    "--batch",
    "16",
    "--format",
    "json",
];

#[test]
fn cli_writes_the_svg_and_csv_the_page_would() {
    let dir = out_dir("cli");
    let (svg_path, csv_path) = (dir.join("g.svg"), dir.join("r.csv"));
    let mut args = NET.to_vec();
    let (s, c) = (svg_path.to_string_lossy(), csv_path.to_string_lossy());
    args.extend(["--svg", &s, "--csv", &c]);
    let out = gradflow(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = report(Activation::Sigmoid, Init::XavierNormal, 15);
    let csv_text = std::fs::read_to_string(&csv_path).expect("the CSV was written");
    assert_eq!(csv_text, csv::report_csv(&r));
    let svg_text = std::fs::read_to_string(&svg_path).expect("the SVG was written");
    let data = GradientChartData::from_report(&r, Metric::Signal, None);
    let expected = svg::gradient_svg(&data, None, &Theme::light(), svg::CLI_SIZE).expect("draws");
    assert!(svg_text.starts_with("<svg"), "{}", &svg_text[..40]);
    assert_eq!(svg_text, expected);
    // stdout still carries the JSON.
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(v["layers"].as_array().map(Vec::len), Some(15));
}

#[test]
fn cli_with_several_seeds_writes_median_rows() {
    let dir = out_dir("seeds");
    let csv_path = dir.join("r.csv");
    let c = csv_path.to_string_lossy();
    let mut args = NET.to_vec();
    args.extend(["--seeds", "3", "--csv", &c]);
    assert!(gradflow(&args).status.success());
    let text = std::fs::read_to_string(&csv_path).expect("written");
    assert_eq!(text.lines().count(), 1 + 15);
}

#[test]
fn bad_paths_exit_2_with_one_line() {
    let dir = out_dir("bad");
    let missing = dir.join("no/such/dir/x.svg");
    let m = missing.to_string_lossy();
    for flag in ["--svg", "--csv"] {
        let mut args = NET.to_vec();
        args.extend([flag, &m]);
        let out = gradflow(&args);
        assert_eq!(out.status.code(), Some(2), "{flag}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with(&format!("gradflow: {flag}: cannot write")),
            "{err}"
        );
        assert!(out.stdout.is_empty(), "nothing printed on failure");
    }
    let out = gradflow(&["--svg"]);
    assert_eq!(out.status.code(), Some(2), "a flag without its file");
}
