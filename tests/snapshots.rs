//! What a person reads, whole: the rendered assessment (text, markdown, JSON,
//! FHIR) for a handful of examples, check's report, and `rules show`. Dates and
//! the rule-set digest are normalised; everything else is asserted as is.

use crate::common::*;

/// Output with the parts that change run to run (dates, the digest) replaced.
fn normalised(text: &str) -> String {
    let digest = bundled().digest.clone();
    let mut out = text.replace(&digest, "[digest]");
    out = out
        .lines()
        .map(|l| {
            if let Some(i) = l.find("Date and time: ") {
                format!("{}Date and time: [now]", &l[..i])
            } else if l.trim_start().starts_with("\"authored\"") {
                "  \"authored\": \"[now]\",".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    out.push('\n');
    out
}

fn assess(example: &str, format: &str) -> String {
    let r = run(&[
        "assess",
        "--scenario",
        &format!("examples/{example}.yaml"),
        "--format",
        format,
    ]);
    r.ok();
    normalised(&r.stdout)
}

#[test]
fn text_assessments_read_whole() {
    for example in [
        "05-frequent-texts-strong-attachment",
        "07-crisis-text-with-intent",
        "35-vague-message-it-all-to-stop",
        "39-thank-you-card-honest-stake",
        "45-parent-asks-how-a-teenager-is-doing",
        "62-tempted-to-correct-a-bad-review",
    ] {
        insta::assert_snapshot!(format!("text-{example}"), assess(example, "text"));
    }
}

#[test]
fn record_notes_read_whole() {
    for example in [
        "04-late-night-text-running-on-empty",
        // The finding that decides is about the clinician: kept out of the chart part.
        "39-thank-you-card-honest-stake",
        "46-separated-father-wants-a-custody-letter",
    ] {
        insta::assert_snapshot!(format!("markdown-{example}"), assess(example, "markdown"));
    }
}

#[test]
fn json_and_fhir_read_whole() {
    insta::assert_snapshot!(
        "json-05",
        assess("05-frequent-texts-strong-attachment", "json")
    );
    insta::assert_snapshot!(
        "fhir-31",
        assess("31-former-client-romance-apa-30-months", "fhir")
    );
}

#[test]
fn checks_report_reads_whole() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a-pass.yaml",
        &format!("title: Passes\n{LOGISTICS}expect:\n  recommendation: proceed\n"),
    );
    write(dir.path(), "b-range.yaml", &format!("{LOGISTICS}expect:\n  at_least: consult\n  findings: [routine-logistics-contact, no-such-finding]\n"));
    write(dir.path(), "c-skip.yaml", LOGISTICS);
    write(dir.path(), "d-broken.yaml", "answers:\n  contact: gfit\n");
    let r = run_cmd(cmd().current_dir(dir.path()).args(["check", "."]));
    assert_eq!(r.code, 1);
    insta::assert_snapshot!("check-report", r.stdout);
}

#[test]
fn rules_show_and_graph_name_the_nearest_id() {
    for command in ["show", "graph"] {
        let r = run(&["rules", command, "gift-modst"]);
        assert_eq!(r.code, 2, "rules {command}");
        assert_eq!(r.stdout, "");
        assert_eq!(
            r.stderr,
            "error: `gift-modst` is not a rationale, question or finding (did you mean `gift-modest`?); \
             `boundcheck rules list` shows them all\n",
            "rules {command}"
        );
    }
}

#[test]
fn rules_show_reads_whole() {
    for id in ["gift-modest", "imminent_risk", "third_party_wants"] {
        let r = run(&["rules", "show", id]);
        r.ok();
        insta::assert_snapshot!(format!("rules-show-{id}"), r.stdout);
    }
}
