//! `boundcheck teach`: scripted scenarios for a class, one screen per step,
//! with votes, live "what if" changes and a reset; or the files for a class
//! (handout, answer key, slides); or the walk-through printed at once.

use boundcheck_rules::diagnostic::BadFiles;
use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use anyhow::{bail, Result};
use boundcheck_rules::level::Level;
use boundcheck_rules::model::{Kind, Question, RuleSet, Sheet, Value};
use boundcheck_rules::Scenario;

use super::Context;
use crate::cli::{ExportKind, TeachArgs};
use crate::exit::{Exit, Left, MissingFrom};
use crate::render::screen::Window;
use crate::render::teach::{self as screens, Lesson, Shown};
use crate::session::{self, Asker, Hooks, Mode, Move, Outcome, Place, Reply, Walk};
use crate::term::keys::{self, Action, Chosen};

/// Scenario files from a file or a directory (in name order); any broken file
/// is bad input, and so is a scenario that leaves a question unanswered.
pub fn load_all(
    rules: &RuleSet,
    base: &Sheet,
    path: &Path,
) -> Result<Vec<(PathBuf, Scenario, Sheet)>> {
    let files = boundcheck_rules::scenario::files(path).map_err(|d| BadFiles(vec![d]))?;
    let mut out = Vec::new();
    for f in files {
        let s = Scenario::load(&f, rules)?;
        let mut supplied = base.clone();
        for &(q, v) in &s.answers {
            supplied[q] = Some(v);
        }
        session::unattended(
            rules,
            &supplied,
            MissingFrom::Scenario(f.display().to_string()),
        )?;
        out.push((f, s, supplied));
    }
    Ok(out)
}

pub fn run(ctx: &Context, args: TeachArgs) -> Result<Exit> {
    let rules = ctx.rules()?;
    let mut base = rules.sheet();
    super::apply_code(rules, args.code.as_deref(), &ctx.config, &mut base)?;
    let scenarios = load_all(rules, &base, &args.path)?;
    if let Some(dir) = &args.out {
        return export(rules, &scenarios, &args.export, dir, args.force);
    }
    let width = crate::output::look().width;
    if args.no_pause {
        for (i, (path, s, supplied)) in scenarios.iter().enumerate() {
            let walked = session::unattended(
                rules,
                supplied,
                MissingFrom::Scenario(path.display().to_string()),
            )?;
            crate::output::out(&screens::walkthrough(
                rules,
                s,
                supplied,
                &walked,
                (i + 1, scenarios.len()),
                width,
            ))?;
        }
        return Ok(Exit::Done);
    }
    if !crate::term::is_terminal() {
        bail!("teach waits for keys between steps and needs a terminal; add --no-pause to print the walk-through instead, or --export to write handouts and slides");
    }
    crate::term::install_signals();
    crate::term::watch_resizes();
    let ended = present(rules, &scenarios, args.vote);
    let chosen = match &ended {
        Ok(()) => true,
        Err(e) => e.downcast_ref::<Left>().is_some(),
    };
    keys::leave_screen(chosen);
    match ended {
        Err(e) if e.downcast_ref::<Left>().is_some() => Ok(Exit::Done),
        Err(e) => Err(e),
        Ok(()) => Ok(Exit::Done),
    }
}

/// Writes the files for a class, per scenario and kind, into `dir`.
fn export(
    rules: &RuleSet,
    scenarios: &[(PathBuf, Scenario, Sheet)],
    kinds: &[ExportKind],
    dir: &Path,
    force: bool,
) -> Result<Exit> {
    let mut files: Vec<(String, String)> = Vec::new();
    for (path, s, supplied) in scenarios {
        let walked = session::unattended(
            rules,
            supplied,
            MissingFrom::Scenario(path.display().to_string()),
        )?;
        let stem = path
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "scenario".into());
        for kind in kinds {
            let (name, text) = match kind {
                ExportKind::Handout => (
                    format!("{stem}.handout.md"),
                    crate::render::slides::handout(rules, s, &walked),
                ),
                ExportKind::Key => (
                    format!("{stem}.key.md"),
                    crate::render::slides::key(rules, s, supplied, &walked),
                ),
                ExportKind::Html => (
                    format!("{stem}.html"),
                    crate::render::slides::html(rules, s, supplied, &walked),
                ),
            };
            if !files.iter().any(|(n, _)| *n == name) {
                files.push((name, crate::output::sanitize(&text).into_owned()));
            }
        }
    }
    crate::save::write_all_in(dir, &files, force)?;
    crate::output::notice(&crate::render::slides::exported(dir, &files));
    Ok(Exit::Done)
}

/// Where a scenario opens: at its title, or (coming back from the next one)
/// at its last screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arrive {
    Start,
    End,
}

enum Leave {
    Next,
    Previous,
}

fn window() -> Window {
    Window {
        width: keys::width(),
        // Plain mode prints each screen below the last, for a screen reader to
        // read whole: nothing is cut to fit the window.
        height: if crate::output::look().plain {
            usize::MAX / 4
        } else {
            keys::height()
        },
    }
}

/// The class: each scenario in turn; back from a title goes to the scenario
/// before, with its walk (and any what-if) as it was left.
fn present(rules: &RuleSet, scenarios: &[(PathBuf, Scenario, Sheet)], vote: bool) -> Result<()> {
    let mut walks: Vec<Walk<'_>> = scenarios
        .iter()
        .map(|(_, _, supplied)| Walk::new(rules, supplied.clone()))
        .collect();
    let mut classes: Vec<Class<'_>> = scenarios
        .iter()
        .enumerate()
        .map(|(i, (_, s, _))| Class::new(s, (i + 1, scenarios.len()), vote))
        .collect();
    let mut i = 0;
    let mut arrive = Arrive::Start;
    loop {
        match teach_one(&mut walks[i], &mut classes[i], arrive)? {
            Leave::Next if i + 1 < scenarios.len() => {
                i += 1;
                arrive = Arrive::Start;
            }
            Leave::Next => {
                if the_end(&class_lesson(
                    &scenarios[i].1,
                    (i + 1, scenarios.len()),
                    vote,
                ))? {
                    return Ok(());
                }
                arrive = Arrive::End;
            }
            Leave::Previous => {
                i -= 1;
                arrive = Arrive::End;
            }
        }
    }
}

fn class_lesson(s: &Scenario, position: (usize, usize), vote: bool) -> Lesson<'_> {
    Lesson {
        scenario: s,
        position,
        window: window(),
        vote,
    }
}

/// The screen after the last scenario: forward ends the class, back returns.
fn the_end(l: &Lesson<'_>) -> Result<bool> {
    loop {
        keys::draw(&screens::the_end(&Lesson {
            window: window(),
            ..*l
        }))?;
        match keys::action()? {
            Action::Forward => return Ok(true),
            Action::Back => return Ok(false),
            _ => {}
        }
    }
}

fn teach_one(walk: &mut Walk<'_>, class: &mut Class<'_>, mut arrive: Arrive) -> Result<Leave> {
    loop {
        if arrive == Arrive::Start {
            let first = class.position.0 == 1;
            let lesson = class.lesson();
            match pages(&|| screens::title(&lesson.refresh(), first), 0)? {
                (Action::Forward, _) => {}
                (Action::Back, _) if !first => return Ok(Leave::Previous),
                (Action::Help, _) => {
                    class.help()?;
                    continue;
                }
                _ => continue,
            }
        }
        class.arrive_at_end = arrive == Arrive::End;
        let mut asker = OnScreen {
            lesson: class.lesson(),
            went_back: class.went_back.clone(),
        };
        let mode = Mode {
            take_supplied: true,
            back_to_asked: false,
        };
        match session::run(walk, &mut asker, class, mode)? {
            Outcome::Finished => return Ok(Leave::Next),
            Outcome::BackPastStart => arrive = Arrive::Start,
        }
    }
}

impl Lesson<'_> {
    /// The same lesson in the window as it is now (it may have been resized).
    fn refresh(&self) -> Self {
        Lesson {
            window: window(),
            ..*self
        }
    }
}

/// Shows paged screens from `start` (a large number: the last page); returns
/// the action that leaves them (forward past the last page, back before the
/// first, or any other key but a page turn) and the page it was on.
fn pages(screens: &dyn Fn() -> Vec<Vec<String>>, start: usize) -> Result<(Action, usize)> {
    let mut at = start;
    loop {
        let all = screens();
        at = at.min(all.len().saturating_sub(1));
        if let Some(page) = all.get(at) {
            keys::draw(page)?;
        }
        match keys::action()? {
            Action::Forward if at + 1 < all.len() => at += 1,
            Action::Back if at > 0 => at -= 1,
            Action::None => {}
            a => return Ok((a, at)),
        }
    }
}

/// Where the result screens stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    Predict,
    Result,
    Details(usize),
    Discussion(usize),
}

/// How far to go on without stopping, after a what-if or a reset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Until {
    /// Stop at this question (or the first after it).
    Question(usize),
    /// Stop at the result.
    End,
}

/// The teacher's side of the answer loop: one screen per step, the result
/// screens, the what-ifs; what the class has already seen revealed.
struct Class<'a> {
    scenario: &'a Scenario,
    position: (usize, usize),
    vote: bool,
    /// Answers the class has seen (`--vote`): (question, answer).
    revealed: Vec<(usize, Value)>,
    /// Results the class has seen, with its prediction for each.
    results: Vec<(Sheet, Option<Level>)>,
    /// Whether an answer was changed since the start or the last reset.
    changed: bool,
    until: Option<Until>,
    /// Set by the asker when the presenter goes back from a question asked
    /// live: whatever was being skipped to, stop there.
    went_back: Rc<Cell<bool>>,
    arrive_at_end: bool,
    /// Said once on the next screen (after a reset).
    notice: Option<&'static str>,
}

impl<'a> Class<'a> {
    fn new(scenario: &'a Scenario, position: (usize, usize), vote: bool) -> Class<'a> {
        Class {
            scenario,
            position,
            vote,
            revealed: Vec::new(),
            results: Vec::new(),
            changed: false,
            until: None,
            went_back: Rc::new(Cell::new(false)),
            arrive_at_end: false,
            notice: None,
        }
    }

    fn lesson(&self) -> Lesson<'a> {
        class_lesson(self.scenario, self.position, self.vote)
    }

    fn is_revealed(&self, walk: &Walk<'_>) -> bool {
        let Some(st) = walk.steps().last() else {
            return true;
        };
        !self.vote
            || st.source == session::Source::Asked
            || self.revealed.contains(&(st.q, st.value))
    }

    fn reveal(&mut self, q: usize, v: Value) {
        if !self.revealed.contains(&(q, v)) {
            self.revealed.push((q, v));
        }
    }

    /// `v` over any screen: the vignette, until a key leaves it.
    fn vignette(&self) -> Result<()> {
        let lesson = self.lesson();
        pages(&|| screens::vignette(&lesson.refresh()), 0)?;
        Ok(())
    }

    fn help(&self) -> Result<()> {
        keys::draw(&screens::help(&self.lesson()))?;
        keys::action()?;
        Ok(())
    }

    /// `c` at a step: the answer shown, changed on screen (the script's
    /// answer is marked once the class has seen it).
    fn change_here(
        &mut self,
        walk: &Walk<'_>,
        q: usize,
        shown: Value,
        revealed: bool,
    ) -> Result<Option<Move>> {
        let script = walk.start()[q].or(walk.rules().questions[q].default);
        let script = if revealed { script } else { None };
        let question = &walk.rules().questions[q];
        let now = revealed.then_some(shown);
        match ask_on_screen(&self.lesson(), question, WHAT_IF, script, now)? {
            Some(v) if v != shown => {
                self.changed = true;
                self.reveal(q, v);
                Ok(Some(Move::Set(q, v)))
            }
            _ => Ok(None),
        }
    }

    /// `r`: every answer back to the script, staying at this question or the
    /// result. At a step whose answers are the script's already there is
    /// nothing to walk again (only the what-if summary is forgotten).
    fn reset(&mut self, walk: &Walk<'_>, until: Until) -> Option<Move> {
        self.changed = false;
        self.notice = Some(RESET);
        if until != Until::End && walk.compared_with_start().differences.is_empty() {
            return None;
        }
        self.until = Some(until);
        Some(Move::Reset)
    }

    /// One step on screen until a key moves on.
    fn show_step(&mut self, walk: &Walk<'_>) -> Result<Move> {
        let Some(&last) = walk.steps().last() else {
            return Ok(Move::On);
        };
        let mut revealed = self.is_revealed(walk);
        loop {
            let notice = self.notice.take();
            keys::draw(&screens::step(&self.lesson(), walk, revealed, notice))?;
            match keys::action()? {
                Action::Forward if !revealed => {
                    revealed = true;
                    self.reveal(last.q, last.value);
                }
                Action::Forward => return Ok(Move::On),
                Action::Back => return Ok(Move::Back),
                Action::Change => {
                    if let Some(m) = self.change_here(walk, last.q, last.value, revealed)? {
                        return Ok(m);
                    }
                }
                Action::Reset => {
                    if let Some(m) = self.reset(walk, Until::Question(last.q)) {
                        return Ok(m);
                    }
                }
                Action::Vignette => self.vignette()?,
                Action::Help => self.help()?,
                Action::Quit | Action::None => {}
            }
        }
    }

    /// `c` after the result: which answer, then its new value.
    fn change_after(&mut self, walk: &Walk<'_>) -> Result<Option<Move>> {
        let steps = walk.steps();
        if steps.is_empty() {
            return Ok(None);
        }
        let lesson = self.lesson();
        let picked = keys::choose(steps.len(), steps.len() - 1, &mut |cursor| {
            screens::pick_question(&lesson.refresh(), walk, cursor)
        })?;
        let Chosen::Item(i) = picked else {
            return Ok(None);
        };
        let st = steps[i];
        let q = &walk.rules().questions[st.q];
        let script = walk.start()[st.q].or(q.default);
        match ask_on_screen(&lesson, q, WHAT_IF, script, Some(st.value))? {
            Some(v) if v != st.value => {
                self.changed = true;
                self.reveal(st.q, v);
                self.until = Some(Until::End);
                Ok(Some(Move::Set(st.q, v)))
            }
            _ => Ok(None),
        }
    }

    fn seen(&self, sheet: &Sheet) -> Option<Option<Level>> {
        self.results
            .iter()
            .find(|(s, _)| s == sheet)
            .map(|(_, p)| *p)
    }

    /// The class's prediction (`--vote`); `None` when it goes back.
    fn predict(&mut self, walk: &Walk<'_>) -> Result<Option<()>> {
        let lesson = self.lesson();
        let picked = keys::choose(7, 0, &mut |cursor| {
            screens::prediction(&lesson.refresh(), cursor)
        })?;
        match picked {
            Chosen::Item(i) => {
                self.results
                    .push((walk.sheet(), Level::ALL.get(i).copied()));
                Ok(Some(()))
            }
            Chosen::Back => Ok(None),
        }
    }

    /// The result, why and what to do, and the discussion, in order.
    fn result_screens(&mut self, walk: &Walk<'_>) -> Result<Move> {
        let sheet = walk.sheet();
        let mut at = if self.arrive_at_end {
            self.arrive_at_end = false;
            if self.scenario.discussion.is_some() {
                At::Discussion(usize::MAX)
            } else {
                At::Details(usize::MAX)
            }
        } else if self.vote && self.seen(&sheet).is_none() {
            At::Predict
        } else {
            At::Result
        };
        let mut hidden = self.vote && self.seen(&sheet).is_none();
        loop {
            let action = match at {
                At::Predict => match self.predict(walk)? {
                    Some(()) => {
                        at = At::Result;
                        continue;
                    }
                    None => return Ok(Move::Back),
                },
                At::Result => {
                    let shown = Shown {
                        revealed: !hidden,
                        prediction: self.seen(&sheet).flatten(),
                        changed: self.changed,
                        notice: self.notice.take(),
                    };
                    keys::draw(&screens::result(&self.lesson(), walk, shown))?;
                    keys::action()?
                }
                At::Details(p) => {
                    let lesson = self.lesson();
                    let has = self.scenario.discussion.is_some();
                    let (a, page) = pages(&|| screens::details(&lesson.refresh(), walk, has), p)?;
                    at = At::Details(page);
                    a
                }
                At::Discussion(p) => {
                    let lesson = self.lesson();
                    let (a, page) = pages(&|| screens::discussion(&lesson.refresh()), p)?;
                    at = At::Discussion(page);
                    a
                }
            };
            match (action, at) {
                (Action::Forward, At::Result) if hidden => hidden = false,
                (Action::Forward, At::Result) => at = At::Details(0),
                (Action::Forward, At::Details(_)) if self.scenario.discussion.is_some() => {
                    at = At::Discussion(0)
                }
                (Action::Forward, _) => return Ok(Move::On),
                (Action::Back, At::Result) if self.vote => {
                    self.results.retain(|(s, _)| *s != sheet);
                    at = At::Predict;
                    hidden = true;
                }
                (Action::Back, At::Result) => return Ok(Move::Back),
                (Action::Back, At::Details(_)) => at = At::Result,
                (Action::Back, _) => at = At::Details(usize::MAX),
                (Action::Change, _) => {
                    if let Some(m) = self.change_after(walk)? {
                        return Ok(m);
                    }
                }
                (Action::Reset, _) => {
                    if let Some(m) = self.reset(walk, Until::End) {
                        return Ok(m);
                    }
                }
                (Action::Vignette, _) => self.vignette()?,
                (Action::Help, _) => self.help()?,
                _ => {}
            }
        }
    }
}

impl Hooks for Class<'_> {
    fn after(&mut self, walk: &Walk<'_>, _asker: &mut dyn Asker) -> Result<Move> {
        let Some(last) = walk.steps().last() else {
            return Ok(Move::On);
        };
        if self.went_back.replace(false) {
            self.until = None;
        }
        match self.until {
            Some(Until::End) => {
                self.reveal(last.q, last.value);
                return Ok(Move::On);
            }
            Some(Until::Question(q)) if last.q < q => {
                self.reveal(last.q, last.value);
                return Ok(Move::On);
            }
            Some(Until::Question(_)) => self.until = None,
            None => {}
        }
        self.show_step(walk)
    }

    fn at_end(&mut self, walk: &Walk<'_>, _asker: &mut dyn Asker) -> Result<Move> {
        self.until = None;
        self.result_screens(walk)
    }
}

/// Asks `q` on a screen of its own: ↑/↓ and Enter, or digits for a number;
/// `None` when the presenter goes back (keeping the answer).
fn ask_on_screen(
    l: &Lesson<'_>,
    q: &Question,
    heading: &str,
    script: Option<Value>,
    now: Option<Value>,
) -> Result<Option<Value>> {
    if q.kind == Kind::Number {
        let start = match now.or(script) {
            Some(Value::Number(n)) => Some(n),
            _ => None,
        };
        return keys::type_number(
            start,
            &mut |typed, problem| screens::typing(&l.refresh(), q, heading, typed, problem),
            &|typed| q.parse_value(typed),
        );
    }
    let start = match now.or(script) {
        Some(Value::Choice(i)) => usize::from(i),
        _ => 0,
    };
    match keys::choose(q.choices.len(), start, &mut |cursor| {
        screens::asking(&l.refresh(), q, heading, script, now, cursor)
    })? {
        Chosen::Item(i) => Ok(Some(Value::Choice(i as u8))),
        Chosen::Back => Ok(None),
    }
}

const WHAT_IF: &str = "What if… the answer were different?";
const RESET: &str = "Reset: every answer is the script's again.";

/// The loop's asker in teach: a question a what-if opened that the script
/// does not answer, asked on screen.
struct OnScreen<'a> {
    lesson: Lesson<'a>,
    went_back: Rc<Cell<bool>>,
}

impl Asker for OnScreen<'_> {
    fn ask(&mut self, _rules: &RuleSet, q: &Question, place: Place) -> Result<Reply> {
        let heading =
            "The change opens a question the script does not answer: what does the class say?";
        Ok(
            match ask_on_screen(&self.lesson, q, heading, None, place.previous)? {
                Some(v) => Reply::Answer(v),
                None => {
                    self.went_back.set(true);
                    Reply::Back
                }
            },
        )
    }
}
