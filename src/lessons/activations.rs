//! Section 4's table: one row per activation the explorer simulates.

use crate::sim::Activation;

/// How likely the activation is to cause trouble for the gradient on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RiskLevel {
    High,
    Medium,
    Low,
    VeryLow,
}

impl RiskLevel {
    pub fn id(self) -> &'static str {
        match self {
            RiskLevel::High => "high",
            RiskLevel::Medium => "medium",
            RiskLevel::Low => "low",
            RiskLevel::VeryLow => "very_low",
        }
    }
}

/// One row. TeX fields are bare TeX (no dollars); `note` is inline Markdown.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ActivationRow {
    /// The id the "try it" button loads (`Activation::id`).
    pub activation: Activation,
    pub name: &'static str,
    /// φ(x).
    pub formula_tex: &'static str,
    /// φ′(x).
    pub derivative_tex: &'static str,
    /// The values φ′ takes, as shown in the table.
    pub derivative_range_tex: &'static str,
    /// Infimum and supremum of φ′ over the real line (tests check these numerically and
    /// check that `derivative_range_tex` quotes them).
    pub derivative_inf: f64,
    pub derivative_sup: f64,
    /// The main risk, in a few words.
    pub risk: &'static str,
    pub risk_level: RiskLevel,
    pub note: &'static str,
}

pub const ACTIVATION_ROWS: [ActivationRow; 8] = [
    ActivationRow {
        activation: Activation::Sigmoid,
        name: "Sigmoid",
        formula_tex: r"\sigma(x) = \frac{1}{1 + e^{-x}}",
        derivative_tex: r"\sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)",
        derivative_range_tex: r"(0,\ 0.25]",
        derivative_inf: 0.0,
        derivative_sup: 0.25,
        risk: "Vanishing",
        risk_level: RiskLevel::High,
        note: "Its slope peaks at 0.25 at the origin, so every layer cuts the gradient to a \
               quarter at best; far from 0 the curve goes flat and the slope is nearly 0.",
    },
    ActivationRow {
        activation: Activation::Tanh,
        name: "Tanh",
        formula_tex: r"\tanh x = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
        derivative_tex: r"\tanh'(x) = 1 - \tanh^2 x",
        derivative_range_tex: r"(0,\ 1]",
        derivative_inf: 0.0,
        derivative_sup: 1.0,
        risk: "Vanishing",
        risk_level: RiskLevel::Medium,
        note: "Centred on zero and four times steeper than the sigmoid at the origin, but it \
               flattens out just the same once inputs grow large.",
    },
    ActivationRow {
        activation: Activation::Relu,
        name: "ReLU",
        formula_tex: r"\max(0,\ x)",
        derivative_tex: r"\mathbf{1}[x > 0]",
        derivative_range_tex: r"\{0,\ 1\}",
        derivative_inf: 0.0,
        derivative_sup: 1.0,
        risk: "Dead neurons",
        risk_level: RiskLevel::Medium,
        note: "Passes the gradient through unchanged wherever a unit is active and blocks it \
               completely elsewhere; a unit that is negative for every input never learns again.",
    },
    ActivationRow {
        activation: Activation::LeakyRelu,
        name: "Leaky ReLU",
        formula_tex: r"\max(\alpha x,\ x),\ \alpha = 0.01",
        derivative_tex: r"\begin{cases} 1 & x > 0 \\ \alpha & x \le 0 \end{cases}",
        derivative_range_tex: r"\{0.01,\ 1\}",
        derivative_inf: 0.01,
        derivative_sup: 1.0,
        risk: "Low",
        risk_level: RiskLevel::Low,
        note: "The small slope on the negative side keeps a trickle of gradient flowing, so \
               units cannot die.",
    },
    ActivationRow {
        activation: Activation::Elu,
        name: "ELU",
        formula_tex: r"\begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases},\ \alpha = 1",
        derivative_tex: r"\begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}",
        derivative_range_tex: r"(0,\ 1]",
        derivative_inf: 0.0,
        derivative_sup: 1.0,
        risk: "Exploding with He at depth 100",
        risk_level: RiskLevel::Medium,
        note: "Smooth at the origin, and its negative outputs pull the mean activation \
               towards zero. He's factor 2 is slightly too much for it: ELU with He explodes \
               at depth 100.",
    },
    ActivationRow {
        activation: Activation::Selu,
        name: "SELU",
        formula_tex: r"\lambda \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases}",
        derivative_tex: r"\lambda \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}",
        derivative_range_tex: r"(0,\ \lambda\alpha] \approx (0,\ 1.758],\ \lambda \approx 1.0507",
        derivative_inf: 0.0,
        derivative_sup: 1.758,
        risk: "Exploding at depth 100 in 19 of 20 seeds, even with LeCun",
        risk_level: RiskLevel::Medium,
        note: "Self-normalizing going forward: with LeCun weights a unit-variance input keeps \
               mean 0 and variance 1 from layer to layer (Klambauer et al., 2017). Going \
               backward its factor is $\\chi \\approx 1.072$, which alone gives 31× over 100 \
               layers; the simulation's gradient grows about 35× to 70× there (Philipp et al., \
               2018). The slope is λ ≈ 1.0507 on the positive side \
               and rises to λα ≈ 1.758 just left of the origin.",
    },
    ActivationRow {
        activation: Activation::Gelu,
        name: "GELU",
        formula_tex: r"x\,\Phi(x)",
        derivative_tex: r"\Phi(x) + x\,\varphi(x)",
        derivative_range_tex: r"\approx [-0.129,\ 1.129]",
        derivative_inf: -0.129,
        derivative_sup: 1.129,
        risk: "Vanishing with He at depth 100",
        risk_level: RiskLevel::Medium,
        note: "A smooth ReLU used in transformers ($\\Phi$ is the normal distribution function). \
               Its slope dips slightly below zero at $x = -\\sqrt{2}$ and overshoots 1 at \
               $x = \\sqrt{2}$. Its slope at 0 is only 0.5, so once the pre-activations \
               shrink, GELU with He vanishes at depth 100.",
    },
    ActivationRow {
        activation: Activation::Identity,
        name: "Identity",
        formula_tex: r"x",
        derivative_tex: r"1",
        derivative_range_tex: r"\{1\}",
        derivative_inf: 1.0,
        derivative_sup: 1.0,
        risk: "Depends on weights only",
        risk_level: RiskLevel::Low,
        note: "No nonlinearity at all: the whole network is one matrix product, so the weights \
               alone decide whether gradients shrink or grow. A useful baseline.",
    },
];

/// The row for an activation.
pub fn activation_row(a: Activation) -> Option<&'static ActivationRow> {
    ACTIVATION_ROWS.iter().find(|r| r.activation == a)
}
