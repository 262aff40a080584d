//! The small condition language of rule files: `when` and `ask_when`.

use std::fmt::Write as _;

use crate::answer::{Answer, Answers};
use crate::yaml::Node;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Condition {
    Always,
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Test { question: String, test: Test },
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Test {
    OneOf(Vec<String>),
    NoneOf(Vec<String>),
    /// Every comparison holds (`under: 24` is `(Under, 24)`).
    Compare(Vec<(Op, i64)>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Op {
    Under,
    AtMost,
    Over,
    AtLeast,
}

impl Op {
    const ALL: [(&'static str, Op); 4] = [
        ("under", Op::Under),
        ("at_most", Op::AtMost),
        ("over", Op::Over),
        ("at_least", Op::AtLeast),
    ];

    fn holds(self, x: i64, n: i64) -> bool {
        match self {
            Op::Under => x < n,
            Op::AtMost => x <= n,
            Op::Over => x > n,
            Op::AtLeast => x >= n,
        }
    }

    fn words(self) -> &'static str {
        match self {
            Op::Under => "under",
            Op::AtMost => "at most",
            Op::Over => "over",
            Op::AtLeast => "at least",
        }
    }
}

/// Where a parse error sits: the path of keys inside the condition, and the
/// word to look for when finding its line.
#[derive(Debug)]
pub struct ConditionError {
    pub message: String,
    /// A key or value in the file near the mistake, to find its line.
    pub near: String,
}

fn err(message: String, near: &str) -> ConditionError {
    ConditionError {
        message,
        near: near.to_string(),
    }
}

/// A scalar from a condition as the answer value it stands for (`true` is `yes`).
pub fn scalar_text(v: &Node) -> Option<String> {
    match v {
        Node::Str(s) => Some(s.clone()),
        Node::Bool(true) => Some("yes".into()),
        Node::Bool(false) => Some("no".into()),
        Node::Int(n) => Some(n.to_string()),
        Node::Float(x) => Some(x.to_string()),
        _ => None,
    }
}

impl Condition {
    pub fn parse(v: &Node) -> Result<Condition, ConditionError> {
        match v {
            Node::Null => Ok(Condition::Always),
            Node::Str(s) if s == "always" => Ok(Condition::Always),
            Node::Map(map) => {
                let mut parts = Vec::new();
                for (k, val) in map {
                    let key = scalar_text(k).unwrap_or_default();
                    parts.push(match key.as_str() {
                        "all" | "any" => {
                            let Node::Seq(items) = val else {
                                return Err(err(
                                    format!("`{key}:` takes a list of conditions, each on a line starting with -"),
                                    &key,
                                ));
                            };
                            let list = items
                                .iter()
                                .map(Condition::parse)
                                .collect::<Result<Vec<_>, _>>()?;
                            if key == "all" {
                                Condition::All(list)
                            } else {
                                Condition::Any(list)
                            }
                        }
                        "not" => Condition::Not(Box::new(Condition::parse(val)?)),
                        "" => return Err(err("a condition key must be a question id, or all, any, not".into(), "")),
                        question => Condition::Test {
                            question: question.to_string(),
                            test: Test::parse(question, val)?,
                        },
                    });
                }
                Ok(match parts.len() {
                    0 => Condition::Always,
                    1 => parts.pop().unwrap_or(Condition::Always),
                    _ => Condition::All(parts),
                })
            }
            other => Err(err(
                format!(
                    "a condition is a block of `question: answer` lines (or all, any, not), not `{}`",
                    scalar_text(other).unwrap_or_else(|| "a list".into())
                ),
                &scalar_text(other).unwrap_or_default(),
            )),
        }
    }

    pub fn holds(&self, answers: &Answers) -> bool {
        match self {
            Condition::Always => true,
            Condition::All(list) => list.iter().all(|c| c.holds(answers)),
            Condition::Any(list) => list.iter().any(|c| c.holds(answers)),
            Condition::Not(c) => !c.holds(answers),
            Condition::Test { question, test } => match answers.get(question) {
                Some(answer) => test.holds(answer),
                None => false,
            },
        }
    }

    /// Every (question, test) in the condition, in the order written.
    pub fn tests(&self) -> Vec<(&str, &Test)> {
        let mut out = Vec::new();
        self.collect_tests(&mut out);
        out
    }

    fn collect_tests<'a>(&'a self, out: &mut Vec<(&'a str, &'a Test)>) {
        match self {
            Condition::Always => {}
            Condition::All(list) | Condition::Any(list) => {
                list.iter().for_each(|c| c.collect_tests(out))
            }
            Condition::Not(c) => c.collect_tests(out),
            Condition::Test { question, test } => out.push((question, test)),
        }
    }

    /// The question ids the condition names, each once, in the order written.
    pub fn questions(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = Vec::new();
        for (q, _) in self.tests() {
            if !ids.contains(&q) {
                ids.push(q);
            }
        }
        ids
    }

    /// Each comparison of `question` as the two values on either side of its
    /// line: `under: 24` and `at_least: 24` divide 23 from 24; `over: 12` and
    /// `at_most: 12` divide 12 from 13.
    pub fn boundaries(&self, question: &str) -> Vec<(i64, i64)> {
        let mut out = Vec::new();
        for (q, test) in self.tests() {
            if let (true, Test::Compare(ops)) = (q == question, test) {
                out.extend(ops.iter().map(|(op, n)| match op {
                    Op::Under | Op::AtLeast => (n - 1, *n),
                    Op::Over | Op::AtMost => (*n, n + 1),
                }));
            }
        }
        out
    }

    /// The condition in plain words: "contact is gift or invitation".
    pub fn describe(&self) -> String {
        let mut s = String::new();
        self.describe_into(&mut s, false);
        s
    }

    fn describe_into(&self, s: &mut String, nested: bool) {
        match self {
            Condition::Always => s.push_str("always"),
            Condition::All(list) | Condition::Any(list) => {
                let joiner = if matches!(self, Condition::All(_)) {
                    " and "
                } else {
                    " or "
                };
                if nested {
                    s.push('(');
                }
                for (i, c) in list.iter().enumerate() {
                    if i > 0 {
                        s.push_str(joiner);
                    }
                    c.describe_into(s, true);
                }
                if nested {
                    s.push(')');
                }
            }
            Condition::Not(c) => {
                s.push_str("not (");
                c.describe_into(s, false);
                s.push(')');
            }
            Condition::Test { question, test } => {
                let _ = write!(s, "{question} {}", test.describe());
            }
        }
    }
}

fn or_list(values: &[String]) -> String {
    match values {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

impl Test {
    fn parse(question: &str, v: &Node) -> Result<Test, ConditionError> {
        let values = |v: &Node| -> Result<Vec<String>, ConditionError> {
            match v {
                Node::Seq(items) => items
                    .iter()
                    .map(|i| {
                        scalar_text(i).ok_or_else(|| {
                            err(format!("`{question}:` takes answer values, not nested lists or blocks"), question)
                        })
                    })
                    .collect(),
                other => scalar_text(other).map(|s| vec![s]).ok_or_else(|| {
                    err(format!("`{question}:` takes an answer value, a list of them, or a block such as {{not: …}} or {{under: 24}}"), question)
                }),
            }
        };
        match v {
            Node::Map(map) => {
                let mut compare = Vec::new();
                let mut none_of = None;
                for (k, val) in map {
                    let key = scalar_text(k).unwrap_or_default();
                    if key == "not" {
                        none_of = Some(values(val)?);
                    } else if let Some((_, op)) = Op::ALL.iter().find(|(w, _)| *w == key) {
                        let n = val.as_i64().ok_or_else(|| {
                            err(
                                format!("`{key}:` under `{question}` takes a whole number"),
                                &key,
                            )
                        })?;
                        compare.push((*op, n));
                    } else {
                        let hint = crate::suggest::did_you_mean(
                            &key,
                            ["not", "under", "at_most", "over", "at_least"],
                        );
                        return Err(err(
                            format!("`{key}` is not a test{hint}; under `{question}:` use not, under, at_most, over or at_least"),
                            &key,
                        ));
                    }
                }
                match (none_of, compare.is_empty()) {
                    (Some(_), false) => Err(err(
                        format!("`{question}:` mixes `not` with a number comparison; write them as two conditions"),
                        question,
                    )),
                    (Some(list), true) => Ok(Test::NoneOf(list)),
                    (None, false) => Ok(Test::Compare(compare)),
                    (None, true) => Err(err(format!("`{question}:` has an empty block"), question)),
                }
            }
            other => Ok(Test::OneOf(values(other)?)),
        }
    }

    pub fn holds(&self, answer: &Answer) -> bool {
        match (self, answer) {
            (Test::OneOf(list), a) => list.iter().any(|v| matches_value(v, a)),
            (Test::NoneOf(list), a) => !list.iter().any(|v| matches_value(v, a)),
            (Test::Compare(ops), Answer::Number(x)) => ops.iter().all(|(op, n)| op.holds(*x, *n)),
            (Test::Compare(_), Answer::Choice(_)) => false,
        }
    }

    /// The answer values the test names (for validation).
    pub fn values(&self) -> &[String] {
        match self {
            Test::OneOf(v) | Test::NoneOf(v) => v,
            Test::Compare(_) => &[],
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Test::OneOf(v) => format!("is {}", or_list(v)),
            Test::NoneOf(v) => format!("is not {}", or_list(v)),
            Test::Compare(ops) => ops
                .iter()
                .map(|(op, n)| format!("{} {n}", op.words()))
                .collect::<Vec<_>>()
                .join(" and "),
        }
    }
}

fn matches_value(v: &str, a: &Answer) -> bool {
    match a {
        Answer::Choice(c) => c == v,
        Answer::Number(n) => v.parse::<i64>().is_ok_and(|x| x == *n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cond(text: &str) -> Condition {
        Condition::parse(&crate::yaml::from_str::<Node>(text).unwrap()).unwrap()
    }

    fn answers(pairs: &[(&str, Answer)]) -> Answers {
        let mut a = Answers::new();
        for (k, v) in pairs {
            a.set(k, v.clone());
        }
        a
    }

    #[test]
    fn several_keys_must_all_hold() {
        let c = cond("contact: [gift, invitation]\nclient_status: current");
        let gift_current = answers(&[
            ("contact", Answer::choice("gift")),
            ("client_status", Answer::choice("current")),
        ]);
        let gift_former = answers(&[
            ("contact", Answer::choice("gift")),
            ("client_status", Answer::choice("former")),
        ]);
        assert!(c.holds(&gift_current));
        assert!(!c.holds(&gift_former));
        assert_eq!(
            c.describe(),
            "contact is gift or invitation and client_status is current"
        );
    }

    #[test]
    fn a_test_on_an_unasked_question_never_holds_but_not_of_it_does() {
        let none_of = cond("purpose: {not: logistics}");
        let not_block = cond("not: {purpose: logistics}");
        let empty = Answers::new();
        assert!(!none_of.holds(&empty));
        assert!(not_block.holds(&empty));
    }

    #[test]
    fn numbers_compare_and_report_their_boundaries() {
        let c = cond("months_since_end: {at_least: 24, under: 60}");
        assert!(c.holds(&answers(&[("months_since_end", Answer::Number(24))])));
        assert!(!c.holds(&answers(&[("months_since_end", Answer::Number(23))])));
        assert!(!c.holds(&answers(&[("months_since_end", Answer::Number(60))])));
        assert_eq!(c.boundaries("months_since_end"), vec![(23, 24), (59, 60)]);
        let over = cond("months_since_end: {over: 12, at_most: 36}");
        assert_eq!(
            over.boundaries("months_since_end"),
            vec![(12, 13), (36, 37)]
        );
    }

    #[test]
    fn yaml_booleans_stand_for_yes_and_no() {
        let c = cond("after_hours: true");
        assert!(c.holds(&answers(&[("after_hours", Answer::choice("yes"))])));
    }

    #[test]
    fn a_misspelt_test_is_named_with_a_suggestion() {
        let v = crate::yaml::from_str::<Node>("months_since_end: {undr: 24}").unwrap();
        let e = Condition::parse(&v).unwrap_err();
        assert!(e.message.contains("did you mean `under`"), "{}", e.message);
    }
}
