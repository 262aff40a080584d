//! `boundcheck check` like a test runner.

use crate::common::*;

#[test]
fn passing_failing_and_skipped_scenarios() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a-pass.yaml",
        &format!("{LOGISTICS}expect:\n  recommendation: proceed\n"),
    );
    write(
        dir.path(),
        "b-fail.yaml",
        &format!("{LOGISTICS}expect:\n  recommendation: consult\n  rationales: [dependency]\n"),
    );
    write(dir.path(), "c-skip.yaml", LOGISTICS);
    write(dir.path(), "d-broken.yaml", "answers: [oops\n");
    let r = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.last(), Some(&"1 passed, 2 failed, 1 skipped"));
    assert!(lines[0].starts_with("PASS ") && lines[0].ends_with("a-pass.yaml"));
    assert!(
        lines[1].contains("FAIL")
            && lines[1].contains("expected consult, got proceed")
            && lines[1].contains("rationales not cited: dependency"),
        "{}",
        lines[1]
    );
    assert!(lines[2].starts_with("SKIP "));
    assert!(
        lines[3].contains("FAIL") && lines[3].contains("d-broken.yaml:"),
        "{}",
        lines[3]
    );
}

#[test]
fn a_wrong_range_or_missing_finding_fails() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "x.yaml",
        &format!("{LOGISTICS}expect:\n  at_least: safeguards\n"),
    );
    let r = run(&["check", f.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .contains("expected at least safeguards, got proceed"),
        "{}",
        r.stdout
    );
    assert_eq!(r.stdout.lines().last(), Some("0 passed, 1 failed"));
}

#[test]
fn an_unknown_finding_in_expect_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "x.yaml",
        &format!("{LOGISTICS}expect:\n  findings: [no-such-finding]\n"),
    );
    let r = run(&["check", f.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    r.shows(&["no-such-finding", "which no rule file has"]);
}

#[test]
fn every_bundled_example_passes_and_every_rationale_is_exercised() {
    let r = run(&["check", "examples"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let last = r.stdout.lines().last().unwrap();
    assert!(last.ends_with(" passed, 0 failed"), "{last}");
    let passed: usize = last.split(' ').next().unwrap().parse().unwrap();
    assert!(passed >= 20, "at least 20 scenarios: {last}");

    let json = run(&["check", "examples", "--format", "json"]).json();
    assert_eq!(json["failed"], 0);
    let mut rationales = std::collections::BTreeSet::new();
    let mut contacts = std::collections::BTreeSet::new();
    for r in json["results"].as_array().unwrap() {
        let out = run(&[
            "assess",
            "--scenario",
            r["file"].as_str().unwrap(),
            "--format",
            "json",
        ])
        .json();
        for f in out["findings"].as_array().unwrap() {
            rationales.insert(f["rationale"].as_str().unwrap().to_string());
        }
        if let Some(c) = out["answers"]["contact"].as_str() {
            contacts.insert(c.to_string());
        }
    }
    for r in [
        "objectivity",
        "confidentiality",
        "dependency",
        "dual_relationships",
        "well_being",
        "ethical_conduct",
        "emergency",
    ] {
        assert!(rationales.contains(r), "no example exercises {r}");
    }
    let all: std::collections::BTreeSet<String> = crate::common::bundled()
        .question("contact")
        .unwrap()
        .values()
        .map(str::to_string)
        .collect();
    assert_eq!(contacts, all, "every contact type has an example");
}

#[test]
fn an_empty_expect_and_an_empty_directory_are_not_passes() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "x.yaml", &format!("{LOGISTICS}expect: {{}}\n"));
    let r = run(&["check", f.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    r.shows(&["`expect` is empty"]);
    let empty = tempfile::tempdir().unwrap();
    let r = run(&["check", empty.path().to_str().unwrap()]);
    r.bad_input();
    r.says(&["no scenario files"]);
}

#[cfg(unix)]
#[test]
fn links_back_up_the_tree_are_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.yaml",
        &format!("{LOGISTICS}expect:\n  recommendation: proceed\n"),
    );
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop2")).unwrap();
    let r = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(r.stdout.lines().last(), Some("1 passed, 0 failed"));
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let r = run(&["assess", "--scenario", fifo.to_str().unwrap()]);
    r.bad_input();
    r.says(&["not a regular file"]);
}

#[test]
fn the_examples_carry_a_fresh_schema_and_point_editors_at_it() {
    let r = run(&["rules", "schema", "scenario"]);
    r.ok();
    let committed = std::fs::read_to_string(root().join("examples/scenario.schema.json")).unwrap();
    assert_eq!(committed, r.stdout, "examples/scenario.schema.json is stale: regenerate it with `boundcheck rules schema scenario`");
    for e in std::fs::read_dir(root().join("examples")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "yaml") {
            let first = std::fs::read_to_string(&p)
                .unwrap()
                .lines()
                .next()
                .unwrap_or("")
                .to_string();
            assert_eq!(
                first,
                "# yaml-language-server: $schema=./scenario.schema.json",
                "{}",
                p.display()
            );
        }
    }
}

#[test]
fn the_0_1_examples_still_load_and_pass() {
    let r = run(&["check", "tests/compat/examples-0.1"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(r.stdout.lines().last(), Some("34 passed, 0 failed"));
}

#[test]
fn a_scenario_missing_answers_names_every_one_as_assess_does() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "short.yaml",
        "answers:\n  imminent_risk: no\n  contact: invitation\nexpect:\n  recommendation: consult\n",
    );
    let r = run(&["check", f.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    let words = "no answer for these questions: client_status, initiated_by, others_aware, cultural_meaning, clinical_rationale, personal_interest, client_vulnerability, therapist_depleted, policy_covers; add them to `answers:`";
    assert_eq!(
        r.stdout,
        format!("FAIL {}: {words}\n0 passed, 1 failed\n", f.display())
    );
    let a = run(&["assess", "--scenario", f.to_str().unwrap()]);
    assert_eq!(a.code, 2);
    assert_eq!(
        a.stderr,
        format!("error: {}: {words} (or give --set ID=VALUE)\n", f.display())
    );
}
