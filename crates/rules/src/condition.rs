//! The small condition language of rule files (`when`, `ask_when`, invariants),
//! parsed once into tests on question and answer indexes.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Problem;
use crate::model::{or_list, Kind, Question, RuleSet, Value};
use crate::suggest::did_you_mean;
use crate::text::excerpt;
use crate::yaml::{Node, Part, Path};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    Always,
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Test { q: u16, test: Test },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Test {
    /// The answer is one of these choices (a bit per choice); with `negate`,
    /// the question was answered, with none of them.
    Choices { set: u64, negate: bool },
    /// The same for a number question's listed values.
    Numbers { values: Vec<i64>, negate: bool },
    /// Every comparison holds (`under: 24` is `(Under, 24)`).
    Compare(Vec<(Op, i64)>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    Under,
    AtMost,
    Over,
    AtLeast,
}

impl Op {
    pub const ALL: [(&'static str, Op); 4] = [
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

    /// The first value on the upper side of the line this comparison draws.
    fn cut(self, n: i64) -> i64 {
        match self {
            Op::Under | Op::AtLeast => n,
            Op::Over | Op::AtMost => n.saturating_add(1),
        }
    }
}

/// A scalar from a file as the answer value it stands for (`true` is `yes`).
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

const CONNECTIVES: [&str; 3] = ["all", "any", "not"];

/// What a condition may name: the questions, and (for a question's own
/// `ask_when`) only those asked before it.
pub struct Scope<'a> {
    pub questions: &'a [Question],
    /// The question whose `ask_when` this is.
    pub asking: Option<usize>,
    /// How the condition is introduced in messages: "`ask_when` of `frequency`".
    pub owner: &'a str,
}

impl Scope<'_> {
    fn question(&self, id: &str, path: &Path, problems: &mut Vec<Problem>) -> Option<usize> {
        let Some(qi) = self.questions.iter().position(|q| q.id == id) else {
            let ids = self
                .questions
                .iter()
                .map(|q| q.id.as_str())
                .chain(CONNECTIVES);
            problems.push(
                Problem::new(
                    path,
                    Part::Key,
                    format!(
                        "{} names `{}`, which is not a question{}",
                        self.owner,
                        excerpt(id, 60),
                        did_you_mean(id, ids)
                    ),
                )
                .help("a condition's keys are question ids (see `boundcheck rules list`) or all, any, not"),
            );
            return None;
        };
        if let Some(me) = self.asking {
            if qi >= me {
                let why = if qi == me {
                    "itself".to_string()
                } else {
                    format!("`{id}`, which is asked after it")
                };
                problems.push(Problem::new(
                    path,
                    Part::Key,
                    format!("{} refers to {why}; a question can only depend on questions asked before it", self.owner),
                ));
                return None;
            }
        }
        Some(qi)
    }
}

/// A test that every case where a condition holds passes: one answer that
/// must be among a few, so most findings are ruled out in a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gate {
    pub q: u16,
    pub set: u64,
}

impl Gate {
    /// Whether the answers at hand pass the gate (an unanswered question does not).
    #[inline]
    pub fn open(self, sheet: &[Option<Value>]) -> bool {
        matches!(sheet.get(usize::from(self.q)), Some(Some(Value::Choice(i))) if (self.set >> i) & 1 == 1)
    }
}

impl Condition {
    /// The narrowest test among the parts every case must pass: the condition
    /// itself if it is one such test, or one of an `all:`'s parts.
    pub fn gate(&self) -> Option<Gate> {
        let of = |c: &Condition| match c {
            Condition::Test {
                q,
                test: Test::Choices { set, negate: false },
            } => Some(Gate { q: *q, set: *set }),
            _ => None,
        };
        match self {
            Condition::All(list) => list
                .iter()
                .filter_map(of)
                .min_by_key(|g| g.set.count_ones()),
            c => of(c),
        }
    }

    /// Parses a condition, reporting every problem in it.
    pub fn parse(
        v: &Node,
        path: &Path,
        scope: &Scope<'_>,
        problems: &mut Vec<Problem>,
    ) -> Option<Condition> {
        match v {
            Node::Null => Some(Condition::Always),
            Node::Str(s) if s == "always" => Some(Condition::Always),
            Node::Map(map) => {
                let before = problems.len();
                let mut parts = Vec::new();
                let mut seen: std::collections::HashMap<String, usize> =
                    std::collections::HashMap::new();
                for (k, val) in map {
                    let key = scalar_text(k).unwrap_or_default();
                    let n = seen.entry(key.clone()).or_insert(0);
                    let kp = path.key_again(&key, *n);
                    *n += 1;
                    if *n > 1 {
                        let help = match key.as_str() {
                            "not" => "to rule out two things, write `not: {any: [{…}, {…}]}`, or list them under `all:` as two `not:` entries",
                            "all" | "any" => "put every condition in one list under it",
                            _ => "a question can appear once in a block; to allow several answers list them: `question: [a, b]`",
                        };
                        problems.push(
                            Problem::new(&kp, Part::Key, format!("`{}` appears twice in this block, so the first would be ignored", excerpt(&key, 40)))
                                .help(help),
                        );
                        continue;
                    }
                    let part = match key.as_str() {
                        "all" | "any" => {
                            let Node::Seq(items) = val else {
                                problems.push(Problem::new(&kp, Part::Value, format!("`{key}:` takes a list of conditions, each on a line starting with -")));
                                continue;
                            };
                            let list: Vec<Condition> = items
                                .iter()
                                .enumerate()
                                .filter_map(|(i, c)| {
                                    Condition::parse(c, &kp.index(i), scope, problems)
                                })
                                .collect();
                            if key == "all" {
                                Condition::All(list)
                            } else {
                                Condition::Any(list)
                            }
                        }
                        "not" => match Condition::parse(val, &kp, scope, problems) {
                            Some(c) => Condition::Not(Box::new(c)),
                            None => continue,
                        },
                        "" => {
                            problems.push(Problem::new(
                                &kp,
                                Part::Key,
                                "a condition key must be a question id, or all, any, not",
                            ));
                            continue;
                        }
                        id => {
                            let Some(qi) = scope.question(id, &kp, problems) else {
                                continue;
                            };
                            match Test::parse(&scope.questions[qi], val, &kp, scope.owner, problems)
                            {
                                Some(test) => Condition::Test { q: qi as u16, test },
                                None => continue,
                            }
                        }
                    };
                    parts.push(part);
                }
                if problems.len() > before {
                    return None;
                }
                Some(match parts.len() {
                    0 => Condition::Always,
                    1 => parts.pop().unwrap_or(Condition::Always),
                    _ => Condition::All(parts),
                })
            }
            other => {
                let shown = scalar_text(other)
                    .map(|s| format!("`{}`", excerpt(&s, 40)))
                    .unwrap_or_else(|| other.kind().to_string());
                problems.push(
                    Problem::new(path, Part::Value, format!("a condition is a block of `question: answer` lines (or all, any, not), not {shown}"))
                        .help("for example `when: {contact: gift, gift_value: [modest, substantial]}`"),
                );
                None
            }
        }
    }

    pub fn holds(&self, sheet: &[Option<Value>]) -> bool {
        match self {
            Condition::Always => true,
            Condition::All(list) => list.iter().all(|c| c.holds(sheet)),
            Condition::Any(list) => list.iter().any(|c| c.holds(sheet)),
            Condition::Not(c) => !c.holds(sheet),
            Condition::Test { q, test } => match sheet.get(usize::from(*q)).copied().flatten() {
                Some(v) => test.holds(v),
                None => false,
            },
        }
    }

    /// Three-valued: `None` when the answer depends on questions `unknown`
    /// says are still open (they may be answered anyhow, or not asked).
    pub fn eval3(&self, sheet: &[Option<Value>], unknown: &dyn Fn(usize) -> bool) -> Option<bool> {
        self.eval_with(&|q, test| {
            if unknown(q) {
                None
            } else {
                Some(
                    sheet
                        .get(q)
                        .copied()
                        .flatten()
                        .is_some_and(|v| test.holds(v)),
                )
            }
        })
    }

    /// Three-valued, each test decided (or not) by `test`.
    pub fn eval_with(&self, test: &dyn Fn(usize, &Test) -> Option<bool>) -> Option<bool> {
        match self {
            Condition::Always => Some(true),
            Condition::All(list) => {
                let mut all = Some(true);
                for c in list {
                    match c.eval_with(test) {
                        Some(false) => return Some(false),
                        None => all = None,
                        Some(true) => {}
                    }
                }
                all
            }
            Condition::Any(list) => {
                let mut any = Some(false);
                for c in list {
                    match c.eval_with(test) {
                        Some(true) => return Some(true),
                        None => any = None,
                        Some(false) => {}
                    }
                }
                any
            }
            Condition::Not(c) => c.eval_with(test).map(|b| !b),
            Condition::Test { q, test: t } => test(usize::from(*q), t),
        }
    }

    /// Every (question, test) in the condition, in the order written.
    pub fn tests(&self) -> Vec<(usize, &Test)> {
        let mut out = Vec::new();
        self.collect_tests(&mut out);
        out
    }

    fn collect_tests<'a>(&'a self, out: &mut Vec<(usize, &'a Test)>) {
        match self {
            Condition::Always => {}
            Condition::All(list) | Condition::Any(list) => {
                list.iter().for_each(|c| c.collect_tests(out))
            }
            Condition::Not(c) => c.collect_tests(out),
            Condition::Test { q, test } => out.push((usize::from(*q), test)),
        }
    }

    /// The question indexes the condition names, each once, in the order written.
    pub fn questions(&self) -> Vec<usize> {
        let mut ids: Vec<usize> = Vec::new();
        for (q, _) in self.tests() {
            if !ids.contains(&q) {
                ids.push(q);
            }
        }
        ids
    }

    /// Where the condition's number tests on question `q` change their result:
    /// each cut is the first value of a new stretch.
    pub fn cuts(&self, q: usize) -> Vec<i64> {
        let mut out = Vec::new();
        for (tq, test) in self.tests() {
            if tq != q {
                continue;
            }
            match test {
                Test::Compare(ops) => out.extend(ops.iter().map(|(op, n)| op.cut(*n))),
                Test::Numbers { values, .. } => {
                    out.extend(values.iter().flat_map(|v| [*v, v.saturating_add(1)]))
                }
                Test::Choices { .. } => {}
            }
        }
        out
    }

    /// The condition in plain words: "contact is gift or invitation".
    pub fn describe(&self, rules: &RuleSet) -> String {
        let mut s = String::new();
        self.describe_into(rules, &mut s, false);
        s
    }

    fn describe_into(&self, rules: &RuleSet, s: &mut String, nested: bool) {
        match self {
            Condition::Always => s.push_str("always"),
            Condition::All(list) | Condition::Any(list) => {
                let joiner = if matches!(self, Condition::All(_)) {
                    " and "
                } else {
                    " or "
                };
                if nested && list.len() > 1 {
                    s.push('(');
                }
                for (i, c) in list.iter().enumerate() {
                    if i > 0 {
                        s.push_str(joiner);
                    }
                    c.describe_into(rules, s, true);
                }
                if nested && list.len() > 1 {
                    s.push(')');
                }
            }
            Condition::Not(c) => {
                s.push_str("not (");
                c.describe_into(rules, s, false);
                s.push(')');
            }
            Condition::Test { q, test } => {
                let question = &rules.questions[usize::from(*q)];
                let _ = write!(s, "{} {}", question.id, test.describe(question));
            }
        }
    }
}

impl Test {
    fn parse(
        q: &Question,
        v: &Node,
        path: &Path,
        owner: &str,
        problems: &mut Vec<Problem>,
    ) -> Option<Test> {
        let before = problems.len();
        match v {
            Node::Map(map) => {
                let mut compare = Vec::new();
                let mut none_of = None;
                for (k, val) in map {
                    let key = scalar_text(k).unwrap_or_default();
                    let kp = path.key(&key);
                    if key == "not" {
                        none_of = values(q, val, &kp, owner, problems);
                    } else if let Some((_, op)) = Op::ALL.iter().find(|(w, _)| *w == key) {
                        if q.kind != Kind::Number {
                            problems.push(Problem::new(
                                &kp,
                                Part::Key,
                                format!(
                                    "{owner} compares `{}` with a number, but it takes {}",
                                    q.id,
                                    q.allowed()
                                ),
                            ));
                            continue;
                        }
                        match val.as_i64() {
                            Some(n) => compare.push((*op, n)),
                            None => problems.push(Problem::new(
                                &kp,
                                Part::Value,
                                format!("`{key}:` under `{}` takes a whole number", q.id),
                            )),
                        }
                    } else {
                        let hint =
                            did_you_mean(&key, ["not", "under", "at_most", "over", "at_least"]);
                        problems.push(Problem::new(&kp, Part::Key, format!("`{}` is not a test{hint}; under `{}:` use not, under, at_most, over or at_least", excerpt(&key, 40), q.id)));
                    }
                }
                if problems.len() > before {
                    return None;
                }
                match (none_of, compare.is_empty()) {
                    (Some(_), false) => {
                        problems.push(Problem::new(path, Part::Value, format!("`{}:` mixes `not` with a number comparison; write them as two conditions under `all:`", q.id)));
                        None
                    }
                    (Some(t), true) => Some(t.negated()),
                    (None, false) => Some(Test::Compare(compare)),
                    (None, true) => {
                        problems.push(Problem::new(
                            path,
                            Part::Value,
                            format!("`{}:` has an empty block", q.id),
                        ));
                        None
                    }
                }
            }
            other => values(q, other, path, owner, problems),
        }
    }

    fn negated(self) -> Test {
        match self {
            Test::Choices { set, .. } => Test::Choices { set, negate: true },
            Test::Numbers { values, .. } => Test::Numbers {
                values,
                negate: true,
            },
            t => t,
        }
    }

    pub fn holds(&self, v: Value) -> bool {
        match (self, v) {
            (Test::Choices { set, negate }, Value::Choice(i)) => ((set >> i) & 1 == 1) != *negate,
            (Test::Numbers { values, negate }, Value::Number(n)) => values.contains(&n) != *negate,
            (Test::Compare(ops), Value::Number(x)) => ops.iter().all(|(op, n)| op.holds(x, *n)),
            _ => false,
        }
    }

    pub fn describe(&self, q: &Question) -> String {
        let names = |set: u64| -> Vec<String> {
            q.choices
                .iter()
                .enumerate()
                .filter(|(i, _)| (set >> i) & 1 == 1)
                .map(|(_, c)| c.value.clone())
                .collect()
        };
        match self {
            Test::Choices { set, negate: false } => format!("is {}", or_list(&names(*set))),
            Test::Choices { set, negate: true } => format!("is not {}", or_list(&names(*set))),
            Test::Numbers { values, negate } => {
                let v: Vec<String> = values.iter().map(|n| n.to_string()).collect();
                format!("is {}{}", if *negate { "not " } else { "" }, or_list(&v))
            }
            Test::Compare(ops) => ops
                .iter()
                .map(|(op, n)| format!("{} {n}", op.words()))
                .collect::<Vec<_>>()
                .join(" and "),
        }
    }
}

/// An answer value or a list of them, checked against the question.
fn values(
    q: &Question,
    v: &Node,
    path: &Path,
    owner: &str,
    problems: &mut Vec<Problem>,
) -> Option<Test> {
    let items: Vec<(Path, &Node)> = match v {
        Node::Seq(items) => items
            .iter()
            .enumerate()
            .map(|(i, n)| (path.index(i), n))
            .collect(),
        other => vec![(path.clone(), other)],
    };
    let mut set = 0u64;
    let mut numbers = Vec::new();
    let before = problems.len();
    for (p, item) in items {
        let Some(text) = scalar_text(item) else {
            problems.push(Problem::new(&p, Part::Value, format!("`{}:` takes answer values, a list of them, or a block such as {{not: …}} or {{under: 24}}", q.id)));
            continue;
        };
        match q.kind {
            Kind::Number => match text.parse::<i64>() {
                Ok(n) if (q.min..=q.max).contains(&n) => numbers.push(n),
                _ => problems.push(Problem::new(
                    &p,
                    Part::Value,
                    format!(
                        "{owner}: `{}` is not an answer to `{}`; it takes {}",
                        excerpt(&text, 40),
                        q.id,
                        q.allowed()
                    ),
                )),
            },
            _ => match q.choice_index(&text) {
                Some(i) => set |= 1 << i,
                None => problems.push(Problem::new(
                    &p,
                    Part::Value,
                    format!(
                        "{owner}: `{}` is not an answer to `{}`{}; it takes {}",
                        excerpt(&text, 40),
                        q.id,
                        did_you_mean(&text, q.values()),
                        q.allowed()
                    ),
                )),
            },
        }
    }
    if problems.len() > before {
        return None;
    }
    Some(match q.kind {
        Kind::Number => Test::Numbers {
            values: numbers,
            negate: false,
        },
        _ => Test::Choices { set, negate: false },
    })
}
