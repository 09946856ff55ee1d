//! The recurrent mode's job for its simulation worker (`ui::web::mode_link`): a config in a
//! number format, answered by the spread over the page's seed band.

use crate::page::recurrent::RNN_SEEDS;
use crate::sim::mixed::MixedPrecision;
use crate::sim::recurrent::{RnnConfig, RnnSpread};
use crate::ui::web::mode_link::ModeJob;
use crate::worker::{Request, Response};

#[derive(Clone, PartialEq)]
pub struct RnnJob(pub RnnConfig, pub MixedPrecision);

impl ModeJob for RnnJob {
    type Reply = RnnSpread;

    fn request(self, id: u64) -> Request {
        Request::Recurrent {
            id,
            config: self.0,
            seeds: RNN_SEEDS,
            mixed: self.1,
        }
    }

    fn reply(response: Response) -> Option<(u64, Result<RnnSpread, String>)> {
        match response {
            Response::Recurrent { id, spread } => Some((id, spread)),
            _ => None,
        }
    }
}
