//! Training through the worker protocol: the worker trains exactly like the `Trainer`, chunks
//! stop at their step count, time budget, the run's end or the first non-finite loss, and the
//! page's driver keeps one chunk in flight while playing and drops replies of replaced runs.

use std::cell::Cell;

use gradient_flow_explorer::sim::{Activation, Init, MlpNet};
use gradient_flow_explorer::train::grid::boundary_grid;
use gradient_flow_explorer::train::{Prober, TrainConfig, Trainer};
use gradient_flow_explorer::worker::serve::Server;
use gradient_flow_explorer::worker::train::{TrainSession, BOUNDARY_CELLS, MEASURE_EVERY};
use gradient_flow_explorer::worker::train_driver::{TrainDriver, CHUNK_STEPS};
use gradient_flow_explorer::worker::{
    decode, encode, Request, Response, TrainAction, TrainProgress,
};

fn small() -> TrainConfig {
    TrainConfig {
        net: MlpNet {
            depth: 2,
            width: 16,
            ..MlpNet::default()
        },
        steps: 40,
        ..TrainConfig::default()
    }
}

/// ReLU with N(0, 1) weights: the loss is already huge at step 0 and NaN after one step.
fn exploding() -> TrainConfig {
    TrainConfig {
        net: MlpNet {
            activation: Activation::Relu,
            init: Init::RandomNormal,
            depth: 8,
            width: 64,
            ..MlpNet::default()
        },
        ..TrainConfig::default()
    }
}

fn advance(max_steps: usize) -> TrainAction {
    TrainAction::Advance {
        max_steps,
        budget_ms: f64::INFINITY,
        boundary: false,
        probe: None,
    }
}

fn no_clock() -> f64 {
    0.0
}

fn run(session: &mut TrainSession, action: TrainAction) -> TrainProgress {
    match session.handle(action, &no_clock) {
        Ok(p) => p,
        Err(e) => panic!("the worker refused: {e}"),
    }
}

#[test]
fn the_worker_trains_bit_for_bit_like_the_trainer() {
    let mut session = TrainSession::default();
    let start = run(&mut session, TrainAction::Start(small()));
    let first = run(&mut session, advance(7));
    let second = run(&mut session, advance(8));
    let mut trainer = Trainer::new(&small()).expect("valid config");
    assert_eq!(start.measurements, vec![trainer.measure()]);
    let direct: Vec<_> = (0..15).map(|_| trainer.step()).collect();
    let chunked: Vec<_> = first.steps.iter().chain(&second.steps).cloned().collect();
    assert_eq!(chunked, direct);
    assert_eq!(second.measurements.last(), Some(&trainer.measure()));
}

#[test]
fn the_boundary_grid_comes_only_when_asked_and_is_the_trainers() {
    let mut session = TrainSession::default();
    let start = run(&mut session, TrainAction::Start(small()));
    let plain = run(&mut session, advance(3));
    let asked = TrainAction::Advance {
        max_steps: 3,
        budget_ms: f64::INFINITY,
        boundary: true,
        probe: None,
    };
    let with = run(&mut session, asked);
    let mut trainer = Trainer::new(&small()).expect("valid config");
    assert_eq!(
        start.boundary,
        Some(boundary_grid(&trainer, BOUNDARY_CELLS))
    );
    (0..6).for_each(|_| {
        trainer.step();
    });
    assert_eq!(plain.boundary, None);
    let grid = with.boundary.expect("asked for");
    assert_eq!(grid, boundary_grid(&trainer, BOUNDARY_CELLS));
    assert_eq!(grid.prob.len(), BOUNDARY_CELLS * BOUNDARY_CELLS);
}

#[test]
fn measurements_come_every_ten_steps_and_where_a_run_stops() {
    let mut session = TrainSession::default();
    run(&mut session, TrainAction::Start(small()));
    let measured = |p: &TrainProgress| p.measurements.iter().map(|m| m.step).collect::<Vec<_>>();
    assert_eq!(MEASURE_EVERY, 10);
    // A chunk ending on its budget or step limit mid-way is not measured there...
    assert_eq!(measured(&run(&mut session, advance(25))), vec![10, 20]);
    // ...a short request (one step) is...
    assert_eq!(measured(&run(&mut session, advance(1))), vec![26]);
    // ...and so is the run's last step (40).
    assert_eq!(measured(&run(&mut session, advance(100))), vec![30, 40]);
}

#[test]
fn a_chunk_stops_once_its_time_budget_is_spent() {
    let mut session = TrainSession::default();
    session
        .handle(TrainAction::Start(small()), &no_clock)
        .expect("starts");
    // Every reading of the clock is 10 ms later than the one before.
    let t = Cell::new(0.0);
    let clock = || {
        t.set(t.get() + 10.0);
        t.get()
    };
    let action = TrainAction::Advance {
        max_steps: 40,
        budget_ms: 25.0,
        boundary: false,
        probe: None,
    };
    let p = session.handle(action, &clock).expect("advances");
    assert_eq!(p.steps.len(), 3, "readings at 10 (start), 20, 30, 40 ms");
}

#[test]
fn a_run_ends_at_its_configured_steps() {
    let mut session = TrainSession::default();
    run(&mut session, TrainAction::Start(small()));
    let p = run(&mut session, advance(100));
    assert_eq!(p.steps.len(), 40);
    assert!(p.finished);
    let more = run(&mut session, advance(100));
    assert!(more.steps.is_empty() && more.finished);
}

#[test]
fn the_first_non_finite_loss_stops_the_chunk_and_names_its_step() {
    let mut session = TrainSession::default();
    let start = run(&mut session, TrainAction::Start(exploding()));
    assert_eq!(start.nonfinite_at, None, "step 0 is huge but finite");
    let p = run(&mut session, advance(30));
    let at = p.nonfinite_at.expect("this network overflows");
    assert_eq!(p.steps.last().map(|s| s.step), Some(at));
    assert!(at <= 2, "it overflows at once (step {at})");
    let m = p.measurements.last().expect("measured where it stopped");
    assert!(!m.loss_finite && m.step == at);
}

#[test]
fn reset_goes_back_to_the_same_initialization() {
    let mut session = TrainSession::default();
    let start = run(&mut session, TrainAction::Start(small()));
    let first = run(&mut session, advance(12));
    let reset = run(&mut session, TrainAction::Reset);
    assert_eq!(reset.measurements, start.measurements);
    let again = run(&mut session, advance(12));
    assert_eq!(again.steps, first.steps);
}

#[test]
fn advancing_or_resetting_without_a_run_and_a_bad_config_are_errors() {
    let mut session = TrainSession::default();
    assert!(session.handle(advance(1), &no_clock).is_err());
    assert!(session.handle(TrainAction::Reset, &no_clock).is_err());
    let bad = TrainConfig {
        lr: f64::NAN,
        ..small()
    };
    let err = session
        .handle(TrainAction::Start(bad), &no_clock)
        .expect_err("NaN learning rate");
    assert!(err.contains("learning rate"), "{err}");
}

#[test]
fn a_training_reply_with_nan_round_trips_through_the_server_bit_for_bit() {
    let mut server = Server::new();
    let ask = |server: &mut Server, id, action| {
        let bytes = server.handle_bytes(&encode(&Request::Train { id, run: 4, action }));
        decode::<Response>(&bytes).expect("decodes")
    };
    ask(&mut server, 1, TrainAction::Start(exploding()));
    let Response::Trained {
        id: 2,
        run: 4,
        progress: Ok(p),
    } = ask(&mut server, 2, advance(5))
    else {
        panic!("not the reply to request 2 of run 4")
    };
    let loss = p.measurements.last().map(|m| m.loss);
    assert!(loss.is_some_and(f64::is_nan), "{loss:?}");
}

fn ids(requests: &[Request]) -> Vec<(u64, u64, &'static str)> {
    requests
        .iter()
        .map(|r| match r {
            Request::Train { id, run, action } => (
                *id,
                *run,
                match action {
                    TrainAction::Start(_) => "start",
                    TrainAction::Reset => "reset",
                    TrainAction::Advance { max_steps: 1, .. } => "step",
                    TrainAction::Advance { max_steps, .. } if *max_steps == CHUNK_STEPS => "chunk",
                    TrainAction::Advance { .. } => "other",
                    TrainAction::Probe { .. } => "probe",
                },
            ),
            Request::Simulate { .. } => (0, 0, "simulate"),
            Request::Prefetch { .. } => (0, 0, "prefetch"),
            Request::Recurrent { .. } => (0, 0, "recurrent"),
            Request::Transformer { .. } => (0, 0, "transformer"),
            Request::Reverse { .. } => (0, 0, "reverse"),
            Request::Shard { .. } => (0, 0, "shard"),
            Request::Latching { .. } => (0, 0, "latching"),
        })
        .collect()
}

#[test]
fn requests_before_ready_wait_and_go_out_in_order() {
    let mut d = TrainDriver::new();
    assert!(d.start(small(), None).is_empty());
    assert!(d.play(0.0).is_empty());
    assert_eq!(ids(&d.ready()), vec![(1, 1, "start"), (2, 1, "chunk")]);
}

#[test]
fn playing_keeps_exactly_one_chunk_in_flight_until_paused() {
    let mut d = TrainDriver::new();
    d.ready();
    d.start(small(), None);
    let chunk = d.play(0.0);
    assert_eq!(ids(&chunk), vec![(2, 1, "chunk")]);
    assert!(d.play(1.0).is_empty(), "a second play click sends nothing");
    let after = d.reply(1, 1, false, 2.0);
    assert!(after.show && after.send.is_none(), "the start's reply");
    let after = d.reply(2, 1, false, 3.0);
    assert!(after.show);
    let next: Vec<Request> = after.send.into_iter().collect();
    assert_eq!(ids(&next), vec![(3, 1, "chunk")]);
    d.pause();
    let after = d.reply(3, 1, false, 4.0);
    assert!(
        after.show && after.send.is_none(),
        "paused: no further chunk"
    );
}

#[test]
fn a_halting_reply_stops_play() {
    let mut d = TrainDriver::new();
    d.ready();
    d.start(small(), None);
    d.play(0.0);
    let after = d.reply(2, 1, true, 1.0);
    assert!(after.show && after.send.is_none() && !d.playing());
}

#[test]
fn replies_of_a_replaced_run_are_dropped() {
    let mut d = TrainDriver::new();
    d.ready();
    d.start(small(), None);
    d.play(0.0);
    assert_eq!(ids(&d.reset()), vec![(3, 2, "reset")]);
    let stale = d.reply(2, 1, false, 1.0);
    assert!(!stale.show && stale.send.is_none());
    assert!(d.reply(3, 2, false, 2.0).show);
    assert_eq!(ids(&d.step_once(3.0)), vec![(4, 2, "step")]);
    assert_eq!(ids(&d.start(small(), None)), vec![(5, 3, "start")]);
    assert!(!d.reply(4, 2, false, 4.0).show);
}

#[test]
fn the_boundary_is_asked_for_at_most_every_200_ms_while_playing() {
    let boundary = |r: &Request| {
        matches!(
            r,
            Request::Train {
                action: TrainAction::Advance { boundary: true, .. },
                ..
            }
        )
    };
    let mut d = TrainDriver::new();
    d.ready();
    d.start(small(), None);
    let first = d.play(0.0);
    assert!(first.iter().all(boundary) && !first.is_empty());
    let asked: Vec<bool> = [50.0, 100.0, 210.0, 260.0]
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let r = d.reply(i as u64 + 2, 1, false, t).send.expect("next chunk");
            boundary(&r)
        })
        .collect();
    assert_eq!(asked, vec![false, false, true, false]);
}

/// The explorer's batch the page probes with in these tests.
const PROBE_BATCH: usize = 16;

fn probed(max_steps: usize) -> TrainAction {
    TrainAction::Advance {
        max_steps,
        budget_ms: f64::INFINITY,
        boundary: false,
        probe: Some(PROBE_BATCH),
    }
}

fn step_of_report(p: &TrainProgress) -> Option<usize> {
    p.report.as_ref().map(|r| r.step)
}

#[test]
fn the_explorer_report_comes_when_asked_at_the_step_the_chunk_ends() {
    let mut session = TrainSession::default();
    let start = run(&mut session, TrainAction::Start(small()));
    assert_eq!(start.report, None, "a start does not probe by itself");
    let zero = run(&mut session, TrainAction::Probe { batch: PROBE_BATCH });
    assert!(zero.steps.is_empty() && zero.measurements.is_empty());
    assert_eq!(step_of_report(&zero), Some(0));
    assert_eq!(run(&mut session, advance(5)).report, None);
    let asked = run(&mut session, probed(7));
    assert_eq!(step_of_report(&asked), Some(12));
    // The same figures as the core's report of a trainer at step 12.
    let mut trainer = Trainer::new(&small()).expect("valid config");
    (0..12).for_each(|_| {
        trainer.step();
    });
    let expected = Prober::new().step_report(&trainer, PROBE_BATCH);
    assert_eq!(asked.report, Some(expected));
    let report = asked.report.map(|r| r.report);
    assert!(report.is_some_and(|r| r.is_ok_and(|r| r.config.batch == PROBE_BATCH)));
}

#[test]
fn a_playing_chunk_skips_the_report_while_reports_would_take_over_a_tenth_of_the_time() {
    let mut session = TrainSession::default();
    run(&mut session, TrainAction::Start(small()));
    // The clock moves 10 ms per reading. A chunk with no time budget makes one step and reads
    // it 3 times (start, after the step, "is a report due?"); a report reads it twice, so it
    // costs 10 ms and the next is due 90 ms after it ended.
    let t = Cell::new(0.0);
    let clock = || {
        t.set(t.get() + 10.0);
        t.get()
    };
    let chunk = |session: &mut TrainSession| {
        let action = TrainAction::Advance {
            max_steps: MEASURE_EVERY,
            budget_ms: 0.0,
            boundary: false,
            probe: Some(PROBE_BATCH),
        };
        let p = session.handle(action, &clock).expect("advances");
        assert_eq!(p.steps.len(), 1);
        p.report.is_some()
    };
    // Reports end at 50, 160, 270 ms; the checks at 80 and 110 come less than 90 ms after.
    let made: Vec<bool> = (0..7).map(|_| chunk(&mut session)).collect();
    assert_eq!(made, vec![true, false, false, true, false, false, true]);
    // A single step (the page's step button) always gets its report.
    let one = session.handle(probed(1), &clock).expect("steps");
    assert!(one.report.is_some());
}

#[test]
fn a_probe_without_a_run_reports_nothing_and_is_no_error() {
    let mut session = TrainSession::default();
    let p = run(&mut session, TrainAction::Probe { batch: PROBE_BATCH });
    assert_eq!(p, TrainProgress::default());
}

#[test]
fn the_driver_asks_for_the_step_zero_report_after_a_start_and_a_reset() {
    let mut d = TrainDriver::new();
    d.ready();
    assert_eq!(
        ids(&d.start(small(), Some(PROBE_BATCH))),
        vec![(1, 1, "start"), (2, 1, "probe")]
    );
    assert_eq!(ids(&d.reset()), vec![(3, 2, "reset"), (4, 2, "probe")]);
}

fn probes(r: &Request) -> bool {
    matches!(
        r,
        Request::Train {
            action: TrainAction::Advance { probe: Some(_), .. } | TrainAction::Probe { .. },
            ..
        }
    )
}

#[test]
fn reports_are_asked_for_at_most_every_250_ms_while_playing_and_once_more_on_pause() {
    let mut d = TrainDriver::new();
    d.ready();
    d.start(small(), Some(PROBE_BATCH));
    let first = d.play(0.0);
    assert!(first.iter().all(probes) && !first.is_empty());
    let asked: Vec<bool> = [100.0, 200.0, 260.0, 300.0]
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let r = d.reply(i as u64 + 3, 1, false, t).send.expect("next chunk");
            probes(&r)
        })
        .collect();
    assert_eq!(asked, vec![false, false, true, false]);
    d.pause();
    let after = d.reply(7, 1, false, 320.0);
    let sent: Vec<Request> = after.send.into_iter().collect();
    assert_eq!(ids(&sent), vec![(8, 1, "probe")]);
    assert!(
        d.reply(8, 1, false, 330.0).send.is_none(),
        "one report, then quiet"
    );
    // A single step carries its own report: nothing more after it.
    let step = d.step_once(400.0);
    assert!(step.iter().all(probes) && !step.is_empty());
    assert!(d.reply(9, 1, false, 410.0).send.is_none());
}

#[test]
fn a_run_that_halts_while_playing_gets_its_last_report() {
    let mut d = TrainDriver::new();
    d.ready();
    d.start(small(), Some(PROBE_BATCH));
    d.play(0.0);
    let after = d.reply(3, 1, true, 1.0);
    let sent: Vec<Request> = after.send.into_iter().collect();
    assert_eq!(ids(&sent), vec![(4, 1, "probe")]);
    assert!(!d.playing());
}

#[test]
fn without_a_probe_batch_the_driver_never_asks_for_reports() {
    let mut d = TrainDriver::new();
    d.ready();
    let mut sent = d.start(small(), None);
    sent.extend(d.play(0.0));
    d.pause();
    sent.extend(d.reply(2, 1, false, 300.0).send);
    sent.extend(d.step_once(400.0));
    assert!(!sent.is_empty() && !sent.iter().any(probes));
}
