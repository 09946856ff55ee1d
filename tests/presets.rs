use gradient_flow_explorer::page::presets::{find, matching, FIRST, MORE_SCENARIOS, PRESETS};
use gradient_flow_explorer::sim::mixed::{simulate_mixed, MixedPrecision};
use gradient_flow_explorer::sim::{simulate, Config};

#[test]
fn preset_ids_are_unique_and_findable() {
    for p in &PRESETS {
        assert_eq!(find(p.id).map(|f| f.title), Some(p.title));
        assert_eq!(PRESETS.iter().filter(|q| q.id == p.id).count(), 1);
        assert!(
            p.explanation.contains("Try next"),
            "{} says what to try next",
            p.id
        );
    }
}

#[test]
fn every_preset_is_shown_once_first_three_are_the_problem() {
    let shown: Vec<&str> = FIRST
        .iter()
        .chain(MORE_SCENARIOS.iter().flat_map(|g| g.ids.iter()))
        .copied()
        .collect();
    for p in &PRESETS {
        let times = shown.iter().filter(|&&id| id == p.id).count();
        assert_eq!(times, 1, "{} is shown once", p.id);
    }
    assert_eq!(shown.len(), PRESETS.len(), "no unknown id is shown");
    let verdicts: Vec<_> = FIRST
        .iter()
        .filter_map(|id| find(id))
        .map(|p| p.expected)
        .collect();
    use gradient_flow_explorer::sim::Diagnosis::*;
    assert_eq!(verdicts, [Vanishing, Healthy, Exploding]);
}

#[test]
fn the_default_network_is_the_healthy_preset() {
    let at_load = Config::default();
    let float32 = MixedPrecision::default();
    assert_eq!(
        matching(&at_load, &float32).map(|p| p.id),
        Some("healthy-relu-he")
    );
}

#[test]
fn presets_show_the_diagnosis_their_explanation_promises() {
    // Each preset states its expected diagnosis; the simulation decides, for several seeds.
    for p in &PRESETS {
        for seed in 0..5 {
            let cfg = p.apply(&Config {
                seed,
                ..Config::default()
            });
            let diagnosis = match simulate_mixed(&cfg, &p.mixed) {
                Ok(r) => r.summary.diagnosis,
                Err(e) => panic!("{}: {e}", p.id),
            };
            assert_eq!(diagnosis, p.expected, "{} seed {seed}", p.id);
        }
    }
}

#[test]
fn every_preset_is_a_checked_claim() {
    // The explanation's statements are claims (tests/lessons_claims.rs); at least one claim
    // is about the preset's own network and agrees with its expected diagnosis.
    // The precision lens's presets promise fractions lost to underflow instead, checked by
    // tests/precision_presets.rs.
    use gradient_flow_explorer::lessons::claims::{Check, CLAIMS};
    for p in PRESETS.iter().filter(|p| p.mixed.is_float32()) {
        let own = CLAIMS
            .iter()
            .find(|c| c.net == p.net && c.sigma_w2.is_none());
        let Some(own) = own else {
            panic!("no claim checks preset {}", p.id);
        };
        let agrees = own.checks.iter().any(|c| match c {
            Check::EverySeed(allowed) => allowed == &[p.expected],
            _ => false,
        });
        assert!(agrees, "claim {} disagrees with preset {}", own.id, p.id);
    }
}

#[test]
fn saturated_sigmoid_really_saturates() {
    let cfg = find("saturated-sigmoid").map(|p| p.apply(&Config::default()));
    let report = simulate(&cfg.unwrap_or_default()).map_err(|e| e.to_string());
    let layers = report.map(|r| r.layers).unwrap_or_default();
    let mean_sat: f64 = layers
        .iter()
        .filter_map(|l| l.saturated_fraction)
        .sum::<f64>()
        / layers.len().max(1) as f64;
    assert!(mean_sat > 0.3, "mean saturated fraction {mean_sat}");
}
