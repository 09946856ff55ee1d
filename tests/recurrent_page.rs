//! The recurrent mode's page model (edits, URL, presets), its worker request and its chart.

mod charts_support;

use charts_support::{render_svg, save_sample, texts};
use gradient_flow_explorer::charts::kit::theme::Theme;
use gradient_flow_explorer::charts::recurrent::time_gradient::{
    theory_line, TimeGradient, TimeTheory,
};
use gradient_flow_explorer::charts::Chart;
use gradient_flow_explorer::page::arch::{arch, Arch};
use gradient_flow_explorer::page::recurrent::edit::{apply, apply_all, RnnEdit, GAIN_MAX};
use gradient_flow_explorer::page::recurrent::presets::{find, RNN_PRESETS};
use gradient_flow_explorer::page::recurrent::query::{parse, to_query};
use gradient_flow_explorer::page::recurrent::RNN_SEEDS;
use gradient_flow_explorer::sim::mixed::MixedPrecision;
use gradient_flow_explorer::sim::recurrent::{
    simulate_rnn_seeds, spread, Cell, RecurrentInit, RnnConfig, RnnSpread,
};
use gradient_flow_explorer::worker::serve::Server;
use gradient_flow_explorer::worker::{decode, encode, Request, Response};

fn pairs(q: &str) -> Vec<(&str, &str)> {
    q.split('&').filter_map(|kv| kv.split_once('=')).collect()
}

fn spread_of(cfg: &RnnConfig) -> RnnSpread {
    let runs = simulate_rnn_seeds(cfg, RNN_SEEDS).expect("valid config");
    spread(&runs).expect("one run at least")
}

#[test]
fn edits_clamp_to_what_the_controls_offer() {
    let d = RnnConfig::default();
    assert_eq!(apply(&d, &RnnEdit::Steps(0)).steps, 1);
    assert_eq!(apply(&d, &RnnEdit::Steps(5000)).steps, 1000);
    assert_eq!(apply(&d, &RnnEdit::Width(100)).width, 128);
    assert_eq!(apply(&d, &RnnEdit::Width(0)).width, 8);
    assert_eq!(apply(&d, &RnnEdit::Gain(f64::NAN)).gain, d.gain);
    assert_eq!(apply(&d, &RnnEdit::Gain(9.0)).gain, GAIN_MAX);
    assert_eq!(apply(&d, &RnnEdit::Gain(-1.0)).gain, 0.0);
    assert_eq!(
        apply(&d, &RnnEdit::ForgetBias(f64::INFINITY)).forget_bias,
        10.0
    );
    assert_eq!(apply(&d, &RnnEdit::Truncate(0)).truncate, 1);
    assert_eq!(apply(&d, &RnnEdit::Truncate(500)).truncate, d.steps);
    assert_eq!(apply(&d, &RnnEdit::Batch(0)).batch, 1);
    assert_eq!(apply(&d, &RnnEdit::Preset("nope")), d);
}

#[test]
fn full_bptt_stays_full_and_a_truncation_stays_within_t() {
    let d = RnnConfig::default();
    let longer = apply(&d, &RnnEdit::Steps(200));
    assert_eq!((longer.steps, longer.truncate), (200, 200));
    let cut = apply_all(&d, &[RnnEdit::Truncate(10), RnnEdit::Steps(200)]);
    assert_eq!(cut.truncate, 10);
    let shorter = apply_all(&d, &[RnnEdit::Truncate(30), RnnEdit::Steps(20)]);
    assert_eq!(shorter.truncate, 20);
}

#[test]
fn identity_init_is_for_plain_cells_only() {
    let irnn = apply_all(
        &RnnConfig::default(),
        &[
            RnnEdit::Cell(Cell::RnnRelu),
            RnnEdit::Init(RecurrentInit::Identity),
        ],
    );
    assert_eq!(irnn.init, RecurrentInit::Identity);
    let lstm = apply(&irnn, &RnnEdit::Cell(Cell::Lstm));
    assert_eq!(lstm.init, RecurrentInit::Orthogonal);
    assert_eq!(apply(&lstm, &RnnEdit::Init(RecurrentInit::Identity)), lstm);
}

#[test]
fn every_edit_result_is_a_valid_config() {
    let edits = [
        RnnEdit::Steps(1000),
        RnnEdit::Width(512),
        RnnEdit::Batch(1024),
        RnnEdit::Cell(Cell::Lstm),
        RnnEdit::Gain(1e9),
        RnnEdit::ForgetBias(-1e9),
        RnnEdit::Truncate(1),
    ];
    let mut cfg = RnnConfig::default();
    for e in edits {
        cfg = apply(&cfg, &e);
        assert!(cfg.validate().is_ok(), "{e:?} gave {cfg:?}");
    }
}

#[test]
fn the_url_round_trips() {
    let cfg = apply_all(
        &RnnConfig::default(),
        &[
            RnnEdit::Cell(Cell::Lstm),
            RnnEdit::Steps(120),
            RnnEdit::Width(32),
            RnnEdit::Gain(1.1),
            RnnEdit::ForgetBias(1.0),
            RnnEdit::Truncate(40),
            RnnEdit::Batch(16),
            RnnEdit::Seed(7),
        ],
    );
    let q = to_query(&cfg);
    assert!(q.starts_with("arch=recurrent&cell=lstm&"), "{q}");
    assert_eq!(arch(pairs(&q)), Arch::Recurrent);
    let back = parse(pairs(&q));
    assert_eq!(back.config, cfg);
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    assert_eq!(arch(pairs("depth=3")), Arch::Mlp);
}

#[test]
fn a_bad_url_is_clamped_with_warnings() {
    let back = parse(pairs(
        "arch=recurrent&cell=bogus&steps=99999&gain=abc&truncate=0&init=identity",
    ));
    assert_eq!(back.config.cell, Cell::RnnTanh);
    assert_eq!(back.config.steps, 1000);
    assert_eq!(back.config.truncate, 1);
    assert_eq!(back.config.init, RecurrentInit::Identity);
    assert_eq!(back.warnings.len(), 4, "{:?}", back.warnings);
    let preset = parse(pairs("arch=recurrent&preset=rnn-lstm-forget-bias"));
    assert_eq!(preset.preset, Some("rnn-lstm-forget-bias"));
    assert_eq!(preset.config.forget_bias, 1.0);
}

#[test]
fn every_preset_gives_the_diagnosis_it_declares() {
    for p in &RNN_PRESETS {
        let cfg = apply(&RnnConfig::default(), &RnnEdit::Preset(p.id));
        assert!(p.matches(&cfg) && find(p.id).is_some());
        assert!(cfg.validate().is_ok(), "{}", p.id);
        let sp = spread_of(&cfg);
        assert_eq!(sp.summary.diagnosis, p.expected, "{}", p.id);
        // The page's band starts at seed 0; so do the explanations' 20 seeds.
        assert!(!p.explanation.is_empty() && !p.title.is_empty());
    }
}

#[test]
fn the_lstm_preset_carries_the_gradient_further_than_tanh() {
    let of = |id| spread_of(&apply(&RnnConfig::default(), &RnnEdit::Preset(id))).summary;
    let (tanh, lstm) = (of("rnn-tanh-vanishes"), of("rnn-lstm-forget-bias"));
    assert!(lstm.memory_horizon > tanh.memory_horizon);
    assert!(lstm.ratio > 1e3 * tanh.ratio);
    let cut = of("rnn-truncated");
    assert_eq!(cut.memory_horizon, 9);
    assert_eq!(cut.first_step_grad, 0.0);
}

/// The worker's reply to a float32 recurrent request: its id and spread.
fn ask(
    server: &mut Server,
    (id, config): (u64, &RnnConfig),
    (seeds, first_look): (usize, bool),
) -> (u64, Result<RnnSpread, String>) {
    let request = Request::Recurrent {
        id,
        config: config.clone(),
        seeds,
        mixed: MixedPrecision::default(),
        first_look,
    };
    let reply = decode::<Response>(&server.handle_bytes(&encode(&request))).expect("reply");
    match reply {
        Response::Recurrent { id, spread } => (id, spread),
        other => panic!("unexpected reply {other:?}"),
    }
}

#[test]
fn the_worker_serves_a_recurrent_request() {
    let mut server = Server::new();
    let config = RnnConfig {
        steps: 12,
        truncate: 12,
        width: 16,
        ..RnnConfig::default()
    };
    let (id, sp) = ask(&mut server, (3, &config), (RNN_SEEDS, false));
    let sp = sp.expect("a valid network");
    assert_eq!((id, sp.seeds, sp.steps.len()), (3, RNN_SEEDS, 12));
    assert_eq!(sp, spread_of(&config));
    let bad = RnnConfig { steps: 0, ..config };
    assert!(matches!(
        ask(&mut server, (4, &bad), (1, false)),
        (4, Err(_))
    ));
}

#[test]
fn the_worker_answers_a_first_look_with_the_first_seeds_picture() {
    let mut server = Server::new();
    let config = RnnConfig {
        cell: Cell::Lstm,
        steps: 12,
        truncate: 12,
        width: 16,
        ..RnnConfig::default()
    };
    let look = ask(&mut server, (5, &config), (1, true))
        .1
        .expect("a valid network");
    let full = spread(&simulate_rnn_seeds(&config, 1).expect("valid")).expect("one run");
    assert_eq!(look.weight_grad_recurrent, None);
    assert_eq!((&look.steps, &look.summary), (&full.steps, &full.summary));
}

/// The worker runs every recurrent request in one set of buffers: a seed band after first looks
/// of other sizes and cells is still the band of a fresh run.
#[test]
fn bands_between_first_looks_of_other_networks_are_fresh_runs() {
    let mut server = Server::new();
    let small = RnnConfig {
        cell: Cell::Lstm,
        steps: 12,
        truncate: 12,
        width: 16,
        ..RnnConfig::default()
    };
    let wide = RnnConfig {
        cell: Cell::Gru,
        steps: 20,
        truncate: 5,
        width: 24,
        batch: 8,
        ..RnnConfig::default()
    };
    for (id, cfg) in [&small, &wide, &small, &wide].into_iter().enumerate() {
        for first_look in [true, false] {
            let (_, sp) = ask(&mut server, (id as u64, cfg), (RNN_SEEDS, first_look));
            let sp = sp.expect("a valid network");
            if !first_look {
                assert_eq!(sp, spread_of(cfg), "{cfg:?}");
            }
        }
    }
}

#[test]
fn the_theory_line_is_exactly_g_to_the_k() {
    let cfg = RnnConfig {
        cell: Cell::RnnLinear,
        gain: 0.9,
        steps: 30,
        truncate: 30,
        ..RnnConfig::default()
    };
    let sp = spread_of(&cfg);
    let (kind, theory) = theory_line(&sp).expect("the linear orthogonal RNN has a theory");
    assert_eq!(kind, TimeTheory::Exact);
    assert_eq!(theory.len(), 30);
    for (s, th) in sp.steps.iter().zip(&theory) {
        let th = th.expect("every step gets a gradient");
        let rel = (s.hidden_grad_norm.p50 / th - 1.0).abs();
        assert!(
            rel < 1e-4,
            "step {}: {} vs {th}",
            s.t,
            s.hidden_grad_norm.p50
        );
    }
    let tanh = spread_of(&RnnConfig::default());
    assert_eq!(theory_line(&tanh).map(|t| t.0), Some(TimeTheory::MeanField));
    let lstm = spread_of(&RnnConfig {
        cell: Cell::Lstm,
        ..RnnConfig::default()
    });
    assert!(theory_line(&lstm).is_none());
}

#[test]
fn the_chart_draws_band_lines_and_axis_in_svg() {
    for (name, cfg) in [
        ("tanh", RnnConfig::default()),
        (
            "lstm",
            RnnConfig {
                cell: Cell::Lstm,
                forget_bias: 1.0,
                ..RnnConfig::default()
            },
        ),
        (
            "linear-truncated",
            RnnConfig {
                cell: Cell::RnnLinear,
                truncate: 10,
                ..RnnConfig::default()
            },
        ),
    ] {
        let sp = spread_of(&cfg);
        let (svg, result) = render_svg(640, 360, |area| {
            TimeGradient.draw(area, &sp, &Theme::light())
        });
        assert!(result.is_ok(), "{name}");
        save_sample(&format!("time-gradient-{name}"), &svg);
        let words = texts(&svg).join(" ");
        assert!(words.contains("Gradient through time"), "{name}: {words}");
        assert!(words.contains("step") && words.contains("50"), "{name}");
        assert!(svg.contains("<polygon"), "{name}: no band");
        assert_eq!(words.contains("cell"), cfg.cell == Cell::Lstm, "{name}");
        // The linear orthogonal RNN's exact line, the tanh RNN's mean-field line, none for LSTM.
        assert_eq!(words.contains("theory"), cfg.cell != Cell::Lstm, "{name}");
        assert_eq!(
            words.contains("mean-field"),
            cfg.cell == Cell::RnnTanh,
            "{name}"
        );
        // Zero gradient has no log: the truncated region says what it is, not a blank.
        assert_eq!(
            words.contains("no gradient: truncated at k = 10"),
            cfg.truncate < cfg.steps,
            "{name}: {words}"
        );
        let summary = TimeGradient.summary(&sp);
        assert!(summary.contains(&format!("Diagnosis: {}", sp.summary.diagnosis.id())));
    }
    let dark = spread_of(&RnnConfig::default());
    let (_, result) = render_svg(320, 240, |area| {
        TimeGradient.draw(area, &dark, &Theme::dark())
    });
    assert!(result.is_ok());
}
