//! Plain prompts (`--plain`, `TERM=dumb`): each question one line of text with
//! numbered answers, read as a line — type the number, `b` to go back, `?` for
//! the help. No cursor movement, no redraws, no colour: for screen readers,
//! dumb terminals and logs.

use std::io::{BufRead, Write};

use anyhow::Result;
use boundcheck_rules::model::{Kind, Question, RuleSet, Value};

use crate::session::{Asker, Place, Reply};

pub struct PlainAsker {
    lines: Box<dyn BufRead>,
}

impl PlainAsker {
    pub fn new() -> PlainAsker {
        PlainAsker {
            lines: Box::new(std::io::BufReader::new(std::io::stdin())),
        }
    }

    fn say(&self, text: &str) {
        let mut e = std::io::stderr();
        let _ = e.write_all(crate::output::sanitize(text).as_bytes());
        let _ = e.flush();
    }

    /// One line typed; `None` at the end of input.
    fn line(&mut self) -> Result<Option<String>> {
        let mut s = String::new();
        match self.lines.read_line(&mut s) {
            Ok(0) => Ok(None),
            Ok(_) => Ok(Some(s.trim().to_string())),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => Ok(None),
            Err(e) => Err(e.into()),
        }
    }
}

impl Default for PlainAsker {
    fn default() -> Self {
        PlainAsker::new()
    }
}

impl Asker for PlainAsker {
    fn ask(&mut self, _rules: &RuleSet, q: &Question, place: Place) -> Result<Reply> {
        // Wrapped to the width like all text (a screen reader reads it the same).
        let width = crate::output::look().width;
        let wrap = crate::render::wrap;
        let head = match place.number {
            0 => q.prompt.clone(),
            n => format!("Question {n}: {}", q.prompt),
        };
        let mut text = format!("\n{}", wrap(&head, width, "", ""));
        let default = match (q.kind, place.previous) {
            (Kind::Number, Some(Value::Number(n))) => Some(n.to_string()),
            (_, Some(Value::Choice(i))) => Some((usize::from(i) + 1).to_string()),
            _ => None,
        };
        let mut how = if q.kind == Kind::Number {
            format!(
                "Type a whole number from {} to {}{}",
                q.min,
                q.max,
                q.unit
                    .as_deref()
                    .map(|u| format!(" ({u})"))
                    .unwrap_or_default()
            )
        } else {
            for (i, c) in q.choices.iter().enumerate() {
                let num = format!("  {}. ", i + 1);
                text.push_str(&wrap(&c.label, width, &num, &" ".repeat(num.len())));
            }
            "Type the number of your answer".to_string()
        };
        how.push_str(", b to go back, ? for help");
        if let Some(d) = &default {
            how.push_str(&format!(", or Enter for {d}"));
        }
        how.push('.');
        text.push_str(&wrap(&how, width, "", ""));
        self.say(&text);
        loop {
            self.say("Answer: ");
            let Some(typed) = self.line()? else {
                return Ok(Reply::Quit);
            };
            let typed = if typed.is_empty() {
                default.clone().unwrap_or_default()
            } else {
                typed
            };
            match typed.as_str() {
                "b" | "B" => return Ok(Reply::Back),
                "?" => {
                    let help = q
                        .help
                        .as_deref()
                        .unwrap_or("No more help for this question.");
                    self.say(&crate::render::wrap(help, width, "", ""));
                    continue;
                }
                "" => {}
                _ if q.kind == Kind::Number => {
                    if let Ok(v) = q.parse_value(&typed) {
                        self.say(&format!("Answered: {}\n", q.label(v)));
                        return Ok(Reply::Answer(v));
                    }
                }
                _ => {
                    if let Some(i) = typed
                        .parse::<usize>()
                        .ok()
                        .filter(|i| (1..=q.choices.len()).contains(i))
                    {
                        self.say(&format!("Answered: {}\n", q.choices[i - 1].label));
                        return Ok(Reply::Answer(Value::Choice((i - 1) as u8)));
                    }
                }
            }
            let allowed = if q.kind == Kind::Number {
                format!("a whole number from {} to {}", q.min, q.max)
            } else {
                format!("a number from 1 to {}", q.choices.len())
            };
            self.say(&format!("Please type {allowed}, or b to go back.\n"));
        }
    }
}
