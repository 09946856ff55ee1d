//! The packed kernel gives exactly the bits of the plain triple loop (same summation order),
//! on every instruction set this CPU can run (baseline and, where detected, AVX2).
//! One test function: `simd::force` is process-wide, so no other test here may race it.

use gradient_flow_explorer::sim::matmul::{naive, Gemm, View};
use gradient_flow_explorer::sim::simd::{force, Isa};

#[test]
fn packed_kernel_is_bit_identical_to_naive_on_every_instruction_set() {
    #[cfg(target_arch = "x86_64")]
    assert_eq!(
        Isa::available().contains(&Isa::Avx2),
        std::arch::is_x86_feature_detected!("avx2")
    );
    for isa in Isa::available() {
        assert!(force(Some(isa)));
        assert_eq!(Isa::current(), isa);
        packed_kernel_is_bit_identical_to_naive(isa);
    }
    assert!(force(None));
}

fn packed_kernel_is_bit_identical_to_naive(isa: Isa) {
    let mut g = Gemm::default();
    let mut state = 12345u64;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 40) as f32 / (1u64 << 24) as f32 - 0.5) * 3.0
    };
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
    ] {
        let a: Vec<f32> = (0..n * k).map(|_| next()).collect();
        let b: Vec<f32> = (0..k * m).map(|_| next()).collect();
        let mut c = vec![f32::NAN; n * m];
        g.run(n, k, m, View::rows(&a, k), View::rows(&b, m), &mut c);
        let want = naive(n, k, m, View::rows(&a, k), View::rows(&b, m));
        assert_eq!(
            c.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            want.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            "{n}×{k}×{m} on {isa:?}"
        );
        // Transposed operands: (Bᵀ)ᵀ-style strided views.
        let at: Vec<f32> = (0..k * n).map(|_| next()).collect();
        g.run(
            n,
            k,
            m,
            View::transposed(&at, n),
            View::transposed(&b, k),
            &mut c,
        );
        let want = naive(n, k, m, View::transposed(&at, n), View::transposed(&b, k));
        assert_eq!(c, want, "transposed {n}×{k}×{m} on {isa:?}");
    }
}
