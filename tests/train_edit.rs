//! The training panel's settings: the pure reducer clamps every value to what the controls
//! offer, and the URL's training parameters read back to the same settings.

use gradient_flow_explorer::page::query::{parse, to_query_with_training};
use gradient_flow_explorer::page::train::edit::{
    apply, train_config, Mode, TrainEdit, TrainSettings, CLIP_MAX, CLIP_MIN, MOMENTUM_MAX,
    STEPS_MAX,
};
use gradient_flow_explorer::sim::{Activation, Config, Init, MlpNet};
use gradient_flow_explorer::train::{Dataset, Optimizer};

fn after(edit: TrainEdit) -> TrainSettings {
    apply(&TrainSettings::default(), &edit)
}

#[test]
fn the_learning_rate_is_clamped_to_the_log_slider_and_rounded_to_three_digits() {
    assert_eq!(after(TrainEdit::Lr(1e-9)).lr, 1e-4);
    assert_eq!(after(TrainEdit::Lr(1e9)).lr, 10.0);
    assert_eq!(after(TrainEdit::Lr(f64::INFINITY)).lr, 10.0);
    assert_eq!(after(TrainEdit::Lr(-1.0)).lr, 1e-4);
    // 10^-1.3 from the slider becomes a short value.
    assert_eq!(after(TrainEdit::Lr(10f64.powf(-1.3))).lr, 0.0501);
    assert_eq!(
        after(TrainEdit::Lr(f64::NAN)).lr,
        TrainSettings::default().lr
    );
}

#[test]
fn noise_momentum_clip_and_steps_are_clamped() {
    assert_eq!(after(TrainEdit::Noise(-0.5)).noise, 0.0);
    assert_eq!(after(TrainEdit::Noise(7.0)).noise, 1.0);
    assert_eq!(after(TrainEdit::Noise(0.12345)).noise, 0.123);
    assert_eq!(after(TrainEdit::Momentum(1.0)).momentum, MOMENTUM_MAX);
    assert_eq!(after(TrainEdit::Momentum(-3.0)).momentum, 0.0);
    assert_eq!(after(TrainEdit::Clip(Some(0.0))).clip, Some(CLIP_MIN));
    assert_eq!(after(TrainEdit::Clip(Some(1e6))).clip, Some(CLIP_MAX));
    assert_eq!(after(TrainEdit::Clip(Some(f64::NAN))).clip, Some(1.0));
    let clipped = after(TrainEdit::Clip(Some(2.5)));
    assert_eq!(apply(&clipped, &TrainEdit::Clip(None)).clip, None);
    assert_eq!(after(TrainEdit::Steps(0)).steps, 1);
    assert_eq!(after(TrainEdit::Steps(usize::MAX)).steps, STEPS_MAX);
}

#[test]
fn every_value_the_reducer_allows_is_one_the_trainer_accepts() {
    let extremes = [
        TrainEdit::Lr(f64::INFINITY),
        TrainEdit::Lr(0.0),
        TrainEdit::Momentum(f64::INFINITY),
        TrainEdit::Noise(f64::INFINITY),
        TrainEdit::Clip(Some(f64::NEG_INFINITY)),
        TrainEdit::Steps(usize::MAX),
    ];
    let mut s = TrainSettings::default();
    for e in extremes {
        s = apply(&s, &e);
        let cfg = train_config(&Config::default(), &s);
        assert_eq!(cfg.validate(), Ok(()), "after {e:?}: {s:?}");
    }
}

#[test]
fn the_run_takes_the_network_from_the_explorer() {
    let net = Config {
        net: MlpNet {
            activation: Activation::Sigmoid,
            init: Init::XavierNormal,
            depth: 10,
            width: 32,
            ..MlpNet::default()
        },
        seed: 9,
        ..Config::default()
    };
    let s = after(TrainEdit::Optimizer(Optimizer::Adam));
    let cfg = train_config(&net, &s);
    assert_eq!(
        (
            cfg.net.activation,
            cfg.net.init,
            cfg.net.depth,
            cfg.net.width,
            cfg.seed
        ),
        (Activation::Sigmoid, Init::XavierNormal, 10, 32, 9)
    );
    assert_eq!(cfg.optimizer, Optimizer::Adam);
}

fn parse_str(q: &str) -> gradient_flow_explorer::page::query::Parsed {
    parse(q.split('&').filter_map(|kv| kv.split_once('=')))
}

#[test]
fn the_issue_link_opens_the_training_panel_with_its_settings() {
    let p = parse_str(
        "mode=train&data=spiral&activation=relu&init=he_normal&depth=8&width=64&optimizer=sgd&lr=0.1",
    );
    assert_eq!(p.train.mode, Mode::Train);
    assert_eq!(p.train.settings.data, Dataset::Spiral);
    assert_eq!(p.train.settings.lr, 0.1);
    assert_eq!((p.config.net.depth, p.config.net.width), (8, 64));
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn training_settings_survive_a_round_trip_through_the_url() {
    let s = [
        TrainEdit::Data(Dataset::Xor),
        TrainEdit::Noise(0.2),
        TrainEdit::Optimizer(Optimizer::Adam),
        TrainEdit::Lr(0.003),
        TrainEdit::Momentum(0.9),
        TrainEdit::Clip(Some(2.5)),
        TrainEdit::Steps(300),
    ]
    .iter()
    .fold(TrainSettings::default(), |s, e| apply(&s, e));
    let q = to_query_with_training(&Config::default(), Mode::Train, &s);
    let back = parse_str(&q);
    assert_eq!(back.train.mode, Mode::Train);
    assert_eq!(back.train.settings, s, "{q}");
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
}

#[test]
fn an_explorer_link_has_no_training_parameters() {
    let q = to_query_with_training(&Config::default(), Mode::Explore, &TrainSettings::default());
    assert!(!q.contains("mode") && !q.contains("lr="), "{q}");
    assert_eq!(parse_str(&q).train.mode, Mode::Explore);
}

#[test]
fn bad_training_parameters_are_clamped_or_ignored_with_a_warning() {
    let p = parse_str("mode=race&data=moons&lr=abc&momentum=5&clip=off&steps=-3&optimizer=rmsprop");
    assert_eq!(p.train.mode, Mode::Explore);
    let d = TrainSettings::default();
    assert_eq!(p.train.settings.data, d.data);
    assert_eq!(p.train.settings.lr, d.lr);
    assert_eq!(p.train.settings.momentum, MOMENTUM_MAX);
    assert_eq!(p.train.settings.clip, None);
    assert_eq!(p.train.settings.steps, 1);
    let text = p.warnings.join("\n");
    for word in ["race", "moons", "abc", "momentum 5", "rmsprop", "steps -3"] {
        assert!(text.contains(word), "no warning about {word}: {text}");
    }
}

#[test]
fn every_training_preset_loads_exactly_its_run() {
    use gradient_flow_explorer::page::edit;
    use gradient_flow_explorer::page::train::edit::preset_edits;
    use gradient_flow_explorer::train::presets::TRAIN_PRESETS;
    let start = Config {
        net: MlpNet {
            activation: Activation::Tanh,
            depth: 3,
            ..MlpNet::default()
        },
        seed: 5,
        ..Config::default()
    };
    let settings = after(TrainEdit::Momentum(0.5));
    for p in TRAIN_PRESETS.iter() {
        let (network, run) = preset_edits(p);
        let cfg = network
            .iter()
            .fold(start.clone(), |c, e| edit::apply(&c, e));
        let s = run.iter().fold(settings.clone(), |s, e| apply(&s, e));
        assert_eq!(train_config(&cfg, &s), p.config(5), "{}", p.id);
    }
}

#[test]
fn every_training_presets_link_restores_its_run_without_warnings() {
    use gradient_flow_explorer::train::presets::TRAIN_PRESETS;
    for p in TRAIN_PRESETS.iter() {
        let q = p.query();
        let parsed = parse_str(&q);
        assert!(parsed.warnings.is_empty(), "{q}: {:?}", parsed.warnings);
        assert_eq!(parsed.train.mode, Mode::Train, "{q}");
        let run = train_config(&parsed.config, &parsed.train.settings);
        assert_eq!(run, p.config(parsed.config.seed), "{q}");
    }
}
