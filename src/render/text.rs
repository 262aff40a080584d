//! The assessment as text for the terminal: the recommendation first, then
//! why (most serious first, triggers in words), at most five things to do,
//! words to use, what would change, and the references.

use std::fmt::Write as _;

use boundcheck_rules::engine::{Assessment, Fired, Reference};
use colored::Colorize;

use super::{heading, in_level_color, level_label, meaning, wrap};

/// Plain mode (`--plain`, `TERM=dumb`) is read aloud by screen readers:
/// numbered items instead of boxes, words instead of arrows and marks.
fn plain() -> bool {
    crate::output::look().plain
}

/// The text for a terminal `width` columns wide.
pub fn assessment(a: &Assessment, width: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", level_label(a.recommendation));
    out.push_str(&wrap(meaning(a.recommendation), width, "", ""));

    if a.findings.is_empty() {
        out.push('\n');
        out.push_str(&wrap(
            "No rule raised a concern with these answers. Use your usual judgement, and keep your note brief.",
            width,
            "",
            "",
        ));
    } else {
        let _ = writeln!(out, "\n{}", heading("Why"));
        for f in &a.findings {
            out.push_str(&finding(f, width));
        }
    }

    for (title, items) in [("What to do", &a.todo), ("Also", &a.also)] {
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{}", heading(title));
        for (i, s) in items.iter().enumerate() {
            let mark = if plain() {
                format!("  {}. ", i + 1)
            } else {
                "  [ ] ".to_string()
            };
            out.push_str(&wrap(&s.text, width, &mark, "      "));
        }
    }

    if let Some(reply) = &a.reply {
        let _ = writeln!(out, "\n{}", heading("Words you could use"));
        out.push_str(&wrap(reply, width, "  ", "  "));
    }

    let changes = what_would_change(a);
    if !changes.is_empty() {
        let _ = writeln!(out, "\n{}", heading("What would change the recommendation"));
        for line in changes {
            out.push_str(&wrap(&line, width, "  ", "    "));
        }
    }

    if !a.references.is_empty() {
        let _ = writeln!(out, "\n{}", heading("References"));
        out.push_str(&wrap(&references(&a.references), width, "  ", "  "));
    }
    out
}

/// One finding: its level and rationale, why, and what it was triggered by.
pub fn finding(f: &Fired, width: usize) -> String {
    let mut out = String::new();
    let head = format!(
        "{}{} — {}",
        super::flag(),
        f.level.label(),
        f.rationale_title
    );
    for l in super::wrap_lines(&head, width, "  ", "    ") {
        let _ = writeln!(out, "{}", in_level_color(&l, f.level).bold());
    }
    out.push_str(&wrap(&f.because, width, "    ", "    "));
    if !f.triggered_by.is_empty() {
        let because: Vec<String> = f
            .triggered_by
            .iter()
            .map(|t| format!("{}: {}", t.name, lower_first(brief(&t.label))))
            .collect();
        let line = format!("From your answers — {}.", because.join("; "));
        for l in super::wrap_lines(&line, width, "    ", "    ") {
            let _ = writeln!(out, "{}", l.dimmed());
        }
    }
    out
}

/// An answer's label without its parenthesis, for a line that lists several.
pub fn brief(label: &str) -> &str {
    match label.find(" (") {
        Some(i) if i > 0 => &label[..i],
        _ => label,
    }
}

/// The single changes that would move the result, one line per question and
/// result, for the judgements a clinician might make differently (P10).
pub fn what_would_change(a: &Assessment) -> Vec<String> {
    let mut groups: Vec<(&str, boundcheck_rules::Level, Vec<&str>)> = Vec::new();
    for c in a.what_would_change.iter().filter(|c| c.what_if) {
        match groups
            .iter_mut()
            .find(|(n, l, _)| *n == c.name && *l == c.recommendation)
        {
            Some((_, _, answers)) => answers.push(brief(&c.label)),
            None => groups.push((&c.name, c.recommendation, vec![brief(&c.label)])),
        }
    }
    groups
        .into_iter()
        .map(|(name, level, answers)| {
            let quoted: Vec<String> = answers.iter().map(|x| format!("“{x}”")).collect();
            format!(
                "{}: {}{}{}",
                capitalise(name),
                boundcheck_rules::model::or_list(&quoted),
                if plain() { " would give " } else { " → " },
                level.label()
            )
        })
        .collect()
}

/// "The client" → "the client", "A gift" → "a gift"; "APA (…)" and "I'm" stay.
pub fn lower_first(s: &str) -> String {
    let first_word = s.split_whitespace().next().unwrap_or("");
    let acronym = first_word.chars().filter(|c| c.is_alphabetic()).count() > 1
        && first_word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| c.is_uppercase());
    let pronoun =
        first_word == "I" || first_word.starts_with("I'") || first_word.starts_with("I\u{2019}");
    match s.chars().next() {
        Some(f) if f.is_uppercase() && !acronym && !pronoun => {
            f.to_lowercase().collect::<String>() + &s[f.len_utf8()..]
        }
        _ => s.to_string(),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Between references: a middle dot, or a comma that a screen reader reads as a pause.
fn separator() -> &'static str {
    if plain() {
        ", "
    } else {
        " · "
    }
}

/// References in order, the governing code's first and the others labelled.
pub fn references(refs: &[Reference]) -> String {
    let (own, other): (Vec<&Reference>, Vec<&Reference>) = refs.iter().partition(|r| !r.other_code);
    let mut s = own
        .iter()
        .map(|r| r.text.as_str())
        .collect::<Vec<_>>()
        .join(separator());
    if !other.is_empty() {
        if !s.is_empty() {
            s.push_str(if plain() { "; " } else { " · " });
        }
        s.push_str("other codes: ");
        s.push_str(
            &other
                .iter()
                .map(|r| r.text.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    s
}
