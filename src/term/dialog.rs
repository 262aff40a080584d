//! Arrow-key prompts with dialoguer, on stderr. Each prompt and its answers
//! are wrapped to the window before dialoguer sees them (it counts lines by
//! newlines), and the answered lines it leaves are cleared when the walk goes
//! back, so the screen shows the questions as they now stand.

use std::io;

use anyhow::Result;
use boundcheck_rules::model::{Kind, Question, RuleSet, Value};
use console::{style, Key, Term};
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::Select;

use crate::render::wrap_lines;
use crate::session::{Asker, Place, Reply};

pub struct TermAsker {
    term: Term,
    theme: Box<dyn Theme>,
    colored: bool,
    /// Rows each answered prompt left on screen, in order.
    answered_rows: Vec<usize>,
}

impl TermAsker {
    pub fn new(colored: bool) -> TermAsker {
        let theme: Box<dyn Theme> = if colored {
            Box::new(ColorfulTheme::default())
        } else {
            Box::new(SimpleTheme)
        };
        TermAsker {
            term: Term::stderr(),
            theme,
            colored,
            answered_rows: Vec::new(),
        }
    }

    fn width(&self) -> usize {
        usize::from(self.term.size().1).clamp(30, 100)
    }

    /// Clears the answered lines of prompts the walk has gone back past.
    fn forget_after(&mut self, answered: usize) -> io::Result<()> {
        while self.answered_rows.len() > answered {
            let rows = self.answered_rows.pop().unwrap_or(0);
            self.term.clear_last_lines(rows)?;
        }
        Ok(())
    }

    fn help_block(&self, q: &Question, place: Place) -> Vec<String> {
        let width = self.width();
        let mut lines = Vec::new();
        if place.number == 1 {
            lines.push(
                "↑/↓ to choose, Enter to answer, Esc to go back, Ctrl-C to stop.".to_string(),
            );
        }
        if let Some(h) = &q.help {
            lines.extend(wrap_lines(h, width - 2, "", ""));
        }
        lines
    }

    fn show_help(&self, lines: &[String]) -> io::Result<()> {
        for l in lines {
            let shown = if self.colored {
                style(l).dim().to_string()
            } else {
                l.clone()
            };
            self.term.write_line(&shown)?;
        }
        Ok(())
    }

    /// "✔ prompt · answer", wrapped; remembers how many rows it took.
    fn report(&mut self, prompt: &str, answer: &str) -> io::Result<()> {
        let width = self.width();
        let text = format!("{prompt} · {answer}");
        let lines = wrap_lines(&text, width - 3, "", "  ");
        for (i, l) in lines.iter().enumerate() {
            let shown = match (self.colored, i) {
                (true, 0) => format!("{} {}", style("✔").green(), l),
                (false, 0) => l.clone(),
                (_, _) => l.clone(),
            };
            self.term.write_line(&shown)?;
        }
        self.answered_rows.push(lines.len());
        Ok(())
    }

    fn choose(&mut self, q: &Question, place: Place) -> Result<Reply> {
        let width = self.width();
        let prompt = wrap_lines(&q.prompt, width - 4, "", "  ").join("\n");
        let labels: Vec<String> = q
            .choices
            .iter()
            .map(|c| wrap_lines(&c.label, width - 6, "", "    ").join("\n"))
            .collect();
        let selected = match place.previous {
            Some(Value::Choice(i)) => usize::from(i).min(labels.len().saturating_sub(1)),
            _ => 0,
        };
        let help = self.help_block(q, place);
        self.show_help(&help)?;
        let picked = loop {
            let picked = Select::with_theme(self.theme.as_ref())
                .with_prompt(&prompt)
                .items(&labels)
                .default(selected)
                .report(false)
                .interact_on_opt(&self.term);
            match picked {
                Ok(p) => break p,
                // Stopped and resumed (`fg`): the question again, not a quit.
                Err(dialoguer::Error::IO(e))
                    if e.kind() == io::ErrorKind::Interrupted && super::resumed() => {}
                Err(dialoguer::Error::IO(e)) if e.kind() == io::ErrorKind::Interrupted => {
                    return Ok(Reply::Quit)
                }
                Err(dialoguer::Error::IO(e)) => return Err(e.into()),
            }
        };
        self.term.clear_last_lines(help.len())?;
        Ok(match picked {
            Some(i) => {
                self.report(&q.prompt, &q.choices[i].label)?;
                Reply::Answer(Value::Choice(i as u8))
            }
            None => Reply::Back,
        })
    }

    /// A whole-number prompt with its own key loop, because dialoguer's `Input`
    /// ignores Esc and we need it to go back.
    fn number(&mut self, q: &Question, place: Place) -> Result<Reply> {
        let help = self.help_block(q, place);
        self.show_help(&help)?;
        let unit = q
            .unit
            .as_deref()
            .map(|u| format!(", {u}"))
            .unwrap_or_default();
        let head = format!("{} ({}–{}{unit})", q.prompt, q.min, q.max);
        let head_lines = wrap_lines(&head, self.width() - 4, "", "  ");
        for l in &head_lines[..head_lines.len() - 1] {
            self.term.write_line(l)?;
        }
        let last = head_lines.last().cloned().unwrap_or_default();
        let mut buf = match place.previous {
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        let mut problem: Option<String> = None;
        let reply = loop {
            self.term.clear_line()?;
            let line = if self.colored {
                format!(
                    "{} {} {} {}",
                    style("?").yellow(),
                    style(&last).bold(),
                    style("›").dim(),
                    buf
                )
            } else {
                format!("{last}: {buf}")
            };
            self.term.write_str(&line)?;
            if let Some(p) = &problem {
                self.term.write_str(&format!(
                    "\n{}",
                    if self.colored {
                        style(p).red().to_string()
                    } else {
                        p.clone()
                    }
                ))?;
                self.term.move_cursor_up(1)?;
                self.term
                    .move_cursor_right(console::measure_text_width(&line))?;
            }
            self.term.flush()?;
            let key = read_key(&self.term);
            if problem.take().is_some() {
                self.term.move_cursor_down(1)?;
                self.term.clear_line()?;
                self.term.move_cursor_up(1)?;
            }
            match key? {
                Key::Char(c) if c.is_ascii_digit() && buf.len() < 9 => buf.push(c),
                Key::Backspace => {
                    buf.pop();
                }
                Key::Escape => break Reply::Back,
                Key::CtrlC => break Reply::Quit,
                Key::Enter => match q.parse_value(&buf) {
                    Ok(v) => break Reply::Answer(v),
                    Err(_) => {
                        problem = Some(format!(
                            "Please type a whole number from {} to {}.",
                            q.min, q.max
                        ))
                    }
                },
                Key::Char(_) => problem = Some("Digits only, please.".to_string()),
                _ => {}
            }
        };
        self.term.clear_line()?;
        self.term
            .clear_last_lines(help.len() + head_lines.len() - 1)?;
        if let Reply::Answer(v) = &reply {
            self.report(&q.prompt, &q.label(*v))?;
        }
        Ok(reply)
    }
}

/// A key, with Ctrl-C as a key (not a SIGINT console raises itself).
pub fn read_key(term: &Term) -> io::Result<Key> {
    loop {
        // console reports a wait cut short by a signal as Ctrl-C; after a stop
        // and `fg` it is read again instead.
        match term.read_key_raw() {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {
                if super::resumed() {
                    continue;
                }
                if super::resized() {
                    return Ok(Key::Unknown);
                }
                return Ok(Key::CtrlC);
            }
            Ok(Key::CtrlC) if super::resumed() => continue,
            // The window changed size: no key, so the caller draws again.
            Ok(Key::CtrlC) if super::resized() => return Ok(Key::Unknown),
            other => return other,
        }
    }
}

impl Asker for TermAsker {
    fn ask(&mut self, _rules: &RuleSet, q: &Question, place: Place) -> Result<Reply> {
        self.forget_after(place.answered)?;
        match q.kind {
            Kind::Number => self.number(q, place),
            _ => self.choose(q, place),
        }
    }
}
