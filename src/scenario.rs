//! Scenario files: a vignette, its answers, what a teacher expects, and notes.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::answer::Answers;
use crate::diagnostic::{find_entry, find_word, BadFiles, Diagnostic};
use crate::level::Level;
use crate::rules::{yaml_diagnostic, RuleSet};
use crate::suggest::did_you_mean;
use crate::yaml::{self, Node};

#[derive(Debug, Clone, Default)]
pub struct Scenario {
    pub title: Option<String>,
    pub vignette: Option<String>,
    pub answers: Answers,
    pub expect: Option<Expect>,
    pub discussion: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<Level>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_least: Option<Level>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_most: Option<Level>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rationales: Vec<String>,
}

impl Expect {
    /// Whether a recommendation lies in the expected range.
    pub fn accepts(&self, level: Level) -> bool {
        self.recommendation.is_none_or(|l| l == level)
            && self.at_least.is_none_or(|l| level >= l)
            && self.at_most.is_none_or(|l| level <= l)
    }

    /// "consult", "at least safeguards", "between safeguards and decline".
    pub fn describe_range(&self) -> Option<String> {
        match (self.recommendation, self.at_least, self.at_most) {
            (Some(l), _, _) => Some(l.id().to_string()),
            (None, Some(a), Some(b)) => Some(format!("between {a} and {b}")),
            (None, Some(a), None) => Some(format!("at least {a}")),
            (None, None, Some(b)) => Some(format!("at most {b}")),
            (None, None, None) => None,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    title: Option<String>,
    vignette: Option<String>,
    answers: Node,
    expect: Option<Expect>,
    discussion: Option<String>,
    #[allow(dead_code)]
    record: Option<serde::de::IgnoredAny>,
}

impl Scenario {
    /// Reads and checks a scenario file against the rule set.
    pub fn load(path: &Path, rules: &RuleSet) -> Result<Scenario, BadFiles> {
        let text = crate::files::read_text(path).map_err(|d| BadFiles(vec![d]))?;
        Scenario::parse(&path.display().to_string(), &text, rules)
    }

    pub fn parse(name: &str, text: &str, rules: &RuleSet) -> Result<Scenario, BadFiles> {
        let raw: RawScenario = yaml::from_str(text).map_err(|e| {
            let mut d = yaml_diagnostic(name, text, &e);
            if d.message.contains("unknown field") {
                d.message.push_str(
                    " (a scenario has title, vignette, answers, expect, discussion and record)",
                );
            }
            BadFiles(vec![d])
        })?;
        let mut errors = Vec::new();
        let answers_line = find_word(text, "answers", 1).map(|p| p.0).unwrap_or(1);
        let mut answers = Answers::new();
        let entries: &[(Node, Node)] = match &raw.answers {
            Node::Map(entries) => entries,
            Node::Null => &[],
            other => {
                let d = Diagnostic::error(
                    name,
                    format!("`answers` is a block of `question_id: answer` lines, not {other}"),
                )
                .near(text, Some((answers_line, 1)));
                return Err(BadFiles(vec![d]));
            }
        };
        for (k, v) in entries {
            // Enough to show; a hostile file could otherwise ask for a line
            // lookup per key, tens of thousands of times.
            if errors.len() >= crate::diagnostic::MAX_ERRORS {
                break;
            }
            let Some(id) = crate::condition::scalar_text(k) else {
                errors.push(Diagnostic::error(
                    name,
                    "each line under `answers` is `question_id: answer`",
                ));
                continue;
            };
            let pos = find_entry(
                text,
                &id,
                &crate::condition::scalar_text(v).unwrap_or_default(),
                answers_line,
            )
            .or_else(|| find_word(text, &id, answers_line));
            let Some(q) = rules.question(&id) else {
                errors.push(
                    Diagnostic::error(
                        name,
                        format!(
                            "{}; the questions are listed by `boundcheck rules list`",
                            rules.unknown_question(&id)
                        ),
                    )
                    .near(text, pos),
                );
                continue;
            };
            match q.answer_from_yaml(v) {
                Ok(a) => answers.set(&id, a),
                Err(msg) => errors.push(Diagnostic::error(name, msg).near(text, pos)),
            }
        }
        if let Some(expect) = &raw.expect {
            let line = find_word(text, "expect", 1).map(|p| p.0).unwrap_or(1);
            if *expect == Expect::default() {
                errors.push(Diagnostic::error(name, "`expect` is empty, so it would always pass; give recommendation, at_least, at_most, findings or rationales").near(text, Some((line, 1))));
            }
            for f in &expect.findings {
                if rules.finding(f).is_none() {
                    let hint = did_you_mean(f, rules.findings.iter().map(|x| x.id.as_str()));
                    errors.push(
                        Diagnostic::error(
                            name,
                            format!(
                                "`expect` names the finding `{f}`, which no rule file has{hint}"
                            ),
                        )
                        .near(text, find_word(text, f, line)),
                    );
                }
            }
            for r in &expect.rationales {
                if rules.rationale(r).is_none() {
                    let hint = did_you_mean(r, rules.rationales.iter().map(|x| x.id.as_str()));
                    let all: Vec<&str> = rules.rationales.iter().map(|x| x.id.as_str()).collect();
                    errors.push(
                        Diagnostic::error(
                            name,
                            format!(
                                "`expect` names the rationale `{r}`{hint}; the rationales are {}",
                                all.join(", ")
                            ),
                        )
                        .near(text, find_word(text, r, line)),
                    );
                }
            }
            if let (Some(a), Some(b)) = (expect.at_least, expect.at_most) {
                if a > b {
                    errors.push(Diagnostic::error(name, format!("`expect` asks for at least {a} and at most {b}, which no recommendation can meet")).near(text, find_word(text, "at_least", line)));
                }
            }
        }
        if !errors.is_empty() {
            return Err(BadFiles(errors));
        }
        Ok(Scenario {
            title: raw.title,
            vignette: raw.vignette,
            answers,
            expect: raw.expect,
            discussion: raw.discussion,
        })
    }
}
