//! boundcheck: a boundary consultation for psychotherapists and counsellors.
//!
//! The data path, one place for each step:
//! rule files ──load/check──▶ `RuleSet` (the `boundcheck_rules` crate);
//! answers (terminal | plain | scenario | `--set`) ──▶ [`session::Walk`];
//! `RuleSet` + answers ──evaluate (pure)──▶ `Assessment` (`boundcheck_rules::engine`);
//! `Assessment` ──render──▶ text | markdown | json (`render`).
//! `cmd` wires them per subcommand; `exit` decides how the process ends.

mod cli;
mod cmd;
mod complete;
mod config;
mod exit;
mod output;
mod progress;
mod render;
mod save;
mod session;
mod term;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

pub use boundcheck_rules as rules;
pub use exit::Exit;
pub use session::{
    run as run_walk, Asker, Hooks, Mode, Move, Outcome, Place, Reply, Script, Source, Walk,
};

/// The bundled rules, as build.rs snapshotted them (parsed and checked once,
/// at build time; the build fails if they do not check).
static SNAPSHOT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/bundled.postcard"));

/// The bundled rule set.
pub fn bundled() -> Result<rules::RuleSet, String> {
    rules::bundled::from_snapshot(SNAPSHOT).map_err(|e| {
        format!("the bundled rules in this build are damaged ({e}); rebuild boundcheck")
    })
}

/// The bundled rule set, decoded once per process and kept to its end.
pub(crate) fn bundled_static() -> Result<&'static rules::RuleSet, String> {
    static SET: std::sync::OnceLock<Result<rules::RuleSet, String>> = std::sync::OnceLock::new();
    SET.get_or_init(bundled).as_ref().map_err(Clone::clone)
}

/// Renderers for tests and benchmarks: the assessment as text, JSON and markdown.
pub mod show {
    pub use crate::render::{
        json::assessment as json, markdown::assessment as markdown, text::assessment as text,
    };
}

/// A command-line error from clap, which quotes the arguments it was given: as
/// plain text with every control character made visible (an argument must not
/// reach the terminal as an escape sequence), then `error:` coloured by us.
fn clap_error(e: &clap::Error, color: bool) -> String {
    let plain = e.render().to_string();
    let safe = boundcheck_rules::text::clean(&plain);
    match safe.strip_prefix("error:") {
        Some(rest) if color => {
            use colored::Colorize as _;
            format!("{}{rest}", "error:".red().bold())
        }
        _ => safe.into_owned(),
    }
}

/// The process: parse, run, and turn errors into one message and an exit code.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let args: Vec<OsString> = args.into_iter().collect();
    // The shell asking what to complete (see `boundcheck completions`).
    if let Some(answered) = complete::respond(&args) {
        return match answered {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                let text = clap_error(&e, output::look().color_err);
                let _ = std::io::Write::write_all(&mut std::io::stderr(), text.as_bytes());
                Exit::BadInput.into()
            }
        };
    }
    // A file-size limit (`ulimit -f`) must fail a write, not kill the process
    // with a temporary file left behind.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to "ignore" has no handler to race.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    // The colour decision reaches clap's own help and errors too.
    let early_plain = args.iter().any(|a| a == "--plain");
    let choice = early_color(&args);
    let look = output::init(choice, early_plain);
    let command = cli::Cli::command().color(if look.color || look.color_err {
        clap::ColorChoice::Always
    } else {
        clap::ColorChoice::Never
    });
    let cli = match command
        .try_get_matches_from(&args)
        .and_then(|m| cli::Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) => {
            let code = e.exit_code();
            let text = if code != 0 {
                clap_error(&e, look.color_err)
            } else if look.color {
                e.render().ansi().to_string()
            } else {
                e.render().to_string()
            };
            let written = if code == 0 {
                output::out(&text).is_ok()
            } else {
                std::io::Write::write_all(&mut std::io::stderr(), text.as_bytes()).is_ok()
            };
            if !written {
                return Exit::BadInput.into();
            }
            return ExitCode::from(code.clamp(0, 255) as u8);
        }
    };
    if cli.plain {
        let _ = output::init(cli.color, true);
    }
    let exit = match cmd::run(cli) {
        Ok(exit) => exit,
        Err(e) => exit::report(&e),
    };
    exit.into()
}

/// `--color WHEN` read before clap parses, so its own messages obey it.
fn early_color(args: &[OsString]) -> output::ColorChoice {
    let mut choice = output::ColorChoice::Auto;
    let mut iter = args.iter().map(|a| a.to_string_lossy().into_owned());
    while let Some(a) = iter.next() {
        let value = if a == "--color" {
            iter.next()
        } else {
            a.strip_prefix("--color=").map(str::to_string)
        };
        match value.as_deref() {
            Some("always") => choice = output::ColorChoice::Always,
            Some("never") => choice = output::ColorChoice::Never,
            Some("auto") => choice = output::ColorChoice::Auto,
            _ => {}
        }
    }
    choice
}
