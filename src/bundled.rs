//! The bundled rule set as build.rs left it: parsed, checked and stored in a
//! compact binary form, so start-up does not parse YAML (BENCHMARKS.md).
//! Empty if the bundled files did not build; the YAML is then read instead,
//! and its errors reported with their lines.

pub static SNAPSHOT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/bundled.postcard"));
