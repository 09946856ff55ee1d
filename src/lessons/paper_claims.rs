//! Statements of a paper's own results ("scaling the SSD detector's loss by 8 was enough"):
//! networks the explorer does not build, so they are cited rather than simulated. Each names a
//! reference of [`super::FURTHER_READING`], and its paragraph names the paper's first author;
//! `tests/lessons_claims.rs` counts these quotes as covered when it scans the prose for outcome
//! statements, and checks both.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaperClaim {
    /// The `id` of the paper in [`super::FURTHER_READING`].
    pub reference: &'static str,
    /// Where the prose states it: (location as in `all_texts`, verbatim quote).
    pub cited: &'static [(&'static str, &'static str)],
}

pub const PAPER_CLAIMS: &[PaperClaim] = &[
    PaperClaim {
        reference: "micikevicius2018",
        cited: &[(
            "lesson:number-formats",
            "scaling the loss by 8 was enough to match float32's accuracy",
        )],
    },
    PaperClaim {
        reference: "kalamkar2019",
        cited: &[(
            "lesson:number-formats",
            "trained networks for image classification, speech recognition, language modeling, \
             generation and recommendation in bfloat16 to float32's results in the same number \
             of iterations and with no change to the hyperparameters, where float16, they note, \
             needs tuning.",
        )],
    },
    PaperClaim {
        reference: "pascanu2013",
        cited: &[(
            "lesson:through-time",
            "made this precise for a nonlinear cell whose derivative is bounded by $\\gamma$ \
             ($\\gamma = 1$ for tanh): if the largest singular value of $W_{hh}$ is below \
             $1/\\gamma$, the gradient vanishes exponentially fast, and only a largest singular \
             value above $1/\\gamma$ lets it explode.",
        )],
    },
    PaperClaim {
        reference: "hochreiter1997",
        cited: &[(
            "lesson:constant-error-carousel",
            "They report that LSTM learned to bridge time lags in excess of 1000 discrete time \
             steps this way.",
        )],
    },
    PaperClaim {
        reference: "jozefowicz2015",
        cited: &[(
            "lesson:constant-error-carousel",
            "found that adding a bias of 1 to the LSTM's forget gate closes the gap between the \
             LSTM and the GRU.",
        )],
    },
    PaperClaim {
        reference: "le2015",
        cited: &[(
            "lesson:recurrent-init",
            "Le et al. report that their solution is comparable to a standard implementation of \
             LSTMs on their four benchmarks: two toy problems involving long-range temporal \
             structures, a large language modeling problem and a benchmark speech recognition \
             problem.",
        )],
    },
    PaperClaim {
        reference: "xiong2020",
        cited: &[
            (
                "lesson:residual-stream",
                "bound the gradient of the last block's weights at initialisation: independent of \
                 $L$ for Post-LN, shrinking like $1/\\sqrt{L}$ for Pre-LN (their Theorem 1), and \
                 argue that Post-LN's larger gradients near the output are why it needs a warm-up",
            ),
            (
                "lesson:residual-stream",
                "draws Post-LN's gradients growing toward the output and Pre-LN's flat across the \
                 layers",
            ),
            (
                "lesson:warm-up",
                "train Pre-LN transformers without a warm-up.",
            ),
        ],
    },
    PaperClaim {
        reference: "wang2022",
        cited: &[(
            "lesson:deepnorm-rezero",
            "report training transformers of 1,000 layers with them.",
        )],
    },
    PaperClaim {
        reference: "bachlechner2020",
        cited: &[(
            "lesson:deepnorm-rezero",
            "that 12-layer ReZero transformers converge 56% faster on enwiki8 than a vanilla \
             transformer, and that they could train ReZero transformers of over a hundred layers.",
        )],
    },
];
