//! `boundcheck check`: not yet.
use std::process::ExitCode;
pub fn run(_args: crate::cli::CheckArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("check is not built yet")
}
