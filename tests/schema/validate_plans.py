#!/usr/bin/python3
"""Validates every *.plan.json under a directory against schema/plan.schema.json.

Usage: validate_plans.py SCHEMA DIR
Exits nonzero if any plan is invalid (each failure is printed) or the schema itself is not a
valid JSON Schema. A directory without plans passes; the count checked is always printed.
"""
import json
import pathlib
import sys

import jsonschema


def load_validator(schema_path):
    schema = json.loads(pathlib.Path(schema_path).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def plan_errors(validator, path):
    """Returns the problems of one plan file as printable lines; [] when it is valid."""
    try:
        plan = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        return [f"cannot read: {err}"]
    errors = sorted(validator.iter_errors(plan), key=lambda e: list(e.absolute_path))
    return [f"{e.json_path}: {e.message}" for e in errors]


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    validator = load_validator(argv[1])
    plans = sorted(pathlib.Path(argv[2]).rglob("*.plan.json"))
    failed = 0
    for path in plans:
        errors = plan_errors(validator, path)
        if errors:
            failed += 1
            print(f"FAIL {path}")
            for line in errors:
                print(f"  {line}")
    print(f"checked {len(plans)} plan(s) under {argv[2]}: {failed} invalid")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
