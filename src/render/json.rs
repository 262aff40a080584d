//! `--format json`: the stable fields of SPEC, one object.

use serde::Serialize;

use crate::answer::Answers;
use crate::engine::{Assessment, Change};
use crate::level::Level;
use crate::rules::RuleSet;

#[derive(Serialize)]
pub struct RuleSetId<'a> {
    pub version: &'a str,
    pub digest: &'a str,
}

#[derive(Serialize)]
struct FindingOut<'a> {
    id: &'a str,
    rationale: &'a str,
    level: Level,
    because: &'a str,
    triggered_by: &'a Answers,
    safeguards: &'a [String],
    references: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    reply: Option<&'a str>,
}

#[derive(Serialize)]
struct Out<'a> {
    recommendation: Level,
    label: &'static str,
    rule_set: RuleSetId<'a>,
    answers: &'a Answers,
    findings: Vec<FindingOut<'a>>,
    rationales: Vec<&'a str>,
    safeguards: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reply: Option<&'a str>,
    what_would_change: &'a [Change],
}

pub fn render(rules: &RuleSet, a: &Assessment<'_>) -> String {
    let out = Out {
        recommendation: a.recommendation,
        label: a.recommendation.label(),
        rule_set: RuleSetId {
            version: &rules.version,
            digest: &rules.digest,
        },
        answers: &a.answers,
        findings: a
            .findings
            .iter()
            .map(|f| FindingOut {
                id: &f.finding.id,
                rationale: &f.finding.rationale,
                level: f.finding.level,
                because: &f.finding.because,
                triggered_by: &f.triggered_by,
                safeguards: &f.finding.safeguards,
                references: &f.finding.references,
                reply: f.finding.reply.as_deref(),
            })
            .collect(),
        rationales: a.rationales(rules),
        safeguards: a.safeguards(),
        reply: a.reply(),
        what_would_change: &a.what_would_change,
    };
    let mut s =
        serde_json::to_string_pretty(&out).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
