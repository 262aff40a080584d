//! The rule files as written: the raw types (which the JSON Schemas are
//! generated from) and the readers that fill them, reporting every problem.

use schemars::JsonSchema;

use super::block::{block, describe, Block};
use crate::condition::scalar_text;
use crate::diagnostic::Problem;
use crate::level::Level;
use crate::model::{Kind, Urgency};
use crate::suggest::did_you_mean;
use crate::text::excerpt;
use crate::yaml::{Node, Part, Path};

/// A condition as written: a block of `question: answer` lines, or all, any, not.
#[derive(Debug, Clone, Default)]
pub struct RawCondition {
    pub node: Option<Node>,
    pub at: Path,
}

impl JsonSchema for RawCondition {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Condition".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A condition: a block of `question_id: answer` lines (all must hold), where an answer may be a value, a list of values, `{not: …}`, or for numbers `{under: N}`, `{at_most: N}`, `{over: N}`, `{at_least: N}`; or `all: [...]`, `any: [...]`, `not: {...}`; or `always`.",
            "anyOf": [{"type": "object"}, {"const": "always"}, {"type": "null"}]
        })
    }
}

/// A single answer as written (a default): a value, a number, or true/false.
#[derive(Debug, Clone, Default)]
pub struct RawScalar(pub RawCondition);

impl JsonSchema for RawScalar {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Answer".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An answer: one of the question's values, a whole number for a number question, or true/false for yes/no.",
            "type": ["string", "integer", "boolean"]
        })
    }
}

/// `value: label` lines, in the order shown.
#[derive(Debug, Clone, Default)]
pub struct Labels(pub Vec<(Path, String, String)>);

impl JsonSchema for Labels {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Answers".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "The answers, one `value: label people see` line each, in the order shown. Values are lower-case letters, digits and _.",
            "type": "object",
            "additionalProperties": {"type": "string"}
        })
    }
}

/// A rule file: a rationale and its findings, or the question bank (`id: questions`).
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawFile {
    /// The file's id: a rationale id (objectivity, confidentiality, dependency, dual_relationships, well_being, ethical_conduct, emergency, or a new one), or `questions` for the question bank. A file whose id matches a bundled file replaces it whole.
    pub id: String,
    /// The rationale's name, as people read it.
    pub title: Option<String>,
    /// Why this boundary exists, in a few plain sentences.
    pub about: Option<String>,
    /// Questions (the bank, or questions a rationale file adds; added ones need a `default`).
    #[schemars(default)]
    pub questions: Vec<RawQuestion>,
    /// The findings this rationale gives rise to.
    #[schemars(default)]
    pub findings: Vec<RawFinding>,
    /// Properties `rules verify` proves over every answer.
    #[schemars(default)]
    pub invariants: Vec<RawInvariant>,
    #[schemars(skip)]
    pub id_at: Path,
}

/// One question of the bank.
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawQuestion {
    /// The question's id: lower-case letters, digits and _. Rule files and scenarios refer to it.
    pub id: String,
    /// The question as it is asked.
    pub prompt: String,
    /// A few words naming the question in results ("how often they get in touch").
    pub short: Option<String>,
    /// A line of help shown under the question.
    pub help: Option<String>,
    /// choice, yes_no, yes_no_unsure or number.
    pub kind: Option<Kind>,
    /// For choice questions: the answers; for yes/no questions: their labels.
    pub answers: Option<Labels>,
    /// For number questions: the smallest answer.
    pub min: Option<i64>,
    /// For number questions: the largest answer.
    pub max: Option<i64>,
    /// For number questions: the unit shown with the answer (months).
    pub unit: Option<String>,
    /// When the question is asked; without it, always. It may name only questions asked before it.
    pub ask_when: Option<RawCondition>,
    /// The answer taken when a scenario gives none. Questions a rule set adds must have one.
    pub default: Option<RawScalar>,
    /// `false` leaves the question out of "what would change" in text and markdown (a fact that defines the situation).
    pub what_if: Option<bool>,
    /// The hedging answer, which must never lower the result (P1); `unsure` where there is one.
    pub hedge: Option<String>,
    /// `true` for an answer about the clinician (a personal stake): the record note keeps it apart.
    pub private: Option<bool>,
    #[schemars(skip)]
    pub at: Path,
}

/// A finding: what fires, how serious it is, why, and what to do.
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawFinding {
    /// The finding's id: lower-case letters, digits, - and _. Stable: scenarios name it in `expect.findings`.
    pub id: String,
    /// Ids this finding took over when findings were split, merged or renamed.
    #[schemars(default)]
    pub replaces: Vec<String>,
    /// proceed, safeguards, consult, decline, prohibited or emergency.
    pub level: Option<Level>,
    /// When the finding fires.
    pub when: RawCondition,
    /// Why it matters, in plain words; or a list of `{when, text}` variants, the last without `when`.
    pub because: RawTexts,
    /// What to do: texts, or `{text, urgency: now|next|record, when}` blocks, in the order a clinician acts.
    #[schemars(default)]
    pub safeguards: Vec<RawSafeguard>,
    /// Words the clinician could send; or a list of `{when, text}` variants.
    pub reply: Option<RawTexts>,
    /// `true` where nobody waits for an answer, or the protocol speaks instead.
    pub no_reply: Option<bool>,
    /// Standards cited, by code and number only (APA 3.05).
    #[schemars(default)]
    pub references: Vec<String>,
    #[schemars(skip)]
    pub at: Path,
}

/// A text, or variants of it for different answers.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum RawTexts {
    Plain(String),
    Variants(Vec<RawVariant>),
}

impl Default for RawTexts {
    fn default() -> RawTexts {
        RawTexts::Plain(String::new())
    }
}

/// One variant of a text: shown when its condition holds (the first that does).
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawVariant {
    /// When this variant is shown; leave it out on the last one (the fallback).
    pub when: Option<RawCondition>,
    /// The text.
    pub text: String,
    #[schemars(skip)]
    pub at: Path,
}

/// A safeguard: a text, or a block with its urgency and condition.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum RawSafeguard {
    Plain(String),
    Full(RawSafeguardBlock),
}

/// A safeguard with its urgency and the answers it is shown for.
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawSafeguardBlock {
    /// What to do.
    pub text: String,
    /// now (first: today, before anything else), next (before the next contact; the default) or record (paperwork).
    pub urgency: Option<Urgency>,
    /// Shown only when this condition holds.
    pub when: Option<RawCondition>,
}

/// A declared property of the rules, proved by `rules verify` over every answer.
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawInvariant {
    /// What the property says, in words.
    pub name: String,
    /// The situations it covers.
    pub when: RawCondition,
    /// The recommendation is at least this level there.
    pub at_least: Option<Level>,
    /// The recommendation is at most this level there.
    pub at_most: Option<Level>,
    /// Rationales that must be among those cited there.
    #[schemars(default)]
    pub cites: Vec<String>,
    #[schemars(skip)]
    pub at: Path,
}

impl JsonSchema for Urgency {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Urgency".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "now: before anything else, today; next: before the next contact; record: paperwork.",
            "enum": ["now", "next", "record"]
        })
    }
}

pub const FILE_KEYS: &[&str] = &[
    "id",
    "title",
    "about",
    "questions",
    "findings",
    "invariants",
];
pub const QUESTION_KEYS: &[&str] = &[
    "id", "prompt", "short", "help", "kind", "answers", "min", "max", "unit", "ask_when",
    "default", "what_if", "hedge", "private",
];
pub const FINDING_KEYS: &[&str] = &[
    "id",
    "replaces",
    "level",
    "when",
    "because",
    "safeguards",
    "reply",
    "no_reply",
    "references",
];
pub const VARIANT_KEYS: &[&str] = &["when", "text"];
pub const SAFEGUARD_KEYS: &[&str] = &["text", "urgency", "when"];
pub const INVARIANT_KEYS: &[&str] = &["name", "when", "at_least", "at_most", "cites"];

/// Keys of a finding or question that, found at the top of a file, were
/// probably meant to be indented under the last finding or question.
fn misplaced_hint(key: &str) -> Option<&'static str> {
    if FINDING_KEYS.contains(&key) && !FILE_KEYS.contains(&key) {
        Some("it looks like part of a finding: indent it to line up with the finding's other keys (under `- id:`)")
    } else if QUESTION_KEYS.contains(&key) && !FILE_KEYS.contains(&key) {
        Some("it looks like part of a question: indent it to line up with the question's other keys (under `- id:`)")
    } else {
        None
    }
}

/// Reads a whole rule file.
pub fn read_file(node: &Node, problems: &mut Vec<Problem>) -> Option<RawFile> {
    let root = Path::root();
    match node {
        Node::Map(entries) => {
            // A finding's key dedented to the top of the file: say so, at the key.
            for (k, _) in entries {
                let key = scalar_text(k).unwrap_or_default();
                if let Some(h) = misplaced_hint(&key) {
                    problems.push(
                        Problem::new(&root.key(&key), Part::Key, format!("`{key}:` is at the top level of the file, where it does not belong"))
                            .help(h),
                    );
                }
            }
        }
        Node::Null => {
            problems.push(
                Problem::new(
                    &root,
                    Part::Value,
                    "the file has no content (only comments or blank lines)",
                )
                .help("a rule file starts with `id:` and has `findings:` or `questions:`"),
            );
            return None;
        }
        other => {
            // Never quote what the file holds: it may not be a rule file at all.
            problems.push(Problem::new(&root, Part::Value, format!("a rule file is a block of `key: value` lines starting with `id:`, but this file holds {}", other.kind())));
            return None;
        }
    }
    // Misplaced keys were reported above; the block accepts them quietly, and
    // a finding that lacks one of them is not reported again.
    let misplaced: Vec<String> = match node {
        Node::Map(entries) => entries
            .iter()
            .filter_map(|(k, _)| scalar_text(k))
            .filter(|k| misplaced_hint(k).is_some())
            .collect(),
        _ => Vec::new(),
    };
    let before = problems.len();
    let file = read_blocks(node, &root, problems);
    let mut i = before;
    while i < problems.len() {
        let m = &problems[i].message;
        if misplaced.iter().any(|k| {
            m.starts_with("a finding needs `") && m.contains(&format!("`{k}:`"))
                || m.starts_with("a question needs `") && m.contains(&format!("`{k}:`"))
        }) {
            problems.remove(i);
        } else {
            i += 1;
        }
    }
    file
}

fn read_blocks(node: &Node, root: &Path, problems: &mut Vec<Problem>) -> Option<RawFile> {
    let tolerated: Vec<&str> = FINDING_KEYS
        .iter()
        .chain(QUESTION_KEYS)
        .copied()
        .filter(|k| !FILE_KEYS.contains(k))
        .collect();
    let b = super::block::block_with(node, root, "a rule file", FILE_KEYS, &tolerated, problems)?;
    let mut file = RawFile {
        id_at: b.at("id"),
        ..RawFile::default()
    };
    file.id = b
        .required_text(
            "id",
            " (a rationale id, or `questions` for the question bank)",
            problems,
        )
        .unwrap_or_default();
    file.title = b.text("title", problems);
    file.about = b.text("about", problems);
    for (p, n) in b.list("questions", problems) {
        if let Some(q) = read_question(n, &p, problems) {
            file.questions.push(q);
        }
    }
    for (p, n) in b.list("findings", problems) {
        if let Some(f) = read_finding(n, &p, problems) {
            file.findings.push(f);
        }
    }
    for (p, n) in b.list("invariants", problems) {
        if let Some(i) = read_invariant(n, &p, problems) {
            file.invariants.push(i);
        }
    }
    Some(file)
}

fn condition(b: &Block<'_>, key: &str) -> Option<RawCondition> {
    b.get(key).map(|n| RawCondition {
        node: Some(n.clone()),
        at: b.at(key),
    })
}

fn read_question(node: &Node, path: &Path, problems: &mut Vec<Problem>) -> Option<RawQuestion> {
    let b = block(node, path, "a question", QUESTION_KEYS, problems)?;
    let mut q = RawQuestion {
        at: path.clone(),
        ..RawQuestion::default()
    };
    q.id = b.required_text("id", "", problems)?;
    q.prompt = b
        .required_text("prompt", " (the question as it is asked)", problems)
        .unwrap_or_default();
    q.help = b.text("help", problems);
    q.short = b.text("short", problems);
    q.kind = match b.require(
        "kind",
        " (choice, yes_no, yes_no_unsure or number)",
        problems,
    ) {
        Some(n) => read_enum(
            n,
            &b.at("kind"),
            "kind",
            &[
                ("choice", Kind::Choice),
                ("yes_no", Kind::YesNo),
                ("yes_no_unsure", Kind::YesNoUnsure),
                ("number", Kind::Number),
            ],
            problems,
        ),
        None => None,
    };
    if let Some(n) = b.get("answers") {
        q.answers = read_labels(n, &b.at("answers"), problems);
    }
    q.min = b.integer("min", problems);
    q.max = b.integer("max", problems);
    q.unit = b.text("unit", problems);
    q.ask_when = condition(&b, "ask_when");
    q.default = condition(&b, "default").map(RawScalar);
    q.what_if = b.boolean("what_if", problems);
    q.hedge = b.get("hedge").and_then(scalar_text);
    q.private = b.boolean("private", problems);
    Some(q)
}

fn read_labels(node: &Node, path: &Path, problems: &mut Vec<Problem>) -> Option<Labels> {
    let Node::Map(entries) = node else {
        problems.push(
            Problem::new(path, Part::Value, format!("`answers:` is a block of `value: label` lines, not {}", describe(node)))
                .help("write one `value: label` line for each answer under `answers:`, such as `token: A token (a card)`, or `answers: {token: A token (a card), modest: Modest (a book)}`"),
        );
        return None;
    };
    let mut out = Vec::new();
    for (k, v) in entries {
        let key = scalar_text(k).unwrap_or_default();
        let kp = path.key(&key);
        match scalar_text(v) {
            Some(label) if !matches!(v, Node::Bool(_)) => out.push((kp, key, label)),
            _ => problems.push(
                Problem::new(&kp, Part::Value, format!("the answer `{}` needs a label people see, as a text", excerpt(&key, 40)))
                    .help("each line under `answers:` is `value: label`; a colon followed by a space inside the label starts a new key, so put the label in quotes"),
            ),
        }
    }
    Some(Labels(out))
}

fn read_enum<T: Copy>(
    node: &Node,
    path: &Path,
    key: &str,
    options: &[(&str, T)],
    problems: &mut Vec<Problem>,
) -> Option<T> {
    let text = scalar_text(node).unwrap_or_default();
    if let Some((_, v)) = options.iter().find(|(name, _)| *name == text) {
        return Some(*v);
    }
    let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
    let shown = if matches!(node, Node::Str(_)) {
        format!("`{}`", excerpt(&text, 40))
    } else {
        describe(node)
    };
    problems.push(Problem::new(
        path,
        Part::Value,
        format!(
            "{shown} is not a {key}{}; use {}",
            did_you_mean(&text, names.iter().copied()),
            crate::model::or_list(&names)
        ),
    ));
    None
}

fn read_level(b: &Block<'_>, key: &str, problems: &mut Vec<Problem>) -> Option<Level> {
    let n = b.get(key)?;
    let options: Vec<(&str, Level)> = Level::ALL.iter().map(|l| (l.id(), *l)).collect();
    read_enum(n, &b.at(key), "level", &options, problems)
}

fn read_texts(
    node: &Node,
    path: &Path,
    key: &str,
    problems: &mut Vec<Problem>,
) -> Option<RawTexts> {
    match node {
        Node::Str(s) => Some(RawTexts::Plain(s.clone())),
        Node::Seq(items) => {
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let p = path.index(i);
                let Some(b) = block(item, &p, "a text variant", VARIANT_KEYS, problems) else {
                    continue;
                };
                let Some(text) = b.required_text("text", "", problems) else {
                    continue;
                };
                out.push(RawVariant {
                    when: condition(&b, "when"),
                    text,
                    at: p,
                });
            }
            Some(RawTexts::Variants(out))
        }
        Node::Map(_) => {
            problems.push(
                Problem::new(path, Part::Value, format!("`{key}:` takes a text, not a block of `key: value` lines"))
                    .help("a colon followed by a space inside a sentence starts a new key; put the sentence in quotes, or write `>` after the colon and the sentence on the next lines"),
            );
            None
        }
        other => {
            problems.push(Problem::new(
                path,
                Part::Value,
                format!(
                    "`{key}:` takes a text (or a list of `{{when, text}}` variants), not {}",
                    describe(other)
                ),
            ));
            None
        }
    }
}

fn read_finding(node: &Node, path: &Path, problems: &mut Vec<Problem>) -> Option<RawFinding> {
    let b = block(node, path, "a finding", FINDING_KEYS, problems)?;
    let mut f = RawFinding {
        at: path.clone(),
        ..RawFinding::default()
    };
    f.id = b.required_text("id", "", problems)?;
    f.replaces = b
        .texts("replaces", problems)
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    if b.require(
        "level",
        " (proceed, safeguards, consult, decline, prohibited or emergency)",
        problems,
    )
    .is_some()
    {
        f.level = read_level(&b, "level", problems);
    }
    if b.require("when", " (the answers that make it fire)", problems)
        .is_some()
    {
        f.when = condition(&b, "when").unwrap_or_default();
    }
    if b.require("because", " (why this matters, in plain words)", problems)
        .is_some()
    {
        f.because = read_texts(b.get("because")?, &b.at("because"), "because", problems)
            .unwrap_or_default();
    }
    for (p, n) in b.list("safeguards", problems) {
        match n {
            Node::Str(s) => f.safeguards.push(RawSafeguard::Plain(s.clone())),
            Node::Map(_) => {
                let Some(sb) = block(n, &p, "a safeguard", SAFEGUARD_KEYS, problems) else {
                    continue;
                };
                let Some(text) = sb.required_text("text", "", problems) else {
                    // A one-key block is most likely a colon inside a sentence.
                    continue;
                };
                let urgency = sb.get("urgency").and_then(|u| {
                    read_enum(u, &sb.at("urgency"), "urgency", &Urgency::ALL, problems)
                });
                f.safeguards.push(RawSafeguard::Full(RawSafeguardBlock {
                    text,
                    urgency,
                    when: condition(&sb, "when"),
                }));
            }
            other => problems.push(Problem::new(
                &p,
                Part::Value,
                format!(
                    "a safeguard is a text, or a block with `text:` and `urgency:`, not {}",
                    describe(other)
                ),
            )),
        }
    }
    if let Some(n) = b.get("reply") {
        f.reply = read_texts(n, &b.at("reply"), "reply", problems);
    }
    f.no_reply = b.boolean("no_reply", problems);
    f.references = b
        .texts("references", problems)
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    Some(f)
}

fn read_invariant(node: &Node, path: &Path, problems: &mut Vec<Problem>) -> Option<RawInvariant> {
    let b = block(node, path, "an invariant", INVARIANT_KEYS, problems)?;
    let mut i = RawInvariant {
        at: path.clone(),
        ..RawInvariant::default()
    };
    i.name = b.required_text("name", " (what the property says, in words)", problems)?;
    if b.require("when", " (the situations it covers)", problems)
        .is_some()
    {
        i.when = condition(&b, "when").unwrap_or_default();
    }
    i.at_least = read_level(&b, "at_least", problems);
    i.at_most = read_level(&b, "at_most", problems);
    i.cites = b
        .texts("cites", problems)
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    if i.at_least.is_none()
        && i.at_most.is_none()
        && i.cites.is_empty()
        && !b.has("at_least")
        && !b.has("at_most")
    {
        problems.push(Problem::new(
            path,
            Part::Value,
            "an invariant needs `at_least:`, `at_most:` or `cites:`, or it proves nothing",
        ));
    }
    Some(i)
}
