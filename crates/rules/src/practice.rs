//! Practice's comparison, pure like the engine: a trainee's answers and
//! prediction beside a scenario's script and its `expect` — the reasons that
//! fired on each side, the key issues missed, and what the scenario's answer to
//! one question would have changed. Renderers only put it into words.

use crate::engine::{self, Assessment, Walked};
use crate::level::Level;
use crate::model::{RuleSet, Sheet, Value};
use crate::scenario::Scenario;

/// A finding as a person reads it (its id is kept only to match, never shown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    pub id: String,
    pub rationale_id: String,
    /// The rationale's title ("Preventing dependency").
    pub rationale: String,
    pub level: Level,
    /// Why it applies, as the finding says it for these answers.
    pub because: String,
    /// The answers it was triggered by: (answer label, the question's short name).
    pub triggered_by: Vec<(String, String)>,
}

/// On whose answers a reason fired (in the order they are shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Both,
    Mine,
    Script,
}

/// What the scenario's answer to one question, given instead of the trainee's
/// (everything else as the trainee answered), would do to the trainee's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Had {
    /// The result would move to this level.
    Moves(Level),
    /// The level would stay, but for other reasons.
    Reasons {
        added: Vec<Reason>,
        dropped: Vec<Reason>,
    },
    /// Neither the level nor its reasons would change.
    Same,
}

/// One question, as the trainee and the script answered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub q: usize,
    pub prompt: String,
    /// The trainee's answer in words; `None`: the trainee's answers did not lead here.
    pub mine: Option<String>,
    /// The script's answer in words; `None`: the script's answers did not lead here.
    pub script: Option<String>,
    /// Given to both in advance (the ethics code), not asked.
    pub given: bool,
    /// The scenario's note on why it answers so.
    pub note: Option<String>,
    /// Asked of both and answered differently: what the scenario's answer would do.
    pub had: Option<Had>,
    /// The scenario's answer here would bring in a key issue the trainee missed.
    pub key: bool,
    /// Asked of one side only: the question (its short name) whose different
    /// answer led the other side away from it, where one can be named.
    pub led_away_by: Option<String>,
}

impl Row {
    /// Whether the two sides stand apart on this question.
    pub fn differs(&self) -> bool {
        !self.given && self.mine != self.script
    }
}

/// Something the scenario's `expect` names that did not come up on the trainee's answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyIssue {
    Finding(Reason),
    /// A rationale's title.
    Rationale(String),
}

/// How a prediction is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// In the expected range, and every key issue came up.
    Right,
    /// In the expected range, but a key issue did not come up on the trainee's answers.
    MissedKeyIssue,
    /// One level from the expected range.
    Close,
    Wrong,
}

/// One scenario practised.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub title: String,
    pub vignette: Option<String>,
    pub discussion: Option<String>,
    pub prediction: Level,
    /// The lowest and highest recommendation the scenario accepts (its
    /// `expect`, else the script's own result).
    pub expected: (Level, Level),
    pub mine: Assessment,
    pub script: Assessment,
    /// Every question either side answered, in the order of the bank.
    pub rows: Vec<Row>,
    /// Every finding that fired on either side: on both, the trainee's only,
    /// the script's only; most serious first within each.
    pub reasons: Vec<(Side, Reason)>,
    pub missed: Vec<KeyIssue>,
    /// Whether the scenario's `expect` names findings or rationales at all.
    pub names_key_issues: bool,
    /// Questions asked of both (given ones left out), and of those, answered alike.
    pub both_asked: usize,
    pub agreed: usize,
    /// Questions only the trainee's answers, or only the script's, led to.
    pub only_mine: usize,
    pub only_script: usize,
}

/// A side's answers: all it supplied, and the walk they make.
#[derive(Debug, Clone, Copy)]
pub struct Answers<'a> {
    pub supplied: &'a Sheet,
    pub walked: &'a Walked,
}

impl Answers<'_> {
    fn assessment(&self, rules: &RuleSet) -> Assessment {
        let mut merged = self.supplied.clone();
        for (q, v) in self.walked.sheet.iter().enumerate() {
            if v.is_some() {
                merged[q] = *v;
            }
        }
        engine::assess(rules, &merged, self.walked)
    }
}

impl Attempt {
    /// Compares the trainee's answers (`mine`; what `mine.supplied` holds was
    /// given, not asked) with the script's, and the prediction with `expect`.
    pub fn new(
        rules: &RuleSet,
        s: &Scenario,
        script: Answers<'_>,
        mine: Answers<'_>,
        prediction: Level,
    ) -> Attempt {
        let my = mine.assessment(rules);
        let theirs = script.assessment(rules);
        let expected = match &s.expect {
            Some(e) if e.has_level() => e.range(),
            _ => (theirs.recommendation, theirs.recommendation),
        };
        let (my_sheet, script_sheet) = (&mine.walked.sheet, &script.walked.sheet);
        let reasons = side_by_side(rules, my_sheet, script_sheet);
        let missed = key_issues(rules, s, my_sheet, script_sheet);
        let missed_ids: Vec<&str> = missed
            .iter()
            .filter_map(|k| match k {
                KeyIssue::Finding(r) => Some(r.id.as_str()),
                KeyIssue::Rationale(_) => None,
            })
            .collect();
        let mut a = Attempt {
            title: s.title.clone().unwrap_or_else(|| "Scenario".into()),
            vignette: s.vignette.clone(),
            discussion: s.discussion.clone(),
            prediction,
            expected,
            rows: Vec::new(),
            reasons,
            missed: Vec::new(),
            names_key_issues: s
                .expect
                .as_ref()
                .is_some_and(|e| !e.findings.is_empty() || !e.rationales.is_empty()),
            both_asked: 0,
            agreed: 0,
            only_mine: 0,
            only_script: 0,
            mine: my,
            script: theirs,
        };
        let swap = Swap {
            rules,
            script: script.supplied,
            mine: my_sheet,
            level: a.mine.recommendation,
            fired: engine::fired(rules, my_sheet),
        };
        for (q, question) in rules.questions.iter().enumerate() {
            let (m, t) = (my_sheet[q], script_sheet[q]);
            if m.is_none() && t.is_none() {
                continue;
            }
            let given = mine.supplied[q].is_some() && m.is_some();
            match (m, t) {
                _ if given => {}
                (Some(x), Some(y)) => {
                    a.both_asked += 1;
                    a.agreed += usize::from(x == y);
                }
                (Some(_), None) => a.only_mine += 1,
                _ => a.only_script += 1,
            }
            let (had, key) = match (m, t) {
                (Some(x), Some(y)) if x != y && !given => swap.had(q, y, &missed_ids),
                _ => (None, false),
            };
            let led_away_by = match (m, t) {
                (Some(_), None) | (None, Some(_)) => question
                    .ask_when
                    .questions()
                    .into_iter()
                    .find(|&g| my_sheet[g] != script_sheet[g])
                    .map(|g| rules.questions[g].name().to_string()),
                _ => None,
            };
            a.rows.push(Row {
                q,
                prompt: question.prompt.clone(),
                mine: m.map(|v| question.label(v)),
                script: t.map(|v| question.label(v)),
                given,
                note: s.note(q).map(str::to_string),
                had,
                key,
                led_away_by,
            });
        }
        a.missed = missed;
        a
    }

    pub fn prediction_right(&self) -> bool {
        (self.expected.0..=self.expected.1).contains(&self.prediction)
    }

    /// One level from the expected range.
    pub fn prediction_close(&self) -> bool {
        let p = self.prediction as i32;
        !self.prediction_right()
            && ((self.expected.0 as i32 - p).abs() == 1 || (p - self.expected.1 as i32).abs() == 1)
    }

    pub fn verdict(&self) -> Verdict {
        match (self.prediction_right(), self.missed.is_empty()) {
            (true, true) => Verdict::Right,
            (true, false) => Verdict::MissedKeyIssue,
            (false, _) if self.prediction_close() => Verdict::Close,
            (false, _) => Verdict::Wrong,
        }
    }

    /// Worth trying again: the prediction outside the range, or a key issue missed.
    pub fn to_retry(&self) -> bool {
        self.verdict() != Verdict::Right
    }

    /// Whether the trainee's own answers led to a result in the expected range.
    pub fn answers_in_range(&self) -> bool {
        (self.expected.0..=self.expected.1).contains(&self.mine.recommendation)
    }
}

/// Finding `i` in words, for these answers.
fn reason(rules: &RuleSet, i: usize, sheet: &[Option<Value>]) -> Reason {
    let f = &rules.findings[i];
    let rationale = rules.rationale_of(f);
    let mut named = f.when.questions();
    named.sort_unstable();
    Reason {
        id: f.id.clone(),
        rationale_id: rationale.id.clone(),
        rationale: rationale.title.clone(),
        level: f.level,
        because: f
            .because()
            .pick(sheet)
            .or_else(|| f.because().0.first().map(|v| v.text.as_str()))
            .unwrap_or_default()
            .to_string(),
        triggered_by: named
            .iter()
            .filter_map(|&q| {
                let question = &rules.questions[q];
                sheet[q].map(|v| (question.label(v), question.name().to_string()))
            })
            .collect(),
    }
}

/// The findings fired on either side, each once: those on both, then the
/// trainee's only, then the script's only, most serious first within each.
fn side_by_side(rules: &RuleSet, mine: &Sheet, script: &Sheet) -> Vec<(Side, Reason)> {
    let (m, t) = (engine::fired(rules, mine), engine::fired(rules, script));
    let mut all: Vec<usize> = m.iter().chain(&t).copied().collect();
    all.sort_unstable();
    all.dedup();
    all.sort_by_key(|&i| std::cmp::Reverse(rules.findings[i].level));
    let mut out: Vec<(Side, Reason)> = all
        .into_iter()
        .map(|i| match (m.contains(&i), t.contains(&i)) {
            (true, true) => (Side::Both, reason(rules, i, mine)),
            (true, false) => (Side::Mine, reason(rules, i, mine)),
            _ => (Side::Script, reason(rules, i, script)),
        })
        .collect();
    // Both first, then the trainee's only, then the script's only (stable: most serious first within each).
    out.sort_by_key(|(side, _)| *side as u8);
    out
}

/// The findings and rationales `expect` names that did not fire on the
/// trainee's answers; a rationale is left out when a missed finding cites it.
fn key_issues(rules: &RuleSet, s: &Scenario, mine: &Sheet, script: &Sheet) -> Vec<KeyIssue> {
    let Some(e) = &s.expect else {
        return Vec::new();
    };
    let fired = engine::fired(rules, mine);
    let mut out = Vec::new();
    for id in &e.findings {
        if fired.iter().any(|&i| rules.findings[i].answers_to(id)) {
            continue;
        }
        if let Some(i) = rules.findings.iter().position(|f| f.id == *id) {
            out.push(KeyIssue::Finding(reason(rules, i, script)));
        } else if let Some(i) = rules.findings.iter().position(|f| f.answers_to(id)) {
            out.push(KeyIssue::Finding(reason(rules, i, script)));
        }
    }
    for r in &e.rationales {
        let cited = fired
            .iter()
            .any(|&i| rules.rationale_of(&rules.findings[i]).id == *r);
        let named = out
            .iter()
            .any(|k| matches!(k, KeyIssue::Finding(f) if f.rationale_id == *r));
        if !cited && !named {
            if let Some(rat) = rules.rationale(r) {
                out.push(KeyIssue::Rationale(rat.title.clone()));
            }
        }
    }
    out.dedup();
    out
}

/// The trainee's answers with one of them swapped for the script's.
struct Swap<'a> {
    rules: &'a RuleSet,
    script: &'a Sheet,
    mine: &'a Sheet,
    level: Level,
    fired: Vec<usize>,
}

impl Swap<'_> {
    /// What answering `v` to `q` would do, and whether it brings in a missed key finding.
    fn had(&self, q: usize, v: Value, missed: &[&str]) -> (Option<Had>, bool) {
        // The trainee's answers, this one as the script has it, and the
        // script's answers for any question the change opens.
        let mut swapped = self.script.clone();
        for (i, x) in self.mine.iter().enumerate() {
            if x.is_some() {
                swapped[i] = *x;
            }
        }
        swapped[q] = Some(v);
        let w = engine::walk(self.rules, &swapped);
        if !w.missing.is_empty() {
            return (None, false);
        }
        let fired = engine::fired(self.rules, &w.sheet);
        let key = fired.iter().any(|&i| {
            missed
                .iter()
                .any(|id| self.rules.findings[i].answers_to(id))
        });
        let level = engine::level(self.rules, &w.sheet);
        let had = if level != self.level {
            Had::Moves(level)
        } else if fired != self.fired {
            Had::Reasons {
                added: fired
                    .iter()
                    .filter(|i| !self.fired.contains(i))
                    .map(|&i| reason(self.rules, i, &w.sheet))
                    .collect(),
                dropped: self
                    .fired
                    .iter()
                    .filter(|i| !fired.contains(i))
                    .map(|&i| reason(self.rules, i, self.mine))
                    .collect(),
            }
        } else {
            Had::Same
        };
        (Some(had), key)
    }
}
