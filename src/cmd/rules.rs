//! `boundcheck rules`: not yet.
use std::process::ExitCode;
pub fn run(_args: crate::cli::RulesArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("rules is not built yet")
}
