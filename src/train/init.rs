//! Weight initialisation for non-square layers: each layer's own fan-in and fan-out, and
//! `torch.nn.init.orthogonal_` for rectangular shapes (the core's `init::orthogonal`, which the
//! explorer's square layers use too). The variances come from the core
//! (`Init::weight_variance`), except orthogonal, which is sampled as a (semi-)orthogonal matrix.

use crate::sim::init::orthogonal;
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
