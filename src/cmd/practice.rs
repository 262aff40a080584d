//! `boundcheck practice`: the trainee answers, predicts, and compares with the
//! scenario, over as many sittings as it takes; progress is kept after each
//! finished scenario.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use boundcheck_rules::level::Level;
use boundcheck_rules::model::{RuleSet, Sheet, Value};
use boundcheck_rules::practice::{Answers, Attempt};
use boundcheck_rules::Scenario;

use super::Context;
use crate::cli::PracticeArgs;
use crate::exit::{Exit, Interrupted, MissingFrom};
use crate::output::notice;
use crate::progress::{self, Chosen, Finished, Last, Run, Selection, Store};
use crate::render::practice::{self as view, Header};
use crate::session::{self, Asker, Hooks, Mode, Move, Outcome, Place, Reply, Walk};

/// Asks for the prediction when the questions are done; Esc goes back into them.
#[derive(Default)]
pub struct Predict {
    pub prediction: Option<Level>,
}

impl Hooks for Predict {
    fn at_end(&mut self, walk: &Walk<'_>, asker: &mut dyn Asker) -> Result<Move> {
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
        match asker.ask(walk.rules(), &view::prediction_question(), place)? {
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

/// A choice practice asks of its own (resume, what next): the index chosen,
/// `None` for Esc.
fn choose(rules: &RuleSet, q: &boundcheck_rules::Question) -> Result<Option<usize>> {
    // Number 0: not one of the scenario's questions.
    let place = Place {
        number: 0,
        answered: 0,
        previous: Some(Value::Choice(0)),
    };
    match crate::term::asker().ask(rules, q, place)? {
        Reply::Answer(Value::Choice(i)) => Ok(Some(usize::from(i))),
        Reply::Answer(_) => Ok(Some(0)),
        Reply::Back => Ok(None),
        Reply::Quit => Err(Interrupted.into()),
    }
}

const MODE: Mode = Mode {
    take_supplied: true,
    back_to_asked: true,
};

/// One practice session: the scenarios, the run, what has been finished.
struct Sitting<'r> {
    rules: &'r RuleSet,
    /// Path, scenario, the script's answers (with the code given), name under the practised path.
    scenarios: Vec<(PathBuf, Scenario, Sheet, String)>,
    /// What the trainee is given in advance: the ethics code.
    base: Sheet,
    run: Run,
    /// The finished scenarios of the run, in its order.
    done: Vec<(Walk<'r>, Attempt)>,
    store: Store,
    /// The command that comes back here.
    again: String,
    width: usize,
}

/// How a sitting ended.
enum Ended {
    RunOver,
    ForNow,
}

pub fn run(ctx: &Context, args: PracticeArgs) -> Result<Exit> {
    let rules = ctx.rules()?;
    let mut base = rules.sheet();
    super::apply_code(rules, args.code.as_deref(), &ctx.config, &mut base)?;
    let scenarios = named(
        &args.path,
        super::teach::load_all(rules, &base, &args.path)?,
    );
    let save = match &args.save {
        Some(path) => Some(crate::save::prepare(path, args.force)?),
        None => None,
    };
    if !crate::term::is_terminal() {
        bail!("practice asks you questions and needs a terminal; to check scenario files without one, use `boundcheck check`");
    }
    crate::term::install_signals();
    let look = crate::output::look();
    // Everything practice says goes to stderr, beside its prompts.
    colored::control::set_override(look.color_err);
    let store = Store::open(&args.path, rules);
    let width = look.width;
    if let Some(p) = &store.problem {
        notice(&view::progress_not_kept(p, width));
    } else if store.progress.results.is_empty() && store.progress.runs.is_empty() {
        if let Some(v) = store.kept_with_other_rules() {
            notice(&view::kept_with_other_rules(&v, width));
        }
    }
    if !store.progress.results.is_empty() || !store.progress.runs.is_empty() {
        crate::term::set_stop_message(Some(view::stopped_earlier_kept()));
    }
    let mut sitting = Sitting {
        rules,
        scenarios,
        base,
        run: Run {
            selection: Selection::default(),
            started: String::new(),
            order: Vec::new(),
            done: Vec::new(),
        },
        done: Vec::new(),
        store,
        again: again_command(ctx, &args, true),
        width,
    };
    let Some(run) = sitting.plan(&args)? else {
        return Ok(Exit::Done);
    };
    sitting.start(run)?;
    let ended = sitting.practise()?;
    let attempts: Vec<Attempt> = sitting.done.iter().map(|(_, a)| a.clone()).collect();
    let of = sitting.run.order.len();
    notice(&view::summary(
        &attempts,
        of,
        &format!("{} --missed", again_command(ctx, &args, false)),
        width,
    ));
    if let Ended::ForNow = ended {
        notice(&view::stopped_for_now(
            sitting.run.done.len(),
            of,
            &sitting.again,
            width,
        ));
    }
    if let (Some(save), Some(path)) = (save, &args.save) {
        let head = view::ReportHead {
            practised: &boundcheck_rules::text::one_line(&args.path.display().to_string()),
            of,
            code: code_label(rules, &sitting.base),
        };
        let report = view::report(&attempts, &head);
        save.write(&crate::output::sanitize(&report))?;
        notice(&view::saved(
            &path.display().to_string(),
            matches!(ended, Ended::RunOver),
        ));
    }
    Ok(Exit::Done)
}

/// Each scenario with its name under the practised path (a file: its own name).
fn named(
    root: &Path,
    loaded: Vec<(PathBuf, Scenario, Sheet)>,
) -> Vec<(PathBuf, Scenario, Sheet, String)> {
    loaded
        .into_iter()
        .map(|(p, s, sheet)| {
            let name = if root.is_dir() {
                p.strip_prefix(root).unwrap_or(&p).display().to_string()
            } else {
                p.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            };
            (p, s, sheet, name)
        })
        .collect()
}

/// `boundcheck practice PATH` with the flags that choose the same rules (and,
/// with `chosen`, the same kind of run).
fn again_command(ctx: &Context, args: &PracticeArgs, chosen: bool) -> String {
    let word = |s: &str| view::shell_word(s);
    let mut s = format!(
        "boundcheck practice {}",
        word(&args.path.display().to_string())
    );
    if ctx.overlays != ctx.config.rules {
        for r in &ctx.overlays {
            s.push_str(&format!(" --rules {}", word(&r.display().to_string())));
        }
    }
    if let Some(c) = &args.code {
        s.push_str(&format!(" --code {}", word(c)));
    }
    if chosen {
        if args.missed {
            s.push_str(" --missed");
        }
        for t in &args.tag {
            s.push_str(&format!(" --tag {}", word(t)));
        }
        if let Some(n) = args.pick {
            s.push_str(&format!(" --pick {n}"));
        }
    }
    boundcheck_rules::text::one_line(&s)
}

/// The code question's answer in `sheet`, in words.
fn code_label(rules: &RuleSet, sheet: &Sheet) -> Option<String> {
    let q = rules.question_index(boundcheck_rules::engine::CODE_QUESTION)?;
    sheet[q].map(|v| rules.questions[q].label(v))
}

impl<'r> Sitting<'r> {
    fn index_of(&self, name: &str) -> Option<usize> {
        self.scenarios.iter().position(|s| s.3 == name)
    }

    /// The run to practise: the unfinished one (asked, or with --resume), or a
    /// new one as --missed, --tag, --pick and --shuffle choose; `None` when
    /// nothing is left to do.
    fn plan(&mut self, args: &PracticeArgs) -> Result<Option<Run>> {
        let sel = Selection {
            missed: args.missed,
            tags: args.tag.clone(),
            pick: args.pick.map(usize::from),
            shuffle: args.shuffle,
        };
        let kept = self
            .store
            .unfinished(&sel)
            .filter(|r| r.order.iter().all(|n| self.index_of(n).is_some()))
            .cloned();
        match kept {
            Some(r) if args.resume => return Ok(Some(r)),
            Some(r) if args.restart => {
                notice(&view::new_run_replaces(
                    r.done.len(),
                    r.order.len(),
                    self.width,
                ));
            }
            Some(r) => {
                let next = self.index_of(&r.order[r.done.len()]).unwrap_or(0);
                let title = self.scenarios[next].1.title.clone().unwrap_or_default();
                let q = view::resume_question(r.done.len(), r.order.len(), &r.started, &title);
                match choose(self.rules, &q)? {
                    Some(0) => return Ok(Some(r)),
                    Some(_) => {}
                    None => return Err(Interrupted.into()),
                }
            }
            None if args.resume => notice(&view::nothing_to_resume(self.width)),
            None => {}
        }
        let tagged: Vec<(String, Vec<String>)> = self
            .scenarios
            .iter()
            .map(|s| (s.3.clone(), s.1.tags.clone()))
            .collect();
        match progress::choose(&tagged, &self.store.progress.results, &sel) {
            Chosen::Run(order) => Ok(Some(Run {
                selection: sel.clone(),
                started: crate::render::now_local().1,
                order: order.into_iter().map(|i| tagged[i].0.clone()).collect(),
                done: Vec::new(),
            })),
            Chosen::NoTag(known) => bail!(view::no_such_tag(&args.tag, &known)),
            Chosen::NothingMissed(practised) => {
                notice(&view::nothing_missed(practised, self.width));
                Ok(None)
            }
        }
    }

    /// Takes up `run`, showing again what was finished in it before.
    fn start(&mut self, mut run: Run) -> Result<()> {
        let mut replayed = 0;
        for f in &run.done {
            let Some(k) = self.index_of(&f.file) else {
                break;
            };
            let Some(walk) = f.replay(self.rules) else {
                break;
            };
            let attempt = self.compare(k, &walk, f.prediction)?;
            self.done.push((walk, attempt));
            replayed += 1;
        }
        run.done.truncate(replayed);
        self.run = run;
        self.kept();
        Ok(())
    }

    /// What the trainee is given for scenario `k`: the ethics code the
    /// scenario names (a fact of the vignette), else the one given with --code.
    fn given(&self, k: usize) -> Sheet {
        let mut sheet = self.base.clone();
        if let Some(q) = self
            .rules
            .question_index(boundcheck_rules::engine::CODE_QUESTION)
        {
            if let Some(v) = self.scenarios[k].1.answer(q) {
                sheet[q] = Some(v);
            }
        }
        sheet
    }

    fn compare(&self, k: usize, walk: &Walk<'_>, prediction: Level) -> Result<Attempt> {
        let (path, s, script, _) = &self.scenarios[k];
        let walked = session::unattended(
            self.rules,
            script,
            MissingFrom::Scenario(path.display().to_string()),
        )?;
        let mine = walk.walked();
        Ok(Attempt::new(
            self.rules,
            s,
            Answers {
                supplied: script,
                walked: &walked,
            },
            Answers {
                supplied: walk.given(),
                walked: &mine,
            },
            prediction,
        ))
    }

    /// Tells a later Ctrl-C what is kept.
    fn kept(&self) {
        if self.store.keeps() && !self.run.done.is_empty() {
            let text = view::stopped_with_progress(
                self.run.done.len(),
                self.run.order.len(),
                &self.again,
                self.width,
            );
            crate::term::set_stop_message(Some(crate::output::sanitize(&text).into_owned()));
        }
    }

    /// The scenarios of the run, from the first unfinished one.
    fn practise(&mut self) -> Result<Ended> {
        let of = self.run.order.len();
        let mut i = self.done.len();
        let back_key = if crate::output::look().plain {
            "b"
        } else {
            "Esc"
        };
        while i < of {
            let Some(k) = self.index_of(&self.run.order[i]) else {
                bail!("{} is no longer there", self.run.order[i]);
            };
            let again = i < self.done.len();
            let (mut walk, mut predict) = match self.done.get(i) {
                Some((w, a)) => (
                    w.clone(),
                    Predict {
                        prediction: Some(a.prediction),
                    },
                ),
                None => (Walk::new(self.rules, self.given(k)), Predict::default()),
            };
            let s = &self.scenarios[k].1;
            let code = match self
                .rules
                .question_index(boundcheck_rules::engine::CODE_QUESTION)
            {
                Some(q) if s.answer(q).is_some() => code_label(self.rules, walk.given()),
                _ => None,
            };
            let header = Header {
                scenario: s,
                number: i + 1,
                of,
                again,
                code,
                back_key,
            };
            notice(&view::header(&header, self.width));
            let mut asker = crate::term::asker();
            if session::run(&mut walk, asker.as_mut(), &mut predict, MODE)?
                == Outcome::BackPastStart
            {
                // Esc at the first question: back to the previous scenario; at the very first, quit.
                if i == 0 {
                    return Err(Interrupted.into());
                }
                i -= 1;
                continue;
            }
            self.finish(i, k, walk, predict.prediction.unwrap_or(Level::Proceed))?;
            i += 1;
            if i < of {
                notice(&view::running_score(
                    &self.done.iter().map(|(_, a)| a.clone()).collect::<Vec<_>>(),
                ));
                let next = self.index_of(&self.run.order[i]).unwrap_or(0);
                let title = self.scenarios[next].1.title.clone().unwrap_or_default();
                match choose(self.rules, &view::next_question(i + 1, of, &title))? {
                    Some(0) => {}
                    Some(_) => return Ok(Ended::ForNow),
                    None => i -= 1,
                }
            }
        }
        Ok(Ended::RunOver)
    }

    /// Compares, shows, and records the `i`-th scenario of the run.
    fn finish(&mut self, i: usize, k: usize, walk: Walk<'r>, prediction: Level) -> Result<()> {
        let attempt = self.compare(k, &walk, prediction)?;
        notice(&view::comparison(&attempt, self.width));
        let finished = Finished::new(&self.scenarios[k].3, &walk, prediction);
        let last = Last {
            date: crate::render::now_local().0,
            prediction,
            missed: attempt.to_retry(),
        };
        if let Err(e) = self.store.record(&mut self.run, i, finished, last) {
            notice(&view::progress_not_kept(&format!("{e:#}"), self.width));
        }
        if i < self.done.len() {
            self.done[i] = (walk, attempt);
        } else {
            self.done.push((walk, attempt));
        }
        self.kept();
        Ok(())
    }
}
