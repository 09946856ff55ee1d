//! `gradflow`'s command line, kept in the library so it can be tested in-process: the
//! argument parser (`parse`), the usage text, and what both parsers (this one and
//! `train`, for `gradflow train`) share: flags read in pairs, each at most once, and errors on
//! one line. The CLI sits above the core: `sim` and `train` know nothing of it.

pub mod rnn;
pub mod train;
pub mod transformer;

use std::collections::HashSet;

use crate::sim::mixed::{LossScale, MixedPrecision};
use crate::sim::numeric::Precision;
use crate::sim::{Activation, Config, Init, Norm, Residual};

/// Reads `--flag value` pairs; a stray word, a flag without its value or a flag given twice is
/// an error (a repeated flag would otherwise silently keep only its last value).
pub struct Flags<'a> {
    it: std::slice::Iter<'a, String>,
    seen: HashSet<&'a str>,
}

impl<'a> Flags<'a> {
    pub fn new(argv: &'a [String]) -> Flags<'a> {
        Flags {
            it: argv.iter(),
            seen: HashSet::new(),
        }
    }

    /// The next (flag, value), None at the end; Err for a stray word, a missing value or a
    /// repeated flag. Help is returned as the flag "--help" with an empty value.
    pub fn next_pair(&mut self) -> Result<Option<(&'a str, &'a str)>, String> {
        let Some(flag) = self.it.next() else {
            return Ok(None);
        };
        if flag == "-h" || flag == "--help" {
            return Ok(Some(("--help", "")));
        }
        if !flag.starts_with("--") {
            return Err(format!(
                "unexpected argument '{flag}': every option is a --flag followed by its value"
            ));
        }
        let value = self
            .it
            .next()
            .ok_or_else(|| format!("{flag}: missing value"))?;
        if !self.seen.insert(flag) {
            return Err(format!("{flag} is given more than once"));
        }
        Ok(Some((flag, value)))
    }
}

/// A subcommand's whole run (`gradflow rnn`, `transformer`, `train`): parse the arguments,
/// print the usage for `--help`, compute, print what `render` makes of the result; bad
/// arguments and refused networks exit 2 with one line on stderr. A closed pipe (`… | head`)
/// is not an error worth a panic, so write errors are ignored.
pub fn run_command<A, R>(
    argv: &[String],
    parse: fn(&[String]) -> Result<Option<A>, String>,
    usage: &str,
    compute: impl FnOnce(&A) -> Result<R, String>,
    render: impl FnOnce(&A, &R) -> String,
) -> u8 {
    use std::io::Write;
    let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
    let result = parse(argv).and_then(|args| match args {
        None => Ok(None),
        Some(a) => compute(&a).map(|r| Some((a, r))),
    });
    match result {
        Ok(None) => {
            let _ = writeln!(out, "{usage}");
            0
        }
        Ok(Some((args, r))) => {
            let _ = write!(out, "{}", render(&args, &r));
            0
        }
        Err(msg) => {
            let _ = writeln!(err, "gradflow: {}", one_line(&msg));
            2
        }
    }
}

/// `msg` on one line: control characters (a newline in a value) written as escapes.
pub fn one_line(msg: &str) -> String {
    msg.chars()
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect()
}

/// Names separated by spaces.
fn ids(names: &[&str]) -> String {
    names.join(" ")
}

/// The usage text; the lists of names come from the enums, so they cannot go stale.
pub fn usage() -> String {
    format!(
        "usage: gradflow --activation A --init I --depth L --width W [--batch B] [--seed S] \
[--seeds K] [--bias-std S] [--sigma-w2 X] [--residual R] [--norm N] [--format json|table]
                [--precision P] [--loss-scale none|2^k|dynamic] [--svg FILE] [--csv FILE]
  activations: {}
  inits:       {}
  residuals:   {}
  norms:       {}
  precisions:  {}
  defaults:    --batch 64 --seed 0 --seeds 1 --bias-std 0 --residual none --norm none --format table
               --precision float32 --loss-scale none",
        ids(&Activation::ALL.map(Activation::id)),
        ids(&Init::ALL.map(Init::id)),
        ids(&Residual::ALL.map(Residual::id)),
        ids(&Norm::ALL.map(Norm::id)),
        ids(&Precision::ALL.map(Precision::id)),
    )
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Format {
    Json,
    Table,
}

impl Format {
    /// `--format`'s value, for every subcommand.
    pub fn parse(v: &str) -> Result<Format, String> {
        match v {
            "json" => Ok(Format::Json),
            "table" => Ok(Format::Table),
            _ => Err(format!("--format: expected json or table, got '{v}'")),
        }
    }
}

/// `--seeds`: every subcommand runs 1 to 1000 seeds.
pub fn check_seeds(seeds: usize) -> Result<(), String> {
    if (1..=1000).contains(&seeds) {
        Ok(())
    } else {
        Err(format!("--seeds must be between 1 and 1000 (got {seeds})"))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Args {
    pub cfg: Config,
    pub seeds: usize,
    pub format: Format,
    /// Also write the gradient chart (signal gradient; with several seeds, the p10–p90 band).
    pub svg: Option<String>,
    /// Also write the per-layer table as CSV (medians with several seeds).
    pub csv: Option<String>,
    /// The number format and loss scale (float32 without a scale by default).
    pub mixed: MixedPrecision,
}

/// `--precision` and `--loss-scale` into `mixed`; false for any other flag.
pub fn mixed_flag(flag: &str, val: &str, mixed: &mut MixedPrecision) -> Result<bool, String> {
    match flag {
        "--precision" => {
            mixed.precision = Precision::from_id(val).ok_or_else(|| {
                let all = ids(&Precision::ALL.map(Precision::id));
                format!("--precision: expected {all}, got '{val}'")
            })?
        }
        "--loss-scale" => {
            mixed.loss_scale = LossScale::parse(val).ok_or_else(|| {
                format!(
                "--loss-scale: expected none, dynamic or 2^k with k from -24 to 40, got '{val}'"
            )
            })?
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// `v` as a `T`, or an error naming `flag`.
pub fn parse_num<T: std::str::FromStr>(flag: &str, v: &str) -> Result<T, String> {
    v.parse().map_err(|_| number_error(flag, v))
}

/// Why `v` is not a value of `flag`: not a number at all, or a number of the wrong kind (too
/// large, negative or fractional where a count is needed).
fn number_error(flag: &str, v: &str) -> String {
    if v.parse::<f64>().is_ok() {
        format!("{flag}: expected a whole number ≥ 0 that fits 64 bits, got '{v}'")
    } else {
        format!("{flag}: not a valid number: '{v}'")
    }
}

/// Parses `gradflow`'s arguments (not `train`). Ok(None): help was asked for. Every error is
/// one line naming what was wrong.
pub fn parse(argv: &[String]) -> Result<Option<Args>, String> {
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
    let mut mixed = MixedPrecision::default();
    let mut flags = Flags::new(argv);
    while let Some((flag, val)) = flags.next_pair()? {
        if mixed_flag(flag, val, &mut mixed)? {
            continue;
        }
        match flag {
            "--help" => return Ok(None),
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
                cfg.net.residual = Residual::from_id(val).ok_or_else(|| {
                    format!(
                        "--residual: expected {}, got '{val}'",
                        ids(&Residual::ALL.map(Residual::id))
                    )
                })?
            }
            "--norm" => {
                cfg.net.norm = Norm::from_id(val).ok_or_else(|| {
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
            "--format" => format = Format::parse(val)?,
            "--svg" => svg = Some(val.to_string()),
            "--csv" => csv = Some(val.to_string()),
            _ => return Err(format!("unknown argument '{flag}'")),
        }
    }
    cfg.net.activation = act.ok_or("--activation is required")?;
    cfg.net.init = init.ok_or("--init is required")?;
    cfg.net.depth = depth.ok_or("--depth is required")?;
    cfg.net.width = width.ok_or("--width is required")?;
    check_seeds(seeds)?;
    cfg.validate().map_err(|e| e.to_string())?;
    Ok(Some(Args {
        cfg,
        seeds,
        format,
        svg,
        csv,
        mixed,
    }))
}
