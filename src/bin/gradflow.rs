//! `gradflow`: run the simulation core from the command line (no web dependency).
//!
//! gradflow --activation A --init I --depth L --width W [--batch B] [--seed S] [--seeds K]
//!          [--bias-std S] [--sigma-w2 X] [--residual R] [--norm N] [--format json|table]
//!          [--svg FILE] [--csv FILE]

use std::process::ExitCode;

use gradient_flow_explorer::charts::{GradientChartData, Theme};
use gradient_flow_explorer::cli::{one_line, parse, usage, Args, Format};
use gradient_flow_explorer::export::json::{self, Headline};
use gradient_flow_explorer::export::{csv, svg};
use gradient_flow_explorer::lessons::status::underflowed_to_zero;
use gradient_flow_explorer::lessons::status_words;
use gradient_flow_explorer::sim::mixed::simulate_mixed;
use gradient_flow_explorer::sim::seeds::{seed_configs, spread};
use gradient_flow_explorer::sim::{Diagnosis, Percentiles, Report};
use gradient_flow_explorer::words::metric::Metric;

/// `println!` that ignores a closed pipe (`gradflow … | head`) instead of panicking.
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if argv.first().is_some_and(|a| a == "train") {
        return ExitCode::from(gradient_flow_explorer::cli::train::run(&argv[1..]));
    }
    if argv.first().is_some_and(|a| a == "rnn") {
        return ExitCode::from(gradient_flow_explorer::cli::rnn::run(&argv[1..]));
    }
    if argv.first().is_some_and(|a| a == "transformer") {
        return ExitCode::from(gradient_flow_explorer::cli::transformer::run(&argv[1..]));
    }
    let args = match parse(&argv) {
        Ok(Some(a)) => a,
        Ok(None) => {
            outln!("{}", usage());
            return ExitCode::SUCCESS;
        }
        Err(msg) => {
            eprintln!("gradflow: {}", one_line(&msg));
            return ExitCode::from(2);
        }
    };
    let mut reports = Vec::with_capacity(args.seeds);
    for cfg in seed_configs(&args.cfg, args.seeds) {
        match simulate_mixed(&cfg, &args.mixed) {
            Ok(r) => reports.push(r),
            Err(e) => {
                eprintln!("gradflow: {}", one_line(&e.to_string()));
                return ExitCode::from(2);
            }
        }
    }
    if let Err(msg) = write_files(&args, &reports) {
        eprintln!("gradflow: {}", one_line(&msg));
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
        c.net.activation.label(),
        c.net.init.label(),
        c.net.residual,
        c.net.norm,
        c.net.depth,
        c.net.width,
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
        "|dL/dz|",
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
    print_fractions(reports);
}

/// A mixed-precision run's scale and, per layer, where ∂L/∂z_l's entries sit in the format
/// (the first seed's).
fn print_fractions(reports: &[Report]) {
    let Some((first, m)) = reports.first().and_then(|r| Some((r, r.mixed?))) else {
        return;
    };
    let reached: Vec<String> = reports
        .iter()
        .filter_map(|r| r.mixed.map(|m| format!("2^{}", m.scale_log2)))
        .collect();
    outln!(
        "{}, loss scale {}: reached {} (seed by seed)",
        m.precision.id(),
        m.requested.id(),
        reached.join(" ")
    );
    outln!(
        "{:>5} {:>8} {:>9} {:>8} {:>9} {:>8}   (fractions of dL/dz_l, seed {})",
        "layer",
        "zero",
        "subnormal",
        "normal",
        "nonfinite",
        "lost",
        first.config.seed
    );
    for l in &first.layers {
        if let Some(f) = l.grad_fractions {
            outln!(
                "{:>5} {:>8.4} {:>9.4} {:>8.4} {:>9.4} {:>8.4}",
                l.layer,
                f.zero,
                f.subnormal,
                f.normal,
                f.nonfinite,
                f.lost
            );
        }
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
