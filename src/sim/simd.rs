//! Which instruction set the hot loops run on, chosen at run time: the binary is built for the
//! x86-64 baseline (SSE2), so it runs on any x86-64 CPU, and the hot loops
//! are compiled again with AVX2 and with AVX-512 enabled (see `use_avx2`, `use_avx512`) and
//! used when the CPU has them.
//!
//! Why this cannot change a result: the kernels vectorise only across independent lanes, in a
//! fixed order, with separate multiplies and adds; AVX2 and AVX-512 are enabled, FMA
//! deliberately is not (a fused multiply-add rounds once instead of twice and would change bits).

use std::sync::atomic::{AtomicU8, Ordering};

/// An instruction set the kernels can run on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Isa {
    /// What the target guarantees (x86-64: SSE2; wasm32: simd128 as built).
    Baseline,
    /// x86-64 with AVX2 (256-bit vectors), detected at run time.
    Avx2,
    /// x86-64 with AVX-512 Foundation (512-bit vectors, 32 registers) as well as AVX2.
    Avx512,
}

/// 0: use the best detected; otherwise `Isa as u8 + 1` (set by `force`).
static FORCED: AtomicU8 = AtomicU8::new(0);

impl Isa {
    /// The best instruction set this CPU supports.
    pub fn detected() -> Isa {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            if std::arch::is_x86_feature_detected!("avx512f") {
                return Isa::Avx512;
            }
            return Isa::Avx2;
        }
        Isa::Baseline
    }

    /// Every instruction set this CPU can run (tests compare them).
    pub fn available() -> Vec<Isa> {
        let all = [Isa::Baseline, Isa::Avx2, Isa::Avx512];
        all[..=Isa::detected() as usize].to_vec()
    }

    /// The one the kernels use now.
    pub fn current() -> Isa {
        match FORCED.load(Ordering::Relaxed) {
            1 => Isa::Baseline,
            2 => Isa::Avx2,
            3 => Isa::Avx512,
            _ => Isa::detected(),
        }
    }
}

/// Makes every later kernel call (in any thread) use `isa`, or the detected best for `None`.
/// Returns false, changing nothing, when the CPU cannot run `isa`. For tests and benchmarks.
pub fn force(isa: Option<Isa>) -> bool {
    let code = match isa {
        None => 0,
        Some(i) if Isa::available().contains(&i) => i as u8 + 1,
        Some(_) => return false,
    };
    FORCED.store(code, Ordering::Relaxed);
    true
}

/// Whether the AVX2 copies of the kernels should run now. Each hot kernel has a body marked
/// `#[inline(always)]` and a `#[target_feature(enable = "avx2")]` wrapper the body is inlined
/// into, and calls that wrapper when this says so (a closure-taking helper would not work:
/// the closure is not inlined into the wrapper, so its loops would stay baseline code).
/// Kernels without an AVX-512 copy use their AVX2 one on an AVX-512 CPU.
#[inline]
pub fn use_avx2() -> bool {
    Isa::current() != Isa::Baseline
}

/// Whether the AVX-512 copies (where a kernel has one, checked before `use_avx2`) should run.
#[inline]
pub fn use_avx512() -> bool {
    Isa::current() == Isa::Avx512
}
