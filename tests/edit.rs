//! `edit::apply`, the one function every configuration change goes through: each edit changes
//! its own field and nothing else, values are clamped to what the controls offer, and no input
//! panics or yields a config the core rejects.

use gradient_flow_explorer::page::edit::{
    self, apply, likely_next, nearest_width, Edit, BATCH_MAX, DEPTH_MAX, RESAMPLE_SEEDS, WIDTHS,
};
use gradient_flow_explorer::page::presets::{find, PRESETS};
use gradient_flow_explorer::sim::mixed::{LossScale, MixedPrecision};
use gradient_flow_explorer::sim::numeric::Precision;
use gradient_flow_explorer::sim::{Activation, Config, Init, MlpNet, Norm, Residual};

/// A config where every field differs from the default, so a stray change shows.
// The struct update is for fields the core adds later (it keeps this file compiling).
#[allow(clippy::needless_update)]
fn base() -> Config {
    Config {
        net: MlpNet {
            depth: 37,
            width: 128,
            activation: Activation::Gelu,
            init: Init::Orthogonal,
            residual: Residual::Scaled,
            norm: Norm::Layer,
        },
        batch: 10,
        seed: 99,
        bias_std: 0.5,
        sigma_w2: Some(1.5),
        // Fields added later keep their defaults.
        ..Config::default()
    }
}

/// `base()` with `change` applied by hand: what an edit should give.
fn expect(change: impl FnOnce(&mut Config)) -> Config {
    let mut cfg = base();
    change(&mut cfg);
    cfg
}

#[test]
fn depth_sets_the_depth_and_clamps_it_to_the_slider() {
    assert_eq!(
        apply(&base(), &Edit::Depth(60)),
        expect(|c| c.net.depth = 60)
    );
    assert_eq!(apply(&base(), &Edit::Depth(1)), expect(|c| c.net.depth = 1));
    assert_eq!(apply(&base(), &Edit::Depth(0)), expect(|c| c.net.depth = 1));
    assert_eq!(
        apply(&base(), &Edit::Depth(DEPTH_MAX + 1)),
        expect(|c| c.net.depth = DEPTH_MAX)
    );
    assert_eq!(
        apply(&base(), &Edit::Depth(usize::MAX)),
        expect(|c| c.net.depth = DEPTH_MAX)
    );
}

#[test]
fn width_snaps_to_the_nearest_offered_width() {
    for w in WIDTHS {
        assert_eq!(apply(&base(), &Edit::Width(w)), expect(|c| c.net.width = w));
    }
    let snapped = |w: usize| apply(&base(), &Edit::Width(w)).net.width;
    assert_eq!(snapped(100), 128, "log2(100) is nearer 7 than 6");
    assert_eq!(snapped(90), 64, "log2(90) is nearer 6 than 7");
    assert_eq!(snapped(0), 8);
    assert_eq!(snapped(1), 8);
    assert_eq!(snapped(100_000), 512);
    assert_eq!(snapped(usize::MAX), 512);
    assert_eq!(
        apply(&base(), &Edit::Width(100)),
        expect(|c| c.net.width = 128)
    );
}

#[test]
fn nearest_width_handles_every_float() {
    assert_eq!(nearest_width(f64::NAN), 8);
    assert_eq!(nearest_width(-5.0), 8);
    assert_eq!(nearest_width(0.3), 8);
    assert_eq!(nearest_width(f64::INFINITY), 512);
    assert_eq!(nearest_width(f64::NEG_INFINITY), 8);
    assert_eq!(nearest_width(23.0), 32, "log2(23) ≈ 4.52 is nearer 5");
    assert_eq!(nearest_width(22.0), 16, "log2(22) ≈ 4.46 is nearer 4");
}

#[test]
fn activation_sets_only_the_activation() {
    for a in Activation::ALL {
        assert_eq!(
            apply(&base(), &Edit::Activation(a)),
            expect(|c| c.net.activation = a)
        );
    }
}

#[test]
fn residual_and_norm_set_only_their_own_field() {
    for r in Residual::ALL {
        assert_eq!(
            apply(&base(), &Edit::Residual(r)),
            expect(|c| c.net.residual = r)
        );
    }
    for n in Norm::ALL {
        assert_eq!(apply(&base(), &Edit::Norm(n)), expect(|c| c.net.norm = n));
    }
}

#[test]
fn init_sets_the_init_and_drops_a_variance_override() {
    for i in Init::ALL {
        assert_eq!(
            apply(&base(), &Edit::Init(i)),
            expect(|c| {
                c.net.init = i;
                c.sigma_w2 = None;
            })
        );
    }
}

#[test]
fn sigma_w2_sets_a_custom_variance_clamped_to_the_core() {
    let set = |v| apply(&base(), &Edit::SigmaW2(v));
    assert_eq!(set(2.5), expect(|c| c.sigma_w2 = Some(2.5)));
    assert_eq!(set(-3.0), expect(|c| c.sigma_w2 = Some(0.0)));
    assert_eq!(set(1e6), expect(|c| c.sigma_w2 = Some(100.0)));
    assert_eq!(set(f64::INFINITY), expect(|c| c.sigma_w2 = Some(100.0)));
    assert_eq!(set(f64::NAN), base());
    // Choosing an init afterwards clears the override again.
    let custom = set(2.5);
    assert_eq!(apply(&custom, &Edit::Init(Init::HeNormal)).sigma_w2, None);
}

#[test]
fn bias_std_and_variances_set_the_biases() {
    let set = |v| apply(&base(), &Edit::BiasStd(v));
    assert_eq!(set(0.3), expect(|c| c.bias_std = 0.3));
    assert_eq!(set(-1.0), expect(|c| c.bias_std = 0.0));
    assert_eq!(set(50.0), expect(|c| c.bias_std = 10.0));
    assert_eq!(set(f64::NAN), base());
    let point = Edit::Variances {
        sigma_w2: 1.76,
        sigma_b2: 0.09,
    };
    let got = apply(&base(), &point);
    assert_eq!(got.sigma_w2, Some(1.76));
    assert!(
        (got.bias_std - 0.3).abs() < 1e-15,
        "bias std {}",
        got.bias_std
    );
    assert_eq!(
        Config {
            sigma_w2: Some(1.5),
            bias_std: 0.5,
            ..got
        },
        base()
    );
    let negative = Edit::Variances {
        sigma_w2: -1.0,
        sigma_b2: -1.0,
    };
    let got = apply(&base(), &negative);
    assert_eq!((got.sigma_w2, got.bias_std), (Some(0.0), 0.0));
}

#[test]
fn batch_sets_the_batch_and_clamps_it() {
    assert_eq!(apply(&base(), &Edit::Batch(256)), expect(|c| c.batch = 256));
    assert_eq!(apply(&base(), &Edit::Batch(0)), expect(|c| c.batch = 1));
    assert_eq!(
        apply(&base(), &Edit::Batch(BATCH_MAX + 1)),
        expect(|c| c.batch = BATCH_MAX)
    );
    assert_eq!(
        apply(&base(), &Edit::Batch(usize::MAX)),
        expect(|c| c.batch = BATCH_MAX)
    );
}

#[test]
fn seed_sets_any_seed() {
    for s in [0, 1, 12345, u64::MAX] {
        assert_eq!(apply(&base(), &Edit::Seed(s)), expect(|c| c.seed = s));
    }
}

#[test]
fn resample_picks_a_short_new_seed_and_never_the_current_one() {
    assert_eq!(
        apply(&base(), &Edit::Resample { draw: 7 }),
        expect(|c| c.seed = 7)
    );
    assert_eq!(
        apply(
            &base(),
            &Edit::Resample {
                draw: RESAMPLE_SEEDS + 7
            }
        ),
        expect(|c| c.seed = 7),
        "a large draw folds into the short range"
    );
    for current in [0, 99, RESAMPLE_SEEDS - 1, u64::MAX] {
        let cfg = Config {
            seed: current,
            ..base()
        };
        for draw in [
            0,
            current,
            current.wrapping_add(1),
            u64::MAX,
            RESAMPLE_SEEDS - 1,
        ] {
            let seed = apply(&cfg, &Edit::Resample { draw }).seed;
            assert_ne!(seed, current, "draw {draw} from seed {current}");
            assert!(seed < RESAMPLE_SEEDS, "draw {draw} gave {seed}");
        }
    }
}

#[test]
fn a_preset_gives_exactly_the_presets_config() {
    for p in PRESETS.iter() {
        let loaded = apply(&base(), &Edit::Preset(p.id));
        assert_eq!(loaded, p.apply(&base()), "{}", p.id);
        let mixed = edit::apply_mixed(&MixedPrecision::default(), &Edit::Preset(p.id));
        assert_eq!(mixed, p.mixed, "{}", p.id);
        assert!(p.matches(&loaded, &mixed), "{}", p.id);
        // Spelled out, so a change to `Preset::apply` cannot hide here; batch and seed stay.
        let expected = Config {
            net: p.net,
            bias_std: 0.0,
            sigma_w2: None,
            ..base()
        };
        assert_eq!(loaded, expected, "{}", p.id);
    }
}

#[test]
fn an_unknown_preset_changes_nothing() {
    assert!(find("no-such-preset").is_none());
    assert_eq!(apply(&base(), &Edit::Preset("no-such-preset")), base());
    assert_eq!(apply(&base(), &Edit::Preset("")), base());
}

#[test]
fn the_likely_next_networks_are_the_seed_controls_then_the_width_neighbours() {
    let cfg = base();
    let next = likely_next(&cfg, 12345);
    let want = [
        Edit::Resample { draw: 12345 },
        Edit::Seed(cfg.seed + 1),
        Edit::Width(64),
        Edit::Width(256),
    ]
    .map(|e| apply(&cfg, &e));
    assert_eq!(next, want);
    assert!(next.iter().all(|c| c.validate().is_ok()));
    // At the ends of the width slider and of the seeds there is one neighbour fewer.
    let widths = |c: &Config| {
        likely_next(c, 1)
            .iter()
            .map(|n| n.net.width)
            .collect::<Vec<_>>()
    };
    let narrowest = apply(&cfg, &Edit::Width(WIDTHS[0]));
    assert_eq!(widths(&narrowest), [8, 8, 16]);
    let widest = apply(&cfg, &Edit::Width(WIDTHS[WIDTHS.len() - 1]));
    assert_eq!(widths(&widest), [512, 512, 256]);
    let last_seed = apply(&cfg, &Edit::Seed(u64::MAX));
    assert_eq!(likely_next(&last_seed, 1).len(), 3);
}

#[test]
fn apply_leaves_its_input_alone() {
    let cfg = base();
    let _ = apply(&cfg, &Edit::Depth(3));
    assert_eq!(cfg, base());
}

/// Every edit the page can send, including extremes.
fn all_edits() -> Vec<Edit> {
    let mut edits = Vec::new();
    for n in [0, 1, 2, 63, 64, 65, 100, 101, 1024, 1025, usize::MAX] {
        edits.extend([Edit::Depth(n), Edit::Width(n), Edit::Batch(n)]);
    }
    edits.extend(Activation::ALL.map(Edit::Activation));
    edits.extend(Init::ALL.map(Edit::Init));
    edits.extend(Residual::ALL.map(Edit::Residual));
    edits.extend(Norm::ALL.map(Edit::Norm));
    for s in [0, 1, u64::MAX] {
        edits.extend([Edit::Seed(s), Edit::Resample { draw: s }]);
    }
    edits.extend(PRESETS.iter().map(|p| Edit::Preset(p.id)));
    edits.push(Edit::Preset("nope"));
    for v in [
        -1.0,
        0.0,
        2.0,
        1e9,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ] {
        edits.extend([
            Edit::SigmaW2(v),
            Edit::BiasStd(v),
            Edit::Variances {
                sigma_w2: v,
                sigma_b2: v,
            },
        ]);
    }
    edits
}

#[test]
fn any_sequence_of_edits_stays_within_the_controls() {
    let edits = all_edits();
    let mut cfg = Config::default();
    // Walk the edits in a scrambled but fixed order, several times over.
    for step in 0..edits.len() * 7 {
        let edit = &edits[(step * 31 + step / 3) % edits.len()];
        cfg = apply(&cfg, edit);
        assert!(cfg.validate().is_ok(), "after {edit:?}: {cfg:?}");
        assert!((1..=DEPTH_MAX).contains(&cfg.net.depth), "after {edit:?}");
        assert!(WIDTHS.contains(&cfg.net.width), "after {edit:?}");
        assert!((1..=BATCH_MAX).contains(&cfg.batch), "after {edit:?}");
    }
}

#[test]
fn precision_and_loss_scale_edits_change_only_the_format() {
    let float16 = MixedPrecision {
        precision: Precision::Float16,
        loss_scale: LossScale::None,
    };
    let cfg = base();
    // The network stays as it is: the format changes how it is computed.
    for e in [
        Edit::Precision(Precision::Float16),
        Edit::LossScale(LossScale::Dynamic),
    ] {
        assert_eq!(apply(&cfg, &e), cfg, "{e:?}");
    }
    let f32 = MixedPrecision::default();
    let now = edit::apply_mixed(&f32, &Edit::Precision(Precision::Float16));
    assert_eq!(now, float16);
    let scaled = edit::apply_mixed(&now, &Edit::LossScale(LossScale::Power(8)));
    assert_eq!(scaled.loss_scale, LossScale::Power(8));
    let bf16 = edit::apply_mixed(&scaled, &Edit::Precision(Precision::BFloat16));
    assert_eq!(
        bf16.loss_scale,
        LossScale::Power(8),
        "another format keeps the scale"
    );
    // Float32 has no loss scale: back to float32 drops it, and a scale asked for there is
    // ignored, so a float32 setup is always the explorer's own pass.
    let back = edit::apply_mixed(&bf16, &Edit::Precision(Precision::Float32));
    assert_eq!(back, f32);
    assert!(back.is_float32());
    assert_eq!(
        edit::apply_mixed(&f32, &Edit::LossScale(LossScale::Dynamic)),
        f32
    );
    // Network edits keep the format (the remedies — residual, norm — and every other
    // control); a preset sets it (float32 for the network presets).
    for e in all_edits() {
        if !matches!(e, Edit::Preset(_)) {
            assert_eq!(edit::apply_mixed(&scaled, &e), scaled, "{e:?}");
        }
    }
    assert_eq!(
        edit::apply_mixed(&scaled, &Edit::Preset("vanishing-sigmoid")),
        f32
    );
    assert_eq!(
        edit::apply_mixed(&scaled, &Edit::Preset("no-such-preset")),
        scaled
    );
    let setup = edit::apply_setup(
        &edit::Setup::default(),
        &Edit::Preset("float16-dynamic-scale"),
    );
    assert_eq!(setup.mixed.precision, Precision::Float16);
    assert_eq!(setup.mixed.loss_scale, LossScale::Dynamic);
    assert_eq!(setup.config.net.depth, 12);
}
