//! The pure engine: which question comes next, which findings fire, the
//! recommendation, and what single change would alter it. No I/O here.

use serde::Serialize;

use crate::answer::{Answer, Answers};
use crate::level::Level;
use crate::rules::{Finding, Kind, Question, RuleSet};

/// A finding that fired, with the answers that triggered it.
#[derive(Debug, Clone)]
pub struct Fired<'r> {
    pub finding: &'r Finding,
    pub triggered_by: Answers,
}

/// A single changed answer that would change the recommendation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub question: String,
    pub answer: Answer,
    pub recommendation: Level,
}

#[derive(Debug, Clone)]
pub struct Assessment<'r> {
    pub recommendation: Level,
    /// The questions asked, with their answers, in the order asked.
    pub answers: Answers,
    /// Most serious first; within a level, in rule-file order.
    pub findings: Vec<Fired<'r>>,
    pub what_would_change: Vec<Change>,
}

impl Assessment<'_> {
    /// Every safeguard of the fired findings, most serious finding first, each once.
    pub fn safeguards(&self) -> Vec<&str> {
        each_once(self.findings.iter().map(|f| &f.finding.safeguards))
    }

    /// The suggested reply of the most serious finding that has one.
    pub fn reply(&self) -> Option<&str> {
        self.findings
            .iter()
            .find_map(|f| f.finding.reply.as_deref())
    }

    /// Every reference cited, each once.
    pub fn references(&self) -> Vec<&str> {
        each_once(self.findings.iter().map(|f| &f.finding.references))
    }

    /// The rationale ids cited, in the order of the rule set.
    pub fn rationales<'a>(&self, rules: &'a RuleSet) -> Vec<&'a str> {
        rules
            .rationales
            .iter()
            .filter(|r| self.findings.iter().any(|f| f.finding.rationale == r.id))
            .map(|r| r.id.as_str())
            .collect()
    }
}

/// The texts of several lists in order, each once.
fn each_once<'a>(lists: impl Iterator<Item = &'a Vec<String>>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for text in lists.flatten() {
        if !out.contains(&text.as_str()) {
            out.push(text);
        }
    }
    out
}

/// Whether an emergency-level finding holds on the answers so far.
pub fn emergency(rules: &RuleSet, asked: &Answers) -> bool {
    rules
        .emergencies
        .iter()
        .any(|&i| rules.findings[i].when.holds(asked))
}

/// The next question to ask, given the answers so far, or `None` when the
/// questions are done (or an emergency has ended them).
pub fn next_question<'r>(rules: &'r RuleSet, asked: &Answers) -> Option<&'r Question> {
    if emergency(rules, asked) {
        return None;
    }
    rules
        .questions
        .iter()
        .find(|q| !asked.contains(&q.id) && q.ask_when.holds(asked))
}

/// The answers a non-interactive walk reaches: each question asked in turn,
/// answered from `given` or its default. `missing` lists the questions that
/// were asked but had no answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Walk {
    pub asked: Answers,
    pub missing: Vec<String>,
}

pub fn walk(rules: &RuleSet, given: &Answers) -> Walk {
    // One pass in order is enough: a question's `ask_when` may only name
    // questions asked before it (checked when the rules are loaded).
    let mut asked = Answers::new();
    let mut missing: Vec<String> = Vec::new();
    for q in &rules.questions {
        if !q.ask_when.holds(&asked) {
            continue;
        }
        match given.get(&q.id).or(q.default.as_ref()) {
            Some(a) => {
                asked.set(&q.id, a.clone());
                if emergency(rules, &asked) {
                    break;
                }
            }
            None => missing.push(q.id.clone()),
        }
    }
    Walk { asked, missing }
}

/// The findings that hold on `asked`, most serious first, and the recommendation.
pub fn evaluate<'r>(rules: &'r RuleSet, asked: &Answers) -> (Level, Vec<Fired<'r>>) {
    let mut fired: Vec<Fired<'r>> = rules
        .findings
        .iter()
        .filter(|f| f.when.holds(asked))
        .map(|f| {
            let named = f.when.questions();
            let mut triggered_by = Answers::new();
            for q in &rules.questions {
                if named.contains(&q.id.as_str()) {
                    if let Some(a) = asked.get(&q.id) {
                        triggered_by.set(&q.id, a.clone());
                    }
                }
            }
            Fired {
                finding: f,
                triggered_by,
            }
        })
        .collect();
    fired.sort_by_key(|f| std::cmp::Reverse(f.finding.level));
    let level = fired
        .first()
        .map(|f| f.finding.level)
        .unwrap_or(Level::Proceed);
    (level, fired)
}

/// The recommendation alone: the most serious level that holds.
pub fn level(rules: &RuleSet, asked: &Answers) -> Level {
    rules
        .findings
        .iter()
        .filter(|f| f.when.holds(asked))
        .map(|f| f.level)
        .max()
        .unwrap_or(Level::Proceed)
}

/// The whole assessment of a finished set of answers. `inputs` are every
/// answer supplied (asked or not); `asked` the ones the walk used.
pub fn assess<'r>(rules: &'r RuleSet, inputs: &Answers, asked: &Answers) -> Assessment<'r> {
    let (recommendation, findings) = evaluate(rules, asked);
    let what_would_change =
        what_would_change(rules, &inputs.overlaid(asked), asked, recommendation);
    Assessment {
        recommendation,
        answers: asked.clone(),
        findings,
        what_would_change,
    }
}

/// Assesses a complete set of answers non-interactively, or names the missing ones.
pub fn assess_given<'r>(
    rules: &'r RuleSet,
    given: &Answers,
) -> Result<Assessment<'r>, Vec<String>> {
    let w = walk(rules, given);
    if !w.missing.is_empty() {
        return Err(w.missing);
    }
    Ok(assess(rules, given, &w.asked))
}

/// For a number question, the values on either side of each line the rules
/// draw through it (`under: 24` gives 23 and 24), within its range, sorted.
/// Between two such values no rule can tell answers apart.
pub fn boundary_values(rules: &RuleSet, q: &Question) -> Vec<i64> {
    let mut values: Vec<i64> = rules
        .conditions()
        .flat_map(|c| c.boundaries(&q.id))
        .flat_map(|(below, above)| [below, above])
        .filter(|v| (q.min..=q.max).contains(v))
        .collect();
    values.sort_unstable();
    values.dedup();
    values
}

/// The values worth trying for a question: every other choice; for a number,
/// the boundary values (SPEC: "at and just below" each threshold).
fn alternatives(rules: &RuleSet, q: &Question, current: &Answer) -> Vec<Answer> {
    let mut out: Vec<Answer> = match q.kind {
        Kind::Number => boundary_values(rules, q)
            .into_iter()
            .map(Answer::Number)
            .collect(),
        _ => q.values().into_iter().map(Answer::choice).collect(),
    };
    out.retain(|a| a != current);
    out
}

/// Single changed answers that would change the recommendation, each verified
/// by replaying the walk with that one answer changed. A change that would open
/// a question with no answer at hand is left out.
pub fn what_would_change(
    rules: &RuleSet,
    inputs: &Answers,
    asked: &Answers,
    current: Level,
) -> Vec<Change> {
    let mut out = Vec::new();
    for (id, answer) in asked.iter() {
        let Some(q) = rules.question(id) else {
            continue;
        };
        let mut best: Vec<Change> = Vec::new();
        for alt in alternatives(rules, q, answer) {
            let mut changed = inputs.clone();
            changed.set(id, alt.clone());
            let w = walk(rules, &changed);
            if !w.missing.is_empty() {
                continue;
            }
            let level = level(rules, &w.asked);
            if level != current {
                best.push(Change {
                    question: id.to_string(),
                    answer: alt,
                    recommendation: level,
                });
            }
        }
        // For numbers, one value per resulting level is enough: the nearest.
        if q.kind == Kind::Number {
            let Some(x) = answer.as_number() else {
                continue;
            };
            best.sort_by_key(|c| {
                (
                    c.recommendation,
                    (c.answer.as_number().unwrap_or(0) - x).abs(),
                )
            });
            best.dedup_by_key(|c| c.recommendation);
        }
        out.extend(best);
    }
    out
}
