//! The simulator's memory, counted by this test binary's allocator: a new seed of a large
//! network does not hold two seeds' weights at once (a wasm memory keeps its peak for good),
//! and a long run of changes does not grow what stays allocated.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::Mutex;

use gradient_flow_explorer::page::edit::{apply, batch_limit, Edit, PAGE_MEMORY_BUDGET};
use gradient_flow_explorer::sim::config::simulation_bytes;
use gradient_flow_explorer::sim::{Activation, Config, Init, MlpNet, Norm, Residual, Simulator};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// The counters are global: tests that read them take turns.
static TURN: Mutex<()> = Mutex::new(());

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Peak bytes allocated during `f` above what was allocated when it started.
fn peak_during(f: impl FnOnce()) -> usize {
    let start = LIVE.load(Relaxed);
    PEAK.store(start, Relaxed);
    f();
    PEAK.load(Relaxed) - start
}

#[test]
fn a_new_seed_of_a_large_network_does_not_keep_the_old_weights_while_sampling() {
    let _turn = TURN.lock();
    // 20 × 1024² floats = 84 MB of weights, more than the cache keeps for other seeds.
    let cfg = Config {
        net: MlpNet {
            depth: 20,
            width: 1024,
            ..MlpNet::default()
        },
        batch: 4,
        ..Config::default()
    };
    let weights = 20 * 1024 * 1024 * 4;
    let mut sim = Simulator::new();
    let first = peak_during(|| drop(sim.run(&cfg)));
    let reseeded = peak_during(|| {
        drop(sim.run(&Config {
            seed: 1,
            ..cfg.clone()
        }))
    });
    assert!(
        first >= weights,
        "the first run holds its weights ({first} bytes)"
    );
    assert!(
        reseeded < first / 2 + weights / 4,
        "a new seed allocated {reseeded} bytes at its peak above the cached {first}: \
         the old seed's weights were still held while the new ones were sampled"
    );
}

#[test]
fn two_hundred_changes_do_not_grow_what_stays_allocated() {
    let _turn = TURN.lock();
    let mut cfg = Config {
        net: MlpNet {
            depth: 20,
            width: 128,
            activation: Activation::Tanh,
            init: Init::XavierNormal,
            ..MlpNet::default()
        },
        batch: 16,
        ..Config::default()
    };
    let mut sim = Simulator::new();
    let mut live_after = Vec::new();
    for change in 1..=200u64 {
        cfg = apply(
            &cfg,
            &if change % 2 == 0 {
                Edit::Resample { draw: change }
            } else {
                Edit::Depth(if change % 4 == 1 { 19 } else { 20 })
            },
        );
        drop(sim.run(&cfg));
        if change == 120 || change == 200 {
            live_after.push(LIVE.load(Relaxed));
        }
    }
    // By change 120 the cache of other seeds' weights is full (64 MB ÷ 1.3 MB per seed). A
    // few bytes may differ (the test harness allocates too); one leaked layer is 64 KB.
    let (at_120, at_200) = (live_after[0], live_after[1]);
    assert!(
        at_200 < at_120 + 4096,
        "bytes still allocated grew from {at_120} after 120 changes to {at_200} after 200"
    );
}

#[test]
fn the_controls_never_reach_a_network_over_the_page_budget() {
    let _turn = TURN.lock();
    let largest = Config {
        net: MlpNet {
            depth: 100,
            width: 512,
            ..MlpNet::default()
        },
        batch: 1024,
        ..Config::default()
    };
    for residual in [Residual::None, Residual::Identity] {
        for norm in [Norm::None, Norm::Batch] {
            for activation in [Activation::Tanh, Activation::Gelu] {
                let asked = Config {
                    net: MlpNet {
                        residual,
                        norm,
                        activation,
                        ..largest.net
                    },
                    ..largest.clone()
                };
                let cfg = apply(&asked, &Edit::Batch(1024));
                let limit = batch_limit(&cfg);
                assert_eq!(cfg.batch, limit);
                assert!(simulation_bytes(&cfg) <= PAGE_MEMORY_BUDGET, "{cfg:?}");
                let one_more = Config {
                    batch: limit + 1,
                    ..cfg.clone()
                };
                assert!(
                    simulation_bytes(&one_more) > PAGE_MEMORY_BUDGET,
                    "{cfg:?} could be larger"
                );
            }
        }
    }
    // Small networks keep the field's maximum.
    assert_eq!(batch_limit(&Config::default()), 1024);
}
