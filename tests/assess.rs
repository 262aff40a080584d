//! `boundcheck assess` end to end on the real binary.

use crate::common::*;

fn logistics_scenario(dir: &std::path::Path) -> std::path::PathBuf {
    write(dir, "logistics.yaml", LOGISTICS)
}

#[test]
fn text_output_leads_with_the_recommendation() {
    let r = run(&[
        "assess",
        "--scenario",
        "examples/07-crisis-text-with-intent.yaml",
    ]);
    r.ok();
    let first = r.stdout.lines().next().unwrap();
    assert_eq!(first, "Follow your emergency protocol now");
    r.shows(&["What to do"]);
    assert!(!r.stdout.contains("\x1b["), "no colour when not a terminal");
}

#[test]
fn json_has_the_stable_fields() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(&[
        "assess",
        "--scenario",
        logistics_scenario(dir.path()).to_str().unwrap(),
        "--format",
        "json",
    ]);
    r.ok();
    let j = r.json();
    assert_eq!(j["recommendation"], "proceed");
    assert_eq!(j["label"], "Proceed");
    assert!(j["rule_set"]["version"].is_string() && j["rule_set"]["digest"].is_string());
    assert_eq!(j["answers"]["contact"], "message");
    assert!(
        j["findings"].is_array() && j["safeguards"].is_array() && j["what_would_change"].is_array()
    );
}

#[test]
fn markdown_is_a_note_for_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(&[
        "assess",
        "--scenario",
        logistics_scenario(dir.path()).to_str().unwrap(),
        "--format",
        "markdown",
        "--set",
        "after_hours=yes",
        "--set",
        "therapist_depleted=yes",
    ]);
    r.ok();
    let md = &r.stdout;
    assert!(md.starts_with("# Boundary consultation note\n"), "{md}");
    r.shows(&[
        "- Date and time: 20",
        "digest `",
        "## Situation",
        "## Reasons",
        "## Safeguards\n\n- [ ] ",
        "Action taken:",
        "Consulted with",
        "Client informed",
    ]);
    // The clinician's answers about themselves stand apart from the client's chart.
    let own = md
        .find("## For the clinician only")
        .expect("a section of the clinician's own answers");
    let tired = md
        .find("stretched thin")
        .expect("the depleted answer is recorded");
    assert!(tired > own, "{md}");
    // A record note holds no suggested reply and no what-if.
    assert!(
        !md.contains("Words you could use") && !md.contains("What would change"),
        "{md}"
    );
}

#[test]
fn set_overrides_the_scenario_and_numbers_stay_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(
        dir.path(),
        "former.yaml",
        "answers:\n  imminent_risk: no\n  client_status: former\n  months_since_end: 30\n  contact: romantic\n  initiated_by: client\n  ethics_code: apa\n",
    );
    let base = run(&[
        "assess",
        "--scenario",
        s.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(base.json()["recommendation"], "decline");
    assert_eq!(base.json()["answers"]["months_since_end"], 30);
    let nasw = run(&[
        "assess",
        "--scenario",
        s.to_str().unwrap(),
        "--set",
        "ethics_code=nasw",
        "--format",
        "json",
    ]);
    assert_eq!(nasw.json()["recommendation"], "prohibited");
    assert_eq!(nasw.json()["answers"]["ethics_code"], "nasw");
}

#[test]
fn code_flag_answers_the_ethics_code_but_set_wins() {
    let args = [
        "assess",
        "--set",
        "imminent_risk=no",
        "--set",
        "client_status=former",
        "--set",
        "months_since_end=30",
        "--set",
        "contact=romantic",
        "--set",
        "initiated_by=client",
        "--format",
        "json",
    ];
    let r = run_cmd(cmd().args(args).args(["--code", "aca"]));
    assert_eq!(r.json()["answers"]["ethics_code"], "aca");
    let r = run_cmd(
        cmd()
            .args(args)
            .args(["--code", "aca", "--set", "ethics_code=apa"]),
    );
    assert_eq!(r.json()["answers"]["ethics_code"], "apa");
}

#[test]
fn config_file_sets_the_code_relative_rules_and_flags_win() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = write(dir.path(), "config.yaml", "code: nasw\n");
    let args = [
        "assess",
        "--set",
        "imminent_risk=no",
        "--set",
        "client_status=former",
        "--set",
        "months_since_end=100",
        "--set",
        "contact=romantic",
        "--set",
        "initiated_by=client",
        "--format",
        "json",
    ];
    let r = run_cmd(cmd().env("BOUNDCHECK_CONFIG", &cfg).args(args));
    assert_eq!(r.json()["recommendation"], "prohibited");
    let r = run_cmd(
        cmd()
            .env("BOUNDCHECK_CONFIG", &cfg)
            .args(args)
            .args(["--code", "apa"]),
    );
    assert_eq!(r.json()["recommendation"], "decline");
    let bad = write(dir.path(), "bad.yaml", "code: bacq\n");
    run_cmd(cmd().env("BOUNDCHECK_CONFIG", &bad).args(args))
        .bad_input()
        .says(&["bacq", "bad.yaml"]);
}

#[test]
fn without_a_terminal_missing_answers_are_named_fast() {
    let started = std::time::Instant::now();
    let r = run(&[
        "assess",
        "--set",
        "imminent_risk=no",
        "--set",
        "contact=gift",
    ]);
    r.bad_input();
    r.says(&["client_status", "no terminal"]);
    assert!(
        !r.stderr.contains("not a terminal"),
        "a message for people, not programmers"
    );
    // Not a timing test: a hang would be minutes; this guards only against waiting for input.
    assert!(started.elapsed().as_secs() < 30);
}

#[test]
fn a_scenario_missing_an_answer_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(
        dir.path(),
        "gap.yaml",
        "answers:\n  imminent_risk: no\n  client_status: current\n  contact: gift\n",
    );
    let r = run(&["assess", "--scenario", s.to_str().unwrap()]);
    r.bad_input();
    r.says(&["initiated_by", "gift_value"]);
}

#[test]
fn bad_flags_and_values_exit_2_with_a_clear_message() {
    run(&["assess", "--frobnicate"]).bad_input();
    run(&["assess", "--format", "pdf"]).bad_input();
    let r = run(&["assess", "--set", "contcat=gift"]);
    r.bad_input();
    r.says(&["did you mean `contact`"]);
    let r = run(&["assess", "--set", "contact=gfit"]);
    r.bad_input();
    r.says(&["did you mean `gift`", "message, call"]);
    let r = run(&["assess", "--set", "months_since_end=-3"]);
    r.bad_input();
    r.says(&["whole number from 0 to 1200"]);
    run(&["assess", "--set", "contact"]).bad_input();
}

#[test]
fn save_writes_a_private_scenario_that_replays_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("consult.yaml");
    let first = run(&[
        "assess",
        "--scenario",
        "examples/04-late-night-text-running-on-empty.yaml",
        "--format",
        "json",
        "--save",
        saved.to_str().unwrap(),
    ]);
    first.ok();
    let text = std::fs::read_to_string(&saved).unwrap();
    assert!(
        text.contains("record:") && text.contains("digest:"),
        "{text}"
    );
    assert!(
        !text.contains("vignette"),
        "a saved record holds answers, not stories"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&saved).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let again = run(&[
        "assess",
        "--scenario",
        saved.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(
        again.json()["recommendation"],
        first.json()["recommendation"]
    );
    assert_eq!(again.json()["answers"], first.json()["answers"]);

    // An existing file is refused, untouched, unless --force.
    std::fs::write(&saved, "precious\n").unwrap();
    let refused = run(&[
        "assess",
        "--scenario",
        "examples/01-reschedule-text.yaml",
        "--save",
        saved.to_str().unwrap(),
    ]);
    refused.bad_input();
    refused.says(&["--force"]);
    assert_eq!(std::fs::read_to_string(&saved).unwrap(), "precious\n");
    run(&[
        "assess",
        "--scenario",
        "examples/01-reschedule-text.yaml",
        "--save",
        saved.to_str().unwrap(),
        "--force",
    ])
    .ok();
    assert!(std::fs::read_to_string(&saved).unwrap().contains("record:"));

    // A directory that does not exist is refused.
    let nowhere = dir.path().join("no/such/dir/x.yaml");
    run(&[
        "assess",
        "--scenario",
        "examples/01-reschedule-text.yaml",
        "--save",
        nowhere.to_str().unwrap(),
    ])
    .bad_input();
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left: {leftovers:?}");
}

#[test]
fn colour_follows_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let s = logistics_scenario(dir.path());
    let always = run(&[
        "assess",
        "--scenario",
        s.to_str().unwrap(),
        "--color",
        "always",
    ]);
    assert!(always.stdout.contains("\x1b["));
    let never = run(&[
        "assess",
        "--scenario",
        s.to_str().unwrap(),
        "--color",
        "never",
    ]);
    assert!(!never.stdout.contains("\x1b["));
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::process::Stdio;
    let mut child = cmd()
        .args(["rules", "list"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.is_empty(), "nothing on stderr: {err}");
    assert_eq!(out.status.code(), Some(0), "a closed pipe is not an error");
}

#[test]
fn version_and_help() {
    let v = run(&["--version"]);
    v.ok();
    assert!(v.stdout.starts_with("boundcheck "));
    let h = run(&["--help"]);
    h.ok();
    for sub in [
        "assess",
        "practice",
        "teach",
        "check",
        "rules",
        "completions",
    ] {
        assert!(h.stdout.contains(sub), "{sub}");
    }
}

#[test]
fn nothing_is_written_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = root().join("examples/01-reschedule-text.yaml");
    for format in ["text", "json", "markdown"] {
        let r = run_cmd(cmd().current_dir(dir.path()).env("HOME", dir.path()).args([
            "assess",
            "--scenario",
            scenario.to_str().unwrap(),
            "--format",
            format,
        ]));
        r.ok();
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no file appeared in the working directory or home"
    );
}

#[test]
fn practice_without_a_terminal_says_so() {
    let r = run(&["practice", "examples/01-reschedule-text.yaml"]);
    r.bad_input();
    r.says(&["needs a terminal", "boundcheck check"]);
}

#[test]
fn no_networking_crate_in_the_dependency_tree() {
    // The tool makes no network access; keep it so for every dependency it links.
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args([
            "tree",
            "--edges",
            "normal,build",
            "--prefix",
            "none",
            "--offline",
        ])
        .current_dir(root())
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = String::from_utf8_lossy(&out.stdout);
    for net in [
        "reqwest",
        "hyper",
        "ureq",
        "curl",
        "isahc",
        "surf",
        "tokio",
        "async-std",
        "native-tls",
        "rustls",
        "openssl",
        "socket2",
        "mio",
    ] {
        assert!(
            !tree.lines().any(|l| l.split(' ').next() == Some(net)),
            "{net} is in the dependency tree"
        );
    }
}

#[test]
fn the_record_is_dated_where_the_clinician_is() {
    // POSIX time zones 26 hours apart always fall on different dates.
    let dated = |tz: &str| {
        let r = run_cmd(cmd().env("TZ", tz).args([
            "assess",
            "--scenario",
            "examples/01-reschedule-text.yaml",
            "--format",
            "markdown",
        ]));
        r.stdout
            .lines()
            .find(|l| l.starts_with("- Date and time:"))
            .unwrap()
            .to_string()
    };
    let east = dated("EAST-14");
    let west = dated("WEST+12");
    assert!(east.starts_with("- Date and time: 20"), "{east}");
    assert_ne!(east[..27], west[..27], "different dates: {east} / {west}");
}

#[test]
fn the_safeguards_that_decide_come_first() {
    let r = run(&[
        "assess",
        "--scenario",
        "examples/14-friend-request-current-client.yaml",
    ]);
    r.ok();
    let main = r.stdout.find("What to do").expect("a checklist");
    let items: Vec<&str> = r.stdout[main..]
        .lines()
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter(|l| l.starts_with("  [ ]"))
        .collect();
    assert!(
        !items.is_empty() && items.len() <= 5,
        "at most five things to do: {items:?}"
    );
}

#[test]
fn an_ethics_code_an_overlay_adds_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let exported = dir.path().join("rules");
    run(&["rules", "export", exported.to_str().unwrap()]).ok();
    let bank = exported.join("questions.yaml");
    let text = std::fs::read_to_string(&bank).unwrap();
    let with = text.replace(
        "      other: ",
        "      zzcode: A practice's own code\n      other: ",
    );
    assert_ne!(text, with, "the bank lists `other` among the codes");
    std::fs::write(&bank, with).unwrap();
    let args = [
        "--rules",
        exported.to_str().unwrap(),
        "assess",
        "--scenario",
        "examples/01-reschedule-text.yaml",
        "--code",
        "zzcode",
        "--format",
        "json",
    ];
    run(&args).ok();
    let r = run(&[
        "assess",
        "--scenario",
        "examples/01-reschedule-text.yaml",
        "--code",
        "zzcode",
    ]);
    r.bad_input().says(&["zzcode", "the codes are"]);
    let r = run(&[
        "assess",
        "--scenario",
        "examples/01-reschedule-text.yaml",
        "--code",
        "apaa",
    ]);
    r.bad_input().says(&["did you mean `apa`"]);
}
