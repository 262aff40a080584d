//! The rule set: question bank and findings, loaded from the bundled files and
//! any `--rules` overlays, and validated before anything is asked.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::answer::Answer;
use crate::condition::{scalar_text, Condition, Test};
use crate::diagnostic::{find_entry, find_word, BadFiles, Diagnostic};
use crate::level::Level;
use crate::suggest::did_you_mean;
use crate::yaml::{self, Node};

/// The bundled rule files, compiled into the binary (name, text).
pub const BUNDLED: &[(&str, &str)] = &[
    ("questions.yaml", include_str!("../rules/questions.yaml")),
    (
        "objectivity.yaml",
        include_str!("../rules/objectivity.yaml"),
    ),
    (
        "confidentiality.yaml",
        include_str!("../rules/confidentiality.yaml"),
    ),
    ("dependency.yaml", include_str!("../rules/dependency.yaml")),
    (
        "dual_relationships.yaml",
        include_str!("../rules/dual_relationships.yaml"),
    ),
    ("well_being.yaml", include_str!("../rules/well_being.yaml")),
    (
        "ethical_conduct.yaml",
        include_str!("../rules/ethical_conduct.yaml"),
    ),
    ("emergency.yaml", include_str!("../rules/emergency.yaml")),
];

/// The id of the question bank file.
pub const BANK_ID: &str = "questions";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RuleSet {
    pub files: Vec<RuleFile>,
    pub questions: Vec<Question>,
    pub rationales: Vec<Rationale>,
    pub findings: Vec<Finding>,
    /// Indexes of the findings at level `emergency`, checked after every answer.
    pub emergencies: Vec<usize>,
    pub version: String,
    pub digest: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Bundled(&'static str),
    Path(PathBuf),
}

/// Only while a snapshot is read back, before its files are named.
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
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RuleFile {
    pub id: String,
    /// Not in the snapshot: restored from [`BUNDLED`] when it is read.
    #[serde(skip)]
    pub origin: Origin,
    #[serde(skip)]
    pub text: Cow<'static, str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
    pub help: Option<String>,
    pub kind: Kind,
    pub choices: Vec<Choice>,
    pub min: i64,
    pub max: i64,
    pub unit: Option<String>,
    pub ask_when: Condition,
    #[serde(with = "crate::answer::tagged")]
    pub default: Option<Answer>,
    /// Whether text and markdown show changes to this answer under "what would
    /// change" (`what_if: false` for questions that set the situation itself).
    pub what_if: bool,
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

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Finding {
    pub id: String,
    pub rationale: String,
    pub level: Level,
    pub when: Condition,
    pub because: String,
    pub safeguards: Vec<String>,
    pub reply: Option<String>,
    pub references: Vec<String>,
    pub file: usize,
}

impl Question {
    /// The values this question accepts, for choice-like kinds.
    pub fn values(&self) -> Vec<&str> {
        self.choices.iter().map(|c| c.value.as_str()).collect()
    }

    /// What is allowed, for error messages: "yes, no or unsure", "a whole number from 0 to 1200".
    pub fn allowed(&self) -> String {
        match self.kind {
            Kind::Number => format!("a whole number from {} to {}", self.min, self.max),
            _ => {
                let v = self.values();
                match v.as_slice() {
                    [init @ .., last] if !init.is_empty() => {
                        format!("{} or {last}", init.join(", "))
                    }
                    _ => v.join(""),
                }
            }
        }
    }

    /// Reads an answer typed on the command line (`--set id=VALUE`).
    pub fn parse_answer(&self, raw: &str) -> Result<Answer, String> {
        let raw = raw.trim();
        match self.kind {
            Kind::Number => match raw.parse::<i64>() {
                Ok(n) if (self.min..=self.max).contains(&n) => Ok(Answer::Number(n)),
                _ => Err(format!(
                    "`{raw}` is not an answer to `{}`: it takes {}",
                    self.id,
                    self.allowed()
                )),
            },
            _ => {
                let raw = match (self.kind, raw) {
                    (Kind::YesNo | Kind::YesNoUnsure, "true") => "yes",
                    (Kind::YesNo | Kind::YesNoUnsure, "false") => "no",
                    _ => raw,
                };
                if self.values().contains(&raw) {
                    Ok(Answer::choice(raw))
                } else {
                    Err(format!(
                        "`{raw}` is not an answer to `{}`{}: it takes {}",
                        self.id,
                        did_you_mean(raw, self.values()),
                        self.allowed()
                    ))
                }
            }
        }
    }

    /// Reads an answer from a YAML file (`true`/`false` count as yes/no).
    pub fn answer_from_yaml(&self, v: &Node) -> Result<Answer, String> {
        match (self.kind, v) {
            (Kind::Number, Node::Int(x)) if (self.min..=self.max).contains(x) => {
                Ok(Answer::Number(*x))
            }
            (Kind::Number, Node::Int(_) | Node::Float(_)) => Err(format!(
                "`{v}` is not an answer to `{}`: it takes {}",
                self.id,
                self.allowed()
            )),
            (_, Node::Str(_) | Node::Bool(_) | Node::Int(_) | Node::Float(_)) => {
                let text = scalar_text(v).unwrap_or_default();
                self.parse_answer(&text)
            }
            (_, Node::Null) => Err(format!(
                "`{}` has no answer; it takes {}",
                self.id,
                self.allowed()
            )),
            _ => Err(format!(
                "`{}` takes one answer ({}), not a list or a block",
                self.id,
                self.allowed()
            )),
        }
    }

    /// When it is asked, in words: "always", or "when contact is gift".
    pub fn asked_when(&self) -> String {
        match self.ask_when {
            Condition::Always => "always".to_string(),
            ref c => format!("when {}", c.describe()),
        }
    }

    /// The label people see for an answer.
    pub fn label(&self, answer: &Answer) -> String {
        match answer {
            Answer::Number(n) => match &self.unit {
                Some(u) => format!("{n} {u}"),
                None => n.to_string(),
            },
            Answer::Choice(c) => self
                .choices
                .iter()
                .find(|ch| &ch.value == c)
                .map(|ch| ch.label.clone())
                .unwrap_or_else(|| c.clone()),
        }
    }
}

impl RuleSet {
    /// The bundled rules alone: read from the snapshot build.rs made of them,
    /// which is the same set [`RuleSet::bundled_from_yaml`] builds, without
    /// parsing and checking YAML at every start.
    pub fn bundled() -> Result<RuleSet, BadFiles> {
        match RuleSet::from_snapshot(crate::bundled::SNAPSHOT) {
            Some(set) => Ok(set),
            None => RuleSet::bundled_from_yaml(),
        }
    }

    /// The bundled rules, parsed and checked from their YAML.
    pub fn bundled_from_yaml() -> Result<RuleSet, BadFiles> {
        RuleSet::load_all(&[])
    }

    /// The compact binary form of a bundled set (for build.rs).
    pub fn to_snapshot(&self) -> Option<Vec<u8>> {
        postcard::to_allocvec(self).ok()
    }

    fn from_snapshot(bytes: &[u8]) -> Option<RuleSet> {
        let mut set: RuleSet = postcard::from_bytes(bytes).ok()?;
        if set.files.len() != BUNDLED.len() {
            return None;
        }
        for (file, (name, text)) in set.files.iter_mut().zip(BUNDLED) {
            file.origin = Origin::Bundled(name);
            file.text = Cow::Borrowed(text);
        }
        Some(set)
    }

    /// The bundled rules with the overlays at `paths` (files or directories).
    pub fn load(paths: &[PathBuf]) -> Result<RuleSet, BadFiles> {
        if paths.is_empty() {
            return RuleSet::bundled();
        }
        RuleSet::load_all(paths)
    }

    fn load_all(paths: &[PathBuf]) -> Result<RuleSet, BadFiles> {
        let (sources, errors) = sources(paths);
        if !errors.is_empty() {
            return Err(BadFiles(errors));
        }
        let bundled_count = BUNDLED.len();
        let (set, diags) = build(sources, bundled_count);
        let errors: Vec<Diagnostic> = diags.into_iter().filter(|d| !d.warning).collect();
        match set {
            Some(mut set) if errors.is_empty() => {
                // Overlays that change what the rules say make a custom rule set.
                if !paths.is_empty() && RuleSet::bundled().is_ok_and(|b| b.digest != set.digest) {
                    set.version.push_str("+custom");
                }
                Ok(set)
            }
            _ => Err(BadFiles(errors)),
        }
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// Every condition in the set: the findings' `when`, the questions' `ask_when`.
    pub fn conditions(&self) -> impl Iterator<Item = &Condition> {
        self.findings
            .iter()
            .map(|f| &f.when)
            .chain(self.questions.iter().map(|q| &q.ask_when))
    }

    /// The findings whose condition names the question `id`.
    pub fn findings_naming<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Finding> + 'a {
        self.findings
            .iter()
            .filter(move |f| f.when.questions().contains(&id))
    }

    /// The questions whose `ask_when` names the question `id`.
    pub fn questions_gated_by<'a>(
        &'a self,
        id: &'a str,
    ) -> impl Iterator<Item = &'a Question> + 'a {
        self.questions
            .iter()
            .filter(move |q| q.ask_when.questions().contains(&id))
    }

    pub fn finding(&self, id: &str) -> Option<&Finding> {
        self.findings.iter().find(|f| f.id == id)
    }

    pub fn rationale(&self, id: &str) -> Option<&Rationale> {
        self.rationales.iter().find(|r| r.id == id)
    }

    /// A did-you-mean for an unknown question id.
    pub fn unknown_question(&self, id: &str) -> String {
        format!(
            "`{id}` is not a question{}",
            did_you_mean(id, self.questions.iter().map(|q| q.id.as_str()))
        )
    }
}

/// The bundled files followed by the overlay files at `paths`, read; and the
/// problems met reading them.
pub fn sources(paths: &[PathBuf]) -> (Vec<(Origin, String)>, Vec<Diagnostic>) {
    let mut sources: Vec<(Origin, String)> = BUNDLED
        .iter()
        .map(|(name, text)| (Origin::Bundled(name), text.to_string()))
        .collect();
    let mut errors = Vec::new();
    for path in paths {
        match overlay_files(path) {
            Ok(files) => {
                for f in files {
                    match crate::files::read_text(&f) {
                        Ok(text) => sources.push((Origin::Path(f), text)),
                        Err(d) => errors.push(d),
                    }
                }
            }
            Err(d) => errors.push(d),
        }
    }
    (sources, errors)
}

fn overlay_files(path: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let name = path.display().to_string();
    if path.is_dir() {
        let files = crate::files::yaml_files_in(path)
            .map_err(|e| Diagnostic::error(&name, format!("cannot read the directory: {e}")))?;
        if files.is_empty() {
            return Err(Diagnostic::error(
                &name,
                "no rule files here (files ending in .yaml or .yml)",
            ));
        }
        Ok(files)
    } else if path.exists() {
        Ok(vec![path.to_path_buf()])
    } else {
        Err(Diagnostic::error(&name, "no such file or directory"))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    id: String,
    title: Option<String>,
    about: Option<String>,
    #[serde(default)]
    questions: Vec<RawQuestion>,
    #[serde(default)]
    findings: Vec<RawFinding>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: String,
    prompt: String,
    help: Option<String>,
    kind: Kind,
    answers: Option<Node>,
    min: Option<i64>,
    max: Option<i64>,
    unit: Option<String>,
    ask_when: Option<Node>,
    default: Option<Node>,
    what_if: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFinding {
    id: String,
    level: Level,
    when: Node,
    because: String,
    #[serde(default)]
    safeguards: Vec<String>,
    reply: Option<String>,
    #[serde(default)]
    references: Vec<String>,
}

/// Reads one rule file from its YAML.
fn parse_raw(origin: &Origin, text: &str) -> Result<RawFile, Diagnostic> {
    yaml::from_str(text).map_err(|e| yaml_diagnostic(&origin.name(), text, &e))
}

/// A parse error from the YAML layer, placed in its file.
pub fn yaml_diagnostic(name: &str, text: &str, e: &yaml::Error) -> Diagnostic {
    let d = Diagnostic::error(name, yaml::message(e));
    match yaml::location(e) {
        Some((l, c)) => d.at(text, l, c),
        None => d,
    }
}

fn valid_id(id: &str, allow_dash: bool) -> bool {
    !id.is_empty()
        && id.chars().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || (allow_dash && c == '-')
        })
}

/// Parses and validates every source, later files with the same id replacing
/// earlier ones. Returns the set (if it could be built) and every diagnostic,
/// warnings included.
pub fn build(
    sources: Vec<(Origin, String)>,
    bundled_count: usize,
) -> (Option<RuleSet>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut files: Vec<RuleFile> = Vec::new();
    let mut raws: Vec<RawFile> = Vec::new();
    let mut bundled_bank: Vec<String> = Vec::new();
    let mut replaced = vec![false; bundled_count];
    // Indexes by id keep loading linear in the number of files and findings.
    let mut file_index: HashMap<String, usize> = HashMap::new();

    for (i, (origin, text)) in sources.into_iter().enumerate() {
        let name = origin.name();
        let raw: RawFile = match parse_raw(&origin, &text) {
            Ok(r) => r,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        if !valid_id(&raw.id, false) {
            diags.push(
                Diagnostic::error(
                    &name,
                    format!("`{}` cannot be a file id: use lower-case letters, digits and _ (a rationale id such as `dependency`, or `questions`)", raw.id),
                )
                .near(&text, find_entry(&text, "id", &raw.id, 1)),
            );
            continue;
        }
        if i < bundled_count && raw.id == BANK_ID {
            bundled_bank = raw.questions.iter().map(|q| q.id.clone()).collect();
        }
        match file_index.get(&raw.id).copied() {
            Some(j) if j < bundled_count && i >= bundled_count && !replaced[j] => {
                replaced[j] = true;
                files[j] = RuleFile {
                    id: raw.id.clone(),
                    origin,
                    text: Cow::Owned(text),
                };
                raws[j] = raw;
            }
            Some(j) => {
                let other = files[j].origin.name();
                diags.push(
                    Diagnostic::error(
                        &name,
                        format!(
                            "another file, {other}, has the id `{}` already; each rule file needs its own id",
                            raw.id
                        ),
                    )
                    .near(&text, find_entry(&text, "id", &raw.id, 1)),
                );
            }
            None => {
                file_index.insert(raw.id.clone(), files.len());
                files.push(RuleFile {
                    id: raw.id.clone(),
                    origin,
                    text: Cow::Owned(text),
                });
                raws.push(raw);
            }
        }
    }
    if diags.iter().any(|d| !d.warning) {
        return (None, diags);
    }

    // Questions: the bank first, then questions added by other files, in order.
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|&i| files[i].id != BANK_ID);
    let mut questions: Vec<Question> = Vec::new();
    let mut question_index: HashMap<String, usize> = HashMap::new();
    let mut pending_conditions: Vec<(usize, Option<Node>, Option<Node>)> = Vec::new();
    for &fi in &order {
        let file = &files[fi];
        let name = file.origin.name();
        let text = &file.text;
        for rq in &raws[fi].questions {
            if diags.len() >= crate::diagnostic::MAX_ERRORS {
                break;
            }
            // Line numbers are looked up only when there is something to report.
            let line = || find_entry(text, "id", &rq.id, 1).map(|p| p.0).unwrap_or(1);
            let here = |msg: String, word: &str| {
                Diagnostic::error(&name, msg).near(text, find_word(text, word, line()))
            };
            if !valid_id(&rq.id, false) {
                diags.push(here(
                    format!(
                        "`{}` cannot be a question id: use lower-case letters, digits and _",
                        rq.id
                    ),
                    &rq.id,
                ));
                continue;
            }
            if let Some(prev) = question_index.get(&rq.id).map(|&i| &questions[i]) {
                diags.push(here(
                    format!(
                        "the question `{}` is defined twice (also in {})",
                        rq.id,
                        files[prev.file].origin.name()
                    ),
                    &rq.id,
                ));
                continue;
            }
            let mut choices = Vec::new();
            let fixed: &[(&str, &str)] = match rq.kind {
                Kind::YesNo => &[("yes", "Yes"), ("no", "No")],
                Kind::YesNoUnsure => &[("yes", "Yes"), ("no", "No"), ("unsure", "I'm not sure")],
                _ => &[],
            };
            choices.extend(fixed.iter().map(|(v, l)| Choice {
                value: v.to_string(),
                label: l.to_string(),
            }));
            let (mut min, mut max) = (0, 0);
            match rq.kind {
                Kind::Number => {
                    if rq.answers.is_some() {
                        diags.push(here(format!("`{}` is a number question; it takes `min` and `max`, not `answers`", rq.id), "answers"));
                    }
                    match (rq.min, rq.max) {
                        (Some(a), Some(b)) if a <= b => (min, max) = (a, b),
                        (Some(_), Some(_)) => diags.push(here(
                            format!("`{}`: `min` is larger than `max`", rq.id),
                            "min",
                        )),
                        _ => diags.push(here(
                            format!(
                                "`{}` is a number question and needs both `min` and `max`",
                                rq.id
                            ),
                            &rq.id,
                        )),
                    }
                }
                kind => {
                    if rq.min.is_some() || rq.max.is_some() {
                        diags.push(here(
                            format!(
                                "`min` and `max` belong to number questions; `{}` is not one",
                                rq.id
                            ),
                            "min",
                        ));
                    }
                    let entries: &[(Node, Node)] = match &rq.answers {
                        Some(Node::Map(entries)) => entries,
                        None | Some(Node::Null) => &[],
                        Some(_) => {
                            diags.push(here(
                                format!(
                                    "`answers` of `{}` is a block of `value: label` lines",
                                    rq.id
                                ),
                                "answers",
                            ));
                            &[]
                        }
                    };
                    for (k, v) in entries {
                        let (Some(value), Some(label)) = (scalar_text(k), scalar_text(v)) else {
                            diags.push(here(format!("under `answers` of `{}`, each line is `value: label people see`", rq.id), "answers"));
                            continue;
                        };
                        if kind == Kind::Choice {
                            if !valid_id(&value, false) {
                                diags.push(here(format!("`{value}` cannot be an answer value: use lower-case letters, digits and _"), &value));
                            } else if choices.iter().any(|c: &Choice| c.value == value) {
                                diags.push(here(
                                    format!("the answer `{value}` is listed twice"),
                                    &value,
                                ));
                            } else {
                                choices.push(Choice { value, label });
                            }
                        } else if let Some(c) = choices.iter_mut().find(|c| c.value == value) {
                            c.label = label;
                        } else {
                            let allowed = if kind == Kind::YesNo {
                                "yes and no"
                            } else {
                                "yes, no and unsure"
                            };
                            diags.push(here(format!("`{}` is a {} question: its answers are {allowed}, so `{value}` cannot be one (use kind: choice for other answers)", rq.id, if kind == Kind::YesNo { "yes_no" } else { "yes_no_unsure" }), &value));
                        }
                    }
                    if kind == Kind::Choice && choices.len() < 2 {
                        diags.push(here(
                            format!(
                                "`{}` is a choice question and needs at least two `answers`",
                                rq.id
                            ),
                            &rq.id,
                        ));
                    }
                }
            }
            question_index.insert(rq.id.clone(), questions.len());
            pending_conditions.push((questions.len(), rq.ask_when.clone(), rq.default.clone()));
            questions.push(Question {
                id: rq.id.clone(),
                prompt: rq.prompt.clone(),
                help: rq.help.clone(),
                kind: rq.kind,
                choices,
                min,
                max,
                unit: rq.unit.clone(),
                ask_when: Condition::Always,
                default: None,
                what_if: rq.what_if.unwrap_or(true),
                file: fi,
            });
        }
    }

    // Conditions and defaults, now that every question is known.
    for (qi, ask_when, default) in pending_conditions {
        if diags.len() >= crate::diagnostic::MAX_ERRORS {
            break;
        }
        let file = &files[questions[qi].file];
        let (name, text) = (file.origin.name(), &file.text);
        let qid = questions[qi].id.clone();
        let line = || find_entry(text, "id", &qid, 1).map(|p| p.0).unwrap_or(1);
        if let Some(v) = ask_when {
            match Condition::parse(&v) {
                Ok(c) => {
                    check_condition(&c, &questions, Some(qi), &name, text, &line, &mut diags);
                    questions[qi].ask_when = c;
                }
                Err(e) => diags.push(
                    Diagnostic::error(&name, format!("in `ask_when` of `{qid}`: {}", e.message))
                        .near(text, find_word(text, &e.near, line())),
                ),
            }
        }
        match default {
            Some(v) => match questions[qi].answer_from_yaml(&v) {
                Ok(a) => questions[qi].default = Some(a),
                Err(msg) => diags.push(
                    Diagnostic::error(&name, format!("the `default` of `{qid}` is wrong: {msg}"))
                        .near(text, find_word(text, "default", line())),
                ),
            },
            None if !bundled_bank.contains(&qid) => diags.push(
                Diagnostic::error(
                    &name,
                    format!("`{qid}` is an added question, so it needs a `default`: scenario files written before it was added have no answer for it"),
                )
                .near(text, find_entry(text, "id", &qid, 1)),
            ),
            None => {}
        }
    }

    // Rationales and findings.
    let mut rationales = Vec::new();
    let mut findings: Vec<Finding> = Vec::new();
    let mut finding_index: HashMap<String, usize> = HashMap::new();
    for (fi, raw) in raws.iter().enumerate() {
        let file = &files[fi];
        let (name, text) = (file.origin.name(), &file.text);
        if raw.id == BANK_ID {
            if !raw.findings.is_empty() {
                diags.push(
                    Diagnostic::error(&name, "the question bank (id: questions) holds questions only; put findings in a rationale file")
                        .near(text, find_word(text, "findings", 1)),
                );
            }
            continue;
        }
        rationales.push(Rationale {
            id: raw.id.clone(),
            title: raw
                .title
                .clone()
                .unwrap_or_else(|| raw.id.replace('_', " ")),
            about: raw.about.clone().unwrap_or_default(),
            file: fi,
        });
        for rf in &raw.findings {
            if diags.len() >= crate::diagnostic::MAX_ERRORS {
                break;
            }
            let pos = || find_entry(text, "id", &rf.id, 1);
            let line = || pos().map(|p| p.0).unwrap_or(1);
            if !valid_id(&rf.id, true) {
                diags.push(
                    Diagnostic::error(
                        &name,
                        format!(
                            "`{}` cannot be a finding id: use lower-case letters, digits, - and _",
                            rf.id
                        ),
                    )
                    .near(text, pos()),
                );
                continue;
            }
            if let Some(prev) = finding_index.get(&rf.id).map(|&i| &findings[i]) {
                diags.push(
                    Diagnostic::error(
                        &name,
                        format!(
                            "the finding `{}` is defined twice (also in {})",
                            rf.id,
                            files[prev.file].origin.name()
                        ),
                    )
                    .near(text, pos()),
                );
                continue;
            }
            let when = match Condition::parse(&rf.when) {
                Ok(c) => {
                    check_condition(&c, &questions, None, &name, text, &line, &mut diags);
                    c
                }
                Err(e) => {
                    diags.push(
                        Diagnostic::error(
                            &name,
                            format!("in `when` of `{}`: {}", rf.id, e.message),
                        )
                        .near(text, find_word(text, &e.near, line())),
                    );
                    continue;
                }
            };
            if rf.because.trim().is_empty() {
                diags.push(
                    Diagnostic::error(
                        &name,
                        format!(
                            "`{}` needs a `because`: why this matters, in plain words",
                            rf.id
                        ),
                    )
                    .near(text, pos()),
                );
            }
            finding_index.insert(rf.id.clone(), findings.len());
            findings.push(Finding {
                id: rf.id.clone(),
                rationale: raw.id.clone(),
                level: rf.level,
                when,
                because: rf.because.trim().to_string(),
                safeguards: rf.safeguards.iter().map(|s| s.trim().to_string()).collect(),
                reply: rf.reply.as_ref().map(|r| r.trim().to_string()),
                references: rf.references.clone(),
                file: fi,
            });
        }
    }

    if diags.iter().any(|d| !d.warning) {
        return (None, diags);
    }
    let emergencies = findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.level == Level::Emergency)
        .map(|(i, _)| i)
        .collect();
    let mut set = RuleSet {
        files,
        questions,
        rationales,
        findings,
        emergencies,
        version: env!("CARGO_PKG_VERSION").to_string(),
        digest: String::new(),
    };
    set.digest = digest(&set);
    set.questions.shrink_to_fit();
    (Some(set), diags)
}

/// Checks that a condition names known questions, asked before `asking` (when
/// it is a question's `ask_when`), with answers they can take.
#[allow(clippy::too_many_arguments)]
fn check_condition(
    c: &Condition,
    questions: &[Question],
    asking: Option<usize>,
    name: &str,
    text: &str,
    line: &dyn Fn() -> usize,
    diags: &mut Vec<Diagnostic>,
) {
    let owner = match asking {
        Some(qi) => format!("`ask_when` of `{}`", questions[qi].id),
        None => "this finding's `when`".to_string(),
    };
    for (qid, test) in c.tests() {
        let pos = || find_word(text, qid, line());
        let Some(qi) = questions.iter().position(|q| q.id == qid) else {
            let hint = did_you_mean(qid, questions.iter().map(|q| q.id.as_str()));
            diags.push(
                Diagnostic::error(
                    name,
                    format!("{owner} names `{qid}`, which is not a question{hint}"),
                )
                .near(text, pos()),
            );
            continue;
        };
        let q = &questions[qi];
        if let Some(me) = asking {
            if qi >= me {
                let why = if qi == me {
                    "itself".to_string()
                } else {
                    format!("`{qid}`, which is asked after it")
                };
                diags.push(
                    Diagnostic::error(name, format!("{owner} refers to {why}; a question can only depend on questions asked before it"))
                        .near(text, pos()),
                );
                continue;
            }
        }
        match (test, q.kind) {
            (Test::Compare(_), Kind::Number) => {}
            (Test::Compare(_), _) => diags.push(
                Diagnostic::error(
                    name,
                    format!(
                        "{owner} compares `{qid}` with a number, but it takes {}",
                        q.allowed()
                    ),
                )
                .near(text, pos()),
            ),
            (_, _) => {
                for v in test.values() {
                    let ok = match q.kind {
                        Kind::Number => {
                            v.parse::<i64>().is_ok_and(|n| (q.min..=q.max).contains(&n))
                        }
                        _ => q.values().contains(&v.as_str()),
                    };
                    if !ok {
                        let hint = did_you_mean(v, q.values());
                        diags.push(
                            Diagnostic::error(
                                name,
                                format!(
                                    "{owner}: `{v}` is not an answer to `{qid}`{hint}; it takes {}",
                                    q.allowed()
                                ),
                            )
                            .near(
                                text,
                                find_word(text, v, pos().map(|p| p.0).unwrap_or_else(line)),
                            ),
                        );
                    }
                }
            }
        }
    }
}

/// A short fingerprint of what the rules say, so a saved record names exactly
/// the rules that produced it. It is taken over the checked rule set, not the
/// file text, so comments, layout and file names do not change it: an exported
/// and unchanged directory has the bundled digest. FNV-1a's constants over
/// 8-byte words, with a shift to mix the high bits down.
fn digest(set: &RuleSet) -> String {
    let bytes = postcard::to_allocvec(set).unwrap_or_default();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for chunk in bytes.chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        h ^= u64::from_le_bytes(word);
        h = h.wrapping_mul(0x0100_0000_01b3);
        h ^= h >> 29;
    }
    format!("{h:016x}")
}
