//! float32 matrix product C = A·B with a packed, register-tiled micro-kernel.
//!
//! Determinism rule: every C[i][j] is `((0 + a_i0·b_0j) + a_i1·b_1j) + …` in ascending k,
//! one multiply then one add (never a fused multiply-add). Vectorisation only runs across
//! output columns j (independent lanes), never by splitting a sum, so AVX-512, AVX2, SSE,
//! wasm simd128 and scalar code all give the same bits.
//!
//! Layout: A is packed into panels of MR rows (k-major), except whole panels of a row-major
//! unscaled A, which are read in place; B into panels of NR columns (k-major, zero-padded).
//! The micro-kernel keeps an MR×NR block of accumulators in registers and, for each k,
//! broadcasts A[i][k] against a contiguous NR-wide row slice of B.

#[cfg(target_arch = "x86_64")]
use super::simd::{use_avx2, use_avx512};
use std::sync::atomic::{AtomicU8, Ordering};

mod pack;
use pack::{pack_a, pack_b};

/// The register tile of the micro-kernel: MR rows × NR columns of C held in vector
/// registers. Any tile gives the same bits (each C[i][j] is one lane's ascending-k chain);
/// they differ only in speed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tile {
    /// 4 × 16: 8 AVX2 accumulators, or 16 simd128 ones (more than V8's 16 xmm registers
    /// hold together with the B row and the broadcast, so it spills in wasm).
    R4C16,
    /// 4 × 8: 8 simd128 accumulators + 2 B vectors + 1 broadcast.
    R4C8,
    /// 6 × 8: 12 simd128 accumulators + 2 + 1 = 15 live vectors.
    R6C8,
    /// 3 × 12: 9 simd128 accumulators + 3 + 1.
    R3C12,
}

impl Tile {
    /// Every tile (benchmarks and tests compare them).
    pub const ALL: [Tile; 4] = [Tile::R4C16, Tile::R4C8, Tile::R6C8, Tile::R3C12];

    /// The tile `Gemm::run` uses on this target unless one is forced: AVX2 and AVX-512 keep
    /// 4 × 16 (under AVX-512 that is 4 accumulators, whose add chains already keep both vector
    /// ports busy: larger tiles measured slower, the compiler spilling them);
    /// 16-register targets (wasm simd128 under V8, SSE2) get a tile that fits their registers.
    pub fn default_here() -> Tile {
        #[cfg(target_arch = "x86_64")]
        if use_avx2() {
            return Tile::R4C16;
        }
        Tile::R4C8
    }

    /// The tile in use now (`force_tile`, else `default_here`).
    pub fn current() -> Tile {
        match FORCED_TILE.load(Ordering::Relaxed) {
            0 => Tile::default_here(),
            code => Tile::ALL[code as usize - 1],
        }
    }
}

/// 0: the target's default; otherwise the index in `Tile::ALL` + 1.
static FORCED_TILE: AtomicU8 = AtomicU8::new(0);

/// Makes every later product (in any thread) use `tile`, or the target's default for `None`.
/// For tests and benchmarks: the result's bits do not depend on it.
pub fn force_tile(tile: Option<Tile>) {
    let code = tile.map_or(0, |t| {
        Tile::ALL.iter().position(|&x| x == t).map_or(0, |i| i + 1)
    });
    FORCED_TILE.store(code as u8, Ordering::Relaxed);
}

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

/// Where a product's B panels come from: packed from a view as they are needed, or packed
/// ahead of time.
#[derive(Clone, Copy)]
enum BSource<'a> {
    View(View<'a>),
    /// `PackedB::data` (for the tile the product runs with).
    Packed(&'a [f32]),
}

/// B (k×m) packed once for products that reuse it: a recurrent pass multiplies by the same
/// W_hh at every step, and packing it each time cost about a tenth of an LSTM's pass.
pub struct PackedB {
    tile: Tile,
    k: usize,
    m: usize,
    /// The NR-column panels `run` would pack, one after the other.
    data: Vec<f32>,
}

impl PackedB {
    /// Packs `b` (k×m) for the tile in use now.
    pub fn new(k: usize, m: usize, b: View) -> PackedB {
        let tile = Tile::current();
        let mut data = Vec::new();
        match tile {
            Tile::R4C16 => pack_panels::<16>(k, m, b, &mut data),
            Tile::R4C8 | Tile::R6C8 => pack_panels::<8>(k, m, b, &mut data),
            Tile::R3C12 => pack_panels::<12>(k, m, b, &mut data),
        }
        PackedB { tile, k, m, data }
    }
}

/// Every NR-column panel of `b` (k×m), as `run_body` packs them, into `out`.
fn pack_panels<const NR: usize>(k: usize, m: usize, b: View, out: &mut Vec<f32>) {
    out.clear();
    out.resize(m.div_ceil(NR) * k * NR, 0.0);
    for (dst, j0) in out.chunks_exact_mut(k * NR).zip((0..m).step_by(NR)) {
        pack_b::<NR>(b, j0, NR.min(m - j0), k, dst);
    }
}

/// Which entries of C a product computes.
#[derive(Clone, Copy, PartialEq)]
enum Part {
    All,
    /// At least those on or below the diagonal (`run_lower`).
    Lower,
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
        let tile = Tile::current();
        self.run_part(tile, Part::All, n, k, m, a, BSource::View(b), c)
    }

    /// `run` with B packed ahead (`PackedB::new`): the same bits, without packing B again.
    pub fn run_packed(&mut self, n: usize, a: View, b: &PackedB, c: &mut [f32]) {
        let src = BSource::Packed(&b.data);
        self.run_part(b.tile, Part::All, n, b.k, b.m, a, src, c)
    }

    /// The lower triangle (j ≤ i) of C (n×n) = A (n×k) · B (k×n), the same bits as `run`; the
    /// tiles it skips lie above the diagonal, whose entries are left unspecified. For a
    /// symmetric product (a Gram matrix, `weight_grad`) that is every entry at half the work.
    pub fn run_lower(&mut self, n: usize, k: usize, a: View, b: View, c: &mut [f32]) {
        let tile = Tile::current();
        self.run_part(tile, Part::Lower, n, k, n, a, BSource::View(b), c)
    }

    #[allow(clippy::too_many_arguments)]
    fn run_part(
        &mut self,
        tile: Tile,
        part: Part,
        n: usize,
        k: usize,
        m: usize,
        a: View,
        b: BSource,
        c: &mut [f32],
    ) {
        #[cfg(target_arch = "x86_64")]
        if use_avx512() {
            // SAFETY: `use_avx512` is true only on a CPU with AVX-512F.
            return unsafe { self.run_avx512(tile, part, n, k, m, a, b, c) };
        }
        #[cfg(target_arch = "x86_64")]
        if use_avx2() {
            // SAFETY: `use_avx2` is true only on a CPU with AVX2.
            return unsafe { self.run_avx2(tile, part, n, k, m, a, b, c) };
        }
        self.run_tile(tile, part, n, k, m, a, b, c)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    #[allow(clippy::too_many_arguments)]
    unsafe fn run_avx2(
        &mut self,
        tile: Tile,
        part: Part,
        n: usize,
        k: usize,
        m: usize,
        a: View,
        b: BSource,
        c: &mut [f32],
    ) {
        self.run_tile(tile, part, n, k, m, a, b, c)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f")]
    #[allow(clippy::too_many_arguments)]
    unsafe fn run_avx512(
        &mut self,
        tile: Tile,
        part: Part,
        n: usize,
        k: usize,
        m: usize,
        a: View,
        b: BSource,
        c: &mut [f32],
    ) {
        self.run_tile(tile, part, n, k, m, a, b, c)
    }

    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn run_tile(
        &mut self,
        tile: Tile,
        part: Part,
        n: usize,
        k: usize,
        m: usize,
        a: View,
        b: BSource,
        c: &mut [f32],
    ) {
        match tile {
            Tile::R4C16 => self.run_body::<4, 16>(part, n, k, m, a, b, c),
            Tile::R4C8 => self.run_body::<4, 8>(part, n, k, m, a, b, c),
            Tile::R6C8 => self.run_body::<6, 8>(part, n, k, m, a, b, c),
            Tile::R3C12 => self.run_body::<3, 12>(part, n, k, m, a, b, c),
        }
    }

    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn run_body<const MR: usize, const NR: usize>(
        &mut self,
        part: Part,
        n: usize,
        k: usize,
        m: usize,
        a: View,
        b: BSource,
        c: &mut [f32],
    ) {
        let c = &mut c[..n * m];
        if k == 0 {
            c.fill(0.0);
            return;
        }
        let row_panels = n.div_ceil(MR);
        // Whole panels of a row-major, unscaled A are read in place (packing them cost a
        // quarter of a 64 × 64 product); the others are packed.
        let in_place = if a.cs == 1 && a.scale.is_none() {
            n / MR
        } else {
            0
        };
        self.apack.resize((row_panels - in_place) * k * MR, 0.0);
        for (q, dst) in self.apack.chunks_exact_mut(k * MR).enumerate() {
            pack_a::<MR>(a, (in_place + q) * MR, n, k, dst);
        }
        self.bpack.resize(k * NR, 0.0);
        for (strip, j0) in (0..m).step_by(NR).enumerate() {
            let w = NR.min(m - j0);
            let bp = match b {
                BSource::View(b) => {
                    pack_b::<NR>(b, j0, w, k, &mut self.bpack[..k * NR]);
                    &self.bpack[..k * NR]
                }
                BSource::Packed(data) => &data[strip * k * NR..][..k * NR],
            };
            // Row panels before j0 / MR end above column j0: all their entries are upper.
            let first = if part == Part::Lower { j0 / MR } else { 0 };
            for p in first..row_panels {
                let acc = if p < in_place {
                    let rows = std::array::from_fn(|r| &a.data[(p * MR + r) * a.rs..][..k]);
                    kernel_on_rows::<MR, NR>(rows, bp)
                } else {
                    kernel::<MR, NR>(&self.apack[(p - in_place) * k * MR..][..k * MR], bp)
                };
                store_tile(&acc, c, (p * MR, j0), (n, m, w));
            }
        }
    }
}

/// An MR×NR tile of accumulators into C (n×m) at (i0, j0), `w` of its columns and the rows
/// above n. A whole tile is MR fixed-size row copies, unrolled; anything else a variable-length
/// copy a row, which is a call to memmove (in wasm, a `memory.copy` through the runtime: when
/// the two shared one call, a tenth of a small product's time).
#[inline(always)]
fn store_tile<const MR: usize, const NR: usize>(
    acc: &[[f32; NR]; MR],
    c: &mut [f32],
    (i0, j0): (usize, usize),
    (n, m, w): (usize, usize, usize),
) {
    if i0 + MR <= n && w == NR {
        for (r, row) in acc.iter().enumerate() {
            let dst = &mut c[(i0 + r) * m + j0..][..NR];
            if let Some(dst) = dst.first_chunk_mut::<NR>() {
                *dst = *row;
            }
        }
        return;
    }
    for (r, row) in acc.iter().enumerate().take(n - i0) {
        c[(i0 + r) * m + j0..][..w].copy_from_slice(&row[..w]);
    }
}

/// The MR×NR micro-kernel over the full k range, ascending (`ap`: k rows of MR, `bp`: k rows
/// of NR). Written as plain loops: the compiler vectorises across the NR columns.
#[inline(always)]
fn kernel<const MR: usize, const NR: usize>(ap: &[f32], bp: &[f32]) -> [[f32; NR]; MR] {
    let mut acc = [[0.0f32; NR]; MR];
    let (ap, _) = ap.as_chunks::<MR>();
    let (bp, _) = bp.as_chunks::<NR>();
    for (a, b) in ap.iter().zip(bp) {
        for r in 0..MR {
            let ar = a[r];
            for t in 0..NR {
                acc[r][t] += ar * b[t];
            }
        }
    }
    acc
}

/// `kernel` reading A's MR rows in place (each k long) instead of a packed panel: the same
/// operations in the same order.
#[inline(always)]
fn kernel_on_rows<const MR: usize, const NR: usize>(
    rows: [&[f32]; MR],
    bp: &[f32],
) -> [[f32; NR]; MR] {
    let mut acc = [[0.0f32; NR]; MR];
    let (bp, _) = bp.as_chunks::<NR>();
    let rows = rows.map(|row| &row[..bp.len()]);
    for (kk, b) in bp.iter().enumerate() {
        for r in 0..MR {
            // SAFETY: kk < bp.len(), the length of every row (sliced just above); a checked
            // index here kept the compiler from unrolling the rows into registers.
            let ar = unsafe { *rows[r].get_unchecked(kk) };
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
