//! One vocabulary: every text a learner reads (lessons, controls, cards, charts, presets, CLI)
//! writes each quantity with one symbol — zₗ the pre-activation, aₗ the layer's output ($z_l$,
//! $a_l$ in formulas), ∂L/∂z the signal gradient, ∂L/∂W the weight gradient — and every term
//! the page offers a definition for (`ui::term::Term`) has its glossary entry.

use std::fs;
use std::path::Path;

use gradient_flow_explorer::lessons::glossary_entry;

/// Where the texts a learner reads live (code comments excepted).
const TEXT_ROOTS: [&str; 8] = [
    "assets/lessons",
    "src/lessons",
    "src/page",
    "src/words",
    "src/ui",
    "src/charts",
    "src/cli",
    "src/bin/gradflow.rs",
];

/// Other names for the same quantities, used by the core's internals and older texts.
const OTHER_NAMES: [&str; 12] = [
    "∂Loss",
    "dL/dH",
    "dL/dZ",
    "H_l",
    "A_l",
    "A_{l",
    "F_l",
    "a^{(",
    "z^{(",
    "W^{(",
    "b^{(",
    "∂L/∂h_t",
];

fn files(root: &Path, out: &mut Vec<std::path::PathBuf>) {
    if root.is_file() {
        out.push(root.to_path_buf());
        return;
    }
    let Ok(entries) = fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        files(&entry.path(), out);
    }
}

/// (file, line number, line) of every line a learner can read: Markdown lessons whole, Rust
/// files without their comments.
fn text_lines() -> Vec<(String, usize, String)> {
    let mut paths = Vec::new();
    for root in TEXT_ROOTS {
        files(Path::new(root), &mut paths);
    }
    assert!(
        paths.len() > 50,
        "the scan found only {} files",
        paths.len()
    );
    let mut out = Vec::new();
    for path in paths {
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let rust = path.extension().is_some_and(|e| e == "rs");
        for (i, line) in text.lines().enumerate() {
            if rust && line.trim_start().starts_with("//") {
                continue;
            }
            out.push((path.display().to_string(), i + 1, line.to_string()));
        }
    }
    out
}

#[test]
fn every_text_writes_each_quantity_with_the_pages_symbol() {
    let found: Vec<String> = text_lines()
        .into_iter()
        .flat_map(|(file, n, line)| {
            OTHER_NAMES
                .iter()
                .filter(|name| line.contains(**name))
                .map(|name| format!("{file}:{n}: {name} in {}", line.trim()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(found.is_empty(), "other names:\n{}", found.join("\n"));
}

#[test]
fn every_term_the_page_defines_is_in_the_glossary() {
    let mut ids = Vec::new();
    for (file, n, line) in text_lines() {
        for part in line.split("<Term id=\"").skip(1) {
            let id = part.split('"').next().unwrap_or_default().to_string();
            ids.push((file.clone(), n, id));
        }
    }
    assert!(ids.len() >= 4, "the page defines only {} terms", ids.len());
    for (file, n, id) in ids {
        assert!(
            glossary_entry(&id).is_some(),
            "{file}:{n}: no glossary entry {id:?}"
        );
    }
}
