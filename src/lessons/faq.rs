//! Section 8: questions readers ask, each answer pointing at a preset that shows it.

/// Preset ids the lessons may point at (the UI owns the presets themselves).
pub const KNOWN_PRESETS: [&str; 8] = [
    "vanishing-sigmoid",
    "healthy-relu-he",
    "exploding-random",
    "tanh-xavier",
    "selu-lecun",
    "relu-xavier",
    "saturated-sigmoid",
    "small-init",
];

/// One question. `answer` is Markdown (may hold `$…$` and several paragraphs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FaqEntry {
    pub id: &'static str,
    pub question: &'static str,
    pub answer: &'static str,
    /// A preset that demonstrates the answer, if one does.
    pub preset: Option<&'static str>,
}

pub const FAQ: [FaqEntry; 8] = [
    FaqEntry {
        id: "causes-vanishing",
        question: "What makes gradients vanish?",
        answer: "On its way back, the gradient is multiplied at every layer by the slope of the \
                 activation and by the weights. If that factor is below 1 on average, the \
                 product shrinks geometrically with depth. Two things push it down: an \
                 activation with a small slope (the sigmoid's never exceeds 0.25, and saturated \
                 units have almost none) and weights with too little variance.",
        preset: Some("vanishing-sigmoid"),
    },
    FaqEntry {
        id: "causes-exploding",
        question: "What makes gradients explode?",
        answer: "The same product, with a factor above 1. The usual cause is weights whose \
                 variance ignores the layer width. With $\\mathcal{N}(0, 1)$ weights and 64 \
                 inputs, a linear layer's outputs come out about $\\sqrt{64} = 8$ times larger \
                 than its inputs; ReLU zeroes half of them and still leaves a factor of about \
                 $\\sqrt{32} \\approx 5.7$. Nothing in ReLU flattens out to stop the growth, and \
                 float32 overflows after a few dozen layers.",
        preset: Some("exploding-random"),
    },
    FaqEntry {
        id: "xavier",
        question: "How does Xavier (Glorot) initialization help?",
        answer: "It sets the weight variance to $2/(n_{\\text{in}} + n_{\\text{out}})$, a \
                 compromise between $1/n_{\\text{in}}$, which keeps the forward activations at \
                 a constant spread, and $1/n_{\\text{out}}$, which does the same for the \
                 backward gradients. For tanh, which behaves like the identity near 0, this \
                 keeps both directions close to steady.",
        preset: Some("tanh-xavier"),
    },
    FaqEntry {
        id: "he-for-relu",
        question: "Why does ReLU need He initialization?",
        answer: "ReLU outputs zero for about half of its inputs, so for a symmetric input it \
                 keeps only half of the second moment: $\\mathbb{E}[\\mathrm{relu}(z)^2] = \
                 \\tfrac12\\,\\mathbb{E}[z^2]$. Doubling the weight variance to $2/n_{\\text{in}}$ \
                 gives that half back. With Xavier's smaller variance a deep ReLU network \
                 loses signal at every layer; compare the two presets.",
        preset: Some("relu-xavier"),
    },
    FaqEntry {
        id: "which-activation",
        question: "Which activation should I pick?",
        answer: "For a plain deep stack, a member of the ReLU family (ReLU, leaky ReLU, ELU, \
                 GELU) with He initialization is a dependable default. SELU with LeCun \
                 initialization keeps itself normalized without extra layers. Keep the \
                 sigmoid for outputs that must be probabilities rather than for hidden layers.",
        preset: Some("selu-lecun"),
    },
    FaqEntry {
        id: "how-many-layers",
        question: "How many layers before it becomes a problem?",
        answer: "It depends on how far the per-layer factor is from 1, because the effect \
                 compounds. With the sigmoid's best-case slope of 0.25, ten layers already \
                 shrink the gradient by about a million ($0.25^{10} \\approx 10^{-6}$). A \
                 well-matched activation and initialization keep the factor near 1, and \
                 gradients then stay usable through a hundred layers or more; residual connections and \
                 normalization layers push that to the thousands. Raise the depth slider on \
                 any preset and watch where the first layer's bar falls away.",
        preset: Some("healthy-relu-he"),
    },
    FaqEntry {
        id: "saturation",
        question: "Why do large weights make a sigmoid network worse, not better?",
        answer: "Large weights push the pre-activations far from zero, where the sigmoid is \
                 flat. The activation histogram piles up at 0 and 1 and the slope there is \
                 nearly zero, so the gradient is cut even harder than the 0.25 ceiling \
                 suggests.",
        preset: Some("saturated-sigmoid"),
    },
    FaqEntry {
        id: "small-init",
        question: "Isn't starting with tiny weights the safe choice?",
        answer: "No. Weights of size 0.01 shrink the signal at every layer on the way forward \
                 and the gradient at every layer on the way back. In a deep network both die \
                 out, and in float32 they can underflow to exactly zero.",
        preset: Some("small-init"),
    },
];
