//! Problems found in a user's file: where they are, what is wrong, and the fix.

use std::fmt;

use unicode_width::UnicodeWidthStr;

use crate::text::{clean, one_line};
use crate::yaml::{self, Part, Path, Pos};

/// How many problems one load reports before it stops looking: enough to
/// fix, and it keeps a hostile file from asking for a position lookup per entry.
pub const MAX_ERRORS: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user named it (or `bundled:NAME`); made safe when shown.
    pub file: String,
    pub severity: Severity,
    /// What is wrong and what is allowed. Quoted values in it are already excerpts.
    pub message: String,
    /// The likely fix, shown on a line of its own.
    pub help: Option<String>,
    pub pos: Option<Pos>,
    /// The offending line, shown under the message.
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn error(file: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: file.to_string(),
            severity: Severity::Error,
            message: message.into(),
            help: None,
            pos: None,
            source_line: None,
        }
    }

    pub fn warning(file: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Places the diagnostic at `pos` of `text`, keeping the line to show.
    pub fn at(mut self, text: &str, pos: Pos) -> Diagnostic {
        self.pos = Some(Pos {
            line: pos.line.max(1),
            column: pos.column.max(1),
        });
        self.source_line = text
            .lines()
            .nth(pos.line.saturating_sub(1))
            .map(str::to_string);
        if self.source_line.is_none() {
            // Past the end of the file (an unclosed list, say): show the last line, at its end.
            if let Some((i, last)) = text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .last()
            {
                self.pos = Some(Pos {
                    line: i + 1,
                    column: last.chars().count() + 1,
                });
                self.source_line = Some(last.to_string());
            }
        }
        self
    }

    /// Places it at a node of the document, found by its path.
    pub fn at_path(self, text: &str, path: &Path, part: Part) -> Diagnostic {
        match yaml::locate(text, path, part) {
            Some(pos) => self.at(text, pos),
            None => self,
        }
    }

    /// `file:line:column: error: message`, the line with a caret under the
    /// offending text, and the fix.
    pub fn render(&self) -> String {
        let mut out = self.to_string();
        if let (Some(src), Some(pos)) = (&self.source_line, self.pos) {
            let (shown, caret_at) = snippet(src, pos.column);
            let lineno = pos.line.to_string();
            let gutter = " ".repeat(lineno.len());
            out.push_str(&format!(
                "\n  {lineno} | {shown}\n  {gutter} | {}^",
                " ".repeat(caret_at)
            ));
        }
        if let Some(h) = &self.help {
            out.push_str(&format!("\n  = help: {}", one_line(h)));
        }
        out
    }
}

/// The part of a source line to show (made safe, at most about 100 columns,
/// around the column), and the display width before the caret.
fn snippet(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let col = column.saturating_sub(1).min(chars.len());
    let start = col.saturating_sub(60);
    let end = (col + 40).min(chars.len());
    let before: String = chars[start..col].iter().collect();
    let after: String = chars[col..end].iter().collect();
    let lead = if start > 0 { "…" } else { "" };
    let tail = if end < chars.len() { "…" } else { "" };
    let before = format!("{lead}{}", clean(&before));
    let width = before.width();
    (format!("{before}{}{tail}", clean(&after)), width)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", one_line(&self.file))?;
        if let Some(p) = self.pos {
            write!(f, ":{}:{}", p.line, p.column)?;
        }
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {kind}: {}", one_line(&self.message))
    }
}

/// One or more errors in the user's files; the process exits 2.
#[derive(Debug, Clone)]
pub struct BadFiles(pub Vec<Diagnostic>);

/// Problems shown in full in one message; the rest are counted.
const SHOWN: usize = 3;

impl fmt::Display for BadFiles {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().take(SHOWN).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}", d.render())?;
        }
        if self.0.len() > SHOWN {
            let more = self.0.len() - SHOWN;
            let at_least = if self.0.len() >= MAX_ERRORS {
                "at least "
            } else {
                ""
            };
            let s = if more == 1 { "" } else { "s" };
            write!(
                f,
                "\n… and {at_least}{more} more problem{s}; fix these first"
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for BadFiles {}

/// "1 error", "2 warnings".
pub fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caret_counts_display_width() {
        let d = Diagnostic::error("f.yaml", "bad").at("名前: gfit\n", Pos { line: 1, column: 5 });
        let r = d.render();
        let lines: Vec<&str> = r.lines().collect();
        assert_eq!(lines[1], "  1 | 名前: gfit");
        // Two wide characters, a colon and a space: six columns before the caret.
        assert_eq!(lines[2], "    |       ^");
    }

    #[test]
    fn escapes_in_names_and_lines_are_shown_not_sent() {
        let d = Diagnostic::error("a\u{1b}[2J.yaml", "x")
            .at("v: \u{1b}]0;t\u{7}\n", Pos { line: 1, column: 4 });
        let r = d.render();
        assert!(!r.contains('\u{1b}') && !r.contains('\u{7}'), "{r:?}");
    }
}

/// A problem inside one document, placed by its path; the loader turns it into
/// a [`Diagnostic`] once it knows the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: Path,
    pub part: Part,
    pub message: String,
    pub help: Option<String>,
    pub severity: Severity,
}

impl Problem {
    pub fn new(path: &Path, part: Part, message: impl Into<String>) -> Problem {
        Problem {
            path: path.clone(),
            part,
            message: message.into(),
            help: None,
            severity: Severity::Error,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }

    pub fn warning(mut self) -> Problem {
        self.severity = Severity::Warning;
        self
    }

    /// Places many problems of one file, reading the file once.
    pub fn place_all(
        problems: impl IntoIterator<Item = Problem>,
        file: &str,
        text: &str,
    ) -> Vec<Diagnostic> {
        let problems: Vec<Problem> = problems.into_iter().collect();
        if problems.is_empty() {
            // Placing means reading the file again: not for nothing.
            return Vec::new();
        }
        let quote = crate::load::looks_like_ours(text);
        let targets: Vec<(Path, Part)> =
            problems.iter().map(|p| (p.path.clone(), p.part)).collect();
        let found = yaml::locate_all(text, &targets);
        problems
            .into_iter()
            .zip(found)
            .map(|(p, pos)| {
                let d = Diagnostic {
                    severity: p.severity,
                    help: p.help,
                    ..Diagnostic::error(file, p.message)
                };
                match pos {
                    Some(pos) if quote => d.at(text, pos),
                    Some(pos) => Diagnostic {
                        pos: Some(pos),
                        ..d
                    },
                    None => d,
                }
            })
            .collect()
    }

    pub fn place(self, file: &str, text: &str) -> Diagnostic {
        let d = Diagnostic {
            severity: self.severity,
            help: self.help,
            ..Diagnostic::error(file, self.message)
        };
        d.at_path(text, &self.path, self.part)
    }
}
