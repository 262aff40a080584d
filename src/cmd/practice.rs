//! `boundcheck practice`: not yet.
use std::process::ExitCode;
pub fn run(_args: crate::cli::PracticeArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("practice is not built yet")
}
