//! A training worker with a helper worker (`split`): the reverse task's chunks send half their
//! work to the helper, and the page's requests that come while a chunk waits for it wait too.

use std::collections::VecDeque;

use super::Server;
use crate::sim::transformer::shard::ShardJob;
use crate::worker::reverse::ReverseAction;
use crate::worker::split::{begin, Split, SplitChunk};
use crate::worker::task::NO_RUN;
use crate::worker::{decode, encode, Request, Response};

/// A training worker's helper: how to reach it, whether it has a copy of the run now, the
/// reverse-task chunk waiting for it (its request's id and run), and the page's requests that
/// came meanwhile, in order.
pub(super) struct Lead {
    post: Box<dyn Fn(Vec<u8>)>,
    copied: bool,
    chunk: Option<(u64, u64, SplitChunk)>,
    waiting: VecDeque<Vec<u8>>,
}

impl Lead {
    fn send(&self, job: ShardJob) {
        (self.post)(encode(&Request::Shard { job }))
    }
}

impl Server {
    /// From now on this worker's reverse-task chunks send half their work to a helper
    /// (another worker's `Server`) through `post`; its replies come to `on_helper`.
    pub fn set_helper(&mut self, post: Box<dyn Fn(Vec<u8>)>) {
        self.lead = Some(Lead {
            post,
            copied: false,
            chunk: None,
            waiting: VecDeque::new(),
        });
    }

    /// A request from the page; returns the replies due now (none while a chunk waits for
    /// the helper: the request waits too, and its reply comes with `on_helper`'s).
    pub fn on_page(&mut self, bytes: &[u8]) -> Vec<Vec<u8>> {
        if let Some(lead) = self.lead.as_mut().filter(|l| l.chunk.is_some()) {
            lead.waiting.push_back(bytes.to_vec());
            return Vec::new();
        }
        self.serve_page(bytes).into_iter().collect()
    }

    /// A reply from the helper; returns the replies to the page due now.
    pub fn on_helper(&mut self, bytes: &[u8]) -> Vec<Vec<u8>> {
        let Some(lead) = self.lead.as_mut() else {
            return Vec::new();
        };
        let Some((id, run, chunk)) = lead.chunk.take() else {
            return Vec::new();
        };
        let outcome = match decode::<Response>(bytes) {
            Ok(Response::Shard { outcome }) => outcome,
            Ok(_) => Err("the helper sent something else".to_string()),
            Err(e) => Err(e),
        };
        let now = (self.clock)();
        let split = match self.reverse.run_mut() {
            Some(trainer) => chunk.on_reply(trainer, outcome, (now, &|job| lead.send(job))),
            None => Split::Done(Err(NO_RUN.to_string())),
        };
        let mut out = Vec::new();
        match split {
            Split::Waiting(c) => lead.chunk = Some((id, run, c)),
            Split::Done(progress) => {
                // After a failure the copy may be behind: the next chunk sends a new one.
                lead.copied &= progress.is_ok();
                out.push(encode(&Response::Reversed { id, run, progress }));
            }
        }
        // The requests that waited, until one waits for the helper again.
        while let Some(next) = self
            .lead
            .as_mut()
            .filter(|l| l.chunk.is_none())
            .and_then(|l| l.waiting.pop_front())
        {
            out.extend(self.serve_page(&next));
        }
        out
    }

    /// A page request: a reverse-task chunk with the helper begins (its reply comes later,
    /// unless it ends at once); any other is answered now.
    fn serve_page(&mut self, bytes: &[u8]) -> Option<Vec<u8>> {
        let request = match decode::<Request>(bytes) {
            Ok(r) => r,
            Err(reason) => return Some(encode(&Response::Refused { reason })),
        };
        let (Some(lead), Request::Reverse { id, run, action }) = (self.lead.as_mut(), &request)
        else {
            return Some(encode(&self.handle(request)));
        };
        let &ReverseAction::Advance {
            max_steps,
            budget_ms,
        } = action
        else {
            // A new run: the helper's copy is of another.
            lead.copied = false;
            return Some(encode(&self.handle(request)));
        };
        let (id, run) = (*id, *run);
        let Some(trainer) = self.reverse.run_mut() else {
            let progress = Err(NO_RUN.to_string());
            return Some(encode(&Response::Reversed { id, run, progress }));
        };
        if !lead.copied {
            lead.send(trainer.copy_job());
            lead.copied = true;
        }
        let limits = (max_steps, budget_ms, (self.clock)());
        match begin(trainer, limits, &|job| lead.send(job)) {
            Split::Waiting(c) => {
                lead.chunk = Some((id, run, c));
                None
            }
            Split::Done(progress) => Some(encode(&Response::Reversed { id, run, progress })),
        }
    }
}
