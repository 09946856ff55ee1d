//! ChaCha12 (64-bit block counter, stream 0), seeded like `StdRng::seed_from_u64`: the same
//! 64-bit words as `rand 0.10`'s `StdRng` (`tests/sim_rng.rs` compares them word for word,
//! natively and in wasm), four blocks at a time, one per lane of a simd128 vector. In wasm
//! `chacha20` has no vector code, and its scalar rounds were most of a seed change's sampling
//! (wasm, 2.1M words at (50, 256, 64): 37 ms scalar, 8.4 ms here).

/// Words per ChaCha block.
const BLOCK: usize = 16;
/// Blocks computed together (one per vector lane).
const LANES: usize = 4;
/// "expand 32-byte k".
const CONSTANTS: [u32; 4] = [0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574];

/// A ChaCha12 stream and its current 4 blocks of output.
#[derive(Clone)]
pub struct ChaCha12 {
    key: [u32; 8],
    /// Index of the next block to compute.
    counter: u64,
    buf: [u32; BLOCK * LANES],
    /// Next unread word of `buf`.
    next: usize,
}

/// The PCG32 step `rand_core`'s `seed_from_u64` expands a u64 seed with.
fn pcg32(state: &mut u64) -> u32 {
    *state = state
        .wrapping_mul(0x5851_F42D_4C95_7F2D)
        .wrapping_add(0xA176_54E4_6FBE_17F3);
    let s = *state;
    let xorshifted = (((s >> 18) ^ s) >> 27) as u32;
    xorshifted.rotate_right((s >> 59) as u32)
}

impl ChaCha12 {
    /// The generator `StdRng::seed_from_u64(seed)` is.
    pub fn seed_from_u64(mut seed: u64) -> ChaCha12 {
        let key = std::array::from_fn(|_| pcg32(&mut seed));
        ChaCha12 {
            key,
            counter: 0,
            buf: [0; BLOCK * LANES],
            next: BLOCK * LANES,
        }
    }

    /// The next 64 bits: two words, low first (as `rand_core`'s block generator pairs them).
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        if self.next >= BLOCK * LANES {
            self.refill();
        }
        let (lo, hi) = (self.buf[self.next], self.buf[self.next + 1]);
        self.next += 2;
        (u64::from(hi) << 32) | u64::from(lo)
    }

    /// Computes the next four blocks into `buf`.
    fn refill(&mut self) {
        // x[w] holds word w of the four blocks, one per lane.
        let mut init = [lanes::splat(0); BLOCK];
        for (w, c) in init.iter_mut().zip(CONSTANTS) {
            *w = lanes::splat(c);
        }
        for (w, &k) in init[4..12].iter_mut().zip(&self.key) {
            *w = lanes::splat(k);
        }
        let ctr: [u64; LANES] = std::array::from_fn(|b| self.counter.wrapping_add(b as u64));
        init[12] = lanes::from(ctr.map(|c| c as u32));
        init[13] = lanes::from(ctr.map(|c| (c >> 32) as u32));
        // Words 14 and 15: the stream, 0.
        let mut x = init;
        for _ in 0..6 {
            quarter(&mut x, 0, 4, 8, 12);
            quarter(&mut x, 1, 5, 9, 13);
            quarter(&mut x, 2, 6, 10, 14);
            quarter(&mut x, 3, 7, 11, 15);
            quarter(&mut x, 0, 5, 10, 15);
            quarter(&mut x, 1, 6, 11, 12);
            quarter(&mut x, 2, 7, 8, 13);
            quarter(&mut x, 3, 4, 9, 14);
        }
        for (w, (&xw, &iw)) in x.iter().zip(&init).enumerate() {
            let out = lanes::to_array(lanes::add(xw, iw));
            for (b, v) in out.into_iter().enumerate() {
                self.buf[b * BLOCK + w] = v;
            }
        }
        self.counter = self.counter.wrapping_add(LANES as u64);
        self.next = 0;
    }
}

/// One ChaCha quarter round on words a, b, c, d of all four blocks at once.
#[inline(always)]
fn quarter(x: &mut [lanes::V; BLOCK], a: usize, b: usize, c: usize, d: usize) {
    use lanes::{add, rotl, xor};
    x[a] = add(x[a], x[b]);
    x[d] = rotl::<16, 16>(xor(x[d], x[a]));
    x[c] = add(x[c], x[d]);
    x[b] = rotl::<12, 20>(xor(x[b], x[c]));
    x[a] = add(x[a], x[b]);
    x[d] = rotl::<8, 24>(xor(x[d], x[a]));
    x[c] = add(x[c], x[d]);
    x[b] = rotl::<7, 25>(xor(x[b], x[c]));
}

/// Four u32 lanes: simd128 in wasm, else plain arrays (natively `Sampler` uses `StdRng`,
/// whose `chacha20` has AVX2 code: 5.2 ms per 2M words against 7.7 ms for these lanes in SSE2).
/// `rotl::<L, R>` rotates left by L (R = 32 − L, spelt out for the shift intrinsics).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod lanes {
    use core::arch::wasm32::*;
    pub type V = v128;
    #[inline(always)]
    pub fn splat(x: u32) -> V {
        u32x4_splat(x)
    }
    #[inline(always)]
    pub fn from(x: [u32; 4]) -> V {
        u32x4(x[0], x[1], x[2], x[3])
    }
    #[inline(always)]
    pub fn to_array(v: V) -> [u32; 4] {
        [
            u32x4_extract_lane::<0>(v),
            u32x4_extract_lane::<1>(v),
            u32x4_extract_lane::<2>(v),
            u32x4_extract_lane::<3>(v),
        ]
    }
    #[inline(always)]
    pub fn add(a: V, b: V) -> V {
        i32x4_add(a, b)
    }
    #[inline(always)]
    pub fn xor(a: V, b: V) -> V {
        v128_xor(a, b)
    }
    /// Rotations by 16 and 8 move whole bytes: one shuffle instead of two shifts and an or.
    #[inline(always)]
    pub fn rotl<const L: u32, const R: u32>(a: V) -> V {
        match L {
            16 => i8x16_shuffle::<2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13>(a, a),
            8 => i8x16_shuffle::<3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14>(a, a),
            _ => v128_or(i32x4_shl(a, L), u32x4_shr(a, R)),
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod lanes {
    pub type V = [u32; 4];
    pub fn splat(x: u32) -> V {
        [x; 4]
    }
    pub fn from(x: [u32; 4]) -> V {
        x
    }
    pub fn to_array(v: V) -> [u32; 4] {
        v
    }
    pub fn add(a: V, b: V) -> V {
        std::array::from_fn(|i| a[i].wrapping_add(b[i]))
    }
    pub fn xor(a: V, b: V) -> V {
        std::array::from_fn(|i| a[i] ^ b[i])
    }
    pub fn rotl<const L: u32, const R: u32>(a: V) -> V {
        a.map(|x| x.rotate_left(L))
    }
}
