//! Helpers shared by the tests of the two sequence-task training panels (the recurrent
//! latching task, the transformer's reverse task): their worker protocol (`worker_latching.rs`,
//! `worker_reverse.rs`) and their page model (`recurrent_train_page.rs`,
//! `transformer_train_page.rs`: random settings, the URL part through `page::task_train`).
#![allow(dead_code)]

use std::fmt::Debug;

use gradient_flow_explorer::page::task_train::{parse, to_query, TaskParsed, TaskSettings};
use gradient_flow_explorer::worker::serve::Server;
use gradient_flow_explorer::worker::task::{Progress, TaskAction, TaskKind, TaskRun};
use gradient_flow_explorer::worker::{decode, encode, Response};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// A reverse-task run small enough for many chunks in a test: 2 blocks of width 16, 60 steps.
pub fn small_reverse() -> gradient_flow_explorer::sim::transformer::task::ReverseConfig {
    gradient_flow_explorer::sim::transformer::task::ReverseConfig {
        blocks: 2,
        width: 16,
        heads: 2,
        steps: 60,
        ..Default::default()
    }
}

type ConfigOf<K> = <<K as TaskKind>::Run as TaskRun>::Config;
type RecordOf<K> = <<K as TaskKind>::Run as TaskRun>::Record;

/// A chunk of up to `max_steps` updates, with no time budget.
pub fn advance<C>(max_steps: usize) -> TaskAction<C> {
    TaskAction::Advance {
        max_steps,
        budget_ms: f64::INFINITY,
    }
}

/// Sends `action` (request `id` of run `run`) through bytes, as the page does, and checks
/// the reply answers it.
pub fn ask<K: TaskKind>(
    server: &mut Server,
    id: u64,
    run: u64,
    action: TaskAction<ConfigOf<K>>,
) -> Result<Progress<K::Run>, String> {
    let bytes = encode(&K::request(id, run, action));
    let response = decode::<Response>(&server.handle_bytes(&bytes)).expect("a reply");
    let Some((got, got_run, progress)) = K::reply(response.clone()) else {
        panic!("not a reply of this task: {response:?}");
    };
    assert_eq!((got, got_run), (id, run));
    progress
}

/// A fresh worker's run of `cfg` in uneven chunks of 7 updates to its end: every record
/// (the step-0 one first) and every (step, batch loss).
pub fn train_in_chunks<K: TaskKind>(
    cfg: &ConfigOf<K>,
    run: u64,
) -> (Vec<RecordOf<K>>, Vec<(usize, f64)>) {
    let mut server = Server::new();
    let start = ask::<K>(&mut server, 1, run, TaskAction::Start(cfg.clone())).expect("valid");
    let mut records = start.records;
    let mut losses = Vec::new();
    for id in 2.. {
        let p = ask::<K>(&mut server, id, run, advance(7)).expect("a run");
        records.extend(p.records);
        losses.extend(p.losses);
        if p.finished {
            break;
        }
        assert!(id < 20, "the run did not finish");
    }
    (records, losses)
}

/// A uniform draw from `lo..hi` (floats) of `rng`.
pub fn uniform(rng: &mut StdRng, lo: f64, hi: f64) -> f64 {
    lo + (hi - lo) * (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// A uniform whole number in `lo..hi`.
pub fn whole(rng: &mut StdRng, lo: usize, hi: usize) -> usize {
    lo + (rng.next_u64() % (hi - lo) as u64) as usize
}

/// The `key=value` pairs of a query.
pub fn pairs(q: &str) -> Vec<(&str, &str)> {
    q.split('&').filter_map(|kv| kv.split_once('=')).collect()
}

/// A closed panel writes nothing, and 300 settings drawn by `draw` (seeded `seed`) read back
/// from the address exactly, without a warning.
pub fn assert_url_round_trips<S: TaskSettings + Debug>(seed: u64, draw: impl Fn(&mut StdRng) -> S) {
    assert_eq!(to_query(false, &S::default()), "");
    let mut rng = StdRng::seed_from_u64(seed);
    for _ in 0..300 {
        let s = draw(&mut rng);
        let q = to_query(true, &s);
        let mut warnings = Vec::new();
        let back: TaskParsed<S> = parse(pairs(&q), &mut warnings);
        assert!(back.open && warnings.is_empty(), "{q}: {warnings:?}");
        assert_eq!(back.settings, s, "{q}");
    }
}

/// The keys of `q` are not the panel's: it stays closed at its defaults, without a warning.
pub fn assert_not_the_panels<S: TaskSettings + Debug>(q: &str) {
    let mut warnings = Vec::new();
    let other: TaskParsed<S> = parse(pairs(q), &mut warnings);
    assert!(!other.open && warnings.is_empty());
    assert_eq!(other.settings, S::default());
}

/// 2000 queries giving each of `keys` a value among `junk` (seeded `seed`) never panic and
/// read into settings `ok` accepts.
pub fn assert_junk_is_survived<S: TaskSettings + Debug>(
    keys: &[&str],
    junk: &[&str],
    seed: u64,
    ok: impl Fn(&S) -> bool,
) {
    let mut rng = StdRng::seed_from_u64(seed);
    for _ in 0..2000 {
        let q: Vec<(&str, &str)> = keys
            .iter()
            .map(|k| (*k, junk[whole(&mut rng, 0, junk.len())]))
            .collect();
        let mut w = Vec::new();
        let p: TaskParsed<S> = parse(q.iter().copied(), &mut w);
        assert!(ok(&p.settings), "{q:?}: {:?}", p.settings);
    }
}
