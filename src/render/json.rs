//! `--format json`: SPEC's stable fields, one object. JSON escapes what JSON
//! can; the characters it passes (C1, bidi, zero-width) are escaped too.
//! Written straight from the assessment, borrowing its text.

use boundcheck_rules::engine::{Answered, Assessment};
use boundcheck_rules::Answer;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// An answer: its id, or the number.
struct Value<'a>(&'a Answer);

impl Serialize for Value<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Answer::Choice(c) => s.serialize_str(c),
            Answer::Number(n) => s.serialize_i64(*n),
        }
    }
}

/// Answers as one object, question id to answer, in the order asked.
struct Answers<'a>(&'a [Answered]);

impl Serialize for Answers<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for a in self.0 {
            m.serialize_entry(&a.id, &Value(&a.answer))?;
        }
        m.end()
    }
}

#[derive(Serialize)]
struct RuleSetId<'a> {
    version: &'a str,
    digest: &'a str,
}

#[derive(Serialize)]
struct Finding<'a> {
    id: &'a str,
    rationale: &'a str,
    level: &'a str,
    because: &'a str,
    triggered_by: Answers<'a>,
    safeguards: Vec<&'a str>,
    references: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reply: Option<&'a str>,
}

#[derive(Serialize)]
struct Todo<'a> {
    text: &'a str,
    urgency: &'a str,
}

#[derive(Serialize)]
struct Change<'a> {
    question: &'a str,
    answer: Value<'a>,
    recommendation: &'a str,
}

#[derive(Serialize)]
struct Out<'a> {
    recommendation: &'a str,
    label: &'a str,
    rule_set: RuleSetId<'a>,
    answers: Answers<'a>,
    findings: Vec<Finding<'a>>,
    rationales: &'a [String],
    safeguards: Vec<&'a str>,
    what_to_do: Vec<Todo<'a>>,
    what_would_change: Vec<Change<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reply: Option<&'a str>,
}

pub fn assessment(a: &Assessment) -> String {
    let out = Out {
        recommendation: a.recommendation.id(),
        label: a.recommendation.label(),
        rule_set: RuleSetId {
            version: &a.version,
            digest: &a.digest,
        },
        answers: Answers(&a.answers),
        findings: a
            .findings
            .iter()
            .map(|f| Finding {
                id: &f.id,
                rationale: &f.rationale,
                level: f.level.id(),
                because: &f.because,
                triggered_by: Answers(&f.triggered_by),
                safeguards: f.safeguards.iter().map(|s| s.text.as_str()).collect(),
                references: f.references.iter().map(|r| r.text.as_str()).collect(),
                reply: f.reply.as_deref(),
            })
            .collect(),
        rationales: &a.rationales,
        safeguards: a.safeguards().map(|s| s.text.as_str()).collect(),
        what_to_do: a
            .todo
            .iter()
            .map(|t| Todo {
                text: &t.text,
                urgency: t.urgency.id(),
            })
            .collect(),
        what_would_change: a
            .what_would_change
            .iter()
            .map(|c| Change {
                question: &c.question,
                answer: Value(&c.answer),
                recommendation: c.recommendation.id(),
            })
            .collect(),
        reply: a.reply.as_deref(),
    };
    let mut s = serde_json::to_string_pretty(&out).unwrap_or_default();
    s.push('\n');
    boundcheck_rules::text::json_safe(s)
}
