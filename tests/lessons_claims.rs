//! The prose agrees with the simulator: every claim in `lessons::claims` is simulated with
//! several seeds and checked, every quote is still in its text, and every sentence of the
//! prose that states how a configuration behaves is covered by a claim.

mod lessons_support;

use std::collections::HashSet;

use gradient_flow_explorer::lessons::claim_check::check_claim_runs;
use gradient_flow_explorer::lessons::claim_scan::{sentences, states_an_outcome};
use gradient_flow_explorer::lessons::claims::{Claim, CLAIMS, SEEDS};
use gradient_flow_explorer::lessons::paper_claims::PAPER_CLAIMS;
use gradient_flow_explorer::lessons::precision_claims::PRECISION_CLAIMS;
use gradient_flow_explorer::lessons::precision_train_claims::PRECISION_TRAIN_CLAIMS;
use gradient_flow_explorer::lessons::rnn_claims::{
    LATCHING_CLAIMS, REFERENCE_LATCHING_CLAIMS, RNN_CLAIMS,
};
use gradient_flow_explorer::lessons::status_words;
use gradient_flow_explorer::lessons::texts::{all_texts, fold_whitespace};
use gradient_flow_explorer::lessons::tf_claims::{TF_CLAIMS, TF_DEEP_CLAIMS, TF_TRAIN_CLAIMS};
use gradient_flow_explorer::lessons::train_claims::{claim_problems, TRAIN_CLAIMS};
use gradient_flow_explorer::sim::{simulate, Diagnosis, MlpNet};
use lessons_support::{assert_about_one_number, map_on_two_threads};

#[test]
fn every_claim_holds_in_simulation() {
    // Seed by seed, so the widest claim's 20 runs share both cores too.
    let runs: Vec<(&Claim, u64)> = CLAIMS
        .iter()
        .flat_map(|c| (0..SEEDS).map(move |seed| (c, seed)))
        .collect();
    let reports = map_on_two_threads(&runs, |(c, seed)| simulate(&c.config(*seed)));
    let per_claim = reports.chunks(SEEDS as usize);
    let failures: Vec<String> = (CLAIMS.iter().zip(per_claim))
        .flat_map(|(c, runs)| check_claim_runs(c, runs))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// "About X" means within a factor of 1.5 of X: a `Median` range is at most that wide around
/// its middle (for a quantity in decades, around the number of decades it states).
#[test]
fn about_ranges_are_tight_enough_to_mean_something() {
    use gradient_flow_explorer::lessons::claims::Check;
    for c in CLAIMS {
        for check in c.checks {
            // For a bound, a claim uses MedianWithin.
            if let Check::Median(q, lo, hi) = *check {
                assert_about_one_number(c.id, q, lo, hi);
            }
        }
    }
}

#[test]
fn claim_ids_are_unique_and_every_claim_is_cited() {
    let mut ids = HashSet::new();
    for c in CLAIMS {
        assert!(ids.insert(c.id), "duplicate claim id {}", c.id);
        assert!(!c.cited.is_empty(), "claim {} is cited nowhere", c.id);
        assert!(!c.checks.is_empty(), "claim {} checks nothing", c.id);
    }
}

/// Every (claim id, location, quote): simulation, precision, training, recurrent, transformer
/// and paper claims alike.
fn all_citations() -> Vec<(&'static str, &'static str, &'static str)> {
    let sim = CLAIMS
        .iter()
        .flat_map(|c| c.cited.iter().map(|(l, q)| (c.id, *l, *q)));
    let precision = PRECISION_CLAIMS
        .iter()
        .flat_map(|c| c.cited.iter().map(|(l, q)| (c.id, *l, *q)));
    let train = TRAIN_CLAIMS
        .iter()
        .flat_map(|c| c.cited.iter().map(|(l, q)| (c.id, *l, *q)));
    let precision_train = PRECISION_TRAIN_CLAIMS
        .iter()
        .flat_map(|c| c.cited.iter().map(|(l, q)| (c.id, *l, *q)));
    let papers = PAPER_CLAIMS
        .iter()
        .flat_map(|c| c.cited.iter().map(|(l, q)| (c.reference, *l, *q)));
    let recurrent = RNN_CLAIMS
        .iter()
        .flat_map(|c| c.cited.iter().map(|(l, q)| (c.id, *l, *q)));
    let latching = LATCHING_CLAIMS
        .iter()
        .flat_map(|c| c.cited.iter().map(|(l, q)| (c.id, *l, *q)));
    let reference = REFERENCE_LATCHING_CLAIMS
        .iter()
        .flat_map(|c| c.cited.iter().map(|(l, q)| ("reference-latching", *l, *q)));
    let transformer = TF_CLAIMS
        .iter()
        .chain(TF_DEEP_CLAIMS)
        .flat_map(|c| c.cited.iter().map(|(l, q)| (c.id, *l, *q)));
    let transformer_train = TF_TRAIN_CLAIMS
        .iter()
        .flat_map(|c| c.cited.iter().map(|(l, q)| (c.id, *l, *q)));
    sim.chain(precision)
        .chain(train)
        .chain(transformer)
        .chain(transformer_train)
        .chain(precision_train)
        .chain(recurrent)
        .chain(latching)
        .chain(reference)
        .chain(papers)
        .collect()
}

/// A paper's result is covered by citing it: the paper is in the further reading, and the
/// paragraph that states its result names its first author.
#[test]
fn every_paper_claim_names_its_paper() {
    use gradient_flow_explorer::lessons::FURTHER_READING;
    let texts = all_texts();
    for c in PAPER_CLAIMS {
        let paper = FURTHER_READING.iter().find(|r| r.id == c.reference);
        let Some(paper) = paper else {
            panic!("{}: not in the further reading", c.reference);
        };
        let first_author = paper.authors.split(',').next().unwrap_or_default();
        let surname = first_author.split_whitespace().last().unwrap_or_default();
        for (location, quote) in c.cited {
            let text = texts.iter().find(|t| t.location == *location);
            let paragraph = text.and_then(|t| {
                t.text
                    .split("\n\n")
                    .map(fold_whitespace)
                    .find(|p| p.contains(&fold_whitespace(quote)))
            });
            let paragraph = paragraph.unwrap_or_default();
            assert!(
                !surname.is_empty() && paragraph.contains(surname),
                "{}: the paragraph quoting {quote:?} does not name {surname}",
                c.reference
            );
        }
    }
}

#[test]
fn every_training_claim_is_an_outcome_its_preset_checks() {
    let mut ids = HashSet::new();
    let problems: Vec<String> = TRAIN_CLAIMS.iter().flat_map(claim_problems).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    for c in TRAIN_CLAIMS {
        assert!(ids.insert(c.id), "duplicate training claim id {}", c.id);
        assert!(
            !CLAIMS.iter().any(|s| s.id == c.id),
            "{} is also a simulation claim",
            c.id
        );
    }
    assert!(
        TRAIN_CLAIMS.len() >= 9,
        "the training lesson and presets make their claims"
    );
}

#[test]
fn every_quote_is_in_its_text() {
    let texts = all_texts();
    for (id, location, quote) in all_citations() {
        let text = texts
            .iter()
            .find(|t| t.location == location)
            .map(|t| fold_whitespace(&t.text));
        let Some(text) = text else {
            panic!("claim {id}: no text at {location}");
        };
        assert!(
            text.contains(&fold_whitespace(quote)),
            "claim {id}: {location} no longer says {quote:?}"
        );
    }
}

#[test]
fn every_outcome_statement_in_the_prose_is_a_checked_claim() {
    let mut uncovered = Vec::new();
    for t in all_texts() {
        let quotes: Vec<String> = all_citations()
            .into_iter()
            .filter(|(_, location, _)| *location == t.location)
            .map(|(_, _, quote)| fold_whitespace(quote))
            .collect();
        for s in sentences(&t.text) {
            if states_an_outcome(&s) && !quotes.iter().any(|q| s.contains(q.as_str())) {
                uncovered.push(format!("{}: {s}", t.location));
            }
        }
    }
    assert!(
        uncovered.is_empty(),
        "statements with no claim in src/lessons/claims.rs:\n{}",
        uncovered.join("\n")
    );
}

#[test]
fn the_scanner_tells_statements_from_explanations() {
    assert!(states_an_outcome("GELU with He vanishes at depth 100."));
    assert!(states_an_outcome(
        "SELU's gradient grows about 57× over 100 layers."
    ));
    assert!(states_an_outcome("With σ = 1 weights float32 overflows."));
    assert!(!states_an_outcome("Its slope peaks at 0.25 at the origin."));
    // A number format is a configuration too.
    assert!(states_an_outcome(
        "In float16 layer 1's gradient is lost in every seed."
    ));
    assert!(states_an_outcome(
        "With a loss scale of 2^8 the first layers still underflow."
    ));
    assert!(!states_an_outcome(
        "bfloat16 has 7 stored significand bits."
    ));
    assert!(!states_an_outcome(
        "When the factor sits below 1, gradients vanish."
    ));
    // A preset's title is a name, not a statement.
    assert!(!states_an_outcome("Load Vanishing (Sigmoid) to see it."));
    let s = sentences("One. Two?\n\nThree | four\n| five");
    assert_eq!(s, ["One.", "Two?", "Three | four", "five"]);
}

/// The status card's words for a claim's network, every seed.
fn status_texts(activation_init: &str) -> Vec<(Diagnosis, String)> {
    let claim = CLAIMS.iter().find(|c| c.id == activation_init);
    let claim = claim.unwrap_or_else(|| panic!("no claim {activation_init}"));
    (0..SEEDS)
        .map(|seed| {
            let r = simulate(&claim.config(seed)).unwrap_or_else(|e| panic!("{e}"));
            let w = status_words(&r.summary);
            (r.summary.diagnosis, format!("{} {}", w.word, w.why))
        })
        .collect()
}

#[test]
fn status_card_says_which_layers_barely_learn() {
    // ReLU + Xavier: the weight gradient is ≈ 1e-5 in every layer, so every layer is slow.
    for (d, text) in status_texts("relu-xavier-30") {
        assert_eq!(d, Diagnosis::Vanishing);
        assert!(text.contains("all layers barely learn"), "{text}");
    }
    // Sigmoid + Xavier: the weight gradient falls towards layer 1, so the early layers are.
    for (d, text) in status_texts("sigmoid-xavier-15") {
        assert_eq!(d, Diagnosis::Vanishing);
        assert!(text.contains("the early layers barely learn"), "{text}");
    }
    // Healthy ReLU + He: about half of the outputs are zero, and that is not a dead layer.
    for (d, text) in status_texts("relu-he-15") {
        assert_eq!(d, Diagnosis::Healthy);
        assert!(text.contains("within 1.5 decades"), "{text}");
    }
}

#[test]
fn status_card_names_the_gradient_it_judged() {
    use gradient_flow_explorer::lessons::judged_words;
    use gradient_flow_explorer::sim::{judged_gradient, Config, Norm};
    let with = |norm| {
        judged_words(judged_gradient(&Config {
            net: MlpNet {
                norm,
                ..MlpNet::default()
            },
            ..Config::default()
        }))
    };
    assert_eq!(
        with(Norm::None),
        "Judged on the signal gradient ‖∂L/∂zₗ‖ from layer 1 to layer L."
    );
    for norm in [Norm::Batch, Norm::Layer] {
        assert_eq!(
            with(norm),
            "Judged on the weight gradient ‖∂L/∂Wₗ‖ from layer 1 to layer L."
        );
    }
}
