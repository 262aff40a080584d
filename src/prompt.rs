//! The terminal edge: asks questions with dialoguer on stderr. The only module
//! that knows about dialoguer and console.

use std::io;

use console::{measure_text_width, style, Key, Term};
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::Select;

use crate::answer::Answer;
use crate::rules::{Kind, Question};
use crate::session::{Asker, Place, Reply, Step};

/// Whether prompts can be shown: dialoguer draws on, and reads keys through, stderr's terminal.
pub fn is_terminal() -> bool {
    Term::stderr().is_term()
}

/// Restores the cursor when the process is interrupted (dialoguer hides it
/// while a list is shown and cannot restore it on Ctrl-C), then exits 130.
pub fn install_interrupt_handler() {
    let _ = ctrlc::set_handler(|| {
        let term = Term::stderr();
        let _ = term.show_cursor();
        let _ = term.write_line("");
        let _ = term.write_line(crate::STOPPED);
        std::process::exit(130);
    });
}

/// Colour for prompts follows the same decision as the rest of the output.
pub fn set_colors(enabled: bool) {
    console::set_colors_enabled_stderr(enabled);
    console::set_colors_enabled(enabled);
}

pub struct TermAsker {
    term: Term,
    theme: Box<dyn Theme>,
    colored: bool,
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
        }
    }

    /// Writes text to the prompt stream (stderr), for headings between prompts.
    pub fn say(&self, text: &str) -> io::Result<()> {
        for line in text.lines() {
            self.term.write_line(line)?;
        }
        Ok(())
    }

    /// Rows a block of text takes on this terminal, wrapped lines included.
    fn rows(&self, text: &str) -> usize {
        let width = usize::from(self.term.size().1).max(20);
        text.lines()
            .map(|l| measure_text_width(l).div_ceil(width).max(1))
            .sum()
    }

    fn help_block(&self, q: &Question, place: Place<'_>) -> String {
        let mut out = String::new();
        if place.number == 1 {
            out.push_str(&format!(
                "{}\n",
                style("↑/↓ to choose, Enter to answer, Esc to go back, Ctrl-C to stop.").dim()
            ));
        }
        if let Some(h) = &q.help {
            out.push_str(&format!("{}\n", style(h.trim()).dim()));
        }
        out
    }

    fn choose(&self, q: &Question, place: Place<'_>) -> anyhow::Result<Reply> {
        let labels: Vec<&str> = q.choices.iter().map(|c| c.label.as_str()).collect();
        let selected = place
            .previous
            .and_then(|p| {
                q.choices
                    .iter()
                    .position(|c| Some(c.value.as_str()) == p.as_choice())
            })
            .unwrap_or(0);
        let help = self.help_block(q, place);
        self.term.write_str(&help)?;
        let picked = Select::with_theme(self.theme.as_ref())
            .with_prompt(&q.prompt)
            .items(&labels)
            .default(selected)
            .report(false)
            .interact_on_opt(&self.term);
        let picked = match picked {
            Ok(p) => p,
            Err(dialoguer::Error::IO(e)) if e.kind() == io::ErrorKind::Interrupted => {
                return Ok(Reply::Quit)
            }
            Err(e) => return Err(e.into()),
        };
        self.term.clear_last_lines(self.rows(&help))?;
        Ok(match picked {
            Some(i) => {
                self.report(&q.prompt, labels[i])?;
                Reply::Answer(Answer::choice(&q.choices[i].value))
            }
            None => Reply::Back,
        })
    }

    fn report(&self, prompt: &str, answer: &str) -> io::Result<()> {
        let line = if self.colored {
            format!(
                "{} {} {} {}",
                style("✔").green(),
                style(prompt).bold(),
                style("·").dim(),
                style(answer).green()
            )
        } else {
            format!("{prompt} · {answer}")
        };
        self.term.write_line(&line)
    }

    /// A whole-number prompt with its own key loop, because dialoguer's `Input`
    /// ignores Esc and we need it to go back.
    fn number(&self, q: &Question, place: Place<'_>) -> anyhow::Result<Reply> {
        let help = self.help_block(q, place);
        self.term.write_str(&help)?;
        let unit = q
            .unit
            .as_deref()
            .map(|u| format!(", {u}"))
            .unwrap_or_default();
        let head = format!("{} ({}–{}{unit})", q.prompt, q.min, q.max);
        let mut buf = place
            .previous
            .and_then(Answer::as_number)
            .map(|n| n.to_string())
            .unwrap_or_default();
        let mut problem: Option<String> = None;
        let reply = loop {
            self.term.clear_line()?;
            let line = if self.colored {
                format!(
                    "{} {} {} {}",
                    style("?").yellow(),
                    style(&head).bold(),
                    style("›").dim(),
                    buf
                )
            } else {
                format!("{head}: {buf}")
            };
            self.term.write_str(&line)?;
            if let Some(p) = &problem {
                self.term.write_str(&format!("\n{}", style(p).red()))?;
                self.term.move_cursor_up(1)?;
                self.term.move_cursor_right(measure_text_width(&line))?;
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
                Key::Enter => match q.parse_answer(&buf) {
                    Ok(a) => break Reply::Answer(a),
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
        self.term.clear_last_lines(self.rows(&help))?;
        if let Reply::Answer(a) = &reply {
            self.report(&q.prompt, &q.label(a))?;
        }
        Ok(reply)
    }
}

/// A key, with Ctrl-C as a key: console reports it as an interrupted read
/// (and raises SIGINT, whose handler may not have run yet).
fn read_key(term: &Term) -> io::Result<Key> {
    match term.read_key() {
        Err(e) if e.kind() == io::ErrorKind::Interrupted => Ok(Key::CtrlC),
        other => other,
    }
}

impl Asker for TermAsker {
    fn ask(&mut self, q: &Question, place: Place<'_>) -> anyhow::Result<Reply> {
        match q.kind {
            Kind::Number => self.number(q, place),
            _ => self.choose(q, place),
        }
    }

    fn show(&mut self, text: &str) -> anyhow::Result<()> {
        crate::print(text)
    }

    /// Waits for Enter (continue), `c` (change), Esc (back) or Ctrl-C (quit).
    fn pause(&mut self, hint: &str) -> anyhow::Result<Step> {
        self.term.write_str(&format!("{}", style(hint).dim()))?;
        let step = loop {
            match read_key(&self.term)? {
                Key::Enter => break Step::Continue,
                Key::Char('c' | 'C' | 'w' | 'W') => break Step::Change,
                Key::Escape => break Step::Back,
                Key::CtrlC => break Step::Quit,
                _ => {}
            }
        };
        self.term.clear_line()?;
        Ok(step)
    }
}
