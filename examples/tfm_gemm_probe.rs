use gradient_flow_explorer::sim::matmul::{Gemm, View};
use std::time::Instant;
fn main() {
    let mut g = Gemm::default();
    let a = vec![0.5f32; 128 * 256];
    let b = vec![0.25f32; 256 * 256];
    let mut c = vec![0.0f32; 256 * 256];
    let cases: Vec<(&str, usize, usize, usize, View, View)> = vec![
        (
            "rows 128x64x64",
            128,
            64,
            64,
            View::rows(&a, 64),
            View::rows(&b, 64),
        ),
        (
            "A^T 64x128x64",
            64,
            128,
            64,
            View::transposed(&a, 64),
            View::rows(&b, 64),
        ),
        (
            "B^T 128x64x64",
            128,
            64,
            64,
            View::rows(&a, 64),
            View::transposed(&b, 64),
        ),
        (
            "rows 128x64x256",
            128,
            64,
            256,
            View::rows(&a, 64),
            View::rows(&b, 256),
        ),
        (
            "head 16x16x16",
            16,
            16,
            16,
            View {
                data: &a,
                rs: 64,
                cs: 1,
                scale: None,
            },
            View {
                data: &b,
                rs: 1,
                cs: 64,
                scale: None,
            },
        ),
    ];
    for (name, n, k, m, av, bv) in cases {
        let reps = 2000;
        let t = Instant::now();
        for _ in 0..reps {
            g.run(n, k, m, av, bv, &mut c);
        }
        let s = t.elapsed().as_secs_f64() / reps as f64;
        println!(
            "{name}: {:.2} us, {:.2} GFLOPS",
            s * 1e6,
            2.0 * (n * k * m) as f64 / s / 1e9
        );
    }
}
