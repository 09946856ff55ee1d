//! The transformer mode's job for its simulation worker (`ui::web::mode_link`): a stack in a
//! number format, answered by its report over the page's seed band.

use crate::page::transformer::TRANSFORMER_SEEDS;
use crate::sim::mixed::MixedPrecision;
use crate::sim::transformer::{StackReport, TransformerConfig};
use crate::ui::web::mode_link::ModeJob;
use crate::worker::{Request, Response};

#[derive(Clone, PartialEq)]
pub struct TransformerJob(pub TransformerConfig, pub MixedPrecision);

impl ModeJob for TransformerJob {
    type Reply = StackReport;

    fn request(self, id: u64) -> Request {
        Request::Transformer {
            id,
            config: self.0,
            seeds: TRANSFORMER_SEEDS,
            mixed: self.1,
        }
    }

    fn reply(response: Response) -> Option<(u64, Result<StackReport, String>)> {
        match response {
            Response::Transformer { id, report } => Some((id, report)),
            _ => None,
        }
    }
}
