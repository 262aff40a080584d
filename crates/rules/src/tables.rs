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
//! apart, plus "not asked"), whether the question matters.
//!
//! The tables are one block of bytes, read in place: the bundled set's are
//! filled at build time and stored in the snapshot, so start-up decodes
//! nothing; an overlay's fill as they are consulted.

use std::borrow::Cow;
use std::sync::atomic::{AtomicU8, Ordering};

use crate::condition::{Condition, Test};
use crate::model::{Kind, RuleSet, Value};

/// Combinations per table beyond which the question is simply asked (a
/// hostile overlay must not make loading slow).
const MAX_KEYS: usize = 1 << 20;

/// How the rules group one question's answers (a class per group the rules
/// can tell apart; "not asked" is the class after the last).
#[derive(Debug, Clone, PartialEq)]
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

    /// A value standing for the class (`None` for "not asked").
    fn rep(&self, class: usize) -> Option<Value> {
        match self {
            Classes::Choices { reps, .. } => reps.get(class).map(|i| Value::Choice(*i)),
            Classes::Numbers { reps, .. } => reps.get(class).map(|n| Value::Number(*n)),
        }
    }
}

/// One question of a finding's reach, as the table keys it.
#[derive(Debug, Clone)]
struct Var {
    q: usize,
    classes: Classes,
}

/// The layout of the block (all integers little-endian):
/// header `nq: u16`, `nf: u16`; per question `first entry: u32`, `entries: u16`;
/// per finding `vars at: u32`; the entries, 16 bytes each (`finding: u16`,
/// `position in the reach: u8`, `flags: u8` (1 = always ask, 2 = filled),
/// `keys: u32`, `bits at: u32`, `lazy at: u32`); each finding's reach
/// (`n: u8`, then per question `q: u16`, `kind: u8` (0 choices, 1 numbers),
/// `classes: u8`, `len: u8`, then `len` class bytes or `len` cuts as i64); and
/// the bits of filled tables.
#[derive(Debug, Default)]
pub struct Tables {
    bytes: Cow<'static, [u8]>,
    /// While filling lazily: 0 unknown, 1 does not matter, 2 matters.
    lazy: Vec<AtomicU8>,
}

impl Clone for Tables {
    fn clone(&self) -> Tables {
        Tables {
            bytes: self.bytes.clone(),
            lazy: self
                .lazy
                .iter()
                .map(|a| AtomicU8::new(a.load(Ordering::Relaxed)))
                .collect(),
        }
    }
}

impl serde::Serialize for Tables {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.bytes)
    }
}

impl<'de> serde::Deserialize<'de> for Tables {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Tables, D::Error> {
        struct Bytes;
        impl<'de> serde::de::Visitor<'de> for Bytes {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("the P11 tables")
            }
            fn visit_bytes<E>(self, v: &[u8]) -> Result<Vec<u8>, E> {
                Ok(v.to_vec())
            }
            fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
                Ok(v)
            }
        }
        Ok(Tables {
            bytes: Cow::Owned(d.deserialize_byte_buf(Bytes)?),
            lazy: Vec::new(),
        })
    }
}

fn u16_at(b: &[u8], at: usize) -> usize {
    usize::from(u16::from_le_bytes([b[at], b[at + 1]]))
}

fn u32_at(b: &[u8], at: usize) -> usize {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]) as usize
}

fn i64_at(b: &[u8], at: usize) -> i64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    i64::from_le_bytes(w)
}

const ENTRY: usize = 16;
const ALWAYS: u8 = 1;
const FILLED: u8 = 2;

/// An entry of the block, read in place.
#[derive(Clone, Copy)]
struct Entry {
    finding: usize,
    pos: usize,
    flags: u8,
    keys: usize,
    bits: usize,
    lazy: usize,
}

impl Tables {
    fn nq(&self) -> usize {
        if self.bytes.len() < 4 {
            0
        } else {
            u16_at(&self.bytes, 0)
        }
    }

    fn nf(&self) -> usize {
        u16_at(&self.bytes, 2)
    }

    fn entries_start(&self) -> usize {
        4 + 6 * self.nq() + 4 * self.nf()
    }

    /// The entries of question `q`.
    fn entries(&self, q: usize) -> impl Iterator<Item = Entry> + '_ {
        let (first, count) = if q < self.nq() {
            (
                u32_at(&self.bytes, 4 + 6 * q),
                u16_at(&self.bytes, 4 + 6 * q + 4),
            )
        } else {
            (0, 0)
        };
        let start = self.entries_start();
        (first..first + count).map(move |e| {
            let at = start + e * ENTRY;
            let b = &self.bytes;
            Entry {
                finding: u16_at(b, at),
                pos: usize::from(b[at + 2]),
                flags: b[at + 3],
                keys: u32_at(b, at + 4),
                bits: u32_at(b, at + 8),
                lazy: u32_at(b, at + 12),
            }
        })
    }

    fn vars_at(&self, finding: usize) -> usize {
        u32_at(&self.bytes, 4 + 6 * self.nq() + 4 * finding)
    }

    /// The key of the earlier answers in a finding's reach, read in place.
    fn key(&self, e: &Entry, sheet: &[Option<Value>]) -> usize {
        let b = &self.bytes;
        let mut at = self.vars_at(e.finding) + 1;
        let mut key = 0;
        for _ in 0..e.pos {
            let q = u16_at(b, at);
            let (kind, classes, len) = (b[at + 2], usize::from(b[at + 3]), usize::from(b[at + 4]));
            let body = at + 5;
            let class = match (kind, sheet.get(q).copied().flatten()) {
                (_, None) => classes,
                (0, Some(Value::Choice(i))) => b
                    .get(body + usize::from(i))
                    .map(|c| usize::from(*c))
                    .unwrap_or(0),
                (1, Some(Value::Number(n))) => {
                    (0..len).filter(|k| i64_at(b, body + 8 * k) <= n).count()
                }
                _ => 0,
            };
            key = key * (classes + 1) + class;
            at = body + if kind == 0 { len } else { 8 * len };
        }
        key
    }

    /// A finding's reach, decoded (for computing a table, not for consulting one).
    fn vars(&self, rules: &RuleSet, finding: usize) -> Vec<Var> {
        let b = &self.bytes;
        let mut at = self.vars_at(finding);
        let n = usize::from(b[at]);
        at += 1;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let q = u16_at(b, at);
            let (kind, len) = (b[at + 2], usize::from(b[at + 4]));
            let body = at + 5;
            // The representatives are recomputed: they are the classes' first members.
            let classes = if kind == 0 {
                let of: Vec<u8> = b[body..body + len].to_vec();
                let mut reps = Vec::new();
                for (i, c) in of.iter().enumerate() {
                    if usize::from(*c) == reps.len() {
                        reps.push(i as u8);
                    }
                }
                Classes::Choices { of, reps }
            } else {
                let cuts: Vec<i64> = (0..len).map(|k| i64_at(b, body + 8 * k)).collect();
                let min = rules.questions[q].min;
                let reps = std::iter::once(min).chain(cuts.iter().copied()).collect();
                Classes::Numbers { cuts, reps }
            };
            out.push(Var { q, classes });
            at = body + if kind == 0 { len } else { 8 * len };
        }
        out
    }

    fn get(&self, rules: &RuleSet, e: &Entry, key: usize) -> bool {
        if e.flags & ALWAYS != 0 || key >= e.keys {
            return true;
        }
        if e.flags & FILLED != 0 {
            let byte = self.bytes[e.bits + key / 8];
            return (byte >> (key % 8)) & 1 == 1;
        }
        match self
            .lazy
            .get(e.lazy + key)
            .map(|a| a.load(Ordering::Relaxed))
        {
            Some(1) => false,
            Some(2) => true,
            Some(_) => {
                let m = compute(rules, e.finding, &self.vars(rules, e.finding), e.pos, key);
                self.lazy[e.lazy + key].store(if m { 2 } else { 1 }, Ordering::Relaxed);
                m
            }
            None => true,
        }
    }

    /// P11: whether question `q` could still change the findings, given the answers in `sheet`.
    pub fn matters(&self, rules: &RuleSet, q: usize, sheet: &[Option<Value>]) -> bool {
        self.entries(q)
            .any(|e| self.get(rules, &e, self.key(&e, sheet)))
    }

    /// Whether question `q` matters in any situation a walk can reach.
    pub fn ever_matters(&self, rules: &RuleSet, q: usize) -> bool {
        self.entries(q)
            .any(|e| e.flags & ALWAYS != 0 || (0..e.keys).any(|k| self.get(rules, &e, k)))
    }

    /// The findings whose reach includes question `q`.
    pub fn findings_reaching(&self, q: usize) -> impl Iterator<Item = usize> + '_ {
        self.entries(q).map(|e| e.finding)
    }

    /// The tables of a set, to be filled as they are consulted.
    pub fn lazy(rules: &RuleSet) -> Tables {
        let (mut tables, lazy_len) = build(rules);
        tables.lazy = (0..lazy_len).map(|_| AtomicU8::new(0)).collect();
        tables
    }

    /// Fills every table, for the build-time snapshot: afterwards nothing is computed at run time.
    pub fn fill(&mut self, rules: &RuleSet) {
        let mut bits: Vec<u8> = Vec::new();
        let mut filled: Vec<(usize, u32)> = Vec::new();
        let start = self.entries_start();
        for q in 0..self.nq() {
            let list: Vec<Entry> = self.entries(q).collect();
            let first = if q < self.nq() {
                u32_at(&self.bytes, 4 + 6 * q)
            } else {
                0
            };
            for (k, e) in list.iter().enumerate() {
                if e.flags & ALWAYS != 0 {
                    continue;
                }
                let vars = self.vars(rules, e.finding);
                let offset = bits.len();
                let mut table = vec![0u8; e.keys.div_ceil(8)];
                for key in 0..e.keys {
                    if compute(rules, e.finding, &vars, e.pos, key) {
                        table[key / 8] |= 1 << (key % 8);
                    }
                }
                bits.extend(table);
                filled.push((start + (first + k) * ENTRY, offset as u32));
            }
        }
        let base = self.bytes.len();
        let mut bytes = self.bytes.to_vec();
        for (at, offset) in filled {
            bytes[at + 3] |= FILLED;
            bytes[at + 8..at + 12].copy_from_slice(&(base as u32 + offset).to_le_bytes());
        }
        bytes.extend(bits);
        self.bytes = Cow::Owned(bytes);
        self.lazy = Vec::new();
    }
}

/// Builds the block (without filled bits); returns it and the number of lazy slots.
fn build(rules: &RuleSet) -> (Tables, usize) {
    let nq = rules.questions.len();
    let nf = rules.findings.len();
    let emergency_reach = reach(
        rules,
        rules
            .emergencies
            .iter()
            .flat_map(|&i| rules.findings[i].when.questions()),
    );
    let mut reaches: Vec<Vec<Var>> = Vec::with_capacity(nf);
    for f in &rules.findings {
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
        reaches.push(
            r.iter()
                .map(|&q| Var {
                    q,
                    classes: classes(rules, q, &conds),
                })
                .collect(),
        );
    }
    // Entries, by question.
    let mut by_question: Vec<Vec<(usize, usize)>> = vec![Vec::new(); nq];
    for (fi, vars) in reaches.iter().enumerate() {
        for (pos, v) in vars.iter().enumerate() {
            by_question[v.q].push((fi, pos));
        }
    }
    let mut bytes = Vec::new();
    bytes.extend((nq as u16).to_le_bytes());
    bytes.extend((nf as u16).to_le_bytes());
    let mut first = 0u32;
    for list in &by_question {
        bytes.extend(first.to_le_bytes());
        bytes.extend((list.len() as u16).to_le_bytes());
        first += list.len() as u32;
    }
    let vars_index = bytes.len();
    bytes.resize(vars_index + 4 * nf, 0);
    let mut lazy = 0usize;
    for list in &by_question {
        for &(fi, pos) in list {
            let vars = &reaches[fi];
            let keys = vars[..pos]
                .iter()
                .try_fold(1usize, |n, v| n.checked_mul(v.classes.count() + 1));
            let tries = vars[pos + 1..]
                .iter()
                .try_fold(1usize, |n, v| n.checked_mul(v.classes.count()));
            let (flags, keys) = match (keys, tries) {
                (Some(k), Some(t)) if k <= MAX_KEYS && t <= MAX_KEYS && vars.len() <= 255 => {
                    (0u8, k)
                }
                _ => (ALWAYS, 0),
            };
            bytes.extend((fi as u16).to_le_bytes());
            bytes.push(pos as u8);
            bytes.push(flags);
            bytes.extend((keys as u32).to_le_bytes());
            bytes.extend(0u32.to_le_bytes());
            bytes.extend((lazy as u32).to_le_bytes());
            lazy += keys;
        }
    }
    for (fi, vars) in reaches.iter().enumerate() {
        let at = bytes.len() as u32;
        bytes[vars_index + 4 * fi..vars_index + 4 * fi + 4].copy_from_slice(&at.to_le_bytes());
        bytes.push(vars.len().min(255) as u8);
        for v in vars.iter().take(255) {
            bytes.extend((v.q as u16).to_le_bytes());
            match &v.classes {
                Classes::Choices { of, reps } => {
                    bytes.extend([0, reps.len() as u8, of.len() as u8]);
                    bytes.extend(of);
                }
                Classes::Numbers { cuts, reps } => {
                    bytes.extend([1, reps.len() as u8, cuts.len().min(255) as u8]);
                    for c in cuts.iter().take(255) {
                        bytes.extend(c.to_le_bytes());
                    }
                }
            }
        }
    }
    (
        Tables {
            bytes: Cow::Owned(bytes),
            lazy: Vec::new(),
        },
        lazy,
    )
}

/// Whether, with the earlier answers of `key`, some answers to the later
/// questions make the finding fire for one answer of the question at `pos`
/// (or none) and not for another.
fn compute(rules: &RuleSet, finding: usize, vars: &[Var], pos: usize, key: usize) -> bool {
    let f = &rules.findings[finding];
    let mut sheet = rules.sheet();
    // Decode the key into the earlier answers.
    let mut k = key;
    for v in vars[..pos].iter().rev() {
        let radix = v.classes.count() + 1;
        sheet[v.q] = v.classes.rep(k % radix);
        k /= radix;
    }
    // Combinations that no walk reaches are never consulted.
    if !reachable(rules, &vars[..pos], vars[pos].q, &mut sheet) {
        return false;
    }
    let this = &vars[pos];
    let later = &vars[pos + 1..];
    let classes = this.classes.count() + 1;
    let mut counter = vec![0usize; later.len()];
    loop {
        let mut first: Option<bool> = None;
        for c in 0..classes {
            sheet[this.q] = this.classes.rep(c);
            for (v, &n) in later.iter().zip(&counter) {
                sheet[v.q] = None;
                if !rules.emergency(&sheet) && rules.asks(v.q, &sheet) {
                    sheet[v.q] = v.classes.rep(n);
                }
            }
            let fires = f.when.holds(&sheet);
            match first {
                None => first = Some(fires),
                Some(x) if x != fires => return true,
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
            if counter[i] < later[i].classes.count() {
                break;
            }
            counter[i] = 0;
            i += 1;
        }
    }
}

/// Whether a walk could arrive at the earlier answers in `sheet` with question
/// `q` coming up: each answered question's `ask_when` held, no emergency ended
/// the walk, and `q`'s `ask_when` holds.
fn reachable(rules: &RuleSet, earlier: &[Var], q: usize, sheet: &mut [Option<Value>]) -> bool {
    for v in earlier {
        let value = sheet[v.q].take();
        let open = !rules.emergency(sheet) && rules.asks(v.q, sheet);
        if value.is_some() && !open {
            return false;
        }
        sheet[v.q] = value;
    }
    !rules.emergency(sheet) && rules.asks(q, sheet)
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
