//! Practice progress kept between sittings: one small JSON file per directory
//! (or file) practised and rule set, in the platform data directory, written
//! atomically after each finished scenario; and which scenarios a run takes.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use boundcheck_rules::level::Level;
use boundcheck_rules::model::{RuleSet, Sheet};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::session::{self, Mode, Reply, Script, Source, Walk};

/// The version of the file's layout.
const FORMAT: u32 = 1;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub format: u32,
    /// The directory or file practised (its canonical path).
    pub path: String,
    pub version: String,
    pub digest: String,
    /// The latest result of each scenario, by its name under `path`.
    #[serde(default)]
    pub results: BTreeMap<String, Last>,
    /// Runs left before their end: at most one of each kind of selection
    /// (the whole directory, the missed ones, a tag, a pick).
    #[serde(default)]
    pub runs: Vec<Run>,
}

/// How a scenario went the last time it was finished.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Last {
    pub date: String,
    pub prediction: Level,
    /// The prediction was outside the expected range, or a key issue was missed.
    pub missed: bool,
}

/// A run: the scenarios it takes, in order, and those finished so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    /// How its scenarios were chosen (its kind: a new run of the same kind replaces it).
    pub selection: Selection,
    pub started: String,
    pub order: Vec<String>,
    pub done: Vec<Finished>,
}

impl Run {
    /// Left part-way: something finished, something still to do.
    pub fn resumable(&self) -> bool {
        !self.done.is_empty() && self.done.len() < self.order.len()
    }
}

/// A finished scenario of a run, enough to show it again in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finished {
    pub file: String,
    /// Given in advance (the ethics code), as `id=answer`.
    pub given: Vec<String>,
    /// Asked, in the order asked, as `id=answer`.
    pub asked: Vec<String>,
    pub prediction: Level,
}

impl Finished {
    pub fn new(file: &str, walk: &Walk<'_>, prediction: Level) -> Finished {
        let rules = walk.rules();
        let pair = |q: usize, v| {
            let question = &rules.questions[q];
            format!("{}={}", question.id, question.answer(v))
        };
        Finished {
            file: file.to_string(),
            given: walk
                .given()
                .iter()
                .enumerate()
                .filter_map(|(q, v)| v.map(|v| pair(q, v)))
                .collect(),
            asked: walk
                .steps()
                .iter()
                .filter(|s| s.source == Source::Asked)
                .map(|s| pair(s.q, s.value))
                .collect(),
            prediction,
        }
    }

    /// The walk again, as it was answered (`None` if these rules cannot replay it).
    pub fn replay<'r>(&self, rules: &'r RuleSet) -> Option<Walk<'r>> {
        let value = |pair: &String| {
            let (id, v) = pair.split_once('=')?;
            let q = rules.question_index(id)?;
            rules.questions[q].parse_value(v).ok().map(|v| (q, v))
        };
        let mut given: Sheet = rules.sheet();
        for p in &self.given {
            let (q, v) = value(p)?;
            given[q] = Some(v);
        }
        let replies: Option<Vec<Reply>> = self
            .asked
            .iter()
            .map(|p| value(p).map(|(_, v)| Reply::Answer(v)))
            .collect();
        let mut script = Script::new(replies?);
        let mut walk = Walk::new(rules, given);
        let mode = Mode {
            take_supplied: true,
            back_to_asked: true,
        };
        let ended = session::run(&mut walk, &mut script, &mut session::Plain, mode).ok()?;
        (ended == session::Outcome::Finished && script.replies.is_empty()).then_some(walk)
    }
}

/// The progress file of one path and rule set, and why it cannot be kept, if it cannot.
pub struct Store {
    file: Option<PathBuf>,
    pub progress: Progress,
    /// Progress cannot be kept, or what was kept could not be read: why.
    pub problem: Option<String>,
}

/// Where progress files live: the platform data directory (`$XDG_DATA_HOME` on Linux).
fn folder() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "boundcheck").map(|d| d.data_dir().join("practice"))
}

impl Store {
    /// The progress of `practised` (a directory or file) with these rules.
    pub fn open(practised: &Path, rules: &RuleSet) -> Store {
        let path = std::fs::canonicalize(practised)
            .unwrap_or_else(|_| practised.to_path_buf())
            .display()
            .to_string();
        let fresh = Progress {
            format: FORMAT,
            path: path.clone(),
            version: rules.version.clone(),
            digest: rules.digest.clone(),
            ..Progress::default()
        };
        let Some(dir) = folder() else {
            return Store {
                file: None,
                progress: fresh,
                problem: Some("this system has no data directory for it".into()),
            };
        };
        let hash = Sha256::digest(format!("{path}\n{}", rules.digest).as_bytes());
        let name: String = hash[..8].iter().map(|b| format!("{b:02x}")).collect();
        let file = dir.join(format!("{name}.json"));
        let mut store = Store {
            file: Some(file.clone()),
            progress: fresh.clone(),
            problem: None,
        };
        match std::fs::read_to_string(&file) {
            Ok(text) => match serde_json::from_str::<Progress>(&text) {
                Ok(p) if p.path == path && p.digest == rules.digest => store.progress = p,
                Ok(_) => {}
                Err(e) => {
                    store.problem = Some(format!(
                        "{} could not be read ({e}); it will be replaced",
                        file.display()
                    ))
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => store.problem = Some(format!("{}: {e}", file.display())),
        }
        if let Err(e) = std::fs::create_dir_all(&dir) {
            store.file = None;
            store.problem = Some(format!("{}: {e}", dir.display()));
        }
        store
    }

    /// The unfinished run of the same kind as `sel`, if one can be resumed.
    pub fn unfinished(&self, sel: &Selection) -> Option<&Run> {
        self.progress
            .runs
            .iter()
            .find(|r| r.selection.same_kind(sel) && r.resumable())
    }

    /// Whether progress can be written.
    pub fn keeps(&self) -> bool {
        self.file.is_some()
    }

    /// The rule-set version of progress kept for the same path with other rules, if any.
    pub fn kept_with_other_rules(&self) -> Option<String> {
        let dir = self.file.as_ref()?.parent()?;
        std::fs::read_dir(dir)
            .ok()?
            .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .filter_map(|t| serde_json::from_str::<Progress>(&t).ok())
            .find(|p| {
                p.path == self.progress.path
                    && p.digest != self.progress.digest
                    && (!p.results.is_empty() || !p.runs.is_empty())
            })
            .map(|p| p.version)
    }

    /// Records a finished scenario of `run` (as its `index`-th), and writes the
    /// file. A run whose every scenario is finished is over: it is no longer kept.
    pub fn record(
        &mut self,
        run: &mut Run,
        index: usize,
        finished: Finished,
        last: Last,
    ) -> Result<()> {
        self.progress.results.insert(finished.file.clone(), last);
        if index < run.done.len() {
            run.done[index] = finished;
        } else {
            run.done.push(finished);
        }
        self.progress
            .runs
            .retain(|r| !r.selection.same_kind(&run.selection));
        if run.done.len() < run.order.len() {
            self.progress.runs.push(run.clone());
        }
        self.write()
    }

    /// Writes the file atomically (a temporary file beside it, then a rename),
    /// readable by the owner only; a Ctrl-C waits until it is in place.
    fn write(&self) -> Result<()> {
        let Some(file) = &self.file else {
            return Ok(());
        };
        let dir = file.parent().unwrap_or(Path::new("."));
        let text = serde_json::to_string_pretty(&self.progress)?;
        crate::term::unstoppable(|| -> Result<()> {
            let mut tmp = tempfile::Builder::new()
                .prefix(".progress-")
                .suffix(".tmp")
                .tempfile_in(dir)?;
            tmp.write_all(text.as_bytes())?;
            tmp.as_file().sync_all()?;
            tmp.persist(file).map_err(|e| e.error)?;
            Ok(())
        })
        .with_context(|| format!("could not record your progress in {}", file.display()))
    }
}

/// Which scenarios a new run takes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Selection {
    #[serde(default)]
    pub missed: bool,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub pick: Option<usize>,
    /// Only the order: not part of a run's kind.
    #[serde(default)]
    pub shuffle: bool,
}

impl Selection {
    /// Runs of one kind take the same scenarios (in any order).
    pub fn same_kind(&self, other: &Selection) -> bool {
        let tags = |s: &Selection| {
            let mut t: Vec<String> = s.tags.iter().map(|t| t.to_lowercase()).collect();
            t.sort();
            t.dedup();
            t
        };
        self.missed == other.missed && self.pick == other.pick && tags(self) == tags(other)
    }
}

/// What a selection leaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chosen {
    /// Indexes into the scenarios, in the order to practise them.
    Run(Vec<usize>),
    /// No scenario has any of the tags; these are the tags there are.
    NoTag(Vec<String>),
    /// `--missed`, and none is marked missed; this many were practised.
    NothingMissed(usize),
}

/// Chooses a run from scenarios `(name, tags)`: those with any of the tags,
/// only those missed last time, `pick` of them at random (those never done
/// first, then those missed), in name order unless shuffled.
pub fn choose(
    scenarios: &[(String, Vec<String>)],
    results: &BTreeMap<String, Last>,
    sel: &Selection,
) -> Chosen {
    let has_tag = |tags: &[String]| {
        sel.tags.is_empty()
            || tags
                .iter()
                .any(|t| sel.tags.iter().any(|w| w.eq_ignore_ascii_case(t)))
    };
    let mut chosen: Vec<usize> = (0..scenarios.len())
        .filter(|&i| has_tag(&scenarios[i].1))
        .collect();
    if chosen.is_empty() {
        let mut known: Vec<String> = scenarios.iter().flat_map(|s| s.1.clone()).collect();
        known.sort();
        known.dedup();
        return Chosen::NoTag(known);
    }
    if sel.missed {
        let practised = chosen
            .iter()
            .filter(|&&i| results.contains_key(&scenarios[i].0))
            .count();
        chosen.retain(|&i| results.get(&scenarios[i].0).is_some_and(|l| l.missed));
        if chosen.is_empty() {
            return Chosen::NothingMissed(practised);
        }
    }
    if let Some(n) = sel.pick {
        fastrand::shuffle(&mut chosen);
        // Never done first, then missed, then the rest (a stable sort keeps the shuffle within each).
        chosen.sort_by_key(|&i| match results.get(&scenarios[i].0) {
            None => 0,
            Some(l) if l.missed => 1,
            Some(_) => 2,
        });
        chosen.truncate(n);
        chosen.sort_unstable();
    }
    if sel.shuffle {
        fastrand::shuffle(&mut chosen);
    }
    Chosen::Run(chosen)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenarios() -> Vec<(String, Vec<String>)> {
        vec![
            ("a.yaml".into(), vec!["gifts".into()]),
            ("b.yaml".into(), vec!["messages".into()]),
            ("c.yaml".into(), vec!["gifts".into(), "Money".into()]),
        ]
    }

    fn last(missed: bool) -> Last {
        Last {
            date: "2026-12-01".into(),
            prediction: Level::Consult,
            missed,
        }
    }

    #[test]
    fn tags_choose_any_of_them_in_name_order() {
        let sel = Selection {
            tags: vec!["money".into(), "messages".into()],
            ..Selection::default()
        };
        assert_eq!(
            choose(&scenarios(), &BTreeMap::new(), &sel),
            Chosen::Run(vec![1, 2])
        );
        let sel = Selection {
            tags: vec!["nope".into()],
            ..Selection::default()
        };
        assert_eq!(
            choose(&scenarios(), &BTreeMap::new(), &sel),
            Chosen::NoTag(vec!["Money".into(), "gifts".into(), "messages".into()])
        );
    }

    #[test]
    fn missed_takes_only_those_missed_last_time() {
        let results = BTreeMap::from([
            ("a.yaml".to_string(), last(false)),
            ("c.yaml".to_string(), last(true)),
        ]);
        let sel = Selection {
            missed: true,
            ..Selection::default()
        };
        assert_eq!(choose(&scenarios(), &results, &sel), Chosen::Run(vec![2]));
        let none = BTreeMap::from([("a.yaml".to_string(), last(false))]);
        assert_eq!(choose(&scenarios(), &none, &sel), Chosen::NothingMissed(1));
    }

    #[test]
    fn pick_prefers_scenarios_never_done_then_missed() {
        let results = BTreeMap::from([
            ("a.yaml".to_string(), last(false)),
            ("b.yaml".to_string(), last(true)),
        ]);
        let sel = Selection {
            pick: Some(2),
            ..Selection::default()
        };
        assert_eq!(
            choose(&scenarios(), &results, &sel),
            Chosen::Run(vec![1, 2])
        );
    }

    #[test]
    fn runs_of_a_kind_take_the_same_scenarios_in_any_order() {
        let a = Selection {
            tags: vec!["Gifts".into(), "money".into()],
            shuffle: true,
            ..Selection::default()
        };
        let b = Selection {
            tags: vec!["money".into(), "gifts".into()],
            ..Selection::default()
        };
        assert!(a.same_kind(&b));
        assert!(!a.same_kind(&Selection::default()));
    }

    #[test]
    fn a_run_is_resumable_part_way_only() {
        let f = Finished {
            file: "a.yaml".into(),
            given: vec![],
            asked: vec![],
            prediction: Level::Proceed,
        };
        let mut run = Run {
            selection: Selection::default(),
            started: String::new(),
            order: vec!["a.yaml".into(), "b.yaml".into()],
            done: vec![],
        };
        assert!(!run.resumable());
        run.done.push(f.clone());
        assert!(run.resumable());
        run.done.push(f);
        assert!(!run.resumable());
    }
}
