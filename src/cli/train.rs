//! `gradflow train …`: argument parsing and output, kept in the library so it is testable
//! (the binary only dispatches here).

use serde_json::{json, Value};

use crate::cli::{check_seeds, mixed_flag, run_command, Flags, Format};
use crate::export::json::number;
use crate::lessons::status::overflow_headline;
use crate::sim::numeric::Precision;
use crate::sim::{Activation, Init, Overflowed};
use crate::train::config::{Dataset, Norm, Optimizer, Residual, TrainConfig, GROWTH_INTERVAL};
use crate::train::seeds::{run_seeds, Spread};
use crate::train::trainer::Measurement;
use crate::words::precision::in_format;

pub const USAGE: &str = "usage: gradflow train --data spiral|circles|xor [--noise 0.05] --activation A --init I \
--depth L --width W [--residual none|identity|scaled] [--norm none|batch|layer] --optimizer sgd|adam --lr X \
[--momentum M] [--clip C] --steps N [--seed S] [--seeds K] [--record 0,50,100,…] [--format json|table]
                [--precision float32|bfloat16|float16] [--loss-scale none|2^k|dynamic] [--growth-interval N]
  activations: sigmoid tanh relu leaky_relu elu selu gelu identity
  inits:       xavier_normal xavier_uniform he_normal lecun_normal orthogonal random_normal small_normal
  defaults:    --noise 0.05 --residual none --norm none --momentum 0 --seed 0 --seeds 1 --format table
               --precision float32 --loss-scale none --growth-interval 2000;
               --record 0, 50, 100, 200, 500, 1000, 2000, 5000, … below N, and N";

#[derive(Clone, Debug, PartialEq)]
pub struct Args {
    pub cfg: TrainConfig,
    pub seeds: usize,
    pub record: Vec<usize>,
    pub format: Format,
}

fn num<T: std::str::FromStr>(flag: &str, v: &str) -> Result<T, String> {
    crate::cli::parse_num(flag, v)
}

fn pick<T>(flag: &str, v: &str, f: impl Fn(&str) -> Option<T>) -> Result<T, String> {
    f(v).ok_or_else(|| format!("{flag}: unknown value '{v}'"))
}

/// The default steps to record: 0, 50, 100, 200, 500, 1000, 2000, … below `steps`, and `steps`.
pub fn default_record(steps: usize) -> Vec<usize> {
    let mut r = vec![0];
    let mut decade = 10usize;
    while decade <= steps {
        for m in [5usize, 10, 20] {
            let s = m.saturating_mul(decade);
            if s < steps && s > 0 {
                r.push(s);
            }
        }
        decade = decade.saturating_mul(10);
    }
    r.push(steps);
    r.dedup();
    r
}

/// Parses the arguments after `train`. Ok(None): help was asked for.
pub fn parse(argv: &[String]) -> Result<Option<Args>, String> {
    let mut cfg = TrainConfig::default();
    let (mut data, mut act, mut init, mut depth, mut width) = (None, None, None, None, None);
    let (mut opt, mut lr, mut steps, mut record) = (None, None, None, None);
    let (mut seeds, mut format) = (1usize, Format::Table);
    let mut flags = Flags::new(argv);
    while let Some((flag, v)) = flags.next_pair()? {
        if mixed_flag(flag, v, &mut cfg.mixed)? {
            continue;
        }
        match flag {
            "--growth-interval" => cfg.growth_interval = num(flag, v)?,
            "--help" => return Ok(None),
            "--data" => data = Some(pick(flag, v, Dataset::from_id)?),
            "--noise" => cfg.noise = num(flag, v)?,
            "--activation" => act = Some(pick(flag, v, Activation::from_id)?),
            "--init" => init = Some(pick(flag, v, Init::from_id)?),
            "--depth" => depth = Some(num(flag, v)?),
            "--width" => width = Some(num(flag, v)?),
            "--residual" => cfg.net.residual = pick(flag, v, Residual::from_id)?,
            "--norm" => cfg.net.norm = pick(flag, v, Norm::from_id)?,
            "--optimizer" => opt = Some(pick(flag, v, Optimizer::from_id)?),
            "--lr" => lr = Some(num(flag, v)?),
            "--momentum" => cfg.momentum = num(flag, v)?,
            "--clip" => cfg.clip = Some(num(flag, v)?),
            "--steps" => steps = Some(num(flag, v)?),
            "--seed" => cfg.seed = num(flag, v)?,
            "--seeds" => seeds = num(flag, v)?,
            "--record" => record = Some(parse_record(v)?),
            "--format" => format = Format::parse(v)?,
            _ => return Err(format!("unknown argument '{flag}'")),
        }
    }
    cfg.data = data.ok_or("--data is required")?;
    cfg.net.activation = act.ok_or("--activation is required")?;
    cfg.net.init = init.ok_or("--init is required")?;
    cfg.net.depth = depth.ok_or("--depth is required")?;
    cfg.net.width = width.ok_or("--width is required")?;
    cfg.optimizer = opt.ok_or("--optimizer is required")?;
    cfg.lr = lr.ok_or("--lr is required")?;
    cfg.steps = steps.ok_or("--steps is required")?;
    check_seeds(seeds)?;
    cfg.validate().map_err(|e| e.to_string())?;
    let record = record.unwrap_or_else(|| default_record(cfg.steps));
    if let Some(&bad) = record.iter().find(|&&s| s > cfg.steps) {
        return Err(format!(
            "--record: step {bad} is beyond --steps {}",
            cfg.steps
        ));
    }
    Ok(Some(Args {
        cfg,
        seeds,
        record,
        format,
    }))
}

/// "0,50,100" → ascending, without duplicates.
fn parse_record(v: &str) -> Result<Vec<usize>, String> {
    let mut r = v
        .split(',')
        .map(|s| num::<usize>("--record", s.trim()))
        .collect::<Result<Vec<_>, _>>()?;
    r.sort_unstable();
    r.dedup();
    Ok(r)
}

/// Runs `gradflow train ARGS`: prints the result or the one line `gradflow: <reason>`;
/// returns the exit code (0, or 2 for bad arguments).
pub fn run(argv: &[String]) -> u8 {
    run_command(
        argv,
        parse,
        USAGE,
        |args| run_seeds(&args.cfg, args.seeds, &args.record).map_err(|e| e.to_string()),
        |args, runs| match args.format {
            Format::Json => format!("{}\n", to_json(args, runs)),
            Format::Table => to_table(args, runs),
        },
    )
}

/// Spread of one statistic of recorded step `i` across seeds.
fn across(runs: &[Vec<Measurement>], i: usize, f: impl Fn(&Measurement) -> f64) -> Spread {
    Spread::of(runs.iter().map(|r| f(&r[i])))
}

/// A spread as JSON, non-finite percentiles written as the explorer's export writes them.
fn spread_json(s: Spread) -> Value {
    json!({
        "p10": number(s.p10),
        "p50": number(s.p50),
        "p90": number(s.p90),
        "nonfinite_fraction": number(s.nonfinite_fraction),
    })
}

/// What overflowed in some seed at a recorded step, in the explorer card's words (naming the
/// run's format), with the first recorded step where it did; `null` when every recorded value
/// is finite.
fn overflow_json(runs: &[Vec<Measurement>], precision: Precision) -> Value {
    let first = |bad: &dyn Fn(&Measurement) -> bool| {
        runs.iter()
            .flat_map(|r| r.iter().filter(|m| bad(m)).map(|m| m.step))
            .min()
    };
    let loss = first(&|m| !m.loss.is_finite());
    let gradients = first(&|m| m.weight_grad_norm.iter().any(|g| !g.is_finite()));
    let Some(first_step) = loss.into_iter().chain(gradients).min() else {
        return Value::Null;
    };
    let o = Overflowed {
        loss: loss.is_some(),
        gradients: gradients.is_some(),
        any: true,
    };
    json!({
        "loss": o.loss,
        "gradients": o.gradients,
        "first_recorded_step": first_step,
        "words": in_format(overflow_headline(o), precision),
    })
}

/// The JSON document: `config`, `seeds`, `steps`, `overflowed` (see the README).
pub fn to_json(args: &Args, runs: &[Vec<Measurement>]) -> Value {
    let recorded = runs.first().map_or(0, Vec::len);
    let steps: Vec<Value> = (0..recorded)
        .map(|i| {
            let layers: Vec<Value> = (0..args.cfg.net.depth)
                .map(|l| {
                    let s = across(runs, i, |m| m.weight_grad_norm[l]);
                    json!({"p10": number(s.p10), "p50": number(s.p50), "p90": number(s.p90)})
                })
                .collect();
            let mut step = json!({
                "step": runs[0][i].step,
                "loss": spread_json(across(runs, i, |m| m.loss)),
                "train_accuracy": spread_json(across(runs, i, |m| m.train_accuracy)),
                "test_accuracy": spread_json(across(runs, i, |m| m.test_accuracy)),
                "weight_grad_norm": layers,
            });
            if !args.cfg.mixed.is_float32() {
                step["loss_scale"] = spread_json(across(runs, i, |m| 2f64.powi(m.scale_log2)));
                step["skipped_steps"] = spread_json(across(runs, i, |m| m.skipped_steps as f64));
            }
            step
        })
        .collect();
    let mut config = json!(args.cfg);
    if let Some(c) = config.as_object_mut() {
        // A float32 run's config reads as before the precision lens existed.
        if args.cfg.mixed.is_float32() {
            c.remove("mixed");
        }
        if args.cfg.growth_interval == GROWTH_INTERVAL {
            c.remove("growth_interval");
        }
    }
    json!({
        "config": config,
        "seeds": args.seeds,
        "steps": steps,
        "overflowed": overflow_json(runs, args.cfg.mixed.precision),
    })
}

/// One line per recorded step with the medians over seeds.
pub fn to_table(args: &Args, runs: &[Vec<Measurement>]) -> String {
    let c = &args.cfg;
    let mut s = format!(
        "{} data (noise {}), {} + {}, depth {}, width {}, residual {}, norm {}, {} lr {}{}{}, seeds {}..{}\n",
        c.data.id(),
        c.noise,
        c.net.activation.label(),
        c.net.init.label(),
        c.net.depth,
        c.net.width,
        c.net.residual.id(),
        c.net.norm.id(),
        c.optimizer.id(),
        c.lr,
        if c.momentum > 0.0 { format!(" momentum {}", c.momentum) } else { String::new() },
        c.clip.map_or(String::new(), |v| format!(" clip {v}")),
        c.seed,
        c.seed.wrapping_add(args.seeds as u64 - 1),
    );
    s += &format!(
        "{:>7} {:>11} {:>9} {:>9} {:>9} {:>13} {:>13}\n",
        "step", "loss", "train acc", "test acc", "nonfinite", "|dL/dW_1|", "|dL/dW_L|"
    );
    let last = c.net.depth - 1;
    for i in 0..runs.first().map_or(0, Vec::len) {
        let loss = across(runs, i, |m| m.loss);
        s += &format!(
            "{:>7} {:>11.4e} {:>9.4} {:>9.4} {:>9.2} {:>13.4e} {:>13.4e}\n",
            runs[0][i].step,
            loss.p50,
            across(runs, i, |m| m.train_accuracy).p50,
            across(runs, i, |m| m.test_accuracy).p50,
            loss.nonfinite_fraction,
            across(runs, i, |m| m.weight_grad_norm[0]).p50,
            across(runs, i, |m| m.weight_grad_norm[last]).p50,
        );
    }
    s + "medians over seeds; loss and accuracies on the full 256-point sets\n"
}
