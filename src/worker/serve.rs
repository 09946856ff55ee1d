//! What the worker does with a request: the core, unaware of where it runs.

use super::{Request, Response};
use crate::sim::Simulator;

/// The worker's state: one `Simulator`, kept between requests so a depth or activation
/// change reuses its random draws.
#[derive(Default)]
pub struct Server {
    simulator: Simulator,
}

impl Server {
    pub fn new() -> Server {
        Server::default()
    }

    pub fn handle(&mut self, request: Request) -> Response {
        match request {
            Request::Simulate {
                id,
                config,
                spread_seeds,
            } => {
                let report = self.simulator.run(&config).map_err(|e| e.to_string());
                let spread = (spread_seeds > 0 && report.is_ok())
                    .then(|| self.simulator.run_seeds(&config, spread_seeds).ok())
                    .flatten();
                Response::Simulated { id, report, spread }
            }
        }
    }

    /// Decodes a request, handles it, encodes the reply: the whole worker in one call.
    pub fn handle_bytes(&mut self, bytes: &[u8]) -> Vec<u8> {
        let response = match super::decode::<Request>(bytes) {
            Ok(request) => self.handle(request),
            Err(reason) => Response::Refused { reason },
        };
        super::encode(&response)
    }
}
