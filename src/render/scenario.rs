//! A saved consultation as a scenario file: replaying it gives the same
//! recommendation.

use std::fmt::Write as _;

use boundcheck_rules::engine::Assessment;
use boundcheck_rules::Answer;

fn yaml_scalar(a: &Answer) -> String {
    match a {
        Answer::Number(n) => n.to_string(),
        // Answer values are ids (lower-case letters, digits, _): safe unquoted.
        Answer::Choice(c) => c.clone(),
    }
}

pub fn saved(a: &Assessment, date: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Saved by boundcheck assess on {date}. Replay: boundcheck assess --scenario THIS_FILE"
    );
    let _ = writeln!(out, "title: Consultation of {date}");
    let _ = writeln!(out, "answers:");
    for x in &a.answers {
        let _ = writeln!(out, "  {}: {}", x.id, yaml_scalar(&x.answer));
    }
    let _ = writeln!(out, "record:");
    let _ = writeln!(out, "  date: {date}");
    let _ = writeln!(out, "  recommendation: {}", a.recommendation.id());
    let _ = writeln!(
        out,
        "  rule_set: {{version: \"{}\", digest: \"{}\"}}",
        a.version, a.digest
    );
    out
}
