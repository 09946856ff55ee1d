//! The transformer mode's page model (edits, URL, presets and the figures their explanations
//! quote), its worker request and its charts.

mod charts_support;

use charts_support::{render_svg, save_sample, texts};
use gradient_flow_explorer::charts::kit::theme::Theme;
use gradient_flow_explorer::charts::transformer::block_weights::BlockWeights;
use gradient_flow_explorer::charts::transformer::stream::{
    PinnedStack, StreamData, StreamQuantity,
};
use gradient_flow_explorer::charts::transformer::summary::{stack_name, stream_summary};
use gradient_flow_explorer::charts::Chart;
use gradient_flow_explorer::page::arch::{arch, Arch};
use gradient_flow_explorer::page::edit::PAGE_MEMORY_BUDGET;
use gradient_flow_explorer::page::transformer::edit::{
    apply, apply_all, apply_mixed, TransformerEdit as E,
};
use gradient_flow_explorer::page::transformer::presets::{find, Figure, TRANSFORMER_PRESETS};
use gradient_flow_explorer::page::transformer::query::{parse, to_query};
use gradient_flow_explorer::page::transformer::words::lost_card;
use gradient_flow_explorer::page::transformer::TRANSFORMER_SEEDS;
use gradient_flow_explorer::sim::mixed::{LossScale, MixedPrecision};
use gradient_flow_explorer::sim::numeric::Precision;
use gradient_flow_explorer::sim::transformer::config::transformer_bytes;
use gradient_flow_explorer::sim::transformer::mixed::run_seeds_mixed;
use gradient_flow_explorer::sim::transformer::report::{stack_report, SeedRun};
use gradient_flow_explorer::sim::transformer::{
    run_seeds, simulate_transformer_mixed, BlockInit, NormKind, Placement, StackReport,
    TransformerConfig,
};
use gradient_flow_explorer::sim::Diagnosis;
use gradient_flow_explorer::worker::serve::Server;
use gradient_flow_explorer::worker::{decode, encode, Request, Response};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

fn pairs(q: &str) -> Vec<(&str, &str)> {
    q.split('&').filter_map(|kv| kv.split_once('=')).collect()
}

fn preset_run(id: &str, seeds: usize) -> StackReport {
    let (cfg, runs) = preset_runs(id, seeds);
    stack_report(&cfg, &runs)
}

/// Each seed's run of a preset (seeds 0, 1, …: the page's band is the first five).
fn preset_runs(id: &str, seeds: usize) -> (TransformerConfig, Vec<SeedRun>) {
    let e = E::Preset(find(id).expect("preset").id);
    let cfg = apply(&TransformerConfig::default(), &e);
    let mixed = apply_mixed(&MixedPrecision::default(), &e);
    let runs = if mixed.is_float32() {
        run_seeds(&cfg, seeds)
    } else {
        run_seeds_mixed(&cfg, seeds, &mixed)
    };
    (cfg, runs.expect("valid preset"))
}

#[test]
fn edits_clamp_to_what_the_controls_offer() {
    let d = TransformerConfig::default();
    assert_eq!(apply(&d, &E::Blocks(0)).blocks, 1);
    assert_eq!(apply(&d, &E::Blocks(500)).blocks, 100);
    assert_eq!(apply(&d, &E::Width(8)).width, 16);
    assert_eq!(apply(&d, &E::Width(100)).width, 128);
    assert_eq!(
        apply(&d, &E::Heads(3)).heads,
        2,
        "the smaller of two on a tie"
    );
    assert_eq!(apply(&d, &E::Heads(0)).heads, 1);
    assert_eq!(apply(&d, &E::Heads(1000)).heads, 16);
    let narrow = apply_all(&d, &[E::Width(16), E::Heads(32)]);
    assert_eq!(narrow.heads, 16);
    assert_eq!(apply(&d, &E::Tokens(0)).tokens, 1);
    assert_eq!(apply(&d, &E::Tokens(1000)).tokens, 64);
    assert_eq!(apply(&d, &E::RezeroInit(f64::NAN)).rezero_init, 0.0);
    assert_eq!(apply(&d, &E::RezeroInit(5.0)).rezero_init, 1.0);
    assert_eq!(apply(&d, &E::Preset("nope")), d);
}

#[test]
fn every_edit_result_is_valid_and_fits_the_page() {
    let edits = [
        E::Blocks(100),
        E::Width(512),
        E::Tokens(64),
        E::Batch(256),
        E::Heads(16),
        E::Placement(Placement::ReZero),
        E::RezeroInit(-1e9),
        E::Width(16),
        E::Blocks(1),
    ];
    let mut cfg = TransformerConfig::default();
    for e in edits {
        cfg = apply(&cfg, &e);
        assert!(cfg.validate().is_ok(), "{e:?} gave {cfg:?}");
        assert!(
            transformer_bytes(&cfg) <= PAGE_MEMORY_BUDGET,
            "{e:?} gave {cfg:?}"
        );
    }
    let big = apply_all(
        &TransformerConfig::default(),
        &[E::Width(512), E::Blocks(100)],
    );
    assert!(
        big.blocks < 100 && big.batch == 1,
        "the batch shrinks first: {big:?}"
    );
}

#[test]
fn the_url_round_trips_over_random_states() {
    let mut rng = StdRng::seed_from_u64(11);
    let mut pick = |n: usize| (rng.next_u64() % n as u64) as usize;
    for _ in 0..300 {
        let edits = [
            E::Placement(Placement::ALL[pick(5)]),
            E::Norm(NormKind::ALL[pick(2)]),
            E::Init(BlockInit::ALL[pick(2)]),
            E::Blocks(1 + pick(100)),
            E::Width(16 << pick(6)),
            E::Heads(1 << pick(5)),
            E::Tokens(1 + pick(64)),
            E::Batch(1 + pick(256)),
            E::ScaledInit(pick(2) == 1),
            E::RezeroInit(pick(41) as f64 / 20.0 - 1.0),
            E::Seed(pick(1000) as u64),
            E::Precision(Precision::ALL[pick(3)]),
            E::LossScale([LossScale::None, LossScale::Power(8), LossScale::Dynamic][pick(3)]),
        ];
        let cfg = apply_all(&TransformerConfig::default(), &edits);
        let mixed = edits
            .iter()
            .fold(MixedPrecision::default(), |m, e| apply_mixed(&m, e));
        let q = to_query(&cfg, &mixed);
        assert_eq!(arch(pairs(&q)), Arch::Transformer);
        let back = parse(pairs(&q));
        assert_eq!((&back.config, back.mixed), (&cfg, mixed), "{q}");
        assert!(back.warnings.is_empty(), "{q}: {:?}", back.warnings);
    }
}

#[test]
fn a_bad_url_is_clamped_with_warnings_and_never_panics() {
    let back = parse(pairs(
        "arch=transformer&placement=middle&blocks=9999&heads=3&scaled_init=maybe&rezero_init=NaN",
    ));
    assert_eq!(back.config.placement, Placement::PreLn);
    assert_eq!(back.config.blocks, 100);
    assert_eq!(back.config.heads, 2);
    assert_eq!(back.warnings.len(), 5, "{:?}", back.warnings);
    let preset = parse(pairs("arch=transformer&preset=post-ln"));
    assert_eq!(preset.preset, Some("post-ln"));
    assert_eq!(preset.config.placement, Placement::PostLn);
    let float16 = parse(pairs("arch=transformer&preset=no-norm-float16"));
    assert_eq!(float16.mixed.precision, Precision::Float16);
    let mut rng = StdRng::seed_from_u64(5);
    let alphabet = [
        "blocks", "width", "heads", "tokens", "=", "&", "-1", "1e400", "NaN", "é", "x",
    ];
    for _ in 0..2000 {
        let q: String = (0..12)
            .map(|_| alphabet[(rng.next_u64() % alphabet.len() as u64) as usize])
            .collect();
        let p = parse(pairs(&q));
        assert!(p.config.validate().is_ok(), "{q}");
    }
}

/// The figure's value written in an explanation: "0.042", "300" or "6.5 × 10⁴".
fn written_value(text: &str) -> f64 {
    let (mantissa, exponent) = match text.split_once(" × 10") {
        Some((m, e)) => {
            let digits: String = e
                .chars()
                .map(|c| match c {
                    '⁻' => '-',
                    c => "⁰¹²³⁴⁵⁶⁷⁸⁹"
                        .chars()
                        .position(|s| s == c)
                        .map_or(c, |d| char::from_digit(d as u32, 10).unwrap_or('?')),
                })
                .collect();
            (m, digits.parse::<i32>().expect("exponent"))
        }
        None => (text, 0),
    };
    mantissa.parse::<f64>().expect("mantissa") * 10f64.powi(exponent)
}

fn measured(report: &StackReport, figure: Figure) -> f64 {
    let (first, last) = (&report.blocks[0], &report.blocks[report.blocks.len() - 1]);
    match figure {
        Figure::StreamRatio => report.summary.ratio,
        Figure::W2First => first.weight_grad_norm.w_2.p50,
        Figure::W2Last => last.weight_grad_norm.w_2.p50,
        Figure::LastStreamStd => last.stream_std.p50,
    }
}

/// Every preset keeps its promise: its diagnosis over the page's seed band and over 20 seeds,
/// and every figure its explanation quotes, re-measured over 20 seeds, within the rounding
/// of what is written (the last written digit, or 5 %; exact zeros exactly).
#[test]
fn every_preset_gives_its_diagnosis_and_the_figures_it_quotes() {
    for p in &TRANSFORMER_PRESETS {
        let page = preset_run(p.id, TRANSFORMER_SEEDS);
        assert_eq!(
            page.summary.diagnosis, p.expected,
            "{} over the page's seeds",
            p.id
        );
        let twenty = preset_run(p.id, 20);
        assert_eq!(
            twenty.summary.diagnosis, p.expected,
            "{} over 20 seeds",
            p.id
        );
        for &(figure, text) in p.figures {
            assert!(
                p.explanation.contains(text),
                "{}: {text} is not in the text",
                p.id
            );
            let (want, got) = (written_value(text), measured(&twenty, figure));
            let decimals = text.split(" × ").next().and_then(|m| m.split_once('.'));
            let digit = decimals.map_or(1.0, |(_, d)| 10f64.powi(-(d.len() as i32)));
            let scale = want / written_value(text.split(" × ").next().unwrap_or(text)).max(1e-300);
            let tol = (0.5 * digit * scale).max(0.05 * want.abs());
            let ok = if want == 0.0 {
                got == 0.0
            } else {
                (got - want).abs() <= tol
            };
            assert!(ok, "{} {figure:?}: written {text}, measured {got}", p.id);
        }
    }
}

#[test]
fn the_dynamic_scale_brings_the_float16_no_norm_stack_back_below_one() {
    let e = E::Preset("no-norm-float16");
    let cfg = apply(&TransformerConfig::default(), &e);
    let dynamic = MixedPrecision {
        precision: Precision::Float16,
        loss_scale: LossScale::Dynamic,
    };
    // Each seed halves its scale some 20 times from 2^16: the page's band, not 20 seeds.
    let r = simulate_transformer_mixed(&cfg, TRANSFORMER_SEEDS, &dynamic).expect("valid");
    assert_eq!(r.summary.diagnosis, Diagnosis::Exploding);
    assert!(r.scale_log2.iter().all(|&k| k < 0), "{:?}", r.scale_log2);
    let card = lost_card(&r).expect("a float16 run has a card");
    assert!(card.note.contains("dynamic scale reached"), "{}", card.note);
    assert!(lost_card(&preset_run("pre-ln", 1)).is_none());
}

#[test]
fn the_worker_serves_a_transformer_request() {
    let mut server = Server::new();
    let config = TransformerConfig {
        blocks: 3,
        width: 16,
        tokens: 4,
        batch: 2,
        ..TransformerConfig::default()
    };
    let mixed = MixedPrecision::default();
    let request = Request::Transformer {
        id: 9,
        config: config.clone(),
        seeds: TRANSFORMER_SEEDS,
        mixed,
    };
    let reply = decode::<Response>(&server.handle_bytes(&encode(&request))).expect("reply");
    let Response::Transformer { id, report: Ok(r) } = reply else {
        panic!("unexpected reply {reply:?}")
    };
    assert_eq!((id, r.seeds, r.blocks.len()), (9, TRANSFORMER_SEEDS, 3));
    assert_eq!(
        r,
        simulate_transformer_mixed(&config, TRANSFORMER_SEEDS, &mixed).expect("ok")
    );
    let bad = Request::Transformer {
        id: 10,
        config: TransformerConfig { heads: 3, ..config },
        seeds: 1,
        mixed,
    };
    let reply = decode::<Response>(&server.handle_bytes(&encode(&bad))).expect("reply");
    assert!(matches!(
        reply,
        Response::Transformer {
            id: 10,
            report: Err(_)
        }
    ));
}

#[test]
fn the_charts_draw_in_svg_with_their_words() {
    let (pre, post, rezero) = (
        preset_run("pre-ln", TRANSFORMER_SEEDS),
        preset_run("post-ln", TRANSFORMER_SEEDS),
        preset_run("rezero", TRANSFORMER_SEEDS),
    );
    let pin = PinnedStack {
        report: &pre,
        name: stack_name(&pre),
    };
    for (w, h) in [(640, 340), (320, 220)] {
        let (svg, result) = render_svg(w, h, |area| {
            let data = StreamData {
                report: &post,
                pinned: Some(&pin),
            };
            StreamQuantity::Gradient.draw(area, data, &Theme::light())
        });
        assert!(result.is_ok());
        save_sample(&format!("stream-gradient-pinned-{w}"), &svg);
        let words = texts(&svg).join(" ");
        assert!(words.contains("block") && words.contains("12"), "{words}");
        assert!(words.contains("pinned: Pre-LN"), "{words}");
        // The legend stays inside the chart: the whole name at 640 px, the placement at 320.
        assert_eq!(
            words.contains("pinned: Pre-LN, LayerNorm"),
            w == 640,
            "{words}"
        );
        assert!(svg.contains("<polygon"), "no band");
        let (svg, result) = render_svg(w, h, |area| {
            BlockWeights.draw(area, &rezero, &Theme::dark())
        });
        assert!(result.is_ok());
        save_sample(&format!("block-weights-rezero-{w}"), &svg);
        let words = texts(&svg).join(" ");
        assert!(
            words.contains("exactly 0") && words.contains("W₂"),
            "{words}"
        );
    }
    let (svg, _) = render_svg(640, 260, |area| {
        BlockWeights.draw(area, &pre, &Theme::light())
    });
    save_sample("block-weights-pre-ln", &svg);
    assert!(!texts(&svg).join(" ").contains("exactly 0"));
    let (svg, _) = render_svg(640, 340, |area| {
        let data = StreamData {
            report: &pre,
            pinned: None,
        };
        StreamQuantity::Std.draw(area, data, &Theme::light())
    });
    assert!(texts(&svg).join(" ").contains("std(x)"));
    assert!(stream_summary(&post).contains("Diagnosis: healthy"));
    let std_words = StreamQuantity::Std.summary(StreamData {
        report: &post,
        pinned: None,
    });
    assert!(
        std_words.starts_with("Stream std of Post-LN") && std_words.contains("after block 12"),
        "{std_words}"
    );
    assert!(
        BlockWeights.summary(&rezero).contains("W₂ 0 → 0"),
        "{}",
        BlockWeights.summary(&rezero)
    );
}
