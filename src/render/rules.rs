//! What `rules list`, `rules show` and `rules validate` print.

use std::fmt::Write as _;

use boundcheck_rules::diagnostic::Diagnostic;
use boundcheck_rules::model::{Origin, RuleSet, Texts};
use colored::Colorize;

use super::{count, wrap};

fn origin(rules: &RuleSet, file: usize) -> String {
    match &rules.files[file].origin {
        Origin::Bundled(_) => "bundled".to_string(),
        Origin::Path(p) => boundcheck_rules::text::one_line(&p.display().to_string()),
    }
}

pub fn list(rules: &RuleSet, width: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        "Rationales and their findings".bold().underline()
    );
    for (ri, r) in rules.rationales.iter().enumerate() {
        let _ = writeln!(
            out,
            "{} {} {}",
            r.id.bold(),
            r.title,
            format!("({})", origin(rules, r.file)).dimmed()
        );
        for f in rules.findings.iter().filter(|f| f.rationale == ri) {
            let _ = writeln!(out, "  {:<11} {}", f.level.id(), f.id);
        }
    }
    let _ = writeln!(
        out,
        "\n{}",
        "Questions, in the order asked".bold().underline()
    );
    for q in &rules.questions {
        // When it is asked, wrapped under itself, beside the question's id.
        let id = format!("  {:<22} ", q.id);
        let when = format!("{} ({})", rules.asked_when(q), origin(rules, q.file));
        let lines = super::wrap_lines(&when, width, &id, &" ".repeat(25));
        for (i, line) in lines.iter().enumerate() {
            let (head, tail) = line.split_at(if i == 0 { id.len() } else { 25 }.min(line.len()));
            let _ = writeln!(out, "{head}{}", tail.dimmed());
        }
    }
    out
}

fn rationale(rules: &RuleSet, ri: usize, width: usize) -> String {
    let r = &rules.rationales[ri];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — rationale `{}` ({})\n",
        r.title.bold(),
        r.id,
        origin(rules, r.file)
    );
    out.push_str(&wrap(&r.about, width, "", ""));
    let _ = writeln!(out, "\nFindings:");
    for f in rules.findings.iter().filter(|f| f.rationale == ri) {
        out.push_str(&wrap(
            &format!(
                "{:<11} {}  when {}",
                f.level.id(),
                f.id,
                f.when.describe(rules)
            ),
            width,
            "  ",
            "                ",
        ));
    }
    out
}

fn finding(rules: &RuleSet, fi: usize, width: usize) -> String {
    let f = &rules.findings[fi];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — finding in `{}` ({})",
        f.id.bold(),
        rules.rationale_of(f).id,
        origin(rules, f.file)
    );
    let _ = writeln!(out, "Level: {} ({})", f.level.label(), f.level);
    out.push_str(&wrap(
        &format!("Fires when: {}", f.when.describe(rules)),
        width,
        "",
        "  ",
    ));
    if !f.replaces.is_empty() {
        let _ = writeln!(out, "Replaces: {}", f.replaces.join(", "));
    }
    let _ = writeln!(out, "\nBecause:");
    variants(&mut out, f.because(), rules, width);
    if !f.safeguards().is_empty() {
        let _ = writeln!(out, "\nSafeguards:");
        for s in f.safeguards() {
            let when = s
                .when
                .as_ref()
                .map(|c| format!(" (when {})", c.describe(rules)))
                .unwrap_or_default();
            out.push_str(&wrap(
                &format!("[{}] {}{when}", s.urgency.id(), s.text),
                width,
                "  - ",
                "    ",
            ));
        }
    }
    if !f.reply().is_empty() {
        let _ = writeln!(out, "\nSuggested reply:");
        variants(&mut out, f.reply(), rules, width);
    } else if f.no_reply {
        let _ = writeln!(out, "\nNo suggested reply (no_reply: true).");
    }
    if !f.references().is_empty() {
        let _ = writeln!(out, "\nReferences: {}", f.references().join(", "));
    }
    let named: Vec<&str> = f
        .when
        .questions()
        .into_iter()
        .map(|q| rules.questions[q].id.as_str())
        .collect();
    let _ = writeln!(out, "\nRefers to questions: {}", named.join(", "));
    out
}

fn question(rules: &RuleSet, qi: usize, width: usize) -> String {
    let q = &rules.questions[qi];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — question ({})",
        q.id.bold(),
        origin(rules, q.file)
    );
    out.push_str(&wrap(&q.prompt, width, "", ""));
    if let Some(h) = &q.help {
        out.push_str(&wrap(h, width, "  ", "  "));
    }
    out.push_str(&wrap(
        &format!("Asked: {}", rules.asked_when(q)),
        width,
        "",
        "  ",
    ));
    let _ = writeln!(out, "Answers: {}", q.allowed());
    for c in &q.choices {
        out.push_str(&wrap(
            &format!("{:<18} {}", c.value, c.label),
            width,
            "  ",
            "                     ",
        ));
    }
    if let Some(d) = q.default {
        let _ = writeln!(out, "Default: {}", q.answer(d));
    }
    let used: Vec<&str> = rules.findings_naming(qi).map(|f| f.id.as_str()).collect();
    let gates: Vec<&str> = rules
        .questions_gated_by(qi)
        .map(|o| o.id.as_str())
        .collect();
    let none = || "none".to_string();
    out.push_str(&wrap(
        &format!(
            "Used by findings: {}",
            if used.is_empty() {
                none()
            } else {
                used.join(", ")
            }
        ),
        width,
        "",
        "  ",
    ));
    out.push_str(&wrap(
        &format!(
            "Decides whether these are asked: {}",
            if gates.is_empty() {
                none()
            } else {
                gates.join(", ")
            }
        ),
        width,
        "",
        "  ",
    ));
    out
}

/// A rationale, finding or question in full; `None` when `id` is none of them.
pub fn show(rules: &RuleSet, id: &str, width: usize) -> Option<String> {
    if let Some(ri) = rules.rationales.iter().position(|r| r.id == id) {
        return Some(rationale(rules, ri, width));
    }
    if let Some(fi) = rules.findings.iter().position(|f| f.id == id) {
        return Some(finding(rules, fi, width));
    }
    rules
        .question_index(id)
        .map(|qi| question(rules, qi, width))
}

/// Every problem, then one summary line with consistent counts.
pub fn validation(
    diags: &[Diagnostic],
    set: Option<&RuleSet>,
    coverage: Option<(usize, usize)>,
) -> String {
    let mut out = String::new();
    for d in diags {
        let _ = writeln!(out, "{}", d.render());
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let tally = format!(
        "{}, {}",
        count(errors, "error", "errors"),
        count(warnings, "warning", "warnings")
    );
    match set {
        Some(s) if errors == 0 => {
            let _ = writeln!(
                out,
                "{}, {}, {}: {tally}",
                count(s.files.len(), "file", "files"),
                count(s.questions.len(), "question", "questions"),
                count(s.findings.len(), "finding", "findings")
            );
        }
        _ => {
            let _ = writeln!(out, "{tally}");
        }
    }
    if let Some((fired, total)) = coverage {
        let _ = writeln!(
            out,
            "{fired} of {} exercised by the examples",
            count(total, "finding", "findings")
        );
    }
    out
}

/// What `rules verify` proved, or each broken property as a scenario to run.
pub fn verification(
    rules: &RuleSet,
    report: &boundcheck_rules::verify::Report,
    width: usize,
) -> String {
    let mut out = String::new();
    // Each broken property as a comment and a scenario: one broken property's
    // output, saved whole, is a file `assess --scenario` runs.
    for c in &report.broken {
        let _ = writeln!(
            out,
            "# {} {}: {}",
            "BROKEN".red().bold(),
            boundcheck_rules::text::one_line(&c.property),
            boundcheck_rules::text::one_line(&c.what)
        );
        out.push_str(&counterexample(rules, c));
        out.push('\n');
    }
    let proved: Vec<String> = report
        .proved
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(what, n)| format!("{n} × {what}"))
        .collect();
    if report.broken.is_empty() {
        let line = format!(
            "Proved exactly over every answer ({} cases: complete walks, and branches the rules decide whole): {}.",
            report.cases,
            proved.join("; ")
        );
        out.push_str(&wrap(&line, width, "", "  "));
    } else {
        let line = format!(
            "{} broken{}; proved: {}.",
            count(report.broken.len(), "property", "properties"),
            if report.broken.len() > 1 {
                " (save each block above as its own file)"
            } else {
                ""
            },
            proved.join("; ")
        );
        // A comment, so that the output saved whole is still a scenario file.
        out.push_str(&wrap(&line, width, "# ", "#   "));
    }
    out
}

/// A counterexample as a scenario file: the answers of the walk that shows it.
pub fn counterexample(rules: &RuleSet, c: &boundcheck_rules::verify::Counterexample) -> String {
    let w = boundcheck_rules::engine::walk(rules, &c.answers);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# A counterexample from `boundcheck rules verify`. Save it and run:"
    );
    let _ = writeln!(
        out,
        "#   boundcheck assess --scenario FILE   (with the same --rules)"
    );
    // A JSON string is a YAML double-quoted scalar, escapes and all.
    let title = serde_json::to_string(&format!(
        "Counterexample: {}",
        boundcheck_rules::text::one_line(&c.property)
    ))
    .unwrap_or_else(|_| "Counterexample".into());
    let _ = writeln!(out, "title: {title}");
    let _ = writeln!(out, "answers:");
    for &q in &w.order {
        if let Some(v) = w.sheet[q] {
            let _ = writeln!(
                out,
                "  {}: {}",
                rules.questions[q].id,
                rules.questions[q].answer(v)
            );
        }
    }
    out
}

/// A scenario whose result an overlay changes.
pub struct Impact {
    pub file: String,
    pub before: Result<(boundcheck_rules::Level, Vec<String>), String>,
    pub after: Result<(boundcheck_rules::Level, Vec<String>), String>,
}

pub fn impact(changes: &[Impact], total: usize) -> String {
    let mut out = String::new();
    let show = |r: &Result<(boundcheck_rules::Level, Vec<String>), String>| match r {
        Ok((l, _)) => l.label().to_string(),
        Err(e) => format!("cannot run ({})", boundcheck_rules::text::one_line(e)),
    };
    let (broken, changed): (Vec<&Impact>, Vec<&Impact>) =
        changes.iter().partition(|c| c.before.is_err());
    for c in &changed {
        let _ = writeln!(
            out,
            "{}: {} → {}",
            boundcheck_rules::text::one_line(&c.file),
            show(&c.before),
            show(&c.after)
        );
        if let (Ok((_, b)), Ok((_, a))) = (&c.before, &c.after) {
            let gained: Vec<&String> = a.iter().filter(|x| !b.contains(x)).collect();
            let lost: Vec<&String> = b.iter().filter(|x| !a.contains(x)).collect();
            if !gained.is_empty() {
                let _ = writeln!(
                    out,
                    "  now fires: {}",
                    gained
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            if !lost.is_empty() {
                let _ = writeln!(
                    out,
                    "  no longer fires: {}",
                    lost.iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
    }
    for c in &broken {
        let _ = writeln!(
            out,
            "{}: {}",
            boundcheck_rules::text::one_line(&c.file),
            show(&c.before)
        );
    }
    let _ = write!(
        out,
        "{} of {} change with the overlay",
        changed.len(),
        count(total, "scenario", "scenarios")
    );
    if broken.is_empty() {
        out.push('\n');
    } else {
        let _ = writeln!(
            out,
            "; {} cannot run without it either (listed last): fix {} first",
            broken.len(),
            if broken.len() == 1 { "it" } else { "them" }
        );
    }
    out
}

/// A text with variants (`because`, `reply`): each variant's condition, then its words.
fn variants(out: &mut String, texts: &Texts, rules: &RuleSet, width: usize) {
    for v in &texts.0 {
        if let Some(c) = &v.when {
            let when = format!("(when {})", c.describe(rules));
            out.push_str(&wrap(&when, width, "  ", "  "));
        }
        out.push_str(&wrap(&v.text, width, "  ", "  "));
    }
}
