//! Training the reverse task through the worker protocol (`worker::reverse`): the worker trains
//! exactly like `train_reverse` (the run the reference test checks), chunks stop at their step
//! count, their time budget or the run's end, Reset replays the run, and the page's driver
//! keeps two chunks in flight while playing and drops replies of replaced runs.

mod task_support;

use std::cell::Cell;

use gradient_flow_explorer::sim::transformer::task::ReverseConfig;
use gradient_flow_explorer::sim::transformer::train::train_reverse;
use gradient_flow_explorer::sim::transformer::Placement;
use gradient_flow_explorer::worker::reverse::{
    ReverseAction, ReverseDriver, ReverseSession, ReverseTask, REVERSE_CHUNK_STEPS,
    REVERSE_MEASURE_EVERY,
};
use gradient_flow_explorer::worker::Request;
use task_support::{advance, small_reverse as small, train_in_chunks};

#[test]
fn the_worker_trains_exactly_like_train_reverse() {
    let cfg = small();
    // Uneven chunks: 7, 7, … until the run's end.
    let (records, losses) = train_in_chunks::<ReverseTask>(&cfg, 7);
    let steps: Vec<usize> = records.iter().map(|r| r.step).collect();
    assert_eq!(steps, vec![0, 25, 50, 60]);
    assert_eq!(REVERSE_MEASURE_EVERY, 25);
    let core = train_reverse(&cfg, &steps).expect("valid");
    assert_eq!(records, core, "the worker's run differs from the core's");
    let numbered: Vec<usize> = losses.iter().map(|l| l.0).collect();
    assert_eq!(numbered, (1..=60).collect::<Vec<_>>());
    assert!(losses.iter().all(|l| l.1.is_finite() && l.1 > 0.0));
}

#[test]
fn a_chunk_stops_at_its_step_count_its_budget_and_the_runs_end() {
    let mut s = ReverseSession::default();
    let never = || 0.0;
    s.handle(ReverseAction::Start(small()), &never)
        .expect("valid");
    let p = s.handle(advance(10), &never).expect("a run");
    assert_eq!(p.losses.len(), 10);
    assert!(p.records.is_empty() && !p.finished);
    // A clock that moves 5 ms a reading: a 12 ms budget is spent after three updates.
    let t = Cell::new(0.0);
    let tick = || {
        t.set(t.get() + 5.0);
        t.get()
    };
    let budget = ReverseAction::Advance {
        max_steps: 100,
        budget_ms: 12.0,
    };
    assert_eq!(s.handle(budget, &tick).expect("a run").losses.len(), 3);
    let rest = s.handle(advance(1000), &never).expect("a run");
    assert_eq!(rest.losses.len(), 60 - 13);
    assert!(rest.finished);
    let measured: Vec<usize> = rest.records.iter().map(|r| r.step).collect();
    assert_eq!(measured, vec![25, 50, 60], "measured at 25, 50 and the end");
    let after = s.handle(advance(5), &never).expect("a run");
    assert!(after.losses.is_empty() && after.finished);
}

#[test]
fn reset_replays_the_same_run_and_errors_are_replies() {
    let mut s = ReverseSession::default();
    let never = || 0.0;
    assert!(s.handle(advance(1), &never).is_err(), "no run yet");
    assert!(
        s.handle(ReverseAction::Reset, &never).is_err(),
        "no run yet"
    );
    let bad = ReverseConfig { lr: 0.0, ..small() };
    let e = s.handle(ReverseAction::Start(bad), &never);
    assert!(e.is_err_and(|e| e.contains("lr")));
    let start = s.handle(ReverseAction::Start(small()), &never).expect("ok");
    let first = s.handle(advance(30), &never).expect("a run");
    let reset = s.handle(ReverseAction::Reset, &never).expect("a run");
    assert_eq!(reset.records, start.records);
    assert_eq!(s.handle(advance(30), &never).expect("a run"), first);
}

#[test]
fn warm_up_changes_the_run() {
    let mut s = ReverseSession::default();
    let never = || 0.0;
    let run = |s: &mut ReverseSession, warmup: usize| {
        let cfg = ReverseConfig {
            warmup,
            placement: Placement::PostLn,
            ..small()
        };
        s.handle(ReverseAction::Start(cfg), &never).expect("ok");
        s.handle(advance(5), &never).expect("a run").losses
    };
    let (plain, warm) = (run(&mut s, 0), run(&mut s, 100));
    assert_eq!(
        plain[0], warm[0],
        "the first batch's loss is before any update"
    );
    assert_ne!(plain[4], warm[4]);
}

fn kinds(requests: &[Request]) -> Vec<(u64, u64, &'static str)> {
    requests
        .iter()
        .map(|r| match r {
            Request::Reverse { id, run, action } => (
                *id,
                *run,
                match action {
                    ReverseAction::Start(_) => "start",
                    ReverseAction::Reset => "reset",
                    ReverseAction::Advance { max_steps, .. }
                        if *max_steps == REVERSE_CHUNK_STEPS =>
                    {
                        "chunk"
                    }
                    ReverseAction::Advance { .. } => "other",
                },
            ),
            _ => (0, 0, "not reverse"),
        })
        .collect()
}

#[test]
fn the_driver_waits_for_ready_and_keeps_two_chunks_in_flight() {
    let mut d = ReverseDriver::new();
    assert!(d.start(small()).is_empty());
    assert!(d.play().is_empty());
    assert_eq!(
        kinds(&d.ready()),
        vec![(1, 1, "start"), (2, 1, "chunk"), (3, 1, "chunk")]
    );
    assert!(d.play().is_empty(), "two chunks are in flight");
    let start = d.reply(1, 1, false);
    assert!(start.show && start.send.is_none(), "{start:?}");
    let next = d.reply(2, 1, false);
    assert!(next.show);
    assert_eq!(
        kinds(&next.send.into_iter().collect::<Vec<_>>()),
        vec![(4, 1, "chunk")]
    );
    d.pause();
    for id in [3, 4] {
        let paused = d.reply(id, 1, false);
        assert!(paused.show && paused.send.is_none() && !d.playing());
    }
}

#[test]
fn a_halt_stops_playing_and_replies_of_a_replaced_run_are_dropped() {
    let mut d = ReverseDriver::new();
    d.ready();
    d.start(small());
    let chunks = d.play();
    assert_eq!(kinds(&chunks), vec![(2, 1, "chunk"), (3, 1, "chunk")]);
    let halted = d.reply(2, 1, true);
    assert!(halted.show && halted.send.is_none() && !d.playing());
    let after = d.reply(3, 1, false);
    assert!(
        !after.show && after.send.is_none(),
        "the chunk behind a halt is not shown"
    );
    assert_eq!(kinds(&d.reset()), vec![(4, 2, "reset")]);
    assert_eq!(kinds(&d.play()), vec![(5, 2, "chunk"), (6, 2, "chunk")]);
    assert_eq!(kinds(&d.reset()), vec![(7, 3, "reset")]);
    assert!(!d.playing(), "a reset pauses");
    let old = d.reply(5, 2, false);
    assert!(!old.show && old.send.is_none());
    assert_eq!(kinds(&d.play()), vec![(8, 3, "chunk"), (9, 3, "chunk")]);
}

/// Updates per second at L = 6, d = 64 (the page's benchmark runs it in the browser:
/// tests/e2e/tests/transformer_train.rs).
#[test]
#[ignore]
fn bench_native_steps_per_second() {
    let cfg = ReverseConfig {
        blocks: 6,
        steps: 200,
        ..ReverseConfig::default()
    };
    let mut s = ReverseSession::default();
    let never = || 0.0;
    s.handle(ReverseAction::Start(cfg), &never).expect("ok");
    let t = std::time::Instant::now();
    let p = s.handle(advance(200), &never).expect("a run");
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{} steps in {secs:.2} s: {:.0} steps/s (test set measured {} times)",
        p.losses.len(),
        p.losses.len() as f64 / secs,
        p.records.len()
    );
}
