//! `--format markdown`: a note for the clinical record. The situation in
//! words, the recommendation and reasons, the safeguards as a checklist, and
//! lines to complete; the clinician's answers about themselves apart, so they
//! can stay out of the client's chart. No suggested reply, no what-if, nothing
//! that identifies anyone.

use std::fmt::Write as _;

use boundcheck_rules::engine::{self, Assessment};

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
    // A finding that answers about the clinician (tired, a stake of their own)
    // goes with those answers, apart from the chart; so do the safeguards only
    // such findings list.
    let about_me = |f: &&boundcheck_rules::engine::Fired| f.triggered_by.iter().any(|t| t.private);
    let (mine, theirs): (Vec<_>, Vec<_>) = a.findings.iter().partition(about_me);
    if !mine.is_empty() && !theirs.iter().any(|f| f.level == a.recommendation) {
        let _ = writeln!(
            out,
            "The reason for this recommendation is about the clinician: it is below, for the clinician only.\n"
        );
    }
    let reason = |out: &mut String, f: &boundcheck_rules::engine::Fired| {
        let _ = writeln!(
            out,
            "- **{}** ({}): {}",
            f.rationale_title,
            f.level.label(),
            one_line(&f.because)
        );
    };
    for f in &theirs {
        reason(&mut out, f);
    }
    let charted: Vec<String> = theirs
        .iter()
        .flat_map(|f| f.safeguards.iter().map(|s| engine::normalise(&s.text)))
        .collect();
    let (chart, own): (Vec<_>, Vec<_>) = a
        .safeguards()
        .partition(|s| charted.contains(&engine::normalise(&s.text)));
    if !chart.is_empty() {
        let _ = writeln!(out, "\n## Safeguards\n");
        for s in chart {
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
            "Your answers about yourself{}. You may keep this section out of the client's chart.\n",
            if mine.is_empty() && own.is_empty() {
                ""
            } else {
                ", and what follows from them"
            }
        );
        for x in private {
            let _ = writeln!(out, "- {} {}", one_line(&x.prompt), one_line(&x.label));
        }
        if !mine.is_empty() {
            let _ = writeln!(out, "\n### Reasons\n");
            for f in &mine {
                reason(&mut out, f);
            }
        }
        if !own.is_empty() {
            let _ = writeln!(out, "\n### Safeguards\n");
            for s in own {
                let _ = writeln!(out, "- [ ] {}", one_line(&s.text));
            }
        }
    }
    out
}
