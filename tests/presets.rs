use gradient_flow_explorer::presets::{find, PRESETS};
use gradient_flow_explorer::sim::{simulate, Config, Diagnosis};

#[test]
fn preset_ids_are_unique_and_findable() {
    for p in &PRESETS {
        assert_eq!(find(p.id).map(|f| f.title), Some(p.title));
        assert_eq!(PRESETS.iter().filter(|q| q.id == p.id).count(), 1);
        assert!(p.explanation.contains("Try next"), "{} says what to try next", p.id);
    }
}

#[test]
fn presets_show_what_their_names_promise() {
    // The simulation, not a table, decides; these are the scenarios' promises across seeds.
    let expect = [
        ("vanishing-sigmoid", &[Diagnosis::Vanishing][..]),
        ("healthy-relu-he", &[Diagnosis::Healthy]),
        ("exploding-random", &[Diagnosis::Exploding, Diagnosis::Overflow]),
        ("selu-lecun", &[Diagnosis::Healthy]),
        ("tanh-xavier", &[Diagnosis::Healthy]),
        ("relu-xavier", &[Diagnosis::Vanishing]),
        ("small-init", &[Diagnosis::Vanishing]),
    ];
    for (id, allowed) in expect {
        for seed in 0..3 {
            let cfg = find(id).map(|p| p.apply(&Config { seed, ..Config::default() }));
            let report = cfg.as_ref().map(simulate);
            let diagnosis = match report {
                Some(Ok(r)) => r.summary.diagnosis,
                other => panic!("{id}: {other:?}"),
            };
            assert!(allowed.contains(&diagnosis), "{id} seed {seed}: {diagnosis:?}");
        }
    }
}

#[test]
fn saturated_sigmoid_really_saturates() {
    let cfg = find("saturated-sigmoid").map(|p| p.apply(&Config::default()));
    let report = simulate(&cfg.unwrap_or_default()).map_err(|e| e.to_string());
    let layers = report.map(|r| r.layers).unwrap_or_default();
    let mean_sat: f64 = layers.iter().filter_map(|l| l.saturated_fraction).sum::<f64>() / layers.len().max(1) as f64;
    assert!(mean_sat > 0.3, "mean saturated fraction {mean_sat}");
}
