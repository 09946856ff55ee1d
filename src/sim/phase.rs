//! The order-to-chaos picture of a plain network (Poole et al. 2016; Schoenholz et al. 2017):
//! the variance map q ↦ σ_w²·E[φ(z)²] + σ_b² (z ~ N(0, q)) settles at a fixed point q*, and
//! χ* = σ_w²·E[φ′(z)²] there is what each layer multiplies the squared gradient by. χ* < 1 is
//! the ordered phase (gradients vanish), χ* > 1 the chaotic one (they explode); χ* = 1 is the
//! edge of chaos. The depth scale ξ = 1/|ln χ*| is how many layers it takes the squared
//! gradient to change e-fold.

use super::config::Activation;
use super::theory::gaussian_expectation;

/// q stays within these bounds: below, every φ here is linear to 1e-12 (so χ no longer
/// depends on q); above, the map has run away to infinity (an unbounded φ with σ_w² above its
/// critical value), and χ there is its limit.
const Q_MIN: f64 = 1e-12;
const Q_MAX: f64 = 1e12;
/// A q above this is running away: the fixed point of a bounded φ (sigmoid, tanh) is at most
/// σ_w² + σ_b² ≤ 200 within the config's ranges, so only an unbounded φ gets here.
const Q_RUNAWAY: f64 = 1e4;
/// The search brackets the fixed point in steps of ×4 in q, then closes the bracket (in log q)
/// until q* is known to this relative precision.
const BRACKET_STEP: f64 = 4.0;
const REL_TOL: f64 = 1e-8;

/// The variance fixed point that the iteration q ↦ F(q) = σ_w²·E[φ(z)²] + σ_b² reaches from
/// the input's q_1 = σ_w² + σ_b² (E[x²] = 1), and χ there: (q*, χ*). F increases with q for
/// every φ here, so the iteration moves monotonically from q_1 to the nearest fixed point in
/// the direction of F(q_1) − q_1: we bracket that point and close in on it, which is exact
/// even on the critical line, where iterating converges like 1/l. q* is kept within
/// [1e-12, 1e12]; NaN for inputs that are not finite and ≥ 0.
pub fn fixed_point(act: Activation, sigma_w2: f64, sigma_b2: f64) -> (f64, f64) {
    let valid = |v: f64| v.is_finite() && v >= 0.0;
    if !valid(sigma_w2) || !valid(sigma_b2) {
        return (f64::NAN, f64::NAN);
    }
    let gap = |q: f64| sigma_w2 * gaussian_expectation(|z| act.eval(z).powi(2), q) + sigma_b2 - q;
    let q1 = (sigma_w2 + sigma_b2).clamp(Q_MIN, Q_MAX);
    let rising = gap(q1) > 0.0;
    let q = match bracket(&gap, q1, rising) {
        Ok((from, to)) => {
            let (from, to) = (libm::log(from), libm::log(to));
            libm::exp(sign_change(|u| gap(libm::exp(u)), from, to, REL_TOL))
        }
        Err(bound) => bound,
    };
    (q, chi_at(act, sigma_w2, q))
}

/// From q1, steps q by ×4 (`rising`) or ÷4 until the gap changes sign: Ok(the last q still
/// moving that way, the first past the fixed point), or Err(the bound q runs off to).
fn bracket(gap: &impl Fn(f64) -> f64, q1: f64, rising: bool) -> Result<(f64, f64), f64> {
    let bound = if rising { Q_MAX } else { Q_MIN };
    let mut from = q1;
    loop {
        if from == bound || (rising && from > Q_RUNAWAY) {
            return Err(bound);
        }
        let to = if rising {
            (from * BRACKET_STEP).min(Q_MAX)
        } else {
            (from / BRACKET_STEP).max(Q_MIN)
        };
        let g = gap(to);
        if g == 0.0 || (g > 0.0) != rising {
            return Ok((from, to));
        }
        from = to;
    }
}

/// Where `f` changes sign between `a` and `b` (f(a) and f(b) of opposite signs, or one of
/// them 0), to within `tol`, by the Illinois method: regula falsi (a secant step lands close
/// where `f` is smooth) that halves the weight of an end kept twice in a row, so both ends
/// close in: about half the steps of halving the bracket (10.8 gap evaluations per χ* in the
/// GELU phase diagram instead of 19.9; 13.9 instead of 31.1 for tanh).
fn sign_change(f: impl Fn(f64) -> f64, mut a: f64, mut b: f64, tol: f64) -> f64 {
    let (mut fa, mut fb) = (f(a), f(b));
    if fa == 0.0 {
        return a;
    }
    let a_positive = fa > 0.0;
    let mut kept_a = None;
    for _ in 0..100 {
        if fb == 0.0 || (b - a).abs() <= tol {
            break;
        }
        // The secant point, or the midpoint where rounding put it outside the bracket.
        let secant = (a * fb - b * fa) / (fb - fa);
        let inside = secant > a.min(b) && secant < a.max(b);
        let c = if inside { secant } else { 0.5 * (a + b) };
        let fc = f(c);
        let replaces_a = fc != 0.0 && (fc > 0.0) == a_positive;
        if replaces_a {
            (a, fa) = (c, fc);
        } else {
            (b, fb) = (c, fc);
        }
        // The end kept twice in a row weighs half as much: the next secant moves towards it.
        if kept_a == Some(!replaces_a) {
            if replaces_a {
                fb *= 0.5;
            } else {
                fa *= 0.5;
            }
        }
        kept_a = Some(!replaces_a);
    }
    if fb == 0.0 {
        b
    } else {
        0.5 * (a + b)
    }
}

/// Whether a `q` returned by `fixed_point` is a bound the map runs off to rather than a
/// fixed point it settles at: the variance collapses towards 0 or grows without limit, so the
/// χ* reported there is only a limit that a network of finite depth may never meet.
pub fn is_bound(q: f64) -> bool {
    q <= Q_MIN || q >= Q_MAX
}

/// The fixed point q* alone (see `fixed_point`).
pub fn fixed_point_q(act: Activation, sigma_w2: f64, sigma_b2: f64) -> f64 {
    fixed_point(act, sigma_w2, sigma_b2).0
}

/// χ = σ_w²·E[φ′(z)²] for z ~ N(0, q).
pub fn chi_at(act: Activation, sigma_w2: f64, q: f64) -> f64 {
    sigma_w2 * gaussian_expectation(|z| act.derivative(z).powi(2), q)
}

/// χ* = χ at the variance fixed point: the per-layer factor of the squared gradient deep in
/// a plain network.
pub fn chi_star(act: Activation, sigma_w2: f64, sigma_b2: f64) -> f64 {
    fixed_point(act, sigma_w2, sigma_b2).1
}

/// How the gradient changes with depth at a given χ.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DepthScale {
    /// χ < 1: the squared gradient shrinks e-fold every ξ layers going back.
    Shrinks(f64),
    /// χ > 1: it grows e-fold every ξ layers.
    Grows(f64),
    /// χ = 1 (to 1e-9): no depth scale, the gradient keeps its size.
    None,
    /// χ is 0 (the gradient is gone after one layer), NaN or infinite.
    Undefined,
}

/// ξ = −1/ln χ (its absolute value, with the direction in the variant).
pub fn depth_scale(chi: f64) -> DepthScale {
    if !chi.is_finite() || chi <= 0.0 {
        return DepthScale::Undefined;
    }
    let ln = libm::log(chi);
    if ln.abs() < 1e-9 {
        DepthScale::None
    } else if ln < 0.0 {
        DepthScale::Shrinks(-1.0 / ln)
    } else {
        DepthScale::Grows(1.0 / ln)
    }
}

/// The σ_w² at which χ* = 1 for bias variance `sigma_b2`, searched in (0, `hi`] by
/// bisection on the sign of χ* − 1 (χ* grows with σ_w² for every φ here); `None` when χ*
/// stays on one side of 1 over the whole interval.
pub fn critical_sigma_w2(act: Activation, sigma_b2: f64, hi: f64) -> Option<f64> {
    let above = |sw2: f64| chi_star(act, sw2, sigma_b2) > 1.0;
    let (mut lo, mut hi) = (1e-6, hi);
    if above(lo) || !above(hi) {
        return None;
    }
    for _ in 0..40 {
        let mid = 0.5 * (lo + hi);
        if above(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(0.5 * (lo + hi))
}
