//! Keys and screens for slide-like views (teach): a presenter's clicker sends
//! Enter, Space, → or PageDown to go on and ←, PageUp or Backspace to go back;
//! each screen is drawn on a cleared window (with `--plain`, printed after the
//! last one instead, with no cursor movement); a list to choose from, and a
//! number to type, on a screen of their own.

use std::io::{self, BufRead, Write};

use anyhow::Result;
use boundcheck_rules::model::Value;
use console::{Key as K, Term};

use crate::exit::{Interrupted, Left};

/// A key as a slide view reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Enter,
    Space,
    Right,
    Left,
    Up,
    Down,
    PageDown,
    PageUp,
    Home,
    End,
    Backspace,
    Escape,
    CtrlC,
    Char(char),
    Other,
}

/// What a key asks of a slide view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Forward,
    /// Back; Esc is always back, never forward.
    Back,
    /// `q`: end the class (exit 0).
    Quit,
    /// `c`: change an answer (what if).
    Change,
    /// `r`: reset to the script.
    Reset,
    /// `v`: show the vignette.
    Vignette,
    /// `?` or `h`: the keys.
    Help,
    None,
}

impl Key {
    pub fn action(self) -> Action {
        match self {
            Key::Enter | Key::Space | Key::Right | Key::PageDown | Key::Char('n' | 'N') => {
                Action::Forward
            }
            Key::Left | Key::PageUp | Key::Backspace | Key::Escape | Key::Char('p' | 'P') => {
                Action::Back
            }
            Key::Char('q' | 'Q') => Action::Quit,
            Key::Char('c' | 'C' | 'w' | 'W') => Action::Change,
            Key::Char('r' | 'R') => Action::Reset,
            Key::Char('v' | 'V') => Action::Vignette,
            Key::Char('?' | 'h' | 'H') => Action::Help,
            _ => Action::None,
        }
    }
}

/// The next key; Ctrl-C ends the process as interrupted (130) and `q` as
/// ended (0), through the one exit path.
pub fn read() -> Result<Key> {
    let key = read_raw()?;
    match key {
        Key::CtrlC => Err(Interrupted.into()),
        _ => Ok(key),
    }
}

/// The next action; `q` becomes [`Left`].
pub fn action() -> Result<Action> {
    match read()?.action() {
        Action::Quit => Err(Left.into()),
        a => Ok(a),
    }
}

fn read_raw() -> Result<Key> {
    let term = Term::stderr();
    let k = match super::dialog::read_key(&term)? {
        K::Enter => Key::Enter,
        K::Char(' ') => Key::Space,
        K::ArrowRight => Key::Right,
        K::ArrowLeft => Key::Left,
        K::ArrowUp => Key::Up,
        K::ArrowDown => Key::Down,
        K::PageDown => Key::PageDown,
        K::PageUp => Key::PageUp,
        K::Home => Key::Home,
        K::End => Key::End,
        K::Backspace => Key::Backspace,
        K::Escape => Key::Escape,
        K::CtrlC => Key::CtrlC,
        K::Char(c) => Key::Char(c),
        _ => Key::Other,
    };
    Ok(k)
}

/// The width of the window, at most 100 columns.
pub fn width() -> usize {
    usize::from(Term::stderr().size().1).clamp(30, 100)
}

/// The height of the window, in rows.
pub fn height() -> usize {
    usize::from(Term::stderr().size().0).max(8)
}

fn plain() -> bool {
    crate::output::look().plain
}

/// Clears the window and draws one screen (its lines fit the window: the
/// renderer made them so). With `--plain`, prints it below the last one.
pub fn draw(lines: &[String]) -> io::Result<()> {
    let text = crate::output::sanitize(&lines.join("\n")).into_owned();
    let mut e = io::stderr().lock();
    if plain() {
        writeln!(e, "\n{text}")?;
    } else {
        // One write: the cursor home, the window cleared, the screen.
        write!(e, "\x1b[?25l\x1b[H\x1b[2J{text}")?;
    }
    e.flush()
}

/// Leaves the terminal tidy: cursor shown, on a new line; after a class
/// that ended as the presenter chose, on a cleared window.
pub fn leave_screen(clear: bool) {
    let term = Term::stderr();
    if clear && !plain() {
        let _ = term.clear_screen();
    }
    if !plain() {
        let _ = term.show_cursor();
    }
    if !clear {
        let _ = term.write_line("");
    }
}

/// What was chosen from a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chosen {
    Item(usize),
    Back,
}

/// Lets the presenter choose one of `count` items, starting at `start`:
/// ↑/↓ and Enter, or the item's number; Esc back. `screen` draws the list with the
/// cursor on an item. With `--plain`, the number is typed as a line.
pub fn choose(
    count: usize,
    start: usize,
    screen: &mut dyn FnMut(usize) -> Vec<String>,
) -> Result<Chosen> {
    let mut at = start.min(count.saturating_sub(1));
    if plain() {
        return choose_by_line(count, at, screen);
    }
    // Digits typed so far: an item's number picks it as soon as no further
    // digit could make another number ("1" of twelve waits for a second one).
    let mut typed = 0usize;
    loop {
        draw(&screen(at))?;
        let key = read()?;
        if !matches!(key, Key::Char('0'..='9')) {
            typed = 0;
        }
        match key {
            Key::Up => at = at.checked_sub(1).unwrap_or(count - 1),
            Key::Down => at = (at + 1) % count,
            Key::Home => at = 0,
            Key::End => at = count - 1,
            Key::Char(d @ '0'..='9') => {
                let n = typed * 10 + usize::from(d as u8 - b'0');
                if (1..=count).contains(&n) {
                    at = n - 1;
                    if n * 10 > count {
                        return Ok(Chosen::Item(at));
                    }
                    typed = n;
                } else {
                    typed = 0;
                }
            }
            Key::Enter | Key::Space | Key::Right | Key::PageDown => return Ok(Chosen::Item(at)),
            k => match k.action() {
                Action::Back => return Ok(Chosen::Back),
                Action::Quit => return Err(Left.into()),
                _ => {}
            },
        }
    }
}

fn choose_by_line(
    count: usize,
    at: usize,
    screen: &mut dyn FnMut(usize) -> Vec<String>,
) -> Result<Chosen> {
    draw(&screen(at))?;
    loop {
        let typed = line(&format!(
            "Type 1 to {count}, Enter for {}, b to go back, q to quit: ",
            at + 1
        ))?;
        match typed.as_str() {
            "" => return Ok(Chosen::Item(at)),
            "b" | "B" => return Ok(Chosen::Back),
            "q" | "Q" => return Err(Left.into()),
            t => {
                if let Some(i) = t.parse::<usize>().ok().filter(|i| (1..=count).contains(i)) {
                    return Ok(Chosen::Item(i - 1));
                }
            }
        }
    }
}

/// One line typed (for `--plain`); the end of input ends the class.
fn line(prompt: &str) -> Result<String> {
    let mut e = io::stderr();
    let _ = write!(e, "{prompt}");
    let _ = e.flush();
    let mut s = String::new();
    match io::stdin().lock().read_line(&mut s) {
        Ok(0) => Err(Interrupted.into()),
        Ok(_) => Ok(s.trim().to_string()),
        Err(e) if e.kind() == io::ErrorKind::Interrupted => Err(Interrupted.into()),
        Err(e) => Err(e.into()),
    }
}

/// Lets the presenter type a whole number: digits, Backspace, Enter; Esc
/// back. `screen` draws what is typed so far and any problem with it;
/// `parse` says whether it is an answer.
pub fn type_number(
    start: Option<i64>,
    screen: &mut dyn FnMut(&str, Option<&str>) -> Vec<String>,
    parse: &dyn Fn(&str) -> Result<Value, String>,
) -> Result<Option<Value>> {
    let mut typed = start.map(|n| n.to_string()).unwrap_or_default();
    let mut problem: Option<String> = None;
    loop {
        if plain() {
            draw(&screen(&typed, problem.as_deref()))?;
            let t = line("Type the number, Enter to keep it, b to go back: ")?;
            match t.as_str() {
                "b" | "B" => return Ok(None),
                "q" | "Q" => return Err(Left.into()),
                "" => {}
                t => typed = t.to_string(),
            }
            match parse(&typed) {
                Ok(v) => return Ok(Some(v)),
                Err(p) => problem = Some(p),
            }
            continue;
        }
        draw(&screen(&typed, problem.as_deref()))?;
        problem = None;
        match read()? {
            Key::Char(d) if d.is_ascii_digit() && typed.len() < 9 => typed.push(d),
            Key::Backspace => {
                typed.pop();
            }
            Key::Enter => match parse(&typed) {
                Ok(v) => return Ok(Some(v)),
                Err(p) => problem = Some(p),
            },
            k => match k.action() {
                Action::Back => return Ok(None),
                Action::Quit => return Err(Left.into()),
                _ => problem = Some("Digits only, please; Enter when done.".to_string()),
            },
        }
    }
}
