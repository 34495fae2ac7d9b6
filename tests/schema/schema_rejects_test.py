#!/usr/bin/python3
"""Checks that plan.schema.json is strict: it accepts the sample plan, requires and describes
every property, and rejects plans broken in the ways FromJson rejects them.

Usage: schema_rejects_test.py SCHEMA SAMPLE_PLAN
"""
import copy
import json
import pathlib
import sys

import jsonschema


def set_at(plan, path, value):
    *parents, last = path
    node = plan
    for key in parents:
        node = node[key]
    if value is DELETE:
        del node[last]
    else:
        node[last] = value


DELETE = object()

# (what is broken, path, new value): each must make the sample invalid.
BROKEN = [
    ("wrong plan_version", ["plan_version"], 7),
    ("missing top-level key", ["supervisord"], DELETE),
    ("unknown top-level key", ["extra"], 1),
    ("unknown nested key", ["processes", 0, "stdout_log", "extra"], True),
    ("missing process key", ["processes", 0, "autostart"], DELETE),
    ("string for integer", ["processes", 0, "startsecs"], "1"),
    ("float for integer", ["processes", 0, "startsecs"], 1.5),
    ("string for boolean", ["processes", 0, "autostart"], "true"),
    ("null for required string", ["processes", 0, "command"], None),
    ("bad kind", ["processes", 0, "kind"], "daemon"),
    ("bad autorestart", ["processes", 0, "autorestart"], "yes"),
    ("bad logfile", ["processes", 0, "stderr_log", "logfile"], "AUTO"),
    ("bad family", ["servers", 0, "family"], "tcp"),
    ("bad loglevel", ["supervisord", "loglevel"], "warning"),
    ("exit code out of range", ["processes", 0, "exitcodes"], [256]),
    ("negative startsecs", ["processes", 0, "startsecs"], -1),
    ("zero numprocs", ["processes", 0, "numprocs"], 0),
    ("port out of range", ["servers", 0, "port"], 70000),
    ("umask out of range", ["supervisord", "umask"], 0o1000),
    ("non-string environment value", ["supervisord", "environment", "X"], 1),
    ("ctl of wrong type", ["ctl"], "none"),
    ("socket of wrong type", ["groups", 0, "socket"], []),
]


def object_schemas(node):
    if isinstance(node, dict):
        if "properties" in node:
            yield node
        for value in node.values():
            yield from object_schemas(value)
    elif isinstance(node, list):
        for value in node:
            yield from object_schemas(value)


def main(argv):
    schema = json.loads(pathlib.Path(argv[1]).read_text(encoding="utf-8"))
    sample = json.loads(pathlib.Path(argv[2]).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    problems = [f"sample invalid: {e.json_path}: {e.message}" for e in validator.iter_errors(sample)]
    for node in object_schemas(schema):
        props = node["properties"]
        if node.get("additionalProperties") is not False:
            problems.append(f"object {sorted(props)} allows additional properties")
        if sorted(node.get("required", [])) != sorted(props):
            problems.append(f"object {sorted(props)} does not require all its properties")
        problems += [f"property {name} has no description"
                     for name, prop in props.items() if "description" not in prop]
    for what, path, value in BROKEN:
        plan = copy.deepcopy(sample)
        set_at(plan, path, value)
        if validator.is_valid(plan):
            problems.append(f"schema accepts a plan with {what} at {path}")
    for line in problems:
        print(line)
    print(f"{len(BROKEN)} broken plans tried, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
