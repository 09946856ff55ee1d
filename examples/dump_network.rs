//! Writes the X, Y and W_1..W_L that the explorer samples for a ReLU + random_normal network
//! (width 64, batch 64) as float32 little-endian (row-major, W_l as input × output), so
//! `tests/fixtures/gen_torch_loss_overflow.py` can run the very same network in PyTorch.
//!
//! cargo run --example dump_network -- DEPTH SEED FILE

use std::io::Write;
use std::process::ExitCode;

use gradient_flow_explorer::sim::network::Network;
use gradient_flow_explorer::sim::{Activation, Config, Init, MlpNet};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(depth), Some(seed), Some(path)) = (
        args.first().and_then(|a| a.parse().ok()),
        args.get(1).and_then(|a| a.parse().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: dump_network DEPTH SEED FILE");
        return ExitCode::from(2);
    };
    let cfg = Config {
        net: MlpNet {
            depth,
            width: 64,
            activation: Activation::Relu,
            init: Init::RandomNormal,
            ..MlpNet::default()
        },
        batch: 64,
        seed,
        ..Config::default()
    };
    match Network::sample(&cfg)
        .map_err(|e| e.to_string())
        .and_then(|net| write(&net, path))
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dump_network: {e}");
            ExitCode::from(2)
        }
    }
}

fn write(net: &Network, path: &str) -> Result<(), String> {
    let arrays = [&net.x, &net.y].into_iter().chain(&net.weights);
    let bytes: Vec<u8> = arrays.flatten().flat_map(|v| v.to_le_bytes()).collect();
    std::fs::File::create(path)
        .and_then(|mut f| f.write_all(&bytes))
        .map_err(|e| format!("cannot write '{path}': {e}"))
}
