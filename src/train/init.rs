//! Weight initialisation for non-square layers: each layer's own fan-in and fan-out, and
//! `torch.nn.init.orthogonal_` for rectangular shapes. The variances come from the core
//! (`Init::weight_variance`), except orthogonal, which is sampled as a (semi-)orthogonal matrix.

use crate::sim::rng::Sampler;
use crate::sim::Init;

/// A fan_in×fan_out weight matrix (row-major, input index × output index) in float32.
pub fn sample_matrix(init: Init, fan_in: usize, fan_out: usize, s: &mut Sampler) -> Vec<f32> {
    let mut w = vec![0.0f32; fan_in * fan_out];
    match init {
        Init::XavierUniform => {
            let a = (6.0 / (fan_in + fan_out) as f64).sqrt();
            for x in w.iter_mut() {
                *x = (a * (2.0 * s.uniform() - 1.0)) as f32;
            }
        }
        Init::Orthogonal => orthogonal(fan_in, fan_out, s, &mut w),
        _ => s.fill_normal_f32(&mut w, init.weight_variance(fan_in, fan_out).sqrt()),
    }
    w
}

/// torch's orthogonal_ on the (fan_out × fan_in) weight, stored transposed as ours:
/// Q of a Gaussian tall matrix (with diag R > 0) spans the longer side, so W has orthonormal
/// rows when fan_in ≤ fan_out and orthonormal columns otherwise.
fn orthogonal(fan_in: usize, fan_out: usize, s: &mut Sampler, out: &mut [f32]) {
    let (tall, short) = (fan_in.max(fan_out), fan_in.min(fan_out));
    let q = tall_q(tall, short, s);
    // q[j][i]: column j (< short) of the tall×short Q, entry i (< tall).
    for r in 0..fan_in {
        for c in 0..fan_out {
            let v = if fan_in >= fan_out {
                q[c * tall + r]
            } else {
                q[r * tall + c]
            };
            out[r * fan_out + c] = v as f32;
        }
    }
}

/// The `short` orthonormal columns (each `tall` long, stored one after another) of the QR
/// factorisation of a tall×short Gaussian matrix, by modified Gram–Schmidt in float64 (which
/// gives R with a positive diagonal, as torch's sign fix does). Sums run in ascending order.
fn tall_q(tall: usize, short: usize, s: &mut Sampler) -> Vec<f64> {
    let mut cols = vec![0.0f64; tall * short];
    for i in 0..tall {
        for j in 0..short {
            cols[j * tall + i] = s.normal();
        }
    }
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).fold(0.0, |acc, (x, y)| acc + x * y);
    for j in 0..short {
        let (done, rest) = cols.split_at_mut((j + 1) * tall);
        let qj = &mut done[j * tall..];
        let norm = dot(qj, qj).sqrt();
        if norm > 0.0 {
            let inv = 1.0 / norm;
            qj.iter_mut().for_each(|x| *x *= inv);
        }
        for ak in rest.chunks_exact_mut(tall) {
            let r = dot(qj, ak);
            ak.iter_mut().zip(qj.iter()).for_each(|(a, &q)| *a -= r * q);
        }
    }
    cols
}
