//! Garbage on the command line: every flag of `gradflow` and `gradflow train` given huge,
//! negative, NaN, infinite, unicode or empty values, repeated, without its value, or beside a
//! stray word is refused with one line saying what was wrong — never a panic. 12 000 random
//! argument lists go through the parsers in-process (`cli::parse`, `cli::train::parse`), 50 of
//! them through the real binary (exit code 2, exactly one line on stderr).

use gradient_flow_explorer::cli::train as train_cli;
use gradient_flow_explorer::cli::{self, one_line};

/// A valid `gradflow` invocation: (flag, value) pairs.
const SIM_BASE: &[(&str, &str)] = &[
    ("--activation", "tanh"),
    ("--init", "xavier_normal"),
    ("--depth", "3"),
    ("--width", "8"),
    ("--batch", "4"),
    ("--seed", "1"),
    ("--seeds", "1"),
    ("--bias-std", "0"),
    ("--sigma-w2", "1"),
    ("--residual", "none"),
    ("--norm", "none"),
    ("--format", "json"),
];

/// A valid `gradflow train` invocation (after `train`).
const TRAIN_BASE: &[(&str, &str)] = &[
    ("--data", "xor"),
    ("--noise", "0.05"),
    ("--activation", "relu"),
    ("--init", "he_normal"),
    ("--depth", "2"),
    ("--width", "8"),
    ("--residual", "none"),
    ("--norm", "none"),
    ("--optimizer", "sgd"),
    ("--lr", "0.1"),
    ("--momentum", "0"),
    ("--clip", "1"),
    ("--steps", "2"),
    ("--seed", "0"),
    ("--seeds", "1"),
    ("--record", "0,2"),
    ("--format", "table"),
];

/// Values no flag accepts.
const GARBAGE: &[&str] = &[
    "",
    " ",
    "-1",
    "-0.5",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "1e309",
    "-1e309",
    "18446744073709551616",
    "99999999999999999999999999999",
    "1e400",
    "0x10",
    "３",
    "ü",
    "😀",
    "relu\nhealthy",
    "\u{0}",
    "--",
    "1,,2",
    "1_000",
    "١٢",
];

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A garbage value: from the list, or a random mix of digits, signs and odd characters.
    fn garbage(&mut self) -> String {
        if self.below(3) > 0 {
            return GARBAGE[self.below(GARBAGE.len())].to_string();
        }
        let alphabet: Vec<char> = "0123456789-+.eE,xé😀\t NaNinf".chars().collect();
        let len = 1 + self.below(30);
        (0..len)
            .map(|_| alphabet[self.below(alphabet.len())])
            .collect()
    }
}

/// How a valid argument list is spoiled.
#[derive(Clone, Copy, Debug)]
enum Spoil {
    /// A flag's value replaced by garbage.
    Value,
    /// A flag given a second time.
    Repeat,
    /// The last flag left without its value.
    MissingValue,
    /// A stray word somewhere.
    StrayWord,
    /// A flag nobody knows.
    UnknownFlag,
}

fn spoiled(base: &[(&str, &str)], rng: &mut Rng) -> (Vec<String>, Spoil, String) {
    let mut pairs: Vec<(String, String)> = base
        .iter()
        .map(|(f, v)| (f.to_string(), v.to_string()))
        .collect();
    let k = rng.below(pairs.len());
    let flag = pairs[k].0.clone();
    let spoil = [
        Spoil::Value,
        Spoil::Value,
        Spoil::Value,
        Spoil::Repeat,
        Spoil::MissingValue,
        Spoil::StrayWord,
        Spoil::UnknownFlag,
    ][rng.below(7)];
    let mut argv: Vec<String>;
    match spoil {
        Spoil::Value => {
            pairs[k].1 = rng.garbage();
            argv = pairs.into_iter().flat_map(|(f, v)| [f, v]).collect();
        }
        Spoil::Repeat => {
            let again = pairs[k].clone();
            pairs.push(again);
            argv = pairs.into_iter().flat_map(|(f, v)| [f, v]).collect();
        }
        Spoil::MissingValue => {
            pairs.swap(k, base.len() - 1);
            argv = pairs.into_iter().flat_map(|(f, v)| [f, v]).collect();
            argv.pop();
        }
        Spoil::StrayWord => {
            argv = pairs.into_iter().flat_map(|(f, v)| [f, v]).collect();
            let at = 2 * rng.below(argv.len() / 2 + 1);
            let word = ["extra", "ü", "3", "-x", ""][rng.below(5)];
            argv.insert(at, word.to_string());
        }
        Spoil::UnknownFlag => {
            argv = pairs.into_iter().flat_map(|(f, v)| [f, v]).collect();
            argv.extend(["--dépth".to_string(), "3".to_string()]);
        }
    }
    (argv, spoil, flag)
}

/// Whether `garbage` happens to be a valid value for `flag` (e.g. "-0.5"… is not, but "３" is
/// not a number either: only a few list entries can be valid, like "0" for --bias-std).
fn still_valid(result: &Result<bool, String>) -> bool {
    matches!(result, Ok(true))
}

/// One error message: a single line that says something.
fn check_message(msg: &str, argv: &[String], spoil: Spoil, flag: &str) {
    let line = one_line(msg);
    assert!(
        !line.contains('\n') && !line.trim().is_empty(),
        "{argv:?}: {line:?}"
    );
    let words = flag.trim_start_matches("--").replace('-', " ");
    let named = match spoil {
        Spoil::Value => {
            line.contains(flag)
                || line.contains(&words)
                || (flag == "--lr" && line.contains("learning rate"))
                || (flag == "--sigma-w2" && line.contains("σ_w²"))
        }
        Spoil::Repeat => line.contains(flag) && line.contains("more than once"),
        Spoil::MissingValue => line.contains("missing value") || line.contains("is required"),
        Spoil::StrayWord => line.contains("unexpected argument") || line.contains("missing value"),
        Spoil::UnknownFlag => line.contains("unknown argument '--dépth'"),
    };
    assert!(
        named,
        "{argv:?} ({spoil:?} {flag}): '{line}' does not say what was wrong"
    );
}

/// Runs both parsers on spoiled lists; returns (argv, message) of those refused.
fn fuzz(cases: usize, seed: u64) -> Vec<(Vec<String>, bool)> {
    let mut rng = Rng(seed);
    let mut refused = Vec::new();
    for i in 0..cases {
        let train = i % 2 == 1;
        let base = if train { TRAIN_BASE } else { SIM_BASE };
        let (argv, spoil, flag) = spoiled(base, &mut rng);
        let result = if train {
            train_cli::parse(&argv).map(|a| a.is_some())
        } else {
            cli::parse(&argv).map(|a| a.is_some())
        };
        if still_valid(&result) {
            // Garbage that is a valid value after all ("0", "1_000" is not): only for a value.
            assert!(matches!(spoil, Spoil::Value), "{argv:?} was accepted");
            continue;
        }
        match result {
            Err(msg) => check_message(&msg, &argv, spoil, &flag),
            Ok(_) => panic!("{argv:?}: asked for help?"),
        }
        refused.push((argv, train));
    }
    refused
}

#[test]
fn twelve_thousand_spoiled_argument_lists_are_refused_on_one_line() {
    let refused = fuzz(12_000, 0x5eed_cafe);
    // Nearly all spoiled lists are errors (a few garbage values are valid, e.g. " " is not).
    assert!(refused.len() > 11_000, "only {} refused", refused.len());
}

#[test]
fn the_binary_exits_2_with_one_line_for_fifty_of_them() {
    let refused = fuzz(200, 0xb1_0a4d);
    for (argv, train) in refused.iter().step_by(refused.len() / 50).take(50) {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_gradflow"));
        if *train {
            cmd.arg("train");
        }
        let out = cmd.args(argv).output().expect("gradflow runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{argv:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{argv:?}: {err}");
        assert!(
            err.starts_with("gradflow: ") && !err.contains("panicked"),
            "{argv:?}: {err}"
        );
        assert!(out.stdout.is_empty(), "{argv:?}");
    }
}
