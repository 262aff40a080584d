//! `teach` as a presenter uses it: through a pseudo-terminal at 80×24, one
//! cleared screen per step, clicker keys, Esc back, votes, what-ifs; the
//! exported handout, key and slides; and `rules graph`. Expectations come
//! from the engine, not from rule texts (which are being rewritten).

use std::path::{Path, PathBuf};

use boundcheck::rules::engine::{self, Assessment, Walked};
use boundcheck::rules::{Level, RuleSet, Scenario, Sheet};

use crate::common::*;

const FOOT: &str = "q: quit";
const RIGHT: &str = "\x1b[C";
const LEFT: &str = "\x1b[D";
const PAGE_DOWN: &str = "\x1b[6~";
const PAGE_UP: &str = "\x1b[5~";
const BACKSPACE: &str = "\x7f";

/// A scenario file as teach plays it: its answers, its walk, its result.
struct Case {
    path: PathBuf,
    supplied: Sheet,
    walked: Walked,
    result: Assessment,
}

fn case(path: &Path) -> Case {
    let rules = bundled();
    let s = Scenario::load(path, rules).expect("the example loads");
    let supplied = s.supplied(rules);
    let walked = engine::walk(rules, &supplied);
    assert!(walked.missing.is_empty(), "{} is complete", path.display());
    let result = engine::assess(rules, &supplied, &walked);
    Case {
        path: path.to_path_buf(),
        supplied,
        walked,
        result,
    }
}

fn example(name: &str) -> Case {
    case(&root().join("examples").join(name))
}

fn examples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    v.sort();
    v
}

/// The first words of a question's prompt as its step shows it ("3. What kind").
fn numbered(rules: &RuleSet, q: usize, n: usize) -> String {
    let words: Vec<&str> = rules.questions[q]
        .prompt
        .split_whitespace()
        .take(3)
        .collect();
    format!("{n}. {}", words.join(" "))
}

/// What is on the window now: the text after the last clear-screen, with
/// colour sequences removed and line ends as `\n`.
fn last_screen(seen: &str) -> String {
    let start = seen
        .rfind("\x1b[2J")
        .map(|i| i + 4)
        .unwrap_or_else(|| panic!("no cleared screen in {seen:?}"));
    console::strip_ansi_codes(&seen[start..])
        .replace("\r\n", "\n")
        .to_string()
}

/// A screen fits a window of 80×24: no line wider, no more lines.
fn assert_fits(screen: &str) {
    let lines: Vec<&str> = screen.trim_end_matches('\n').split('\n').collect();
    assert!(lines.len() <= 24, "{} lines:\n{screen}", lines.len());
    for l in &lines {
        assert!(
            console::measure_text_width(l) <= 80,
            "a line wider than 80 columns: {l:?}\n{screen}"
        );
    }
}

/// teach in a pseudo-terminal, one screen at a time.
struct Class {
    p: Pty,
}

impl Class {
    fn start(args: &[&str]) -> Class {
        Class::start_with(args, &[])
    }

    fn start_with(args: &[&str], env: &[(&str, &str)]) -> Class {
        let mut all = vec!["teach"];
        all.extend_from_slice(args);
        let mut p = spawn_pty(&all, env, (80, 24));
        p.wait_for(FOOT);
        Class { p }
    }

    fn screen(&self) -> String {
        last_screen(&self.p.seen)
    }

    /// Presses a key and returns the screen it leads to.
    fn press(&mut self, key: &str) -> String {
        self.p.send(key);
        self.p.wait_for(FOOT);
        let s = self.screen();
        assert_fits(&s);
        s
    }

    /// Presses `key` until the screen says `text` (at most `max` times).
    fn until(&mut self, key: &str, text: &str, max: usize) -> String {
        for _ in 0..max {
            let s = self.press(key);
            if s.contains(text) {
                return s;
            }
        }
        panic!("{text:?} not reached:\n{}", self.screen());
    }

    fn presses(&mut self, key: &str, n: usize) -> String {
        for _ in 0..n {
            self.press(key);
        }
        self.screen()
    }

    fn quit(mut self) -> i32 {
        self.p.send("q");
        let (out, code) = self.p.finish();
        assert_eq!(code, 0, "q ends the class with 0: {out}");
        code
    }
}

/// The step screen shows question `n` (and no other numbered question).
fn assert_step(rules: &RuleSet, c: &Case, screen: &str, n: usize) {
    for (i, &q) in c.walked.order.iter().enumerate() {
        let line = numbered(rules, q, i + 1);
        assert_eq!(
            screen.lines().any(|l| l.starts_with(&line)),
            i + 1 == n,
            "question {n} and no other on screen; {line:?}:\n{screen}"
        );
    }
}

#[test]
fn each_step_is_one_cleared_screen_and_the_recommendation_has_its_own() {
    let rules = bundled();
    let c = example("05-frequent-texts-strong-attachment.yaml");
    let mut class = Class::start(&[c.path.to_str().unwrap()]);
    assert_fits(&class.screen());
    for n in 1..=c.walked.order.len() {
        let s = class.press("\r");
        assert_step(rules, &c, &s, n);
    }
    let s = class.press("\r");
    let label = c.result.recommendation.label();
    assert!(s.contains(label), "the recommendation {label:?}:\n{s}");
    assert!(
        !s.contains("So far:") && !s.contains("1. "),
        "the recommendation on a screen of its own:\n{s}"
    );
    class.quit();
}

#[test]
fn the_headline_fits_at_80x24_even_with_the_most_findings() {
    let c = examples()
        .iter()
        .map(|p| case(p))
        .max_by_key(|c| (c.result.findings.len(), c.result.todo.len()))
        .unwrap();
    let mut class = Class::start(&[c.path.to_str().unwrap()]);
    let s = class.presses("\r", c.walked.order.len() + 1);
    let label = c.result.recommendation.label();
    let head: Vec<&str> = s.lines().take(6).collect();
    assert!(
        head.iter().any(|l| l.contains(label)),
        "{label:?} near the top:\n{s}"
    );
    // Why and what to do follow on screens of their own, each fitting.
    let next = class.press("\r");
    assert!(next.contains("why:"), "{next}");
    class.quit();
}

#[test]
fn clicker_keys_go_forward_and_back_one_step_each() {
    let rules = bundled();
    let c = example("05-frequent-texts-strong-attachment.yaml");
    let mut class = Class::start(&[c.path.to_str().unwrap()]);
    let mut n = 0;
    for key in [" ", RIGHT, PAGE_DOWN, "\r", "n"] {
        n += 1;
        let s = class.press(key);
        assert_step(rules, &c, &s, n);
    }
    for key in ["\x1b", LEFT, PAGE_UP, BACKSPACE, "p"] {
        n -= 1;
        let s = class.press(key);
        if n == 0 {
            assert!(s.contains("begin"), "back to the title:\n{s}");
        } else {
            assert_step(rules, &c, &s, n);
        }
    }
    class.quit();
}

#[test]
fn esc_is_back_on_every_screen_and_never_forward() {
    let rules = bundled();
    let dir = tempfile::tempdir().unwrap();
    let long = example("05-frequent-texts-strong-attachment.yaml");
    let short = example("01-reschedule-text.yaml");
    std::fs::copy(&long.path, dir.path().join("a.yaml")).unwrap();
    std::fs::copy(&short.path, dir.path().join("b.yaml")).unwrap();
    let mut class = Class::start(&[dir.path().to_str().unwrap()]);
    // The first title: nothing before it, so Esc stays.
    let s = class.press("\x1b");
    assert!(s.contains("scenario 1 of 2") && s.contains("begin"), "{s}");
    // A step; the vignette over it; the what-if chooser over it.
    class.press("\r");
    let s = class.press("\r");
    assert_step(rules, &long, &s, 2);
    assert!(class.press("v").contains("the vignette"));
    assert_step(rules, &long, &class.press("\x1b"), 2);
    assert!(class.press("c").contains("What if"));
    assert_step(rules, &long, &class.press("\x1b"), 2);
    assert_step(rules, &long, &class.press("\x1b"), 1);
    // The result, why, discussion: each Esc goes one screen back.
    let steps = long.walked.order.len();
    class.presses("\r", steps);
    let label = long.result.recommendation.label();
    assert!(class.screen().contains(label));
    assert_step(rules, &long, &class.press("\x1b"), steps);
    assert!(class.press("\r").contains(label));
    assert!(class.press("\r").contains("why:"));
    assert!(class.press("\x1b").contains("the recommendation"));
    class.until("\r", "for discussion", 5);
    assert!(class.press("\x1b").contains("why:"));
    // The next scenario's title: Esc goes back to this one's discussion.
    let s = class.until("\r", "scenario 2 of 2", 5);
    assert!(s.contains("begin"), "{s}");
    assert!(class.press("\x1b").contains("for discussion"));
    let s = class.press("\r");
    assert!(s.contains("scenario 2 of 2"), "{s}");
    // Through the last scenario to the end, and back from it.
    class.presses("\r", short.walked.order.len() + 1);
    assert!(class.screen().contains(short.result.recommendation.label()));
    let mut last = class.screen();
    for _ in 0..6 {
        let s = class.press("\r");
        if s.contains("the end") {
            break;
        }
        last = s;
    }
    assert!(class.screen().contains("the end"), "{}", class.screen());
    assert_eq!(class.press("\x1b"), last, "back from the end");
    class.press("\r");
    class.p.send("\r");
    let (out, code) = class.p.finish();
    assert_eq!(code, 0, "{out}");
}

#[test]
fn vote_hides_each_answer_and_the_recommendation_until_revealed() {
    let rules = bundled();
    let c = example("05-frequent-texts-strong-attachment.yaml");
    let mut class = Class::start(&["--vote", c.path.to_str().unwrap()]);
    let s = class.press("\r");
    let q = c.walked.order[0];
    let label = rules.questions[q].label(c.walked.sheet[q].unwrap());
    assert!(!s.contains('●'), "the answer is hidden:\n{s}");
    assert!(
        s.contains(&format!("○ {label}")),
        "its choices are shown:\n{s}"
    );
    let s = class.press("\r");
    assert!(s.contains(&format!("● {label}")), "revealed:\n{s}");
    assert_step(rules, &c, &s, 1);
    // Back and forward again: an answer once revealed stays revealed.
    class.press("\x1b");
    assert!(class.press("\r").contains(&format!("● {label}")));
    for n in 2..=c.walked.order.len() {
        assert!(!class.press("\r").contains('●'), "step {n} hidden");
        let s = class.press("\r");
        assert_step(rules, &c, &s, n);
        // The findings so far name their concern, never their level: that would
        // tell the class the recommendation before it votes.
        let findings = s.find("Findings so far").map_or("", |at| &s[at..]);
        for l in Level::ALL {
            assert!(!findings.contains(l.label()), "step {n} names {l:?}:\n{s}");
        }
    }
    // The class predicts a level the rules do not give.
    let s = class.press("\r");
    assert!(s.contains("the class predicts"), "{s}");
    let actual = c.result.recommendation;
    let guess = Level::ALL.iter().position(|l| *l != actual).unwrap();
    let s = class.press(&(guess + 1).to_string());
    assert!(s.contains("Hidden until you reveal it"), "{s}");
    assert!(!s.contains(actual.label()), "the result is hidden:\n{s}");
    assert!(
        s.contains(Level::ALL[guess].label()),
        "the prediction:\n{s}"
    );
    let s = class.press("\r");
    assert!(s.contains(actual.label()), "{s}");
    assert!(s.contains("The class predicted"), "{s}");
    class.quit();
}

/// An example, a question on its walk and another answer to it that, alone,
/// changes the recommendation and opens nothing the script does not answer.
fn a_decisive_change() -> (Case, usize, usize, usize) {
    let rules = bundled();
    for p in examples() {
        let c = case(&p);
        for (step, &q) in c.walked.order.iter().enumerate() {
            let question = &rules.questions[q];
            if question.choices.is_empty() {
                continue;
            }
            for alt in 0..question.choices.len() {
                let mut changed = c.supplied.clone();
                changed[q] = Some(boundcheck::rules::Value::Choice(alt as u8));
                if changed[q] == c.walked.sheet[q] {
                    continue;
                }
                let w = engine::walk(rules, &changed);
                if w.missing.is_empty()
                    && engine::level(rules, &w.sheet) != c.result.recommendation
                    && w.order.len() > 1
                {
                    return (c, step, q, alt);
                }
            }
        }
    }
    panic!("no example has a single answer that changes its result");
}

#[test]
fn a_what_if_names_the_change_then_no_net_change_then_reset() {
    let rules = bundled();
    let (c, step, q, alt) = a_decisive_change();
    let question = &rules.questions[q];
    let boundcheck::rules::Value::Choice(script) = c.walked.sheet[q].unwrap() else {
        unreachable!()
    };
    let script = usize::from(script);
    let mut class = Class::start(&[c.path.to_str().unwrap()]);
    class.presses("\r", c.walked.order.len() + 1);
    let before = c.result.recommendation;
    assert!(class.screen().contains(before.label()));
    // After the result: c, choose the question, choose the other answer.
    let pick = |class: &mut Class, to: usize| {
        let s = class.press("c");
        assert!(s.contains("which answer"), "{s}");
        class.presses("\x1b[A", c.walked.order.len() - 1 - step);
        let s = class.press("\r");
        assert!(s.contains(&question.choices[script].label), "{s}");
        let key = if to > script { "\x1b[B" } else { "\x1b[A" };
        let _ = class.presses(key, to.abs_diff(script));
        class.press("\r")
    };
    let s = pick(&mut class, alt);
    let mut changed = c.supplied.clone();
    changed[q] = Some(boundcheck::rules::Value::Choice(alt as u8));
    let after = engine::level(rules, &engine::walk(rules, &changed).sheet);
    assert!(s.contains(after.label()), "the new result:\n{s}");
    let words: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains(&format!(
            "this moved the result from {} to {}",
            before.label(),
            after.label()
        )),
        "names the change:\n{s}"
    );
    assert!(
        words.contains(&question.choices[alt].label),
        "in words:\n{s}"
    );
    // Changed back: no net change. (The chooser starts at the answer now.)
    let changed_steps = engine::walk(rules, &changed).order.len();
    let s = class.press("c");
    assert!(s.contains("which answer"), "{s}");
    class.presses("\x1b[A", changed_steps - 1 - step);
    class.press("\r");
    let key = if script > alt { "\x1b[B" } else { "\x1b[A" };
    class.presses(key, alt.abs_diff(script));
    let s = class.press("\r");
    assert!(s.contains("No net change"), "{s}");
    assert!(s.contains(before.label()), "{s}");
    // Changed again, then reset to the script.
    let s = class.press("c");
    assert!(s.contains("which answer"));
    class.presses("\x1b[A", c.walked.order.len() - 1 - step);
    class.press("\r");
    let key = if alt > script { "\x1b[B" } else { "\x1b[A" };
    class.presses(key, alt.abs_diff(script));
    assert!(class.press("\r").contains(after.label()));
    let s = class.press("r");
    assert!(s.contains("Reset"), "{s}");
    assert!(s.contains(before.label()) && !s.contains("What if"), "{s}");
    class.quit();
}

#[test]
fn a_what_if_at_a_step_shows_the_new_answer_and_the_scripts() {
    let rules = bundled();
    let (c, step, q, alt) = a_decisive_change();
    let question = &rules.questions[q];
    let mut class = Class::start(&[c.path.to_str().unwrap()]);
    class.presses("\r", step + 1);
    let s = class.press("c");
    assert!(s.contains("(the script)"), "{s}");
    let boundcheck::rules::Value::Choice(script) = c.walked.sheet[q].unwrap() else {
        unreachable!()
    };
    let script = usize::from(script);
    let key = if alt > script { "\x1b[B" } else { "\x1b[A" };
    class.presses(key, alt.abs_diff(script));
    let s = class.press("\r");
    assert!(
        s.contains(&format!(
            "● {}",
            question.choices[alt]
                .label
                .chars()
                .take(30)
                .collect::<String>()
        )),
        "the new answer on the step:\n{s}"
    );
    assert!(s.contains("What if: the script answers"), "{s}");
    // Reset at the step: the script's answer again, at the same question.
    let s = class.press("r");
    assert!(s.contains("Reset"), "{s}");
    assert!(
        s.contains(&format!("● {}", question.choices[script].label)),
        "{s}"
    );
    assert_step(rules, &c, &s, step + 1);
    class.quit();
}

#[test]
fn findings_are_coloured_as_color_says() {
    let c = example("05-frequent-texts-strong-attachment.yaml");
    let path = c.path.to_str().unwrap();
    let steps = c.walked.order.len() + 1;
    let mut plain = Class::start(&[path]);
    plain.presses("\r", steps);
    assert!(!plain.p.seen.contains("\x1b[3"), "no colour with NO_COLOR");
    plain.quit();
    let mut coloured = Class::start(&["--color", "always", path]);
    coloured.presses("\r", steps);
    let seen = &coloured.p.seen;
    let flag = seen.rfind('⚑').expect("a finding");
    let line_start = seen[..flag].rfind('\n').unwrap_or(0);
    assert!(
        seen[line_start..flag].contains("\x1b[3"),
        "the finding's line is coloured: {:?}",
        &seen[line_start..flag + 3]
    );
    coloured.quit();
}

// ---- Exports ----

fn export(dir: &Path, kinds: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "teach",
        "examples/05-frequent-texts-strong-attachment.yaml",
        "--export",
        kinds,
        "--out",
        dir.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn export_writes_a_handout_a_key_and_slides_per_scenario() {
    let rules = bundled();
    let c = example("05-frequent-texts-strong-attachment.yaml");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("class");
    let r = export(&out, "handout,key,html", &[]);
    r.ok();
    let stem = "05-frequent-texts-strong-attachment";
    let handout = std::fs::read_to_string(out.join(format!("{stem}.handout.md"))).unwrap();
    let key = std::fs::read_to_string(out.join(format!("{stem}.key.md"))).unwrap();
    let html = std::fs::read_to_string(out.join(format!("{stem}.html"))).unwrap();
    #[cfg(unix)]
    for name in ["handout.md", "key.md", "html"] {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(out.join(format!("{stem}.{name}")))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644, "{name}");
    }
    // The handout: every question the walk asks, its answers as boxes, no answers given.
    let mut at = 0;
    for &q in &c.walked.order {
        let question = &rules.questions[q];
        let first = question
            .prompt
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        let found = handout[at..]
            .find(&first)
            .unwrap_or_else(|| panic!("{first:?} in order:\n{handout}"));
        at += found;
        for choice in &question.choices {
            assert!(handout.contains(&format!(
                "- [ ] {}",
                choice.label.split_whitespace().next().unwrap()
            )));
        }
    }
    assert!(!handout.contains("**No"), "no scripted answers in bold");
    // The key: the scripted answers, the recommendation, what would change.
    for &q in &c.walked.order {
        let label = rules.questions[q].label(c.walked.sheet[q].unwrap());
        let first = label.split_whitespace().next().unwrap();
        assert!(key.contains(&format!("**{first}")), "{label:?} in the key");
    }
    assert!(key.contains(&format!("**{}.**", c.result.recommendation.label())));
    // The slides: the deck structure slides.js drives, a hidden answer per question.
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<main id=\"deck\">") && html.contains("<nav id=\"progress\""));
    assert_eq!(
        html.matches("class=\"answer reveal\"").count(),
        c.walked.order.len()
    );
    assert!(html.matches("<section class=\"slide\"").count() > c.walked.order.len() + 2);
    for outside in ["http:", "https:", " src=", "<link", "@import", "url("] {
        assert!(!html.contains(outside), "nothing fetched: {outside}");
    }
    r.says(&["Wrote 3 files"]);
}

#[test]
fn export_never_replaces_without_force_nor_writes_through_a_link_or_into_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    export(out, "handout", &[]).ok();
    let handout = out.join("05-frequent-texts-strong-attachment.handout.md");
    std::fs::write(&handout, "mine").unwrap();
    export(out, "handout,key", &[])
        .bad_input()
        .says(&["exist already", "--force"]);
    assert_eq!(std::fs::read_to_string(&handout).unwrap(), "mine");
    assert!(
        !out.join("05-frequent-texts-strong-attachment.key.md")
            .exists(),
        "nothing written when one file is refused"
    );
    export(out, "handout", &["--force"]).ok();
    assert_ne!(std::fs::read_to_string(&handout).unwrap(), "mine");
    #[cfg(unix)]
    {
        let key = out.join("05-frequent-texts-strong-attachment.key.md");
        let elsewhere = out.join("elsewhere.md");
        std::os::unix::fs::symlink(&elsewhere, &key).unwrap();
        export(out, "key", &["--force"])
            .bad_input()
            .says(&["symbolic link"]);
        assert!(!elsewhere.exists(), "nothing written through the link");
        let html = out.join("05-frequent-texts-strong-attachment.html");
        let made = std::process::Command::new("mkfifo").arg(&html).status();
        if made.is_ok_and(|s| s.success()) {
            export(out, "html", &["--force"])
                .bad_input()
                .says(&["not a regular file"]);
        }
        let linked = dir.path().join("linked");
        std::os::unix::fs::symlink(out.join("nowhere"), &linked).unwrap();
        export(&linked, "html", &[])
            .bad_input()
            .says(&["symbolic link"]);
    }
}

#[test]
fn export_needs_out_and_out_needs_export() {
    run(&["teach", "examples", "--export", "html"]).bad_input();
    run(&["teach", "examples", "--out", "x"]).bad_input();
}

// ---- rules graph ----

/// A small rule set of its own (a rationale file with its own questions), so
/// the drawing does not change when the bundled rules are rewritten. Its
/// texts hold the characters a diagram must escape.
const OVERLAY: &str = r#"id: drawing
title: A "rationale" <to draw> | with a #sign
about: Only here for the graph tests.
questions:
  - id: drawing_channel
    prompt: Which "channel" is it?
    kind: choice
    answers:
      text: A text
      call: A call | a video
    default: text
  - id: drawing_late
    prompt: Is it <late>?
    kind: yes_no
    default: "no"
    ask_when:
      drawing_channel: text
findings:
  - id: drawing-late-text
    level: safeguards
    when: {drawing_channel: text, drawing_late: "yes"}
    because: A late text.
    safeguards: [Answer in the morning.]
  - id: drawing-call
    level: consult
    when: {drawing_channel: call}
    because: A call.
    safeguards: [Talk it over first.]
    reply: I will call you back tomorrow.
"#;

fn overlay() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "drawing.yaml", OVERLAY);
    (dir, p.to_str().unwrap().to_string())
}

#[test]
fn rules_graph_draws_a_rationale_in_mermaid() {
    let (_dir, file) = overlay();
    let r = run(&["rules", "--rules", &file, "graph", "drawing"]);
    r.ok();
    insta::assert_snapshot!("graph_drawing_mermaid", r.stdout);
}

#[test]
fn rules_graph_dot_is_accepted_by_graphviz() {
    let (_dir, file) = overlay();
    let have_dot = std::process::Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    let scenario = "examples/05-frequent-texts-strong-attachment.yaml";
    for args in [
        vec![
            "rules", "--rules", &file, "graph", "drawing", "--format", "dot",
        ],
        vec!["rules", "graph", "--format", "dot"],
        vec!["rules", "graph", "contact", "--format", "dot"],
        vec!["rules", "graph", "--scenario", scenario, "--format", "dot"],
    ] {
        let r = run(&args);
        r.ok();
        assert!(r.stdout.starts_with("digraph"), "{}", r.stdout);
        if !have_dot {
            eprintln!("graphviz is not installed: `dot` not run (apt-get install graphviz)");
            continue;
        }
        let mut dot = std::process::Command::new("dot")
            .arg("-Tsvg")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(dot.stdin.as_mut().unwrap(), r.stdout.as_bytes()).unwrap();
        let done = dot.wait_with_output().unwrap();
        assert!(
            done.status.success() && done.stderr.is_empty(),
            "dot for {args:?}: {}",
            String::from_utf8_lossy(&done.stderr)
        );
    }
}

#[test]
fn rules_graph_of_a_scenario_is_its_path_to_the_result() {
    let rules = bundled();
    let c = example("05-frequent-texts-strong-attachment.yaml");
    let r = run(&["rules", "graph", "--scenario", c.path.to_str().unwrap()]);
    r.ok();
    for &q in &c.walked.order {
        assert!(r.stdout.contains(&format!("({})", rules.questions[q].id)));
    }
    assert!(r.stdout.contains(c.result.recommendation.label()));
    for f in &c.result.findings {
        assert!(r.stdout.contains(&f.id), "{} fired", f.id);
    }
    // Only the questions asked.
    let questions = r
        .stdout
        .lines()
        .filter(|l| l.trim_start().starts_with('q') && l.contains("[\""))
        .count();
    assert_eq!(questions, c.walked.order.len(), "{}", r.stdout);
}

#[test]
fn rules_graph_names_an_unknown_id() {
    run(&["rules", "graph", "dependancy"])
        .bad_input()
        .says(&["dependancy", "dependency"]);
}

#[test]
fn a_handout_never_gives_the_answer_away_by_where_its_questions_stop() {
    // The script of 07 ends at the first question (an emergency); the handout
    // still lists the questions every case starts with.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("class");
    run(&[
        "teach",
        "examples/07-crisis-text-with-intent.yaml",
        "--export",
        "handout,key",
        "--out",
        out.to_str().unwrap(),
    ])
    .ok();
    // The key says when no single change moves the result, rather than leaving it out.
    let key = std::fs::read_to_string(out.join("07-crisis-text-with-intent.key.md")).unwrap();
    assert!(key.contains("## What would change the recommendation\n\nNo other single answer to the questions a what-if may change would give a different recommendation.\n"), "{key}");
    let handout =
        std::fs::read_to_string(out.join("07-crisis-text-with-intent.handout.md")).unwrap();
    let numbered: Vec<&str> = handout
        .lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .collect();
    assert_eq!(
        numbered,
        [
            "1. **Does anything in it suggest, even vaguely, that someone may be at risk of harm?**",
            "2. **Is this person a current, former or prospective client?**",
            "3. **What kind of contact is proposed?**",
        ]
    );
    assert!(handout.contains(
        "_Depending on your answers, other questions may come up, and some of these may not._"
    ));
    // From question 10 on, the boxes are indented four spaces, or Markdown ends the list.
    let out2 = dir.path().join("class2");
    export(&out2, "handout", &[]).ok();
    let h = std::fs::read_to_string(out2.join("05-frequent-texts-strong-attachment.handout.md"))
        .unwrap();
    let after_ten =
        &h[h.find("\n10. ").expect("a tenth question")..h.find("## Your prediction").unwrap()];
    let boxes: Vec<&str> = after_ten
        .lines()
        .filter(|l| l.trim_start().starts_with("- [ ]"))
        .collect();
    assert!(!boxes.is_empty());
    assert!(
        boxes.iter().all(|l| l.starts_with("    - [ ] ")),
        "{boxes:?}"
    );
}

#[test]
fn a_resize_redraws_the_screen_at_its_new_width_without_a_key() {
    // A projector plugged in mid-class: the step is drawn again, wider, at once.
    let mut class = Class::start(&["examples/05-frequent-texts-strong-attachment.yaml"]);
    let s = class.press("\r");
    assert!(
        s.lines()
            .any(|l| l.ends_with(" question 1 of 12 ──") && l.chars().count() == 80),
        "{s}"
    );
    class
        .p
        .session
        .get_process_mut()
        .set_window_size(100, 30)
        .expect("resize");
    class
        .p
        .wait_for(&format!("{} question 1 of 12 ──", "─".repeat(100 - 20)));
    class.quit();
}
