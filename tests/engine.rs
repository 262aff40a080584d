//! The engine's own rules: the walk, the most serious level, what would change,
//! going back, and properties over random answers.

use boundcheck::answer::{Answer, Answers};
use boundcheck::engine;
use boundcheck::level::Level;
use boundcheck::rules::{Kind, RuleSet};
use boundcheck::session::{self, Interrupted, Reply, Script};
use proptest::prelude::*;

fn rules() -> &'static RuleSet {
    crate::common::bundled()
}

fn given(pairs: &[(&str, &str)]) -> Answers {
    crate::common::answers(rules(), pairs)
}

fn choice(v: &str) -> Reply {
    Reply::Answer(Answer::choice(v))
}

#[test]
fn an_emergency_stops_the_questions() {
    let mut script = Script::new([choice("yes")]);
    let asked = session::collect(rules(), &Answers::new(), &mut script).unwrap();
    assert_eq!(script.asked, ["imminent_risk"]);
    assert_eq!(
        engine::assess(rules(), &asked, &asked).recommendation,
        Level::Emergency
    );
}

#[test]
fn the_recommendation_is_the_most_serious_finding() {
    // A substantial gift (decline) from a client you feel flattered by (consult).
    let a = engine::assess_given(
        rules(),
        &given(&[
            ("imminent_risk", "no"),
            ("client_status", "current"),
            ("contact", "gift"),
            ("initiated_by", "client"),
            ("frequency", "none"),
            ("gift_value", "substantial"),
            ("cultural_meaning", "no"),
            ("clinical_rationale", "no"),
            ("personal_interest", "yes"),
            ("client_vulnerability", "no"),
            ("therapist_depleted", "no"),
            ("policy_covers", "yes"),
        ]),
    )
    .unwrap();
    let levels: Vec<Level> = a.findings.iter().map(|f| f.finding.level).collect();
    assert!(
        levels.contains(&Level::Consult) && levels.contains(&Level::Decline),
        "{levels:?}"
    );
    assert_eq!(a.recommendation, Level::Decline);
    assert_eq!(levels[0], Level::Decline, "most serious finding first");
}

#[test]
fn given_answers_are_not_asked_and_unasked_ones_are_dropped() {
    let pre = given(&[
        ("imminent_risk", "no"),
        ("client_status", "current"),
        ("gift_value", "token"),
    ]);
    let mut script = Script::new(
        [
            "message",
            "client",
            "logistics",
            "yes",
            "no",
            "none",
            "no",
            "no",
            "no",
            "yes",
        ]
        .map(choice),
    );
    let asked = session::collect(rules(), &pre, &mut script).unwrap();
    assert_eq!(script.asked.first().map(String::as_str), Some("contact"));
    assert!(
        !asked.contains("gift_value"),
        "an answer to a question not asked is ignored"
    );
    assert!(
        !asked.contains("clinical_rationale"),
        "not asked for a logistics message"
    );
}

#[test]
fn esc_goes_back_and_the_changed_answer_changes_the_outcome() {
    // Answer "current", then Esc at contact to go back and answer "former" instead:
    // months_since_end is now asked.
    let mut script = Script::new([
        choice("no"),
        choice("current"),
        Reply::Back,
        choice("former"),
        Reply::Answer(Answer::Number(6)),
        choice("romantic"),
        choice("client"),
        choice("apa"),
    ]);
    let asked = session::collect(rules(), &Answers::new(), &mut script).unwrap();
    assert_eq!(
        script.asked,
        [
            "imminent_risk",
            "client_status",
            "contact",
            "client_status",
            "months_since_end",
            "contact",
            "initiated_by",
            "ethics_code"
        ]
    );
    assert_eq!(asked.get("client_status"), Some(&Answer::choice("former")));
    assert_eq!(
        engine::assess(rules(), &asked, &asked).recommendation,
        Level::Prohibited
    );
}

#[test]
fn esc_at_the_first_question_quits() {
    let mut script = Script::new([Reply::Back]);
    let err = session::collect(rules(), &Answers::new(), &mut script).unwrap_err();
    assert!(err.downcast_ref::<Interrupted>().is_some());
}

#[test]
fn what_would_change_names_the_two_year_line_and_is_true() {
    let inputs = given(&[
        ("imminent_risk", "no"),
        ("client_status", "former"),
        ("months_since_end", "30"),
        ("contact", "romantic"),
        ("initiated_by", "client"),
        ("ethics_code", "apa"),
    ]);
    let a = engine::assess_given(rules(), &inputs).unwrap();
    assert_eq!(a.recommendation, Level::Decline);
    let months = a
        .what_would_change
        .iter()
        .find(|c| c.question == "months_since_end")
        .expect("the window is named");
    assert_eq!(months.answer, Answer::Number(23));
    assert_eq!(months.recommendation, Level::Prohibited);
    assert!(a
        .what_would_change
        .iter()
        .any(|c| c.question == "ethics_code" && c.answer == Answer::choice("nasw")));
    replay_is_true(&inputs, &a);
}

fn replay_is_true(inputs: &Answers, a: &engine::Assessment<'_>) {
    for c in &a.what_would_change {
        let mut changed = inputs.overlaid(&a.answers);
        changed.set(&c.question, c.answer.clone());
        let replay =
            engine::assess_given(rules(), &changed).expect("a listed change needs no new answer");
        assert_eq!(replay.recommendation, c.recommendation, "{c:?}");
        assert_ne!(replay.recommendation, a.recommendation);
    }
}

/// Any answer for any question, drawn from its domain (numbers near the rules' thresholds or anywhere).
fn arbitrary_answers() -> impl Strategy<Value = Answers> {
    let qs: Vec<_> = rules().questions.iter().collect();
    let per_question: Vec<BoxedStrategy<Option<Answer>>> = qs
        .iter()
        .map(|q| {
            let s: BoxedStrategy<Answer> = match q.kind {
                Kind::Number => prop_oneof![
                    (q.min..=q.max).prop_map(Answer::Number),
                    prop::sample::select(vec![0i64, 23, 24, 59, 60, 61]).prop_map(Answer::Number),
                ]
                .boxed(),
                _ => prop::sample::select(
                    q.values().into_iter().map(String::from).collect::<Vec<_>>(),
                )
                .prop_map(Answer::Choice)
                .boxed(),
            };
            // Mostly answered; sometimes missing, to exercise "no answer".
            prop_oneof![9 => s.prop_map(Some), 1 => Just(None)].boxed()
        })
        .collect();
    per_question.prop_map(move |values| {
        let mut a = Answers::new();
        for (q, v) in qs.iter().zip(values) {
            if let Some(v) = v {
                a.set(&q.id, v);
            }
        }
        a
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn properties_of_every_assessment(inputs in arbitrary_answers()) {
        let walk = engine::walk(rules(), &inputs);
        if !walk.missing.is_empty() {
            // Every missing question was asked and had no answer.
            for m in &walk.missing {
                prop_assert!(!inputs.contains(m));
            }
            return Ok(());
        }
        let a = engine::assess(rules(), &inputs, &walk.asked);
        // The recommendation is the most serious finding, or proceed.
        let top = a.findings.iter().map(|f| f.finding.level).max().unwrap_or(Level::Proceed);
        prop_assert_eq!(a.recommendation, top);
        // Above proceed, a finding explains it.
        if a.recommendation > Level::Proceed {
            prop_assert!(!a.findings.is_empty());
        }
        // An emergency asks nothing more.
        if a.recommendation == Level::Emergency {
            prop_assert_eq!(a.answers.len(), 1);
        }
        // Every answer in the output was asked, in its question's domain.
        for (id, ans) in a.answers.iter() {
            let q = rules().question(id).unwrap();
            prop_assert!(q.parse_answer(&ans.to_string()).is_ok());
            prop_assert_eq!(inputs.get(id), Some(ans));
        }
        // What would change is true when replayed.
        for c in &a.what_would_change {
            let mut changed = inputs.clone();
            changed.set(&c.question, c.answer.clone());
            let replay = engine::assess_given(rules(), &changed);
            prop_assert!(replay.is_ok());
            prop_assert_eq!(replay.unwrap().recommendation, c.recommendation);
        }
        // The same input gives the same output.
        let again = engine::assess(rules(), &inputs, &walk.asked);
        prop_assert_eq!(&again.what_would_change, &a.what_would_change);
        prop_assert_eq!(again.findings.len(), a.findings.len());
    }
}

#[test]
fn the_build_time_snapshot_is_the_rule_set_the_yaml_gives() {
    let from_yaml = RuleSet::bundled_from_yaml().unwrap();
    let snapshot = RuleSet::bundled().unwrap();
    assert_eq!(format!("{snapshot:?}"), format!("{from_yaml:?}"));
    assert_eq!(snapshot.digest, from_yaml.digest);
    assert!(!snapshot.findings.is_empty());
}

#[test]
fn what_would_change_finds_the_line_an_at_most_rule_draws() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.yaml");
    std::fs::write(
        &policy,
        "id: our_policy\nfindings:\n  - id: too-soon-for-friendship\n    level: decline\n    when:\n      contact: social\n      months_since_end: {at_most: 12}\n    because: Within a year of ending, we say no.\n",
    )
    .unwrap();
    let rules = RuleSet::load(&[policy]).unwrap();
    let inputs = crate::common::answers(
        &rules,
        &[
            ("imminent_risk", "no"),
            ("client_status", "former"),
            ("months_since_end", "6"),
            ("contact", "social"),
            ("initiated_by", "client"),
            ("others_aware", "no"),
            ("clinical_rationale", "no"),
            ("unavoidable", "no"),
            ("personal_interest", "no"),
            ("client_vulnerability", "no"),
            ("therapist_depleted", "no"),
            ("policy_covers", "yes"),
        ],
    );
    let a = engine::assess_given(&rules, &inputs).unwrap();
    assert_eq!(a.recommendation, Level::Decline);
    let months: Vec<_> = a
        .what_would_change
        .iter()
        .filter(|c| c.question == "months_since_end")
        .collect();
    assert_eq!(months.len(), 1, "{months:?}");
    assert_eq!(
        months[0].answer,
        Answer::Number(13),
        "the first month past the line"
    );
    assert!(months[0].recommendation < Level::Decline);
}
