//! Which requests the page sends and which replies it shows, so the last change wins without
//! flooding the worker: at most one request in flight, plus the newest job waiting behind it.
//! A reply is shown only if nothing newer is waiting; otherwise it is dropped and the waiting
//! job goes out at once. A pure state machine, tested natively.

/// What to do after the worker answered.
#[derive(Debug, PartialEq)]
pub struct AfterReply<J> {
    /// Show this reply (it answers the newest job).
    pub show: bool,
    /// Send this request now.
    pub send: Option<(u64, J)>,
}

#[derive(Debug)]
pub struct RequestQueue<J> {
    ready: bool,
    next_id: u64,
    in_flight: Option<(u64, J)>,
    waiting: Option<J>,
    /// The job whose reply is shown now (none before the first).
    shown: Option<J>,
}

impl<J: Clone + PartialEq> Default for RequestQueue<J> {
    fn default() -> Self {
        RequestQueue {
            ready: false,
            next_id: 1,
            in_flight: None,
            waiting: None,
            shown: None,
        }
    }
}

impl<J: Clone + PartialEq> RequestQueue<J> {
    /// A queue for a worker that has not said "ready" yet: jobs wait until it does.
    pub fn new() -> Self {
        Self::default()
    }

    /// A queue whose request ids start at `first`, so two queues can share one worker and
    /// tell their replies apart.
    pub fn with_first_id(first: u64) -> Self {
        RequestQueue {
            next_id: first,
            ..Self::default()
        }
    }

    /// The worker is ready: returns the request to send first, if a job is waiting.
    pub fn ready(&mut self) -> Option<(u64, J)> {
        self.ready = true;
        self.send_waiting()
    }

    /// The newest job asked for: waiting, else in flight, else shown.
    pub fn newest(&self) -> Option<&J> {
        self.waiting
            .as_ref()
            .or(self.in_flight.as_ref().map(|(_, j)| j))
            .or(self.shown.as_ref())
    }

    /// A new job replaces any waiting one; returns the request to send now, if any. A job
    /// equal to the newest one asked for changes nothing.
    pub fn submit(&mut self, job: J) -> Option<(u64, J)> {
        if self.newest() == Some(&job) {
            return None;
        }
        if self.in_flight.as_ref().is_some_and(|(_, j)| *j == job) {
            // Back to the job being computed: its reply will be the newest again.
            self.waiting = None;
            return None;
        }
        self.waiting = Some(job);
        self.send_waiting()
    }

    /// The worker answered request `id`.
    pub fn reply(&mut self, id: u64) -> AfterReply<J> {
        let answered = match self.in_flight.take() {
            Some((sent, job)) if sent == id => job,
            other => {
                // Not the request in flight (cannot happen with one worker): ignore it.
                self.in_flight = other;
                return AfterReply {
                    show: false,
                    send: None,
                };
            }
        };
        let show = self.waiting.is_none();
        if show {
            self.shown = Some(answered);
        }
        AfterReply {
            show,
            send: self.send_waiting(),
        }
    }

    /// A request is in flight or a job waits: what is shown is not the newest change yet.
    pub fn busy(&self) -> bool {
        self.in_flight.is_some() || self.waiting.is_some()
    }

    fn send_waiting(&mut self) -> Option<(u64, J)> {
        if !self.ready || self.in_flight.is_some() {
            return None;
        }
        let job = self.waiting.take()?;
        let id = self.next_id;
        self.next_id += 1;
        self.in_flight = Some((id, job.clone()));
        Some((id, job))
    }
}

/// A `RequestQueue` whose jobs are answered twice: first a cheaper `first` job (one seed),
/// then — once its answer is shown and nothing newer waits — the whole job (the seed band).
#[derive(Debug)]
pub struct FirstThenWhole<J> {
    queue: RequestQueue<J>,
    /// The whole job whose first part was asked for, sent after that answer is shown.
    whole: Option<J>,
}

impl<J: Clone + PartialEq> Default for FirstThenWhole<J> {
    fn default() -> Self {
        FirstThenWhole {
            queue: RequestQueue::new(),
            whole: None,
        }
    }
}

impl<J: Clone + PartialEq> FirstThenWhole<J> {
    pub fn new() -> Self {
        Self::default()
    }

    /// See `RequestQueue::ready`.
    pub fn ready(&mut self) -> Option<(u64, J)> {
        self.queue.ready()
    }

    /// Asks for `job`, by way of `first` when there is one; returns the request to send now.
    /// The job asked for last (whole or pending) changes nothing.
    pub fn submit(&mut self, job: J, first: Option<J>) -> Option<(u64, J)> {
        if self.whole.as_ref().or(self.queue.newest()) == Some(&job) {
            return None;
        }
        self.whole = first.is_some().then(|| job.clone());
        self.queue.submit(first.unwrap_or(job))
    }

    /// The worker answered request `id`: whether to show it, and what to send now (the
    /// waiting change, or the whole job after its first part was shown).
    pub fn reply(&mut self, id: u64) -> AfterReply<J> {
        let mut after = self.queue.reply(id);
        if after.show && after.send.is_none() {
            if let Some(whole) = self.whole.take() {
                after.send = self.queue.submit(whole);
            }
        }
        after
    }

    /// See `RequestQueue::busy`; the whole job counts until it is sent.
    pub fn busy(&self) -> bool {
        self.queue.busy() || self.whole.is_some()
    }
}
