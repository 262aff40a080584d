//! Plain text for the terminal: the recommendation first, then why, what to do,
//! words to use, what would change it, and the references.

use std::fmt::Write as _;

use colored::{ColoredString, Colorize};

use super::{meaning, notable_changes, pairs, wrap};
use crate::engine::Assessment;
use crate::level::Level;
use crate::rules::RuleSet;

const WIDTH: usize = 78;

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

fn heading(s: &str) -> ColoredString {
    s.bold().underline()
}

pub fn render(rules: &RuleSet, a: &Assessment<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", level_label(a.recommendation));
    out.push_str(&wrap(meaning(a.recommendation), WIDTH, ""));

    if a.findings.is_empty() {
        out.push('\n');
        out.push_str(&wrap(
            "No rule raised a concern with these answers. Use your usual judgement, and keep your note brief.",
            WIDTH,
            "",
        ));
    } else {
        let _ = writeln!(out, "\n{}", heading("Why"));
        for r in &rules.rationales {
            let fired: Vec<_> = a
                .findings
                .iter()
                .filter(|f| f.finding.rationale == r.id)
                .collect();
            if fired.is_empty() {
                continue;
            }
            let _ = writeln!(out, "{} {}", r.title.bold(), format!("({})", r.id).dimmed());
            for f in fired {
                let _ = writeln!(
                    out,
                    "  • {} {}",
                    f.finding.level.label(),
                    format!("[{}]", f.finding.id).dimmed()
                );
                out.push_str(&wrap(&f.finding.because, WIDTH, "    "));
                if !f.triggered_by.is_empty() {
                    let _ = writeln!(
                        out,
                        "    {}",
                        format!("Because you answered {}", pairs(&f.triggered_by)).dimmed()
                    );
                }
            }
        }
    }

    // The safeguards of the findings that set the recommendation come first;
    // those of lighter findings follow under "Also", so the list reads in order
    // of weight. Each safeguard appears once.
    let (main, also): (Vec<&str>, Vec<&str>) = a.safeguards().into_iter().partition(|s| {
        a.findings.iter().any(|f| {
            f.finding.level == a.recommendation && f.finding.safeguards.iter().any(|x| x == s)
        })
    });
    for (title, items) in [("What to do", main), ("Also", also)] {
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{}", heading(title));
        for s in items {
            let item = wrap(s, WIDTH, "      ");
            let _ = write!(out, "  [ ] {}", item.trim_start());
        }
    }

    if let Some(reply) = a.reply() {
        let _ = writeln!(out, "\n{}", heading("Words you could use"));
        out.push_str(&wrap(reply, WIDTH, "  "));
    }

    let changes = notable_changes(rules, a);
    if !changes.is_empty() {
        let _ = writeln!(out, "\n{}", heading("What would change the recommendation"));
        for c in changes {
            let answer = match rules.question(&c.question) {
                Some(q) if q.kind == crate::rules::Kind::Choice => {
                    format!("{} [{}]", q.label(&c.answer), c.answer)
                }
                _ => c.answer.to_string(),
            };
            let _ = writeln!(
                out,
                "  {}: {}  →  {}",
                c.question,
                answer.bold(),
                c.recommendation.label()
            );
        }
    }

    let refs = a.references();
    if !refs.is_empty() {
        let _ = writeln!(out, "\n{}", heading("References"));
        let _ = writeln!(out, "  {}", refs.join(" · "));
    }
    out
}
