//! `gradflow transformer …`: the residual stream of a transformer stack at initialisation
//! (issue #28), argument parsing and output, kept in the library so it is testable (the
//! binary only dispatches here).

use serde_json::{json, Value};

use crate::cli::{check_seeds, mixed_flag, run_command, Flags, Format};
use crate::export::json::{grad_fractions_json, loss_scale_json, number};
use crate::sim::mixed::MixedPrecision;
use crate::sim::transformer::report::{BlockSpread, StackReport, WEIGHT_NAMES};
use crate::sim::transformer::{
    simulate_transformer_mixed, BlockInit, NormKind, Placement, TransformerConfig,
};
use crate::sim::{Choice, Percentiles};

pub const USAGE: &str =
    "usage: gradflow transformer --placement P [--norm layernorm|rmsnorm] --blocks L \
--width d [--heads h] [--tokens T] [--batch B] [--init normal_002|xavier_normal] [--scaled-init] \
[--rezero-init a] [--seed S] [--seeds K] [--format json|table]
                            [--precision float32|bfloat16|float16] [--loss-scale none|2^k|dynamic]
  placements: pre_ln post_ln deepnorm rezero no_norm
  defaults:   --norm layernorm --heads 4 --tokens 16 --batch 8 --init normal_002 (scaled init off)
              --rezero-init 0 --seed 0 --seeds 1 --format table --precision float32 --loss-scale none";

/// The flag that takes no value.
const SCALED_INIT: &str = "--scaled-init";

#[derive(Clone, Debug, PartialEq)]
pub struct Args {
    pub cfg: TransformerConfig,
    pub seeds: usize,
    pub format: Format,
    /// The number format and loss scale (float32 without a scale by default).
    pub mixed: MixedPrecision,
}

/// The value of a choice flag, or an error listing the accepted ids.
fn pick<T: Choice>(flag: &str, v: &str) -> Result<T, String> {
    T::from_id(v).ok_or_else(|| {
        let ids: Vec<&str> = T::ALL.iter().map(|c| c.id()).collect();
        format!("{flag}: expected {}, got '{v}'", ids.join(" "))
    })
}

/// `argv` without `--scaled-init` (the one flag with no value), and whether it was there.
/// Values are skipped over, so a value spelled "--scaled-init" is left to its flag.
fn take_switch(argv: &[String]) -> Result<(Vec<String>, bool), String> {
    let (mut rest, mut on) = (Vec::with_capacity(argv.len()), false);
    let mut it = argv.iter();
    while let Some(a) = it.next() {
        if a == SCALED_INIT {
            if on {
                return Err(format!("{SCALED_INIT} is given more than once"));
            }
            on = true;
            continue;
        }
        rest.push(a.clone());
        if a.starts_with("--") && a != "--help" {
            rest.extend(it.next().cloned());
        }
    }
    Ok((rest, on))
}

/// Parses the arguments after `transformer`. Ok(None): help was asked for.
pub fn parse(argv: &[String]) -> Result<Option<Args>, String> {
    let (argv, scaled_init) = take_switch(argv)?;
    let mut cfg = TransformerConfig {
        scaled_init,
        ..TransformerConfig::default()
    };
    let (mut placement, mut blocks, mut width) = (None, None, None);
    let (mut seeds, mut format) = (1usize, Format::Table);
    let num = crate::cli::parse_num::<usize>;
    let mut mixed = MixedPrecision::default();
    let mut flags = Flags::new(&argv);
    while let Some((flag, v)) = flags.next_pair()? {
        if mixed_flag(flag, v, &mut mixed)? {
            continue;
        }
        match flag {
            "--help" => return Ok(None),
            "--placement" => placement = Some(pick::<Placement>(flag, v)?),
            "--norm" => cfg.norm = pick::<NormKind>(flag, v)?,
            "--init" => cfg.init = pick::<BlockInit>(flag, v)?,
            "--blocks" => blocks = Some(num(flag, v)?),
            "--width" => width = Some(num(flag, v)?),
            "--heads" => cfg.heads = num(flag, v)?,
            "--tokens" => cfg.tokens = num(flag, v)?,
            "--batch" => cfg.batch = num(flag, v)?,
            "--rezero-init" => cfg.rezero_init = crate::cli::parse_num(flag, v)?,
            "--seed" => cfg.seed = crate::cli::parse_num(flag, v)?,
            "--seeds" => seeds = num(flag, v)?,
            "--format" => format = Format::parse(v)?,
            _ => return Err(format!("unknown argument '{flag}'")),
        }
    }
    cfg.placement = placement.ok_or("--placement is required")?;
    cfg.blocks = blocks.ok_or("--blocks is required")?;
    cfg.width = width.ok_or("--width is required")?;
    check_seeds(seeds)?;
    cfg.validate().map_err(|e| e.to_string())?;
    Ok(Some(Args {
        cfg,
        seeds,
        format,
        mixed,
    }))
}

/// Runs `gradflow transformer ARGS`: prints the result or the one line `gradflow: <reason>`;
/// returns the exit code (0, or 2 for bad arguments).
pub fn run(argv: &[String]) -> u8 {
    run_command(
        argv,
        parse,
        USAGE,
        |args| {
            simulate_transformer_mixed(&args.cfg, args.seeds, &args.mixed)
                .map_err(|e| e.to_string())
        },
        |args, report| match args.format {
            Format::Json => format!("{}\n", to_json(report)),
            Format::Table => to_table(report),
        },
    )
}

/// p10/p50/p90 as JSON (exact zeros as 0, non-finite values as the export's strings).
fn percentiles_json(p: &Percentiles) -> Value {
    json!({"p10": number(p.p10), "p50": number(p.p50), "p90": number(p.p90)})
}

fn block_json(b: &BlockSpread, rezero: bool) -> Value {
    let weights: serde_json::Map<String, Value> = WEIGHT_NAMES
        .iter()
        .zip(b.weight_grad_norm.to_array())
        .map(|(name, p)| (name.to_string(), percentiles_json(&p)))
        .collect();
    let mut v = json!({
        "block": b.block,
        "stream_grad_norm": percentiles_json(&b.stream_grad_norm),
        "stream_std": percentiles_json(&b.stream_std),
        "weight_grad_norm": weights,
    });
    if rezero {
        v["gate_grad_norm"] = json!({
            "attn": percentiles_json(&b.gate_grad[0]),
            "mlp": percentiles_json(&b.gate_grad[1]),
        });
    }
    if let Some(f) = &b.grad_fractions {
        v["grad_fractions"] = grad_fractions_json(f);
    }
    v
}

/// The JSON document: `config`, `seeds`, `loss`, `blocks`, `summary` (issue #28's shape).
pub fn to_json(r: &StackReport) -> Value {
    let rezero = r.config.placement == Placement::ReZero;
    let s = &r.summary;
    let mut out = json!({
        "config": r.config,
        "seeds": r.seeds,
        "loss": percentiles_json(&r.loss),
        "blocks": r.blocks.iter().map(|b| block_json(b, rezero)).collect::<Vec<_>>(),
        "summary": {
            "first_block_grad": number(s.first_block_grad),
            "last_block_grad": number(s.last_block_grad),
            "ratio": number(s.ratio),
            "diagnosis": s.diagnosis.id(),
        },
    });
    if let Some(m) = r.mixed {
        out["precision"] = json!(m.precision);
        out["loss_scale"] = loss_scale_json(m.requested, r.scale_log2.iter().copied());
    }
    out
}

/// One line per block with the medians over seeds, then the loss and the verdict.
pub fn to_table(r: &StackReport) -> String {
    let c = &r.config;
    let norm = if c.placement.has_norm() {
        c.norm.id()
    } else {
        "none"
    };
    let mut s = format!(
        "{} ({norm}), {} blocks, width {}, {} heads, {} tokens, batch {}, init {}{}{}, seeds {}..{}\n",
        c.placement.label(),
        c.blocks,
        c.width,
        c.heads,
        c.tokens,
        c.batch,
        c.init.id(),
        if c.scaled_init { " + scaled residual init" } else { "" },
        if c.placement == Placement::ReZero { format!(", rezero init {}", c.rezero_init) } else { String::new() },
        c.seed,
        c.seed.wrapping_add(r.seeds as u64 - 1),
    );
    s += &format!("{:>5} {:>11} {:>9}", "block", "|dL/dx|", "std(x)");
    for name in ["|dW_Q|", "|dW_K|", "|dW_V|", "|dW_O|", "|dW_1|", "|dW_2|"] {
        s += &format!(" {name:>10}");
    }
    s += "\n";
    for b in &r.blocks {
        s += &format!(
            "{:>5} {:>11.4e} {:>9.4}",
            b.block, b.stream_grad_norm.p50, b.stream_std.p50
        );
        for p in b.weight_grad_norm.to_array() {
            s += &format!(" {:>10.3e}", p.p50);
        }
        s += "\n";
    }
    let m = &r.summary;
    s += &format!("loss {:.4} (median of {} seeds)\n", r.loss.p50, r.seeds);
    s += &format!(
        "stream gradient first/last block: {:.3e} / {:.3e} = {:.3e}\ndiagnosis: {}\n",
        m.first_block_grad,
        m.last_block_grad,
        m.ratio,
        m.diagnosis.id()
    );
    s
}
