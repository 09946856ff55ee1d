//! Seeded random streams and a normal sampler built only from exact arithmetic and `libm`.
//!
//! Why not `rand_distr::StandardNormal`: its ziggurat calls std's `exp`/`ln`, which are the
//! system libm natively and a different implementation in wasm32, so the bits would differ.
//! Uniform bits come from ChaCha12 seeded as `StdRng::seed_from_u64` (identical on every
//! platform): `rand`'s `StdRng` natively, `chacha::ChaCha12` (the same words, vectorised) in wasm.
//!
//! Seed derivation (documented order, see `Stream`): every purpose has its own stream, so X, Y,
//! each layer's weights and each layer's biases do not depend on one another, on the depth or on
//! the init (changing the init re-scales the same Gaussian draws).

mod chacha;
pub use chacha::ChaCha12;

/// The generator behind `Sampler`: the same words everywhere (see `chacha`), from the
/// fastest code for the target.
#[cfg(target_arch = "wasm32")]
type Words = ChaCha12;
#[cfg(not(target_arch = "wasm32"))]
type Words = rand::rngs::StdRng;
#[cfg(not(target_arch = "wasm32"))]
use rand::{Rng, SeedableRng};

use super::fastmath::{logf_fits, logf_lane};

/// What a random stream is used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// X (B×W, row-major) then Y (B×W), from one stream.
    Data,
    /// Weights of layer l (1-based), row-major W×W (input index × output index).
    Weights(usize),
    /// Biases of layer l (1-based), W values.
    Bias(usize),
    /// An output gradient independent of the network (B×W), for control experiments.
    OutputGrad,
    /// Recurrent networks (`recurrent::params`): y then x_1, x_2, … (B×H each), so a shorter
    /// sequence is a prefix; the G input blocks of W_ih in order; the recurrent blocks of
    /// W_hh (and `pytorch`'s biases) of the init with this index.
    RecurrentData,
    RecurrentInput,
    RecurrentWeights(usize),
    /// The latching task (`recurrent::latching`): 0 the head W_o, 1 the test set, 2 the
    /// training batches.
    RecurrentTask(usize),
    /// A transformer stack's x_0 then y (B·T × d each).
    TransformerData,
    /// Block l's (1-based) weights of a transformer stack (`transformer::sample`).
    TransformerBlock(usize),
    /// The transformer's reverse task (`transformer::task`): what k numbers.
    TransformerTask(usize),
}

impl Stream {
    fn code(self) -> (u64, u64) {
        match self {
            Stream::Data => (1, 0),
            Stream::Weights(l) => (2, l as u64),
            Stream::Bias(l) => (3, l as u64),
            Stream::OutputGrad => (4, 0),
            Stream::RecurrentData => (20, 0),
            Stream::RecurrentInput => (21, 0),
            Stream::RecurrentWeights(i) => (22, i as u64),
            Stream::RecurrentTask(i) => (23, i as u64),
            Stream::TransformerData => (5, 0),
            Stream::TransformerBlock(l) => (6, l as u64),
            Stream::TransformerTask(k) => (7, k as u64),
        }
    }
}

/// SplitMix64 finaliser: a bijective mixer, so distinct inputs never share a stream seed.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The 64-bit seed of one stream: mix(mix(mix(seed) ^ purpose) ^ index).
pub fn stream_seed(seed: u64, stream: Stream) -> u64 {
    let (purpose, index) = stream.code();
    mix(mix(mix(seed) ^ purpose) ^ index)
}

/// One try of the float32 polar method from a 64-bit word: u and v are odd integers in
/// (−2^24, 2^24) from its two 24-bit halves, scaled into (−1, 1) (never exactly 0 or ±1), and
/// s = u² + v².
#[inline(always)]
fn polar_try(r: u64) -> (f32, f32, f32) {
    const HALF_ULP: f32 = 1.0 / (1u32 << 24) as f32;
    let odd = |bits: u64| (((bits & 0xFF_FFFF) as i32 * 2 + 1 - (1 << 24)) as f32) * HALF_ULP;
    let (u, v) = (odd(r), odd(r >> 32));
    (u, v, u * u + v * v)
}

/// Whether a try lies inside the unit disc (and is not its centre).
#[inline(always)]
fn polar_accepts(s: f32) -> bool {
    s < 1.0 && s > 0.0
}

/// Uniform and standard-normal draws from one stream.
pub struct Sampler {
    rng: Words,
    spare: Option<f64>,
    spare32: Option<f32>,
}

impl Sampler {
    pub fn new(seed: u64, stream: Stream) -> Sampler {
        Sampler {
            rng: Words::seed_from_u64(stream_seed(seed, stream)),
            spare: None,
            spare32: None,
        }
    }

    /// The stream's next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.rng.next_u64()
    }

    /// Uniform in [0, 1) with 53 random bits (exact conversion, no rounding).
    pub fn uniform(&mut self) -> f64 {
        (self.rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Standard normal in float64 by Marsaglia's polar method; only `libm::log` and `sqrt`
    /// (correctly rounded by IEEE 754 on every platform, so std's is safe) are used.
    pub fn normal(&mut self) -> f64 {
        if let Some(v) = self.spare.take() {
            return v;
        }
        loop {
            let u = 2.0 * self.uniform() - 1.0;
            let v = 2.0 * self.uniform() - 1.0;
            let s = u * u + v * v;
            if s < 1.0 && s > 0.0 {
                let f = (-2.0 * libm::log(s) / s).sqrt();
                self.spare = Some(v * f);
                return u * f;
            }
        }
    }

    /// Standard normal in float32, polar method with two 24-bit uniforms per 64-bit word and
    /// `libm::logf`: about 3× cheaper than `normal`, which matters because sampling the
    /// weights is most of a simulation's cost (the page re-samples on every slider move).
    pub fn normal_f32(&mut self) -> f32 {
        if let Some(v) = self.spare32.take() {
            return v;
        }
        loop {
            let (u, v, s) = polar_try(self.rng.next_u64());
            if polar_accepts(s) {
                let f = (-2.0 * libm::logf(s) / s).sqrt();
                self.spare32 = Some(v * f);
                return u * f;
            }
        }
    }

    /// Fills `out` with N(0, std²) draws in float32 (`std` rounded to float32 first): exactly
    /// `sd · normal_f32()` for each entry in turn, spare included, but in blocks: the
    /// rejection loop (one 64-bit word per try, as in `normal_f32`) collects accepted (u, v, s),
    /// then the logarithms and roots of a whole block run in a loop the compiler vectorises.
    pub fn fill_normal_f32(&mut self, out: &mut [f32], std: f64) {
        #[cfg(target_arch = "x86_64")]
        if super::simd::use_avx2() {
            // SAFETY: `use_avx2` is true only on a CPU with AVX2.
            return unsafe { self.fill_normal_avx2(out, std) };
        }
        self.fill_normal_body(out, std)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn fill_normal_avx2(&mut self, out: &mut [f32], std: f64) {
        self.fill_normal_body(out, std)
    }

    #[inline(always)]
    fn fill_normal_body(&mut self, out: &mut [f32], std: f64) {
        const BLOCK: usize = 128;
        let sd = std as f32;
        let mut i = 0;
        if let (Some(first), Some(v)) = (out.first_mut(), self.spare32) {
            *first = sd * v;
            self.spare32 = None;
            i = 1;
        }
        let (mut us, mut vs, mut ss) = ([0.0f32; BLOCK], [0.0f32; BLOCK], [0.0f32; BLOCK]);
        while i < out.len() {
            let pairs = (out.len() - i).div_ceil(2).min(BLOCK);
            let mut got = 0;
            while got < pairs {
                // A word gives at most one pair, so while 4 are missing the next 4 words are
                // surely drawn: taken together, their arithmetic vectorises.
                let tries = if pairs - got >= 4 { 4 } else { 1 };
                let words: [u64; 4] =
                    std::array::from_fn(|t| if t < tries { self.rng.next_u64() } else { 0 });
                for (u, v, s) in words.map(polar_try).into_iter().take(tries) {
                    // Branch-free append; a rejected try is overwritten by the next one.
                    (us[got], vs[got], ss[got]) = (u, v, s);
                    got += polar_accepts(s) as usize;
                }
            }
            let mut fs = [0.0f32; BLOCK];
            for (f, &s) in fs[..pairs].iter_mut().zip(&ss[..pairs]) {
                *f = (-2.0 * logf_lane(s) / s).sqrt();
            }
            for (f, &s) in fs[..pairs].iter_mut().zip(&ss[..pairs]) {
                if !logf_fits(s) {
                    *f = (-2.0 * libm::logf(s) / s).sqrt();
                }
            }
            // Whole pairs in one loop the compiler vectorises; at the very end of `out` there
            // may be one pair whose second draw is kept as the spare.
            let whole = pairs.min((out.len() - i) / 2);
            let draws = us.iter().zip(&vs).zip(&fs).take(whole);
            for (o, ((&u, &v), &f)) in out[i..i + 2 * whole].chunks_exact_mut(2).zip(draws) {
                o[0] = sd * (u * f);
                o[1] = sd * (v * f);
            }
            i += 2 * whole;
            if whole < pairs {
                out[i] = sd * (us[whole] * fs[whole]);
                self.spare32 = Some(vs[whole] * fs[whole]);
                i += 1;
            }
        }
    }
}
