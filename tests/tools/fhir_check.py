#!/usr/bin/env python3
"""FHIR R4 check of what `rules export --format fhir` and `assess --format fhir` write.

Usage: python3 tests/tools/fhir_check.py QUESTIONNAIRE.json RESPONSE.json [RESPONSE.json ...]

Two layers:
  * structure and types: each file is parsed with the R4B models of `fhir.resources`
    (pydantic: unknown fields, wrong types, malformed dates, two value[x] at once);
  * codes and references, which those models do not check (a bad `status` passes them):
    status codes, item types, unique linkIds, answerOption codings, enableWhen, the
    `recommendation` and `findings` items, and each response against the Questionnaire
    (its canonical reference, linkIds, codings among the answerOptions, integers,
    at most one answer for an item that does not repeat, no answer to a disabled item).

FHIR R4 (and R4B) item types have no `coding`: that is R5. A question answered from a
list of codings is `choice` (or `open-choice`, which also allows free text).

Installs nothing: CI runs `python3 -m pip install -r tests/tools/requirements-fhir.txt`
first (this script says so and exits 2 if the library is missing). Prints one line per
file and a closing `fhir_check: N passed, N failed`; exits 0 when every file is OK,
1 when any is not, 2 on bad usage or a missing library.
"""
import json
import sys

try:
    import pydantic
    from fhir.resources.R4B.questionnaire import Questionnaire
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
except ImportError as e:
    print(f"fhir_check: cannot import fhir.resources.R4B ({e}); install it with\n"
          f"  python3 -m pip install -r tests/tools/requirements-fhir.txt", file=sys.stderr)
    sys.exit(2)

# Value sets from the FHIR R4 specification (unchanged in R4B).
PUBLICATION_STATUS = {"draft", "active", "retired", "unknown"}
ITEM_TYPES = {"group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time",
              "string", "text", "url", "choice", "open-choice", "attachment", "reference", "quantity"}
CODED_TYPES = {"choice", "open-choice"}
ENABLE_OPERATORS = {"exists", "=", "!=", ">", "<", ">=", "<="}
ENABLE_BEHAVIOR = {"all", "any"}
# The answer[x] each item type takes (R4 QuestionnaireResponse, invariant qrs-2 / spec text).
ANSWER_KEYS = {
    "boolean": {"valueBoolean"}, "decimal": {"valueDecimal"}, "integer": {"valueInteger"},
    "date": {"valueDate"}, "dateTime": {"valueDateTime"}, "time": {"valueTime"},
    "string": {"valueString"}, "text": {"valueString"}, "url": {"valueUri"},
    "choice": {"valueCoding"}, "open-choice": {"valueCoding", "valueString"},
    "attachment": {"valueAttachment"}, "reference": {"valueReference"}, "quantity": {"valueQuantity"},
}
# boundcheck's own contract (SPEC.md, "Recommendation levels" and "Interoperability").
LEVELS = {"proceed", "safeguards", "consult", "decline", "prohibited", "emergency"}


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def model_problems(model, data):
    """Structure and type problems, as `where: what`."""
    try:
        model.model_validate(data)
        return []
    except pydantic.ValidationError as e:
        out = []
        for err in e.errors():
            where = ".".join(str(p) for p in err.get("loc", ())) or model.__name__
            msg = " ".join(str(err.get("msg", "")).split())  # the library's messages wrap lines
            out.append(f"{where}: {msg}")
        return out


def walk(items, path="item"):
    """Every item, nested ones too (item.item and, in responses, answer.item), in order."""
    for i, item in enumerate(items or []):
        here = f"{path}[{i}]"
        yield here, item
        yield from walk(item.get("item"), here + ".item")
        for j, answer in enumerate(item.get("answer") or []):
            yield from walk(answer.get("item"), f"{here}.answer[{j}].item")


def coding_key(coding):
    return (coding.get("system"), coding.get("code"))


def show(coding):
    return f"{coding.get('system')}|{coding.get('code')}"


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def check_questionnaire(q):
    """Problems in the Questionnaire itself, and an index of its items by linkId."""
    problems = []
    if q.get("resourceType") != "Questionnaire":
        problems.append(f"resourceType is {q.get('resourceType')!r}, not 'Questionnaire'")
    if q.get("status") not in PUBLICATION_STATUS:
        problems.append(f"status {q.get('status')!r} is not one of {sorted(PUBLICATION_STATUS)}")
    for key in ("url", "version"):
        if not isinstance(q.get(key), str) or not q.get(key):
            problems.append(f"no {key}: a response names the Questionnaire as url|version")

    index = {}  # linkId -> item
    for where, item in walk(q.get("item")):
        link = item.get("linkId")
        label = f"{where} ({link})"
        if not isinstance(link, str) or not link:
            problems.append(f"{where} has no linkId")
        elif link in index:
            problems.append(f"{label}: linkId used twice")

        kind = item.get("type")
        if kind == "coding":
            problems.append(f"{label}: type 'coding' is FHIR R5; in R4 a question answered with a coding is 'choice'")
        elif kind not in ITEM_TYPES:
            problems.append(f"{label}: type {kind!r} is not an R4 item type ({', '.join(sorted(ITEM_TYPES))})")

        options = item.get("answerOption") or []
        if kind in CODED_TYPES and not options and not item.get("answerValueSet"):
            problems.append(f"{label}: a {kind} item without answerOption or answerValueSet")
        seen_codes = set()
        for k, option in enumerate(options):
            coding = option.get("valueCoding")
            if coding is None:
                if kind in CODED_TYPES:
                    problems.append(f"{label}: answerOption[{k}] has no valueCoding")
                continue
            if not coding.get("system") or not coding.get("code"):
                problems.append(f"{label}: answerOption[{k}].valueCoding needs both system and code: {show(coding)}")
            if coding_key(coding) in seen_codes:
                problems.append(f"{label}: answerOption {show(coding)} listed twice")
            seen_codes.add(coding_key(coding))

        # enableWhen: valid operators, questions asked before this item, and answers
        # that fit the question they name.
        conditions = item.get("enableWhen") or []
        for k, cond in enumerate(conditions):
            op, target_id = cond.get("operator"), cond.get("question")
            if op not in ENABLE_OPERATORS:
                problems.append(f"{label}: enableWhen[{k}].operator {op!r} is not one of {sorted(ENABLE_OPERATORS)}")
            target = index.get(target_id)
            if target is None:
                problems.append(f"{label}: enableWhen[{k}].question {target_id!r} is not the linkId of an earlier item")
                continue
            answers = [key for key in cond if key.startswith("answer")]
            if len(answers) != 1:
                problems.append(f"{label}: enableWhen[{k}] needs exactly one answer[x], has {answers}")
                continue
            key = answers[0]
            if op == "exists" and key != "answerBoolean":
                problems.append(f"{label}: enableWhen[{k}] with 'exists' takes answerBoolean, not {key}")
            if key == "answerCoding":
                target_codes = {coding_key(o["valueCoding"]) for o in target.get("answerOption") or [] if "valueCoding" in o}
                if coding_key(cond[key]) not in target_codes:
                    problems.append(f"{label}: enableWhen[{k}].answerCoding {show(cond[key])} is not an answerOption of {target_id}")
            if key == "answerInteger" and not is_int(cond[key]):
                problems.append(f"{label}: enableWhen[{k}].answerInteger {cond[key]!r} is not an integer")
        behavior = item.get("enableBehavior")
        if len(conditions) > 1 and behavior not in ENABLE_BEHAVIOR:
            problems.append(f"{label}: {len(conditions)} enableWhen conditions need enableBehavior 'all' or 'any' (que-12)")
        elif behavior is not None and behavior not in ENABLE_BEHAVIOR:
            problems.append(f"{label}: enableBehavior {behavior!r} is not 'all' or 'any'")
        if isinstance(link, str) and link:
            index.setdefault(link, item)

    # The result items boundcheck adds.
    rec, findings = index.get("recommendation"), index.get("findings")
    if rec is None:
        problems.append("no 'recommendation' item")
    else:
        if rec.get("type") not in CODED_TYPES or not rec.get("readOnly"):
            problems.append("'recommendation' must be a readOnly choice item")
        if rec.get("repeats"):
            problems.append("'recommendation' must not repeat: a result has one level")
        codes = {o.get("valueCoding", {}).get("code") for o in rec.get("answerOption") or []}
        if codes != LEVELS:
            problems.append(f"'recommendation' answerOptions are {sorted(c for c in codes if c)}, not the six levels {sorted(LEVELS)}")
    if findings is None:
        problems.append("no 'findings' item")
    else:
        if findings.get("type") not in CODED_TYPES or not findings.get("readOnly") or not findings.get("repeats"):
            problems.append("'findings' must be a readOnly, repeating choice item")
        if not findings.get("answerOption"):
            problems.append("'findings' has no answerOption (the finding ids)")
    return problems, index


def enabled(item, answers_by_link):
    """Whether the response enables `item` by its enableWhen (True with none), or None
    when it cannot tell (a condition the response gives no answer to compare)."""
    conditions = item.get("enableWhen") or []
    if not conditions:
        return True
    results = []
    for cond in conditions:
        op = cond.get("operator")
        given = answers_by_link.get(cond.get("question"), [])
        key = next((k for k in cond if k.startswith("answer")), None)
        if op == "exists":
            results.append(bool(given) == bool(cond.get("answerBoolean")))
            continue
        if not given or key is None:
            results.append(None)
            continue
        want = cond[key]
        value_key = "value" + key[len("answer"):]
        values = [a.get(value_key) for a in given if value_key in a]
        if key == "answerCoding":
            values, want = [coding_key(v) for v in values], coding_key(want)
        try:
            hit = {
                "=": lambda v: v == want, "!=": lambda v: v != want,
                ">": lambda v: v > want, "<": lambda v: v < want,
                ">=": lambda v: v >= want, "<=": lambda v: v <= want,
            }[op]
            results.append(any(hit(v) for v in values))
        except (KeyError, TypeError):
            results.append(None)
    known = [r for r in results if r is not None]
    if item.get("enableBehavior") == "any":
        return True if any(known) else (None if None in results else False)
    return False if not all(known) else (None if None in results else True)


def check_response(r, q, index):
    problems = []
    if r.get("resourceType") != "QuestionnaireResponse":
        problems.append(f"resourceType is {r.get('resourceType')!r}, not 'QuestionnaireResponse'")
    if r.get("status") != "completed":
        problems.append(f"status is {r.get('status')!r}, not 'completed'")
    canonical = f"{q.get('url')}|{q.get('version')}"
    if r.get("questionnaire") != canonical:
        problems.append(f"questionnaire is {r.get('questionnaire')!r}, not {canonical!r}")

    answers_by_link = {}
    for where, item in walk(r.get("item")):
        answers_by_link.setdefault(item.get("linkId"), []).extend(item.get("answer") or [])

    siblings = {}
    for where, item in walk(r.get("item")):
        link = item.get("linkId")
        label = f"{where} ({link})"
        spec = index.get(link)
        if spec is None:
            problems.append(f"{label}: no item with this linkId in the Questionnaire")
            continue
        parent = where.rsplit("[", 1)[0]
        if (parent, link) in siblings and not spec.get("repeats"):
            problems.append(f"{label}: appears twice, but does not repeat")
        siblings[(parent, link)] = True

        kind, answers = spec.get("type"), item.get("answer") or []
        if kind == "coding":
            kind = "choice"  # already reported on the Questionnaire; check the answers as codings
        if len(answers) > 1 and not spec.get("repeats"):
            problems.append(f"{label}: {len(answers)} answers, but the item does not repeat")
        if kind in ("group", "display") and answers:
            problems.append(f"{label}: a {kind} item takes no answer")
        allowed = ANSWER_KEYS.get(kind, set())
        options = {coding_key(o["valueCoding"]) for o in spec.get("answerOption") or [] if "valueCoding" in o}
        for k, answer in enumerate(answers):
            keys = [key for key in answer if key.startswith("value")]
            for key in keys:
                if allowed and key not in allowed:
                    problems.append(f"{label}: answer[{k}].{key} does not fit a {kind} item ({', '.join(sorted(allowed))})")
            if "valueCoding" in answer and kind in CODED_TYPES and options:
                coding = answer["valueCoding"]
                if coding_key(coding) not in options:
                    problems.append(f"{label}: answer[{k}] {show(coding)} is not among the item's answerOptions")
            if "valueInteger" in answer and not is_int(answer["valueInteger"]):
                # The model turns "24" into 24; the JSON an EHR reads must hold a number.
                problems.append(f"{label}: answer[{k}].valueInteger {answer['valueInteger']!r} is not a JSON integer")

        if answers and enabled(spec, answers_by_link) is False:
            problems.append(f"{label}: answered, but its enableWhen is false for this response")

    rec = answers_by_link.get("recommendation", [])
    if not rec:
        problems.append("'recommendation' is not answered")
    return problems


def main(argv):
    if len(argv) < 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    q_path, r_paths = argv[1], argv[2:]
    passed = failed = 0

    def report(path, problems):
        nonlocal passed, failed
        if problems:
            failed += 1
            print(f"FAIL {path}: {len(problems)} problem{'s' if len(problems) > 1 else ''}: " + "; ".join(problems))
        else:
            passed += 1
            print(f"OK   {path}")

    try:
        q = load(q_path)
    except (OSError, ValueError) as e:
        print(f"fhir_check: cannot read {q_path} as JSON: {e}", file=sys.stderr)
        return 2
    problems = model_problems(Questionnaire, q)
    own, index = check_questionnaire(q) if isinstance(q, dict) else (["not a JSON object"], {})
    report(q_path, problems + own)

    for path in r_paths:
        try:
            r = load(path)
        except (OSError, ValueError) as e:
            report(path, [f"cannot read as JSON: {e}"])
            continue
        problems = model_problems(QuestionnaireResponse, r)
        if isinstance(r, dict) and isinstance(q, dict):
            problems += check_response(r, q, index)
        elif not isinstance(r, dict):
            problems.append("not a JSON object")
        report(path, problems)

    print(f"fhir_check: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
