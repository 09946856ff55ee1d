//! Finds the sentences of the prose that state how a configuration behaves ("GELU with He
//! vanishes at depth 100"), so a test can demand that each one is a checked claim. Simple on
//! purpose: a sentence counts when it names an activation or an initialization *and* uses an
//! outcome word or states a factor ("57×"). Preset titles ("Vanishing (Sigmoid)") are names, not statements, and are
//! removed first.

use crate::page::presets::PRESETS;
use crate::train::presets::TRAIN_PRESETS;

/// Words that state an outcome (matched case-insensitively, as substrings).
pub const OUTCOME_WORDS: [&str; 22] = [
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
];

/// Words that name an activation, an initialization or a number format (whole words,
/// case-insensitive).
pub const CONFIG_WORDS: [&str; 14] = [
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
];

/// Phrases that name a weight scale ("σ = 1", "N(0, 1)"), an architecture (skip
/// connections and their branches, normalization) or a loss scale ("$2^{16}$"), matched
/// case-insensitively as substrings.
pub const CONFIG_PHRASES: [&str; 11] = [
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
    names_config && (OUTCOME_WORDS.iter().any(|w| lower.contains(w)) || states_a_factor(&lower))
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
