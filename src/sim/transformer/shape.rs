//! The sizes every part of a block works with: B sequences of T tokens of width d, d split
//! into heads; the stream is a (B·T) × d row-major matrix.

/// B, T, d, heads, and whether attention is causal (the explorer's stack) or not (the reverse
/// task's encoder, where position 1 must see token T).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    pub batch: usize,
    pub tokens: usize,
    pub width: usize,
    pub heads: usize,
    pub causal: bool,
}

impl Shape {
    /// B·T, the rows of the stream.
    pub fn rows(&self) -> usize {
        self.batch * self.tokens
    }

    /// d_h = d / heads.
    pub fn head_width(&self) -> usize {
        self.width / self.heads.max(1)
    }

    /// The MLP's hidden width, 4d.
    pub fn hidden(&self) -> usize {
        4 * self.width
    }
}
