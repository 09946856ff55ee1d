//! float32 matrix product C = A·B with a packed, register-tiled micro-kernel.
//!
//! Determinism rule: every C[i][j] is `((0 + a_i0·b_0j) + a_i1·b_1j) + …` in ascending k,
//! one multiply then one add (never a fused multiply-add). Vectorisation only runs across
//! output columns j (independent lanes), never by splitting a sum, so AVX2, SSE, wasm simd128
//! and scalar code all give the same bits.
//!
//! Layout: A is packed into panels of MR rows (k-major), B into panels of NR columns (k-major,
//! zero-padded); the micro-kernel keeps an MR×NR block of accumulators in registers and, for
//! each k, broadcasts A[i][k] against a contiguous NR-wide row slice of B.

#[cfg(target_arch = "x86_64")]
use super::simd::use_avx2;

/// Rows per micro-tile.
const MR: usize = 4;
/// Columns per micro-tile (two AVX2 vectors, four simd128 vectors).
const NR: usize = 16;

/// A strided read-only view: element (i, k) is `data[i * rs + k * cs]`.
#[derive(Clone, Copy)]
pub struct View<'a> {
    pub data: &'a [f32],
    pub rs: usize,
    pub cs: usize,
    /// When set, element (i, k) reads as `scale · data[…]` (one float32 multiply, so a matrix
    /// stored as unit draws gives the same bits as one sampled pre-scaled; see `init`).
    pub scale: Option<f32>,
}

impl<'a> View<'a> {
    /// Row-major matrix with `cols` columns.
    pub fn rows(data: &'a [f32], cols: usize) -> Self {
        View {
            data,
            rs: cols,
            cs: 1,
            scale: None,
        }
    }
    /// Transpose of a row-major matrix with `cols` columns.
    pub fn transposed(data: &'a [f32], cols: usize) -> Self {
        View {
            data,
            rs: 1,
            cs: cols,
            scale: None,
        }
    }
    /// The same view read through `scale` (None: as stored).
    pub fn scaled(self, scale: Option<f32>) -> Self {
        View { scale, ..self }
    }
    #[inline(always)]
    fn at(&self, i: usize, k: usize) -> f32 {
        let v = self.data[i * self.rs + k * self.cs];
        match self.scale {
            Some(s) => s * v,
            None => v,
        }
    }
}

/// Reusable packing buffers, so repeated products do not allocate.
#[derive(Default)]
pub struct Gemm {
    apack: Vec<f32>,
    bpack: Vec<f32>,
}

impl Gemm {
    /// C (n×m, row-major, overwritten) = A (n×k) · B (k×m), on the best instruction set.
    pub fn run(&mut self, n: usize, k: usize, m: usize, a: View, b: View, c: &mut [f32]) {
        #[cfg(target_arch = "x86_64")]
        if use_avx2() {
            // SAFETY: `use_avx2` is true only on a CPU with AVX2.
            return unsafe { self.run_avx2(n, k, m, a, b, c) };
        }
        self.run_body(n, k, m, a, b, c)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn run_avx2(&mut self, n: usize, k: usize, m: usize, a: View, b: View, c: &mut [f32]) {
        self.run_body(n, k, m, a, b, c)
    }

    #[inline(always)]
    fn run_body(&mut self, n: usize, k: usize, m: usize, a: View, b: View, c: &mut [f32]) {
        let c = &mut c[..n * m];
        if k == 0 {
            c.fill(0.0);
            return;
        }
        let row_panels = n.div_ceil(MR);
        let col_panels = m.div_ceil(NR);
        self.apack.clear();
        self.apack.resize(row_panels * k * MR, 0.0);
        for p in 0..row_panels {
            let dst = &mut self.apack[p * k * MR..(p + 1) * k * MR];
            for r in 0..MR {
                let i = p * MR + r;
                if i < n {
                    for kk in 0..k {
                        dst[kk * MR + r] = a.at(i, kk);
                    }
                }
            }
        }
        self.bpack.resize(k * NR, 0.0);
        for q in 0..col_panels {
            let j0 = q * NR;
            let w = NR.min(m - j0);
            for kk in 0..k {
                let dst = &mut self.bpack[kk * NR..(kk + 1) * NR];
                for (t, d) in dst.iter_mut().enumerate() {
                    *d = if t < w { b.at(kk, j0 + t) } else { 0.0 };
                }
            }
            for p in 0..row_panels {
                let acc = kernel(
                    k,
                    &self.apack[p * k * MR..(p + 1) * k * MR],
                    &self.bpack[..k * NR],
                );
                for (r, row) in acc.iter().enumerate() {
                    let i = p * MR + r;
                    if i < n {
                        c[i * m + j0..i * m + j0 + w].copy_from_slice(&row[..w]);
                    }
                }
            }
        }
    }
}

/// The MR×NR micro-kernel over the full k range, ascending.
#[inline(always)]
fn kernel(k: usize, ap: &[f32], bp: &[f32]) -> [[f32; NR]; MR] {
    let mut acc = [[0.0f32; NR]; MR];
    for (a, b) in ap.chunks_exact(MR).zip(bp.chunks_exact(NR)).take(k) {
        for r in 0..MR {
            let ar = a[r];
            for t in 0..NR {
                acc[r][t] += ar * b[t];
            }
        }
    }
    acc
}

/// Reference product with the same summation order (tests compare bits against it).
pub fn naive(n: usize, k: usize, m: usize, a: View, b: View) -> Vec<f32> {
    let mut c = vec![0.0f32; n * m];
    for i in 0..n {
        for j in 0..m {
            let mut s = 0.0f32;
            for kk in 0..k {
                s += a.at(i, kk) * b.at(kk, j);
            }
            c[i * m + j] = s;
        }
    }
    c
}
