//! The engine's own rules: the walk (P11 included), the most serious level,
//! what would change, going back, the snapshot, and properties over random answers.

use boundcheck::rules::engine;
use boundcheck::rules::model::{Kind, RuleSet, Value};
use boundcheck::rules::Level;
use boundcheck::{Mode, Outcome, Reply, Script, Walk};
use proptest::prelude::*;

use crate::common::*;

fn rules() -> &'static RuleSet {
    bundled()
}

fn choice(rules: &RuleSet, q: &str, v: &str) -> Reply {
    let qi = rules.question_index(q).unwrap();
    Reply::Answer(rules.questions[qi].parse_value(v).unwrap())
}

/// Walks with a script of replies to the questions, in order.
fn walk_with(
    supplied: boundcheck::rules::Sheet,
    replies: Vec<Reply>,
) -> (Walk<'static>, Script, Outcome) {
    let mut walk = Walk::new(rules(), supplied);
    let mut script = Script::new(replies);
    let outcome = boundcheck::run_walk(
        &mut walk,
        &mut script,
        &mut NoHooks,
        Mode {
            take_supplied: true,
            back_to_asked: true,
        },
    )
    .unwrap();
    (walk, script, outcome)
}

struct NoHooks;
impl boundcheck::Hooks for NoHooks {}

#[test]
fn an_emergency_stops_the_questions() {
    let r = rules();
    let (walk, script, _) = walk_with(r.sheet(), vec![choice(r, "imminent_risk", "yes")]);
    assert_eq!(script.asked, ["imminent_risk"]);
    assert_eq!(walk.assessment().recommendation, Level::Emergency);
}

#[test]
fn the_recommendation_is_the_most_serious_finding() {
    // A substantial gift (decline) from a client you feel flattered by (consult).
    let a = assess(&[
        ("contact", "gift"),
        ("gift_value", "substantial"),
        ("personal_interest", "yes"),
    ]);
    let levels: Vec<Level> = a.findings.iter().map(|f| f.level).collect();
    assert!(
        levels.contains(&Level::Consult) && levels.contains(&Level::Decline),
        "{levels:?}"
    );
    assert_eq!(a.recommendation, Level::Decline);
    assert!(
        levels.windows(2).all(|w| w[0] >= w[1]),
        "most serious first: {levels:?}"
    );
}

#[test]
fn given_answers_are_not_asked_and_unasked_ones_are_dropped() {
    let r = rules();
    let pre = sheet(
        r,
        &[
            ("imminent_risk", "no"),
            ("client_status", "current"),
            ("gift_value", "token"),
        ],
    );
    // Whatever comes up is answered neutrally.
    let n = neutral(r, &[("contact", "message")]);
    let mut walk = Walk::new(r, pre);
    let mut script = AnswerById {
        neutral: n,
        asked: Vec::new(),
    };
    boundcheck::run_walk(
        &mut walk,
        &mut script,
        &mut NoHooks,
        Mode {
            take_supplied: true,
            back_to_asked: true,
        },
    )
    .unwrap();
    assert_eq!(script.asked.first().map(String::as_str), Some("contact"));
    let a = walk.assessment();
    assert!(
        !a.answers.iter().any(|x| x.id == "gift_value"),
        "an answer to a question not asked is ignored"
    );
    assert!(
        !a.answers.iter().any(|x| x.id == "clinical_rationale"),
        "not asked for a logistics message"
    );
}

/// Answers each question from a sheet, recording what was asked.
struct AnswerById {
    neutral: boundcheck::rules::Sheet,
    asked: Vec<String>,
}

impl boundcheck::Asker for AnswerById {
    fn ask(
        &mut self,
        rules: &RuleSet,
        q: &boundcheck::rules::Question,
        _place: boundcheck::Place,
    ) -> anyhow::Result<Reply> {
        self.asked.push(q.id.clone());
        let i = rules.question_index(&q.id).unwrap();
        Ok(self.neutral[i].map(Reply::Answer).unwrap_or(Reply::Quit))
    }
}

/// Replies by question id, each in turn; records what was asked.
struct ById {
    replies: std::collections::HashMap<String, std::collections::VecDeque<Reply>>,
    asked: Vec<String>,
}

impl boundcheck::Asker for ById {
    fn ask(
        &mut self,
        _rules: &RuleSet,
        q: &boundcheck::rules::Question,
        _place: boundcheck::Place,
    ) -> anyhow::Result<Reply> {
        self.asked.push(q.id.clone());
        Ok(self
            .replies
            .get_mut(&q.id)
            .and_then(|r| r.pop_front())
            .unwrap_or(Reply::Quit))
    }
}

#[test]
fn esc_goes_back_and_the_changed_answer_changes_the_outcome() {
    // Answer "current", then Esc at contact to go back and answer "former"
    // instead: months_since_end is now asked, and romance is no longer prohibited.
    let r = rules();
    let mut replies: std::collections::HashMap<String, std::collections::VecDeque<Reply>> =
        Default::default();
    let mut add = |id: &str, list: Vec<Reply>| {
        replies.insert(id.to_string(), list.into());
    };
    add("imminent_risk", vec![choice(r, "imminent_risk", "no")]);
    add(
        "client_status",
        vec![
            choice(r, "client_status", "current"),
            choice(r, "client_status", "former"),
        ],
    );
    add(
        "contact",
        vec![Reply::Back, choice(r, "contact", "romantic")],
    );
    add("months_since_end", vec![Reply::Answer(Value::Number(30))]);
    add("initiated_by", vec![choice(r, "initiated_by", "client")]);
    add("ethics_code", vec![choice(r, "ethics_code", "apa")]);
    let mut asker = ById {
        replies,
        asked: Vec::new(),
    };
    let mut walk = Walk::new(r, r.sheet());
    boundcheck::run_walk(
        &mut walk,
        &mut asker,
        &mut NoHooks,
        Mode {
            take_supplied: true,
            back_to_asked: true,
        },
    )
    .unwrap();
    assert_eq!(
        &asker.asked[..5],
        [
            "imminent_risk",
            "client_status",
            "contact",
            "client_status",
            "months_since_end"
        ]
    );
    let a = walk.assessment();
    assert!(a.answers.iter().any(|x| x.id == "client_status"
        && x.answer == boundcheck::rules::Answer::Choice("former".into())));
    assert_eq!(
        a.recommendation,
        Level::Decline,
        "APA, 30 months after the end"
    );
}

#[test]
fn esc_at_the_first_question_goes_back_past_the_start() {
    let (_, _, outcome) = walk_with(rules().sheet(), vec![Reply::Back]);
    assert_eq!(outcome, Outcome::BackPastStart);
}

#[test]
fn what_would_change_names_the_two_year_line_and_is_true() {
    let r = rules();
    let inputs = neutral(
        r,
        &[
            ("client_status", "former"),
            ("months_since_end", "30"),
            ("contact", "romantic"),
        ],
    );
    let a = engine::assess_given(r, &inputs).unwrap();
    assert_eq!(a.recommendation, Level::Decline);
    let months = a
        .what_would_change
        .iter()
        .find(|c| c.question == "months_since_end")
        .expect("the window is named");
    assert_eq!(months.answer, boundcheck::rules::Answer::Number(23));
    assert_eq!(months.recommendation, Level::Prohibited);
    assert!(a
        .what_would_change
        .iter()
        .any(|c| c.question == "ethics_code"
            && c.answer == boundcheck::rules::Answer::Choice("nasw".into())));
    replay_is_true(r, &inputs, &a);
}

fn replay_is_true(r: &RuleSet, inputs: &boundcheck::rules::Sheet, a: &engine::Assessment) {
    for c in &a.what_would_change {
        let q = r.question_index(&c.question).unwrap();
        let mut changed = inputs.clone();
        changed[q] = r.questions[q].value_of(&c.answer);
        let replay = engine::assess_given(r, &changed).expect("neutral inputs answer everything");
        assert_eq!(replay.recommendation, c.recommendation, "{c:?}");
        assert_ne!(replay.recommendation, a.recommendation);
    }
}

/// Any answer for any question, drawn from its domain (numbers near the rules' thresholds or anywhere).
fn arbitrary_sheet() -> impl Strategy<Value = boundcheck::rules::Sheet> {
    let per_question: Vec<BoxedStrategy<Option<Value>>> = rules()
        .questions
        .iter()
        .map(|q| {
            let s: BoxedStrategy<Value> = match q.kind {
                Kind::Number => prop_oneof![
                    (q.min..=q.max).prop_map(Value::Number),
                    prop::sample::select(vec![0i64, 23, 24, 59, 60, 61]).prop_map(Value::Number),
                ]
                .boxed(),
                _ => prop::sample::select(q.all_choices().collect::<Vec<_>>()).boxed(),
            };
            // Mostly answered; sometimes missing, to exercise "no answer".
            prop_oneof![9 => s.prop_map(Some), 1 => Just(None)].boxed()
        })
        .collect();
    per_question
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn properties_of_every_assessment(inputs in arbitrary_sheet()) {
        let r = rules();
        let walk = engine::walk(r, &inputs);
        // Every missing question came up and had no answer, and no default.
        for &m in &walk.missing {
            prop_assert!(inputs[m].is_none() && r.questions[m].default.is_none());
        }
        if !walk.missing.is_empty() {
            return Ok(());
        }
        let a = engine::assess(r, &inputs, &walk);
        let top = a.findings.iter().map(|f| f.level).max().unwrap_or(Level::Proceed);
        prop_assert_eq!(a.recommendation, top);
        // The quick paths (gates, most serious first) agree with trying every finding.
        let every: Vec<usize> = (0..r.findings.len()).filter(|&i| r.findings[i].when.holds(&walk.sheet)).collect();
        let mut fired = engine::fired(r, &walk.sheet);
        fired.sort_unstable();
        prop_assert_eq!(fired, every.clone());
        let most = every.iter().map(|&i| r.findings[i].level).max().unwrap_or(Level::Proceed);
        prop_assert_eq!(engine::level(r, &walk.sheet), most);
        if a.recommendation > Level::Proceed {
            prop_assert!(!a.findings.is_empty());
        }
        // An emergency asks nothing more.
        if a.recommendation == Level::Emergency {
            let last = *walk.order.last().unwrap();
            let mut before = walk.sheet.clone();
            before[last] = None;
            prop_assert!(!r.emergency(&before), "the walk went on after an emergency");
        }
        // Every answer in the output was supplied (or a default), in its question's domain.
        for (&q, x) in walk.order.iter().zip(&a.answers) {
            let expected = inputs[q].or(r.questions[q].default).map(|v| r.questions[q].answer(v));
            prop_assert_eq!(Some(&x.answer), expected.as_ref());
        }
        // P11 never changes what fires: the walk without skipping fires the same.
        let mut plain = r.sheet();
        for q in 0..r.questions.len() {
            if r.emergency(&plain) { break; }
            if r.questions[q].ask_when.holds(&plain) {
                plain[q] = inputs[q].or(r.questions[q].default);
            }
        }
        prop_assert_eq!(engine::fired(r, &plain), engine::fired(r, &walk.sheet));
        // What would change is true when replayed.
        for c in &a.what_would_change {
            let q = r.question_index(&c.question).unwrap();
            let mut changed = inputs.clone();
            changed[q] = r.questions[q].value_of(&c.answer);
            let w = engine::walk(r, &changed);
            if w.missing.is_empty() {
                prop_assert_eq!(engine::level(r, &w.sheet), c.recommendation);
            }
        }
        // The same input gives the same output.
        prop_assert_eq!(engine::assess(r, &inputs, &walk), a);
    }

    #[test]
    fn the_answer_loop_walks_as_the_engine_does(inputs in arbitrary_sheet()) {
        let r = rules();
        let w = engine::walk(r, &inputs);
        prop_assume!(w.missing.is_empty());
        let mut walk = Walk::new(r, inputs.clone());
        let mut nobody = Script::new([]);
        boundcheck::run_walk(&mut walk, &mut nobody, &mut NoHooks, Mode { take_supplied: true, back_to_asked: true }).unwrap();
        prop_assert_eq!(&walk.walked().order, &w.order);
        prop_assert_eq!(walk.assessment(), engine::assess(r, &inputs, &w));
    }
}

#[test]
fn the_shipped_snapshot_decodes_and_is_the_rule_set_the_yaml_gives() {
    let from_yaml = boundcheck::rules::load::bundled_from_yaml().unwrap();
    let snapshot = boundcheck::bundled().expect("the snapshot decodes");
    assert!(!snapshot.findings.is_empty() && !snapshot.questions.is_empty());
    assert_eq!(snapshot.digest, from_yaml.digest);
    assert_eq!(
        format!("{:?}", snapshot.questions),
        format!("{:?}", from_yaml.questions)
    );
    assert_eq!(
        format!("{:?}", snapshot.findings),
        format!("{:?}", from_yaml.findings)
    );
    // Its P11 tables are filled, and agree with the ones the YAML builds lazily.
    for q in 0..snapshot.questions.len() {
        for sheet in [snapshot.sheet(), neutral(&snapshot, &[])] {
            assert_eq!(
                snapshot.tables.matters(&snapshot, q, &sheet),
                from_yaml.tables.matters(&from_yaml, q, &sheet)
            );
        }
    }
}

#[test]
fn an_empty_or_damaged_snapshot_is_refused() {
    assert!(boundcheck::rules::bundled::from_snapshot(&[]).is_err());
    assert!(boundcheck::rules::bundled::from_snapshot(&[1, 2, 3]).is_err());
}

#[test]
fn what_would_change_finds_the_line_an_at_most_rule_draws() {
    let dir = tempfile::tempdir().unwrap();
    let policy = write(
        dir.path(),
        "policy.yaml",
        "id: our_policy\nfindings:\n  - id: too-soon-for-friendship\n    level: decline\n    when:\n      contact: social\n      months_since_end: {at_most: 12}\n    because: Within a year of ending, we say no.\n",
    );
    let r = boundcheck::rules::load::with_overlays(bundled(), &[policy]).unwrap();
    let inputs = neutral(
        &r,
        &[
            ("client_status", "former"),
            ("months_since_end", "6"),
            ("contact", "social"),
        ],
    );
    let a = engine::assess_given(&r, &inputs).unwrap();
    assert_eq!(a.recommendation, Level::Decline);
    let months: Vec<_> = a
        .what_would_change
        .iter()
        .filter(|c| c.question == "months_since_end")
        .collect();
    assert_eq!(months.len(), 1, "{months:?}");
    assert_eq!(
        months[0].answer,
        boundcheck::rules::Answer::Number(13),
        "the first month past the line"
    );
    assert!(months[0].recommendation < Level::Decline);
}

#[test]
fn a_question_that_cannot_change_a_finding_is_not_asked() {
    // A token gift: how often the client contacts you between sessions changes nothing.
    let r = rules();
    let w = engine::walk(r, &neutral(r, &[("contact", "gift")]));
    let asked: Vec<&str> = w
        .order
        .iter()
        .map(|&q| r.questions[q].id.as_str())
        .collect();
    assert!(!asked.contains(&"frequency"), "{asked:?}");
    assert!(asked.contains(&"gift_value"), "{asked:?}");
}
