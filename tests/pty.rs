//! The real prompts through a pseudo-terminal: arrow keys, Enter, Esc, Ctrl-C.

use std::process::Command;
use std::time::Duration;

use expectrl::{Expect, Session};

const DOWN: &str = "\x1b[B";
const ENTER: &str = "\r";
const ESC: &str = "\x1b";

type Pty = expectrl::session::OsSession;

fn spawn(args: &[&str]) -> Pty {
    let mut c = Command::new(crate::common::bin());
    c.args(args)
        .current_dir(crate::common::root())
        .env_clear()
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .env("HOME", "/nonexistent-home")
        .env("RUST_BACKTRACE", "1");
    let mut p = Session::spawn(c).expect("spawn in a pty");
    p.set_expect_timeout(Some(Duration::from_secs(20)));
    p
}

/// Waits for `prompt`, then presses Down `downs` times and Enter.
fn pick(p: &mut Pty, prompt: &str, downs: usize) {
    p.expect(prompt)
        .unwrap_or_else(|e| panic!("waiting for {prompt:?}: {e}"));
    std::thread::sleep(Duration::from_millis(30));
    for _ in 0..downs {
        p.send(DOWN).unwrap();
    }
    p.send(ENTER).unwrap();
}

/// Presses Ctrl-C once `prompt` is on screen; the rest of the output and the exit code.
fn interrupt_at(mut p: Pty, prompt: &str) -> (String, i32) {
    p.expect(prompt)
        .unwrap_or_else(|e| panic!("waiting for {prompt:?}: {e}"));
    std::thread::sleep(Duration::from_millis(50));
    p.send("\x03").unwrap();
    finish(p)
}

/// The cursor was hidden for a list at some point, and shown again after it.
fn assert_cursor_restored(output: &str) {
    let hidden = output.rfind("\x1b[?25l");
    let shown = output.rfind("\x1b[?25h");
    assert!(
        shown.is_some() && shown > hidden,
        "cursor restored: {output:?}"
    );
}

/// The rest of the output and the exit code.
fn finish(mut p: Pty) -> (String, i32) {
    let mut out = Vec::new();
    let _ = std::io::Read::read_to_end(&mut p, &mut out);
    let status = format!("{:?}", p.get_process().wait().unwrap());
    // WaitStatus::Exited(Pid(n), code)
    let code = status
        .rsplit(", ")
        .next()
        .and_then(|s| s.trim_end_matches(')').parse().ok())
        .unwrap_or(-1);
    (String::from_utf8_lossy(&out).into_owned(), code)
}

fn answer_logistics_after_contact(p: &mut Pty) {
    pick(p, "Who started or proposed it?", 0);
    pick(p, "What is it mainly about?", 0);
    pick(p, "approved for client contact?", 0);
    pick(p, "outside your working hours?", 1);
    pick(p, "How often has this client contacted you", 0);
    pick(p, "personal stake", 1);
    pick(p, "read much more into it", 1);
    pick(p, "stretched thin", 1);
    pick(p, "written policy", 0);
}

#[test]
fn arrow_keys_and_enter_reach_a_recommendation() {
    let mut p = spawn(&["assess"]);
    pick(&mut p, "imminent risk of harm?", 1);
    pick(&mut p, "current, former or prospective", 0);
    pick(&mut p, "What kind of contact", 0);
    answer_logistics_after_contact(&mut p);
    p.expect("Proceed").unwrap();
    let (_, code) = finish(p);
    assert_eq!(code, 0);
}

#[test]
fn esc_goes_back_and_the_new_answer_changes_the_outcome() {
    let mut p = spawn(&["assess", "--code", "apa"]);
    pick(&mut p, "imminent risk of harm?", 1);
    pick(&mut p, "current, former or prospective", 0);
    p.expect("What kind of contact").unwrap();
    std::thread::sleep(Duration::from_millis(50));
    p.send(ESC).unwrap();
    // Back at client status: now a former client, so the months are asked.
    pick(&mut p, "current, former or prospective", 1);
    p.expect("How many months").unwrap();
    p.send("6").unwrap();
    p.send(ENTER).unwrap();
    pick(&mut p, "What kind of contact", 10);
    pick(&mut p, "Who started or proposed it?", 0);
    p.expect("Do not proceed: prohibited").unwrap();
    let (_, code) = finish(p);
    assert_eq!(code, 0);
}

#[test]
fn ctrl_c_exits_130_with_the_cursor_shown() {
    let mut p = spawn(&["assess"]);
    pick(&mut p, "imminent risk of harm?", 1);
    let (rest, code) = interrupt_at(p, "current, former or prospective");
    assert_eq!(code, 130, "{rest}");
    assert_cursor_restored(&rest);
    assert!(rest.contains("Nothing was saved"), "{rest:?}");
}

#[test]
fn esc_at_the_first_question_quits_with_130() {
    let mut p = spawn(&["assess"]);
    p.expect("imminent risk of harm?").unwrap();
    std::thread::sleep(Duration::from_millis(50));
    p.send(ESC).unwrap();
    let (rest, code) = finish(p);
    assert_eq!(code, 130, "{rest}");
    assert!(rest.contains("Nothing was saved"));
}

#[test]
fn teach_what_if_changes_the_outcome_live() {
    let mut p = spawn(&["teach", "examples/01-reschedule-text.yaml"]);
    p.expect("Enter: begin").unwrap();
    p.send(ENTER).unwrap();
    // Step 1 (imminent risk): continue; step 2 (client status): continue;
    // step 3 (contact): what if it were a gift?
    for _ in 0..2 {
        p.expect("c: what if").unwrap();
        p.send(ENTER).unwrap();
    }
    p.expect("c: what if").unwrap();
    p.send("c").unwrap();
    pick(&mut p, "What kind of contact", 5);
    p.expect("What if:").unwrap();
    // Continue through the rest; a gift opens questions the script lacks,
    // which the teacher answers.
    loop {
        match p.expect(expectrl::Regex(
            "c: what if|script has no answer|Enter: continue",
        )) {
            Ok(found) => {
                let text = String::from_utf8_lossy(found.as_bytes()).into_owned();
                if text.contains("Enter: continue") {
                    // The end of the walk-through names the change and its outcome.
                    assert!(text.contains("WHAT IF"), "{text}");
                    assert!(text.contains("contact: message → gift"), "{text}");
                    assert!(text.contains("With the change:"), "{text}");
                    p.send(ENTER).unwrap();
                    break;
                }
                if text.contains("no answer") {
                    std::thread::sleep(Duration::from_millis(50));
                }
                p.send(ENTER).unwrap();
            }
            Err(e) => panic!("teach stalled: {e}"),
        }
    }
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "{rest}");
}

#[test]
fn practice_compares_answers_and_prediction() {
    let mut p = spawn(&["practice", "examples/01-reschedule-text.yaml"]);
    pick(&mut p, "imminent risk of harm?", 1);
    pick(&mut p, "current, former or prospective", 0);
    pick(&mut p, "What kind of contact", 0);
    answer_logistics_after_contact(&mut p);
    pick(&mut p, "What do you expect the recommendation to be?", 3);
    p.expect("Your prediction differs").unwrap();
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "{rest}");
}

#[test]
fn ctrl_c_in_practice_writes_no_report_and_restores_the_cursor() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.md");
    let mut p = spawn(&[
        "practice",
        "examples/01-reschedule-text.yaml",
        "--save",
        report.to_str().unwrap(),
    ]);
    pick(&mut p, "imminent risk of harm?", 1);
    let (rest, code) = interrupt_at(p, "current, former or prospective");
    assert_eq!(code, 130, "{rest}");
    assert_cursor_restored(&rest);
    assert!(!report.exists(), "nothing written on interrupt");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn ctrl_c_at_a_teach_pause_exits_130() {
    let mut p = spawn(&["teach", "examples/05-frequent-texts-strong-attachment.yaml"]);
    p.expect("Enter: begin").unwrap();
    p.send(ENTER).unwrap();
    let (rest, code) = interrupt_at(p, "c: what if");
    assert_eq!(code, 130, "{rest}");
}
