//! Every line a person reads is made here: the assessment (text, markdown,
//! JSON), check's lines, the rules' listings and diagnostics, saved scenarios,
//! the practice comparison and report, teach's screens. One width rule for all
//! text: the terminal's width, at most 100 columns, 80 when not a terminal;
//! never breaking inside a word; display width counted.

pub mod check;
pub mod fhir;
pub mod graph;
pub mod json;
pub mod man;
pub mod markdown;
pub mod practice;
pub mod rules;
pub mod scenario;
pub mod screen;
pub mod slides;
pub mod teach;
pub mod text;

use boundcheck_rules::level::Level;
use colored::{ColoredString, Colorize};

/// Wraps `text` to `width` columns: paragraphs (split at blank lines) wrapped
/// separately, the first line of each indented by `first`, the rest by `rest`.
/// Words are never broken, even when longer than the line.
pub fn wrap_lines(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, para) in text.split("\n\n").enumerate() {
        let para = para.split_whitespace().collect::<Vec<_>>().join(" ");
        if para.is_empty() {
            continue;
        }
        if i > 0 && !out.is_empty() {
            out.push(String::new());
        }
        let opts = textwrap::Options::new(width.max(8))
            .initial_indent(first)
            .subsequent_indent(rest)
            .break_words(false)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        out.extend(
            textwrap::wrap(&para, opts)
                .into_iter()
                .map(|l| l.into_owned()),
        );
    }
    out
}

/// [`wrap_lines`], joined, each line ending in a newline.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut s = String::new();
    for l in wrap_lines(text, width, first, rest) {
        s.push_str(l.trim_end());
        s.push('\n');
    }
    s
}

/// The level's label in its colour; the words carry the meaning, colour only helps.
pub fn level_label(level: Level) -> ColoredString {
    let label = level.label();
    match level {
        Level::Proceed => label.green().bold(),
        Level::Safeguards => label.cyan().bold(),
        Level::Consult => label.yellow().bold(),
        Level::Decline => label.magenta().bold(),
        Level::Prohibited => label.red().bold(),
        Level::Emergency => label.white().on_red().bold(),
    }
}

/// Any text in a level's colour.
pub fn in_level_color(text: &str, level: Level) -> ColoredString {
    match level {
        Level::Proceed => text.green(),
        Level::Safeguards => text.cyan(),
        Level::Consult => text.yellow(),
        Level::Decline => text.magenta(),
        Level::Prohibited => text.red(),
        Level::Emergency => text.red().bold(),
    }
}

/// The mark before a finding: a flag, or nothing in plain mode, where a
/// screen reader would read "black flag" before every one.
pub fn flag() -> &'static str {
    if crate::output::look().plain {
        ""
    } else {
        "⚑ "
    }
}

pub fn heading(s: &str) -> ColoredString {
    s.bold().underline()
}

/// What the recommendation asks of the clinician, in one line.
pub fn meaning(level: Level) -> &'static str {
    match level {
        Level::Proceed => "This is within ordinary practice.",
        Level::Safeguards => "This is acceptable if you take the safeguards below.",
        Level::Consult => {
            "Hold off until you have talked it through with a supervisor or a trusted colleague."
        }
        Level::Decline => "Don't do it. Set the boundary kindly, and say why, briefly.",
        Level::Prohibited => "Your ethics code forbids this. Don't go ahead.",
        Level::Emergency => {
            "Someone may be in danger. Your emergency protocol comes before anything else."
        }
    }
}

/// "1 passed", "2 errors": a count and a word, singular or plural.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The local date and time, for records ("2026-12-01 14:05 +01:00").
pub fn now_local() -> (String, String) {
    let now = jiff::Zoned::now();
    (
        now.strftime("%Y-%m-%d").to_string(),
        now.strftime("%Y-%m-%d %H:%M %:z").to_string(),
    )
}

/// The local date and time as FHIR writes it ("2026-12-01T14:05:09+01:00").
pub fn now_fhir() -> String {
    jiff::Zoned::now()
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_width_without_breaking_words() {
        assert_eq!(wrap("one two three", 9, "  ", "  "), "  one two\n  three\n");
        assert_eq!(
            wrap("a verylongwordindeed b", 10, "", ""),
            "a\nverylongwordindeed\nb\n"
        );
    }

    #[test]
    fn wide_characters_count_double() {
        // Eight CJK characters are sixteen columns.
        let lines = wrap_lines("漢字漢字 漢字漢字 x", 10, "", "");
        assert_eq!(lines, ["漢字漢字", "漢字漢字 x"]);
    }
}
