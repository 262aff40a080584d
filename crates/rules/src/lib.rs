//! boundcheck's rule model: the question bank, findings and conditions; loading
//! and checking rule files with diagnostics; the digest; the pure engine
//! (which questions come up, what fires, what would change); scenario files.
//! It knows nothing of terminals or commands.

// A `Diagnostic` is large, and is returned only on the path that reports a
// user's file: no hot path carries it.
#![allow(clippy::result_large_err)]

pub mod analysis;
pub mod answer;
pub mod bundled;
pub mod condition;
pub mod diagnostic;
pub mod engine;
pub mod graph;
pub mod level;
pub mod load;
pub mod model;
pub mod packed;
pub mod practice;
pub mod scenario;
pub mod schema;
pub mod suggest;
pub mod tables;
pub mod text;
pub mod verify;
pub mod yaml;

pub use answer::{Answer, Answers};
pub use diagnostic::{BadFiles, Diagnostic};
pub use level::Level;
pub use model::{Finding, Kind, Question, RuleSet, Sheet, Value};
pub use scenario::{Expect, Scenario};
