//! Section 3's three cards: what the per-layer factor does when it sits below, at, or above 1.

/// The three ways a gradient can travel through depth.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Regime {
    Vanishing,
    Healthy,
    Exploding,
}

impl Regime {
    pub fn id(self) -> &'static str {
        match self {
            Regime::Vanishing => "vanishing",
            Regime::Healthy => "healthy",
            Regime::Exploding => "exploding",
        }
    }
}

/// One card. `summary` is inline Markdown (may hold `$…$`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RegimeCard {
    pub regime: Regime,
    pub title: &'static str,
    /// The condition on the per-layer factor, as TeX.
    pub condition_tex: &'static str,
    pub summary: &'static str,
    /// Preset the card's button loads.
    pub preset: &'static str,
    pub button_label: &'static str,
}

pub const REGIME_CARDS: [RegimeCard; 3] = [
    RegimeCard {
        regime: Regime::Vanishing,
        title: "Vanishing",
        condition_tex: r"\chi < 1",
        summary: "Each layer passes back a little less than it received, so the gradient fades \
                  geometrically on its way to the input. The first layers get updates too small \
                  to matter and barely move. Typical culprits: the sigmoid, whose slope never \
                  exceeds 0.25, and weights drawn too small for the activation.",
        preset: "vanishing-sigmoid",
        button_label: "Load the sigmoid example",
    },
    RegimeCard {
        regime: Regime::Healthy,
        title: "Healthy",
        condition_tex: r"\chi \approx 1",
        summary: "Each layer passes back about as much as it received. Every layer, the first \
                  ones included, gets a gradient of useful size. This is what an activation \
                  paired with its matching initialization buys you, for example ReLU with He.",
        preset: "healthy-relu-he",
        button_label: "Load ReLU + He",
    },
    RegimeCard {
        regime: Regime::Exploding,
        title: "Exploding",
        condition_tex: r"\chi > 1",
        summary: "Each layer amplifies what it received, so the gradient swells geometrically. \
                  Updates overshoot, the loss jumps around, and in floating point the numbers \
                  can overflow to `inf` and then `NaN`. Weights drawn with too large a variance, \
                  such as plain $\\mathcal{N}(0, 1)$, are the usual cause.",
        preset: "exploding-random",
        button_label: "Load the N(0, 1) example",
    },
];
