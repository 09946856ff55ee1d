//! The 2-D two-class data sets (spiral, circles, xor) with Gaussian noise, in float32.
//! Coordinates are computed in float64 with `libm`'s sin/cos, so the bits are the same
//! natively and in wasm32.

use std::f64::consts::PI;

use super::config::Dataset;
use crate::sim::rng::Sampler;

/// n points: `x` is n×2 row-major, `y` the class (0 or 1) of each.
#[derive(Clone, Debug, PartialEq)]
pub struct Points {
    pub x: Vec<f32>,
    pub y: Vec<u8>,
}

impl Points {
    pub fn len(&self) -> usize {
        self.y.len()
    }

    pub fn is_empty(&self) -> bool {
        self.y.is_empty()
    }
}

/// Draws n points one after another from `s`: point i's class, position, then its noise.
pub fn generate(kind: Dataset, n: usize, noise: f64, s: &mut Sampler) -> Points {
    let mut x = Vec::with_capacity(2 * n);
    let mut y = Vec::with_capacity(n);
    for i in 0..n {
        let (p, c) = point(kind, i, s);
        let nx = noise * s.normal();
        let ny = noise * s.normal();
        x.push((p.0 + nx) as f32);
        x.push((p.1 + ny) as f32);
        y.push(c);
    }
    Points { x, y }
}

/// The noiseless point i and its class.
fn point(kind: Dataset, i: usize, s: &mut Sampler) -> ((f64, f64), u8) {
    let c = (i % 2) as u8;
    match kind {
        Dataset::Spiral => {
            let u = s.uniform();
            let t = 1.75 * 2.0 * PI * u + c as f64 * PI;
            ((u * libm::sin(t), u * libm::cos(t)), c)
        }
        Dataset::Circles => {
            let theta = 2.0 * PI * s.uniform();
            let r = if c == 0 {
                0.5 * s.uniform()
            } else {
                0.7 + 0.3 * s.uniform()
            };
            ((r * libm::cos(theta), r * libm::sin(theta)), c)
        }
        Dataset::Xor => {
            let a = 2.0 * s.uniform() - 1.0;
            let b = 2.0 * s.uniform() - 1.0;
            ((a, b), u8::from(a * b >= 0.0))
        }
    }
}
