//! Collecting answers: `--set`, a scenario file and the config feed one loop,
//! which asks the rest through an [`Asker`] (the terminal, or a script in tests).

use crate::answer::{Answer, Answers};
use crate::engine;
use crate::rules::{Question, RuleSet};

/// What the person did at a prompt.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    Answer(Answer),
    /// Esc: go back to the previous question.
    Back,
    /// Ctrl-C, or Esc at the first question.
    Quit,
}

/// Where a question sits, for the prompt to show.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    /// 1 for the first question prompted.
    pub number: usize,
    /// The earlier answer, when coming back to a question.
    pub previous: Option<&'a Answer>,
}

/// What the person chose at a pause between steps (`teach`, `practice`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Continue,
    /// Change the answer just shown ("what if").
    Change,
    Back,
    Quit,
}

/// Something that can answer a question: the terminal, or a script.
pub trait Asker {
    fn ask(&mut self, question: &Question, place: Place<'_>) -> anyhow::Result<Reply>;

    /// Shows text to the person (the terminal prints it on stdout).
    fn show(&mut self, _text: &str) -> anyhow::Result<()> {
        Ok(())
    }

    /// Waits between steps.
    fn pause(&mut self, _hint: &str) -> anyhow::Result<Step> {
        Ok(Step::Continue)
    }
}

/// The person quit (Ctrl-C or Esc at the first question): exit 130.
#[derive(Debug)]
pub struct Interrupted;

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("interrupted; nothing was saved")
    }
}

impl std::error::Error for Interrupted {}

/// Questions were asked that nothing answered, and there is no one to ask.
#[derive(Debug)]
pub struct Missing(pub Vec<String>);

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "no answer for {} ({}); answer with --set ID=VALUE or in the scenario file",
            if self.0.len() == 1 {
                "this question"
            } else {
                "these questions"
            },
            self.0.join(", ")
        )
    }
}

impl std::error::Error for Missing {}

/// Walks the questions: a given answer is taken as it is; any other question
/// goes to the asker. Esc returns to the previous *prompted* question and
/// forgets the answers after it (they are re-asked as their conditions require).
pub fn collect(rules: &RuleSet, given: &Answers, asker: &mut dyn Asker) -> anyhow::Result<Answers> {
    resume(rules, given, asker, &Answers::new())
}

/// Like [`collect`], continuing after `answered`: answers the person already
/// gave at the prompts, in order, which Esc can step back through.
pub fn resume(
    rules: &RuleSet,
    given: &Answers,
    asker: &mut dyn Asker,
    answered: &Answers,
) -> anyhow::Result<Answers> {
    let mut asked = answered.clone();
    let mut prompted: Vec<String> = answered.iter().map(|(id, _)| id.to_string()).collect();
    let mut remembered = answered.clone();
    while let Some(q) = engine::next_question(rules, &asked) {
        if let Some(a) = given.get(&q.id) {
            asked.set(&q.id, a.clone());
            continue;
        }
        let place = Place {
            number: prompted.len() + 1,
            previous: remembered.get(&q.id).or(q.default.as_ref()),
        };
        match asker.ask(q, place)? {
            Reply::Answer(a) => {
                remembered.set(&q.id, a.clone());
                asked.set(&q.id, a);
                prompted.push(q.id.clone());
            }
            Reply::Back => {
                let Some(last) = prompted.pop() else {
                    return Err(Interrupted.into());
                };
                let at = asked.position(&last).unwrap_or(asked.len());
                asked.truncate(at);
            }
            Reply::Quit => return Err(Interrupted.into()),
        }
    }
    Ok(asked)
}

/// Answers from a list, for tests and for replaying: each reply in turn.
pub struct Script {
    pub replies: std::collections::VecDeque<Reply>,
    /// What to do at each pause, in turn; `Continue` once these run out.
    pub steps: std::collections::VecDeque<Step>,
    /// The question ids asked, in order.
    pub asked: Vec<String>,
    /// Everything shown, joined.
    pub shown: String,
}

impl Script {
    pub fn new(replies: impl IntoIterator<Item = Reply>) -> Script {
        Script {
            replies: replies.into_iter().collect(),
            steps: Default::default(),
            asked: Vec::new(),
            shown: String::new(),
        }
    }
}

impl Asker for Script {
    fn ask(&mut self, question: &Question, _place: Place<'_>) -> anyhow::Result<Reply> {
        self.asked.push(question.id.clone());
        self.replies
            .pop_front()
            .ok_or_else(|| Missing(vec![question.id.clone()]).into())
    }

    fn show(&mut self, text: &str) -> anyhow::Result<()> {
        self.shown.push_str(text);
        Ok(())
    }

    fn pause(&mut self, _hint: &str) -> anyhow::Result<Step> {
        Ok(self.steps.pop_front().unwrap_or(Step::Continue))
    }
}

/// Shows on stdout and never waits or asks: `teach --no-pause`.
pub struct Printer;

impl Asker for Printer {
    fn ask(&mut self, question: &Question, _place: Place<'_>) -> anyhow::Result<Reply> {
        Err(Missing(vec![question.id.clone()]).into())
    }

    fn show(&mut self, text: &str) -> anyhow::Result<()> {
        crate::print(text)
    }
}

/// Collects without asking anyone: the answers the walk reaches, or the ids
/// of the questions nobody answered.
pub fn collect_unattended(rules: &RuleSet, given: &Answers) -> Result<Answers, Missing> {
    let w = engine::walk(rules, given);
    if w.missing.is_empty() {
        Ok(w.asked)
    } else {
        Err(Missing(w.missing))
    }
}
