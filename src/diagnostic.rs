//! Problems found in a user's file: where they are and what is wrong.

use std::fmt;

/// How many problems one load reports before it stops looking: enough to
/// fix, and it keeps a hostile file from asking for a line lookup per entry.
pub const MAX_ERRORS: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user named it (or `bundled:NAME`).
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub warning: bool,
    /// The offending line, shown under the message.
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn error(file: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: file.to_string(),
            line: None,
            column: None,
            message: message.into(),
            warning: false,
            source_line: None,
        }
    }

    pub fn warning(file: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            warning: true,
            ..Diagnostic::error(file, message)
        }
    }

    /// Places the diagnostic at `line`/`column` of `text`, keeping the line to show.
    pub fn at(mut self, text: &str, line: usize, column: usize) -> Diagnostic {
        self.line = Some(line);
        self.column = Some(column.max(1));
        self.source_line = text
            .lines()
            .nth(line.saturating_sub(1))
            .map(|l| l.chars().take(200).collect());
        self
    }

    /// Places it at a found position, if any.
    pub fn near(self, text: &str, pos: Option<(usize, usize)>) -> Diagnostic {
        match pos {
            Some((l, c)) => self.at(text, l, c),
            None => self,
        }
    }

    /// `file:line:column: message`, with the line shown under it.
    pub fn render(&self) -> String {
        let mut out = self.to_string();
        if let (Some(src), Some(col)) = (&self.source_line, self.column) {
            let lineno = self.line.unwrap_or(0).to_string();
            out.push_str(&format!("\n  {lineno} | {src}"));
            let pad = " ".repeat(lineno.len() + 3 + col.saturating_sub(1).min(src.chars().count()));
            out.push_str(&format!("\n  {pad}^"));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        let kind = if self.warning { "warning" } else { "error" };
        write!(f, ": {kind}: {}", self.message)
    }
}

/// One or more errors in the user's files; the process exits 2.
#[derive(Debug)]
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
            write!(f, "\n… and {at_least}{more} more problems; fix these first")?;
        }
        Ok(())
    }
}

impl std::error::Error for BadFiles {}

/// Line and column (from 1) of the first whole-word `needle` at or after line `from`.
pub fn find_word(text: &str, needle: &str, from: usize) -> Option<(usize, usize)> {
    if needle.is_empty() {
        return None;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    for (i, line) in text.lines().enumerate().skip(from.saturating_sub(1)) {
        let mut start = 0;
        while let Some(off) = line[start..].find(needle) {
            let at = start + off;
            let before = line[..at].chars().next_back();
            let after = line[at + needle.len()..].chars().next();
            if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
                return Some((i + 1, line[..at].chars().count() + 1));
            }
            start = at + needle.len();
        }
    }
    None
}

/// The line of `key: value` (for example `id: gift-token`) at or after line `from`.
pub fn find_entry(text: &str, key: &str, value: &str, from: usize) -> Option<(usize, usize)> {
    for (i, line) in text.lines().enumerate().skip(from.saturating_sub(1)) {
        let t = line.trim_start().trim_start_matches("- ").trim_start();
        if let Some(rest) = t
            .strip_prefix(key)
            .and_then(|r| r.trim_start().strip_prefix(':'))
        {
            let v = rest.trim().trim_matches(|c| c == '"' || c == '\'');
            if v == value {
                return Some((i + 1, line.len() - t.len() + 1));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_whole_words_only() {
        let text = "a: gift_value\nb: gift\n";
        assert_eq!(find_word(text, "gift", 1), Some((2, 4)));
        assert_eq!(
            find_entry("x:\n  - id: one\n  - id: two\n", "id", "two", 1),
            Some((3, 5))
        );
    }
}
