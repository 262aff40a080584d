//! `boundcheck practice`: the trainee answers, predicts, and compares with the scenario.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};

use crate::answer::{Answer, Answers};
use crate::cli::PracticeArgs;
use crate::condition::Condition;
use crate::engine::{self, Assessment};
use crate::level::Level;
use crate::render::wrap;
use crate::rules::{Choice, Kind, Question, RuleSet};
use crate::scenario::Scenario;
use crate::session::{self, Asker, Interrupted, Place, Reply, Step};

const WIDTH: usize = 76;

pub fn run(args: PracticeArgs, color: crate::cli::ColorChoice) -> Result<ExitCode> {
    let config = crate::config::load()?;
    let rules = super::load_rules(&args.rules, &config)?;
    let base = super::code_answer(&rules, config.code.as_deref());
    let scenarios = super::teach::load_scenarios(&rules, &base, &args.path)?;
    if let Some(path) = &args.save {
        crate::files::check_writable(path, args.force)?;
    }
    if !crate::prompt::is_terminal() {
        bail!("practice asks you questions and needs a terminal; to check scenario files without one, use `boundcheck check`");
    }
    crate::prompt::install_interrupt_handler();
    let mut asker = crate::prompt::TermAsker::new(crate::use_color(color, true));
    let report = practice_all(&rules, &scenarios, &mut asker)?;
    if let Some(path) = &args.save {
        crate::files::write_private(path, &report, args.force)?;
        eprintln!(
            "Saved your practice report to {} (readable by you only).",
            path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The prediction, asked like any other question.
fn prediction_question() -> Question {
    Question {
        id: "prediction".into(),
        prompt: "What do you expect the recommendation to be?".into(),
        help: Some("Choose before you see the result.".into()),
        kind: Kind::Choice,
        choices: Level::ALL
            .iter()
            .map(|l| Choice {
                value: l.id().into(),
                label: l.label().into(),
            })
            .collect(),
        min: 0,
        max: 0,
        unit: None,
        ask_when: Condition::Always,
        default: None,
        what_if: false,
        file: 0,
    }
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Score {
    pub scenarios: usize,
    pub predicted: usize,
    pub same_recommendation: usize,
    pub answers_compared: usize,
    pub answers_agreed: usize,
}

/// Runs every scenario in turn and returns the practice report (Markdown).
pub fn practice_all(
    rules: &RuleSet,
    scenarios: &[(PathBuf, Scenario)],
    asker: &mut dyn Asker,
) -> Result<String> {
    let mut score = Score::default();
    let mut report = format!("# boundcheck practice, {}\n\n", crate::render::today());
    for (i, (path, s)) in scenarios.iter().enumerate() {
        if scenarios.len() > 1 {
            asker.show(&format!("\nScenario {} of {}\n", i + 1, scenarios.len()))?;
        }
        let title = s
            .title
            .clone()
            .unwrap_or_else(|| path.display().to_string());
        report.push_str(&practice_one(rules, &title, s, asker, &mut score)?);
        if scenarios.len() > 1 {
            asker.show(&format!(
                "\nScore so far: {} of {} predictions right.\n",
                score.predicted, score.scenarios
            ))?;
        }
        if i + 1 < scenarios.len()
            && asker.pause("\nEnter: next scenario   Ctrl-C: stop")? == Step::Quit
        {
            return Err(Interrupted.into());
        }
    }
    let summary = format!(
        "\nYou predicted {} of {} recommendations. Your own answers led to the scenario's recommendation {} of {} times, and you agreed with {} of {} scripted answers.\n",
        score.predicted, score.scenarios, score.same_recommendation, score.scenarios, score.answers_agreed, score.answers_compared
    );
    asker.show(&summary)?;
    report.push_str(&format!("## Summary\n{summary}"));
    Ok(report)
}

fn practice_one(
    rules: &RuleSet,
    title: &str,
    s: &Scenario,
    asker: &mut dyn Asker,
    score: &mut Score,
) -> Result<String> {
    let mut head = format!(
        "\n{}\n{}\n",
        title,
        "─".repeat(title.chars().count().min(WIDTH))
    );
    if let Some(v) = &s.vignette {
        head.push_str(&wrap(v, WIDTH, ""));
    }
    head.push_str("\nAnswer as you see the situation.\n\n");
    asker.show(&head)?;

    let mut mine = session::collect(rules, &Answers::new(), asker)?;
    let q = prediction_question();
    let predicted = loop {
        match asker.ask(
            &q,
            Place {
                number: 2,
                previous: None,
            },
        )? {
            Reply::Answer(Answer::Choice(c)) => {
                break c.parse::<Level>().map_err(anyhow::Error::msg)?
            }
            Reply::Quit => return Err(Interrupted.into()),
            // Esc: back to the last question, keeping the answers before it.
            _ => {
                let mut kept = mine.clone();
                kept.truncate(mine.len().saturating_sub(1));
                mine = session::resume(rules, &Answers::new(), asker, &kept)?;
            }
        }
    };

    let yours = engine::assess(rules, &mine, &mine);
    let scripted = engine::assess_given(rules, &s.answers)
        .map_err(|m| anyhow::anyhow!("the scenario has no answer for {}", m.join(", ")))?;
    let (text, md) = compare(rules, s, &mine, predicted, &yours, &scripted, score);
    asker.show(&text)?;
    Ok(format!("## {title}\n\n{md}\n"))
}

/// The comparison, as text for the screen and Markdown for the report.
fn compare(
    rules: &RuleSet,
    s: &Scenario,
    mine: &Answers,
    predicted: Level,
    yours: &Assessment<'_>,
    scripted: &Assessment<'_>,
    score: &mut Score,
) -> (String, String) {
    let mut t = String::new();
    let mut md = String::new();
    score.scenarios += 1;
    let hit = predicted == scripted.recommendation;
    score.predicted += usize::from(hit);
    score.same_recommendation += usize::from(yours.recommendation == scripted.recommendation);

    let _ = writeln!(
        t,
        "\nYour prediction:                  {}",
        predicted.label()
    );
    let _ = writeln!(
        t,
        "From your answers, the rules say:  {}",
        yours.recommendation.label()
    );
    let _ = writeln!(
        t,
        "From the scenario's answers:       {}",
        scripted.recommendation.label()
    );
    let _ = writeln!(
        t,
        "{}",
        if hit {
            "✓ Your prediction matches the scenario."
        } else {
            "✗ Your prediction differs from the scenario."
        }
    );
    let _ = writeln!(
        md,
        "- Prediction: {} ({})",
        predicted.label(),
        if hit { "matched" } else { "did not match" }
    );
    let _ = writeln!(md, "- From my answers: {}", yours.recommendation.label());
    let _ = writeln!(
        md,
        "- From the scenario's answers: {}",
        scripted.recommendation.label()
    );

    // Questions answered differently, in the order asked.
    let mut differences = String::new();
    for q in &rules.questions {
        let (a, b) = (mine.get(&q.id), scripted.answers.get(&q.id));
        if a.is_some() && b.is_some() {
            score.answers_compared += 1;
        }
        if a == b {
            if a.is_some() {
                score.answers_agreed += 1;
            }
            continue;
        }
        let show = |x: Option<&Answer>| {
            x.map(|x| q.label(x))
                .unwrap_or_else(|| "(not asked)".into())
        };
        let _ = writeln!(
            differences,
            "\n  {}\n    You: {}\n    Scenario: {}",
            q.prompt,
            show(a),
            show(b)
        );
        let _ = writeln!(
            md,
            "- `{}`: I answered {}, the scenario {}",
            q.id,
            show(a),
            show(b)
        );
        if let Some(b) = b {
            // Why it matters: change only this answer of yours to the scenario's.
            let mut swapped = s.answers.overlaid(mine);
            swapped.set(&q.id, b.clone());
            let w = engine::walk(rules, &swapped);
            if w.missing.is_empty() {
                let (level, _) = engine::evaluate(rules, &w.asked);
                let why = if level != yours.recommendation {
                    format!(
                        "On its own, this answer moves your result from {} to {}.",
                        yours.recommendation.label(),
                        level.label()
                    )
                } else {
                    "On its own, this answer does not change your result.".to_string()
                };
                differences.push_str(&wrap(&why, WIDTH, "    "));
            }
            let mut bearing: Vec<&str> = Vec::new();
            for f in scripted.findings.iter().chain(yours.findings.iter()) {
                if f.triggered_by.contains(&q.id) && !bearing.contains(&f.finding.id.as_str()) {
                    bearing.push(&f.finding.id);
                }
            }
            if !bearing.is_empty() {
                let _ = writeln!(differences, "    It bears on: {}", bearing.join(", "));
            }
        }
    }
    if differences.is_empty() {
        let _ = writeln!(t, "\nYou answered every question as the scenario does.");
    } else {
        let _ = writeln!(t, "\nWhere your answers differ:{differences}");
    }

    let _ = writeln!(
        t,
        "\nWhy the scenario lands at {}:",
        scripted.recommendation.label()
    );
    for f in &scripted.findings {
        let rationale = rules
            .rationale(&f.finding.rationale)
            .map(|r| r.title.as_str())
            .unwrap_or(&f.finding.rationale);
        let _ = writeln!(t, "  • {} — {}", f.finding.level.label(), rationale);
        t.push_str(&wrap(&f.finding.because, WIDTH, "    "));
    }
    if scripted.findings.is_empty() {
        let _ = writeln!(t, "  No rule raised a concern.");
    }
    if let Some(d) = &s.discussion {
        let _ = writeln!(t, "\nFor discussion:");
        t.push_str(&wrap(d, WIDTH, "  "));
        let _ = writeln!(md, "\n{}", d.trim());
    }
    (t, md)
}
