//! Where every line goes: stdout and stderr, each passed through the one
//! sanitising step on the way, a closed pipe ended quietly, a full stderr never
//! a panic; and the run-time look (colour, width, plain) decided once.

use std::io::{IsTerminal, Write};
use std::sync::OnceLock;

use boundcheck_rules::text::{is_unsafe, one_line};

use crate::exit::ClosedPipe;

/// How output looks, decided once at start from the flags and the environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look {
    /// Colour on stdout.
    pub color: bool,
    /// Colour on stderr (prompts, messages).
    pub color_err: bool,
    /// Text width: the terminal's, at most 100; 80 when not a terminal.
    pub width: usize,
    /// Plain prompts: one line of text each, no cursor movement.
    pub plain: bool,
}

static LOOK: OnceLock<Look> = OnceLock::new();

/// When to colour, as `--color` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// SPEC's precedence: `--color always|never`; else a non-empty `NO_COLOR`
/// means none; else `CLICOLOR_FORCE=1` means colour; else `--plain` or
/// `TERM=dumb` means none; else colour only on a terminal.
pub fn decide_color(choice: ColorChoice, plain: bool, is_terminal: bool) -> bool {
    let env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if env("NO_COLOR").is_some() => false,
        ColorChoice::Auto if env("CLICOLOR_FORCE").is_some_and(|v| v != "0") => true,
        ColorChoice::Auto if plain || dumb_terminal() => false,
        ColorChoice::Auto => is_terminal,
    }
}

pub fn dumb_terminal() -> bool {
    std::env::var_os("TERM").is_some_and(|t| t == "dumb")
}

/// The width text wraps to: the terminal's (on stdout, else stderr), at most
/// 100 columns; 80 when there is no terminal.
fn decide_width() -> usize {
    let size = terminal_size::terminal_size_of(std::io::stdout())
        .or_else(|| terminal_size::terminal_size_of(std::io::stderr()));
    match size {
        Some((terminal_size::Width(w), _)) => usize::from(w).clamp(40, 100),
        None => 80,
    }
}

/// Decides the look once and hands the colour decision to every colour
/// library in use (colored for our text, console under dialoguer).
pub fn init(choice: ColorChoice, plain_flag: bool) -> Look {
    let plain = plain_flag || dumb_terminal();
    let look = Look {
        color: decide_color(choice, plain, std::io::stdout().is_terminal()),
        color_err: decide_color(choice, plain, std::io::stderr().is_terminal()),
        width: decide_width(),
        plain,
    };
    colored::control::set_override(look.color);
    console::set_colors_enabled(look.color);
    console::set_colors_enabled_stderr(look.color_err);
    let _ = LOOK.set(look);
    look
}

pub fn look() -> Look {
    LOOK.get().copied().unwrap_or(Look {
        color: false,
        color_err: false,
        width: 80,
        plain: false,
    })
}

/// Text on its way out: SGR colour sequences (ours) pass; every other unsafe
/// character becomes visible. Text from files was refused at load if it held
/// any; this catches anything that slipped through.
pub fn sanitize(text: &str) -> std::borrow::Cow<'_, str> {
    if !boundcheck_rules::text::has_unsafe(text) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\u{1b}' {
            // ESC [ digits/semicolons m: a colour sequence.
            let rest = &text[i + 1..];
            if let Some(body) = rest.strip_prefix('[') {
                let len = body
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == ';')
                    .count();
                if body[len..].starts_with('m') {
                    out.push_str(&text[i..i + 2 + len + 1]);
                    for _ in 0..len + 2 {
                        chars.next();
                    }
                    continue;
                }
            }
        }
        if is_unsafe(c) {
            out.push_str(&boundcheck_rules::text::clean(&c.to_string()));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Writes to stdout; a closed pipe becomes [`ClosedPipe`], a full disk an error.
pub fn out(text: &str) -> anyhow::Result<()> {
    let mut o = std::io::stdout().lock();
    match o
        .write_all(sanitize(text).as_bytes())
        .and_then(|_| o.flush())
    {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(ClosedPipe.into()),
        Err(e) => Err(anyhow::anyhow!("could not write the output: {e}")),
        Ok(()) => Ok(()),
    }
}

/// A message on stderr, on one line. Never panics: if stderr is full or
/// closed there is nowhere left to say it.
pub fn error_line(text: &str) {
    let mut e = std::io::stderr().lock();
    let _ = writeln!(e, "{}", sanitize(&one_line(text)));
    let _ = e.flush();
}

/// A message of several lines on stderr (diagnostics with their source lines).
pub fn error_text(text: &str) {
    let mut e = std::io::stderr().lock();
    let _ = writeln!(e, "{}", sanitize(text.trim_end()));
    let _ = e.flush();
}

/// A notice on stderr that may be lost without harm (a save's confirmation).
pub fn notice(text: &str) {
    let mut e = std::io::stderr().lock();
    let _ = write!(e, "{}", sanitize(text));
    let _ = e.flush();
}
