//! The number-formats lesson agrees with the precision lens: every claim in
//! `lessons::precision_claims` is simulated over 20 seeds in its format (and in float32 with
//! the same weights) and checked; a claim that says the opposite is rejected; the formats'
//! limits the lesson's table quotes are the ones the rounding code uses.

mod lessons_support;

use std::collections::HashSet;

use gradient_flow_explorer::lessons::claims::{Layer, CLAIMS};
use gradient_flow_explorer::lessons::precision_check::check_precision_claim;
use gradient_flow_explorer::lessons::precision_claims::{
    PrecisionCheck, PrecisionClaim, PrecisionQuantity, PRECISION_CLAIMS,
};
use gradient_flow_explorer::lessons::precision_train_claims::{
    check_precision_train_claim, PrecisionTrainClaim, TrainCheck, TrainQuantity,
    PRECISION_TRAIN_CLAIMS,
};
use gradient_flow_explorer::lessons::section;
use gradient_flow_explorer::lessons::texts::fold_whitespace;
use gradient_flow_explorer::sim::numeric::{
    round_bf16, round_f16, F16_MAX, F16_MIN_NORMAL, F16_MIN_SUBNORMAL,
};
use lessons_support::{assert_about_one_number, failures_on_two_threads};

#[test]
fn every_precision_claim_holds_in_simulation() {
    let failures = failures_on_two_threads(PRECISION_CLAIMS, check_precision_claim);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_precision_training_claim_holds() {
    let failures = failures_on_two_threads(PRECISION_TRAIN_CLAIMS, check_precision_train_claim);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let ids: HashSet<&str> = PRECISION_TRAIN_CLAIMS.iter().map(|c| c.id).collect();
    assert_eq!(ids.len(), PRECISION_TRAIN_CLAIMS.len(), "duplicate id");
    assert!(PRECISION_TRAIN_CLAIMS.iter().all(|c| c.config(0).is_some()));
}

#[test]
fn a_training_claim_saying_the_opposite_is_rejected() {
    let base = PRECISION_TRAIN_CLAIMS
        .iter()
        .find(|c| c.id == "train-deep-sigmoid-float16-unscaled");
    let base = *base.unwrap_or_else(|| panic!("no claim train-deep-sigmoid-float16-unscaled"));
    // "float16 keeps a first-layer gradient" (it is exactly 0 in every seed).
    let kept = PrecisionTrainClaim {
        checks: &[TrainCheck::EverySeed(
            TrainQuantity::FirstLayerGrad { step: 0 },
            1e-30,
            1.0,
        )],
        ..base
    };
    assert_eq!(check_precision_train_claim(&kept).len(), 1);
    let unknown = PrecisionTrainClaim {
        preset: "no-such-preset",
        ..base
    };
    assert_eq!(check_precision_train_claim(&unknown).len(), 1);
}

fn claim(id: &str) -> PrecisionClaim {
    let found = PRECISION_CLAIMS.iter().find(|c| c.id == id);
    *found.unwrap_or_else(|| panic!("no precision claim {id}"))
}

#[test]
fn a_claim_saying_the_opposite_is_rejected() {
    use PrecisionCheck::{EverySeed, Median, SeedCount};
    use PrecisionQuantity::{GradientsOverflowed, Lost, ScaleLog2};
    // "Without a scale float16 keeps layer 1's gradient" (it loses all of it).
    let unscaled = PrecisionClaim {
        checks: &[EverySeed(Lost(Layer::First), 0.0, 0.5)],
        ..claim("float16-sigmoid-12-unscaled")
    };
    // "A scale of 2^16 loses about a tenth" (a median 0.035).
    let scaled = PrecisionClaim {
        checks: &[Median(Lost(Layer::First), 0.08, 0.12)],
        ..claim("float16-sigmoid-12-scale-2^16")
    };
    // "2^16 overflows in every seed" (13 of 20), "dynamic stays at 2^16" (median 2^15).
    let overflow = PrecisionClaim {
        checks: &[SeedCount(GradientsOverflowed, 1.0, 1.0, 20)],
        ..claim("float16-relu-he-30-scale-2^16")
    };
    let dynamic = PrecisionClaim {
        checks: &[EverySeed(ScaleLog2, 16.0, 16.0)],
        ..claim("float16-relu-he-30-dynamic")
    };
    for false_claim in [unscaled, scaled, overflow, dynamic] {
        let failures = check_precision_claim(&false_claim);
        assert_eq!(failures.len(), 1, "{}: {failures:?}", false_claim.id);
    }
}

/// "About X" means within a factor of 1.5 of X, as for the float32 claims.
#[test]
fn about_ranges_are_tight_enough_to_mean_something() {
    for c in PRECISION_CLAIMS {
        for check in c.checks {
            if let PrecisionCheck::Median(q, lo, hi) = *check {
                assert_about_one_number(c.id, q, lo, hi);
            }
        }
    }
}

#[test]
fn precision_claims_are_unique_cited_and_quoted() {
    let mut ids: HashSet<&str> = CLAIMS.iter().map(|c| c.id).collect();
    let text = section("number-formats").map(|s| fold_whitespace(s.markdown));
    let text = text.unwrap_or_default();
    for c in PRECISION_CLAIMS {
        assert!(ids.insert(c.id), "duplicate claim id {}", c.id);
        assert!(!c.cited.is_empty() && !c.checks.is_empty(), "{}", c.id);
        assert_eq!(
            c.net.width, 64,
            "{}: the lessons' claims use width 64",
            c.id
        );
        for (location, quote) in c.cited {
            if *location == "lesson:number-formats" {
                assert!(
                    text.contains(&fold_whitespace(quote)),
                    "{}: {quote:?}",
                    c.id
                );
            }
        }
    }
    assert!(PRECISION_CLAIMS.len() >= 10);
}

#[test]
fn the_format_table_quotes_the_rounding_codes_limits() {
    let text = section("number-formats").map_or(String::new(), |s| fold_whitespace(s.markdown));
    let row = |r: &str| assert!(text.contains(r), "the table lacks {r:?}");
    row("| | float32 | float16 | bfloat16 |");
    // Stored significand bits: the last bit kept after 1.0, the next one a tie to even.
    row("| significand bits stored | 23 | 10 | 7 |");
    let kept = |round: fn(f32) -> f32, bits: i32| {
        round(1.0 + 2f32.powi(-bits)) == 1.0 + 2f32.powi(-bits)
            && round(1.0 + 2f32.powi(-bits - 1)) == 1.0
    };
    assert!(kept(round_f16, 10) && kept(round_bf16, 7));
    assert!(!kept(round_f16, 11) && !kept(round_bf16, 8));
    // float16: the largest finite value, then overflow; the smallest normal and subnormal.
    row("| largest | $\\approx 3.4 \\times 10^{38}$ | $65504$ | $\\approx 3.4 \\times 10^{38}$ |");
    assert_eq!(F16_MAX, 65504.0);
    assert_eq!(round_f16(65504.0), 65504.0);
    assert_eq!(round_f16(65520.0), f32::INFINITY);
    assert_eq!(F16_MIN_NORMAL, 2f32.powi(-14));
    assert_eq!(F16_MIN_SUBNORMAL, 2f32.powi(-24));
    row("| $2^{-14} \\approx 6.1 \\times 10^{-5}$ |");
    row("| $2^{-24} \\approx 6.0 \\times 10^{-8}$ |");
    assert_eq!(round_f16(2f32.powi(-24)), 2f32.powi(-24));
    // Below half the smallest subnormal, zero; just above half, the smallest subnormal.
    assert_eq!(round_f16(2f32.powi(-25)), 0.0);
    assert_eq!(round_f16(2f32.powi(-25) * 1.01), 2f32.powi(-24));
    assert!(text.contains("Anything below half the smallest subnormal rounds to exactly 0."));
    // bfloat16: float32's exponent range, its own smallest subnormal.
    row("| exponent bits | 8 | 5 | 8 |");
    row("| $2^{-133} \\approx 9.2 \\times 10^{-41}$ |");
    assert_eq!(round_bf16(2f32.powi(-133)), 2f32.powi(-133));
    assert_eq!(round_bf16(2f32.powi(-134)), 0.0);
    assert_eq!(round_bf16(f32::MAX), f32::INFINITY);
    assert!(round_bf16(3.38e38).is_finite());
    // "a factor of about 2^40 ≈ 10^12".
    let decades = (f64::from(F16_MAX) / f64::from(F16_MIN_SUBNORMAL)).log10();
    assert!((decades - 12.0).abs() < 0.1, "{decades}");
    assert!(text.contains("a factor of about $2^{40} \\approx 10^{12}$"));
}
