//! The transformer mode's job for its simulation worker (`ui::web::mode_link`): a stack in a
//! number format, answered by its report over the page's seed band.

use crate::sim::mixed::MixedPrecision;
use crate::sim::transformer::{StackReport, TransformerConfig};
use crate::ui::web::mode_link::ModeJob;
use crate::worker::{Request, Response};

#[derive(Clone, PartialEq)]
pub struct TransformerJob {
    pub config: TransformerConfig,
    pub mixed: MixedPrecision,
    /// How many seeds from `config.seed` on.
    pub seeds: usize,
}

impl ModeJob for TransformerJob {
    type Reply = StackReport;

    fn request(self, id: u64) -> Request {
        Request::Transformer {
            id,
            config: self.config,
            seeds: self.seeds,
            mixed: self.mixed,
        }
    }

    fn reply(response: Response) -> Option<(u64, Result<StackReport, String>)> {
        match response {
            Response::Transformer { id, report } => Some((id, report)),
            _ => None,
        }
    }

    fn first_seed(&self) -> Option<Self> {
        (self.seeds > 1).then(|| Self {
            seeds: 1,
            ..self.clone()
        })
    }
}
