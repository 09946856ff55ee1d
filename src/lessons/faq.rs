//! Section 8: questions readers ask, each answer pointing at a preset that shows it.

/// Preset ids the lessons may point at (the UI owns the presets themselves).
pub const KNOWN_PRESETS: [&str; 12] = [
    "vanishing-sigmoid",
    "healthy-relu-he",
    "exploding-random",
    "tanh-xavier",
    "selu-lecun",
    "relu-xavier",
    "saturated-sigmoid",
    "small-init",
    "batchnorm-relu",
    "residual-relu-he",
    "scaled-residual-layernorm",
    "residual-sigmoid",
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
                 with ReLU and $\\mathcal{N}(0, 1)$ weights float32 overflows by depth 30.",
        preset: Some("exploding-random"),
    },
    FaqEntry {
        id: "xavier",
        question: "How does Xavier (Glorot) initialization help?",
        answer: "It sets the weight variance to $2/(n_{\\text{in}} + n_{\\text{out}})$, a \
                 compromise between $1/n_{\\text{in}}$, which keeps the forward activations at \
                 a constant spread, and $1/n_{\\text{out}}$, which does the same for the \
                 backward gradients (Glorot and Bengio, 2010). For tanh, which behaves like the \
                 identity near 0, this keeps the gradient close to steady: tanh with Xavier \
                 stays healthy at depth 100. It does not keep the activations steady: their \
                 spread shrinks layer after layer, as mean-field theory predicts (Poole et al., \
                 2016); the preset's activation chart shows it.",
        preset: Some("tanh-xavier"),
    },
    FaqEntry {
        id: "he-for-relu",
        question: "Why does ReLU need He initialization?",
        answer: "ReLU outputs zero for about half of its inputs, so for a symmetric input it \
                 keeps only half of the second moment: $\\mathbb{E}[\\mathrm{relu}(z)^2] = \
                 \\tfrac12\\,\\mathbb{E}[z^2]$. Doubling the weight variance to $2/n_{\\text{in}}$ \
                 gives that half back (He et al., 2015). With Xavier's smaller variance, ReLU \
                 with Xavier vanishes at depth 30; compare the two presets.",
        preset: Some("relu-xavier"),
    },
    FaqEntry {
        id: "which-activation",
        question: "Which activation should I pick?",
        answer: "For a plain deep stack, ReLU or leaky ReLU with He initialization is a \
                 dependable default: He's variance is critical for exactly these two, and \
                 ReLU with He stays healthy at depth 100. ELU and GELU with He are healthy at \
                 depth 15 in every seed but drift with depth (Hayou et al., 2019): GELU with He \
                 vanishes at depth 100 and ELU with He explodes, and at depth 30 the seed \
                 already decides. SELU with LeCun keeps its activations normalized going \
                 forward, yet its gradient grows slowly: SELU with LeCun explodes at depth 100 \
                 in 19 of 20 seeds (Philipp et al., 2018). Keep the sigmoid for \
                 outputs that must be probabilities rather than for hidden layers.",
        preset: Some("healthy-relu-he"),
    },
    FaqEntry {
        id: "how-many-layers",
        question: "How many layers before it becomes a problem?",
        answer: "It depends on how far the per-layer factor is from 1, because the effect \
                 compounds. Sigmoid with Xavier loses about 9 decades in 15 layers. A \
                 well-matched pair keeps the factor near 1: ReLU with He at width 64 stays \
                 healthy at depth 100. Width matters as well, because narrow layers make the \
                 factor fluctuate from layer to layer (Hanin, 2018): at width 8, ReLU with He \
                 at depth 100 vanishes or has a dead layer in each of 20 seeds. Residual \
                 connections took networks past a thousand layers (He et al., 2016), and \
                 initialization alone can too: Xiao et al. (2018) trained plain convolutional \
                 networks of 10 000 layers with delta-orthogonal weights. Batch \
                 normalization alone does not get there: in a plain stack it makes gradients \
                 explode at initialization (Yang et al., 2019). Raise the depth slider on any \
                 preset and watch where the first layer's bar falls away.",
        preset: Some("healthy-relu-he"),
    },
    FaqEntry {
        id: "saturation",
        question: "Do large weights help or hurt a sigmoid network?",
        answer: "Both. Large weights push the pre-activations far from zero, where the sigmoid \
                 is flat: the activation histogram piles up at 0 and 1 and many units are \
                 saturated. But the same weights multiply whatever slope is left, and that \
                 wins: sigmoid with $\\mathcal{N}(0, 1)$ weights at depth 40 and width 64 loses \
                 about 2.5 decades, where sigmoid with Xavier loses about 25. The balance \
                 depends on the width, because $\\sigma = 1$ means $\\sigma_w^2 = n$: at width \
                 128 the same network is healthy, at width 256 it explodes. The sigmoid's \
                 factor reaches 1 only with weights of about $10/\\sqrt{n}$, at the cost of \
                 half its units saturated and outputs centred on 0.5.",
        preset: Some("saturated-sigmoid"),
    },
    FaqEntry {
        id: "small-init",
        question: "Isn't starting with tiny weights the safe choice?",
        answer: "No. Weights of size 0.01 shrink the signal at every layer on the way forward \
                 and the gradient at every layer on the way back. In a deep network both die \
                 out: tanh with $\\sigma = 0.01$ loses about 15 decades over 15 layers.",
        preset: Some("small-init"),
    },
];
