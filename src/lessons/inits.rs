//! Section 5's table: one row per weight initialization the explorer offers.

use crate::sim::Init;

/// One row. TeX fields are bare TeX (no dollars); `note` is inline Markdown.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InitRow {
    /// The id the "try it" button loads (`Init::id`).
    pub init: Init,
    pub name: &'static str,
    /// The distribution each weight is drawn from.
    pub distribution_tex: &'static str,
    /// The variance of one weight, as TeX.
    pub variance_tex: &'static str,
    /// The same in plain text for the table.
    pub variance_text: &'static str,
    pub best_for: &'static str,
    /// The PyTorch call for an `nn.Linear` called `layer` (what the snippet uses).
    pub torch_call: &'static str,
    pub note: &'static str,
}

pub const INIT_ROWS: [InitRow; 7] = [
    InitRow {
        init: Init::XavierNormal,
        name: "Xavier / Glorot (normal)",
        distribution_tex: r"W_{ij} \sim \mathcal{N}\!\left(0,\ \frac{2}{n_{\text{in}} + n_{\text{out}}}\right)",
        variance_tex: r"\frac{2}{n_{\text{in}} + n_{\text{out}}}",
        variance_text: "2 / (fan_in + fan_out)",
        best_for: "tanh, identity",
        torch_call: "nn.init.xavier_normal_(layer.weight)",
        note: "A compromise between keeping the forward signal steady (which wants \
               $1/n_{\\text{in}}$) and the backward signal steady (which wants \
               $1/n_{\\text{out}}$), derived for activations with slope 1 at zero. It does \
               not suit the sigmoid: sigmoid with Xavier loses about 9 decades in 15 layers.",
    },
    InitRow {
        init: Init::XavierUniform,
        name: "Xavier / Glorot (uniform)",
        distribution_tex: r"W_{ij} \sim \mathcal{U}\!\left(-\sqrt{\frac{6}{n_{\text{in}} + n_{\text{out}}}},\ \sqrt{\frac{6}{n_{\text{in}} + n_{\text{out}}}}\right)",
        variance_tex: r"\frac{2}{n_{\text{in}} + n_{\text{out}}}",
        variance_text: "2 / (fan_in + fan_out)",
        best_for: "tanh, identity",
        torch_call: "nn.init.xavier_uniform_(layer.weight)",
        note: "Same variance as the normal version: a uniform draw on $[-a, a]$ has variance \
               $a^2/3$.",
    },
    InitRow {
        init: Init::HeNormal,
        name: "He / Kaiming (normal)",
        distribution_tex: r"W_{ij} \sim \mathcal{N}\!\left(0,\ \frac{2}{n_{\text{in}}}\right)",
        variance_tex: r"\frac{2}{n_{\text{in}}}",
        variance_text: "2 / fan_in",
        best_for: "ReLU, leaky ReLU",
        torch_call: "nn.init.kaiming_normal_(layer.weight, nonlinearity=\"relu\")",
        note: "Twice LeCun's variance, to make up for the half of its input that ReLU sets \
               to zero (He et al., 2015). Critical only for ReLU and leaky ReLU: GELU with He \
               vanishes at depth 100, ELU with He explodes.",
    },
    InitRow {
        init: Init::LecunNormal,
        name: "LeCun (normal)",
        distribution_tex: r"W_{ij} \sim \mathcal{N}\!\left(0,\ \frac{1}{n_{\text{in}}}\right)",
        variance_tex: r"\frac{1}{n_{\text{in}}}",
        variance_text: "1 / fan_in",
        best_for: "SELU",
        torch_call: "nn.init.normal_(layer.weight, std=layer.in_features ** -0.5)",
        note: "The oldest of the family (LeCun et al., 1998). It keeps the pre-activation \
               variance equal to the input's, which is exactly what SELU's self-normalization \
               assumes.",
    },
    InitRow {
        init: Init::Orthogonal,
        name: "Orthogonal",
        distribution_tex: r"W = Q,\ \ G = QR,\ \ G_{ij} \sim \mathcal{N}(0, 1)",
        variance_tex: r"\frac{1}{n}",
        variance_text: "1 / n (square n × n)",
        best_for: "identity, tanh; deep linear nets",
        torch_call: "nn.init.orthogonal_(layer.weight)",
        note: "Every singular value is exactly 1, so a linear layer preserves the length of \
               every vector, forwards and backwards.",
    },
    InitRow {
        init: Init::RandomNormal,
        name: "Random (σ = 1)",
        distribution_tex: r"W_{ij} \sim \mathcal{N}(0,\ 1)",
        variance_tex: r"1",
        variance_text: "1",
        best_for: "nothing: a cautionary example",
        torch_call: "nn.init.normal_(layer.weight, mean=0.0, std=1.0)",
        note: "Ignores the layer width, so with $n$ inputs the pre-activations are about \
               $\\sqrt{n}$ times too large: saturation for sigmoid and tanh, explosion for ReLU.",
    },
    InitRow {
        init: Init::SmallNormal,
        name: "Small random (σ = 0.01)",
        distribution_tex: r"W_{ij} \sim \mathcal{N}(0,\ 0.01^2)",
        variance_tex: r"10^{-4}",
        variance_text: "0.0001",
        best_for: "nothing: a cautionary example",
        torch_call: "nn.init.normal_(layer.weight, mean=0.0, std=0.01)",
        note: "The opposite mistake: every layer shrinks the signal, forwards and backwards, \
               until it vanishes.",
    },
];

/// The row for an initialization.
pub fn init_row(init: Init) -> Option<&'static InitRow> {
    INIT_ROWS.iter().find(|r| r.init == init)
}
