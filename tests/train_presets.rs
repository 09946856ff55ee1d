//! Every training preset trains (seeds 0..PRESET_CHECK_SEEDS) and shows the outcome its
//! explanation promises (`expected`).

use gradient_flow_explorer::train::presets::{
    find_train_preset, Expect, TrainPreset, PRESET_CHECK_SEEDS, TRAIN_PRESETS,
};
use gradient_flow_explorer::train::{Measurement, Trainer};

/// The measurements of one seed at every step some expectation names (step 0 included).
fn measure(p: &TrainPreset, seed: u64) -> Vec<Measurement> {
    let mut steps: Vec<usize> = p.expected.iter().map(Expect::step).collect();
    steps.push(0);
    steps.sort_unstable();
    steps.dedup();
    let mut t = Trainer::new(&p.config(seed)).unwrap_or_else(|e| panic!("{}: {e}", p.id));
    let mut out = Vec::new();
    for s in steps {
        while t.steps_done() < s {
            t.step();
        }
        out.push(t.measure());
    }
    out
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn at(runs: &[Vec<Measurement>], step: usize) -> Vec<&Measurement> {
    runs.iter()
        .map(|r| r.iter().find(|m| m.step == step).expect("measured"))
        .collect()
}

/// `None` when the expectation holds, else what was seen.
fn check(e: &Expect, runs: &[Vec<Measurement>]) -> Option<String> {
    let ok = match *e {
        Expect::AccuracyAtLeast { step, min } => {
            let m = median(at(runs, step).iter().map(|m| m.train_accuracy).collect());
            (m >= min)
                .then_some(())
                .ok_or(format!("median accuracy {m}"))
        }
        Expect::AccuracyAtMost { step, max } => {
            let m = median(at(runs, step).iter().map(|m| m.train_accuracy).collect());
            (m <= max)
                .then_some(())
                .ok_or(format!("median accuracy {m}"))
        }
        Expect::Overflows { step } => {
            let losses: Vec<f64> = at(runs, step).iter().map(|m| m.loss).collect();
            losses
                .iter()
                .all(|l| !l.is_finite())
                .then_some(())
                .ok_or(format!("losses {losses:?}"))
        }
        Expect::StaysFinite { step } => {
            let all = runs.iter().flatten().filter(|m| m.step <= step);
            all.clone()
                .all(|m| m.loss.is_finite())
                .then_some(())
                .ok_or("a non-finite loss".into())
        }
        Expect::FirstLayerBelowLast { step, decades } => {
            let gap = median(
                at(runs, step)
                    .iter()
                    .map(|m| {
                        let g = &m.weight_grad_norm;
                        g[g.len() - 1].log10() - g[0].log10()
                    })
                    .collect(),
            );
            (gap >= decades)
                .then_some(())
                .ok_or(format!("gap {gap} decades"))
        }
    };
    ok.err()
}

/// Trains preset `i` and checks each of its expectations, printing how long it took.
fn check_preset(i: usize) {
    let p = &TRAIN_PRESETS[i];
    let start = std::time::Instant::now();
    let runs: Vec<Vec<Measurement>> = (0..PRESET_CHECK_SEEDS).map(|s| measure(p, s)).collect();
    let failures: Vec<String> = p
        .expected
        .iter()
        .filter_map(|e| check(e, &runs).map(|seen| format!("{}: {e:?}: {seen}", p.id)))
        .collect();
    eprintln!("{}: {:.1} s", p.id, start.elapsed().as_secs_f64());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// One test per preset, so the test harness trains them in parallel.
macro_rules! preset_tests {
    ($($name:ident = $i:literal),*) => {
        $(#[test] fn $name() { check_preset($i) })*
        #[test]
        fn every_training_preset_has_a_test() {
            let tested = [$($i),*];
            assert_eq!(tested.len(), TRAIN_PRESETS.len());
        }
    };
}
preset_tests!(
    preset_0 = 0,
    preset_1 = 1,
    preset_2 = 2,
    preset_3 = 3,
    preset_4 = 4,
    preset_5 = 5,
    preset_6 = 6,
    preset_7 = 7,
    preset_8 = 8
);

#[test]
fn training_presets_are_unique_valid_paired_and_say_what_to_try_next() {
    for p in &TRAIN_PRESETS {
        assert_eq!(find_train_preset(p.id).map(|f| f.title), Some(p.title));
        assert_eq!(TRAIN_PRESETS.iter().filter(|q| q.id == p.id).count(), 1);
        assert!(p.explanation.contains("Try next"), "{}", p.id);
        assert!(!p.expected.is_empty(), "{} promises nothing", p.id);
        assert!(p.config(0).validate().is_ok(), "{}", p.id);
        assert!(p.expected.iter().all(|e| e.step() <= p.steps), "{}", p.id);
        if let Some(other) = p.compare_with {
            let q = find_train_preset(other).unwrap_or_else(|| panic!("{}: no {other}", p.id));
            assert_ne!(q.id, p.id);
        }
    }
    assert_eq!(find_train_preset("no-such-preset").map(|p| p.id), None);
}
