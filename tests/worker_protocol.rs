//! The page ↔ worker protocol: messages survive the wire bit for bit, the worker answers like
//! the core, and the page's queue keeps the last change and drops stale replies.

use gradient_flow_explorer::sim::mixed::{simulate_mixed, LossScale, MixedPrecision};
use gradient_flow_explorer::sim::numeric::Precision;
use gradient_flow_explorer::sim::{simulate, simulate_seeds, Activation, Config, Init, MlpNet};
use gradient_flow_explorer::worker::queue::{AfterReply, FirstThenWhole, RequestQueue};
use gradient_flow_explorer::worker::serve::Server;
use gradient_flow_explorer::worker::{decode, encode, Request, Response, Worked};

fn overflowing() -> Config {
    Config {
        net: MlpNet {
            activation: Activation::Relu,
            init: Init::RandomNormal,
            depth: 60,
            ..MlpNet::default()
        },
        ..Config::default()
    }
}

#[test]
fn a_request_round_trips() {
    let request = Request::Simulate {
        id: 7,
        config: overflowing(),
        mixed: MixedPrecision::default(),
        spread_seeds: 5,
    };
    assert_eq!(decode::<Request>(&encode(&request)), Ok(request));
}

#[test]
fn a_report_with_nan_and_infinity_round_trips_bit_for_bit() {
    let report = simulate(&overflowing()).expect("valid config");
    let values: Vec<f64> = report.layers.iter().map(|l| l.signal_grad_norm).collect();
    assert!(
        values.iter().any(|v| !v.is_finite()),
        "this config must overflow, so the test covers non-finite values: {values:?}"
    );
    let response = Response::Simulated {
        id: 3,
        report: Ok(report.clone()),
        spread: None,
        worked: Worked::default(),
    };
    let back = decode::<Response>(&encode(&response)).expect("decodes");
    let Response::Simulated {
        report: Ok(back), ..
    } = back
    else {
        panic!("not a report: {back:?}")
    };
    let bits = |r: &gradient_flow_explorer::sim::Report| -> Vec<u64> {
        r.layers
            .iter()
            .flat_map(|l| {
                [
                    l.signal_grad_norm,
                    l.weight_grad_norm,
                    l.act_mean,
                    l.act_std,
                ]
            })
            .map(f64::to_bits)
            .collect()
    };
    assert_eq!(bits(&back), bits(&report));
    assert_eq!(back.config, report.config);
    assert_eq!(back.summary.diagnosis, report.summary.diagnosis);
}

#[test]
fn garbage_is_an_error_not_a_panic() {
    assert!(decode::<Request>(&[0xff, 0xff, 0xff]).is_err());
    let reply = Server::new().handle_bytes(&[0xff, 0xff, 0xff, 0xff, 9]);
    assert!(matches!(
        decode::<Response>(&reply),
        Ok(Response::Refused { .. })
    ));
}

#[test]
fn the_worker_answers_like_the_core() {
    let config = Config {
        net: MlpNet {
            activation: Activation::Tanh,
            init: Init::XavierNormal,
            depth: 12,
            width: 32,
            ..MlpNet::default()
        },
        ..Config::default()
    };
    let mut server = Server::new();
    let request = Request::Simulate {
        id: 1,
        config: config.clone(),
        mixed: MixedPrecision::default(),
        spread_seeds: 3,
    };
    let reply = decode::<Response>(&server.handle_bytes(&encode(&request)));
    assert_eq!(
        reply,
        Ok(Response::Simulated {
            id: 1,
            report: simulate(&config).map_err(|e| e.to_string()),
            spread: simulate_seeds(&config, 3).ok(),
            // `Server::new` has no clock: its times are all 0.
            worked: Worked::default(),
        })
    );
    let bad = Config {
        net: MlpNet {
            depth: 0,
            ..config.net
        },
        ..config
    };
    let reply = server.handle(Request::Simulate {
        id: 2,
        config: bad,
        mixed: MixedPrecision::default(),
        spread_seeds: 3,
    });
    assert!(
        matches!(
            &reply,
            Response::Simulated {
                id: 2,
                report: Err(_),
                spread: None,
                ..
            }
        ),
        "{reply:?}"
    );
}

#[test]
fn a_prefetch_draws_in_chunks_and_the_report_is_unchanged() {
    let now = Config {
        net: MlpNet {
            depth: 6,
            width: 32,
            ..MlpNet::default()
        },
        ..Config::default()
    };
    let next = Config {
        seed: 41,
        ..now.clone()
    };
    let mut server = Server::new();
    let simulate_request = |id, config: &Config| Request::Simulate {
        id,
        config: config.clone(),
        mixed: MixedPrecision::default(),
        spread_seeds: 0,
    };
    server.handle(simulate_request(1, &now));
    let prefetch = Request::Prefetch {
        configs: vec![next.clone()],
        floats: 4 * 32 * 32,
    };
    let reply = |server: &mut Server| decode::<Response>(&server.handle_bytes(&encode(&prefetch)));
    assert_eq!(reply(&mut server), Ok(Response::Prefetched { more: true }));
    assert_eq!(reply(&mut server), Ok(Response::Prefetched { more: false }));
    assert!(matches!(
        server.handle(simulate_request(2, &next)),
        Response::Simulated { id: 2, report, .. } if report == simulate(&next).map_err(|e| e.to_string())
    ));
}

#[test]
fn a_reply_says_when_the_worker_started_and_finished_by_its_clock() {
    // A clock that moves 1 ms per reading: the start is read before the run, the end after.
    let ticks = std::cell::Cell::new(0.0);
    let clock = move || {
        ticks.set(ticks.get() + 1.0);
        ticks.get()
    };
    let mut server = Server::with_clock(Box::new(clock));
    let reply = server.handle(Request::Simulate {
        id: 1,
        config: Config::default(),
        mixed: MixedPrecision::default(),
        spread_seeds: 0,
    });
    let Response::Simulated { worked, .. } = reply else {
        panic!("not a simulation reply: {reply:?}")
    };
    assert_eq!(
        worked,
        Worked {
            start_ms: 1.0,
            end_ms: 2.0
        }
    );
}

fn shown() -> AfterReply<&'static str> {
    AfterReply {
        show: true,
        send: None,
    }
}

#[test]
fn nothing_is_sent_before_the_worker_is_ready() {
    let mut q = RequestQueue::new();
    assert_eq!(q.submit("a"), None);
    assert_eq!(q.submit("b"), None);
    assert!(q.busy());
    assert_eq!(q.ready(), Some((1, "b")), "only the newest job goes out");
    assert_eq!(q.reply(1), shown());
    assert!(!q.busy());
}

#[test]
fn one_request_in_flight_and_the_newest_job_waiting() {
    let mut q = RequestQueue::new();
    assert_eq!(q.ready(), None);
    assert_eq!(q.submit("d20"), Some((1, "d20")));
    for job in ["d21", "d22", "d40"] {
        assert_eq!(
            q.submit(job),
            None,
            "{job} waits behind the request in flight"
        );
    }
    assert_eq!(
        q.reply(1),
        AfterReply {
            show: false,
            send: Some((2, "d40"))
        },
        "the stale reply is dropped and the newest job sent"
    );
    assert!(q.busy());
    assert_eq!(q.reply(2), shown());
    assert!(!q.busy());
}

#[test]
fn unknown_or_repeated_replies_are_ignored() {
    let mut q = RequestQueue::new();
    q.ready();
    assert_eq!(q.submit("a"), Some((1, "a")));
    let ignored = AfterReply {
        show: false,
        send: None,
    };
    assert_eq!(q.reply(9), ignored);
    assert_eq!(q.reply(1), shown());
    assert_eq!(q.reply(1), ignored, "a reply is used once");
}

#[test]
fn a_job_equal_to_the_newest_is_not_sent_again() {
    let mut q = RequestQueue::new();
    q.ready();
    assert_eq!(q.submit("a"), Some((1, "a")));
    assert_eq!(q.reply(1), shown());
    assert_eq!(q.submit("a"), None, "already shown");
    assert!(!q.busy());
    assert_eq!(q.submit("b"), Some((2, "b")));
    assert_eq!(q.submit("c"), None);
    assert_eq!(
        q.submit("b"),
        None,
        "back to the job in flight: nothing waits"
    );
    assert_eq!(q.reply(2), shown());
    assert!(!q.busy());
}

#[test]
fn two_queues_on_one_worker_tell_their_replies_apart() {
    let mut explorer = RequestQueue::new();
    let mut quick_fix = RequestQueue::with_first_id(1 << 62);
    explorer.ready();
    quick_fix.ready();
    assert_eq!(explorer.submit("d20"), Some((1, "d20")));
    assert_eq!(quick_fix.submit("fix"), Some((1 << 62, "fix")));
    let ignored = AfterReply {
        show: false,
        send: None,
    };
    assert_eq!(explorer.reply(1 << 62), ignored, "not the explorer's reply");
    assert_eq!(quick_fix.reply(1 << 62), shown());
    assert_eq!(explorer.reply(1), shown());
}

#[test]
fn a_float16_request_is_answered_in_float16_and_float32_stays_the_explorers_pass() {
    // The same server (its draws cached) answers float32, float16 and float32 again: each
    // reply is exactly what the core gives for that format.
    let config = Config {
        net: MlpNet {
            activation: Activation::Sigmoid,
            init: Init::XavierNormal,
            depth: 12,
            width: 32,
            ..MlpNet::default()
        },
        ..Config::default()
    };
    let float16 = MixedPrecision {
        precision: Precision::Float16,
        loss_scale: LossScale::Dynamic,
    };
    let mut server = Server::new();
    for (id, mixed) in [
        (1, MixedPrecision::default()),
        (2, float16),
        (3, MixedPrecision::default()),
    ] {
        let request = Request::Simulate {
            id,
            config: config.clone(),
            mixed,
            spread_seeds: 0,
        };
        let Ok(Response::Simulated {
            report: Ok(report), ..
        }) = decode::<Response>(&server.handle_bytes(&encode(&request)))
        else {
            panic!("no report for request {id}")
        };
        let expected = simulate_mixed(&config, &mixed).expect("valid config");
        assert_eq!(report, expected, "request {id}");
        assert_eq!(report.mixed.is_some(), !mixed.is_float32(), "request {id}");
        if mixed.is_float32() {
            assert_eq!(report, simulate(&config).expect("valid config"));
        }
    }
}

/// A mode's change is answered by its first seed, then by its whole seed band; a newer change
/// drops both, and asking again for what is shown or pending sends nothing.
#[test]
fn first_the_first_seed_then_the_whole_band() {
    let mut q = FirstThenWhole::new();
    q.ready();
    assert_eq!(q.submit("a×5", Some("a×1")), Some((1, "a×1")));
    assert!(q.busy());
    assert_eq!(q.submit("a×5", Some("a×1")), None, "the same change again");
    assert_eq!(
        q.reply(1),
        AfterReply {
            show: true,
            send: Some((2, "a×5"))
        },
        "the first seed is shown and the band goes out"
    );
    assert!(q.busy());
    assert_eq!(q.reply(2), shown());
    assert!(!q.busy());
    assert_eq!(
        q.submit("a×5", Some("a×1")),
        None,
        "the band is shown already"
    );
    // A newer change while the first seed is computed: the stale reply is dropped, the
    // newer first seed goes out, and only its band follows.
    assert_eq!(q.submit("b×5", Some("b×1")), Some((3, "b×1")));
    assert_eq!(q.submit("c×5", Some("c×1")), None);
    assert_eq!(
        q.reply(3),
        AfterReply {
            show: false,
            send: Some((4, "c×1"))
        }
    );
    assert_eq!(q.reply(4).send, Some((5, "c×5")));
    assert_eq!(q.reply(5), shown());
    // A job without a cheaper first part goes out whole.
    assert_eq!(q.submit("d×1", None), Some((6, "d×1")));
    assert_eq!(q.reply(6), shown());
    assert!(!q.busy());
}
