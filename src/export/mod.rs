//! What the page and `gradflow` write to files: the report as CSV and as JSON (one schema for
//! both), the charts as SVG, and file names that say which network they show.

pub mod csv;
pub mod json;
pub mod svg;

use crate::sim::{Config, Norm, Residual};

/// `gradients-sigmoid-xavier_normal-L15-W64.svg`: what, then the network (residual and norm
/// only when present, the seed only when not 0), then the extension.
pub fn file_name(what: &str, cfg: &Config, extension: &str) -> String {
    let mut name = format!(
        "{what}-{}-{}-L{}-W{}",
        cfg.net.activation.id(),
        cfg.net.init.id(),
        cfg.net.depth,
        cfg.net.width
    );
    if cfg.net.residual != Residual::None {
        name.push_str(&format!("-residual_{}", cfg.net.residual.id()));
    }
    if cfg.net.norm != Norm::None {
        name.push_str(&format!("-norm_{}", cfg.net.norm.id()));
    }
    if cfg.seed != 0 {
        name.push_str(&format!("-seed{}", cfg.seed));
    }
    format!("{name}.{extension}")
}
