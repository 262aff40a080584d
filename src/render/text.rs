//! The assessment as text for the terminal: the recommendation first, then
//! why (most serious first, triggers in words), at most five things to do,
//! words to use, what would change, and the references.

use std::fmt::Write as _;

use boundcheck_rules::engine::{Assessment, Fired, Reference};
use colored::Colorize;

use super::{heading, in_level_color, level_label, meaning, wrap};

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
        for s in items {
            out.push_str(&wrap(&s.text, width, "  [ ] ", "      "));
        }
    }

    if let Some(reply) = &a.reply {
        let _ = writeln!(out, "\n{}", heading("Words you could use"));
        out.push_str(&wrap(reply, width, "  ", "  "));
    }

    let changes: Vec<_> = a.what_would_change.iter().filter(|c| c.what_if).collect();
    if !changes.is_empty() {
        let _ = writeln!(out, "\n{}", heading("What would change the recommendation"));
        for c in changes {
            let line = format!(
                "If you answered “{}” to “{}”: {}",
                c.label,
                c.prompt,
                c.recommendation.label()
            );
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
    let head = format!("⚑ {} — {}", f.level.label(), f.rationale_title);
    for l in super::wrap_lines(&head, width, "  ", "    ") {
        let _ = writeln!(out, "{}", in_level_color(&l, f.level).bold());
    }
    out.push_str(&wrap(&f.because, width, "    ", "    "));
    if !f.triggered_by.is_empty() {
        let because: Vec<String> = f
            .triggered_by
            .iter()
            .map(|t| format!("“{}” ({})", t.label, t.prompt.trim_end_matches('?')))
            .collect();
        let line = format!("You answered {}.", because.join("; "));
        for l in super::wrap_lines(&line, width, "    ", "    ") {
            let _ = writeln!(out, "{}", l.dimmed());
        }
    }
    out
}

/// References in order, the governing code's first and the others labelled.
pub fn references(refs: &[Reference]) -> String {
    let (own, other): (Vec<&Reference>, Vec<&Reference>) = refs.iter().partition(|r| !r.other_code);
    let mut s = own
        .iter()
        .map(|r| r.text.as_str())
        .collect::<Vec<_>>()
        .join(" · ");
    if !other.is_empty() {
        if !s.is_empty() {
            s.push_str(" · ");
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
