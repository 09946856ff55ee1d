//! Finds the sentences of the prose that state how a configuration behaves ("GELU with He
//! vanishes at depth 100"), so a test can demand that each one is a checked claim. Simple on
//! purpose: a sentence counts when it names an activation or an initialization *and* uses an
//! outcome word or states a factor ("57×"). Preset titles ("Vanishing (Sigmoid)") are names, not statements, and are
//! removed first (the recurrent presets' titles are not: "GRU" is a cell's name, and "Gain 1.1
//! explodes" a statement, checked as one). A recurrent cell ("the tanh RNN", "LSTM"), its gain, forget bias or
//! truncation names a configuration too; a sentence that names one and speaks of the gradient
//! with any number in it ("the LSTM's gradient at h₁ is 0.13 of …") states an outcome. So does a
//! sentence that names a transformer stack (a placement, norm or init: "Pre-LN", "DeepNorm",
//! "the stack without a norm", "scaled init", a ReZero gate "$a = 0.5$") and speaks of the
//! gradient or the stream's std with a number or a trend ("falls toward the output").

use crate::page::presets::PRESETS;
use crate::train::presets::TRAIN_PRESETS;

/// Words that state an outcome (matched case-insensitively, as substrings).
pub const OUTCOME_WORDS: &[&str] = &[
    "vanish",
    "explod",
    "healthy",
    "overflow",
    "decade",
    "blow up",
    "blows up",
    "die out",
    "fades",
    "grows",
    "loses",
    "survive",
    "accuracy",
    "chance",
    "bounded",
    "suits",
    "default",
    "nothing to change",
    "lose",
    "lost",
    "underflow",
    "settles",
    // Through time: how far back a gradient reaches.
    "horizon",
    "steps back",
];

/// Words that name an activation, an initialization, a number format or a recurrent network
/// (its cell, gain or truncation) (whole words, case-insensitive).
pub const CONFIG_WORDS: &[&str] = &[
    "sigmoid",
    "tanh",
    "relu",
    "elu",
    "selu",
    "gelu",
    "xavier",
    "glorot",
    "lecun",
    "he",
    "kaiming",
    "orthogonal",
    "float16",
    "bfloat16",
    "rnn",
    "rnns",
    "irnn",
    "lstm",
    "lstms",
    "gru",
    "gain",
    "bptt",
    "truncated",
    "truncation",
];

/// Phrases that name a weight scale ("σ = 1", "N(0, 1)"), an architecture (skip
/// connections and their branches, normalization), a loss scale ("$2^{16}$") or a recurrent
/// network's forget bias or gain ("$g = 1.1$"), matched case-insensitively as substrings.
pub const CONFIG_PHRASES: &[&str] = &[
    "σ = ",
    "\\sigma = ",
    "n(0, 1)",
    "\\mathcal{n}(0, 1)",
    "residual",
    "skip",
    "branch",
    "batch norm",
    "layer norm",
    "loss scale",
    "$2^{",
    "forget bias",
    "forget-gate bias",
    "$g = ",
];

/// `text` (whitespace already folded) cut into sentences: at ". ", "? ", "! ", and at
/// Markdown's paragraph and table-row breaks (callers fold whitespace after this split).
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for block in text.split("\n\n").flat_map(|b| b.split("\n|")) {
        let folded = super::texts::fold_whitespace(block);
        let mut rest = folded.as_str();
        while let Some(i) = [". ", "? ", "! "].iter().filter_map(|p| rest.find(p)).min() {
            out.push(rest[..=i].to_string());
            rest = &rest[i + 2..];
        }
        if !rest.trim().is_empty() {
            out.push(rest.to_string());
        }
    }
    out
}

/// True when the sentence names a configuration and an outcome.
pub fn states_an_outcome(sentence: &str) -> bool {
    let mut lower = sentence.to_lowercase();
    for title in PRESETS
        .iter()
        .map(|p| p.title)
        .chain(TRAIN_PRESETS.iter().map(|p| p.title))
    {
        lower = lower.replace(&title.to_lowercase(), " ");
    }
    let names_config = lower
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .any(|w| CONFIG_WORDS.contains(&w))
        || CONFIG_PHRASES.iter().any(|p| lower.contains(p));
    let transformer = names_transformer(&lower);
    (names_config || transformer)
        && (OUTCOME_WORDS.iter().any(|w| lower.contains(w))
            || states_a_factor(&lower)
            || (names_recurrent(&lower) && lower.contains("gradient") && has_a_number(&lower))
            || (transformer
                && (lower.contains("gradient") || lower.contains("std"))
                && (has_a_number(&lower) || TRENDS.iter().any(|t| lower.contains(t)))))
}

/// Words that name a transformer stack's placement or norm (whole words), and phrases
/// (substrings) for the rest of its configuration ("pre-ln": "ln" alone is also the logarithm).
const TRANSFORMER_WORDS: [&str; 4] = ["deepnorm", "rezero", "rmsnorm", "layernorm"];
const TRANSFORMER_PHRASES: [&str; 9] = [
    "pre-ln",
    "post-ln",
    "without a norm",
    "without any norm",
    "no norm",
    "scaled init",
    "gpt-2",
    "$a = ",
    "warm-up",
];
/// How a gradient or a std changes along the stack, said without a number.
const TRENDS: [&str; 6] = ["flat", "fall", "grow", "shrink", "rise", "same at every"];

fn names_transformer(lower: &str) -> bool {
    lower
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .any(|w| TRANSFORMER_WORDS.contains(&w))
        || TRANSFORMER_PHRASES.iter().any(|p| lower.contains(p))
}

/// Words that name a recurrent network (whole words), and phrases (substrings).
const RECURRENT_WORDS: [&str; 9] = [
    "rnn",
    "rnns",
    "irnn",
    "lstm",
    "lstms",
    "gru",
    "gain",
    "bptt",
    "truncated",
];
const RECURRENT_PHRASES: [&str; 3] = ["forget bias", "forget-gate bias", "$g = "];

fn names_recurrent(lower: &str) -> bool {
    lower
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .any(|w| RECURRENT_WORDS.contains(&w))
        || RECURRENT_PHRASES.iter().any(|p| lower.contains(p))
}

/// A digit, ASCII or superscript ("10⁻⁵"), other than a year ("Hochreiter, 1997").
fn has_a_number(s: &str) -> bool {
    let year = |w: &str| w.len() == 4 && (w.starts_with("19") || w.starts_with("20"));
    s.chars().any(|c| "⁰¹²³⁴⁵⁶⁷⁸⁹".contains(c))
        || s.split(|c: char| !c.is_ascii_digit())
            .any(|w| !w.is_empty() && !year(w))
}

/// "57×", "160 ×": a number followed by a times sign states a measured factor.
fn states_a_factor(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    chars
        .windows(2)
        .any(|w| w[1] == '×' && w[0].is_ascii_digit())
        || chars
            .windows(3)
            .any(|w| w[2] == '×' && w[1] == ' ' && w[0].is_ascii_digit())
}
