//! The real prompts through a pseudo-terminal: arrow keys, Enter, Esc, Ctrl-C,
//! signals. Most answers are given with --set, so these tests keep to the
//! prompts they are about.

use crate::common::*;

/// Every answer of the logistics text but `others`, as --set flags.
fn sets_except(skip: &[&str]) -> Vec<String> {
    let all = [
        ("imminent_risk", "no"),
        ("client_status", "current"),
        ("contact", "message"),
        ("initiated_by", "client"),
        ("purpose", "logistics"),
        ("channel_approved", "yes"),
        ("after_hours", "no"),
        ("frequency", "none"),
        ("personal_interest", "no"),
        ("client_vulnerability", "no"),
        ("therapist_depleted", "no"),
        ("policy_covers", "yes"),
    ];
    all.iter()
        .filter(|(k, _)| !skip.contains(k))
        .flat_map(|(k, v)| ["--set".to_string(), format!("{k}={v}")])
        .collect()
}

fn assess_asking(skip: &[&str]) -> Pty {
    let mut args = vec!["assess".to_string()];
    args.extend(sets_except(skip));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    spawn_pty(&refs, &[], (80, 24))
}

#[test]
fn arrow_keys_and_enter_reach_a_recommendation() {
    let mut p = assess_asking(&["imminent_risk", "client_status"]);
    p.answer("imminent_risk", "no");
    p.answer("client_status", "current");
    p.wait_for("Proceed");
    let (out, code) = p.finish();
    assert_eq!(code, 0, "{out}");
}

/// A client's romantic interest, with the client's status still to ask.
fn romance_asking_client_status() -> Pty {
    spawn_pty(
        &[
            "assess",
            "--code",
            "apa",
            "--set",
            "imminent_risk=no",
            "--set",
            "contact=romantic",
            "--set",
            "initiated_by=client",
        ],
        &[],
        (80, 24),
    )
}

#[test]
fn esc_goes_back_and_the_new_answer_changes_the_outcome() {
    let mut p = romance_asking_client_status();
    p.answer("client_status", "former");
    p.wait_for("How many months");
    p.send(ESC);
    // Back at client status, with "former" still chosen: now a current client.
    p.wait_question("client_status");
    p.send(&format!("{UP}{ENTER}"));
    p.wait_for("Do not proceed: prohibited");
    let (out, code) = p.finish();
    assert_eq!(code, 0, "{out}");
}

/// The screen a terminal of `rows`×`cols` shows after `output`.
fn screen(output: &str, rows: u16, cols: u16) -> Vec<String> {
    let size = |n: u16| std::num::NonZero::new(n).expect("a screen has a size");
    let mut parser = vt100::Parser::new(size(rows), size(cols), 0);
    parser.process(output.as_bytes());
    parser.screen().rows(0, cols).collect()
}

#[test]
fn esc_back_leaves_no_stale_line_on_an_80_by_24_screen() {
    let mut p = romance_asking_client_status();
    p.answer("client_status", "former");
    p.wait_for("How many months");
    p.send(ESC);
    p.wait_question("client_status");
    // The list is drawn in full once its last answer is on screen.
    let last = &bundled()
        .question("client_status")
        .unwrap()
        .choices
        .last()
        .unwrap()
        .label;
    p.wait_for(&last.chars().take(20).collect::<String>());
    let shown = screen(&p.seen, 24, 80);
    let text = shown.join("\n");
    let prompt = &bundled().question("client_status").unwrap().prompt;
    assert_eq!(
        shown.iter().filter(|l| l.contains(prompt.as_str())).count(),
        1,
        "the question once, being asked again:\n{text}"
    );
    assert!(
        !text.contains("How many months"),
        "the later question is gone:\n{text}"
    );
    assert!(
        !text.contains("· A former client"),
        "no answered line for it:\n{text}"
    );
    let wide: Vec<&String> = shown.iter().filter(|l| l.chars().count() > 80).collect();
    assert!(wide.is_empty(), "{wide:?}");
    p.send(&format!("{UP}{ENTER}"));
    p.wait_for("Do not proceed: prohibited");
    let (out, code) = p.finish();
    assert_eq!(code, 0, "{out}");
}

#[test]
fn ctrl_c_exits_130_with_the_cursor_shown() {
    let mut p = assess_asking(&["imminent_risk", "client_status"]);
    p.answer("imminent_risk", "no");
    p.wait_question("client_status");
    p.send("\x03");
    let (rest, code) = p.finish();
    assert_eq!(code, 130, "{rest}");
    assert_cursor_restored(&rest);
    assert!(rest.contains("Nothing was saved"), "{rest:?}");
}

#[test]
fn esc_at_the_first_question_quits_with_130() {
    let mut p = assess_asking(&["imminent_risk"]);
    p.wait_question("imminent_risk");
    p.send(ESC);
    let (rest, code) = p.finish();
    assert_eq!(code, 130, "{rest}");
    assert!(rest.contains("Nothing was saved"));
}

#[cfg(unix)]
fn signal_at_a_prompt(signal: &str, expected: i32) {
    let mut p = assess_asking(&["imminent_risk"]);
    p.wait_question("imminent_risk");
    let pid = p.session.get_process().pid().to_string();
    let sent = std::process::Command::new("kill")
        .args([signal, &pid])
        .status()
        .unwrap();
    assert!(sent.success());
    let (rest, code) = p.finish();
    assert_eq!(code, expected, "{rest}");
    assert_cursor_restored(&rest);
}

#[cfg(unix)]
#[test]
fn sigterm_and_sighup_at_a_prompt_restore_the_terminal() {
    signal_at_a_prompt("-TERM", 143);
    signal_at_a_prompt("-HUP", 129);
}

#[cfg(unix)]
#[test]
fn a_stop_and_a_resume_at_a_prompt_ask_the_question_again() {
    // Ctrl-Z in a shell (SIGTSTP), then `fg` (SIGCONT): the terminal is the
    // shell's while stopped, and the question is asked again, not quit.
    let mut p = assess_asking(&["imminent_risk", "client_status"]);
    p.wait_question("imminent_risk");
    let pid = p.session.get_process().pid().to_string();
    let kill = |signal: &str| {
        assert!(std::process::Command::new("kill")
            .args([signal, &pid])
            .status()
            .unwrap()
            .success());
    };
    kill("-TSTP");
    std::thread::sleep(std::time::Duration::from_millis(300));
    kill("-CONT");
    std::thread::sleep(std::time::Duration::from_millis(300));
    p.answer("imminent_risk", "no");
    p.answer("client_status", "current");
    p.wait_for("Proceed");
    let (out, code) = p.finish();
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("Nothing was saved"), "{out}");
}

#[test]
fn ctrl_c_in_practice_writes_no_report_and_restores_the_cursor() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.md");
    let mut p = spawn_pty(
        &[
            "practice",
            "examples/01-reschedule-text.yaml",
            "--save",
            report.to_str().unwrap(),
        ],
        &[],
        (80, 24),
    );
    p.answer("imminent_risk", "no");
    p.wait_question("client_status");
    p.send("\x03");
    let (rest, code) = p.finish();
    assert_eq!(code, 130, "{rest}");
    assert_cursor_restored(&rest);
    assert!(!report.exists(), "nothing written on interrupt");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no temporary file left"
    );
}

#[test]
fn ctrl_c_at_a_teach_step_exits_130() {
    let mut p = spawn_pty(
        &["teach", "examples/05-frequent-texts-strong-attachment.yaml"],
        &[],
        (80, 24),
    );
    p.wait_for("begin");
    p.send(ENTER);
    p.wait_for("c: what if");
    p.send("\x03");
    let (rest, code) = p.finish();
    assert_eq!(code, 130, "{rest}");
}
