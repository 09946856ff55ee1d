//! Every piece of prose the page shows, by location, so tests can scan all of it: the lesson
//! sections, the tables' notes, the glossary, the FAQ, the presets' explanations, the status
//! card's words and the quick-fix comment of the PyTorch script; the recurrent view's lessons
//! and presets; the transformer view's lessons.

use super::{
    all_sections, pytorch::SIGMOID_FIX_REASON, status_words, ACTIVATION_ROWS, FAQ, GLOSSARY,
    INIT_ROWS, REGIME_CARDS,
};
use crate::page::presets::PRESETS;
use crate::page::recurrent::presets::RNN_PRESETS;
use crate::sim::{Diagnosis, MlpNet, Norm, Overflowed, Residual, Summary};
use crate::train::presets::TRAIN_PRESETS;

/// One text: where it is shown (`"faq:how-many-layers"`) and what it says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub location: String,
    pub text: String,
}

fn text(location: String, text: impl Into<String>) -> Text {
    Text {
        location,
        text: text.into(),
    }
}

/// The status card's words for each verdict (and both vanishing variants).
fn status_texts() -> Vec<Text> {
    let summary = |diagnosis, weight_ratio| Summary {
        last_layer_grad: 1.0,
        first_layer_grad: 1.0,
        ratio: 1.0,
        last_layer_weight_grad: 1.0,
        first_layer_weight_grad: 1.0,
        weight_ratio,
        diagnosis,
        overflowed: Overflowed::default(),
    };
    let overflow = |loss, gradients| Summary {
        overflowed: Overflowed {
            loss,
            gradients,
            any: true,
        },
        ..summary(Diagnosis::Overflow, 1.0)
    };
    let cases = [
        ("healthy", summary(Diagnosis::Healthy, 1.0)),
        ("vanishing-all-layers", summary(Diagnosis::Vanishing, 1.0)),
        (
            "vanishing-early-layers",
            summary(Diagnosis::Vanishing, 1e-9),
        ),
        ("exploding", summary(Diagnosis::Exploding, 1.0)),
        (
            "vanishing-underflow",
            Summary {
                first_layer_grad: 0.0,
                ..summary(Diagnosis::Vanishing, 0.0)
            },
        ),
        ("overflow", overflow(false, false)),
        ("overflow-loss", overflow(true, false)),
        ("overflow-loss-and-gradients", overflow(true, true)),
        ("overflow-gradients", overflow(false, true)),
        ("dead", summary(Diagnosis::Dead, 1.0)),
    ];
    cases
        .into_iter()
        .map(|(id, s)| {
            let w = status_words(&s);
            text(format!("status:{id}"), format!("{} {}", w.word, w.why))
        })
        .collect()
}

/// The notes beside the residual and normalization selects, and the diagnosis card's line
/// saying which gradient it judged.
fn control_texts() -> Vec<Text> {
    use super::remedies::{norm_name, norm_note, residual_name, residual_note};
    use super::status::judged_words;
    use crate::sim::diagnosis::JudgedGradient;
    let residuals = Residual::ALL.map(|r| {
        text(
            format!("control:residual-{}", r.id()),
            format!("{}. {}", residual_name(r), residual_note(r)),
        )
    });
    let norms = Norm::ALL.map(|n| {
        text(
            format!("control:norm-{}", n.id()),
            format!("{}. {}", norm_name(n), norm_note(n)),
        )
    });
    let judged = [JudgedGradient::Signal, JudgedGradient::Weight]
        .map(|j| text(format!("status:judged-{}", j.id()), judged_words(j)));
    // The full reason is the line's tooltip.
    let reasons = [JudgedGradient::Signal, JudgedGradient::Weight]
        .map(|j| text(format!("status:judged-{}-reason", j.id()), j.description()));
    residuals
        .into_iter()
        .chain(norms)
        .chain(judged)
        .chain(reasons)
        .collect()
}

/// Every text the page shows, with its location.
pub fn all_texts() -> Vec<Text> {
    let mut out: Vec<Text> = all_sections()
        .map(|s| text(format!("lesson:{}", s.id), s.markdown))
        .collect();
    out.extend(RNN_PRESETS.iter().map(|p| {
        text(
            format!("rnn-preset:{}", p.id),
            format!("{}. {}", p.title, p.explanation),
        )
    }));
    out.extend(PRESETS.iter().map(|p| {
        text(
            format!("preset:{}", p.id),
            format!("{}. {}", p.title, p.explanation),
        )
    }));
    out.extend(TRAIN_PRESETS.iter().map(|p| {
        text(
            format!("train-preset:{}", p.id),
            format!("{}. {}", p.title, p.explanation),
        )
    }));
    out.extend(FAQ.iter().map(|f| {
        text(
            format!("faq:{}", f.id),
            format!("{} {}", f.question, f.answer),
        )
    }));
    out.extend(GLOSSARY.iter().map(|g| {
        text(
            format!("glossary:{}", g.id),
            format!("{}: {}", g.term, g.definition),
        )
    }));
    out.extend(ACTIVATION_ROWS.iter().map(|r| {
        text(
            format!("activation:{}", r.activation.id()),
            format!("{}. {}", r.risk, r.note),
        )
    }));
    out.extend(INIT_ROWS.iter().map(|r| {
        text(
            format!("init:{}", r.init.id()),
            format!("Best for {}. {}", r.best_for, r.note),
        )
    }));
    out.extend(
        REGIME_CARDS
            .iter()
            .map(|c| text(format!("regime:{}", c.regime.id()), c.summary)),
    );
    out.extend(status_texts());
    out.extend(control_texts());
    out.push(text("pytorch:quick-fix".to_string(), SIGMOID_FIX_REASON));
    out.extend(generated_texts());
    out
}

/// The depths at which the generated texts are read: shallow, the presets' middle, deep.
pub const GENERATED_DEPTHS: [usize; 3] = [15, 30, 100];

/// Texts the page writes from a configuration, for every activation × initialization at
/// [`GENERATED_DEPTHS`] (width 64): the quick-fix script's comment, the χ readout, and the
/// theory note in each of its forms.
fn generated_texts() -> Vec<Text> {
    use super::pytorch::quick_fix_comment;
    use super::theory_words::{chi_readout, departure_words, Departure};
    use crate::sim::{Activation, Config, Init};
    let mut out = Vec::new();
    for activation in Activation::ALL {
        for init in Init::ALL {
            for depth in GENERATED_DEPTHS {
                let cfg = Config {
                    net: MlpNet {
                        activation,
                        init,
                        depth,
                        ..MlpNet::default()
                    },
                    ..Config::default()
                };
                let at = format!("{}:{}:{depth}", activation.id(), init.id());
                out.push(text(format!("quick-fix:{at}"), quick_fix_comment(&cfg)));
                out.push(text(format!("chi-readout:{at}"), chi_readout(&cfg).text));
            }
        }
    }
    let departures = [
        ("overflow", Departure::Overflow),
        (
            "finite-width-above",
            Departure::FiniteWidth { decades: 1.0 },
        ),
        (
            "finite-width-below",
            Departure::FiniteWidth { decades: -1.0 },
        ),
        (
            "loss-correlation",
            Departure::LossCorrelation { decades: 1.0 },
        ),
        ("unexplained", Departure::Unexplained { decades: -1.0 }),
        ("needs-spread", Departure::NeedsSpread { decades: 1.0 }),
    ];
    out.extend(departures.into_iter().map(|(id, d)| {
        text(
            format!("theory-note:{id}"),
            departure_words(d, &Config::default()),
        )
    }));
    out
}

/// `s` with every run of whitespace folded to one space (Markdown's line breaks vanish).
pub fn fold_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
