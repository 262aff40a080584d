//! Questions a rule author asks of a rule set: can this finding ever fire, is
//! this question ever worth asking. Exact, by walking the answers the finding's
//! reach can take (bounded: past the bound the answer is "yes", so a warning is
//! never wrong).

use crate::model::{RuleSet, Value};
use crate::tables::{classes, reach};

/// Combinations tried per question before giving up (and assuming the best).
const BUDGET: usize = 200_000;

/// Whether some walk makes finding `fi` fire.
pub fn can_fire(rules: &RuleSet, fi: usize) -> bool {
    let f = &rules.findings[fi];
    let emergency: Vec<usize> = rules
        .emergencies
        .iter()
        .flat_map(|&i| rules.findings[i].when.questions())
        .collect();
    let mut vars = reach(rules, f.when.questions().into_iter().chain(emergency));
    vars.sort_unstable();
    let conds: Vec<&crate::condition::Condition> = std::iter::once(&f.when)
        .chain(vars.iter().map(|&q| &rules.questions[q].ask_when))
        .chain(rules.emergencies.iter().map(|&i| &rules.findings[i].when))
        .collect();
    let domains: Vec<Vec<Value>> = vars
        .iter()
        .map(|&q| representatives(rules, q, &conds))
        .collect();
    let mut sheet = rules.sheet();
    let mut budget = BUDGET;
    search(rules, &vars, &domains, 0, &mut sheet, &mut budget, &|s| {
        f.when.holds(s)
    })
}

fn representatives(
    rules: &RuleSet,
    q: usize,
    conds: &[&crate::condition::Condition],
) -> Vec<Value> {
    match classes(rules, q, conds) {
        crate::tables::Classes::Choices { reps, .. } => {
            reps.into_iter().map(Value::Choice).collect()
        }
        crate::tables::Classes::Numbers { reps, .. } => {
            reps.into_iter().map(Value::Number).collect()
        }
    }
}

/// Depth-first over the questions in order, each asked where its `ask_when`
/// holds (and no emergency has ended the walk); true when `goal` holds at a leaf.
fn search(
    rules: &RuleSet,
    vars: &[usize],
    domains: &[Vec<Value>],
    at: usize,
    sheet: &mut Vec<Option<Value>>,
    budget: &mut usize,
    goal: &dyn Fn(&[Option<Value>]) -> bool,
) -> bool {
    if *budget == 0 {
        return true;
    }
    *budget -= 1;
    let Some(&q) = vars.get(at) else {
        return goal(sheet);
    };
    if rules.emergency(sheet) || !rules.asks(q, sheet) {
        return search(rules, vars, domains, at + 1, sheet, budget, goal);
    }
    for &v in &domains[at] {
        sheet[q] = Some(v);
        let found = search(rules, vars, domains, at + 1, sheet, budget, goal);
        sheet[q] = None;
        if found {
            return true;
        }
    }
    false
}

/// Whether question `q` is ever worth asking: some reachable situation where
/// its answer could change a finding (P11).
pub fn ever_matters(rules: &RuleSet, q: usize) -> bool {
    rules.tables.ever_matters(rules, q)
}
