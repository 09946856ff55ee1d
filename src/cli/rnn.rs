//! `gradflow rnn …`: a recurrent network's gradients through time from the command line
//! (argument parsing and output, kept in the library so it is testable; the binary only
//! dispatches here).

use serde_json::{json, Value};

use crate::cli::{check_seeds, mixed_flag, parse_num, run_command, Flags, Format};
use crate::export::json::{grad_fractions_json, loss_scale_json, number};
use crate::sim::mixed::MixedPrecision;
use crate::sim::recurrent::{
    simulate_rnn_seeds_mixed, spread, Cell, RecurrentInit, RnnConfig, RnnSpread,
};
use crate::sim::Percentiles;

/// The usage text; the lists of names come from the enums, so they cannot go stale.
pub fn usage() -> String {
    format!(
        "usage: gradflow rnn --cell C --steps T --width H [--batch B] [--init I] [--gain G] \
[--forget-bias F] [--truncate K] [--seed S] [--seeds K] [--format json|table]
                    [--precision float32|bfloat16|float16] [--loss-scale none|2^k|dynamic]
  cells:    {}
  inits:    {} (identity: rnn_* cells only)
  defaults: --batch 32 --init orthogonal --gain 1 --forget-bias 0 --truncate T (full BPTT) \
--seed 0 --seeds 1 --format table --precision float32 --loss-scale none",
        Cell::ALL.map(Cell::id).join(" "),
        RecurrentInit::ALL.map(RecurrentInit::id).join(" "),
    )
}

#[derive(Clone, Debug, PartialEq)]
pub struct Args {
    pub cfg: RnnConfig,
    pub seeds: usize,
    pub format: Format,
    /// The number format and loss scale (float32 without a scale by default).
    pub mixed: MixedPrecision,
}

/// Parses the arguments after `rnn`. Ok(None): help was asked for. Every error is one line
/// naming what was wrong.
pub fn parse(argv: &[String]) -> Result<Option<Args>, String> {
    let mut cfg = RnnConfig::default();
    let (mut cell, mut steps, mut width, mut truncate) = (None, None, None, None);
    let (mut seeds, mut format) = (1usize, Format::Table);
    let mut mixed = MixedPrecision::default();
    let mut flags = Flags::new(argv);
    while let Some((flag, v)) = flags.next_pair()? {
        if mixed_flag(flag, v, &mut mixed)? {
            continue;
        }
        match flag {
            "--help" => return Ok(None),
            "--cell" => {
                cell = Some(Cell::from_id(v).ok_or_else(|| {
                    let all = Cell::ALL.map(Cell::id).join(" ");
                    format!("--cell: expected {all}, got '{v}'")
                })?)
            }
            "--init" => {
                cfg.init = RecurrentInit::from_id(v).ok_or_else(|| {
                    let all = RecurrentInit::ALL.map(RecurrentInit::id).join(" ");
                    format!("--init: expected {all}, got '{v}'")
                })?
            }
            "--steps" => steps = Some(parse_num(flag, v)?),
            "--width" => width = Some(parse_num(flag, v)?),
            "--batch" => cfg.batch = parse_num(flag, v)?,
            "--gain" => cfg.gain = parse_num(flag, v)?,
            "--forget-bias" => cfg.forget_bias = parse_num(flag, v)?,
            "--truncate" => truncate = Some(parse_num(flag, v)?),
            "--seed" => cfg.seed = parse_num(flag, v)?,
            "--seeds" => seeds = parse_num(flag, v)?,
            "--format" => format = Format::parse(v)?,
            _ => return Err(format!("unknown argument '{flag}'")),
        }
    }
    cfg.cell = cell.ok_or("--cell is required")?;
    cfg.steps = steps.ok_or("--steps is required")?;
    cfg.width = width.ok_or("--width is required")?;
    cfg.truncate = truncate.unwrap_or(cfg.steps);
    check_seeds(seeds)?;
    cfg.validate().map_err(|e| e.to_string())?;
    Ok(Some(Args {
        cfg,
        seeds,
        format,
        mixed,
    }))
}

/// Runs `gradflow rnn ARGS`: prints the result or the one line `gradflow: <reason>`; returns
/// the exit code (0, or 2 for bad arguments).
pub fn run(argv: &[String]) -> u8 {
    run_command(
        argv,
        parse,
        &usage(),
        |args| {
            simulate_rnn_seeds_mixed(&args.cfg, args.seeds, &args.mixed)
                .map_err(|e| e.to_string())
                .and_then(|runs| spread(&runs).ok_or_else(|| "no seed ran".to_string()))
        },
        |args, sp| match args.format {
            Format::Json => format!("{}\n", to_json(sp)),
            Format::Table => to_table(sp),
        },
    )
}

fn pjson(p: &Percentiles) -> Value {
    json!({"p10": number(p.p10), "p50": number(p.p50), "p90": number(p.p90)})
}

/// The JSON document: `config`, `seeds`, `loss`, `steps`, `weight_grad_norm`, `summary` (see
/// the README); non-finite numbers as "inf", "-inf" or "NaN", `null` only for "not applicable".
pub fn to_json(sp: &RnnSpread) -> Value {
    let steps: Vec<Value> = sp
        .steps
        .iter()
        .map(|s| {
            let mut step = json!({
                "t": s.t,
                "hidden_grad_norm": pjson(&s.hidden_grad_norm),
                "cell_grad_norm": s.cell_grad_norm.as_ref().map(pjson),
                "hidden_std": pjson(&s.hidden_std),
            });
            if let Some(f) = &s.grad_fractions {
                step["grad_fractions"] = grad_fractions_json(f);
            }
            step
        })
        .collect();
    let s = &sp.summary;
    let mut out = json!({
        "config": sp.config,
        "seeds": sp.seeds,
        "loss": pjson(&sp.loss),
        "steps": steps,
        "weight_grad_norm": {
            "recurrent": sp.weight_grad_recurrent.as_ref().map(pjson),
            "input": sp.weight_grad_input.as_ref().map(pjson),
        },
        "summary": {
            "first_step_grad": number(s.first_step_grad),
            "last_step_grad": number(s.last_step_grad),
            "ratio": number(s.ratio),
            "diagnosis": s.diagnosis.id(),
            "memory_horizon": s.memory_horizon,
        },
    });
    if let Some(m) = sp.mixed {
        out["precision"] = json!(m.precision);
        out["loss_scale"] = loss_scale_json(m.requested, sp.scale_log2.iter().copied());
    }
    out
}

/// One line per step with the medians over seeds, then the loss, weight gradients and summary.
pub fn to_table(sp: &RnnSpread) -> String {
    let c = &sp.config;
    let mut s = format!(
        "{} T {} H {} batch {}, {} gain {}{}, truncate {}, seeds {}..{}\n",
        c.cell.label(),
        c.steps,
        c.width,
        c.batch,
        c.init.id(),
        c.gain,
        if c.cell == Cell::Lstm {
            format!(", forget bias {}", c.forget_bias)
        } else {
            String::new()
        },
        c.truncate,
        c.seed,
        c.seed.wrapping_add(sp.seeds as u64 - 1),
    );
    s += &format!(
        "{:>5} {:>11} {:>11} {:>11} {:>9}\n",
        "t", "|dL/dh_t|", "log10 rel", "|dL/dc_t|", "std h_t"
    );
    let last = sp.summary.last_step_grad;
    for st in &sp.steps {
        let g = st.hidden_grad_norm.p50;
        let cell = st
            .cell_grad_norm
            .map_or("-".to_string(), |p| format!("{:.3e}", p.p50));
        s += &format!(
            "{:>5} {:>11.3e} {:>11.3} {:>11} {:>9.4}\n",
            st.t,
            g,
            (g / last).log10(),
            cell,
            st.hidden_std.p50
        );
    }
    let sm = &sp.summary;
    s += &format!("loss {:.4e} (median of {} seeds)\n", sp.loss.p50, sp.seeds);
    let p50 = |p: &Option<Percentiles>| p.as_ref().map_or(f64::NAN, |p| p.p50);
    s += &format!(
        "weight gradients: |dL/dW_hh| {:.3e}, |dL/dW_ih| {:.3e}\n",
        p50(&sp.weight_grad_recurrent),
        p50(&sp.weight_grad_input)
    );
    s += &format!(
        "hidden gradient first/last step: {:.3e} / {:.3e} = {:.3e}\n",
        sm.first_step_grad, sm.last_step_grad, sm.ratio
    );
    s += &format!(
        "memory horizon: {} steps back stay above 1e-3 of |dL/dh_T|\ndiagnosis: {}\n",
        sm.memory_horizon,
        sm.diagnosis.id()
    );
    s
}
