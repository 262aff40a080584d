//! `boundcheck teach`: a scripted walk-through for a class, with live "what if".

use std::path::PathBuf;

use anyhow::{bail, Result};
use boundcheck_rules::model::{RuleSet, Sheet};
use boundcheck_rules::Scenario;

use super::Context;
use crate::cli::TeachArgs;
use crate::exit::{Exit, Interrupted, MissingFrom};
use crate::render::teach as screens;
use crate::session::{self, Hooks, Mode, Move, Outcome, Walk};
use crate::term::keys::{self, Key};

/// Scenario files from a file or a directory (in name order); any broken file
/// is bad input, and so is a scenario that leaves a question unanswered.
pub fn load_all(
    rules: &RuleSet,
    base: &Sheet,
    path: &std::path::Path,
) -> Result<Vec<(PathBuf, Scenario, Sheet)>> {
    let files = boundcheck_rules::scenario::files(path).map_err(|d| anyhow::anyhow!("{d}"))?;
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
    super::apply_code(&rules, args.code.as_deref(), &ctx.config, &mut base)?;
    let scenarios = load_all(&rules, &base, &args.path)?;
    let width = crate::output::look().width;
    if args.no_pause {
        for (i, (path, s, supplied)) in scenarios.iter().enumerate() {
            let walked = session::unattended(
                &rules,
                supplied,
                MissingFrom::Scenario(path.display().to_string()),
            )?;
            crate::output::out(&screens::walkthrough(
                &rules,
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
        bail!("teach waits for keys between steps and needs a terminal; add --no-pause to print the walk-through instead");
    }
    crate::term::install_signals();
    let mut i = 0;
    while i < scenarios.len() {
        let (path, s, supplied) = &scenarios[i];
        match teach_one(&rules, path, s, supplied, (i + 1, scenarios.len()))? {
            Leave::Next => i += 1,
            Leave::Previous => i = i.saturating_sub(1),
        }
    }
    keys::leave_screen();
    Ok(Exit::Done)
}

enum Leave {
    Next,
    Previous,
}

struct Class<'a> {
    scenario: &'a Scenario,
    script: &'a Sheet,
    position: (usize, usize),
}

impl Hooks for Class<'_> {
    fn after(&mut self, walk: &Walk<'_>, _asker: &mut dyn crate::session::Asker) -> Result<Move> {
        let width = keys::width();
        keys::draw(&screens::step(walk, self.scenario, self.position, width))?;
        loop {
            match keys::read()? {
                Key::Forward => return Ok(Move::On),
                Key::Back => return Ok(Move::Back),
                Key::Quit => return Ok(Move::Quit),
                Key::Change => {
                    return Ok(walk
                        .steps()
                        .last()
                        .map(|s| Move::Change(s.q))
                        .unwrap_or(Move::On))
                }
                Key::Vignette => {
                    keys::draw(&screens::vignette(self.scenario, width))?;
                    keys::read()?;
                    keys::draw(&screens::step(walk, self.scenario, self.position, width))?;
                }
                _ => {}
            }
        }
    }

    fn at_end(&mut self, walk: &Walk<'_>, _asker: &mut dyn crate::session::Asker) -> Result<Move> {
        self.result_screens(walk)
    }
}

impl Class<'_> {
    /// The result, then the discussion; back from the discussion shows the result again.
    fn result_screens(&mut self, walk: &Walk<'_>) -> Result<Move> {
        let width = keys::width();
        keys::draw(&screens::result(walk, self.scenario, self.script, width))?;
        loop {
            match keys::read()? {
                Key::Forward => break,
                Key::Back => return Ok(Move::Back),
                Key::Quit => return Ok(Move::Quit),
                _ => {}
            }
        }
        if self.scenario.discussion.is_some() {
            keys::draw(&screens::discussion(self.scenario, width))?;
            loop {
                match keys::read()? {
                    Key::Forward => break,
                    Key::Back => return self.result_screens(walk),
                    Key::Quit => return Ok(Move::Quit),
                    _ => {}
                }
            }
        }
        Ok(Move::On)
    }
}

fn teach_one(
    rules: &RuleSet,
    _path: &std::path::Path,
    s: &Scenario,
    supplied: &Sheet,
    position: (usize, usize),
) -> Result<Leave> {
    loop {
        let width = keys::width();
        keys::draw(&screens::title(s, position, width))?;
        match keys::read()? {
            Key::Forward => {}
            Key::Back if position.0 > 1 => return Ok(Leave::Previous),
            Key::Quit => return Err(Interrupted.into()),
            _ => continue,
        }
        let mut walk = Walk::new(rules, supplied.clone());
        let mut class = Class {
            scenario: s,
            script: supplied,
            position,
        };
        let mut asker = crate::term::asker();
        let mode = Mode {
            take_supplied: true,
            back_to_asked: false,
        };
        match session::run(&mut walk, asker.as_mut(), &mut class, mode)? {
            Outcome::Finished => return Ok(Leave::Next),
            Outcome::BackPastStart => continue,
        }
    }
}
