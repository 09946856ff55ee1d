//! Weight initialisations: their variances (for theory and lessons) and their samplers.

use super::config::Init;
use super::rng::Sampler;

impl Init {
    /// Name for people: the label (`label`, declared with the id by `choice!`).
    pub fn display_name(self) -> &'static str {
        self.label()
    }

    /// Variance of one weight entry. Orthogonal (gain 1, square) has entries of variance 1/n.
    /// A fan of 0 is treated as 1 so the answer is always finite.
    pub fn weight_variance(self, fan_in: usize, fan_out: usize) -> f64 {
        let fi = fan_in.max(1) as f64;
        let fo = fan_out.max(1) as f64;
        match self {
            Init::XavierNormal | Init::XavierUniform => 2.0 / (fi + fo),
            Init::HeNormal => 2.0 / fi,
            Init::LecunNormal => 1.0 / fi,
            Init::Orthogonal => 1.0 / fi.max(fo),
            Init::RandomNormal => 1.0,
            Init::SmallNormal => 1e-4,
        }
    }
}

/// What a layer's random draws are, before any scaling: the Gaussian inits (and any σ_w²
/// override) all scale the same unit normals, so a cache of unit draws serves all of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Draws {
    /// Unit normals (float32); the weights are `scale · z`.
    Normal,
    /// The final Xavier-uniform weights.
    Uniform,
    /// The final orthogonal weights.
    Orthogonal,
}

/// The draws an init uses and the float32 factor applied to each (None: used as drawn).
pub fn weight_recipe(init: Init, sigma_w2: Option<f64>, n: usize) -> (Draws, Option<f32>) {
    if let Some(sw2) = sigma_w2 {
        return (Draws::Normal, Some((sw2 / n as f64).sqrt() as f32));
    }
    match init {
        Init::XavierUniform => (Draws::Uniform, None),
        Init::Orthogonal => (Draws::Orthogonal, None),
        _ => (
            Draws::Normal,
            Some(init.weight_variance(n, n).sqrt() as f32),
        ),
    }
}

/// One n×n matrix of `draws` (row-major, input index × output index), unscaled.
pub fn sample_draws(draws: Draws, n: usize, s: &mut Sampler) -> Vec<f32> {
    let mut w = vec![0.0f32; n * n];
    match draws {
        Draws::Normal => s.fill_normal_f32(&mut w, 1.0),
        Draws::Uniform => {
            let a = (6.0 / (2 * n) as f64).sqrt();
            for x in w.iter_mut() {
                *x = (a * (2.0 * s.uniform() - 1.0)) as f32;
            }
        }
        Draws::Orthogonal => orthogonal(n, n, s, &mut w),
    }
    w
}

/// Samples one n×n weight matrix (row-major, input index × output index) in float32.
/// `sigma_w2` overrides the init: entries ~ N(0, σ_w²/n).
pub fn sample_weights(init: Init, sigma_w2: Option<f64>, n: usize, s: &mut Sampler) -> Vec<f32> {
    let (draws, scale) = weight_recipe(init, sigma_w2, n);
    let mut w = sample_draws(draws, n, s);
    if let Some(sd) = scale {
        // sd · (1 · z) = sd · z exactly: the bits of drawing N(0, sd²) directly.
        w.iter_mut().for_each(|x| *x *= sd);
    }
    w
}

/// A fan_in×fan_out orthogonal weight matrix (row-major, input index × output index) in
/// float32, as `torch.nn.init.orthogonal_` (gain 1) on the fan_out×fan_in weight, stored
/// transposed as ours: Q of the QR factorisation of a Gaussian tall×short matrix (tall = the
/// longer side) with diag(R) > 0 (the same matrix as `Q · sign(diag R)` from Householder QR),
/// so W has orthonormal columns when fan_in ≥ fan_out and orthonormal rows otherwise. The
/// explorer's square layers and the trainer's rectangular ones both come from here.
pub fn orthogonal(fan_in: usize, fan_out: usize, s: &mut Sampler, out: &mut [f32]) {
    let (tall, short) = (fan_in.max(fan_out), fan_in.min(fan_out));
    let q = tall_q(tall, short, s);
    // q[j * tall + i]: entry i (< tall) of column j (< short) of the tall×short Q.
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
/// factorisation of a tall×short Gaussian matrix drawn row by row, by modified Gram–Schmidt on
/// columns in float64 (which gives R with a positive diagonal, as torch's sign fix does).
/// One pass suffices: loss of orthogonality ~ ε₆₄·cond(G) ≈ 1e-13, far below float32 resolution.
/// Dot products use 4 fixed partial sums, so the order (and the bits) never depend on SIMD width.
fn tall_q(tall: usize, short: usize, s: &mut Sampler) -> Vec<f64> {
    // cols[j * tall + i] = G[i][j], drawn row by row.
    let mut cols = vec![0.0f64; tall * short];
    for i in 0..tall {
        for j in 0..short {
            cols[j * tall + i] = s.normal();
        }
    }
    for j in 0..short {
        let (done, rest) = cols.split_at_mut((j + 1) * tall);
        let qj = &mut done[j * tall..];
        let norm = dot4(qj, qj).sqrt();
        if norm > 0.0 {
            let inv = 1.0 / norm;
            qj.iter_mut().for_each(|x| *x *= inv);
        }
        for ak in rest.chunks_exact_mut(tall) {
            let r = dot4(qj, ak);
            ak.iter_mut().zip(qj.iter()).for_each(|(a, &q)| *a -= r * q);
        }
    }
    cols
}

/// Dot product with four interleaved partial sums combined in a fixed order.
fn dot4(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let mut ca = a.chunks_exact(4);
    let mut cb = b.chunks_exact(4);
    for (x, y) in (&mut ca).zip(&mut cb) {
        for t in 0..4 {
            acc[t] += x[t] * y[t];
        }
    }
    let mut tail = 0.0;
    for (x, y) in ca.remainder().iter().zip(cb.remainder()) {
        tail += x * y;
    }
    ((acc[0] + acc[1]) + (acc[2] + acc[3])) + tail
}
