//! `teach --no-pause` end to end, and the answer loop's hooks as teach and
//! practice use them (scripted).

use boundcheck::rules::model::RuleSet;
use boundcheck::{Asker, Hooks, Mode, Move, Outcome, Reply, Script, Walk};

use crate::common::*;

#[test]
fn teach_no_pause_walks_a_lesson_in_order() {
    let r = run(&["teach", "examples", "--no-pause"]);
    r.ok();
    let first = r.stdout.find("Scenario 1 of").expect("numbered scenarios");
    let second = r.stdout.find("Scenario 2 of").unwrap();
    assert!(first < second);
    r.shows(&["RECOMMENDATION", "FOR DISCUSSION", "⚑"]);
}

#[test]
fn teach_needs_a_terminal_unless_no_pause() {
    let r = run(&["teach", "examples/01-reschedule-text.yaml"]);
    r.bad_input();
    r.says(&["--no-pause"]);
}

/// Records every step shown, and goes back once at step `back_at`.
struct Steps {
    shown: Vec<String>,
    back_at: Option<usize>,
    change_at: Option<(usize, &'static str)>,
}

impl Hooks for Steps {
    fn after(&mut self, walk: &Walk<'_>, _asker: &mut dyn Asker) -> anyhow::Result<Move> {
        let rules = walk.rules();
        let last = walk.steps().last().unwrap();
        self.shown.push(rules.questions[last.q].id.clone());
        if self.back_at == Some(self.shown.len()) {
            self.back_at = None;
            return Ok(Move::Back);
        }
        if let Some((at, id)) = self.change_at {
            if at == self.shown.len() && rules.questions[last.q].id == id {
                self.change_at = None;
                return Ok(Move::Change(last.q));
            }
        }
        Ok(Move::On)
    }
}

fn example_answers(rules: &RuleSet, name: &str) -> boundcheck::rules::Sheet {
    let s = boundcheck::rules::Scenario::load(&root().join("examples").join(name), rules).unwrap();
    s.supplied(rules)
}

#[test]
fn back_in_teach_shows_the_step_before_again() {
    let rules = bundled();
    let script = example_answers(rules, "14-friend-request-current-client.yaml");
    let mut walk = Walk::new(rules, script);
    let mut hooks = Steps {
        shown: Vec::new(),
        back_at: Some(3),
        change_at: None,
    };
    let outcome = boundcheck::run_walk(
        &mut walk,
        &mut Script::new([]),
        &mut hooks,
        Mode {
            take_supplied: true,
            back_to_asked: false,
        },
    )
    .unwrap();
    assert_eq!(outcome, Outcome::Finished);
    // Steps 1, 2, 3, then back: step 2 again, then on.
    assert_eq!(hooks.shown[3], hooks.shown[1], "{:?}", hooks.shown);
}

#[test]
fn a_what_if_change_asks_the_question_again_and_changes_the_result() {
    let rules = bundled();
    let script = example_answers(rules, "14-friend-request-current-client.yaml");
    let before = boundcheck::rules::engine::assess_given(rules, &script)
        .unwrap()
        .recommendation;
    let mut walk = Walk::new(rules, script);
    let mut hooks = Steps {
        shown: Vec::new(),
        back_at: None,
        change_at: Some((3, "contact")),
    };
    let gift = rules
        .question("contact")
        .unwrap()
        .parse_value("chance_encounter")
        .unwrap();
    let mut asker = FallbackNeutral {
        first: Some(Reply::Answer(gift)),
    };
    boundcheck::run_walk(
        &mut walk,
        &mut asker,
        &mut hooks,
        Mode {
            take_supplied: true,
            back_to_asked: false,
        },
    )
    .unwrap();
    let after = walk.assessment();
    assert_ne!(after.recommendation, before);
    assert!(after
        .answers
        .iter()
        .any(|a| a.id == "contact" && a.label.to_lowercase().contains("chance")));
}

/// Answers the first question it is asked with `first`, then neutrally.
struct FallbackNeutral {
    first: Option<Reply>,
}

impl Asker for FallbackNeutral {
    fn ask(
        &mut self,
        rules: &RuleSet,
        q: &boundcheck::rules::Question,
        _place: boundcheck::Place,
    ) -> anyhow::Result<Reply> {
        if let Some(r) = self.first.take() {
            return Ok(r);
        }
        let n = neutral(rules, &[]);
        Ok(n[rules.question_index(&q.id).unwrap()]
            .map(Reply::Answer)
            .unwrap_or(Reply::Quit))
    }
}
