//! Loading phase: the question bank — ids, kinds and answers first, then each
//! question's `ask_when`, default and hedging answer once every id is known.

use super::raw::{RawFile, RawQuestion};
use crate::condition::{scalar_text, Condition, Scope, Test};
use crate::diagnostic::Problem;
use crate::model::{Choice, Kind, Question, MAX_CHOICES};
use crate::suggest::did_you_mean;
use crate::text::excerpt;
use crate::yaml::{Part, Path};

pub fn valid_id(id: &str, allow_dash: bool) -> bool {
    !id.is_empty()
        && id.len() <= 80
        && id.chars().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || (allow_dash && c == '-')
        })
}

/// The questions of every file, in file order, and for each the raw question
/// it came from (file index, index in the file). Problems go to their file.
pub fn collect(
    raws: &[RawFile],
    problems: &mut [Vec<Problem>],
) -> (Vec<Question>, Vec<(usize, usize)>) {
    let mut questions: Vec<Question> = Vec::new();
    let mut links = Vec::new();
    for (fi, raw) in raws.iter().enumerate() {
        for (ri, rq) in raw.questions.iter().enumerate() {
            if let Some(q) = question(rq, fi, &questions, &mut problems[fi]) {
                questions.push(q);
                links.push((fi, ri));
            }
        }
    }
    (questions, links)
}

fn question(
    rq: &RawQuestion,
    file: usize,
    earlier: &[Question],
    problems: &mut Vec<Problem>,
) -> Option<Question> {
    let here = |key: &str| rq.at.key(key);
    if !valid_id(&rq.id, false) {
        problems.push(Problem::new(
            &here("id"),
            Part::Value,
            format!(
                "`{}` cannot be a question id: use lower-case letters, digits and _",
                excerpt(&rq.id, 40)
            ),
        ));
        return None;
    }
    if earlier.iter().any(|q| q.id == rq.id) {
        problems.push(
            Problem::new(
                &here("id"),
                Part::Value,
                format!("the question `{}` is defined twice", rq.id),
            )
            .help("give one of them another id, or remove it"),
        );
        return None;
    }
    let kind = rq.kind?;
    let mut choices: Vec<Choice> = match kind {
        Kind::YesNo => vec![choice("yes", "Yes"), choice("no", "No")],
        Kind::YesNoUnsure => vec![
            choice("yes", "Yes"),
            choice("no", "No"),
            choice("unsure", "I'm not sure"),
        ],
        Kind::Choice | Kind::Number => Vec::new(),
    };
    let (mut min, mut max) = (0, 0);
    if kind == Kind::Number {
        if rq.answers.is_some() {
            problems.push(Problem::new(
                &here("answers"),
                Part::Key,
                format!(
                    "`{}` is a number question; it takes `min` and `max`, not `answers`",
                    rq.id
                ),
            ));
        }
        match (rq.min, rq.max) {
            (Some(a), Some(b)) if a <= b => (min, max) = (a, b),
            (Some(_), Some(_)) => problems.push(Problem::new(
                &here("min"),
                Part::Value,
                format!("`{}`: `min` is larger than `max`", rq.id),
            )),
            _ => problems.push(Problem::new(
                &rq.at,
                Part::Value,
                format!(
                    "`{}` is a number question and needs both `min` and `max`",
                    rq.id
                ),
            )),
        }
    } else {
        if rq.min.is_some() || rq.max.is_some() {
            problems.push(Problem::new(
                &here(if rq.min.is_some() { "min" } else { "max" }),
                Part::Key,
                format!(
                    "`min` and `max` belong to number questions; `{}` is not one",
                    rq.id
                ),
            ));
        }
        for (p, value, label) in rq.answers.iter().flat_map(|l| &l.0) {
            answer(kind, &rq.id, p, value, label, &mut choices, problems);
        }
        if kind == Kind::Choice && choices.len() < 2 {
            problems.push(Problem::new(
                &rq.at,
                Part::Value,
                format!(
                    "`{}` is a choice question and needs at least two `answers`",
                    rq.id
                ),
            ));
        }
        if choices.len() > MAX_CHOICES {
            problems.push(Problem::new(
                &here("answers"),
                Part::Key,
                format!(
                    "`{}` has {} answers; a question may have at most {MAX_CHOICES}",
                    rq.id,
                    choices.len()
                ),
            ));
            choices.truncate(MAX_CHOICES);
        }
    }
    Some(Question {
        id: rq.id.clone(),
        prompt: rq.prompt.trim().to_string(),
        short: rq.short.as_ref().map(|s| s.trim().to_string()),
        help: rq.help.as_ref().map(|h| h.trim().to_string()),
        kind,
        choices,
        min,
        max,
        unit: rq.unit.clone(),
        ask_when: Condition::Always,
        default: None,
        what_if: rq.what_if.unwrap_or(true),
        hedge: None,
        private: rq.private.unwrap_or(false),
        file,
    })
}

fn choice(value: &str, label: &str) -> Choice {
    Choice {
        value: value.to_string(),
        label: label.to_string(),
    }
}

fn answer(
    kind: Kind,
    qid: &str,
    p: &Path,
    value: &str,
    label: &str,
    choices: &mut Vec<Choice>,
    problems: &mut Vec<Problem>,
) {
    let label = label.trim().to_string();
    if kind == Kind::Choice {
        if !valid_id(value, false) {
            problems.push(Problem::new(
                p,
                Part::Key,
                format!(
                    "`{}` cannot be an answer value: use lower-case letters, digits and _",
                    excerpt(value, 40)
                ),
            ));
        } else if choices.iter().any(|c| c.value == value) {
            problems.push(Problem::new(
                p,
                Part::Key,
                format!("the answer `{value}` is listed twice"),
            ));
        } else {
            choices.push(choice(value, &label));
        }
    } else if let Some(c) = choices.iter_mut().find(|c| c.value == value) {
        c.label = label;
    } else {
        let (name, allowed) = if kind == Kind::YesNo {
            ("yes_no", "yes and no")
        } else {
            ("yes_no_unsure", "yes, no and unsure")
        };
        problems.push(
            Problem::new(p, Part::Key, format!("`{qid}` is a {name} question: its answers are {allowed}, so `{}` cannot be one", excerpt(value, 40)))
                .help("use `kind: choice` for other answers"),
        );
    }
}

/// Each question's `ask_when`, default and hedging answer. `core` holds the
/// bundled bank's questions and their answers: a question the rules add needs a
/// default, unless it is asked only under an answer added with it.
pub fn conditions(
    raws: &[RawFile],
    links: &[(usize, usize)],
    questions: &mut [Question],
    core: &[(String, Vec<String>)],
    problems: &mut [Vec<Problem>],
) {
    for (qi, &(fi, ri)) in links.iter().enumerate() {
        let rq = &raws[fi].questions[ri];
        let owner = format!("`ask_when` of `{}`", rq.id);
        if let Some(node) = rq.ask_when.as_ref().and_then(|c| c.node.as_ref()) {
            let scope = Scope {
                questions,
                asking: Some(qi),
                owner: &owner,
            };
            if let Some(c) =
                Condition::parse(node, &rq.at.key("ask_when"), &scope, &mut problems[fi])
            {
                questions[qi].ask_when = c;
            }
        }
        default(rq, qi, questions, core, &mut problems[fi]);
        hedge(rq, &mut questions[qi], &mut problems[fi]);
    }
}

fn default(
    rq: &RawQuestion,
    qi: usize,
    questions: &mut [Question],
    core: &[(String, Vec<String>)],
    problems: &mut Vec<Problem>,
) {
    let q = &questions[qi];
    match rq.default.as_ref().and_then(|d| d.0.node.as_ref()) {
        Some(node) => {
            let text = scalar_text(node).unwrap_or_default();
            match q.parse_value(&text) {
                Ok(v) if scalar_text(node).is_some() => questions[qi].default = Some(v),
                Ok(_) => {}
                Err(msg) => problems.push(Problem::new(
                    &rq.at.key("default"),
                    Part::Value,
                    format!("the `default` of `{}` is wrong: {msg}", q.id),
                )),
            }
        }
        None if !core.iter().any(|(id, _)| id == &q.id)
            && !asked_only_under_added_answer(q, questions, core) =>
        {
            problems.push(
                Problem::new(&rq.at.key("id"), Part::Value, format!("`{}` is an added question, so it needs a `default`", q.id))
                    .help("scenario files written before it was added have no answer for it; add `default: …` with the answer that changes nothing"),
            );
        }
        None => {}
    }
}

/// Whether every way `q` can be asked needs an answer that the bundled bank
/// does not have, directly or through a question that is itself asked only so
/// (no older scenario can reach it).
fn asked_only_under_added_answer(
    q: &Question,
    questions: &[Question],
    core: &[(String, Vec<String>)],
) -> bool {
    let core_values = |id: &str| {
        core.iter()
            .find(|(c, _)| c == id)
            .map(|(_, v)| v.as_slice())
    };
    let conjuncts: Vec<&Condition> = match &q.ask_when {
        Condition::All(list) => list.iter().collect(),
        c => vec![c],
    };
    conjuncts.iter().any(|c| match c {
        Condition::Test { q: gate, test } => {
            let gate = &questions[usize::from(*gate)];
            match core_values(&gate.id) {
                // A core question: the test needs only values added to it.
                Some(old) => match test {
                    Test::Choices { set, negate: false } => gate
                        .choices
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| (set >> i) & 1 == 1)
                        .all(|(_, c)| !old.contains(&c.value)),
                    _ => false,
                },
                // An added question: asked only where no older scenario goes.
                None => {
                    !std::ptr::eq(gate, q) && asked_only_under_added_answer(gate, questions, core)
                }
            }
        }
        _ => false,
    })
}

fn hedge(rq: &RawQuestion, q: &mut Question, problems: &mut Vec<Problem>) {
    q.hedge = match &rq.hedge {
        Some(h) => match q.choice_index(h) {
            Some(i) => Some(i),
            None => {
                problems.push(Problem::new(
                    &rq.at.key("hedge"),
                    Part::Value,
                    format!(
                        "`{}` is not an answer to `{}`{}; it takes {}",
                        excerpt(h, 40),
                        q.id,
                        did_you_mean(h, q.values()),
                        q.allowed()
                    ),
                ));
                None
            }
        },
        None => q.choice_index("unsure"),
    };
    if q.kind == Kind::Number && rq.hedge.is_some() {
        problems.push(Problem::new(
            &rq.at.key("hedge"),
            Part::Key,
            "a number question has no hedging answer",
        ));
    }
}
