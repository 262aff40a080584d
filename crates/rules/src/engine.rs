//! The pure engine: which questions come up (P11), which findings fire, the
//! recommendation, the five things to do, the reply, and what single change
//! would alter it. No terminal, no files, no clock.

use crate::answer::Answer;
use crate::level::Level;
use crate::model::{Kind, RuleSet, Sheet, Urgency, Value};

/// The question whose answer `--code` and the config file give, and whose
/// answer orders references (SPEC: `ethics_code`).
pub const CODE_QUESTION: &str = "ethics_code";

/// Whether question `q` comes up now: its `ask_when` holds, no emergency has
/// ended the walk, and its answer could still change the findings (P11).
pub fn comes_up(rules: &RuleSet, q: usize, sheet: &[Option<Value>]) -> bool {
    rules.asks(q, sheet) && rules.tables.matters(rules, q, sheet)
}

/// The next question after index `from` that comes up, or `None` when the
/// questions are done (or an emergency has ended them).
pub fn next_question(rules: &RuleSet, sheet: &[Option<Value>], from: usize) -> Option<usize> {
    if rules.emergency(sheet) {
        return None;
    }
    (from..rules.questions.len()).find(|&q| sheet[q].is_none() && comes_up(rules, q, sheet))
}

/// What a walk without anyone to ask reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Walked {
    /// The answers of the questions that came up.
    pub sheet: Sheet,
    /// Those questions, in the order asked.
    pub order: Vec<usize>,
    /// Questions that came up with no answer at hand.
    pub missing: Vec<usize>,
}

/// Walks the questions in order, answering each that comes up from `supplied`
/// or its default. A supplied answer counts only when its question comes up.
pub fn walk(rules: &RuleSet, supplied: &[Option<Value>]) -> Walked {
    let mut sheet = rules.sheet();
    let mut order = Vec::new();
    let mut missing = Vec::new();
    for q in 0..rules.questions.len() {
        if !comes_up(rules, q, &sheet) {
            continue;
        }
        match supplied[q].or(rules.questions[q].default) {
            Some(v) => {
                sheet[q] = Some(v);
                order.push(q);
                if rules.emergency(&sheet) {
                    break;
                }
            }
            None => missing.push(q),
        }
    }
    Walked {
        sheet,
        order,
        missing,
    }
}

/// Every question a walk of `supplied` could still need an answer for: the
/// missing ones, and those they would open, whatever they are answered
/// (bounded), in bank order. For messages: one round of fixing, not several.
pub fn all_missing(rules: &RuleSet, supplied: &[Option<Value>]) -> Vec<usize> {
    fn go(rules: &RuleSet, supplied: &mut Sheet, out: &mut Vec<usize>, budget: &mut usize) {
        let w = walk(rules, supplied);
        for &m in &w.missing {
            if !out.contains(&m) {
                out.push(m);
            }
        }
        let Some(&first) = w.missing.first() else {
            return;
        };
        let question = &rules.questions[first];
        let values: Vec<Value> = match question.kind {
            Kind::Number => std::iter::once(question.min)
                .chain(rules.boundary_values(first))
                .map(Value::Number)
                .collect(),
            _ => question.all_choices().collect(),
        };
        for v in values {
            if *budget == 0 {
                return;
            }
            *budget -= 1;
            supplied[first] = Some(v);
            go(rules, supplied, out, budget);
        }
        supplied[first] = None;
    }
    let mut out = Vec::new();
    let mut budget = 200;
    go(rules, &mut supplied.to_vec(), &mut out, &mut budget);
    out.sort_unstable();
    out
}

/// The walk without P11: every question whose `ask_when` holds is answered
/// from `supplied` or its default; `None` when one has no answer.
pub fn plain_walk(rules: &RuleSet, supplied: &[Option<Value>]) -> Option<Sheet> {
    let mut sheet = rules.sheet();
    for q in 0..rules.questions.len() {
        if rules.asks(q, &sheet) {
            sheet[q] = Some(supplied[q].or(rules.questions[q].default)?);
            if rules.emergency(&sheet) {
                break;
            }
        }
    }
    Some(sheet)
}

/// The findings that hold, most serious first; within a level, in file order.
pub fn fired(rules: &RuleSet, sheet: &[Option<Value>]) -> Vec<usize> {
    let mut out: Vec<usize> = (0..rules.findings.len())
        .filter(|&i| may_fire(rules, i, sheet) && rules.findings[i].when.holds(sheet))
        .collect();
    out.sort_by_key(|&i| std::cmp::Reverse(rules.findings[i].level));
    out
}

/// The recommendation alone: the most serious level that holds.
pub fn level(rules: &RuleSet, sheet: &[Option<Value>]) -> Level {
    // Most serious first: the first finding that fires is the level.
    rules
        .by_level
        .iter()
        .find(|&&i| may_fire(rules, i, sheet) && rules.findings[i].when.holds(sheet))
        .map_or(Level::Proceed, |&i| rules.findings[i].level)
}

/// False when finding `i` cannot fire on these answers (its gate is shut).
#[inline]
fn may_fire(rules: &RuleSet, i: usize, sheet: &[Option<Value>]) -> bool {
    rules
        .gates
        .get(i)
        .copied()
        .flatten()
        .is_none_or(|g| g.open(sheet))
}

/// An answer as a person reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    pub id: String,
    pub prompt: String,
    /// A few words naming the question.
    pub name: String,
    pub answer: Answer,
    pub label: String,
    pub what_if: bool,
    pub private: bool,
}

/// A thing to do, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Todo {
    pub text: String,
    pub urgency: Urgency,
}

/// A reference, and whether it is from a code other than the governing one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub text: String,
    pub other_code: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fired {
    pub id: String,
    pub rationale: String,
    pub rationale_title: String,
    pub level: Level,
    pub because: String,
    /// The answers it was triggered by (the questions its condition names that were answered).
    pub triggered_by: Vec<Answered>,
    pub safeguards: Vec<Todo>,
    pub reply: Option<String>,
    pub references: Vec<Reference>,
}

/// A single changed answer that would change the recommendation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub question: String,
    pub prompt: String,
    /// A few words naming the question.
    pub name: String,
    pub answer: Answer,
    pub label: String,
    pub recommendation: Level,
    pub what_if: bool,
}

/// Everything a renderer shows, with the labels and titles it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub recommendation: Level,
    pub version: String,
    pub digest: String,
    /// The questions asked, with their answers, in the order asked.
    pub answers: Vec<Answered>,
    /// Most serious first; within a level, in file order.
    pub findings: Vec<Fired>,
    /// "What to do": at most five (P6).
    pub todo: Vec<Todo>,
    /// The rest of the safeguards.
    pub also: Vec<Todo>,
    /// From the first finding at the recommendation's level that has one (P4).
    pub reply: Option<String>,
    /// Every reference, each once, governing code first when it is known.
    pub references: Vec<Reference>,
    pub what_would_change: Vec<Change>,
    /// The governing code's answer, when it was asked.
    pub code: Option<String>,
    /// The rationale ids cited, in the order of the rule set.
    pub rationales: Vec<String>,
}

impl Assessment {
    /// The safeguards in order, all of them (JSON's `safeguards`).
    pub fn safeguards(&self) -> impl Iterator<Item = &Todo> {
        self.todo.iter().chain(&self.also)
    }
}

fn answered(rules: &RuleSet, q: usize, v: Value) -> Answered {
    let question = &rules.questions[q];
    Answered {
        id: question.id.clone(),
        prompt: question.prompt.clone(),
        name: question.name().to_string(),
        answer: question.answer(v),
        label: question.label(v),
        what_if: question.what_if,
        private: question.private,
    }
}

/// The assessment of a finished walk. `supplied` holds every answer given
/// (asked or not): what-would-change replays the walk with one of them changed.
pub fn assess(rules: &RuleSet, supplied: &[Option<Value>], walked: &Walked) -> Assessment {
    let sheet = &walked.sheet;
    let recommendation = level(rules, sheet);
    let code = code_of(rules, sheet);
    let order = fired(rules, sheet);
    let findings: Vec<Fired> = order
        .iter()
        .map(|&i| fired_finding(rules, i, sheet, code.as_deref()))
        .collect();
    let (todo, also) = things_to_do(&findings, recommendation);
    let reply = findings
        .iter()
        .filter(|f| f.level == recommendation)
        .find_map(|f| f.reply.clone());
    let mut references: Vec<Reference> = Vec::new();
    for r in findings.iter().flat_map(|f| &f.references) {
        if !references.iter().any(|x| x.text == r.text) {
            references.push(r.clone());
        }
    }
    references.sort_by_key(|r| r.other_code);
    let rationales = rules
        .rationales
        .iter()
        .filter(|r| findings.iter().any(|f| f.rationale == r.id))
        .map(|r| r.id.clone())
        .collect();
    let mut merged = supplied.to_vec();
    for (q, v) in sheet.iter().enumerate() {
        if v.is_some() {
            merged[q] = *v;
        }
    }
    Assessment {
        recommendation,
        version: rules.version.clone(),
        digest: rules.digest.clone(),
        answers: walked
            .order
            .iter()
            .filter_map(|&q| sheet[q].map(|v| answered(rules, q, v)))
            .collect(),
        findings,
        todo,
        also,
        reply,
        references,
        what_would_change: what_would_change(rules, &merged, walked, recommendation),
        code,
        rationales,
    }
}

/// Walks `supplied` and assesses it, or names the questions nobody answered.
pub fn assess_given(rules: &RuleSet, supplied: &[Option<Value>]) -> Result<Assessment, Vec<usize>> {
    let w = walk(rules, supplied);
    if !w.missing.is_empty() {
        return Err(w.missing);
    }
    Ok(assess(rules, supplied, &w))
}

/// The governing code, when the question that names it was asked.
fn code_of(rules: &RuleSet, sheet: &[Option<Value>]) -> Option<String> {
    let q = rules.question_index(CODE_QUESTION)?;
    sheet[q].map(|v| rules.questions[q].answer(v).to_string())
}

fn fired_finding(rules: &RuleSet, i: usize, sheet: &[Option<Value>], code: Option<&str>) -> Fired {
    let f = &rules.findings[i];
    let rationale = rules.rationale_of(f);
    let mut named = f.when.questions();
    named.sort_unstable();
    let codes: Vec<String> = rules
        .question(CODE_QUESTION)
        .map(|q| q.values().map(str::to_string).collect())
        .unwrap_or_default();
    let mut references: Vec<Reference> = f
        .references()
        .iter()
        .map(|r| {
            let of = r.split_whitespace().next().unwrap_or("").to_lowercase();
            Reference {
                text: r.clone(),
                other_code: code.is_some_and(|c| codes.contains(&of) && of != c),
            }
        })
        .collect();
    references.sort_by_key(|r| r.other_code);
    Fired {
        id: f.id.clone(),
        rationale: rationale.id.clone(),
        rationale_title: rationale.title.clone(),
        level: f.level,
        because: f.because().pick(sheet).unwrap_or_default().to_string(),
        triggered_by: named
            .iter()
            .filter_map(|&q| sheet[q].map(|v| answered(rules, q, v)))
            .collect(),
        safeguards: f
            .safeguards()
            .iter()
            .filter(|s| s.when.as_ref().is_none_or(|c| c.holds(sheet)))
            .map(|s| Todo {
                text: s.text.clone(),
                urgency: s.urgency,
            })
            .collect(),
        reply: f.reply().pick(sheet).map(str::to_string),
        references,
    }
}

/// Safeguards compare equal after normalising case, spaces and punctuation.
pub fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// P6: every `now` safeguard first, then those of the findings at the
/// recommendation's level, now → next → record; at most five; the rest under
/// "Also". Each safeguard once (the most urgent wording kept).
pub fn things_to_do(findings: &[Fired], recommendation: Level) -> (Vec<Todo>, Vec<Todo>) {
    // Each safeguard once, with the most urgent urgency any finding gives it,
    // remembering the most serious finding that lists it.
    let mut all: Vec<(Todo, Level, String)> = Vec::new();
    for f in findings {
        for s in &f.safeguards {
            let key = normalise(&s.text);
            match all.iter_mut().find(|(_, _, k)| *k == key) {
                Some((t, _, _)) => t.urgency = t.urgency.min(s.urgency),
                None => all.push((s.clone(), f.level, key)),
            }
        }
    }
    let deciding = |l: Level| l == recommendation;
    let mut first: Vec<Todo> = Vec::new();
    let mut rest: Vec<Todo> = Vec::new();
    for u in [Urgency::Now, Urgency::Next, Urgency::Record] {
        for (t, l, _) in &all {
            if t.urgency == u && (u == Urgency::Now || deciding(*l)) {
                first.push(t.clone());
            }
        }
    }
    for (t, l, _) in &all {
        if !(t.urgency == Urgency::Now || deciding(*l)) {
            rest.push(t.clone());
        }
    }
    let mut todo = first;
    let overflow = if todo.len() > 5 {
        todo.split_off(5)
    } else {
        Vec::new()
    };
    let mut also = overflow;
    also.extend(rest);
    (todo, also)
}

/// The values worth trying for a question: every other choice; for a number,
/// the values at and just below each threshold the rules compare it with.
fn alternatives(rules: &RuleSet, q: usize, current: Value) -> Vec<Value> {
    let question = &rules.questions[q];
    let mut out: Vec<Value> = match question.kind {
        Kind::Number => rules
            .boundary_values(q)
            .into_iter()
            .map(Value::Number)
            .collect(),
        _ => question.all_choices().collect(),
    };
    out.retain(|a| *a != current);
    out
}

/// The level a replay ends at: one, or when the change opens a question with
/// no answer at hand, the level every answer to it agrees on. `None` when the
/// answers disagree (or there are too many to try).
fn replay_level(rules: &RuleSet, supplied: &mut Sheet, budget: &mut usize) -> Option<Level> {
    // Skipping a question never changes what fires (it is skipped only when no
    // finding depends on it), so the walk without skipping gives the level; a
    // question with no answer at hand needs one only if it could still change
    // a finding (P11, asked only there).
    let (sheet, open) = match walk_to_open(rules, supplied) {
        Ok(sheet) => return Some(level(rules, &sheet)),
        Err(at) => at,
    };
    // Often the level is the same whatever the open questions are answered:
    // the findings sure to fire already reach the highest any could reach.
    let (lo, hi) = level_bounds_given(rules, &sheet, supplied, open);
    if lo == hi {
        return Some(lo);
    }
    let question = &rules.questions[open];
    let values: Vec<Value> = match question.kind {
        Kind::Number => std::iter::once(question.min)
            .chain(rules.boundary_values(open))
            .map(Value::Number)
            .collect(),
        _ => question.all_choices().collect(),
    };
    let mut agreed: Option<Level> = None;
    for v in values {
        if *budget == 0 {
            return None;
        }
        *budget -= 1;
        supplied[open] = Some(v);
        let l = replay_level(rules, supplied, budget);
        supplied[open] = None;
        match (l, agreed) {
            (None, _) => return None,
            (Some(l), Some(a)) if l != a => return None,
            (Some(l), _) => agreed = Some(l),
        }
    }
    agreed
}

/// The walk without skipping, up to the first question that comes up with no
/// answer at hand and could still change a finding: the answers, or the
/// answers so far and that question.
fn walk_to_open(rules: &RuleSet, supplied: &[Option<Value>]) -> Result<Sheet, (Sheet, usize)> {
    let mut sheet = rules.sheet();
    for q in 0..rules.questions.len() {
        if !rules.asks(q, &sheet) {
            continue;
        }
        match supplied[q].or(rules.questions[q].default) {
            Some(v) => sheet[q] = Some(v),
            None if rules.tables.matters(rules, q, &sheet) => return Err((sheet, q)),
            None => continue,
        }
        if rules.emergency(&sheet) {
            break;
        }
    }
    Ok(sheet)
}

/// Like [`level_bounds`], knowing the answers at hand for the undecided
/// questions: such a question is asked with its answer, or not at all, so a
/// test its answer fails is false either way.
fn level_bounds_given(
    rules: &RuleSet,
    sheet: &[Option<Value>],
    supplied: &[Option<Value>],
    open: usize,
) -> (Level, Level) {
    let decide = |q: usize, test: &crate::condition::Test| -> Option<bool> {
        if q < open {
            return Some(sheet[q].is_some_and(|v| test.holds(v)));
        }
        match supplied[q].or(rules.questions[q].default) {
            Some(v) if !test.holds(v) => Some(false),
            _ => None,
        }
    };
    // Most serious first: once one is sure to fire, none after it can move
    // either bound.
    let mut lo = Level::Proceed;
    let mut hi = Level::Proceed;
    for &i in &rules.by_level {
        let f = &rules.findings[i];
        if let Some(g) = rules.gates.get(i).copied().flatten() {
            let q = usize::from(g.q);
            let known = if q < open {
                sheet[q]
            } else {
                supplied[q].or(rules.questions[q].default)
            };
            // Before `open`, the sheet is final; after it, an answer at hand is
            // the one the walk would use, and a question not reached fails the
            // gate too, so a shut gate rules the finding out either way.
            let shut = match known {
                Some(Value::Choice(c)) => (g.set >> c) & 1 == 0,
                Some(Value::Number(_)) => true,
                None => q < open,
            };
            if shut {
                continue;
            }
        }
        match f.when.eval_with(&decide) {
            Some(true) => {
                lo = f.level;
                hi = hi.max(f.level);
                break;
            }
            None => hi = hi.max(f.level),
            Some(false) => {}
        }
    }
    (lo, hi)
}

/// The least and most serious level a walk can end at when every question
/// from `open` on is still undecided.
pub fn level_bounds(rules: &RuleSet, sheet: &[Option<Value>], open: usize) -> (Level, Level) {
    let unknown = |q: usize| q >= open;
    let mut lo = Level::Proceed;
    let mut hi = Level::Proceed;
    for f in &rules.findings {
        match f.when.eval3(sheet, &unknown) {
            Some(true) => {
                lo = lo.max(f.level);
                hi = hi.max(f.level);
            }
            None => hi = hi.max(f.level),
            Some(false) => {}
        }
    }
    (lo, hi)
}

/// Single changed answers that would change the recommendation, each verified
/// by replaying the walk with that one answer changed (P10).
pub fn what_would_change(
    rules: &RuleSet,
    supplied: &[Option<Value>],
    walked: &Walked,
    current: Level,
) -> Vec<Change> {
    let mut out = Vec::new();
    for &q in &walked.order {
        let Some(value) = walked.sheet[q] else {
            continue;
        };
        let mut found: Vec<Change> = Vec::new();
        for alt in alternatives(rules, q, value) {
            let mut changed = supplied.to_vec();
            changed[q] = Some(alt);
            let mut budget = 256;
            let Some(l) = replay_level(rules, &mut changed, &mut budget) else {
                continue;
            };
            if l != current {
                let question = &rules.questions[q];
                found.push(Change {
                    question: question.id.clone(),
                    prompt: question.prompt.clone(),
                    name: question.name().to_string(),
                    answer: question.answer(alt),
                    label: question.label(alt),
                    recommendation: l,
                    what_if: question.what_if,
                });
            }
        }
        // For numbers, one value per resulting level is enough: the nearest.
        if let Value::Number(x) = value {
            found.sort_by_key(|c| {
                (
                    c.recommendation,
                    (c.answer.as_number().unwrap_or(0) - x).abs(),
                )
            });
            found.dedup_by_key(|c| c.recommendation);
        }
        out.extend(found);
    }
    out
}

/// The findings that fire whatever the remaining questions are answered
/// (teach shows these as the walk goes).
pub fn settled(rules: &RuleSet, sheet: &[Option<Value>], next: usize) -> Vec<usize> {
    let later: Vec<usize> = (next..rules.questions.len())
        .filter(|&q| sheet[q].is_none())
        .collect();
    (0..rules.findings.len())
        .filter(|&i| {
            let f = &rules.findings[i];
            let named: Vec<usize> = crate::tables::reach(rules, f.when.questions());
            let open: Vec<usize> = later
                .iter()
                .copied()
                .filter(|q| named.contains(q))
                .collect();
            always_fires(rules, i, sheet, &open)
        })
        .collect()
}

/// Whether finding `i` fires for every answer to the `open` questions (each
/// where its `ask_when` holds), bounded: past the bound it is not settled.
fn always_fires(rules: &RuleSet, i: usize, sheet: &[Option<Value>], open: &[usize]) -> bool {
    let mut budget = 4096usize;
    fn go(
        rules: &RuleSet,
        i: usize,
        sheet: &mut Sheet,
        open: &[usize],
        budget: &mut usize,
    ) -> bool {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        let Some((&q, rest)) = open.split_first() else {
            return rules.findings[i].when.holds(sheet);
        };
        if rules.emergency(sheet) || !rules.asks(q, sheet) {
            return go(rules, i, sheet, rest, budget);
        }
        let question = &rules.questions[q];
        let values: Vec<Value> = match question.kind {
            Kind::Number => std::iter::once(question.min)
                .chain(rules.boundary_values(q))
                .map(Value::Number)
                .collect(),
            _ => question.all_choices().collect(),
        };
        // Skipped (P11) is a possible outcome too.
        for v in values.into_iter().map(Some).chain([None]) {
            sheet[q] = v;
            let ok = go(rules, i, sheet, rest, budget);
            sheet[q] = None;
            if !ok {
                return false;
            }
        }
        true
    }
    let mut s = sheet.to_vec();
    go(rules, i, &mut s, open, &mut budget)
}
