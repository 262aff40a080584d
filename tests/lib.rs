//! The one integration-test binary (as casey/just does): one link, many modules.

mod common;

mod assess;
mod check;
mod cli;
mod engine;
mod hostile;
mod minimum;
mod practice;
mod pty;
mod rules_cmd;
mod security;
mod snapshots;
mod teach;
mod teaching;
