//! What the lesson's picture of the bits reads from its text field (`ui::lessons::bits`).

/// The number the field starts with: float16 and bfloat16 both round it.
pub const BITS_EXAMPLE: &str = "0.1";

/// The typed number as float32 holds it (`None` when it is not a number; "inf" and "nan"
/// are, and a number beyond float32's range is ±inf, as a cast gives it).
pub fn read_number(s: &str) -> Option<f32> {
    // A comma as the decimal mark is a common way to type it.
    let t = s.trim().replace(',', ".");
    t.parse::<f64>().ok().map(|v| v as f32)
}
