//! The packed kernel gives exactly the bits of the plain triple loop (same summation order),
//! with B packed as it goes or ahead of time, with every register tile and on every instruction set this CPU can run (baseline and, where
//! detected, AVX2 and AVX-512) — natively, and in the browser (`cargo test --target wasm32-unknown-unknown
//! --test sim_matmul`), where the default tile differs from the native AVX2 one.
//! One test function: `simd::force` and `matmul::force_tile` are process-wide, so no other test
//! here may race them.

use gradient_flow_explorer::sim::matmul::{force_tile, naive, Gemm, PackedB, Tile, View};
use gradient_flow_explorer::sim::simd::{force, Isa};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn packed_kernel_is_bit_identical_to_naive_on_every_tile_and_instruction_set() {
    #[cfg(target_arch = "x86_64")]
    assert_eq!(
        Isa::available().contains(&Isa::Avx2),
        std::arch::is_x86_feature_detected!("avx2")
    );
    #[cfg(target_arch = "x86_64")]
    assert_eq!(
        Isa::available().contains(&Isa::Avx512),
        std::arch::is_x86_feature_detected!("avx512f")
    );
    for isa in Isa::available() {
        assert!(force(Some(isa)));
        assert_eq!(Isa::current(), isa);
        for tile in Tile::ALL {
            force_tile(Some(tile));
            assert_eq!(Tile::current(), tile);
            packed_kernel_is_bit_identical_to_naive(&format!("{isa:?}, {tile:?}"));
        }
        force_tile(None);
        assert_eq!(Tile::current(), Tile::default_here());
        packed_kernel_is_bit_identical_to_naive(&format!("{isa:?}, default tile"));
    }
    assert!(force(None));
}

fn bits(v: &[f32]) -> Vec<u32> {
    v.iter().map(|x| x.to_bits()).collect()
}

fn packed_kernel_is_bit_identical_to_naive(how: &str) {
    let mut g = Gemm::default();
    let mut state = 12345u64;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 40) as f32 / (1u64 << 24) as f32 - 0.5) * 3.0
    };
    // Shapes that are not multiples of any tile (1, 3, 5, 7, 13, 25, 33, 47 …) and some that are.
    for (n, k, m) in [
        (1, 1, 1),
        (7, 13, 7),
        (13, 7, 13),
        (3, 5, 7),
        (9, 31, 33),
        (1, 64, 1),
        (4, 16, 16),
        (5, 33, 17),
        (64, 64, 64),
        (13, 100, 47),
        (8, 1, 40),
        (6, 12, 25),
        (11, 9, 12),
        (2, 3, 8),
    ] {
        let a: Vec<f32> = (0..n * k).map(|_| next()).collect();
        let b: Vec<f32> = (0..k * m).map(|_| next()).collect();
        let mut c = vec![f32::NAN; n * m];
        g.run(n, k, m, View::rows(&a, k), View::rows(&b, m), &mut c);
        let want = naive(n, k, m, View::rows(&a, k), View::rows(&b, m));
        assert_eq!(bits(&c), bits(&want), "{n}×{k}×{m} on {how}");
        // Transposed operands (strided views), each read through a float32 scale as the
        // network reads its weights.
        let at: Vec<f32> = (0..k * n).map(|_| next()).collect();
        let (av, bv) = (View::transposed(&at, n), View::transposed(&b, k));
        for (sa, sb) in [(None, None), (Some(0.37), None), (None, Some(1.9))] {
            let (av, bv) = (av.scaled(sa), bv.scaled(sb));
            c.fill(f32::NAN);
            g.run(n, k, m, av, bv, &mut c);
            let want = naive(n, k, m, av, bv);
            assert_eq!(
                bits(&c),
                bits(&want),
                "transposed {n}×{k}×{m} {sa:?} {sb:?} on {how}"
            );
        }
        let (av, bv) = (
            View::rows(&a, k).scaled(Some(0.7)),
            View::rows(&b, m).scaled(Some(3.1)),
        );
        g.run(n, k, m, av, bv, &mut c);
        assert_eq!(
            bits(&c),
            bits(&naive(n, k, m, av, bv)),
            "scaled {n}×{k}×{m} on {how}"
        );
        // B packed ahead, plain and transposed (a recurrent pass's W_hh and W_hhᵀ).
        for bv in [View::rows(&b, m), View::transposed(&b, k)] {
            let packed = PackedB::new(k, m, bv);
            c.fill(f32::NAN);
            g.run_packed(n, View::rows(&a, k), &packed, &mut c);
            let want = naive(n, k, m, View::rows(&a, k), bv);
            assert_eq!(bits(&c), bits(&want), "packed B {n}×{k}×{m} on {how}");
        }
        // The lower triangle of a Gram product X·Xᵀ (X n×k), as `weight_grad` asks for it.
        let (x, xt) = (View::rows(&a, k), View::transposed(&a, k));
        let mut lower = vec![f32::NAN; n * n];
        g.run_lower(n, k, x, xt, &mut lower);
        let full = naive(n, k, n, x, xt);
        for i in 0..n {
            let row = i * n..i * n + i + 1;
            assert_eq!(
                bits(&lower[row.clone()]),
                bits(&full[row]),
                "lower {n}×{k} on {how}"
            );
        }
    }
}
