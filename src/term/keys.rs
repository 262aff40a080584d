//! Keys for slide-like screens (teach): a presenter's clicker sends Enter,
//! Space, → or PageDown to go on and ←, PageUp or Backspace to go back.

use std::io;

use anyhow::Result;
use console::{Key as K, Term};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Forward,
    Back,
    Quit,
    /// `c`: change the answer shown (what if).
    Change,
    /// `r`: reset to the script.
    Reset,
    /// `v`: show the vignette.
    Vignette,
    Other(char),
    None,
}

pub fn read() -> Result<Key> {
    let term = Term::stderr();
    let k = match super::dialog::read_key(&term)? {
        K::Enter | K::Char(' ') | K::ArrowRight | K::PageDown | K::Char('n') => Key::Forward,
        K::ArrowLeft | K::PageUp | K::Backspace | K::Escape | K::Char('p') => Key::Back,
        K::CtrlC | K::Char('q') | K::Char('Q') => Key::Quit,
        K::Char('c') | K::Char('C') | K::Char('w') => Key::Change,
        K::Char('r') | K::Char('R') => Key::Reset,
        K::Char('v') | K::Char('V') => Key::Vignette,
        K::Char(c) => Key::Other(c),
        _ => Key::None,
    };
    Ok(k)
}

/// The width of the window, at most 100 columns.
pub fn width() -> usize {
    usize::from(Term::stderr().size().1).clamp(30, 100)
}

/// Clears the window and draws one screen.
pub fn draw(text: &str) -> io::Result<()> {
    let term = Term::stderr();
    term.clear_screen()?;
    term.write_str(&crate::output::sanitize(text))?;
    term.hide_cursor()?;
    term.flush()
}

/// Leaves the last screen tidy: cursor shown, on a new line.
pub fn leave_screen() {
    let term = Term::stderr();
    let _ = term.show_cursor();
    let _ = term.write_line("");
}
