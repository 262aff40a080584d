//! `boundcheck teach`: not yet.
use std::process::ExitCode;
pub fn run(_args: crate::cli::TeachArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("teach is not built yet")
}
