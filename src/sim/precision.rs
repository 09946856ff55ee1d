//! What a run in a number format is asked for and reports, as plain data the report, the
//! worker and the CLI share: the format and loss scale asked for (`MixedPrecision`), the scale
//! reached (`MixedRun`), and where a gradient's entries sit in the format (`GradFractions`).
//! The lens that computes them is `sim::mixed`.

use serde::{Deserialize, Serialize};

use super::numeric::Precision;

/// The loss scale S.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum LossScale {
    /// S = 1.
    #[default]
    None,
    /// S = 2^k.
    Power(i32),
    /// Start at 2^16, halve while the backward overflows.
    Dynamic,
}

/// Where a dynamic scale starts (PyTorch's GradScaler) and the lowest it may go.
pub const DYNAMIC_START_LOG2: i32 = 16;
pub const SCALE_FLOOR_LOG2: i32 = -24;
/// The largest static scale accepted: 2^40 already overflows float16's every gradient.
pub const SCALE_MAX_LOG2: i32 = 40;

impl LossScale {
    /// The CLI's and URL's spelling: `none`, `dynamic`, `2^k`.
    pub fn id(self) -> String {
        match self {
            LossScale::None => "none".into(),
            LossScale::Power(k) => format!("2^{k}"),
            LossScale::Dynamic => "dynamic".into(),
        }
    }

    /// `none`, `dynamic`, `2^k` or a power of two written out (`4096`), k in −24..=40.
    pub fn parse(s: &str) -> Option<LossScale> {
        let k = match s {
            "none" => return Some(LossScale::None),
            "dynamic" => return Some(LossScale::Dynamic),
            _ => match s.strip_prefix("2^") {
                Some(k) => k.parse::<i32>().ok()?,
                None => {
                    let v: u64 = s.parse().ok()?;
                    if !v.is_power_of_two() {
                        return None;
                    }
                    v.trailing_zeros() as i32
                }
            },
        };
        (SCALE_FLOOR_LOG2..=SCALE_MAX_LOG2)
            .contains(&k)
            .then_some(LossScale::Power(k))
    }

    /// log2 S of the first pass.
    pub fn start_log2(self) -> i32 {
        match self {
            LossScale::None => 0,
            LossScale::Power(k) => k,
            LossScale::Dynamic => DYNAMIC_START_LOG2,
        }
    }
}

impl Serialize for LossScale {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.id())
    }
}

impl<'de> Deserialize<'de> for LossScale {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        LossScale::parse(&s).ok_or_else(|| serde::de::Error::custom("unknown loss scale"))
    }
}

/// The number format and the loss scale of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MixedPrecision {
    pub precision: Precision,
    pub loss_scale: LossScale,
}

impl MixedPrecision {
    /// Plain float32 without a scale: the explorer's own pass, unchanged.
    pub fn is_float32(&self) -> bool {
        *self == MixedPrecision::default()
    }
}

/// What a mixed-precision run used: the format, the scale asked for and the one reached.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MixedRun {
    pub precision: Precision,
    pub requested: LossScale,
    /// log2 of the S of the reported pass.
    pub scale_log2: i32,
}

impl MixedRun {
    /// The format and loss scale the run was asked for (a dynamic scale stays `Dynamic`).
    pub fn asked(&self) -> MixedPrecision {
        MixedPrecision {
            precision: self.precision,
            loss_scale: self.requested,
        }
    }
}

/// How ∂Loss/∂H_l's entries sit in the format (fractions of B·W).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GradFractions {
    pub zero: f64,
    pub subnormal: f64,
    pub normal: f64,
    pub nonfinite: f64,
    /// Zero here, non-zero in the float32 run of the same network (lost to underflow).
    pub lost: f64,
}
