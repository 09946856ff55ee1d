//! Section 6: a PyTorch script that builds the network the explorer simulates, and our own
//! numbers printed in the script's exact output format so a reader can compare line by line.
//!
//! The network (see the reference README): L square `nn.Linear(W, W)` layers, the activation
//! after every layer (the last one too), X and Y with i.i.d. N(0, 1) entries of shape B × W,
//! `MSELoss()` with its default mean reduction, float32.
//!
//! ## Init → PyTorch
//! `nn.Linear.weight` has shape (out, in) and PyTorch's fan-in is its dim 1, the input size, so:
//! * `xavier_normal` → `xavier_normal_` (std √(2/(in+out))), `xavier_uniform` → `xavier_uniform_`;
//! * `he_normal` N(0, 2/fan_in) → `kaiming_normal_(w, nonlinearity="relu")` (default
//!   `mode="fan_in"`, gain √2), whatever the activation: the explorer's He is always 2/fan_in,
//!   so the leaky-ReLU gain (which would divide by 1 + a²) is deliberately not used;
//! * `lecun_normal` N(0, 1/fan_in) → `normal_(w, std=in_features ** -0.5)` (PyTorch has no
//!   LeCun helper; this is a plain, untruncated normal like ours);
//! * `orthogonal` → `orthogonal_` (QR with the sign fix, gain 1);
//! * `random_normal` → `normal_(w, 0, 1)`, `small_normal` → `normal_(w, 0, 0.01)`;
//! * a `sigma_w2` override → `normal_(w, std=(sigma_w2 / in_features) ** 0.5)`;
//! * biases → `zeros_`, or `normal_(b, std=bias_std)` when `bias_std > 0`.
//!
//! ## Quick fix (see [`quick_fix_config`])
//! The initialization that keeps χ ≈ 1 for the chosen activation:
//! ReLU, leaky ReLU, ELU, GELU → He; tanh → Xavier (normal); SELU → LeCun;
//! identity → orthogonal (exact norm preservation). The sigmoid is the exception: no
//! initialization lifts its 0.25 slope ceiling *and* keeps its units out of saturation, so
//! the fix also swaps it for its zero-centred relative tanh, with Xavier. Any `sigma_w2`
//! override is dropped; depth, width, batch, seed and biases stay.
//! He is critical only for ReLU and leaky ReLU: GELU's χ falls towards 0.5, ELU's and SELU's
//! stay above 1, so at depth the plain network drifts whatever the initialization. Where the
//! mean-field prediction for the plain network with that initialization changes the gradient
//! by more than [`PLAIN_DECADES`] from layer L to layer 1, the fix turns a plain network into
//! one with a scaled residual (α = 1/√L) and layer norm; any other architecture is kept. `tests/lessons_pytorch.rs`
//! simulates every fix for every activation × initialization at depth 15, 30 and 100 over 20
//! seeds: each is healthy in every seed.

use super::theory_words::plain_mean_field;
use crate::sim::{Activation, Config, Init, MlpNet, Norm, Report, Residual};

/// Why the quick fix swaps the sigmoid for tanh (claim `sigmoid-needs-sigma-w2-100`).
pub const SIGMOID_FIX_REASON: &str =
    "the sigmoid keeps its gradient only with weights near 10/sqrt(n), half its units saturated";

/// The torch module for an activation (the explorer's exact parameters).
pub fn torch_activation(a: Activation) -> &'static str {
    match a {
        Activation::Sigmoid => "nn.Sigmoid()",
        Activation::Tanh => "nn.Tanh()",
        Activation::Relu => "nn.ReLU()",
        Activation::LeakyRelu => "nn.LeakyReLU(negative_slope=0.01)",
        Activation::Elu => "nn.ELU(alpha=1.0)",
        Activation::Selu => "nn.SELU()",
        Activation::Gelu => "nn.GELU()",
        Activation::Identity => "nn.Identity()",
    }
}

/// The `torch.nn.init` call that fills `layer.weight` for an init.
pub fn torch_weight_init(init: Init) -> &'static str {
    match init {
        Init::XavierNormal => "nn.init.xavier_normal_(layer.weight)",
        Init::XavierUniform => "nn.init.xavier_uniform_(layer.weight)",
        Init::HeNormal => "nn.init.kaiming_normal_(layer.weight, nonlinearity=\"relu\")",
        Init::LecunNormal => "nn.init.normal_(layer.weight, std=layer.in_features ** -0.5)",
        Init::Orthogonal => "nn.init.orthogonal_(layer.weight)",
        Init::RandomNormal => "nn.init.normal_(layer.weight, mean=0.0, std=1.0)",
        Init::SmallNormal => "nn.init.normal_(layer.weight, mean=0.0, std=0.01)",
    }
}

/// The torch module for a normalization (no learned parameters, eps 1e-5 as in the core;
/// `BatchNorm1d` in training mode normalizes with the batch's biased variance, as we do).
pub fn torch_norm(n: Norm) -> Option<&'static str> {
    match n {
        Norm::None => None,
        Norm::Batch => Some("nn.BatchNorm1d(width, affine=False)"),
        Norm::Layer => Some("nn.LayerNorm(width, elementwise_affine=False)"),
    }
}

/// The Python expression for the residual α, `None` for the plain network.
pub fn torch_alpha(r: Residual) -> Option<&'static str> {
    match r {
        Residual::None => None,
        Residual::Identity => Some("1.0"),
        Residual::Scaled => Some("depth ** -0.5  # 1/sqrt(L)"),
    }
}

/// ", residual scaled, norm layer" for a non-plain network, empty otherwise.
fn architecture_note(cfg: &Config) -> String {
    let mut note = String::new();
    if cfg.net.residual != Residual::None {
        note.push_str(&format!(", residual {}", cfg.net.residual));
    }
    if cfg.net.norm != Norm::None {
        note.push_str(&format!(", norm {}", cfg.net.norm));
    }
    note
}

/// The loop body's last line: how a layer's output joins the stream.
fn forward_update(cfg: &Config) -> String {
    let branch = match cfg.net.norm {
        Norm::None => "act(z)".to_string(),
        _ => "act(norm(z))".to_string(),
    };
    match cfg.net.residual {
        Residual::None => format!("    a = {branch}  # applied after the last layer too\n"),
        _ => format!("    a = a + alpha * {branch}  # identity path plus the scaled branch\n"),
    }
}

/// The initialization that suits an activation (the "quick fix" mapping).
pub fn recommended_init(a: Activation) -> Init {
    match a {
        Activation::Relu | Activation::LeakyRelu | Activation::Elu | Activation::Gelu => {
            Init::HeNormal
        }
        Activation::Sigmoid | Activation::Tanh => Init::XavierNormal,
        Activation::Selu => Init::LecunNormal,
        Activation::Identity => Init::Orthogonal,
    }
}

/// The fix keeps the plain network unless mean-field theory, for the plain network with the
/// chosen initialization at this depth, predicts more than this change from layer L to layer 1
/// (decades) …
pub const PLAIN_DECADES: f64 = 0.75;
/// … and a χ at layer L still this far from 1: the initialization is not critical, so the
/// gradient keeps drifting with depth (GELU's χ falls towards 0.5, ELU's stays above 1.045,
/// SELU's is 1.072), where tanh + Xavier's χ creeps up towards 1 (0.967 at layer 30).
pub const CHI_OFF_ONE: f64 = 0.04;

/// Whether the plain network with this activation and its chosen initialization keeps
/// drifting over this depth by the mean-field prediction (see the two thresholds).
pub fn needs_skip_and_norm(cfg: &Config) -> bool {
    let layers = plain_mean_field(&Config {
        net: MlpNet {
            init: recommended_init(cfg.net.activation),
            ..cfg.net
        },
        sigma_w2: None,
        ..cfg.clone()
    });
    match (layers.first(), layers.last()) {
        (Some(first), Some(last)) => {
            first.signal_grad_rel_log10.abs() > PLAIN_DECADES
                && (last.chi - 1.0).abs() > CHI_OFF_ONE
        }
        _ => false,
    }
}

/// The configuration the quick-fix snippet builds (see the module docs).
pub fn quick_fix_config(cfg: &Config) -> Config {
    let activation = match cfg.net.activation {
        Activation::Sigmoid => Activation::Tanh,
        a => a,
    };
    let fixed = Config {
        net: MlpNet {
            activation,
            init: recommended_init(activation),
            ..cfg.net
        },
        sigma_w2: None,
        ..cfg.clone()
    };
    let plain = (cfg.net.residual, cfg.net.norm) == (Residual::None, Norm::None);
    let (residual, norm) = if plain && needs_skip_and_norm(&fixed) {
        (Residual::Scaled, Norm::Layer)
    } else {
        (cfg.net.residual, cfg.net.norm)
    };
    Config {
        net: MlpNet {
            residual,
            norm,
            ..fixed.net
        },
        ..fixed
    }
}

/// "gelu + he_normal, residual scaled, norm layer": a network's choices, as the comment names them.
fn choices(cfg: &Config) -> String {
    match cfg.sigma_w2 {
        Some(v) => format!(
            "{} + sigma_w2 = {}{}",
            cfg.net.activation,
            py_float(v),
            architecture_note(cfg)
        ),
        None => format!(
            "{} + {}{}",
            cfg.net.activation,
            cfg.net.init,
            architecture_note(cfg)
        ),
    }
}

/// The quick-fix script's comment line(s), each starting with "# ".
pub fn quick_fix_comment(cfg: &Config) -> String {
    let run = quick_fix_config(cfg);
    let (before, after) = (choices(cfg), choices(&run));
    let head = if before == after {
        format!("# Quick fix: {after}, the same network as yours")
    } else {
        format!("# Quick fix: {after} instead of {before}")
    };
    let why = if run.net.activation != cfg.net.activation {
        format!("({SIGMOID_FIX_REASON})")
    } else {
        format!(
            "({} is the initialization chosen for {})",
            run.net.init, run.net.activation
        )
    };
    // Only where the fix itself added the skip path and the norm (a user's own stay unremarked).
    let added = (run.net.residual, run.net.norm) != (cfg.net.residual, cfg.net.norm);
    let skip = if !added {
        String::new()
    } else {
        format!(
            "\n# {} is not critical for {} (chi drifts away from 1 with depth), so at depth {} \
             the fix adds a scaled residual (alpha = 1/sqrt(L)) with layer norm",
            run.net.init, run.net.activation, run.net.depth
        )
    };
    format!("{head} {why}{skip}\n")
}

/// A Python float literal for a finite value: `0.5`, `2.0`, `0.0001`.
fn py_float(x: f64) -> String {
    let s = format!("{x}");
    if s.contains(['.', 'e', 'i', 'N']) {
        s
    } else {
        format!("{s}.0")
    }
}

/// The inspection script for `cfg` (or for [`quick_fix_config`]`(cfg)` when `quick_fix`).
pub fn pytorch_snippet(cfg: &Config, quick_fix: bool) -> String {
    let run = if quick_fix {
        quick_fix_config(cfg)
    } else {
        cfg.clone()
    };
    let mut s = String::new();
    s.push_str(&format!(
        "# Gradient Flow Explorer: {} layers of width {}, batch {}, {} + {}{}\n",
        run.net.depth,
        run.net.width,
        run.batch,
        run.net.activation,
        run.net.init,
        architecture_note(&run)
    ));
    if quick_fix {
        s.push_str(&quick_fix_comment(cfg));
    }
    s.push_str("# pip install torch\n");
    s.push_str("import torch\nfrom torch import nn\n\n");
    s.push_str(&format!("torch.manual_seed({})\n", run.seed));
    s.push_str(&format!(
        "depth, width, batch = {}, {}, {}\n\n",
        run.net.depth, run.net.width, run.batch
    ));
    s.push_str("layers = nn.ModuleList(nn.Linear(width, width) for _ in range(depth))\n");
    s.push_str(&format!("act = {}\n", torch_activation(run.net.activation)));
    if let Some(norm) = torch_norm(run.net.norm) {
        s.push_str(&format!("norm = {norm}  # before the activation\n"));
    }
    if let Some(alpha) = torch_alpha(run.net.residual) {
        s.push_str(&format!("alpha = {alpha}\n"));
    }
    s.push_str("for layer in layers:\n");
    match run.sigma_w2 {
        Some(v) => s.push_str(&format!(
            "    nn.init.normal_(layer.weight, std=({} / layer.in_features) ** 0.5)\n",
            py_float(v)
        )),
        None => s.push_str(&format!("    {}\n", torch_weight_init(run.net.init))),
    }
    if run.bias_std > 0.0 {
        s.push_str(&format!(
            "    nn.init.normal_(layer.bias, std={})\n",
            py_float(run.bias_std)
        ));
    } else {
        s.push_str("    nn.init.zeros_(layer.bias)\n");
    }
    s.push_str(
        "\n\
         X, Y = torch.randn(batch, width), torch.randn(batch, width)\n\
         a, zs = X, []\n\
         for layer in layers:\n\
         \x20   z = layer(a)  # pre-activation z_l\n\
         \x20   z.retain_grad()  # keep dL/dz_l, the back-propagated signal\n\
         \x20   zs.append(z)\n",
    );
    s.push_str(&forward_update(&run));
    s.push_str(
        "loss = nn.MSELoss()(a, Y)\n\
         loss.backward()\n\
         \n\
         for l, (layer, z) in enumerate(zip(layers, zs), start=1):\n\
         \x20   w_norm = layer.weight.grad.norm().item()\n\
         \x20   z_norm = z.grad.norm().item()\n",
    );
    s.push_str(&format!("    print(f\"{PRINT_FORMAT_PY}\")\n"));
    s
}

/// The snippet's print line as a Python f-string body (`l`, `w_norm`, `z_norm` in scope).
pub const PRINT_FORMAT_PY: &str =
    "layer {l:3d}  weight_grad {w_norm:.4e}  signal_grad {z_norm:.4e}";

/// Formats like Python's `format(x, ".{prec}e")`: `1.2346e-05`, `0.0000e+00`, `inf`, `nan`.
pub fn format_py_exp(x: f64, prec: usize) -> String {
    if x.is_nan() {
        return "nan".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    let s = format!("{x:.prec$e}");
    match s.split_once('e') {
        Some((mantissa, exp)) => {
            let e: i32 = exp.parse().unwrap_or(0);
            let sign = if e < 0 { '-' } else { '+' };
            format!("{mantissa}e{sign}{:02}", e.unsigned_abs())
        }
        None => s,
    }
}

/// One output line, exactly as the snippet prints it (without the newline).
pub fn output_line(layer: usize, weight_grad_norm: f64, signal_grad_norm: f64) -> String {
    format!(
        "layer {layer:>3}  weight_grad {}  signal_grad {}",
        format_py_exp(weight_grad_norm, 4),
        format_py_exp(signal_grad_norm, 4)
    )
}

/// Our per-layer numbers, `(layer, ‖∂L/∂W_l‖, ‖∂L/∂z_l‖)`, in the snippet's output format, one
/// line per entry, each ending in a newline.
pub fn predicted_output(report_lines: &[(usize, f64, f64)]) -> String {
    report_lines
        .iter()
        .map(|&(l, w, z)| output_line(l, w, z) + "\n")
        .collect()
}

/// [`predicted_output`] for a simulation report.
pub fn predicted_output_for_report(report: &Report) -> String {
    let lines: Vec<(usize, f64, f64)> = report
        .layers
        .iter()
        .map(|l| (l.layer, l.weight_grad_norm, l.signal_grad_norm))
        .collect();
    predicted_output(&lines)
}

/// Reads one output line back (from the snippet or from [`predicted_output`]).
pub fn parse_output_line(line: &str) -> Option<(usize, f64, f64)> {
    let rest = line.trim_end().strip_prefix("layer ")?;
    let (layer, rest) = rest.trim_start().split_once("  weight_grad ")?;
    let (w, z) = rest.split_once("  signal_grad ")?;
    Some((layer.parse().ok()?, w.parse().ok()?, z.parse().ok()?))
}
