//! The rules as a graph to draw (`rules graph`): the questions in the order
//! asked, the answers that open a question or end the walk, and the findings
//! each question's answers lead to; for the whole set, around one id, or
//! along the path one walk takes.

use crate::condition::{Condition, Test};
use crate::engine::{self, Walked};
use crate::level::Level;
use crate::model::{Kind, RuleSet, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Node {
    Question(usize),
    Finding(usize),
    /// The recommendation a path ends at.
    Result(Level),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// On to the next question (with these answers, when only some lead on).
    Next,
    /// These answers open the question.
    Opens,
    /// These answers (with the others the finding names) make it fire.
    Fires,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub from: Node,
    pub to: Node,
    /// The answers, in the rule files' values ("message, call or
    /// social_media"), or the scenario's answer in words; `None`: any.
    pub label: Option<String>,
    pub style: Style,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

impl Graph {
    fn node(&mut self, n: Node) {
        if !self.nodes.contains(&n) {
            self.nodes.push(n);
        }
    }

    /// Adds an edge; a second one between the same nodes adds its answers to
    /// the first one's ("a · b").
    fn edge(&mut self, from: Node, to: Node, label: Option<String>, style: Style) {
        if let Some(e) = self
            .edges
            .iter_mut()
            .find(|e| e.from == from && e.to == to && e.style == style)
        {
            if let (Some(old), Some(new)) = (&mut e.label, label) {
                if !old.split(" · ").any(|l| l == new) {
                    old.push_str(" · ");
                    old.push_str(&new);
                }
            }
            return;
        }
        self.edges.push(Edge {
            from,
            to,
            label,
            style,
        });
    }
}

/// What an id names, for `rules graph ID`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Around {
    Rationale(usize),
    Question(usize),
    Finding(usize),
}

impl Around {
    pub fn find(rules: &RuleSet, id: &str) -> Option<Around> {
        if let Some(r) = rules.rationales.iter().position(|r| r.id == id) {
            return Some(Around::Rationale(r));
        }
        if let Some(q) = rules.question_index(id) {
            return Some(Around::Question(q));
        }
        rules
            .findings
            .iter()
            .position(|f| f.answers_to(id))
            .map(Around::Finding)
    }
}

/// The whole rule set.
pub fn whole(rules: &RuleSet) -> Graph {
    let questions: Vec<usize> = (0..rules.questions.len()).collect();
    let findings: Vec<usize> = (0..rules.findings.len()).collect();
    build(rules, &questions, &findings)
}

/// A rationale's findings, a question, or a finding, with the questions that
/// lead to them.
pub fn around(rules: &RuleSet, what: Around) -> Graph {
    let (mut questions, findings): (Vec<usize>, Vec<usize>) = match what {
        Around::Rationale(r) => {
            let fs: Vec<usize> = (0..rules.findings.len())
                .filter(|&f| rules.findings[f].rationale == r)
                .collect();
            let qs = fs
                .iter()
                .flat_map(|&f| rules.findings[f].when.questions())
                .collect();
            (qs, fs)
        }
        Around::Finding(f) => (rules.findings[f].when.questions(), vec![f]),
        Around::Question(q) => {
            let mut qs = vec![q];
            // Where it leads on: the next question always asked.
            let always = |o: usize| rules.questions[o].ask_when == Condition::Always;
            if always(q) {
                qs.extend((q + 1..rules.questions.len()).find(|&o| always(o)));
            }
            qs.extend(
                (0..rules.questions.len())
                    .filter(|&o| rules.questions[o].ask_when.questions().contains(&q)),
            );
            let fs = (0..rules.findings.len())
                .filter(|&f| rules.findings[f].when.questions().contains(&q))
                .collect();
            (qs, fs)
        }
    };
    // With the questions that open them, all the way up.
    let mut i = 0;
    while i < questions.len() {
        for g in rules.questions[questions[i]].ask_when.questions() {
            if !questions.contains(&g) {
                questions.push(g);
            }
        }
        i += 1;
    }
    questions.sort_unstable();
    questions.dedup();
    build(rules, &questions, &findings)
}

/// The answers a test accepts, as the rule files write them.
fn test_label(rules: &RuleSet, q: usize, test: &Test, negated: bool) -> String {
    let text = test.describe(&rules.questions[q]);
    let text = text.strip_prefix("is ").unwrap_or(&text).to_string();
    if negated {
        match text.strip_prefix("not ") {
            Some(t) => t.to_string(),
            None => format!("not {text}"),
        }
    } else {
        text
    }
}

/// Each question a condition tests, with the answers it asks for.
fn tests_of(rules: &RuleSet, c: &Condition, negated: bool, out: &mut Vec<(usize, String)>) {
    match c {
        Condition::Always => {}
        Condition::All(list) | Condition::Any(list) => {
            list.iter().for_each(|c| tests_of(rules, c, negated, out))
        }
        Condition::Not(c) => tests_of(rules, c, !negated, out),
        Condition::Test { q, test } => {
            let q = usize::from(*q);
            out.push((q, test_label(rules, q, test, negated)));
        }
    }
}

/// The answers of `q` that end the walk whatever else is answered (an
/// emergency), with the emergency finding each leads to.
fn stops(rules: &RuleSet, q: usize) -> Vec<(Value, usize)> {
    let question = &rules.questions[q];
    if question.kind == Kind::Number {
        return Vec::new();
    }
    let unknown = |o: usize| o != q;
    let mut out = Vec::new();
    for v in question.all_choices() {
        let mut sheet = rules.sheet();
        sheet[q] = Some(v);
        if let Some(&f) = rules
            .emergencies
            .iter()
            .find(|&&f| rules.findings[f].when.eval3(&sheet, &unknown) == Some(true))
        {
            out.push((v, f));
        }
    }
    out
}

fn build(rules: &RuleSet, questions: &[usize], findings: &[usize]) -> Graph {
    let mut g = Graph::default();
    for &q in questions {
        g.node(Node::Question(q));
    }
    // The questions always asked, in order; the others hang from the
    // questions whose answers open them.
    let always: Vec<usize> = questions
        .iter()
        .copied()
        .filter(|&q| rules.questions[q].ask_when == Condition::Always)
        .collect();
    for pair in always.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let stop = stops(rules, a);
        let label = if stop.is_empty() {
            None
        } else {
            let question = &rules.questions[a];
            let on: Vec<String> = question
                .all_choices()
                .filter(|v| !stop.iter().any(|(s, _)| s == v))
                .map(|v| question.answer(v).to_string())
                .collect();
            Some(on.join(", "))
        };
        g.edge(Node::Question(a), Node::Question(b), label, Style::Next);
    }
    for &q in questions {
        let mut gates = Vec::new();
        tests_of(rules, &rules.questions[q].ask_when, false, &mut gates);
        for (gate, label) in gates {
            if questions.contains(&gate) {
                g.edge(
                    Node::Question(gate),
                    Node::Question(q),
                    Some(label),
                    Style::Opens,
                );
            }
        }
    }
    for &f in findings {
        g.node(Node::Finding(f));
        let mut tests = Vec::new();
        tests_of(rules, &rules.findings[f].when, false, &mut tests);
        for (q, label) in tests {
            if questions.contains(&q) {
                g.node(Node::Question(q));
                g.edge(
                    Node::Question(q),
                    Node::Finding(f),
                    Some(label),
                    Style::Fires,
                );
            }
        }
    }
    g
}

/// The path one walk takes: each question asked with the answer given, the
/// findings that fired from the questions they name, and the result.
pub fn path(rules: &RuleSet, walked: &Walked) -> Graph {
    let mut g = Graph::default();
    let level = engine::level(rules, &walked.sheet);
    let result = Node::Result(level);
    let mut prev: Option<(usize, Value)> = None;
    for &q in &walked.order {
        let Some(v) = walked.sheet[q] else { continue };
        g.node(Node::Question(q));
        if let Some((p, pv)) = prev {
            let label = rules.questions[p].label(pv);
            g.edge(
                Node::Question(p),
                Node::Question(q),
                Some(label),
                Style::Next,
            );
        }
        prev = Some((q, v));
    }
    g.node(result);
    if let Some((p, pv)) = prev {
        g.edge(
            Node::Question(p),
            result,
            Some(rules.questions[p].label(pv)),
            Style::Next,
        );
    }
    for f in engine::fired(rules, &walked.sheet) {
        g.node(Node::Finding(f));
        for q in rules.findings[f].when.questions() {
            if walked.sheet[q].is_some() {
                g.edge(Node::Question(q), Node::Finding(f), None, Style::Fires);
            }
        }
        g.edge(Node::Finding(f), result, None, Style::Fires);
    }
    g
}
