//! The reverse task with a helper worker (`worker::split`, `sim::transformer::shard`): a
//! training worker whose every update sends one shard to a helper `Server` gives the page the
//! very replies a worker without one gives — the same steps, losses and test records, bit for
//! bit, the helper's copy of the run following every run the page starts —, the page's requests
//! that come while a chunk waits are answered after it, in order, a chunk stops on its budget,
//! and a helper's failure (or a copy it lacks) is a reply, not a hang.

mod task_support;

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use gradient_flow_explorer::sim::transformer::shard::{
    ShardHelper, ShardJob, ShardOutcome, ShardWork,
};
use gradient_flow_explorer::sim::transformer::task::ReverseConfig;
use gradient_flow_explorer::sim::transformer::train::ReverseTrainer;
use gradient_flow_explorer::sim::transformer::Placement;
use gradient_flow_explorer::worker::reverse::{ReverseAction, ReverseProgress};
use gradient_flow_explorer::worker::serve::Server;
use gradient_flow_explorer::worker::{decode, encode, Request, Response};

use task_support::small_reverse as small;

/// A training worker joined to a helper; what the lead posts to the helper waits in `jobs`.
struct Pair {
    lead: Server,
    helper: Server,
    jobs: Rc<RefCell<VecDeque<Vec<u8>>>>,
}

impl Pair {
    fn new(clock: Box<dyn Fn() -> f64>) -> Pair {
        let jobs: Rc<RefCell<VecDeque<Vec<u8>>>> = Rc::default();
        let mut lead = Server::with_clock(clock);
        let queue = jobs.clone();
        lead.set_helper(Box::new(move |bytes| queue.borrow_mut().push_back(bytes)));
        Pair {
            lead,
            helper: Server::new(),
            jobs,
        }
    }

    /// Posts `requests` from the page, then lets the two workers talk until the lead waits for
    /// nothing; every reply to the page, in order, as bytes.
    fn exchange_bytes(&mut self, requests: &[Request]) -> Vec<Vec<u8>> {
        let mut replies: Vec<Vec<u8>> = Vec::new();
        for r in requests {
            replies.extend(self.lead.on_page(&encode(r)));
        }
        loop {
            let job = self.jobs.borrow_mut().pop_front();
            let Some(job) = job else { break };
            if let Some(answer) = self.helper.on_lead(&job) {
                replies.extend(self.lead.on_helper(&answer));
            }
        }
        replies
    }

    fn exchange(&mut self, requests: &[Request]) -> Vec<Response> {
        let replies = self.exchange_bytes(requests).into_iter();
        replies.map(|b| decode(&b).expect("a reply")).collect()
    }
}

fn reverse(id: u64, action: ReverseAction) -> Request {
    Request::Reverse { id, run: 1, action }
}

fn advance(id: u64, max_steps: usize) -> Request {
    let action = ReverseAction::Advance {
        max_steps,
        budget_ms: f64::INFINITY,
    };
    reverse(id, action)
}

fn progress(r: &Response) -> &Result<ReverseProgress, String> {
    match r {
        Response::Reversed { progress, .. } => progress,
        other => panic!("not a reverse reply: {other:?}"),
    }
}

/// The requests of a run of `cfg` in chunks of 7 to its end, then one more chunk.
fn run_in_chunks(cfg: &ReverseConfig) -> Vec<Request> {
    let mut requests = vec![reverse(1, ReverseAction::Start(cfg.clone()))];
    let chunks = cfg.steps.div_ceil(7) as u64 + 1;
    requests.extend((0..chunks).map(|i| advance(2 + i, 7)));
    requests
}

#[test]
fn a_helped_worker_replies_exactly_as_one_without_a_helper() {
    let diverging = ReverseConfig {
        placement: Placement::NoNorm,
        blocks: 6,
        lr: 1.0,
        steps: 40,
        ..small()
    };
    for cfg in [small(), diverging] {
        let requests = run_in_chunks(&cfg);
        let mut alone = Server::new();
        let expected: Vec<Vec<u8>> = requests
            .iter()
            .map(|r| alone.handle_bytes(&encode(r)))
            .collect();
        let mut pair = Pair::new(Box::new(|| 0.0));
        // One request at a time, as a page with one chunk in flight sends them; the bytes
        // compare every value's bits (NaN losses included).
        let bytes: Vec<Vec<u8>> = requests
            .iter()
            .flat_map(|r| pair.exchange_bytes(std::slice::from_ref(r)))
            .collect();
        assert!(bytes == expected, "{:?}: the replies differ", cfg.placement);
        let got: Vec<Response> = bytes.iter().map(|b| decode(b).expect("a reply")).collect();
        let steps: usize = got
            .iter()
            .map(|r| progress(r).as_ref().map_or(0, |p| p.losses.len()))
            .sum();
        assert!(steps > 0, "updates were made");
        let halted = got
            .iter()
            .any(|r| progress(r).as_ref().is_ok_and(|p| p.nonfinite_at.is_some()));
        assert_eq!(
            halted,
            cfg.lr == 1.0,
            "the diverging run halts, the other does not"
        );
    }
}

#[test]
fn requests_that_come_while_a_chunk_waits_are_answered_after_it_in_order() {
    let mut pair = Pair::new(Box::new(|| 0.0));
    let start = reverse(1, ReverseAction::Start(small()));
    assert_eq!(pair.exchange(&[start]).len(), 1);
    let (first, reset, second) = (
        advance(2, 30),
        reverse(3, ReverseAction::Reset),
        advance(4, 30),
    );
    let replies = pair.exchange(&[first, reset, second]);
    let ids: Vec<u64> = replies
        .iter()
        .map(|r| match r {
            Response::Reversed { id, .. } => *id,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(ids, vec![2, 3, 4]);
    // The reset replays the run: the chunk after it is the first chunk again.
    assert_eq!(progress(&replies[0]), progress(&replies[2]));
    assert_eq!(
        progress(&replies[2]).as_ref().map(|p| p.losses.len()),
        Ok(30)
    );
}

#[test]
fn a_helped_chunk_stops_once_its_budget_is_spent() {
    let now = Rc::new(Cell::new(0.0));
    let clock = now.clone();
    let mut pair = Pair::new(Box::new(move || clock.get()));
    pair.exchange(&[reverse(1, ReverseAction::Start(small()))]);
    let budget = reverse(
        2,
        ReverseAction::Advance {
            max_steps: 100,
            budget_ms: 40.0,
        },
    );
    assert!(
        pair.lead.on_page(&encode(&budget)).is_empty(),
        "the chunk waits for the helper"
    );
    // Each helper reply comes 15 ms after the job: the budget is spent after three updates.
    let mut replies = Vec::new();
    loop {
        let job = pair.jobs.borrow_mut().pop_front();
        let Some(job) = job else { break };
        if let Some(answer) = pair.helper.on_lead(&job) {
            now.set(now.get() + 15.0);
            replies.extend(pair.lead.on_helper(&answer));
        }
    }
    let reply: Response = decode(&replies[0]).expect("a reply");
    assert_eq!(progress(&reply).as_ref().map(|p| p.losses.len()), Ok(3));
}

#[test]
fn a_helpers_failure_is_a_reply_and_the_next_chunk_sends_a_new_copy() {
    let mut pair = Pair::new(Box::new(|| 0.0));
    pair.exchange(&[reverse(1, ReverseAction::Start(small()))]);
    assert!(pair.lead.on_page(&encode(&advance(2, 5))).is_empty());
    // The run's copy, the second shard, the first shard's gradients.
    assert_eq!(pair.jobs.borrow().len(), 3);
    let garbage = encode(&Response::Shard {
        outcome: Err("out of memory".into()),
    });
    pair.jobs.borrow_mut().clear();
    let replies = pair.lead.on_helper(&garbage);
    let reply: Response = decode(&replies[0]).expect("a reply");
    let e = progress(&reply).clone().expect_err("the chunk failed");
    assert!(e.contains("out of memory"), "{e}");
    // The helper never got its copy: the lead sends one with the next chunk, which trains.
    let next = pair.exchange(&[advance(3, 2)]);
    let losses = progress(&next[0]).as_ref().map(|p| p.losses.len());
    assert_eq!(losses, Ok(2));
}

#[test]
fn a_helper_without_a_good_copy_says_so_instead_of_answering() {
    let gradients = |steps_done| ShardJob {
        steps_done,
        work: ShardWork::Gradients(vec![0; 16 * 8]),
    };
    let mut helper = ShardHelper::new();
    let e = helper
        .run(gradients(0))
        .expect("an answer")
        .expect_err("no copy");
    assert!(e.contains("no copy"), "{e}");
    // A copy whose parameters do not fit the model is no copy.
    let mut copy = ReverseTrainer::new(&small()).expect("a run").copy_job();
    let good = copy.clone();
    if let ShardWork::Copy(c) = &mut copy.work {
        c.params.truncate(3);
    }
    assert_eq!(helper.run(copy), None, "a copy has no answer");
    assert!(helper.run(gradients(0)).expect("an answer").is_err());
    // A good copy at step 0 works step 0's jobs, and refuses another step's.
    assert_eq!(helper.run(good), None);
    let worked = helper.run(gradients(0)).expect("an answer");
    assert!(
        matches!(worked, Ok(ShardOutcome::Gradients(_))),
        "{worked:?}"
    );
    let e = helper
        .run(gradients(4))
        .expect("an answer")
        .expect_err("a wrong step");
    assert!(e.contains("step 0, not 4"), "{e}");
    // The page cannot send a helper's job.
    let job = encode(&Request::Shard { job: gradients(0) });
    let refused = decode::<Response>(&Server::new().handle_bytes(&job)).expect("a reply");
    assert!(matches!(refused, Response::Refused { .. }), "{refused:?}");
}
