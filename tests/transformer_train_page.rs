//! The transformer page's training panel, natively: its settings' edits and URL part, the run
//! it asks for, its presets and the test accuracies their explanations quote, and its chart.
//!
//! The quotes are over seeds 0–9 (`PRESET_SEEDS`): by default each preset's seed 0 (the page's
//! default seed) is trained to step 100 (one thread per preset) and must lie inside every
//! quote at step 100 or before; `GFE_FULL_REFERENCE=1` trains all ten seeds of every preset to
//! its last quote and the quotes must be exactly what they give (about 10 minutes on two busy
//! cores).

mod charts_support;
mod task_support;

use charts_support::{render_svg, save_sample, texts};
use gradient_flow_explorer::charts::kit::theme::Theme;
use gradient_flow_explorer::charts::transformer::train_chart::{ReverseSeries, REVERSE_CHART};
use gradient_flow_explorer::charts::Chart;
use gradient_flow_explorer::page::task_train::{parse, TaskPreset, TaskSettings};
use gradient_flow_explorer::page::transformer::edit::apply_all;
use gradient_flow_explorer::page::transformer::train::{
    reverse_config, ReverseEdit as E, ReverseSettings, LR_RANGE, STEPS_RANGE, WARMUP_RANGE,
};
use gradient_flow_explorer::page::transformer::train_presets::{
    quote_of, quote_words, AccuracyQuote, ReversePreset, PRESET_SEEDS, REVERSE_PRESETS,
};
use gradient_flow_explorer::sim::transformer::train::{train_reverse, ReverseRecord};
use gradient_flow_explorer::sim::transformer::{Placement, TransformerConfig};
use rand::rngs::StdRng;
use rand::SeedableRng;
use task_support::{
    assert_junk_is_survived, assert_not_the_panels, assert_url_round_trips, pairs, uniform, whole,
};

#[test]
fn edits_clamp_to_what_the_controls_offer() {
    let s = ReverseSettings::default();
    assert_eq!((s.lr, s.warmup, s.steps), (3e-3, 0, 500));
    assert_eq!(s.apply(&E::Lr(0.0)).lr, *LR_RANGE.start());
    assert_eq!(s.apply(&E::Lr(-3.0)).lr, *LR_RANGE.start());
    assert_eq!(s.apply(&E::Lr(7.0)).lr, *LR_RANGE.end());
    assert_eq!(s.apply(&E::Lr(f64::NAN)), s);
    assert_eq!(s.apply(&E::Lr(f64::INFINITY)).lr, 1.0);
    assert_eq!(s.apply(&E::Warmup(usize::MAX)).warmup, *WARMUP_RANGE.end());
    assert_eq!(s.apply(&E::Steps(0)).steps, *STEPS_RANGE.start());
    assert_eq!(s.apply(&E::Steps(10_000)).steps, *STEPS_RANGE.end());
    assert!(ReversePreset::find("no such preset").is_none());
    let preset = ReversePreset::find("post-ln-warmup").expect("preset");
    let warm = s.apply(&E::Preset(preset.settings()));
    assert_eq!((warm.warmup, warm.steps), (500, 500));
}

#[test]
fn the_run_is_the_explorers_stack_with_the_panels_settings() {
    let tf = TransformerConfig {
        placement: Placement::DeepNorm,
        blocks: 7,
        width: 128,
        heads: 8,
        tokens: 33,
        batch: 3,
        seed: 42,
        ..TransformerConfig::default()
    };
    let s = ReverseSettings {
        lr: 1e-3,
        warmup: 20,
        steps: 30,
    };
    let cfg = reverse_config(&tf, &s);
    assert_eq!(cfg.placement, Placement::DeepNorm);
    assert_eq!(
        (cfg.blocks, cfg.width, cfg.heads, cfg.seed),
        (7, 128, 8, 42)
    );
    assert_eq!((cfg.lr, cfg.warmup, cfg.steps), (1e-3, 20, 30));
    assert!(cfg.validate().is_ok());
    // Any settings the edits allow on any stack make a run the core accepts.
    let mut rng = StdRng::seed_from_u64(28);
    for _ in 0..500 {
        let edits = [
            E::Lr(uniform(&mut rng, -1.0, 2.0)),
            E::Warmup(whole(&mut rng, 0, 100_000)),
            E::Steps(whole(&mut rng, 0, 100_000)),
        ];
        let s = edits.iter().fold(s, |s, e| s.apply(e));
        assert!(reverse_config(&tf, &s).validate().is_ok(), "{s:?}");
    }
}

#[test]
fn the_url_round_trips_and_a_closed_panel_writes_nothing() {
    assert_url_round_trips(8, |rng| ReverseSettings {
        lr: uniform(rng, 1e-5, 1.0),
        warmup: whole(rng, 0, 5001),
        steps: whole(rng, 1, 5001),
    });
    // Keys of the explorer and the MLP panel are not the panel's.
    assert_not_the_panels::<ReverseSettings>("lr=0.5&steps=3&warmup=9&blocks=3");
}

#[test]
fn a_bad_url_is_clamped_with_warnings_and_never_panics() {
    let mut warnings = Vec::new();
    let p = parse::<ReverseSettings>(
        pairs("tf_train=1&tf_lr=abc&tf_warmup=-4&tf_steps=1e9"),
        &mut warnings,
    );
    assert!(p.open);
    assert_eq!(p.settings.lr, 3e-3);
    assert_eq!((p.settings.warmup, p.settings.steps), (0, 5000));
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    let junk = [
        "",
        "-",
        "NaN",
        "inf",
        "1e400",
        "0x10",
        "½",
        "9999999999999999999999",
        "0.0",
    ];
    assert_junk_is_survived(
        &["tf_train", "tf_lr", "tf_warmup", "tf_steps"],
        &junk,
        3,
        |s: &ReverseSettings| {
            reverse_config(&TransformerConfig::default(), s)
                .validate()
                .is_ok()
        },
    );
}

#[test]
fn a_preset_loads_the_references_stack_and_its_settings() {
    for p in &REVERSE_PRESETS {
        assert_eq!(ReversePreset::find(p.id).map(|q| q.id), Some(p.id));
        let base = TransformerConfig {
            seed: 3,
            tokens: 5,
            ..TransformerConfig::default()
        };
        let tf = apply_all(&base, &p.network_edits());
        let s = ReverseSettings::default().apply(&E::Preset(p.settings()));
        assert!(p.matches(&tf, &s), "{}", p.id);
        assert_eq!(reverse_config(&tf, &s), p.config(3));
        let (blocks, width) = (tf.blocks, tf.width);
        assert_eq!((blocks, width, tf.heads, tf.seed), (12, 64, 4, 3));
        let changed = s.apply(&E::Warmup(s.warmup + 1));
        assert!(!p.matches(&tf, &changed), "{}", p.id);
        // Every quote stands in the explanation, in `quote_words`' words, within the run.
        assert!(!p.quotes.is_empty());
        for q in p.quotes {
            let words = quote_words(q);
            assert!(p.explanation.contains(&words), "{}: “{words}”", p.id);
            assert!(q.step <= p.steps, "{}", p.id);
        }
    }
}

/// "6%" → 0.06.
fn percent(text: &str) -> f64 {
    let v: f64 = text.trim_end_matches('%').parse().expect("a percentage");
    v / 100.0
}

/// CI's cheap sample: the quotes up to this step.
const CI_STEPS: usize = 100;

/// The preset's runs of `seeds`, recorded at its quoted steps up to `until`.
fn runs(p: &ReversePreset, seeds: &[u64], until: usize) -> Vec<Vec<ReverseRecord>> {
    let steps: Vec<usize> = p
        .quotes
        .iter()
        .map(|q| q.step)
        .filter(|&s| s <= until)
        .collect();
    let last = *steps.iter().max().expect("a quote");
    let run = |seed: u64| {
        let cfg = ReverseConfig {
            steps: last,
            ..p.config(seed)
        };
        train_reverse(&cfg, &steps).expect("valid preset")
    };
    seeds.iter().map(|&s| run(s)).collect()
}

use gradient_flow_explorer::sim::transformer::task::ReverseConfig;

/// Seed 0 (the page's) lies inside every quote, rounding as the quote does.
fn seed_zero_inside(p: &ReversePreset, run: &[ReverseRecord]) {
    for (q, r) in p.quotes.iter().zip(run) {
        assert_eq!(r.step, q.step);
        let (lo, hi) = (percent(q.low) - 0.005, percent(q.high) + 0.005);
        assert!(
            (lo..=hi).contains(&r.test_accuracy),
            "{} seed 0 at step {}: {} outside “{}”",
            p.id,
            q.step,
            r.test_accuracy,
            quote_words(q)
        );
    }
}

/// Every seed's runs give exactly the quotes.
fn quotes_are_measured(p: &ReversePreset, runs: &[Vec<ReverseRecord>]) {
    for (k, q) in p.quotes.iter().enumerate() {
        let acc: Vec<f64> = runs.iter().map(|r| r[k].test_accuracy).collect();
        println!("{} step {}: {acc:?}", p.id, q.step);
        let (step, words, learned) = quote_of(q.step, &acc).expect("seeds");
        let quoted = [q.low, q.median, q.high].map(str::to_string);
        assert_eq!(
            (step, words, learned),
            (q.step, quoted, q.learned),
            "{}",
            p.id
        );
    }
}

#[test]
fn each_presets_quotes_are_what_its_runs_give() {
    let full = std::env::var("GFE_FULL_REFERENCE").is_ok_and(|v| v == "1");
    let seeds: Vec<u64> = if full {
        (0..PRESET_SEEDS).collect()
    } else {
        vec![0]
    };
    let until = if full { usize::MAX } else { CI_STEPS };
    let results: Vec<Vec<Vec<ReverseRecord>>> = std::thread::scope(|s| {
        let handles: Vec<_> = REVERSE_PRESETS
            .iter()
            .map(|p| {
                let seeds = &seeds;
                s.spawn(move || runs(p, seeds, until))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a run"))
            .collect()
    });
    for (p, runs) in REVERSE_PRESETS.iter().zip(&results) {
        seed_zero_inside(p, &runs[0]);
        if full {
            quotes_are_measured(p, runs);
        }
    }
}

#[test]
fn a_quote_is_written_from_the_lowest_median_and_highest_seed() {
    let (step, words, learned) =
        quote_of(100, &[0.0625, 1.0, 0.5, 0.061, 0.9, 0.2]).expect("seeds");
    assert_eq!((step, learned), (100, 2));
    assert_eq!(words, ["6%".to_string(), "35%".into(), "100%".into()]);
    let q = AccuracyQuote {
        step: 100,
        low: "100%",
        median: "100%",
        high: "100%",
        learned: 10,
    };
    assert_eq!(quote_words(&q), "at step 100, 100% in every seed");
    let some = AccuracyQuote {
        step: 500,
        low: "12%",
        median: "65%",
        high: "100%",
        learned: 5,
    };
    assert_eq!(
        quote_words(&some),
        "at step 500, 12% to 100% (median 65%), 5 of 10 seeds at 90% or more"
    );
    assert!(quote_of(1, &[]).is_none());
}

#[test]
fn the_chart_draws_in_svg_with_its_words() {
    let losses: Vec<(usize, f64)> = (1..=120).map(|s| (s, 2.8 / s as f64)).collect();
    let records: Vec<ReverseRecord> = [0, 25, 50, 75, 100]
        .into_iter()
        .map(|step| ReverseRecord {
            step,
            test_loss: 2.8 / (step + 1) as f64,
            test_accuracy: (step as f64 / 100.0).max(0.06),
        })
        .collect();
    let series = ReverseSeries {
        losses: &losses,
        records: &records,
        steps: 500,
    };
    for (w, h) in [(640, 300), (320, 240)] {
        for theme in [Theme::light(), Theme::dark()] {
            let (svg, result) = render_svg(w, h, |area| REVERSE_CHART.draw(area, series, &theme));
            assert!(result.is_ok());
            save_sample(&format!("reverse-train-{w}"), &svg);
            let words = texts(&svg).join(" ");
            assert!(words.contains("500") && words.contains("100%"), "{words}");
            assert!(words.contains("test accuracy"), "{words}");
        }
    }
    let summary = REVERSE_CHART.summary(series);
    assert_eq!(
        summary,
        "Reverse task, step 120 of 500: test accuracy 6% at step 0, 100% at step 100 (chance 6%); test loss 2.8 → 0.0277."
    );
    let empty = ReverseSeries {
        losses: &[],
        records: &[],
        steps: 10,
    };
    assert!(
        render_svg(320, 200, |a| REVERSE_CHART.draw(a, empty, &Theme::light()))
            .1
            .is_ok()
    );
    assert_eq!(
        REVERSE_CHART.summary(empty),
        "Reverse task, step 0 of 10: not measured yet."
    );
}
