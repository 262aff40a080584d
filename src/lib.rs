//! boundcheck: a boundary consultation for psychotherapists and counsellors.
//!
//! Rule files (bundled + `--rules`) are loaded into a [`rules::RuleSet`]; answers
//! come from the terminal, a scenario file or `--set` through one loop
//! ([`session`]); the pure [`engine`] turns them into an [`engine::Assessment`];
//! the [`render`] functions show it.

pub mod answer;
pub mod bundled;
pub mod cli;
pub mod cmd;
pub mod condition;
pub mod config;
pub mod diagnostic;
pub mod engine;
pub mod files;
pub mod level;
pub mod prompt;
pub mod render;
pub mod rules;
pub mod scenario;
pub mod session;
pub mod suggest;
pub mod yaml;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use crate::cli::ColorChoice;

/// What a person sees when they stop a session (Ctrl-C, or Esc at the start).
pub const STOPPED: &str = "Stopped. Nothing was saved.";

/// The output pipe was closed (`boundcheck rules list | head -1`): stop quietly.
#[derive(Debug)]
pub struct ClosedPipe;

impl std::fmt::Display for ClosedPipe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("output closed")
    }
}

impl std::error::Error for ClosedPipe {}

/// Writes to stdout; a closed pipe becomes [`ClosedPipe`].
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(ClosedPipe.into()),
        other => Ok(other?),
    }
}

/// Whether to colour, decided once: `--color`, then a non-empty `NO_COLOR`, then the terminal.
pub fn use_color(choice: ColorChoice, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// The process: parse, run, and turn errors into one message and an exit code.
pub fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(e.exit_code().clamp(0, 255) as u8);
        }
    };
    let stdout_color = use_color(cli.color, std::io::stdout().is_terminal());
    colored::control::set_override(stdout_color);
    prompt::set_colors(use_color(cli.color, std::io::stderr().is_terminal()));
    match cmd::run(cli) {
        Ok(code) => code,
        Err(e) => report(&e),
    }
}

fn report(e: &anyhow::Error) -> ExitCode {
    if e.downcast_ref::<ClosedPipe>().is_some() {
        return ExitCode::SUCCESS;
    }
    let interrupted_read = e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::Interrupted)
    });
    if e.downcast_ref::<session::Interrupted>().is_some() || interrupted_read {
        let _ = console::Term::stderr().show_cursor();
        eprintln!("{STOPPED}");
        return ExitCode::from(130);
    }
    if e.downcast_ref::<diagnostic::BadFiles>().is_some() {
        eprintln!("{e:#}");
    } else {
        eprintln!("error: {e:#}");
    }
    ExitCode::from(2)
}
