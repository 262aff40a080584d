//! `--format markdown`: a note for the clinical record. The situation in
//! words, the recommendation and reasons, the safeguards as a checklist, and
//! lines to complete; the clinician's answers about themselves apart, so they
//! can stay out of the client's chart. No suggested reply, no what-if, nothing
//! that identifies anyone.

use std::fmt::Write as _;

use boundcheck_rules::engine::Assessment;

use super::meaning;

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn assessment(a: &Assessment, when: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Boundary consultation note\n");
    let _ = writeln!(out, "- Date and time: {when}");
    let _ = writeln!(
        out,
        "- Rule set: boundcheck {}, digest `{}`",
        a.version, a.digest
    );
    let _ = writeln!(out, "- Recommendation: **{}**\n", a.recommendation.label());

    let _ = writeln!(out, "## Situation\n");
    for x in a.answers.iter().filter(|x| !x.private) {
        let _ = writeln!(out, "- {} {}", one_line(&x.prompt), one_line(&x.label));
    }

    let _ = writeln!(
        out,
        "\n## Recommendation\n\n**{}.** {}",
        a.recommendation.label(),
        meaning(a.recommendation)
    );
    let _ = writeln!(out, "\n## Reasons\n");
    if a.findings.is_empty() {
        let _ = writeln!(out, "No rule raised a concern with these answers.");
    }
    for f in &a.findings {
        let _ = writeln!(
            out,
            "- **{}** ({}): {}",
            f.rationale_title,
            f.level.label(),
            one_line(&f.because)
        );
    }
    let all: Vec<_> = a.safeguards().collect();
    if !all.is_empty() {
        let _ = writeln!(out, "\n## Safeguards\n");
        for s in all {
            let _ = writeln!(out, "- [ ] {}", one_line(&s.text));
        }
    }
    if !a.references.is_empty() {
        let _ = writeln!(
            out,
            "\n## References\n\n{}",
            super::text::references(&a.references)
        );
    }
    let _ = writeln!(out, "\n## To complete\n");
    for line in [
        "Action taken",
        "Consulted with (role, date)",
        "Client informed (how, when)",
        "Follow-up",
    ] {
        let _ = writeln!(out, "- {line}: ");
    }
    let private: Vec<_> = a.answers.iter().filter(|x| x.private).collect();
    if !private.is_empty() {
        let _ = writeln!(out, "\n## For the clinician only\n");
        let _ = writeln!(
            out,
            "Your answers about yourself. You may keep this section out of the client's chart.\n"
        );
        for x in private {
            let _ = writeln!(out, "- {} {}", one_line(&x.prompt), one_line(&x.label));
        }
    }
    out
}
