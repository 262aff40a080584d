//! Teach's screens: one per step, like slides, and the printed walk-through.

use std::fmt::Write as _;

use boundcheck_rules::engine::{self, Walked};
use boundcheck_rules::model::{RuleSet, Sheet};
use boundcheck_rules::Scenario;
use colored::Colorize;

use super::{in_level_color, level_label, meaning, wrap};
use crate::session::Walk;

const KEYS_STEP: &str = "Enter/→: next   ←/Esc: back   c: what if   v: vignette   q: quit";
const KEYS_RESULT: &str = "Enter/→: next   ←/Esc: back   q: quit";

fn rule(width: usize) -> String {
    "─".repeat(width.min(100))
}

fn title_of(s: &Scenario) -> String {
    s.title.clone().unwrap_or_else(|| "Scenario".into())
}

pub fn title(s: &Scenario, (n, of): (usize, usize), width: usize) -> String {
    let mut out = String::new();
    if of > 1 {
        let _ = writeln!(out, "Scenario {n} of {of}");
    }
    let _ = writeln!(out, "{}", "═".repeat(width));
    out.push_str(&wrap(&title_of(s).to_uppercase(), width, "  ", "  "));
    let _ = writeln!(out, "{}\n", "═".repeat(width));
    if let Some(v) = &s.vignette {
        out.push_str(&wrap(v, width, "  ", "  "));
    }
    let _ = writeln!(
        out,
        "\n{}",
        "Enter/→: begin   ←: previous scenario   q: quit".dimmed()
    );
    out
}

pub fn vignette(s: &Scenario, width: usize) -> String {
    let mut out = String::new();
    out.push_str(&wrap(&title_of(s), width, "", ""));
    let _ = writeln!(out, "{}", rule(width));
    if let Some(v) = &s.vignette {
        out.push_str(&wrap(v, width, "", ""));
    }
    let _ = writeln!(out, "\n{}", "Any key: back to the question".dimmed());
    out
}

/// The findings settled at this point of the walk: those that fire whatever
/// the remaining answers.
fn settled(rules: &RuleSet, walk: &Walk<'_>) -> Vec<usize> {
    let sheet = walk.sheet();
    let next = walk.steps().last().map(|s| s.q + 1).unwrap_or(0);
    engine::settled(rules, &sheet, next)
}

pub fn step(walk: &Walk<'_>, s: &Scenario, (n, of): (usize, usize), width: usize) -> String {
    let rules = walk.rules();
    let mut out = String::new();
    let steps = walk.steps();
    let Some(last) = steps.last() else { return out };
    let head = if of > 1 {
        format!("{} · scenario {n} of {of}", title_of(s))
    } else {
        title_of(s)
    };
    out.push_str(&wrap(&head, width, "", ""));
    let _ = writeln!(out, "{}", rule(width));
    if steps.len() > 1 {
        let _ = writeln!(out, "{}", "So far:".dimmed());
        let earlier = &steps[..steps.len() - 1];
        let shown = earlier.len().saturating_sub(6);
        if shown > 0 {
            let _ = writeln!(out, "{}", format!("  … {shown} earlier answers").dimmed());
        }
        for st in &earlier[shown..] {
            let q = &rules.questions[st.q];
            let line = format!("{} {}", q.prompt, q.label(st.value));
            let short: String = if line.chars().count() > width - 4 {
                format!("{}…", line.chars().take(width - 5).collect::<String>())
            } else {
                line
            };
            let _ = writeln!(out, "  {}", short.dimmed());
        }
        out.push('\n');
    }
    let q = &rules.questions[last.q];
    out.push_str(&wrap(
        &format!("{}. {}", steps.len(), q.prompt),
        width,
        "",
        "   ",
    ));
    let answer = format!("→ {}", q.label(last.value));
    out.push_str(&wrap(&answer, width, "   ", "     "));
    if let Some(note) = s.note(last.q) {
        out.push_str(&wrap(&format!("Why: {note}"), width, "   ", "   "));
    }
    let fired = settled(rules, walk);
    if !fired.is_empty() {
        let _ = writeln!(out, "\n{}", "Findings so far:".bold());
        for i in fired {
            let f = &rules.findings[i];
            let line = format!("⚑ {} — {}", f.level.label(), rules.rationale_of(f).title);
            let _ = writeln!(out, "  {}", in_level_color(&line, f.level));
        }
    }
    let _ = writeln!(out, "\n{}", KEYS_STEP.dimmed());
    out
}

/// How the answers now differ from the script, and which change moved the level.
pub fn what_if(rules: &RuleSet, script: &Sheet, now: &Walk<'_>) -> Option<String> {
    let given = now.given();
    let changed: Vec<usize> = (0..rules.questions.len())
        .filter(|&q| given[q] != script[q])
        .collect();
    let asked_live: Vec<usize> = now
        .steps()
        .iter()
        .filter(|st| st.source == crate::session::Source::Asked)
        .map(|st| st.q)
        .collect();
    if changed.is_empty() && asked_live.is_empty() {
        return None;
    }
    let scripted = engine::level(rules, &engine::walk(rules, script).sheet);
    let current = engine::level(rules, &now.sheet());
    let mut out = String::new();
    let _ = writeln!(out, "{}", "What if".bold());
    for &q in &changed {
        let question = &rules.questions[q];
        let was = script[q]
            .map(|v| question.label(v))
            .unwrap_or_else(|| "(no answer)".into());
        let is = given[q]
            .map(|v| question.label(v))
            .unwrap_or_else(|| "(no answer)".into());
        let mut alone = script.clone();
        alone[q] = given[q];
        let moved = engine::level(rules, &engine::walk(rules, &alone).sheet);
        let effect = if moved != scripted {
            format!("on its own this moves the result to {}", moved.label())
        } else {
            "on its own this changes nothing".to_string()
        };
        let _ = writeln!(out, "  “{}”: {was} → {is} ({effect})", question.prompt);
    }
    for &q in asked_live.iter().filter(|q| !changed.contains(q)) {
        let question = &rules.questions[q];
        if let Some(v) = now.sheet()[q] {
            let _ = writeln!(
                out,
                "  “{}”: answered live: {}",
                question.prompt,
                question.label(v)
            );
        }
    }
    if scripted == current {
        let _ = writeln!(
            out,
            "  With the script: {}. Now: the same — no net change.",
            scripted.label()
        );
    } else {
        let _ = writeln!(
            out,
            "  With the script: {}. Now: {}.",
            scripted.label(),
            current.label()
        );
    }
    Some(out)
}

pub fn result(walk: &Walk<'_>, s: &Scenario, script: &Sheet, width: usize) -> String {
    let rules = walk.rules();
    let a = walk.assessment();
    let mut out = String::new();
    out.push_str(&wrap(&title_of(s), width, "", ""));
    let _ = writeln!(out, "{}", rule(width));
    let _ = writeln!(out, "{}", level_label(a.recommendation));
    out.push_str(&wrap(meaning(a.recommendation), width, "", ""));
    if let Some(w) = what_if(rules, script, walk) {
        let _ = writeln!(out);
        out.push_str(&w);
    }
    if !a.findings.is_empty() {
        let _ = writeln!(out);
        for f in &a.findings {
            out.push_str(&super::text::finding(f, width));
        }
    }
    if !a.todo.is_empty() {
        let _ = writeln!(out, "\n{}", "What to do".bold());
        for t in &a.todo {
            out.push_str(&wrap(&t.text, width, "  [ ] ", "      "));
        }
    }
    let _ = writeln!(out, "\n{}", KEYS_RESULT.dimmed());
    out
}

pub fn discussion(s: &Scenario, width: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", "For discussion".bold());
    let _ = writeln!(out, "{}", rule(width));
    if let Some(d) = &s.discussion {
        out.push_str(&wrap(d, width, "", ""));
    }
    let _ = writeln!(out, "\n{}", KEYS_RESULT.dimmed());
    out
}

/// The whole walk-through at once (`--no-pause`): a handout-like text.
pub fn walkthrough(
    rules: &RuleSet,
    s: &Scenario,
    supplied: &Sheet,
    walked: &Walked,
    (n, of): (usize, usize),
    width: usize,
) -> String {
    let mut out = String::new();
    if of > 1 {
        let _ = writeln!(out, "\nScenario {n} of {of}");
    }
    let _ = writeln!(out, "{}", "═".repeat(width));
    out.push_str(&wrap(&title_of(s).to_uppercase(), width, "  ", "  "));
    let _ = writeln!(out, "{}\n", "═".repeat(width));
    if let Some(v) = &s.vignette {
        out.push_str(&wrap(v, width, "  ", "  "));
        out.push('\n');
    }
    let mut sheet = rules.sheet();
    let mut shown: Vec<usize> = Vec::new();
    for (i, &q) in walked.order.iter().enumerate() {
        let question = &rules.questions[q];
        let Some(v) = walked.sheet[q] else { continue };
        sheet[q] = Some(v);
        out.push_str(&wrap(
            &format!("{}. {}", i + 1, question.prompt),
            width,
            "  ",
            "     ",
        ));
        out.push_str(&wrap(
            &format!("→ {}", question.label(v)),
            width,
            "     ",
            "       ",
        ));
        for f in engine::settled(rules, &sheet, q + 1) {
            if shown.contains(&f) {
                continue;
            }
            shown.push(f);
            let finding = &rules.findings[f];
            let line = format!(
                "⚑ {} — {}",
                finding.level.label(),
                rules.rationale_of(finding).title
            );
            let _ = writeln!(out, "     {}", in_level_color(&line, finding.level));
        }
    }
    let a = engine::assess(rules, supplied, walked);
    let _ = writeln!(
        out,
        "\n{}\n  RECOMMENDATION\n{}\n",
        "═".repeat(width),
        "═".repeat(width)
    );
    for line in super::text::assessment(&a, width.saturating_sub(2)).lines() {
        let _ = writeln!(out, "  {line}");
    }
    if let Some(d) = &s.discussion {
        let _ = writeln!(
            out,
            "\n{}\n  FOR DISCUSSION\n{}\n",
            "═".repeat(width),
            "═".repeat(width)
        );
        out.push_str(&wrap(d, width, "  ", "  "));
    }
    out
}
