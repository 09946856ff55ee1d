//! The link that restores the page: every control, toggle and the pin survive a round trip
//! through the query string (over random valid states), and random query strings never panic
//! and clamp as `query` documents.

use gradient_flow_explorer::page::edit::LOSS_SCALES;
use gradient_flow_explorer::page::edit::{self, BATCH_MAX, DEPTH_MAX, WIDTHS};
use gradient_flow_explorer::page::link::{self, View};
use gradient_flow_explorer::page::presets::PRESETS;
use gradient_flow_explorer::sim::mixed::{LossScale, MixedPrecision};
use gradient_flow_explorer::sim::numeric::Precision;
use gradient_flow_explorer::sim::{Activation, Config, Init, MlpNet, Norm, Residual};
use gradient_flow_explorer::words::metric::Metric;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Splits and percent-decodes a query as the browser's `URLSearchParams` would (enough for
/// what `link::write` produces: it writes ids, numbers and `.`).
fn pairs(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (kv.to_string(), String::new()),
        })
        .collect()
}

fn read(q: &str) -> link::Link {
    let p = pairs(q);
    link::read(p.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

fn pick<T: Copy>(rng: &mut StdRng, items: &[T]) -> T {
    items[(rng.next_u64() % items.len() as u64) as usize]
}

fn below(rng: &mut StdRng, n: u64) -> u64 {
    rng.next_u64() % n
}

/// A config the controls can show.
fn random_config(rng: &mut StdRng) -> Config {
    let cfg = Config {
        net: MlpNet {
            depth: 1 + below(rng, DEPTH_MAX as u64) as usize,
            width: pick(rng, &WIDTHS),
            activation: pick(rng, &Activation::ALL),
            init: pick(rng, &Init::ALL),
            residual: pick(rng, &Residual::ALL),
            norm: pick(rng, &Norm::ALL),
        },
        batch: BATCH_MAX,
        seed: if below(rng, 4) == 0 {
            rng.next_u64()
        } else {
            below(rng, 1000)
        },
        ..Config::default()
    };
    // Large networks offer a smaller batch (the page's memory budget).
    let batch = 1 + below(rng, edit::batch_limit(&cfg) as u64) as usize;
    Config { batch, ..cfg }
}

/// A number format the controls can show: float32 (no scale), or another with any offered
/// scale or, as a link may ask, any power of two the core accepts.
fn random_mixed(rng: &mut StdRng) -> MixedPrecision {
    let precision = pick(rng, &Precision::ALL);
    if precision == Precision::Float32 {
        return MixedPrecision::default();
    }
    let loss_scale = if below(rng, 4) == 0 {
        LossScale::Power(below(rng, 65) as i32 - 24)
    } else {
        pick(rng, &LOSS_SCALES)
    };
    MixedPrecision {
        precision,
        loss_scale,
    }
}

fn random_view(rng: &mut StdRng) -> View {
    View {
        metric: pick(rng, &[Metric::Signal, Metric::Weight]),
        show_spread: below(rng, 2) == 1,
        show_theory: below(rng, 2) == 1,
        pin: (below(rng, 2) == 1).then(|| edit::Setup {
            config: random_config(rng),
            mixed: random_mixed(rng),
        }),
    }
}

#[test]
fn every_control_toggle_and_the_pin_survive_the_round_trip() {
    let mut rng = StdRng::seed_from_u64(12);
    for _ in 0..2000 {
        let cfg = random_config(&mut rng);
        let mixed = random_mixed(&mut rng);
        let view = random_view(&mut rng);
        let q = link::write(&cfg, &mixed, None, &view);
        let back = read(&q);
        assert_eq!(back.network.config, cfg, "{q}");
        assert_eq!(back.network.mixed, mixed, "{q}");
        assert_eq!(back.view, view, "{q}");
        assert!(back.warnings().is_empty(), "{q}: {:?}", back.warnings());
        let replayed = back
            .network
            .edits
            .iter()
            .fold(edit::Setup::default(), |s, e| edit::apply_setup(&s, e));
        assert_eq!(
            replayed.config, cfg,
            "the edits restore the same config: {q}"
        );
        assert_eq!(replayed.mixed, mixed, "and the same format: {q}");
    }
}

#[test]
fn a_preset_round_trips_with_its_name() {
    for p in PRESETS {
        let cfg = p.apply(&Config::default());
        let q = link::write(&cfg, &p.mixed, Some(p.id), &View::default());
        let back = read(&q);
        assert_eq!(back.network.preset, Some(p.id), "{q}");
        assert_eq!(back.network.config, cfg, "{q}");
        assert_eq!(back.network.mixed, p.mixed, "{q}");
    }
}

#[test]
fn the_default_view_adds_nothing_to_the_link() {
    let cfg = Config::default();
    assert_eq!(
        link::write(&cfg, &MixedPrecision::default(), None, &View::default()),
        gradient_flow_explorer::page::query::to_query(&cfg)
    );
}

#[test]
fn float32_writes_no_precision_and_the_others_are_read_by_name() {
    let cfg = Config::default();
    let q = link::write(&cfg, &MixedPrecision::default(), None, &View::default());
    assert!(!q.contains("precision") && !q.contains("loss_scale"), "{q}");
    let l = read("precision=float16&loss_scale=2^8&depth=12");
    let float16_2_8 = MixedPrecision {
        precision: Precision::Float16,
        loss_scale: LossScale::Power(8),
    };
    assert_eq!(l.network.mixed, float16_2_8);
    // The loss scale is read after the precision, wherever it stands in the link.
    let l = read("loss_scale=dynamic&precision=bfloat16");
    assert_eq!(l.network.mixed.loss_scale, LossScale::Dynamic);
    assert!(l.warnings().is_empty(), "{:?}", l.warnings());
    // Written out as a number too (a power of two), as the CLI accepts it.
    assert_eq!(
        read("precision=float16&loss_scale=256").network.mixed,
        float16_2_8
    );
}

#[test]
fn bad_precision_values_warn_and_keep_float32() {
    for q in [
        "precision=float8",
        "precision=float16&loss_scale=3",
        "precision=float16&loss_scale=2^99",
        "loss_scale=dynamic",
        "precision=float32&loss_scale=2^8",
    ] {
        let l = read(q);
        assert_eq!(l.warnings().len(), 1, "{q}: {:?}", l.warnings());
        assert_eq!(l.network.mixed.loss_scale, LossScale::None, "{q}");
        assert_ne!(l.network.mixed.precision, Precision::BFloat16, "{q}");
    }
}

#[test]
fn view_parameters_are_read_by_name() {
    let l = read("metric=weight&spread=1&theory=1&pin.depth=30&pin.activation=tanh");
    assert_eq!(l.view.metric, Metric::Weight);
    assert!(l.view.show_spread);
    assert!(l.view.show_theory);
    let pin = l.view.pin.clone().expect("a pin").config;
    assert_eq!((pin.net.depth, pin.net.activation), (30, Activation::Tanh));
    assert_eq!(pin.net.width, Config::default().net.width);
    assert!(l.warnings().is_empty(), "{:?}", l.warnings());
}

#[test]
fn the_pin_keeps_its_number_format() {
    let l = read("precision=bfloat16&pin.depth=12&pin.precision=float16&pin.loss_scale=dynamic");
    let pin = l.view.pin.clone().expect("a pin");
    assert_eq!(pin.config.net.depth, 12);
    assert_eq!(
        pin.mixed,
        MixedPrecision {
            precision: Precision::Float16,
            loss_scale: LossScale::Dynamic,
        }
    );
    // The live network's format is its own.
    assert_eq!(l.network.mixed.precision, Precision::BFloat16);
    assert!(l.warnings().is_empty(), "{:?}", l.warnings());
    let q = link::write(&l.network.config, &l.network.mixed, None, &l.view);
    assert!(
        q.contains("&pin.precision=float16&pin.loss_scale=dynamic"),
        "{q}"
    );
    // A float32 pin writes no format, as before.
    let plain = read("pin.depth=12").view;
    let q = link::write(&Config::default(), &MixedPrecision::default(), None, &plain);
    assert!(!q.contains("pin.precision"), "{q}");
}

#[test]
fn bad_view_values_warn_and_keep_the_default() {
    let l = read("metric=hessian&spread=maybe&theory=2&pin.depth=9999");
    assert_eq!(l.view.metric, Metric::Signal);
    assert!(!l.view.show_spread);
    assert!(!l.view.show_theory);
    assert_eq!(
        l.view.pin.as_ref().map(|p| p.config.net.depth),
        Some(DEPTH_MAX)
    );
    assert_eq!(l.warnings().len(), 4, "{:?}", l.warnings());
    assert!(
        l.warnings()[3].starts_with("Pinned network:"),
        "{:?}",
        l.warnings()
    );
}

const KEYS: [&str; 42] = [
    "pin.init",
    "pin.batch",
    "pin.seed",
    "pin.residual",
    "pin.norm",
    "pin.sigma_w2",
    "pin.bias_std",
    "data",
    "noise",
    "optimizer",
    "momentum",
    "clip",
    "steps",
    "pin.zzz",
    "Depth",
    "activation",
    "init",
    "depth",
    "width",
    "batch",
    "seed",
    "residual",
    "norm",
    "preset",
    "metric",
    "spread",
    "theory",
    "sigma_w2",
    "bias_std",
    "precision",
    "loss_scale",
    "mode",
    "lr",
    "pin.depth",
    "pin.width",
    "pin.activation",
    "pin.precision",
    "pin.loss_scale",
    "train_precision",
    "train_loss_scale",
    "growth_interval",
    "zzz",
];

const VALUES: [&str; 35] = [
    "",
    "0",
    "-1",
    "-0",
    "1e308",
    "-1e308",
    "NaN",
    "inf",
    "-inf",
    "18446744073709551616",
    "3.5",
    "99999999999999999999999",
    "½",
    "深さ",
    "💥",
    "relu",
    "tanh",
    "he_normal",
    "scaled",
    "layer",
    "weight",
    "vanishing-sigmoid",
    "float16-underflow",
    "float16",
    "bfloat16",
    "float32",
    "dynamic",
    "none",
    "2^8",
    "2^-30",
    "2^16",
    "65536",
    "1",
    "   7   ",
    "2^5",
];

/// A value from the list, a random number, or random characters (any unicode scalar).
fn random_value(rng: &mut StdRng) -> String {
    match below(rng, 4) {
        0 => format!("{}", f64::from_bits(rng.next_u64())),
        1 => format!("{}", rng.next_u64() as i64),
        2 => (0..below(rng, 6))
            .filter_map(|_| char::from_u32(below(rng, 0x11_0000) as u32))
            .collect(),
        _ => pick(rng, &VALUES).to_string(),
    }
}

/// Everything a link can hold stays within what the controls offer.
fn assert_in_range(cfg: &Config, q: &str) {
    assert!((1..=DEPTH_MAX).contains(&cfg.net.depth), "{q}");
    assert!(WIDTHS.contains(&cfg.net.width), "{q}");
    assert!((1..=BATCH_MAX).contains(&cfg.batch), "{q}");
    assert!(cfg.validate().is_ok(), "{q}");
}

#[test]
fn ten_thousand_random_queries_never_panic_and_clamp() {
    let mut rng = StdRng::seed_from_u64(2026);
    for _ in 0..12_000 {
        let n = below(&mut rng, 12);
        let q: Vec<(String, String)> = (0..n)
            .map(|_| (pick(&mut rng, &KEYS).to_string(), random_value(&mut rng)))
            .collect();
        let shown = format!("{q:?}");
        let l = link::read(q.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_in_range(&l.network.config, &shown);
        if let Some(pin) = &l.view.pin {
            assert_in_range(&pin.config, &shown);
        }
        // What was read writes a link that reads back to the same state, without warnings.
        let (cfg, mixed) = (&l.network.config, &l.network.mixed);
        assert!(
            mixed.precision != Precision::Float32 || mixed.is_float32(),
            "float32 carries no loss scale: {shown}"
        );
        let again = read(&link::write(cfg, mixed, l.network.preset, &l.view));
        assert_eq!(again.network.config, l.network.config, "{shown}");
        assert_eq!(again.network.mixed, l.network.mixed, "{shown}");
        assert_eq!(again.view, l.view, "{shown}");
        assert!(again.warnings().is_empty(), "{shown}");
    }
}

#[test]
fn numbers_clamp_as_documented() {
    let l = read("depth=-5&width=100000&batch=1e9&pin.depth=0.4&pin.width=0");
    assert_eq!(l.network.config.net.depth, 1);
    assert_eq!(l.network.config.net.width, 512);
    assert_eq!(l.network.config.batch, BATCH_MAX);
    let pin = l.view.pin.clone().expect("a pin").config;
    assert_eq!(
        (pin.net.depth, pin.net.width),
        (1, 64),
        "0 is not a width: kept"
    );
    assert_eq!(l.warnings().len(), 5, "{:?}", l.warnings());
}

#[test]
fn repeated_keys_take_the_last_value() {
    let l = read("depth=10&depth=20&metric=weight&metric=signal");
    assert_eq!(l.network.config.net.depth, 20);
    assert_eq!(l.view.metric, Metric::Signal);
}

/// The training panel's parameters (`train_query`) under the same random query strings: the
/// settings stay within the controls, the trainer accepts them, and they write a link that
/// reads back to the same settings without a warning.
#[test]
fn twelve_thousand_random_training_queries_never_panic_and_clamp() {
    use gradient_flow_explorer::page::train::edit::{
        self as train_edit, Mode, CLIP_MAX, CLIP_MIN, MOMENTUM_MAX,
    };
    use gradient_flow_explorer::page::train::edit::{
        LR_LOG10_MAX, LR_LOG10_MIN, NOISE_MAX, STEPS_MAX,
    };
    use gradient_flow_explorer::page::train::query as train_query;
    let mut rng = StdRng::seed_from_u64(13);
    for _ in 0..12_000 {
        let n = below(&mut rng, 10);
        let q: Vec<(String, String)> = (0..n)
            .map(|_| (pick(&mut rng, &KEYS).to_string(), random_value(&mut rng)))
            .collect();
        let asked: Vec<(&str, &str)> = q.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let shown = format!("{q:?}");
        let parsed = train_query::parse(&asked, &mut Vec::new());
        let s = &parsed.settings;
        assert!((0.0..=NOISE_MAX).contains(&s.noise), "{shown}");
        let lr = 10f64.powf(LR_LOG10_MIN) * (1.0 - 1e-12)..=10f64.powf(LR_LOG10_MAX);
        assert!(lr.contains(&s.lr), "{shown}: lr {}", s.lr);
        assert!((0.0..=MOMENTUM_MAX).contains(&s.momentum), "{shown}");
        assert!(
            s.clip.is_none_or(|c| (CLIP_MIN..=CLIP_MAX).contains(&c)),
            "{shown}"
        );
        assert!((1..=STEPS_MAX).contains(&s.steps), "{shown}");
        let interval = 1..=gradient_flow_explorer::page::train::edit::GROWTH_INTERVAL_MAX;
        assert!(interval.contains(&s.growth_interval), "{shown}");
        let offered = gradient_flow_explorer::page::train::precision::offered_loss_scales();
        assert!(offered.contains(&s.mixed.loss_scale), "{shown}");
        let cfg = train_edit::train_config(&Config::default(), s);
        assert!(cfg.validate().is_ok(), "{shown}");
        let written = train_query::to_query(Mode::Train, s);
        let back = pairs(&written);
        let back: Vec<(&str, &str)> = back.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let mut warnings = Vec::new();
        let again = train_query::parse(&back, &mut warnings);
        assert_eq!(&again.settings, s, "{shown} → {written}");
        assert_eq!(again.mode, Mode::Train);
        assert!(warnings.is_empty(), "{shown} → {written}: {warnings:?}");
    }
}
