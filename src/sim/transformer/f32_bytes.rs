//! `#[serde(with = "f32_bytes")]` for a `Vec<f32>` sent between workers each update (a
//! helper's parameters and gradients, about a megabyte): one block of little-endian bytes
//! instead of a value at a time, which bincode took half a millisecond a way for in wasm.

use serde::de::{Error, SeqAccess, Visitor};
use serde::{Deserializer, Serializer};

pub fn serialize<S: Serializer>(v: &[f32], s: S) -> Result<S::Ok, S::Error> {
    let bytes: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
    s.serialize_bytes(&bytes)
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f32>, D::Error> {
    d.deserialize_byte_buf(FloatBytes)
}

struct FloatBytes;

impl<'de> Visitor<'de> for FloatBytes {
    type Value = Vec<f32>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("float32 values as little-endian bytes")
    }

    fn visit_bytes<E: Error>(self, b: &[u8]) -> Result<Vec<f32>, E> {
        if !b.len().is_multiple_of(4) {
            return Err(E::custom(format!(
                "{} bytes are no float32 values",
                b.len()
            )));
        }
        let floats = b.chunks_exact(4).map(|c| [c[0], c[1], c[2], c[3]]);
        Ok(floats.map(f32::from_le_bytes).collect())
    }

    fn visit_byte_buf<E: Error>(self, b: Vec<u8>) -> Result<Vec<f32>, E> {
        self.visit_bytes(&b)
    }

    /// Formats without a bytes type hand the bytes one at a time.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<f32>, A::Error> {
        let mut b = Vec::new();
        while let Some(x) = seq.next_element::<u8>()? {
            b.push(x);
        }
        self.visit_bytes(&b)
    }
}
