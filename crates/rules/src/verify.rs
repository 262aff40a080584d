//! `rules verify`: exact proofs over the whole answer space, never sampling.
//!
//! Each property is proved by a depth-first search over the questions in bank
//! order, every question answered (by one value of each class of answers the
//! rules can tell apart) wherever it comes up as in the engine's walk (its
//! `ask_when` holds and P11 does not skip it), the walk ending at an emergency
//! as the engine's does. P11 is followed, not assumed away: a question it skips
//! cannot change which findings fire, but it can change which of a finding's
//! variants (its reply, its safeguards' `when`) shows. A branch is cut as soon
//! as three-valued evaluation (the questions not yet answered unknown) shows the
//! property cannot fail below it, and a question no undecided finding can reach
//! is not branched on. A failing case is replayed through the engine's own walk
//! before it is reported, as a scenario file.

use crate::condition::Condition;
use crate::engine;
use crate::level::Level;
use crate::model::{RuleSet, Sheet, Value};
use crate::tables::{classes, reach, Classes};

/// A property that failed, with the answers that show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counterexample {
    /// What failed, in words.
    pub property: String,
    /// What happens with these answers, in words.
    pub what: String,
    /// The answers (every question; the walk uses those that come up).
    pub answers: Sheet,
}

/// What a run of `rules verify` proved, and what it found broken.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Property groups proved, with how many of each: ("P1 for a hedging answer", 14).
    pub proved: Vec<(String, usize)>,
    /// Cases examined: complete walks, and branches decided whole, over all properties.
    pub cases: u128,
    pub broken: Vec<Counterexample>,
}

/// Phrases that speak as if therapy were going on, never shown to a former or
/// prospective client (P7).
pub const NOT_IN_THERAPY: &[&str] = &[
    "next session",
    "in session",
    "the therapy",
    "when we next meet",
    "when you next meet",
    "our sessions",
    "our next",
    "your therapy",
];

/// Phrases that address the person as the client, never in a reply to someone
/// asking about the client (P7).
pub const AS_THE_CLIENT: &[&str] = &[
    "our sessions",
    "our work together",
    "when we next meet",
    "your therapy",
    "in our next",
    "you told me in",
];

/// At most this many things to do show under "What to do" (P6).
const MAX_SAFEGUARDS: usize = 5;

/// The search over one rule set.
struct Search<'r> {
    rules: &'r RuleSet,
    /// Per question: one value per class of answers the rules can tell apart.
    reps: Vec<Vec<Value>>,
    /// The questions an emergency finding depends on (they can end a walk).
    emergency_reach: u128,
    cases: u128,
}

/// One walk of a property: the answers so far, with forced answers to some questions.
#[derive(Clone)]
struct Lane {
    sheet: Sheet,
    forced: Vec<(usize, Value)>,
}

/// A condition that must hold (or must not) on one lane's walk.
struct Literal<'a> {
    lane: usize,
    condition: &'a Condition,
    holds: bool,
    /// The questions it depends on, with the ones deciding whether those are asked.
    reach: u128,
}

/// What a complete walk must also show to fail a property.
type LeafCheck<'a> = &'a dyn Fn(&[Lane]) -> bool;

/// A conjunction of literals, and what else a failing walk must show.
struct Goal<'a> {
    literals: Vec<Literal<'a>>,
    /// Checked on a complete walk whose literals all hold.
    leaf: Option<LeafCheck<'a>>,
    /// Questions the leaf check looks at.
    leaf_reach: u128,
}

fn bit(q: usize) -> u128 {
    1u128 << q
}

fn mask(rules: &RuleSet, qs: impl IntoIterator<Item = usize>) -> u128 {
    reach(rules, qs).into_iter().fold(0u128, |m, q| m | bit(q))
}

impl<'r> Search<'r> {
    fn new(rules: &'r RuleSet) -> Search<'r> {
        let conds: Vec<&Condition> = rules.conditions().collect();
        let reps: Vec<Vec<Value>> = (0..rules.questions.len())
            .map(|q| match classes(rules, q, &conds) {
                Classes::Choices { reps, .. } => reps.into_iter().map(Value::Choice).collect(),
                Classes::Numbers { reps, .. } => reps.into_iter().map(Value::Number).collect(),
            })
            .collect();
        let emergency_reach = mask(
            rules,
            rules
                .emergencies
                .iter()
                .flat_map(|&i| rules.findings[i].when.questions()),
        );
        Search {
            rules,
            reps,
            emergency_reach,
            cases: 0,
        }
    }

    fn literal<'a>(&self, lane: usize, condition: &'a Condition, holds: bool) -> Literal<'a> {
        Literal {
            lane,
            condition,
            holds,
            reach: mask(self.rules, condition.questions()) | self.emergency_reach,
        }
    }

    /// A walk on which `condition` holds, if there is one.
    fn holding(&mut self, condition: &Condition) -> Option<Sheet> {
        let goal = Goal {
            literals: vec![self.literal(0, condition, true)],
            leaf: None,
            leaf_reach: 0,
        };
        let lanes = vec![lane(self.rules)];
        self.find(&goal, lanes).map(|mut l| l.swap_remove(0).sheet)
    }

    /// Finds a complete walk (of every lane) that satisfies the goal, if there is one.
    fn find(&mut self, goal: &Goal<'_>, mut lanes: Vec<Lane>) -> Option<Vec<Lane>> {
        if self.dfs(goal, &mut lanes, 0) {
            Some(lanes)
        } else {
            None
        }
    }

    fn dfs(&mut self, goal: &Goal<'_>, lanes: &mut [Lane], q: usize) -> bool {
        let n = self.rules.questions.len();
        let unknown = |x: usize| x >= q;
        // Cut as soon as a literal is decided against the goal; note what is still open.
        let mut open_reach = goal.leaf_reach;
        for l in &goal.literals {
            match l.condition.eval3(&lanes[l.lane].sheet, &unknown) {
                Some(b) if b != l.holds => {
                    // A whole branch decided at once.
                    self.cases += 1;
                    return false;
                }
                Some(_) => {}
                None => open_reach |= l.reach,
            }
        }
        if q == n {
            self.cases += 1;
            return goal.leaf.is_none_or(|f| f(lanes));
        }
        let asked: Vec<bool> = lanes
            .iter()
            .map(|l| !self.rules.emergency(&l.sheet) && engine::comes_up(self.rules, q, &l.sheet))
            .collect();
        if !asked.iter().any(|a| *a) {
            return self.dfs(goal, lanes, q + 1);
        }
        let forced_everywhere = lanes
            .iter()
            .zip(&asked)
            .all(|(l, a)| !a || l.forced.iter().any(|(fq, _)| *fq == q));
        let branch = !forced_everywhere && open_reach & bit(q) != 0;
        let count = if branch { self.reps[q].len() } else { 1 };
        for k in 0..count {
            let v = self.reps[q][k];
            for (l, a) in lanes.iter_mut().zip(&asked) {
                if *a {
                    let forced = l.forced.iter().find(|(fq, _)| *fq == q).map(|(_, fv)| *fv);
                    l.sheet[q] = Some(forced.unwrap_or(v));
                }
            }
            if self.dfs(goal, lanes, q + 1) {
                return true;
            }
            for l in lanes.iter_mut() {
                l.sheet[q] = None;
            }
        }
        false
    }
}

fn lane(rules: &RuleSet) -> Lane {
    Lane {
        sheet: rules.sheet(),
        forced: Vec::new(),
    }
}

fn label(rules: &RuleSet, q: usize, v: Value) -> String {
    format!(
        "`{}: {}`",
        rules.questions[q].id,
        rules.questions[q].answer(v)
    )
}

fn texts_with(phrases: &[&str], text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    phrases
        .iter()
        .find(|p| lower.contains(*p))
        .map(|p| p.to_string())
}

fn replay_level(rules: &RuleSet, answers: &Sheet) -> Level {
    engine::level(rules, &engine::walk(rules, answers).sheet)
}

/// Proves every property of SPEC's clinical soundness the rules can be held to,
/// and every declared invariant.
pub fn verify(rules: &RuleSet) -> Report {
    let mut report = Report::default();
    if rules.questions.len() > 128 {
        report.broken.push(Counterexample {
            property: "the rules can be proved".into(),
            what: format!(
                "{} questions are more than the proofs can take (128)",
                rules.questions.len()
            ),
            answers: rules.sheet(),
        });
        return report;
    }
    let mut search = Search::new(rules);
    hedges(rules, &mut search, &mut report);
    invariants(rules, &mut search, &mut report);
    emergency(rules, &mut search, &mut report);
    replies(rules, &mut search, &mut report);
    urgent(rules, &mut search, &mut report);
    words(rules, &mut search, &mut report);
    references(rules, &mut search, &mut report);
    report.cases = search.cases;
    report
}

/// P1: for a hedging answer `h` of `q`, a violation is a walk where some finding
/// fires with another answer and no finding as serious fires with `h`.
fn hedges(rules: &RuleSet, search: &mut Search<'_>, report: &mut Report) {
    let mut proved = 0;
    for (q, question) in rules.questions.iter().enumerate() {
        let Some(h) = question.hedge else { continue };
        let hv = Value::Choice(h);
        let mut broken = None;
        'values: for v in question.all_choices().filter(|v| *v != hv) {
            for g in rules.findings.iter().filter(|g| {
                g.level > Level::Proceed && mask(rules, g.when.questions()) & bit(q) != 0
            }) {
                let mut literals = vec![search.literal(1, &g.when, true)];
                literals.extend(
                    rules
                        .findings
                        .iter()
                        .filter(|f| f.level >= g.level)
                        .map(|f| search.literal(0, &f.when, false)),
                );
                let goal = Goal {
                    literals,
                    leaf: None,
                    leaf_reach: 0,
                };
                let lanes = vec![
                    Lane {
                        forced: vec![(q, hv)],
                        ..lane(rules)
                    },
                    Lane {
                        forced: vec![(q, v)],
                        ..lane(rules)
                    },
                ];
                if let Some(found) = search.find(&goal, lanes) {
                    let (low, high) = (
                        replay_level(rules, &found[0].sheet),
                        replay_level(rules, &found[1].sheet),
                    );
                    if high > low {
                        broken = Some(Counterexample {
                            property: format!(
                                "P1: hedging is never a way down (`{}`)",
                                question.id
                            ),
                            what: format!(
                                "with {} the recommendation is {}; with {} it is {}",
                                label(rules, q, hv),
                                low.label(),
                                label(rules, q, v),
                                high.label()
                            ),
                            answers: found[0].sheet.clone(),
                        });
                        break 'values;
                    }
                }
            }
        }
        match broken {
            Some(c) => report.broken.push(c),
            None => proved += 1,
        }
    }
    report.proved.push((
        "P1 (hedging is never a way down) for a question".into(),
        proved,
    ));
}

/// An invariant fails where its `when` holds and: no finding reaches
/// `at_least`; or a finding above `at_most` fires; or no finding of a cited
/// rationale fires.
fn invariants(rules: &RuleSet, search: &mut Search<'_>, report: &mut Report) {
    let mut proved = 0;
    for inv in rules.invariants() {
        let mut goals: Vec<(Goal<'_>, String)> = Vec::new();
        if let Some(min) = inv.at_least {
            let mut literals = vec![search.literal(0, &inv.when, true)];
            literals.extend(
                rules
                    .findings
                    .iter()
                    .filter(|f| f.level >= min)
                    .map(|f| search.literal(0, &f.when, false)),
            );
            goals.push((
                Goal {
                    literals,
                    leaf: None,
                    leaf_reach: 0,
                },
                format!("below {}", min.label()),
            ));
        }
        if let Some(max) = inv.at_most {
            for g in rules.findings.iter().filter(|g| g.level > max) {
                let literals = vec![
                    search.literal(0, &inv.when, true),
                    search.literal(0, &g.when, true),
                ];
                goals.push((
                    Goal {
                        literals,
                        leaf: None,
                        leaf_reach: 0,
                    },
                    format!("above {} (`{}` fires)", max.label(), g.id),
                ));
            }
        }
        for &r in &inv.cites {
            let mut literals = vec![search.literal(0, &inv.when, true)];
            literals.extend(
                rules
                    .findings
                    .iter()
                    .filter(|f| f.rationale == r)
                    .map(|f| search.literal(0, &f.when, false)),
            );
            goals.push((
                Goal {
                    literals,
                    leaf: None,
                    leaf_reach: 0,
                },
                format!("without citing `{}`", rules.rationales[r].id),
            ));
        }
        // An invariant no walk can reach proves nothing: say so instead.
        if search.holding(&inv.when).is_none() {
            report.broken.push(Counterexample {
                property: format!("invariant \"{}\"", inv.name),
                what: "no answers make its `when` hold, so it proves nothing; check its conditions (an answer the walk never asks for, or two that cannot go together)".into(),
                answers: rules.sheet(),
            });
            continue;
        }
        let mut broken = None;
        for (goal, how) in &goals {
            if let Some(found) = search.find(goal, vec![lane(rules)]) {
                let answers = found[0].sheet.clone();
                let level = replay_level(rules, &answers);
                broken = Some(Counterexample {
                    property: format!("invariant \"{}\"", inv.name),
                    what: format!("the recommendation is {} here, {how}", level.label()),
                    answers,
                });
                break;
            }
        }
        match broken {
            Some(c) => report.broken.push(c),
            None => proved += 1,
        }
    }
    report.proved.push(("declared invariant".into(), proved));
}

/// Once an emergency finding holds, the engine's walk asks nothing more.
fn emergency(rules: &RuleSet, search: &mut Search<'_>, report: &mut Report) {
    let stops = |lanes: &[Lane]| {
        let w = engine::walk(rules, &lanes[0].sheet);
        // The walk must end at the answer that made it an emergency.
        let Some(&last) = w.order.last() else {
            return false;
        };
        let mut before = w.sheet.clone();
        before[last] = None;
        !rules.emergency(&w.sheet) || rules.emergency(&before)
    };
    let mut proved = 0;
    for &e in &rules.emergencies {
        let goal = Goal {
            literals: vec![search.literal(0, &rules.findings[e].when, true)],
            leaf: Some(&stops),
            leaf_reach: 0,
        };
        match search.find(&goal, vec![lane(rules)]) {
            None => proved += 1,
            Some(found) => report.broken.push(Counterexample {
                property: "an emergency asks nothing more".into(),
                what: format!("a question is asked after `{}` holds", rules.findings[e].id),
                answers: found[0].sheet.clone(),
            }),
        }
    }
    report
        .proved
        .push(("emergency asks nothing more, for a finding".into(), proved));
}

/// P4: every finding at consult or above has words to use wherever it fires: one
/// of its reply's variants holds, unless it declares `no_reply` (nobody waits for
/// an answer, or the protocol speaks instead). That the reply shown comes from the
/// deciding level, the first in file order that has one, is the engine's own rule.
fn replies(rules: &RuleSet, search: &mut Search<'_>, report: &mut Report) {
    let mut proved = 0;
    for f in &rules.findings {
        if f.level < Level::Consult || f.no_reply || f.reply().0.iter().any(|v| v.when.is_none()) {
            proved += 1;
            continue;
        }
        // f fires, and none of its reply's variants holds.
        let mut literals = vec![search.literal(0, &f.when, true)];
        literals.extend(
            f.reply()
                .0
                .iter()
                .filter_map(|v| v.when.as_ref())
                .map(|c| search.literal(0, c, false)),
        );
        let goal = Goal {
            literals,
            leaf: None,
            leaf_reach: 0,
        };
        match search.find(&goal, vec![lane(rules)]) {
            None => proved += 1,
            Some(found) => report.broken.push(Counterexample {
                property: format!(
                    "P4: a finding at {} or above has words to use (`{}`)",
                    Level::Consult.label(),
                    f.id
                ),
                what: if f.reply().is_empty() {
                    format!(
                        "`{}` ({}) fires and has no reply; give it one, or `no_reply: true` where nobody waits for an answer",
                        f.id,
                        f.level.label()
                    )
                } else {
                    format!(
                        "`{}` ({}) fires and none of its reply's variants holds; add one without `when`, or `no_reply: true` where nobody waits for an answer",
                        f.id,
                        f.level.label()
                    )
                },
                answers: found[0].sheet.clone(),
            }),
        }
    }
    report.proved.push((
        "P4 (a reply where someone waits) for a finding".into(),
        proved,
    ));
}

/// P6: "What to do" shows every `now` safeguard first, and at most five things.
/// That order and that limit are the renderer's; what the rules must keep is that
/// no finding, wherever it fires, has more than five `now` safeguards of its own,
/// or one of them could never show under "What to do".
fn urgent(rules: &RuleSet, search: &mut Search<'_>, report: &mut Report) {
    let mut proved = 0;
    for f in &rules.findings {
        let now: Vec<_> = f
            .safeguards()
            .iter()
            .filter(|x| x.urgency == crate::model::Urgency::Now)
            .collect();
        let distinct = |sheet: &Sheet| {
            let mut keys: Vec<String> = now
                .iter()
                .filter(|x| x.when.as_ref().is_none_or(|c| c.holds(sheet)))
                .map(|x| engine::normalise(&x.text))
                .collect();
            keys.sort();
            keys.dedup();
            keys.len()
        };
        if now.len() <= MAX_SAFEGUARDS {
            proved += 1;
            continue;
        }
        let too_many = |lanes: &[Lane]| distinct(&lanes[0].sheet) > MAX_SAFEGUARDS;
        let goal = Goal {
            literals: vec![search.literal(0, &f.when, true)],
            leaf: Some(&too_many),
            leaf_reach: now
                .iter()
                .filter_map(|x| x.when.as_ref())
                .fold(0u128, |m, c| m | mask(rules, c.questions())),
        };
        match search.find(&goal, vec![lane(rules)]) {
            None => proved += 1,
            Some(found) => report.broken.push(Counterexample {
                property: format!("P6: what cannot wait fits in five things to do (`{}`)", f.id),
                what: format!(
                    "`{}` shows {} `now` safeguards, so one would land under \"Also\"; make one `next`, or join two",
                    f.id,
                    distinct(&found[0].sheet)
                ),
                answers: found[0].sheet.clone(),
            }),
        }
    }
    report.proved.push((
        "P6 (what cannot wait fits in five things to do) for a finding".into(),
        proved,
    ));
}

/// A text of a finding, and when it is shown (the variant's own condition and
/// the earlier variants' not holding).
struct Piece<'a> {
    text: &'a str,
    shown: Vec<(&'a Condition, bool)>,
    reply: bool,
}

fn pieces(f: &crate::model::Finding) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    for (texts, reply) in [(&f.because(), false), (&f.reply(), true)] {
        let mut earlier: Vec<&Condition> = Vec::new();
        for v in &texts.0 {
            let mut shown: Vec<(&Condition, bool)> = earlier.iter().map(|c| (*c, false)).collect();
            if let Some(c) = &v.when {
                shown.push((c, true));
            }
            out.push(Piece {
                text: &v.text,
                shown,
                reply,
            });
            if let Some(c) = &v.when {
                earlier.push(c);
            }
        }
    }
    for s in f.safeguards() {
        out.push(Piece {
            text: &s.text,
            shown: s.when.iter().map(|c| (c, true)).collect(),
            reply: false,
        });
    }
    out
}

/// P7: what a finding shows, in every situation it fires in, fits the relationship.
fn words(rules: &RuleSet, search: &mut Search<'_>, report: &mut Report) {
    // The situations P7 speaks of: SPEC's stable ids for them.
    let status = rules.question_index("client_status");
    let contact = rules.question_index("contact");
    let test = |q: Option<usize>, values: &[&str]| -> Option<Condition> {
        let q = q?;
        let set = values
            .iter()
            .filter_map(|v| rules.questions[q].choice_index(v))
            .fold(0u64, |m, i| m | (1 << i));
        (set != 0).then_some(Condition::Test {
            q: q as u16,
            test: crate::condition::Test::Choices { set, negate: false },
        })
    };
    let not_in_therapy = test(status, &["former", "prospective"]);
    let third_party = test(contact, &["third_party"]);
    let mut proved = 0;
    for f in &rules.findings {
        let mut broken: Option<Counterexample> = None;
        // P7: for former and prospective clients, and for people asking about a client.
        for piece in pieces(f) {
            if broken.is_some() {
                break;
            }
            let checks: [(Option<&Condition>, &[&str], &str); 2] = [
                (
                    not_in_therapy.as_ref(),
                    NOT_IN_THERAPY,
                    "a former or prospective client",
                ),
                (
                    if piece.reply {
                        third_party.as_ref()
                    } else {
                        None
                    },
                    AS_THE_CLIENT,
                    "someone asking about the client",
                ),
            ];
            for (context, phrases, who) in checks {
                let (Some(context), Some(phrase)) = (context, texts_with(phrases, piece.text))
                else {
                    continue;
                };
                let mut literals = vec![
                    search.literal(0, &f.when, true),
                    search.literal(0, context, true),
                ];
                literals.extend(piece.shown.iter().map(|(c, b)| search.literal(0, c, *b)));
                if let Some(found) = search.find(
                    &Goal {
                        literals,
                        leaf: None,
                        leaf_reach: 0,
                    },
                    vec![lane(rules)],
                ) {
                    broken = Some(Counterexample {
                        property: format!("P7: words fit the relationship (`{}`)", f.id),
                        what: format!(
                            "`{}` says \"{phrase}\" to {who}: \"{}\"",
                            f.id,
                            crate::text::excerpt(piece.text, 70)
                        ),
                        answers: found[0].sheet.clone(),
                    });
                    break;
                }
            }
        }
        match broken {
            Some(c) => report.broken.push(c),
            None => proved += 1,
        }
    }
    report.proved.push((
        "P7 (words that fit the relationship) for a finding".into(),
        proved,
    ));
}

/// P9: references by code and number, the code one the bank knows.
fn references(rules: &RuleSet, search: &mut Search<'_>, report: &mut Report) {
    let codes: Vec<String> = rules
        .question(engine::CODE_QUESTION)
        .map(|q| {
            q.values()
                .filter(|v| *v != "other")
                .map(str::to_uppercase)
                .collect()
        })
        .unwrap_or_default();
    let mut proved = 0;
    for f in &rules.findings {
        let bad: Vec<&String> = f
            .references()
            .iter()
            .filter(|r| {
                let mut parts = r.split_whitespace();
                let code = parts.next().unwrap_or("");
                let number = parts.next();
                !(codes.iter().any(|c| c == code)
                    && number.is_some_and(|n| {
                        n.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
                    })
                    && parts.next().is_none())
            })
            .collect();
        if bad.is_empty() {
            proved += 1;
            continue;
        }
        // Shown wherever the finding fires: the counterexample is one such walk.
        if let Some(sheet) = search.holding(&f.when) {
            report.broken.push(Counterexample {
                property: format!("P9: references are by code and number (`{}`)", f.id),
                what: format!("`{}` cites {}; a reference is a code the bank knows ({}) and a standard's number", f.id, bad.iter().map(|r| format!("\"{r}\"")).collect::<Vec<_>>().join(", "), codes.join(", ")),
                answers: sheet,
            });
        } else {
            // It never fires, so nothing it cites is ever shown.
            proved += 1;
        }
    }
    report.proved.push((
        "P9 (references by code and number) for a finding".into(),
        proved,
    ));
}
