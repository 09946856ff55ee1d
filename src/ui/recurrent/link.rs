//! The recurrent mode's job for its simulation worker (`ui::web::mode_link`): a config in a
//! number format, answered by the spread over the page's seed band.

use crate::sim::mixed::MixedPrecision;
use crate::sim::recurrent::{RnnConfig, RnnSpread};
use crate::ui::web::mode_link::ModeJob;
use crate::worker::{Request, Response};

#[derive(Clone, PartialEq)]
pub struct RnnJob {
    pub config: RnnConfig,
    pub mixed: MixedPrecision,
    /// How many seeds from `config.seed` on.
    pub seeds: usize,
    /// Only the first seed, as a first look (the weight gradients formed only where they could
    /// change the verdict: the picture follows a slider sooner).
    pub first_look: bool,
}

impl ModeJob for RnnJob {
    type Reply = RnnSpread;

    fn request(self, id: u64) -> Request {
        Request::Recurrent {
            id,
            config: self.config,
            seeds: self.seeds,
            mixed: self.mixed,
            first_look: self.first_look,
        }
    }

    fn reply(response: Response) -> Option<(u64, Result<RnnSpread, String>)> {
        match response {
            Response::Recurrent { id, spread } => Some((id, spread)),
            _ => None,
        }
    }

    fn first_seed(&self) -> Option<Self> {
        (self.seeds > 1).then(|| Self {
            seeds: 1,
            first_look: true,
            ..self.clone()
        })
    }
}
