//! `boundcheck practice`: the trainee answers, predicts, and compares with the scenario.

use anyhow::{bail, Result};
use boundcheck_rules::level::Level;
use boundcheck_rules::model::{Choice, Kind, Question, Value};

use super::Context;
use crate::cli::PracticeArgs;
use crate::exit::{Exit, Interrupted, MissingFrom};
use crate::render::practice::{self as view, Attempt};
use crate::session::{self, Asker, Hooks, Mode, Move, Outcome, Place, Reply, Walk};

/// The prediction, asked like any other question.
pub fn prediction_question() -> Question {
    Question {
        id: "prediction".into(),
        prompt: "What do you expect the recommendation to be?".into(),
        short: Some("your prediction".into()),
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
        ask_when: boundcheck_rules::condition::Condition::Always,
        default: None,
        what_if: false,
        hedge: None,
        private: false,
        file: 0,
    }
}

/// Asks for the prediction when the questions are done; Esc goes back into them.
#[derive(Default)]
pub struct Predict {
    pub prediction: Option<Level>,
}

impl Hooks for Predict {
    fn at_end(&mut self, walk: &Walk<'_>, asker: &mut dyn Asker) -> Result<Move> {
        let q = prediction_question();
        let answered = walk
            .steps()
            .iter()
            .filter(|s| s.source == session::Source::Asked)
            .count();
        let previous = self
            .prediction
            .and_then(|l| Level::ALL.iter().position(|x| *x == l))
            .map(|i| Value::Choice(i as u8));
        let place = Place {
            number: answered + 1,
            answered,
            previous,
        };
        match asker.ask(walk.rules(), &q, place)? {
            Reply::Answer(Value::Choice(i)) => {
                self.prediction = Level::ALL.get(usize::from(i)).copied();
                Ok(Move::On)
            }
            Reply::Answer(_) => Ok(Move::On),
            Reply::Back => Ok(Move::Back),
            Reply::Quit => Ok(Move::Quit),
        }
    }
}

pub fn run(ctx: &Context, args: PracticeArgs) -> Result<Exit> {
    let rules = ctx.rules()?;
    let mut base = rules.sheet();
    super::apply_code(rules, args.code.as_deref(), &ctx.config, &mut base)?;
    let scenarios = super::teach::load_all(rules, &base, &args.path)?;
    let save = match &args.save {
        Some(path) => Some(crate::save::prepare(path, args.force)?),
        None => None,
    };
    if !crate::term::is_terminal() {
        bail!("practice asks you questions and needs a terminal; to check scenario files without one, use `boundcheck check`");
    }
    crate::term::install_signals();
    let mut asker = crate::term::asker();
    let width = crate::output::look().width;
    let mut attempts: Vec<Attempt> = Vec::new();
    let mut i = 0;
    while i < scenarios.len() {
        let (path, s, script) = &scenarios[i];
        crate::output::notice(&view::header(s, (i + 1, scenarios.len()), width));
        let mut walk = Walk::new(rules, base.clone());
        let mut predict = Predict::default();
        let mode = Mode {
            take_supplied: true,
            back_to_asked: true,
        };
        if session::run(&mut walk, asker.as_mut(), &mut predict, mode)? == Outcome::BackPastStart {
            // Esc at the first question goes back a scenario; at the very first, it quits.
            if i == 0 {
                return Err(Interrupted.into());
            }
            attempts.pop();
            i -= 1;
            continue;
        }
        let walked = session::unattended(
            rules,
            script,
            MissingFrom::Scenario(path.display().to_string()),
        )?;
        let attempt = Attempt::new(
            rules,
            s,
            script,
            &walked,
            &walk,
            predict.prediction.unwrap_or(Level::Proceed),
        );
        crate::output::notice(&view::comparison(rules, &attempt, width));
        attempts.push(attempt);
        i += 1;
        if i < scenarios.len() {
            crate::output::notice(&view::running_score(&attempts));
        }
    }
    crate::output::notice(&view::summary(&attempts));
    if let Some(save) = save {
        save.write(&view::report(rules, &attempts))?;
        if let Some(p) = &args.save {
            crate::output::notice(&format!(
                "Saved your practice report to {} (readable by you only).\n",
                boundcheck_rules::text::one_line(&p.display().to_string())
            ));
        }
    }
    Ok(Exit::Done)
}
