//! `boundcheck practice` as a trainee uses it, through a pseudo-terminal at
//! 80×24: a directory over two sittings, retrying what was missed, scoring by
//! range and by reasons, Esc back to the previous scenario; and the report a
//! supervisor reads. The rules are the test's own (every bundled file
//! replaced, the bank's ids and answers kept), so no bundled rule text, finding
//! or logic is assumed.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use boundcheck::rules::model::Kind;
use boundcheck::rules::{Level, RuleSet};

use crate::common::*;

/// A question in our own words: id, prompt, (value, label)...
type Words = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);
/// A finding: id, level, when, because.
type TestFinding = (&'static str, &'static str, &'static str, &'static str);

/// Our own words for the questions the test's findings use.
const WORDS: &[Words] = &[
    (
        "contact",
        "What kind of contact is it?",
        &[("message", "A message"), ("gift", "A gift")],
    ),
    (
        "channel_approved",
        "Is the channel one your practice approved?",
        &[
            ("yes", "Yes, approved"),
            ("no", "No"),
            ("unsure", "Not sure"),
        ],
    ),
    (
        "after_hours",
        "Is it after hours?",
        &[("yes", "Yes, after hours"), ("no", "No, in working hours")],
    ),
    (
        "frequency",
        "How often does the client write?",
        &[
            ("none", "Never before"),
            ("occasional", "Now and then"),
            ("frequent", "Often"),
        ],
    ),
];

/// Findings by rationale file: (rationale id, [(finding id, level, when, because)]).
const FINDINGS: &[(&str, &[TestFinding])] = &[
    (
        "confidentiality",
        &[
            (
                "approved-channel",
                "proceed",
                "{contact: message, channel_approved: yes}",
                "An approved channel keeps the exchange private and on the record.",
            ),
            (
                "unapproved-channel",
                "consult",
                "{contact: message, not: {channel_approved: yes}}",
                "A channel nobody agreed to puts the client's privacy at risk.",
            ),
        ],
    ),
    (
        "dependency",
        &[(
            "frequent-messages",
            "consult",
            "{contact: message, frequency: frequent}",
            "Messages this often can become the centre of the therapy.",
        )],
    ),
    (
        "well_being",
        &[(
            "late-reply",
            "safeguards",
            "{contact: message, after_hours: yes}",
            "Replying late draws on reserves you need for every client.",
        )],
    ),
    (
        "dual_relationships",
        &[(
            "any-gift",
            "safeguards",
            "{contact: gift}",
            "A gift marks the relationship; notice what it means to the client.",
        )],
    ),
];

/// The bank with the bundled ids, kinds and answer values and our own words;
/// no `ask_when`, so only the questions our findings name come up.
fn bank() -> String {
    let mut y = String::from("id: questions\ntitle: Practice test bank\nquestions:\n");
    for q in &bundled().questions {
        let words = WORDS.iter().find(|w| w.0 == q.id);
        let prompt = words.map_or(format!("About {}?", q.id), |w| w.1.to_string());
        let kind = match q.kind {
            Kind::Choice => "choice",
            Kind::YesNo => "yes_no",
            Kind::YesNoUnsure => "yes_no_unsure",
            Kind::Number => "number",
        };
        let _ = writeln!(
            y,
            "  - id: {}\n    prompt: \"{prompt}\"\n    kind: {kind}",
            q.id
        );
        if q.kind == Kind::Number {
            let _ = writeln!(y, "    min: {}\n    max: {}", q.min, q.max);
            continue;
        }
        let _ = writeln!(y, "    answers:");
        for c in &q.choices {
            let label = words
                .and_then(|w| w.2.iter().find(|(v, _)| *v == c.value))
                .map_or(c.value.as_str(), |(_, l)| *l);
            let _ = writeln!(y, "      {}: \"{label}\"", c.value);
        }
    }
    y
}

/// Every bundled rationale file replaced: ours where the test has findings,
/// else one finding that never fires.
fn rationale_files(dir: &Path) {
    for r in &bundled().rationales {
        let ours = FINDINGS
            .iter()
            .find(|f| f.0 == r.id)
            .map_or(&[][..], |f| f.1);
        let mut y = format!(
            "id: {}\ntitle: \"Test {}\"\nabout: Test rationale.\nfindings:\n",
            r.id,
            r.id.replace('_', " ")
        );
        let unused = [(
            "never",
            "proceed",
            "{contact: message, not: {contact: message}}",
            "Never shown.",
        )];
        let list: &[TestFinding] = if ours.is_empty() { &unused } else { ours };
        for (id, level, when, because) in list {
            let id = if *id == "never" {
                format!("never-{}", r.id.replace('_', "-"))
            } else {
                id.to_string()
            };
            let _ = writeln!(
                y,
                "  - id: {id}\n    level: {level}\n    when: {when}\n    because: \"{because}\"\n    safeguards:\n      - Note it in the record.\n    reply: \"Thank you; let's talk about it when we meet.\""
            );
        }
        write(dir, &format!("{}.yaml", r.id), &y);
    }
}

/// A course: the test's rules, scenario files, and a data directory of its own.
struct Course {
    _dir: tempfile::TempDir,
    rules_dir: PathBuf,
    cases: PathBuf,
    data: PathBuf,
    rules: RuleSet,
}

fn course(scenarios: &[(&str, &str)]) -> Course {
    let dir = tempfile::tempdir().unwrap();
    let rules_dir = dir.path().join("rules");
    let cases = dir.path().join("cases");
    let data = dir.path().join("data");
    for d in [&rules_dir, &cases, &data] {
        std::fs::create_dir(d).unwrap();
    }
    write(&rules_dir, "questions.yaml", &bank());
    rationale_files(&rules_dir);
    for (name, text) in scenarios {
        write(&cases, name, text);
    }
    let rules = boundcheck::rules::load::with_overlays(bundled(), std::slice::from_ref(&rules_dir))
        .unwrap_or_else(|e| panic!("the test's rules load: {e}"));
    Course {
        _dir: dir,
        rules_dir,
        cases,
        data,
        rules,
    }
}

impl Course {
    /// `boundcheck practice` on `path` (the course's directory if `None`) with `flags`.
    fn practice(&self, path: Option<&Path>, flags: &[&str], plain: bool) -> Pty {
        let path = path.unwrap_or(&self.cases).to_str().unwrap().to_string();
        let rules = self.rules_dir.to_str().unwrap().to_string();
        let mut args = vec!["practice", &path, "--rules", &rules];
        if plain {
            args.push("--plain");
        }
        args.extend(flags);
        spawn_pty(
            &args,
            &[("XDG_DATA_HOME", self.data.to_str().unwrap())],
            (80, 24),
        )
    }

    /// The number a plain prompt takes for this answer.
    fn num(&self, question: &str, value: &str) -> String {
        let q = self.rules.question(question).unwrap();
        (usize::from(q.choice_index(value).unwrap()) + 1).to_string()
    }

    /// The plain-prompt numbers for answers `(question, value)` in the order
    /// they come up, then the prediction.
    fn replies(&self, answers: &[(&str, &str)], prediction: Level) -> Vec<String> {
        let mut out: Vec<String> = answers.iter().map(|(q, v)| self.num(q, v)).collect();
        out.push(prediction_number(prediction));
        out
    }
}

fn prediction_number(l: Level) -> String {
    (Level::ALL.iter().position(|x| *x == l).unwrap() + 1).to_string()
}

/// Text as read, whatever the line breaks.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Types each reply when a plain prompt asks for it.
fn type_replies(p: &mut Pty, replies: &[String]) {
    for r in replies {
        p.wait_for("Answer: ");
        p.send(&format!("{r}\r"));
    }
}

const TEXT: &str = "\
title: A text about Thursday
vignette: |
  A client writes on the practice app to move Thursday's session.
tags: [messages]
answers:
  contact: message
  channel_approved: yes
  after_hours: no
  frequency: occasional
expect:
  at_least: proceed
  at_most: safeguards
  findings: [approved-channel]
discussion: |
  An ordinary message, on the agreed channel.
";

const OFTEN: &str = "\
title: Daily messages
vignette: |
  A client who feels very attached writes most days, on the practice app.
tags: [messages, dependency]
answers:
  contact: message
  channel_approved: yes
  after_hours: no
  frequency: frequent
notes:
  frequency: \"He writes most days: 'sorry to bother you again'.\"
expect:
  recommendation: consult
  findings: [frequent-messages]
";

const GIFT: &str = "\
title: A small gift
vignette: |
  At the last session before a holiday, a client brings home baking.
tags: [gifts]
answers:
  contact: gift
expect:
  recommendation: safeguards
";

/// TEXT answered as its script, in the order the questions come up.
const TEXT_ANSWERS: &[(&str, &str)] = &[
    ("contact", "message"),
    ("channel_approved", "yes"),
    ("after_hours", "no"),
    ("frequency", "occasional"),
];

const OFTEN_ANSWERS: &[(&str, &str)] = &[
    ("contact", "message"),
    ("channel_approved", "yes"),
    ("after_hours", "no"),
    ("frequency", "frequent"),
];

#[test]
fn the_test_rules_score_the_scenarios_as_the_tests_expect() {
    let c = course(&[("a.yaml", TEXT), ("b.yaml", OFTEN), ("c.yaml", GIFT)]);
    for (text, level) in [
        (TEXT, Level::Proceed),
        (OFTEN, Level::Consult),
        (GIFT, Level::Safeguards),
    ] {
        let s = boundcheck::rules::Scenario::parse("t.yaml", text, &c.rules).unwrap();
        let a = boundcheck::rules::engine::assess_given(&c.rules, &s.supplied(&c.rules)).unwrap();
        assert_eq!(a.recommendation, level);
    }
}

#[test]
fn a_practice_stopped_with_ctrl_c_in_its_second_scenario_resumes_at_that_scenario() {
    let c = course(&[("a.yaml", TEXT), ("b.yaml", OFTEN), ("c.yaml", GIFT)]);
    // The first sitting: one scenario finished, Ctrl-C at the first question of the second.
    let mut p = c.practice(None, &[], true);
    p.wait_for("Scenario 1 of 3 · A text about Thursday");
    type_replies(&mut p, &c.replies(TEXT_ANSWERS, Level::Proceed));
    p.wait_for("What next?");
    type_replies(&mut p, &["1".into()]);
    p.wait_for("Scenario 2 of 3 · Daily messages");
    p.wait_for("Answer: ");
    p.send("\x03");
    let (out, code) = p.finish();
    assert_eq!(code, 130, "{out}");
    assert!(
        words(&out).contains("your progress is kept (1 of 3 scenarios finished)"),
        "{out}"
    );

    // The second sitting offers to resume at the second scenario.
    let mut p = c.practice(None, &[], true);
    p.wait_for("Resume at scenario 2 of 3");
    type_replies(&mut p, &["".into()]);
    p.wait_for("Scenario 2 of 3 · Daily messages");
    p.wait_for("Answer: ");
    p.send("\x03");
    let (out, code) = p.finish();
    assert_eq!(code, 130, "{out}");
    assert!(!out.contains("Scenario 1 of 3"), "{out}");

    // --resume goes there without asking, and the run ends with all three.
    let mut p = c.practice(None, &["--resume"], true);
    p.wait_for("Scenario 2 of 3 · Daily messages");
    type_replies(&mut p, &c.replies(OFTEN_ANSWERS, Level::Consult));
    p.wait_for("What next?");
    type_replies(&mut p, &["1".into()]);
    p.wait_for("Scenario 3 of 3 · A small gift");
    type_replies(
        &mut p,
        &c.replies(&[("contact", "gift")], Level::Safeguards),
    );
    p.wait_for("End of the run: 3 scenarios");
    let (out, code) = p.finish();
    assert_eq!(code, 0, "{out}");
    assert!(words(&out).contains("Nothing to look at again"), "{out}");
}

#[test]
fn a_prediction_inside_the_range_is_right_and_missed_reruns_only_the_missed_one() {
    let c = course(&[("a.yaml", TEXT), ("b.yaml", OFTEN)]);
    let mut p = c.practice(None, &[], true);
    // The script leads to Proceed; the range is Proceed to Proceed with safeguards.
    type_replies(&mut p, &c.replies(TEXT_ANSWERS, Level::Safeguards));
    p.wait_for("✓ Right: your prediction is in the expected range");
    p.wait_for("What next?");
    type_replies(&mut p, &["1".into()]);
    // Every answer as the script, the prediction two levels off.
    type_replies(&mut p, &c.replies(OFTEN_ANSWERS, Level::Proceed));
    p.wait_for("✗ Your prediction is outside the expected range.");
    p.wait_for("To look at again");
    p.wait_for("2. Daily messages");
    p.wait_for("--missed");
    let (out, code) = p.finish();
    assert_eq!(code, 0, "{out}");

    let mut p = c.practice(None, &["--missed"], true);
    p.wait_for("Daily messages");
    type_replies(&mut p, &c.replies(OFTEN_ANSWERS, Level::Consult));
    p.wait_for("End of the run: 1 scenario");
    let (out, code) = p.finish();
    assert_eq!(code, 0, "{out}");
    assert!(
        !out.contains("A text about Thursday"),
        "only the missed one: {out}"
    );

    // Nothing is missed now.
    let mut p = c.practice(None, &["--missed"], true);
    p.wait_for("Nothing to retry");
    let (out, code) = p.finish();
    assert_eq!(code, 0, "{out}");
}

#[test]
fn the_right_level_with_a_wrong_answer_misses_the_key_issue() {
    let c = course(&[("b.yaml", OFTEN)]);
    let file = c.cases.join("b.yaml");
    let mut p = c.practice(Some(&file), &[], true);
    // An unapproved channel also leads to Consult, but the key issue is how often he writes.
    let answers = [
        ("contact", "message"),
        ("channel_approved", "no"),
        ("after_hours", "no"),
        ("frequency", "occasional"),
    ];
    type_replies(&mut p, &c.replies(&answers, Level::Consult));
    p.wait_for("Right level, missed the key issue");
    let (out, code) = p.finish();
    assert_eq!(code, 0, "{out}");
    let shown = words(out.split("Right level").nth(1).unwrap());
    for said in [
        "“Messages this often can become the centre of the therapy” (Test dependency, Consult before acting) did not come up",
        "You and the scenario were both asked 4 questions, and answered 2 of them alike.",
        "Had you answered “Often” (the scenario's answer), your result would stay at",
        "The key issue you missed turns on this answer.",
        "Why the scenario answers so: He writes most days",
        "Scenario's only Test dependency · Consult before acting · the key issue",
    ] {
        assert!(shown.contains(said), "lacks {said:?}:\n{shown}");
    }
    assert!(!shown.contains("frequent-messages"), "no ids: {shown}");
}

#[test]
fn esc_at_the_first_question_of_a_later_scenario_goes_back_to_the_previous_one() {
    let c = course(&[("a.yaml", TEXT), ("c.yaml", GIFT)]);
    let mut p = c.practice(None, &[], false);
    let downs = |q: &str, v: &str| c.num(q, v).parse::<usize>().unwrap() - 1;
    for (q, v) in TEXT_ANSWERS {
        let prompt = c.rules.question(q).unwrap().prompt.clone();
        p.pick(&prompt, downs(q, v));
    }
    p.pick("What do you expect the recommendation to be?", 1);
    p.pick("What next?", 0);
    p.wait_for("Scenario 2 of 2 · A small gift");
    p.wait_for("What kind of contact is it?");
    p.wait_for(LIST_DRAWN);
    p.send(ESC);
    // Back at the first scenario, its answers and prediction kept.
    p.wait_for("Scenario 1 of 2 · A text about Thursday");
    p.wait_for("Back to this scenario: your answers are kept");
    p.wait_for("> Proceed with safeguards");
    p.send(ENTER);
    p.wait_for("✓ Right");
    p.pick("What next?", 0);
    p.pick("What kind of contact is it?", downs("contact", "gift"));
    p.pick("What do you expect the recommendation to be?", 1);
    p.wait_for("End of the run: 2 scenarios");
    let (out, code) = p.finish();
    assert_eq!(code, 0, "{out}");
}

/// The report with what changes from run to run put in words of its own.
fn normalised(report: &str, c: &Course) -> String {
    report
        .lines()
        .map(|l| {
            if l.starts_with("- Date: ") {
                "- Date: [date]".to_string()
            } else if l.starts_with("- Rule set: ") {
                "- Rule set: [version and digest]".to_string()
            } else {
                l.replace(c.cases.to_str().unwrap(), "[cases]")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_saved_report_is_one_a_supervisor_can_read() {
    let c = course(&[("a.yaml", TEXT), ("b.yaml", OFTEN)]);
    let report = c.data.join("report.md");
    let mut p = c.practice(None, &["--save", report.to_str().unwrap()], true);
    type_replies(&mut p, &c.replies(TEXT_ANSWERS, Level::Safeguards));
    p.wait_for("What next?");
    type_replies(&mut p, &["1".into()]);
    let answers = [
        ("contact", "message"),
        ("channel_approved", "no"),
        ("after_hours", "yes"),
        ("frequency", "occasional"),
    ];
    type_replies(&mut p, &c.replies(&answers, Level::Consult));
    p.wait_for("Saved your practice report");
    let (out, code) = p.finish();
    assert_eq!(code, 0, "{out}");
    let text = std::fs::read_to_string(&report).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&report).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    insta::assert_snapshot!("practice_report", normalised(&text, &c));
}

#[test]
fn retrying_the_missed_ones_part_way_keeps_the_place_in_the_whole_run() {
    let c = course(&[("a.yaml", TEXT), ("b.yaml", OFTEN), ("c.yaml", GIFT)]);
    let mut p = c.practice(None, &[], true);
    // Missed (two levels off), then "Stop here for now".
    type_replies(&mut p, &c.replies(TEXT_ANSWERS, Level::Consult));
    p.wait_for("What next?");
    type_replies(&mut p, &["2".into()]);
    p.wait_for("So far in this run: 1 of 3 scenarios finished");
    let (out, code) = p.finish();
    assert_eq!(code, 0, "{out}");
    assert!(
        words(&out).contains("offers to resume at scenario 2"),
        "{out}"
    );

    let mut p = c.practice(None, &["--missed"], true);
    p.wait_for("A text about Thursday");
    type_replies(&mut p, &c.replies(TEXT_ANSWERS, Level::Proceed));
    p.wait_for("End of the run: 1 scenario");
    let (out, code) = p.finish();
    assert_eq!(code, 0, "{out}");

    let mut p = c.practice(None, &[], true);
    p.wait_for("Resume at scenario 2 of 3");
    p.send("\x03");
    let (out, code) = p.finish();
    assert_eq!(code, 130, "{out}");
}

#[test]
fn a_comparison_longer_than_a_screen_ends_with_its_verdict_again() {
    // With the bundled rules, the comparison runs past 24 rows: its verdict
    // comes again at the foot, where the trainee's eye is.
    let data = tempfile::tempdir().unwrap();
    let mut p = spawn_pty(
        &["practice", "examples/01-reschedule-text.yaml", "--plain"],
        &[("XDG_DATA_HOME", data.path().to_str().unwrap())],
        (80, 24),
    );
    // No risk, then the first answer to every later question and the first
    // prediction (typed ahead: plain mode reads a line at a time).
    p.wait_for("Answer: ");
    p.send(&format!("4\r{}", "1\r".repeat(20)));
    p.wait_for("End of the run");
    let (out, _) = p.finish();
    let foot = &out[out.find("In short").expect("a verdict at the foot")..];
    let block: Vec<&str> = foot
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(
        block.join("\n"),
        "In short\n  ◐ Right level, missed the key issue: on your answers, “Times, rescheduling and\n    payment on an approved channel are part of ordinary practice” (Protecting\n    confidentiality, Proceed) did not come up. You predicted Proceed; the\n    scenario expects Proceed."
    );
}
