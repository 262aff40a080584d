//! `--format markdown`: a note for the clinical record.

use std::fmt::Write as _;

use super::{meaning, notable_changes, pairs};
use crate::engine::Assessment;
use crate::rules::RuleSet;

pub fn render(rules: &RuleSet, a: &Assessment<'_>, date: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Boundary consultation, {date}\n");
    let _ = writeln!(
        out,
        "**Recommendation: {}** (`{}`). {}\n",
        a.recommendation.label(),
        a.recommendation,
        meaning(a.recommendation)
    );
    let _ = writeln!(
        out,
        "Rule set: boundcheck {}, digest `{}`.\n",
        rules.version, rules.digest
    );

    let _ = writeln!(out, "## Answers\n");
    let _ = writeln!(out, "| Question | Answer |\n|---|---|");
    for (id, answer) in a.answers.iter() {
        let (prompt, label) = match rules.question(id) {
            Some(q) => (q.prompt.clone(), q.label(answer)),
            None => (id.to_string(), answer.to_string()),
        };
        let _ = writeln!(
            out,
            "| {} (`{id}`) | {} (`{answer}`) |",
            cell(&prompt),
            cell(&label)
        );
    }

    let _ = writeln!(out, "\n## Reasons\n");
    if a.findings.is_empty() {
        let _ = writeln!(out, "No rule raised a concern with these answers.");
    }
    for f in &a.findings {
        let title = rules
            .rationale(&f.finding.rationale)
            .map(|r| r.title.as_str())
            .unwrap_or(&f.finding.rationale);
        let _ = writeln!(
            out,
            "- **{}** ({}, `{}`): {}",
            title,
            f.finding.level.label(),
            f.finding.id,
            one_line(&f.finding.because)
        );
        if !f.triggered_by.is_empty() {
            let _ = writeln!(out, "  Triggered by {}.", pairs(&f.triggered_by));
        }
    }

    let safeguards = a.safeguards();
    if !safeguards.is_empty() {
        let _ = writeln!(out, "\n## Safeguards\n");
        for s in safeguards {
            let _ = writeln!(out, "- [ ] {}", one_line(s));
        }
    }
    if let Some(reply) = a.reply() {
        let _ = writeln!(out, "\n## Suggested reply\n\n> {}", one_line(reply));
    }
    let changes = notable_changes(rules, a);
    if !changes.is_empty() {
        let _ = writeln!(out, "\n## What would change the recommendation\n");
        for c in changes {
            let _ = writeln!(
                out,
                "- `{}` = `{}`: {}",
                c.question,
                c.answer,
                c.recommendation.label()
            );
        }
    }
    let refs = a.references();
    if !refs.is_empty() {
        let _ = writeln!(out, "\n## References\n\n{}", refs.join(", "));
    }
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn cell(s: &str) -> String {
    one_line(s).replace('|', "\\|")
}
