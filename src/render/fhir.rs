//! FHIR R4: the question bank as a Questionnaire (`rules export --format
//! fhir`) and an assessment as a QuestionnaireResponse against it (`assess
//! --format fhir`), so an electronic health record can file it. The canonical
//! URL is the project's own and is never looked up.

use boundcheck_rules::condition::{Condition, Op, Test};
use boundcheck_rules::engine::Assessment;
use boundcheck_rules::level::Level;
use boundcheck_rules::model::{Kind, Question, RuleSet};
use boundcheck_rules::Answer;
use serde_json::{json, Value as Json};

/// The Questionnaire's canonical URL (`.invalid`: never resolved).
pub const URL: &str = "https://boundcheck.invalid/fhir/Questionnaire/boundcheck";

/// The Questionnaire's version: the rule set's version and digest, so a
/// response names exactly the bank it answers.
pub fn version(rules_version: &str, digest: &str) -> String {
    format!("{rules_version}-{digest}")
}

fn system(id: &str) -> String {
    format!("{URL}/CodeSystem/{id}")
}

fn coding(q: &str, code: &str, display: &str) -> Json {
    json!({"system": system(q), "code": code, "display": display})
}

/// `enableWhen` for a condition FHIR can say exactly, with its behaviour.
fn enable_when(rules: &RuleSet, c: &Condition) -> Option<(Vec<Json>, &'static str)> {
    match c {
        Condition::Always => Some((Vec::new(), "all")),
        Condition::Test { q, test } => {
            let question = &rules.questions[usize::from(*q)];
            let (list, behaviour) = test_conditions(question, test)?;
            Some((list, behaviour))
        }
        Condition::All(list) => {
            // Every part must be a test that FHIR says with "all".
            let mut out = Vec::new();
            for part in list {
                let Condition::Test { q, test } = part else {
                    return None;
                };
                let (conds, behaviour) = test_conditions(&rules.questions[usize::from(*q)], test)?;
                if behaviour != "all" && conds.len() > 1 {
                    return None;
                }
                out.extend(conds);
            }
            Some((out, "all"))
        }
        _ => None,
    }
}

fn test_conditions(q: &Question, test: &Test) -> Option<(Vec<Json>, &'static str)> {
    let named = |set: &u64| -> Vec<Json> {
        q.choices
            .iter()
            .enumerate()
            .filter(|(i, _)| (set >> i) & 1 == 1)
            .map(|(_, c)| coding(&q.id, &c.value, &c.label))
            .collect()
    };
    match test {
        Test::Choices { set, negate: false } => {
            let list: Vec<Json> = named(set)
                .into_iter()
                .map(|c| json!({"question": q.id, "operator": "=", "answerCoding": c}))
                .collect();
            let behaviour = if list.len() > 1 { "any" } else { "all" };
            Some((list, behaviour))
        }
        Test::Choices { set, negate: true } => {
            // "Answered, with none of these": the question exists and differs from each.
            let mut list =
                vec![json!({"question": q.id, "operator": "exists", "answerBoolean": true})];
            list.extend(
                named(set)
                    .into_iter()
                    .map(|c| json!({"question": q.id, "operator": "!=", "answerCoding": c})),
            );
            Some((list, "all"))
        }
        Test::Compare(ops) => Some((
            ops.iter()
                .map(|(op, n)| {
                    let operator = match op {
                        Op::Under => "<",
                        Op::AtMost => "<=",
                        Op::Over => ">",
                        Op::AtLeast => ">=",
                    };
                    json!({"question": q.id, "operator": operator, "answerInteger": n})
                })
                .collect(),
            "all",
        )),
        Test::Numbers { .. } => None,
    }
}

fn item(rules: &RuleSet, q: &Question) -> Json {
    let mut item = json!({"linkId": q.id, "text": q.prompt});
    match q.kind {
        Kind::Number => {
            item["type"] = json!("integer");
        }
        _ => {
            item["type"] = json!("choice");
            item["answerOption"] = q
                .choices
                .iter()
                .map(|c| json!({"valueCoding": coding(&q.id, &c.value, &c.label)}))
                .collect();
        }
    }
    match enable_when(rules, &q.ask_when) {
        Some((conds, _)) if conds.is_empty() => {}
        Some((conds, behaviour)) => {
            if conds.len() > 1 {
                item["enableBehavior"] = json!(behaviour);
            }
            item["enableWhen"] = json!(conds);
        }
        None => {
            // What FHIR cannot say, in words: the item is enabled by the app.
            item["extension"] = json!([{
                "url": format!("{URL}/StructureDefinition/asked-when"),
                "valueString": rules.asked_when(q),
            }]);
        }
    }
    if let Some(h) = &q.help {
        item["item"] = json!([{"linkId": format!("{}.help", q.id), "text": h, "type": "display"}]);
    }
    item
}

/// The active question bank as a FHIR R4 Questionnaire.
pub fn questionnaire(rules: &RuleSet) -> Json {
    let mut items: Vec<Json> = rules.questions.iter().map(|q| item(rules, q)).collect();
    items.push(json!({
        "linkId": "recommendation",
        "text": "Recommendation",
        "type": "choice",
        "readOnly": true,
        "answerOption": Level::ALL.iter().map(|l| json!({"valueCoding": coding("recommendation", l.id(), l.label())})).collect::<Vec<_>>(),
    }));
    items.push(json!({
        "linkId": "findings",
        "text": "Findings",
        "type": "choice",
        "repeats": true,
        "readOnly": true,
        "answerOption": rules.findings.iter().map(|f| json!({"valueCoding": coding("findings", &f.id, &format!("{} ({})", rules.rationale_of(f).title, f.level.label()))})).collect::<Vec<_>>(),
    }));
    json!({
        "resourceType": "Questionnaire",
        "url": URL,
        "version": version(&rules.version, &rules.digest),
        "name": "BoundcheckConsultation",
        "title": "boundcheck: a boundary consultation",
        "status": "active",
        "description": "The questions boundcheck asks about a proposed contact with a client outside a scheduled session. A question is asked only when its condition holds and its answer could still change the findings.",
        "item": items,
    })
}

/// An assessment as a QuestionnaireResponse against [`questionnaire`].
pub fn response(rules: &RuleSet, a: &Assessment, authored: &str) -> Json {
    let mut items: Vec<Json> = a
        .answers
        .iter()
        .map(|x| {
            let answer = match &x.answer {
                Answer::Number(n) => json!({"valueInteger": n}),
                Answer::Choice(c) => json!({"valueCoding": coding(&x.id, c, &x.label)}),
            };
            json!({"linkId": x.id, "text": x.prompt, "answer": [answer]})
        })
        .collect();
    items.push(json!({
        "linkId": "recommendation",
        "text": "Recommendation",
        "answer": [{"valueCoding": coding("recommendation", a.recommendation.id(), a.recommendation.label())}],
    }));
    if !a.findings.is_empty() {
        items.push(json!({
            "linkId": "findings",
            "text": "Findings",
            "answer": a.findings.iter().map(|f| json!({"valueCoding": coding("findings", &f.id, &format!("{} ({})", f.rationale_title, f.level.label()))})).collect::<Vec<_>>(),
        }));
    }
    let _ = rules;
    json!({
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "questionnaire": format!("{URL}|{}", version(&a.version, &a.digest)),
        "authored": authored,
        "item": items,
    })
}

/// Pretty JSON with what JSON does not escape made safe.
pub fn text(v: &Json) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    boundcheck_rules::text::json_safe(s)
}
