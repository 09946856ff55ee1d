//! The recurrent view's lessons agree with the simulator: every claim in
//! `lessons::rnn_claims` is simulated over 20 seeds and checked (the networks through time at
//! initialisation, and the latching task before training); a claim saying the opposite is
//! rejected; the reference's training results the lessons quote are the reference's; the
//! sections render, and their "Try it" buttons load recurrent presets.
//!
//! The latching claims about trained runs (20 seeds × 1500 Adam steps each, about 5 minutes
//! of CPU) run only with `GFE_FULL_CLAIMS=1`; without it, CI checks the same claims' gradients
//! before training.

mod lessons_support;

use std::collections::HashSet;

use gradient_flow_explorer::lessons::claims::CLAIMS;
use gradient_flow_explorer::lessons::rnn_check::{
    check_latching_claim, check_rnn_claim, full_claims,
};
use gradient_flow_explorer::lessons::rnn_claims::{
    LatchingCheck, RnnCheck, RnnClaim, RnnQuantity, LATCHING_CLAIMS, REFERENCE_LATCHING_CLAIMS,
    RNN_CLAIMS,
};
use gradient_flow_explorer::lessons::texts::fold_whitespace;
use gradient_flow_explorer::lessons::{Widget, RNN_SECTIONS, SECTIONS};
use gradient_flow_explorer::page::recurrent::presets::find;
use gradient_flow_explorer::sim::Diagnosis;
use lessons_support::{
    assert_about_one_number, assert_mode_section_renders, failures_on_two_threads,
};
use serde_json::Value;

#[test]
fn every_recurrent_claim_holds_in_simulation() {
    let failures = failures_on_two_threads(RNN_CLAIMS, check_rnn_claim);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_latching_claim_holds() {
    let train = full_claims();
    let failures = failures_on_two_threads(LATCHING_CLAIMS, |c| check_latching_claim(c, train));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn claim(id: &str) -> RnnClaim {
    let found = RNN_CLAIMS.iter().find(|c| c.id == id);
    found.unwrap_or_else(|| panic!("no claim {id}")).clone()
}

#[test]
fn a_claim_saying_the_opposite_is_rejected() {
    use RnnCheck::{EverySeed, EverySeedVerdict, Median};
    use RnnQuantity::{Decades, Horizon, ZeroSteps};
    // "The tanh RNN keeps its gradient" (it loses about 10 decades).
    let tanh = RnnClaim {
        checks: &[EverySeedVerdict(&[Diagnosis::Healthy])],
        ..claim("rnn-tanh-orthogonal")
    };
    // "Forget bias 1 carries the gradient 40 steps back" (25).
    let lstm = RnnClaim {
        checks: &[Median(Horizon, 40.0, 40.0)],
        ..claim("rnn-lstm-forget-bias-1")
    };
    // "Gain 1.1 loses a decade" (it gains 2.03).
    let gain = RnnClaim {
        checks: &[Median(Decades, -1.1, -0.9)],
        ..claim("rnn-linear-orthogonal-gain-1.1")
    };
    // "Truncation at 10 zeroes 39 steps" (40).
    let cut = RnnClaim {
        checks: &[EverySeed(ZeroSteps, 39.0, 39.0)],
        ..claim("rnn-truncated-linear")
    };
    for false_claim in [tanh, lstm, gain, cut] {
        let failures = check_rnn_claim(&false_claim);
        assert_eq!(failures.len(), 1, "{}: {failures:?}", false_claim.id);
    }
}

/// "About X" means within a factor of 1.5 of X, as for the explorer's claims.
#[test]
fn about_ranges_are_tight_enough_to_mean_something() {
    for c in RNN_CLAIMS {
        for check in c.checks {
            if let RnnCheck::Median(q, lo, hi) = *check {
                assert_about_one_number(c.id, q, lo, hi);
            }
        }
    }
    for c in LATCHING_CLAIMS {
        for check in c.checks {
            if let LatchingCheck::Median(q, lo, hi) = *check {
                assert_about_one_number(c.id, q, lo, hi);
            }
        }
    }
}

#[test]
fn recurrent_claims_are_unique_cited_and_use_the_views_network() {
    let mut ids: HashSet<&str> = CLAIMS.iter().map(|c| c.id).collect();
    for c in RNN_CLAIMS {
        assert!(ids.insert(c.id), "duplicate claim id {}", c.id);
        assert!(!c.cited.is_empty() && !c.checks.is_empty(), "{}", c.id);
        assert_eq!(
            (c.network.width, c.network.batch),
            (64, 32),
            "{}: the recurrent view's default width and batch",
            c.id
        );
        assert!(c.network.validate().is_ok(), "{}", c.id);
    }
    for c in LATCHING_CLAIMS {
        assert!(ids.insert(c.id), "duplicate claim id {}", c.id);
        assert!(!c.cited.is_empty() && !c.checks.is_empty(), "{}", c.id);
    }
    assert!(RNN_CLAIMS.len() >= 15);
}

/// numpy's 'linear' percentile, as the reference computes its p50.
fn percentile(v: &[f64], q: f64) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    let pos = q / 100.0 * (v.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = (lo + 1).min(v.len() - 1);
    v[lo] + (pos - lo as f64) * (v[hi] - v[lo])
}

#[test]
fn the_reference_training_results_the_lessons_quote_are_the_references() {
    let all: Value = serde_json::from_str(include_str!("fixtures/recurrent_training.json"))
        .expect("fixture parses");
    let entries = all["entries"].as_array().expect("entries");
    let last = all["record_steps"]
        .as_array()
        .and_then(|s| s.last())
        .and_then(Value::as_u64)
        .expect("record steps")
        .to_string();
    assert_eq!(last, "1500");
    for c in REFERENCE_LATCHING_CLAIMS {
        let entry = entries.iter().find(|e| {
            e["config"]["cell"].as_str() == Some(c.cell.id())
                && e["config"]["forget_bias"].as_f64() == Some(c.forget_bias)
                && e["config"]["T"].as_u64() == Some(10)
                && e["config"]["lr"].as_f64() == Some(1e-3)
        });
        let entry = entry.unwrap_or_else(|| panic!("no reference entry for {:?}", c.cell));
        let finals: Vec<f64> = entry["per_seed"]
            .as_array()
            .expect("per seed")
            .iter()
            .map(|p| p["test_accuracy"][&last].as_f64().expect("accuracy"))
            .collect();
        assert_eq!(finals.len(), 10);
        let median = percentile(&finals, 50.0);
        let (lo, hi) = c.median_final_accuracy;
        assert!((lo..=hi).contains(&median), "{:?}: median {median}", c.cell);
        let (at, count) = c.seeds_at_least;
        let n = finals.iter().filter(|&&a| a >= at).count();
        assert_eq!(n, count, "{:?}: {finals:?}", c.cell);
        // The paragraph quoting it says whose measurement it is.
        for (location, quote) in c.cited {
            let section = location.strip_prefix("lesson:").unwrap_or_default();
            let s = RNN_SECTIONS.iter().find(|s| s.id == section);
            let paragraph = s.and_then(|s| {
                s.markdown
                    .split("\n\n")
                    .map(fold_whitespace)
                    .find(|p| p.contains(&fold_whitespace(quote)))
            });
            assert!(
                paragraph.is_some_and(|p| p.contains("the reference")),
                "{quote:?}"
            );
        }
    }
}

#[test]
fn recurrent_sections_render_and_their_buttons_load_recurrent_presets() {
    let mut ids: HashSet<&str> = SECTIONS.iter().map(|s| s.id).collect();
    let mut buttons = 0;
    for s in &RNN_SECTIONS {
        assert_mode_section_renders(s, &mut ids);
        let Widget::RnnPresets(presets) = s.widget else {
            panic!("{}: the recurrent lessons end with try-it buttons", s.id);
        };
        for id in presets {
            assert!(find(id).is_some(), "{}: no recurrent preset {id}", s.id);
            buttons += 1;
        }
    }
    assert!(buttons >= 8);
    // The explorer's lessons load explorer presets only.
    assert!(SECTIONS
        .iter()
        .all(|s| !matches!(s.widget, Widget::RnnPresets(_))));
}

#[test]
fn the_scanner_finds_unregistered_statements_about_a_recurrent_network() {
    use gradient_flow_explorer::lessons::claim_scan::states_an_outcome;
    // A number about a recurrent network's gradient is a claim, outcome word or not.
    assert!(states_an_outcome(
        "The LSTM's gradient at h₁ is 0.13 of the one at h₅₀."
    ));
    assert!(states_an_outcome(
        "With forget bias 2 the gradient at $h_1$ is $10^{-2}$ of the one at $h_{50}$."
    ));
    assert!(states_an_outcome("The GRU's memory horizon is 16 steps."));
    assert!(states_an_outcome("At gain 1.1 the IRNN explodes."));
    // A year is not a measurement, nor is a description without numbers.
    assert!(!states_an_outcome(
        "The LSTM (Hochreiter & Schmidhuber, 1997) gives the gradient a second path."
    ));
    assert!(!states_an_outcome(
        "Truncated BPTT stops the backward pass after $k$ steps."
    ));
}
