//! The transformer view's lessons agree with the simulator: every claim in
//! `lessons::tf_claims` is simulated over 20 seeds and checked (stacks at initialisation, the
//! view's default size); a claim saying the opposite is rejected; every training statement
//! stands beside the training preset's quote it rests on; the sections render, and their
//! "Try it" buttons load transformer presets.
//!
//! The claims about 24-block stacks run only with `GFE_FULL_CLAIMS=1`.

mod lessons_support;

use std::collections::HashSet;

use gradient_flow_explorer::lessons::claims::CLAIMS;
use gradient_flow_explorer::lessons::rnn_check::full_claims;
use gradient_flow_explorer::lessons::rnn_claims::RNN_CLAIMS;
use gradient_flow_explorer::lessons::tf_check::{
    check_tf_claim, check_tf_train_claim, describe_tf_claim,
};
use gradient_flow_explorer::lessons::tf_claims::{
    TfCheck, TfClaim, TfQuantity, TF_CLAIMS, TF_DEEP_CLAIMS, TF_TRAIN_CLAIMS,
};
use gradient_flow_explorer::lessons::{Widget, RNN_SECTIONS, SECTIONS, TF_SECTIONS};
use gradient_flow_explorer::page::transformer::presets::find;
use gradient_flow_explorer::sim::transformer::Placement;
use gradient_flow_explorer::sim::Diagnosis;
use lessons_support::{
    assert_about_one_number, assert_mode_section_renders, failures_on_two_threads,
};

#[test]
fn every_transformer_claim_holds_in_simulation() {
    let mut failures = failures_on_two_threads(TF_CLAIMS, check_tf_claim);
    if full_claims() {
        failures.extend(failures_on_two_threads(TF_DEEP_CLAIMS, check_tf_claim));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_training_statement_stands_beside_its_presets_figure() {
    let failures: Vec<String> = TF_TRAIN_CLAIMS
        .iter()
        .flat_map(check_tf_train_claim)
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // One that quotes a step its preset does not measure is caught.
    let wrong = gradient_flow_explorer::lessons::tf_claims::TfTrainClaim {
        step: 300,
        ..TF_TRAIN_CLAIMS[0]
    };
    assert_eq!(check_tf_train_claim(&wrong).len(), 1);
}

fn claim(id: &str) -> TfClaim {
    let found = TF_CLAIMS.iter().find(|c| c.id == id);
    found.unwrap_or_else(|| panic!("no claim {id}")).clone()
}

/// Two false claims (each simulates 20 seeds: the test's CPU stays small).
#[test]
fn a_claim_saying_the_opposite_is_rejected() {
    use TfCheck::{EverySeedVerdict, Median};
    use TfQuantity::MaxBlockStep;
    // "The stack without a norm is healthy" (it explodes).
    let no_norm = TfClaim {
        checks: &[EverySeedVerdict(&[Diagnosis::Healthy])],
        ..claim("tf-no-norm")
    };
    // "Post-LN's stream gradient jumps by half a decade between neighbouring blocks" (0.08).
    let post = TfClaim {
        checks: &[Median(MaxBlockStep, 0.45, 0.55)],
        ..claim("tf-post-ln")
    };
    for false_claim in [no_norm, post] {
        let failures = check_tf_claim(&false_claim);
        assert_eq!(failures.len(), 1, "{}: {failures:?}", false_claim.id);
    }
}

/// "About X" means within a factor of 1.5 of X, as for the explorer's claims.
#[test]
fn about_ranges_are_tight_enough_to_mean_something() {
    for c in TF_CLAIMS.iter().chain(TF_DEEP_CLAIMS) {
        for check in c.checks {
            if let TfCheck::Median(q, lo, hi) = *check {
                assert_about_one_number(c.id, q, lo, hi);
            }
        }
    }
}

#[test]
fn transformer_claims_are_unique_cited_and_use_the_views_stack() {
    let mut ids: HashSet<&str> = CLAIMS.iter().map(|c| c.id).collect();
    ids.extend(RNN_CLAIMS.iter().map(|c| c.id));
    for c in TF_CLAIMS.iter().chain(TF_DEEP_CLAIMS) {
        assert!(ids.insert(c.id), "duplicate claim id {}", c.id);
        assert!(!c.cited.is_empty() && !c.checks.is_empty(), "{}", c.id);
        let n = &c.network;
        assert_eq!(
            (n.width, n.heads, n.tokens, n.batch),
            (64, 4, 16, 8),
            "{}: the transformer view's default size",
            c.id
        );
        assert!(n.validate().is_ok(), "{}", c.id);
    }
    for c in TF_CLAIMS {
        assert_eq!(
            c.network.blocks, 12,
            "{}: deeper stacks are deep claims",
            c.id
        );
    }
    for c in TF_TRAIN_CLAIMS {
        assert!(ids.insert(c.id), "duplicate claim id {}", c.id);
        assert!(!c.cited.is_empty(), "{}", c.id);
    }
    // Every placement the page offers is under some claim.
    for p in Placement::ALL {
        assert!(TF_CLAIMS.iter().any(|c| c.network.placement == p), "{p:?}");
    }
}

#[test]
fn transformer_sections_render_and_their_buttons_load_transformer_presets() {
    let mut ids: HashSet<&str> = SECTIONS.iter().chain(&RNN_SECTIONS).map(|s| s.id).collect();
    let mut buttons = 0;
    for s in &TF_SECTIONS {
        assert_mode_section_renders(s, &mut ids);
        let Widget::TransformerPresets(presets) = s.widget else {
            panic!("{}: the transformer lessons end with try-it buttons", s.id);
        };
        for id in presets {
            assert!(find(id).is_some(), "{}: no transformer preset {id}", s.id);
            buttons += 1;
        }
    }
    assert!(buttons >= 8);
    assert!(SECTIONS
        .iter()
        .chain(&RNN_SECTIONS)
        .all(|s| !matches!(s.widget, Widget::TransformerPresets(_))));
}

#[test]
fn the_scanner_finds_unregistered_statements_about_a_transformer() {
    use gradient_flow_explorer::lessons::claim_scan::states_an_outcome;
    assert!(states_an_outcome(
        "Post-LN's stream gradient at block 1 is 1.5 times the one at block 12."
    ));
    assert!(states_an_outcome(
        "With RMSNorm the stream's std is 3.3 after block 12."
    ));
    assert!(states_an_outcome(
        "DeepNorm's weight gradients stay flat across the blocks."
    ));
    assert!(states_an_outcome(
        "At $a = 0.5$ the stream gradient is 19 times larger at block 1."
    ));
    assert!(states_an_outcome("The stack without a norm explodes."));
    // A description without an outcome is not a claim.
    assert!(!states_an_outcome(
        "Pre-LN puts the norm in front of each sublayer (Xiong et al., 2020)."
    ));
}

/// Prints every claim's measurements (for writing a claim's ranges):
/// `cargo test --release --test lessons_transformer -- --ignored --nocapture`.
#[test]
#[ignore]
fn describe_every_claim() {
    for c in TF_CLAIMS.iter().chain(TF_DEEP_CLAIMS) {
        println!("{}", describe_tf_claim(c));
    }
}
