//! P11, decided from tables: whether a question's answer could still change
//! which findings fire, given the answers so far, over every answer the later
//! questions could be given (each where its `ask_when` holds).
//!
//! The decision splits by finding: a question matters if it matters to one
//! finding. A finding depends only on the questions its condition names, the
//! questions that decide whether those are asked, and the questions that can
//! end the walk in an emergency: its *reach*. For each finding and each
//! question in its reach, a table says, for every combination of the earlier
//! questions in the reach (answers grouped into classes the rules cannot tell
//! apart, plus "not asked"), whether the question matters. Tables of the
//! bundled set are filled at build time; those of an overlay fill as they are
//! consulted.

use std::sync::atomic::{AtomicU8, Ordering};

use serde::{Deserialize, Serialize};

use crate::condition::{Condition, Test};
use crate::model::{Kind, RuleSet, Value};

/// Combinations per table beyond which the question is simply asked (a
/// hostile overlay must not make loading slow).
const MAX_KEYS: usize = 1 << 20;

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Tables {
    /// By question index: the tables of the findings whose reach includes it.
    pub questions: Vec<Vec<Entry>>,
}

impl Clone for Tables {
    fn clone(&self) -> Tables {
        Tables {
            questions: self
                .questions
                .iter()
                .map(|es| es.iter().map(Entry::clone_entry).collect())
                .collect(),
        }
    }
}

/// How the rules group one question's answers (a class per group the rules
/// can tell apart; "not asked" is the class after the last).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Classes {
    /// By choice index.
    Choices { of: Vec<u8>, reps: Vec<u8> },
    /// By stretch: `cuts[i]` is the first value of stretch `i + 1`.
    Numbers { cuts: Vec<i64>, reps: Vec<i64> },
}

impl Classes {
    pub fn count(&self) -> usize {
        match self {
            Classes::Choices { reps, .. } => reps.len(),
            Classes::Numbers { reps, .. } => reps.len(),
        }
    }

    fn class(&self, v: Option<Value>) -> usize {
        match (self, v) {
            (_, None) => self.count(),
            (Classes::Choices { of, .. }, Some(Value::Choice(i))) => {
                of.get(usize::from(i)).map(|c| usize::from(*c)).unwrap_or(0)
            }
            (Classes::Numbers { cuts, .. }, Some(Value::Number(n))) => {
                cuts.partition_point(|c| *c <= n)
            }
            _ => 0,
        }
    }

    /// A value standing for the class (`None` for "not asked").
    fn rep(&self, class: usize) -> Option<Value> {
        match self {
            Classes::Choices { reps, .. } => reps.get(class).map(|i| Value::Choice(*i)),
            Classes::Numbers { reps, .. } => reps.get(class).map(|n| Value::Number(*n)),
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Var {
    pub q: u16,
    pub classes: Classes,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Entry {
    pub finding: u16,
    pub question: Var,
    /// The reach's questions before this one: the table's key.
    pub earlier: Vec<Var>,
    /// The reach's questions after it: tried with every class.
    pub later: Vec<Var>,
    /// One bit per key once filled (bundled); empty while filling lazily.
    pub done: Vec<u64>,
    /// 0 unknown, 1 does not matter, 2 matters (overlays, filled on demand).
    #[serde(skip)]
    lazy: Vec<AtomicU8>,
    /// Too many combinations to tabulate: always ask.
    pub always: bool,
}

impl Entry {
    fn clone_entry(&self) -> Entry {
        Entry {
            finding: self.finding,
            question: Var {
                q: self.question.q,
                classes: self.question.classes.clone(),
            },
            earlier: self
                .earlier
                .iter()
                .map(|v| Var {
                    q: v.q,
                    classes: v.classes.clone(),
                })
                .collect(),
            later: self
                .later
                .iter()
                .map(|v| Var {
                    q: v.q,
                    classes: v.classes.clone(),
                })
                .collect(),
            done: self.done.clone(),
            lazy: self
                .lazy
                .iter()
                .map(|a| AtomicU8::new(a.load(Ordering::Relaxed)))
                .collect(),
            always: self.always,
        }
    }

    fn keys(&self) -> usize {
        self.earlier.iter().map(|v| v.classes.count() + 1).product()
    }

    fn key(&self, sheet: &[Option<Value>]) -> usize {
        let mut k = 0;
        for v in &self.earlier {
            k = k * (v.classes.count() + 1) + v.classes.class(sheet[usize::from(v.q)]);
        }
        k
    }

    fn decode(&self, mut key: usize, sheet: &mut [Option<Value>]) {
        for v in self.earlier.iter().rev() {
            let radix = v.classes.count() + 1;
            sheet[usize::from(v.q)] = v.classes.rep(key % radix);
            key /= radix;
        }
    }

    fn get(&self, rules: &RuleSet, key: usize) -> bool {
        if self.always {
            return true;
        }
        if !self.done.is_empty() {
            return (self.done[key / 64] >> (key % 64)) & 1 == 1;
        }
        match self.lazy.get(key).map(|a| a.load(Ordering::Relaxed)) {
            Some(1) => false,
            Some(2) => true,
            Some(_) => {
                let m = self.compute(rules, key);
                self.lazy[key].store(if m { 2 } else { 1 }, Ordering::Relaxed);
                m
            }
            None => true,
        }
    }

    /// Whether, with the earlier answers of `key`, some answers to the later
    /// questions make the finding fire for one answer of this question (or
    /// none) and not for another.
    fn compute(&self, rules: &RuleSet, key: usize) -> bool {
        let finding = &rules.findings[usize::from(self.finding)];
        let mut sheet = rules.sheet();
        self.decode(key, &mut sheet);
        // Combinations that no walk reaches are never consulted.
        if !self.reachable(rules, &mut sheet) {
            return false;
        }
        let q = usize::from(self.question.q);
        let classes = self.question.classes.count() + 1;
        let radices: Vec<usize> = self.later.iter().map(|v| v.classes.count()).collect();
        let mut counter = vec![0usize; self.later.len()];
        loop {
            let mut first: Option<bool> = None;
            for c in 0..classes {
                sheet[q] = self.question.classes.rep(c);
                for (v, &k) in self.later.iter().zip(&counter) {
                    let vi = usize::from(v.q);
                    sheet[vi] = None;
                    if !rules.emergency(&sheet) && rules.questions[vi].ask_when.holds(&sheet) {
                        sheet[vi] = v.classes.rep(k);
                    }
                }
                let fires = finding.when.holds(&sheet);
                match first {
                    None => first = Some(fires),
                    Some(f) if f != fires => return true,
                    Some(_) => {}
                }
            }
            // Next combination of the later questions' classes.
            let mut i = 0;
            loop {
                if i == counter.len() {
                    return false;
                }
                counter[i] += 1;
                if counter[i] < radices[i] {
                    break;
                }
                counter[i] = 0;
                i += 1;
            }
        }
    }

    /// Whether a walk could arrive at the earlier answers in `sheet` with this
    /// question coming up: each answered question's `ask_when` held, no
    /// emergency ended the walk, and this question's `ask_when` holds.
    fn reachable(&self, rules: &RuleSet, sheet: &mut [Option<Value>]) -> bool {
        for v in &self.earlier {
            let vi = usize::from(v.q);
            let value = sheet[vi].take();
            let open = !rules.emergency(sheet) && rules.questions[vi].ask_when.holds(sheet);
            if value.is_some() && !open {
                return false;
            }
            sheet[vi] = value;
        }
        !rules.emergency(sheet)
            && rules.questions[usize::from(self.question.q)]
                .ask_when
                .holds(sheet)
    }

    fn fill(&mut self, rules: &RuleSet) {
        if self.always {
            return;
        }
        let keys = self.keys();
        let mut bits = vec![0u64; keys.div_ceil(64).max(1)];
        for k in 0..keys {
            if self.compute(rules, k) {
                bits[k / 64] |= 1 << (k % 64);
            }
        }
        self.done = bits;
        self.lazy = Vec::new();
    }
}

impl Tables {
    /// The tables of a set, to be filled as they are consulted.
    pub fn lazy(rules: &RuleSet) -> Tables {
        let n = rules.questions.len();
        let mut questions: Vec<Vec<Entry>> = (0..n).map(|_| Vec::new()).collect();
        let emergency_reach = reach(
            rules,
            rules
                .emergencies
                .iter()
                .flat_map(|&i| rules.findings[i].when.questions()),
        );
        for (fi, f) in rules.findings.iter().enumerate() {
            let mut r = reach(
                rules,
                f.when
                    .questions()
                    .into_iter()
                    .chain(emergency_reach.iter().copied()),
            );
            r.sort_unstable();
            let conds: Vec<&Condition> = std::iter::once(&f.when)
                .chain(r.iter().map(|&q| &rules.questions[q].ask_when))
                .chain(rules.emergencies.iter().map(|&i| &rules.findings[i].when))
                .collect();
            let vars: Vec<(usize, Classes)> =
                r.iter().map(|&q| (q, classes(rules, q, &conds))).collect();
            for (pos, (q, cls)) in vars.iter().enumerate() {
                let earlier: Vec<Var> = vars[..pos]
                    .iter()
                    .map(|(q, c)| Var {
                        q: *q as u16,
                        classes: c.clone(),
                    })
                    .collect();
                let later: Vec<Var> = vars[pos + 1..]
                    .iter()
                    .map(|(q, c)| Var {
                        q: *q as u16,
                        classes: c.clone(),
                    })
                    .collect();
                let mut e = Entry {
                    finding: fi as u16,
                    question: Var {
                        q: *q as u16,
                        classes: cls.clone(),
                    },
                    earlier,
                    later,
                    done: Vec::new(),
                    lazy: Vec::new(),
                    always: false,
                };
                let keys = e
                    .earlier
                    .iter()
                    .try_fold(1usize, |n, v| n.checked_mul(v.classes.count() + 1));
                let tries = e
                    .later
                    .iter()
                    .try_fold(1usize, |n, v| n.checked_mul(v.classes.count()));
                match (keys, tries) {
                    (Some(k), Some(t)) if k <= MAX_KEYS && t <= MAX_KEYS => {
                        e.lazy = (0..k).map(|_| AtomicU8::new(0)).collect()
                    }
                    _ => e.always = true,
                }
                questions[*q].push(e);
            }
        }
        Tables { questions }
    }

    /// Fills every table (for the build-time snapshot).
    pub fn fill(&mut self, rules: &RuleSet) {
        for entries in &mut self.questions {
            for e in entries {
                e.fill(rules);
            }
        }
    }

    /// P11: whether question `q` could still change the findings, given the answers in `sheet`.
    pub fn matters(&self, rules: &RuleSet, q: usize, sheet: &[Option<Value>]) -> bool {
        self.questions
            .get(q)
            .is_some_and(|entries| entries.iter().any(|e| e.get(rules, e.key(sheet))))
    }

    /// Whether question `q` matters in any situation a walk can reach.
    pub fn ever_matters(&self, rules: &RuleSet, q: usize) -> bool {
        self.questions
            .get(q)
            .into_iter()
            .flatten()
            .any(|e| e.always || (0..e.keys()).any(|k| e.get(rules, k)))
    }

    /// The findings whose reach includes question `q`.
    pub fn findings_reaching(&self, q: usize) -> impl Iterator<Item = usize> + '_ {
        self.questions
            .get(q)
            .into_iter()
            .flatten()
            .map(|e| usize::from(e.finding))
    }
}

/// The questions a finding depends on: those named, and those that decide
/// whether those are asked, and so on.
pub fn reach(rules: &RuleSet, start: impl IntoIterator<Item = usize>) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    let mut todo: Vec<usize> = start.into_iter().collect();
    while let Some(q) = todo.pop() {
        if out.contains(&q) {
            continue;
        }
        out.push(q);
        todo.extend(rules.questions[q].ask_when.questions());
    }
    out
}

/// The classes of question `q`'s answers that `conds` can tell apart.
pub fn classes(rules: &RuleSet, q: usize, conds: &[&Condition]) -> Classes {
    let question = &rules.questions[q];
    let tests: Vec<&Test> = conds
        .iter()
        .flat_map(|c| c.tests())
        .filter(|(tq, _)| *tq == q)
        .map(|(_, t)| t)
        .collect();
    if question.kind == Kind::Number {
        let mut cuts: Vec<i64> = conds
            .iter()
            .flat_map(|c| c.cuts(q))
            .filter(|c| *c > question.min && *c <= question.max)
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        let reps = std::iter::once(question.min)
            .chain(cuts.iter().copied())
            .collect();
        return Classes::Numbers { cuts, reps };
    }
    let mut signatures: Vec<Vec<bool>> = Vec::new();
    let mut of = Vec::new();
    let mut reps = Vec::new();
    for v in question.all_choices() {
        let sig: Vec<bool> = tests.iter().map(|t| t.holds(v)).collect();
        let class = match signatures.iter().position(|s| *s == sig) {
            Some(c) => c,
            None => {
                signatures.push(sig);
                if let Value::Choice(i) = v {
                    reps.push(i);
                }
                signatures.len() - 1
            }
        };
        of.push(class as u8);
    }
    Classes::Choices { of, reps }
}
