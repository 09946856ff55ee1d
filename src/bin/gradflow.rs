//! `gradflow`: run the simulation core from the command line (no web dependency).
//!
//! gradflow --activation A --init I --depth L --width W [--batch B] [--seed S] [--seeds K]
//!          [--bias-std S] [--sigma-w2 X] [--residual R] [--norm N] [--format json|table]

use std::process::ExitCode;

use gradient_flow_explorer::sim::seeds::{percentiles, seed_configs, spread};
use gradient_flow_explorer::sim::{
    judged_gradient, simulate, Activation, Config, Diagnosis, Init, JudgedGradient, Norm,
    Percentiles, Report, Residual,
};
use serde_json::{json, Value};

/// `println!` that ignores a closed pipe (`gradflow … | head`) instead of panicking.
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

/// Names separated by spaces.
fn ids(names: &[&str]) -> String {
    names.join(" ")
}

/// The usage text; the lists of names come from the enums, so they cannot go stale.
fn usage() -> String {
    format!(
        "usage: gradflow --activation A --init I --depth L --width W [--batch B] [--seed S] \
[--seeds K] [--bias-std S] [--sigma-w2 X] [--residual R] [--norm N] [--format json|table]
  activations: {}
  inits:       {}
  residuals:   {}
  norms:       {}
  defaults:    --batch 64 --seed 0 --seeds 1 --bias-std 0 --residual none --norm none --format table",
        ids(&Activation::ALL.map(Activation::id)),
        ids(&Init::ALL.map(Init::id)),
        ids(&Residual::ALL.map(Residual::id)),
        ids(&Norm::ALL.map(Norm::id)),
    )
}

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Json,
    Table,
}

struct Args {
    cfg: Config,
    seeds: usize,
    format: Format,
}

fn parse_num<T: std::str::FromStr>(flag: &str, v: &str) -> Result<T, String> {
    v.parse()
        .map_err(|_| format!("{flag}: not a valid number: '{v}'"))
}

fn parse(argv: &[String]) -> Result<Option<Args>, String> {
    let mut cfg = Config {
        seed: 0,
        bias_std: 0.0,
        sigma_w2: None,
        batch: 64,
        ..Config::default()
    };
    let (mut act, mut init, mut depth, mut width) = (None, None, None, None);
    let (mut seeds, mut format) = (1usize, Format::Table);
    let mut it = argv.iter();
    while let Some(flag) = it.next() {
        if flag == "-h" || flag == "--help" {
            return Ok(None);
        }
        if !flag.starts_with("--") {
            return Err(format!(
                "unexpected argument '{flag}': every option is a --flag followed by its value"
            ));
        }
        let val = it.next().ok_or_else(|| format!("{flag}: missing value"))?;
        match flag.as_str() {
            "--activation" => {
                act = Some(
                    Activation::from_id(val)
                        .ok_or_else(|| format!("--activation: unknown activation '{val}'"))?,
                )
            }
            "--init" => {
                init = Some(
                    Init::from_id(val).ok_or_else(|| format!("--init: unknown init '{val}'"))?,
                )
            }
            "--residual" => {
                cfg.residual = Residual::from_id(val).ok_or_else(|| {
                    format!(
                        "--residual: expected {}, got '{val}'",
                        ids(&Residual::ALL.map(Residual::id))
                    )
                })?
            }
            "--norm" => {
                cfg.norm = Norm::from_id(val).ok_or_else(|| {
                    format!(
                        "--norm: expected {}, got '{val}'",
                        ids(&Norm::ALL.map(Norm::id))
                    )
                })?
            }
            "--depth" => depth = Some(parse_num(flag, val)?),
            "--width" => width = Some(parse_num(flag, val)?),
            "--batch" => cfg.batch = parse_num(flag, val)?,
            "--seed" => cfg.seed = parse_num(flag, val)?,
            "--seeds" => seeds = parse_num(flag, val)?,
            "--bias-std" => cfg.bias_std = parse_num(flag, val)?,
            "--sigma-w2" => cfg.sigma_w2 = Some(parse_num(flag, val)?),
            "--format" => {
                format = match val.as_str() {
                    "json" => Format::Json,
                    "table" => Format::Table,
                    _ => return Err(format!("--format: expected json or table, got '{val}'")),
                }
            }
            _ => return Err(format!("unknown argument '{flag}'")),
        }
    }
    cfg.activation = act.ok_or("--activation is required")?;
    cfg.init = init.ok_or("--init is required")?;
    cfg.depth = depth.ok_or("--depth is required")?;
    cfg.width = width.ok_or("--width is required")?;
    if !(1..=1000).contains(&seeds) {
        return Err(format!("--seeds must be between 1 and 1000 (got {seeds})"));
    }
    cfg.validate().map_err(|e| e.to_string())?;
    Ok(Some(Args { cfg, seeds, format }))
}

/// The most frequent diagnosis over seeds; ties go to the more severe one.
fn consensus(reports: &[Report]) -> Diagnosis {
    let order = [
        Diagnosis::Overflow,
        Diagnosis::Dead,
        Diagnosis::Exploding,
        Diagnosis::Vanishing,
        Diagnosis::Healthy,
    ];
    let count = |d: Diagnosis| reports.iter().filter(|r| r.summary.diagnosis == d).count();
    order.into_iter().fold(Diagnosis::Healthy, |best, d| {
        if count(d) > count(best)
            || (count(d) == count(best)
                && order.iter().position(|&x| x == d) < order.iter().position(|&x| x == best))
        {
            d
        } else {
            best
        }
    })
}

fn pjson(p: &Percentiles) -> Value {
    json!({"p10": p.p10, "p50": p.p50, "p90": p.p90})
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if argv.first().is_some_and(|a| a == "train") {
        return ExitCode::from(gradient_flow_explorer::train::cli::run(&argv[1..]));
    }
    let args = match parse(&argv) {
        Ok(Some(a)) => a,
        Ok(None) => {
            outln!("{}", usage());
            return ExitCode::SUCCESS;
        }
        Err(msg) => {
            eprintln!("gradflow: {msg}\n{}", usage());
            return ExitCode::from(2);
        }
    };
    let mut reports = Vec::with_capacity(args.seeds);
    for cfg in seed_configs(&args.cfg, args.seeds) {
        match simulate(&cfg) {
            Ok(r) => reports.push(r),
            Err(e) => {
                eprintln!("gradflow: {e}");
                return ExitCode::from(2);
            }
        }
    }
    match args.format {
        Format::Json => print_json(&args, &reports),
        Format::Table => print_table(&args, &reports),
    }
    ExitCode::SUCCESS
}

/// The summary numbers over seeds: medians, the judged gradient and the consensus diagnosis.
struct Headline {
    first: f64,
    last: f64,
    ratio: f64,
    weight_ratio: f64,
    judged: JudgedGradient,
    diagnosis: Diagnosis,
}

impl Headline {
    fn of(cfg: &Config, reports: &[Report]) -> Headline {
        let p50 = |f: fn(&Report) -> f64| percentiles(reports.iter().map(f)).p50;
        Headline {
            first: p50(|r| r.summary.first_layer_grad),
            last: p50(|r| r.summary.last_layer_grad),
            ratio: p50(|r| r.summary.ratio),
            weight_ratio: p50(|r| r.summary.weight_ratio),
            judged: judged_gradient(cfg),
            diagnosis: consensus(reports),
        }
    }
}

fn print_json(args: &Args, reports: &[Report]) {
    let sp = spread(reports);
    let h = Headline::of(&args.cfg, reports);
    let theory = &reports[0].theory;
    let nonfinite = |i: usize| reports.iter().map(|r| r.layers[i].nonfinite).sum::<u64>();
    let layers: Vec<Value> = sp
        .layers
        .iter()
        .enumerate()
        .map(|(i, l)| {
            json!({
                "layer": l.layer,
                "weight_grad_norm": pjson(&l.weight_grad_norm),
                "signal_grad_norm": pjson(&l.signal_grad_norm),
                "act_mean": pjson(&l.act_mean),
                "act_std": pjson(&l.act_std),
                "saturated_fraction": l.saturated_fraction.as_ref().map(pjson),
                "dead_fraction": l.dead_fraction.as_ref().map(pjson),
                "theory_signal_grad_rel_log10": theory.get(i).map(|t| t.signal_grad_rel_log10),
                "nonfinite": nonfinite(i),
            })
        })
        .collect();
    let out = json!({
        "config": args.cfg,
        "seeds": args.seeds,
        "loss": pjson(&sp.loss),
        "layers": layers,
        "summary": {
            "first_layer_grad": h.first,
            "last_layer_grad": h.last,
            "ratio": h.ratio,
            "weight_ratio": h.weight_ratio,
            "judged_gradient": h.judged.id(),
            "diagnosis": h.diagnosis.id(),
        },
    });
    outln!("{out}");
}

fn print_table(args: &Args, reports: &[Report]) {
    let sp = spread(reports);
    let h = Headline::of(&args.cfg, reports);
    let theory = &reports[0].theory;
    let nonfinite = |i: usize| reports.iter().map(|r| r.layers[i].nonfinite).sum::<u64>();
    let c = &args.cfg;
    outln!(
        "{} + {}, residual {}, norm {}, depth {}, width {}, batch {}, seed {}{}, bias std {}",
        c.activation.display_name(),
        c.init.display_name(),
        c.residual,
        c.norm,
        c.depth,
        c.width,
        c.batch,
        c.seed,
        if args.seeds > 1 {
            format!("..{}", c.seed.wrapping_add(args.seeds as u64 - 1))
        } else {
            String::new()
        },
        c.bias_std
    );
    let frac = |p: &Option<Percentiles>| {
        p.as_ref()
            .map_or("-".to_string(), |p| format!("{:.3}", p.p50))
    };
    outln!(
        "{:>5} {:>11} {:>11} {:>11} {:>9} {:>10} {:>10} {:>6} {:>6} {:>9}",
        "layer",
        "|dL/dW|",
        "|dL/dZ|",
        "log10 rel",
        "theory",
        "act mean",
        "act std",
        "sat",
        "dead",
        "nonfinite"
    );
    let last_sg = sp
        .layers
        .last()
        .map_or(f64::NAN, |l| l.signal_grad_norm.p50);
    for (i, l) in sp.layers.iter().enumerate() {
        outln!(
            "{:>5} {:>11.3e} {:>11.3e} {:>11.3} {:>9} {:>10.4} {:>10.4} {:>6} {:>6} {:>9}",
            l.layer,
            l.weight_grad_norm.p50,
            l.signal_grad_norm.p50,
            (l.signal_grad_norm.p50 / last_sg).log10(),
            theory.get(i).map_or("-".to_string(), |t| format!(
                "{:.3}",
                t.signal_grad_rel_log10
            )),
            l.act_mean.p50,
            l.act_std.p50,
            frac(&l.saturated_fraction),
            frac(&l.dead_fraction),
            nonfinite(i)
        );
    }
    outln!(
        "loss {:.4e} (median of {} seed{})",
        sp.loss.p50,
        args.seeds,
        if args.seeds > 1 { "s" } else { "" }
    );
    outln!(
        "signal gradient first/last: {:.3e} / {:.3e} = {:.3e}",
        h.first,
        h.last,
        h.ratio
    );
    outln!("weight gradient first/last ratio: {:.3e}", h.weight_ratio);
    outln!(
        "diagnosis: {} ({})",
        h.diagnosis.id(),
        h.judged.description()
    );
}
