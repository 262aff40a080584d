//! `boundcheck teach`: a scripted walk-through for a class, with live "what if".

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Result};

use crate::answer::Answers;
use crate::cli::TeachArgs;
use crate::engine;
use crate::render::{self, wrap};
use crate::rules::RuleSet;
use crate::scenario::Scenario;
use crate::session::{Asker, Interrupted, Place, Printer, Reply, Step};

const WIDTH: usize = 72;

pub fn run(args: TeachArgs, color: crate::cli::ColorChoice) -> Result<ExitCode> {
    let config = crate::config::load()?;
    let rules = super::load_rules(&args.rules, &config)?;
    let base = super::code_answer(&rules, config.code.as_deref());
    let scenarios = load_scenarios(&rules, &base, &args.path)?;
    if args.no_pause {
        teach_all(&rules, &scenarios, &mut Printer)?;
    } else {
        if !crate::prompt::is_terminal() {
            bail!("teach pauses for Enter between steps and needs a terminal; add --no-pause to run it straight through");
        }
        crate::prompt::install_interrupt_handler();
        let mut asker = crate::prompt::TermAsker::new(crate::use_color(color, true));
        teach_all(&rules, &scenarios, &mut asker)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Scenario files from a file or a directory (in name order); any broken file
/// is bad input. `base` holds answers the scenarios' own override (the config
/// file's ethics code).
pub fn load_scenarios(
    rules: &RuleSet,
    base: &Answers,
    path: &Path,
) -> Result<Vec<(PathBuf, Scenario)>> {
    let files = if path.is_dir() {
        let f = crate::files::yaml_files_under(path)?;
        if f.is_empty() {
            bail!(
                "{}: no scenario files here (files ending in .yaml or .yml)",
                path.display()
            );
        }
        f
    } else {
        vec![path.to_path_buf()]
    };
    let mut out = Vec::new();
    for f in files {
        let mut s = Scenario::load(&f, rules)?;
        s.answers = base.overlaid(&s.answers);
        let walk = engine::walk(rules, &s.answers);
        if !walk.missing.is_empty() {
            bail!(
                "{}: the scenario has no answer for {} (asked, but not in `answers`)",
                f.display(),
                walk.missing.join(", ")
            );
        }
        out.push((f, s));
    }
    Ok(out)
}

pub fn teach_all(
    rules: &RuleSet,
    scenarios: &[(PathBuf, Scenario)],
    asker: &mut dyn Asker,
) -> Result<()> {
    for (i, (path, s)) in scenarios.iter().enumerate() {
        if scenarios.len() > 1 {
            asker.show(&format!("\nScenario {} of {}\n", i + 1, scenarios.len()))?;
        }
        teach_one(rules, path, s, asker)?;
    }
    Ok(())
}

fn banner(text: &str) -> String {
    let rule = "═".repeat(WIDTH);
    format!("\n{rule}\n  {}\n{rule}\n", text.to_uppercase())
}

/// The findings of the finished walk that are complete once `asked` is known:
/// each appears at the step that answers the last question it names.
fn due<'r>(final_fired: &[engine::Fired<'r>], asked: &Answers) -> Vec<&'r crate::rules::Finding> {
    final_fired
        .iter()
        .filter(|f| f.triggered_by.iter().all(|(q, _)| asked.contains(q)))
        .map(|f| f.finding)
        .collect()
}

/// The findings the whole walk ends with, from the answers as they stand.
fn final_findings<'r>(rules: &'r RuleSet, given: &Answers) -> Vec<engine::Fired<'r>> {
    engine::evaluate(rules, &engine::walk(rules, given).asked).1
}

/// The findings already shown once the walk is back at `asked`: those due by
/// then, so stepping back or changing an answer does not show them twice.
fn already_shown(rules: &RuleSet, given: &Answers, asked: &Answers) -> Vec<String> {
    due(&final_findings(rules, given), asked)
        .into_iter()
        .map(|f| f.id.clone())
        .collect()
}

pub fn teach_one(rules: &RuleSet, path: &Path, s: &Scenario, asker: &mut dyn Asker) -> Result<()> {
    let title = s
        .title
        .clone()
        .unwrap_or_else(|| path.display().to_string());
    let mut head = banner(&title);
    if let Some(v) = &s.vignette {
        head.push('\n');
        head.push_str(&wrap(v, WIDTH, "  "));
    }
    asker.show(&head)?;
    const HINT: &str = "  Enter: next   c: what if (change this answer)   Esc: back   Ctrl-C: stop";
    if asker.pause("\n  Enter: begin   Ctrl-C: stop")? == Step::Quit {
        return Err(Interrupted.into());
    }

    let scripted = engine::assess_given(rules, &s.answers)
        .map_err(|m| anyhow::anyhow!("no answer for {}", m.join(", ")))?;
    let mut given = s.answers.clone();
    let mut changes: Vec<(String, String, String)> = Vec::new();
    let mut asked = Answers::new();
    let mut shown: Vec<String> = Vec::new();
    let mut number = 0;
    while let Some(q) = engine::next_question(rules, &asked) {
        let answer = match given.get(&q.id).or(q.default.as_ref()) {
            Some(a) => a.clone(),
            None => {
                // A "what if" opened a question the script does not answer.
                asker.show(&format!(
                    "\n  The script has no answer for this question; choose one:\n  {}\n",
                    q.prompt
                ))?;
                // Esc cannot step back past a question nobody has answered; ask again.
                let place = Place {
                    number: number + 1,
                    previous: None,
                };
                loop {
                    match asker.ask(q, place)? {
                        Reply::Answer(a) => {
                            given.set(&q.id, a.clone());
                            break a;
                        }
                        Reply::Back => continue,
                        Reply::Quit => return Err(Interrupted.into()),
                    }
                }
            }
        };
        number += 1;
        asked.set(&q.id, answer.clone());
        let mut step = format!("\n  {number}. {}\n", q.prompt);
        let _ = writeln!(step, "     → {}", q.label(&answer));
        for f in due(&final_findings(rules, &given), &asked) {
            if shown.contains(&f.id) {
                continue;
            }
            shown.push(f.id.clone());
            let rationale = rules
                .rationale(&f.rationale)
                .map(|r| r.title.as_str())
                .unwrap_or(&f.rationale);
            let _ = writeln!(
                step,
                "\n     ⚑ {} — {} ({})",
                f.level.label(),
                rationale,
                f.id
            );
            step.push_str(&wrap(&f.because, WIDTH, "       "));
        }
        asker.show(&step)?;
        match asker.pause(HINT)? {
            Step::Continue => {}
            Step::Quit => return Err(Interrupted.into()),
            Step::Back => {
                let at = asked.position(&q.id).unwrap_or(0).saturating_sub(1);
                asked.truncate(at);
                number = at;
                shown = already_shown(rules, &given, &asked);
            }
            Step::Change => {
                match asker.ask(
                    q,
                    Place {
                        number,
                        previous: Some(&answer),
                    },
                )? {
                    Reply::Answer(new) if new != answer => {
                        changes.push((q.id.clone(), answer.to_string(), new.to_string()));
                        given.set(&q.id, new.clone());
                        asker.show(&format!(
                            "     What if: {} → {}\n",
                            q.label(&answer),
                            q.label(&new)
                        ))?;
                    }
                    Reply::Quit => return Err(Interrupted.into()),
                    _ => {}
                }
                let at = asked.position(&q.id).unwrap_or(0);
                asked.truncate(at);
                number = at;
                shown = already_shown(rules, &given, &asked);
            }
        }
    }

    let assessment = engine::assess(rules, &given, &asked);
    let mut end = banner("Recommendation");
    end.push('\n');
    for line in render::text::render(rules, &assessment).lines() {
        let _ = writeln!(end, "  {line}");
    }
    if !changes.is_empty() {
        let _ = writeln!(end, "\n  WHAT IF");
        for (q, from, to) in &changes {
            let _ = writeln!(end, "  {q}: {from} → {to}");
        }
        let _ = writeln!(
            end,
            "  With the scripted answers: {}. With the change: {}.",
            scripted.recommendation.label(),
            assessment.recommendation.label()
        );
    }
    if let Some(d) = &s.discussion {
        end.push_str(&banner("For discussion"));
        end.push('\n');
        end.push_str(&wrap(d, WIDTH, "  "));
    }
    asker.show(&end)?;
    if asker.pause("\n  Enter: continue   Ctrl-C: stop")? == Step::Quit {
        return Err(Interrupted.into());
    }
    Ok(())
}
