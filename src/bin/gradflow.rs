//! `gradflow`: run the simulation core from the command line (no web dependency).
//!
//! gradflow --activation A --init I --depth L --width W [--batch B] [--seed S] [--seeds K]
//!          [--bias-std S] [--sigma-w2 X] [--residual R] [--norm N] [--format json|table]
//!          [--svg FILE] [--csv FILE]

use std::process::ExitCode;

use gradient_flow_explorer::charts::{GradientChartData, Theme};
use gradient_flow_explorer::export::json::{self, Headline};
use gradient_flow_explorer::export::{csv, svg};
use gradient_flow_explorer::lessons::status::underflowed_to_zero;
use gradient_flow_explorer::lessons::status_words;
use gradient_flow_explorer::metric::Metric;
use gradient_flow_explorer::sim::seeds::{seed_configs, spread};
use gradient_flow_explorer::sim::{
    simulate, Activation, Config, Diagnosis, Init, Norm, Percentiles, Report, Residual,
};

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
                [--svg FILE] [--csv FILE]
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
    /// Also write the gradient chart (signal gradient; with several seeds, the p10–p90 band).
    svg: Option<String>,
    /// Also write the per-layer table as CSV (medians with several seeds).
    csv: Option<String>,
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
    let (mut svg, mut csv) = (None, None);
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
            "--svg" => svg = Some(val.clone()),
            "--csv" => csv = Some(val.clone()),
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
    Ok(Some(Args {
        cfg,
        seeds,
        format,
        svg,
        csv,
    }))
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
    if let Err(msg) = write_files(&args, &reports) {
        eprintln!("gradflow: {msg}");
        return ExitCode::from(2);
    }
    match args.format {
        Format::Json => print_json(&args, &reports),
        Format::Table => print_table(&args, &reports),
    }
    ExitCode::SUCCESS
}

fn print_json(args: &Args, reports: &[Report]) {
    outln!("{}", json::reports_json(&args.cfg, reports));
}

/// Writes the `--svg` and `--csv` files, with the page's drawing and formatting code.
fn write_files(args: &Args, reports: &[Report]) -> Result<(), String> {
    let write = |flag: &str, path: &str, text: String| {
        std::fs::write(path, text).map_err(|e| format!("{flag}: cannot write '{path}': {e}"))
    };
    if let Some(path) = &args.svg {
        let first = reports.first().ok_or("no report to draw")?;
        let band = (reports.len() > 1).then(|| spread(reports));
        let data = GradientChartData::from_report(first, Metric::Signal, band.as_ref());
        let text = svg::gradient_svg(&data, None, &Theme::light(), svg::CLI_SIZE)?;
        write("--svg", path, text)?;
    }
    if let Some(path) = &args.csv {
        write("--csv", path, csv::reports_csv(reports))?;
    }
    Ok(())
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
    if let Some(line) = range_line(reports) {
        outln!("{line}");
    }
}

/// What left float32's range, in the card's words: with one seed the status card's sentence
/// (overflow, or underflow to zero), with several how many seeds overflowed where.
fn range_line(reports: &[Report]) -> Option<String> {
    if let [r] = reports {
        let s = &r.summary;
        let special = s.diagnosis == Diagnosis::Overflow
            || (s.diagnosis == Diagnosis::Vanishing && underflowed_to_zero(s));
        return special.then(|| status_words(s).why);
    }
    let count = |f: fn(&Report) -> bool| reports.iter().filter(|r| f(r)).count();
    let loss = count(|r| r.summary.overflowed.loss);
    let gradients = count(|r| r.summary.overflowed.gradients);
    let any = count(|r| r.summary.overflowed.any);
    let n = reports.len();
    (any > 0).then(|| {
        format!(
            "float32 overflow in {any} of {n} seeds: the loss overflowed in {loss}, the \
             gradients in {gradients}"
        )
    })
}
