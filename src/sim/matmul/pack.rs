//! Packing operands for the micro-kernel, reading each view in its contiguous direction:
//! a transposed view (a row-major matrix read by columns, stride = its width) is walked along
//! its stored rows, never 16 rows at a time 512 floats apart (those lines share a few L1 sets
//! and evict one another before their next floats are read).

use super::View;

/// Rows i0 .. i0+MR of A (n×k) into `dst[kk·MR + r]`, rows past n as zeros.
#[inline(always)]
pub(super) fn pack_a<const MR: usize>(a: View, i0: usize, n: usize, k: usize, dst: &mut [f32]) {
    match a.scale {
        Some(s) => pack_a_with::<MR>(a, i0, n, k, dst, |v| s * v),
        None => pack_a_with::<MR>(a, i0, n, k, dst, |v| v),
    }
}

/// Columns j0 .. j0+w of B (k×m) into `dst[kk·NR + t]`, columns past w as zeros.
#[inline(always)]
pub(super) fn pack_b<const NR: usize>(b: View, j0: usize, w: usize, k: usize, dst: &mut [f32]) {
    match b.scale {
        Some(s) => pack_b_with::<NR>(b, j0, w, k, dst, |v| s * v),
        None => pack_b_with::<NR>(b, j0, w, k, dst, |v| v),
    }
}

/// `pack_a` with the view's scaling as `sc` (one float32 multiply, or none).
#[inline(always)]
fn pack_a_with<const MR: usize>(
    a: View,
    i0: usize,
    n: usize,
    k: usize,
    dst: &mut [f32],
    sc: impl Fn(f32) -> f32,
) {
    let rows = MR.min(n - i0);
    let dst = &mut dst[..k * MR];
    if rows < MR {
        dst.fill(0.0);
    }
    if a.cs == 1 {
        for r in 0..rows {
            let src = &a.data[(i0 + r) * a.rs..][..k];
            for (d, &v) in dst.iter_mut().skip(r).step_by(MR).zip(src) {
                *d = sc(v);
            }
        }
    } else if a.rs == 1 && rows == MR {
        // A transposed (a row-major matrix read by columns): a panel's MR values at each k
        // are contiguous, one fixed-size copy.
        copy_fixed::<MR>(dst, &a.data[i0..], a.cs, sc);
    } else {
        for (kk, d) in dst.chunks_exact_mut(MR).enumerate() {
            for (r, d) in d.iter_mut().enumerate().take(rows) {
                *d = sc(a.data[(i0 + r) * a.rs + kk * a.cs]);
            }
        }
    }
}

/// `pack_b` with the view's scaling as `sc`.
#[inline(always)]
fn pack_b_with<const NR: usize>(
    b: View,
    j0: usize,
    w: usize,
    k: usize,
    dst: &mut [f32],
    sc: impl Fn(f32) -> f32,
) {
    let dst = &mut dst[..k * NR];
    if w < NR {
        dst.fill(0.0);
    }
    if b.cs == 1 && w == NR {
        // A whole strip: a fixed-size copy a row (the loop below copies value by value).
        copy_fixed::<NR>(dst, &b.data[j0..], b.rs, sc);
    } else if b.cs == 1 {
        for (kk, d) in dst.chunks_exact_mut(NR).enumerate() {
            let src = &b.data[kk * b.rs + j0..][..w];
            for (d, &v) in d.iter_mut().zip(src) {
                *d = sc(v);
            }
        }
    } else {
        for t in 0..w {
            let col = j0 + t;
            for (kk, d) in dst.iter_mut().skip(t).step_by(NR).enumerate() {
                *d = sc(b.data[kk * b.rs + col * b.cs]);
            }
        }
    }
}

/// `dst`'s N-value chunks from `src`, the kk-th from `src[kk·stride..][..N]`, scaled by `sc`:
/// a fixed-size copy each, which the compiler vectorises (a whole B strip, a whole Aᵀ panel).
#[inline(always)]
fn copy_fixed<const N: usize>(
    dst: &mut [f32],
    src: &[f32],
    stride: usize,
    sc: impl Fn(f32) -> f32,
) {
    for (kk, d) in dst.as_chunks_mut::<N>().0.iter_mut().enumerate() {
        let src = &src[kk * stride..][..N];
        d.iter_mut().zip(src).for_each(|(d, &v)| *d = sc(v));
    }
}
