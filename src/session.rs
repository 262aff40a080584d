//! The one answer loop. A [`Walk`] holds the answers given in advance (`--set`,
//! a scenario, the code) and those asked, and offers next / answer / back /
//! change; [`run`] drives it with an [`Asker`] (the terminal, plain prompts, a
//! script) and the [`Hooks`] teach and practice need. `assess`, `practice` and
//! `teach` are this loop with different askers and views.

use std::collections::VecDeque;

use anyhow::Result;
use boundcheck_rules::engine::{self, Assessment, Walked};
use boundcheck_rules::level::Level;
use boundcheck_rules::model::{Question, RuleSet, Sheet, Value};

use crate::exit::{Interrupted, Missing, MissingFrom};

/// How a question in the walk got its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Given in advance, or the question's default.
    Given,
    /// Asked at a prompt.
    Asked,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub q: usize,
    pub value: Value,
    pub source: Source,
}

/// The answers of one walk through the questions.
#[derive(Debug, Clone)]
pub struct Walk<'r> {
    rules: &'r RuleSet,
    /// Given in advance; a supplied answer counts only when its question comes up.
    supplied: Sheet,
    /// What was given at the start, before any change (teach's script).
    start: Sheet,
    /// Answers given at prompts earlier, offered again when a question is re-asked.
    remembered: Sheet,
    steps: Vec<Step>,
}

impl<'r> Walk<'r> {
    pub fn new(rules: &'r RuleSet, supplied: Sheet) -> Walk<'r> {
        Walk {
            rules,
            remembered: rules.sheet(),
            start: supplied.clone(),
            supplied,
            steps: Vec::new(),
        }
    }

    pub fn rules(&self) -> &'r RuleSet {
        self.rules
    }

    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The answers so far, by question.
    pub fn sheet(&self) -> Sheet {
        let mut s = self.rules.sheet();
        for st in &self.steps {
            s[st.q] = Some(st.value);
        }
        s
    }

    /// The next question that comes up (P11), or `None` when the walk is done.
    pub fn next(&self) -> Option<usize> {
        let from = self.steps.last().map(|s| s.q + 1).unwrap_or(0);
        engine::next_question(self.rules, &self.sheet(), from)
    }

    /// The answer given in advance for `q`, or its default.
    pub fn supplied(&self, q: usize) -> Option<Value> {
        self.supplied[q].or(self.rules.questions[q].default)
    }

    /// What to offer first when `q` is asked: the earlier answer, else the supplied one.
    pub fn previous(&self, q: usize) -> Option<Value> {
        self.remembered[q].or(self.supplied(q))
    }

    pub fn answer(&mut self, q: usize, value: Value, source: Source) {
        if source == Source::Asked {
            self.remembered[q] = Some(value);
        }
        self.steps.push(Step { q, value, source });
    }

    /// Goes back: forgets the last step (with `to_asked`, back to and including
    /// the last asked one). Returns false when there is nothing to go back to.
    pub fn back(&mut self, to_asked: bool) -> bool {
        if to_asked {
            match self.steps.iter().rposition(|s| s.source == Source::Asked) {
                Some(i) => {
                    self.steps.truncate(i);
                    true
                }
                None => false,
            }
        } else {
            self.steps.pop().is_some()
        }
    }

    /// Keeps the first `n` steps.
    pub fn truncate(&mut self, n: usize) {
        self.steps.truncate(n);
    }

    /// Changes the answer to `q` ("what if"): it becomes the given answer, and
    /// the walk goes back to just before it.
    pub fn change(&mut self, q: usize, value: Value) {
        self.supplied[q] = Some(value);
        if let Some(i) = self.steps.iter().position(|s| s.q == q) {
            self.steps.truncate(i);
        }
    }

    /// The answers given in advance now (after any changes).
    pub fn given(&self) -> &Sheet {
        &self.supplied
    }

    /// Starts again from `supplied`, keeping the steps before the first answer that differs.
    pub fn reset(&mut self, supplied: Sheet) {
        let keep = self
            .steps
            .iter()
            .position(|s| s.source == Source::Asked || supplied[s.q] != self.supplied[s.q])
            .unwrap_or(self.steps.len());
        self.supplied = supplied;
        self.steps.truncate(keep);
    }

    /// The answers given at the start, before any change.
    pub fn start(&self) -> &Sheet {
        &self.start
    }

    /// The findings that fire whatever the questions still to come are answered.
    pub fn settled(&self) -> Vec<usize> {
        let next = self.steps.last().map(|s| s.q + 1).unwrap_or(0);
        engine::settled(self.rules, &self.sheet(), next)
    }

    /// How many questions the walk asks with the answers in force (any still
    /// to be asked live left out): for "question 3 of 12".
    pub fn planned(&self) -> usize {
        engine::walk(self.rules, &self.in_force())
            .order
            .len()
            .max(self.steps.len())
    }

    /// Every answer in force: those given (after changes), and those asked.
    fn in_force(&self) -> Sheet {
        let mut all = self.supplied.clone();
        for s in &self.steps {
            all[s.q] = Some(s.value);
        }
        all
    }

    /// How the answers so far differ from those given at the start, and what
    /// each difference does to the result (teach's what-if summary).
    pub fn compared_with_start(&self) -> Comparison {
        let rules = self.rules;
        let level_of = |given: &Sheet| engine::level(rules, &engine::walk(rules, given).sheet);
        let scripted = level_of(&self.start);
        let now = engine::level(rules, &self.sheet());
        let in_force = self.in_force();
        let differences = self
            .steps
            .iter()
            .filter_map(|st| {
                let script = self.start[st.q].or(rules.questions[st.q].default);
                if script == Some(st.value) {
                    return None;
                }
                let mut alone = self.start.clone();
                alone[st.q] = Some(st.value);
                let mut without = in_force.clone();
                without[st.q] = script;
                Some(Difference {
                    q: st.q,
                    script,
                    now: st.value,
                    alone: level_of(&alone),
                    without: level_of(&without),
                })
            })
            .collect();
        Comparison {
            scripted,
            now,
            differences,
        }
    }

    /// The walk as the engine reports it.
    pub fn walked(&self) -> Walked {
        Walked {
            sheet: self.sheet(),
            order: self.steps.iter().map(|s| s.q).collect(),
            missing: Vec::new(),
        }
    }

    /// The assessment of the answers so far (what would change included).
    pub fn assessment(&self) -> Assessment {
        engine::assess(self.rules, &self.in_force(), &self.walked())
    }
}

/// The answers of a walk against those given at its start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// The result with the answers given at the start.
    pub scripted: Level,
    /// The result with the answers so far.
    pub now: Level,
    /// The answers that differ, in the order asked.
    pub differences: Vec<Difference>,
}

/// One answer that differs from the one given at the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Difference {
    pub q: usize,
    /// The answer given at the start (`None`: none was, it was asked).
    pub script: Option<Value>,
    pub now: Value,
    /// The result with this answer changed and every other as at the start.
    pub alone: Level,
    /// The result with every other difference kept and this one undone.
    pub without: Level,
}

/// What the person did at a prompt.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    Answer(Value),
    /// Esc: go back to the previous question.
    Back,
    /// Ctrl-C.
    Quit,
}

/// Where a question sits, for the prompt to show.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    /// 1 for the first question prompted.
    pub number: usize,
    /// How many prompted answers stand before this one (an asker that keeps
    /// answered lines on screen clears any beyond this).
    pub answered: usize,
    /// The answer to offer first.
    pub previous: Option<Value>,
}

/// Something that can answer a question: the terminal, plain prompts, a script.
pub trait Asker {
    fn ask(&mut self, rules: &RuleSet, q: &Question, place: Place) -> Result<Reply>;
}

/// What to do next, chosen at a pause in teach or practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    On,
    /// Back one step.
    Back,
    /// Change the answer to this question ("what if"), then go on.
    Change(usize),
    /// Make this the answer to the question (a what-if the hook asked on its
    /// own screen), then go on from it.
    Set(usize, Value),
    /// Back to the answers given at the start, then go on.
    Reset,
    Quit,
}

/// The hooks `teach` and `practice` need; assess needs none. Each gets the
/// loop's asker, to ask something of its own (practice's prediction).
pub trait Hooks {
    /// After each answered question (given or asked).
    fn after(&mut self, _walk: &Walk<'_>, _asker: &mut dyn Asker) -> Result<Move> {
        Ok(Move::On)
    }
    /// When the questions are done, before the result is shown.
    fn at_end(&mut self, _walk: &Walk<'_>, _asker: &mut dyn Asker) -> Result<Move> {
        Ok(Move::On)
    }
}

/// No hooks: assess.
pub struct Plain;

impl Hooks for Plain {}

/// How a run of the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Finished,
    /// Back past the first question (assess: quit; practice: the previous scenario).
    BackPastStart,
}

/// Options of the loop.
#[derive(Debug, Clone, Copy)]
pub struct Mode {
    /// Take supplied answers without asking (assess, teach); practice asks everything.
    pub take_supplied: bool,
    /// Back goes to the last *asked* question (assess, practice) or the last step (teach).
    pub back_to_asked: bool,
}

/// Drives a walk to its end.
pub fn run(
    walk: &mut Walk<'_>,
    asker: &mut dyn Asker,
    hooks: &mut dyn Hooks,
    mode: Mode,
) -> Result<Outcome> {
    loop {
        let Some(q) = walk.next() else {
            match hooks.at_end(walk, asker)? {
                Move::On => return Ok(Outcome::Finished),
                Move::Quit => return Err(Interrupted.into()),
                Move::Back => {
                    if !walk.back(mode.back_to_asked) {
                        return Ok(Outcome::BackPastStart);
                    }
                }
                Move::Change(cq) => change(walk, asker, cq)?,
                Move::Set(cq, v) => walk.change(cq, v),
                Move::Reset => walk.reset(walk.start.clone()),
            }
            continue;
        };
        let taken = if mode.take_supplied {
            walk.supplied(q)
        } else {
            None
        };
        match taken {
            Some(v) => walk.answer(q, v, Source::Given),
            None => {
                let asked = walk
                    .steps()
                    .iter()
                    .filter(|s| s.source == Source::Asked)
                    .count();
                let place = Place {
                    number: asked + 1,
                    answered: asked,
                    previous: walk.previous(q),
                };
                match asker.ask(walk.rules(), &walk.rules().questions[q], place)? {
                    Reply::Answer(v) => walk.answer(q, v, Source::Asked),
                    Reply::Quit => return Err(Interrupted.into()),
                    Reply::Back => {
                        if !walk.back(mode.back_to_asked) {
                            return Ok(Outcome::BackPastStart);
                        }
                        continue;
                    }
                }
            }
        }
        match hooks.after(walk, asker)? {
            Move::On => {}
            Move::Quit => return Err(Interrupted.into()),
            Move::Back => {
                // Back to the screen before: the step before this one is shown again.
                walk.back(false);
                if !walk.back(false) {
                    return Ok(Outcome::BackPastStart);
                }
            }
            Move::Change(cq) => change(walk, asker, cq)?,
            Move::Set(cq, v) => walk.change(cq, v),
            Move::Reset => walk.reset(walk.start.clone()),
        }
    }
}

/// Asks `q` again and makes the answer the given one ("what if").
fn change(walk: &mut Walk<'_>, asker: &mut dyn Asker, q: usize) -> Result<()> {
    let current = walk.sheet()[q].or(walk.supplied(q));
    let asked = walk
        .steps()
        .iter()
        .filter(|s| s.source == Source::Asked)
        .count();
    let place = Place {
        number: asked + 1,
        answered: asked,
        previous: current,
    };
    match asker.ask(walk.rules(), &walk.rules().questions[q], place)? {
        Reply::Answer(v) => walk.change(q, v),
        Reply::Quit => return Err(Interrupted.into()),
        Reply::Back => {}
    }
    Ok(())
}

/// Walks without anyone to ask: the answers the walk reaches, or the questions
/// nobody answered.
pub fn unattended(rules: &RuleSet, supplied: &Sheet, from: MissingFrom) -> Result<Walked, Missing> {
    let w = engine::walk(rules, supplied);
    if w.missing.is_empty() {
        Ok(w)
    } else {
        Err(Missing {
            ids: engine::all_missing(rules, supplied)
                .iter()
                .map(|&q| rules.questions[q].id.clone())
                .collect(),
            from,
        })
    }
}

/// Answers from a list, for tests and for replaying: each reply in turn.
#[derive(Debug, Default)]
pub struct Script {
    pub replies: VecDeque<Reply>,
    /// The question ids asked, in order.
    pub asked: Vec<String>,
}

impl Script {
    pub fn new(replies: impl IntoIterator<Item = Reply>) -> Script {
        Script {
            replies: replies.into_iter().collect(),
            asked: Vec::new(),
        }
    }
}

impl Asker for Script {
    fn ask(&mut self, _rules: &RuleSet, q: &Question, _place: Place) -> Result<Reply> {
        self.asked.push(q.id.clone());
        self.replies.pop_front().ok_or_else(|| {
            Missing {
                ids: vec![q.id.clone()],
                from: MissingFrom::NoTerminal,
            }
            .into()
        })
    }
}
