//! Section 7: the terms the lessons and the explorer use. Definitions are inline Markdown.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GlossaryEntry {
    /// Anchor id, unique.
    pub id: &'static str,
    pub term: &'static str,
    pub definition: &'static str,
}

pub const GLOSSARY: [GlossaryEntry; 30] = [
    GlossaryEntry {
        id: "backpropagation",
        term: "Back-propagation",
        definition: "The algorithm that computes every weight's gradient by applying the chain \
                     rule from the loss backwards, one layer at a time, reusing each layer's \
                     result for the layer before it.",
    },
    GlossaryEntry {
        id: "vanishing-gradients",
        term: "Vanishing gradients",
        definition: "Gradients that shrink by a roughly constant factor at every layer on the \
                     way back, so the layers near the input receive almost nothing and learn \
                     very slowly, if at all.",
    },
    GlossaryEntry {
        id: "exploding-gradients",
        term: "Exploding gradients",
        definition: "Gradients that grow by a roughly constant factor at every layer on the way \
                     back. Updates become huge, training turns erratic, and the numbers can \
                     overflow to `inf` or `NaN`.",
    },
    GlossaryEntry {
        id: "signal-gradient",
        term: "Signal gradient (back-propagated signal)",
        definition: "The gradient of the loss with respect to a layer's pre-activations, \
                     $\\partial\\mathcal{L}/\\partial z_l$. It is what travels from layer to \
                     layer; the explorer's gradient chart shows its norm.",
    },
    GlossaryEntry {
        id: "weight-gradient",
        term: "Weight gradient",
        definition: "The gradient of the loss with respect to a layer's weight matrix, \
                     $\\partial\\mathcal{L}/\\partial W_l$: the layer's input times the \
                     back-propagated signal. It is what the optimizer uses, and what PyTorch's \
                     `param.grad` holds.",
    },
    GlossaryEntry {
        id: "decade",
        term: "Decade",
        definition: "A factor of 10. On a log scale each step of the axis is one decade, so a \
                     gradient that falls from 1 to 0.001 has lost 3 decades. The diagnosis calls \
                     a gradient healthy while it stays within 32× (1.5 decades) of the output \
                     layer's.",
    },
    GlossaryEntry {
        id: "seed-band",
        term: "Seed band (p10–p90)",
        definition: "The same network drawn with 5 different random seeds: the shaded band spans \
                     the 10th to the 90th percentile of the 5 results. A difference inside the \
                     band is the luck of the draw, not the setting.",
    },
    GlossaryEntry {
        id: "pre-activation",
        term: "Pre-activation",
        definition: "A layer's value before the nonlinearity, \
                     $z_l = W_l a_{l-1} + b_l$; the layer's output is then \
                     $a_l = \\varphi(z_l)$.",
    },
    GlossaryEntry {
        id: "saturation",
        term: "Saturation",
        definition: "An S-shaped activation such as sigmoid or tanh receiving inputs so large in \
                     size that its curve is flat there. Its slope is then close to zero, and so \
                     is the gradient that passes through.",
    },
    GlossaryEntry {
        id: "dead-neurons",
        term: "Dead neurons",
        definition: "ReLU units whose input is negative for every example. They output zero, \
                     their slope is zero, and no gradient ever reaches their weights to bring \
                     them back. Not the same as a zero output: in a healthy ReLU network about \
                     half of all outputs are zero, each unit for some examples and not others. \
                     The explorer's percentages count zero outputs over all units and examples.",
    },
    GlossaryEntry {
        id: "fan-in-fan-out",
        term: "Fan-in / fan-out",
        definition: "The number of inputs feeding a unit (fan-in, $n_{\\text{in}}$) and the \
                     number of units it feeds (fan-out, $n_{\\text{out}}$). Initialization \
                     schemes scale the weight variance by them.",
    },
    GlossaryEntry {
        id: "variance-preservation",
        term: "Variance preservation",
        definition: "The design goal behind Xavier, He and LeCun: pick the weight variance so \
                     that activations going forward, or gradients going backward, keep the same \
                     spread from layer to layer.",
    },
    GlossaryEntry {
        id: "mean-field-chi",
        term: "Mean-field χ",
        definition: "The average factor by which the squared size of the back-propagated signal \
                     changes per layer in a wide random network, \
                     $\\chi = \\sigma_w^2\\,\\mathbb{E}[\\varphi'(z)^2]$ with $z$ drawn from the \
                     layer's pre-activation distribution. Below 1 gradients vanish, above 1 they \
                     explode; $\\chi = 1$ is the edge of chaos.",
    },
    GlossaryEntry {
        id: "edge-of-chaos",
        term: "Edge of chaos",
        definition: "The boundary between the ordered and the chaotic phase of a deep random \
                     network (Poole et al., 2016). The phases describe how the correlation \
                     between the signals of two different inputs evolves with depth: in the \
                     ordered phase it converges, so all inputs end up looking alike; in the \
                     chaotic phase they decorrelate, so even nearby inputs end up unrelated. \
                     The size of the forward signal stays finite in both phases (for tanh, say); \
                     it is the gradients that vanish in the ordered phase and explode in the \
                     chaotic one. At the boundary $\\chi = 1$, and networks initialized near it \
                     can be trained at great depth (Schoenholz et al., 2017).",
    },
    GlossaryEntry {
        id: "dynamical-isometry",
        term: "Dynamical isometry",
        definition: "A stronger condition than $\\chi = 1$: all singular values of the \
                     network's input–output Jacobian are close to 1, so gradients keep their \
                     length in every direction, not only on average.",
    },
    GlossaryEntry {
        id: "self-normalizing",
        term: "Self-normalizing network",
        definition: "A network whose activations are pulled towards mean 0 and variance 1 by \
                     the activation itself: SELU with LeCun initialization (Klambauer et al., \
                     2017). It is a property of the forward pass; backwards, SELU's factor is \
                     $\\chi \\approx 1.072$, slightly above 1.",
    },
    GlossaryEntry {
        id: "gradient-clipping",
        term: "Gradient clipping",
        definition: "Rescaling the gradient whenever its norm exceeds a threshold, before the \
                     update. It caps the damage of an exploding gradient but does nothing for \
                     a vanishing one.",
    },
    GlossaryEntry {
        id: "frobenius-norm",
        term: "Frobenius norm",
        definition: "The square root of the sum of squares of all entries of a matrix, \
                     $\\lVert A \\rVert_F$. Both gradient norms in the explorer are Frobenius \
                     norms, like PyTorch's `tensor.norm()`.",
    },
    GlossaryEntry {
        id: "residual-connection",
        term: "Residual (skip) connection",
        definition: "A shortcut that adds a block's input to its output, \
                     $a_{l+1} = a_l + f(a_l)$. The identity path gives the gradient \
                     a route around every block.",
    },
    GlossaryEntry {
        id: "batch-normalization",
        term: "Batch normalization",
        definition: "A layer that rescales each unit's pre-activations to zero mean and unit \
                     variance over the batch, then applies a learned scale and shift (Ioffe and \
                     Szegedy, 2015). It keeps activations in a healthy range, but in a plain deep \
                     stack it makes gradients explode at initialization (Yang et al., 2019); very \
                     deep networks pair it with residual connections.",
    },
    GlossaryEntry {
        id: "float16",
        term: "float16",
        definition: "IEEE half precision: a sign bit, 5 exponent bits and 10 stored significand \
                     bits (11 significant bits). Its largest value is 65504, its smallest normal \
                     number $2^{-14} \\approx 6.1 \\times 10^{-5}$ and its smallest subnormal \
                     $2^{-24} \\approx 6.0 \\times 10^{-8}$: a range of about $10^{12}$, which is \
                     why training in it uses a loss scale.",
    },
    GlossaryEntry {
        id: "bfloat16",
        term: "bfloat16",
        definition: "The \"brain\" floating-point format: float32's 8 exponent bits with only 7 \
                     stored significand bits. It has float32's range, so it needs no loss scale, \
                     but only 8 significant bits, about 2 decimal digits.",
    },
    GlossaryEntry {
        id: "subnormal",
        term: "Subnormal",
        definition: "A number below its format's smallest normal number: the exponent stays at \
                     its minimum and the leading bit becomes 0, so the numbers go on down in even \
                     steps, with fewer significant bits the closer they get to zero. In float16 \
                     they run from $2^{-14}$ down to $2^{-24}$.",
    },
    GlossaryEntry {
        id: "underflow",
        term: "Underflow",
        definition: "A value too small in size for its number format, below half its smallest \
                     subnormal, rounds to exactly zero: it underflows. The precision lens counts \
                     a gradient entry that is zero in the format but not in float32 as *lost*.",
    },
    GlossaryEntry {
        id: "loss-scale",
        term: "Loss scale",
        definition: "A power of two $S$ that the loss is multiplied by before the backward pass: \
                     every gradient is then $S$ times larger, and the weight gradients are divided \
                     by $S$ again in float32. PyTorch's GradScaler chooses $S$ as it trains: it \
                     starts at $2^{16}$, halves $S$ and skips the step when a gradient holds an \
                     inf or NaN, and doubles $S$ after 2000 steps without one.",
    },
    GlossaryEntry {
        id: "bptt",
        term: "Back-propagation through time (BPTT)",
        definition: "Back-propagation in a recurrent network: the $T$ steps are unrolled into a \
                     $T$-layer network that shares its weights, and the chain rule runs \
                     backwards from the loss through every step. The gradient reaching step \
                     $t$ is the one at step $T$ times a product of $T - t$ Jacobians.",
    },
    GlossaryEntry {
        id: "spectral-radius",
        term: "Spectral radius",
        definition: "The largest absolute value of a square matrix's eigenvalues, $\\rho(W)$. \
                     A long power $W^k$ grows or shrinks like $\\rho^k$, which is why the \
                     recurrent matrix's spectral radius decides whether a gradient through \
                     many steps of a linear recurrent network dies out ($\\rho < 1$) or blows \
                     up ($\\rho > 1$).",
    },
    GlossaryEntry {
        id: "constant-error-carousel",
        term: "Constant error carousel",
        definition: "The LSTM's cell state as Hochreiter and Schmidhuber (1997) designed it: a \
                     unit that keeps its value through a self-connection of weight 1, so an \
                     error signal passes back through it unchanged for any number of steps. \
                     With a forget gate, each step back multiplies it by the gate $f_t$.",
    },
    GlossaryEntry {
        id: "forget-bias",
        term: "Forget-gate bias",
        definition: "A constant added to the LSTM's forget-gate bias so that the gate starts \
                     near $\\sigma(b_f)$ instead of $0.5$: with $b_f = 1$ about $0.73$. It \
                     sets how much of the cell state, and of its gradient, is kept at each \
                     step at the start of training.",
    },
    GlossaryEntry {
        id: "truncated-bptt",
        term: "Truncated BPTT",
        definition: "Back-propagation through only the last $k$ steps of a sequence: the \
                     backward pass stops there, and earlier steps get no gradient.",
    },
];

/// The entry with `id`, if any.
pub fn glossary_entry(id: &str) -> Option<&'static GlossaryEntry> {
    GLOSSARY.iter().find(|g| g.id == id)
}
