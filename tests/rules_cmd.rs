//! `boundcheck rules …` for rule authors: diagnostics, export, overlays, schemas.

use crate::common::*;

fn validate(text: &str) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "mine.yaml", text);
    let r = run(&["rules", "validate", f.to_str().unwrap()]);
    // keep the tempdir alive until the run is done
    drop(dir);
    r
}

const FINDING: &str = "id: gifts_policy\nfindings:\n  - id: any-gift\n    level: consult\n    when:\n      contact: gift\n    because: Our practice asks.\n";

#[test]
fn the_bundled_rules_validate_clean() {
    let r = run(&["rules", "validate"]);
    r.ok();
    r.says(&[": 0 errors, 0 warnings"]);
}

#[test]
fn yaml_syntax_errors_show_file_line_and_the_line() {
    let r = validate("id: x\nfindings:\n  - id: a\n    level: [consult\n");
    r.bad_input();
    r.says(&["mine.yaml:"]);
    assert!(
        r.stderr.contains(" | "),
        "the offending line is shown: {}",
        r.stderr
    );
}

#[test]
fn unknown_keys_levels_questions_and_values_get_suggestions() {
    // (what the author got wrong, the mistake, where, what the message says)
    let cases = [
        (
            "because:",
            "becuase:",
            "mine.yaml:7:",
            "did you mean `because`",
        ),
        (
            "level: consult",
            "level: consul",
            "mine.yaml:4:",
            "`consult`",
        ),
        (
            "contact: gift",
            "contcat: gift",
            "mine.yaml:6:",
            "did you mean `contact`",
        ),
        (
            "contact: gift",
            "contact: gfit",
            "mine.yaml:6:",
            "did you mean `gift`",
        ),
    ];
    for (right, wrong, place, says) in cases {
        validate(&FINDING.replace(right, wrong))
            .bad_input()
            .says(&[place, says]);
    }
}

#[test]
fn duplicate_ids_are_errors() {
    let r = validate(&format!("{FINDING}  - id: any-gift\n    level: safeguards\n    when: {{contact: gift}}\n    because: Again.\n"));
    r.bad_input();
    r.says(&["`any-gift` is defined twice"]);
    let r = validate("id: mine\nfindings:\n  - id: gift-token\n    level: proceed\n    when: {contact: gift}\n    because: Clash with a bundled id.\n");
    r.bad_input();
    r.says(&["`gift-token` is defined twice (also in bundled:"]);
}

#[test]
fn added_questions_need_a_default_and_only_look_back() {
    let r = validate("id: extra\nquestions:\n  - id: fee_waived\n    prompt: Is the fee waived?\n    kind: yes_no\nfindings:\n  - id: waived\n    level: consult\n    when: {fee_waived: yes}\n    because: Waiving fees changes the relationship.\n");
    r.bad_input();
    r.says(&["needs a `default`"]);

    let r = run_bank_with("    ask_when:\n      contact: gift\n", "imminent_risk");
    r.bad_input();
    r.says(&["asked after it"]);
}

/// The bundled bank with an `ask_when` added to one question.
fn run_bank_with(ask_when: &str, question: &str) -> Run {
    let bank = std::fs::read_to_string(root().join("rules/questions.yaml")).unwrap();
    let marker = format!("  - id: {question}\n");
    let at = bank.find(&marker).unwrap() + marker.len();
    let edited = format!("{}{}{}", &bank[..at], ask_when, &bank[at..]);
    validate(&edited)
}

#[test]
fn warnings_for_a_finding_that_cannot_fire_and_strict_makes_them_fatal() {
    let never = "id: mine\nfindings:\n  - id: never\n    level: consult\n    when:\n      contact: gift\n      gift_value: token\n      purpose: personal\n    because: Gifts are never messages.\n";
    let r = validate(never);
    r.ok();
    r.says(&[
        "mine.yaml:3:9: warning: the finding `never` can never fire",
        "1 warning",
    ]);
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "mine.yaml", never);
    assert_eq!(
        run(&["rules", "validate", "--strict", f.to_str().unwrap()]).code,
        2
    );
}

#[test]
fn export_edit_and_overlay_changes_a_result() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("policy");
    run(&["rules", "export", out.to_str().unwrap()]).ok();
    assert!(out.join("questions.yaml").exists() && out.join("dependency.yaml").exists());
    // A non-empty directory is refused without --force.
    run(&["rules", "export", out.to_str().unwrap()]).bad_input();

    let scenario = "examples/01-reschedule-text.yaml";
    let bundled = run(&["assess", "--scenario", scenario, "--format", "json"]).json();
    let same = run(&[
        "assess",
        "--scenario",
        scenario,
        "--format",
        "json",
        "--rules",
        out.to_str().unwrap(),
    ])
    .json();
    assert_eq!(
        bundled["recommendation"], same["recommendation"],
        "unchanged export behaves as bundled"
    );
    assert_eq!(bundled["findings"], same["findings"]);

    // The practice decides every message needs a consultation.
    let f = out.join("objectivity.yaml");
    let text = std::fs::read_to_string(&f).unwrap();
    let edited = text.replacen("findings:\n", "findings:\n  - id: our-policy-consult-on-messages\n    level: consult\n    when: {contact: message}\n    because: Our practice talks every message through first.\n", 1);
    std::fs::write(&f, edited).unwrap();
    let changed = run(&[
        "assess",
        "--scenario",
        scenario,
        "--format",
        "json",
        "--rules",
        out.to_str().unwrap(),
    ])
    .json();
    assert_eq!(changed["recommendation"], "consult");
    assert!(changed["rule_set"]["version"]
        .as_str()
        .unwrap()
        .ends_with("+custom"));
}

#[test]
fn list_and_show_speak_plainly() {
    let l = run(&["rules", "list"]);
    l.ok();
    assert!(l.stdout.contains("dependency") && l.stdout.contains("months_since_end"));
    // Wrapped to the width (80 off a terminal), when it is asked under itself.
    let long: Vec<&str> = l
        .stdout
        .lines()
        .filter(|x| x.chars().count() > 80)
        .collect();
    assert!(long.is_empty(), "{long:#?}");
    assert!(l.stdout.contains(
        "  frequency              when client_status is current and contact is message,\n                         call or social_media (bundled)\n"
    ), "{}", l.stdout);
    let v = run(&["rules", "verify"]);
    v.ok();
    assert!(
        v.stdout.lines().all(|x| x.chars().count() <= 80),
        "{}",
        v.stdout
    );
    let s = run(&["rules", "show", "gift_value"]);
    s.ok();
    s.shows(&["Asked: when contact is gift"]);
    let g = run(&["rules", "show", "gift-modest"]);
    g.ok();
    g.shows(&["Level:", "Because:"]);
    let r = run(&["rules", "show", "dependancy"]);
    r.bad_input();
    r.says(&["did you mean `dependency`"]);
}

#[test]
fn schemas_are_json_and_describe_the_files() {
    for kind in ["rules", "scenario"] {
        let r = run(&["rules", "schema", kind]);
        r.ok();
        let j = r.json();
        assert_eq!(j["type"], "object");
        assert_eq!(j["additionalProperties"], false);
    }
}

/// The mistakes rule authors make, and what the tool must say: the line and
/// column of the offending text, the cause, and the fix.
#[test]
fn broken_files_are_reported_at_the_offending_text_with_the_cause_and_the_fix() {
    let table: &[(&str, &str, &str, &[&str])] = &[
        // (what, file text, where, what the message says)
        (
            "a comment above a misspelt question",
            "id: p\nfindings:\n  - id: a\n    level: consult\n    # TODO: check afterhours policy\n    when:\n      afterhours: yes\n    because: B.\n",
            ":7:7:",
            &["`afterhours`", "did you mean `after_hours`"],
        ),
        (
            "a repeated `not:`",
            "id: p\nfindings:\n  - id: a\n    level: consult\n    when:\n      contact: gift\n      not: {gift_value: token}\n      not: {cultural_meaning: yes}\n    because: B.\n",
            ":8:7:",
            &["`not` appears twice", "any:", "all:"],
        ),
        ("a file of comments only", "# just a comment\n# another\n", ":1:1:", &["no content"]),
        (
            "two invariants of one name",
            "id: mine\ntitle: T\nabout: A.\nfindings: []\ninvariants:\n  - name: gifts are fine\n    when: {contact: gift}\n    at_most: decline\n  - name: Gifts are fine\n    when: {contact: gift, gift_value: token}\n    at_most: decline\n",
            ":9:11:",
            &["an invariant named \"Gifts are fine\" is declared already; give each invariant its own name"],
        ),
        (
            "a question's answers as a list",
            "id: mine\nquestions:\n  - id: extra_q\n    kind: choice\n    prompt: Is it?\n    answers: [yes, no]\n    default: no\n",
            ":6:15:",
            &["= help: write one `value: label` line for each answer under `answers:`, such as `token: A token (a card)`, or `answers: {token: A token (a card), modest: Modest (a book)}`\n"],
        ),
        (
            "a colon inside an unquoted sentence",
            "id: p\nfindings:\n  - id: a\n    level: consult\n    when: {contact: gift}\n    because: Gifts matter: think first.\n",
            ":6:26:",
            &["colon", "quotes"],
        ),
        (
            "a dedented `because:`",
            "id: p\nfindings:\n  - id: a\n    level: consult\n    when: {contact: gift}\nbecause: Gifts matter.\n",
            ":6:1:",
            &["top level", "indent it"],
        ),
        (
            "one space short",
            "id: p\nfindings:\n  - id: a\n    level: consult\n   when: {contact: gift}\n    because: B.\n",
            ":5:4:",
            &["indentation", "column"],
        ),
        ("no space after a colon", "id: p\nfindings:\n  - id: a\n    level:safeguards\n    when: {contact: gift}\n    because: B.\n", ":4:", &["space after the colon"]),
        (
            "a misspelt file id",
            "id: wellbeing\nfindings:\n  - id: depleted\n    level: safeguards\n    when: {therapist_depleted: yes}\n    because: x.\n",
            ":1:5:",
            &["did you mean `well_being`"],
        ),
        ("a misspelt level", "id: p\nfindings:\n  - id: a\n    level: consulte\n    when: {contact: gift}\n    because: B.\n", ":4:12:", &["did you mean `consult`"]),
        (
            "a partial question bank",
            "id: questions\nquestions:\n  - id: fee_waived\n    prompt: Fee waived?\n    kind: yes_no\n    default: no\n",
            ":1:5:",
            &["replaces the whole question bank", "imminent_risk", "client_status", "rules export"],
        ),
    ];
    for (what, text, place, says) in table {
        let r = validate(text);
        r.bad_input();
        let first = r.stderr.lines().next().unwrap_or("");
        assert!(
            first.contains(&format!("mine.yaml{place}")),
            "{what}: placed at {first}"
        );
        r.says(says);
        assert!(
            !r.stderr.contains("bundled:"),
            "{what}: nothing blamed on the bundled files:\n{}",
            r.stderr
        );
    }
}

#[test]
fn every_problem_in_a_file_is_reported_at_once() {
    let three = "id: p\nfindings:\n  - id: a\n    level: consult\n    when: {contact: gift}\n    becuase: A.\n  - id: b\n    level: consult\n    when: {contact: gift}\n    becuase: B.\n  - id: c\n    level: consult\n    when: {contact: gift}\n    becuase: C.\n";
    let r = validate(three);
    r.bad_input();
    r.says(&[
        "mine.yaml:6:5:",
        "mine.yaml:10:5:",
        "mine.yaml:14:5:",
        "did you mean `because`",
        "3 errors, 0 warnings",
    ]);
    assert!(
        !r.stderr.contains("needs `because:`"),
        "a misspelling is reported once: {}",
        r.stderr
    );
}

#[test]
fn rules_after_the_subcommand_and_the_config_file_are_honoured() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "mine.yaml", FINDING);
    run(&["rules", "list", "--rules", f.to_str().unwrap()])
        .ok()
        .shows(&["gifts_policy", "any-gift"]);
    let cfg = write(dir.path(), "config.yaml", "rules: [mine.yaml]\n");
    let r = run_cmd(
        cmd()
            .env("BOUNDCHECK_CONFIG", &cfg)
            .args(["rules", "validate"]),
    );
    r.ok();
    r.says(&["9 files"]);
}

#[test]
fn the_examples_coverage_is_summed_up_in_a_line() {
    let r = run(&["rules", "validate", "--examples", "examples"]);
    r.ok();
    let last = r.stderr.lines().last().unwrap();
    assert!(
        last.ends_with("findings exercised by the examples"),
        "{last}"
    );
    // Each finding no example exercises is named at its own line.
    assert!(
        r.stderr.contains("bundled:objectivity.yaml:76:9: warning: no scenario in examples makes `invitation-from-therapist` fire\n  76 |   - id: invitation-from-therapist\n"),
        "{}",
        r.stderr
    );
    // A scenario that cannot run is said, not skipped.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.yaml", "answers:\n  contact: gfit\n");
    let b = run(&[
        "rules",
        "validate",
        "--examples",
        dir.path().to_str().unwrap(),
    ]);
    b.ok();
    assert!(
        b.stderr.starts_with(&format!(
            "{}/bad.yaml: warning: this scenario cannot run, so it exercises no finding: `gfit` is not an answer to `contact` (did you mean `gift`?)",
            dir.path().display()
        )),
        "{}",
        b.stderr
    );
}

/// `rules verify` with one overlay file: the run, and the overlay's directory.
fn verify_with(overlay: &str) -> (Run, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "mine.yaml", overlay);
    let r = run(&["rules", "verify", dir.path().to_str().unwrap()]);
    (r, dir)
}

#[test]
fn verify_catches_each_planted_violation_with_a_counterexample_that_runs() {
    let head = "id: mine\ntitle: Our practice\nabout: Our own rules.\nfindings:\n";
    let cases: [(&str, &str, &str); 6] = [
        (
            "a consult finding with no words to use",
            "  - id: no-words\n    level: consult\n    when: {contact: gift, gift_value: substantial}\n    because: Our practice asks.\n",
            "# BROKEN P4: a finding at Consult before acting or above has words to use (`no-words`): `no-words` (Consult before acting) fires and has no reply; give it one, or `no_reply: true` where nobody waits for an answer",
        ),
        (
            "'unsure' as a way down",
            "  - id: only-when-sure\n    level: prohibited\n    when: {contact: gift, gift_value: substantial, client_vulnerability: yes}\n    because: Our practice asks.\n    reply: No, thank you.\n",
            "# BROKEN P1: hedging is never a way down (`client_vulnerability`): with `client_vulnerability: unsure` the recommendation is Decline, and address it in session; with `client_vulnerability: yes` it is Do not proceed: prohibited",
        ),
        (
            "six things that cannot wait in one finding",
            "  - id: too-urgent\n    level: safeguards\n    when: {contact: gift}\n    because: Our practice asks.\n    safeguards:\n      - {text: One., urgency: now}\n      - {text: Two., urgency: now}\n      - {text: Three., urgency: now}\n      - {text: Four., urgency: now}\n      - {text: Five., urgency: now}\n      - {text: Six., urgency: now}\n",
            "# BROKEN P6: what cannot wait fits in five things to do (`too-urgent`): `too-urgent` shows 6 `now` safeguards, so one would land under \"Also\"; make one `next`, or join two",
        ),
        (
            "a reference that is not a code and a number",
            "  - id: loose-reference\n    level: safeguards\n    when: {contact: gift}\n    because: Our practice asks.\n    references: [our handbook]\n",
            "# BROKEN P9: references are by code and number (`loose-reference`): `loose-reference` cites \"our handbook\"; a reference is a code the bank knows (APA, ACA, NASW, AAMFT, BACP, CRPO) and a standard's number",
        ),
        (
            "an invariant the rules break",
            "  - id: small-thing\n    level: proceed\n    when: {contact: gift}\n    because: Our practice asks.\ninvariants:\n  - name: costly gifts are fine\n    when: {contact: gift, gift_value: substantial}\n    at_most: proceed\n",
            "# BROKEN invariant \"costly gifts are fine\": the recommendation is Decline, and address it in session here, above Proceed (`personal-stake` fires)",
        ),
        (
            "an invariant nothing can reach",
            "  - id: small-thing\n    level: proceed\n    when: {contact: gift}\n    because: Our practice asks.\ninvariants:\n  - name: a gift between strangers\n    when: {contact: gift, client_status: current, months_since_end: {under: 3}}\n    at_most: proceed\n",
            "# BROKEN invariant \"a gift between strangers\": no answers make its `when` hold, so it proves nothing; check its conditions (an answer the walk never asks for, or two that cannot go together)",
        ),
    ];
    for (what, findings, broken) in cases {
        let (r, dir) = verify_with(&format!("{head}{findings}"));
        assert_eq!(r.code, 1, "{what}: {}{}", r.stdout, r.stderr);
        let first = r.stdout.lines().next().unwrap_or("");
        assert!(
            first.starts_with(broken),
            "{what}:\n{first}\nnot:\n{broken}"
        );
        // The summary is a comment, wrapped to the width, each line a comment.
        let summary = &r.stdout[r
            .stdout
            .rfind("\n# 1 property broken; proved: ")
            .expect("a summary")
            + 1..];
        assert!(
            summary.lines().skip(1).all(|l| l.starts_with("#   ")),
            "{what}: {summary}"
        );
        // The whole output, saved as it is, is a scenario file that runs.
        let file = write(
            dir.path().parent().unwrap(),
            &format!("cx-{}.yaml", std::process::id()),
            &r.stdout,
        );
        let replay = run(&[
            "assess",
            "--rules",
            dir.path().to_str().unwrap(),
            "--scenario",
            file.to_str().unwrap(),
            "--format",
            "json",
        ]);
        let _ = std::fs::remove_file(&file);
        if what.contains("nothing can reach") {
            // Its answers are empty: nothing to replay but the refusal.
            assert_eq!(replay.code, 2, "{what}");
            continue;
        }
        replay.ok();
    }
}

#[test]
fn impact_lists_what_an_edit_changes_and_the_scenarios_that_cannot_run() {
    let dir = tempfile::tempdir().unwrap();
    let course = dir.path().join("course");
    std::fs::create_dir(&course).unwrap();
    for name in [
        "12-gift-with-cultural-meaning.yaml",
        "14-friend-request-current-client.yaml",
    ] {
        std::fs::copy(root().join("examples").join(name), course.join(name)).unwrap();
    }
    write(
        &course,
        "99-typo.yaml",
        "answers:\n  imminent_risk: no\n  contact: gfit\n",
    );
    let overlay = write(
        dir.path(),
        "mine.yaml",
        "id: mine\ntitle: Our practice\nabout: Our own rules.\nfindings:\n  - id: modest-gifts-consult\n    level: consult\n    when: {contact: gift, gift_value: modest}\n    because: Our practice talks every gift over first.\n    reply: Thank you; let me think about it, and I'll come back to you.\n",
    );
    let r = run(&[
        "rules",
        "impact",
        overlay.to_str().unwrap(),
        "--examples",
        course.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let c = course.display();
    assert_eq!(
        r.stdout,
        format!(
            "{c}/12-gift-with-cultural-meaning.yaml: Proceed with safeguards → Consult before acting\n  \
             now fires: modest-gifts-consult\n\
             {c}/99-typo.yaml: cannot run (line 3, column 12: `gfit` is not an answer to `contact` (did you mean `gift`?): it takes message, call, social_media, online_search, chance_encounter, gift, invitation, social, business, barter, romantic, outside_setting, third_party, online_presence, review, treat_associate or unwanted_contact)\n\
             1 of 3 scenarios change with the overlay; 1 cannot run without it either (listed last): fix it first\n"
        )
    );
    // A directory that is not there is bad input, not "nothing changes".
    let missing = run(&[
        "rules",
        "impact",
        overlay.to_str().unwrap(),
        "--examples",
        dir.path().join("nowhere").to_str().unwrap(),
    ]);
    assert_eq!(missing.code, 2);
    assert_eq!(
        missing.stderr,
        format!(
            "{}/nowhere: error: no such file or directory\n",
            dir.path().display()
        )
    );
    // A directory with no scenario files: one message, said once, for each command.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let e = empty.to_str().unwrap();
    for args in [
        &["check", e][..],
        &[
            "rules",
            "impact",
            overlay.to_str().unwrap(),
            "--examples",
            e,
        ][..],
        &["rules", "validate", "--examples", e][..],
    ] {
        let r = run(args);
        assert_eq!(r.code, 2, "{args:?}");
        assert_eq!(
            r.stderr,
            format!("{e}: error: no scenario files here (files ending in .yaml or .yml)\n"),
            "{args:?}"
        );
    }
}
