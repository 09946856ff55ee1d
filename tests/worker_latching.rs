//! Training the latching task through the worker protocol (`worker::latching`, on the one
//! task path `worker::task` the reverse task also takes): the worker trains exactly like
//! `train_latching` (the run the reference test checks), every measurement carries the test
//! loss's gradient at every step t, chunks stop at their step count, Reset replays the run,
//! a bad config is an error reply, and the page's driver sends `Request::Latching`.

mod task_support;

use gradient_flow_explorer::sim::recurrent::{
    train_latching, Cell, LatchingConfig, LatchingRecord, RecurrentInit,
};
use gradient_flow_explorer::worker::latching::{
    LatchingAction, LatchingDriver, LatchingProgress, LatchingSession, LatchingTask,
};
use gradient_flow_explorer::worker::task::{CHUNK_STEPS, MEASURE_EVERY};
use gradient_flow_explorer::worker::{decode, encode, Request, Response};
use task_support::{advance, train_in_chunks};

fn small(cell: Cell) -> LatchingConfig {
    LatchingConfig {
        cell,
        steps: 6,
        width: 16,
        init: RecurrentInit::Orthogonal,
        gain: 1.0,
        forget_bias: 1.0,
        lr: 3e-3,
        clip: Some(1.0),
        train_steps: 60,
        seed: 3,
    }
}

#[test]
fn the_worker_trains_exactly_like_train_latching() {
    for cell in [Cell::RnnTanh, Cell::Lstm, Cell::Gru] {
        let cfg = small(cell);
        let (records, losses) = train_in_chunks::<LatchingTask>(&cfg, 4);
        let steps: Vec<usize> = records.iter().map(|r| r.step).collect();
        assert_eq!(steps, vec![0, 25, 50, 60]);
        assert_eq!(MEASURE_EVERY, 25);
        let core = train_latching(&cfg, &steps).expect("valid");
        assert_eq!(records, core.records, "{cell:?}: the worker's run differs");
        let numbered: Vec<usize> = losses.iter().map(|l| l.0).collect();
        assert_eq!(numbered, (1..=60).collect::<Vec<_>>());
        assert!(losses.iter().all(|l| l.1.is_finite() && l.1 > 0.0));
        for r in &records {
            assert_eq!(r.h_grad_norms.len(), cfg.steps, "one norm per step t");
            assert_eq!(r.h_grad_norms[0], r.h1_grad_norm);
            assert!(r.h_grad_norms.iter().all(|g| g.is_finite() && *g > 0.0));
        }
    }
}

#[test]
fn chunks_stop_at_their_count_and_reset_replays_the_run() {
    let mut s = LatchingSession::default();
    let never = || 0.0;
    assert!(s.handle(advance(1), &never).is_err(), "no run yet");
    assert!(s.handle(LatchingAction::Reset, &never).is_err());
    let bad = LatchingConfig {
        width: 0,
        ..small(Cell::Lstm)
    };
    assert!(s.handle(LatchingAction::Start(bad), &never).is_err());
    let start = s
        .handle(LatchingAction::Start(small(Cell::Lstm)), &never)
        .expect("ok");
    let first = s.handle(advance(10), &never).expect("a run");
    assert_eq!(first.losses.len(), 10);
    assert!(first.records.is_empty() && !first.finished);
    let reset = s.handle(LatchingAction::Reset, &never).expect("a run");
    assert_eq!(reset.records, start.records);
    assert_eq!(s.handle(advance(10), &never).expect("a run"), first);
    let rest = s.handle(advance(1000), &never).expect("a run");
    assert!(rest.finished && rest.losses.len() == 50);
}

#[test]
fn clipping_changes_the_run() {
    let mut s = LatchingSession::default();
    let never = || 0.0;
    let mut run = |clip: Option<f64>| {
        let cfg = LatchingConfig {
            clip,
            ..small(Cell::RnnTanh)
        };
        s.handle(LatchingAction::Start(cfg), &never).expect("ok");
        s.handle(advance(5), &never).expect("a run").losses
    };
    let (free, clipped) = (run(None), run(Some(1e-3)));
    assert_eq!(
        free[0], clipped[0],
        "the first batch's loss is before any update"
    );
    assert_ne!(free[4], clipped[4]);
}

#[test]
fn non_finite_numbers_cross_the_wire_as_they_are() {
    let progress = LatchingProgress {
        losses: vec![(1, f64::NAN)],
        records: vec![LatchingRecord {
            step: 1,
            test_accuracy: 0.5,
            test_loss: f64::INFINITY,
            h1_grad_norm: f64::NAN,
            h_grad_norms: vec![f64::NAN, f64::INFINITY, 1e-30],
        }],
        nonfinite_at: Some(1),
        finished: false,
    };
    let reply = Response::Latched {
        id: 1,
        run: 1,
        progress: Ok(progress),
    };
    let back: Response = decode(&encode(&reply)).expect("reads back");
    let Response::Latched {
        progress: Ok(p), ..
    } = back
    else {
        panic!("not a latching reply")
    };
    assert!(p.losses[0].1.is_nan() && p.records[0].h1_grad_norm.is_nan());
    assert_eq!(p.records[0].test_loss, f64::INFINITY);
    assert_eq!(p.records[0].h_grad_norms[1], f64::INFINITY);
    assert_eq!(p.records[0].h_grad_norms[2], 1e-30);
}

#[test]
fn the_driver_sends_latching_requests_two_chunks_ahead() {
    let mut d = LatchingDriver::new();
    assert!(d.start(small(Cell::Gru)).is_empty(), "not ready yet");
    assert!(d.play().is_empty());
    let sent = d.ready();
    let kinds: Vec<_> = sent
        .iter()
        .map(|r| match r {
            Request::Latching {
                id,
                run,
                action: LatchingAction::Start(_),
            } => (*id, *run, "start"),
            Request::Latching {
                id,
                run,
                action: LatchingAction::Advance { max_steps, .. },
            } if *max_steps == CHUNK_STEPS => (*id, *run, "chunk"),
            _ => (0, 0, "other"),
        })
        .collect();
    assert_eq!(
        kinds,
        vec![(1, 1, "start"), (2, 1, "chunk"), (3, 1, "chunk")]
    );
    assert!(d.play().is_empty(), "two chunks are in flight");
    let next = d.reply(2, 1, false);
    assert!(next.show && matches!(next.send, Some(Request::Latching { id: 4, .. })));
    d.reset();
    assert!(
        !d.reply(3, 1, false).show,
        "a replaced run's reply is dropped"
    );
}
