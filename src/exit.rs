//! How the process ends, decided in one place: the exit codes, the errors a
//! caller branches on, and the one message each of them prints.

use std::fmt;
use std::process::ExitCode;

use boundcheck_rules::diagnostic::BadFiles;
use boundcheck_rules::text::one_line;

/// The stable exit codes (SPEC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: done.
    Done,
    /// 1: `check` found failures, or `rules verify` a broken property.
    Failures,
    /// 2: bad input: arguments, a rule, scenario or config file.
    BadInput,
    /// 130: Ctrl-C, or Esc at the first question.
    Interrupted,
    /// 143 / 129: stopped by SIGTERM / SIGHUP.
    Terminated(Signal),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    Term,
    Hup,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Done => 0,
            Exit::Failures => 1,
            Exit::BadInput => 2,
            Exit::Interrupted => 130,
            Exit::Terminated(Signal::Term) => 143,
            Exit::Terminated(Signal::Hup) => 129,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e.code())
    }
}

/// What a person sees when they stop a session.
pub const STOPPED: &str = "Stopped. Nothing was saved.";

/// The person quit: Ctrl-C, or Esc at the first question.
#[derive(Debug)]
pub struct Interrupted;

impl fmt::Display for Interrupted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(STOPPED)
    }
}

impl std::error::Error for Interrupted {}

/// The presenter ended a class with `q`: a deliberate end, so exit 0 (Ctrl-C
/// is still [`Interrupted`], 130).
#[derive(Debug)]
pub struct Left;

impl fmt::Display for Left {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ended")
    }
}

impl std::error::Error for Left {}

/// The output pipe was closed (`boundcheck rules list | head -1`): stop quietly.
#[derive(Debug)]
pub struct ClosedPipe;

impl fmt::Display for ClosedPipe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("output closed")
    }
}

impl std::error::Error for ClosedPipe {}

/// Questions came up that nothing answered, and there is no one to ask.
#[derive(Debug)]
pub struct Missing {
    pub ids: Vec<String>,
    /// Where the answers were looked for: a scenario file, or nowhere (no terminal).
    pub from: MissingFrom,
}

#[derive(Debug)]
pub enum MissingFrom {
    /// `--scenario FILE` (or a scenario run by check, practice, teach).
    Scenario(String),
    /// No terminal to ask on.
    NoTerminal,
}

impl Missing {
    /// "no answer for these questions: a, b; add them to `answers:`", as a
    /// scenario file's problem (assess, check and `rules impact` say it alike).
    pub fn in_a_scenario(ids: &[String]) -> String {
        let (these, them) = if ids.len() == 1 {
            ("this question", "it")
        } else {
            ("these questions", "them")
        };
        format!(
            "no answer for {these}: {}; add {them} to `answers:`",
            ids.join(", ")
        )
    }
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let these = if self.ids.len() == 1 {
            "this question"
        } else {
            "these questions"
        };
        let ids = self.ids.join(", ");
        match &self.from {
            MissingFrom::Scenario(file) => write!(
                f,
                "{}: {} (or give --set ID=VALUE)",
                one_line(file),
                Missing::in_a_scenario(&self.ids)
            ),
            MissingFrom::NoTerminal => write!(
                f,
                "there is no terminal to ask on, and nothing answers {these}: {ids}; answer with --set ID=VALUE or --scenario FILE"
            ),
        }
    }
}

impl std::error::Error for Missing {}

/// A failure that was already reported in full (check's and validate's own
/// lines): only the exit code is left to give.
#[derive(Debug)]
pub struct Reported(pub Exit);

impl fmt::Display for Reported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "exit {}", self.0.code())
    }
}

impl std::error::Error for Reported {}

/// The one place an error becomes a message and an exit code.
pub fn report(e: &anyhow::Error) -> Exit {
    if e.downcast_ref::<ClosedPipe>().is_some() || e.downcast_ref::<Left>().is_some() {
        return Exit::Done;
    }
    if let Some(Reported(exit)) = e.downcast_ref::<Reported>() {
        return *exit;
    }
    if e.downcast_ref::<Interrupted>().is_some() || is_interrupted_read(e) {
        crate::term::announce_stop();
        return crate::term::signalled().unwrap_or(Exit::Interrupted);
    }
    if let Some(bad) = e.downcast_ref::<BadFiles>() {
        crate::output::error_text(&bad.to_string());
        return Exit::BadInput;
    }
    let mut text = String::new();
    for (i, cause) in e.chain().enumerate() {
        if i > 0 {
            text.push_str(": ");
        }
        text.push_str(&cause.to_string());
    }
    crate::output::error_line(&format!("error: {}", text.trim_start_matches("error: ")));
    Exit::BadInput
}

fn is_interrupted_read(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::Interrupted)
    })
}
