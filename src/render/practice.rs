//! Practice's comparison on screen, the running score, and the report a
//! supervisor can read.

use std::fmt::Write as _;

use boundcheck_rules::engine::{self, Assessment, Walked};
use boundcheck_rules::level::Level;
use boundcheck_rules::model::{RuleSet, Sheet};
use boundcheck_rules::Scenario;
use colored::Colorize;

use super::{in_level_color, wrap};
use crate::session::Walk;

/// A question as the trainee and the script answered it.
#[derive(Debug, Clone)]
pub struct Row {
    pub prompt: String,
    pub mine: Option<String>,
    pub script: Option<String>,
    pub note: Option<String>,
    /// Had the trainee given the script's answer: the result it would move to.
    pub moves_to: Option<Level>,
}

/// One scenario practised.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub title: String,
    pub vignette: Option<String>,
    pub discussion: Option<String>,
    pub prediction: Level,
    /// The lowest and highest recommendation the scenario accepts.
    pub expected: (Level, Level),
    pub mine: Assessment,
    pub script: Assessment,
    pub rows: Vec<Row>,
    /// Findings and rationales the scenario expects that the trainee's answers did not give (in words).
    pub missed: Vec<String>,
    pub compared: usize,
    pub agreed: usize,
}

impl Attempt {
    pub fn new(
        rules: &RuleSet,
        s: &Scenario,
        script_supplied: &Sheet,
        script_walk: &Walked,
        walk: &Walk<'_>,
        prediction: Level,
    ) -> Attempt {
        let mine = walk.assessment();
        let script = engine::assess(rules, script_supplied, script_walk);
        let expected = match &s.expect {
            Some(e) if e.has_level() => e.range(),
            _ => (script.recommendation, script.recommendation),
        };
        let my_sheet = walk.sheet();
        let mut rows = Vec::new();
        let (mut compared, mut agreed) = (0, 0);
        for (q, question) in rules.questions.iter().enumerate() {
            let (a, b) = (my_sheet[q], script_walk.sheet[q]);
            if a.is_none() && b.is_none() {
                continue;
            }
            if a.is_some() && b.is_some() {
                compared += 1;
                if a == b {
                    agreed += 1;
                    continue;
                }
            }
            let moves_to = b.and_then(|v| {
                // The trainee's answers, with this one as the script has it
                // (and the script's answers for anything that opens).
                let mut swapped = script_supplied.clone();
                for (i, x) in my_sheet.iter().enumerate() {
                    if x.is_some() {
                        swapped[i] = *x;
                    }
                }
                swapped[q] = Some(v);
                let w = engine::walk(rules, &swapped);
                let l = engine::level(rules, &w.sheet);
                (w.missing.is_empty() && l != mine.recommendation).then_some(l)
            });
            rows.push(Row {
                prompt: question.prompt.clone(),
                mine: a.map(|v| question.label(v)),
                script: b.map(|v| question.label(v)),
                note: s.note(q).map(str::to_string),
                moves_to,
            });
        }
        let mut missed = Vec::new();
        if let Some(e) = &s.expect {
            for id in &e.findings {
                if !mine
                    .findings
                    .iter()
                    .any(|f| rules.finding(&f.id).is_some_and(|x| x.answers_to(id)))
                {
                    if let Some(f) = rules.finding_answering_to(id) {
                        missed.push(format!(
                            "{} ({})",
                            rules.rationale_of(f).title,
                            f.level.label()
                        ));
                    }
                }
            }
            for r in &e.rationales {
                if !mine.rationales.contains(r) {
                    if let Some(rat) = rules.rationale(r) {
                        missed.push(rat.title.clone());
                    }
                }
            }
        }
        missed.dedup();
        Attempt {
            title: s.title.clone().unwrap_or_else(|| "Scenario".into()),
            vignette: s.vignette.clone(),
            discussion: s.discussion.clone(),
            prediction,
            expected,
            mine,
            script,
            rows,
            missed,
            compared,
            agreed,
        }
    }

    pub fn prediction_right(&self) -> bool {
        (self.expected.0..=self.expected.1).contains(&self.prediction)
    }

    /// One level off the expected range.
    pub fn prediction_close(&self) -> bool {
        let p = self.prediction as i32;
        !self.prediction_right()
            && ((self.expected.0 as i32 - p).abs() == 1 || (p - self.expected.1 as i32).abs() == 1)
    }

    /// Right level, but an issue the scenario expects was missed.
    pub fn missed_key_issue(&self) -> bool {
        !self.missed.is_empty()
    }

    fn expected_words(&self) -> String {
        if self.expected.0 == self.expected.1 {
            self.expected.0.label().to_string()
        } else {
            format!(
                "from {} to {}",
                self.expected.0.label(),
                self.expected.1.label()
            )
        }
    }
}

pub fn header(s: &Scenario, (n, of): (usize, usize), width: usize) -> String {
    let mut out = String::new();
    let title = s.title.clone().unwrap_or_else(|| "Scenario".into());
    if of > 1 {
        let _ = writeln!(out, "\nScenario {n} of {of}");
    }
    let _ = writeln!(out, "\n{}", title.bold());
    let _ = writeln!(out, "{}", "─".repeat(title.chars().count().min(width)));
    if let Some(v) = &s.vignette {
        out.push_str(&wrap(v, width, "", ""));
    }
    out.push_str("\nAnswer as you see the situation.\n\n");
    out
}

pub fn comparison(_rules: &RuleSet, a: &Attempt, width: usize) -> String {
    let mut t = String::new();
    let label_width = 34;
    let line = |t: &mut String, k: &str, v: &str| {
        let _ = writeln!(t, "{:<label_width$}{v}", k);
    };
    t.push('\n');
    line(&mut t, "Your prediction:", a.prediction.label());
    line(
        &mut t,
        "From your answers, the rules say:",
        &in_level_color(a.mine.recommendation.label(), a.mine.recommendation).to_string(),
    );
    line(&mut t, "The scenario expects:", &a.expected_words());
    let verdict = if a.prediction_right() && a.missed_key_issue() {
        format!(
            "{} Right level — but you missed a key issue: {}.",
            "◐".yellow(),
            a.missed.join("; ")
        )
    } else if a.prediction_right() {
        format!("{} Your prediction is in the expected range.", "✓".green())
    } else if a.prediction_close() {
        format!(
            "{} Close: your prediction is one level from the expected range.",
            "◐".yellow()
        )
    } else {
        format!(
            "{} Your prediction is outside the expected range.",
            "✗".red()
        )
    };
    t.push_str(&wrap(&verdict, width, "", "  "));
    if a.compared > 0 {
        let _ = writeln!(
            t,
            "You agreed with the scenario on {} of the {} questions you both answered.",
            a.agreed, a.compared
        );
    }
    if a.rows.is_empty() {
        let _ = writeln!(t, "\nYou answered every question as the scenario does.");
    } else {
        let _ = writeln!(t, "\n{}", "Where your answers differ".bold());
        for r in &a.rows {
            t.push_str(&wrap(&r.prompt, width, "\n  ", "  "));
            let _ = writeln!(
                t,
                "    You:      {}",
                r.mine.as_deref().unwrap_or("(not asked on your answers)")
            );
            let _ = writeln!(
                t,
                "    Scenario: {}",
                r.script
                    .as_deref()
                    .unwrap_or("(not asked on the scenario's answers)")
            );
            if let (Some(s), Some(to)) = (&r.script, r.moves_to) {
                let why = format!("Had you answered “{s}” (the scenario's answer), your result would move from {} to {}.", a.mine.recommendation.label(), to.label());
                t.push_str(&wrap(&why, width, "    ", "    "));
            } else if r.script.is_some() && r.mine.is_some() {
                t.push_str(&wrap(
                    "On its own, the scenario's answer here would not change your result.",
                    width,
                    "    ",
                    "    ",
                ));
            }
            if let Some(n) = &r.note {
                t.push_str(&wrap(
                    &format!("Why the scenario answers so: {n}"),
                    width,
                    "    ",
                    "    ",
                ));
            }
        }
    }
    let _ = writeln!(
        t,
        "\n{}",
        format!(
            "Why the scenario lands at {}",
            a.script.recommendation.label()
        )
        .bold()
    );
    if a.script.findings.is_empty() {
        let _ = writeln!(t, "  No rule raised a concern.");
    }
    for f in &a.script.findings {
        t.push_str(&super::text::finding(f, width));
    }
    if let Some(d) = &a.discussion {
        let _ = writeln!(t, "\n{}", "For discussion".bold());
        t.push_str(&wrap(d, width, "  ", "  "));
    }
    t
}

pub fn running_score(attempts: &[Attempt]) -> String {
    let right = attempts.iter().filter(|a| a.prediction_right()).count();
    format!(
        "\nScore so far: {right} of {} predictions in range.\n",
        attempts.len()
    )
}

pub fn summary(attempts: &[Attempt]) -> String {
    let right = attempts.iter().filter(|a| a.prediction_right()).count();
    let same = attempts
        .iter()
        .filter(|a| (a.expected.0..=a.expected.1).contains(&a.mine.recommendation))
        .count();
    let mut out = format!(
        "\nYou predicted {right} of {} recommendations within the expected range; your own answers led to an expected result {same} of {} times.\n",
        attempts.len(),
        attempts.len()
    );
    let missed: Vec<&Attempt> = attempts
        .iter()
        .filter(|a| !a.prediction_right() || a.missed_key_issue())
        .collect();
    if !missed.is_empty() {
        out.push_str("To look at again:\n");
        for a in missed {
            let why = if !a.prediction_right() {
                format!(
                    "you predicted {}, expected {}",
                    a.prediction.label(),
                    a.expected_words()
                )
            } else {
                format!("missed: {}", a.missed.join("; "))
            };
            let _ = writeln!(out, "  - {} ({why})", a.title);
        }
    }
    out
}

fn md(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The report a supervisor reads (Markdown).
pub fn report(rules: &RuleSet, attempts: &[Attempt]) -> String {
    let (_, when) = super::now_local();
    let mut out = String::new();
    let _ = writeln!(out, "# boundcheck practice report\n");
    let _ = writeln!(out, "- Date: {when}");
    if let Some(a) = attempts.first() {
        let _ = writeln!(
            out,
            "- Rule set: boundcheck {}, digest `{}`",
            a.mine.version, a.mine.digest
        );
    }
    let right = attempts.iter().filter(|a| a.prediction_right()).count();
    let _ = writeln!(
        out,
        "- Predictions in the expected range: {right} of {}\n",
        attempts.len()
    );
    for a in attempts {
        let _ = writeln!(out, "## {}\n", md(&a.title));
        if let Some(v) = &a.vignette {
            let _ = writeln!(out, "> {}\n", md(v));
        }
        let _ = writeln!(
            out,
            "- Prediction: {} ({})",
            a.prediction.label(),
            if a.prediction_right() {
                "in range"
            } else {
                "outside the range"
            }
        );
        let _ = writeln!(out, "- Expected: {}", a.expected_words());
        let _ = writeln!(
            out,
            "- From the trainee's answers: {}",
            a.mine.recommendation.label()
        );
        let _ = writeln!(
            out,
            "- From the scenario's answers: {}",
            a.script.recommendation.label()
        );
        let fired: Vec<String> = a
            .mine
            .findings
            .iter()
            .map(|f| format!("{} ({})", f.rationale_title, f.level.label()))
            .collect();
        let _ = writeln!(
            out,
            "- Findings on the trainee's answers: {}",
            if fired.is_empty() {
                "none".into()
            } else {
                fired.join("; ")
            }
        );
        if !a.missed.is_empty() {
            let _ = writeln!(out, "- Missed: {}", a.missed.join("; "));
        }
        let _ = writeln!(out, "\n| Question | Trainee | Scenario |\n|---|---|---|");
        for r in &a.rows {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                md(&r.prompt).replace('|', "\\|"),
                r.mine
                    .as_deref()
                    .unwrap_or("(not asked)")
                    .replace('|', "\\|"),
                r.script
                    .as_deref()
                    .unwrap_or("(not asked)")
                    .replace('|', "\\|")
            );
        }
        if a.rows.is_empty() {
            let _ = writeln!(out, "| (every answer as the scenario) | | |");
        }
        let _ = writeln!(
            out,
            "\n### Reflection\n\n_What would you do differently, and why?_\n\n\n"
        );
    }
    let _ = rules;
    out
}
