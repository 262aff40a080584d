//! `--format json`: SPEC's stable fields, one object. JSON escapes what JSON
//! can; the characters it passes (C1, bidi, zero-width) are escaped too.

use boundcheck_rules::engine::Assessment;
use serde_json::{json, Map, Value as Json};

fn answer(a: &boundcheck_rules::Answer) -> Json {
    match a {
        boundcheck_rules::Answer::Choice(c) => Json::String(c.clone()),
        boundcheck_rules::Answer::Number(n) => Json::from(*n),
    }
}

fn answers(list: &[boundcheck_rules::engine::Answered]) -> Json {
    let mut m = Map::new();
    for a in list {
        m.insert(a.id.clone(), answer(&a.answer));
    }
    Json::Object(m)
}

pub fn assessment(a: &Assessment) -> String {
    let findings: Vec<Json> = a
        .findings
        .iter()
        .map(|f| {
            let mut o = json!({
                "id": f.id,
                "rationale": f.rationale,
                "level": f.level.id(),
                "because": f.because,
                "triggered_by": answers(&f.triggered_by),
                "safeguards": f.safeguards.iter().map(|s| s.text.clone()).collect::<Vec<_>>(),
                "references": f.references.iter().map(|r| r.text.clone()).collect::<Vec<_>>(),
            });
            if let Some(r) = &f.reply {
                o["reply"] = Json::String(r.clone());
            }
            o
        })
        .collect();
    let mut out = json!({
        "recommendation": a.recommendation.id(),
        "label": a.recommendation.label(),
        "rule_set": {"version": a.version, "digest": a.digest},
        "answers": answers(&a.answers),
        "findings": findings,
        "rationales": a.rationales,
        "safeguards": a.safeguards().map(|s| s.text.clone()).collect::<Vec<_>>(),
        "what_to_do": a.todo.iter().map(|s| json!({"text": s.text, "urgency": s.urgency.id()})).collect::<Vec<_>>(),
        "what_would_change": a.what_would_change.iter().map(|c| json!({
            "question": c.question,
            "answer": answer(&c.answer),
            "recommendation": c.recommendation.id(),
        })).collect::<Vec<_>>(),
    });
    if let Some(r) = &a.reply {
        out["reply"] = Json::String(r.clone());
    }
    let mut s = serde_json::to_string_pretty(&out).unwrap_or_default();
    s.push('\n');
    boundcheck_rules::text::json_safe(s)
}
