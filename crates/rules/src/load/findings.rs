//! Loading phase: rationales and their findings (conditions, texts, safeguards,
//! replies, references), then the invariants rule files declare.

use std::collections::HashMap;

use super::questions::valid_id;
use super::raw::{RawCondition, RawFile, RawFinding, RawSafeguard, RawTexts};
use crate::condition::{Condition, Scope};
use crate::diagnostic::Problem;
use crate::model::{
    Finding, Invariant, Question, Rationale, Safeguard, Texts, Urgency, Variant, Words,
};
use crate::suggest::did_you_mean;
use crate::text::excerpt;
use crate::yaml::{Part, Path};

/// The id of the question bank file.
pub const BANK_ID: &str = "questions";

/// At most this many safeguards per finding: a clinician in a hurry reads five.
pub const MAX_SAFEGUARDS: usize = 5;

/// One rationale per file that is not the bank; its findings; every id once.
/// `names[fi]` is the file's name, for "also in" messages.
pub fn collect(
    raws: &[RawFile],
    names: &[String],
    questions: &[Question],
    problems: &mut [Vec<Problem>],
) -> (Vec<Rationale>, Vec<Finding>) {
    let mut rationales = Vec::new();
    let mut findings: Vec<Finding> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (fi, raw) in raws.iter().enumerate() {
        if raw.id == BANK_ID {
            if let Some(f) = raw.findings.first() {
                problems[fi].push(Problem::new(&f.at, Part::Value, "the question bank (id: questions) holds questions only; put findings in a rationale file"));
            }
            continue;
        }
        let ri = rationales.len();
        rationales.push(Rationale {
            id: raw.id.clone(),
            title: raw
                .title
                .clone()
                .map(|t| t.trim().to_string())
                .unwrap_or_else(|| raw.id.replace('_', " ")),
            about: raw
                .about
                .clone()
                .map(|t| t.trim().to_string())
                .unwrap_or_default(),
            file: fi,
        });
        for rf in &raw.findings {
            if let Some(prev) = index.get(&rf.id) {
                let other = &names[findings[*prev].file];
                problems[fi].push(
                    Problem::new(
                        &rf.at.key("id"),
                        Part::Value,
                        format!("the finding `{}` is defined twice (also in {other})", rf.id),
                    )
                    .help("finding ids are unique across all rule files; rename one of them"),
                );
                continue;
            }
            if let Some(f) = finding(rf, ri, fi, questions, &mut problems[fi]) {
                index.insert(f.id.clone(), findings.len());
                findings.push(f);
            }
        }
    }
    check_replaces(&findings, raws, problems);
    (rationales, findings)
}

fn parse(
    c: &RawCondition,
    questions: &[Question],
    owner: &str,
    problems: &mut Vec<Problem>,
) -> Option<Condition> {
    let scope = Scope {
        questions,
        asking: None,
        owner,
    };
    match &c.node {
        Some(node) => Condition::parse(node, &c.at, &scope, problems),
        None => Some(Condition::Always),
    }
}

fn finding(
    rf: &RawFinding,
    rationale: usize,
    file: usize,
    questions: &[Question],
    problems: &mut Vec<Problem>,
) -> Option<Finding> {
    if !valid_id(&rf.id, true) {
        problems.push(Problem::new(
            &rf.at.key("id"),
            Part::Value,
            format!(
                "`{}` cannot be a finding id: use lower-case letters, digits, - and _",
                excerpt(&rf.id, 40)
            ),
        ));
        return None;
    }
    let owner = format!("the `when` of `{}`", rf.id);
    let errors = |p: &[Problem]| {
        p.iter()
            .filter(|x| x.severity == crate::diagnostic::Severity::Error)
            .count()
    };
    let before = errors(problems);
    let when = parse(&rf.when, questions, &owner, problems);
    let because = texts(
        &rf.because,
        &rf.at.key("because"),
        questions,
        &rf.id,
        problems,
    );
    if because.0.is_empty() || because.0.iter().all(|v| v.text.trim().is_empty()) {
        problems.push(Problem::new(
            &rf.at.key("because"),
            Part::Value,
            format!(
                "`{}` needs a `because`: why this matters, in plain words",
                rf.id
            ),
        ));
    } else if because.0.last().is_some_and(|v| v.when.is_some()) {
        problems.push(
            Problem::new(&rf.at.key("because"), Part::Value, format!("the `because` variants of `{}` need a last one without `when`, so there is always a reason to show", rf.id)),
        );
    }
    let reply = rf
        .reply
        .as_ref()
        .map(|r| texts(r, &rf.at.key("reply"), questions, &rf.id, problems))
        .unwrap_or_default();
    let safeguards = safeguards(rf, questions, problems);
    let level = rf.level?;
    let no_reply = rf.no_reply.unwrap_or(false);
    if no_reply && !reply.is_empty() {
        problems.push(Problem::new(
            &rf.at.key("no_reply"),
            Part::Key,
            format!(
                "`{}` has both a `reply` and `no_reply: true`; keep one",
                rf.id
            ),
        ));
    }
    if errors(problems) > before {
        return None;
    }
    Some(Finding::new(
        rf.id.clone(),
        rf.replaces.clone(),
        rationale,
        level,
        when?,
        no_reply,
        file,
        Words {
            because,
            safeguards,
            reply,
            references: rf.references.iter().map(|r| r.trim().to_string()).collect(),
        },
    ))
}

fn texts(
    raw: &RawTexts,
    path: &Path,
    questions: &[Question],
    id: &str,
    problems: &mut Vec<Problem>,
) -> Texts {
    match raw {
        RawTexts::Plain(s) => Texts::plain(s.trim()),
        RawTexts::Variants(list) => {
            let owner = format!("a text variant of `{id}`");
            let mut out = Vec::new();
            for (i, v) in list.iter().enumerate() {
                let when = match &v.when {
                    Some(c) => parse(c, questions, &owner, problems),
                    None => None,
                };
                if v.when.is_none() && i + 1 < list.len() {
                    problems.push(Problem::new(&path.index(i), Part::Value, "a variant without `when` shows always, so the variants after it would never show; put it last"));
                }
                out.push(Variant {
                    when,
                    text: v.text.trim().to_string(),
                });
            }
            Texts(out)
        }
    }
}

fn safeguards(
    rf: &RawFinding,
    questions: &[Question],
    problems: &mut Vec<Problem>,
) -> Vec<Safeguard> {
    let owner = format!("a safeguard of `{}`", rf.id);
    let list: Vec<Safeguard> = rf
        .safeguards
        .iter()
        .map(|s| match s {
            RawSafeguard::Plain(t) => Safeguard {
                text: t.trim().to_string(),
                urgency: Urgency::Next,
                when: None,
            },
            RawSafeguard::Full(b) => Safeguard {
                text: b.text.trim().to_string(),
                urgency: b.urgency.unwrap_or(Urgency::Next),
                when: b
                    .when
                    .as_ref()
                    .and_then(|c| parse(c, questions, &owner, problems)),
            },
        })
        .collect();
    // Conditional safeguards count once per situation; count the unconditional ones.
    let always = list.iter().filter(|s| s.when.is_none()).count();
    if always > MAX_SAFEGUARDS {
        problems.push(
            Problem::new(&rf.at.key("safeguards"), Part::Key, format!("`{}` has {always} safeguards; at most {MAX_SAFEGUARDS} are read in a hurry", rf.id))
                .help("keep the five that matter most, in the order a clinician acts; merge or drop the rest")
                .warning(),
        );
    }
    list
}

/// `replaces` names ids a finding took over; a split lists the old id in each
/// part. A finding cannot replace itself.
fn check_replaces(findings: &[Finding], raws: &[RawFile], problems: &mut [Vec<Problem>]) {
    for f in findings {
        if f.replaces.iter().any(|old| old == &f.id) {
            let at = raws[f.file]
                .findings
                .iter()
                .find(|r| r.id == f.id)
                .map(|r| r.at.key("replaces"))
                .unwrap_or_default();
            problems[f.file].push(Problem::new(
                &at,
                Part::Value,
                format!("`{}` lists itself under `replaces`", f.id),
            ));
        }
    }
}

/// The invariants of every file.
pub fn invariants(
    raws: &[RawFile],
    questions: &[Question],
    rationales: &[Rationale],
    problems: &mut [Vec<Problem>],
) -> Vec<Invariant> {
    let mut out = Vec::new();
    // A counterexample names its invariant: two of one name could not be told apart.
    let mut names: Vec<String> = Vec::new();
    for (fi, raw) in raws.iter().enumerate() {
        for ri in &raw.invariants {
            let name = ri.name.trim().to_lowercase();
            if names.contains(&name) {
                problems[fi].push(Problem::new(
                    &ri.at.key("name"),
                    Part::Value,
                    format!(
                        "an invariant named \"{}\" is declared already; give each invariant its own name",
                        excerpt(ri.name.trim(), 60)
                    ),
                ));
            } else {
                names.push(name);
            }
            let owner = format!("the `when` of the invariant \"{}\"", excerpt(&ri.name, 40));
            let when = parse(&ri.when, questions, &owner, &mut problems[fi]);
            let mut cites = Vec::new();
            for (i, c) in ri.cites.iter().enumerate() {
                match rationales.iter().position(|r| &r.id == c) {
                    Some(x) => cites.push(x),
                    None => problems[fi].push(Problem::new(
                        &ri.at.key("cites").index(i),
                        Part::Value,
                        format!(
                            "`{}` is not a rationale{}; the rationales are {}",
                            excerpt(c, 40),
                            did_you_mean(c, rationales.iter().map(|r| r.id.as_str())),
                            rationales
                                .iter()
                                .map(|r| r.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )),
                }
            }
            if let (Some(a), Some(b)) = (ri.at_least, ri.at_most) {
                if a > b {
                    problems[fi].push(Problem::new(
                        &ri.at.key("at_least"),
                        Part::Value,
                        format!("at least {a} and at most {b} cannot both hold"),
                    ));
                }
            }
            if let Some(when) = when {
                out.push(Invariant {
                    name: ri.name.trim().to_string(),
                    when,
                    at_least: ri.at_least,
                    at_most: ri.at_most,
                    cites,
                    file: fi,
                });
            }
        }
    }
    out
}
