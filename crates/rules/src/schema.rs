//! JSON Schemas for editors, generated from the rule crate's raw types
//! (schemars) and filled in from the active rule set: question ids, each
//! question's answers, finding and rationale ids. An editor with a YAML language
//! server then completes `contact:` and flags `contact: gfit`.

use schemars::JsonSchema;
use serde_json::{json, Map, Value as Json};

use crate::level::Level;
use crate::load::raw::RawFile;
use crate::model::{Kind, Question, RuleSet};

/// A scenario file, as written (for its schema; scenarios are read by
/// [`crate::scenario`], which names the same keys).
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub struct ScenarioFile {
    /// The scenario's title, shown in practice and teach.
    title: Option<String>,
    /// The situation, in a few sentences, with no names or identifying details.
    vignette: Option<String>,
    /// Topics, for `practice --tag` and lesson planning.
    tags: Option<Vec<String>>,
    /// Question id → answer. Questions not asked are ignored; a question asked and not answered (with no default) is an error.
    answers: Map<String, Json>,
    /// Question id → why the script answers it so (shown to a trainee in practice).
    notes: Option<Map<String, Json>>,
    /// What `check` and `practice` expect of the result.
    expect: Option<ExpectFile>,
    /// Teaching notes, shown after practice and teach.
    discussion: Option<String>,
    /// Written by `assess --save`; ignored when the file is replayed.
    record: Option<Map<String, Json>>,
}

/// What a scenario expects: a recommendation (or a range), findings and rationales.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub struct ExpectFile {
    /// The recommendation exactly.
    recommendation: Option<Level>,
    /// The recommendation is at least this.
    at_least: Option<Level>,
    /// The recommendation is at most this.
    at_most: Option<Level>,
    /// Findings that must fire (ids from the rule files).
    findings: Option<Vec<String>>,
    /// Rationales that must be cited.
    rationales: Option<Vec<String>>,
}

/// The schema of one question's answer in a scenario.
fn answer_schema(q: &Question) -> Json {
    let description = format!("{} ({})", q.prompt, q.allowed());
    match q.kind {
        Kind::Number => {
            json!({"type": "integer", "minimum": q.min, "maximum": q.max, "description": description})
        }
        Kind::YesNo | Kind::YesNoUnsure => {
            let values: Vec<&str> = q.values().collect();
            json!({"anyOf": [{"enum": values}, {"type": "boolean"}], "description": description})
        }
        Kind::Choice => {
            let values: Vec<&str> = q.values().collect();
            json!({"enum": values, "description": description})
        }
    }
}

/// What a condition may hold for one question: an answer, a list, or a test block.
fn test_schema(q: &Question) -> Json {
    let one = answer_schema(q);
    let mut options = vec![one.clone(), json!({"type": "array", "items": one.clone()})];
    let mut test = Map::new();
    test.insert("not".into(), json!({"anyOf": [one.clone(), {"type": "array", "items": one}], "description": "the question was answered, with none of these"}));
    if q.kind == Kind::Number {
        for (op, words) in [
            ("under", "below"),
            ("at_most", "at most"),
            ("over", "above"),
            ("at_least", "at least"),
        ] {
            test.insert(
                op.into(),
                json!({"type": "integer", "description": format!("the number is {words} this")}),
            );
        }
    }
    options.push(json!({"type": "object", "properties": test, "additionalProperties": false}));
    json!({"anyOf": options, "description": q.prompt})
}

/// The condition language over this rule set's questions.
fn condition_schema(rules: &RuleSet) -> Json {
    let mut props = Map::new();
    for q in &rules.questions {
        props.insert(q.id.clone(), test_schema(q));
    }
    let nested = json!({"$ref": "#/$defs/Condition"});
    props.insert("all".into(), json!({"type": "array", "items": nested, "description": "every condition in the list holds"}));
    props.insert("any".into(), json!({"type": "array", "items": nested, "description": "at least one condition in the list holds"}));
    props.insert(
        "not".into(),
        json!({"allOf": [nested], "description": "the condition does not hold"}),
    );
    json!({
        "description": "A condition: `question_id: answer` lines (all must hold), where an answer may be a value, a list of values, `{not: …}`, or for numbers `{under: N}`, `{at_most: N}`, `{over: N}`, `{at_least: N}`; or all, any, not; or `always`.",
        "anyOf": [
            {"type": "object", "properties": props, "additionalProperties": false},
            {"const": "always"},
            {"type": "null"}
        ]
    })
}

fn generated<T: JsonSchema>() -> Json {
    let settings = schemars::generate::SchemaSettings::draft07();
    let schema = settings.into_generator().into_root_schema_for::<T>();
    serde_json::to_value(schema).unwrap_or(Json::Null)
}

/// Moves draft-07's `definitions` to `$defs` so one `$ref` form serves both.
fn defs_of(schema: &mut Json) -> &mut Map<String, Json> {
    let obj = schema.as_object_mut().expect("a schema is an object");
    if let Some(d) = obj.remove("definitions") {
        obj.insert("$defs".into(), d);
    }
    obj.entry("$defs")
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .expect("definitions are an object")
}

/// Rewrites `#/definitions/X` references as `#/$defs/X`.
fn fix_refs(v: &mut Json) {
    match v {
        Json::Object(m) => {
            if let Some(Json::String(r)) = m.get_mut("$ref") {
                if let Some(rest) = r.strip_prefix("#/definitions/") {
                    *r = format!("#/$defs/{rest}");
                }
            }
            m.values_mut().for_each(fix_refs);
        }
        Json::Array(a) => a.iter_mut().for_each(fix_refs),
        _ => {}
    }
}

/// The schema of rule files, with this rule set's question ids and answers.
pub fn rules_schema(rules: &RuleSet) -> Json {
    let mut schema = generated::<RawFile>();
    defs_of(&mut schema).insert("Condition".into(), condition_schema(rules));
    fix_refs(&mut schema);
    schema["title"] = json!("boundcheck rule file");
    schema
}

/// The schema of scenario files, with this rule set's questions, answers,
/// findings and rationales.
pub fn scenario_schema(rules: &RuleSet) -> Json {
    let mut schema = generated::<ScenarioFile>();
    let mut answers = Map::new();
    let mut notes = Map::new();
    for q in &rules.questions {
        answers.insert(q.id.clone(), answer_schema(q));
        notes.insert(q.id.clone(), json!({"type": "string", "description": format!("why the script answers “{}” as it does", q.prompt)}));
    }
    let findings: Vec<&str> = rules
        .findings
        .iter()
        .flat_map(|f| std::iter::once(f.id.as_str()).chain(f.replaces.iter().map(String::as_str)))
        .collect();
    let rationales: Vec<&str> = rules.rationales.iter().map(|r| r.id.as_str()).collect();
    let props = schema["properties"]
        .as_object_mut()
        .expect("a scenario has properties");
    props.insert(
        "answers".into(),
        json!({"type": "object", "properties": answers, "additionalProperties": false, "description": "Question id → answer. Questions not asked are ignored; a question asked and not answered (with no default) is an error."}),
    );
    props.insert(
        "notes".into(),
        json!({"type": "object", "properties": notes, "additionalProperties": false, "description": "Question id → why the script answers it so (shown to a trainee in practice)."}),
    );
    fix_refs(&mut schema);
    let defs = defs_of(&mut schema);
    if let Some(expect) = defs.get_mut("ExpectFile") {
        expect["properties"]["findings"] = json!({"type": "array", "items": {"enum": findings}, "description": "Findings that must fire (ids from the rule files)."});
        expect["properties"]["rationales"] = json!({"type": "array", "items": {"enum": rationales}, "description": "Rationales that must be cited."});
    }
    fix_refs(&mut schema);
    schema["title"] = json!("boundcheck scenario file");
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(schema: &Json) -> Vec<String> {
        let mut k: Vec<String> = schema["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        k.sort();
        k
    }

    fn sorted(list: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        v.sort();
        v
    }

    #[test]
    fn the_readers_and_the_schemas_name_the_same_keys() {
        use crate::load::raw::*;
        let file = generated::<RawFile>();
        assert_eq!(keys(&file), sorted(FILE_KEYS));
        let defs = file.get("$defs").or(file.get("definitions")).unwrap();
        assert_eq!(keys(&defs["RawQuestion"]), sorted(QUESTION_KEYS));
        assert_eq!(keys(&defs["RawFinding"]), sorted(FINDING_KEYS));
        assert_eq!(keys(&defs["RawInvariant"]), sorted(INVARIANT_KEYS));
        assert_eq!(keys(&defs["RawVariant"]), sorted(VARIANT_KEYS));
        assert_eq!(keys(&defs["RawSafeguardBlock"]), sorted(SAFEGUARD_KEYS));
        let scenario = generated::<ScenarioFile>();
        assert_eq!(keys(&scenario), sorted(crate::scenario::SCENARIO_KEYS));
        let sdefs = scenario
            .get("$defs")
            .or(scenario.get("definitions"))
            .unwrap();
        assert_eq!(
            keys(&sdefs["ExpectFile"]),
            sorted(crate::scenario::EXPECT_KEYS)
        );
    }

    #[test]
    fn every_key_has_a_description() {
        fn walk(v: &Json, path: &str, missing: &mut Vec<String>) {
            if let Some(props) = v.get("properties").and_then(Json::as_object) {
                for (k, p) in props {
                    let described = p.get("description").is_some()
                        || p.get("$ref").is_some()
                        || p.get("allOf").is_some();
                    if !described {
                        missing.push(format!("{path}.{k}"));
                    }
                }
            }
            if let Some(defs) = v
                .get("$defs")
                .or(v.get("definitions"))
                .and_then(Json::as_object)
            {
                for (k, d) in defs {
                    walk(d, k, missing);
                }
            }
        }
        let mut missing = Vec::new();
        walk(&generated::<RawFile>(), "file", &mut missing);
        walk(&generated::<ScenarioFile>(), "scenario", &mut missing);
        assert!(
            missing.is_empty(),
            "keys without a description: {missing:?}"
        );
    }
}
