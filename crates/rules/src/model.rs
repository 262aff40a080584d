//! The checked rule set: questions, rationales, findings and invariants, with
//! conditions already resolved to question and answer indexes.

use std::borrow::Cow;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::answer::Answer;
use crate::condition::Condition;
use crate::level::Level;
use crate::tables::Tables;

/// An answer as the engine holds it: the index of a choice, or a whole number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Value {
    Choice(u8),
    Number(i64),
}

/// The answers of one walk, by question index: `None` is "not asked".
pub type Sheet = Vec<Option<Value>>;

/// Most answers a choice question may have (they are kept as a bit set).
pub const MAX_CHOICES: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Bundled(&'static str),
    Path(PathBuf),
}

impl Default for Origin {
    fn default() -> Origin {
        Origin::Bundled("")
    }
}

impl Origin {
    pub fn name(&self) -> String {
        match self {
            Origin::Bundled(n) => format!("bundled:{n}"),
            Origin::Path(p) => p.display().to_string(),
        }
    }

    pub fn is_bundled(&self) -> bool {
        matches!(self, Origin::Bundled(_))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RuleFile {
    pub id: String,
    /// Not in the snapshot: restored from the bundled list when it is read.
    #[serde(skip)]
    pub origin: Origin,
    #[serde(skip)]
    pub text: Cow<'static, str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Choice,
    YesNo,
    YesNoUnsure,
    Number,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub prompt: String,
    /// A few words naming it in results; the prompt when there are none.
    pub short: Option<String>,
    pub help: Option<String>,
    pub kind: Kind,
    pub choices: Vec<Choice>,
    pub min: i64,
    pub max: i64,
    pub unit: Option<String>,
    pub ask_when: Condition,
    pub default: Option<Value>,
    /// Whether text shows changes to this answer under "what would change"
    /// (`what_if: false` for the facts that define the situation).
    pub what_if: bool,
    /// The hedging answer (P1): `unsure`, or the one the bank names.
    pub hedge: Option<u8>,
    /// An answer about the clinician (a personal stake, being depleted): the
    /// record note keeps it apart from the client's chart.
    pub private: bool,
    /// Index into [`RuleSet::files`].
    pub file: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rationale {
    pub id: String,
    pub title: String,
    pub about: String,
    pub file: usize,
}

/// A text with variants: the first whose condition holds is shown.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Texts(pub Vec<Variant>);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    pub when: Option<Condition>,
    pub text: String,
}

impl Texts {
    pub fn plain(text: &str) -> Texts {
        Texts(vec![Variant {
            when: None,
            text: text.to_string(),
        }])
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The text for these answers.
    pub fn pick(&self, sheet: &[Option<Value>]) -> Option<&str> {
        self.0
            .iter()
            .find(|v| v.when.as_ref().is_none_or(|c| c.holds(sheet)))
            .map(|v| v.text.as_str())
    }
}

/// When a safeguard is to be done: now, before the next contact, or on paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Urgency {
    Now,
    Next,
    Record,
}

impl Urgency {
    pub const ALL: [(&'static str, Urgency); 3] = [
        ("now", Urgency::Now),
        ("next", Urgency::Next),
        ("record", Urgency::Record),
    ];

    pub fn id(self) -> &'static str {
        match self {
            Urgency::Now => "now",
            Urgency::Next => "next",
            Urgency::Record => "record",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Safeguard {
    pub text: String,
    pub urgency: Urgency,
    pub when: Option<Condition>,
}

/// What a finding says: why, what to do, words to use, the standards behind
/// it. Read only for the findings a run shows ([`crate::packed`]).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Words {
    pub because: Texts,
    pub safeguards: Vec<Safeguard>,
    pub reply: Texts,
    pub references: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Finding {
    pub id: String,
    /// Ids this finding took over when findings were split, merged or renamed.
    pub replaces: Vec<String>,
    /// Index into [`RuleSet::rationales`].
    pub rationale: usize,
    pub level: Level,
    pub when: Condition,
    pub no_reply: bool,
    pub file: usize,
    pub(crate) words: crate::packed::Packed<Words>,
}

impl Finding {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        id: String,
        replaces: Vec<String>,
        rationale: usize,
        level: Level,
        when: Condition,
        no_reply: bool,
        file: usize,
        words: Words,
    ) -> Finding {
        Finding {
            id,
            replaces,
            rationale,
            level,
            when,
            no_reply,
            file,
            words: crate::packed::Packed::new(words),
        }
    }

    /// What it says, decoded on first use.
    pub fn words(&self) -> &Words {
        self.words.get()
    }

    pub fn because(&self) -> &Texts {
        &self.words().because
    }

    pub fn safeguards(&self) -> &[Safeguard] {
        &self.words().safeguards
    }

    pub fn reply(&self) -> &Texts {
        &self.words().reply
    }

    pub fn references(&self) -> &[String] {
        &self.words().references
    }

    /// The conditions of its text variants and safeguards.
    pub fn conditions_of_texts(&self) -> impl Iterator<Item = &Condition> {
        let w = self.words();
        w.because
            .0
            .iter()
            .filter_map(|v| v.when.as_ref())
            .chain(w.reply.0.iter().filter_map(|v| v.when.as_ref()))
            .chain(w.safeguards.iter().filter_map(|s| s.when.as_ref()))
    }

    /// Whether `id` names this finding, or one it replaces.
    pub fn answers_to(&self, id: &str) -> bool {
        self.id == id || self.replaces.iter().any(|r| r == id)
    }
}

/// A property a rule file declares, proved by `rules verify`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Invariant {
    pub name: String,
    pub when: Condition,
    pub at_least: Option<Level>,
    pub at_most: Option<Level>,
    /// Indexes into [`RuleSet::rationales`] that must be cited.
    pub cites: Vec<usize>,
    pub file: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct RuleSet {
    pub files: Vec<RuleFile>,
    pub questions: Vec<Question>,
    pub rationales: Vec<Rationale>,
    pub findings: Vec<Finding>,
    /// Read only by `rules verify`: kept packed in the snapshot.
    pub(crate) invariants: crate::packed::Packed<Vec<Invariant>>,
    /// Indexes of the findings at level `emergency`, checked after every answer.
    pub emergencies: Vec<usize>,
    /// Indexes of all findings, the most serious level first (file order
    /// within a level): the first that fires decides the level.
    pub by_level: Vec<usize>,
    /// For each finding, a quick test its condition needs ([`Condition::gate`]).
    pub gates: Vec<Option<crate::condition::Gate>>,
    /// For each question, the same for its `ask_when`.
    pub ask_gates: Vec<Option<crate::condition::Gate>>,
    /// For each number question, the values either side of every threshold
    /// the rules use (empty for the others).
    pub boundaries: Vec<Vec<i64>>,
    /// What P11 needs to decide, quickly, whether a question is still worth asking.
    pub tables: Tables,
    pub version: String,
    pub digest: String,
}

impl Question {
    /// How results name the question: its short name, else its prompt.
    pub fn name(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.prompt)
    }

    /// The values this question accepts, for choice-like kinds.
    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.choices.iter().map(|c| c.value.as_str())
    }

    pub fn choice_index(&self, value: &str) -> Option<u8> {
        self.choices
            .iter()
            .position(|c| c.value == value)
            .map(|i| i as u8)
    }

    /// What is allowed, for messages: "yes, no or unsure", "a whole number from 0 to 1200".
    pub fn allowed(&self) -> String {
        match self.kind {
            Kind::Number => format!("a whole number from {} to {}", self.min, self.max),
            _ => or_list(&self.values().collect::<Vec<_>>()),
        }
    }

    /// The value as an [`Answer`] (its id, or the number).
    pub fn answer(&self, v: Value) -> Answer {
        match v {
            Value::Choice(i) => Answer::Choice(
                self.choices
                    .get(usize::from(i))
                    .map(|c| c.value.clone())
                    .unwrap_or_default(),
            ),
            Value::Number(n) => Answer::Number(n),
        }
    }

    /// The label people see for an answer.
    pub fn label(&self, v: Value) -> String {
        match v {
            Value::Number(n) => match &self.unit {
                Some(u) => format!("{n} {u}"),
                None => n.to_string(),
            },
            Value::Choice(i) => self
                .choices
                .get(usize::from(i))
                .map(|c| c.label.clone())
                .unwrap_or_default(),
        }
    }

    /// Every value of a choice question, in order.
    pub fn all_choices(&self) -> impl Iterator<Item = Value> {
        (0..self.choices.len()).map(|i| Value::Choice(i as u8))
    }

    /// Reads an answer typed on the command line or found in a file; `true`
    /// and `false` count as yes and no.
    pub fn parse_value(&self, raw: &str) -> Result<Value, String> {
        let raw = raw.trim();
        match self.kind {
            Kind::Number => match raw.parse::<i64>() {
                Ok(n) if (self.min..=self.max).contains(&n) => Ok(Value::Number(n)),
                _ => Err(format!(
                    "`{}` is not an answer to `{}`: it takes {}",
                    crate::text::excerpt(raw, 60),
                    self.id,
                    self.allowed()
                )),
            },
            _ => {
                // YAML booleans, and `true`/`false` typed on the command line,
                // stand for yes and no wherever a question has them.
                let raw = match raw {
                    "true" if self.choice_index("yes").is_some() => "yes",
                    "false" if self.choice_index("no").is_some() => "no",
                    _ => raw,
                };
                self.choice_index(raw).map(Value::Choice).ok_or_else(|| {
                    format!(
                        "`{}` is not an answer to `{}`{}: it takes {}",
                        crate::text::excerpt(raw, 60),
                        self.id,
                        crate::suggest::did_you_mean(raw, self.values()),
                        self.allowed()
                    )
                })
            }
        }
    }

    pub fn value_of(&self, a: &Answer) -> Option<Value> {
        match a {
            Answer::Choice(c) => self.choice_index(c).map(Value::Choice),
            Answer::Number(n) if self.kind == Kind::Number => Some(Value::Number(*n)),
            Answer::Number(_) => None,
        }
    }
}

/// "a, b or c".
pub fn or_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => format!(
            "{} or {}",
            init.iter()
                .map(|s| s.as_ref())
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

impl RuleSet {
    /// The properties the rule files declare.
    pub fn invariants(&self) -> &[Invariant] {
        self.invariants.get()
    }

    pub fn question_index(&self, id: &str) -> Option<usize> {
        self.questions.iter().position(|q| q.id == id)
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    pub fn finding(&self, id: &str) -> Option<&Finding> {
        self.findings.iter().find(|f| f.id == id)
    }

    /// The finding named by `id`, or the one that replaces it.
    pub fn finding_answering_to(&self, id: &str) -> Option<&Finding> {
        self.finding(id)
            .or_else(|| self.findings.iter().find(|f| f.answers_to(id)))
    }

    pub fn rationale(&self, id: &str) -> Option<&Rationale> {
        self.rationales.iter().find(|r| r.id == id)
    }

    /// The rationale a finding cites.
    pub fn rationale_of(&self, f: &Finding) -> &Rationale {
        &self.rationales[f.rationale]
    }

    /// An empty sheet for this set.
    pub fn sheet(&self) -> Sheet {
        vec![None; self.questions.len()]
    }

    /// Whether a finding at level emergency holds on these answers.
    pub fn emergency(&self, sheet: &[Option<Value>]) -> bool {
        self.emergencies.iter().any(|&i| {
            self.gates
                .get(i)
                .copied()
                .flatten()
                .is_none_or(|g| g.open(sheet))
                && self.findings[i].when.holds(sheet)
        })
    }

    /// Whether question `q`'s `ask_when` holds (its gate tried first).
    #[inline]
    pub fn asks(&self, q: usize, sheet: &[Option<Value>]) -> bool {
        let when = &self.questions[q].ask_when;
        match when {
            Condition::Always => true,
            _ => {
                self.ask_gates
                    .get(q)
                    .copied()
                    .flatten()
                    .is_none_or(|g| g.open(sheet))
                    && when.holds(sheet)
            }
        }
    }

    /// The findings whose condition names question `q`.
    pub fn findings_naming(&self, q: usize) -> impl Iterator<Item = &Finding> + '_ {
        self.findings
            .iter()
            .filter(move |f| f.when.questions().contains(&q))
    }

    /// The questions whose `ask_when` names question `q`.
    pub fn questions_gated_by(&self, q: usize) -> impl Iterator<Item = &Question> + '_ {
        self.questions
            .iter()
            .filter(move |o| o.ask_when.questions().contains(&q))
    }

    /// When a question is asked, in words: "always", or "when contact is gift".
    pub fn asked_when(&self, q: &Question) -> String {
        match q.ask_when {
            Condition::Always => "always".to_string(),
            ref c => format!("when {}", c.describe(self)),
        }
    }

    /// A did-you-mean for an unknown question id.
    pub fn unknown_question(&self, id: &str) -> String {
        format!(
            "`{}` is not a question{}",
            crate::text::excerpt(id, 60),
            crate::suggest::did_you_mean(id, self.questions.iter().map(|q| q.id.as_str()))
        )
    }

    /// The values a number question can be told apart by: at and just below
    /// each threshold the rules compare it with, within its range, sorted.
    pub fn boundary_values(&self, q: usize) -> Vec<i64> {
        match self.boundaries.get(q) {
            Some(b) if self.boundaries.len() == self.questions.len() => b.clone(),
            _ => self.compute_boundary_values(q),
        }
    }

    /// [`RuleSet::boundary_values`] worked out from the conditions.
    pub fn compute_boundary_values(&self, q: usize) -> Vec<i64> {
        let question = &self.questions[q];
        let mut values: Vec<i64> = self
            .conditions()
            .flat_map(|c| c.cuts(q))
            .flat_map(|cut| [cut - 1, cut])
            .filter(|v| (question.min..=question.max).contains(v))
            .collect();
        values.sort_unstable();
        values.dedup();
        values
    }

    /// Every condition in the set: findings, their texts and safeguards, the
    /// questions' `ask_when`, the invariants.
    pub fn conditions(&self) -> impl Iterator<Item = &Condition> {
        let findings = self
            .findings
            .iter()
            .flat_map(|f| std::iter::once(&f.when).chain(f.conditions_of_texts()));
        findings
            .chain(self.questions.iter().map(|q| &q.ask_when))
            .chain(self.invariants().iter().map(|i| &i.when))
    }
}
