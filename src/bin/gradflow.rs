//! `gradflow`: run the simulation core from the command line (no web dependency).
//!
//! gradflow --activation A --init I --depth L --width W [--batch B] [--seed S] [--seeds K]
//!          [--bias-std S] [--sigma-w2 X] [--format json|table]

use std::process::ExitCode;

use gradient_flow_explorer::sim::seeds::{percentiles, spread};
use gradient_flow_explorer::sim::{
    simulate, Activation, Config, Diagnosis, Init, Percentiles, Report,
};
use serde_json::{json, Value};

/// `println!` that ignores a closed pipe (`gradflow … | head`) instead of panicking.
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

const USAGE: &str = "usage: gradflow --activation A --init I --depth L --width W [--batch B] [--seed S] \
[--seeds K] [--bias-std S] [--sigma-w2 X] [--format json|table]
  activations: sigmoid tanh relu leaky_relu elu selu gelu identity
  inits:       xavier_normal xavier_uniform he_normal lecun_normal orthogonal random_normal small_normal
  defaults:    --batch 64 --seed 0 --seeds 1 --bias-std 0 --format table";

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
            outln!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(msg) => {
            eprintln!("gradflow: {msg}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut reports = Vec::with_capacity(args.seeds);
    for i in 0..args.seeds {
        let cfg = Config {
            seed: args.cfg.seed.wrapping_add(i as u64),
            ..args.cfg.clone()
        };
        match simulate(&cfg) {
            Ok(r) => reports.push(r),
            Err(e) => {
                eprintln!("gradflow: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let sp = spread(&reports);
    let theory = &reports[0].theory;
    let first = percentiles(reports.iter().map(|r| r.summary.first_layer_grad)).p50;
    let last = percentiles(reports.iter().map(|r| r.summary.last_layer_grad)).p50;
    let ratio = percentiles(reports.iter().map(|r| r.summary.ratio)).p50;
    let diagnosis = consensus(&reports);
    let nonfinite = |i: usize| reports.iter().map(|r| r.layers[i].nonfinite).sum::<u64>();
    match args.format {
        Format::Json => {
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
                        "theory_signal_grad_rel_log10": theory[i].signal_grad_rel_log10,
                        "nonfinite": nonfinite(i),
                    })
                })
                .collect();
            let out = json!({
                "config": args.cfg,
                "seeds": args.seeds,
                "loss": pjson(&sp.loss),
                "layers": layers,
                "summary": {"first_layer_grad": first, "last_layer_grad": last, "ratio": ratio, "diagnosis": diagnosis.id()},
            });
            outln!("{out}");
        }
        Format::Table => {
            let c = &args.cfg;
            outln!(
                "{} + {}, depth {}, width {}, batch {}, seed {}{}, bias std {}",
                c.activation.display_name(),
                c.init.display_name(),
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
                    "{:>5} {:>11.3e} {:>11.3e} {:>11.3} {:>9.3} {:>10.4} {:>10.4} {:>6} {:>6} {:>9}",
                    l.layer,
                    l.weight_grad_norm.p50,
                    l.signal_grad_norm.p50,
                    (l.signal_grad_norm.p50 / last_sg).log10(),
                    theory[i].signal_grad_rel_log10,
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
                "signal gradient first/last: {first:.3e} / {last:.3e} = {ratio:.3e} -> {}",
                diagnosis.id()
            );
        }
    }
    ExitCode::SUCCESS
}
