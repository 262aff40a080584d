//! Scenario files: a vignette, its answers, what a teacher expects, notes for a
//! trainee, and teaching notes; read and checked against a rule set.

use std::path::{Path, PathBuf};

use crate::condition::scalar_text;
use crate::diagnostic::{BadFiles, Diagnostic, Problem, MAX_ERRORS};
use crate::level::Level;
use crate::load::block::{block, describe};
use crate::model::{RuleSet, Sheet, Value};
use crate::suggest::did_you_mean;
use crate::text::excerpt;
use crate::yaml::{self, Node, Part, Path as DocPath};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scenario {
    pub title: Option<String>,
    pub vignette: Option<String>,
    pub tags: Vec<String>,
    /// Question index and answer, in the order written.
    pub answers: Vec<(usize, Value)>,
    /// Why the script answers a question so (question index, note).
    pub notes: Vec<(usize, String)>,
    pub expect: Option<Expect>,
    pub discussion: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expect {
    pub recommendation: Option<Level>,
    pub at_least: Option<Level>,
    pub at_most: Option<Level>,
    pub findings: Vec<String>,
    pub rationales: Vec<String>,
}

impl Expect {
    /// Whether a recommendation lies in the expected range.
    pub fn accepts(&self, level: Level) -> bool {
        self.recommendation.is_none_or(|l| l == level)
            && self.at_least.is_none_or(|l| level >= l)
            && self.at_most.is_none_or(|l| level <= l)
    }

    /// The lowest and highest level the expectation accepts.
    pub fn range(&self) -> (Level, Level) {
        match self.recommendation {
            Some(l) => (l, l),
            None => (
                self.at_least.unwrap_or(Level::Proceed),
                self.at_most.unwrap_or(Level::Emergency),
            ),
        }
    }

    pub fn has_level(&self) -> bool {
        self.recommendation.is_some() || self.at_least.is_some() || self.at_most.is_some()
    }
}

pub const SCENARIO_KEYS: &[&str] = &[
    "title",
    "vignette",
    "tags",
    "answers",
    "notes",
    "expect",
    "discussion",
    "record",
];
pub const EXPECT_KEYS: &[&str] = &[
    "recommendation",
    "at_least",
    "at_most",
    "findings",
    "rationales",
];

impl Scenario {
    /// Reads and checks a scenario file against the rule set.
    pub fn load(path: &Path, rules: &RuleSet) -> Result<Scenario, BadFiles> {
        let text = crate::load::read_text(path).map_err(|d| BadFiles(vec![d]))?;
        Scenario::parse(&path.display().to_string(), &text, rules)
    }

    pub fn parse(name: &str, text: &str, rules: &RuleSet) -> Result<Scenario, BadFiles> {
        let unsafe_chars = crate::load::before_parsing(name, text);
        if !unsafe_chars.is_empty() {
            return Err(BadFiles(unsafe_chars));
        }
        let node: Node = yaml::from_str(text)
            .map_err(|e| BadFiles(vec![crate::load::syntax_diagnostic(name, text, &e)]))?;
        let mut problems = crate::load::unsafe_values(&node);
        let scenario = if problems.is_empty() {
            read(&node, rules, &mut problems)
        } else {
            None
        };
        if !problems.is_empty() {
            return Err(BadFiles(Problem::place_all(
                problems.into_iter().take(MAX_ERRORS),
                name,
                text,
            )));
        }
        scenario
            .ok_or_else(|| BadFiles(vec![Diagnostic::error(name, "this is not a scenario file")]))
    }

    /// The answers as the engine takes them.
    pub fn supplied(&self, rules: &RuleSet) -> Sheet {
        let mut s = rules.sheet();
        for &(q, v) in &self.answers {
            s[q] = Some(v);
        }
        s
    }

    pub fn note(&self, q: usize) -> Option<&str> {
        self.notes
            .iter()
            .find(|(i, _)| *i == q)
            .map(|(_, n)| n.as_str())
    }

    pub fn answer(&self, q: usize) -> Option<Value> {
        self.answers.iter().find(|(i, _)| *i == q).map(|(_, v)| *v)
    }
}

fn read(node: &Node, rules: &RuleSet, problems: &mut Vec<Problem>) -> Option<Scenario> {
    let root = DocPath::root();
    match node {
        Node::Map(_) => {}
        Node::Null => {
            problems.push(
                Problem::new(
                    &root,
                    Part::Value,
                    "the file has no content (only comments or blank lines)",
                )
                .help("a scenario has at least `answers:`"),
            );
            return None;
        }
        other => {
            // Never quote what the file holds: it may not be a scenario at all.
            problems.push(Problem::new(&root, Part::Value, format!("a scenario is a block of `key: value` lines with at least `answers:`, but this file holds {}", other.kind())));
            return None;
        }
    }
    let b = block(node, &root, "a scenario", SCENARIO_KEYS, problems)?;
    let mut s = Scenario {
        title: b.text("title", problems),
        vignette: b.text("vignette", problems),
        discussion: b.text("discussion", problems),
        tags: b
            .texts("tags", problems)
            .into_iter()
            .map(|(_, t)| t)
            .collect(),
        ..Scenario::default()
    };
    match b.require("answers", " (question_id: answer lines)", problems) {
        Some(Node::Map(entries)) => s.answers = answers(entries, &b.at("answers"), rules, problems),
        Some(Node::Null) | None => {}
        Some(other) => problems.push(Problem::new(
            &b.at("answers"),
            Part::Value,
            format!(
                "`answers:` is a block of `question_id: answer` lines, not {}",
                describe(other)
            ),
        )),
    }
    match b.get("notes") {
        Some(Node::Map(entries)) => s.notes = notes(entries, &b.at("notes"), rules, problems),
        Some(Node::Null) | None => {}
        Some(other) => problems.push(Problem::new(
            &b.at("notes"),
            Part::Value,
            format!(
                "`notes:` is a block of `question_id: note` lines, not {}",
                describe(other)
            ),
        )),
    }
    if let Some(e) = b.get("expect") {
        s.expect = expect(e, &b.at("expect"), rules, problems);
    }
    Some(s)
}

fn question_at(
    id: &str,
    path: &DocPath,
    rules: &RuleSet,
    problems: &mut Vec<Problem>,
) -> Option<usize> {
    let q = rules.question_index(id);
    if q.is_none() {
        problems.push(
            Problem::new(path, Part::Key, rules.unknown_question(id))
                .help("`boundcheck rules list` shows the questions"),
        );
    }
    q
}

fn answers(
    entries: &[(Node, Node)],
    path: &DocPath,
    rules: &RuleSet,
    problems: &mut Vec<Problem>,
) -> Vec<(usize, Value)> {
    let mut out: Vec<(usize, Value)> = Vec::new();
    for (k, v) in entries {
        if problems.len() >= MAX_ERRORS {
            break;
        }
        let id = scalar_text(k).unwrap_or_default();
        let p = path.key(&id);
        let Some(q) = question_at(&id, &p, rules, problems) else {
            continue;
        };
        if out.iter().any(|(x, _)| *x == q) {
            problems.push(Problem::new(
                &p,
                Part::Key,
                format!("`{id}` is answered twice; keep one answer"),
            ));
            continue;
        }
        let question = &rules.questions[q];
        let value = match v {
            Node::Int(_) | Node::Str(_) | Node::Bool(_) => {
                question.parse_value(&scalar_text(v).unwrap_or_default())
            }
            Node::Float(x) if x.fract() == 0.0 && question.kind == crate::model::Kind::Number => {
                Err(format!(
                    "`{x:.1}` is written with a decimal point; write the whole number `{}`",
                    *x as i64
                ))
            }
            Node::Null => Err(format!(
                "`{id}` has no answer; it takes {}",
                question.allowed()
            )),
            Node::Float(_) => question.parse_value(&scalar_text(v).unwrap_or_default()),
            _ => Err(format!(
                "`{id}` takes one answer ({}), not {}",
                question.allowed(),
                v.kind()
            )),
        };
        match value {
            Ok(val) => out.push((q, val)),
            Err(msg) => problems.push(Problem::new(&p, Part::Value, msg)),
        }
    }
    out
}

fn notes(
    entries: &[(Node, Node)],
    path: &DocPath,
    rules: &RuleSet,
    problems: &mut Vec<Problem>,
) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (k, v) in entries {
        let id = scalar_text(k).unwrap_or_default();
        let p = path.key(&id);
        let Some(q) = question_at(&id, &p, rules, problems) else {
            continue;
        };
        match v {
            Node::Str(s) => out.push((q, s.trim().to_string())),
            other => problems.push(Problem::new(
                &p,
                Part::Value,
                format!("a note is a text, not {}", describe(other)),
            )),
        }
    }
    out
}

fn level(
    b: &crate::load::block::Block<'_>,
    key: &str,
    problems: &mut Vec<Problem>,
) -> Option<Level> {
    let n = b.get(key)?;
    let text = scalar_text(n).unwrap_or_default();
    match text.parse::<Level>() {
        Ok(l) => Some(l),
        Err(msg) => {
            problems.push(Problem::new(&b.at(key), Part::Value, msg));
            None
        }
    }
}

fn expect(
    node: &Node,
    path: &DocPath,
    rules: &RuleSet,
    problems: &mut Vec<Problem>,
) -> Option<Expect> {
    let b = block(node, path, "`expect`", EXPECT_KEYS, problems)?;
    let e = Expect {
        recommendation: level(&b, "recommendation", problems),
        at_least: level(&b, "at_least", problems),
        at_most: level(&b, "at_most", problems),
        findings: b
            .texts("findings", problems)
            .into_iter()
            .map(|(_, t)| t)
            .collect(),
        rationales: b
            .texts("rationales", problems)
            .into_iter()
            .map(|(_, t)| t)
            .collect(),
    };
    if e == Expect::default() && problems.is_empty() {
        problems.push(
            Problem::new(
                path,
                Part::Key,
                "`expect` is empty, so it would always pass",
            )
            .help("give recommendation, at_least, at_most, findings or rationales"),
        );
    }
    for (p, f) in b.texts("findings", &mut Vec::new()) {
        if rules.finding_answering_to(&f).is_none() {
            let hint = did_you_mean(&f, rules.findings.iter().map(|x| x.id.as_str()));
            problems.push(Problem::new(
                &p,
                Part::Value,
                format!(
                    "`expect` names the finding `{}`, which no rule file has{hint}",
                    excerpt(&f, 60)
                ),
            ));
        }
    }
    for (p, r) in b.texts("rationales", &mut Vec::new()) {
        if rules.rationale(&r).is_none() {
            let hint = did_you_mean(&r, rules.rationales.iter().map(|x| x.id.as_str()));
            let all: Vec<&str> = rules.rationales.iter().map(|x| x.id.as_str()).collect();
            problems.push(Problem::new(
                &p,
                Part::Value,
                format!(
                    "`expect` names the rationale `{}`{hint}; the rationales are {}",
                    excerpt(&r, 60),
                    all.join(", ")
                ),
            ));
        }
    }
    if let (Some(a), Some(m)) = (e.at_least, e.at_most) {
        if a > m {
            problems.push(Problem::new(&b.at("at_least"), Part::Value, format!("`expect` asks for at least {a} and at most {m}, which no recommendation can meet")));
        }
    }
    if e.recommendation.is_some() && (e.at_least.is_some() || e.at_most.is_some()) {
        problems.push(Problem::new(
            &b.at("recommendation"),
            Part::Key,
            "give either `recommendation` or a range (`at_least`, `at_most`), not both",
        ));
    }
    Some(e)
}

/// The scenario files a path names: the file itself, or the YAML files under a
/// directory (sorted; links not followed).
pub fn files(path: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    if std::fs::symlink_metadata(path).is_err() {
        return Err(Diagnostic::error(
            &path.display().to_string(),
            "no such file or directory",
        ));
    }
    if path.is_dir() {
        let f = crate::load::yaml_files_under(path, true)?;
        if f.is_empty() {
            return Err(Diagnostic::error(
                &path.display().to_string(),
                "no scenario files here (files ending in .yaml or .yml)",
            ));
        }
        Ok(f)
    } else {
        Ok(vec![path.to_path_buf()])
    }
}
