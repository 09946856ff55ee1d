//! Mean softmax cross-entropy over the rows of an n×C logit matrix, and its gradient.
//! Per-row log-sum-exp in float64 with `libm` (so wasm32 gives the same bits).

/// Loss (rounded to float32, returned as f64) and dL/dlogits = (softmax − one-hot)/n.
pub fn softmax_cross_entropy(
    logits: &[f32],
    labels: &[u8],
    classes: usize,
    grad: &mut [f32],
) -> f64 {
    let n = labels.len();
    let mut total = 0.0f64;
    for ((z, g), &y) in logits
        .chunks_exact(classes)
        .zip(grad.chunks_exact_mut(classes))
        .zip(labels)
    {
        let m = z.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v as f64));
        let sum = z.iter().fold(0.0f64, |s, &v| s + libm::exp(v as f64 - m));
        let lse = m + libm::log(sum);
        total += lse - z[y as usize] as f64;
        for (c, (gc, &zc)) in g.iter_mut().zip(z).enumerate() {
            let p = libm::exp(zc as f64 - lse);
            let target = if c == y as usize { 1.0 } else { 0.0 };
            *gc = ((p - target) / n as f64) as f32;
        }
    }
    // NaN logits fall through `max` (which ignores NaN) but poison `sum`: the loss is NaN.
    ((total / n as f64) as f32) as f64
}

/// Fraction of rows whose largest logit (the first on a tie) is the label's.
pub fn accuracy(logits: &[f32], labels: &[u8], classes: usize) -> f64 {
    let correct = logits
        .chunks_exact(classes)
        .zip(labels)
        .filter(|(z, &y)| {
            let best = (1..classes).fold(0, |b, c| if z[c] > z[b] { c } else { b });
            best == y as usize
        })
        .count();
    correct as f64 / labels.len().max(1) as f64
}
