//! `teach` and `practice` logic with a scripted answer source, and `teach --no-pause` end to end.

use boundcheck::answer::{Answer, Answers};
use boundcheck::cmd::{practice, teach};
use boundcheck::rules::RuleSet;
use boundcheck::session::{Reply, Script, Step};

use crate::common::*;

fn rules() -> &'static RuleSet {
    bundled()
}

/// One example scenario, loaded as `teach` and `practice` load it.
fn example(name: &str) -> Vec<(std::path::PathBuf, boundcheck::scenario::Scenario)> {
    teach::load_scenarios(
        bundled(),
        &Answers::new(),
        &root().join("examples").join(name),
    )
    .unwrap()
}

/// Choices to give at the prompts, in order.
fn choices(values: &[&str]) -> Vec<Reply> {
    values
        .iter()
        .map(|v| Reply::Answer(Answer::choice(v)))
        .collect()
}

#[test]
fn teach_no_pause_walks_a_lesson_in_order() {
    let r = run(&["teach", "examples", "--no-pause"]);
    r.ok();
    let first = r.stdout.find("Scenario 1 of").expect("numbered scenarios");
    let second = r.stdout.find("Scenario 2 of").unwrap();
    assert!(first < second);
    assert!(r.stdout.contains("RECOMMENDATION") && r.stdout.contains("FOR DISCUSSION"));
    assert!(r.stdout.contains("⚑"), "findings appear as they fire");
}

#[test]
fn teach_needs_a_terminal_unless_no_pause() {
    let r = run(&["teach", "examples/01-reschedule-text.yaml"]);
    r.bad_input();
    assert!(r.stderr.contains("--no-pause"));
}

#[test]
fn teach_what_if_reaches_a_new_outcome() {
    let rules = rules();
    let scenarios = example("14-friend-request-current-client.yaml");
    let mut script = Script::new([Reply::Answer(Answer::choice("chance_encounter"))]);
    // begin, imminent_risk, client_status, then change the contact.
    script
        .steps
        .extend([Step::Continue, Step::Continue, Step::Continue, Step::Change]);
    // the chance encounter opens `unavoidable`, which the script answers too
    script
        .replies
        .push_back(Reply::Answer(Answer::choice("no")));
    teach::teach_all(rules, &scenarios, &mut script).unwrap();
    assert!(script.shown.contains("What if:"), "{}", script.shown);
    assert!(script.shown.contains("WHAT IF"), "{}", script.shown);
    assert!(
        script.shown.contains("With the scripted answers: Decline"),
        "{}",
        script.shown
    );
}

#[test]
fn practice_reports_differences_and_the_prediction() {
    let rules = rules();
    let scenarios = example("01-reschedule-text.yaml");
    // The trainee hears an after-hours personal message where the scenario has logistics.
    let mut script = Script::new(choices(&[
        "no",
        "current",
        "message",
        "client",
        "personal",
        "yes",
        "yes",
        "occasional",
        "no",
        "no",
        "no",
        "no",
        "yes",
        "consult",
    ]));
    let report = practice::practice_all(rules, &scenarios, &mut script).unwrap();
    assert!(
        script.shown.contains("Where your answers differ"),
        "{}",
        script.shown
    );
    assert!(script.shown.contains("What is it mainly about?"));
    assert!(
        script.shown.contains("Scenario: Logistics"),
        "{}",
        script.shown
    );
    assert!(
        script.shown.contains("On its own, this answer"),
        "{}",
        script.shown
    );
    assert!(script.shown.contains("Your prediction differs"));
    assert!(
        report.contains("Prediction: Consult before acting (did not match)"),
        "{report}"
    );
    assert!(report.contains("You predicted 0 of 1"));
}

#[test]
fn esc_at_the_prediction_goes_back_to_the_last_question() {
    let rules = rules();
    let scenarios = example("01-reschedule-text.yaml");
    let mut replies = choices(&[
        "no",
        "current",
        "message",
        "client",
        "logistics",
        "yes",
        "no",
        "occasional",
        "no",
        "no",
        "no",
        "no",
    ]);
    replies.push(Reply::Back); // at the prediction: back to the policy question
                               // answer it again, differently, then predict
    replies.extend(choices(&["yes", "proceed"]));
    let mut script = Script::new(replies);
    practice::practice_all(rules, &scenarios, &mut script).unwrap();
    assert_eq!(
        script
            .asked
            .iter()
            .filter(|q| *q == "policy_covers")
            .count(),
        2,
        "{:?}",
        script.asked
    );
    assert!(
        script
            .shown
            .contains("You answered every question as the scenario does"),
        "{}",
        script.shown
    );
}

#[test]
fn stepping_back_in_teach_does_not_show_a_finding_twice() {
    let rules = rules();
    let scenarios = example("14-friend-request-current-client.yaml");
    let mut script = Script::new([]);
    // begin, then Continue through every step, stepping Back once near the end.
    script.steps.extend([Step::Continue; 9]);
    script.steps.push_back(Step::Back);
    teach::teach_all(rules, &scenarios, &mut script).unwrap();
    // Shown at step 4 (who started it); stepping back from step 9 to 8 must
    // not show it again. A finding due at the step you return to is shown again,
    // with that step.
    let times = script
        .shown
        .matches("(social-media-friend-request)")
        .count();
    assert_eq!(times, 1, "shown {times} times:\n{}", script.shown);
}
