#!/usr/bin/env python3
"""Checks the JSON Schemas that `boundcheck rules schema` prints against real files:
every bundled rule file and every example must be accepted, broken ones refused.
Run by .ci/run (needs: pip install jsonschema pyyaml)."""
import datetime, glob, json, os, subprocess, sys

import jsonschema
import yaml

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "target/debug/boundcheck")


def normal(v, key=None):
    # PyYAML reads YAML 1.1, where `yes`, `no` and `No` are booleans; boundcheck (YAML 1.2)
    # reads them as text. `what_if` is the one true boolean.
    if isinstance(v, dict):
        return {({True: "yes", False: "no"}.get(k, k) if isinstance(k, bool) else str(k)): normal(x, k) for k, x in v.items()}
    if isinstance(v, list):
        return [normal(x) for x in v]
    if isinstance(v, bool) and key not in ("what_if", "private", "no_reply"):
        return "yes" if v else "no"
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    return v


def schema(kind):
    out = subprocess.run([binary, "rules", "schema", kind], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


failures = []
for kind, pattern in [("rules", "rules/*.yaml"), ("scenario", "examples/*.yaml")]:
    validator = jsonschema.Draft7Validator(schema(kind))
    files = sorted(glob.glob(os.path.join(root, pattern)))
    assert files, pattern
    for f in files:
        errors = list(validator.iter_errors(normal(yaml.safe_load(open(f)))))
        if errors:
            failures.append(f"{f}: {errors[0].message}")
    broken = {"rules": [{"id": "x", "findings": [{"id": "a", "level": "sometimes", "when": {}, "because": "b"}]},
                        {"id": "x", "findings": [{"id": "a", "level": "consult", "when": {"contact": "gfit"}, "because": "b"}]},
                        {"id": "x", "findings": [{"id": "a", "level": "consult", "when": {"afterhours": "yes"}, "because": "b"}]}],
              "scenario": [{"answers": {"contact": "gift"}, "expcet": {}},
                           {"answers": {"contact": "gfit"}},
                           {"answers": {"afterhours": None}},
                           {"answers": {"contact": "gift"}, "expect": {"findings": ["no-such-finding"]}}]}[kind]
    for b in broken:
        if not list(validator.iter_errors(b)):
            failures.append(f"the {kind} schema accepted a broken file: {b}")
    print(f"{kind} schema: {len(files)} files accepted, {len(broken)} broken ones refused")

if failures:
    print("\n".join(failures))
    sys.exit(1)
