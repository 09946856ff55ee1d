//! What the page's first look keeps between a slider's values: the last network's unit
//! draws, data and input projections, reused when the next network's are the same.

use std::borrow::Cow;

use super::config::{Cell, RecurrentInit, RnnConfig};
use super::params::{Params, Sequence};
use super::pass::input_projections;
use crate::sim::numeric::Float32;

/// The last network's unit draws, data and input projections, kept for the next one when
/// they are the same (a gain, forget-bias or truncation change draws and projects nothing
/// new): the page's first look at a slider's every value. Only what fits in `KEPT_FLOATS`
/// floats is kept; the projections are float32's (`Float32`), the first look's format.
#[derive(Default)]
pub struct Draws {
    unit: Option<(UnitKey, Params)>,
    data: Option<(DataKey, Sequence)>,
    projected: Option<((UnitKey, DataKey), Vec<f32>)>,
}

/// What the unit draws depend on: the seed, cell, width and init.
type UnitKey = (u64, Cell, usize, RecurrentInit);
/// What the data depend on: the seed, steps, width and batch.
type DataKey = (u64, usize, usize, usize);

/// The most floats `Draws` keeps (16 MB): a page's T = 100 × H = 128 × B = 32 LSTM holds
/// 2.2 M (0.5 M of draws and data, 1.6 M of projections).
pub const KEPT_FLOATS: usize = 1 << 22;

/// A network's draws as `Draws::sample` gives them.
pub struct Drawn<'a> {
    pub params: Params,
    pub seq: Cow<'a, Sequence>,
    /// `input_projections(params, seq.x)` when they were kept (or could be).
    pub projected: Option<&'a [f32]>,
}

impl Draws {
    /// `Params::sample(cfg)` and `Sequence::sample` of `cfg`, the same bits, drawing only what
    /// the last call did not; kept data and projections are lent, not copied.
    pub fn sample(&mut self, cfg: &RnnConfig) -> Drawn<'_> {
        let unit_key = (cfg.seed, cfg.cell, cfg.width, cfg.init);
        let unit = match self.unit.take() {
            Some((k, p)) if k == unit_key => p,
            _ => Params::unit(cfg),
        };
        let data_key = (cfg.seed, cfg.steps, cfg.width, cfg.batch);
        let data = match self.data.take() {
            Some((k, d)) if k == data_key => d,
            _ => Sequence::sample(cfg.seed, cfg.steps, cfg.width, cfg.batch),
        };
        let params = unit.clone().scaled(cfg);
        let drawn = 2 * unit.w_hh.len() + data.x.len() + data.y.len();
        let projections = data.x.len() * cfg.cell.blocks();
        if drawn + projections > KEPT_FLOATS {
            self.projected = None;
            return Drawn {
                params,
                seq: Cow::Owned(data),
                projected: None,
            };
        }
        let keys = (unit_key, data_key);
        let projected = match self.projected.take() {
            Some((k, v)) if k == keys => v,
            _ => input_projections(&params, &data.x, cfg.batch, &Float32),
        };
        self.unit = Some((unit_key, unit));
        let (_, kept) = self.data.insert((data_key, data));
        let (_, projected) = self.projected.insert((keys, projected));
        Drawn {
            params,
            seq: Cow::Borrowed(kept),
            projected: Some(projected),
        }
    }
}
