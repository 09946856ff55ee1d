//! Every guided challenge is unmet where it starts and met by a solution a learner can reach
//! with the page's controls, judged by the simulation (the page judges the worker's report of
//! the same network). The training challenges' runs are solved in the end-to-end test
//! (`tests/e2e/tests/challenges.rs`); here their checks are tried on run outcomes.

use gradient_flow_explorer::page::challenges::{find, RunSeen, Seen, Stage, CHALLENGES};
use gradient_flow_explorer::page::edit::{apply, Edit};
use gradient_flow_explorer::page::train::edit::TrainSettings;
use gradient_flow_explorer::sim::{simulate, Config, Init, Norm, Residual};

fn seen(config: Config) -> Seen {
    let diagnosis = simulate(&config).ok().map(|r| r.summary.diagnosis);
    Seen {
        config,
        diagnosis,
        run: None,
    }
}

fn met_after(id: &str, edits: &[Edit]) -> bool {
    let Some(c) = find(id) else {
        panic!("no challenge {id}")
    };
    let start = c.start_config();
    assert!(
        !(c.met)(&seen(start.clone())),
        "{id} is not met at its start"
    );
    let solved = edits.iter().fold(start, |cfg, e| apply(&cfg, e));
    (c.met)(&seen(solved))
}

#[test]
fn the_explorer_and_remedy_challenges_are_solvable() {
    assert!(met_after(
        "sigmoid-no-skip",
        &[Edit::Init(Init::RandomNormal)]
    ));
    assert!(met_after(
        "explode-one-control",
        &[Edit::Init(Init::RandomNormal)]
    ));
    assert!(met_after("explode-one-control", &[Edit::Norm(Norm::Batch)]));
    assert!(met_after(
        "sigmoid-30-healthy",
        &[Edit::Residual(Residual::Identity)]
    ));
    let both = [Edit::Residual(Residual::Scaled), Edit::Norm(Norm::Layer)];
    assert!(met_after("tanh-residual-norm", &both));
}

#[test]
fn the_checks_hold_to_their_rules() {
    // Two controls at once is not "one control", even when it explodes.
    let two = [Edit::Init(Init::RandomNormal), Edit::Depth(40)];
    assert!(!met_after("explode-one-control", &two));
    // A shallower sigmoid network does not count.
    assert!(!met_after("sigmoid-30-healthy", &[Edit::Depth(5)]));
    // Only a norm, no skip path: the goal asks for both.
    assert!(!met_after("tanh-residual-norm", &[Edit::Norm(Norm::Layer)]));
}

fn run(finished: bool, halted: bool, acc: f64) -> Option<RunSeen> {
    Some(RunSeen {
        settings: TrainSettings::default(),
        finished,
        halted,
        train_accuracy: Some(acc),
    })
}

#[test]
fn the_training_challenges_need_a_finished_finite_run_past_80_percent() {
    for id in ["train-deep-sigmoid", "train-clip"] {
        let Some(c) = find(id) else { panic!("{id}") };
        assert_eq!(c.stage, Stage::Training);
        assert!(
            c.train_preset.is_some(),
            "{id} starts from a training preset"
        );
        // The training preset's network (the challenge keeps its activation and weights).
        let preset = gradient_flow_explorer::train::presets::find_train_preset(
            c.train_preset.unwrap_or_default(),
        );
        let Some(p) = preset else {
            panic!("{id}'s preset")
        };
        let t = p.config(0);
        let config = Config {
            net: t.net,
            ..Config::default()
        };
        let with = |r| Seen {
            config: config.clone(),
            diagnosis: None,
            run: r,
        };
        assert!((c.met)(&with(run(true, false, 0.9))), "{id}");
        assert!(!(c.met)(&with(run(false, false, 0.9))), "{id}: unfinished");
        assert!(!(c.met)(&with(run(true, true, 0.9))), "{id}: halted");
        assert!(!(c.met)(&with(run(true, false, 0.6))), "{id}: 60 %");
        assert!(!(c.met)(&with(None)), "{id}: no run");
    }
}

#[test]
fn six_challenges_with_unique_ids_over_every_stage() {
    assert!(CHALLENGES.len() >= 6);
    for c in &CHALLENGES {
        assert_eq!(CHALLENGES.iter().filter(|d| d.id == c.id).count(), 1);
        assert!(!c.goal.is_empty() && !c.hint.is_empty());
    }
    for stage in [Stage::Explorer, Stage::Remedies, Stage::Training] {
        assert!(CHALLENGES.iter().any(|c| c.stage == stage), "{stage:?}");
    }
}
