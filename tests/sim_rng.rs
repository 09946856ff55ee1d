//! The core's vectorised ChaCha12 gives exactly `rand`'s `StdRng` words (the stream every
//! golden fingerprint and reference seed was drawn from), across several 4-block refills,
//! natively and in the browser (`cargo test --target wasm32-unknown-unknown --test sim_rng`).

use gradient_flow_explorer::sim::rng::ChaCha12;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn chacha12_words_equal_std_rng() {
    for seed in [0, 1, 42, 0x9E37_79B9_7F4A_7C15, u64::MAX] {
        let mut ours = ChaCha12::seed_from_u64(seed);
        let mut theirs = StdRng::seed_from_u64(seed);
        // 1000 words span 31 refills of 32 words each.
        for i in 0..1000 {
            assert_eq!(ours.next_u64(), theirs.next_u64(), "seed {seed}, word {i}");
        }
    }
}
