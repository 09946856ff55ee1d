//! The lessons: prose (Markdown under `assets/lessons/`, compiled in) and the structured tables
//! the UI decorates with buttons and plots. Pure Rust, no web dependency.
//!
//! The UI walks [`SECTIONS`] in order: it builds the table of contents from `id` and `title`,
//! renders [`Section::html`] (`before`, then the section's [`Widget`], then `after`), and turns
//! every `.math` element into KaTeX (see [`markdown`]).

pub mod activations;
pub mod bits;
pub mod claim_check;
pub mod claim_scan;
pub mod claims;
pub mod faq;
pub mod glossary;
pub mod inits;
pub mod markdown;
pub mod numeric;
pub mod paper_claims;
pub mod phase_words;
pub mod precision_check;
pub mod precision_claims;
pub mod precision_train_claims;
pub mod pytorch;
pub mod reading;
pub mod regimes;
pub mod remedies;
pub mod rnn_check;
pub mod rnn_claims;
pub mod rnn_train_claims;
pub mod status;
pub mod telephone;
pub mod texts;
pub mod tf_check;
pub mod tf_claims;
pub mod theory_words;
pub mod train_claims;

pub use activations::{activation_row, ActivationRow, RiskLevel, ACTIVATION_ROWS};
pub use faq::{FaqEntry, FAQ, KNOWN_PRESETS};
pub use glossary::{glossary_entry, GlossaryEntry, GLOSSARY};
pub use inits::{init_row, InitRow, INIT_ROWS};
pub use markdown::{
    escape_html, extract_math, math_placeholder, render_inline_markdown, render_markdown, MathSpan,
    EXTERNAL_LINK_REL,
};
pub use pytorch::{
    parse_output_line, predicted_output, predicted_output_for_report, pytorch_snippet,
    quick_fix_comment, quick_fix_config, recommended_init,
};
pub use reading::{Reference, FURTHER_READING};
pub use regimes::{Regime, RegimeCard, REGIME_CARDS};
pub use status::{judged_words, ratio_words, status_words, RatioWords, StatusWords};
pub use telephone::{
    format_percent_any_magnitude, telephone_chain, telephone_formula, telephone_regime,
    telephone_result, telephone_summary,
};

/// The interactive or data-driven block a section shows between its two halves of prose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Widget {
    /// Prose only.
    None,
    /// The multiplier slider and bars ([`telephone`]).
    Telephone,
    /// The three cards with preset buttons ([`REGIME_CARDS`]).
    Regimes,
    /// [`ACTIVATION_ROWS`] with φ/φ′ plots and "try it" buttons.
    ActivationTable,
    /// [`INIT_ROWS`].
    InitTable,
    /// The generated script ([`pytorch_snippet`]) next to [`predicted_output_for_report`].
    PyTorch,
    /// [`GLOSSARY`].
    Glossary,
    /// [`FAQ`].
    Faq,
    /// [`FURTHER_READING`].
    Reading,
    /// "Try it" buttons that load these presets (ids from [`KNOWN_PRESETS`]).
    Presets(&'static [&'static str]),
    /// A typed number's bits in float32, bfloat16 and float16 ([`bits`]).
    NumberBits,
    /// "Try it" buttons that switch to the recurrent view and load these recurrent presets
    /// (ids of `page::recurrent::presets::RNN_PRESETS`).
    RnnPresets(&'static [&'static str]),
    /// "Try it" buttons that switch to the transformer view and load these transformer presets
    /// (ids of `page::transformer::presets::TRANSFORMER_PRESETS`).
    TransformerPresets(&'static [&'static str]),
}

/// One lesson section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Section {
    /// Anchor id, unique, URL-safe.
    pub id: &'static str,
    pub title: &'static str,
    /// Markdown source; a line holding only [`WIDGET_MARKER`] marks where the widget goes
    /// (otherwise it goes after all the prose).
    pub markdown: &'static str,
    pub widget: Widget,
}

/// The section's prose rendered to HTML, split around its widget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionHtml {
    pub before: String,
    pub after: String,
}

/// Marks the widget's place in a section's Markdown.
pub const WIDGET_MARKER: &str = "<!-- widget -->";

impl Section {
    /// The Markdown before and after the widget marker.
    pub fn markdown_parts(&self) -> (&'static str, &'static str) {
        let src = self.markdown;
        let mut offset = 0;
        for line in src.split_inclusive('\n') {
            if line.trim() == WIDGET_MARKER {
                return (&src[..offset], &src[offset + line.len()..]);
            }
            offset += line.len();
        }
        (src, "")
    }

    pub fn html(&self) -> SectionHtml {
        let (before, after) = self.markdown_parts();
        SectionHtml {
            before: render_markdown(before),
            after: render_markdown(after),
        }
    }
}

pub const SECTIONS: [Section; 13] = [
    Section {
        id: "problem",
        title: "The problem in one picture",
        markdown: include_str!("../../assets/lessons/01-problem.md"),
        widget: Widget::Telephone,
    },
    Section {
        id: "how-to-use",
        title: "How to use this explorer",
        markdown: include_str!("../../assets/lessons/02-how-to-use.md"),
        widget: Widget::None,
    },
    Section {
        id: "why",
        title: "Why gradients vanish or explode",
        markdown: include_str!("../../assets/lessons/03-why.md"),
        widget: Widget::Regimes,
    },
    Section {
        id: "activations",
        title: "Activation functions",
        markdown: include_str!("../../assets/lessons/04-activations.md"),
        widget: Widget::ActivationTable,
    },
    Section {
        id: "initialization",
        title: "Weight initialization",
        markdown: include_str!("../../assets/lessons/05-initialization.md"),
        widget: Widget::InitTable,
    },
    Section {
        id: "residual-connections",
        title: "Residual connections",
        markdown: include_str!("../../assets/lessons/06-residual.md"),
        widget: Widget::Presets(&[
            "residual-sigmoid",
            "residual-relu-he",
            "scaled-residual-layernorm",
        ]),
    },
    Section {
        id: "normalization",
        title: "Batch and layer normalization",
        markdown: include_str!("../../assets/lessons/07-normalization.md"),
        widget: Widget::Presets(&["batchnorm-relu", "scaled-residual-layernorm"]),
    },
    Section {
        id: "gradients-in-training",
        title: "What the gradients do to training",
        markdown: include_str!("../../assets/lessons/12-training.md"),
        widget: Widget::None,
    },
    Section {
        id: "number-formats",
        title: "float16, bfloat16 and loss scaling",
        markdown: include_str!("../../assets/lessons/13-precision.md"),
        widget: Widget::NumberBits,
    },
    Section {
        id: "pytorch",
        title: "Check it in PyTorch",
        markdown: include_str!("../../assets/lessons/08-pytorch.md"),
        widget: Widget::PyTorch,
    },
    Section {
        id: "glossary",
        title: "Glossary",
        markdown: include_str!("../../assets/lessons/09-glossary.md"),
        widget: Widget::Glossary,
    },
    Section {
        id: "faq",
        title: "Frequently asked questions",
        markdown: include_str!("../../assets/lessons/10-faq.md"),
        widget: Widget::Faq,
    },
    Section {
        id: "further-reading",
        title: "Further reading",
        markdown: include_str!("../../assets/lessons/11-further-reading.md"),
        widget: Widget::Reading,
    },
];

/// The recurrent view's lessons (shown below its chart and controls): back-propagation
/// through time, the LSTM's cell path, recurrent initialisation, truncation and clipping.
/// Their claims are in [`rnn_claims`].
pub const RNN_SECTIONS: [Section; 4] = [
    Section {
        id: "through-time",
        title: "Back-propagation through time",
        markdown: include_str!("../../assets/lessons/14-through-time.md"),
        widget: Widget::RnnPresets(&[
            "rnn-tanh-vanishes",
            "rnn-linear-orthogonal",
            "rnn-gain-explodes",
        ]),
    },
    Section {
        id: "constant-error-carousel",
        title: "The LSTM's constant error carousel",
        markdown: include_str!("../../assets/lessons/15-carousel.md"),
        widget: Widget::RnnPresets(&["rnn-lstm-forget-bias", "rnn-lstm-forget-bias-3", "rnn-gru"]),
    },
    Section {
        id: "recurrent-init",
        title: "Orthogonal and identity initialisation",
        markdown: include_str!("../../assets/lessons/16-recurrent-init.md"),
        widget: Widget::RnnPresets(&["rnn-linear-orthogonal", "rnn-irnn", "rnn-tanh-vanishes"]),
    },
    Section {
        id: "truncation-clipping",
        title: "Truncation and clipping",
        markdown: include_str!("../../assets/lessons/17-truncation-clipping.md"),
        widget: Widget::RnnPresets(&["rnn-truncated", "rnn-gain-explodes"]),
    },
];

/// The transformer view's lessons (shown below its charts and controls): the residual stream
/// with Pre-LN and Post-LN, warm-up, DeepNorm and ReZero, RMSNorm and GPT-2's scaled init.
/// Their claims are in [`tf_claims`].
pub const TF_SECTIONS: [Section; 4] = [
    Section {
        id: "residual-stream",
        title: "The residual stream: Pre-LN and Post-LN",
        markdown: include_str!("../../assets/lessons/18-residual-stream.md"),
        widget: Widget::TransformerPresets(&["no-norm", "pre-ln", "post-ln"]),
    },
    Section {
        id: "warm-up",
        title: "Warm-up",
        markdown: include_str!("../../assets/lessons/19-warm-up.md"),
        widget: Widget::TransformerPresets(&["post-ln", "pre-ln"]),
    },
    Section {
        id: "deepnorm-rezero",
        title: "DeepNorm and ReZero",
        markdown: include_str!("../../assets/lessons/20-deepnorm-rezero.md"),
        widget: Widget::TransformerPresets(&["deepnorm", "rezero", "no-norm"]),
    },
    Section {
        id: "rmsnorm-scaled-init",
        title: "RMSNorm and GPT-2's scaled init",
        markdown: include_str!("../../assets/lessons/21-rmsnorm-scaled-init.md"),
        widget: Widget::TransformerPresets(&["gpt2-init", "pre-ln-scaled-init", "pre-ln"]),
    },
];

/// Every section: the explorer's lessons, then the recurrent view's, then the transformer's.
pub fn all_sections() -> impl Iterator<Item = &'static Section> {
    SECTIONS.iter().chain(&RNN_SECTIONS).chain(&TF_SECTIONS)
}

/// A section by id (the explorer's lessons, then the recurrent view's, the transformer's).
pub fn section(id: &str) -> Option<&'static Section> {
    all_sections().find(|s| s.id == id)
}

/// Every formula the lessons show: from the Markdown files and from every TeX or Markdown
/// field of the data tables (for the KaTeX check).
pub fn all_formulas() -> Vec<MathSpan> {
    let mut out = Vec::new();
    let md_sources = all_sections()
        .map(|s| s.markdown)
        .chain(REGIME_CARDS.iter().map(|c| c.summary))
        .chain(ACTIVATION_ROWS.iter().map(|r| r.note))
        .chain(INIT_ROWS.iter().map(|r| r.note))
        .chain(GLOSSARY.iter().map(|g| g.definition))
        .chain(FAQ.iter().map(|f| f.answer));
    for src in md_sources {
        out.extend(extract_math(src));
    }
    let tex_fields = REGIME_CARDS
        .iter()
        .map(|c| c.condition_tex)
        .chain(
            ACTIVATION_ROWS
                .iter()
                .flat_map(|r| [r.formula_tex, r.derivative_tex, r.derivative_range_tex]),
        )
        .chain(
            INIT_ROWS
                .iter()
                .flat_map(|r| [r.distribution_tex, r.variance_tex]),
        );
    for tex in tex_fields {
        out.push(MathSpan {
            tex: tex.to_string(),
            display: false,
        });
    }
    out
}
